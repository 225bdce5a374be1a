import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffLines, diffToHtml, formatUnified, type Hunk, type LineDiff } from './text-diff.js';

const lines = (n: number, f: (i: number) => string = (i) => `line ${i + 1}`): string => Array.from({ length: n }, (_, i) => f(i)).join('\n') + '\n';

/** Applies the hunks to the old lines and checks every context and removed line against them. */
function apply(oldText: string, hunks: Hunk[]): string[] {
  const a = oldText === '' ? [] : oldText.replace(/\n$/, '').split('\n');
  const out: string[] = [];
  let pos = 0; // next old line (0-based)
  for (const h of hunks) {
    const first = h.oldCount ? h.oldStart - 1 : h.oldStart;
    expect(first).toBeGreaterThanOrEqual(pos);
    while (pos < first) out.push(a[pos++]!);
    for (const l of h.lines) {
      if (l.op === 'added') out.push(l.text);
      else {
        expect(l.text).toBe(a[pos]);
        expect(l.oldNo).toBe(pos + 1);
        if (l.op === 'context') out.push(l.text);
        pos++;
      }
    }
  }
  while (pos < a.length) out.push(a[pos++]!);
  return out;
}

function changed(d: LineDiff): Extract<LineDiff, { kind: 'changed' }> {
  expect(d.kind).toBe('changed');
  return d as Extract<LineDiff, { kind: 'changed' }>;
}

/** The length of the longest common subsequence, by the textbook table (small inputs only). */
function lcs(a: string[], b: string[]): number {
  const t = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) t[i]![j] = a[i - 1] === b[j - 1] ? t[i - 1]![j - 1]! + 1 : Math.max(t[i - 1]![j]!, t[i]![j - 1]!);
  return t[a.length]![b.length]!;
}

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('text diff', () => {
  it('identical versions, including empty ones', () => {
    expect(diffLines('', '')).toEqual({ kind: 'identical', lines: 0 });
    expect(diffLines('a\nb\n', 'a\r\nb\r\n')).toEqual({ kind: 'identical', lines: 2 });
    expect(formatUnified(diffLines('x', 'x'))).toBe('');
    expect(diffToHtml(diffLines('x', 'x'))).toContain('The two versions are the same.');
  });

  it('from and to an empty document', () => {
    const add = changed(diffLines('', 'a\nb\n'));
    expect(add).toMatchObject({ added: 2, removed: 0, oldLines: 0, newLines: 2, approximate: false });
    expect(formatUnified(add)).toBe('@@ -0,0 +1,2 @@\n+a\n+b\n');
    const del = changed(diffLines('a\nb\n', ''));
    expect(formatUnified(del)).toBe('@@ -1,2 +0,0 @@\n-a\n-b\n');
  });

  it('everything changed', () => {
    const d = changed(diffLines('a\nb\nc\n', 'x\ny\nz\n'));
    expect(d).toMatchObject({ added: 3, removed: 3 });
    expect(d.hunks).toHaveLength(1);
    expect(apply('a\nb\nc\n', d.hunks)).toEqual(['x', 'y', 'z']);
  });

  it('one change in a long document: one hunk with three lines of context', () => {
    const old = lines(20);
    const next = old.replace('line 10\n', 'line ten\n');
    const d = changed(diffLines(old, next));
    expect(formatUnified(d)).toBe('@@ -7,7 +7,7 @@\n line 7\n line 8\n line 9\n-line 10\n+line ten\n line 11\n line 12\n line 13\n');
    expect(d.hunks[0]!.lines[3]).toEqual({ op: 'removed', text: 'line 10', oldNo: 10 });
    expect(d.hunks[0]!.lines[4]).toEqual({ op: 'added', text: 'line ten', newNo: 10 });
    // Changes with six unchanged lines between them share a hunk (as with diff -u); seven make two.
    const near = changed(diffLines(old, old.replace('line 3\n', 'x\n').replace('line 10\n', 'y\n')));
    expect(near.hunks.map((h) => [h.oldStart, h.oldCount])).toEqual([[1, 13]]);
    const far = changed(diffLines(old, old.replace('line 3\n', 'x\n').replace('line 11\n', 'y\n')));
    expect(far.hunks.map((h) => [h.oldStart, h.oldCount])).toEqual([
      [1, 6],
      [8, 7],
    ]);
    expect(changed(diffLines(old, next, { context: 0 })).hunks[0]).toMatchObject({ oldStart: 10, oldCount: 1, newStart: 10, newCount: 1 });
  });

  it('a newline at the end only', () => {
    const d = changed(diffLines('a\nb', 'a\nb\n'));
    expect(d.hunks).toEqual([]);
    expect(d.eolAtEnd).toEqual({ old: false, new: true });
    expect(diffToHtml(d)).toContain('The old version has no newline at its end.');
  });

  it('is a correct and shortest edit script (random documents, checked against an LCS table)', () => {
    const seed = Number(process.env.DFSLAB_PROPERTY_SEED ?? Date.now() % 1_000_000);
    const rnd = prng(seed);
    for (let n = 0; n < 400; n++) {
      const mk = (): string[] => Array.from({ length: Math.floor(rnd() * 30) }, () => 'abcde'[Math.floor(rnd() * 5)]!);
      const a = mk();
      const b = rnd() < 0.5 ? mk() : a.map((l) => (rnd() < 0.2 ? 'z' : l)).filter(() => rnd() > 0.1);
      const at = a.length ? a.join('\n') + '\n' : '';
      const bt = b.length ? b.join('\n') + '\n' : '';
      const d = diffLines(at, bt, { context: Math.floor(rnd() * 4) });
      if (at === bt) {
        expect(d.kind).toBe('identical');
        continue;
      }
      const c = changed(d);
      expect(apply(at, c.hunks), `seed ${seed}`).toEqual(b);
      expect(c.removed + c.added, `seed ${seed}: ${a.join('')} → ${b.join('')}`).toBe(a.length + b.length - 2 * lcs(a, b));
    }
  });

  it('changes as many lines as GNU diff --minimal (when diff is installed)', (ctx) => {
    if (spawnSync('diff', ['--version']).status !== 0) ctx.skip();
    const dir = mkdtempSync(join(tmpdir(), 'dfslab-diff-'));
    try {
      const rnd = prng(7);
      for (let n = 0; n < 30; n++) {
        const a = Array.from({ length: 200 }, () => `l${Math.floor(rnd() * 20)}`);
        const b = a.flatMap((l) => (rnd() < 0.1 ? [] : rnd() < 0.1 ? [l, `new ${Math.floor(rnd() * 5)}`] : [l]));
        writeFileSync(join(dir, 'a'), a.join('\n') + '\n');
        writeFileSync(join(dir, 'b'), b.join('\n') + '\n');
        const gnu = spawnSync('diff', ['--minimal', '-U3', join(dir, 'a'), join(dir, 'b')], { encoding: 'utf8' }).stdout;
        const count = (s: string, ch: string): number => s.split('\n').filter((l) => l.startsWith(ch) && !l.startsWith(ch.repeat(3))).length;
        const ours = formatUnified(diffLines(a.join('\n') + '\n', b.join('\n') + '\n'));
        expect([count(ours, '-'), count(ours, '+')]).toEqual([count(gnu, '-'), count(gnu, '+')]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses oversized versions before splitting them (a 10 MB document)', () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    const d = diffLines(big, 'small');
    expect(d).toMatchObject({ kind: 'too-large', oldChars: big.length, oldLines: null });
    expect(diffToHtml(d)).toContain('too large to compare');
    expect(formatUnified(d)).toContain('too large');
    expect(diffLines(lines(50_001), 'a')).toMatchObject({ kind: 'too-large', oldLines: 50_001, limit: '50,000 lines' });
  });

  it('degrades to "replaced whole" when the changes are too many to align, and stays correct', () => {
    // Every other line of 4,000 changed: 4,000 edits, over the default 2,000.
    const old = lines(4_000, (i) => `old ${i}`);
    const next = lines(4_000, (i) => (i % 2 ? `new ${i}` : `old ${i}`));
    const d = changed(diffLines(old, next));
    expect(d).toMatchObject({ approximate: true, added: 3_999, removed: 3_999 });
    expect(apply(old, d.hunks)).toEqual(next.replace(/\n$/, '').split('\n'));
    // The same pair within a bigger budget is aligned exactly: only the changed lines.
    const exact = changed(diffLines(old, next, { maxEdits: 5_000, maxWork: 1e9 }));
    expect(exact).toMatchObject({ approximate: false, added: 2_000, removed: 2_000 });
    expect(apply(old, exact.hunks)).toEqual(next.replace(/\n$/, '').split('\n'));
    // The worst pair within the limits (50,000 lines each, nothing in common) ends at the work bound.
    const worst = changed(diffLines(lines(50_000, (i) => `a${i}`), lines(50_000, (i) => `b${i}`)));
    expect(worst).toMatchObject({ approximate: true, added: 50_000, removed: 50_000 });
    // A small work budget degrades too.
    expect(changed(diffLines(lines(100), lines(100, (i) => `x${i % 7}`), { maxWork: 50 })).approximate).toBe(true);
  });

  it('renders escaped HTML with markers for screen readers', () => {
    const d = diffLines('keep\n<script>alert(1)</script>\n', 'keep\n<img src=x onerror=alert(1)>\n');
    const html = diffToHtml(d, { old: 'Version 1', new: 'Version <2>' });
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('<del><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></del>');
    expect(html).toContain('<ins><code>&lt;img src=x onerror=alert(1)&gt;</code></ins>');
    expect(html).toContain('<span class="visually-hidden">removed</span>');
    expect(html).toContain('<span class="visually-hidden">added</span>');
    expect(html).toContain('Version &lt;2&gt;');
    expect(html).toContain('lines 1–2 of the old version; lines 1–2 of the new version');
    expect(html).toContain('1 line removed, 1 line added.');
    // Well nested.
    const stack: string[] = [];
    for (const m of html.matchAll(/<(\/?)([a-z]+)[^>]*>/g)) {
      if (m[1]) expect(stack.pop()).toBe(m[2]);
      else stack.push(m[2]!);
    }
    expect(stack).toEqual([]);
  });
});
