/**
 * @module catalog
 * The DFS recommendation catalog and the vocabularies findings are tagged with (OWASP MASVS v2, MASWE,
 * CWE), loaded from the YAML data under `catalog/data/`. The data is found next to this module, so the same
 * code works from `src/` (tests) and from `dist/` (the build copies the folder). Loading validates every
 * file (see validate.ts) and is cached per folder.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DFS_FOLDER,
  VOCABULARY_FILES,
  compileCatalog,
  type CatalogData,
  type CatalogItem,
  type CatalogSourceText,
  type CodeEntry,
  type CweEntry,
  type DocumentEntry,
  type MasvsControl,
  type MasweWeakness,
} from './validate.js';

export {
  CatalogError,
  DFS_PREFIXES,
  validateReferences,
  misplacedMaswe,
  compileCatalog,
  type CatalogItem,
  type CatalogProblem,
  type CatalogSourceText,
  type CodeEntry,
  type ControlRef,
  type CweEntry,
  type DocumentEntry,
  type MasvsControl,
  type MasweWeakness,
  type Source,
} from './validate.js';

/** Any entry of the catalog, as returned by `lookup`. */
export type CatalogEntry =
  | { kind: 'dfs'; id: string; item: CatalogItem }
  | { kind: 'masvs'; id: string; control: MasvsControl }
  | { kind: 'maswe'; id: string; weakness: MasweWeakness }
  | { kind: 'cwe'; id: string; weakness: CweEntry }
  | { kind: 'document'; id: string; document: DocumentEntry }
  | { kind: 'verification'; id: string; code: CodeEntry }
  | { kind: 'actor'; id: string; code: CodeEntry };

export interface Catalog {
  /** DFS recommendation items by id, in report order (APP, USSD, SIM, SS7, PLAT, GOV, USER; then number). */
  readonly items: ReadonlyMap<string, CatalogItem>;
  readonly masvs: ReadonlyMap<string, MasvsControl>;
  readonly maswe: ReadonlyMap<string, MasweWeakness>;
  readonly cwe: ReadonlyMap<string, CweEntry>;
  readonly documents: ReadonlyMap<string, DocumentEntry>;
  readonly actors: ReadonlyMap<string, CodeEntry>;
  readonly verification: ReadonlyMap<string, CodeEntry>;
  readonly flags: ReadonlyMap<string, CodeEntry>;
  /** The folder the catalog was loaded from. */
  readonly dir: string;
  /** The DFS item with this id (case-insensitive; `app-1` finds APP-01). */
  get(id: string): CatalogItem | undefined;
  /** True for an id of any vocabulary: DFS item, MASVS, MASWE, CWE, document, verification or actor code. */
  has(id: string): boolean;
  /** The entry with this id in any vocabulary, tagged with its kind. */
  lookup(id: string): CatalogEntry | undefined;
  /** DFS items matching every word (prefix match on words), best match first. */
  search(words: string): CatalogItem[];
  /** MASVS, MASWE and CWE entries matching every word, in vocabulary order. */
  searchVocabulary(words: string): CatalogEntry[];
  /** Report areas that have at least one item, in report order. */
  areas(): string[];
  /** DFS items that cite `id` (a MASVS, MASWE or CWE id, or another DFS item in `related`). */
  citing(id: string): CatalogItem[];
  /** Every id `lookup` knows, for suggestions. */
  allIds(): string[];
}

// Beside this module in src/ and dist/catalog/; from the single-file bundle (dist/dfslab.mjs), in catalog/data/.
const DEFAULT_DIR = [new URL('./data/', import.meta.url), new URL('./catalog/data/', import.meta.url)]
  .map((u) => fileURLToPath(u))
  .find((d) => existsSync(d)) ?? fileURLToPath(new URL('./data/', import.meta.url));
const cache = new Map<string, Catalog>();

/**
 * Loads and validates the catalog in `dir` (default: the data shipped with dfslab). The result is cached per
 * folder. Throws CatalogError (DFSLAB_E_CATALOG_INVALID) listing every problem with file:line:col.
 */
export function loadCatalog(dir: string = DEFAULT_DIR): Catalog {
  const root = resolve(dir);
  const cached = cache.get(root);
  if (cached) return cached;
  const catalog = buildCatalog(compileCatalog(readCatalogFiles(root), root), root);
  cache.set(root, catalog);
  return catalog;
}

/** Reads the fixed vocabulary files and every `dfs/*.yaml`; missing files are left to the validator. */
function readCatalogFiles(root: string): CatalogSourceText[] {
  const files: CatalogSourceText[] = [];
  const read = (rel: string): void => {
    const path = join(root, rel);
    if (!existsSync(path)) return;
    files.push({ file: rel, text: readFileSync(path, 'utf8') });
  };
  for (const name of Object.values(VOCABULARY_FILES)) read(name);
  const dfsDir = join(root, DFS_FOLDER);
  if (existsSync(dfsDir) && statSync(dfsDir).isDirectory()) {
    for (const name of readdirSync(dfsDir).sort()) {
      if (name.endsWith('.yaml') || name.endsWith('.yml')) read(`${DFS_FOLDER}/${name}`);
    }
  }
  return files;
}

const DFS_ID = /^([A-Z0-9]+)-0*(\d+)$/;

/** Canonical form of an id typed by a person: upper case, DFS numbers two digits, MASWE four, CWE none. */
export function normalizeId(raw: string): string {
  const id = raw.trim().toUpperCase();
  const maswe = /^MASWE-(\d+)$/.exec(id);
  if (maswe) return `MASWE-${(maswe[1] as string).padStart(4, '0')}`;
  const cwe = /^CWE-0*(\d+)$/.exec(id);
  if (cwe) return `CWE-${cwe[1] as string}`;
  const dfs = DFS_ID.exec(id);
  if (dfs && ['APP', 'USSD', 'SIM', 'SS7', 'PLAT', 'GOV', 'USER'].includes(dfs[1] as string)) {
    return `${dfs[1] as string}-${(dfs[2] as string).padStart(2, '0')}`;
  }
  const doc = /^D(\d+)([A-Z]?)$/.exec(id);
  if (doc) return `D${doc[1] as string}${(doc[2] as string).toLowerCase()}`;
  return id;
}

/** Lower-case word tokens; a trailing plural "s" is dropped so "logs" finds "log". */
function tokens(text: string): string[] {
  const out: string[] = [];
  for (const match of text.toLowerCase().matchAll(/[a-z0-9]+/g)) {
    const word = match[0];
    out.push(word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word);
  }
  return out;
}

/** Words of one searchable field with the weight a hit in it is worth. */
interface WeightedWords {
  weight: number;
  words: readonly string[];
}

function matchScore(queryWords: readonly string[], fields: readonly WeightedWords[]): number {
  let total = 0;
  for (const q of queryWords) {
    let best = 0;
    for (const field of fields) {
      if (field.weight > best && field.words.some((w) => w.startsWith(q))) best = field.weight;
    }
    if (best === 0) return 0;
    total += best;
  }
  return total;
}

function buildCatalog(data: CatalogData, dir: string): Catalog {
  const items = new Map(data.items.map((i) => [i.id, i]));
  const masvs = new Map(data.masvs.map((m) => [m.id, m]));
  const maswe = new Map(data.maswe.map((m) => [m.id, m]));
  const cwe = new Map(data.cwe.map((c) => [c.id, c]));
  const documents = new Map(data.documents.map((d) => [d.id, d]));
  const actors = new Map(data.actors.map((a) => [a.code, a]));
  const verification = new Map(data.verification.map((v) => [v.code, v]));
  const flags = new Map(data.flags.map((f) => [f.code, f]));

  // Search indexes are built on first use; most callers only look ids up.
  let itemIndex: { item: CatalogItem; fields: WeightedWords[] }[] | undefined;
  let vocabularyIndex: { entry: CatalogEntry; fields: WeightedWords[] }[] | undefined;

  const refTitles = (item: CatalogItem): string =>
    [
      ...(item.masvs ?? []).map((id) => masvs.get(id)?.title ?? ''),
      ...(item.maswe ?? []).map((id) => maswe.get(id)?.title ?? ''),
      ...(item.cwe ?? []).map((id) => cwe.get(id)?.name ?? ''),
    ].join(' ');

  const lookup = (raw: string): CatalogEntry | undefined => {
    const id = normalizeId(raw);
    const item = items.get(id);
    if (item) return { kind: 'dfs', id, item };
    const control = masvs.get(id);
    if (control) return { kind: 'masvs', id, control };
    const weakness = maswe.get(id);
    if (weakness) return { kind: 'maswe', id, weakness };
    const c = cwe.get(id);
    if (c) return { kind: 'cwe', id, weakness: c };
    const document = documents.get(id);
    if (document) return { kind: 'document', id, document };
    const v = verification.get(id);
    if (v) return { kind: 'verification', id, code: v };
    const a = actors.get(id);
    if (a) return { kind: 'actor', id, code: a };
    return undefined;
  };

  return {
    items,
    masvs,
    maswe,
    cwe,
    documents,
    actors,
    verification,
    flags,
    dir,
    get: (id) => items.get(normalizeId(id)),
    has: (id) => lookup(id) !== undefined,
    lookup,
    search(words) {
      const query = tokens(words);
      if (query.length === 0) return [];
      itemIndex ??= data.items.map((item) => ({
        item,
        fields: [
          { weight: 8, words: tokens(item.id) },
          { weight: 4, words: tokens(item.title) },
          { weight: 2, words: tokens(`${item.statement} ${item.area}`) },
          {
            weight: 1,
            words: tokens(
              [item.howToTest ?? '', item.notes ?? '', ...(item.masvs ?? []), ...(item.maswe ?? []), ...(item.cwe ?? []), refTitles(item), ...item.verification].join(' '),
            ),
          },
        ],
      }));
      return itemIndex
        .map(({ item, fields }) => ({ item, score: matchScore(query, fields) }))
        .filter((hit) => hit.score > 0)
        .sort((a, b) => b.score - a.score) // stable: ties keep report order
        .map((hit) => hit.item);
    },
    searchVocabulary(words) {
      const query = tokens(words);
      if (query.length === 0) return [];
      vocabularyIndex ??= [
        ...data.masvs.map((control) => ({
          entry: { kind: 'masvs', id: control.id, control } as CatalogEntry,
          fields: [{ weight: 1, words: tokens(`${control.id} ${control.title} ${control.statement}`) }],
        })),
        ...data.maswe.map((weakness) => ({
          entry: { kind: 'maswe', id: weakness.id, weakness } as CatalogEntry,
          fields: [{ weight: 1, words: tokens(`${weakness.id} ${weakness.title} ${weakness.summary ?? ''}`) }],
        })),
        ...data.cwe.map((weakness) => ({
          entry: { kind: 'cwe', id: weakness.id, weakness } as CatalogEntry,
          fields: [{ weight: 1, words: tokens(`${weakness.id} ${weakness.name}`) }],
        })),
      ];
      return vocabularyIndex.filter(({ fields }) => matchScore(query, fields) > 0).map(({ entry }) => entry);
    },
    areas: () => data.areas.filter((area) => data.items.some((item) => item.area === area)),
    citing(raw) {
      const id = normalizeId(raw);
      return data.items.filter(
        (item) =>
          item.masvs?.includes(id) || item.maswe?.includes(id) || item.cwe?.includes(id) || item.related?.includes(id),
      );
    },
    allIds: () => [
      ...items.keys(),
      ...masvs.keys(),
      ...maswe.keys(),
      ...cwe.keys(),
      ...documents.keys(),
      ...verification.keys(),
      ...actors.keys(),
    ],
  };
}
