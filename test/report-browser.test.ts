/**
 * The HTML report in a real browser (Debian's chromium through playwright-core), and the PDF made from it.
 * Skips with a message when no Chromium is installed; the PDF text check also needs pdftotext (poppler-utils).
 */
import { appIdOf as identityId } from '../src/report/identity.js';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../src/audit.js';
import { loadCatalog } from '../src/catalog/index.js';
import { allChecks } from '../src/checks/registry.js';
import { renderHtml } from '../src/report/html.js';
import { UI } from '../src/report/i18n/ui.js';
import { buildReport, type ReportModel } from '../src/report/model.js';
import { findChromium, renderPdf } from '../src/report/pdf.js';
import { chromiumPath } from './chromium.js';
import { corpusDir, hasTool, repoRoot } from './corpus.js';


const executablePath = chromiumPath();
if (!executablePath) console.warn('report browser tests skipped: no Chromium found (install Debian\'s "chromium" package or set CHROMIUM_PATH)');

/** The largest APK of the shared corpus (the hardest page to lay out), else the vulnerable Android fixture. */
function androidSample(): string {
  const dir = corpusDir();
  if (dir) {
    const apks = readdirSync(dir)
      .filter((n) => n.endsWith('.apk'))
      .map((n) => ({ path: join(dir, n), size: statSync(join(dir, n)).size }))
      .sort((a, b) => b.size - a.size || (a.path < b.path ? -1 : 1));
    if (apks[0]) return apks[0].path;
  }
  return join(repoRoot, 'fixtures', 'android', 'build', 'vulnerable-wallet.apk');
}

const samples = [androidSample(), join(repoRoot, 'fixtures', 'ios', 'build', 'vulnerable-bank.ipa')];

async function modelOf(path: string): Promise<ReportModel> {
  return buildReport(await audit(path), { catalog: loadCatalog(), checks: allChecks, generatedAt: new Date('2026-01-01T00:00:00Z') });
}

function appIdOf(m: ReportModel): string {
  return identityId(m.app);
}

describe.skipIf(!executablePath)('HTML and PDF reports in Chromium', () => {
  let browser: Browser;
  let work: string;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: executablePath!, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
    work = mkdtempSync(join(tmpdir(), 'dfslab-report-'));
  });

  afterAll(async () => {
    await browser?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  for (const sample of samples) {
    const name = sample.split('/').pop()!;

    it(`${name}: opens cleanly, with every section, and asks for nothing from the network`, async () => {
      const m = await modelOf(sample);
      const html = renderHtml(m);
      const page = await browser.newPage();
      const requests: string[] = [];
      const consoleErrors: string[] = [];
      const pageErrors: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('console', (msg) => {
        if (msg.type() === 'error') consoleErrors.push(msg.text());
      });
      page.on('pageerror', (e) => pageErrors.push(e.message));
      try {
        await page.setContent(html, { waitUntil: 'load' });
        for (const id of ['title', 'summary', 'score', 'findings', 'masvs', 'passes', 'coverage', 'scope', 'appendix']) {
          expect(await page.locator(`#${id}`).count(), `section #${id}`).toBe(1);
        }
        expect((await page.locator('#summary h2').textContent())?.trim()).toBe(UI.en['report.section.summary']);
        expect(await page.locator('#summary .grade .g').textContent()).toBe(m.score.grade);
        expect(await page.locator('article.finding').count()).toBeGreaterThan(0);
        expect(await page.locator('#coverage-manual ~ .checklist-area .box').count()).toBeGreaterThan(0);
        expect(await page.locator('script').count()).toBe(0);
        // Print layout: sections start on a new page and no finding is cut across pages.
        await page.emulateMedia({ media: 'print' });
        expect(await page.locator('#score').evaluate((e) => e.ownerDocument.defaultView!.getComputedStyle(e).breakBefore)).toBe('page');
        expect(await page.locator('article.finding .instance').first().evaluate((e) => e.ownerDocument.defaultView!.getComputedStyle(e).breakInside)).toBe('avoid');
      } finally {
        await page.close();
      }
      expect(requests.filter((u) => !u.startsWith('about:') && !u.startsWith('data:'))).toEqual([]);
      expect(consoleErrors).toEqual([]);
      expect(pageErrors).toEqual([]);
    });

    it(`${name}: prints to a PDF that names the app and its grade`, async () => {
      const m = await modelOf(sample);
      const pdf = await renderPdf(renderHtml(m), { chromiumPath: executablePath! });
      expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
      if (!hasTool('pdftotext')) {
        console.warn('pdftotext not installed (poppler-utils): PDF text not checked');
        return;
      }
      const file = join(work, `${name}.pdf`);
      writeFileSync(file, pdf);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
      expect(text).toContain(appIdOf(m));
      expect(text).toContain(`Grade ${m.score.grade}, score ${m.score.score} out of 100.`);
      expect(text).toMatch(/\b1 \/ \d+\b/);
    });
  }

  it('renderPdf reports a missing Chromium with a typed error', async () => {
    await expect(renderPdf('<p>x</p>', { chromiumPath: join(work, 'no-such-chromium') })).rejects.toMatchObject({ code: 'DFSLAB_E_REPORT_CHROMIUM_MISSING' });
  });

  it('renderPdf reports a Chromium that does not start as a render failure', async () => {
    const fake = join(work, 'fake-chromium');
    writeFileSync(fake, '#!/bin/sh\nexit 3\n', { mode: 0o755 });
    await expect(renderPdf('<p>x</p>', { chromiumPath: fake })).rejects.toMatchObject({ code: 'DFSLAB_E_REPORT_RENDER_FAILED' });
  });
});

describe('findChromium', () => {
  it('prefers the explicit path, then CHROMIUM_PATH, and explains what to install', () => {
    expect(() => findChromium('/nonexistent/chromium')).toThrow(/chromium/);
    expect(() => findChromium(undefined, { CHROMIUM_PATH: '/nonexistent/chrome' })).toThrow(/CHROMIUM_PATH/);
    if (existsSync('/bin/sh')) expect(findChromium(undefined, { CHROMIUM_PATH: '/bin/sh' })).toBe('/bin/sh');
  });
});
