/**
 * @module formats/plist/xml
 * XML property lists (Apple's PropertyList-1.0.dtd): plist, dict, key, array, string, integer, real,
 * true, false, date, data. A small hand-written reader, not a general XML parser:
 *
 * - XXE-safe by construction: the DOCTYPE (with any internal subset) is skipped, never interpreted, so no
 *   external entity is fetched and no custom entity is expanded; only the five predefined entities and
 *   numeric character references are decoded (an unknown `&name;` is an error).
 * - Comments, processing instructions and CDATA sections are handled; attributes are read and ignored.
 * - Any element outside the DTD subset, text inside a container, a dict without key/value pairs, or a
 *   malformed integer/real/date/base64 raises `DFSLAB_E_PLIST_BAD` with the character offset.
 * - Nesting is bounded by `maxDepth` and the number of values by `maxObjects`.
 */
import { Buffer } from 'node:buffer';
import { LimitExceededError } from '../../errors.js';
import {
  DEFAULT_PLIST_MAX_DEPTH,
  DEFAULT_PLIST_MAX_OBJECTS,
  PlistFormatError,
  type PlistDict,
  type PlistReadOptions,
  type PlistValue,
} from './types.js';

const utf8 = new TextDecoder('utf-8', { fatal: false });
const utf16le = new TextDecoder('utf-16le', { fatal: false });
const utf16be = new TextDecoder('utf-16be', { fatal: false });

const INT_MIN = -(2n ** 63n);
const UINT_MAX = 2n ** 64n - 1n;
/** CFPropertyList accepts decimal and 0x-hex integers with an optional sign. */
const INTEGER_RE = /^[+-]?(?:0[xX][0-9a-fA-F]+|[0-9]+)$/;
const REAL_RE = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
/** The DTD's date form, ISO 8601 UTC (CFPropertyList writes whole seconds; fractions are tolerated). */
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?Z$/;
const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;
const NAME_END_RE = /[\s/>]/;

/** Decodes the byte-order mark if any (UTF-8 default; UTF-16 either order). */
export function decodeXmlText(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return utf16be.decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return utf16le.decode(bytes.subarray(2));
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return utf8.decode(bytes.subarray(3));
  return utf8.decode(bytes);
}

export function readXmlPlist(bytes: Uint8Array, opts: PlistReadOptions = {}): PlistValue {
  return readXmlPlistText(decodeXmlText(bytes), opts);
}

export function readXmlPlistText(text: string, opts: PlistReadOptions = {}): PlistValue {
  return new XmlPlistReader(text, opts).readDocument();
}

interface StartTag {
  name: string;
  selfClosing: boolean;
  at: number;
}

class XmlPlistReader {
  private pos = 0;
  private produced = 0;
  private readonly maxObjects: number;
  private readonly maxDepth: number;
  private readonly label: string | undefined;

  constructor(
    private readonly s: string,
    opts: PlistReadOptions,
  ) {
    this.label = opts.label;
    this.maxObjects = opts.maxObjects ?? DEFAULT_PLIST_MAX_OBJECTS;
    this.maxDepth = opts.maxDepth ?? DEFAULT_PLIST_MAX_DEPTH;
  }

  private bad(message: string, at = this.pos): PlistFormatError {
    return new PlistFormatError(`XML plist: ${message} (character offset ${at})`, at, this.label);
  }

  private limit(message: string, at: number): LimitExceededError {
    return new LimitExceededError(message, { offset: at, ...(this.label === undefined ? {} : { path: this.label }) });
  }

  readDocument(): PlistValue {
    this.skipMisc(true);
    const tag = this.readStartTag();
    let value: PlistValue;
    if (tag.name === 'plist') {
      if (tag.selfClosing) throw this.bad('<plist/> holds no value', tag.at);
      this.skipMisc(false);
      value = this.readValue(this.readStartTag(), 0);
      this.skipMisc(false);
      this.readEndTag('plist');
    } else {
      value = this.readValue(tag, 0);
    }
    this.skipMisc(false);
    if (this.pos < this.s.length) throw this.bad('content after the end of the property list');
    return value;
  }

  /** Skips whitespace, comments, processing instructions and (in the prolog) the DOCTYPE. */
  private skipMisc(prolog: boolean): void {
    const s = this.s;
    for (;;) {
      while (this.pos < s.length && isSpace(s.charCodeAt(this.pos))) this.pos++;
      if (s.startsWith('<!--', this.pos)) {
        const end = s.indexOf('-->', this.pos + 4);
        if (end < 0) throw this.bad('unterminated comment');
        this.pos = end + 3;
      } else if (s.startsWith('<?', this.pos)) {
        const end = s.indexOf('?>', this.pos + 2);
        if (end < 0) throw this.bad('unterminated processing instruction');
        this.pos = end + 2;
      } else if (prolog && s.startsWith('<!DOCTYPE', this.pos)) {
        this.skipDoctype();
      } else {
        return;
      }
    }
  }

  /** Skips `<!DOCTYPE ... [internal subset] >` without interpreting it (no entity is ever declared). */
  private skipDoctype(): void {
    const s = this.s;
    const at = this.pos;
    let p = at + 9;
    let quote = 0;
    let inSubset = false;
    for (; p < s.length; p++) {
      const c = s.charCodeAt(p);
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === 0x22 || c === 0x27) {
        quote = c;
      } else if (c === 0x5b /* [ */) {
        inSubset = true;
      } else if (c === 0x5d /* ] */) {
        inSubset = false;
      } else if (c === 0x3e /* > */ && !inSubset) {
        this.pos = p + 1;
        return;
      }
    }
    throw this.bad('unterminated DOCTYPE', at);
  }

  private readStartTag(): StartTag {
    const s = this.s;
    const at = this.pos;
    if (s.charCodeAt(at) !== 0x3c || s.charCodeAt(at + 1) === 0x2f /* / */) {
      throw this.bad(at >= s.length ? 'expected an element but the text ends' : 'expected an element start tag', at);
    }
    let p = at + 1;
    while (p < s.length && !NAME_END_RE.test(s[p]!)) p++;
    const name = s.slice(at + 1, p);
    if (name.length === 0) throw this.bad('empty element name', at);
    // Attributes: read past quoted values (which may contain '>') and ignore them.
    let quote = 0;
    for (; p < s.length; p++) {
      const c = s.charCodeAt(p);
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === 0x22 || c === 0x27) {
        quote = c;
      } else if (c === 0x3e) {
        this.pos = p + 1;
        return { name, selfClosing: s.charCodeAt(p - 1) === 0x2f && p - 1 >= at + 1 + name.length, at };
      }
    }
    throw this.bad(`unterminated start tag <${name}`, at);
  }

  private readEndTag(name: string): void {
    const s = this.s;
    const at = this.pos;
    if (!s.startsWith('</', at) || !s.startsWith(name, at + 2)) throw this.bad(`expected </${name}>`, at);
    let p = at + 2 + name.length;
    while (p < s.length && isSpace(s.charCodeAt(p))) p++;
    if (s.charCodeAt(p) !== 0x3e) throw this.bad(`expected </${name}>`, at);
    this.pos = p + 1;
  }

  private readValue(tag: StartTag, depth: number): PlistValue {
    if (++this.produced > this.maxObjects) {
      throw this.limit(`XML plist has more than ${this.maxObjects} values; raise maxObjects if the file is genuine`, tag.at);
    }
    switch (tag.name) {
      case 'dict':
      case 'array':
        if (depth >= this.maxDepth) {
          throw this.limit(`XML plist nesting is deeper than ${this.maxDepth}; raise maxDepth if the file is genuine`, tag.at);
        }
        return tag.name === 'dict' ? this.readDict(tag, depth) : this.readArray(tag, depth);
      case 'true':
      case 'false':
        if (!tag.selfClosing) {
          const text = this.readText(tag.name);
          if (text.trim() !== '') throw this.bad(`<${tag.name}> must be empty`, tag.at);
        }
        return tag.name === 'true';
      case 'string':
      case 'key':
        return tag.selfClosing ? '' : this.readText(tag.name);
      case 'integer':
        return this.parseInteger(tag.selfClosing ? '' : this.readText(tag.name), tag.at);
      case 'real':
        return this.parseReal(tag.selfClosing ? '' : this.readText(tag.name), tag.at);
      case 'date':
        return this.parseDate(tag.selfClosing ? '' : this.readText(tag.name), tag.at);
      case 'data':
        return this.parseData(tag.selfClosing ? '' : this.readText(tag.name), tag.at);
      default:
        throw this.bad(`<${tag.name}> is not a property-list element`, tag.at);
    }
  }

  private readArray(tag: StartTag, depth: number): PlistValue[] {
    const out: PlistValue[] = [];
    if (tag.selfClosing) return out;
    for (;;) {
      this.skipMisc(false);
      if (this.s.startsWith('</', this.pos)) {
        this.readEndTag('array');
        return out;
      }
      out.push(this.readValue(this.readStartTag(), depth + 1));
    }
  }

  private readDict(tag: StartTag, depth: number): PlistDict {
    const out: PlistDict = new Map();
    if (tag.selfClosing) return out;
    for (;;) {
      this.skipMisc(false);
      if (this.s.startsWith('</', this.pos)) {
        this.readEndTag('dict');
        return out;
      }
      const keyTag = this.readStartTag();
      if (keyTag.name !== 'key') throw this.bad(`expected <key> in <dict>, found <${keyTag.name}>`, keyTag.at);
      const key = keyTag.selfClosing ? '' : this.readText('key');
      this.skipMisc(false);
      if (this.s.startsWith('</', this.pos)) throw this.bad(`key "${key}" has no value`);
      const valueTag = this.readStartTag();
      if (valueTag.name === 'key') throw this.bad(`key "${key}" is followed by another <key>`, valueTag.at);
      out.set(key, this.readValue(valueTag, depth + 1));
    }
  }

  /**
   * Character data up to `</name>`, with entities and CDATA decoded and comments dropped. Any other
   * markup inside a leaf element is an error.
   */
  private readText(name: string): string {
    const s = this.s;
    let out = '';
    let p = this.pos;
    for (;;) {
      const lt = s.indexOf('<', p);
      if (lt < 0) throw this.bad(`unterminated <${name}>`, this.pos);
      out += decodeEntities(s, p, lt, this);
      if (s.startsWith('<![CDATA[', lt)) {
        const end = s.indexOf(']]>', lt + 9);
        if (end < 0) throw this.bad('unterminated CDATA section', lt);
        out += s.slice(lt + 9, end);
        p = end + 3;
      } else if (s.startsWith('<!--', lt)) {
        const end = s.indexOf('-->', lt + 4);
        if (end < 0) throw this.bad('unterminated comment', lt);
        p = end + 3;
      } else if (s.startsWith('</', lt)) {
        this.pos = lt;
        this.readEndTag(name);
        return out;
      } else {
        throw this.bad(`markup inside <${name}>`, lt);
      }
    }
  }

  /** Used by decodeEntities for its error. */
  entityError(message: string, at: number): PlistFormatError {
    return this.bad(message, at);
  }

  private parseInteger(raw: string, at: number): number | bigint {
    const text = raw.trim();
    if (!INTEGER_RE.test(text)) throw this.bad(`<integer> "${text.slice(0, 40)}" is not an integer`, at);
    const negative = text.startsWith('-');
    const digits = text.replace(/^[+-]/, '');
    let v = BigInt(digits);
    if (negative) v = -v;
    if (v < INT_MIN || v > UINT_MAX) throw this.bad(`<integer> ${text} does not fit in 64 bits`, at);
    return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
  }

  private parseReal(raw: string, at: number): number {
    const text = raw.trim();
    const lower = text.toLowerCase();
    if (lower === 'nan') return Number.NaN;
    if (lower === 'inf' || lower === '+inf' || lower === 'infinity' || lower === '+infinity') return Number.POSITIVE_INFINITY;
    if (lower === '-inf' || lower === '-infinity') return Number.NEGATIVE_INFINITY;
    if (!REAL_RE.test(text)) throw this.bad(`<real> "${text.slice(0, 40)}" is not a number`, at);
    return Number(text);
  }

  private parseDate(raw: string, at: number): Date {
    const text = raw.trim();
    const m = DATE_RE.exec(text);
    if (m === null) throw this.bad(`<date> "${text.slice(0, 40)}" is not YYYY-MM-DDTHH:MM:SSZ`, at);
    const d = new Date(text);
    if (Number.isNaN(d.getTime())) throw this.bad(`<date> "${text}" is not a valid date`, at);
    return d;
  }

  private parseData(raw: string, at: number): Uint8Array {
    const text = raw.replace(/\s+/g, '');
    if (!BASE64_RE.test(text) || text.length % 4 === 1) throw this.bad('<data> is not valid base64', at);
    const buf = Buffer.from(text, 'base64');
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Decodes the predefined entities and numeric character references in s[from, to). Works on the slice so
 * that searching for '&' never scans past `to` (which would make many small text nodes quadratic).
 */
function decodeEntities(whole: string, from: number, to: number, reader: XmlPlistReader): string {
  const base = from;
  const s = whole.slice(from, to);
  let amp = s.indexOf('&');
  if (amp < 0) return s;
  let out = '';
  let p = 0;
  while (amp >= 0) {
    out += s.slice(p, amp);
    const semi = s.indexOf(';', amp + 1);
    if (semi < 0 || semi - amp > 12) throw reader.entityError('"&" does not start an entity reference', base + amp);
    const name = s.slice(amp + 1, semi);
    if (name.startsWith('#')) {
      const hex = name.startsWith('#x') || name.startsWith('#X');
      const digits = name.slice(hex ? 2 : 1);
      if (!(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) throw reader.entityError(`bad character reference &${name};`, base + amp);
      const cp = Number.parseInt(digits, hex ? 16 : 10);
      if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        throw reader.entityError(`character reference &${name}; is not a valid character`, base + amp);
      }
      out += String.fromCodePoint(cp);
    } else {
      const v = PREDEFINED[name];
      // Only the predefined entities: DOCTYPE-declared ones are never expanded (no XXE, no entity bombs).
      if (v === undefined || !Object.hasOwn(PREDEFINED, name)) throw reader.entityError(`unknown entity &${name};`, base + amp);
      out += v;
    }
    p = semi + 1;
    amp = s.indexOf('&', p);
  }
  return out + s.slice(p);
}
