/**
 * @module ussd/dialects/reply
 * Reading an application's answer defensively. Answers are untrusted: the body is size-limited before it is
 * parsed, JSON is parsed inside a guard, and every field is type-checked by name, so that a malformed answer
 * always becomes a `UssdProtocolError` (itself a conformance finding) and never an untyped exception.
 */
import { DfslabError, UssdProtocolError } from '../../errors.js';
import type { UssdHttpResponse, UssdScreen } from '../types.js';

/** Largest answer body a dialect parses. A USSD screen is at most 182 characters; 64 KiB is generous. */
export const MAX_REPLY_BYTES = 64 * 1024;

export type JsonObject = Record<string, unknown>;

/** Status and size checks shared by every dialect; returns the body to parse. */
export function checkedBody(dialect: string, response: UssdHttpResponse): string {
  if (!Number.isInteger(response.status) || response.status < 200 || response.status > 299) {
    throw new UssdProtocolError(`${dialect}: the application answered HTTP ${response.status}; the gateway expects a 2xx answer carrying the next screen`);
  }
  if (typeof response.body !== 'string') throw new UssdProtocolError(`${dialect}: the answer has no text body`);
  // Characters first (cheap) so that a huge body is refused before it is encoded to count its bytes.
  if (response.body.length > MAX_REPLY_BYTES || Buffer.byteLength(response.body, 'utf8') > MAX_REPLY_BYTES) {
    throw new UssdProtocolError(`${dialect}: the answer body is larger than ${MAX_REPLY_BYTES} bytes; a USSD screen is at most a few hundred characters`);
  }
  return response.body;
}

/** Parses the body as one JSON object. */
export function jsonObject(dialect: string, body: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    throw new UssdProtocolError(`${dialect}: the answer is not valid JSON (${e instanceof Error ? e.message.split('\n')[0] : 'parse error'})`, { cause: e });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UssdProtocolError(`${dialect}: the answer must be a JSON object, got ${describe(value)}`);
  }
  return value as JsonObject;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function own(obj: JsonObject, field: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, field) ? obj[field] : undefined;
}

export function requiredString(dialect: string, obj: JsonObject, field: string): string {
  const v = own(obj, field);
  if (typeof v !== 'string') throw new UssdProtocolError(`${dialect}: the answer's "${field}" must be a string, got ${v === undefined ? 'nothing' : describe(v)}`);
  return v;
}

export function optionalString(dialect: string, obj: JsonObject, field: string): string | undefined {
  const v = own(obj, field);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new UssdProtocolError(`${dialect}: the answer's "${field}" must be a string when present, got ${describe(v)}`);
  return v;
}

export function requiredBoolean(dialect: string, obj: JsonObject, field: string): boolean {
  const v = own(obj, field);
  if (typeof v !== 'boolean') throw new UssdProtocolError(`${dialect}: the answer's "${field}" must be true or false, got ${v === undefined ? 'nothing' : describe(v)}`);
  return v;
}

export function optionalBoolean(dialect: string, obj: JsonObject, field: string): boolean | undefined {
  const v = own(obj, field);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new UssdProtocolError(`${dialect}: the answer's "${field}" must be true or false when present, got ${describe(v)}`);
  return v;
}

export function requiredObject(dialect: string, obj: JsonObject, field: string): JsonObject {
  const v = own(obj, field);
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new UssdProtocolError(`${dialect}: the answer's "${field}" must be an object, got ${v === undefined ? 'nothing' : describe(v)}`);
  }
  return v as JsonObject;
}

/** Reads a field by own property only (never the prototype chain: `__proto__`, `constructor`). */
export function field(obj: JsonObject, name: string): unknown {
  return own(obj, name);
}

/**
 * Runs a dialect's parser and turns anything that is not a DfslabError into a UssdProtocolError, so that a
 * bug on an unforeseen input still reaches the caller as a typed, reportable failure.
 */
export function guardedParse<T>(dialect: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof DfslabError) throw e;
    throw new UssdProtocolError(`${dialect}: the answer could not be read (${e instanceof Error ? e.message : String(e)})`, { cause: e });
  }
}

/** A JSON body with a fixed field order (the order of the object literal). */
export function jsonRequest(body: Readonly<Record<string, unknown>>): { headers: Record<string, string>; body: string } {
  return { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** An `application/x-www-form-urlencoded` body in the given field order. */
export function formBody(fields: ReadonlyArray<readonly [string, string]>): string {
  const p = new URLSearchParams();
  for (const [k, v] of fields) p.append(k, v);
  return p.toString();
}

/**
 * Reads a plain-text answer that opens with a continue or end marker (`CON …`/`END …` for Africa's Talking and
 * its clones). The marker must open the body: AT does not trim, so neither do we.
 */
export function readConEnd(dialect: string, body: string, markers: { continue: string; end: string }): UssdScreen {
  if (body.startsWith(markers.continue)) return { continue: true, text: body.slice(markers.continue.length) };
  if (body.startsWith(markers.end)) return { continue: false, text: body.slice(markers.end.length) };
  const head = JSON.stringify(body.slice(0, 20));
  throw new UssdProtocolError(`${dialect}: the answer must start with ${JSON.stringify(markers.continue)} or ${JSON.stringify(markers.end)}, got ${head}; the gateway ends the session on any other answer`);
}
