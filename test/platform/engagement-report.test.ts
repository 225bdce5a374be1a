/**
 * The engagement report from the API, on both databases: who may download it in which phase, what each
 * reader sees (the lab and the team the full report with a draft mark before delivery; the provider the
 * delivered copy with the released findings only and none of the lab's notes or review comments), the
 * download headers, and byte-identical re-rendering in every format.
 *
 * The manual results, findings, review decisions and comments, provider responses, evidence rows and the
 * linked scan are written straight into the database here: the services that record them are written by
 * other parts of the feature, and the report must read whatever those tables hold.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../src/report/pdf.js';
import { engagementReport } from '../../src/platform/services/engagement-report.js';
import type { Actor } from '../../src/platform/types.js';
import { BACKENDS, postgresAvailable } from './databases.js';
import { ANDROID_PACKAGE, getJson, planEngagement, seedLab, type Lab } from './engagement-fixtures.js';
import { startTestPlatform, type Client, type TestPlatform } from './platform.js';

const HOSTILE = '<script>alert("x")</script>';
const TEXT_FORMATS = ['json', 'csv', 'sarif', 'html', 'oscal'] as const;
const ALL_FORMATS = [...TEXT_FORMATS, 'pdf'] as const;

function chromiumInstalled(): boolean {
  try {
    findChromium();
    return true;
  } catch {
    return false;
  }
}

describe.each(BACKENDS)('engagement report on %s', (backend) => {
  let t: TestPlatform | undefined;
  let lab: Lab;
  let id: string;
  const ids = { scan: randomUUID(), scanFinding: randomUUID(), manualFinding: randomUUID(), hiddenFinding: randomUUID(), manualItem: '', autoItem: '', check: '' };

  const setPhase = async (phase: string): Promise<void> => {
    await t!.p.db.query('update engagements set phase = $2 where id = $1', [id, phase]);
  };
  const download = async (c: Client, format: string): Promise<{ status: number; text: string; headers: Headers }> => {
    const r = await c.request('GET', `/api/v1/engagements/${id}/report?format=${format}`);
    return { status: r.status, text: r.text_, headers: r.headers };
  };
  const actorOf = async (userId: string): Promise<Actor> => {
    const u = (await t!.p.db.one<{ id: string; org_id: string; role: Actor['role']; provider_id: string | null; email: string; name: string }>('select id, org_id, role, provider_id, email, name from users where id = $1', [userId]))!;
    return { userId: u.id, orgId: u.org_id, role: u.role, providerId: u.provider_id, email: u.email, name: u.name, via: 'token' };
  };

  beforeAll(async () => {
    if (backend === 'postgres' && !(await postgresAvailable())) return;
    t = await startTestPlatform(backend, { worker: false });
    lab = await seedLab(t);
    id = (await planEngagement(lab, { title: 'TestPay 2026 audit / "final"' })).id;
    const plan = await getJson<{ rows: Array<{ id: string; item_id: string; mode: string; checks: string[] }> }>(lab.as.lead, `/api/v1/engagements/${id}/plan`);
    const manual = plan.body.rows.filter((r) => r.mode === 'manual');
    const auto = plan.body.rows.find((r) => r.mode === 'automated' && r.checks.some((c) => c.startsWith('android')))!;
    ids.manualItem = manual[0]!.item_id;
    ids.autoItem = auto.item_id;
    ids.check = auto.checks.find((c) => c.startsWith('android'))!;
    const db = t.p.db;
    const u = lab.users;

    // A finished scan of the Android app, linked, that saw one finding of a covering check.
    await db.query(
      `insert into scans (id, org_id, app_id, provider_id, kind, status, file_name, version_name, version_code, identifier, result, score, grade, created_by, finished_at)
       values ($1, $2, $3, $4, 'android', 'done', 'wallet.apk', '4.2.0', '42', $5, $6, 61, 'C', $7, '2026-11-20T10:01:00Z')`,
      [ids.scan, lab.orgId, lab.androidAppId, lab.providerId, ANDROID_PACKAGE, JSON.stringify({ checks: { run: [ids.check], failed: [] } }), u.auditor.id],
    );
    await db.query('insert into engagement_scans (engagement_id, org_id, scan_id, linked_by) values ($1, $2, $3, $4)', [id, lab.orgId, ids.scan, u.auditor.id]);
    const finding = (fid: string, checkId: string, title: string, o: { source: string; status?: string; scan?: boolean; data: Record<string, unknown> }) =>
      db.query(
        `insert into findings (id, org_id, app_id, fingerprint, check_id, title, severity, status, first_scan_id, last_scan_id, data, source, engagement_id)
         values ($1, $2, $3, $4, $5, $6, 'high', $7, $8, $8, $9, $10, $11)`,
        [fid, lab.orgId, lab.androidAppId, `fp-${fid}`, checkId, title, o.status ?? 'open', o.scan ? ids.scan : null, JSON.stringify(o.data), o.source, o.source === 'manual' ? id : null],
      );
    await finding(ids.scanFinding, ids.check, 'Cleartext traffic allowed', {
      source: 'scan',
      scan: true,
      data: {
        checkId: ids.check, title: 'Cleartext traffic allowed', severity: 'high', confidence: 'high', message: 'The app allows cleartext HTTP.', fingerprint: `fp-${ids.scanFinding}`,
        locations: [{ path: 'AndroidManifest.xml', element: 'manifest/application', attribute: 'android:usesCleartextTraffic' }], evidence: ['usesCleartextTraffic=true'],
        remediation: 'Turn cleartext traffic off.', references: { masvs: ['MASVS-NETWORK-1'], maswe: [], cwe: ['CWE-319'], dfs: [ids.autoItem] },
      },
    });
    await db.query('insert into scan_findings (scan_id, finding_id) values ($1, $2)', [ids.scan, ids.scanFinding]);
    await finding(ids.manualFinding, `manual.${ids.manualItem}`, `Manual weakness ${HOSTILE}`, {
      source: 'manual',
      data: { message: `Found by hand ${HOSTILE}`, remediation: 'Fix it.', references: { masvs: [], maswe: [], cwe: [], dfs: [ids.manualItem] }, evidence: [], locations: [] },
    });
    // Judged a false positive by the lab: never released, so never in the provider's copy.
    await finding(ids.hiddenFinding, `manual.${manual[1]!.item_id}`, 'Withheld weakness', { source: 'manual', status: 'false_positive', data: { message: 'not real' } });
    await db.query("update findings set reason = 'LAB TRIAGE NOTE' where id = $1", [ids.hiddenFinding]);

    // Manual results: a failed row with its finding and the tester's notes, the others not applicable.
    const firstRow = manual[0]!;
    await db.query("update plan_rows set result = 'fail', notes = $2, severity = 'high', finding_id = $3, tested_by = $4, tested_at = '2026-12-01T12:00:00Z', app_id = $5 where id = $1", [
      firstRow.id, `TESTER NOTE ${HOSTILE}`, ids.manualFinding, u.auditor.id, lab.androidAppId,
    ]);
    await db.query("update plan_rows set result = 'not_applicable', tested_by = $2, tested_at = '2026-12-02T12:00:00Z' where engagement_id = $1 and mode = 'manual' and result is null", [id, u.auditor.id]);
    await db.query("update plan_rows set finding_id = $2 where id = $1", [manual[1]!.id, ids.hiddenFinding]);
    await db.query(
      `insert into evidence_files (id, engagement_id, row_id, file_name, content_type, size, sha256, uploaded_by, uploaded_at) values ($1, $2, $3, 'proof.png', 'image/png', 2048, $4, $5, '2026-12-01T12:05:00Z')`,
      [randomUUID(), id, firstRow.id, 'ab'.repeat(32), u.auditor.id],
    );
    // The review: a withdrawn approval, then the approval that stands, and a comment.
    await db.query('update engagements set review_round = 1, delivered_at = null where id = $1', [id]);
    await db.query("insert into review_decisions (engagement_id, user_id, round, decision, at, withdrawn_at, withdrawn_reason) values ($1, $2, 1, 'approve', '2026-12-10T09:00:00Z', '2026-12-11T09:00:00Z', 'a scan was added')", [id, u.oversight.id]);
    await db.query("insert into review_decisions (engagement_id, user_id, round, decision, body, at) values ($1, $2, 1, 'approve', 'fine now', '2026-12-14T09:00:00Z')", [id, u.oversight.id]);
    await db.query("insert into review_comments (engagement_id, user_id, target_type, target_id, round, body, at) values ($1, $2, 'row', $3, 1, $4, '2026-12-12T09:00:00Z')", [id, u.oversight.id, firstRow.id, `REVIEW COMMENT ${HOSTILE}`]);
  }, 120_000);
  afterAll(async () => t?.stop());

  it('is not available before the reporting phase, and never to outsiders', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    await setPhase('testing');
    const early = await download(lab.as.lead, 'json');
    expect(early.status).toBe(409);
    expect(early.text).toMatch(/reporting phase/);
    expect((await download(lab.as.provider, 'json')).status).toBe(404);
    await setPhase('review');
    expect((await download(lab.as.outsiderLead, 'json')).status).toBe(404);
    expect((await download(lab.as.provider, 'html')).status).toBe(404);
    const bad = await download(lab.as.lead, 'docx');
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/format must be one of/);
    // An unknown or malformed engagement is "not found" whatever the format.
    expect((await lab.as.lead.request('GET', `/api/v1/engagements/${randomUUID()}/report?format=json`)).status).toBe(404);
    expect((await lab.as.lead.request('GET', '/api/v1/engagements/nope/report?format=docx')).status).toBe(404);
  });

  it('gives the lead, the oversight reviewer and the lab staff the full draft report in every format', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    await setPhase('review');
    for (const format of ALL_FORMATS) {
      const r = await download(lab.as.lead, format);
      if (format === 'pdf' && !chromiumInstalled()) {
        expect(r.status).toBe(501);
        expect(r.text).toMatch(/Chromium/);
        continue;
      }
      expect(r.status, `${format}: ${r.text.slice(0, 200)}`).toBe(200);
      expect(r.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="engagement-TestPay_2026_audit_final-${id.slice(0, 8)}\\.[a-z.]+"$`));
      expect(r.headers.get('cache-control')).toBe('private, no-store');
    }
    const html = await download(lab.as.lead, 'html');
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox");
    expect(html.text).toContain('Draft — not approved');
    expect(html.text).toContain('TESTER NOTE');
    expect(html.text).toContain('REVIEW COMMENT');
    expect(html.text).toContain('LAB TRIAGE NOTE');
    expect(html.text).not.toContain('<script>alert');

    const report = JSON.parse((await download(lab.as.lead, 'json')).text) as {
      audience: string;
      draft: boolean;
      plan: Array<{ itemId: string; result: string | null; notes?: string; findings: string[]; scans: string[] }>;
      findings: Array<{ id: string; source: string; items: string[]; scans: string[]; locations: unknown[] }>;
      scans: Array<{ scanId: string; version: string }>;
      evidence: Array<{ fileName: string; size: number; sha256: string; itemId: string }>;
      review: { approvals: Array<{ reviewer: string; at: string }>; decisions: unknown[]; comments: Array<{ targetId: string }> };
      team: Array<{ role: string; organisation: string }>;
      scope: Array<{ version: string | null }>;
    };
    expect(report.audience).toBe('lab');
    expect(report.draft).toBe(true);
    expect(report.findings.map((f) => f.id).sort()).toEqual([ids.scanFinding, ids.manualFinding, ids.hiddenFinding].sort());
    const auto = report.plan.find((r) => r.itemId === ids.autoItem)!;
    expect(auto.result).toBe('fail');
    expect(auto.scans).toEqual([ids.scan]);
    expect(auto.findings).toEqual([ids.scanFinding]);
    const manual = report.plan.find((r) => r.itemId === ids.manualItem)!;
    expect(manual.findings).toEqual([ids.manualFinding]);
    expect(manual.notes).toContain('TESTER NOTE');
    expect(report.findings.find((f) => f.id === ids.scanFinding)!.scans).toEqual([ids.scan]);
    expect(report.findings.find((f) => f.id === ids.manualFinding)!.items).toEqual([ids.manualItem]);
    expect(report.scans).toEqual([expect.objectContaining({ scanId: ids.scan, version: '4.2.0 (42)' })]);
    expect(report.evidence).toEqual([expect.objectContaining({ fileName: 'proof.png', size: 2048, sha256: 'ab'.repeat(32), itemId: ids.manualItem })]);
    // The withdrawn approval is recorded as a decision, not counted as an approval.
    expect(report.review.approvals).toHaveLength(1);
    expect(report.review.approvals[0]!.at).toBe('2026-12-14T09:00:00.000Z');
    expect(report.review.decisions).toHaveLength(2);
    expect(report.review.comments[0]!.targetId).toBe(ids.manualItem);
    expect(report.team.some((m) => m.role === 'reviewer' && m.organisation.startsWith('ITU oversight'))).toBe(true);

    // The oversight reviewer (another organisation) and the lab's read-only staff get the very same report.
    const lead = await download(lab.as.lead, 'json');
    for (const c of [lab.as.oversight, lab.as.readonly, lab.as.auditor]) {
      const r = await download(c, 'json');
      expect(r.status).toBe(200);
      expect(r.text).toBe(lead.text);
    }
    const sarif = JSON.parse((await download(lab.as.oversight, 'sarif')).text) as { runs: Array<{ results: Array<{ properties: { findingId: string } }> }> };
    expect(sarif.runs).toHaveLength(2);
    expect(sarif.runs[0]!.results.map((r) => r.properties.findingId)).toEqual([ids.scanFinding]);
    expect(sarif.runs[1]!.results.map((r) => r.properties.findingId).sort()).toEqual([ids.manualFinding, ids.hiddenFinding].sort());
    const csv = await lab.as.lead.request('GET', `/api/v1/engagements/${id}/report?format=csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    // (fetch's text() drops the byte-order mark; the header line follows it.)
    expect(csv.text_.replace(/^\ufeff/, '').split('\r\n')[0]).toMatch(/^record,position,item_id,/);
    expect(csv.text_.match(/\r\n(plan-row|finding),/g)!.filter((m) => m.includes('finding'))).toHaveLength(3);
  });

  it('re-renders byte-identically from the same data, and differs only in the render date otherwise', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    await setPhase('review');
    const lead = await actorOf(lab.users.lead.id);
    const at1 = new Date('2026-12-20T10:11:12Z');
    const at2 = new Date('2027-01-02T03:04:05Z');
    for (const format of TEXT_FORMATS) {
      const a = (await engagementReport(t.p.db, lead, id, format, { now: at1 })).body as string;
      const b = (await engagementReport(t.p.db, lead, id, format, { now: at1 })).body as string;
      expect(b, format).toBe(a);
      const c = (await engagementReport(t.p.db, lead, id, format, { now: at2 })).body as string;
      if (format === 'html') {
        expect(c.replaceAll('2027-01-02 03:04 UTC', 'DATE')).toBe(a.replaceAll('2026-12-20 10:11 UTC', 'DATE'));
        expect(c).not.toBe(a);
      } else if (format === 'oscal') {
        const strip = (s: string, iso: string): unknown => {
          const doc = JSON.parse(s.replaceAll(iso, 'DATE')) as { 'assessment-results': { uuid?: string; results: Array<{ uuid?: string }> } };
          delete doc['assessment-results'].uuid;
          delete doc['assessment-results'].results[0]!.uuid;
          return doc;
        };
        expect(strip(c, at2.toISOString())).toEqual(strip(a, at1.toISOString()));
      } else {
        expect(c, format).toBe(a);
      }
    }
    // Over HTTP too: the formats that print no date come back byte for byte.
    for (const format of ['json', 'csv', 'sarif'] as const) expect((await download(lab.as.lead, format)).text).toBe((await download(lab.as.lead, format)).text);
  });

  it("gives the provider, once delivered, the released findings only and none of the lab's notes", async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    // Delivery as movePhase does it: the date, and the release of every finding but the false positives.
    await t.p.db.query("update engagements set phase = 'delivered', delivered_at = '2026-12-16T08:00:00Z' where id = $1", [id]);
    await t.p.db.query("update findings set released_at = '2026-12-16T08:00:00Z' where id = any($1::uuid[]) and status <> 'false_positive'", [[ids.scanFinding, ids.manualFinding]]);
    await t.p.db.query("insert into remediation_responses (id, engagement_id, finding_id, user_id, plan, target_date, fixed, at) values ($1, $2, $3, $4, 'First idea', '2027-02-01', false, '2026-12-18T09:00:00Z')", [randomUUID(), id, ids.manualFinding, lab.users.provider.id]);
    await t.p.db.query("insert into remediation_responses (id, engagement_id, finding_id, user_id, plan, target_date, fixed, at) values ($1, $2, $3, $4, 'Patched in 4.2.1', '2027-01-15', true, '2026-12-19T09:00:00Z')", [randomUUID(), id, ids.manualFinding, lab.users.provider.id]);

    for (const format of ALL_FORMATS) {
      const r = await download(lab.as.provider, format);
      if (format === 'pdf' && !chromiumInstalled()) {
        expect(r.status).toBe(501);
        continue;
      }
      expect(r.status, format).toBe(200);
      for (const secret of ['TESTER NOTE', 'REVIEW COMMENT', 'LAB TRIAGE NOTE', 'Withheld weakness', ids.hiddenFinding, 'fine now', 'a scan was added']) {
        expect(r.text, `${format} leaks ${secret}`).not.toContain(secret);
      }
    }
    const html = (await download(lab.as.provider, 'html')).text;
    expect(html).toContain('Report delivered to Testland Mobile Money on 2026-12-16');
    expect(html).not.toContain('Draft — not approved');
    const report = JSON.parse((await download(lab.as.provider, 'json')).text) as {
      audience: string;
      restriction: string;
      findings: Array<{ id: string; response: { plan: string; fixed: boolean; targetDate: string } | null; triageNote?: unknown }>;
      plan: Array<{ itemId: string; notes?: unknown; findings: string[] }>;
      review: { approvals: unknown[]; decisions?: unknown; comments?: unknown };
    };
    expect(report.audience).toBe('provider');
    expect(report.restriction).toMatch(/released/);
    expect(report.findings.map((f) => f.id).sort()).toEqual([ids.scanFinding, ids.manualFinding].sort());
    expect(report.findings.find((f) => f.id === ids.manualFinding)!.response).toEqual(expect.objectContaining({ plan: 'Patched in 4.2.1', fixed: true, targetDate: '2027-01-15' }));
    for (const row of report.plan) expect(row.notes).toBeUndefined();
    expect(report.review.approvals).toHaveLength(1);
    expect(report.review.decisions).toBeUndefined();
    expect(report.review.comments).toBeUndefined();
    // The provider's copy re-renders byte-identically too.
    expect((await download(lab.as.provider, 'json')).text).toBe((await download(lab.as.provider, 'json')).text);

    // The lab's copy after delivery: no draft mark, the response shown.
    const labHtml = (await download(lab.as.lead, 'html')).text;
    expect(labHtml).not.toContain('Draft — not approved');
    expect(labHtml).toContain('Patched in 4.2.1');
  });
});
