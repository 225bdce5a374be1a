import { defineAndroidCheck, manifestLocation, refs } from '../support.js';

export default defineAndroidCheck({
  id: 'android.manifest.install-location',
  meta: {
    title: 'App may be installed on external storage',
    family: 'manifest',
    kind: 'weakness',
    severity: 'low',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-STORAGE-1'], maswe: ['MASWE-0002'], cwe: ['CWE-922'], dfs: ['APP-42'] }),
    description:
      '`android:installLocation="auto"` or `"preferExternal"` lets the system place the APK (and, on older Android, its native libraries and dex cache) on removable or adoptable storage, where it can be copied or replaced while the card is outside the device.',
    manual: 'Read `android:installLocation` on `<manifest>` in the decoded manifest.',
    remediation: 'Remove `android:installLocation` or set it to `internalOnly`.',
  },
  run(ctx) {
    const loc = ctx.app.manifest.installLocation;
    if (loc === 'auto' || loc === 'preferExternal') {
      ctx.report({
        message: `android:installLocation="${loc}": the app can be installed on external storage.`,
        locations: [manifestLocation(ctx.app, 'manifest', 'android:installLocation')],
        evidence: [`android:installLocation="${loc}"`],
      });
    }
  },
});
