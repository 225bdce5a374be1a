/**
 * Scans through the job queue, from the user's side, on the embedded database and on PostgreSQL: upload a
 * fixture APK through the app page's form and through the API, the in-process worker finishes the scan, the
 * progress fragment, the report downloads, a later version reopening and fixing findings, and the refusals
 * (too large, not an app, another platform or app, another organisation's scan).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScanJob } from '../../src/platform/jobs/scan-job.js';
import { ingestScanFindings } from '../../src/platform/services/ingest.js';
import { scanProgressFragment } from '../../src/platform/web/pages/scans.js';
import type { Finding } from '../../src/index.js';
import { chromiumPath } from '../chromium.js';
import { repoRoot } from '../corpus.js';
import { sarifValidator } from '../schemas/validate.js';
import { BACKENDS, postgresAvailable } from './databases.js';
import { addOrg, addUser, Client, loginAs, setUpAdmin, startTestPlatform, type TestPlatform, waitForScan } from './platform.js';

const fixture = (name: string): Buffer => readFileSync(join(repoRoot, 'fixtures', 'android', 'build', name));
const MAX_UPLOAD = 64 * 1024;

function form(name: string, bytes: Uint8Array): FormData {
  const f = new FormData();
  f.set('file', new Blob([bytes]), name);
  return f;
}

describe.each(BACKENDS)('scans on %s', (backend) => {
  let t: TestPlatform | undefined;
  let admin: Client;
  let providerId: string;
  let walletApp: string;
  let pairApp: string;
  let iosApp: string;
  let orgId: string;

  beforeAll(async () => {
    if (backend === 'postgres' && !(await postgresAvailable())) return;
    t = await startTestPlatform(backend, { config: { maxUploadBytes: MAX_UPLOAD } });
    admin = await setUpAdmin(t);
    expect((await admin.post('/providers', { name: 'MobiCash', kind: 'mno' })).status).toBe(303);
    const p = await t.p.db.one<{ id: string; org_id: string }>("select id, org_id from providers where name = 'MobiCash'");
    providerId = p!.id;
    orgId = p!.org_id;
    const mk = async (name: string, platform: string, identifier: string): Promise<string> => {
      const r = await admin.request('POST', `/api/v1/providers/${providerId}/apps`, { json: { name, platform, identifier } });
      expect(r.status).toBe(201);
      return (JSON.parse(r.text_) as { app: { id: string } }).app.id;
    };
    walletApp = await mk('MobiCash Wallet', 'android', 'org.dfslab.fixture.vulnwallet');
    pairApp = await mk('Diff Pair', 'android', 'org.dfslab.fixture.diffpair');
    iosApp = await mk('MobiCash iOS', 'ios', 'org.dfslab.fixture.vulnbank');
  }, 120_000);
  afterAll(async () => t?.stop());

  const uploadsLeft = (): string[] => (existsSync(join(t!.dataDir, 'uploads')) ? readdirSync(join(t!.dataDir, 'uploads')) : []);

  it('uploads an APK through the app page form; the worker scans it; the page shows progress, findings and reports', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const appPage = await admin.get(`/apps/${walletApp}`);
    expect(appPage.status).toBe(200);
    expect(appPage.text_).toContain('enctype="multipart/form-data"');
    expect(appPage.text_).toMatch(/<label>[^<]*APK[\s\S]*<input type="file" name="file"/);
    // The form carries the CSRF token in its action (a multipart body is streamed, not parsed before the check).
    const action = /action="([^"]+)" enctype/.exec(appPage.text_)![1]!.replace(/&amp;/g, '&');
    expect(action).toContain('_csrf=');
    const apk = fixture('vulnerable-wallet.apk');
    const posted = await admin.request('POST', action, { body: form('My Wallet v1.apk', apk), csrf: false });
    expect(posted.status).toBe(303);
    const scanId = /^\/scans\/([0-9a-f-]{36})$/.exec(posted.headers.get('location') ?? '')![1]!;
    // Without the token the upload is refused.
    expect((await admin.request('POST', `/apps/${walletApp}/scans`, { body: form('x.apk', apk), csrf: false })).status).toBe(403);

    const done = await waitForScan(t, scanId);
    expect(done).toMatchObject({ status: 'done', attempts: 1, error: null });
    const row = await t.p.db.one<{ artifact_sha256: string; identifier: string; score: number; grade: string; file_name: string; version_code: string | null }>(
      'select artifact_sha256, identifier, score, grade, file_name, version_code from scans where id = $1',
      [scanId],
    );
    expect(row!.artifact_sha256).toBe(createHash('sha256').update(apk).digest('hex'));
    expect(readFileSync(join(t.dataDir, 'artifacts', row!.artifact_sha256)).equals(apk)).toBe(true);
    expect(row!.identifier).toBe('org.dfslab.fixture.vulnwallet');
    expect(row!.file_name).toBe('My Wallet v1.apk');
    expect(row!.grade).toMatch(/^[A-F]$/);
    expect(uploadsLeft()).toEqual([]);

    const findings = await t.p.db.query<{ id: string; status: string }>('select f.id, f.status from scan_findings sf join findings f on f.id = sf.finding_id where sf.scan_id = $1', [scanId]);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.status === 'open')).toBe(true);
    const events = await t.p.db.query<{ kind: string }>("select kind from finding_events where scan_id = $1 and kind = 'detected'", [scanId]);
    expect(events.length).toBe(findings.length);
    const audit = await t.p.db.query<{ action: string }>("select action from audit_log where object_id = $1 order by id", [scanId]);
    expect(audit.map((a) => a.action)).toEqual(['scan.created', 'scan.completed']);

    const page = await admin.get(`/scans/${scanId}`);
    expect(page.status).toBe(200);
    expect(page.text_).toContain('Done');
    expect(page.text_).toContain(`/scans/${scanId}/report?format=sarif`);
    expect(page.text_).toContain(`/findings/${findings[0]!.id}`);
    expect(page.text_).not.toContain('hx-trigger');
    expect(page.text_).toContain("first finished scan");
    const list = await admin.get('/scans');
    expect(list.text_).toContain(`/scans/${scanId}`);
    expect((await admin.get(`/apps/${walletApp}`)).text_).toContain(`/scans/${scanId}`);

    // The progress fragment: once done it stops polling and asks htmx to reload the page.
    const frag = await admin.request('GET', `/scans/${scanId}/progress`, { headers: { 'hx-request': 'true' } });
    expect(frag.status).toBe(200);
    expect(frag.headers.get('hx-refresh')).toBe('true');
    expect(frag.text_).toContain('id="scan-progress"');
    expect(frag.text_).not.toContain('hx-get');
  });

  it('renders a polling progress box while a scan is queued or running', () => {
    const base = { id: randomUUID(), app_id: randomUUID(), app_name: 'A', app_identifier: 'a.b', provider_id: randomUUID(), provider_name: 'P', kind: 'android' as const, version_name: null, version_code: null, score: null, grade: null, created_at: new Date(), finished_at: null };
    const running = scanProgressFragment({ ...base, status: 'running', progress: { phase: 'checks', check: 'android.manifest.debuggable', index: 3, total: 40 } } as never);
    expect(running).toContain(`hx-get="/scans/${base.id}/progress"`);
    expect(running).toContain('hx-trigger="every 1s"');
    expect(running).toContain('hx-swap="outerHTML"');
    expect(running).toContain('<progress max="40" value="3">');
    expect(running).toContain('android.manifest.debuggable');
    expect(scanProgressFragment({ ...base, status: 'queued' } as never)).toContain('hx-trigger="every 1s"');
    expect(scanProgressFragment({ ...base, status: 'done', score: 50, grade: 'D' } as never)).not.toContain('hx-');
  });

  it('uploads through the API (202 with links; ?wait=true waits) and serves the reports', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const apk = fixture('diff-v1.apk');
    const r = await admin.request('POST', `/api/v1/apps/${pairApp}/scans`, { body: form('v1.apk', apk) });
    expect(r.status).toBe(202);
    const body = JSON.parse(r.text_) as { scan: { id: string; status: string }; urls: Record<string, string> };
    expect(body.scan.status).toBe('queued');
    expect(body.urls.scan).toBe(`${t.url}/api/v1/scans/${body.scan.id}`);
    expect(r.headers.get('location')).toBe(`/api/v1/scans/${body.scan.id}`);
    await waitForScan(t, body.scan.id);
    const one = JSON.parse((await admin.get(`/api/v1/scans/${body.scan.id}`)).text_) as { scan: { status: string; version_code: string; score: number }; findings: Array<{ check_id: string }> };
    expect(one.scan.status).toBe('done');
    expect(one.findings.length).toBeGreaterThan(0);
    const listed = JSON.parse((await admin.get(`/api/v1/scans?appId=${pairApp}`)).text_) as { scans: Array<{ id: string }> };
    expect(listed.scans.map((s) => s.id)).toEqual([body.scan.id]);

    const html = await admin.get(`/api/v1/scans/${body.scan.id}/report?format=html`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(html.headers.get('content-disposition')).toMatch(/^attachment; filename="org\.dfslab\.fixture\.diffpair-[^"]+\.html"$/);
    expect(html.text_).toContain('<html');
    const sarif = await admin.get(`/api/v1/scans/${body.scan.id}/report?format=sarif`);
    expect(sarif.status).toBe(200);
    expect(sarifValidator()(JSON.parse(sarif.text_))).toBeUndefined();
    const json = JSON.parse((await admin.get(`/api/v1/scans/${body.scan.id}/report?format=json`)).text_) as object;
    expect(json).toBeTypeOf('object');
    expect((await admin.get(`/api/v1/scans/${body.scan.id}/report?format=csv`)).headers.get('content-type')).toContain('text/csv');
    expect((await admin.get(`/api/v1/scans/${body.scan.id}/report?format=oscal`)).status).toBe(200);
    expect((await admin.get(`/scans/${body.scan.id}/report?format=sarif`)).headers.get('content-disposition')).toMatch(/\.sarif"$/);
    expect((await admin.get(`/api/v1/scans/${body.scan.id}/report?format=docx`)).status).toBe(400);
    const pdf = await admin.get(`/api/v1/scans/${body.scan.id}/report?format=pdf`);
    if (chromiumPath()) expect(pdf.headers.get('content-type')).toBe('application/pdf');
    else {
      expect(pdf.status).toBe(501);
      expect(pdf.text_).toContain('Chromium');
    }
  }, 120_000);

  it('a later version fixes and reopens findings by fingerprint; triage carries over; the diff says what changed', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const [first] = await t.p.db.query<{ id: string }>('select id from scans where app_id = $1', [pairApp]);
    const statusOf = async (checkId: string) => (await t!.p.db.one<{ status: string; id: string }>('select id, status from findings where app_id = $1 and check_id = $2', [pairApp, checkId]))!;
    expect((await statusOf('android.manifest.debuggable')).status).toBe('open');
    // A triage decision on another finding of v1 that v2 keeps: it carries over.
    const kept = await t.p.db.one<{ id: string }>("select id from findings where app_id = $1 and check_id <> 'android.manifest.debuggable' order by fingerprint limit 1", [pairApp]);
    await t.p.db.query("update findings set status = 'false_positive', reason = 'test build' where id = $1", [kept!.id]);

    const v2 = await admin.request('POST', `/api/v1/apps/${pairApp}/scans?wait=true`, { body: form('v2.apk', fixture('diff-v2.apk')) });
    expect(v2.status).toBe(200);
    const v2Id = (JSON.parse(v2.text_) as { scan: { id: string; status: string } }).scan.id;
    expect((JSON.parse(v2.text_) as { scan: { status: string } }).scan.status).toBe('done');
    const debuggable = await statusOf('android.manifest.debuggable');
    expect(debuggable.status).toBe('fixed');
    const newOnes = await t.p.db.query<{ id: string; check_id: string }>("select f.id, f.check_id from findings f where f.app_id = $1 and f.first_scan_id = $2", [pairApp, v2Id]);
    expect(newOnes.length).toBe(1);
    expect((await t.p.db.one<{ status: string }>('select status from findings where id = $1', [kept!.id]))!.status).toBe('false_positive');
    const ev = await t.p.db.query<{ kind: string; finding_id: string }>('select kind, finding_id from finding_events where scan_id = $1 order by id', [v2Id]);
    expect(ev).toEqual(expect.arrayContaining([{ kind: 'not-seen', finding_id: debuggable.id }, { kind: 'detected', finding_id: newOnes[0]!.id }]));

    const diff = JSON.parse((await admin.get(`/api/v1/scans/${v2Id}/diff`)).text_) as { previous: { id: string }; diff: { summary: { new: number; fixed: number; unchanged: number } } };
    expect(diff.previous.id).toBe(first!.id);
    expect(diff.diff.summary).toMatchObject({ new: 1, fixed: 1 });
    const page = await admin.get(`/scans/${v2Id}`);
    expect(page.text_).toMatch(/<strong>1<\/strong> new, <strong>1<\/strong> fixed/);

    // v1 again: the debuggable finding reappears (reopened), and v2's receiver finding, confirmed meanwhile, is fixed.
    await t.p.db.query("update findings set status = 'confirmed' where id = $1", [newOnes[0]!.id]);
    const again = await admin.request('POST', `/api/v1/apps/${pairApp}/scans?wait=1`, { body: form('v1-again.apk', fixture('diff-v1.apk')) });
    const againId = (JSON.parse(again.text_) as { scan: { id: string } }).scan.id;
    expect((await statusOf('android.manifest.debuggable')).status).toBe('open');
    expect((await t.p.db.one<{ status: string }>('select status from findings where id = $1', [newOnes[0]!.id]))!.status).toBe('fixed');
    const ev2 = await t.p.db.query<{ kind: string; from_status: string; finding_id: string }>('select kind, from_status, finding_id from finding_events where scan_id = $1 and kind <> $2 order by id', [againId, 'detected']);
    expect(ev2).toEqual([
      { kind: 'reopened', from_status: 'fixed', finding_id: debuggable.id },
      { kind: 'not-seen', from_status: 'confirmed', finding_id: newOnes[0]!.id },
    ]);
    // The same build twice is kept once.
    expect(readdirSync(join(t.dataDir, 'artifacts')).filter((n) => n === createHash('sha256').update(fixture('diff-v1.apk')).digest('hex'))).toHaveLength(1);
  }, 120_000);

  it('ingest: an expired acceptance reopens, a current one stays; findings not seen are fixed only from open/confirmed/assigned', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const db = t.p.db;
    const appId = walletApp;
    const scan = async (): Promise<string> => {
      const id = randomUUID();
      await db.query(`insert into scans (id, org_id, app_id, provider_id, kind, status, file_name) values ($1, $2, $3, $4, 'android', 'running', 'synthetic.apk')`, [id, orgId, appId, providerId]);
      return id;
    };
    const f = (fp: string): Finding =>
      ({ checkId: 'synthetic.check', title: `Synthetic ${fp}`, severity: 'medium', confidence: 'high', message: 'm', locations: [], evidence: [], remediation: 'r', references: { masvs: [], maswe: [], cwe: [], dfs: [] }, fingerprint: `synthetic-${fp}` }) as Finding;
    const s1 = await scan();
    await db.tx((q) => ingestScanFindings(q, { orgId, appId, scanId: s1 }, [f('a'), f('b'), f('c'), f('d'), f('a')]));
    const id = async (fp: string) => (await db.one<{ id: string }>('select id from findings where app_id = $1 and fingerprint = $2', [appId, `synthetic-${fp}`]))!.id;
    await db.query("update findings set status = 'accepted', accepted_until = now() - interval '1 day' where id = $1", [await id('a')]);
    await db.query("update findings set status = 'accepted', accepted_until = now() + interval '30 days' where id = $1", [await id('b')]);
    await db.query("update findings set status = 'assigned' where id = $1", [await id('c')]);
    await db.query("update findings set status = 'false_positive' where id = $1", [await id('d')]);
    const s2 = await scan();
    const sum = await db.tx((q) => ingestScanFindings(q, { orgId, appId, scanId: s2 }, [f('a'), f('b'), f('e')]));
    expect(sum).toMatchObject({ seen: 3, detected: 1, acceptanceExpired: 1, carried: 1, reopened: 0 });
    const st = async (fp: string) => (await db.one<{ status: string }>('select status from findings where app_id = $1 and fingerprint = $2', [appId, `synthetic-${fp}`]))!.status;
    expect([await st('a'), await st('b'), await st('d'), await st('e')]).toEqual(['open', 'accepted', 'false_positive', 'open']);
    // c (assigned) and the real findings of the earlier wallet scan were not seen by s2: fixed.
    expect(await st('c')).toBe('fixed');
    const kinds = await db.query<{ kind: string }>('select kind from finding_events where scan_id = $1 and finding_id = $2', [s2, await id('a')]);
    expect(kinds.map((k) => k.kind)).toEqual(['acceptance-expired']);
    expect((await db.query('select 1 from scan_findings where scan_id = $1', [s2])).length).toBe(3);
  });

  it('refuses an upload over the size limit (413, nothing kept), a non-app (400 with the engine message), another platform or app', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const before = readdirSync(join(t.dataDir, 'artifacts')).length;
    const big = new Uint8Array(MAX_UPLOAD + 10_000).fill(0x50);
    const r = await admin.request('POST', `/api/v1/apps/${walletApp}/scans`, { body: form('big.apk', big) });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.text_).error.message).toContain('at most 64 KiB');
    expect(uploadsLeft()).toEqual([]);
    // The form shows the same refusal on the app page.
    const page = await admin.request('POST', `/apps/${walletApp}/scans`, { body: form('big.apk', big) });
    expect(page.status).toBe(413);
    expect(page.text_).toContain('at most 64 KiB');
    expect(page.text_).toContain('Upload a version');
    // Announced as far too large: refused before reading the body.
    const huge = await admin.request('POST', `/api/v1/apps/${walletApp}/scans`, { body: form('huge.apk', new Uint8Array(2 * 1024 * 1024)) });
    expect(huge.status).toBe(413);

    const text = await admin.request('POST', `/api/v1/apps/${walletApp}/scans`, { body: form('notes.apk', new TextEncoder().encode('just some text, not a zip at all\n'.repeat(10))) });
    expect(text.status).toBe(400);
    expect(JSON.parse(text.text_).error.message).toContain('not a ZIP archive');
    const ipa = await admin.request('POST', `/api/v1/apps/${walletApp}/scans`, { body: form('bank.ipa', readFileSync(join(repoRoot, 'fixtures', 'ios', 'build', 'vulnerable-bank.ipa'))) });
    expect(ipa.status).toBe(400);
    expect(JSON.parse(ipa.text_).error.message).toMatch(/iOS app .*registered as an Android app/);
    const other = await admin.request('POST', `/api/v1/apps/${walletApp}/scans`, { body: form('pair.apk', fixture('diff-v1.apk')) });
    expect(other.status).toBe(400);
    expect(JSON.parse(other.text_).error.message).toContain('org.dfslab.fixture.diffpair');
    const apkForIos = await admin.request('POST', `/api/v1/apps/${iosApp}/scans`, { body: form('w.apk', fixture('vulnerable-wallet.apk')) });
    expect(apkForIos.status).toBe(400);
    const noFile = await admin.request('POST', `/api/v1/apps/${walletApp}/scans`, { json: { file: 'x' } });
    expect(noFile.status).toBe(400);
    expect(uploadsLeft()).toEqual([]);
    expect(readdirSync(join(t.dataDir, 'artifacts')).length).toBe(before);
  });

  it("hides another organisation's scans (404), limits provider representatives, and fails a broken artifact once", async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const [scan] = await t.p.db.query<{ id: string }>("select id from scans where app_id = $1 and status = 'done' limit 1", [walletApp]);
    const org2 = await addOrg(t, `Other Lab ${randomUUID().slice(0, 6)}`);
    const stranger = await loginAs(t, (await addUser(t, org2, 'admin')).email);
    for (const path of [`/api/v1/scans/${scan!.id}`, `/api/v1/scans/${scan!.id}/diff`, `/api/v1/scans/${scan!.id}/report?format=json`, `/scans/${scan!.id}`, `/scans/${scan!.id}/progress`, `/apps/${walletApp}`]) {
      expect((await stranger.get(path)).status, path).toBe(404);
    }
    expect((await stranger.request('POST', `/api/v1/apps/${walletApp}/scans`, { body: form('w.apk', fixture('vulnerable-wallet.apk')) })).status).toBe(404);
    expect(JSON.parse((await stranger.get('/api/v1/scans')).text_).scans).toEqual([]);
    expect((await admin.get('/api/v1/scans/not-a-uuid')).status).toBe(404);
    expect((await admin.get('/scans/not-a-uuid')).status).toBe(404);
    expect((await admin.get('/apps/not-a-uuid')).status).toBe(404);

    // A provider representative: their provider's scans, status and score only, released findings only, no reports.
    expect((await admin.post('/providers', { name: 'OtherPay', kind: 'bank' })).status).toBe(303);
    const otherProvider = (await t.p.db.one<{ id: string }>("select id from providers where name = 'OtherPay'"))!.id;
    const mine = await loginAs(t, (await addUser(t, orgId, 'provider', { providerId })).email);
    const notMine = await loginAs(t, (await addUser(t, orgId, 'provider', { providerId: otherProvider })).email);
    const seen = JSON.parse((await mine.get('/api/v1/scans')).text_) as { scans: Array<Record<string, unknown>> };
    expect(seen.scans.length).toBeGreaterThan(0);
    expect(Object.keys(seen.scans[0]!)).not.toContain('error');
    expect(Object.keys(seen.scans[0]!)).not.toContain('artifact_sha256');
    const detail = JSON.parse((await mine.get(`/api/v1/scans/${scan!.id}`)).text_) as { findings: unknown[] };
    expect(detail.findings).toEqual([]);
    const released = await t.p.db.one<{ finding_id: string }>('select finding_id from scan_findings where scan_id = $1 limit 1', [scan!.id]);
    await t.p.db.query('update findings set released_at = now() where id = $1', [released!.finding_id]);
    const after = JSON.parse((await mine.get(`/api/v1/scans/${scan!.id}`)).text_) as { findings: Array<{ id: string }> };
    expect(after.findings.map((f) => f.id)).toEqual([released!.finding_id]);
    expect((await mine.get(`/scans/${scan!.id}`)).status).toBe(200);
    // The report: the released finding only, said so at the top; the lab's full report has more.
    const full = JSON.parse((await admin.get(`/api/v1/scans/${scan!.id}/report?format=json`)).text_) as { findings: Array<{ fingerprint: string; checkId: string }>; scope: { restriction?: string; checksRun: string[] } };
    const releasedFp = (await t.p.db.one<{ fingerprint: string }>('select fingerprint from findings where id = $1', [released!.finding_id]))!.fingerprint;
    expect(full.findings.length).toBeGreaterThan(1);
    expect(full.scope.restriction).toBeUndefined();
    const limited = JSON.parse((await mine.get(`/api/v1/scans/${scan!.id}/report?format=json`)).text_) as typeof full & { anomalies: unknown[] };
    expect(limited.findings.map((f) => f.fingerprint)).toEqual([releasedFp]);
    expect(limited.scope.restriction).toContain('released to MobiCash');
    expect(limited.anomalies).toEqual([]);
    const withheldChecks = new Set(full.findings.filter((f) => f.fingerprint !== releasedFp).map((f) => f.checkId));
    for (const id of withheldChecks) if (id !== limited.findings[0]!.checkId) expect(limited.scope.checksRun).not.toContain(id);
    const html = await mine.get(`/api/v1/scans/${scan!.id}/report?format=html`);
    expect(html.status).toBe(200);
    expect(html.text_).toContain('Limited report');
    for (const f of full.findings) if (f.fingerprint !== releasedFp) expect(html.text_).not.toContain(f.fingerprint);
    const sarif = JSON.parse((await mine.get(`/api/v1/scans/${scan!.id}/report?format=sarif`)).text_) as { runs: Array<{ results: unknown[]; properties: { restriction?: string } }> };
    expect(sarif.runs[0]!.results).toHaveLength(1);
    expect(sarif.runs[0]!.properties.restriction).toContain('released');
    expect((await mine.get(`/scans/${scan!.id}/report?format=csv`)).status).toBe(200);
    expect((await mine.get(`/api/v1/scans/${scan!.id}/diff`)).status).toBe(403);
    expect((await notMine.get(`/api/v1/scans/${scan!.id}`)).status).toBe(404);
    expect(JSON.parse((await notMine.get('/api/v1/scans')).text_).scans).toEqual([]);
    expect((await mine.request('POST', `/api/v1/apps/${walletApp}/scans`, { body: form('w.apk', fixture('vulnerable-wallet.apk')) })).status).toBe(403);

    // A stored artifact the engine refuses: the scan fails at once with the engine's line, and a rerun is a no-op.
    const junk = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new Array(200).fill(7)]);
    const sha = createHash('sha256').update(junk).digest('hex');
    mkdirSync(join(t.dataDir, 'artifacts'), { recursive: true });
    writeFileSync(join(t.dataDir, 'artifacts', sha), junk);
    const id = randomUUID();
    await t.p.db.query(`insert into scans (id, org_id, app_id, provider_id, kind, file_name, artifact_sha256, artifact_size) values ($1, $2, $3, $4, 'android', 'junk.apk', $5, $6)`, [id, orgId, walletApp, providerId, sha, junk.length]);
    await runScanJob(t.p.context, id);
    const failed = await t.p.db.one<{ status: string; error: string; attempts: number }>('select status, error, attempts from scans where id = $1', [id]);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed!.error).toMatch(/^DFSLAB_E_[A-Z_]+: /);
    await runScanJob(t.p.context, id);
    expect((await t.p.db.one<{ attempts: number }>('select attempts from scans where id = $1', [id]))!.attempts).toBe(1);
    expect((await t.p.db.query("select 1 from audit_log where object_id = $1 and action = 'scan.failed'", [id])).length).toBe(1);
    const failedPage = await admin.get(`/scans/${id}`);
    expect(failedPage.text_).toContain('Failed');
    expect(failedPage.text_).toContain('DFSLAB_E_');
  }, 60_000);
});
