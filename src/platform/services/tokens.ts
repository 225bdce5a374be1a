/**
 * @module platform/services/tokens
 * API tokens (for CI and scripts): any active user makes tokens for themself, each acting as that user
 * (`Authorization: Bearer dfs_…`). The secret is shown once; the database keeps its SHA-256 and a short prefix
 * to recognise it by. Users see and revoke their own tokens; administrators see and revoke every token of
 * their lab. Another lab's token, or another user's for a non-administrator, is "not found".
 */
import type { Queryable } from '../db/db.js';
import { recordAudit } from '../audit-log.js';
import { createApiToken } from '../auth/sessions.js';
import { badRequest, conflict, forbidden, isUuid, notFound } from '../http/routes.js';
import type { Actor } from '../types.js';

export const TOKEN_MAX_DAYS = 365;
/** Live (unrevoked, unexpired) tokens one user may hold. */
export const TOKENS_PER_USER = 50;

export type TokenState = 'active' | 'expired' | 'revoked';

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  user_id: string;
  user_name: string;
  user_email: string;
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
  state: TokenState;
}

const TOKEN_SELECT = `select t.id, t.name, t.prefix, t.user_id, u.name as user_name, u.email as user_email, t.created_at, t.last_used_at, t.expires_at, t.revoked_at,
       case when t.revoked_at is not null then 'revoked' when t.expires_at is not null and t.expires_at <= now() then 'expired' else 'active' end as state
  from api_tokens t join users u on u.id = t.user_id`;

/** A token's name: required, at most 100 characters, no control characters. */
export function parseTokenName(v: unknown): string {
  if (typeof v !== 'string') throw badRequest('the token needs a name');
  const name = v.trim();
  if (!name) throw badRequest('the token needs a name');
  if (name.length > 100) throw badRequest('the token name may have at most 100 characters');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) throw badRequest('the token name must not contain control characters');
  return name;
}

/**
 * The optional lifetime in days, from a form (text) or JSON (number): a whole number from 1 to 365; empty or
 * absent means the token does not expire.
 */
export function parseExpiryDays(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  const problem = badRequest(`"expiresInDays" must be a whole number of days from 1 to ${TOKEN_MAX_DAYS}, or empty for no expiry`);
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string') {
    const s = v.trim();
    if (s === '') return undefined;
    if (!/^\d{1,3}$/.test(s)) throw problem;
    n = Number(s);
  } else throw problem;
  if (!Number.isInteger(n) || n < 1 || n > TOKEN_MAX_DAYS) throw problem;
  return n;
}

/** The caller's own tokens, or (`scope: 'org'`, administrators only) every token of the lab. Newest first. */
export async function listTokens(q: Queryable, actor: Actor, scope: 'own' | 'org' = 'own'): Promise<ApiToken[]> {
  if (scope === 'org') {
    if (actor.role !== 'admin') throw forbidden("only an administrator sees the lab's tokens");
    return q.query<ApiToken>(`${TOKEN_SELECT} where t.org_id = $1 order by t.created_at desc, t.id`, [actor.orgId]);
  }
  return q.query<ApiToken>(`${TOKEN_SELECT} where t.org_id = $1 and t.user_id = $2 order by t.created_at desc, t.id`, [actor.orgId, actor.userId]);
}

/** One token the caller may see (their own; any of the lab for an administrator). */
export async function getToken(q: Queryable, actor: Actor, id: string): Promise<ApiToken> {
  if (!isUuid(id)) throw notFound('no such token');
  const [t] = await q.query<ApiToken>(`${TOKEN_SELECT} where t.org_id = $1 and t.id = $2 and (t.user_id = $3 or $4::boolean)`, [actor.orgId, id, actor.userId, actor.role === 'admin']);
  if (!t) throw notFound('no such token');
  return t;
}

/**
 * A new token for the caller; the secret is returned once. Refused when the caller is itself a token: a token
 * must not mint others (an expiring token would otherwise outlive itself).
 */
export async function createToken(q: Queryable, actor: Actor, input: { name: unknown; expiresInDays?: unknown }, ip?: string): Promise<{ token: ApiToken; secret: string }> {
  if (actor.via !== 'session') throw forbidden('create API tokens in the browser, not with another token');
  const name = parseTokenName(input.name);
  const days = parseExpiryDays(input.expiresInDays);
  const [live] = await q.query<{ n: number }>(
    `select count(*)::int as n from api_tokens where user_id = $1 and revoked_at is null and (expires_at is null or expires_at > now())`,
    [actor.userId],
  );
  if ((live?.n ?? 0) >= TOKENS_PER_USER) throw conflict(`you already have ${TOKENS_PER_USER} live tokens; revoke some first`);
  const { id, token } = await createApiToken(q, actor, name, days);
  const created = await getToken(q, actor, id);
  await recordAudit(q, actor, { action: 'token.created', objectType: 'token', objectId: id, detail: { name, prefix: created.prefix, expiresInDays: days ?? null } }, ip);
  return { token: created, secret: token };
}

/** Revokes a token (idempotent: revoking a revoked token changes nothing). */
export async function revokeToken(q: Queryable, actor: Actor, id: string, ip?: string): Promise<ApiToken> {
  const t = await getToken(q, actor, id);
  if (t.revoked_at) return t;
  await q.query('update api_tokens set revoked_at = now() where org_id = $1 and id = $2', [actor.orgId, id]);
  await recordAudit(q, actor, { action: 'token.revoked', objectType: 'token', objectId: id, detail: { name: t.name, prefix: t.prefix, owner: t.user_email } }, ip);
  return getToken(q, actor, id);
}
