/**
 * Notifications on both databases: each user reads and marks only their own (API and page), and the mailer
 * e-mails each queued notification exactly once through a fake SMTP server — not again on later rounds, not
 * twice by two mailers, again after the server failed, never when it is too old or its recipient is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNotificationMailer } from '../../src/platform/services/notifications.js';
import { BACKENDS, postgresAvailable } from './databases.js';
import { fakeSmtp } from './fake-smtp.js';
import { getJson, planEngagement, seedLab, type Lab } from './engagement-fixtures.js';
import { startTestPlatform, type Client, type TestPlatform } from './platform.js';

interface NotificationList {
  notifications: Array<{ id: number; kind: string; title: string; link: string | null; engagement_id: string | null; read_at: string | null }>;
  unread: number;
}

async function until(what: string, ok: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(BACKENDS)('notifications on %s', (backend) => {
  let t: TestPlatform | undefined;
  let lab: Lab;
  let smtp: Awaited<ReturnType<typeof fakeSmtp>>;

  beforeAll(async () => {
    if (backend === 'postgres' && !(await postgresAvailable())) return;
    smtp = await fakeSmtp();
    t = await startTestPlatform(backend, { worker: false, config: { smtp: { url: `smtp://127.0.0.1:${smtp.port}`, from: 'DFS Lab <lab@regulator.test>' } } });
    lab = await seedLab(t);
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
    await smtp?.close();
  });

  const list = async (c: Client, q = '') => (await getJson<NotificationList>(c, `/api/v1/notifications${q}`)).body;
  const read = (c: Client, json: unknown) => c.request('POST', '/api/v1/notifications/read', { json });

  it('shows each user their own notifications only, and marks them read', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    // Planning adds the auditor and the oversight reviewer to the team: each is told.
    const { id } = await planEngagement(lab, { title: 'Notified audit' });
    await planEngagement(lab, { title: 'Second audit' });
    const mine = await list(lab.as.oversight);
    expect(mine.notifications.map((n) => [n.kind, n.title])).toEqual([
      ['assignment', 'You are the reviewer of "Second audit"'],
      ['assignment', 'You are the reviewer of "Notified audit"'],
    ]);
    expect(mine.notifications[1]!.link).toBe(`/engagements/${id}`);
    expect(mine.unread).toBe(2);
    const auditorIds = (await list(lab.as.auditor)).notifications.map((n) => n.id);
    expect(auditorIds).toHaveLength(2);
    // Nobody else sees them, nor can mark them read.
    for (const n of mine.notifications) expect(auditorIds).not.toContain(n.id);
    expect((await list(lab.as.lead)).notifications).toEqual([]);
    const foreign = await read(lab.as.auditor, { ids: mine.notifications.map((n) => n.id) });
    expect(foreign.status).toBe(200);
    expect(JSON.parse(foreign.text_)).toEqual({ marked: 0, unread: 2 });
    expect((await list(lab.as.oversight)).unread).toBe(2);

    // One marked read; the unread filter; then all.
    const one = await read(lab.as.oversight, { ids: [mine.notifications[0]!.id] });
    expect(JSON.parse(one.text_)).toEqual({ marked: 1, unread: 1 });
    const unread = await list(lab.as.oversight, '?unread=1');
    expect(unread.notifications.map((n) => n.id)).toEqual([mine.notifications[1]!.id]);
    expect((await list(lab.as.oversight, '?limit=1')).notifications).toHaveLength(1);
    expect(JSON.parse((await read(lab.as.oversight, { all: true })).text_)).toEqual({ marked: 1, unread: 0 });
    expect((await list(lab.as.oversight)).notifications.every((n) => n.read_at !== null)).toBe(true);
    // The auditor's are untouched.
    expect((await list(lab.as.auditor)).unread).toBe(2);

    // Bad requests are refused with a reason.
    for (const json of [{}, { ids: 'all' }, { ids: [1.5] }, { ids: [-1] }, { ids: ['x'] }]) expect((await read(lab.as.auditor, json)).status, JSON.stringify(json)).toBe(400);
    for (const q of ['?limit=0', '?limit=500', '?limit=x', '?unread=maybe']) expect((await getJson(lab.as.auditor, `/api/v1/notifications${q}`)).status, q).toBe(400);
    // A provider representative has (empty) notifications too.
    expect(await list(lab.as.provider)).toEqual({ notifications: [], unread: 0 });
  });

  it('lists them on a page with links and a "mark all read" form', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const { id } = await planEngagement(lab, { title: 'Paged <audit>' });
    const page = await lab.as.auditor.get('/notifications');
    expect(page.status).toBe(200);
    expect(page.text_).toContain(`href="/engagements/${id}"`);
    expect(page.text_).toContain('You are an auditor of &quot;Paged &lt;audit&gt;&quot;');
    expect(page.text_).toMatch(/\d+ unread/);
    expect(page.text_).toContain('Mark all read');
    expect(page.text_).not.toContain('You are the reviewer');
    // Without the CSRF token the form is refused; with it, everything is read and the page comes back.
    expect((await lab.as.auditor.request('POST', '/notifications/read', { form: { all: '1' }, csrf: false })).status).toBe(403);
    const done = await lab.as.auditor.post('/notifications/read', { all: '1' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/notifications');
    expect((await list(lab.as.auditor)).unread).toBe(0);
    const after = await lab.as.auditor.get('/notifications');
    expect(after.text_).toContain('Nothing unread.');
    expect(after.text_).not.toContain('Mark all read');
    // One at a time, from its own button.
    await planEngagement(lab, { title: 'One more' });
    const n = (await list(lab.as.auditor)).notifications[0]!;
    await lab.as.auditor.get('/notifications');
    expect((await lab.as.auditor.post('/notifications/read', { ids: String(n.id) })).status).toBe(303);
    expect((await list(lab.as.auditor)).unread).toBe(0);
    expect((await lab.as.provider.get('/notifications')).status).toBe(200);
  });

  it('e-mails every queued notification once, with its full link, and retries after a failure', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const db = t.p.db;
    const config = t.p.context.config;
    // An old one is never sent; one for a refused address is given up; the server fails at first.
    const [old] = await db.query<{ id: number }>(
      "insert into notifications (user_id, kind, title, created_at) values ($1, 'phase', 'Too old to mail', now() - interval '4 days') returning id",
      [lab.users.lead.id],
    );
    smtp.refuse.add(lab.users.readonly.email);
    await db.query("insert into notifications (user_id, kind, title) values ($1, 'phase', 'For a refused address')", [lab.users.readonly.id]);
    smtp.mailReply = '451 4.3.0 try again later';
    const logged: string[] = [];
    const mailers = [startNotificationMailer(db, config, { intervalMs: 50, log: (l) => logged.push(l) }), startNotificationMailer(db, config, { intervalMs: 50, log: (l) => logged.push(l) })];
    try {
      await until('the failure to be logged', () => logged.some((l) => /failed \(will retry\).*451/.test(l)));
      expect(smtp.messages).toHaveLength(0);
      const [waiting] = await db.query<{ n: number }>("select count(*)::int as n from notifications where emailed_at is null and created_at > now() - interval '3 days'");
      expect(waiting!.n).toBeGreaterThan(0);

      smtp.mailReply = '250 ok';
      const queued = await db.query<{ id: number; title: string; link: string | null; email: string }>(
        "select n.id, n.title, n.link, u.email from notifications n join users u on u.id = n.user_id where n.created_at > now() - interval '3 days' and u.email <> $1 order by n.id",
        [lab.users.readonly.email],
      );
      expect(queued.length).toBeGreaterThan(3);
      await until('every notification to be mailed', () => smtp.messages.length >= queued.length);
      // A few more rounds of both mailers: nothing is sent twice.
      await new Promise((r) => setTimeout(r, 300));
      expect(smtp.messages).toHaveLength(queued.length);
      for (const n of queued) {
        const m = smtp.messages.filter((x) => x.to === n.email && x.data.includes(`Subject: [dfslab] ${n.title}`));
        expect(m, n.title).toHaveLength(1);
        if (n.link) expect(m[0]!.data).toContain(`${config.publicUrl}${n.link}`);
      }
      expect(smtp.messages.some((m) => m.data.includes('Too old to mail'))).toBe(false);
      expect(logged.some((l) => l.includes(lab.users.readonly.email) && /550/.test(l))).toBe(true);
      const [left] = await db.query<{ n: number }>('select count(*)::int as n from notifications where emailed_at is null and id <> $1', [old!.id]);
      expect(left!.n).toBe(0);
      expect((await db.query<{ emailed_at: Date | null }>('select emailed_at from notifications where id = $1', [old!.id]))[0]!.emailed_at).toBeNull();
      // A new one goes out on the next round.
      await planEngagement(lab, { title: 'Mailed later' });
      await until('the new notifications', () => smtp.messages.some((m) => m.data.includes('Mailed later')));
    } finally {
      await Promise.all(mailers.map((m) => m.stop()));
    }
    // Without SMTP the mailer does nothing.
    const before = smtp.messages.length;
    await db.query("insert into notifications (user_id, kind, title) values ($1, 'phase', 'Not mailed')", [lab.users.lead.id]);
    const idle = startNotificationMailer(db, { ...config, smtp: undefined }, { intervalMs: 20 });
    await new Promise((r) => setTimeout(r, 200));
    await idle.stop();
    expect(smtp.messages).toHaveLength(before);
  });
});
