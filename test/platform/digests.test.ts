/**
 * Notification digests on both databases, through a fake SMTP server and a clock the tests move (`now` passed to
 * the digest round instead of waiting a day): the user chooses on their account page (or the API) how their
 * notifications reach their mailbox; a daily digest gathers what was not e-mailed into one message, once,
 * not before its period; TLP:AMBER items go as title and link, TLP:RED ones not at all; "each one" users keep
 * their single e-mails and get no digest; "no e-mail" gets nothing; a failing server loses and repeats nothing;
 * two rounds at once send one digest. Plus the text of a digest (grouping, order, cap) as a unit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendMail } from '../../src/platform/services/mailer.js';
import { digestEmail, DIGEST_MAX_ITEMS, sendDueDigests, type DigestItem } from '../../src/platform/services/digests.js';
import { notify, sendQueuedNotifications, startNotificationMailer } from '../../src/platform/services/notifications.js';
import type { PlatformConfig, SmtpConfig } from '../../src/platform/http/context.js';
import { BACKENDS, postgresAvailable } from './databases.js';
import { bodyOf, fakeSmtp, subjectOf } from './fake-smtp.js';
import { page, text } from './page-helpers.js';
import { addUser, loginAs, setUpAdmin, startTestPlatform, type Client, type TestPlatform } from './platform.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe('the text of a digest', () => {
  const at = (h: number) => new Date(Date.UTC(2026, 0, 10, h));
  const item = (id: number, o: Partial<DigestItem> = {}): DigestItem => ({
    id,
    kind: 'assignment',
    title: `Item ${id}`,
    body: null,
    link: `/n/${id}`,
    email_level: 'content',
    created_at: at(id % 24),
    engagement_id: null,
    engagement_title: null,
    ...o,
  });

  it('groups by engagement or kind, newest first, each item as its marking allows', () => {
    const mail = digestEmail('https://lab.test/', 'daily', [
      item(1, { engagement_id: 'e1', engagement_title: 'Audit of Bank A', body: 'Body one' }),
      item(3, { engagement_id: 'e1', engagement_title: 'Audit of Bank A', kind: 'review_requested' }),
      item(2, { kind: 'advisory', title: 'New TLP:AMBER advisory', body: 'the amber content', email_level: 'link-only', engagement_id: 'e1', engagement_title: 'Audit of Bank A' }),
      item(4, { kind: 'advisory', title: 'Red title', body: 'red content', email_level: 'none' }),
    ], at(0))!;
    expect(mail.subject).toBe('[dfslab] Your daily digest: 3 notifications');
    const t = mail.text;
    // The engagement's group (its newest item, 3, is newer than the advisory) comes first, newest first within.
    expect(t.indexOf('== Engagement "Audit of Bank A" ==')).toBeLessThan(t.indexOf('== Advisories =='));
    expect(t.indexOf('- Item 3')).toBeLessThan(t.indexOf('- Item 1'));
    expect(t).toContain('  Body one');
    expect(t).toContain('  Open: https://lab.test/n/1');
    // The AMBER item: title and link, its content off e-mail, and not under the engagement's name.
    expect(t).toMatch(/== Advisories ==\n\n- New TLP:AMBER advisory \(2026-01-10 02:00 UTC\)\n {2}Its marking keeps the content off e-mail: log in to read it\.\n {2}Open: https:\/\/lab\.test\/n\/2/);
    expect(t).not.toContain('the amber content');
    // The RED one: not there at all, not even counted.
    expect(t).not.toMatch(/Red title|red content|more/i);
    expect(t).toContain('https://lab.test/account/email-delivery');
    // Nothing that may be e-mailed: no digest.
    expect(digestEmail('https://lab.test', 'weekly', [item(5, { email_level: 'none' })], at(0))).toBeUndefined();
  });

  it(`lists at most ${DIGEST_MAX_ITEMS} and counts the rest`, () => {
    const many = Array.from({ length: DIGEST_MAX_ITEMS + 5 }, (_, i) => item(i + 1, { created_at: new Date(at(0).getTime() + i * 60_000) }));
    const mail = digestEmail('https://lab.test', 'weekly', many, at(0))!;
    expect(mail.subject).toBe(`[dfslab] Your weekly digest: ${DIGEST_MAX_ITEMS + 5} notifications`);
    expect(mail.text.match(/^- /gm)).toHaveLength(DIGEST_MAX_ITEMS);
    expect(mail.text).toContain(`- Item ${DIGEST_MAX_ITEMS + 5} `);
    expect(mail.text).not.toContain('- Item 5 ');
    expect(mail.text).toContain('And 5 more, in the app: https://lab.test/notifications');
  });
});

describe.each(BACKENDS)('notification digests on %s', (backend) => {
  let t: TestPlatform | undefined;
  let smtp: Awaited<ReturnType<typeof fakeSmtp>>;
  let smtpConfig: SmtpConfig;
  let config: PlatformConfig;
  let orgId: string;
  let n = 0;

  beforeAll(async () => {
    if (backend === 'postgres' && !(await postgresAvailable())) return;
    smtp = await fakeSmtp();
    smtpConfig = { url: `smtp://127.0.0.1:${smtp.port}`, from: 'DFS Lab <lab@regulator.test>' };
    // No SMTP for the server itself: its own mailer stays idle and the tests run the rounds with their clock.
    t = await startTestPlatform(backend, { worker: false });
    config = t.p.context.config;
    await setUpAdmin(t);
    orgId = (await t.p.db.query<{ org_id: string }>("select org_id from users where email = 'admin@lab.test'"))[0]!.org_id;
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
    await smtp?.close();
  });

  const send = (msg: { to: string; subject: string; text: string }) => sendMail(smtpConfig, msg, { timeoutMs: 5000 });
  const digests = (now: number) => sendDueDigests(t!.p.db, config, send, { now: new Date(now) });
  const to = (email: string) => smtp.messages.filter((m) => m.to === email);
  /** A new active user, logged in. */
  const user = async () => {
    const u = await addUser(t!, orgId, 'auditor', { email: `digest-${++n}@lab.test` });
    return { ...u, c: await loginAs(t!, u.email) };
  };
  /** Chooses through the account page's form, like a browser. */
  const choose = async (c: Client, delivery: string) => {
    await c.get('/account/email-delivery');
    const r = await c.post('/account/email-delivery', { delivery });
    expect(r.status).toBe(303);
    return r;
  };
  const emailedAt = async (userId: string) =>
    (await t!.p.db.query<{ title: string; emailed_at: Date | null }>('select title, emailed_at from notifications where user_id = $1 order by id', [userId])).map((r) => [r.title, r.emailed_at !== null]);

  it('chooses on the account page: a form with CSRF, in the page rules, translated; and in the API', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const u = await user();
    const account = await page(u.c, '/account');
    expect(account.status).toBe(200);
    expect(account.html).toContain('href="/account/email-delivery"');
    const before = await page(u.c, '/account/email-delivery');
    expect(before.status).toBe(200);
    expect(before.html).toMatch(/<input type="radio" name="delivery" value="each" required checked>/);
    expect(text(before.html)).toContain('This platform sends no e-mail yet');
    expect(text(before.html)).not.toContain('Your next digest is due');
    // Without the CSRF token: refused, nothing changed.
    expect((await u.c.request('POST', '/account/email-delivery', { form: { delivery: 'daily' }, csrf: false })).status).toBe(403);
    expect((await u.c.get('/api/v1/account/email-delivery')).text_).toBe('{"delivery":"each","nextDigestAt":null}');
    // A bad value: the page again, with why.
    await u.c.get('/account/email-delivery');
    const bad = await u.c.post('/account/email-delivery', { delivery: 'hourly' });
    expect(bad.status).toBe(400);
    expect(text(bad.text_)).toContain('"delivery" must be one of each, daily, weekly, none');
    const started = Date.now();
    const ok = await choose(u.c, 'daily');
    expect(ok.headers.get('location')).toBe('/account/email-delivery?saved=1');
    const after = await page(u.c, '/account/email-delivery?saved=1');
    expect(after.html).toMatch(/<input type="radio" name="delivery" value="daily" required checked>/);
    expect(after.html).not.toMatch(/value="each" required checked/);
    expect(text(after.html)).toContain('Saved.');
    const api = JSON.parse((await u.c.get('/api/v1/account/email-delivery')).text_) as { delivery: string; nextDigestAt: string };
    expect(api.delivery).toBe('daily');
    expect(Date.parse(api.nextDigestAt) - started).toBeGreaterThanOrEqual(DAY - 1000);
    expect(Date.parse(api.nextDigestAt) - started).toBeLessThan(DAY + 60_000);
    expect(text(after.html)).toContain(`Your next digest is due at ${api.nextDigestAt.slice(0, 10)} ${api.nextDigestAt.slice(11, 16)} UTC`);
    // Choosing the same again does not put the digest off; the change is in the audit log once.
    await choose(u.c, 'daily');
    expect(JSON.parse((await u.c.get('/api/v1/account/email-delivery')).text_)).toEqual(api);
    const audit = await t.p.db.query<{ detail: unknown }>("select detail from audit_log where user_id = $1 and action = 'account.email_delivery_changed'", [u.id]);
    expect(audit.map((a) => (typeof a.detail === 'string' ? JSON.parse(a.detail) : a.detail))).toEqual([{ from: 'each', to: 'daily' }]);
    // The API: PUT with JSON, checked.
    const put = await u.c.request('PUT', '/api/v1/account/email-delivery', { json: { delivery: 'weekly' } });
    expect(put.status).toBe(200);
    const weekly = JSON.parse(put.text_) as { delivery: string; nextDigestAt: string };
    expect(weekly.delivery).toBe('weekly');
    expect(Date.parse(weekly.nextDigestAt) - started).toBeGreaterThanOrEqual(7 * DAY - 1000);
    expect((await u.c.request('PUT', '/api/v1/account/email-delivery', { json: { delivery: 'sometimes' } })).status).toBe(400);
    expect((await u.c.request('PUT', '/api/v1/account/email-delivery', { json: { delivery: 'none' } })).text_).toBe('{"delivery":"none","nextDigestAt":null}');
    // In French and in Spanish.
    expect((await u.c.post('/language', { lang: 'fr', next: '/' })).status).toBe(303);
    const fr = text((await page(u.c, '/account/email-delivery')).html);
    expect(fr).toContain('Un récapitulatif quotidien');
    expect(fr).toContain('Notifications par e-mail');
    expect(fr).not.toContain('A weekly digest');
    expect((await u.c.post('/language', { lang: 'es', next: '/' })).status).toBe(303);
    expect(text((await page(u.c, '/account/email-delivery')).html)).toContain('Un resumen semanal');
    // Without logging in: to the login page.
    const anon = await fetch(`${t.url}/account/email-delivery`, { redirect: 'manual' });
    expect([302, 303]).toContain(anon.status);
  });

  it('sends a daily digest of three notifications once its period has passed, and marks them', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const db = t.p.db;
    const u = await user();
    const chosen = Date.now();
    await choose(u.c, 'daily');
    await notify(db, [u.id], { kind: 'assignment', title: 'You are an auditor of "Digest audit"', link: '/engagements/x1', body: 'Plan the tests.' });
    await new Promise((r) => setTimeout(r, 5));
    await notify(db, [u.id], { kind: 'review_requested', title: 'Review requested: finding 12', link: '/engagements/x1/findings/12' });
    await new Promise((r) => setTimeout(r, 5));
    await notify(db, [u.id], { kind: 'assignment', title: 'You are the lead of "Second audit"', link: '/engagements/x2' });
    // The single mailer leaves a digest user's notifications alone.
    await sendQueuedNotifications(db, { ...config, smtp: smtpConfig }, send);
    expect(to(u.email)).toHaveLength(0);
    // Not before the period.
    await digests(chosen + 23 * HOUR);
    expect(to(u.email)).toHaveLength(0);
    expect((await emailedAt(u.id)).every(([, e]) => !e)).toBe(true);
    // After it: one e-mail with the three, grouped, newest first.
    await digests(chosen + DAY + HOUR);
    const [m, ...others] = to(u.email);
    expect(others).toHaveLength(0);
    expect(subjectOf(m!.data)).toBe('[dfslab] Your daily digest: 3 notifications');
    const body = bodyOf(m!.data);
    expect(body).toContain('== Assignments ==');
    expect(body).toContain('== Review requests ==');
    expect(body.indexOf('You are the lead of "Second audit"')).toBeLessThan(body.indexOf('You are an auditor of "Digest audit"'));
    expect(body.indexOf('== Assignments ==')).toBeLessThan(body.indexOf('== Review requests =='));
    expect(body).toContain('  Plan the tests.');
    expect(body).toContain(`Open: ${config.publicUrl}/engagements/x1/findings/12`);
    expect((await emailedAt(u.id)).every(([, e]) => e)).toBe(true);
    // The same round again, or a later one in the same period: nothing more.
    await digests(chosen + DAY + HOUR);
    await digests(chosen + 2 * DAY);
    expect(to(u.email)).toHaveLength(1);
    // The next period: only what is new.
    await notify(db, [u.id], { kind: 'phase', title: 'The engagement moved to reporting' });
    await digests(chosen + 2 * DAY + 2 * HOUR);
    expect(to(u.email)).toHaveLength(2);
    const second = bodyOf(to(u.email)[1]!.data);
    expect(subjectOf(to(u.email)[1]!.data)).toBe('[dfslab] Your daily digest: 1 notification');
    expect(second).toContain('The engagement moved to reporting');
    expect(second).not.toContain('Second audit');
    // A period with nothing new: no e-mail.
    await digests(chosen + 3 * DAY + 3 * HOUR);
    expect(to(u.email)).toHaveLength(2);
  });

  it('lists a TLP:AMBER item as title and link only, and never a TLP:RED one', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const db = t.p.db;
    const u = await user();
    const onlyRed = await user();
    const chosen = Date.now();
    await choose(u.c, 'daily');
    await choose(onlyRed.c, 'daily');
    await notify(db, [u.id], { kind: 'library_document', title: 'A new CLEAR document', body: 'clear body text', link: '/library/c1' });
    await notify(db, [u.id, onlyRed.id], { kind: 'advisory', title: 'New TLP:RED advisory', body: 'RED-SECRET-BODY', link: '/advisories/r1', email: 'none' });
    await notify(db, [u.id], { kind: 'advisory', title: 'New TLP:AMBER advisory', body: 'AMBER-SECRET-BODY', link: '/advisories/a1', email: 'link-only' });
    await digests(chosen + DAY + HOUR);
    const mine = to(u.email);
    expect(mine).toHaveLength(1);
    const body = bodyOf(mine[0]!.data);
    expect(subjectOf(mine[0]!.data)).toBe('[dfslab] Your daily digest: 2 notifications');
    expect(body).toMatch(/- New TLP:AMBER advisory \([^)]*\)\n {2}Its marking keeps the content off e-mail: log in to read it\.\n {2}Open: \S+\/advisories\/a1/);
    expect(body).not.toContain('AMBER-SECRET-BODY');
    expect(body).toContain('clear body text');
    expect(mine[0]!.data).not.toMatch(/RED|advisories\/r1|more/);
    // Someone with only the RED one gets no e-mail at all; the RED notifications stay unsent.
    expect(to(onlyRed.email)).toHaveLength(0);
    expect(await emailedAt(onlyRed.id)).toEqual([['New TLP:RED advisory', false]]);
    expect(await emailedAt(u.id)).toEqual([
      ['A new CLEAR document', true],
      ['New TLP:RED advisory', false],
      ['New TLP:AMBER advisory', true],
    ]);
  });

  it('keeps single e-mails for "each one", sends nothing for "no e-mail" or to a disabled account', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const db = t.p.db;
    const each = await user();
    const none = await user();
    const disabled = await user();
    await choose(each.c, 'each');
    await choose(none.c, 'none');
    await choose(disabled.c, 'daily');
    await db.query("update users set status = 'disabled' where id = $1", [disabled.id]);
    const start = Date.now();
    for (const u of [each, none, disabled]) {
      await notify(db, [u.id], { kind: 'assignment', title: `One for ${u.email}`, link: '/x' });
      await notify(db, [u.id], { kind: 'phase', title: `Two for ${u.email}`, link: '/y' });
    }
    await sendQueuedNotifications(db, { ...config, smtp: smtpConfig }, send);
    await digests(start + 8 * DAY);
    expect(to(each.email).map((m) => subjectOf(m.data)).sort()).toEqual([`[dfslab] One for ${each.email}`, `[dfslab] Two for ${each.email}`]);
    expect(to(none.email)).toHaveLength(0);
    expect(to(disabled.email)).toHaveLength(0);
    expect((await emailedAt(none.id)).every(([, e]) => !e)).toBe(true);
    // The disabled account's digest waits: enabled again, it comes with both.
    await db.query("update users set status = 'active' where id = $1", [disabled.id]);
    await digests(start + 8 * DAY);
    expect(to(disabled.email).map((m) => subjectOf(m.data))).toEqual(['[dfslab] Your daily digest: 2 notifications']);
  });

  it('gives the digest back when the server fails: sent later, whole and once', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const db = t.p.db;
    const a = await user();
    const b = await user();
    const chosen = Date.now();
    await choose(a.c, 'weekly');
    await choose(b.c, 'weekly');
    for (const u of [a, b]) for (const title of ['First', 'Second', 'Third']) await notify(db, [u.id], { kind: 'phase', title: `${title} for ${u.email}` });
    smtp.mailReply = '451 4.3.0 try again later';
    try {
      await expect(digests(chosen + 7 * DAY + HOUR)).rejects.toThrow(/451/);
      await expect(digests(chosen + 7 * DAY + 2 * HOUR)).rejects.toThrow(/451/);
    } finally {
      smtp.mailReply = '250 ok';
    }
    expect(to(a.email)).toHaveLength(0);
    expect(to(b.email)).toHaveLength(0);
    for (const u of [a, b]) expect((await emailedAt(u.id)).every(([, e]) => !e)).toBe(true);
    // Still due next round (the period was given back), with everything.
    await digests(chosen + 7 * DAY + 3 * HOUR);
    await digests(chosen + 7 * DAY + 4 * HOUR);
    for (const u of [a, b]) {
      expect(to(u.email)).toHaveLength(1);
      const body = bodyOf(to(u.email)[0]!.data);
      for (const title of ['First', 'Second', 'Third']) expect(body).toContain(`${title} for ${u.email}`);
      expect((await emailedAt(u.id)).every(([, e]) => e)).toBe(true);
    }
    // A recipient the server refuses for good is skipped (reported), the others still get theirs.
    const refused = await user();
    const fine = await user();
    const chosen2 = Date.now();
    await choose(refused.c, 'daily');
    await choose(fine.c, 'daily');
    await notify(db, [refused.id, fine.id], { kind: 'phase', title: 'Told to both' });
    smtp.refuse.add(refused.email);
    const r = await digests(chosen2 + DAY + HOUR);
    expect(r.refused.map((x) => x.to)).toContain(refused.email);
    expect(to(fine.email)).toHaveLength(1);
    expect(to(refused.email)).toHaveLength(0);
  });

  it('sends one digest when two rounds run at once', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const db = t.p.db;
    const users = [await user(), await user(), await user()];
    const chosen = Date.now();
    for (const u of users) {
      await choose(u.c, 'daily');
      await notify(db, [u.id], { kind: 'phase', title: `Concurrent for ${u.email}` });
      await notify(db, [u.id], { kind: 'assignment', title: `Also for ${u.email}` });
    }
    const rounds = await Promise.all([digests(chosen + DAY + HOUR), digests(chosen + DAY + HOUR), digests(chosen + DAY + 2 * HOUR)]);
    expect(rounds.reduce((s, r) => s + r.sent, 0)).toBeGreaterThanOrEqual(3);
    for (const u of users) {
      expect(to(u.email)).toHaveLength(1);
      expect(subjectOf(to(u.email)[0]!.data)).toBe('[dfslab] Your daily digest: 2 notifications');
    }
  });

  it('sends the digests that are due in the running mailer\'s round', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const db = t.p.db;
    const u = await user();
    await choose(u.c, 'daily');
    await notify(db, [u.id], { kind: 'phase', title: 'Through the mailer' });
    // A day has passed (the clock of the running mailer is the real one).
    await db.query("update users set last_digest_at = last_digest_at - interval '25 hours' where id = $1", [u.id]);
    const mailer = startNotificationMailer(db, { ...config, smtp: smtpConfig }, { intervalMs: 50, log: () => undefined });
    try {
      const end = Date.now() + 10_000;
      while (to(u.email).length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      await mailer.stop();
    }
    expect(to(u.email).map((m) => subjectOf(m.data))).toEqual(['[dfslab] Your daily digest: 1 notification']);
  });
});
