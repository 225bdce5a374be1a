import { defineAndroidCheck, manifestLocation, refs } from '../support.js';

/** API 33 (Android 13): the level below which app stores stopped accepting updates in 2024. */
export const TARGET_SDK_THRESHOLD = 33;

export default defineAndroidCheck({
  id: 'android.manifest.target-sdk',
  meta: {
    title: 'App targets an outdated Android API level',
    family: 'manifest',
    kind: 'weakness',
    severity: 'low',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-CODE-1'], maswe: ['MASWE-0042'], cwe: ['CWE-693'], dfs: ['APP-32'] }),
    description: `Security behaviour changes of new Android versions apply only to apps that target them (cleartext off by default from 28, explicit \`exported\` from 31, safer PendingIntents, scoped storage…). A \`targetSdkVersion\` below ${TARGET_SDK_THRESHOLD} keeps the app in the older, weaker compatibility mode.`,
    manual: 'Read `targetSdkVersion` with `aapt dump badging app.apk | grep targetSdkVersion`.',
    remediation: `Target API ${TARGET_SDK_THRESHOLD} or later and review the behaviour changes of each level.`,
  },
  run(ctx) {
    const m = ctx.app.manifest;
    if (m.targetSdk < TARGET_SDK_THRESHOLD) {
      ctx.report({
        message: `targetSdkVersion is ${m.targetSdk} (< ${TARGET_SDK_THRESHOLD}): the app runs with older, weaker platform defaults.`,
        locations: [manifestLocation(ctx.app, 'manifest/uses-sdk', 'android:targetSdkVersion')],
        evidence: [`targetSdkVersion ${m.targetSdk}`],
      });
    }
  },
});
