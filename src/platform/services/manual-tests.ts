/**
 * @module platform/services/manual-tests
 * The results of the manual rows of a test plan, as the team records them, and what they do to findings.
 *
 * A failed manual row is a finding like any other: it lives in the same `findings` table as the scans'
 * (`source = 'manual'`), identified per app by `manual:<ITEM-ID>` so that a later engagement of the same app
 * meets the same finding again rather than a copy. Its history (`finding_events`) says which engagement and
 * which result made or changed it.
 *
 * Corrections and retests:
 * - before delivery, a failed row changed to pass, not applicable or not tested withdraws the failure: its
 *   finding becomes a false positive, with the new result and its notes as the reason (kept, never deleted);
 * - after delivery (retest), a pass marks the finding fixed; a fail reopens a fixed finding (assigned to the
 *   provider again if it had been released) and a failure new after delivery is released to the provider at
 *   once, since the report it belongs to has already been delivered; "not tested" leaves the finding as it is
 *   (the retest was not done).
 */
import { loadCatalog } from '../../index.js';
import { SEVERITIES, type Finding, type Severity } from '../../findings/types.js';
import type { Queryable } from '../db/db.js';
import { badRequest, conflict, forbidden, isUuid, notFound } from '../http/routes.js';
import type { Actor, FindingStatus } from '../types.js';
import {
  auditEngagement,
  engagementApps,
  engagementFor,
  noteReportChange,
  recordEvent,
  requirePhase,
  requireTest,
  RETEST_PHASES,
  TESTING_PHASES,
  type EngagementAccess,
} from './engagements.js';
import { listEvidence, rowEvidenceLines, type EvidenceFile } from './evidence.js';
import { planRows, ROW_RESULTS, type PlanRow, type RowResult } from './test-plan.js';

export const MAX_NOTES = 4000;

export interface ManualResultInput {
  result: string;
  notes?: string | undefined;
  appId?: string | undefined;
  severity?: string | undefined;
}

/** The catalog's text of a plan row's item, for the tester. */
export interface RowItem {
  id: string;
  title: string;
  statement: string;
  howToTest: string | null;
  masvs: string[];
  maswe: string[];
  cwe: string[];
}

export interface RowFindingSummary {
  id: string;
  app_id: string;
  status: FindingStatus;
  severity: Severity;
  released_at: Date | null;
}

export interface PlanRowDetail {
  row: PlanRow;
  /** Null when the catalog no longer has the item (the row keeps its title). */
  item: RowItem | null;
  evidence: EvidenceFile[];
  /** The finding a failed manual row made (it stays linked after a correction, with its new status). */
  finding: RowFindingSummary | null;
}

interface StoredRow {
  id: string;
  item_id: string;
  title: string;
  mode: 'automated' | 'manual';
  result: RowResult | null;
  app_id: string | null;
  finding_id: string | null;
}

interface StoredFinding {
  id: string;
  app_id: string;
  status: FindingStatus;
  released_at: Date | null;
}

export const manualFingerprint = (itemId: string): string => `manual:${itemId}`;
export const manualCheckId = (itemId: string): string => `manual.${itemId}`;

function catalogItem(itemId: string): RowItem | null {
  const item = loadCatalog().get(itemId);
  if (!item) return null;
  return { id: item.id, title: item.title, statement: item.statement, howToTest: item.howToTest ?? null, masvs: item.masvs ?? [], maswe: item.maswe ?? [], cwe: item.cwe ?? [] };
}

async function storedRow(q: Queryable, a: EngagementAccess, rowId: string, forUpdate = false): Promise<StoredRow> {
  if (!isUuid(rowId)) throw notFound('no such test in this engagement');
  const [row] = await q.query<StoredRow>(
    `select id, item_id, title, mode, result, app_id, finding_id from plan_rows where engagement_id = $1 and id = $2${forUpdate ? ' for update' : ''}`,
    [a.e.id, rowId],
  );
  if (!row) throw notFound('no such test in this engagement');
  return row;
}

/** One row of the plan with its catalog text (how to test it, what it requires), its evidence and its finding. */
export async function getPlanRow(q: Queryable, a: EngagementAccess, rowId: string): Promise<PlanRowDetail> {
  if (a.actor.role === 'provider') throw forbidden('the test plan is for the lab');
  const stored = await storedRow(q, a, rowId);
  // The plan computes an automated row's result from the linked scans; one source of truth for both views.
  const row = (await planRows(q, a)).find((r) => r.id === stored.id)!;
  const [finding] = stored.finding_id
    ? await q.query<RowFindingSummary>('select id, app_id, status, severity, released_at from findings where id = $1', [stored.finding_id])
    : [];
  return { row, item: catalogItem(stored.item_id), evidence: await listEvidence(q, a, { rowId: stored.id }), finding: finding ?? null };
}

interface CheckedInput {
  result: RowResult;
  notes: string | null;
  appId: string | null;
  severity: Severity | null;
}

async function checkInput(q: Queryable, a: EngagementAccess, input: ManualResultInput): Promise<CheckedInput> {
  const result = input.result as RowResult;
  if (!(ROW_RESULTS as readonly string[]).includes(result)) throw badRequest(`"result" must be one of ${ROW_RESULTS.join(', ')}`);
  const notes = typeof input.notes === 'string' && input.notes.trim() !== '' ? input.notes.trim() : null;
  if (notes && notes.length > MAX_NOTES) throw badRequest(`the notes are longer than ${MAX_NOTES} characters`);
  if (result === 'fail' && !notes) throw badRequest('a failed test needs notes: describe what was seen');
  if ((result === 'not_tested' || result === 'not_applicable') && !notes) {
    throw badRequest(`"${result === 'not_tested' ? 'not tested' : 'not applicable'}" needs notes: give the reason`);
  }
  let appId: string | null = null;
  const scope = await engagementApps(q, a.e.id);
  if (input.appId !== undefined && input.appId !== '') {
    if (!isUuid(input.appId) || !scope.some((s) => s.app_id === input.appId)) throw badRequest("the app is not in the engagement's scope");
    appId = input.appId;
  }
  let severity: Severity | null = null;
  if (result === 'fail') {
    if (!input.severity) throw badRequest(`a failed test needs a severity (${SEVERITIES.join(', ')})`);
    if (!(SEVERITIES as readonly string[]).includes(input.severity)) throw badRequest(`"severity" must be one of ${SEVERITIES.join(', ')}`);
    severity = input.severity as Severity;
    if (!appId) {
      if (scope.length !== 1) throw badRequest('choose the app the failure applies to ("appId")');
      appId = scope[0]!.app_id;
    }
  }
  return { result, notes, appId, severity };
}

const RESULT_WORDS: Readonly<Record<RowResult, string>> = { pass: 'pass', fail: 'fail', not_applicable: 'not applicable', not_tested: 'not tested' };

/**
 * Records the result of a manual row (the engagement's testers, while testing or retesting) and carries it
 * to the findings. Call inside `db.tx`. Returns the row as `getPlanRow` shows it.
 */
export async function recordManualResult(q: Queryable, actor: Actor, engagementId: string, rowId: string, input: ManualResultInput, ip?: string): Promise<PlanRowDetail> {
  const a = await engagementFor(q, actor, engagementId, { forUpdate: true });
  requireTest(a);
  requirePhase(a, [...TESTING_PHASES, ...RETEST_PHASES], 'Recording a test result');
  const row = await storedRow(q, a, rowId, true);
  if (row.mode !== 'manual' && (await planRows(q, a)).find((r) => r.id === row.id)?.decided_by === 'scans') {
    throw conflict(`${row.item_id} is tested automatically and the scans linked to the engagement decided it; a result is recorded by hand only where no scan decides the row`);
  }
  const v = await checkInput(q, a, input);
  const retest = RETEST_PHASES.includes(a.e.phase);
  const [previous] = row.finding_id
    ? await q.query<StoredFinding>('select id, app_id, status, released_at from findings where id = $1 for update', [row.finding_id])
    : [];

  let findingId = row.finding_id;
  if (v.result === 'fail') {
    if (previous && previous.app_id !== v.appId) {
      // The failure is moved to another app: what was recorded for the first app was a mistake.
      if (retest) throw conflict(`the failure of ${row.item_id} was delivered for another app; record the new app's failure before the next delivery, or keep the app`);
      await withdrawFinding(q, a, previous, `manual result moved to another app: ${v.notes}`);
    }
    findingId = await recordFailure(q, a, row, v as CheckedInput & { appId: string; severity: Severity; notes: string }, retest);
  } else if (previous && !['false_positive', 'fixed'].includes(previous.status)) {
    const reason = `manual result changed to ${RESULT_WORDS[v.result]}${v.notes ? `: ${v.notes}` : ''}`;
    if (!retest) await withdrawFinding(q, a, previous, reason);
    else if (v.result === 'pass') await setFindingStatus(q, a, previous, 'fixed', 'retest', `retest of ${row.item_id} passed${v.notes ? `: ${v.notes}` : ''}`);
    else if (v.result === 'not_applicable') await withdrawFinding(q, a, previous, reason);
    // not_tested on retest: the retest was not done; the delivered finding stands as it is.
  }

  await q.query(
    `update plan_rows set result = $3, notes = $4, app_id = $5, severity = $6, finding_id = $7, tested_by = $8, tested_at = now(), updated_at = now()
      where engagement_id = $1 and id = $2`,
    [a.e.id, row.id, v.result, v.notes, v.appId, v.severity, findingId, actor.userId],
  );
  const detail = { rowId: row.id, itemId: row.item_id, result: v.result };
  await recordEvent(q, a, 'row_result', { detail });
  await auditEngagement(q, a, 'engagement.row_result', { ...detail, from: row.result, findingId, ...(v.severity ? { severity: v.severity } : {}) }, ip);
  await noteReportChange(q, a, `result of ${row.item_id} changed`);
  return getPlanRow(q, a, row.id);
}

/**
 * Records "not tested", with one reason, on every manual row that has no result yet (the engagement's testers,
 * while testing): what a lab does when the time box ends or a test needs what it does not have (a device, an
 * account). Rows with a result are left as they are. Call inside `db.tx`. Returns how many rows it marked.
 */
export async function markPendingNotTested(q: Queryable, actor: Actor, engagementId: string, reason: string, ip?: string): Promise<number> {
  const a = await engagementFor(q, actor, engagementId, { forUpdate: true });
  requireTest(a);
  requirePhase(a, TESTING_PHASES, 'Marking the remaining tests "not tested"');
  const notes = reason.trim();
  if (!notes) throw badRequest('give the reason the remaining tests were not done');
  if (notes.length > MAX_NOTES) throw badRequest(`the reason is longer than ${MAX_NOTES} characters`);
  const marked = await q.query<{ item_id: string }>(
    `update plan_rows set result = 'not_tested', notes = $2, tested_by = $3, tested_at = now(), updated_at = now()
      where engagement_id = $1 and mode = 'manual' and result is null returning item_id`,
    [a.e.id, notes, actor.userId],
  );
  if (marked.length === 0) return 0;
  const detail = { count: marked.length, items: marked.map((r) => r.item_id).sort() };
  await recordEvent(q, a, 'rows_not_tested', { detail, body: notes });
  await auditEngagement(q, a, 'engagement.rows_not_tested', detail, ip);
  await noteReportChange(q, a, `${marked.length} tests marked not tested`);
  return marked.length;
}

async function findingEvent(q: Queryable, a: EngagementAccess, findingId: string, kind: string, from: FindingStatus | null, to: FindingStatus, body: string): Promise<void> {
  await q.query('insert into finding_events (org_id, finding_id, user_id, kind, from_status, to_status, body) values ($1, $2, $3, $4, $5, $6, $7)', [
    a.e.org_id,
    findingId,
    a.actor.userId,
    kind,
    from,
    to,
    body.slice(0, 4500),
  ]);
}

/** A failure recorded by mistake (corrected before delivery, or judged not applicable): a false positive, kept. */
async function withdrawFinding(q: Queryable, a: EngagementAccess, f: StoredFinding, reason: string): Promise<void> {
  if (f.status === 'false_positive') return;
  await q.query(`update findings set status = 'false_positive', reason = $2, updated_at = now() where id = $1`, [f.id, reason.slice(0, 4500)]);
  await findingEvent(q, a, f.id, 'manual_test', f.status, 'false_positive', `${reason} (engagement "${a.e.title}")`);
}

async function setFindingStatus(q: Queryable, a: EngagementAccess, f: StoredFinding, to: FindingStatus, kind: string, body: string): Promise<void> {
  await q.query('update findings set status = $2, updated_at = now() where id = $1', [f.id, to]);
  await findingEvent(q, a, f.id, kind, f.status, to, `${body} (engagement "${a.e.title}")`);
}

/**
 * Creates or updates the finding of a failed row: same app and item, same finding (`manual:<ITEM-ID>`).
 * A finding closed as fixed or false positive is reopened; during a retest it goes back to the provider.
 */
async function recordFailure(
  q: Queryable,
  a: EngagementAccess,
  row: StoredRow,
  v: { notes: string; appId: string; severity: Severity },
  retest: boolean,
): Promise<string> {
  const item = catalogItem(row.item_id);
  const fingerprint = manualFingerprint(row.item_id);
  const title = item?.title ?? row.title;
  const data: Finding = {
    checkId: manualCheckId(row.item_id),
    title,
    severity: v.severity,
    confidence: 'high',
    message: v.notes,
    locations: [],
    evidence: await rowEvidenceLines(q, row.id),
    remediation: item?.statement ?? '',
    references: { masvs: item?.masvs ?? [], maswe: item?.maswe ?? [], cwe: item?.cwe ?? [], dfs: [row.item_id] },
    fingerprint,
  };
  const kind = retest ? 'retest' : 'manual_test';
  const body = `${row.item_id} failed in a manual test of engagement "${a.e.title}": ${v.notes}`;
  const [existing] = await q.query<StoredFinding>('select id, app_id, status, released_at from findings where app_id = $1 and fingerprint = $2 for update', [v.appId, fingerprint]);
  if (!existing) {
    const [created] = await q.query<{ id: string }>(
      `insert into findings (id, org_id, app_id, fingerprint, check_id, title, severity, status, source, engagement_id, first_scan_id, last_scan_id, data, released_at)
       values (gen_random_uuid(), $1, $2, $3, $4, $5, $6, 'open', 'manual', $7, null, null, $8, $9) returning id`,
      [a.e.org_id, v.appId, fingerprint, data.checkId, title, v.severity, a.e.id, JSON.stringify(data), retest ? new Date() : null],
    );
    await findingEvent(q, a, created!.id, kind, null, 'open', body);
    return created!.id;
  }
  let status = existing.status;
  let releasedAt = existing.released_at;
  if (status === 'fixed' || status === 'false_positive') {
    // After delivery a failure goes to the provider: back to them if it had been released, released now if not.
    status = retest && existing.released_at ? 'assigned' : 'open';
  }
  if (retest && !releasedAt) releasedAt = new Date();
  await q.query(
    `update findings set status = $2, reason = case when $2 = status then reason else null end, severity = $3, title = $4, check_id = $5, data = $6, source = 'manual',
            engagement_id = $7, released_at = $8, last_seen_at = now(), updated_at = now() where id = $1`,
    [existing.id, status, v.severity, title, data.checkId, JSON.stringify(data), a.e.id, releasedAt],
  );
  await findingEvent(q, a, existing.id, kind, existing.status, status, body);
  return existing.id;
}
