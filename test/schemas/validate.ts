/**
 * Validators for the official schemas vendored in this folder, shared by the output tests, and a walker for
 * the identifiers inside JSON documents.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
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
