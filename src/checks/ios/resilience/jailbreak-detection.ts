import { allExecutableTexts, importedOf, listSome } from '../binary-text-support.js';
import { defineIosCheck, executableLocation, infoPlistLocation, refs } from '../support.js';

/** Files and URL schemes that exist only on jailbroken devices (Cydia/Sileo/Zebra, Substrate, apt, sshd…). */
const ARTEFACT = /^(\/Applications\/(Cydia|Sileo|Zebra|blackra1n|FakeCarrier|Icy|IntelliScreen|MxTube|RockApp|SBSettings|WinterBoard)\.app\/?|\/Library\/MobileSubstrate\/.*|\/usr\/lib\/(libsubstrate|libhooker|substitute-loader|TweakInject)\.dylib|\/usr\/sbin\/sshd|\/usr\/bin\/sshd|\/usr\/libexec\/(sftp-server|ssh-keysign|cydia\/?.*)|\/bin\/(bash|sh)|\/etc\/apt\/?.*|\/private\/var\/lib\/(apt|cydia)\/?.*|\/private\/var\/(stash|tmp\/cydia\.log)|\/var\/lib\/cydia|\/var\/cache\/apt|\/\.(installed_unc0ver|bootstrapped_electra)|\/var\/jb\/?.*|\/private\/jailbreak\.txt|(cydia|sileo|zbra|undecimus|filza):\/\/.*)$/i;
/** File system calls and selectors that test for such a file, and the URL probe. */
const FILE_PROBES = ['_stat', '_lstat', '_stat64', '_access', '_fopen', '_open', '_opendir', '_statfs', '_realpath$DARWIN_EXTSN', '_realpath'];
const SELECTOR_PROBES = ['fileExistsAtPath:', 'fileExistsAtPath:isDirectory:', 'canOpenURL:', 'contentsOfDirectoryAtPath:error:'];
/**
 * Swift types of jailbreak-detection libraries, qualified by their module: they still show when the library
 * hides its artefact strings (IOSSecuritySuite obfuscates them in recent versions).
 */
const LIBRARY_TYPES = ['IOSSecuritySuite.JailbreakChecker'];

export default defineIosCheck({
  id: 'ios.resilience.jailbreak-detection',
  meta: {
    title: 'Jailbreak detection',
    family: 'resilience',
    kind: 'control',
    severity: 'medium',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-RESILIENCE-1'], maswe: ['MASWE-0051'], cwe: ['CWE-693'], dfs: ['APP-10', 'APP-54'] }),
    description:
      'A jailbroken device lets other code read the app\'s keychain and files and hook its functions; payment and banking apps are expected to notice and react. Passes when an executable contains paths or URL schemes that exist only on jailbroken devices (`/Applications/Cydia.app`, `/Library/MobileSubstrate/…`, `/bin/bash`, `/etc/apt`, `/usr/sbin/sshd`, `cydia://`…) **and** a way to probe them (imports of `stat`/`lstat`/`access`/`fopen`/`open`, or the selectors `fileExistsAtPath:` / `canOpenURL:`). Artefact strings alone, or probes alone, are not enough. Also passes when an executable declares the Swift types of a jailbreak-detection library (IOSSecuritySuite `JailbreakChecker`, read from the Swift type metadata), which stay visible when the library hides its strings; a linked library is not proof that the app calls it. Reports the absence otherwise. Commercial protectors that encrypt their strings are not recognised; how the app reacts is not judged.',
    manual: 'Run the app on a jailbroken device (or with the artefact paths created) and observe whether it warns, limits features or exits; look for the strings with `strings -a <binary> | grep -iE "cydia|substrate|/bin/bash|/etc/apt"`.',
    remediation: 'Check several independent jailbreak indicators (files, writable system paths, URL schemes, loaded dylibs) in native code, react on the server side too (e.g. step-up or refusal of payments), and combine with App Attest.',
  },
  run(ctx) {
    const { app } = ctx;
    let found = false;
    for (const t of allExecutableTexts(app)) {
      const library = LIBRARY_TYPES.filter((n) => t.swiftNames.includes(n));
      if (library.length > 0) {
        found = true;
        ctx.pass({
          message: `${t.exe.path} contains a jailbreak-detection library (${listSome(library)}).`,
          locations: [executableLocation(t.exe)],
          evidence: [`Swift types: ${listSome(library)}`],
        });
        continue;
      }
      const artefacts = t.strings.filter((s) => s.length < 200 && ARTEFACT.test(s));
      if (artefacts.length === 0) continue;
      const probes = [...importedOf(t.slices, FILE_PROBES), ...SELECTOR_PROBES.filter((s) => t.strings.includes(s))];
      if (probes.length === 0) continue;
      found = true;
      ctx.pass({
        message: `${t.exe.path} probes for jailbreak artefacts.`,
        locations: [executableLocation(t.exe)],
        evidence: [`artefacts: ${listSome(artefacts.map((s) => JSON.stringify(s)))}`, `probes: ${listSome(probes)}`],
      });
    }
    if (found) return;
    const main = app.executables.find((x) => x.kind === 'main');
    ctx.report({
      message: 'No jailbreak detection found: no executable both names jailbreak artefacts and probes the file system or URL schemes for them.',
      locations: [main ? executableLocation(main) : infoPlistLocation()],
      evidence: ['no jailbreak artefact strings (Cydia, MobileSubstrate, /bin/bash, /etc/apt, sshd, cydia://) together with stat/access/fopen/fileExistsAtPath:/canOpenURL:'],
    });
  },
});
