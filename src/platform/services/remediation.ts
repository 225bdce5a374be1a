/**
 * @module platform/services/remediation
 * After delivery: the provider answers the findings released to it, and the lab retests them.
 *
 * - A provider representative answers a finding with a remediation plan, a target date and, when the fix is
 *   done, a claim that it is fixed (usually with evidence files). Every answer is kept (the history of the
 *   finding's remediation); the latest one is what the lists show. The first answer moves a delivered
 *   engagement to remediation.
 * - The lab decides whether a finding is fixed: either by a scan of a new version linked to the engagement
 *   (the scan's ingest marks fixed what it no longer sees, and reopens what reappears), or — where a rescan
 *   cannot tell, e.g. a server-side fix — by recording a retest verdict here.
 * - A finding is overdue when it is unresolved (open, confirmed, assigned) and past its due date or past the
 *   provider's own target date. Its due date is the one set at release (findings triage), or else the lab's
 *   SLA for its severity counted from the release: a finding released by delivery has no explicit due date.
 *
 * Provider representatives see the released findings only, and none of the lab's internal notes (triage
 * reasons, review comments).
 */
import { randomUUID } from 'node:crypto';
import type { Severity } from '../../findings/types.js';
import type { Queryable } from '../db/db.js';
import { badRequest, conflict, forbidden, isUuid, notFound } from '../http/routes.js';
import type { Actor, FindingStatus } from '../types.js';
import {
  auditEngagement,
  ENGAGEMENT_FINDING_IDS,
  engagementFor,
  members,
  movePhase,
  recordEvent,
  requirePhase,
  requireTest,
  RETEST_PHASES,
  type EngagementAccess,
} from './engagements.js';
import { MAX_YEARS_AHEAD } from './findings.js';
import { notify } from './notifications.js';
import { getSlaDays } from './settings.js';

export const MAX_PLAN = 4000;
export const MAX_RETEST_NOTE = 4000;
export const RETEST_OUTCOMES = ['fixed', 'not_fixed'] as const;
export type RetestOutcome = (typeof RETEST_OUTCOMES)[number];

/** Statuses still waiting for the provider or the lab. */
const UNRESOLVED_SQL = `('open', 'confirmed', 'assigned')`;

/**
 * The due date of a finding as SQL: the one set at release, or its release plus the SLA days of its severity
 * (`slaParam` names the JSON parameter holding the organisation's SLA days).
 */
export function effectiveDueSql(slaParam: string): string {
  return `coalesce(f.due_at, f.released_at + make_interval(days => (${slaParam}::jsonb->>f.severity)::int))`;
}

/** Today's calendar date in UTC, as the platform's dates are (`2026-05-01`). */
export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/**
 * The overdue condition as SQL over `f` (the finding), `due` (its effective due date) and `lr` (its latest
 * response); `$now` and `$today` name the parameters holding the current time and today's date.
 */
export function overdueSql(now: string, today: string): string {
  return `(f.status in ${UNRESOLVED_SQL} and ((due is not null and due < ${now}::timestamptz) or (lr.target_date is not null and lr.target_date < ${today}::date)))`;
}

export interface LatestResponse {
  id: string;
  plan: string;
  target_date: string | null;
  fixed: boolean;
  evidence: number;
  user_name: string | null;
  at: Date;
}

export interface EngagementFinding {
  id: string;
  check_id: string;
  title: string;
  severity: Severity;
  status: FindingStatus;
  source: 'scan' | 'manual';
  app_id: string;
  app_name: string;
  /** The due date set at release, or the release plus the SLA days of the severity; null before release. */
  due_at: Date | null;
  released_at: Date | null;
  /** The provider's latest answer, if any. */
  response: LatestResponse | null;
  /** How many answers the provider gave (the history is at …/responses). */
  responses: number;
  /** Unresolved and past its due date or past the provider's target date. */
  overdue: boolean;
  /** Staff only: the lab's triage reason (false positive, accepted risk). */
  reason?: string | null;
  /** Staff only: review comments on the finding. */
  comments?: number;
}

interface FindingQueryRow {
  id: string;
  check_id: string;
  title: string;
  severity: Severity;
  status: FindingStatus;
  source: 'scan' | 'manual';
  app_id: string;
  app_name: string;
  due_at: Date | null;
  released_at: Date | null;
  reason: string | null;
  comments: number;
  responses: number;
  overdue: boolean;
  r_id: string | null;
  r_plan: string | null;
  r_target_date: string | null;
  r_fixed: boolean | null;
  r_evidence: number | null;
  r_user_name: string | null;
  r_at: Date | null;
}

const SEVERITY_ORDER = `case f.severity when 'critical' then 0 when 'high' then 1 when 'medium' then 2 when 'low' then 3 else 4 end`;

/**
 * The findings of an engagement with their remediation state: all of them for the lab and the team, the
 * released ones for the provider's representatives. `findingId` narrows to one.
 */
export async function engagementFindings(q: Queryable, a: EngagementAccess, o: { findingId?: string; now?: Date } = {}): Promise<EngagementFinding[]> {
  const rep = a.actor.role === 'provider';
  const now = o.now ?? new Date();
  const sla = await getSlaDays(q, a.e.org_id);
  const params: unknown[] = [a.e.id, a.e.org_id, JSON.stringify(sla), now, utcDay(now)];
  let where = `f.org_id = $2 and f.id in (${ENGAGEMENT_FINDING_IDS})`;
  if (rep) where += ' and f.released_at is not null';
  if (o.findingId) {
    params.push(o.findingId);
    where += ` and f.id = $${params.length}`;
  }
  const rows = await q.query<FindingQueryRow>(
    `select f.id, f.check_id, f.title, f.severity, f.status, f.source, f.app_id, ap.name as app_name, due as due_at, f.released_at, f.reason,
            (select count(*)::int from review_comments rc where rc.engagement_id = $1 and rc.target_type = 'finding' and rc.target_id = f.id::text) as comments,
            (select count(*)::int from remediation_responses rr where rr.engagement_id = $1 and rr.finding_id = f.id) as responses,
            coalesce(${overdueSql('$4', '$5')}, false) as overdue,
            lr.id as r_id, lr.plan as r_plan, to_char(lr.target_date, 'YYYY-MM-DD') as r_target_date, lr.fixed as r_fixed, lr.evidence as r_evidence,
            lr.user_name as r_user_name, lr.at as r_at
       from findings f
       join apps ap on ap.org_id = f.org_id and ap.id = f.app_id
       cross join lateral (select ${effectiveDueSql('$3')} as due) d
       left join lateral (
         select r.id, r.plan, r.target_date, r.fixed, r.at, u.name as user_name,
                (select count(*)::int from evidence_files ef where ef.response_id = r.id) as evidence
           from remediation_responses r left join users u on u.id = r.user_id
          where r.engagement_id = $1 and r.finding_id = f.id order by r.at desc, r.id desc limit 1) lr on true
      where ${where}
      order by ${SEVERITY_ORDER}, lower(ap.name), f.title, f.id`,
    params,
  );
  return rows.map((r) => {
    const out: EngagementFinding = {
      id: r.id,
      check_id: r.check_id,
      title: r.title,
      severity: r.severity,
      status: r.status,
      source: r.source,
      app_id: r.app_id,
      app_name: r.app_name,
      due_at: r.due_at,
      released_at: r.released_at,
      response: r.r_id
        ? { id: r.r_id, plan: r.r_plan ?? '', target_date: r.r_target_date, fixed: r.r_fixed === true, evidence: r.r_evidence ?? 0, user_name: r.r_user_name, at: r.r_at! }
        : null,
      responses: r.responses,
      overdue: r.overdue,
    };
    if (!rep) {
      out.reason = r.reason;
      out.comments = r.comments;
    }
    return out;
  });
}

/** One finding of the engagement as the caller may see it, or "not found". */
async function engagementFinding(q: Queryable, a: EngagementAccess, findingId: string): Promise<EngagementFinding> {
  if (!isUuid(findingId)) throw notFound('no such finding in this engagement');
  const [f] = await engagementFindings(q, a, { findingId });
  if (!f) throw notFound('no such finding in this engagement');
  return f;
}

export interface ResponseEvidence {
  id: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
}

export interface RemediationResponse {
  id: string;
  plan: string;
  target_date: string | null;
  fixed: boolean;
  user_id: string;
  user_name: string | null;
  at: Date;
  evidence: ResponseEvidence[];
}

/** Every answer of the provider to one finding, oldest first, with their evidence files. */
export async function findingResponses(q: Queryable, a: EngagementAccess, findingId: string): Promise<{ finding: EngagementFinding; responses: RemediationResponse[] }> {
  const finding = await engagementFinding(q, a, findingId);
  const rows = await q.query<Omit<RemediationResponse, 'evidence'>>(
    `select r.id, r.plan, to_char(r.target_date, 'YYYY-MM-DD') as target_date, r.fixed, r.user_id, u.name as user_name, r.at
       from remediation_responses r left join users u on u.id = r.user_id
      where r.engagement_id = $1 and r.finding_id = $2 order by r.at, r.id`,
    [a.e.id, finding.id],
  );
  const files = await q.query<ResponseEvidence & { response_id: string }>(
    `select ef.id, ef.response_id, ef.file_name, ef.content_type, ef.size, ef.sha256 from evidence_files ef
      join remediation_responses r on r.id = ef.response_id
      where ef.engagement_id = $1 and r.finding_id = $2 order by ef.uploaded_at, ef.id`,
    [a.e.id, finding.id],
  );
  const byResponse = new Map<string, ResponseEvidence[]>();
  for (const { response_id, ...f } of files) byResponse.set(response_id, [...(byResponse.get(response_id) ?? []), f]);
  return { finding, responses: rows.map((r) => ({ ...r, evidence: byResponse.get(r.id) ?? [] })) };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A provider's target date: a calendar date (`2027-03-31`), today or later (a fix planned for today is a
 * plan), and at most `MAX_YEARS_AHEAD` years ahead, like every other date the lab accepts.
 */
export function targetDay(value: string, now = new Date()): string {
  const m = DATE.exec(value);
  const d = m ? new Date(`${value}T00:00:00Z`) : undefined;
  if (!m || !d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) throw badRequest('"targetDate" must be a date such as 2027-03-31');
  const today = utcDay(now);
  if (value < today) throw badRequest(`"targetDate" must be today (${today}) or later`);
  const limit = new Date(`${today}T00:00:00Z`);
  limit.setUTCFullYear(limit.getUTCFullYear() + MAX_YEARS_AHEAD);
  if (d.getTime() > limit.getTime()) throw badRequest(`"targetDate" must be at most ${MAX_YEARS_AHEAD} years ahead`);
  return value;
}

export interface ResponseInput {
  plan: string;
  targetDate?: string | undefined;
  fixed?: boolean | undefined;
}

export interface RespondOptions {
  ip?: string | undefined;
  /**
   * Stores the evidence files of the answer (in the same transaction, once the answer exists) and returns
   * how many there are. The HTTP layer passes it for a multipart answer.
   */
  attachEvidence?: (q: Queryable, a: EngagementAccess, responseId: string) => Promise<number>;
  now?: Date;
}

/** Users the lab tells of a provider's answer: the engagement's leads and auditors. */
async function teamOf(q: Queryable, engagementId: string, roles: readonly string[]): Promise<string[]> {
  return (await members(q, engagementId)).filter((m) => roles.includes(m.role)).map((m) => m.user_id);
}

/** The active representatives of the engagement's provider. */
export async function providerReps(q: Queryable, orgId: string, providerId: string): Promise<string[]> {
  const rows = await q.query<{ id: string }>("select id from users where org_id = $1 and provider_id = $2 and role = 'provider' and status = 'active' order by id", [orgId, providerId]);
  return rows.map((r) => r.id);
}

/**
 * A provider representative answers a released finding (call inside `db.tx`). The first answer moves a
 * delivered engagement to remediation; the team's leads and auditors are told.
 */
export async function respond(q: Queryable, actor: Actor, engagementId: string, findingId: string, input: ResponseInput, o: RespondOptions = {}): Promise<{ response: RemediationResponse; finding: EngagementFinding }> {
  const a = await engagementFor(q, actor, engagementId, { forUpdate: true });
  if (actor.role !== 'provider') throw forbidden("only the provider's representatives answer its findings");
  requirePhase(a, RETEST_PHASES, 'Answering a finding');
  const finding = await engagementFinding(q, a, findingId);
  const plan = input.plan.trim();
  if (!plan) throw badRequest('write the remediation plan ("plan")');
  if (plan.length > MAX_PLAN) throw badRequest(`the plan is longer than ${MAX_PLAN} characters`);
  const now = o.now ?? new Date();
  const target = input.targetDate === undefined || input.targetDate === '' ? null : targetDay(input.targetDate, now);
  const fixed = input.fixed === true;
  const id = randomUUID();
  await q.query('insert into remediation_responses (id, engagement_id, finding_id, user_id, plan, target_date, fixed) values ($1, $2, $3, $4, $5, $6, $7)', [
    id,
    a.e.id,
    finding.id,
    actor.userId,
    plan,
    target,
    fixed,
  ]);
  const evidence = o.attachEvidence ? await o.attachEvidence(q, a, id) : 0;
  const summary = [fixed ? 'Fixed, according to the provider.' : null, target ? `Target date ${target}.` : null, plan].filter(Boolean).join(' ');
  await q.query('insert into finding_events (org_id, finding_id, user_id, kind, from_status, to_status, body) values ($1, $2, $3, $4, $5, $5, $6)', [
    a.e.org_id,
    finding.id,
    actor.userId,
    'provider_response',
    finding.status,
    summary.slice(0, 4000),
  ]);
  const detail = { findingId: finding.id, responseId: id, targetDate: target, fixed, evidence };
  await recordEvent(q, a, 'provider_response', { body: plan.slice(0, 2000), detail });
  await auditEngagement(q, a, 'engagement.provider_response', detail, o.ip);
  let current = a;
  if (a.e.phase === 'delivered') current = await movePhase(q, a, 'remediation', 'the provider answered the first finding', o.ip);
  await notify(q, await teamOf(q, a.e.id, ['lead', 'auditor']), {
    kind: 'provider_response',
    engagementId: a.e.id,
    title: `${a.e.provider_name} ${fixed ? 'reports a fix of' : 'answered'} "${finding.title}"`,
    body: summary,
    link: `/engagements/${a.e.id}/findings/${finding.id}`,
  });
  const { responses } = await findingResponses(q, current, finding.id);
  return { response: responses.find((r) => r.id === id)!, finding: await engagementFinding(q, current, finding.id) };
}

export interface RetestInput {
  outcome: string;
  note: string;
}

/**
 * The lab's retest verdict on one finding of a delivered engagement, where a rescan is not the way (a
 * server-side fix, a process change): fixed, or not fixed (back with the provider, reopened if it had been
 * marked fixed). Call inside `db.tx`.
 */
export async function retestFinding(q: Queryable, actor: Actor, engagementId: string, findingId: string, input: RetestInput, ip?: string): Promise<EngagementFinding> {
  const a = await engagementFor(q, actor, engagementId, { forUpdate: true });
  requireTest(a);
  requirePhase(a, RETEST_PHASES, 'A retest');
  if (!(RETEST_OUTCOMES as readonly string[]).includes(input.outcome)) throw badRequest(`"outcome" must be one of ${RETEST_OUTCOMES.join(', ')}`);
  const outcome = input.outcome as RetestOutcome;
  const note = input.note.trim();
  if (!note) throw badRequest('say what the retest checked ("note")');
  if (note.length > MAX_RETEST_NOTE) throw badRequest(`the note is longer than ${MAX_RETEST_NOTE} characters`);
  const finding = await engagementFinding(q, a, findingId);
  await q.query('select id from findings where id = $1 for update', [finding.id]);
  const from = finding.status;
  let to: FindingStatus;
  if (outcome === 'fixed') {
    if (!['open', 'confirmed', 'assigned'].includes(from)) throw conflict(`the finding is ${from.replace('_', ' ')}: only an unresolved finding can be retested as fixed`);
    to = 'fixed';
  } else {
    // A false positive or an accepted risk is a decision of the lab, not a fix to verify: reopen it in triage first.
    if (!['open', 'confirmed', 'assigned', 'fixed'].includes(from)) throw conflict(`the finding is ${from.replace('_', ' ')}: reopen it in triage before recording a retest`);
    to = 'assigned';
  }
  await q.query('update findings set status = $3, updated_at = now() where org_id = $1 and id = $2', [a.e.org_id, finding.id, to]);
  await q.query('insert into finding_events (org_id, finding_id, user_id, kind, from_status, to_status, body) values ($1, $2, $3, $4, $5, $6, $7)', [
    a.e.org_id,
    finding.id,
    actor.userId,
    outcome === 'fixed' ? 'retest_fixed' : 'retest_not_fixed',
    from,
    to,
    note,
  ]);
  const detail = { findingId: finding.id, outcome, from, to };
  // Recorded after delivery, a retest adds to the remediation record; it does not change the report the
  // reviewers approved, so their approvals stand (noteReportChange is for what the report says).
  await recordEvent(q, a, 'retest', { body: note.slice(0, 2000), detail });
  await auditEngagement(q, a, 'engagement.retest', detail, ip);
  if (finding.released_at) {
    await notify(q, await providerReps(q, a.e.org_id, a.e.provider_id), {
      kind: 'retest',
      engagementId: a.e.id,
      title: outcome === 'fixed' ? `The lab confirmed the fix of "${finding.title}"` : `The lab's retest found "${finding.title}" not fixed`,
      body: note,
      link: `/engagements/${a.e.id}/findings/${finding.id}`,
    });
  }
  return engagementFinding(q, a, finding.id);
}
