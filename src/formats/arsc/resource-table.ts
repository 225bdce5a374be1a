/**
 * @module formats/arsc/resource-table
 * resources.arsc (AOSP ResourceTypes.h: ResTable_header, ResTable_package, ResTable_typeSpec, ResTable_type,
 * ResTable_entry / ResTable_map_entry; loading rules of libandroidfw LoadedArsc.cpp).
 *
 * Layout: a RES_TABLE_TYPE chunk holding the global value string pool and one chunk per package. A package holds
 * its type-name and key-name string pools, then for each type a TYPE_SPEC chunk and one TYPE chunk per
 * configuration. A TYPE chunk has an index of entry offsets (dense u32, dense u16 "offset16", or sparse
 * {u16 entry, u16 offset/4} pairs) and the entries: simple (a Res_value), compact (value packed in the entry) or
 * complex (a "bag" of {attribute id, Res_value} pairs, used for styles, arrays, plurals).
 *
 * Parsing only indexes the chunks; entries are decoded on demand, so opening a table of several MB costs one
 * pass over its chunk headers. Defects become anomalies (some only appear when the entry involved is read);
 * a file that is not a resource table at all throws `DFSLAB_E_ARSC_BAD_CHUNK`.
 */
import { ErrorCodes, FormatError } from '../../errors.js';
import { AnomalyLog, type ResAnomaly } from '../axml/res-anomaly.js';
import { CHUNK_HEADER_SIZE, ResChunkType, chunkProblem, hex32, readChunkHeader, u16, u32 } from '../axml/res-chunk.js';
import { ResValueType, type ResValue } from '../axml/res-value.js';
import { StringPool } from '../axml/string-pool.js';
import { readResConfig, type ResConfig } from './res-config.js';

/** One item of a complex ("bag") entry: the attribute or index it sets, and the value. */
export interface ResBagItem {
  name: number;
  value: ResValue;
  string?: string;
}

export interface ResolvedValue {
  config: ResConfig;
  /** The value after following references; TYPE_NULL for complex entries (see `bag`). */
  value: ResValue;
  /** The string, for TYPE_STRING values. */
  string?: string;
  /** Resource ids of the references followed to reach `value`, in order (absent when the entry held it). */
  via?: number[];
  /** Complex entries (styles, arrays, plurals, attrs): the parent and the items. */
  bag?: { parent: number; items: ResBagItem[] };
}

export interface ResourceName {
  package: string;
  type: string;
  entry: string;
}

// ResTable_type flags and sentinels (ResourceTypes.h).
const FLAG_SPARSE = 0x01;
const FLAG_OFFSET16 = 0x02;
const NO_ENTRY = 0xffffffff;
const NO_ENTRY16 = 0xffff;
// ResTable_entry flags.
const ENTRY_FLAG_COMPLEX = 0x0001;
const ENTRY_FLAG_COMPACT = 0x0008;
const TABLE_HEADER_SIZE = 12;
/** ResTable_package up to lastPublicKey (typeIdOffset came later, making it 288). */
const PACKAGE_HEADER_MIN = 284;
/** ResTable_type up to entriesStart, before the config. */
const TYPE_HEADER_MIN = 20;
const TYPE_SPEC_HEADER_SIZE = 16;
/** References followed before giving up (chains in real apps are 1-3 long). */
const MAX_REFERENCE_DEPTH = 8;
/** Bags larger than this are cut (a bag item is 12 bytes; real bags have tens of items). */
const MAX_BAG_ITEMS = 65536;

interface TypeChunk {
  offset: number;
  end: number;
  config: ResConfig;
  flags: number;
  /** Number of index slots (dense) or of sparse pairs, capped by the bytes present. */
  count: number;
  indexStart: number;
  entriesStart: number;
}

interface TypeInfo {
  id: number;
  chunks: TypeChunk[];
  /** Entry count from TYPE_SPEC (or the largest dense index seen). */
  entryCount: number;
  /** key name → entry index (first configuration that defines each entry), built on first use by name. */
  byName?: Map<string, number>;
}

interface Package {
  id: number;
  name: string;
  typeStrings: StringPool;
  keyStrings: StringPool;
  typeIdOffset: number;
  types: Map<number, TypeInfo>;
  typeIdsByName?: Map<string, number>;
}

interface RawEntry {
  key: number;
  value: ResValue;
  bag?: { parent: number; items: ResBagItem[] };
}

export class ResourceTable {
  private readonly log = new AnomalyLog();
  private readonly packages = new Map<number, Package>();
  private readonly packageOrder: Package[] = [];
  private globalStrings: StringPool = StringPool.empty();

  private constructor(
    private readonly bytes: Uint8Array,
    private readonly label: string | undefined,
  ) {}

  /**
   * Indexes a resources.arsc. `opts.label` goes into error messages.
   * @throws FormatError `DFSLAB_E_ARSC_BAD_CHUNK` when the data is not a resource table.
   */
  static parse(bytes: Uint8Array, opts: { label?: string } = {}): ResourceTable {
    const t = new ResourceTable(bytes, opts.label);
    t.index();
    return t;
  }

  /** Anomalies found so far (reading entries can add more). */
  get anomalies(): readonly ResAnomaly[] {
    return this.log.all();
  }

  /** Package names and ids, in file order. */
  get packageList(): ReadonlyArray<{ id: number; name: string }> {
    return this.packageOrder.map((p) => ({ id: p.id, name: p.name }));
  }

  /** The global value string pool (every string value of the app; useful for secret scanning). */
  get valueStrings(): { readonly count: number; get(i: number): string | undefined } {
    return this.globalStrings;
  }

  private fail(message: string, offset: number): never {
    throw new FormatError(ErrorCodes.ARSC_BAD_CHUNK, message, {
      offset,
      ...(this.label === undefined ? {} : { path: this.label }),
    });
  }

  // ---- indexing ----

  private index(): void {
    const b = this.bytes;
    const h = readChunkHeader(b, 0, b.length);
    if (h === undefined) this.fail(`${b.length} bytes is too short for a resource table; the file is truncated`, 0);
    if (h.type !== ResChunkType.TABLE) {
      this.fail(`chunk type 0x${h.type.toString(16)} is not a resource table (0x0002); this is not resources.arsc`, 0);
    }
    if (h.headerSize < TABLE_HEADER_SIZE || h.headerSize > b.length) {
      this.fail(`resource table header size ${h.headerSize} is invalid`, 0);
    }
    let end = b.length;
    const problem = chunkProblem(h, TABLE_HEADER_SIZE, b.length);
    if (problem !== undefined) {
      this.log.add('bad-table-size', `resource table: ${problem}`, 0, true);
    } else if (h.size < b.length) {
      this.log.add('trailing-data', `${b.length - h.size} bytes follow the end of the resource table`, h.size);
      end = h.size;
    }
    const declaredPackages = u32(b, 8);
    let pos = h.headerSize;
    let sawPool = false;
    while (pos + CHUNK_HEADER_SIZE <= end) {
      const c = readChunkHeader(b, pos, end)!;
      const p = chunkProblem(c, CHUNK_HEADER_SIZE, end);
      if (p !== undefined) {
        this.log.add('bad-chunk', `chunk type 0x${c.type.toString(16)}: ${p}`, pos, true);
        if (c.size < CHUNK_HEADER_SIZE || c.headerSize > c.size) break;
        if (c.size > end - pos) c.size = end - pos;
      }
      if (c.type === ResChunkType.STRING_POOL) {
        if (sawPool) this.log.add('multiple-string-pools', 'more than one global string pool; the first is used', pos);
        else this.globalStrings = StringPool.parse(b, pos, pos + c.size, this.log);
        sawPool = true;
      } else if (c.type === ResChunkType.TABLE_PACKAGE) {
        this.indexPackage(pos, pos + c.size, c.headerSize);
      } else {
        this.log.add('unknown-chunk', `skipped chunk type 0x${c.type.toString(16)} in the resource table`, pos);
      }
      pos += c.size;
    }
    if (this.packageOrder.length !== declaredPackages) {
      this.log.add(
        'package-count-mismatch',
        `the table header declares ${declaredPackages} package(s) but ${this.packageOrder.length} were read`,
        8,
      );
    }
  }

  private indexPackage(start: number, end: number, headerSize: number): void {
    const b = this.bytes;
    if (headerSize < PACKAGE_HEADER_MIN || start + headerSize > end) {
      this.log.add('bad-package', `package header size ${headerSize} is too small`, start, true);
      return;
    }
    const id = u32(b, start + 8);
    let name = '';
    for (let i = 0; i < 128; i++) {
      const ch = u16(b, start + 12 + i * 2);
      if (ch === 0) break;
      name += String.fromCharCode(ch);
    }
    const typeStringsAt = u32(b, start + 268);
    const keyStringsAt = u32(b, start + 276);
    const typeIdOffset = headerSize >= 288 ? u32(b, start + 284) : 0;
    const pool = (rel: number, what: string): StringPool => {
      if (rel < headerSize || rel >= end - start) {
        this.log.add('bad-package', `package ${name}: ${what} pool offset ${rel} is outside the package`, start, true);
        return StringPool.empty();
      }
      return StringPool.parse(b, start + rel, end, this.log);
    };
    const pkg: Package = {
      id,
      name,
      typeStrings: pool(typeStringsAt, 'type-name'),
      keyStrings: pool(keyStringsAt, 'key-name'),
      typeIdOffset: typeIdOffset < 256 ? typeIdOffset : 0,
      types: new Map(),
    };
    if (this.packages.has(id)) {
      this.log.add('duplicate-package', `package id 0x${id.toString(16)} appears twice; the first is used`, start);
    } else {
      this.packages.set(id, pkg);
      this.packageOrder.push(pkg);
    }

    let pos = start + headerSize;
    while (pos + CHUNK_HEADER_SIZE <= end) {
      const c = readChunkHeader(b, pos, end)!;
      const p = chunkProblem(c, CHUNK_HEADER_SIZE, end);
      if (p !== undefined) {
        this.log.add('bad-chunk', `package ${name}, chunk type 0x${c.type.toString(16)}: ${p}`, pos, true);
        if (c.size < CHUNK_HEADER_SIZE || c.headerSize > c.size) break;
        if (c.size > end - pos) c.size = end - pos;
      }
      switch (c.type) {
        case ResChunkType.TABLE_TYPE_SPEC:
          this.indexTypeSpec(pkg, pos, c.headerSize, c.size);
          break;
        case ResChunkType.TABLE_TYPE:
          this.indexType(pkg, pos, c.headerSize, c.size);
          break;
        case ResChunkType.STRING_POOL: // the type and key pools, read above by offset
        case ResChunkType.TABLE_LIBRARY:
        case ResChunkType.TABLE_OVERLAYABLE:
        case ResChunkType.TABLE_OVERLAYABLE_POLICY:
        case ResChunkType.TABLE_STAGED_ALIAS:
          break;
        default:
          this.log.add('unknown-chunk', `package ${name}: skipped chunk type 0x${c.type.toString(16)}`, pos);
      }
      pos += c.size;
    }
  }

  private typeInfo(pkg: Package, id: number): TypeInfo {
    let t = pkg.types.get(id);
    if (t === undefined) {
      t = { id, chunks: [], entryCount: 0 };
      pkg.types.set(id, t);
    }
    return t;
  }

  private indexTypeSpec(pkg: Package, pos: number, headerSize: number, size: number): void {
    const b = this.bytes;
    if (headerSize < TYPE_SPEC_HEADER_SIZE) {
      this.log.add('bad-type-spec', `type spec header size ${headerSize} is too small`, pos, true);
      return;
    }
    const id = b[pos + 8]!;
    if (id === 0) {
      this.log.add('bad-type-spec', 'type spec with type id 0', pos, true);
      return;
    }
    const declared = u32(b, pos + 12);
    const fits = Math.floor((size - headerSize) / 4);
    if (declared > fits) {
      this.log.add('bad-type-spec', `type spec declares ${declared} entries, only ${fits} fit`, pos, true);
    }
    const t = this.typeInfo(pkg, id);
    t.entryCount = Math.max(t.entryCount, Math.min(declared, fits, 0x10000));
  }

  private indexType(pkg: Package, pos: number, headerSize: number, size: number): void {
    const b = this.bytes;
    if (headerSize < TYPE_HEADER_MIN) {
      this.log.add('bad-type', `type chunk header size ${headerSize} is too small`, pos, true);
      return;
    }
    const id = b[pos + 8]!;
    const flags = b[pos + 9]!;
    const declared = u32(b, pos + 12);
    const entriesStartRel = u32(b, pos + 16);
    if (id === 0) {
      this.log.add('bad-type', 'type chunk with type id 0', pos, true);
      return;
    }
    if (entriesStartRel > size || entriesStartRel < headerSize || (entriesStartRel & 3) !== 0) {
      this.log.add('bad-type', `type chunk entries start ${entriesStartRel} is outside the chunk`, pos, true);
      return;
    }
    const slot = (flags & (FLAG_SPARSE | FLAG_OFFSET16)) !== 0 ? 2 : 4;
    const indexStart = pos + headerSize;
    const pairSize = (flags & FLAG_SPARSE) !== 0 ? 4 : slot;
    const fits = Math.floor((pos + entriesStartRel - indexStart) / pairSize);
    let count = declared;
    if (count > fits) {
      this.log.add('bad-type', `type chunk declares ${declared} entries, only ${fits} offsets fit`, pos, true);
      count = fits;
    }
    const chunk: TypeChunk = {
      offset: pos,
      end: pos + size,
      config: readResConfig(b, pos + TYPE_HEADER_MIN, headerSize - TYPE_HEADER_MIN),
      flags,
      count,
      indexStart,
      entriesStart: pos + entriesStartRel,
    };
    const t = this.typeInfo(pkg, id);
    t.chunks.push(chunk);
    if ((flags & FLAG_SPARSE) === 0) t.entryCount = Math.max(t.entryCount, Math.min(count, 0x10000));
  }

  // ---- entries ----

  /** Byte offset of entry `index` in `c`, or undefined when the chunk has no such entry. */
  private entryOffset(c: TypeChunk, index: number): number | undefined {
    const b = this.bytes;
    let rel: number;
    if ((c.flags & FLAG_SPARSE) !== 0) {
      // ResTable_sparseTypeEntry pairs are sorted by entry index.
      let lo = 0;
      let hi = c.count - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const idx = u16(b, c.indexStart + mid * 4);
        if (idx === index) {
          found = mid;
          break;
        }
        if (idx < index) lo = mid + 1;
        else hi = mid - 1;
      }
      if (found < 0) return undefined;
      rel = u16(b, c.indexStart + found * 4 + 2) * 4;
    } else if ((c.flags & FLAG_OFFSET16) !== 0) {
      if (index >= c.count) return undefined;
      const v = u16(b, c.indexStart + index * 2);
      if (v === NO_ENTRY16) return undefined;
      rel = v * 4;
    } else {
      if (index >= c.count) return undefined;
      rel = u32(b, c.indexStart + index * 4);
      if (rel === NO_ENTRY) return undefined;
    }
    const at = c.entriesStart + rel;
    if (rel % 4 !== 0 || at + 8 > c.end) {
      this.log.add('bad-entry', `entry ${index} offset ${rel} is outside its type chunk`, c.offset, true);
      return undefined;
    }
    return at;
  }

  /** The key-string index of the entry at `at` without decoding its value. */
  private entryKey(at: number): number {
    const b = this.bytes;
    return (u16(b, at + 2) & ENTRY_FLAG_COMPACT) !== 0 ? u16(b, at) : u32(b, at + 4);
  }

  private readEntry(c: TypeChunk, at: number): RawEntry | undefined {
    const b = this.bytes;
    const size = u16(b, at);
    const flags = u16(b, at + 2);
    if ((flags & ENTRY_FLAG_COMPACT) !== 0) {
      // ResTable_entry::Compact: {u16 key, u16 flags (dataType in the high byte), u32 data}.
      return { key: size, value: { type: flags >>> 8, data: u32(b, at + 4) } };
    }
    const key = u32(b, at + 4);
    if ((flags & ENTRY_FLAG_COMPLEX) !== 0) {
      if (size < 16 || at + 16 > c.end) {
        this.log.add('bad-entry', `complex entry header of ${size} bytes does not fit`, at, true);
        return undefined;
      }
      const parent = u32(b, at + 8);
      const declared = u32(b, at + 12);
      const start = at + size;
      const fits = Math.max(0, Math.floor((c.end - start) / 12));
      let count = declared;
      if (count > fits || count > MAX_BAG_ITEMS) {
        this.log.add('bad-entry', `complex entry declares ${declared} items, ${Math.min(fits, MAX_BAG_ITEMS)} read`, at, true);
        count = Math.min(fits, MAX_BAG_ITEMS);
      }
      const items: ResBagItem[] = [];
      for (let i = 0; i < count; i++) {
        const o = start + i * 12;
        const item: ResBagItem = { name: u32(b, o), value: { type: b[o + 7]!, data: u32(b, o + 8) } };
        if (item.value.type === ResValueType.STRING) {
          const s = this.globalStrings.get(item.value.data);
          if (s !== undefined) item.string = s;
        }
        items.push(item);
      }
      return { key, value: { type: ResValueType.NULL, data: 0 }, bag: { parent, items } };
    }
    if (size < 8 || at + size + 8 > c.end) {
      this.log.add('bad-entry', `entry value at ${at + size} does not fit in its type chunk`, at, true);
      return undefined;
    }
    const v = at + size;
    return { key, value: { type: b[v + 3]!, data: u32(b, v + 4) } };
  }

  private lookup(resId: number): { pkg: Package; type: TypeInfo; index: number } | undefined {
    const pkg = this.packages.get(resId >>> 24);
    const type = pkg?.types.get((resId >>> 16) & 0xff);
    if (pkg === undefined || type === undefined) return undefined;
    return { pkg, type, index: resId & 0xffff };
  }

  /** The raw values of `resId` in each configuration that defines it, default configuration first. */
  private rawValues(resId: number): Array<{ config: ResConfig; entry: RawEntry }> {
    const found = this.lookup(resId);
    if (found === undefined) return [];
    const out: Array<{ config: ResConfig; entry: RawEntry }> = [];
    for (const c of found.type.chunks) {
      const at = this.entryOffset(c, found.index);
      if (at === undefined) continue;
      const entry = this.readEntry(c, at);
      if (entry !== undefined) out.push({ config: c.config, entry });
    }
    // Stable: file order otherwise.
    const def = out.findIndex((v) => v.config.isDefault);
    if (def > 0) out.unshift(...out.splice(def, 1));
    return out;
  }

  // ---- public queries ----

  /**
   * Every configuration's value of `resId`, default configuration first, with references inside this table
   * followed (up to a small depth; cycles stop) unless `followReferences` is false. Empty when the table does not
   * define `resId`.
   */
  resolve(resId: number, opts: { followReferences?: boolean } = {}): ResolvedValue[] {
    const follow = opts.followReferences ?? true;
    return this.rawValues(resId >>> 0).map(({ config, entry }) => this.finish(config, entry, resId >>> 0, follow));
  }

  /** The value in the default configuration, else in the first configuration that has one. */
  resolveDefault(resId: number): ResolvedValue | undefined {
    return this.resolve(resId)[0];
  }

  private finish(config: ResConfig, entry: RawEntry, resId: number, follow: boolean): ResolvedValue {
    let value = entry.value;
    let bag = entry.bag;
    const via: number[] = [];
    const seen = new Set<number>([resId]);
    while (
      follow &&
      (value.type === ResValueType.REFERENCE || value.type === ResValueType.DYNAMIC_REFERENCE) &&
      value.data !== 0 &&
      this.lookup(value.data >>> 0) !== undefined
    ) {
      const target = value.data >>> 0;
      if (seen.has(target) || via.length >= MAX_REFERENCE_DEPTH) {
        this.log.add(
          'reference-cycle',
          `${hex32(resId)} leads to a reference ${seen.has(target) ? 'cycle' : 'chain longer than ' + MAX_REFERENCE_DEPTH} at ${hex32(target)}`,
          undefined,
        );
        break;
      }
      const candidates = this.rawValues(target);
      // Prefer the same configuration as the referring value, as the platform would on that device.
      const next = candidates.find((v) => v.config.label === config.label) ?? candidates[0];
      if (next === undefined) break;
      seen.add(target);
      via.push(target);
      value = next.entry.value;
      bag = next.entry.bag;
    }
    const out: ResolvedValue = { config, value };
    if (value.type === ResValueType.STRING) {
      const s = this.globalStrings.get(value.data);
      if (s !== undefined) out.string = s;
      else this.log.add('bad-value-string', `${hex32(resId)} refers to missing string #${value.data}`, undefined, true);
    }
    if (via.length > 0) out.via = via;
    if (bag !== undefined) out.bag = bag;
    return out;
  }

  /** `package:type/entry` parts of `resId`, undefined when the table does not define it. */
  nameOf(resId: number): ResourceName | undefined {
    const found = this.lookup(resId >>> 0);
    if (found === undefined) return undefined;
    const { pkg, type, index } = found;
    for (const c of type.chunks) {
      const at = this.entryOffset(c, index);
      if (at === undefined) continue;
      const entry = pkg.keyStrings.get(this.entryKey(at));
      if (entry === undefined) return undefined;
      return { package: pkg.name, type: this.typeName(pkg, type.id) ?? `type0x${type.id.toString(16)}`, entry };
    }
    return undefined;
  }

  /** The id of `type/entry` (e.g. `xml`, `network_security_config`), searching packages in file order. */
  idOf(type: string, entry: string): number | undefined {
    for (const pkg of this.packageOrder) {
      const t = this.typeByName(pkg, type);
      if (t === undefined) continue;
      const index = this.nameIndex(pkg, t).get(entry);
      if (index !== undefined) return resourceId(pkg.id, t.id, index);
    }
    return undefined;
  }

  /** All entries of a type (e.g. every `string`), by id, across packages. */
  entries(type: string): Array<{ id: number; name: string }> {
    const out: Array<{ id: number; name: string }> = [];
    for (const pkg of this.packageOrder) {
      const t = this.typeByName(pkg, type);
      if (t === undefined) continue;
      const list: Array<{ id: number; name: string }> = [];
      for (const [name, index] of this.nameIndex(pkg, t)) list.push({ id: resourceId(pkg.id, t.id, index), name });
      list.sort((a, b) => a.id - b.id);
      for (const e of list) out.push(e);
    }
    return out;
  }

  /** Type names of a package, in id order (e.g. attr, drawable, layout, string, xml). */
  typeNames(packageId = 0x7f): string[] {
    const pkg = this.packages.get(packageId);
    if (pkg === undefined) return [];
    return [...pkg.types.keys()].sort((a, b) => a - b).map((id) => this.typeName(pkg, id) ?? `type0x${id.toString(16)}`);
  }

  private typeName(pkg: Package, id: number): string | undefined {
    return pkg.typeStrings.get(id - 1 - pkg.typeIdOffset);
  }

  private typeByName(pkg: Package, name: string): TypeInfo | undefined {
    if (pkg.typeIdsByName === undefined) {
      pkg.typeIdsByName = new Map();
      for (const id of pkg.types.keys()) {
        const n = this.typeName(pkg, id);
        if (n !== undefined && !pkg.typeIdsByName.has(n)) pkg.typeIdsByName.set(n, id);
      }
    }
    const id = pkg.typeIdsByName.get(name);
    return id === undefined ? undefined : pkg.types.get(id);
  }

  /**
   * Entry name → entry index for a type, from the first configuration that defines each entry. Only the key
   * strings of this type are decoded, not the whole key pool.
   */
  private nameIndex(pkg: Package, t: TypeInfo): Map<string, number> {
    if (t.byName !== undefined) return t.byName;
    const byName = new Map<string, number>();
    const b = this.bytes;
    // Entry indexes are 16-bit; one flag per index is cheaper than a Set over tens of configurations.
    const seen = new Uint8Array(0x10000);
    let remaining = t.entryCount > 0 ? t.entryCount : 0x10000;
    const add = (c: TypeChunk, index: number): void => {
      const at = this.entryOffset(c, index);
      if (at === undefined) return;
      seen[index] = 1;
      remaining--;
      const name = pkg.keyStrings.get(this.entryKey(at));
      if (name !== undefined && !byName.has(name)) byName.set(name, index);
    };
    // The default configuration usually defines every entry; look at it first, then fill the gaps.
    const chunks = [...t.chunks].sort((x, y) => Number(y.config.isDefault) - Number(x.config.isDefault));
    for (const c of chunks) {
      if (remaining <= 0) break;
      if ((c.flags & FLAG_SPARSE) !== 0) {
        for (let i = 0; i < c.count; i++) {
          const index = u16(b, c.indexStart + i * 4);
          if (seen[index] === 0) add(c, index);
        }
      } else {
        for (let i = 0; i < c.count; i++) if (seen[i] === 0) add(c, i);
      }
    }
    t.byName = byName;
    return byName;
  }
}

function resourceId(pkg: number, type: number, entry: number): number {
  return ((pkg << 24) | (type << 16) | entry) >>> 0;
}
