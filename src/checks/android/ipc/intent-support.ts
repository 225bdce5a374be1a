/**
 * @module checks/android/ipc/intent-support
 * What an `Intent` passed to a call looks like, read from the calling method's bytecode: how it was
 * constructed, its action, whether it names its receiver (explicit) and which extras it carries. Uses the
 * same linear, address-order register tracking as code/dataflow-support: the intent is followed from the
 * call back to its `new-instance`, then every `Intent` call made on that register (or on the builder
 * result of one, `new Intent().setAction(a).putExtra(k, v)`) up to the call is collected.
 *
 * Semantics (developer.android.com "Intent" reference, "Intents and intent filters"): an intent is explicit
 * when it names a component (`Intent(Context, Class)`, `setComponent`, `setClass`, `setClassName`) or, for
 * broadcasts, a package (`setPackage`): then only that app receives it. Otherwise any app with a matching
 * filter does.
 */
import type { CallSite, CodeIndex, MethodRef } from '../../../formats/dex/index.js';
import { argRegister, definitionOf, stringExprAt, showExpr } from '../code/dataflow-support.js';
import { type DecodedMethod, decodeMethod, indexAt, invokedMethod, referencedType } from '../bytecode-support.js';

const INTENT = 'Landroid/content/Intent;';

export interface IntentFacts {
  /** How the intent was made, e.g. `new Intent(String)`. */
  construction: string;
  action: string | undefined;
  explicit: boolean;
  /** What made it explicit (`setPackage(…)`, `new Intent(Context, Class)`). */
  explicitBy: string | undefined;
  /** Extra keys (shown expressions) put into the intent, and `setData`/`setClipData` when used. */
  extras: string[];
}

const EXPLICIT_CALLS = new Set(['setPackage', 'setComponent', 'setClass', 'setClassName', 'setSelector']);
const EXTRA_CALLS = /^(put\w*Extra|putExtras|replaceExtras|setData|setDataAndType|setDataAndNormalize|setClipData)$/;

/**
 * Facts about the intent passed as argument `arg` (receiver = 0) of `site`, or undefined when the intent is
 * not made in the calling method (a parameter, a field, a returned object) or the code cannot be read.
 */
export function intentAt(code: CodeIndex, site: CallSite, arg: number): IntentFacts | undefined {
  const d = decodeMethod(code, site.method.classType, site.method);
  if (!d) return undefined;
  const at = indexAt(d, site.pc);
  if (at < 0) return undefined;
  const reg = argRegister(d.insns[at]!, site.target, arg);
  return reg === undefined ? undefined : intentInRegister(code, d, at, reg);
}

function intentInRegister(code: CodeIndex, d: DecodedMethod, at: number, reg: number, depth = 0): IntentFacts | undefined {
  if (depth > 16) return undefined;
  const def = definitionOf(d, at, reg);
  if (def.kind !== 'insn') return undefined;
  const { ins, index } = def;
  let facts: IntentFacts | undefined;
  if (ins.name.startsWith('invoke-')) {
    // A builder call's result is the same intent: read its receiver, then add this call.
    const m = invokedMethod(d, ins);
    if (!m || m.classType !== INTENT || m.proto.returnType !== INTENT || m.name === '<init>') return undefined;
    facts = intentInRegister(code, d, index, ins.registers[0]!, depth + 1);
    if (facts) applyCall(code, d, index, ins.registers, m, facts);
  } else if (ins.opcode === 0x22 && referencedType(d, ins) === INTENT) {
    facts = { construction: 'new Intent(…)', action: undefined, explicit: false, explicitBy: undefined, extras: [] };
  }
  if (!facts) return undefined;
  // Calls made on the same register afterwards (results discarded), up to the call being examined.
  let constructed = ins.opcode !== 0x22;
  for (let i = index + 1; i < at; i++) {
    const c = d.insns[i]!;
    if (c.registers[0] !== reg || !c.name.startsWith('invoke-')) continue;
    const m = invokedMethod(d, c);
    if (!m || m.classType !== INTENT) continue;
    if (m.name !== '<init>') {
      applyCall(code, d, i, c.registers, m, facts);
      continue;
    }
    constructed = true;
    const params = m.proto.params;
    if (params.length === 1 && params[0] === INTENT) return undefined; // a copy of another intent
    facts.construction = `new Intent(${params.map((p) => p.slice(p.lastIndexOf('/') + 1).replace(';', '')).join(', ')})`;
    if (params.includes('Ljava/lang/Class;')) {
      facts.explicit = true;
      facts.explicitBy = facts.construction;
    }
    if (params[0] === 'Ljava/lang/String;') facts.action = showExpr(stringExprAt(code, d, i, c.registers[1]!), 80);
  }
  return constructed ? facts : undefined;
}

function applyCall(code: CodeIndex, d: DecodedMethod, at: number, regs: readonly number[], m: MethodRef, facts: IntentFacts): void {
  if (m.name === 'setAction' && regs[1] !== undefined) facts.action = showExpr(stringExprAt(code, d, at, regs[1]), 80);
  else if (EXPLICIT_CALLS.has(m.name)) {
    // setPackage(null) clears the package: only a non-null argument makes the intent explicit.
    const arg = regs[1] === undefined ? undefined : definitionOf(d, at, regs[1]);
    const isNull = arg?.kind === 'insn' && arg.ins.opcode === 0x12 && arg.ins.literal === 0;
    if (!isNull) {
      facts.explicit = true;
      facts.explicitBy ??= `${m.name}(…)`;
    }
  } else if (EXTRA_CALLS.test(m.name)) {
    const key = m.name.startsWith('put') && m.name !== 'putExtras' && regs[1] !== undefined ? showExpr(stringExprAt(code, d, at, regs[1]), 40) : `${m.name}(…)`;
    if (!facts.extras.includes(key)) facts.extras.push(key);
  }
}
