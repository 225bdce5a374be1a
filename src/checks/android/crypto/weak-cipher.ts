import { defineAndroidCheck, refs } from '../support.js';
import { labelsOf, reportByMethod, type CodeHit } from '../bytecode-support.js';
import {
  algorithmNames, callWithString, CIPHER, ConstantTracer, KEY_GENERATOR, parseTransformation, SECRET_KEY_FACTORY, weakCipher,
} from './crypto-support.js';

/** JCA factories whose first argument names a cipher algorithm. */
const FACTORIES = [CIPHER, SECRET_KEY_FACTORY, KEY_GENERATOR];

export default defineAndroidCheck({
  id: 'android.crypto.weak-cipher',
  meta: {
    title: 'Broken or retired cipher (DES, 3DES, RC4, RC2, Blowfish)',
    family: 'crypto',
    kind: 'weakness',
    severity: 'high',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-CRYPTO-1'], maswe: ['MASWE-0007'], cwe: ['CWE-327'], dfs: ['APP-53', 'APP-63', 'APP-01'] }),
    description: [
      'Finds `Cipher.getInstance`, `SecretKeyFactory.getInstance` and `KeyGenerator.getInstance` calls whose algorithm (the constant argument, a field only ever holding that constant, or the constants callers pass to a parameter) is DES, Triple DES (`DESede`, `TripleDES`), RC4 (`ARCFOUR`), RC2 or Blowfish, including PBE names built on them (`PBEWithMD5AndDES`).',
      '',
      'DES has a 56-bit key that is searched exhaustively in hours; RC4\'s keystream is biased (RFC 7465 banned it from TLS); RC2 is weak; 3DES and Blowfish have 64-bit blocks, so large volumes under one key leak plaintext through block collisions (SWEET32), and NIST SP 800-131A retired 3DES. DES, RC4 and RC2 are high severity, 3DES and Blowfish medium.',
      '',
      'Library policy: calls in bundled libraries are reported at low confidence (the library\'s data may not be the app\'s); vetted crypto implementations (Tink, BouncyCastle, Conscrypt) are not reported, since they provide these algorithms rather than choose them.',
    ].join('\n'),
    manual:
      'Decompile the reported method and read the algorithm string passed to `Cipher.getInstance` (or the factory). Check what is encrypted (PINs, tokens, stored data) and whether the key is also hard-coded.',
    remediation:
      'Use AES-256 in GCM mode (`AES/GCM/NoPadding`) with a random 12-byte IV per message and a key generated in the Android Keystore; re-encrypt data stored with the old cipher on upgrade.',
  },
  run(ctx) {
    const { app } = ctx;
    const tracer = new ConstantTracer(app);
    const hits: CodeHit[] = [];
    for (const factory of FACTORIES) {
      for (const { site, s } of algorithmNames(app, tracer, factory)) {
        const weak = weakCipher(parseTransformation(s.value).algorithm);
        if (!weak) continue;
        hits.push({
          place: site, target: site.target, related: s.via ? [s.via] : [],
          evidence: `${callWithString(site.target, s)}: ${weak.name} (${weak.why})`,
          label: weak.name,
          severity: weak.severity,
        });
      }
    }
    reportByMethod(ctx, hits, (method, g) => `${method} uses ${labelsOf(g)}, a broken or retired cipher.`, { libraryConfidence: 'low' });
  },
});
