/**
 * Validators for the official schemas vendored in this folder, shared by the output tests, and a walker for
 * the identifiers inside JSON documents.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { repoRoot } from '../corpus.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * A validator for one of the OSCAL schemas (JSON Schema draft-07). Strict mode is off: the NIST schemas use
 * `$id` fragments and keywords that Ajv's strict mode flags; unicodeRegExp (Ajv's default, stated for
 * clarity) compiles their token patterns `\p{L}`/`\p{N}` with the `u` flag.
 * Returns the errors as text, or undefined when the document is valid.
 */
export function oscalValidator(file: 'oscal_catalog_schema.json' | 'oscal_assessment-results_schema.json'): (doc: unknown) => string | undefined {
  const ajv = addFormats(new Ajv({ strict: false, allErrors: true, unicodeRegExp: true }));
  const validate = ajv.compile(JSON.parse(readFileSync(join(repoRoot, 'test', 'schemas', file), 'utf8')) as object);
  return (doc) => (validate(doc) ? undefined : ajv.errorsText(validate.errors, { separator: '\n' }));
}

export interface Json {
  [k: string]: unknown;
}

/** Every object in the document that has the given key, depth first. */
export function objectsWith(node: unknown, key: string, out: Json[] = []): Json[] {
  if (Array.isArray(node)) for (const x of node) objectsWith(x, key, out);
  else if (node && typeof node === 'object') {
    if (key in node) out.push(node as Json);
    for (const v of Object.values(node)) objectsWith(v, key, out);
  }
  return out;
}

/**
 * A validator for the official SARIF 2.1.0 schema (JSON Schema draft-04, so Ajv's draft-04 class). Strict
 * mode is off because the schema uses keywords draft-04 validators treat as annotations only. Returns the
 * errors as text, or undefined when the log is valid.
 */
export function sarifValidator(): (doc: unknown) => string | undefined {
  // Both packages are CommonJS whose typings declare only `default`; under NodeNext the import is the
  // module object, at run time it may be either.
  const Draft04 = (AjvDraft04Module as unknown as { default?: typeof AjvDraft04Module.default }).default ?? (AjvDraft04Module as unknown as typeof AjvDraft04Module.default);
  const ajv = new Draft04({ allErrors: true, strict: false });
  addFormats(ajv as unknown as Ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(join(repoRoot, 'test', 'schemas', 'sarif-schema-2.1.0.json'), 'utf8')) as object);
  return (doc) => (validate(doc) ? undefined : ajv.errorsText(validate.errors, { separator: '\n' }));
}

/** A validator for dfslab's own JSON report schema (docs/report.schema.json, draft-07, strict). */
export function reportValidator(): (doc: unknown) => string | undefined {
  const ajv = addFormats(new Ajv({ allErrors: true, strict: true }));
  const validate = ajv.compile(JSON.parse(readFileSync(join(repoRoot, 'docs', 'report.schema.json'), 'utf8')) as object);
  return (doc) => (validate(doc) ? undefined : ajv.errorsText(validate.errors, { separator: '\n' }));
}
