import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ErrorCodes, isDfslabError } from '../errors.js';
import {
  CatalogError,
  VOCABULARY_FILES,
  compileCatalog,
  type CatalogProblem,
  type CatalogSourceText,
} from './validate.js';
import { loadCatalog } from './index.js';

const dataDir = fileURLToPath(new URL('./data/', import.meta.url));

function vocabularyTexts(overrides: Record<string, string> = {}): CatalogSourceText[] {
  return Object.values(VOCABULARY_FILES).map((file) => ({
    file,
    text: overrides[file] ?? readFileSync(join(dataDir, file), 'utf8'),
  }));
}

function compileWith(dfs: Record<string, string>, vocabularyOverrides: Record<string, string> = {}) {
  const files = [...vocabularyTexts(vocabularyOverrides), ...Object.entries(dfs).map(([file, text]) => ({ file, text }))];
  return compileCatalog(files, '/test/catalog');
}

function problemsOf(run: () => unknown): CatalogProblem[] {
  try {
    run();
  } catch (e) {
    if (e instanceof CatalogError) return [...e.problems];
    throw e;
  }
  throw new Error('expected a CatalogError');
}

/** 1-based line and column of the `occurrence`-th appearance of `needle` in `text`. */
function position(text: string, needle: string, occurrence = 1): { line: number; col: number } {
  let at = -1;
  for (let i = 0; i < occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" not found ${occurrence} times`);
  }
  const before = text.slice(0, at).split('\n');
  return { line: before.length, col: (before.at(-1) as string).length + 1 };
}

const ITEM = (id: string, extra = '', verification = '[SA-APK]') => `  - id: ${id}
    title: A test item
    statement: Something must be true.
    area: "App: network communication"
    actors: [DEV]
    verification: ${verification}
    sources:
      - {doc: D3, locator: "T1.1"}
${extra}`;

const APP_FILE = (...items: string[]) => `prefix: APP\nitems:\n${items.join('')}`;

describe('the shipped catalog', () => {
  it('loads and validates with every reference item and vocabulary entry', () => {
    const catalog = loadCatalog();
    expect(catalog.items.size).toBe(186);
    const byPrefix = new Map<string, number>();
    for (const id of catalog.items.keys()) {
      const prefix = id.slice(0, id.indexOf('-'));
      byPrefix.set(prefix, (byPrefix.get(prefix) ?? 0) + 1);
    }
    // Row counts of the reference's section 14.
    expect(Object.fromEntries(byPrefix)).toEqual({ APP: 53, USSD: 28, SIM: 30, SS7: 19, PLAT: 39, GOV: 15, USER: 2 });
    expect(catalog.masvs.size).toBe(24);
    expect(catalog.maswe.size).toBe(78);
    expect([...catalog.verification.keys()]).toEqual(['SA-APK', 'SA-IPA', 'DYN-APP', 'DYN-USSD', 'SRV', 'LAB-RF', 'EVID', 'Q']);
    expect([...catalog.actors.keys()]).toEqual(['DFSP', 'MNO', 'REG', 'TP', 'DEV', 'USER']);
  });

  it('records the file and line where each item is defined', () => {
    const catalog = loadCatalog();
    for (const item of catalog.items.values()) {
      const lines = readFileSync(join(dataDir, item.file), 'utf8').split('\n');
      expect(lines[item.line - 1], `${item.id} at ${item.file}:${item.line}`).toContain(`id: ${item.id}`);
    }
  });

  it('resolves document citations to titles, editions and years', () => {
    const item = loadCatalog().get('APP-01');
    expect(item?.sources[0]).toMatchObject({ doc: 'D1b', edition: '2nd edition', year: '2021', locator: '8.4 p30' });
    expect(item?.sources[0]?.title).toContain('security assurance framework');
    expect(item?.controls).toEqual([{ number: 'C17', edition: 2021 }]);
  });

  it('keeps items in report order and carries the reference flags', () => {
    const catalog = loadCatalog();
    const ids = [...catalog.items.keys()];
    expect(ids[0]).toBe('APP-01');
    expect(ids.at(-1)).toBe('USER-02');
    expect(ids.indexOf('USSD-01')).toBeGreaterThan(ids.indexOf('APP-65'));
    expect(catalog.get('SIM-10')?.flags).toEqual(['inferred', 'unavailable']);
    expect(catalog.get('GOV-05')?.flags).toEqual(['truncated']);
    expect(catalog.get('USSD-35')?.flags).toEqual(['partial']);
  });

  it('defines every CWE id the check families need', () => {
    const catalog = loadCatalog();
    const needed = [295, 296, 330, 338, 259, 311, 312, 319, 321, 326, 327, 328, 329, 89, 78, 94, 200, 276, 532, 749, 926, 927, 1021, 693, 489, 250, 798, 922, 676, 119, 732, 780, 347, 912, 921, 602];
    const ids = needed.map((n) => `CWE-${n}`);
    expect(ids.filter((id) => !catalog.cwe.has(id))).toEqual([]);
  });
});

describe('validateReferences', () => {
  it('returns exactly the ids the catalog does not define', async () => {
    const { validateReferences } = await import('./validate.js');
    const catalog = loadCatalog();
    expect(
      validateReferences(catalog, {
        dfs: ['APP-41', 'APP-99'],
        masvs: ['MASVS-STORAGE-1', 'MASVS-STORAGE-9'],
        maswe: ['MASWE-0005', 'MASWE-0999', 'maswe-0005'],
        cwe: ['CWE-532', 'CWE-0'],
      }),
    ).toEqual(['APP-99', 'MASVS-STORAGE-9', 'MASWE-0999', 'maswe-0005', 'CWE-0']);
    expect(validateReferences(catalog, {})).toEqual([]);
  });
});

describe('broken catalog data', () => {
  it('accepts a minimal valid file (the base the broken samples start from)', () => {
    const data = compileWith({ 'dfs/app.yaml': APP_FILE(ITEM('APP-01')) });
    expect(data.items.map((i) => i.id)).toEqual(['APP-01']);
    expect(data.items[0]?.line).toBe(3);
  });

  it('reports a duplicate id at the second definition, naming the first', () => {
    const text = APP_FILE(ITEM('APP-01'), ITEM('APP-01'));
    const problems = problemsOf(() => compileWith({ 'dfs/app.yaml': text }));
    expect(problems).toHaveLength(1);
    const at = position(text, 'APP-01', 2);
    expect(problems[0]).toMatchObject({ file: 'dfs/app.yaml', ...at });
    expect(problems[0]?.message).toContain('duplicate DFS item id "APP-01" (first defined at dfs/app.yaml:3)');
  });

  it('reports a duplicate id across files', () => {
    const problems = problemsOf(() =>
      compileWith({ 'dfs/app.yaml': APP_FILE(ITEM('APP-01')), 'dfs/more.yaml': APP_FILE(ITEM('APP-02')) }),
    );
    expect(problems.map((p) => p.message)).toEqual([expect.stringContaining('prefix "APP" is already used by dfs/app.yaml')]);
  });

  it('reports an unknown verification code and an unknown actor where they are written', () => {
    const text = APP_FILE(ITEM('APP-01', '', '[SA-APK, SA-APX]').replace('actors: [DEV]', 'actors: [DEV, BANK]'));
    const problems = problemsOf(() => compileWith({ 'dfs/app.yaml': text }));
    expect(problems).toEqual([
      { file: 'dfs/app.yaml', ...position(text, 'BANK'), message: expect.stringContaining('unknown actor "BANK"') },
      { file: 'dfs/app.yaml', ...position(text, 'SA-APX'), message: expect.stringContaining('unknown verification "SA-APX"') },
    ]);
  });

  it('reports a missing required field at the start of the item', () => {
    const text = APP_FILE(ITEM('APP-01').replace('    statement: Something must be true.\n', ''));
    const problems = problemsOf(() => compileWith({ 'dfs/app.yaml': text }));
    expect(problems).toEqual([
      { file: 'dfs/app.yaml', line: 3, col: 5, message: 'APP-01: missing required field "statement"' },
    ]);
  });

  it('reports bad MASVS, MASWE, CWE, document, area and related references', () => {
    const extra = '    masvs: [MASVS-STORAGE-7]\n    maswe: [MASWE-9999]\n    cwe: [CWE-99999]\n    related: [APP-77]\n';
    const text = APP_FILE(ITEM('APP-01', extra).replace('doc: D3', 'doc: D99').replace('network communication', 'nowhere'));
    const problems = problemsOf(() => compileWith({ 'dfs/app.yaml': text }));
    const byNeedle = (needle: string) => problems.find((p) => p.message.includes(`"${needle}"`));
    for (const needle of ['MASVS-STORAGE-7', 'MASWE-9999', 'CWE-99999', 'APP-77', 'D99', 'App: nowhere']) {
      const problem = byNeedle(needle);
      expect(problem, needle).toBeDefined();
      expect({ line: problem?.line, col: problem?.col }, needle).toEqual(position(text, needle === 'App: nowhere' ? '"App: nowhere"' : needle));
    }
    expect(problems).toHaveLength(6);
  });

  it('reports ids that do not fit the file prefix or pattern', () => {
    const text = APP_FILE(ITEM('APP-1'), ITEM('USSD-02'));
    const problems = problemsOf(() => compileWith({ 'dfs/app.yaml': text }));
    expect(problems.map((p) => [p.line, p.message])).toEqual([
      [position(text, 'APP-1').line, expect.stringContaining('does not match this file\'s pattern APP-NN')],
      [position(text, 'USSD-02').line, expect.stringContaining('does not match this file\'s pattern APP-NN')],
    ]);
  });

  it('requires manual test steps for items that are not verified statically', () => {
    const text = APP_FILE(ITEM('APP-01', '', '[SA-APK, DYN-APP]'));
    const problems = problemsOf(() => compileWith({ 'dfs/app.yaml': text }));
    expect(problems).toEqual([{ file: 'dfs/app.yaml', line: 3, col: 5, message: expect.stringContaining('missing "howToTest"') }]);
    expect(() => compileWith({ 'dfs/app.yaml': APP_FILE(ITEM('APP-01', '    howToTest: Do it.\n', '[DYN-APP]')) })).not.toThrow();
  });

  it('rejects unknown fields (typos), wrong types, empty fields and aliases', () => {
    const extra = '    howtoTest: steps\n    flags: partial\n    notes:\n    owaspMobile2016: M11\n';
    const text = APP_FILE(ITEM('APP-01', extra).replace('title: A test item', 'title: 2020'));
    const problems = problemsOf(() => compileWith({ 'dfs/app.yaml': text }));
    expect(problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('unknown field "howtoTest"'),
        expect.stringContaining('field "flags" must be a list'),
        expect.stringContaining('field "notes" is empty'),
        expect.stringContaining('owaspMobile2016 must be M1 to M10'),
        expect.stringContaining('field "title" must be text'),
      ]),
    );
    expect(problems.find((p) => p.message.includes('howtoTest'))).toMatchObject(position(text, 'howtoTest'));

    const aliased = `prefix: APP\nitems:\n${ITEM('APP-01', '    cwe: &c [CWE-79]\n')}${ITEM('APP-02', '    cwe: *c\n')}`;
    const aliasProblems = problemsOf(() => compileWith({ 'dfs/app.yaml': aliased }));
    expect(aliasProblems).toEqual([
      { file: 'dfs/app.yaml', ...position(aliased, '*c'), message: expect.stringContaining('aliases') },
    ]);
  });

  it('reports YAML syntax errors and duplicate keys with their position', () => {
    const text = APP_FILE(ITEM('APP-01', '    title: Again\n'));
    const problems = problemsOf(() => compileWith({ 'dfs/app.yaml': text }));
    expect(problems).toEqual([
      { file: 'dfs/app.yaml', ...position(text, 'title: Again'), message: expect.stringMatching(/^YAML syntax: Map keys must be unique/) },
    ]);
    const broken = 'prefix: APP\nitems:\n  - id: APP-01\n    actors: [DEV\n';
    const syntax = problemsOf(() => compileWith({ 'dfs/app.yaml': broken }));
    expect(syntax.length).toBeGreaterThan(0);
    expect(syntax.every((p) => p.file === 'dfs/app.yaml' && p.message.startsWith('YAML syntax:'))).toBe(true);
  });

  it('checks the vocabulary files too (MASWE pointing at an unknown MASVS control)', () => {
    const maswe = readFileSync(join(dataDir, 'maswe.yaml'), 'utf8').replace('masvs: MASVS-STORAGE-2', 'masvs: MASVS-STORAGE-5');
    const problems = problemsOf(() => compileWith({ 'dfs/app.yaml': APP_FILE(ITEM('APP-01')) }, { 'maswe.yaml': maswe }));
    expect(problems).toEqual([
      { file: 'maswe.yaml', ...position(maswe, 'MASVS-STORAGE-5'), message: 'MASWE-0005: unknown MASVS "MASVS-STORAGE-5" (not defined in masvs.yaml)' },
    ]);
  });

  it('lists every problem of every file in one error', () => {
    const text = APP_FILE(ITEM('APP-01', '    cwe: [CWE-1]\n'), ITEM('APP-01'));
    const ussd = `prefix: USSD\nitems:\n${ITEM('USSD-01').replace('actors: [DEV]', 'actors: [NOBODY]')}`;
    const problems = problemsOf(() => compileWith({ 'dfs/app.yaml': text, 'dfs/ussd.yaml': ussd }));
    expect(problems.map((p) => `${p.file}:${p.line}`)).toEqual([
      `dfs/app.yaml:${position(text, 'APP-01', 2).line}`,
      `dfs/app.yaml:${position(text, 'CWE-1').line}`,
      `dfs/ussd.yaml:${position(ussd, 'NOBODY').line}`,
    ]);
  });

  it('reports missing vocabulary files and an empty dfs folder', () => {
    const files = vocabularyTexts().filter((f) => f.file !== 'cwe.yaml');
    const problems = problemsOf(() => compileCatalog(files, '/x'));
    expect(problems.map((p) => `${p.file}: ${p.message}`)).toEqual([
      'cwe.yaml: required catalog file is missing',
      'dfs/: no DFS recommendation files (dfs/*.yaml) found',
    ]);
  });
});

describe('loadCatalog on a folder', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('throws a CatalogError whose one-line form names file:line:col, and caches good folders', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dfslab-catalog-'));
    dirs.push(dir);
    cpSync(dataDir, dir, { recursive: true });
    const good = loadCatalog(dir);
    expect(loadCatalog(dir)).toBe(good);
    expect(good.items.size).toBe(186);

    const broken = mkdtempSync(join(tmpdir(), 'dfslab-catalog-'));
    dirs.push(broken);
    cpSync(dataDir, broken, { recursive: true });
    const app = readFileSync(join(broken, 'dfs', 'app.yaml'), 'utf8').replace('maswe: [MASWE-0063]', 'maswe: [MASWE-0630]');
    writeFileSync(join(broken, 'dfs', 'app.yaml'), app);
    mkdirSync(join(broken, 'dfs', 'ignored.d'));
    let error: unknown;
    try {
      loadCatalog(broken);
    } catch (e) {
      error = e;
    }
    expect(isDfslabError(error)).toBe(true);
    const catalogError = error as CatalogError;
    expect(catalogError.code).toBe(ErrorCodes.CATALOG_INVALID);
    const at = position(app, 'MASWE-0630');
    expect(catalogError.toLine()).toContain(`dfs/app.yaml:${at.line}:${at.col}: APP-41: unknown MASWE "MASWE-0630"`);
    expect(catalogError.path).toBe(broken);
  });
});

describe('mutation fuzz of catalog YAML', () => {
  // A tiny deterministic generator (mulberry32) so failures reproduce.
  function rng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  // Small stand-in vocabularies keep each case fast; they define what dfs/user.yaml refers to.
  const stubVocabulary: CatalogSourceText[] = [
    {
      file: 'vocabulary.yaml',
      text: `actors:
  - {code: DFSP, title: Provider, description: The provider.}
  - {code: USER, title: Customer, description: The customer.}
verification:
  - {code: Q, title: Questionnaire, description: Asked.}
flags:
  - {code: partial, title: Partial, description: Partly seen.}
areas: [Consumer]
`,
    },
    {
      file: 'documents.yaml',
      text: `documents:
  - {id: D1, title: Framework, edition: 1st edition, year: "2020"}
  - {id: D5b, title: SS7 controls, edition: online, year: "2023"}
`,
    },
    { file: 'masvs.yaml', text: 'controls:\n  - {id: MASVS-AUTH-1, title: Auth, statement: Authenticate.}\n' },
    { file: 'maswe.yaml', text: 'weaknesses:\n  - {id: MASWE-0018, title: Components, masvs: MASVS-AUTH-1}\n' },
    { file: 'cwe.yaml', text: 'weaknesses:\n  - {id: CWE-20, name: Improper Input Validation}\n' },
  ];

  it('accepts the unmutated sample with the stand-in vocabularies', () => {
    const text = readFileSync(join(dataDir, 'dfs', 'user.yaml'), 'utf8');
    expect(compileCatalog([...stubVocabulary, { file: 'dfs/user.yaml', text }], '/x').items).toHaveLength(2);
  });

  it('turns truncated and bit-flipped files into CatalogError, never another exception', () => {
    const original = readFileSync(join(dataDir, 'dfs', 'user.yaml'), 'utf8');
    const bytes = Buffer.from(original, 'utf8');
    const random = rng(0xdf5);
    let rejected = 0;
    for (let i = 0; i < 400; i++) {
      const mutated = Buffer.from(bytes);
      const cut = i % 3 === 0 ? Math.floor(random() * bytes.length) : bytes.length;
      for (let flips = 1 + Math.floor(random() * 4); flips > 0; flips--) {
        const at = Math.floor(random() * cut);
        mutated[at] = (mutated[at] as number) ^ (1 << Math.floor(random() * 8));
      }
      const text = mutated.subarray(0, cut).toString('utf8');
      // Mutate a vocabulary file as well in a quarter of the cases.
      const files = stubVocabulary.map((f, index) =>
        i % 4 === 1 && index === i % stubVocabulary.length ? { ...f, text: f.text.slice(0, Math.floor(random() * f.text.length)) } : f,
      );
      try {
        compileCatalog([...files, { file: 'dfs/user.yaml', text }], '/x');
      } catch (e) {
        expect(e, `case ${i}`).toBeInstanceOf(CatalogError);
        const problems = (e as CatalogError).problems;
        expect(problems.length).toBeGreaterThan(0);
        for (const p of problems) {
          expect(p.line).toBeGreaterThanOrEqual(1);
          expect(p.col).toBeGreaterThanOrEqual(1);
        }
        rejected++;
      }
    }
    // Most mutations break something; a few land in comments or prose and stay valid.
    expect(rejected).toBeGreaterThan(200);
  });
});
