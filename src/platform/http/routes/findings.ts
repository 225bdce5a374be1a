/**
 * @module platform/http/routes/findings
 * Findings: the list (filters, paging), one finding with its history, and triage actions — one finding or a
 * selection — through the API and the pages. The service enforces the tenancy and the triage state machine.
 */
import { listApps, listProviders } from '../../services/providers.js';
import {
  applyAction,
  applyBulkAction,
  COMMENTERS,
  FINDING_ACTIONS,
  getFinding,
  listFindings,
  MAX_BULK,
  MAX_COMMENT,
  MAX_REASON,
  parseFilters,
  type ActionInput,
  type FindingFilters,
} from '../../services/findings.js';
import { WRITERS } from '../../types.js';
import { findingPage, findingsHref, findingsPage } from '../../web/pages/findings.js';
import { badRequest, field, HttpError, requiredField, route, type AnyRoute, type HandlerContext } from '../routes.js';

const ACTION_PROPERTIES = {
  action: { enum: [...FINDING_ACTIONS] },
  reason: { type: 'string', maxLength: MAX_REASON, description: 'false_positive, accept_risk: why' },
  until: { type: 'string', format: 'date', description: 'accept_risk: until when (future, at most 3 years ahead)' },
  dueAt: { type: 'string', format: 'date', description: 'assign_to_provider: due date (default: now + the SLA days of the severity)' },
  body: { type: 'string', maxLength: MAX_COMMENT, description: 'comment: the text' },
};
const ACTION_BODY = { type: 'object', required: ['action'], properties: ACTION_PROPERTIES };
const BULK_BODY = { type: 'object', required: ['action', 'ids'], properties: { ids: { type: 'array', items: { type: 'string', format: 'uuid' }, maxItems: MAX_BULK }, ...ACTION_PROPERTIES } };

function actionInput(body: Record<string, unknown>): ActionInput {
  return {
    action: requiredField(body, 'action', 40),
    reason: field(body, 'reason', MAX_REASON),
    until: field(body, 'until', 40),
    dueAt: field(body, 'dueAt', 40),
    body: field(body, 'body', MAX_COMMENT),
  };
}

/** The selected ids of a bulk action: one value or a list (a form sends `ids` once per ticked box). */
function idsOf(body: Record<string, unknown>): string[] {
  const v = body.ids;
  const list = v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
  if (list.length > MAX_BULK) throw badRequest(`select at most ${MAX_BULK} findings at once`);
  return list.map((x) => {
    if (typeof x !== 'string' || x.length > 60) throw badRequest('"ids" must be finding ids');
    return x;
  });
}

/** The list page the bulk form came from (only a findings list URL: never another site). */
function backOf(body: Record<string, unknown>): { href: string; filters: FindingFilters } {
  const back = typeof body.back === 'string' ? body.back : '';
  if (!/^\/findings(\?[\x21-\x7e]*)?$/.test(back)) return { href: '/findings', filters: {} };
  try {
    const filters = parseFilters(Object.fromEntries(new URL(back, 'http://localhost').searchParams));
    return { href: findingsHref(filters), filters };
  } catch {
    return { href: '/findings', filters: {} };
  }
}

async function renderList(c: HandlerContext, filters: FindingFilters, error?: string): Promise<string> {
  const [list, providers, apps] = await Promise.all([listFindings(c.db, c.actor, filters), listProviders(c.db, c.actor), listApps(c.db, c.actor)]);
  return findingsPage({ actor: c.actor, csrf: c.req.csrf, list, providers, apps, error, lang: c.req.lang });
}

/** 400/409 of a form re-render its page with the message; anything else is an error page. */
function formStatus(e: unknown): number | undefined {
  return e instanceof HttpError && (e.status === 400 || e.status === 409) ? e.status : undefined;
}

export const findingsRoutes: AnyRoute[] = [
  route({
    method: 'GET', url: '/api/v1/findings', kind: 'api', access: 'user', providerScoped: true,
    summary: 'List findings (filters: status, severity, provider, app, check, text; page, perPage). A provider representative sees only the findings released to their provider',
    handler: async ({ db, actor, query }) => listFindings(db, actor, parseFilters(query)),
  }),
  route({
    method: 'GET', url: '/api/v1/findings/:findingId', kind: 'api', access: 'user', providerScoped: true, params: { findingId: 'finding' },
    summary: 'One finding with its history',
    handler: async ({ db, actor, params }) => ({ finding: await getFinding(db, actor, params.findingId!) }),
  }),
  route({
    method: 'POST', url: '/api/v1/findings/:findingId/actions', kind: 'api', access: COMMENTERS, providerScoped: true, params: { findingId: 'finding' }, requestBody: ACTION_BODY,
    summary: 'Triage a finding: confirm, false_positive, accept_risk, assign_to_provider, mark_fixed, reopen or comment (409 when its status does not allow it)',
    handler: async ({ db, actor, params, body, req }) => {
      // The finding first: another organisation's id is "not found" whatever the body says.
      await getFinding(db, actor, params.findingId!);
      return { finding: await db.tx((q) => applyAction(q, actor, params.findingId!, actionInput(body), req.ip)) };
    },
  }),
  route({
    method: 'POST', url: '/api/v1/findings/actions', kind: 'api', access: WRITERS, requestBody: BULK_BODY,
    summary: 'One triage action on several findings, all or nothing',
    handler: async ({ db, actor, body, req }) => {
      const ids = idsOf(body);
      return { updated: await db.tx((q) => applyBulkAction(q, actor, ids, actionInput(body), req.ip)) };
    },
  }),
  // Pages
  route({
    method: 'GET', url: '/findings', kind: 'page', access: 'user', providerScoped: true,
    summary: 'Findings page (filters as a form)',
    handler: async (c) => c.reply.type('text/html').send(await renderList(c, parseFilters(c.query))),
  }),
  route({
    method: 'POST', url: '/findings/actions', kind: 'page', access: WRITERS,
    summary: 'Triage the selected findings (form)',
    handler: async (c) => {
      const back = backOf(c.body);
      try {
        const ids = idsOf(c.body);
        await c.db.tx((q) => applyBulkAction(q, c.actor, ids, actionInput(c.body), c.req.ip));
        return c.reply.redirect(back.href, 303);
      } catch (e) {
        const status = formStatus(e);
        if (!status) throw e;
        return c.reply.code(status).type('text/html').send(await renderList(c, back.filters, (e as Error).message));
      }
    },
  }),
  route({
    method: 'GET', url: '/findings/:findingId', kind: 'page', access: 'user', providerScoped: true, params: { findingId: 'finding' },
    summary: 'Finding page: details, history and the triage forms',
    handler: async ({ db, actor, params, req, reply }) => reply.type('text/html').send(findingPage({ actor, csrf: req.csrf, finding: await getFinding(db, actor, params.findingId!), lang: req.lang })),
  }),
  route({
    method: 'POST', url: '/findings/:findingId/actions', kind: 'page', access: COMMENTERS, providerScoped: true, params: { findingId: 'finding' },
    summary: 'Triage or comment on a finding (form)',
    handler: async (c) => {
      const finding = await getFinding(c.db, c.actor, c.params.findingId!);
      try {
        await c.db.tx((q) => applyAction(q, c.actor, finding.id, actionInput(c.body), c.req.ip));
        return c.reply.redirect(`/findings/${finding.id}#history`, 303);
      } catch (e) {
        const status = formStatus(e);
        if (!status) throw e;
        return c.reply.code(status).type('text/html').send(findingPage({ actor: c.actor, csrf: c.req.csrf, finding, error: (e as Error).message, lang: c.req.lang }));
      }
    },
  }),
];
