/**
 * Test-only writer of raw binary plists (CFBinaryPList layout), so tests can state hostile structures
 * (cycles, lying trailers, huge counts) byte by byte. Not exported from the module index.
 */

export interface RawBplist {
  /** Encoded objects, in object-index order. */
  objects: Uint8Array[];
  top?: number;
  refSize?: number;
  offsetIntSize?: number;
  /** Overrides of the trailer fields, to make it lie. */
  numObjects?: number;
  tableOffset?: number;
  /** Overrides of offset table entries, by object index. */
  offsets?: Record<number, number>;
}

function uintBytes(v: number, size: number): number[] {
  const out: number[] = [];
  for (let i = size - 1; i >= 0; i--) out.push(Math.floor(v / 256 ** i) % 256);
  return out;
}

export function buildBplist(p: RawBplist): Uint8Array {
  const refSize = p.refSize ?? 1;
  const offSize = p.offsetIntSize ?? 2;
  const bytes: number[] = [...Buffer.from('bplist00', 'latin1')];
  const offsets: number[] = [];
  for (const o of p.objects) {
    offsets.push(bytes.length);
    bytes.push(...o);
  }
  const tableOffset = bytes.length;
  offsets.forEach((o, i) => bytes.push(...uintBytes(p.offsets?.[i] ?? o, offSize)));
  bytes.push(0, 0, 0, 0, 0, 0, offSize, refSize);
  bytes.push(...uintBytes(p.numObjects ?? p.objects.length, 8));
  bytes.push(...uintBytes(p.top ?? 0, 8));
  bytes.push(...uintBytes(p.tableOffset ?? tableOffset, 8));
  return Uint8Array.from(bytes);
}

/** Marker with a count: low nibble, or 0xF followed by an int object. */
function counted(type: number, count: number): number[] {
  if (count < 15) return [(type << 4) | count];
  if (count < 256) return [(type << 4) | 0xf, 0x10, count];
  if (count < 65536) return [(type << 4) | 0xf, 0x11, ...uintBytes(count, 2)];
  return [(type << 4) | 0xf, 0x12, ...uintBytes(count, 4)];
}

export const enc = {
  ascii: (s: string): Uint8Array => Uint8Array.from([...counted(0x5, s.length), ...Buffer.from(s, 'latin1')]),
  utf16: (s: string): Uint8Array => {
    const be = Buffer.from(s, 'utf16le').swap16();
    return Uint8Array.from([...counted(0x6, s.length), ...be]);
  },
  int8: (n: number): Uint8Array => Uint8Array.from([0x10, n]),
  raw: (...b: number[]): Uint8Array => Uint8Array.from(b),
  uid: (n: number): Uint8Array => Uint8Array.from([0x80, n]),
  array: (refs: number[], refSize = 1): Uint8Array =>
    Uint8Array.from([...counted(0xa, refs.length), ...refs.flatMap((r) => uintBytes(r, refSize))]),
  set: (refs: number[], refSize = 1): Uint8Array =>
    Uint8Array.from([...counted(0xc, refs.length), ...refs.flatMap((r) => uintBytes(r, refSize))]),
  dict: (keys: number[], values: number[], refSize = 1): Uint8Array =>
    Uint8Array.from([...counted(0xd, keys.length), ...[...keys, ...values].flatMap((r) => uintBytes(r, refSize))]),
  /** A container marker that claims `count` entries but has none. */
  lyingCount: (type: number, count: number): Uint8Array => Uint8Array.from(counted(type, count)),
};
