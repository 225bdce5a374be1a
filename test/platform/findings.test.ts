/**
 * Findings triage and the dashboard, from the user's side, on the embedded database and on PostgreSQL: the
 * triage state machine per role and status, accept-risk validation, the release with its SLA due date, what
 * provider representatives see and may do, tenancy between organisations, the dashboard's figures, and the
 * event + audit rows every action writes. The transition table is also tested on its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowedActions, checkTransition, FINDING_ACTIONS, futureDate, TRANSITIONS, type FindingAction } from '../../src/platform/services/findings.js';
import { FINDING_STATUSES, ROLES, type FindingStatus, type Role } from '../../src/platform/types.js';
import { BACKENDS, postgresAvailable } from './databases.js';
import { addDoneScan, addFinding, addProvider, addApp, seedApp } from './findings-fixtures.js';
import { addOrg, addUser, loginAs, setUpAdmin, startTestPlatform, type Client, type TestPlatform } from './platform.js';

const DAY = 86_400_000;
const inDays = (n: number): string => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);

/** The rules as the issue states them, written out independently of the implementation's table. */
const SPEC: Record<FindingAction, { from: FindingStatus[] | 'any'; to: FindingStatus | null; roles: Role[] }> = {
  confirm: { from: ['open'], to: 'confirmed', roles: ['admin', 'lead', 'auditor'] },
  false_positive: { from: ['open', 'confirmed', 'assigned'], to: 'false_positive', roles: ['admin', 'lead', 'auditor'] },
  accept_risk: { from: ['open', 'confirmed', 'assigned'], to: 'accepted', roles: ['admin', 'lead'] },
  assign_to_provider: { from: ['open', 'confirmed'], to: 'assigned', roles: ['admin', 'lead'] },
  mark_fixed: { from: ['open', 'confirmed', 'assigned'], to: 'fixed', roles: ['admin', 'lead', 'auditor'] },
  reopen: { from: ['false_positive', 'accepted', 'fixed'], to: 'open', roles: ['admin', 'lead', 'auditor'] },
  comment: { from: 'any', to: null, roles: ['admin', 'lead', 'auditor', 'reviewer', 'provider'] },
};

function expected(role: Role, status: FindingStatus, action: FindingAction): 200 | 403 | 409 {
  const s = SPEC[action];
  if (!s.roles.includes(role)) return 403;
  if (s.from !== 'any' && !s.from.includes(status)) return 409;
  return 200;
}

/** A valid body for each action (so only the role and the status decide). */
function bodyFor(action: FindingAction): Record<string, string> {
  switch (action) {
    case 'false_positive':
      return { action, reason: 'the key is a test fixture, not shipped' };
    case 'accept_risk':
      return { action, reason: 'compensating control at the gateway', until: inDays(180) };
    case 'comment':
      return { action, body: 'We plan to fix this in release 4.2.' };
    default:
      return { action };
  }
}

describe('the triage transition table', () => {
  it('matches the specification for every role, status and action', () => {
    for (const role of ROLES)
      for (const status of FINDING_STATUSES)
        for (const action of FINDING_ACTIONS) {
          const got = checkTransition(role, status, action);
          const want = expected(role, status, action);
          expect(got.ok ? 200 : got.status, `${role} ${action} on ${status}`).toBe(want);
          if (got.ok) expect(got.to).toBe(SPEC[action].to);
          else expect(got.message.length).toBeGreaterThan(10);
        }
  });

  it('never lets read-only users act, and lets provider representatives only comment', () => {
    for (const status of FINDING_STATUSES) {
      expect(allowedActions('readonly', status)).toEqual([]);
      expect(allowedActions('provider', status)).toEqual(['comment']);
      expect(allowedActions('reviewer', status)).toEqual(['comment']);
    }
    expect(allowedActions('auditor', 'open')).toEqual(['confirm', 'false_positive', 'mark_fixed', 'comment']);
    expect(allowedActions('lead', 'open')).toEqual(['confirm', 'false_positive', 'accept_risk', 'assign_to_provider', 'mark_fixed', 'comment']);
    expect(allowedActions('admin', 'fixed')).toEqual(['reopen', 'comment']);
  });

  it('has a way out of every status, and every status-changing action lands on a real status', () => {
    for (const status of FINDING_STATUSES) expect(allowedActions('admin', status).filter((a) => a !== 'comment').length, status).toBeGreaterThan(0);
    for (const a of FINDING_ACTIONS) {
      const t = TRANSITIONS[a];
      if (t.to) expect(FINDING_STATUSES).toContain(t.to);
      if (t.from !== 'any') expect(t.from).not.toContain(t.to);
    }
  });

  it('checks dates: future, at most three years ahead, real calendar days', () => {
    const now = new Date('2026-01-15T12:00:00Z');
    expect(futureDate('2026-06-01', 'until', now).toISOString()).toBe('2026-06-01T00:00:00.000Z');
    expect(futureDate('2026-01-16T08:00:00Z', 'until', now).toISOString()).toBe('2026-01-16T08:00:00.000Z');
    for (const bad of [undefined, '', 'tomorrow', '2026-02-30', '2026-13-01', '2026-01-15', '2025-12-31', '2029-01-16', '20260601']) {
      expect(() => futureDate(bad, 'until', now), String(bad)).toThrow(/until/);
    }
    expect(futureDate('2029-01-15', 'until', now).toISOString()).toBe('2029-01-15T00:00:00.000Z');
  });
});

describe.each(BACKENDS)('findings on %s', (backend) => {
  let t: TestPlatform | undefined;
  let orgId = '';
  const as = {} as Record<Role, Client>;
  let p1: { providerId: string; appId: string; scanId: string };
  let p2: { providerId: string; appId: string; scanId: string };
  let other: { orgId: string; admin: Client; findingId: string };

  beforeAll(async () => {
    if (backend === 'postgres' && !(await postgresAvailable())) return;
    t = await startTestPlatform(backend, { worker: false, config: { loginRateLimit: 100 } });
    as.admin = await setUpAdmin(t);
    orgId = (await t.p.db.one<{ org_id: string }>(`select org_id from users where email = 'admin@lab.test'`))!.org_id;
    p1 = await seedApp(t.p.db, orgId, 'MobiCash');
    p2 = await seedApp(t.p.db, orgId, 'PesaBank');
    for (const role of ['lead', 'auditor', 'reviewer', 'readonly'] as const) as[role] = await loginAs(t, (await addUser(t, orgId, role)).email);
    as.provider = await loginAs(t, (await addUser(t, orgId, 'provider', { providerId: p1.providerId })).email);
    const otherOrg = await addOrg(t, 'Other Lab');
    const o = await seedApp(t.p.db, otherOrg, 'Other Bank');
    other = { orgId: otherOrg, admin: await loginAs(t, (await addUser(t, otherOrg, 'admin')).email), findingId: await addFinding(t.p.db, otherOrg, o.appId, o.scanId, { status: 'assigned' }) };
  }, 180_000);
  afterAll(async () => t?.stop());

  async function api(c: Client, method: string, path: string, json?: unknown): Promise<{ status: number; body: any }> {
    const r = await c.request(method, path, json === undefined ? {} : { json });
    return { status: r.status, body: r.text_ ? JSON.parse(r.text_) : undefined };
  }
  const status = async (id: string) => (await t!.p.db.one<{ status: string }>('select status from findings where id = $1', [id]))!.status;
  const eventsOf = (id: string) => t!.p.db.query<{ kind: string; from_status: string; to_status: string; body: string | null; user_id: string }>('select kind, from_status, to_status, body, user_id from finding_events where finding_id = $1 order by id', [id]);
  const auditOf = (id: string) => t!.p.db.query<{ action: string; detail: Record<string, unknown>; user_id: string }>(`select action, detail, user_id from audit_log where object_type = 'finding' and object_id = $1 order by id`, [id]);

  it('allows or refuses every action per role and status, and writes an event and an audit row for each allowed one', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const staff: Role[] = ['admin', 'lead', 'auditor', 'reviewer', 'readonly'];
    let checked = 0;
    for (const from of FINDING_STATUSES) {
      for (const action of FINDING_ACTIONS) {
        for (const role of staff) {
          const id = await addFinding(t.p.db, orgId, p1.appId, p1.scanId, { status: from });
          const r = await api(as[role], 'POST', `/api/v1/findings/${id}/actions`, bodyFor(action));
          // Read-only users are stopped by the route's declared access, before the state machine.
          const want = role === 'readonly' ? 403 : expected(role, from, action);
          expect(r.status, `${role} ${action} on ${from}: ${JSON.stringify(r.body)}`).toBe(want);
          const events = await eventsOf(id);
          const audit = await auditOf(id);
          if (want === 200) {
            const to = SPEC[action].to ?? from;
            expect(r.body.finding.status).toBe(to);
            expect(await status(id)).toBe(to);
            expect(events).toHaveLength(1);
            expect(events[0]).toMatchObject({ from_status: from, to_status: to });
            expect(audit.map((a) => a.action)).toEqual([`finding.${action}`]);
          } else {
            expect(r.body.error.message).toBeTruthy();
            expect(await status(id)).toBe(from);
            expect(events).toHaveLength(0);
            expect(audit).toHaveLength(0);
          }
          checked++;
        }
      }
    }
    expect(checked).toBe(FINDING_STATUSES.length * FINDING_ACTIONS.length * staff.length);
  }, 240_000);

  it('writes the event with who, what and why, and the audit row in the same change', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const id = await addFinding(t.p.db, orgId, p1.appId, p1.scanId);
    const auditor = (await t.p.db.one<{ id: string }>(`select id from users where org_id = $1 and role = 'auditor'`, [orgId]))!.id;
    expect((await api(as.auditor, 'POST', `/api/v1/findings/${id}/actions`, { action: 'false_positive', reason: 'test key only' })).status).toBe(200);
    expect(await eventsOf(id)).toEqual([{ kind: 'false_positive', from_status: 'open', to_status: 'false_positive', body: 'test key only', user_id: auditor }]);
    const [a] = await auditOf(id);
    expect(a).toMatchObject({ action: 'finding.false_positive', user_id: auditor, detail: { from: 'open', to: 'false_positive', reason: 'test key only' } });
    expect((await t.p.db.one<{ reason: string }>('select reason from findings where id = $1', [id]))!.reason).toBe('test key only');
    // Reopen clears the decision's reason; the history keeps it.
    expect((await api(as.auditor, 'POST', `/api/v1/findings/${id}/actions`, { action: 'reopen' })).status).toBe(200);
    const detail = await api(as.auditor, 'GET', `/api/v1/findings/${id}`);
    expect(detail.body.finding).toMatchObject({ status: 'open', reason: null });
    expect(detail.body.finding.events.map((e: { kind: string }) => e.kind)).toEqual(['false_positive', 'reopened']);
  });

  it('validates accept-risk, false-positive and comment input', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const id = await addFinding(t.p.db, orgId, p1.appId, p1.scanId);
    const post = (b: Record<string, unknown>) => api(as.lead, 'POST', `/api/v1/findings/${id}/actions`, b);
    const yesterday = inDays(-1);
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ action: 'accept_risk', until: inDays(30) }, /reason/],
      [{ action: 'accept_risk', reason: '   ', until: inDays(30) }, /reason/],
      [{ action: 'accept_risk', reason: 'ok' }, /until/],
      [{ action: 'accept_risk', reason: 'ok', until: yesterday }, /future/],
      [{ action: 'accept_risk', reason: 'ok', until: inDays(3 * 366 + 2) }, /3 years/],
      [{ action: 'accept_risk', reason: 'ok', until: '2030-02-30' }, /date/],
      [{ action: 'accept_risk', reason: 'ok', until: 'next week' }, /date/],
      [{ action: 'accept_risk', reason: 'x'.repeat(2001), until: inDays(30) }, /longer/],
      [{ action: 'false_positive' }, /reason/],
      [{ action: 'comment', body: '' }, /comment/],
      [{ action: 'assign_to_provider', dueAt: yesterday }, /future/],
      [{ action: 'launch_missiles' }, /action/],
      [{}, /action/],
      [{ action: ['confirm'] }, /text/],
    ];
    for (const [b, msg] of cases) {
      const r = await post(b);
      expect(r.status, JSON.stringify(b)).toBe(400);
      expect(r.body.error.message).toMatch(msg);
    }
    expect(await status(id)).toBe('open');
    expect(await eventsOf(id)).toHaveLength(0);
    const until = inDays(2 * 365);
    const ok = await post({ action: 'accept_risk', reason: 'compensating control', until });
    expect(ok.status).toBe(200);
    expect(ok.body.finding).toMatchObject({ status: 'accepted', reason: 'compensating control' });
    expect(new Date(ok.body.finding.accepted_until).toISOString().slice(0, 10)).toBe(until);
    // Malformed and unknown ids are "not found", never a server error.
    expect((await api(as.lead, 'POST', '/api/v1/findings/not-a-uuid/actions', { action: 'confirm' })).status).toBe(404);
    expect((await api(as.lead, 'GET', '/api/v1/findings/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await as.lead.get('/findings/%27%3B--')).status).toBe(404);
  });

  it('releases a finding to its provider with the due date from the SLA of its severity, or an explicit one', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    await t.p.db.query(`update org_settings set sla_days = '{"critical": 3, "high": 12, "medium": 40, "low": 100, "info": 200}' where org_id = $1`, [orgId]);
    for (const [severity, days] of [['critical', 3], ['high', 12], ['medium', 40]] as const) {
      const id = await addFinding(t.p.db, orgId, p1.appId, p1.scanId, { severity, status: 'confirmed' });
      const before = Date.now();
      const r = await api(as.lead, 'POST', `/api/v1/findings/${id}/actions`, { action: 'assign_to_provider' });
      expect(r.status).toBe(200);
      expect(r.body.finding.status).toBe('assigned');
      expect(r.body.finding.released_at).toBeTruthy();
      const due = new Date(r.body.finding.due_at).getTime();
      expect(due).toBeGreaterThanOrEqual(before + days * DAY - 1000);
      expect(due).toBeLessThanOrEqual(Date.now() + days * DAY + 1000);
      expect(r.body.finding.overdue).toBe(false);
      const [a] = await auditOf(id);
      expect(a!.detail).toMatchObject({ providerId: p1.providerId, explicitDueDate: false });
    }
    const id = await addFinding(t.p.db, orgId, p1.appId, p1.scanId, { severity: 'low' });
    const due = inDays(20);
    const r = await api(as.admin, 'POST', `/api/v1/findings/${id}/actions`, { action: 'assign_to_provider', dueAt: due });
    expect(r.status).toBe(200);
    expect(new Date(r.body.finding.due_at).toISOString().slice(0, 10)).toBe(due);
    // The representative now sees it; the event says when it is due.
    expect((await api(as.provider, 'GET', `/api/v1/findings/${id}`)).status).toBe(200);
    expect((await eventsOf(id))[0]).toMatchObject({ kind: 'assigned', to_status: 'assigned', body: `due ${due}` });
    // An auditor may not release.
    const id2 = await addFinding(t.p.db, orgId, p1.appId, p1.scanId);
    expect((await api(as.auditor, 'POST', `/api/v1/findings/${id2}/actions`, { action: 'assign_to_provider' })).status).toBe(403);
  });

  it('shows a provider representative only the findings released to their provider, and lets them comment but not triage', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const released = await addFinding(t.p.db, orgId, p1.appId, p1.scanId, { status: 'assigned', title: 'Released to MobiCash' });
    const unreleased = await addFinding(t.p.db, orgId, p1.appId, p1.scanId, { status: 'confirmed', title: 'Not released yet' });
    const otherProvider = await addFinding(t.p.db, orgId, p2.appId, p2.scanId, { status: 'assigned', title: 'Released to PesaBank' });
    const list = await api(as.provider, 'GET', '/api/v1/findings?perPage=200');
    expect(list.status).toBe(200);
    const visible = await t.p.db.query<{ id: string }>('select f.id from findings f join apps a on a.id = f.app_id where f.org_id = $1 and a.provider_id = $2 and f.released_at is not null', [orgId, p1.providerId]);
    expect(list.body.findings.map((f: { id: string }) => f.id).sort()).toEqual(visible.map((r) => r.id).sort());
    expect(list.body.total).toBe(visible.length);
    expect(list.body.findings.every((f: { provider_id: string; released_at: string | null }) => f.provider_id === p1.providerId && f.released_at)).toBe(true);
    expect((await api(as.provider, 'GET', `/api/v1/findings?provider=${p2.providerId}`)).body.total).toBe(0);
    expect((await api(as.provider, 'GET', `/api/v1/findings/${released}`)).status).toBe(200);
    expect((await api(as.provider, 'GET', `/api/v1/findings/${unreleased}`)).status).toBe(404);
    expect((await api(as.provider, 'GET', `/api/v1/findings/${otherProvider}`)).status).toBe(404);
    expect((await as.provider.get(`/findings/${unreleased}`)).status).toBe(404);
    expect((await as.provider.get(`/findings/${otherProvider}`)).status).toBe(404);
    expect((await api(as.provider, 'POST', `/api/v1/findings/${otherProvider}/actions`, bodyFor('comment'))).status).toBe(404);
    expect((await api(as.provider, 'POST', `/api/v1/findings/${unreleased}/actions`, bodyFor('comment'))).status).toBe(404);
    for (const action of FINDING_ACTIONS.filter((a) => a !== 'comment')) {
      expect((await api(as.provider, 'POST', `/api/v1/findings/${released}/actions`, bodyFor(action))).status, action).toBe(403);
    }
    expect((await api(as.provider, 'POST', '/api/v1/findings/actions', { ids: [released], action: 'mark_fixed' })).status).toBe(403);
    const c = await api(as.provider, 'POST', `/api/v1/findings/${released}/actions`, { action: 'comment', body: 'Fixed in 4.2, shipping next week.' });
    expect(c.status).toBe(200);
    expect(c.body.finding.status).toBe('assigned');
    expect((await eventsOf(released)).map((e) => [e.kind, e.body])).toEqual([['comment', 'Fixed in 4.2, shipping next week.']]);
    // The page: the comment form only, and the lab's history from before the release stays internal.
    await api(as.auditor, 'POST', `/api/v1/findings/${unreleased}/actions`, { action: 'comment', body: 'internal note before release' });
    await api(as.lead, 'POST', `/api/v1/findings/${unreleased}/actions`, { action: 'assign_to_provider' });
    const pageRes = await as.provider.get(`/findings/${unreleased}`);
    expect(pageRes.status).toBe(200);
    expect(pageRes.text_).not.toContain('internal note before release');
    expect(pageRes.text_).toContain('Released to the provider');
    expect(pageRes.text_).toContain('value="comment"');
    expect(pageRes.text_).not.toContain('value="confirm"');
    expect(pageRes.text_).not.toContain('value="mark_fixed"');
    const form = await as.provider.post(`/findings/${unreleased}/actions`, { action: 'comment', body: 'We will fix it.' });
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toBe(`/findings/${unreleased}#history`);
    // The list page shows theirs and not the others.
    const listPage = await as.provider.get('/findings');
    expect(listPage.text_).toContain('Released to MobiCash');
    expect(listPage.text_).not.toContain('Released to PesaBank');
  });

  it('never shows one organisation the findings of another', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const mine = await addFinding(t.p.db, orgId, p1.appId, p1.scanId, { title: 'Only in the first lab' });
    for (const c of [as.admin, as.lead]) {
      expect((await api(c, 'GET', `/api/v1/findings/${other.findingId}`)).status).toBe(404);
      expect((await api(c, 'POST', `/api/v1/findings/${other.findingId}/actions`, { action: 'mark_fixed' })).status).toBe(404);
      expect((await api(c, 'POST', '/api/v1/findings/actions', { ids: [other.findingId], action: 'mark_fixed' })).status).toBe(404);
      expect((await c.get(`/findings/${other.findingId}`)).status).toBe(404);
      const list = await api(c, 'GET', '/api/v1/findings?perPage=200');
      expect(list.body.findings.some((f: { id: string }) => f.id === other.findingId)).toBe(false);
    }
    expect(await status(other.findingId)).toBe('assigned');
    expect((await api(other.admin, 'GET', `/api/v1/findings/${mine}`)).status).toBe(404);
    expect((await api(other.admin, 'POST', `/api/v1/findings/${mine}/actions`, { action: 'confirm' })).status).toBe(404);
    const theirs = await api(other.admin, 'GET', '/api/v1/findings?perPage=200');
    expect(theirs.body.findings.map((f: { id: string }) => f.id)).toEqual([other.findingId]);
    const dash = await api(other.admin, 'GET', '/api/v1/dashboard');
    expect(dash.body.dashboard.unresolvedTotals.total).toBe(1);
    expect(dash.body.dashboard.unresolvedByProvider.map((r: { providerName: string }) => r.providerName)).toEqual(['Other Bank']);
  });

  it('filters, pages and flags overdue findings in the list', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const s = await seedApp(t.p.db, orgId, 'FilterCo');
    const late = await addFinding(t.p.db, orgId, s.appId, s.scanId, { status: 'assigned', severity: 'critical', dueAt: new Date(Date.now() - 2 * DAY), checkId: 'android.crypto.ecb-mode', title: 'ECB mode 100%_wild' });
    const onTime = await addFinding(t.p.db, orgId, s.appId, s.scanId, { status: 'assigned', severity: 'low', checkId: 'android.crypto.static-iv', title: 'Static IV' });
    await addFinding(t.p.db, orgId, s.appId, s.scanId, { status: 'fixed', severity: 'medium', checkId: 'android.network.cleartext', title: 'Cleartext traffic' });
    const get = async (qs: string) => (await api(as.reviewer, 'GET', `/api/v1/findings?provider=${s.providerId}&${qs}`)).body;
    expect((await get('')).total).toBe(3);
    const overdue = await get('status=overdue');
    expect(overdue.findings.map((f: { id: string; overdue: boolean }) => [f.id, f.overdue])).toEqual([[late, true]]);
    expect((await get('status=unresolved')).total).toBe(2);
    expect((await get('status=fixed')).findings[0].title).toBe('Cleartext traffic');
    expect((await get('severity=low')).findings.map((f: { id: string }) => f.id)).toEqual([onTime]);
    expect((await get('check=android.crypto.')).total).toBe(2);
    expect((await get('check=android.crypto.ecb-mode')).total).toBe(1);
    expect((await get('check=android.crypto')).total).toBe(0);
    expect((await get('text=static')).findings.map((f: { id: string }) => f.id)).toEqual([onTime]);
    expect((await get('text=100%25_')).findings.map((f: { id: string }) => f.id)).toEqual([late]);
    expect((await get('text=10_%25')).total).toBe(0);
    expect((await get(`app=${s.appId}&text=filterco`)).total).toBe(3);
    // Worst first, then paged.
    const p1of3 = await get('perPage=1');
    const p2of3 = await get('perPage=1&page=2');
    expect(p1of3.findings[0].id).toBe(late);
    expect(p2of3.findings[0].severity).toBe('medium');
    expect(p2of3).toMatchObject({ total: 3, page: 2, perPage: 1 });
    for (const bad of ['status=nope', 'severity=urgent', 'provider=xyz', 'page=0', 'perPage=1000', 'status=open&status=fixed']) {
      expect((await api(as.reviewer, 'GET', `/api/v1/findings?${bad}`)).status, bad).toBe(400);
    }
    const listPage = await as.reviewer.get(`/findings?provider=${s.providerId}&status=unresolved`);
    expect(listPage.status).toBe(200);
    expect(listPage.text_).toContain('ECB mode 100%_wild');
    expect(listPage.text_).toMatch(/Assigned to provider<strong class="error"> · overdue<\/strong>/);
    expect(listPage.text_).not.toContain('Cleartext traffic');
    // Reviewers read but get no bulk triage form.
    expect(listPage.text_).not.toContain('name="ids"');
  });

  it('renders the finding page with the forms this role may use, and the form posts redirect or explain', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const id = await addFinding(t.p.db, orgId, p1.appId, p1.scanId);
    const auditorPage = await as.auditor.get(`/findings/${id}`);
    expect(auditorPage.status).toBe(200);
    const html = auditorPage.text_;
    expect(html).toContain('lets anyone attach a debugger &lt;and read memory&gt;.');
    expect(html).toContain('AndroidManifest.xml');
    expect(html).toContain('&lt;application android:debuggable=&quot;true&quot;&gt;');
    expect(html).toContain('Remove android:debuggable from release builds.');
    expect(html).toContain('CWE-489');
    const offered = [...html.matchAll(/name="action" value="([a-z_]+)"/g)].map((m) => m[1]);
    expect(offered).toEqual(['confirm', 'false_positive', 'mark_fixed', 'comment']);
    const ro = await as.readonly.get(`/findings/${id}`);
    expect(ro.status).toBe(200);
    expect(ro.text_).not.toContain('name="action"');
    expect((await as.readonly.post(`/findings/${id}/actions`, { action: 'comment', body: 'hi' })).status).toBe(403);
    const ok = await as.auditor.post(`/findings/${id}/actions`, { action: 'confirm' });
    expect(ok.status).toBe(303);
    expect(await status(id)).toBe('confirmed');
    const again = await as.auditor.post(`/findings/${id}/actions`, { action: 'confirm' });
    expect(again.status).toBe(409);
    expect(again.text_).toContain('role="alert"');
    expect(again.text_).toContain('cannot confirm a finding that is confirmed');
    const noReason = await as.auditor.post(`/findings/${id}/actions`, { action: 'false_positive' });
    expect(noReason.status).toBe(400);
    expect(noReason.text_).toContain('give a reason');
    expect((await as.auditor.request('POST', `/findings/${id}/actions`, { form: { action: 'mark_fixed' }, csrf: false })).status).toBe(403);
    expect(await status(id)).toBe('confirmed');
  });

  it('applies one action to a selection, all or nothing', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const s = await seedApp(t.p.db, orgId, 'BulkCo');
    const a = await addFinding(t.p.db, orgId, s.appId, s.scanId);
    const b = await addFinding(t.p.db, orgId, s.appId, s.scanId);
    const fixed = await addFinding(t.p.db, orgId, s.appId, s.scanId, { status: 'fixed', title: 'Already fixed one' });
    const listPage = await as.auditor.get(`/findings?provider=${s.providerId}`);
    expect(listPage.text_).toContain(`name="ids" value="${a}"`);
    const refused = await as.auditor.request('POST', '/findings/actions', { body: new URLSearchParams([['_csrf', as.auditor.csrf!], ['action', 'confirm'], ['ids', a], ['ids', fixed], ['ids', b], ['back', `/findings?provider=${s.providerId}`]]).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(refused.status).toBe(409);
    expect(refused.text_).toContain('Already fixed one');
    expect([await status(a), await status(b), await status(fixed)]).toEqual(['open', 'open', 'fixed']);
    expect(await eventsOf(a)).toHaveLength(0);
    const done = await as.auditor.request('POST', '/findings/actions', { body: new URLSearchParams([['_csrf', as.auditor.csrf!], ['action', 'confirm'], ['ids', a], ['ids', b], ['back', `/findings?provider=${s.providerId}`]]).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`/findings?provider=${s.providerId}`);
    expect([await status(a), await status(b)]).toEqual(['confirmed', 'confirmed']);
    const viaApi = await api(as.lead, 'POST', '/api/v1/findings/actions', { ids: [a, b], action: 'accept_risk', reason: 'batch decision', until: inDays(60) });
    expect(viaApi).toMatchObject({ status: 200, body: { updated: 2 } });
    expect((await t.p.db.query(`select 1 from audit_log where action = 'finding.bulk' and org_id = $1`, [orgId])).length).toBe(2);
    // The back link can only lead to the findings list.
    const evil = await as.auditor.post('/findings/actions', { action: 'reopen', ids: a, back: '//evil.example/findings' });
    expect(evil.status).toBe(303);
    expect(evil.headers.get('location')).toBe('/findings');
    expect((await api(as.auditor, 'POST', '/api/v1/findings/actions', { ids: [], action: 'confirm' })).status).toBe(400);
  });

  it('counts the dashboard from the data: by provider and severity, SLA breaches, statuses, recent scans', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    // A lab of its own, so the counts are exactly what is seeded here.
    const lab = await addOrg(t, 'Dashboard Lab');
    const admin = await loginAs(t, (await addUser(t, lab, 'admin')).email);
    const alpha = await seedApp(t.p.db, lab, 'Alpha Bank');
    const beta = await seedApp(t.p.db, lab, 'Beta Money');
    await addProvider(t.p.db, lab, 'Gamma Quiet');
    const seeds: Array<[typeof alpha, Parameters<typeof addFinding>[4]]> = [
      [alpha, { severity: 'critical' }],
      [alpha, { severity: 'critical', status: 'confirmed' }],
      [alpha, { severity: 'high', status: 'assigned', dueAt: new Date(Date.now() - 3 * DAY - 3_600_000) }],
      [alpha, { severity: 'low', status: 'fixed' }],
      [alpha, { severity: 'info', status: 'false_positive' }],
      [beta, { severity: 'high', status: 'assigned' }],
      [beta, { severity: 'high', status: 'accepted' }],
      [beta, { severity: 'medium', status: 'assigned', dueAt: new Date(Date.now() - DAY - 3_600_000) }],
      [beta, { severity: 'critical', status: 'confirmed' }],
    ];
    const ids: string[] = [];
    for (const [s, o] of seeds) ids.push(await addFinding(t.p.db, lab, s.appId, s.scanId, o));
    const r = await api(admin, 'GET', '/api/v1/dashboard');
    expect(r.status).toBe(200);
    const d = r.body.dashboard;
    expect(d.unresolvedByProvider.map((x: { providerName: string; counts: unknown; total: number }) => [x.providerName, x.counts, x.total])).toEqual([
      ['Alpha Bank', { critical: 2, high: 1, medium: 0, low: 0, info: 0 }, 3],
      ['Beta Money', { critical: 1, high: 1, medium: 1, low: 0, info: 0 }, 3],
      ['Gamma Quiet', { critical: 0, high: 0, medium: 0, low: 0, info: 0 }, 0],
    ]);
    expect(d.unresolvedTotals).toEqual({ critical: 3, high: 2, medium: 1, low: 0, info: 0, total: 6 });
    expect(d.statusCounts).toEqual({ open: 1, confirmed: 2, false_positive: 1, accepted: 1, assigned: 3, fixed: 1 });
    expect(d.overdue.count).toBe(2);
    expect(d.overdue.findings.map((f: { id: string; daysOverdue: number }) => [f.id, f.daysOverdue])).toEqual([[ids[2], 3], [ids[7], 1]]);
    // The counts agree with the list they link to.
    const linked = await api(admin, 'GET', `/api/v1/findings?status=unresolved&provider=${alpha.providerId}&severity=critical`);
    expect(linked.body.total).toBe(2);
    // Recent scans: the latest ten, newest first (these are newer than the seeded apps' scans).
    const scanIds: string[] = [];
    for (let i = 0; i < 12; i++) scanIds.push(await addDoneScan(t.p.db, lab, alpha.appId, alpha.providerId, { fileName: `build-${i}.apk`, score: 50 + i, grade: 'B', createdAt: new Date(Date.now() + (i + 1) * 60_000) }));
    const r2 = (await api(admin, 'GET', '/api/v1/dashboard')).body.dashboard;
    expect(r2.recentScans.map((s: { file_name: string }) => s.file_name)).toEqual(Array.from({ length: 10 }, (_, i) => `build-${11 - i}.apk`));
    expect(r2.recentScans[0]).toMatchObject({ status: 'done', app_name: expect.any(String), provider_name: 'Alpha Bank', score: 61, grade: 'B' });
    // The page shows the same figures, each count a link to its list.
    const home = await admin.get('/');
    expect(home.status).toBe(200);
    expect(home.text_).toContain(`href="/findings?status=unresolved&amp;severity=critical&amp;provider=${alpha.providerId}" aria-label="2 unresolved critical findings of Alpha Bank">2</a>`);
    expect(home.text_).toContain('2 findings are past the due date.');
    expect(home.text_).toContain('build-11.apk');
    expect(home.text_).toContain('<th scope="row">');
    // A provider representative: their released findings only, no scans.
    const rep = await loginAs(t, (await addUser(t, lab, 'provider', { providerId: beta.providerId })).email);
    const rd = (await api(rep, 'GET', '/api/v1/dashboard')).body.dashboard;
    expect(rd.unresolvedByProvider.map((x: { providerName: string; counts: unknown }) => [x.providerName, x.counts])).toEqual([['Beta Money', { critical: 0, high: 1, medium: 1, low: 0, info: 0 }]]);
    expect(rd.statusCounts).toEqual({ open: 0, confirmed: 0, false_positive: 0, accepted: 0, assigned: 2, fixed: 0 });
    expect(rd.overdue.count).toBe(1);
    expect(rd.recentScans).toEqual([]);
    const repHome = await rep.get('/');
    expect(repHome.status).toBe(200);
    expect(repHome.text_).not.toContain('Alpha Bank');
    expect(repHome.text_).not.toContain('build-11.apk');
  });
});
