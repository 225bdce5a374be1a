/**
 * The page of one row of an engagement's test plan, through HTTP like a browser (forms with the CSRF token,
 * multipart uploads with the token in the URL, 303 redirects), on both databases: the catalog text and the
 * result for everyone on the engagement, the forms for its testers only while results are recorded; a refused
 * result and a too-large upload shown on the page next to their form (400, 409, 413); a failure recorded with
 * its severity linked to its finding; two evidence files uploaded, listed with their hashes and downloaded
 * byte for byte; the review comments on the row; an automated row with its linked scan and finding and no
 * forms; and who gets nothing (a provider representative, another lab, the oversight reviewer outside the
 * engagements they review). Every page served passes the static page rules (labels, no inline script or style).
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBytes } from '../../src/platform/services/uploads.js';
import { BACKENDS, postgresAvailable } from './databases.js';
import { getJson, movePhase, planEngagement, seedLab, type Lab } from './engagement-fixtures.js';
import { page, postForm, staticProblems, text, unescape } from './page-helpers.js';
import { startTestPlatform, type Client, type TestPlatform } from './platform.js';

const MAX_EVIDENCE = 64 * 1024;

interface PlanRowJson {
  id: string;
  item_id: string;
  title: string;
  mode: 'manual' | 'automated';
  checks: string[];
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const location = (r: { headers: Headers }): string => r.headers.get('location') ?? '';

function files(list: Array<[string, Uint8Array, string?]>): FormData {
  const f = new FormData();
  for (const [name, bytes, type] of list) f.append('file', new Blob([bytes], type ? { type } : {}), name);
  return f;
}

describe.each(BACKENDS)('the test plan row page on %s', (backend) => {
  let t: TestPlatform | undefined;
  let lab: Lab;
  let id: string;
  let manual: PlanRowJson;
  let automated: PlanRowJson;
  let rowPath: string;

  beforeAll(async () => {
    if (backend === 'postgres' && !(await postgresAvailable())) return;
    t = await startTestPlatform(backend, { worker: false, config: { maxEvidenceBytes: MAX_EVIDENCE } });
    lab = await seedLab(t);
    id = (await planEngagement(lab)).id;
    const plan = await getJson<{ rows: PlanRowJson[] }>(lab.as.lead, `/api/v1/engagements/${id}/plan`);
    manual = plan.body.rows.find((r) => r.mode === 'manual' && r.item_id.startsWith('APP-'))!;
    automated = plan.body.rows.find((r) => r.mode === 'automated' && r.checks.some((c) => c.startsWith('android.')))!;
    rowPath = `/engagements/${id}/rows/${manual.id}`;
  }, 120_000);
  afterAll(async () => t?.stop());

  /** The upload form's action (with the CSRF token in its query) from the row page as `c` sees it. */
  async function uploadAction(c: Client): Promise<string> {
    const shown = await page(c, rowPath);
    const m = new RegExp(`action="(/engagements/${id}/rows/${manual.id}/evidence\\?_csrf=[^"]+)" enctype="multipart/form-data"`).exec(shown.html);
    expect(m, 'the upload form').not.toBeNull();
    return unescape(m![1]!);
  }

  it('shows the catalog text and the result to the team; before testing there is no form and a result is refused on the page', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const api = await getJson<{ item: { statement: string; howToTest: string } }>(lab.as.lead, `/api/v1/engagements/${id}/rows/${manual.id}`);
    const shown = await page(lab.as.auditor, rowPath);
    expect(shown.status).toBe(200);
    const words = text(shown.html);
    expect(words).toContain(`${manual.item_id} · ${manual.title}`);
    expect(words).toContain(api.body.item.statement);
    // The numbered steps of how to test it become a list, each step on one line.
    const firstStep = /^\s*1\.\s+(.*)$/m.exec(api.body.item.howToTest)![1]!.trim();
    expect(shown.html).toMatch(new RegExp(`<ol><li>${firstStep.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').slice(0, 30)}`));
    expect(shown.html).toContain('<span class="muted">Pending</span>');
    expect(shown.html).toContain(`href="/engagements/${id}#plan-h"`);
    expect(words).toContain('No evidence yet.');
    expect(words).toContain('No review comment on this test.');
    // Planning: no result is recorded yet, so no form.
    expect(shown.html).not.toContain(`action="${rowPath}/result"`);
    expect(shown.html).not.toContain('enctype="multipart/form-data"');

    const early = await postForm(lab.as.auditor, `${rowPath}/result`, [['result', 'pass']]);
    expect(early.status).toBe(409);
    expect(early.text_).toMatch(/<p class="error" role="alert">Recording a test result is possible when the engagement is testing/);
    expect(staticProblems(early.text_)).toEqual([]);
    const earlyUpload = await lab.as.auditor.request('POST', `${rowPath}/evidence?_csrf=${lab.as.auditor.csrf}`, { body: files([['a.txt', Buffer.from('a')]]), csrf: false });
    expect(earlyUpload.status).toBe(409);
    expect(text(earlyUpload.text_)).toContain('Adding evidence is possible when the engagement is testing');

    expect((await movePhase(lab.as.lead, id, 'testing')).status).toBe(200);
  });

  it('gives the forms to the testers only; read-only users and reviewers read it; a provider and another lab get nothing', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const auditor = await page(lab.as.auditor, rowPath);
    expect(auditor.status).toBe(200);
    expect(auditor.html).toContain(`action="${rowPath}/result"`);
    for (const r of ['pass', 'fail', 'not_applicable', 'not_tested']) expect(auditor.html).toContain(`name="result" value="${r}"`);
    expect(auditor.html).toContain('<textarea name="notes"');
    expect(auditor.html).toContain('<select name="severity">');
    // Two apps in scope: the failure says which.
    expect(auditor.html).toContain(`<option value="${lab.androidAppId}">TestPay wallet (Android)</option>`);
    expect(auditor.html).toMatch(/<input type="file" name="file" multiple required/);
    expect(text(auditor.html)).toContain('at most 64 KiB each');
    await uploadAction(lab.as.auditor);

    for (const who of ['readonly', 'reviewer', 'oversight'] as const) {
      const shown = await page(lab.as[who], rowPath);
      expect(shown.status, who).toBe(200);
      expect(text(shown.html), who).toContain(manual.title);
      expect(shown.html, who).not.toContain(`action="${rowPath}/result"`);
      expect(shown.html, who).not.toContain('enctype="multipart/form-data"');
      expect(shown.html, who).not.toContain('<textarea');
    }
    // A lab auditor outside the team reads it (staff of the lab) but may not record.
    expect((await page(lab.as.auditor2, rowPath)).html).not.toContain(`action="${rowPath}/result"`);
    expect((await postForm(lab.as.auditor2, `${rowPath}/result`, [['result', 'pass']])).status).toBe(403);
    expect((await postForm(lab.as.readonly, `${rowPath}/result`, [['result', 'pass']])).status).toBe(403);
    expect((await postForm(lab.as.oversight, `${rowPath}/result`, [['result', 'pass']])).status).toBe(403);

    expect((await lab.as.provider.get(rowPath)).status).toBe(403);
    expect((await postForm(lab.as.provider, `${rowPath}/result`, [['result', 'pass']])).status).toBe(403);
    expect((await lab.as.outsiderLead.get(rowPath)).status).toBe(404);
    expect((await postForm(lab.as.outsiderLead, `${rowPath}/result`, [['result', 'pass']])).status).toBe(404);
    // A row of another engagement, and a row id that is not one: not found.
    expect((await lab.as.auditor.get(`/engagements/${id}/rows/${randomUUID()}`)).status).toBe(404);
    expect((await lab.as.auditor.get(`/engagements/${id}/rows/not-a-row`)).status).toBe(404);

    // The oversight reviewer reaches the engagements they review, not the lab's others.
    const other = await planEngagement(lab, { title: 'Not for oversight', reviewers: ['reviewer'] });
    const otherRows = await getJson<{ rows: PlanRowJson[] }>(lab.as.lead, `/api/v1/engagements/${other.id}/plan`);
    const otherRow = otherRows.body.rows.find((r) => r.mode === 'manual')!;
    expect((await lab.as.oversight.get(`/engagements/${other.id}/rows/${otherRow.id}`)).status).toBe(404);
    expect((await page(lab.as.readonly, `/engagements/${other.id}/rows/${otherRow.id}`)).status).toBe(200);
    // A row is reached only through its own engagement.
    expect((await lab.as.auditor.get(`/engagements/${other.id}/rows/${manual.id}`)).status).toBe(404);
  });

  it('shows a refused result next to the form with 400 and what was typed; a failure with its severity links its finding', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const notes = 'A PIN alone opens the account on a new device <no OTP asked>';
    const refused = await postForm(lab.as.auditor, `${rowPath}/result`, [
      ['result', 'fail'],
      ['notes', notes],
      ['severity', ''],
      ['appId', lab.androidAppId],
    ]);
    expect(refused.status).toBe(400);
    expect(staticProblems(refused.text_)).toEqual([]);
    expect(refused.text_).toMatch(/<h3>Record the result<\/h3><p class="error" role="alert">a failed test needs a severity \(critical, high, medium, low, info\)<\/p>/);
    expect(refused.text_).toContain('name="result" value="fail" required checked');
    expect(refused.text_).toContain('A PIN alone opens the account on a new device &lt;no OTP asked&gt;</textarea>');
    expect(refused.text_).toContain(`<option value="${lab.androidAppId}" selected>`);
    // Nothing was recorded.
    expect((await page(lab.as.lead, rowPath)).html).toContain('<span class="muted">Pending</span>');
    // No result chosen at all: refused on the page too.
    const none = await postForm(lab.as.auditor, `${rowPath}/result`, [['notes', 'forgot the result']]);
    expect(none.status).toBe(400);
    expect(text(none.text_)).toContain('choose a result');

    const recorded = await postForm(lab.as.auditor, `${rowPath}/result`, [
      ['result', 'fail'],
      ['notes', notes],
      ['severity', 'high'],
      ['appId', lab.androidAppId],
    ]);
    expect(recorded.status).toBe(303);
    expect(location(recorded)).toBe(`${rowPath}#result-h`);

    const row = await getJson<{ finding: { id: string; severity: string; status: string } }>(lab.as.lead, `/api/v1/engagements/${id}/rows/${manual.id}`);
    expect(row.body.finding).toMatchObject({ severity: 'high', status: 'open' });
    const findingId = row.body.finding.id;
    const shown = await page(lab.as.lead, rowPath);
    const words = text(shown.html);
    expect(shown.html).toContain('<span class="status result result-fail">Fail</span>');
    expect(words).toContain('Tested by auditor user');
    expect(words).toContain(notes);
    expect(words).toMatch(/App TestPay wallet/);
    expect(shown.html).toContain(`<a href="/findings/${findingId}">${manual.item_id} ${manual.title}</a> <span class="sev sev-high">high</span>`);
    expect(words).toContain('Open');
    expect((await lab.as.lead.get(`/findings/${findingId}`)).status).toBe(200);
    // The form now starts from what was recorded.
    expect(shown.html).toContain('name="result" value="fail" required checked');
    expect(shown.html).toContain('<option value="high" selected>');
    // The oversight reviewer sees the finding, without a link into the lab's findings.
    const oversight = await page(lab.as.oversight, rowPath);
    expect(text(oversight.html)).toContain(`Finding ${manual.item_id} ${manual.title} high`);
    expect(oversight.html).not.toContain(`href="/findings/`);
    // The engagement's plan shows the result too.
    expect(text((await page(lab.as.lead, `/engagements/${id}`)).html)).toMatch(new RegExp(`${manual.item_id} ${manual.title.slice(0, 20)}.* Manual Fail auditor user`));
  });

  it('takes two evidence files from the form: listed with their hashes and downloadable byte for byte', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(randomUUID().repeat(40))]);
    const log = Buffer.from(`otp skipped ${randomUUID()}\n`);
    const action = await uploadAction(lab.as.auditor);
    // Without the token in the URL the upload is refused.
    expect((await lab.as.auditor.request('POST', `${rowPath}/evidence`, { body: files([['x.txt', log]]), csrf: false })).status).toBe(403);

    const posted = await lab.as.auditor.request('POST', action, { body: files([['login screen.png', png, 'image/png'], ['session.log', log, 'text/plain']]), csrf: false });
    expect(posted.status, posted.text_).toBe(303);
    expect(location(posted)).toBe(`${rowPath}#evidence-h`);

    const shown = await page(lab.as.readonly, rowPath);
    const words = text(shown.html);
    for (const [name, bytes] of [['login screen.png', png], ['session.log', log]] as const) {
      const hash = sha256(bytes);
      expect(shown.html).toContain(`<code title="${hash}">${hash.slice(0, 12)}</code>`);
      expect(words).toMatch(new RegExp(`${name} ${formatBytes(bytes.length).replace('.', '\\.')} ${hash.slice(0, 12)} auditor user \\d{4}-\\d\\d-\\d\\d`));
    }
    const links = [...shown.html.matchAll(new RegExp(`<a href="(/api/v1/engagements/${id}/evidence/[0-9a-f-]{36})">([^<]+)</a>`, 'g'))].map((m) => [m[1]!, m[2]!] as const);
    expect(links.map(([, name]) => name)).toEqual(['login screen.png', 'session.log']);
    for (const [href, name] of links) {
      const c = lab.as.oversight;
      const res = await fetch(`${c.base}${href}`, { headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
      expect(res.status).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      const expected = name === 'session.log' ? log : png;
      expect(bytes.equals(expected)).toBe(true);
      expect(res.headers.get('x-evidence-sha256')).toBe(sha256(expected));
      expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    }
    // The failed row's finding lists them.
    const row = await getJson<{ finding: { id: string } }>(lab.as.lead, `/api/v1/engagements/${id}/rows/${manual.id}`);
    const finding = await getJson<{ finding: { data: { evidence: string[] } } }>(lab.as.lead, `/api/v1/findings/${row.body.finding.id}`);
    expect(finding.body.finding.data.evidence).toEqual([`login screen.png (SHA-256 ${sha256(png)})`, `session.log (SHA-256 ${sha256(log)})`]);
  });

  it('shows a file over the limit (413) and an empty one (400) next to the upload form, keeping nothing', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const count = async (): Promise<number> => (await t!.p.db.query<{ n: number }>('select count(*)::int as n from evidence_files where row_id = $1', [manual.id]))[0]!.n;
    const before = await count();
    const action = await uploadAction(lab.as.auditor);
    const big = await lab.as.auditor.request('POST', action, { body: files([['ok.txt', Buffer.from('fine')], ['capture.pcap', Buffer.alloc(MAX_EVIDENCE + 1, 0x41)]]), csrf: false });
    expect(big.status).toBe(413);
    expect(staticProblems(big.text_)).toEqual([]);
    expect(big.text_).toMatch(/<h3>Attach evidence<\/h3><p class="error" role="alert">the file is larger than this server accepts \(at most 64 KiB\)<\/p>/);
    const empty = await lab.as.auditor.request('POST', action, { body: files([['empty.png', Buffer.alloc(0)]]), csrf: false });
    expect(empty.status).toBe(400);
    expect(empty.text_).toMatch(/<h3>Attach evidence<\/h3><p class="error" role="alert">&quot;empty.png&quot; is empty/);
    expect(await count()).toBe(before);
  });

  it('shows the review comments on this row, read-only', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const onRow = await lab.as.oversight.request('POST', `/api/v1/engagements/${id}/comments`, { json: { targetType: 'row', targetId: manual.id, body: 'Which device was the second one?' } });
    expect(onRow.status, onRow.text_).toBe(201);
    const onEngagement = await lab.as.oversight.request('POST', `/api/v1/engagements/${id}/comments`, { json: { targetType: 'engagement', body: 'General remark on the report' } });
    expect(onEngagement.status).toBe(201);
    const onAutomated = await lab.as.oversight.request('POST', `/api/v1/engagements/${id}/comments`, { json: { targetType: 'row', targetId: automated.id, body: 'About the automated row' } });
    expect(onAutomated.status).toBe(201);
    for (const who of ['auditor', 'oversight', 'readonly'] as const) {
      const shown = await page(lab.as[who], rowPath);
      const words = text(shown.html);
      expect(words, who).toMatch(/reviewer user \(ITU oversight [^)]*, round 0\) Which device was the second one\?/);
      expect(words, who).not.toContain('General remark on the report');
      expect(words, who).not.toContain('About the automated row');
      expect(shown.html, who).not.toContain('name="body"');
    }
  });

  it('shows an automated row with the linked scans that ran its checks and their findings, and no forms', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    // Before any scan decides it, the testers may test it by hand: the form is there, with why.
    const undecided = await page(lab.as.auditor, `/engagements/${id}/rows/${automated.id}`);
    expect(undecided.html).toContain(`action="/engagements/${id}/rows/${automated.id}/result"`);
    expect(text(undecided.html)).toContain('No scan linked to the engagement decides this row');
    const checkId = automated.checks.find((c) => c.startsWith('android.'))!;
    // A finished scan of the app in scope that ran the check and found it, linked through the API.
    const scanId = randomUUID();
    const findingId = randomUUID();
    await t.p.db.query(
      "insert into scans (id, org_id, app_id, provider_id, kind, status, file_name, version_name, result, finished_at) values ($1, $2, $3, $4, 'android', 'done', 'w.apk', '4.2.0', $5, now())",
      [scanId, lab.orgId, lab.androidAppId, lab.providerId, JSON.stringify({ checks: { run: [checkId] } })],
    );
    const data = { checkId, title: 'Seen by the scan', severity: 'medium', confidence: 'high', message: 'm', locations: [], evidence: [], remediation: 'r', references: {}, fingerprint: `fp-${findingId}` };
    await t.p.db.query(
      "insert into findings (id, org_id, app_id, fingerprint, check_id, title, severity, status, first_scan_id, last_scan_id, data) values ($1, $2, $3, $4, $5, 'Seen by the scan', 'medium', 'open', $6, $6, $7)",
      [findingId, lab.orgId, lab.androidAppId, data.fingerprint, checkId, scanId, JSON.stringify(data)],
    );
    await t.p.db.query('insert into scan_findings (scan_id, finding_id) values ($1, $2)', [scanId, findingId]);
    expect((await lab.as.auditor.request('POST', `/api/v1/engagements/${id}/scans`, { json: { scanId } })).status).toBeLessThan(300);

    const path = `/engagements/${id}/rows/${automated.id}`;
    const shown = await page(lab.as.auditor, path);
    expect(shown.status).toBe(200);
    const words = text(shown.html);
    expect(words).toContain('Automated: computed from the scans linked to the engagement');
    expect(shown.html).toContain('<span class="status result result-fail">Fail</span>');
    expect(shown.html).toContain(`href="/scans/${scanId}"`);
    expect(words).toMatch(/TestPay wallet 4\.2\.0 Done/);
    expect(shown.html).toContain(`<a href="/findings/${findingId}">Seen by the scan</a>`);
    expect(words).toContain('About the automated row');
    // A tester in the testing phase, but the row is the scans': no form.
    expect(shown.html).not.toContain(`action="${path}/result"`);
    expect(shown.html).not.toContain('enctype="multipart/form-data"');
    const oversight = await page(lab.as.oversight, path);
    expect(text(oversight.html)).toContain('Seen by the scan');
    expect(oversight.html).not.toContain('href="/scans/');
    expect(oversight.html).not.toContain('href="/findings/');

    // A result posted to it anyway is refused on the page, at its top (there is no form to put it next to).
    const refused = await postForm(lab.as.auditor, `${path}/result`, [['result', 'pass']]);
    expect(refused.status).toBe(409);
    expect(refused.text_).toMatch(new RegExp(`<p class="error" role="alert">${automated.item_id} is tested automatically and the scans linked to the engagement decided it`));
    expect(staticProblems(refused.text_)).toEqual([]);
  });
});
