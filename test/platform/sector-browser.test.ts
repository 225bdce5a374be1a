/**
 * The sector work of a lab in a real browser (Debian's chromium through playwright-core), by clicking and
 * typing, each person in a browser of their own:
 *
 * - a compliance campaign: the lab's lead launches one for the mobile network operators against the mobile app
 *   baseline; the provider's representative answers every item with a justification, area by area, and submits;
 *   the lab's auditor accepts one answer and rejects another with a note; the representative revises it and
 *   submits again; the auditor accepts the rest; the lead finds the provider's row in the sector heatmap with the
 *   confirmed statuses counted;
 * - a resilience assessment: the lead starts one, fills the inherent-risk profile and answers two domains (one
 *   question not applicable, refused until it is justified); the overview shows the radar and the gap list with
 *   its recommendations; the lead submits it and the reviewer finalises it;
 * - advisories between three labs: lab A's lead publishes an AMBER advisory shared with peer lab B, and another
 *   for A's supervised provider with an acknowledgement deadline; B's user finds the first in the list and with
 *   the search box; C's user does not see it, gets no search hit, and gets "not found" on its page and its
 *   export; A's provider representative acknowledges the second, and A's lead sees the acknowledgement.
 *
 * Every page visited is checked for unlabelled controls and low contrast, and no page logs an error. Skips with a
 * message when no Chromium is installed; under CI (which installs it) a missing Chromium fails. The embedded
 * database only: the HTTP tests cover PostgreSQL.
 */
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { executablePath, LAPTOP, LAUNCH_ARGS, lowContrastText, NO_CHROMIUM, unlabelledControls } from './browser-helpers.js';
import { seedLab, type Lab } from './engagement-fixtures.js';
import { addOrg, addUser, PASSWORD, startTestPlatform, type TestPlatform } from './platform.js';

if (!executablePath && !process.env.CI) console.warn(NO_CHROMIUM);

const PROVIDER = 'Testland Mobile Money';

function daysAhead(n: number): string {
  return new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
}

/** The statuses a representative claims, in the order of the labels on the page, and the heatmap's words for them. */
const CLAIMS = [
  { status: 'compliant', label: 'Compliant', counted: 'compliant' },
  { status: 'partially', label: 'Partially compliant', counted: 'partially' },
  { status: 'non_compliant', label: 'Non-compliant', counted: 'non-compliant' },
  { status: 'not_applicable', label: 'Not applicable', counted: 'not applicable' },
] as const;
type Claim = (typeof CLAIMS)[number];

/** One person's browser, logged in through the login form, and the errors its pages logged. */
interface Session {
  personAt(email: string): Promise<Page>;
  pageErrors: string[];
  close(): Promise<void>;
}

describe('sector work in Chromium: campaigns, resilience and advisories', () => {
  let t: TestPlatform | undefined;
  let browser: Browser | undefined;
  let lab: Lab;

  beforeAll(async () => {
    if (!executablePath) return;
    t = await startTestPlatform('pglite', { worker: false });
    lab = await seedLab(t);
    browser = await chromium.launch({ executablePath, headless: true, args: LAUNCH_ARGS });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  /** Skips without Chromium (fails under CI), else a fresh set of browsers for the test. */
  const start = (ctx: TestContext): Session | undefined => {
    if (!executablePath) {
      if (process.env.CI) throw new Error('Chromium is not installed; run scripts/install-system-deps.sh (Debian package "chromium") or set CHROMIUM_PATH');
      ctx.skip(NO_CHROMIUM);
      return undefined;
    }
    const pageErrors: string[] = [];
    const contexts: BrowserContext[] = [];
    return {
      pageErrors,
      async personAt(email) {
        const context = await browser!.newContext({ baseURL: t!.url, viewport: LAPTOP });
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
      },
      async close() {
        for (const c of contexts) await c.close();
      },
    };
  };

  const expectAccessible = async (page: Page): Promise<void> => {
    expect(await unlabelledControls(page), `unlabelled controls on ${page.url()}`).toEqual([]);
    expect(await lowContrastText(page), `text below AA contrast on ${page.url()}`).toEqual([]);
  };
  /** Clicks a control that submits a form or follows a link, and waits for the next page to load. */
  const clickThrough = async (page: Page, control: Locator): Promise<void> => {
    await Promise.all([page.waitForEvent('framenavigated'), control.click()]);
    await page.waitForLoadState('load');
  };
  const press = (page: Page, name: string | RegExp): Promise<void> => clickThrough(page, page.getByRole('button', { name, exact: typeof name === 'string' }));
  const nav = (page: Page, name: string): Promise<void> => clickThrough(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }));
  const mainText = async (page: Page): Promise<string> => ((await page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');

  it('runs a campaign from its launch to the sector heatmap', async (ctx) => {
    const s = start(ctx);
    if (!s) return;
    const title = 'Operators 2026 self-assessment';

    // --- The lead launches the campaign ---------------------------------------------------------------------
    const lead = await s.personAt(lab.users.lead.email);
    await nav(lead, 'Campaigns');
    await expectAccessible(lead);
    await lead.getByLabel('Title').fill(title);
    await lead.getByLabel('Providers').selectOption({ label: 'Mobile network operators' });
    await lead.getByLabel('Profile').selectOption({ label: 'Mobile app baseline' });
    await lead.getByLabel('Deadline').fill(daysAhead(30));
    await press(lead, 'Launch the campaign');
    await lead.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    await expectAccessible(lead);
    const itemCount = Number(/profile Mobile app baseline \((\d+) items\)/.exec(await mainText(lead))?.[1]);
    expect(itemCount).toBeGreaterThan(3);
    const progress = lead.getByRole('row').filter({ hasText: PROVIDER });
    expect((await progress.locator('td').allTextContents()).slice(0, 2).map((x) => x.replace(/\s+/g, ' ').trim())).toEqual(['Invited', `0 of ${itemCount}`]);

    // --- The provider's representative answers every item, area by area, and submits -------------------------
    const rep = await s.personAt(lab.users.provider.email);
    await nav(rep, 'Campaigns');
    await expectAccessible(rep);
    await clickThrough(rep, rep.getByRole('link', { name: title }));
    await expectAccessible(rep);
    const claimed = new Map<string, Claim>();
    const areaForms = (): Locator => rep.locator('form').filter({ has: rep.locator('input[name="area"]') });
    const areas = await areaForms().count();
    expect(areas).toBeGreaterThan(0);
    for (let a = 0; a < areas; a++) {
      const form = areaForms().nth(a);
      const items = form.locator('fieldset[id^="item-"]');
      const n = await items.count();
      for (let i = 0; i < n; i++) {
        const item = items.nth(i);
        const id = (await item.getAttribute('id'))!.slice('item-'.length);
        const claim = CLAIMS[claimed.size % CLAIMS.length]!;
        claimed.set(id, claim);
        await item.getByRole('radio', { name: claim.label, exact: true }).check();
        await item.getByRole('textbox', { name: /^Justification for/ }).fill(`Our control for ${id}: ${claim.label.toLowerCase()} in release 4.2`);
      }
      await clickThrough(rep, form.getByRole('button', { name: /^Save the answers of/ }));
    }
    expect(claimed.size).toBe(itemCount);
    expect(await mainText(rep)).toContain(`${itemCount} of ${itemCount} answered`);
    await press(rep, 'Submit to the lab');
    expect(await mainText(rep)).toContain('Submitted to the lab: the answers are read-only');
    await expectAccessible(rep);

    // --- The auditor accepts one answer and rejects another ------------------------------------------------
    const ids = [...claimed.keys()];
    const acceptedFirst = ids[1]!;
    const rejected = ids.find((id) => claimed.get(id)!.status === 'compliant')!;
    const auditor = await s.personAt(lab.users.auditor.email);
    await nav(auditor, 'Campaigns');
    await clickThrough(auditor, auditor.getByRole('link', { name: title }));
    await expectAccessible(auditor);
    await clickThrough(auditor, auditor.getByRole('link', { name: PROVIDER, exact: true }));
    await expectAccessible(auditor);
    await press(auditor, `Accept the answer of ${acceptedFirst}`);
    const rejectedRow = auditor.locator(`tr#item-${rejected}`);
    await rejectedRow.getByText(`Reject ${rejected}`, { exact: true }).click();
    await expectAccessible(auditor);
    await rejectedRow.getByLabel(`What the provider should revise in ${rejected}`).fill('Name the document that shows the control on every release.');
    await clickThrough(auditor, rejectedRow.getByRole('button', { name: 'Reject and return to the provider' }));
    expect(await mainText(auditor)).toContain('Returned to the provider');

    // --- The representative revises the rejected answer and submits again -----------------------------------
    await rep.reload();
    expect(await mainText(rep)).toContain('Name the document that shows the control on every release.');
    const fix = rep.locator(`fieldset#item-${rejected}`);
    expect(await fix.textContent()).toContain('Rejected: to revise');
    await fix.getByRole('radio', { name: 'Partially compliant', exact: true }).check();
    await fix.getByRole('textbox', { name: /^Justification for/ }).fill('Two of our three apps block screenshots; the third follows in release 4.3.');
    await fix.getByRole('textbox', { name: /^Evidence for/ }).fill('Security policy v3, section 4');
    claimed.set(rejected, CLAIMS[1]);
    await clickThrough(rep, rep.locator('form').filter({ has: fix }).getByRole('button', { name: /^Save the answers of/ }));
    await expectAccessible(rep);
    await press(rep, 'Submit to the lab');
    expect(await mainText(rep)).toContain('Submitted to the lab: the answers are read-only');

    // --- The auditor accepts the rest: validated --------------------------------------------------------------
    await auditor.reload();
    await press(auditor, 'Accept all the answers awaiting the lab');
    expect(await mainText(auditor)).toContain(`${itemCount} of ${itemCount} answered, ${itemCount} accepted`);
    expect(await auditor.locator('main .status').first().textContent()).toBe('Validated');
    await rep.reload();
    expect(await mainText(rep)).toContain('Validated: the lab accepted every answer');

    // --- The lead finds the provider in the sector heatmap, with the confirmed statuses counted ----------------
    await nav(lead, 'Compliance');
    await expectAccessible(lead);
    await lead.getByLabel('Provider kind').selectOption({ label: 'Mobile network operators' });
    await press(lead, 'Show');
    await expectAccessible(lead);
    const heatmap = lead.locator('table.heatmap');
    // The App area is the first column: every item of the profile is one of its items.
    const appHeader = ((await heatmap.locator('thead th').nth(1).textContent()) ?? '').replace(/\s+/g, ' ');
    const appItems = Number(/\((\d+) items\)/.exec(appHeader)?.[1]);
    expect(appItems).toBeGreaterThanOrEqual(itemCount);
    const count = (c: Claim['status']): number => [...claimed.values()].filter((x) => x.status === c).length;
    const judged = count('compliant') + count('partially') + count('non_compliant');
    const percent = Math.floor(((count('compliant') + count('partially') / 2) / judged) * 100 + 1e-9);
    const words = [...CLAIMS.map((c) => [count(c.status), c.counted] as const), [appItems - itemCount, 'not assessed'] as const]
      .filter(([n]) => n > 0)
      .map(([n, w]) => `${n} ${w}`)
      .join(' · ');
    const row = heatmap.getByRole('row').filter({ has: lead.getByRole('rowheader', { name: PROVIDER }) });
    const appCell = ((await row.locator('td').first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
    expect(appCell).toBe(`${percent}% ${words}`);
    ctx.annotate(`${PROVIDER}, App: ${appCell}`);
    expect(((await row.locator('td').last().textContent()) ?? '').replace(/\s+/g, ' ')).toContain(`${count('compliant')} compliant · ${count('partially')} partially`);

    expect(s.pageErrors).toEqual([]);
    await s.close();
  }, 150_000);

  it('takes a resilience assessment from the risk profile to the radar, the gap list and the final review', async (ctx) => {
    const s = start(ctx);
    if (!s) return;
    const title = 'Mobile money platform 2026';

    // --- The lead starts the assessment and fills the inherent-risk profile ---------------------------------
    const lead = await s.personAt(lab.users.lead.email);
    await nav(lead, 'Resilience');
    await expectAccessible(lead);
    await lead.getByLabel('Assessed institution').selectOption({ label: `${PROVIDER} (mobile network operator)` });
    await lead.getByLabel('Questionnaire').selectOption({ index: 0 });
    await lead.getByLabel('Title').fill(title);
    await lead.getByLabel('Period').fill('2026');
    await lead.getByLabel(/^Reviewer/).selectOption({ label: 'reviewer user (Reviewer)' });
    await press(lead, 'Start the assessment');
    await lead.waitForURL(/\/resilience\/[0-9a-f-]{36}\/profile$/);
    const overviewUrl = new URL(lead.url()).pathname.replace(/\/profile$/, '');
    await expectAccessible(lead);
    expect(await mainText(lead)).toContain('Inherent risk level 5 of 5 (assumed until the profile is answered)');
    const choose = async (question: string, choice: string): Promise<void> => lead.locator(`fieldset#p-${question}`).getByLabel(choice, { exact: true }).check();
    await choose('RP-CHANNELS', 'USSD or SIM toolkit menus carried by a mobile network operator');
    await choose('RP-CHANNELS', 'A smartphone app talking to your back end over the internet');
    await choose('RP-VOLUME', 'One to ten million');
    await choose('RP-ACCOUNTS', 'One hundred thousand to one million');
    await choose('RP-SYSTEMIC', 'One of several comparable services');
    await press(lead, 'Save the risk profile');
    expect(await lead.getByRole('status').textContent()).toContain('The risk profile is saved.');
    const level = Number(/Inherent risk level (\d) of 5 \(weighted mean/.exec(await mainText(lead))?.[1]);
    expect(level).toBeGreaterThanOrEqual(1);
    expect(level).toBeLessThan(5);
    await expectAccessible(lead);

    // --- Two domains answered; "not applicable" is refused until it is justified ------------------------------
    await clickThrough(lead, lead.getByRole('link', { name: 'Back to the assessment' }));
    // The domains are listed in the table of scores (and again under the unanswered questions).
    await clickThrough(lead, lead.getByRole('table', { name: /^Maturity per domain/ }).getByRole('link', { name: 'Strategy and board oversight' }));
    await expectAccessible(lead);
    const answer = async (question: string, label: string): Promise<void> => lead.locator(`fieldset#q-${question}`).getByRole('radio', { name: label, exact: true }).check();
    await answer('GOV-STRATEGY-1', 'Fully implemented');
    await lead.locator('fieldset#q-GOV-STRATEGY-1').getByLabel('Evidence (one reference per line)').fill('board-minutes-2026-02.pdf\nciso-appointment.pdf');
    await answer('GOV-STRATEGY-2', 'Partially implemented');
    await answer('GOV-STRATEGY-3', 'Not applicable');
    await answer('GOV-STRATEGY-4', 'Not implemented');
    await press(lead, 'Save your answers');
    const refused = lead.locator('fieldset#q-GOV-STRATEGY-3').getByRole('alert');
    expect(await refused.textContent()).toContain('"not applicable" needs a justification');
    await expectAccessible(lead);
    // What was chosen is still there: only the justification is missing.
    expect(await lead.locator('fieldset#q-GOV-STRATEGY-2').getByRole('radio', { name: 'Partially implemented', exact: true }).isChecked()).toBe(true);
    await lead.locator('fieldset#q-GOV-STRATEGY-3').getByLabel(/^Justification/).fill('The platform runs under the group strategy; the group board sets the tolerances.');
    await press(lead, 'Save your answers');
    expect(await lead.getByRole('alert').count()).toBe(0);
    expect(await lead.locator('fieldset#q-GOV-STRATEGY-3').textContent()).toContain('Justification: The platform runs under the group strategy');
    await clickThrough(lead, lead.getByRole('link', { name: 'Next domain' }));
    await expectAccessible(lead);
    await answer('GOV-COORDINATION-1', 'Largely implemented');
    await answer('GOV-COORDINATION-2', 'Not implemented');
    await press(lead, 'Save your answers');
    expect(await lead.locator('fieldset#q-GOV-COORDINATION-1').textContent()).toContain('Merged answer: Largely implemented');

    // --- The overview: the radar chart and the gap list with its recommendations ------------------------------
    await clickThrough(lead, lead.getByRole('link', { name: 'Back to the assessment' }));
    await expectAccessible(lead);
    const radar = lead.locator('section[aria-labelledby="radar-h"] svg[role="img"]');
    await expect.poll(() => radar.count()).toBe(1);
    expect(await radar.locator('title').textContent()).toBe('Cyber resilience of DFS critical infrastructure: maturity per domain');
    const radarName = (await radar.getAttribute('aria-labelledby'))!.split(' ')[0]!;
    expect(await lead.locator(`[id="${radarName}"]`).textContent()).toContain('maturity per domain');
    expect(await lead.getByRole('img', { name: /maturity per domain/ }).count()).toBeGreaterThanOrEqual(1);
    const gaps = lead.getByRole('table', { name: 'Gap list' });
    const gapRows = gaps.locator('tbody tr');
    expect(await gapRows.count()).toBeGreaterThanOrEqual(1);
    const strategyGap = gapRows.filter({ hasText: 'GOV-STRATEGY-2' });
    expect(((await strategyGap.textContent()) ?? '').replace(/\s+/g, ' ')).toContain(
      'Write a cyber-resilience strategy that lists the critical services and the objectives for each, and have the board approve it.',
    );
    expect(await gapRows.filter({ hasText: 'GOV-COORDINATION-2' }).count()).toBe(1);
    // The justified "not applicable" is no gap.
    expect(await gapRows.filter({ hasText: 'GOV-STRATEGY-3' }).count()).toBe(0);

    // --- Submitted by the lead, finalised by the reviewer ------------------------------------------------------
    await press(lead, 'Submit for review');
    expect(await lead.locator('main dl .status').textContent()).toBe('In review');
    const reviewer = await s.personAt(lab.users.reviewer.email);
    await nav(reviewer, 'Resilience');
    await expectAccessible(reviewer);
    await clickThrough(reviewer, reviewer.getByRole('link', { name: title }));
    await expectAccessible(reviewer);
    await reviewer.getByLabel(/^Review note/).fill('Checked against the board minutes.');
    await press(reviewer, 'Finalise');
    expect(await mainText(reviewer)).toContain('This assessment is final');
    await lead.goto(overviewUrl);
    expect(await mainText(lead)).toContain('finalised it; the score is frozen');
    expect(await lead.getByRole('button', { name: 'Submit for review' }).count()).toBe(0);

    expect(s.pageErrors).toEqual([]);
    await s.close();
  }, 120_000);

  it('shares an AMBER advisory with one peer lab only, and has a supervised provider acknowledge another', async (ctx) => {
    const s = start(ctx);
    if (!s) return;
    const peerLab = await addOrg(t!, 'Peer lab B (Kenya DFS Lab)');
    const thirdLab = await addOrg(t!, 'Third lab C (Ghana DFS Lab)');
    const peer = await addUser(t!, peerLab, 'auditor');
    const third = await addUser(t!, thirdLab, 'lead');
    const amberTitle = 'Agent float skimming through cloned SIM toolkit menus';
    const providerTitle = 'Patch the PIN reset flow of the USSD menu before the holidays';

    // --- Lab A's lead publishes the AMBER advisory for peer lab B -----------------------------------------------
    const lead = await s.personAt(lab.users.lead.email);
    await nav(lead, 'Advisories');
    await expectAccessible(lead);
    await clickThrough(lead, lead.getByRole('link', { name: 'Write an advisory' }));
    await expectAccessible(lead);
    await lead.getByLabel('Title', { exact: true }).fill(amberTitle);
    await lead.getByLabel('Channel').selectOption({ label: 'USSD' });
    await lead.getByLabel('Severity').selectOption('high');
    await lead.getByLabel(/^Summary/).fill('Fraudsters clone the **SIM toolkit** menu of agents and skim their float with forged cash-out requests.');
    await lead.getByLabel(/^Indicators/).fill('- Cash-out requests from agents outside their registered cell\n- Menu version string `STK 3.1-x`');
    await lead.getByLabel(/^Recommended controls/).fill('USSD-03, SIM-01');
    await lead.getByRole('radio', { name: /^TLP:AMBER —/ }).check();
    await lead.getByRole('radio', { name: /^Named peer labs/ }).check();
    await lead.getByLabel(/^Peer labs/).selectOption({ label: 'Peer lab B (Kenya DFS Lab)' });
    await press(lead, 'Publish the advisory');
    await lead.waitForURL(/\/advisories\/[0-9a-f-]{36}$/);
    const amberUrl = new URL(lead.url()).pathname;
    const amberId = amberUrl.split('/').pop()!;
    expect(await lead.getByRole('note').textContent()).toContain('TLP:AMBER — limited to the organisations named');
    await expectAccessible(lead);

    // --- ... and one for its supervised provider, to acknowledge by a deadline ---------------------------------
    await nav(lead, 'Advisories');
    await clickThrough(lead, lead.getByRole('link', { name: 'Write an advisory' }));
    await lead.getByLabel('Title', { exact: true }).fill(providerTitle);
    await lead.getByLabel('Channel').selectOption({ label: 'USSD' });
    await lead.getByLabel('Severity').selectOption('critical');
    await lead.getByLabel(/^Summary/).fill('The PIN reset menu accepts the old PIN as the answer to the security question. Fix it and acknowledge this advisory.');
    await lead.getByRole('radio', { name: /^TLP:AMBER —/ }).check();
    await lead.getByRole('radio', { name: /^Your supervised providers/ }).check();
    await lead.getByLabel(/^Providers \(for/).selectOption({ label: PROVIDER });
    await lead.getByLabel(/^Acknowledge by/).fill(daysAhead(14));
    await press(lead, 'Publish the advisory');
    await lead.waitForURL(/\/advisories\/[0-9a-f-]{36}$/);
    const providerUrl = new URL(lead.url()).pathname;
    const acknowledgements = lead.getByRole('table', { name: 'The providers in scope and their acknowledgements' });
    expect(((await acknowledgements.getByRole('row').filter({ hasText: PROVIDER }).textContent()) ?? '').replace(/\s+/g, ' ')).toContain('Waiting');
    await expectAccessible(lead);

    // --- Peer lab B sees the AMBER advisory, opens it, and finds it with the search box ------------------------
    const b = await s.personAt(peer.email);
    await nav(b, 'Advisories');
    await expectAccessible(b);
    expect(await b.getByRole('link', { name: amberTitle }).count()).toBe(1);
    expect(await b.getByRole('link', { name: providerTitle }).count()).toBe(0);
    await clickThrough(b, b.getByRole('link', { name: amberTitle }));
    await expectAccessible(b);
    expect(await b.getByRole('note').textContent()).toContain('TLP:AMBER');
    expect(await mainText(b)).toContain('skim their float with forged cash-out requests');
    await nav(b, 'Advisories');
    await b.getByRole('searchbox', { name: 'Search advisories' }).fill('skimming agents float');
    await press(b, 'Search');
    await expectAccessible(b);
    expect(await b.getByRole('table', { name: 'Advisories matching "skimming agents float"' }).getByRole('link', { name: amberTitle }).count()).toBe(1);

    // --- Third lab C: not in the list, no search hit, "not found" on the page and the export --------------------
    const c = await s.personAt(third.email);
    await nav(c, 'Advisories');
    await expectAccessible(c);
    expect(await mainText(c)).not.toContain(amberTitle);
    await c.getByRole('searchbox', { name: 'Search advisories' }).fill('skimming agents float');
    await press(c, 'Search');
    await expectAccessible(c);
    expect(await c.getByRole('status').textContent()).toBe('No advisory you can read matches.');
    expect(await mainText(c)).not.toContain(amberTitle);
    const page404 = await c.goto(amberUrl);
    expect(page404?.status()).toBe(404);
    expect(await mainText(c)).not.toContain(amberTitle);
    await expectAccessible(c);
    for (const format of ['json', 'markdown', 'csv']) {
      const exported = await c.request.get(`/api/v1/advisories/${amberId}/export?format=${format}`);
      expect(exported.status(), format).toBe(404);
      expect(await exported.text()).not.toContain('skim');
    }
    // B, for comparison, may export it.
    const bExport = await b.request.get(`/api/v1/advisories/${amberId}/export?format=json`);
    expect(bExport.status()).toBe(200);
    expect(await bExport.text()).toContain(amberTitle);

    // --- A's provider acknowledges the provider-scoped advisory; A's lead sees it ----------------------------------
    const rep = await s.personAt(lab.users.provider.email);
    await nav(rep, 'Advisories');
    await expectAccessible(rep);
    expect(await rep.getByRole('link', { name: amberTitle }).count()).toBe(0);
    await clickThrough(rep, rep.getByRole('link', { name: providerTitle }));
    await expectAccessible(rep);
    await rep.getByLabel(/^Note to the lab/).fill('Fixed in menu release 7.2, live since this morning.');
    await press(rep, 'Acknowledge');
    expect(await rep.locator('#acknowledgements').getByRole('status').textContent()).toContain('Your organisation acknowledged it on');
    expect(await rep.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    await expectAccessible(rep);

    await lead.goto(providerUrl);
    const acked = ((await acknowledgements.getByRole('row').filter({ hasText: PROVIDER }).textContent()) ?? '').replace(/\s+/g, ' ');
    expect(acked).toContain('Acknowledged');
    expect(acked).toContain('Fixed in menu release 7.2, live since this morning.');
    expect(acked).not.toContain('(late)');
    await expectAccessible(lead);

    expect(s.pageErrors).toEqual([]);
    await s.close();
  }, 120_000);
});
