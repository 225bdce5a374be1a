/**
 * The lab platform in a real browser (Debian's chromium through playwright-core), one whole journey by clicking
 * and typing: the first administrator sets the lab up through the setup link, invites an auditor (who sets a
 * password in a fresh browser), registers a provider and its app, the auditor uploads a shared-corpus APK
 * (the vulnerable fixture wallet when ../shared/corpus is absent) and watches the progress box until the
 * findings appear, triages two findings, the administrator releases one to the provider with a due date and
 * downloads the HTML report, then a provider representative — invited, and logged in with the keyboard only —
 * sees exactly the released finding and none of the lab's pages. Along the way: every form control of the main
 * pages has an accessible name, and at a tablet width (768 px) no main page is wider than the window.
 *
 * Skips with a message when no Chromium is installed; under CI (which installs it) a missing Chromium fails.
 * The embedded database only: the HTTP tests cover PostgreSQL.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { detectApp } from '../../src/platform/services/uploads.js';
import { corpusDir, repoRoot } from '../corpus.js';
import { executablePath, focused, LAPTOP, LAUNCH_ARGS, lowContrastText, NO_CHROMIUM, overflow, TABLET, unlabelledControls } from './browser-helpers.js';
import { PASSWORD, startTestPlatform, type TestPlatform } from './platform.js';

if (!executablePath && !process.env.CI) console.warn(NO_CHROMIUM);

/** The APK to upload: InsecureBankv2 (a banking app) from the shared corpus, else its smallest APK, else the fixture. */
function sampleApk(): { path: string; packageName: string; source: string } {
  const dir = corpusDir();
  let path = join(repoRoot, 'fixtures', 'android', 'build', 'vulnerable-wallet.apk');
  let source = 'fixture (shared corpus not found)';
  if (dir) {
    const apks = readdirSync(dir)
      .filter((n) => n.endsWith('.apk'))
      .sort((a, b) => statSync(join(dir, a)).size - statSync(join(dir, b)).size);
    const chosen = apks.find((n) => n === 'InsecureBankv2.apk') ?? apks[0];
    if (chosen) {
      path = join(dir, chosen);
      source = 'shared corpus';
    }
  }
  return { path, packageName: detectApp(readFileSync(path), basename(path)).identifier, source };
}

/** The finding ids linked from the findings table of the page. */
async function findingIdsListed(page: Page): Promise<string[]> {
  const hrefs = await page.locator('table a[href^="/findings/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  return [...new Set(hrefs.map((h) => h.replace('/findings/', '')))].sort();
}

function daysAhead(n: number): string {
  return new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
}

describe('the lab platform in Chromium', () => {
  let t: TestPlatform | undefined;
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('sets up a lab, scans an APK, triages, releases a finding and shows it to the provider only', async (ctx) => {
    if (!executablePath) {
      // CI installs chromium (scripts/install-system-deps.sh): there, a missing one is a failure, not a skip.
      if (process.env.CI) throw new Error('Chromium is not installed; run scripts/install-system-deps.sh (Debian package "chromium") or set CHROMIUM_PATH');
      ctx.skip(NO_CHROMIUM);
      return;
    }
    const apk = sampleApk();
    t = await startTestPlatform('pglite');
    browser = await chromium.launch({ executablePath, headless: true, args: LAUNCH_ARGS });
    const pageErrors: string[] = [];
    const open = async (viewport = LAPTOP): Promise<{ context: BrowserContext; page: Page }> => {
      const context = await browser!.newContext({ baseURL: t!.url, viewport, acceptDownloads: true });
      const page = await context.newPage();
      page.on('pageerror', (e) => pageErrors.push(e.message));
      // A blocked inline script or style (the CSP) shows up as a console error; refused pages are expected.
      page.on('console', (m) => {
        if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) pageErrors.push(m.text());
      });
      return { context, page };
    };
    const expectAccessible = async (page: Page): Promise<void> => {
      expect(await unlabelledControls(page), `unlabelled controls on ${page.url()}`).toEqual([]);
      expect(await lowContrastText(page), `text below AA contrast on ${page.url()}`).toEqual([]);
    };
    const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });

    // --- The first administrator, through the setup link the server printed ---------------------------------
    const { page: admin } = await open();
    await admin.goto(t.p.setupUrl!);
    await expectAccessible(admin);
    await admin.getByLabel('Lab name').fill('Bank of Testland DFS Lab');
    await admin.getByLabel('Country').fill('Testland');
    await admin.getByLabel('Your name').fill('Ada Admin');
    await admin.getByLabel('E-mail').fill('ada@lab.test');
    await admin.getByLabel(/^Password/).fill(PASSWORD);
    await admin.getByRole('button', { name: 'Create the lab' }).click();
    await expect.poll(() => new URL(admin.url()).pathname).toBe('/');
    await expect.poll(() => admin.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard');
    await expectAccessible(admin);

    // The skip link is the first stop of the keyboard and moves focus to the page's content.
    await admin.keyboard.press('Tab');
    expect((await focused(admin)).text).toBe('Skip to content');
    await admin.keyboard.press('Enter');
    expect((await focused(admin)).id).toBe('main');

    // --- An auditor, invited from the users page, sets a password in a browser of their own -----------------
    await nav(admin, 'Users').click();
    await expectAccessible(admin);
    await admin.getByLabel('E-mail').fill('ann@lab.test');
    await admin.getByLabel('Name', { exact: true }).fill('Ann Auditor');
    await admin.getByLabel('Role').selectOption({ label: 'Auditor' });
    await admin.getByRole('button', { name: 'Invite' }).click();
    const auditorLink = await admin.getByLabel('Invitation link').inputValue();
    expect(auditorLink).toMatch(/\/invite\?token=/);

    const { page: auditor } = await open();
    await auditor.goto(auditorLink);
    await expectAccessible(auditor);
    await auditor.getByLabel('Password (at least 12 characters)').fill(PASSWORD);
    await auditor.getByLabel('The same password again').fill(PASSWORD);
    await auditor.getByRole('button', { name: 'Set my password' }).click();
    await expect.poll(() => new URL(auditor.url()).pathname).toBe('/');
    await expect.poll(() => auditor.locator('header .me').textContent()).toBe('Ann Auditor');

    // --- The administrator registers the provider and its app -------------------------------------------
    await nav(admin, 'Providers').click();
    await expectAccessible(admin);
    await admin.getByLabel('Name', { exact: true }).fill('MobiCash');
    await admin.getByLabel('Kind').selectOption({ label: 'Mobile network operator' });
    await admin.getByLabel('Country').fill('Testland');
    await admin.getByRole('button', { name: 'Add provider' }).click();
    await expect.poll(() => admin.getByRole('heading', { level: 1 }).textContent()).toBe('MobiCash');
    const providerUrl = new URL(admin.url()).pathname;
    await expectAccessible(admin);
    await admin.getByLabel('Name', { exact: true }).fill('MobiCash Wallet');
    await admin.getByLabel('Platform').selectOption({ label: 'Android' });
    await admin.getByLabel(/^Identifier/).fill(apk.packageName);
    await admin.getByRole('button', { name: 'Add app' }).click();
    await expect.poll(() => admin.getByRole('heading', { level: 1 }).textContent()).toBe('MobiCash Wallet');
    const appUrl = new URL(admin.url()).pathname;
    await expectAccessible(admin);

    // --- The auditor uploads the APK from the app page and watches the scan -------------------------------
    await nav(auditor, 'Providers').click();
    await auditor.getByRole('link', { name: 'MobiCash', exact: true }).click();
    await auditor.getByRole('link', { name: 'MobiCash Wallet' }).click();
    expect(new URL(auditor.url()).pathname).toBe(appUrl);
    await auditor.getByLabel(/APK or split-APK set/).setInputFiles(apk.path);
    await auditor.getByRole('button', { name: 'Upload and scan' }).click();
    await auditor.waitForURL(/\/scans\/[0-9a-f-]{36}$/);
    const scanUrl = new URL(auditor.url()).pathname;
    // The progress box, as htmx refreshes it, until the page reloads with the findings.
    const seen: string[] = [];
    const box = auditor.locator('#scan-progress');
    expect(await box.getAttribute('role')).toBe('status');
    const firstPolls = (await box.getAttribute('hx-get')) !== null;
    for (const until = Date.now() + 120_000; ; ) {
      const status = (await box.locator('.status').first().textContent({ timeout: 5_000 }).catch(() => null))?.trim();
      if (status && seen.at(-1) !== status) seen.push(status);
      if (status === 'Done' && (await auditor.getByRole('heading', { name: 'Findings', exact: true }).count())) break;
      if (status === 'Failed' || Date.now() > until) throw new Error(`the scan ended ${status ?? 'unseen'}; statuses seen: ${seen.join(' → ')}`);
      await auditor.waitForTimeout(100);
    }
    // Straight to done (the scan finished before the page was drawn), or queued/running first while polling.
    expect(['Queued', 'Running', 'Done']).toContain(seen[0]);
    if (seen[0] !== 'Done') expect(firstPolls).toBe(true);
    expect(seen.at(-1)).toBe('Done');
    expect(await box.getAttribute('hx-get')).toBeNull();
    const scanFindings = await findingIdsListed(auditor);
    expect(scanFindings.length).toBeGreaterThan(2);
    await expectAccessible(auditor);

    // --- Triage: the auditor confirms one finding and marks another a false positive ---------------------
    const rows = auditor.locator('table a[href^="/findings/"]');
    const released = (await rows.nth(0).getAttribute('href'))!.replace('/findings/', '');
    const falsePositive = (await rows.nth(1).getAttribute('href'))!.replace('/findings/', '');
    await rows.nth(0).click();
    await expectAccessible(auditor);
    await auditor.getByRole('button', { name: 'Confirm', exact: true }).click();
    await expect.poll(() => auditor.locator('main .status').first().textContent()).toBe('Confirmed');
    await auditor.goto(scanUrl);
    await auditor.locator(`table a[href="/findings/${falsePositive}"]`).click();
    const fpForm = auditor.getByRole('form', { name: 'Mark false positive' });
    await fpForm.getByLabel('Reason').fill('Only in the instrumentation test build, which is never shipped.');
    await fpForm.getByRole('button', { name: 'Mark false positive' }).click();
    await expect.poll(() => auditor.locator('main .status').first().textContent()).toBe('False positive');
    expect(await auditor.locator('main').textContent()).toContain('Only in the instrumentation test build');

    // --- The administrator releases the confirmed one to the provider, with a due date -------------------
    await nav(admin, 'Findings').click();
    await expectAccessible(admin);
    await admin.locator(`table a[href="/findings/${released}"]`).click();
    const due = daysAhead(45);
    const releaseForm = admin.getByRole('form', { name: 'Release to the provider' });
    await releaseForm.getByLabel(/^Due date/).fill(due);
    await releaseForm.getByRole('button', { name: 'Release to the provider' }).click();
    await expect.poll(() => admin.locator('main .status').first().textContent()).toBe('Assigned to provider');
    expect(await admin.locator('main .card dl').first().textContent()).toContain(due);

    // --- The HTML report, through the download link of the scan page -------------------------------------
    await admin.goto(scanUrl);
    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('link', { name: 'HTML report' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.html$/);
    const report = readFileSync((await download.path())!, 'utf8');
    expect(report).toMatch(/^<!doctype html>/i);
    expect(report).toContain(apk.packageName);

    // --- A provider representative: invited, then logged in with the keyboard only -----------------------
    await nav(admin, 'Users').click();
    await admin.getByLabel('E-mail').fill('rep@mobicash.test');
    await admin.getByLabel('Name', { exact: true }).fill('Pat Provider');
    await admin.getByLabel('Role').selectOption({ label: 'Provider representative' });
    await admin.getByLabel(/^Provider/).selectOption({ label: 'MobiCash' });
    await admin.getByRole('button', { name: 'Invite' }).click();
    const repLink = await admin.getByLabel('Invitation link').inputValue();
    const { context: inviteContext, page: invited } = await open();
    await invited.goto(repLink);
    await invited.getByLabel('Password (at least 12 characters)').fill(PASSWORD);
    await invited.getByLabel('The same password again').fill(PASSWORD);
    await invited.getByRole('button', { name: 'Set my password' }).click();
    await expect.poll(() => new URL(invited.url()).pathname).toBe('/');
    await inviteContext.close();

    const { page: rep } = await open();
    await rep.goto('/login');
    await expectAccessible(rep);
    const focusedName = async () => (await focused(rep)).name;
    for (let i = 0; i < 6 && (await focusedName()) !== 'email'; i++) await rep.keyboard.press('Tab');
    expect(await focusedName()).toBe('email');
    await rep.keyboard.type('rep@mobicash.test');
    await rep.keyboard.press('Tab');
    expect(await focusedName()).toBe('password');
    await rep.keyboard.type(PASSWORD);
    await rep.keyboard.press('Enter');
    await expect.poll(() => new URL(rep.url()).pathname).toBe('/');
    await expect.poll(() => rep.getByRole('heading', { level: 1 }).textContent()).toBe('Findings released to you');

    // Their navigation: their findings, their account and API tokens; none of the lab's own pages.
    const repNav = await rep.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    expect(repNav).toEqual(['Dashboard', 'Engagements', 'Scans', 'Findings', 'Campaigns', 'Advisories', 'Library', 'Notifications', 'API tokens', 'Your account']);
    await nav(rep, 'Findings').click();
    await expectAccessible(rep);
    expect(await findingIdsListed(rep)).toEqual([released]);
    await rep.goto(scanUrl);
    expect(await findingIdsListed(rep)).toEqual([released]);
    expect((await rep.goto(`/findings/${falsePositive}`))!.status()).toBe(404);
    for (const path of ['/users', '/settings', '/audit']) {
      expect((await rep.goto(path))!.status(), path).toBe(403);
    }
    for (const path of ['/account', '/settings/tokens']) {
      expect((await rep.goto(path))!.status(), path).toBe(200);
      await expectAccessible(rep);
    }

    // --- Every main page at a tablet's width: nothing wider than the window, every control named ----------
    await admin.setViewportSize(TABLET);
    const mainPages = ['/', '/providers', providerUrl, appUrl, '/scans', scanUrl, '/findings', `/findings/${released}`, '/users', '/settings', '/settings/tokens', '/audit', '/account'];
    for (const path of mainPages) {
      expect((await admin.goto(path))!.status(), path).toBe(200);
      expect(await overflow(admin), `${path} is wider than a tablet`).toBe(0);
      await expectAccessible(admin);
    }
    await rep.setViewportSize(TABLET);
    for (const path of ['/', '/findings', `/findings/${released}`, scanUrl]) {
      await rep.goto(path);
      expect(await overflow(rep), `${path} (provider) is wider than a tablet`).toBe(0);
    }

    expect(pageErrors).toEqual([]);
    ctx.annotate(`uploaded ${basename(apk.path)} (${apk.source}); statuses seen: ${seen.join(' → ')}`);
  }, 240_000);
});
