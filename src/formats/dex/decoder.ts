/**
 * @module formats/dex/decoder
 * Decodes one Dalvik instruction into a plain object: mnemonic, format, width, registers, literal,
 * constant-pool index and branch target (source.android.com "Dalvik bytecode" and "Dalvik Executable
 * instruction formats"). This is the friendly, allocating decoder used to walk one method on demand and
 * for disassembly; the code indexer (index.ts) reads the same encodings inline without allocating.
 *
 * Operand order follows the format's letters (vA, vB, vC...), which is also the order dexdump and smali
 * print them. The three payload pseudo-instructions (packed-switch, sparse-switch and fill-array-data
 * payloads, first code unit 0x0100/0x0200/0x0300) decode as format `payload` with their full width, so a
 * linear walk steps over their data instead of decoding it as code.
 */
import type { DexFile } from './dex-file.js';
import { formatFieldRef, formatMethodRef } from './dex-file.js';
import {
  F10T, F10X, F11N, F11X, F12X, F20T, F21C, F21H, F21S, F21T, F22B, F22C, F22S, F22T, F22X, F23X, F30T,
  F31C, F31I, F31T, F32X, F35C, F3RC, F45CC, F4RCC, F51L, FPAYLOAD, FILL_ARRAY_DATA_PAYLOAD, IK_CALL_SITE,
  IK_FIELD, IK_METHOD, IK_METHOD_HANDLE, IK_NONE, IK_PROTO, IK_STRING, IK_TYPE, INDEX_KINDS, INSN_FORMATS,
  OPCODE_FORMAT, OPCODE_INDEX_KIND, OPCODE_NAME, PACKED_SWITCH_PAYLOAD, SPARSE_SWITCH_PAYLOAD,
  type IndexKind, type InsnFormat, payloadWidth,
} from './opcodes.js';
import { structureError } from './dex-file.js';

export type { IndexKind, InsnFormat } from './opcodes.js';

export interface SwitchPayload {
  readonly kind: 'packed-switch';
  readonly firstKey: number;
  /** Branch offsets relative to the switch instruction that uses this payload. */
  readonly targets: readonly number[];
}

export interface SparseSwitchPayload {
  readonly kind: 'sparse-switch';
  readonly keys: readonly number[];
  readonly targets: readonly number[];
}

export interface ArrayDataPayload {
  readonly kind: 'fill-array-data';
  readonly elementWidth: number;
  readonly size: number;
  /** The raw element bytes (little-endian), a copy. */
  readonly data: Uint8Array;
}

export interface Instruction {
  /** Address in code units from the start of the method's insns. */
  readonly pc: number;
  readonly opcode: number;
  readonly name: string;
  readonly format: InsnFormat;
  /** Width in code units. */
  readonly width: number;
  /** Register operands in format order; a /range form lists every register of the range. */
  readonly registers: readonly number[];
  /**
   * Literal operand: a number for 32-bit forms (const/high16 already shifted), a bigint for the const-wide
   * family (sign-extended to 64 bits, const-wide/high16 shifted by 48).
   */
  readonly literal?: number | bigint;
  readonly index?: number;
  readonly indexKind?: IndexKind;
  /** invoke-polymorphic: the proto index (second index of 45cc/4rcc). */
  readonly protoIndex?: number;
  /** Absolute address (code units) of a branch target or of the payload a switch/fill-array-data uses. */
  readonly target?: number;
  readonly payload?: SwitchPayload | SparseSwitchPayload | ArrayDataPayload;
}

const s8 = (x: number): number => (x << 24) >> 24;
const s16 = (x: number): number => (x << 16) >> 16;

/**
 * Decodes the instruction at `insns[pc]`. `end` (default `insns.length`) bounds the method's code; an
 * instruction or payload that would run past it throws DEX_BAD_STRUCTURE (offset = pc in code units).
 * Unassigned opcodes decode as `unused-XX` of width 1.
 */
export function decodeInstruction(insns: Uint16Array, pc: number, end = insns.length, label = 'dex'): Instruction {
  if (!(pc >= 0 && pc < end && end <= insns.length)) {
    throw structureError(label, `instruction address ${pc} is outside the method's code (${end} code units)`, pc);
  }
  const w = insns[pc]!;
  const op = w & 0xff;
  if (op === 0 && w !== 0) return decodePayload(insns, pc, end, label);
  const fmt = OPCODE_FORMAT[op]!;
  const width = Number(INSN_FORMATS[fmt]![0]);
  if (pc + width > end) {
    throw structureError(label, `${OPCODE_NAME[op]} at ${pc} needs ${width} code units but the code ends at ${end}`, pc);
  }
  const u1 = width > 1 ? insns[pc + 1]! : 0;
  const u2 = width > 2 ? insns[pc + 2]! : 0;
  const a4 = (w >>> 8) & 0xf;
  const b4 = w >>> 12;
  const aa = w >>> 8;
  const base = { pc, opcode: op, name: OPCODE_NAME[op]!, format: INSN_FORMATS[fmt]!, width };
  const ik = OPCODE_INDEX_KIND[op]!;
  const withIndex = (index: number): { index: number; indexKind: IndexKind } => ({ index, indexKind: INDEX_KINDS[ik]! });
  const isWideConst = op >= 0x16 && op <= 0x19;
  switch (fmt) {
    case F10X:
      return { ...base, registers: [] };
    case F12X:
      return { ...base, registers: [a4, b4] };
    case F11N:
      return { ...base, registers: [a4], literal: (b4 << 28) >> 28 };
    case F11X:
      return { ...base, registers: [aa] };
    case F10T:
      return { ...base, registers: [], target: pc + s8(aa) };
    case F20T:
      return { ...base, registers: [], target: pc + s16(u1) };
    case F22X:
      return { ...base, registers: [aa, u1] };
    case F21T:
      return { ...base, registers: [aa], target: pc + s16(u1) };
    case F21S:
      return { ...base, registers: [aa], literal: isWideConst ? BigInt(s16(u1)) : s16(u1) };
    case F21H:
      return {
        ...base,
        registers: [aa],
        literal: isWideConst ? BigInt.asIntN(64, BigInt(u1) << 48n) : (u1 << 16) | 0,
      };
    case F21C:
      return { ...base, registers: [aa], ...withIndex(u1) };
    case F23X:
      return { ...base, registers: [aa, u1 & 0xff, u1 >>> 8] };
    case F22B:
      return { ...base, registers: [aa, u1 & 0xff], literal: s8(u1 >>> 8) };
    case F22T:
      return { ...base, registers: [a4, b4], target: pc + s16(u1) };
    case F22S:
      return { ...base, registers: [a4, b4], literal: s16(u1) };
    case F22C:
      return { ...base, registers: [a4, b4], ...withIndex(u1) };
    case F30T:
      return { ...base, registers: [], target: pc + ((u1 | (u2 << 16)) | 0) };
    case F32X:
      return { ...base, registers: [u1, u2] };
    case F31I: {
      const v = (u1 | (u2 << 16)) | 0;
      return { ...base, registers: [aa], literal: isWideConst ? BigInt(v) : v };
    }
    case F31T:
      return { ...base, registers: [aa], target: pc + ((u1 | (u2 << 16)) | 0) };
    case F31C:
      return { ...base, registers: [aa], ...withIndex((u1 | (u2 << 16)) >>> 0) };
    case F35C:
    case F45CC: {
      const count = b4;
      const regs: number[] = [];
      for (let i = 0; i < count && i < 5; i++) regs.push(i < 4 ? (u2 >>> (4 * i)) & 0xf : a4);
      const r = { ...base, registers: regs, ...withIndex(u1) };
      return fmt === F45CC ? { ...r, protoIndex: insns[pc + 3]! } : r;
    }
    case F3RC:
    case F4RCC: {
      const regs: number[] = [];
      for (let i = 0; i < aa; i++) regs.push(u2 + i);
      const r = { ...base, registers: regs, ...withIndex(u1) };
      return fmt === F4RCC ? { ...r, protoIndex: insns[pc + 3]! } : r;
    }
    case F51L: {
      const lo = BigInt((u1 | (u2 << 16)) >>> 0);
      const hi = BigInt((insns[pc + 3]! | (insns[pc + 4]! << 16)) >>> 0);
      return { ...base, registers: [aa], literal: BigInt.asIntN(64, (hi << 32n) | lo) };
    }
    default:
      // Unreachable: every opcode has one of the formats above.
      return { ...base, registers: [] };
  }
}

function decodePayload(insns: Uint16Array, pc: number, end: number, label: string): Instruction {
  const ident = insns[pc]!;
  const width = payloadWidth(insns, pc, end);
  if (ident !== PACKED_SWITCH_PAYLOAD && ident !== SPARSE_SWITCH_PAYLOAD && ident !== FILL_ARRAY_DATA_PAYLOAD) {
    // A nop whose high byte is not a payload identifier: dexdump shows it as a plain nop.
    return { pc, opcode: 0, name: 'nop', format: INSN_FORMATS[F10X]!, width: 1, registers: [] };
  }
  if (width < 0 || pc + width > end) {
    throw structureError(label, `payload at ${pc} runs past the end of the method's code (${end} code units)`, pc);
  }
  const base = { pc, opcode: 0, format: INSN_FORMATS[FPAYLOAD]!, width, registers: [] as number[] };
  const i32 = (at: number): number => (insns[at]! | (insns[at + 1]! << 16)) | 0;
  if (ident === PACKED_SWITCH_PAYLOAD) {
    const size = insns[pc + 1]!;
    const targets: number[] = [];
    for (let k = 0; k < size; k++) targets.push(i32(pc + 4 + 2 * k));
    return { ...base, name: 'packed-switch-payload', payload: { kind: 'packed-switch', firstKey: i32(pc + 2), targets } };
  }
  if (ident === SPARSE_SWITCH_PAYLOAD) {
    const size = insns[pc + 1]!;
    const keys: number[] = [];
    const targets: number[] = [];
    for (let k = 0; k < size; k++) keys.push(i32(pc + 2 + 2 * k));
    for (let k = 0; k < size; k++) targets.push(i32(pc + 2 + 2 * size + 2 * k));
    return { ...base, name: 'sparse-switch-payload', payload: { kind: 'sparse-switch', keys, targets } };
  }
  const elementWidth = insns[pc + 1]!;
  const size = insns[pc + 2]! + insns[pc + 3]! * 0x10000;
  const bytes = new Uint8Array(insns.buffer, insns.byteOffset + (pc + 4) * 2, elementWidth * size).slice();
  return { ...base, name: 'fill-array-data-payload', payload: { kind: 'fill-array-data', elementWidth, size, data: bytes } };
}

/** Decodes every instruction of a method's code, in address order. */
export function decodeAll(insns: Uint16Array, label = 'dex'): Instruction[] {
  const out: Instruction[] = [];
  let pc = 0;
  while (pc < insns.length) {
    const insn = decodeInstruction(insns, pc, insns.length, label);
    out.push(insn);
    pc += insn.width;
  }
  return out;
}

/**
 * Text of the constant-pool reference of `insn`, resolved in `dex`: a quoted string, a type descriptor,
 * "Lcls;->name:type" for fields, "Lcls;->name(args)ret" for methods. Undefined when it has no index.
 */
export function resolveOperand(dex: DexFile, insn: Instruction): string | undefined {
  if (insn.index === undefined) return undefined;
  const kind = OPCODE_INDEX_KIND[insn.opcode]!;
  switch (kind) {
    case IK_STRING:
      return JSON.stringify(dex.string(insn.index));
    case IK_TYPE:
      return dex.typeName(insn.index);
    case IK_FIELD:
      return formatFieldRef(dex.fieldRef(insn.index));
    case IK_METHOD:
      return formatMethodRef(dex.methodRef(insn.index));
    case IK_PROTO:
      return dex.proto(insn.index).descriptor;
    case IK_CALL_SITE:
      return `call_site@${insn.index}`;
    case IK_METHOD_HANDLE:
      return `method_handle@${insn.index}`;
    case IK_NONE:
    default:
      return undefined;
  }
}

/**
 * One line of smali-like text for `insn`, e.g. `invoke-static {v0}, Ljavax/crypto/Cipher;->getInstance(...)`.
 * Used as evidence in findings; resolution failures of a hostile file show as `<bad index N>`.
 */
export function formatInstruction(dex: DexFile, insn: Instruction): string {
  const fmt = insn.format;
  const ops: string[] = [];
  if (fmt === '35c' || fmt === '45cc' || fmt === '3rc' || fmt === '4rcc') {
    ops.push(`{${insn.registers.map((r) => `v${r}`).join(', ')}}`);
  } else {
    for (const r of insn.registers) ops.push(`v${r}`);
  }
  if (insn.literal !== undefined) ops.push(`#${insn.literal.toString()}`);
  if (insn.target !== undefined) ops.push(`:${insn.target.toString(16).padStart(4, '0')}`);
  if (insn.index !== undefined) {
    let text: string;
    try {
      text = resolveOperand(dex, insn) ?? '';
    } catch {
      text = `<bad index ${insn.index}>`;
    }
    ops.push(text);
    if (insn.protoIndex !== undefined) {
      try {
        ops.push(dex.proto(insn.protoIndex).descriptor);
      } catch {
        ops.push(`<bad proto ${insn.protoIndex}>`);
      }
    }
  }
  return ops.length ? `${insn.name} ${ops.join(', ')}` : insn.name;
}
