/**
 * ARCHITECTURE §3: every check has at least one committed app that triggers it and one that does not. The
 * apps are the fixtures built from source (fixtures/android/build) and the small per-family test apps
 * (src/checks/<platform>/<family>/testdata), for Android and iOS, all committed with the scripts that rebuild them.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { audit } from '../src/audit.js';
import { allChecks } from '../src/checks/registry.js';
import { repoRoot } from './corpus.js';

function appsUnder(dir: string, out: string[] = []): string[] {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) appsUnder(p, out);
    else if (/\.(apk|apks|xapk|ipa)$/.test(f)) out.push(p);
  }
  return out;
}

describe('fixture coverage of the checks', () => {
  it('every check fires on at least one committed app and stays silent on another', async () => {
    const apps = [
      ...appsUnder(join(repoRoot, 'fixtures', 'android', 'build')),
      ...appsUnder(join(repoRoot, 'fixtures', 'ios', 'build')),
      ...appsUnder(join(repoRoot, 'src', 'checks')),
    ];
    expect(apps.length).toBeGreaterThan(20);
    const fired = new Map<string, string[]>();
    const silent = new Map<string, string[]>();
    for (const file of apps) {
      const r = await audit(readFileSync(file), { label: relative(repoRoot, file) });
      const ids = new Set(r.findings.map((f) => f.checkId));
      for (const c of allChecks) {
        const m = ids.has(c.id) ? fired : silent;
        m.set(c.id, [...(m.get(c.id) ?? []), relative(repoRoot, file)]);
      }
    }
    const uncovered = allChecks.map((c) => c.id).filter((id) => !fired.has(id) || !silent.has(id));
    expect(uncovered, 'checks without a triggering and a non-triggering fixture app').toEqual([]);
  }, 120_000);
});
