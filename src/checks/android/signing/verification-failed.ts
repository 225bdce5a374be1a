import { defineAndroidCheck, refs } from '../support.js';
import { signatureLocation } from './signing-support.js';

export default defineAndroidCheck({
  id: 'android.signing.verification-failed',
  meta: {
    title: 'APK signature does not verify (tampered or corrupt)',
    family: 'signing',
    kind: 'weakness',
    severity: 'critical',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-RESILIENCE-2'], maswe: ['MASWE-0056'], cwe: ['CWE-347'], dfs: ['APP-12'] }),
    description:
      'The APK is signed, but its signatures do not match its content: an entry was changed after signing, or the signature blocks are malformed. Android refuses to install such an APK; if this is the file a provider handed over, it is not the file that was signed.',
    manual: 'Run `apksigner verify -v app.apk` and read its errors; compare the file hash with the store version.',
    remediation: 'Find out how the file was altered; audit the genuine signed build.',
  },
  run(ctx) {
    const { app } = ctx;
    const s = app.signatures;
    if (!(s.v1.present || s.v2.present || s.v3.present || s.v31.present) || s.verified) return;
    const schemes = [
      ['v1', s.v1],
      ['v2', s.v2],
      ['v3', s.v3],
      ['v3.1', s.v31],
    ] as const;
    const errors = [...s.errors, ...schemes.flatMap(([n, r]) => r.errors.map((e) => `${n}: ${e}`))];
    ctx.report({
      message: `The APK signature does not verify${errors[0] ? `: ${errors[0]}` : ''}.`,
      locations: schemes.filter(([, r]) => r.present && !r.verified).map(([n]) => signatureLocation(app, n)),
      evidence: errors.slice(0, 20),
    });
  },
});
