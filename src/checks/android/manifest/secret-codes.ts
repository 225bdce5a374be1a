import { defineAndroidCheck, componentLocation, refs } from '../support.js';

const SECRET_CODE_ACTIONS = new Set(['android.provider.Telephony.SECRET_CODE', 'android.telephony.action.SECRET_CODE']);

export default defineAndroidCheck({
  id: 'android.manifest.secret-codes',
  meta: {
    title: 'Hidden dialer code (secret code receiver)',
    family: 'manifest',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-RESILIENCE-3'], maswe: ['MASWE-0061'], cwe: ['CWE-912'], dfs: ['APP-11'] }),
    description:
      'A receiver for the `SECRET_CODE` action runs when someone types `*#*#<code>#*#*` in the dialer. Apps use it for hidden debug or support menus; such a menu reachable by anyone holding the phone (or by a web page or app that can make the dialer run a code on some devices) is extraneous functionality.',
    manual: 'Type `*#*#<code>#*#*` in the dialer of a test device and see what opens.',
    remediation: 'Remove secret-code receivers and the debug features behind them from production builds.',
  },
  run(ctx) {
    const { app } = ctx;
    for (const c of app.manifest.components) {
      for (const f of c.intentFilters) {
        if (!f.actions.some((a) => SECRET_CODE_ACTIONS.has(a))) continue;
        const codes = f.data.filter((d) => d.scheme === 'android_secret_code').map((d) => d.host ?? '?');
        ctx.report({
          message: `${c.name} answers the dialer secret code(s) ${codes.map((x) => `*#*#${x}#*#*`).join(', ') || '(any)'}.`,
          locations: [componentLocation(app, c)],
          evidence: codes.map((x) => `android_secret_code://${x}`),
        });
      }
    }
  },
});
