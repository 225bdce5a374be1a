/**
 * @module resilience/merge
 * Merges the answers of several contributors to one assessment (the network team answers the protection
 * questions, the risk office the governance ones, and sometimes both answer the same question).
 *
 * The rule, per question:
 * - a reviewer's answer wins over every contributor's; among several reviewer answers, the most recent;
 * - otherwise the most recent answer (`answeredAt`) wins; at equal times the contribution later in the
 *   list wins, so the result never depends on anything but the input;
 * - evidence references of every answer to the question are kept (deduplicated, sorted): evidence given by
 *   one contributor is not lost because another answered later;
 * - when contributors gave different values, the question is reported as a conflict with every candidate
 *   answer, so that the reviewer settles it; a reviewer answer marks the conflict as settled.
 */
import { ErrorCodes, UsageError } from '../errors.js';
import type { AnswerValue } from './model.js';
import type { AnswerInput, Answers } from './score.js';

/** One contributor's answer with when it was given (ISO 8601 date-time). */
export interface TimedAnswer extends Omit<AnswerInput, 'contributor'> {
  answeredAt: string;
}

/** The answers one person gave to an assessment. */
export interface Contribution {
  contributor: string;
  /** A reviewer's answers settle conflicts and win over every contributor's. Default: contributor. */
  role?: 'contributor' | 'reviewer';
  answers: Readonly<Record<string, TimedAnswer>>;
}

export interface ConflictCandidate {
  contributor: string;
  role: 'contributor' | 'reviewer';
  value: AnswerValue;
  answeredAt: string;
  comment?: string;
}

export interface MergeConflict {
  questionId: string;
  /** The contributors' differing answers, oldest first. */
  candidates: ConflictCandidate[];
  /** Who gave the answer that was kept. */
  chosen: string;
  /** True when a reviewer answered the question. */
  settled: boolean;
}

export interface MergedAssessment {
  /** One answer per question, with the contributor whose answer was kept. */
  answers: Answers;
  /** Questions on which contributors disagreed, in question-id order. */
  conflicts: MergeConflict[];
  /** Everyone who contributed, in the order given. */
  contributors: string[];
}

interface Entry {
  contributor: string;
  role: 'contributor' | 'reviewer';
  answer: TimedAnswer;
  time: number;
  index: number;
}

/** Merges contributions by the rule in the module comment. Throws UsageError on a malformed contribution. */
export function mergeContributions(list: readonly Contribution[]): MergedAssessment {
  const byQuestion = new Map<string, Entry[]>();
  const contributors: string[] = [];
  list.forEach((contribution, index) => {
    if (!contribution || typeof contribution.contributor !== 'string' || contribution.contributor.trim() === '') {
      throw new UsageError(ErrorCodes.USAGE, `contribution ${index + 1} has no contributor name`);
    }
    const role = contribution.role ?? 'contributor';
    if (role !== 'contributor' && role !== 'reviewer') {
      throw new UsageError(ErrorCodes.USAGE, `contribution of ${contribution.contributor}: role must be "contributor" or "reviewer"`);
    }
    if (!contributors.includes(contribution.contributor)) contributors.push(contribution.contributor);
    for (const [questionId, answer] of Object.entries(contribution.answers ?? {})) {
      const time = typeof answer?.answeredAt === 'string' ? Date.parse(answer.answeredAt) : Number.NaN;
      if (Number.isNaN(time)) {
        throw new UsageError(
          ErrorCodes.USAGE,
          `answer of ${contribution.contributor} to ${questionId}: answeredAt must be an ISO 8601 date-time, e.g. 2026-03-01T10:00:00Z`,
        );
      }
      const entries = byQuestion.get(questionId) ?? [];
      entries.push({ contributor: contribution.contributor, role, answer, time, index });
      byQuestion.set(questionId, entries);
    }
  });

  const answers: Record<string, AnswerInput> = {};
  const conflicts: MergeConflict[] = [];
  for (const questionId of [...byQuestion.keys()].sort()) {
    const entries = (byQuestion.get(questionId) as Entry[]).slice().sort((a, b) => a.time - b.time || a.index - b.index);
    const reviewers = entries.filter((e) => e.role === 'reviewer');
    const winner = (reviewers.length > 0 ? reviewers : entries).at(-1) as Entry;
    const evidence = [...new Set(entries.flatMap((e) => e.answer.evidence ?? []))].sort();
    const { answeredAt: _answeredAt, evidence: _evidence, ...rest } = winner.answer;
    const merged: AnswerInput = { ...rest, contributor: winner.contributor };
    if (evidence.length > 0) merged.evidence = evidence;
    answers[questionId] = merged;

    const contributorValues = new Set(entries.filter((e) => e.role === 'contributor').map((e) => e.answer.value));
    if (contributorValues.size > 1) {
      conflicts.push({
        questionId,
        candidates: entries.map((e) => {
          const candidate: ConflictCandidate = { contributor: e.contributor, role: e.role, value: e.answer.value, answeredAt: e.answer.answeredAt };
          if (e.answer.comment !== undefined) candidate.comment = e.answer.comment;
          return candidate;
        }),
        chosen: winner.contributor,
        settled: reviewers.length > 0,
      });
    }
  }
  return { answers, conflicts, contributors };
}
