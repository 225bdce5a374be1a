import { defineAndroidCheck, refs } from '../support.js';
import { signatureLocation } from './signing-support.js';

export default defineAndroidCheck({
  id: 'android.signing.unsigned',
  meta: {
    title: 'APK is not signed',
    family: 'signing',
    kind: 'weakness',
    severity: 'high',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-RESILIENCE-2'], maswe: ['MASWE-0056'], cwe: ['CWE-347'], dfs: ['APP-12'] }),
    description:
      'An APK with no v1, v2 or v3 signature cannot be installed as it is and cannot be tied to its developer: whoever distributes it (or a modified copy) can sign it with any key. A lab receiving an unsigned build cannot be sure it audits what users get.',
    manual: 'Run `apksigner verify -v app.apk`; it reports "DOES NOT VERIFY" and "Missing META-INF/MANIFEST.MF / no signatures".',
    remediation: 'Obtain the signed release build from the provider (from the store, or the signed artefact of its release pipeline) and audit that.',
  },
  run(ctx) {
    const { app } = ctx;
    const s = app.signatures;
    if (s.v1.present || s.v2.present || s.v3.present || s.v31.present) return;
    ctx.report({
      message: 'The APK carries no signature of any scheme (v1 JAR, v2, v3).',
      locations: [signatureLocation(app, 'none')],
      evidence: ['no META-INF signature files', `APK Signing Block: ${s.signingBlock.present ? 'present without signature blocks' : 'absent'}`],
    });
  },
});
