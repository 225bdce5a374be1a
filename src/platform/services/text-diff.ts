/**
 * @module platform/services/text-diff
 * The line diff between two versions of a shared document, as hunks with context (like `diff -u`), and its
 * renderings: an HTML table for the document's history page and unified text for the API.
 *
 * The algorithm is Myers' O((N+M)·D) greedy diff ("An O(ND) Difference Algorithm and Its Variations", 1986),
 * run on line ids after the common head and tail are cut off, so an edit in a long document costs little. The
 * work is bounded so that no pair of versions can hold the server: a side over `maxChars` characters or
 * `maxLines` lines is not compared at all (`too-large`), and when the changed middle needs more than
 * `maxEdits` edits, or more than `maxWork` steps, the diff degrades to "this whole region was replaced" (the
 * hunks stay correct, only less precise; `approximate` says so). Memory is O(D²) for the trace of at most
 * `maxEdits` edits.
 *
 * Lines are split on `\n` (a `\r\n` counts as `\n`). A text that ends with a newline and one that does not
 * differ only in `eolAtEnd`, which the renderings mention.
 */
import { esc } from '../../report/html-escape.js';

export interface DiffOptions {
  /** Unchanged lines shown around each change (default 3). */
  context?: number;
  /** Longest side compared, in characters (default 2,000,000). */
  maxChars?: number;
  /** Longest side compared, in lines (default 50,000). */
  maxLines?: number;
  /** Most edits aligned line by line before the region is shown as replaced (default 2,000). */
  maxEdits?: number;
  /** Most steps of the search before the region is shown as replaced (default 20,000,000). */
  maxWork?: number;
}

export const DIFF_DEFAULTS = { context: 3, maxChars: 2_000_000, maxLines: 50_000, maxEdits: 2_000, maxWork: 20_000_000 } as const;

export interface DiffLine {
  op: 'context' | 'removed' | 'added';
  text: string;
  /** 1-based line number in the old version (context and removed lines). */
  oldNo?: number;
  /** 1-based line number in the new version (context and added lines). */
  newNo?: number;
}

export interface Hunk {
  /** First old line of the hunk (1-based; for a hunk with no old lines, the line before it, as `diff -u`). */
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
  lines: DiffLine[];
}

export type LineDiff =
  | { kind: 'identical'; lines: number }
  | {
      kind: 'changed';
      hunks: Hunk[];
      added: number;
      removed: number;
      /** The changed region was too different to align line by line and is shown as replaced whole. */
      approximate: boolean;
      /** Whether each version ends with a newline, when that differs. */
      eolAtEnd: { old: boolean; new: boolean } | null;
      oldLines: number;
      newLines: number;
    }
  | { kind: 'too-large'; oldChars: number; newChars: number; oldLines: number | null; newLines: number | null; limit: string };

type Op = 0 | 1 | 2; // equal, removed, added

function splitLines(text: string): string[] {
  if (text === '') return [];
  const t = text.endsWith('\n') ? text.slice(0, -1) : text;
  return t.split('\n');
}

/** Compares two versions of a text line by line. */
export function diffLines(oldText: string, newText: string, opts: DiffOptions = {}): LineDiff {
  const o = { ...DIFF_DEFAULTS, ...opts };
  const a0 = String(oldText ?? '').replace(/\r\n/g, '\n');
  const b0 = String(newText ?? '').replace(/\r\n/g, '\n');
  // Refuse by size before anything is split: counting characters is free.
  if (a0.length > o.maxChars || b0.length > o.maxChars)
    return { kind: 'too-large', oldChars: a0.length, newChars: b0.length, oldLines: null, newLines: null, limit: `${o.maxChars.toLocaleString('en')} characters` };
  const a = splitLines(a0);
  const b = splitLines(b0);
  if (a.length > o.maxLines || b.length > o.maxLines)
    return { kind: 'too-large', oldChars: a0.length, newChars: b0.length, oldLines: a.length, newLines: b.length, limit: `${o.maxLines.toLocaleString('en')} lines` };
  // An empty text has no last line to end: it counts as ending with a newline.
  const eolOld = a0 === '' || a0.endsWith('\n');
  const eolNew = b0 === '' || b0.endsWith('\n');
  if (a0 === b0) return { kind: 'identical', lines: a.length };

  // Lines as small integers, so the search compares numbers.
  const ids = new Map<string, number>();
  const idOf = (l: string): number => {
    let id = ids.get(l);
    if (id === undefined) ids.set(l, (id = ids.size));
    return id;
  };
  const ai = Int32Array.from(a, idOf);
  const bi = Int32Array.from(b, idOf);

  let head = 0;
  while (head < ai.length && head < bi.length && ai[head] === bi[head]) head++;
  let tail = 0;
  while (tail < ai.length - head && tail < bi.length - head && ai[ai.length - 1 - tail] === bi[bi.length - 1 - tail]) tail++;
  const am = ai.subarray(head, ai.length - tail);
  const bm = bi.subarray(head, bi.length - tail);

  let middle = myers(am, bm, o.maxEdits, o.maxWork);
  const approximate = middle === null;
  if (middle === null) middle = [...new Array<Op>(am.length).fill(1), ...new Array<Op>(bm.length).fill(2)];
  const ops: Op[] = [...new Array<Op>(head).fill(0), ...middle, ...new Array<Op>(tail).fill(0)];

  const hunks = toHunks(ops, a, b, Math.max(0, Math.trunc(o.context)));
  let added = 0;
  let removed = 0;
  for (const op of middle) {
    if (op === 1) removed++;
    else if (op === 2) added++;
  }
  return { kind: 'changed', hunks, added, removed, approximate, eolAtEnd: eolOld !== eolNew ? { old: eolOld, new: eolNew } : null, oldLines: a.length, newLines: b.length };
}

/**
 * Myers' greedy forward search with the trace kept for the way back. Null when the shortest edit script is
 * longer than `maxEdits` or the search takes more than `maxWork` steps.
 */
function myers(a: Int32Array, b: Int32Array, maxEdits: number, maxWork: number): Op[] | null {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return [...new Array<Op>(n).fill(1), ...new Array<Op>(m).fill(2)];
  const limit = Math.min(maxEdits, n + m);
  const off = limit + 1;
  const v = new Int32Array(2 * limit + 3);
  const trace: Int32Array[] = [];
  let work = 0;
  let found = -1;
  for (let d = 0; d <= limit && found < 0; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[off + k - 1]! < v[off + k + 1]!) ? v[off + k + 1]! : v[off + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
        work++;
      }
      v[off + k] = x;
      if (++work > maxWork) return null;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    trace.push(v.slice(off - d, off + d + 1));
  }
  if (found < 0) return null;

  // Back from (n, m) to (0, 0), one edit per step of d.
  const out: Op[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const prev = trace[d - 1]!;
    const at = (k: number): number => prev[k + d - 1]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      out.push(0);
      x--;
      y--;
    }
    if (x === prevX) {
      out.push(2);
      y--;
    } else {
      out.push(1);
      x--;
    }
  }
  while (x > 0 && y > 0) {
    out.push(0);
    x--;
    y--;
  }
  return out.reverse();
}

/** Groups an edit script into hunks with `context` lines around each change; near changes share a hunk. */
function toHunks(ops: Op[], a: string[], b: string[], context: number): Hunk[] {
  const hunks: Hunk[] = [];
  // Positions of the script where each op sits, with its old and new line indexes.
  const oldAt: number[] = [];
  const newAt: number[] = [];
  let x = 0;
  let y = 0;
  for (const op of ops) {
    oldAt.push(x);
    newAt.push(y);
    if (op !== 2) x++;
    if (op !== 1) y++;
  }
  let i = 0;
  while (i < ops.length) {
    if (ops[i] === 0) {
      i++;
      continue;
    }
    // A change at i: the hunk starts `context` equal ops before it and grows while changes are near.
    const start = Math.max(0, i - context);
    let end = i;
    for (;;) {
      while (end < ops.length && ops[end] !== 0) end++;
      let next = end;
      while (next < ops.length && ops[next] === 0) next++;
      if (next < ops.length && next - end <= 2 * context) end = next;
      else {
        end = Math.min(ops.length, end + context);
        break;
      }
    }
    const lines: DiffLine[] = [];
    let oldCount = 0;
    let newCount = 0;
    for (let p = start; p < end; p++) {
      const op = ops[p]!;
      if (op === 0) {
        lines.push({ op: 'context', text: a[oldAt[p]!]!, oldNo: oldAt[p]! + 1, newNo: newAt[p]! + 1 });
        oldCount++;
        newCount++;
      } else if (op === 1) {
        lines.push({ op: 'removed', text: a[oldAt[p]!]!, oldNo: oldAt[p]! + 1 });
        oldCount++;
      } else {
        lines.push({ op: 'added', text: b[newAt[p]!]!, newNo: newAt[p]! + 1 });
        newCount++;
      }
    }
    const firstOld = oldAt[start]!;
    const firstNew = newAt[start]!;
    hunks.push({ oldStart: oldCount ? firstOld + 1 : firstOld, oldCount, newStart: newCount ? firstNew + 1 : firstNew, newCount, lines });
    i = end;
  }
  return hunks;
}

const range = (start: number, count: number): string => (count === 1 ? `${start}` : `${start},${count}`);

/** The diff as unified text (`diff -u` without file headers), for the API and downloads. */
export function formatUnified(diff: LineDiff): string {
  if (diff.kind === 'identical') return '';
  if (diff.kind === 'too-large') return `# too large to compare (over ${diff.limit})\n`;
  const out: string[] = [];
  for (const h of diff.hunks) {
    out.push(`@@ -${range(h.oldStart, h.oldCount)} +${range(h.newStart, h.newCount)} @@`);
    for (const l of h.lines) out.push((l.op === 'context' ? ' ' : l.op === 'removed' ? '-' : '+') + l.text);
  }
  if (diff.eolAtEnd) out.push(`\\ No newline at end of the ${diff.eolAtEnd.old ? 'new' : 'old'} version`);
  return out.join('\n') + '\n';
}

const plural = (n: number, one: string): string => `${n.toLocaleString('en')} ${one}${n === 1 ? '' : 's'}`;

function hunkTitle(h: Hunk): string {
  const part = (start: number, count: number, which: string): string =>
    count === 0 ? `nothing in the ${which} version (after line ${start})` : count === 1 ? `line ${start} of the ${which} version` : `lines ${start}–${start + count - 1} of the ${which} version`;
  return `${part(h.oldStart, h.oldCount, 'old')}; ${part(h.newStart, h.newCount, 'new')}`;
}

/**
 * The diff as an HTML table, every text escaped: one row per line with the old and new line numbers, a
 * marker (− / +, with "removed" / "added" for screen readers) and the text in `<del>` / `<ins>`; each hunk
 * opens with a header row saying which lines it covers. Uses the classes `table-wrap`, `visually-hidden`,
 * `diff`, `diff-hunk`, `diff-removed`, `diff-added`, `diff-context`. The caller wraps it with `raw()`.
 */
export function diffToHtml(diff: LineDiff, labels: { old?: string; new?: string } = {}): string {
  if (diff.kind === 'identical') return '<p class="muted">The two versions are the same.</p>';
  if (diff.kind === 'too-large')
    return `<p class="muted">These versions are too large to compare here (over ${esc(diff.limit)}). Download both versions to compare them.</p>`;
  const oldLabel = esc(labels.old ?? 'Old');
  const newLabel = esc(labels.new ?? 'New');
  const out: string[] = [];
  out.push(`<p>${esc(plural(diff.removed, 'line'))} removed, ${esc(plural(diff.added, 'line'))} added.${diff.approximate ? ' The changed part differs too much to align line by line and is shown as replaced whole.' : ''}${diff.eolAtEnd ? ` The ${diff.eolAtEnd.old ? 'new' : 'old'} version has no newline at its end.` : ''}</p>`);
  if (diff.hunks.length === 0) return out.join('\n');
  out.push('<div class="table-wrap"><table class="diff">');
  out.push(`<thead><tr><th scope="col">${oldLabel}</th><th scope="col">${newLabel}</th><th scope="col"><span class="visually-hidden">Change</span></th><th scope="col">Text</th></tr></thead>`);
  for (const h of diff.hunks) {
    out.push('<tbody>');
    out.push(`<tr class="diff-hunk"><th scope="rowgroup" colspan="4">${esc(hunkTitle(h))}</th></tr>`);
    for (const l of h.lines) {
      const oldNo = l.oldNo === undefined ? '' : String(l.oldNo);
      const newNo = l.newNo === undefined ? '' : String(l.newNo);
      if (l.op === 'context') out.push(`<tr class="diff-context"><td>${oldNo}</td><td>${newNo}</td><td></td><td><code>${esc(l.text)}</code></td></tr>`);
      else if (l.op === 'removed')
        out.push(`<tr class="diff-removed"><td>${oldNo}</td><td></td><td><span aria-hidden="true">−</span><span class="visually-hidden">removed</span></td><td><del><code>${esc(l.text)}</code></del></td></tr>`);
      else out.push(`<tr class="diff-added"><td></td><td>${newNo}</td><td><span aria-hidden="true">+</span><span class="visually-hidden">added</span></td><td><ins><code>${esc(l.text)}</code></ins></td></tr>`);
    }
    out.push('</tbody>');
  }
  out.push('</table></div>');
  return out.join('\n');
}
