/**
 * @module formats/apksig/scheme-block
 * APK Signature Scheme v2 / v3 / v3.1 signer blocks (source.android.com "APK Signature Scheme v2" and
 * "v3"; AOSP apksig V2SchemeVerifier, V3SchemeVerifier). All integers little-endian, every variable part
 * length-prefixed with a uint32:
 *
 *   block   = lp(sequence of lp(signer))
 *   signer  = lp(signed data) | [v3: int32 minSdk | int32 maxSdk] | lp(sequence of lp(signature)) | lp(public key)
 *   signed  = lp(sequence of lp(digest)) | lp(sequence of lp(certificate)) | [v3: minSdk | maxSdk] |
 *             lp(sequence of lp(attribute))
 *   signature, digest = uint32 algorithm id | lp(bytes);   attribute = uint32 id | value
 *
 * The signature over the signed data is checked first (with the algorithms the SDK range would pick);
 * only then is the signed data trusted and parsed. Content digests are checked afterwards by the caller,
 * once for all schemes (see content-digest.ts).
 */
import { createPublicKey } from 'node:crypto';
import { ByteReader } from '../bytes.js';
import { isDfslabError } from '../../errors.js';
import { parseCertificateDetails, type ParsedCertificate } from './certificate.js';
import type { ContentDigestResult } from './content-digest.js';
import { consolidateLineages, readLineage, sameCertificate, type LineageNode } from './lineage.js';
import {
  blockSignatureAlgorithm,
  contentDigestStrength,
  hexId,
  importSpki,
  verifySignature,
  type BlockSignatureAlgorithm,
  type ContentDigestAlgorithm,
} from './signature-algorithms.js';

export type SchemeKind = 'v2' | 'v3' | 'v31';

export const SCHEME_NAMES: Readonly<Record<SchemeKind, string>> = {
  v2: 'APK Signature Scheme v2',
  v3: 'APK Signature Scheme v3',
  v31: 'APK Signature Scheme v3.1',
};

/** Additional attribute IDs (apksig V2SchemeConstants / V3SchemeConstants). */
export const AttributeId = {
  STRIPPING_PROTECTION: 0xbeeff00d,
  PROOF_OF_ROTATION: 0x3ba06f8c,
  ROTATION_MIN_SDK_VERSION: 0x559f8b02,
  SIGNER_TARGETS_DEV_RELEASE: 0xc2a6b3ba,
} as const;

/** The platform accepts at most this many signers per scheme (apksig Constants.MAX_APK_SIGNERS). */
const MAX_SIGNERS = 10;
/**
 * Certificates per signer beyond which the block is refused. The platform sets no limit, but real signers
 * carry one certificate (rarely a short chain) and each one costs a signature check, so a hostile block
 * with thousands must not be able to stall an audit.
 */
export const MAX_CERTIFICATES = 32;
/** First API level with v3.1 (Android 13). */
export const MIN_SDK_WITH_V31 = 33;

export interface BlockSigner {
  index: number;
  errors: string[];
  warnings: string[];
  certs: ParsedCertificate[];
  signatures: Array<{ id: number; bytes: Uint8Array }>;
  digests: Array<{ id: number; bytes: Uint8Array }>;
  attributes: Array<{ id: number; value: Uint8Array }>;
  minSdk?: number;
  maxSdk?: number;
  lineage?: LineageNode[];
  /** Algorithms whose signature over the signed data verified. */
  verifiedAlgorithms: BlockSignatureAlgorithm[];
}

export interface SchemeBlockOutcome {
  kind: SchemeKind;
  errors: string[];
  warnings: string[];
  signers: BlockSigner[];
  /** Content digest algorithms whose expected values must be checked against the APK. */
  digestsToVerify: Set<ContentDigestAlgorithm>;
  /** v3: the consolidated lineage of all signers. */
  lineage?: LineageNode[];
}

export interface SchemeContext {
  /** Lower bound already raised to the scheme's first API level (24 for v2, 28 for v3). */
  minSdk: number;
  maxSdk: number;
  /** v2: scheme IDs the range knows (stripping protection). */
  supportedSchemes: ReadonlyMap<number, string>;
  /** v2: scheme IDs whose blocks were found. */
  foundSchemes: ReadonlySet<number>;
  /** v3.0: lowest minSdk of the v3.1 signers, when a v3.1 block exists. */
  rotationMinSdk?: number;
}

/** Parses the signers of one scheme block and verifies their signatures over the signed data. */
export function verifySchemeBlock(kind: SchemeKind, value: Uint8Array, ctx: SchemeContext): SchemeBlockOutcome {
  const out: SchemeBlockOutcome = { kind, errors: [], warnings: [], signers: [], digestsToVerify: new Set() };
  let signersBytes: Uint8Array;
  try {
    const r = new ByteReader(value);
    signersBytes = r.bytesN(r.u32le());
  } catch (e) {
    if (!isDfslabError(e)) throw e;
    out.errors.push('Malformed list of signers');
    return out;
  }
  if (signersBytes.length === 0) {
    out.errors.push('No signers');
    return out;
  }
  const list = new ByteReader(signersBytes);
  let count = 0;
  while (list.remaining > 0) {
    if (count === MAX_SIGNERS) {
      // Stop before spending signature checks on signers the platform rejects anyway.
      out.errors.push(`more than the ${MAX_SIGNERS} signers the platform accepts`);
      return out;
    }
    const signer: BlockSigner = {
      index: count,
      errors: [],
      warnings: [],
      certs: [],
      signatures: [],
      digests: [],
      attributes: [],
      verifiedAlgorithms: [],
    };
    count++;
    out.signers.push(signer);
    try {
      const bytes = list.bytesN(list.u32le());
      parseSigner(kind, bytes, signer, ctx, out.digestsToVerify);
    } catch (e) {
      if (!isDfslabError(e)) throw e;
      // A truncated length-prefixed field anywhere in the signer: the platform stops at this signer.
      signer.errors.push('Malformed signer block');
      return out;
    }
  }
  return out;
}

function parseSigner(
  kind: SchemeKind,
  bytes: Uint8Array,
  s: BlockSigner,
  ctx: SchemeContext,
  digestsToVerify: Set<ContentDigestAlgorithm>,
): void {
  const r = new ByteReader(bytes);
  const signedData = r.bytesN(r.u32le());
  let minSdk = ctx.minSdk;
  let maxSdk = ctx.maxSdk;
  if (kind !== 'v2') {
    minSdk = r.i32le();
    maxSdk = r.i32le();
    s.minSdk = minSdk;
    s.maxSdk = maxSdk;
    if (minSdk < 0 || minSdk > maxSdk) s.errors.push(`Invalid SDK version range in signer: ${minSdk} to ${maxSdk}`);
  }
  const signaturesBytes = r.bytesN(r.u32le());
  const publicKey = r.bytesN(r.u32le());

  const supported: Array<{ alg: BlockSignatureAlgorithm; bytes: Uint8Array }> = [];
  const sigs = new ByteReader(signaturesBytes);
  let n = 0;
  while (sigs.remaining > 0) {
    n++;
    try {
      const sig = new ByteReader(sigs.bytesN(sigs.u32le()));
      const id = sig.u32le();
      const sigBytes = sig.bytesN(sig.u32le());
      s.signatures.push({ id, bytes: sigBytes });
      const alg = blockSignatureAlgorithm(id);
      if (alg === undefined) s.warnings.push(`Unknown signature algorithm: ${hexId(id)}`);
      else supported.push({ alg, bytes: sigBytes });
    } catch (e) {
      if (!isDfslabError(e)) throw e;
      s.errors.push(`Malformed signature record #${n}`);
      return;
    }
  }
  if (s.signatures.length === 0) {
    s.errors.push('No signatures');
    return;
  }

  let effectiveMin = minSdk;
  if (kind !== 'v2' && signedDataTargetsDevRelease(signedData)) effectiveMin++;
  const toVerify = signaturesToVerify(supported, effectiveMin, maxSdk);
  if (typeof toVerify === 'string') {
    s.errors.push(`No supported signatures: ${toVerify}`);
    return;
  }
  for (const { alg, bytes: sigBytes } of toVerify) {
    const key = importSpki(publicKey);
    if (!key.ok) {
      s.errors.push(`Malformed public key: ${key.reason}`);
      return;
    }
    const v = verifySignature({
      hash: alg.hash,
      key: key.key,
      data: signedData,
      signature: sigBytes,
      keyType: alg.keyType,
      ...(alg.pssSaltLength === undefined ? {} : { pssSaltLength: alg.pssSaltLength }),
    });
    if (!v.ok) {
      s.errors.push(
        v.reason === 'signature did not verify'
          ? `${alg.name} signature over signed-data did not verify`
          : `Failed to verify ${alg.name} signature: ${v.reason}`,
      );
      return;
    }
    s.verifiedAlgorithms.push(alg);
    digestsToVerify.add(alg.digest);
  }

  // The signed data is now authenticated; parse it.
  const sd = new ByteReader(signedData);
  const digestsBytes = sd.bytesN(sd.u32le());
  const certsBytes = sd.bytesN(sd.u32le());
  if (kind !== 'v2') {
    const signedMin = sd.i32le();
    const signedMax = sd.i32le();
    if (signedMin !== minSdk) s.errors.push(`minSdkVersion mismatch between signer (${minSdk}) and signed data (${signedMin})`);
    if (signedMax !== maxSdk) s.errors.push(`maxSdkVersion mismatch between signer (${maxSdk}) and signed data (${signedMax})`);
  }
  const attrsBytes = sd.bytesN(sd.u32le());

  const certs = new ByteReader(certsBytes);
  let certIndex = 0;
  while (certs.remaining > 0) {
    certIndex++;
    if (certIndex > MAX_CERTIFICATES) {
      s.errors.push(`more than ${MAX_CERTIFICATES} certificates in one signer`);
      return;
    }
    const der = certs.bytesN(certs.u32le());
    try {
      s.certs.push(parseCertificateDetails(Uint8Array.from(der)));
    } catch (e) {
      if (!isDfslabError(e)) throw e;
      s.errors.push(`Malformed certificate #${certIndex}: ${e.message}`);
      return;
    }
  }
  if (s.certs.length === 0) {
    s.errors.push('No certificates');
    return;
  }
  const mismatch = publicKeyMismatch(publicKey, s.certs[0]!.spki);
  if (mismatch) {
    s.errors.push(
      `Public key mismatch between certificate and signature record: <${Buffer.from(s.certs[0]!.spki).toString('hex')}> vs <${Buffer.from(publicKey).toString('hex')}>`,
    );
    return;
  }

  const digests = new ByteReader(digestsBytes);
  let digestIndex = 0;
  while (digests.remaining > 0) {
    digestIndex++;
    try {
      const d = new ByteReader(digests.bytesN(digests.u32le()));
      const id = d.u32le();
      s.digests.push({ id, bytes: d.bytesN(d.u32le()) });
    } catch (e) {
      if (!isDfslabError(e)) throw e;
      s.errors.push(`Malformed digest record #${digestIndex}`);
      return;
    }
  }
  const sigIds = s.signatures.map((x) => x.id);
  const digestIds = s.digests.map((x) => x.id);
  if (sigIds.length !== digestIds.length || sigIds.some((id, i) => id !== digestIds[i])) {
    s.errors.push(
      `Signature algorithms mismatch between signatures and digests records: [${sigIds.map(hexId).join(', ')}] vs [${digestIds.map(hexId).join(', ')}]`,
    );
    return;
  }

  const attrs = new ByteReader(attrsBytes);
  let attrIndex = 0;
  const expectedSchemes: number[] = [];
  let rotationAttrFound = false;
  while (attrs.remaining > 0) {
    attrIndex++;
    let id: number;
    let value: Uint8Array;
    try {
      const a = new ByteReader(attrs.bytesN(attrs.u32le()));
      id = a.u32le();
      value = a.bytesN(a.remaining);
    } catch (e) {
      if (!isDfslabError(e)) throw e;
      s.errors.push(`Malformed additional attribute #${attrIndex}`);
      return;
    }
    s.attributes.push({ id, value });
    if (kind === 'v2' && id === AttributeId.STRIPPING_PROTECTION) {
      // A v2 signer made alongside a newer scheme names it, so stripping the newer block is detected.
      if (value.length < 4) {
        s.errors.push(`Malformed additional attribute #${attrIndex}`);
        return;
      }
      const schemeId = new ByteReader(value).i32le();
      if (ctx.supportedSchemes.has(schemeId)) expectedSchemes.push(schemeId);
      else s.warnings.push(`signer #${s.index + 1} references unknown APK signature scheme ID: ${schemeId}`);
    } else if (kind !== 'v2' && id === AttributeId.PROOF_OF_ROTATION) {
      const lineage = readLineage(value);
      if (!lineage.ok) {
        s.errors.push(
          lineage.kind === 'malformed'
            ? `Malformed proof-of-rotation lineage: ${lineage.reason}`
            : `Proof-of-rotation lineage did not verify: ${lineage.reason}`,
        );
      } else {
        const last = lineage.nodes[lineage.nodes.length - 1]!;
        if (!sameCertificate(last.cert, s.certs[0]!)) {
          s.errors.push('Signing certificate is not the newest certificate of its proof-of-rotation lineage');
        }
        s.lineage = lineage.nodes;
      }
    } else if (kind !== 'v2' && id === AttributeId.ROTATION_MIN_SDK_VERSION) {
      rotationAttrFound = true;
      // Rotation targeting arrived with v3.1 (Android 13); older ranges ignore the attribute.
      if (kind === 'v3' && ctx.maxSdk >= MIN_SDK_WITH_V31) {
        if (value.length < 4) {
          s.errors.push(`Malformed additional attribute #${attrIndex}`);
          return;
        }
        const attrMin = new ByteReader(value).i32le();
        if (ctx.rotationMinSdk === undefined) {
          s.errors.push(`The v3 signer targets rotation from SDK ${attrMin}, but no v3.1 signing block was found. Signature stripped?`);
        } else if (attrMin !== ctx.rotationMinSdk) {
          s.errors.push(`The v3 signer's rotation-min-sdk-version (${attrMin}) does not match the v3.1 block's (${ctx.rotationMinSdk})`);
        }
      }
    } else if (kind !== 'v2' && id === AttributeId.SIGNER_TARGETS_DEV_RELEASE) {
      if (kind === 'v3') s.warnings.push('The v3 signer carries the v3.1 "targets development release" attribute');
    } else {
      s.warnings.push(`Unknown additional attribute: ID ${hexId(id)}`);
    }
  }
  for (const id of expectedSchemes) {
    if (!ctx.foundSchemes.has(id)) {
      s.errors.push(
        `${SCHEME_NAMES.v2} signature ${s.index} indicates the APK is signed using ${ctx.supportedSchemes.get(id)} but no such signature was found. Signature stripped?`,
      );
    }
  }
  if (kind === 'v3' && ctx.rotationMinSdk !== undefined && !rotationAttrFound) {
    s.warnings.push(`The v3 signer has no rotation-min-sdk-version attribute although a v3.1 block targets SDK ${ctx.rotationMinSdk}`);
  }
}

/**
 * The signatures the platforms in [minSdk, maxSdk] would check (apksig getSignaturesToVerify): for each API
 * level where algorithms become available, the strongest one. Returns the reason when a level in the range
 * has none.
 */
function signaturesToVerify(
  sigs: Array<{ alg: BlockSignatureAlgorithm; bytes: Uint8Array }>,
  minSdk: number,
  maxSdk: number,
): Array<{ alg: BlockSignatureAlgorithm; bytes: Uint8Array }> | string {
  const best = new Map<number, { alg: BlockSignatureAlgorithm; bytes: Uint8Array }>();
  let lowest = Number.POSITIVE_INFINITY;
  for (const sig of sigs) {
    const from = sig.alg.minSdk;
    if (from > maxSdk) continue;
    lowest = Math.min(lowest, from);
    const current = best.get(from);
    if (current === undefined || contentDigestStrength(sig.alg.digest) > contentDigestStrength(current.alg.digest)) best.set(from, sig);
  }
  if (minSdk < lowest) {
    return `Minimum provided signature version ${Number.isFinite(lowest) ? lowest : 2147483647} > minSdkVersion ${minSdk}`;
  }
  if (best.size === 0) return 'No supported signature';
  return [...best.values()].sort((a, b) => a.alg.id - b.alg.id);
}

function signedDataTargetsDevRelease(signedData: Uint8Array): boolean {
  try {
    const r = new ByteReader(signedData);
    r.skip(r.u32le());
    r.skip(r.u32le());
    r.skip(8);
    const attrs = new ByteReader(r.bytesN(r.u32le()));
    while (attrs.remaining > 0) {
      const a = new ByteReader(attrs.bytesN(attrs.u32le()));
      if (a.u32le() === AttributeId.SIGNER_TARGETS_DEV_RELEASE) return true;
    }
  } catch (e) {
    if (!isDfslabError(e)) throw e;
  }
  return false;
}

/**
 * Compares the signer's public key with the certificate's. Identical bytes match; otherwise both are
 * re-encoded by OpenSSL (the platform compares re-encoded keys too, which absorbs harmless encoding
 * differences such as a missing sign octet in an RSA modulus).
 */
function publicKeyMismatch(signerKey: Uint8Array, certSpki: Uint8Array): boolean {
  if (Buffer.from(signerKey).equals(certSpki)) return false;
  try {
    const a = createPublicKey({ key: Buffer.from(signerKey), format: 'der', type: 'spki' }).export({ type: 'spki', format: 'der' });
    const b = createPublicKey({ key: Buffer.from(certSpki), format: 'der', type: 'spki' }).export({ type: 'spki', format: 'der' });
    return !a.equals(b);
  } catch {
    return true;
  }
}

/** Compares each signer's expected content digests with the computed ones (for the algorithms in use). */
export function checkContentDigests(out: SchemeBlockOutcome, computed: ReadonlyMap<ContentDigestAlgorithm, ContentDigestResult>): void {
  for (const s of out.signers) {
    for (const d of s.digests) {
      const alg = blockSignatureAlgorithm(d.id);
      if (alg === undefined || !out.digestsToVerify.has(alg.digest)) continue;
      const actual = computed.get(alg.digest);
      if (actual === undefined) continue;
      if (!actual.ok) {
        s.errors.push(`APK integrity check failed: ${alg.digest} digest cannot be computed: ${actual.reason}`);
        continue;
      }
      if (!actual.digest.equals(d.bytes)) {
        s.errors.push(
          `APK integrity check failed. ${alg.digest} digest mismatch. Expected: <${Buffer.from(d.bytes).toString('hex')}>, actual: <${actual.digest.toString('hex')}>`,
        );
      }
    }
  }
}

/**
 * v3/v3.1 whole-block rules (apksig V3SchemeVerifier.verify): signers sorted by maxSdk must cover the SDK
 * range without holes or overlaps, lineages may only grow with the SDK, and they must agree.
 */
export function checkV3SignerRanges(out: SchemeBlockOutcome, minSdk: number, maxSdk: number, rotationMinSdk?: number): void {
  const sorted = [...out.signers].sort((a, b) => (a.maxSdk ?? 0) - (b.maxSdk ?? 0));
  let firstMin = 0;
  let lastMax = 0;
  let lastLineageSize = 0;
  const lineages: LineageNode[][] = [];
  for (const s of sorted) {
    const curMin = s.minSdk ?? 0;
    const curMax = s.maxSdk ?? 0;
    if (firstMin === 0) {
      firstMin = curMin;
    } else if (curMin !== lastMax + 1) {
      const devRelease = s.attributes.some((a) => a.id === AttributeId.SIGNER_TARGETS_DEV_RELEASE);
      if (!(curMin === lastMax && devRelease)) {
        out.errors.push('Inconsistent SDK version ranges between signers: they overlap or leave a gap');
        break;
      }
    }
    lastMax = curMax;
    if (s.lineage !== undefined) {
      if (s.lineage.length < lastLineageSize) {
        out.errors.push('Inconsistent proof-of-rotation lineages: a signer for newer platforms has a shorter lineage');
        break;
      }
      lastLineageSize = s.lineage.length;
      lineages.push(s.lineage);
    }
  }
  const upper = rotationMinSdk !== undefined ? rotationMinSdk - 1 : maxSdk;
  if (firstMin > minSdk || lastMax < upper) {
    out.errors.push(`The signers cover SDK ${firstMin} to ${lastMax}, not the whole range ${minSdk} to ${upper >= 0x7fffffff ? 'latest' : upper}`);
  }
  const merged = consolidateLineages(lineages);
  if (merged === 'inconsistent') out.errors.push('Inconsistent proof-of-rotation lineages between signers');
  else if (merged !== undefined) out.lineage = merged;
}

export function schemeHasErrors(out: SchemeBlockOutcome): boolean {
  return out.errors.length > 0 || out.signers.some((s) => s.errors.length > 0);
}
