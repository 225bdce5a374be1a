import { importedOf, listSome, sourceName } from '../binary-text-support.js';
import { allExecutableTexts } from '../binary-text-support.js';
import { defineIosCheck, executableLocation, infoPlistLocation, refs } from '../support.js';

/**
 * Names only hooking and instrumentation frameworks use: Cydia Substrate / Substitute / libhooker tweak
 * loaders, Cycript, Frida (its gadget library, its JavaScript thread `gum-js-loop`, its agent and server),
 * and SSL Kill Switch (a tweak that disables certificate validation).
 */
const HOOK_MARKERS = ['MobileSubstrate', 'SubstrateLoader', 'libsubstrate', 'substitute-loader', 'libhooker', 'TweakInject', 'libcycript', 'cycript', 'gum-js-loop', 'SSLKillSwitch'];
/** "frida" as a word or name part (`frida-server`, `FridaGadget`, `re.frida.server`), not inside "Friday". */
const FRIDA = /(^|[^A-Za-z])[Ff]rida($|[^a-z])/;

/**
 * What code does with such a name: walk the loaded images (`_dyld_image_count` + `_dyld_get_image_name`),
 * try to load or find a library (`dlopen`), probe the file system (`stat`/`access`/`fopen`/`open`,
 * `fileExistsAtPath:`), or connect to Frida's default port 27042 (`connect`; the port is an immediate).
 */
const PROBE_IMPORTS = ['__dyld_image_count', '__dyld_get_image_name', '_dlopen', '_stat', '_lstat', '_access', '_fopen', '_open', '_connect'];
const PROBE_SELECTORS = ['fileExistsAtPath:'];
/** Swift types of anti-hooking libraries, qualified by their module (IOSSecuritySuite's hook and tool checkers). */
const LIBRARY_TYPES = ['IOSSecuritySuite.ReverseEngineeringToolsChecker', 'IOSSecuritySuite.RuntimeHookChecker', 'IOSSecuritySuite.MSHookFunctionChecker', 'IOSSecuritySuite.FishHookChecker'];

/** A string naming a hooking framework; short strings only (long ones are prose, e.g. licence text). */
function markerOf(s: string): string | undefined {
  if (s.length > 200) return undefined;
  return HOOK_MARKERS.find((m) => s.includes(m)) ?? (FRIDA.test(s) ? 'frida' : undefined);
}

export default defineIosCheck({
  id: 'ios.resilience.hooking-detection',
  meta: {
    title: 'Hooking framework detection',
    family: 'resilience',
    kind: 'control',
    severity: 'low',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-RESILIENCE-4'], maswe: ['MASWE-0065'], cwe: ['CWE-693'], dfs: ['APP-10'] }),
    description:
      "Hooking frameworks (Cydia Substrate and its successors, Frida, Cycript, SSL Kill Switch) let an attacker replace the app's functions at run time: skip the PIN check, read decrypted data, disable certificate validation. Passes when an executable holds a name that only such a framework uses (`MobileSubstrate`, `SubstrateLoader`, `libcycript`, `frida`, `FridaGadget`, `gum-js-loop`, `SSLKillSwitch`, `/Library/MobileSubstrate/DynamicLibraries`…) **and** imports a way to look for it: enumerating the loaded images (`_dyld_image_count`/`_dyld_get_image_name`), `dlopen`, file probes (`stat`/`access`/`fopen`/`open` or `fileExistsAtPath:`) or `connect` (Frida's port 27042). Names or probes alone do not pass. Also passes when an executable declares the Swift types of an anti-hooking library (IOSSecuritySuite `ReverseEngineeringToolsChecker`, `RuntimeHookChecker`, `MSHookFunctionChecker`, `FishHookChecker`, read from the Swift type metadata); a linked library is not proof that the app calls it. Reports the absence otherwise. Obfuscated or encrypted strings (commercial protectors) are not recognised; how the app reacts is not judged. A jailbreak check probing `/Library/MobileSubstrate/…` also counts, because that finds the tweak loader.",
    manual:
      'Run `strings <binary> | grep -iE "substrate|frida|cycript|gum-js-loop|SSLKillSwitch"` and `llvm-nm -u <binary> | grep -E "dyld_image|dlopen|connect"`; then run the app under Frida (`frida -U -f <bundle id>`) on a test device and check whether it notices.',
    remediation:
      'Detect instrumentation at start-up and periodically: scan loaded images for Substrate/Frida libraries, look for Frida threads and its default port, verify critical functions have not been patched, and react server-side (e.g. refuse the session) rather than with an easily patched local branch.',
  },
  run(ctx) {
    const { app } = ctx;
    let found = false;
    for (const t of allExecutableTexts(app)) {
      const library = LIBRARY_TYPES.filter((n) => t.swiftNames.includes(n));
      if (library.length > 0) {
        found = true;
        ctx.pass({
          message: `${t.exe.path} contains an anti-hooking library (${listSome(library, 4)}).`,
          locations: [executableLocation(t.exe)],
          evidence: [`${t.exe.path}: Swift types ${listSome(library, 4)}`],
        });
        continue;
      }
      const markers: string[] = [];
      for (const s of t.strings) if (markerOf(s) !== undefined && markers.length < 50) markers.push(s);
      if (markers.length === 0) continue;
      const probes = [...importedOf(t.slices, PROBE_IMPORTS), ...PROBE_SELECTORS.filter((s) => t.strings.includes(s))];
      if (probes.length === 0) continue;
      found = true;
      ctx.pass({
        message: `${t.exe.path} looks for hooking frameworks (${listSome([...new Set(markers.map((m) => markerOf(m)!))], 4)}) with ${listSome(probes.map(sourceName), 4)}.`,
        locations: [executableLocation(t.exe, probes[0]!.startsWith('_') ? probes[0] : undefined)],
        evidence: [`${t.exe.path}: strings ${listSome(markers.map((m) => `"${m}"`), 5)}`, `${t.exe.path}: probes: ${probes.join(', ')}`],
      });
    }
    if (found) return;
    const main = app.executables.find((x) => x.kind === 'main');
    ctx.report({
      message: 'No hooking detection found: no executable both names a hooking framework (Substrate, Frida, Cycript, SSL Kill Switch) and probes for it.',
      locations: [main ? executableLocation(main) : infoPlistLocation()],
      evidence: ['no string naming Substrate/Frida/Cycript/SSLKillSwitch together with _dyld_get_image_name, dlopen, stat/access/fopen, fileExistsAtPath: or connect'],
    });
  },
});
