/**
 * @module platform/web/jsx
 * A JSX factory that renders to HTML strings and escapes every text and attribute value by default: a string
 * can only reach the page unescaped by being wrapped in `raw()` on purpose (the lab platform shows untrusted
 * app metadata — names, strings from APKs — on every page). Pages are `.tsx` files with the classic
 * transform (`h` / `Fragment`, set in tsconfig.json and vitest.config.ts).
 */
import { esc as escapeHtml } from '../../report/html-escape.js';

/** HTML that is already safe (rendered by `h`, or declared with `raw`). */
export class SafeHtml {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

export type Child = SafeHtml | string | number | boolean | null | undefined | Child[];
type Props = Record<string, unknown> & { children?: Child };
export type Component<P = Record<string, unknown>> = (props: P & { children?: Child }) => SafeHtml;

/** Trusted markup, unescaped. Use only for HTML this program produced (an inline SVG chart, a rendered report). */
export function raw(html: string): SafeHtml {
  return new SafeHtml(html);
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const NAME = /^[a-zA-Z][a-zA-Z0-9:._-]*$/;

function renderChild(c: Child, out: string[]): void {
  if (c === null || c === undefined || c === false || c === true) return;
  if (Array.isArray(c)) for (const x of c) renderChild(x, out);
  else if (c instanceof SafeHtml) out.push(c.html);
  else out.push(escapeHtml(String(c)));
}

function attrName(k: string): string {
  if (k === 'className') return 'class';
  if (k === 'htmlFor') return 'for';
  if (!NAME.test(k)) throw new Error(`invalid attribute name ${JSON.stringify(k)}`);
  return k;
}

export function h(tag: string | Component<Props>, props: Props | null, ...children: Child[]): SafeHtml {
  const p: Props = { ...(props ?? {}) };
  if (children.length) p.children = children.length === 1 ? children[0] : children;
  if (typeof tag === 'function') return tag(p);
  if (!NAME.test(tag)) throw new Error(`invalid tag name ${JSON.stringify(tag)}`);
  const out: string[] = [`<${tag}`];
  for (const [k, v] of Object.entries(p)) {
    if (k === 'children' || v === undefined || v === null || v === false) continue;
    const name = attrName(k);
    if (v === true) out.push(` ${name}`);
    else out.push(` ${name}="${escapeHtml(v instanceof SafeHtml ? v.html : String(v))}"`);
  }
  out.push('>');
  if (VOID.has(tag)) return new SafeHtml(out.join(''));
  renderChild(p.children, out);
  out.push(`</${tag}>`);
  return new SafeHtml(out.join(''));
}

export function Fragment(props: { children?: Child }): SafeHtml {
  const out: string[] = [];
  renderChild(props.children, out);
  return new SafeHtml(out.join(''));
}

/** A whole document: doctype plus the root element. */
export function documentOf(root: SafeHtml): string {
  return `<!doctype html>\n${root.html}`;
}

// The JSX namespace for the classic transform: any intrinsic element, any attribute.
// eslint-disable-next-line @typescript-eslint/no-namespace
export declare namespace h.JSX {
  type Element = SafeHtml;
  interface IntrinsicElements {
    [tag: string]: Record<string, unknown>;
  }
  interface ElementChildrenAttribute {
    children: unknown;
  }
}
