/**
 * Meta-tests of the USSD test-case registry, like the app check registries': the registry equals the folders,
 * ids are unique and well formed, every reference exists in the catalog vocabularies, and the documentation a
 * report needs is there.
 */
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCatalog, validateReferences } from '../../catalog/index.js';
import { ussdTests } from './index.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Test modules in the family folders (not index, support or test files). */
function testFiles(): string[] {
  const out: string[] = [];
  for (const family of readdirSync(here)) {
    const dir = join(here, family);
    if (!statSync(dir).isDirectory()) continue;
    for (const f of readdirSync(dir)) {
      if (!f.endsWith('.ts') || f === 'index.ts' || /support|\.test\.ts$|\.test-support\.ts$/.test(f)) continue;
      out.push(`${family}/${f.replace(/\.ts$/, '')}`);
    }
  }
  return out.sort();
}

describe('USSD test registry', () => {
  it('lists every test module of the family folders, once, under an id that matches its file', () => {
    const ids = ussdTests.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.map((id) => id.replace(/^ussd\./, '').replace('.', '/')).sort()).toEqual(testFiles());
  });

  it('tags every test with references that exist in the catalog, including at least one DFS item', () => {
    const catalog = loadCatalog();
    for (const t of ussdTests) {
      expect(validateReferences(catalog, t.meta.references), t.id).toEqual([]);
      expect(t.meta.references.dfs.length, `${t.id} has no DFS catalog reference`).toBeGreaterThan(0);
      expect(t.meta.catalogueId, t.id).toMatch(/^USSD-[A-Z]+-\d{2}$/);
    }
  });

  it('documents every test for the report: description, manual verification, remediation', () => {
    for (const t of ussdTests) {
      for (const k of ['title', 'description', 'manual', 'remediation'] as const) expect(t.meta[k].trim().length, `${t.id}.${k}`).toBeGreaterThan(10);
      expect(t.meta.family, t.id).toBe(t.id.split('.')[1]);
    }
  });
});

describe('docs/ussd-tests.md', () => {
  it('is generated from the test metadata and up to date (regenerate: node bin/dfslab.js ussd tests --markdown > docs/ussd-tests.md)', async () => {
    const { readFileSync } = await import('node:fs');
    const { renderUssdTestsMarkdown } = await import('../../cli/ussd-test.js');
    const onDisk = readFileSync(join(here, '..', '..', '..', 'docs', 'ussd-tests.md'), 'utf8');
    expect(onDisk).toBe(renderUssdTestsMarkdown());
  });
});
