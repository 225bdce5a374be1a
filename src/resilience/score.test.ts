import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../errors.js';
import {
  AssessmentInputError,
  bundledQuestionnaire,
  compareAssessments,
  mergeContributions,
  parseQuestionnaire,
  questionsOf,
  scoreAssessment,
  scoreProfile,
  type AnswerInput,
  type Answers,
} from './index.js';

const SMALL = readFileSync(fileURLToPath(new URL('./testdata/small.yaml', import.meta.url)), 'utf8');
const q = parseQuestionnaire(SMALL, 'small.yaml');
const full: AnswerInput = { value: 'fully-implemented' };
const largely: AnswerInput = { value: 'largely-implemented' };
const partly: AnswerInput = { value: 'partially-implemented' };
const none: AnswerInput = { value: 'not-implemented' };
const na = (justification: string): AnswerInput => ({ value: 'not-applicable', justification });

describe('inherent-risk profile', () => {
  it('rounds the weighted mean half up', () => {
    // RP-A (weight 1) ussd → 3, RP-B (weight 3) mid → 2: mean 2.25 → 2; highest 3 − 1 = 2.
    expect(scoreProfile(q, { 'RP-A': ['ussd'], 'RP-B': 'mid' })).toMatchObject({ riskLevel: 2, meanRisk: 2.25, highestRisk: 3, assumed: false });
    // app → 2, high → 4: mean (2 + 12) / 4 = 3.5 → 4.
    expect(scoreProfile(q, { 'RP-A': ['app'], 'RP-B': 'high' }).riskLevel).toBe(4);
  });

  it('never falls more than one level below the highest answer, and takes the highest of several choices', () => {
    // api → 5 (weight 1), low → 1 (weight 3): mean 2 but highest 5, so 4.
    expect(scoreProfile(q, { 'RP-A': ['app', 'api'], 'RP-B': 'low' })).toMatchObject({ riskLevel: 4, meanRisk: 2, highestRisk: 5 });
  });

  it('assumes the highest level when nothing is answered, and lists unanswered questions', () => {
    expect(scoreProfile(q, {})).toMatchObject({ riskLevel: 5, assumed: true, unanswered: ['RP-A', 'RP-B'] });
    expect(scoreProfile(q, { 'RP-B': 'low' })).toMatchObject({ riskLevel: 1, unanswered: ['RP-A'] });
  });

  it('sets each domain target from the table, the domain override, and the cap at its highest question level', () => {
    const low = scoreAssessment(q, { 'RP-A': 'app', 'RP-B': 'low' }, {}); // mean 1.25 → 1; highest 2 − 1 = 1
    expect(low.profile.riskLevel).toBe(1);
    expect(low.domains.map((d) => d.target)).toEqual([1, 3]);
    const high = scoreAssessment(q, { 'RP-A': 'api', 'RP-B': 'high' }, {}); // 5
    expect(high.domains.map((d) => d.target)).toEqual([3, 3]);
    const capped = parseQuestionnaire(SMALL.replace('targets: [3, 3, 3, 3, 3]', 'targets: [3, 3, 3, 3, 3]').replace('{id: Q6, text: Sixth, guidance: G, level: 3', '{id: Q6, text: Sixth, guidance: G, level: 2'), 'c.yaml');
    expect(scoreAssessment(capped, {}, {}).domains[1]?.target).toBe(2);
  });
});

describe('scoreAssessment', () => {
  const profile = { 'RP-A': 'api', 'RP-B': 'high' }; // risk 5: targets D1 = 3, D2 = 3

  it('attains a level only when every applicable question at it and below is at least largely implemented', () => {
    const base: Answers = { Q1: full, Q2: largely, Q3: full, Q4: full };
    expect(scoreAssessment(q, profile, base).domains[0]?.attained).toBe(3);
    // A level-1 question only partially implemented caps the domain at 0, whatever is above.
    expect(scoreAssessment(q, profile, { ...base, Q2: partly }).domains[0]?.attained).toBe(0);
    // A level-2 gap stops the walk at 1 even though level 3 is met.
    expect(scoreAssessment(q, profile, { ...base, Q3: none }).domains[0]?.attained).toBe(1);
    // An unanswered question counts as not met.
    const { Q3: _q3, ...withoutQ3 } = base;
    expect(scoreAssessment(q, profile, withoutQ3).domains[0]?.attained).toBe(1);
  });

  it('leaves not-applicable questions out of levels and percentages, and skips levels with nothing to ask', () => {
    const s = scoreAssessment(q, profile, { Q1: full, Q2: na('No agents.'), Q3: na('No SIM channel.'), Q4: full });
    const d1 = s.domains[0]!;
    // Level 2 has no applicable question: neither stops the walk nor counts; level 3 is met.
    expect(d1.attained).toBe(3);
    expect(d1.applicable).toBe(2);
    expect(d1.percent).toBe(100);
    const allNa = scoreAssessment(q, profile, { Q1: na('a'), Q2: na('b'), Q3: na('c') });
    expect(allNa.domains[0]?.attained).toBe(0); // Q4 unanswered at level 3 stops the walk, nothing raised it
  });

  it('weights the percentage by question weight and the answer credit', () => {
    // Weights Q1 2, Q2 1, Q3 3, Q4 1; credits 1, 0.25, 0.75, 0 → (2 + 0.25 + 2.25 + 0) / 7 = 64.3 %.
    const s = scoreAssessment(q, profile, { Q1: full, Q2: partly, Q3: largely, Q4: none });
    expect(s.domains[0]?.percent).toBe(64.3);
    // Low risk: target 1, so only Q1 and Q2 count for the target percentage: 2.25 / 3 = 75 %.
    const low = scoreAssessment(q, { 'RP-B': 'low' }, { Q1: full, Q2: partly, Q3: largely, Q4: none });
    expect(low.domains[0]?.targetPercent).toBe(75);
    expect(low.domains[0]?.gap).toBe(1);
  });

  it('lists gaps at or below the target, foundations first, heaviest first, unanswered marked', () => {
    const s = scoreAssessment(q, profile, { Q1: partly, Q3: none, Q4: largely, Q6: { value: 'not-implemented', comment: 'Planned for Q3.' } });
    expect(s.gaps.map((g) => [g.questionId, g.status, g.level])).toEqual([
      ['Q1', 'unmet', 1],
      ['Q2', 'unanswered', 1],
      ['Q5', 'unanswered', 1],
      ['Q3', 'unmet', 2],
      ['Q6', 'unmet', 3],
    ]);
    const q3 = s.gaps.find((g) => g.questionId === 'Q3')!;
    expect(q3).toMatchObject({ domainId: 'D1', pillarId: 'P1', answer: 'not-implemented', recommendation: 'Do the third thing.', catalog: ['SIM-03', 'PLAT-15'] });
    expect(s.gaps.find((g) => g.questionId === 'Q6')?.comment).toBe('Planned for Q3.');
    expect(s.unanswered).toEqual(['Q2', 'Q5']);
    // Above the target nothing is a gap: at risk 1 D1's target is 1, so Q3 and Q4 drop out.
    const low = scoreAssessment(q, { 'RP-B': 'low' }, { Q1: partly, Q3: none });
    expect(low.gaps.filter((g) => g.domainId === 'D1').map((g) => g.questionId)).toEqual(['Q1', 'Q2']);
  });

  it('rolls domains up into pillars: weakest domain, mean level, weighted percentage', () => {
    const s = scoreAssessment(q, profile, { Q1: full, Q2: full, Q3: full, Q4: full, Q5: full, Q6: none });
    expect(s.pillars).toEqual([
      { pillarId: 'P1', title: 'Pillar one', attained: 3, meanLevel: 3, target: 3, percent: 100, domainsBelowTarget: 0 },
      { pillarId: 'P2', title: 'Pillar two', attained: 1, meanLevel: 1, target: 3, percent: 50, domainsBelowTarget: 1 },
    ]);
    expect(s.answered).toBe(6);
    expect(s.percent).toBe(Math.round((1000 * 7 + 1000 * 1) / 9) / 10);
  });

  it('refuses answers that do not fit, with every problem listed', () => {
    try {
      scoreAssessment(q, { 'RP-A': 'tv', 'RP-B': ['low', 'mid'], 'RP-Z': 'x' }, {
        Q1: { value: 'not-applicable' } as AnswerInput,
        Q4: na('We do not have this.'),
        Q9: full,
        Q2: { value: 'mostly' } as unknown as AnswerInput,
      });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AssessmentInputError);
      expect((e as AssessmentInputError).code).toBe(ErrorCodes.USAGE);
      expect((e as AssessmentInputError).problems.map((p) => `${p.questionId}: ${p.message}`)).toEqual([
        'RP-A: unknown choice "tv" (choices: app, ussd, api)',
        'RP-B: only one choice may be picked for this question',
        'RP-Z: not a question of the risk profile',
        'Q1: "not applicable" needs a justification saying why',
        'Q4: "not applicable" is not accepted for this question',
        'Q9: not a question of this questionnaire',
        'Q2: unknown answer value "mostly" (values: not-implemented, partially-implemented, largely-implemented, fully-implemented, not-applicable)',
      ]);
    }
    expect(() => scoreAssessment(q, {}, { Q1: na('   ') })).toThrow(/needs a justification/);
  });

  it('scores the bundled questionnaire end to end', () => {
    const dfs = bundledQuestionnaire('dfs-critical-infrastructure');
    const answers: Record<string, AnswerInput> = {};
    for (const { question } of questionsOf(dfs)) answers[question.id] = question.level <= 2 ? full : partly;
    const s = scoreAssessment(dfs, { 'RP-CHANNELS': ['ussd-stk', 'smartphone-app'], 'RP-VOLUME': '10m-50m', 'RP-SYSTEMIC': 'major' }, answers);
    expect(s.profile.riskLevel).toBe(3);
    expect(s.domains.every((d) => d.attained === 2)).toBe(true);
    expect(s.unanswered).toEqual([]);
    expect(s.gaps.length).toBeGreaterThan(0);
    expect(s.gaps.every((g) => g.level === 3 && g.recommendation.length > 0)).toBe(true);
    expect(JSON.stringify(scoreAssessment(dfs, {}, answers))).toBe(JSON.stringify(scoreAssessment(dfs, {}, answers)));
  });
});

describe('mergeContributions', () => {
  it('keeps the most recent answer, unions evidence, and reports disagreements for the reviewer', () => {
    const merged = mergeContributions([
      { contributor: 'amina', answers: { Q1: { value: 'fully-implemented', answeredAt: '2026-03-02T09:00:00Z', evidence: ['policy.pdf'], comment: 'Policy approved.' }, Q2: { value: 'largely-implemented', answeredAt: '2026-03-01T09:00:00Z' } } },
      { contributor: 'joseph', answers: { Q1: { value: 'partially-implemented', answeredAt: '2026-03-03T09:00:00Z', evidence: ['audit-2025.pdf', 'policy.pdf'], comment: 'Not applied to agents.' }, Q2: { value: 'largely-implemented', answeredAt: '2026-03-04T09:00:00Z' } } },
    ]);
    expect(merged.answers.Q1).toEqual({ value: 'partially-implemented', comment: 'Not applied to agents.', contributor: 'joseph', evidence: ['audit-2025.pdf', 'policy.pdf'] });
    expect(merged.answers.Q2).toEqual({ value: 'largely-implemented', contributor: 'joseph' });
    expect(merged.contributors).toEqual(['amina', 'joseph']);
    // Same value from both: no conflict on Q2.
    expect(merged.conflicts).toEqual([
      {
        questionId: 'Q1',
        candidates: [
          { contributor: 'amina', role: 'contributor', value: 'fully-implemented', answeredAt: '2026-03-02T09:00:00Z', comment: 'Policy approved.' },
          { contributor: 'joseph', role: 'contributor', value: 'partially-implemented', answeredAt: '2026-03-03T09:00:00Z', comment: 'Not applied to agents.' },
        ],
        chosen: 'joseph',
        settled: false,
      },
    ]);
  });

  it('lets the reviewer settle a conflict even with an older answer; equal times go to the later contribution', () => {
    const merged = mergeContributions([
      { contributor: 'amina', answers: { Q1: { value: 'fully-implemented', answeredAt: '2026-03-05T00:00:00Z' } } },
      { contributor: 'joseph', answers: { Q1: { value: 'not-implemented', answeredAt: '2026-03-05T00:00:00Z' } } },
      { contributor: 'reviewer', role: 'reviewer', answers: { Q1: { value: 'largely-implemented', answeredAt: '2026-03-04T00:00:00Z', comment: 'Seen on site.' } } },
    ]);
    expect(merged.answers.Q1).toMatchObject({ value: 'largely-implemented', contributor: 'reviewer' });
    expect(merged.conflicts[0]).toMatchObject({ chosen: 'reviewer', settled: true });
    const tie = mergeContributions([
      { contributor: 'amina', answers: { Q1: { value: 'fully-implemented', answeredAt: '2026-03-05T00:00:00Z' } } },
      { contributor: 'joseph', answers: { Q1: { value: 'not-implemented', answeredAt: '2026-03-05T00:00:00+00:00' } } },
    ]);
    expect(tie.answers.Q1?.contributor).toBe('joseph');
    expect(scoreAssessment(q, {}, tie.answers).domains[0]?.questions[0]?.answer?.contributor).toBe('joseph');
  });

  it('refuses a contribution without a name or with a bad time', () => {
    expect(() => mergeContributions([{ contributor: ' ', answers: {} }])).toThrow(/no contributor name/);
    expect(() => mergeContributions([{ contributor: 'a', answers: { Q1: { value: 'not-implemented', answeredAt: 'yesterday' } } }])).toThrow(/ISO 8601/);
  });
});

describe('compareAssessments', () => {
  it('gives the change per domain and the questions improved, regressed or otherwise changed', () => {
    const profile = { 'RP-A': 'api' };
    const before = scoreAssessment(q, profile, { Q1: partly, Q2: full, Q3: full, Q5: full, Q6: none });
    const after = scoreAssessment(q, profile, { Q1: full, Q2: largely, Q3: na('Channel closed.'), Q4: none, Q5: partly, Q6: none });
    const c = compareAssessments(before, after);
    expect(c.domains.map((d) => [d.domainId, d.levelBefore, d.levelAfter, d.levelChange])).toEqual([
      ['D1', 0, 1, 1],
      ['D2', 1, 0, -1],
    ]);
    expect(c.domains[0]?.percentChange).toBe(Math.round(10 * ((after.domains[0]!.percent) - (before.domains[0]!.percent))) / 10);
    expect(c.improved.map((x) => x.questionId)).toEqual(['Q1']);
    expect(c.regressed.map((x) => [x.questionId, x.before, x.after])).toEqual([
      ['Q2', 'fully-implemented', 'largely-implemented'],
      ['Q5', 'fully-implemented', 'partially-implemented'],
    ]);
    expect(c.otherChanges.map((x) => [x.questionId, x.before, x.after])).toEqual([
      ['Q3', 'fully-implemented', 'not-applicable'],
      ['Q4', undefined, 'not-implemented'],
    ]);
    expect(c.unchanged).toBe(1);
  });

  it('refuses to compare different questionnaires', () => {
    const other = parseQuestionnaire(SMALL.replace('id: small', 'id: other'), 'o.yaml');
    expect(() => compareAssessments(scoreAssessment(q, {}, {}), scoreAssessment(other, {}, {}))).toThrow(/different questionnaires/);
  });
});
