/**
 * Engagements from the API, on both databases: planning with a test plan generated from the profile, the team
 * (with a reviewer from another organisation who reaches this engagement and nothing else of the lab), the
 * phase guards, and who sees what.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_PROFILES, profileItems } from '../../src/catalog/profiles.js';
import { loadCatalog } from '../../src/index.js';
import { BACKENDS, postgresAvailable } from './databases.js';
import { getJson, movePhase, planEngagement, seedLab, type Lab } from './engagement-fixtures.js';
import { startTestPlatform, type TestPlatform } from './platform.js';

describe.each(BACKENDS)('engagements on %s', (backend) => {
  let t: TestPlatform | undefined;
  let lab: Lab;

  beforeAll(async () => {
    if (backend === 'postgres' && !(await postgresAvailable())) return;
    t = await startTestPlatform(backend, { worker: false });
    lab = await seedLab(t);
  }, 120_000);
  afterAll(async () => t?.stop());

  it('plans an engagement with one plan row per profile item, automated where a check covers it', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const { id } = await planEngagement(lab, { profile: 'mobile-app-baseline' });
    const plan = await getJson<{ summary: { total: number; automated: number; manual: number; pending: number }; rows: Array<{ item_id: string; mode: string; result: string | null; checks: string[] }> }>(lab.as.lead, `/api/v1/engagements/${id}/plan`);
    expect(plan.status).toBe(200);
    const profile = AUDIT_PROFILES.find((p) => p.id === 'mobile-app-baseline')!;
    const items = profileItems(loadCatalog(), profile).map((i) => i.id);
    expect(plan.body.rows.map((r) => r.item_id)).toEqual(items);
    expect(plan.body.summary.automated).toBeGreaterThan(0);
    expect(plan.body.summary.manual).toBeGreaterThan(0);
    expect(plan.body.summary.automated + plan.body.summary.manual).toBe(items.length);
    for (const r of plan.body.rows) {
      expect(r.mode === 'automated', r.item_id).toBe(r.checks.length > 0);
      expect(r.result).toBeNull();
    }
  });

  it('refuses bad plans with a message that says what is wrong', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const base = { title: 'x', providerId: lab.providerId, profile: 'all', channels: ['android'], apps: [{ appId: lab.androidAppId }] };
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ ...base, profile: 'nope' }, /unknown profile/],
      [{ ...base, channels: [] }, /at least one channel/],
      [{ ...base, channels: ['fax'] }, /not a channel/],
      [{ ...base, startsOn: '2026-12-01', endsOn: '2026-11-01' }, /before the start/],
      [{ ...base, startsOn: '2026-13-45' }, /must be a date/],
      [{ ...base, approvalsRequired: 9 }, /1 to 5/],
      [{ ...base, apps: [{ appId: '00000000-0000-4000-8000-000000000000' }] }, /not one of this provider's apps/],
      [{ ...base, providerId: 'x' }, /choose a provider/],
      // A training engagement is set up on the bundled samples, whose answer key fits them only.
      [{ ...base, type: 'training' }, /POST \/api\/v1\/training/],
    ];
    for (const [json, message] of cases) {
      const r = await lab.as.lead.request('POST', '/api/v1/engagements', { json });
      expect(r.status, JSON.stringify(json)).toBe(400);
      expect(r.text_).toMatch(message);
    }
    const auditor = await lab.as.auditor.request('POST', '/api/v1/engagements', { json: base });
    expect(auditor.status).toBe(403);
  });

  it('lets a reviewer of another organisation reach the engagement and nothing else of the lab', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const { id } = await planEngagement(lab);
    const seen = await getJson<{ engagement: { id: string }; team: Array<{ role: string; org_id: string }> }>(lab.as.oversight, `/api/v1/engagements/${id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.team.some((m) => m.role === 'reviewer' && m.org_id === lab.oversightOrgId)).toBe(true);
    expect((await getJson(lab.as.oversight, `/api/v1/engagements/${id}/plan`)).status).toBe(200);
    const list = await getJson<{ engagements: Array<{ id: string; my_role: string }> }>(lab.as.oversight, '/api/v1/engagements');
    // Only the engagements they were invited to (this one and the first test's), never the lab's others.
    expect(list.body.engagements.map((e) => e.id)).toContain(id);
    for (const e of list.body.engagements) expect(e.my_role).toBe('reviewer');
    // The lab's other objects stay out of reach.
    expect((await getJson(lab.as.oversight, `/api/v1/providers/${lab.providerId}`)).status).toBe(404);
    expect((await getJson(lab.as.oversight, `/api/v1/apps/${lab.androidAppId}`)).status).toBe(404);
    // A lead of another lab, not a member, does not see it; nor does the provider before delivery.
    expect((await getJson(lab.as.outsiderLead, `/api/v1/engagements/${id}`)).status).toBe(404);
    expect((await getJson(lab.as.provider, `/api/v1/engagements/${id}`)).status).toBe(404);
    // A cross-organisation lead or auditor is refused: only reviewers come from outside.
    const bad = await lab.as.lead.request('POST', `/api/v1/engagements/${id}/members`, { json: { email: lab.users.outsiderLead.email, role: 'auditor' } });
    expect(bad.status).toBe(400);
    expect(bad.text_).toMatch(/member of this lab/);
    const notReviewer = await lab.as.lead.request('POST', `/api/v1/engagements/${id}/members`, { json: { email: lab.users.outsiderLead.email, role: 'reviewer' } });
    expect(notReviewer.status).toBe(400);
  });

  it('guards the phases: order, scope, reviewer, manual results, approvals, unresolved findings', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const { id } = await planEngagement(lab, { profile: 'ussd-stk', reviewers: [] });
    expect((await movePhase(lab.as.lead, id, 'review')).status).toBe(409);
    expect((await movePhase(lab.as.lead, id, 'delivered')).status).toBe(409);
    expect((await movePhase(lab.as.auditor, id, 'testing')).status).toBe(403);
    expect((await movePhase(lab.as.readonly, id, 'testing')).status).toBe(403);
    expect((await movePhase(lab.as.lead, id, 'archived')).status).toBe(400);
    expect((await movePhase(lab.as.lead, id, 'testing')).status).toBe(200);
    expect((await movePhase(lab.as.lead, id, 'planning')).status).toBe(409);
    expect((await movePhase(lab.as.lead, id, 'reporting')).status).toBe(200);
    const noReviewer = await movePhase(lab.as.lead, id, 'review');
    expect(noReviewer.status).toBe(409);
    expect(JSON.stringify(noReviewer.body)).toMatch(/invite a reviewer/);
    await lab.as.lead.request('POST', `/api/v1/engagements/${id}/members`, { json: { email: lab.users.reviewer.email, role: 'reviewer' } });
    const pending = await movePhase(lab.as.lead, id, 'review');
    expect(pending.status).toBe(409);
    expect(JSON.stringify(pending.body)).toMatch(/manual tests? ha(s|ve) no result/);
    // The lab admin may act as lead; a lead of the lab who is not in the team may not.
    const events = await getJson<{ events: Array<{ kind: string; from_phase: string | null; to_phase: string | null }> }>(lab.as.admin, `/api/v1/engagements/${id}/events`);
    expect(events.body.events.filter((e) => e.kind === 'phase').map((e) => `${e.from_phase}>${e.to_phase}`)).toEqual(['planning>testing', 'testing>reporting']);
  });

  it('passes an automated row only on a check that ran to a conclusion: an errored or inconclusive one decides nothing', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const { id } = await planEngagement(lab, { profile: 'ussd-stk' });
    expect((await movePhase(lab.as.lead, id, 'testing')).status).toBe(200);
    type Row = { id: string; item_id: string; mode: string; result: string | null; checks: string[] };
    const rows = async () => (await getJson<{ rows: Row[] }>(lab.as.lead, `/api/v1/engagements/${id}/plan`)).body.rows.filter((r) => r.mode === 'automated');
    // Three automated rows, each covered by a USSD test of its own.
    const picked: Array<{ row: Row; check: string }> = [];
    for (const row of await rows()) {
      const check = row.checks.find((c) => c.startsWith('ussd.') && !picked.some((p) => p.row.checks.includes(c)) && !picked.some((p) => row.checks.includes(p.check)));
      if (check) picked.push({ row, check });
      if (picked.length === 3) break;
    }
    expect(picked).toHaveLength(3);
    const [concluded, errored, inconclusive] = picked as [(typeof picked)[0], (typeof picked)[0], (typeof picked)[0]];
    const scanId = randomUUID();
    const result = {
      checks: { run: picked.map((p) => p.check), failed: [{ checkId: errored.check, code: 'E_USSD_PROTOCOL', message: 'the gateway answered garbage' }] },
      anomalies: [{ source: 'ussd', path: inconclusive.check, kind: 'inconclusive', message: 'the idle timeout is longer than a quick run waits' }],
    };
    await t.p.db.query(
      "insert into scans (id, org_id, app_id, provider_id, kind, status, file_name, result, finished_at) values ($1, $2, $3, $4, 'ussd', 'done', 'target.yaml', $5, now())",
      [scanId, lab.orgId, lab.ussdAppId, lab.providerId, JSON.stringify(result)],
    );
    expect((await lab.as.auditor.request('POST', `/api/v1/engagements/${id}/scans`, { json: { scanId } })).status).toBe(201);
    const after = new Map((await rows()).map((r) => [r.id, r.result]));
    expect(after.get(concluded.row.id)).toBe('pass');
    expect(after.get(errored.row.id)).toBeNull();
    expect(after.get(inconclusive.row.id)).toBeNull();
  });
});
