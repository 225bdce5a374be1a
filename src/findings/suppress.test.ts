import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCodes, isDfslabError } from '../errors.js';
import { applySuppressions, globToRegExp, loadSuppressions, parseSuppressions, unusedSuppressions } from './suppress.js';
import type { Finding } from './types.js';

function finding(checkId: string, fingerprint: string, loc: Finding['locations'][number]): Finding {
  return {
    checkId,
    title: checkId,
    severity: 'medium',
    confidence: 'high',
    message: 'm',
    locations: [loc],
    evidence: [],
    remediation: '',
    references: { masvs: [], maswe: [], cwe: [], dfs: [] },
    fingerprint,
  };
}

const F1 = finding('android.logging.sensitive-log', 'aa11aa11', { class: 'com.example.ads.Tracker', method: 'log(Ljava/lang/String;)V' });
const F2 = finding('android.logging.sensitive-log', 'bb22bb22', { class: 'com.example.wallet.Pin', method: 'check()V' });
const F3 = finding('android.manifest.debuggable', 'cc33cc33', { path: 'AndroidManifest.xml', element: 'manifest/application', attribute: 'android:debuggable' });

function errorOf(text: string): string {
  try {
    parseSuppressions(text, 'sup.yaml');
  } catch (e) {
    if (isDfslabError(e)) {
      expect(e.code).toBe(ErrorCodes.SUPPRESSIONS_INVALID);
      return e.message;
    }
    throw e;
  }
  throw new Error('expected an error');
}

describe('suppressions', () => {
  it('match by fingerprint, by check glob, and by check + location glob', () => {
    const s = parseSuppressions(
      `suppressions:
  - fingerprint: BB22BB22
    reason: false positive, the PIN is hashed before logging
    by: A. Auditor
  - check: android.logging.*
    location: com.example.ads.*
    reason: ad SDK, outside the provider's control
    by: B. Lead
    expires: 2027-01-31
`,
      'sup.yaml',
    );
    const state = applySuppressions([F1, F2, F3], s, '2026-12-01');
    expect(state.get('aa11aa11')?.active?.by).toBe('B. Lead');
    expect(state.get('bb22bb22')?.active?.source).toBe('sup.yaml:2');
    expect(state.has('cc33cc33')).toBe(false);
  });

  it('lets an expired suppression go: the finding is open again and the report can say why', () => {
    const s = parseSuppressions('suppressions:\n  - check: android.manifest.debuggable\n    reason: r\n    by: b\n    expires: 2026-01-31\n', 'sup.yaml');
    expect(applySuppressions([F3], s, '2026-01-31').get('cc33cc33')?.active).toBeDefined();
    const later = applySuppressions([F3], s, '2026-02-01').get('cc33cc33');
    expect(later?.active).toBeUndefined();
    expect(later?.expired?.expires).toBe('2026-01-31');
  });

  it('reports every problem of a bad file with line and column', () => {
    const msg = errorOf(`suppressions:
  - check: a.b.c
    reason: ok
  - fingerprint: not-hex
    reason: r
    by: b
    colour: blue
  - check: x.y.z
    reason: r
    by: b
    expires: 2026-02-30
  - just text
`);
    expect(msg).toContain('sup.yaml:2:5: "by" is required');
    expect(msg).toContain('unknown key "colour"');
    expect(msg).toContain('"fingerprint" must be the hexadecimal fingerprint');
    expect(msg).toContain('"expires" must be a date written YYYY-MM-DD (got "2026-02-30")');
    expect(msg).toContain('sup.yaml:12:5: each suppression is a mapping');
  });

  it('rejects YAML syntax errors, wrong shapes and missing files cleanly', () => {
    expect(errorOf('suppressions: [unclosed')).toMatch(/sup\.yaml:\d+:\d+/);
    expect(errorOf('- a\n- b\n')).toContain('expected a mapping with a "suppressions" list');
    expect(errorOf('suppressions: 3\n')).toContain('expected a mapping');
    expect(() => loadSuppressions('/nonexistent/sup.yaml')).toThrow(/no such suppression file/);
  });

  it('accepts an empty list and finds unused entries', () => {
    expect(parseSuppressions('suppressions: []\n', 's.yaml')).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), 'dfslab-sup-'));
    const p = join(dir, 's.yaml');
    writeFileSync(p, 'suppressions:\n  - check: ios.*\n    reason: r\n    by: b\n');
    const s = loadSuppressions(p);
    expect(unusedSuppressions([F1, F2, F3], s)).toHaveLength(1);
  });

  it('treats glob metacharacters other than * and ? literally', () => {
    expect(globToRegExp('a.b(c)+').test('a.b(c)+')).toBe(true);
    expect(globToRegExp('a.b').test('axb')).toBe(false);
    expect(globToRegExp('a?c*').test('abcdef')).toBe(true);
  });
});
