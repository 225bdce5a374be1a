import { defineAndroidCheck, refs } from '../support.js';
import { nscLocation } from './nsc-support.js';

export default defineAndroidCheck({
  id: 'android.network.nsc-cleartext',
  meta: {
    title: 'Network security config permits cleartext traffic',
    family: 'network',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-NETWORK-1'], maswe: ['MASWE-0026'], cwe: ['CWE-319'], dfs: ['APP-49', 'APP-46', 'APP-13'] }),
    description:
      'The network security config decides, from Android 7.0, whether the app may use cleartext HTTP. `cleartextTrafficPermitted="true"` in `<base-config>` allows it everywhere; in a `<domain-config>` it allows it for those domains. A base config without the attribute inherits the platform default, which permits cleartext for apps targeting SDK 27 or lower.',
    manual: 'Decode `res/xml/<config>.xml` (apktool, or `aapt dump xmltree app.apk res/xml/<config>.xml`) and read `cleartextTrafficPermitted`; confirm with an intercepting proxy that no http:// traffic flows.',
    remediation: 'Set `cleartextTrafficPermitted="false"` in `<base-config>` and remove domain exceptions; serve every endpoint over HTTPS.',
  },
  run(ctx) {
    const { app } = ctx;
    const nsc = app.networkSecurityConfig;
    if (!nsc) return;
    const hasInternet = app.manifest.usesPermissions.some((p) => p.name === 'android.permission.INTERNET');
    const base = nsc.base?.cleartextTrafficPermitted;
    if (base === true) {
      ctx.report({
        message: `${nsc.path}: <base-config cleartextTrafficPermitted="true"> allows unencrypted HTTP to every host.`,
        locations: [nscLocation(app, 'network-security-config/base-config', 'cleartextTrafficPermitted')],
        evidence: ['base-config cleartextTrafficPermitted="true"'],
      });
    } else if (base === undefined && app.manifest.targetSdk < 28 && hasInternet && app.manifest.application.usesCleartextTraffic !== false) {
      ctx.report({
        message: `${nsc.path} does not set cleartextTrafficPermitted in <base-config> and the app targets SDK ${app.manifest.targetSdk} (< 28), so cleartext HTTP is permitted by default.`,
        locations: [nscLocation(app, 'network-security-config/base-config', 'cleartextTrafficPermitted')],
        evidence: [`targetSdkVersion ${app.manifest.targetSdk}`, 'no cleartextTrafficPermitted in base-config'],
      });
    }
    for (const d of nsc.domains) {
      if (d.cleartextTrafficPermitted !== true) continue;
      const names = d.domains.map((x) => x.name + (x.includeSubdomains ? ' (+subdomains)' : ''));
      ctx.report({
        message: `${nsc.path}: cleartext HTTP is permitted for ${names.join(', ') || 'a domain-config without domains'}.`,
        locations: [nscLocation(app, d.element, 'cleartextTrafficPermitted')],
        evidence: [`domain-config cleartextTrafficPermitted="true"`, ...names.map((n) => `domain ${n}`)],
        severity: 'low',
      });
    }
  },
});
