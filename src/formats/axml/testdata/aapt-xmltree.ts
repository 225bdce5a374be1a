/**
 * Test-only: reads the text of `aapt dump xmltree` (aapt 1, tools/aapt XMLNode.cpp printXMLBlock) and compares it
 * with a document parsed by parseAxml. Used by the oracle tests, against committed dumps and live aapt runs.
 */
import type { AxmlDocument, XmlAttribute, XmlElement } from '../axml.js';
import { ResValueType } from '../res-value.js';

export interface AaptAttr {
  /** As printed: `prefix:name`, `name`, or `:name` for an empty namespace. */
  name: string;
  resId: number | undefined;
  /** The part after `=` up to ` (Raw: ` (or the end). */
  value: string;
  raw: string | undefined;
}

export interface AaptElement {
  name: string;
  line: number;
  attrs: AaptAttr[];
  children: AaptElement[];
  text: string[];
}

/** The root elements of a dump (normally one). */
export function parseAaptXmltree(text: string): AaptElement[] {
  const roots: AaptElement[] = [];
  // aapt indents by open elements *and* open namespaces (N: lines); a namespace entry has no element and is
  // skipped when looking for the owner of a line. END_NAMESPACE is not printed, so scopes close by indentation.
  const open: Array<{ indent: number; el: AaptElement | undefined }> = [];
  const owner = (indent: number): AaptElement | undefined => {
    while (open.length > 0 && open[open.length - 1]!.indent >= indent) open.pop();
    for (let i = open.length - 1; i >= 0; i--) if (open[i]!.el) return open[i]!.el;
    return undefined;
  };
  for (const line of text.split('\n')) {
    const m = /^( *)([NEAC]): (.*)$/.exec(line);
    if (!m) continue;
    const indent = m[1]!.length;
    const rest = m[3]!;
    if (m[2] === 'N') {
      owner(indent);
      open.push({ indent, el: undefined });
    } else if (m[2] === 'E') {
      const em = /^(.*) \(line=(-?\d+)\)$/.exec(rest);
      if (!em) throw new Error(`cannot read element line: ${line}`);
      const el: AaptElement = { name: em[1]!, line: Number(em[2]), attrs: [], children: [], text: [] };
      const parent = owner(indent);
      if (parent) parent.children.push(el);
      else roots.push(el);
      open.push({ indent, el });
    } else if (m[2] === 'A') {
      owner(indent)?.attrs.push(parseAttr(rest));
    } else if (m[2] === 'C') {
      const cm = /^"(.*)"$/s.exec(rest);
      owner(indent)?.text.push(cm ? cm[1]! : rest);
    }
  }
  return roots;
}

function parseAttr(rest: string): AaptAttr {
  // name[(0xRESID)]=VALUE[ (Raw: "…")]
  const m = /^(.*?)(?:\(0x([0-9a-f]{8})\))?=(.*)$/s.exec(rest);
  if (!m) throw new Error(`cannot read attribute line: ${rest}`);
  let value = m[3]!;
  let raw: string | undefined;
  if (value.startsWith('"')) {
    const end = endOfQuoted(value, 0);
    const after = value.slice(end + 1);
    const rm = /^ \(Raw: "(.*)"\)$/s.exec(after);
    raw = rm ? rm[1] : undefined;
    value = value.slice(0, end + 1);
  } else {
    const rm = / \(Raw: "(.*)"\)$/s.exec(value);
    if (rm) {
      raw = rm[1];
      value = value.slice(0, rm.index);
    }
  }
  return { name: m[1]!, resId: m[2] === undefined ? undefined : parseInt(m[2], 16), value, raw };
}

/** Index of the closing quote of the aapt-escaped string starting at `start` (backslash escapes). */
function endOfQuoted(s: string, start: number): number {
  for (let i = start + 1; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '"') return i;
  }
  return s.length - 1;
}

/** ResTable::normalizeForOutput applied to a String8 made from UTF-16 (which stops at the first NUL). */
export function aaptNormalize(s: string): string {
  const nul = s.indexOf('\u0000');
  const cut = nul >= 0 ? s.slice(0, nul) : s;
  return cut.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function cutAtNul(s: string): string {
  const nul = s.indexOf('\u0000');
  return nul >= 0 ? s.slice(0, nul) : s;
}

/** What aapt prints after `=` for an attribute's value. */
export function aaptValue(a: XmlAttribute): string {
  const { type, data } = a.value;
  const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');
  if (type === ResValueType.NULL) return '(null)';
  if (type === ResValueType.REFERENCE) return `@0x${hex8(data)}`;
  if (type === ResValueType.ATTRIBUTE) return `?0x${hex8(data)}`;
  if (type === ResValueType.STRING) return `"${aaptNormalize(a.rawValue ?? '')}"`;
  return `(type 0x${type.toString(16)})0x${(data >>> 0).toString(16)}`;
}

/**
 * Differences between our document and aapt's dump, as readable lines (empty when they agree): element names,
 * line numbers, attribute names, resource ids, typed values, raw strings, text, and the tree shape.
 */
export function compareWithAapt(doc: AxmlDocument, dump: string, limit = 20): string[] {
  const roots = parseAaptXmltree(dump);
  const diffs: string[] = [];
  const add = (s: string): void => {
    if (diffs.length < limit) diffs.push(s);
  };
  if (roots.length === 0) {
    add('aapt printed no element');
    return diffs;
  }
  const stack: Array<[XmlElement, AaptElement, string]> = [[doc.root, roots[0]!, doc.root.name]];
  while (stack.length > 0) {
    const [ours, theirs, path] = stack.pop()!;
    const name = cutAtNul(ours.name);
    const nameOk = ours.ns === undefined ? theirs.name === name : theirs.name.endsWith(`:${name}`);
    if (!nameOk) add(`${path}: element name "${theirs.name}" vs ours "${name}" (ns ${ours.ns ?? '-'})`);
    if (theirs.line !== (ours.line | 0)) add(`${path}: line ${theirs.line} vs ours ${ours.line}`);
    if (theirs.attrs.length !== ours.attributes.length) {
      add(`${path}: ${theirs.attrs.length} attributes vs ours ${ours.attributes.length}`);
    }
    const n = Math.min(theirs.attrs.length, ours.attributes.length);
    for (let i = 0; i < n; i++) {
      const t = theirs.attrs[i]!;
      const o = ours.attributes[i]!;
      const oname = cutAtNul(o.name);
      const at = `${path}@${t.name}`;
      const attrNameOk = o.ns === undefined ? t.name === oname : t.name.endsWith(`:${oname}`);
      if (!attrNameOk) add(`${at}: attribute name vs ours "${oname}" (ns ${o.ns ?? '-'})`);
      if (t.resId !== o.resId) add(`${at}: resource id ${t.resId} vs ours ${o.resId}`);
      const v = aaptValue(o);
      if (t.value !== v) add(`${at}: value ${t.value} vs ours ${v}`);
      const raw = o.rawValue === undefined ? undefined : aaptNormalize(o.rawValue);
      if (t.raw !== raw) add(`${at}: raw ${t.raw} vs ours ${raw}`);
    }
    const theirText = theirs.text.join('');
    if (theirText !== aaptNormalize(ours.text ?? '')) add(`${path}: text "${theirText}" vs ours "${ours.text ?? ''}"`);
    if (theirs.children.length !== ours.children.length) {
      add(`${path}: ${theirs.children.length} children vs ours ${ours.children.length}`);
    }
    const m = Math.min(theirs.children.length, ours.children.length);
    for (let i = m - 1; i >= 0; i--) {
      stack.push([ours.children[i]!, theirs.children[i]!, `${path}/${ours.children[i]!.name}[${i}]`]);
    }
  }
  if (roots.length > 1) add(`aapt printed ${roots.length} top-level elements`);
  return diffs;
}
