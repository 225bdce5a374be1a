import { defineAndroidCheck, refs } from '../support.js';
import { certSummary, distinctSigners, signerLocation } from './signing-support.js';

const WEAK_SIG = /(md2|md5|sha1)(with|-)/i;

export default defineAndroidCheck({
  id: 'android.signing.weak-algorithm',
  meta: {
    title: 'Signature uses a weak hash algorithm (SHA-1/MD5)',
    family: 'signing',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-CRYPTO-1'], maswe: ['MASWE-0010'], cwe: ['CWE-327'], dfs: ['APP-63', 'APP-53'] }),
    description:
      'SHA-1 and MD5 are broken for collision resistance (SHAttered, chosen-prefix collisions). A signer certificate signed with them rests on a hash an attacker with resources can collide. (SHA-1 digests inside a v1-only signature are reported by `android.signing.v1-only`.)',
    manual: 'Run `apksigner verify -v --print-certs app.apk` and `keytool -printcert -jarfile app.apk`; read the signature and digest algorithms.',
    remediation: 'Sign with SHA-256 (RSA-PKCS#1 v1.5/PSS with SHA-256, or ECDSA with SHA-256) and a certificate signed with SHA-256.',
  },
  run(ctx) {
    const { app } = ctx;
    for (const { schemes, cert } of distinctSigners(app)) {
      if (!WEAK_SIG.test(cert.signatureAlgorithm)) continue;
      ctx.report({
        message: `The ${schemes.join('/')} signer certificate is signed with ${cert.signatureAlgorithm}.`,
        locations: [signerLocation(app, cert, schemes)],
        evidence: [certSummary(cert)],
      });
    }
  },
});
