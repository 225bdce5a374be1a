/**
 * From the user's side, on the embedded database and on PostgreSQL: an administrator invites an auditor and a
 * provider representative through the pages, they choose a password through the one-time link and log in;
 * used, voided and expired links fail; role changes, disabling and unlocking take effect at once; the last
 * administrator cannot demote or disable themself; API tokens act as their user on the API only, and stop after
 * revocation or expiry; settings are validated; the audit log lists every change; and an administrator of
 * another lab never sees any of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSlaDays } from '../../src/platform/services/settings.js';
import { BACKENDS, postgresAvailable } from './databases.js';
import { addOrg, addUser, Client, loginAs, PASSWORD, setUpAdmin, startTestPlatform, type TestPlatform } from './platform.js';

const NEW_PASSWORD = 'a quite different passphrase 42';

function inviteToken(html: string): string {
  const m = /\/invite\?token=([A-Za-z0-9_-]+)/.exec(html);
  if (!m) throw new Error(`no invitation link in the page: ${html.slice(0, 500)}`);
  return m[1]!;
}

describe.each(BACKENDS)('users, tokens, settings and audit log on %s', (backend) => {
  let t: TestPlatform | undefined;
  let admin: Client;
  let orgId: string;
  let providerId: string;
  let otherProviderId: string;
  let auditor: Client;
  let auditorId: string;
  let rep: Client;

  const userId = async (email: string): Promise<string> => (await t!.p.db.one<{ id: string }>('select id from users where lower(email) = lower($1)', [email]))!.id;
  const bearer = (token: string, path: string, init: RequestInit = {}) => fetch(`${t!.url}${path}`, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${token}` }, redirect: 'manual' });

  beforeAll(async () => {
    if (backend === 'postgres' && !(await postgresAvailable())) return;
    t = await startTestPlatform(backend, { worker: false, config: { lockoutThreshold: 3, loginRateLimit: 200 } });
    admin = await setUpAdmin(t);
    orgId = (await t.p.db.one<{ org_id: string }>(`select org_id from users where email = 'admin@lab.test'`))!.org_id;
    expect((await admin.get('/users')).status).toBe(200);
    const p = await admin.post('/providers', { name: 'MobiCash', kind: 'mno' });
    providerId = p.headers.get('location')!.split('/').pop()!;
    const p2 = await admin.post('/providers', { name: 'Other Bank', kind: 'bank' });
    otherProviderId = p2.headers.get('location')!.split('/').pop()!;
    await admin.get('/users');
  }, 120_000);
  afterAll(async () => t?.stop());

  it('invites an auditor and a provider representative through the pages; they set a password and log in', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const invited = await admin.post('/users', { email: 'Ann@lab.test', name: 'Ann Auditor', role: 'auditor' });
    expect(invited.status).toBe(200);
    expect(invited.headers.get('cache-control')).toBe('no-store');
    expect(invited.text_).toContain('shown only now');
    const annToken = inviteToken(invited.text_);
    expect(invited.text_).toContain(`${t.url}/invite?token=${annToken}`);
    // The link is shown once: the users page does not show it again.
    const list = await admin.get('/users');
    expect(list.text_).toContain('Ann Auditor');
    expect(list.text_).not.toContain(annToken);
    const row = await t.p.db.one<{ status: string; password_hash: string | null }>(`select status, password_hash from users where email = 'Ann@lab.test'`);
    expect(row).toEqual({ status: 'invited', password_hash: null });

    // A provider representative needs a provider of the lab.
    const noProvider = await admin.post('/users', { email: 'rep@mobicash.test', name: 'Rita Rep', role: 'provider' });
    expect(noProvider.status).toBe(400);
    expect(noProvider.text_).toContain('needs the provider');
    const badProvider = await admin.post('/users', { email: 'rep@mobicash.test', name: 'Rita Rep', role: 'provider', providerId: '6f1c1f38-5e0e-4f5b-9d1a-6a4f3b2c1d0e' });
    expect(badProvider.status).toBe(400);
    expect((await admin.post('/users', { email: 'not-an-email', name: 'X', role: 'auditor' })).status).toBe(400);
    expect((await admin.post('/users', { email: 'x@lab.test', name: 'X', role: 'superuser' })).status).toBe(400);
    const repInvite = await admin.post('/users', { email: 'rep@mobicash.test', name: 'Rita Rep', role: 'provider', providerId });
    expect(repInvite.status).toBe(200);
    const repToken = inviteToken(repInvite.text_);

    // The invitee opens the link and chooses a password.
    const ann = new Client(t.url);
    const form = await ann.get(`/invite?token=${annToken}`);
    expect(form.status).toBe(200);
    expect(form.text_).toContain('Ann Auditor');
    expect(form.text_).toContain('Bank of Testland DFS Lab');
    expect((await ann.post('/invite', { token: annToken, password: 'short', confirm: 'short' })).status).toBe(400);
    const differ = await ann.post('/invite', { token: annToken, password: PASSWORD, confirm: `${PASSWORD}!` });
    expect(differ.status).toBe(400);
    expect(differ.text_).toContain('differ');
    const accepted = await ann.post('/invite', { token: annToken, password: PASSWORD, confirm: PASSWORD });
    expect(accepted.status).toBe(303);
    expect((await ann.get('/providers')).status).toBe(200);
    expect((await ann.get('/account')).text_).toContain('Ann@lab.test');
    // A used link fails.
    expect((await new Client(t.url).get(`/invite?token=${annToken}`)).status).toBe(403);
    expect((await new Client(t.url).post('/invite', { token: annToken, password: NEW_PASSWORD, confirm: NEW_PASSWORD })).status).toBe(403);
    auditor = await loginAs(t, 'ann@lab.test');
    await auditor.get('/account');
    auditorId = await userId('ann@lab.test');

    const r = new Client(t.url);
    expect((await r.post('/invite', { token: repToken, password: PASSWORD, confirm: PASSWORD })).status).toBe(303);
    rep = await loginAs(t, 'rep@mobicash.test');
    await rep.get('/account');
    // The representative sees only their provider, and not the users.
    expect(JSON.parse((await rep.get('/api/v1/providers')).text_).providers.map((p: { id: string }) => p.id)).toEqual([providerId]);
    expect((await rep.get('/users')).status).toBe(403);
    expect((await rep.get('/api/v1/users')).status).toBe(403);
    expect((await rep.get(`/api/v1/users/${auditorId}`)).status).toBe(403);
    expect((await rep.get('/api/v1/settings')).status).toBe(403);
    expect((await rep.get('/audit')).status).toBe(403);
    expect((await rep.get('/settings/tokens')).status).toBe(200);
  });

  it('voids the old link when re-inviting, refuses expired links and taken addresses', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const first = inviteToken((await admin.post('/users', { email: 'late@lab.test', name: 'Lee Late', role: 'reviewer' })).text_);
    const again = await admin.post('/users', { email: 'LATE@lab.test', name: 'Lee Later', role: 'readonly' });
    expect(again.status).toBe(200);
    const second = inviteToken(again.text_);
    expect(second).not.toBe(first);
    expect((await new Client(t.url).get(`/invite?token=${first}`)).status).toBe(403);
    const ok = await new Client(t.url).get(`/invite?token=${second}`);
    expect(ok.status).toBe(200);
    expect(ok.text_).toContain('Lee Later');
    const lateId = await userId('late@lab.test');
    expect((await t.p.db.one<{ role: string }>('select role from users where id = $1', [lateId]))!.role).toBe('readonly');
    // The API and the user's page make new links too (the old one stops working).
    const api = await admin.request('POST', `/api/v1/users/${lateId}/invite`);
    expect(api.status).toBe(200);
    const third = new URL(JSON.parse(api.text_).inviteUrl as string).searchParams.get('token')!;
    expect((await new Client(t.url).get(`/invite?token=${second}`)).status).toBe(403);
    const page = await admin.post(`/users/${lateId}/invite`);
    expect(page.status).toBe(200);
    const fourth = inviteToken(page.text_);
    expect((await new Client(t.url).get(`/invite?token=${third}`)).status).toBe(403);
    // An expired link fails.
    await t.p.db.query(`update one_time_tokens set expires_at = now() - interval '1 minute' where user_id = $1 and used_at is null`, [lateId]);
    expect((await new Client(t.url).get(`/invite?token=${fourth}`)).status).toBe(403);
    expect((await new Client(t.url).post('/invite', { token: fourth, password: PASSWORD, confirm: PASSWORD })).status).toBe(403);
    expect((await new Client(t.url).get('/invite?token=')).status).toBe(403);
    // An address already in use (active here, or of another lab) is refused.
    expect((await admin.post('/users', { email: 'ann@lab.test', name: 'Ann Again', role: 'auditor' })).status).toBe(409);
    expect((await admin.request('POST', '/api/v1/users', { json: { email: 'admin@lab.test', name: 'Me', role: 'auditor' } })).status).toBe(409);
    // Only invited users get new links.
    expect((await admin.request('POST', `/api/v1/users/${auditorId}/invite`)).status).toBe(409);
    // The API invites too (201, link in the response).
    const viaApi = await admin.request('POST', '/api/v1/users', { json: { email: 'api@lab.test', name: 'Api Person', role: 'lead' } });
    expect(viaApi.status).toBe(201);
    const body = JSON.parse(viaApi.text_);
    expect(body.inviteUrl).toMatch(/\/invite\?token=/);
    expect(body.user).toMatchObject({ email: 'api@lab.test', role: 'lead', status: 'invited' });
    expect(body.user.password_hash).toBeUndefined();
  });

  it('applies a role change at once and a disabled user loses their session immediately', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    expect((await auditor.post('/providers', { name: 'Auditor Made', kind: 'bank' })).status).toBe(403);
    const promote = await admin.request('PATCH', `/api/v1/users/${auditorId}`, { json: { role: 'lead' } });
    expect(promote.status).toBe(200);
    expect(JSON.parse(promote.text_).user.role).toBe('lead');
    expect((await auditor.post('/providers', { name: 'Lead Made', kind: 'bank' })).status).toBe(303);
    // Back to auditor through the page.
    expect((await admin.post(`/users/${auditorId}`, { name: 'Ann Auditor', role: 'auditor' })).status).toBe(303);
    expect((await auditor.post('/providers', { name: 'Auditor Made 2', kind: 'bank' })).status).toBe(403);
    // Moving a provider representative to another provider of the lab; a bad role is refused.
    const repId = await userId('rep@mobicash.test');
    expect((await admin.request('PATCH', `/api/v1/users/${repId}`, { json: { providerId: otherProviderId } })).status).toBe(200);
    expect(JSON.parse((await rep.get('/api/v1/providers')).text_).providers.map((p: { id: string }) => p.id)).toEqual([otherProviderId]);
    expect((await admin.request('PATCH', `/api/v1/users/${repId}`, { json: { providerId } })).status).toBe(200);
    expect((await admin.request('PATCH', `/api/v1/users/${auditorId}`, { json: { role: 'root' } })).status).toBe(400);
    expect((await admin.request('PATCH', `/api/v1/users/${auditorId}`, { json: { role: 'provider' } })).status).toBe(400);

    // Disable (page): the session stops working at once, and so does logging in; enable brings it back.
    const second = await loginAs(t, 'ann@lab.test');
    expect((await admin.post(`/users/${auditorId}/disable`)).status).toBe(303);
    expect((await auditor.get('/providers')).status).toBe(302);
    expect((await second.get('/api/v1/providers')).status).toBe(401);
    expect((await new Client(t.url).post('/login', { email: 'ann@lab.test', password: PASSWORD })).status).toBe(401);
    expect((await admin.get(`/users/${auditorId}`)).text_).toContain('disabled');
    expect((await admin.post(`/users/${auditorId}/enable`)).status).toBe(303);
    auditor = await loginAs(t, 'ann@lab.test');
    await auditor.get('/account');
    expect((await auditor.get('/providers')).status).toBe(200);
  });

  it('unlocks a locked account', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const c = new Client(t.url);
    for (let i = 0; i < 3; i++) await c.post('/login', { email: 'ann@lab.test', password: 'definitely wrong password' });
    expect((await c.post('/login', { email: 'ann@lab.test', password: PASSWORD })).text_).toContain('locked');
    expect(JSON.parse((await admin.get(`/api/v1/users/${auditorId}`)).text_).user.locked).toBe(true);
    const unlocked = await admin.request('POST', `/api/v1/users/${auditorId}/unlock`);
    expect(unlocked.status).toBe(200);
    expect(JSON.parse(unlocked.text_).user).toMatchObject({ locked: false, failed_logins: 0 });
    expect((await c.post('/login', { email: 'ann@lab.test', password: PASSWORD })).status).toBe(303);
  });

  it('keeps an active administrator: the last one cannot demote or disable themself', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const me = await userId('admin@lab.test');
    const demote = await admin.request('PATCH', `/api/v1/users/${me}`, { json: { role: 'lead' } });
    expect(demote.status).toBe(409);
    expect(JSON.parse(demote.text_).error.message).toContain('last active administrator');
    expect((await admin.request('POST', `/api/v1/users/${me}/disable`)).status).toBe(409);
    const page = await admin.post(`/users/${me}`, { name: 'Ada Admin', role: 'auditor' });
    expect(page.status).toBe(409);
    expect(page.text_).toContain('last active administrator');
    expect((await admin.post(`/users/${me}/disable`)).status).toBe(409);
    expect((await admin.get('/users')).status).toBe(200);
    // With a second active administrator, one of them may step down; then the other is the last again.
    const second = await addUser(t, orgId, 'admin', { email: 'second-admin@lab.test' });
    const other = await loginAs(t, second.email);
    await other.get('/account');
    expect((await other.request('PATCH', `/api/v1/users/${second.id}`, { json: { role: 'lead' } })).status).toBe(200);
    expect((await admin.request('PATCH', `/api/v1/users/${me}`, { json: { role: 'lead' } })).status).toBe(409);
    expect((await t.p.db.one<{ n: number }>(`select count(*)::int as n from users where org_id = $1 and role = 'admin' and status = 'active'`, [orgId]))!.n).toBe(1);
    // Non-administrators cannot manage users at all.
    expect((await auditor.get('/users')).status).toBe(403);
    expect((await auditor.request('PATCH', `/api/v1/users/${auditorId}`, { json: { role: 'admin' } })).status).toBe(403);
  });

  it('API tokens act as their user on the API only, and stop after revocation or expiry', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const made = await auditor.request('POST', '/api/v1/tokens', { json: { name: 'CI pipeline', expiresInDays: 30 } });
    expect(made.status).toBe(201);
    const { token, secret } = JSON.parse(made.text_) as { token: { id: string; prefix: string; expires_at: string; state: string }; secret: string };
    expect(secret).toMatch(/^dfs_/);
    expect(secret.startsWith(token.prefix)).toBe(true);
    expect(token.state).toBe('active');
    const days = (new Date(token.expires_at).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(30.1);

    const ok = await bearer(secret, '/api/v1/providers');
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { providers: unknown[] }).providers.length).toBeGreaterThan(0);
    expect(((await (await bearer(secret, '/api/v1/account')).json()) as { user: { email: string }; via: string })).toMatchObject({ user: { email: 'Ann@lab.test' }, via: 'token' });
    // Refused on pages, and a token cannot mint tokens.
    expect((await bearer(secret, '/providers')).status).toBe(403);
    expect((await bearer(secret, '/settings/tokens')).status).toBe(403);
    expect((await bearer(secret, '/api/v1/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'child' }) })).status).toBe(403);
    // The token acts with its user's role: an auditor's token cannot create providers.
    expect((await bearer(secret, '/api/v1/providers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Via Token', kind: 'bank' }) })).status).toBe(403);

    // Listing never shows secrets; last use is recorded.
    const mine = JSON.parse((await auditor.get('/api/v1/tokens')).text_).tokens as Array<Record<string, unknown>>;
    expect(mine).toHaveLength(1);
    expect(mine[0]!.last_used_at).not.toBeNull();
    expect(JSON.stringify(mine)).not.toContain(secret);
    expect(mine[0]!.token_hash).toBeUndefined();
    expect((await auditor.get('/api/v1/tokens?all=1')).status).toBe(403);
    const all = JSON.parse((await admin.get('/api/v1/tokens?all=1')).text_).tokens as Array<{ id: string }>;
    expect(all.map((x) => x.id)).toContain(token.id);
    // Another user's token is not found for a non-administrator.
    const repMade = JSON.parse((await rep.request('POST', '/api/v1/tokens', { json: { name: 'provider CI' } })).text_) as { token: { id: string; expires_at: string | null }; secret: string };
    expect(repMade.token.expires_at).toBeNull();
    expect((await auditor.request('DELETE', `/api/v1/tokens/${repMade.token.id}`)).status).toBe(404);
    expect((await auditor.request('DELETE', '/api/v1/tokens/not-a-uuid')).status).toBe(404);
    const repOwn = JSON.parse((await bearer(repMade.secret, '/api/v1/providers').then((r) => r.text()))).providers as Array<{ id: string }>;
    expect(repOwn.map((p) => p.id)).toEqual([providerId]);

    // Validation of the expiry and name.
    for (const bad of [0, 366, 1.5, -3, '10 days', true]) {
      expect((await auditor.request('POST', '/api/v1/tokens', { json: { name: 'x', expiresInDays: bad } })).status, String(bad)).toBe(400);
    }
    expect((await auditor.request('POST', '/api/v1/tokens', { json: { name: '   ' } })).status).toBe(400);
    expect((await auditor.request('POST', '/api/v1/tokens', { json: { name: 'x'.repeat(101) } })).status).toBe(400);

    // Revoked: stops at once.
    expect((await auditor.request('DELETE', `/api/v1/tokens/${token.id}`)).status).toBe(200);
    expect((await bearer(secret, '/api/v1/providers')).status).toBe(401);
    expect(JSON.parse((await auditor.get('/api/v1/tokens')).text_).tokens[0].state).toBe('revoked');

    // Expired: stops.
    const short = JSON.parse((await auditor.request('POST', '/api/v1/tokens', { json: { name: 'short', expiresInDays: '1' } })).text_) as { token: { id: string }; secret: string };
    expect((await bearer(short.secret, '/api/v1/providers')).status).toBe(200);
    await t.p.db.query(`update api_tokens set expires_at = now() - interval '1 second' where id = $1`, [short.token.id]);
    expect((await bearer(short.secret, '/api/v1/providers')).status).toBe(401);

    // Through the page: the secret is shown once; the admin revokes it from the lab's list.
    const page = await auditor.post('/settings/tokens', { name: 'From the page', expiresInDays: '' });
    expect(page.status).toBe(200);
    const pageSecret = /value="(dfs_[A-Za-z0-9_-]+)"/.exec(page.text_)![1]!;
    expect((await bearer(pageSecret, '/api/v1/providers')).status).toBe(200);
    expect((await auditor.get('/settings/tokens')).text_).not.toContain(pageSecret);
    expect((await auditor.post('/settings/tokens', { name: 'bad', expiresInDays: '400' })).status).toBe(400);
    const pageTokenId = (await t.p.db.one<{ id: string }>(`select id from api_tokens where name = 'From the page'`))!.id;
    expect((await admin.get('/settings/tokens')).text_).toContain('From the page');
    expect((await admin.post(`/settings/tokens/${pageTokenId}/revoke`)).status).toBe(303);
    expect((await bearer(pageSecret, '/api/v1/providers')).status).toBe(401);

    // A disabled user's tokens stop too.
    const repId = await userId('rep@mobicash.test');
    expect((await admin.request('POST', `/api/v1/users/${repId}/disable`)).status).toBe(200);
    expect((await bearer(repMade.secret, '/api/v1/providers')).status).toBe(401);
    expect((await admin.request('POST', `/api/v1/users/${repId}/enable`)).status).toBe(200);
    expect((await bearer(repMade.secret, '/api/v1/providers')).status).toBe(200);
  });

  it('changes one own password with the current one, ending the other sessions', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const other = await loginAs(t, 'ann@lab.test');
    const wrong = await auditor.post('/account/password', { current: 'not my password!!', password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(wrong.status).toBe(400);
    expect(wrong.text_).toContain('current password is wrong');
    expect((await auditor.post('/account/password', { current: PASSWORD, password: 'tooshort', confirm: 'tooshort' })).status).toBe(400);
    expect((await auditor.post('/account/password', { current: PASSWORD, password: NEW_PASSWORD, confirm: 'something else entirely' })).status).toBe(400);
    const done = await auditor.post('/account/password', { current: PASSWORD, password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(done.status).toBe(303);
    expect((await auditor.get('/account?changed=password')).text_).toContain('password was changed');
    expect((await other.get('/providers')).status).toBe(302);
    expect((await new Client(t.url).post('/login', { email: 'ann@lab.test', password: PASSWORD })).status).toBe(401);
    auditor = await loginAs(t, 'ann@lab.test', NEW_PASSWORD);
    await auditor.get('/account');
  });

  it('validates the SLA settings; admins and leads change them, staff read them', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const defaults = { critical: 7, high: 30, medium: 90, low: 180, info: 365 };
    expect(JSON.parse((await auditor.get('/api/v1/settings')).text_)).toEqual({ slaDays: defaults });
    expect((await auditor.request('PUT', '/api/v1/settings', { json: { slaDays: defaults } })).status).toBe(403);
    expect((await auditor.get('/settings')).status).toBe(200);
    const bad: unknown[] = [
      { ...defaults, critical: 0 },
      { ...defaults, info: 3651 },
      { ...defaults, high: 1.5 },
      { ...defaults, medium: '90' + 'x' },
      { ...defaults, low: null },
      { critical: 7, high: 30, medium: 90, low: 180 },
      { ...defaults, urgent: 1 },
      { ...defaults, critical: 60 },
      [7, 30, 90, 180, 365],
      'fast',
    ];
    for (const slaDays of bad) {
      expect((await admin.request('PUT', '/api/v1/settings', { json: { slaDays } })).status, JSON.stringify(slaDays)).toBe(400);
    }
    expect((await admin.request('PUT', '/api/v1/settings', { json: {} })).status).toBe(400);
    expect(await getSlaDays(t.p.db, orgId)).toEqual(defaults);
    const next = { critical: 3, high: 14, medium: 60, low: 120, info: 3650 };
    const put = await admin.request('PUT', '/api/v1/settings', { json: { slaDays: next } });
    expect(put.status).toBe(200);
    expect(JSON.parse(put.text_)).toEqual({ slaDays: next });
    expect(await getSlaDays(t.p.db, orgId)).toEqual(next);
    // A lead may change them too, through the form; a refused form keeps what was typed.
    const lead = await addUser(t, orgId, 'lead');
    const leadClient = await loginAs(t, lead.email);
    await leadClient.get('/settings');
    const refused = await leadClient.post('/settings', { critical: '10', high: '5', medium: '60', low: '120', info: '365' });
    expect(refused.status).toBe(400);
    expect(refused.text_).toContain('cannot get more days');
    expect(refused.text_).toContain('value="10"');
    expect((await leadClient.post('/settings', { critical: '5', high: '15', medium: '45', low: '90', info: '180' })).status).toBe(303);
    expect(await getSlaDays(t.p.db, orgId)).toEqual({ critical: 5, high: 15, medium: 45, low: 90, info: 180 });
    expect((await auditor.post('/settings', { critical: '1', high: '2', medium: '3', low: '4', info: '5' })).status).toBe(403);
  });

  it('lists every change in the audit log, paged by id and filtered by action', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const all = JSON.parse((await admin.get('/api/v1/audit-log?limit=200')).text_) as { entries: Array<{ id: number; action: string }>; next: number | null };
    const actions = new Set(all.entries.map((e) => e.action));
    for (const a of ['user.invited', 'user.reinvited', 'user.invite_accepted', 'user.role_changed', 'user.disabled', 'user.enabled', 'user.unlocked', 'token.created', 'token.revoked', 'account.password_changed', 'settings.sla_changed']) {
      expect(actions, a).toContain(a);
    }
    const ids = all.entries.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const page1 = JSON.parse((await admin.get('/api/v1/audit-log?limit=5')).text_) as { entries: Array<{ id: number }>; next: number };
    expect(page1.entries).toHaveLength(5);
    expect(page1.next).toBe(page1.entries[4]!.id);
    const page2 = JSON.parse((await admin.get(`/api/v1/audit-log?limit=5&before=${page1.next}`)).text_) as { entries: Array<{ id: number }> };
    expect(page2.entries[0]!.id).toBeLessThan(page1.next);
    expect(page2.entries.map((e) => e.id)).toEqual(ids.slice(5, 10));
    const users = JSON.parse((await admin.get('/api/v1/audit-log?action=user.')).text_) as { entries: Array<{ action: string }> };
    expect(users.entries.length).toBeGreaterThan(0);
    expect(users.entries.every((e) => e.action.startsWith('user.'))).toBe(true);
    // "_" is not a wildcard.
    expect(JSON.parse((await admin.get('/api/v1/audit-log?action=user_')).text_).entries).toEqual([]);
    for (const q of ['limit=0', 'limit=201', 'limit=abc', 'before=-1', 'action=%25', 'action=' + 'a'.repeat(61)]) {
      expect((await admin.get(`/api/v1/audit-log?${q}`)).status, q).toBe(400);
    }
    const pageHtml = await admin.get('/audit?action=token.');
    expect(pageHtml.status).toBe(200);
    expect(pageHtml.text_).toContain('token.revoked');
    expect(pageHtml.text_).not.toContain('user.invited');
    // Reviewers read it; auditors do not.
    const reviewer = await addUser(t, orgId, 'reviewer');
    const rc = await loginAs(t, reviewer.email);
    expect((await rc.get('/api/v1/audit-log')).status).toBe(200);
    expect((await rc.get('/audit')).status).toBe(200);
    expect((await auditor.get('/api/v1/audit-log')).status).toBe(403);
    expect((await auditor.get('/audit')).status).toBe(403);
  });

  it("never shows one lab's users, tokens or audit entries to another lab's administrator", async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const orgB = await addOrg(t, 'Second Lab');
    const adminB = await addUser(t, orgB, 'admin', { email: 'admin@second.test' });
    const b = await loginAs(t, adminB.email);
    await b.get('/account');
    const users = JSON.parse((await b.get('/api/v1/users')).text_).users as Array<{ email: string }>;
    expect(users.map((u) => u.email)).toEqual(['admin@second.test']);
    const page = await b.get('/users');
    expect(page.status).toBe(200);
    expect(page.text_).not.toContain('Ann@lab.test');
    expect((await b.get(`/api/v1/users/${auditorId}`)).status).toBe(404);
    expect((await b.get(`/users/${auditorId}`)).status).toBe(404);
    expect((await b.get('/api/v1/users/not-a-uuid')).status).toBe(404);
    expect((await b.request('PATCH', `/api/v1/users/${auditorId}`, { json: { role: 'readonly' } })).status).toBe(404);
    expect((await b.request('POST', `/api/v1/users/${auditorId}/disable`)).status).toBe(404);
    expect((await b.post(`/users/${auditorId}/disable`)).status).toBe(404);
    expect((await b.request('POST', `/api/v1/users/${auditorId}/unlock`)).status).toBe(404);
    expect((await t.p.db.one<{ status: string; role: string }>('select status, role from users where id = $1', [auditorId]))).toEqual({ status: 'active', role: 'auditor' });
    // Another lab's provider cannot be given to an invitee.
    expect((await b.request('POST', '/api/v1/users', { json: { email: 'spy@second.test', name: 'Spy', role: 'provider', providerId } })).status).toBe(400);
    // Tokens.
    expect(JSON.parse((await b.get('/api/v1/tokens?all=1')).text_).tokens).toEqual([]);
    const tokenA = (await t.p.db.one<{ id: string }>(`select id from api_tokens where org_id = $1 and revoked_at is null limit 1`, [orgId]))!.id;
    expect((await b.request('DELETE', `/api/v1/tokens/${tokenA}`)).status).toBe(404);
    expect((await b.post(`/settings/tokens/${tokenA}/revoke`)).status).toBe(404);
    expect((await b.get('/settings/tokens')).text_).not.toContain('provider CI');
    // Audit log and settings.
    const entries = JSON.parse((await b.get('/api/v1/audit-log?limit=200')).text_).entries as Array<{ action: string; user_email: string | null }>;
    expect(entries.every((e) => e.user_email === 'admin@second.test')).toBe(true);
    expect(entries.map((e) => e.action)).not.toContain('user.invited');
    expect((await b.get('/audit')).text_).not.toContain('Ann@lab.test');
    expect(JSON.parse((await b.get('/api/v1/settings')).text_).slaDays.critical).toBe(7);
  });
});
