import { describe, expect, it } from 'vitest';
import { GRADES, scoreFindings, type ScoredFinding } from './score.js';
import { SEVERITIES, type Severity } from './types.js';

/** Small deterministic generator (xorshift32) so the property test is repeatable. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

const CHECKS = ['a.x.one', 'a.x.two', 'a.y.three', 'i.z.four', 'i.z.five'];
const rank = (g: string): number => GRADES.indexOf(g as (typeof GRADES)[number]);

function randomFindings(r: () => number, n: number): ScoredFinding[] {
  return Array.from({ length: n }, () => ({ checkId: CHECKS[Math.floor(r() * CHECKS.length)]!, severity: SEVERITIES[Math.floor(r() * SEVERITIES.length)]! }));
}

describe('score', () => {
  it('is 100 and A with no findings', () => {
    const s = scoreFindings([]);
    expect(s.score).toBe(100);
    expect(s.grade).toBe('A');
  });

  it('weighs by severity and caps the grade by the worst finding', () => {
    expect(scoreFindings([{ checkId: 'a.b.c', severity: 'medium' }]).score).toBe(93); // 10000 / 108
    const high = scoreFindings([{ checkId: 'a.b.c', severity: 'high' }]);
    expect(high.score).toBe(83); // 10000 / 120
    expect(high.scoreGrade).toBe('B');
    expect(high.grade).toBe('C');
    expect(high.steps.some((s) => s.kind === 'cap' && s.severity === 'high')).toBe(true);
    expect(scoreFindings([{ checkId: 'a.b.c', severity: 'critical' }]).grade).toBe('D');
  });

  it('caps one check at twice its worst weight', () => {
    const many = Array.from({ length: 30 }, () => ({ checkId: 'a.b.noisy', severity: 'low' as Severity }));
    const s = scoreFindings(many);
    expect(s.penalty).toBe(6);
    expect(s.score).toBe(94); // 10000 / 106
    expect(s.steps.find((x) => x.kind === 'check')).toMatchObject({ capped: true, points: 6 });
  });

  it('never improves when a finding is added or made worse (1,000 random cases)', () => {
    const r = rng(20261124);
    for (let i = 0; i < 1000; i++) {
      const base = randomFindings(r, Math.floor(r() * 12));
      const before = scoreFindings(base);
      const added = [...base, ...randomFindings(r, 1)];
      const afterAdd = scoreFindings(added);
      expect(afterAdd.score).toBeLessThanOrEqual(before.score);
      expect(rank(afterAdd.grade)).toBeGreaterThanOrEqual(rank(before.grade));
      if (base.length) {
        const j = Math.floor(r() * base.length);
        const sev = base[j]!.severity;
        const worse = SEVERITIES[Math.max(0, SEVERITIES.indexOf(sev) - 1 - Math.floor(r() * 2))]!;
        const worsened = base.map((f, k) => (k === j ? { ...f, severity: worse } : f));
        const afterWorse = scoreFindings(worsened);
        expect(afterWorse.score).toBeLessThanOrEqual(before.score);
        expect(rank(afterWorse.grade)).toBeGreaterThanOrEqual(rank(before.grade));
      }
    }
  });

  it('keeps telling very weak apps apart instead of putting them all at 0', () => {
    const many = (n: number): ScoredFinding[] => Array.from({ length: n }, (_, i) => ({ checkId: `c.x.n${i}`, severity: 'high' as Severity }));
    const ten = scoreFindings(many(10));
    const thirty = scoreFindings(many(30));
    expect(ten.score).toBe(33); // penalty 200
    expect(thirty.score).toBe(14); // penalty 600
    expect(thirty.grade).toBe('F');
    expect(ten.grade).toBe('E');
  });

  it('explains itself: the check steps add up to the penalty, and the penalty gives the score', () => {
    const s = scoreFindings([
      { checkId: 'b', severity: 'high' },
      { checkId: 'a', severity: 'low' },
      { checkId: 'a', severity: 'medium' },
    ]);
    const checks = s.steps.filter((x) => x.kind === 'check');
    expect(checks.map((x) => (x.kind === 'check' ? x.checkId : ''))).toEqual(['a', 'b']);
    const penalty = checks.reduce((t, x) => t + (x.kind === 'check' ? x.points : 0), 0);
    expect(s.steps.find((x) => x.kind === 'penalty')).toEqual({ kind: 'penalty', points: penalty });
    expect(s.steps.find((x) => x.kind === 'scale')).toEqual({ kind: 'scale', penalty, score: Math.round(10000 / (100 + penalty)) });
    expect(s.score).toBe(Math.round(10000 / (100 + penalty)));
  });
});
