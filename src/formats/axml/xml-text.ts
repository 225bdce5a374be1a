/**
 * @module formats/axml/xml-text
 * Readable XML text of a parsed binary XML document, for debugging and reports. Values are shown as aapt shows
 * them (references as `@0x7f…`, booleans as true/false). Written without recursion: documents can be deep.
 */
import { ANDROID_NS, attrString, type AxmlDocument, type XmlAttribute, type XmlElement } from './axml.js';
import { frameworkAttrName } from './framework-attrs.js';
import { formatValue } from './res-value.js';

export function toXmlString(doc: AxmlDocument): string {
  const prefixes = new Map<string, string>();
  collectPrefixes(doc.root, prefixes);
  const out: string[] = ['<?xml version="1.0" encoding="utf-8"?>\n'];
  // Explicit stack of [element, depth, open?]: "open" entries print the start tag, the others the end tag.
  const stack: Array<[XmlElement, number, boolean]> = [[doc.root, 0, true]];
  while (stack.length > 0) {
    const [el, depth, open] = stack.pop()!;
    const indent = '  '.repeat(depth);
    const tag = qualify(el.ns, el.name, prefixes);
    if (!open) {
      out.push(`${indent}</${tag}>\n`);
      continue;
    }
    let line = `${indent}<${tag}`;
    for (const ns of el.namespaces ?? []) {
      if (ns.uri === undefined) continue;
      line += ns.prefix ? ` xmlns:${xmlName(ns.prefix)}="${escapeXml(ns.uri)}"` : ` xmlns="${escapeXml(ns.uri)}"`;
    }
    for (const a of el.attributes) line += ` ${attributeName(a, prefixes)}="${escapeXml(attributeText(a))}"`;
    const text = el.text?.trim();
    if (el.children.length === 0 && !text) {
      out.push(`${line}/>\n`);
      continue;
    }
    out.push(`${line}>\n`);
    if (text) out.push(`${indent}  ${escapeXml(text)}\n`);
    stack.push([el, depth, false]);
    for (let i = el.children.length - 1; i >= 0; i--) stack.push([el.children[i]!, depth + 1, true]);
  }
  return out.join('');
}

function collectPrefixes(root: XmlElement, prefixes: Map<string, string>): void {
  prefixes.set(ANDROID_NS, 'android');
  const stack = [root];
  while (stack.length > 0) {
    const el = stack.pop()!;
    for (const ns of el.namespaces ?? []) {
      if (ns.uri !== undefined && ns.prefix && !prefixes.has(ns.uri)) prefixes.set(ns.uri, xmlName(ns.prefix));
    }
    for (const c of el.children) stack.push(c);
  }
}

function qualify(ns: string | undefined, name: string, prefixes: Map<string, string>): string {
  const local = xmlName(name);
  if (ns === undefined || ns === '') return local;
  return `${prefixes.get(ns) ?? 'ns'}:${local}`;
}

/** Framework attributes are named by their resource id, as the platform reads them. */
function attributeName(a: XmlAttribute, prefixes: Map<string, string>): string {
  const real = a.resId === undefined ? undefined : frameworkAttrName(a.resId);
  if (real !== undefined) return `android:${real}`;
  return qualify(a.ns, a.name, prefixes);
}

function attributeText(a: XmlAttribute): string {
  return formatValue(a.value, attrString(a));
}

/** Names from hostile files can hold anything; keep the output well-formed. */
function xmlName(s: string): string {
  const cleaned = s.replace(/[^A-Za-z0-9._\-\u00b7\u00c0-\uffef]/g, '_');
  return /^[A-Za-z_\u00c0-\uffef]/.test(cleaned) ? cleaned : `_${cleaned}`;
}

function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
