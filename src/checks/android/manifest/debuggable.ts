import { defineAndroidCheck, manifestLocation, refs } from '../support.js';

export default defineAndroidCheck({
  id: 'android.manifest.debuggable',
  meta: {
    title: 'App is debuggable',
    family: 'manifest',
    kind: 'weakness',
    severity: 'high',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-RESILIENCE-4'], maswe: ['MASWE-0063'], cwe: ['CWE-489'], dfs: ['APP-41', 'APP-11'] }),
    description:
      '`android:debuggable="true"` on `<application>` lets anyone with USB access attach a debugger (JDWP) to the app, read its private files with `run-as`, and change its behaviour at run time — on any unrooted phone.',
    manual:
      'Run `aapt dump badging app.apk | grep debuggable` (prints `application-debuggable`), or install the app and run `adb shell run-as <package> ls` — it succeeds only for debuggable apps.',
    remediation:
      'Remove `android:debuggable` from the manifest and build release variants (`debuggable false` is the release default in Gradle). Never ship a debug build.',
  },
  run(ctx) {
    const { app } = ctx;
    if (app.manifest.application.debuggable === true) {
      ctx.report({
        message: 'The <application> element sets android:debuggable="true": the app can be debugged on any device.',
        locations: [manifestLocation(app, 'manifest/application', 'android:debuggable')],
        evidence: ['android:debuggable="true"'],
      });
    }
  },
});
