/**
 * `dfslab diff` as a user runs it: on the diff-pair fixture APKs (audited on the fly), on saved results of
 * them, mixed, with --json and --fail-on-new, and on bad input (one line, exit 2).
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './cli.js';
import { repoRoot } from './corpus.js';

const fixture = (name: string): string => join(repoRoot, 'fixtures', 'android', 'build', name);
const v1 = fixture('diff-v1.apk');
const v2 = fixture('diff-v2.apk');


const ONE_LINE_ERROR = /^dfslab: DFSLAB_E_[A-Z_]+: [^\n]+\n$/;

describe('dfslab diff', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dfslab-cli-diff-'));
  const j1 = join(dir, 'v1.json');
  const j2 = join(dir, 'v2.json');
  expect((await cli(['audit', '-o', j1, v1])).code).toBe(0);
  expect((await cli(['audit', '-o', j2, v2])).code).toBe(0);

  it('prints new findings first, then fixed, then identity changes', async () => {
    const r = await cli(['diff', v1, v2]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^org\.dfslab\.fixture\.diffpair 1\.0 \(1\) → org\.dfslab\.fixture\.diffpair 1\.0 \(2\)\n/);
    expect(r.out).toMatch(/1 new \(1 medium\), 1 fixed, 0 changed severity, \d+ unchanged; 3 identity change\(s\)/);
    const at = (s: string): number => r.out.indexOf(s);
    expect(at('NEW FINDINGS')).toBeGreaterThan(0);
    expect(at('NEW FINDINGS')).toBeLessThan(at('[android.manifest.exported-receiver]'));
    expect(at('[android.manifest.exported-receiver]')).toBeLessThan(at('FIXED FINDINGS'));
    expect(at('FIXED FINDINGS')).toBeLessThan(at('[android.manifest.debuggable]'));
    expect(at('[android.manifest.debuggable]')).toBeLessThan(at('IDENTITY CHANGES'));
    expect(r.out).toContain('  ~ versionCode: 1 → 2\n');
    expect(r.out).toContain('  + component org.dfslab.fixture.diffpair.SyncReceiver: exported=true, kind=receiver\n');
    expect(r.out).toContain('  ~ debuggable: true → false\n');
    expect(r.out).not.toContain('UNCHANGED FINDINGS');
    expect(r.out).not.toContain('!');
    const withUnchanged = await cli(['diff', '--unchanged', v1, v2]);
    expect(withUnchanged.out).toContain('UNCHANGED FINDINGS');
  });

  it('gives the same diff from saved results as from the apps, and mixed', async () => {
    const apps = await cli(['diff', v1, v2]);
    const saved = await cli(['diff', j1, j2]);
    const mixed = await cli(['diff', j1, v2]);
    expect(saved.code).toBe(0);
    expect(saved.out).toBe(apps.out);
    expect(mixed.out).toBe(apps.out);
  });

  it('--json is deterministic and machine-readable', async () => {
    const a = await cli(['diff', '--json', v1, v2]);
    const b = await cli(['diff', '--json', v1, v2]);
    const c = await cli(['diff', '--json', j1, j2]);
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    expect(c.out).toBe(a.out);
    const d = JSON.parse(a.out);
    expect(d.diffVersion).toBe(1);
    expect(d.findings.new.map((f: { checkId: string }) => f.checkId)).toEqual(['android.manifest.exported-receiver']);
    expect(d.findings.fixed.map((f: { checkId: string }) => f.checkId)).toEqual(['android.manifest.debuggable']);
    expect(d.identity.map((x: { field: string }) => x.field)).toEqual(['versionCode', 'component', 'debuggable']);
    expect(Object.keys(d)).toEqual([...Object.keys(d)].sort());
  });

  it('--fail-on-new exits 1 only when a new finding reaches the threshold', async () => {
    expect((await cli(['diff', '--fail-on-new', 'medium', v1, v2])).code).toBe(1);
    expect((await cli(['diff', '--fail-on-new', 'info', j1, j2])).code).toBe(1);
    expect((await cli(['diff', '--fail-on-new', 'high', v1, v2])).code).toBe(0);
    // Backwards, the new finding is debuggable (high).
    expect((await cli(['diff', '--fail-on-new', 'high', j2, j1])).code).toBe(1);
    expect((await cli(['diff', '--fail-on-new', 'critical', j2, j1])).code).toBe(0);
    // The same build twice: nothing new.
    expect((await cli(['diff', '--fail-on-new', 'info', j1, v1])).code).toBe(0);
    const bad = await cli(['diff', '--fail-on-new', 'severe', v1, v2]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(ONE_LINE_ERROR);
    expect(bad.err).toContain('--fail-on-new');
  });

  it('warns prominently when the two sides are different apps', async () => {
    const r = await cli(['diff', v1, fixture('fingerprint-single-dex.apk')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/! DIFFERENT APPS: org\.dfslab\.fixture\.diffpair vs org\.dfslab\.fixture\.fpstable/);
  });

  it('bad input: one clear line and exit 2', async () => {
    const notJson = join(dir, 'broken.json');
    writeFileSync(notJson, '{"schemaVersion": 1, "findings": [');
    const wrongSchema = join(dir, 'schema9.json');
    writeFileSync(wrongSchema, JSON.stringify({ ...JSON.parse(readFileSync(j1, 'utf8')), schemaVersion: 9 }));
    const textApk = join(dir, 'notes.apk');
    writeFileSync(textApk, 'not a zip');
    const cases: Array<[string[], string]> = [
      [['diff', join(dir, 'absent.apk'), v2], 'DFSLAB_E_INPUT_NOT_FOUND'],
      [['diff', v1, join(dir, 'absent.json')], 'DFSLAB_E_RESULT_INVALID'],
      [['diff', notJson, v2], 'DFSLAB_E_RESULT_INVALID'],
      [['diff', v1, wrongSchema], 'DFSLAB_E_RESULT_INVALID'],
      [['diff', textApk, v2], 'DFSLAB_E_INPUT_NOT_AN_APP'],
    ];
    for (const [args, code] of cases) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toMatch(ONE_LINE_ERROR);
      expect(r.err).toContain(code);
      expect(r.out).toBe('');
    }
    expect((await cli(['diff', v1])).code).toBe(2);
  });

  it('a saved result with hostile identity fields still diffs without crashing', async () => {
    const doc = JSON.parse(readFileSync(j2, 'utf8'));
    doc.app.versionCode = { nested: [1, 2] };
    doc.app.signers = 'everyone';
    doc.app.inventory = { permissions: [1, null, 'android.permission.CAMERA'], components: [null, 7, { name: { x: 1 } }], networkSecurityConfig: [] };
    const hostile = join(dir, 'hostile.json');
    writeFileSync(hostile, JSON.stringify(doc));
    const r = await cli(['diff', '--json', j1, hostile]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const d = JSON.parse(r.out);
    expect(d.identity).toContainEqual({ field: 'permission', change: 'added', item: 'android.permission.CAMERA' });
    expect(d.identity).toContainEqual({ field: 'versionCode', change: 'removed', before: 1 });
    const text = await cli(['diff', j1, hostile]);
    expect(text.code).toBe(0);
    expect(text.out).toContain('! THE NEWER BUILD IS NOT SIGNED');
  });
});
