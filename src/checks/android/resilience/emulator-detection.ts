import type { AndroidApp } from '../../../app/android.js';
import { defineAndroidCheck, refs } from '../support.js';
import {
  appFieldReads, byMethod, concludeControl, methodKey, probeIndex, proofAt, quoteList, shortCall, type ApiRef, type Proof,
} from './resilience-support.js';
import { BUILD_EMULATOR_VALUE, EMULATOR_ARTIFACT, TELEPHONY_EMULATOR_VALUE, indicatorUses } from './indicators-support.js';

/** `android.os.Build` fields whose values give an emulator away. */
const BUILD_FIELDS = ['FINGERPRINT', 'MODEL', 'MANUFACTURER', 'HARDWARE', 'PRODUCT', 'BRAND', 'DEVICE', 'BOARD'];

/** APIs that read files or system properties, or run `getprop`. */
const ARTIFACT_PROBES: ApiRef[] = [
  ['Ljava/io/File;', '<init>'],
  ['Ljava/io/File;', 'exists'],
  ['Ljava/io/FileInputStream;', '<init>'],
  ['Ljava/io/FileReader;', '<init>'],
  ['Ljava/lang/Runtime;', 'exec'],
  ['Ljava/lang/ProcessBuilder;', '<init>'],
  ['Ljava/lang/System;', 'getProperty'],
  ['Ljava/lang/Class;', 'forName'],
  ['Ljava/lang/reflect/Method;', 'invoke'],
  ['Landroid/os/SystemProperties;', 'get'],
  ['Landroid/system/Os;', 'access'],
];

/** TelephonyManager values the emulator fills with well-known defaults. */
const TELEPHONY_PROBES: ApiRef[] = [
  ['Landroid/telephony/TelephonyManager;', 'getLine1Number'],
  ['Landroid/telephony/TelephonyManager;', 'getDeviceId'],
  ['Landroid/telephony/TelephonyManager;', 'getSubscriberId'],
  ['Landroid/telephony/TelephonyManager;', 'getNetworkOperatorName'],
];

function emulatorProofs(app: AndroidApp): Proof[] {
  const proofs: Proof[] = [];
  // Build.* read and compared with an emulator value in the same method.
  // Build.* read and compared with an emulator value in the same method.
  const buildReaders = new Map<string, Set<string>>();
  for (const name of BUILD_FIELDS) {
    for (const a of appFieldReads(app, 'Landroid/os/Build;', name)) {
      const k = methodKey(a);
      const set = buildReaders.get(k) ?? new Set<string>();
      set.add(name);
      buildReaders.set(k, set);
    }
  }
  for (const uses of byMethod(indicatorUses(app, BUILD_EMULATOR_VALUE))) {
    const fields = buildReaders.get(methodKey(uses[0]!));
    if (fields) proofs.push(proofAt(app, uses[0]!, `compares Build.${[...fields].join('/')} with emulator values ${quoteList(uses.map((u) => u.value))}`));
  }
  const artifactProbes = probeIndex(app, ARTIFACT_PROBES);
  for (const uses of byMethod(indicatorUses(app, EMULATOR_ARTIFACT))) {
    const probe = artifactProbes.get(methodKey(uses[0]!));
    if (probe) proofs.push(proofAt(app, uses[0]!, `probes emulator artifacts ${quoteList(uses.map((u) => u.value))} (${shortCall(probe.classType, probe.name)})`));
  }
  const telephonyProbes = probeIndex(app, TELEPHONY_PROBES);
  for (const uses of byMethod(indicatorUses(app, TELEPHONY_EMULATOR_VALUE))) {
    const probe = telephonyProbes.get(methodKey(uses[0]!));
    if (probe) proofs.push(proofAt(app, uses[0]!, `compares ${shortCall(probe.classType, probe.name)}() with the emulator defaults ${quoteList(uses.map((u) => u.value))}`));
  }
  return proofs;
}

export default defineAndroidCheck({
  id: 'android.resilience.emulator-detection',
  meta: {
    title: 'Emulator detection',
    family: 'resilience',
    kind: 'control',
    severity: 'low',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-RESILIENCE-1'], maswe: ['MASWE-0053'], cwe: ['CWE-693'], dfs: ['APP-10'] }),
    description: [
      'Emulators give an analyst full control of the device (root, snapshots, instrumentation) and are used to run app farms for fraud.',
      'A DFS app is expected to notice that it runs in one and react (refuse, or flag the session to the back end).',
      '',
      'The check looks in the app\'s own bytecode (not in general-purpose SDKs) for:',
      '- `android.os.Build` fields (FINGERPRINT, MODEL, MANUFACTURER, HARDWARE, PRODUCT, BRAND, DEVICE, BOARD) read in a method that also uses an emulator value',
      '  (`generic`, `goldfish`, `ranchu`, `sdk_gphone`, `google_sdk`, `Emulator`, `Android SDK built for x86`, `Genymotion`, `vbox86p`, …);',
      '- emulator files and properties (`/dev/qemu_pipe`, `ro.kernel.qemu`, goldfish/ranchu init files, Genymotion and VirtualBox devices) in a method that checks files, reads properties or runs a command;',
      '- the emulator\'s default phone number or IMEI compared with TelephonyManager values.',
      'Play Integrity\'s device verdict also fails on emulators; see `android.resilience.play-integrity`.',
    ].join('\n'),
    manual:
      'Run the app on a stock Android emulator image and on Genymotion: it should warn, refuse or restrict. Statically, search the decompiled code for `Build.FINGERPRINT`/`Build.HARDWARE` tests and qemu/goldfish strings.',
    remediation:
      'Check several emulator indicators (Build properties, QEMU/goldfish files and properties, sensors and telephony) at start-up and before sensitive operations, and back them with Play Integrity device verdicts checked on the server.',
  },
  run(ctx) {
    const proofs = emulatorProofs(ctx.app);
    concludeControl(ctx, proofs, {
      present: 'Emulator detection found in app code.',
      absent: 'No emulator detection found in the app\'s own code: no Build.* comparison with emulator values and no QEMU/goldfish/Genymotion artifact probes.',
    });
  },
});
