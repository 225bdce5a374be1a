import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadCatalog, type CatalogItem } from '../../catalog/index.js';
import { CATALOG_FR } from './catalog.fr.js';
import { CATALOG_ES } from './catalog.es.js';
import { messagesFor, type CatalogText } from './index.js';

const catalog = loadCatalog();
const items: CatalogItem[] = [...catalog.items.values()];

// Every area of the vocabulary, not only those that have items today: an area gains items without
// anyone remembering the translations.
const vocabulary = parse(readFileSync(join(catalog.dir, 'vocabulary.yaml'), 'utf8')) as { areas: string[] };
const areas = vocabulary.areas;

const STEP = /^\s*\d+\./;
// DFS item ids and the like (APP-41, USSD-10, SIM-11, SS7-01, PLAT-07, GOV-01, USER-02).
const ITEM_ID = /\b(?:APP|USSD|SIM|SS7|PLAT|GOV|USER)-\d+\b/g;

function steps(text: string): string[] {
  return text.split('\n').filter((line) => STEP.test(line)).map((line) => (/^\s*(\d+)\./.exec(line) as RegExpExecArray)[1] as string);
}

function idsIn(text: string): string[] {
  return [...new Set(text.match(ITEM_ID) ?? [])].sort();
}

const LANGS: [string, CatalogText][] = [
  ['fr', CATALOG_FR],
  ['es', CATALOG_ES],
];

describe.each(LANGS)('catalog text in %s', (lang, text) => {
  it('gives a title to every catalog item', () => {
    const missing = items.filter((i) => !Object.hasOwn(text.items, i.id) || !text.items[i.id]?.title.trim());
    expect(missing.map((i) => i.id)).toEqual([]);
  });

  it('has no ids the catalog does not define', () => {
    expect(Object.keys(text.items).filter((id) => !catalog.items.has(id))).toEqual([]);
  });

  it('translates every area and no stale ones', () => {
    expect(areas.length).toBeGreaterThan(0);
    expect(areas.filter((a) => !Object.hasOwn(text.areas, a) || !text.areas[a]?.trim())).toEqual([]);
    expect(Object.keys(text.areas).filter((a) => !areas.includes(a))).toEqual([]);
  });

  it('gives test steps to exactly the items that have them, with the same numbered steps', () => {
    const problems: string[] = [];
    for (const item of items) {
      const own = text.items[item.id];
      if (!own) continue;
      if (item.howToTest === undefined) {
        if (own.howToTest !== undefined) problems.push(`${item.id}: howToTest but the catalog has none`);
        continue;
      }
      if (!own.howToTest?.trim()) {
        problems.push(`${item.id}: howToTest missing`);
        continue;
      }
      const en = steps(item.howToTest).join(',');
      const tr = steps(own.howToTest).join(',');
      if (en !== tr) problems.push(`${item.id}: steps ${tr} instead of ${en}`);
    }
    expect(problems).toEqual([]);
  });

  it('keeps the line structure of the test steps', () => {
    // Continuation lines are indented like the English ones, so a step never swallows the next.
    const problems: string[] = [];
    for (const item of items) {
      const own = text.items[item.id]?.howToTest;
      if (!item.howToTest || !own) continue;
      for (const line of own.split('\n')) {
        if (line !== '' && !STEP.test(line) && !/^ {3}\S/.test(line)) problems.push(`${item.id}: "${line}"`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('actually translates (no English left in place)', () => {
    const same: string[] = [];
    for (const item of items) {
      const own = text.items[item.id];
      if (!own) continue;
      if (own.title.trim() === item.title.trim()) same.push(`${item.id} title`);
      if (item.howToTest && own.howToTest?.trim() === item.howToTest.trim()) same.push(`${item.id} howToTest`);
    }
    for (const area of areas) if (text.areas[area] === area) same.push(area);
    expect(same).toEqual([]);
  });

  it('keeps the item ids the English mentions', () => {
    const problems: string[] = [];
    for (const item of items) {
      const own = text.items[item.id];
      if (!own) continue;
      const enText = `${item.title}\n${item.howToTest ?? ''}`;
      const trText = `${own.title}\n${own.howToTest ?? ''}`;
      const lost = idsIn(enText).filter((id) => !idsIn(trText).includes(id));
      if (lost.length > 0) problems.push(`${item.id}: ${lost.join(', ')}`);
    }
    expect(problems).toEqual([]);
  });

  it('is what messagesFor serves', () => {
    const m = messagesFor(lang as 'fr' | 'es');
    const first = items[0] as CatalogItem;
    expect(m.item(first.id)).toBe(text.items[first.id]);
    expect(m.area(first.area)).toBe(text.areas[first.area]);
    expect(m.item('NOPE-99')).toBeUndefined();
  });
});

describe('French and Spanish catalog text', () => {
  it('are different translations', () => {
    const same = items.filter((i) => CATALOG_FR.items[i.id]?.title === CATALOG_ES.items[i.id]?.title);
    expect(same.map((i) => i.id)).toEqual([]);
  });

  it('use the agreed terms for DFS', () => {
    // Reports for one lab must not mix "DFS" with the local acronym.
    for (const [lang, text, acronym] of [
      ['fr', CATALOG_FR, 'SFN'],
      ['es', CATALOG_ES, 'SFD'],
    ] as const) {
      const all = [...Object.values(text.items).flatMap((i) => [i.title, i.howToTest ?? '']), ...Object.values(text.areas)];
      expect(all.filter((s) => /\bDFS\b/.test(s)), lang).toEqual([]);
      expect(all.some((s) => s.includes(acronym)), lang).toBe(true);
    }
  });
});
