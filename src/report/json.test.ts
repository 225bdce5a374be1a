/**
 * The JSON report validates against its published schema (docs/report.schema.json) on the fixtures and the
 * corpus, is deterministic, and carries suppression and baseline state.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportValidator } from '../../test/schemas/validate.js';
import { audit, type AuditResult } from '../audit.js';
import { loadCatalog } from '../catalog/index.js';
import { allChecks } from '../checks/registry.js';
import { applySuppressions, parseSuppressions } from '../findings/suppress.js';
import { corpusDir, CORPUS_SKIP_MESSAGE, repoRoot } from '../../test/corpus.js';
import { renderJson } from './json.js';
import { buildReport } from './model.js';

const schemaErrors = reportValidator();

function expectValid(json: string): void {
  const errors = schemaErrors(JSON.parse(json));
  if (errors) throw new Error(errors);
}

const fx = (p: string): string => join(repoRoot, 'fixtures', p);
const catalog = loadCatalog();

describe('JSON report', () => {
  it.each(['android/build/vulnerable-wallet.apk', 'android/build/hardened-wallet.apk', 'ios/build/vulnerable-bank.ipa', 'ios/build/hardened-bank.ipa'])(
    '%s: valid against docs/report.schema.json and deterministic',
    async (file) => {
      const result = await audit(fx(file));
      const a = renderJson(buildReport(result, { catalog, checks: allChecks }));
      const b = renderJson(buildReport(await audit(fx(file)), { catalog, checks: allChecks }));
      expect(a).toBe(b);
      expectValid(a);
      for (const lang of ['fr', 'es'] as const) expectValid(renderJson(buildReport(result, { catalog, checks: allChecks, lang })));
    },
  );

  it('carries suppressions, expired suppressions and the baseline state, and stays valid', async () => {
    const result = await audit(fx('android/build/vulnerable-wallet.apk'));
    const [first, second] = result.findings;
    const sups = parseSuppressions(
      `suppressions:\n  - fingerprint: ${first!.fingerprint}\n    reason: accepted\n    by: lead\n  - fingerprint: ${second!.fingerprint}\n    reason: old\n    by: lead\n    expires: 2020-01-01\n`,
      's.yaml',
    );
    const baseline: AuditResult = { ...result, findings: result.findings.slice(1, 10).concat([{ ...first!, fingerprint: 'f'.repeat(32) }]) };
    const model = buildReport(result, {
      catalog,
      checks: allChecks,
      suppressions: applySuppressions(result.findings, sups, '2026-11-24'),
      suppressionsFile: 's.yaml',
      baseline: { file: 'old.json', findings: baseline.findings },
    });
    expectValid(renderJson(model));
    expect(model.summary.suppressed).toBe(1);
    expect(model.findings.at(-1)?.fingerprint).toBe(first!.fingerprint);
    expect(model.findings.find((f) => f.fingerprint === second!.fingerprint)?.expiredSuppression?.expires).toBe('2020-01-01');
    expect(model.summary.newFindings).toBe(result.findings.length - 9);
    expect(model.fixed?.map((f) => f.fingerprint)).toEqual(['f'.repeat(32)]);
    // A suppressed finding does not count in the score.
    const unsuppressed = buildReport(result, { catalog, checks: allChecks });
    expect(model.score.counted[first!.severity]).toBe(unsuppressed.score.counted[first!.severity] - 1);
  });

  const corpus = corpusDir();
  it.skipIf(!corpus)('every corpus app gives a valid report', async () => {
    if (!corpus) return console.log(CORPUS_SKIP_MESSAGE);
    for (const name of readdirSync(corpus).filter((n) => /\.(apk|ipa)$/.test(n)).sort()) {
      expectValid(renderJson(buildReport(await audit(join(corpus, name)), { catalog, checks: allChecks })));
    }
  }, 120_000);
});
