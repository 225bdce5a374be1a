import { describe, expect, it } from 'vitest';
import { allChecks } from '../../checks/registry.js';
import { CHECKS_ES } from './checks.es.js';
import { CHECKS_FR } from './checks.fr.js';
import { messagesFor, type CheckText } from './index.js';

const CATALOGS: ReadonlyArray<readonly ['fr' | 'es', Readonly<Record<string, CheckText>>]> = [
  ['fr', CHECKS_FR],
  ['es', CHECKS_ES],
];

/** What "DFS" becomes in each language (the report speaks of the sector by its local acronym). */
const DFS: Record<'fr' | 'es', string> = { fr: 'SFN', es: 'SFD' };

/** Backtick code spans, in order, repeats kept: a translation must carry the same multiset. */
function codeSpans(markdown: string): string[] {
  return [...markdown.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
}

function sortedSpans(markdown: string): string[] {
  return codeSpans(markdown).sort();
}

/** Lines that start a markdown list item (`- ` or `1. `), the structure a translation must keep. */
function listItemCount(markdown: string): number {
  return markdown.split('\n').filter((line) => /^\s*(?:- |\d+\. )/.test(line)).length;
}

const english = new Map(allChecks.map((c) => [c.id, { title: c.meta.title, remediation: c.meta.remediation }]));

describe('check message catalogs', () => {
  it('the registry has checks to translate', () => {
    expect(english.size).toBeGreaterThan(0);
    expect(english.size).toBe(allChecks.length);
  });

  for (const [lang, catalog] of CATALOGS) {
    describe(lang, () => {
      it('has an entry for every registered check', () => {
        const missing = [...english.keys()].filter((id) => !Object.hasOwn(catalog, id)).sort();
        expect(missing).toEqual([]);
      });

      it('has no entry for an id that is not a check (stale key)', () => {
        const stale = Object.keys(catalog).filter((id) => !english.has(id));
        expect(stale).toEqual([]);
      });

      it('is sorted by check id', () => {
        const keys = Object.keys(catalog);
        expect(keys).toEqual([...keys].sort());
      });

      it('has non-empty title and remediation that differ from the English', () => {
        const problems: string[] = [];
        for (const [id, text] of Object.entries(catalog)) {
          const en = english.get(id);
          if (!en) continue;
          if (text.title.trim() === '') problems.push(`${id}: empty title`);
          if (text.remediation.trim() === '') problems.push(`${id}: empty remediation`);
          if (text.title.trim() === en.title.trim()) problems.push(`${id}: title not translated`);
          if (text.remediation.trim() === en.remediation.trim()) problems.push(`${id}: remediation not translated`);
        }
        expect(problems).toEqual([]);
      });

      it('keeps every code span of the English remediation unchanged, and adds none', () => {
        const problems: string[] = [];
        for (const [id, en] of english) {
          const text = catalog[id];
          if (!text) continue;
          const want = sortedSpans(en.remediation);
          const got = sortedSpans(text.remediation);
          if (JSON.stringify(want) !== JSON.stringify(got)) {
            const lost = want.filter((s) => !got.includes(s));
            const added = got.filter((s) => !want.includes(s));
            problems.push(`${id}: lost ${JSON.stringify(lost)}, added ${JSON.stringify(added)}`);
          }
          const wantTitle = sortedSpans(en.title);
          const gotTitle = sortedSpans(text.title);
          if (JSON.stringify(wantTitle) !== JSON.stringify(gotTitle)) problems.push(`${id}: title code spans differ`);
        }
        expect(problems).toEqual([]);
      });

      it('keeps the markdown list structure of the remediation', () => {
        const problems: string[] = [];
        for (const [id, en] of english) {
          const text = catalog[id];
          if (!text) continue;
          const want = listItemCount(en.remediation);
          const got = listItemCount(text.remediation);
          if (want !== got) problems.push(`${id}: ${got} list items, English has ${want}`);
        }
        expect(problems).toEqual([]);
      });

      it(`renders "DFS" as ${DFS[lang]}`, () => {
        const problems: string[] = [];
        for (const [id, en] of english) {
          const text = catalog[id];
          if (!text) continue;
          for (const field of ['title', 'remediation'] as const) {
            if (/\bDFS\b/.test(en[field]) && !text[field].includes(DFS[lang])) problems.push(`${id}.${field}`);
            if (/\bDFS\b/.test(text[field].replace(/`[^`\n]*`/g, ''))) problems.push(`${id}.${field}: English "DFS" left`);
          }
        }
        expect(problems).toEqual([]);
      });

      it('is what the Messages API serves for this language', () => {
        const messages = messagesFor(lang);
        for (const id of english.keys()) expect(messages.check(id)).toBe(catalog[id]);
        expect(messages.check('no.such.check')).toBeUndefined();
      });
    });
  }

  it('English has no catalog: the check metadata is the source', () => {
    const en = messagesFor('en');
    for (const id of english.keys()) expect(en.check(id)).toBeUndefined();
  });

  it('the helpers see code spans and list items', () => {
    // Guards the guards: if these regexes broke, the structure tests above would pass vacuously.
    expect(codeSpans('Set `a="b"` and `c`; not `d')).toEqual(['a="b"', 'c']);
    expect(listItemCount('intro\n- one\n  - two\n1. three\nnot - a item')).toBe(3);
  });
});
