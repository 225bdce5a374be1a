/**
 * @module formats/apksig/idsig
 * APK Signature Scheme v4 signature files (`<apk>.idsig`, Android 11+ incremental install; AOSP apksig
 * V4Signature, source.android.com "APK Signature Scheme v4"). The file sits beside the APK, so whether
 * one exists is the caller's business; this module reads and checks it. Little-endian throughout:
 *
 *   int32 version (2; 3 for v4.1 with extra signing infos)
 *   lp(hashing info)  = int32 hash algorithm (1 = SHA-256) | int8 log2 block size (12) | lp(salt) | lp(root hash)
 *   lp(signing info)  = lp(apk digest) | lp(certificate) | lp(additional data) | lp(public key) |
 *                       int32 signature algorithm | lp(signature)
 *                       [v3: then blocks of int32 id | lp(signing info) for rotated signers]
 *   lp(merkle tree)   (optional)
 *
 * The signature covers: int32 size | int64 APK file size | hashing info fields | apk digest | certificate |
 * additional data (V4Signature.getSigningData).
 */
import { ByteReader } from '../bytes.js';
import { ErrorCodes, FormatError, isDfslabError } from '../../errors.js';
import { parseCertificateDetails, type CertificateInfo } from './certificate.js';
import { blockSignatureAlgorithm, hexId, importSpki, verifySignature } from './signature-algorithms.js';

export interface IdsigSigningInfo {
  /** The v2/v3 content digest this signature binds to (the best of the APK's signer digests). */
  apkDigest: Uint8Array;
  certificateDer: Uint8Array;
  /** Parsed certificate, when it parses. */
  certificate?: CertificateInfo;
  certificateError?: string;
  additionalData: Uint8Array;
  publicKey: Uint8Array;
  signatureAlgorithmId: number;
  /** Name of the algorithm (e.g. "RSA_PKCS1_V1_5_WITH_SHA256") or its hex ID. */
  signatureAlgorithm: string;
  signature: Uint8Array;
}

export interface IdsigFile {
  version: number;
  hashAlgorithm: number;
  hashAlgorithmName: string;
  log2BlockSize: number;
  salt: Uint8Array;
  /** fs-verity root hash of the APK (salted digest of the first Merkle tree page). */
  rawRootHash: Uint8Array;
  signingInfo: IdsigSigningInfo;
  /** v4.1: signing infos of additional (rotated) signers, with their block IDs. */
  additionalSigningInfos: Array<{ id: number; signingInfo: IdsigSigningInfo }>;
  /** Size of the embedded Merkle tree, 0 when absent. */
  merkleTreeSize: number;
}

const SUPPORTED_VERSIONS = new Set([2, 3]);
const HASH_NAMES: ReadonlyMap<number, string> = new Map([[1, 'SHA-256']]);

function idsigError(message: string, offset?: number): FormatError {
  return new FormatError(ErrorCodes.APKSIG_BAD_IDSIG, `${message}; the .idsig file is malformed or truncated`, offset === undefined ? {} : { offset });
}

/** Parses an .idsig file; throws `DFSLAB_E_APKSIG_BAD_IDSIG` when it is malformed. */
export function parseIdsig(bytes: Uint8Array): IdsigFile {
  try {
    return parseIdsigUnchecked(bytes);
  } catch (e) {
    if (isDfslabError(e) && e.code !== ErrorCodes.APKSIG_BAD_IDSIG) throw idsigError(e.message, e.offset);
    throw e;
  }
}

function parseIdsigUnchecked(bytes: Uint8Array): IdsigFile {
  const r = new ByteReader(bytes, 0, '.idsig');
  const version = r.i32le();
  if (!SUPPORTED_VERSIONS.has(version)) throw idsigError(`unsupported v4 signature version ${version} (expected 2 or 3)`, 0);
  const hashing = new ByteReader(r.bytesN(r.u32le()));
  const hashAlgorithm = hashing.i32le();
  const log2BlockSize = hashing.u8();
  const salt = hashing.bytesN(hashing.u32le());
  const rawRootHash = hashing.bytesN(hashing.u32le());
  if (salt.length > 32) throw idsigError(`salt of ${salt.length} bytes (fs-verity allows at most 32)`);
  const signingBlock = r.bytesN(r.u32le());
  const signing = new ByteReader(signingBlock);
  const signingInfo = readSigningInfo(signing);
  const additionalSigningInfos: IdsigFile['additionalSigningInfos'] = [];
  while (signing.remaining > 0) {
    const id = signing.u32le();
    additionalSigningInfos.push({ id, signingInfo: readSigningInfo(new ByteReader(signing.bytesN(signing.u32le()))) });
  }
  let merkleTreeSize = 0;
  if (r.remaining >= 4) merkleTreeSize = r.bytesN(r.u32le()).length;
  return {
    version,
    hashAlgorithm,
    hashAlgorithmName: HASH_NAMES.get(hashAlgorithm) ?? `unknown (${hashAlgorithm})`,
    log2BlockSize,
    salt,
    rawRootHash,
    signingInfo,
    additionalSigningInfos,
    merkleTreeSize,
  };
}

function readSigningInfo(r: ByteReader): IdsigSigningInfo {
  const apkDigest = r.bytesN(r.u32le());
  const certificateDer = r.bytesN(r.u32le());
  const additionalData = r.bytesN(r.u32le());
  const publicKey = r.bytesN(r.u32le());
  const signatureAlgorithmId = r.u32le();
  const signature = r.bytesN(r.u32le());
  const info: IdsigSigningInfo = {
    apkDigest,
    certificateDer,
    additionalData,
    publicKey,
    signatureAlgorithmId,
    signatureAlgorithm: blockSignatureAlgorithm(signatureAlgorithmId)?.name ?? hexId(signatureAlgorithmId),
    signature,
  };
  try {
    info.certificate = parseCertificateDetails(Uint8Array.from(certificateDer)).info;
  } catch (e) {
    if (!isDfslabError(e)) throw e;
    info.certificateError = e.message;
  }
  return info;
}

export type IdsigVerification = { ok: true } | { ok: false; reason: string };

/**
 * Checks the v4 signature of the main signing info over the hashing info and APK digest, for an APK of
 * `apkFileSize` bytes. Does not rebuild the Merkle tree (that needs the APK and is the platform's job at
 * install time); compare `signingInfo.apkDigest` with the v2/v3 content digest to bind it to the APK.
 */
export function verifyIdsigSignature(file: IdsigFile, apkFileSize: number): IdsigVerification {
  const s = file.signingInfo;
  const alg = blockSignatureAlgorithm(s.signatureAlgorithmId);
  if (alg === undefined) return { ok: false, reason: `unknown signature algorithm ${hexId(s.signatureAlgorithmId)}` };
  if (s.certificate !== undefined && !Buffer.from(s.publicKey).equals(Buffer.from(certificateSpki(s.certificateDer) ?? []))) {
    return { ok: false, reason: 'public key does not match the certificate' };
  }
  const lp = (b: Uint8Array): Buffer => {
    const out = Buffer.alloc(4 + b.length);
    out.writeUInt32LE(b.length, 0);
    out.set(b, 4);
    return out;
  };
  const body = Buffer.concat([
    Buffer.from(new Uint8Array(8 + 4 + 1)),
    lp(file.salt),
    lp(file.rawRootHash),
    lp(s.apkDigest),
    lp(s.certificateDer),
    lp(s.additionalData),
  ]);
  body.writeBigInt64LE(BigInt(apkFileSize), 0);
  body.writeInt32LE(file.hashAlgorithm, 8);
  body.writeInt8(file.log2BlockSize << 24 >> 24, 12);
  const size = Buffer.alloc(4);
  size.writeUInt32LE(body.length + 4, 0);
  const key = importSpki(s.publicKey);
  if (!key.ok) return { ok: false, reason: key.reason };
  const v = verifySignature({
    hash: alg.hash,
    key: key.key,
    data: [size, body],
    signature: s.signature,
    keyType: alg.keyType,
    ...(alg.pssSaltLength === undefined ? {} : { pssSaltLength: alg.pssSaltLength }),
  });
  return v.ok ? { ok: true } : { ok: false, reason: v.reason };
}

function certificateSpki(der: Uint8Array): Uint8Array | undefined {
  try {
    return parseCertificateDetails(Uint8Array.from(der)).spki;
  } catch (e) {
    if (isDfslabError(e)) return undefined;
    throw e;
  }
}
