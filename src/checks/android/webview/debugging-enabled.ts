import type { CodeIndex, MethodRef } from '../../../formats/dex/index.js';
import {
  accessedField, decodeMethod, indexAt, reportByMethod, type CodeHit, type DecodedMethod,
} from '../bytecode-support.js';
import { defineAndroidCheck, refs } from '../support.js';
import { isFalse, isTrue, scopeNote, webViewCalls } from './webview-support.js';

// ApplicationInfo.FLAG_DEBUGGABLE (android.content.pm.ApplicationInfo): set when the manifest says debuggable.
const FLAG_DEBUGGABLE = 0x2;
/** How far back from the call a guard is looked for (instructions). */
const GUARD_WINDOW = 60;

type Guard = 'debuggable-flag' | 'build-config';

/**
 * Whether the instructions before `at` test the app's debuggable flag (`getApplicationInfo().flags & 2`) or
 * a non-inlined `BuildConfig.DEBUG`, the usual ways to limit remote debugging to debug builds.
 */
function guardBefore(d: DecodedMethod, at: number): Guard | undefined {
  let sawFlags = false;
  for (let i = Math.max(0, at - GUARD_WINDOW); i < at; i++) {
    const ins = d.insns[i]!;
    if (ins.name.startsWith('iget') || ins.name.startsWith('sget')) {
      const f = accessedField(d, ins);
      if (f?.classType === 'Landroid/content/pm/ApplicationInfo;' && f.name === 'flags') sawFlags = true;
      if (f && f.name === 'DEBUG' && f.classType.endsWith('/BuildConfig;')) return 'build-config';
    }
    if (sawFlags && ins.name.startsWith('and-int/lit') && ins.literal === FLAG_DEBUGGABLE) return 'debuggable-flag';
  }
  return undefined;
}

/** The guard around a call: in its own method, or around every call of that method (one level up). */
function guardOf(code: CodeIndex, classType: string, method: MethodRef, pc: number): Guard | undefined {
  const d = decodeMethod(code, classType, method);
  if (d) {
    const g = guardBefore(d, indexAt(d, pc));
    if (g) return g;
  }
  const callers = code.callsTo(classType, method.name, method.descriptor);
  if (callers.length === 0 || callers.length > 8) return undefined;
  let found: Guard | undefined;
  for (const c of callers) {
    const cd = decodeMethod(code, c.classType, c.method);
    const g = cd ? guardBefore(cd, indexAt(cd, c.pc)) : undefined;
    if (!g) return undefined;
    found = g;
  }
  return found;
}

export default defineAndroidCheck({
  id: 'android.webview.debugging-enabled',
  meta: {
    title: 'WebView remote debugging enabled',
    family: 'webview',
    kind: 'weakness',
    severity: 'high',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-RESILIENCE-4'], maswe: ['MASWE-0063'], cwe: ['CWE-489'], dfs: ['APP-11', 'APP-41'] }),
    description: [
      'Finds `WebView.setWebContentsDebuggingEnabled(true)`. With it, anyone who can reach the phone over USB/adb can open `chrome://inspect`, read every page, cookie and local-storage value of the app\'s WebViews, and run JavaScript in them — on any release build and any unrooted device.',
      '',
      'A call guarded by a debug-build test (`getApplicationInfo().flags & FLAG_DEBUGGABLE`, or a `BuildConfig.DEBUG` that was not inlined) in the calling method or around every call of that method is effective only when the app is debuggable: it is reported (medium) when the audited build **is** debuggable, and not at all otherwise. An unguarded constant `true` is **high**. A non-constant argument without such a guard is reported as medium.',
      '',
      'Scope: the app\'s own code and its hybrid framework (Cordova enables it for debuggable builds); other bundled SDKs are not reported.',
    ].join('\n'),
    manual:
      'Install the app, open a WebView screen, and look for it in `chrome://inspect/#devices` on a computer with the phone connected over adb. Decompile the reported method to see the argument and any debug-build condition around the call.',
    remediation:
      'Remove the call from release code, or pass `false`; if needed during development, wrap it in `if (BuildConfig.DEBUG)` (inlined by the compiler, so it disappears from release builds) and ship only release builds (`android:debuggable` absent).',
  },
  run(ctx) {
    const { app } = ctx;
    const code = app.code;
    const debuggable = app.manifest.application.debuggable === true;
    const hits: CodeHit[] = [];
    for (const s of webViewCalls(app, 'setWebContentsDebuggingEnabled', '(Z)V')) {
      const arg = s.args[0];
      if (isFalse(arg)) continue;
      const guard = guardOf(code, s.classType, s.method, s.pc);
      const constant = isTrue(arg);
      if (guard) {
        if (!debuggable) continue;
        hits.push({
          place: s, target: s.target,
          evidence: `WebView.setWebContentsDebuggingEnabled(${constant ? 'true' : '…'}) under a ${guard === 'debuggable-flag' ? 'FLAG_DEBUGGABLE' : 'BuildConfig.DEBUG'} test; this build is debuggable (android:debuggable="true"), so debugging is on`,
          label: 'guarded', severity: 'medium',
        });
        continue;
      }
      hits.push({
        place: s, target: s.target,
        evidence: constant
          ? 'WebView.setWebContentsDebuggingEnabled(true) with no debug-build condition'
          : 'WebView.setWebContentsDebuggingEnabled(<value computed at run time>) with no debug-build condition',
        label: constant ? 'always' : 'computed', severity: constant ? 'high' : 'medium',
      });
    }
    reportByMethod(ctx, hits, (method, g) => {
      const where = `${method}${scopeNote(app, g[0]!.place.classType)}`;
      if (g.every((h) => h.label === 'guarded')) return `${where} enables WebView remote debugging for debuggable builds, and this build is debuggable.`;
      if (g.every((h) => h.label === 'computed')) return `${where} may enable WebView remote debugging (the value is computed at run time).`;
      return `${where} enables WebView remote debugging: any WebView content can be inspected and scripted over adb.`;
    });
  },
});
