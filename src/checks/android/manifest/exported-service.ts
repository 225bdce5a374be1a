import { defineAndroidCheck, refs } from '../support.js';
import { reportExported } from './exported-support.js';

export default defineAndroidCheck({
  id: 'android.manifest.exported-service',
  meta: {
    title: 'Exported service without permission',
    family: 'manifest',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-PLATFORM-1'], maswe: ['MASWE-0018'], cwe: ['CWE-926'], dfs: ['APP-28'] }),
    description:
      'An exported service can be started or bound by any app. If it performs actions (sync, payments, location updates) or returns data over a binder interface, any installed app can use it. The effective exported state follows the platform rules: an explicit `android:exported`, else exported when the component has an intent filter (activities, services, receivers) or, for providers, when min/targetSdk is 16 or lower.',
    manual:
      'List exported components with `aapt dump xmltree app.apk AndroidManifest.xml` and try them from another app or adb (`adb shell am start -n`, `am startservice`, `am broadcast`, `content query --uri`).',
    remediation:
      'Set `android:exported="false"` on every component that other apps do not need; protect the others with a permission of protectionLevel `signature` and validate all input they receive.',
  },
  run(ctx) {
    reportExported(ctx, ['service'], 'service', false);
  },
});
