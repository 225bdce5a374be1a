/**
 * @module formats/dex/index
 * The code index of one app: built once over all its DEX files and shared by every check. It answers
 * "who calls X, with which argument values", "where is this string constant used", "who reads or writes
 * this field", "which classes define method m", and gives one method's instructions on demand.
 *
 * Building it runs `scanDexCode` (scan.ts) once per DEX; lookup maps (called class → called methods,
 * field class → name → accesses) are built on first use, and `CallSite` objects are made only for the
 * targets a check asks about, then cached. Argument values come from the linear per-method pass
 * described in scan.ts: a value is what the register held at the call in address order, so at a
 * branch join it may come from another path.
 *
 * Class lookup follows ART's class path order: when several DEX files define the same class, the first
 * one in `dexes` wins (as classes.dex, classes2.dex, ... are searched in order); the others are counted
 * in `stats.duplicateClasses` and not indexed as definitions (their code is still scanned).
 */
import { isDfslabError, type DfslabError } from '../../errors.js';
import {
  type ClassDef, type CodeItem, type DexFile, type FieldRef, type MethodRef, type ProtoRef,
} from './dex-file.js';
import { decodeAll, type Instruction } from './decoder.js';
import { OPCODE_NAME } from './opcodes.js';
import {
  groupByKey, K_ARRAY, K_CLASS, K_IFIELD, K_INT, K_NEW, K_PARAM, K_RET, K_SFIELD, K_STR, K_UNKNOWN, K_WIDE,
  scanDexCode, type DexCodeTables,
} from './scan.js';

/** Abstract value of a register at a call (see scan.ts for how it is computed and its limits). */
export type Value =
  | { k: 'str'; v: string }
  /** An int/float/boolean/char/short/byte constant (raw 32 bits as a signed int; 0 is also `null`). */
  | { k: 'int'; v: number }
  | { k: 'wide'; v: bigint }
  /** new-array (+ fill-array-data) or filled-new-array. `data`: Uint8Array for byte/boolean arrays, numbers otherwise. */
  | { k: 'array'; elemType?: string; length?: number; data?: Uint8Array | number[] }
  | { k: 'class'; type: string }
  | { k: 'new'; type: string }
  /** Result of a call; `args` (computed on first access) are the values passed to that call, receiver first. */
  | { k: 'ret'; method: MethodRef; readonly args: Value[] }
  /** Value read by sget/iget; `object` (computed on first access) is the instance an iget read from. */
  | { k: 'field'; field: FieldRef; static: boolean; readonly object?: Value }
  /** A parameter of the enclosing method: 0 is `this` for instance methods, one index per parameter (wide or not). */
  | { k: 'param'; index: number }
  | { k: 'unknown' };

export interface CallSite {
  /** Label of the DEX file ("classes2.dex"). */
  dex: string;
  /** Class of the calling method. */
  classType: string;
  method: MethodRef;
  /** Address of the invoke in code units from the start of the caller's code. */
  pc: number;
  target: MethodRef;
  /** Opcode name, e.g. "invoke-virtual" or "invoke-static/range". */
  invoke: string;
  /**
   * One value per parameter of the target (receiver first for non-static invokes); a wide parameter is
   * one entry. If the register count does not match the target's proto (malformed code), one per register.
   */
  args: Value[];
}

export interface StringUse {
  value: string;
  dex: string;
  classType: string;
  method: MethodRef;
  pc: number;
}

export interface FieldAccess {
  dex: string;
  classType: string;
  method: MethodRef;
  pc: number;
  field: FieldRef;
  /** Opcode name, e.g. "sget-object", "iput-boolean". */
  op: string;
  static: boolean;
  write: boolean;
  /** For writes, the value stored. */
  value?: Value;
  /** For iget, the instance read from. */
  object?: Value;
}

export interface MethodDefinition {
  dex: string;
  classType: string;
  method: MethodRef;
  accessFlags: number;
  superclass: string | undefined;
  interfaces: readonly string[];
}

export interface MethodBody {
  dex: string;
  dexFile: DexFile;
  classType: string;
  method: MethodRef;
  accessFlags: number;
  /** False for abstract and native methods (no code_item). */
  hasCode: boolean;
  registersSize: number;
  insSize: number;
  outsSize: number;
  insns: Uint16Array;
  tries: CodeItem['tries'];
  /** All instructions, decoded on first call. Throws DEX_BAD_STRUCTURE for code that runs off its end. */
  instructions(): readonly Instruction[];
}

export interface ClassEntry {
  dex: string;
  dexFile: DexFile;
  def: ClassDef;
}

export interface DexProblem {
  dex: string;
  error: DfslabError;
}

export interface CodeIndexStats {
  dexFiles: number;
  classes: number;
  /** Methods with code that were scanned. */
  methods: number;
  instructions: number;
  callSites: number;
  stringUses: number;
  fieldAccesses: number;
  invokeCustom: number;
  duplicateClasses: number;
}

export interface CodeIndex {
  readonly classes: ReadonlyMap<string, ClassEntry>;
  readonly dexFiles: readonly DexFile[];
  /** Calls whose target is exactly `classType->name descriptor` (name and descriptor optional). */
  callsTo(classType: string, name?: string, descriptor?: string): readonly CallSite[];
  /**
   * Like `callsTo`, but also calls whose target names an app subclass or implementation of `classType`
   * (e.g. `Lcom/app/MyWebView;->loadUrl` for `Landroid/webkit/WebView;`), which an exact match misses.
   */
  callsToIncludingSubtypes(classType: string, name: string, descriptor?: string): CallSite[];
  /** Calls whose target matches `predicate` (called once per distinct target method). */
  callsToAny(predicate: (t: MethodRef) => boolean): CallSite[];
  /** const-string uses whose value matches `predicate` (called once per distinct string per DEX). */
  stringUses(predicate: (s: string) => boolean): StringUse[];
  /** sget/sput/iget/iput of fields of `classType` (optionally only `name`). */
  fieldAccesses(classType: string, name?: string): FieldAccess[];
  /**
   * Virtual methods named `methodName` (optionally with `descriptor`) defined by app classes, with the
   * defining class's superclass and direct interfaces; combine with `interfacesOf`/`superclassChain` to
   * find e.g. implementations of X509TrustManager.checkServerTrusted.
   */
  overrides(methodName: string, descriptor?: string): MethodDefinition[];
  /**
   * The code of `classType`'s method with that name and descriptor (undefined when the class or method is
   * not in the app). Throws DEX_BAD_STRUCTURE when its code_item is corrupt.
   */
  methodBody(classType: string, method: Pick<MethodRef, 'name' | 'descriptor'>): MethodBody | undefined;
  /** Superclasses of `type`, nearest first, following app classes; ends with the first class not in the app. */
  superclassChain(type: string): string[];
  /** Every interface `type` implements: its own, its superclasses', and their super-interfaces known to the app. */
  interfacesOf(type: string): string[];
  readonly stats: CodeIndexStats;
  /** Classes, methods and references that could not be read and were skipped (queries may add more). */
  readonly problems: readonly DexProblem[];
}

export interface BuildCodeIndexOptions {
  /** Tables already computed by `scanDexCode` (e.g. in worker threads), in the same order as `dexes`. */
  tables?: readonly DexCodeTables[];
}

const UNKNOWN: Value = Object.freeze({ k: 'unknown' }) as Value;

/** A method (or, in calledClasses, a type) by index within DEX number `dexNo`. */
interface TargetRef {
  dexNo: number;
  idx: number;
}

interface DexEntry {
  file: DexFile;
  t: DexCodeTables;
  callsByTarget?: { start: Uint32Array; order: Uint32Array };
  /** Methods with at least one call, grouped by the type index of their class. */
  calledMethods?: { methods: Uint32Array; byType: { start: Uint32Array; order: Uint32Array } };
  fieldsByIdx?: { start: Uint32Array; order: Uint32Array };
  stringsByIdx?: { start: Uint32Array; order: Uint32Array };
  polyProto?: Map<number, number>;
}

/** Builds the code index of an app from its parsed DEX files (classes.dex first). */
export function buildCodeIndex(dexes: readonly DexFile[], opts: BuildCodeIndexOptions = {}): CodeIndex {
  const tables = opts.tables ?? dexes.map((d) => scanDexCode(d));
  return new AppCodeIndex(dexes, tables);
}

class AppCodeIndex implements CodeIndex {
  readonly classes: Map<string, ClassEntry>;
  readonly dexFiles: readonly DexFile[];
  readonly stats: CodeIndexStats;
  readonly problems: DexProblem[] = [];
  private readonly entries: DexEntry[];
  private callTargets: Map<string, TargetRef[]> | undefined;
  private fieldTargets: Map<string, Map<string, TargetRef[]>> | undefined;
  private readonly callCache = new Map<number, CallSite[]>();

  constructor(dexes: readonly DexFile[], tables: readonly DexCodeTables[]) {
    this.dexFiles = dexes;
    this.entries = dexes.map((file, i) => ({ file, t: tables[i]! }));
    this.classes = new Map();
    let duplicateClasses = 0;
    for (const e of this.entries) {
      for (const err of e.t.problems) this.problems.push({ dex: e.file.label, error: err });
      const defs = e.file.classDefs;
      for (const def of defs) {
        const type = this.guard(e.file, () => def.classType);
        if (type === undefined) continue;
        if (this.classes.has(type)) duplicateClasses++;
        else this.classes.set(type, { dex: e.file.label, dexFile: e.file, def });
      }
    }
    let methods = 0, instructions = 0, callSites = 0, stringUses = 0, fieldAccesses = 0, invokeCustom = 0;
    for (const { t } of this.entries) {
      methods += t.methodsScanned;
      instructions += t.instructions;
      callSites += t.callCount;
      stringUses += t.stringUseCount;
      fieldAccesses += t.fieldUseCount;
      invokeCustom += t.invokeCustomCount;
    }
    this.stats = {
      dexFiles: dexes.length, classes: this.classes.size, methods, instructions, callSites, stringUses,
      fieldAccesses, invokeCustom, duplicateClasses,
    };
  }

  /** Runs `f`; a DfslabError (bad index in a crafted file) is recorded and yields undefined. */
  private guard<T>(file: DexFile, f: () => T): T | undefined {
    try {
      return f();
    } catch (e) {
      if (!isDfslabError(e)) throw e;
      if (this.problems.length < 1000) this.problems.push({ dex: file.label, error: e });
      return undefined;
    }
  }

  // ---------------------------------------------------------------- calls

  /**
   * Classes that are the target of at least one call: descriptor → (DEX, type index) pairs. Only class
   * descriptors are decoded here; method names are decoded when a query asks about that class.
   */
  private calledClasses(): Map<string, TargetRef[]> {
    if (this.callTargets) return this.callTargets;
    const map = new Map<string, TargetRef[]>();
    this.entries.forEach((e, dexNo) => {
      const f = e.file;
      const g = (e.callsByTarget = groupByKey(e.t.callTarget, f.methodCount));
      const methods: number[] = [];
      for (let m = 0; m < f.methodCount; m++) if (g.start[m] !== g.start[m + 1]) methods.push(m);
      const called = Uint32Array.from(methods);
      const classOf = new Uint32Array(called.length);
      for (let k = 0; k < called.length; k++) classOf[k] = f.methodClassIdx[called[k]!]!;
      // Type indices in method_ids are 16-bit, hence the key space.
      const byType = groupByKey(classOf, 0x10000);
      e.calledMethods = { methods: called, byType };
      for (let t = 0; t < 0x10000; t++) {
        if (byType.start[t] === byType.start[t + 1]) continue;
        const type = this.guard(f, () => f.typeName(t));
        if (type === undefined) continue;
        let list = map.get(type);
        if (!list) map.set(type, (list = []));
        list.push({ dexNo, idx: t });
      }
    });
    this.callTargets = map;
    return map;
  }

  /** Called method indices of the class `r` (a type index in DEX `r.dexNo`). */
  private calledMethodsOf(r: TargetRef): number[] {
    const c = this.entries[r.dexNo]!.calledMethods!;
    const out: number[] = [];
    for (let k = c.byType.start[r.idx]!; k < c.byType.start[r.idx + 1]!; k++) out.push(c.methods[c.byType.order[k]!]!);
    return out;
  }

  callsTo(classType: string, name?: string, descriptor?: string): readonly CallSite[] {
    const out: CallSite[] = [];
    for (const r of this.calledClasses().get(classType) ?? []) {
      const f = this.entries[r.dexNo]!.file;
      for (const m of this.calledMethodsOf(r)) {
        if (name !== undefined && this.guard(f, () => f.string(f.methodNameIdx[m]!)) !== name) continue;
        if (descriptor !== undefined && this.guard(f, () => f.methodRef(m).descriptor) !== descriptor) continue;
        for (const c of this.callSitesOf({ dexNo: r.dexNo, idx: m })) out.push(c);
      }
    }
    return out;
  }

  callsToIncludingSubtypes(classType: string, name: string, descriptor?: string): CallSite[] {
    const out: CallSite[] = [];
    for (const owner of this.calledClasses().keys()) {
      if (owner !== classType && !this.superclassChain(owner).includes(classType) && !this.interfacesOf(owner).includes(classType)) continue;
      for (const c of this.callsTo(owner, name, descriptor)) out.push(c);
    }
    return out;
  }

  callsToAny(predicate: (t: MethodRef) => boolean): CallSite[] {
    const out: CallSite[] = [];
    for (const refs of this.calledClasses().values()) {
      for (const r of refs) {
        const f = this.entries[r.dexNo]!.file;
        for (const m of this.calledMethodsOf(r)) {
          const ref = this.guard(f, () => f.methodRef(m));
          if (ref && predicate(ref)) for (const c of this.callSitesOf({ dexNo: r.dexNo, idx: m })) out.push(c);
        }
      }
    }
    return out;
  }

  private callSitesOf(r: TargetRef): CallSite[] {
    const key = r.dexNo * 0x10000 + r.idx;
    const cached = this.callCache.get(key);
    if (cached) return cached;
    const e = this.entries[r.dexNo]!;
    const f = e.file;
    const t = e.t;
    const g = e.callsByTarget!;
    const out: CallSite[] = [];
    const target = this.guard(f, () => f.methodRef(r.idx));
    if (target) {
      for (let k = g.start[r.idx]!; k < g.start[r.idx + 1]!; k++) {
        const c = g.order[k]!;
        const caller = this.guard(f, () => f.methodRef(t.callCaller[c]!));
        if (!caller) continue;
        const op = t.callOp[c]!;
        out.push({
          dex: f.label,
          classType: caller.classType,
          method: caller,
          pc: t.callPc[c]!,
          target,
          invoke: OPCODE_NAME[op]!,
          args: this.callArgs(e, c, op, target),
        });
      }
    }
    this.callCache.set(key, out);
    return out;
  }

  /** Maps the argument registers of call `c` to one value per parameter (see CallSite.args). */
  private callArgs(e: DexEntry, c: number, op: number, target: MethodRef): Value[] {
    const t = e.t;
    const start = t.callArgStart[c]!;
    const count = t.callArgCount[c]!;
    let proto: ProtoRef | undefined = target.proto;
    if (op === 0xfa || op === 0xfb) {
      // invoke-polymorphic: the registers follow the call site's proto, not the (varargs) target's.
      if (!e.polyProto) {
        e.polyProto = new Map();
        for (let i = 0; i < t.polyProto.length; i += 2) e.polyProto.set(t.polyProto[i]!, t.polyProto[i + 1]!);
      }
      const p = e.polyProto.get(c);
      proto = p === undefined ? undefined : this.guard(e.file, () => e.file.proto(p));
    }
    const isStatic = op === 0x71 || op === 0x77;
    const out: Value[] = [];
    if (proto) {
      let needed = isStatic ? 0 : 1;
      for (const p of proto.params) needed += p === 'J' || p === 'D' ? 2 : 1;
      if (needed === count) {
        let r = 0;
        if (!isStatic) {
          out.push(this.value(e, t.argKind[start]!, t.argVal[start]!, t.argVal2[start]!));
          r++;
        }
        for (const p of proto.params) {
          const i = start + r;
          out.push(this.value(e, t.argKind[i]!, t.argVal[i]!, t.argVal2[i]!));
          r += p === 'J' || p === 'D' ? 2 : 1;
        }
        return out;
      }
    }
    for (let i = start; i < start + count; i++) out.push(this.value(e, t.argKind[i]!, t.argVal[i]!, t.argVal2[i]!));
    return out;
  }

  /** Turns a (kind, val, val2) triple from the tables into a Value. */
  private value(e: DexEntry, kind: number, val: number, val2: number): Value {
    const f = e.file;
    switch (kind) {
      case K_STR: {
        const v = this.guard(f, () => f.string(val));
        return v === undefined ? UNKNOWN : { k: 'str', v };
      }
      case K_INT:
        return { k: 'int', v: val };
      case K_WIDE:
        return { k: 'wide', v: BigInt.asIntN(64, (BigInt(val2) << 32n) | BigInt(val >>> 0)) };
      case K_ARRAY:
        return this.guard(f, () => this.arrayValue(e, val)) ?? UNKNOWN;
      case K_CLASS:
      case K_NEW: {
        const type = this.guard(f, () => f.typeName(val));
        return type === undefined ? UNKNOWN : { k: kind === K_CLASS ? 'class' : 'new', type };
      }
      case K_RET: {
        const c = val;
        const method = this.guard(f, () => f.methodRef(e.t.callTarget[c]!));
        return method ? new ReturnedValue(method, () => this.callArgs(e, c, e.t.callOp[c]!, method)) : UNKNOWN;
      }
      case K_SFIELD:
      case K_IFIELD: {
        const use = val;
        const t = e.t;
        const field = this.guard(f, () => f.fieldRef(t.fieldIdx[use]!));
        if (!field) return UNKNOWN;
        if (kind === K_SFIELD) return { k: 'field', field, static: true };
        return new FieldReadValue(field, () => this.value(e, t.fieldValKind[use]!, t.fieldVal[use]!, t.fieldVal2[use]!));
      }
      case K_PARAM:
        return { k: 'param', index: val };
      case K_UNKNOWN:
      default:
        return UNKNOWN;
    }
  }

  private arrayValue(e: DexEntry, a: number): Value {
    const t = e.t;
    const type = e.file.typeName(t.arrayType[a]!);
    const elemType = type.startsWith('[') ? type.slice(1) : undefined;
    const length = t.arrayLength[a]! >= 0 ? t.arrayLength[a]! : undefined;
    const payload = t.arrayPayload[a]!;
    const v: { k: 'array'; elemType?: string; length?: number; data?: Uint8Array | number[] } = { k: 'array' };
    if (elemType !== undefined) v.elemType = elemType;
    if (length !== undefined) v.length = length;
    if (payload >= 0) v.data = arrayPayloadData(e.file.units, payload, elemType);
    return v;
  }

  // ---------------------------------------------------------------- strings

  stringUses(predicate: (s: string) => boolean): StringUse[] {
    const out: StringUse[] = [];
    for (const e of this.entries) {
      const t = e.t;
      const f = e.file;
      const g = (e.stringsByIdx ??= groupByKey(t.stringIdx, f.stringCount));
      for (let s = 0; s < f.stringCount; s++) {
        if (g.start[s] === g.start[s + 1]) continue;
        const value = this.guard(f, () => f.string(s));
        if (value === undefined || !predicate(value)) continue;
        for (let k = g.start[s]!; k < g.start[s + 1]!; k++) {
          const i = g.order[k]!;
          const method = this.guard(f, () => f.methodRef(t.stringCaller[i]!));
          if (method) out.push({ value, dex: f.label, classType: method.classType, method, pc: t.stringPc[i]! });
        }
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- fields

  fieldAccesses(classType: string, name?: string): FieldAccess[] {
    if (!this.fieldTargets) {
      const map = new Map<string, Map<string, TargetRef[]>>();
      this.entries.forEach((e, dexNo) => {
        const f = e.file;
        const g = (e.fieldsByIdx = groupByKey(e.t.fieldIdx, f.fieldCount));
        for (let i = 0; i < f.fieldCount; i++) {
          if (g.start[i] === g.start[i + 1]) continue;
          const ref = this.guard(f, () => f.fieldRef(i));
          if (ref) addRef(map, ref.classType, ref.name, { dexNo, idx: i });
        }
      });
      this.fieldTargets = map;
    }
    const byName = this.fieldTargets.get(classType);
    if (!byName) return [];
    const refs = name === undefined ? [...byName.values()].flat() : (byName.get(name) ?? []);
    const out: FieldAccess[] = [];
    for (const r of refs) {
      const e = this.entries[r.dexNo]!;
      const f = e.file;
      const t = e.t;
      const g = e.fieldsByIdx!;
      const field = f.fieldRef(r.idx);
      for (let k = g.start[r.idx]!; k < g.start[r.idx + 1]!; k++) {
        const i = g.order[k]!;
        const method = this.guard(f, () => f.methodRef(t.fieldCaller[i]!));
        if (!method) continue;
        const op = t.fieldOp[i]!;
        // iget 0x52-0x58, iput 0x59-0x5f, sget 0x60-0x66, sput 0x67-0x6d.
        const write = (op >= 0x59 && op <= 0x5f) || op >= 0x67;
        const access: FieldAccess = {
          dex: f.label, classType: method.classType, method, pc: t.fieldPc[i]!, field, op: OPCODE_NAME[op]!,
          static: op >= 0x60, write,
        };
        const stored = t.fieldValKind[i]!;
        if (write) access.value = this.value(e, stored, t.fieldVal[i]!, t.fieldVal2[i]!);
        else if (op < 0x60) access.object = this.value(e, stored, t.fieldVal[i]!, t.fieldVal2[i]!);
        out.push(access);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- classes and methods

  overrides(methodName: string, descriptor?: string): MethodDefinition[] {
    // The name is looked up once per DEX (binary search of the sorted string_ids) and virtual methods are
    // compared by string index: no method name is decoded, so a query costs one pass over integer tables.
    const nameIdx = this.entries.map((e) => e.file.findString(methodName));
    const dexNoOf = new Map(this.entries.map((e, i) => [e.file, i]));
    const matches: { entry: ClassEntry; member: number }[] = [];
    for (const entry of this.classes.values()) {
      const f = entry.dexFile;
      const want = nameIdx[dexNoOf.get(f)!];
      if (want === undefined) continue;
      const t = f.members();
      const c = entry.def.index;
      for (let k = t.methodStart[c]! + t.directCount[c]!; k < t.methodStart[c + 1]!; k++) {
        if (f.methodNameIdx[t.methodIdx[k]!] === want) matches.push({ entry, member: k });
      }
    }
    const out: MethodDefinition[] = [];
    for (const { entry, member } of matches) {
      const f = entry.dexFile;
      const t = f.members();
      const found = this.guard(f, () => ({
        method: f.methodRef(t.methodIdx[member]!),
        superclass: entry.def.superclass,
        interfaces: entry.def.interfaces,
      }));
      if (!found || (descriptor !== undefined && found.method.descriptor !== descriptor)) continue;
      out.push({
        dex: entry.dex, classType: found.method.classType, method: found.method,
        accessFlags: t.methodFlags[member]!, superclass: found.superclass, interfaces: found.interfaces,
      });
    }
    return out;
  }

  methodBody(classType: string, method: Pick<MethodRef, 'name' | 'descriptor'>): MethodBody | undefined {
    const entry = this.classes.get(classType);
    if (!entry) return undefined;
    const f = entry.dexFile;
    const t = f.members();
    const c = entry.def.index;
    for (let k = t.methodStart[c]!; k < t.methodStart[c + 1]!; k++) {
      const ref = this.guard(f, () => f.methodRef(t.methodIdx[k]!));
      if (!ref || ref.name !== method.name || ref.descriptor !== method.descriptor) continue;
      const codeOff = t.codeOff[k]!;
      const accessFlags = t.methodFlags[k]!;
      if (codeOff === 0) {
        return {
          dex: entry.dex, dexFile: f, classType, method: ref, accessFlags, hasCode: false, registersSize: 0,
          insSize: 0, outsSize: 0, insns: new Uint16Array(0), tries: [], instructions: () => [],
        };
      }
      const code = f.codeItem(codeOff);
      let decoded: Instruction[] | undefined;
      return {
        dex: entry.dex, dexFile: f, classType, method: ref, accessFlags, hasCode: true,
        registersSize: code.registersSize, insSize: code.insSize, outsSize: code.outsSize, insns: code.insns,
        tries: code.tries,
        instructions: () => (decoded ??= decodeAll(code.insns, f.label)),
      };
    }
    return undefined;
  }

  superclassChain(type: string): string[] {
    const chain: string[] = [];
    const seen = new Set<string>([type]);
    let current = this.classes.get(type);
    while (current) {
      const f = current.dexFile;
      const def = current.def;
      const sup = this.guard(f, () => def.superclass);
      if (sup === undefined || seen.has(sup)) break;
      chain.push(sup);
      seen.add(sup);
      current = this.classes.get(sup);
    }
    return chain;
  }

  interfacesOf(type: string): string[] {
    const out = new Set<string>();
    const pending: string[] = [];
    for (const t of [type, ...this.superclassChain(type)]) {
      const entry = this.classes.get(t);
      if (!entry) continue;
      const def = entry.def;
      for (const i of this.guard(entry.dexFile, () => def.interfaces) ?? []) pending.push(i);
    }
    while (pending.length > 0) {
      const i = pending.pop()!;
      if (out.has(i)) continue;
      out.add(i);
      const entry = this.classes.get(i);
      if (!entry) continue;
      const def = entry.def;
      for (const s of this.guard(entry.dexFile, () => def.interfaces) ?? []) pending.push(s);
    }
    return [...out];
  }
}

/**
 * A 'ret' value whose call arguments are materialized on first access (chains can be long). The lazy
 * state lives in #private fields, so the object compares and serializes like a plain Value.
 */
class ReturnedValue {
  readonly k = 'ret' as const;
  readonly method: MethodRef;
  readonly #computeArgs: () => Value[];
  #args: Value[] | undefined;

  constructor(method: MethodRef, computeArgs: () => Value[]) {
    this.method = method;
    this.#computeArgs = computeArgs;
  }

  get args(): Value[] {
    return (this.#args ??= this.#computeArgs());
  }
}

/** A 'field' value read by iget; the object it was read from is materialized on first access. */
class FieldReadValue {
  readonly k = 'field' as const;
  readonly field: FieldRef;
  readonly static = false;
  readonly #computeObject: () => Value;
  #object: Value | undefined;

  constructor(field: FieldRef, computeObject: () => Value) {
    this.field = field;
    this.#computeObject = computeObject;
  }

  get object(): Value {
    return (this.#object ??= this.#computeObject());
  }
}

function addRef(map: Map<string, Map<string, TargetRef[]>>, cls: string, name: string, ref: TargetRef): void {
  let byName = map.get(cls);
  if (!byName) map.set(cls, (byName = new Map()));
  let list = byName.get(name);
  if (!list) byName.set(name, (list = []));
  list.push(ref);
}

/**
 * Elements of the fill-array-data payload at `units[p]` ("fill-array-data-payload format"): bytes as a
 * Uint8Array copy for byte/boolean arrays; otherwise numbers, read as the element type says (char
 * unsigned, float/double as IEEE values, long as a double, exact only up to 2^53).
 */
function arrayPayloadData(units: Uint16Array, p: number, elemType: string | undefined): Uint8Array | number[] {
  const elementWidth = units[p + 1]!;
  const size = units[p + 2]! + units[p + 3]! * 0x10000;
  const byteOffset = units.byteOffset + (p + 4) * 2;
  const bytes = new Uint8Array(units.buffer, byteOffset, elementWidth * size);
  if (elementWidth === 1) return bytes.slice();
  const view = new DataView(units.buffer, byteOffset, elementWidth * size);
  const out: number[] = [];
  for (let i = 0; i < size; i++) {
    const o = i * elementWidth;
    switch (elementWidth) {
      case 2:
        out.push(elemType === 'C' ? view.getUint16(o, true) : view.getInt16(o, true));
        break;
      case 4:
        out.push(elemType === 'F' ? view.getFloat32(o, true) : view.getInt32(o, true));
        break;
      case 8:
        out.push(elemType === 'D' ? view.getFloat64(o, true) : Number(view.getBigInt64(o, true)));
        break;
      default:
        return bytes.slice();
    }
  }
  return out;
}

// The DEX folder's public surface, so that callers can import everything from here.
export { scanDexCode, type DexCodeTables } from './scan.js';
export {
  DexFile, formatFieldRef, formatMethodRef, isDex, parseDexEntries, type ClassData, type ClassDef, type CodeItem,
  type DexEntryFailure, type EncodedField, type EncodedMethod, type FieldRef, type MethodRef, type ProtoRef,
} from './dex-file.js';
export { decodeAll, decodeInstruction, formatInstruction, type Instruction } from './decoder.js';
