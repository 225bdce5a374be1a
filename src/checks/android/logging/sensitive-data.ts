import type { AndroidApp } from '../../../app/android.js';
import type { CallSite, Value } from '../../../formats/dex/index.js';
import { methodLabel, reportByMethod, showValue, type CodeHit } from '../bytecode-support.js';
import { describePieces, judgeContent, termsOf, type SensitivePiece } from '../storage/sensitive-values-support.js';
import { concatenationParts } from '../storage/value-flow-support.js';
import { defineAndroidCheck, isLibrary, refs } from '../support.js';

/** A logging call and the argument (receiver first) that carries the message. */
interface LogSink {
  site: CallSite;
  arg: number;
  /** `Log.d`, `System.out.println`, … */
  call: string;
}

const LOG = 'Landroid/util/Log;';
const PRINT_STREAM = 'Ljava/io/PrintStream;';
const TIMBER = 'Ltimber/log/Timber;';
/** At most this many calls of one logging wrapper are followed (wrappers of big apps have thousands). */
const MAX_WRAPPER_CALLERS = 300;

function logSinks(app: AndroidApp): LogSink[] {
  const code = app.code;
  const out: LogSink[] = [];
  for (const name of ['v', 'd', 'i', 'w', 'e', 'wtf']) {
    for (const s of code.callsTo(LOG, name)) {
      const p = s.target.proto.params;
      if (p[0] === 'Ljava/lang/String;' && p[1] === 'Ljava/lang/String;') out.push({ site: s, arg: 1, call: `Log.${name}` });
    }
    for (const s of code.callsTo(TIMBER, name)) {
      const p = s.target.proto.params;
      const arg = p[0] === 'Ljava/lang/String;' ? 0 : p[1] === 'Ljava/lang/String;' ? 1 : -1;
      if (arg >= 0) out.push({ site: s, arg, call: `Timber.${name}` });
    }
  }
  for (const s of code.callsTo(LOG, 'println', '(ILjava/lang/String;Ljava/lang/String;)I')) out.push({ site: s, arg: 2, call: 'Log.println' });
  for (const name of ['println', 'print', 'printf', 'format']) {
    for (const s of code.callsTo(PRINT_STREAM, name)) {
      const recv = s.args[0];
      // Only the process's standard streams reach logcat (as System.out / System.err).
      if (recv?.k !== 'field' || recv.field.classType !== 'Ljava/lang/System;' || (recv.field.name !== 'out' && recv.field.name !== 'err')) continue;
      if (s.target.proto.params.length === 0) continue;
      const first = s.target.proto.params[0];
      const arg = first === 'Ljava/util/Locale;' ? 2 : 1;
      out.push({ site: s, arg, call: `System.${recv.field.name}.${name}` });
    }
  }
  return out;
}

function severityOf(pieces: readonly SensitivePiece[]): 'high' | 'medium' {
  return pieces.some((p) => !p.fromLabel) ? 'high' : 'medium';
}

export default defineAndroidCheck({
  id: 'android.logging.sensitive-data',
  meta: {
    title: 'Sensitive data written to the system log',
    family: 'logging',
    kind: 'weakness',
    severity: 'high',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-STORAGE-2'], maswe: ['MASWE-0005'], cwe: ['CWE-532'], dfs: ['APP-11', 'APP-31'] }),
    description: [
      'Finds log calls in the app\'s own code — `android.util.Log.v/d/i/w/e/wtf/println`, `System.out/err.print*` (which Android sends to logcat) and Timber — whose message carries sensitive data. The message is split into its pieces (string concatenations are followed) and a piece is sensitive when its own name says so: a field such as `password`, a getter such as `getPin()`, a lookup key such as `getStringExtra("newpass")`, or the view id of the text field it was typed into (`R.id.card_number`). Constant text that names a secret (`"password is: "`, `"credit card: "`, `"OTP: "`) counts when the message also carries data, so a fixed message such as "Invalid PIN" is not reported, nor is an exception message or a count next to such a word. One level of logging wrapper is followed: when the message is a parameter of the app\'s own method, the calls of that method are examined.',
      '',
      'Logcat is readable over adb by anyone holding the phone, by apps with `READ_LOGS` on older or rooted devices, and ends up in bug reports and crash tools. **High** when the data itself is named as a secret; **medium** when only the text around it is.',
      '',
      'Scope: the app\'s own code only. Libraries\' generic logging (including a hybrid framework\'s) is not reported. `printStackTrace` is not reported (it prints exceptions, not data). Obfuscated names, data reaching the log through collections or other classes\' parameters, and log calls removed by R8 rules are not seen.',
    ].join('\n'),
    manual:
      'Run `adb logcat` while logging in, paying and changing the PIN with recognisable test values, and search the output for them. Decompile the reported method to see what is concatenated into the message.',
    remediation:
      'Never log credentials, PINs, card data, OTPs, tokens or personal data. Remove debug logging from release builds (R8 `-assumenosideeffects class android.util.Log { *; }`), and log only identifiers that are meaningless outside the back end.',
  },
  run(ctx) {
    const { app } = ctx;
    const code = app.code;
    const hits: CodeHit[] = [];
    const wrappers = new Map<string, { site: CallSite; param: number; call: string }>();
    for (const sink of logSinks(app)) {
      const s = sink.site;
      if (isLibrary(app, s.classType)) continue;
      const parts = concatenationParts(code, s, sink.arg);
      const verdict = judgeContent(app, parts);
      if (verdict.pieces.length > 0) {
        hits.push(hitFor(s, sink.call, parts, verdict.pieces));
        continue;
      }
      const param = parts.find((p): p is Extract<Value, { k: 'param' }> => p.k === 'param');
      if (param) wrappers.set(`${s.classType}->${s.method.name}${s.method.descriptor}#${param.index}`, { site: s, param: param.index, call: sink.call });
    }
    // One level of wrapper (`static void debug(String msg) { Log.d(TAG, msg); }`): judge what callers pass.
    for (const w of wrappers.values()) {
      const callers = code.callsTo(w.site.classType, w.site.method.name, w.site.method.descriptor);
      for (const c of callers.slice(0, MAX_WRAPPER_CALLERS)) {
        if (isLibrary(app, c.classType)) continue;
        const parts = concatenationParts(code, c, w.param);
        const verdict = judgeContent(app, parts);
        if (verdict.pieces.length === 0) continue;
        hits.push(hitFor(c, `${methodLabel(w.site.classType, w.site.method)} → ${w.call}`, parts, verdict.pieces));
      }
    }
    reportByMethod(ctx, hits, (method, g) => `${method} writes ${[...new Set(g.map((h) => h.label))].join(', ')} to the system log.`);
  },
});

function hitFor(s: CallSite, call: string, parts: readonly Value[], pieces: readonly SensitivePiece[]): CodeHit {
  const shown = parts.map((p) => showValue(p)).join(' + ');
  return {
    place: s, target: s.target,
    evidence: `${call}(…, ${shown.length > 160 ? `${shown.slice(0, 160)}…` : shown}): ${describePieces(pieces)}`,
    label: termsOf(pieces),
    severity: severityOf(pieces),
  };
}
