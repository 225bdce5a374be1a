import { defineAndroidCheck, refs } from '../support.js';
import { signatureLocation } from './signing-support.js';

export default defineAndroidCheck({
  id: 'android.signing.v1-only',
  meta: {
    title: 'Signed with the v1 (JAR) scheme only',
    family: 'signing',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-RESILIENCE-2'], maswe: ['MASWE-0056'], cwe: ['CWE-347'], dfs: ['APP-12'] }),
    description:
      'The v1 JAR signature protects individual ZIP entries, not the archive: bytes outside entries, ZIP metadata and (on vulnerable platforms) prepended DEX data are not covered (Janus, CVE-2017-13156). The v2/v3 schemes sign the whole file and are faster to verify; v3 also supports key rotation.',
    manual: 'Run `apksigner verify -v app.apk`: "Verified using v2 scheme: false" and "v3 scheme: false".',
    remediation: 'Sign with v2 and v3 (apksigner does by default); keep v1 only for devices older than Android 7.0 if they must be supported.',
  },
  run(ctx) {
    const { app } = ctx;
    const s = app.signatures;
    if (!s.v1.present || s.v2.present || s.v3.present || s.v31.present) return;
    ctx.report({
      message: 'The APK is signed only with the v1 (JAR) scheme; the archive as a whole is not protected.',
      locations: [signatureLocation(app, 'v1')],
      evidence: [
        'v1: present',
        'v2: absent',
        'v3: absent',
        ...[...new Set(s.v1.signers.flatMap((x) => x.digestAlgorithms))].map((d) => `v1 digest algorithm ${d}${/^(sha-?1|md5)$/i.test(d) ? ' (weak)' : ''}`),
      ],
    });
  },
});
