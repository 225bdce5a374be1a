/**
 * @module platform/services/test-plan
 * The test plan of an engagement: one row per catalog item of its profile. A row is automated when a check of
 * the engine (an app check, or a USSD test case) covers the item on a channel in scope; its result then comes
 * from the scans and USSD runs linked to the engagement. Every other row is manual, with the catalog's
 * how-to-test text, and gets its result from the team (services/manual-tests.ts).
 *
 * An automated row's result: "fail" when a linked scan saw a finding of a covering check that is still
 * unresolved (open, confirmed, assigned) or accepted as a risk; "pass" when a linked scan ran a covering
 * check to a conclusion and nothing of it is left unresolved (none found, or fixed by a retest); no result
 * otherwise. A check that stopped on an error, or a USSD test that ended inconclusive, decides nothing. Where no
 * linked scan decides an automated row, the team may test it by hand and record its result as for a manual row;
 * once a scan decides it, the scan's result stands.
 */
import { allChecks, loadCatalog, ussdTestsAsChecks } from '../../index.js';
import { getAuditProfile, profileItems } from '../../index.js';
import type { Queryable } from '../db/db.js';
import { badRequest, conflict, isUuid, notFound } from '../http/routes.js';
import type { Actor } from '../types.js';
import {
  auditEngagement,
  engagementFor,
  noteReportChange,
  recordEvent,
  requirePhase,
  requireTest,
  RETEST_PHASES,
  TESTING_PHASES,
  type Channel,
  type EngagementAccess,
} from './engagements.js';

export const ROW_RESULTS = ['pass', 'fail', 'not_applicable', 'not_tested'] as const;
export type RowResult = (typeof ROW_RESULTS)[number];
export const ROW_RESULT_LABEL: Readonly<Record<RowResult, string>> = { pass: 'Pass', fail: 'Fail', not_applicable: 'Not applicable', not_tested: 'Not tested' };

/** Which check platforms test which channel. */
const CHANNEL_PLATFORM: Readonly<Record<Channel, string | undefined>> = { android: 'android', ios: 'ios', ussd: 'ussd', stk: undefined };

let coverage: Map<string, Array<{ id: string; platform: string }>> | undefined;
/** DFS item id → the checks (app checks and USSD tests) whose metadata cite it. */
export function checksCovering(): ReadonlyMap<string, ReadonlyArray<{ id: string; platform: string }>> {
  if (!coverage) {
    coverage = new Map();
    for (const c of [...allChecks, ...ussdTestsAsChecks]) {
      for (const item of c.meta.references.dfs ?? []) {
        const list = coverage.get(item) ?? [];
        list.push({ id: c.id, platform: c.platform });
        coverage.set(item, list);
      }
    }
  }
  return coverage;
}

/** The covering checks of an item that run on the given channels. */
export function coveringChecks(itemId: string, channels: readonly Channel[]): string[] {
  const platforms = new Set(channels.map((c) => CHANNEL_PLATFORM[c]).filter((p): p is string => !!p));
  return (checksCovering().get(itemId) ?? []).filter((c) => platforms.has(c.platform)).map((c) => c.id);
}

/**
 * (Re)builds the plan of an engagement being planned: one row per profile item. Rows that already have a
 * result are kept as they are (only planning changes the plan, and nothing is recorded in planning).
 */
export async function generatePlan(q: Queryable, engagementId: string, profileId: string, channels: readonly Channel[]): Promise<void> {
  const profile = getAuditProfile(profileId);
  if (!profile) throw badRequest(`unknown profile "${profileId}"`);
  const items = profileItems(loadCatalog(), profile);
  await q.query('delete from plan_rows where engagement_id = $1 and result is null and finding_id is null', [engagementId]);
  let position = 0;
  for (const item of items) {
    position++;
    const mode = coveringChecks(item.id, channels).length > 0 ? 'automated' : 'manual';
    await q.query(
      `insert into plan_rows (id, engagement_id, position, item_id, title, mode) values (gen_random_uuid(), $1, $2, $3, $4, $5)
       on conflict (engagement_id, item_id) do update set position = excluded.position, mode = excluded.mode`,
      [engagementId, position, item.id, item.title, mode],
    );
  }
}

export interface LinkedScan {
  scan_id: string;
  app_id: string;
  app_name: string;
  kind: 'android' | 'ios' | 'ussd';
  status: string;
  version_name: string | null;
  version_code: string | null;
  score: number | null;
  grade: string | null;
  created_at: Date;
  finished_at: Date | null;
}

export async function linkedScans(q: Queryable, engagementId: string): Promise<LinkedScan[]> {
  return q.query<LinkedScan>(
    `select s.id as scan_id, s.app_id, a.name as app_name, s.kind, s.status, s.version_name, s.version_code, s.score, s.grade, s.created_at, s.finished_at
       from engagement_scans es join scans s on s.id = es.scan_id join apps a on a.id = s.app_id
      where es.engagement_id = $1 order by s.created_at, s.id`,
    [engagementId],
  );
}

export interface RowFinding {
  id: string;
  check_id: string;
  title: string;
  severity: string;
  status: string;
}

export interface PlanRow {
  id: string;
  position: number;
  item_id: string;
  title: string;
  mode: 'automated' | 'manual';
  /** The recorded (manual) or computed (automated) result; null: nothing yet. */
  result: RowResult | null;
  /**
   * Who decided the result: the linked scans (an automated row whose checks ran to a conclusion), or the team (a
   * manual row, or an automated row that no linked scan could decide, tested by hand instead); null: nobody yet.
   */
  decided_by: 'scans' | 'team' | null;
  notes: string | null;
  app_id: string | null;
  severity: string | null;
  finding_id: string | null;
  tested_by_name: string | null;
  tested_at: Date | null;
  /** Automated rows: the covering checks on the channels in scope. */
  checks: string[];
  /** Automated rows: the linked scans that ran a covering check. */
  scans: string[];
  /** Automated rows: the findings of covering checks the linked scans saw. */
  findings: RowFinding[];
  evidence: number;
}

const FAILING = new Set(['open', 'confirmed', 'assigned', 'accepted']);

/**
 * The checks each finished scan or USSD run ran to a conclusion: those of `result.checks.run`, less the checks
 * that stopped on an error and the USSD tests that could not decide (an idle timeout that a quick run does not
 * wait for, say), which ran without telling anything. Read in the database (only lists of ids come back), for
 * the scans linked to an engagement or for a list of scans; scans not finished are left out.
 */
export async function concludedChecks(q: Queryable, scope: { engagementId: string } | { scanIds: readonly string[] }): Promise<Array<{ scanId: string; checks: string[] }>> {
  if ('scanIds' in scope && scope.scanIds.length === 0) return [];
  const [from, where, param] =
    'engagementId' in scope
      ? ['engagement_scans es join scans s on s.id = es.scan_id', 'es.engagement_id = $1', scope.engagementId]
      : ['scans s', 's.id in (select x::uuid from jsonb_array_elements_text($1::jsonb) as x)', JSON.stringify(scope.scanIds)];
  const ran = await q.query<{ scan_id: string; run: unknown; undecided: unknown }>(
    `select s.id as scan_id, s.result->'checks'->'run' as run,
            (select jsonb_agg(x.id) from (
               select f->>'checkId' as id from jsonb_array_elements(case when jsonb_typeof(s.result->'checks'->'failed') = 'array' then s.result->'checks'->'failed' else '[]'::jsonb end) f
               union all
               select an->>'path' from jsonb_array_elements(case when jsonb_typeof(s.result->'anomalies') = 'array' then s.result->'anomalies' else '[]'::jsonb end) an
                where an->>'kind' = 'inconclusive' and an->>'source' = 'ussd') x) as undecided
       from ${from}
      where ${where} and s.status = 'done'`,
    [param],
  );
  const ids = (v: unknown): string[] => {
    const list = typeof v === 'string' ? (JSON.parse(v) as unknown) : v;
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
  };
  return ran.map((r) => {
    const undecided = new Set(ids(r.undecided));
    return { scanId: r.scan_id, checks: ids(r.run).filter((c) => !undecided.has(c)) };
  });
}

/** The plan with every row's result; automated results computed from the linked scans now. */
export async function planRows(q: Queryable, a: EngagementAccess): Promise<PlanRow[]> {
  const rows = await q.query<Omit<PlanRow, 'checks' | 'scans' | 'findings'>>(
    `select r.id, r.position, r.item_id, r.title, r.mode, r.result, r.notes, r.app_id, r.severity, r.finding_id, u.name as tested_by_name, r.tested_at,
            (select count(*)::int from evidence_files ef where ef.row_id = r.id) as evidence
       from plan_rows r left join users u on u.id = r.tested_by where r.engagement_id = $1 order by r.position`,
    [a.e.id],
  );
  const runBy = new Map<string, string[]>();
  for (const r of await concludedChecks(q, { engagementId: a.e.id })) {
    for (const checkId of r.checks) {
      const scans = runBy.get(checkId) ?? [];
      scans.push(r.scanId);
      runBy.set(checkId, scans);
    }
  }
  const seen = await q.query<RowFinding>(
    `select distinct f.id, f.check_id, f.title, f.severity, f.status from engagement_scans es join scan_findings sf on sf.scan_id = es.scan_id
       join findings f on f.id = sf.finding_id where es.engagement_id = $1 and f.status <> 'false_positive' order by f.check_id, f.id`,
    [a.e.id],
  );
  const findingsBy = new Map<string, RowFinding[]>();
  for (const f of seen) findingsBy.set(f.check_id, [...(findingsBy.get(f.check_id) ?? []), f]);
  return rows.map((r) => {
    const team = r.result === null ? null : ('team' as const);
    if (r.mode === 'manual') return { ...r, decided_by: team, checks: [], scans: [], findings: [] };
    const checks = coveringChecks(r.item_id, a.e.channels);
    const scans = [...new Set(checks.flatMap((c) => runBy.get(c) ?? []))].sort();
    const findings = checks.flatMap((c) => findingsBy.get(c) ?? []);
    const byScans: RowResult | null = findings.some((f) => FAILING.has(f.status)) ? 'fail' : scans.length > 0 || findings.length > 0 ? 'pass' : null;
    // What the scans decide stands; where none decided, a result the team recorded by hand.
    if (byScans) return { ...r, result: byScans, decided_by: 'scans' as const, checks, scans, findings };
    return { ...r, decided_by: team, checks, scans, findings };
  });
}

/** Counts of a plan for summaries: rows by mode and result. */
export function planSummary(rows: readonly PlanRow[]): { total: number; automated: number; manual: number; pass: number; fail: number; not_applicable: number; not_tested: number; pending: number } {
  const s = { total: rows.length, automated: 0, manual: 0, pass: 0, fail: 0, not_applicable: 0, not_tested: 0, pending: 0 };
  for (const r of rows) {
    s[r.mode]++;
    if (r.result) s[r.result]++;
    else s.pending++;
  }
  return s;
}

/** Links a scan or USSD run of an app in scope to the engagement (its checks then give automated results). */
export async function linkScan(q: Queryable, actor: Actor, engagementId: string, scanId: string, ip?: string): Promise<LinkedScan[]> {
  const a = await engagementFor(q, actor, engagementId, { forUpdate: true });
  requireTest(a);
  requirePhase(a, [...TESTING_PHASES, ...RETEST_PHASES], 'Adding a scan');
  if (!isUuid(scanId)) throw notFound('no such scan');
  const [scan] = await q.query<{ id: string; app_id: string }>('select id, app_id from scans where org_id = $1 and id = $2', [a.e.org_id, scanId]);
  if (!scan) throw notFound('no such scan');
  const [inScope] = await q.query<{ app_id: string }>('select app_id from engagement_apps where engagement_id = $1 and app_id = $2', [a.e.id, scan.app_id]);
  if (!inScope) throw badRequest("the scan is of an app outside the engagement's scope");
  const [dup] = await q.query<{ scan_id: string }>('select scan_id from engagement_scans where engagement_id = $1 and scan_id = $2', [a.e.id, scan.id]);
  if (dup) throw conflict('that scan is already part of the engagement');
  await q.query('insert into engagement_scans (engagement_id, org_id, scan_id, linked_by) values ($1, $2, $3, $4)', [a.e.id, a.e.org_id, scan.id, actor.userId]);
  await recordEvent(q, a, 'scan_linked', { detail: { scanId: scan.id } });
  await auditEngagement(q, a, 'engagement.scan_linked', { scanId: scan.id }, ip);
  await noteReportChange(q, a, 'a scan was added');
  return linkedScans(q, a.e.id);
}
