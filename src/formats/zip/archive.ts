/**
 * @module formats/zip/archive
 * A ZIP reader over a whole file held in memory, built for APKs, split-APK sets and IPAs.
 *
 * Spec: PKWARE APPNOTE.TXT 6.3.10 (section numbers below refer to it). Android behaviour is quoted from
 * AOSP `system/libziparchive/zip_archive.cc` (the reader the package manager, the runtime and the asset
 * manager use), because an APK is whatever that code accepts, not whatever the spec allows.
 *
 * `open()` reads the End Of Central Directory record, the central directory and every local header once,
 * without inflating anything, and records as *anomalies* the tricks Android tolerates or attackers use
 * (duplicate names, local/central disagreements, path traversal, overlapping entries, appended data, bombs).
 * It throws only when the archive cannot be read at all. `read()` refuses bombs from the declared sizes
 * before inflating, inflates with a hard output cap, and checks the size and CRC-32 of what it produced.
 */
import { inflateRaw, inflateRawSync } from 'node:zlib';
import { crc32 } from './crc32.js';
import { NameIssue, decodeEntryName } from './entry-name.js';
import {
  ZipBadEntryError,
  ZipBombError,
  ZipCorruptDataError,
  ZipEntryNotFoundError,
  ZipEocdNotFoundError,
  ZipTruncatedError,
  ZipUnsupportedError,
} from './errors.js';

export interface ZipEntry {
  /** Position in the central directory (0-based). */
  readonly index: number;
  /** Decoded name (UTF-8 when well-formed or flagged, else CP437; see entry-name.ts). */
  readonly name: string;
  /** 0 stored, 8 deflate; any other value is recorded and refused by `read()`. */
  readonly method: number;
  /** General purpose bit flags from the central directory (4.4.4). */
  readonly flags: number;
  readonly crc32: number;
  /** From the central directory, ZIP64-aware. */
  readonly compressedSize: number;
  /** From the central directory, ZIP64-aware. */
  readonly uncompressedSize: number;
  /** Absolute offset of the local header in `bytes`. */
  readonly localHeaderOffset: number;
  /**
   * Absolute offset of the entry's data, computed from the LOCAL header's own name and extra lengths
   * (which may differ from the central ones: zipalign pads the local extra field only).
   * -1 when the local header is missing or malformed (a `bad-local-header` anomaly says why).
   */
  readonly dataOffset: number;
  /** The name ends with `/`. */
  readonly isDirectory: boolean;
}

export type ZipAnomalyKind =
  | 'duplicate-name'
  | 'local-central-mismatch'
  | 'path-traversal'
  | 'absolute-path'
  | 'overlapping-entries'
  | 'encrypted-flag'
  | 'unsupported-method'
  | 'data-before-first-entry'
  | 'data-after-central-directory'
  | 'high-compression-ratio'
  | 'huge-declared-size'
  | 'bad-local-header'
  | 'backslash-in-name'
  | 'zip64'
  | 'comment'
  | 'multi-disk'
  /** Empty name, NUL in a name or a name that is not UTF-8: libziparchive refuses the whole archive. */
  | 'invalid-name'
  /** Entry data runs into the central directory or past the end of the file. */
  | 'data-out-of-bounds'
  /** A stored entry whose compressed and uncompressed sizes differ. */
  | 'stored-size-mismatch'
  /** Bytes left in the central directory after the declared number of records (hidden records?). */
  | 'central-directory-slack'
  /** Another plausible End Of Central Directory record precedes the one used: parsers may disagree. */
  | 'multiple-eocd'
  /** More anomalies of one kind than are worth listing; this one says how many were left out. */
  | 'anomalies-truncated';

export interface ZipAnomaly {
  kind: ZipAnomalyKind;
  message: string;
  /** Entry name, when the anomaly concerns one entry. */
  entry?: string;
  /** Absolute byte offset in the archive. */
  offset?: number;
}

export interface ZipLimits {
  /** Most entries a central directory may declare; more and `open()` throws a `ZipBombError`. */
  maxEntries: number;
  /** Largest declared uncompressed size `read()` accepts for one entry. */
  maxEntrySize: number;
  /** Most bytes all `read()` calls on one archive may produce (each entry counted once). */
  maxTotalUncompressed: number;
  /** Largest uncompressed/compressed ratio accepted for entries above `ratioAppliesAbove`. */
  maxRatio: number;
  /** The ratio limit only applies to entries declaring more than this many bytes (small files compress well). */
  ratioAppliesAbove: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_ZIP_LIMITS: Readonly<ZipLimits> = Object.freeze({
  maxEntries: 200_000,
  maxEntrySize: 512 * MiB,
  maxTotalUncompressed: 4 * 1024 * MiB,
  maxRatio: 1000,
  ratioAppliesAbove: 1 * MiB,
});

export interface ZipOpenOptions {
  /** File name used in error messages and error `path`s (`label!/entry`). */
  label?: string;
  limits?: Partial<ZipLimits>;
}

export interface ZipReadOptions {
  /** Refuse (ZipBombError, reason `caller-limit`) entries that declare more than this. */
  maxBytes?: number;
  /** Check the CRC-32 of the produced bytes (default true). */
  verifyCrc?: boolean;
}

// 4.3.7, 4.3.12, 4.3.16, 4.3.14, 4.3.15, 4.3.9.3
const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_DATA_DESCRIPTOR = 0x08074b50;
const LOCAL_SIZE = 30;
const CENTRAL_SIZE = 46;
const EOCD_SIZE = 22;
const ZIP64_EOCD_SIZE = 56;
const ZIP64_LOCATOR_SIZE = 20;
const MAX_COMMENT = 0xffff;
const U16_MAX = 0xffff;
const U32_MAX = 0xffffffff;
// 4.4.4 general purpose bit flags
const FLAG_ENCRYPTED = 0x0001;
const FLAG_DATA_DESCRIPTOR = 0x0008;
const FLAG_STRONG_ENCRYPTION = 0x0040;
const FLAG_UTF8 = 0x0800;
// 4.5.3 Zip64 Extended Information Extra Field
const EXTRA_ZIP64 = 0x0001;
const METHOD_STORED = 0;
const METHOD_DEFLATE = 8;
/** Anomalies listed per kind before the rest are only counted (an overlap bomb has 100k entries). */
const MAX_ANOMALIES_PER_KIND = 100;
/** `readState` values: 0 never read. */
const READ_UNVERIFIED = 1;
const READ_VERIFIED = 2;
/** Output chunk of one inflate call; bigger entries are assembled from several chunks. */
const MAX_INFLATE_CHUNK = 64 * MiB;

const METHOD_NAMES: Record<number, string> = {
  1: 'shrink',
  6: 'implode',
  9: 'deflate64',
  12: 'bzip2',
  14: 'LZMA',
  93: 'Zstandard',
  95: 'XZ',
  98: 'PPMd',
  99: 'AES-encrypted (WinZip AE-x)',
};

function u16(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8);
}
function u32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}
/** u64 as a double: exact below 2^53, and anything above is far beyond every limit anyway. */
function u64(b: Uint8Array, o: number): number {
  return u32(b, o + 4) * 0x1_0000_0000 + u32(b, o);
}

/** Where the central directory is, as found from the end of the file. */
interface EndRecord {
  eocdOffset: number;
  /** Actual offset of the central directory in `bytes` (declared offset + `shift`). */
  cdOffset: number;
  cdSize: number;
  entryCount: number;
  /** Bytes prepended to the archive without adjusting its offsets (added to every declared offset). */
  shift: number;
  commentLength: number;
  /** Offset of the ZIP64 end record when the 32-bit record deferred to it. */
  zip64RecordOffset: number | undefined;
  /** Notes about ZIP64 end records, reported as `zip64` anomalies. */
  zip64Notes: string[];
  multiDisk: string | undefined;
}

type EndProblem = { kind: 'truncated' | 'bad'; message: string; offset: number };

/**
 * Try to read an End Of Central Directory record at `p` (4.3.16, with 4.3.14/4.3.15 for ZIP64) and check
 * that it points at a central directory inside the file. Returns the problem instead of throwing so the
 * caller can keep scanning (a comment may contain a stray signature).
 */
function readEndRecord(bytes: Uint8Array, p: number): EndRecord | EndProblem {
  const len = bytes.length;
  const diskNumber = u16(bytes, p + 4);
  const cdDisk = u16(bytes, p + 6);
  const entriesOnDisk = u16(bytes, p + 8);
  let entryCount = u16(bytes, p + 10);
  let cdSize = u32(bytes, p + 12);
  let cdOffset = u32(bytes, p + 16);
  const commentLength = u16(bytes, p + 20);
  if (p + EOCD_SIZE + commentLength > len) {
    return {
      kind: 'truncated',
      message: `end record at ${p} declares a ${commentLength}-byte comment past the end of the file`,
      offset: p,
    };
  }
  let multiDisk: string | undefined =
    diskNumber !== 0 || cdDisk !== 0 || entriesOnDisk !== entryCount
      ? `end record says disk ${diskNumber}, central directory on disk ${cdDisk}, ${entriesOnDisk} of ${entryCount} entries on this disk`
      : undefined;

  // 4.4.1.4: a saturated field means "see the ZIP64 end record". libziparchive only looks for the ZIP64
  // record in that case (FindCentralDirectoryInfo), so a ZIP64 record next to an unsaturated end record
  // is ignored there too, and only noted here.
  const zip64Notes: string[] = [];
  const saturated =
    entriesOnDisk === U16_MAX || entryCount === U16_MAX || cdSize === U32_MAX || cdOffset === U32_MAX;
  const locatorOffset = p - ZIP64_LOCATOR_SIZE;
  const hasLocator = locatorOffset >= 0 && u32(bytes, locatorOffset) === SIG_ZIP64_LOCATOR;
  let zip64RecordOffset: number | undefined;
  let cdLimit = p;
  if (hasLocator && saturated) {
    const recordOffset = u64(bytes, locatorOffset + 8);
    if (recordOffset > locatorOffset - ZIP64_EOCD_SIZE) {
      return {
        kind: 'truncated',
        message: `ZIP64 end record offset ${recordOffset} is outside the file`,
        offset: locatorOffset,
      };
    }
    if (u32(bytes, recordOffset) !== SIG_ZIP64_EOCD) {
      return { kind: 'bad', message: `no ZIP64 end record at offset ${recordOffset}`, offset: recordOffset };
    }
    const recordDisk = u32(bytes, recordOffset + 16);
    const recordCdDisk = u32(bytes, recordOffset + 20);
    const recordOnDisk = u64(bytes, recordOffset + 24);
    entryCount = u64(bytes, recordOffset + 32);
    cdSize = u64(bytes, recordOffset + 40);
    cdOffset = u64(bytes, recordOffset + 48);
    multiDisk =
      recordDisk !== 0 || recordCdDisk !== 0 || recordOnDisk !== entryCount || u32(bytes, locatorOffset + 16) > 1
        ? `ZIP64 end record says disk ${recordDisk}, central directory on disk ${recordCdDisk}, ${recordOnDisk} of ${entryCount} entries on this disk`
        : undefined;
    zip64RecordOffset = recordOffset;
    cdLimit = recordOffset;
    zip64Notes.push(`ZIP64 end record at offset ${recordOffset}`);
  } else if (hasLocator) {
    zip64Notes.push(
      'a ZIP64 end record locator is present but the 32-bit end record does not defer to it; it was ignored (as Android does)',
    );
  } else if (saturated) {
    zip64Notes.push(
      'the end record has saturated (0xFFFF/0xFFFFFFFF) fields but no ZIP64 locator; the literal values were used',
    );
  }

  if (cdSize > cdLimit || cdOffset > cdLimit - cdSize) {
    return {
      kind: 'truncated',
      message: `central directory (offset ${cdOffset}, ${cdSize} bytes) extends past its end record at offset ${cdLimit}; the file is truncated or not a ZIP`,
      offset: cdOffset,
    };
  }
  if (entryCount > cdSize / CENTRAL_SIZE) {
    return {
      kind: 'truncated',
      message: `end record declares ${entryCount} entries but the central directory is only ${cdSize} bytes long`,
      offset: cdOffset,
    };
  }
  let shift = 0;
  if (entryCount > 0 && u32(bytes, cdOffset) !== SIG_CENTRAL) {
    // Data prepended without adjusting the offsets (self-extractors, `cat x.dex app.apk`): Info-ZIP finds the
    // central directory right before its end record. Android does not (it would refuse the file).
    const actual = cdLimit - cdSize;
    if (actual > cdOffset && u32(bytes, actual) === SIG_CENTRAL) {
      shift = actual - cdOffset;
    } else {
      return { kind: 'bad', message: `no central directory record at offset ${cdOffset}`, offset: cdOffset };
    }
  }
  return {
    eocdOffset: p,
    cdOffset: cdOffset + shift,
    cdSize,
    entryCount,
    shift,
    commentLength,
    zip64RecordOffset,
    zip64Notes,
    multiDisk,
  };
}

const EOCD_SIGNATURE_BYTES = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

/** Offsets of `PK\5\6` in the EOCD search window (4.3.16: at most a 65535-byte comment follows), last first. */
function* endRecordCandidates(bytes: Uint8Array, below = bytes.length - EOCD_SIZE + 1): Generator<number> {
  const lowest = Math.max(0, bytes.length - EOCD_SIZE - MAX_COMMENT);
  // Search only the window: Buffer#lastIndexOf would otherwise scan the whole file down to offset 0.
  const window = Buffer.from(bytes.buffer, bytes.byteOffset + lowest, bytes.byteLength - lowest);
  let p = Math.min(below - 1, bytes.length - EOCD_SIZE) - lowest;
  while (p >= 0) {
    p = window.lastIndexOf(EOCD_SIGNATURE_BYTES, p);
    if (p < 0) return;
    yield p + lowest;
    p--;
  }
}

/**
 * The end record to use: the last plausible one whose comment ends exactly at the end of the file (what
 * libziparchive accepts: it takes the last signature and requires that), else the last plausible one
 * (trailing bytes are then reported), else the problem with the last candidate.
 */
function findEndRecord(bytes: Uint8Array): EndRecord | EndProblem | undefined {
  let firstProblem: EndProblem | undefined;
  let firstInexact: EndRecord | undefined;
  for (const p of endRecordCandidates(bytes)) {
    const found = readEndRecord(bytes, p);
    if (!('eocdOffset' in found)) {
      firstProblem ??= found;
    } else if (p + EOCD_SIZE + found.commentLength === bytes.length) {
      return found;
    } else {
      firstInexact ??= found;
    }
  }
  return firstInexact ?? firstProblem;
}

/**
 * True when `bytes` looks like a ZIP: it starts with a local header (or an empty archive's end record), or
 * a plausible End Of Central Directory record sits in its last 64 KiB (an archive with data prepended,
 * as in the Janus attack, is still a ZIP to Android's older readers and to unzip).
 */
export function isZip(bytes: Uint8Array): boolean {
  if (bytes.length < EOCD_SIZE) return false;
  const head = u32(bytes, 0);
  if (head === SIG_LOCAL || head === SIG_EOCD) return true;
  const found = findEndRecord(bytes);
  return found !== undefined && 'eocdOffset' in found;
}

/** Parsed values of a ZIP64 extended information extra field (4.5.3); NaN where absent. */
interface Zip64Values {
  uncompressed: number;
  compressed: number;
  localHeaderOffset: number;
  disk: number;
}

/**
 * Read the ZIP64 extra field from `bytes[start, end)`. Per 4.5.3 it holds only the values whose 32-bit
 * field is saturated, in a fixed order; like libziparchive we also accept writers (Go) that always write
 * all three 64-bit values. Returns false when the field is absent or too short for what is needed.
 */
function readZip64Extra(
  bytes: Uint8Array,
  start: number,
  end: number,
  need: { uncompressed: boolean; compressed: boolean; offset: boolean; disk: boolean },
  out: Zip64Values,
): boolean {
  let o = start;
  while (o + 4 <= end) {
    const id = u16(bytes, o);
    const size = u16(bytes, o + 2);
    const dataStart = o + 4;
    const dataEnd = dataStart + size;
    if (dataEnd > end) return false;
    if (id === EXTRA_ZIP64) {
      const complete = size === 24 || size === 28;
      let q = dataStart;
      const take = (wanted: boolean, width: number): number => {
        if (!(wanted || (complete && width === 8))) return NaN;
        if (q + width > dataEnd) {
          q = Infinity;
          return NaN;
        }
        const v = width === 8 ? u64(bytes, q) : u32(bytes, q);
        q += width;
        return v;
      };
      out.uncompressed = take(need.uncompressed, 8);
      out.compressed = take(need.compressed, 8);
      out.localHeaderOffset = take(need.offset, 8);
      out.disk = take(need.disk, 4);
      return q !== Infinity;
    }
    o = dataEnd;
  }
  return false;
}

/** Grouping of entries whose byte ranges overlap, computed once at open. */
interface OverlapCluster {
  members: number[];
  start: number;
  end: number;
  declaredTotal: number;
  explosive: boolean;
}

export class ZipArchive {
  readonly bytes: Uint8Array;
  readonly entries: readonly ZipEntry[];
  readonly anomalies: readonly ZipAnomaly[];
  readonly eocdOffset: number;
  readonly centralDirectoryOffset: number;
  readonly centralDirectorySize: number;
  readonly comment: string;
  readonly label: string | undefined;
  readonly limits: Readonly<ZipLimits>;

  private readonly byName: Map<string, ZipEntry>;
  /** Per entry: why its local header cannot be used (only set when dataOffset is -1). */
  private readonly localProblems: Map<number, string>;
  /** Per entry: the overlap cluster whose declared total would explode, if any. */
  private readonly explosiveOverlap: Map<number, OverlapCluster>;
  /** Per entry: READ_UNVERIFIED/READ_VERIFIED once read (counted in the budget; a verified CRC is not re-checked). */
  private readonly readState: Uint8Array;
  private producedTotal = 0;
  /** Offsets of each entry's central directory record (to compare raw name bytes with the local header). */
  private readonly cdRecordOffsets: number[] = [];
  private readonly anomalyList: ZipAnomaly[] = [];
  private readonly anomalyCounts = new Map<ZipAnomalyKind, number>();

  /** Open an archive held entirely in memory. Cheap: nothing is inflated. */
  static open(bytes: Uint8Array, opts: ZipOpenOptions = {}): ZipArchive {
    return new ZipArchive(bytes, opts);
  }

  private constructor(bytes: Uint8Array, opts: ZipOpenOptions) {
    this.bytes = bytes;
    this.label = opts.label;
    this.limits = Object.freeze({ ...DEFAULT_ZIP_LIMITS, ...stripUndefined(opts.limits ?? {}) });
    const where = opts.label === undefined ? {} : { path: opts.label };

    const found = bytes.length >= EOCD_SIZE ? findEndRecord(bytes) : undefined;
    if (found === undefined) {
      throw new ZipEocdNotFoundError(
        `not a ZIP/APK file: no end-of-central-directory record in the last ${Math.min(bytes.length, EOCD_SIZE + MAX_COMMENT)} bytes; check that the input is an APK, split-APK set, AAB or IPA and was copied completely`,
        where,
      );
    }
    if (!('eocdOffset' in found)) {
      const Cls = found.kind === 'truncated' ? ZipTruncatedError : ZipBadEntryError;
      throw new Cls(`unreadable ZIP: ${found.message}`, { ...where, offset: found.offset });
    }
    const end = found;
    this.eocdOffset = end.eocdOffset;
    this.centralDirectoryOffset = end.cdOffset;
    this.centralDirectorySize = end.cdSize;
    const commentStart = end.eocdOffset + EOCD_SIZE;
    this.comment = new TextDecoder('utf-8').decode(bytes.subarray(commentStart, commentStart + end.commentLength));

    if (end.entryCount > this.limits.maxEntries) {
      throw new ZipBombError(
        'entry-count',
        `archive declares ${end.entryCount} entries, more than the limit of ${this.limits.maxEntries}; refusing to index it`,
        { ...where, offset: end.cdOffset },
      );
    }

    this.noteEndAnomalies(end);
    const entries = this.readCentralDirectory(end);
    this.entries = entries;
    this.readState = new Uint8Array(entries.length);
    this.localProblems = new Map();
    this.byName = new Map();
    this.explosiveOverlap = new Map();
    this.readLocalHeaders(entries);
    this.indexNames(entries);
    this.checkSizes(entries);
    this.findOverlaps(entries);
    this.noteDataBeforeFirstEntry(entries, end);
    this.finishAnomalies();
    this.anomalies = this.anomalyList;
  }

  /** The entry of that name. For duplicated names, the FIRST in central directory order (see indexNames). */
  get(name: string): ZipEntry | undefined {
    return this.byName.get(name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Every entry name in central directory order, duplicates included (same list as `unzip -Z1`). */
  entryNames(): string[] {
    return this.entries.map((e) => e.name);
  }

  /**
   * The bytes of an entry: a subarray of `bytes` for stored entries (no copy), freshly inflated for deflate.
   * Bombs are refused from the declared sizes before any inflation; the output can never exceed the
   * declared size; size and CRC-32 mismatches throw `ZipCorruptDataError`.
   */
  read(entryOrName: ZipEntry | string, opts: ZipReadOptions = {}): Uint8Array {
    const entry = this.resolve(entryOrName);
    const { path, declared, firstRead, dataEnd } = this.preflight(entry, opts);
    const encryptedHint =
      entry.flags & FLAG_ENCRYPTED ? ' (the entry is flagged encrypted; it may really be encrypted)' : '';

    let out: Uint8Array;
    if (entry.method === METHOD_STORED) {
      if (entry.compressedSize !== declared) {
        throw new ZipCorruptDataError(
          `stored entry has ${entry.compressedSize} bytes of data but declares ${declared} uncompressed bytes`,
          { path, offset: entry.dataOffset },
        );
      }
      out = this.bytes.subarray(entry.dataOffset, dataEnd);
    } else {
      const ready = this.prefetched.get(entry.index);
      this.prefetched.delete(entry.index);
      out = ready !== undefined && ready.length === declared ? ready : this.inflate(entry, path, encryptedHint);
    }
    const verify = opts.verifyCrc !== false && this.readState[entry.index] !== READ_VERIFIED;
    if (verify) {
      const actual = crc32(out);
      if (actual !== entry.crc32) {
        throw new ZipCorruptDataError(
          `CRC-32 of the entry is ${hex32(actual)} but the central directory says ${hex32(entry.crc32)}${encryptedHint}`,
          { path, offset: entry.dataOffset },
        );
      }
    }
    if (firstRead) this.producedTotal += declared;
    if (verify) this.readState[entry.index] = READ_VERIFIED;
    else if (firstRead) this.readState[entry.index] = READ_UNVERIFIED;
    return out;
  }

  /** Inflated entries waiting for their first `read()` (filled by `prefetch`). */
  private readonly prefetched = new Map<number, Uint8Array>();

  /**
   * Starts inflating deflated entries on the thread pool, so that the caller's thread can do other work
   * meanwhile; a later `read()` of the entry then takes the result (after the same checks and the CRC).
   * Entries that `read()` would refuse are not inflated here; any failure is left for `read()` to report.
   */
  prefetch(names: readonly string[]): Promise<void> {
    const jobs: Promise<void>[] = [];
    let budget = this.limits.maxTotalUncompressed - this.producedTotal;
    for (const name of names) {
      const entry = this.byName.get(name);
      if (!entry || entry.method !== METHOD_DEFLATE || this.prefetched.has(entry.index)) continue;
      try {
        this.preflight(entry, {});
      } catch {
        continue;
      }
      const declared = entry.uncompressedSize;
      if (declared === 0 || declared > budget) continue;
      budget -= declared;
      const input = this.bytes.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
      jobs.push(
        new Promise<void>((resolve) => {
          inflateRaw(input, { maxOutputLength: declared, chunkSize: Math.max(64, Math.min(declared + 64, MAX_INFLATE_CHUNK)) }, (err, out) => {
            if (!err && out.length === declared && this.readState[entry.index] === 0) this.prefetched.set(entry.index, new Uint8Array(out.buffer, out.byteOffset, out.length));
            resolve();
          });
        }),
      );
    }
    return Promise.all(jobs).then(() => undefined);
  }

  /** The checks `read()` makes before producing any byte: method, local header, bomb limits, truncation. */
  private preflight(entry: ZipEntry, opts: ZipReadOptions): { path: string; declared: number; firstRead: boolean; dataEnd: number } {
    const path = this.pathOf(entry);
    const declared = entry.uncompressedSize;
    const limits = this.limits;

    if (entry.method !== METHOD_STORED && entry.method !== METHOD_DEFLATE) {
      throw new ZipUnsupportedError(
        entry.method,
        `entry uses compression method ${describeMethod(entry.method)}, which dfslab (like Android) does not extract`,
        { path, offset: entry.localHeaderOffset },
      );
    }
    if (entry.dataOffset < 0) {
      throw new ZipBadEntryError(
        `entry cannot be read: ${this.localProblems.get(entry.index) ?? 'bad local header'}`,
        { path, offset: entry.localHeaderOffset },
      );
    }
    if (opts.maxBytes !== undefined && declared > opts.maxBytes) {
      throw new ZipBombError(
        'caller-limit',
        `entry declares ${declared} bytes, more than the ${opts.maxBytes} allowed here`,
        { path, offset: entry.localHeaderOffset },
      );
    }
    if (declared > limits.maxEntrySize) {
      throw new ZipBombError(
        'entry-size',
        `entry declares ${declared} bytes, more than the per-entry limit of ${limits.maxEntrySize}; not inflated`,
        { path, offset: entry.localHeaderOffset },
      );
    }
    if (entry.method === METHOD_DEFLATE && exceedsRatio(entry, limits)) {
      throw new ZipBombError(
        'ratio',
        `entry would inflate ${entry.compressedSize} bytes into ${declared} (ratio above ${limits.maxRatio}); not inflated`,
        { path, offset: entry.localHeaderOffset },
      );
    }
    const cluster = this.explosiveOverlap.get(entry.index);
    if (cluster) {
      throw new ZipBombError(
        'overlap',
        `entry shares its bytes with ${cluster.members.length - 1} other entries that together declare ${cluster.declaredTotal} bytes from ${cluster.end - cluster.start}: an overlapping-entries zip bomb; not inflated`,
        { path, offset: entry.localHeaderOffset },
      );
    }
    const firstRead = this.readState[entry.index] === 0;
    if (firstRead && this.producedTotal + declared > limits.maxTotalUncompressed) {
      throw new ZipBombError(
        'total',
        `reading this entry would take the bytes produced from the archive to ${this.producedTotal + declared}, beyond the limit of ${limits.maxTotalUncompressed}`,
        { path, offset: entry.localHeaderOffset },
      );
    }
    const dataEnd = entry.dataOffset + entry.compressedSize;
    if (dataEnd > this.bytes.length) {
      throw new ZipTruncatedError(
        `entry data (${entry.compressedSize} bytes at offset ${entry.dataOffset}) runs past the end of the file; the archive is truncated`,
        { path, offset: entry.dataOffset },
      );
    }
    return { path, declared, firstRead, dataEnd };
  }

  // ---------------------------------------------------------------------------------------------------------

  private inflate(entry: ZipEntry, path: string, encryptedHint: string): Uint8Array {
    const declared = entry.uncompressedSize;
    if (declared === 0 && entry.compressedSize === 0) return new Uint8Array(0);
    const input = this.bytes.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
    let output: Buffer;
    try {
      // maxOutputLength makes zlib stop (and throw) as soon as the output passes the declared size, so a
      // lying size never costs more than that much memory; one chunk of declared+64 bytes usually holds it all.
      output = inflateRawSync(input, {
        maxOutputLength: Math.max(1, declared),
        chunkSize: Math.max(64, Math.min(declared + 64, MAX_INFLATE_CHUNK)),
      });
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      const why =
        code === 'ERR_BUFFER_TOO_LARGE'
          ? `inflates to more than the ${declared} bytes it declares`
          : `does not inflate (${e instanceof Error ? e.message : String(e)})`;
      throw new ZipCorruptDataError(`deflate data of the entry ${why}${encryptedHint}`, {
        path,
        offset: entry.dataOffset,
        cause: e,
      });
    }
    if (output.length !== declared) {
      throw new ZipCorruptDataError(
        `entry inflates to ${output.length} bytes but declares ${declared}${encryptedHint}`,
        { path, offset: entry.dataOffset },
      );
    }
    return new Uint8Array(output.buffer, output.byteOffset, output.length);
  }

  private resolve(entryOrName: ZipEntry | string): ZipEntry {
    if (typeof entryOrName === 'string') {
      const e = this.byName.get(entryOrName);
      if (!e) {
        throw new ZipEntryNotFoundError(`the archive has no entry named "${entryOrName}"`, {
          path: this.label === undefined ? entryOrName : `${this.label}!/${entryOrName}`,
        });
      }
      return e;
    }
    if (this.entries[entryOrName.index] !== entryOrName) {
      throw new ZipEntryNotFoundError(`entry "${entryOrName.name}" does not belong to this archive`, {
        path: this.pathOf(entryOrName),
      });
    }
    return entryOrName;
  }

  private pathOf(entry: ZipEntry): string {
    return this.label === undefined ? entry.name : `${this.label}!/${entry.name}`;
  }

  private note(kind: ZipAnomalyKind, message: string, entry?: string, offset?: number): void {
    const n = (this.anomalyCounts.get(kind) ?? 0) + 1;
    this.anomalyCounts.set(kind, n);
    if (n > MAX_ANOMALIES_PER_KIND) return;
    const a: ZipAnomaly = { kind, message };
    if (entry !== undefined) a.entry = entry;
    if (offset !== undefined) a.offset = offset;
    this.anomalyList.push(a);
  }

  private finishAnomalies(): void {
    for (const [kind, n] of this.anomalyCounts) {
      if (n > MAX_ANOMALIES_PER_KIND) {
        this.anomalyList.push({
          kind: 'anomalies-truncated',
          message: `${n - MAX_ANOMALIES_PER_KIND} more "${kind}" anomalies were not listed (${n} in total)`,
        });
      }
    }
  }

  private noteEndAnomalies(end: EndRecord): void {
    const bytes = this.bytes;
    if (end.commentLength > 0) {
      this.note(
        'comment',
        `archive comment of ${end.commentLength} bytes (can carry an appended payload)`,
        undefined,
        end.eocdOffset + EOCD_SIZE,
      );
    }
    const fileEnd = end.eocdOffset + EOCD_SIZE + end.commentLength;
    if (fileEnd < bytes.length) {
      // libziparchive FindCentralDirectoryInfo: "extraneous bytes at the end of the central directory".
      this.note(
        'data-after-central-directory',
        `${bytes.length - fileEnd} bytes after the end record and its comment (Android refuses such a file)`,
        undefined,
        fileEnd,
      );
    }
    const cdEnd = end.cdOffset + end.cdSize;
    const cdFollower = end.zip64RecordOffset ?? end.eocdOffset;
    if (cdEnd < cdFollower) {
      this.note(
        'data-after-central-directory',
        `${cdFollower - cdEnd} bytes between the central directory and its end record`,
        undefined,
        cdEnd,
      );
    }
    if (end.zip64RecordOffset !== undefined) {
      const recordEnd = end.zip64RecordOffset + 12 + u64(bytes, end.zip64RecordOffset + 4);
      const locator = end.eocdOffset - ZIP64_LOCATOR_SIZE;
      if (recordEnd < locator) {
        this.note(
          'data-after-central-directory',
          `${locator - recordEnd} bytes between the ZIP64 end record and its locator`,
          undefined,
          recordEnd,
        );
      }
    }
    for (const z of end.zip64Notes) this.note('zip64', z, undefined, end.eocdOffset);
    if (end.multiDisk) {
      this.note('multi-disk', `${end.multiDisk}; read as a single-disk archive`, undefined, end.eocdOffset);
    }
    // An earlier end record whose comment runs exactly to the end of the file, so that it "contains" the
    // chosen one: readers that take the first record (or stream from the front) see another archive than
    // Android, which takes the last. Nested stored ZIPs do not match (their comment ends inside the file).
    for (const p of endRecordCandidates(bytes, end.eocdOffset)) {
      const other = readEndRecord(bytes, p);
      const reachesEnd = 'eocdOffset' in other && p + EOCD_SIZE + other.commentLength === bytes.length;
      if (reachesEnd && other.cdOffset !== end.cdOffset) {
        this.note(
          'multiple-eocd',
          `another end-of-central-directory record at offset ${p} points to a different central directory (offset ${other.cdOffset}); tools may disagree on the archive's content`,
          undefined,
          p,
        );
        break;
      }
    }
  }

  /** 4.3.12 central directory file headers. Throws only when the directory itself cannot be walked. */
  private readCentralDirectory(end: EndRecord): ZipEntry[] {
    const bytes = this.bytes;
    const where = this.label === undefined ? {} : { path: this.label };
    const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const cdEnd = end.cdOffset + end.cdSize;
    const count = end.entryCount;
    const entries = new Array<ZipEntry>(count);
    const zip64: Zip64Values = { uncompressed: NaN, compressed: NaN, localHeaderOffset: NaN, disk: NaN };
    let sawZip64Entry = false;
    let o = end.cdOffset;
    for (let i = 0; i < count; i++) {
      if (o + CENTRAL_SIZE > cdEnd) {
        throw new ZipTruncatedError(
          `central directory record ${i} of ${count} runs past the end of the central directory; the archive is truncated or corrupt`,
          { ...where, offset: o },
        );
      }
      if (u32(bytes, o) !== SIG_CENTRAL) {
        throw new ZipBadEntryError(
          `central directory record ${i} of ${count} has no valid signature; the archive is corrupt`,
          { ...where, offset: o },
        );
      }
      const flags = u16(bytes, o + 8);
      const method = u16(bytes, o + 10);
      const crc = u32(bytes, o + 16);
      let compressedSize = u32(bytes, o + 20);
      let uncompressedSize = u32(bytes, o + 24);
      const nameLength = u16(bytes, o + 28);
      const extraLength = u16(bytes, o + 30);
      const commentLength = u16(bytes, o + 32);
      const diskStart = u16(bytes, o + 34);
      let localHeaderOffset = u32(bytes, o + 42);
      const nameStart = o + CENTRAL_SIZE;
      const extraStart = nameStart + nameLength;
      const next = extraStart + extraLength + commentLength;
      if (next > cdEnd) {
        throw new ZipTruncatedError(
          `central directory record ${i} of ${count} (name, extra field, comment) runs past the end of the central directory`,
          { ...where, offset: o },
        );
      }
      const { name, issues } = decodeEntryName(bytes, latin1, nameStart, extraStart, (flags & FLAG_UTF8) !== 0);

      const needU = uncompressedSize === U32_MAX;
      const needC = compressedSize === U32_MAX;
      const needO = localHeaderOffset === U32_MAX;
      const needD = diskStart === U16_MAX;
      if (needU || needC || needO || needD) {
        sawZip64Entry = true;
        const need = { uncompressed: needU, compressed: needC, offset: needO, disk: needD };
        if (!readZip64Extra(bytes, extraStart, extraStart + extraLength, need, zip64)) {
          this.note(
            'zip64',
            'entry has saturated size/offset fields but no usable ZIP64 extra field; the 32-bit values were used',
            name,
            o,
          );
        } else {
          if (!Number.isNaN(zip64.uncompressed)) uncompressedSize = zip64.uncompressed;
          if (!Number.isNaN(zip64.compressed)) compressedSize = zip64.compressed;
          if (!Number.isNaN(zip64.localHeaderOffset)) localHeaderOffset = zip64.localHeaderOffset;
        }
      } else if (diskStart !== 0) {
        this.note('multi-disk', `entry says it starts on disk ${diskStart}`, name, o);
      }

      entries[i] = {
        index: i,
        name,
        method,
        flags,
        crc32: crc,
        compressedSize,
        uncompressedSize,
        localHeaderOffset: localHeaderOffset + end.shift,
        dataOffset: -1,
        isDirectory: name.endsWith('/'),
      };
      this.cdRecordOffsets.push(o);
      if (issues !== 0) this.noteNameIssues(name, issues, o);
      o = next;
    }
    if (sawZip64Entry) {
      this.note('zip64', 'entries use ZIP64 extended information (beyond 4 GiB, or a writer that always uses ZIP64)');
    }
    if (o < cdEnd) {
      const hidden =
        cdEnd - o >= 4 && u32(bytes, o) === SIG_CENTRAL
          ? ' and start with another central directory record: tools that walk the whole directory see more entries than Android'
          : '';
      this.note(
        'central-directory-slack',
        `${cdEnd - o} bytes remain in the central directory after the ${count} declared records${hidden}`,
        undefined,
        o,
      );
    }
    return entries;
  }

  private noteNameIssues(name: string, issues: number, offset: number): void {
    if (issues & NameIssue.traversal) {
      const why = 'name has a ".." segment: extracting it naively writes outside the target folder';
      this.note('path-traversal', why, name, offset);
    }
    if (issues & NameIssue.absolute) this.note('absolute-path', 'name is an absolute path', name, offset);
    if (issues & NameIssue.backslash) {
      const why = 'name contains "\\", a path separator for Windows tools but not for Android';
      this.note('backslash-in-name', why, name, offset);
    }
    if (issues & NameIssue.invalid) {
      const why = 'name is empty, contains NUL or is not valid UTF-8 (Android refuses the archive)';
      this.note('invalid-name', why, name, offset);
    }
  }

  /**
   * 4.3.7 local file headers: where each entry's data starts, and whether the local header agrees with the
   * central one. libziparchive FindEntry compares the name and, without a data descriptor, the CRC and
   * sizes; it never looks at the local method, so a differing local method is a parser-differential trick.
   */
  private readLocalHeaders(entries: ZipEntry[]): void {
    const bytes = this.bytes;
    const cdStart = this.centralDirectoryOffset;
    const zip64: Zip64Values = { uncompressed: NaN, compressed: NaN, localHeaderOffset: NaN, disk: NaN };
    for (const entry of entries) {
      const lho = entry.localHeaderOffset;
      const name = entry.name;
      if (lho + LOCAL_SIZE > cdStart) {
        const why = `local header offset ${lho} is not before the central directory (offset ${cdStart})`;
        this.badLocalHeader(entry, why);
        continue;
      }
      if (u32(bytes, lho) !== SIG_LOCAL) {
        this.badLocalHeader(entry, `no local header signature at offset ${lho}`);
        continue;
      }
      const localFlags = u16(bytes, lho + 6);
      const localMethod = u16(bytes, lho + 8);
      const localCrc = u32(bytes, lho + 14);
      let localCompressed = u32(bytes, lho + 18);
      let localUncompressed = u32(bytes, lho + 22);
      const localNameLength = u16(bytes, lho + 26);
      const localExtraLength = u16(bytes, lho + 28);
      const nameStart = lho + LOCAL_SIZE;
      const dataOffset = nameStart + localNameLength + localExtraLength;
      if (dataOffset > cdStart) {
        this.badLocalHeader(entry, 'local header name and extra field run into the central directory');
        continue;
      }
      (entry as { dataOffset: number }).dataOffset = dataOffset;

      const mismatches: string[] = [];
      const cdRecord = this.cdRecordOffsets[entry.index]!;
      const cdNameLength = u16(bytes, cdRecord + 28);
      if (cdNameLength !== localNameLength || !sameBytes(bytes, cdRecord + CENTRAL_SIZE, nameStart, cdNameLength)) {
        const localName = new TextDecoder('utf-8').decode(bytes.subarray(nameStart, nameStart + localNameLength));
        mismatches.push(`name (local header says "${localName}")`);
      }
      if (localMethod !== entry.method) mismatches.push(`method (local ${localMethod}, central ${entry.method})`);
      const localDescriptor = (localFlags & FLAG_DATA_DESCRIPTOR) !== 0;
      if (localDescriptor !== ((entry.flags & FLAG_DATA_DESCRIPTOR) !== 0)) {
        mismatches.push('data-descriptor flag (bit 3)');
      }
      let localZip64 = false;
      if (localCompressed === U32_MAX || localUncompressed === U32_MAX) {
        // 4.5.3: in a local header the ZIP64 field holds both sizes.
        const need = { uncompressed: true, compressed: true, offset: false, disk: false };
        localZip64 = readZip64Extra(bytes, nameStart + localNameLength, dataOffset, need, zip64);
        if (localZip64) {
          localUncompressed = zip64.uncompressed;
          localCompressed = zip64.compressed;
        }
      }
      if (!localDescriptor) {
        if (localCrc !== entry.crc32) {
          mismatches.push(`CRC-32 (local ${hex32(localCrc)}, central ${hex32(entry.crc32)})`);
        }
        if (localCompressed !== entry.compressedSize) {
          mismatches.push(`compressed size (local ${localCompressed}, central ${entry.compressedSize})`);
        }
        if (localUncompressed !== entry.uncompressedSize) {
          mismatches.push(`uncompressed size (local ${localUncompressed}, central ${entry.uncompressedSize})`);
        }
      } else {
        const descriptorProblem = this.checkDataDescriptor(entry, dataOffset, localZip64);
        if (descriptorProblem) mismatches.push(descriptorProblem);
      }
      if (mismatches.length > 0) {
        const why = `local header disagrees with the central directory on ${mismatches.join(', ')}`;
        this.note('local-central-mismatch', why, name, lho);
      }

      const dataEnd = dataOffset + entry.compressedSize;
      if (dataEnd > cdStart) {
        // libziparchive FindEntry: "bad compressed length in zip" (kInvalidOffset).
        this.note(
          'data-out-of-bounds',
          `entry data (${entry.compressedSize} bytes at offset ${dataOffset}) runs ${dataEnd > bytes.length ? 'past the end of the file' : 'into the central directory'}`,
          name,
          dataOffset,
        );
      }
    }
  }

  private badLocalHeader(entry: ZipEntry, why: string): void {
    this.localProblems.set(entry.index, why);
    this.note('bad-local-header', why, entry.name, entry.localHeaderOffset);
  }

  /**
   * 4.3.9 data descriptor after the data (optional signature, CRC, then 4- or 8-byte sizes: 8 when the local
   * header used ZIP64). libziparchive ValidateDataDescriptor compares it with the central directory.
   */
  private checkDataDescriptor(entry: ZipEntry, dataOffset: number, zip64: boolean): string | undefined {
    const bytes = this.bytes;
    let o = dataOffset + entry.compressedSize;
    const wide = zip64 || entry.compressedSize >= U32_MAX || entry.uncompressedSize >= U32_MAX;
    const size = wide ? 20 : 12;
    if (o + 4 <= bytes.length && u32(bytes, o) === SIG_DATA_DESCRIPTOR) o += 4;
    if (o + size > bytes.length) return 'data descriptor (missing: it would lie past the end of the file)';
    const crc = u32(bytes, o);
    const compressed = wide ? u64(bytes, o + 4) : u32(bytes, o + 4);
    const uncompressed = wide ? u64(bytes, o + 12) : u32(bytes, o + 8);
    if (crc !== entry.crc32 || compressed !== entry.compressedSize || uncompressed !== entry.uncompressedSize) {
      return `data descriptor (CRC ${hex32(crc)}, sizes ${compressed}/${uncompressed})`;
    }
    return undefined;
  }

  /**
   * Name index. For a duplicated name `get()` returns the FIRST record in central directory order. Current
   * Android refuses such an APK outright (libziparchive CdEntryMap AddToMap returns kDuplicateEntry, the fix
   * for the 2013 "master key" bug 8219321). Before that fix the native code that extracted and ran the code
   * (libdex/minzip hash lookup, first match) used the first entry while the Java signature verifier
   * (java.util.zip.ZipFile, a HashMap where later puts win) checked the last one: the first is the one the
   * device actually executed, so it is the one an audit must look at.
   */
  private indexNames(entries: ZipEntry[]): void {
    // One Map operation per entry in the common case: set, and notice a duplicate by the size not growing.
    const map = this.byName;
    let duplicates = false;
    for (const entry of entries) {
      const size = map.size;
      map.set(entry.name, entry);
      if (map.size === size) duplicates = true;
    }
    if (!duplicates) return;
    map.clear();
    for (const entry of entries) {
      const first = map.get(entry.name);
      if (first === undefined) {
        map.set(entry.name, entry);
      } else {
        this.note(
          'duplicate-name',
          `name also used by central directory record ${first.index} (Android refuses duplicate names; older versions verified one copy and ran the other)`,
          entry.name,
          entry.localHeaderOffset,
        );
      }
    }
  }

  private checkSizes(entries: ZipEntry[]): void {
    const limits = this.limits;
    let declaredTotal = 0;
    for (const entry of entries) {
      const { name, flags, method } = entry;
      declaredTotal += entry.uncompressedSize;
      if (flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) {
        // libziparchive never tests bit 0: Android installs such APKs and reads the entries in clear, while
        // many analysis tools give up on them. dfslab reads them anyway.
        const why = `entry is flagged encrypted (flags ${hex16(flags)}); Android ignores the flag`;
        this.note('encrypted-flag', why, name, entry.localHeaderOffset);
      }
      if (method !== METHOD_STORED && method !== METHOD_DEFLATE) {
        const why = `entry uses compression method ${describeMethod(method)}; neither Android nor dfslab extracts it`;
        this.note('unsupported-method', why, name, entry.localHeaderOffset);
      } else if (method === METHOD_STORED && entry.compressedSize !== entry.uncompressedSize) {
        this.note(
          'stored-size-mismatch',
          `stored entry declares ${entry.compressedSize} compressed but ${entry.uncompressedSize} uncompressed bytes`,
          name,
          entry.localHeaderOffset,
        );
      }
      if (entry.uncompressedSize > limits.maxEntrySize) {
        const why = `entry declares ${entry.uncompressedSize} uncompressed bytes (limit ${limits.maxEntrySize})`;
        this.note('huge-declared-size', why, name, entry.localHeaderOffset);
      }
      if (method !== METHOD_STORED && exceedsRatio(entry, limits)) {
        this.note(
          'high-compression-ratio',
          `entry declares ${entry.uncompressedSize} bytes from ${entry.compressedSize} compressed (ratio above ${limits.maxRatio})`,
          name,
          entry.localHeaderOffset,
        );
      }
    }
    if (declaredTotal > limits.maxTotalUncompressed) {
      const why = `entries declare ${declaredTotal} uncompressed bytes in total (limit ${limits.maxTotalUncompressed})`;
      this.note('huge-declared-size', why);
    }
  }

  /**
   * Overlapping entries (David Fifield's "better zip bomb", 2019): many central records point into the same
   * bytes, so a small file inflates to terabytes in total. Sort the entries by start, sweep them into
   * clusters of overlapping ranges [local header, end of data), and judge each cluster by its declared total:
   * a cluster that would explode is refused by `read()`; a small one (identical files sharing one copy) is
   * only reported, and stays readable. (Android itself would refuse to extract an entry whose central record
   * points at another entry's local header, since the names differ; that is reported as a mismatch.)
   */
  private findOverlaps(entries: ZipEntry[]): void {
    const limits = this.limits;
    const usable: number[] = [];
    let sorted = true;
    let previousStart = -1;
    for (const e of entries) {
      if (e.dataOffset < 0) continue;
      if (e.localHeaderOffset < previousStart) sorted = false;
      previousStart = e.localHeaderOffset;
      usable.push(e.index);
    }
    if (!sorted) {
      usable.sort((a, b) => entries[a]!.localHeaderOffset - entries[b]!.localHeaderOffset || a - b);
    }
    let cluster: OverlapCluster | undefined;
    const close = (c: OverlapCluster | undefined): void => {
      if (!c || c.members.length < 2) return;
      const span = Math.max(1, c.end - c.start);
      c.explosive =
        c.declaredTotal > limits.maxTotalUncompressed ||
        (c.declaredTotal > limits.ratioAppliesAbove && c.declaredTotal / span > limits.maxRatio);
      const firstName = entries[c.members[0]!]!.name;
      for (let k = 1; k < c.members.length; k++) {
        const e = entries[c.members[k]!]!;
        this.note(
          'overlapping-entries',
          c.explosive
            ? `entry overlaps ${c.members.length - 1} other entries; together they declare ${c.declaredTotal} bytes from ${span} bytes of data (overlapping-entries zip bomb); reading them is refused`
            : `entry data overlaps entry "${firstName}" (${c.members.length} entries share bytes ${c.start}..${c.end})`,
          e.name,
          e.localHeaderOffset,
        );
      }
      if (c.explosive) for (const m of c.members) this.explosiveOverlap.set(m, c);
    };
    for (const index of usable) {
      const e = entries[index]!;
      const start = e.localHeaderOffset;
      const end = Math.min(e.dataOffset + e.compressedSize, this.bytes.length);
      if (cluster && start < cluster.end) {
        cluster.members.push(index);
        cluster.end = Math.max(cluster.end, end);
        cluster.declaredTotal += e.uncompressedSize;
      } else {
        close(cluster);
        cluster = { members: [index], start, end, declaredTotal: e.uncompressedSize, explosive: false };
      }
    }
    close(cluster);
  }

  /**
   * Bytes before the first local header. Android (since the fix for the Janus bug, CVE-2017-13156,
   * A-64211847) requires a local header at offset 0, because Janus prepended a DEX file to a signed APK.
   * The gap between the last entry and the central directory is NOT reported: the APK Signing Block
   * legitimately sits there (see `centralDirectoryOffset`).
   */
  private noteDataBeforeFirstEntry(entries: ZipEntry[], end: EndRecord): void {
    // An archive without entries has nothing to come "first"; what precedes its central directory is the
    // signing block (signed empty APKs) or junk already covered by the offsets check.
    if (entries.length === 0) return;
    let first = this.centralDirectoryOffset;
    for (const e of entries) if (e.localHeaderOffset < first) first = e.localHeaderOffset;
    if (first > 0 || end.shift > 0) {
      const adjusted =
        end.shift > 0
          ? `; the archive's offsets do not count them, so ${end.shift} was added to every offset (Android would not)`
          : '';
      this.note(
        'data-before-first-entry',
        `${first} bytes before the first local header (a prepended payload, as in the Janus attack CVE-2017-13156)${adjusted}`,
        undefined,
        0,
      );
    }
  }
}

function exceedsRatio(entry: ZipEntry, limits: Readonly<ZipLimits>): boolean {
  const declared = entry.uncompressedSize;
  if (declared <= limits.ratioAppliesAbove) return false;
  return declared > limits.maxRatio * entry.compressedSize;
}

function sameBytes(bytes: Uint8Array, a: number, b: number, length: number): boolean {
  if (a === b) return true;
  for (let k = 0; k < length; k++) if (bytes[a + k] !== bytes[b + k]) return false;
  return true;
}

function describeMethod(method: number): string {
  const name = METHOD_NAMES[method];
  return name === undefined ? String(method) : `${method} (${name})`;
}

function hex32(v: number): string {
  return `0x${v.toString(16).padStart(8, '0')}`;
}

function hex16(v: number): string {
  return `0x${v.toString(16).padStart(4, '0')}`;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
