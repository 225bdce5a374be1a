import { defineAndroidCheck, refs } from '../support.js';
import { certSummary, distinctSigners, signerLocation } from './signing-support.js';

/** NIST SP 800-131A / 800-57: RSA and DSA below 2048 bits, EC below 224 bits are no longer acceptable. */
function isWeak(keyType: string, bits: number): boolean {
  if (keyType === 'RSA' || keyType === 'DSA') return bits > 0 && bits < 2048;
  if (keyType === 'EC') return bits > 0 && bits < 224;
  return false;
}

export default defineAndroidCheck({
  id: 'android.signing.weak-key',
  meta: {
    title: 'Signing key is too short',
    family: 'signing',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-CRYPTO-1'], maswe: ['MASWE-0010'], cwe: ['CWE-326'], dfs: ['APP-63'] }),
    description:
      'RSA or DSA signing keys below 2048 bits (and EC keys below 224 bits) are within reach of well-funded attackers. The signing key cannot be changed for an installed app without key rotation (v3), so a weak key weakens every future update.',
    manual: 'Run `apksigner verify --print-certs -v app.apk` and read the key size.',
    remediation: 'Rotate to an RSA-3072/EC P-256 key with APK Signature Scheme v3 key rotation (or Play App Signing upgrade).',
  },
  run(ctx) {
    const { app } = ctx;
    for (const { schemes, cert } of distinctSigners(app)) {
      if (!isWeak(cert.keyType, cert.keySize)) continue;
      ctx.report({
        message: `The ${schemes.join('/')} signing key is ${cert.keyType} ${cert.keySize} bits.`,
        locations: [signerLocation(app, cert, schemes)],
        evidence: [certSummary(cert)],
      });
    }
  },
});
