/**
 * The engagement pages, through HTTP like a browser (forms with the CSRF token, 303 redirects), on both
 * databases: the list and the "plan an engagement" form (and its refusals shown on the form), the phase buttons
 * and a refused change's reason, adding the oversight reviewer by e-mail, what a provider representative, the
 * oversight reviewer, a read-only user and an outsider see, and testing from the engagement: a fixture APK
 * uploaded on the engagement's page is scanned by the worker, ends linked, and gives automated plan rows a
 * result; a USSD run started there and a scan linked there are linked too. Every page served passes the static
 * checks of the browser test's rules that need no browser (labels, no inline script or handler, no inline style).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHASES, transitionProblem, type EngagementAccess, type Phase } from '../../src/platform/services/engagements.js';
import { PHASE_ACTIONS } from '../../src/platform/web/pages/engagements.js';
import { repoRoot } from '../corpus.js';
import { BACKENDS, postgresAvailable } from './databases.js';
import { getJson, movePhase, planEngagement, seedLab, type Lab } from './engagement-fixtures.js';
import { multipart, page, postForm, staticProblems, text } from './page-helpers.js';
import { startTestPlatform, waitForScan, type TestPlatform } from './platform.js';

const WALLET_PACKAGE = 'org.dfslab.fixture.vulnwallet';
const apk = (name: string): Buffer => readFileSync(join(repoRoot, 'fixtures', 'android', 'build', name));

const location = (r: { headers: Headers }): string => r.headers.get('location') ?? '';

describe.each(BACKENDS)('engagement pages on %s', (backend) => {
  let t: TestPlatform | undefined;
  let lab: Lab;

  beforeAll(async () => {
    if (backend === 'postgres' && !(await postgresAvailable())) return;
    t = await startTestPlatform(backend);
    lab = await seedLab(t, { androidIdentifier: WALLET_PACKAGE });
  }, 120_000);
  afterAll(async () => t?.stop());

  it('lists engagements and plans one through the form; the navigation leads there', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const list = await page(lab.as.lead, '/engagements');
    expect(list.status).toBe(200);
    expect(list.html).toContain('<a href="/engagements" aria-current="page">Engagements</a>');
    expect(list.html).toContain('href="/engagements/new"');
    // An auditor reads the list but plans nothing.
    const auditorList = await page(lab.as.auditor, '/engagements');
    expect(auditorList.status).toBe(200);
    expect(auditorList.html).not.toContain('href="/engagements/new"');
    expect((await lab.as.auditor.get('/engagements/new')).status).toBe(403);

    const form = await page(lab.as.lead, '/engagements/new');
    expect(form.status).toBe(200);
    expect(form.html).toContain(`name="apps" value="${lab.androidAppId}"`);
    expect(form.html).toContain(`name="version_${lab.androidAppId}"`);
    expect(form.html).toContain('<option value="mobile-app-baseline"');
    expect(text(form.html)).toContain('Every app recommendation, including those verified on the back end'); // the profiles' descriptions

    const posted = await postForm(lab.as.lead, '/engagements', [
      ['title', 'Wallet audit from the form'],
      ['type', 'audit'],
      ['providerId', lab.providerId],
      ['apps', lab.androidAppId],
      [`version_${lab.androidAppId}`, '5.1.0'],
      ['apps', lab.ussdAppId],
      [`version_${lab.ussdAppId}`, ''],
      ['channels', 'android'],
      ['channels', 'ussd'],
      ['profile', 'mobile-app-baseline'],
      ['startsOn', '2026-11-01'],
      ['endsOn', '2026-11-30'],
      ['approvalsRequired', '2'],
    ]);
    expect(posted.status).toBe(303);
    const id = /^\/engagements\/([0-9a-f-]{36})$/.exec(location(posted))![1]!;
    const apps = await t.p.db.query<{ app_id: string; version: string | null }>('select app_id, version from engagement_apps where engagement_id = $1 order by version nulls last', [id]);
    expect(apps).toEqual([
      { app_id: lab.androidAppId, version: '5.1.0' },
      { app_id: lab.ussdAppId, version: null },
    ]);

    const shown = await page(lab.as.lead, `/engagements/${id}`);
    expect(shown.status).toBe(200);
    const words = text(shown.html);
    expect(words).toContain('Phase 1 of 7: Planning');
    expect(shown.html).toMatch(/<li class="current" aria-current="step"><strong>Planning<\/strong>/);
    expect(words).toContain('5.1.0');
    expect(words).toMatch(/Approvals required 2/);
    expect(words).toMatch(/\d+ items \(\d+ automated, \d+ manual\)/);
    // Manual rows link to their page; the creator leads.
    expect(shown.html).toMatch(new RegExp(`href="/engagements/${id}/rows/[0-9a-f-]{36}"`));
    expect(words).toMatch(/lead user .* Lead/);
    expect(words).toContain('Planned the engagement');

    const after = await page(lab.as.lead, '/engagements');
    expect(after.html).toContain(`<a href="/engagements/${id}">Wallet audit from the form</a>`);
    expect(text(after.html)).toMatch(/Wallet audit from the form Testland Mobile Money Audit Planning 2026-11-01 – 2026-11-30 lead user Lead/);
  });

  it('shows a refused plan again on the form, with the reason and what was typed', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const base: Array<[string, string]> = [
      ['title', 'Refused plan'],
      ['providerId', lab.providerId],
      ['apps', lab.androidAppId],
      [`version_${lab.androidAppId}`, '9.9.9'],
      ['channels', 'android'],
      ['profile', 'mobile-app'],
    ];
    const dates = await postForm(lab.as.lead, '/engagements', [...base, ['startsOn', '2026-12-01'], ['endsOn', '2026-11-01']]);
    expect(dates.status).toBe(400);
    expect(dates.text_).toMatch(/<p class="error" role="alert">the end date is before the start date<\/p>/);
    expect(dates.text_).toContain('value="Refused plan"');
    expect(dates.text_).toContain(`name="apps" value="${lab.androidAppId}" checked`);
    expect(dates.text_).toContain('value="9.9.9"');
    expect(dates.text_).toContain('<option value="mobile-app" selected>');
    expect(staticProblems(dates.text_)).toEqual([]);

    // An app of another provider than the chosen one.
    const other = await lab.as.admin.request('POST', '/api/v1/providers', { json: { name: 'Other Bank', kind: 'bank' } });
    const otherId = (JSON.parse(other.text_) as { provider: { id: string } }).provider.id;
    const app = await lab.as.admin.request('POST', `/api/v1/providers/${otherId}/apps`, { json: { name: 'Other app', platform: 'android', identifier: 'org.other.app' } });
    const otherApp = (JSON.parse(app.text_) as { app: { id: string } }).app.id;
    const wrongApp = await postForm(lab.as.lead, '/engagements', [...base, ['apps', otherApp]]);
    expect(wrongApp.status).toBe(400);
    expect(text(wrongApp.text_)).toContain("an app in scope is not one of this provider's apps");
    const noChannel = await postForm(lab.as.lead, '/engagements', base.filter(([k]) => k !== 'channels'));
    expect(noChannel.status).toBe(400);
    expect(text(noChannel.text_)).toContain('choose at least one channel');
    expect(await t.p.db.one<{ n: number }>("select count(*)::int as n from engagements where title = 'Refused plan'")).toEqual({ n: 0 });
  });

  it('offers the phase changes to the lead and shows why a change is refused', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const { id } = await planEngagement(lab, { profile: 'ussd-stk', reviewers: [] });
    const planning = await page(lab.as.lead, `/engagements/${id}`);
    expect(planning.html).toContain(`action="/engagements/${id}/phase"`);
    expect(planning.html).toContain('<input type="hidden" name="phase" value="testing">');
    // The auditor sees the phase, not the buttons, and may not post them.
    const auditorView = await page(lab.as.auditor, `/engagements/${id}`);
    expect(auditorView.html).not.toContain(`action="/engagements/${id}/phase"`);
    expect((await lab.as.auditor.post(`/engagements/${id}/phase`, { phase: 'testing' })).status).toBe(403);

    const toTesting = await lab.as.lead.post(`/engagements/${id}/phase`, { phase: 'testing' });
    expect(toTesting.status).toBe(303);
    expect(location(toTesting)).toBe(`/engagements/${id}`);
    expect((await lab.as.lead.post(`/engagements/${id}/phase`, { phase: 'reporting' })).status).toBe(303);
    const reporting = await page(lab.as.lead, `/engagements/${id}`);
    expect(text(reporting.html)).toContain('Phase 3 of 7: Reporting');
    expect(reporting.html).toContain('<input type="hidden" name="phase" value="review">');
    expect(reporting.html).toContain('<input type="hidden" name="phase" value="testing">');
    // The guard's objection is said before the button is pressed ...
    expect(text(reporting.html)).toContain('Not yet: invite a reviewer before submitting the report for review');

    // ... and when it is pressed anyway, the page comes back with it.
    const refused = await lab.as.lead.post(`/engagements/${id}/phase`, { phase: 'review' });
    expect(refused.status).toBe(409);
    expect(refused.text_).toMatch(/<p class="error" role="alert">invite a reviewer before submitting the report for review<\/p>/);
    expect(staticProblems(refused.text_)).toEqual([]);
    const bogus = await lab.as.lead.post(`/engagements/${id}/phase`, { phase: 'archived' });
    expect(bogus.status).toBe(400);
    expect(text(bogus.text_)).toContain('"phase" must be one of');
    const history = text((await page(lab.as.lead, `/engagements/${id}`)).html);
    expect(history).toContain('Moved it from Planning to Testing');
    expect(history).toContain('Moved it from Testing to Reporting');
  });

  it('marks the manual tests still pending "not tested" with one reason, from the plan', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const { id } = await planEngagement(lab, { profile: 'mobile-app-baseline' });
    expect((await page(lab.as.auditor, `/engagements/${id}`)).html).not.toContain(`action="/engagements/${id}/rows/not-tested"`); // planning
    expect((await movePhase(lab.as.lead, id, 'testing')).status).toBe(200);
    const before = await page(lab.as.auditor, `/engagements/${id}`);
    expect(before.html).toContain(`action="/engagements/${id}/rows/not-tested"`);
    expect(text(before.html)).toMatch(/Mark the \d+ manual tests still pending as not tested/);
    expect((await page(lab.as.readonly, `/engagements/${id}`)).html).not.toContain('/rows/not-tested');
    expect((await lab.as.readonly.post(`/engagements/${id}/rows/not-tested`, { reason: 'x' })).status).toBe(403);

    const refused = await lab.as.auditor.post(`/engagements/${id}/rows/not-tested`, { reason: '' });
    expect(refused.status).toBe(400);
    expect(refused.text_).toContain('<p class="error" role="alert">give the reason the remaining tests were not done</p>');
    const done = await lab.as.auditor.post(`/engagements/${id}/rows/not-tested`, { reason: 'No rooted test device this week.' });
    expect(done.status).toBe(303);
    expect(location(done)).toBe(`/engagements/${id}#plan-h`);
    const after = text((await page(lab.as.auditor, `/engagements/${id}`)).html);
    expect(after).not.toContain('still pending as not tested');
    expect(after).toMatch(/Marked \d+ manual tests not tested/);
    expect(after).toContain('No rooted test device this week.');
  });

  it('adds a member by e-mail: the reviewer of the oversight body', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const { id } = await planEngagement(lab, { reviewers: [] });
    expect((await getJson(lab.as.oversight, `/api/v1/engagements/${id}`)).status).toBe(404);
    const lead = await page(lab.as.lead, `/engagements/${id}`);
    expect(lead.html).toContain(`action="/engagements/${id}/members"`);
    const added = await lab.as.lead.post(`/engagements/${id}/members`, { email: lab.users.oversight.email.toUpperCase(), role: 'reviewer' });
    expect(added.status).toBe(303);
    expect(location(added)).toBe(`/engagements/${id}#team-h`);
    const team = text((await page(lab.as.lead, `/engagements/${id}`)).html);
    const oversightOrg = (await t.p.db.one<{ name: string }>('select name from orgs where id = $1', [lab.oversightOrgId]))!.name;
    expect(team).toContain(`${lab.users.oversight.email} ${oversightOrg} Reviewer`);
    expect(team).toContain('Added reviewer user as reviewer');

    const again = await lab.as.lead.post(`/engagements/${id}/members`, { email: lab.users.oversight.email, role: 'reviewer' });
    expect(again.status).toBe(409);
    expect(text(again.text_)).toContain('that user is already in the team, as reviewer');
    const nobody = await lab.as.lead.post(`/engagements/${id}/members`, { email: 'nobody@nowhere.test', role: 'auditor' });
    expect(nobody.status).toBe(400);
    expect(text(nobody.text_)).toContain('no active user with that e-mail address');
    // Only the engagement's lead (or an administrator) manages its team: another lead of the lab, who is not
    // in it, is refused, and the auditor's page has no form.
    expect((await page(lab.as.auditor, `/engagements/${id}`)).html).not.toContain(`action="/engagements/${id}/members"`);
    expect((await lab.as.auditor.post(`/engagements/${id}/members`, { email: lab.users.auditor2.email, role: 'auditor' })).status).toBe(403);
    expect((await getJson(lab.as.oversight, `/api/v1/engagements/${id}`)).status).toBe(200);
  });

  it('shows each caller what they may see: oversight reviewer, read-only, provider once delivered, outsider nothing', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const { id } = await planEngagement(lab, { title: 'Seen by whom' });
    expect((await movePhase(lab.as.lead, id, 'testing')).status).toBe(200);

    const oversight = await page(lab.as.oversight, `/engagements/${id}`);
    expect(oversight.status).toBe(200);
    expect(oversight.html).toContain('id="plan-h"');
    expect(oversight.html).toContain('id="history-h"');
    expect(oversight.html).toContain('id="team-h"');
    // Reads; acts on nothing here, and no link into the lab's scans or apps that they could not open.
    for (const html of [oversight.html]) {
      expect(html).not.toContain('<form method="post" action="/engagements/');
      expect(html).not.toContain('id="testing-h"');
      expect(html).not.toContain(`href="/apps/${lab.androidAppId}"`);
    }
    expect(text(oversight.html)).toContain('by Bank of Testland DFS Lab');
    // The review and the findings are linked from the page; the report only from the reporting phase on.
    expect(oversight.html).toContain(`href="/engagements/${id}/review"`);
    expect(oversight.html).toContain(`href="/engagements/${id}/findings"`);
    expect(oversight.html).not.toContain(`/api/v1/engagements/${id}/report`);
    expect(oversight.html).not.toContain(`/engagements/${id}/training`);
    const oversightList = await page(lab.as.oversight, '/engagements');
    expect(oversightList.html).toContain(`href="/engagements/${id}"`);
    expect(text(oversightList.html)).toContain('Reviewer');

    await t.p.db.query("update engagements set phase = 'reporting' where id = $1", [id]);
    const readonly = await page(lab.as.readonly, `/engagements/${id}`);
    expect(readonly.status).toBe(200);
    expect(readonly.html).toContain(`href="/api/v1/engagements/${id}/report?format=html"`);
    expect(text(readonly.html)).toContain('Report (draft, not approved)');
    expect(readonly.html).toContain('id="plan-h"');
    expect(readonly.html).not.toContain('method="post" action="/engagements/');

    // A provider representative: nothing before delivery, then the summary, the scope and the delivered state.
    expect((await lab.as.provider.get(`/engagements/${id}`)).status).toBe(404);
    expect((await page(lab.as.provider, '/engagements')).html).not.toContain(`href="/engagements/${id}"`);
    // Delivery needs a whole review (other tests cover it); here the engagement is put in that state directly.
    await t.p.db.query("update engagements set phase = 'delivered', delivered_at = now() where id = $1", [id]);
    const rep = await page(lab.as.provider, `/engagements/${id}`);
    expect(rep.status).toBe(200);
    const repText = text(rep.html);
    expect(repText).toContain('Phase 5 of 7: Delivered');
    expect(repText).toMatch(/Delivered on \d{4}-\d{2}-\d{2}/);
    expect(repText).toContain('TestPay wallet');
    expect(repText).toContain('4.2.0');
    // Their report downloads and the findings they answer; never the lab's review.
    expect(rep.html).toContain(`href="/api/v1/engagements/${id}/report?format=pdf"`);
    expect(rep.html).toContain(`href="/engagements/${id}/findings"`);
    expect(text(rep.html)).toContain('Findings to answer');
    for (const hidden of ['id="plan-h"', 'id="history-h"', 'id="team-h"', 'id="scans-h"', 'id="testing-h"', 'Approvals required', lab.users.auditor.email, `/engagements/${id}/review`, '(draft, not approved)']) {
      expect(rep.html, hidden).not.toContain(hidden);
    }
    expect((await page(lab.as.provider, '/engagements')).html).toContain(`href="/engagements/${id}"`);
    // The navigation leads everyone there.
    expect(rep.html).toContain('<a href="/engagements" aria-current="page">Engagements</a>');

    // A lead of another lab: not found, and not listed.
    expect((await lab.as.outsiderLead.get(`/engagements/${id}`)).status).toBe(404);
    expect((await lab.as.outsiderLead.post(`/engagements/${id}/phase`, { phase: 'closed' })).status).toBe(404);
    expect((await page(lab.as.outsiderLead, '/engagements')).html).not.toContain(`href="/engagements/${id}"`);
  });

  it('tests from the engagement: an uploaded build ends linked and gives the automated rows a result; runs and links too', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const { id } = await planEngagement(lab, { profile: 'mobile-app-baseline', title: 'Upload from the page' });
    // Nothing is uploaded to an engagement being planned.
    const early = await lab.as.auditor.request('POST', `/engagements/${id}/apps/${lab.androidAppId}/scans?_csrf=${lab.as.auditor.csrf}`, { body: multipart('w.apk', apk('vulnerable-wallet.apk')), csrf: false });
    expect(early.status).toBe(409);
    expect(text(early.text_)).toContain('Uploading a build is possible when the engagement is testing');
    expect((await page(lab.as.auditor, `/engagements/${id}`)).html).not.toContain('id="testing-h"');
    expect((await movePhase(lab.as.lead, id, 'testing')).status).toBe(200);

    const before = await page(lab.as.auditor, `/engagements/${id}`);
    expect(before.html).toContain('id="testing-h"');
    const action = unescape(new RegExp(`action="(/engagements/${id}/apps/${lab.androidAppId}/scans\\?_csrf=[^"]+)" enctype="multipart/form-data"`).exec(before.html)![1]!);
    // The USSD service in scope has no target yet: the page says where to add one.
    expect(before.html).toContain(`href="/apps/${lab.ussdAppId}/ussd-targets/new"`);

    // A build of another app is refused on the page, next to the form, and leaves no scan.
    const wrong = await lab.as.auditor.request('POST', action, { body: multipart('pair.apk', apk('diff-v1.apk')), csrf: false });
    expect(wrong.status).toBe(400);
    expect(text(wrong.text_)).toContain(`"TestPay wallet" is registered as ${WALLET_PACKAGE}`);
    expect(await t.p.db.one<{ n: number }>('select count(*)::int as n from engagement_scans where engagement_id = $1', [id])).toEqual({ n: 0 });
    // Without the token in the URL the upload is refused.
    expect((await lab.as.auditor.request('POST', `/engagements/${id}/apps/${lab.androidAppId}/scans`, { body: multipart('w.apk', apk('vulnerable-wallet.apk')), csrf: false })).status).toBe(403);
    // A USSD service is not uploaded; an app outside the scope is not found here.
    const ussdUpload = await lab.as.auditor.request('POST', `/engagements/${id}/apps/${lab.ussdAppId}/scans?_csrf=${lab.as.auditor.csrf}`, { body: multipart('w.apk', apk('vulnerable-wallet.apk')), csrf: false });
    expect(ussdUpload.status).toBe(400);

    const posted = await lab.as.auditor.request('POST', action, { body: multipart('wallet-4.2.0.apk', apk('vulnerable-wallet.apk')), csrf: false });
    expect(posted.status).toBe(303);
    const scanId = /^\/scans\/([0-9a-f-]{36})$/.exec(location(posted))![1]!;
    expect(await t.p.db.one<{ n: number }>('select count(*)::int as n from engagement_scans where engagement_id = $1 and scan_id = $2', [id, scanId])).toEqual({ n: 1 });
    expect((await waitForScan(t, scanId)).status).toBe('done');

    const plan = await getJson<{ rows: Array<{ mode: string; result: string | null; scans: string[] }> }>(lab.as.lead, `/api/v1/engagements/${id}/plan`);
    const automated = plan.body.rows.filter((r) => r.mode === 'automated');
    expect(automated.length).toBeGreaterThan(0);
    expect(automated.filter((r) => r.result !== null).length).toBeGreaterThan(0);
    expect(automated.some((r) => r.result === 'fail')).toBe(true); // the fixture wallet is vulnerable on purpose
    const after = await page(lab.as.lead, `/engagements/${id}`);
    expect(after.html).toContain(`href="/scans/${scanId}"`);
    expect(after.html).toContain('<span class="status result result-fail">Fail</span>');
    expect(text(after.html)).toMatch(/1 linked scan ran its checks · [1-9]\d* findings?/);
    expect(text(after.html)).toContain('Linked a scan');

    // A second engagement links that finished scan from its page; linking it twice is refused on the page.
    const second = await planEngagement(lab, { profile: 'mobile-app-baseline', title: 'Linking' });
    expect((await movePhase(lab.as.lead, second.id, 'testing')).status).toBe(200);
    const linkPage = await page(lab.as.auditor, `/engagements/${second.id}`);
    expect(linkPage.html).toContain(`<option value="${scanId}">`);
    const linked = await lab.as.auditor.post(`/engagements/${second.id}/scans`, { scanId });
    expect(linked.status).toBe(303);
    expect(location(linked)).toBe(`/engagements/${second.id}#scans-h`);
    const twice = await lab.as.auditor.post(`/engagements/${second.id}/scans`, { scanId });
    expect(twice.status).toBe(409);
    expect(text(twice.text_)).toContain('that scan is already part of the engagement');
    expect((await page(lab.as.auditor, `/engagements/${second.id}`)).html).not.toContain(`<option value="${scanId}">`);

    // A USSD run from the engagement's page: queued, linked, then run by the worker (here against a closed
    // port, so it fails fast: the page's part is the queueing and the link).
    const target = `endpoint: http://127.0.0.1:9/ussd
dialect: africastalking
serviceCode: '*384*12#'
accounts:
  - { msisdn: '254711000001', pin: '4826', role: A }
  - { msisdn: '254711000002', pin: '7391', role: B }
budget: { maxRequests: 50, ratePerSecond: 50 }
tests:
  include: ['ussd.protocol.transport']
`;
    const reg = await lab.as.auditor.request('POST', `/api/v1/apps/${lab.ussdAppId}/ussd-targets`, { json: { name: 'Staging gateway', target } });
    expect(reg.status, reg.text_).toBe(201);
    const targetId = (JSON.parse(reg.text_) as { target: { id: string } }).target.id;
    const withTarget = await page(lab.as.auditor, `/engagements/${id}`);
    expect(withTarget.html).toContain(`action="/engagements/${id}/ussd-targets/${targetId}/runs"`);
    const run = await lab.as.auditor.post(`/engagements/${id}/ussd-targets/${targetId}/runs`, { quick: 'on' });
    expect(run.status).toBe(303);
    const runId = /^\/scans\/([0-9a-f-]{36})$/.exec(location(run))![1]!;
    expect(await t.p.db.one<{ n: number }>('select count(*)::int as n from engagement_scans where engagement_id = $1 and scan_id = $2', [id, runId])).toEqual({ n: 1 });
    await waitForScan(t, runId);
    // The reader of the lab may not run anything.
    expect((await lab.as.readonly.post(`/engagements/${id}/ussd-targets/${targetId}/runs`, {})).status).toBe(403);
  }, 120_000);
});

describe('the phase buttons', () => {
  it('offer exactly the changes the service accepts from each phase', async () => {
    // transitionProblem refuses a change out of order before it reads anything; the other guards need data.
    const noQueries = { query: async () => [] } as unknown as Parameters<typeof transitionProblem>[0];
    for (const from of PHASES) {
      const a = { e: { id: 'x', phase: from, approvals_required: 1, review_round: 1 } } as unknown as EngagementAccess;
      const offered = PHASE_ACTIONS[from].map((c) => c.to);
      for (const to of PHASES) {
        const problem = await transitionProblem(noQueries, a, to as Phase);
        const outOfOrder = problem !== undefined && /cannot move to/.test(problem);
        expect(outOfOrder, `${from} → ${to}`).toBe(!offered.includes(to));
      }
    }
  });
});
