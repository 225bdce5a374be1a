/**
 * @module formats/apksig/signing-block
 * The APK Signing Block (source.android.com "APK Signature Scheme v2" → "APK Signing Block"): it sits
 * immediately before the ZIP central directory and is
 *
 *   uint64 size (excluding this field) | ID-value pairs | uint64 size (same) | "APK Sig Block 42"
 *
 * where each pair is `uint64 length | uint32 id | value (length - 4 bytes)`, all little-endian.
 * Lookup rules follow the platform (apksig ApkUtils.findApkSigningBlock / findApkSignatureSchemeBlock):
 * the central directory must end exactly where the EOCD starts, both size fields must agree, and a
 * malformed pair hides every pair after it (the platform stops scanning there).
 */
import { ByteReader } from '../bytes.js';
import type { ApkArchiveView } from './types.js';

export const BlockId = {
  V2: 0x7109871a,
  V3: 0xf05368c0,
  V31: 0x1b93ad61,
  /** v3.2 (hybrid/PQC signers, Android 16+); recognised, not verified. */
  V32: 0x70e1c89f,
  VERITY_PADDING: 0x42726577,
  SOURCE_STAMP_V1: 0x2b09189e,
  SOURCE_STAMP_V2: 0x6dff800d,
  /** Android Gradle Plugin dependency metadata (encrypted for Google Play). */
  DEPENDENCY_INFO: 0x504b4453,
  /** Google Play "frosting" metadata. */
  PLAY_FROSTING: 0x2146444e,
  /** Channel IDs written by Meituan's Walle tool (common in Chinese app markets). */
  WALLE_CHANNEL: 0x71777777,
} as const;

const BLOCK_NAMES: ReadonlyMap<number, string> = new Map([
  [BlockId.V2, 'APK Signature Scheme v2'],
  [BlockId.V3, 'APK Signature Scheme v3'],
  [BlockId.V31, 'APK Signature Scheme v3.1'],
  [BlockId.V32, 'APK Signature Scheme v3.2'],
  [BlockId.VERITY_PADDING, 'verity padding'],
  [BlockId.SOURCE_STAMP_V1, 'source stamp v1'],
  [BlockId.SOURCE_STAMP_V2, 'source stamp v2'],
  [BlockId.DEPENDENCY_INFO, 'dependency info (Android Gradle Plugin)'],
  [BlockId.PLAY_FROSTING, 'Google Play frosting'],
  [BlockId.WALLE_CHANNEL, 'Walle channel info'],
]);

export function blockIdName(id: number): string {
  return BLOCK_NAMES.get(id >>> 0) ?? `0x${(id >>> 0).toString(16).padStart(8, '0')}`;
}

const MAGIC = new TextEncoder().encode('APK Sig Block 42');
/** Smallest possible block: two size fields and the magic. */
const MIN_BLOCK_SIZE = 32;
const FOOTER_SIZE = 24;

export interface SigningBlockPair {
  id: number;
  /** Absolute offset of the value in the APK. */
  valueOffset: number;
  valueLength: number;
}

export interface ApkSigningBlock {
  /** Absolute offset of the block's first size field. */
  offset: number;
  /** Total size in bytes, both size fields and the magic included. */
  size: number;
  /** Pairs readable before any malformed one. */
  pairs: SigningBlockPair[];
  /** Why pair scanning stopped early, if it did. */
  pairProblem?: string;
}

export type SigningBlockLookup = { found: true; block: ApkSigningBlock } | { found: false; reason: string; magicSeen: boolean };

/** Locates the APK Signing Block. Never throws: an absent or unusable block is a value with a reason. */
export function findApkSigningBlock(apk: ApkArchiveView): SigningBlockLookup {
  const bytes = apk.bytes;
  const cdOffset = apk.centralDirectoryOffset;
  const cdEnd = cdOffset + apk.centralDirectorySize;
  if (!(cdOffset >= 0 && cdEnd <= bytes.length && apk.eocdOffset <= bytes.length)) {
    return { found: false, reason: 'central directory lies outside the file', magicSeen: false };
  }
  if (cdEnd !== apk.eocdOffset) {
    return {
      found: false,
      reason: `ZIP central directory (ends at ${cdEnd}) is not immediately followed by the end-of-central-directory record (at ${apk.eocdOffset})`,
      magicSeen: false,
    };
  }
  if (cdOffset < MIN_BLOCK_SIZE) return { found: false, reason: 'APK too small for an APK Signing Block', magicSeen: false };
  const r = new ByteReader(bytes);
  const footer = cdOffset - FOOTER_SIZE;
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[footer + 8 + i] !== MAGIC[i]) return { found: false, reason: 'no APK Signing Block before the central directory', magicSeen: false };
  }
  const sizeInFooter = r.u64leAt(footer);
  if (sizeInFooter < BigInt(FOOTER_SIZE) || sizeInFooter > 0x7fffffffn - 8n) {
    return { found: false, reason: `APK Signing Block size ${sizeInFooter} out of range`, magicSeen: true };
  }
  const total = Number(sizeInFooter) + 8;
  const offset = cdOffset - total;
  if (offset < 0) return { found: false, reason: `APK Signing Block would start before the file (offset ${offset})`, magicSeen: true };
  const sizeInHeader = r.u64leAt(offset);
  if (sizeInHeader !== sizeInFooter) {
    return {
      found: false,
      reason: `APK Signing Block sizes in header and footer do not match: ${sizeInHeader} vs ${sizeInFooter}`,
      magicSeen: true,
    };
  }
  const pairs: SigningBlockPair[] = [];
  let pairProblem: string | undefined;
  let p = offset + 8;
  const pairsEnd = footer;
  let index = 0;
  while (p < pairsEnd) {
    index++;
    if (pairsEnd - p < 8) {
      pairProblem = `not enough data for the size of pair #${index}`;
      break;
    }
    const len = r.u64leAt(p);
    const remaining = pairsEnd - p - 8;
    if (len < 4n || len > BigInt(remaining)) {
      pairProblem = `pair #${index} size ${len} out of range (${remaining} bytes available)`;
      break;
    }
    const n = Number(len);
    pairs.push({ id: r.u32leAt(p + 8), valueOffset: p + 12, valueLength: n - 4 });
    p += 8 + n;
  }
  const block: ApkSigningBlock = { offset, size: total, pairs };
  if (pairProblem !== undefined) block.pairProblem = pairProblem;
  return { found: true, block };
}

/** The value of the first pair with this ID, as a view into the APK. */
export function findPair(apk: ApkArchiveView, block: ApkSigningBlock, id: number): Uint8Array | undefined {
  const pair = block.pairs.find((q) => q.id === id >>> 0);
  return pair === undefined ? undefined : apk.bytes.subarray(pair.valueOffset, pair.valueOffset + pair.valueLength);
}
