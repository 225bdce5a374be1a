/**
 * Test-only writers of Android resource chunks (binary XML documents and string pools), so that tests can build
 * exact, minimal, and deliberately broken inputs. Layouts follow AOSP ResourceTypes.h; nothing here is used by
 * the library.
 */

export class ChunkWriter {
  private buf = new Uint8Array(256);
  length = 0;

  private grow(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
  u8(v: number): this {
    this.grow(1);
    this.buf[this.length++] = v & 0xff;
    return this;
  }
  u16(v: number): this {
    return this.u8(v).u8(v >>> 8);
  }
  u32(v: number): this {
    return this.u16(v & 0xffff).u16((v >>> 16) & 0xffff);
  }
  bytes(b: Uint8Array): this {
    this.grow(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
    return this;
  }
  pad4(): this {
    while (this.length % 4 !== 0) this.u8(0);
    return this;
  }
  setU16(at: number, v: number): void {
    this.buf[at] = v & 0xff;
    this.buf[at + 1] = (v >>> 8) & 0xff;
  }
  setU32(at: number, v: number): void {
    this.setU16(at, v & 0xffff);
    this.setU16(at + 2, (v >>> 16) & 0xffff);
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** A chunk: header `{type, headerSize, size}`, `header` extra fields, then `body`. */
export function chunk(type: number, headerExtra: Uint8Array, body: Uint8Array): Uint8Array {
  const w = new ChunkWriter();
  w.u16(type).u16(8 + headerExtra.length).u32(8 + headerExtra.length + body.length);
  w.bytes(headerExtra).bytes(body);
  return w.result();
}

export interface PoolOptions {
  utf8?: boolean;
  /** Written into stylesStart even though there are no styles (a known anti-analysis trick). */
  strayStylesStart?: number;
}

/** A ResStringPool chunk holding `strings` (UTF-16 by default), with both length encodings as needed. */
export function stringPool(strings: readonly string[], opts: PoolOptions = {}): Uint8Array {
  const data = new ChunkWriter();
  const offsets: number[] = [];
  const enc = new TextEncoder();
  for (const s of strings) {
    offsets.push(data.length);
    if (opts.utf8) {
      const bytes = enc.encode(s);
      writeLen8(data, s.length);
      writeLen8(data, bytes.length);
      data.bytes(bytes).u8(0);
    } else {
      if (s.length > 0x7fff) data.u16(0x8000 | (s.length >>> 16)).u16(s.length & 0xffff);
      else data.u16(s.length);
      for (let i = 0; i < s.length; i++) data.u16(s.charCodeAt(i));
      data.u16(0);
    }
  }
  data.pad4();
  const headerSize = 28;
  const stringsStart = headerSize + strings.length * 4;
  const w = new ChunkWriter();
  w.u16(0x0001).u16(headerSize).u32(stringsStart + data.length);
  w.u32(strings.length).u32(0).u32(opts.utf8 ? 0x100 : 0).u32(stringsStart).u32(opts.strayStylesStart ?? 0);
  for (const o of offsets) w.u32(o);
  w.bytes(data.result());
  return w.result();
}

function writeLen8(w: ChunkWriter, n: number): void {
  if (n > 0x7f) w.u8(0x80 | ((n >>> 8) & 0x7f)).u8(n & 0xff);
  else w.u8(n);
}

export interface BuildAttr {
  ns?: string;
  name: string;
  resId?: number;
  raw?: string;
  type: number;
  /** A number, or a string whose pool index becomes the data (for TYPE_STRING). */
  data: number | string;
}

export type BuildNode =
  | { kind: 'startNs'; prefix: string; uri: string }
  | { kind: 'endNs'; prefix: string; uri: string }
  | { kind: 'start'; ns?: string; name: string; attrs?: BuildAttr[]; line?: number; attributeSize?: number }
  | { kind: 'end'; ns?: string; name: string }
  | { kind: 'cdata'; text: string }
  | { kind: 'raw'; bytes: Uint8Array };

export interface AxmlBuildOptions extends PoolOptions {
  /** Chunks inserted between the resource map and the first node. */
  preludeExtra?: Uint8Array[];
  /** Omit the resource map even when attributes have ids. */
  noResourceMap?: boolean;
}

/**
 * A complete binary XML document. As aapt does, attribute names that carry a resource id come first in the pool
 * so that the resource map (indexed by string index) covers them.
 */
export function buildAxml(nodes: readonly BuildNode[], opts: AxmlBuildOptions = {}): Uint8Array {
  const ids: number[] = [];
  const strings: string[] = [];
  const index = new Map<string, number>();
  const withId = new Map<string, number>();
  for (const n of nodes) {
    if (n.kind !== 'start') continue;
    for (const a of n.attrs ?? []) {
      if (a.resId === undefined) continue;
      const key = `${a.name}\u0001${a.resId}`;
      if (withId.has(key)) continue;
      withId.set(key, strings.length);
      strings.push(a.name);
      ids.push(a.resId);
    }
  }
  const str = (s: string): number => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      index.set(s, i);
    }
    return i;
  };
  const opt = (s: string | undefined): number => (s === undefined ? 0xffffffff : str(s));
  const body = new ChunkWriter();
  for (const n of nodes) {
    switch (n.kind) {
      case 'startNs':
      case 'endNs': {
        const w = new ChunkWriter();
        w.u32(opt(n.prefix)).u32(str(n.uri));
        body.bytes(node(n.kind === 'startNs' ? 0x100 : 0x101, 1, w.result()));
        break;
      }
      case 'start': {
        const attrs = n.attrs ?? [];
        const size = n.attributeSize ?? 20;
        const w = new ChunkWriter();
        w.u32(opt(n.ns)).u32(str(n.name)).u16(20).u16(size).u16(attrs.length).u16(0).u16(0).u16(0);
        for (const a of attrs) {
          const nameIndex = a.resId === undefined ? str(a.name) : withId.get(`${a.name}\u0001${a.resId}`)!;
          const data = typeof a.data === 'string' ? str(a.data) : a.data;
          w.u32(opt(a.ns)).u32(nameIndex).u32(opt(a.raw)).u16(8).u8(0).u8(a.type).u32(data);
          for (let k = 20; k < size; k++) w.u8(0);
        }
        body.bytes(node(0x102, n.line ?? 1, w.result()));
        break;
      }
      case 'end': {
        const w = new ChunkWriter();
        w.u32(opt(n.ns)).u32(str(n.name));
        body.bytes(node(0x103, 1, w.result()));
        break;
      }
      case 'cdata': {
        const w = new ChunkWriter();
        w.u32(str(n.text)).u16(8).u8(0).u8(0).u32(0);
        body.bytes(node(0x104, 1, w.result()));
        break;
      }
      case 'raw':
        body.bytes(n.bytes);
        break;
    }
  }
  const parts: Uint8Array[] = [stringPool(strings, opts)];
  if (!opts.noResourceMap && ids.length > 0) {
    const w = new ChunkWriter();
    for (const id of ids) w.u32(id);
    parts.push(chunk(0x180, new Uint8Array(0), w.result()));
  }
  parts.push(...(opts.preludeExtra ?? []));
  parts.push(body.result());
  const all = new ChunkWriter();
  for (const p of parts) all.bytes(p);
  return chunk(0x0003, new Uint8Array(0), all.result());
}

/** An XML node chunk: header {type, 16, size, lineNumber, comment = none} then `ext`. */
export function node(type: number, line: number, ext: Uint8Array): Uint8Array {
  const w = new ChunkWriter();
  w.u16(type).u16(16).u32(16 + ext.length).u32(line).u32(0xffffffff).bytes(ext);
  return w.result();
}

/** Deterministic PRNG (mulberry32) for the mutation fuzz tests. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
