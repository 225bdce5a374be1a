import { defineAndroidCheck, manifestLocation, refs } from '../support.js';

export default defineAndroidCheck({
  id: 'android.manifest.cleartext-traffic',
  meta: {
    title: 'Cleartext (HTTP) traffic allowed',
    family: 'manifest',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-NETWORK-1'], maswe: ['MASWE-0026'], cwe: ['CWE-319'], dfs: ['APP-49', 'APP-46', 'APP-13'] }),
    description:
      'Without a network security config, Android permits cleartext HTTP when `android:usesCleartextTraffic="true"` or, by default, for apps targeting SDK 27 or lower. Any request the app makes over http:// can then be read and changed by anyone on the network path (public Wi-Fi, a rogue access point).',
    manual:
      'Check `android:usesCleartextTraffic`, `android:targetSdkVersion` and `android:networkSecurityConfig` in the manifest; route the device through an intercepting proxy and look for http:// requests.',
    remediation:
      'Set `android:usesCleartextTraffic="false"` (or a network security config with `cleartextTrafficPermitted="false"`) and use HTTPS for every endpoint.',
  },
  run(ctx) {
    const { app } = ctx;
    const m = app.manifest;
    // A network security config governs cleartext on API 24+; its own check reports on it.
    if (m.application.networkSecurityConfig !== undefined) return;
    if (!m.usesPermissions.some((p) => p.name === 'android.permission.INTERNET')) return;
    const flag = m.application.usesCleartextTraffic;
    if (flag === true) {
      ctx.report({
        message: 'android:usesCleartextTraffic="true": the app may send and receive data over unencrypted HTTP.',
        locations: [manifestLocation(app, 'manifest/application', 'android:usesCleartextTraffic')],
        evidence: ['android:usesCleartextTraffic="true"', 'no network security config'],
      });
    } else if (flag === undefined && m.targetSdk < 28) {
      ctx.report({
        message: `The app targets SDK ${m.targetSdk} (< 28) and neither sets android:usesCleartextTraffic="false" nor has a network security config, so cleartext HTTP is permitted by default.`,
        locations: [manifestLocation(app, 'manifest/application', 'android:usesCleartextTraffic')],
        evidence: [`targetSdkVersion ${m.targetSdk}`, 'android:usesCleartextTraffic absent', 'no network security config'],
      });
    }
  },
});
