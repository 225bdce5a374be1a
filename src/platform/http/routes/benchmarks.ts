/**
 * @module platform/http/routes/benchmarks
 * Anonymised benchmarking between labs: the lab's figures, its publications and the comparison with the
 * community's aggregate (page and API), publishing for a period and withdrawing a publication. The service
 * (services/benchmarks.ts) decides what is computed and shown: the lab's staff read, the managers publish and
 * withdraw, and the community aggregate (every lab's current publication of a period, combined) is readable by
 * the staff of every lab.
 *
 * A publication (`:publicationId`) belongs to one lab: the service finds it in the caller's lab only, so another
 * lab's id (or a malformed one) is "not found".
 */
import { benchmarkAreas, benchmarkOverview, communityBenchmark, publishBenchmark, withdrawPublication } from '../../services/benchmarks.js';
import { MANAGERS, STAFF } from '../../types.js';
import { benchmarksPage, type BenchmarksPageError } from '../../web/pages/benchmarks.js';
import { field, formMessage, formStatus, route, type AnyRoute, type HandlerContext } from '../routes.js';

const PUBLISH_BODY = {
  type: 'object',
  required: ['period'],
  properties: { period: { type: 'string', pattern: '^\\d{4}(-(Q[1-4]|H[12]))?$', description: 'a year (2026), a half-year (2026-H2) or a quarter (2026-Q4)' } },
};

async function renderPage(c: HandlerContext, error?: BenchmarksPageError): Promise<string> {
  const overview = await benchmarkOverview(c.db, c.actor, { period: field(c.query, 'period', 20) });
  return benchmarksPage({ actor: c.actor, csrf: c.req.csrf, lang: c.req.lang, overview, areas: benchmarkAreas(), error });
}

/** A refused form (400/409) re-renders the page with the message next to the form; anything else is an error page. */
async function refusedOnPage(c: HandlerContext, e: unknown, at: string): Promise<unknown> {
  const status = formStatus(e);
  if (status === undefined) throw e;
  const period = typeof c.body.period === 'string' ? c.body.period.slice(0, 20) : '';
  const html = await renderPage(c, { at, message: formMessage(e), values: { period } });
  return c.reply.code(status).type('text/html').send(html);
}

export const benchmarkRoutes: AnyRoute[] = [
  route({
    method: 'GET', url: '/api/v1/benchmarks', kind: 'api', access: STAFF,
    summary: "The lab's benchmark figures now, its publications, and the comparison with the community for ?period= (default: the current quarter)",
    handler: async ({ db, actor, query }) => benchmarkOverview(db, actor, { period: field(query, 'period', 20) }),
  }),
  route({
    method: 'GET', url: '/api/v1/benchmarks/community', kind: 'api', access: STAFF,
    summary: "The community's aggregate for ?period= (every lab's current publication, combined; nothing until 3 labs published)",
    handler: async ({ db, actor, query }) => ({ community: await communityBenchmark(db, actor, field(query, 'period', 20) ?? '') }),
  }),
  route({
    method: 'POST', url: '/api/v1/benchmarks/publications', kind: 'api', access: MANAGERS, requestBody: PUBLISH_BODY,
    summary: "Publish the lab's figures as they are now for a period (replaces the lab's current publication of it)",
    handler: async ({ db, actor, body, req, reply }) => {
      const publication = await db.tx((q) => publishBenchmark(q, actor, { period: field(body, 'period', 20) }, req.ip));
      return reply.code(201).send({ publication });
    },
  }),
  route({
    method: 'POST', url: '/api/v1/benchmarks/publications/:publicationId/withdraw', kind: 'api', access: MANAGERS, params: { publicationId: 'benchmarkPublication' },
    summary: 'Withdraw a publication of the lab: it is kept in the lab\'s list and left out of the community aggregate',
    handler: async ({ db, actor, params, req }) => ({ publication: await db.tx((q) => withdrawPublication(q, actor, params.publicationId!, req.ip)) }),
  }),
  // Pages
  route({
    method: 'GET', url: '/benchmarks', kind: 'page', access: STAFF,
    summary: "Benchmarks page: the lab's figures (preview), the publish form, the lab's publications and the comparison with the community (?period=)",
    handler: async (c) => c.reply.type('text/html').send(await renderPage(c)),
  }),
  route({
    method: 'POST', url: '/benchmarks/publications', kind: 'page', access: MANAGERS,
    summary: "Publish the lab's figures for a period (form: period)",
    handler: async (c) => {
      try {
        const p = await c.db.tx((q) => publishBenchmark(q, c.actor, { period: field(c.body, 'period', 20) }, c.req.ip));
        return c.reply.redirect(`/benchmarks?period=${encodeURIComponent(p.period)}`, 303);
      } catch (e) {
        return refusedOnPage(c, e, 'publish');
      }
    },
  }),
  route({
    method: 'POST', url: '/benchmarks/publications/:publicationId/withdraw', kind: 'page', access: MANAGERS, params: { publicationId: 'benchmarkPublication' },
    summary: 'Withdraw a publication of the lab',
    handler: async (c) => {
      try {
        const p = await c.db.tx((q) => withdrawPublication(q, c.actor, c.params.publicationId!, c.req.ip));
        return c.reply.redirect(`/benchmarks?period=${encodeURIComponent(p.period)}`, 303);
      } catch (e) {
        return refusedOnPage(c, e, c.params.publicationId!);
      }
    },
  }),
];
