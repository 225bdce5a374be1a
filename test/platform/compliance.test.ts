/**
 * Provider compliance on the platform, on both databases: proposals from a real scan of the vulnerable wallet
 * fixture (an open high finding proposes non-compliant, naming its check), a person's confirmation standing over
 * the proposal until its evidence expires, accepting the proposals of several items at once, the sector heatmap
 * (JSON and page) with its provider-kind filter and the trend of the confirmed statuses from the history, the
 * CSV (formula-safe) and OSCAL (valid against the 1.0.4 schema) exports, and who may see and do what.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../corpus.js';
import { oscalValidator } from '../schemas/validate.js';
import { BACKENDS, postgresAvailable } from './databases.js';
import { getJson, movePhase, planEngagement, seedLab, type Lab } from './engagement-fixtures.js';
import { multipart, page, postForm, text } from './page-helpers.js';
import { startTestPlatform, waitForScan, type TestPlatform } from './platform.js';

const schemaErrors = oscalValidator('oscal_assessment-results_schema.json');
const DAY = 86_400_000;
const day = (offsetDays: number): string => new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10);
const FORMULA_NAME = '=HYPERLINK("http://evil.test","Bank")';

interface Item {
  itemId: string;
  title: string;
  status: string;
  confirmation: string;
  label: string;
  newerProposal: boolean;
  proposal: { status: string; reasons: string[]; sources: Array<{ kind: string; id: string }>; basedOn: string | null } | null;
  confirmed: { status: string; assessor: string; evidence: string | null; note: string | null; expiresOn: string | null; expired: boolean; fromProposal: boolean } | null;
  history: Array<{ status: string; evidence: string | null }>;
}
interface View {
  provider: { id: string; name: string };
  restricted: boolean;
  counts: Record<string, number>;
  items: Item[];
}
interface Sector {
  kind: string | null;
  heatmap: { columns: Array<{ id: string; label: string; items: number }>; rows: Array<{ provider: { id: string; name: string }; total: { counts: Record<string, number>; score: number | null } }> };
  trendDates: string[];
  trend: Array<{ provider: { id: string }; areaId: string | null; points: Array<{ date: string; score: number | null }>; direction: string | null }>;
}

describe.each(BACKENDS)('provider compliance on %s', (backend) => {
  let t: TestPlatform | undefined;
  let lab: Lab;
  let bankId: string;
  let scanId: string;
  /** An item an open high (or critical) finding of the scan maps to, and that finding's check. */
  let highItem: string;
  let highCheck: string;

  const view = async (who: keyof Lab['as'], providerId = lab.providerId) => getJson<{ compliance: View }>(lab.as[who], `/api/v1/providers/${providerId}/compliance`);
  const itemOf = async (itemId: string, who: keyof Lab['as'] = 'auditor'): Promise<Item> => (await view(who)).body.compliance.items.find((i) => i.itemId === itemId)!;

  beforeAll(async () => {
    if (backend === 'postgres' && !(await postgresAvailable())) return;
    t = await startTestPlatform(backend);
    lab = await seedLab(t, { androidIdentifier: 'org.dfslab.fixture.vulnwallet' });
    const bank = await lab.as.admin.request('POST', '/api/v1/providers', { json: { name: FORMULA_NAME, kind: 'bank' } });
    expect(bank.status).toBe(201);
    bankId = (JSON.parse(bank.text_) as { provider: { id: string } }).provider.id;
    const apk = readFileSync(join(repoRoot, 'fixtures', 'android', 'build', 'vulnerable-wallet.apk'));
    const up = await lab.as.auditor.request('POST', `/api/v1/apps/${lab.androidAppId}/scans`, { body: multipart('wallet.apk', apk) });
    expect(up.status).toBe(202);
    scanId = (JSON.parse(up.text_) as { scan: { id: string } }).scan.id;
    expect((await waitForScan(t, scanId, 120_000)).status).toBe('done');
    const high = await t.p.db.query<{ check_id: string; dfs: unknown }>(
      `select f.check_id, f.data->'references'->'dfs' as dfs from scan_findings sf join findings f on f.id = sf.finding_id
        where sf.scan_id = $1 and f.status = 'open' and f.severity in ('high', 'critical') order by f.check_id`,
      [scanId],
    );
    const withItem = high.find((f) => Array.isArray(f.dfs) && f.dfs.length > 0)!;
    expect(withItem, 'the fixture has an open high finding mapped to a DFS item').toBeDefined();
    highCheck = withItem.check_id;
    highItem = (withItem.dfs as string[])[0]!;
  }, 240_000);
  afterAll(async () => t?.stop());

  it('proposes statuses from a real scan: an open high finding mapped to an item proposes non-compliant, naming its check', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const r = await view('auditor');
    expect(r.status).toBe(200);
    const v = r.body.compliance;
    expect(v.restricted).toBe(false);
    // Every catalog item is there, in catalog order, APP first.
    expect(v.items.length).toBeGreaterThan(50);
    expect(v.items[0]!.itemId).toMatch(/^APP-/);
    const item = v.items.find((i) => i.itemId === highItem)!;
    expect(item.proposal?.status).toBe('non_compliant');
    expect(item.proposal?.reasons.some((x) => x.includes(highCheck) && x.includes('open'))).toBe(true);
    expect(item.proposal?.sources.map((s) => s.id)).toContain(scanId);
    expect(item).toMatchObject({ status: 'non_compliant', confirmation: 'unconfirmed', confirmed: null, history: [] });
    expect(item.label).toContain('proposed, unconfirmed');
    // Checks that ran with nothing found propose compliant; items no evidence speaks of have no proposal.
    expect(v.items.some((i) => i.proposal?.status === 'compliant' && i.proposal.reasons.some((x) => x.includes('with nothing unresolved')))).toBe(true);
    const silent = v.items.find((i) => i.itemId.startsWith('GOV-'))!;
    expect(silent).toMatchObject({ status: 'not_assessed', proposal: null, label: 'Not assessed' });
    expect(Object.values(v.counts).reduce((a, b) => a + b, 0)).toBe(v.items.length);
  });

  it('records a confirmed status that stands over the proposal until its evidence expires; refuses bad input', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const url = `/api/v1/providers/${lab.providerId}/compliance/${highItem}`;
    const bad = async (json: Record<string, unknown>, status = 400) => {
      const r = await lab.as.auditor.request('POST', url, { json });
      expect(r.status, JSON.stringify(json)).toBe(status);
      return (JSON.parse(r.text_) as { error: { message: string } }).error.message;
    };
    expect(await bad({ status: 'mostly', evidence: 'x' })).toMatch(/status must be one of/);
    expect(await bad({ status: 'partially' })).toMatch(/evidence is required/);
    expect(await bad({ status: 'partially', evidence: 'x', expiresOn: '2026-02-30' })).toMatch(/YYYY-MM-DD/);
    expect(await bad({ status: 'partially', evidence: 'x', expiresOn: day(-1) })).toMatch(/in the past/);
    expect(await bad({ status: 'partially', evidence: 'x'.repeat(4001) })).toMatch(/longer than 4000/);
    expect((await lab.as.auditor.request('POST', `/api/v1/providers/${lab.providerId}/compliance/APP-999`, { json: { status: 'compliant', evidence: 'x' } })).status).toBe(404);
    expect((await lab.as.auditor.request('POST', `/api/v1/providers/${lab.providerId}/compliance/app-01`, { json: { status: 'compliant', evidence: 'x' } })).status).toBe(404);
    expect(await t.p.db.query('select 1 from compliance_statuses')).toEqual([]);

    const r = await lab.as.auditor.request('POST', url, { json: { status: 'partially', evidence: 'Pen-test report 2026 §4: the fix is deployed on Android only', expiresOn: day(30), note: 'iOS pending' } });
    expect(r.status).toBe(201);
    const item = (JSON.parse(r.text_) as { item: Item }).item;
    expect(item).toMatchObject({ status: 'partially', confirmation: 'confirmed', label: 'Partially compliant', newerProposal: false });
    expect(item.proposal?.status).toBe('non_compliant');
    expect(item.confirmed).toMatchObject({ status: 'partially', assessor: 'auditor user', expiresOn: day(30), expired: false, fromProposal: false, note: 'iOS pending' });
    const audit = await t.p.db.query<{ action: string; detail: { itemId: string; status: string } }>("select action, detail from audit_log where action like 'compliance.%' order by id");
    expect(audit).toEqual([expect.objectContaining({ action: 'compliance.confirmed', detail: expect.objectContaining({ itemId: highItem, status: 'partially' }) })]);

    // Time passes: the evidence expired yesterday. The proposal stands again, flagged for re-assessment.
    await t.p.db.query('update compliance_statuses set expires_on = $1::date where item_id = $2', [day(-1), highItem]);
    const expired = await itemOf(highItem);
    expect(expired).toMatchObject({ status: 'non_compliant', confirmation: 'expired' });
    expect(expired.label).toMatch(/^Expired, re-assess/);
    expect(expired.confirmed).toMatchObject({ status: 'partially', expired: true });
    // A new confirmation is a new row of the history; the old one stays.
    expect((await lab.as.lead.request('POST', url, { json: { status: 'non_compliant', evidence: 'Retest of 2026-11-20' } })).status).toBe(201);
    const again = await itemOf(highItem);
    expect(again).toMatchObject({ status: 'non_compliant', confirmation: 'confirmed' });
    expect(again.confirmed).toMatchObject({ assessor: 'lead user', expiresOn: null, expired: false });
    expect(again.history.map((h) => h.status)).toEqual(['non_compliant', 'partially']);

    // The page form (on the item's page): a refusal is shown in the form, with what was typed; a success redirects to the item.
    const refused = await postForm(lab.as.auditor, `/providers/${lab.providerId}/compliance/${highItem}`, [['status', 'compliant'], ['evidence', ''], ['note', 'kept note']]);
    expect(refused.status).toBe(400);
    expect(refused.text_).toMatch(/<form id="confirm"[\s\S]*role="alert">\s*say what the status rests on/);
    expect(refused.text_).toContain('kept note');
    const ok = await postForm(lab.as.auditor, `/providers/${lab.providerId}/compliance/${highItem}`, [['status', 'non_compliant'], ['evidence', 'Confirmed by the lab'], ['expiresOn', day(90)]]);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/providers/${lab.providerId}/compliance/${highItem}`);
    expect((await itemOf(highItem)).confirmed).toMatchObject({ evidence: 'Confirmed by the lab', expiresOn: day(90) });
  });

  it("accepts the proposals of several items at once, each with its proposed status and the proposal's reasons as evidence", async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const v = (await view('auditor')).body.compliance;
    const compliant = v.items.filter((i) => i.proposal?.status === 'compliant' && !i.confirmed).map((i) => i.itemId);
    const failing = v.items.filter((i) => i.proposal && i.proposal.status !== 'compliant' && !i.confirmed).map((i) => i.itemId);
    expect(compliant.length).toBeGreaterThan(1);
    const chosen = [compliant[0]!, ...(failing.length ? [failing[0]!] : [compliant[1]!])];
    const unproposed = v.items.find((i) => !i.proposal)!.itemId;
    const url = `/api/v1/providers/${lab.providerId}/compliance/accept`;
    const count = async () => (await t!.p.db.query('select 1 from compliance_statuses')).length;
    const before = await count();
    expect((await lab.as.auditor.request('POST', url, { json: { itemIds: [] } })).status).toBe(400);
    expect((await lab.as.auditor.request('POST', url, { json: { itemIds: ['NOPE-1'] } })).status).toBe(400);
    const none = await lab.as.auditor.request('POST', url, { json: { itemIds: [chosen[0], unproposed] } });
    expect(none.status).toBe(400);
    expect(none.text_).toContain(`no proposal to accept for ${unproposed}`);
    expect(await count()).toBe(before); // all or nothing

    const r = await lab.as.auditor.request('POST', url, { json: { itemIds: chosen, expiresOn: day(180) } });
    expect(r.status).toBe(200);
    const items = (JSON.parse(r.text_) as { items: Item[] }).items;
    expect(items.map((i) => i.itemId).sort()).toEqual([...chosen].sort());
    for (const i of items) {
      const proposed = v.items.find((x) => x.itemId === i.itemId)!.proposal!;
      expect(i).toMatchObject({ status: proposed.status, confirmation: 'confirmed' });
      expect(i.confirmed).toMatchObject({ status: proposed.status, assessor: 'auditor user', evidence: proposed.reasons.join('\n'), expiresOn: day(180), fromProposal: true });
    }
    const audit = await t.p.db.one<{ detail: { items: Array<{ itemId: string }> } }>("select detail from audit_log where action = 'compliance.proposals_accepted'");
    expect(audit!.detail.items.map((i) => i.itemId).sort()).toEqual([...chosen].sort());

    // The page's form: ticked boxes of the table post to the form by their form attribute.
    const pg = await page(lab.as.auditor, `/providers/${lab.providerId}/compliance`);
    expect(pg.status).toBe(200);
    expect(pg.html).toContain('id="accept-proposals"');
    expect(pg.html).toContain(`name="itemIds" value="${compliant[1]}" form="accept-proposals"`);
    const posted = await postForm(lab.as.auditor, `/providers/${lab.providerId}/compliance/accept`, [['itemIds', compliant[1]!]]);
    expect(posted.status).toBe(303);
    expect((await itemOf(compliant[1]!)).confirmed).toMatchObject({ fromProposal: true, expiresOn: null });
    const empty = await postForm(lab.as.auditor, `/providers/${lab.providerId}/compliance/accept`, []);
    expect(empty.status).toBe(400);
    expect(text(empty.text_)).toContain('select at least one item');
  });

  it("shows the provider page (items by area, the status that stands, the expiry flag) and the item's page (the proposal's reasons, the history)", async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    // An expired confirmation of an item the platform proposes nothing for: the page flags it.
    const v = (await view('auditor')).body.compliance;
    const quiet = v.items.find((i) => !i.proposal && !i.confirmed)!.itemId;
    expect((await lab.as.lead.request('POST', `/api/v1/providers/${lab.providerId}/compliance/${quiet}`, { json: { status: 'compliant', evidence: 'Policy document v3', expiresOn: day(0) } })).status).toBe(201);
    await t.p.db.query('update compliance_statuses set expires_on = $1::date where item_id = $2', [day(-3), quiet]);
    const pg = await page(lab.as.auditor, `/providers/${lab.providerId}/compliance`);
    expect(pg.status).toBe(200);
    const words = text(pg.html);
    expect(words).toContain('App: ');
    expect(words).toContain(`Expired on ${day(-3)}`);
    expect(pg.html).toContain(`href="/providers/${lab.providerId}/compliance/${highItem}"`);
    expect(words).toContain('Accept the proposals of the selected items');
    // The reasons and the history are on the item's page, with the form.
    const item = await page(lab.as.auditor, `/providers/${lab.providerId}/compliance/${highItem}`);
    expect(item.status).toBe(200);
    expect(text(item.html)).toContain(highCheck);
    expect(text(item.html)).toContain('History (3 confirmations)');
    expect(item.html).toContain(`action="/providers/${lab.providerId}/compliance/${highItem}"`);
    const expired = await page(lab.as.auditor, `/providers/${lab.providerId}/compliance/${quiet}`);
    expect(text(expired.html)).toContain(`Evidence expired on ${day(-3)}: re-assess`);
    // Readers see it all without the forms.
    const ro = await page(lab.as.readonly, `/providers/${lab.providerId}/compliance`);
    expect(ro.status).toBe(200);
    expect(ro.html).not.toContain('<form id="accept-proposals"');
    expect(ro.html).not.toContain(`action="/providers/${lab.providerId}/compliance/`);
    const roItem = await page(lab.as.readonly, `/providers/${lab.providerId}/compliance/${highItem}`);
    expect(text(roItem.html)).toContain(highCheck);
    expect(roItem.html).not.toContain('<form id="confirm"');
  });

  it('builds the sector heatmap from the statuses that stand, filters it by provider kind, and draws the trend from the history', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    // The bank's history: compliant at the end of the month two months ago, non-compliant since a month ago.
    const sector0 = (await getJson<Sector>(lab.as.readonly, '/api/v1/compliance')).body;
    const dates = sector0.trendDates;
    expect(dates).toHaveLength(6);
    expect(dates[5]).toBe(day(0));
    const admin = await t.p.db.one<{ id: string }>("select id from users where role = 'admin'");
    const insert = (status: string, at: string) =>
      t!.p.db.query("insert into compliance_statuses (org_id, provider_id, item_id, status, evidence, assessor_id, assessed_at) values ($1, $2, 'APP-01', $3, 'e', $4, $5)", [
        lab.orgId,
        bankId,
        status,
        admin!.id,
        `${at}T12:00:00Z`,
      ]);
    await insert('compliant', dates[3]!);
    await insert('non_compliant', dates[4]!);

    const r = await getJson<Sector>(lab.as.readonly, '/api/v1/compliance');
    expect(r.status).toBe(200);
    const s = r.body;
    expect(s.heatmap.columns.map((c) => c.label)).toContain('App');
    expect(s.heatmap.rows.map((x) => x.provider.id).sort()).toEqual([lab.providerId, bankId].sort());
    const mine = s.heatmap.rows.find((x) => x.provider.id === lab.providerId)!;
    const counts = (await view('readonly')).body.compliance.counts;
    expect(mine.total.counts).toEqual(counts);
    expect(mine.total.counts.non_compliant).toBeGreaterThan(0);
    const bankRow = s.heatmap.rows.find((x) => x.provider.id === bankId)!;
    expect(bankRow.total.counts.non_compliant).toBe(1);
    expect(bankRow.total.score).toBe(0);
    const bankTrend = s.trend.find((x) => x.provider.id === bankId && x.areaId === null)!;
    expect(bankTrend.points.map((p) => p.score)).toEqual([null, null, null, 1, 0, 0]);
    expect(bankTrend.direction).toBe('down');
    // The lab provider's trend is over confirmed statuses only: nothing before today, today's valid confirmations.
    const labTrend = s.trend.find((x) => x.provider.id === lab.providerId && x.areaId === null)!;
    expect(labTrend.points.slice(0, 5).every((p) => p.score === null)).toBe(true);
    expect(labTrend.points[5]!.score).not.toBeNull();

    const banks = (await getJson<Sector>(lab.as.auditor, '/api/v1/compliance?kind=bank')).body;
    expect(banks.kind).toBe('bank');
    expect(banks.heatmap.rows.map((x) => x.provider.id)).toEqual([bankId]);
    expect((await getJson(lab.as.auditor, '/api/v1/compliance?kind=casino')).status).toBe(400);

    const pg = await page(lab.as.readonly, '/compliance');
    expect(pg.status).toBe(200);
    const words = text(pg.html);
    expect(words).toContain('Testland Mobile Money');
    expect(words).toContain(FORMULA_NAME);
    expect(pg.html).toContain('class="heatmap"');
    expect(pg.html).toContain(`href="/providers/${lab.providerId}/compliance"`);
    expect(pg.html).toContain('href="/api/v1/compliance/export?format=csv"');
    expect(pg.html).toContain('href="/api/v1/compliance/export?format=oscal"');
    expect(words).toContain('Down 100 points');
    const filtered = await page(lab.as.readonly, '/compliance?kind=bank');
    expect(filtered.status).toBe(200);
    expect(text(filtered.html)).not.toContain('Testland Mobile Money');
    expect(filtered.html).toContain('<option value="bank" selected>');
    expect(filtered.html).toContain('href="/api/v1/compliance/export?format=csv&amp;kind=bank"');
  });

  it('exports CSV (formula-safe) and OSCAL assessment results valid against the 1.0.4 schema, for the sector or one provider', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const csv = await lab.as.auditor.get('/api/v1/compliance/export?format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="compliance-sector-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = csv.text_.replace(/^\ufeff/, '').split('\r\n');
    expect(lines[0]).toBe('provider,item_id,title,area,status,confirmation,confirmed_by,date,evidence,evidence_expiry,proposed_status,reasons');
    // A provider named like a formula is written as text.
    expect(lines.some((l) => l.startsWith(`"'=HYPERLINK(`))).toBe(true);
    expect(lines.some((l) => l.startsWith('=') || l.startsWith('"='))).toBe(false);
    const mine = lines.filter((l) => l.startsWith(`Testland Mobile Money,${highItem},`));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toContain(',non_compliant,confirmed,auditor user,');

    const one = await lab.as.auditor.get(`/api/v1/compliance/export?format=csv&providerId=${lab.providerId}`);
    expect(one.status).toBe(200);
    expect(one.headers.get('content-disposition')).toContain('compliance-testland-mobile-money-');
    expect(one.text_).not.toContain('HYPERLINK');

    const oscal = await lab.as.readonly.get('/api/v1/compliance/export?format=oscal');
    expect(oscal.status).toBe(200);
    expect(oscal.headers.get('content-disposition')).toMatch(/\.oscal\.json"$/);
    const doc = JSON.parse(oscal.text_) as { 'assessment-results': { results: Array<{ findings?: unknown[] }> } };
    expect(schemaErrors(doc)).toBeUndefined();
    expect(doc['assessment-results'].results).toHaveLength(2);
    expect(oscal.text_).toContain(highItem);
    const oneOscal = JSON.parse((await lab.as.readonly.get(`/api/v1/compliance/export?format=oscal&providerId=${lab.providerId}`)).text_) as unknown;
    expect(schemaErrors(oneOscal)).toBeUndefined();

    expect((await lab.as.auditor.get('/api/v1/compliance/export?format=pdf')).status).toBe(400);
    expect((await lab.as.auditor.get('/api/v1/compliance/export?format=csv&providerId=nope')).status).toBe(404);
  });

  it('lets the staff read, the writers confirm, a provider see its own confirmed statuses only, and nobody else anything', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    for (const who of ['admin', 'lead', 'auditor', 'reviewer', 'readonly'] as const) {
      expect((await view(who)).status, who).toBe(200);
      expect((await getJson(lab.as[who], '/api/v1/compliance')).status, who).toBe(200);
      expect((await page(lab.as[who], '/compliance')).status, who).toBe(200);
      expect((await page(lab.as[who], `/providers/${bankId}/compliance`)).status, who).toBe(200);
    }
    const confirm = { json: { status: 'compliant', evidence: 'x' } };
    for (const who of ['reviewer', 'readonly', 'provider'] as const) {
      expect((await lab.as[who].request('POST', `/api/v1/providers/${lab.providerId}/compliance/${highItem}`, confirm)).status, who).toBe(403);
      expect((await lab.as[who].request('POST', `/api/v1/providers/${lab.providerId}/compliance/accept`, { json: { itemIds: [highItem] } })).status, who).toBe(403);
      expect((await postForm(lab.as[who], `/providers/${lab.providerId}/compliance/${highItem}`, [['status', 'compliant'], ['evidence', 'x']])).status, who).toBe(403);
    }

    // The provider's representative: their own provider, confirmed statuses only, no proposals or evidence texts.
    const own = await view('provider');
    expect(own.status).toBe(200);
    const v = own.body.compliance;
    expect(v.restricted).toBe(true);
    expect(v.items.every((i) => i.proposal === null)).toBe(true);
    expect(v.items.every((i) => (i.confirmed?.evidence ?? null) === null && i.history.every((h) => h.evidence === null))).toBe(true);
    expect(JSON.stringify(v)).not.toContain(highCheck);
    const item = v.items.find((i) => i.itemId === highItem)!;
    expect(item).toMatchObject({ status: 'non_compliant', confirmation: 'confirmed' });
    const unconfirmed = v.items.find((i) => !i.confirmed)!;
    expect(unconfirmed).toMatchObject({ status: 'not_assessed', label: 'Not assessed' });
    const expired = v.items.find((i) => i.confirmed?.expired)!;
    expect(expired).toMatchObject({ status: 'not_assessed', confirmation: 'expired', label: 'Expired, to be re-assessed' });
    const pg = await page(lab.as.provider, `/providers/${lab.providerId}/compliance`);
    expect(pg.status).toBe(200);
    expect(text(pg.html)).not.toContain(highCheck);
    expect(pg.html).not.toContain('<form id="accept-proposals"');
    expect(pg.html).not.toContain('href="/compliance"');
    const csv = await lab.as.provider.get('/api/v1/compliance/export?format=csv');
    expect(csv.status).toBe(200);
    expect(csv.text_).not.toContain('HYPERLINK');
    expect(csv.text_).not.toContain(highCheck);
    expect(csv.text_).toContain(`Testland Mobile Money,${highItem},`);
    expect(schemaErrors(JSON.parse((await lab.as.provider.get('/api/v1/compliance/export?format=oscal')).text_))).toBeUndefined();
    // Not another provider, not the sector.
    expect((await view('provider', bankId)).status).toBe(404);
    expect((await page(lab.as.provider, `/providers/${bankId}/compliance`)).status).toBe(404);
    expect((await lab.as.provider.get(`/api/v1/compliance/export?format=csv&providerId=${bankId}`)).status).toBe(404);
    expect((await getJson(lab.as.provider, '/api/v1/compliance')).status).toBe(403);
    expect((await lab.as.provider.get('/compliance')).status).toBe(403);

    // Another organisation: a lead of another lab, and the oversight body's reviewer, find nothing.
    for (const who of ['outsiderLead', 'oversight'] as const) {
      expect((await view(who)).status, who).toBe(404);
      expect((await page(lab.as[who], `/providers/${lab.providerId}/compliance`)).status, who).toBe(404);
      expect((await lab.as[who].get(`/api/v1/compliance/export?format=csv&providerId=${lab.providerId}`)).status, who).toBe(404);
      const sector = await getJson<Sector>(lab.as[who], '/api/v1/compliance');
      expect(sector.status, who).toBe(200);
      expect(sector.body.heatmap.rows, who).toEqual([]);
    }
    expect((await lab.as.outsiderLead.request('POST', `/api/v1/providers/${lab.providerId}/compliance/${highItem}`, confirm)).status).toBe(404);
    expect((await lab.as.outsiderLead.request('POST', `/api/v1/providers/${lab.providerId}/compliance/accept`, { json: { itemIds: [highItem] } })).status).toBe(404);
  });
  it("proposes from the results the team of an engagement recorded: a passed manual test compliant, a failed one non-compliant", async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const { id } = await planEngagement(lab, { title: 'Audit with manual tests' });
    expect((await movePhase(lab.as.lead, id, 'testing')).status).toBe(200);
    const before = (await view('auditor')).body.compliance;
    const quiet = new Set(before.items.filter((i) => !i.proposal && !i.confirmed).map((i) => i.itemId));
    const rows = (await getJson<{ rows: Array<{ id: string; item_id: string; mode: string }> }>(lab.as.lead, `/api/v1/engagements/${id}/plan`)).body.rows;
    const [passed, failed] = rows.filter((r) => r.mode === 'manual' && quiet.has(r.item_id));
    expect(failed).toBeDefined();
    const record = (rowId: string, json: Record<string, unknown>) => lab.as.auditor.request('POST', `/api/v1/engagements/${id}/rows/${rowId}/result`, { json });
    expect((await record(passed!.id, { result: 'pass', notes: 'Checked the policy' })).status).toBe(200);
    expect((await record(failed!.id, { result: 'fail', notes: 'No lockout', severity: 'high', appId: lab.androidAppId })).status).toBe(200);
    const a = await itemOf(passed!.item_id);
    expect(a).toMatchObject({ status: 'compliant', confirmation: 'unconfirmed' });
    expect(a.proposal!.reasons).toEqual([expect.stringMatching(/^manual test passed in engagement "Audit with manual tests" on \d{4}-\d{2}-\d{2}$/)]);
    expect(a.proposal!.sources).toEqual([expect.objectContaining({ kind: 'engagement', id })]);
    const b = await itemOf(failed!.item_id);
    expect(b).toMatchObject({ status: 'non_compliant' });
    expect(b.proposal!.reasons[0]).toContain('manual test failed (severity high) in engagement "Audit with manual tests"');
  });
});
