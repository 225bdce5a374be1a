/**
 * @module platform/http/routes/compliance
 * Provider compliance: the sector heatmap and its trend, one provider's compliance with every catalog item
 * (filtered by `?area=&status=&attention=1`), one item of a provider (its requirement, proposal and history),
 * confirming a status, accepting the platform's proposals (ticked ones, or every one the filtered page shows),
 * and the CSV and OSCAL exports; the API and the pages, in the reader's language. The service (services/compliance.ts) decides who sees what: the lab's staff everything of their lab,
 * a provider's representative the confirmed statuses of their own provider.
 *
 * The catalog item of a URL (`:itemId`, `APP-01`) is not a lab object: it is checked against the catalog by the
 * service ("not found" when unknown), after the provider.
 */
import {
  acceptProposals,
  catalogItemId,
  COMPLIANCE_EXPORT_FORMATS,
  complianceExport,
  complianceFilter,
  complianceItem,
  complianceReportAreas,
  confirmStatus,
  filterItems,
  type ComplianceFilter,
  MAX_ACCEPT,
  providerCompliance,
  providerKindFilter,
  sectorCompliance,
  type ComplianceExportFormat,
} from '../../services/compliance.js';
import { getProvider } from '../../services/providers.js';
import { STAFF, WRITERS } from '../../types.js';
import { complianceItemPage, compliancePage, itemHref, providerComplianceHref, providerCompliancePage, type CompliancePageError } from '../../web/pages/compliance.js';
import { badRequest, field, formMessage, formStatus, isUuid, notFound, requiredField, route, type AnyRoute, type HandlerContext } from '../routes.js';

const CONFIRM_BODY = {
  type: 'object',
  required: ['status', 'evidence'],
  properties: {
    status: { enum: ['compliant', 'partially', 'non_compliant', 'not_applicable', 'not_assessed'] },
    evidence: { type: 'string', maxLength: 4000 },
    expiresOn: { type: 'string', format: 'date', description: 'the last day the evidence is valid (today or later)' },
    note: { type: 'string', maxLength: 2000 },
  },
};
const ACCEPT_BODY = {
  type: 'object',
  required: ['itemIds'],
  properties: { itemIds: { type: 'array', items: { type: 'string' }, maxItems: MAX_ACCEPT }, expiresOn: { type: 'string', format: 'date' } },
};

function confirmInput(body: Record<string, unknown>) {
  return {
    status: requiredField(body, 'status', 40),
    evidence: field(body, 'evidence', 4000),
    expiresOn: field(body, 'expiresOn', 20),
    note: field(body, 'note', 2000),
  };
}

/** The selected item ids: one value or a list (a form sends `itemIds` once per ticked box). */
function itemIdsOf(body: Record<string, unknown>): string[] {
  const v = body.itemIds;
  if (v === undefined || v === null || v === '') return [];
  const list = Array.isArray(v) ? v : [v];
  if (list.length > MAX_ACCEPT) throw badRequest(`at most ${MAX_ACCEPT} items at once`);
  return list.map((x) => {
    if (typeof x !== 'string' || x.length > 40) throw badRequest('"itemIds" must be catalog item ids');
    return x;
  });
}

function exportFormat(query: Record<string, string>): ComplianceExportFormat {
  const f = query.format ?? 'csv';
  if (!(COMPLIANCE_EXPORT_FORMATS as readonly string[]).includes(f)) throw badRequest(`format must be one of ${COMPLIANCE_EXPORT_FORMATS.join(', ')}`);
  return f as ComplianceExportFormat;
}

/** The form values to show again next to a refused form (never the CSRF token). */
function formValues(body: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (k !== '_csrf' && typeof v === 'string') out[k] = v.slice(0, 4000);
  return out;
}

/** The filters of a query string or of a form's hidden fields (strings only). */
function filterOf(values: Record<string, unknown>): ComplianceFilter {
  const str = (k: string): string | undefined => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  return complianceFilter({ area: str('area'), status: str('status'), attention: str('attention') });
}

async function renderProvider(c: HandlerContext, filter: ComplianceFilter, error?: CompliancePageError): Promise<string> {
  const view = await providerCompliance(c.db, c.actor, c.params.providerId!);
  return providerCompliancePage({ actor: c.actor, csrf: c.req.csrf, view, areas: complianceReportAreas(), filter, shown: filterItems(view, filter), error, lang: c.req.lang });
}

async function renderItem(c: HandlerContext, itemId: string, error?: CompliancePageError): Promise<string> {
  const item = await complianceItem(c.db, c.actor, c.params.providerId!, itemId);
  return complianceItemPage({ actor: c.actor, csrf: c.req.csrf, item, error, lang: c.req.lang });
}

/** A refused form (400/409) re-renders its page with the message next to the form; anything else is an error page. */
async function refusedOnPage(c: HandlerContext, e: unknown, render: (error: CompliancePageError) => Promise<string>, at: string): Promise<unknown> {
  const status = formStatus(e);
  if (status === undefined) throw e;
  const html = await render({ at, message: formMessage(e), values: formValues(c.body) });
  return c.reply.code(status).type('text/html').send(html);
}

export const complianceRoutes: AnyRoute[] = [
  route({
    method: 'GET', url: '/api/v1/compliance', kind: 'api', access: STAFF,
    summary: 'The sector heatmap (every provider of the lab × the recommendation areas; ?kind= filters by provider kind) and the trend of the confirmed statuses',
    handler: async ({ db, actor, query }) => sectorCompliance(db, actor, { kind: providerKindFilter(query.kind) }),
  }),
  route({
    method: 'GET', url: '/api/v1/compliance/export', kind: 'api', access: 'user', providerScoped: true,
    summary: "Export compliance: ?format=csv|oscal, ?providerId= for one provider (else the sector, ?kind= to filter); a provider representative gets their own provider's confirmed statuses",
    handler: async ({ db, actor, query, reply }) => {
      const providerId = query.providerId || undefined;
      if (providerId !== undefined && !isUuid(providerId)) throw notFound('no such provider');
      // The provider first: another organisation's id is "not found" whatever the format says.
      if (providerId) await getProvider(db, actor, providerId);
      const out = await complianceExport(db, actor, { format: exportFormat(query), providerId, kind: providerKindFilter(query.kind) });
      return reply
        .header('content-disposition', `attachment; filename="${out.fileName}"`)
        .header('cache-control', 'private, no-store')
        .type(out.contentType)
        .send(out.body);
    },
  }),
  route({
    method: 'GET', url: '/api/v1/providers/:providerId/compliance', kind: 'api', access: 'user', providerScoped: true, params: { providerId: 'provider' },
    summary:
      "A provider's compliance with every catalog item: the status that stands, the proposal and its reasons, the confirmed status and its history (a provider representative: their own, confirmed statuses only); ?area=, ?status= and ?attention=1 keep only the matching items (the counts stay those of every item)",
    handler: async ({ db, actor, params, query }) => {
      const filter = complianceFilter(query);
      const compliance = await providerCompliance(db, actor, params.providerId!);
      return { compliance: filter.area || filter.status || filter.attention ? { ...compliance, items: filterItems(compliance, filter) } : compliance };
    },
  }),
  route({
    method: 'GET', url: '/api/v1/providers/:providerId/compliance/:itemId', kind: 'api', access: 'user', providerScoped: true, params: { providerId: 'provider' },
    summary: "One catalog item of a provider's compliance (:itemId, e.g. APP-01): the requirement, the status that stands, the proposal and its reasons, the confirmed status and the whole history (a provider representative: their own, confirmed statuses only)",
    handler: async ({ db, actor, params }) => ({ item: await complianceItem(db, actor, params.providerId!, params.itemId!) }),
  }),
  route({
    method: 'POST', url: '/api/v1/providers/:providerId/compliance/accept', kind: 'api', access: WRITERS, params: { providerId: 'provider' }, requestBody: ACCEPT_BODY,
    summary: "Accept the platform's proposals for the listed items: each is confirmed with its proposed status and the proposal's reasons as evidence",
    handler: async ({ db, actor, params, body, req }) => {
      await getProvider(db, actor, params.providerId!);
      const ids = itemIdsOf(body);
      const expiresOn = field(body, 'expiresOn', 20);
      return { items: await db.tx((q) => acceptProposals(q, actor, params.providerId!, ids, { expiresOn }, req.ip)) };
    },
  }),
  route({
    method: 'POST', url: '/api/v1/providers/:providerId/compliance/:itemId', kind: 'api', access: WRITERS, params: { providerId: 'provider' }, requestBody: CONFIRM_BODY,
    summary: 'Confirm the status of a provider against a catalog item (:itemId, e.g. APP-01), with the evidence, its expiry and a note',
    handler: async ({ db, actor, params, body, req, reply }) => {
      await getProvider(db, actor, params.providerId!);
      const itemId = catalogItemId(params.itemId!);
      const item = await db.tx((q) => confirmStatus(q, actor, params.providerId!, itemId, confirmInput(body), req.ip));
      return reply.code(201).send({ item });
    },
  }),
  // Pages
  route({
    method: 'GET', url: '/compliance', kind: 'page', access: STAFF,
    summary: 'Sector compliance page: the heatmap, the provider-kind filter, the trend and the exports',
    handler: async ({ db, actor, query, req, reply }) =>
      reply.type('text/html').send(compliancePage({ actor, csrf: req.csrf, sector: await sectorCompliance(db, actor, { kind: providerKindFilter(query.kind) }), lang: req.lang })),
  }),
  route({
    method: 'GET', url: '/providers/:providerId/compliance', kind: 'page', access: 'user', providerScoped: true, params: { providerId: 'provider' },
    summary: "A provider's compliance page: a table of the catalog items by area, filtered by ?area=, ?status= and ?attention=1 (a provider representative: their own, confirmed statuses only)",
    handler: async (c) => {
      await getProvider(c.db, c.actor, c.params.providerId!);
      return c.reply.type('text/html').send(await renderProvider(c, filterOf(c.query)));
    },
  }),
  route({
    method: 'GET', url: '/providers/:providerId/compliance/:itemId', kind: 'page', access: 'user', providerScoped: true, params: { providerId: 'provider' },
    summary: "One catalog item of a provider's compliance: the requirement, the proposal and its reasons, the form to confirm a status, the history (a provider representative: their own, confirmed statuses only)",
    handler: async (c) => c.reply.type('text/html').send(await renderItem(c, c.params.itemId!)),
  }),
  route({
    method: 'POST', url: '/providers/:providerId/compliance/accept', kind: 'page', access: WRITERS, params: { providerId: 'provider' },
    summary: 'Accept the proposals of the selected items, or of every item the filtered page shows (form: itemIds, repeated; expiresOn; the filters area, status, attention to come back to)',
    handler: async (c) => {
      await getProvider(c.db, c.actor, c.params.providerId!);
      const filter = filterOf(c.body);
      const at = c.body.at === 'accept-shown' ? 'accept-shown' : 'accept';
      try {
        const ids = itemIdsOf(c.body);
        const expiresOn = field(c.body, 'expiresOn', 20);
        await c.db.tx((q) => acceptProposals(q, c.actor, c.params.providerId!, ids, { expiresOn }, c.req.ip));
        return c.reply.redirect(providerComplianceHref(c.params.providerId!, filter), 303);
      } catch (e) {
        return refusedOnPage(c, e, (error) => renderProvider(c, filter, error), at);
      }
    },
  }),
  route({
    method: 'POST', url: '/providers/:providerId/compliance/:itemId', kind: 'page', access: WRITERS, params: { providerId: 'provider' },
    summary: 'Confirm the status of a catalog item (form: status, evidence, expiresOn, note)',
    handler: async (c) => {
      await getProvider(c.db, c.actor, c.params.providerId!);
      const itemId = catalogItemId(c.params.itemId!);
      try {
        await c.db.tx((q) => confirmStatus(q, c.actor, c.params.providerId!, itemId, confirmInput(c.body), c.req.ip));
        return c.reply.redirect(itemHref(c.params.providerId!, itemId), 303);
      } catch (e) {
        return refusedOnPage(c, e, (error) => renderItem(c, itemId, error), 'confirm');
      }
    },
  }),
];
