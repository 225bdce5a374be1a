/**
 * @module platform/services/accounts
 * Setting up the first administrator, logging in (with per-account lockout and per-address rate limiting,
 * both kept in the database so they hold across restarts and servers), and the setup link printed at start.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/db.js';
import type { PlatformConfig } from '../http/context.js';
import { badRequest, HttpError } from '../http/routes.js';
import { recordAudit } from '../audit-log.js';
import { decoyHash, hashPassword, newToken, passwordProblem, tokenHash, verifyPassword } from '../auth/secrets.js';
import { createSession } from '../auth/sessions.js';

/** True while no user exists: the platform then only offers the setup page (to holders of the setup link). */
export async function needsSetup(db: Db): Promise<boolean> {
  return (await db.one('select 1 from users limit 1')) === undefined;
}

/** A new one-time setup link (valid 24 h), or undefined when the platform is already set up. */
export async function issueSetupToken(db: Db): Promise<string | undefined> {
  if (!(await needsSetup(db))) return undefined;
  const token = newToken(24);
  await db.query(`insert into one_time_tokens (token_hash, purpose, expires_at) values ($1, 'setup', now() + interval '24 hours')`, [tokenHash(token)]);
  return token;
}

export async function setupTokenValid(db: Db, token: string): Promise<boolean> {
  if (!token || token.length > 100) return false;
  return (await db.one(`select 1 from one_time_tokens where token_hash = $1 and purpose = 'setup' and used_at is null and expires_at > now()`, [tokenHash(token)])) !== undefined;
}

export interface SetupInput {
  token: string;
  orgName: string;
  country?: string;
  name: string;
  email: string;
  password: string;
}

export function slugOf(name: string): string {
  const s = name.normalize('NFKD').replace(/[^\w\s-]/g, '').trim().toLowerCase().replace(/[\s_-]+/g, '-').slice(0, 40);
  return s || 'lab';
}

export function validEmail(email: string): boolean {
  return email.length <= 254 && /^[^\s@<>"']+@[^\s@<>"']+\.[^\s@<>"']+$/.test(email);
}

/** Creates the lab (organisation) and its first administrator, and logs them in. */
export async function completeSetup(db: Db, config: PlatformConfig, input: SetupInput, meta: { ip?: string; userAgent?: string }): Promise<{ cookie: string; orgId: string; userId: string }> {
  if (!validEmail(input.email)) throw badRequest('enter a valid e-mail address');
  const problem = passwordProblem(input.password, input.email);
  if (problem) throw badRequest(problem);
  const hash = await hashPassword(input.password);
  return db.tx(async (q) => {
    const used = await q.query(`update one_time_tokens set used_at = now() where token_hash = $1 and purpose = 'setup' and used_at is null and expires_at > now() returning 1`, [tokenHash(input.token)]);
    if (used.length === 0) throw new HttpError(403, 'setup_link', 'this setup link is invalid, used or expired; restart dfslab serve for a new one');
    if ((await q.query('select 1 from users limit 1')).length) throw new HttpError(409, 'conflict', 'the platform is already set up');
    const orgId = randomUUID();
    const userId = randomUUID();
    await q.query('insert into orgs (id, name, slug, country) values ($1, $2, $3, $4)', [orgId, input.orgName, slugOf(input.orgName), input.country ?? null]);
    await q.query('insert into org_settings (org_id) values ($1)', [orgId]);
    await q.query(`insert into users (id, org_id, email, name, role, password_hash, status) values ($1, $2, $3, $4, 'admin', $5, 'active')`, [userId, orgId, input.email, input.name, hash]);
    await recordAudit(q, { orgId, userId }, { action: 'setup.completed', objectType: 'org', objectId: orgId, detail: { org: input.orgName } }, meta.ip);
    const cookie = await createSession(q, config, userId, meta);
    return { cookie, orgId, userId };
  });
}

export type LoginOutcome = { ok: true; cookie: string } | { ok: false; status: 401 | 429; message: string };

const GENERIC = 'wrong e-mail or password';

/**
 * Checks a password login. Refused (429) when the address made too many failed attempts recently; a user
 * whose failures reach the threshold is locked for `lockoutSeconds` (the message does not say whether the
 * account exists, and unknown users cost the same argon2 verification).
 */
export async function login(db: Db, config: PlatformConfig, email: string, password: string, meta: { ip?: string; userAgent?: string }): Promise<LoginOutcome> {
  const ipKey = `ip:${meta.ip ?? 'unknown'}`;
  const recent = await db.one<{ n: number }>(`select count(*)::int as n from login_attempts where key = $1 and at > now() - make_interval(secs => $2)`, [ipKey, config.loginWindowSeconds]);
  if ((recent?.n ?? 0) >= config.loginRateLimit) {
    return { ok: false, status: 429, message: 'too many failed logins from this address; wait a few minutes and try again' };
  }
  const user = await db.one<{ id: string; org_id: string; password_hash: string | null; status: string; locked: boolean }>(
    `select id, org_id, password_hash, status, coalesce(locked_until > now(), false) as locked from users where lower(email) = lower($1)`,
    [email.slice(0, 254)],
  );
  const good = await verifyPassword(user?.password_hash ?? (await decoyHash()), password);
  const fail = async (message: string, action: string): Promise<LoginOutcome> => {
    await db.tx(async (q) => {
      await q.query('insert into login_attempts (key) values ($1)', [ipKey]);
      if (user) {
        await q.query(
          `update users set failed_logins = failed_logins + 1,
                  locked_until = case when failed_logins + 1 >= $2 then now() + make_interval(secs => $3) else locked_until end
            where id = $1`,
          [user.id, config.lockoutThreshold, config.lockoutSeconds],
        );
      }
      await recordAudit(q, { orgId: user?.org_id ?? null, userId: user?.id ?? null }, { action, detail: { email: email.slice(0, 254) } }, meta.ip);
    });
    return { ok: false, status: 401, message };
  };
  if (!user || user.status !== 'active') return fail(GENERIC, 'login.failed');
  if (user.locked) return fail('this account is locked after too many failed logins; try again later or ask an administrator', 'login.locked');
  if (!good) return fail(GENERIC, 'login.failed');
  const cookie = await db.tx(async (q) => {
    await q.query('update users set failed_logins = 0, locked_until = null where id = $1', [user.id]);
    await recordAudit(q, { orgId: user.org_id, userId: user.id }, { action: 'login' }, meta.ip);
    return createSession(q, config, user.id, meta);
  });
  return { ok: true, cookie };
}
