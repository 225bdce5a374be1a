/**
 * @module checks/android/code/dataflow-support
 * Reconstructs, inside one method, what a register holds at a call: a constant, or a string put together
 * from constant fragments and values of known origin (parameters, fields, UI text, intent extras, other
 * calls). The `code`, `ipc`, `secrets` and `network` check families use it to tell `rawQuery("SELECT …")`
 * from `rawQuery("SELECT … '" + name + "'")`, or `exec("which su")` from `exec(lineFromSocket)`.
 *
 * How: the method's instructions are decoded on demand (only methods that call a sink of interest) and a
 * register is followed back to the instruction that last wrote it *in address order* — the same linear
 * approximation the code index uses (formats/dex/scan.ts), blind to branches. String building is
 * recognised in the shapes compilers emit (Java Language Specification §15.18.1 lowered by javac, dx, D8
 * and R8): `new StringBuilder(…)` followed by `append` calls on the same register or chained through
 * `move-result`, `String.concat`, `String.format`, `String.valueOf`. A field read resolves to a constant when
 * every write of that field anywhere in the app stores the same constant string (e.g. `protocol = "http://"`
 * in a constructor). Every walk has a step budget, so hostile code cannot make it slow.
 */
import type { Instruction } from '../../../formats/dex/decoder.js';
import type { CallSite, CodeIndex, FieldRef, MethodRef } from '../../../formats/dex/index.js';
import {
  accessedField, decodeMethod, indexAt, invokedMethod, isMoveResult, isRegisterMove, lookup, methodIdsNamed, methodKey,
  loadedString, referencedType, simpleTypeName, writesRegister, type DecodedMethod,
} from '../bytecode-support.js';

// ------------------------------------------------------------------------------------------- naming

/** `SQLiteDatabase.rawQuery`: short form for messages and evidence (a constructor stays `<init>`). */
export function shortCall(m: Pick<MethodRef, 'classType' | 'name'>): string {
  return `${simpleTypeName(m.classType)}.${m.name}`;
}

/** A string constant quoted for evidence, cut to a readable length. */
export function quote(s: string, max = 60): string {
  return JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);
}

/** Groups items by calling method, keeping first-seen order (index order, so deterministic). */
export function byMethod<T extends { method: MethodRef }>(items: readonly T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const it of items) {
    const k = methodKey(it.method);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(it);
  }
  return [...groups.values()];
}

// ------------------------------------------------------------------------------------------- decoding

// Wide writes (move-wide, move-result-wide, const-wide, aget-wide, iget-wide, sget-wide) also clobber the
// register after vA.
const WIDE_WRITE = new Set([0x04, 0x05, 0x06, 0x0b, 0x16, 0x17, 0x18, 0x19, 0x45, 0x53, 0x61]);

function writes(ins: Instruction, reg: number): boolean {
  if (writesRegister(ins, reg)) return true;
  const a = ins.registers[0];
  return a !== undefined && a + 1 === reg && WIDE_WRITE.has(ins.opcode);
}

/**
 * Where the value of `reg` just before instruction `at` comes from: the writing instruction (a move-result
 * resolves to its invoke, a register move to the moved register's source), or the parameter number.
 */
export type Definition =
  | { kind: 'insn'; index: number; ins: Instruction }
  | { kind: 'param'; index: number }
  | { kind: 'unknown' };

export function definitionOf(d: DecodedMethod, at: number, reg: number, hops = 12): Definition {
  for (let i = at - 1; i >= 0; i--) {
    const ins = d.insns[i]!;
    if (!writes(ins, reg)) continue;
    if (isMoveResult(ins)) {
      const prev = d.insns[i - 1];
      if (prev && (prev.name.startsWith('invoke-') || prev.name.startsWith('filled-new-array'))) return { kind: 'insn', index: i - 1, ins: prev };
      return { kind: 'unknown' };
    }
    if (isRegisterMove(ins)) return hops > 0 ? definitionOf(d, i, ins.registers[1]!, hops - 1) : { kind: 'unknown' };
    return { kind: 'insn', index: i, ins };
  }
  const p = d.paramOfReg.get(reg);
  return p !== undefined && p >= 0 ? { kind: 'param', index: p } : { kind: 'unknown' };
}

/** Register of argument `arg` (receiver first for instance calls; a wide argument takes two registers). */
export function argRegister(ins: Instruction, target: MethodRef, arg: number): number | undefined {
  const isStatic = ins.name.startsWith('invoke-static');
  let r = 0;
  let a = 0;
  if (!isStatic) {
    if (arg === 0) return ins.registers[0];
    r = 1;
    a = 1;
  }
  for (const p of target.proto.params) {
    if (a === arg) return ins.registers[r];
    r += p === 'J' || p === 'D' ? 2 : 1;
    a++;
  }
  return undefined;
}

// ------------------------------------------------------------------------------------------- strings

/** Where a non-constant piece of a value comes from. */
export type Origin =
  | { kind: 'param'; index: number }
  | { kind: 'field'; field: FieldRef }
  /** Text the user typed: TextView/EditText.getText(). */
  | { kind: 'ui' }
  /** Data another app can send: Intent/Bundle extras, Uri parts, a socket or HTTP body. */
  | { kind: 'ipc'; call: MethodRef }
  /** A resource string looked up at run time (`getString(R.string.x)`). */
  | { kind: 'resource'; id: number }
  | { kind: 'call'; call: MethodRef }
  | { kind: 'unknown' };

export type Part =
  | { kind: 'const'; text: string }
  /** `numeric`: a number turned into text (append(int), String.valueOf(long)): it cannot carry syntax. */
  | { kind: 'dynamic'; origin: Origin; label: string; numeric?: boolean };

export interface StringExpr {
  parts: Part[];
}

export function isConstant(e: StringExpr): boolean {
  return e.parts.every((p) => p.kind === 'const');
}

export function constText(e: StringExpr): string {
  return e.parts.map((p) => (p.kind === 'const' ? p.text : '')).join('');
}

/** The expression as a reader writes it: `"SELECT … '" + p1 + "'"`. */
export function showExpr(e: StringExpr, max = 60): string {
  const merged: Part[] = [];
  for (const p of e.parts) {
    const last = merged[merged.length - 1];
    if (p.kind === 'const' && last?.kind === 'const') merged[merged.length - 1] = { kind: 'const', text: last.text + p.text };
    else merged.push(p);
  }
  if (merged.length === 0) return '""';
  return merged.map((p) => (p.kind === 'const' ? quote(p.text, max) : p.label)).join(' + ');
}

const SB_TYPES = new Set(['Ljava/lang/StringBuilder;', 'Ljava/lang/StringBuffer;']);
const STRING = 'Ljava/lang/String;';

// Calls whose result is data from outside the app's process (another app, the network, a file a peer
// controls): an intent's extras and data, a Bundle, a content URI's parts, lines read from a stream.
const IPC_SOURCES: ReadonlyArray<[string, RegExp]> = [
  ['Landroid/content/Intent;', /^(get\w*Extra|getExtras|getData|getDataString|getAction)$/],
  ['Landroid/os/Bundle;', /^get/],
  ['Landroid/net/Uri;', /^(getQueryParameter|getPath|getLastPathSegment|getQuery|getFragment|getHost|toString|getPathSegments)$/],
  ['Ljava/io/BufferedReader;', /^readLine$/],
  ['Ljava/io/DataInputStream;', /^(readUTF|readLine)$/],
  ['Landroid/webkit/WebView;', /^getUrl$/],
];

function ipcSource(m: MethodRef): boolean {
  for (const [cls, name] of IPC_SOURCES) if (m.classType === cls && name.test(m.name)) return true;
  return false;
}

/** TextView/EditText (and AppCompat/Material subclasses) getText(): what the user typed. */
function uiSource(m: MethodRef): boolean {
  return m.name === 'getText' && m.proto.params.length === 0 && /(EditText|TextView|TextInputEditText|AutoCompleteTextView);$/.test(m.classType);
}

/** Calls that return their (string) receiver transformed but still built from it. */
const TRANSFORMS = new Set(['trim', 'toLowerCase', 'toUpperCase', 'strip', 'intern', 'toString', 'replace', 'replaceAll', 'substring']);

interface Budget {
  steps: number;
}

/**
 * The string (or string-convertible value) in `reg` just before instruction `at` of method `d`, as parts.
 * Undefined parts never occur: what cannot be followed is a `dynamic` part with an `unknown` origin.
 */
export function stringExprAt(code: CodeIndex, d: DecodedMethod, at: number, reg: number, budget: Budget = { steps: 200 }): StringExpr {
  return { parts: exprParts(code, d, at, reg, budget, 0) };
}

/** The string passed as argument `arg` (receiver first) of call `site`; undefined when its code cannot be read. */
export function stringArg(code: CodeIndex, site: CallSite, arg: number): StringExpr | undefined {
  const d = decodeMethod(code, site.method.classType, site.method);
  if (!d) return undefined;
  const at = indexAt(d, site.pc);
  if (at < 0) return undefined;
  const ins = d.insns[at]!;
  const reg = argRegister(ins, site.target, arg);
  if (reg === undefined) return undefined;
  return stringExprAt(code, d, at, reg);
}

function dyn(origin: Origin, label: string): Part[] {
  return [{ kind: 'dynamic', origin, label }];
}

function exprParts(code: CodeIndex, d: DecodedMethod, at: number, reg: number, budget: Budget, depth: number): Part[] {
  if (--budget.steps < 0 || depth > 24) return dyn({ kind: 'unknown' }, '…');
  const def = definitionOf(d, at, reg);
  if (def.kind === 'param') return dyn({ kind: 'param', index: def.index }, `p${def.index}`);
  if (def.kind === 'unknown') return dyn({ kind: 'unknown' }, '…');
  const { ins, index } = def;
  const op = ins.opcode;
  if (op === 0x1a || op === 0x1b) {
    const s = loadedString(d, ins);
    return s === undefined ? dyn({ kind: 'unknown' }, '…') : [{ kind: 'const', text: s }];
  }
  if (op >= 0x12 && op <= 0x15 && typeof ins.literal === 'number') return [{ kind: 'const', text: String(ins.literal) }];
  if (op >= 0x16 && op <= 0x19 && typeof ins.literal === 'bigint') return [{ kind: 'const', text: ins.literal.toString() }];
  if ((op >= 0x52 && op <= 0x58) || (op >= 0x60 && op <= 0x66)) {
    const f = accessedField(d, ins);
    if (!f) return dyn({ kind: 'unknown' }, '…');
    const c = constantField(code, f);
    if (c !== undefined) return [{ kind: 'const', text: c }];
    return dyn({ kind: 'field', field: f }, `${simpleTypeName(f.classType)}.${f.name}`);
  }
  if (op === 0x22) {
    const type = referencedType(d, ins);
    if (type !== undefined && SB_TYPES.has(type)) return builderParts(code, d, index, at, reg, budget, depth);
    if (type === STRING) {
      // new String(x): the text of x when it is a string or a char[]/byte[] we cannot read.
      for (let i = index + 1; i < at; i++) {
        const c = d.insns[i]!;
        if (c.registers[0] !== reg || !c.name.startsWith('invoke-direct')) continue;
        const m = invokedMethod(d, c);
        if (m?.name === '<init>' && m.classType === STRING) {
          if (m.proto.params[0] === STRING) return exprParts(code, d, i, c.registers[1]!, budget, depth + 1);
          return dyn({ kind: 'call', call: m }, 'new String(…)');
        }
      }
    }
    return dyn({ kind: 'unknown' }, `new ${type ? simpleTypeName(type) : '?'}`);
  }
  if (ins.name.startsWith('invoke-')) {
    const m = invokedMethod(d, ins);
    if (!m) return dyn({ kind: 'unknown' }, '…');
    return callResultParts(code, d, index, ins, m, budget, depth);
  }
  return dyn({ kind: 'unknown' }, '…');
}

function callResultParts(code: CodeIndex, d: DecodedMethod, index: number, ins: Instruction, m: MethodRef, budget: Budget, depth: number): Part[] {
  const arg = (n: number): Part[] => {
    const r = argRegister(ins, m, n);
    return r === undefined ? dyn({ kind: 'unknown' }, '…') : exprParts(code, d, index, r, budget, depth + 1);
  };
  if (SB_TYPES.has(m.classType)) {
    if (m.name === 'toString') return builderChain(code, d, index, ins.registers[0]!, budget, depth);
    if (m.name === 'append') {
      const r = argRegister(ins, m, 1);
      const appended = r === undefined ? dyn({ kind: 'unknown' }, '…') : appendedParts(code, d, index, r, m, budget, depth);
      return [...builderChain(code, d, index, ins.registers[0]!, budget, depth), ...appended];
    }
  }
  if (m.classType === STRING) {
    if (m.name === 'concat') return [...arg(0), ...arg(1)];
    if (m.name === 'valueOf' && m.proto.params.length === 1) return numericIf(m.proto.params[0]!, arg(0));
    if (m.name === 'format') {
      const fmtArg = m.proto.params[0] === STRING ? 0 : 1;
      const fmt = arg(fmtArg);
      const reg = argRegister(ins, m, fmtArg + 1);
      const values = reg === undefined ? undefined : arrayElementExprs(code, d, index, reg, budget, depth);
      return formatParts(fmt, values);
    }
    if (m.name === 'join') return dyn({ kind: 'call', call: m }, 'String.join(…)');
    if (TRANSFORMS.has(m.name)) return arg(0);
  }
  if (/^Ljava\/lang\/(Integer|Long|Short|Byte|Boolean|Double|Float);$/.test(m.classType) && m.name === 'toString') {
    return m.proto.params.length === 1 ? numericIf(m.proto.params[0]!, arg(0)) : markNumeric(exprParts(code, d, index, ins.registers[0]!, budget, depth + 1));
  }
  if (m.name === 'toString' && m.proto.params.length === 0 && ins.registers.length === 1) {
    // Object.toString() on an Editable (getText()) or on another string-ish value.
    return exprParts(code, d, index, ins.registers[0]!, budget, depth + 1);
  }
  if (uiSource(m)) return dyn({ kind: 'ui' }, `${simpleTypeName(m.classType)}.getText()`);
  if (ipcSource(m)) return dyn({ kind: 'ipc', call: m }, `${shortCall(m)}(…)`);
  if ((m.name === 'getString' || m.name === 'getText') && m.proto.params[0] === 'I' && m.proto.params.length === 1) {
    const id = exprParts(code, d, index, argRegister(ins, m, 1) ?? -1, budget, depth + 1);
    const c = id.length === 1 && id[0]!.kind === 'const' ? Number(id[0]!.text) : NaN;
    if (Number.isInteger(c)) return dyn({ kind: 'resource', id: c >>> 0 }, `getString(0x${(c >>> 0).toString(16)})`);
  }
  return dyn({ kind: 'call', call: m }, `${shortCall(m)}(…)`);
}

/** Parts a StringBuilder in `reg` holds just before instruction `at`. */
function builderChain(code: CodeIndex, d: DecodedMethod, at: number, reg: number, budget: Budget, depth: number): Part[] {
  if (--budget.steps < 0 || depth > 24) return dyn({ kind: 'unknown' }, '…');
  const def = definitionOf(d, at, reg);
  if (def.kind !== 'insn') return dyn(def.kind === 'param' ? { kind: 'param', index: def.index } : { kind: 'unknown' }, '…');
  const { ins, index } = def;
  if (ins.opcode === 0x22) return builderParts(code, d, index, at, reg, budget, depth);
  if (ins.name.startsWith('invoke-')) {
    const m = invokedMethod(d, ins);
    if (m && SB_TYPES.has(m.classType) && m.name === 'append') {
      const r = argRegister(ins, m, 1);
      const appended = r === undefined ? dyn({ kind: 'unknown' }, '…') : appendedParts(code, d, index, r, m, budget, depth);
      return [...builderChain(code, d, index, ins.registers[0]!, budget, depth + 1), ...appended];
    }
  }
  return dyn({ kind: 'unknown' }, '…');
}

/**
 * A builder created by `new-instance` at `from`: its constructor argument and every `append` made on the
 * same register before `to` (the javac/dx shape, where append results are discarded).
 */
function builderParts(code: CodeIndex, d: DecodedMethod, from: number, to: number, reg: number, budget: Budget, depth: number): Part[] {
  const out: Part[] = [];
  for (let i = from + 1; i < to; i++) {
    const ins = d.insns[i]!;
    if (ins.registers[0] !== reg || !ins.name.startsWith('invoke-')) continue;
    const m = invokedMethod(d, ins);
    if (!m || !SB_TYPES.has(m.classType)) continue;
    if (m.name === '<init>' && m.proto.params.length === 1 && m.proto.params[0] !== 'I') {
      out.push(...exprParts(code, d, i, ins.registers[1]!, budget, depth + 1));
    } else if (m.name === 'append') {
      const r = argRegister(ins, m, 1);
      if (r !== undefined) out.push(...appendedParts(code, d, i, r, m, budget, depth));
    }
  }
  return out;
}

function appendedParts(code: CodeIndex, d: DecodedMethod, at: number, reg: number, m: MethodRef, budget: Budget, depth: number): Part[] {
  const p = exprParts(code, d, at, reg, budget, depth + 1);
  // append(char) with a constant: the character, not its code.
  if (m.proto.params[0] === 'C' && p.length === 1 && p[0]!.kind === 'const' && /^-?\d+$/.test(p[0]!.text)) {
    return [{ kind: 'const', text: String.fromCharCode(Number(p[0]!.text) & 0xffff) }];
  }
  return numericIf(m.proto.params[0]!, p);
}

/** Number types (not char: a char can be a quote). */
const NUMBER_TYPES = new Set(['I', 'J', 'S', 'B', 'F', 'D', 'Z']);

function numericIf(paramType: string, parts: Part[]): Part[] {
  return NUMBER_TYPES.has(paramType) ? markNumeric(parts) : parts;
}

function markNumeric(parts: Part[]): Part[] {
  return parts.map((p) => (p.kind === 'dynamic' ? { ...p, numeric: true } : p));
}

// java.util.Formatter conversions ("Format String Syntax"): %s, %d, %1$s, %-10s, %.2f…; %% and %n are literal.
const FORMAT_SPECIFIER = /%(\d+\$)?[-#+ 0,(<]*\d*(\.\d+)?([a-zA-Z%])/g;

/**
 * `String.format(fmt, args)` as parts: the constant format with each conversion replaced by the
 * corresponding argument (arguments are unknown when the array is not built here).
 */
function formatParts(fmt: Part[], values: StringExpr[] | undefined): Part[] {
  if (fmt.length !== 1 || fmt[0]!.kind !== 'const') return [...fmt, ...(values ?? []).flatMap((v) => v.parts)];
  const text = fmt[0]!.text;
  const out: Part[] = [];
  let last = 0;
  let next = 0;
  for (const m of text.matchAll(FORMAT_SPECIFIER)) {
    const conv = m[3]!;
    if (conv === '%' || conv === 'n') continue;
    out.push({ kind: 'const', text: text.slice(last, m.index) });
    last = m.index + m[0].length;
    const n = m[1] ? Number(m[1].slice(0, -1)) - 1 : next++;
    const v = values?.[n];
    const parts = v ? v.parts : dyn({ kind: 'unknown' }, '…');
    out.push(...(/[dxXofeEgGaAbBhHc]/.test(conv) && conv !== 'c' ? markNumeric(parts) : parts));
  }
  out.push({ kind: 'const', text: text.slice(last) });
  return out.filter((p) => p.kind !== 'const' || p.text !== '');
}

/**
 * The elements of an array held in `reg` before instruction `at`, when the array is made in this method
 * with a constant length and filled with aput-object at constant indices; undefined otherwise.
 */
export function arrayElementExprs(code: CodeIndex, d: DecodedMethod, at: number, reg: number, budget: Budget = { steps: 200 }, depth = 0): StringExpr[] | undefined {
  const def = definitionOf(d, at, reg);
  if (def.kind !== 'insn') return undefined;
  const { ins, index } = def;
  if (ins.name.startsWith('filled-new-array')) {
    return ins.registers.map((r) => ({ parts: exprParts(code, d, index, r, budget, depth + 1) }));
  }
  if (ins.opcode !== 0x23) return undefined;
  const lengthDef = definitionOf(d, index, ins.registers[1]!);
  const length = lengthDef.kind === 'insn' && typeof lengthDef.ins.literal === 'number' ? lengthDef.ins.literal : -1;
  if (length < 0 || length > 64) return undefined;
  const out: StringExpr[] = Array.from({ length }, () => ({ parts: dyn({ kind: 'unknown' }, '…') }));
  for (let i = index + 1; i < at; i++) {
    const a = d.insns[i]!;
    if (a.opcode === 0x4d && a.registers[1] === reg) {
      // aput-object vValue, vArray, vIndex
      const idx = definitionOf(d, i, a.registers[2]!);
      const n = idx.kind === 'insn' && typeof idx.ins.literal === 'number' ? idx.ins.literal : -1;
      if (n >= 0 && n < length) out[n] = { parts: exprParts(code, d, i, a.registers[0]!, budget, depth + 1) };
    } else if (writes(a, reg)) break;
  }
  return out;
}

const fieldConstCache = new WeakMap<CodeIndex, Map<string, string | null>>();

/**
 * The constant string a field always holds: every write of it in the app stores the same const-string.
 * (Compile-time constants are inlined by javac; this catches `protocol = "http://"` set in a constructor.)
 */
export function constantField(code: CodeIndex, f: FieldRef): string | undefined {
  if (f.type !== STRING) return undefined;
  let cache = fieldConstCache.get(code);
  if (!cache) fieldConstCache.set(code, (cache = new Map()));
  const key = `${f.classType}->${f.name}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  let value: string | null = null;
  let writesSeen = 0;
  for (const a of code.fieldAccesses(f.classType, f.name)) {
    if (!a.write) continue;
    writesSeen++;
    if (a.value?.k !== 'str' || (value !== null && value !== a.value.v)) {
      value = null;
      writesSeen = -1;
      break;
    }
    value = a.value.v;
  }
  if (writesSeen <= 0) value = null;
  cache.set(key, value);
  return value ?? undefined;
}

/** Dynamic parts of an expression, each with its origin, for evidence. */
export function dynamicParts(e: StringExpr): Array<Extract<Part, { kind: 'dynamic' }>> {
  return e.parts.filter((p): p is Extract<Part, { kind: 'dynamic' }> => p.kind === 'dynamic');
}

/** Readable origin of a dynamic part, e.g. "parameter 1 of search(String)", "text typed in the UI". */
export function describeOrigin(o: Origin, method?: MethodRef): string {
  switch (o.kind) {
    case 'param':
      return method ? `parameter ${o.index} of ${method.name}(${method.proto.params.map(simpleTypeName).join(', ')})` : `parameter ${o.index}`;
    case 'field':
      return `field ${simpleTypeName(o.field.classType)}.${o.field.name}`;
    case 'ui':
      return 'text typed in the UI';
    case 'ipc':
      return `${shortCall(o.call)}() (data from outside the app)`;
    case 'resource':
      return `resource 0x${o.id.toString(16)}`;
    case 'call':
      return `${shortCall(o.call)}()`;
    default:
      return 'a value computed at run time';
  }
}

/**
 * For a value that is parameter `param` (receiver = 0) of method `m`: what the callers pass there, each
 * caller's argument reconstructed in the caller. Only calls naming exactly `m` are followed (not virtual
 * dispatch through a supertype), and at most `max` of them, so the cost stays bounded.
 */
export function argumentsFromCallers(code: CodeIndex, m: MethodRef, param: number, max = 12): Array<{ site: CallSite; expr: StringExpr }> {
  const out: Array<{ site: CallSite; expr: StringExpr }> = [];
  for (const site of code.callsTo(m.classType, m.name, m.descriptor)) {
    if (out.length >= max) break;
    const expr = stringArg(code, site, param);
    if (expr) out.push({ site, expr });
  }
  return out;
}

/** The elements of a String[] passed as argument `arg` of `site`, when the array is built in the caller. */
export function stringArrayArg(code: CodeIndex, site: CallSite, arg: number): StringExpr[] | undefined {
  const d = decodeMethod(code, site.method.classType, site.method);
  if (!d) return undefined;
  const at = indexAt(d, site.pc);
  if (at < 0) return undefined;
  const reg = argRegister(d.insns[at]!, site.target, arg);
  return reg === undefined ? undefined : arrayElementExprs(code, d, at, reg);
}

const namedCache = new WeakMap<CodeIndex, Map<string, CallSite[]>>();

/**
 * Calls, on any class, of methods named `name` (a call to an inherited method names the caller's class,
 * e.g. `MyActivity->sendBroadcast`). Found without walking every call target: the name is looked up in each
 * DEX's sorted string_ids (binary search; ART's verifier rejects unsorted string_ids, "DEX format:
 * string_ids"), the method_ids using it give the classes, and `callsTo(class, name)` the sites.
 */
export function callsNamed(code: CodeIndex, name: string, descriptors?: readonly string[]): readonly CallSite[] {
  let map = namedCache.get(code);
  if (!map) namedCache.set(code, (map = new Map()));
  const key = descriptors ? `${name}${descriptors.join('|')}` : name;
  const hit = map.get(key);
  if (hit) return hit;
  const classes = new Set<string>();
  for (const dex of code.dexFiles) {
    for (const m of methodIdsNamed(dex, name)) {
      const cls = lookup(() => dex.typeName(dex.methodClassIdx[m]!));
      if (cls !== undefined) classes.add(cls);
    }
  }
  const out: CallSite[] = [];
  for (const cls of [...classes].sort()) {
    if (!descriptors) out.push(...code.callsTo(cls, name));
    else for (const d of descriptors) out.push(...code.callsTo(cls, name, d));
  }
  map.set(key, out);
  return out;
}
