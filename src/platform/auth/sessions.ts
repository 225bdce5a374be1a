/**
 * @module platform/auth/sessions
 * Browser sessions and API tokens (the Lucia-guide pattern): the cookie holds a random token; the database
 * holds only its SHA-256, the user, a per-session CSRF token, and the idle and absolute expiry. A session is
 * extended while used and dies after `sessionIdleSeconds` of silence or `sessionMaxSeconds` in all. API tokens
 * (`dfs_…`, sent as `Authorization: Bearer`) act as their user, without CSRF (no cookie is involved).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { Db, Queryable } from '../db/db.js';
import type { PlatformConfig } from '../http/context.js';
import type { Actor, Role } from '../types.js';
import { newToken, tokenHash } from './secrets.js';

export const SESSION_COOKIE = 'dfslab_session';
export const TOKEN_PREFIX = 'dfs_';

interface UserRow {
  id: string;
  org_id: string;
  role: Role;
  provider_id: string | null;
  email: string;
  name: string;
  status: string;
}

export function cookieOptions(config: PlatformConfig, maxAgeSeconds: number): CookieSerializeOptions {
  return { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies, maxAge: maxAgeSeconds };
}

export interface Resolved {
  actor: Actor;
  csrf?: string;
  refreshCookie?: { value: string; options: CookieSerializeOptions };
}

function actorOf(u: UserRow, via: Actor['via']): Actor {
  return { userId: u.id, orgId: u.org_id, role: u.role, providerId: u.provider_id, email: u.email, name: u.name, via };
}

/**
 * A session's last activity (its idle expiry) and a token's last use are written at most this often (s): a
 * read must not be a write each time (every page and API call would wait for a flush to disk).
 */
const TOUCH_EVERY_SECONDS = 60;

/** The caller of a request, from its API token or session cookie; undefined when anonymous or expired. */
export async function resolveActor(db: Db, config: PlatformConfig, req: FastifyRequest): Promise<Resolved | undefined> {
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) {
    const token = auth.slice(7).trim();
    if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return undefined;
    const hash = tokenHash(token);
    const row = await db.one<UserRow & { token_id: string; stale: boolean }>(
      `select u.id, u.org_id, u.role, u.provider_id, u.email, u.name, u.status, t.id as token_id,
              (t.last_used_at is null or t.last_used_at < now() - make_interval(secs => $2)) as stale
         from api_tokens t join users u on u.id = t.user_id
        where t.token_hash = $1 and t.revoked_at is null and (t.expires_at is null or t.expires_at > now()) and u.status = 'active'`,
      [hash, TOUCH_EVERY_SECONDS],
    );
    if (row?.stale) await db.query('update api_tokens set last_used_at = now() where id = $1', [row.token_id]);
    return row ? { actor: actorOf(row, 'token') } : undefined;
  }
  const cookie = req.cookies?.[SESSION_COOKIE];
  if (!cookie || cookie.length > 200) return undefined;
  const hash = tokenHash(cookie);
  const row = await db.one<UserRow & { csrf: string; expires_at: Date; stale: boolean }>(
    `select u.id, u.org_id, u.role, u.provider_id, u.email, u.name, u.status, s.csrf, s.expires_at,
            s.last_seen_at < now() - make_interval(secs => $3) as stale
       from sessions s join users u on u.id = s.user_id
      where s.id_hash = $1 and s.expires_at > now() and s.last_seen_at > now() - make_interval(secs => $2) and u.status = 'active'`,
    [hash, config.sessionIdleSeconds, TOUCH_EVERY_SECONDS],
  );
  if (!row) return undefined;
  if (row.stale) await db.query('update sessions set last_seen_at = now() where id_hash = $1', [hash]);
  const left = Math.max(0, Math.floor((row.expires_at.getTime() - Date.now()) / 1000));
  return {
    actor: actorOf(row, 'session'),
    csrf: row.csrf,
    refreshCookie: { value: cookie, options: cookieOptions(config, Math.min(left, config.sessionIdleSeconds)) },
  };
}

/** Starts a browser session for a user; returns the cookie value (shown to the browser only). */
export async function createSession(q: Queryable, config: PlatformConfig, userId: string, meta: { ip?: string; userAgent?: string }): Promise<string> {
  const token = newToken(20);
  await q.query(
    `insert into sessions (id_hash, user_id, csrf, expires_at, ip, user_agent) values ($1, $2, $3, now() + make_interval(secs => $4), $5, $6)`,
    [tokenHash(token), userId, newToken(18), config.sessionMaxSeconds, meta.ip ?? null, (meta.userAgent ?? '').slice(0, 300) || null],
  );
  return token;
}

export async function destroySession(q: Queryable, cookieValue: string | undefined): Promise<void> {
  if (cookieValue) await q.query('delete from sessions where id_hash = $1', [tokenHash(cookieValue)]);
}

/** Ends every session of a user (password change, disable, role change). */
export async function destroyUserSessions(q: Queryable, userId: string): Promise<void> {
  await q.query('delete from sessions where user_id = $1', [userId]);
}

/** A new API token for a user: the secret is returned once; only its hash and a short prefix are stored. */
export async function createApiToken(q: Queryable, actor: Pick<Actor, 'userId' | 'orgId'>, name: string, expiresInDays?: number): Promise<{ id: string; token: string }> {
  const token = `${TOKEN_PREFIX}${newToken(24)}`;
  const id = randomUUID();
  await q.query(
    `insert into api_tokens (id, org_id, user_id, name, token_hash, prefix, expires_at)
     values ($1, $2, $3, $4, $5, $6, case when $7::int is null then null else now() + make_interval(days => $7::int) end)`,
    [id, actor.orgId, actor.userId, name, tokenHash(token), token.slice(0, 10), expiresInDays ?? null],
  );
  return { id, token };
}
