/**
 * @module formats/apksig/signature-algorithms
 * The signature algorithms APK signatures use and how each maps onto `node:crypto`:
 * - APK Signing Block algorithm IDs (AOSP apksig SignatureAlgorithm, source.android.com "APK Signature
 *   Scheme v2" → "Signature algorithm IDs");
 * - X.509 / PKCS #7 algorithm OIDs (RFC 3279, RFC 4055, RFC 5758).
 * Verification never throws: a key or signature node cannot use is reported as "did not verify" with the
 * reason, because a hostile APK must not be able to turn a bad signature into a crash.
 */
import { createPublicKey, verify as cryptoVerify, constants, type KeyObject } from 'node:crypto';
import { Oid } from '../asn1/index.js';

/** Content digest algorithms of the v2/v3 schemes. */
export type ContentDigestAlgorithm = 'CHUNKED_SHA256' | 'CHUNKED_SHA512' | 'VERITY_CHUNKED_SHA256';

export interface BlockSignatureAlgorithm {
  id: number;
  name: string;
  digest: ContentDigestAlgorithm;
  keyType: 'rsa' | 'ec' | 'dsa';
  hash: 'sha256' | 'sha512';
  /** RSASSA-PSS salt length (digest length, MGF1 with the same digest) when the scheme is PSS. */
  pssSaltLength?: number;
  /** First Android API level that accepts this algorithm in an APK Signing Block. */
  minSdk: number;
}

/**
 * APK Signing Block signature algorithm IDs. The verity variants digest the APK as an fs-verity Merkle tree
 * (4 KiB pages) instead of 1 MiB chunks and are accepted from Android 9 (API 28).
 */
export const BLOCK_SIGNATURE_ALGORITHMS: readonly BlockSignatureAlgorithm[] = [
  { id: 0x0101, name: 'RSA_PSS_WITH_SHA256', digest: 'CHUNKED_SHA256', keyType: 'rsa', hash: 'sha256', pssSaltLength: 32, minSdk: 24 },
  { id: 0x0102, name: 'RSA_PSS_WITH_SHA512', digest: 'CHUNKED_SHA512', keyType: 'rsa', hash: 'sha512', pssSaltLength: 64, minSdk: 24 },
  { id: 0x0103, name: 'RSA_PKCS1_V1_5_WITH_SHA256', digest: 'CHUNKED_SHA256', keyType: 'rsa', hash: 'sha256', minSdk: 24 },
  { id: 0x0104, name: 'RSA_PKCS1_V1_5_WITH_SHA512', digest: 'CHUNKED_SHA512', keyType: 'rsa', hash: 'sha512', minSdk: 24 },
  { id: 0x0201, name: 'ECDSA_WITH_SHA256', digest: 'CHUNKED_SHA256', keyType: 'ec', hash: 'sha256', minSdk: 24 },
  { id: 0x0202, name: 'ECDSA_WITH_SHA512', digest: 'CHUNKED_SHA512', keyType: 'ec', hash: 'sha512', minSdk: 24 },
  { id: 0x0301, name: 'DSA_WITH_SHA256', digest: 'CHUNKED_SHA256', keyType: 'dsa', hash: 'sha256', minSdk: 24 },
  { id: 0x0421, name: 'VERITY_RSA_PKCS1_V1_5_WITH_SHA256', digest: 'VERITY_CHUNKED_SHA256', keyType: 'rsa', hash: 'sha256', minSdk: 28 },
  { id: 0x0423, name: 'VERITY_ECDSA_WITH_SHA256', digest: 'VERITY_CHUNKED_SHA256', keyType: 'ec', hash: 'sha256', minSdk: 28 },
  { id: 0x0425, name: 'VERITY_DSA_WITH_SHA256', digest: 'VERITY_CHUNKED_SHA256', keyType: 'dsa', hash: 'sha256', minSdk: 28 },
];

const BY_ID = new Map(BLOCK_SIGNATURE_ALGORITHMS.map((a) => [a.id, a]));

export function blockSignatureAlgorithm(id: number): BlockSignatureAlgorithm | undefined {
  return BY_ID.get(id);
}

/** `0x0103`-style rendering of an unknown algorithm id. */
export function hexId(id: number): string {
  return `0x${(id >>> 0).toString(16)}`;
}

/**
 * Preference between content digests when a platform can pick among several signatures (apksig
 * ApkSigningBlockUtils.compareSignatureAlgorithm): SHA-512 chunks > verity > SHA-256 chunks.
 */
export function contentDigestStrength(d: ContentDigestAlgorithm): number {
  return d === 'CHUNKED_SHA512' ? 3 : d === 'VERITY_CHUNKED_SHA256' ? 2 : 1;
}

/** Digest OID → node hash name. */
export const DIGEST_OID_TO_HASH: ReadonlyMap<string, string> = new Map([
  [Oid.MD5, 'md5'],
  [Oid.SHA1, 'sha1'],
  [Oid.SHA224, 'sha224'],
  [Oid.SHA256, 'sha256'],
  [Oid.SHA384, 'sha384'],
  [Oid.SHA512, 'sha512'],
]);

/** Signature OIDs that name their own digest ("XwithY"); plain key OIDs (rsaEncryption…) take the digest from elsewhere. */
export const SIGNATURE_OID_TO_HASH: ReadonlyMap<string, string> = new Map([
  [Oid.MD5_WITH_RSA, 'md5'],
  [Oid.SHA1_WITH_RSA, 'sha1'],
  [Oid.SHA224_WITH_RSA, 'sha224'],
  [Oid.SHA256_WITH_RSA, 'sha256'],
  [Oid.SHA384_WITH_RSA, 'sha384'],
  [Oid.SHA512_WITH_RSA, 'sha512'],
  [Oid.DSA_WITH_SHA1, 'sha1'],
  [Oid.DSA_WITH_SHA224, 'sha224'],
  [Oid.DSA_WITH_SHA256, 'sha256'],
  [Oid.DSA_WITH_SHA384, 'sha384'],
  [Oid.DSA_WITH_SHA512, 'sha512'],
  [Oid.ECDSA_WITH_SHA1, 'sha1'],
  [Oid.ECDSA_WITH_SHA224, 'sha224'],
  [Oid.ECDSA_WITH_SHA256, 'sha256'],
  [Oid.ECDSA_WITH_SHA384, 'sha384'],
  [Oid.ECDSA_WITH_SHA512, 'sha512'],
]);

/** Key algorithm implied by a signature OID. */
export function keyTypeOfSignatureOid(oid: string): 'rsa' | 'dsa' | 'ec' | undefined {
  switch (oid) {
    case Oid.RSA_ENCRYPTION:
    case Oid.MD5_WITH_RSA:
    case Oid.SHA1_WITH_RSA:
    case Oid.SHA224_WITH_RSA:
    case Oid.SHA256_WITH_RSA:
    case Oid.SHA384_WITH_RSA:
    case Oid.SHA512_WITH_RSA:
      return 'rsa';
    case Oid.DSA:
    case Oid.DSA_WITH_SHA1:
    case Oid.DSA_WITH_SHA224:
    case Oid.DSA_WITH_SHA256:
    case Oid.DSA_WITH_SHA384:
    case Oid.DSA_WITH_SHA512:
      return 'dsa';
    case Oid.EC_PUBLIC_KEY:
    case Oid.ECDSA_WITH_SHA1:
    case Oid.ECDSA_WITH_SHA224:
    case Oid.ECDSA_WITH_SHA256:
    case Oid.ECDSA_WITH_SHA384:
    case Oid.ECDSA_WITH_SHA512:
      return 'ec';
    default:
      return undefined;
  }
}

export type PublicKeyResult = { ok: true; key: KeyObject } | { ok: false; reason: string };

/** Imports a DER SubjectPublicKeyInfo; failure is a value, not an exception. */
export function importSpki(spki: Uint8Array): PublicKeyResult {
  try {
    const key = createPublicKey({ key: Buffer.from(spki.buffer, spki.byteOffset, spki.byteLength), format: 'der', type: 'spki' });
    return { ok: true, key };
  } catch (e) {
    return { ok: false, reason: `public key could not be imported: ${(e as Error).message}` };
  }
}

export interface VerifyRequest {
  hash: string;
  key: KeyObject;
  data: Uint8Array | readonly Uint8Array[];
  signature: Uint8Array;
  pssSaltLength?: number;
  /** Key type the algorithm requires; a key of another type does not verify. */
  keyType?: 'rsa' | 'ec' | 'dsa';
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/** Verifies one signature with node:crypto. DSA/ECDSA signatures are DER (r, s) as in Java/X.509. */
export function verifySignature(req: VerifyRequest): VerifyResult {
  const actualType = req.key.asymmetricKeyType;
  if (req.keyType !== undefined) {
    const matches = req.keyType === 'rsa' ? actualType === 'rsa' || actualType === 'rsa-pss' : actualType === req.keyType;
    if (!matches) return { ok: false, reason: `key type ${actualType ?? 'unknown'} does not match the ${req.keyType.toUpperCase()} algorithm` };
  }
  const data = Array.isArray(req.data) ? Buffer.concat(req.data as Uint8Array[]) : (req.data as Uint8Array);
  try {
    const ok =
      req.pssSaltLength !== undefined
        ? cryptoVerify(req.hash, data, { key: req.key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: req.pssSaltLength }, req.signature)
        : cryptoVerify(req.hash, data, req.key, req.signature);
    return ok ? { ok: true } : { ok: false, reason: 'signature did not verify' };
  } catch (e) {
    return { ok: false, reason: `signature could not be checked: ${(e as Error).message}` };
  }
}
