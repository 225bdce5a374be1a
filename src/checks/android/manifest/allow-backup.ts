import { defineAndroidCheck, manifestLocation, refs } from '../support.js';

export default defineAndroidCheck({
  id: 'android.manifest.allow-backup',
  meta: {
    title: 'App data can be backed up',
    family: 'manifest',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-STORAGE-2'], maswe: ['MASWE-0006'], cwe: ['CWE-212'], dfs: ['APP-40'] }),
    description:
      '`android:allowBackup` defaults to true. With backup allowed, the app\'s private files, databases and shared preferences (tokens, cached balances, session data) can be extracted with `adb backup` (up to Android 11 for debuggable or older targets) and are copied into cloud/device-to-device backups.',
    manual:
      'Check `android:allowBackup` in the decoded manifest. On a test device (Android <= 11): `adb backup -f app.ab <package>` and inspect the archive for sensitive files.',
    remediation:
      'Set `android:allowBackup="false"`, or keep it and exclude sensitive files with `android:fullBackupContent` / `android:dataExtractionRules`.',
  },
  run(ctx) {
    const { app } = ctx;
    const v = app.manifest.application.allowBackup;
    if (v === false) return;
    const rules = app.manifest.application.fullBackupContent ?? app.manifest.application.dataExtractionRules;
    const explicit = v === true;
    ctx.report({
      message: explicit
        ? `android:allowBackup="true": the app's private data is included in backups${rules ? ' (backup rules are set; check they exclude sensitive files)' : ''}.`
        : `android:allowBackup is not set, so it defaults to true: the app's private data is included in backups${rules ? ' (backup rules are set; check they exclude sensitive files)' : ''}.`,
      locations: [manifestLocation(app, 'manifest/application', 'android:allowBackup')],
      evidence: [explicit ? 'android:allowBackup="true"' : 'android:allowBackup absent (default true)', ...(rules ? [`backup rules: ${rules}`] : [])],
      ...(rules ? { severity: 'low' as const } : {}),
    });
  },
});
