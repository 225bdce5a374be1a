import { defineAndroidCheck, refs } from '../support.js';
import { labelsOf, reportByMethod, type CodeHit } from '../bytecode-support.js';
import { algorithmNames, callWithString, CIPHER, ConstantTracer, unsafeRsaPadding } from './crypto-support.js';

export default defineAndroidCheck({
  id: 'android.crypto.rsa-no-oaep',
  meta: {
    title: 'RSA encryption without OAEP padding',
    family: 'crypto',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-CRYPTO-1'], maswe: ['MASWE-0007'], cwe: ['CWE-780', 'CWE-327'], dfs: ['APP-53', 'APP-63', 'APP-01'] }),
    description: [
      'Finds `Cipher.getInstance` with an RSA transformation that does not use OAEP: `"RSA"` alone (the provider picks the padding; older Android providers pick none), `RSA/ECB/PKCS1Padding` or `RSA/NONE/PKCS1Padding` (PKCS#1 v1.5), and `RSA/…/NoPadding` (textbook RSA).',
      '',
      'PKCS#1 v1.5 encryption is exposed to Bleichenbacher-style padding-oracle attacks wherever decryption errors can be observed (ROBOT, 2017), and textbook RSA is deterministic and malleable: an encrypted PIN block can be recognised and altered. OAEP (`RSA/ECB/OAEPWithSHA-256AndMGF1Padding`) is the fix.',
      '',
      'Library policy: library calls are reported at low confidence; vetted crypto implementations (Tink, BouncyCastle, Conscrypt) are skipped.',
    ].join('\n'),
    manual:
      'Decompile the reported method and read the transformation string. Check whether the call encrypts (mode 1, `ENCRYPT_MODE`) data such as PIN blocks or session keys; signature verification done with `Cipher` is a separate misuse.',
    remediation:
      'Use `RSA/ECB/OAEPWithSHA-256AndMGF1Padding` (supported by the Android Keystore and Conscrypt) and make the server decrypt with the same OAEP parameters; better, agree a key with ECDH and encrypt with AES-GCM.',
  },
  run(ctx) {
    const { app } = ctx;
    const tracer = new ConstantTracer(app);
    const hits: CodeHit[] = [];
    for (const { site, s } of algorithmNames(app, tracer, CIPHER)) {
      const why = unsafeRsaPadding(s.value);
      if (!why) continue;
      hits.push({
        place: site, target: site.target, related: s.via ? [s.via] : [],
        evidence: `${callWithString(site.target, s)}: ${why}`, label: s.value.trim(), severity: 'medium',
      });
    }
    reportByMethod(ctx, hits, (method, g) => `${method} encrypts with RSA without OAEP (${labelsOf(g)}).`, { libraryConfidence: 'low' });
  },
});
