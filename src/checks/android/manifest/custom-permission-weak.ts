import { defineAndroidCheck, manifestLocation, refs } from '../support.js';

export default defineAndroidCheck({
  id: 'android.manifest.custom-permission-weak',
  meta: {
    title: 'Custom permission with a weak protection level',
    family: 'manifest',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-PLATFORM-1'], maswe: ['MASWE-0018'], cwe: ['CWE-276'], dfs: ['APP-28'] }),
    description:
      'A permission the app defines with `protectionLevel="normal"` is granted to any app that lists it, and a `dangerous` one to any app the user says yes to. Used to guard a component, it gives a false sense of protection: the component is effectively open.',
    manual: 'Look at each `<permission>` element and at the components whose `android:permission` names it.',
    remediation: 'Define permissions that guard components with `android:protectionLevel="signature"` (only apps signed with the same key get them).',
  },
  run(ctx) {
    const { app } = ctx;
    const m = app.manifest;
    for (const p of m.declaredPermissions) {
      const base = p.protectionLevel.split('|')[0];
      if (base !== 'normal' && base !== 'dangerous') continue;
      const users = m.components.filter((c) => c.permission === p.name || c.readPermission === p.name || c.writePermission === p.name);
      if (users.length === 0 && m.application.permission !== p.name) continue;
      ctx.report({
        message: `Permission ${p.name} is declared with protectionLevel "${p.protectionLevel}" and guards ${users.length || 'the application\'s'} component(s); any app can obtain it.`,
        locations: [manifestLocation(app, p.element, 'android:protectionLevel'), ...users.map((c) => manifestLocation(app, c.element, 'android:permission'))],
        evidence: [`protectionLevel ${p.protectionLevel}`, ...users.map((c) => `guards ${c.type} ${c.name}`)],
      });
    }
  },
});
