/**
 * @module resilience/compare
 * Compares two scored assessments of the same questionnaire (last year's and this year's, or before and
 * after a remediation plan): the change of risk level, of each domain's attained level and percentage, and
 * the questions whose answer improved or regressed. Only answers on the implementation scale are ranked
 * (not < partially < largely < fully); a move to or from "not applicable" or "unanswered" is listed under
 * `otherChanges`, because it says nothing about whether the institution got better.
 */
import { ErrorCodes, UsageError } from '../errors.js';
import { ANSWER_VALUES, type AnswerValue } from './model.js';
import type { AssessmentScore, DomainScore, QuestionResult } from './score.js';

export interface DomainChange {
  domainId: string;
  title: string;
  /** Undefined when the domain is absent from that assessment (questionnaire versions differ). */
  levelBefore: number | undefined;
  levelAfter: number | undefined;
  levelChange: number;
  percentBefore: number | undefined;
  percentAfter: number | undefined;
  /** Percentage points, one decimal. */
  percentChange: number;
  targetBefore: number | undefined;
  targetAfter: number | undefined;
}

export interface QuestionChange {
  questionId: string;
  domainId: string;
  /** Undefined when the question was unanswered or absent. */
  before: AnswerValue | undefined;
  after: AnswerValue | undefined;
}

export interface AssessmentComparison {
  questionnaireId: string;
  versionBefore: string;
  versionAfter: string;
  riskLevelBefore: number;
  riskLevelAfter: number;
  percentBefore: number;
  percentAfter: number;
  domains: DomainChange[];
  improved: QuestionChange[];
  regressed: QuestionChange[];
  otherChanges: QuestionChange[];
  unchanged: number;
}

const RANK = new Map<AnswerValue, number>(ANSWER_VALUES.slice(0, 4).map((v, i) => [v, i]));
const round1 = (x: number): number => Math.round(x * 10) / 10;

function answerOf(row: QuestionResult | undefined): AnswerValue | undefined {
  return row?.answer?.value;
}

/**
 * Compares `before` with `after`. Both must score the same questionnaire id (versions may differ: domains
 * and questions present in one only are reported with undefined on the other side). Throws UsageError when
 * the questionnaire ids differ.
 */
export function compareAssessments(before: AssessmentScore, after: AssessmentScore): AssessmentComparison {
  if (before.questionnaire.id !== after.questionnaire.id) {
    throw new UsageError(
      ErrorCodes.USAGE,
      `cannot compare assessments of different questionnaires ("${before.questionnaire.id}" and "${after.questionnaire.id}")`,
    );
  }
  const beforeDomains = new Map(before.domains.map((d) => [d.domainId, d]));
  const afterDomains = new Map(after.domains.map((d) => [d.domainId, d]));
  const order = [...after.domains.map((d) => d.domainId), ...before.domains.map((d) => d.domainId).filter((id) => !afterDomains.has(id))];

  const domains: DomainChange[] = order.map((id) => {
    const b = beforeDomains.get(id);
    const a = afterDomains.get(id);
    return {
      domainId: id,
      title: (a ?? (b as DomainScore)).title,
      levelBefore: b?.attained,
      levelAfter: a?.attained,
      levelChange: (a?.attained ?? 0) - (b?.attained ?? 0),
      percentBefore: b?.percent,
      percentAfter: a?.percent,
      percentChange: round1((a?.percent ?? 0) - (b?.percent ?? 0)),
      targetBefore: b?.target,
      targetAfter: a?.target,
    };
  });

  const improved: QuestionChange[] = [];
  const regressed: QuestionChange[] = [];
  const otherChanges: QuestionChange[] = [];
  let unchanged = 0;
  for (const id of order) {
    const bRows = new Map((beforeDomains.get(id)?.questions ?? []).map((r) => [r.questionId, r]));
    const aRows = new Map((afterDomains.get(id)?.questions ?? []).map((r) => [r.questionId, r]));
    const questionIds = [...aRows.keys(), ...[...bRows.keys()].filter((q) => !aRows.has(q))];
    for (const questionId of questionIds) {
      const change: QuestionChange = { questionId, domainId: id, before: answerOf(bRows.get(questionId)), after: answerOf(aRows.get(questionId)) };
      if (change.before === change.after) {
        unchanged++;
        continue;
      }
      const rb = change.before === undefined ? undefined : RANK.get(change.before);
      const ra = change.after === undefined ? undefined : RANK.get(change.after);
      if (rb === undefined || ra === undefined) otherChanges.push(change);
      else (ra > rb ? improved : regressed).push(change);
    }
  }
  return {
    questionnaireId: after.questionnaire.id,
    versionBefore: before.questionnaire.version,
    versionAfter: after.questionnaire.version,
    riskLevelBefore: before.profile.riskLevel,
    riskLevelAfter: after.profile.riskLevel,
    percentBefore: before.percent,
    percentAfter: after.percent,
    domains,
    improved,
    regressed,
    otherChanges,
    unchanged,
  };
}
