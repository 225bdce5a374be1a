import { describe, expect, it } from 'vitest';
import { FileReader, RecordReader, parseYamlFile, type YamlFileRules } from './reader.js';

const RULES: YamlFileRules = { maxBytes: 1000, kind: 'a test file', place: 'test files' };

/** Parses `text` as `t.yaml` and returns the reader (with its problems) and the top mapping if any. */
function parse(text: string, rules: YamlFileRules = RULES) {
  const reader = new FileReader('t.yaml');
  const root = parseYamlFile(reader, text, rules);
  return { reader, root };
}

/** Reads the top mapping of `text` with the given fields; fails the test if the text does not parse. */
function record(text: string, allowed: string[], required: string[]) {
  const { reader, root } = parse(text);
  if (root === undefined) throw new Error(`did not parse: ${JSON.stringify(reader.problems)}`);
  return { reader, rec: new RecordReader(reader, root, 'thing', allowed, required) };
}

describe('parseYamlFile', () => {
  it('reports syntax errors at their line and column, without the yaml package position suffix', () => {
    const { reader, root } = parse('a: 1\nb: [1, 2\n');
    expect(root).toBeUndefined();
    expect(reader.problems.length).toBeGreaterThan(0);
    for (const p of reader.problems) {
      expect(p.file).toBe('t.yaml');
      expect(p.message).toMatch(/^YAML syntax: /);
      expect(p.message).not.toMatch(/at line \d+, column \d+/);
    }
    // The unclosed list is noticed where the text ends.
    expect(reader.problems[0]?.line).toBe(3);
  });

  it('reports a repeated key where the repeat is', () => {
    const { reader, root } = parse('a: 1\nb: 2\n  \na: 3\n');
    expect(root).toBeUndefined();
    expect(reader.problems).toHaveLength(1);
    expect(reader.problems[0]).toMatchObject({ line: 4, col: 1 });
    expect(reader.problems[0]?.message).toMatch(/^YAML syntax: .*unique/i);
  });

  it('refuses a top level that is not a mapping, with the hint when there is one', () => {
    expect(parse('- a\n- b\n').reader.problems).toEqual([
      { file: 't.yaml', line: 1, col: 1, message: 'the file must be a YAML mapping at the top level' },
    ]);
    const hinted = parse('\n\n- a\n', { ...RULES, topLevelHint: 'id, title' });
    expect(hinted.reader.problems).toEqual([
      { file: 't.yaml', line: 3, col: 1, message: 'the file must be a YAML mapping at the top level (id, title)' },
    ]);
  });

  it('refuses aliases at each place they are used', () => {
    const { reader, root } = parse('a: &x hello\nb:\n  - *x\n  - c: *x\n');
    expect(root).toBeUndefined();
    expect(reader.problems).toEqual([
      { file: 't.yaml', line: 3, col: 5, message: 'YAML aliases (*name) are not allowed in test files; write the value out' },
      { file: 't.yaml', line: 4, col: 8, message: 'YAML aliases (*name) are not allowed in test files; write the value out' },
    ]);
  });

  it('refuses a text over the size limit at 1:1 without parsing it', () => {
    const { reader, root } = parse(`a: "${'x'.repeat(2000)}"`);
    expect(root).toBeUndefined();
    expect(reader.problems).toEqual([
      { file: 't.yaml', line: 1, col: 1, message: 'file is larger than 1000 bytes; is this really a test file?' },
    ]);
  });

  it('shares one problem list between the readers of several files', () => {
    const problems: FileReader['problems'] = [];
    parseYamlFile(new FileReader('one.yaml', problems), '- a', RULES);
    parseYamlFile(new FileReader('two.yaml', problems), 'x: *y', RULES);
    expect(problems.map((p) => p.file)).toEqual(['one.yaml', 'two.yaml']);
  });
});

describe('RecordReader', () => {
  it('rejects unknown keys at the key, listing the known ones, and keeps the known fields', () => {
    const { reader, rec } = record('id: A-1\ntitel: Typo\n', ['id', 'title'], ['id']);
    expect(reader.problems).toEqual([
      { file: 't.yaml', line: 2, col: 1, message: 'thing: unknown field "titel" (known fields: id, title)' },
    ]);
    expect(rec.string('id')?.value).toBe('A-1');
    expect(rec.has('titel')).toBe(false);
  });

  it('reports each missing required field at the mapping, and an empty one where its value would be', () => {
    const { reader, rec } = record('\n  x: 1\n  title:\n', ['x', 'title', 'id', 'statement'], ['id', 'title', 'statement']);
    expect(reader.problems).toEqual([
      { file: 't.yaml', line: 3, col: 9, message: 'thing: field "title" is empty' },
      { file: 't.yaml', line: 2, col: 3, message: 'thing: missing required field "id"' },
      { file: 't.yaml', line: 2, col: 3, message: 'thing: missing required field "statement"' },
    ]);
    expect(rec.has('title')).toBe(false);
  });

  it('reports keys that are not plain names', () => {
    const { reader } = record('1: a\nok: b\n', ['ok'], []);
    expect(reader.problems).toEqual([{ file: 't.yaml', line: 1, col: 1, message: 'thing: keys must be plain names' }]);
  });

  it('reads typed fields and reports wrong types at the value', () => {
    const text = ['s: "  padded  "', 'n: 2021', 'f: 0.5', 'b: true', 'bad: 1.5', 'version: 1.0', 'blank: "  "'].join('\n');
    const { reader, rec } = record(text, ['s', 'n', 'f', 'b', 'bad', 'version', 'blank'], []);
    expect(rec.string('s')?.value).toBe('padded');
    expect(rec.int('n')?.value).toBe(2021);
    expect(rec.number('f', 0, 1, false)?.value).toBe(0.5);
    expect(rec.boolean('b')?.value).toBe(true);
    expect(rec.int('bad')).toBeUndefined();
    expect(rec.number('n', 1, 10, true)).toBeUndefined();
    expect(rec.string('version')).toBeUndefined();
    expect(rec.string('blank')).toBeUndefined();
    expect(rec.boolean('s')).toBeUndefined();
    expect(reader.problems).toEqual([
      { file: 't.yaml', line: 5, col: 6, message: 'thing: field "bad" must be a whole number' },
      { file: 't.yaml', line: 2, col: 4, message: 'thing: field "n" must be a whole number from 1 to 10' },
      { file: 't.yaml', line: 6, col: 10, message: 'thing: field "version" must be text (quote it if it looks like a number or date)' },
      { file: 't.yaml', line: 7, col: 8, message: 'thing: field "blank" must not be empty' },
      { file: 't.yaml', line: 1, col: 4, message: 'thing: field "s" must be true or false' },
    ]);
  });

  it('reads lists of texts, dropping repeats and reporting them and empty lists', () => {
    const { reader, rec } = record('tags: [a, b, a]\nnone: []\nnot: x\n', ['tags', 'none', 'not'], []);
    expect(rec.stringList('tags')?.map((t) => t.value)).toEqual(['a', 'b']);
    expect(rec.stringList('none')).toEqual([]);
    expect(rec.stringList('not')).toBeUndefined();
    expect(reader.problems).toEqual([
      { file: 't.yaml', line: 1, col: 14, message: 'thing: "a" is listed twice in "tags"' },
      { file: 't.yaml', line: 2, col: 7, message: 'thing: field "none" must not be an empty list (leave it out instead)' },
      { file: 't.yaml', line: 3, col: 6, message: 'thing: field "not" must be a list, e.g. [A, B]' },
    ]);
  });

  it('reads generic lists with a per-entry reader, dropping entries it refuses', () => {
    const { reader, rec } = record('xs: [1, 2, 3]\nys: {a: 1}\n', ['xs', 'ys'], []);
    const list = rec.list('xs', (node, index) => (index === 1 ? undefined : `#${index}`));
    expect(list?.values).toEqual(['#0', '#2']);
    expect(rec.list('ys', () => 'never')).toBeUndefined();
    expect(reader.problems).toEqual([{ file: 't.yaml', line: 2, col: 5, message: 'thing: field "ys" must be a list, e.g. [A, B]' }]);
  });

  it('hands each mapping of a list to the caller and reports entries that are not mappings', () => {
    const { reader, rec } = record('items:\n  - id: a\n  - just text\n  - id: b\n', ['items'], []);
    const seen: string[] = [];
    rec.mapList('items', (map, index) => {
      const item = new RecordReader(reader, map, `items[${index}]`, ['id'], ['id']);
      seen.push(`${index}:${item.string('id')?.value}`);
    });
    expect(seen).toEqual(['0:a', '2:b']);
    expect(reader.problems).toEqual([
      { file: 't.yaml', line: 3, col: 5, message: 'thing: each entry of "items" must be a mapping' },
    ]);
  });

  it('gives the line of a node', () => {
    const { reader, rec } = record('a: 1\n\nb:\n  c: 2\n', ['a', 'b'], []);
    expect(reader.lineOf(rec.raw('b') as NonNullable<ReturnType<typeof rec.raw>>)).toBe(4);
  });
});
