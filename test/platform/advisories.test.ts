/**
 * Advisories shared between labs, on both databases: TLP and sharing scope are enforced on every path that
 * reveals content — the pages, the API, full-text search (no hit, no count), exports (404 when unseen, 403 when
 * the TLP forbids the format) and notifications (nobody outside the audience is told; AMBER is e-mailed as a
 * link only, RED not at all). The scenario of the issue: an AMBER advisory shared with one peer lab, which a
 * third lab cannot see, search or export, and an advisory to a supervised provider, which it acknowledges.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notify, sendQueuedNotifications } from '../../src/platform/services/notifications.js';
import { BACKENDS, postgresAvailable } from './databases.js';
import { getJson, seedLab, type Lab } from './engagement-fixtures.js';
import { page, postForm, text } from './page-helpers.js';
import { addUser, loginAs, startTestPlatform, type Client, type TestPlatform } from './platform.js';

interface AdvisoryBody {
  advisory: { id: string; title: string; tlp: string; controls: string[]; scope: { kind: string; orgIds?: string[] } };
  comments?: Array<{ body: string }>;
  acknowledgements: Array<{ providerName: string; acknowledgedAt: string | null; overdue: boolean; late: boolean }>;
}
interface ListBody {
  advisories: Array<{ id: string; title: string; rank: number }>;
  count: number;
}

const future = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe.each(BACKENDS)('advisories on %s', (backend) => {
  let t: TestPlatform | undefined;
  let lab: Lab;
  let thirdOrgId: string;
  /** A representative of a second provider of the owner lab, never in scope below. */
  let otherRep: Client;
  let amberId: string;

  const create = (c: Client, json: Record<string, unknown>) => c.request('POST', '/api/v1/advisories', { json });
  const search = async (c: Client, q: string) => (await getJson<ListBody>(c, `/api/v1/advisories?q=${encodeURIComponent(q)}`)).body;
  const notificationsOf = (orgId: string, advisoryId: string) =>
    t!.p.db.query<{ user_id: string; title: string; body: string | null; email_level: string }>(
      'select n.user_id, n.title, n.body, n.email_level from notifications n join users u on u.id = n.user_id where u.org_id = $1 and n.link like $2',
      [orgId, `/advisories/${advisoryId}%`],
    );

  beforeAll(async () => {
    if (backend === 'postgres' && !(await postgresAvailable())) return;
    t = await startTestPlatform(backend, { worker: false });
    lab = await seedLab(t);
    thirdOrgId = (await t.p.db.one<{ org_id: string }>('select org_id from users where id = $1', [lab.users.outsiderLead.id]))!.org_id;
    const p2 = randomUUID();
    await t.p.db.query("insert into providers (id, org_id, name, kind) values ($1, $2, 'Second Bank', 'bank')", [p2, lab.orgId]);
    otherRep = await loginAs(t, (await addUser(t, lab.orgId, 'provider', { providerId: p2 })).email);
    // The AMBER advisory of the scenario: the lab's lead shares it with one peer lab (the oversight body's).
    const r = await create(lab.as.lead, {
      title: 'SIM swap fraud wave against mobile money agents',
      summary: 'Fraudsters port **victims** numbers and reset wallet PINs over USSD.',
      channel: 'ussd',
      severity: 'high',
      indicators: 'Short code *384*99# used to trigger resets',
      controls: ['APP-01', 'ussd-3'],
      tlp: 'amber',
      scope: 'peers',
      peers: [lab.oversightOrgId],
    });
    expect(r.status, r.text_).toBe(201);
    amberId = (JSON.parse(r.text_) as AdvisoryBody).advisory.id;
  }, 120_000);
  afterAll(async () => t?.stop());

  it('shows an AMBER advisory to the peer lab named, and to nobody else: page, API, search, export, notifications', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    // The owner and the peer see it, with the marking in words.
    for (const c of [lab.as.lead, lab.as.readonly, lab.as.oversight]) {
      const p = await page(c, `/advisories/${amberId}`);
      expect(p.status).toBe(200);
      expect(text(p.html)).toContain('TLP:AMBER — limited to the organisations named');
      expect(text(p.html)).toContain('SIM swap fraud wave');
      const api = await getJson<AdvisoryBody>(c, `/api/v1/advisories/${amberId}`);
      expect(api.status).toBe(200);
      expect(api.body.advisory.controls).toEqual(['APP-01', 'USSD-03']);
      expect((await search(c, 'swapping fraudsters')).advisories.map((a) => a.id)).toContain(amberId);
    }
    // The peer learns the scope's kind, not which other labs received it.
    expect((await getJson<AdvisoryBody>(lab.as.oversight, `/api/v1/advisories/${amberId}`)).body.advisory.scope).toEqual({ kind: 'peers' });
    expect((await getJson<AdvisoryBody>(lab.as.lead, `/api/v1/advisories/${amberId}`)).body.advisory.scope).toEqual({ kind: 'peers', orgIds: [lab.oversightOrgId] });
    // The search page of the peer lists it.
    const found = await page(lab.as.oversight, '/advisories?q=swap');
    expect(found.status).toBe(200);
    expect(found.html).toContain(`/advisories/${amberId}`);

    // The third lab, and the owner's own provider (not in a peers scope): exactly what a missing one gives.
    const missing = randomUUID();
    for (const c of [lab.as.outsiderLead, lab.as.provider]) {
      const none = await c.get(`/advisories/${missing}`);
      const p = await c.get(`/advisories/${amberId}`);
      expect(p.status).toBe(404);
      expect(p.text_.replaceAll(amberId, missing)).toBe(none.text_.replaceAll(missing, missing));
      const api = await getJson(c, `/api/v1/advisories/${amberId}`);
      expect(api).toEqual(await getJson(c, `/api/v1/advisories/${missing}`));
      expect(api.status).toBe(404);
      for (const format of ['json', 'markdown', 'csv']) expect((await c.get(`/api/v1/advisories/${amberId}/export?format=${format}`)).status).toBe(404);
      // No hit and no count: the answer is the same as for words nothing contains.
      expect(await search(c, 'swapping fraudsters')).toEqual(await search(c, 'qwertyuiopasdf'));
      expect((await search(c, 'swap')).count).toBe(0);
      expect(text((await page(c, '/advisories?q=swap')).html)).not.toContain('SIM swap');
      expect(text((await page(c, '/advisories')).html)).not.toContain('SIM swap');
    }

    // Notifications: the peer lab's staff and the owner's (but the author), nobody of the third lab or provider.
    expect(await notificationsOf(thirdOrgId, amberId)).toEqual([]);
    const peerNotes = await notificationsOf(lab.oversightOrgId, amberId);
    expect(peerNotes.map((n) => n.user_id)).toEqual([lab.users.oversight.id]);
    const ownNotes = await notificationsOf(lab.orgId, amberId);
    expect(ownNotes.map((n) => n.user_id)).not.toContain(lab.users.lead.id);
    expect(ownNotes.map((n) => n.user_id)).not.toContain(lab.users.provider.id);
    expect(ownNotes.map((n) => n.user_id)).toContain(lab.users.readonly.id);
    // In the app the notification names the advisory; its e-mail is a link only, without the advisory's words.
    expect(peerNotes[0]!.email_level).toBe('link-only');
    expect(peerNotes[0]!.body).toContain('SIM swap fraud wave');
    expect(peerNotes[0]!.title).not.toContain('SIM swap');
    const inApp = await getJson<{ notifications: Array<{ title: string; link: string }> }>(lab.as.oversight, '/api/v1/notifications');
    expect(inApp.body.notifications.find((n) => n.link === `/advisories/${amberId}`)?.title).toContain('TLP:AMBER');
  });

  it('e-mails AMBER as a link only, RED not at all, CLEAR in full', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const red = await create(lab.as.lead, { title: 'Insider selling agent PINs', summary: 'Named staff only.', channel: 'platform', severity: 'critical', tlp: 'red', scope: 'lab', recipients: [lab.users.auditor.id] });
    expect(red.status, red.text_).toBe(201);
    const redId = (JSON.parse(red.text_) as AdvisoryBody).advisory.id;
    const clear = await create(lab.as.lead, { title: 'Public guidance on OTP phishing', summary: 'Never share your one-time password.', channel: 'sms', severity: 'low', tlp: 'clear', scope: 'community' });
    expect(clear.status, clear.text_).toBe(201);
    const clearId = (JSON.parse(clear.text_) as AdvisoryBody).advisory.id;
    // A notification written without a level (every other part of the platform) keeps the e-mail it had.
    await notify(t.p.db, [lab.users.reviewer.id], { kind: 'phase', title: 'Old-style notice', body: 'Its body goes out.', link: '/engagements' });
    const sent: Array<{ to: string; subject: string; text: string }> = [];
    // Only the mail of the advisories here (other tests' notifications may also be queued).
    await sendQueuedNotifications(t.p.db, t.p.context.config, async (m) => void sent.push(m));
    const mailTo = (email: string, id: string) => sent.filter((m) => m.to === email && m.text.includes(`/advisories/${id}`));
    const amberMail = mailTo(lab.users.oversight.email, amberId);
    expect(amberMail).toHaveLength(1);
    expect(amberMail[0]!.subject).toContain('TLP:AMBER');
    expect(amberMail[0]!.text + amberMail[0]!.subject).not.toMatch(/SIM swap|Fraudsters|victims|\*384\*99#/);
    expect(amberMail[0]!.text).toContain('log in to read it');
    // RED: the recipient has it in the app, and it is never e-mailed.
    expect((await getJson<{ notifications: Array<{ link: string }> }>(lab.as.auditor, '/api/v1/notifications')).body.notifications.map((n) => n.link)).toContain(`/advisories/${redId}`);
    expect(sent.filter((m) => m.text.includes(`/advisories/${redId}`))).toEqual([]);
    const redRows = await t.p.db.query<{ email_level: string; emailed_at: Date | null }>("select email_level, emailed_at from notifications where link = $1", [`/advisories/${redId}`]);
    expect(redRows.map((r) => r.email_level)).toEqual(['none']);
    // CLEAR to the community: the third lab is told, with the content.
    const clearMail = mailTo(lab.users.outsiderLead.email, clearId);
    expect(clearMail).toHaveLength(1);
    expect(clearMail[0]!.text).toContain('Public guidance on OTP phishing');
    expect(clearMail[0]!.text).not.toContain('Its marking keeps');
    const old = sent.filter((m) => m.subject.includes('Old-style notice'));
    expect(old).toHaveLength(1);
    expect(old[0]!.text).toContain('Its body goes out.');
  });

  it('keeps TLP:RED to the named recipients, and refuses a recipient the scope does not reach', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const r = await create(lab.as.lead, { title: 'Red item for the auditor', summary: 'x', channel: 'other', severity: 'medium', tlp: 'red', scope: 'lab', recipients: [lab.users.auditor.id] });
    const id = (JSON.parse(r.text_) as AdvisoryBody).advisory.id;
    expect((await page(lab.as.auditor, `/advisories/${id}`)).status).toBe(200);
    expect((await page(lab.as.lead, `/advisories/${id}`)).status).toBe(200);
    // The lab's own reviewer is not named: not found, and not in a search.
    expect((await lab.as.reviewer.get(`/advisories/${id}`)).status).toBe(404);
    expect((await search(lab.as.reviewer, 'auditor')).advisories.map((a) => a.id)).not.toContain(id);
    expect((await search(lab.as.auditor, 'auditor')).advisories.map((a) => a.id)).toContain(id);
    // No format carries RED off the platform, even for a recipient.
    const ex = await lab.as.auditor.request('GET', `/api/v1/advisories/${id}/export?format=markdown`, { headers: { accept: 'application/json' } });
    expect(ex.status).toBe(403);
    expect(ex.text_).toContain('TLP:RED is never exported');
    // A recipient of the third lab is outside a "lab" scope.
    const bad = await create(lab.as.lead, { title: 'x', summary: 'x', channel: 'other', severity: 'low', tlp: 'red', scope: 'lab', recipients: [lab.users.outsiderLead.id] });
    expect(bad.status).toBe(400);
    expect(bad.text_).toContain('would not see it');
    const nobody = await create(lab.as.lead, { title: 'x', summary: 'x', channel: 'other', severity: 'low', tlp: 'red', scope: 'lab' });
    expect(nobody.status).toBe(400);
    expect(nobody.text_).toContain('name at least one recipient');
  });

  it('exports by TLP: CLEAR in every format, AMBER only with its marking (CSV 403 with the reason)', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const r = await create(lab.as.lead, { title: '=1+2 clear advisory', summary: 'Update the app.', channel: 'android', severity: 'info', tlp: 'clear', scope: 'community', controls: 'APP-02' });
    const clearId = (JSON.parse(r.text_) as AdvisoryBody).advisory.id;
    const csv = await lab.as.outsiderLead.get(`/api/v1/advisories/${clearId}/export?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('attachment');
    expect(csv.text_).toContain('"TLP:CLEAR"');
    // A cell a spreadsheet would run as a formula is quoted as text.
    expect(csv.text_).toContain(`"'=1+2 clear advisory"`);
    const amberCsv = await lab.as.oversight.request('GET', `/api/v1/advisories/${amberId}/export?format=csv`, { headers: { accept: 'application/json' } });
    expect(amberCsv.status).toBe(403);
    expect(JSON.parse(amberCsv.text_).error.message).toContain('TLP:AMBER may not be exported as CSV');
    const json = await lab.as.oversight.get(`/api/v1/advisories/${amberId}/export?format=json`);
    expect(json.status).toBe(200);
    expect(JSON.parse(json.text_)).toMatchObject({ tlp: 'TLP:AMBER', title: 'SIM swap fraud wave against mobile money agents' });
    const md = await lab.as.oversight.get(`/api/v1/advisories/${amberId}/export?format=markdown`);
    expect(md.status).toBe(200);
    expect(md.text_.split('\n')[0]).toContain('TLP:AMBER — limited to the organisations named');
    expect((await lab.as.oversight.get(`/api/v1/advisories/${amberId}/export?format=pdf`)).status).toBe(400);
    // The page offers only the formats the TLP allows.
    const p = await page(lab.as.oversight, `/advisories/${amberId}`);
    expect(p.html).toContain(`/api/v1/advisories/${amberId}/export?format=json`);
    expect(p.html).not.toContain(`/api/v1/advisories/${amberId}/export?format=csv`);
    expect(text(p.html)).toContain('CSV: not allowed for TLP:AMBER');
  });

  it('lets a supervised provider in scope acknowledge an advisory once; the owner lab sees who did and who is overdue', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const due = future(14);
    // Through the form, as a lead would.
    await page(lab.as.lead, '/advisories/new');
    const posted = await postForm(lab.as.lead, '/advisories', [
      ['title', 'Malicious STK applet pushes'],
      ['summary', 'Unsolicited OTA STK messages to agents.'],
      ['channel', 'stk'],
      ['severity', 'high'],
      ['controls', 'SIM-01'],
      ['tlp', 'amber'],
      ['scope', 'providers'],
      ['providers', lab.providerId],
      ['ackDueOn', due],
    ]);
    expect(posted.status, posted.text_.slice(0, 500)).toBe(303);
    const id = /\/advisories\/([0-9a-f-]{36})$/.exec(posted.headers.get('location') ?? '')![1]!;
    // The provider's representative is told to acknowledge by the deadline; the second provider's is not told.
    const told = await t.p.db.query<{ user_id: string; title: string }>('select user_id, title from notifications where link = $1', [`/advisories/${id}`]);
    expect(told.find((n) => n.user_id === lab.users.provider.id)?.title).toContain(`please acknowledge it by ${due}`);
    expect(told.map((n) => n.user_id)).not.toContain(lab.users.oversight.id);
    // The provider sees it (in its list too), without the labs' thread; the other provider and the peer lab do not.
    const seen = await page(lab.as.provider, `/advisories/${id}`);
    expect(seen.status).toBe(200);
    expect(text(seen.html)).toContain('TLP:AMBER');
    expect(text(seen.html)).toContain('Acknowledge this advisory');
    expect(text(seen.html)).not.toContain('Discussion');
    expect((await getJson<ListBody>(lab.as.provider, '/api/v1/advisories')).body.advisories.map((a) => a.id)).toEqual([id]);
    expect((await otherRep.get(`/advisories/${id}`)).status).toBe(404);
    expect((await getJson<ListBody>(otherRep, '/api/v1/advisories')).body.count).toBe(0);
    expect((await lab.as.oversight.get(`/advisories/${id}`)).status).toBe(404);
    expect((await otherRep.request('POST', `/api/v1/advisories/${id}/acknowledgements`, { json: {} })).status).toBe(404);
    // Staff do not acknowledge; providers do not comment.
    expect((await lab.as.lead.request('POST', `/api/v1/advisories/${id}/acknowledgements`, { json: {} })).status).toBe(403);
    expect((await lab.as.provider.request('POST', `/api/v1/advisories/${id}/comments`, { json: { body: 'hi' } })).status).toBe(403);
    // Before: the owner sees the provider waiting.
    const before = await getJson<AdvisoryBody>(lab.as.lead, `/api/v1/advisories/${id}`);
    expect(before.body.acknowledgements).toMatchObject([{ providerName: 'Testland Mobile Money', acknowledgedAt: null, overdue: false }]);
    // The acknowledgement, through the page's form; a second one is refused.
    const ack = await postForm(lab.as.provider, `/advisories/${id}/acknowledgements`, [['note', 'Blocked OTA from unknown senders.']]);
    expect(ack.status).toBe(303);
    const again = await postForm(lab.as.provider, `/advisories/${id}/acknowledgements`, [['note', 'again']]);
    expect(again.status).toBe(409);
    expect(text(again.text_)).toContain('already acknowledged');
    const after = await page(lab.as.lead, `/advisories/${id}`);
    expect(text(after.html)).toMatch(/Testland Mobile Money Acknowledged .* Blocked OTA from unknown senders\./);
    expect(text((await page(lab.as.provider, `/advisories/${id}`)).html)).toContain('Your organisation acknowledged it on');
    // The author is told.
    expect((await getJson<{ notifications: Array<{ kind: string; link: string }> }>(lab.as.lead, '/api/v1/notifications')).body.notifications.some((n) => n.kind === 'advisory_acknowledged' && n.link.startsWith(`/advisories/${id}`))).toBe(true);

    // An advisory to all the lab's providers whose deadline passed: the second provider is overdue.
    const all = await create(lab.as.lead, { title: 'All providers', summary: 's', channel: 'android', severity: 'low', tlp: 'green', scope: 'providers', ackDueOn: future(1) });
    expect(all.status, all.text_).toBe(201);
    const allId = (JSON.parse(all.text_) as AdvisoryBody).advisory.id;
    await t.p.db.query("update advisories set ack_due_on = current_date - 3 where id = $1", [allId]);
    expect((await lab.as.provider.request('POST', `/api/v1/advisories/${allId}/acknowledgements`, { json: { note: 'late' } })).status).toBe(201);
    const states = (await getJson<AdvisoryBody>(lab.as.lead, `/api/v1/advisories/${allId}`)).body.acknowledgements;
    expect(states.map((s) => [s.providerName, s.late, s.overdue])).toEqual([
      ['Second Bank', false, true],
      ['Testland Mobile Money', true, false],
    ]);
    expect(text((await page(lab.as.lead, `/advisories/${allId}`)).html)).toContain('Overdue');
    // A representative sees only their own provider's row.
    expect((await getJson<AdvisoryBody>(otherRep, `/api/v1/advisories/${allId}`)).body.acknowledgements.map((s) => s.providerName)).toEqual(['Second Bank']);
  });

  it('refuses AMBER+STRICT to peers, bad markings, unknown catalog items and other bad input with 400', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const base = { title: 'T', summary: 'S', channel: 'ussd', severity: 'high', tlp: 'amber', scope: 'lab' };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ tlp: 'amber+strict', scope: 'peers', peers: [lab.oversightOrgId] }, 'TLP:AMBER+STRICT stays inside your lab'],
      [{ tlp: 'amber+strict', scope: 'providers', ackDueOn: future(3) }, 'providers named one by one'],
      [{ tlp: 'orange' }, '"tlp" must be one of'],
      [{ controls: ['APP-01', 'NOPE-99'] }, 'NOPE-99'],
      [{ channel: 'fax' }, '"channel" must be one of'],
      [{ scope: 'peers', peers: [randomUUID()] }, 'not on this platform'],
      [{ scope: 'peers' }, 'name at least one peer lab'],
      [{ scope: 'providers', providers: [randomUUID()], ackDueOn: future(3) }, "not one of your lab's"],
      [{ scope: 'providers' }, '"ackDueOn" is required'],
      [{ scope: 'providers', ackDueOn: '2020-01-01' }, 'in the past'],
      [{ ackDueOn: future(3) }, 'only for advisories to providers'],
      [{ recipients: [lab.users.auditor.id] }, 'for TLP:RED only'],
      [{ title: '' }, '"title" is required'],
      [{ summary: 'x'.repeat(20_001) }, 'longer than'],
    ];
    for (const [change, message] of cases) {
      const r = await create(lab.as.lead, { ...base, ...change });
      expect(r.status, JSON.stringify(change)).toBe(400);
      expect(JSON.parse(r.text_).error.message, JSON.stringify(change)).toContain(message);
    }
    // The form shows the refusal next to it, with what was typed.
    await page(lab.as.lead, '/advisories/new');
    const f = await postForm(lab.as.lead, '/advisories', [
      ['title', 'Strict to peers'],
      ['summary', 'S'],
      ['channel', 'ussd'],
      ['severity', 'high'],
      ['tlp', 'amber+strict'],
      ['scope', 'peers'],
      ['peers', lab.oversightOrgId],
    ]);
    expect(f.status).toBe(400);
    expect(text(f.text_)).toContain('TLP:AMBER+STRICT stays inside your lab');
    expect(f.text_).toContain('value="Strict to peers"');
    // Only managers write; search input is bounded.
    expect((await create(lab.as.auditor, base)).status).toBe(403);
    expect((await lab.as.lead.get(`/api/v1/advisories?q=${'a'.repeat(201)}`)).status).toBe(400);
    expect((await lab.as.lead.get('/api/v1/advisories?limit=0')).status).toBe(400);
    expect((await lab.as.lead.get('/advisories/not-an-id')).status).toBe(404);
  });

  it('ranks title matches first and runs the thread between the labs that see the advisory', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const mk = async (title: string, indicators: string) => {
      const r = await create(lab.as.lead, { title, summary: 'Routine.', channel: 'ss7', severity: 'medium', indicators, tlp: 'green', scope: 'community' });
      return (JSON.parse(r.text_) as AdvisoryBody).advisory.id;
    };
    const inIndicators = await mk('Location tracking', 'Interception of SS7 traffic');
    const inTitle = await mk('SS7 interception of one-time passwords', 'None');
    const hits = (await search(lab.as.outsiderLead, 'interception')).advisories.map((a) => a.id);
    expect(hits.indexOf(inTitle)).toBeGreaterThanOrEqual(0);
    expect(hits.indexOf(inTitle)).toBeLessThan(hits.indexOf(inIndicators));
    expect((await search(lab.as.outsiderLead, 'interception -passwords')).advisories.map((a) => a.id)).toEqual([inIndicators]);

    // The peer lab comments on the AMBER advisory; the owner reads it (Markdown rendered, safely).
    const c = await postForm(lab.as.oversight, `/advisories/${amberId}/comments`, [['body', 'Seen here too: **same** short code. <script>x</script>']]);
    expect(c.status).toBe(303);
    const owner = await page(lab.as.lead, `/advisories/${amberId}`);
    expect(owner.html).toContain('<strong>same</strong>');
    expect(owner.html).not.toContain('<script>x');
    // The author is told of the comment (link only by e-mail, as the advisory is AMBER).
    const note = await t.p.db.one<{ email_level: string; title: string }>("select email_level, title from notifications where user_id = $1 and kind = 'advisory_comment'", [lab.users.lead.id]);
    expect(note).toMatchObject({ email_level: 'link-only' });
    expect(note!.title).not.toContain('SIM swap');
    // The third lab cannot comment on what it cannot see; an empty comment is refused on the page.
    expect((await lab.as.outsiderLead.request('POST', `/api/v1/advisories/${amberId}/comments`, { json: { body: 'x' } })).status).toBe(404);
    const empty = await postForm(lab.as.oversight, `/advisories/${amberId}/comments`, [['body', '  ']]);
    expect(empty.status).toBe(400);
    expect(text(empty.text_)).toContain('"body" is required');
  });
});
