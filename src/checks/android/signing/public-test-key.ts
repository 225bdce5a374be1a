import { defineAndroidCheck, refs } from '../support.js';
import { certSummary, distinctSigners, signerLocation } from './signing-support.js';

export default defineAndroidCheck({
  id: 'android.signing.public-test-key',
  meta: {
    title: 'Signed with a publicly known test key',
    family: 'signing',
    kind: 'weakness',
    severity: 'critical',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-RESILIENCE-2'], maswe: ['MASWE-0056'], cwe: ['CWE-321'], dfs: ['APP-12'] }),
    description:
      'The AOSP source tree publishes its test signing keys (testkey, platform, shared, media; DN "EMAILADDRESS=android@android.com, CN=Android, OU=Android, O=Android, L=Mountain View, ST=California, C=US"). Anyone can sign an APK with them, so an app signed with one can be replaced by a malicious "update" signed by anybody.',
    manual: 'Run `apksigner verify --print-certs app.apk` and compare the certificate with the AOSP `build/target/product/security/*.x509.pem` files.',
    remediation: 'Sign with a private release key.',
  },
  run(ctx) {
    const { app } = ctx;
    for (const { schemes, cert } of distinctSigners(app)) {
      if (!cert.isAospTestKey) continue;
      ctx.report({
        message: `The ${schemes.join('/')} signer uses a publicly known AOSP test key: anyone can sign updates for this app.`,
        locations: [signerLocation(app, cert, schemes)],
        evidence: [certSummary(cert)],
      });
    }
  },
});
