/**
 * The engagement report renderers on a hand-built model: hostile text stays text, every format is
 * deterministic (and independent of the order the lists arrive in), the render date is the only thing two
 * renders at different times differ in, and SARIF and OSCAL are valid against the official schemas.
 */
import { describe, expect, it } from 'vitest';
import { objectsWith, oscalValidator, sarifValidator, type Json } from '../../test/schemas/validate.js';
import {
  canonicalEngagementReport,
  DRAFT_LABEL,
  ENGAGEMENT_CSV_COLUMNS,
  renderEngagementCsv,
  renderEngagementHtml,
  renderEngagementJson,
  renderEngagementOscal,
  renderEngagementReport,
  renderEngagementSarif,
  summarizeEngagement,
  type EngagementReport,
} from './engagement.js';

const HOSTILE = `<script>alert(1)</script><img src=x onerror=alert(2)> "quoted" & 'single'`;
const T1 = '2026-12-20T10:11:12.000Z';
const T2 = '2027-03-04T05:06:07.000Z';

function model(o: { generatedAt?: string; audience?: 'lab' | 'provider'; draft?: boolean } = {}): EngagementReport {
  const base: Omit<EngagementReport, 'summary'> = {
    reportVersion: 1,
    kind: 'engagement-report',
    tool: { name: 'dfslab', version: '1.2.3' },
    generatedAt: o.generatedAt ?? T1,
    audience: o.audience ?? 'lab',
    draft: o.draft ?? true,
    engagement: {
      id: '11111111-2222-4333-8444-555555555555',
      title: `TestPay audit ${HOSTILE}`,
      type: 'audit',
      lab: 'Testland Central Bank lab',
      provider: 'Testland Mobile Money',
      profile: { id: 'all', title: 'Everything' },
      channels: ['android', 'ussd'],
      phase: o.draft === false ? 'delivered' : 'review',
      startsOn: '2026-11-01',
      endsOn: '2026-12-15',
      deliveredAt: o.draft === false ? '2026-12-16T08:00:00.000Z' : null,
      closedAt: null,
    },
    scope: [
      { appId: 'b0000000-0000-4000-8000-000000000002', name: 'TestPay USSD', platform: 'ussd', identifier: '*384*12#', version: null },
      { appId: 'b0000000-0000-4000-8000-000000000001', name: 'TestPay wallet', platform: 'android', identifier: 'org.testpay', version: '4.2.0' },
    ],
    team: [
      { name: 'Rita Reviewer', role: 'reviewer', organisation: 'ITU oversight' },
      { name: 'Lena Lead', role: 'lead', organisation: 'Testland Central Bank lab' },
      { name: 'Adam Auditor', role: 'auditor', organisation: 'Testland Central Bank lab' },
    ],
    review: {
      rounds: 1,
      approvalsRequired: 1,
      approvals: [{ reviewer: 'Rita Reviewer', organisation: 'ITU oversight', round: 1, at: '2026-12-14T09:00:00.000Z' }],
      ...(o.audience === 'provider'
        ? {}
        : {
            decisions: [
              { reviewer: 'Rita Reviewer', organisation: 'ITU oversight', round: 1, decision: 'approve' as const, body: 'ok', at: '2026-12-14T09:00:00.000Z', withdrawnAt: null, withdrawnReason: null },
              { reviewer: 'Rita Reviewer', organisation: 'ITU oversight', round: 1, decision: 'approve' as const, body: null, at: '2026-12-10T09:00:00.000Z', withdrawnAt: '2026-12-11T09:00:00.000Z', withdrawnReason: 'a scan was added' },
            ],
            comments: [{ author: 'Rita Reviewer', organisation: 'ITU oversight', round: 1, target: 'row' as const, targetId: 'APP-02', body: `Check this ${HOSTILE}`, at: '2026-12-12T09:00:00.000Z' }],
          }),
    },
    plan: [
      {
        position: 2,
        itemId: 'APP-02',
        title: 'Manual thing',
        mode: 'manual',
        result: 'fail',
        ...(o.audience === 'provider' ? {} : { notes: `Tester notes ${HOSTILE}` }),
        severity: 'high',
        app: 'TestPay wallet',
        testedBy: 'Adam Auditor',
        testedAt: '2026-12-01T12:00:00.000Z',
        evidence: 1,
        checks: [],
        scans: [],
        findings: ['f0000000-0000-4000-8000-000000000002'],
      },
      {
        position: 1,
        itemId: 'APP-01',
        title: 'Automated thing',
        mode: 'automated',
        result: 'fail',
        severity: null,
        app: null,
        testedBy: null,
        testedAt: null,
        evidence: 0,
        checks: ['android.zzz', 'android.cleartext'],
        scans: ['c0000000-0000-4000-8000-000000000001'],
        findings: ['f0000000-0000-4000-8000-000000000001'],
      },
      { position: 3, itemId: 'APP-03', title: 'Passed', mode: 'automated', result: 'pass', severity: null, app: null, testedBy: null, testedAt: null, evidence: 0, checks: ['android.x'], scans: ['c0000000-0000-4000-8000-000000000001'], findings: [] },
      { position: 4, itemId: 'APP-04', title: 'Pending', mode: 'manual', result: null, severity: null, app: null, testedBy: null, testedAt: null, evidence: 0, checks: [], scans: [], findings: [] },
    ],
    scans: [
      { scanId: 'c0000000-0000-4000-8000-000000000001', app: 'TestPay wallet', kind: 'android', status: 'done', version: '4.2.0 (42)', score: 61, grade: 'C', createdAt: '2026-11-20T10:00:00.000Z', finishedAt: '2026-11-20T10:01:00.000Z' },
    ],
    findings: [
      {
        id: 'f0000000-0000-4000-8000-000000000002',
        source: 'manual',
        severity: 'high',
        status: 'assigned',
        title: `PIN brute force ${HOSTILE}`,
        checkId: 'manual.APP-02',
        fingerprint: 'manual-APP-02',
        app: 'TestPay wallet',
        message: `=HYPERLINK("http://evil") ${HOSTILE}`,
        confidence: null,
        locations: [],
        evidence: [],
        remediation: 'Lock the account after **five** attempts.',
        references: { masvs: [], maswe: [], cwe: ['CWE-307'], dfs: ['APP-02'] },
        scans: [],
        items: ['APP-02'],
        releasedAt: null,
        dueAt: null,
        triageNote: `internal ${HOSTILE}`,
        response: { plan: `We will fix ${HOSTILE}`, targetDate: '2027-01-31', fixed: false, by: 'Pat Provider', at: '2026-12-20T09:00:00.000Z' },
      },
      {
        id: 'f0000000-0000-4000-8000-000000000001',
        source: 'scan',
        severity: 'critical',
        status: 'open',
        title: 'Cleartext traffic',
        checkId: 'android.cleartext',
        fingerprint: 'fp-1',
        app: 'TestPay wallet',
        message: 'The app allows cleartext HTTP.',
        confidence: 'high',
        locations: [{ path: 'AndroidManifest.xml', element: 'manifest/application', attribute: 'android:usesCleartextTraffic' }, { path: '../../etc/passwd' }],
        evidence: ['usesCleartextTraffic=true'],
        remediation: 'Turn it off.',
        references: { masvs: ['MASVS-NETWORK-1'], maswe: [], cwe: ['CWE-319'], dfs: ['APP-01'] },
        scans: ['c0000000-0000-4000-8000-000000000001'],
        items: ['APP-01'],
        releasedAt: '2026-12-16T08:00:00.000Z',
        dueAt: null,
        triageNote: null,
        response: null,
      },
    ],
    evidence: [
      { id: 'e0000000-0000-4000-8000-000000000002', fileName: `shot ${HOSTILE}.png`, contentType: 'image/png', size: 2048, sha256: 'b'.repeat(64), uploadedBy: 'Adam Auditor', uploadedAt: '2026-12-01T12:00:00.000Z', itemId: 'APP-02', forResponse: false },
      { id: 'e0000000-0000-4000-8000-000000000001', fileName: 'log.txt', contentType: 'text/plain', size: 10, sha256: 'a'.repeat(64), uploadedBy: 'Adam Auditor', uploadedAt: '2026-11-30T12:00:00.000Z', itemId: 'APP-01', forResponse: false },
    ],
  };
  return { ...base, summary: summarizeEngagement(base) };
}

/** The same model with every list reversed: the renderers must not depend on the order rows arrive in. */
function shuffled(m: EngagementReport): EngagementReport {
  return {
    ...m,
    scope: [...m.scope].reverse(),
    team: [...m.team].reverse(),
    review: { ...m.review, approvals: [...m.review.approvals].reverse(), ...(m.review.decisions ? { decisions: [...m.review.decisions].reverse() } : {}) },
    plan: m.plan.map((r) => ({ ...r, checks: [...r.checks].reverse() })).reverse(),
    findings: [...m.findings].reverse(),
    evidence: [...m.evidence].reverse(),
  };
}

const TEXT_FORMATS = ['json', 'csv', 'sarif', 'html', 'oscal'] as const;

describe('engagement report renderers', () => {
  it('renders every format byte-identically from the same data, whatever order the lists come in', async () => {
    for (const f of TEXT_FORMATS) {
      const a = await renderEngagementReport(model(), f);
      const b = await renderEngagementReport(shuffled(model()), f);
      expect(typeof a).toBe('string');
      expect(b, f).toBe(a);
    }
  });

  it('differs between two render dates only where the date is printed', async () => {
    for (const f of TEXT_FORMATS) {
      const a = (await renderEngagementReport(model({ generatedAt: T1 }), f)) as string;
      const b = (await renderEngagementReport(model({ generatedAt: T2 }), f)) as string;
      if (f === 'json' || f === 'csv' || f === 'sarif') {
        expect(b, f).toBe(a);
        expect(a).not.toContain('2026-12-20T10:11');
        continue;
      }
      expect(b, f).not.toBe(a);
      const blank = (s: string, t: string): string => s.replaceAll(t, 'DATE').replaceAll(`${t.slice(0, 10)} ${t.slice(11, 16)} UTC`, 'DATE');
      if (f === 'html') expect(blank(b, T2)).toBe(blank(a, T1));
      else {
        // OSCAL: the times, and the content-derived uuids of the result and the document, change with the date.
        const strip = (s: string, t: string): Json => {
          const doc = JSON.parse(blank(s, t)) as { 'assessment-results': Json & { results: Json[] } };
          delete doc['assessment-results'].uuid;
          delete doc['assessment-results'].results[0]!.uuid;
          return doc;
        };
        expect(strip(b, T2)).toEqual(strip(a, T1));
      }
    }
  });

  it('escapes hostile text in the HTML and runs no script', () => {
    const html = renderEngagementHtml(model());
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/<[^>]*\son\w+=/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('content="default-src &#39;none&#39;');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
    // Cover: the draft label; the sections in order.
    expect(html).toContain(DRAFT_LABEL);
    const order = ['id="cover"', 'id="summary"', 'id="plan"', 'id="findings"', 'id="evidence"', 'id="review"'].map((s) => html.indexOf(s));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    // Lab copy: tester notes, triage notes, comments and decisions are there.
    expect(html).toContain('Tester notes');
    expect(html).toContain('Triage note');
    expect(html).toContain('a scan was added');
    expect(html).toContain('<strong>five</strong>');
  });

  it("gives the provider's copy a delivery line and none of the lab's notes", () => {
    const html = renderEngagementHtml(model({ audience: 'provider', draft: false }));
    expect(html).not.toContain(DRAFT_LABEL);
    expect(html).toContain('Report delivered to Testland Mobile Money on 2026-12-16');
    expect(html).not.toContain('Tester notes');
    expect(html).not.toContain('Triage note');
    expect(html).not.toContain('Decisions');
    expect(html).not.toContain('Comments');
    // Even if a caller forgot to strip a note, the provider's copy does not print it.
    const leaky = model({ audience: 'provider', draft: false });
    leaky.plan[0]!.notes = 'LEAKED NOTE';
    leaky.findings[0]!.triageNote = 'LEAKED TRIAGE';
    const out = renderEngagementHtml(leaky);
    expect(out).not.toContain('LEAKED NOTE');
    expect(out).not.toContain('LEAKED TRIAGE');
  });

  it('writes one CSV line per plan row and per finding, formulas neutralised', () => {
    const csv = renderEngagementCsv(model());
    expect(csv.startsWith('\ufeff')).toBe(true);
    const lines = csv.slice(1).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe(ENGAGEMENT_CSV_COLUMNS.join(','));
    // Multi-line cells (locations) are quoted, so count the records by their first cell.
    const records = csv.slice(1).match(/\r\n(plan-row|finding),/g) ?? [];
    expect(records.filter((r) => r.includes('plan-row'))).toHaveLength(4);
    expect(records.filter((r) => r.includes('finding'))).toHaveLength(2);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")`);
    // Plan order is by position.
    expect(csv.indexOf('APP-01')).toBeLessThan(csv.indexOf('APP-02'));
  });

  it('keeps the JSON free of the render date and in canonical order', () => {
    const json = JSON.parse(renderEngagementJson(model())) as EngagementReport;
    expect('generatedAt' in json).toBe(false);
    expect(json.plan.map((r) => r.position)).toEqual([1, 2, 3, 4]);
    expect(json.plan[0]!.checks).toEqual(['android.cleartext', 'android.zzz']);
    expect(json.findings.map((f) => f.severity)).toEqual(['critical', 'high']);
    expect(json.team.map((m) => m.role)).toEqual(['lead', 'auditor', 'reviewer']);
    expect(json.summary.plan).toEqual({ total: 4, automated: 2, manual: 2, pass: 1, fail: 2, not_applicable: 0, not_tested: 0, pending: 1 });
    expect(canonicalEngagementReport(model()).evidence.map((e) => e.fileName)[0]).toBe('log.txt');
  });

  it('writes valid SARIF: one run per linked scan and one for the manual findings', () => {
    const log = JSON.parse(renderEngagementSarif(model())) as { runs: Array<{ tool: { driver: { name: string; rules: Array<{ id: string }> } }; results: Array<{ ruleId: string; ruleIndex: number; locations?: Array<{ physicalLocation?: { artifactLocation: { uri: string } } }> }>; properties: Record<string, unknown> }> };
    expect(sarifValidator()(log)).toBeUndefined();
    expect(log.runs).toHaveLength(2);
    expect(log.runs.map((r) => r.tool.driver.name)).toEqual(['dfslab', 'dfslab']);
    expect(log.runs[0]!.properties.scanId).toBe('c0000000-0000-4000-8000-000000000001');
    expect(log.runs[0]!.results.map((r) => r.ruleId)).toEqual(['android.cleartext']);
    expect(log.runs[1]!.properties.manual).toBe(true);
    expect(log.runs[1]!.results.map((r) => r.ruleId)).toEqual(['manual.APP-02']);
    for (const run of log.runs) for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
    // A hostile archive path stays inside the archive.
    const uris = log.runs[0]!.results[0]!.locations!.map((l) => l.physicalLocation?.artifactLocation.uri);
    for (const u of uris) expect(u!.split('/')).not.toContain('..');
  });

  it('writes valid OSCAL assessment results with unique uuids and resolvable references', () => {
    const doc = JSON.parse(renderEngagementOscal(model())) as { 'assessment-results': Json };
    expect(oscalValidator('oscal_assessment-results_schema.json')(doc)).toBeUndefined();
    const ar = doc['assessment-results'];
    const uuids = objectsWith(ar, 'uuid').map((o) => o.uuid as string);
    expect(new Set(uuids).size).toBe(uuids.length);
    const result = (ar.results as Json[])[0]!;
    const findings = result.findings as Json[];
    // Two engagement findings and one passed item.
    expect(findings).toHaveLength(3);
    const targets = findings.map((f) => (f.target as Json)['target-id']);
    expect(targets).toEqual(expect.arrayContaining(['app-01_smt', 'app-02_smt', 'app-03_smt']));
    const observationIds = new Set((result.observations as Json[]).map((o) => o.uuid as string));
    for (const f of findings) for (const r of (f['related-observations'] as Json[] | undefined) ?? []) expect(observationIds.has(r['observation-uuid'] as string)).toBe(true);
    expect((ar.metadata as Json)['last-modified']).toBe(T1);
    expect((ar.metadata as Json).remarks).toBe(DRAFT_LABEL);
  });
});
