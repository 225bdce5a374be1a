// Report rendering cost against the audit it reports on (`npm run bench`, after the audit benchmarks).
// On the largest app of the corpus, in this one process: the median time of `audit()` (the peer), then the
// median time of building the report model and rendering every text format from it (json, sarif, html, csv,
// oscal). Target: rendering ≤ 10% of the audit time. The PDF is timed once when a Chromium is found and
// reported apart: it is a browser launch plus a print, whatever the app.
// Options: --runs N (default 7), --app NAME, --json FILE.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const RUNS = Number(opt('--runs', 7));
const TARGET_RATIO = 0.1;
const FORMATS = ['json', 'sarif', 'html', 'csv', 'oscal'];

const lib = await import(join(root, 'dist', 'index.js'));
const { audit, buildReport, renderReport, loadCatalog, allChecks } = lib;

const corpus = process.env.DFSLAB_CORPUS ?? join(root, '..', 'shared', 'corpus');
if (!existsSync(corpus)) {
  console.error(`corpus not found at ${corpus} (set DFSLAB_CORPUS); nothing to benchmark`);
  process.exit(2);
}
const apps = readdirSync(corpus).filter((f) => /\.(apk|ipa)$/.test(f));
const app = opt('--app', apps.sort((a, b) => statSync(join(corpus, b)).size - statSync(join(corpus, a)).size)[0]);
const file = join(corpus, app);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const now = () => Number(process.hrtime.bigint()) / 1e9;

const catalog = loadCatalog();
// One warm-up of each, so both sides are measured with their code compiled.
let result = await audit(file);
for (const f of FORMATS) await renderReport(buildReport(result, { catalog, checks: allChecks }), f, { checks: allChecks });

const auditTimes = [];
for (let i = 0; i < RUNS; i++) {
  const t0 = now();
  result = await audit(file);
  auditTimes.push(now() - t0);
}
const renderTimes = [];
const perFormat = Object.fromEntries(FORMATS.map((f) => [f, []]));
let bytes = {};
for (let i = 0; i < RUNS; i++) {
  const t0 = now();
  const model = buildReport(result, { catalog, checks: allChecks, generatedAt: new Date(0) });
  for (const f of FORMATS) {
    const t1 = now();
    const out = await renderReport(model, f, { checks: allChecks });
    perFormat[f].push(now() - t1);
    bytes[f] = out.length;
  }
  renderTimes.push(now() - t0);
}

let pdf;
const chromium = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (chromium) {
  const t0 = now();
  const out = await renderReport(buildReport(result, { catalog, checks: allChecks, generatedAt: new Date(0) }), 'pdf', { checks: allChecks, chromiumPath: chromium });
  pdf = { seconds: now() - t0, bytes: out.length };
}

const a = median(auditTimes);
const r = median(renderTimes);
const ratio = r / a;
console.log(`\n### Report rendering (${app}, ${result.findings.length} findings, ${RUNS} runs, medians)\n`);
console.log('| step | seconds | output |');
console.log('|---|---|---|');
console.log(`| audit (the peer) | ${a.toFixed(3)} | — |`);
for (const f of FORMATS) console.log(`| render ${f} | ${median(perFormat[f]).toFixed(4)} | ${(bytes[f] / 1024).toFixed(0)} KB |`);
console.log(`| model + all five formats | ${r.toFixed(4)} | ${(100 * ratio).toFixed(1)}% of the audit |`);
if (pdf) console.log(`| pdf (Chromium launch + print, once) | ${pdf.seconds.toFixed(2)} | ${(pdf.bytes / 1024).toFixed(0)} KB |`);
const pass = ratio <= TARGET_RATIO;
console.log(`\nrendering ≤ ${TARGET_RATIO * 100}% of the audit time: ${pass ? 'PASS' : 'FAIL'} (${(100 * ratio).toFixed(1)}%)`);
const jsonOut = opt('--json', undefined);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ app, runs: RUNS, auditMedian: a, renderMedian: r, ratio, perFormat, bytes, pdf }, null, 2));
if (!pass) process.exitCode = 1;
