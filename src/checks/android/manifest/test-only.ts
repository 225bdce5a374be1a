import { defineAndroidCheck, manifestLocation, refs } from '../support.js';

export default defineAndroidCheck({
  id: 'android.manifest.test-only',
  meta: {
    title: 'App is marked test-only',
    family: 'manifest',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-RESILIENCE-4'], maswe: ['MASWE-0063'], cwe: ['CWE-489'], dfs: ['APP-11'] }),
    description:
      '`android:testOnly="true"` marks a build produced for testing (Android Studio sets it when running from the IDE). Such builds are not meant for users; a test-only app can also be removed by a device-owner app without user confirmation.',
    manual: 'Run `aapt dump badging app.apk | grep testOnly` or look for `android:testOnly` in the decoded manifest.',
    remediation: 'Build the release from the release variant; do not distribute builds marked testOnly.',
  },
  run(ctx) {
    if (ctx.app.manifest.application.testOnly === true) {
      ctx.report({
        message: 'The <application> element sets android:testOnly="true": this is a test build.',
        locations: [manifestLocation(ctx.app, 'manifest/application', 'android:testOnly')],
        evidence: ['android:testOnly="true"'],
      });
    }
  },
});
