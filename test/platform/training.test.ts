/**
 * Training engagements on both databases: setting one up through the API and the form (the training provider
 * and its three sample apps created once, then reused); the bundled Android and iOS samples scanned through the
 * platform to done, with every automated entry of the answer key equal to the automated row's result (this is
 * what proves the key true); the trainer's score moving as a trainee records manual results, right and wrong;
 * the key hidden (404) from trainees and everybody else, and absent from everything a trainee sees; and the
 * reference USSD service started in-process, its target created, and a run of it linked and done.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAuditProfile, loadCatalog, profileItems } from '../../src/index.js';
import { stopTrainingWallet, TRAINING_PROVIDER_NAME, TRAINING_TARGET_NAME } from '../../src/platform/services/training.js';
import { TRAINING_KEY, trainingKeyEntry } from '../../src/platform/services/training-key.js';
import { BACKENDS, postgresAvailable } from './databases.js';
import { getJson, movePhase } from './engagement-fixtures.js';
import { page, postForm, text } from './page-helpers.js';
import { addOrg, addUser, loginAs, setUpAdmin, startTestPlatform, waitForScan, type Client, type TestPlatform } from './platform.js';

const ANDROID_PACKAGE = 'org.dfslab.fixture.vulnwallet';
const IOS_BUNDLE = 'org.dfslab.fixtures.vulnerablebank';
const SERVICE_CODE = '*384*12#';

interface PlanRowJson {
  id: string;
  item_id: string;
  mode: 'manual' | 'automated';
  result: string | null;
}

interface TrainingJson {
  score: { keyed: number; correct: number; wrong: number; not_yet: number; score: number; findings: { expected: number; found: number; missed: number } };
  rows: Array<{ row_id: string; item_id: string; mode: string; expected: string; actual: string | null; verdict: string }>;
}

interface AppJson {
  app_id: string;
  platform: string;
  identifier: string;
}

const json = <T,>(r: { text_: string }): T => JSON.parse(r.text_) as T;

describe.each(BACKENDS)('training engagements on %s', (backend) => {
  let t: TestPlatform | undefined;
  let as: Record<'admin' | 'lead' | 'lead2' | 'auditor' | 'auditor2' | 'reviewer' | 'readonly' | 'outsiderLead', Client>;
  let emails: Record<'auditor' | 'auditor2' | 'reviewer', string>;
  let engagementId: string;
  let apps: AppJson[];

  beforeAll(async () => {
    if (backend === 'postgres' && !(await postgresAvailable())) return;
    t = await startTestPlatform(backend);
    const admin = await setUpAdmin(t);
    const orgId = (await t.p.db.one<{ id: string }>('select id from orgs order by created_at limit 1'))!.id;
    const otherLab = await addOrg(t, 'Other lab');
    const u = {
      lead: await addUser(t, orgId, 'lead'),
      lead2: await addUser(t, orgId, 'lead'),
      auditor: await addUser(t, orgId, 'auditor'),
      auditor2: await addUser(t, orgId, 'auditor'),
      reviewer: await addUser(t, orgId, 'reviewer'),
      readonly: await addUser(t, orgId, 'readonly'),
      outsiderLead: await addUser(t, otherLab, 'lead'),
    };
    as = { admin } as typeof as;
    for (const [k, v] of Object.entries(u)) as[k as keyof typeof u] = await loginAs(t, v.email);
    emails = { auditor: u.auditor.email, auditor2: u.auditor2.email, reviewer: u.reviewer.email };
  }, 120_000);
  afterAll(async () => {
    await stopTrainingWallet();
    await t?.stop();
  });

  const plan = async (c: Client, id: string): Promise<PlanRowJson[]> => (await getJson<{ rows: PlanRowJson[] }>(c, `/api/v1/engagements/${id}/plan`)).body.rows;
  const training = (c: Client, id: string) => getJson<TrainingJson>(c, `/api/v1/engagements/${id}/training`);

  it('sets up a training engagement through the API and the form; the provider and its sample apps are made once and reused', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const post = (c: Client, body: unknown) => c.request('POST', '/api/v1/training', { json: body });

    // Refusals: who may, and what the body must be.
    expect((await post(as.auditor, { title: 'x' })).status).toBe(403);
    expect((await post(as.lead, {})).status).toBe(400);
    const unknown = await post(as.lead, { title: 'Cohort 0', trainees: ['nobody@lab.test'] });
    expect(unknown.status).toBe(400);
    expect(unknown.text_).toContain('no active user with that e-mail');
    expect((await post(as.lead, { title: 'Cohort 0', trainees: ['not an e-mail'] })).status).toBe(400);
    expect((await post(as.lead, { title: 'Cohort 0', profile: 'nope' })).status).toBe(400);
    // A refused reviewer: trainees join as auditors, which a reviewer cannot be.
    expect((await post(as.lead, { title: 'Cohort 0', trainees: [emails.reviewer] })).status).toBe(400);

    const r = await post(as.lead, { title: 'Cohort 1', trainees: [emails.auditor, emails.auditor2] });
    expect(r.status).toBe(201);
    const body = json<{ engagement: { id: string; type: string; channels: string[]; profile: string; phase: string; provider_name: string }; apps: AppJson[] }>(r);
    engagementId = body.engagement.id;
    apps = body.apps;
    expect(body.engagement).toMatchObject({ type: 'training', channels: ['android', 'ios', 'ussd'], profile: 'all', phase: 'planning', provider_name: TRAINING_PROVIDER_NAME });
    expect(apps.map((a) => [a.platform, a.identifier]).sort()).toEqual([
      ['android', ANDROID_PACKAGE],
      ['ios', IOS_BUNDLE],
      ['ussd', SERVICE_CODE],
    ]);
    const team = (await getJson<{ members: Array<{ email: string; role: string }> }>(as.lead, `/api/v1/engagements/${engagementId}/members`)).body.members;
    expect(team.map((m) => m.role).sort()).toEqual(['auditor', 'auditor', 'lead']);
    expect(team.filter((m) => m.role === 'auditor').map((m) => m.email).sort()).toEqual([emails.auditor, emails.auditor2].sort());

    // The form: the page, a refusal shown on it, and a setup that reuses the provider and the apps.
    const form = await page(as.lead2, '/training/new');
    expect(form.status).toBe(200);
    expect(text(form.html)).toContain('Set up a training engagement');
    expect((await page(as.auditor, '/training/new')).status).toBe(403);
    const refused = await postForm(as.lead2, '/training', [['title', 'Cohort 2'], ['trainees', 'nobody@lab.test']]);
    expect(refused.status).toBe(400);
    expect(text(refused.text_)).toContain('no active user with that e-mail');
    expect(refused.text_).toContain('value="Cohort 2"');
    const viaForm = await postForm(as.lead2, '/training', [['title', 'Cohort 2'], ['profile', 'mobile-app'], ['trainees', `${emails.auditor}\n${emails.auditor2}`]]);
    expect(viaForm.status).toBe(303);
    const location = viaForm.headers.get('location')!;
    expect(location).toMatch(/^\/engagements\/[0-9a-f-]{36}$/);
    const second = (await getJson<{ engagement: { type: string; profile: string }; apps: AppJson[] }>(as.lead2, `/api/v1${location}`)).body;
    expect(second.engagement).toMatchObject({ type: 'training', profile: 'mobile-app' });
    expect(second.apps.map((a) => a.app_id).sort()).toEqual(apps.map((a) => a.app_id).sort());
    const providers = await t.p.db.query<{ id: string }>('select id from providers where name = $1', [TRAINING_PROVIDER_NAME]);
    expect(providers).toHaveLength(1);
    expect(await t.p.db.query('select id from apps where provider_id = $1', [providers[0]!.id])).toHaveLength(3);

    // A sample registered under another provider is a clear conflict, not a second app.
    const other = await as.admin.request('POST', '/api/v1/providers', { json: { name: 'Another wallet', kind: 'mno' } });
    const otherId = json<{ provider: { id: string } }>(other).provider.id;
    await t.p.db.query('update apps set provider_id = $1 where provider_id = $2 and platform = $3', [otherId, providers[0]!.id, 'ios']);
    const clash = await post(as.lead, { title: 'Cohort 3' });
    expect(clash.status).toBe(409);
    expect(clash.text_).toContain('already registered under the provider \\"Another wallet\\"');
    await t.p.db.query('update apps set provider_id = $1 where provider_id = $2', [providers[0]!.id, otherId]);
  });

  it('scans the bundled Android and iOS samples through the platform to done; every automated key entry equals its row', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const android = apps.find((a) => a.platform === 'android')!;
    const ios = apps.find((a) => a.platform === 'ios')!;
    const ussd = apps.find((a) => a.platform === 'ussd')!;
    const scanPath = (app: AppJson) => `/engagements/${engagementId}/training/samples/${app.app_id}/scan`;

    // Planning: no scans yet (the existing phase guard, shown on the samples page).
    const early = await postForm(as.auditor, scanPath(android), []);
    expect(early.status).toBe(409);
    expect(text(early.text_)).toContain('Scanning a sample is possible when the engagement is testing');
    expect((await movePhase(as.lead, engagementId, 'testing')).status).toBe(200);

    // Testers only; a USSD service has no build.
    expect((await postForm(as.reviewer, scanPath(android), [])).status).toBe(403);
    const noBuild = await postForm(as.auditor, scanPath(ussd), []);
    expect(noBuild.status).toBe(400);
    expect(text(noBuild.text_)).toContain('tested live');

    const samples = await page(as.auditor, `/engagements/${engagementId}/training/samples`);
    expect(samples.status).toBe(200);
    expect(samples.html).toContain(`action="${scanPath(android)}"`);

    const scanIds: string[] = [];
    for (const app of [android, ios]) {
      const r = await postForm(as.auditor, scanPath(app), []);
      expect(r.status, r.text_.slice(0, 300)).toBe(303);
      const id = /^\/scans\/([0-9a-f-]{36})$/.exec(r.headers.get('location') ?? '')?.[1];
      expect(id).toBeDefined();
      scanIds.push(id!);
    }
    for (const id of scanIds) expect((await waitForScan(t, id, 90_000)).status).toBe('done');
    const linked = await t.p.db.query<{ scan_id: string }>('select scan_id from engagement_scans where engagement_id = $1', [engagementId]);
    expect(linked.map((l) => l.scan_id).sort()).toEqual([...scanIds].sort());

    const rows = await plan(as.lead, engagementId);
    const byItem = new Map(rows.map((r) => [r.item_id, r]));
    // The profile "all" holds every keyed item, each with the mode the key says.
    for (const k of TRAINING_KEY) expect(byItem.get(k.itemId)?.mode, k.itemId).toBe(k.mode);
    const automated = TRAINING_KEY.filter((k) => k.mode === 'automated' && !k.samples.includes('ussd'));
    expect(automated.length).toBeGreaterThan(20);
    const mismatches = automated.filter((k) => byItem.get(k.itemId)?.result !== k.expected).map((k) => `${k.itemId}: key ${k.expected}, engine ${byItem.get(k.itemId)?.result}`);
    expect(mismatches).toEqual([]);

    // The download is the bundled file itself.
    const dl = await as.auditor2.get(`/engagements/${engagementId}/training/samples/${android.app_id}`);
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-disposition')).toContain('vulnerable-wallet.apk');
    const got = await (await fetch(`${t.url}/engagements/${engagementId}/training/samples/${ios.app_id}`, { headers: { cookie: [...as.auditor2.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } })).arrayBuffer();
    expect(Buffer.from(got).equals(readFileSync('fixtures/ios/build/vulnerable-bank.ipa'))).toBe(true);
    expect((await as.auditor2.get(`/engagements/${engagementId}/training/samples/${ussd.app_id}`)).status).toBe(404);
  }, 240_000);

  it("shows the trainer the key and a score that follows the trainees' manual results; trainees and others get 404 and never see the key", async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const before = await training(as.lead, engagementId);
    expect(before.status).toBe(200);
    const catalogItems = new Set(profileItems(loadCatalog(), getAuditProfile('all')!).map((i) => i.id));
    expect(before.body.score.keyed).toBe(TRAINING_KEY.filter((k) => catalogItems.has(k.itemId)).length);
    const s0 = before.body.score;
    expect(s0.correct + s0.wrong + s0.not_yet).toBe(s0.keyed);
    expect(s0.score).toBeCloseTo(s0.correct / s0.keyed);
    expect(s0.findings.found + s0.findings.missed).toBe(s0.findings.expected);
    expect(s0.wrong).toBe(0);

    const rows = await plan(as.auditor, engagementId);
    const rowOf = (item: string) => rows.find((r) => r.item_id === item)!;
    const android = apps.find((a) => a.platform === 'android')!;
    const record = (item: string, body: Record<string, unknown>) => as.auditor.request('POST', `/api/v1/engagements/${engagementId}/rows/${rowOf(item).id}/result`, { json: body });
    // Right: APP-45 fails (the PIN in world-readable preferences). Wrong: APP-23 is not applicable, not a pass.
    expect(trainingKeyEntry('APP-45')!.expected).toBe('fail');
    expect(trainingKeyEntry('APP-23')!.expected).toBe('not_applicable');
    expect((await record('APP-45', { result: 'fail', notes: 'PIN readable in shared_prefs', severity: 'high', appId: android.app_id })).status).toBe(200);
    expect((await record('APP-23', { result: 'pass', notes: 'biometrics look fine' })).status).toBe(200);

    const after = (await training(as.admin, engagementId)).body;
    expect(after.score.correct).toBe(s0.correct + 1);
    expect(after.score.wrong).toBe(1);
    expect(after.score.not_yet).toBe(s0.not_yet - 2);
    expect(after.score.findings.found).toBe(s0.findings.found + 1);
    expect(after.rows.find((r) => r.item_id === 'APP-45')).toMatchObject({ expected: 'fail', actual: 'fail', verdict: 'correct' });
    expect(after.rows.find((r) => r.item_id === 'APP-23')).toMatchObject({ expected: 'not_applicable', actual: 'pass', verdict: 'wrong' });

    const trainerPage = await page(as.lead, `/engagements/${engagementId}/training`);
    expect(trainerPage.status).toBe(200);
    expect(text(trainerPage.html)).toContain(`${after.score.correct} of ${after.score.keyed} keyed rows correct`);
    expect(text(trainerPage.html)).toContain(trainingKeyEntry('APP-45')!.explanation);

    // Trainees, other staff, another lab's lead: not found, on the API and the page.
    for (const who of ['auditor', 'auditor2', 'reviewer', 'readonly', 'lead2', 'outsiderLead'] as const) {
      expect((await training(as[who], engagementId)).status, who).toBe(404);
      expect((await as[who].get(`/engagements/${engagementId}/training`)).status, who).toBe(404);
      expect((await postForm(as[who], `/engagements/${engagementId}/training/ussd`, [])).status, who).toBe(who === 'auditor' || who === 'auditor2' || who === 'reviewer' || who === 'readonly' ? 403 : 404);
    }

    // The key appears nowhere a trainee looks: the plan API, the engagement page, the samples page, the report.
    const explanations = TRAINING_KEY.map((k) => k.explanation);
    const seen = [
      (await as.auditor.get(`/api/v1/engagements/${engagementId}/plan`)).text_,
      text((await page(as.auditor, `/engagements/${engagementId}`)).html),
      text((await page(as.auditor, `/engagements/${engagementId}/training/samples`)).html),
    ];
    expect((await movePhase(as.lead, engagementId, 'reporting')).status).toBe(200);
    const report = await as.auditor.get(`/api/v1/engagements/${engagementId}/report?format=json`);
    expect(report.status).toBe(200);
    seen.push(report.text_);
    for (const s of seen) {
      for (const e of explanations) expect(s.includes(e), e).toBe(false);
      expect(s).not.toContain("Trainer's view");
    }
    expect((await movePhase(as.lead, engagementId, 'testing')).status).toBe(200);

    // An audit engagement has no trainer's view, even for its lead.
    const audit = await as.lead.request('POST', '/api/v1/engagements', {
      json: { title: 'Real audit', providerId: (await t.p.db.one<{ id: string }>('select id from providers where name = $1', [TRAINING_PROVIDER_NAME]))!.id, profile: 'all', channels: ['android'], apps: [] },
    });
    expect(audit.status).toBe(201);
    const auditId = json<{ engagement: { id: string } }>(audit).engagement.id;
    expect((await training(as.lead, auditId)).status).toBe(404);
    expect((await as.lead.get(`/engagements/${auditId}/training`)).status).toBe(404);
    expect((await as.lead.get(`/engagements/${auditId}/training/samples`)).status).toBe(404);
  });

  it('starts the reference USSD service on loopback for the trainer, creates its target, and a run of it is done', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const ussd = apps.find((a) => a.platform === 'ussd')!;
    const started = await postForm(as.lead, `/engagements/${engagementId}/training/ussd`, []);
    expect(started.status, started.text_.slice(0, 300)).toBe(303);
    const view = (await getJson<{ ussd: { endpoint: string | null } }>(as.lead, `/api/v1/engagements/${engagementId}/training`)).body;
    expect(view.ussd.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ussd\/at$/);
    const targets = (await getJson<{ targets: Array<{ id: string; name: string; summary: { endpoint: string; serviceCode: string; accounts: Array<{ role: string }> } }> }>(as.auditor, `/api/v1/apps/${ussd.app_id}/ussd-targets`)).body.targets;
    expect(targets).toHaveLength(1);
    expect(targets[0]).toMatchObject({ name: TRAINING_TARGET_NAME, summary: { endpoint: view.ussd.endpoint, serviceCode: SERVICE_CODE } });
    expect(targets[0]!.summary.accounts.map((a) => a.role)).toEqual(['A', 'B', 'U']);
    // Started again: the same target, pointed at the same service.
    expect((await postForm(as.admin, `/engagements/${engagementId}/training/ussd`, [])).status).toBe(303);
    expect((await getJson<{ targets: unknown[] }>(as.auditor, `/api/v1/apps/${ussd.app_id}/ussd-targets`)).body.targets).toHaveLength(1);

    const run = await postForm(as.auditor, `/engagements/${engagementId}/ussd-targets/${targets[0]!.id}/runs`, [['quick', 'on']]);
    expect(run.status, run.text_.slice(0, 300)).toBe(303);
    const scanId = /^\/scans\/([0-9a-f-]{36})$/.exec(run.headers.get('location') ?? '')?.[1];
    const done = await waitForScan(t, scanId!, 240_000);
    expect(done.error).toBeNull();
    expect(done.status).toBe('done');

    // The automated entries that the USSD run decides equal their rows too.
    const rows = await plan(as.lead, engagementId);
    const byItem = new Map(rows.map((r) => [r.item_id, r]));
    const automated = TRAINING_KEY.filter((k) => k.mode === 'automated' && k.samples.includes('ussd'));
    const mismatches = automated.filter((k) => byItem.get(k.itemId)?.result !== k.expected).map((k) => `${k.itemId}: key ${k.expected}, engine ${byItem.get(k.itemId)?.result}`);
    expect(mismatches).toEqual([]);
  }, 300_000);
});
