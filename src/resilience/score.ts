/**
 * @module resilience/score
 * Scores one assessment: the inherent-risk profile gives a risk level and, through the questionnaire's target
 * table, a target maturity per domain; the answers give each domain an attained maturity level and a weighted
 * percentage; the unmet questions at or below the target form the gap list. The rules, written once here:
 *
 * - **Inherent risk level.** Each profile question contributes the risk of its choice (the highest choice
 *   when several may be picked). The profile's level is the weighted mean of those risks rounded half up,
 *   but never more than one level below the highest single answer, so that one "most" activity is not
 *   averaged away by many "least" ones (the FFIEC CAT warns against exactly that). Unanswered profile
 *   questions are left out and listed; with no profile answer at all the level is 5, the prudent assumption.
 * - **Target maturity.** The domain's own `targets` list, or the profile's, read at the risk level; capped at
 *   the highest level the domain has a question for, since no answer could ever attain more.
 * - **Attained maturity (cumulative, as C2M2's MILs).** Levels are walked from 1 upwards. A level with an
 *   applicable question that is not "largely" or "fully" implemented, or not answered, stops the walk. A
 *   level whose questions are all met raises the attained level to it. A level with no applicable question
 *   (none written, or all "not applicable") neither stops the walk nor raises the level. 0 means no level.
 * - **Percentages.** Sum of weight × credit of the answer over the sum of weights of the applicable
 *   questions (not-applicable ones are left out; unanswered ones count as zero credit). `targetPercent` is
 *   the same over the questions at or below the target level ("target percentage achieved" in ACET).
 * - **Gap list.** Every applicable question at or below its domain's target that is not met, unanswered ones
 *   included and marked as such; ordered by level (foundations first), then weight (heaviest first), then
 *   questionnaire order.
 */
import { ErrorCodes, UsageError } from '../errors.js';
import {
  ANSWER_VALUES,
  MET_VALUES,
  RISK_LEVELS,
  domainsOf,
  type AnswerValue,
  type Domain,
  type Questionnaire,
  type ResilienceCategory,
} from './model.js';

/** One answer to one question. */
export interface AnswerInput {
  value: AnswerValue;
  /** Why the answer is what it is; for "not-applicable" put the reason in `justification`. */
  comment?: string;
  /** References to evidence (document ids, file names, URLs), as the platform stores them. */
  evidence?: readonly string[];
  /** Required, non-empty, when the value is "not-applicable". */
  justification?: string;
  /** Who gave the answer. */
  contributor?: string;
}

/** Answers keyed by question id. */
export type Answers = Readonly<Record<string, AnswerInput>>;

/** Profile answers keyed by profile question id: the chosen choice id, or several for `multiple` questions. */
export type ProfileAnswers = Readonly<Record<string, string | readonly string[]>>;

/** One thing wrong with the answers given to `scoreAssessment`. */
export interface AnswerProblem {
  /** The question (or profile question) id the problem is about. */
  questionId: string;
  message: string;
}

/** The answers do not fit the questionnaire; `problems` lists each, by question id. */
export class AssessmentInputError extends UsageError {
  readonly problems: readonly AnswerProblem[];

  constructor(problems: readonly AnswerProblem[]) {
    super(
      ErrorCodes.USAGE,
      `the assessment answers have ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  ${p.questionId}: ${p.message}`).join('\n')}`,
    );
    this.problems = problems;
  }
}

export interface ProfileResult {
  /** The inherent-risk level, 1..5 (see the rule in the module comment). */
  riskLevel: number;
  /** Weighted mean of the answered questions' risks, to two decimals; undefined when none is answered. */
  meanRisk: number | undefined;
  /** Highest risk among the answers; undefined when none is answered. */
  highestRisk: number | undefined;
  /** True when no profile question was answered and the highest level was assumed. */
  assumed: boolean;
  /** Risk per answered profile question, in questionnaire order. */
  answers: { questionId: string; choices: string[]; risk: number }[];
  unanswered: string[];
}

export type QuestionStatus = 'met' | 'unmet' | 'not-applicable' | 'unanswered';

export interface QuestionResult {
  questionId: string;
  level: number;
  weight: number;
  status: QuestionStatus;
  /** Credit earned (0..1); 0 for unanswered, undefined for not applicable. */
  credit: number | undefined;
  answer?: AnswerInput;
}

export interface DomainScore {
  pillarId: string;
  domainId: string;
  title: string;
  category: ResilienceCategory;
  /** Attained maturity level, 0 when even the first level is not reached. */
  attained: number;
  /** Target maturity from the risk profile (capped at the domain's highest question level). */
  target: number;
  /** Levels missing to reach the target, 0 when attained ≥ target. */
  gap: number;
  /** Weighted percentage over all applicable questions, one decimal. */
  percent: number;
  /** Weighted percentage over the applicable questions at or below the target level, one decimal. */
  targetPercent: number;
  total: number;
  applicable: number;
  answered: number;
  unanswered: string[];
  questions: QuestionResult[];
}

export interface PillarScore {
  pillarId: string;
  title: string;
  /** Lowest attained level among the pillar's domains: a pillar is as mature as its weakest domain. */
  attained: number;
  /** Mean attained level of its domains, one decimal. */
  meanLevel: number;
  /** Highest target among its domains. */
  target: number;
  /** Weighted percentage over all applicable questions of the pillar, one decimal. */
  percent: number;
  /** Domains of the pillar below their target. */
  domainsBelowTarget: number;
}

export interface GapEntry {
  questionId: string;
  text: string;
  pillarId: string;
  domainId: string;
  domainTitle: string;
  level: number;
  weight: number;
  status: 'unmet' | 'unanswered';
  /** The current answer's value; undefined when unanswered. */
  answer: AnswerValue | undefined;
  comment: string | undefined;
  recommendation: string;
  catalog: string[];
}

export interface AssessmentScore {
  questionnaire: { id: string; title: string; version: string };
  /** Highest maturity level the questionnaire defines (the radar's outer ring). */
  maxLevel: number;
  profile: ProfileResult;
  pillars: PillarScore[];
  domains: DomainScore[];
  gaps: GapEntry[];
  /** Ids of the questions nobody answered, in questionnaire order. */
  unanswered: string[];
  /** Weighted percentage over every applicable question, one decimal. */
  percent: number;
  answered: number;
  total: number;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Every problem of the answers against the questionnaire; empty when they can be scored. */
export function checkAnswers(q: Questionnaire, profileAnswers: ProfileAnswers, answers: Answers): AnswerProblem[] {
  const problems: AnswerProblem[] = [];
  const profileQuestions = new Map(q.riskProfile.questions.map((pq) => [pq.id, pq]));
  for (const [id, raw] of Object.entries(profileAnswers ?? {})) {
    const pq = profileQuestions.get(id);
    if (!pq) {
      problems.push({ questionId: id, message: 'not a question of the risk profile' });
      continue;
    }
    const picked = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : undefined;
    if (!picked || picked.some((c) => typeof c !== 'string')) {
      problems.push({ questionId: id, message: 'the answer must be a choice id or a list of choice ids' });
      continue;
    }
    if (picked.length === 0) problems.push({ questionId: id, message: 'pick at least one choice, or leave the question out' });
    if (picked.length > 1 && !pq.multiple) problems.push({ questionId: id, message: 'only one choice may be picked for this question' });
    if (new Set(picked).size !== picked.length) problems.push({ questionId: id, message: 'a choice is picked twice' });
    for (const c of picked) {
      if (!pq.choices.some((choice) => choice.id === c)) {
        problems.push({ questionId: id, message: `unknown choice "${c}" (choices: ${pq.choices.map((x) => x.id).join(', ')})` });
      }
    }
  }
  const questions = new Map(domainsOf(q).flatMap(({ domain }) => domain.questions.map((question) => [question.id, question])));
  for (const [id, answer] of Object.entries(answers ?? {})) {
    const question = questions.get(id);
    if (!question) {
      problems.push({ questionId: id, message: 'not a question of this questionnaire' });
      continue;
    }
    if (answer === null || typeof answer !== 'object') {
      problems.push({ questionId: id, message: 'the answer must be an object with a value' });
      continue;
    }
    if (!(ANSWER_VALUES as readonly unknown[]).includes(answer.value)) {
      problems.push({ questionId: id, message: `unknown answer value "${String(answer.value)}" (values: ${ANSWER_VALUES.join(', ')})` });
      continue;
    }
    if (answer.value === 'not-applicable') {
      if (!question.allowNotApplicable) problems.push({ questionId: id, message: '"not applicable" is not accepted for this question' });
      else if (typeof answer.justification !== 'string' || answer.justification.trim() === '') {
        problems.push({ questionId: id, message: '"not applicable" needs a justification saying why' });
      }
    }
    if (answer.evidence !== undefined && (!Array.isArray(answer.evidence) || answer.evidence.some((e) => typeof e !== 'string'))) {
      problems.push({ questionId: id, message: 'evidence must be a list of references (text)' });
    }
    for (const key of ['comment', 'justification', 'contributor'] as const) {
      if (answer[key] !== undefined && typeof answer[key] !== 'string') problems.push({ questionId: id, message: `${key} must be text` });
    }
  }
  return problems;
}

/** The inherent-risk level from the profile answers (rule in the module comment). Answers must be checked. */
export function scoreProfile(q: Questionnaire, profileAnswers: ProfileAnswers): ProfileResult {
  const answered: ProfileResult['answers'] = [];
  const unanswered: string[] = [];
  let weighted = 0;
  let weights = 0;
  for (const pq of q.riskProfile.questions) {
    const raw = profileAnswers[pq.id];
    const picked = raw === undefined ? [] : typeof raw === 'string' ? [raw] : [...raw];
    const risks = picked.map((c) => pq.choices.find((choice) => choice.id === c)?.risk ?? 0);
    if (risks.length === 0) {
      unanswered.push(pq.id);
      continue;
    }
    const risk = Math.max(...risks);
    answered.push({ questionId: pq.id, choices: picked, risk });
    weighted += risk * pq.weight;
    weights += pq.weight;
  }
  if (answered.length === 0) {
    return { riskLevel: RISK_LEVELS, meanRisk: undefined, highestRisk: undefined, assumed: true, answers: answered, unanswered };
  }
  const mean = weighted / weights;
  const highest = Math.max(...answered.map((a) => a.risk));
  // Half up: 2.5 → 3. The epsilon keeps 2.4999999 (a float artefact of 2.5) from rounding down.
  const rounded = Math.floor(mean + 0.5 + 1e-9);
  const riskLevel = Math.min(RISK_LEVELS, Math.max(1, rounded, highest - 1));
  return { riskLevel, meanRisk: round2(mean), highestRisk: highest, assumed: false, answers: answered, unanswered };
}

/** The target maturity of `domain` at `riskLevel`, capped at its highest question level. */
export function domainTarget(q: Questionnaire, domain: Domain, riskLevel: number): number {
  const table = domain.targets ?? q.riskProfile.targets;
  const target = table[Math.min(RISK_LEVELS, Math.max(1, riskLevel)) - 1] ?? 1;
  const highest = Math.max(0, ...domain.questions.map((question) => question.level));
  return Math.min(target, highest);
}

/** Sum of weight × credit over the sum of weights of the applicable rows, as a percentage with one decimal. */
function weightedPercent(rows: readonly QuestionResult[]): number {
  const applicable = rows.filter((r) => r.status !== 'not-applicable');
  const weights = applicable.reduce((sum, r) => sum + r.weight, 0);
  return weights === 0 ? 0 : round1((100 * applicable.reduce((sum, r) => sum + r.weight * (r.credit ?? 0), 0)) / weights);
}

function creditOf(q: Questionnaire, value: AnswerValue): number | undefined {
  return q.answerScale.find((entry) => entry.value === value)?.credit;
}

function scoreDomain(q: Questionnaire, pillarId: string, domain: Domain, riskLevel: number, answers: Answers): DomainScore {
  const target = domainTarget(q, domain, riskLevel);
  const questions: QuestionResult[] = domain.questions.map((question) => {
    const answer = answers[question.id];
    const base = { questionId: question.id, level: question.level, weight: question.weight };
    if (!answer) return { ...base, status: 'unanswered', credit: 0 };
    if (answer.value === 'not-applicable') return { ...base, status: 'not-applicable', credit: undefined, answer };
    return { ...base, status: MET_VALUES.has(answer.value) ? 'met' : 'unmet', credit: creditOf(q, answer.value) ?? 0, answer };
  });

  let attained = 0;
  for (const { level } of q.maturityLevels) {
    const atLevel = questions.filter((r) => r.level === level && r.status !== 'not-applicable');
    if (atLevel.some((r) => r.status !== 'met')) break;
    if (atLevel.length > 0) attained = level;
  }

  const applicable = questions.filter((r) => r.status !== 'not-applicable');
  return {
    pillarId,
    domainId: domain.id,
    title: domain.title,
    category: domain.category,
    attained,
    target,
    gap: Math.max(0, target - attained),
    percent: weightedPercent(questions),
    targetPercent: weightedPercent(questions.filter((r) => r.level <= target)),
    total: questions.length,
    applicable: applicable.length,
    answered: questions.filter((r) => r.status !== 'unanswered').length,
    unanswered: questions.filter((r) => r.status === 'unanswered').map((r) => r.questionId),
    questions,
  };
}

/**
 * Scores an assessment of questionnaire `q`: the risk profile, per-domain and per-pillar maturity and
 * percentages, the gap list and the unanswered questions. Throws AssessmentInputError when an answer does
 * not fit the questionnaire (see `checkAnswers`). The result is deterministic and holds no timestamps.
 */
export function scoreAssessment(q: Questionnaire, profileAnswers: ProfileAnswers, answers: Answers): AssessmentScore {
  const problems = checkAnswers(q, profileAnswers, answers);
  if (problems.length > 0) throw new AssessmentInputError(problems);
  const profile = scoreProfile(q, profileAnswers);

  const domains: DomainScore[] = [];
  const gaps: (GapEntry & { order: number })[] = [];
  let order = 0;
  for (const { pillar, domain } of domainsOf(q)) {
    const score = scoreDomain(q, pillar.id, domain, profile.riskLevel, answers);
    domains.push(score);
    for (const question of domain.questions) {
      const row = score.questions.find((r) => r.questionId === question.id) as QuestionResult;
      order++;
      if (question.level > score.target || (row.status !== 'unmet' && row.status !== 'unanswered')) continue;
      gaps.push({
        questionId: question.id,
        text: question.text,
        pillarId: pillar.id,
        domainId: domain.id,
        domainTitle: domain.title,
        level: question.level,
        weight: question.weight,
        status: row.status,
        answer: row.answer?.value,
        comment: row.answer?.comment,
        recommendation: question.recommendation,
        catalog: [...question.catalog],
        order,
      });
    }
  }
  gaps.sort((a, b) => a.level - b.level || b.weight - a.weight || a.order - b.order);

  const pillars: PillarScore[] = q.pillars.map((pillar) => {
    const own = domains.filter((d) => d.pillarId === pillar.id);
    return {
      pillarId: pillar.id,
      title: pillar.title,
      attained: own.length === 0 ? 0 : Math.min(...own.map((d) => d.attained)),
      meanLevel: own.length === 0 ? 0 : round1(own.reduce((sum, d) => sum + d.attained, 0) / own.length),
      target: Math.max(0, ...own.map((d) => d.target)),
      percent: weightedPercent(own.flatMap((d) => d.questions)),
      domainsBelowTarget: own.filter((d) => d.gap > 0).length,
    };
  });

  const all = domains.flatMap((d) => d.questions);
  return {
    questionnaire: { id: q.id, title: q.title, version: q.version },
    maxLevel: q.maturityLevels.length,
    profile,
    pillars,
    domains,
    gaps: gaps.map(({ order: _order, ...gap }) => gap),
    unanswered: domains.flatMap((d) => d.unanswered),
    percent: weightedPercent(all),
    answered: all.filter((r) => r.status !== 'unanswered').length,
    total: all.length,
  };
}
