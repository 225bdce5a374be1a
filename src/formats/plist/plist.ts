/**
 * @module formats/plist/plist
 * Entry point: sniffs binary ("bplist00") versus XML and hands over to the matching reader, and converts a
 * value to plain JSON for reports.
 */
import { Buffer } from 'node:buffer';
import { readBinaryPlist, isBinaryPlist } from './binary.js';
import { decodeXmlText, readXmlPlistText } from './xml.js';
import { PlistFormatError, PlistUid, type PlistReadOptions, type PlistValue } from './types.js';

export type PlistFormat = 'binary' | 'xml';

/** Which format `bytes` look like, or undefined. XML may start with a BOM and whitespace, then
 * `<?xml`, a comment, a DOCTYPE, `<plist` or a bare value element such as `<dict`. */
export function sniffPlistFormat(bytes: Uint8Array): PlistFormat | undefined {
  if (isBinaryPlist(bytes)) return 'binary';
  const head = decodeXmlText(bytes.subarray(0, 256)).trimStart();
  // Anything that opens with markup goes to the XML reader, which says precisely what is wrong with it.
  return head.startsWith('<') ? 'xml' : undefined;
}

/**
 * Reads a binary or XML property list. Throws `DFSLAB_E_PLIST_BAD` when malformed, `DFSLAB_E_PLIST_CYCLE`
 * for a self-containing binary container, `DFSLAB_E_LIMIT_EXCEEDED` past `maxObjects`/`maxDepth`.
 */
export function readPlist(bytes: Uint8Array, opts: PlistReadOptions = {}): PlistValue {
  const format = sniffPlistFormat(bytes);
  if (format === 'binary') return readBinaryPlist(bytes, opts);
  if (format === 'xml') return readXmlPlistText(decodeXmlText(bytes), opts);
  throw new PlistFormatError('neither a binary ("bplist00") nor an XML property list', 0, opts.label);
}

export type PlistJson = string | number | boolean | null | PlistJson[] | { [key: string]: PlistJson };

/**
 * Plain JSON for reports: dates as ISO-8601 (an invalid date as null), data as base64, bigint as a decimal
 * string, non-finite reals as "NaN"/"Infinity"/"-Infinity", UIDs as `{ "CF$UID": n }` (the XML form
 * plutil uses). Dict key order is kept. The value must be a tree (readPlist always returns one).
 */
export function plistToJson(v: PlistValue): PlistJson {
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
  if (v instanceof PlistUid) return { CF$UID: v.uid };
  if (Array.isArray(v)) return v.map(plistToJson);
  const out: { [key: string]: PlistJson } = Object.create(null) as { [key: string]: PlistJson };
  for (const [k, x] of v) out[k] = plistToJson(x);
  return out;
}
