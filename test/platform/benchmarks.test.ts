/**
 * Anonymised benchmarking between labs: the pure rules (minimum group, bands, rounding, area status, the
 * community mean) and, on both databases, four labs of one instance publishing their figures — statuses seeded
 * through the compliance API, scans and findings straight into the database — with the minimum-group
 * suppression, no provider name, id, app or evidence text in the stored figures nor in another lab's pages and
 * answers, the community shown only from 3 labs (and per figure only from 3 labs that published it),
 * withdrawing and replacing a publication, and who may do what.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allChecks } from '../../src/index.js';
import {
  areaStatus,
  benchmarkFigures,
  communityFigures,
  currentPeriod,
  percent,
  periodLabel,
  providerBand,
  type AnonymousProvider,
  type BenchmarkFigures,
  type CommunityFigures,
  type Publication,
} from '../../src/platform/services/benchmarks.js';
import type { ComplianceArea, ComplianceStatus } from '../../src/report/compliance.js';
import { BACKENDS, postgresAvailable } from './databases.js';
import { getJson } from './engagement-fixtures.js';
import { page, postForm, text } from './page-helpers.js';
import { addOrg, addUser, loginAs, setUpAdmin, startTestPlatform, type Client, type TestPlatform } from './platform.js';

// ─── The pure rules ─────────────────────────────────────────────────────────────────────────────────────

const AREAS: ComplianceArea[] = [
  { id: 'app', label: 'App', itemIds: ['APP-01', 'APP-02'] },
  { id: 'gov', label: 'Governance', itemIds: ['GOV-01'] },
];
const known = (id: string): boolean => id.startsWith('android.');
const provider = (statuses: Record<string, ComplianceStatus>, checks?: string[]): AnonymousProvider => ({
  statuses: new Map(Object.entries(statuses)),
  unresolvedChecks: checks ? new Set(checks) : null,
});

describe('benchmark figures (pure)', () => {
  it('gives provider counts as bands, never exact small numbers', () => {
    expect([0, 1, 2].map((n) => providerBand(n))).toEqual(['fewer than 3', 'fewer than 3', 'fewer than 3']);
    expect([3, 5, 6, 10, 11, 20, 21, 400].map((n) => providerBand(n))).toEqual(['3–5', '3–5', '6–10', '6–10', '11–20', '11–20', '> 20', '> 20']);
    expect(providerBand(4, 5)).toBe('fewer than 5');
    expect([percent(1, 3), percent(2, 3), percent(1, 8), percent(0, 0)]).toEqual([33, 67, 13, 0]);
  });

  it('suppresses every group of fewer than K providers, and rounds shares to whole percent', () => {
    const f = benchmarkFigures(
      [
        provider({ 'APP-01': 'compliant', 'APP-02': 'compliant', 'GOV-01': 'compliant' }),
        provider({ 'APP-01': 'compliant', 'APP-02': 'non_compliant', 'GOV-01': 'not_applicable' }),
        provider({ 'APP-01': 'partially', 'GOV-01': 'compliant' }),
        provider({ 'APP-01': 'not_assessed', 'APP-02': 'not_applicable' }),
      ],
      AREAS,
      known,
    );
    expect(f.providers).toBe('3–5');
    const app = f.areas[0]!;
    // APP-01: three judged providers (not assessed is left out): 2 compliant, 1 partially.
    expect(app.items[0]).toEqual({ itemId: 'APP-01', assessed: '3–5', shares: { compliant: 67, partially: 33, non_compliant: 0 } });
    // APP-02: two judged providers: suppressed, no share at all.
    expect(app.items[1]).toEqual({ itemId: 'APP-02', assessed: 'fewer than 3', shares: null });
    // The area: compliant (all judged compliant), partially (mixed), partially (a partial) → 33 / 67 / 0.
    expect(app).toMatchObject({ areaId: 'app', assessed: '3–5', shares: { compliant: 33, partially: 67, non_compliant: 0 } });
    // GOV: two judged providers.
    expect(f.areas[1]).toMatchObject({ areaId: 'gov', assessed: 'fewer than 3', shares: null, items: [{ itemId: 'GOV-01', assessed: 'fewer than 3', shares: null }] });
    // Nobody scanned: the weaknesses are suppressed.
    expect(f.weaknesses).toEqual({ scanned: 'fewer than 3', suppressed: true, checks: [] });
    // K is a parameter: with K = 2, GOV-01 is published.
    expect(benchmarkFigures([provider({ 'GOV-01': 'compliant' }), provider({ 'GOV-01': 'non_compliant' })], AREAS, known, 2).areas[1]!.items[0]!.shares).toEqual({ compliant: 50, partially: 0, non_compliant: 50 });
  });

  it('says a provider is compliant in an area when every judged item is, non-compliant when every one is, else partially', () => {
    const items = ['A', 'B', 'C'];
    expect(areaStatus(new Map([['A', 'compliant'], ['B', 'not_applicable']]), items)).toBe('compliant');
    expect(areaStatus(new Map([['A', 'non_compliant'], ['C', 'non_compliant']]), items)).toBe('non_compliant');
    expect(areaStatus(new Map([['A', 'compliant'], ['C', 'non_compliant']]), items)).toBe('partially');
    expect(areaStatus(new Map([['A', 'not_assessed']]), items)).toBeUndefined();
  });

  it('publishes weaknesses only from K scanned providers, only registry check ids, most frequent first', () => {
    const scanned = [
      provider({}, ['android.a.b', 'android.c.d', 'Free text naming Quokkabank']),
      provider({}, ['android.a.b']),
      provider({}, []),
      provider({}, ['android.c.d', 'android.a.b']),
      provider({}),
    ];
    const f = benchmarkFigures(scanned, AREAS, known);
    expect(f.weaknesses).toEqual({ scanned: '3–5', suppressed: false, checks: [{ checkId: 'android.a.b', share: 75 }, { checkId: 'android.c.d', share: 50 }] });
    expect(benchmarkFigures(scanned.slice(0, 2), AREAS, known).weaknesses).toEqual({ scanned: 'fewer than 3', suppressed: true, checks: [] });
  });

  it('combines labs by the unweighted mean of their shares, only from 3 labs, per figure only from 3 labs that published it', () => {
    const lab = (app01: [number, number, number] | null, weaknesses: BenchmarkFigures['weaknesses']): BenchmarkFigures => ({
      version: 1,
      minGroup: 3,
      providers: '3–5',
      areas: [
        {
          areaId: 'app',
          assessed: '3–5',
          shares: app01 ? { compliant: app01[0], partially: app01[1], non_compliant: app01[2] } : null,
          items: [{ itemId: 'APP-01', assessed: '3–5', shares: app01 ? { compliant: app01[0], partially: app01[1], non_compliant: app01[2] } : null }],
        },
      ],
      weaknesses,
    });
    const none = { scanned: 'fewer than 3', suppressed: true, checks: [] };
    const some = (share: number) => ({ scanned: '6–10', suppressed: false, checks: [{ checkId: 'android.a.b', share }] });
    expect(communityFigures([lab([100, 0, 0], none), lab([50, 50, 0], none)], AREAS)).toEqual({ labs: 2, enough: false, minLabs: 3, areas: [], weaknesses: null });
    const three = communityFigures([lab([100, 0, 0], some(10)), lab([50, 50, 0], some(20)), lab(null, none)], AREAS);
    expect(three.enough).toBe(true);
    expect(three.areas[0]).toMatchObject({ areaId: 'app', labs: 2, shares: null, items: [{ itemId: 'APP-01', labs: 2, shares: null }, { itemId: 'APP-02', labs: 0, shares: null }] });
    expect(three.weaknesses).toBeNull();
    const four = communityFigures([lab([100, 0, 0], some(10)), lab([50, 50, 0], some(20)), lab(null, none), lab([33, 67, 0], { scanned: '3–5', suppressed: false, checks: [] })], AREAS);
    // (100 + 50 + 33) / 3 = 61; (0 + 50 + 67) / 3 = 39: each lab counts once, whatever its size.
    expect(four.areas[0]!.items[0]).toEqual({ itemId: 'APP-01', labs: 3, shares: { compliant: 61, partially: 39, non_compliant: 0 } });
    // A lab that published its weaknesses without a check counts as 0 % for it: (10 + 20 + 0) / 3.
    expect(four.weaknesses).toEqual({ labs: 3, checks: [{ checkId: 'android.a.b', share: 10 }] });
  });

  it('reads period labels, and refuses anything else', () => {
    expect(periodLabel('2026-q4')).toBe('2026-Q4');
    expect(periodLabel(' 2026-H1 ')).toBe('2026-H1');
    expect(periodLabel('2026')).toBe('2026');
    for (const bad of ['', '2026-Q5', '26-Q1', '2026-Q1; drop table', 'Quokkabank']) expect(() => periodLabel(bad)).toThrow(/the period must be/);
    expect(currentPeriod(new Date('2026-11-25T10:00:00Z'))).toBe('2026-Q4');
    expect(currentPeriod(new Date('2026-01-01T00:00:00Z'))).toBe('2026-Q1');
  });
});

// ─── On the platform ────────────────────────────────────────────────────────────────────────────────────

const PERIOD = '2026-Q4';
/** Distinctive names: none of them may reach another lab or a publication. */
const SECRET_NAMES = ['Quokkabank Zeta-7731', 'Wombat Mobile Money Xi-2290', 'Numbat Fintech Omicron-5518', 'Bilby Savings Psi-8843'];
const SECRET_APP = 'Quokkawallet Hidden 7731';
const SECRET_IDENTIFIER = 'com.quokkabank.zeta7731';
const SECRET_EVIDENCE = 'Seen at the Quokkabank head office, 7731 Hidden Street';

interface Lab {
  orgId: string;
  admin: Client;
  providers: string[];
}

describe.each(BACKENDS)('benchmarking between labs on %s', (backend) => {
  let t: TestPlatform | undefined;
  let a: Lab;
  let b: Lab;
  let c: Lab;
  let d: Lab;
  let auditorA: Client;
  let providerA: Client;
  /** Every id of lab A's that must not leave it: providers, apps, findings, users. */
  const secretIds: string[] = [];
  const realCheck = 'android.manifest.debuggable';
  let otherCheck: string;

  async function addProvider(lab: Lab, name: string): Promise<string> {
    const r = await lab.admin.request('POST', '/api/v1/providers', { json: { name, kind: 'bank' } });
    expect(r.status, r.text_).toBe(201);
    const id = (JSON.parse(r.text_) as { provider: { id: string } }).provider.id;
    lab.providers.push(id);
    return id;
  }

  async function confirm(lab: Lab, providerId: string, itemId: string, status: ComplianceStatus, evidence = 'Reviewed the evidence file'): Promise<void> {
    const r = await lab.admin.request('POST', `/api/v1/providers/${providerId}/compliance/${itemId}`, { json: { status, evidence } });
    expect(r.status, r.text_).toBe(201);
  }

  /** A scanned app of the provider, with findings of the given checks and statuses. */
  async function scannedApp(lab: Lab, providerId: string, name: string, identifier: string, findings: Array<[string, string]>): Promise<void> {
    const db = t!.p.db;
    const appId = randomUUID();
    const scanId = randomUUID();
    secretIds.push(appId, scanId);
    await db.query("insert into apps (id, org_id, provider_id, name, platform, identifier) values ($1, $2, $3, $4, 'android', $5)", [appId, lab.orgId, providerId, name, identifier]);
    await db.query("insert into scans (id, org_id, app_id, provider_id, kind, status, file_name, result) values ($1, $2, $3, $4, 'android', 'done', $5, '{}'::jsonb)", [scanId, lab.orgId, appId, providerId, `${name}.apk`]);
    for (const [i, [checkId, status]] of findings.entries()) {
      const id = randomUUID();
      secretIds.push(id);
      const data = { checkId, title: `${name} weakness`, severity: 'high', confidence: 'high', message: `In ${name}`, locations: [], evidence: [], remediation: 'r', references: {}, fingerprint: `fp${i}` };
      await db.query(
        `insert into findings (id, org_id, app_id, fingerprint, check_id, title, severity, status, first_scan_id, last_scan_id, data) values ($1, $2, $3, $4, $5, $6, 'high', $7, $8, $8, $9)`,
        [id, lab.orgId, appId, `fp${i}`, checkId, `${name} weakness`, status, scanId, JSON.stringify(data)],
      );
    }
  }

  async function newLab(name: string): Promise<Lab> {
    const orgId = await addOrg(t!, name);
    const u = await addUser(t!, orgId, 'admin');
    return { orgId, admin: await loginAs(t!, u.email), providers: [] };
  }

  const publish = async (lab: Lab, period = PERIOD) => lab.admin.request('POST', '/api/v1/benchmarks/publications', { json: { period } });
  const community = async (who: Client, period = PERIOD) => (await getJson<{ community: CommunityFigures }>(who, `/api/v1/benchmarks/community?period=${period}`)).body.community;

  function assertNoSecret(where: string, s: string): void {
    for (const secret of [...SECRET_NAMES, SECRET_APP, SECRET_IDENTIFIER, SECRET_EVIDENCE, 'Quokkabank Lab', ...secretIds, ...a.providers]) {
      expect(s.includes(secret), `${where} holds "${secret}"`).toBe(false);
    }
  }

  beforeAll(async () => {
    if (backend === 'postgres' && !(await postgresAvailable())) return;
    t = await startTestPlatform(backend);
    otherCheck = allChecks.find((x) => x.id !== realCheck)!.id;
    const adminA = await setUpAdmin(t, { org: 'Quokkabank Lab' });
    const [orgA] = await t.p.db.query<{ id: string }>('select id from orgs');
    a = { orgId: orgA!.id, admin: adminA, providers: [] };
    // Lab A: four providers. APP-01: 3 compliant, 1 non-compliant; APP-02 judged for two only.
    const [p1, p2, p3, p4] = [await addProvider(a, SECRET_NAMES[0]!), await addProvider(a, SECRET_NAMES[1]!), await addProvider(a, SECRET_NAMES[2]!), await addProvider(a, SECRET_NAMES[3]!)];
    await confirm(a, p1!, 'APP-01', 'compliant', SECRET_EVIDENCE);
    await confirm(a, p2!, 'APP-01', 'compliant');
    await confirm(a, p3!, 'APP-01', 'compliant');
    await confirm(a, p4!, 'APP-01', 'non_compliant');
    await confirm(a, p1!, 'APP-02', 'compliant');
    await confirm(a, p2!, 'APP-02', 'non_compliant');
    // Three scanned providers: the real check is unresolved at two; a fixed finding and a free-text check id do not count.
    await scannedApp(a, p1!, SECRET_APP, SECRET_IDENTIFIER, [[realCheck, 'open'], [otherCheck, 'fixed'], ['Quokkabank custom check', 'open']]);
    await scannedApp(a, p2!, 'Wombat wallet', 'com.wombat.xi2290', [[realCheck, 'assigned']]);
    await scannedApp(a, p3!, 'Numbat wallet', 'com.numbat.omicron5518', [[realCheck, 'false_positive'], [otherCheck, 'accepted']]);
    const auditor = await addUser(t, a.orgId, 'auditor');
    auditorA = await loginAs(t, auditor.email);
    const rep = await addUser(t, a.orgId, 'provider', { providerId: p1! });
    providerA = await loginAs(t, rep.email);
    secretIds.push(auditor.id, rep.id);
    // Lab B: two providers only. Lab C: three, all compliant with APP-01. Lab D: three, 1 compliant and 2 partially.
    b = await newLab('Lab B');
    for (const n of ['B one', 'B two']) await confirm(b, await addProvider(b, n), 'APP-01', 'compliant');
    c = await newLab('Lab C');
    for (const n of ['C one', 'C two', 'C three']) await confirm(c, await addProvider(c, n), 'APP-01', 'compliant');
    d = await newLab('Lab D');
    await confirm(d, await addProvider(d, 'D one'), 'APP-01', 'compliant');
    for (const n of ['D two', 'D three']) await confirm(d, await addProvider(d, n), 'APP-01', 'partially');
  }, 240_000);
  afterAll(async () => t?.stop());

  it("shows the lab's figures with the minimum-group rule, bands and whole percentages", async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const r = await getJson<{ period: string; preview: BenchmarkFigures; own: { source: string }; publications: Publication[]; community: CommunityFigures }>(a.admin, `/api/v1/benchmarks?period=${PERIOD}`);
    expect(r.status).toBe(200);
    const f = r.body.preview;
    expect(f.providers).toBe('3–5');
    const app = f.areas.find((x) => x.areaId === 'app')!;
    expect(app.items.find((i) => i.itemId === 'APP-01')).toEqual({ itemId: 'APP-01', assessed: '3–5', shares: { compliant: 75, partially: 0, non_compliant: 25 } });
    expect(app.items.find((i) => i.itemId === 'APP-02')).toEqual({ itemId: 'APP-02', assessed: 'fewer than 3', shares: null });
    // In the area: compliant, partially (APP-02 non-compliant), compliant, non-compliant.
    expect(app).toMatchObject({ assessed: '3–5', shares: { compliant: 50, partially: 25, non_compliant: 25 } });
    expect(f.areas.find((x) => x.areaId === 'gov')).toMatchObject({ assessed: 'fewer than 3', shares: null });
    expect(f.weaknesses).toEqual({ scanned: '3–5', suppressed: false, checks: [{ checkId: realCheck, share: 67 }] });
    expect(r.body).toMatchObject({ period: PERIOD, own: { source: 'preview' }, publications: [], community: { labs: 0, enough: false } });
    // Lab B's two providers: everything suppressed.
    const fb = (await getJson<{ preview: BenchmarkFigures }>(b.admin, '/api/v1/benchmarks')).body.preview;
    expect(fb.providers).toBe('fewer than 3');
    expect(fb.areas.every((x) => x.shares === null && x.items.every((i) => i.shares === null))).toBe(true);

    const html = (await page(a.admin, `/benchmarks?period=${PERIOD}`)).html;
    const words = text(html);
    expect(words).toContain('Fewer than 3 providers assessed: not published');
    expect(words).toContain('75%');
    expect(words).toContain('Not enough labs yet: 0 labs have published for 2026-Q4');
    expect(html).toContain('action="/benchmarks/publications"');
    // An auditor reads the page but has no publish form.
    const asAuditor = await page(auditorA, '/benchmarks');
    expect(asAuditor.status).toBe(200);
    expect(asAuditor.html).not.toContain('action="/benchmarks/publications"');
  });

  it('publishes from the page form, refuses a bad period next to the form, and keeps names and ids out of the stored figures', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    await page(a.admin, '/benchmarks');
    const bad = await postForm(a.admin, '/benchmarks/publications', [['period', 'Quarter four']]);
    expect(bad.status).toBe(400);
    expect(text(bad.text_)).toContain('the period must be a year (2026), a half-year (2026-H2) or a quarter (2026-Q4)');
    expect((await postForm(a.admin, '/benchmarks/publications', [['period', '2026-q4']])).status).toBe(303);
    const rows = await t!.p.db.query<{ org_id: string; period: string; figures: unknown; withdrawn_at: Date | null }>('select org_id, period, figures, withdrawn_at from benchmark_publications');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ org_id: a.orgId, period: PERIOD, withdrawn_at: null });
    const stored = JSON.stringify(rows[0]!.figures);
    assertNoSecret('the stored figures', stored);
    // Nothing that looks like an id at all, and only registry check ids.
    expect(stored).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
    expect(stored).not.toContain('custom check');
    const audit = await t!.p.db.query<{ action: string }>("select action from audit_log where action like 'benchmark.%'");
    expect(audit.map((x) => x.action)).toEqual(['benchmark.published']);
  });

  it('shows the community only from 3 labs, and each figure only from 3 labs that published it, never naming a lab or provider', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    expect((await publish(b)).status).toBe(201);
    expect(await community(b.admin)).toEqual({ period: PERIOD, labs: 2, enough: false, minLabs: 3, areas: [], weaknesses: null });
    expect(text((await page(b.admin, `/benchmarks?period=${PERIOD}`)).html)).toContain('Not enough labs yet: 2 labs have published for 2026-Q4');

    expect((await publish(c)).status).toBe(201);
    const three = await community(b.admin);
    expect(three).toMatchObject({ labs: 3, enough: true });
    // APP-01 is published unsuppressed by A and C only (B has two providers): not shown yet.
    const app01 = (x: CommunityFigures) => x.areas.find((ar) => ar.areaId === 'app')!.items.find((i) => i.itemId === 'APP-01')!;
    expect(app01(three)).toEqual({ itemId: 'APP-01', labs: 2, shares: null });
    // Only lab A has scanned providers: no community weaknesses.
    expect(three.weaknesses).toBeNull();

    expect((await publish(d)).status).toBe(201);
    const four = await community(b.admin);
    // (75 + 100 + 33) / 3 = 69.3; (0 + 0 + 67) / 3 = 22.3; (25 + 0 + 0) / 3 = 8.3.
    expect(app01(four)).toEqual({ itemId: 'APP-01', labs: 3, shares: { compliant: 69, partially: 22, non_compliant: 8 } });

    // Another lab's views: the page, the overview and the community answer hold nothing of lab A.
    const pageB = await page(b.admin, `/benchmarks?period=${PERIOD}`);
    expect(pageB.status).toBe(200);
    assertNoSecret("lab B's page", pageB.html);
    expect(pageB.html).toContain('<svg');
    expect(pageB.html).toMatch(/<title id="benchmark-areas-title">/);
    expect(pageB.html).toMatch(/<desc id="benchmark-areas-desc">[^<]*your lab/);
    expect(pageB.html).not.toMatch(/\sstyle=/);
    const words = text(pageB.html);
    expect(words).toContain('4 labs published figures for 2026-Q4');
    expect(words).toContain('69%');
    for (const name of ['Lab C', 'Lab D']) expect(words.includes(name), name).toBe(false);
    const apiB = await b.admin.request('GET', `/api/v1/benchmarks?period=${PERIOD}`, { headers: { accept: 'application/json' } });
    expect(apiB.status).toBe(200);
    assertNoSecret("lab B's overview", apiB.text_);
    const communityB = await b.admin.request('GET', `/api/v1/benchmarks/community?period=${PERIOD}`, { headers: { accept: 'application/json' } });
    assertNoSecret("lab B's community answer", communityB.text_);
    for (const id of [a.orgId, c.orgId, d.orgId]) expect(communityB.text_.includes(id)).toBe(false);
    // Lab B lists only its own publication.
    const own = (JSON.parse(apiB.text_) as { publications: Publication[]; own: { source: string } });
    expect(own.publications).toHaveLength(1);
    expect(own.own.source).toBe('publication');
  });

  it('withdrawing keeps the publication in the lab list and hides it from the community; publishing again replaces', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const listOf = async (lab: Lab) => (await getJson<{ publications: Publication[] }>(lab.admin, `/api/v1/benchmarks?period=${PERIOD}`)).body.publications;
    const [pd] = await listOf(d);
    // Another lab's publication is not found, even for its manager; an auditor may not withdraw.
    expect((await a.admin.request('POST', `/api/v1/benchmarks/publications/${pd!.id}/withdraw`)).status).toBe(404);
    expect((await a.admin.request('POST', '/api/v1/benchmarks/publications/not-an-id/withdraw')).status).toBe(404);
    const [pa] = await listOf(a);
    expect((await auditorA.request('POST', `/api/v1/benchmarks/publications/${pa!.id}/withdraw`)).status).toBe(403);

    const w = await d.admin.request('POST', `/api/v1/benchmarks/publications/${pd!.id}/withdraw`);
    expect(w.status).toBe(200);
    expect((await d.admin.request('POST', `/api/v1/benchmarks/publications/${pd!.id}/withdraw`)).status).toBe(409);
    expect((await listOf(d))[0]).toMatchObject({ id: pd!.id, withdrawnAt: expect.any(String), replaced: false });
    const after = await community(a.admin);
    expect(after.labs).toBe(3);
    expect(after.areas.find((ar) => ar.areaId === 'app')!.items.find((i) => i.itemId === 'APP-01')!.shares).toBeNull();

    // Withdrawing from the page form, then the community falls below 3 labs.
    const [pc] = await listOf(c);
    await page(c.admin, '/benchmarks');
    expect((await postForm(c.admin, `/benchmarks/publications/${pc!.id}/withdraw`, [])).status).toBe(303);
    expect(await community(a.admin)).toMatchObject({ labs: 2, enough: false, areas: [] });
    const pageC = text((await page(c.admin, `/benchmarks?period=${PERIOD}`)).html);
    expect(pageC).toContain('Withdrawn');
    expect(pageC).toContain('Not enough labs yet');

    // Publishing again for the period replaces the current publication (one current per lab and period).
    expect((await publish(a)).status).toBe(201);
    const listA = await listOf(a);
    expect(listA).toHaveLength(2);
    expect(listA.filter((x) => x.withdrawnAt === null)).toHaveLength(1);
    expect(listA.find((x) => x.id === pa!.id)).toMatchObject({ replaced: true });
    expect((await community(a.admin)).labs).toBe(2);
    // Another period is separate.
    expect((await publish(a, '2026')).status).toBe(201);
    expect((await publish(a, '2026-Q7')).status).toBe(400);
  });

  it('refuses provider representatives everything, and non-managers publishing', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    for (const path of ['/benchmarks', '/api/v1/benchmarks', `/api/v1/benchmarks/community?period=${PERIOD}`]) {
      expect((await providerA.request('GET', path, { headers: { accept: path.startsWith('/api') ? 'application/json' : 'text/html' } })).status, path).toBe(403);
    }
    expect((await providerA.request('POST', '/api/v1/benchmarks/publications', { json: { period: PERIOD } })).status).toBe(403);
    expect((await auditorA.request('POST', '/api/v1/benchmarks/publications', { json: { period: PERIOD } })).status).toBe(403);
    // Every lab's staff read the community aggregate.
    const readonly = await addUser(t!, b.orgId, 'readonly');
    const ro = await loginAs(t!, readonly.email);
    expect((await ro.request('GET', `/api/v1/benchmarks/community?period=${PERIOD}`, { headers: { accept: 'application/json' } })).status).toBe(200);
    expect((await ro.request('GET', '/api/v1/benchmarks/community?period=last', { headers: { accept: 'application/json' } })).status).toBe(400);
  });
});
