/**
 * Manual test results of an engagement from the API, on both databases: recording pass / fail / not
 * applicable / not tested with their validation, a failure becoming a finding in the findings model (stable
 * per app and item across engagements), corrections before delivery (false positive, kept), retests after
 * delivery (fixed, reopened, released at once), and who may record results in which phase.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/index.js';
import { BACKENDS, postgresAvailable } from './databases.js';
import { getJson, movePhase, planEngagement, seedLab, type Lab } from './engagement-fixtures.js';
import { startTestPlatform, type Client, type TestPlatform } from './platform.js';

interface PlanRowJson {
  id: string;
  item_id: string;
  mode: 'manual' | 'automated';
  result: string | null;
  decided_by: 'scans' | 'team' | null;
  checks: string[];
  notes: string | null;
  app_id: string | null;
  severity: string | null;
  finding_id: string | null;
  tested_by_name: string | null;
}

interface RowDetailJson {
  row: PlanRowJson;
  item: { id: string; title: string; statement: string; howToTest: string | null } | null;
  evidence: unknown[];
  finding: { id: string; status: string; app_id: string; released_at: string | null } | null;
}

interface FindingJson {
  id: string;
  app_id: string;
  check_id: string;
  title: string;
  severity: string;
  status: string;
  reason: string | null;
  released_at: string | null;
  fingerprint: string;
  data: { checkId: string; message: string; confidence: string; remediation: string; references: { dfs: string[]; cwe: string[] }; evidence: string[]; fingerprint: string };
  events: Array<{ kind: string; from_status: string | null; to_status: string | null; body: string | null }>;
}

describe.each(BACKENDS)('manual test results on %s', (backend) => {
  let t: TestPlatform | undefined;
  let lab: Lab;

  beforeAll(async () => {
    if (backend === 'postgres' && !(await postgresAvailable())) return;
    t = await startTestPlatform(backend, { worker: false });
    lab = await seedLab(t);
  }, 120_000);
  afterAll(async () => t?.stop());

  const rowsOf = async (id: string): Promise<PlanRowJson[]> => (await getJson<{ rows: PlanRowJson[] }>(lab.as.lead, `/api/v1/engagements/${id}/plan`)).body.rows;
  const record = (c: Client, id: string, rowId: string, json: Record<string, unknown>) => c.request('POST', `/api/v1/engagements/${id}/rows/${rowId}/result`, { json });
  const finding = async (c: Client, id: string) => getJson<{ finding: FindingJson }>(c, `/api/v1/findings/${id}`);
  /** An engagement in testing, with its manual and automated rows. */
  const testing = async (): Promise<{ id: string; manual: PlanRowJson[]; automated: PlanRowJson[] }> => {
    const { id } = await planEngagement(lab);
    expect((await movePhase(lab.as.lead, id, 'testing')).status).toBe(200);
    const rows = await rowsOf(id);
    return { id, manual: rows.filter((r) => r.mode === 'manual'), automated: rows.filter((r) => r.mode === 'automated') };
  };

  it('records pass, not applicable, not tested and fail, refusing incomplete results with a clear message', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const { id, manual } = await testing();
    expect(manual.length).toBeGreaterThanOrEqual(4);
    const [a, b, c, d] = manual as [PlanRowJson, PlanRowJson, PlanRowJson, PlanRowJson];

    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{}, /"result" is required/],
      [{ result: 'maybe' }, /must be one of pass, fail, not_applicable, not_tested/],
      [{ result: 'fail', severity: 'high', appId: lab.androidAppId }, /describe what was seen/],
      [{ result: 'fail', notes: 'PIN accepted after 20 tries', appId: lab.androidAppId }, /needs a severity/],
      [{ result: 'fail', notes: 'x', severity: 'severe', appId: lab.androidAppId }, /"severity" must be one of/],
      // Two apps in scope (Android and USSD): the failure must say which.
      [{ result: 'fail', notes: 'x', severity: 'high' }, /choose the app/],
      [{ result: 'fail', notes: 'x', severity: 'high', appId: '00000000-0000-4000-8000-000000000000' }, /not in the engagement's scope/],
      [{ result: 'fail', notes: 'x', severity: 'high', appId: 'not-an-id' }, /not in the engagement's scope/],
      [{ result: 'not_tested' }, /give the reason/],
      [{ result: 'not_applicable', notes: '   ' }, /give the reason/],
      [{ result: 'pass', notes: 'n'.repeat(4001) }, /longer than 4000/],
    ];
    for (const [json, message] of bad) {
      const r = await record(lab.as.auditor, id, a.id, json);
      expect(r.status, JSON.stringify(json).slice(0, 100)).toBe(400);
      expect(JSON.parse(r.text_).error.message).toMatch(message);
    }
    expect((await rowsOf(id)).find((r) => r.id === a.id)!.result).toBeNull();

    const pass = await record(lab.as.auditor, id, a.id, { result: 'pass', notes: 'Lockout after 5 tries' });
    expect(pass.status).toBe(200);
    expect((JSON.parse(pass.text_) as RowDetailJson).row).toMatchObject({ result: 'pass', notes: 'Lockout after 5 tries', severity: null, finding_id: null, tested_by_name: 'auditor user' });
    expect((await record(lab.as.lead, id, b.id, { result: 'not_applicable', notes: 'No biometric login in scope' })).status).toBe(200);
    expect((await record(lab.as.admin, id, c.id, { result: 'not_tested', notes: 'No test SIM available' })).status).toBe(200);
    const fail = await record(lab.as.auditor, id, d.id, { result: 'fail', notes: 'Session token valid after logout', severity: 'high', appId: lab.androidAppId });
    expect(fail.status).toBe(200);
    const detail = JSON.parse(fail.text_) as RowDetailJson;
    expect(detail.row).toMatchObject({ result: 'fail', severity: 'high', app_id: lab.androidAppId });
    expect(detail.finding).toMatchObject({ status: 'open', app_id: lab.androidAppId, released_at: null });

    const rows = await rowsOf(id);
    expect(Object.fromEntries([a, b, c, d].map((r) => [r.id, rows.find((x) => x.id === r.id)!.result]))).toEqual({ [a.id]: 'pass', [b.id]: 'not_applicable', [c.id]: 'not_tested', [d.id]: 'fail' });

    // The row's page data: the catalog's text for the tester.
    const one = await getJson<RowDetailJson>(lab.as.oversight, `/api/v1/engagements/${id}/rows/${d.id}`);
    expect(one.status).toBe(200);
    const item = loadCatalog().get(d.item_id)!;
    expect(one.body.item).toMatchObject({ id: d.item_id, title: item.title, statement: item.statement, howToTest: item.howToTest ?? null });
    expect(one.body.finding!.id).toBe(detail.finding!.id);

    // Every result is in the engagement's history and the audit log.
    const events = await getJson<{ events: Array<{ kind: string; detail: { rowId?: string; itemId?: string; result?: string } }> }>(lab.as.lead, `/api/v1/engagements/${id}/events`);
    const results = events.body.events.filter((e) => e.kind === 'row_result');
    expect(results.map((e) => e.detail.result)).toEqual(['pass', 'not_applicable', 'not_tested', 'fail']);
    expect(results[3]!.detail).toEqual({ rowId: d.id, itemId: d.item_id, result: 'fail' });
    const audit = await t.p.db.query<{ n: number }>("select count(*)::int as n from audit_log where action = 'engagement.row_result' and object_id = $1", [id]);
    expect(audit[0]!.n).toBe(4);
  });

  it('makes a failed row a finding of the findings model, the same one for the same app in a later engagement', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const first = await testing();
    const row = first.manual[0]!;
    const item = loadCatalog().get(row.item_id)!;
    const r = await record(lab.as.auditor, first.id, row.id, { result: 'fail', notes: 'OTP sent in clear in an SMS <b>log</b>', severity: 'critical', appId: lab.ussdAppId });
    expect(r.status).toBe(200);
    const findingId = (JSON.parse(r.text_) as RowDetailJson).finding!.id;
    const f = await finding(lab.as.lead, findingId);
    expect(f.status).toBe(200);
    expect(f.body.finding).toMatchObject({
      app_id: lab.ussdAppId,
      check_id: `manual.${row.item_id}`,
      title: item.title,
      severity: 'critical',
      status: 'open',
      fingerprint: `manual:${row.item_id}`,
      released_at: null,
    });
    expect(f.body.finding.data).toMatchObject({
      checkId: `manual.${row.item_id}`,
      confidence: 'high',
      message: 'OTP sent in clear in an SMS <b>log</b>',
      remediation: item.statement,
      fingerprint: `manual:${row.item_id}`,
      evidence: [],
    });
    expect(f.body.finding.data.references.dfs).toEqual([row.item_id]);
    expect(f.body.finding.data.references.cwe).toEqual(item.cwe ?? []);
    expect(f.body.finding.events.map((e) => e.kind)).toEqual(['manual_test']);
    expect(f.body.finding.events[0]!.body).toContain('TestPay 2026 audit');
    const stored = await t.p.db.one<{ source: string; engagement_id: string; first_scan_id: string | null }>('select source, engagement_id, first_scan_id from findings where id = $1', [findingId]);
    expect(stored).toEqual({ source: 'manual', engagement_id: first.id, first_scan_id: null });
    // Not released before delivery: the provider does not see it.
    expect((await finding(lab.as.provider, findingId)).status).toBe(404);
    // The engagement's findings include it (the closure guard counts it).
    expect((await movePhase(lab.as.lead, first.id, 'reporting')).status).toBe(200);

    // A later engagement of the same app failing the same item meets the same finding, not a copy.
    const second = await testing();
    const again = second.manual.find((x) => x.item_id === row.item_id)!;
    const r2 = await record(lab.as.auditor, second.id, again.id, { result: 'fail', notes: 'Still in clear', severity: 'high', appId: lab.ussdAppId });
    expect((JSON.parse(r2.text_) as RowDetailJson).finding!.id).toBe(findingId);
    const count = await t.p.db.query<{ n: number }>('select count(*)::int as n from findings where fingerprint = $1', [`manual:${row.item_id}`]);
    expect(count[0]!.n).toBe(1);
    expect((await finding(lab.as.lead, findingId)).body.finding).toMatchObject({ severity: 'high', data: { message: 'Still in clear' } });
    // Another app failing the same item is another finding.
    const other = second.manual.find((x) => x.item_id !== row.item_id)!;
    await record(lab.as.auditor, second.id, other.id, { result: 'fail', notes: 'x', severity: 'low', appId: lab.androidAppId });
    const r3 = await record(lab.as.auditor, second.id, again.id, { result: 'fail', notes: 'Also on Android', severity: 'high', appId: lab.androidAppId });
    const moved = JSON.parse(r3.text_) as RowDetailJson;
    expect(moved.finding!.id).not.toBe(findingId);
    expect(moved.finding!.app_id).toBe(lab.androidAppId);
    // Before delivery, moving a failure to another app withdraws what was recorded for the first one.
    expect((await finding(lab.as.lead, findingId)).body.finding.status).toBe('false_positive');
  });

  it('turns a failure corrected before delivery into a false positive, kept with the reason, and back', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const { id, manual } = await testing();
    // Items no other test fails on this app (a finding is shared by every engagement of the app).
    const row = manual[6]!;
    const fail = await record(lab.as.auditor, id, row.id, { result: 'fail', notes: 'Weak PIN accepted', severity: 'medium', appId: lab.androidAppId });
    const findingId = (JSON.parse(fail.text_) as RowDetailJson).finding!.id;
    const pass = await record(lab.as.auditor, id, row.id, { result: 'pass', notes: 'Misread the policy: weak PINs are refused' });
    expect(pass.status).toBe(200);
    expect((JSON.parse(pass.text_) as RowDetailJson).finding).toMatchObject({ id: findingId, status: 'false_positive' });
    const f = (await finding(lab.as.lead, findingId)).body.finding;
    expect(f.status).toBe('false_positive');
    expect(f.reason).toBe('manual result changed to pass: Misread the policy: weak PINs are refused');
    expect(f.events.map((e) => `${e.kind}:${e.from_status ?? ''}>${e.to_status}`)).toEqual(['manual_test:>open', 'manual_test:open>false_positive']);
    // Failing it again reopens the same finding.
    const again = await record(lab.as.lead, id, row.id, { result: 'fail', notes: 'Weak PIN accepted on the second form', severity: 'medium', appId: lab.androidAppId });
    expect((JSON.parse(again.text_) as RowDetailJson).finding).toMatchObject({ id: findingId, status: 'open' });
    expect((await finding(lab.as.lead, findingId)).body.finding.reason).toBeNull();
    // Not applicable is a correction too.
    await record(lab.as.lead, id, row.id, { result: 'not_applicable', notes: 'No PIN on this channel' });
    expect((await finding(lab.as.lead, findingId)).body.finding).toMatchObject({ status: 'false_positive', reason: 'manual result changed to not applicable: No PIN on this channel' });
  });

  it('retests after delivery: a pass fixes the finding, a fail reopens it for the provider, a new failure is released at once', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const { id, manual } = await testing();
    const [row, fresh] = [manual[7]!, manual[8]!];
    const fail = await record(lab.as.auditor, id, row.id, { result: 'fail', notes: 'Root detection absent', severity: 'high', appId: lab.androidAppId });
    const findingId = (JSON.parse(fail.text_) as RowDetailJson).finding!.id;
    // Review and delivery are another area's work: deliver directly in the database, releasing the engagement's
    // findings the way delivery does.
    await t.p.db.query("update engagements set phase = 'delivered', delivered_at = now() where id = $1", [id]);
    await t.p.db.query('update findings set released_at = now() where engagement_id = $1', [id]);
    const released = (await finding(lab.as.lead, findingId)).body.finding.released_at;
    expect(released).not.toBeNull();
    expect((await finding(lab.as.provider, findingId)).status).toBe(200);

    const pass = await record(lab.as.auditor, id, row.id, { result: 'pass', notes: 'Fixed in 4.2.1' });
    expect(pass.status).toBe(200);
    let f = (await finding(lab.as.lead, findingId)).body.finding;
    expect(f.status).toBe('fixed');
    expect(f.events.at(-1)).toMatchObject({ kind: 'retest', from_status: 'open', to_status: 'fixed' });

    const reopened = await record(lab.as.auditor, id, row.id, { result: 'fail', notes: 'Bypassed again with Frida', severity: 'high', appId: lab.androidAppId });
    expect(reopened.status).toBe(200);
    f = (await finding(lab.as.lead, findingId)).body.finding;
    expect(f.status).toBe('assigned');
    expect(f.released_at).toBe(released);
    expect(f.events.at(-1)).toMatchObject({ kind: 'retest', from_status: 'fixed', to_status: 'assigned' });

    // Not tested on retest leaves the delivered finding as it is.
    await record(lab.as.auditor, id, row.id, { result: 'not_tested', notes: 'Device unavailable' });
    expect((await finding(lab.as.lead, findingId)).body.finding.status).toBe('assigned');

    const late = await record(lab.as.auditor, id, fresh.id, { result: 'fail', notes: 'Found during the retest', severity: 'low', appId: lab.androidAppId });
    const lateId = (JSON.parse(late.text_) as RowDetailJson).finding!.id;
    const lf = (await finding(lab.as.provider, lateId)).body.finding;
    expect(lf.status).toBe('open');
    expect(lf.released_at).not.toBeNull();

    // Remediation is a retest phase too; closed is not.
    await t.p.db.query("update engagements set phase = 'remediation' where id = $1", [id]);
    expect((await record(lab.as.auditor, id, fresh.id, { result: 'pass' })).status).toBe(200);
    expect((await finding(lab.as.lead, lateId)).body.finding.status).toBe('fixed');
    await t.p.db.query("update engagements set phase = 'closed' where id = $1", [id]);
    const closed = await record(lab.as.auditor, id, fresh.id, { result: 'pass' });
    expect(closed.status).toBe(409);
    expect(JSON.parse(closed.text_).error.message).toMatch(/it is closed/);
  });

  it('lets only the testers of the engagement record results, in testing or retest phases, on manual rows', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const { id } = await planEngagement(lab);
    const planning = await rowsOf(id);
    const manualRow = planning.find((r) => r.mode === 'manual')!;
    const automatedRow = planning.find((r) => r.mode === 'automated')!;
    const body = { result: 'pass', notes: 'ok' };
    const inPlanning = await record(lab.as.auditor, id, manualRow.id, body);
    expect(inPlanning.status).toBe(409);
    expect(JSON.parse(inPlanning.text_).error.message).toMatch(/it is planning/);
    expect((await movePhase(lab.as.lead, id, 'testing')).status).toBe(200);

    for (const who of ['reviewer', 'readonly', 'oversight', 'provider', 'auditor2'] as const) {
      const r = await record(lab.as[who], id, manualRow.id, body);
      expect(r.status, who).toBe(403);
    }
    expect((await record(lab.as.outsiderLead, id, manualRow.id, body)).status).toBe(404);
    // A row of another engagement, or no row at all, is "not found".
    const other = await planEngagement(lab);
    const otherRow = (await rowsOf(other.id)).find((r) => r.mode === 'manual')!;
    expect((await record(lab.as.auditor, id, otherRow.id, body)).status).toBe(404);
    expect((await record(lab.as.auditor, id, '00000000-0000-4000-8000-000000000000', body)).status).toBe(404);
    expect((await record(lab.as.auditor, id, 'row-1', body)).status).toBe(404);
    expect((await getJson(lab.as.lead, `/api/v1/engagements/${id}/rows/${otherRow.id}`)).status).toBe(404);
    expect((await getJson(lab.as.provider, `/api/v1/engagements/${id}/rows/${manualRow.id}`)).status).toBe(403);
    // Nothing was recorded by the refusals.
    expect((await rowsOf(id)).find((r) => r.id === manualRow.id)!.result).toBeNull();
    // The lead of the team may.
    expect((await record(lab.as.lead, id, manualRow.id, body)).status).toBe(200);
  });
});
