/**
 * @module checks/android/storage/sensitive-values-support
 * Whether a value (or the pieces of a string built from values) is sensitive, judged by the names attached
 * to it in the bytecode: the field it was read from, the method that returned it (`getPassword()`), the
 * key it was looked up with (`getStringExtra("newpass")`, `prefs.getString("pin", …)`), the view id of the
 * text field it was typed into (`R.id.card_number`), or the constant text written next to it
 * (`"password is: " + x`). Used by the logging and storage checks.
 */
import type { AndroidApp } from '../../../app/android.js';
import type { Value } from '../../../formats/dex/index.js';
import { quote, simpleTypeName } from '../bytecode-support.js';
import { secretNamed, type SecretTerm } from './sensitive-names-support.js';
import { isTypedText, viewName } from './value-flow-support.js';

/** Why a piece is sensitive, for evidence. */
export interface SensitivePiece {
  term: SecretTerm;
  /** E.g. `field DoLogin.password`, `text typed in R.id.pin`, `constant " password="`. */
  label: string;
  /** True when the name is on constant text next to the data rather than on the data itself. */
  fromLabel: boolean;
}

// Getters whose constant key names the value they return.
const KEYED_GETTER = /^(get|opt)(String|Int|Long|CharSequence|StringExtra|IntExtra|LongExtra|CharSequenceExtra|StringArrayExtra|Extra|)$|^getQueryParameter$|^getHeader$|^getParameter$/;
const PASS_THROUGH = new Set([
  'toString', 'valueOf', 'trim', 'strip', 'toLowerCase', 'toUpperCase', 'getBytes', 'toCharArray', 'concat',
  'replace', 'substring', 'intern', 'encodeToString', 'encode',
]);

/** The secret a value's own name (field, method, lookup key, view id) says it holds. */
export function secretOfValue(app: AndroidApp, v: Value | undefined, depth = 0): SensitivePiece | undefined {
  if (!v || depth > 6) return undefined;
  switch (v.k) {
    case 'field': {
      const term = secretNamed(v.field.name, { asStoredName: true });
      return term ? { term, label: `field ${simpleTypeName(v.field.classType)}.${v.field.name}`, fromLabel: false } : undefined;
    }
    case 'ret': {
      const m = v.method;
      if (isTypedText(m)) {
        const view = viewName(app, v.args[0]);
        const term = view ? secretNamed(view.name, { widget: true }) : undefined;
        return term && view ? { term, label: `text typed in ${view.label}`, fromLabel: false } : undefined;
      }
      if (KEYED_GETTER.test(m.name)) {
        const key = v.args[1];
        if (key?.k === 'str') {
          const term = secretNamed(key.v, { asStoredName: true });
          if (term) return { term, label: `${simpleTypeName(m.classType)}.${m.name}(${quote(key.v)})`, fromLabel: false };
        }
      }
      if (PASS_THROUGH.has(m.name) || m.name === '<init>') {
        for (const a of v.args) {
          const s = secretOfValue(app, a, depth + 1);
          if (s) return s;
        }
        return undefined;
      }
      if (m.name.startsWith('get') && m.proto.params.length === 0) {
        const term = secretNamed(m.name.slice(3), { asStoredName: true });
        if (term) return { term, label: `${simpleTypeName(m.classType)}.${m.name}()`, fromLabel: false };
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

// Values that carry no user data even when written next to a secret's name: exception details, sizes,
// class names, build properties.
const INCIDENTAL_METHODS = new Set([
  'getMessage', 'getLocalizedMessage', 'getCause', 'getStackTrace', 'getStackTraceString', 'getClass', 'getName',
  'getSimpleName', 'length', 'size', 'hashCode', 'getStatusCode', 'getResponseCode', 'currentTimeMillis',
  'nanoTime', 'elapsedRealtime', 'isEmpty', 'getId', 'ordinal', 'getCount', 'getCrc', 'getErrorCode',
]);

/** Whether a non-constant piece is incidental (an exception, a count, a class name) rather than data. */
export function isIncidental(v: Value): boolean {
  switch (v.k) {
    case 'str':
    case 'int':
    case 'wide':
    case 'class':
      return true;
    case 'ret': {
      const m = v.method;
      if (INCIDENTAL_METHODS.has(m.name)) return true;
      if (/(Exception|Error|Throwable);$/.test(m.classType)) return true;
      if (m.proto.returnType.length === 1 && m.proto.returnType !== 'C') return true; // numbers and booleans
      if ((m.name === 'toString' || m.name === 'valueOf') && v.args[0] && v.args[0].k !== 'unknown') return isIncidental(v.args[0]);
      return false;
    }
    case 'field': {
      if (v.field.type.length === 1 && v.field.type !== 'C') return true;
      if (v.field.classType === 'Landroid/os/Build;' || v.field.classType === 'Landroid/os/Build$VERSION;') return true;
      return /(Exception|Error|Throwable);$/.test(v.field.type);
    }
    case 'new':
      return /(Exception|Error|Throwable);$/.test(v.type);
    default:
      return false;
  }
}

/** What the pieces of a message or file content reveal: the sensitive pieces and whether any data is there. */
export interface ContentVerdict {
  pieces: SensitivePiece[];
  /** Pieces that are data (not constants and not incidental values). */
  data: Value[];
}

/**
 * Judges the pieces of a string written somewhere (a log line, a file). A piece named as a secret counts
 * on its own; constant text naming a secret counts only when the string also carries data (so a fixed
 * message such as "Invalid PIN" is not a leak, but `"PIN: " + pin` is).
 */
export function judgeContent(app: AndroidApp, parts: readonly Value[]): ContentVerdict {
  const pieces: SensitivePiece[] = [];
  const data = parts.filter((p) => !isIncidental(p));
  for (const p of parts) {
    const s = secretOfValue(app, p);
    if (s) pieces.push(s);
  }
  if (data.length > 0) {
    for (const p of parts) {
      if (p.k !== 'str') continue;
      const term = secretNamed(p.v);
      if (term) pieces.push({ term, label: `constant ${quote(p.v)}`, fromLabel: true });
    }
  }
  return { pieces, data };
}

/** `DoLogin.password` etc. as a readable one-liner of all pieces. */
export function describePieces(pieces: readonly SensitivePiece[]): string {
  return [...new Set(pieces.map((p) => p.label))].join(', ');
}

/** The terms named, for a message (`password, PIN`). */
export function termsOf(pieces: readonly SensitivePiece[]): string {
  return [...new Set(pieces.map((p) => p.term))].join(', ');
}
