/**
 * @module ussd/dialects/xml-reader
 * A small, strict reader for the flat XML documents USSD gateways exchange (TruRoute's
 * `<ussd><type/><msg/>…</ussd>`). It is deliberately not a general XML parser: it refuses any document
 * type declaration (so no entity can ever be declared, expanded or fetched: no billion-laughs, no XXE),
 * knows only the five predefined entities (XML 1.0 §4.6) and character references (§4.1), and bounds the
 * size, nesting depth and number of elements it reads. Anything outside that subset is a
 * `UssdProtocolError`, which for an answer under test is itself a finding.
 */
import { UssdProtocolError } from '../../errors.js';

export interface XmlElement {
  name: string;
  /** Attribute values, decoded. */
  attributes: ReadonlyMap<string, string>;
  children: XmlElement[];
  /** The element's own character data (text and CDATA, decoded), without that of its children. */
  text: string;
}

export interface XmlLimits {
  maxChars: number;
  maxDepth: number;
  maxElements: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = { maxChars: 64 * 1024, maxDepth: 16, maxElements: 512 };

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const NAME = /[A-Za-z_:][A-Za-z0-9_:.-]*/y;
const WS = /[ \t\r\n]*/y;
// XML 1.0 §2.2 Char: no C0 controls except tab/LF/CR, no U+FFFE/U+FFFF, no unpaired surrogates.
const BAD_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const XML_DECL = /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.[0-9]+\1([ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\3)?([ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(yes|no)\5)?[ \t\r\n]*\?>/;

/** Reads one XML document; `what` names the source in error messages (e.g. `truroute`). */
export function readXml(text: string, what: string, limits: XmlLimits = DEFAULT_XML_LIMITS): XmlElement {
  return new Reader(text, what, limits).document();
}

class Reader {
  private pos = 0;
  private elements = 0;

  constructor(
    private readonly src: string,
    private readonly what: string,
    private readonly limits: XmlLimits,
  ) {}

  private fail(message: string): never {
    throw new UssdProtocolError(`${this.what}: malformed XML answer at character ${this.pos}: ${message}`, { offset: this.pos });
  }

  document(): XmlElement {
    if (this.src.length > this.limits.maxChars) {
      throw new UssdProtocolError(`${this.what}: the XML answer has ${this.src.length} characters; at most ${this.limits.maxChars} are read`);
    }
    const bad = BAD_CHAR.exec(this.src);
    if (bad) {
      this.pos = bad.index;
      this.fail(`character U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`);
    }
    if (this.src.startsWith('\uFEFF')) this.pos = 1;
    if (this.src.startsWith('<?xml', this.pos)) {
      const m = XML_DECL.exec(this.src.slice(this.pos));
      if (!m) this.fail('the XML declaration is malformed');
      this.pos += m[0].length;
    }
    this.misc();
    if (!this.src.startsWith('<', this.pos)) this.fail('expected the root element');
    const root = this.element(1);
    this.misc();
    if (this.pos !== this.src.length) this.fail('unexpected content after the root element');
    return root;
  }

  /** Whitespace, comments and processing instructions between top-level constructs. */
  private misc(): void {
    for (;;) {
      this.ws();
      if (this.src.startsWith('<!--', this.pos)) this.comment();
      else if (this.src.startsWith('<?', this.pos)) this.processingInstruction();
      else if (this.src.startsWith('<!', this.pos)) this.refuseDeclaration();
      else return;
    }
  }

  private refuseDeclaration(): never {
    if (/^<!DOCTYPE/i.test(this.src.slice(this.pos, this.pos + 9))) {
      this.fail('a document type declaration (DOCTYPE) is refused: entity declarations are never processed');
    }
    this.fail('markup declarations (<!…>) are not allowed');
  }

  private ws(): void {
    WS.lastIndex = this.pos;
    WS.exec(this.src);
    this.pos = WS.lastIndex;
  }

  private name(): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.src);
    if (!m) this.fail('expected a name');
    this.pos = NAME.lastIndex;
    return m[0];
  }

  private comment(): void {
    const end = this.src.indexOf('-->', this.pos + 4);
    if (end < 0) this.fail('unterminated comment');
    if (this.src.slice(this.pos + 4, end).includes('--')) this.fail('"--" is not allowed inside a comment');
    this.pos = end + 3;
  }

  private processingInstruction(): void {
    this.pos += 2;
    const target = this.name();
    if (target.toLowerCase() === 'xml') this.fail('an XML declaration is only allowed at the very start');
    const end = this.src.indexOf('?>', this.pos);
    if (end < 0) this.fail('unterminated processing instruction');
    this.pos = end + 2;
  }

  private element(depth: number): XmlElement {
    if (depth > this.limits.maxDepth) this.fail(`elements nest deeper than ${this.limits.maxDepth} levels`);
    if (++this.elements > this.limits.maxElements) this.fail(`more than ${this.limits.maxElements} elements`);
    this.pos += 1; // '<'
    const name = this.name();
    const attributes = new Map<string, string>();
    for (;;) {
      const before = this.pos;
      this.ws();
      if (this.src.startsWith('/>', this.pos)) {
        this.pos += 2;
        return { name, attributes, children: [], text: '' };
      }
      if (this.src.startsWith('>', this.pos)) {
        this.pos += 1;
        break;
      }
      if (this.pos === before) this.fail(`expected whitespace, an attribute, ">" or "/>" in <${name}>`);
      const attr = this.name();
      this.ws();
      if (this.src[this.pos] !== '=') this.fail(`expected "=" after attribute ${attr}`);
      this.pos += 1;
      this.ws();
      const quote = this.src[this.pos];
      if (quote !== '"' && quote !== "'") this.fail(`attribute ${attr} needs a quoted value`);
      const end = this.src.indexOf(quote, this.pos + 1);
      if (end < 0) this.fail(`unterminated value of attribute ${attr}`);
      const raw = this.src.slice(this.pos + 1, end);
      if (raw.includes('<')) this.fail(`"<" is not allowed in the value of attribute ${attr}`);
      if (attributes.has(attr)) this.fail(`attribute ${attr} appears twice`);
      attributes.set(attr, this.decode(raw, this.pos + 1));
      this.pos = end + 1;
    }
    const children: XmlElement[] = [];
    let text = '';
    for (;;) {
      if (this.pos >= this.src.length) this.fail(`element <${name}> is not closed`);
      const lt = this.src.indexOf('<', this.pos);
      if (lt < 0) this.fail(`element <${name}> is not closed`);
      if (lt > this.pos) {
        const raw = this.src.slice(this.pos, lt);
        if (raw.includes(']]>')) this.fail('"]]>" is not allowed in character data');
        text += this.decode(raw, this.pos);
        this.pos = lt;
      }
      if (this.src.startsWith('</', this.pos)) {
        this.pos += 2;
        const closing = this.name();
        if (closing !== name) this.fail(`</${closing}> closes <${name}>`);
        this.ws();
        if (this.src[this.pos] !== '>') this.fail(`expected ">" to end </${name}>`);
        this.pos += 1;
        return { name, attributes, children, text };
      }
      if (this.src.startsWith('<![CDATA[', this.pos)) {
        const end = this.src.indexOf(']]>', this.pos + 9);
        if (end < 0) this.fail('unterminated CDATA section');
        text += this.src.slice(this.pos + 9, end);
        this.pos = end + 3;
      } else if (this.src.startsWith('<!--', this.pos)) this.comment();
      else if (this.src.startsWith('<?', this.pos)) this.processingInstruction();
      else if (this.src.startsWith('<!', this.pos)) this.refuseDeclaration();
      else children.push(this.element(depth + 1));
    }
  }

  /** Decodes the predefined entities and character references; any other reference is refused. */
  private decode(raw: string, at: number): string {
    if (!raw.includes('&')) return raw;
    let out = '';
    let i = 0;
    while (i < raw.length) {
      const amp = raw.indexOf('&', i);
      if (amp < 0) {
        out += raw.slice(i);
        break;
      }
      out += raw.slice(i, amp);
      const semi = raw.indexOf(';', amp + 1);
      const ref = semi < 0 ? '' : raw.slice(amp + 1, semi);
      this.pos = at + amp;
      if (semi < 0 || ref.length === 0 || ref.length > 10) this.fail('"&" must start an entity or character reference ending with ";"');
      if (ref.startsWith('#')) {
        const hex = ref[1] === 'x';
        const digits = ref.slice(hex ? 2 : 1);
        if (!(hex ? /^[0-9A-Fa-f]{1,6}$/ : /^[0-9]{1,7}$/).test(digits)) this.fail(`malformed character reference &${ref};`);
        const cp = Number.parseInt(digits, hex ? 16 : 10);
        const ok = cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
        if (!ok) this.fail(`character reference &${ref}; is not an XML character`);
        out += String.fromCodePoint(cp);
      } else {
        const v = Object.prototype.hasOwnProperty.call(PREDEFINED, ref) ? PREDEFINED[ref] : undefined;
        if (v === undefined) this.fail(`unknown entity &${ref.slice(0, 10)}; (only &lt; &gt; &amp; &quot; &apos; and character references are accepted; entities are never expanded)`);
        out += v;
      }
      i = semi + 1;
    }
    return out;
  }
}

/** Escapes text for element content or a double-quoted attribute. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}
