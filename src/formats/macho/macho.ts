/**
 * @module formats/macho/macho
 * Reader for Mach-O executables and libraries (the binaries inside an IPA): the fat (universal) wrapper,
 * then per slice the header, load commands, segments and sections, linked dylibs, LC_RPATH, encryption
 * info, minimum OS, UUID, the external symbols of the symbol table and the code signature superblob.
 *
 * Layouts follow Apple xnu EXTERNAL_HEADERS/mach-o/loader.h, fat.h and nlist.h. Fat headers are always
 * big-endian; a thin header's magic tells its byte order. Everything is read against the real length of
 * the data: a header that cannot be read at all is a `DFSLAB_E_MACHO_BAD` FormatError, anything else that
 * lies (command sizes, counts, offsets) becomes an anomaly and the structure concerned is trimmed or dropped.
 * Strings of the data sections are only decoded on demand (see ./strings.ts).
 */
import { ErrorCodes, FormatError } from '../../errors.js';
import { readCodeSignature, type CodeSignature } from './code-signature.js';

export interface MachOAnomaly {
  kind: string;
  message: string;
}

export interface MachOSection {
  segname: string;
  name: string;
  addr: bigint;
  /** Size in bytes (clamped to a safe integer). */
  size: number;
  /** File offset relative to the start of the slice (0 for zero-fill sections). */
  offset: number;
  flags: number;
  /**
   * Type-specific fields of section/section_64. For S_SYMBOL_STUBS and the pointer sections (S_*_SYMBOL_POINTERS):
   * reserved1 is the index of the section's first entry in the indirect symbol table; for S_SYMBOL_STUBS
   * reserved2 is the size of one stub (loader.h).
   */
  reserved1: number;
  reserved2: number;
}

export interface MachOSegment {
  name: string;
  vmaddr: bigint;
  vmsize: bigint;
  fileoff: number;
  filesize: number;
  maxprot: number;
  initprot: number;
  sections: MachOSection[];
}

export type DylibKind = 'load' | 'weak' | 'reexport' | 'lazy' | 'upward';

export interface MachODylib {
  name: string;
  kind: DylibKind;
  /** "X.Y.Z" from the packed 16.8.8 version. */
  currentVersion: string;
  compatibilityVersion: string;
}

export interface MachOLoadCommand {
  /** Raw command number, LC_REQ_DYLD bit included. */
  cmd: number;
  /** "LC_SEGMENT_64", "LC_LOAD_DYLIB", ... or "LC_0x…" for unknown commands. */
  name: string;
  /** Offset within the slice. */
  offset: number;
  size: number;
}

export interface MachOSlice {
  /** Position of the slice within the file. */
  offset: number;
  size: number;
  cpu: string;
  cpuType: number;
  cpuSubtype: number;
  is64: boolean;
  littleEndian: boolean;
  fileType: string;
  flags: number;
  /** MH_PIE: the main executable is loaded at a random address. */
  pie: boolean;
  /** MH_ALLOW_STACK_EXECUTION. */
  allowStackExecution: boolean;
  /** MH_NO_HEAP_EXECUTION. */
  noHeapExecution: boolean;
  loadCommands: MachOLoadCommand[];
  segments: MachOSegment[];
  dylibs: MachODylib[];
  /** LC_ID_DYLIB of a library. */
  installName?: string;
  rpaths: string[];
  encryption?: { cryptoff: number; cryptsize: number; cryptid: number };
  minOs?: { platform: string; version: string; sdk: string };
  uuid?: string;
  /** Undefined external symbols (N_UNDF | N_EXT), sorted, unique: "_ptrace", "___stack_chk_fail". */
  importedSymbols: string[];
  /** Defined external, non private-extern symbols, sorted, unique. */
  exportedSymbols: string[];
  /** LC_SYMTAB present with at least one entry. */
  hasSymbolTable: boolean;
  /** Entries without N_EXT (local functions/data and debug stabs): > 0 means symbols were not stripped. */
  localSymbolCount: number;
  /** LC_SYMTAB as written (offsets relative to the slice, not validated): for readers that need every entry. */
  symtab?: { symoff: number; nsyms: number; stroff: number; strsize: number };
  /** The indirect symbol table of LC_DYSYMTAB as written (not validated): u32 symbol indices, one per stub/pointer. */
  indirectSymbols?: { offset: number; count: number };
  codeSignature?: CodeSignature;
}

export interface MachOFile {
  fat: boolean;
  slices: MachOSlice[];
  anomalies: MachOAnomaly[];
}

export interface ReadMachOOptions {
  /** Name of the file for error messages (e.g. the path inside the IPA). */
  label?: string;
}

// loader.h magic numbers.
const MH_MAGIC = 0xfeedface;
const MH_CIGAM = 0xcefaedfe;
const MH_MAGIC_64 = 0xfeedfacf;
const MH_CIGAM_64 = 0xcffaedfe;
// fat.h: always stored big-endian.
const FAT_MAGIC = 0xcafebabe;
const FAT_MAGIC_64 = 0xcafebabf;

const MH_ALLOW_STACK_EXECUTION = 0x20000;
const MH_PIE = 0x200000;
const MH_NO_HEAP_EXECUTION = 0x1000000;

const LC_REQ_DYLD = 0x80000000;
/** Commands dyld must understand carry LC_REQ_DYLD; `>>> 0` keeps them unsigned like the u32 we read. */
function req(cmd: number): number {
  return (cmd | LC_REQ_DYLD) >>> 0;
}
const LC_SEGMENT = 0x1;
const LC_SYMTAB = 0x2;
const LC_DYSYMTAB = 0xb;
const LC_LOAD_DYLIB = 0xc;
const LC_ID_DYLIB = 0xd;
const LC_LOAD_WEAK_DYLIB = req(0x18);
const LC_SEGMENT_64 = 0x19;
const LC_UUID = 0x1b;
const LC_RPATH = req(0x1c);
const LC_CODE_SIGNATURE = 0x1d;
const LC_REEXPORT_DYLIB = req(0x1f);
const LC_LAZY_LOAD_DYLIB = 0x20;
const LC_ENCRYPTION_INFO = 0x21;
const LC_LOAD_UPWARD_DYLIB = req(0x23);
const LC_VERSION_MIN_MACOSX = 0x24;
const LC_VERSION_MIN_IPHONEOS = 0x25;
const LC_ENCRYPTION_INFO_64 = 0x2c;
const LC_VERSION_MIN_TVOS = 0x2f;
const LC_VERSION_MIN_WATCHOS = 0x30;
const LC_BUILD_VERSION = 0x32;

/** Load command names, loader.h. */
const LOAD_COMMAND_NAMES: ReadonlyMap<number, string> = new Map([
  [0x1, 'LC_SEGMENT'], [0x2, 'LC_SYMTAB'], [0x3, 'LC_SYMSEG'], [0x4, 'LC_THREAD'], [0x5, 'LC_UNIXTHREAD'],
  [0x6, 'LC_LOADFVMLIB'], [0x7, 'LC_IDFVMLIB'], [0x8, 'LC_IDENT'], [0x9, 'LC_FVMFILE'], [0xa, 'LC_PREPAGE'],
  [0xb, 'LC_DYSYMTAB'], [0xc, 'LC_LOAD_DYLIB'], [0xd, 'LC_ID_DYLIB'], [0xe, 'LC_LOAD_DYLINKER'],
  [0xf, 'LC_ID_DYLINKER'], [0x10, 'LC_PREBOUND_DYLIB'], [0x11, 'LC_ROUTINES'], [0x12, 'LC_SUB_FRAMEWORK'],
  [0x13, 'LC_SUB_UMBRELLA'], [0x14, 'LC_SUB_CLIENT'], [0x15, 'LC_SUB_LIBRARY'], [0x16, 'LC_TWOLEVEL_HINTS'],
  [0x17, 'LC_PREBIND_CKSUM'], [req(0x18), 'LC_LOAD_WEAK_DYLIB'], [0x19, 'LC_SEGMENT_64'],
  [0x1a, 'LC_ROUTINES_64'], [0x1b, 'LC_UUID'], [req(0x1c), 'LC_RPATH'], [0x1d, 'LC_CODE_SIGNATURE'],
  [0x1e, 'LC_SEGMENT_SPLIT_INFO'], [req(0x1f), 'LC_REEXPORT_DYLIB'], [0x20, 'LC_LAZY_LOAD_DYLIB'],
  [0x21, 'LC_ENCRYPTION_INFO'], [0x22, 'LC_DYLD_INFO'], [req(0x22), 'LC_DYLD_INFO_ONLY'],
  [req(0x23), 'LC_LOAD_UPWARD_DYLIB'], [0x24, 'LC_VERSION_MIN_MACOSX'], [0x25, 'LC_VERSION_MIN_IPHONEOS'],
  [0x26, 'LC_FUNCTION_STARTS'], [0x27, 'LC_DYLD_ENVIRONMENT'], [req(0x28), 'LC_MAIN'],
  [0x29, 'LC_DATA_IN_CODE'], [0x2a, 'LC_SOURCE_VERSION'], [0x2b, 'LC_DYLIB_CODE_SIGN_DRS'],
  [0x2c, 'LC_ENCRYPTION_INFO_64'], [0x2d, 'LC_LINKER_OPTION'], [0x2e, 'LC_LINKER_OPTIMIZATION_HINT'],
  [0x2f, 'LC_VERSION_MIN_TVOS'], [0x30, 'LC_VERSION_MIN_WATCHOS'], [0x31, 'LC_NOTE'], [0x32, 'LC_BUILD_VERSION'],
  [req(0x33), 'LC_DYLD_EXPORTS_TRIE'], [req(0x34), 'LC_DYLD_CHAINED_FIXUPS'],
  [req(0x35), 'LC_FILESET_ENTRY'],
]);

const FILE_TYPES = ['', 'OBJECT', 'EXECUTE', 'FVMLIB', 'CORE', 'PRELOAD', 'DYLIB', 'DYLINKER', 'BUNDLE',
  'DYLIB_STUB', 'DSYM', 'KEXT_BUNDLE', 'FILESET'];

/** LC_BUILD_VERSION platforms, loader.h PLATFORM_*. */
const PLATFORMS = ['unknown', 'macos', 'ios', 'tvos', 'watchos', 'bridgeos', 'maccatalyst', 'iossimulator',
  'tvossimulator', 'watchossimulator', 'driverkit', 'visionos', 'visionossimulator'];

const CPU_ARCH_ABI64 = 0x01000000;
const CPU_ARCH_ABI64_32 = 0x02000000;
const CPU_TYPE_X86 = 7;
const CPU_TYPE_ARM = 12;
const CPU_TYPE_POWERPC = 18;
const ARM_SUBTYPES: ReadonlyMap<number, string> = new Map([
  [5, 'armv4t'], [6, 'armv6'], [7, 'armv5'], [8, 'xscale'], [9, 'armv7'], [10, 'armv7f'], [11, 'armv7s'],
  [12, 'armv7k'], [13, 'armv8'], [14, 'armv6m'], [15, 'armv7m'], [16, 'armv7em'],
]);

/** Architecture name as lipo/otool print it, machine.h CPU_TYPE_* / CPU_SUBTYPE_*. */
export function cpuName(cpuType: number, cpuSubtype: number): string {
  const sub = cpuSubtype & 0x00ffffff; // CPU_SUBTYPE_MASK: the top byte holds capability bits
  switch (cpuType | 0) {
    case CPU_TYPE_X86: return 'i386';
    case CPU_TYPE_X86 | CPU_ARCH_ABI64: return sub === 8 ? 'x86_64h' : 'x86_64';
    case CPU_TYPE_ARM: return ARM_SUBTYPES.get(sub) ?? 'arm';
    case CPU_TYPE_ARM | CPU_ARCH_ABI64: return sub === 2 ? 'arm64e' : 'arm64';
    case CPU_TYPE_ARM | CPU_ARCH_ABI64_32: return 'arm64_32';
    case CPU_TYPE_POWERPC: return 'ppc';
    case CPU_TYPE_POWERPC | CPU_ARCH_ABI64: return 'ppc64';
    default: return `cpu_${(cpuType >>> 0).toString(16)}`;
  }
}

/** Anomalies are capped so that a million broken entries cannot flood the result. */
const MAX_ANOMALIES = 64;
/**
 * Fat headers with more architectures than this are not real (lipo knows about twenty). Below 45 also
 * keeps Java class files (same 0xcafebabe magic, then a version >= 45) out.
 */
const MAX_FAT_ARCHS = 32;

function machoError(message: string, offset: number, label: string | undefined): FormatError {
  return new FormatError(ErrorCodes.MACHO_BAD, `${message}; the file is not a usable Mach-O binary, re-extract it from the IPA`, {
    offset,
    ...(label === undefined ? {} : { path: label }),
  });
}

class AnomalyLog {
  readonly list: MachOAnomaly[] = [];
  private dropped = 0;
  add(kind: string, message: string): void {
    if (this.list.length < MAX_ANOMALIES) this.list.push({ kind, message });
    else if (this.dropped++ === 0) this.list.push({ kind: 'anomalies-truncated', message: 'further anomalies not recorded' });
  }
}

function magicAt(bytes: Uint8Array, o: number): number {
  if (o < 0 || o + 4 > bytes.length) return 0;
  return ((bytes[o]! << 24) | (bytes[o + 1]! << 16) | (bytes[o + 2]! << 8) | bytes[o + 3]!) >>> 0;
}

function isThinMagic(m: number): boolean {
  return m === MH_MAGIC || m === MH_CIGAM || m === MH_MAGIC_64 || m === MH_CIGAM_64;
}

/** True for a thin Mach-O (either byte order, 32 or 64 bit) or a fat wrapper. */
export function isMachO(bytes: Uint8Array): boolean {
  const m = magicAt(bytes, 0);
  if (isThinMagic(m)) return true;
  if (m !== FAT_MAGIC && m !== FAT_MAGIC_64) return false;
  // Java class files share 0xcafebabe; their next u32 is the version (>= 45), a fat count is small.
  const n = magicAt(bytes, 4);
  return n > 0 && n <= MAX_FAT_ARCHS;
}

/** Reads the fat wrapper (if any) and every slice. Throws `DFSLAB_E_MACHO_BAD` when no slice is usable. */
export function readMachOFile(bytes: Uint8Array, opts: ReadMachOOptions = {}): MachOFile {
  const label = opts.label;
  const log = new AnomalyLog();
  const m = magicAt(bytes, 0);
  if (isThinMagic(m)) {
    const slice = readSlice(bytes, 0, bytes.length, log, label);
    return { fat: false, slices: [slice], anomalies: log.list };
  }
  if (m !== FAT_MAGIC && m !== FAT_MAGIC_64) {
    throw machoError(bytes.length < 4 ? 'file shorter than a Mach-O magic' : `unknown magic 0x${m.toString(16)}`, 0, label);
  }
  const is64 = m === FAT_MAGIC_64;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const nfat = magicAt(bytes, 4);
  if (nfat === 0 || nfat > MAX_FAT_ARCHS) throw machoError(`fat header declares ${nfat} architectures`, 4, label);
  const entrySize = is64 ? 32 : 20; // fat_arch / fat_arch_64
  const available = Math.floor(Math.max(0, bytes.length - 8) / entrySize);
  let count = nfat;
  if (count > available) {
    log.add('fat-truncated', `fat header declares ${nfat} architectures, only ${available} fit in the file`);
    count = available;
  }
  const slices: MachOSlice[] = [];
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < count; i++) {
    const e = 8 + i * entrySize;
    const cputype = dv.getInt32(e);
    const offset = is64 ? Number(dv.getBigUint64(e + 8)) : dv.getUint32(e + 8);
    const size = is64 ? Number(dv.getBigUint64(e + 16)) : dv.getUint32(e + 12);
    if (offset < 8 + nfat * entrySize || offset > bytes.length || size > bytes.length - offset) {
      log.add('fat-slice-out-of-file', `fat architecture ${i} (cputype ${cputype}) at ${offset}+${size} lies outside the ${bytes.length}-byte file`);
      continue;
    }
    if (ranges.some(([o, s]) => offset < o + s && o < offset + size)) {
      log.add('fat-slices-overlap', `fat architecture ${i} at ${offset}+${size} overlaps another slice`);
    }
    ranges.push([offset, size]);
    if (!isThinMagic(magicAt(bytes, offset))) {
      log.add('fat-slice-bad-magic', `fat architecture ${i} at ${offset} has no Mach-O magic`);
      continue;
    }
    try {
      const slice = readSlice(bytes, offset, size, log, label);
      if (slice.cpuType !== cputype) {
        log.add('fat-cpu-mismatch', `fat architecture ${i} says cputype ${cputype}, its header says ${slice.cpuType}`);
      }
      slices.push(slice);
    } catch (e) {
      if (!(e instanceof FormatError)) throw e;
      log.add('fat-slice-unreadable', `fat architecture ${i}: ${e.message}`);
    }
  }
  if (slices.length === 0) throw machoError('fat binary has no readable architecture', 8, label);
  return { fat: true, slices, anomalies: log.list };
}

/** Fixed-width, NUL-padded name (segname/sectname char[16]). */
function fixedName(bytes: Uint8Array, o: number, max: number): string {
  let end = o;
  const limit = Math.min(o + max, bytes.length);
  while (end < limit && bytes[end] !== 0) end++;
  return latin1(bytes, o, end);
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

const utf8 = new TextDecoder('utf-8');
/** Longest symbol or path name decoded (mangled C++/Swift names stay far below). */
const MAX_NAME_BYTES = 16384;

/**
 * NUL-terminated UTF-8 string starting at `o`, not beyond `end`. ASCII (nearly every symbol and path) goes
 * through Buffer's latin1 decoder, which is several times faster than TextDecoder for short strings.
 */
export function cString(bytes: Uint8Array, o: number, end: number, buf?: Buffer): string {
  // Capped so that many symbols pointing into one huge NUL-free string table stay linear, not quadratic.
  end = Math.min(end, o + MAX_NAME_BYTES);
  let i = o;
  let high = 0;
  while (i < end) {
    const c = bytes[i]!;
    if (c === 0) break;
    high |= c;
    i++;
  }
  if (high < 0x80) return (buf ?? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).toString('latin1', o, i);
  return utf8.decode(bytes.subarray(o, i));
}

/** Packed 16.8.8 "xxxx.yy.zz" versions (dylib_command, version_min_command). */
function versionString(v: number, dropZeroPatch: boolean): string {
  const major = v >>> 16;
  const minor = (v >>> 8) & 0xff;
  const patch = v & 0xff;
  return dropZeroPatch && patch === 0 ? `${major}.${minor}` : `${major}.${minor}.${patch}`;
}

function toSafeNumber(v: bigint): number {
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
}

function readSlice(file: Uint8Array, sliceOffset: number, sliceSize: number, log: AnomalyLog, label: string | undefined): MachOSlice {
  const bytes = file.subarray(sliceOffset, sliceOffset + sliceSize);
  const where = sliceOffset === 0 ? '' : `slice @${sliceOffset}: `;
  const magic = magicAt(bytes, 0);
  const is64 = magic === MH_MAGIC_64 || magic === MH_CIGAM_64;
  // The magic read big-endian equals MH_MAGIC* when the file is big-endian.
  const le = magic === MH_CIGAM || magic === MH_CIGAM_64;
  const headerSize = is64 ? 32 : 28;
  if (bytes.length < headerSize) throw machoError(`${where}Mach-O header truncated`, sliceOffset, label);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (o: number): number => dv.getUint32(o, le);
  const cpuType = dv.getInt32(4, le);
  const cpuSubtype = dv.getInt32(8, le);
  const fileTypeNum = u32(12);
  const ncmds = u32(16);
  const sizeofcmds = u32(20);
  const flags = u32(24);

  const slice: MachOSlice = {
    offset: sliceOffset,
    size: bytes.length,
    cpu: cpuName(cpuType, cpuSubtype),
    cpuType,
    cpuSubtype,
    is64,
    littleEndian: le,
    fileType: FILE_TYPES[fileTypeNum] || `0x${fileTypeNum.toString(16)}`,
    flags,
    pie: (flags & MH_PIE) !== 0,
    allowStackExecution: (flags & MH_ALLOW_STACK_EXECUTION) !== 0,
    noHeapExecution: (flags & MH_NO_HEAP_EXECUTION) !== 0,
    loadCommands: [],
    segments: [],
    dylibs: [],
    rpaths: [],
    importedSymbols: [],
    exportedSymbols: [],
    hasSymbolTable: false,
    localSymbolCount: 0,
  };

  let cmdsEnd = headerSize + sizeofcmds;
  if (cmdsEnd > bytes.length) {
    log.add('load-commands-truncated', `${where}sizeofcmds ${sizeofcmds} runs past the end of the slice`);
    cmdsEnd = bytes.length;
  }
  // Each command is at least 8 bytes, which bounds the loop whatever ncmds claims.
  const maxCmds = Math.floor((cmdsEnd - headerSize) / 8);
  if (ncmds > maxCmds) log.add('load-commands-count', `${where}ncmds ${ncmds} cannot fit in ${cmdsEnd - headerSize} bytes`);
  let symtab: { symoff: number; nsyms: number; stroff: number; strsize: number } | undefined;
  let signature: { dataoff: number; datasize: number } | undefined;
  let o = headerSize;
  for (let i = 0; i < ncmds && i < maxCmds; i++) {
    if (o + 8 > cmdsEnd) {
      log.add('load-commands-truncated', `${where}load command ${i} starts past sizeofcmds`);
      break;
    }
    const cmd = u32(o);
    const cmdsize = u32(o + 4);
    if (cmdsize < 8 || o + cmdsize > cmdsEnd) {
      // cmdsize 0 would loop forever in a naive reader; a size past the end is a lie. Either way stop.
      log.add('load-command-size', `${where}load command ${i} (0x${cmd.toString(16)}) has cmdsize ${cmdsize}`);
      break;
    }
    if (cmdsize % (is64 ? 8 : 4) !== 0) log.add('load-command-alignment', `${where}load command ${i} cmdsize ${cmdsize} is not aligned`);
    slice.loadCommands.push({ cmd, name: LOAD_COMMAND_NAMES.get(cmd) ?? `LC_0x${cmd.toString(16)}`, offset: o, size: cmdsize });
    const end = o + cmdsize;
    const short = (need: number): boolean => {
      if (cmdsize >= need) return false;
      log.add('load-command-short', `${where}${LOAD_COMMAND_NAMES.get(cmd) ?? cmd} at ${o} is ${cmdsize} bytes, needs ${need}`);
      return true;
    };
    /** lc_str: offset from the command start to a NUL-terminated string inside the command. */
    const lcStr = (fieldAt: number): string => {
      const strOff = u32(fieldAt);
      if (strOff < 8 || o + strOff >= end) {
        log.add('load-command-string', `${where}string offset ${strOff} outside load command at ${o}`);
        return '';
      }
      return cString(bytes, o + strOff, end);
    };
    switch (cmd) {
      case LC_SEGMENT:
      case LC_SEGMENT_64:
        readSegment(bytes, dv, le, o, cmdsize, cmd === LC_SEGMENT_64, slice, log, where);
        break;
      case LC_LOAD_DYLIB:
      case LC_LOAD_WEAK_DYLIB:
      case LC_REEXPORT_DYLIB:
      case LC_LAZY_LOAD_DYLIB:
      case LC_LOAD_UPWARD_DYLIB:
        if (short(24)) break;
        slice.dylibs.push({
          name: lcStr(o + 8),
          kind: cmd === LC_LOAD_DYLIB ? 'load' : cmd === LC_LOAD_WEAK_DYLIB ? 'weak' : cmd === LC_REEXPORT_DYLIB ? 'reexport' : cmd === LC_LAZY_LOAD_DYLIB ? 'lazy' : 'upward',
          currentVersion: versionString(u32(o + 16), false),
          compatibilityVersion: versionString(u32(o + 20), false),
        });
        break;
      case LC_ID_DYLIB:
        if (!short(24)) slice.installName = lcStr(o + 8);
        break;
      case LC_RPATH:
        if (!short(12)) slice.rpaths.push(lcStr(o + 8));
        break;
      case LC_UUID:
        if (!short(24)) {
          const h = Array.from(bytes.subarray(o + 8, o + 24), (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
          slice.uuid = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
        }
        break;
      case LC_ENCRYPTION_INFO:
      case LC_ENCRYPTION_INFO_64:
        if (!short(20)) {
          if (slice.encryption) log.add('encryption-duplicate', `${where}more than one LC_ENCRYPTION_INFO`);
          slice.encryption = { cryptoff: u32(o + 8), cryptsize: u32(o + 12), cryptid: u32(o + 16) };
        }
        break;
      case LC_BUILD_VERSION:
        if (!short(24)) {
          const p = u32(o + 8);
          // LC_BUILD_VERSION wins over LC_VERSION_MIN_* (dyld reads it first when both are present).
          slice.minOs = { platform: PLATFORMS[p] ?? `platform_${p}`, version: versionString(u32(o + 12), true), sdk: versionString(u32(o + 16), true) };
        }
        break;
      case LC_VERSION_MIN_MACOSX:
      case LC_VERSION_MIN_IPHONEOS:
      case LC_VERSION_MIN_TVOS:
      case LC_VERSION_MIN_WATCHOS:
        if (!short(16) && slice.minOs === undefined) {
          const platform = cmd === LC_VERSION_MIN_MACOSX ? 'macos' : cmd === LC_VERSION_MIN_IPHONEOS ? 'ios' : cmd === LC_VERSION_MIN_TVOS ? 'tvos' : 'watchos';
          slice.minOs = { platform, version: versionString(u32(o + 8), true), sdk: versionString(u32(o + 12), true) };
        }
        break;
      case LC_SYMTAB:
        if (!short(24)) symtab = { symoff: u32(o + 8), nsyms: u32(o + 12), stroff: u32(o + 16), strsize: u32(o + 20) };
        break;
      case LC_DYSYMTAB:
        // dysymtab_command: indirectsymoff and nindirectsyms are its 15th and 16th u32.
        if (!short(80)) slice.indirectSymbols = { offset: u32(o + 56), count: u32(o + 60) };
        break;
      case LC_CODE_SIGNATURE:
        if (!short(16)) signature = { dataoff: u32(o + 8), datasize: u32(o + 12) };
        break;
      default:
        break;
    }
    o = end;
  }
  if (symtab) {
    slice.symtab = symtab;
    readSymbols(bytes, dv, le, is64, symtab, slice, log, where);
  }
  if (signature) {
    const { dataoff, datasize } = signature;
    if (dataoff > bytes.length || datasize > bytes.length - dataoff) {
      log.add('code-signature-out-of-file', `${where}LC_CODE_SIGNATURE ${dataoff}+${datasize} lies outside the slice`);
    } else {
      slice.codeSignature = readCodeSignature(bytes.subarray(dataoff, dataoff + datasize), (kind, message) => log.add(kind, where + message));
    }
  }
  return slice;
}

function readSegment(bytes: Uint8Array, dv: DataView, le: boolean, o: number, cmdsize: number, is64: boolean, slice: MachOSlice, log: AnomalyLog, where: string): void {
  const headSize = is64 ? 72 : 56; // segment_command_64 / segment_command
  const sectSize = is64 ? 80 : 68; // section_64 / section
  if (cmdsize < headSize) {
    log.add('load-command-short', `${where}segment command at ${o} is ${cmdsize} bytes, needs ${headSize}`);
    return;
  }
  const u32 = (p: number): number => dv.getUint32(p, le);
  const name = fixedName(bytes, o + 8, 16);
  const vmaddr = is64 ? dv.getBigUint64(o + 24, le) : BigInt(u32(o + 24));
  const vmsize = is64 ? dv.getBigUint64(o + 32, le) : BigInt(u32(o + 28));
  const fileoff = is64 ? toSafeNumber(dv.getBigUint64(o + 40, le)) : u32(o + 32);
  const filesize = is64 ? toSafeNumber(dv.getBigUint64(o + 48, le)) : u32(o + 36);
  const p = is64 ? o + 56 : o + 40;
  const maxprot = dv.getInt32(p, le);
  const initprot = dv.getInt32(p + 4, le);
  let nsects = u32(p + 8);
  if (fileoff > bytes.length || filesize > bytes.length - fileoff) {
    log.add('segment-out-of-file', `${where}segment ${name} ${fileoff}+${filesize} runs past the slice (${bytes.length} bytes)`);
  }
  const fit = Math.floor((cmdsize - headSize) / sectSize);
  if (nsects > fit) {
    log.add('segment-sections-count', `${where}segment ${name} declares ${nsects} sections, its command holds ${fit}`);
    nsects = fit;
  }
  const sections: MachOSection[] = [];
  for (let i = 0; i < nsects; i++) {
    const s = o + headSize + i * sectSize;
    const sectName = fixedName(bytes, s, 16);
    const segname = fixedName(bytes, s + 16, 16);
    const addr = is64 ? dv.getBigUint64(s + 32, le) : BigInt(u32(s + 32));
    const size = is64 ? toSafeNumber(dv.getBigUint64(s + 40, le)) : u32(s + 36);
    const q = is64 ? s + 48 : s + 40;
    const offset = u32(q);
    const flags = u32(q + 16);
    const reserved1 = u32(q + 20);
    const reserved2 = u32(q + 24);
    const type = flags & 0xff;
    // S_ZEROFILL (1), S_GB_ZEROFILL (0xc), S_THREAD_LOCAL_ZEROFILL (0x12) occupy no file bytes.
    const zerofill = type === 0x1 || type === 0xc || type === 0x12;
    if (!zerofill && size > 0 && (offset > bytes.length || size > bytes.length - offset)) {
      log.add('section-out-of-file', `${where}section ${segname},${sectName} ${offset}+${size} runs past the slice`);
    }
    sections.push({ segname, name: sectName, addr, size, offset, flags, reserved1, reserved2 });
  }
  // Overlap check on file ranges: cheap (sections per segment are few) and a sign of a tampered binary.
  const ranged = sections.filter((s) => s.size > 0 && s.offset > 0).sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < ranged.length; i++) {
    const prev = ranged[i - 1]!;
    if (ranged[i]!.offset < prev.offset + prev.size) {
      log.add('sections-overlap', `${where}sections ${prev.name} and ${ranged[i]!.name} of ${name} overlap in the file`);
    }
  }
  slice.segments.push({ name, vmaddr, vmsize, fileoff, filesize, maxprot, initprot, sections });
}

// nlist.h n_type bits.
const N_STAB = 0xe0;
const N_PEXT = 0x10;
const N_TYPE = 0x0e;
const N_EXT = 0x01;
const N_UNDF = 0x0;

function readSymbols(
  bytes: Uint8Array,
  dv: DataView,
  le: boolean,
  is64: boolean,
  st: { symoff: number; nsyms: number; stroff: number; strsize: number },
  slice: MachOSlice,
  log: AnomalyLog,
  where: string,
): void {
  const entrySize = is64 ? 16 : 12; // nlist_64 / nlist
  let nsyms = st.nsyms;
  if (st.symoff > bytes.length) {
    log.add('symtab-out-of-file', `${where}symbol table offset ${st.symoff} past the slice`);
    return;
  }
  const fit = Math.floor((bytes.length - st.symoff) / entrySize);
  if (nsyms > fit) {
    log.add('symtab-truncated', `${where}symbol table declares ${nsyms} entries, ${fit} fit in the slice`);
    nsyms = fit;
  }
  let strEnd = st.stroff + st.strsize;
  if (st.stroff > bytes.length || strEnd > bytes.length) {
    log.add('strtab-out-of-file', `${where}string table ${st.stroff}+${st.strsize} runs past the slice`);
    strEnd = Math.max(Math.min(bytes.length, strEnd), 0);
  }
  slice.hasSymbolTable = nsyms > 0;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const imported = new Set<string>();
  const exported = new Set<string>();
  let locals = 0;
  let badNames = 0;
  for (let i = 0; i < nsyms; i++) {
    const e = st.symoff + i * entrySize;
    const type = bytes[e + 4]!;
    if ((type & N_EXT) === 0 || (type & N_STAB) !== 0) {
      locals++;
      continue;
    }
    const strx = dv.getUint32(e, le);
    const nameAt = st.stroff + strx;
    if (strx >= st.strsize || nameAt >= strEnd) {
      badNames++;
      continue;
    }
    const kind = type & N_TYPE;
    if (kind === N_UNDF) {
      // An undefined external with a value is a common symbol (tentative definition), not an import.
      const valueIsZero = dv.getUint32(e + 8, le) === 0 && (!is64 || dv.getUint32(e + 12, le) === 0);
      if (valueIsZero) imported.add(cString(bytes, nameAt, strEnd, buf));
    } else if ((type & N_PEXT) === 0) {
      exported.add(cString(bytes, nameAt, strEnd, buf));
    }
  }
  if (badNames > 0) log.add('symbol-name-out-of-range', `${where}${badNames} symbols have a name offset outside the string table`);
  slice.localSymbolCount = locals;
  slice.importedSymbols = [...imported].sort();
  slice.exportedSymbols = [...exported].sort();
}
