import type { AndroidApp } from '../../../app/android.js';
import { defineAndroidCheck, refs } from '../support.js';
import {
  appCalls, byMethod, callMatching, concludeControl, constInt, methodFacts, proofAt, quoteList, shortCall, type ApiRef, type Proof,
} from './resilience-support.js';
import { HOOK_INDICATOR, indicatorUses } from './indicators-support.js';
import { nativeStringProofs } from './native-probe-support.js';

/**
 * What turns such a string into a probe: reading process files (`/proc/self/maps`, thread names), class
 * lookups (is XposedBridge loadable?), stack inspection (an XposedBridge frame in a stack trace), package
 * queries (installer apps), commands, sockets, and the string comparisons that test what was read; in
 * that order of preference for the evidence.
 */
const PROBES: ApiRef[] = [
  ['Ljava/io/FileReader;', '<init>'],
  ['Ljava/io/FileInputStream;', '<init>'],
  ['Ljava/io/File;', '<init>'],
  ['Ljava/util/Scanner;', '<init>'],
  ['Ljava/nio/file/Files;', 'readAllLines'],
  ['Ljava/io/BufferedReader;', 'readLine'],
  ['Ljava/lang/Class;', 'forName'],
  ['Ljava/lang/ClassLoader;', 'loadClass'],
  ['Ljava/lang/Throwable;', 'getStackTrace'],
  ['Ljava/lang/Exception;', 'getStackTrace'],
  ['Ljava/lang/Thread;', 'getStackTrace'],
  ['Ljava/lang/StackTraceElement;', 'getClassName'],
  ['Landroid/content/pm/PackageManager;', 'getPackageInfo'],
  ['Landroid/content/pm/PackageManager;', 'getInstalledPackages'],
  ['Landroid/content/pm/PackageManager;', 'getInstalledApplications'],
  ['Landroid/content/pm/PackageManager;', 'getApplicationInfo'],
  ['Ljava/lang/Runtime;', 'exec'],
  ['Ljava/net/Socket;', 'connect'],
  ['Ljava/lang/String;', 'contains'],
  ['Ljava/lang/String;', 'indexOf'],
  ['Ljava/lang/String;', 'startsWith'],
  ['Ljava/lang/String;', 'endsWith'],
  ['Ljava/lang/String;', 'equals'],
  ['Ljava/lang/String;', 'equalsIgnoreCase'],
  ['Ljava/lang/String;', 'matches'],
];

/** frida-server's default listening ports. */
const FRIDA_PORTS = new Set([27042, 27043]);
const SOCKET_ADDRESS_APIS: ApiRef[] = [
  ['Ljava/net/InetSocketAddress;', '<init>'],
  ['Ljava/net/Socket;', '<init>'],
  ['Ljava/net/InetSocketAddress;', 'createUnresolved'],
];

function hookingProofs(app: AndroidApp): Proof[] {
  const proofs: Proof[] = [];
  for (const uses of byMethod(indicatorUses(app, HOOK_INDICATOR))) {
    const probe = callMatching(methodFacts(app, uses[0]!), PROBES);
    if (probe) proofs.push(proofAt(app, uses[0]!, `looks for hooking-framework traces ${quoteList(uses.map((u) => u.value))} (${shortCall(probe.classType, probe.name)})`));
  }
  for (const c of appCalls(app, ...SOCKET_ADDRESS_APIS)) {
    const port = c.args.map(constInt).find((v) => v !== undefined && FRIDA_PORTS.has(v));
    if (port !== undefined) proofs.push(proofAt(app, c, `connects to local port ${port} (frida-server default)`, 'InetSocketAddress.<init>'));
  }
  if (proofs.length === 0) for (const p of nativeStringProofs(app)) if (p.kind === 'hooking') proofs.push(p.proof);
  return proofs;
}

export default defineAndroidCheck({
  id: 'android.resilience.hooking-detection',
  meta: {
    title: 'Hooking framework detection (Frida, Xposed, Substrate)',
    family: 'resilience',
    kind: 'control',
    severity: 'low',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-RESILIENCE-4'], maswe: ['MASWE-0065'], cwe: ['CWE-693'], dfs: ['APP-10'] }),
    description: [
      'Frida, Xposed and Substrate inject code into the running app: they switch off pinning and root checks, read keys and PINs from memory and',
      'change transaction values. Detecting them raises the cost of such attacks and of automated fraud tooling.',
      '',
      'The check looks in the app\'s own bytecode for Frida/Xposed/Substrate traces ("frida", "gum-js-loop", "gmain", "linjector", `de.robv.android.xposed`,',
      '"XposedBridge", LSPosed/Riru/Zygisk, `com.saurik.substrate`) used in a method that reads process files, looks up classes, inspects stack traces,',
      'queries packages or compares strings, and for connections to frida-server\'s default port 27042;',
      'and, when the bytecode shows none, in native libraries for such strings next to a `/proc/...` path in a library that opens files and',
      'searches strings (reading `/proc/self/maps` for an injected agent). Libraries that are themselves a hooking toolkit (Frida gadget) are ignored.',
    ].join('\n'),
    manual:
      'Run the app under Frida (`frida -U -f <package>`) and with an Xposed/LSPosed module enabled: the app should notice and react. Statically, search the decompiled code and `strings` of the native libraries for the indicators above.',
    remediation:
      'Detect Frida (default ports, `/proc/self/maps` and thread names, injected libraries) and Xposed (class lookups, stack traces) in several places, natively as well as in Java, and report detections to the back end; combine with attestation and obfuscation so the checks are hard to remove.',
  },
  run(ctx) {
    const proofs = hookingProofs(ctx.app);
    concludeControl(ctx, proofs, {
      present: 'Hooking-framework detection found.',
      absent: 'No hooking-framework detection found: no Frida, Xposed or Substrate probes in the app\'s own code or native libraries.',
    });
  },
});
