// Writes full-page PNG screenshots of the HTML reports of the fixture apps (and of the shared corpus apps
// when ../shared/corpus or DFSLAB_CORPUS is there) to report-screens/, for a person to review the layout.
// Uses the built library (dist/), like a user of `import … from 'dfslab'`; run it through
// `npm run report:screens`, which builds first. Each app gets a screen and a print (A4-like width) view;
// the vulnerable fixtures are also rendered in French and Spanish.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const lib = join(root, 'dist', 'index.js');
if (!existsSync(lib)) {
  process.stderr.write('report-screens: dist/ is missing; run `npm run build` first (or `npm run report:screens`)\n');
  process.exit(2);
}
const { allChecks, audit, buildReport, loadCatalog, renderHtml } = await import(new URL(`file://${lib}`).href);

const executablePath = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
if (!executablePath) {
  process.stderr.write('report-screens: no Chromium found; install Debian\'s "chromium" package or set CHROMIUM_PATH\n');
  process.exit(2);
}

const fixtures = [
  ['fixtures/android/build/vulnerable-wallet.apk', ['en', 'fr', 'es']],
  ['fixtures/android/build/hardened-wallet.apk', ['en']],
  ['fixtures/ios/build/vulnerable-bank.ipa', ['en', 'fr']],
  ['fixtures/ios/build/hardened-bank.ipa', ['en']],
].map(([p, langs]) => [join(root, p), langs]);

const corpus = process.env.DFSLAB_CORPUS ? resolve(process.env.DFSLAB_CORPUS) : join(root, '..', 'shared', 'corpus');
const samples = [...fixtures];
if (existsSync(corpus)) {
  for (const name of readdirSync(corpus).sort()) {
    if (/\.(apk|apks|xapk|ipa)$/i.test(name)) samples.push([join(corpus, name), ['en']]);
  }
}

const out = join(root, 'report-screens');
mkdirSync(out, { recursive: true });
const catalog = loadCatalog();
// A fixed date keeps the screenshots comparable from one run to the next.
const generatedAt = new Date('2026-01-01T00:00:00Z');

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  for (const [file, langs] of samples) {
    if (!existsSync(file)) {
      process.stderr.write(`report-screens: skipping ${file} (not found)\n`);
      continue;
    }
    let result;
    try {
      result = await audit(file);
    } catch (e) {
      process.stderr.write(`report-screens: ${basename(file)}: ${e?.code ?? ''} ${e?.message ?? e}\n`);
      continue;
    }
    for (const lang of langs) {
      const html = renderHtml(buildReport(result, { catalog, checks: allChecks, lang, generatedAt }));
      const stem = `${basename(file).replace(/\.[^.]+$/, '')}.${lang}`;
      writeFileSync(join(out, `${stem}.html`), html);
      for (const [media, width] of [['screen', 1100], ['print', 794]]) {
        const page = await browser.newPage({ viewport: { width, height: 1200 } });
        await page.route('**/*', (route) => route.abort());
        await page.setContent(html, { waitUntil: 'load' });
        await page.emulateMedia({ media });
        const png = join(out, `${stem}.${media}.png`);
        await page.screenshot({ path: png, fullPage: true });
        await page.close();
        process.stdout.write(`${png}\n`);
      }
    }
  }
} finally {
  await browser.close();
}
