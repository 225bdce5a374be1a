/**
 * @module catalog/validate
 * Turns the catalog's YAML texts into checked, plain data. Every problem is collected with its file, line
 * and column (through the shared position-aware reader in formats/yaml/reader.ts) so that a broken catalog
 * is reported in one go, not one error per run. The rules: unique ids, an id pattern per file, required
 * fields present and of the right type, no unknown fields (typos), known actor/verification/flag/area
 * codes, and every MASVS/MASWE/CWE/document/related-item reference defined somewhere in the catalog.
 */
import { isScalar } from 'yaml';
import type { YAMLMap } from 'yaml';
import { DfslabError, ErrorCodes } from '../errors.js';
import type { Catalog } from './index.js';
import { FileReader, RecordReader, parseYamlFile, type Located, type YamlProblem } from '../formats/yaml/reader.js';

/** One problem found in the catalog data, with where it is. `file` is relative to the catalog folder. */
export type CatalogProblem = YamlProblem;

/** The catalog data is malformed; `problems` lists every problem found, each with file:line:col. */
export class CatalogError extends DfslabError {
  readonly problems: readonly CatalogProblem[];

  constructor(problems: readonly CatalogProblem[], dir: string) {
    const lines = problems.map((p) => `  ${p.file}:${p.line}:${p.col}: ${p.message}`);
    super(
      ErrorCodes.CATALOG_INVALID,
      `the catalog data has ${problems.length} problem${problems.length === 1 ? '' : 's'}; fix the YAML files listed below (see docs/catalog.md)\n${lines.join('\n')}`,
      { path: dir },
    );
    this.problems = problems;
  }
}

/** A YAML text of the catalog with its path relative to the catalog folder (e.g. `dfs/app.yaml`). */
export interface CatalogSourceText {
  file: string;
  text: string;
}

/** The folder layout: fixed vocabulary files at the top, DFS items under `dfs/`. */
export const VOCABULARY_FILES = {
  vocabulary: 'vocabulary.yaml',
  documents: 'documents.yaml',
  masvs: 'masvs.yaml',
  maswe: 'maswe.yaml',
  cwe: 'cwe.yaml',
} as const;
export const DFS_FOLDER = 'dfs';

/** DFS item id prefixes, in report order (the reference's working-id scheme). */
export const DFS_PREFIXES = ['APP', 'USSD', 'SIM', 'SS7', 'PLAT', 'GOV', 'USER'] as const;

/** Verification codes that an automated static audit covers; any other code needs `howToTest`. */
const AUTOMATED_VERIFICATION = new Set(['SA-APK', 'SA-IPA']);

/** Control editions of the DFS security assurance framework (C-numbers differ between them). */
const CONTROL_EDITIONS = new Set([2020, 2021]);

const MASVS_ID = /^MASVS-(STORAGE|CRYPTO|AUTH|NETWORK|PLATFORM|CODE|RESILIENCE|PRIVACY)-[1-9]$/;
const MASWE_ID = /^MASWE-\d{4}$/;
const CWE_ID = /^CWE-[1-9]\d*$/;
const DOC_ID = /^D[1-9]\d*[a-z]?$/;
const UPPER_CODE = /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$/;
const LOWER_CODE = /^[a-z][a-z0-9-]*$/;
const CONTROL_NUMBER = /^C\d+(-C\d+)?$/;
const OWASP_2016 = /^M([1-9]|10)$/;

/** Files above this size are refused: the catalog is small, and a huge file means a wrong folder. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------------
// Plain data produced by validation (index.ts turns it into the Catalog object)

export interface CodeEntry {
  code: string;
  title: string;
  description: string;
}

export interface DocumentEntry {
  id: string;
  title: string;
  edition: string;
  year: string;
  url?: string;
}

export interface MasvsControl {
  id: string;
  /** The MASVS group, e.g. `MASVS-STORAGE`. */
  group: string;
  title: string;
  statement: string;
}

export interface MasweWeakness {
  id: string;
  title: string;
  /** Primary MASVS v2 control. */
  masvs?: string;
  /** Further MASVS v2 controls MASWE maps the weakness to. */
  masvsAlso?: string[];
  summary?: string;
  /** `owasp` when the title is the published MASWE title, `dfslab` when we wrote a descriptive one. */
  titleSource: 'owasp' | 'dfslab';
}

export interface CweEntry {
  id: string;
  name: string;
}

/** A citation of an ITU/FIGI document, resolved from `documents.yaml`. */
export interface Source {
  /** Document id, e.g. `D1`, `D5b`. */
  doc: string;
  title: string;
  edition: string;
  year: string;
  /** Section, page, control, test or question number exactly as the reference gives it. */
  locator?: string;
  url?: string;
}

/** A control number of the DFS security assurance framework; numbers shift between editions. */
export interface ControlRef {
  number: string;
  /** 2020 (1st edition) or 2021 (2nd edition); absent when the reference does not say. */
  edition?: number;
}

export interface CatalogItem {
  id: string;
  title: string;
  statement: string;
  area: string;
  sources: Source[];
  actors: string[];
  verification: string[];
  howToTest?: string;
  masvs?: string[];
  maswe?: string[];
  cwe?: string[];
  flags?: string[];
  controls?: ControlRef[];
  related?: string[];
  /** OWASP Mobile Top 10 (2016) category used by the D3 audit, e.g. `M1`. */
  owaspMobile2016?: string;
  notes?: string;
  /** Where the item is defined, relative to the catalog folder, and its line. */
  file: string;
  line: number;
}

export interface CatalogData {
  actors: CodeEntry[];
  verification: CodeEntry[];
  flags: CodeEntry[];
  areas: string[];
  documents: DocumentEntry[];
  masvs: MasvsControl[];
  maswe: MasweWeakness[];
  cwe: CweEntry[];
  /** DFS items in report order (prefix order, then number). */
  items: CatalogItem[];
}

// ---------------------------------------------------------------------------------------------------
// Parsing (the position-aware reading itself is in formats/yaml/reader.ts, shared with the questionnaires)

/** Parses one file; returns the top-level mapping, or undefined after recording why not. */
function parseFile(source: CatalogSourceText, sink: CatalogProblem[]): ParsedFile | undefined {
  const reader = new FileReader(source.file, sink);
  const root = parseYamlFile(reader, source.text, { maxBytes: MAX_FILE_BYTES, kind: 'a catalog file', place: 'the catalog' });
  return root === undefined ? undefined : { reader, root };
}

// ---------------------------------------------------------------------------------------------------
// Per-file readers

/** Remembers where each id was first defined, to report duplicates with both places. */
class IdRegistry {
  private readonly seen = new Map<string, string>();

  claim(reader: FileReader, id: Located<string>, kind: string): boolean {
    const first = this.seen.get(id.value);
    if (first !== undefined) {
      reader.problem(id.node, `duplicate ${kind} id "${id.value}" (first defined at ${first})`);
      return false;
    }
    this.seen.set(id.value, `${reader.file}:${reader.lineOf(id.node)}`);
    return true;
  }

  ids(): Set<string> {
    return new Set(this.seen.keys());
  }
}

function readCodeList(
  reader: FileReader,
  top: RecordReader,
  key: string,
  pattern: RegExp,
  out: CodeEntry[],
): void {
  const ids = new IdRegistry();
  top.mapList(key, (map, index) => {
    const rec = new RecordReader(reader, map, `${key}[${index}]`, ['code', 'title', 'description'], ['code', 'title', 'description']);
    const code = rec.string('code');
    const title = rec.string('title');
    const description = rec.string('description');
    if (code && !pattern.test(code.value)) reader.problem(code.node, `${key} code "${code.value}" does not match ${pattern}`);
    if (!code || !title || !description || !pattern.test(code.value) || !ids.claim(reader, code, key)) return;
    out.push({ code: code.value, title: title.value, description: description.value });
  });
}

function readVocabulary(file: ParsedFile, data: CatalogData): void {
  const { reader, root } = file;
  const top = new RecordReader(reader, root, reader.file, ['actors', 'verification', 'flags', 'areas'], ['actors', 'verification', 'flags', 'areas']);
  readCodeList(reader, top, 'actors', UPPER_CODE, data.actors);
  readCodeList(reader, top, 'verification', UPPER_CODE, data.verification);
  readCodeList(reader, top, 'flags', LOWER_CODE, data.flags);
  const areas = top.stringList('areas');
  if (areas) data.areas.push(...areas.map((a) => a.value));
}

function readDocuments(file: ParsedFile, data: CatalogData): void {
  const { reader, root } = file;
  const top = new RecordReader(reader, root, reader.file, ['documents'], ['documents']);
  const ids = new IdRegistry();
  top.mapList('documents', (map, index) => {
    const rec = new RecordReader(reader, map, `documents[${index}]`, ['id', 'title', 'edition', 'year', 'url'], ['id', 'title', 'edition', 'year']);
    const id = rec.string('id');
    const title = rec.string('title');
    const edition = rec.string('edition');
    const year = rec.string('year');
    const url = rec.string('url');
    if (id && !DOC_ID.test(id.value)) reader.problem(id.node, `document id "${id.value}" must look like D1 or D5b`);
    if (!id || !title || !edition || !year || !DOC_ID.test(id.value) || !ids.claim(reader, id, 'document')) return;
    const entry: DocumentEntry = { id: id.value, title: title.value, edition: edition.value, year: year.value };
    if (url) entry.url = url.value;
    data.documents.push(entry);
  });
}

function readMasvs(file: ParsedFile, data: CatalogData): void {
  const { reader, root } = file;
  const top = new RecordReader(reader, root, reader.file, ['controls'], ['controls']);
  const ids = new IdRegistry();
  top.mapList('controls', (map, index) => {
    const rec = new RecordReader(reader, map, `controls[${index}]`, ['id', 'title', 'statement'], ['id', 'title', 'statement']);
    const id = rec.string('id');
    const title = rec.string('title');
    const statement = rec.string('statement');
    if (id && !MASVS_ID.test(id.value)) reader.problem(id.node, `MASVS id "${id.value}" must look like MASVS-STORAGE-1`);
    if (!id || !title || !statement || !MASVS_ID.test(id.value) || !ids.claim(reader, id, 'MASVS')) return;
    const group = id.value.slice(0, id.value.lastIndexOf('-'));
    data.masvs.push({ id: id.value, group, title: title.value, statement: statement.value });
  });
}

/** MASWE entries refer to MASVS controls; those references are checked once all files are read. */
interface PendingRef {
  reader: FileReader;
  kind: 'MASVS' | 'MASWE' | 'CWE' | 'document' | 'DFS item' | 'actor' | 'verification' | 'flag' | 'area';
  ref: Located<string>;
  label: string;
}

function readMaswe(file: ParsedFile, data: CatalogData, pending: PendingRef[]): void {
  const { reader, root } = file;
  const top = new RecordReader(reader, root, reader.file, ['weaknesses'], ['weaknesses']);
  const ids = new IdRegistry();
  top.mapList('weaknesses', (map, index) => {
    const rec = new RecordReader(
      reader,
      map,
      peekId(map) ?? `weaknesses[${index}]`,
      ['id', 'title', 'masvs', 'masvsAlso', 'summary', 'titleSource'],
      ['id', 'title'],
    );
    const id = rec.string('id');
    const title = rec.string('title');
    const masvs = rec.string('masvs');
    const masvsAlso = rec.stringList('masvsAlso');
    const summary = rec.string('summary');
    const titleSource = rec.string('titleSource');
    if (id && !MASWE_ID.test(id.value)) reader.problem(id.node, `MASWE id "${id.value}" must look like MASWE-0001`);
    if (titleSource && titleSource.value !== 'owasp' && titleSource.value !== 'dfslab') {
      reader.problem(titleSource.node, `titleSource must be "owasp" or "dfslab", not "${titleSource.value}"`);
    }
    if (!id || !title || !MASWE_ID.test(id.value) || !ids.claim(reader, id, 'MASWE')) return;
    const entry: MasweWeakness = {
      id: id.value,
      title: title.value,
      titleSource: titleSource?.value === 'dfslab' ? 'dfslab' : 'owasp',
    };
    if (masvs) {
      entry.masvs = masvs.value;
      pending.push({ reader, kind: 'MASVS', ref: masvs, label: id.value });
    }
    if (masvsAlso?.length) {
      if (!masvs) reader.problem(rec.raw('masvsAlso'), `${id.value}: "masvsAlso" needs a primary "masvs"`);
      for (const ref of masvsAlso) {
        if (ref.value === masvs?.value) reader.problem(ref.node, `${id.value}: ${ref.value} is already the primary control`);
        else pending.push({ reader, kind: 'MASVS', ref, label: id.value });
      }
      entry.masvsAlso = masvsAlso.map((m) => m.value);
    }
    if (summary) entry.summary = summary.value;
    data.maswe.push(entry);
  });
}

function readCwe(file: ParsedFile, data: CatalogData): void {
  const { reader, root } = file;
  const top = new RecordReader(reader, root, reader.file, ['weaknesses'], ['weaknesses']);
  const ids = new IdRegistry();
  top.mapList('weaknesses', (map, index) => {
    const rec = new RecordReader(reader, map, `weaknesses[${index}]`, ['id', 'name'], ['id', 'name']);
    const id = rec.string('id');
    const name = rec.string('name');
    if (id && !CWE_ID.test(id.value)) reader.problem(id.node, `CWE id "${id.value}" must look like CWE-79`);
    if (!id || !name || !CWE_ID.test(id.value) || !ids.claim(reader, id, 'CWE')) return;
    data.cwe.push({ id: id.value, name: name.value });
  });
}

const ITEM_FIELDS = [
  'id',
  'title',
  'statement',
  'area',
  'actors',
  'verification',
  'sources',
  'controls',
  'howToTest',
  'masvs',
  'maswe',
  'cwe',
  'flags',
  'related',
  'owaspMobile2016',
  'notes',
] as const;
const ITEM_REQUIRED = ['id', 'title', 'statement', 'area', 'actors', 'verification', 'sources'] as const;
const MAX_TITLE_LENGTH = 100;

function readDfsFile(
  file: ParsedFile,
  items: CatalogItem[],
  itemIds: IdRegistry,
  prefixes: Map<string, string>,
  pending: PendingRef[],
  verificationCodes: ReadonlySet<string>,
): void {
  const { reader, root } = file;
  const top = new RecordReader(reader, root, reader.file, ['prefix', 'items'], ['prefix', 'items']);
  const prefix = top.string('prefix');
  let idPattern: RegExp | undefined;
  if (prefix) {
    const known = (DFS_PREFIXES as readonly string[]).includes(prefix.value);
    const other = prefixes.get(prefix.value);
    if (!known) reader.problem(prefix.node, `unknown prefix "${prefix.value}" (known: ${DFS_PREFIXES.join(', ')})`);
    else if (other !== undefined) reader.problem(prefix.node, `prefix "${prefix.value}" is already used by ${other}`);
    else {
      prefixes.set(prefix.value, reader.file);
      idPattern = new RegExp(`^${prefix.value}-\\d{2}$`);
    }
  }
  top.mapList('items', (map, index) => {
    // Messages name the item by its id when it has a readable one, else by its position.
    const rec = new RecordReader(reader, map, peekId(map) ?? `items[${index}]`, ITEM_FIELDS, ITEM_REQUIRED);
    const id = rec.string('id');
    // Claim the id even if the item has other problems, so a later duplicate is still reported.
    const fresh = id !== undefined && itemIds.claim(reader, id, 'DFS item');
    const item = readItem(rec, id, idPattern, prefix?.value, pending, verificationCodes);
    if (item && fresh) items.push(item);
  });
}

function peekId(map: YAMLMap): string | undefined {
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === 'id');
  const value = pair?.value;
  return isScalar(value) && typeof value.value === 'string' && value.value.trim() !== '' ? value.value.trim() : undefined;
}

/** Reads and checks one DFS item; references to other files are queued in `pending`. */
function readItem(
  rec: RecordReader,
  id: Located<string> | undefined,
  idPattern: RegExp | undefined,
  prefix: string | undefined,
  pending: PendingRef[],
  verificationCodes: ReadonlySet<string>,
): CatalogItem | undefined {
  const reader = rec.reader;
  const title = rec.string('title');
  const statement = rec.string('statement');
  const area = rec.string('area');
  const actors = rec.stringList('actors');
  const verification = rec.stringList('verification');
  const howToTest = rec.string('howToTest');
  const masvs = rec.stringList('masvs');
  const maswe = rec.stringList('maswe');
  const cwe = rec.stringList('cwe');
  const flags = rec.stringList('flags');
  const related = rec.stringList('related');
  const owasp = rec.string('owaspMobile2016');
  const notes = rec.string('notes');

  if (id && idPattern && !idPattern.test(id.value)) {
    reader.problem(id.node, `id "${id.value}" does not match this file's pattern ${prefix}-NN (two digits)`);
  }
  if (title && title.value.length > MAX_TITLE_LENGTH) {
    reader.problem(title.node, `${rec.label}: title is longer than ${MAX_TITLE_LENGTH} characters; move detail to "statement"`);
  }
  if (actors?.length === 0 && rec.has('actors')) reader.problem(rec.raw('actors'), `${rec.label}: needs at least one actor`);
  if (verification?.length === 0 && rec.has('verification')) {
    reader.problem(rec.raw('verification'), `${rec.label}: needs at least one verification method`);
  }
  // Unknown codes are reported on their own; only known manual methods make test steps mandatory.
  const manual = verification?.some((v) => verificationCodes.has(v.value) && !AUTOMATED_VERIFICATION.has(v.value));
  if (manual && !howToTest) {
    reader.problem(rec.node, `${rec.label}: missing "howToTest"; items verified by anything other than SA-APK/SA-IPA need manual test steps`);
  }
  if (owasp && !OWASP_2016.test(owasp.value)) {
    reader.problem(owasp.node, `${rec.label}: owaspMobile2016 must be M1 to M10, not "${owasp.value}"`);
  }
  for (const ref of actors ?? []) pending.push({ reader, kind: 'actor', ref, label: rec.label });
  for (const ref of verification ?? []) pending.push({ reader, kind: 'verification', ref, label: rec.label });
  for (const ref of flags ?? []) pending.push({ reader, kind: 'flag', ref, label: rec.label });
  for (const ref of masvs ?? []) pending.push({ reader, kind: 'MASVS', ref, label: rec.label });
  for (const ref of maswe ?? []) pending.push({ reader, kind: 'MASWE', ref, label: rec.label });
  for (const ref of cwe ?? []) pending.push({ reader, kind: 'CWE', ref, label: rec.label });
  for (const ref of related ?? []) {
    if (id && ref.value === id.value) reader.problem(ref.node, `${rec.label}: an item cannot be related to itself`);
    else pending.push({ reader, kind: 'DFS item', ref, label: rec.label });
  }
  if (area) pending.push({ reader, kind: 'area', ref: area, label: rec.label });

  const sources: Source[] = [];
  rec.mapList('sources', (map, index) => {
    const src = new RecordReader(reader, map, `${rec.label} sources[${index}]`, ['doc', 'locator'], ['doc']);
    const doc = src.string('doc');
    const locator = src.string('locator');
    if (!doc) return;
    pending.push({ reader, kind: 'document', ref: doc, label: rec.label });
    // Title, edition and year are filled in from documents.yaml once it is known.
    const source: Source = { doc: doc.value, title: '', edition: '', year: '' };
    if (locator) source.locator = locator.value;
    sources.push(source);
  });

  const controls: ControlRef[] = [];
  rec.mapList('controls', (map, index) => {
    const ctl = new RecordReader(reader, map, `${rec.label} controls[${index}]`, ['number', 'edition'], ['number']);
    const number = ctl.string('number');
    const edition = ctl.int('edition');
    if (number && !CONTROL_NUMBER.test(number.value)) {
      reader.problem(number.node, `${rec.label}: control number "${number.value}" must look like C17 or C87-C91`);
      return;
    }
    if (edition && !CONTROL_EDITIONS.has(edition.value)) {
      reader.problem(edition.node, `${rec.label}: control edition must be 2020 or 2021, not ${edition.value}`);
      return;
    }
    if (!number) return;
    controls.push(edition ? { number: number.value, edition: edition.value } : { number: number.value });
  });

  if (!id || !title || !statement || !area || !actors || !verification || sources.length === 0) return undefined;
  const item: CatalogItem = {
    id: id.value,
    title: title.value,
    statement: statement.value,
    area: area.value,
    sources,
    actors: actors.map((a) => a.value),
    verification: verification.map((v) => v.value),
    file: reader.file,
    line: reader.lineOf(rec.node),
  };
  if (howToTest) item.howToTest = howToTest.value;
  if (masvs?.length) item.masvs = masvs.map((m) => m.value);
  if (maswe?.length) item.maswe = maswe.map((m) => m.value);
  if (cwe?.length) item.cwe = cwe.map((c) => c.value);
  if (flags?.length) item.flags = flags.map((f) => f.value);
  if (controls.length) item.controls = controls;
  if (related?.length) item.related = related.map((r) => r.value);
  if (owasp && OWASP_2016.test(owasp.value)) item.owaspMobile2016 = owasp.value;
  if (notes) item.notes = notes.value;
  return item;
}

// ---------------------------------------------------------------------------------------------------
// Whole catalog

interface ParsedFile {
  reader: FileReader;
  root: YAMLMap;
}

function prefixRank(id: string): number {
  const prefix = id.slice(0, id.indexOf('-'));
  const rank = (DFS_PREFIXES as readonly string[]).indexOf(prefix);
  return rank < 0 ? DFS_PREFIXES.length : rank;
}

function compareItemIds(a: string, b: string): number {
  const byPrefix = prefixRank(a) - prefixRank(b);
  if (byPrefix !== 0) return byPrefix;
  return Number(a.slice(a.indexOf('-') + 1)) - Number(b.slice(b.indexOf('-') + 1));
}

/**
 * Validates the catalog texts and returns the plain data, or throws CatalogError listing every problem.
 * `files` holds the vocabulary files (by their fixed names) and any number of `dfs/*.yaml` files.
 */
export function compileCatalog(files: readonly CatalogSourceText[], dir: string): CatalogData {
  const problems: CatalogProblem[] = [];
  const byName = new Map(files.map((f) => [f.file, f]));
  const parsed = new Map<string, ParsedFile>();
  for (const name of Object.values(VOCABULARY_FILES)) {
    if (!byName.has(name)) problems.push({ file: name, line: 1, col: 1, message: 'required catalog file is missing' });
  }
  const dfsFiles = files.filter((f) => f.file.startsWith(`${DFS_FOLDER}/`)).sort((a, b) => a.file.localeCompare(b.file));
  if (dfsFiles.length === 0) {
    problems.push({ file: `${DFS_FOLDER}/`, line: 1, col: 1, message: 'no DFS recommendation files (dfs/*.yaml) found' });
  }
  for (const source of files) {
    const result = parseFile(source, problems);
    if (result) parsed.set(source.file, result);
  }
  // Syntax problems first: structural checks on a half-parsed file would only add noise.
  if (problems.length > 0) throw new CatalogError(problems, dir);

  const data: CatalogData = {
    actors: [],
    verification: [],
    flags: [],
    areas: [],
    documents: [],
    masvs: [],
    maswe: [],
    cwe: [],
    items: [],
  };
  const pending: PendingRef[] = [];
  const get = (name: string): ParsedFile => parsed.get(name) as ParsedFile;
  readVocabulary(get(VOCABULARY_FILES.vocabulary), data);
  readDocuments(get(VOCABULARY_FILES.documents), data);
  readMasvs(get(VOCABULARY_FILES.masvs), data);
  readMaswe(get(VOCABULARY_FILES.maswe), data, pending);
  readCwe(get(VOCABULARY_FILES.cwe), data);
  const itemIds = new IdRegistry();
  const prefixes = new Map<string, string>();
  const verificationCodes = new Set(data.verification.map((v) => v.code));
  for (const source of dfsFiles) readDfsFile(get(source.file), data.items, itemIds, prefixes, pending, verificationCodes);
  for (const source of files) {
    const isKnown = (Object.values(VOCABULARY_FILES) as string[]).includes(source.file) || source.file.startsWith(`${DFS_FOLDER}/`);
    if (!isKnown) problems.push({ file: source.file, line: 1, col: 1, message: 'unexpected file in the catalog folder' });
  }

  const known: Record<PendingRef['kind'], Set<string>> = {
    MASVS: new Set(data.masvs.map((m) => m.id)),
    MASWE: new Set(data.maswe.map((m) => m.id)),
    CWE: new Set(data.cwe.map((c) => c.id)),
    document: new Set(data.documents.map((d) => d.id)),
    'DFS item': itemIds.ids(),
    actor: new Set(data.actors.map((a) => a.code)),
    verification: new Set(data.verification.map((v) => v.code)),
    flag: new Set(data.flags.map((f) => f.code)),
    area: new Set(data.areas),
  };
  for (const { reader, kind, ref, label } of pending) {
    if (known[kind].has(ref.value)) continue;
    const where: Record<PendingRef['kind'], string> = {
      MASVS: VOCABULARY_FILES.masvs,
      MASWE: VOCABULARY_FILES.maswe,
      CWE: VOCABULARY_FILES.cwe,
      document: VOCABULARY_FILES.documents,
      'DFS item': `${DFS_FOLDER}/*.yaml`,
      actor: `${VOCABULARY_FILES.vocabulary} (actors)`,
      verification: `${VOCABULARY_FILES.vocabulary} (verification)`,
      flag: `${VOCABULARY_FILES.vocabulary} (flags)`,
      area: `${VOCABULARY_FILES.vocabulary} (areas)`,
    };
    reader.problem(ref.node, `${label}: unknown ${kind} "${ref.value}" (not defined in ${where[kind]})`);
  }

  if (problems.length > 0) throw new CatalogError(problems, dir);

  const documents = new Map(data.documents.map((d) => [d.id, d]));
  for (const item of data.items) {
    for (const source of item.sources) {
      const doc = documents.get(source.doc) as DocumentEntry;
      source.title = doc.title;
      source.edition = doc.edition;
      source.year = doc.year;
      if (doc.url) source.url = doc.url;
    }
  }
  data.items.sort((a, b) => compareItemIds(a.id, b.id));
  return data;
}

/**
 * Returns the MASWE ids in `refs.maswe` that belong to none of the MASVS controls in `refs.masvs` (neither
 * their primary control nor the further ones MASWE maps them to). A hit usually means a MASWE beta number
 * was used where the v1 number was meant. Returns [] when `refs.masvs` is empty; unknown ids are left to
 * validateReferences.
 */
export function misplacedMaswe(catalog: Catalog, refs: { masvs?: readonly string[]; maswe?: readonly string[] }): string[] {
  const controls = new Set(refs.masvs ?? []);
  if (controls.size === 0) return [];
  return (refs.maswe ?? []).filter((id) => {
    const weakness = catalog.maswe.get(id);
    if (!weakness?.masvs) return false;
    return ![weakness.masvs, ...(weakness.masvsAlso ?? [])].some((control) => controls.has(control));
  });
}

/**
 * Returns the ids in `refs` that the catalog does not define, each as written (e.g. `MASWE-0999`), so that
 * check metadata and findings can be verified against the catalog. Ids must be exactly canonical
 * (upper case, MASWE with four digits); anything else counts as unknown.
 */
export function validateReferences(
  catalog: Catalog,
  refs: { dfs?: readonly string[]; masvs?: readonly string[]; maswe?: readonly string[]; cwe?: readonly string[] },
): string[] {
  const unknown: string[] = [];
  for (const id of refs.dfs ?? []) if (!catalog.items.has(id)) unknown.push(id);
  for (const id of refs.masvs ?? []) if (!catalog.masvs.has(id)) unknown.push(id);
  for (const id of refs.maswe ?? []) if (!catalog.maswe.has(id)) unknown.push(id);
  for (const id of refs.cwe ?? []) if (!catalog.cwe.has(id)) unknown.push(id);
  return unknown;
}
