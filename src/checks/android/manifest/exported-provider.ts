import { defineAndroidCheck, refs } from '../support.js';
import { reportExported } from './exported-support.js';

export default defineAndroidCheck({
  id: 'android.manifest.exported-provider',
  meta: {
    title: 'Exported content provider without permission',
    family: 'manifest',
    kind: 'weakness',
    severity: 'high',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-PLATFORM-1'], maswe: ['MASWE-0018'], cwe: ['CWE-926'], dfs: ['APP-28'] }),
    description:
      'An exported content provider without read/write permissions lets any app query, insert, update or delete its data (and, with path traversal or SQL injection in the provider, reach other files or tables). The effective exported state follows the platform rules: an explicit `android:exported`, else exported when the component has an intent filter (activities, services, receivers) or, for providers, when min/targetSdk is 16 or lower.',
    manual:
      'List exported components with `aapt dump xmltree app.apk AndroidManifest.xml` and try them from another app or adb (`adb shell am start -n`, `am startservice`, `am broadcast`, `content query --uri`).',
    remediation:
      'Set `android:exported="false"` on every component that other apps do not need; protect the others with a permission of protectionLevel `signature` and validate all input they receive.',
  },
  run(ctx) {
    reportExported(ctx, ['provider'], 'content provider', false);
  },
});
