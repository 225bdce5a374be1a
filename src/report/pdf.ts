/**
 * @module report/pdf
 * The PDF report: the HTML report printed by a headless Chromium through playwright-core. dfslab never
 * downloads a browser; it drives the one installed on the machine (Debian's `chromium` package), so a lab
 * on an offline network can still produce PDFs.
 *
 * The page is given the HTML directly (no file, no server) and every network request is refused: the report
 * is self-contained, and an attacker-controlled string that somehow became a URL must not reach the network.
 */
import { existsSync } from 'node:fs';
import type { Browser, Route } from 'playwright-core';
import { ErrorCodes, ReportError } from '../errors.js';

export interface PdfOptions {
  /** Chromium (or Chrome) executable; default: CHROMIUM_PATH, then the usual system paths. */
  chromiumPath?: string;
}

/** Where Debian, Ubuntu and Google package the browser. */
const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Flags for a quiet, offline, headless run; `--no-sandbox` because labs often render inside containers as root. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const LAUNCH_TIMEOUT_MS = 60_000;

/** The Chromium executable to use, or a ReportError that says how to get one. */
export function findChromium(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = explicit ?? env.CHROMIUM_PATH;
  if (chosen) {
    if (!existsSync(chosen)) {
      throw new ReportError(ErrorCodes.REPORT_CHROMIUM_MISSING, `no Chromium executable at this path; install Debian's "chromium" package or point CHROMIUM_PATH (or --chromium) at a Chromium or Chrome executable`, {
        path: chosen,
      });
    }
    return chosen;
  }
  const found = SYSTEM_CHROMIUM.find((p) => existsSync(p));
  if (!found) {
    throw new ReportError(
      ErrorCodes.REPORT_CHROMIUM_MISSING,
      `PDF reports need Chromium, and none was found (looked at ${SYSTEM_CHROMIUM.join(', ')}); install it (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome executable. HTML reports need no browser.`,
    );
  }
  return found;
}

/** The document title, for the page footer (already HTML-escaped in the document, so safe to reuse as is). */
function titleOf(html: string): string {
  const m = /<title>([^<]*)<\/title>/i.exec(html);
  return m ? m[1]!.trim() : '';
}

function footerTemplate(title: string): string {
  // Chromium renders header and footer templates in their own tiny documents with a default font size of 0.
  return `<div style="font-size:8px;width:100%;padding:0 14mm;display:flex;justify-content:space-between;color:#555;font-family:system-ui,'DejaVu Sans',Arial,sans-serif"><span style="overflow:hidden;white-space:nowrap;text-overflow:ellipsis;max-width:75%">${title}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`;
}

/** Prints the HTML report to an A4 PDF with page numbers. */
export async function renderPdf(html: string, opts: PdfOptions = {}): Promise<Uint8Array> {
  const executablePath = findChromium(opts.chromiumPath);
  // A non-literal specifier keeps playwright-core out of the CLI bundle: it finds its own files at run time.
  const specifier = 'playwright-core';
  const { chromium } = (await import(specifier)) as typeof import('playwright-core');
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: LAUNCH_TIMEOUT_MS });
  } catch (e) {
    const detail = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new ReportError(ErrorCodes.REPORT_RENDER_FAILED, `could not start Chromium (${detail}); check that ${executablePath} runs, or set CHROMIUM_PATH to another Chromium`, {
      path: executablePath,
      cause: e,
    });
  }
  try {
    const context = await browser.newContext({ offline: true, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.route('**/*', (route: Route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: '16mm', right: '14mm', bottom: '18mm', left: '14mm' },
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: footerTemplate(titleOf(html)),
    });
    return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  } catch (e) {
    if (e instanceof ReportError) throw e;
    const detail = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new ReportError(ErrorCodes.REPORT_RENDER_FAILED, `Chromium could not print the report (${detail})`, { cause: e });
  } finally {
    await browser.close().catch(() => undefined);
  }
}
