import type { AndroidApp } from '../../../app/android.js';
import type { CallSite, Value } from '../../../formats/dex/index.js';
import type { Severity } from '../../../findings/types.js';
import { methodKey, quote, reportByMethod, showValue, type CodeHit } from '../bytecode-support.js';
import { defineAndroidCheck, refs } from '../support.js';
import { inAppScope } from './code-scope-support.js';
import { secretNamed } from './sensitive-names-support.js';
import { secretOfValue } from './sensitive-values-support.js';

const CLIPBOARDS = ['Landroid/content/ClipboardManager;', 'Landroid/text/ClipboardManager;'];
const CLIP_DATA = 'Landroid/content/ClipData;';
// ClipDescription.EXTRA_IS_SENSITIVE (API 33): hides the clip from the clipboard preview and keyboards.
const EXTRA_IS_SENSITIVE = 'android.content.extra.IS_SENSITIVE';

/** The label and text of a clip built with ClipData.newPlainText/newHtmlText (or the text of setText). */
function clipParts(v: Value | undefined): { label?: Value; text?: Value } {
  if (v?.k === 'ret' && v.method.classType === CLIP_DATA && v.method.name.startsWith('new')) {
    const [label, text] = v.args;
    return { ...(label ? { label } : {}), ...(text ? { text } : {}) };
  }
  return v ? { text: v } : {};
}

function sensitivityOf(app: AndroidApp, label: Value | undefined, text: Value | undefined): { severity: Severity; why: string } {
  const own = secretOfValue(app, text);
  if (own) return { severity: 'high', why: `the text is ${own.label}` };
  const named = label?.k === 'str' ? secretNamed(label.v) : undefined;
  if (named && label?.k === 'str') return { severity: 'high', why: `the clip label ${quote(label.v)} names a ${named}` };
  if (text?.k === 'str') return { severity: 'low', why: 'a constant text' };
  return { severity: 'medium', why: 'data computed at run time' };
}

export default defineAndroidCheck({
  id: 'android.storage.clipboard',
  meta: {
    title: 'Data copied to the clipboard',
    family: 'storage',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-PLATFORM-1'], maswe: ['MASWE-0030'], cwe: ['CWE-200'], dfs: ['APP-27', 'APP-28'] }),
    description: [
      'Finds the app putting data on the system clipboard: `ClipboardManager.setPrimaryClip(…)` and the old `setText(…)`. Before Android 10 any app can read the clipboard in the background; on every version keyboards and clipboard managers keep a history, and the clip syncs to other devices of the user.',
      '',
      'Severity: **high** when what is copied is named as a secret (a PIN field, text typed in `R.id.password`, a clip labelled "wallet pin"), **medium** for data computed at run time, **low** for constant text. A clip marked sensitive with `ClipDescription.EXTRA_IS_SENSITIVE` in the same method is not reported. Reading the clipboard is not this weakness and is not reported.',
      '',
      'Scope: the app\'s own code and its hybrid framework.',
    ].join('\n'),
    manual:
      'Use the copy feature on a test device, then read the clipboard from another app (or `adb shell cmd clipboard get-primary-clip` on recent versions) and check what was copied. Decompile the reported method to see which value goes into the clip.',
    remediation:
      'Never copy PINs, passwords, OTPs or full card numbers to the clipboard. For data the user really needs to copy (an account number), mark the clip sensitive (`ClipDescription.EXTRA_IS_SENSITIVE`, API 33+), and clear it after use (`clearPrimaryClip()`, API 28+). Disable copy on secret fields (`textIsSelectable=false`, `inputType=textPassword`).',
  },
  run(ctx) {
    const { app } = ctx;
    const code = app.code;
    const markedSensitive = new Set(code.stringUses((v) => v === EXTRA_IS_SENSITIVE).map((u) => methodKey(u.method)));
    const sites: CallSite[] = [];
    for (const cls of CLIPBOARDS) {
      sites.push(...code.callsTo(cls, 'setPrimaryClip'), ...code.callsTo(cls, 'setText'));
    }
    const hits: CodeHit[] = [];
    for (const s of sites) {
      if (!inAppScope(app, s.classType) || markedSensitive.has(methodKey(s.method))) continue;
      const { label, text } = clipParts(s.args[1]);
      const { severity, why } = sensitivityOf(app, label, text);
      hits.push({
        place: s, target: s.target,
        evidence: `ClipboardManager.${s.target.name}(${showValue(s.args[1] ?? { k: 'unknown' })}): ${why}`,
        label: why, severity,
      });
    }
    reportByMethod(ctx, hits, (method, g) => `${method} copies ${g.some((h) => h.severity === 'high') ? 'sensitive data' : 'data'} to the clipboard (${[...new Set(g.map((h) => h.label))].join('; ')}).`);
  },
});
