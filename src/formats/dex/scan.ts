/**
 * @module formats/dex/scan
 * One linear pass over every method of one DEX file, recording call sites (with the abstract value of
 * each argument register), const-string uses, field accesses and array constants into flat typed
 * arrays. The result (`DexCodeTables`) holds indices into the DEX's own tables, no strings and no
 * objects per instruction, so it is cheap to build and could be produced in a worker thread and
 * transferred; `index.ts` turns it into the query API.
 *
 * Value tracking (per method, in address order): a register holds the last value written to it by
 * const-string, const/4..const, const-wide*, const-class, new-instance, new-array (+ fill-array-data),
 * filled-new-array, move-result after an invoke, sget/iget, or a move from another register; parameters
 * p0..pn hold `param` values on entry; any other write makes it unknown. The pass does not follow
 * branches: at a join point a register keeps the value written last *in address order*, which may come
 * from another path (e.g. `x = c ? "a" : "b"` yields "b"). Checks must treat values as "a value this
 * register can hold", not as the only one. Elements stored with aput are not tracked.
 */
import { ACC_STATIC, structureError, type DexFile } from './dex-file.js';
import type { DfslabError } from '../../errors.js';
import { FormatError } from '../../errors.js';
import {
  FILL_ARRAY_DATA_PAYLOAD, OPCODE_WIDTH, PACKED_SWITCH_PAYLOAD, payloadWidth, SPARSE_SWITCH_PAYLOAD,
} from './opcodes.js';

// Abstract value kinds, as stored in the tables, with the meaning of their 32-bit payload `val`:
// STR string index, INT the value, WIDE low half (val2 high half), ARRAY array-table index, CLASS/NEW type
// index, RET the number of the call whose result it is, SFIELD/IFIELD the number of the field access that
// read it, PARAM the parameter number. WIDE_PAIR marks a value that also occupies the next register.
export const K_UNKNOWN = 0, K_STR = 1, K_INT = 2, K_WIDE = 3, K_ARRAY = 4, K_CLASS = 5, K_NEW = 6, K_RET = 7,
  K_SFIELD = 8, K_IFIELD = 9, K_PARAM = 10;
const WIDE_PAIR = 0x80;

// What an opcode does to the register state.
const A_NONE = 0, A_WA = 1, A_WA_WIDE = 2, A_WAA = 3, A_WAA_WIDE = 4, A_MOVE = 5, A_MOVE_FROM16 = 6,
  A_MOVE_16 = 7, A_MOVEW = 8, A_MOVEW_FROM16 = 9, A_MOVEW_16 = 10, A_MOVE_RESULT = 11, A_MOVE_RESULT_WIDE = 12,
  A_CONST4 = 13, A_CONST16 = 14, A_CONST = 15, A_CONST_HIGH16 = 16, A_CONSTW16 = 17, A_CONSTW32 = 18,
  A_CONSTW = 19, A_CONSTW_HIGH16 = 20, A_CONST_STRING = 21, A_CONST_STRING_JUMBO = 22, A_CONST_CLASS = 23,
  A_NEW_INSTANCE = 24, A_NEW_ARRAY = 25, A_FILLED_NEW_ARRAY = 26, A_FILLED_NEW_ARRAY_RANGE = 27,
  A_FILL_ARRAY_DATA = 28, A_IGET = 29, A_IGET_WIDE = 30, A_IPUT = 31, A_IPUT_WIDE = 32, A_SGET = 33,
  A_SGET_WIDE = 34, A_SPUT = 35, A_SPUT_WIDE = 36, A_INVOKE = 37, A_INVOKE_RANGE = 38, A_INVOKE_POLY = 39,
  A_INVOKE_POLY_RANGE = 40, A_INVOKE_CUSTOM = 41, A_INVOKE_CUSTOM_RANGE = 42;

const ACTION = new Uint8Array(256); // default A_NONE: nop, returns, monitors, check-cast, throw, branches, aput
{
  const set = (from: number, to: number, a: number): void => {
    ACTION.fill(a, from, to + 1);
  };
  set(0x01, 0x01, A_MOVE); set(0x02, 0x02, A_MOVE_FROM16); set(0x03, 0x03, A_MOVE_16);
  set(0x04, 0x04, A_MOVEW); set(0x05, 0x05, A_MOVEW_FROM16); set(0x06, 0x06, A_MOVEW_16);
  set(0x07, 0x07, A_MOVE); set(0x08, 0x08, A_MOVE_FROM16); set(0x09, 0x09, A_MOVE_16);
  set(0x0a, 0x0a, A_MOVE_RESULT); set(0x0b, 0x0b, A_MOVE_RESULT_WIDE); set(0x0c, 0x0c, A_MOVE_RESULT);
  set(0x0d, 0x0d, A_WAA); // move-exception
  set(0x12, 0x12, A_CONST4); set(0x13, 0x13, A_CONST16); set(0x14, 0x14, A_CONST); set(0x15, 0x15, A_CONST_HIGH16);
  set(0x16, 0x16, A_CONSTW16); set(0x17, 0x17, A_CONSTW32); set(0x18, 0x18, A_CONSTW); set(0x19, 0x19, A_CONSTW_HIGH16);
  set(0x1a, 0x1a, A_CONST_STRING); set(0x1b, 0x1b, A_CONST_STRING_JUMBO); set(0x1c, 0x1c, A_CONST_CLASS);
  set(0x20, 0x20, A_WA); // instance-of
  set(0x21, 0x21, A_WA); // array-length
  set(0x22, 0x22, A_NEW_INSTANCE); set(0x23, 0x23, A_NEW_ARRAY);
  set(0x24, 0x24, A_FILLED_NEW_ARRAY); set(0x25, 0x25, A_FILLED_NEW_ARRAY_RANGE); set(0x26, 0x26, A_FILL_ARRAY_DATA);
  set(0x2d, 0x31, A_WAA); // cmp*
  set(0x44, 0x4a, A_WAA); set(0x45, 0x45, A_WAA_WIDE); // aget*
  set(0x52, 0x58, A_IGET); set(0x53, 0x53, A_IGET_WIDE);
  set(0x59, 0x5f, A_IPUT); set(0x5a, 0x5a, A_IPUT_WIDE);
  set(0x60, 0x66, A_SGET); set(0x61, 0x61, A_SGET_WIDE);
  set(0x67, 0x6d, A_SPUT); set(0x68, 0x68, A_SPUT_WIDE);
  set(0x6e, 0x72, A_INVOKE); set(0x74, 0x78, A_INVOKE_RANGE);
  // Unary ops (12x): the destination is wide for the *-long/*-double results.
  set(0x7b, 0x8f, A_WA);
  for (const op of [0x7d, 0x7e, 0x80, 0x81, 0x83, 0x86, 0x88, 0x89, 0x8b]) ACTION[op] = A_WA_WIDE;
  // Binary ops 23x and /2addr 12x: long (0x9b-0xa5) and double (0xab-0xaf) results are wide.
  set(0x90, 0xaf, A_WAA); set(0x9b, 0xa5, A_WAA_WIDE); set(0xab, 0xaf, A_WAA_WIDE);
  set(0xb0, 0xcf, A_WA); set(0xbb, 0xc5, A_WA_WIDE); set(0xcb, 0xcf, A_WA_WIDE);
  set(0xd0, 0xd7, A_WA); // lit16
  set(0xd8, 0xe2, A_WAA); // lit8
  set(0xfa, 0xfa, A_INVOKE_POLY); set(0xfb, 0xfb, A_INVOKE_POLY_RANGE);
  set(0xfc, 0xfc, A_INVOKE_CUSTOM); set(0xfd, 0xfd, A_INVOKE_CUSTOM_RANGE);
  set(0xfe, 0xff, A_WAA); // const-method-handle, const-method-type
}

/** The tables of one DEX (see module comment). Indices are into that DEX's id tables. */
export interface DexCodeTables {
  readonly callCount: number;
  readonly callTarget: Uint32Array;
  readonly callCaller: Uint32Array;
  readonly callPc: Uint32Array;
  readonly callOp: Uint8Array;
  readonly callArgStart: Uint32Array;
  readonly callArgCount: Uint8Array;
  /** invoke-polymorphic: pairs (call number, proto index). */
  readonly polyProto: Uint32Array;
  readonly argKind: Uint8Array;
  readonly argVal: Int32Array;
  readonly argVal2: Int32Array;

  readonly stringUseCount: number;
  readonly stringIdx: Uint32Array;
  readonly stringCaller: Uint32Array;
  readonly stringPc: Uint32Array;

  readonly fieldUseCount: number;
  readonly fieldIdx: Uint32Array;
  readonly fieldCaller: Uint32Array;
  readonly fieldPc: Uint32Array;
  readonly fieldOp: Uint8Array;
  /** Value stored by a put; for iget, the object read from; unknown for sget. */
  readonly fieldValKind: Uint8Array;
  readonly fieldVal: Int32Array;
  readonly fieldVal2: Int32Array;

  /** Array constants: type index, length (-1 unknown), fill-array-data payload unit index in `units` (-1 none). */
  readonly arrayCount: number;
  readonly arrayType: Int32Array;
  readonly arrayLength: Int32Array;
  readonly arrayPayload: Int32Array;

  readonly methodsScanned: number;
  readonly instructions: number;
  readonly invokeCustomCount: number;
  readonly problems: readonly DfslabError[];
}

const MAX_PROBLEMS = 200;

// Register state of the method being scanned, shared by all scans (JS is single-threaded; a worker gets
// its own copy of this module). A register is known only when regGen[r] equals the current generation,
// so starting a method costs nothing whatever its register count. Sized for vAAAA+1 of a wide move and
// for a /range operand list starting at vCCCC (crafted code may run it past v65535).
const REG_SLOTS = 0x10000 + 0x100 + 2;
const regGen = new Uint32Array(REG_SLOTS);
const regKind = new Uint8Array(REG_SLOTS);
const regVal = new Int32Array(REG_SLOTS);
const regVal2 = new Int32Array(REG_SLOTS);
let gen = 0;

function nextGeneration(): void {
  gen++;
  if (gen === 0xffffffff) {
    regGen.fill(0);
    gen = 1;
  }
}

function setReg(r: number, kind: number, v: number, v2: number): void {
  // Writing the second half of a wide pair destroys the pair.
  if (r > 0 && regGen[r - 1] === gen && regKind[r - 1]! >= WIDE_PAIR) regGen[r - 1] = 0;
  regGen[r] = gen;
  regKind[r] = kind;
  regVal[r] = v;
  regVal2[r] = v2;
}

function setWide(r: number, kind: number, v: number, v2: number): void {
  setReg(r, kind | WIDE_PAIR, v, v2);
  regGen[r + 1] = 0;
}

function killReg(r: number): void {
  if (r > 0 && regGen[r - 1] === gen && regKind[r - 1]! >= WIDE_PAIR) regGen[r - 1] = 0;
  regGen[r] = 0;
}

function killWide(r: number): void {
  killReg(r);
  regGen[r + 1] = 0;
}

function copyReg(dst: number, src: number): void {
  if (regGen[src] === gen && regKind[src]! < WIDE_PAIR) setReg(dst, regKind[src]!, regVal[src]!, regVal2[src]!);
  else killReg(dst);
}

function copyWide(dst: number, src: number): void {
  if (regGen[src] === gen && regKind[src]! >= WIDE_PAIR) {
    const k = regKind[src]!, v = regVal[src]!, v2 = regVal2[src]!;
    setWide(dst, k & 0x7f, v, v2);
  } else killWide(dst);
}

class TableBuilder {
  callCount = 0;
  callTarget = new Uint32Array(1024);
  callCaller = new Uint32Array(1024);
  callPc = new Uint32Array(1024);
  callOp = new Uint8Array(1024);
  callArgStart = new Uint32Array(1024);
  callArgCount = new Uint8Array(1024);
  polyProto: number[] = [];
  argCount = 0;
  argKind = new Uint8Array(4096);
  argVal = new Int32Array(4096);
  argVal2 = new Int32Array(4096);

  stringUseCount = 0;
  stringIdx = new Uint32Array(1024);
  stringCaller = new Uint32Array(1024);
  stringPc = new Uint32Array(1024);

  fieldUseCount = 0;
  fieldIdx = new Uint32Array(1024);
  fieldCaller = new Uint32Array(1024);
  fieldPc = new Uint32Array(1024);
  fieldOp = new Uint8Array(1024);
  fieldValKind = new Uint8Array(1024);
  fieldVal = new Int32Array(1024);
  fieldVal2 = new Int32Array(1024);

  arrayCount = 0;
  arrayType = new Int32Array(256);
  arrayLength = new Int32Array(256);
  arrayPayload = new Int32Array(256);

  constructor(expectedUnits: number) {
    // Rough sizes from the amount of code, so that large files grow their arrays only a few times.
    const calls = Math.max(1024, expectedUnits >>> 4);
    this.callTarget = new Uint32Array(calls);
    this.callCaller = new Uint32Array(calls);
    this.callPc = new Uint32Array(calls);
    this.callOp = new Uint8Array(calls);
    this.callArgStart = new Uint32Array(calls);
    this.callArgCount = new Uint8Array(calls);
    this.argKind = new Uint8Array(calls * 2);
    this.argVal = new Int32Array(calls * 2);
    this.argVal2 = new Int32Array(calls * 2);
  }

  growCalls(): void {
    const n = this.callTarget.length * 2;
    this.callTarget = grow(this.callTarget, n);
    this.callCaller = grow(this.callCaller, n);
    this.callPc = grow(this.callPc, n);
    this.callOp = grow(this.callOp, n);
    this.callArgStart = grow(this.callArgStart, n);
    this.callArgCount = grow(this.callArgCount, n);
  }

  ensureArgs(extra: number): void {
    if (this.argCount + extra <= this.argKind.length) return;
    const n = Math.max(this.argKind.length * 2, this.argCount + extra);
    this.argKind = grow(this.argKind, n);
    this.argVal = grow(this.argVal, n);
    this.argVal2 = grow(this.argVal2, n);
  }

  pushArg(r: number): void {
    const i = this.argCount++;
    if (regGen[r] === gen) {
      this.argKind[i] = regKind[r]! & 0x7f;
      this.argVal[i] = regVal[r]!;
      this.argVal2[i] = regVal2[r]!;
    } else {
      this.argKind[i] = K_UNKNOWN;
    }
  }

  pushCall(target: number, caller: number, pc: number, op: number, argStart: number): void {
    if (this.callCount === this.callTarget.length) this.growCalls();
    const c = this.callCount++;
    this.callTarget[c] = target;
    this.callCaller[c] = caller;
    this.callPc[c] = pc;
    this.callOp[c] = op;
    this.callArgStart[c] = argStart;
    this.callArgCount[c] = this.argCount - argStart;
  }

  pushString(idx: number, caller: number, pc: number): void {
    if (this.stringUseCount === this.stringIdx.length) {
      const n = this.stringIdx.length * 2;
      this.stringIdx = grow(this.stringIdx, n);
      this.stringCaller = grow(this.stringCaller, n);
      this.stringPc = grow(this.stringPc, n);
    }
    const s = this.stringUseCount++;
    this.stringIdx[s] = idx;
    this.stringCaller[s] = caller;
    this.stringPc[s] = pc;
  }

  pushField(idx: number, caller: number, pc: number, op: number, valueReg: number): void {
    if (this.fieldUseCount === this.fieldIdx.length) {
      const n = this.fieldIdx.length * 2;
      this.fieldIdx = grow(this.fieldIdx, n);
      this.fieldCaller = grow(this.fieldCaller, n);
      this.fieldPc = grow(this.fieldPc, n);
      this.fieldOp = grow(this.fieldOp, n);
      this.fieldValKind = grow(this.fieldValKind, n);
      this.fieldVal = grow(this.fieldVal, n);
      this.fieldVal2 = grow(this.fieldVal2, n);
    }
    const f = this.fieldUseCount++;
    this.fieldIdx[f] = idx;
    this.fieldCaller[f] = caller;
    this.fieldPc[f] = pc;
    this.fieldOp[f] = op;
    if (valueReg >= 0 && regGen[valueReg] === gen) {
      this.fieldValKind[f] = regKind[valueReg]! & 0x7f;
      this.fieldVal[f] = regVal[valueReg]!;
      this.fieldVal2[f] = regVal2[valueReg]!;
    } else {
      this.fieldValKind[f] = K_UNKNOWN;
    }
  }

  pushArray(type: number, length: number, payload: number): number {
    if (this.arrayCount === this.arrayType.length) {
      const n = this.arrayType.length * 2;
      this.arrayType = grow(this.arrayType, n);
      this.arrayLength = grow(this.arrayLength, n);
      this.arrayPayload = grow(this.arrayPayload, n);
    }
    const a = this.arrayCount++;
    this.arrayType[a] = type;
    this.arrayLength[a] = length;
    this.arrayPayload[a] = payload;
    return a;
  }
}

type TypedArray = Uint8Array | Uint32Array | Int32Array;
function grow<T extends TypedArray>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

/**
 * Scans every method with code in `dex` (see module comment). Never throws for bad input: a class or
 * method that cannot be read is skipped and recorded in `problems` (at most 200 kept).
 */
export function scanDexCode(dex: DexFile): DexCodeTables {
  const members = dex.members();
  const problems: DfslabError[] = [];
  const record = (e: DfslabError): void => {
    if (problems.length < MAX_PROBLEMS) problems.push(e);
  };
  for (const e of members.errors.values()) record(e);

  const b = new TableBuilder(dex.bytes.length >>> 1);
  const u = dex.units;
  const typeCount = dex.typeCount, stringCount = dex.stringCount, fieldCount = dex.fieldCount;
  const methodCount = dex.methodCount, protoCount = dex.protoCount;
  // Shared code items (only crafted files have them) could make the walk quadratic; cap the total.
  let unitsLeft = 4 * u.length + (1 << 20);
  let instructions = 0;
  let methodsScanned = 0;
  let invokeCustomCount = 0;
  // Proto index -> shorty bytes (ASCII letters, return type first), read once per proto to place the
  // parameters; raw bytes rather than strings, so the scan allocates next to nothing per proto.
  const shorties = new Array<Uint8Array | undefined>(protoCount);

  const nMethods = members.methodIdx.length;
  for (let k = 0; k < nMethods; k++) {
    const codeOff = members.codeOff[k]!;
    if (codeOff === 0) continue;
    const methodIdx = members.methodIdx[k]!;
    let start: number, end: number, registers: number;
    let shorty: Uint8Array;
    try {
      dex.locateCode(codeOff);
      start = dex.codeInsnsStart;
      end = dex.codeInsnsEnd;
      registers = dex.codeRegisters;
      const protoIdx = dex.methodProtoIdx[methodIdx]!;
      shorty = shorties[protoIdx] ?? (shorties[protoIdx] = dex.stringBytes(dex.protoShorty(protoIdx)));
      unitsLeft -= end - start;
      if (unitsLeft < 0) {
        record(structureError(dex.label, 'code items overlap far more than any valid file allows; the rest of this DEX is not indexed', codeOff));
        break;
      }
      // Parameters occupy the last `ins` registers: `this` first for instance methods, wide ones take two.
      nextGeneration();
      let p = registers - dex.codeIns;
      let paramNo = 0;
      if ((members.methodFlags[k]! & ACC_STATIC) === 0) {
        if (p < registers) setReg(p, K_PARAM, 0, 0);
        p++;
        paramNo = 1;
      }
      for (let s = 1; s < shorty.length && p < registers; s++) {
        const c = shorty[s]!;
        if (c === 0x4a || c === 0x44) {
          setWide(p, K_PARAM, paramNo, 0);
          p += 2;
        } else {
          setReg(p, K_PARAM, paramNo, 0);
          p++;
        }
        paramNo++;
      }
    } catch (e) {
      if (!(e instanceof FormatError)) throw e;
      record(e);
      continue;
    }
    methodsScanned++;

    let pc = start;
    // Address right after the last invoke / filled-new-array, and what it produced, for move-result.
    let resultPc = -1, resultKind = K_UNKNOWN, resultVal = 0;
    while (pc < end) {
      const w = u[pc]!;
      const op = w & 0xff;
      if (op === 0) {
        // nop, or a payload pseudo-instruction to step over (payloads are data, not counted).
        if (w === 0 || (w !== PACKED_SWITCH_PAYLOAD && w !== SPARSE_SWITCH_PAYLOAD && w !== FILL_ARRAY_DATA_PAYLOAD)) {
          instructions++;
          pc++;
          continue;
        }
        const pw = payloadWidth(u, pc, end);
        if (pw < 0 || pc + pw > end) break;
        pc += pw;
        continue;
      }
      const width = OPCODE_WIDTH[op]!;
      if (pc + width > end) {
        record(structureError(dex.label, `the last instruction of a method runs past its code (method ${methodIdx})`, pc * 2));
        break;
      }
      instructions++;
      switch (ACTION[op]) {
        case A_NONE:
          break;
        case A_WA:
          killReg((w >>> 8) & 0xf);
          break;
        case A_WA_WIDE:
          killWide((w >>> 8) & 0xf);
          break;
        case A_WAA:
          killReg(w >>> 8);
          break;
        case A_WAA_WIDE:
          killWide(w >>> 8);
          break;
        case A_MOVE:
          copyReg((w >>> 8) & 0xf, w >>> 12);
          break;
        case A_MOVE_FROM16:
          copyReg(w >>> 8, u[pc + 1]!);
          break;
        case A_MOVE_16:
          copyReg(u[pc + 1]!, u[pc + 2]!);
          break;
        case A_MOVEW:
          copyWide((w >>> 8) & 0xf, w >>> 12);
          break;
        case A_MOVEW_FROM16:
          copyWide(w >>> 8, u[pc + 1]!);
          break;
        case A_MOVEW_16:
          copyWide(u[pc + 1]!, u[pc + 2]!);
          break;
        case A_MOVE_RESULT:
          if (pc === resultPc && resultKind !== K_UNKNOWN) setReg(w >>> 8, resultKind, resultVal, 0);
          else killReg(w >>> 8);
          break;
        case A_MOVE_RESULT_WIDE:
          if (pc === resultPc && resultKind === K_RET) setWide(w >>> 8, K_RET, resultVal, 0);
          else killWide(w >>> 8);
          break;
        case A_CONST4:
          setReg((w >>> 8) & 0xf, K_INT, (w << 16) >> 28, 0);
          break;
        case A_CONST16:
          setReg(w >>> 8, K_INT, (u[pc + 1]! << 16) >> 16, 0);
          break;
        case A_CONST:
          setReg(w >>> 8, K_INT, u[pc + 1]! | (u[pc + 2]! << 16), 0);
          break;
        case A_CONST_HIGH16:
          setReg(w >>> 8, K_INT, u[pc + 1]! << 16, 0);
          break;
        case A_CONSTW16: {
          const lo = (u[pc + 1]! << 16) >> 16;
          setWide(w >>> 8, K_WIDE, lo, lo < 0 ? -1 : 0);
          break;
        }
        case A_CONSTW32: {
          const lo = u[pc + 1]! | (u[pc + 2]! << 16);
          setWide(w >>> 8, K_WIDE, lo, lo < 0 ? -1 : 0);
          break;
        }
        case A_CONSTW:
          setWide(w >>> 8, K_WIDE, u[pc + 1]! | (u[pc + 2]! << 16), u[pc + 3]! | (u[pc + 4]! << 16));
          break;
        case A_CONSTW_HIGH16:
          setWide(w >>> 8, K_WIDE, 0, u[pc + 1]! << 16);
          break;
        case A_CONST_STRING: {
          const idx = u[pc + 1]!;
          if (idx < stringCount) {
            b.pushString(idx, methodIdx, pc - start);
            setReg(w >>> 8, K_STR, idx, 0);
          } else killReg(w >>> 8);
          break;
        }
        case A_CONST_STRING_JUMBO: {
          const idx = (u[pc + 1]! | (u[pc + 2]! << 16)) >>> 0;
          if (idx < stringCount) {
            b.pushString(idx, methodIdx, pc - start);
            setReg(w >>> 8, K_STR, idx, 0);
          } else killReg(w >>> 8);
          break;
        }
        case A_CONST_CLASS:
        case A_NEW_INSTANCE: {
          const idx = u[pc + 1]!;
          if (idx < typeCount) setReg(w >>> 8, ACTION[op] === A_CONST_CLASS ? K_CLASS : K_NEW, idx, 0);
          else killReg(w >>> 8);
          break;
        }
        case A_NEW_ARRAY: {
          const sizeReg = w >>> 12;
          const length = regGen[sizeReg] === gen && regKind[sizeReg] === K_INT ? regVal[sizeReg]! : -1;
          const type = u[pc + 1]!;
          if (type < typeCount) setReg((w >>> 8) & 0xf, K_ARRAY, b.pushArray(type, length, -1), 0);
          else killReg((w >>> 8) & 0xf);
          break;
        }
        case A_FILLED_NEW_ARRAY:
        case A_FILLED_NEW_ARRAY_RANGE: {
          const type = u[pc + 1]!;
          const count = ACTION[op] === A_FILLED_NEW_ARRAY ? w >>> 12 : w >>> 8;
          resultPc = pc + width;
          resultKind = type < typeCount ? K_ARRAY : K_UNKNOWN;
          if (type < typeCount) resultVal = b.pushArray(type, count, -1);
          break;
        }
        case A_FILL_ARRAY_DATA: {
          const reg = w >>> 8;
          const target = pc + ((u[pc + 1]! | (u[pc + 2]! << 16)) | 0);
          if (regGen[reg] === gen && regKind[reg] === K_ARRAY && target >= start && target + 4 <= end &&
            u[target] === FILL_ARRAY_DATA_PAYLOAD) {
            const pw = payloadWidth(u, target, end);
            if (pw > 0 && target + pw <= end) {
              // A new array value, so that calls made before this point keep the value they saw.
              const a = regVal[reg]!;
              const declared = b.arrayLength[a]!;
              const size = u[target + 2]! + u[target + 3]! * 0x10000;
              setReg(reg, K_ARRAY, b.pushArray(b.arrayType[a]!, declared >= 0 ? declared : Math.min(size, 0x7fffffff), target), 0);
            }
          }
          break;
        }
        case A_IGET:
        case A_IGET_WIDE: {
          const idx = u[pc + 1]!;
          const dst = (w >>> 8) & 0xf;
          if (idx < fieldCount) {
            const use = b.fieldUseCount;
            b.pushField(idx, methodIdx, pc - start, op, w >>> 12);
            if (ACTION[op] === A_IGET) setReg(dst, K_IFIELD, use, 0);
            else setWide(dst, K_IFIELD, use, 0);
          } else if (ACTION[op] === A_IGET) killReg(dst);
          else killWide(dst);
          break;
        }
        case A_IPUT:
        case A_IPUT_WIDE: {
          const idx = u[pc + 1]!;
          if (idx < fieldCount) b.pushField(idx, methodIdx, pc - start, op, (w >>> 8) & 0xf);
          break;
        }
        case A_SGET:
        case A_SGET_WIDE: {
          const idx = u[pc + 1]!;
          const dst = w >>> 8;
          if (idx < fieldCount) {
            const use = b.fieldUseCount;
            b.pushField(idx, methodIdx, pc - start, op, -1);
            if (ACTION[op] === A_SGET) setReg(dst, K_SFIELD, use, 0);
            else setWide(dst, K_SFIELD, use, 0);
          } else if (ACTION[op] === A_SGET) killReg(dst);
          else killWide(dst);
          break;
        }
        case A_SPUT:
        case A_SPUT_WIDE: {
          const idx = u[pc + 1]!;
          if (idx < fieldCount) b.pushField(idx, methodIdx, pc - start, op, w >>> 8);
          break;
        }
        case A_INVOKE:
        case A_INVOKE_POLY: {
          const target = u[pc + 1]!;
          resultPc = pc + width;
          resultKind = K_UNKNOWN;
          if (target >= methodCount) break;
          const count = w >>> 12;
          const regsWord = u[pc + 2]!;
          const argStart = b.argCount;
          b.ensureArgs(5);
          for (let i = 0; i < count && i < 5; i++) b.pushArg(i < 4 ? (regsWord >>> (4 * i)) & 0xf : (w >>> 8) & 0xf);
          if (ACTION[op] === A_INVOKE_POLY) b.polyProto.push(b.callCount, u[pc + 3]!);
          resultKind = K_RET;
          resultVal = b.callCount;
          b.pushCall(target, methodIdx, pc - start, op, argStart);
          break;
        }
        case A_INVOKE_RANGE:
        case A_INVOKE_POLY_RANGE: {
          const target = u[pc + 1]!;
          resultPc = pc + width;
          resultKind = K_UNKNOWN;
          if (target >= methodCount) break;
          const count = w >>> 8;
          const first = u[pc + 2]!;
          const argStart = b.argCount;
          b.ensureArgs(count);
          for (let i = 0; i < count; i++) b.pushArg(first + i);
          if (ACTION[op] === A_INVOKE_POLY_RANGE) b.polyProto.push(b.callCount, u[pc + 3]!);
          resultKind = K_RET;
          resultVal = b.callCount;
          b.pushCall(target, methodIdx, pc - start, op, argStart);
          break;
        }
        case A_INVOKE_CUSTOM:
        case A_INVOKE_CUSTOM_RANGE:
          // The target is a call site (bootstrap method + name + proto), not a method_id: not a call site here.
          invokeCustomCount++;
          resultPc = pc + width;
          resultKind = K_UNKNOWN;
          break;
      }
      pc += width;
    }
  }

  return {
    callCount: b.callCount,
    callTarget: b.callTarget.subarray(0, b.callCount),
    callCaller: b.callCaller.subarray(0, b.callCount),
    callPc: b.callPc.subarray(0, b.callCount),
    callOp: b.callOp.subarray(0, b.callCount),
    callArgStart: b.callArgStart.subarray(0, b.callCount),
    callArgCount: b.callArgCount.subarray(0, b.callCount),
    polyProto: Uint32Array.from(b.polyProto),
    argKind: b.argKind.subarray(0, b.argCount),
    argVal: b.argVal.subarray(0, b.argCount),
    argVal2: b.argVal2.subarray(0, b.argCount),
    stringUseCount: b.stringUseCount,
    stringIdx: b.stringIdx.subarray(0, b.stringUseCount),
    stringCaller: b.stringCaller.subarray(0, b.stringUseCount),
    stringPc: b.stringPc.subarray(0, b.stringUseCount),
    fieldUseCount: b.fieldUseCount,
    fieldIdx: b.fieldIdx.subarray(0, b.fieldUseCount),
    fieldCaller: b.fieldCaller.subarray(0, b.fieldUseCount),
    fieldPc: b.fieldPc.subarray(0, b.fieldUseCount),
    fieldOp: b.fieldOp.subarray(0, b.fieldUseCount),
    fieldValKind: b.fieldValKind.subarray(0, b.fieldUseCount),
    fieldVal: b.fieldVal.subarray(0, b.fieldUseCount),
    fieldVal2: b.fieldVal2.subarray(0, b.fieldUseCount),
    arrayCount: b.arrayCount,
    arrayType: b.arrayType.subarray(0, b.arrayCount),
    arrayLength: b.arrayLength.subarray(0, b.arrayCount),
    arrayPayload: b.arrayPayload.subarray(0, b.arrayCount),
    methodsScanned,
    instructions,
    invokeCustomCount,
    problems,
  };
}

/**
 * Groups items by key (counting sort, stable): items with key `k` are `order[start[k] .. start[k+1]-1]`.
 * `keys` must all be < `keySpace` (the scan guarantees it).
 */
export function groupByKey(keys: Uint32Array, keySpace: number): { start: Uint32Array; order: Uint32Array } {
  const start = new Uint32Array(keySpace + 1);
  for (let i = 0; i < keys.length; i++) start[keys[i]! + 1]!++;
  for (let k = 0; k < keySpace; k++) start[k + 1]! += start[k]!;
  const fill = start.slice(0, keySpace);
  const order = new Uint32Array(keys.length);
  for (let i = 0; i < keys.length; i++) order[fill[keys[i]!]!++] = i;
  return { start, order };
}
