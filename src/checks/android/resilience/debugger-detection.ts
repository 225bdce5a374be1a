import type { AndroidApp } from '../../../app/android.js';
import { defineAndroidCheck, refs } from '../support.js';
import {
  appCalls, appFieldReads, callMatching, concludeControl, maskedWith, methodFacts, proofAt, shortCall, type ApiRef, type Proof,
} from './resilience-support.js';
import { TRACER_PID, indicatorUses } from './indicators-support.js';
import { nativeImportProofs, nativeStringProofs } from './native-probe-support.js';

/** ApplicationInfo.FLAG_DEBUGGABLE (android.content.pm.ApplicationInfo). */
const FLAG_DEBUGGABLE = 0x2;

/** Reading a /proc file line by line, or testing a line: what turns the "TracerPid" constant into a probe. */
const STATUS_READERS: ApiRef[] = [
  ['Ljava/io/FileReader;', '<init>'],
  ['Ljava/io/FileInputStream;', '<init>'],
  ['Ljava/io/BufferedReader;', 'readLine'],
  ['Ljava/util/Scanner;', '<init>'],
  ['Ljava/nio/file/Files;', 'readAllLines'],
  ['Ljava/lang/String;', 'startsWith'],
  ['Ljava/lang/String;', 'contains'],
  ['Ljava/lang/String;', 'indexOf'],
];

function debuggerProofs(app: AndroidApp): Proof[] {
  const proofs: Proof[] = [];
  for (const c of appCalls(app, ['Landroid/os/Debug;', 'isDebuggerConnected'], ['Landroid/os/Debug;', 'waitingForDebugger'])) {
    proofs.push(proofAt(app, c, `calls Debug.${c.target.name}()`, shortCall(c.target.classType, c.target.name)));
  }
  // getApplicationInfo().flags & FLAG_DEBUGGABLE: the app was repackaged as debuggable.
  for (const a of appFieldReads(app, 'Landroid/content/pm/ApplicationInfo;', 'flags')) {
    if (maskedWith(app, a, FLAG_DEBUGGABLE, a.pc)) proofs.push(proofAt(app, a, 'tests ApplicationInfo.flags & FLAG_DEBUGGABLE (0x2)'));
  }
  // "TracerPid:" in /proc/self/status is non-zero while a (native) debugger is attached via ptrace.
  for (const u of indicatorUses(app, TRACER_PID)) {
    if (callMatching(methodFacts(app, u), STATUS_READERS)) proofs.push(proofAt(app, u, `reads "${u.value}" from /proc/self/status (ptrace tracer of the process)`));
  }
  // Native anti-debugging: self-ptrace (fork + ptrace) or a TracerPid test in a native library.
  for (const p of nativeImportProofs(app)) if (p.kind === 'anti-debug') proofs.push(p.proof);
  if (proofs.length === 0) for (const p of nativeStringProofs(app)) if (p.kind === 'anti-debug') proofs.push(p.proof);
  return proofs;
}

export default defineAndroidCheck({
  id: 'android.resilience.debugger-detection',
  meta: {
    title: 'Debugger detection',
    family: 'resilience',
    kind: 'control',
    severity: 'low',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-RESILIENCE-4'], maswe: ['MASWE-0064'], cwe: ['CWE-693'], dfs: ['APP-10'] }),
    description: [
      'An attacker who repackages the app as debuggable, or attaches a native debugger, can step through the PIN and transaction logic and change values at run time.',
      'Anti-debugging makes that harder and signals analysis to the app.',
      '',
      'The check looks in the app\'s own bytecode for `Debug.isDebuggerConnected()` / `Debug.waitingForDebugger()` calls,',
      'for `ApplicationInfo.flags` tested against `FLAG_DEBUGGABLE` (0x2) in the same method (walking that method\'s instructions for the mask),',
      'and for the `TracerPid` field of `/proc/self/status`; and in the native libraries for the self-ptrace pattern',
      '(`ptrace` imported together with `fork` or `getppid`, as used to occupy the tracer slot) or, when nothing else was found, a `TracerPid` string.',
      'Native libraries are not attributed to an SDK (they carry no namespace), so the native evidence is reported as such for the auditor to confirm.',
    ].join('\n'),
    manual:
      'Repackage the app with `android:debuggable="true"` (or use a userdebug device) and attach Android Studio or `jdb`; attach `gdbserver`/`lldb-server` to the process. The app should notice and react.',
    remediation:
      'Check `Debug.isDebuggerConnected()` and `FLAG_DEBUGGABLE` periodically and before sensitive operations, read `TracerPid`, and consider native anti-debugging; react by ending the session and informing the back end.',
  },
  run(ctx) {
    const proofs = debuggerProofs(ctx.app);
    concludeControl(ctx, proofs, {
      present: 'Debugger detection found.',
      absent: 'No debugger detection found: no Debug.isDebuggerConnected()/waitingForDebugger(), no FLAG_DEBUGGABLE test and no TracerPid or native ptrace anti-debugging in the app\'s own code.',
    });
  },
});
