import { defineAndroidCheck, refs } from '../support.js';
import { labelsOf, reportByMethod, type CodeHit } from '../bytecode-support.js';
import { algorithmNames, callWithString, CIPHER, ConstantTracer, ecbUse, parseTransformation } from './crypto-support.js';

export default defineAndroidCheck({
  id: 'android.crypto.ecb-mode',
  meta: {
    title: 'Block cipher in ECB mode',
    family: 'crypto',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-CRYPTO-1'], maswe: ['MASWE-0007'], cwe: ['CWE-327'], dfs: ['APP-53', 'APP-63', 'APP-01'] }),
    description: [
      'Finds `Cipher.getInstance` transformations that encrypt with a symmetric block cipher in ECB mode: explicitly (`AES/ECB/PKCS5Padding`, `DES/ECB/…`) or by naming only the algorithm (`"AES"`, `"DES"`, `"DESede"`, `"Blowfish"`), for which Android\'s providers choose `ECB/PKCS5Padding`. The transformation is read from the constant argument, a field that only holds that constant, or the constants callers pass to a parameter.',
      '',
      'ECB encrypts equal plaintext blocks to equal ciphertext blocks, so patterns (repeated PIN blocks, amounts, JSON structure) stay visible, and blocks can be cut and replayed without detection. `RSA/ECB/…` is not symmetric ECB (the "ECB" there is a placeholder) and is left to `android.crypto.rsa-no-oaep`; stream ciphers (RC4) and PBE ciphers have no ECB default.',
      '',
      'Library policy: library calls are reported at low confidence; vetted crypto implementations (Tink, BouncyCastle, Conscrypt) are skipped, because they legitimately use single-block ECB to build CMAC, SIV or CTR.',
    ].join('\n'),
    manual:
      'Decompile the reported method and read the transformation passed to `Cipher.getInstance`. A bare `"AES"` is ECB. Check whether more than one block of data is encrypted with it (anything longer than 16 bytes).',
    remediation:
      'Use an authenticated mode: `AES/GCM/NoPadding` with a fresh random 12-byte IV for every message (store the IV with the ciphertext). Always spell out the full transformation `algorithm/mode/padding`.',
  },
  run(ctx) {
    const { app } = ctx;
    const tracer = new ConstantTracer(app);
    const hits: CodeHit[] = [];
    for (const { site, s } of algorithmNames(app, tracer, CIPHER)) {
      const use = ecbUse(s.value);
      if (!use) continue;
      const alg = parseTransformation(s.value).algorithm;
      hits.push({
        place: site, target: site.target, related: s.via ? [s.via] : [],
        evidence: `${callWithString(site.target, s)}: ${use === 'explicit' ? 'ECB mode' : `no mode given, the provider default is ${alg}/ECB/PKCS5Padding`}`,
        label: use === 'explicit' ? `${alg}/ECB` : `${alg} (default ECB)`,
        severity: 'medium',
      });
    }
    reportByMethod(ctx, hits, (method, g) => `${method} encrypts in ECB mode: ${labelsOf(g)}.`, { libraryConfidence: 'low' });
  },
});
