/**
 * @module ussd/dialects/template
 * User-defined dialects: a gateway that dfslab does not know is described in a small YAML file (method,
 * encoding, which request field carries what, how inputs accumulate, how to read the answer) and compiled
 * into a `Dialect`. The format is documented in `docs/ussd-dialects.md`; every problem in the file is
 * reported at once with its `file:line:col`, as suppression files are (`findings/suppress.ts`).
 */
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type Node, type YAMLMap } from 'yaml';
import { ErrorCodes, UssdError, UssdProtocolError } from '../../errors.js';
import type { Dialect, DialectSemantics, SessionInputMode, UssdHop, UssdHttpRequest, UssdHttpResponse, UssdScreen } from '../types.js';
import { bareServiceCode, dialString, dialWithInputs, extra, inputsSoFar } from './hop.js';
import { DIALECT_IDS } from './index.js';
import { checkedBody, describe, formBody, guardedParse, jsonObject, readConEnd, type JsonObject } from './reply.js';

const MAX_TEMPLATE_BYTES = 64 * 1024;
const MAX_FIELDS = 64;
const MAX_PATH_SEGMENTS = 16;

type Scalar = string | number | boolean;
type Part = { literal: string } | { variable: string };

/** A field value: a text template, a constant, or a pair of values for the dial hop and the later hops. */
type FieldValue =
  | { kind: 'template'; parts: Part[] }
  | { kind: 'constant'; value: number | boolean }
  | { kind: 'by-hop'; first: FieldValue; continuing: FieldValue };

type ReplyReader =
  | { format: 'text'; continue: string; end: string }
  | { format: 'json'; message: string[]; continuePath: string[]; continueValues: Scalar[]; endValues?: Scalar[] };

interface CompiledTemplate {
  id: string;
  name: string;
  method: 'GET' | 'POST';
  encoding: 'query' | 'form' | 'json';
  headers: Record<string, string>;
  fields: Array<[string, FieldValue]>;
  mode: SessionInputMode;
  separator: string;
  reply: ReplyReader;
  semantics: DialectSemantics;
}

const VARIABLES = ['sessionId', 'msisdn', 'serviceCode', 'serviceCodeBare', 'input', 'dial', 'dialString', 'sequence'] as const;
const ROOT_KEYS = ['id', 'name', 'description', 'method', 'encoding', 'headers', 'fields', 'input', 'reply', 'semantics'];
const INPUT_KEYS = ['mode', 'separator'];
const TEXT_REPLY_KEYS = ['format', 'continue', 'end'];
const JSON_REPLY_KEYS = ['format', 'message', 'continue', 'end'];
const SEMANTICS_KEYS = ['keyedBy', 'dialStringOnFirstHop', 'maxScreenChars'];
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
const ID_RE = /^[a-z][a-z0-9-]{1,39}$/;

/**
 * Compiles a dialect template. Throws `UssdError` (`DFSLAB_E_USSD_TARGET_INVALID`) listing every problem
 * with its `file:line:col`.
 */
export function compileTemplateDialect(yamlText: string, file: string): Dialect {
  const t = readTemplate(yamlText, file);
  return {
    id: t.id,
    name: t.name,
    semantics: t.semantics,
    request: (hop) => buildRequest(t, hop),
    parse: (response) => guardedParse(t.id, () => readAnswer(t, response)),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Reading and validating the YAML

class Problems {
  readonly list: string[] = [];
  constructor(
    private readonly file: string,
    private readonly lines: LineCounter,
  ) {}
  at(node: Node | null | undefined, fallback?: Node | null): string {
    const n = node?.range ? node : fallback?.range ? fallback : undefined;
    const pos = n?.range ? this.lines.linePos(n.range[0]) : { line: 1, col: 1 };
    return `${this.file}:${pos.line}:${pos.col}`;
  }
  add(node: Node | null | undefined, message: string, fallback?: Node | null): void {
    this.list.push(`${this.at(node, fallback)}: ${message}`);
  }
}

function readTemplate(text: string, file: string): CompiledTemplate {
  const fail = (problems: string[]): never => {
    throw new UssdError(ErrorCodes.USSD_TARGET_INVALID, `invalid USSD dialect template:\n  ${problems.join('\n  ')}`, { path: file });
  };
  if (typeof text !== 'string') fail([`${file}:1:1: the template is not text`]);
  if (Buffer.byteLength(text, 'utf8') > MAX_TEMPLATE_BYTES) fail([`${file}:1:1: the template is larger than ${MAX_TEMPLATE_BYTES} bytes`]);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const p = new Problems(file, lines);
  for (const e of doc.errors) {
    const { line, col } = lines.linePos(e.pos[0]);
    p.list.push(`${file}:${line}:${col}: ${e.message.split('\n')[0]}`);
  }
  if (p.list.length) fail(p.list);
  const root = doc.contents;
  if (!isMap(root)) {
    p.add(root as Node, 'a dialect template is a mapping with id, name, method, fields, input and reply');
    return fail(p.list);
  }
  const keys = entries(root, ROOT_KEYS, p);

  const id = requiredText(keys, 'id', root, p);
  if (id !== undefined) {
    if (!ID_RE.test(id)) p.add(keys.get('id'), `"id" must be 2–40 lower-case letters, digits or "-", starting with a letter (got ${JSON.stringify(id)})`);
    else if (DIALECT_IDS.includes(id)) p.add(keys.get('id'), `"id" ${JSON.stringify(id)} is a built-in dialect; choose another id (built-in: ${DIALECT_IDS.join(', ')})`);
  }
  const name = requiredText(keys, 'name', root, p);
  if (keys.has('description')) optionalText(keys, 'description', p);

  const methodText = requiredText(keys, 'method', root, p);
  let method: 'GET' | 'POST' | undefined;
  if (methodText !== undefined) {
    if (methodText === 'GET' || methodText === 'POST') method = methodText;
    else p.add(keys.get('method'), `"method" must be GET or POST (got ${JSON.stringify(methodText)})`);
  }
  let encoding: 'query' | 'form' | 'json' | undefined = method === 'GET' ? 'query' : method === 'POST' ? 'form' : undefined;
  const encodingText = optionalText(keys, 'encoding', p);
  if (encodingText !== undefined) {
    if (encodingText !== 'query' && encodingText !== 'form' && encodingText !== 'json') {
      p.add(keys.get('encoding'), `"encoding" must be query, form or json (got ${JSON.stringify(encodingText)})`);
      encoding = undefined;
    } else if (method === 'GET' && encodingText !== 'query') {
      p.add(keys.get('encoding'), `a GET request has no body: "encoding" must be query with method GET (got ${encodingText})`);
      encoding = undefined;
    } else encoding = encodingText;
  }

  const headers = readHeaders(keys.get('headers'), p);
  const fields = readFields(keys.get('fields'), keys.missing('fields') ? root : null, p);
  const { mode, separator } = readInput(keys.get('input'), keys.missing('input') ? root : null, p);
  const reply = readReply(keys.get('reply'), keys.missing('reply') ? root : null, p);

  const used = new Set<string>();
  for (const [, v] of fields ?? []) collectVariables(v, used);
  if (fields) {
    if (!used.has('msisdn')) p.add(keys.get('fields'), 'no field carries the caller\'s number: use "{msisdn}" (or "+{msisdn}") in one field');
    if (!used.has('input') && !used.has('dial')) p.add(keys.get('fields'), 'no field carries the user\'s input: use "{input}" or "{dial}" in one field');
  }
  const semantics = readSemantics(keys.get('semantics'), p, {
    input: mode ?? 'per-hop',
    keyedBy: used.has('sessionId') ? 'session-id' : 'msisdn',
    dialStringOnFirstHop: used.has('dial') || used.has('dialString'),
    hasRelease: false,
    maxScreenChars: 182,
  });

  if (p.list.length || !id || !name || !method || !encoding || !fields || !mode || !reply) return fail(p.list.length ? p.list : [`${file}:1:1: incomplete template`]);
  return { id, name, method, encoding, headers, fields, mode, separator, reply, semantics };
}

/** A mapping's entries by key; keys written with no value (`name:`) are reported once and kept in `empty`. */
class Entries {
  readonly values = new Map<string, Node>();
  readonly empty = new Set<string>();
  has(key: string): boolean {
    return this.values.has(key);
  }
  get(key: string): Node | undefined {
    return this.values.get(key);
  }
  /** True when the key is absent and not already reported as empty. */
  missing(key: string): boolean {
    return !this.values.has(key) && !this.empty.has(key);
  }
}

/** The map's entries by key, reporting unknown keys, non-text keys and keys without a value. */
function entries(map: YAMLMap, allowed: readonly string[], p: Problems): Entries {
  const out = new Entries();
  for (const pair of map.items) {
    const keyNode = pair.key as Node | null;
    const key = isScalar(keyNode) && typeof keyNode.value === 'string' ? keyNode.value : undefined;
    if (key === undefined || !allowed.includes(key)) {
      p.add(keyNode, `unknown key ${key === undefined ? '(not text)' : JSON.stringify(key)} (expected ${allowed.join(', ')})`, map);
      continue;
    }
    const value = pair.value as Node | null;
    if (value === null || (isScalar(value) && value.value === null)) {
      p.add(keyNode, `"${key}" has no value`, map);
      out.empty.add(key);
      continue;
    }
    out.values.set(key, value);
  }
  return out;
}

function textOf(node: Node | null | undefined): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

function requiredText(keys: Entries, key: string, parent: Node, p: Problems): string | undefined {
  if (keys.missing(key)) p.add(parent, `"${key}" is required`);
  return optionalText(keys, key, p);
}

function optionalText(keys: Entries, key: string, p: Problems): string | undefined {
  if (!keys.has(key)) return undefined;
  const node = keys.get(key);
  const v = textOf(node);
  if (v === undefined || v.trim() === '') {
    p.add(node, `"${key}" needs a non-empty text value`);
    return undefined;
  }
  return v;
}

function readHeaders(node: Node | null | undefined, p: Problems): Record<string, string> {
  const out: Record<string, string> = {};
  if (node === undefined) return out;
  if (!isMap(node)) {
    p.add(node, '"headers" must be a mapping of header name to text value');
    return out;
  }
  for (const pair of node.items) {
    const k = textOf(pair.key as Node);
    const v = textOf(pair.value as Node);
    if (k === undefined || !HEADER_NAME.test(k)) {
      p.add(pair.key as Node, `header name ${JSON.stringify(k ?? null)} is not a valid HTTP header name`, node);
      continue;
    }
    if (v === undefined || /[\r\n\0]/.test(v)) {
      p.add((pair.value ?? pair.key) as Node, `header ${k} needs a one-line text value`, node);
      continue;
    }
    out[k.toLowerCase()] = v;
  }
  return out;
}

function readFields(node: Node | null | undefined, parent: Node | null, p: Problems): Array<[string, FieldValue]> | undefined {
  if (node === undefined) {
    if (parent) p.add(parent, '"fields" is required: the request fields and what each carries');
    return undefined;
  }
  if (!isMap(node) || node.items.length === 0) {
    p.add(node, '"fields" must be a non-empty mapping of request field name to value');
    return undefined;
  }
  if (node.items.length > MAX_FIELDS) {
    p.add(node, `"fields" has ${node.items.length} entries; at most ${MAX_FIELDS}`);
    return undefined;
  }
  const out: Array<[string, FieldValue]> = [];
  let ok = true;
  for (const pair of node.items) {
    const keyNode = pair.key as Node;
    const k = isScalar(keyNode) && (typeof keyNode.value === 'string' || typeof keyNode.value === 'number') ? String(keyNode.value) : undefined;
    if (k === undefined || k === '') {
      p.add(keyNode, 'a field name must be non-empty text', node);
      ok = false;
      continue;
    }
    const v = readFieldValue((pair.value as Node | null) ?? null, keyNode, k, p, true);
    if (v) out.push([k, v]);
    else ok = false;
  }
  return ok ? out : undefined;
}

function readFieldValue(node: Node | null, keyNode: Node, name: string, p: Problems, allowByHop: boolean): FieldValue | undefined {
  if (isAlias(node)) {
    p.add(node, `field ${JSON.stringify(name)}: YAML aliases are not supported in templates; write the value out`);
    return undefined;
  }
  if (node === null || (isScalar(node) && node.value === null)) {
    p.add(keyNode, `field ${JSON.stringify(name)} needs a value: a text template such as '{msisdn}', a constant, or {first: …, continuing: …}`);
    return undefined;
  }
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'string') {
      const parts = parseTemplate(v, node, name, p);
      return parts ? { kind: 'template', parts } : undefined;
    }
    if (typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) return { kind: 'constant', value: v };
    p.add(node, `field ${JSON.stringify(name)} must be text, a number or true/false (got ${v === null ? 'null' : typeof v})`);
    return undefined;
  }
  if (isMap(node) && allowByHop) {
    const keys = new Map<string, Node | null>();
    let ok = true;
    for (const pair of node.items) {
      const k = textOf(pair.key as Node);
      if (k !== 'first' && k !== 'continuing') {
        p.add(pair.key as Node, `field ${JSON.stringify(name)}: unknown key ${JSON.stringify(k ?? null)} (expected first, continuing)`, node);
        ok = false;
        continue;
      }
      keys.set(k, (pair.value as Node | null) ?? null);
    }
    if (!ok) return undefined;
    if (!keys.has('first') || !keys.has('continuing')) {
      p.add(node, `field ${JSON.stringify(name)} needs both "first" (the dial hop) and "continuing" (later hops)`);
      return undefined;
    }
    const first = readFieldValue(keys.get('first') ?? null, node, name, p, false);
    const continuing = readFieldValue(keys.get('continuing') ?? null, node, name, p, false);
    return first && continuing ? { kind: 'by-hop', first, continuing } : undefined;
  }
  p.add(node, `field ${JSON.stringify(name)} must be text, a number, true/false${allowByHop ? ' or {first: …, continuing: …}' : ''}`);
  return undefined;
}

/** `'+{msisdn}'` → [literal '+', variable msisdn]; `{{`/`}}` are literal braces. */
function parseTemplate(s: string, node: Node, name: string, p: Problems): Part[] | undefined {
  const parts: Part[] = [];
  let literal = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '{' && s[i + 1] === '{') {
      literal += '{';
      i++;
    } else if (c === '}' && s[i + 1] === '}') {
      literal += '}';
      i++;
    } else if (c === '}') {
      p.add(node, `field ${JSON.stringify(name)}: a lone "}" in ${JSON.stringify(s)} (write "}}" for a literal brace)`);
      return undefined;
    } else if (c === '{') {
      const end = s.indexOf('}', i + 1);
      if (end < 0) {
        p.add(node, `field ${JSON.stringify(name)}: "{" without a closing "}" in ${JSON.stringify(s)} (write "{{" for a literal brace)`);
        return undefined;
      }
      const variable = s.slice(i + 1, end);
      const known = (VARIABLES as readonly string[]).includes(variable) || /^extras\.[A-Za-z][A-Za-z0-9_]*$/.test(variable);
      if (!known) {
        p.add(node, `field ${JSON.stringify(name)}: unknown placeholder {${variable}} (known: ${VARIABLES.map((v) => `{${v}}`).join(', ')}, {extras.NAME})`);
        return undefined;
      }
      if (literal) parts.push({ literal });
      literal = '';
      parts.push({ variable });
      i = end;
    } else literal += c;
  }
  if (literal || parts.length === 0) parts.push({ literal });
  return parts;
}

function collectVariables(v: FieldValue, into: Set<string>): void {
  if (v.kind === 'template') for (const part of v.parts) if ('variable' in part) into.add(part.variable);
  if (v.kind === 'by-hop') {
    collectVariables(v.first, into);
    collectVariables(v.continuing, into);
  }
}

function readInput(node: Node | null | undefined, parent: Node | null, p: Problems): { mode: SessionInputMode | undefined; separator: string } {
  if (node === undefined) {
    if (parent) p.add(parent, '"input" is required: {mode: cumulative | per-hop, separator: "*"}');
    return { mode: undefined, separator: '*' };
  }
  if (!isMap(node)) {
    p.add(node, '"input" must be a mapping: {mode: cumulative | per-hop, separator: "*"}');
    return { mode: undefined, separator: '*' };
  }
  const keys = entries(node, INPUT_KEYS, p);
  const modeText = requiredText(keys, 'mode', node, p);
  let mode: SessionInputMode | undefined;
  if (modeText !== undefined) {
    if (modeText === 'cumulative' || modeText === 'per-hop') mode = modeText;
    else p.add(keys.get('mode'), `"mode" must be cumulative (every hop carries the whole path) or per-hop (only the latest input), got ${JSON.stringify(modeText)}`);
  }
  let separator = '*';
  if (keys.has('separator')) {
    const sepNode = keys.get('separator');
    const sep = textOf(sepNode);
    if (sep === undefined || sep.length === 0 || sep.length > 4) p.add(sepNode, '"separator" must be text of 1 to 4 characters, e.g. "*"');
    else if (mode === 'per-hop') p.add(sepNode, '"separator" only applies to mode cumulative');
    else separator = sep;
  }
  return { mode, separator };
}

function readReply(node: Node | null | undefined, parent: Node | null, p: Problems): ReplyReader | undefined {
  if (node === undefined) {
    if (parent) p.add(parent, '"reply" is required: how to read the application\'s answer (format text or json)');
    return undefined;
  }
  if (!isMap(node)) {
    p.add(node, '"reply" must be a mapping with "format: text" or "format: json"');
    return undefined;
  }
  const format = textOf(node.get('format', true) as Node | undefined);
  if (format !== 'text' && format !== 'json') {
    p.add((node.get('format', true) as Node | undefined) ?? node, `"reply.format" must be text or json${format === undefined ? '' : ` (got ${JSON.stringify(format)})`}`);
    return undefined;
  }
  if (format === 'text') {
    const keys = entries(node, TEXT_REPLY_KEYS, p);
    const cont = requiredMarker(keys, 'continue', node, p);
    const end = requiredMarker(keys, 'end', node, p);
    if (cont === undefined || end === undefined) return undefined;
    if (cont.startsWith(end) || end.startsWith(cont)) {
      p.add(keys.get('end'), `the "continue" and "end" markers (${JSON.stringify(cont)}, ${JSON.stringify(end)}) must not be prefixes of each other`);
      return undefined;
    }
    return { format, continue: cont, end };
  }
  const keys = entries(node, JSON_REPLY_KEYS, p);
  const messageText = requiredText(keys, 'message', node, p);
  const message = messageText === undefined ? undefined : readPath(messageText, keys.get('message'), p);
  let continuePath: string[] | undefined;
  let continueValues: Scalar[] | undefined;
  let endValues: Scalar[] | undefined;
  const contNode = keys.get('continue');
  if (contNode === undefined) {
    if (keys.missing('continue')) p.add(node, '"continue" is required: {path: …, values: […]} (the answer field and the value(s) that mean "wait for input")');
  } else if (!isMap(contNode)) p.add(contNode, '"continue" must be a mapping {path: …, values: […]}');
  else {
    const ck = entries(contNode, ['path', 'values'], p);
    const pathText = requiredText(ck, 'path', contNode, p);
    if (pathText !== undefined) continuePath = readPath(pathText, ck.get('path'), p);
    if (ck.missing('values')) p.add(contNode, '"continue.values" is required');
    else if (ck.has('values')) continueValues = readValues(ck.get('values'), 'continue.values', p);
  }
  const endNode = keys.get('end');
  if (endNode !== undefined) {
    if (!isMap(endNode)) p.add(endNode, '"end" must be a mapping {values: […]}');
    else {
      const ek = entries(endNode, ['values'], p);
      if (ek.missing('values')) p.add(endNode, '"end.values" is required');
      else if (ek.has('values')) endValues = readValues(ek.get('values'), 'end.values', p);
    }
  }
  if (continueValues && endValues) {
    const both = continueValues.find((v) => endValues!.includes(v));
    if (both !== undefined) p.add(endNode, `the value ${JSON.stringify(both)} cannot mean both continue and end`);
  }
  if (!message || !continuePath || !continueValues) return undefined;
  return endValues ? { format, message, continuePath, continueValues, endValues } : { format, message, continuePath, continueValues };
}

function requiredMarker(keys: Entries, key: string, parent: Node, p: Problems): string | undefined {
  if (!keys.has(key)) {
    if (keys.missing(key)) p.add(parent, `"${key}" is required: the text that opens an answer meaning ${key === 'continue' ? 'wait for input (e.g. "CON ")' : 'final screen (e.g. "END ")'}`);
    return undefined;
  }
  const node = keys.get(key);
  const v = textOf(node);
  if (v === undefined || v.length === 0) {
    p.add(node, `"${key}" must be non-empty text`);
    return undefined;
  }
  return v;
}

/** `data.inboundResponse` → ['data', 'inboundResponse']; numeric segments index arrays. */
function readPath(s: string, node: Node | null | undefined, p: Problems): string[] | undefined {
  const segments = s.split('.');
  if (segments.some((x) => x.length === 0 || x.trim() !== x) || segments.length > MAX_PATH_SEGMENTS) {
    p.add(node, `${JSON.stringify(s)} is not a field path: write names separated by dots, e.g. data.inboundResponse (at most ${MAX_PATH_SEGMENTS} parts)`);
    return undefined;
  }
  return segments;
}

function readValues(node: Node | null | undefined, what: string, p: Problems): Scalar[] | undefined {
  const items = isSeq(node) ? (node.items as Array<Node | null>) : [node];
  if (items.length === 0) {
    p.add(node, `"${what}" must list at least one value`);
    return undefined;
  }
  const out: Scalar[] = [];
  for (const item of items) {
    const v = isScalar(item) ? item.value : undefined;
    if (typeof v !== 'string' && typeof v !== 'boolean' && !(typeof v === 'number' && Number.isFinite(v))) {
      p.add(item ?? node, `"${what}" must be text, numbers or true/false`);
      return undefined;
    }
    out.push(v);
  }
  return out;
}

function readSemantics(node: Node | null | undefined, p: Problems, defaults: DialectSemantics): DialectSemantics {
  const s = { ...defaults };
  if (node === undefined) return s;
  if (!isMap(node)) {
    p.add(node, '"semantics" must be a mapping (keyedBy, dialStringOnFirstHop, maxScreenChars)');
    return s;
  }
  const keys = entries(node, SEMANTICS_KEYS, p);
  if (keys.has('keyedBy')) {
    const v = textOf(keys.get('keyedBy'));
    if (v === 'session-id' || v === 'msisdn') s.keyedBy = v;
    else p.add(keys.get('keyedBy'), '"keyedBy" must be session-id or msisdn');
  }
  if (keys.has('dialStringOnFirstHop')) {
    const n = keys.get('dialStringOnFirstHop');
    if (isScalar(n) && typeof n.value === 'boolean') s.dialStringOnFirstHop = n.value;
    else p.add(n, '"dialStringOnFirstHop" must be true or false');
  }
  if (keys.has('maxScreenChars')) {
    const n = keys.get('maxScreenChars');
    if (isScalar(n) && typeof n.value === 'number' && Number.isInteger(n.value) && n.value >= 1 && n.value <= 1000) s.maxScreenChars = n.value;
    else p.add(n, '"maxScreenChars" must be a whole number from 1 to 1000 (182 for GSM 7-bit screens)');
  }
  return s;
}

// ---------------------------------------------------------------------------------------------------------
// Building requests and reading answers

function variableValue(t: CompiledTemplate, hop: UssdHop, variable: string): string {
  switch (variable) {
    case 'sessionId':
      return hop.sessionId;
    case 'msisdn':
      return hop.msisdn;
    case 'serviceCode':
      return hop.serviceCode;
    case 'serviceCodeBare':
      return bareServiceCode(hop.serviceCode);
    case 'input':
      return t.mode === 'cumulative' ? inputsSoFar(hop).join(t.separator) : hop.input;
    case 'dial':
      return dialWithInputs(hop);
    case 'dialString':
      return dialString(hop);
    case 'sequence':
      return String(hop.sequence);
    default:
      return extra(hop, variable.slice('extras.'.length));
  }
}

function fieldValue(t: CompiledTemplate, hop: UssdHop, v: FieldValue): string | number | boolean {
  if (v.kind === 'constant') return v.value;
  if (v.kind === 'by-hop') return fieldValue(t, hop, hop.first ? v.first : v.continuing);
  return v.parts.map((part) => ('literal' in part ? part.literal : variableValue(t, hop, part.variable))).join('');
}

function buildRequest(t: CompiledTemplate, hop: UssdHop): UssdHttpRequest {
  const values = t.fields.map(([k, v]) => [k, fieldValue(t, hop, v)] as const);
  if (t.encoding === 'query') {
    return { method: t.method, headers: { ...t.headers }, query: Object.fromEntries(values.map(([k, v]) => [k, String(v)])) };
  }
  if (t.encoding === 'form') {
    return { method: t.method, headers: { 'content-type': 'application/x-www-form-urlencoded', ...t.headers }, body: formBody(values.map(([k, v]) => [k, String(v)] as const)) };
  }
  // fromEntries defines own properties, so a field called "__proto__" is sent as a field, not a prototype.
  return { method: t.method, headers: { 'content-type': 'application/json', ...t.headers }, body: JSON.stringify(Object.fromEntries(values)) };
}

function valueAt(obj: JsonObject, path: readonly string[]): unknown {
  let cur: unknown = obj;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (Array.isArray(cur)) {
      if (!/^(0|[1-9][0-9]{0,5})$/.test(seg)) return undefined;
      cur = cur[Number(seg)];
    } else cur = Object.prototype.hasOwnProperty.call(cur, seg) ? (cur as JsonObject)[seg] : undefined;
  }
  return cur;
}

function readAnswer(t: CompiledTemplate, response: UssdHttpResponse): UssdScreen {
  const body = checkedBody(t.id, response);
  const r = t.reply;
  if (r.format === 'text') return readConEnd(t.id, body, r);
  const obj = jsonObject(t.id, body);
  const text = valueAt(obj, r.message);
  if (typeof text !== 'string') {
    throw new UssdProtocolError(`${t.id}: the answer's "${r.message.join('.')}" must be a string, got ${text === undefined ? 'nothing' : describe(text)}`);
  }
  const flagName = r.continuePath.join('.');
  const flag = valueAt(obj, r.continuePath);
  if (typeof flag !== 'string' && typeof flag !== 'number' && typeof flag !== 'boolean') {
    throw new UssdProtocolError(`${t.id}: the answer's "${flagName}" must be text, a number or true/false, got ${flag === undefined ? 'nothing' : describe(flag)}`);
  }
  if (r.continueValues.includes(flag)) return { continue: true, text };
  if (r.endValues && !r.endValues.includes(flag)) {
    throw new UssdProtocolError(`${t.id}: the answer's "${flagName}" is ${JSON.stringify(flag).slice(0, 40)}; expected one of ${JSON.stringify([...r.continueValues, ...r.endValues])}`);
  }
  return { continue: false, text };
}
