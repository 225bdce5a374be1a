import { defineAndroidCheck, refs } from '../support.js';
import { signatureLocation } from './signing-support.js';

export default defineAndroidCheck({
  id: 'android.signing.janus',
  meta: {
    title: 'Exposed to Janus (CVE-2017-13156)',
    family: 'signing',
    kind: 'weakness',
    severity: 'high',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-RESILIENCE-2'], maswe: ['MASWE-0056'], cwe: ['CWE-347'], dfs: ['APP-12'] }),
    description:
      'On Android 5.0–8.0 a file can be both a valid APK and a DEX file (Janus). When an APK is signed only with v1 and installs on those versions (minSdk < 24 in practice, as v2 verification arrived in 7.0), an attacker can prepend a DEX to the signed APK and the platform accepts it as an update from the same developer, running the attacker\'s code with the app\'s data and permissions.',
    manual: 'Check the signature schemes (`apksigner verify -v`) and `minSdkVersion`.',
    remediation: 'Sign with v2/v3 and raise minSdkVersion to 24 or later.',
  },
  run(ctx) {
    const { app } = ctx;
    const s = app.signatures;
    if (!s.v1.present || s.v2.present || s.v3.present || s.v31.present) return;
    if (app.manifest.minSdk >= 24) return;
    ctx.report({
      message: `The APK is signed with v1 only and installs from SDK ${app.manifest.minSdk}: a DEX prepended to it would still pass signature verification on Android 5.0–8.0.`,
      locations: [signatureLocation(app, 'v1')],
      evidence: ['v1-only signature', `minSdkVersion ${app.manifest.minSdk} (< 24)`],
    });
  },
});
