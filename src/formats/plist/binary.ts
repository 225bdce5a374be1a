/**
 * @module formats/plist/binary
 * Apple binary property lists, "bplist00" (CoreFoundation CFBinaryPList.c, the format comment at its top):
 *
 *   header "bplist00" | objects ... | offset table | 32-byte trailer
 *   trailer: 5 unused, sortVersion, offsetIntSize, objectRefSize, numObjects(u64 BE), topObject(u64 BE),
 *            offsetTableOffset(u64 BE)
 *
 * Every object starts with a marker byte: high nibble = type, low nibble = size/count (0xF means an int
 * object follows holding the real count). All multi-byte numbers are big-endian.
 *
 * Hostile input: every offset and count is checked against the real data length before use; containers
 * are expanded as a tree with the set of objects on the current path tracked, so a container that
 * references itself throws `DFSLAB_E_PLIST_CYCLE` instead of recursing forever; the total number of
 * values produced (`maxObjects`) and the nesting (`maxDepth`) are bounded, so a small file sharing one
 * container from many places cannot expand exponentially. Leaf values are decoded once per object.
 */
import { LimitExceededError } from '../../errors.js';
import {
  DEFAULT_PLIST_MAX_DEPTH,
  DEFAULT_PLIST_MAX_OBJECTS,
  PlistCycleError,
  PlistFormatError,
  PlistUid,
  type PlistDict,
  type PlistReadOptions,
  type PlistValue,
} from './types.js';

const MAGIC = 'bplist00';
const HEADER_SIZE = 8;
const TRAILER_SIZE = 32;
/** CFAbsoluteTime epoch, 2001-01-01T00:00:00Z, in Unix seconds. */
const CF_EPOCH_UNIX_SECONDS = 978_307_200;

const utf16be = new TextDecoder('utf-16be', { fatal: false });
const latin1 = new TextDecoder('latin1');

export function isBinaryPlist(bytes: Uint8Array): boolean {
  if (bytes.length < HEADER_SIZE) return false;
  for (let i = 0; i < HEADER_SIZE; i++) if (bytes[i] !== MAGIC.charCodeAt(i)) return false;
  return true;
}

export function readBinaryPlist(bytes: Uint8Array, opts: PlistReadOptions = {}): PlistValue {
  return new BinaryPlistReader(bytes, opts).readTop();
}

/** Unsigned big-endian integer of 1..8 bytes as a number; values above 2^53 lose precision, which only
 * matters for offsets/counts that then fail the bounds checks anyway. Caller has bounds-checked. */
function uintBE(b: Uint8Array, o: number, size: number): number {
  let v = 0;
  for (let i = 0; i < size; i++) v = v * 256 + b[o + i]!;
  return v;
}

class BinaryPlistReader {
  private readonly b: Uint8Array;
  private readonly view: DataView;
  private readonly label: string | undefined;
  private readonly maxObjects: number;
  private readonly maxDepth: number;
  private offsetIntSize = 0;
  private refSize = 0;
  private numObjects = 0;
  private offsetTableOffset = 0;
  /** Objects on the path from the top object to the one being decoded (cycle detection). */
  private readonly onPath = new Set<number>();
  /** Leaf values already decoded, by object index (strings are immutable, so sharing is safe). */
  private readonly leafCache = new Map<number, PlistValue>();
  private produced = 0;

  constructor(bytes: Uint8Array, opts: PlistReadOptions) {
    this.b = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.label = opts.label;
    this.maxObjects = opts.maxObjects ?? DEFAULT_PLIST_MAX_OBJECTS;
    this.maxDepth = opts.maxDepth ?? DEFAULT_PLIST_MAX_DEPTH;
  }

  private bad(message: string, offset: number | undefined): PlistFormatError {
    return new PlistFormatError(`binary plist: ${message}`, offset, this.label);
  }

  readTop(): PlistValue {
    const b = this.b;
    if (!isBinaryPlist(b)) throw this.bad('missing "bplist00" header', 0);
    if (b.length < HEADER_SIZE + 1 + TRAILER_SIZE) throw this.bad(`${b.length} bytes is too short for header, one object and trailer`, 0);
    const t = b.length - TRAILER_SIZE;
    this.offsetIntSize = b[t + 6]!;
    this.refSize = b[t + 7]!;
    const numObjects = uintBE(b, t + 8, 8);
    const topObject = uintBE(b, t + 16, 8);
    const tableOffset = uintBE(b, t + 24, 8);
    if (this.offsetIntSize < 1 || this.offsetIntSize > 8) throw this.bad(`trailer offsetIntSize ${this.offsetIntSize} is not 1..8`, t + 6);
    if (this.refSize < 1 || this.refSize > 8) throw this.bad(`trailer objectRefSize ${this.refSize} is not 1..8`, t + 7);
    // The offset table must sit between the objects and the trailer: this bounds numObjects by the file size.
    if (tableOffset < HEADER_SIZE + 1 || tableOffset > t) throw this.bad(`offset table offset ${tableOffset} is outside the file`, t + 24);
    if (numObjects < 1 || numObjects > (t - tableOffset) / this.offsetIntSize) {
      throw this.bad(`trailer declares ${numObjects} objects but the offset table has room for ${Math.floor((t - tableOffset) / this.offsetIntSize)}`, t + 8);
    }
    if (topObject >= numObjects) throw this.bad(`top object #${topObject} is not below the object count ${numObjects}`, t + 16);
    this.numObjects = numObjects;
    this.offsetTableOffset = tableOffset;
    return this.readObject(topObject, 0);
  }

  /** Byte offset of object `index`, from the offset table; objects must lie between header and table. */
  private objectOffset(index: number): number {
    const at = this.offsetTableOffset + index * this.offsetIntSize;
    const off = uintBE(this.b, at, this.offsetIntSize);
    if (off < HEADER_SIZE || off >= this.offsetTableOffset) {
      throw this.bad(`offset table entry #${index} points to ${off}, outside the object area [8, ${this.offsetTableOffset})`, at);
    }
    return off;
  }

  /** Reads an object reference of `refSize` bytes at `at` (already bounds-checked by the caller). */
  private ref(at: number): number {
    const r = uintBE(this.b, at, this.refSize);
    if (r >= this.numObjects) throw this.bad(`object reference ${r} is not below the object count ${this.numObjects}`, at);
    return r;
  }

  /** Throws unless [o, o+count) lies inside the object area. */
  private need(o: number, count: number, what: string): void {
    if (!(count >= 0 && o + count <= this.offsetTableOffset)) {
      throw this.bad(`${what} needs ${count} byte(s) at ${o} but the object area ends at ${this.offsetTableOffset}`, o);
    }
  }

  /**
   * The count of a data/string/container object at `o` (marker's low nibble, or 0xF then an int object),
   * and where its payload starts.
   */
  private countAt(o: number): { count: number; start: number } {
    const low = this.b[o]! & 0x0f;
    if (low !== 0x0f) return { count: low, start: o + 1 };
    this.need(o + 1, 1, 'count marker');
    const m = this.b[o + 1]!;
    if (m >> 4 !== 0x1) throw this.bad(`count after marker 0x${this.b[o]!.toString(16)} is not an integer object (0x${m.toString(16)})`, o + 1);
    const size = 1 << (m & 0x0f);
    if (size > 8) throw this.bad(`count integer of ${size} bytes`, o + 1);
    this.need(o + 2, size, 'count integer');
    return { count: uintBE(this.b, o + 2, size), start: o + 2 + size };
  }

  private countProduced(o: number): void {
    if (++this.produced > this.maxObjects) {
      throw new LimitExceededError(
        `binary plist expands to more than ${this.maxObjects} values (shared references); raise maxObjects if the file is genuine`,
        { offset: o, ...(this.label === undefined ? {} : { path: this.label }) },
      );
    }
  }

  private readObject(index: number, depth: number): PlistValue {
    const cached = this.leafCache.get(index);
    const o = this.objectOffset(index);
    this.countProduced(o);
    if (cached !== undefined) return cached;
    const marker = this.b[o]!;
    const type = marker >> 4;
    if (type === 0xa || type === 0xb || type === 0xc || type === 0xd) return this.readContainer(index, o, marker, depth);
    const value = this.readLeaf(o, marker);
    this.leafCache.set(index, value);
    return value;
  }

  private readLeaf(o: number, marker: number): PlistValue {
    const b = this.b;
    const low = marker & 0x0f;
    switch (marker >> 4) {
      case 0x0:
        if (marker === 0x08) return false;
        if (marker === 0x09) return true;
        // 0x00 (null) and 0x0F (fill) are defined by the format but are not property-list values.
        throw this.bad(`marker 0x${marker.toString(16).padStart(2, '0')} (null/fill) is not a property-list value`, o);
      case 0x1:
        return this.readInt(o, low);
      case 0x2: {
        if (low === 2) {
          this.need(o + 1, 4, 'real');
          return this.view.getFloat32(o + 1, false);
        }
        if (low === 3) {
          this.need(o + 1, 8, 'real');
          return this.view.getFloat64(o + 1, false);
        }
        throw this.bad(`real of 2^${low} bytes`, o);
      }
      case 0x3: {
        if (marker !== 0x33) throw this.bad(`date marker 0x${marker.toString(16)} is not 0x33`, o);
        this.need(o + 1, 8, 'date');
        const seconds = this.view.getFloat64(o + 1, false);
        return new Date((seconds + CF_EPOCH_UNIX_SECONDS) * 1000);
      }
      case 0x4: {
        const { count, start } = this.countAt(o);
        this.need(start, count, 'data');
        // A plain Uint8Array view (not a Buffer subclass even when the input is one), no copy.
        return new Uint8Array(b.buffer, b.byteOffset + start, count);
      }
      case 0x5: {
        const { count, start } = this.countAt(o);
        this.need(start, count, 'ASCII string');
        // CF writes 0x5n only for 7-bit text; decoding bytes 1:1 keeps any stray high byte visible.
        return latin1.decode(b.subarray(start, start + count));
      }
      case 0x6: {
        const { count, start } = this.countAt(o);
        if (count > this.offsetTableOffset) throw this.bad(`UTF-16 string of ${count} characters`, o);
        this.need(start, count * 2, 'UTF-16 string');
        return utf16be.decode(b.subarray(start, start + count * 2));
      }
      case 0x8: {
        const size = low + 1;
        this.need(o + 1, size, 'UID');
        if (size > 4) {
          // CFKeyedArchiverUID is 32-bit; wider encodings are accepted when the value still fits.
          const v = uintBE(b, o + 1, size);
          if (v > 0xffffffff) throw this.bad(`UID ${v} does not fit in 32 bits`, o);
          return new PlistUid(v);
        }
        return new PlistUid(uintBE(b, o + 1, size));
      }
      default:
        throw this.bad(`unknown object marker 0x${marker.toString(16).padStart(2, '0')}`, o);
    }
  }

  /**
   * CFBinaryPList ints: 1, 2 and 4 bytes are unsigned, 8 bytes are signed two's complement, 16 bytes hold
   * a 128-bit value of which CF keeps the low 64 bits (written for unsigned values >= 2^63).
   */
  private readInt(o: number, low: number): number | bigint {
    if (low > 4) throw this.bad(`integer of 2^${low} bytes`, o);
    const size = 1 << low;
    this.need(o + 1, size, 'integer');
    if (size <= 4) return uintBE(this.b, o + 1, size);
    if (size === 8) return narrow(this.view.getBigInt64(o + 1, false));
    const hi = this.view.getBigInt64(o + 1, false);
    const lo = this.view.getBigUint64(o + 9, false);
    // A non-negative high half means an unsigned 64-bit value; a negative one a signed value.
    return narrow(hi < 0n ? BigInt.asIntN(64, lo) : lo);
  }

  private readContainer(index: number, o: number, marker: number, depth: number): PlistValue {
    if (depth >= this.maxDepth) {
      throw new LimitExceededError(`binary plist nesting is deeper than ${this.maxDepth}; raise maxDepth if the file is genuine`, {
        offset: o,
        ...(this.label === undefined ? {} : { path: this.label }),
      });
    }
    if (this.onPath.has(index)) throw new PlistCycleError(index, o, this.label);
    const { count, start } = this.countAt(o);
    const isDict = marker >> 4 === 0xd;
    const refs = isDict ? count * 2 : count;
    // Counts are capped by the bytes their references occupy, so a 1e9 count fails here, before any allocation.
    if (refs > (this.offsetTableOffset - start) / this.refSize) {
      throw this.bad(`${isDict ? 'dict' : 'array'} declares ${count} entries but the object area ends at ${this.offsetTableOffset}`, o);
    }
    this.onPath.add(index);
    try {
      if (!isDict) {
        const out: PlistValue[] = new Array<PlistValue>(count);
        for (let i = 0; i < count; i++) out[i] = this.readObject(this.ref(start + i * this.refSize), depth + 1);
        return out;
      }
      const dict: PlistDict = new Map();
      const valuesAt = start + count * this.refSize;
      for (let i = 0; i < count; i++) {
        const keyAt = start + i * this.refSize;
        const key = this.readObject(this.ref(keyAt), depth + 1);
        if (typeof key !== 'string') throw this.bad(`dict key #${i} is not a string`, keyAt);
        dict.set(key, this.readObject(this.ref(valuesAt + i * this.refSize), depth + 1));
      }
      return dict;
    } finally {
      this.onPath.delete(index);
    }
  }
}

function narrow(v: bigint): number | bigint {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}
