/**
 * Remediation of a delivered engagement, from the API, on both databases: the provider's representative
 * answers the findings released to it (plan, target date, fixed claim), the first answer moves the engagement
 * to remediation and tells the team, the lab retests a finding, overdue findings are flagged and listed on the
 * dashboard; and the refusals (staff answering, another provider, before delivery, after closure). Then one
 * retest end to end with real scans: a new version of the app, linked to the delivered engagement, fixes the
 * finding the provider said it fixed.
 *
 * Delivery itself (review, approvals) is the review service's work and tested there: these tests put an
 * engagement in the delivered phase and release its findings directly in the database, as delivery does.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../corpus.js';
import { BACKENDS, postgresAvailable } from './databases.js';
import { addFindings, deliver, getJson, movePhase, otherProviderRep, planEngagement, seedLab, type Lab } from './engagement-fixtures.js';
import { startTestPlatform, type Client, type TestPlatform } from './platform.js';

const DAY = 86_400_000;
/** The evidence size limit of the first suite: small, so that a file over it is cheap to send. */
const MAX_EVIDENCE = 64 * 1024;
const day = (offsetDays: number): string => new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10);

interface ApiFinding {
  id: string;
  check_id: string;
  title: string;
  status: string;
  severity: string;
  source: string;
  due_at: string | null;
  overdue: boolean;
  responses: number;
  response: { plan: string; target_date: string | null; fixed: boolean; evidence: number } | null;
  reason?: string | null;
  comments?: number;
}

async function post(c: Client, path: string, json: unknown): Promise<{ status: number; body: Record<string, any> }> {
  const r = await c.request('POST', path, { json });
  return { status: r.status, body: JSON.parse(r.text_ || '{}') as Record<string, any> };
}

describe.each(BACKENDS)('engagement remediation on %s', (backend) => {
  let t: TestPlatform | undefined;
  let lab: Lab;
  /** A representative of another provider of the same lab. */
  let otherRep: Client;

  beforeAll(async () => {
    if (backend === 'postgres' && !(await postgresAvailable())) return;
    t = await startTestPlatform(backend, { worker: false, config: { maxEvidenceBytes: MAX_EVIDENCE } });
    lab = await seedLab(t);
    otherRep = await otherProviderRep(t, lab);
  }, 120_000);
  afterAll(async () => t?.stop());

  const findingsOf = async (c: Client, id: string) => getJson<{ findings: ApiFinding[] }>(c, `/api/v1/engagements/${id}/findings`);

  it('lets the provider answer a released finding; the first answer moves the engagement to remediation and tells the team', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const { id } = await planEngagement(lab);
    const [weakPin, rooted] = await addFindings(t, lab, id, [{ title: 'Four-digit PIN accepted', severity: 'high' }, { title: 'Root detection missing', status: 'false_positive' }]);
    await deliver(t, id);

    // The provider sees the released finding only, without the lab's internal notes; the lab sees both.
    const seen = await findingsOf(lab.as.provider, id);
    expect(seen.status).toBe(200);
    expect(seen.body.findings.map((f) => f.id)).toEqual([weakPin]);
    expect(seen.body.findings[0]).toMatchObject({ source: 'manual', status: 'confirmed', response: null, responses: 0, overdue: false });
    expect(seen.body.findings[0]).not.toHaveProperty('reason');
    expect(seen.body.findings[0]).not.toHaveProperty('comments');
    // Released by delivery without a due date: due after the lab's SLA for a high finding (30 days).
    const due = Date.parse(seen.body.findings[0]!.due_at!);
    expect(Math.abs(due - (Date.now() + 30 * DAY))).toBeLessThan(60 * 60_000);
    const staff = await findingsOf(lab.as.lead, id);
    expect(staff.body.findings.map((f) => f.id).sort()).toEqual([weakPin, rooted].sort());
    expect(staff.body.findings.find((f) => f.id === rooted)!.reason).toMatch(/rooted/);
    expect((await getJson(lab.as.provider, `/api/v1/engagements/${id}/findings/${rooted}/responses`)).status).toBe(404);

    const target = day(20);
    const first = await post(lab.as.provider, `/api/v1/engagements/${id}/findings/${weakPin}/responses`, { plan: 'Require six digits and lock after five attempts.', targetDate: target });
    expect(first.status).toBe(201);
    expect(first.body.response).toMatchObject({ plan: 'Require six digits and lock after five attempts.', target_date: target, fixed: false, evidence: [] });
    expect((await getJson<{ engagement: { phase: string } }>(lab.as.lead, `/api/v1/engagements/${id}`)).body.engagement.phase).toBe('remediation');

    // The lead and the auditor are told; the finding's history and the engagement's history say it; so does the audit log.
    const told = await t.p.db.query<{ user_id: string; link: string }>("select user_id, link from notifications where engagement_id = $1 and kind = 'provider_response' order by user_id", [id]);
    expect(told.map((n) => n.user_id).sort()).toEqual([lab.users.lead.id, lab.users.auditor.id].sort());
    expect(told[0]!.link).toBe(`/engagements/${id}/findings/${weakPin}`);
    const fev = await t.p.db.query<{ kind: string; user_id: string; body: string }>("select kind, user_id, body from finding_events where finding_id = $1 and kind = 'provider_response'", [weakPin]);
    expect(fev).toHaveLength(1);
    expect(fev[0]!.user_id).toBe(lab.users.provider.id);
    expect(fev[0]!.body).toContain(target);
    const events = await getJson<{ events: Array<{ kind: string; to_phase: string | null }> }>(lab.as.lead, `/api/v1/engagements/${id}/events`);
    expect(events.body.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['provider_response', 'phase']));
    expect(events.body.events.filter((e) => e.kind === 'phase').at(-1)!.to_phase).toBe('remediation');
    const audit = await t.p.db.query<{ action: string }>("select action from audit_log where object_id = $1 and action like 'engagement.%' order by id", [id]);
    expect(audit.map((a) => a.action).slice(-2)).toEqual(['engagement.provider_response', 'engagement.phase']);

    // A later answer (today as the target: allowed) is kept beside the first; the list shows the latest.
    const second = await post(lab.as.provider, `/api/v1/engagements/${id}/findings/${weakPin}/responses`, { plan: 'Deployed in 4.3.0.', targetDate: day(0), fixed: true });
    expect(second.status).toBe(201);
    const history = await getJson<{ responses: Array<{ plan: string; fixed: boolean; user_id: string }> }>(lab.as.lead, `/api/v1/engagements/${id}/findings/${weakPin}/responses`);
    expect(history.body.responses.map((r) => [r.plan, r.fixed])).toEqual([['Require six digits and lock after five attempts.', false], ['Deployed in 4.3.0.', true]]);
    const latest = (await findingsOf(lab.as.provider, id)).body.findings[0]!;
    expect(latest).toMatchObject({ responses: 2, response: { plan: 'Deployed in 4.3.0.', fixed: true, evidence: 0, target_date: day(0) } });
    // A fixed claim is the provider's word: the finding stays unresolved until the lab retests it.
    expect(latest.status).toBe('confirmed');
    // The engagement moved once.
    const phases = (await getJson<{ events: Array<{ kind: string }> }>(lab.as.lead, `/api/v1/engagements/${id}/events`)).body.events.filter((e) => e.kind === 'phase');
    expect(phases).toHaveLength(1);
  });

  it('takes evidence files with an answer (multipart), kept with their SHA-256; a refused answer leaves no file behind', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const { id } = await planEngagement(lab);
    const [f] = await addFindings(t, lab, id, [{ title: 'Card number in the logs' }]);
    await deliver(t, id);
    const url = `/api/v1/engagements/${id}/findings/${f}/responses`;
    const shot = Buffer.from('\x89PNG fake screenshot of the log viewer');
    const form = (fields: Record<string, string>, files: Array<[string, Buffer]>): FormData => {
      const fd = new FormData();
      for (const [k, v] of Object.entries(fields)) fd.set(k, v);
      for (const [name, bytes] of files) fd.append('file', new Blob([bytes], { type: 'image/png' }), name);
      return fd;
    };
    const stored = () => (existsSync(join(t!.dataDir, 'evidence')) ? readdirSync(join(t!.dataDir, 'evidence')).filter((n) => n !== '.incoming') : []);

    // Refused answers: no file stays on disk.
    const badPlan = await lab.as.provider.request('POST', url, { body: form({ plan: '' }, [['log.png', shot]]) });
    expect(badPlan.status).toBe(400);
    const badDate = await lab.as.provider.request('POST', url, { body: form({ plan: 'Fixed.', targetDate: day(-3) }, [['log.png', shot]]) });
    expect(badDate.status).toBe(400);
    const wrongField = await lab.as.provider.request('POST', url, { body: (() => { const fd = form({ plan: 'Fixed.' }, []); fd.set('upload', new Blob([shot]), 'x.png'); return fd; })() });
    expect(wrongField.status).toBe(400);
    expect((await lab.as.lead.request('POST', url, { body: form({ plan: 'Fixed.' }, [['log.png', shot]]) })).status).toBe(403);
    // A field given twice, or a file over the limit, after a file already received: refused, and that file is removed too.
    const twice = new FormData();
    twice.append('file', new Blob([shot], { type: 'image/png' }), 'log.png');
    twice.append('plan', 'Fixed.');
    twice.append('plan', 'Fixed again.');
    const dup = await lab.as.provider.request('POST', url, { body: twice });
    expect(dup.status).toBe(400);
    expect(dup.text_).toContain('give \\"plan\\" once');
    const large = form({ plan: 'Fixed.' }, [['log.png', shot], ['capture.pcap', Buffer.alloc(MAX_EVIDENCE + 1, 7)]]);
    expect((await lab.as.provider.request('POST', url, { body: large })).status).toBe(413);
    expect(stored()).toEqual([]);
    expect(await t.p.db.query('select id from remediation_responses where finding_id = $1', [f])).toHaveLength(0);

    const r = await lab.as.provider.request('POST', url, { body: form({ plan: 'Masked in 4.2.1.', fixed: 'on' }, [['log.png', shot], ['../../etc/passwd', Buffer.from('release notes')]]) });
    expect(r.status, r.text_).toBe(201);
    const body = JSON.parse(r.text_) as { response: { id: string; fixed: boolean; evidence: Array<{ id: string; file_name: string; sha256: string; size: number }> } };
    expect(body.response.fixed).toBe(true);
    expect(body.response.evidence.map((e) => e.file_name)).toEqual(['log.png', 'passwd']);
    expect(body.response.evidence[0]!.sha256).toBe(createHash('sha256').update(shot).digest('hex'));
    expect(stored().sort()).toEqual(body.response.evidence.map((e) => e.id).sort());
    expect(readFileSync(join(t.dataDir, 'evidence', body.response.evidence[0]!.id)).equals(shot)).toBe(true);
    const listed = (await findingsOf(lab.as.lead, id)).body.findings[0]!;
    expect(listed.response).toMatchObject({ fixed: true, evidence: 2 });
    const audit = await t.p.db.query<{ action: string }>("select action from audit_log where object_id = $1 and action in ('engagement.evidence_added', 'engagement.provider_response') order by id", [id]);
    expect(audit.map((a) => a.action)).toEqual(['engagement.evidence_added', 'engagement.evidence_added', 'engagement.provider_response']);
  });

  it('refuses a bad answer with a message that says what is wrong', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const { id } = await planEngagement(lab);
    const [f] = await addFindings(t, lab, id, [{ title: 'Session never expires' }]);
    await deliver(t, id);
    const url = `/api/v1/engagements/${id}/findings/${f}/responses`;
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ plan: '' }, /"plan" is required/],
      [{ plan: '   ' }, /"plan" is required/],
      [{}, /"plan" is required/],
      [{ plan: 'x'.repeat(4001) }, /longer than 4000/],
      [{ plan: 'ok', targetDate: day(-1) }, /today .* or later/],
      [{ plan: 'ok', targetDate: day(3 * 366 + 2) }, /at most 3 years ahead/],
      [{ plan: 'ok', targetDate: '2027-02-30' }, /must be a date/],
      [{ plan: 'ok', targetDate: '2027-03-01T10:00:00Z' }, /must be a date/],
      [{ plan: 'ok', fixed: 'perhaps' }, /"fixed" must be true or false/],
      [{ plan: ['a', 'b'] }, /must be text/],
    ];
    for (const [json, message] of cases) {
      const r = await lab.as.provider.request('POST', url, { json });
      expect(r.status, JSON.stringify(json).slice(0, 80)).toBe(400);
      expect((JSON.parse(r.text_) as { error: { message: string } }).error.message).toMatch(message);
    }
    // Nothing was written, and the engagement is still delivered.
    expect(await t.p.db.query('select id from remediation_responses where engagement_id = $1', [id])).toHaveLength(0);
    expect((await getJson<{ engagement: { phase: string } }>(lab.as.lead, `/api/v1/engagements/${id}`)).body.engagement.phase).toBe('delivered');
  });

  it('refuses staff (403), another provider (404), the provider before delivery (404) and after closure (409)', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const { id } = await planEngagement(lab);
    const [f] = await addFindings(t, lab, id, [{ title: 'OTP in the SMS log' }]);
    const url = `/api/v1/engagements/${id}/findings/${f}/responses`;
    const answer = { plan: 'We will fix it.', targetDate: day(10) };
    // Before delivery the provider does not reach the engagement at all.
    expect((await post(lab.as.provider, url, answer)).status).toBe(404);
    expect((await findingsOf(lab.as.provider, id)).status).toBe(404);
    await deliver(t, id);
    for (const who of ['admin', 'lead', 'auditor', 'reviewer', 'readonly', 'oversight'] as const) {
      expect((await post(lab.as[who], url, answer)).status, who).toBe(403);
    }
    // The representative of another provider, and a lead of another lab, find nothing.
    expect((await post(otherRep, url, answer)).status).toBe(404);
    expect((await findingsOf(otherRep, id)).status).toBe(404);
    expect((await getJson(otherRep, `/api/v1/engagements/${id}/findings/${f}/responses`)).status).toBe(404);
    expect((await findingsOf(lab.as.outsiderLead, id)).status).toBe(404);
    // A finding that is not the engagement's (or no finding at all) is not found.
    const [elsewhere] = await addFindings(t, lab, (await planEngagement(lab)).id, [{ title: 'Another engagement' }]);
    await t.p.db.query('update findings set released_at = now() where id = $1', [elsewhere]);
    expect((await post(lab.as.provider, `/api/v1/engagements/${id}/findings/${elsewhere}/responses`, answer)).status).toBe(404);
    expect((await post(lab.as.provider, `/api/v1/engagements/${id}/findings/not-an-id/responses`, answer)).status).toBe(404);
    expect((await post(lab.as.provider, `/api/v1/engagements/${id}/findings/${randomUUID()}/responses`, answer)).status).toBe(404);
    // After closure the engagement is read-only.
    await t.p.db.query("update engagements set phase = 'closed', closed_at = now() where id = $1", [id]);
    const closed = await post(lab.as.provider, url, answer);
    expect(closed.status).toBe(409);
    expect(JSON.stringify(closed.body)).toMatch(/delivered or remediation; it is closed/);
    expect((await findingsOf(lab.as.provider, id)).status).toBe(200);
    expect(await t.p.db.query('select id from remediation_responses where engagement_id = $1', [id])).toHaveLength(0);
  });

  it('records the lab retest: fixed closes the finding, not fixed sends it back to the provider', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const { id } = await planEngagement(lab);
    const [serverSide, other, rooted] = await addFindings(t, lab, id, [
      { title: 'No rate limit on the PIN API', status: 'assigned' },
      { title: 'Verbose server errors', status: 'open' },
      { title: 'Root detection missing', status: 'false_positive' },
    ]);
    const retest = (c: Client, finding: string, json: unknown) => post(c, `/api/v1/engagements/${id}/findings/${finding}/retest`, json);
    // Before delivery there is nothing to retest.
    expect((await retest(lab.as.auditor, serverSide!, { outcome: 'fixed', note: 'x' })).status).toBe(409);
    await deliver(t, id);

    const fixed = await retest(lab.as.auditor, serverSide!, { outcome: 'fixed', note: 'Sixth wrong PIN in a minute now gets HTTP 429.' });
    expect(fixed.status).toBe(200);
    expect(fixed.body.finding).toMatchObject({ id: serverSide, status: 'fixed', overdue: false });
    // Already fixed: a second "fixed" verdict is a conflict; "not fixed" reopens it, back with the provider.
    expect((await retest(lab.as.lead, serverSide!, { outcome: 'fixed', note: 'again' })).status).toBe(409);
    const reopened = await retest(lab.as.lead, serverSide!, { outcome: 'not_fixed', note: 'The limit is per device, not per account.' });
    expect(reopened.status).toBe(200);
    expect(reopened.body.finding.status).toBe('assigned');
    const notFixed = await retest(lab.as.auditor, other!, { outcome: 'not_fixed', note: 'Stack traces still in 500 answers.' });
    expect(notFixed.body.finding.status).toBe('assigned');
    // A false positive is the lab's decision, not a fix to verify.
    expect((await retest(lab.as.auditor, rooted!, { outcome: 'not_fixed', note: 'x' })).status).toBe(409);

    const events = await t.p.db.query<{ kind: string; from_status: string; to_status: string; body: string }>(
      "select kind, from_status, to_status, body from finding_events where finding_id = $1 and kind like 'retest%' order by id",
      [serverSide],
    );
    expect(events.map((e) => [e.kind, e.from_status, e.to_status])).toEqual([['retest_fixed', 'assigned', 'fixed'], ['retest_not_fixed', 'fixed', 'assigned']]);
    expect(events[1]!.body).toMatch(/per device/);
    const told = await t.p.db.query<{ user_id: string; title: string }>("select user_id, title from notifications where engagement_id = $1 and kind = 'retest' order by id", [id]);
    expect(told.map((n) => n.user_id)).toEqual([lab.users.provider.id, lab.users.provider.id, lab.users.provider.id]);
    expect(told[0]!.title).toMatch(/confirmed the fix/);
    const audit = await t.p.db.query<{ n: number }>("select count(*)::int as n from audit_log where object_id = $1 and action = 'engagement.retest'", [id]);
    expect(audit[0]!.n).toBe(3);
    // The provider sees the verdicts in the finding's history.
    const seen = await getJson<{ finding: { events: Array<{ kind: string }> } }>(lab.as.provider, `/api/v1/findings/${serverSide}`);
    expect(seen.body.finding.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['retest_fixed', 'retest_not_fixed']));

    // Who may retest: the team's testers only; and what they send must make sense.
    for (const who of ['provider', 'reviewer', 'readonly', 'oversight'] as const) expect((await retest(lab.as[who], other!, { outcome: 'fixed', note: 'x' })).status, who).toBe(403);
    expect((await retest(lab.as.auditor2, other!, { outcome: 'fixed', note: 'x' })).status).toBe(403);
    expect((await retest(lab.as.outsiderLead, other!, { outcome: 'fixed', note: 'x' })).status).toBe(404);
    expect((await retest(lab.as.auditor, other!, { outcome: 'maybe', note: 'x' })).status).toBe(400);
    expect((await retest(lab.as.auditor, other!, { outcome: 'fixed' })).status).toBe(400);
    expect((await retest(lab.as.auditor, randomUUID(), { outcome: 'fixed', note: 'x' })).status).toBe(404);
  });

  it('flags overdue findings (past the due date or the target date) and lists them on the dashboard', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const { id } = await planEngagement(lab, { title: 'Overdue audit' });
    const [pastDue, pastTarget, onTime, fixedLate] = await addFindings(t, lab, id, [
      { title: 'Cleartext API calls', severity: 'critical', dueAt: new Date(Date.now() - 3 * DAY) },
      { title: 'Weak PIN policy', severity: 'medium', dueAt: new Date(Date.now() + 60 * DAY) },
      { title: 'Screenshots allowed', severity: 'low', dueAt: new Date(Date.now() + 60 * DAY) },
      { title: 'Debug build', severity: 'high', status: 'fixed', dueAt: new Date(Date.now() - 3 * DAY) },
    ]);
    await deliver(t, id);
    // The provider promised a date that has now passed (written directly: an answer cannot give a past date).
    expect((await post(lab.as.provider, `/api/v1/engagements/${id}/findings/${pastTarget}/responses`, { plan: 'Next sprint.', targetDate: day(5) })).status).toBe(201);
    await t.p.db.query('update remediation_responses set target_date = $2 where finding_id = $1', [pastTarget, day(-1)]);
    expect((await post(lab.as.provider, `/api/v1/engagements/${id}/findings/${onTime}/responses`, { plan: 'Today.', targetDate: day(0) })).status).toBe(201);

    const flags = Object.fromEntries((await findingsOf(lab.as.lead, id)).body.findings.map((f) => [f.id, f.overdue]));
    expect(flags).toEqual({ [pastDue!]: true, [pastTarget!]: true, [onTime!]: false, [fixedLate!]: false });

    type Dash = { dashboard: { overdueRemediation: Array<{ engagementId: string; engagementTitle: string; findings: Array<{ id: string; targetDate: string | null }> }> } };
    const mine = (d: Dash) => d.dashboard.overdueRemediation.find((e) => e.engagementId === id);
    const lead = (await getJson<Dash>(lab.as.lead, '/api/v1/dashboard')).body;
    expect(mine(lead)!.findings.map((f) => f.id)).toEqual([pastDue, pastTarget]);
    expect(mine(lead)!.findings[1]!.targetDate).toBe(day(-1));
    expect(mine((await getJson<Dash>(lab.as.readonly, '/api/v1/dashboard')).body)).toBeDefined();
    expect(mine((await getJson<Dash>(lab.as.provider, '/api/v1/dashboard')).body)!.findings).toHaveLength(2);
    expect(mine((await getJson<Dash>(otherRep, '/api/v1/dashboard')).body)).toBeUndefined();
    expect(mine((await getJson<Dash>(lab.as.outsiderLead, '/api/v1/dashboard')).body)).toBeUndefined();

    const page = await lab.as.provider.get('/');
    expect(page.status).toBe(200);
    expect(page.text_).toContain('Overdue remediation');
    expect(page.text_).toContain(`href="/engagements/${id}"`);
    expect(page.text_).toContain(`href="/findings/${pastDue}"`);
    expect(page.text_).not.toContain(`href="/findings/${onTime}"`);
    // Resolved, it leaves the section.
    expect((await post(lab.as.auditor, `/api/v1/engagements/${id}/findings/${pastDue}/retest`, { outcome: 'fixed', note: 'TLS only now.' })).status).toBe(200);
    expect(mine((await getJson<Dash>(lab.as.lead, '/api/v1/dashboard')).body)!.findings.map((f) => f.id)).toEqual([pastTarget]);
  });
});

const fixture = (name: string): Buffer => readFileSync(join(repoRoot, 'fixtures', 'android', 'build', name));

function apkForm(name: string, bytes: Uint8Array): FormData {
  const f = new FormData();
  f.set('file', new Blob([bytes]), name);
  return f;
}

describe.each(BACKENDS)('remediation retest by a new app version on %s', (backend) => {
  let t: TestPlatform | undefined;
  let lab: Lab;

  beforeAll(async () => {
    if (backend === 'postgres' && !(await postgresAvailable())) return;
    // With the worker: the scans really run. The diff pair is two versions of one package: v2 drops android:debuggable.
    t = await startTestPlatform(backend);
    lab = await seedLab(t, { androidIdentifier: 'org.dfslab.fixture.diffpair' });
  }, 120_000);
  afterAll(async () => t?.stop());

  const scan = async (file: string): Promise<string> => {
    const r = await lab.as.lead.request('POST', `/api/v1/apps/${lab.androidAppId}/scans?wait=true`, { body: apkForm(file, fixture(file)) });
    expect(r.status, r.text_.slice(0, 200)).toBe(200);
    const body = JSON.parse(r.text_) as { scan: { id: string; status: string } };
    expect(body.scan.status).toBe('done');
    return body.scan.id;
  };

  it('the provider reports the fix, a scan of the new version linked to the engagement confirms it', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const { id } = await planEngagement(lab);
    expect((await movePhase(lab.as.lead, id, 'testing')).status).toBe(200);
    const v1 = await scan('diff-v1.apk');
    expect((await post(lab.as.auditor, `/api/v1/engagements/${id}/scans`, { scanId: v1 })).status).toBe(201);
    await deliver(t, id);

    const released = (await findingsOf(lab.as.provider, id)).body.findings;
    const debuggable = released.find((f) => f.check_id === 'android.manifest.debuggable');
    expect(debuggable, JSON.stringify(released.map((f) => f.check_id))).toBeDefined();
    expect(debuggable!.source).toBe('scan');
    const claim = await post(lab.as.provider, `/api/v1/engagements/${id}/findings/${debuggable!.id}/responses`, { plan: 'Release build 4.2.1 is not debuggable.', fixed: true });
    expect(claim.status).toBe(201);

    // The lab scans the new version and links it to the engagement (allowed in remediation): the finding it no longer sees is fixed.
    const v2 = await scan('diff-v2.apk');
    expect((await post(lab.as.auditor, `/api/v1/engagements/${id}/scans`, { scanId: v2 })).status).toBe(201);
    const after = (await findingsOf(lab.as.provider, id)).body.findings;
    expect(after.find((f) => f.id === debuggable!.id)).toMatchObject({ status: 'fixed', overdue: false, response: { fixed: true } });
    const ev = await t.p.db.query<{ kind: string }>('select kind from finding_events where finding_id = $1 and scan_id = $2', [debuggable!.id, v2]);
    expect(ev.map((e) => e.kind)).toEqual(['not-seen']);
    // The new version's own new finding belongs to the engagement now, but was not released: the lab sees it, the provider does not.
    const fresh = await t.p.db.query<{ id: string }>('select id from findings where app_id = $1 and first_scan_id = $2', [lab.androidAppId, v2]);
    expect(fresh).toHaveLength(1);
    expect(after.map((f) => f.id)).not.toContain(fresh[0]!.id);
    expect((await findingsOf(lab.as.lead, id)).body.findings.map((f) => f.id)).toContain(fresh[0]!.id);
    // The rest of what v1 saw (same code in v2) is still unresolved.
    expect(after.filter((f) => f.id !== debuggable!.id).every((f) => f.status === 'open')).toBe(true);
  }, 180_000);

  const findingsOf = async (c: Client, id: string) => getJson<{ findings: ApiFinding[] }>(c, `/api/v1/engagements/${id}/findings`);
});
