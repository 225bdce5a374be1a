/**
 * @module platform/http/routes/accounts
 * First-admin setup, login and logout, and how one's notifications reach one's mailbox (each one, a daily or
 * weekly digest, none: services/digests.ts), as a page and in the API. The pages speak the reader's language
 * (`req.lang`, see web/i18n.ts).
 */
import { completeSetup, login, needsSetup, setupTokenValid } from '../../services/accounts.js';
import { EMAIL_DELIVERIES, getEmailDelivery, setEmailDelivery, type EmailDeliveryState } from '../../services/digests.js';
import { cookieOptions, destroySession, SESSION_COOKIE } from '../../auth/sessions.js';
import { emailDeliveryPage, loginPage, setupPage } from '../../web/pages/accounts.js';
import { translator, type Translate } from '../../web/i18n.js';
import { field, formMessage, formStatus, HttpError, publicRoute, requiredField, route, type AnyRoute } from '../routes.js';
import { recordAudit } from '../../audit-log.js';

/** Only local paths: `next` must never send the user to another site. */
export function safeNext(next: string | undefined): string {
  return next && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : '/';
}

/** The login service's refusals in the reader's language; one this list does not know stays in English. */
function loginRefusal(t: Translate, message: string): string {
  switch (message) {
    case 'wrong e-mail or password':
      return t('wrong e-mail or password');
    case 'this account is locked after too many failed logins; try again later or ask an administrator':
      return t('this account is locked after too many failed logins; try again later or ask an administrator');
    case 'too many failed logins from this address; wait a few minutes and try again':
      return t('too many failed logins from this address; wait a few minutes and try again');
    default:
      return message;
  }
}

const EMAIL_DELIVERY_BODY = {
  type: 'object',
  required: ['delivery'],
  properties: { delivery: { enum: [...EMAIL_DELIVERIES], description: 'each: one e-mail per notification; daily, weekly: a digest; none: no e-mail' } },
};

function deliveryJson(s: EmailDeliveryState) {
  return { delivery: s.delivery, nextDigestAt: s.nextDigestAt ? s.nextDigestAt.toISOString() : null };
}

export const accountRoutes: AnyRoute[] = [
  publicRoute({
    method: 'GET',
    url: '/setup',
    kind: 'page',
    summary: 'First-admin setup form (needs the setup link printed by dfslab serve)',
    async handler({ db, query, req, reply }) {
      const token = query.token ?? '';
      if (!(await needsSetup(db))) return reply.redirect('/login');
      if (!(await setupTokenValid(db, token))) throw new HttpError(403, 'setup_link', 'this setup link is invalid, used or expired; restart dfslab serve for a new one');
      return reply.type('text/html').send(setupPage({ token, lang: req.lang }));
    },
  }),
  publicRoute({
    method: 'POST',
    url: '/setup',
    kind: 'page',
    summary: 'Create the lab and its first administrator',
    async handler({ db, platform, body, req, reply }) {
      const token = requiredField(body, 'token', 100);
      const values = { orgName: field(body, 'orgName', 120) ?? '', country: field(body, 'country', 60) ?? '', name: field(body, 'name', 120) ?? '', email: field(body, 'email', 254) ?? '' };
      try {
        const input = { token, orgName: requiredField(body, 'orgName', 120), name: requiredField(body, 'name', 120), email: requiredField(body, 'email', 254), password: String(body.password ?? ''), ...(values.country ? { country: values.country } : {}) };
        const { cookie } = await completeSetup(db, platform.config, input, { ip: req.ip, userAgent: req.headers['user-agent'] ?? '' });
        reply.setCookie(SESSION_COOKIE, cookie, cookieOptions(platform.config, platform.config.sessionIdleSeconds));
        return reply.redirect('/', 303);
      } catch (e) {
        if (e instanceof HttpError && e.status === 400) return reply.code(400).type('text/html').send(setupPage({ token, error: e.message, values, lang: req.lang }));
        throw e;
      }
    },
  }),
  publicRoute({
    method: 'GET',
    url: '/login',
    kind: 'page',
    summary: 'Login form',
    async handler({ query, req, reply, actor }) {
      if (actor) return reply.redirect(safeNext(query.next));
      return reply.type('text/html').send(loginPage({ next: safeNext(query.next), lang: req.lang }));
    },
  }),
  publicRoute({
    method: 'POST',
    url: '/login',
    kind: 'page',
    summary: 'Log in with e-mail and password',
    async handler({ db, platform, body, req, reply }) {
      const email = field(body, 'email', 254) ?? '';
      const next = safeNext(field(body, 'next', 500));
      const out = await login(db, platform.config, email, String(body.password ?? ''), { ip: req.ip, userAgent: req.headers['user-agent'] ?? '' });
      if (!out.ok) return reply.code(out.status).type('text/html').send(loginPage({ next, email, error: loginRefusal(translator(req.lang), out.message), lang: req.lang }));
      reply.setCookie(SESSION_COOKIE, out.cookie, cookieOptions(platform.config, platform.config.sessionIdleSeconds));
      return reply.redirect(next, 303);
    },
  }),
  route({
    method: 'POST',
    url: '/logout',
    kind: 'page',
    access: 'user',
    summary: 'Log out (ends this browser session)',
    async handler({ db, req, reply, actor }) {
      await destroySession(db, req.cookies[SESSION_COOKIE]);
      await recordAudit(db, actor, { action: 'logout' }, req.ip);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.redirect('/login', 303);
    },
  }),
  // How one's notifications reach one's mailbox
  route({
    method: 'GET',
    url: '/account/email-delivery',
    kind: 'page',
    access: 'user',
    providerScoped: true,
    summary: 'How your notifications reach your mailbox (each one, a daily or weekly digest, none)',
    async handler({ db, platform, actor, query, req, reply }) {
      const state = await getEmailDelivery(db, actor.userId);
      const notice = query?.saved === '1' ? translator(req.lang)('Saved.') : undefined;
      return reply.type('text/html').send(emailDeliveryPage({ actor, state, smtp: Boolean(platform.config.smtp), csrf: req.csrf, lang: req.lang, ...(notice ? { notice } : {}) }));
    },
  }),
  route({
    method: 'POST',
    url: '/account/email-delivery',
    kind: 'page',
    access: 'user',
    providerScoped: true,
    summary: 'Choose how your notifications reach your mailbox (form)',
    async handler({ db, platform, actor, body, req, reply }) {
      try {
        await db.tx((q) => setEmailDelivery(q, actor, field(body, 'delivery', 20), req.ip));
        return reply.redirect('/account/email-delivery?saved=1', 303);
      } catch (e) {
        const status = formStatus(e);
        if (status === undefined) throw e;
        const state = await getEmailDelivery(db, actor.userId);
        return reply.code(status).type('text/html').send(emailDeliveryPage({ actor, state, smtp: Boolean(platform.config.smtp), csrf: req.csrf, lang: req.lang, error: formMessage(e) }));
      }
    },
  }),
  route({
    method: 'GET',
    url: '/api/v1/account/email-delivery',
    kind: 'api',
    access: 'user',
    providerScoped: true,
    summary: 'How your notifications reach your mailbox, and when your next digest is due',
    handler: async ({ db, actor }) => deliveryJson(await getEmailDelivery(db, actor.userId)),
  }),
  route({
    method: 'PUT',
    url: '/api/v1/account/email-delivery',
    kind: 'api',
    access: 'user',
    providerScoped: true,
    requestBody: EMAIL_DELIVERY_BODY,
    summary: 'Choose how your notifications reach your mailbox: each, daily, weekly or none',
    handler: async ({ db, actor, body, req }) => deliveryJson(await db.tx((q) => setEmailDelivery(q, actor, body.delivery, req.ip))),
  }),
];
