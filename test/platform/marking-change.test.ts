/**
 * Changing the marking of a published advisory or library document, on both databases, through HTTP like a
 * browser and an API client: a GREEN community advisory narrowed to AMBER with one named peer lab disappears at
 * once for a third lab on every path (its page, the API, the list, search and exports), and the third lab's
 * notification about it is emptied and its unsent e-mail never goes out; widened back, it reappears and only
 * the newly admitted are told; a change to RED leaves nothing to e-mail; scoping it to providers needs a
 * deadline, as at creation. Who may change it (the owner lab's managers for an advisory, its writers for a
 * document) and the refusals (403/404, 400) are those of the rest of the sharing part; every change is in the
 * marking history (page and API, the named labs only for the owner) and in the audit log.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendQueuedNotifications } from '../../src/platform/services/notifications.js';
import { BACKENDS, postgresAvailable } from './databases.js';
import { getJson, seedLab, type Lab } from './engagement-fixtures.js';
import { page, postForm, text } from './page-helpers.js';
import type { Client, TestPlatform } from './platform.js';
import { startTestPlatform } from './platform.js';

interface HistoryEntry {
  by: string;
  reason: string;
  from: { tlp: string; scope: { kind: string; orgIds?: string[] } };
  to: { tlp: string; scope: { kind: string; orgIds?: string[] } };
  toAckDueOn: string | null;
}
interface AdvisoryBody {
  advisory: { id: string; tlp: string; ackDueOn: string | null; scope: { kind: string; orgIds?: string[] } };
  markingHistory: HistoryEntry[];
}
interface DocumentBody {
  document: { id: string; tlp: string };
  markingHistory: HistoryEntry[];
}

const future = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe.each(BACKENDS)('changing the marking of a shared item on %s', (backend) => {
  let t: TestPlatform | undefined;
  let lab: Lab;
  let thirdOrgId: string;
  let advisoryId: string;
  let documentId: string;

  const maxNotification = async (): Promise<number> => Number((await t!.p.db.one<{ n: string | number }>('select coalesce(max(id), 0) as n from notifications'))!.n);
  const notesSince = (since: number, link: string) =>
    t!.p.db.query<{ user_id: string; org_id: string; kind: string; title: string; body: string | null; email_level: string }>(
      'select n.user_id, u.org_id, n.kind, n.title, n.body, n.email_level from notifications n join users u on u.id = n.user_id where n.id > $1 and n.link like $2 order by n.id',
      [since, `${link}%`],
    );
  /** What the mailer sends now (it sends everything queued, so earlier tests' mail goes out here too). */
  const mailNow = async (): Promise<Array<{ to: string; subject: string; text: string }>> => {
    const sent: Array<{ to: string; subject: string; text: string }> = [];
    await sendQueuedNotifications(t!.p.db, t!.p.context.config, async (m) => void sent.push(m));
    return sent;
  };
  const changeAdvisory = (c: Client, json: Record<string, unknown>) => c.request('POST', `/api/v1/advisories/${advisoryId}/marking`, { json });
  const searchAdvisories = async (c: Client, q: string) => (await getJson<{ advisories: Array<{ id: string }>; count: number }>(c, `/api/v1/advisories?q=${encodeURIComponent(q)}`)).body;

  /** Everything a lab member can reach of the advisory: page, API, list page, API list, search, exports. */
  async function advisoryReach(c: Client): Promise<Record<string, number | boolean>> {
    return {
      page: (await c.get(`/advisories/${advisoryId}`)).status,
      api: (await c.get(`/api/v1/advisories/${advisoryId}`)).status,
      listPage: text((await page(c, '/advisories')).html).includes('Agent float skimming'),
      searchPage: (await page(c, '/advisories?q=skimming')).html.includes(`/advisories/${advisoryId}`),
      list: (await getJson<{ advisories: Array<{ id: string }> }>(c, '/api/v1/advisories')).body.advisories.some((a) => a.id === advisoryId),
      search: (await searchAdvisories(c, 'skimming float')).count > 0,
      json: (await c.get(`/api/v1/advisories/${advisoryId}/export?format=json`)).status,
      markdown: (await c.get(`/api/v1/advisories/${advisoryId}/export?format=markdown`)).status,
    };
  }
  const SEEN = { page: 200, api: 200, listPage: true, searchPage: true, list: true, search: true, json: 200, markdown: 200 };
  const UNSEEN = { page: 404, api: 404, listPage: false, searchPage: false, list: false, search: false, json: 404, markdown: 404 };

  beforeAll(async () => {
    if (backend === 'postgres' && !(await postgresAvailable())) return;
    t = await startTestPlatform(backend, { worker: false });
    lab = await seedLab(t);
    thirdOrgId = (await t.p.db.one<{ org_id: string }>('select org_id from users where id = $1', [lab.users.outsiderLead.id]))!.org_id;
    const a = await lab.as.lead.request('POST', '/api/v1/advisories', {
      json: { title: 'Agent float skimming through cloned STK menus', summary: 'Cloned **STK** menus skim agent float.', channel: 'stk', severity: 'high', tlp: 'green', scope: 'community' },
    });
    expect(a.status, a.text_).toBe(201);
    advisoryId = (JSON.parse(a.text_) as AdvisoryBody).advisory.id;
    const d = await lab.as.auditor.request('POST', '/api/v1/library', {
      json: { title: 'Checklist for reviewing merchant settlement reconciliation', body: 'Reconcile the settlement ledger daily.', tags: ['settlement'], tlp: 'green', scope: 'community' },
    });
    expect(d.status, d.text_).toBe(201);
    documentId = (JSON.parse(d.text_) as DocumentBody).document.id;
  }, 120_000);
  afterAll(async () => t?.stop());

  it('narrows a GREEN community advisory to AMBER for one peer lab: gone for the third lab on every path, its notification emptied and never e-mailed', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    expect(await advisoryReach(lab.as.outsiderLead)).toEqual(SEEN);
    // The third lab was told at publication; its e-mail has not gone out yet.
    const before = await t.p.db.query<{ id: string; emailed_at: Date | null }>('select n.id, n.emailed_at from notifications n where n.user_id = $1 and n.link = $2', [lab.users.outsiderLead.id, `/advisories/${advisoryId}`]);
    expect(before).toHaveLength(1);
    expect(before[0]!.emailed_at).toBeNull();

    // The lead changes it from the advisory's page (the form is there, with the current marking ticked).
    const own = await page(lab.as.lead, `/advisories/${advisoryId}`);
    expect(own.html).toContain(`action="/advisories/${advisoryId}/marking"`);
    expect(own.html).toMatch(/<input type="radio" name="tlp" value="green" required checked/);
    const since = await maxNotification();
    const r = await postForm(lab.as.lead, `/advisories/${advisoryId}/marking`, [
      ['tlp', 'amber'],
      ['scope', 'peers'],
      ['peers', lab.oversightOrgId],
      ['reason', 'The fraud ring reads the community channel: keep it to the oversight body for now.'],
    ]);
    expect(r.status, r.text_).toBe(303);
    expect(r.headers.get('location')).toBe(`/advisories/${advisoryId}#marking-history`);

    // At once, on every path: the third lab gets what a missing advisory gives; the peer and the owner still see it.
    expect(await advisoryReach(lab.as.outsiderLead)).toEqual(UNSEEN);
    expect(await advisoryReach(lab.as.oversight)).toEqual(SEEN);
    expect(await advisoryReach(lab.as.readonly)).toEqual(SEEN);
    // Widening notified nobody: the change only narrowed.
    expect(await notesSince(since, `/advisories/${advisoryId}`)).toEqual([]);

    // The third lab's notification no longer says anything about it, and its e-mail never goes out.
    const [gone] = await t.p.db.query<{ title: string; body: string | null; link: string | null; email_level: string }>('select title, body, link, email_level from notifications where id = $1', [before[0]!.id]);
    expect(gone!.body).toBeNull();
    expect(gone!.link).toBeNull();
    expect(gone!.email_level).toBe('none');
    expect(gone!.title).not.toMatch(/skimming|STK|TLP|Agent/);
    const inApp = await getJson<{ notifications: Array<{ title: string; body: string | null; link: string | null }> }>(lab.as.outsiderLead, '/api/v1/notifications');
    expect(JSON.stringify(inApp.body)).not.toMatch(/skimming|Agent float/);
    const sent = await mailNow();
    expect(sent.filter((m) => m.to === lab.users.outsiderLead.email && (m.text.includes(`/advisories/${advisoryId}`) || /skimming|Agent float/.test(m.text + m.subject)))).toEqual([]);
    // The peer's unsent e-mail went out as AMBER allows now: a notice and a link, not the content.
    const peerMail = sent.filter((m) => m.to === lab.users.oversight.email && m.text.includes(`/advisories/${advisoryId}`));
    expect(peerMail).toHaveLength(1);
    expect(peerMail[0]!.text + peerMail[0]!.subject).not.toMatch(/skimming|Cloned/);
    expect(peerMail[0]!.text).toContain('log in to read it');

    // The history: on the page of everyone who sees it, in the API (named labs for the owner only), in the audit log.
    for (const c of [lab.as.lead, lab.as.oversight]) {
      const words = text((await page(c, `/advisories/${advisoryId}`)).html);
      expect(words).toContain('Marking history');
      expect(words).toContain('The fraud ring reads the community channel');
      expect(words).toMatch(/TLP:GREEN Community .*TLP:AMBER Peer labs/);
    }
    const ownerApi = (await getJson<AdvisoryBody>(lab.as.lead, `/api/v1/advisories/${advisoryId}`)).body;
    expect(ownerApi.markingHistory).toHaveLength(1);
    expect(ownerApi.markingHistory[0]).toMatchObject({ from: { tlp: 'green', scope: { kind: 'community' } }, to: { tlp: 'amber', scope: { kind: 'peers', orgIds: [lab.oversightOrgId] } } });
    const peerApi = (await getJson<AdvisoryBody>(lab.as.oversight, `/api/v1/advisories/${advisoryId}`)).body;
    expect(peerApi.markingHistory[0]!.to.scope).toEqual({ kind: 'peers' });
    expect(text((await page(lab.as.oversight, `/advisories/${advisoryId}`)).html)).not.toContain('Change the marking');
    const audit = await t.p.db.query<{ detail: unknown }>("select detail from audit_log where action = 'advisory.marking' and object_id = $1", [advisoryId]);
    expect(audit).toHaveLength(1);
    const detail = (typeof audit[0]!.detail === 'string' ? JSON.parse(audit[0]!.detail) : audit[0]!.detail) as { from: { tlp: string }; to: { tlp: string }; reason: string; notificationsWithdrawn: number };
    expect(detail).toMatchObject({ from: { tlp: 'green' }, to: { tlp: 'amber' }, notificationsWithdrawn: 1 });
  });

  it('widens it back: it reappears for the third lab, and only the newly admitted are notified', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const since = await maxNotification();
    const r = await changeAdvisory(lab.as.admin, { tlp: 'green', scope: 'community', reason: 'The ring was arrested: share it with every lab.' });
    expect(r.status, r.text_).toBe(200);
    const body = JSON.parse(r.text_) as AdvisoryBody;
    expect(body.advisory.tlp).toBe('green');
    expect(body.markingHistory.map((h) => h.to.tlp)).toEqual(['amber', 'green']);
    expect(await advisoryReach(lab.as.outsiderLead)).toEqual(SEEN);

    const told = await notesSince(since, `/advisories/${advisoryId}`);
    // Only the third lab's people: not the peer lab, not the owner's staff, who could already read it.
    expect(told.length).toBeGreaterThan(0);
    expect(told.every((n) => n.org_id === thirdOrgId)).toBe(true);
    expect(told.map((n) => n.user_id)).toContain(lab.users.outsiderLead.id);
    expect(told[0]!.title).toContain('TLP:GREEN');
    expect(told[0]!.body).toContain('Agent float skimming');
    expect(told[0]!.email_level).toBe('content');
  });

  it('changes it to RED: nothing about it is e-mailed, and those it leaves out lose their notification', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    // Scoping it to providers needs a deadline, as at creation.
    const noDeadline = await changeAdvisory(lab.as.lead, { tlp: 'red', scope: 'providers', providers: [lab.providerId], recipients: [lab.users.provider.id, lab.users.auditor.id], reason: 'Only the bank concerned.' });
    expect(noDeadline.status).toBe(400);
    expect((JSON.parse(noDeadline.text_) as { error: { message: string } }).error.message).toContain('ackDueOn');
    const since = await maxNotification();
    const r = await changeAdvisory(lab.as.lead, {
      tlp: 'red',
      scope: 'providers',
      providers: [lab.providerId],
      recipients: [lab.users.provider.id, lab.users.auditor.id],
      ackDueOn: future(10),
      reason: 'Only the bank concerned and its auditor.',
    });
    expect(r.status, r.text_).toBe(200);
    expect((JSON.parse(r.text_) as AdvisoryBody).advisory.ackDueOn).toBe(future(10));
    // The provider's representative is newly admitted: told in the platform, asked to acknowledge, never by e-mail.
    const told = await notesSince(since, `/advisories/${advisoryId}`);
    expect(told.map((n) => [n.user_id, n.kind, n.email_level])).toEqual([[lab.users.provider.id, 'advisory_ack', 'none']]);
    expect((await page(lab.as.provider, `/advisories/${advisoryId}`)).html).toContain('acknowledge-form');
    // The third lab's notification of the widening (not yet e-mailed) is emptied; nothing about the advisory is mailed.
    const sent = await mailNow();
    expect(sent.filter((m) => m.text.includes(`/advisories/${advisoryId}`) || /skimming/.test(m.text + m.subject))).toEqual([]);
    expect(await advisoryReach(lab.as.outsiderLead)).toEqual(UNSEEN);
    expect((await lab.as.oversight.get(`/advisories/${advisoryId}`)).status).toBe(404);
    // A named recipient of the owner lab sees it; its staff not named do not; RED is never exported.
    expect((await lab.as.auditor.get(`/advisories/${advisoryId}`)).status).toBe(200);
    expect((await lab.as.readonly.get(`/advisories/${advisoryId}`)).status).toBe(404);
    expect((await lab.as.auditor.get(`/api/v1/advisories/${advisoryId}/export?format=json`)).status).toBe(403);
    // The acknowledgement given stays when the scope changes again (the deadline is kept while it stays with providers).
    expect((await lab.as.provider.request('POST', `/api/v1/advisories/${advisoryId}/acknowledgements`, { json: { note: 'Seen.' } })).status).toBe(201);
    const again = await changeAdvisory(lab.as.lead, { tlp: 'amber', scope: 'providers', providers: [lab.providerId], reason: 'The bank may brief its staff.' });
    expect(again.status, again.text_).toBe(200);
    expect((JSON.parse(again.text_) as AdvisoryBody).advisory.ackDueOn).toBe(future(10));
    const acks = (await getJson<{ acknowledgements: Array<{ acknowledgedAt: string | null }> }>(lab.as.lead, `/api/v1/advisories/${advisoryId}`)).body.acknowledgements;
    expect(acks.map((k) => k.acknowledgedAt !== null)).toEqual([true]);
  });

  it('lets only the owner lab\'s managers change an advisory\'s marking, and refuses bad input with 400', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const ok = { tlp: 'green', scope: 'community', reason: 'Back to everyone.' };
    expect((await changeAdvisory(lab.as.lead, ok)).status).toBe(200);
    // Staff who are not managers, and provider representatives: 403 (the route); a manager of another lab who sees it: 403.
    for (const c of [lab.as.auditor, lab.as.readonly, lab.as.reviewer, lab.as.oversight, lab.as.provider, lab.as.outsiderLead]) {
      expect((await changeAdvisory(c, { ...ok, tlp: 'amber' })).status).toBe(403);
    }
    // A manager of another lab who does not see it: 404, like a missing one.
    expect((await changeAdvisory(lab.as.lead, { tlp: 'amber', scope: 'peers', peers: [lab.oversightOrgId], reason: 'Narrow again.' })).status).toBe(200);
    expect((await changeAdvisory(lab.as.outsiderLead, ok)).status).toBe(404);
    expect((await lab.as.lead.request('POST', `/api/v1/advisories/${randomUUID()}/marking`, { json: ok })).status).toBe(404);
    // Bad input.
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ tlp: 'green', scope: 'community' }, '"reason" is required'],
      [{ tlp: 'green', scope: 'community', reason: '   ' }, '"reason" is required'],
      [{ tlp: 'purple', scope: 'community', reason: 'x' }, '"tlp" must be one of'],
      [{ tlp: 'amber', scope: 'peers', peers: [randomUUID()], reason: 'x' }, 'not on this platform'],
      [{ tlp: 'amber+strict', scope: 'community', reason: 'x' }, 'AMBER+STRICT'],
      [{ tlp: 'green', scope: 'community', ackDueOn: future(3), reason: 'x' }, 'only for advisories to providers'],
      [{ tlp: 'amber', scope: 'providers', ackDueOn: '2001-01-01', reason: 'x' }, 'in the past'],
      [{ tlp: 'amber', scope: 'peers', peers: [lab.oversightOrgId], reason: 'x' }, 'nothing changed'],
    ];
    for (const [json, message] of bad) {
      const r = await changeAdvisory(lab.as.lead, json);
      expect(r.status, JSON.stringify(json)).toBe(400);
      expect((JSON.parse(r.text_) as { error: { message: string } }).error.message).toContain(message);
    }
    // The form shows the refusal next to itself, with what was sent.
    const form = await postForm(lab.as.lead, `/advisories/${advisoryId}/marking`, [['tlp', 'green'], ['scope', 'community'], ['reason', '']]);
    expect(form.status).toBe(400);
    expect(text(form.text_)).toContain('"reason" is required');
    expect(form.text_).toMatch(/<details class="card" id="marking-form" open/);
    // The refusals changed nothing.
    expect((await getJson<AdvisoryBody>(lab.as.lead, `/api/v1/advisories/${advisoryId}`)).body.advisory.tlp).toBe('amber');
  });

  it('changes a library document\'s marking: its writers may, it disappears for the third lab at once, and widening tells only the newly admitted', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const change = (c: Client, json: Record<string, unknown>) => c.request('POST', `/api/v1/library/${documentId}/marking`, { json });
    const reach = async (c: Client) => ({
      page: (await c.get(`/library/${documentId}`)).status,
      api: (await c.get(`/api/v1/library/${documentId}`)).status,
      diff: (await c.get(`/library/${documentId}/diff`)).status,
      list: (await getJson<{ documents: Array<{ id: string }> }>(c, '/api/v1/library')).body.documents.some((d) => d.id === documentId),
      search: (await getJson<{ count: number }>(c, '/api/v1/library?q=reconciliation')).body.count > 0,
      listPage: text((await page(c, '/library')).html).includes('merchant settlement'),
      export: (await c.get(`/api/v1/library/${documentId}/export?format=markdown`)).status,
    });
    expect(await reach(lab.as.outsiderLead)).toMatchObject({ page: 200, api: 200, list: true, search: true, listPage: true, export: 200 });
    // Not its writers: 403 (a reviewer of the owner lab, the peer, a lead of another lab who sees it).
    for (const c of [lab.as.reviewer, lab.as.readonly, lab.as.oversight, lab.as.outsiderLead]) {
      expect((await change(c, { tlp: 'amber', scope: 'lab', reason: 'x' })).status).toBe(403);
    }
    expect((await change(lab.as.auditor, { tlp: 'amber', scope: 'lab' })).status).toBe(400);
    // An auditor of the owner lab (who may edit it) narrows it from the page.
    expect((await page(lab.as.auditor, `/library/${documentId}`)).html).toContain(`action="/library/${documentId}/marking"`);
    const r = await postForm(lab.as.auditor, `/library/${documentId}/marking`, [
      ['tlp', 'amber'],
      ['scope', 'peers'],
      ['peers', lab.oversightOrgId],
      ['reason', 'It names the settlement partners of one bank.'],
    ]);
    expect(r.status, r.text_).toBe(303);
    expect(await reach(lab.as.outsiderLead)).toEqual({ page: 404, api: 404, diff: 404, list: false, search: false, listPage: false, export: 404 });
    expect((await change(lab.as.outsiderLead, { tlp: 'green', scope: 'community', reason: 'x' })).status).toBe(404);
    expect(await reach(lab.as.oversight)).toMatchObject({ page: 200, api: 200, list: true, search: true, export: 200 });
    const words = text((await page(lab.as.oversight, `/library/${documentId}`)).html);
    expect(words).toContain('It names the settlement partners of one bank.');
    expect(words).not.toContain('Change the marking');
    // Widened back: the third lab sees it again and is the only one told.
    const since = await maxNotification();
    const w = await change(lab.as.lead, { tlp: 'clear', scope: 'community', reason: 'The partners made it public.' });
    expect(w.status, w.text_).toBe(200);
    const body = JSON.parse(w.text_) as DocumentBody;
    expect(body.markingHistory.map((h) => `${h.from.tlp}→${h.to.tlp}`)).toEqual(['green→amber', 'amber→clear']);
    expect(await reach(lab.as.outsiderLead)).toMatchObject({ page: 200, api: 200, list: true, search: true, export: 200 });
    const told = await notesSince(since, `/library/${documentId}`);
    expect(told.map((n) => n.user_id)).toEqual([lab.users.outsiderLead.id]);
    expect(told[0]!.title).toContain('TLP:CLEAR');
    const audit = await t.p.db.query<{ action: string }>("select action from audit_log where object_id = $1 and action = 'document.marking'", [documentId]);
    expect(audit).toHaveLength(2);
  });
});
