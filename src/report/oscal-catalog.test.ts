/**
 * The DFS catalog as OSCAL: valid against the NIST OSCAL 1.0.4 catalog schema, deterministic, and every id
 * and reference inside it resolves.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { objectsWith, oscalValidator, type Json } from '../../test/schemas/validate.js';
import { repoRoot } from '../../test/corpus.js';
import { loadCatalog } from '../catalog/index.js';
import { VERSION } from '../version.js';
import { CATALOG_LAST_MODIFIED, oscalControlId, oscalGroupId, renderOscalCatalog } from './oscal-catalog.js';

const schemaErrors = oscalValidator('oscal_catalog_schema.json');

const catalog = loadCatalog();

describe('OSCAL catalog', () => {
  const text = renderOscalCatalog(catalog);
  const doc = JSON.parse(text) as { catalog: Json };
  const cat = doc.catalog;
  const groups = cat.groups as Json[];
  const controls = groups.flatMap((g) => g.controls as Json[]);

  it('is valid against the OSCAL 1.0.4 catalog schema', () => {
    expect(schemaErrors(doc)).toBeUndefined();
  });

  it('the validator is live: it rejects a broken catalog', () => {
    const broken = JSON.parse(text) as { catalog: Json };
    ((broken.catalog.groups as Json[])[0]!.controls as Json[])[0]!.id = 'APP 01';
    delete (broken.catalog.metadata as Json)['last-modified'];
    expect(schemaErrors(broken)).toMatch(/last-modified/);
    expect(schemaErrors(broken)).toMatch(/pattern/);
  });

  it('is deterministic and stamped as documented', () => {
    expect(renderOscalCatalog(catalog)).toBe(text);
    const meta = cat.metadata as Json;
    expect(meta['oscal-version']).toBe('1.0.4');
    expect(meta.version).toBe(VERSION);
    expect(meta['last-modified']).toBe(CATALOG_LAST_MODIFIED);
    expect(meta.title).toBe('dfslab DFS security recommendations');
  });

  it('takes last-modified from the caller, and the document uuid follows the content', () => {
    const other = JSON.parse(renderOscalCatalog(catalog, { lastModified: '2027-03-01T12:00:00+01:00' })) as { catalog: Json };
    expect((other.catalog.metadata as Json)['last-modified']).toBe('2027-03-01T12:00:00+01:00');
    expect(other.catalog.uuid).not.toBe(cat.uuid);
    expect(schemaErrors(other)).toBeUndefined();
  });

  it('has one group per area and one control per DFS item, in catalog order', () => {
    expect(groups.map((g) => g.title)).toEqual(catalog.areas());
    expect(groups.map((g) => g.id)).toEqual(catalog.areas().map(oscalGroupId));
    expect(oscalGroupId('App: network communication')).toBe('app-network-communication');
    expect(oscalGroupId('USSD/STK: sessions and authentication')).toBe('ussd-stk-sessions-and-authentication');
    const expected = catalog.areas().flatMap((area) => [...catalog.items.values()].filter((i) => i.area === area).map((i) => oscalControlId(i.id)));
    expect(controls.map((c) => c.id)).toEqual(expected);
    expect(controls.length).toBe(catalog.items.size);
    for (const g of groups) {
      for (const c of g.controls as Json[]) {
        const item = catalog.get(c.id as string)!;
        expect(item.area).toBe(g.title);
        expect(c.title).toBe(item.title);
        const props = c.props as Json[];
        expect(props.find((p) => p.name === 'label')?.value).toBe(item.id);
        expect(props.filter((p) => p.name === 'verification-method').map((p) => p.value)).toEqual(item.verification);
        const parts = c.parts as Json[];
        expect(parts[0]).toMatchObject({ id: `${c.id as string}_smt`, name: 'statement' });
        if (item.howToTest) expect(parts.find((p) => p.name === 'assessment-method')?.prose).toBe(item.howToTest.trim());
      }
    }
  });

  it('has unique ids and uuids, and every link resolves', () => {
    const ids = objectsWith(cat, 'id').map((o) => o.id as string);
    expect(new Set(ids).size).toBe(ids.length);
    const uuids = objectsWith(cat, 'uuid').map((o) => o.uuid as string);
    expect(new Set(uuids).size).toBe(uuids.length);
    const resources = new Set(((cat['back-matter'] as Json).resources as Json[]).map((r) => r.uuid as string));
    const controlIds = new Set(controls.map((c) => c.id as string));
    const links = objectsWith(cat, 'href').filter((l) => 'rel' in l);
    expect(links.length).toBeGreaterThan(catalog.items.size);
    for (const l of links) {
      const target = (l.href as string).slice(1);
      if (l.rel === 'related') expect(controlIds.has(target), `${l.href as string}`).toBe(true);
      else expect(resources.has(target), `${l.href as string} (${l.text as string})`).toBe(true);
    }
  });

  it('cites every document and every MASVS/MASWE/CWE id an item references', () => {
    const resources = ((cat['back-matter'] as Json).resources as Json[]).map(
      (r) => ((r.props as Json[]).find((p) => p.name === 'catalog-id')?.value as string) ?? '',
    );
    for (const d of catalog.documents.keys()) expect(resources).toContain(d);
    for (const item of catalog.items.values()) {
      for (const id of [...(item.masvs ?? []), ...(item.maswe ?? []), ...(item.cwe ?? [])]) expect(resources).toContain(id);
    }
    const app01 = controls.find((c) => c.id === 'app-01')!;
    expect((app01.links as Json[]).map((l) => l.text)).toEqual(expect.arrayContaining(['MASVS-NETWORK-1', 'CWE-327', 'D1b 8.4 p30']));
  });
});
