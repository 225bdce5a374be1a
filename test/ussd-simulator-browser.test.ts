/**
 * `dfslab ussd simulate` in a real browser (Debian's chromium through playwright-core) against the reference
 * wallet (examples/ussd-wallet, hardened profile, over its lab TLS certificate): a tester's balance check,
 * done by clicking the phone. Skips with a message when no Chromium is installed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNTS, startWallet, type WalletServer } from '../examples/ussd-wallet/src/index.js';
import { chromiumPath } from './chromium.js';
import { startSimulator, type SimulatorServer } from '../src/ussd/simulator/server.js';
import { connectTarget, loadTarget } from '../src/ussd/target.js';
import { repoRoot } from './corpus.js';


const executablePath = chromiumPath();
if (!executablePath) console.warn('USSD simulator browser test skipped: no Chromium found (install Debian\'s "chromium" package or set CHROMIUM_PATH)');

const SERVICE_CODE = '*384*12#';
const GATEWAY_KEY = 'sim-browser-test-gateway-key';
const SUBSCRIBERS = DEFAULT_ACCOUNTS.filter((a) => a.kind === 'subscriber' && a.msisdn && a.pin);
const SCREENSHOT = '/tmp/dfslab-ussd-simulator.png';

describe.skipIf(!executablePath)('the USSD phone simulator in Chromium, against the reference wallet', () => {
  let browser: Browser;
  let wallet: WalletServer;
  let sim: SimulatorServer;
  let work: string;

  beforeAll(async () => {
    wallet = await startWallet({ profile: 'hardened', port: 0, gatewayKey: GATEWAY_KEY });
    work = mkdtempSync(join(tmpdir(), 'dfslab-sim-'));
    const accounts = SUBSCRIBERS.map((a, i) => `  - { msisdn: '${a.msisdn}', pin: '${a.pin}', role: ${String.fromCharCode(65 + i)} }`);
    const targetFile = join(work, 'wallet-target.yaml');
    writeFileSync(
      targetFile,
      [
        `endpoint: ${wallet.url}${wallet.paths.africastalking}`,
        'dialect: africastalking',
        `serviceCode: '${SERVICE_CODE}'`,
        `auth: { headers: { x-gateway-key: '${GATEWAY_KEY}' } }`,
        `tls: { ca: '${join(repoRoot, 'examples', 'ussd-wallet', 'certs', 'lab-localhost.cert.pem')}' }`,
        'accounts:',
        ...accounts,
        'budget: { ratePerSecond: 20, maxRequests: 50 }',
        '',
      ].join('\n'),
    );
    const conn = await connectTarget(loadTarget(targetFile), { source: 'simulate' });
    sim = await startSimulator({ conn, port: 0 });
    browser = await chromium.launch({ executablePath: executablePath!, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  });

  afterAll(async () => {
    await browser?.close();
    await sim?.stop();
    await wallet?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function press(page: Page, keys: string): Promise<void> {
    for (const k of keys) await page.locator(`button[data-key="${k}"]`).click();
  }

  async function waitForReply(page: Page): Promise<string> {
    await page.locator('#status:not([data-state="busy"])').waitFor();
    return (await page.locator('#screen-text').textContent()) ?? '';
  }

  it('checks a balance by clicking: dial, Call, the balance option, the PIN, then End', async () => {
    const caller = SUBSCRIBERS[0]!;
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    const requests: string[] = [];
    const consoleErrors: string[] = [];
    const pageErrors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    try {
      await page.goto(sim.url, { waitUntil: 'load' });
      expect(await page.locator('#dial').inputValue()).toBe(SERVICE_CODE);
      expect(await page.locator('#caller').inputValue()).toBe(caller.msisdn);

      // Dial the service code on the pad, as a subscriber would.
      await page.locator('#end').click();
      expect(await page.locator('#dial').inputValue()).toBe('');
      await press(page, SERVICE_CODE);
      expect(await page.locator('#dial').inputValue()).toBe(SERVICE_CODE);
      await page.locator('#call').click();
      const menu = await waitForReply(page);
      expect(await page.locator('#status').getAttribute('data-state')).toBe('open');
      expect(await page.locator('#reply').isVisible()).toBe(true);

      const balanceLine = menu.split('\n').find((l) => /balance/i.test(l));
      expect(balanceLine, `no balance option on the menu: ${menu}`).toBeTruthy();
      const option = /^\s*(\d+)\s*[.)]/.exec(balanceLine!)?.[1];
      expect(option, balanceLine).toBeTruthy();
      await press(page, option!);
      await page.locator('#call').click();
      const prompt = await waitForReply(page);
      expect(prompt).toMatch(/PIN/i);

      await press(page, caller.pin!);
      expect(await page.locator('#input').inputValue()).toBe(caller.pin);
      await page.locator('#call').click();
      const shown = await waitForReply(page);
      expect(shown).toMatch(/balance/i);
      expect(shown).toMatch(/KES\s?[\d,]+/);
      expect(await page.locator('#warning').isHidden()).toBe(true);

      // The wallet keeps the balance screen open ("00. Home"); the subscriber hangs up.
      if ((await page.locator('#status').getAttribute('data-state')) === 'open') {
        await page.locator('#end').click();
        await waitForReply(page);
      }
      expect(await page.locator('#status').getAttribute('data-state')).toBe('ended');
      expect(await page.locator('#screen-text').textContent()).toBe(shown);
      expect(await page.locator('#call').textContent()).toBe('Call');
      expect(await page.locator('#transcript li.note').textContent()).toMatch(/hung up/);

      // The transcript: the dial, the option and the PIN, in the dialect's own format.
      const hops = page.locator('#transcript li.hop');
      expect(await hops.count()).toBe(3);
      expect(await hops.nth(0).getAttribute('data-kind')).toBe('dial');
      const lastSent = (await hops.nth(2).locator('pre.req').textContent()) ?? '';
      expect(lastSent).toContain(`${wallet.paths.africastalking}`);
      expect(lastSent).toContain(`text=${option}*${caller.pin}`);
      expect(await hops.nth(2).locator('pre.res').textContent()).toMatch(/^CON .*balance/i);
      const everything = (await page.content()) + (await page.locator('#transcript').innerText());
      expect(everything).not.toContain(GATEWAY_KEY);
      await page.locator('#transcript li.hop details summary').first().click();
      expect(await hops.nth(0).locator('details pre').first().textContent()).toContain('x-gateway-key: <redacted>');

      await page.screenshot({ path: SCREENSHOT, fullPage: true });

      // Phone-ish width: one column, nothing wider than the viewport.
      await page.setViewportSize({ width: 380, height: 800 });
      const overflow = await page.locator('html').evaluate((e) => e.scrollWidth - e.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    } finally {
      await context.close();
    }
    const simOrigin = new URL(sim.url).origin;
    expect(requests.filter((u) => !u.startsWith(`${simOrigin}/`) && !u.startsWith('data:'))).toEqual([]);
    expect(requests.every((u) => u.startsWith('data:') || new URL(u).hostname === '127.0.0.1')).toBe(true);
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('shows a screen from the target as text, never as markup', async () => {
    // The wallet echoes nothing a tester types into a screen, so drive the page's renderer with a hostile reply.
    const context = await browser.newContext();
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    try {
      await page.route('**/api/dial', (route) =>
        route.fulfill({
          status: 200,
          contentType: 'application/json',
          body: JSON.stringify({
            sessionId: 'f'.repeat(32),
            gatewaySessionId: '<img src=x onerror=alert(1)>',
            caller: '254711000001',
            ended: false,
            screen: { text: `<img src=x onerror=alert(2)>${'x'.repeat(200)}`, continue: true, chars: 228 },
            transcript: [
              {
                id: 1, kind: 'dial', input: '', atMs: 0, elapsedMs: 3,
                request: { method: 'POST', url: 'https://t/<script>alert(3)</script>', headers: { a: '<b>' } },
                response: { status: 200, headers: {}, body: '<img src=x onerror=alert(4)>' },
              },
            ],
            budget: { used: 1, left: 49 },
          }),
        }),
      );
      await page.goto(sim.url, { waitUntil: 'load' });
      await page.locator('#call').click();
      await page.locator('#status[data-state="open"]').waitFor();
      expect(await page.locator('#screen-text').textContent()).toBe(`<img src=x onerror=alert(2)>${'x'.repeat(154)}`);
      expect(await page.locator('#screen-cut').textContent()).toBe('x'.repeat(46));
      expect(await page.locator('#warning').isVisible()).toBe(true);
      expect(await page.locator('#warning').textContent()).toContain('228 characters');
      expect(await page.locator('img').count()).toBe(0);
      expect(await page.locator('body script').count()).toBe(1);
      await page.waitForTimeout(100);
      expect(dialogs).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
