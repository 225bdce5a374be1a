// Longer robustness run than the CI test: `npm run fuzz -- [cases-per-fixture] [seed]`.
// Mutates every fixture app (and corpus apps with --corpus) and audits each variant in this process; prints
// the outcome counts and the slowest case, and exits 1 on the first crash (an exception that is not a
// typed DfslabError), printing the seed and case number to reproduce it.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { audit } from '../dist/audit.js';
import { isDfslabError } from '../dist/errors.js';
import { mutateApk } from '../dist/fuzz/mutate.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const cases = Number(args[0] ?? 2000);
const seed = Number(args[1] ?? Date.now() % 1e9);
const files = [];
for (const d of ['fixtures/android/build', 'fixtures/ios/build']) {
  for (const f of readdirSync(join(root, d))) if (/\.(apk|apks|xapk|ipa)$/.test(f)) files.push(join(root, d, f));
}
if (process.argv.includes('--corpus')) {
  const dir = process.env.DFSLAB_CORPUS ?? join(root, '..', 'shared', 'corpus');
  if (existsSync(dir)) for (const f of readdirSync(dir)) if (/\.(apk|ipa)$/.test(f)) files.push(join(dir, f));
}
console.log(`seed ${seed}, ${cases} cases per app, ${files.length} apps`);
let maxRss = 0;
for (const file of files) {
  const apk = readFileSync(file);
  const outcomes = new Map();
  let slowest = { ms: 0, i: -1 };
  for (let i = 0; i < cases; i++) {
    const m = mutateApk(apk, seed, i);
    const t0 = performance.now();
    let outcome;
    try {
      const r = await audit(m.bytes, { label: `case-${i}` });
      outcome = r.checks.failed.length ? `result (checks stopped: ${[...new Set(r.checks.failed.map((f) => f.code))].join('/')})` : 'result';
      if (r.checks.failed.some((f) => !f.code.startsWith('DFSLAB_E_') || f.code === 'DFSLAB_E_INTERNAL')) {
        console.error(`BUG: ${file} seed ${seed} case ${i} (${m.kind}: ${m.detail}):`, r.checks.failed);
        process.exit(1);
      }
    } catch (e) {
      if (!isDfslabError(e)) {
        console.error(`CRASH: ${file} seed ${seed} case ${i} (${m.kind}: ${m.detail})`);
        console.error(e);
        process.exit(1);
      }
      outcome = e.code;
    }
    const ms = performance.now() - t0;
    if (ms > slowest.ms) slowest = { ms, i };
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    maxRss = Math.max(maxRss, process.memoryUsage().rss);
  }
  console.log(`${file.split('/').pop()}: ${[...outcomes].map(([k, v]) => `${k}×${v}`).join(', ')}; slowest case #${slowest.i} ${slowest.ms.toFixed(0)} ms`);
}
console.log(`peak RSS ${(maxRss / 1048576).toFixed(0)} MB`);
