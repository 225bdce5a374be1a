/**
 * @module platform/http/routes/providers
 * Providers and their apps: the API and the pages.
 */
import { createApp, createProvider, getApp, getProvider, listApps, listProviders, updateProvider } from '../../services/providers.js';
import { MANAGERS } from '../../types.js';
import { providerPage, providersPage } from '../../web/pages/providers.js';
import { field, HttpError, requiredField, route, type AnyRoute, type HandlerContext } from '../routes.js';

const PROVIDER_BODY = {
  type: 'object',
  required: ['name', 'kind'],
  properties: { name: { type: 'string', maxLength: 120 }, kind: { enum: ['bank', 'mno', 'emi', 'fintech', 'other'] }, country: { type: 'string' }, licence: { type: 'string' } },
};
const APP_BODY = {
  type: 'object',
  required: ['name', 'platform', 'identifier'],
  properties: { name: { type: 'string', maxLength: 120 }, platform: { enum: ['android', 'ios', 'ussd'] }, identifier: { type: 'string', maxLength: 200 } },
};

function providerInput(body: Record<string, unknown>) {
  return { name: requiredField(body, 'name', 120), kind: requiredField(body, 'kind', 20), country: field(body, 'country', 60), licence: field(body, 'licence', 120) };
}
function appInput(body: Record<string, unknown>) {
  return { name: requiredField(body, 'name', 120), platform: requiredField(body, 'platform', 20), identifier: requiredField(body, 'identifier', 200) };
}

/** Re-renders a form page with the error of a refused submission (400/409), instead of a bare error page. */
async function formError(c: HandlerContext, e: unknown, render: (error: string) => Promise<string>): Promise<unknown> {
  if (e instanceof HttpError && (e.status === 400 || e.status === 409)) return c.reply.code(e.status).type('text/html').send(await render(e.message));
  throw e;
}

export const providerRoutes: AnyRoute[] = [
  route({
    method: 'GET', url: '/api/v1/providers', kind: 'api', access: 'user', providerScoped: true,
    summary: 'List providers (a provider representative sees only theirs)',
    handler: async ({ db, actor }) => ({ providers: await listProviders(db, actor) }),
  }),
  route({
    method: 'POST', url: '/api/v1/providers', kind: 'api', access: MANAGERS, requestBody: PROVIDER_BODY,
    summary: 'Create a provider',
    handler: async ({ db, actor, body, req, reply }) => reply.code(201).send({ provider: await db.tx((q) => createProvider(q, actor, providerInput(body), req.ip)) }),
  }),
  route({
    method: 'GET', url: '/api/v1/providers/:providerId', kind: 'api', access: 'user', providerScoped: true, params: { providerId: 'provider' },
    summary: 'One provider',
    handler: async ({ db, actor, params }) => ({ provider: await getProvider(db, actor, params.providerId!) }),
  }),
  route({
    method: 'PUT', url: '/api/v1/providers/:providerId', kind: 'api', access: MANAGERS, params: { providerId: 'provider' }, requestBody: PROVIDER_BODY,
    summary: 'Update a provider',
    handler: async ({ db, actor, params, body, req }) => {
      // The object first: another organisation's id is "not found" whatever the body says.
      await getProvider(db, actor, params.providerId!);
      return { provider: await db.tx((q) => updateProvider(q, actor, params.providerId!, providerInput(body), req.ip)) };
    },
  }),
  route({
    method: 'GET', url: '/api/v1/providers/:providerId/apps', kind: 'api', access: 'user', providerScoped: true, params: { providerId: 'provider' },
    summary: "A provider's apps",
    handler: async ({ db, actor, params }) => {
      await getProvider(db, actor, params.providerId!);
      return { apps: await listApps(db, actor, params.providerId!) };
    },
  }),
  route({
    method: 'POST', url: '/api/v1/providers/:providerId/apps', kind: 'api', access: MANAGERS, params: { providerId: 'provider' }, requestBody: APP_BODY,
    summary: 'Register an app (Android package, iOS bundle id or USSD service code)',
    handler: async ({ db, actor, params, body, req, reply }) => {
      await getProvider(db, actor, params.providerId!);
      return reply.code(201).send({ app: await db.tx((q) => createApp(q, actor, params.providerId!, appInput(body), req.ip)) });
    },
  }),
  route({
    method: 'GET', url: '/api/v1/apps', kind: 'api', access: 'user', providerScoped: true,
    summary: 'List apps',
    handler: async ({ db, actor }) => ({ apps: await listApps(db, actor) }),
  }),
  route({
    method: 'GET', url: '/api/v1/apps/:appId', kind: 'api', access: 'user', providerScoped: true, params: { appId: 'app' },
    summary: 'One app',
    handler: async ({ db, actor, params }) => ({ app: await getApp(db, actor, params.appId!) }),
  }),
  // Pages
  route({
    method: 'GET', url: '/providers', kind: 'page', access: 'user', providerScoped: true,
    summary: 'Providers page',
    handler: async ({ db, actor, req, reply }) => reply.type('text/html').send(providersPage({ actor, csrf: req.csrf, providers: await listProviders(db, actor), lang: req.lang })),
  }),
  route({
    method: 'POST', url: '/providers', kind: 'page', access: MANAGERS,
    summary: 'Create a provider (form)',
    handler: async (c) => {
      try {
        const p = await c.db.tx((q) => createProvider(q, c.actor, providerInput(c.body), c.req.ip));
        return c.reply.redirect(`/providers/${p.id}`, 303);
      } catch (e) {
        return formError(c, e, async (error) => providersPage({ actor: c.actor, csrf: c.req.csrf, providers: await listProviders(c.db, c.actor), error, lang: c.req.lang }));
      }
    },
  }),
  route({
    method: 'GET', url: '/providers/:providerId', kind: 'page', access: 'user', providerScoped: true, params: { providerId: 'provider' },
    summary: 'Provider page',
    handler: async ({ db, actor, params, req, reply }) => {
      const provider = await getProvider(db, actor, params.providerId!);
      return reply.type('text/html').send(providerPage({ actor, csrf: req.csrf, provider, apps: await listApps(db, actor, provider.id), lang: req.lang }));
    },
  }),
  route({
    method: 'POST', url: '/providers/:providerId/apps', kind: 'page', access: MANAGERS, params: { providerId: 'provider' },
    summary: 'Register an app (form)',
    handler: async (c) => {
      const provider = await getProvider(c.db, c.actor, c.params.providerId!);
      try {
        const a = await c.db.tx((q) => createApp(q, c.actor, provider.id, appInput(c.body), c.req.ip));
        return c.reply.redirect(`/apps/${a.id}`, 303);
      } catch (e) {
        return formError(c, e, async (error) => providerPage({ actor: c.actor, csrf: c.req.csrf, provider, apps: await listApps(c.db, c.actor, provider.id), error, lang: c.req.lang }));
      }
    },
  }),
];
