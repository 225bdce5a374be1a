/**
 * @module formats/axml/axml
 * Android binary XML (AndroidManifest.xml and res/xml/*.xml inside an APK), read the way the platform reads it
 * (AOSP libandroidfw ResourceTypes.h / ResourceTypes.cpp, `ResXMLTree::setTo`, `ResXMLParser::nextNode`).
 *
 * Layout: a RES_XML_TYPE chunk holding, in order, a string pool, an optional resource map (`u32` resource id per
 * attribute-name string index), then a flat sequence of nodes (start/end namespace, start/end element, CDATA),
 * each a chunk `{ResChunk_header, u32 lineNumber, u32 comment}` followed by its extension.
 *
 * Hostile files are common (packers and malware tamper with manifests so that analysis tools fail while the
 * device still installs the app). Wherever the platform tolerates a defect we read on and record an anomaly;
 * where the platform would refuse the file we still read what we can and flag the anomaly `rejectedByPlatform`.
 * Only when no element at all can be read do we throw `DFSLAB_E_AXML_BAD_CHUNK`.
 */
import { ErrorCodes, FormatError } from '../../errors.js';
import { frameworkAttrId, frameworkAttrName } from './framework-attrs.js';
import { AnomalyLog, type ResAnomaly } from './res-anomaly.js';
import { CHUNK_HEADER_SIZE, ResChunkType, chunkProblem, hex32, readChunkHeader, u16, u32 } from './res-chunk.js';
import { ResValueType, type ResValue } from './res-value.js';
import { StringPool } from './string-pool.js';

export const ANDROID_NS = 'http://schemas.android.com/apk/res/android';

export interface XmlAttribute {
  /** Namespace URI, undefined when the attribute has none (e.g. `package`). */
  ns: string | undefined;
  /** Name as written in the string pool (may be renamed by obfuscators; the platform goes by `resId`). */
  name: string;
  /** Resource id from the XML resource map (e.g. 0x01010003 for android:name), undefined when there is none. */
  resId: number | undefined;
  /** The raw string value (`rawValue`), what name-based readers such as `getAttributeValue(ns, name)` see. */
  rawValue: string | undefined;
  value: ResValue;
  /**
   * For TYPE_STRING values: the pool string at `value.data`, which is what the platform's typed readers
   * (TypedArray, used for every manifest attribute) see. It can differ from `rawValue` in a tampered file.
   */
  string?: string;
}

export interface XmlNamespace {
  prefix: string | undefined;
  uri: string | undefined;
}

export interface XmlElement {
  ns: string | undefined;
  name: string;
  attributes: XmlAttribute[];
  children: XmlElement[];
  /** Source line number recorded by aapt. */
  line: number;
  /** Concatenated CDATA directly inside the element. */
  text?: string;
  /** Namespaces declared just before this element (its `xmlns:` declarations). */
  namespaces?: XmlNamespace[];
  /** Byte offset of the element's start chunk in the file. */
  offset: number;
}

export type AxmlAnomaly = ResAnomaly;

export interface AxmlDocument {
  root: XmlElement;
  anomalies: AxmlAnomaly[];
}

// ResXMLTree_node is {ResChunk_header, u32 lineNumber, ResStringPool_ref comment}.
const NODE_HEADER_SIZE = 16;
// Extension sizes (ResXMLTree_namespaceExt, ResXMLTree_attrExt, ResXMLTree_endElementExt, ResXMLTree_cdataExt).
const NAMESPACE_EXT_SIZE = 8;
const ATTR_EXT_SIZE = 20;
const END_ELEMENT_EXT_SIZE = 8;
const CDATA_EXT_SIZE = 12;
/** sizeof(ResXMLTree_attribute): ns, name, rawValue, Res_value{size, res0, dataType, data}. */
const ATTRIBUTE_SIZE = 20;
const NO_INDEX = 0xffffffff;
const CHECKED_AS_ELEMENT = 1;
const CHECKED_AS_ATTRIBUTE = 2;
/** Deeper nesting is flattened so that recursive consumers cannot overflow the stack. */
const MAX_DEPTH = 256;

/**
 * Parses Android binary XML. `opts.label` (file or entry name) goes into error messages.
 * @throws FormatError `DFSLAB_E_AXML_BAD_CHUNK` when the data holds no readable element at all.
 */
export function parseAxml(bytes: Uint8Array, opts: { label?: string } = {}): AxmlDocument {
  return new AxmlReader(bytes, opts.label).read();
}

class AxmlReader {
  private readonly log = new AnomalyLog();
  private pool: StringPool = StringPool.empty();
  private resMapStart = 0;
  private resMapCount = 0;
  /** Per string index, bit flags: CHECKED_AS_ELEMENT / CHECKED_AS_ATTRIBUTE once checked as such a name. */
  private checkedNames = new Uint8Array(0);
  /** Framework attribute id → the other names its attributes carry (reported once per id at the end). */
  private readonly renamed = new Map<number, { names: string[]; offset: number }>();

  constructor(
    private readonly bytes: Uint8Array,
    private readonly label: string | undefined,
  ) {}

  private fail(message: string, offset: number): never {
    throw new FormatError(ErrorCodes.AXML_BAD_CHUNK, message, {
      offset,
      ...(this.label === undefined ? {} : { path: this.label }),
    });
  }

  read(): AxmlDocument {
    const b = this.bytes;
    if (b.length < CHUNK_HEADER_SIZE) {
      this.fail(`${b.length} bytes is too short for Android binary XML; the file is truncated or empty`, 0);
    }
    const type = u16(b, 0);
    if (type !== ResChunkType.XML) {
      if (looksLikeTextXml(b)) {
        this.fail('this is plain-text XML, not Android binary XML (an APK manifest must be compiled by aapt)', 0);
      }
      // ResXMLTree::setTo never checks the document chunk type (androguard sample WrongChunkStart installs).
      this.log.add('unexpected-document-type', `document chunk type is 0x${type.toString(16)}, expected 0x0003`, 0);
    }
    let headerSize = u16(b, 2);
    const size = u32(b, 4);
    let dataEnd = b.length;
    if (headerSize > size || size > b.length) {
      this.log.add(
        'bad-document-size',
        `document header size ${headerSize} or total size ${size} is larger than the ${b.length} bytes present`,
        0,
        true,
      );
    } else if (size < b.length) {
      // The platform reads only `size` bytes; anything after is invisible to it (and a place to hide data).
      this.log.add('trailing-data', `${b.length - size} bytes follow the end of the XML document`, size);
      dataEnd = size;
    }
    if (headerSize < CHUNK_HEADER_SIZE || headerSize > dataEnd) {
      this.log.add('bad-document-header-size', `document header size ${headerSize} is invalid; using 8`, 0, true);
      headerSize = CHUNK_HEADER_SIZE;
    }

    const firstNode = this.readPrelude(headerSize, dataEnd);
    if (firstNode === undefined) {
      this.fail('no XML element found: the chunks before the first node are malformed or missing', headerSize);
    }
    const root = this.readNodes(firstNode, dataEnd);
    if (root === undefined) this.fail('the document contains no readable start element', firstNode);
    this.reportRenamedAttributes();
    return { root, anomalies: this.log.all() };
  }

  /** The chunks before the first XML node: string pool and resource map. Returns the first node's offset. */
  private readPrelude(start: number, dataEnd: number): number | undefined {
    const b = this.bytes;
    let sawPool = false;
    let sawMap = false;
    let pos = start;
    while (pos + CHUNK_HEADER_SIZE <= dataEnd) {
      const h = readChunkHeader(b, pos, dataEnd)!;
      const problem = chunkProblem(h, CHUNK_HEADER_SIZE, dataEnd);
      if (problem !== undefined) {
        this.log.add('bad-chunk', `chunk type 0x${h.type.toString(16)}: ${problem}`, pos, true);
        if (h.size < CHUNK_HEADER_SIZE || h.size > dataEnd - pos || h.headerSize > h.size) return undefined;
      }
      if (h.type === ResChunkType.STRING_POOL) {
        if (sawPool) this.log.add('multiple-string-pools', 'more than one string pool; the last one is used', pos);
        sawPool = true;
        this.pool = StringPool.parse(b, pos, pos + h.size, this.log);
        this.checkedNames = new Uint8Array(this.pool.count);
      } else if (h.type === ResChunkType.XML_RESOURCE_MAP) {
        if (sawMap) this.log.add('multiple-resource-maps', 'more than one resource map; the last one is used', pos);
        sawMap = true;
        this.resMapStart = pos + h.headerSize;
        this.resMapCount = Math.max(0, Math.floor((h.size - h.headerSize) / 4));
      } else if (h.type >= ResChunkType.XML_START_NAMESPACE && h.type <= ResChunkType.XML_LAST_CHUNK) {
        if (!sawPool) this.log.add('missing-string-pool', 'no string pool before the first XML node', pos, true);
        return pos;
      } else {
        this.log.add('unknown-chunk', `skipped unknown chunk type 0x${h.type.toString(16)} of ${h.size} bytes`, pos);
      }
      pos += h.size;
    }
    return undefined;
  }

  private readNodes(start: number, dataEnd: number): XmlElement | undefined {
    const b = this.bytes;
    const stack: XmlElement[] = [];
    /** END_ELEMENTs still owed by elements that were flattened past MAX_DEPTH. */
    let flattened = 0;
    const namespaces: XmlNamespace[] = [];
    let pending: XmlNamespace[] = [];
    let root: XmlElement | undefined;
    let pos = start;
    while (pos + CHUNK_HEADER_SIZE <= dataEnd) {
      const h = readChunkHeader(b, pos, dataEnd)!;
      const problem = chunkProblem(h, NODE_HEADER_SIZE, dataEnd);
      if (problem !== undefined) {
        this.log.add('bad-node', `XML node type 0x${h.type.toString(16)}: ${problem}`, pos, true);
        if (h.size < NODE_HEADER_SIZE || h.size > dataEnd - pos || h.headerSize > h.size) {
          if (stack.length > 0 || root === undefined) {
            this.log.add('truncated-document', 'the XML node sequence ends early; later elements are missing', pos, true);
          }
          break;
        }
      }
      const chunkEnd = pos + h.size;
      const ext = pos + h.headerSize;
      const line = h.headerSize >= NODE_HEADER_SIZE ? u32(b, pos + 8) : 0;
      switch (h.type) {
        case ResChunkType.XML_START_NAMESPACE: {
          if (!this.extFits(h.type, pos, ext, chunkEnd, NAMESPACE_EXT_SIZE)) break;
          const ns: XmlNamespace = { prefix: this.optString(u32(b, ext)), uri: this.optString(u32(b, ext + 4)) };
          if (ns.uri === undefined) this.log.add('namespace-without-uri', 'a namespace declaration has no readable URI', pos);
          this.checkNamespace(ns, namespaces, pos);
          namespaces.push(ns);
          pending.push(ns);
          break;
        }
        case ResChunkType.XML_END_NAMESPACE:
          if (!this.extFits(h.type, pos, ext, chunkEnd, NAMESPACE_EXT_SIZE)) break;
          if (namespaces.length === 0) {
            this.log.add('unbalanced-namespace', 'end of a namespace that was never started', pos);
          } else {
            namespaces.pop();
          }
          break;
        case ResChunkType.XML_START_ELEMENT: {
          if (!this.extFits(h.type, pos, ext, chunkEnd, ATTR_EXT_SIZE)) break;
          const el = this.readElement(pos, ext, chunkEnd, line);
          if (pending.length > 0) {
            el.namespaces = pending;
            pending = [];
          }
          const parent = stack[stack.length - 1];
          if (parent !== undefined) {
            parent.children.push(el);
            if (stack.length >= MAX_DEPTH) {
              this.log.add('nesting-too-deep', `elements nested deeper than ${MAX_DEPTH} levels are flattened`, pos);
              flattened++;
              break;
            }
          } else if (root === undefined) {
            root = el;
          } else {
            // The platform stops at the end of the first root element; later top-level elements are invisible to it.
            this.log.add('multiple-root-elements', `a second top-level element <${el.name}> follows the root; the platform ignores it`, pos);
          }
          stack.push(el);
          break;
        }
        case ResChunkType.XML_END_ELEMENT: {
          if (!this.extFits(h.type, pos, ext, chunkEnd, END_ELEMENT_EXT_SIZE)) break;
          if (flattened > 0) {
            flattened--;
            break;
          }
          const top = stack.pop();
          if (top === undefined) {
            this.log.add('unbalanced-end-element', 'end of an element that was never started', pos);
          } else {
            const name = this.pool.get(u32(b, ext + 4)) ?? '';
            if (name !== top.name) {
              this.log.add('mismatched-end-element', `</${name}> closes <${top.name}> (line ${top.line})`, pos);
            }
          }
          break;
        }
        case ResChunkType.XML_CDATA: {
          if (!this.extFits(h.type, pos, ext, chunkEnd, CDATA_EXT_SIZE)) break;
          const text = this.pool.get(u32(b, ext));
          const top = stack[stack.length - 1];
          if (text !== undefined && top !== undefined) top.text = (top.text ?? '') + text;
          break;
        }
        default:
          // ResXMLParser::nextNode skips node types it does not know.
          this.log.add('unknown-chunk', `skipped chunk type 0x${h.type.toString(16)} among the XML nodes`, pos);
      }
      pos = chunkEnd;
    }
    if (stack.length > 0) {
      this.log.add('unclosed-element', `${stack.length} element(s) are not closed; the file may be truncated`, pos);
    }
    return root;
  }

  /** Records and skips a node whose extension does not fit in its chunk (ResXMLParser::nextNode minExtSize). */
  private extFits(type: number, pos: number, ext: number, chunkEnd: number, need: number): boolean {
    if (ext + need <= chunkEnd) return true;
    this.log.add(
      'bad-node',
      `XML node type 0x${type.toString(16)} has ${Math.max(0, chunkEnd - ext)} bytes after its header, needs ${need}`,
      pos,
      true,
    );
    return false;
  }

  private optString(index: number): string | undefined {
    return index === NO_INDEX ? undefined : this.pool.get(index);
  }

  private checkNamespace(ns: XmlNamespace, inScope: XmlNamespace[], pos: number): void {
    // Bounded: a hostile file can open thousands of namespaces.
    for (let i = Math.max(0, inScope.length - 32); i < inScope.length; i++) {
      const other = inScope[i]!;
      if (other.prefix === ns.prefix && other.uri !== ns.uri) {
        this.log.add(
          'namespace-prefix-redeclared',
          `prefix "${ns.prefix ?? ''}" is re-bound from ${other.uri ?? '(none)'} to ${ns.uri ?? '(none)'}`,
          pos,
        );
      } else if (other.uri === ns.uri && other.prefix !== ns.prefix) {
        this.log.add('namespace-uri-redeclared', `namespace ${ns.uri ?? ''} is declared again as "${ns.prefix ?? ''}"`, pos);
      }
    }
    if (ns.uri === ANDROID_NS && ns.prefix !== 'android') {
      this.log.add('android-namespace-renamed', `the Android namespace is bound to prefix "${ns.prefix ?? ''}"`, pos);
    }
  }

  private readElement(pos: number, ext: number, chunkEnd: number, line: number): XmlElement {
    const b = this.bytes;
    const nameIndex = u32(b, ext + 4);
    let name = this.pool.get(nameIndex);
    if (name === undefined) {
      this.log.add('element-name-unreadable', `element name string #${nameIndex} cannot be read`, pos, true);
      name = '';
    } else {
      this.checkName(nameIndex, name, pos);
    }
    const el: XmlElement = {
      ns: this.optString(u32(b, ext)),
      name,
      attributes: [],
      children: [],
      line,
      offset: pos,
    };
    const attributeStart = u16(b, ext + 8);
    const attributeSize = u16(b, ext + 10);
    const attributeCount = u16(b, ext + 12);
    if (attributeCount === 0) return el;
    if (attributeSize !== ATTRIBUTE_SIZE) {
      // ResXMLParser strides by attributeSize, so larger records (hiding data in the padding) still parse.
      this.log.add(
        'attribute-size',
        `<${name}> declares ${attributeSize}-byte attributes; the standard size is ${ATTRIBUTE_SIZE}` +
          (attributeSize < ATTRIBUTE_SIZE ? ' (records overlap; the platform reads them anyway)' : ''),
        pos,
      );
    }
    // ResXMLTree::validateNode: all attributes must fit inside the node.
    if (ext + attributeStart + attributeSize * attributeCount > chunkEnd) {
      this.log.add('bad-node', `the attributes of <${name}> run past the end of its chunk`, pos, true);
    }
    // Records narrower than 20 bytes overlap; the platform reads them anyway, but never let a tiny chunk expand
    // into more attribute objects than it has 20-byte records (memory stays proportional to the file).
    const first = ext + attributeStart;
    let count = attributeCount;
    if (attributeSize < ATTRIBUTE_SIZE) count = Math.min(count, Math.max(0, Math.floor((chunkEnd - first) / ATTRIBUTE_SIZE)));
    let prevResId = 0;
    let unsorted = false;
    let seenNames: Set<string> | undefined;
    for (let i = 0; i < count; i++) {
      const at = first + i * attributeSize;
      if (at + ATTRIBUTE_SIZE > chunkEnd) break;
      const attr = this.readAttribute(at, pos);
      if (attr.resId !== undefined) {
        if (attr.resId < prevResId) unsorted = true;
        else if (attr.resId === prevResId) {
          this.log.add('duplicate-attribute', `<${name}> has attribute ${hex32(attr.resId)} twice`, pos);
        }
        prevResId = attr.resId;
      } else {
        const key = `${attr.ns ?? ''}\u0001${attr.name}`;
        seenNames ??= new Set();
        if (seenNames.has(key)) this.log.add('duplicate-attribute', `<${name}> has attribute "${attr.name}" twice`, pos);
        seenNames.add(key);
      }
      el.attributes.push(attr);
    }
    if (unsorted) {
      // AttributeResolution RetrieveAttributes merges the XML attributes with the requested ids assuming both are
      // sorted by id; out-of-order attributes can be silently skipped by the platform.
      this.log.add('attributes-unsorted', `the attributes of <${name}> are not sorted by resource id`, pos);
    }
    return el;
  }

  private readAttribute(at: number, nodePos: number): XmlAttribute {
    const b = this.bytes;
    const nameIndex = u32(b, at + 4);
    const rawIndex = u32(b, at + 8);
    const type = b[at + 15]!;
    const data = u32(b, at + 16);
    let name = this.pool.get(nameIndex);
    if (name === undefined) {
      this.log.add('attribute-name-unreadable', `attribute name string #${nameIndex} cannot be read`, nodePos, true);
      name = '';
    }
    let resId: number | undefined;
    if (nameIndex < this.resMapCount) {
      const id = u32(b, this.resMapStart + nameIndex * 4);
      if (id !== 0) resId = id;
    }
    const ns = this.optString(u32(b, at));
    const attr: XmlAttribute = {
      ns,
      name,
      resId,
      rawValue: this.optString(rawIndex),
      value: { type, data },
    };
    if (type === ResValueType.STRING) {
      const s = this.pool.get(data);
      if (s !== undefined) attr.string = s;
      if (s !== undefined && attr.rawValue !== undefined && s !== attr.rawValue) {
        this.log.add(
          'raw-value-mismatch',
          `attribute "${name}": the platform reads "${s}" but the raw value says "${attr.rawValue}"`,
          nodePos,
        );
      }
    }
    if (nameIndex < this.checkedNames.length && (this.checkedNames[nameIndex]! & CHECKED_AS_ATTRIBUTE) === 0) {
      this.checkedNames[nameIndex]! |= CHECKED_AS_ATTRIBUTE;
      this.checkAttributeName(name, resId, ns, nodePos);
    }
    return attr;
  }

  /** One anomaly per framework attribute whose name strings were changed (packers rename them by the dozen). */
  private reportRenamedAttributes(): void {
    for (const [resId, { names, offset }] of this.renamed) {
      const real = frameworkAttrName(resId)!;
      const shown = names.slice(0, 5).map((n) => `"${n.replace(/\u0000/g, '\\0')}"`).join(', ');
      const more = names.length > 5 ? ` and ${names.length - 5} more` : '';
      // The platform goes by the id: these attributes act as android:<real> whatever their name strings say.
      this.log.add(
        'attribute-name-mismatch',
        `attribute(s) named ${shown}${more} carry the id ${hex32(resId)} of android:${real}; the platform reads them as android:${real}`,
        offset,
      );
    }
  }

  private checkName(index: number, name: string, pos: number): void {
    if (index < this.checkedNames.length && (this.checkedNames[index]! & CHECKED_AS_ELEMENT) === 0) {
      this.checkedNames[index]! |= CHECKED_AS_ELEMENT;
      if (name.includes('\u0000')) {
        this.log.add('nul-in-name', `name "${name.replace(/\u0000/g, '\\0')}" contains NUL characters`, pos);
      }
    }
  }

  private checkAttributeName(name: string, resId: number | undefined, ns: string | undefined, pos: number): void {
    if (name.includes('\u0000')) {
      this.log.add('nul-in-name', `attribute name "${name.replace(/\u0000/g, '\\0')}" contains NUL characters`, pos);
    }
    if (resId !== undefined) {
      const real = frameworkAttrName(resId);
      if (real !== undefined && real !== name) {
        const entry = this.renamed.get(resId);
        if (entry === undefined) this.renamed.set(resId, { names: [name], offset: pos });
        else if (entry.names.length < 1000) entry.names.push(name);
      }
    } else if (ns === ANDROID_NS && frameworkAttrId(name) !== undefined) {
      this.log.add(
        'attribute-without-resource-id',
        `android:${name} has no resource id, so the platform's typed readers ignore it`,
        pos,
      );
    }
  }
}

function looksLikeTextXml(b: Uint8Array): boolean {
  let i = 0;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) i = 3;
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x09 || b[i] === 0x0a || b[i] === 0x0d)) i++;
  return b[i] === 0x3c; // '<'
}

/**
 * Finds an `android:` attribute the way the platform does: by the framework resource id of `name` when the
 * attribute carries one (so a renamed name string does not hide it), otherwise by namespace and name among the
 * attributes that have no resource id. Returns the first match.
 *
 * `byIdOnly` drops the name fallback: that is exactly what the platform's typed readers (TypedArray, used by
 * PackageParser for component attributes) see; an attribute without a resource id is invisible to them.
 */
export function androidAttr(el: XmlElement, name: string, opts?: { byIdOnly?: boolean }): XmlAttribute | undefined {
  const id = frameworkAttrId(name);
  if (id !== undefined) {
    for (const a of el.attributes) if (a.resId === id) return a;
  }
  if (opts?.byIdOnly && id !== undefined) return undefined;
  for (const a of el.attributes) if (a.resId === undefined && a.name === name && a.ns === ANDROID_NS) return a;
  return undefined;
}

/** An attribute by namespace URI (undefined for none, as for `package`) and name. */
export function attr(el: XmlElement, ns: string | undefined, name: string): XmlAttribute | undefined {
  for (const a of el.attributes) if (a.name === name && a.ns === ns) return a;
  return undefined;
}

/** The string the platform reads for an attribute: the typed string for TYPE_STRING values, else the raw value. */
export function attrString(a: XmlAttribute | undefined): string | undefined {
  if (a === undefined) return undefined;
  return a.value.type === ResValueType.STRING ? (a.string ?? a.rawValue) : a.rawValue;
}
