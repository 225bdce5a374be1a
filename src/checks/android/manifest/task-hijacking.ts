import { defineAndroidCheck, componentLocation, refs } from '../support.js';

export default defineAndroidCheck({
  id: 'android.manifest.task-hijacking',
  meta: {
    title: 'Activity exposed to task hijacking (StrandHogg)',
    family: 'manifest',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-PLATFORM-3', 'MASVS-CODE-1'], maswe: ['MASWE-0041'], cwe: ['CWE-1021'], dfs: ['APP-28'] }),
    description:
      'A malicious app can place its own activity in the payment app\'s task (by declaring the same `taskAffinity`, or through `allowTaskReparenting`) and show a fake login or PIN screen when the user opens the real app ("StrandHogg", fixed in the platform only for apps on Android 11+ with target SDK 30+ in some variants). Activities with `launchMode="singleTask"` and a non-empty task affinity, or with `allowTaskReparenting="true"`, are the classic exposure.',
    manual:
      'Inspect `launchMode`, `taskAffinity` and `allowTaskReparenting` of each activity; on a test device, install a PoC app with `taskAffinity` set to the target package and check whether its activity appears in the target\'s task.',
    remediation:
      'Set `android:taskAffinity=""` on the `<application>` (or on sensitive activities), avoid `singleTask` unless needed, never use `allowTaskReparenting="true"`, and target a current SDK.',
  },
  run(ctx) {
    const { app } = ctx;
    const m = app.manifest;
    // An empty application-level affinity removes the shared-affinity attack for activities that inherit it.
    const appAffinityEmpty = m.application.taskAffinity === '';
    for (const c of m.components) {
      if (c.type !== 'activity' && c.type !== 'activity-alias') continue;
      const affinity = c.taskAffinity ?? (appAffinityEmpty ? '' : undefined);
      if (c.allowTaskReparenting === true) {
        ctx.report({
          message: `Activity ${c.name} sets android:allowTaskReparenting="true": another app's task can take it over.`,
          locations: [componentLocation(app, c, 'android:allowTaskReparenting')],
          evidence: ['android:allowTaskReparenting="true"'],
        });
        continue;
      }
      if (c.launchMode === 'singleTask' && affinity !== '') {
        ctx.report({
          message: `Activity ${c.name} uses launchMode="singleTask" with ${affinity === undefined ? 'the default (package) task affinity' : `taskAffinity "${affinity}"`}: a malicious app declaring the same affinity can hijack its task.`,
          locations: [componentLocation(app, c, 'android:launchMode')],
          evidence: [`launchMode singleTask`, `taskAffinity ${affinity === undefined ? '(default: package name)' : `"${affinity}"`}`, `targetSdkVersion ${m.targetSdk}`],
          ...(m.targetSdk >= 30 ? { severity: 'low' as const } : {}),
        });
      }
    }
  },
});
