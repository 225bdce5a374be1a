/**
 * @module checks/runner
 * Runs a selection of checks against an app model and collects what they report. A check that throws does
 * not stop the audit: its failure is recorded (a DfslabError from hostile input as a check error with its
 * code, anything else as an internal error) and the other checks still run.
 */
import { UsageError, ErrorCodes, isDfslabError } from '../errors.js';
import { fingerprintOf } from '../findings/fingerprint.js';
import { severityRank, type Finding, type Location, type Pass } from '../findings/types.js';
import type { Check, CheckContext, Report } from './types.js';

export interface CheckFailure {
  checkId: string;
  code: string;
  message: string;
}

export interface RunOutcome {
  findings: Finding[];
  passes: Pass[];
  checksRun: string[];
  failures: CheckFailure[];
}

/** At most this many findings per check; the rest are summarised in the last one, so reports stay readable. */
const MAX_FINDINGS_PER_CHECK = 200;

function globToRegExp(glob: string): RegExp {
  const esc = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${esc}$`);
}

/**
 * Select checks by id or glob (`android.crypto.*`). Unknown ids in `include` are an error, so a typo in CI
 * does not silently run nothing.
 */
export function selectChecks<A>(all: readonly Check<A>[], include?: readonly string[], exclude?: readonly string[]): Check<A>[] {
  let selected = [...all];
  if (include && include.length > 0) {
    const pats = include.map((p) => ({ p, re: globToRegExp(p) }));
    for (const { p, re } of pats) {
      if (!all.some((c) => re.test(c.id) || c.meta.family === p)) {
        throw new UsageError(ErrorCodes.CHECK_UNKNOWN, `no check matches "${p}"; run \`dfslab checks\` to list the check ids`);
      }
    }
    selected = selected.filter((c) => pats.some(({ p, re }) => re.test(c.id) || c.meta.family === p));
  }
  if (exclude && exclude.length > 0) {
    const pats = exclude.map(globToRegExp);
    selected = selected.filter((c) => !pats.some((re) => re.test(c.id)) && !exclude.includes(c.meta.family));
  }
  return selected;
}

export async function runChecks<A>(app: A, checks: readonly Check<A>[], onCheck?: (id: string, i: number, n: number) => void): Promise<RunOutcome> {
  const findings: Finding[] = [];
  const passes: Pass[] = [];
  const failures: CheckFailure[] = [];
  const checksRun: string[] = [];
  let i = 0;
  for (const check of checks) {
    onCheck?.(check.id, i++, checks.length);
    const mine: Finding[] = [];
    const myPasses: Pass[] = [];
    const ctx: CheckContext<A> = {
      app,
      report(r: Report) {
        const locations = normaliseLocations(r.locations);
        mine.push({
          checkId: check.id,
          title: check.meta.title,
          severity: r.severity ?? check.meta.severity,
          confidence: r.confidence ?? check.meta.confidence,
          message: r.message,
          locations,
          evidence: r.evidence ?? [],
          remediation: check.meta.remediation,
          references: check.meta.references,
          fingerprint: fingerprintOf(check.id, locations),
        });
      },
      pass(r) {
        myPasses.push({
          checkId: check.id,
          title: check.meta.title,
          message: r.message,
          locations: normaliseLocations(r.locations),
          evidence: r.evidence ?? [],
          references: check.meta.references,
        });
      },
    };
    try {
      await check.run(ctx);
      checksRun.push(check.id);
    } catch (e) {
      failures.push({
        checkId: check.id,
        code: isDfslabError(e) ? e.code : 'DFSLAB_E_INTERNAL',
        message: e instanceof Error ? e.message : String(e),
      });
      continue;
    }
    findings.push(...capFindings(mergeByFingerprint(mine)));
    passes.push(...myPasses);
  }
  findings.sort(compareFindings);
  passes.sort((a, b) => cmp(a.checkId, b.checkId) || cmp(a.message, b.message));
  checksRun.sort();
  return { findings, passes, checksRun, failures };
}

function normaliseLocations(locs: Location[] | undefined): Location[] {
  if (!locs) return [];
  // Drop undefined fields so JSON output is identical whatever way a check built the object.
  return locs.map((l) => Object.fromEntries(Object.entries(l).filter(([, v]) => v !== undefined)) as Location);
}

/** Two reports of one check at the same semantic place are one finding (evidence merged). */
function mergeByFingerprint(list: Finding[]): Finding[] {
  const by = new Map<string, Finding>();
  for (const f of list) {
    const prev = by.get(f.fingerprint);
    if (!prev) {
      by.set(f.fingerprint, f);
      continue;
    }
    for (const e of f.evidence) if (!prev.evidence.includes(e)) prev.evidence.push(e);
    if (severityRank(f.severity) > severityRank(prev.severity)) prev.severity = f.severity;
  }
  return [...by.values()];
}

function capFindings(list: Finding[]): Finding[] {
  if (list.length <= MAX_FINDINGS_PER_CHECK) return list;
  list.sort(compareFindings);
  const kept = list.slice(0, MAX_FINDINGS_PER_CHECK);
  const last = kept[kept.length - 1]!;
  last.evidence.push(`… and ${list.length - MAX_FINDINGS_PER_CHECK} more places for this check (not listed)`);
  return kept;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareFindings(a: Finding, b: Finding): number {
  return severityRank(b.severity) - severityRank(a.severity) || cmp(a.checkId, b.checkId) || cmp(a.fingerprint, b.fingerprint);
}
