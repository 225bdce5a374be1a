/**
 * @module cli/catalog
 * `dfslab catalog`: browse the DFS recommendation catalog and the MASVS, MASWE and CWE vocabularies.
 *   list [--area <text>] [--verification <code>] [--actor <code>] [--vocabulary <name>] [--json]
 *   show <id> [--json]          any id: DFS item, MASVS, MASWE, CWE, document, verification or actor code
 *   search <words...> [--json]
 *   export [--format oscal|json] [--out <file>]
 * Tables are for people; `--json` prints the same data with sorted keys for scripts.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ErrorCodes, UsageError } from '../errors.js';
import { loadCatalog, normalizeId, type Catalog, type CatalogEntry, type CatalogItem } from '../catalog/index.js';
import { renderOscalCatalog } from '../report/oscal-catalog.js';
import { stableStringify } from '../report/stable-json.js';
import type { CliIO } from './main.js';

/** Text is wrapped to this width; the catalog's prose is written for it. */
const WIDTH = 100;
const VOCABULARIES = ['masvs', 'maswe', 'cwe', 'documents', 'verification', 'actors', 'flags', 'areas'] as const;
type VocabularyName = (typeof VOCABULARIES)[number];

export function registerCatalog(program: Command, io: CliIO, setExit: (code: number) => void): void {
  // Every outcome is either output (exit 0) or a thrown UsageError that cli/main turns into exit 2.
  void setExit;
  const catalog = program
    .command('catalog')
    .description('browse the DFS recommendations (ITU/FIGI) and the MASVS, MASWE and CWE vocabularies');

  catalog
    .command('list')
    .description('list DFS recommendation items, grouped by area (or a vocabulary with --vocabulary)')
    .option('--area <text>', 'only items whose area contains this text, e.g. "network" or "USSD"')
    .option('--verification <code>', 'only items verifiable this way, e.g. SA-APK, DYN-USSD, EVID')
    .option('--actor <code>', 'only items for this actor, e.g. DFSP, MNO, REG')
    .option('--vocabulary <name>', `list a vocabulary instead: ${VOCABULARIES.join(', ')}`)
    .option('--json', 'print JSON instead of a table')
    .action((flags: { area?: string; verification?: string; actor?: string; vocabulary?: string; json?: boolean }) => {
      const data = loadCatalog();
      if (flags.vocabulary !== undefined) {
        listVocabulary(data, io, parseVocabularyName(flags.vocabulary), flags.json === true);
        return;
      }
      const items = filterItems(data, flags);
      if (flags.json) {
        io.out(`${stableStringify(items)}\n`);
        return;
      }
      io.out(renderItemTable(data, items));
      io.out(`${items.length} item${items.length === 1 ? '' : 's'}\n`);
    });

  catalog
    .command('show')
    .description('show one entry: a DFS item (APP-41), MASVS control, MASWE or CWE id, document (D4) or code')
    .argument('<id>', 'the id to show (case-insensitive)')
    .option('--json', 'print JSON instead of text')
    .action((id: string, flags: { json?: boolean }) => {
      const data = loadCatalog();
      const entry = data.lookup(id);
      if (!entry) throw unknownId(data, id);
      const citing = entry.kind === 'dfs' ? [] : data.citing(entry.id);
      if (flags.json) {
        io.out(`${stableStringify({ ...entry, citedBy: citing.map((i) => i.id) })}\n`);
        return;
      }
      io.out(renderEntry(data, entry, citing));
    });

  catalog
    .command('export')
    .description('write the whole catalog in an interchange format (OSCAL 1.0.4 catalog, or dfslab JSON)')
    .option('--format <format>', 'oscal or json', 'oscal')
    .option('--out <file>', 'write to this file instead of standard output')
    .action((flags: { format: string; out?: string }) => {
      const data = loadCatalog();
      const format = flags.format.toLowerCase();
      let text: string;
      if (format === 'oscal') text = renderOscalCatalog(data);
      else if (format === 'json') text = `${stableStringify({ items: [...data.items.values()], areas: data.areas() })}\n`;
      else throw new UsageError(ErrorCodes.USAGE, `catalog export --format takes oscal or json (got "${flags.format}")`);
      if (flags.out) {
        writeFileSync(flags.out, text);
        io.err(`dfslab: wrote the ${format === 'oscal' ? 'OSCAL' : 'JSON'} catalog (${data.items.size} items) to ${flags.out}\n`);
      } else io.out(text);
    });

  catalog
    .command('search')
    .description('find DFS items (and MASVS/MASWE/CWE entries) containing all the given words')
    .argument('<words...>', 'words to look for; prefixes match ("encrypt" finds "encryption")')
    .option('--json', 'print JSON instead of a table')
    .action((words: string[], flags: { json?: boolean }) => {
      const data = loadCatalog();
      const query = words.join(' ');
      const items = data.search(query);
      const vocabulary = data.searchVocabulary(query);
      if (flags.json) {
        io.out(`${stableStringify({ query, items, vocabulary })}\n`);
        return;
      }
      if (items.length === 0 && vocabulary.length === 0) {
        io.out(`No catalog entry contains all of: ${query}\n`);
        return;
      }
      if (items.length > 0) {
        const w = Math.max(...items.map((i) => i.id.length));
        for (const item of items) io.out(`${item.id.padEnd(w)}  ${item.title}  (${item.area})\n`);
        io.out(`${items.length} DFS item${items.length === 1 ? '' : 's'}\n`);
      }
      if (vocabulary.length > 0) {
        if (items.length > 0) io.out('\n');
        const w = Math.max(...vocabulary.map((e) => e.id.length));
        for (const entry of vocabulary) io.out(`${entry.id.padEnd(w)}  ${entryTitle(entry)}\n`);
        io.out(`${vocabulary.length} vocabulary entr${vocabulary.length === 1 ? 'y' : 'ies'}\n`);
      }
    });
}

function parseVocabularyName(raw: string): VocabularyName {
  const name = raw.trim().toLowerCase();
  if ((VOCABULARIES as readonly string[]).includes(name)) return name as VocabularyName;
  throw new UsageError(ErrorCodes.USAGE, `unknown vocabulary "${raw}"; use one of: ${VOCABULARIES.join(', ')}`);
}

function filterItems(data: Catalog, flags: { area?: string; verification?: string; actor?: string }): CatalogItem[] {
  let items = [...data.items.values()];
  if (flags.area !== undefined) {
    const wanted = flags.area.trim().toLowerCase();
    const areas = data.areas().filter((a) => a.toLowerCase().includes(wanted));
    if (wanted === '' || areas.length === 0) {
      throw new UsageError(ErrorCodes.USAGE, `no area contains "${flags.area}"; areas are: ${data.areas().join('; ')}`);
    }
    items = items.filter((i) => areas.includes(i.area));
  }
  if (flags.verification !== undefined) {
    const code = flags.verification.trim().toUpperCase();
    if (!data.verification.has(code)) {
      throw new UsageError(
        ErrorCodes.USAGE,
        `unknown verification code "${flags.verification}"; use one of: ${[...data.verification.keys()].join(', ')}`,
      );
    }
    items = items.filter((i) => i.verification.includes(code));
  }
  if (flags.actor !== undefined) {
    const code = flags.actor.trim().toUpperCase();
    if (!data.actors.has(code)) {
      throw new UsageError(ErrorCodes.USAGE, `unknown actor "${flags.actor}"; use one of: ${[...data.actors.keys()].join(', ')}`);
    }
    items = items.filter((i) => i.actors.includes(code));
  }
  return items;
}

function renderItemTable(data: Catalog, items: readonly CatalogItem[]): string {
  if (items.length === 0) return '';
  const idWidth = Math.max(...items.map((i) => i.id.length));
  const verificationWidth = Math.max(...items.map((i) => i.verification.join(' ').length));
  let out = '';
  for (const area of data.areas()) {
    const inArea = items.filter((i) => i.area === area);
    if (inArea.length === 0) continue;
    out += `${out === '' ? '' : '\n'}${area}\n`;
    for (const item of inArea) {
      out += `  ${item.id.padEnd(idWidth)}  ${item.verification.join(' ').padEnd(verificationWidth)}  ${item.title}\n`;
    }
  }
  return out;
}

function listVocabulary(data: Catalog, io: CliIO, name: VocabularyName, json: boolean): void {
  const rows: { id: string; title: string; detail?: string }[] = (() => {
    switch (name) {
      case 'masvs':
        return [...data.masvs.values()].map((c) => ({ id: c.id, title: c.title, detail: c.statement }));
      case 'maswe':
        return [...data.maswe.values()].map((w) => ({ id: w.id, title: w.title, detail: w.masvs }));
      case 'cwe':
        return [...data.cwe.values()].map((c) => ({ id: c.id, title: c.name }));
      case 'documents':
        return [...data.documents.values()].map((d) => ({ id: d.id, title: d.title, detail: `${d.edition}, ${d.year}` }));
      case 'verification':
        return [...data.verification.values()].map((c) => ({ id: c.code, title: c.title, detail: c.description }));
      case 'actors':
        return [...data.actors.values()].map((c) => ({ id: c.code, title: c.title, detail: c.description }));
      case 'flags':
        return [...data.flags.values()].map((c) => ({ id: c.code, title: c.title, detail: c.description }));
      case 'areas':
        return data.areas().map((area) => ({
          id: area,
          title: `${[...data.items.values()].filter((i) => i.area === area).length} items`,
        }));
    }
  })();
  if (json) {
    io.out(`${stableStringify(rows)}\n`);
    return;
  }
  const w = Math.max(...rows.map((r) => r.id.length));
  for (const row of rows) {
    const detail = name === 'maswe' && row.detail ? `  [${row.detail}]` : '';
    io.out(`${row.id.padEnd(w)}  ${row.title}${detail}\n`);
  }
  io.out(`${rows.length} ${name === 'areas' ? 'areas' : 'entries'}\n`);
}

function entryTitle(entry: CatalogEntry): string {
  switch (entry.kind) {
    case 'dfs':
      return entry.item.title;
    case 'masvs':
      return entry.control.title;
    case 'maswe':
      return entry.weakness.title;
    case 'cwe':
      return entry.weakness.name;
    case 'document':
      return entry.document.title;
    case 'verification':
    case 'actor':
      return entry.code.title;
  }
}

/**
 * Greedy word wrap; `first` prefixes the first line, `rest` the following ones. Splitting on single spaces
 * keeps deliberate double spaces (the "ID  title" columns) intact.
 */
function wrap(text: string, first: string, rest: string = ' '.repeat(first.length)): string {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.replace(/\s*\n\s*/g, ' ').trim().split(' ')) {
    if (!empty && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = rest;
      empty = true;
    }
    line += empty ? word : ` ${word}`;
    empty = false;
  }
  lines.push(line);
  return `${lines.join('\n')}\n`;
}

const LABEL = 15;
const field = (label: string, text: string): string => wrap(text, `${label}:`.padEnd(LABEL));
const fieldLines = (label: string, lines: readonly string[]): string =>
  lines.map((line, i) => wrap(line, i === 0 ? `${label}:`.padEnd(LABEL) : ' '.repeat(LABEL), ' '.repeat(LABEL + 2))).join('');

function renderEntry(data: Catalog, entry: CatalogEntry, citing: readonly CatalogItem[]): string {
  let out = `${entry.id}  ${entryTitle(entry)}\n`;
  switch (entry.kind) {
    case 'dfs':
      return out + renderItem(data, entry.item);
    case 'masvs': {
      out += field('Statement', entry.control.statement);
      const weaknesses = [...data.maswe.values()].filter((w) => w.masvs === entry.id);
      if (weaknesses.length) out += fieldLines('MASWE', weaknesses.map((w) => `${w.id}  ${w.title}`));
      break;
    }
    case 'maswe': {
      const control = entry.weakness.masvs ? data.masvs.get(entry.weakness.masvs) : undefined;
      if (entry.weakness.summary) out += field('Summary', entry.weakness.summary);
      if (control) out += field('MASVS', `${control.id}  ${control.title}`);
      if (entry.weakness.masvsAlso) out += field('Also under', entry.weakness.masvsAlso.join(', '));
      if (entry.weakness.titleSource === 'dfslab') out += field('Title', 'descriptive title written by dfslab');
      break;
    }
    case 'cwe':
      out += field('Link', `https://cwe.mitre.org/data/definitions/${entry.id.slice(4)}.html`);
      break;
    case 'document':
      out += field('Edition', `${entry.document.edition}, ${entry.document.year}`);
      if (entry.document.url) out += field('URL', entry.document.url);
      out += field('Cited by', `${[...data.items.values()].filter((i) => i.sources.some((s) => s.doc === entry.id)).length} items`);
      return out;
    case 'verification':
    case 'actor': {
      out += field('Meaning', entry.code.description);
      const key = entry.kind === 'verification' ? 'verification' : 'actors';
      out += field('Used by', `${[...data.items.values()].filter((i) => i[key].includes(entry.id)).length} items`);
      return out;
    }
  }
  if (citing.length) out += fieldLines('DFS items', citing.map((i) => `${i.id}  ${i.title}`));
  return out;
}

function renderItem(data: Catalog, item: CatalogItem): string {
  const code = (map: ReadonlyMap<string, { title: string }>, c: string): string => `${c} (${map.get(c)?.title ?? '?'})`;
  let out = '';
  out += field('Area', item.area);
  out += field('Statement', item.statement);
  out += field('Actors', item.actors.map((a) => code(data.actors, a)).join(', '));
  out += field('Verification', item.verification.map((v) => code(data.verification, v)).join(', '));
  out += fieldLines(
    'Sources',
    item.sources.map((s) => `${s.doc}${s.locator ? ` ${s.locator}` : ''}: ${s.title}, ${s.edition} (${s.year})`),
  );
  if (item.controls) {
    out += field(
      'Controls',
      item.controls.map((c) => (c.edition ? `${c.number} (${c.edition} edition)` : c.number)).join(', '),
    );
  }
  if (item.owaspMobile2016) out += field('OWASP 2016', item.owaspMobile2016);
  if (item.masvs) out += fieldLines('MASVS', item.masvs.map((id) => `${id}  ${data.masvs.get(id)?.title ?? ''}`));
  if (item.maswe) out += fieldLines('MASWE', item.maswe.map((id) => `${id}  ${data.maswe.get(id)?.title ?? ''}`));
  if (item.cwe) out += fieldLines('CWE', item.cwe.map((id) => `${id}  ${data.cwe.get(id)?.name ?? ''}`));
  if (item.related) out += field('Related', item.related.join(', '));
  if (item.flags) out += fieldLines('Flags', item.flags.map((f) => `${f}: ${data.flags.get(f)?.title ?? ''}`));
  if (item.notes) out += field('Notes', item.notes);
  if (item.howToTest) {
    out += 'How to test:\n';
    for (const line of item.howToTest.split('\n')) out += line.trim() === '' ? '' : `  ${line}\n`;
  }
  out += field('Defined in', `${item.file}:${item.line}`);
  return out;
}

/** One clear error with the closest id, so a typo costs one more command, not a search. */
function unknownId(data: Catalog, raw: string): UsageError {
  const suggestion = closestId(data, normalizeId(raw));
  const hint = suggestion ? `did you mean ${suggestion}?` : 'try `dfslab catalog search <words>`';
  return new UsageError(ErrorCodes.CATALOG_UNKNOWN_ID, `unknown catalog id "${raw}"; ${hint}`);
}

function closestId(data: Catalog, id: string): string | undefined {
  if (id === '') return undefined;
  const ids = data.allIds();
  const byPrefix = ids.find((candidate) => candidate.startsWith(id) && id.length >= 3);
  if (byPrefix) return byPrefix;
  // Fewest edits wins; among equals, the longest shared start (APP-411 -> APP-41, not APP-11).
  let best: string | undefined;
  let bestDistance = Infinity;
  let bestShared = -1;
  for (const candidate of ids) {
    const upper = candidate.toUpperCase();
    const d = editDistance(id, upper);
    let shared = 0;
    while (shared < id.length && shared < upper.length && id[shared] === upper[shared]) shared++;
    if (d < bestDistance || (d === bestDistance && shared > bestShared)) {
      best = candidate;
      bestDistance = d;
      bestShared = shared;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(id.length / 3)) ? best : undefined;
}

/** Levenshtein distance with one reused row; ids are short, so this is cheap. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
}
