/**
 * Robustness of the storage, logging and WebView checks (and their support code) on hostile input: seeded
 * mutations of the vulnerable-wallet DEX — bit flips and smashed integers in the code and tables, so the
 * value-flow walks meet broken branches, registers and payloads — and of the texts the checks parse
 * (scripts, SQL, identifiers). A check may stop on a typed DfslabError, never on another exception, and no
 * case may run long.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AndroidApp } from '../../../app/android.js';
import { isDfslabError } from '../../../errors.js';
import { Rng } from '../../../fuzz/mutate.js';
import { ZipArchive } from '../../../formats/zip/index.js';
import { buildZip } from '../../../formats/zip/testing.js';
import { repoRoot } from '../../../../test/corpus.js';
import { runChecks } from '../../runner.js';
import { loggingChecks } from '../logging/index.js';
import { findScriptSinks } from '../webview/web-assets-support.js';
import { webviewChecks } from '../webview/index.js';
import { storageChecks } from './index.js';
import { nameWords, personalDataNamed, secretNamed } from './sensitive-names-support.js';
import { parseCreateTable } from './unencrypted-database.js';

const SEED = 20261124;
const CHECKS = [...webviewChecks, ...storageChecks, ...loggingChecks];

function mutateDex(dex: Uint8Array, rng: Rng): Uint8Array {
  const b = Uint8Array.from(dex);
  const kind = rng.int(3);
  if (kind === 2) return b.slice(0, 0x70 + rng.int(b.length - 0x70));
  const n = 1 + rng.int(24);
  for (let i = 0; i < n; i++) {
    // past the header: id tables, class data and code, where the walks read
    const o = 0x70 + rng.int(b.length - 0x70);
    if (kind === 0) b[o] = b[o]! ^ (1 << rng.int(8));
    else if (o + 4 <= b.length) new DataView(b.buffer).setUint32(o, rng.pick([0, 1, 0xff, 0xffff, 0x7fffffff, 0xffffffff]), true);
  }
  return b;
}

describe('storage, logging and webview checks on mutated code', () => {
  it('150 seeded DEX mutations of vulnerable-wallet end in findings or typed errors', async () => {
    const apk = readFileSync(join(repoRoot, 'fixtures', 'android', 'build', 'vulnerable-wallet.apk'));
    const zip = ZipArchive.open(apk);
    const entries = zip.entries.filter((e) => !e.isDirectory).map((e) => ({ name: e.name, data: zip.read(e) }));
    const baseline = (await runChecks(AndroidApp.open(apk, { label: 'vulnerable-wallet.apk' }), CHECKS)).findings.length;
    const rng = new Rng(SEED);
    let slowest = 0;
    const outcomes = new Map<string, number>();
    for (let i = 0; i < 150; i++) {
      const rebuilt = entries.map((e) => (e.name === 'classes.dex' ? { name: e.name, data: mutateDex(e.data, rng) } : e));
      const t0 = performance.now();
      let outcome = 'same findings';
      try {
        const app = AndroidApp.open(buildZip(rebuilt), { label: `mutant-${i}.apk` });
        const r = await runChecks(app, CHECKS);
        if (app.dex.errors.length > 0 || app.code.problems.length > 0) outcome = 'findings, damaged code recorded';
        else if (r.findings.length !== baseline) outcome = 'findings changed';
        for (const f of r.failures) {
          expect(f.code, `case ${i}, ${f.checkId}: ${f.message}`).toMatch(/^DFSLAB_E_/);
          expect(f.code, `case ${i}, ${f.checkId}: ${f.message}`).not.toBe('DFSLAB_E_INTERNAL');
        }
        if (r.failures.length > 0) outcome = 'typed check errors';
      } catch (e) {
        if (!isDfslabError(e)) throw e;
        outcome = e.code;
      }
      slowest = Math.max(slowest, performance.now() - t0);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    console.log(`mutated DEX: ${[...outcomes].map(([k, v]) => `${k}×${v}`).join(', ')}; slowest ${slowest.toFixed(0)} ms`);
    expect(slowest).toBeLessThan(5_000);
  });
});

describe('text parsers on mutated input', () => {
  const samples = [
    "note.innerHTML = '<b>Shared:</b> ' + text; document.write(x); $('#a').html(data); eval(code);",
    'CREATE TABLE IF NOT EXISTS `cards` (`id` INTEGER, `pan` TEXT, PRIMARY KEY(`id`), CHECK (length(pan) > 0))',
    'superSecurePassword user_PIN-code "For the changepassword - phonenumber: "',
  ];
  const alphabet = "()[]{}'\"`,;=+.$\\\n\t ACTEBLxyz0_-/*";

  it('500 seeded mutations: no exception and no slow case', () => {
    const rng = new Rng(SEED ^ 0x5bd1e995);
    let slowest = 0;
    for (let i = 0; i < 500; i++) {
      let s = rng.pick(samples);
      for (let k = 0, n = 1 + rng.int(12); k < n; k++) {
        const at = rng.int(s.length + 1);
        const op = rng.int(3);
        const ch = alphabet[rng.int(alphabet.length)]!;
        s = op === 0 ? s.slice(0, at) + ch + s.slice(at) : op === 1 ? s.slice(0, at) + s.slice(at + 1) : s.slice(0, at) + ch.repeat(1 + rng.int(64)) + s.slice(at);
      }
      if (i % 50 === 0) s = s.repeat(1 + rng.int(200)); // long inputs
      const t0 = performance.now();
      findScriptSinks('x.js', s);
      parseCreateTable(s);
      nameWords(s);
      secretNamed(s, { asStoredName: true, widget: true });
      personalDataNamed(s);
      slowest = Math.max(slowest, performance.now() - t0);
    }
    expect(slowest).toBeLessThan(500);
  });
});
