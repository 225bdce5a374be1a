/**
 * @module formats/macho/arm64
 * A deliberately small AArch64 reader: it finds direct calls (`BL`, and `B` used as a tail call) to given
 * addresses in a code section, and for each call tells which constants the same basic block put in the
 * argument registers x0–x7 (AAPCS64 passes the first eight integer arguments there).
 *
 * Encodings follow the Arm Architecture Reference Manual for A-profile (DDI 0487), chapter C4 "A64 Instruction
 * Set Encoding" and the shared pseudocode `DecodeBitMasks`. Only the constant-making instructions compilers
 * emit for integer arguments are evaluated: MOVZ/MOVN/MOVK (and their `mov` aliases), logical immediates
 * (`mov wN, #bitmask` is `ORR wN, wzr, #imm`), and the register copy `mov wN, wM` (`ORR wN, wzr, wM`). Every
 * other instruction is reduced to the registers it may write, which become unknown; loads, stores and system
 * instructions are classified so that a store never hides a value, and anything not understood (reserved
 * encodings, SVE, data in code) ends the block. A value is only reported when it is certain within the block,
 * so the reader can miss constants but does not invent them.
 *
 * Work is bounded: one linear pass over the words to find branch targets, one to find calls, and at most
 * `maxBlockInstructions` instructions simulated per call. Words are read within the given bytes only.
 */

const MASK32 = 0xffffffffn;
const MASK64 = 0xffffffffffffffffn;

/** Tracked general-purpose registers x0–x30 (31 is SP or ZR depending on the instruction, never tracked). */
const GPR_COUNT = 31;
/** Argument registers reported per call (AAPCS64 x0–x7). */
export const ARGUMENT_REGISTERS = 8;

/** Default walk-back limit: argument set-up sits right before the call; farther back certainty fades. */
const DEFAULT_MAX_BLOCK = 32;
/** Default cap on call sites returned per search, so a hostile binary cannot make the result unbounded. */
const DEFAULT_MAX_CALLS = 10_000;

export interface Arm64CallSite {
  /** Address of the call instruction. */
  address: number;
  /** Address called. */
  target: number;
  /** `bl` (call) or `b` (tail call). */
  kind: 'bl' | 'b';
  /** x0–x7 at the call: the 64-bit value when the block makes it certain, else undefined. */
  args: Array<bigint | undefined>;
}

export interface Arm64CallOptions {
  /** Longest walk back from a call to the start of its basic block (default 32 instructions). */
  maxBlockInstructions?: number;
  /** Stop after this many call sites (default 10 000). */
  maxCalls?: number;
}

/**
 * DecodeBitMasks for a logical immediate (N:immr:imms): the element of `esize` bits with `imms+1` low ones,
 * rotated right by `immr`, replicated over the register width. Undefined for the reserved encodings (an
 * element of all ones, `len < 1`, or N=1 in a 32-bit instruction).
 */
export function decodeBitmaskImmediate(n: number, immr: number, imms: number, is64: boolean): bigint | undefined {
  if (!is64 && n !== 0) return undefined;
  const combined = ((n & 1) << 6) | (~imms & 0x3f);
  if (combined === 0) return undefined;
  const len = 31 - Math.clz32(combined);
  if (len < 1) return undefined;
  const esize = 1 << len;
  const levels = esize - 1;
  const s = imms & levels;
  const r = immr & levels;
  if (s === levels) return undefined;
  const e = BigInt(esize);
  const emask = (1n << e) - 1n;
  const ones = (1n << BigInt(s + 1)) - 1n;
  const element = r === 0 ? ones : ((ones >> BigInt(r)) | (ones << (e - BigInt(r)))) & emask;
  const width = is64 ? 64 : 32;
  let v = 0n;
  for (let i = 0; i < width; i += esize) v |= element << BigInt(i);
  return v;
}

function signExtend(v: number, bits: number): number {
  const shift = 32 - bits;
  return (v << shift) >> shift;
}

/** True for instructions after which (or at which) straight-line reasoning stops. */
function endsBlock(w: number): boolean {
  // Reserved, SME, SVE and unallocated groups (op0 = x00x with bit 27 clear): never argument set-up.
  if ((w & 0x18000000) === 0) return true;
  // Branches, exception generation and system: everything of op0 = 101x except the system instructions.
  return (w & 0x1c000000) === 0x14000000 && ((w & 0xffc00000) >>> 0) !== 0xd5000000;
}

/** Index offset of a direct branch (B, BL, B.cond, BC.cond, CBZ/CBNZ, TBZ/TBNZ), or undefined. */
function directBranchOffset(w: number): number | undefined {
  if ((w & 0x7c000000) === 0x14000000) return signExtend(w & 0x3ffffff, 26);
  if ((w & 0xff000000) === 0x54000000) return signExtend((w >>> 5) & 0x7ffff, 19);
  if ((w & 0x7e000000) === 0x34000000) return signExtend((w >>> 5) & 0x7ffff, 19);
  if ((w & 0x7e000000) === 0x36000000) return signExtend((w >>> 5) & 0x3fff, 14);
  return undefined;
}

type Registers = Array<bigint | undefined>;

function setReg(regs: Registers, r: number, v: bigint | undefined): void {
  if (r < GPR_COUNT) regs[r] = v;
}

function clearAll(regs: Registers): void {
  regs.fill(undefined);
}

/** Applies one instruction to the known register values (the abstract interpretation of the block). */
export function simulate(w: number, regs: Registers): void {
  const rd = w & 31;
  const sf = w >>> 31 === 1;
  const width = sf ? MASK64 : MASK32;

  if ((w & 0x1c000000) === 0x10000000) {
    // Data processing, immediate.
    if ((w & 0x1f800000) === 0x12800000) {
      // Move wide: MOVN (opc 00), MOVZ (10), MOVK (11); opc 01 and hw >= 2 in 32-bit are unallocated.
      const opc = (w >>> 29) & 3;
      const hw = (w >>> 21) & 3;
      if (opc === 1 || (!sf && hw >= 2)) return setReg(regs, rd, undefined);
      if (rd === 31) return; // XZR
      const shift = BigInt(hw * 16);
      const imm = BigInt((w >>> 5) & 0xffff) << shift;
      if (opc === 0) return setReg(regs, rd, ~imm & width);
      if (opc === 2) return setReg(regs, rd, imm);
      const old = regs[rd];
      return setReg(regs, rd, old === undefined ? undefined : ((old & ~(0xffffn << shift)) | imm) & width);
    }
    if ((w & 0x1f800000) === 0x12000000) {
      // Logical immediate: AND (00), ORR (01), EOR (10), ANDS (11). Rn 31 is ZR; Rd 31 is SP except for ANDS.
      const opc = (w >>> 29) & 3;
      const imm = decodeBitmaskImmediate((w >>> 22) & 1, (w >>> 16) & 0x3f, (w >>> 10) & 0x3f, sf);
      if (rd === 31) return;
      const rn = (w >>> 5) & 31;
      const src = rn === 31 ? 0n : regs[rn];
      if (imm === undefined || src === undefined) return setReg(regs, rd, undefined);
      const v = opc === 0 || opc === 3 ? src & imm : opc === 1 ? src | imm : src ^ imm;
      return setReg(regs, rd, v & width);
    }
    // ADR/ADRP, ADD/SUB immediate, bitfield, extract: Rd only (31 is SP or ZR, untracked).
    return setReg(regs, rd, undefined);
  }

  if ((w & 0x1c000000) === 0x14000000) {
    if (((w & 0xffc00000) >>> 0) === 0xd5000000) {
      // System: MRS/SYSL write Rt; PAC hints (PACIA1716, PACIASP, XPACLRI...) rewrite x16, x17 or x30.
      setReg(regs, rd, undefined);
      regs[16] = regs[17] = regs[30] = undefined;
      return;
    }
    return clearAll(regs); // a branch: nothing after it is known from before it
  }

  if ((w & 0x0a000000) === 0x08000000) {
    // Loads and stores.
    const v = ((w >>> 26) & 1) === 1; // SIMD&FP register transfer: Rt is not a general-purpose register
    const rn = (w >>> 5) & 31;
    if ((w & 0x3a000000) === 0x28000000) {
      // Register pair: L = bit 22; writeback for post/pre-index (bit 23).
      if (((w >>> 22) & 1) === 1 && !v) {
        setReg(regs, rd, undefined);
        setReg(regs, (w >>> 10) & 31, undefined);
      }
      if (((w >>> 23) & 1) === 1) setReg(regs, rn, undefined);
      return;
    }
    if ((w & 0x3a000000) === 0x38000000) {
      // Single register. bit 24 clear, bit 21 set, bits 11:10 = 00: atomic memory operations (they write Rt
      // and Rs): give up on everything rather than model them.
      const bit24 = (w >>> 24) & 1;
      if (bit24 === 0 && ((w >>> 21) & 1) === 1 && ((w >>> 10) & 3) === 0) return clearAll(regs);
      const opc = (w >>> 22) & 3;
      const store = opc === 0 || (v && opc === 2);
      if (!store && !v) setReg(regs, rd, undefined);
      // Post-index, pre-index and the PAC loads with writeback all have bit 24 clear and bit 10 set.
      if (bit24 === 0 && ((w >>> 10) & 1) === 1) setReg(regs, rn, undefined);
      return;
    }
    if ((w & 0x3b000000) === 0x18000000) {
      // Load literal.
      if (!v) setReg(regs, rd, undefined);
      return;
    }
    // Exclusive/ordered, atomics, SIMD structures, memory tags, 64-byte loads: may write several registers.
    return clearAll(regs);
  }

  if ((w & 0x0e000000) === 0x0a000000) {
    // Data processing, register. ORR (shifted register) with Rn = ZR and no shift is `mov Rd, Rm`.
    if ((w & 0x7f200000) === 0x2a000000 && ((w >>> 5) & 31) === 31 && ((w >>> 10) & 0x3f) === 0) {
      if (rd === 31) return;
      const rm = (w >>> 16) & 31;
      const src = rm === 31 ? 0n : regs[rm];
      return setReg(regs, rd, src === undefined ? undefined : src & width);
    }
    return setReg(regs, rd, undefined);
  }

  if ((w & 0x0e000000) === 0x0e000000) {
    // SIMD and floating point: a few (FMOV, UMOV, FCVTZS...) write a general-purpose Rd.
    return setReg(regs, rd, undefined);
  }

  clearAll(regs);
}

/** One code section: little-endian A64 words starting at `address`. */
export class Arm64Code {
  readonly bytes: Uint8Array;
  readonly address: number;
  /** Number of whole instructions. */
  readonly length: number;
  private targets: Uint32Array | undefined;

  constructor(bytes: Uint8Array, address: number) {
    this.bytes = bytes;
    this.address = address;
    this.length = Math.floor(bytes.length / 4);
  }

  /** The instruction word at index `i` (0 outside the section, which decodes as a block end). */
  word(i: number): number {
    if (i < 0 || i >= this.length) return 0;
    const b = this.bytes;
    const o = i * 4;
    return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
  }

  /**
   * Calls (`BL`, and `B` as a tail call) whose target address is in `targets`, in address order, each with
   * the argument registers its basic block makes certain.
   */
  callsTo(targets: ReadonlySet<number>, opts: Arm64CallOptions = {}): Arm64CallSite[] {
    const maxBlock = Math.max(0, opts.maxBlockInstructions ?? DEFAULT_MAX_BLOCK);
    const maxCalls = opts.maxCalls ?? DEFAULT_MAX_CALLS;
    const out: Arm64CallSite[] = [];
    if (targets.size === 0) return out;
    for (let i = 0; i < this.length && out.length < maxCalls; i++) {
      const w = this.word(i);
      if ((w & 0x7c000000) !== 0x14000000) continue;
      const target = this.address + (i + signExtend(w & 0x3ffffff, 26)) * 4;
      if (!targets.has(target)) continue;
      out.push({ address: this.address + i * 4, target, kind: w >>> 31 === 1 ? 'bl' : 'b', args: this.argumentsAt(i, maxBlock) });
    }
    return out;
  }

  /** x0–x7 just before the instruction at index `call`, from the start of its basic block. */
  argumentsAt(call: number, maxBlock = DEFAULT_MAX_BLOCK): Array<bigint | undefined> {
    const regs: Registers = new Array<bigint | undefined>(GPR_COUNT).fill(undefined);
    let start = call;
    if (!this.isBranchTarget(call)) {
      while (start > 0 && call - start < maxBlock) {
        const prev = start - 1;
        if (endsBlock(this.word(prev))) break;
        start = prev;
        // A branch elsewhere lands here: what ran before this instruction depends on the path taken.
        if (this.isBranchTarget(prev)) break;
      }
    }
    for (let i = start; i < call; i++) simulate(this.word(i), regs);
    return regs.slice(0, ARGUMENT_REGISTERS);
  }

  /** True when a direct branch of this section lands on the instruction at index `i`. */
  isBranchTarget(i: number): boolean {
    const t = this.branchTargets();
    return i >= 0 && i < this.length && (t[i >>> 5]! & (1 << (i & 31))) !== 0;
  }

  private branchTargets(): Uint32Array {
    if (!this.targets) {
      const t = new Uint32Array(Math.ceil(this.length / 32));
      for (let i = 0; i < this.length; i++) {
        const off = directBranchOffset(this.word(i));
        if (off === undefined) continue;
        const j = i + off;
        if (j >= 0 && j < this.length) t[j >>> 5]! |= 1 << (j & 31);
      }
      this.targets = t;
    }
    return this.targets;
  }
}
