/**
 * @module formats/macho/calls
 * Calls from the code of an arm64 slice to the functions it imports, with the constant arguments the calling
 * basic block puts in x0–x7.
 *
 * How an imported function is called (loader.h, dyld): the code branches to a stub in a section of type
 * S_SYMBOL_STUBS (`__TEXT,__stubs`, `__TEXT,__auth_stubs` on arm64e). Stubs are `reserved2` bytes each; the
 * stub at index k of the section belongs to entry `reserved1 + k` of the indirect symbol table (LC_DYSYMTAB
 * indirectsymoff/nindirectsyms), whose u32 is an index into the symbol table (LC_SYMTAB) or one of
 * INDIRECT_SYMBOL_LOCAL / INDIRECT_SYMBOL_ABS for stubs that need no binding. The caller of a call site is the
 * nearest preceding symbol of the code section in the symbol table (N_SECT entries, local ones included), so it
 * is only known for binaries that were not stripped.
 *
 * Everything is read against the slice bounds; lying offsets and counts give fewer stubs, never an exception.
 * FairPlay-encrypted slices (cryptid != 0) hold ciphertext in __TEXT and are not analysed.
 */
import { Arm64Code, type Arm64CallOptions } from './arm64.js';
import { cString, type MachOSection, type MachOSlice } from './macho.js';

const SECTION_TYPE = 0xff;
const S_REGULAR = 0x0;
const S_SYMBOL_STUBS = 0x8;
const S_ATTR_PURE_INSTRUCTIONS = 0x80000000;
const INDIRECT_SYMBOL_LOCAL = 0x80000000;
const INDIRECT_SYMBOL_ABS = 0x40000000;
const CPU_TYPE_ARM64 = 0x0100000c;
// nlist.h
const N_STAB = 0xe0;
const N_TYPE = 0x0e;
const N_SECT = 0x0e;
/** More stubs than any real binary has (one per imported function); bounds the work on a lying table. */
const MAX_STUBS = 1_000_000;

export interface MachOImportStub {
  /** Address of the stub. */
  address: number;
  /** The imported symbol it jumps to (e.g. `_CCCrypt`). */
  symbol: string;
  /** The stub section (`__stubs`, `__auth_stubs`). */
  section: string;
}

export interface MachOCallSite {
  /** Address of the call instruction (for explanation: it changes with every build). */
  address: number;
  /** Imported symbol called, e.g. `_CCCrypt`. */
  symbol: string;
  /** `bl` for a call, `b` for a tail call. */
  kind: 'bl' | 'b';
  /** x0–x7 at the call when the calling basic block makes the value certain, else undefined. */
  args: Array<bigint | undefined>;
  /** Nearest preceding function symbol (e.g. `_encryptPin`, `-[Foo bar:]`); undefined when stripped. */
  caller?: string;
}

/** True for the slices this reader can disassemble: 64-bit ARM (arm64 and arm64e; not arm64_32). */
export function isArm64Slice(slice: MachOSlice): boolean {
  return slice.cpuType === CPU_TYPE_ARM64 && slice.littleEndian;
}

function safeAddress(v: bigint): number | undefined {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : undefined;
}

/** The bytes and symbol-table accessors of one slice, all bounds-checked. */
class SliceReader {
  readonly bytes: Uint8Array;
  private readonly dv: DataView;
  private readonly le: boolean;
  private readonly entrySize: number;
  private readonly nsyms: number;

  constructor(file: Uint8Array, readonly slice: MachOSlice) {
    const start = Math.min(slice.offset, file.length);
    this.bytes = file.subarray(start, Math.min(file.length, start + slice.size));
    this.dv = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    this.le = slice.littleEndian;
    this.entrySize = slice.is64 ? 16 : 12;
    const st = slice.symtab;
    this.nsyms = st && st.symoff <= this.bytes.length ? Math.min(st.nsyms, Math.floor((this.bytes.length - st.symoff) / this.entrySize)) : 0;
  }

  u32(o: number): number | undefined {
    return o >= 0 && o + 4 <= this.bytes.length ? this.dv.getUint32(o, this.le) : undefined;
  }

  get symbolCount(): number {
    return this.nsyms;
  }

  /** n_type, n_sect and n_value of symbol `i` (i < symbolCount). */
  symbol(i: number): { type: number; sect: number; value: bigint } {
    const e = this.slice.symtab!.symoff + i * this.entrySize;
    return {
      type: this.bytes[e + 4]!,
      sect: this.bytes[e + 5]!,
      value: this.slice.is64 ? this.dv.getBigUint64(e + 8, this.le) : BigInt(this.dv.getUint32(e + 8, this.le)),
    };
  }

  /** Offset of symbol i's name in the slice, or undefined when it lies outside the string table. */
  nameOffset(i: number): number | undefined {
    const st = this.slice.symtab;
    if (!st || i < 0 || i >= this.nsyms) return undefined;
    const strx = this.dv.getUint32(st.symoff + i * this.entrySize, this.le);
    const at = st.stroff + strx;
    return strx < st.strsize && at < this.stringsEnd() ? at : undefined;
  }

  name(i: number): string | undefined {
    const at = this.nameOffset(i);
    return at === undefined ? undefined : cString(this.bytes, at, this.stringsEnd());
  }

  private stringsEnd(): number {
    const st = this.slice.symtab!;
    return Math.min(this.bytes.length, st.stroff + st.strsize);
  }

  /** The file bytes of a section, clamped to the slice (empty for zero-fill or out-of-slice sections). */
  sectionBytes(s: MachOSection): Uint8Array {
    if (s.offset === 0 || s.offset >= this.bytes.length) return new Uint8Array(0);
    return this.bytes.subarray(s.offset, Math.min(this.bytes.length, s.offset + s.size));
  }
}

function allSections(slice: MachOSlice): MachOSection[] {
  return slice.segments.flatMap((seg) => seg.sections);
}

function readStubs(r: SliceReader): MachOImportStub[] {
  const ind = r.slice.indirectSymbols;
  if (!ind || !r.slice.symtab) return [];
  const out: MachOImportStub[] = [];
  for (const s of allSections(r.slice)) {
    if ((s.flags & SECTION_TYPE) !== S_SYMBOL_STUBS || s.reserved2 === 0) continue;
    const base = safeAddress(s.addr);
    if (base === undefined) continue;
    const count = Math.floor(s.size / s.reserved2);
    for (let k = 0; k < count && out.length < MAX_STUBS; k++) {
      const entry = s.reserved1 + k;
      if (entry >= ind.count) break;
      const symIndex = r.u32(ind.offset + entry * 4);
      if (symIndex === undefined) break;
      if ((symIndex & (INDIRECT_SYMBOL_LOCAL | INDIRECT_SYMBOL_ABS)) !== 0 || symIndex >= r.symbolCount) continue;
      const symbol = r.name(symIndex);
      if (symbol) out.push({ address: base + k * s.reserved2, symbol, section: s.name });
    }
  }
  return out.sort((a, b) => a.address - b.address);
}

/** Function symbols of the code sections, sorted by address, for "which function is this address in". */
class FunctionSymbols {
  private readonly addrs: Float64Array;
  private readonly index: Uint32Array;

  constructor(private readonly r: SliceReader, codeOrdinals: ReadonlySet<number>) {
    const found: Array<{ addr: number; i: number }> = [];
    for (let i = 0; i < r.symbolCount; i++) {
      const { type, sect, value } = r.symbol(i);
      if ((type & N_STAB) !== 0 || (type & N_TYPE) !== N_SECT || !codeOrdinals.has(sect)) continue;
      const addr = safeAddress(value);
      const at = r.nameOffset(i);
      if (addr === undefined || at === undefined) continue;
      // Assembler-local labels (`L…`, `l…`, `ltmp0`) are not functions.
      const first = r.bytes[at];
      if (first === 0x4c || first === 0x6c || first === 0) continue;
      found.push({ addr, i });
    }
    // Stable on equal addresses: the first symbol-table entry of an address names it.
    found.sort((a, b) => a.addr - b.addr || a.i - b.i);
    this.addrs = Float64Array.from(found, (f) => f.addr);
    this.index = Uint32Array.from(found, (f) => f.i);
  }

  /** Name of the nearest symbol at or before `addr` and not before `floor` (the section start). */
  at(addr: number, floor: number): string | undefined {
    let lo = 0;
    let hi = this.addrs.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.addrs[mid]! <= addr) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (best < 0 || this.addrs[best]! < floor) return undefined;
    // Move to the first entry of that address so aliases resolve the same way every time.
    while (best > 0 && this.addrs[best - 1] === this.addrs[best]) best--;
    return this.r.name(this.index[best]!);
  }
}

/** The import stubs of a slice (any CPU): stub address → imported symbol, in address order. */
export function importStubs(file: Uint8Array, slice: MachOSlice): MachOImportStub[] {
  return readStubs(new SliceReader(file, slice));
}

/**
 * Call sites of imported functions in one arm64 slice. Built lazily: stubs when opened, the code sections and
 * function symbols on the first search. `file` is the whole file the slice was read from.
 */
export class MachOCallIndex {
  private readonly reader: SliceReader;
  readonly stubs: readonly MachOImportStub[];
  private code: Array<{ section: MachOSection; ordinal: number; arm: Arm64Code }> | undefined;
  private functions: FunctionSymbols | undefined;

  private constructor(reader: SliceReader) {
    this.reader = reader;
    this.stubs = readStubs(reader);
  }

  /** Undefined for slices that cannot be analysed: not arm64/arm64e, or FairPlay-encrypted. */
  static open(file: Uint8Array, slice: MachOSlice): MachOCallIndex | undefined {
    if (!isArm64Slice(slice)) return undefined;
    if (slice.encryption && slice.encryption.cryptid !== 0) return undefined;
    return new MachOCallIndex(new SliceReader(file, slice));
  }

  /** Calls (`bl`, and `b` tail calls) to the stub of `symbol` in every code section, in address order. */
  callsTo(symbol: string, opts: Arm64CallOptions = {}): MachOCallSite[] {
    const targets = new Set(this.stubs.filter((s) => s.symbol === symbol).map((s) => s.address));
    if (targets.size === 0) return [];
    const out: MachOCallSite[] = [];
    for (const { arm } of this.codeSections()) {
      for (const c of arm.callsTo(targets, opts)) {
        const caller = this.functionSymbols().at(c.address, arm.address);
        out.push({ address: c.address, symbol, kind: c.kind, args: c.args, ...(caller ? { caller } : {}) });
      }
    }
    return out.sort((a, b) => a.address - b.address);
  }

  private codeSections(): Array<{ section: MachOSection; ordinal: number; arm: Arm64Code }> {
    if (!this.code) {
      this.code = [];
      // Section ordinals (n_sect) count every section of every segment from 1, in load-command order.
      let ordinal = 0;
      for (const s of allSections(this.reader.slice)) {
        ordinal++;
        if ((s.flags & SECTION_TYPE) !== S_REGULAR || (s.flags & S_ATTR_PURE_INSTRUCTIONS) === 0) continue;
        const addr = safeAddress(s.addr);
        if (addr === undefined || addr % 4 !== 0) continue;
        this.code.push({ section: s, ordinal, arm: new Arm64Code(this.reader.sectionBytes(s), addr) });
      }
    }
    return this.code;
  }

  private functionSymbols(): FunctionSymbols {
    if (!this.functions) this.functions = new FunctionSymbols(this.reader, new Set(this.codeSections().map((c) => c.ordinal)));
    return this.functions;
  }
}
