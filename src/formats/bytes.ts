/**
 * @module formats/bytes
 * The one bounds-checked reader every format parser uses. Every read checks the bounds first and throws a
 * `TruncatedError` carrying the offset, so a hostile length field becomes a typed error, never an
 * out-of-range read or a silently wrong value. Endianness is always explicit in the method name.
 */
import { TruncatedError, LimitExceededError } from '../errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: false });
const utf16le = new TextDecoder('utf-16le', { fatal: false });

export class ByteReader {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  /** Current cursor, relative to `bytes`. */
  pos: number;
  /** Label used in error messages (file or entry name). */
  readonly label: string | undefined;

  constructor(bytes: Uint8Array, pos = 0, label?: string) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = pos;
    this.label = label;
  }

  get length(): number {
    return this.bytes.length;
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  /** Throws unless `count` bytes are available at `offset`. */
  need(offset: number, count: number): void {
    if (!(offset >= 0 && count >= 0 && offset + count <= this.bytes.length)) {
      throw new TruncatedError(
        `needed ${count} byte(s) at offset ${offset} but the data is ${this.bytes.length} bytes long; the file is truncated or a size field is wrong`,
        { offset, ...(this.label === undefined ? {} : { path: this.label }) },
      );
    }
  }

  seek(offset: number): this {
    this.need(offset, 0);
    this.pos = offset;
    return this;
  }

  skip(count: number): this {
    this.need(this.pos, count);
    this.pos += count;
    return this;
  }

  // ---- absolute reads (do not move the cursor) ----
  u8At(o: number): number {
    this.need(o, 1);
    return this.bytes[o]!;
  }
  u16leAt(o: number): number {
    this.need(o, 2);
    return this.view.getUint16(o, true);
  }
  u16beAt(o: number): number {
    this.need(o, 2);
    return this.view.getUint16(o, false);
  }
  u32leAt(o: number): number {
    this.need(o, 4);
    return this.view.getUint32(o, true);
  }
  u32beAt(o: number): number {
    this.need(o, 4);
    return this.view.getUint32(o, false);
  }
  i32leAt(o: number): number {
    this.need(o, 4);
    return this.view.getInt32(o, true);
  }
  i32beAt(o: number): number {
    this.need(o, 4);
    return this.view.getInt32(o, false);
  }
  u64leAt(o: number): bigint {
    this.need(o, 8);
    return this.view.getBigUint64(o, true);
  }
  u64beAt(o: number): bigint {
    this.need(o, 8);
    return this.view.getBigUint64(o, false);
  }
  /** A u64 that must fit in a JS number (sizes and offsets inside a file we hold in memory). */
  u64leNumberAt(o: number): number {
    const v = this.u64leAt(o);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new LimitExceededError(`64-bit value ${v} at offset ${o} is larger than any file dfslab reads`, {
        offset: o,
      });
    }
    return Number(v);
  }
  bytesAt(o: number, count: number): Uint8Array {
    this.need(o, count);
    return this.bytes.subarray(o, o + count);
  }

  // ---- cursor reads ----
  u8(): number {
    const v = this.u8At(this.pos);
    this.pos += 1;
    return v;
  }
  u16le(): number {
    const v = this.u16leAt(this.pos);
    this.pos += 2;
    return v;
  }
  u16be(): number {
    const v = this.u16beAt(this.pos);
    this.pos += 2;
    return v;
  }
  u32le(): number {
    const v = this.u32leAt(this.pos);
    this.pos += 4;
    return v;
  }
  u32be(): number {
    const v = this.u32beAt(this.pos);
    this.pos += 4;
    return v;
  }
  i32le(): number {
    const v = this.i32leAt(this.pos);
    this.pos += 4;
    return v;
  }
  u64le(): bigint {
    const v = this.u64leAt(this.pos);
    this.pos += 8;
    return v;
  }
  u64be(): bigint {
    const v = this.u64beAt(this.pos);
    this.pos += 8;
    return v;
  }
  bytesN(count: number): Uint8Array {
    const v = this.bytesAt(this.pos, count);
    this.pos += count;
    return v;
  }

  /** Unsigned LEB128 (DEX spec "LEB128"); at most 5 bytes for a 32-bit value. */
  uleb128(): number {
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.u8();
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result >>> 0;
      shift += 7;
    }
    return result >>> 0;
  }

  /** Signed LEB128. */
  sleb128(): number {
    let result = 0;
    let shift = 0;
    let b = 0;
    for (let i = 0; i < 5; i++) {
      b = this.u8();
      result |= (b & 0x7f) << shift;
      shift += 7;
      if ((b & 0x80) === 0) break;
    }
    if (shift < 32 && (b & 0x40) !== 0) result |= -1 << shift;
    return result | 0;
  }

  /** UTF-8 text of `count` bytes at the cursor (invalid sequences become U+FFFD). */
  utf8(count: number): string {
    return utf8.decode(this.bytesN(count));
  }

  /** UTF-16LE text of `units` code units at the cursor. */
  utf16le(units: number): string {
    return utf16le.decode(this.bytesN(units * 2));
  }

  /** NUL-terminated bytes starting at `o`, at most `max` long (no terminator → up to `max` or the end). */
  cstringAt(o: number, max = 4096): string {
    this.need(o, 0);
    const end = Math.min(this.bytes.length, o + max);
    let i = o;
    while (i < end && this.bytes[i] !== 0) i++;
    return utf8.decode(this.bytes.subarray(o, i));
  }
}

/**
 * Decode Modified UTF-8 (JNI / DEX "MUTF-8"): like CESU-8, NUL encoded as C0 80, supplementary characters
 * as surrogate pairs of 3-byte sequences. Stops at the first 0 byte or at `end`.
 * Malformed sequences decode to U+FFFD rather than throwing: a string is evidence, not structure.
 */
export function decodeMutf8(bytes: Uint8Array, start: number, end: number): string {
  // Fast path: pure ASCII is by far the most common case in DEX string data.
  let i = start;
  while (i < end) {
    const b = bytes[i]!;
    if (b === 0 || b >= 0x80) break;
    i++;
  }
  if (i === end || bytes[i] === 0) {
    return latin1Slice(bytes, start, i);
  }
  const units: number[] = [];
  for (let k = start; k < i; k++) units.push(bytes[k]!);
  while (i < end) {
    const a = bytes[i]!;
    if (a === 0) break;
    if (a < 0x80) {
      units.push(a);
      i += 1;
    } else if ((a & 0xe0) === 0xc0 && i + 1 < end) {
      units.push(((a & 0x1f) << 6) | (bytes[i + 1]! & 0x3f));
      i += 2;
    } else if ((a & 0xf0) === 0xe0 && i + 2 < end) {
      units.push(((a & 0x0f) << 12) | ((bytes[i + 1]! & 0x3f) << 6) | (bytes[i + 2]! & 0x3f));
      i += 3;
    } else {
      units.push(0xfffd);
      i += 1;
    }
  }
  let out = '';
  for (let k = 0; k < units.length; k += 8192) {
    out += String.fromCharCode.apply(null, units.slice(k, k + 8192));
  }
  return out;
}

function latin1Slice(bytes: Uint8Array, start: number, end: number): string {
  if (end - start < 64) {
    let s = '';
    for (let k = start; k < end; k++) s += String.fromCharCode(bytes[k]!);
    return s;
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
}
