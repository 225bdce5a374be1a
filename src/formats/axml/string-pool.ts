/**
 * @module formats/axml/string-pool
 * `ResStringPool` (AOSP ResourceTypes.h `ResStringPool_header`, decoding rules of ResourceTypes.cpp
 * `ResStringPool::setTo` / `stringAt`), shared by binary XML and resources.arsc.
 *
 * Layout: header `{chunk header, u32 stringCount, u32 styleCount, u32 flags, u32 stringsStart, u32 stylesStart}`
 * (28 bytes), then `u32[stringCount]` byte offsets of each string relative to `stringsStart`, then style offsets.
 * UTF-16 strings: u16 length in code units (a second u16 follows when bit 15 is set), the units, a 0 unit.
 * UTF-8 strings (flag 0x100): UTF-16 length then UTF-8 byte length, each one byte (two when bit 7 is set), the
 * bytes, a 0 byte.
 *
 * The pool is lazy: strings are decoded on first access and cached. It never throws: where the platform would
 * return NULL for a string (out of range, unterminated, wrong length) we still decode what the bytes say, because
 * the text is evidence, and record an anomaly flagged `rejectedByPlatform`.
 */
import type { AnomalyLog } from './res-anomaly.js';
import { chunkProblem, readChunkHeader, u16, u32 } from './res-chunk.js';

const UTF8_FLAG = 0x100;
const POOL_HEADER_SIZE = 28;
/** Short strings are decoded by hand: TextDecoder's per-call cost dominates for manifest-sized strings. */
const SHORT_STRING = 48;

const utf16Decoder = new TextDecoder('utf-16le', { fatal: false });

export class StringPool {
  /** Number of strings that can be addressed (the header's count, capped by the bytes actually present). */
  readonly count: number;
  readonly isUtf8: boolean;
  readonly styleCount: number;
  /** Offset of the pool chunk in `bytes` (for anomaly offsets). */
  readonly offset: number;

  private readonly bytes: Uint8Array;
  private readonly entriesStart: number;
  private readonly stringsStart: number;
  private readonly stringsEnd: number;
  private readonly log: AnomalyLog | undefined;
  private cache: Array<string | undefined> | undefined;
  private decoded: Uint8Array | undefined;
  private reverse: Map<string, number> | undefined;

  private constructor(
    bytes: Uint8Array,
    offset: number,
    count: number,
    isUtf8: boolean,
    styleCount: number,
    entriesStart: number,
    stringsStart: number,
    stringsEnd: number,
    log: AnomalyLog | undefined,
  ) {
    this.bytes = bytes;
    this.offset = offset;
    this.count = count;
    this.isUtf8 = isUtf8;
    this.styleCount = styleCount;
    this.entriesStart = entriesStart;
    this.stringsStart = stringsStart;
    this.stringsEnd = stringsEnd;
    this.log = log;
  }

  static empty(): StringPool {
    return new StringPool(new Uint8Array(0), 0, 0, false, 0, 0, 0, 0, undefined);
  }

  /**
   * Reads the pool whose chunk starts at `offset`; `end` bounds the container it sits in. Problems become
   * anomalies in `log`; an unusable pool yields an empty one.
   */
  static parse(bytes: Uint8Array, offset: number, end: number, log: AnomalyLog): StringPool {
    const h = readChunkHeader(bytes, offset, end);
    if (h === undefined || h.headerSize < POOL_HEADER_SIZE || offset + POOL_HEADER_SIZE > end) {
      log.add('string-pool-unreadable', 'string pool header is truncated or too small; no strings can be read', offset, true);
      return StringPool.empty();
    }
    let size = h.size;
    const problem = chunkProblem(h, POOL_HEADER_SIZE, end);
    if (problem !== undefined) {
      log.add('string-pool-bad-size', `string pool chunk: ${problem}`, offset, true);
      if (size > end - offset || size < h.headerSize) size = end - offset;
    }
    const poolEnd = offset + size;
    const headerCount = u32(bytes, offset + 8);
    const styleCount = u32(bytes, offset + 12);
    const flags = u32(bytes, offset + 16);
    const stringsStartRel = u32(bytes, offset + 20);
    const stylesStartRel = u32(bytes, offset + 24);
    const isUtf8 = (flags & UTF8_FLAG) !== 0;
    const entriesStart = offset + h.headerSize;

    let count = headerCount;
    const maxCount = Math.max(0, Math.floor((poolEnd - entriesStart) / 4));
    if (count > maxCount) {
      log.add(
        'string-pool-bad-count',
        `string pool declares ${headerCount} strings but only ${maxCount} offsets fit in the chunk`,
        offset,
        true,
      );
      count = maxCount;
    }
    if (count === 0) return new StringPool(bytes, offset, 0, isUtf8, styleCount, entriesStart, 0, 0, log);

    // ResStringPool::setTo: the string data needs room for at least a length and a terminator.
    if (stringsStartRel >= size - 2 || stringsStartRel < h.headerSize) {
      log.add(
        'string-pool-bad-strings-start',
        `string data starts at ${stringsStartRel}, outside the ${size}-byte pool`,
        offset,
        stringsStartRel >= size - 2,
      );
      if (stringsStartRel >= size - 2) return new StringPool(bytes, offset, 0, isUtf8, styleCount, entriesStart, 0, 0, log);
    }
    let stringsEndRel = size;
    if (styleCount === 0) {
      if (stylesStartRel !== 0) {
        log.add(
          'string-pool-stray-styles-start',
          `string pool has no styles but a non-zero styles offset ${stylesStartRel} (tolerated by the platform, a known anti-analysis trick)`,
          offset,
        );
      }
    } else if (stylesStartRel >= size - 2 || stylesStartRel <= stringsStartRel) {
      log.add(
        'string-pool-bad-styles-start',
        `styles start at ${stylesStartRel}, not between the string data (${stringsStartRel}) and the pool end (${size})`,
        offset,
        true,
      );
    } else {
      stringsEndRel = stylesStartRel;
    }
    const stringsStart = offset + stringsStartRel;
    const stringsEnd = offset + stringsEndRel;
    // The platform rejects the whole pool when its last character unit is not a terminator.
    const unit = isUtf8 ? 1 : 2;
    const lastUnit = stringsStart + Math.floor((stringsEnd - stringsStart) / unit) * unit - unit;
    if (lastUnit >= stringsStart && (bytes[lastUnit] !== 0 || (!isUtf8 && bytes[lastUnit + 1] !== 0))) {
      log.add('string-pool-unterminated', 'the last string of the pool is not 0-terminated', offset, true);
    }
    return new StringPool(bytes, offset, count, isUtf8, styleCount, entriesStart, stringsStart, stringsEnd, log);
  }

  /** The string at `index`, or undefined when the index or its data is out of range. */
  get(index: number): string | undefined {
    if (!(index >= 0 && index < this.count)) return undefined;
    if (this.cache === undefined) {
      this.cache = new Array<string | undefined>(this.count);
      this.decoded = new Uint8Array(this.count);
    }
    if (this.decoded![index] === 1) return this.cache[index];
    const s = this.isUtf8 ? this.decodeUtf8(index) : this.decodeUtf16(index);
    this.cache[index] = s;
    this.decoded![index] = 1;
    return s;
  }

  /** Index of the first string equal to `s` (decodes the whole pool once). */
  indexOf(s: string): number | undefined {
    if (this.reverse === undefined) {
      this.reverse = new Map();
      for (let i = this.count - 1; i >= 0; i--) {
        const v = this.get(i);
        if (v !== undefined) this.reverse.set(v, i);
      }
    }
    return this.reverse.get(s);
  }

  private problem(kind: string, message: string, index: number): void {
    this.log?.add(kind, `string #${index}: ${message}`, this.offset, true);
  }

  private decodeUtf16(index: number): string | undefined {
    const b = this.bytes;
    const rel = u32(b, this.entriesStart + index * 4);
    // ResStringPool::stringAt: offsets are in bytes but used as a count of u16 units.
    const start = this.stringsStart + Math.floor(rel / 2) * 2;
    if (rel >= this.stringsEnd - this.stringsStart - 2) {
      this.problem('string-offset-out-of-range', `offset ${rel} is past the end of the string data`, index);
      return undefined;
    }
    let p = start;
    let len = u16(b, p);
    p += 2;
    if ((len & 0x8000) !== 0) {
      if (p + 2 > this.stringsEnd) {
        this.problem('string-out-of-range', 'length runs past the end of the string data', index);
        return undefined;
      }
      len = ((len & 0x7fff) << 16) | u16(b, p);
      p += 2;
    }
    let end = p + len * 2;
    if (end + 2 > this.stringsEnd) {
      this.problem('string-out-of-range', `length ${len} runs past the end of the string data`, index);
      // Keep the text up to the first terminator rather than swallowing the strings that follow.
      end = p;
      while (end + 2 <= this.stringsEnd && (b[end] !== 0 || b[end + 1] !== 0)) end += 2;
    } else if (b[end] !== 0 || b[end + 1] !== 0) {
      this.problem('string-not-terminated', 'is not followed by a 0 terminator', index);
    }
    if (end - p <= SHORT_STRING * 2) {
      let s = '';
      for (let q = p; q < end; q += 2) s += String.fromCharCode(b[q]! | (b[q + 1]! << 8));
      return s;
    }
    return utf16Decoder.decode(b.subarray(p, end));
  }

  private decodeUtf8(index: number): string | undefined {
    const b = this.bytes;
    const rel = u32(b, this.entriesStart + index * 4);
    if (rel >= this.stringsEnd - this.stringsStart - 1) {
      this.problem('string-offset-out-of-range', `offset ${rel} is past the end of the string data`, index);
      return undefined;
    }
    let p = this.stringsStart + rel;
    const end0 = this.stringsEnd;
    // Two lengths: UTF-16 units then UTF-8 bytes; each one byte, or two when bit 7 is set.
    let utf16Len = b[p++]!;
    if ((utf16Len & 0x80) !== 0) utf16Len = ((utf16Len & 0x7f) << 8) | (b[p++] ?? 0);
    let byteLen = b[p++] ?? 0;
    if ((byteLen & 0x80) !== 0) byteLen = ((byteLen & 0x7f) << 8) | (b[p++] ?? 0);
    if (p >= end0) {
      this.problem('string-out-of-range', 'lengths run past the end of the string data', index);
      return undefined;
    }
    let end = p + byteLen;
    if (end >= end0) {
      this.problem('string-out-of-range', `length ${byteLen} runs past the end of the string data`, index);
      end = p;
      while (end < end0 && b[end] !== 0) end++;
    } else if (b[end] !== 0) {
      // ResStringPool::stringDecodeAt: aapt truncated byte lengths above 0x7FFF to 15 bits, so the platform looks
      // for the terminator at byteLen + k * 0x8000.
      let found = -1;
      for (let k = 1; p + ((k << 15) | byteLen) < end0; k++) {
        if (b[p + ((k << 15) | byteLen)] === 0) {
          found = p + ((k << 15) | byteLen);
          break;
        }
      }
      if (found < 0) this.problem('string-not-terminated', 'is not followed by a 0 terminator', index);
      else end = found;
    }
    let ascii = end - p <= SHORT_STRING;
    if (ascii) {
      for (let q = p; q < end; q++) {
        if (b[q]! >= 0x80) {
          ascii = false;
          break;
        }
      }
    }
    let s: string;
    if (ascii) {
      s = '';
      for (let q = p; q < end; q++) s += String.fromCharCode(b[q]!);
    } else {
      s = decodePoolUtf8(b, p, end);
    }
    if ((s.length & 0x7fff) !== (utf16Len & 0x7fff)) {
      this.problem(
        'string-length-mismatch',
        `declares ${utf16Len} UTF-16 units but decodes to ${s.length}`,
        index,
      );
    }
    return s;
  }
}

/**
 * UTF-8 as found in string pools. aapt2 writes characters outside the BMP as two 3-byte surrogate sequences
 * (CESU-8), aapt as one 4-byte sequence; the platform's utf8_to_utf16 (libutils Unicode.cpp) accepts both, so
 * we do too. Malformed bytes become U+FFFD.
 */
export function decodePoolUtf8(b: Uint8Array, start: number, end: number): string {
  const units: number[] = [];
  let out = '';
  let i = start;
  while (i < end) {
    const c = b[i]!;
    let cp = 0xfffd;
    let n = 1;
    if (c < 0x80) {
      cp = c;
    } else if ((c & 0xe0) === 0xc0 && i + 1 < end && (b[i + 1]! & 0xc0) === 0x80) {
      cp = ((c & 0x1f) << 6) | (b[i + 1]! & 0x3f);
      n = 2;
    } else if ((c & 0xf0) === 0xe0 && i + 2 < end && (b[i + 1]! & 0xc0) === 0x80 && (b[i + 2]! & 0xc0) === 0x80) {
      cp = ((c & 0x0f) << 12) | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f);
      n = 3;
    } else if (
      (c & 0xf8) === 0xf0 &&
      i + 3 < end &&
      (b[i + 1]! & 0xc0) === 0x80 &&
      (b[i + 2]! & 0xc0) === 0x80 &&
      (b[i + 3]! & 0xc0) === 0x80
    ) {
      cp = ((c & 0x07) << 18) | ((b[i + 1]! & 0x3f) << 12) | ((b[i + 2]! & 0x3f) << 6) | (b[i + 3]! & 0x3f);
      n = 4;
    }
    if (cp > 0xffff && cp <= 0x10ffff) {
      cp -= 0x10000;
      units.push(0xd800 | (cp >> 10), 0xdc00 | (cp & 0x3ff));
    } else {
      units.push(cp > 0xffff ? 0xfffd : cp);
    }
    i += n;
    if (units.length >= 8192) {
      out += String.fromCharCode.apply(null, units);
      units.length = 0;
    }
  }
  return out + String.fromCharCode.apply(null, units);
}
