/**
 * A whole audit engagement in a real browser (Debian's chromium through playwright-core), by clicking and
 * typing, each person in a browser of their own:
 *
 * the lab's lead plans the engagement (an Android app and a USSD service of a provider) and builds the team,
 * with a reviewer from an oversight body (another organisation); the auditor uploads the APK and runs the USSD
 * tests from the engagement's page, records two manual tests with evidence files and marks the rest not
 * tested; the lead submits the report; the oversight reviewer comments on a row and requests changes; the
 * auditor fixes the row, the lead submits again, the reviewer approves; the lead delivers; the provider's
 * representative answers a finding in their portal with evidence of the fix; the auditor retests with the
 * fixed version (a new APK uploaded from the engagement) and the manual failure, the lead settles the rest and
 * closes the engagement. The report downloads at the end as the provider gets it.
 *
 * Along the way every page is checked for unlabelled controls and low contrast, and no page logs an error.
 * Skips with a message when no Chromium is installed; under CI (which installs it) a missing Chromium fails.
 * The embedded database only: the HTTP tests cover PostgreSQL.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { startWallet, type WalletServer } from '../../examples/ussd-wallet/src/index.js';
import { PHASE_LABEL, PHASES, type Phase } from '../../src/platform/services/engagements.js';
import { repoRoot } from '../corpus.js';
import { executablePath, LAPTOP, LAUNCH_ARGS, lowContrastText, NO_CHROMIUM, unlabelledControls } from './browser-helpers.js';
import { seedLab, type Lab } from './engagement-fixtures.js';
import { PASSWORD, startTestPlatform, waitForScan, type TestPlatform } from './platform.js';

if (!executablePath && !process.env.CI) console.warn(NO_CHROMIUM);

/** The two versions of the audited app: v2 fixes `android:debuggable` (and adds one new weakness). */
const DIFF_PACKAGE = 'org.dfslab.fixture.diffpair';
const apkPath = (name: string): string => join(repoRoot, 'fixtures', 'android', 'build', name);

function daysAhead(n: number): string {
  return new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
}

/** A target file for the reference USSD service, with a few tests so that the run is quick. */
function targetFile(endpoint: string): string {
  return `endpoint: ${endpoint}
dialect: africastalking
serviceCode: '*384*12#'
accounts:
  - { msisdn: '254711000001', pin: '4826', role: A }
  - { msisdn: '254711000002', pin: '7391', role: B }
budget: { maxRequests: 300, ratePerSecond: 200 }
tests:
  include: ['ussd.protocol.transport', 'ussd.pin.echo']
`;
}

describe('an audit engagement in Chromium', () => {
  let t: TestPlatform | undefined;
  let browser: Browser | undefined;
  let wallet: WalletServer | undefined;
  afterAll(async () => {
    await browser?.close();
    await wallet?.stop();
    await t?.stop();
  });

  it('plans, tests, reviews, delivers, remediates and closes an engagement', async (ctx) => {
    if (!executablePath) {
      if (process.env.CI) throw new Error('Chromium is not installed; run scripts/install-system-deps.sh (Debian package "chromium") or set CHROMIUM_PATH');
      ctx.skip(NO_CHROMIUM);
      return;
    }
    t = await startTestPlatform('pglite');
    const lab: Lab = await seedLab(t, { androidIdentifier: DIFF_PACKAGE });
    wallet = await startWallet({ profile: 'vulnerable', port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({ executablePath, headless: true, args: LAUNCH_ARGS });

    const pageErrors: string[] = [];
    const contexts: BrowserContext[] = [];
    /** A browser of its own for a person, logged in through the login form. */
    const personAt = async (email: string): Promise<Page> => {
      const context = await browser!.newContext({ baseURL: t!.url, viewport: LAPTOP, acceptDownloads: true });
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) pageErrors.push(`${page.url()}: ${m.text()}`);
      });
      await page.goto('/login');
      await page.getByLabel('E-mail').fill(email);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      await expect.poll(() => new URL(page.url()).pathname).not.toBe('/login');
      return page;
    };
    const expectAccessible = async (page: Page): Promise<void> => {
      expect(await unlabelledControls(page), `unlabelled controls on ${page.url()}`).toEqual([]);
      expect(await lowContrastText(page), `text below AA contrast on ${page.url()}`).toEqual([]);
    };
    const phaseOf = async (page: Page): Promise<Phase | undefined> => {
      const label = await page.locator('ol.phases li.current strong').textContent();
      return PHASES.find((p) => PHASE_LABEL[p] === label);
    };
    /** The status of the finding whose page the browser is on (the first status badge under the title). */
    const statusOf = async (page: Page): Promise<string> => ((await page.locator('main p .status').first().textContent()) ?? '').trim();
    const press = async (page: Page, name: string): Promise<void> => {
      await page.getByRole('button', { name, exact: true }).click();
      await page.waitForLoadState('load');
    };
    /** Waits for the scan whose page the browser is on, then goes back to the engagement. */
    const scanFinishes = async (page: Page, engagementUrl: string): Promise<string> => {
      await page.waitForURL(/\/scans\/[0-9a-f-]{36}$/);
      const scanId = new URL(page.url()).pathname.split('/').pop()!;
      const end = await waitForScan(t!, scanId, 120_000);
      expect(end.status, end.error ?? '').toBe('done');
      await page.goto(engagementUrl);
      return scanId;
    };

    // --- Planning: the lead plans the engagement and builds the team -----------------------------------------
    const lead = await personAt(lab.users.lead.email);
    await lead.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Engagements', exact: true }).click();
    await lead.getByRole('link', { name: 'Plan an engagement' }).click();
    await expectAccessible(lead);
    await lead.getByLabel('Title').fill('TestPay wallet and USSD audit 2026');
    await lead.getByLabel('Provider').selectOption({ label: 'Testland Mobile Money' });
    await lead.getByRole('checkbox', { name: /TestPay wallet/ }).check();
    await lead.getByLabel('Version of TestPay wallet').fill('1.0');
    await lead.getByRole('checkbox', { name: /TestPay USSD/ }).check();
    await lead.getByRole('checkbox', { name: /^Android/ }).check();
    await lead.getByRole('checkbox', { name: /^USSD/ }).check();
    await lead.getByLabel('Profile').selectOption({ label: 'All DFS recommendations' });
    await lead.getByLabel('Start date').fill(daysAhead(0));
    await lead.getByLabel('End date').fill(daysAhead(30));
    await press(lead, 'Plan the engagement');
    await lead.waitForURL(/\/engagements\/[0-9a-f-]{36}$/);
    const engagementUrl = new URL(lead.url()).pathname;
    const engagementId = engagementUrl.split('/').pop()!;
    expect(await phaseOf(lead)).toBe('planning');
    await expectAccessible(lead);

    for (const [email, role] of [
      [lab.users.auditor.email, 'Auditor'],
      [lab.users.oversight.email, /^Reviewer/],
    ] as const) {
      await lead.getByLabel('E-mail').fill(email);
      await lead.getByLabel('Role').selectOption({ label: typeof role === 'string' ? role : 'Reviewer (of this lab or an oversight body)' });
      await press(lead, 'Add to the team');
      await expect.poll(() => lead.locator('#team-h + * table, section[aria-labelledby="team-h"] table').first().textContent()).toContain(email);
    }
    await press(lead, 'Start testing');
    expect(await phaseOf(lead)).toBe('testing');

    // --- Testing: the auditor uploads the APK and runs the USSD tests from the engagement --------------------
    const auditor = await personAt(lab.users.auditor.email);
    await auditor.goto(engagementUrl);
    await expectAccessible(auditor);
    await auditor.getByLabel('APK or split-APK set of TestPay wallet').setInputFiles(apkPath('diff-v1.apk'));
    await auditor.getByRole('button', { name: 'Upload and scan' }).click();
    const v1Scan = await scanFinishes(auditor, engagementUrl);

    // The USSD service's target (where the gateway is, which test accounts), registered from its page.
    await auditor.getByRole('link', { name: 'add one' }).click();
    await expectAccessible(auditor);
    await auditor.getByLabel('Name').fill('Reference wallet (staging)');
    await auditor.getByLabel(/^Target file/).fill(targetFile(`${wallet.url}${wallet.paths.africastalking}`));
    await press(auditor, 'Register the target');
    await auditor.goto(engagementUrl);
    await auditor.getByRole('button', { name: 'Run tests on Reference wallet (staging)' }).click();
    const ussdRun = await scanFinishes(auditor, engagementUrl);
    const linked = await auditor.locator('section[aria-labelledby="scans-h"] tbody tr').count();
    expect(linked).toBe(2);
    expect(await auditor.locator('#plan-summary').textContent()).toMatch(/\d+ fail/);


    // Two manual tests, with evidence: a failure (a screenshot) and a pass (a traffic capture note).
    const manualRows = auditor.locator('section[aria-labelledby="plan-h"] tbody tr').filter({ has: auditor.getByRole('cell', { name: 'Manual', exact: true }) });
    const rowLinks: string[] = [];
    for (let i = 0; i < 2; i++) rowLinks.push((await manualRows.nth(i).getByRole('link').getAttribute('href'))!);
    await auditor.goto(rowLinks[0]!);
    await expectAccessible(auditor);
    const failedItem = (await auditor.getByRole('heading', { level: 1 }).textContent())!;
    await auditor.getByRole('radio', { name: 'Fail' }).check();
    await auditor.getByLabel('Notes').fill('The PIN screen can be captured: the app does not block screenshots on the PIN entry.');
    await auditor.getByLabel('Severity').selectOption('high');
    await auditor.getByLabel(/^App/).selectOption({ label: 'TestPay wallet (Android)' });
    await press(auditor, 'Record the result');
    await expect.poll(() => auditor.locator('main .result').first().textContent()).toBe('Fail');
    const screenshot = await auditor.screenshot();
    await auditor.getByLabel('Evidence files').setInputFiles([{ name: 'pin-screen.png', mimeType: 'image/png', buffer: screenshot }]);
    await press(auditor, 'Attach the files');
    expect(await auditor.locator('section[aria-labelledby="evidence-h"]').textContent()).toContain('pin-screen.png');

    await auditor.goto(rowLinks[1]!);
    await auditor.getByRole('radio', { name: 'Pass' }).check();
    await auditor.getByLabel('Notes').fill('Session ends after 5 minutes idle, as required.');
    await press(auditor, 'Record the result');
    await auditor.getByLabel('Evidence files').setInputFiles([{ name: 'idle-timeout.txt', mimeType: 'text/plain', buffer: Buffer.from('12:00:00 login\n12:05:01 session expired\n') }]);
    await press(auditor, 'Attach the files');
    expect(await auditor.locator('section[aria-labelledby="evidence-h"]').textContent()).toContain('idle-timeout.txt');

    // The rest of the manual tests were not done in this audit's time box: one reason for all.
    await auditor.goto(engagementUrl);
    await auditor.locator('section[aria-labelledby="plan-h"] details summary').click();
    await auditor.getByLabel(/^Reason/).fill('Out of this audit\'s time box; planned for the next cycle.');
    await auditor.getByRole('button', { name: /^Mark \d+ tests not tested$/ }).click();
    await auditor.waitForLoadState('load');
    const summary = (await auditor.locator('#plan-summary').textContent())!;
    const manualCount = Number(/(\d+) manual/.exec(summary)?.[1]);
    expect(summary).toContain(`${manualCount - 2} not tested`);
    expect(await auditor.locator('section[aria-labelledby="plan-h"] details').count()).toBe(0);

    // --- Reporting and review: the lead submits, the oversight reviewer asks for a change ----------------------
    await lead.goto(engagementUrl);
    await press(lead, 'Move to reporting');
    await press(lead, 'Submit for review');
    expect(await phaseOf(lead)).toBe('review');
    const reviewer = await personAt(lab.users.oversight.email);
    await reviewer.goto(engagementUrl);
    await expectAccessible(reviewer);
    await reviewer.getByRole('link', { name: 'Review', exact: true }).click();
    await expectAccessible(reviewer);
    await reviewer.getByLabel('About').selectOption({ label: failedItem.trim() });
    await reviewer.getByRole('textbox', { name: 'Comment', exact: true }).fill('A captured PIN gives the whole account: this is critical, not high.');
    await press(reviewer, 'Add the comment');
    await reviewer.getByLabel('What to change').fill('Raise the severity of the PIN-screen failure to critical.');
    await press(reviewer, 'Request changes');
    expect(await reviewer.locator('main').textContent()).toContain('Changes requested');

    // --- The fix: the auditor raises the severity; the lead submits again; the reviewer approves ---------------
    await lead.goto(engagementUrl);
    expect(await phaseOf(lead)).toBe('reporting');
    await lead.getByRole('link', { name: 'Review', exact: true }).click();
    expect(await lead.locator('main').textContent()).toContain('Raise the severity of the PIN-screen failure to critical.');
    await auditor.goto(rowLinks[0]!);
    expect(await auditor.locator('main').textContent()).toContain('A captured PIN gives the whole account');
    await auditor.getByLabel('Severity').selectOption('critical');
    await press(auditor, 'Record the result');
    await lead.goto(engagementUrl);
    await press(lead, 'Submit for review');
    await reviewer.goto(`${engagementUrl}/review`);
    await press(reviewer, 'Approve the report');
    expect(await reviewer.locator('main').textContent()).toContain('You approved this round');

    // --- Delivery ---------------------------------------------------------------------------------------------
    await lead.goto(engagementUrl);
    await press(lead, 'Deliver the report');
    expect(await phaseOf(lead)).toBe('delivered');
    await expectAccessible(lead);

    // --- Remediation: the provider answers a finding in their portal, with evidence of the fix -----------------
    const rep = await personAt(lab.users.provider.email);
    await rep.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Engagements', exact: true }).click();
    await rep.getByRole('link', { name: 'TestPay wallet and USSD audit 2026' }).click();
    await expectAccessible(rep);
    await rep.getByRole('link', { name: 'Findings to answer' }).click();
    await expectAccessible(rep);
    await rep.getByRole('link', { name: 'App is debuggable' }).click();
    await expectAccessible(rep);
    await rep.getByLabel('Remediation plan').fill('Release 1.1 is built without android:debuggable; it is in the store since Monday.');
    await rep.getByRole('checkbox', { name: /It is fixed/ }).check();
    await rep.getByLabel('Evidence files').setInputFiles([{ name: 'release-1.1-notes.txt', mimeType: 'text/plain', buffer: Buffer.from('1.1: release build, debuggable=false\n') }]);
    await press(rep, 'Send the answer');
    expect(await rep.locator('main').textContent()).toContain('Release 1.1 is built without android:debuggable');
    expect(await rep.locator('main').textContent()).toContain('release-1.1-notes.txt');
    await rep.goto(engagementUrl);
    expect(await phaseOf(rep)).toBe('remediation');

    // --- Retest: the auditor scans the fixed version from the engagement, and retests the manual failure -------
    await auditor.goto(engagementUrl);
    await auditor.getByLabel('APK or split-APK set of TestPay wallet').setInputFiles(apkPath('diff-v2.apk'));
    await auditor.getByRole('button', { name: 'Upload and scan' }).click();
    await scanFinishes(auditor, engagementUrl);
    await auditor.getByRole('link', { name: 'Findings and remediation' }).click();
    await expectAccessible(auditor);
    await auditor.getByRole('link', { name: 'App is debuggable' }).click();
    // The new version no longer has the weakness: its scan marked the finding fixed.
    expect(await statusOf(auditor)).toBe('Fixed');
    await auditor.goBack();
    const failedTitle = failedItem.split(' · ').slice(1).join(' · ').trim();
    await auditor.getByRole('link', { name: failedTitle, exact: true }).click();
    await expectAccessible(auditor);
    await auditor.getByRole('radio', { name: 'Fixed', exact: true }).check();
    await auditor.getByLabel('What the retest checked').fill('Release 1.1 blocks screenshots on the PIN screen (FLAG_SECURE), checked on a test device.');
    await press(auditor, 'Record the retest');
    expect(await statusOf(auditor)).toBe('Fixed');

    // --- Closing: the lead settles what the provider keeps as an accepted risk, then closes --------------------
    const open = (await (await lead.request.get(`/api/v1/engagements/${engagementId}/findings`)).json()) as { findings: Array<{ id: string; status: string }> };
    const unresolved = open.findings.filter((f) => ['open', 'confirmed', 'assigned'].includes(f.status));
    expect(unresolved.length).toBeGreaterThan(0);
    await lead.goto(engagementUrl);
    await press(lead, 'Close the engagement');
    expect(await lead.getByRole('alert').textContent()).toContain(`${unresolved.length} finding`);
    for (const f of unresolved) {
      await lead.goto(`/findings/${f.id}`);
      const form = lead.getByRole('form', { name: 'Accept the risk' });
      await form.getByLabel('Reason').fill('Resilience controls: the provider accepts the risk until the 2027 rebuild; the supervisor agreed.');
      await form.getByLabel(/^Accepted until/).fill(daysAhead(365));
      await form.getByRole('button', { name: 'Accept the risk' }).click();
      await lead.waitForLoadState('load');
    }
    await lead.goto(engagementUrl);
    await press(lead, 'Close the engagement');
    expect(await phaseOf(lead)).toBe('closed');
    await expectAccessible(lead);

    // The provider's copy of the report, from their engagement page.
    await rep.goto(engagementUrl);
    const [download] = await Promise.all([rep.waitForEvent('download'), rep.getByRole('link', { name: 'HTML', exact: true }).click()]);
    const report = readFileSync((await download.path())!, 'utf8');
    expect(report).toContain('TestPay wallet and USSD audit 2026');
    expect(report).toContain('Release 1.1 is built without android:debuggable');
    ctx.annotate(`engagement ${engagementId}: scans ${v1Scan}, ${ussdRun}`);
    expect(pageErrors).toEqual([]);
  }, 300_000);
});
