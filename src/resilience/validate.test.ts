import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ErrorCodes, isDfslabError } from '../errors.js';
import {
  QuestionnaireError,
  RESILIENCE_CATEGORIES,
  bundledQuestionnaire,
  domainsOf,
  listQuestionnaires,
  loadQuestionnaire,
  parseQuestionnaire,
  questionsOf,
  type QuestionnaireProblem,
} from './index.js';

/** A small valid questionnaire used by the tests; they edit its text to break one rule at a time. */
const SMALL = readFileSync(fileURLToPath(new URL('./testdata/small.yaml', import.meta.url)), 'utf8');

function problemsOf(text: string): QuestionnaireProblem[] {
  try {
    parseQuestionnaire(text, 'test.yaml');
  } catch (e) {
    if (e instanceof QuestionnaireError) return [...e.problems];
    throw e;
  }
  throw new Error('expected a QuestionnaireError');
}

function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" not in text`);
  return text.slice(0, at).split('\n').length;
}

const tmp = mkdtempSync(join(tmpdir(), 'dfslab-resilience-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('parseQuestionnaire', () => {
  it('reads a valid questionnaire into plain data', () => {
    const q = parseQuestionnaire(SMALL, 'small.yaml');
    expect(q.id).toBe('small');
    expect(q.maturityLevels.map((l) => l.name)).toEqual(['Initial', 'Developing', 'Defined']);
    expect(q.riskProfile.questions[0]?.multiple).toBe(true);
    expect(q.riskProfile.questions[1]?.weight).toBe(3);
    expect(questionsOf(q).map((x) => x.question.id)).toEqual(['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6']);
    const q2 = questionsOf(q)[1]?.question;
    expect(q2?.weight).toBe(1); // default weight
    expect(q2?.catalog).toEqual([]);
    expect(questionsOf(q)[3]?.question.allowNotApplicable).toBe(false);
    expect(domainsOf(q)[1]?.domain.targets).toEqual([3, 3, 3, 3, 3]);
    expect(q.answerScale.find((e) => e.value === 'not-applicable')?.requiresJustification).toBe(true);
  });

  it('reports an unknown catalog id with its line and column and a suggestion', () => {
    const text = SMALL.replace('catalog: [PLAT-14]', 'catalog: [PLAT-99]');
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/unknown DFS catalog item "PLAT-99"/);
    expect(problems[0]?.line).toBe(lineOf(text, 'PLAT-99'));
    expect(problems[0]?.col).toBe(text.split('\n')[lineOf(text, 'PLAT-99') - 1]!.indexOf('PLAT-99') + 1);
  });

  it('asks for the canonical spelling of a catalog id', () => {
    const problems = problemsOf(SMALL.replace('catalog: [PLAT-14]', 'catalog: [plat-14]'));
    expect(problems.map((p) => p.message)).toEqual([expect.stringContaining('write the catalog id as "PLAT-14"')]);
  });

  it('reports duplicate ids across pillars, domains and questions, with the first place', () => {
    const text = SMALL.replace('{id: Q5,', '{id: Q2,').replace('id: D2\n', 'id: P1\n');
    const messages = problemsOf(text).map((p) => p.message);
    expect(messages).toContain(`duplicate id "Q2" (first defined at line ${lineOf(text, '{id: Q2,')})`);
    expect(messages).toContain(`duplicate id "P1" (first defined at line ${lineOf(text, 'id: P1')})`);
  });

  it('reports a question level that is not a maturity level, and a gap in the level numbering', () => {
    const text = SMALL.replace('level: 3, recommendation: Do the sixth', 'level: 4, recommendation: Do the sixth');
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toBe('Q6: level 4 is not one of the maturity levels (1, 2, 3)');
    expect(problems[0]?.line).toBe(lineOf(text, '{id: Q6'));

    const holes = problemsOf(SMALL.replace('{level: 2, name: Developing', '{level: 5, name: Developing'));
    expect(holes.map((p) => p.message)).toContainEqual(expect.stringContaining('expected 2 here, found 5'));
  });

  it('requires "not-applicable" to demand a justification', () => {
    const text = SMALL.replace('{value: not-applicable, label: Not applicable, requiresJustification: true}', '{value: not-applicable, label: Not applicable}');
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/"not-applicable" must have requiresJustification: true/);
    expect(problems[0]?.line).toBe(lineOf(text, '{value: not-applicable'));
    expect(problemsOf(SMALL.replace('requiresJustification: true}', 'requiresJustification: false}'))[0]?.message).toMatch(/requiresJustification: true/);
  });

  it('checks the answer scale: every value once, credits rising from 0 to 1', () => {
    const missing = problemsOf(SMALL.replace('  - {value: largely-implemented, label: Largely implemented, credit: 0.75}\n', ''));
    expect(missing.map((p) => p.message)).toContain('answerScale: missing answer value largely-implemented');
    const falling = problemsOf(SMALL.replace('credit: 0.75', 'credit: 0.2'));
    expect(falling.map((p) => p.message)).toContain('answerScale: credits must rise strictly from 0 (not implemented) to 1 (fully implemented)');
    const unknown = problemsOf(SMALL.replace('value: largely-implemented', 'value: mostly'));
    expect(unknown[0]?.message).toMatch(/unknown answer value "mostly"/);
  });

  it('checks risk levels, target tables, categories, weights and unknown fields', () => {
    const messages = problemsOf(
      SMALL.replace('risk: 5}', 'risk: 6}')
        .replace('targets: [1, 2, 2, 3, 3]', 'targets: [3, 2, 2, 3, 3]')
        .replace('targets: [3, 3, 3, 3, 3]', 'targets: [3, 3]')
        .replace('category: governance', 'category: governence')
        .replace('weight: 3, recommendation', 'weight: 0, recommendation')
        .replace('{id: Q5, text: Fifth,', '{id: Q5, txt: Fifth,'),
    ).map((p) => p.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'RP-A.choices[2]: field "risk" must be a whole number from 1 to 5',
        'riskProfile: "targets" must not decrease: a higher inherent risk never lowers the target',
        'D2: "targets" must list 5 target levels, one per inherent-risk level 1..5',
        expect.stringContaining('unknown category "governence"'),
        'Q3: field "weight" must be a number from 0.01 to 100',
        expect.stringContaining('Q5: unknown field "txt"'),
        'Q5: missing required field "text"',
      ]),
    );
  });

  it('reports YAML syntax errors with line and column', () => {
    const text = 'id: x\ntitle: [unclosed\nversion: "1"\n';
    const problems = problemsOf(text);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]?.message).toMatch(/^YAML syntax: /);
    expect(problems[0]?.line).toBeGreaterThanOrEqual(2);
    expect(problemsOf('a: 1\na: 2\n')[0]?.message).toMatch(/YAML syntax: .*unique/i);
    expect(problemsOf('- just\n- a list\n')[0]?.message).toMatch(/YAML mapping at the top level/);
    expect(problemsOf(SMALL.replace('title: Domain two', 'title: &t Domain two').replace('title: Pillar two', 'title: *t'))[0]?.message).toMatch(/aliases/);
  });

  it('carries the typed error code and file name', () => {
    try {
      parseQuestionnaire('id: [', 'broken.yaml');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(QuestionnaireError);
      expect((e as QuestionnaireError).code).toBe(ErrorCodes.RESILIENCE_INVALID);
      expect((e as QuestionnaireError).path).toBe('broken.yaml');
      expect((e as QuestionnaireError).message).toMatch(/broken\.yaml:1:\d+: YAML syntax/);
    }
  });
});

describe('loadQuestionnaire and the bundled questionnaire', () => {
  it('loads a file, and reports a missing one as an input error', () => {
    const path = join(tmp, 'small.yaml');
    writeFileSync(path, SMALL);
    expect(loadQuestionnaire(path).id).toBe('small');
    try {
      loadQuestionnaire(join(tmp, 'absent.yaml'));
      expect.unreachable();
    } catch (e) {
      expect(isDfslabError(e) && e.code).toBe(ErrorCodes.INPUT_NOT_FOUND);
    }
  });

  it('lists the bundled questionnaire, which validates', () => {
    const list = listQuestionnaires();
    expect(list.map((b) => b.id)).toContain('dfs-critical-infrastructure');
    const q = bundledQuestionnaire('dfs-critical-infrastructure');
    expect(q.pillars.map((p) => p.title)).toEqual(['Governance', 'Risk management', 'Testing', 'Training and awareness', 'Incident response']);
    const domains = domainsOf(q);
    expect(domains.length).toBeGreaterThanOrEqual(12);
    expect(domains.length).toBeLessThanOrEqual(16);
    expect(new Set(domains.map((d) => d.domain.category))).toEqual(new Set(RESILIENCE_CATEGORIES));
    for (const { domain } of domains) {
      expect(domain.questions.length).toBeGreaterThanOrEqual(3);
      expect(domain.questions.length).toBeLessThanOrEqual(5);
      // Spread over the levels: the first level always has a question, so a domain can start.
      expect(domain.questions.some((question) => question.level === 1)).toBe(true);
    }
    const count = questionsOf(q).length;
    expect(count).toBeGreaterThanOrEqual(50);
    expect(count).toBeLessThanOrEqual(70);
    expect(q.riskProfile.questions.length).toBeGreaterThanOrEqual(7);
    expect(() => bundledQuestionnaire('nope')).toThrow(/no bundled questionnaire "nope"/);
  });
});

/** A small deterministic generator, so that a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('fuzzing the loader', () => {
  const pieces = ['\n', ' ', '  ', '- ', ': ', '{', '}', '[', ']', '"', "'", '&a ', '*a', '!!binary ', '#', '|', '>', '?', ',', 'id', 'level', '1e9', 'null', '~', '\t', '\u0000', '%YAML 1.2\n', '---\n', '...\n'];

  it('throws nothing but QuestionnaireError on mutated and random input', () => {
    const next = rng(20260305);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
    for (let round = 0; round < 400; round++) {
      let text: string;
      if (round % 2 === 0) {
        // Mutate the valid questionnaire: delete, duplicate or insert a few pieces.
        text = SMALL;
        const edits = 1 + Math.floor(next() * 4);
        for (let e = 0; e < edits; e++) {
          const at = Math.floor(next() * text.length);
          const kind = next();
          if (kind < 0.33) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 20));
          else if (kind < 0.66) text = text.slice(0, at) + pick(pieces) + text.slice(at);
          else {
            const lines = text.split('\n');
            const i = Math.floor(next() * lines.length);
            lines.splice(i, 0, lines[Math.floor(next() * lines.length)] as string);
            text = lines.join('\n');
          }
        }
      } else {
        text = Array.from({ length: 1 + Math.floor(next() * 60) }, () => pick(pieces)).join('');
      }
      try {
        parseQuestionnaire(text, 'fuzz.yaml');
      } catch (e) {
        if (!(e instanceof QuestionnaireError)) throw new Error(`round ${round}: ${String(e)}\n${JSON.stringify(text)}`);
        for (const p of e.problems) {
          expect(p.line).toBeGreaterThanOrEqual(1);
          expect(p.col).toBeGreaterThanOrEqual(1);
        }
      }
    }
  });

  it('refuses non-text and oversized input with the typed error', () => {
    expect(() => parseQuestionnaire(undefined as unknown as string, 'x.yaml')).toThrow(QuestionnaireError);
    expect(() => parseQuestionnaire(`# ${'x'.repeat(3 * 1024 * 1024)}`, 'x.yaml')).toThrow(/larger than/);
  });
});
