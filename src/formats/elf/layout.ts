/**
 * @module formats/elf/layout
 * The ELF file header, the program header table and the section header table, read defensively.
 *
 * Spec: System V ABI "gABI" chapter 4 (ELF header, sections) and chapter 5 (program headers), with the
 * extended numbering of e_shnum/e_shstrndx/e_phnum through section 0 (gABI 4.1 "Section Header").
 *
 * Only the file header can stop parsing (it decides class and byte order). Everything else that is wrong
 * becomes an anomaly and the table concerned is dropped or trimmed: Android's linker never reads section
 * headers, so packers corrupt or remove them on purpose, and the loaded image stays analysable through
 * the program headers.
 */
import { ByteReader } from '../bytes.js';
import { ErrorCodes, FormatError } from '../../errors.js';

/** Program header types and flags (gABI 5 "Program Header", GNU extensions from binutils elf/common.h). */
export const PT_LOAD = 1;
export const PT_DYNAMIC = 2;
export const PT_INTERP = 3;
export const PT_GNU_STACK = 0x6474e551;
export const PT_GNU_RELRO = 0x6474e552;
export const PF_X = 1;
export const PF_W = 2;

/** Section header types (gABI 4 "Section Header", sh_type). */
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_DYNAMIC = 6;
export const SHT_NOBITS = 8;
export const SHT_DYNSYM = 11;

const SHN_XINDEX = 0xffff;
const PN_XNUM = 0xffff;

/** Structure sizes per class (gABI: Elf32_Ehdr/Elf64_Ehdr, *_Phdr, *_Shdr, *_Sym, *_Dyn). */
export const ELF32 = { ehdr: 52, phdr: 32, shdr: 40, sym: 16, dyn: 8, word: 4 } as const;
export const ELF64 = { ehdr: 64, phdr: 56, shdr: 64, sym: 24, dyn: 16, word: 8 } as const;
export type ElfSizes = typeof ELF32 | typeof ELF64;

/** Anomalies are capped so that a table of a million broken entries cannot flood the result. */
const MAX_ANOMALIES = 64;
/** Section names longer than this are not names a toolchain writes. */
const MAX_SECTION_NAME = 256;

/**
 * What can be wrong past the file header. Security-relevant for an audit: a packer or protector that
 * removed or forged section headers, or a loadable segment both writable and executable.
 */
export type ElfAnomalyKind =
  /** e_phoff/e_phentsize/e_phnum unusable or the table cut by the end of the file. */
  | 'program-headers-invalid'
  /** An executable or shared object without usable program headers (cannot be loaded). */
  | 'no-program-headers'
  /** A PT_LOAD segment's file bytes extend past the end of the file. */
  | 'segment-out-of-file'
  /** A PT_LOAD segment with both PF_W and PF_X. */
  | 'writable-executable-segment'
  /** No section headers at all (stripped after linking, e.g. by a packer or sstrip). */
  | 'no-section-headers'
  /** e_shoff/e_shentsize/e_shnum unusable, or .dynsym malformed: the table is ignored. */
  | 'section-headers-invalid'
  /** A section whose contents lie (partly) outside the file. */
  | 'section-out-of-file'
  /** A section whose sh_link names no section. */
  | 'section-link-out-of-range'
  /** e_shstrndx or a name offset unusable: section names unknown. */
  | 'section-names-unreadable'
  /** .dynamic/.dynsym/.dynstr sections describe other bytes than PT_DYNAMIC/DT_SYMTAB/DT_STRTAB. */
  | 'sections-disagree-with-dynamic'
  /** PT_DYNAMIC or a dynamic entry is malformed (missing DT_NULL, sizes past the segment, duplicates). */
  | 'dynamic-invalid'
  /** DT_STRTAB/DT_SYMTAB/DT_HASH/DT_GNU_HASH address outside every loaded segment. */
  | 'address-unmapped'
  /** A DT_NEEDED/DT_SONAME/DT_RPATH/DT_RUNPATH or symbol name offset outside the string table. */
  | 'string-offset-out-of-range'
  /** No hash table: the number of dynamic symbols was inferred from the table layout. */
  | 'symbol-count-estimated'
  /** The .dynsym section and the hash table disagree on the number of symbols (the larger is read). */
  | 'symbol-count-mismatch'
  /** More symbols or name bytes declared than the file holds or the reading budget allows. */
  | 'symbol-count-capped'
  /** e_machine does not exist in the declared ELF class (e.g. x86-64 in ELFCLASS32). */
  | 'machine-class-mismatch'
  /** More than 64 anomalies: the rest were counted, not listed. */
  | 'anomalies-capped';

export interface ElfAnomaly {
  kind: ElfAnomalyKind;
  message: string;
}

export class AnomalyLog {
  readonly list: ElfAnomaly[] = [];
  private readonly seen = new Set<string>();
  private dropped = 0;

  add(kind: ElfAnomalyKind, message: string): void {
    const key = `${kind}\u0000${message}`;
    if (this.seen.has(key)) return;
    if (this.list.length >= MAX_ANOMALIES) {
      this.dropped++;
      return;
    }
    this.seen.add(key);
    this.list.push({ kind, message });
  }

  /** The final list; says how many more there were when the cap was reached. */
  finish(): ElfAnomaly[] {
    if (this.dropped > 0) {
      this.list.push({ kind: 'anomalies-capped', message: `${this.dropped} further anomalies were not recorded` });
      this.dropped = 0;
    }
    return this.list;
  }
}

export interface ProgramHeader {
  type: number;
  flags: number;
  offset: number;
  vaddr: number;
  filesz: number;
  memsz: number;
}

export interface SectionHeader {
  index: number;
  name: string;
  type: number;
  flags: number;
  addr: number;
  offset: number;
  size: number;
  link: number;
  info: number;
  entsize: number;
  /** False when the bytes the header describes are not all inside the file (never true for NOBITS). */
  inFile: boolean;
}

/**
 * Endian- and class-aware bounds-checked reads over the whole file. Every read goes through
 * `ByteReader.need`, so a wrong offset is a `TruncatedError`, never an out-of-range access.
 */
export class ElfData {
  readonly reader: ByteReader;
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly length: number;
  readonly le: boolean;
  readonly is64: boolean;
  readonly sizes: ElfSizes;

  constructor(bytes: Uint8Array, le: boolean, is64: boolean, label?: string) {
    this.reader = new ByteReader(bytes, 0, label);
    this.bytes = bytes;
    this.view = this.reader.view;
    this.length = bytes.length;
    this.le = le;
    this.is64 = is64;
    this.sizes = is64 ? ELF64 : ELF32;
  }

  u16(o: number): number {
    this.reader.need(o, 2);
    return this.view.getUint16(o, this.le);
  }

  u32(o: number): number {
    this.reader.need(o, 4);
    return this.view.getUint32(o, this.le);
  }

  /**
   * An Elf32_Addr/Off/Word or Elf64_Addr/Off/Xword as a JS number. 64-bit values above 2^53 lose
   * precision, which is harmless: every use compares them with the file length or a segment range first.
   */
  word(o: number): number {
    if (!this.is64) return this.u32(o);
    this.reader.need(o, 8);
    const a = this.view.getUint32(o, this.le);
    const b = this.view.getUint32(o + 4, this.le);
    return this.le ? b * 0x1_0000_0000 + a : a * 0x1_0000_0000 + b;
  }

  /** True when [offset, offset + size) lies inside the file. Written to be false for NaN and huge values. */
  contains(offset: number, size: number): boolean {
    return offset >= 0 && size >= 0 && offset <= this.length && size <= this.length - offset;
  }
}

export interface ElfHeader {
  is64: boolean;
  le: boolean;
  type: number;
  machine: number;
  flags: number;
  entry: number;
  phoff: number;
  phentsize: number;
  phnum: number;
  shoff: number;
  shentsize: number;
  shnum: number;
  shstrndx: number;
}

export interface ElfLayout {
  data: ElfData;
  header: ElfHeader;
  programHeaders: ProgramHeader[];
  /** Empty when the file has none or when the table is unusable (see anomalies). */
  sections: SectionHeader[];
  anomalies: AnomalyLog;
}

const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46] as const;

export function hasElfMagic(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    bytes[0] === ELF_MAGIC[0] &&
    bytes[1] === ELF_MAGIC[1] &&
    bytes[2] === ELF_MAGIC[2] &&
    bytes[3] === ELF_MAGIC[3]
  );
}

function badHeader(message: string, offset: number, label: string | undefined): FormatError {
  return new FormatError(ErrorCodes.ELF_BAD_HEADER, message, { offset, ...(label === undefined ? {} : { path: label }) });
}

/** Reads the identification bytes and the file header; throws `DFSLAB_E_ELF_BAD_HEADER` when unusable. */
function readHeader(bytes: Uint8Array, label: string | undefined): { data: ElfData; header: ElfHeader } {
  if (!hasElfMagic(bytes)) {
    throw badHeader('not an ELF file (missing \\x7fELF magic); check that the entry is really a native library', 0, label);
  }
  // gABI 4 "ELF Identification": EI_CLASS at 4, EI_DATA at 5.
  const cls = bytes.length > 4 ? bytes[4] : undefined;
  const enc = bytes.length > 5 ? bytes[5] : undefined;
  if (cls !== 1 && cls !== 2) {
    throw badHeader(`unknown ELF class ${cls ?? 'missing'} (expected 1 = 32-bit or 2 = 64-bit); the file is corrupt`, 4, label);
  }
  if (enc !== 1 && enc !== 2) {
    throw badHeader(`unknown ELF data encoding ${enc ?? 'missing'} (expected 1 = little or 2 = big endian); the file is corrupt`, 5, label);
  }
  const is64 = cls === 2;
  const data = new ElfData(bytes, enc === 1, is64, label);
  const sizes = data.sizes;
  if (bytes.length < sizes.ehdr) {
    throw badHeader(
      `ELF header truncated: ${bytes.length} bytes, a ${is64 ? 64 : 32}-bit header needs ${sizes.ehdr}; the file is cut short`,
      0,
      label,
    );
  }
  const w = sizes.word;
  // Offsets of e_entry.. follow e_version (16 + 2 + 2 + 4 = 24) and grow with the word size.
  const header: ElfHeader = {
    is64,
    le: data.le,
    type: data.u16(16),
    machine: data.u16(18),
    entry: data.word(24),
    phoff: data.word(24 + w),
    shoff: data.word(24 + 2 * w),
    flags: data.u32(24 + 3 * w),
    phentsize: data.u16(24 + 3 * w + 6),
    phnum: data.u16(24 + 3 * w + 8),
    shentsize: data.u16(24 + 3 * w + 10),
    shnum: data.u16(24 + 3 * w + 12),
    shstrndx: data.u16(24 + 3 * w + 14),
  };
  return { data, header };
}

/**
 * gABI extended numbering: with more than 0xff00 sections, e_shnum is 0 and e_shstrndx SHN_XINDEX, and
 * the real values sit in section 0's sh_size and sh_link; e_phnum PN_XNUM defers to section 0's sh_info.
 */
function applyExtendedNumbering(data: ElfData, h: ElfHeader, log: AnomalyLog): void {
  const needsSection0 = (h.shnum === 0 && h.shoff !== 0) || h.shstrndx === SHN_XINDEX || h.phnum === PN_XNUM;
  if (!needsSection0) return;
  if (h.shentsize !== data.sizes.shdr || !data.contains(h.shoff, data.sizes.shdr)) {
    log.add('section-headers-invalid', 'extended section numbering refers to a section 0 that is not in the file');
    if (h.shnum === 0) h.shoff = 0;
    if (h.phnum === PN_XNUM) h.phnum = 0;
    return;
  }
  const s0 = h.shoff;
  if (h.shnum === 0) h.shnum = data.word(s0 + (data.is64 ? 32 : 20));
  if (h.shstrndx === SHN_XINDEX) h.shstrndx = data.u32(s0 + (data.is64 ? 40 : 24));
  if (h.phnum === PN_XNUM) h.phnum = data.u32(s0 + (data.is64 ? 44 : 28));
}

function readProgramHeaders(data: ElfData, h: ElfHeader, log: AnomalyLog): ProgramHeader[] {
  if (h.phnum === 0) return [];
  const entsize = data.sizes.phdr;
  if (h.phentsize !== entsize) {
    // bionic's ElfReader::ReadProgramHeaders rejects this too, so the library would not load.
    log.add('program-headers-invalid', `e_phentsize is ${h.phentsize}, expected ${entsize}; program headers ignored`);
    return [];
  }
  let count = h.phnum;
  if (!data.contains(h.phoff, 0)) {
    log.add('program-headers-invalid', `e_phoff ${h.phoff} is beyond the end of the file; program headers ignored`);
    return [];
  }
  const fits = Math.floor((data.length - h.phoff) / entsize);
  if (count > fits) {
    log.add('program-headers-invalid', `program header table declares ${count} entries but only ${fits} fit in the file`);
    count = fits;
  }
  const out: ProgramHeader[] = [];
  for (let i = 0; i < count; i++) {
    const o = h.phoff + i * entsize;
    const ph: ProgramHeader = data.is64
      ? {
          type: data.u32(o),
          flags: data.u32(o + 4),
          offset: data.word(o + 8),
          vaddr: data.word(o + 16),
          filesz: data.word(o + 32),
          memsz: data.word(o + 40),
        }
      : {
          type: data.u32(o),
          offset: data.u32(o + 4),
          vaddr: data.u32(o + 8),
          filesz: data.u32(o + 16),
          memsz: data.u32(o + 20),
          flags: data.u32(o + 24),
        };
    out.push(ph);
  }
  return out;
}

function readSections(data: ElfData, h: ElfHeader, log: AnomalyLog): SectionHeader[] {
  if (h.shnum === 0) return [];
  if (h.shoff === 0) {
    log.add('section-headers-invalid', `e_shnum is ${h.shnum} but e_shoff is 0; section headers ignored`);
    return [];
  }
  const entsize = data.sizes.shdr;
  if (h.shentsize !== entsize) {
    log.add('section-headers-invalid', `e_shentsize is ${h.shentsize}, expected ${entsize}; section headers ignored`);
    return [];
  }
  if (!data.contains(h.shoff, entsize)) {
    log.add('section-headers-invalid', `e_shoff ${h.shoff} points outside the file; section headers ignored`);
    return [];
  }
  let count = h.shnum;
  const fits = Math.floor((data.length - h.shoff) / entsize);
  if (count > fits) {
    log.add('section-headers-invalid', `section header table declares ${count} entries but only ${fits} fit in the file`);
    count = fits;
  }
  const out: SectionHeader[] = [];
  const nameOffsets: number[] = [];
  for (let i = 0; i < count; i++) {
    const o = h.shoff + i * entsize;
    const is64 = data.is64;
    const type = data.u32(o + 4);
    const offset = data.word(o + (is64 ? 24 : 16));
    const size = data.word(o + (is64 ? 32 : 20));
    const s: SectionHeader = {
      index: i,
      name: '',
      type,
      flags: data.word(o + 8),
      addr: data.word(o + (is64 ? 16 : 12)),
      offset,
      size,
      link: data.u32(o + (is64 ? 40 : 24)),
      info: data.u32(o + (is64 ? 44 : 28)),
      entsize: data.word(o + (is64 ? 56 : 36)),
      inFile: type === SHT_NOBITS || data.contains(offset, size),
    };
    nameOffsets.push(data.u32(o));
    out.push(s);
  }
  for (const s of out) {
    if (!s.inFile && s.type !== 0) {
      log.add('section-out-of-file', `section ${s.index} (type ${s.type}) claims ${s.size} bytes at offset ${s.offset}, beyond the end of the file`);
    }
    if (s.link >= count && s.index !== 0) {
      log.add('section-link-out-of-range', `section ${s.index} has sh_link ${s.link} but there are only ${count} sections`);
    }
  }
  const strtab = h.shstrndx < out.length ? out[h.shstrndx] : undefined;
  if (strtab === undefined || h.shstrndx === 0) {
    if (h.shstrndx !== 0) log.add('section-names-unreadable', `e_shstrndx ${h.shstrndx} is not a section; section names unknown`);
    return out;
  }
  if (strtab.type !== SHT_STRTAB || !strtab.inFile) {
    log.add('section-names-unreadable', `e_shstrndx ${h.shstrndx} is not a string table inside the file; section names unknown`);
    return out;
  }
  for (let i = 0; i < out.length; i++) {
    const nameOff = nameOffsets[i]!;
    if (nameOff >= strtab.size) {
      if (nameOff !== 0) log.add('section-names-unreadable', `section ${i} name offset ${nameOff} is outside the section name table`);
      continue;
    }
    out[i]!.name = readCString(data.bytes, strtab.offset + nameOff, Math.min(strtab.offset + strtab.size, strtab.offset + nameOff + MAX_SECTION_NAME));
  }
  return out;
}

/**
 * The NUL-terminated string at `start`, not reading at or past `end` (callers pass an end inside the file).
 * ASCII, the normal case for symbol and section names, is built without a decoder.
 */
export function readCString(bytes: Uint8Array, start: number, end: number): string {
  let i = start;
  let ascii = true;
  while (i < end) {
    const b = bytes[i]!;
    if (b === 0) break;
    if (b >= 0x80) ascii = false;
    i++;
  }
  if (i === start) return '';
  if (!ascii) return utf8.decode(bytes.subarray(start, i));
  if (i - start <= 256) return String.fromCharCode.apply(null, bytes.subarray(start, i) as unknown as number[]);
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, i - start).toString('latin1');
}
const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Parses the three tables; only an unusable file header throws (`DFSLAB_E_ELF_BAD_HEADER`). */
export function readLayout(bytes: Uint8Array, label?: string): ElfLayout {
  const { data, header } = readHeader(bytes, label);
  const anomalies = new AnomalyLog();
  applyExtendedNumbering(data, header, anomalies);
  const programHeaders = readProgramHeaders(data, header, anomalies);
  const sections = readSections(data, header, anomalies);
  return { data, header, programHeaders, sections, anomalies };
}

/** A file range reached through a virtual address: `offset` up to (not including) `end`. */
export interface MappedRange {
  offset: number;
  end: number;
}

/**
 * Virtual address → file offset through the PT_LOAD segments, the way the loader maps the file
 * (gABI 5 "Program Loading"). `end` is where the segment's file-backed bytes (or the file) stop.
 * Undefined when no segment holds a file-backed byte at `vaddr`.
 */
export function mapVaddr(layout: ElfLayout, vaddr: number): MappedRange | undefined {
  const data = layout.data;
  let hasLoad = false;
  for (const ph of layout.programHeaders) {
    if (ph.type !== PT_LOAD) continue;
    hasLoad = true;
    const delta = vaddr - ph.vaddr;
    if (delta >= 0 && delta < ph.filesz) {
      const offset = ph.offset + delta;
      const end = Math.min(data.length, ph.offset + ph.filesz);
      if (offset < end) return { offset, end };
    }
  }
  // Relocatable objects (and files whose program headers are gone) only have section addresses.
  if (!hasLoad) {
    for (const s of layout.sections) {
      if (s.type === SHT_NOBITS || !s.inFile || s.addr === 0) continue;
      const delta = vaddr - s.addr;
      if (delta >= 0 && delta < s.size) return { offset: s.offset + delta, end: s.offset + s.size };
    }
  }
  return undefined;
}
