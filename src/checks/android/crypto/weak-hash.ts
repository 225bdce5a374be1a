import type { CallSite } from '../../../formats/dex/index.js';
import { defineAndroidCheck, isLibrary, refs } from '../support.js';
import { labelsOf, reportByMethod, shortCallName, type CodeHit } from '../bytecode-support.js';
import { callWithString, ConstantTracer, MESSAGE_DIGEST, weakHash } from './crypto-support.js';

/** Helper APIs whose name fixes a broken hash: commons-codec DigestUtils, Guava Hashing, okio. */
const NAMED_HASH_APIS: { cls: string; names: string[]; hash: string }[] = [
  { cls: 'Lorg/apache/commons/codec/digest/DigestUtils;', names: ['md5', 'md5Hex', 'getMd5Digest'], hash: 'MD5' },
  { cls: 'Lorg/apache/commons/codec/digest/DigestUtils;', names: ['md2', 'md2Hex', 'getMd2Digest'], hash: 'MD2' },
  // commons-codec's `sha`/`shaHex` are the deprecated SHA-1 spellings.
  { cls: 'Lorg/apache/commons/codec/digest/DigestUtils;', names: ['sha', 'shaHex', 'sha1', 'sha1Hex', 'getShaDigest', 'getSha1Digest'], hash: 'SHA-1' },
  { cls: 'Lcom/google/common/hash/Hashing;', names: ['md5'], hash: 'MD5' },
  { cls: 'Lcom/google/common/hash/Hashing;', names: ['sha1'], hash: 'SHA-1' },
  { cls: 'Lokio/ByteString;', names: ['md5'], hash: 'MD5' },
  { cls: 'Lokio/ByteString;', names: ['sha1'], hash: 'SHA-1' },
  { cls: 'Lokio/Buffer;', names: ['md5'], hash: 'MD5' },
  { cls: 'Lokio/Buffer;', names: ['sha1'], hash: 'SHA-1' },
];

export default defineAndroidCheck({
  id: 'android.crypto.weak-hash',
  meta: {
    title: 'Broken hash function (MD5, SHA-1, MD4, MD2)',
    family: 'crypto',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'high',
    references: refs({ masvs: ['MASVS-CRYPTO-1'], maswe: ['MASWE-0008'], cwe: ['CWE-328', 'CWE-327'], dfs: ['APP-53', 'APP-63', 'APP-01'] }),
    description: [
      'Finds calls that select a hash with broken collision resistance: `MessageDigest.getInstance` with `"MD5"`, `"MD4"`, `"MD2"`, `"SHA-1"`, `"SHA1"` or `"SHA"` (the algorithm name is read from the constant argument, a field that only holds that constant, or the constants the callers pass to a parameter), the commons-codec `DigestUtils.md5*/sha1*/sha*` helpers, Guava `Hashing.md5()/sha1()` and okio `md5()/sha1()`. `Mac.getInstance("HmacMD5")` is reported at low severity (HMAC-MD5 is not broken as a MAC, but MD5 should be retired); HMAC-SHA1 is not reported.',
      '',
      'MD5 collisions are computed in seconds and SHA-1 collisions were shown in practice (SHAttered, 2017); both are unfit for signatures, integrity tags, password or PIN storage and anything an attacker can choose the input of. A fast unsalted hash of a PIN is also reversed by exhaustive search.',
      '',
      'Library policy: only the app\'s own code is reported. Bundled SDKs use MD5/SHA-1 mostly for cache keys, protocol fields (WebSocket handshake) or package-signature fingerprints, which are not security decisions of the app; reporting them would bury the app\'s own uses.',
    ].join('\n'),
    manual:
      'Open the reported method (jadx, or `baksmali` and search for `MessageDigest;->getInstance`) and find what is hashed: a PIN, password, transaction or message that needs integrity, a signature input, or a token derivation is a finding; a cache key or a non-security checksum is informational.',
    remediation:
      'Use SHA-256 or better (`MessageDigest.getInstance("SHA-256")`) for integrity, HMAC-SHA-256 for authentication tags, and a slow salted KDF (PBKDF2 with a high iteration count, scrypt or Argon2) for PINs and passwords — or, better, verify PINs on the server only.',
  },
  run(ctx) {
    const { app } = ctx;
    const code = app.code;
    const tracer = new ConstantTracer(app);
    const hits: CodeHit[] = [];
    const own = (c: CallSite): boolean => !isLibrary(app, c.classType);

    for (const site of code.callsTo(MESSAGE_DIGEST, 'getInstance')) {
      if (!own(site) || !site.args[0]) continue;
      for (const s of tracer.strings(site.args[0], site)) {
        const hash = weakHash(s.value);
        if (!hash) continue;
        hits.push({ place: site, target: site.target, related: s.via ? [s.via] : [], evidence: `${callWithString(site.target, s)}: ${hash}`, label: hash, severity: 'medium' });
      }
    }
    for (const site of code.callsTo('Ljavax/crypto/Mac;', 'getInstance')) {
      if (!own(site) || !site.args[0]) continue;
      for (const s of tracer.strings(site.args[0], site)) {
        if (s.value.trim().toUpperCase() !== 'HMACMD5') continue;
        hits.push({ place: site, target: site.target, related: s.via ? [s.via] : [], evidence: `${callWithString(site.target, s)}: HMAC-MD5`, label: 'HMAC-MD5', severity: 'low' });
      }
    }
    for (const api of NAMED_HASH_APIS) {
      for (const name of api.names) {
        for (const site of code.callsTo(api.cls, name)) {
          if (!own(site)) continue;
          hits.push({ place: site, target: site.target, evidence: `${shortCallName(site.target)}(…): ${api.hash}`, label: api.hash, severity: 'medium' });
        }
      }
    }

    reportByMethod(ctx, hits, (method, g) =>
      g.every((h) => h.label === 'HMAC-MD5')
        ? `${method} uses HMAC-MD5: not broken as a MAC, but built on a retired hash.`
        : `${method} hashes with ${labelsOf(g)}, which is broken for collision resistance.`);
  },
});
