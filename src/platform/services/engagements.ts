/**
 * @module platform/services/engagements
 * An engagement carries one audit of one provider from planning to closure: scope (apps and versions,
 * channels, catalog profile), team, dates, and the phases
 *
 *   planning → testing → reporting → review → delivered → remediation → closed
 *
 * Who reaches an engagement: the staff of the lab that runs it (read), its members (a reviewer may be a user
 * of another organisation, invited to this engagement only), and — once delivered — the representatives of
 * the audited provider. Anyone else gets "not found". Who acts at a step is decided by the member's role in
 * the engagement (lead, auditor, reviewer); a lab administrator may act as lead. Every phase change is
 * guarded here (e.g. no delivery before the required approvals) and recorded as an event.
 *
 * The other services of an engagement (test plan, evidence, review, remediation, report) start from
 * `engagementFor`, which resolves the caller's access once, and use the engagement's organisation (never
 * the caller's) in their queries, so a cross-organisation reviewer works on the right lab's data.
 */
import { randomUUID } from 'node:crypto';
import { getAuditProfile } from '../../index.js';
import type { Queryable } from '../db/db.js';
import { recordAudit } from '../audit-log.js';
import { badRequest, conflict, forbidden, isUuid, notFound } from '../http/routes.js';
import { MANAGERS, type Actor } from '../types.js';
import { notify } from './notifications.js';
import { generatePlan } from './test-plan.js';

export const PHASES = ['planning', 'testing', 'reporting', 'review', 'delivered', 'remediation', 'closed'] as const;
export type Phase = (typeof PHASES)[number];
export const PHASE_LABEL: Readonly<Record<Phase, string>> = {
  planning: 'Planning',
  testing: 'Testing',
  reporting: 'Reporting',
  review: 'In review',
  delivered: 'Delivered',
  remediation: 'Remediation',
  closed: 'Closed',
};

export const CHANNELS = ['android', 'ios', 'ussd', 'stk'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABEL: Readonly<Record<Channel, string>> = { android: 'Android', ios: 'iOS', ussd: 'USSD', stk: 'STK/SIM' };

export const ENGAGEMENT_TYPES = ['audit', 'training'] as const;
export type EngagementType = (typeof ENGAGEMENT_TYPES)[number];

export const MEMBER_ROLES = ['lead', 'auditor', 'reviewer'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** Phases in which the team records results (manual rows, evidence, linked scans). */
export const TESTING_PHASES: readonly Phase[] = ['testing', 'reporting', 'review'];
/** Phases in which a delivered engagement is retested. */
export const RETEST_PHASES: readonly Phase[] = ['delivered', 'remediation'];
/** The phases in which the team adds scans and runs to an engagement (testing, and retests after delivery). */
export const SCANNING_PHASES: readonly Phase[] = [...TESTING_PHASES, ...RETEST_PHASES];
/** Phases a provider representative sees the engagement in. */
export const PROVIDER_PHASES: readonly Phase[] = ['delivered', 'remediation', 'closed'];

export interface Engagement {
  id: string;
  org_id: string;
  org_name: string;
  provider_id: string;
  provider_name: string;
  type: EngagementType;
  title: string;
  profile: string;
  channels: Channel[];
  phase: Phase;
  starts_on: string | null;
  ends_on: string | null;
  approvals_required: number;
  review_round: number;
  delivered_at: Date | null;
  closed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface EngagementApp {
  app_id: string;
  name: string;
  platform: 'android' | 'ios' | 'ussd';
  identifier: string;
  version: string | null;
}

export interface Member {
  user_id: string;
  name: string;
  email: string;
  role: MemberRole;
  org_id: string;
  org_name: string;
}

/** The caller's standing on one engagement, resolved once per request. */
export interface EngagementAccess {
  actor: Actor;
  e: Engagement;
  /** The caller's role in the team, if a member. */
  member: MemberRole | null;
  /** The caller belongs to the lab that runs the engagement. */
  sameOrg: boolean;
}

const ENGAGEMENT_SELECT = `select e.id, e.org_id, o.name as org_name, e.provider_id, p.name as provider_name, e.type, e.title, e.profile, e.channels, e.phase,
  to_char(e.starts_on, 'YYYY-MM-DD') as starts_on, to_char(e.ends_on, 'YYYY-MM-DD') as ends_on, e.approvals_required, e.review_round,
  e.delivered_at, e.closed_at, e.created_at, e.updated_at
  from engagements e join orgs o on o.id = e.org_id join providers p on p.id = e.provider_id`;

function normalise(e: Engagement): Engagement {
  return { ...e, channels: typeof e.channels === 'string' ? (JSON.parse(e.channels) as Channel[]) : e.channels };
}

/**
 * The engagement `id` as the caller may reach it, or "not found": staff of its lab, its members (of any
 * organisation), and the audited provider's representatives once it is delivered.
 */
export async function engagementFor(q: Queryable, actor: Actor, id: string, o: { forUpdate?: boolean } = {}): Promise<EngagementAccess> {
  if (!isUuid(id)) throw notFound('no such engagement');
  if (o.forUpdate) await q.query('select id from engagements where id = $1 for update', [id]);
  const [row] = await q.query<Engagement>(`${ENGAGEMENT_SELECT} where e.id = $1`, [id]);
  if (!row) throw notFound('no such engagement');
  const e = normalise(row);
  const [m] = await q.query<{ role: MemberRole }>('select role from engagement_members where engagement_id = $1 and user_id = $2', [id, actor.userId]);
  const member = m?.role ?? null;
  const sameOrg = e.org_id === actor.orgId;
  if (actor.role === 'provider') {
    if (!sameOrg || actor.providerId !== e.provider_id || !PROVIDER_PHASES.includes(e.phase)) throw notFound('no such engagement');
  } else if (!sameOrg && !member) {
    throw notFound('no such engagement');
  }
  return { actor, e, member, sameOrg };
}

/** The lead of the engagement, or an administrator of its lab. */
export function canManage(a: EngagementAccess): boolean {
  return a.sameOrg && (a.actor.role === 'admin' || (a.member === 'lead' && MANAGERS.includes(a.actor.role)));
}
/** A tester of the engagement: its lead or auditors (or a lab administrator). */
export function canTest(a: EngagementAccess): boolean {
  return a.sameOrg && (a.actor.role === 'admin' || ((a.member === 'lead' || a.member === 'auditor') && a.actor.role !== 'readonly' && a.actor.role !== 'reviewer'));
}
/** A reviewer of the engagement (of this lab or invited from another organisation). */
export function canReview(a: EngagementAccess): boolean {
  return a.member === 'reviewer' && a.actor.role === 'reviewer';
}

export function requireManage(a: EngagementAccess): void {
  if (!canManage(a)) throw forbidden('only the lead of this engagement (or a lab administrator) may do this');
}
export function requireTest(a: EngagementAccess): void {
  if (!canTest(a)) throw forbidden("only the engagement's lead and auditors may record test results");
}
export function requireReview(a: EngagementAccess): void {
  if (!canReview(a)) throw forbidden("only the engagement's reviewers may review it");
}
export function requirePhase(a: EngagementAccess, phases: readonly Phase[], what: string): void {
  if (!phases.includes(a.e.phase)) {
    throw conflict(`${what} is possible when the engagement is ${phases.map((p) => PHASE_LABEL[p].toLowerCase()).join(' or ')}; it is ${PHASE_LABEL[a.e.phase].toLowerCase()}`);
  }
}

export async function recordEvent(q: Queryable, a: EngagementAccess, kind: string, o: { from?: Phase; to?: Phase; body?: string; detail?: Record<string, unknown> } = {}): Promise<void> {
  await q.query('insert into engagement_events (engagement_id, user_id, kind, from_phase, to_phase, body, detail) values ($1, $2, $3, $4, $5, $6, $7)', [
    a.e.id,
    a.actor.userId,
    kind,
    o.from ?? null,
    o.to ?? null,
    o.body ?? null,
    JSON.stringify(o.detail ?? {}),
  ]);
  await q.query('update engagements set updated_at = now() where id = $1', [a.e.id]);
}

/** The audit log of the engagement's lab (a cross-organisation reviewer's actions are logged there too). */
export async function auditEngagement(q: Queryable, a: EngagementAccess, action: string, detail: Record<string, unknown> = {}, ip?: string): Promise<void> {
  await recordAudit(q, { orgId: a.e.org_id, userId: a.actor.userId }, { action, objectType: 'engagement', objectId: a.e.id, detail }, ip);
}

export async function members(q: Queryable, engagementId: string): Promise<Member[]> {
  return q.query<Member>(
    `select m.user_id, u.name, u.email, m.role, u.org_id, o.name as org_name from engagement_members m join users u on u.id = m.user_id join orgs o on o.id = u.org_id
      where m.engagement_id = $1 order by case m.role when 'lead' then 0 when 'auditor' then 1 else 2 end, lower(u.name)`,
    [engagementId],
  );
}

export async function engagementApps(q: Queryable, engagementId: string): Promise<EngagementApp[]> {
  return q.query<EngagementApp>(
    `select ea.app_id, a.name, a.platform, a.identifier, ea.version from engagement_apps ea join apps a on a.id = ea.app_id
      where ea.engagement_id = $1 order by a.platform, lower(a.name)`,
    [engagementId],
  );
}

export interface EngagementInput {
  title: string;
  providerId: string;
  type?: string | undefined;
  profile: string;
  channels: readonly string[];
  apps: ReadonlyArray<{ appId: string; version?: string | undefined }>;
  startsOn?: string | undefined;
  endsOn?: string | undefined;
  approvalsRequired?: number | undefined;
  /** The lead (default: the creator). */
  leadId?: string | undefined;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
function checkDate(v: string | undefined, name: string): string | null {
  if (v === undefined || v === '') return null;
  if (!DATE.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) throw badRequest(`"${name}" must be a date like 2026-12-31`);
  return v;
}

function checkInput(input: EngagementInput): { type: EngagementType; channels: Channel[]; startsOn: string | null; endsOn: string | null; approvals: number } {
  if (!input.title.trim() || input.title.length > 200) throw badRequest('the title is required (at most 200 characters)');
  if (!getAuditProfile(input.profile)) throw badRequest(`unknown profile "${input.profile}"`);
  const type = (input.type ?? 'audit') as EngagementType;
  if (!ENGAGEMENT_TYPES.includes(type)) throw badRequest(`"type" must be one of ${ENGAGEMENT_TYPES.join(', ')}`);
  const channels = [...new Set(input.channels)];
  if (channels.length === 0) throw badRequest('choose at least one channel');
  for (const c of channels) if (!(CHANNELS as readonly string[]).includes(c)) throw badRequest(`"${c}" is not a channel; channels are ${CHANNELS.join(', ')}`);
  const startsOn = checkDate(input.startsOn, 'startsOn');
  const endsOn = checkDate(input.endsOn, 'endsOn');
  if (startsOn && endsOn && endsOn < startsOn) throw badRequest('the end date is before the start date');
  const approvals = input.approvalsRequired ?? 1;
  if (!Number.isInteger(approvals) || approvals < 1 || approvals > 5) throw badRequest('the number of approvals must be 1 to 5');
  return { type, channels: CHANNELS.filter((c) => channels.includes(c)), startsOn, endsOn, approvals };
}

/** Plans a new engagement (its test plan is generated from the profile at once). */
export async function createEngagement(q: Queryable, actor: Actor, input: EngagementInput, ip?: string): Promise<EngagementAccess> {
  if (!MANAGERS.includes(actor.role)) throw forbidden('only a lead or an administrator plans engagements');
  const v = checkInput(input);
  if (!isUuid(input.providerId)) throw badRequest('choose a provider');
  const [provider] = await q.query<{ id: string }>('select id from providers where org_id = $1 and id = $2', [actor.orgId, input.providerId]);
  if (!provider) throw badRequest('no such provider in this lab');
  const id = randomUUID();
  await q.query(
    `insert into engagements (id, org_id, provider_id, type, title, profile, channels, starts_on, ends_on, approvals_required, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [id, actor.orgId, provider.id, v.type, input.title.trim(), input.profile, JSON.stringify(v.channels), v.startsOn, v.endsOn, v.approvals, actor.userId],
  );
  await setApps(q, actor.orgId, id, provider.id, input.apps);
  const leadId = input.leadId ?? actor.userId;
  await q.query("insert into engagement_members (engagement_id, user_id, role, added_by) values ($1, $2, 'lead', $3)", [id, await checkMemberUser(q, actor.orgId, leadId, 'lead'), actor.userId]);
  await generatePlan(q, id, input.profile, v.channels);
  const a = await engagementFor(q, actor, id);
  await recordEvent(q, a, 'created', { to: 'planning', detail: { profile: input.profile, channels: v.channels } });
  await auditEngagement(q, a, 'engagement.created', { title: a.e.title, providerId: provider.id, profile: input.profile }, ip);
  if (leadId !== actor.userId) await notify(q, [leadId], { kind: 'assignment', engagementId: id, title: `You lead the engagement "${a.e.title}"`, link: `/engagements/${id}` });
  return a;
}

async function setApps(q: Queryable, orgId: string, engagementId: string, providerId: string, apps: EngagementInput['apps']): Promise<void> {
  const seen = new Set<string>();
  for (const app of apps) {
    if (!isUuid(app.appId)) throw badRequest('an app in scope is not a valid id');
    if (seen.has(app.appId)) continue;
    seen.add(app.appId);
    const [row] = await q.query<{ id: string }>('select id from apps where org_id = $1 and id = $2 and provider_id = $3', [orgId, app.appId, providerId]);
    if (!row) throw badRequest("an app in scope is not one of this provider's apps");
    const version = app.version?.trim() || null;
    if (version && version.length > 100) throw badRequest('a version is longer than 100 characters');
    await q.query('insert into engagement_apps (engagement_id, org_id, app_id, version) values ($1, $2, $3, $4)', [engagementId, orgId, row.id, version]);
  }
}

/** Changes the scope, dates or approvals of an engagement still being planned. */
export async function updateEngagement(q: Queryable, actor: Actor, id: string, input: Omit<EngagementInput, 'providerId' | 'leadId' | 'type' | 'profile'>, ip?: string): Promise<EngagementAccess> {
  const a = await engagementFor(q, actor, id, { forUpdate: true });
  requireManage(a);
  requirePhase(a, ['planning'], 'Changing the scope');
  const v = checkInput({ ...input, providerId: a.e.provider_id, profile: a.e.profile, type: a.e.type });
  await q.query('update engagements set title = $2, channels = $3, starts_on = $4, ends_on = $5, approvals_required = $6 where id = $1', [
    id,
    input.title.trim(),
    JSON.stringify(v.channels),
    v.startsOn,
    v.endsOn,
    v.approvals,
  ]);
  await q.query('delete from engagement_apps where engagement_id = $1', [id]);
  await setApps(q, a.e.org_id, id, a.e.provider_id, input.apps);
  if (v.channels.join() !== a.e.channels.join()) await generatePlan(q, id, a.e.profile, v.channels);
  await recordEvent(q, a, 'updated', { detail: { channels: v.channels, apps: input.apps.length } });
  await auditEngagement(q, a, 'engagement.updated', { title: input.title.trim() }, ip);
  return engagementFor(q, actor, id);
}

export interface EngagementSummary extends Engagement {
  apps: number;
  lead_name: string | null;
  my_role: MemberRole | null;
}

/** The engagements the caller reaches: their lab's, those they are a member of, and (providers) delivered ones. */
export async function listEngagements(q: Queryable, actor: Actor): Promise<EngagementSummary[]> {
  let where: string;
  const params: unknown[] = [actor.orgId, actor.userId];
  if (actor.role === 'provider') {
    params.push(actor.providerId, [...PROVIDER_PHASES]);
    where = 'e.org_id = $1 and e.provider_id = $3 and e.phase = any($4::text[])';
  } else {
    where = 'e.org_id = $1 or exists (select 1 from engagement_members mm where mm.engagement_id = e.id and mm.user_id = $2)';
  }
  const rows = await q.query<EngagementSummary>(
    `${ENGAGEMENT_SELECT.replace('from engagements e', `, (select count(*)::int from engagement_apps ea where ea.engagement_id = e.id) as apps,
       (select u.name from engagement_members lm join users u on u.id = lm.user_id where lm.engagement_id = e.id and lm.role = 'lead' order by lm.added_at limit 1) as lead_name,
       (select me.role from engagement_members me where me.engagement_id = e.id and me.user_id = $2) as my_role
     from engagements e`)} where ${where} order by e.created_at desc, e.id desc limit 500`,
    params,
  );
  return rows.map((r) => normalise(r) as EngagementSummary);
}

/**
 * A user who may join the team in `role`: a lead or auditor is an active staff member of the engagement's
 * lab who may write (admin, lead, auditor); a reviewer is an active user with the reviewer role, of this lab
 * or of another organisation (oversight).
 */
async function checkMemberUser(q: Queryable, orgId: string, userId: string, role: MemberRole): Promise<string> {
  if (!isUuid(userId)) throw badRequest('no such user');
  const [u] = await q.query<{ id: string; org_id: string; role: string; status: string }>('select id, org_id, role, status from users where id = $1', [userId]);
  if (!u || u.status !== 'active') throw badRequest('no such active user');
  if (role === 'reviewer') {
    if (u.role !== 'reviewer') throw badRequest('a reviewer of an engagement must have the reviewer role in their organisation');
    return u.id;
  }
  if (u.org_id !== orgId) throw badRequest('a lead or auditor must be a member of this lab');
  if (!['admin', 'lead', 'auditor'].includes(u.role)) throw badRequest(`a ${role} must be a lab administrator, lead or auditor`);
  if (role === 'lead' && !MANAGERS.includes(u.role as 'admin' | 'lead')) throw badRequest('the lead must be a lab lead or administrator');
  return u.id;
}

/** Finds an active user by e-mail for an invitation to the team (reviewers of other organisations included). */
export async function userByEmail(q: Queryable, email: string): Promise<string> {
  const [u] = await q.query<{ id: string }>("select id from users where lower(email) = lower($1) and status = 'active'", [email.trim()]);
  if (!u) throw badRequest('no active user with that e-mail address on this platform');
  return u.id;
}

export async function addMember(q: Queryable, actor: Actor, id: string, userId: string, role: string, ip?: string): Promise<Member[]> {
  const a = await engagementFor(q, actor, id, { forUpdate: true });
  requireManage(a);
  requirePhase(a, ['planning', 'testing', 'reporting', 'review', 'delivered', 'remediation'], 'Changing the team');
  if (!(MEMBER_ROLES as readonly string[]).includes(role)) throw badRequest(`"role" must be one of ${MEMBER_ROLES.join(', ')}`);
  const uid = await checkMemberUser(q, a.e.org_id, userId, role as MemberRole);
  const [existing] = await q.query<{ role: string }>('select role from engagement_members where engagement_id = $1 and user_id = $2', [id, uid]);
  if (existing) throw conflict(`that user is already in the team, as ${existing.role}`);
  await q.query('insert into engagement_members (engagement_id, user_id, role, added_by) values ($1, $2, $3, $4)', [id, uid, role, actor.userId]);
  await recordEvent(q, a, 'member_added', { detail: { userId: uid, role } });
  await auditEngagement(q, a, 'engagement.member_added', { userId: uid, role }, ip);
  await notify(q, [uid], { kind: 'assignment', engagementId: id, title: `You are ${role === 'auditor' ? 'an auditor' : `the ${role}`} of "${a.e.title}"`, link: `/engagements/${id}` });
  return members(q, id);
}

export async function removeMember(q: Queryable, actor: Actor, id: string, userId: string, ip?: string): Promise<Member[]> {
  const a = await engagementFor(q, actor, id, { forUpdate: true });
  requireManage(a);
  requirePhase(a, ['planning', 'testing', 'reporting', 'review', 'delivered', 'remediation'], 'Changing the team');
  const [m] = await q.query<{ role: MemberRole }>('select role from engagement_members where engagement_id = $1 and user_id = $2', [id, userId]);
  if (!m || !isUuid(userId)) throw notFound('that user is not in the team');
  if (m.role === 'lead') {
    const [n] = await q.query<{ n: number }>("select count(*)::int as n from engagement_members where engagement_id = $1 and role = 'lead'", [id]);
    if ((n?.n ?? 0) <= 1) throw conflict('an engagement keeps at least one lead');
  }
  await q.query('delete from engagement_members where engagement_id = $1 and user_id = $2', [id, userId]);
  await recordEvent(q, a, 'member_removed', { detail: { userId, role: m.role } });
  await auditEngagement(q, a, 'engagement.member_removed', { userId, role: m.role }, ip);
  return members(q, id);
}

/** Active approvals of the current review round, one per reviewer. */
export async function activeApprovals(q: Queryable, e: Pick<Engagement, 'id' | 'review_round'>): Promise<number> {
  const [row] = await q.query<{ n: number }>(
    "select count(distinct user_id)::int as n from review_decisions where engagement_id = $1 and round = $2 and decision = 'approve' and withdrawn_at is null",
    [e.id, e.review_round],
  );
  return row?.n ?? 0;
}

/**
 * A change to what the report says (a result, a finding, evidence, a linked scan). Made after an approval, it
 * withdraws every approval of the round: the reviewers approved something else. The withdrawal is kept.
 */
export async function noteReportChange(q: Queryable, a: EngagementAccess, what: string): Promise<void> {
  const withdrawn = await q.query<{ user_id: string }>(
    `update review_decisions set withdrawn_at = now(), withdrawn_reason = $3
      where engagement_id = $1 and round = $2 and decision = 'approve' and withdrawn_at is null returning user_id`,
    [a.e.id, a.e.review_round, what],
  );
  if (withdrawn.length === 0) return;
  await recordEvent(q, a, 'approvals_withdrawn', { body: what, detail: { reviewers: withdrawn.map((w) => w.user_id) } });
  await notify(q, [...new Set(withdrawn.map((w) => w.user_id))], {
    kind: 'approval_withdrawn',
    engagementId: a.e.id,
    title: `Your approval of "${a.e.title}" was withdrawn by a change`,
    body: what,
    link: `/engagements/${a.e.id}`,
  });
}

/** Which phase changes the lead asks for directly (the review service moves review → reporting itself). */
const NEXT: Readonly<Record<Phase, readonly Phase[]>> = {
  planning: ['testing'],
  testing: ['reporting'],
  reporting: ['testing', 'review'],
  review: ['reporting', 'delivered'],
  delivered: ['remediation', 'closed'],
  remediation: ['closed'],
  closed: [],
};

/** Why the engagement cannot move to `to` now, or undefined when it can. */
export async function transitionProblem(q: Queryable, a: EngagementAccess, to: Phase): Promise<string | undefined> {
  const from = a.e.phase;
  if (!NEXT[from].includes(to)) return `an engagement ${PHASE_LABEL[from].toLowerCase()} cannot move to ${PHASE_LABEL[to].toLowerCase()}`;
  const id = a.e.id;
  if (to === 'testing' && from === 'planning') {
    const [n] = await q.query<{ n: number }>('select count(*)::int as n from engagement_apps where engagement_id = $1', [id]);
    if (!n?.n) return 'add at least one app to the scope before testing starts';
  }
  if (to === 'review') {
    const [r] = await q.query<{ n: number }>("select count(*)::int as n from engagement_members where engagement_id = $1 and role = 'reviewer'", [id]);
    if (!r?.n) return 'invite a reviewer before submitting the report for review';
    const [m] = await q.query<{ n: number }>("select count(*)::int as n from plan_rows where engagement_id = $1 and mode = 'manual' and result is null", [id]);
    if (m?.n) return `${m.n} manual test${m.n === 1 ? ' has' : 's have'} no result yet (record "not tested" with a reason where a test was not done)`;
  }
  if (to === 'delivered') {
    const n = await activeApprovals(q, a.e);
    if (n < a.e.approvals_required) return `the report needs ${a.e.approvals_required} approval${a.e.approvals_required === 1 ? '' : 's'} before delivery; it has ${n}`;
  }
  if (to === 'closed') {
    const [o] = await q.query<{ n: number }>(
      `select count(*)::int as n from findings f where f.status in ('open', 'confirmed', 'assigned') and f.id in (${ENGAGEMENT_FINDING_IDS})`,
      [id],
    );
    if (o?.n) return `${o.n} finding${o.n === 1 ? ' is' : 's are'} still unresolved (fix, accept or retest them before closing)`;
  }
  return undefined;
}

/**
 * The ids of the findings of an engagement ($1): those its linked scans saw and those its manual rows made.
 * For use inside `f.id in (...)`.
 */
export const ENGAGEMENT_FINDING_IDS = `select sf.finding_id from scan_findings sf join engagement_scans es on es.scan_id = sf.scan_id where es.engagement_id = $1
  union select mf.id from findings mf where mf.engagement_id = $1`;

/** Moves the engagement to `to` if the caller may and the guard allows; the change is recorded. */
export async function changePhase(q: Queryable, actor: Actor, id: string, to: string, reason?: string, ip?: string): Promise<EngagementAccess> {
  if (!(PHASES as readonly string[]).includes(to)) throw badRequest(`"phase" must be one of ${PHASES.join(', ')}`);
  const a = await engagementFor(q, actor, id, { forUpdate: true });
  requireManage(a);
  const problem = await transitionProblem(q, a, to as Phase);
  if (problem) throw conflict(problem);
  return movePhase(q, a, to as Phase, reason, ip);
}

/** The phase change itself, after the caller's checks (also used by the review service). */
export async function movePhase(q: Queryable, a: EngagementAccess, to: Phase, reason?: string, ip?: string): Promise<EngagementAccess> {
  const from = a.e.phase;
  const sets = ['phase = $2'];
  if (to === 'review') sets.push('review_round = review_round + 1');
  if (to === 'delivered') sets.push('delivered_at = now()');
  if (to === 'closed') sets.push('closed_at = now()');
  await q.query(`update engagements set ${sets.join(', ')} where id = $1`, [a.e.id, to]);
  if (to === 'delivered') {
    // Delivery releases the engagement's findings (but not those the lab judged false positives or accepted) to
    // the provider: open and confirmed ones are assigned, due by the lab's SLA for their severity, as a release
    // from the findings page does.
    const before = await q.query<{ id: string; org_id: string; status: string }>(
      `select id, org_id, status from findings where status in ('open', 'confirmed') and id in (${ENGAGEMENT_FINDING_IDS})`,
      [a.e.id],
    );
    await q.query(
      `update findings f set released_at = coalesce(f.released_at, now()),
              status = case when f.status in ('open', 'confirmed') then 'assigned' else f.status end,
              due_at = coalesce(f.due_at, now() + make_interval(days => (s.sla_days->>f.severity)::int)), updated_at = now()
         from org_settings s
        where s.org_id = f.org_id and f.status in ('open', 'confirmed', 'assigned') and f.id in (${ENGAGEMENT_FINDING_IDS})`,
      [a.e.id],
    );
    for (const f of before) {
      await q.query("insert into finding_events (org_id, finding_id, user_id, kind, from_status, to_status, body) values ($1, $2, $3, 'assigned', $4, 'assigned', $5)", [
        f.org_id,
        f.id,
        a.actor.userId,
        f.status,
        `delivered with the engagement "${a.e.title}"`,
      ]);
    }
  }
  await recordEvent(q, a, 'phase', { from, to, ...(reason ? { body: reason.slice(0, 2000) } : {}) });
  await auditEngagement(q, a, 'engagement.phase', { from, to }, ip);
  const team = await members(q, a.e.id);
  const others = (role?: MemberRole) => team.filter((m) => (!role || m.role === role) && m.user_id !== a.actor.userId).map((m) => m.user_id);
  if (to === 'review') await notify(q, others('reviewer'), { kind: 'review_requested', engagementId: a.e.id, title: `"${a.e.title}" is ready for your review`, link: `/engagements/${a.e.id}` });
  if (to === 'delivered') {
    const reps = await q.query<{ id: string }>("select id from users where org_id = $1 and provider_id = $2 and role = 'provider' and status = 'active'", [a.e.org_id, a.e.provider_id]);
    await notify(q, reps.map((r) => r.id), { kind: 'delivered', engagementId: a.e.id, title: `The audit report "${a.e.title}" is available`, link: `/engagements/${a.e.id}` });
  }
  if (to !== 'review') await notify(q, others(), { kind: 'phase', engagementId: a.e.id, title: `"${a.e.title}" is now ${PHASE_LABEL[to].toLowerCase()}`, link: `/engagements/${a.e.id}` });
  return { ...a, e: { ...a.e, phase: to, review_round: to === 'review' ? a.e.review_round + 1 : a.e.review_round } };
}

export interface EngagementEvent {
  id: number;
  kind: string;
  from_phase: Phase | null;
  to_phase: Phase | null;
  body: string | null;
  detail: Record<string, unknown>;
  user_name: string | null;
  at: Date;
}

export async function engagementEvents(q: Queryable, a: EngagementAccess): Promise<EngagementEvent[]> {
  if (a.actor.role === 'provider') throw forbidden("the engagement's history is for the lab");
  const rows = await q.query<EngagementEvent>(
    `select ev.id, ev.kind, ev.from_phase, ev.to_phase, ev.body, ev.detail, u.name as user_name, ev.at
       from engagement_events ev left join users u on u.id = ev.user_id where ev.engagement_id = $1 order by ev.id`,
    [a.e.id],
  );
  return rows.map((r) => ({ ...r, detail: typeof r.detail === 'string' ? (JSON.parse(r.detail) as Record<string, unknown>) : r.detail }));
}
