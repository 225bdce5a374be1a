/**
 * @module formats/asn1/der
 * A small, bounds-checked reader for ASN.1 DER (ITU-T X.690) as used by X.509 certificates (RFC 5280) and
 * PKCS #7 / CMS SignedData (RFC 2315, RFC 5652).
 *
 * Design: elements are described by offsets into the caller's `Uint8Array` (no copies), so a certificate
 * found inside a PKCS #7 blob keeps absolute offsets and error messages point into the original file.
 *
 * Leniency, on purpose and bounded:
 * - non-minimal long-form lengths (e.g. `82 00 81`) are accepted: real Android signing tools produced them
 *   and the platform (and apksigner's BER parser) accept them;
 * - indefinite lengths (BER, X.690 8.1.3.6) are accepted only when the caller opts in (`allowIndefinite`),
 *   with a nesting limit, because some PKCS #7 producers stream BER.
 * Everything else that is malformed becomes a `FormatError` with code `DFSLAB_E_ASN1_BAD_DER` and the offset.
 */
import { ErrorCodes, FormatError } from '../../errors.js';

/** Tag classes, X.690 8.1.2.2. */
export const TagClass = {
  UNIVERSAL: 0,
  APPLICATION: 1,
  CONTEXT: 2,
  PRIVATE: 3,
} as const;

/** Universal tag numbers used by the formats dfslab reads (X.680 8.4). */
export const Tag = {
  BOOLEAN: 1,
  INTEGER: 2,
  BIT_STRING: 3,
  OCTET_STRING: 4,
  NULL: 5,
  OBJECT_IDENTIFIER: 6,
  ENUMERATED: 10,
  UTF8_STRING: 12,
  SEQUENCE: 16,
  SET: 17,
  NUMERIC_STRING: 18,
  PRINTABLE_STRING: 19,
  TELETEX_STRING: 20,
  IA5_STRING: 22,
  UTC_TIME: 23,
  GENERALIZED_TIME: 24,
  VISIBLE_STRING: 26,
  UNIVERSAL_STRING: 28,
  BMP_STRING: 30,
} as const;

/** One TLV: where its header, value and end are inside `bytes`. */
export interface DerElement {
  /** The buffer the offsets refer to. */
  readonly bytes: Uint8Array;
  readonly tagClass: number;
  readonly constructed: boolean;
  readonly tagNumber: number;
  /** Offset of the identifier octet. */
  readonly start: number;
  /** Offset of the first value octet. */
  readonly valueStart: number;
  /** Offset just past the last value octet (before the end-of-contents octets of an indefinite form). */
  readonly valueEnd: number;
  /** Offset just past the whole element (including end-of-contents octets of an indefinite form). */
  readonly end: number;
  /** True when the length used the BER indefinite form. */
  readonly indefinite: boolean;
}

export interface DerReadOptions {
  /** Accept BER indefinite lengths on constructed elements (default false). */
  allowIndefinite?: boolean;
  /** Label (file or entry name) for error messages. */
  label?: string;
}

/** Nesting deeper than this is refused: no real certificate comes close, and it bounds recursion. */
const MAX_INDEFINITE_DEPTH = 32;

export function asn1Error(message: string, offset: number, label?: string): FormatError {
  return new FormatError(ErrorCodes.ASN1_BAD_DER, `${message}; the ASN.1 data is malformed or not DER`, {
    offset,
    ...(label === undefined ? {} : { path: label }),
  });
}

/**
 * Reads the element starting at `offset`, which must end at or before `limit`.
 * Throws `DFSLAB_E_ASN1_BAD_DER` on any truncation or malformed header.
 */
export function readElement(bytes: Uint8Array, offset: number, limit = bytes.length, opts: DerReadOptions = {}): DerElement {
  return readElementAtDepth(bytes, offset, limit, opts, 0);
}

function readElementAtDepth(
  bytes: Uint8Array,
  offset: number,
  limit: number,
  opts: DerReadOptions,
  depth: number,
): DerElement {
  if (limit > bytes.length) limit = bytes.length;
  let p = offset;
  if (!(p >= 0 && p < limit)) throw asn1Error(`expected an ASN.1 element at offset ${offset} but the data ends`, offset, opts.label);
  const id = bytes[p++]!;
  const tagClass = id >> 6;
  const constructed = (id & 0x20) !== 0;
  let tagNumber = id & 0x1f;
  if (tagNumber === 0x1f) {
    // High-tag-number form, X.690 8.1.2.4: base-128 digits. Four digits cover any tag we care about.
    tagNumber = 0;
    for (let i = 0; ; i++) {
      if (p >= limit) throw asn1Error('truncated high-tag-number identifier', offset, opts.label);
      if (i >= 4) throw asn1Error('tag number too large', offset, opts.label);
      const b = bytes[p++]!;
      tagNumber = tagNumber * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
  }
  if (p >= limit) throw asn1Error('truncated: missing length octets', offset, opts.label);
  const first = bytes[p++]!;
  if (first < 0x80) {
    const end = p + first;
    if (end > limit) {
      throw asn1Error(`element length ${first} runs past the end of its container (${limit - p} byte(s) left)`, offset, opts.label);
    }
    return { bytes, tagClass, constructed, tagNumber, start: offset, valueStart: p, valueEnd: end, end, indefinite: false };
  }
  if (first === 0x80) {
    if (!opts.allowIndefinite) throw asn1Error('indefinite length (BER) is not allowed here', offset, opts.label);
    if (!constructed) throw asn1Error('indefinite length on a primitive element', offset, opts.label);
    if (depth >= MAX_INDEFINITE_DEPTH) throw asn1Error('indefinite-length elements nested too deeply', offset, opts.label);
    // The value is the run of child elements up to the end-of-contents octets 00 00 (X.690 8.1.5).
    let q = p;
    for (;;) {
      if (q + 2 > limit) throw asn1Error('indefinite-length element has no end-of-contents octets', offset, opts.label);
      if (bytes[q] === 0 && bytes[q + 1] === 0) break;
      q = readElementAtDepth(bytes, q, limit, opts, depth + 1).end;
    }
    return { bytes, tagClass, constructed, tagNumber, start: offset, valueStart: p, valueEnd: q, end: q + 2, indefinite: true };
  }
  const count = first & 0x7f;
  if (count === 0x7f) throw asn1Error('reserved length octet 0xff', offset, opts.label);
  if (count > 4) throw asn1Error(`length uses ${count} octets; lengths above 4 GiB are not supported`, offset, opts.label);
  if (p + count > limit) throw asn1Error('truncated: length octets run past the data', offset, opts.label);
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + bytes[p++]!;
  const end = p + length;
  if (end > limit) {
    throw asn1Error(`element length ${length} runs past the end of its container (${limit - p} byte(s) left)`, offset, opts.label);
  }
  return { bytes, tagClass, constructed, tagNumber, start: offset, valueStart: p, valueEnd: end, end, indefinite: false };
}

/** Reads a whole buffer that must hold exactly one element (trailing bytes are an error unless allowed). */
export function readRootElement(bytes: Uint8Array, opts: DerReadOptions & { allowTrailing?: boolean } = {}): DerElement {
  const el = readElement(bytes, 0, bytes.length, opts);
  if (!opts.allowTrailing && el.end !== bytes.length) {
    throw asn1Error(`${bytes.length - el.end} unexpected byte(s) after the top-level element`, el.end, opts.label);
  }
  return el;
}

/** The complete encoding (header + value) of an element, as a view into the original buffer. */
export function elementBytes(el: DerElement): Uint8Array {
  return el.bytes.subarray(el.start, el.end);
}

/** The value octets of an element, as a view into the original buffer. */
export function valueBytes(el: DerElement): Uint8Array {
  return el.bytes.subarray(el.valueStart, el.valueEnd);
}

export function isUniversal(el: DerElement, tagNumber: number): boolean {
  return el.tagClass === TagClass.UNIVERSAL && el.tagNumber === tagNumber;
}

export function isContext(el: DerElement, tagNumber: number): boolean {
  return el.tagClass === TagClass.CONTEXT && el.tagNumber === tagNumber;
}

/** The child elements of a constructed element, in order. */
export function children(el: DerElement, opts: DerReadOptions = {}): DerElement[] {
  if (!el.constructed) throw asn1Error('expected a constructed element (SEQUENCE, SET or tagged)', el.start, opts.label);
  const out: DerElement[] = [];
  let p = el.valueStart;
  while (p < el.valueEnd) {
    const child = readElement(el.bytes, p, el.valueEnd, opts);
    out.push(child);
    p = child.end;
  }
  return out;
}

/**
 * A cursor over the children of one constructed element, for reading a SEQUENCE field by field the way the
 * ASN.1 module of a spec lists them (required fields, then OPTIONAL tagged ones).
 */
export class DerCursor {
  private pos: number;
  readonly parent: DerElement;
  private readonly opts: DerReadOptions;

  constructor(parent: DerElement, opts: DerReadOptions = {}) {
    if (!parent.constructed) throw asn1Error('expected a constructed element', parent.start, opts.label);
    this.parent = parent;
    this.pos = parent.valueStart;
    this.opts = opts;
  }

  get hasMore(): boolean {
    return this.pos < this.parent.valueEnd;
  }

  peek(): DerElement | undefined {
    if (!this.hasMore) return undefined;
    return readElement(this.parent.bytes, this.pos, this.parent.valueEnd, this.opts);
  }

  /** The next element, whatever it is; `what` names the field for the error message. */
  next(what: string): DerElement {
    if (!this.hasMore) throw asn1Error(`missing ${what}`, this.parent.valueEnd, this.opts.label);
    const el = readElement(this.parent.bytes, this.pos, this.parent.valueEnd, this.opts);
    this.pos = el.end;
    return el;
  }

  /** The next element, which must be the given universal type. */
  expect(tagNumber: number, what: string): DerElement {
    const el = this.next(what);
    if (!isUniversal(el, tagNumber)) {
      throw asn1Error(`${what}: expected universal tag ${tagNumber}, found ${describeTag(el)}`, el.start, this.opts.label);
    }
    return el;
  }

  /** The next element if it has the given context-specific tag (an OPTIONAL [n] field), else undefined. */
  optionalContext(tagNumber: number): DerElement | undefined {
    const el = this.peek();
    if (el === undefined || !isContext(el, tagNumber)) return undefined;
    this.pos = el.end;
    return el;
  }

  /** The next element if it has the given universal tag, else undefined. */
  optionalUniversal(tagNumber: number): DerElement | undefined {
    const el = this.peek();
    if (el === undefined || !isUniversal(el, tagNumber)) return undefined;
    this.pos = el.end;
    return el;
  }
}

export function describeTag(el: DerElement): string {
  const cls = ['UNIVERSAL', 'APPLICATION', 'CONTEXT', 'PRIVATE'][el.tagClass] ?? '?';
  return `[${cls} ${el.tagNumber}${el.constructed ? ', constructed' : ''}]`;
}

// ---- value decoders -------------------------------------------------------------------------------------

function requirePrimitive(el: DerElement, what: string, label?: string): void {
  if (el.constructed) throw asn1Error(`${what} must be primitive`, el.start, label);
}

/** INTEGER (X.690 8.3) as a bigint (two's complement). */
export function decodeInteger(el: DerElement, label?: string): bigint {
  requirePrimitive(el, 'INTEGER', label);
  const len = el.valueEnd - el.valueStart;
  if (len === 0) throw asn1Error('INTEGER with no content octets', el.start, label);
  let v = 0n;
  for (let i = el.valueStart; i < el.valueEnd; i++) v = (v << 8n) | BigInt(el.bytes[i]!);
  if ((el.bytes[el.valueStart]! & 0x80) !== 0) v -= 1n << BigInt(len * 8);
  return v;
}

/** INTEGER that must fit a JS safe integer (versions, small counters). */
export function decodeSmallInteger(el: DerElement, label?: string): number {
  const v = decodeInteger(el, label);
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw asn1Error('INTEGER too large for this field', el.start, label);
  }
  return Number(v);
}

/** The content octets of an INTEGER as lower-case hex with redundant leading zero octets removed. */
export function decodeIntegerHex(el: DerElement, label?: string): string {
  requirePrimitive(el, 'INTEGER', label);
  if (el.valueEnd === el.valueStart) throw asn1Error('INTEGER with no content octets', el.start, label);
  let i = el.valueStart;
  while (i < el.valueEnd - 1 && el.bytes[i] === 0) i++;
  return Buffer.from(el.bytes.buffer, el.bytes.byteOffset + i, el.valueEnd - i).toString('hex');
}

/** Bit length of a non-negative INTEGER (e.g. an RSA modulus): leading zero octets/bits do not count. */
export function integerBitLength(el: DerElement, label?: string): number {
  requirePrimitive(el, 'INTEGER', label);
  let i = el.valueStart;
  while (i < el.valueEnd && el.bytes[i] === 0) i++;
  if (i === el.valueEnd) return 0;
  const top = el.bytes[i]!;
  return (el.valueEnd - i - 1) * 8 + (32 - Math.clz32(top));
}

export function decodeBoolean(el: DerElement, label?: string): boolean {
  requirePrimitive(el, 'BOOLEAN', label);
  if (el.valueEnd - el.valueStart !== 1) throw asn1Error('BOOLEAN must have exactly one content octet', el.start, label);
  return el.bytes[el.valueStart] !== 0;
}

/** BIT STRING (X.690 8.6): the unused-bit count and a view of the content bytes. */
export function decodeBitString(el: DerElement, label?: string): { unusedBits: number; bytes: Uint8Array } {
  requirePrimitive(el, 'BIT STRING', label);
  if (el.valueEnd === el.valueStart) throw asn1Error('BIT STRING with no content octets', el.start, label);
  const unusedBits = el.bytes[el.valueStart]!;
  if (unusedBits > 7) throw asn1Error(`BIT STRING declares ${unusedBits} unused bits`, el.start, label);
  if (unusedBits !== 0 && el.valueEnd - el.valueStart === 1) throw asn1Error('empty BIT STRING with unused bits', el.start, label);
  return { unusedBits, bytes: el.bytes.subarray(el.valueStart + 1, el.valueEnd) };
}

/** OCTET STRING content (primitive form only). */
export function decodeOctetString(el: DerElement, label?: string): Uint8Array {
  requirePrimitive(el, 'OCTET STRING', label);
  return valueBytes(el);
}

/** Longest OID dfslab renders; real ones are far shorter. */
const MAX_OID_CONTENT = 256;

/** OBJECT IDENTIFIER (X.690 8.19) in dotted form, e.g. "1.2.840.113549.1.1.11". */
export function decodeOid(el: DerElement, label?: string): string {
  requirePrimitive(el, 'OBJECT IDENTIFIER', label);
  const len = el.valueEnd - el.valueStart;
  if (len === 0) throw asn1Error('OBJECT IDENTIFIER with no content octets', el.start, label);
  if (len > MAX_OID_CONTENT) throw asn1Error('OBJECT IDENTIFIER too long', el.start, label);
  const parts: string[] = [];
  let value = 0n;
  let inArc = false;
  let first = true;
  for (let i = el.valueStart; i < el.valueEnd; i++) {
    const b = el.bytes[i]!;
    if (!inArc && b === 0x80) throw asn1Error('OBJECT IDENTIFIER arc with a leading 0x80 octet', el.start, label);
    value = (value << 7n) | BigInt(b & 0x7f);
    inArc = (b & 0x80) !== 0;
    if (!inArc) {
      if (first) {
        // The first subidentifier packs the first two arcs (X.690 8.19.4).
        const top = value < 40n ? 0n : value < 80n ? 1n : 2n;
        parts.push(top.toString(), (value - top * 40n).toString());
        first = false;
      } else {
        parts.push(value.toString());
      }
      value = 0n;
    }
  }
  if (inArc) throw asn1Error('OBJECT IDENTIFIER ends inside an arc', el.start, label);
  return parts.join('.');
}

/** Encodes a dotted OID back to its content octets (used for comparisons and tests). */
export function encodeOid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map((s) => BigInt(s));
  if (arcs.length < 2) throw new RangeError(`not an OID: ${dotted}`);
  const out: number[] = [];
  const pushArc = (v: bigint): void => {
    const tmp: number[] = [Number(v & 0x7fn)];
    v >>= 7n;
    while (v > 0n) {
      tmp.unshift(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    out.push(...tmp);
  };
  pushArc(arcs[0]! * 40n + arcs[1]!);
  for (let i = 2; i < arcs.length; i++) pushArc(arcs[i]!);
  return Uint8Array.from(out);
}

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8', { fatal: false });
const utf16be = new TextDecoder('utf-16be', { fatal: false });

/** True when the element is one of the character-string types (X.680 41). */
export function isStringType(el: DerElement): boolean {
  if (el.tagClass !== TagClass.UNIVERSAL) return false;
  switch (el.tagNumber) {
    case Tag.UTF8_STRING:
    case Tag.NUMERIC_STRING:
    case Tag.PRINTABLE_STRING:
    case Tag.TELETEX_STRING:
    case Tag.IA5_STRING:
    case Tag.VISIBLE_STRING:
    case Tag.UNIVERSAL_STRING:
    case Tag.BMP_STRING:
      return true;
    default:
      return false;
  }
}

/** A character string of any of the string types. Invalid sequences become U+FFFD: a name is evidence. */
export function decodeString(el: DerElement, label?: string): string {
  requirePrimitive(el, 'string', label);
  const v = valueBytes(el);
  switch (el.tagNumber) {
    case Tag.UTF8_STRING:
      return utf8.decode(v);
    case Tag.BMP_STRING:
      if (v.length % 2 !== 0) throw asn1Error('BMPString with an odd number of octets', el.start, label);
      return utf16be.decode(v);
    case Tag.UNIVERSAL_STRING: {
      if (v.length % 4 !== 0) throw asn1Error('UniversalString length is not a multiple of 4', el.start, label);
      let s = '';
      for (let i = 0; i < v.length; i += 4) {
        const cp = ((v[i]! << 24) | (v[i + 1]! << 16) | (v[i + 2]! << 8) | v[i + 3]!) >>> 0;
        s += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
      }
      return s;
    }
    case Tag.NUMERIC_STRING:
    case Tag.PRINTABLE_STRING:
    case Tag.IA5_STRING:
    case Tag.VISIBLE_STRING:
    case Tag.TELETEX_STRING:
      // TeletexString is T.61 in theory; in practice certificates put Latin-1 there.
      return latin1.decode(v);
    default:
      throw asn1Error(`expected a string type, found ${describeTag(el)}`, el.start, label);
  }
}

/**
 * UTCTime (YYMMDDHHMM[SS]Z, years 50-99 → 19xx per RFC 5280 4.1.2.5.1) or GeneralizedTime
 * (YYYYMMDDHHMMSS[.fff]Z), returned as an ISO-8601 string in UTC. Offsets (+hhmm) are honoured.
 */
export function decodeTime(el: DerElement, label?: string): string {
  requirePrimitive(el, 'time', label);
  const text = latin1.decode(valueBytes(el));
  let m: RegExpExecArray | null;
  let year: number;
  let rest: string;
  if (isUniversal(el, Tag.UTC_TIME)) {
    m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{4})$/.exec(text);
    if (!m) throw asn1Error(`malformed UTCTime "${text.slice(0, 40)}"`, el.start, label);
    const yy = Number(m[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
    rest = '';
  } else if (isUniversal(el, Tag.GENERALIZED_TIME)) {
    m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(?:[.,](\d{1,9}))?(Z|[+-]\d{4})?$/.exec(text);
    if (!m) throw asn1Error(`malformed GeneralizedTime "${text.slice(0, 40)}"`, el.start, label);
    year = Number(m[1]);
    rest = m[7] ?? '';
  } else {
    throw asn1Error(`expected UTCTime or GeneralizedTime, found ${describeTag(el)}`, el.start, label);
  }
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5] ?? '0');
  const second = Number(m[6] ?? '0');
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    throw asn1Error(`time "${text.slice(0, 40)}" has an out-of-range field`, el.start, label);
  }
  const ms = rest ? Math.round(Number(`0.${rest}`) * 1000) : 0;
  // Date.UTC maps years 0-99 to 19xx, so set the full year explicitly.
  const base = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, ms));
  base.setUTCFullYear(year, month - 1, day);
  let t = base.getTime();
  const zone = isUniversal(el, Tag.UTC_TIME) ? m[7] : m[8];
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const offsetMinutes = Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5));
    t -= sign * offsetMinutes * 60_000;
  }
  const d = new Date(t);
  if (Number.isNaN(d.getTime())) throw asn1Error(`time "${text.slice(0, 40)}" is not a valid date`, el.start, label);
  return d.toISOString();
}
