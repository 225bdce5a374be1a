/**
 * @module resilience/validate
 * Turns the YAML text of a cyber-resilience questionnaire into checked, plain data (model.ts). Like the
 * catalog's validator, and through the same position-aware reader (formats/yaml/reader.ts), every problem is
 * collected with its line and column and reported in one QuestionnaireError, so an author fixes a file in
 * one pass.
 *
 * The rules: required fields present and of the right type, no unknown fields (typos), ids unique across the
 * whole file (pillars, domains, questions, profile questions; choice ids within their question), maturity
 * levels numbered 1, 2, 3 … without holes, every question's level one of them, weights positive, the answer
 * scale exactly the five known values with increasing credits and a justification required for "not
 * applicable", risk levels 1..5, target lists of five non-decreasing defined levels, categories from the
 * CPMI-IOSCO list, and every catalog id an item of the DFS catalog.
 *
 * Translations: the optional top-level `languages` declares the language codes the file translates into (two
 * or three lower-case letters, not `en`, which is the text itself), and any node with text may carry `i18n`,
 * a mapping from one of those codes to the translated fields of that node. Only the node's own text fields may
 * be translated, only those it has in English, and each translation is non-empty text; an undeclared language
 * (a typo such as `sp`) is reported where it is used.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import type { Node as YamlNode, YAMLMap } from 'yaml';
import { DfslabError, ErrorCodes } from '../errors.js';
import type { Catalog } from '../catalog/index.js';
import { FileReader, RecordReader, parseYamlFile, type Located, type YamlProblem } from '../formats/yaml/reader.js';
import {
  ANSWER_VALUES,
  RESILIENCE_CATEGORIES,
  RISK_LEVELS,
  type AnswerScaleEntry,
  type AnswerValue,
  type Domain,
  type MaturityLevel,
  type Pillar,
  type ProfileChoice,
  type ProfileQuestion,
  type Question,
  type Questionnaire,
  type ResilienceCategory,
  type Translations,
} from './model.js';

/** One problem found in a questionnaire file, with where it is. */
export type QuestionnaireProblem = YamlProblem;

/**
 * The questionnaire file is malformed; `problems` lists every problem with file:line:col.
 * It uses the catalog's code until errors.ts has one of its own (DFSLAB_E_RESILIENCE_INVALID).
 */
export class QuestionnaireError extends DfslabError {
  readonly problems: readonly QuestionnaireProblem[];

  constructor(problems: readonly QuestionnaireProblem[], file: string) {
    const lines = problems.map((p) => `  ${p.file}:${p.line}:${p.col}: ${p.message}`);
    super(
      ErrorCodes.RESILIENCE_INVALID,
      `the questionnaire has ${problems.length} problem${problems.length === 1 ? '' : 's'}; fix the YAML file at the places listed below\n${lines.join('\n')}`,
      { path: file },
    );
    this.problems = problems;
  }
}

/** Questionnaires are a few hundred kilobytes at most; a larger file is the wrong file. */
const MAX_FILE_BYTES = 2 * 1024 * 1024;
const ID = /^[A-Za-z0-9]+([-_.][A-Za-z0-9]+)*$/;
const MAX_WEIGHT = 100;
const LANGUAGE = /^[a-z]{2,3}$/;

/** The file being read; it also carries the languages declared at its top, which `i18n` fields may use. */
class Sink extends FileReader {
  languages: ReadonlySet<string> = new Set();
}

/** Remembers where each id was first defined, to report duplicates with both places. */
class Ids {
  private readonly seen = new Map<string, number>();
  constructor(private readonly sink: Sink) {}

  claim(id: Located<string>, kind: string): boolean {
    if (!ID.test(id.value)) {
      this.sink.problem(id.node, `${kind} id "${id.value}" must be letters and digits, optionally joined by - _ or .`);
      return false;
    }
    const first = this.seen.get(id.value);
    if (first !== undefined) {
      this.sink.problem(id.node, `duplicate id "${id.value}" (first defined at line ${first})`);
      return false;
    }
    this.seen.set(id.value, this.sink.lineOf(id.node));
    return true;
  }
}

function peekId(map: YAMLMap): string | undefined {
  for (const pair of map.items) {
    if (isScalar(pair.key) && pair.key.value === 'id' && isScalar(pair.value) && typeof pair.value.value === 'string') {
      return pair.value.value;
    }
  }
  return undefined;
}

/**
 * Parses and validates the text of one questionnaire. `fileName` is used in the problem locations.
 * `catalog` is the DFS catalog the questions' `catalog` ids are checked against. Throws QuestionnaireError.
 */
export function compileQuestionnaire(text: string, fileName: string, catalog: Catalog): Questionnaire {
  const sink = new Sink(fileName);
  if (typeof text !== 'string') {
    sink.problem(undefined, 'the questionnaire must be given as text');
    throw new QuestionnaireError(sink.problems, fileName);
  }
  const root = parseYamlFile(sink, text, {
    maxBytes: MAX_FILE_BYTES,
    kind: 'a questionnaire',
    place: 'a questionnaire',
    topLevelHint: 'id, title, version, …',
  });
  if (root === undefined) throw new QuestionnaireError(sink.problems, fileName);

  const top = new RecordReader(
    sink,
    root,
    'questionnaire',
    ['id', 'title', 'version', 'description', 'sources', 'languages', 'i18n', 'maturityLevels', 'answerScale', 'riskProfile', 'pillars'],
    ['id', 'title', 'version', 'maturityLevels', 'answerScale', 'riskProfile', 'pillars'],
  );
  sink.languages = readLanguages(sink, top);
  const ids = new Ids(sink);
  const id = top.string('id');
  if (id) ids.claim(id, 'questionnaire');
  const title = top.string('title');
  const version = top.string('version');
  const description = top.string('description');
  const sources = top.list('sources', (node) => (isScalar(node) && typeof node.value === 'string' && node.value.trim() !== '' ? node.value.trim() : reject(sink, node, 'questionnaire: each source must be text')));
  const i18n = readI18n(sink, top, 'questionnaire', { title: true, description: description !== undefined });

  const levels = readMaturityLevels(sink, top);
  const levelNumbers = new Set(levels.map((l) => l.level));
  const answerScale = readAnswerScale(sink, top);
  const riskProfile = readRiskProfile(sink, top, ids, levelNumbers);
  const pillars = readPillars(sink, top, ids, levelNumbers, catalog);

  if (sink.problems.length > 0 || !id || !title || !version || !riskProfile) {
    throw new QuestionnaireError(sink.problems.length > 0 ? sink.problems : [{ file: fileName, line: 1, col: 1, message: 'questionnaire is incomplete' }], fileName);
  }
  const q: Questionnaire = {
    id: id.value,
    title: title.value,
    version: version.value,
    sources: sources?.values ?? [],
    maturityLevels: levels,
    answerScale,
    riskProfile,
    pillars,
    file: fileName,
    languages: [...sink.languages],
  };
  if (description) q.description = description.value;
  if (i18n) q.i18n = i18n;
  return q;
}

function reject(sink: Sink, node: YamlNode, message: string): undefined {
  sink.problem(node, message);
  return undefined;
}

/** The optional `languages` list: distinct codes of two or three lower-case letters, English excluded. */
function readLanguages(sink: Sink, top: RecordReader): Set<string> {
  const out = new Set<string>();
  top.list('languages', (node) => {
    const code = isScalar(node) && typeof node.value === 'string' ? node.value.trim() : undefined;
    if (code === undefined || !LANGUAGE.test(code)) return reject(sink, node, 'questionnaire: each entry of "languages" must be a language code of two or three lower-case letters, e.g. fr');
    if (code === 'en') return reject(sink, node, 'questionnaire: "en" is the text of the questionnaire itself; list only the languages it is translated into');
    if (out.has(code)) return reject(sink, node, `questionnaire: language "${code}" is listed twice`);
    out.add(code);
    return code;
  });
  return out;
}

/**
 * The optional `i18n` field of a node: `{ <language>: { <field>: <translation> } }`. `fields` names the node's
 * translatable fields, true for those it has in English (a translation of a text that is not there is refused).
 */
function readI18n<K extends string>(sink: Sink, f: RecordReader, kind: string, fields: Readonly<Record<K, boolean>>): Translations<K> | undefined {
  const node = f.raw('i18n');
  if (node === undefined) return undefined;
  const names = Object.keys(fields) as K[];
  if (!isMap(node)) {
    sink.problem(node, `${f.label}: "i18n" must be a mapping of language codes to translated fields, e.g. fr: { ${names[0]}: … }`);
    return undefined;
  }
  const out: Record<string, Partial<Record<K, string>>> = {};
  for (const pair of node.items) {
    const keyNode = pair.key as YamlNode | null;
    const lang = isScalar(keyNode) ? keyNode.value : undefined;
    if (typeof lang !== 'string') {
      sink.problem(keyNode ?? node, `${f.label}: the keys of "i18n" must be language codes, e.g. fr`);
      continue;
    }
    if (!sink.languages.has(lang)) {
      const declared = [...sink.languages];
      sink.problem(
        keyNode,
        declared.length === 0
          ? `${f.label}: a translation into "${lang}", but the questionnaire declares no languages; add "languages: [${lang}]" at the top`
          : `${f.label}: "${lang}" is not one of the languages the questionnaire declares (${declared.join(', ')})`,
      );
      continue;
    }
    const value = pair.value as YamlNode | null;
    if (!isMap(value)) {
      sink.problem(value ?? keyNode, `${f.label}: i18n.${lang} must be a mapping of fields to their translation, e.g. { ${names[0]}: … }`);
      continue;
    }
    const tf = new RecordReader(sink, value, `${f.label} (i18n.${lang})`, names, []);
    const translated: Partial<Record<K, string>> = {};
    for (const name of names) {
      const text = tf.string(name);
      if (!text) continue;
      if (!fields[name]) {
        sink.problem(text.node, `${f.label}: i18n.${lang} translates "${name}", which this ${kind} does not have in English`);
        continue;
      }
      translated[name] = text.value;
    }
    out[lang] = translated;
  }
  return out;
}

function readMaturityLevels(sink: Sink, top: RecordReader): MaturityLevel[] {
  const levels: MaturityLevel[] = [];
  top.mapList('maturityLevels', (map, index) => {
    const f = new RecordReader(sink, map, `maturityLevels[${index}]`, ['level', 'name', 'description', 'i18n'], ['level', 'name', 'description']);
    const level = f.number('level', 1, 10, true);
    const name = f.string('name');
    const description = f.string('description');
    const i18n = readI18n(sink, f, 'maturity level', { name: true, description: true });
    if (level && level.value !== index + 1) {
      sink.problem(level.node, `maturity levels must be numbered 1, 2, 3 … in order; expected ${index + 1} here, found ${level.value}`);
      return;
    }
    if (level && name && description) levels.push({ level: level.value, name: name.value, description: description.value, ...(i18n ? { i18n } : {}) });
  });
  return levels;
}

function readAnswerScale(sink: Sink, top: RecordReader): AnswerScaleEntry[] {
  const scale: AnswerScaleEntry[] = [];
  const seen = new Set<string>();
  top.mapList('answerScale', (map, index) => {
    const label = `answerScale[${index}]`;
    const f = new RecordReader(sink, map, label, ['value', 'label', 'credit', 'requiresJustification', 'i18n'], ['value', 'label']);
    const value = f.string('value');
    const text = f.string('label');
    const i18n = readI18n(sink, f, 'answer', { label: true });
    if (!value || !text) return;
    if (!(ANSWER_VALUES as readonly string[]).includes(value.value)) {
      sink.problem(value.node, `${label}: unknown answer value "${value.value}" (known values: ${ANSWER_VALUES.join(', ')})`);
      return;
    }
    if (seen.has(value.value)) {
      sink.problem(value.node, `${label}: answer value "${value.value}" is listed twice`);
      return;
    }
    seen.add(value.value);
    const entry: AnswerScaleEntry = { value: value.value as AnswerValue, label: text.value };
    if (i18n) entry.i18n = i18n;
    if (value.value === 'not-applicable') {
      if (f.has('credit')) sink.problem(f.raw('credit'), `${label}: "not-applicable" earns no credit; it is left out of the score, so remove "credit"`);
      const justification = f.boolean('requiresJustification');
      if (!justification || !justification.value) {
        sink.problem(justification?.node ?? map, `${label}: "not-applicable" must have requiresJustification: true (an N/A answer always says why)`);
      } else entry.requiresJustification = true;
    } else {
      if (f.has('requiresJustification')) sink.problem(f.raw('requiresJustification'), `${label}: only "not-applicable" takes requiresJustification`);
      const credit = f.number('credit', 0, 1, false);
      if (!f.has('credit')) sink.problem(map, `${label}: missing required field "credit" (share of the weight earned, 0 to 1)`);
      if (credit) entry.credit = credit.value;
    }
    scale.push(entry);
  });
  const node = top.raw('answerScale');
  if (node && isSeq(node) && scale.length === seen.size) {
    const missing = ANSWER_VALUES.filter((v) => !seen.has(v));
    if (missing.length > 0) sink.problem(node, `answerScale: missing answer value${missing.length === 1 ? '' : 's'} ${missing.join(', ')}`);
  }
  // Credits must grow along the scale, or the percentage would reward a weaker answer.
  const credits = ANSWER_VALUES.slice(0, 4).map((v) => scale.find((e) => e.value === v)?.credit);
  if (credits.every((c) => c !== undefined)) {
    const ok = credits[0] === 0 && credits[3] === 1 && credits.every((c, i) => i === 0 || (c as number) > (credits[i - 1] as number));
    if (!ok) sink.problem(node ?? null, 'answerScale: credits must rise strictly from 0 (not implemented) to 1 (fully implemented)');
  }
  scale.sort((a, b) => ANSWER_VALUES.indexOf(a.value) - ANSWER_VALUES.indexOf(b.value));
  return scale;
}

function readTargets(sink: Sink, f: RecordReader, key: string, levels: ReadonlySet<number>): number[] | undefined {
  const list = f.list(key, (node) =>
    isScalar(node) && typeof node.value === 'number' && levels.has(node.value)
      ? node.value
      : reject(sink, node, `${f.label}: each entry of "${key}" must be a defined maturity level (${[...levels].join(', ')})`),
  );
  if (!list) return undefined;
  const raw = list.node as YamlNode & { items: unknown[] };
  if (list.values.length !== raw.items.length) return undefined;
  if (list.values.length !== RISK_LEVELS) {
    sink.problem(list.node, `${f.label}: "${key}" must list ${RISK_LEVELS} target levels, one per inherent-risk level 1..${RISK_LEVELS}`);
    return undefined;
  }
  if (list.values.some((v, i) => i > 0 && v < (list.values[i - 1] as number))) {
    sink.problem(list.node, `${f.label}: "${key}" must not decrease: a higher inherent risk never lowers the target`);
    return undefined;
  }
  return list.values;
}

function readRiskProfile(sink: Sink, top: RecordReader, ids: Ids, levels: ReadonlySet<number>): Questionnaire['riskProfile'] | undefined {
  const node = top.raw('riskProfile');
  if (node === undefined) return undefined;
  if (!isMap(node)) {
    sink.problem(node, 'riskProfile must be a mapping with "questions" and "targets"');
    return undefined;
  }
  const f = new RecordReader(sink, node, 'riskProfile', ['questions', 'targets'], ['questions', 'targets']);
  const questions: ProfileQuestion[] = [];
  f.mapList('questions', (map, index) => {
    const label = peekId(map) ?? `riskProfile.questions[${index}]`;
    const qf = new RecordReader(sink, map, label, ['id', 'text', 'guidance', 'multiple', 'weight', 'choices', 'i18n'], ['id', 'text', 'choices']);
    const id = qf.string('id');
    const text = qf.string('text');
    const guidance = qf.string('guidance');
    const i18n = readI18n(sink, qf, 'profile question', { text: true, guidance: guidance !== undefined });
    const multiple = qf.boolean('multiple');
    const weight = qf.number('weight', 0.01, MAX_WEIGHT, false);
    const choices: ProfileChoice[] = [];
    const choiceIds = new Ids(sink);
    qf.mapList('choices', (cmap, cindex) => {
      const cf = new RecordReader(sink, cmap, `${label}.choices[${cindex}]`, ['id', 'text', 'risk', 'i18n'], ['id', 'text', 'risk']);
      const cid = cf.string('id');
      const ctext = cf.string('text');
      const risk = cf.number('risk', 1, RISK_LEVELS, true);
      const ci18n = readI18n(sink, cf, 'choice', { text: true });
      if (cid && ctext && risk && choiceIds.claim(cid, 'choice')) choices.push({ id: cid.value, text: ctext.value, risk: risk.value, ...(ci18n ? { i18n: ci18n } : {}) });
    });
    if (!id || !text || !ids.claim(id, 'profile question') || choices.length === 0) return;
    const q: ProfileQuestion = { id: id.value, text: text.value, multiple: multiple?.value ?? false, weight: weight?.value ?? 1, choices };
    if (guidance) q.guidance = guidance.value;
    if (i18n) q.i18n = i18n;
    questions.push(q);
  });
  const targets = readTargets(sink, f, 'targets', levels);
  return targets ? { questions, targets } : undefined;
}

function readPillars(sink: Sink, top: RecordReader, ids: Ids, levels: ReadonlySet<number>, catalog: Catalog): Pillar[] {
  const pillars: Pillar[] = [];
  top.mapList('pillars', (pmap, pindex) => {
    const plabel = peekId(pmap) ?? `pillars[${pindex}]`;
    const pf = new RecordReader(sink, pmap, plabel, ['id', 'title', 'description', 'domains', 'i18n'], ['id', 'title', 'domains']);
    const pid = pf.string('id');
    const ptitle = pf.string('title');
    const pdescription = pf.string('description');
    const pi18n = readI18n(sink, pf, 'pillar', { title: true, description: pdescription !== undefined });
    const domains: Domain[] = [];
    pf.mapList('domains', (dmap, dindex) => {
      const domain = readDomain(sink, dmap, peekId(dmap) ?? `${plabel}.domains[${dindex}]`, ids, levels, catalog);
      if (domain) domains.push(domain);
    });
    if (!pid || !ptitle || !ids.claim(pid, 'pillar')) return;
    const pillar: Pillar = { id: pid.value, title: ptitle.value, domains };
    if (pdescription) pillar.description = pdescription.value;
    if (pi18n) pillar.i18n = pi18n;
    pillars.push(pillar);
  });
  return pillars;
}

function readDomain(sink: Sink, map: YAMLMap, label: string, ids: Ids, levels: ReadonlySet<number>, catalog: Catalog): Domain | undefined {
  const f = new RecordReader(sink, map, label, ['id', 'title', 'description', 'category', 'targets', 'questions', 'i18n'], ['id', 'title', 'category', 'questions']);
  const id = f.string('id');
  const title = f.string('title');
  const description = f.string('description');
  const i18n = readI18n(sink, f, 'domain', { title: true, description: description !== undefined });
  const category = f.string('category');
  if (category && !(RESILIENCE_CATEGORIES as readonly string[]).includes(category.value)) {
    sink.problem(category.node, `${label}: unknown category "${category.value}" (known categories: ${RESILIENCE_CATEGORIES.join(', ')})`);
  }
  const targets = f.has('targets') ? readTargets(sink, f, 'targets', levels) : undefined;
  const idOk = id !== undefined && ids.claim(id, 'domain');
  const questions: Question[] = [];
  f.mapList('questions', (qmap, qindex) => {
    const question = readQuestion(sink, qmap, peekId(qmap) ?? `${label}.questions[${qindex}]`, ids, levels, catalog);
    if (question) questions.push(question);
  });
  if (!idOk || !title || !category || !(RESILIENCE_CATEGORIES as readonly string[]).includes(category.value)) return undefined;
  const domain: Domain = { id: (id as Located<string>).value, title: title.value, category: category.value as ResilienceCategory, questions };
  if (description) domain.description = description.value;
  if (targets) domain.targets = targets;
  if (i18n) domain.i18n = i18n;
  return domain;
}

function readQuestion(sink: Sink, map: YAMLMap, label: string, ids: Ids, levels: ReadonlySet<number>, catalog: Catalog): Question | undefined {
  const f = new RecordReader(
    sink,
    map,
    label,
    ['id', 'text', 'guidance', 'level', 'weight', 'recommendation', 'catalog', 'notApplicable', 'i18n'],
    ['id', 'text', 'guidance', 'level', 'recommendation'],
  );
  const id = f.string('id');
  const text = f.string('text');
  const guidance = f.string('guidance');
  const recommendation = f.string('recommendation');
  const i18n = readI18n(sink, f, 'question', { text: true, guidance: true, recommendation: true });
  const level = f.number('level', 1, 10, true);
  if (level && !levels.has(level.value)) {
    sink.problem(level.node, `${label}: level ${level.value} is not one of the maturity levels (${[...levels].join(', ')})`);
  }
  const weight = f.number('weight', 0.01, MAX_WEIGHT, false);
  const notApplicable = f.boolean('notApplicable');
  const seen = new Set<string>();
  const items = f.list('catalog', (node) => {
    if (!isScalar(node) || typeof node.value !== 'string') return reject(sink, node, `${label}: each catalog id must be text, e.g. PLAT-14`);
    const raw = node.value.trim();
    const item = catalog.get(raw);
    if (!item) {
      const hits = catalog.search(raw).slice(0, 3).map((i) => i.id);
      return reject(sink, node, `${label}: unknown DFS catalog item "${raw}"${hits.length > 0 ? ` (did you mean ${hits.join(', ')}?)` : ''}`);
    }
    if (item.id !== raw) return reject(sink, node, `${label}: write the catalog id as "${item.id}", not "${raw}"`);
    if (seen.has(raw)) return reject(sink, node, `${label}: catalog id "${raw}" is listed twice`);
    seen.add(raw);
    return raw;
  });
  const idOk = id !== undefined && ids.claim(id, 'question');
  if (!idOk || !text || !guidance || !recommendation || !level || !levels.has(level.value)) return undefined;
  const question: Question = {
    id: (id as Located<string>).value,
    text: text.value,
    guidance: guidance.value,
    level: level.value,
    weight: weight?.value ?? 1,
    recommendation: recommendation.value,
    catalog: items?.values ?? [],
    allowNotApplicable: notApplicable?.value ?? true,
    line: sink.lineOf(map),
  };
  if (i18n) question.i18n = i18n;
  return question;
}
