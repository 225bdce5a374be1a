/**
 * @module platform/services/resilience
 * Cyber-resilience assessments on the platform: one self-assessment of one institution registered as a
 * provider of the lab (a wallet platform, an operator's USSD gateway, a payment switch) against a
 * questionnaire of the engine (src/resilience, reached through src/index.ts). The engine does the scoring,
 * the merge of contributions, the comparison and the charts; this service stores the answers and decides who
 * may give them.
 *
 * The life of an assessment:
 *
 *   draft → in_review → final        (in_review → draft when the reviewer returns it)
 *
 * - The lab's staff read every assessment of their lab; anyone else gets "not found".
 * - A lab manager starts an assessment and names its reviewer: a lead or reviewer of the lab.
 * - In draft, the lab's writers (admin, lead, auditor) fill the inherent-risk profile and answer; each person's
 *   answers are their own contribution (append-only, so the history is kept), and a writer submits it for review.
 * - The reviewer answers too, in draft or in review: a reviewer's answer settles the question (merge.ts). The
 *   reviewer returns the assessment to draft with a note, or finalises it once no conflict is left unsettled.
 * - Finalising freezes the score (risk level, domain scores, gap list, conflicts) in the assessment's row;
 *   nothing is answered after that (409).
 */
import { randomUUID } from 'node:crypto';
import {
  bundledQuestionnaire,
  checkAnswers,
  compareAssessments,
  domainsOf,
  listQuestionnaires,
  mergeContributions,
  questionsOf,
  scoreAssessment,
  type AnswerInput,
  type AnswerProblem,
  type AnswerValue,
  type AssessmentComparison,
  type AssessmentScore,
  type Contribution,
  type Domain,
  type MergeConflict,
  type ProfileAnswers,
  type Questionnaire,
  type TimedAnswer,
} from '../../index.js';
import { UsageError } from '../../errors.js';
import type { Queryable } from '../db/db.js';
import { recordAudit } from '../audit-log.js';
import { badRequest, conflict, forbidden, HttpError, isUuid, notFound } from '../http/routes.js';
import { MANAGERS, WRITERS, type Actor } from '../types.js';

export const ASSESSMENT_STATUSES = ['draft', 'in_review', 'final'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];
export const STATUS_LABEL: Readonly<Record<AssessmentStatus, string>> = { draft: 'Draft', in_review: 'In review', final: 'Final' };

/** The status changes, by the action that asks for them. */
export const STATUS_ACTIONS = ['submit', 'return', 'finalise'] as const;
export type StatusAction = (typeof STATUS_ACTIONS)[number];

/** Limits of what one answer may carry. */
export const MAX_COMMENT = 4000;
export const MAX_EVIDENCE_REFS = 20;
export const MAX_EVIDENCE_REF = 500;

export interface Assessment {
  id: string;
  org_id: string;
  provider_id: string;
  provider_name: string;
  provider_kind: string;
  questionnaire_id: string;
  questionnaire_version: string;
  title: string;
  period: string | null;
  status: AssessmentStatus;
  reviewer_id: string | null;
  reviewer_name: string | null;
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date;
  updated_at: Date;
  submitted_at: Date | null;
  finalised_at: Date | null;
}

/** What is frozen when the assessment is finalised. */
export interface ScoreSnapshot {
  score: AssessmentScore;
  conflicts: MergeConflict[];
  /** Contributor keys (user ids) to names, as they were at the time. */
  names: Record<string, string>;
  finalisedAt: string;
}

/** The caller's standing on one assessment, resolved once per request. */
export interface AssessmentAccess {
  actor: Actor;
  a: Assessment;
  questionnaire: Questionnaire;
  /** The caller is the assessment's reviewer. */
  isReviewer: boolean;
}

const SELECT = `select r.id, r.org_id, r.provider_id, p.name as provider_name, p.kind as provider_kind, r.questionnaire_id, r.questionnaire_version,
  r.title, r.period, r.status, r.reviewer_id, ru.name as reviewer_name, r.created_by, cu.name as created_by_name, r.created_at, r.updated_at,
  r.submitted_at, r.finalised_at
  from resilience_assessments r join providers p on p.id = r.provider_id
  left join users ru on ru.id = r.reviewer_id left join users cu on cu.id = r.created_by`;

/** The bundled questionnaire an assessment was started on; a UsageError of the engine becomes a 400. */
function questionnaireOf(id: string): Questionnaire {
  try {
    return bundledQuestionnaire(id);
  } catch (e) {
    if (e instanceof UsageError) throw badRequest(`unknown questionnaire "${id}" (questionnaires: ${listQuestionnaires().map((x) => x.id).join(', ')})`);
    throw e;
  }
}

/** The assessment `id` as the caller may reach it (the staff of its lab), or "not found". */
export async function assessmentFor(q: Queryable, actor: Actor, id: string, o: { forUpdate?: boolean } = {}): Promise<AssessmentAccess> {
  if (!isUuid(id) || actor.role === 'provider') throw notFound('no such assessment');
  if (o.forUpdate) await q.query('select id from resilience_assessments where id = $1 and org_id = $2 for update', [id, actor.orgId]);
  const [a] = await q.query<Assessment>(`${SELECT} where r.id = $1 and r.org_id = $2`, [id, actor.orgId]);
  if (!a) throw notFound('no such assessment');
  return { actor, a, questionnaire: questionnaireOf(a.questionnaire_id), isReviewer: a.reviewer_id === actor.userId };
}

/** A writer of the lab who contributes answers (the reviewer answers as the reviewer instead). */
export function canContribute(x: AssessmentAccess): boolean {
  return WRITERS.includes(x.actor.role) && x.a.status === 'draft';
}
/** The reviewer may answer (settle) while the assessment is a draft or in review. */
export function canSettle(x: AssessmentAccess): boolean {
  return x.isReviewer && x.a.status !== 'final';
}
/** Who may save answers or the profile now: a contributor in draft, or the reviewer before it is final. */
export function canAnswer(x: AssessmentAccess): boolean {
  return canSettle(x) || canContribute(x);
}
export function canManageAssessment(x: AssessmentAccess): boolean {
  return MANAGERS.includes(x.actor.role) && x.a.status !== 'final';
}

function requireAnswer(x: AssessmentAccess, what: string): void {
  if (x.a.status === 'final') throw conflict(`${what} is no longer possible: the assessment is final`);
  if (x.isReviewer) return;
  if (!WRITERS.includes(x.actor.role)) throw forbidden(`only the lab's auditors, leads and the assessment's reviewer may do this`);
  if (x.a.status !== 'draft') throw conflict(`${what} is possible while the assessment is a draft; it is in review (the reviewer may return it to draft)`);
}

async function recordEvent(q: Queryable, x: AssessmentAccess, kind: string, o: { from?: string; to?: string; body?: string; detail?: Record<string, unknown> } = {}): Promise<void> {
  await q.query('insert into resilience_events (assessment_id, user_id, kind, from_status, to_status, body, detail) values ($1, $2, $3, $4, $5, $6, $7)', [
    x.a.id,
    x.actor.userId,
    kind,
    o.from ?? null,
    o.to ?? null,
    o.body ?? null,
    JSON.stringify(o.detail ?? {}),
  ]);
  await q.query('update resilience_assessments set updated_at = now() where id = $1', [x.a.id]);
}

async function audit(q: Queryable, x: AssessmentAccess, action: string, detail: Record<string, unknown>, ip?: string): Promise<void> {
  await recordAudit(q, { orgId: x.a.org_id, userId: x.actor.userId }, { action, objectType: 'resilience_assessment', objectId: x.a.id, detail }, ip);
}

export interface AssessmentSummary extends Assessment {
  percent: number | null;
  risk_level: number | null;
}

/** The assessments of the caller's lab, newest first (the final ones with their frozen overall score). */
export async function listAssessments(q: Queryable, actor: Actor): Promise<AssessmentSummary[]> {
  if (actor.role === 'provider') return [];
  const rows = await q.query<Assessment & { snapshot: ScoreSnapshot | string | null }>(
    `${SELECT.replace(' from resilience_assessments r', ', r.score as snapshot from resilience_assessments r')} where r.org_id = $1 order by r.created_at desc, r.id desc limit 500`,
    [actor.orgId],
  );
  return rows.map(({ snapshot, ...a }) => {
    const s = parseSnapshot(snapshot);
    return { ...a, percent: s?.score.percent ?? null, risk_level: s?.score.profile.riskLevel ?? null };
  });
}

function parseSnapshot(v: unknown): ScoreSnapshot | undefined {
  if (v === null || v === undefined) return undefined;
  return (typeof v === 'string' ? JSON.parse(v) : v) as ScoreSnapshot;
}

/** The users who may review an assessment of the lab: its active leads and reviewers. */
export async function reviewerCandidates(q: Queryable, orgId: string): Promise<Array<{ id: string; name: string; email: string; role: string }>> {
  return q.query("select id, name, email, role from users where org_id = $1 and status = 'active' and role in ('lead', 'reviewer') order by lower(name)", [orgId]);
}

async function checkReviewer(q: Queryable, orgId: string, userId: string | undefined): Promise<string> {
  if (!userId) throw badRequest('choose the reviewer');
  if (!isUuid(userId)) throw badRequest('no such reviewer');
  if (!(await reviewerCandidates(q, orgId)).some((u) => u.id === userId)) throw badRequest('the reviewer must be an active lead or reviewer of this lab');
  return userId;
}

export interface AssessmentInput {
  providerId: string | undefined;
  questionnaireId: string | undefined;
  title: string | undefined;
  period?: string | undefined;
  reviewerId?: string | undefined;
}

/** Starts an assessment (a lab manager). */
export async function createAssessment(q: Queryable, actor: Actor, input: AssessmentInput, ip?: string): Promise<AssessmentAccess> {
  if (!MANAGERS.includes(actor.role)) throw forbidden('only a lead or an administrator starts an assessment');
  const title = input.title?.trim() ?? '';
  if (!title || title.length > 200) throw badRequest('the title is required (at most 200 characters)');
  const period = input.period?.trim() || null;
  if (period && period.length > 100) throw badRequest('the period is longer than 100 characters');
  if (!input.providerId || !isUuid(input.providerId)) throw badRequest('choose the assessed institution');
  const [provider] = await q.query<{ id: string }>('select id from providers where org_id = $1 and id = $2', [actor.orgId, input.providerId]);
  if (!provider) throw badRequest('no such institution among the providers of this lab');
  if (!input.questionnaireId) throw badRequest('choose the questionnaire');
  const questionnaire = questionnaireOf(input.questionnaireId);
  const reviewerId = await checkReviewer(q, actor.orgId, input.reviewerId);
  const id = randomUUID();
  await q.query(
    `insert into resilience_assessments (id, org_id, provider_id, questionnaire_id, questionnaire_version, title, period, reviewer_id, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [id, actor.orgId, provider.id, questionnaire.id, questionnaire.version, title, period, reviewerId, actor.userId],
  );
  const x = await assessmentFor(q, actor, id);
  await recordEvent(q, x, 'created', { to: 'draft', detail: { questionnaire: questionnaire.id, version: questionnaire.version, reviewerId } });
  await audit(q, x, 'resilience.created', { title, providerId: provider.id, questionnaire: questionnaire.id }, ip);
  return x;
}

/** Names another reviewer (a lab manager, before the assessment is final). */
export async function setReviewer(q: Queryable, actor: Actor, id: string, reviewerId: string | undefined, ip?: string): Promise<AssessmentAccess> {
  const x = await assessmentFor(q, actor, id, { forUpdate: true });
  if (!MANAGERS.includes(actor.role)) throw forbidden('only a lead or an administrator chooses the reviewer');
  if (x.a.status === 'final') throw conflict('the assessment is final: its reviewer no longer changes');
  const uid = await checkReviewer(q, x.a.org_id, reviewerId);
  if (uid === x.a.reviewer_id) return x;
  await q.query('update resilience_assessments set reviewer_id = $2 where id = $1', [x.a.id, uid]);
  await recordEvent(q, x, 'reviewer', { detail: { from: x.a.reviewer_id, to: uid } });
  await audit(q, x, 'resilience.reviewer_changed', { reviewerId: uid }, ip);
  return assessmentFor(q, actor, id);
}

/** The refusal of answers that do not fit the questionnaire, with every problem by question id (400). */
export class AnswersRefused extends HttpError {
  constructor(readonly problems: readonly AnswerProblem[]) {
    super(400, 'bad_request', `the answers have ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems.map((p) => `${p.questionId}: ${p.message}`).join('; ')}`);
  }
}

/** The current profile answers: the latest row per question, cleared questions left out. */
export async function currentProfile(q: Queryable, assessmentId: string): Promise<Record<string, string[]>> {
  const rows = await q.query<{ question_id: string; choices: string[] | string }>(
    'select distinct on (question_id) question_id, choices from resilience_profile_answers where assessment_id = $1 order by question_id, id desc',
    [assessmentId],
  );
  const out: Record<string, string[]> = {};
  for (const r of rows) {
    const choices = typeof r.choices === 'string' ? (JSON.parse(r.choices) as string[]) : r.choices;
    if (choices.length > 0) out[r.question_id] = choices;
  }
  return out;
}

/** The profile in the engine's shape: one choice id for single questions, a list for `multiple` ones. */
function profileForEngine(qn: Questionnaire, current: Record<string, string[]>): ProfileAnswers {
  const out: Record<string, string | string[]> = {};
  for (const pq of qn.riskProfile.questions) {
    const c = current[pq.id];
    if (c && c.length > 0) out[pq.id] = pq.multiple ? c : c[0]!;
  }
  return out;
}

/**
 * Saves the whole inherent-risk profile: `answers` maps each profile question to its choice id(s); a question
 * left out is cleared. Only the questions whose answer changed get a new row.
 */
export async function saveProfile(q: Queryable, actor: Actor, id: string, answers: Record<string, unknown>, ip?: string): Promise<AssessmentAccess> {
  const x = await assessmentFor(q, actor, id, { forUpdate: true });
  requireAnswer(x, 'Changing the risk profile');
  const qn = x.questionnaire;
  const given: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(answers)) {
    const list = v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v];
    if (list.some((c) => typeof c !== 'string')) throw new AnswersRefused([{ questionId: k, message: 'the answer must be a choice id or a list of choice ids' }]);
    given[k] = (list as string[]).filter((c) => c !== '');
  }
  const engineShape: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(given)) {
    const pq = qn.riskProfile.questions.find((p) => p.id === k);
    if (v.length > 0) engineShape[k] = pq && !pq.multiple && v.length === 1 ? v[0]! : v;
    else if (!pq) engineShape[k] = v;
  }
  const problems = checkAnswers(qn, engineShape, {});
  if (problems.length > 0) throw new AnswersRefused(problems);
  const current = await currentProfile(q, x.a.id);
  const changed: string[] = [];
  for (const pq of qn.riskProfile.questions) {
    const next = [...new Set(given[pq.id] ?? [])].sort();
    const before = [...(current[pq.id] ?? [])].sort();
    if (next.join('\n') === before.join('\n')) continue;
    await q.query('insert into resilience_profile_answers (assessment_id, question_id, choices, answered_by) values ($1, $2, $3, $4)', [x.a.id, pq.id, JSON.stringify(next), actor.userId]);
    changed.push(pq.id);
  }
  if (changed.length > 0) {
    await q.query('update resilience_assessments set updated_at = now() where id = $1', [x.a.id]);
    await audit(q, x, 'resilience.profile_saved', { questions: changed }, ip);
  }
  return x;
}

/** One answer as a form or an API body gives it. */
export interface AnswerEntry {
  value: string;
  comment?: string | undefined;
  justification?: string | undefined;
  evidence?: readonly string[] | undefined;
}

/** A domain of the assessment's questionnaire, or "not found". */
export function domainOf(qn: Questionnaire, domainId: string): Domain {
  const d = domainsOf(qn).find((r) => r.domain.id === domainId)?.domain;
  if (!d) throw notFound(`no domain "${domainId}" in this questionnaire`);
  return d;
}

function cleanText(v: string | undefined, name: string, questionId: string, problems: AnswerProblem[], max = MAX_COMMENT): string | null {
  if (v === undefined) return null;
  if (typeof v !== 'string') {
    problems.push({ questionId, message: `${name} must be text` });
    return null;
  }
  const s = v.trim();
  if (s.length > max) problems.push({ questionId, message: `the ${name} is longer than ${max} characters` });
  return s === '' ? null : s;
}

/**
 * Saves the caller's answers to questions of one domain (their contribution, or the reviewer's settling
 * answers). Every problem is found before anything is saved; an answer equal to the caller's current one is
 * not saved again.
 */
export async function saveAnswers(q: Queryable, actor: Actor, id: string, domainId: string, answers: Record<string, AnswerEntry>, ip?: string): Promise<AssessmentAccess> {
  const x = await assessmentFor(q, actor, id, { forUpdate: true });
  const domain = domainOf(x.questionnaire, domainId);
  requireAnswer(x, 'Answering');
  const problems: AnswerProblem[] = [];
  const clean: Array<{ questionId: string; value: AnswerValue; comment: string | null; justification: string | null; evidence: string[] }> = [];
  const forEngine: Record<string, AnswerInput> = {};
  for (const [questionId, raw] of Object.entries(answers)) {
    if (!domain.questions.some((question) => question.id === questionId)) {
      problems.push({ questionId, message: `not a question of the domain "${domain.title}"` });
      continue;
    }
    if (raw === null || typeof raw !== 'object') {
      problems.push({ questionId, message: 'the answer must be an object with a value' });
      continue;
    }
    const comment = cleanText(raw.comment, 'comment', questionId, problems);
    const justification = cleanText(raw.justification, 'justification', questionId, problems);
    let evidence: string[] = [];
    if (raw.evidence !== undefined) {
      if (!Array.isArray(raw.evidence) || raw.evidence.some((e) => typeof e !== 'string')) problems.push({ questionId, message: 'evidence must be a list of references (text)' });
      else {
        evidence = [...new Set(raw.evidence.map((e) => e.trim()).filter(Boolean))];
        if (evidence.length > MAX_EVIDENCE_REFS) problems.push({ questionId, message: `at most ${MAX_EVIDENCE_REFS} evidence references` });
        if (evidence.some((e) => e.length > MAX_EVIDENCE_REF)) problems.push({ questionId, message: `an evidence reference is longer than ${MAX_EVIDENCE_REF} characters` });
      }
    }
    const answer: AnswerInput = { value: raw.value as AnswerValue };
    if (comment) answer.comment = comment;
    if (justification) answer.justification = justification;
    if (evidence.length > 0) answer.evidence = evidence;
    forEngine[questionId] = answer;
    clean.push({ questionId, value: raw.value as AnswerValue, comment, justification, evidence });
  }
  problems.push(...checkAnswers(x.questionnaire, {}, forEngine));
  if (problems.length > 0) throw new AnswersRefused(problems);

  const role = x.isReviewer ? 'reviewer' : 'contributor';
  const mine = await q.query<{ question_id: string; value: string; comment: string | null; justification: string | null; evidence: string[] | string }>(
    `select distinct on (question_id) question_id, value, comment, justification, evidence from resilience_answers
      where assessment_id = $1 and user_id = $2 and role = $3 order by question_id, id desc`,
    [x.a.id, actor.userId, role],
  );
  const saved: string[] = [];
  for (const c of clean) {
    const before = mine.find((m) => m.question_id === c.questionId);
    const beforeEvidence = before ? (typeof before.evidence === 'string' ? (JSON.parse(before.evidence) as string[]) : before.evidence) : [];
    if (before && before.value === c.value && before.comment === c.comment && before.justification === c.justification && beforeEvidence.join('\n') === c.evidence.join('\n')) continue;
    await q.query(
      'insert into resilience_answers (assessment_id, question_id, user_id, role, value, comment, justification, evidence) values ($1, $2, $3, $4, $5, $6, $7, $8)',
      [x.a.id, c.questionId, actor.userId, role, c.value, c.comment, c.justification, JSON.stringify(c.evidence)],
    );
    saved.push(c.questionId);
  }
  if (saved.length > 0) {
    await q.query('update resilience_assessments set updated_at = now() where id = $1', [x.a.id]);
    await audit(q, x, role === 'reviewer' ? 'resilience.answers_settled' : 'resilience.answered', { domain: domain.id, questions: saved }, ip);
  }
  return x;
}

/** One person's current answer to one question, as the pages show it. */
export interface StoredAnswer {
  questionId: string;
  userId: string;
  name: string;
  role: 'contributor' | 'reviewer';
  value: AnswerValue;
  comment: string | null;
  justification: string | null;
  evidence: string[];
  answeredAt: Date;
}

/** Everyone's current answers (the latest row per person, role and question), oldest first. */
export async function currentAnswers(q: Queryable, assessmentId: string): Promise<StoredAnswer[]> {
  const rows = await q.query<{ id: number; question_id: string; user_id: string; name: string; role: 'contributor' | 'reviewer'; value: AnswerValue; comment: string | null; justification: string | null; evidence: string[] | string; answered_at: Date }>(
    `select * from (select distinct on (a.question_id, a.user_id, a.role) a.id, a.question_id, a.user_id, u.name, a.role, a.value, a.comment, a.justification, a.evidence, a.answered_at
       from resilience_answers a join users u on u.id = a.user_id where a.assessment_id = $1 order by a.question_id, a.user_id, a.role, a.id desc) cur order by id`,
    [assessmentId],
  );
  return rows.map((r) => ({
    questionId: r.question_id,
    userId: r.user_id,
    name: r.name,
    role: r.role,
    value: r.value,
    comment: r.comment,
    justification: r.justification,
    evidence: typeof r.evidence === 'string' ? (JSON.parse(r.evidence) as string[]) : r.evidence,
    answeredAt: new Date(r.answered_at),
  }));
}

/** The number of answers given to each question over time (the history kept), by question id. */
export async function answerHistoryCounts(q: Queryable, assessmentId: string): Promise<Record<string, number>> {
  const rows = await q.query<{ question_id: string; n: number }>('select question_id, count(*)::int as n from resilience_answers where assessment_id = $1 group by question_id', [assessmentId]);
  return Object.fromEntries(rows.map((r) => [r.question_id, r.n]));
}

/** The state of an assessment: the profile, everyone's answers, the merge and the score. */
export interface AssessmentState {
  profile: Record<string, string[]>;
  answers: StoredAnswer[];
  conflicts: MergeConflict[];
  score: AssessmentScore;
  /** Contributor keys (user ids) to names. */
  names: Record<string, string>;
  /** True when the score is the snapshot frozen at finalisation. */
  frozen: boolean;
  /** Answers to questions the questionnaire no longer has (a newer bundled version), left out of the score. */
  dropped: string[];
}

/** Merges the contributions and scores them; a final assessment gives its frozen snapshot instead. */
export async function assessmentState(q: Queryable, x: AssessmentAccess): Promise<AssessmentState> {
  const profile = await currentProfile(q, x.a.id);
  const answers = await currentAnswers(q, x.a.id);
  if (x.a.status === 'final') {
    const [row] = await q.query<{ score: unknown }>('select score from resilience_assessments where id = $1', [x.a.id]);
    const s = parseSnapshot(row?.score);
    if (s) return { profile, answers, conflicts: s.conflicts, score: s.score, names: s.names, frozen: true, dropped: [] };
  }
  const known = new Set(questionsOf(x.questionnaire).map((r) => r.question.id));
  const dropped = [...new Set(answers.filter((a) => !known.has(a.questionId)).map((a) => a.questionId))];
  const byKey = new Map<string, Contribution & { answers: Record<string, TimedAnswer> }>();
  const names: Record<string, string> = {};
  for (const a of answers) {
    if (!known.has(a.questionId)) continue;
    names[a.userId] = a.name;
    const key = `${a.userId}:${a.role}`;
    const c = byKey.get(key) ?? { contributor: a.userId, role: a.role, answers: {} };
    const t: TimedAnswer = { value: a.value, answeredAt: a.answeredAt.toISOString() };
    if (a.comment) t.comment = a.comment;
    if (a.justification) t.justification = a.justification;
    if (a.evidence.length > 0) t.evidence = a.evidence;
    c.answers[a.questionId] = t;
    byKey.set(key, c);
  }
  const merged = mergeContributions([...byKey.values()]);
  const pq = new Set(x.questionnaire.riskProfile.questions.map((p) => p.id));
  const profileKnown = Object.fromEntries(Object.entries(profile).filter(([k]) => pq.has(k)));
  const score = scoreAssessment(x.questionnaire, profileForEngine(x.questionnaire, profileKnown), merged.answers);
  return { profile, answers, conflicts: merged.conflicts, score, names, frozen: false, dropped };
}

/** Moves the assessment on: submit (a writer, draft → in review), return (the reviewer, → draft), finalise (the reviewer). */
export async function changeStatus(q: Queryable, actor: Actor, id: string, action: string, note: string | undefined, ip?: string): Promise<AssessmentAccess> {
  const x = await assessmentFor(q, actor, id, { forUpdate: true });
  if (!(STATUS_ACTIONS as readonly string[]).includes(action)) throw badRequest(`"action" must be one of ${STATUS_ACTIONS.join(', ')}`);
  if (note !== undefined && note.length > MAX_COMMENT) throw badRequest(`the note is longer than ${MAX_COMMENT} characters`);
  const from = x.a.status;
  let to: AssessmentStatus;
  if (action === 'submit') {
    if (!WRITERS.includes(actor.role) && !x.isReviewer) throw forbidden("only the lab's auditors and leads submit an assessment for review");
    if (from !== 'draft') throw conflict(`only a draft is submitted for review; the assessment is ${STATUS_LABEL[from].toLowerCase()}`);
    const [n] = await q.query<{ n: number }>('select count(*)::int as n from resilience_answers where assessment_id = $1', [x.a.id]);
    if ((n?.n ?? 0) === 0) throw conflict('answer at least one question before submitting the assessment for review');
    to = 'in_review';
  } else {
    if (!x.isReviewer) throw forbidden("only the assessment's reviewer may do this");
    if (from !== 'in_review') throw conflict(`the assessment must be in review for this; it is ${STATUS_LABEL[from].toLowerCase()}`);
    to = action === 'return' ? 'draft' : 'final';
    if (action === 'return' && !note) throw badRequest('say what the contributors should change (a note is required to return the assessment)');
  }
  if (to === 'final') {
    const state = await assessmentState(q, x);
    const open = state.conflicts.filter((c) => !c.settled).map((c) => c.questionId);
    if (open.length > 0) throw conflict(`settle the conflicting answers first (${open.join(', ')}): answer them as the reviewer`);
    const snapshot: ScoreSnapshot = { score: state.score, conflicts: state.conflicts, names: state.names, finalisedAt: new Date().toISOString() };
    await q.query("update resilience_assessments set status = 'final', finalised_at = now(), finalised_by = $2, score = $3 where id = $1", [x.a.id, actor.userId, JSON.stringify(snapshot)]);
  } else {
    await q.query(`update resilience_assessments set status = $2${to === 'in_review' ? ', submitted_at = now()' : ''} where id = $1`, [x.a.id, to]);
  }
  await recordEvent(q, x, action, { from, to, ...(note ? { body: note } : {}) });
  await audit(q, x, `resilience.${action}`, { from, to }, ip);
  return assessmentFor(q, actor, id);
}

export interface AssessmentEvent {
  id: number;
  user_name: string | null;
  kind: string;
  from_status: string | null;
  to_status: string | null;
  body: string | null;
  at: Date;
}

export async function assessmentEvents(q: Queryable, x: AssessmentAccess): Promise<AssessmentEvent[]> {
  return q.query<AssessmentEvent>(
    'select e.id, u.name as user_name, e.kind, e.from_status, e.to_status, e.body, e.at from resilience_events e left join users u on u.id = e.user_id where e.assessment_id = $1 order by e.id',
    [x.a.id],
  );
}

/** The comparison of two assessments of the same questionnaire (`before` the earlier one). */
export async function compare(q: Queryable, actor: Actor, beforeId: string, afterId: string): Promise<{ before: AssessmentAccess; after: AssessmentAccess; beforeScore: AssessmentScore; afterScore: AssessmentScore; comparison: AssessmentComparison }> {
  if (!beforeId || !afterId) throw badRequest('choose the two assessments to compare ("a" and "b")');
  const before = await assessmentFor(q, actor, beforeId);
  const after = await assessmentFor(q, actor, afterId);
  if (before.a.questionnaire_id !== after.a.questionnaire_id) {
    throw badRequest(`the two assessments answer different questionnaires ("${before.a.questionnaire_id}" and "${after.a.questionnaire_id}"); only assessments of the same questionnaire compare`);
  }
  const beforeScore = (await assessmentState(q, before)).score;
  const afterScore = (await assessmentState(q, after)).score;
  return { before, after, beforeScore, afterScore, comparison: compareAssessments(beforeScore, afterScore) };
}
