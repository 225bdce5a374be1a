/**
 * @module checks/android/bytecode-support
 * Bytecode reading shared by the Android check families (crypto, tls, code, ipc, network, secrets,
 * storage, logging, webview): naming methods and calls for a report, decoding one method's instructions on
 * demand (code that cannot be decoded is skipped, never thrown), resolving an instruction's table index,
 * following a register back to the instruction that last wrote it, finding calls by method name, and
 * grouping call sites by calling method so that a check reports once per place. What only one family
 * needs (string reconstruction, constant tracing, control-flow walks) stays in that family's support file.
 *
 * Register tracking here is the same linear, address-order approximation the code index uses (see
 * formats/dex/scan.ts): "the last write before this pc in address order", which ignores branches. It is
 * used only on short methods (trust managers, hostname verifiers, getters) or near the use, where that is
 * exact enough.
 */
import type { AndroidApp } from '../../app/android.js';
import { dottedClassName } from '../../app/code-origin.js';
import { isDfslabError } from '../../errors.js';
import type { Instruction } from '../../formats/dex/decoder.js';
import { ACC_STATIC, type DexFile } from '../../formats/dex/dex-file.js';
import type { CodeIndex, FieldRef, MethodBody, MethodRef, Value } from '../../formats/dex/index.js';
import { severityRank, type Confidence, type Location, type Severity } from '../../findings/types.js';
import type { CheckContext } from '../types.js';
import { codeLocation, isLibrary, type CodePlace } from './support.js';

const PRIMITIVES: Record<string, string> = {
  V: 'void', Z: 'boolean', B: 'byte', S: 'short', C: 'char', I: 'int', J: 'long', F: 'float', D: 'double',
};

/** `Ljava/lang/String;` → `String`, `[B` → `byte[]` (simple names keep call labels short). */
export function simpleTypeName(desc: string): string {
  let dims = 0;
  while (desc[dims] === '[') dims++;
  const base = desc.slice(dims);
  let name = PRIMITIVES[base];
  if (name === undefined) {
    const dotted = dottedClassName(base);
    name = dotted.slice(dotted.lastIndexOf('.') + 1);
  }
  return name + '[]'.repeat(dims);
}

/** `javax.crypto.Cipher.getInstance(String)`: the form `Location.call` uses. */
export function callName(m: Pick<MethodRef, 'classType' | 'name' | 'proto'>): string {
  return `${dottedClassName(m.classType)}.${m.name}(${m.proto.params.map(simpleTypeName).join(', ')})`;
}

/** `Cipher.getInstance`: short form for evidence lines. */
export function shortCallName(m: Pick<MethodRef, 'classType' | 'name'>): string {
  return `${simpleTypeName(m.classType)}.${m.name === '<init>' ? 'new' : m.name}`;
}

/**
 * `com.x.Crypto.encrypt(byte[])`: a method as people read it in a message. The class is the method's own,
 * or `classType` when given (a method found through an override or a subclass is named on that class).
 */
export function methodLabel(method: Pick<MethodRef, 'classType' | 'name' | 'proto'>): string;
export function methodLabel(classType: string, method: Pick<MethodRef, 'name' | 'proto'>): string;
export function methodLabel(
  a: string | Pick<MethodRef, 'classType' | 'name' | 'proto'>,
  b?: Pick<MethodRef, 'name' | 'proto'>,
): string {
  const [classType, method] = typeof a === 'string' ? [a, b!] : [a.classType, a];
  return `${dottedClassName(classType)}.${method.name}(${method.proto.params.map(simpleTypeName).join(', ')})`;
}

/** Identity of a method across the index (class, name and descriptor). */
export function methodKey(m: Pick<MethodRef, 'classType' | 'name' | 'descriptor'>): string {
  return `${m.classType}->${m.name}${m.descriptor}`;
}

/** A call site (or field access) as a report location, with its call label. */
export function siteLocation(app: AndroidApp, place: CodePlace, target?: MethodRef): Location {
  return codeLocation(app, place, target ? callName(target) : undefined);
}

/** A method as a report location (no particular instruction). */
export function methodLocation(app: AndroidApp, dex: string, method: MethodRef): Location {
  return codeLocation(app, { dex, classType: method.classType, method, pc: 0 });
}

export interface DecodedMethod {
  body: MethodBody;
  insns: readonly Instruction[];
  /** First register holding a parameter (`this` first for instance methods). */
  firstParamReg: number;
  /** Parameter number (0 = `this` for instance methods) of each parameter register; -1 for a wide's upper half. */
  paramOfReg: Map<number, number>;
}

const decodedCache = new WeakMap<CodeIndex, Map<string, DecodedMethod | null>>();

/**
 * The decoded instructions of a method defined in the app, or undefined when it is not defined there, has
 * no code, or its code cannot be decoded (a crafted DEX: the problem is the index's to record, not ours).
 */
export function decodeMethod(
  code: CodeIndex,
  classType: string,
  method: Pick<MethodRef, 'name' | 'descriptor'>,
): DecodedMethod | undefined {
  let cache = decodedCache.get(code);
  if (!cache) decodedCache.set(code, (cache = new Map()));
  const key = `${classType}->${method.name}${method.descriptor}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  let out: DecodedMethod | null = null;
  try {
    const body = code.methodBody(classType, method);
    if (body && body.hasCode) {
      const insns = body.instructions();
      // Dalvik calling convention: the ins_size parameter registers are the last of the frame, `this`
      // first for instance methods, two registers per long/double ("Dalvik bytecode", registers).
      const firstParamReg = body.registersSize - body.insSize;
      const paramOfReg = new Map<number, number>();
      let r = firstParamReg;
      let n = 0;
      if ((body.accessFlags & ACC_STATIC) === 0) paramOfReg.set(r++, n++);
      for (const p of body.method.proto.params) {
        paramOfReg.set(r++, n);
        if (p === 'J' || p === 'D') paramOfReg.set(r++, -1);
        n++;
      }
      out = { body, insns, firstParamReg, paramOfReg };
    }
  } catch (e) {
    if (!isDfslabError(e)) throw e;
  }
  cache.set(key, out);
  return out ?? undefined;
}

/** Runs a DEX table lookup that may fail on a crafted index; failure reads as "unknown". */
export function lookup<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (!isDfslabError(e)) throw e;
    return undefined;
  }
}

export function invokedMethod(d: DecodedMethod, ins: Instruction): MethodRef | undefined {
  if (ins.indexKind !== 'method' || ins.index === undefined) return undefined;
  const i = ins.index;
  return lookup(() => d.body.dexFile.methodRef(i));
}

export function accessedField(d: DecodedMethod, ins: Instruction): FieldRef | undefined {
  if (ins.indexKind !== 'field' || ins.index === undefined) return undefined;
  const i = ins.index;
  return lookup(() => d.body.dexFile.fieldRef(i));
}

export function loadedString(d: DecodedMethod, ins: Instruction): string | undefined {
  if (ins.indexKind !== 'string' || ins.index === undefined) return undefined;
  const i = ins.index;
  return lookup(() => d.body.dexFile.string(i));
}

export function referencedType(d: DecodedMethod, ins: Instruction): string | undefined {
  if (ins.indexKind !== 'type' || ins.index === undefined) return undefined;
  const i = ins.index;
  return lookup(() => d.body.dexFile.typeName(i));
}

export function isInvoke(ins: Instruction): boolean {
  return ins.name.startsWith('invoke-');
}

export function isBranch(ins: Instruction): boolean {
  return ins.name.startsWith('if-') || ins.name === 'packed-switch' || ins.name === 'sparse-switch';
}

export function isReturn(ins: Instruction): boolean {
  return ins.name.startsWith('return');
}

// Opcodes whose first register operand (vA / vAA) is written (Dalvik bytecode table): moves and
// move-result/-exception, constants, instance-of, array-length, new-instance/-array, compares, array and
// field reads, unary and binary operations, const-method-handle/-type. Invokes write only through
// move-result; puts, branches, returns, check-cast and fill-array-data write nothing. A table indexed by
// opcode, because register walks test every instruction of the methods they visit.
const WRITES_FIRST = new Uint8Array(256);
for (const [from, to] of [[0x01, 0x0d], [0x12, 0x1c], [0x20, 0x23], [0x2d, 0x31], [0x44, 0x4a], [0x52, 0x58], [0x60, 0x66], [0x7b, 0xe2], [0xfe, 0xff]] as const) {
  WRITES_FIRST.fill(1, from, to + 1);
}

/** Whether `ins` writes its first register operand (the upper half of a wide write is not counted). */
export function writesFirstRegister(ins: Instruction): boolean {
  return WRITES_FIRST[ins.opcode] === 1;
}

export function writesRegister(ins: Instruction, reg: number): boolean {
  return WRITES_FIRST[ins.opcode] === 1 && ins.registers.length > 0 && ins.registers[0] === reg;
}

/** move, move/from16, move/16 and their -wide and -object forms (opcodes 0x01–0x09). */
export function isRegisterMove(ins: Instruction): boolean {
  return ins.opcode >= 0x01 && ins.opcode <= 0x09;
}

/** move-result, move-result-wide, move-result-object (opcodes 0x0a–0x0c). */
export function isMoveResult(ins: Instruction): boolean {
  return ins.opcode >= 0x0a && ins.opcode <= 0x0c;
}

/** Index in `d.insns` of the instruction at code address `pc`, or -1. */
export function indexAt(d: DecodedMethod, pc: number): number {
  let lo = 0, hi = d.insns.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = d.insns[mid]!.pc;
    if (p === pc) return mid;
    if (p < pc) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * The instruction that last wrote `reg` before instruction `at` (address order), following register moves
 * and stepping from a move-result to its invoke. Undefined when the register is a parameter or unknown.
 * `window` bounds how many instructions back each step looks (real code defines a value close to its use;
 * the bound keeps walks over crafted methods with huge bodies linear).
 */
export function definitionOf(d: DecodedMethod, at: number, reg: number, hops = 8, window = Infinity): Instruction | undefined {
  for (let i = at - 1, stop = Math.max(0, at - window); i >= stop; i--) {
    const ins = d.insns[i]!;
    if (!writesRegister(ins, reg)) continue;
    if (isMoveResult(ins)) {
      const prev = d.insns[i - 1];
      return prev && (isInvoke(prev) || prev.name.startsWith('filled-new-array')) ? prev : undefined;
    }
    if (isRegisterMove(ins)) {
      return hops > 0 && ins.registers[1] !== undefined ? definitionOf(d, i, ins.registers[1], hops - 1, window) : undefined;
    }
    return ins;
  }
  return undefined;
}

/** Index of `s` in a DEX's string_ids (binary search, see `DexFile.findString`), or undefined. */
export function stringIndex(dex: DexFile, s: string): number | undefined {
  return dex.findString(s);
}

/**
 * The method_ids of a DEX that name a method `name`, on any class, in table order. A call to an inherited
 * method names the caller's class (`MyActivity->sendBroadcast`), so finding calls by name starts here; the
 * name is looked up once and the method_ids are compared by string index, without materialising every
 * method reference.
 */
export function methodIdsNamed(dex: DexFile, name: string): number[] {
  const idx = stringIndex(dex, name);
  if (idx === undefined) return [];
  const out: number[] = [];
  const names = dex.methodNameIdx;
  for (let m = 0; m < dex.methodCount; m++) if (names[m] === idx) out.push(m);
  return out;
}

/**
 * The register holding argument `arg` (receiver first, one entry per parameter) of an invoke instruction
 * calling `target`; wide (long/double) parameters take two registers.
 */
export function argumentRegister(ins: Instruction, target: MethodRef, arg: number): number | undefined {
  if (!isInvoke(ins)) return undefined;
  const isStatic = ins.name.startsWith('invoke-static');
  const widths: number[] = isStatic ? [] : [1];
  for (const p of target.proto.params) widths.push(p === 'J' || p === 'D' ? 2 : 1);
  if (arg >= widths.length) return undefined;
  let pos = 0;
  for (let i = 0; i < arg; i++) pos += widths[i]!;
  return ins.registers[pos];
}

/** A short readable form of an abstract value, for evidence lines. */
export function showValue(v: Value, depth = 0): string {
  switch (v.k) {
    case 'str':
      return quote(v.v);
    case 'int':
      return String(v.v);
    case 'wide':
      return `${v.v}L`;
    case 'array':
      return `new ${simpleTypeName(v.elemType ?? 'B')}[${v.length ?? ''}]${v.data ? '{…}' : ''}`;
    case 'class':
      return `${simpleTypeName(v.type)}.class`;
    case 'new':
      return `new ${simpleTypeName(v.type)}(…)`;
    case 'ret':
      return depth > 1 ? `${shortCallName(v.method)}(…)` : `${shortCallName(v.method)}(${v.args.map((a) => showValue(a, depth + 1)).join(', ')})`;
    case 'field':
      return `${simpleTypeName(v.field.classType)}.${v.field.name}`;
    case 'param':
      return `p${v.index}`;
    default:
      return '?';
  }
}

/** A string constant quoted for evidence, cut to a readable length. */
export function quote(s: string, max = 48): string {
  const cut = s.length > max ? `${s.slice(0, max)}…` : s;
  return JSON.stringify(cut);
}

/** A place in a method, with the method's full reference (call sites and field accesses are ones). */
export type MethodPlace = CodePlace & { method: MethodRef };

/** One thing a check saw at one place in the code. */
export interface CodeHit {
  place: MethodPlace;
  /** The called method, shown as the location's `call`. */
  target?: MethodRef;
  /** More places that explain the hit (the caller that passed a constant, the field write). */
  related?: readonly CodePlace[];
  evidence: string;
  /** Short name of what was found ("MD5", "DES"), for the message. */
  label?: string;
  severity: Severity;
}

/** The distinct labels of some hits, joined for a message. */
export function labelsOf(hits: readonly CodeHit[]): string {
  return [...new Set(hits.map((h) => h.label).filter((l): l is string => l !== undefined))].join(', ');
}

/**
 * Reports hits once per calling method (the house rule: one finding per distinct place), with every hit of
 * that method as a location and an evidence line. The finding takes the worst severity of its hits; a
 * method in a known library namespace gets `libraryConfidence` (default: the check's own).
 */
export function reportByMethod(
  ctx: CheckContext<AndroidApp>,
  hits: readonly CodeHit[],
  message: (method: string, hits: readonly CodeHit[]) => string,
  opts: { libraryConfidence?: Confidence; librarySeverity?: Severity } = {},
): void {
  const { app } = ctx;
  const groups = new Map<string, CodeHit[]>();
  for (const h of hits) {
    const k = methodKey(h.place.method);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(h);
  }
  for (const g of groups.values()) {
    const first = g[0]!.place;
    const locations: Location[] = [];
    const seen = new Set<string>();
    const add = (l: Location): void => {
      const key = `${l.path}|${l.class}|${l.method}|${l.pc}|${l.call}`;
      if (!seen.has(key)) {
        seen.add(key);
        locations.push(l);
      }
    };
    for (const h of g) add(siteLocation(app, h.place, h.target));
    for (const h of g) for (const r of h.related ?? []) add(codeLocation(app, r));
    let severity = g[0]!.severity;
    for (const h of g) if (severityRank(h.severity) > severityRank(severity)) severity = h.severity;
    const library = isLibrary(app, first.classType);
    if (library && opts.librarySeverity && severityRank(opts.librarySeverity) < severityRank(severity)) severity = opts.librarySeverity;
    ctx.report({
      message: message(methodLabel(first.classType, first.method), g),
      locations,
      evidence: [...new Set(g.map((h) => h.evidence))],
      severity,
      ...(library && opts.libraryConfidence ? { confidence: opts.libraryConfidence } : {}),
    });
  }
}
