/**
 * @module formats/elf/elf
 * What an audit needs to know about one native library (`lib/<abi>/*.so` in an APK): its machine and
 * Android ABI, the hardening its toolchain applied (NX stack, RELRO and immediate binding, stack canary,
 * FORTIFY, text relocations, PIE), its dependencies and search paths, and its dynamic imports/exports.
 *
 * Where the information comes from follows the loader, not the section headers: bionic's linker reads
 * only the program headers and PT_DYNAMIC (AOSP bionic/linker/linker_phdr.cpp), so those decide. Section
 * headers serve for what only they describe (.symtab → not stripped) and, when consistent, as the
 * .dynsym source. Any inconsistency is reported in `anomalies`.
 */
import { readDynamic, readDynamicSymbols } from './dynamic.js';
import { hasElfMagic, PF_W, PF_X, PT_GNU_RELRO, PT_GNU_STACK, PT_LOAD, readLayout, SHT_SYMTAB, type ElfAnomaly } from './layout.js';

export type { ElfAnomaly, ElfAnomalyKind } from './layout.js';

export interface ElfInfo {
  class: 32 | 64;
  endian: 'le' | 'be';
  /** e_type: 'EXEC' | 'DYN' | 'REL' | 'CORE' | 'NONE', else the number in hex. */
  type: 'EXEC' | 'DYN' | 'REL' | 'CORE' | string;
  /** e_machine: 'AArch64' | 'ARM' | 'x86' | 'x86-64' | 'MIPS' | 'RISC-V' | ..., else `EM_<number>`. */
  machine: string;
  /** Android ABI directory name when machine, class and byte order map to one (ARM maps to armeabi-v7a). */
  abi?: string;
  /** PT_GNU_STACK present and without PF_X. Without PT_GNU_STACK old loaders give an executable stack. */
  nx: boolean;
  /** ET_DYN: the image is position independent (see `textrel` for the exception). */
  pie: boolean;
  /** DT_TEXTREL or DF_TEXTREL: the loader must write into the code segment. */
  textrel: boolean;
  /** DT_BIND_NOW, DF_BIND_NOW or DF_1_NOW: all symbols resolved at load time. */
  bindNow: boolean;
  /** PT_GNU_RELRO with immediate binding = full, without = partial. */
  relro: 'full' | 'partial' | 'none';
  /** A dynamic symbol (import or definition) __stack_chk_fail or __stack_chk_guard. */
  stackCanary: boolean;
  /** Any fortified (`__*_chk`, bionic `__open_2`…) libc function imported. */
  fortify: boolean;
  /** Imported fortified variants, e.g. `__memcpy_chk`, sorted. */
  fortifiedFunctions: string[];
  /** Imported fortifiable libc functions whose fortified variant is not imported, e.g. `memcpy`, sorted. */
  unfortifiedFunctions: string[];
  /** No .symtab section (also true when section headers are absent or unusable). */
  stripped: boolean;
  rpath?: string;
  runpath?: string;
  needed: string[];
  soname?: string;
  /** Undefined dynamic symbols of function type (FUNC, GNU_IFUNC, or untyped NOTYPE), sorted, unique. */
  importedSymbols: string[];
  /** Undefined dynamic symbols of data type (OBJECT, TLS, COMMON), sorted, unique. */
  importedObjects: string[];
  /** Defined global/weak dynamic symbols visible to other modules (JNI_OnLoad, Java_…), sorted, unique. */
  exportedSymbols: string[];
  /** Where the dynamic symbols were read from (see formats/elf/dynamic). */
  symbolSource: 'sections' | 'dynamic' | 'none';
  /** Number of entries in the dynamic symbol table, null entry included. */
  dynamicSymbolCount: number;
  anomalies: ElfAnomaly[];
}

/** e_machine values, gABI 4 "ELF Header" and the registry in binutils include/elf/common.h. */
const MACHINE_NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'none'],
  [2, 'SPARC'],
  [3, 'x86'],
  [8, 'MIPS'],
  [20, 'PowerPC'],
  [21, 'PowerPC64'],
  [22, 'S390'],
  [40, 'ARM'],
  [43, 'SPARCV9'],
  [50, 'IA-64'],
  [62, 'x86-64'],
  [183, 'AArch64'],
  [243, 'RISC-V'],
  [258, 'LoongArch'],
]);

/** Android ABIs (NDK "Android ABIs" page): machine + class; all are little endian. */
const ANDROID_ABIS: ReadonlyMap<string, string> = new Map([
  ['AArch64/64', 'arm64-v8a'],
  ['ARM/32', 'armeabi-v7a'],
  ['x86/32', 'x86'],
  ['x86-64/64', 'x86_64'],
  ['MIPS/32', 'mips'],
  ['MIPS/64', 'mips64'],
  ['RISC-V/64', 'riscv64'],
]);

/** Machines that only exist in one class; the other class means a forged or broken header. */
const MACHINE_CLASS: ReadonlyMap<string, 32 | 64> = new Map([
  ['x86', 32],
  ['x86-64', 64],
  ['ARM', 32],
]);

const TYPE_NAMES = ['NONE', 'REL', 'EXEC', 'DYN', 'CORE'] as const;

/**
 * libc functions that have a fortified variant, with that variant's name (glibc <bits/*_chk> / debug/,
 * AOSP bionic/libc/include/bits/fortify/*.h). Only names whose variant follows a fixed pattern are listed.
 */
const FORTIFIABLE: ReadonlyMap<string, string> = new Map(
  [
    'memcpy', 'memmove', 'mempcpy', 'memset', 'memchr', 'memrchr',
    'strcpy', 'stpcpy', 'strncpy', 'stpncpy', 'strcat', 'strncat', 'strlcpy', 'strlcat',
    'strlen', 'strchr', 'strrchr',
    'sprintf', 'snprintf', 'vsprintf', 'vsnprintf', 'printf', 'fprintf', 'vprintf', 'vfprintf',
    'gets', 'fgets', 'fread', 'fwrite', 'read', 'pread', 'pread64', 'pwrite', 'pwrite64', 'write',
    'readlink', 'readlinkat', 'getcwd', 'realpath', 'recv', 'recvfrom', 'sendto', 'send',
    'poll', 'ppoll', 'umask', 'wcscpy', 'wcsncpy', 'wcscat', 'wcsncat', 'wmemcpy', 'wmemmove', 'wmemset',
  ].map((f): [string, string] => [f, `__${f}_chk`]).concat(
    // bionic fortifies open/openat through __open_2/__openat_2 (they check the O_CREAT mode argument).
    ['open', 'open64', 'openat', 'openat64'].map((f): [string, string] => [f, `__${f}_2`]),
  ),
);
const FORTIFIED_NAMES: ReadonlySet<string> = new Set(FORTIFIABLE.values());
/** `__<name>_chk` is the glibc and bionic naming of every checked variant; __stack_chk_* are not FORTIFY. */
const CHK_PATTERN = /^__[A-Za-z0-9_]+_chk$/;

/** True when `bytes` starts with the ELF magic `\x7fELF`. */
export function isElf(bytes: Uint8Array): boolean {
  return hasElfMagic(bytes);
}

function machineName(machine: number): string {
  return MACHINE_NAMES.get(machine) ?? `EM_${machine}`;
}

function typeName(type: number): string {
  return TYPE_NAMES[type] ?? `0x${type.toString(16).padStart(4, '0')}`;
}

/**
 * Parses an ELF file. Throws `FormatError` `DFSLAB_E_ELF_BAD_HEADER` only when the identification or file
 * header is unusable; everything past it that is malformed becomes an entry in `anomalies`.
 */
export function parseElf(bytes: Uint8Array, opts: { label?: string } = {}): ElfInfo {
  const layout = readLayout(bytes, opts.label);
  const { header, programHeaders, sections, anomalies } = layout;
  const cls: 32 | 64 = header.is64 ? 64 : 32;
  const machine = machineName(header.machine);
  const type = typeName(header.type);

  const expectedClass = MACHINE_CLASS.get(machine);
  if (expectedClass !== undefined && expectedClass !== cls) {
    anomalies.add('machine-class-mismatch', `${machine} code in a ${cls}-bit ELF file; the header is forged or corrupt`);
  }
  const abi = header.le && (expectedClass === undefined || expectedClass === cls) ? ANDROID_ABIS.get(`${machine}/${cls}`) : undefined;

  if (programHeaders.length === 0 && (type === 'DYN' || type === 'EXEC')) {
    anomalies.add('no-program-headers', `an ${type} file without usable program headers cannot be loaded`);
  }
  let gnuStackFlags: number | undefined;
  let hasRelro = false;
  for (const ph of programHeaders) {
    if (ph.type === PT_GNU_STACK) gnuStackFlags ??= ph.flags;
    else if (ph.type === PT_GNU_RELRO) hasRelro = true;
    else if (ph.type === PT_LOAD) {
      if ((ph.flags & (PF_W | PF_X)) === (PF_W | PF_X)) {
        anomalies.add('writable-executable-segment', `PT_LOAD at offset ${ph.offset} is both writable and executable`);
      }
      if (ph.filesz > 0 && !layout.data.contains(ph.offset, ph.filesz)) {
        anomalies.add('segment-out-of-file', `PT_LOAD claims ${ph.filesz} bytes at offset ${ph.offset}, beyond the end of the file`);
      }
    }
  }

  if (sections.length === 0 && header.shnum === 0 && (type === 'DYN' || type === 'EXEC')) {
    anomalies.add('no-section-headers', 'the file has no section headers (removed after linking; the loader does not need them)');
  }

  const dyn = readDynamic(layout);
  if (dyn.range === undefined && type === 'DYN') {
    anomalies.add('dynamic-invalid', 'a shared object without a readable dynamic section');
  }
  const table = readDynamicSymbols(layout, dyn);

  const importedSymbols = table.importedFunctions;
  const isCanary = (n: string): boolean => n === '__stack_chk_fail' || n === '__stack_chk_guard';
  // Imported on most ABIs; a data import of the guard (old ARM NDKs); defined when libc itself is linked in.
  const stackCanary = importedSymbols.some(isCanary) || table.importedObjects.some(isCanary) || table.exported.some(isCanary);
  const importSet = new Set(importedSymbols);
  const fortifiedFunctions = importedSymbols.filter((n) => FORTIFIED_NAMES.has(n) || CHK_PATTERN.test(n));
  const unfortifiedFunctions = importedSymbols.filter((n) => {
    const checked = FORTIFIABLE.get(n);
    return checked !== undefined && !importSet.has(checked);
  });

  const info: ElfInfo = {
    class: cls,
    endian: header.le ? 'le' : 'be',
    type,
    machine,
    nx: gnuStackFlags !== undefined && (gnuStackFlags & PF_X) === 0,
    pie: header.type === 3,
    textrel: dyn.textrel,
    bindNow: dyn.bindNow,
    relro: hasRelro ? (dyn.bindNow ? 'full' : 'partial') : 'none',
    stackCanary,
    fortify: fortifiedFunctions.length > 0,
    fortifiedFunctions,
    unfortifiedFunctions,
    stripped: !sections.some((s) => s.type === SHT_SYMTAB),
    needed: dyn.needed,
    importedSymbols,
    importedObjects: table.importedObjects,
    exportedSymbols: table.exported,
    symbolSource: table.source,
    dynamicSymbolCount: table.count,
    anomalies: anomalies.finish(),
  };
  if (abi !== undefined) info.abi = abi;
  if (dyn.rpath !== undefined) info.rpath = dyn.rpath;
  if (dyn.runpath !== undefined) info.runpath = dyn.runpath;
  if (dyn.soname !== undefined) info.soname = dyn.soname;
  return info;
}
