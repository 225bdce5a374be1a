import { defineAndroidCheck, manifestLocation, refs } from '../support.js';
import { nscLocation } from './nsc-support.js';

export default defineAndroidCheck({
  id: 'android.network.user-certificates',
  meta: {
    title: 'App trusts user-installed CA certificates',
    family: 'network',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-NETWORK-1'], maswe: ['MASWE-0027'], cwe: ['CWE-295'], dfs: ['APP-19', 'APP-17', 'APP-48'] }),
    description:
      'Certificate authorities that the user (or malware, or an MDM profile a victim was talked into installing) adds to the device are trusted by the app when its network security config lists `<certificates src="user"/>` outside `<debug-overrides>`, or — without any config — when it targets SDK 23 or lower. Anyone who gets such a CA installed can read and change the app\'s TLS traffic.',
    manual: 'Install a proxy CA as a user certificate on a test device and check whether the app\'s HTTPS traffic can be intercepted.',
    remediation: 'Trust only system CAs (the default from SDK 24) and pin the back end\'s keys; keep user CAs only inside `<debug-overrides>`.',
  },
  run(ctx) {
    const { app } = ctx;
    const nsc = app.networkSecurityConfig;
    if (!nsc) {
      if (app.manifest.targetSdk < 24 && app.manifest.usesPermissions.some((p) => p.name === 'android.permission.INTERNET')) {
        ctx.report({
          message: `The app targets SDK ${app.manifest.targetSdk} (< 24) and has no network security config, so user-installed CAs are trusted for its TLS connections.`,
          locations: [manifestLocation(app, 'manifest/uses-sdk', 'android:targetSdkVersion')],
          evidence: [`targetSdkVersion ${app.manifest.targetSdk}`, 'no network security config'],
          confidence: 'medium',
        });
      }
      return;
    }
    const places: Array<{ element: string; anchors: { src: string }[] | undefined }> = [
      { element: 'network-security-config/base-config', anchors: nsc.base?.trustAnchors },
      ...nsc.domains.map((d) => ({ element: d.element, anchors: d.trustAnchors })),
    ];
    for (const p of places) {
      if (!p.anchors?.some((a) => a.src === 'user')) continue;
      ctx.report({
        message: `${nsc.path}: ${p.element.split('/').pop()} trusts user-installed CA certificates (<certificates src="user"/>).`,
        locations: [nscLocation(app, `${p.element}/trust-anchors`, 'src')],
        evidence: ['<certificates src="user"/>'],
      });
    }
  },
});
