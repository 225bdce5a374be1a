/**
 * USSD targets on the lab platform, on the embedded database and on PostgreSQL: the reference USSD service
 * (examples/ussd-wallet, vulnerable profile) runs in this process on 127.0.0.1; a USSD service and its target
 * are registered through the API and the page form; runs go through the queue to the in-process worker and
 * are stored like app scans (findings, reports, triage carried over, the diff against the previous run); a
 * target file with an error is refused with its line; a service that does not answer fails the run at once;
 * the target file's PINs never come back; a provider representative sees no target and only released
 * findings; another organisation sees nothing. Runs are short: quick mode and three tests that need no crawl.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWallet, type WalletServer } from '../../examples/ussd-wallet/src/index.js';
import type { ProgressEvent } from '../../src/index.js';
import { runUssdScan } from '../../src/platform/jobs/ussd-job.js';
import { scanProgressFragment } from '../../src/platform/web/pages/scans.js';
import { sarifValidator } from '../schemas/validate.js';
import { BACKENDS, postgresAvailable } from './databases.js';
import { addOrg, addUser, Client, loginAs, setUpAdmin, startTestPlatform, type TestPlatform, waitForScan } from './platform.js';

const SERVICE_CODE = '*384*12#';
const PIN_A = '4826';
const PIN_B = '7391';
const QUICK_TESTS = ['ussd.auth.off-gateway', 'ussd.protocol.transport', 'ussd.session.id-hygiene'];

function targetYaml(endpoint: string, tests: readonly string[] = QUICK_TESTS, extra = ''): string {
  return `# the reference wallet, vulnerable profile
endpoint: ${endpoint}
dialect: africastalking
serviceCode: '${SERVICE_CODE}'
accounts:
  - { msisdn: '254711000001', pin: '${PIN_A}', role: A }
  - { msisdn: '254711000002', pin: '${PIN_B}', role: B }
budget: { maxRequests: 300, ratePerSecond: 200 }
tests:
  include: [${tests.map((x) => `'${x}'`).join(', ')}]
${extra}`;
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const json = <T,>(r: { text_: string }): T => JSON.parse(r.text_) as T;

describe.each(BACKENDS)('USSD targets and runs on %s', (backend) => {
  let t: TestPlatform | undefined;
  let wallet: WalletServer;
  let endpoint: string;
  let admin: Client;
  let orgId: string;
  let providerId: string;
  let ussdApp: string;
  let androidApp: string;
  let apiTarget: string;
  let pageTarget: string;
  let firstRun: string;

  beforeAll(async () => {
    if (backend === 'postgres' && !(await postgresAvailable())) return;
    wallet = await startWallet({ profile: 'vulnerable', port: 0, host: '127.0.0.1' });
    endpoint = `${wallet.url}${wallet.paths.africastalking}`;
    t = await startTestPlatform(backend);
    admin = await setUpAdmin(t);
    expect((await admin.post('/providers', { name: 'MobiCash', kind: 'mno' })).status).toBe(303);
    const p = await t.p.db.one<{ id: string; org_id: string }>("select id, org_id from providers where name = 'MobiCash'");
    providerId = p!.id;
    orgId = p!.org_id;
    const mk = async (name: string, platform: string, identifier: string): Promise<string> => {
      const r = await admin.request('POST', `/api/v1/providers/${providerId}/apps`, { json: { name, platform, identifier } });
      expect(r.status).toBe(201);
      return json<{ app: { id: string } }>(r).app.id;
    };
    ussdApp = await mk('MobiCash USSD', 'ussd', SERVICE_CODE);
    androidApp = await mk('MobiCash Wallet', 'android', 'org.dfslab.fixture.vulnwallet');
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
    await wallet?.stop();
  });

  it('registers a target through the API; a target file with errors is a 400 that names the line; PINs never come back', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const post = (body: unknown) => admin.request('POST', `/api/v1/apps/${ussdApp}/ussd-targets`, { json: body });

    const bad = await post({ name: 'Broken', target: targetYaml(endpoint).replace(`pin: '${PIN_B}'`, "pin: '73x1'") });
    expect(bad.status).toBe(400);
    const badError = json<{ error: { code: string; message: string } }>(bad).error;
    expect(badError.code).toBe('DFSLAB_E_USSD_TARGET_INVALID');
    expect(badError.message).toMatch(/target\.yaml:7:\d+: "pin" is the test account's PIN/);
    const syntax = await post({ name: 'Broken', target: 'endpoint: [http://x\nserviceCode: 1' });
    expect(syntax.status).toBe(400);
    expect(json<{ error: { message: string } }>(syntax).error.message).toMatch(/target\.yaml:\d+:\d+: /);
    // The platform reads no files and no environment of its server.
    const ca = await post({ name: 'CA', target: targetYaml(endpoint, QUICK_TESTS, "tls: { ca: '/etc/passwd' }\n") });
    expect(ca.status).toBe(400);
    expect(json<{ error: { message: string } }>(ca).error.message).toMatch(/target\.yaml:11:1: "tls\.ca" names a file/);
    const env = await post({ name: 'Env', target: targetYaml(endpoint, QUICK_TESTS, "auth: { headers: { x-key: '${DATABASE_URL}' } }\n") });
    expect(env.status).toBe(400);
    expect(json<{ error: { message: string } }>(env).error.message).toContain('DATABASE_URL');
    // The target dials the service the app is registered as; a USSD target needs a USSD app.
    const other = await post({ name: 'Other', target: targetYaml(endpoint).replace(`'${SERVICE_CODE}'`, "'*999#'") });
    expect(other.status).toBe(400);
    expect(json<{ error: { message: string } }>(other).error.message).toMatch(/target\.yaml:4:\d+: the target dials \*999#/);
    expect((await admin.request('POST', `/api/v1/apps/${androidApp}/ussd-targets`, { json: { name: 'X', target: targetYaml(endpoint) } })).status).toBe(400);
    expect((await post({ name: 'No file' })).status).toBe(400);

    const created = await post({ name: 'Staging (API)', target: targetYaml(endpoint) });
    expect(created.status).toBe(201);
    expect(created.text_).not.toContain(PIN_A);
    expect(created.text_).not.toContain(PIN_B);
    const body = json<{ target: { id: string; summary: { endpoint: string; dialect: string; serviceCode: string; accounts: Array<{ role: string; msisdn: string }>; tests: { include: string[] } } } }>(created);
    apiTarget = body.target.id;
    expect(body.target.summary).toMatchObject({ endpoint, dialect: 'africastalking', serviceCode: SERVICE_CODE, accounts: [{ role: 'A', msisdn: '254•••••••01' }, { role: 'B', msisdn: '254•••••••02' }] });
    expect(body.target.summary.tests.include).toEqual(QUICK_TESTS);
    expect(created.headers.get('location')).toBe(`/api/v1/ussd-targets/${apiTarget}`);
    expect((await post({ name: 'staging (api)', target: targetYaml(endpoint) })).status).toBe(409);

    const one = await admin.get(`/api/v1/ussd-targets/${apiTarget}`);
    expect(one.status).toBe(200);
    expect(one.text_).not.toContain(PIN_A);
    const list = json<{ targets: Array<{ id: string }> }>(await admin.get(`/api/v1/apps/${ussdApp}/ussd-targets`));
    expect(list.targets.map((x) => x.id)).toEqual([apiTarget]);
    const audit = await t.p.db.query<{ action: string; detail: unknown }>("select action, detail from audit_log where object_type = 'ussd_target' and object_id = $1", [apiTarget]);
    expect(audit.map((a) => a.action)).toEqual(['ussd_target.created']);
    expect(JSON.stringify(audit)).not.toContain(PIN_A);
  });

  it('registers a target through the page form, runs it from the app page through the queue, and shows findings and reports', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const form = await admin.get(`/apps/${ussdApp}/ussd-targets/new`);
    expect(form.status).toBe(200);
    expect(form.text_).toMatch(/<label for="target-file">Target file \(YAML\)/);
    expect(form.text_).toMatch(/<textarea id="target-file" name="target"/);

    // An error keeps the text just sent, with the problem and its line.
    const broken = targetYaml(endpoint).replace('dialect: africastalking', 'dialect: africastalking\ndialect: hubtel');
    const refused = await admin.post(`/apps/${ussdApp}/ussd-targets`, { name: 'Staging', target: broken });
    expect(refused.status).toBe(400);
    expect(refused.text_).toMatch(/target\.yaml:4:1: /);
    expect(refused.headers.get('cache-control')).toBe('no-store');

    const text = targetYaml(endpoint).replace(/\n/g, '\r\n');
    const posted = await admin.post(`/apps/${ussdApp}/ussd-targets`, { name: 'Staging', target: text });
    expect(posted.status).toBe(303);
    pageTarget = /^\/ussd-targets\/([0-9a-f-]{36})$/.exec(posted.headers.get('location') ?? '')![1]!;
    const view = await admin.get(`/ussd-targets/${pageTarget}`);
    expect(view.status).toBe(200);
    expect(view.text_).toContain(endpoint);
    expect(view.text_).toContain('254•••••••01');
    expect(view.text_).toContain('staging or test');
    expect(view.text_).not.toContain(PIN_A);
    expect(view.text_).not.toContain('254711000001');
    const edit = await admin.get(`/ussd-targets/${pageTarget}/edit`);
    expect(edit.status).toBe(200);
    expect(edit.text_).not.toContain(PIN_A);

    // The app page lists the targets with "Run tests" instead of the upload form.
    const appPage = await admin.get(`/apps/${ussdApp}`);
    expect(appPage.text_).toContain(`/ussd-targets/${pageTarget}`);
    expect(appPage.text_).toContain('Run tests');
    expect(appPage.text_).not.toContain('enctype="multipart/form-data"');
    expect(appPage.text_).not.toContain(PIN_A);
    expect((await admin.get(`/apps/${androidApp}`)).text_).toContain('enctype="multipart/form-data"');
    const action = new RegExp(`action="(/ussd-targets/${pageTarget}/runs)"`).exec(appPage.text_)![1]!;
    expect(appPage.text_).toMatch(/<input type="checkbox" id="quick-[^"]+" name="quick" value="on" checked>/);

    const run = await admin.post(action, { quick: 'on' });
    expect(run.status).toBe(303);
    firstRun = /^\/scans\/([0-9a-f-]{36})$/.exec(run.headers.get('location') ?? '')![1]!;
    expect(await waitForScan(t, firstRun)).toMatchObject({ status: 'done', attempts: 1, error: null });

    const row = await t.p.db.one<{ kind: string; identifier: string; file_name: string; ussd_target_text: string; ussd_quick: boolean; kind_of_evidence: string; transcript: number; grade: string }>(
      `select kind, identifier, file_name, ussd_target_text, ussd_quick, evidence->>'kind' as kind_of_evidence, jsonb_array_length(evidence->'transcript') as transcript, grade from scans where id = $1`,
      [firstRun],
    );
    expect(row).toMatchObject({ kind: 'ussd', identifier: SERVICE_CODE, file_name: 'Staging', ussd_target_text: text.replace(/\r\n/g, '\n'), ussd_quick: true, kind_of_evidence: 'ussd' });
    expect(row!.transcript).toBeGreaterThan(0);
    expect(row!.grade).toMatch(/^[A-F]$/);
    const findings = await t.p.db.query<{ check_id: string; status: string }>('select f.check_id, f.status from scan_findings sf join findings f on f.id = sf.finding_id where sf.scan_id = $1', [firstRun]);
    expect(new Set(findings.map((f) => f.check_id))).toEqual(new Set(QUICK_TESTS));
    expect(findings.every((f) => f.status === 'open')).toBe(true);
    const audit = await t.p.db.query<{ action: string }>('select action from audit_log where object_id = $1 order by id', [firstRun]);
    expect(audit.map((a) => a.action)).toEqual(['scan.created', 'scan.completed']);

    const page = await admin.get(`/scans/${firstRun}`);
    expect(page.status).toBe(200);
    expect(page.text_).toContain('Done');
    const offGateway = await t.p.db.one<{ id: string }>("select id from findings where app_id = $1 and check_id = 'ussd.auth.off-gateway'", [ussdApp]);
    expect(page.text_).toContain(`/findings/${offGateway!.id}`);
    expect(page.text_).toContain(`/scans/${firstRun}/report?format=sarif`);
    expect(page.text_).not.toContain(PIN_A);
    expect((await admin.get(`/ussd-targets/${pageTarget}`)).text_).toContain(`/scans/${firstRun}`);

    const html = await admin.get(`/api/v1/scans/${firstRun}/report?format=html`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-disposition')).toMatch(/^attachment; filename="_384_12_-[0-9a-f]{8}\.html"$/);
    expect(html.text_).toContain('USSD');
    const sarif = await admin.get(`/api/v1/scans/${firstRun}/report?format=sarif`);
    expect(sarif.status).toBe(200);
    expect(sarifValidator()(JSON.parse(sarif.text_))).toBeUndefined();
    // The USSD test cases are the report's rules.
    const rules = (JSON.parse(sarif.text_) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } } }> }).runs[0]!.tool.driver.rules.map((r) => r.id);
    expect(rules).toEqual(expect.arrayContaining(QUICK_TESTS));
    for (const format of ['json', 'csv', 'oscal']) expect((await admin.get(`/api/v1/scans/${firstRun}/report?format=${format}`)).status, format).toBe(200);
    expect((await admin.get(`/scans/${firstRun}/report?format=json`)).status).toBe(200);

    // The run itself, transcript included, for dfslab report / dfslab ussd replay.
    const evidence = await admin.get(`/api/v1/scans/${firstRun}/ussd-run`);
    expect(evidence.status).toBe(200);
    expect(evidence.headers.get('content-disposition')).toMatch(/\.ussd-run\.json"$/);
    expect(json<{ kind: string; transcript: unknown[] }>(evidence)).toMatchObject({ kind: 'ussd' });
  }, 120_000);

  it('a second run carries the triage over; findings of a test that did not run stay; the diff compares with the previous run', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const find = async (checkId: string) => t!.p.db.query<{ id: string; status: string }>('select id, status from findings where app_id = $1 and check_id = $2 order by fingerprint', [ussdApp, checkId]);
    const [offGateway] = await find('ussd.auth.off-gateway');
    const triaged = await admin.request('POST', `/api/v1/findings/${offGateway!.id}/actions`, { json: { action: 'false_positive', reason: 'the lab gateway is the only way in' } });
    expect(triaged.status).toBe(200);

    // The target is edited: id-hygiene is no longer selected. The first run keeps the file it ran with.
    const put = await admin.request('PUT', `/api/v1/ussd-targets/${pageTarget}`, { json: { target: targetYaml(endpoint, QUICK_TESTS.slice(0, 2)) } });
    expect(put.status).toBe(200);
    expect(json<{ target: { summary: { tests: { include: string[] } } } }>(put).target.summary.tests.include).toEqual(QUICK_TESTS.slice(0, 2));
    const second = await admin.request('POST', `/api/v1/ussd-targets/${pageTarget}/runs?wait=true`, { json: {} });
    expect(second.status).toBe(200);
    const out = json<{ scan: { id: string; status: string }; urls: Record<string, string> }>(second);
    expect(out.scan.status).toBe('done');
    expect(out.urls.page).toBe(`${t.url}/scans/${out.scan.id}`);

    expect((await find('ussd.auth.off-gateway')).map((f) => f.status)).toEqual(['false_positive']);
    expect((await find('ussd.protocol.transport')).map((f) => f.status)).toEqual(['open']);
    // Not selected this time: not seen, but not fixed either.
    const hygiene = await find('ussd.session.id-hygiene');
    expect(hygiene.length).toBeGreaterThan(0);
    expect(hygiene.every((f) => f.status === 'open')).toBe(true);
    const snapshot = await t.p.db.one<{ text: string }>('select ussd_target_text as text from scans where id = $1', [firstRun]);
    expect(snapshot!.text).toContain('ussd.session.id-hygiene');
    // Renamed through the edit form, the file left as it is (an empty text area keeps it).
    expect((await admin.post(`/ussd-targets/${pageTarget}`, { name: 'Staging v2', target: '' })).status).toBe(303);
    const renamed = json<{ target: { name: string; summary: { tests: { include: string[] } } } }>(await admin.get(`/api/v1/ussd-targets/${pageTarget}`)).target;
    expect(renamed).toMatchObject({ name: 'Staging v2', summary: { tests: { include: QUICK_TESTS.slice(0, 2) } } });
    const edits = await t.p.db.query<{ action: string; detail: { renamed: boolean; fileReplaced: boolean } }>("select action, detail from audit_log where object_id = $1 order by id", [pageTarget]);
    expect(edits.map((e) => [e.action, e.detail.renamed ?? null, e.detail.fileReplaced ?? null])).toEqual([
      ['ussd_target.created', null, null],
      ['ussd_target.updated', false, true],
      ['ussd_target.updated', true, false],
    ]);

    const diff = json<{ previous: { id: string }; diff: { summary: { new: number; fixed: number; unchanged: number } } }>(await admin.get(`/api/v1/scans/${out.scan.id}/diff`));
    expect(diff.previous.id).toBe(firstRun);
    expect(diff.diff.summary).toMatchObject({ new: 0, unchanged: 2 });
    const page = await admin.get(`/scans/${out.scan.id}`);
    expect(page.text_).toContain(`/scans/${firstRun}`);

    // The run form without the box ticked: the target file decides (it does not ask for quick mode).
    const full = await admin.post(`/ussd-targets/${pageTarget}/runs`, {});
    const fullId = /^\/scans\/([0-9a-f-]{36})$/.exec(full.headers.get('location') ?? '')![1]!;
    expect(await waitForScan(t, fullId)).toMatchObject({ status: 'done' });
    expect((await t.p.db.one<{ quick: boolean }>('select ussd_quick as quick from scans where id = $1', [fullId]))!.quick).toBe(false);
    expect((await t.p.db.one<{ q: boolean }>("select (result->'app'->>'quick')::boolean as q from scans where id = $1", [fullId]))!.q).toBe(false);
  }, 120_000);

  it('reports progress in the shape of app scans, and never repeats an interrupted run', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    // A scan row that is never enqueued: the job's USSD part is driven directly.
    const id = randomUUID();
    await t.p.db.query(
      `insert into scans (id, org_id, app_id, provider_id, kind, status, file_name, identifier, ussd_target_text, ussd_quick) values ($1, $2, $3, $4, 'ussd', 'running', 'Direct', $5, $6, true)`,
      [id, orgId, ussdApp, providerId, SERVICE_CODE, targetYaml(endpoint)],
    );
    const events: ProgressEvent[] = [];
    const out = await runUssdScan(t.p.db, { id, file_name: 'Direct', attempts: 1 }, (e) => events.push(e));
    expect(events[0]).toEqual({ kind: 'phase', phase: 'connecting' });
    expect(events.slice(1)).toEqual(QUICK_TESTS.map((_, index) => ({ kind: 'check', id: expect.any(String), index, total: 3 })));
    expect(out.result.app).toMatchObject({ platform: 'ussd', serviceCode: SERVICE_CODE, quick: true });
    expect(out.result.target.file).toBe('Direct (transcript)');
    expect(new Set(out.decided)).toEqual(new Set(QUICK_TESTS));
    const box = scanProgressFragment({ id, app_id: ussdApp, app_name: 'USSD', app_identifier: SERVICE_CODE, provider_id: providerId, provider_name: 'P', kind: 'ussd', status: 'running', progress: { phase: 'checks', check: 'ussd.protocol.transport', index: 1, total: 3 }, version_name: null, version_code: null, score: null, grade: null, created_at: new Date(), finished_at: null } as never);
    expect(box).toContain('<progress max="3" value="1">');
    expect(box).toContain('ussd.protocol.transport');

    const before = wallet.requestLog.length;
    await expect(runUssdScan(t.p.db, { id, file_name: 'Direct', attempts: 2 }, () => undefined)).rejects.toThrow(/not repeated automatically/);
    expect(wallet.requestLog.length).toBe(before);
  });

  it('fails a run against a closed port at once, with a clear message', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const port = await closedPort();
    const created = await admin.request('POST', `/api/v1/apps/${ussdApp}/ussd-targets`, { json: { name: 'Closed port', target: targetYaml(`http://127.0.0.1:${port}/ussd/at`) } });
    expect(created.status).toBe(201);
    const id = json<{ target: { id: string } }>(created).target.id;
    const r = await admin.request('POST', `/api/v1/ussd-targets/${id}/runs?wait=true&timeout=60`, { json: { quick: true } });
    expect(r.status).toBe(200);
    const scanId = json<{ scan: { id: string } }>(r).scan.id;
    const row = await waitForScan(t, scanId);
    expect(row.status).toBe('failed');
    expect(row.attempts).toBe(1);
    expect(row.error).toMatch(new RegExp(`DFSLAB_E_USSD_TRANSPORT.*127\\.0\\.0\\.1:${port}/ussd/at answered none of the \\d+ request\\(s\\).*ECONNREFUSED`));
    const page = await admin.get(`/scans/${scanId}`);
    expect(page.text_).toContain('answered none');
    expect(page.text_).toContain('Failed');
    // Nothing was stored as findings of the service.
    expect(await t.p.db.query('select 1 from scan_findings where scan_id = $1', [scanId])).toEqual([]);
  }, 90_000);

  it('a provider representative never reads a target and sees only the findings released to them', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const rep = await addUser(t, orgId, 'provider', { providerId });
    const c = await loginAs(t, rep.email);
    expect((await c.get(`/api/v1/apps/${ussdApp}/ussd-targets`)).status).toBe(403);
    expect((await c.get(`/api/v1/ussd-targets/${pageTarget}`)).status).toBe(403);
    expect((await c.get(`/ussd-targets/${pageTarget}`)).status).toBe(403);
    expect((await c.get(`/api/v1/scans/${firstRun}/ussd-run`)).status).toBe(403);
    expect((await c.request('POST', `/api/v1/ussd-targets/${pageTarget}/runs`, { json: {} })).status).toBe(403);
    const appPage = await c.get(`/apps/${ussdApp}`);
    expect(appPage.status).toBe(200);
    expect(appPage.text_).not.toContain('/ussd-targets/');
    expect(appPage.text_).not.toContain('Staging');

    // Release one finding of the first run to the provider.
    const [transport] = await t.p.db.query<{ id: string }>("select id from findings where app_id = $1 and check_id = 'ussd.protocol.transport'", [ussdApp]);
    const released = await admin.request('POST', `/api/v1/findings/${transport!.id}/actions`, { json: { action: 'assign_to_provider' } });
    expect(released.status).toBe(200);
    const seen = json<{ scan: Record<string, unknown>; findings: Array<{ id: string }> }>(await c.get(`/api/v1/scans/${firstRun}`));
    expect(seen.findings.map((f) => f.id)).toEqual([transport!.id]);
    expect(seen.scan).not.toHaveProperty('file_name');
    expect(seen.scan).not.toHaveProperty('error');
    expect(JSON.stringify(seen)).not.toContain(PIN_A);
  });

  it("another organisation's targets are not found", async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const otherOrg = await addOrg(t, `Other lab ${randomUUID().slice(0, 6)}`);
    const stranger = await addUser(t, otherOrg, 'admin');
    const c = await loginAs(t, stranger.email);
    expect((await c.get(`/api/v1/ussd-targets/${apiTarget}`)).status).toBe(404);
    expect((await c.get(`/api/v1/apps/${ussdApp}/ussd-targets`)).status).toBe(404);
    expect((await c.request('PUT', `/api/v1/ussd-targets/${apiTarget}`, { json: { name: 'mine' } })).status).toBe(404);
    expect((await c.request('POST', `/api/v1/ussd-targets/${apiTarget}/runs`, { json: {} })).status).toBe(404);
    expect((await c.request('POST', `/api/v1/apps/${ussdApp}/ussd-targets`, { json: { name: 'x', target: targetYaml(endpoint) } })).status).toBe(404);
    expect((await c.get(`/ussd-targets/${pageTarget}`)).status).toBe(404);
    expect((await c.get(`/api/v1/scans/${firstRun}/ussd-run`)).status).toBe(404);
    expect(await t.p.db.query('select 1 from scans where org_id = $1', [otherOrg])).toEqual([]);
  });
});
