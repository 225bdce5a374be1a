/**
 * @module formats/zip/crc32
 * CRC-32 as ZIP uses it (APPNOTE.TXT 4.4.7: polynomial 0xEDB88320, reflected, initial and final XOR
 * 0xFFFFFFFF). Node >= 20.15 has a native `zlib.crc32`; older runtimes fall back to a table-driven
 * version so the reader still verifies what it inflates.
 */
import * as zlib from 'node:zlib';

type Crc32Fn = (data: Uint8Array, value?: number) => number;

const nativeCrc32: Crc32Fn | undefined =
  typeof (zlib as { crc32?: unknown }).crc32 === 'function' ? (zlib.crc32 as Crc32Fn) : undefined;

let table: Uint32Array | undefined;

function crcTable(): Uint32Array {
  if (table) return table;
  table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/** The portable implementation; exported so tests can check it against the native one. */
export function crc32Portable(data: Uint8Array, previous = 0): number {
  const t = crcTable();
  let c = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) c = t[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** CRC-32 of `data`, continuing from `previous` (the CRC of the bytes before it). Unsigned. */
export function crc32(data: Uint8Array, previous = 0): number {
  return nativeCrc32 ? nativeCrc32(data, previous) >>> 0 : crc32Portable(data, previous);
}
