import type { AndroidApp } from '../../../app/android.js';
import { defineAndroidCheck, refs } from '../support.js';
import {
  appCalls, appFieldReads, byMethod, concludeControl, constString, methodKey, probeIndex, proofAt, quoteList, shortCall,
  type ApiRef, type Proof,
} from './resilience-support.js';
import { ROOT_ARTIFACT, TEST_KEYS, indicatorUses } from './indicators-support.js';
import { attestationCalls } from './attestation-support.js';

/** APIs that look at the file system, run a command, or ask for an installed package. */
const PROBES: ApiRef[] = [
  ['Ljava/io/File;', '<init>'],
  ['Ljava/io/File;', 'exists'],
  ['Ljava/io/File;', 'canExecute'],
  ['Ljava/io/FileInputStream;', '<init>'],
  ['Ljava/lang/Runtime;', 'exec'],
  ['Ljava/lang/ProcessBuilder;', '<init>'],
  ['Ljava/lang/ProcessBuilder;', 'command'],
  ['Landroid/content/pm/PackageManager;', 'getPackageInfo'],
  ['Landroid/content/pm/PackageManager;', 'getApplicationInfo'],
  ['Landroid/content/pm/PackageManager;', 'getLaunchIntentForPackage'],
  ['Landroid/system/Os;', 'access'],
  ['Landroid/system/Os;', 'stat'],
];

/** Dedicated root-detection SDK (RootBeer) entry points, called from the app. */
const ROOT_SDK_PREFIX = 'Lcom/scottyab/rootbeer/';
const ROOT_SDK_CLASS = `${ROOT_SDK_PREFIX}RootBeer;`;

/** Class, name and descriptor back from a `methodKey` (`Lx/Y;->name(desc)ret`). */
function helperOf(key: string): { classType: string; name: string; descriptor: string } | undefined {
  const m = /^(L[^;]+;)->([^(]+)(\(.*)$/.exec(key);
  return m ? { classType: m[1]!, name: m[2]!, descriptor: m[3]! } : undefined;
}

function rootProofs(app: AndroidApp): Proof[] {
  const proofs: Proof[] = [];
  const probes = probeIndex(app, PROBES);
  const artifacts = byMethod(indicatorUses(app, ROOT_ARTIFACT));
  for (const uses of artifacts) {
    // 1. The artifact and the probe in one method: `new File("/system/xbin/su").exists()`.
    const probe = probes.get(methodKey(uses[0]!));
    if (!probe) continue;
    const values = uses.map((u) => u.value);
    proofs.push(proofAt(app, uses[0]!, `looks for root artifact${values.length > 1 ? 's' : ''} ${quoteList(values)} (${shortCall(probe.classType, probe.name)})`));
  }
  // 2. An artifact passed to an app method that probes: `doesFileExist("/system/app/Superuser.apk")`.
  //    Only file paths and package names (a bare "su" is too common a word to follow).
  const passedArtifacts = new Map<string, Set<string>>();
  for (const uses of artifacts) {
    const values = uses.map((u) => u.value).filter((v) => v.includes('/') || v.includes('.'));
    if (values.length > 0 && !probes.has(methodKey(uses[0]!))) passedArtifacts.set(methodKey(uses[0]!), new Set(values));
  }
  if (passedArtifacts.size > 0) {
    for (const [helperKey, inner] of probes) {
      const helper = helperOf(helperKey);
      if (!helper || !helper.descriptor.slice(0, helper.descriptor.indexOf(')')).includes('Ljava/lang/String;')) continue;
      for (const site of app.code.callsTo(helper.classType, helper.name, helper.descriptor)) {
        const wanted = passedArtifacts.get(methodKey(site));
        if (!wanted) continue;
        const passed = site.args.map(constString).filter((v): v is string => v !== undefined && wanted.has(v));
        if (passed.length > 0) proofs.push(proofAt(app, site, `passes root artifact ${quoteList(passed)} to ${helper.name}(), which calls ${shortCall(inner.classType, inner.name)}`));
      }
    }
  }
  // 3. Build.TAGS compared with "test-keys" in the same method.
  const tests = indicatorUses(app, TEST_KEYS);
  if (tests.length > 0) {
    const tagReaders = new Set(appFieldReads(app, 'Landroid/os/Build;', 'TAGS').map(methodKey));
    for (const u of tests) if (tagReaders.has(methodKey(u))) proofs.push(proofAt(app, u, 'compares Build.TAGS with "test-keys"'));
  }
  // 4. RootBeer called from the app (its own internal calls do not count).
  for (const c of appCalls(app, [ROOT_SDK_CLASS])) {
    if (c.target.name.startsWith('isRooted') && !c.classType.startsWith(ROOT_SDK_PREFIX)) {
      proofs.push(proofAt(app, c, `calls ${shortCall(c.target.classType, c.target.name)}() (RootBeer root detection)`, shortCall(c.target.classType, c.target.name)));
    }
  }
  // 5. Device-integrity attestation (Play Integrity / SafetyNet): the verdict says whether the device is rooted.
  for (const a of attestationCalls(app)) proofs.push(proofAt(app, a.site, `${a.api} (device integrity verdict, checked by the back end)`, a.call));
  return proofs;
}

export default defineAndroidCheck({
  id: 'android.resilience.root-detection',
  meta: {
    title: 'Root detection',
    family: 'resilience',
    kind: 'control',
    severity: 'medium',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-RESILIENCE-1'], maswe: ['MASWE-0051'], cwe: ['CWE-693'], dfs: ['APP-10', 'APP-54'] }),
    description: [
      'On a rooted device any app or user with root can read the app\'s private files, hook its code and defeat its other protections,',
      'so the DFS recommendations ask the app to notice a rooted device and refuse to run or limit what it offers.',
      '',
      'The check looks in the app\'s own bytecode (not in general-purpose SDKs) for:',
      '- root artifacts (su binaries, Superuser.apk, the SuperSU/Magisk daemons and packages, busybox, root-hiding apps) used as constant arguments',
      '  in a method that checks files (`File`, `Os.access/stat`), runs a command (`Runtime.exec`, `ProcessBuilder`) or asks the package manager,',
      '  or passed to an app method that does;',
      '- `Build.TAGS` compared with `"test-keys"` in the same method;',
      '- calls to the RootBeer library;',
      '- Play Integrity or SafetyNet attestation calls (the device-integrity verdict covers root, if the back end checks it).',
      '',
      'A pass lists where the probes are. Static evidence shows intent, not strength: local checks are easy to bypass with hooking, which is why attestation checked on the server matters (APP-10).',
      'When nothing is found the finding has no code location: it concerns the app as a whole.',
    ].join('\n'),
    manual:
      'Install the app on a rooted device or emulator image (e.g. with Magisk) and use it: it should warn, restrict or refuse to run. Statically, search the decompiled app code for su paths, `test-keys`, root manager package names, RootBeer or Play Integrity calls.',
    remediation:
      'Detect root at start-up and before sensitive operations (su binaries, root managers, test-keys, writable system partitions), preferably with a maintained library, and back it with Play Integrity attestation verified on the server; decide what the app does on a rooted device (refuse, or restrict and compensate, APP-54).',
  },
  run(ctx) {
    const proofs = rootProofs(ctx.app);
    concludeControl(ctx, proofs, {
      present: 'Root detection found in app code.',
      absent: 'No root detection found in the app\'s own code: no su/root-manager probes, no Build.TAGS "test-keys" test, no root-detection SDK and no Play Integrity/SafetyNet attestation.',
    });
  },
});
