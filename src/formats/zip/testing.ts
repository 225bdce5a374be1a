/**
 * @module formats/zip/testing
 * A small ZIP *writer* for tests only: it builds well-formed archives (stored/deflate, data descriptors,
 * ZIP64 on demand, zipalign-style padding) and, on request, hostile ones (lying headers, duplicate names,
 * `../` names, entries sharing bytes, appended or prepended data, bogus flags). Other folders' tests use it
 * to craft hostile APKs in memory instead of committing binary fixtures.
 *
 * Layout written (APPNOTE.TXT 4.3.6): [prefix][local header, data, data descriptor]* [beforeCentralDirectory]
 * [central directory][afterCentralDirectory][ZIP64 end record + locator][end record][comment][suffix].
 */
import { deflateRawSync } from 'node:zlib';
import { crc32 } from './crc32.js';

/** Field overrides for one header: whatever is given is written instead of the true value. */
export interface TestZipHeaderOverrides {
  name?: string | Uint8Array;
  method?: number;
  flags?: number;
  crc32?: number;
  compressedSize?: number;
  uncompressedSize?: number;
  /** Central directory only: the local header offset to declare. */
  localHeaderOffset?: number;
}

export interface TestZipEntry {
  name: string | Uint8Array;
  /** Uncompressed content (strings are UTF-8 encoded). Default empty. */
  data?: Uint8Array | string;
  /** 'store' (default for empty data), 'deflate' (default otherwise), or a raw method number (data stored as is). */
  method?: 'store' | 'deflate' | number;
  /** Exact bytes to write as the entry's data, instead of storing/deflating `data` (sizes/CRC still from `data`). */
  raw?: Uint8Array;
  /** Set general purpose bit 11 (UTF-8 name). */
  utf8Flag?: boolean;
  /** Extra general purpose bits, in both headers (e.g. 1 = "encrypted"). */
  flags?: number;
  /** Write a data descriptor after the data (bit 3); zero CRC and sizes in the local header. */
  dataDescriptor?: boolean | 'no-signature';
  /** Saturate sizes/offset and put the real values in ZIP64 extra fields (both headers). */
  zip64?: boolean;
  /** Pad the local extra field so that the data starts at a multiple of this (what zipalign does). */
  align?: number;
  localExtra?: Uint8Array;
  centralExtra?: Uint8Array;
  comment?: string;
  /** Lies in the local header. */
  local?: TestZipHeaderOverrides;
  /** Lies in the central directory record. */
  central?: TestZipHeaderOverrides;
  /**
   * Write no local header or data for this entry: its central record points at the local header of entry
   * number `shareLocalWith` (the overlapping-entries trick). Method, sizes and CRC are copied from that
   * entry (`data` is ignored) unless overridden in `central`.
   */
  shareLocalWith?: number;
}

export interface TestZipOptions {
  /** Bytes written before the first local header. */
  prefix?: Uint8Array;
  /** Count the prefix in the offsets (default true, as `zip -A` would); false leaves them relative to the ZIP. */
  adjustOffsetsForPrefix?: boolean;
  /** Bytes between the last entry and the central directory (e.g. an APK Signing Block). */
  beforeCentralDirectory?: Uint8Array;
  /** Bytes between the central directory and the end records. */
  afterCentralDirectory?: Uint8Array;
  comment?: string | Uint8Array;
  /** Bytes after the end record and its comment. */
  suffix?: Uint8Array;
  /** Write a ZIP64 end record and locator and saturate the 32-bit end record. */
  zip64?: boolean;
  /** Lies in the end record. */
  eocd?: {
    diskNumber?: number;
    cdDisk?: number;
    entriesOnDisk?: number;
    entryCount?: number;
    cdSize?: number;
    cdOffset?: number;
    commentLength?: number;
  };
}

const encoder = new TextEncoder();

function toBytes(v: string | Uint8Array | undefined): Uint8Array {
  if (v === undefined) return new Uint8Array(0);
  return typeof v === 'string' ? encoder.encode(v) : v;
}

/** Little-endian byte builder. */
class Out {
  private chunks: Uint8Array[] = [];
  length = 0;
  bytes(b: Uint8Array): this {
    this.chunks.push(b);
    this.length += b.length;
    return this;
  }
  u16(v: number): this {
    return this.bytes(new Uint8Array([v & 0xff, (v >>> 8) & 0xff]));
  }
  u32(v: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v >>> 0, true);
    return this.bytes(b);
  }
  u64(v: number): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt(v), true);
    return this.bytes(b);
  }
  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let o = 0;
    for (const c of this.chunks) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  }
}

function zip64Extra(values: number[]): Uint8Array {
  const o = new Out().u16(0x0001).u16(values.length * 8);
  for (const v of values) o.u64(v);
  return o.finish();
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const o = new Out();
  for (const p of parts) o.bytes(p);
  return o.finish();
}

interface Written {
  nameBytes: Uint8Array;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

/** Build a ZIP archive from `entries`; see {@link TestZipEntry} and {@link TestZipOptions} for the tricks. */
export function buildZip(entries: readonly TestZipEntry[], opts: TestZipOptions = {}): Uint8Array {
  const out = new Out();
  const prefix = opts.prefix ?? new Uint8Array(0);
  out.bytes(prefix);
  const offsetBase = opts.adjustOffsetsForPrefix === false ? prefix.length : 0;
  const written: Written[] = [];

  for (const spec of entries) {
    const nameBytes = toBytes(spec.name);
    if (spec.shareLocalWith !== undefined) {
      const shared = written[spec.shareLocalWith];
      if (!shared) throw new Error(`shareLocalWith ${spec.shareLocalWith} does not name an earlier entry`);
      written.push({ ...shared, nameBytes });
      continue;
    }
    const data = toBytes(spec.data);
    const methodName = spec.method ?? (data.length === 0 ? 'store' : 'deflate');
    const method = typeof methodName === 'number' ? methodName : methodName === 'store' ? 0 : 8;
    const payload = spec.raw ?? (method === 8 ? new Uint8Array(deflateRawSync(data)) : data);
    const descriptor = spec.dataDescriptor !== undefined && spec.dataDescriptor !== false;
    const flags = (spec.flags ?? 0) | (spec.utf8Flag ? 0x0800 : 0) | (descriptor ? 0x0008 : 0);
    const crc = crc32(data);
    const record: Written = {
      nameBytes,
      method,
      flags,
      crc,
      compressedSize: payload.length,
      uncompressedSize: data.length,
      localHeaderOffset: out.length - offsetBase,
    };
    const lie = spec.local ?? {};
    const localName = lie.name === undefined ? nameBytes : toBytes(lie.name);
    let localExtra = spec.localExtra ?? new Uint8Array(0);
    if (spec.zip64) localExtra = concat(zip64Extra([data.length, payload.length]), localExtra);
    if (spec.align) {
      const dataStart = out.length + 30 + localName.length + localExtra.length;
      let pad = (spec.align - (dataStart % spec.align)) % spec.align;
      if (pad > 0 && pad < 4) pad += spec.align; // an extra block needs at least its 4-byte header
      if (pad > 0) {
        // zipalign's padding block (id 0xD935, "Android ZIP alignment extra"): u16 alignment, then zeros.
        const block = new Out().u16(0xd935).u16(pad - 4);
        const body = new Uint8Array(pad - 4);
        if (pad >= 6) new DataView(body.buffer).setUint16(0, spec.align, true);
        localExtra = concat(localExtra, block.bytes(body).finish());
      }
    }
    const sizeField = (v: number): number => (spec.zip64 ? 0xffffffff : v);
    out
      .u32(0x04034b50)
      .u16(spec.zip64 ? 45 : 20)
      .u16(lie.flags ?? flags)
      .u16(lie.method ?? method)
      .u16(0) // time
      .u16(0x21) // date 1980-01-01
      .u32(lie.crc32 ?? (descriptor ? 0 : crc))
      .u32(lie.compressedSize ?? (descriptor && !spec.zip64 ? 0 : sizeField(payload.length)))
      .u32(lie.uncompressedSize ?? (descriptor && !spec.zip64 ? 0 : sizeField(data.length)))
      .u16(localName.length)
      .u16(localExtra.length)
      .bytes(localName)
      .bytes(localExtra)
      .bytes(payload);
    if (descriptor) {
      if (spec.dataDescriptor !== 'no-signature') out.u32(0x08074b50);
      out.u32(crc);
      if (spec.zip64) out.u64(payload.length).u64(data.length);
      else out.u32(payload.length).u32(data.length);
    }
    written.push(record);
  }

  out.bytes(opts.beforeCentralDirectory ?? new Uint8Array(0));
  const cdOffset = out.length - offsetBase;
  const cdStartInFile = out.length;
  entries.forEach((spec, i) => {
    const w = written[i]!;
    const lie = spec.central ?? {};
    const name = lie.name === undefined ? w.nameBytes : toBytes(lie.name);
    const comment = toBytes(spec.comment);
    const lho = lie.localHeaderOffset ?? w.localHeaderOffset;
    let extra = spec.centralExtra ?? new Uint8Array(0);
    if (spec.zip64) {
      extra = concat(
        zip64Extra([lie.uncompressedSize ?? w.uncompressedSize, lie.compressedSize ?? w.compressedSize, lho]),
        extra,
      );
    }
    out
      .u32(0x02014b50)
      .u16(0x0314) // made by: Unix, 2.0
      .u16(spec.zip64 ? 45 : 20)
      .u16(lie.flags ?? w.flags)
      .u16(lie.method ?? w.method)
      .u16(0)
      .u16(0x21)
      .u32(lie.crc32 ?? w.crc)
      .u32(spec.zip64 ? 0xffffffff : (lie.compressedSize ?? w.compressedSize))
      .u32(spec.zip64 ? 0xffffffff : (lie.uncompressedSize ?? w.uncompressedSize))
      .u16(name.length)
      .u16(extra.length)
      .u16(comment.length)
      .u16(0) // disk start
      .u16(0) // internal attributes
      .u32(0o100644 << 16) // external attributes: regular file rw-r--r--
      .u32(spec.zip64 ? 0xffffffff : lho)
      .bytes(name)
      .bytes(extra)
      .bytes(comment);
  });
  const cdSize = out.length - cdStartInFile;
  out.bytes(opts.afterCentralDirectory ?? new Uint8Array(0));

  const e = opts.eocd ?? {};
  const count = entries.length;
  if (opts.zip64) {
    const recordOffset = out.length - offsetBase;
    out
      .u32(0x06064b50)
      .u64(44) // size of the rest of the record
      .u16(45)
      .u16(45)
      .u32(e.diskNumber ?? 0)
      .u32(e.cdDisk ?? 0)
      .u64(e.entriesOnDisk ?? e.entryCount ?? count)
      .u64(e.entryCount ?? count)
      .u64(e.cdSize ?? cdSize)
      .u64(e.cdOffset ?? cdOffset);
    out.u32(0x07064b50).u32(0).u64(recordOffset).u32(1);
  }
  const comment = toBytes(opts.comment);
  out
    .u32(0x06054b50)
    .u16(opts.zip64 ? 0xffff : (e.diskNumber ?? 0))
    .u16(opts.zip64 ? 0xffff : (e.cdDisk ?? 0))
    .u16(opts.zip64 ? 0xffff : (e.entriesOnDisk ?? e.entryCount ?? count))
    .u16(opts.zip64 ? 0xffff : (e.entryCount ?? count))
    .u32(opts.zip64 ? 0xffffffff : (e.cdSize ?? cdSize))
    .u32(opts.zip64 ? 0xffffffff : (e.cdOffset ?? cdOffset))
    .u16(e.commentLength ?? comment.length)
    .bytes(comment)
    .bytes(opts.suffix ?? new Uint8Array(0));
  return out.finish();
}

/**
 * An overlapping-entries zip bomb in the style of David Fifield's "A better zip bomb" (2019, the simple
 * "full overlap" variant): one deflate kernel that inflates to `kernelSize` zero bytes, and `copies`
 * central directory records that all point at its one local header. A few kilobytes on disk, `copies x
 * kernelSize` bytes if every entry were extracted.
 */
export function buildOverlapBomb(copies: number, kernelSize = 8 * 1024 * 1024): Uint8Array {
  const kernel = new Uint8Array(kernelSize);
  const entries: TestZipEntry[] = [{ name: 'kernel.bin', data: kernel }];
  for (let i = 1; i < copies; i++) {
    entries.push({ name: `copy${i}.bin`, shareLocalWith: 0 });
  }
  return buildZip(entries);
}
