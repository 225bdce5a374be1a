/**
 * @module findings/score
 * The audit score and grade. Documented in docs/reports.md ("Score and grade"); the rules are chosen so that
 * the score is **monotone**: adding a finding, or raising a finding's severity, never gives a better score
 * or grade.
 *
 * - Each open finding weighs penalty points by its severity (critical 40, high 20, medium 8, low 3, info 0).
 * - A check's findings add up, but one check never takes more than twice the weight of its worst finding
 *   (so one noisy check with 50 locations does not hide everything else). Both the sum and the cap only
 *   grow when findings are added or made worse, so the check's contribution only grows.
 * - score = round(100 × 100 / (100 + penalty)): 100 with no penalty, 50 at 100 points, 20 at 400. A plain
 *   "100 minus the penalty" would put every seriously weak app at 0 and so stop telling them apart; this
 *   curve keeps ranking them while staying strictly decreasing in the penalty (rounding keeps it
 *   non-increasing).
 * - Grade from the score (A ≥ 90, B ≥ 75, C ≥ 60, D ≥ 40, E ≥ 20, else F), then capped by the worst open
 *   finding (critical → at most D, high → at most C). A cap only tightens as findings get worse, and the
 *   grade is the worse of the two, so it stays monotone.
 * Suppressed findings do not count (they were accepted with a reason, shown in the report).
 */
import { SEVERITIES, type Severity } from './types.js';

export const SEVERITY_WEIGHT: Readonly<Record<Severity, number>> = { critical: 40, high: 20, medium: 8, low: 3, info: 0 };

export const GRADES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export type Grade = (typeof GRADES)[number];

/** Lowest score for each grade, best first; below the last threshold the grade is F. */
export const GRADE_THRESHOLDS: ReadonlyArray<readonly [Grade, number]> = [
  ['A', 90],
  ['B', 75],
  ['C', 60],
  ['D', 40],
  ['E', 20],
];

/** The best grade an app can get while it has an open finding of this severity. */
export const GRADE_CAP: Readonly<Partial<Record<Severity, Grade>>> = { critical: 'D', high: 'C' };

export interface ScoredFinding {
  checkId: string;
  severity: Severity;
}

/** One line of the reasoning shown in the report. */
export type ScoreStep =
  | { kind: 'check'; checkId: string; findings: number; worst: Severity; weight: number; capped: boolean; points: number }
  | { kind: 'penalty'; points: number }
  | { kind: 'scale'; penalty: number; score: number }
  | { kind: 'grade'; grade: Grade; score: number; threshold: number }
  | { kind: 'cap'; severity: Severity; count: number; grade: Grade };

export interface Score {
  /** 0–100, higher is better. */
  score: number;
  /** Sum of the checks' penalty points. */
  penalty: number;
  grade: Grade;
  /** The grade the score alone would give (before caps). */
  scoreGrade: Grade;
  steps: ScoreStep[];
  /** Open findings counted, by severity. */
  counted: Record<Severity, number>;
}

/** The score for a penalty: 100 at 0, halved at 100 points, never below 0. */
export function scoreOfPenalty(penalty: number): number {
  return Math.round((100 * 100) / (100 + Math.max(0, penalty)));
}

function gradeOf(score: number): { grade: Grade; threshold: number } {
  for (const [g, t] of GRADE_THRESHOLDS) if (score >= t) return { grade: g, threshold: t };
  return { grade: 'F', threshold: 0 };
}

function worse(a: Grade, b: Grade): Grade {
  return GRADES.indexOf(a) >= GRADES.indexOf(b) ? a : b;
}

/** Scores the open (not suppressed) findings of one audit. Deterministic: steps are sorted by check id. */
export function scoreFindings(findings: readonly ScoredFinding[]): Score {
  const counted = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byCheck = new Map<string, { n: number; sum: number; worst: Severity }>();
  for (const f of findings) {
    counted[f.severity]++;
    const w = SEVERITY_WEIGHT[f.severity];
    const e = byCheck.get(f.checkId);
    if (!e) byCheck.set(f.checkId, { n: 1, sum: w, worst: f.severity });
    else {
      e.n++;
      e.sum += w;
      if (SEVERITIES.indexOf(f.severity) < SEVERITIES.indexOf(e.worst)) e.worst = f.severity;
    }
  }
  const steps: ScoreStep[] = [];
  let total = 0;
  for (const id of [...byCheck.keys()].sort()) {
    const e = byCheck.get(id)!;
    const cap = 2 * SEVERITY_WEIGHT[e.worst];
    const points = Math.min(cap, e.sum);
    total += points;
    steps.push({ kind: 'check', checkId: id, findings: e.n, worst: e.worst, weight: SEVERITY_WEIGHT[e.worst], capped: e.sum > cap, points });
  }
  const score = scoreOfPenalty(total);
  steps.push({ kind: 'penalty', points: total }, { kind: 'scale', penalty: total, score });
  const { grade: scoreGrade, threshold } = gradeOf(score);
  steps.push({ kind: 'grade', grade: scoreGrade, score, threshold });
  let grade = scoreGrade;
  for (const sev of SEVERITIES) {
    const cap = GRADE_CAP[sev];
    if (cap === undefined || counted[sev] === 0) continue;
    if (worse(grade, cap) !== grade) {
      steps.push({ kind: 'cap', severity: sev, count: counted[sev], grade: cap });
      grade = cap;
    }
  }
  return { score, penalty: total, grade, scoreGrade, steps, counted };
}
