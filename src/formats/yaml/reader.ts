/**
 * @module formats/yaml/reader
 * Position-aware reading of YAML data files; it knows nothing of what the files mean. Its users (the DFS
 * catalog's and the resilience questionnaires' validators) want the same thing from a file: every problem
 * collected with its file, line and column (from the `yaml` package's node ranges and a LineCounter) so that
 * an author fixes a broken file in one pass, and mappings read field by field with unknown keys (typos)
 * rejected and missing required fields reported. This module is that shared part; the rules of each kind of file (id patterns, references,
 * scales) stay in its own validator, which reports through the same FileReader.
 */
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node as YamlNode, YAMLMap } from 'yaml';

/** One problem found in a data file, with where it is (1-based line and column). */
export interface YamlProblem {
  file: string;
  line: number;
  col: number;
  message: string;
}

/** A value read from a file together with the node it came from, so later checks can point at it. */
export interface Located<T> {
  value: T;
  node: YamlNode;
}

/**
 * One file's name and line table plus the list its problems go to. `problems` may be shared between the
 * readers of several files (the catalog reports all its files in one error).
 */
export class FileReader {
  /** Filled in by parseYamlFile; turns node offsets into lines and columns. */
  readonly lines = new LineCounter();

  constructor(
    readonly file: string,
    readonly problems: YamlProblem[] = [],
  ) {}

  /** Records a problem at `node`'s start, or at 1:1 when there is no node (a whole-file problem). */
  problem(node: YamlNode | null | undefined, message: string): void {
    const offset = node?.range?.[0];
    this.problemAt(offset, message);
  }

  /** Records a problem at a character offset of the text, or at 1:1 when there is none. */
  problemAt(offset: number | undefined, message: string): void {
    const { line, col } = offset === undefined ? { line: 1, col: 1 } : this.lines.linePos(offset);
    this.problems.push({ file: this.file, line, col, message });
  }

  lineOf(node: YamlNode): number {
    const offset = node.range?.[0];
    return offset === undefined ? 1 : this.lines.linePos(offset).line;
  }
}

/** What a validator says about its kind of file when it is not even readable YAML of the right shape. */
export interface YamlFileRules {
  /** Texts longer than this are refused without parsing. */
  maxBytes: number;
  /** Names the kind of file in the size message: `is this really <kind>?` (e.g. `a questionnaire`). */
  kind: string;
  /** Names the place in the alias message: `not allowed in <place>` (e.g. `the catalog`). */
  place: string;
  /** Added in brackets to the message for a top level that is not a mapping, e.g. the expected keys. */
  topLevelHint?: string;
}

/**
 * Parses one text and returns its top-level mapping, or undefined after recording why not: the text is
 * too large, has YAML syntax errors (a repeated key among them), is not a mapping at the top, or uses
 * aliases (which would let one value stand in many places and hide where a problem is).
 */
export function parseYamlFile(reader: FileReader, text: string, rules: YamlFileRules): YAMLMap | undefined {
  if (text.length > rules.maxBytes) {
    reader.problem(undefined, `file is larger than ${rules.maxBytes} bytes; is this really ${rules.kind}?`);
    return undefined;
  }
  // uniqueKeys (the default) turns a repeated key into a DUPLICATE_KEY error with its position.
  const doc = parseDocument(text, { lineCounter: reader.lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) reader.problemAt(error.pos[0], `YAML syntax: ${firstLine(error.message)}`);
    return undefined;
  }
  const root = doc.contents as YamlNode | null;
  if (!isMap(root)) {
    const hint = rules.topLevelHint === undefined ? '' : ` (${rules.topLevelHint})`;
    reader.problem(root, `the file must be a YAML mapping at the top level${hint}`);
    return undefined;
  }
  let hasAlias = false;
  walk(root, (node) => {
    if (isAlias(node)) {
      hasAlias = true;
      reader.problem(node, `YAML aliases (*name) are not allowed in ${rules.place}; write the value out`);
    }
  });
  return hasAlias ? undefined : root;
}

function walk(node: unknown, visit: (node: YamlNode) => void): void {
  if (node === null || node === undefined) return;
  visit(node as YamlNode);
  if (isMap(node)) {
    for (const pair of node.items) {
      walk(pair.key, visit);
      walk(pair.value, visit);
    }
  } else if (isSeq(node)) {
    for (const element of node.items) walk(element, visit);
  }
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  // The yaml package appends " at line L, column C:"; we print the position ourselves.
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Reads `node` as non-empty text (trimmed); `what` starts the message, e.g. `questions[2]: field "id"`.
 * Numbers, dates and booleans are refused: YAML reads `1.0` or `2021-01-01` as other types.
 */
export function readText(reader: FileReader, node: YamlNode, what: string): Located<string> | undefined {
  if (!isScalar(node) || typeof node.value !== 'string') {
    reader.problem(node, `${what} must be text (quote it if it looks like a number or date)`);
    return undefined;
  }
  const value = node.value.trim();
  if (value === '') {
    reader.problem(node, `${what} must not be empty`);
    return undefined;
  }
  return { value, node };
}

/**
 * Reads the fields of one YAML mapping, rejecting unknown keys and reporting missing required ones. An
 * empty value (`key:` or `key: ~`) is reported and the field counts as absent. Messages start with
 * `label`, which names the mapping (its id when it has one, else its place, e.g. `items[3]`).
 */
export class RecordReader {
  private readonly values = new Map<string, YamlNode>();

  constructor(
    readonly reader: FileReader,
    readonly node: YAMLMap,
    readonly label: string,
    allowed: readonly string[],
    required: readonly string[],
  ) {
    const seen = new Set<string>();
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode | null;
      const key = isScalar(keyNode) ? keyNode.value : undefined;
      if (typeof key !== 'string') {
        reader.problem(keyNode ?? node, `${label}: keys must be plain names`);
        continue;
      }
      seen.add(key);
      if (!allowed.includes(key)) {
        reader.problem(keyNode, `${label}: unknown field "${key}" (known fields: ${allowed.join(', ')})`);
        continue;
      }
      const value = pair.value as YamlNode | null;
      if (value === null || (isScalar(value) && value.value === null)) {
        reader.problem(value ?? keyNode, `${label}: field "${key}" is empty`);
        continue;
      }
      this.values.set(key, value);
    }
    for (const key of required) {
      if (!seen.has(key)) reader.problem(node, `${label}: missing required field "${key}"`);
    }
  }

  has(key: string): boolean {
    return this.values.has(key);
  }

  raw(key: string): YamlNode | undefined {
    return this.values.get(key);
  }

  string(key: string): Located<string> | undefined {
    const node = this.values.get(key);
    return node === undefined ? undefined : readText(this.reader, node, `${this.label}: field "${key}"`);
  }

  /** A whole number, any size; range checks are the caller's. */
  int(key: string): Located<number> | undefined {
    const node = this.values.get(key);
    if (node === undefined) return undefined;
    if (!isScalar(node) || typeof node.value !== 'number' || !Number.isInteger(node.value)) {
      this.reader.problem(node, `${this.label}: field "${key}" must be a whole number`);
      return undefined;
    }
    return { value: node.value, node };
  }

  /** A number from `min` to `max`, whole when `integer`. */
  number(key: string, min: number, max: number, integer: boolean): Located<number> | undefined {
    const node = this.values.get(key);
    if (node === undefined) return undefined;
    const ok = isScalar(node) && typeof node.value === 'number' && Number.isFinite(node.value) && (!integer || Number.isInteger(node.value));
    if (!ok || (node.value as number) < min || (node.value as number) > max) {
      this.reader.problem(node, `${this.label}: field "${key}" must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`);
      return undefined;
    }
    return { value: node.value as number, node };
  }

  boolean(key: string): Located<boolean> | undefined {
    const node = this.values.get(key);
    if (node === undefined) return undefined;
    if (!isScalar(node) || typeof node.value !== 'boolean') {
      this.reader.problem(node, `${this.label}: field "${key}" must be true or false`);
      return undefined;
    }
    return { value: node.value, node };
  }

  /**
   * A list of distinct texts. Empty entries are skipped, bad and repeated ones reported and dropped; an
   * empty list is reported (an optional list is left out rather than written `[]`).
   */
  stringList(key: string): Located<string>[] | undefined {
    const node = this.values.get(key);
    if (node === undefined) return undefined;
    if (!isSeq(node)) {
      this.reader.problem(node, `${this.label}: field "${key}" must be a list, e.g. [A, B]`);
      return undefined;
    }
    const out: Located<string>[] = [];
    const seen = new Set<string>();
    for (const element of node.items as (YamlNode | null)[]) {
      if (element === null) continue;
      const s = readText(this.reader, element, `${this.label}: an entry of "${key}"`);
      if (s === undefined) continue;
      if (seen.has(s.value)) {
        this.reader.problem(element, `${this.label}: "${s.value}" is listed twice in "${key}"`);
        continue;
      }
      seen.add(s.value);
      out.push(s);
    }
    if (out.length === 0 && node.items.length === 0) {
      this.reader.problem(node, `${this.label}: field "${key}" must not be an empty list (leave it out instead)`);
    }
    return out;
  }

  /** A list of scalars read by `each`; empty entries are reported, undefined results (already reported) dropped. */
  list<T>(key: string, each: (node: YamlNode, index: number) => T | undefined): { values: T[]; node: YamlNode } | undefined {
    const node = this.values.get(key);
    if (node === undefined) return undefined;
    if (!isSeq(node)) {
      this.reader.problem(node, `${this.label}: field "${key}" must be a list, e.g. [A, B]`);
      return undefined;
    }
    const values: T[] = [];
    (node.items as (YamlNode | null)[]).forEach((element, index) => {
      if (element === null) {
        this.reader.problem(node, `${this.label}: entry ${index + 1} of "${key}" is empty`);
        return;
      }
      const v = each(element, index);
      if (v !== undefined) values.push(v);
    });
    return { values, node };
  }

  /** A non-empty list of mappings, each handed to `each` (which makes its own RecordReader). */
  mapList(key: string, each: (map: YAMLMap, index: number) => void): void {
    const node = this.values.get(key);
    if (node === undefined) return;
    if (!isSeq(node)) {
      this.reader.problem(node, `${this.label}: field "${key}" must be a list`);
      return;
    }
    if (node.items.length === 0) {
      this.reader.problem(node, `${this.label}: field "${key}" must not be an empty list`);
      return;
    }
    (node.items as (YamlNode | null)[]).forEach((element, index) => {
      if (!isMap(element)) {
        this.reader.problem(element ?? node, `${this.label}: each entry of "${key}" must be a mapping`);
        return;
      }
      each(element, index);
    });
  }
}
