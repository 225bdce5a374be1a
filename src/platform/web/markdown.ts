/**
 * @module platform/web/markdown
 * A small, safe Markdown → HTML renderer for the platform's shared documents, advisories and comments, written
 * here rather than taken from a library so that what can reach a page is short enough to read in one go.
 *
 * Safety comes from the shape of the renderer, not from cleaning its output: every piece of the author's text
 * goes through `esc` before it is written, the renderer writes only the tags listed in `TAGS` with the
 * attributes `href`, `rel`, `title` (links), `class` (`language-…` on fenced code, from `[a-z0-9_+-]`) and
 * `start` (ordered lists, digits only), and raw HTML in the source is shown as text. Links keep only http,
 * https and mailto URLs and relative ones (`safeHref`); anything else (javascript:, data:, vbscript:, a scheme
 * hidden behind entities, control characters or white space) is rendered as plain text. Images become links
 * with their alt text (no `<img>`: no tracking pixels, and the CSP's img-src stays the platform's own). There
 * is no inline style or script, so the output fits the platform's CSP.
 *
 * The Markdown understood is a practical subset of CommonMark with GitHub tables and strikethrough: ATX and
 * setext headings, paragraphs with hard breaks (two trailing spaces or a backslash), `*em*` / `_em_`,
 * `**strong**`, `~~del~~`, code spans, fenced code (``` or ~~~), bullet and ordered lists (nested by
 * indentation), block quotes, thematic breaks, links `[text](url "title")`, autolinks `<https://…>` and bare
 * http(s) URLs, backslash escapes and simple pipe tables (column alignment is ignored: it would need style).
 * HTML entities are shown as written. Work is bounded: input beyond `maxLength` is cut (with a note), nesting
 * of quotes and lists stops at `MAX_DEPTH`, and every inner search is either memoised or capped, so no input
 * makes rendering quadratic in the document size.
 */
import { esc } from '../../report/html-escape.js';
import { raw, type SafeHtml } from './jsx.js';

/** The only tags the renderer writes. */
export const TAGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'em', 'strong', 'del', 'code', 'pre', 'ul', 'ol', 'li', 'a', 'blockquote', 'table', 'thead', 'tbody', 'tr', 'th', 'td'] as const;

export interface MarkdownOptions {
  /** Added to heading levels (a page that has its own h1 renders `#` as h2 with 1); capped at h6. */
  headingOffset?: number;
  /** Characters of source rendered at most (default 500,000); the rest is replaced by a note. */
  maxLength?: number;
}

export const DEFAULT_MAX_LENGTH = 500_000;
/** Deepest nesting of block quotes and lists; deeper content is shown as text. */
export const MAX_DEPTH = 12;
/** Deepest nesting of emphasis and link text. */
const MAX_INLINE_DEPTH = 12;
/** Longest link destination and title looked for (a longer one is not a link). */
const MAX_URL = 2048;
const MAX_COLUMNS = 64;

const SCHEMES = new Set(['http', 'https', 'mailto']);
/** Sticky and bounded, so trying them at a position costs at most `MAX_URL` characters. */
const AUTOLINK = /<((?:https?:\/\/|mailto:)[^\s<>]{0,2048})>/iy;
const BARE_URL = /https?:\/\/[^\s<>]{1,2048}/iy;

/**
 * The URL as it may go into an href, or null. Allowed: http:, https:, mailto: and relative URLs. Refused: any
 * other scheme, and any URL with white space or control characters (browsers drop those inside a scheme, so
 * `java\tscript:` would run). A colon before the first `/`, `?` or `#` is a scheme to a browser, so a
 * relative-looking URL with one is refused too, as is one that starts with `&` (`&#106;avascript:…`): the
 * href is escaped, so entities never decode, but nothing is gained by letting them through.
 */
export function safeHref(url: string): string | null {
  const u = url.trim();
  if (u === '' || u.length > MAX_URL) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff]/.test(u)) return null;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(u);
  if (scheme) return SCHEMES.has(scheme[1]!.toLowerCase()) ? u : null;
  // Without a scheme: a path, `./`, `../`, `#fragment`, `?query` or `//host` — nothing that starts with `&`, `\`
  // or other punctuation a later decoding step could turn into something else.
  if (!/^[A-Za-z0-9/.#?%_~-]/.test(u)) return null;
  // Entity-like text (`javascript&colon;…`) would be shown escaped, so it is harmless, but it is never a real
  // URL either; refusing it keeps the rule simple to check.
  if (/&#?[A-Za-z0-9]+;/.test(u)) return null;
  const colon = u.indexOf(':');
  if (colon >= 0) {
    const cut = u.search(/[/?#]/);
    if (cut === -1 || colon < cut) return null;
  }
  return u;
}

/** Renders Markdown to HTML that is safe to put in a page as it is. */
export function renderMarkdown(source: string, opts: MarkdownOptions = {}): SafeHtml {
  return raw(markdownToHtml(source, opts));
}

/** `renderMarkdown` as a string. */
export function markdownToHtml(source: string, opts: MarkdownOptions = {}): string {
  const max = opts.maxLength ?? DEFAULT_MAX_LENGTH;
  let text = String(source ?? '');
  const cut = text.length > max;
  if (cut) text = text.slice(0, max);
  text = text.replace(/\r\n?/g, '\n').replace(/\u0000/g, '\ufffd');
  const r = new Renderer(Math.max(0, Math.min(5, Math.trunc(opts.headingOffset ?? 0))));
  const out: string[] = [];
  r.blocks(text.split('\n'), 0, false, out);
  if (cut) out.push(`<p><em>(The rest of this text, beyond ${max.toLocaleString('en')} characters, is not shown.)</em></p>`);
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// Blocks

const FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const ATX = /^ {0,3}(#{1,6})(?=[ \t]|$)/;
const HR = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^ {0,3}>/;
const LIST = /^( {0,3})(?:([-*+])|(\d{1,9})([.)]))(?=[ \t]|$)/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const TABLE_SEP = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

const isBlank = (line: string): boolean => /^[ \t]*$/.test(line);

/** Leading tabs count as four spaces (for indentation only). */
function untab(line: string): string {
  if (!line.includes('\t')) return line;
  const m = /^[ \t]*/.exec(line)![0];
  return m.replace(/\t/g, '    ') + line.slice(m.length);
}

function indentOf(line: string): number {
  return /^ */.exec(line)![0].length;
}

/** A line that ends a paragraph by starting another block. */
function startsBlock(line: string): boolean {
  if (ATX.test(line) || FENCE.test(line) || HR.test(line) || QUOTE.test(line)) return true;
  const m = LIST.exec(line);
  // Like CommonMark: only a non-empty bullet item or an ordered list starting at 1 interrupts a paragraph.
  return !!m && !isBlank(line.slice(m[0].length)) && (m[2] !== undefined || m[3] === '1');
}

function splitRow(line: string): string[] {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  const cells: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && s[i + 1] === '|') {
      cur += '\\|';
      i++;
    } else if (c === '|') {
      cells.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  cells.push(cur.trim());
  return cells;
}

class Renderer {
  constructor(private readonly headingOffset: number) {}

  /** Renders lines as blocks; `tight` (a tight list item) leaves paragraphs without `<p>`. */
  blocks(lines: string[], depth: number, tight: boolean, out: string[]): void {
    let i = 0;
    const n = lines.length;
    while (i < n) {
      const line = untab(lines[i]!);
      if (isBlank(line)) {
        i++;
        continue;
      }

      const fence = FENCE.exec(line);
      if (fence && !(fence[2]![0] === '`' && fence[3]!.includes('`'))) {
        const indent = fence[1]!.length;
        const mark = fence[2]!;
        const lang = fence[3]!.trim().split(/\s+/)[0] ?? '';
        const body: string[] = [];
        i++;
        while (i < n) {
          const l = lines[i]!;
          const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(l);
          if (close && close[1]![0] === mark[0] && close[1]!.length >= mark.length) {
            i++;
            break;
          }
          body.push(l.slice(Math.min(indent, indentOf(l))));
          i++;
        }
        const cls = /^[A-Za-z0-9_+-]{1,30}$/.test(lang) ? ` class="language-${lang.toLowerCase()}"` : '';
        out.push(`<pre><code${cls}>${esc(body.join('\n'))}${body.length ? '\n' : ''}</code></pre>`);
        continue;
      }

      const atx = ATX.exec(line);
      if (atx) {
        let rest = line.slice(atx[0].length).trim();
        // An optional closing run of #, after white space.
        let j = rest.length;
        while (j > 0 && rest[j - 1] === '#') j--;
        if (j === 0) rest = '';
        else if (j < rest.length && (rest[j - 1] === ' ' || rest[j - 1] === '\t')) rest = rest.slice(0, j).trimEnd();
        out.push(this.heading(atx[1]!.length, rest));
        i++;
        continue;
      }

      if (HR.test(line)) {
        out.push('<hr>');
        i++;
        continue;
      }

      if (QUOTE.test(line)) {
        const inner: string[] = [];
        while (i < n && QUOTE.test(untab(lines[i]!))) {
          inner.push(untab(lines[i]!).replace(/^ {0,3}> ?/, ''));
          i++;
        }
        if (depth >= MAX_DEPTH) out.push(`<p>${this.inline(inner.join('\n'), 0, false)}</p>`);
        else {
          out.push('<blockquote>');
          this.blocks(inner, depth + 1, false, out);
          out.push('</blockquote>');
        }
        continue;
      }

      const list = LIST.exec(line);
      if (list) {
        i = this.list(lines, i, depth, out);
        continue;
      }

      if (line.includes('|') && i + 1 < n && TABLE_SEP.test(lines[i + 1]!) && lines[i + 1]!.includes('-')) {
        const header = splitRow(line);
        const sep = splitRow(lines[i + 1]!);
        if (header.length === sep.length && header.length <= MAX_COLUMNS) {
          i = this.table(lines, i, header, out);
          continue;
        }
      }

      // A paragraph: until a blank line, another block, or a setext underline (which makes it a heading).
      const para: string[] = [line];
      i++;
      let level = 0;
      while (i < n) {
        const l = untab(lines[i]!);
        if (isBlank(l)) break;
        const setext = SETEXT.exec(l);
        if (setext) {
          level = setext[1]![0] === '=' ? 1 : 2;
          i++;
          break;
        }
        if (startsBlock(l)) break;
        para.push(l);
        i++;
      }
      const body = para.map((l) => l.replace(/^[ \t]+/, '')).join('\n');
      if (level) out.push(this.heading(level, body.trim()));
      else out.push(tight ? this.inline(body.trimEnd(), 0, false) : `<p>${this.inline(body.trimEnd(), 0, false)}</p>`);
    }
  }

  private heading(level: number, text: string): string {
    const h = Math.min(6, level + this.headingOffset);
    return `<h${h}>${this.inline(text, 0, false)}</h${h}>`;
  }

  /** A list starting at `lines[start]`; returns the index of the first line after it. */
  private list(lines: string[], start: number, depth: number, out: string[]): number {
    const first = LIST.exec(untab(lines[start]!))!;
    const ordered = first[2] === undefined;
    const kind = ordered ? first[4]! : first[2]!;
    const items: string[][] = [];
    let cur: string[] = [];
    let contentIndent = 0;
    let loose = false;
    let blank = false;
    let i = start;
    const n = lines.length;
    while (i < n) {
      const line = untab(lines[i]!);
      const m = LIST.exec(line);
      if (m && (ordered ? m[4] === kind : m[2] === kind) && (items.length === 0 || indentOf(line) < contentIndent)) {
        if (blank && items.length) loose = true;
        const rest = line.slice(m[0].length);
        const pad = /^[ \t]*/.exec(rest)![0].length;
        // Content starts after the marker and its spaces (one space when the item is empty or indented code-like).
        contentIndent = m[0].length + (isBlank(rest) || pad > 4 ? 1 : pad);
        cur = [isBlank(rest) ? '' : rest.slice(pad > 4 ? 1 : pad)];
        items.push(cur);
        blank = false;
        i++;
        continue;
      }
      if (isBlank(line)) {
        cur.push('');
        blank = true;
        i++;
        continue;
      }
      if (indentOf(line) >= contentIndent) {
        if (blank && cur.some((l) => !isBlank(l))) loose = true;
        cur.push(line.slice(contentIndent));
        blank = false;
        i++;
        continue;
      }
      // A lazy continuation of the item's paragraph.
      if (!blank && !startsBlock(line) && !(m && indentOf(line) < contentIndent)) {
        cur.push(line.trimStart());
        i++;
        continue;
      }
      break;
    }
    // Blank lines at the end of the list belong to no item.
    while (i > start && isBlank(lines[i - 1]!)) i--;
    const startNo = ordered ? Number(first[3]) : 1;
    out.push(ordered ? (startNo === 1 ? '<ol>' : `<ol start="${startNo}">`) : '<ul>');
    for (const item of items) {
      while (item.length && isBlank(item[item.length - 1]!)) item.pop();
      if (depth >= MAX_DEPTH) out.push(`<li>${this.inline(item.join('\n'), 0, false)}</li>`);
      else {
        const inner: string[] = [];
        this.blocks(item, depth + 1, !loose, inner);
        out.push(`<li>${inner.join('\n')}</li>`);
      }
    }
    out.push(ordered ? '</ol>' : '</ul>');
    return i;
  }

  private table(lines: string[], start: number, header: string[], out: string[]): number {
    const cols = header.length;
    const row = (cells: string[], tag: 'th' | 'td'): string => {
      const cs: string[] = [];
      for (let c = 0; c < cols; c++) cs.push(`<${tag}>${this.inline(cells[c] ?? '', 0, false)}</${tag}>`);
      return `<tr>${cs.join('')}</tr>`;
    };
    out.push('<table>', `<thead>${row(header, 'th')}</thead>`);
    let i = start + 2;
    const body: string[] = [];
    while (i < lines.length) {
      const l = untab(lines[i]!);
      if (isBlank(l) || !l.includes('|') || startsBlock(l)) break;
      body.push(row(splitRow(l), 'td'));
      i++;
    }
    if (body.length) out.push(`<tbody>${body.join('')}</tbody>`);
    out.push('</table>');
    return i;
  }

  // -------------------------------------------------------------------------------------------------------
  // Inlines

  /**
   * Renders inline Markdown. `noLinks` inside link text (no link in a link). Text is escaped as it is
   * copied; every construct either renders whole (its inner part recursively) or falls back to its
   * characters as text, so tags always nest.
   */
  inline(s: string, depth: number, noLinks: boolean): string {
    const out: string[] = [];
    let text = '';
    const flush = (): void => {
      if (text) out.push(esc(text));
      text = '';
    };
    // Matching square brackets, found once (a stack pass), so nested brackets cost nothing per `[`.
    const closeOf = new Map<number, number>();
    {
      const stack: number[] = [];
      for (let k = 0; k < s.length; k++) {
        const c = s[k];
        if (c === '\\') k++;
        else if (c === '[') stack.push(k);
        else if (c === ']' && stack.length) closeOf.set(stack.pop()!, k);
      }
    }
    // Delimiter runs and backtick runs known to have no closer from here on: searching again is pointless.
    const noCloser = new Set<string>();
    const n = s.length;
    let i = 0;
    while (i < n) {
      const c = s[i]!;

      if (c === '\\') {
        const next = s[i + 1];
        if (next === '\n') {
          flush();
          out.push('<br>\n');
          i += 2;
          continue;
        }
        if (next !== undefined && /[!-/:-@[-`{-~]/.test(next)) {
          text += next;
          i += 2;
          continue;
        }
        text += c;
        i++;
        continue;
      }

      if (c === '\n') {
        // Two or more trailing spaces make a hard break. (Counted by hand: a regex anchored at the end
        // backtracks quadratically over a long run of spaces.)
        let end = text.length;
        while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
        const hard = text.length - end >= 2 && text[text.length - 1] === ' ' && text[text.length - 2] === ' ';
        text = text.slice(0, end);
        flush();
        out.push(hard ? '<br>\n' : '\n');
        i++;
        continue;
      }

      if (c === '`') {
        let run = 1;
        while (s[i + run] === '`') run++;
        const key = `\`${run}`;
        let close = -1;
        if (!noCloser.has(key)) {
          let from = i + run;
          for (;;) {
            const j = s.indexOf('`'.repeat(run), from);
            if (j === -1) break;
            let end = j + run;
            if (s[end] !== '`' && s[j - 1] !== '`') {
              close = j;
              break;
            }
            while (s[end] === '`') end++;
            from = end;
          }
          if (close === -1) noCloser.add(key);
        }
        if (close === -1) {
          text += '`'.repeat(run);
          i += run;
          continue;
        }
        let code = s.slice(i + run, close).replace(/\n/g, ' ');
        if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '') code = code.slice(1, -1);
        flush();
        out.push(`<code>${esc(code)}</code>`);
        i = close + run;
        continue;
      }

      if (!noLinks && (c === '[' || (c === '!' && s[i + 1] === '['))) {
        const image = c === '!';
        const open = image ? i + 1 : i;
        const close = closeOf.get(open);
        const link = close !== undefined && s[close + 1] === '(' ? linkTail(s, close + 2) : null;
        if (link && depth < MAX_INLINE_DEPTH) {
          const label = s.slice(open + 1, close);
          const href = safeHref(link.url);
          const inner = image ? esc(label.trim() === '' ? 'image' : label) : this.inline(label, depth + 1, true);
          flush();
          if (href === null) out.push(inner);
          else {
            const title = link.title ? ` title="${esc(link.title)}"` : '';
            out.push(`<a href="${esc(href)}"${relOf(href)}${title}>${inner}</a>`);
          }
          i = link.end;
          continue;
        }
        text += c;
        i++;
        continue;
      }

      if (c === '<') {
        AUTOLINK.lastIndex = i;
        const auto = AUTOLINK.exec(s);
        if (auto && !noLinks) {
          const href = safeHref(auto[1]!);
          flush();
          out.push(href === null ? esc(auto[0]) : `<a href="${esc(href)}"${relOf(href)}>${esc(auto[1]!)}</a>`);
          i += auto[0].length;
          continue;
        }
        text += c;
        i++;
        continue;
      }

      if ((c === 'h' || c === 'H') && !noLinks && (i === 0 || !/[A-Za-z0-9]/.test(s[i - 1]!))) {
        BARE_URL.lastIndex = i;
        const bare = BARE_URL.exec(s);
        if (bare) {
          let url = bare[0];
          // Trailing punctuation ends the sentence, not the URL; so does an unmatched closing parenthesis.
          let opens = 0;
          let closes = 0;
          for (const ch of url) {
            if (ch === '(') opens++;
            else if (ch === ')') closes++;
          }
          for (;;) {
            const last = url[url.length - 1]!;
            if (/[.,:;!?'"*_~]/.test(last)) url = url.slice(0, -1);
            else if (last === ')' && opens < closes) {
              url = url.slice(0, -1);
              closes--;
            } else break;
          }
          const href = safeHref(url);
          if (href !== null && url.length > 8) {
            flush();
            out.push(`<a href="${esc(href)}"${relOf(href)}>${esc(url)}</a>`);
          } else text += url;
          // Either way the whole run is consumed, so no later character of it is tried again.
          i += url.length;
          continue;
        }
      }

      if (c === '*' || c === '_' || c === '~') {
        let run = 1;
        while (s[i + run] === c) run++;
        const len = c === '~' ? 2 : Math.min(run, 3);
        const after = s[i + run];
        const before = i > 0 ? s[i - 1]! : ' ';
        const canOpen =
          (c !== '~' || run === 2) &&
          after !== undefined &&
          !/\s/.test(after) &&
          // `_` does not open inside a word (snake_case_names stay as they are).
          (c !== '_' || !/[A-Za-z0-9]/.test(before));
        const close = canOpen && depth < MAX_INLINE_DEPTH ? this.closer(s, i + run, c, len, noCloser) : -1;
        if (close === -1 || run !== len) {
          text += c.repeat(run);
          i += run;
          continue;
        }
        const inner = this.inline(s.slice(i + run, close), depth + 1, noLinks);
        flush();
        if (c === '~') out.push(`<del>${inner}</del>`);
        else if (len === 1) out.push(`<em>${inner}</em>`);
        else if (len === 2) out.push(`<strong>${inner}</strong>`);
        else out.push(`<strong><em>${inner}</em></strong>`);
        i = close + run;
        continue;
      }

      text += c;
      i++;
    }
    flush();
    return out.join('');
  }

  /** The start of a closing run of exactly `len` × `ch` after `from`, or -1 (memoised per run kind). */
  private closer(s: string, from: number, ch: string, len: number, noCloser: Set<string>): number {
    const key = ch + len;
    if (noCloser.has(key)) return -1;
    let j = s.indexOf(ch, from);
    while (j !== -1) {
      let end = j;
      while (s[end] === ch) end++;
      const before = s[j - 1]!;
      const after = s[end];
      if (end - j === len && j > from && !/\s/.test(before) && (ch !== '_' || after === undefined || !/[A-Za-z0-9]/.test(after))) return j;
      j = s.indexOf(ch, end);
    }
    noCloser.add(key);
    return -1;
  }
}

/** Links that leave the platform carry no referrer and no ranking credit. */
function relOf(href: string): string {
  return /^(https?:|mailto:|\/\/)/i.test(href) ? ' rel="noopener noreferrer nofollow"' : '';
}

/**
 * The part of an inline link after `](`: a destination (`<…>` or up to white space / the balancing `)`), an
 * optional quoted title, and `)`. Null when it is not one. Scans at most `MAX_URL` characters per part.
 */
function linkTail(s: string, start: number): { url: string; title: string | null; end: number } | null {
  let i = start;
  while (s[i] === ' ' || s[i] === '\t' || s[i] === '\n') i++;
  let url = '';
  if (s[i] === '<') {
    const end = boundedIndexOf(s, '>', i + 1);
    if (end === -1) return null;
    url = s.slice(i + 1, end);
    if (/[\n<]/.test(url)) return null;
    i = end + 1;
  } else {
    let depth = 0;
    const begin = i;
    for (; i < s.length; i++) {
      if (i - begin > MAX_URL) return null;
      const c = s[i]!;
      if (c === '\\' && i + 1 < s.length) {
        i++;
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\n') break;
      if (c === '(') {
        if (++depth > 32) return null;
      } else if (c === ')') {
        if (depth === 0) break;
        depth--;
      }
    }
    if (depth !== 0) return null;
    url = s.slice(begin, i).replace(/\\([!-/:-@[-`{-~])/g, '$1');
  }
  let title: string | null = null;
  const ws = i;
  while (s[i] === ' ' || s[i] === '\t' || s[i] === '\n') i++;
  const q = s[i];
  if (i > ws && (q === '"' || q === "'" || q === '(')) {
    const end = boundedIndexOf(s, q === '(' ? ')' : q, i + 1);
    if (end === -1) return null;
    title = s.slice(i + 1, end);
    i = end + 1;
    while (s[i] === ' ' || s[i] === '\t' || s[i] === '\n') i++;
  }
  if (s[i] !== ')') return null;
  return { url, title, end: i + 1 };
}

/** `s.indexOf(ch, from)` looking at most `MAX_URL` characters ahead. */
function boundedIndexOf(s: string, ch: string, from: number): number {
  const stop = Math.min(s.length, from + MAX_URL);
  for (let i = from; i < stop; i++) if (s[i] === ch) return i;
  return -1;
}
