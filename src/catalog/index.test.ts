import { describe, expect, it } from 'vitest';
import { CORPUS_SKIP_MESSAGE, corpusDir, loadExpected } from '../../test/corpus.js';
import { loadCatalog, normalizeId, validateReferences } from './index.js';

const catalog = loadCatalog();
const corpus = corpusDir();

describe('ids', () => {
  it('normalises what people type to canonical ids', () => {
    expect(normalizeId(' app-1 ')).toBe('APP-01');
    expect(normalizeId('ss7-041')).toBe('SS7-41');
    expect(normalizeId('maswe-5')).toBe('MASWE-0005');
    expect(normalizeId('cwe-089')).toBe('CWE-89');
    expect(normalizeId('d5B')).toBe('D5b');
    expect(normalizeId('masvs-storage-1')).toBe('MASVS-STORAGE-1');
    expect(normalizeId('sa-apk')).toBe('SA-APK');
  });

  it('get finds DFS items only; has and lookup cover every vocabulary', () => {
    expect(catalog.get('app-41')?.id).toBe('APP-41');
    expect(catalog.get('MASWE-0063')).toBeUndefined();
    expect(catalog.lookup('MASWE-63')).toMatchObject({ kind: 'maswe', id: 'MASWE-0063' });
    expect(catalog.lookup('masvs-network-2')).toMatchObject({ kind: 'masvs', control: { group: 'MASVS-NETWORK' } });
    expect(catalog.lookup('CWE-926')).toMatchObject({ kind: 'cwe', weakness: { name: 'Improper Export of Android Application Components' } });
    expect(catalog.lookup('D4')).toMatchObject({ kind: 'document', document: { year: '2021' } });
    expect(catalog.lookup('LAB-RF')).toMatchObject({ kind: 'verification' });
    expect(catalog.lookup('MNO')).toMatchObject({ kind: 'actor' });
    for (const id of ['APP-01', 'MASVS-CODE-4', 'MASWE-0001', 'CWE-79', 'D1b', 'SA-IPA', 'DEV']) expect(catalog.has(id), id).toBe(true);
    for (const id of ['APP-00', 'APP-99', 'MASWE-0079', 'CWE-1', 'D16', 'XYZ', '']) expect(catalog.has(id), id).toBe(false);
    expect(new Set(catalog.allIds()).size).toBe(catalog.allIds().length);
  });

  it('ties every MASWE weakness to an existing MASVS control of its own group', () => {
    const groupOf: Record<string, [number, number]> = {
      'MASVS-STORAGE': [1, 6], 'MASVS-CRYPTO': [7, 17], 'MASVS-AUTH': [18, 25], 'MASVS-NETWORK': [26, 28],
      'MASVS-PLATFORM': [29, 40], 'MASVS-CODE': [41, 50], 'MASVS-RESILIENCE': [51, 65], 'MASVS-PRIVACY': [66, 78],
    };
    for (const weakness of catalog.maswe.values()) {
      const control = catalog.masvs.get(weakness.masvs ?? '');
      expect(control, weakness.id).toBeDefined();
      const [low, high] = groupOf[control?.group ?? ''] ?? [0, -1];
      const n = Number(weakness.id.slice(6));
      expect(n >= low && n <= high, `${weakness.id} under ${control?.group}`).toBe(true);
    }
  });
});

describe('search', () => {
  it('ranks id and title hits first and requires every word', () => {
    const pinning = catalog.search('certificate pinning').map((i) => i.id);
    expect(pinning.slice(0, 2).sort()).toEqual(['APP-18', 'APP-48']);
    expect(catalog.search('app-41')[0]?.id).toBe('APP-41');
    expect(catalog.search('sim swap biometric').map((i) => i.id)).toEqual(expect.arrayContaining(['SIM-43', 'SIM-41']));
    for (const item of catalog.search('sim swap biometric')) {
      const text = JSON.stringify(item).toLowerCase();
      expect(text).toContain('sim');
      expect(text).toContain('biometric');
    }
    expect(catalog.search('zebra')).toEqual([]);
    expect(catalog.search('  --  ')).toEqual([]);
  });

  it('matches word prefixes and plurals', () => {
    expect(catalog.search('obfusc').map((i) => i.id)).toEqual(expect.arrayContaining(['APP-55', 'APP-54']));
    expect(catalog.search('logs').map((i) => i.id)).toEqual(expect.arrayContaining(['PLAT-06', 'PLAT-36']));
  });

  it('searches the MASVS, MASWE and CWE vocabularies separately', () => {
    const ids = catalog.searchVocabulary('log').map((e) => e.id);
    expect(ids).toEqual(expect.arrayContaining(['MASWE-0005', 'CWE-532']));
    expect(ids.some((id) => id.startsWith('APP-'))).toBe(false);
  });
});

describe('grouping and citations', () => {
  it('lists areas in report order, each used by at least one item', () => {
    const areas = catalog.areas();
    expect(areas[0]).toBe('App: resilience and build hardening');
    expect(areas.at(-1)).toBe('Consumer');
    const used = new Set([...catalog.items.values()].map((i) => i.area));
    expect(new Set(areas)).toEqual(used);
  });

  it('finds the DFS items that cite a vocabulary id or another item', () => {
    expect(catalog.citing('MASWE-0028').map((i) => i.id)).toEqual(['APP-18', 'APP-48']);
    expect(catalog.citing('maswe-28').map((i) => i.id)).toEqual(['APP-18', 'APP-48']);
    expect(catalog.citing('APP-15').map((i) => i.id)).toEqual(['APP-05', 'APP-65']);
    expect(catalog.citing('CWE-1')).toEqual([]);
  });

  it('caches the shipped catalog', () => {
    expect(loadCatalog()).toBe(catalog);
  });
});

describe.skipIf(!corpus)(`corpus expectations${corpus ? '' : ` (skipped: ${CORPUS_SKIP_MESSAGE})`}`, () => {
  it('uses only MASWE and CWE ids the catalog defines', () => {
    if (!corpus) throw new Error(CORPUS_SKIP_MESSAGE);
    const expected = loadExpected(corpus);
    const maswe = [...new Set(expected.flatMap((e) => (e.maswe ? [e.maswe] : [])))];
    const cwe = [...new Set(expected.flatMap((e) => (e.cwe ? [e.cwe] : [])))];
    expect(maswe.length).toBeGreaterThan(20);
    expect(validateReferences(catalog, { maswe, cwe })).toEqual([]);
  });
});

describe('misplacedMaswe', () => {
  it('flags MASWE ids filed under MASVS controls they do not belong to (beta numbers)', async () => {
    const { misplacedMaswe } = await import('./index.js');
    // Beta MASWE-0052 (certificate validation) is v1 MASWE-0052 "App Virtualization Environment Detection".
    expect(misplacedMaswe(catalog, { masvs: ['MASVS-NETWORK-1'], maswe: ['MASWE-0052', 'MASWE-0027'] })).toEqual(['MASWE-0052']);
    // A secondary mapping counts: MASWE-0018 is mainly AUTH-1 but also PLATFORM-1.
    expect(misplacedMaswe(catalog, { masvs: ['MASVS-PLATFORM-1'], maswe: ['MASWE-0018'] })).toEqual([]);
    expect(misplacedMaswe(catalog, { masvs: ['MASVS-NETWORK-2'], maswe: ['MASWE-0047', 'MASWE-0028'] })).toEqual(['MASWE-0047']);
    expect(misplacedMaswe(catalog, { maswe: ['MASWE-0052'] })).toEqual([]);
    expect(catalog.maswe.get('MASWE-0047')?.masvsAlso).toEqual(['MASVS-AUTH-1', 'MASVS-CRYPTO-1', 'MASVS-NETWORK-1']);
  });
});
