/**
 * @module findings/suppress
 * Suppressions: a lab accepts a finding (a false positive, or a risk the provider accepted) with a reason,
 * a name and usually an expiry date. The file is YAML:
 *
 * ```yaml
 * suppressions:
 *   - fingerprint: 3f2a9c…            # one finding exactly (as printed in reports), or
 *     check: android.logging.*        # a check id or glob, optionally narrowed by
 *     location: com.example.ads.*     # a glob on any semantic location field (class, method, path, key…)
 *     reason: Debug logging is stripped by the release build's R8 rules (checked 2026-11-02)
 *     by: A. Auditor
 *     expires: 2027-03-31             # optional: after this day the finding is open again
 * ```
 *
 * An expired suppression does not hide its findings: they come back, and reports say which suppression
 * expired. Every problem in the file is reported at once with its line and column.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { ErrorCodes, ReportError } from '../errors.js';
import type { Finding, Location } from './types.js';

export interface Suppression {
  fingerprint?: string;
  check?: string;
  location?: string;
  reason: string;
  by: string;
  /** YYYY-MM-DD, inclusive. */
  expires?: string;
  /** `file:line` of the entry, shown in reports. */
  source: string;
}

export interface SuppressionState {
  /** The first suppression (in file order) that applies today. */
  active?: { reason: string; by: string; expires?: string; source: string };
  /** A matching suppression whose date has passed (only when none is active). */
  expired?: { reason: string; by: string; expires?: string; source: string };
}

const KEYS = new Set(['fingerprint', 'check', 'location', 'reason', 'by', 'expires']);
const MAX_FILE_BYTES = 4 * 1024 * 1024;
const MAX_ENTRIES = 10_000;

/** Reads and validates a suppression file; throws ReportError (DFSLAB_E_SUPPRESSIONS_INVALID) listing every problem. */
export function loadSuppressions(path: string): Suppression[] {
  let text: string;
  try {
    const buf = readFileSync(path);
    if (buf.length > MAX_FILE_BYTES) throw new ReportError(ErrorCodes.SUPPRESSIONS_INVALID, `the suppression file is ${buf.length} bytes; the limit is ${MAX_FILE_BYTES}`, { path });
    text = buf.toString('utf8');
  } catch (e) {
    if (e instanceof ReportError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new ReportError(ErrorCodes.SUPPRESSIONS_INVALID, code === 'ENOENT' ? 'no such suppression file' : `cannot read the suppression file (${code ?? String(e)})`, { path });
  }
  return parseSuppressions(text, path);
}

export function parseSuppressions(text: string, file: string): Suppression[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const problems: string[] = [];
  const at = (node: Node | null | undefined): string => {
    const pos = node?.range ? lines.linePos(node.range[0]) : { line: 1, col: 1 };
    return `${file}:${pos.line}:${pos.col}`;
  };
  for (const e of doc.errors) {
    const { line, col } = lines.linePos(e.pos[0]);
    problems.push(`${file}:${line}:${col}: ${e.message.split('\n')[0]}`);
  }
  const out: Suppression[] = [];
  if (problems.length === 0) {
    const root = doc.contents;
    const list = isMap(root) ? root.get('suppressions', true) : undefined;
    if (!isMap(root) || (list !== undefined && list !== null && !isSeq(list))) {
      problems.push(`${at(root as Node)}: expected a mapping with a "suppressions" list`);
    } else if (isSeq(list)) {
      if (list.items.length > MAX_ENTRIES) problems.push(`${at(list)}: ${list.items.length} entries; at most ${MAX_ENTRIES}`);
      else {
        for (const item of list.items) {
          const s = readEntry(item as Node, at, problems);
          if (s) out.push(s);
        }
      }
    }
  }
  if (problems.length) {
    throw new ReportError(ErrorCodes.SUPPRESSIONS_INVALID, `invalid suppression file:\n  ${problems.join('\n  ')}`, { path: file });
  }
  return out;
}

function readEntry(item: Node, at: (n: Node | null | undefined) => string, problems: string[]): Suppression | undefined {
  if (!isMap(item)) {
    problems.push(`${at(item)}: each suppression is a mapping (fingerprint/check, reason, by, expires)`);
    return undefined;
  }
  const values: Record<string, string> = {};
  let ok = true;
  for (const pair of item.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!KEYS.has(key)) {
      problems.push(`${at(pair.key as Node)}: unknown key "${key}" (expected ${[...KEYS].join(', ')})`);
      ok = false;
      continue;
    }
    const v = pair.value;
    if (!isScalar(v) || v.value === null || typeof v.value === 'object' || String(v.value).trim() === '') {
      problems.push(`${at((v ?? pair.key) as Node)}: "${key}" needs a non-empty text value`);
      ok = false;
      continue;
    }
    values[key] = String(v.value).trim();
  }
  const where = at(item);
  if (!values.fingerprint && !values.check) {
    problems.push(`${where}: a suppression needs "fingerprint" or "check"`);
    ok = false;
  }
  if (values.fingerprint && !/^[0-9a-f]{8,64}$/i.test(values.fingerprint)) {
    problems.push(`${where}: "fingerprint" must be the hexadecimal fingerprint printed in reports`);
    ok = false;
  }
  for (const k of ['reason', 'by'] as const) {
    if (!values[k]) {
      problems.push(`${where}: "${k}" is required (who accepted the finding, and why)`);
      ok = false;
    }
  }
  if (values.expires !== undefined && !isIsoDate(values.expires)) {
    problems.push(`${where}: "expires" must be a date written YYYY-MM-DD (got "${values.expires}")`);
    ok = false;
  }
  if (!ok) return undefined;
  const line = where.replace(/:\d+$/, '');
  return {
    ...(values.fingerprint ? { fingerprint: values.fingerprint.toLowerCase() } : {}),
    ...(values.check ? { check: values.check } : {}),
    ...(values.location ? { location: values.location } : {}),
    reason: values.reason!,
    by: values.by!,
    ...(values.expires ? { expires: values.expires } : {}),
    source: line,
  };
}

function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** `*` any run of characters, `?` one character; everything else literal. Whole-string match. */
export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

const LOCATION_FIELDS = ['archive', 'path', 'class', 'method', 'call', 'element', 'attribute', 'symbol', 'key'] as const;

/** The texts a location pattern is tried against: each semantic field, and `class.method`. */
function locationTexts(l: Location): string[] {
  const out: string[] = [];
  for (const k of LOCATION_FIELDS) if (l[k] !== undefined) out.push(l[k]!);
  if (l.class && l.method) out.push(`${l.class}.${l.method}`);
  return out;
}

export function suppressionMatches(s: Suppression, f: Finding): boolean {
  if (s.fingerprint && s.fingerprint !== f.fingerprint.toLowerCase()) return false;
  if (s.check && !globToRegExp(s.check).test(f.checkId)) return false;
  if (s.location) {
    const re = globToRegExp(s.location);
    if (!f.locations.some((l) => locationTexts(l).some((t) => re.test(t)))) return false;
  }
  return true;
}

/**
 * Which findings are suppressed on `today` (YYYY-MM-DD). The first active suppression in file order wins;
 * an expired one is remembered only to say in the report that it expired.
 */
export function applySuppressions(findings: readonly Finding[], suppressions: readonly Suppression[], today: string): Map<string, SuppressionState> {
  const out = new Map<string, SuppressionState>();
  for (const f of findings) {
    let state: SuppressionState | undefined;
    for (const s of suppressions) {
      if (!suppressionMatches(s, f)) continue;
      const info = { reason: s.reason, by: s.by, source: s.source, ...(s.expires ? { expires: s.expires } : {}) };
      if (s.expires !== undefined && s.expires < today) {
        state ??= {};
        state.expired ??= info;
        continue;
      }
      state = { active: info };
      break;
    }
    if (state) out.set(f.fingerprint, state);
  }
  return out;
}

/** Suppressions that matched no finding (stale entries the lab may want to remove). */
export function unusedSuppressions(findings: readonly Finding[], suppressions: readonly Suppression[]): Suppression[] {
  return suppressions.filter((s) => !findings.some((f) => suppressionMatches(s, f)));
}
