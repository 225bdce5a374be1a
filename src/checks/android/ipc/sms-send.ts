import type { CallSite } from '../../../formats/dex/index.js';
import type { Severity } from '../../../findings/types.js';
import {
  argumentsFromCallers, byMethod, describeOrigin, dynamicParts, isConstant, shortCall, showExpr, stringArg,
  type StringExpr,
} from '../code/dataflow-support.js';
import { methodLabel, siteLocation } from '../bytecode-support.js';
import { defineAndroidCheck, isLibrary, refs } from '../support.js';

const SMS_MANAGER = 'Landroid/telephony/SmsManager;';
const SENDS = ['sendTextMessage', 'sendMultipartTextMessage', 'sendDataMessage', 'sendTextMessageWithoutPersisting'];

interface Sms {
  site: CallSite;
  destination: StringExpr | undefined;
  text: StringExpr | undefined;
  /** Where a non-constant destination comes from (callers followed one level). */
  outside: boolean;
  origins: string[];
}

export default defineAndroidCheck({
  id: 'android.ipc.sms-send',
  meta: {
    title: 'SMS sent by the app',
    family: 'ipc',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-PLATFORM-1'], maswe: ['MASWE-0018'], cwe: ['CWE-926', 'CWE-200'], dfs: ['APP-28', 'APP-04'] }),
    description: [
      'Lists the places that send SMS through `SmsManager` (`sendTextMessage`, `sendMultipartTextMessage`, `sendDataMessage`) with the destination and text as the code builds them.',
      '',
      'Severity depends on the destination: **medium** when it comes from an intent or another app\'s input (directly or through one level of callers) — another app can then make the wallet send SMS of its choosing, at the user\'s cost and from the user\'s number, often through an exported component (a confused deputy); **low** when it is typed by the user or computed; **info** when it is a fixed number (a short code of the provider), reported so that an auditor checks what the text carries: SMS travel and are stored in clear.',
    ].join('\n'),
    manual:
      'Decompile the reported method, trace the destination and text, and check which components lead to it and whether they are exported. Send a crafted intent (adb `am broadcast`/`am start` with extras) and watch for an outgoing SMS on a test device.',
    remediation:
      'Never take the destination or content of an SMS from another app\'s input; protect the components that send SMS with a signature permission or keep them unexported; keep PINs, OTPs and balances out of SMS, or use the platform SMS app via an intent so the user confirms.',
  },
  run(ctx) {
    const { app } = ctx;
    const code = app.code;
    const found: Sms[] = [];
    for (const name of SENDS) {
      for (const site of code.callsTo(SMS_MANAGER, name)) {
        const destination = site.target.proto.params[0] === 'Ljava/lang/String;' ? stringArg(code, site, 1) : undefined;
        const text = site.target.proto.params[2] === 'Ljava/lang/String;' ? stringArg(code, site, 3) : undefined;
        const origins: string[] = [];
        let outside = false;
        for (const p of destination ? dynamicParts(destination) : []) {
          origins.push(describeOrigin(p.origin, site.method));
          if (p.origin.kind === 'ipc') outside = true;
          if (p.origin.kind === 'param') {
            for (const c of argumentsFromCallers(code, site.method, p.origin.index, 6)) {
              for (const q of dynamicParts(c.expr)) {
                origins.push(`${describeOrigin(q.origin, c.site.method)} in ${methodLabel(c.site.method)}`);
                if (q.origin.kind === 'ipc') outside = true;
              }
            }
          }
        }
        found.push({ site, destination, text, outside, origins });
      }
    }
    for (const group of byMethod(found.map((f) => ({ ...f, method: f.site.method })))) {
      const first = group[0]!;
      const fixed = group.every((f) => f.destination !== undefined && isConstant(f.destination));
      const outside = group.some((f) => f.outside);
      let severity: Severity = outside ? 'medium' : fixed ? 'info' : 'low';
      if (isLibrary(app, first.site.classType) && severity !== 'medium') severity = 'info';
      const origins = [...new Set(group.flatMap((f) => f.origins))];
      ctx.report({
        message: outside
          ? `${methodLabel(first.site.method)} sends an SMS to a number taken from ${origins.join(', ')}: another app can choose where the wallet sends SMS.`
          : fixed
            ? `${methodLabel(first.site.method)} sends an SMS to a fixed number; check that the text carries no secret.`
            : `${methodLabel(first.site.method)} sends an SMS to a number taken from ${origins.join(', ') || 'a computed value'}.`,
        locations: group.map((f) => siteLocation(app, f.site, f.site.target)),
        evidence: group.map((f) => `${shortCall(f.site.target)}(${f.destination ? showExpr(f.destination) : '…'}, …, ${f.text ? showExpr(f.text) : '…'}, …)`),
        severity,
      });
    }
  },
});
