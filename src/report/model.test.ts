import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { audit } from '../audit.js';
import { loadCatalog } from '../catalog/index.js';
import { allChecks } from '../checks/registry.js';
import { buildReport } from './model.js';

const fx = (p: string): string => join(import.meta.dirname, '..', '..', 'fixtures', p);

describe('report model', () => {
  it('groups, scores and covers the catalog for the vulnerable Android fixture', async () => {
    const result = await audit(fx('android/build/vulnerable-wallet.apk'));
    const r = buildReport(result, { catalog: loadCatalog(), checks: allChecks });
    expect(r.summary.open).toBe(result.findings.length);
    expect(r.score.grade).toMatch(/[D-F]/);
    expect(r.coverage.length).toBe(loadCatalog().items.size);
    const auto = r.coverage.filter((c) => c.mode === 'automated');
    expect(auto.length).toBeGreaterThan(10);
    expect(auto.some((c) => c.result === 'fail')).toBe(true);
    const manual = r.coverage.filter((c) => c.mode === 'manual');
    expect(manual.every((c) => c.checks.length === 0)).toBe(true);
    expect(r.byArea.length).toBeGreaterThan(3);
    console.log(r.score, r.summary, r.byArea.map((g) => `${g.title}: ${g.findings.length}`));
  });
});
