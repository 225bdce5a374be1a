/**
 * @module platform/http/routes/resilience
 * Cyber-resilience assessments: the pages (list and "start an assessment", overview with the charts and the gap
 * list, the inherent-risk profile form, one domain's questions as a form, the comparison of two assessments)
 * and their API mirrors under /api/v1/resilience. Route access is by the caller's role in their lab: the staff
 * read, managers start and choose the reviewer, writers and reviewers post answers; the service then decides by
 * the caller's place in the assessment (its reviewer or a contributor) and by its status. Provider
 * representatives reach none of it (403 here; "not found" in the service as well).
 *
 * Every form answers 303 back to a page, or shows the page again with the refusal next to the form (400, 409):
 * refused answers are listed next to their question. Pages are in the reader's language (`req.lang`); the API
 * answers with the questionnaire's English texts and ids, whatever the language.
 */
import { listQuestionnaires } from '../../../index.js';
import {
  AnswersRefused,
  assessmentEvents,
  assessmentFor,
  assessmentState,
  answerHistoryCounts,
  canAnswer,
  canManageAssessment,
  changeStatus,
  compare,
  createAssessment,
  domainOf,
  listAssessments,
  reviewerCandidates,
  saveAnswers,
  saveProfile,
  setReviewer,
  type AnswerEntry,
  type AssessmentAccess,
  type AssessmentInput,
} from '../../services/resilience.js';
import { listProviders } from '../../services/providers.js';
import { domainsOf } from '../../../index.js';
import { MANAGERS, STAFF, WRITERS, type Role } from '../../types.js';
import {
  resilienceComparePage,
  resilienceDomainPage,
  resilienceListPage,
  resilienceOverviewPage,
  resilienceProfilePage,
  type StartFormValues,
} from '../../web/pages/resilience.js';
import { translator } from '../../web/i18n.js';
import { badRequest, field, formMessage, formStatus, type AnyRoute, type HandlerContext, route } from '../routes.js';

/** Who may post answers, the profile and status changes: the lab's writers, and reviewers (the service checks they are this assessment's). */
const CONTRIBUTORS: readonly Role[] = [...WRITERS, 'reviewer'];

/** `:assessmentId` names a resilience assessment (the server checks it is a UUID; the service, whose it is). */
const P = { assessmentId: 'assessment' } as const;

const ASSESSMENT_BODY = {
  type: 'object',
  required: ['providerId', 'questionnaireId', 'title', 'reviewerId'],
  properties: {
    providerId: { type: 'string', format: 'uuid', description: 'the assessed institution, a provider of the lab' },
    questionnaireId: { type: 'string', description: 'a bundled questionnaire (GET /api/v1/resilience lists them)' },
    title: { type: 'string', maxLength: 200 },
    period: { type: 'string', maxLength: 100 },
    reviewerId: { type: 'string', format: 'uuid', description: 'an active lead or reviewer of the lab' },
  },
};

function assessmentInput(body: Record<string, unknown>): AssessmentInput {
  return {
    providerId: field(body, 'providerId', 60),
    questionnaireId: field(body, 'questionnaireId', 100),
    title: field(body, 'title', 200),
    period: field(body, 'period', 100),
    reviewerId: field(body, 'reviewerId', 60),
  };
}

/** A list of text values: a JSON array, or a form field sent once or several times (ticked checkboxes). */
function textList(v: unknown, name: string): string[] {
  if (v === undefined || v === null || v === '') return [];
  const list = Array.isArray(v) ? v : [v];
  if (list.length > 50 || list.some((x) => typeof x !== 'string' || x.length > 200)) throw badRequest(`"${name}" must be a short list of choice ids`);
  return (list as string[]).filter((x) => x !== '');
}

/** The profile from a form: one field `p_<question id>` per profile question. */
function profileFromForm(body: Record<string, unknown>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(body)) if (k.startsWith('p_')) out[k.slice(2)] = textList(v, k);
  return out;
}

/** The profile from a JSON body: `{ answers: { <question id>: choice id | [choice ids] } }`. */
function profileFromJson(body: Record<string, unknown>): Record<string, unknown> {
  const a = body.answers;
  if (a === null || typeof a !== 'object' || Array.isArray(a)) throw badRequest('"answers" must be an object of profile question ids to choice ids');
  return a as Record<string, unknown>;
}

/** Evidence references from a textarea (one per line) or a JSON array. */
function evidenceOf(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v.split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
  return v as string[];
}

function optionalText(v: unknown): string | undefined {
  return v === undefined || v === null || v === '' ? undefined : (v as string);
}

/** A domain's answers from a form: `value_<id>` (an empty value is "no answer"), `comment_<id>`, `justification_<id>`, `evidence_<id>`. */
function answersFromForm(body: Record<string, unknown>): Record<string, AnswerEntry> {
  const out: Record<string, AnswerEntry> = {};
  for (const [k, v] of Object.entries(body)) {
    if (!k.startsWith('value_')) continue;
    const id = k.slice(6);
    if (Array.isArray(v)) throw badRequest(`one answer only for ${id}`);
    if (v === undefined || v === '') continue;
    out[id] = { value: String(v), comment: optionalText(body[`comment_${id}`]), justification: optionalText(body[`justification_${id}`]), evidence: evidenceOf(body[`evidence_${id}`]) };
  }
  return out;
}

/** What a refused domain form was sent with, to show it again (every question, answered or not). */
function formEntries(body: Record<string, unknown>): Record<string, AnswerEntry> {
  const out: Record<string, AnswerEntry> = {};
  for (const k of Object.keys(body)) {
    const m = /^(value|comment|justification|evidence)_(.+)$/.exec(k);
    if (!m) continue;
    const id = m[2]!;
    if (out[id]) continue;
    const text = (name: string): string | undefined => (typeof body[`${name}_${id}`] === 'string' ? (body[`${name}_${id}`] as string) : undefined);
    const evidence = text('evidence');
    out[id] = { value: text('value') ?? '', comment: text('comment'), justification: text('justification'), evidence: evidence === undefined ? undefined : evidence.split(/\r?\n/) };
  }
  return out;
}

/** A domain's answers from a JSON body: `{ answers: { <question id>: { value, comment, justification, evidence: [..] } } }`. */
function answersFromJson(body: Record<string, unknown>): Record<string, AnswerEntry> {
  const a = body.answers;
  if (a === null || typeof a !== 'object' || Array.isArray(a)) throw badRequest('"answers" must be an object of question ids to answers');
  return a as Record<string, AnswerEntry>;
}

/** The assessment as the API shows it: the row, the profile, everyone's current answers, conflicts and the score. */
async function assessmentView(c: HandlerContext, x: AssessmentAccess) {
  const state = await assessmentState(c.db, x);
  return {
    assessment: x.a,
    you: { reviewer: x.isReviewer, mayAnswer: canAnswer(x) },
    profile: state.profile,
    answers: state.answers,
    conflicts: state.conflicts,
    frozen: state.frozen,
    score: state.score,
  };
}

async function renderOverview(c: HandlerContext, x: AssessmentAccess, error?: { at: 'status' | 'reviewer'; message: string }): Promise<string> {
  const manage = canManageAssessment(x);
  const all = await listAssessments(c.db, c.actor);
  const writer = WRITERS.includes(c.actor.role);
  return resilienceOverviewPage({
    actor: c.actor,
    csrf: c.req.csrf,
    lang: c.req.lang,
    x,
    state: await assessmentState(c.db, x),
    events: await assessmentEvents(c.db, x),
    can: {
      answer: canAnswer(x),
      submit: x.a.status === 'draft' && (writer || x.isReviewer),
      review: x.a.status === 'in_review' && x.isReviewer,
      manage,
    },
    reviewers: manage ? await reviewerCandidates(c.db, x.a.org_id) : undefined,
    comparable: all.filter((a) => a.id !== x.a.id && a.questionnaire_id === x.a.questionnaire_id),
    error,
  });
}

async function renderList(c: HandlerContext, values?: StartFormValues, error?: string): Promise<string> {
  const manager = MANAGERS.includes(c.actor.role);
  return resilienceListPage({
    actor: c.actor,
    csrf: c.req.csrf,
    lang: c.req.lang,
    assessments: await listAssessments(c.db, c.actor),
    providers: manager ? await listProviders(c.db, c.actor) : [],
    questionnaires: manager ? listQuestionnaires() : [],
    reviewers: manager ? await reviewerCandidates(c.db, c.actor.orgId) : [],
    values,
    error,
  });
}

async function renderDomain(c: HandlerContext, x: AssessmentAccess, o: { values?: Record<string, AnswerEntry>; problems?: AnswersRefused['problems']; error?: string } = {}): Promise<string> {
  const domain = domainOf(x.questionnaire, c.params.domainId!);
  const pillar = domainsOf(x.questionnaire).find((r) => r.domain.id === domain.id)!.pillar;
  return resilienceDomainPage({
    actor: c.actor,
    csrf: c.req.csrf,
    lang: c.req.lang,
    x,
    pillar,
    domain,
    state: await assessmentState(c.db, x),
    canEdit: canAnswer(x),
    history: await answerHistoryCounts(c.db, x.a.id),
    ...o,
  });
}

async function renderProfile(c: HandlerContext, x: AssessmentAccess, o: { values?: Record<string, string[]>; problems?: AnswersRefused['problems']; error?: string; saved?: boolean } = {}): Promise<string> {
  return resilienceProfilePage({ actor: c.actor, csrf: c.req.csrf, lang: c.req.lang, x, state: await assessmentState(c.db, x), canEdit: canAnswer(x), ...o });
}

function startValues(body: Record<string, unknown>): StartFormValues {
  const out: StartFormValues = {};
  for (const k of ['providerId', 'questionnaireId', 'title', 'period', 'reviewerId'] as const) {
    const v = body[k];
    if (typeof v === 'string') out[k] = v.slice(0, 200);
  }
  return out;
}

async function comparison(c: HandlerContext) {
  const a = typeof c.query.a === 'string' ? c.query.a : '';
  const b = typeof c.query.b === 'string' ? c.query.b : '';
  return compare(c.db, c.actor, a, b);
}

export const resilienceRoutes: AnyRoute[] = [
  // ------------------------------------------------------------------------------------------------ pages
  route({
    method: 'GET', url: '/resilience', kind: 'page', access: STAFF,
    summary: "Resilience assessments of the lab (managers: the form that starts one)",
    handler: async (c) => c.reply.type('text/html').send(await renderList(c)),
  }),
  route({
    method: 'POST', url: '/resilience', kind: 'page', access: MANAGERS,
    summary: 'Start a resilience assessment (form: institution, questionnaire, title, period, reviewer)',
    handler: async (c) => {
      try {
        const x = await c.db.tx((q) => createAssessment(q, c.actor, assessmentInput(c.body), c.req.ip));
        return c.reply.redirect(`/resilience/${x.a.id}/profile`, 303);
      } catch (e) {
        const status = formStatus(e);
        if (status === undefined) throw e;
        return c.reply.code(status).type('text/html').send(await renderList(c, startValues(c.body), formMessage(e)));
      }
    },
  }),
  route({
    method: 'GET', url: '/resilience/compare', kind: 'page', access: STAFF,
    summary: 'Compare two assessments of the same questionnaire (query a = earlier, b = later): domain changes and both on one radar',
    handler: async (c) => {
      const assessments = await listAssessments(c.db, c.actor);
      const selected = { a: c.query.a, b: c.query.b };
      if (!c.query.a && !c.query.b) return c.reply.type('text/html').send(resilienceComparePage({ actor: c.actor, csrf: c.req.csrf, lang: c.req.lang, assessments, selected }));
      try {
        const result = await comparison(c);
        return c.reply.type('text/html').send(resilienceComparePage({ actor: c.actor, csrf: c.req.csrf, lang: c.req.lang, assessments, selected, result }));
      } catch (e) {
        const status = formStatus(e);
        if (status === undefined) throw e;
        return c.reply.code(status).type('text/html').send(resilienceComparePage({ actor: c.actor, csrf: c.req.csrf, lang: c.req.lang, assessments, selected, error: formMessage(e) }));
      }
    },
  }),
  route({
    method: 'GET', url: '/resilience/:assessmentId', kind: 'page', access: STAFF, params: P,
    summary: 'An assessment: status, risk level, scores per domain, radar, gap list, unanswered questions, conflicts, history',
    handler: async (c) => c.reply.type('text/html').send(await renderOverview(c, await assessmentFor(c.db, c.actor, c.params.assessmentId!))),
  }),
  route({
    method: 'POST', url: '/resilience/:assessmentId/status', kind: 'page', access: CONTRIBUTORS, params: P,
    summary: 'Submit for review (a writer), return to draft or finalise (the reviewer) (form: action, note)',
    handler: async (c) => {
      const x = await assessmentFor(c.db, c.actor, c.params.assessmentId!);
      try {
        await c.db.tx((q) => changeStatus(q, c.actor, x.a.id, field(c.body, 'action', 20) ?? '', field(c.body, 'note', 4000), c.req.ip));
        return c.reply.redirect(`/resilience/${x.a.id}`, 303);
      } catch (e) {
        const status = formStatus(e);
        if (status === undefined) throw e;
        return c.reply.code(status).type('text/html').send(await renderOverview(c, await assessmentFor(c.db, c.actor, x.a.id), { at: 'status', message: formMessage(e) }));
      }
    },
  }),
  route({
    method: 'POST', url: '/resilience/:assessmentId/reviewer', kind: 'page', access: MANAGERS, params: P,
    summary: 'Name another reviewer (form: reviewerId)',
    handler: async (c) => {
      const x = await assessmentFor(c.db, c.actor, c.params.assessmentId!);
      try {
        await c.db.tx((q) => setReviewer(q, c.actor, x.a.id, field(c.body, 'reviewerId', 60), c.req.ip));
        return c.reply.redirect(`/resilience/${x.a.id}`, 303);
      } catch (e) {
        const status = formStatus(e);
        if (status === undefined) throw e;
        return c.reply.code(status).type('text/html').send(await renderOverview(c, x, { at: 'reviewer', message: formMessage(e) }));
      }
    },
  }),
  route({
    method: 'GET', url: '/resilience/:assessmentId/profile', kind: 'page', access: STAFF, params: P,
    summary: 'The inherent-risk profile (a form for those who may answer) with the resulting risk level and targets',
    handler: async (c) => {
      const x = await assessmentFor(c.db, c.actor, c.params.assessmentId!);
      return c.reply.type('text/html').send(await renderProfile(c, x, { saved: c.query.saved === '1' }));
    },
  }),
  route({
    method: 'POST', url: '/resilience/:assessmentId/profile', kind: 'page', access: CONTRIBUTORS, params: P,
    summary: 'Save the inherent-risk profile (form: p_<question id> per profile question)',
    handler: async (c) => {
      const x = await assessmentFor(c.db, c.actor, c.params.assessmentId!);
      let values: Record<string, string[]> | undefined;
      try {
        values = profileFromForm(c.body);
        await c.db.tx((q) => saveProfile(q, c.actor, x.a.id, values!, c.req.ip));
        return c.reply.redirect(`/resilience/${x.a.id}/profile?saved=1`, 303);
      } catch (e) {
        const status = formStatus(e);
        if (status === undefined) throw e;
        const t = translator(c.req.lang);
        const o = e instanceof AnswersRefused ? { values, problems: e.problems, error: t('The risk profile was not saved: see the questions marked below.') } : { values, error: formMessage(e) };
        return c.reply.code(status).type('text/html').send(await renderProfile(c, x, o));
      }
    },
  }),
  route({
    method: 'GET', url: '/resilience/:assessmentId/domains/:domainId', kind: 'page', access: STAFF, params: P,
    summary: "One domain's questions: every answer given and the merge (a form for those who may answer; the reviewer's answer settles)",
    handler: async (c) => c.reply.type('text/html').send(await renderDomain(c, await assessmentFor(c.db, c.actor, c.params.assessmentId!))),
  }),
  route({
    method: 'POST', url: '/resilience/:assessmentId/domains/:domainId', kind: 'page', access: CONTRIBUTORS, params: P,
    summary: "Save the caller's answers to a domain's questions (form: value_, comment_, justification_, evidence_ per question id)",
    handler: async (c) => {
      const x = await assessmentFor(c.db, c.actor, c.params.assessmentId!);
      domainOf(x.questionnaire, c.params.domainId!);
      try {
        await c.db.tx((q) => saveAnswers(q, c.actor, x.a.id, c.params.domainId!, answersFromForm(c.body), c.req.ip));
        return c.reply.redirect(`/resilience/${x.a.id}/domains/${encodeURIComponent(c.params.domainId!)}`, 303);
      } catch (e) {
        const status = formStatus(e);
        if (status === undefined) throw e;
        const values = formEntries(c.body);
        const t = translator(c.req.lang);
        const o = e instanceof AnswersRefused ? { values, problems: e.problems, error: t('The answers were not saved: see the questions marked below.') } : { values, error: formMessage(e) };
        return c.reply.code(status).type('text/html').send(await renderDomain(c, x, o));
      }
    },
  }),

  // -------------------------------------------------------------------------------------------------- API
  route({
    method: 'GET', url: '/api/v1/resilience', kind: 'api', access: STAFF,
    summary: "The lab's resilience assessments, and the questionnaires an assessment can be started on",
    handler: async ({ db, actor }) => ({
      assessments: await listAssessments(db, actor),
      questionnaires: listQuestionnaires().map(({ id, title, version }) => ({ id, title, version })),
    }),
  }),
  route({
    method: 'POST', url: '/api/v1/resilience', kind: 'api', access: MANAGERS, requestBody: ASSESSMENT_BODY,
    summary: 'Start a resilience assessment of an institution of the lab',
    handler: async (c) => {
      const x = await c.db.tx((q) => createAssessment(q, c.actor, assessmentInput(c.body), c.req.ip));
      return c.reply.code(201).send(await assessmentView(c, x));
    },
  }),
  route({
    method: 'GET', url: '/api/v1/resilience/compare', kind: 'api', access: STAFF,
    summary: 'Compare two assessments of the same questionnaire (query a = earlier, b = later)',
    handler: async (c) => {
      const r = await comparison(c);
      return { before: r.before.a.id, after: r.after.a.id, comparison: r.comparison };
    },
  }),
  route({
    method: 'GET', url: '/api/v1/resilience/:assessmentId', kind: 'api', access: STAFF, params: P,
    summary: 'One assessment: profile, current answers of every contributor, conflicts, and the score (frozen once final)',
    handler: async (c) => assessmentView(c, await assessmentFor(c.db, c.actor, c.params.assessmentId!)),
  }),
  route({
    method: 'PUT', url: '/api/v1/resilience/:assessmentId/profile', kind: 'api', access: CONTRIBUTORS, params: P,
    requestBody: { type: 'object', required: ['answers'], properties: { answers: { type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] } } } },
    summary: 'Replace the inherent-risk profile (a question left out is cleared)',
    handler: async (c) => {
      await assessmentFor(c.db, c.actor, c.params.assessmentId!);
      const x = await c.db.tx((q) => saveProfile(q, c.actor, c.params.assessmentId!, profileFromJson(c.body), c.req.ip));
      return assessmentView(c, x);
    },
  }),
  route({
    method: 'PUT', url: '/api/v1/resilience/:assessmentId/domains/:domainId/answers', kind: 'api', access: CONTRIBUTORS, params: P,
    requestBody: {
      type: 'object',
      required: ['answers'],
      properties: {
        answers: {
          type: 'object',
          additionalProperties: {
            type: 'object',
            required: ['value'],
            properties: { value: { type: 'string' }, comment: { type: 'string' }, justification: { type: 'string' }, evidence: { type: 'array', items: { type: 'string' } } },
          },
        },
      },
    },
    summary: "Save the caller's answers to questions of one domain (the reviewer's answers settle them)",
    handler: async (c) => {
      await assessmentFor(c.db, c.actor, c.params.assessmentId!);
      const x = await c.db.tx((q) => saveAnswers(q, c.actor, c.params.assessmentId!, c.params.domainId!, answersFromJson(c.body), c.req.ip));
      return assessmentView(c, x);
    },
  }),
  route({
    method: 'POST', url: '/api/v1/resilience/:assessmentId/status', kind: 'api', access: CONTRIBUTORS, params: P,
    requestBody: { type: 'object', required: ['action'], properties: { action: { enum: ['submit', 'return', 'finalise'] }, note: { type: 'string' } } },
    summary: 'Submit for review (a writer), return to draft with a note or finalise (the reviewer)',
    handler: async (c) => {
      await assessmentFor(c.db, c.actor, c.params.assessmentId!);
      const x = await c.db.tx((q) => changeStatus(q, c.actor, c.params.assessmentId!, field(c.body, 'action', 20) ?? '', field(c.body, 'note', 4000), c.req.ip));
      return assessmentView(c, x);
    },
  }),
  route({
    method: 'PUT', url: '/api/v1/resilience/:assessmentId/reviewer', kind: 'api', access: MANAGERS, params: P,
    requestBody: { type: 'object', required: ['reviewerId'], properties: { reviewerId: { type: 'string', format: 'uuid' } } },
    summary: 'Name another reviewer of the assessment',
    handler: async (c) => {
      await assessmentFor(c.db, c.actor, c.params.assessmentId!);
      const x = await c.db.tx((q) => setReviewer(q, c.actor, c.params.assessmentId!, field(c.body, 'reviewerId', 60), c.req.ip));
      return assessmentView(c, x);
    },
  }),
];
