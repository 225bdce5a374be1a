/**
 * A running platform for tests, on either backend, with a tiny browser-like HTTP client (cookies, CSRF) and
 * helpers to set up the first admin and to add users directly in the database.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '../../src/platform/auth/secrets.js';
import { startPlatform, type RunningPlatform, type StartOptions } from '../../src/platform/server.js';
import type { Role } from '../../src/platform/types.js';
import { createPgDatabase, type Backend } from './databases.js';

export interface TestPlatform {
  p: RunningPlatform;
  url: string;
  dataDir: string;
  /** PostgreSQL URL of this platform's own database (postgres backend only). */
  databaseUrl?: string;
  stop(): Promise<void>;
}

export const PASSWORD = 'correct horse battery staple';

export async function startTestPlatform(backend: Backend, o: Partial<StartOptions> = {}): Promise<TestPlatform> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dfslab-platform-'));
  let databaseUrl: string | undefined;
  let dropDb: (() => Promise<void>) | undefined;
  if (backend === 'postgres') {
    const created = await createPgDatabase();
    databaseUrl = created.url;
    dropDb = created.drop;
  }
  const p = await startPlatform({
    dataDir,
    port: 0,
    ...(databaseUrl ? { databaseUrl } : {}),
    queue: { pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1, ...(o.queue ?? {}) },
    ...o,
  });
  return {
    p,
    url: p.url,
    dataDir,
    ...(databaseUrl ? { databaseUrl } : {}),
    async stop() {
      await p.stop();
      await dropDb?.();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A cookie-keeping HTTP client that sends the page's CSRF token on unsafe requests, like the browser does. */
export class Client {
  cookies = new Map<string, string>();
  csrf: string | undefined;
  constructor(readonly base: string) {}

  async request(method: string, path: string, o: { form?: Record<string, string>; json?: unknown; headers?: Record<string, string>; body?: NonNullable<RequestInit['body']>; csrf?: boolean } = {}): Promise<Response & { text_: string }> {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: NonNullable<RequestInit['body']> | undefined = o.body;
    if (o.form) {
      const f = new URLSearchParams(o.form);
      if (o.csrf !== false && this.csrf && !('_csrf' in o.form)) f.set('_csrf', this.csrf);
      body = f.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (o.json !== undefined) {
      body = JSON.stringify(o.json);
      headers['content-type'] = 'application/json';
      if (o.csrf !== false && this.csrf) headers['x-csrf-token'] = this.csrf;
    } else if (o.csrf !== false && this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    const res = await fetch(`${this.base}${path}`, { method, headers, ...(body !== undefined ? { body } : {}), redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [kv] = c.split(';');
      const i = kv!.indexOf('=');
      const k = kv!.slice(0, i);
      const v = kv!.slice(i + 1);
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(c) || v === '') this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
    const text_ = await res.text();
    const m = /<meta name="csrf-token" content="([^"]+)"/.exec(text_);
    if (m) this.csrf = m[1];
    return Object.assign(res, { text_ });
  }
  get(path: string) {
    return this.request('GET', path);
  }
  post(path: string, form: Record<string, string> = {}) {
    return this.request('POST', path, { form });
  }
}

/** Completes the first-admin setup through the setup link, like a user would; returns the admin's client. */
export async function setUpAdmin(t: TestPlatform, o: { email?: string; org?: string } = {}): Promise<Client> {
  const c = new Client(t.url);
  const link = new URL(t.p.setupUrl!);
  const token = link.searchParams.get('token')!;
  const r = await c.post('/setup', { token, orgName: o.org ?? 'Bank of Testland DFS Lab', country: 'Testland', name: 'Ada Admin', email: o.email ?? 'admin@lab.test', password: PASSWORD });
  if (r.status !== 303) throw new Error(`setup failed: ${r.status} ${r.text_.slice(0, 300)}`);
  await c.get('/');
  return c;
}

/** Adds an organisation with no users (a second lab, for tenancy tests). */
export async function addOrg(t: TestPlatform, name: string): Promise<string> {
  const id = randomUUID();
  await t.p.db.query('insert into orgs (id, name, slug) values ($1, $2, $3)', [id, name, name.toLowerCase().replace(/\W+/g, '-')]);
  await t.p.db.query('insert into org_settings (org_id) values ($1)', [id]);
  return id;
}

/** Adds an active user straight into the database (tests of other areas than invitations). */
export async function addUser(t: TestPlatform, orgId: string, role: Role, o: { email?: string; providerId?: string } = {}): Promise<{ id: string; email: string }> {
  const id = randomUUID();
  const email = o.email ?? `${role}-${id.slice(0, 8)}@lab.test`;
  await t.p.db.query(
    `insert into users (id, org_id, email, name, role, provider_id, password_hash, status) values ($1, $2, $3, $4, $5, $6, $7, 'active')`,
    [id, orgId, email, `${role} user`, role, o.providerId ?? null, await hashPassword(PASSWORD)],
  );
  return { id, email };
}

/** Logs a user in through the login form; returns their client. */
export async function loginAs(t: TestPlatform, email: string, password = PASSWORD): Promise<Client> {
  const c = new Client(t.url);
  const r = await c.post('/login', { email, password });
  if (r.status !== 303) throw new Error(`login failed for ${email}: ${r.status}`);
  await c.get('/');
  return c;
}

/** Waits until the scan is done or failed (polling its row); fails the test after `ms`. */
export async function waitForScan(t: TestPlatform, id: string, ms = 60_000): Promise<{ status: string; attempts: number; error: string | null }> {
  const until = Date.now() + ms;
  for (;;) {
    const row = await t.p.db.one<{ status: string; attempts: number; error: string | null }>('select status, attempts, error from scans where id = $1', [id]);
    if (row && (row.status === 'done' || row.status === 'failed')) return row;
    if (Date.now() > until) throw new Error(`scan ${id} still ${row?.status} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
