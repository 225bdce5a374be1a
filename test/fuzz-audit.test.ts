/**
 * Robustness of the whole audit on hostile input: seeded mutations of the fixture apps (archive bytes,
 * bytes inside the manifest/DEX/resources/native/signature entries, ZIP tricks). Every case must end in a
 * result or a typed DfslabError — never another exception — and no case may take long (a hang shows as a
 * slow case; the longer run is `npm run fuzz`).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { audit } from '../src/audit.js';
import { isDfslabError } from '../src/errors.js';
import { mutateApk } from '../src/fuzz/mutate.js';
import { repoRoot } from './corpus.js';

const FIXTURES = [
  'android/build/vulnerable-wallet.apk',
  'android/build/hardened-wallet.apk',
  'android/build/multidex-native.apk',
  'android/build/signed-v1-only.apk',
  'ios/build/vulnerable-bank.ipa',
  'ios/build/hardened-bank.ipa',
];
const CASES_PER_FIXTURE = Number(process.env.DFSLAB_FUZZ_CASES ?? 60);
const SEED = Number(process.env.DFSLAB_FUZZ_SEED ?? 20261124);

describe('audit on mutated apps', () => {
  for (const name of FIXTURES) {
    it(`${name}: ${CASES_PER_FIXTURE} seeded mutations end in a result or a typed error`, async () => {
      const apk = readFileSync(join(repoRoot, 'fixtures', name));
      const outcomes = new Map<string, number>();
      let slowest = 0;
      for (let i = 0; i < CASES_PER_FIXTURE; i++) {
        const m = mutateApk(apk, SEED, i);
        const t0 = performance.now();
        let outcome: string;
        try {
          const r = await audit(m.bytes, { label: `${name}#${i}` });
          outcome = r.checks.failed.length ? 'result-with-check-errors' : 'result';
          for (const f of r.checks.failed) {
            // a check may stop on a typed parser error, never on a bug
            expect(f.code, `case ${i} (${m.kind}: ${m.detail}) check ${f.checkId}: ${f.message}`).toMatch(/^DFSLAB_E_/);
            expect(f.code).not.toBe('DFSLAB_E_INTERNAL');
          }
        } catch (e) {
          if (!isDfslabError(e)) throw new Error(`case ${i} (${m.kind}: ${m.detail}) crashed: ${e instanceof Error ? e.stack : String(e)}`);
          outcome = e.code;
        }
        slowest = Math.max(slowest, performance.now() - t0);
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
      console.log(`${name}: ${[...outcomes].map(([k, v]) => `${k}×${v}`).join(', ')}; slowest case ${slowest.toFixed(0)} ms`);
      // a generous bound that only a hang or a runaway loop breaks
      expect(slowest).toBeLessThan(10_000);
    });
  }
});
