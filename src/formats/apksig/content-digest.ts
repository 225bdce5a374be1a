/**
 * @module formats/apksig/content-digest
 * The APK content digests that v2/v3 signers sign (source.android.com "APK Signature Scheme v2" →
 * "Integrity-protected contents"): the APK is seen as three sections — everything before the APK Signing
 * Block, the central directory, and the EOCD with its central-directory-offset field replaced by the
 * signing block's offset (so the block itself, which holds the signatures, is not covered).
 *
 * - CHUNKED_SHA256/512: each section is cut into 1 MiB chunks; digest(0xa5 | le32 chunk length | chunk) per
 *   chunk; the result is digest(0x5a | le32 chunk count | chunk digests…).
 * - VERITY_CHUNKED_SHA256 (algorithms 0x0421+): the fs-verity Merkle tree root over 4 KiB pages with an
 *   8-byte zero salt (apksig VerityTreeBuilder), followed by the le64 total length of the three sections.
 *   It requires the signing block to start and end on 4 KiB boundaries.
 *
 * Sections are views into the APK buffer; only the 22+ byte EOCD is copied. Hashing goes straight from the
 * buffer into node's native digests, so an 18 MB APK digests in a few tens of milliseconds.
 */
import { createHash } from 'node:crypto';
import type { ContentDigestAlgorithm } from './signature-algorithms.js';

const CHUNK = 1024 * 1024;
const PAGE = 4096;
const SHA256_LEN = 32;
const EOCD_CD_OFFSET_FIELD = 16;

export interface DigestedSections {
  beforeSigningBlock: Uint8Array;
  centralDirectory: Uint8Array;
  /** The EOCD (and comment) with the central-directory offset replaced by the signing block offset. */
  eocd: Uint8Array;
}

/** Returns undefined when the EOCD is too short to hold the central-directory offset field. */
export function digestedSections(
  bytes: Uint8Array,
  signingBlockOffset: number,
  centralDirectoryOffset: number,
  eocdOffset: number,
): DigestedSections | undefined {
  if (eocdOffset + EOCD_CD_OFFSET_FIELD + 4 > bytes.length || signingBlockOffset < 0 || signingBlockOffset > centralDirectoryOffset) {
    return undefined;
  }
  const eocd = Uint8Array.from(bytes.subarray(eocdOffset));
  new DataView(eocd.buffer).setUint32(EOCD_CD_OFFSET_FIELD, signingBlockOffset, true);
  return {
    beforeSigningBlock: bytes.subarray(0, signingBlockOffset),
    centralDirectory: bytes.subarray(centralDirectoryOffset, eocdOffset),
    eocd,
  };
}

export type ContentDigestResult = { ok: true; digest: Buffer } | { ok: false; reason: string };

/** Computes each requested content digest once. */
export function computeContentDigests(
  sections: DigestedSections,
  algorithms: Iterable<ContentDigestAlgorithm>,
  signingBlockSize: number,
): Map<ContentDigestAlgorithm, ContentDigestResult> {
  const out = new Map<ContentDigestAlgorithm, ContentDigestResult>();
  for (const alg of algorithms) {
    if (out.has(alg)) continue;
    if (alg === 'CHUNKED_SHA256') out.set(alg, { ok: true, digest: chunkedDigest('sha256', sections) });
    else if (alg === 'CHUNKED_SHA512') out.set(alg, { ok: true, digest: chunkedDigest('sha512', sections) });
    else out.set(alg, verityDigest(sections, signingBlockSize));
  }
  return out;
}

function chunkedDigest(hash: 'sha256' | 'sha512', s: DigestedSections): Buffer {
  const parts = [s.beforeSigningBlock, s.centralDirectory, s.eocd];
  let count = 0;
  for (const p of parts) count += Math.ceil(p.length / CHUNK);
  const size = hash === 'sha256' ? 32 : 64;
  const top = Buffer.alloc(5 + count * size);
  top[0] = 0x5a;
  top.writeUInt32LE(count, 1);
  const prefix = Buffer.alloc(5);
  prefix[0] = 0xa5;
  let o = 5;
  for (const p of parts) {
    for (let off = 0; off < p.length; off += CHUNK) {
      const len = Math.min(CHUNK, p.length - off);
      prefix.writeUInt32LE(len, 1);
      const d = createHash(hash).update(prefix).update(p.subarray(off, off + len)).digest();
      d.copy(top, o);
      o += size;
    }
  }
  return createHash(hash).update(top).digest();
}

const VERITY_SALT = Buffer.alloc(8);

function saltedSha256(page: Uint8Array): Buffer {
  return createHash('sha256').update(VERITY_SALT).update(page).digest();
}

function verityDigest(s: DigestedSections, signingBlockSize: number): ContentDigestResult {
  if (s.beforeSigningBlock.length % PAGE !== 0) {
    return { ok: false, reason: `APK Signing Block is not aligned on a 4 KiB boundary (offset ${s.beforeSigningBlock.length})` };
  }
  if (signingBlockSize % PAGE !== 0) {
    return { ok: false, reason: `APK Signing Block size ${signingBlockSize} is not a multiple of 4 KiB` };
  }
  const parts = [s.beforeSigningBlock, s.centralDirectory, s.eocd];
  const total = parts.reduce((n, p) => n + p.length, 0);
  const pageCount = Math.ceil(total / PAGE);
  // Bottom level: one digest per 4 KiB page of the three sections seen as one stream, the last page
  // zero-padded as fs-verity does (checked against apksigner-verified AOSP golden APKs).
  let level: Uint8Array = new Uint8Array(roundUp(pageCount * SHA256_LEN, PAGE));
  const spill = new Uint8Array(PAGE);
  let written = 0;
  let partIndex = 0;
  let partOffset = 0;
  const skipExhausted = (): void => {
    while (partIndex < parts.length - 1 && partOffset === parts[partIndex]!.length) {
      partIndex++;
      partOffset = 0;
    }
  };
  for (let page = 0; page < pageCount; page++) {
    const want = Math.min(PAGE, total - page * PAGE);
    skipExhausted();
    const current = parts[partIndex]!;
    let pageBytes: Uint8Array;
    if (current.length - partOffset >= want) {
      pageBytes = current.subarray(partOffset, partOffset + want);
      partOffset += want;
    } else {
      // The page straddles two sections: gather it.
      let filled = 0;
      while (filled < want) {
        skipExhausted();
        const src = parts[partIndex]!;
        const take = Math.min(want - filled, src.length - partOffset);
        if (take === 0) break;
        spill.set(src.subarray(partOffset, partOffset + take), filled);
        filled += take;
        partOffset += take;
      }
      pageBytes = spill.subarray(0, filled);
    }
    if (pageBytes.length < PAGE) {
      const padded = new Uint8Array(PAGE);
      padded.set(pageBytes);
      pageBytes = padded;
    }
    level.set(saltedSha256(pageBytes), written);
    written += SHA256_LEN;
  }
  // Upper levels: digests of the (zero-padded) 4 KiB pages of the level below, until one page remains.
  let used = pageCount * SHA256_LEN;
  while (used > PAGE) {
    const pages = level.length / PAGE;
    const next = new Uint8Array(roundUp(pages * SHA256_LEN, PAGE));
    for (let i = 0; i < pages; i++) next.set(saltedSha256(level.subarray(i * PAGE, (i + 1) * PAGE)), i * SHA256_LEN);
    level = next;
    used = pages * SHA256_LEN;
  }
  const root = saltedSha256(level.subarray(0, PAGE));
  const out = Buffer.alloc(SHA256_LEN + 8);
  root.copy(out, 0);
  out.writeBigUInt64LE(BigInt(total), SHA256_LEN);
  return { ok: true, digest: out };
}

function roundUp(n: number, m: number): number {
  return Math.max(m, Math.ceil(n / m) * m);
}
