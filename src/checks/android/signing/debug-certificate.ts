import { defineAndroidCheck, refs } from '../support.js';
import { certSummary, distinctSigners, signerLocation } from './signing-support.js';

export default defineAndroidCheck({
  id: 'android.signing.debug-certificate',
  meta: {
    title: 'Signed with a debug certificate',
    family: 'signing',
    kind: 'weakness',
    severity: 'high',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-RESILIENCE-3'], maswe: ['MASWE-0061'], cwe: ['CWE-489'], dfs: ['APP-11', 'APP-12'] }),
    description:
      'The Android SDK creates a debug keystore on every developer machine ("CN=Android Debug, O=Android, C=US"). An app signed with it is a debug build: the key is not protected like a release key, anyone holding that developer\'s keystore can publish "updates", and such builds usually carry other debug settings.',
    manual: 'Run `apksigner verify --print-certs app.apk` and read the signer DN.',
    remediation: 'Sign releases with a dedicated release key kept in a protected keystore or HSM (or Play App Signing).',
  },
  run(ctx) {
    const { app } = ctx;
    for (const { schemes, cert } of distinctSigners(app)) {
      if (!cert.isAndroidDebug) continue;
      ctx.report({
        message: `The ${schemes.join('/')} signer certificate is an Android debug certificate (${cert.subject}).`,
        locations: [signerLocation(app, cert, schemes)],
        evidence: [certSummary(cert)],
      });
    }
  },
});
