import { defineAndroidCheck, manifestLocation, refs } from '../support.js';
import { SMS_CALL_PERMISSIONS } from '../platform-permissions.js';

export default defineAndroidCheck({
  id: 'android.manifest.sms-call-permissions',
  meta: {
    title: 'App can read/send SMS or place calls',
    family: 'manifest',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-PRIVACY-1'], maswe: ['MASWE-0066'], cwe: ['CWE-250'], dfs: ['APP-22', 'APP-43'] }),
    description:
      'SMS and call permissions touch the channels mobile money relies on: one-time passwords arrive by SMS, and USSD codes (transfers, PIN changes) are dialled as calls. An app holding them — or a flaw in it — can read OTPs, send premium or confirmation SMS, or dial USSD codes without the user. FIGI recommends OTP delivery through an authenticator or the SMS Retriever API rather than reading SMS.',
    manual: 'List them with `aapt dump permissions app.apk`; ask which feature needs each; check that OTP reading uses the SMS Retriever/User Consent API instead of READ_SMS/RECEIVE_SMS.',
    remediation: 'Drop READ_SMS/RECEIVE_SMS (use the SMS Retriever or SMS User Consent API), and CALL_PHONE (use ACTION_DIAL so the user confirms).',
  },
  run(ctx) {
    const { app } = ctx;
    const names = [...new Set(app.manifest.usesPermissions.filter((p) => SMS_CALL_PERMISSIONS.has(p.name)).map((p) => p.name))].sort();
    if (names.length === 0) return;
    ctx.report({
      message: `The app requests SMS/call permission(s): ${names.map((n) => n.replace('android.permission.', '')).join(', ')}.`,
      locations: names.map((n) => manifestLocation(app, `manifest/uses-permission[${n}]`)),
      evidence: names,
    });
  },
});
