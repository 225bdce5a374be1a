/**
 * Evidence files of an engagement from the API, on both databases: upload (hash and size as the client
 * computed them), byte-identical download, safe serving (attachment, nosniff, allow-listed content types),
 * the size limit (413, nothing left on disk), client file names that try to escape, who reads what (provider
 * representatives: remediation evidence only), and tampering: a stored file changed or deleted on disk is
 * refused, recorded and reported by the integrity check.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engagementFor } from '../../src/platform/services/engagements.js';
import { receiveEvidence, saveEvidence } from '../../src/platform/services/evidence.js';
import type { Actor } from '../../src/platform/types.js';
import { BACKENDS, postgresAvailable } from './databases.js';
import { getJson, movePhase, planEngagement, seedLab, type Lab } from './engagement-fixtures.js';
import { startTestPlatform, type Client, type TestPlatform } from './platform.js';

const MAX_EVIDENCE = 64 * 1024;

interface EvidenceJson {
  id: string;
  row_id: string | null;
  response_id: string | null;
  item_id: string | null;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

function form(files: Array<[string, Uint8Array, string?]>, field = 'file'): FormData {
  const f = new FormData();
  for (const [name, bytes, type] of files) f.append(field, new Blob([bytes], type ? { type } : {}), name);
  return f;
}

describe.each(BACKENDS)('evidence files on %s', (backend) => {
  let t: TestPlatform | undefined;
  let lab: Lab;
  let engagementId: string;
  let rowId: string;
  let automatedRowId: string;

  beforeAll(async () => {
    if (backend === 'postgres' && !(await postgresAvailable())) return;
    t = await startTestPlatform(backend, { worker: false, config: { maxEvidenceBytes: MAX_EVIDENCE } });
    lab = await seedLab(t);
    engagementId = (await planEngagement(lab)).id;
    expect((await movePhase(lab.as.lead, engagementId, 'testing')).status).toBe(200);
    const plan = await getJson<{ rows: Array<{ id: string; mode: string }> }>(lab.as.lead, `/api/v1/engagements/${engagementId}/plan`);
    rowId = plan.body.rows.find((r) => r.mode === 'manual')!.id;
    automatedRowId = plan.body.rows.find((r) => r.mode === 'automated')!.id;
  }, 120_000);
  afterAll(async () => t?.stop());

  const upload = (c: Client, body: FormData | Buffer, row = rowId, headers: Record<string, string> = {}) =>
    c.request('POST', `/api/v1/engagements/${engagementId}/rows/${row}/evidence`, { body, headers });
  const download = (c: Client, id: string, engagement = engagementId) => fetchAs(c, `/api/v1/engagements/${engagement}/evidence/${id}`);
  /** A GET that keeps the body as bytes. */
  async function fetchAs(c: Client, path: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
    const res = await fetch(`${c.base}${path}`, { headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  }
  /** Every file under the evidence folder, temporary ones included. */
  const evidenceFiles = (): string[] => {
    const dir = join(t!.dataDir, 'evidence');
    if (!existsSync(dir)) return [];
    return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name)).sort();
  };

  it('keeps an uploaded file with the hash and size the client computed and gives it back byte for byte', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(randomUUID().repeat(100))]);
    const pcap = Buffer.from(randomUUID().repeat(50));
    const r = await upload(lab.as.auditor, form([['login screen.png', png, 'image/png'], ['capture.pcap', pcap, 'application/vnd.tcpdump.pcap']]));
    expect(r.status, r.text_).toBe(201);
    const saved = (JSON.parse(r.text_) as { evidence: EvidenceJson[] }).evidence;
    expect(saved.map((e) => [e.file_name, e.content_type, e.size, e.sha256, e.row_id])).toEqual([
      ['login screen.png', 'image/png', png.length, sha256(png), rowId],
      ['capture.pcap', 'application/vnd.tcpdump.pcap', pcap.length, sha256(pcap), rowId],
    ]);
    // Stored under its id, never under the client's name.
    for (const e of saved) expect(readFileSync(join(t.dataDir, 'evidence', e.id))).toEqual(e.file_name === 'capture.pcap' ? pcap : png);

    const d = await download(lab.as.oversight, saved[0]!.id);
    expect(d.status).toBe(200);
    expect(d.bytes.equals(png)).toBe(true);
    expect(d.headers.get('content-type')).toBe('image/png');
    expect(d.headers.get('content-disposition')).toMatch(/^attachment; filename="login screen.png"/);
    expect(d.headers.get('x-content-type-options')).toBe('nosniff');

    // Listed for the row and the engagement; the row counts it; the event and the audit row are written.
    const list = await getJson<{ evidence: EvidenceJson[] }>(lab.as.readonly, `/api/v1/engagements/${engagementId}/evidence?rowId=${rowId}`);
    expect(list.body.evidence.map((e) => e.id)).toEqual(saved.map((e) => e.id));
    const row = await getJson<{ evidence: EvidenceJson[]; row: { evidence: number } }>(lab.as.lead, `/api/v1/engagements/${engagementId}/rows/${rowId}`);
    expect(row.body.row.evidence).toBe(2);
    expect(row.body.evidence.map((e) => e.sha256)).toEqual([sha256(png), sha256(pcap)]);
    const audit = await t.p.db.query<{ n: number }>("select count(*)::int as n from audit_log where action = 'engagement.evidence_added' and object_id = $1", [engagementId]);
    expect(audit[0]!.n).toBe(2);

    // A failed row's finding names its evidence with the hashes; later evidence is added to the list.
    const fail = await lab.as.auditor.request('POST', `/api/v1/engagements/${engagementId}/rows/${rowId}/result`, { json: { result: 'fail', notes: 'Password shown in clear', severity: 'medium', appId: lab.androidAppId } });
    const findingId = (JSON.parse(fail.text_) as { finding: { id: string } }).finding.id;
    const more = Buffer.from('second look\n');
    expect((await upload(lab.as.lead, form([['notes.txt', more, 'text/plain']]))).status).toBe(201);
    const f = await getJson<{ finding: { data: { evidence: string[] } } }>(lab.as.lead, `/api/v1/findings/${findingId}`);
    expect(f.body.finding.data.evidence).toEqual([`login screen.png (SHA-256 ${sha256(png)})`, `capture.pcap (SHA-256 ${sha256(pcap)})`, `notes.txt (SHA-256 ${sha256(more)})`]);

    // Automated rows take evidence too (a screenshot of what a scan found).
    expect((await upload(lab.as.auditor, form([['scan.json', Buffer.from('{"a":1}'), 'application/json']]), automatedRowId)).status).toBe(201);
  });

  it('never renders an upload on the platform: HTML and SVG come back as attachments of type octet-stream', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const html = Buffer.from('<html><script>alert(document.cookie)</script></html>');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    const r = await upload(lab.as.auditor, form([['page.html', html, 'text/html'], ['pic.svg', svg, 'image/svg+xml'], ['odd', Buffer.from('x'), 'text/plain; charset=utf-8\r\nx: y']]));
    expect(r.status, r.text_).toBe(201);
    const [h, s] = (JSON.parse(r.text_) as { evidence: EvidenceJson[] }).evidence;
    for (const [e, bytes] of [[h!, html], [s!, svg]] as const) {
      const d = await download(lab.as.lead, e.id);
      expect(d.status).toBe(200);
      expect(d.headers.get('content-type')).toBe('application/octet-stream');
      expect(d.headers.get('content-disposition')).toMatch(/^attachment;/);
      expect(d.headers.get('x-content-type-options')).toBe('nosniff');
      expect(d.bytes.equals(bytes)).toBe(true);
    }
  });

  it('refuses a file over the limit (413) and an empty one (400), leaving nothing in the evidence folders', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const before = evidenceFiles();
    const rowsBefore = (await t.p.db.query<{ n: number }>('select count(*)::int as n from evidence_files'))[0]!.n;
    const big = Buffer.alloc(MAX_EVIDENCE + 1, 0x41);
    const r = await upload(lab.as.auditor, form([['big.pcap', big]]));
    expect(r.status).toBe(413);
    // A good file before the oversize one is not kept either: the upload is all or nothing.
    const mixed = await upload(lab.as.auditor, form([['ok.txt', Buffer.from('fine')], ['big.pcap', big]]));
    expect(mixed.status).toBe(413);
    const empty = await upload(lab.as.auditor, form([['empty.png', Buffer.alloc(0)]]));
    expect(empty.status).toBe(400);
    expect(JSON.parse(empty.text_).error.message).toMatch(/"empty.png" is empty/);
    const wrongField = await upload(lab.as.auditor, form([['a.txt', Buffer.from('a')]], 'attachment'));
    expect(wrongField.status).toBe(400);
    const noMultipart = await lab.as.auditor.request('POST', `/api/v1/engagements/${engagementId}/rows/${rowId}/evidence`, { json: { file: 'x' } });
    expect(noMultipart.status).toBe(400);
    expect(evidenceFiles()).toEqual(before);
    expect((await t.p.db.query<{ n: number }>('select count(*)::int as n from evidence_files'))[0]!.n).toBe(rowsBefore);
  });

  it('keeps a client file name that tries to leave the folder as a display name only', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const boundary = `----dfslab${randomUUID()}`;
    const part = (name: string, content: string) => `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${name}"\r\ncontent-type: text/plain\r\n\r\n${content}\r\n`;
    const names = ['../../../../escaped.txt', '..\\..\\escaped-win.txt', '/etc/passwd', '..', 'a\u0001b\u007f.txt'];
    const body = Buffer.from(`${names.map((n, i) => part(n, `content ${i}`)).join('')}--${boundary}--\r\n`, 'latin1');
    const r = await upload(lab.as.auditor, body, rowId, { 'content-type': `multipart/form-data; boundary=${boundary}` });
    expect(r.status, r.text_).toBe(201);
    const saved = (JSON.parse(r.text_) as { evidence: EvidenceJson[] }).evidence;
    expect(saved.map((e) => e.file_name)).toEqual(['escaped.txt', 'escaped-win.txt', 'passwd', 'upload', 'ab.txt']);
    for (const e of saved) expect(existsSync(join(t.dataDir, 'evidence', e.id))).toBe(true);
    for (const dir of [t.dataDir, dirname(t.dataDir), join(t.dataDir, 'evidence', '.incoming')]) {
      expect(existsSync(join(dir, 'escaped.txt'))).toBe(false);
      expect(existsSync(join(dir, 'escaped-win.txt'))).toBe(false);
    }
    // A name over 200 characters is cut for display.
    const long = await upload(lab.as.auditor, form([[`${'n'.repeat(300)}.txt`, Buffer.from('x')]]));
    expect((JSON.parse(long.text_) as { evidence: EvidenceJson[] }).evidence[0]!.file_name).toHaveLength(200);
  });

  it('refuses a stored file that was changed or deleted on disk, records it, and lists it in the integrity check', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const original = Buffer.from(`evidence ${randomUUID()}`);
    const r = await upload(lab.as.auditor, form([['proof.txt', original, 'text/plain'], ['gone.txt', Buffer.from('soon gone'), 'text/plain']]));
    const [proof, gone] = (JSON.parse(r.text_) as { evidence: EvidenceJson[] }).evidence as [EvidenceJson, EvidenceJson];
    const stored = join(t.dataDir, 'evidence', proof.id);
    const altered = Buffer.from(original.toString().replace('evidence', 'EVIDENCE'));
    writeFileSync(stored, altered);

    const d = await download(lab.as.lead, proof.id);
    expect(d.status).toBe(409);
    const error = (JSON.parse(d.bytes.toString()) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('evidence_tampered');
    expect(error.message).toContain('"proof.txt"');
    expect(error.message).toContain(proof.sha256);
    expect(error.message).toContain(sha256(altered));
    expect(d.bytes.includes(altered)).toBe(false);

    rmSync(join(t.dataDir, 'evidence', gone.id));
    const m = await download(lab.as.oversight, gone.id);
    expect(m.status).toBe(409);
    expect((JSON.parse(m.bytes.toString()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'evidence_missing', message: expect.stringContaining('"gone.txt"') });

    // Both refusals are in the history and the audit log, although their requests failed.
    const events = await getJson<{ events: Array<{ kind: string; detail: { evidenceId: string; status: string; actualSha256: string | null } }> }>(lab.as.lead, `/api/v1/engagements/${engagementId}/events`);
    const failed = events.body.events.filter((e) => e.kind === 'evidence_integrity_failed');
    expect(failed.map((e) => [e.detail.evidenceId, e.detail.status])).toEqual([[proof.id, 'tampered'], [gone.id, 'missing']]);
    expect(failed[0]!.detail.actualSha256).toBe(sha256(altered));
    const audit = await t.p.db.query<{ n: number }>("select count(*)::int as n from audit_log where action = 'engagement.evidence_integrity_failed' and object_id = $1", [engagementId]);
    expect(audit[0]!.n).toBe(2);

    const check = await getJson<{ files: Array<{ id: string; status: string; actual_sha256: string | null }>; ok: number; tampered: number; missing: number }>(lab.as.readonly, `/api/v1/engagements/${engagementId}/evidence-check`);
    expect(check.status).toBe(200);
    expect(check.body.files.find((f) => f.id === proof.id)).toMatchObject({ status: 'tampered', actual_sha256: sha256(altered) });
    expect(check.body.files.find((f) => f.id === gone.id)).toMatchObject({ status: 'missing', actual_sha256: null });
    expect(check.body.tampered).toBe(1);
    expect(check.body.missing).toBe(1);
    expect(check.body.ok).toBe(check.body.files.length - 2);

    // Put back as it was, the file is served again.
    writeFileSync(stored, original);
    const back = await download(lab.as.lead, proof.id);
    expect(back.status).toBe(200);
    expect(back.bytes.equals(original)).toBe(true);
  });

  it('lets only testers add evidence, in testing or retest phases, and providers read remediation evidence only', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const file = () => form([['x.txt', Buffer.from('x')]]);
    for (const who of ['reviewer', 'readonly', 'oversight', 'provider', 'auditor2'] as const) {
      expect((await upload(lab.as[who], file())).status, who).toBe(403);
    }
    expect((await upload(lab.as.outsiderLead, file())).status).toBe(404);
    expect((await upload(lab.as.auditor, file(), '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const planned = await planEngagement(lab);
    const plannedRow = (await getJson<{ rows: Array<{ id: string }> }>(lab.as.lead, `/api/v1/engagements/${planned.id}/plan`)).body.rows[0]!.id;
    const inPlanning = await lab.as.auditor.request('POST', `/api/v1/engagements/${planned.id}/rows/${plannedRow}/evidence`, { body: file() });
    expect(inPlanning.status).toBe(409);
    // A row of another engagement is not this engagement's.
    expect((await upload(lab.as.auditor, file(), plannedRow)).status).toBe(404);

    // A failed row, for a finding the provider can answer.
    const failRow = (await getJson<{ rows: Array<{ id: string; mode: string }> }>(lab.as.lead, `/api/v1/engagements/${engagementId}/plan`)).body.rows.filter((r) => r.mode === 'manual')[3]!.id;
    const failed = await lab.as.auditor.request('POST', `/api/v1/engagements/${engagementId}/rows/${failRow}/result`, { json: { result: 'fail', notes: 'x', severity: 'low', appId: lab.androidAppId } });
    expect(failed.status).toBe(200);

    // Remediation evidence, as the remediation service attaches it: to a provider's response after delivery.
    // Delivery is another area's work: set the phase directly in the database.
    await t.p.db.query("update engagements set phase = 'delivered', delivered_at = now() where id = $1", [engagementId]);
    const rowEvidence = (await getJson<{ evidence: EvidenceJson[] }>(lab.as.lead, `/api/v1/engagements/${engagementId}/evidence`)).body.evidence;
    const [finding] = await t.p.db.query<{ id: string }>('select finding_id as id from plan_rows where engagement_id = $1 and finding_id is not null limit 1', [engagementId]);
    const responseId = randomUUID();
    await t.p.db.query("insert into remediation_responses (id, engagement_id, finding_id, user_id, plan, fixed) values ($1, $2, $3, $4, 'Patched in 4.2.1', true)", [responseId, engagementId, finding!.id, lab.users.provider.id]);
    const provider = (await t.p.db.one<Actor>("select id as \"userId\", org_id as \"orgId\", role, provider_id as \"providerId\", email, name, 'session' as via from users where id = $1", [lab.users.provider.id]))!;
    const fix = Buffer.from('release notes 4.2.1');
    const received = await receiveEvidence(t.p.context.config, Readable.from([fix]), 'release-notes.pdf', 'application/pdf');
    const saved = await t.p.db.tx(async (q) => saveEvidence(q, await engagementFor(q, provider, engagementId), received, { responseId }));
    expect(saved).toMatchObject({ response_id: responseId, row_id: null, sha256: sha256(fix), size: fix.length });

    const seen = await getJson<{ evidence: EvidenceJson[] }>(lab.as.provider, `/api/v1/engagements/${engagementId}/evidence`);
    expect(seen.status).toBe(200);
    expect(seen.body.evidence.map((e) => e.id)).toEqual([saved.id]);
    const d = await download(lab.as.provider, saved.id);
    expect(d.status).toBe(200);
    expect(d.bytes.equals(fix)).toBe(true);
    expect(d.headers.get('content-type')).toBe('application/pdf');
    // The lab's own row evidence stays the lab's.
    expect((await download(lab.as.provider, rowEvidence[0]!.id)).status).toBe(404);
    expect((await getJson(lab.as.provider, `/api/v1/engagements/${engagementId}/evidence-check`)).status).toBe(403);
    expect((await getJson(lab.as.provider, `/api/v1/engagements/${engagementId}/rows/${rowId}`)).status).toBe(403);
    // The lab reads everything; another lab nothing; a malformed id is "not found".
    expect((await getJson<{ evidence: EvidenceJson[] }>(lab.as.lead, `/api/v1/engagements/${engagementId}/evidence`)).body.evidence.map((e) => e.id)).toContain(saved.id);
    expect((await download(lab.as.outsiderLead, saved.id)).status).toBe(404);
    expect((await download(lab.as.lead, 'x')).status).toBe(404);
    expect((await download(lab.as.lead, saved.id, planned.id)).status).toBe(404);

    // Retesting after delivery takes evidence.
    expect((await upload(lab.as.auditor, file())).status).toBe(201);
    await t.p.db.query("update engagements set phase = 'closed', closed_at = now() where id = $1", [engagementId]);
    expect((await upload(lab.as.auditor, file())).status).toBe(409);
  });
});
