/**
 * @module platform/http/routes/settings
 * The lab's settings (SLA days per severity) and API tokens: the API and the pages.
 */
import { getSettings, updateSettings } from '../../services/settings.js';
import { createToken, listTokens, revokeToken } from '../../services/tokens.js';
import { MANAGERS, STAFF } from '../../types.js';
import { translator } from '../../web/i18n.js';
import { settingsPage, tokensPage } from '../../web/pages/settings.js';
import { SEVERITIES } from '../../../index.js';
import { badRequest, field, HttpError, route, type AnyRoute, type HandlerContext } from '../routes.js';

const SETTINGS_BODY = {
  type: 'object',
  required: ['slaDays'],
  properties: {
    slaDays: {
      type: 'object',
      description: 'Days to fix a finding, per severity: whole numbers 1..3650, critical ≤ high ≤ medium ≤ low ≤ info',
      required: [...SEVERITIES],
      additionalProperties: false,
      properties: Object.fromEntries(SEVERITIES.map((s) => [s, { type: 'integer', minimum: 1, maximum: 3650 }])),
    },
  },
};
const TOKEN_BODY = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', maxLength: 100 }, expiresInDays: { type: 'integer', minimum: 1, maximum: 365, description: 'absent: the token does not expire' } },
};

async function formError(c: HandlerContext, e: unknown, render: (error: string) => Promise<string>): Promise<unknown> {
  if (e instanceof HttpError && (e.status === 400 || e.status === 409)) return c.reply.code(e.status).type('text/html').send(await render(e.message));
  throw e;
}

/** `?all=1`: every token of the lab (administrators). */
function tokenScope(query: Record<string, string> | undefined): 'own' | 'org' {
  const all = query?.all;
  if (all === undefined || all === '' || all === '0' || all === 'false') return 'own';
  if (all === '1' || all === 'true') return 'org';
  throw badRequest('"all" must be 1 or 0');
}

async function renderTokens(c: HandlerContext, extra: { error?: string; created?: { name: string; secret: string }; values?: Record<string, string | undefined> } = {}): Promise<string> {
  return tokensPage({
    actor: c.actor,
    csrf: c.req.csrf,
    lang: c.req.lang,
    tokens: await listTokens(c.db, c.actor, 'own'),
    ...(c.actor.role === 'admin' ? { orgTokens: await listTokens(c.db, c.actor, 'org') } : {}),
    ...extra,
  });
}

export const settingsRoutes: AnyRoute[] = [
  // API
  route({
    method: 'GET', url: '/api/v1/settings', kind: 'api', access: STAFF,
    summary: "The lab's settings (SLA days per severity)",
    handler: async ({ db, actor }) => getSettings(db, actor),
  }),
  route({
    method: 'PUT', url: '/api/v1/settings', kind: 'api', access: MANAGERS, requestBody: SETTINGS_BODY,
    summary: "Change the lab's settings",
    handler: async ({ db, actor, body, req }) => db.tx((q) => updateSettings(q, actor, { slaDays: body.slaDays }, req.ip)),
  }),
  route({
    method: 'GET', url: '/api/v1/tokens', kind: 'api', access: 'user', providerScoped: true,
    summary: "Your API tokens (?all=1: every token of the lab, administrators only); never the secrets",
    handler: async ({ db, actor, query }) => ({ tokens: await listTokens(db, actor, tokenScope(query)) }),
  }),
  route({
    method: 'POST', url: '/api/v1/tokens', kind: 'api', access: 'user', providerScoped: true, requestBody: TOKEN_BODY,
    summary: 'Create an API token for yourself (browser session only; the secret is in the response, and only there)',
    handler: async ({ db, actor, body, req, reply }) => {
      const { token, secret } = await db.tx((q) => createToken(q, actor, { name: body.name, expiresInDays: body.expiresInDays }, req.ip));
      return reply.code(201).header('cache-control', 'no-store').send({ token, secret });
    },
  }),
  route({
    method: 'DELETE', url: '/api/v1/tokens/:tokenId', kind: 'api', access: 'user', providerScoped: true, params: { tokenId: 'token' },
    summary: 'Revoke an API token (yours; any of the lab for an administrator)',
    handler: async ({ db, actor, params, req }) => ({ token: await db.tx((q) => revokeToken(q, actor, params.tokenId!, req.ip)) }),
  }),
  // Pages
  route({
    method: 'GET', url: '/settings', kind: 'page', access: STAFF,
    summary: 'Settings page',
    handler: async ({ db, actor, req, query, reply }) => {
      const t = translator(req.lang);
      return reply.type('text/html').send(settingsPage({ actor, csrf: req.csrf, lang: req.lang, slaDays: (await getSettings(db, actor)).slaDays, ...(query?.saved === '1' ? { notice: t('Saved.') } : {}) }));
    },
  }),
  route({
    method: 'POST', url: '/settings', kind: 'page', access: MANAGERS,
    summary: 'Change the SLA days (form)',
    handler: async (c) => {
      const values: Record<string, string> = {};
      for (const s of SEVERITIES) values[s] = field(c.body, s, 10) ?? '';
      try {
        await c.db.tx((q) => updateSettings(q, c.actor, { slaDays: values }, c.req.ip));
        return c.reply.redirect('/settings?saved=1', 303);
      } catch (e) {
        return formError(c, e, async (error) => settingsPage({ actor: c.actor, csrf: c.req.csrf, lang: c.req.lang, slaDays: (await getSettings(c.db, c.actor)).slaDays, error, values }));
      }
    },
  }),
  route({
    method: 'GET', url: '/settings/tokens', kind: 'page', access: 'user', providerScoped: true,
    summary: 'API tokens page',
    handler: async (c) => c.reply.type('text/html').send(await renderTokens(c)),
  }),
  route({
    method: 'POST', url: '/settings/tokens', kind: 'page', access: 'user', providerScoped: true,
    summary: 'Create an API token (form; the page shows the secret once)',
    handler: async (c) => {
      const values = { name: typeof c.body.name === 'string' ? c.body.name.slice(0, 100) : undefined, expiresInDays: typeof c.body.expiresInDays === 'string' ? c.body.expiresInDays.slice(0, 10) : undefined };
      try {
        const { token, secret } = await c.db.tx((q) => createToken(q, c.actor, { name: c.body.name, expiresInDays: c.body.expiresInDays }, c.req.ip));
        return c.reply.code(200).header('cache-control', 'no-store').type('text/html').send(await renderTokens(c, { created: { name: token.name, secret } }));
      } catch (e) {
        return formError(c, e, (error) => renderTokens(c, { error, values }));
      }
    },
  }),
  route({
    method: 'POST', url: '/settings/tokens/:tokenId/revoke', kind: 'page', access: 'user', providerScoped: true, params: { tokenId: 'token' },
    summary: 'Revoke an API token (form)',
    handler: async ({ db, actor, params, req, reply }) => {
      await db.tx((q) => revokeToken(q, actor, params.tokenId!, req.ip));
      return reply.redirect('/settings/tokens', 303);
    },
  }),
];
