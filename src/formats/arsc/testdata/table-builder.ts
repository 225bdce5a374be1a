/**
 * Test-only writer of resources.arsc tables (AOSP ResourceTypes.h layouts), for encodings aapt2 on this machine
 * cannot produce (offset16 type chunks, compact entries) and for deliberately broken tables.
 */
import { ChunkWriter, stringPool } from '../../axml/testdata/res-builder.js';

export interface BuildValue {
  type: number;
  /** A number, or a string that goes into the global pool (its index becomes the data). */
  data: number | string;
}

export interface BuildEntry {
  key: string;
  value?: BuildValue;
  bag?: { parent: number; items: Array<{ name: number } & BuildValue> };
  /** Write as ResTable_entry::Compact (value must be set; the key index must fit in 16 bits). */
  compact?: boolean;
}

export interface BuildConfig {
  language?: string;
  region?: string;
  density?: number;
  sdkVersion?: number;
}

export interface BuildTypeConfig {
  config?: BuildConfig;
  encoding?: 'dense' | 'offset16' | 'sparse';
  entries: Record<number, BuildEntry>;
}

export interface BuildType {
  name: string;
  entryCount: number;
  configs: BuildTypeConfig[];
}

export interface TableOptions {
  packageId?: number;
  packageName?: string;
  types: BuildType[];
  utf8?: boolean;
}

export function buildTable(opts: TableOptions): Uint8Array {
  const globals: string[] = [];
  const globalIndex = new Map<string, number>();
  const gstr = (s: string): number => {
    let i = globalIndex.get(s);
    if (i === undefined) {
      i = globals.length;
      globals.push(s);
      globalIndex.set(s, i);
    }
    return i;
  };
  const keys: string[] = [];
  const keyIndex = new Map<string, number>();
  const kstr = (s: string): number => {
    let i = keyIndex.get(s);
    if (i === undefined) {
      i = keys.length;
      keys.push(s);
      keyIndex.set(s, i);
    }
    return i;
  };
  const data = (v: BuildValue): number => (typeof v.data === 'string' ? gstr(v.data) : v.data);

  const typeChunks = new ChunkWriter();
  opts.types.forEach((t, ti) => {
    const id = ti + 1;
    const spec = new ChunkWriter();
    spec.u16(0x0202).u16(16).u32(16 + t.entryCount * 4).u8(id).u8(0).u16(t.configs.length).u32(t.entryCount);
    for (let i = 0; i < t.entryCount; i++) spec.u32(0);
    typeChunks.bytes(spec.result());
    for (const tc of t.configs) typeChunks.bytes(typeChunk(id, t.entryCount, tc, kstr, data));
  });

  const typePool = stringPool(opts.types.map((t) => t.name), { utf8: opts.utf8 ?? true });
  const body = typeChunks.result(); // fills keys and globals
  const keyPool = stringPool(keys, { utf8: opts.utf8 ?? true });
  const pkg = new ChunkWriter();
  const headerSize = 288;
  pkg.u16(0x0200).u16(headerSize).u32(headerSize + typePool.length + keyPool.length + body.length);
  pkg.u32(opts.packageId ?? 0x7f);
  const name = opts.packageName ?? 'org.dfslab.synthetic';
  for (let i = 0; i < 128; i++) pkg.u16(i < name.length ? name.charCodeAt(i) : 0);
  pkg.u32(headerSize).u32(opts.types.length).u32(headerSize + typePool.length).u32(keys.length).u32(0);
  pkg.bytes(typePool).bytes(keyPool).bytes(body);

  const global = stringPool(globals, { utf8: opts.utf8 ?? true });
  const table = new ChunkWriter();
  table.u16(0x0002).u16(12).u32(12 + global.length + pkg.length).u32(1);
  table.bytes(global).bytes(pkg.result());
  return table.result();
}

function typeChunk(
  id: number,
  entryCount: number,
  tc: BuildTypeConfig,
  kstr: (s: string) => number,
  data: (v: BuildValue) => number,
): Uint8Array {
  const encoding = tc.encoding ?? 'dense';
  const indexes = Object.keys(tc.entries)
    .map(Number)
    .sort((a, b) => a - b);
  const entries = new ChunkWriter();
  const offsets = new Map<number, number>();
  for (const i of indexes) {
    const e = tc.entries[i]!;
    offsets.set(i, entries.length);
    const key = kstr(e.key);
    if (e.compact) {
      entries.u16(key).u16(0x0008 | (e.value!.type << 8)).u32(data(e.value!));
    } else if (e.bag) {
      entries.u16(16).u16(0x0001).u32(key).u32(e.bag.parent).u32(e.bag.items.length);
      for (const it of e.bag.items) entries.u32(it.name).u16(8).u8(0).u8(it.type).u32(data(it));
    } else {
      entries.u16(8).u16(0).u32(key).u16(8).u8(0).u8(e.value!.type).u32(data(e.value!));
    }
  }
  const index = new ChunkWriter();
  let count = entryCount;
  let flags = 0;
  if (encoding === 'sparse') {
    flags = 0x01;
    count = indexes.length;
    for (const i of indexes) index.u16(i).u16(offsets.get(i)! / 4);
  } else if (encoding === 'offset16') {
    flags = 0x02;
    for (let i = 0; i < entryCount; i++) index.u16(offsets.has(i) ? offsets.get(i)! / 4 : 0xffff);
  } else {
    for (let i = 0; i < entryCount; i++) index.u32(offsets.get(i) ?? 0xffffffff);
  }
  index.pad4();
  const config = configBytes(tc.config ?? {});
  const headerSize = 20 + config.length;
  const entriesStart = headerSize + index.length;
  const w = new ChunkWriter();
  w.u16(0x0201).u16(headerSize).u32(entriesStart + entries.length);
  w.u8(id).u8(flags).u16(0).u32(count).u32(entriesStart);
  w.bytes(config).bytes(index.result()).bytes(entries.result());
  return w.result();
}

function configBytes(c: BuildConfig): Uint8Array {
  const w = new ChunkWriter();
  w.u32(64).u16(0).u16(0);
  const two = (s: string | undefined) => {
    w.u8(s ? s.charCodeAt(0) : 0).u8(s && s.length > 1 ? s.charCodeAt(1) : 0);
  };
  two(c.language);
  two(c.region);
  w.u8(0).u8(0).u16(c.density ?? 0); // orientation, touchscreen, density
  w.u32(0); // keyboard, navigation, inputFlags, pad
  w.u32(0); // screen width, height
  w.u16(c.sdkVersion ?? 0).u16(0);
  while (w.length < 64) w.u8(0);
  return w.result();
}
