/**
 * @module platform/services/engagement-report
 * The engagement report (the deliverable): gathers everything the report says from the database into the
 * report model of report/engagement.ts and renders it in the format asked for.
 *
 * Who gets what:
 * - the staff of the engagement's lab and its members (a reviewer from another organisation included) get
 *   the full report from the reporting phase on; before delivery its cover says "Draft — not approved";
 * - the audited provider's representatives get it once delivered (`engagementFor` enforces the phase), with
 *   the released findings only, and without the review comments and decisions, the testers' notes and the
 *   lab's triage notes. An automated plan row whose failing finding is withheld shows no result rather than
 *   a pass, so that a withheld weakness never reads as "tested, nothing found".
 *
 * The render date (`now`) is the only time taken at request time; everything else comes from the database,
 * so the same data renders the same bytes.
 */
import {
  ENGAGEMENT_FORMAT_EXTENSION,
  ENGAGEMENT_REPORT_TOOL,
  renderEngagementReport,
  summarizeEngagement,
  type EngagementReport,
  type EngagementReportFormat,
  type Location,
  type References,
  type Severity,
} from '../../index.js';
import { getAuditProfile } from '../../index.js';
import type { Queryable } from '../db/db.js';
import { conflict } from '../http/routes.js';
import type { Actor } from '../types.js';
import { engagementApps, engagementFor, ENGAGEMENT_FINDING_IDS, members, PHASE_LABEL, type EngagementAccess, type Phase } from './engagements.js';
import { REPORT_CONTENT_TYPE } from './scans.js';
import { linkedScans, planRows } from './test-plan.js';

/** Phases from which the lab's staff and the team can download the report. */
export const REPORT_PHASES: readonly Phase[] = ['reporting', 'review', 'delivered', 'remediation', 'closed'];
/** Phases before delivery: the report is a draft. */
const DRAFT_PHASES: readonly Phase[] = ['planning', 'testing', 'reporting', 'review'];
/** Finding statuses that make an automated row fail (as in services/test-plan.ts). */
const FAILING = new Set(['open', 'confirmed', 'assigned', 'accepted']);

type ReportFinding = EngagementReport['findings'][number];
type ReportPlanRow = EngagementReport['plan'][number];

/** ISO timestamp of a database time (a Date from pg, sometimes text from PGlite), or null. */
function iso(v: Date | string | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? String(v) : d.toISOString();
}

function jsonOf<T>(v: unknown): T | undefined {
  if (typeof v === 'string') {
    try {
      return JSON.parse(v) as T;
    } catch {
      return undefined;
    }
  }
  return (v ?? undefined) as T | undefined;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** A finding's stored data (the engine's Finding for a scan finding; what the team wrote for a manual one), read defensively. */
function findingDetails(raw: unknown): Pick<ReportFinding, 'message' | 'locations' | 'evidence' | 'remediation' | 'references' | 'confidence'> {
  const d = jsonOf<Record<string, unknown>>(raw) ?? {};
  const refs = (d.references && typeof d.references === 'object' ? d.references : {}) as Record<string, unknown>;
  const references: References = { masvs: strings(refs.masvs), maswe: strings(refs.maswe), cwe: strings(refs.cwe), dfs: strings(refs.dfs) };
  const confidence = d.confidence === 'high' || d.confidence === 'medium' || d.confidence === 'low' ? d.confidence : null;
  const locations = Array.isArray(d.locations) ? (d.locations.filter((l) => l !== null && typeof l === 'object' && !Array.isArray(l)) as Location[]) : [];
  return { message: text(d.message), locations, evidence: strings(d.evidence), remediation: text(d.remediation), references, confidence };
}

/** The report model of an engagement as the caller may read it (see the module comment). */
export async function gatherEngagementReport(q: Queryable, actor: Actor, engagementId: string, now: Date): Promise<{ a: EngagementAccess; report: EngagementReport }> {
  const a = await engagementFor(q, actor, engagementId);
  const provider = actor.role === 'provider';
  if (!provider && !REPORT_PHASES.includes(a.e.phase)) {
    throw conflict(`the report is available from the reporting phase on; the engagement is ${PHASE_LABEL[a.e.phase].toLowerCase()}`);
  }
  const e = a.e;

  const findingRows = await q.query<{
    id: string;
    source: 'scan' | 'manual';
    severity: Severity;
    status: ReportFinding['status'];
    title: string;
    check_id: string;
    fingerprint: string;
    app_name: string;
    data: unknown;
    released_at: Date | null;
    due_at: Date | null;
    reason: string | null;
  }>(
    `select f.id, f.source, f.severity, f.status, f.title, f.check_id, f.fingerprint, a.name as app_name, f.data, f.released_at, f.due_at, f.reason
       from findings f join apps a on a.id = f.app_id
      where f.org_id = $2 and f.id in (${ENGAGEMENT_FINDING_IDS})${provider ? ' and f.released_at is not null' : ''}`,
    [e.id, e.org_id],
  );
  const visible = new Set(findingRows.map((f) => f.id));

  const seenBy = await q.query<{ scan_id: string; finding_id: string }>(
    'select sf.scan_id, sf.finding_id from scan_findings sf join engagement_scans es on es.scan_id = sf.scan_id where es.engagement_id = $1',
    [e.id],
  );
  const scansOf = new Map<string, string[]>();
  for (const s of seenBy) scansOf.set(s.finding_id, [...(scansOf.get(s.finding_id) ?? []), s.scan_id]);

  const responses = await q.query<{ finding_id: string; plan: string; target_date: string | null; fixed: boolean; by: string; at: Date }>(
    `select rr.finding_id, rr.plan, to_char(rr.target_date, 'YYYY-MM-DD') as target_date, rr.fixed, u.name as by, rr.at
       from remediation_responses rr join users u on u.id = rr.user_id where rr.engagement_id = $1`,
    [e.id],
  );
  const latestResponse = new Map<string, (typeof responses)[number]>();
  for (const r of responses) {
    const cur = latestResponse.get(r.finding_id);
    // The latest answer; equal times (one transaction) are decided by the text, never by row order.
    const later = !cur || (iso(r.at) ?? '') > (iso(cur.at) ?? '') || ((iso(r.at) ?? '') === (iso(cur.at) ?? '') && r.plan > cur.plan);
    if (later) latestResponse.set(r.finding_id, r);
  }

  const rows = await planRows(q, a);
  const appNames = new Map((await engagementApps(q, e.id)).map((x) => [x.app_id, x.name]));
  const itemsOf = new Map<string, string[]>();
  const addItem = (findingId: string, itemId: string): void => void itemsOf.set(findingId, [...(itemsOf.get(findingId) ?? []), itemId]);
  const plan: ReportPlanRow[] = rows.map((row) => {
    let result = row.result;
    let findingIds: string[];
    if (row.mode === 'manual') {
      findingIds = row.finding_id && visible.has(row.finding_id) ? [row.finding_id] : [];
    } else {
      const shown = row.findings.filter((f) => visible.has(f.id));
      findingIds = shown.map((f) => f.id);
      if (shown.length < row.findings.length) result = shown.some((f) => FAILING.has(f.status)) ? 'fail' : null;
    }
    for (const id of findingIds) addItem(id, row.item_id);
    return {
      position: row.position,
      itemId: row.item_id,
      title: row.title,
      mode: row.mode,
      result,
      ...(provider ? {} : { notes: row.notes }),
      severity: (row.severity as Severity | null) ?? null,
      app: row.app_id ? (appNames.get(row.app_id) ?? null) : null,
      testedBy: row.tested_by_name,
      testedAt: iso(row.tested_at),
      evidence: row.evidence,
      checks: row.checks,
      scans: row.scans,
      findings: findingIds,
    };
  });

  const findings: ReportFinding[] = findingRows.map((f) => {
    const r = latestResponse.get(f.id);
    return {
      id: f.id,
      source: f.source,
      severity: f.severity,
      status: f.status,
      title: f.title,
      checkId: f.check_id,
      fingerprint: f.fingerprint,
      app: f.app_name,
      ...findingDetails(f.data),
      scans: scansOf.get(f.id) ?? [],
      items: itemsOf.get(f.id) ?? [],
      releasedAt: iso(f.released_at),
      dueAt: iso(f.due_at),
      ...(provider ? {} : { triageNote: f.reason }),
      response: r ? { plan: r.plan, targetDate: r.target_date, fixed: r.fixed === true, by: r.by, at: iso(r.at)! } : null,
    };
  });

  const scans: EngagementReport['scans'] = (await linkedScans(q, e.id)).map((s) => ({
    scanId: s.scan_id,
    app: s.app_name,
    kind: s.kind,
    status: s.status,
    version: [s.version_name, s.version_code ? `(${s.version_code})` : null].filter(Boolean).join(' ') || null,
    score: s.score,
    grade: s.grade,
    createdAt: iso(s.created_at)!,
    finishedAt: iso(s.finished_at),
  }));

  const evidence: EngagementReport['evidence'] = (
    await q.query<{ id: string; file_name: string; content_type: string; size: string | number; sha256: string; uploaded_by: string | null; uploaded_at: Date; item_id: string | null; response_id: string | null }>(
      `select ef.id, ef.file_name, ef.content_type, ef.size, ef.sha256, u.name as uploaded_by, ef.uploaded_at, r.item_id, ef.response_id
         from evidence_files ef left join users u on u.id = ef.uploaded_by left join plan_rows r on r.id = ef.row_id where ef.engagement_id = $1`,
      [e.id],
    )
  ).map((x) => ({
    id: x.id,
    fileName: x.file_name,
    contentType: x.content_type,
    size: Number(x.size),
    sha256: x.sha256,
    uploadedBy: x.uploaded_by,
    uploadedAt: iso(x.uploaded_at)!,
    itemId: x.item_id,
    forResponse: x.response_id !== null,
  }));

  const decisions = (
    await q.query<{ user_id: string; reviewer: string; organisation: string; round: number; decision: 'approve' | 'request_changes'; body: string | null; withdrawn_at: Date | null; withdrawn_reason: string | null; at: Date }>(
      `select d.user_id, u.name as reviewer, o.name as organisation, d.round, d.decision, d.body, d.withdrawn_at, d.withdrawn_reason, d.at
         from review_decisions d join users u on u.id = d.user_id join orgs o on o.id = u.org_id where d.engagement_id = $1`,
      [e.id],
    )
  ).map((d) => ({ ...d, at: iso(d.at)!, withdrawnAt: iso(d.withdrawn_at) }));
  // One approval per reviewer (their first active one of the current round), as activeApprovals counts them.
  const approvals = new Map<string, EngagementReport['review']['approvals'][number]>();
  for (const d of [...decisions].sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0))) {
    if (d.decision !== 'approve' || d.withdrawnAt !== null || d.round !== e.review_round || approvals.has(d.user_id)) continue;
    approvals.set(d.user_id, { reviewer: d.reviewer, organisation: d.organisation, round: d.round, at: d.at });
  }
  const review: EngagementReport['review'] = { rounds: e.review_round, approvalsRequired: e.approvals_required, approvals: [...approvals.values()] };
  if (!provider) {
    review.decisions = decisions.map((d) => ({ reviewer: d.reviewer, organisation: d.organisation, round: d.round, decision: d.decision, body: d.body, at: d.at, withdrawnAt: d.withdrawnAt, withdrawnReason: d.withdrawn_reason }));
    const itemOfRow = new Map(rows.map((r) => [r.id, r.item_id]));
    review.comments = (
      await q.query<{ author: string; organisation: string; round: number; target_type: 'engagement' | 'row' | 'finding'; target_id: string | null; body: string; at: Date }>(
        `select u.name as author, o.name as organisation, c.round, c.target_type, c.target_id, c.body, c.at
           from review_comments c join users u on u.id = c.user_id join orgs o on o.id = u.org_id where c.engagement_id = $1`,
        [e.id],
      )
    ).map((c) => ({
      author: c.author,
      organisation: c.organisation,
      round: c.round,
      target: c.target_type,
      targetId: c.target_type === 'row' && c.target_id ? (itemOfRow.get(c.target_id) ?? c.target_id) : c.target_id,
      body: c.body,
      at: iso(c.at)!,
    }));
  }

  const team = (await members(q, e.id)).map((m) => ({ name: m.name, role: m.role, organisation: m.org_name }));
  const scope = (await engagementApps(q, e.id)).map((x) => ({ appId: x.app_id, name: x.name, platform: x.platform, identifier: x.identifier, version: x.version }));
  const report: EngagementReport = {
    reportVersion: 1,
    kind: 'engagement-report',
    tool: { ...ENGAGEMENT_REPORT_TOOL },
    generatedAt: now.toISOString(),
    audience: provider ? 'provider' : 'lab',
    draft: DRAFT_PHASES.includes(e.phase),
    ...(provider
      ? { restriction: `The report as delivered to ${e.provider_name}: the findings the lab has released to it, without the review record's comments and decisions or the lab's internal notes.` }
      : {}),
    engagement: {
      id: e.id,
      title: e.title,
      type: e.type,
      lab: e.org_name,
      provider: e.provider_name,
      profile: { id: e.profile, title: getAuditProfile(e.profile)?.title ?? e.profile },
      channels: [...e.channels],
      phase: e.phase,
      startsOn: e.starts_on,
      endsOn: e.ends_on,
      deliveredAt: iso(e.delivered_at),
      closedAt: iso(e.closed_at),
    },
    scope,
    team,
    review,
    summary: summarizeEngagement({ plan, findings, scans, evidence }),
    plan,
    scans,
    findings,
    evidence,
  };
  return { a, report };
}

/** A download name: `engagement-<title>-<id>.<ext>`, safe characters only. */
export function engagementReportFileName(e: { id: string; title: string }, format: EngagementReportFormat): string {
  const slug = e.title.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[_.-]+|[_.-]+$/g, '').slice(0, 100);
  return `engagement-${slug ? `${slug}-` : ''}${e.id.slice(0, 8)}${ENGAGEMENT_FORMAT_EXTENSION[format]}`;
}

/** The report in one format, with its download name and content type. PDF may throw the engine's "no Chromium" error. */
export async function engagementReport(
  q: Queryable,
  actor: Actor,
  engagementId: string,
  format: EngagementReportFormat,
  o: { now?: Date; chromiumPath?: string } = {},
): Promise<{ fileName: string; contentType: string; body: string | Uint8Array }> {
  const { a, report } = await gatherEngagementReport(q, actor, engagementId, o.now ?? new Date());
  const body = await renderEngagementReport(report, format, o.chromiumPath ? { chromiumPath: o.chromiumPath } : {});
  return { fileName: engagementReportFileName(a.e, format), contentType: REPORT_CONTENT_TYPE[format], body };
}
