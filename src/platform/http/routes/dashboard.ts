/**
 * @module platform/http/routes/dashboard
 * The dashboard: the home page and its API twin.
 */
import { getDashboard } from '../../services/dashboard.js';
import { dashboardPage } from '../../web/pages/dashboard.js';
import { route, type AnyRoute } from '../routes.js';

export const dashboardRoutes: AnyRoute[] = [
  route({
    method: 'GET', url: '/api/v1/dashboard', kind: 'api', access: 'user', providerScoped: true,
    summary: 'Dashboard figures: unresolved findings by provider and severity, SLA breaches, findings per status, recent scans (a provider representative: their released findings only, no scans)',
    handler: async ({ db, actor }) => ({ dashboard: await getDashboard(db, actor) }),
  }),
  route({
    method: 'GET', url: '/', kind: 'page', access: 'user', providerScoped: true,
    summary: 'Dashboard page',
    handler: async ({ db, actor, req, reply }) => reply.type('text/html').send(dashboardPage({ actor, csrf: req.csrf, dashboard: await getDashboard(db, actor), lang: req.lang })),
  }),
];
