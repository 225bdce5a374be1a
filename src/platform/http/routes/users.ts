/**
 * @module platform/http/routes/users
 * The users of a lab (administrators), accepting an invitation (public: the one-time link), one's own account,
 * and the audit log (administrators and reviewers): the API and the pages.
 */
import { cookieOptions, SESSION_COOKIE } from '../../auth/sessions.js';
import type { Queryable } from '../../db/db.js';
import { listProviders } from '../../services/providers.js';
import {
  acceptInvitation,
  AUDIT_READERS,
  changeOwnPassword,
  changeUser,
  getUser,
  inviteUser,
  listAuditLog,
  listUsers,
  parseAuditQuery,
  pendingInvitation,
  inviteLinkError,
  reinviteUser,
  setUserEnabled,
  unlockUser,
  type Invitation,
  type User,
} from '../../services/users.js';
import { ROLES } from '../../types.js';
import { translator } from '../../web/i18n.js';
import { accountPage, invitePage } from '../../web/pages/accounts.js';
import { getEmailDelivery } from '../../services/digests.js';
import { auditPage, userPage, usersPage } from '../../web/pages/users.js';
import { field, HttpError, publicRoute, route, type AnyRoute, type HandlerContext } from '../routes.js';

const ADMIN = ['admin'] as const;

const INVITE_BODY = {
  type: 'object',
  required: ['email', 'name', 'role'],
  properties: { email: { type: 'string', maxLength: 254 }, name: { type: 'string', maxLength: 120 }, role: { enum: [...ROLES] }, providerId: { type: 'string', format: 'uuid', description: 'required for role provider' } },
};
const CHANGE_BODY = {
  type: 'object',
  properties: { role: { enum: [...ROLES] }, providerId: { type: 'string', format: 'uuid' }, name: { type: 'string', maxLength: 120 } },
};

function inviteInput(body: Record<string, unknown>) {
  return { email: field(body, 'email', 254) ?? '', name: field(body, 'name', 120) ?? '', role: field(body, 'role', 20) ?? '', providerId: field(body, 'providerId', 40) };
}
function changeInput(body: Record<string, unknown>) {
  return { role: field(body, 'role', 20), providerId: field(body, 'providerId', 40), name: field(body, 'name', 120) };
}

/** The user as the API shows it (never the password hash, which is not even selected). */
function userJson(u: User) {
  return u;
}
function invitationJson(i: Invitation) {
  return { user: userJson(i.user), inviteUrl: i.inviteUrl, reinvited: i.reinvited };
}

/** Re-renders a form page with the error of a refused submission (400/409), instead of a bare error page. */
async function formError(c: HandlerContext, e: unknown, render: (error: string) => Promise<string>): Promise<unknown> {
  if (e instanceof HttpError && (e.status === 400 || e.status === 409)) return c.reply.code(e.status).type('text/html').send(await render(e.message));
  throw e;
}

async function renderUsers(c: HandlerContext, extra: { error?: string; invited?: { url: string; email: string }; values?: Record<string, string | undefined> } = {}): Promise<string> {
  return usersPage({ actor: c.actor, csrf: c.req.csrf, lang: c.req.lang, users: await listUsers(c.db, c.actor), providers: await listProviders(c.db, c.actor), ...extra });
}
async function renderUser(c: HandlerContext, extra: { error?: string; invited?: { url: string; email: string } } = {}): Promise<string> {
  return userPage({ actor: c.actor, csrf: c.req.csrf, lang: c.req.lang, user: await getUser(c.db, c.actor, c.params.userId!), providers: await listProviders(c.db, c.actor), ...extra });
}

/** A page action on one user (disable, enable, unlock): redirect back, or show the refusal on the user's page. */
function userAction(path: string, summary: string, run: (q: Queryable, c: HandlerContext) => Promise<unknown>): AnyRoute {
  return route({
    method: 'POST', url: `/users/:userId/${path}`, kind: 'page', access: ADMIN, params: { userId: 'user' }, summary,
    handler: async (c) => {
      await getUser(c.db, c.actor, c.params.userId!);
      try {
        await c.db.tx((q) => run(q, c));
        return c.reply.redirect(`/users/${c.params.userId}`, 303);
      } catch (e) {
        return formError(c, e, (error) => renderUser(c, { error }));
      }
    },
  });
}

export const usersRoutes: AnyRoute[] = [
  // API: users (administrators)
  route({
    method: 'GET', url: '/api/v1/users', kind: 'api', access: ADMIN,
    summary: 'List the users of the lab',
    handler: async ({ db, actor }) => ({ users: (await listUsers(db, actor)).map(userJson) }),
  }),
  route({
    method: 'POST', url: '/api/v1/users', kind: 'api', access: ADMIN, requestBody: INVITE_BODY,
    summary: 'Invite a user (the one-time invitation link is in the response, and only there)',
    handler: async ({ db, platform, actor, body, req, reply }) => {
      const inv = await db.tx((q) => inviteUser(q, platform.config, actor, inviteInput(body), req.ip));
      return reply.code(inv.reinvited ? 200 : 201).header('cache-control', 'no-store').send(invitationJson(inv));
    },
  }),
  route({
    method: 'GET', url: '/api/v1/users/:userId', kind: 'api', access: ADMIN, params: { userId: 'user' },
    summary: 'One user',
    handler: async ({ db, actor, params }) => ({ user: userJson(await getUser(db, actor, params.userId!)) }),
  }),
  route({
    method: 'PATCH', url: '/api/v1/users/:userId', kind: 'api', access: ADMIN, params: { userId: 'user' }, requestBody: CHANGE_BODY,
    summary: "Change a user's role (and provider, for a provider representative) or name",
    handler: async ({ db, actor, params, body, req }) => ({ user: userJson(await db.tx((q) => changeUser(q, actor, params.userId!, changeInput(body), req.ip))) }),
  }),
  route({
    method: 'POST', url: '/api/v1/users/:userId/invite', kind: 'api', access: ADMIN, params: { userId: 'user' },
    summary: 'A new invitation link for a user who has not accepted yet (the old link stops working)',
    handler: async ({ db, platform, actor, params, req, reply }) => reply.header('cache-control', 'no-store').send(invitationJson(await db.tx((q) => reinviteUser(q, platform.config, actor, params.userId!, req.ip)))),
  }),
  route({
    method: 'POST', url: '/api/v1/users/:userId/disable', kind: 'api', access: ADMIN, params: { userId: 'user' },
    summary: 'Disable a user (their sessions end, their tokens stop working)',
    handler: async ({ db, actor, params, req }) => ({ user: userJson(await db.tx((q) => setUserEnabled(q, actor, params.userId!, false, req.ip))) }),
  }),
  route({
    method: 'POST', url: '/api/v1/users/:userId/enable', kind: 'api', access: ADMIN, params: { userId: 'user' },
    summary: 'Enable a disabled user again',
    handler: async ({ db, actor, params, req }) => ({ user: userJson(await db.tx((q) => setUserEnabled(q, actor, params.userId!, true, req.ip))) }),
  }),
  route({
    method: 'POST', url: '/api/v1/users/:userId/unlock', kind: 'api', access: ADMIN, params: { userId: 'user' },
    summary: 'Lift the login lockout of a user',
    handler: async ({ db, actor, params, req }) => ({ user: userJson(await db.tx((q) => unlockUser(q, actor, params.userId!, req.ip))) }),
  }),
  // API: one's own account, the audit log
  route({
    method: 'GET', url: '/api/v1/account', kind: 'api', access: 'user', providerScoped: true,
    summary: 'Who the caller is (the user a token acts as)',
    handler: async ({ actor }) => ({ user: { id: actor.userId, email: actor.email, name: actor.name, role: actor.role, providerId: actor.providerId }, via: actor.via }),
  }),
  route({
    method: 'GET', url: '/api/v1/audit-log', kind: 'api', access: AUDIT_READERS,
    summary: 'The audit log of the lab, newest first (?limit=1..200&before=<id>&action=<prefix>; `next` is the before of the next page)',
    handler: async ({ db, actor, query }) => listAuditLog(db, actor, parseAuditQuery(query ?? {}, 50)),
  }),
  // Pages: users
  route({
    method: 'GET', url: '/users', kind: 'page', access: ADMIN,
    summary: 'Users page (list and invitation form)',
    handler: async (c) => c.reply.type('text/html').send(await renderUsers(c)),
  }),
  route({
    method: 'POST', url: '/users', kind: 'page', access: ADMIN,
    summary: 'Invite a user (form; the page shows the link once)',
    handler: async (c) => {
      const input = inviteInput(c.body);
      try {
        const inv = await c.db.tx((q) => inviteUser(q, c.platform.config, c.actor, input, c.req.ip));
        return c.reply.code(200).header('cache-control', 'no-store').type('text/html').send(await renderUsers(c, { invited: { url: inv.inviteUrl, email: inv.user.email } }));
      } catch (e) {
        return formError(c, e, (error) => renderUsers(c, { error, values: input }));
      }
    },
  }),
  route({
    method: 'GET', url: '/users/:userId', kind: 'page', access: ADMIN, params: { userId: 'user' },
    summary: "A user's page",
    handler: async (c) => c.reply.type('text/html').send(await renderUser(c)),
  }),
  route({
    method: 'POST', url: '/users/:userId', kind: 'page', access: ADMIN, params: { userId: 'user' },
    summary: "Change a user's role, provider or name (form)",
    handler: async (c) => {
      await getUser(c.db, c.actor, c.params.userId!);
      try {
        await c.db.tx((q) => changeUser(q, c.actor, c.params.userId!, changeInput(c.body), c.req.ip));
        return c.reply.redirect(`/users/${c.params.userId}`, 303);
      } catch (e) {
        return formError(c, e, (error) => renderUser(c, { error }));
      }
    },
  }),
  route({
    method: 'POST', url: '/users/:userId/invite', kind: 'page', access: ADMIN, params: { userId: 'user' },
    summary: 'A new invitation link (form; the page shows it once)',
    handler: async (c) => {
      await getUser(c.db, c.actor, c.params.userId!);
      try {
        const inv = await c.db.tx((q) => reinviteUser(q, c.platform.config, c.actor, c.params.userId!, c.req.ip));
        return c.reply.code(200).header('cache-control', 'no-store').type('text/html').send(await renderUser(c, { invited: { url: inv.inviteUrl, email: inv.user.email } }));
      } catch (e) {
        return formError(c, e, (error) => renderUser(c, { error }));
      }
    },
  }),
  userAction('disable', 'Disable a user (form)', (q, c) => setUserEnabled(q, c.actor, c.params.userId!, false, c.req.ip)),
  userAction('enable', 'Enable a user (form)', (q, c) => setUserEnabled(q, c.actor, c.params.userId!, true, c.req.ip)),
  userAction('unlock', 'Lift the login lockout of a user (form)', (q, c) => unlockUser(q, c.actor, c.params.userId!, c.req.ip)),
  // Pages: accepting an invitation
  publicRoute({
    method: 'GET', url: '/invite', kind: 'page',
    summary: 'Accept an invitation: choose a password (needs the one-time invitation link)',
    async handler({ db, query, req, reply }) {
      const token = typeof query.token === 'string' ? query.token : '';
      const inv = await pendingInvitation(db, token);
      if (!inv) throw inviteLinkError();
      return reply.type('text/html').send(invitePage({ token, email: inv.email, name: inv.name, orgName: inv.orgName, csrf: req.csrf, lang: req.lang }));
    },
  }),
  publicRoute({
    method: 'POST', url: '/invite', kind: 'page',
    summary: 'Accept an invitation: set the password and log in',
    async handler({ db, platform, body, req, reply }) {
      const token = field(body, 'token', 100) ?? '';
      const password = typeof body.password === 'string' ? body.password : '';
      const confirm = typeof body.confirm === 'string' ? body.confirm : undefined;
      try {
        const { cookie } = await acceptInvitation(db, platform.config, { token, password, confirm }, { ip: req.ip, userAgent: req.headers['user-agent'] ?? '' });
        reply.setCookie(SESSION_COOKIE, cookie, cookieOptions(platform.config, platform.config.sessionIdleSeconds));
        return reply.redirect('/', 303);
      } catch (e) {
        if (e instanceof HttpError && e.status === 400) {
          const inv = await pendingInvitation(db, token);
          if (inv) return reply.code(400).type('text/html').send(invitePage({ token, email: inv.email, name: inv.name, orgName: inv.orgName, csrf: req.csrf, lang: req.lang, error: e.message }));
        }
        throw e;
      }
    },
  }),
  // Pages: one's own account
  route({
    method: 'GET', url: '/account', kind: 'page', access: 'user', providerScoped: true,
    summary: 'Your account (and the password change form)',
    handler: async ({ db, actor, query, req, reply }) => {
      const t = translator(req.lang);
      return reply.type('text/html').send(accountPage({ actor, csrf: req.csrf, lang: req.lang, emailDelivery: (await getEmailDelivery(db, actor.userId)).delivery, ...(query?.changed === 'password' ? { notice: t('Your password was changed; your other sessions have ended.') } : {}) }));
    },
  }),
  route({
    method: 'POST', url: '/account/password', kind: 'page', access: 'user', providerScoped: true,
    summary: 'Change your own password (ends your other sessions)',
    handler: async (c) => {
      const str = (n: string) => (typeof c.body[n] === 'string' ? (c.body[n] as string) : '');
      try {
        await changeOwnPassword(c.db, c.actor, { current: str('current'), password: str('password'), confirm: typeof c.body.confirm === 'string' ? c.body.confirm : undefined }, c.req.cookies[SESSION_COOKIE], c.req.ip);
        return c.reply.redirect('/account?changed=password', 303);
      } catch (e) {
        return formError(c, e, async (error) => accountPage({ actor: c.actor, csrf: c.req.csrf, lang: c.req.lang, emailDelivery: (await getEmailDelivery(c.db, c.actor.userId)).delivery, error }));
      }
    },
  }),
  // Pages: the audit log
  route({
    method: 'GET', url: '/audit', kind: 'page', access: AUDIT_READERS,
    summary: 'Audit log page (latest 200, filter by action prefix)',
    handler: async ({ db, actor, query, req, reply }) => {
      const q = parseAuditQuery(query ?? {}, 200);
      const { entries, next } = await listAuditLog(db, actor, q);
      return reply.type('text/html').send(auditPage({ actor, csrf: req.csrf, lang: req.lang, entries, action: q.actionPrefix, next }));
    },
  }),
];
