import { defineAndroidCheck, manifestLocation, refs } from '../support.js';

/** Android 6.0 (API 23): runtime permissions, keystore-backed keys with user authentication, TLS defaults. */
export const MIN_SDK_THRESHOLD = 23;

export default defineAndroidCheck({
  id: 'android.manifest.min-sdk',
  meta: {
    title: 'App installs on outdated Android versions',
    family: 'manifest',
    kind: 'weakness',
    severity: 'low',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-CODE-1'], maswe: ['MASWE-0041'], cwe: ['CWE-693'], dfs: ['APP-32'] }),
    description: `A \`minSdkVersion\` below ${MIN_SDK_THRESHOLD} (Android 6.0) lets the app run on platforms that no longer receive security updates and lack runtime permissions, modern keystore protections and APK Signature Scheme v2 verification (Janus, CVE-2017-13156).`,
    manual: 'Read `minSdkVersion` with `aapt dump badging app.apk | grep sdkVersion`.',
    remediation: `Raise \`minSdkVersion\` to at least ${MIN_SDK_THRESHOLD}; block or warn users on older devices server-side.`,
  },
  run(ctx) {
    const m = ctx.app.manifest;
    if (m.minSdk < MIN_SDK_THRESHOLD) {
      ctx.report({
        message: `minSdkVersion is ${m.minSdk}: the app installs on Android versions below ${MIN_SDK_THRESHOLD} (6.0) that no longer get security patches.`,
        locations: [manifestLocation(ctx.app, 'manifest/uses-sdk', 'android:minSdkVersion')],
        evidence: [`minSdkVersion ${m.minSdk}`],
      });
    }
  },
});
