/**
 * @module platform/http/routes/campaigns
 * Compliance campaigns: launching and closing them, each campaign's progress, and one provider's
 * self-assessment, which its representatives answer and submit and the lab accepts or rejects item by item; the
 * API and the pages. The service (services/campaigns.ts) decides who sees what: the lab's staff every campaign
 * of their lab, a provider's representative their own provider's self-assessment of a campaign that targets it.
 *
 * The catalog item of a URL (`:itemId`, `APP-01`) is not a lab object: the service checks it against the
 * campaign's items ("not found" when it is not one), after the campaign and the provider.
 */
import { AUDIT_PROFILES } from '../../../index.js';
import {
  acceptAnswers,
  campaignView,
  closeCampaign,
  launchCampaign,
  listCampaigns,
  rejectAnswer,
  requireTarget,
  returnToProvider,
  saveAnswers,
  selfAssessment,
  selfAssessmentPath,
  submitSelfAssessment,
  type AnswerInput,
  type LaunchInput,
} from '../../services/campaigns.js';
import { complianceReportAreas } from '../../services/compliance.js';
import { MANAGERS, STAFF, WRITERS } from '../../types.js';
import { campaignPage, campaignsPage, selfAssessmentPage, type CampaignPageError } from '../../web/pages/campaigns.js';
import { badRequest, field, formMessage, formStatus, route, type AnyRoute, type HandlerContext } from '../routes.js';

/** `:campaignId` names a campaign: a malformed id is refused with 404 before the handler. */
const CAMPAIGN = 'campaign' as const;
const campaignParams = { campaignId: CAMPAIGN };
const targetParams = { campaignId: CAMPAIGN, providerId: 'provider' as const };

const LAUNCH_BODY = {
  type: 'object',
  required: ['title', 'providerKind', 'profile', 'deadline'],
  properties: {
    title: { type: 'string', maxLength: 200 },
    providerKind: { enum: ['bank', 'mno', 'emi', 'fintech', 'other', 'all'] },
    profile: { type: 'string', enum: AUDIT_PROFILES.map((p) => p.id) },
    deadline: { type: 'string', format: 'date', description: 'the last day to submit (today or later)' },
  },
};
const ANSWERS_BODY = {
  type: 'object',
  required: ['answers'],
  properties: {
    answers: {
      type: 'array',
      items: {
        type: 'object',
        required: ['itemId', 'status', 'justification'],
        properties: {
          itemId: { type: 'string' },
          status: { enum: ['compliant', 'partially', 'non_compliant', 'not_applicable'] },
          justification: { type: 'string', maxLength: 2000 },
          evidence: { type: 'string', maxLength: 2000 },
        },
      },
    },
  },
};
const ACCEPT_BODY = {
  type: 'object',
  required: ['itemIds'],
  properties: { itemIds: { oneOf: [{ type: 'array', items: { type: 'string' } }, { const: 'all' }], description: 'the items to accept, or "all" for every answer awaiting the lab' } },
};
const NOTE_BODY = { type: 'object', required: ['note'], properties: { note: { type: 'string', maxLength: 2000 } } };

function launchInput(body: Record<string, unknown>): LaunchInput {
  return {
    title: field(body, 'title', 400),
    providerKind: field(body, 'providerKind', 40),
    profile: field(body, 'profile', 80),
    deadline: field(body, 'deadline', 40),
  };
}

function text(v: unknown, name: string, max: number): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw badRequest(`"${name}" must be text`);
  if (v.length > max) throw badRequest(`"${name}" is longer than ${max} characters`);
  return v;
}

/** The answers of the API body: `{ answers: [{ itemId, status, justification, evidence? }] }`. */
function apiAnswers(body: Record<string, unknown>): AnswerInput[] {
  const list = body.answers;
  if (!Array.isArray(list)) throw badRequest('"answers" must be a list of { itemId, status, justification, evidence }');
  if (list.length > 1000) throw badRequest('at most 1000 answers at once');
  return list.map((a, n) => {
    if (typeof a !== 'object' || a === null || Array.isArray(a)) throw badRequest(`answer ${n + 1} must be an object`);
    const o = a as Record<string, unknown>;
    const itemId = text(o.itemId, 'itemId', 40);
    if (!itemId) throw badRequest(`answer ${n + 1} names no item ("itemId")`);
    return { itemId, status: text(o.status, 'status', 40), justification: text(o.justification, 'justification', 4000), evidence: text(o.evidence, 'evidence', 4000) };
  });
}

/**
 * The answers of one area's form: for each item it lists (`itemIds`), the checked `status-<id>`, the
 * `justification-<id>` and `evidence-<id>`. An item left entirely blank is not answered yet and is skipped;
 * anything else goes to the service, which refuses a status without a justification.
 */
function formAnswers(body: Record<string, unknown>): AnswerInput[] {
  const raw = body.itemIds;
  const ids = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  if (ids.length > 1000) throw badRequest('too many items at once');
  const out: AnswerInput[] = [];
  for (const id of ids) {
    if (typeof id !== 'string' || id.length > 40) throw badRequest('"itemIds" must be catalog item ids');
    const status = text(body[`status-${id}`], `status-${id}`, 40)?.trim();
    const justification = text(body[`justification-${id}`], `justification-${id}`, 4000)?.trim();
    const evidence = text(body[`evidence-${id}`], `evidence-${id}`, 4000)?.trim();
    if (!status && !justification && !evidence) continue;
    out.push({ itemId: id, status, justification, evidence });
  }
  if (out.length === 0) throw badRequest('answer at least one item: choose a status and say why');
  return out;
}

function acceptList(body: Record<string, unknown>): string[] | 'all' {
  const v = body.itemIds;
  if (v === 'all') return 'all';
  const list = Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v];
  if (list.length > 1000) throw badRequest('at most 1000 items at once');
  return list.map((x) => {
    if (typeof x !== 'string' || x.length > 40) throw badRequest('"itemIds" must be catalog item ids, or "all"');
    return x;
  });
}

/** The form values to show again next to a refused form (never the CSRF token). */
function formValues(body: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (k !== '_csrf' && typeof v === 'string') out[k] = v.slice(0, 4000);
  return out;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

async function renderList(c: HandlerContext, error?: CampaignPageError): Promise<string> {
  return campaignsPage({ actor: c.actor, csrf: c.req.csrf, list: await listCampaigns(c.db, c.actor), profiles: AUDIT_PROFILES, today: today(), error, lang: c.req.lang });
}

async function renderCampaign(c: HandlerContext, error?: CampaignPageError): Promise<string> {
  return campaignPage({ actor: c.actor, csrf: c.req.csrf, view: await campaignView(c.db, c.actor, c.params.campaignId!), error, lang: c.req.lang });
}

async function renderSelfAssessment(c: HandlerContext, error?: CampaignPageError): Promise<string> {
  const view = await selfAssessment(c.db, c.actor, c.params.campaignId!, c.params.providerId!);
  return selfAssessmentPage({ actor: c.actor, csrf: c.req.csrf, view, areas: complianceReportAreas(), error, lang: c.req.lang });
}

/**
 * A refused form (400/409) re-renders its page with the message next to the form; anything else (403, 404) is an
 * error page.
 */
async function refusedOnPage(c: HandlerContext, e: unknown, at: string, render: (c: HandlerContext, error: CampaignPageError) => Promise<string>): Promise<unknown> {
  const status = formStatus(e);
  if (status === undefined) throw e;
  const html = await render(c, { at, message: formMessage(e), values: formValues(c.body) });
  return c.reply.code(status).type('text/html').send(html);
}

/** A page form handler: the action in a transaction, then a 303 to `to`, or the refusal on the page. */
function pageAction(at: (c: HandlerContext) => string, action: (c: HandlerContext) => Promise<string>, render: (c: HandlerContext, error: CampaignPageError) => Promise<string>) {
  return async (c: HandlerContext): Promise<unknown> => {
    try {
      const to = await action(c);
      return c.reply.redirect(to, 303);
    } catch (e) {
      return refusedOnPage(c, e, at(c), render);
    }
  };
}

const target = (c: HandlerContext): string => selfAssessmentPath(c.params.campaignId!, c.params.providerId!);

export const campaignRoutes: AnyRoute[] = [
  // API
  route({
    method: 'GET', url: '/api/v1/campaigns', kind: 'api', access: 'user', providerScoped: true,
    summary: "The lab's compliance campaigns with their progress (a provider representative: those that target their provider, with its state)",
    handler: async ({ db, actor }) => ({ campaigns: await listCampaigns(db, actor) }),
  }),
  route({
    method: 'POST', url: '/api/v1/campaigns', kind: 'api', access: MANAGERS, requestBody: LAUNCH_BODY,
    summary: 'Launch a campaign: every provider of the kind (or all) is asked for a self-assessment against the profile by the deadline, and notified',
    handler: async ({ db, actor, body, req, reply }) => reply.code(201).send(await db.tx((q) => launchCampaign(q, actor, launchInput(body), req.ip))),
  }),
  route({
    method: 'GET', url: '/api/v1/campaigns/:campaignId', kind: 'api', access: STAFF, params: campaignParams,
    summary: 'A campaign and the progress of each provider it targets (answered, accepted, state, overdue)',
    handler: async ({ db, actor, params }) => campaignView(db, actor, params.campaignId!),
  }),
  route({
    method: 'POST', url: '/api/v1/campaigns/:campaignId/close', kind: 'api', access: MANAGERS, params: campaignParams,
    summary: 'Close a campaign: nothing is answered, submitted or validated in it afterwards',
    handler: async ({ db, actor, params, req }) => db.tx((q) => closeCampaign(q, actor, params.campaignId!, req.ip)),
  }),
  route({
    method: 'GET', url: '/api/v1/campaigns/:campaignId/providers/:providerId', kind: 'api', access: 'user', providerScoped: true, params: targetParams,
    summary: "A provider's self-assessment in a campaign: every item with its latest answer, the lab's decision and the history (a provider representative: their own)",
    handler: async ({ db, actor, params }) => ({ selfAssessment: await selfAssessment(db, actor, params.campaignId!, params.providerId!) }),
  }),
  route({
    method: 'PUT', url: '/api/v1/campaigns/:campaignId/providers/:providerId/answers', kind: 'api', access: ['provider'], providerScoped: true, params: targetParams, requestBody: ANSWERS_BODY,
    summary: "Save answers of the provider's self-assessment (a status and a required justification per item); the latest answer of an item counts",
    handler: async ({ db, actor, params, body, req }) => {
      // Reach the self-assessment first, so another organisation's campaign is "not found" whatever the body says.
      await requireTarget(db, actor, params.campaignId!, params.providerId!);
      const answers = apiAnswers(body);
      const out = await db.tx((q) => saveAnswers(q, actor, params.campaignId!, params.providerId!, answers, req.ip));
      return { ...out, selfAssessment: await selfAssessment(db, actor, params.campaignId!, params.providerId!) };
    },
  }),
  route({
    method: 'POST', url: '/api/v1/campaigns/:campaignId/providers/:providerId/submit', kind: 'api', access: ['provider'], providerScoped: true, params: targetParams,
    summary: "Submit the provider's self-assessment to the lab (every item answered, every rejected answer revised); read-only until the lab returns it",
    handler: async ({ db, actor, params, req }) => ({ selfAssessment: await db.tx((q) => submitSelfAssessment(q, actor, params.campaignId!, params.providerId!, req.ip)) }),
  }),
  route({
    method: 'POST', url: '/api/v1/campaigns/:campaignId/providers/:providerId/accept', kind: 'api', access: WRITERS, params: targetParams, requestBody: ACCEPT_BODY,
    summary: "Accept submitted answers (itemIds, or \"all\" awaiting the lab): each becomes the provider's confirmed compliance status; all accepted: validated",
    handler: async ({ db, actor, params, body, req }) => {
      const items = acceptList(body);
      return db.tx((q) => acceptAnswers(q, actor, params.campaignId!, params.providerId!, items, req.ip));
    },
  }),
  route({
    method: 'POST', url: '/api/v1/campaigns/:campaignId/providers/:providerId/items/:itemId/reject', kind: 'api', access: WRITERS, params: targetParams, requestBody: NOTE_BODY,
    summary: 'Reject the submitted answer of one item with a note; the self-assessment returns to the provider',
    handler: async ({ db, actor, params, body, req }) => db.tx((q) => rejectAnswer(q, actor, params.campaignId!, params.providerId!, params.itemId!, { note: field(body, 'note', 4000) }, req.ip)),
  }),
  route({
    method: 'POST', url: '/api/v1/campaigns/:campaignId/providers/:providerId/return', kind: 'api', access: WRITERS, params: targetParams, requestBody: NOTE_BODY,
    summary: 'Return a submitted self-assessment to the provider with a note',
    handler: async ({ db, actor, params, body, req }) => db.tx((q) => returnToProvider(q, actor, params.campaignId!, params.providerId!, { note: field(body, 'note', 4000) }, req.ip)),
  }),
  // Pages
  route({
    method: 'GET', url: '/campaigns', kind: 'page', access: 'user', providerScoped: true,
    summary: 'Campaigns page: the list and, for managers, the launch form (a provider representative: their own self-assessments)',
    handler: async (c) => c.reply.type('text/html').send(await renderList(c)),
  }),
  route({
    method: 'POST', url: '/campaigns', kind: 'page', access: MANAGERS,
    summary: 'Launch a campaign (form: title, providerKind, profile, deadline)',
    handler: pageAction(
      () => 'launch',
      async (c) => `/campaigns/${(await c.db.tx((q) => launchCampaign(q, c.actor, launchInput(c.body), c.req.ip))).campaign.id}`,
      renderList,
    ),
  }),
  route({
    method: 'GET', url: '/campaigns/:campaignId', kind: 'page', access: STAFF, params: campaignParams,
    summary: "A campaign's page: the progress of each provider, overdue ones, links to their self-assessments",
    handler: async (c) => c.reply.type('text/html').send(await renderCampaign(c)),
  }),
  route({
    method: 'POST', url: '/campaigns/:campaignId/close', kind: 'page', access: MANAGERS, params: campaignParams,
    summary: 'Close a campaign',
    handler: pageAction(
      () => 'close',
      async (c) => {
        await c.db.tx((q) => closeCampaign(q, c.actor, c.params.campaignId!, c.req.ip));
        return `/campaigns/${c.params.campaignId}`;
      },
      renderCampaign,
    ),
  }),
  route({
    method: 'GET', url: '/campaigns/:campaignId/providers/:providerId', kind: 'page', access: 'user', providerScoped: true, params: targetParams,
    summary: "A provider's self-assessment page: its representatives answer and submit it, the lab's writers accept, reject or return it",
    handler: async (c) => c.reply.type('text/html').send(await renderSelfAssessment(c)),
  }),
  route({
    method: 'POST', url: '/campaigns/:campaignId/providers/:providerId/answers', kind: 'page', access: ['provider'], providerScoped: true, params: targetParams,
    summary: "Save the answers of one area (form: area, itemIds, and per item status-<id>, justification-<id>, evidence-<id>)",
    handler: pageAction(
      (c) => (typeof c.body.area === 'string' ? c.body.area.slice(0, 80) : 'answers'),
      async (c) => {
        // The page first: another provider's or an unknown campaign is "not found" whatever the form says.
        await selfAssessment(c.db, c.actor, c.params.campaignId!, c.params.providerId!);
        const answers = formAnswers(c.body);
        await c.db.tx((q) => saveAnswers(q, c.actor, c.params.campaignId!, c.params.providerId!, answers, c.req.ip));
        const area = typeof c.body.area === 'string' && /^[A-Za-z0-9_-]{1,80}$/.test(c.body.area) ? `#area-${c.body.area}` : '';
        return `${target(c)}${area}`;
      },
      renderSelfAssessment,
    ),
  }),
  route({
    method: 'POST', url: '/campaigns/:campaignId/providers/:providerId/submit', kind: 'page', access: ['provider'], providerScoped: true, params: targetParams,
    summary: "Submit the provider's self-assessment to the lab",
    handler: pageAction(
      () => 'submit',
      async (c) => {
        await c.db.tx((q) => submitSelfAssessment(q, c.actor, c.params.campaignId!, c.params.providerId!, c.req.ip));
        return target(c);
      },
      renderSelfAssessment,
    ),
  }),
  route({
    method: 'POST', url: '/campaigns/:campaignId/providers/:providerId/items/:itemId/accept', kind: 'page', access: WRITERS, params: targetParams,
    summary: "Accept the submitted answer of one item (it becomes the provider's confirmed status)",
    handler: pageAction(
      (c) => `accept:${c.params.itemId}`,
      async (c) => {
        await c.db.tx((q) => acceptAnswers(q, c.actor, c.params.campaignId!, c.params.providerId!, [c.params.itemId!], c.req.ip));
        return `${target(c)}#item-${encodeURIComponent(c.params.itemId!)}`;
      },
      renderSelfAssessment,
    ),
  }),
  route({
    method: 'POST', url: '/campaigns/:campaignId/providers/:providerId/items/:itemId/reject', kind: 'page', access: WRITERS, params: targetParams,
    summary: 'Reject the submitted answer of one item with a note (form: note); the self-assessment returns to the provider',
    handler: pageAction(
      (c) => `reject:${c.params.itemId}`,
      async (c) => {
        const note = field(c.body, 'note', 4000);
        await c.db.tx((q) => rejectAnswer(q, c.actor, c.params.campaignId!, c.params.providerId!, c.params.itemId!, { note }, c.req.ip));
        return `${target(c)}#item-${encodeURIComponent(c.params.itemId!)}`;
      },
      renderSelfAssessment,
    ),
  }),
  route({
    method: 'POST', url: '/campaigns/:campaignId/providers/:providerId/accept-all', kind: 'page', access: WRITERS, params: targetParams,
    summary: 'Accept every submitted answer awaiting the lab',
    handler: pageAction(
      () => 'accept-all',
      async (c) => {
        await c.db.tx((q) => acceptAnswers(q, c.actor, c.params.campaignId!, c.params.providerId!, 'all', c.req.ip));
        return target(c);
      },
      renderSelfAssessment,
    ),
  }),
  route({
    method: 'POST', url: '/campaigns/:campaignId/providers/:providerId/return', kind: 'page', access: WRITERS, params: targetParams,
    summary: 'Return a submitted self-assessment to the provider (form: note)',
    handler: pageAction(
      () => 'return',
      async (c) => {
        const note = field(c.body, 'note', 4000);
        await c.db.tx((q) => returnToProvider(q, c.actor, c.params.campaignId!, c.params.providerId!, { note }, c.req.ip));
        return target(c);
      },
      renderSelfAssessment,
    ),
  }),
];
