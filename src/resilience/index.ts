/**
 * @module resilience
 * The cyber-resilience self-assessment engine: questionnaires as YAML data (validate.ts), an inherent-risk
 * profile that sets the target maturity, scoring with a cumulative maturity level per domain and a gap list
 * (score.ts), merging the answers of several contributors (merge.ts), comparing two assessments (compare.ts)
 * server-side SVG charts (svg.ts), and a questionnaire, score or comparison in one of the languages the
 * questionnaire is translated into (i18n.ts). The questionnaires shipped with dfslab sit in `resilience/data/` beside
 * this module, so the same code works from `src/` (tests) and `dist/` (the build copies the folder).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError, UsageError, ErrorCodes } from '../errors.js';
import { loadCatalog, type Catalog } from '../catalog/index.js';
import { compileQuestionnaire } from './validate.js';
import type { Questionnaire } from './model.js';

export * from './model.js';
export { QuestionnaireError, type QuestionnaireProblem } from './validate.js';
export * from './score.js';
export * from './merge.js';
export * from './compare.js';
export * from './svg.js';
export * from './i18n.js';

// Beside this module in src/ and dist/resilience/; from the single-file bundle (dist/dfslab.mjs), in resilience/data/.
const BUNDLED_DIR =
  [new URL('./data/', import.meta.url), new URL('./resilience/data/', import.meta.url)]
    .map((u) => fileURLToPath(u))
    .find((d) => existsSync(d) && existsSync(join(d, 'dfs-critical-infrastructure.yaml'))) ??
  fileURLToPath(new URL('./data/', import.meta.url));

const cache = new Map<string, Questionnaire>();

/**
 * Parses and validates a questionnaire from its YAML text. `fileName` names it in error locations.
 * Catalog ids are checked against `catalog` (default: the DFS catalog shipped with dfslab).
 * Throws QuestionnaireError listing every problem with file:line:col.
 */
export function parseQuestionnaire(text: string, fileName: string, catalog: Catalog = loadCatalog()): Questionnaire {
  return compileQuestionnaire(text, fileName, catalog);
}

/** Reads, parses and validates a questionnaire file. Throws InputError when the file cannot be read. */
export function loadQuestionnaire(path: string, catalog: Catalog = loadCatalog()): Questionnaire {
  const full = resolve(path);
  if (!existsSync(full) || !statSync(full).isFile()) {
    throw new InputError(ErrorCodes.INPUT_NOT_FOUND, `questionnaire file not found; check the path`, { path: full });
  }
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (cause) {
    throw new InputError(ErrorCodes.INPUT_UNREADABLE, 'questionnaire file could not be read; check its permissions', { path: full, cause });
  }
  return parseQuestionnaire(text, basename(full), catalog);
}

/** A questionnaire shipped with dfslab, as listed by `listQuestionnaires`. */
export interface BundledQuestionnaire {
  id: string;
  title: string;
  version: string;
  /** Absolute path of the YAML file. */
  path: string;
}

function bundledFiles(): string[] {
  if (!existsSync(BUNDLED_DIR)) return [];
  return readdirSync(BUNDLED_DIR)
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort()
    .map((name) => join(BUNDLED_DIR, name));
}

/** Loads a bundled questionnaire file once; bundled data is validated like any other. */
function loadBundledFile(path: string): Questionnaire {
  const cached = cache.get(path);
  if (cached) return cached;
  const q = loadQuestionnaire(path);
  cache.set(path, q);
  return q;
}

/** The questionnaires shipped with dfslab, sorted by id. Each file is validated on first use. */
export function listQuestionnaires(): BundledQuestionnaire[] {
  return bundledFiles()
    .map((path) => {
      const q = loadBundledFile(path);
      return { id: q.id, title: q.title, version: q.version, path };
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The bundled questionnaire with this id. Throws UsageError when there is none. */
export function bundledQuestionnaire(id: string): Questionnaire {
  for (const path of bundledFiles()) {
    const q = loadBundledFile(path);
    if (q.id === id) return q;
  }
  const known = listQuestionnaires().map((b) => b.id);
  throw new UsageError(ErrorCodes.USAGE, `no bundled questionnaire "${id}" (bundled: ${known.join(', ') || 'none'})`);
}
