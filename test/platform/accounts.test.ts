/**
 * From the user's side: a fresh platform prints a setup link; the link creates the lab and its admin once;
 * login, logout, CSRF and the login lockout work, on the embedded database and on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, postgresAvailable } from './databases.js';
import { Client, PASSWORD, setUpAdmin, startTestPlatform, type TestPlatform } from './platform.js';

describe.each(BACKENDS)('accounts on %s', (backend) => {
  let t: TestPlatform | undefined;
  beforeAll(async () => {
    if (backend === 'postgres' && !(await postgresAvailable())) return;
    t = await startTestPlatform(backend, { worker: false, config: { lockoutThreshold: 3, loginRateLimit: 50 } });
  }, 120_000);
  afterAll(async () => t?.stop());

  it('sets up the first admin once through the setup link, then logs in and out', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    expect(t.p.setupUrl).toMatch(/\/setup\?token=/);
    const anon = new Client(t.url);
    expect((await anon.get('/setup?token=wrong')).status).toBe(403);
    expect((await anon.get('/providers')).headers.get('location')).toBe('/login?next=%2Fproviders');
    const admin = await setUpAdmin(t);
    const home = await admin.get('/providers');
    expect(home.status).toBe(200);
    expect(home.text_).toContain('Ada Admin');
    // The link works once.
    expect((await new Client(t.url).get(new URL(t.p.setupUrl!).pathname + new URL(t.p.setupUrl!).search)).status).toBe(302);
    // A form post without the CSRF token is refused; with it, it works.
    expect((await admin.request('POST', '/providers', { form: { name: 'MobiCash', kind: 'mno' }, csrf: false })).status).toBe(403);
    const created = await admin.post('/providers', { name: 'MobiCash', kind: 'mno', country: 'Testland' });
    expect(created.status).toBe(303);
    // Cross-site posts are refused even with the token.
    expect((await admin.request('POST', '/providers', { form: { name: 'Evil', kind: 'mno' }, headers: { origin: 'https://evil.example' } })).status).toBe(403);
    expect((await admin.post('/logout')).status).toBe(303);
    expect((await admin.get('/providers')).status).toBe(302);
    const again = new Client(t.url);
    expect((await again.post('/login', { email: 'ADMIN@lab.test', password: PASSWORD })).status).toBe(303);
  });

  it('locks an account after repeated wrong passwords without telling whether it exists', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const c = new Client(t.url);
    const wrong = await c.post('/login', { email: 'admin@lab.test', password: 'not the password at all' });
    expect(wrong.status).toBe(401);
    expect(wrong.text_).toContain('wrong e-mail or password');
    const nobody = await c.post('/login', { email: 'nobody@lab.test', password: 'not the password at all' });
    expect(nobody.text_).toContain('wrong e-mail or password');
    await c.post('/login', { email: 'admin@lab.test', password: 'still not the password' });
    await c.post('/login', { email: 'admin@lab.test', password: 'and again not it' });
    const locked = await c.post('/login', { email: 'admin@lab.test', password: PASSWORD });
    expect(locked.status).toBe(401);
    expect(locked.text_).toContain('locked');
    const log = await t.p.db.query<{ action: string }>("select action from audit_log where action like 'login%' order by id");
    expect(log.map((r) => r.action)).toContain('login.locked');
  });
});
