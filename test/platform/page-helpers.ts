/**
 * Helpers for the tests of the platform's pages through HTTP, the way a browser posts forms: multipart uploads,
 * forms with the CSRF token, the visible text of a page, and the static page rules of the browser test that need
 * no browser (every control labelled, no inline script, handler or style). `page` fetches a page and, when it is
 * served (200), asserts those rules.
 */
import { expect } from 'vitest';
import type { Client } from './platform.js';

export function multipart(name: string, bytes: Uint8Array): FormData {
  const f = new FormData();
  f.set('file', new Blob([bytes]), name);
  return f;
}

/** POSTs a form with repeated fields (ticked checkboxes), with the page's CSRF token, like the browser. */
export function postForm(c: Client, path: string, pairs: Array<[string, string]>) {
  const f = new URLSearchParams(pairs);
  f.set('_csrf', c.csrf ?? '');
  return c.request('POST', path, { body: f.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

export const unescape = (s: string): string => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
/** The visible text of a page, tags removed (for "the page says ..." checks). */
export const text = (html: string): string => unescape(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');

/**
 * What the browser test requires of a page that can be seen without a browser: every form control (not hidden)
 * has a label (around it, pointing at it, or aria-label); no inline script, event handler or style attribute
 * (the CSP blocks them).
 */
export function staticProblems(html: string): string[] {
  const problems: string[] = [];
  if (/<script(?![^>]*\ssrc=)[^>]*>/.test(html)) problems.push('inline <script>');
  if (/<[a-z][^>]*\son[a-z]+=/i.test(html)) problems.push('inline event handler');
  if (/<[a-z][^>]*\sstyle=/i.test(html)) problems.push('style attribute');
  const labelled = new Set([...html.matchAll(/<label[^>]*\sfor="([^"]+)"/g)].map((m) => m[1]));
  let depth = 0;
  for (const m of html.matchAll(/<(\/?)(label|input|select|textarea)\b([^>]*)>/g)) {
    const [, close, tag, attrs] = m as unknown as [string, string, string, string];
    if (tag === 'label') {
      depth += close ? -1 : 1;
      continue;
    }
    if (close) continue;
    if (/\stype="(hidden|submit|button)"/.test(attrs)) continue;
    const id = /\sid="([^"]+)"/.exec(attrs)?.[1];
    if (depth > 0 || /\saria-label="[^"]+"/.test(attrs) || (id && labelled.has(id))) continue;
    problems.push(`unlabelled <${tag}${attrs}>`);
  }
  return problems;
}

export async function page(c: Client, path: string): Promise<{ status: number; html: string }> {
  const r = await c.get(path);
  if (r.status === 200) expect(staticProblems(r.text_), path).toEqual([]);
  return { status: r.status, html: r.text_ };
}

