/**
 * Meta-tests shared by every platform's check registry: the registry equals the check files on disk, ids are
 * unique, metadata is complete and every reference exists in the catalog (MASWE filed under its MASVS
 * control). Modelled on typescript-eslint's rule index and docs tests.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, statSync } from 'node:fs';
import { join, basename } from 'node:path';
import { loadCatalog, misplacedMaswe, validateReferences } from '../catalog/index.js';
import { SEVERITIES } from '../findings/types.js';
import type { Check } from './types.js';

/** Check modules on disk: every .ts file of a family folder except tests, index and *support files. */
function checkFilesOnDisk(platform: string, here: string): string[] {
  const out: string[] = [];
  for (const family of readdirSync(here)) {
    const fdir = join(here, family);
    if (!statSync(fdir).isDirectory() || family === 'testdata') continue;
    for (const f of readdirSync(fdir)) {
      if (!f.endsWith('.ts') || f.endsWith('.test.ts') || f === 'index.ts' || f.includes('support')) continue;
      out.push(`${platform}.${family}.${basename(f, '.ts')}`);
    }
  }
  return out.sort();
}

export function describeCheckRegistry(platform: 'android' | 'ios', checks: readonly Check<never>[], here: string): void {
  describe(`${platform} check registry`, () => {
    it('lists exactly the check files on disk, and each id matches its file', () => {
      expect(checks.map((c) => c.id).sort()).toEqual(checkFilesOnDisk(platform, here));
    });

    it('has unique ids', () => {
      const ids = checks.map((c) => c.id);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('gives every check complete metadata', () => {
      for (const c of checks) {
        const m = c.meta;
        expect(m.title.length, c.id).toBeGreaterThan(5);
        expect(SEVERITIES, c.id).toContain(m.severity);
        expect(m.family, c.id).toBe(c.id.split('.')[1]);
        expect(m.description.length, c.id).toBeGreaterThan(40);
        expect(m.manual.length, c.id).toBeGreaterThan(20);
        expect(m.remediation.length, c.id).toBeGreaterThan(20);
        expect(m.references.masvs.length, `${c.id} masvs`).toBeGreaterThan(0);
        expect(m.references.maswe.length, `${c.id} maswe`).toBeGreaterThan(0);
        expect(m.references.cwe.length, `${c.id} cwe`).toBeGreaterThan(0);
        expect(m.references.dfs.length, `${c.id} dfs`).toBeGreaterThan(0);
      }
    });

    it('references only ids that exist in the catalog', () => {
      const catalog = loadCatalog();
      for (const c of checks) {
        expect(validateReferences(catalog, c.meta.references), c.id).toEqual([]);
        expect(misplacedMaswe(catalog, c.meta.references), `${c.id}: MASWE filed under a MASVS control it does not belong to`).toEqual([]);
      }
    });
  });
}
