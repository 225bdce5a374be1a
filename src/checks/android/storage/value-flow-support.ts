/**
 * @module checks/android/storage/value-flow-support
 * Following a value a little further than the code index does, for the storage, logging and WebView
 * families:
 *
 * - `concatenationParts`: the pieces of a string built with `StringBuilder`/`StringBuffer` (chained or not,
 *   with `new StringBuilder(x)`), `String.concat` and `String.format`, seen through `getBytes()`, `trim()`
 *   and `String.valueOf`, read from the method's instructions (a builder's appends are calls on the same
 *   register between its `new-instance` and `toString`);
 * - `reachingValues`: every value an argument register can hold at a call when the method branches (the code
 *   index keeps only the last write in address order, so `x = uri != null ? uri.getQueryParameter("u") :
 *   DEFAULT` shows only DEFAULT): a backward walk over the control-flow graph of one method;
 * - `inputSource`: whether a value comes from outside the app's control (an intent extra, a deep-link URI,
 *   text the user typed, a path on shared external storage), looking through wrappers (`toString`, `trim`,
 *   `Uri.parse`, `Bundle.getString`) and through fields written elsewhere with such a value.
 *
 * All of it is intraprocedural and approximate (no aliasing, fields resolved by name); checks use it to
 * raise or explain a finding, never as proof. Code that cannot be decoded yields the index's own values.
 */
import type { AndroidApp } from '../../../app/android.js';
import type { Instruction } from '../../../formats/dex/decoder.js';
import type { CallSite, CodeIndex, FieldRef, MethodRef, Value } from '../../../formats/dex/index.js';
import {
  accessedField, argumentRegister, decodeMethod, definitionOf, indexAt, invokedMethod, isInvoke, loadedString, methodKey,
  quote, writesRegister, type DecodedMethod,
} from '../bytecode-support.js';
import { isLibrary } from '../support.js';

const STRING = 'Ljava/lang/String;';
const BUILDERS = new Set(['Ljava/lang/StringBuilder;', 'Ljava/lang/StringBuffer;']);
const MAX_PARTS = 64;
const MAX_DEPTH = 8;

/**
 * How far back (in instructions) a definition or a builder's appends are looked for. Real code defines a
 * value close to its use; the bound keeps crafted methods with tens of thousands of instructions linear.
 */
const SCAN_WINDOW = 3000;

/**
 * The instruction that last wrote `reg` before instruction `at` in address order (the code index's own
 * approximation), looking back at most SCAN_WINDOW instructions per step; undefined for a parameter or an
 * unknown source.
 */
function definitionBefore(d: DecodedMethod, at: number, reg: number): Instruction | undefined {
  return definitionOf(d, at, reg, 8, SCAN_WINDOW);
}

/** The parameter number (as `Value` counts them: `this` is 0 for instance methods) of a register, if any. */
function parameterOfRegister(d: DecodedMethod, reg: number): number | undefined {
  const p = d.paramOfReg.get(reg);
  return p !== undefined && p >= 0 ? p : undefined;
}

/**
 * The abstract value an instruction writes (for an invoke: its result). A call's argument values are
 * computed from the method's own instructions on first access, so asking for a piece does not make the
 * code index build the call sites of a target as common as `StringBuilder.append`.
 */
function valueOfDefinition(code: CodeIndex, d: DecodedMethod, def: Instruction, depth = 0): Value {
  if (isInvoke(def)) {
    const target = invokedMethod(d, def);
    if (!target) return { k: 'unknown' };
    let args: Value[] | undefined;
    return {
      k: 'ret',
      method: target,
      get args(): Value[] {
        return (args ??= invokeArguments(code, d, def, target, depth + 1));
      },
    };
  }
  const s = loadedString(d, def);
  if (s !== undefined) return { k: 'str', v: s };
  if (def.name.startsWith('const') && typeof def.literal === 'number' && !def.name.startsWith('const-class')) {
    return { k: 'int', v: def.literal };
  }
  if (def.name.startsWith('iget') || def.name.startsWith('sget')) {
    const field = accessedField(d, def);
    if (field) return { k: 'field', field, static: def.name.startsWith('sget') };
  }
  if ((def.name === 'new-instance' || def.name === 'const-class') && def.index !== undefined) {
    const i = def.index;
    try {
      const type = d.body.dexFile.typeName(i);
      return def.name === 'new-instance' ? { k: 'new', type } : { k: 'class', type };
    } catch {
      return { k: 'unknown' };
    }
  }
  return { k: 'unknown' };
}

/** The values of an invoke's arguments (receiver first), as its registers hold them at the call. */
function invokeArguments(code: CodeIndex, d: DecodedMethod, ins: Instruction, target: MethodRef, depth: number): Value[] {
  const at = indexAt(d, ins.pc);
  const count = target.proto.params.length + (ins.name.startsWith('invoke-static') ? 0 : 1);
  const out: Value[] = [];
  for (let i = 0; i < count; i++) {
    const reg = argumentRegister(ins, target, i);
    out.push(reg === undefined || depth > MAX_DEPTH ? { k: 'unknown' } : registerValue(code, d, at, reg, depth).value);
  }
  return out;
}

/** The value register `reg` holds just before instruction `at` (address order, as the index computes it). */
function registerValue(code: CodeIndex, d: DecodedMethod, at: number, reg: number, depth = 0): { value: Value; def: number } {
  const def = definitionBefore(d, at, reg);
  if (!def) {
    const p = at <= SCAN_WINDOW ? parameterOfRegister(d, reg) : undefined;
    return { value: p === undefined ? { k: 'unknown' } : { k: 'param', index: p }, def: -1 };
  }
  return { value: valueOfDefinition(code, d, def, depth), def: indexAt(d, def.pc) };
}

// ------------------------------------------------------------------------------------------ concatenation

function isBuilderToString(m: MethodRef): boolean {
  return BUILDERS.has(m.classType) && m.name === 'toString' && m.proto.params.length === 0;
}

/**
 * The pieces of the string passed as argument `arg` (receiver first) of a call, in order: constants,
 * values appended to a builder, both sides of `String.concat`, the format of `String.format` (its arguments
 * sit in an array the index does not track). A value that is not built from pieces is its own only piece.
 */
export function concatenationParts(code: CodeIndex, site: CallSite, arg: number): Value[] {
  const direct = site.args[arg];
  if (!direct) return [];
  if (direct.k !== 'ret' || !isBuiltString(direct.method)) return [direct];
  const d = decodeMethod(code, site.classType, site.method);
  const at = d ? indexAt(d, site.pc) : -1;
  const reg = d && at >= 0 ? argumentRegister(d.insns[at]!, site.target, arg) : undefined;
  if (!d || reg === undefined) return flattenValue(direct);
  const out: Value[] = [];
  partsOfRegister(code, d, at, reg, out, 0);
  return out;
}

// String calls whose result is their receiver's (or only argument's) text in another form.
const STRING_VIEWS = new Set(['getBytes', 'toCharArray', 'valueOf', 'trim', 'strip', 'intern']);

function isBuiltString(m: MethodRef): boolean {
  return isBuilderToString(m) || (m.classType === STRING && (m.name === 'concat' || m.name === 'format' || STRING_VIEWS.has(m.name)));
}

/** Without instructions: follow chained appends through the values alone. */
function flattenValue(v: Value, depth = 0): Value[] {
  if (v.k !== 'ret' || depth > MAX_DEPTH) return [v];
  const m = v.method;
  if (isBuilderToString(m)) {
    const out: Value[] = [];
    let cur: Value | undefined = v.args[0];
    const rev: Value[] = [];
    while (cur && cur.k === 'ret' && BUILDERS.has(cur.method.classType) && cur.method.name === 'append' && rev.length < MAX_PARTS) {
      if (cur.args[1]) rev.push(cur.args[1]);
      cur = cur.args[0];
    }
    for (let i = rev.length - 1; i >= 0; i--) out.push(...flattenValue(rev[i]!, depth + 1));
    return out;
  }
  if (m.classType === STRING && m.name === 'concat') return v.args.flatMap((a) => flattenValue(a, depth + 1));
  if (m.classType === STRING && m.name === 'format') return v.args.filter((a) => a.k === 'str' || a.k === 'array');
  return [v];
}

function partsOfRegister(code: CodeIndex, d: DecodedMethod, at: number, reg: number, out: Value[], depth: number): void {
  if (out.length >= MAX_PARTS) return;
  const { value, def } = registerValue(code, d, at, reg);
  if (depth >= MAX_DEPTH || value.k !== 'ret' || def < 0) {
    out.push(value);
    return;
  }
  const m = value.method;
  const ins = d.insns[def]!;
  if (isBuilderToString(m)) {
    builderParts(code, d, def, ins.registers[0]!, out, depth + 1);
    return;
  }
  if (m.classType === STRING && m.name === 'concat' && ins.registers.length >= 2) {
    partsOfRegister(code, d, def, ins.registers[0]!, out, depth + 1);
    partsOfRegister(code, d, def, ins.registers[1]!, out, depth + 1);
    return;
  }
  if (m.classType === STRING && m.name === 'format') {
    // format(String, Object[]) or format(Locale, String, Object[]): the format and the (untracked) arguments.
    for (const a of value.args) if (a.k === 'str' || a.k === 'array') out.push(a);
    return;
  }
  if (m.classType === STRING && STRING_VIEWS.has(m.name) && ins.registers.length >= 1 &&
      (m.name !== 'valueOf' || m.proto.params[0] === 'Ljava/lang/Object;' || m.proto.params[0] === '[C')) {
    // "…".getBytes(), s.trim(), String.valueOf(obj): the text is the receiver's (or the argument's).
    partsOfRegister(code, d, def, ins.registers[0]!, out, depth + 1);
    return;
  }
  out.push(value);
}

/**
 * Walks back from a builder's `toString` (instruction `from`) over the calls made on the same builder
 * register, to its `new-instance`, and adds what was appended, in order. Straight-line code only: a
 * builder is filled in one basic block in practically all compiled code.
 */
function builderParts(code: CodeIndex, d: DecodedMethod, from: number, builderReg: number, out: Value[], depth: number): void {
  const pieces: { at: number; reg: number }[] = [];
  let b = builderReg;
  for (let k = from - 1, stop = Math.max(0, from - SCAN_WINDOW); k >= stop && pieces.length < MAX_PARTS; k--) {
    const ins = d.insns[k]!;
    if (isInvoke(ins) && ins.registers[0] === b) {
      const t = invokedMethod(d, ins);
      if (t && BUILDERS.has(t.classType)) {
        if (t.name === 'append' && t.proto.params.length === 1) {
          const r = argumentRegister(ins, t, 1);
          if (r !== undefined) pieces.push({ at: k, reg: r });
          continue;
        }
        if (t.name === '<init>') {
          if (t.proto.params.length === 1 && t.proto.params[0] !== 'I') {
            const r = argumentRegister(ins, t, 1);
            if (r !== undefined) pieces.push({ at: k, reg: r });
          }
          break;
        }
      }
      continue;
    }
    if (ins.name === 'new-instance' && ins.registers[0] === b) break;
    if (writesRegister(ins, b)) {
      if (ins.name.startsWith('move-result')) {
        // Chained form: `invoke append {vB, vX}; move-result-object vA` — the builder continues in vB.
        const prev = d.insns[k - 1];
        const t = prev && isInvoke(prev) ? invokedMethod(d, prev) : undefined;
        if (prev && t && BUILDERS.has(t.classType) && prev.registers[0] !== undefined) {
          b = prev.registers[0];
          continue;
        }
        break;
      }
      if (/^move-object(\/from16|\/16)?$/.test(ins.name) && ins.registers[1] !== undefined) {
        b = ins.registers[1];
        continue;
      }
      break;
    }
  }
  for (let i = pieces.length - 1; i >= 0; i--) partsOfRegister(code, d, pieces[i]!.at, pieces[i]!.reg, out, depth);
}

// ------------------------------------------------------------------------------------------ branches

const MAX_EXCEPTION_EDGES = 50_000;

/** Index of the first instruction at or after code address `pc`. */
function lowerBound(d: DecodedMethod, pc: number): number {
  let lo = 0, hi = d.insns.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (d.insns[mid]!.pc < pc) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface Flow {
  preds: number[][];
}

const flowCache = new WeakMap<DecodedMethod, Flow>();

/** Predecessor lists of a method's instructions: fall-through, branches, switches, exception handlers. */
function flowOf(d: DecodedMethod): Flow {
  const hit = flowCache.get(d);
  if (hit) return hit;
  const n = d.insns.length;
  const preds: number[][] = Array.from({ length: n }, () => []);
  const edge = (from: number, toPc: number): void => {
    const to = indexAt(d, toPc);
    if (to >= 0) preds[to]!.push(from);
  };
  for (let i = 0; i < n; i++) {
    const ins = d.insns[i]!;
    if (ins.name.endsWith('-payload')) continue;
    const name = ins.name;
    const ends = name.startsWith('return') || name === 'throw' || name.startsWith('goto');
    if (!ends && i + 1 < n) preds[i + 1]!.push(i);
    if ((name.startsWith('goto') || name.startsWith('if-')) && ins.target !== undefined) edge(i, ins.target);
    if ((name === 'packed-switch' || name === 'sparse-switch') && ins.target !== undefined) {
      const p = d.insns[indexAt(d, ins.target)];
      const payload = p?.payload;
      if (payload && payload.kind !== 'fill-array-data') for (const rel of payload.targets) edge(i, ins.pc + rel);
    }
  }
  // Exception edges: every instruction of a try range may reach each of its handlers. Bounded in total, so
  // that a crafted method with many overlapping try ranges cannot make the graph quadratic.
  let budget = MAX_EXCEPTION_EDGES;
  for (const t of d.body.tries) {
    const end = t.startAddr + t.insnCount;
    const first = lowerBound(d, t.startAddr);
    for (const h of t.handlers) {
      const to = indexAt(d, h.addr);
      if (to < 0) continue;
      for (let i = first; i < n && d.insns[i]!.pc < end && budget > 0; i++, budget--) preds[to]!.push(i);
    }
  }
  const flow = { preds };
  flowCache.set(d, flow);
  return flow;
}

const MAX_VISITS = 4000;

/**
 * Every value argument `arg` of the call can hold, over all paths through the method (the index's value
 * first). Falls back to the index's single value when the method cannot be decoded.
 */
export function reachingValues(code: CodeIndex, site: CallSite, arg: number): Value[] {
  const direct = site.args[arg];
  const out: Value[] = direct ? [direct] : [];
  const d = decodeMethod(code, site.classType, site.method);
  if (!d) return out;
  const at = indexAt(d, site.pc);
  const reg = at >= 0 ? argumentRegister(d.insns[at]!, site.target, arg) : undefined;
  if (reg === undefined) return out;
  const { preds } = flowOf(d);
  const seen = new Set<string>();
  const work: { i: number; reg: number }[] = preds[at]!.map((i) => ({ i, reg }));
  let visits = 0;
  // Registers that reach the method's entry without a write: they hold the parameters.
  const atEntry = new Set<number>();
  while (work.length > 0 && visits++ < MAX_VISITS) {
    const { i, reg: r } = work.pop()!;
    const key = `${i}:${r}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const ins = d.insns[i]!;
    let live = r;
    if (writesRegister(ins, r)) {
      const from = ins.registers[1];
      if (!/^move(-object|-wide)?(\/from16|\/16)?$/.test(ins.name) || from === undefined) {
        const def = ins.name.startsWith('move-result') ? d.insns[i - 1] : ins;
        if (def) out.push(valueOfDefinition(code, d, def));
        continue;
      }
      live = from; // a move: keep looking for the source register
    }
    if (i === 0) atEntry.add(live);
    for (const p of preds[i]!) work.push({ i: p, reg: live });
  }
  for (const r of atEntry) {
    const p = parameterOfRegister(d, r);
    if (p !== undefined) out.push({ k: 'param', index: p });
  }
  return dedupe(out);
}

function dedupe(values: Value[]): Value[] {
  const seen = new Set<string>();
  const out: Value[] = [];
  for (const v of values) {
    const k = valueKey(v);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(v);
  }
  return out;
}

function valueKey(v: Value): string {
  switch (v.k) {
    case 'str':
      return `s:${v.v}`;
    case 'int':
      return `i:${v.v}`;
    case 'ret':
      return `r:${methodKey(v.method)}:${v.args.map((a) => (a.k === 'str' ? a.v : a.k)).join(',')}`;
    case 'field':
      return `f:${v.field.classType}.${v.field.name}`;
    case 'param':
      return `p:${v.index}`;
    case 'new':
    case 'class':
      return `${v.k}:${v.type}`;
    default:
      return v.k;
  }
}

// ------------------------------------------------------------------------------------------ sources

export type InputKind = 'intent' | 'deep link' | 'user input' | 'external storage';

/** Where an untrusted value comes from, in words an auditor can verify. */
export interface InputSource {
  kind: InputKind;
  /** E.g. `intent extra "url"`, `text typed in EditText R.id.card_number`. */
  label: string;
}

const INTENT = 'Landroid/content/Intent;';
const BUNDLES = new Set(['Landroid/os/Bundle;', 'Landroid/os/BaseBundle;', 'Landroid/os/PersistableBundle;']);
const URI = 'Landroid/net/Uri;';
const ENVIRONMENT = 'Landroid/os/Environment;';
const EXTERNAL_DIR_METHODS = new Set([
  'getExternalStorageDirectory', 'getExternalStoragePublicDirectory', 'getExternalFilesDir', 'getExternalFilesDirs',
  'getExternalCacheDir', 'getExternalCacheDirs', 'getExternalMediaDirs',
]);
// Calls whose result carries the content of their receiver or first argument unchanged for our purpose.
const PASS_THROUGH = new Set([
  'toString', 'valueOf', 'trim', 'strip', 'toLowerCase', 'toUpperCase', 'replace', 'replaceAll', 'substring',
  'decode', 'fromHtml', 'parse', 'getAbsolutePath', 'getPath', 'getCanonicalPath', 'getAbsoluteFile',
  'getCanonicalFile', 'toURI', 'fromFile', 'concat', 'intern', 'getEncodedPath', 'normalize', 'toURL',
  'toExternalForm', 'getParent', 'getParentFile',
]);

/**
 * The name a view is known by in the code: its id (`R.id.card_number`) for a `findViewById(id)` value when
 * the resources define it, or the field that holds it (`LoginActivity.pinField`). `name` is the bare name
 * (for matching), `label` the form shown in evidence.
 */
export function viewName(app: AndroidApp, v: Value | undefined): { name: string; label: string } | undefined {
  if (v?.k === 'ret' && (v.method.name === 'findViewById' || v.method.name === 'requireViewById')) {
    const id = v.args[v.args.length - 1];
    const entry = id?.k === 'int' ? app.resources?.nameOf(id.v >>> 0)?.entry : undefined;
    return entry !== undefined ? { name: entry, label: `R.id.${entry}` } : undefined;
  }
  if (v?.k === 'field') {
    const cls = v.field.classType;
    return { name: v.field.name, label: `${cls.slice(cls.lastIndexOf('/') + 1, -1)}.${v.field.name}` };
  }
  return undefined;
}

/** `Intent.getStringExtra("k")` → `"k"` (the constant key argument of a getter), if any. */
export function keyArgument(v: Extract<Value, { k: 'ret' }>): string | undefined {
  const k = v.args[1];
  return k?.k === 'str' ? k.v : undefined;
}

/** Whether a call returns what the user typed in a text field (`EditText.getText()`). */
export function isTypedText(m: MethodRef): boolean {
  return m.name === 'getText' && m.proto.params.length === 0 &&
    (m.proto.returnType === 'Landroid/text/Editable;' || /EditText;$/.test(m.classType));
}

/**
 * Whether `v` comes from outside the app's control: an intent (extras, data URI), text typed by the user, or
 * a path on shared external storage. Looks through pass-through calls and, one level deep, through fields
 * written elsewhere in the app with such a value.
 */
export function inputSource(app: AndroidApp, v: Value | undefined, depth = 0): InputSource | undefined {
  if (!v || depth > MAX_DEPTH) return undefined;
  if (v.k === 'field') return depth < 3 ? fieldSource(app, v.field, depth) : undefined;
  if (v.k !== 'ret') return undefined;
  const m = v.method;
  const c = m.classType;
  if (c === INTENT) {
    if (/^get.*Extra$/.test(m.name) || m.name === 'getExtras') {
      const key = keyArgument(v);
      return { kind: 'intent', label: key !== undefined ? `intent extra ${quote(key)}` : 'intent extras' };
    }
    if (m.name === 'getData' || m.name === 'getDataString') return { kind: 'deep link', label: 'the intent data URI' };
    if (m.name === 'getClipData') return { kind: 'intent', label: 'intent clip data' };
    return undefined;
  }
  if (BUNDLES.has(c) && m.name.startsWith('get')) {
    const from = inputSource(app, v.args[0], depth + 1);
    if (!from) return undefined;
    const key = keyArgument(v);
    return key !== undefined && from.label === 'intent extras' ? { kind: from.kind, label: `intent extra ${quote(key)}` } : from;
  }
  if (c === URI && m.name !== 'parse' && m.name !== 'fromFile') {
    const from = inputSource(app, v.args[0], depth + 1);
    if (!from) return undefined;
    const key = m.name === 'getQueryParameter' ? keyArgument(v) : undefined;
    return key !== undefined ? { kind: from.kind, label: `${from.label} (query parameter ${quote(key)})` } : from;
  }
  if (isTypedText(m)) {
    const view = viewName(app, v.args[0]);
    return { kind: 'user input', label: view ? `text typed in ${view.label}` : 'text typed in an EditText' };
  }
  if (EXTERNAL_DIR_METHODS.has(m.name) && (c === ENVIRONMENT) === m.name.startsWith('getExternalStorage')) {
    return { kind: 'external storage', label: `${c === ENVIRONMENT ? 'Environment' : 'Context'}.${m.name}()` };
  }
  if (PASS_THROUGH.has(m.name) || (BUILDERS.has(c) && m.name === 'toString')) {
    for (const a of v.args) {
      const s = inputSource(app, a, depth + 1);
      if (s) return s;
    }
  }
  return undefined;
}

/** The input source of the values an app writes into a field (first one found; bounded). */
function fieldSource(app: AndroidApp, field: FieldRef, depth: number): InputSource | undefined {
  if (isLibrary(app, field.classType)) return undefined;
  let n = 0;
  for (const w of app.code.fieldAccesses(field.classType, field.name)) {
    if (!w.write || !w.value || n++ >= 8) continue;
    const s = inputSource(app, w.value, depth + 1);
    if (s) return s;
  }
  return undefined;
}

