/**
 * @module platform/services/review
 * The review of an engagement: comments (on the engagement, a plan row or a finding) between the team and the
 * reviewers, and the reviewers' decisions per review round.
 *
 * A round starts when the lead submits the report (core `changePhase(..., 'review')` counts it up). In the
 * round a reviewer either requests changes — the engagement goes back to reporting at once, and the lead's
 * next submission opens the next round — or approves. Delivery itself stays the core's guarded phase change,
 * which counts the round's active approvals; any later change to the report withdraws them (core
 * `noteReportChange`). Nothing here is deleted or edited: a withdrawn approval keeps its reason, every round's
 * comments and decisions stay readable.
 */
import type { Queryable } from '../db/db.js';
import { badRequest, conflict, forbidden, isUuid, notFound } from '../http/routes.js';
import type { Actor } from '../types.js';
import {
  activeApprovals,
  auditEngagement,
  canManage,
  canReview,
  canTest,
  ENGAGEMENT_FINDING_IDS,
  engagementFor,
  members,
  movePhase,
  requirePhase,
  requireReview,
  recordEvent,
  type EngagementAccess,
  type Phase,
} from './engagements.js';
import { notify } from './notifications.js';

export const COMMENT_TARGETS = ['engagement', 'row', 'finding'] as const;
export type CommentTarget = (typeof COMMENT_TARGETS)[number];
export const DECISIONS = ['approve', 'request_changes'] as const;
export type Decision = (typeof DECISIONS)[number];

/** Comments are part of the work on the report and its follow-up: not before testing starts, not once closed. */
export const COMMENT_PHASES: readonly Phase[] = ['testing', 'reporting', 'review', 'delivered', 'remediation'];
export const MAX_COMMENT = 4000;

export interface ReviewComment {
  id: number;
  round: number;
  target_type: CommentTarget;
  target_id: string | null;
  body: string;
  user_id: string;
  user_name: string;
  user_org_name: string;
  at: Date;
}

export interface ReviewDecision {
  id: number;
  round: number;
  decision: Decision;
  body: string | null;
  user_id: string;
  user_name: string;
  user_org_name: string;
  withdrawn_at: Date | null;
  withdrawn_reason: string | null;
  at: Date;
  /** An approval of the current round that no change has withdrawn: it counts towards delivery. */
  active: boolean;
}

export interface ReviewState {
  phase: Phase;
  round: number;
  approvalsRequired: number;
  activeApprovals: number;
  comments: ReviewComment[];
  decisions: ReviewDecision[];
}

function textBody(v: unknown, what: string, required: boolean): string | undefined {
  if (v === undefined || v === null) {
    if (required) throw badRequest(`${what} is required`);
    return undefined;
  }
  if (typeof v !== 'string') throw badRequest(`${what} must be text`);
  const s = v.trim();
  if (s.length > MAX_COMMENT) throw badRequest(`${what} is longer than ${MAX_COMMENT} characters`);
  if (s === '') {
    if (required) throw badRequest(`${what} is required`);
    return undefined;
  }
  return s;
}

/** The target a comment is about, checked to belong to this engagement. */
async function checkTarget(q: Queryable, a: EngagementAccess, targetType: unknown, targetId: unknown): Promise<{ type: CommentTarget; id: string | null }> {
  if (typeof targetType !== 'string' || !(COMMENT_TARGETS as readonly string[]).includes(targetType)) {
    throw badRequest(`"targetType" must be one of ${COMMENT_TARGETS.join(', ')}`);
  }
  const type = targetType as CommentTarget;
  const id = targetId === undefined || targetId === null || targetId === '' ? undefined : targetId;
  if (type === 'engagement') {
    if (id !== undefined) throw badRequest('a comment on the engagement has no "targetId"');
    return { type, id: null };
  }
  if (id === undefined) throw badRequest(`a comment on a ${type === 'row' ? 'plan row' : 'finding'} needs its "targetId"`);
  if (typeof id !== 'string') throw badRequest('"targetId" must be an id');
  if (type === 'row') {
    const [row] = isUuid(id) ? await q.query<{ id: string }>('select id from plan_rows where engagement_id = $1 and id = $2', [a.e.id, id]) : [];
    if (!row) throw notFound('no such plan row in this engagement');
    return { type, id: row.id };
  }
  const [f] = isUuid(id) ? await q.query<{ id: string }>(`select f.id from findings f where f.id = $2 and f.id in (${ENGAGEMENT_FINDING_IDS})`, [a.e.id, id]) : [];
  if (!f) throw notFound('no such finding in this engagement');
  return { type, id: f.id };
}

export interface CommentInput {
  targetType: unknown;
  targetId?: unknown;
  body: unknown;
}

/**
 * A comment by a reviewer or by the team, stored with the current round. It tells the other side: a team
 * comment the reviewers, a reviewer's comment the lead(s) and auditors.
 */
/** Who may comment: the engagement's reviewers, and its testers and managers. */
export function canComment(a: EngagementAccess): boolean {
  return canReview(a) || canTest(a) || canManage(a);
}

export async function addComment(q: Queryable, actor: Actor, engagementId: string, input: CommentInput, ip?: string): Promise<ReviewComment> {
  // Locked so that the round the comment is stored with cannot change under it (a submission at the same time).
  const a = await engagementFor(q, actor, engagementId, { forUpdate: true });
  const reviewer = canReview(a);
  if (!canComment(a)) throw forbidden("only the engagement's team and its reviewers may comment");
  requirePhase(a, COMMENT_PHASES, 'Commenting');
  const target = await checkTarget(q, a, input.targetType, input.targetId);
  const body = textBody(input.body, 'the comment ("body")', true)!;
  const [row] = await q.query<{ id: number; at: Date }>(
    'insert into review_comments (engagement_id, user_id, target_type, target_id, round, body) values ($1, $2, $3, $4, $5, $6) returning id, at',
    [a.e.id, actor.userId, target.type, target.id, a.e.review_round, body],
  );
  const detail = { commentId: row!.id, targetType: target.type, targetId: target.id, round: a.e.review_round };
  await recordEvent(q, a, 'comment', { body, detail });
  await auditEngagement(q, a, 'engagement.comment', detail, ip);
  const team = await members(q, a.e.id);
  const to = team
    .filter((m) => m.user_id !== actor.userId && (reviewer ? m.role === 'lead' || m.role === 'auditor' : m.role === 'reviewer'))
    .map((m) => m.user_id);
  await notify(q, to, {
    kind: 'review_comment',
    engagementId: a.e.id,
    title: `${actor.name} commented on ${target.type === 'engagement' ? '' : `a ${target.type === 'row' ? 'plan row' : 'finding'} of `}"${a.e.title}"`,
    body,
    link: `/engagements/${a.e.id}/review`,
  });
  const [comment] = await q.query<ReviewComment>(`${COMMENT_SELECT} where c.id = $1`, [row!.id]);
  return comment!;
}

export interface DecisionInput {
  decision: unknown;
  body?: unknown;
}

/**
 * A reviewer's decision on the current round. "request_changes" (with what to fix) sends the engagement back
 * to reporting; "approve" counts towards the approvals delivery needs, one per reviewer and round.
 */
export async function decide(q: Queryable, actor: Actor, engagementId: string, input: DecisionInput, ip?: string): Promise<ReviewDecision> {
  const a = await engagementFor(q, actor, engagementId, { forUpdate: true });
  requireReview(a);
  requirePhase(a, ['review'], 'A review decision');
  if (typeof input.decision !== 'string' || !(DECISIONS as readonly string[]).includes(input.decision)) {
    throw badRequest(`"decision" must be one of ${DECISIONS.join(', ')}`);
  }
  const decision = input.decision as Decision;
  const body = textBody(input.body, decision === 'request_changes' ? 'what to change ("body")' : 'the note ("body")', decision === 'request_changes');
  const round = a.e.review_round;
  if (decision === 'approve') {
    const [mine] = await q.query<{ id: number }>(
      "select id from review_decisions where engagement_id = $1 and round = $2 and user_id = $3 and decision = 'approve' and withdrawn_at is null",
      [a.e.id, round, actor.userId],
    );
    if (mine) throw conflict('you have already approved this review round');
  }
  const [row] = await q.query<{ id: number }>('insert into review_decisions (engagement_id, user_id, round, decision, body) values ($1, $2, $3, $4, $5) returning id', [
    a.e.id,
    actor.userId,
    round,
    decision,
    body ?? null,
  ]);
  const detail = { decisionId: row!.id, decision, round };
  await recordEvent(q, a, 'review_decision', { ...(body ? { body } : {}), detail });
  await auditEngagement(q, a, 'engagement.review_decision', detail, ip);
  let title: string;
  if (decision === 'request_changes') {
    await movePhase(q, a, 'reporting', body, ip);
    title = `${actor.name} requested changes to "${a.e.title}"`;
  } else {
    const n = await activeApprovals(q, a.e);
    title = `${actor.name} approved "${a.e.title}" (${n} of ${a.e.approvals_required} approval${a.e.approvals_required === 1 ? '' : 's'})`;
  }
  const leads = (await members(q, a.e.id)).filter((m) => m.role === 'lead').map((m) => m.user_id);
  await notify(q, leads, { kind: 'review_decision', engagementId: a.e.id, title, body, link: `/engagements/${a.e.id}/review` });
  const [out] = await decisionsOf(q, a, row!.id);
  return out!;
}

const COMMENT_SELECT = `select c.id, c.round, c.target_type, c.target_id, c.body, c.user_id, u.name as user_name, o.name as user_org_name, c.at
  from review_comments c join users u on u.id = c.user_id join orgs o on o.id = u.org_id`;

/** The engagement's decisions, or only the one with `decisionId`. */
async function decisionsOf(q: Queryable, a: EngagementAccess, decisionId?: number): Promise<ReviewDecision[]> {
  const rows = await q.query<Omit<ReviewDecision, 'active'>>(
    `select d.id, d.round, d.decision, d.body, d.user_id, u.name as user_name, o.name as user_org_name, d.withdrawn_at, d.withdrawn_reason, d.at
       from review_decisions d join users u on u.id = d.user_id join orgs o on o.id = u.org_id
      where d.engagement_id = $1 and ($2::bigint is null or d.id = $2) order by d.id`,
    [a.e.id, decisionId ?? null],
  );
  return rows.map((d) => ({ ...d, active: d.decision === 'approve' && d.withdrawn_at === null && d.round === a.e.review_round }));
}

/** Every round's comments and decisions (withdrawn approvals with their reason), and where the current round stands. */
export async function reviewState(q: Queryable, a: EngagementAccess): Promise<ReviewState> {
  if (a.actor.role === 'provider') throw forbidden('the review is for the lab and its reviewers');
  const comments = await q.query<ReviewComment>(`${COMMENT_SELECT} where c.engagement_id = $1 order by c.id`, [a.e.id]);
  return {
    phase: a.e.phase,
    round: a.e.review_round,
    approvalsRequired: a.e.approvals_required,
    activeApprovals: await activeApprovals(q, a.e),
    comments,
    decisions: await decisionsOf(q, a),
  };
}
