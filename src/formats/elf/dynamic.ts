/**
 * @module formats/elf/dynamic
 * The dynamic section and the dynamic symbol table: what a native library needs from the loader
 * (DT_NEEDED, imported symbols), what it offers (exported symbols such as JNI_OnLoad and Java_*), and the
 * loader flags that decide RELRO, lazy binding and text relocations.
 *
 * Spec: gABI 5 "Dynamic Section" (d_tag values, DT_FLAGS), gABI 4 "Symbol Table" (st_info, st_shndx),
 * gABI 5 "Hash Table" (DT_HASH), and the GNU hash layout (DT_GNU_HASH: nbuckets, symoffset, bloom_size,
 * bloom_shift, bloom words, buckets, chain with bit 0 marking a chain's end) as binutils/glibc implement it.
 *
 * The loader (bionic linker, glibc ld.so) only looks at PT_DYNAMIC and the addresses in it; sections are
 * a convenience for tools. So PT_DYNAMIC is the truth, the .dynsym/.dynstr sections are used when they
 * agree with it, and a disagreement is itself an anomaly (section headers forged to mislead analysis).
 */
import { compareNames, sortNameIndices } from './name-sort.js';
import {
  mapVaddr,
  PT_DYNAMIC,
  readCString,
  SHT_DYNAMIC,
  SHT_DYNSYM,
  SHT_STRTAB,
  type ElfLayout,
  type MappedRange,
  type SectionHeader,
} from './layout.js';

const DT_NULL = 0;
const DT_NEEDED = 1;
const DT_HASH = 4;
const DT_STRTAB = 5;
const DT_SYMTAB = 6;
const DT_STRSZ = 10;
const DT_SYMENT = 11;
const DT_SONAME = 14;
const DT_RPATH = 15;
const DT_TEXTREL = 22;
const DT_BIND_NOW = 24;
const DT_RUNPATH = 29;
const DT_FLAGS = 30;
const DT_GNU_HASH = 0x6ffffef5;
const DT_FLAGS_1 = 0x6ffffffb;
const DF_TEXTREL = 0x4;
const DF_BIND_NOW = 0x8;
const DF_1_NOW = 0x1;

/** st_info type (low nibble) and binding (high nibble), gABI 4 "Symbol Table". */
const STT_NOTYPE = 0;
const STT_OBJECT = 1;
const STT_FUNC = 2;
const STT_SECTION = 3;
const STT_FILE = 4;
const STT_COMMON = 5;
const STT_TLS = 6;
const STT_GNU_IFUNC = 10;
const STB_LOCAL = 0;
const STV_INTERNAL = 1;
const STV_HIDDEN = 2;
const SHN_UNDEF = 0;

/** Symbol names longer than this are cut (no toolchain writes them; hostile tables might). */
const MAX_SYMBOL_NAME = 4096;
/** More DT_NEEDED entries than this are not a real library (the whole NDK sysroot has far fewer). */
const MAX_NEEDED = 1024;
/** Total characters of symbol names read from one file before giving up on names (hostile tables). */
const SYMBOL_NAME_BUDGET = 16 * 1024 * 1024;

export interface DynamicInfo {
  /** File range of the dynamic array actually read, if any. */
  range: MappedRange | undefined;
  needed: string[];
  soname: string | undefined;
  rpath: string | undefined;
  runpath: string | undefined;
  textrel: boolean;
  bindNow: boolean;
  /** Where DT_STRTAB maps in the file, bounded by DT_STRSZ. */
  strings: MappedRange | undefined;
  symtabVaddr: number | undefined;
  hashVaddr: number | undefined;
  gnuHashVaddr: number | undefined;
}

export interface DynamicSymbolTable {
  /** Where the table was found: the .dynsym section, or PT_DYNAMIC's DT_SYMTAB when sections are absent or lie. */
  source: 'sections' | 'dynamic' | 'none';
  /** Entries in the table, including the null entry 0. */
  count: number;
  /** Undefined symbols of function type (FUNC, GNU_IFUNC, or untyped NOTYPE), sorted by bytes, unique. */
  importedFunctions: string[];
  /** Undefined symbols of data type (OBJECT, TLS, COMMON), sorted, unique. */
  importedObjects: string[];
  /** Defined global/weak symbols other modules can bind to (not hidden/internal), sorted, unique. */
  exported: string[];
}

function dynamicRange(layout: ElfLayout): MappedRange | undefined {
  const { data, anomalies } = layout;
  const phdrs = layout.programHeaders.filter((p) => p.type === PT_DYNAMIC);
  const section = layout.sections.find((s) => s.type === SHT_DYNAMIC);
  if (phdrs.length > 1) anomalies.add('dynamic-invalid', `${phdrs.length} PT_DYNAMIC segments; the first one is used, as the loader does`);
  const ph = phdrs[0];
  if (ph !== undefined) {
    // bionic reads the dynamic array at load_bias + p_vaddr, so the address wins over p_offset.
    const mapped = mapVaddr(layout, ph.vaddr);
    let range: MappedRange | undefined;
    if (mapped !== undefined) {
      range = { offset: mapped.offset, end: Math.min(mapped.end, mapped.offset + ph.filesz) };
      if (mapped.offset !== ph.offset) {
        anomalies.add('dynamic-invalid', `PT_DYNAMIC p_offset ${ph.offset} differs from where its address maps (${mapped.offset})`);
      }
    } else if (data.contains(ph.offset, 0)) {
      range = { offset: ph.offset, end: Math.min(data.length, ph.offset + ph.filesz) };
    } else {
      anomalies.add('dynamic-invalid', `PT_DYNAMIC at offset ${ph.offset} is outside the file`);
      return undefined;
    }
    if (section !== undefined && section.inFile && section.offset !== range.offset) {
      anomalies.add(
        'sections-disagree-with-dynamic',
        `.dynamic section at offset ${section.offset} but PT_DYNAMIC at ${range.offset}; section headers do not describe what the loader uses`,
      );
    }
    return range;
  }
  if (section !== undefined && section.inFile) return { offset: section.offset, end: section.offset + section.size };
  return undefined;
}

/** Reads PT_DYNAMIC (or the .dynamic section of a file without program headers). */
export function readDynamic(layout: ElfLayout): DynamicInfo {
  const { data, anomalies } = layout;
  const info: DynamicInfo = {
    range: dynamicRange(layout),
    needed: [],
    soname: undefined,
    rpath: undefined,
    runpath: undefined,
    textrel: false,
    bindNow: false,
    strings: undefined,
    symtabVaddr: undefined,
    hashVaddr: undefined,
    gnuHashVaddr: undefined,
  };
  const range = info.range;
  if (range === undefined) return info;

  const entsize = data.sizes.dyn;
  const half = entsize / 2;
  const count = Math.floor((range.end - range.offset) / entsize);
  const neededOffsets: number[] = [];
  let sonameOff: number | undefined;
  let rpathOff: number | undefined;
  let runpathOff: number | undefined;
  let strtab: number | undefined;
  let strsz: number | undefined;
  let terminated = false;
  let neededDropped = 0;
  for (let i = 0; i < count; i++) {
    const o = range.offset + i * entsize;
    // d_tag is an Elf64_Sxword on 64-bit; every tag we know fits in 32 bits, so a non-zero high half is
    // simply an unknown tag.
    const tagWord = data.word(o);
    const tag = tagWord <= 0xffffffff ? tagWord : -1;
    const val = data.word(o + half);
    if (tag === DT_NULL) {
      terminated = true;
      break;
    }
    switch (tag) {
      case DT_NEEDED:
        if (neededOffsets.length < MAX_NEEDED) neededOffsets.push(val);
        else neededDropped++;
        break;
      case DT_SONAME:
        sonameOff ??= val;
        break;
      case DT_RPATH:
        rpathOff ??= val;
        break;
      case DT_RUNPATH:
        runpathOff ??= val;
        break;
      case DT_STRTAB:
        strtab ??= val;
        break;
      case DT_STRSZ:
        strsz ??= val;
        break;
      case DT_SYMTAB:
        info.symtabVaddr ??= val;
        break;
      case DT_SYMENT:
        if (val !== data.sizes.sym) anomalies.add('dynamic-invalid', `DT_SYMENT is ${val}, expected ${data.sizes.sym}; the standard size is used`);
        break;
      case DT_HASH:
        info.hashVaddr ??= val;
        break;
      case DT_GNU_HASH:
        info.gnuHashVaddr ??= val;
        break;
      case DT_TEXTREL:
        info.textrel = true;
        break;
      case DT_BIND_NOW:
        info.bindNow = true;
        break;
      case DT_FLAGS:
        if ((val % 0x1_0000_0000) & DF_TEXTREL) info.textrel = true;
        if ((val % 0x1_0000_0000) & DF_BIND_NOW) info.bindNow = true;
        break;
      case DT_FLAGS_1:
        if ((val % 0x1_0000_0000) & DF_1_NOW) info.bindNow = true;
        break;
      default:
        break;
    }
  }
  if (!terminated) anomalies.add('dynamic-invalid', 'the dynamic array has no DT_NULL terminator inside its segment');
  if (neededDropped > 0) anomalies.add('dynamic-invalid', `${neededDropped} DT_NEEDED entries beyond the first ${MAX_NEEDED} were ignored`);

  info.strings = dynamicStringTable(layout, strtab, strsz);
  const str = (off: number | undefined, what: string): string | undefined => {
    if (off === undefined) return undefined;
    const s = info.strings;
    if (s === undefined) return undefined;
    if (!(off >= 0 && off < s.end - s.offset)) {
      anomalies.add('string-offset-out-of-range', `${what} string offset ${off} is outside the dynamic string table`);
      return undefined;
    }
    return readCString(data.bytes, s.offset + off, Math.min(s.end, s.offset + off + MAX_SYMBOL_NAME));
  };
  for (const off of neededOffsets) {
    const name = str(off, 'DT_NEEDED');
    if (name !== undefined) info.needed.push(name);
  }
  info.soname = str(sonameOff, 'DT_SONAME');
  info.rpath = str(rpathOff, 'DT_RPATH');
  info.runpath = str(runpathOff, 'DT_RUNPATH');
  return info;
}

function dynamicStringTable(layout: ElfLayout, strtab: number | undefined, strsz: number | undefined): MappedRange | undefined {
  const { anomalies } = layout;
  if (strtab === undefined) {
    anomalies.add('dynamic-invalid', 'no DT_STRTAB in the dynamic array');
    return undefined;
  }
  const mapped = mapVaddr(layout, strtab);
  if (mapped === undefined) {
    anomalies.add('address-unmapped', `DT_STRTAB address 0x${strtab.toString(16)} is not inside any loaded segment of the file`);
    return undefined;
  }
  if (strsz === undefined) return mapped;
  if (strsz > mapped.end - mapped.offset) {
    anomalies.add('dynamic-invalid', `DT_STRSZ ${strsz} runs past the end of its segment; the table is cut there`);
    return mapped;
  }
  return { offset: mapped.offset, end: mapped.offset + strsz };
}

/** The section .dynsym with its linked string table, when both are sane. */
function dynsymSection(layout: ElfLayout): { sym: SectionHeader; str: SectionHeader } | undefined {
  const sym = layout.sections.find((s) => s.type === SHT_DYNSYM);
  if (sym === undefined) return undefined;
  const str = layout.sections[sym.link];
  const symsize = layout.data.sizes.sym;
  if (!sym.inFile || (sym.entsize !== 0 && sym.entsize !== symsize) || str === undefined || str.type !== SHT_STRTAB || !str.inFile) {
    layout.anomalies.add('section-headers-invalid', `.dynsym section ${sym.index} or its string table is malformed; PT_DYNAMIC is used instead`);
    return undefined;
  }
  return { sym, str };
}

/**
 * Number of dynamic symbols as the loader knows them: nchain of DT_HASH, else walking DT_GNU_HASH to the
 * end of the chain of the highest bucket. Undefined when neither table is readable.
 */
function hashSymbolCount(layout: ElfLayout, dyn: DynamicInfo): number | undefined {
  const { data, anomalies } = layout;
  if (dyn.hashVaddr !== undefined) {
    const m = mapVaddr(layout, dyn.hashVaddr);
    if (m !== undefined && m.end - m.offset >= 8) return data.u32(m.offset + 4);
    anomalies.add('address-unmapped', `DT_HASH address 0x${dyn.hashVaddr.toString(16)} is not inside the file`);
  }
  if (dyn.gnuHashVaddr === undefined) return undefined;
  const m = mapVaddr(layout, dyn.gnuHashVaddr);
  if (m === undefined || m.end - m.offset < 16) {
    anomalies.add('address-unmapped', `DT_GNU_HASH address 0x${dyn.gnuHashVaddr.toString(16)} is not inside the file`);
    return undefined;
  }
  const nbuckets = data.u32(m.offset);
  const symoffset = data.u32(m.offset + 4);
  const bloomSize = data.u32(m.offset + 8);
  const buckets = m.offset + 16 + bloomSize * data.sizes.word;
  if (!(buckets <= m.end && nbuckets <= (m.end - buckets) / 4)) {
    anomalies.add('dynamic-invalid', 'DT_GNU_HASH bucket array runs past the end of its segment');
    return undefined;
  }
  let last = 0;
  for (let i = 0; i < nbuckets; i++) {
    const v = data.view.getUint32(buckets + i * 4, data.le);
    if (v > last) last = v;
  }
  if (last < symoffset) return symoffset;
  const chain = buckets + nbuckets * 4;
  // The walk is bounded by the segment: each step moves 4 bytes further.
  for (let i = last; ; i++) {
    const o = chain + (i - symoffset) * 4;
    if (!(o + 4 <= m.end)) {
      anomalies.add('dynamic-invalid', 'DT_GNU_HASH chain runs past the end of its segment');
      return undefined;
    }
    if (data.view.getUint32(o, data.le) & 1) return i + 1;
  }
}

/** Locates and reads the dynamic symbol table (see module comment for which source wins). */
export function readDynamicSymbols(layout: ElfLayout, dyn: DynamicInfo): DynamicSymbolTable {
  const { data, anomalies } = layout;
  const symsize = data.sizes.sym;
  const section = dynsymSection(layout);
  const none: DynamicSymbolTable = { source: 'none', count: 0, importedFunctions: [], importedObjects: [], exported: [] };

  let source: 'sections' | 'dynamic' = 'sections';
  let table: MappedRange | undefined;
  let strings: MappedRange | undefined;
  let count: number | undefined;

  const symtabMapped = dyn.symtabVaddr === undefined ? undefined : mapVaddr(layout, dyn.symtabVaddr);
  if (dyn.symtabVaddr !== undefined && symtabMapped === undefined) {
    anomalies.add('address-unmapped', `DT_SYMTAB address 0x${dyn.symtabVaddr.toString(16)} is not inside any loaded segment of the file`);
  }
  if (section !== undefined && (symtabMapped === undefined || (section.sym.offset === symtabMapped.offset && (dyn.strings === undefined || section.str.offset === dyn.strings.offset)))) {
    table = { offset: section.sym.offset, end: section.sym.offset + section.sym.size };
    strings = { offset: section.str.offset, end: section.str.offset + section.str.size };
    count = Math.floor(section.sym.size / symsize);
    if (symtabMapped !== undefined) {
      const loaderCount = hashSymbolCount(layout, dyn);
      if (loaderCount !== undefined && loaderCount !== count) {
        anomalies.add('symbol-count-mismatch', `.dynsym holds ${count} symbols but the hash table describes ${loaderCount}`);
        // A shortened .dynsym hides symbols from tools but not from the loader: read the larger extent.
        if (loaderCount > count) {
          count = loaderCount;
          table = { offset: table.offset, end: symtabMapped.end };
        }
      }
    }
  } else if (symtabMapped !== undefined) {
    if (section !== undefined) {
      anomalies.add(
        'sections-disagree-with-dynamic',
        `.dynsym/.dynstr sections (offsets ${section.sym.offset}/${section.str.offset}) differ from DT_SYMTAB/DT_STRTAB; the loader's tables are used`,
      );
    }
    source = 'dynamic';
    table = symtabMapped;
    strings = dyn.strings;
    count = hashSymbolCount(layout, dyn);
    if (count === undefined) {
      // No usable hash table: the usual layout puts .dynstr right after .dynsym.
      const strtabStart = dyn.strings?.offset;
      count = strtabStart !== undefined && strtabStart > table.offset ? Math.floor((strtabStart - table.offset) / symsize) : Math.floor((table.end - table.offset) / symsize);
      anomalies.add('symbol-count-estimated', `no readable DT_HASH/DT_GNU_HASH; symbol count estimated as ${count}`);
    }
  } else {
    return none;
  }
  if (strings === undefined) {
    anomalies.add('dynamic-invalid', 'dynamic symbols found but no string table for their names');
    return { ...none, source, count };
  }

  const fits = Math.floor((table.end - table.offset) / symsize);
  if (count > fits) {
    anomalies.add('symbol-count-capped', `symbol table declares ${count} entries but only ${fits} fit in the file`);
    count = fits;
  }
  return { source, count, ...readSymbolEntries(layout, table.offset, count, strings) };
}

/** Symbol classes kept by readSymbolEntries (0 = not kept). */
const IMPORTED_FUNCTION = 1;
const IMPORTED_OBJECT = 2;
const EXPORTED = 3;

function symbolClass(type: number, defined: boolean): number {
  if (defined) return EXPORTED;
  if (type === STT_FUNC || type === STT_GNU_IFUNC || type === STT_NOTYPE) return IMPORTED_FUNCTION;
  if (type === STT_OBJECT || type === STT_TLS || type === STT_COMMON) return IMPORTED_OBJECT;
  return 0;
}

type SymbolLists = Pick<DynamicSymbolTable, 'importedFunctions' | 'importedObjects' | 'exported'>;

/**
 * One pass over the entries records where each kept name lies in the string table; names are then
 * sorted as bytes (name-sort.ts) and only the unique ones become strings, sliced from one decoding of
 * the table.
 */
function readSymbolEntries(layout: ElfLayout, offset: number, count: number, strings: MappedRange): SymbolLists {
  const { data, anomalies } = layout;
  const { bytes, view, le, is64 } = data;
  const empty: SymbolLists = { importedFunctions: [], importedObjects: [], exported: [] };
  const symsize = data.sizes.sym;
  const strSize = strings.end - strings.offset;
  // The caller capped count to the table's file range, which lies inside the file; check once anyway.
  if (count <= 1 || !data.contains(offset, count * symsize) || !data.contains(strings.offset, strSize)) return empty;
  // Elf32_Sym: name@0 value@4 size@8 info@12 other@13 shndx@14; Elf64_Sym: name@0 info@4 other@5 shndx@6.
  const infoAt = is64 ? 4 : 12;
  const shndxAt = is64 ? 6 : 14;
  const starts = new Int32Array(count);
  const lengths = new Int32Array(count);
  const classes = new Uint8Array(count);
  let budget = SYMBOL_NAME_BUDGET;
  let badNames = 0;
  for (let i = 1; i < count; i++) {
    const o = offset + i * symsize;
    const info = bytes[o + infoAt]!;
    if (info >> 4 === STB_LOCAL) continue;
    const type = info & 0xf;
    // Section and file symbols name places, not things another module can link against.
    if (type === STT_SECTION || type === STT_FILE) continue;
    const visibility = bytes[o + infoAt + 1]! & 3;
    const defined = view.getUint16(o + shndxAt, le) !== SHN_UNDEF;
    // Hidden/internal definitions are not visible to other modules even when listed.
    if (defined && (visibility === STV_HIDDEN || visibility === STV_INTERNAL)) continue;
    const cls = symbolClass(type, defined);
    if (cls === 0) continue;
    const nameOff = view.getUint32(o, le);
    if (nameOff === 0) continue;
    if (nameOff >= strSize) {
      badNames++;
      continue;
    }
    if (budget <= 0) break;
    const start = strings.offset + nameOff;
    // Native memchr-speed search; a missing terminator costs at most the rest of the file once per
    // name, which the budget accounts for.
    let nul = bytes.indexOf(0, start);
    if (nul < 0) nul = bytes.length;
    budget -= nul - start + 1;
    const end = Math.min(nul, strings.end, start + MAX_SYMBOL_NAME);
    if (end === start) continue;
    starts[i] = start;
    lengths[i] = end - start;
    classes[i] = cls;
  }
  if (badNames > 0) anomalies.add('string-offset-out-of-range', `${badNames} dynamic symbol name(s) point outside the string table`);
  if (budget <= 0) anomalies.add('symbol-count-capped', 'symbol names exceed the reading budget; remaining symbols skipped');

  // Latin-1 maps each byte to one UTF-16 unit, so offsets into the table are offsets into `text`.
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + strings.offset, strSize).toString('latin1');
  const nonAscii = /[^\x00-\x7f]/.test(text);
  const nameOf = (i: number): string => {
    const from = starts[i]! - strings.offset;
    const name = text.slice(from, from + lengths[i]!);
    return nonAscii && /[^\x00-\x7f]/.test(name) ? utf8.decode(bytes.subarray(starts[i]!, starts[i]! + lengths[i]!)) : name;
  };
  const listOf = (cls: number): string[] => {
    let n = 0;
    for (let i = 1; i < count; i++) if (classes[i] === cls) n++;
    const order = new Int32Array(n);
    n = 0;
    for (let i = 1; i < count; i++) if (classes[i] === cls) order[n++] = i;
    sortNameIndices(bytes, starts, lengths, order);
    const out: string[] = [];
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!;
      if (k > 0 && compareNames(bytes, starts, lengths, order[k - 1]!, i) === 0) continue;
      out.push(nameOf(i));
    }
    return out;
  };
  return { importedFunctions: listOf(IMPORTED_FUNCTION), importedObjects: listOf(IMPORTED_OBJECT), exported: listOf(EXPORTED) };
}

const utf8 = new TextDecoder('utf-8', { fatal: false });
