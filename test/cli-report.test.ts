/**
 * Reports from the user's side: `dfslab audit … --format … --out …`, `dfslab report <result.json>`,
 * suppressions, baselines and languages, and the errors a user gets for bad options.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './cli.js';
import { repoRoot } from './corpus.js';

const apk = join(repoRoot, 'fixtures', 'android', 'build', 'vulnerable-wallet.apk');


const tmp = (): string => mkdtempSync(join(tmpdir(), 'dfslab-report-'));

describe('dfslab audit --format / dfslab report', () => {
  it('writes several formats into a folder, and prints the summary with the grade', async () => {
    const dir = tmp();
    const r = await cli(['audit', apk, '--format', 'json,csv', '--out', `${dir}/`]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/score \d+\/100, grade [A-F]/);
    expect(r.err).toContain(`wrote json report to ${join(dir, 'vulnerable-wallet.json')}`);
    const report = JSON.parse(readFileSync(join(dir, 'vulnerable-wallet.json'), 'utf8')) as { reportVersion: number; findings: unknown[] };
    expect(report.reportVersion).toBe(1);
    expect(readFileSync(join(dir, 'vulnerable-wallet.csv'), 'utf8').split('\r\n').length).toBe(report.findings.length + 2);
  });

  it('prints one format to standard output, byte-identical across runs', async () => {
    const a = await cli(['audit', apk, '--format', 'json']);
    const b = await cli(['audit', apk, '--format', 'json']);
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    expect(JSON.parse(a.out)).toHaveProperty('score.grade');
  });

  it('re-renders a saved result in another language, and from a JSON report', async () => {
    const dir = tmp();
    const saved = join(dir, 'result.json');
    expect((await cli(['audit', apk, '-o', saved])).code).toBe(0);
    const fr = await cli(['report', saved, '--format', 'json', '--lang', 'fr']);
    expect(fr.code).toBe(0);
    const model = JSON.parse(fr.out) as { lang: string; findings: Array<{ fingerprint: string }> };
    expect(model.lang).toBe('fr');
    writeFileSync(join(dir, 'report.json'), fr.out);
    const again = await cli(['report', join(dir, 'report.json'), '--format', 'json', '--lang', 'fr']);
    expect(again.code).toBe(0);
    expect(again.out).toBe(fr.out);
  });

  it('with --baseline lists and fails only on new findings', async () => {
    const dir = tmp();
    const saved = join(dir, 'v1.json');
    await cli(['audit', apk, '-o', saved]);
    const same = await cli(['audit', apk, '--baseline', saved, '--fail-on', 'low']);
    expect(same.code).toBe(0);
    expect(same.out).toMatch(/against baseline v1\.json: 0 new, 0 fixed/);
    // A baseline missing one finding: that one is new and trips the gate.
    const data = JSON.parse(readFileSync(saved, 'utf8')) as { findings: Array<{ severity: string; checkId: string }> };
    const dropped = data.findings.findIndex((f) => f.severity === 'high');
    const droppedCheck = data.findings[dropped]!.checkId;
    data.findings.splice(dropped, 1);
    writeFileSync(saved, JSON.stringify(data));
    const one = await cli(['audit', apk, '--baseline', saved, '--fail-on', 'high']);
    expect(one.code).toBe(1);
    expect(one.out).toMatch(/1 new, 0 fixed/);
    expect(one.out).toContain(`[${droppedCheck}]`);
  });

  it('applies a suppression file, and an expired suppression brings the finding back', async () => {
    const dir = tmp();
    const sup = join(dir, 'suppressions.yaml');
    writeFileSync(sup, 'suppressions:\n  - check: android.manifest.debuggable\n    reason: test build accepted for this review\n    by: Lead Auditor\n    expires: 2026-12-31\n');
    const active = await cli(['audit', apk, '--suppressions', sup, '--as-of', '2026-11-24', '--format', 'json']);
    const m = JSON.parse(active.out) as { findings: Array<{ checkId: string; status: string }>; summary: { suppressed: number } };
    expect(m.summary.suppressed).toBe(1);
    expect(m.findings.find((f) => f.checkId === 'android.manifest.debuggable')?.status).toBe('suppressed');
    const later = await cli(['audit', apk, '--suppressions', sup, '--as-of', '2027-01-01']);
    expect(later.out).toMatch(/1 finding\(s\) are back: their suppression expired/);
    expect(later.out).toContain('[android.manifest.debuggable]');
  });

  it.each([
    [['audit', apk, '--format', 'docx'], /unknown report format "docx"/],
    [['audit', apk, '--format', 'json,csv'], /several formats need --out/],
    [['audit', apk, '--out', 'x.json'], /--out needs --format/],
    [['audit', apk, '--format', 'json', '--lang', 'sw'], /--lang takes one of en, fr, es/],
    [['audit', apk, '--as-of', '24/11/2026'], /--as-of takes a date/],
    [['audit', apk, '--json', '--format', 'csv'], /cannot both go to standard output/],
    [['audit', apk, '--suppressions', '/nonexistent.yaml'], /DFSLAB_E_SUPPRESSIONS_INVALID: no such suppression file/],
    [['report', apk], /DFSLAB_E_RESULT_INVALID: not JSON/],
    [['report', '/nonexistent.json'], /DFSLAB_E_RESULT_INVALID: no such file/],
  ])('%j fails with one clear line and exit 2', async (args, message) => {
    const r = await cli(args as string[]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  it('checks the options before auditing (a typo does not cost an audit)', async () => {
    const r = await cli(['audit', '/nonexistent.apk', '--format', 'docx']);
    expect(r.err).toMatch(/unknown report format/);
    expect(existsSync('/nonexistent.apk')).toBe(false);
  });
});
