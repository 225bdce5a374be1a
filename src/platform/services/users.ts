/**
 * @module platform/services/users
 * The accounts of a lab and what they do: invitations (a one-time link, shown once to the administrator,
 * until SMTP exists), the users' administration (role, provider, disable/enable, unlock), a user's own password,
 * and reading the audit log. Every query is bound to the caller's organisation: another lab's user is "not
 * found". Every change writes its audit row in the same transaction.
 *
 * The lab must always keep an active administrator: demoting or disabling the last one is refused (409). The
 * organisation row is locked (`for update`) around that check so that two administrators demoting each other
 * at the same moment cannot both succeed.
 */
import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../db/db.js';
import type { PlatformConfig } from '../http/context.js';
import { recordAudit } from '../audit-log.js';
import { hashPassword, MAX_PASSWORD, newToken, passwordProblem, tokenHash, verifyPassword } from '../auth/secrets.js';
import { createSession } from '../auth/sessions.js';
import { badRequest, conflict, forbidden, HttpError, isUuid, notFound } from '../http/routes.js';
import { ROLES, type Actor, type Role } from '../types.js';
import { validEmail } from './accounts.js';

/** How long an invitation link stays valid. */
export const INVITE_DAYS = 7;

export type UserStatus = 'invited' | 'active' | 'disabled';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  provider_id: string | null;
  provider_name: string | null;
  status: UserStatus;
  failed_logins: number;
  /** Locked now by the login lockout. */
  locked: boolean;
  locked_until: Date | null;
  created_at: Date;
  /** When the newest unused invitation link expires (invited users only). */
  invite_expires_at: Date | null;
}

const USER_SELECT = `select u.id, u.email, u.name, u.role, u.provider_id, p.name as provider_name, u.status, u.failed_logins,
       coalesce(u.locked_until > now(), false) as locked, u.locked_until, u.created_at,
       (select max(t.expires_at) from one_time_tokens t
         where t.user_id = u.id and t.purpose = 'invite' and t.used_at is null and t.expires_at > now()) as invite_expires_at
  from users u left join providers p on p.id = u.provider_id`;

function requireAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw forbidden('only an administrator manages users');
}

export async function listUsers(q: Queryable, actor: Actor): Promise<User[]> {
  requireAdmin(actor);
  return q.query<User>(`${USER_SELECT} where u.org_id = $1 order by lower(u.name), lower(u.email), u.id`, [actor.orgId]);
}

export async function getUser(q: Queryable, actor: Actor, id: string): Promise<User> {
  requireAdmin(actor);
  if (!isUuid(id)) throw notFound('no such user');
  const [u] = await q.query<User>(`${USER_SELECT} where u.org_id = $1 and u.id = $2`, [actor.orgId, id]);
  if (!u) throw notFound('no such user');
  return u;
}

/** Checks a role and, for provider representatives, that the provider is one of the caller's lab. */
async function checkRole(q: Queryable, actor: Actor, role: string, providerId: string | null | undefined): Promise<{ role: Role; providerId: string | null }> {
  if (!(ROLES as readonly string[]).includes(role)) throw badRequest(`role must be one of ${ROLES.join(', ')}`);
  if (role !== 'provider') return { role: role as Role, providerId: null };
  if (!providerId) throw badRequest('a provider representative needs the provider they represent');
  if (!isUuid(providerId) || (await q.query('select 1 from providers where org_id = $1 and id = $2', [actor.orgId, providerId])).length === 0) {
    throw badRequest("choose one of your lab's providers");
  }
  return { role: 'provider', providerId };
}

function checkName(name: string | undefined): string {
  const n = (name ?? '').trim();
  if (!n || n.length > 120) throw badRequest('the user needs a name of at most 120 characters');
  return n;
}

/** Serialises changes that could leave the lab without an administrator (see the module comment). */
async function lockOrg(q: Queryable, orgId: string): Promise<void> {
  await q.query('select id from orgs where id = $1 for update', [orgId]);
}

/** Refuses (409) when no other active administrator than `userId` would remain. */
async function keepAnAdmin(q: Queryable, actor: Actor, userId: string): Promise<void> {
  const [row] = await q.query<{ n: number }>(`select count(*)::int as n from users where org_id = $1 and role = 'admin' and status = 'active' and id <> $2`, [actor.orgId, userId]);
  if ((row?.n ?? 0) === 0) {
    throw conflict(userId === actor.userId ? 'you are the last active administrator of this lab: make someone else an administrator first' : 'this is the last active administrator of the lab');
  }
}

/** Voids the unused invitation links of a user and issues a new one; returns the link (never stored). */
async function issueInvite(q: Queryable, config: PlatformConfig, userId: string): Promise<string> {
  await q.query(`delete from one_time_tokens where user_id = $1 and purpose = 'invite' and used_at is null`, [userId]);
  const token = newToken(24);
  await q.query(`insert into one_time_tokens (token_hash, purpose, user_id, expires_at) values ($1, 'invite', $2, now() + make_interval(days => $3::int))`, [tokenHash(token), userId, INVITE_DAYS]);
  return `${config.publicUrl}/invite?token=${token}`;
}

export interface InviteInput {
  email: string;
  name: string;
  role: string;
  providerId?: string | undefined;
}

export interface Invitation {
  user: User;
  /** The one-time link for the invitee: shown once to the administrator, only its hash is kept. */
  inviteUrl: string;
  /** The e-mail belonged to a user of the lab still invited: their details were updated and the old link voided. */
  reinvited: boolean;
}

/**
 * Invites a user: a user row with status `invited` and a one-time link valid `INVITE_DAYS` days. Inviting again
 * an e-mail address of the lab that has not accepted yet updates that invitation and voids its old link.
 */
export async function inviteUser(q: Queryable, config: PlatformConfig, actor: Actor, input: InviteInput, ip?: string): Promise<Invitation> {
  requireAdmin(actor);
  const email = (input.email ?? '').trim();
  if (!validEmail(email)) throw badRequest('enter a valid e-mail address');
  const name = checkName(input.name);
  const r = await checkRole(q, actor, input.role, input.providerId);
  const [existing] = await q.query<{ id: string; org_id: string; status: string }>('select id, org_id, status from users where lower(email) = lower($1)', [email]);
  let id: string;
  if (existing) {
    // E-mail addresses are unique on the whole platform (they are the login name).
    if (existing.org_id !== actor.orgId || existing.status !== 'invited') throw conflict('a user with this e-mail address already exists');
    id = existing.id;
    await q.query('update users set name = $2, role = $3, provider_id = $4 where id = $1', [id, name, r.role, r.providerId]);
  } else {
    id = randomUUID();
    try {
      await q.query(`insert into users (id, org_id, email, name, role, provider_id, status) values ($1, $2, $3, $4, $5, $6, 'invited')`, [id, actor.orgId, email, name, r.role, r.providerId]);
    } catch (e) {
      if ((e as { code?: string }).code === '23505') throw conflict('a user with this e-mail address already exists');
      throw e;
    }
  }
  const inviteUrl = await issueInvite(q, config, id);
  await recordAudit(q, actor, { action: existing ? 'user.reinvited' : 'user.invited', objectType: 'user', objectId: id, detail: { email, name, role: r.role, providerId: r.providerId } }, ip);
  return { user: await getUser(q, actor, id), inviteUrl, reinvited: !!existing };
}

/** A new invitation link for a user who has not accepted yet (the old link stops working). */
export async function reinviteUser(q: Queryable, config: PlatformConfig, actor: Actor, id: string, ip?: string): Promise<Invitation> {
  const u = await getUser(q, actor, id);
  if (u.status !== 'invited') throw conflict('only a user who has not accepted the invitation yet can get a new link');
  const inviteUrl = await issueInvite(q, config, id);
  await recordAudit(q, actor, { action: 'user.reinvited', objectType: 'user', objectId: id, detail: { email: u.email } }, ip);
  return { user: await getUser(q, actor, id), inviteUrl, reinvited: true };
}

export interface UserChange {
  role?: string | undefined;
  providerId?: string | undefined;
  name?: string | undefined;
}

/** Changes a user's role (and the provider of a provider representative) or name; takes effect at their next request. */
export async function changeUser(q: Queryable, actor: Actor, id: string, change: UserChange, ip?: string): Promise<User> {
  requireAdmin(actor);
  await lockOrg(q, actor.orgId);
  const before = await getUser(q, actor, id);
  const wanted = change.role ?? before.role;
  const r = await checkRole(q, actor, wanted, wanted === 'provider' ? (change.providerId ?? before.provider_id) : null);
  const name = change.name === undefined ? before.name : checkName(change.name);
  if (before.role === 'admin' && r.role !== 'admin' && before.status === 'active') await keepAnAdmin(q, actor, id);
  const roleChanged = r.role !== before.role || r.providerId !== before.provider_id;
  if (!roleChanged && name === before.name) return before;
  await q.query('update users set role = $3, provider_id = $4, name = $5 where org_id = $1 and id = $2', [actor.orgId, id, r.role, r.providerId, name]);
  await recordAudit(
    q,
    actor,
    {
      action: roleChanged ? 'user.role_changed' : 'user.updated',
      objectType: 'user',
      objectId: id,
      detail: { from: { role: before.role, providerId: before.provider_id, name: before.name }, to: { role: r.role, providerId: r.providerId, name } },
    },
    ip,
  );
  return getUser(q, actor, id);
}

/**
 * Disables a user (their sessions end at once; their API tokens and invitation links stop working) or enables
 * them again (back to `invited` when they never chose a password).
 */
export async function setUserEnabled(q: Queryable, actor: Actor, id: string, enabled: boolean, ip?: string): Promise<User> {
  requireAdmin(actor);
  await lockOrg(q, actor.orgId);
  const u = await getUser(q, actor, id);
  if (enabled) {
    if (u.status !== 'disabled') return u;
    await q.query(`update users set status = case when password_hash is null then 'invited' else 'active' end where org_id = $1 and id = $2`, [actor.orgId, id]);
    await recordAudit(q, actor, { action: 'user.enabled', objectType: 'user', objectId: id, detail: { email: u.email } }, ip);
  } else {
    if (u.status === 'disabled') return u;
    if (u.role === 'admin' && u.status === 'active') await keepAnAdmin(q, actor, id);
    await q.query(`update users set status = 'disabled' where org_id = $1 and id = $2`, [actor.orgId, id]);
    await q.query('delete from sessions where user_id = $1', [id]);
    await q.query(`delete from one_time_tokens where user_id = $1 and purpose = 'invite' and used_at is null`, [id]);
    await recordAudit(q, actor, { action: 'user.disabled', objectType: 'user', objectId: id, detail: { email: u.email, previousStatus: u.status } }, ip);
  }
  return getUser(q, actor, id);
}

/** Lifts a login lockout (and forgets the failed attempts). */
export async function unlockUser(q: Queryable, actor: Actor, id: string, ip?: string): Promise<User> {
  const u = await getUser(q, actor, id);
  await q.query('update users set failed_logins = 0, locked_until = null where org_id = $1 and id = $2', [actor.orgId, id]);
  await recordAudit(q, actor, { action: 'user.unlocked', objectType: 'user', objectId: id, detail: { email: u.email, failedLogins: u.failed_logins } }, ip);
  return getUser(q, actor, id);
}

// ---------------------------------------------------------------------------------------------------------
// Accepting an invitation (public: the link is the credential)

export interface PendingInvitation {
  userId: string;
  email: string;
  name: string;
  orgName: string;
}

export const inviteLinkError = (): HttpError => new HttpError(403, 'invite_link', 'this invitation link is invalid, used or expired; ask your lab administrator for a new one');

/** The invitation a link stands for, while it is unused, unexpired and its user still invited. */
export async function pendingInvitation(q: Queryable, token: string): Promise<PendingInvitation | undefined> {
  if (!token || token.length > 100) return undefined;
  const [row] = await q.query<PendingInvitation>(
    `select u.id as "userId", u.email, u.name, o.name as "orgName"
       from one_time_tokens t join users u on u.id = t.user_id join orgs o on o.id = u.org_id
      where t.token_hash = $1 and t.purpose = 'invite' and t.used_at is null and t.expires_at > now() and u.status = 'invited'`,
    [tokenHash(token)],
  );
  return row;
}

/** The invitee chooses a password: the link is used up, the user becomes active and is logged in. */
export async function acceptInvitation(db: Db, config: PlatformConfig, input: { token: string; password: string; confirm?: string | undefined }, meta: { ip?: string; userAgent?: string }): Promise<{ cookie: string; userId: string }> {
  const inv = await pendingInvitation(db, input.token);
  if (!inv) throw inviteLinkError();
  if (input.confirm !== undefined && input.confirm !== input.password) throw badRequest('the two passwords differ');
  const problem = passwordProblem(input.password, inv.email);
  if (problem) throw badRequest(problem);
  const hash = await hashPassword(input.password);
  return db.tx(async (q) => {
    const used = await q.query(`update one_time_tokens set used_at = now() where token_hash = $1 and purpose = 'invite' and user_id = $2 and used_at is null and expires_at > now() returning 1`, [tokenHash(input.token), inv.userId]);
    if (used.length === 0) throw inviteLinkError();
    const [u] = await q.query<{ org_id: string }>(`update users set password_hash = $2, status = 'active', failed_logins = 0, locked_until = null where id = $1 and status = 'invited' returning org_id`, [inv.userId, hash]);
    if (!u) throw inviteLinkError();
    await q.query(`delete from one_time_tokens where user_id = $1 and purpose = 'invite' and used_at is null`, [inv.userId]);
    await recordAudit(q, { orgId: u.org_id, userId: inv.userId }, { action: 'user.invite_accepted', objectType: 'user', objectId: inv.userId, detail: { email: inv.email } }, meta.ip);
    const cookie = await createSession(q, config, inv.userId, meta);
    return { cookie, userId: inv.userId };
  });
}

// ---------------------------------------------------------------------------------------------------------
// One's own account

export interface PasswordChange {
  current: string;
  password: string;
  confirm?: string | undefined;
}

/**
 * Changes the caller's own password. The current password is required (a borrowed browser must not be enough);
 * every other session of the user ends; the session of `keepSessionCookie` stays.
 */
export async function changeOwnPassword(db: Db, actor: Actor, input: PasswordChange, keepSessionCookie: string | undefined, ip?: string): Promise<void> {
  if (actor.via !== 'session') throw forbidden('change your password in the browser, not with an API token');
  const [u] = await db.query<{ email: string; password_hash: string | null }>('select email, password_hash from users where org_id = $1 and id = $2', [actor.orgId, actor.userId]);
  if (!u) throw notFound('no such user');
  if (input.current.length > MAX_PASSWORD || !(await verifyPassword(u.password_hash, input.current))) {
    await recordAudit(db, actor, { action: 'account.password_change_failed', objectType: 'user', objectId: actor.userId }, ip);
    throw badRequest('the current password is wrong');
  }
  if (input.confirm !== undefined && input.confirm !== input.password) throw badRequest('the two new passwords differ');
  const problem = passwordProblem(input.password, u.email);
  if (problem) throw badRequest(problem);
  if (input.password === input.current) throw badRequest('choose a new password different from the current one');
  const hash = await hashPassword(input.password);
  await db.tx(async (q) => {
    await q.query('update users set password_hash = $3 where org_id = $1 and id = $2', [actor.orgId, actor.userId, hash]);
    await q.query('delete from sessions where user_id = $1 and id_hash <> $2', [actor.userId, keepSessionCookie ? tokenHash(keepSessionCookie) : '']);
    await recordAudit(q, actor, { action: 'account.password_changed', objectType: 'user', objectId: actor.userId }, ip);
  });
}

// ---------------------------------------------------------------------------------------------------------
// The audit log (administrators and reviewers)

export interface AuditRow {
  id: number;
  at: Date;
  action: string;
  object_type: string | null;
  object_id: string | null;
  detail: Record<string, unknown>;
  ip: string | null;
  user_id: string | null;
  user_name: string | null;
  user_email: string | null;
}

export const AUDIT_READERS: readonly Role[] = ['admin', 'reviewer'];
export const AUDIT_MAX_LIMIT = 200;

export interface AuditQuery {
  limit?: number;
  /** Only entries with a smaller id (the next page). */
  before?: number;
  /** Only actions starting with this text (`user.`, `login`). */
  actionPrefix?: string;
}

/** Parses `limit`, `before` and `action` of a query string; malformed values are a 400. */
export function parseAuditQuery(query: Record<string, unknown>, defaultLimit = 50): AuditQuery {
  const out: AuditQuery = { limit: defaultLimit };
  const int = (name: string, min: number, max: number): number | undefined => {
    const v = query[name];
    if (v === undefined || v === '') return undefined;
    if (typeof v !== 'string' || !/^\d{1,16}$/.test(v) || Number(v) < min || Number(v) > max) throw badRequest(`"${name}" must be a whole number from ${min} to ${max}`);
    return Number(v);
  };
  const limit = int('limit', 1, AUDIT_MAX_LIMIT);
  if (limit !== undefined) out.limit = limit;
  const before = int('before', 1, Number.MAX_SAFE_INTEGER);
  if (before !== undefined) out.before = before;
  const action = query.action;
  if (action !== undefined && action !== '') {
    if (typeof action !== 'string' || !/^[a-z0-9._-]{1,60}$/.test(action)) throw badRequest('"action" must be the start of an action name (letters, digits, dots, dashes, underscores)');
    out.actionPrefix = action;
  }
  return out;
}

/** The lab's audit entries, newest first, paged by id. `next` is the `before` of the following page. */
export async function listAuditLog(q: Queryable, actor: Actor, o: AuditQuery = {}): Promise<{ entries: AuditRow[]; next: number | null }> {
  if (!AUDIT_READERS.includes(actor.role)) throw forbidden();
  const limit = Math.min(Math.max(o.limit ?? 50, 1), AUDIT_MAX_LIMIT);
  const params: unknown[] = [actor.orgId];
  let where = 'a.org_id = $1';
  if (o.before !== undefined) {
    params.push(o.before);
    where += ` and a.id < $${params.length}`;
  }
  if (o.actionPrefix) {
    // Not LIKE: "_" in action names would be a wildcard.
    params.push(o.actionPrefix);
    where += ` and left(a.action, length($${params.length}::text)) = $${params.length}::text`;
  }
  params.push(limit + 1);
  const rows = await q.query<AuditRow>(
    `select a.id, a.at, a.action, a.object_type, a.object_id, a.detail, a.ip, a.user_id, u.name as user_name, u.email as user_email
       from audit_log a left join users u on u.id = a.user_id
      where ${where} order by a.id desc limit $${params.length}`,
    params,
  );
  const more = rows.length > limit;
  const entries = more ? rows.slice(0, limit) : rows;
  return { entries, next: more ? (entries[entries.length - 1]?.id ?? null) : null };
}
