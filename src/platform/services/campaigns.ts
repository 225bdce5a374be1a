/**
 * @module platform/services/campaigns
 * Compliance campaigns: the lab assesses every provider of a kind (or every provider) against an audit profile
 * by a deadline. Each targeted provider fills a self-assessment (a status and a justification per item of the
 * profile), submits it, and the lab validates it item by item: an accepted answer becomes the provider's
 * confirmed status for the item (services/compliance.ts `confirmStatuses`, so the provider's compliance page and the
 * sector heatmap show it), a rejected one goes back to the provider with the lab's note.
 *
 * The life of one provider's self-assessment (`campaign_providers.state`):
 *
 *   invited → in_progress → submitted → validated
 *                  ↑             ↓
 *                  └──────── returned         (a rejected item, or the lab returns it with a note)
 *
 * - A provider's representatives answer while it is invited, in progress or returned; answers are saved as they
 *   go (append-only: the latest answer of an item counts) and an accepted item is not answered again. They submit
 *   once every item is answered and no rejected answer is left unrevised; after that the self-assessment is
 *   read-only for them until the lab returns it.
 * - The lab's writers decide on submitted answers only (those up to the provider's last submission): accept (one,
 *   or every pending one at once) or reject with a note, which returns the self-assessment to the provider. When
 *   every item is accepted, the self-assessment is validated.
 * - A provider is overdue when the campaign is open, its deadline (a day, inclusive) has passed, and the provider
 *   has neither submitted nor been validated. A late answer is still taken: the deadline is a date to chase, not a
 *   lock (the lab closes the campaign when it stops waiting).
 * - A closed campaign is frozen: nothing is answered, submitted or decided in it any more (409).
 *
 * Who sees what: the lab's staff read every campaign of their lab; managers launch and close them; writers
 * validate. A provider's representative reads and answers their own provider's self-assessment of a campaign that
 * targets it; any other campaign or provider is "not found", like another organisation's.
 */
import { randomUUID } from 'node:crypto';
import { AUDIT_PROFILES, getAuditProfile, loadCatalog, profileItems, type Catalog } from '../../index.js';
import { COMPLIANCE_STATUS_LABEL, COMPLIANCE_STATUSES, type ComplianceStatus } from '../../report/compliance.js';
import { recordAudit } from '../audit-log.js';
import type { Queryable } from '../db/db.js';
import { badRequest, conflict, forbidden, notFound } from '../http/routes.js';
import { MANAGERS, PROVIDER_KINDS, STAFF, WRITERS, type Actor, type ProviderKind } from '../types.js';
import { confirmStatuses } from './compliance.js';
import { notify } from './notifications.js';

// ─── Vocabulary ─────────────────────────────────────────────────────────────────────────────────────────

export const CAMPAIGN_STATUSES = ['open', 'closed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const PROVIDER_STATES = ['invited', 'in_progress', 'submitted', 'validated', 'returned'] as const;
export type ProviderState = (typeof PROVIDER_STATES)[number];
export const PROVIDER_STATE_LABEL: Readonly<Record<ProviderState, string>> = {
  invited: 'Invited',
  in_progress: 'In progress',
  submitted: 'Submitted to the lab',
  validated: 'Validated',
  returned: 'Returned to the provider',
};

/** The statuses a provider may claim ("not assessed" is no answer). */
export const ANSWER_STATUSES = COMPLIANCE_STATUSES.filter((s): s is Exclude<ComplianceStatus, 'not_assessed'> => s !== 'not_assessed');
export type AnswerStatus = (typeof ANSWER_STATUSES)[number];

/** Where one item of a self-assessment stands. */
export const ITEM_STATES = ['unanswered', 'draft', 'pending', 'accepted', 'rejected'] as const;
export type ItemState = (typeof ITEM_STATES)[number];
export const ITEM_STATE_LABEL: Readonly<Record<ItemState, string>> = {
  unanswered: 'Not answered',
  draft: 'Answered, not submitted',
  pending: 'Awaiting the lab',
  accepted: 'Accepted',
  rejected: 'Rejected: to revise',
};

/** The provider kinds a campaign may target, or every provider. */
export const CAMPAIGN_KINDS = [...PROVIDER_KINDS, 'all'] as const;
export type CampaignKind = ProviderKind | 'all';

export const MAX_TITLE = 200;
export const MAX_JUSTIFICATION = 2000;
export const MAX_EVIDENCE = 2000;
export const MAX_NOTE = 2000;

const EDITABLE: readonly ProviderState[] = ['invited', 'in_progress', 'returned'];
const DECIDABLE: readonly ProviderState[] = ['submitted', 'returned'];

function theCatalog(): Catalog {
  return loadCatalog();
}

function today(now: Date): string {
  return now.toISOString().slice(0, 10);
}

// ─── Records ────────────────────────────────────────────────────────────────────────────────────────────

export interface Campaign {
  id: string;
  title: string;
  providerKind: CampaignKind;
  profileId: string;
  profileTitle: string;
  itemIds: string[];
  /** `YYYY-MM-DD`, the last day (inclusive). */
  deadline: string;
  status: CampaignStatus;
  createdBy: string;
  createdAt: Date;
  closedAt: Date | null;
  closedBy: string | null;
}

interface CampaignRow {
  id: string;
  title: string;
  provider_kind: CampaignKind;
  profile_id: string;
  item_ids: unknown;
  deadline: string;
  status: CampaignStatus;
  created_by_id: string;
  created_by: string;
  created_at: Date;
  closed_at: Date | null;
  closed_by: string | null;
}

const CAMPAIGN_SELECT = `select c.id, c.title, c.provider_kind, c.profile_id, c.item_ids, c.deadline::text as deadline, c.status,
  c.created_by as created_by_id, u.name as created_by, c.created_at, c.closed_at, cu.name as closed_by
  from campaigns c join users u on u.id = c.created_by left join users cu on cu.id = c.closed_by`;

function campaignOf(r: CampaignRow): Campaign {
  const ids = typeof r.item_ids === 'string' ? (JSON.parse(r.item_ids) as unknown) : r.item_ids;
  return {
    id: r.id,
    title: r.title,
    providerKind: r.provider_kind,
    profileId: r.profile_id,
    profileTitle: getAuditProfile(r.profile_id)?.title ?? r.profile_id,
    itemIds: Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [],
    deadline: r.deadline,
    status: r.status,
    createdBy: r.created_by,
    createdAt: r.created_at,
    closedAt: r.closed_at,
    closedBy: r.closed_by,
  };
}

function isStaff(actor: Actor): boolean {
  return STAFF.includes(actor.role);
}

/**
 * A campaign of the caller's lab: staff reach every one; a provider representative only one that targets their
 * provider. Anything else is "not found".
 */
async function campaignFor(q: Queryable, actor: Actor, campaignId: string): Promise<Campaign & { createdById: string }> {
  const provider = actor.role === 'provider';
  if (!provider && !isStaff(actor)) throw notFound('no such campaign');
  const [r] = await q.query<CampaignRow>(
    `${CAMPAIGN_SELECT} where c.org_id = $1 and c.id = $2${provider ? ' and exists (select 1 from campaign_providers cp where cp.campaign_id = c.id and cp.provider_id = $3)' : ''}`,
    [actor.orgId, campaignId, ...(provider ? [actor.providerId] : [])],
  );
  if (!r) throw notFound('no such campaign');
  return { ...campaignOf(r), createdById: r.created_by_id };
}

interface TargetRow {
  provider_id: string;
  provider_name: string;
  provider_kind: ProviderKind;
  state: ProviderState;
  submitted_at: Date | null;
  submitted_by: string | null;
  submitted_through: string | number | null;
  validated_at: Date | null;
  validated_by: string | null;
  returned_at: Date | null;
  returned_by: string | null;
  return_note: string | null;
}

const TARGET_SELECT = `select cp.provider_id, p.name as provider_name, p.kind as provider_kind, cp.state, cp.submitted_at, su.name as submitted_by,
  cp.submitted_through, cp.validated_at, vu.name as validated_by, cp.returned_at, ru.name as returned_by, cp.return_note
  from campaign_providers cp join providers p on p.id = cp.provider_id
  left join users su on su.id = cp.submitted_by left join users vu on vu.id = cp.validated_by left join users ru on ru.id = cp.returned_by`;

/**
 * One targeted provider of a campaign, as the caller may reach it (a representative: their own provider only).
 * `lock` takes the row for the rest of the transaction, so that answering, submitting and deciding on one
 * provider's self-assessment happen one after the other.
 */
/** The campaign's target provider as the caller may reach it (404 otherwise): for routes to check before reading a body. */
export async function requireTarget(q: Queryable, actor: Actor, campaignId: string, providerId: string): Promise<void> {
  await targetFor(q, actor, campaignId, providerId);
}

async function targetFor(q: Queryable, actor: Actor, campaignId: string, providerId: string, o: { lock?: boolean } = {}): Promise<{ campaign: Campaign & { createdById: string }; target: TargetRow }> {
  const campaign = await campaignFor(q, actor, campaignId);
  if (actor.role === 'provider' && actor.providerId !== providerId) throw notFound('no such provider in this campaign');
  if (o.lock) await q.query('select 1 from campaign_providers where campaign_id = $1 and provider_id = $2 for update', [campaignId, providerId]);
  const [target] = await q.query<TargetRow>(`${TARGET_SELECT} where cp.campaign_id = $1 and cp.provider_id = $2 and cp.org_id = $3`, [campaignId, providerId, actor.orgId]);
  if (!target) throw notFound('no such provider in this campaign');
  return { campaign, target };
}

function isOverdue(campaign: Campaign, state: ProviderState, now: Date): boolean {
  return campaign.status === 'open' && today(now) > campaign.deadline && state !== 'submitted' && state !== 'validated';
}

async function representatives(q: Queryable, orgId: string, providerId: string): Promise<string[]> {
  const rows = await q.query<{ id: string }>("select id from users where org_id = $1 and role = 'provider' and provider_id = $2 and status <> 'disabled'", [orgId, providerId]);
  return rows.map((r) => r.id);
}

/** The provider's page of a campaign (the link of every notification about it). */
export function selfAssessmentPath(campaignId: string, providerId: string): string {
  return `/campaigns/${campaignId}/providers/${providerId}`;
}

function requireOpen(c: Campaign): void {
  if (c.status !== 'open') throw conflict('the campaign is closed: nothing changes in it any more');
}

// ─── Launching, listing, closing ────────────────────────────────────────────────────────────────────────

export interface LaunchInput {
  title?: string | undefined;
  providerKind?: string | undefined;
  profile?: string | undefined;
  deadline?: string | undefined;
}

/** A valid `YYYY-MM-DD` that is today or later, or a 400. */
function deadlineOf(s: string | undefined, now: Date): string {
  const v = s?.trim() ?? '';
  if (v === '') throw badRequest('the deadline is required (YYYY-MM-DD)');
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const d = m ? new Date(`${v}T00:00:00Z`) : undefined;
  if (!m || !d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) throw badRequest('the deadline must be a date (YYYY-MM-DD)');
  if (v < today(now)) throw badRequest('the deadline is in the past');
  return v;
}

/**
 * Launches a campaign: every provider of the kind in the lab is targeted (at least one, else 400) and each
 * provider's representatives are notified with the link to their self-assessment. Managers only.
 */
export async function launchCampaign(q: Queryable, actor: Actor, input: LaunchInput, ip?: string, o: { now?: Date } = {}): Promise<CampaignView> {
  if (!MANAGERS.includes(actor.role)) throw forbidden('only administrators and lead auditors launch campaigns');
  const now = o.now ?? new Date();
  const title = input.title?.trim() ?? '';
  if (title === '') throw badRequest('the campaign needs a title');
  if (title.length > MAX_TITLE) throw badRequest(`the title is longer than ${MAX_TITLE} characters`);
  const kind = input.providerKind?.trim() || '';
  if (!(CAMPAIGN_KINDS as readonly string[]).includes(kind)) throw badRequest(`the provider kind must be one of ${CAMPAIGN_KINDS.join(', ')}`);
  const profile = getAuditProfile(input.profile?.trim() ?? '');
  if (!profile) throw badRequest(`the profile must be one of ${AUDIT_PROFILES.map((p) => p.id).join(', ')}`);
  const deadline = deadlineOf(input.deadline, now);
  const itemIds = profileItems(theCatalog(), profile).map((i) => i.id);
  if (itemIds.length === 0) throw badRequest(`the profile "${profile.title}" has no catalog item`);
  const providers = await q.query<{ id: string; name: string }>(
    `select id, name from providers where org_id = $1${kind === 'all' ? '' : ' and kind = $2'} order by lower(name), id`,
    [actor.orgId, ...(kind === 'all' ? [] : [kind])],
  );
  if (providers.length === 0) throw badRequest(kind === 'all' ? 'the lab has no provider to assess yet' : `the lab has no provider of kind "${kind}" to assess`);
  const id = randomUUID();
  await q.query(
    `insert into campaigns (id, org_id, title, provider_kind, profile_id, item_ids, deadline, created_by) values ($1, $2, $3, $4, $5, $6::jsonb, $7::date, $8)`,
    [id, actor.orgId, title, kind, profile.id, JSON.stringify(itemIds), deadline, actor.userId],
  );
  for (const p of providers) {
    await q.query('insert into campaign_providers (campaign_id, org_id, provider_id) values ($1, $2, $3)', [id, actor.orgId, p.id]);
    await notify(q, await representatives(q, actor.orgId, p.id), {
      kind: 'campaign',
      title: `Self-assessment requested: ${title}`,
      body: `The lab asks ${p.name} to assess itself against "${profile.title}" (${itemIds.length} items) by ${deadline}.`,
      link: selfAssessmentPath(id, p.id),
    });
  }
  await recordAudit(
    q,
    actor,
    { action: 'campaign.launched', objectType: 'campaign', objectId: id, detail: { title, providerKind: kind, profile: profile.id, deadline, items: itemIds.length, providers: providers.map((p) => p.id) } },
    ip,
  );
  return campaignView(q, actor, id, { now });
}

export interface CampaignSummary {
  campaign: Campaign;
  providers: number;
  submitted: number;
  validated: number;
  overdue: number;
  /** A provider representative's own provider's state in it. */
  ownState: ProviderState | null;
}

/** The campaigns of the caller's lab, newest first (a provider representative: those that target their provider). */
export async function listCampaigns(q: Queryable, actor: Actor, o: { now?: Date } = {}): Promise<CampaignSummary[]> {
  const now = o.now ?? new Date();
  const provider = actor.role === 'provider';
  if (!provider && !isStaff(actor)) return [];
  const rows = await q.query<CampaignRow>(
    `${CAMPAIGN_SELECT} where c.org_id = $1${provider ? ' and exists (select 1 from campaign_providers cp where cp.campaign_id = c.id and cp.provider_id = $2)' : ''}
      order by c.created_at desc, c.id`,
    [actor.orgId, ...(provider ? [actor.providerId] : [])],
  );
  const out: CampaignSummary[] = [];
  for (const r of rows) {
    const campaign = campaignOf(r);
    const states = await q.query<{ provider_id: string; state: ProviderState }>(
      `select provider_id, state from campaign_providers where campaign_id = $1${provider ? ' and provider_id = $2' : ''}`,
      [campaign.id, ...(provider ? [actor.providerId] : [])],
    );
    out.push({
      campaign,
      providers: states.length,
      submitted: states.filter((s) => s.state === 'submitted').length,
      validated: states.filter((s) => s.state === 'validated').length,
      overdue: states.filter((s) => isOverdue(campaign, s.state, now)).length,
      ownState: provider ? (states[0]?.state ?? null) : null,
    });
  }
  return out;
}

export interface TargetProgress {
  provider: { id: string; name: string; kind: ProviderKind };
  state: ProviderState;
  /** Items with an answer (the latest of each counts). */
  answered: number;
  accepted: number;
  rejected: number;
  total: number;
  overdue: boolean;
  submittedAt: Date | null;
  validatedAt: Date | null;
  returnNote: string | null;
}

export interface CampaignView {
  campaign: Campaign;
  /** Every targeted provider, by name. */
  providers: TargetProgress[];
}

/** A campaign and the progress of each provider it targets. The lab's staff only. */
export async function campaignView(q: Queryable, actor: Actor, campaignId: string, o: { now?: Date } = {}): Promise<CampaignView> {
  if (!isStaff(actor)) throw notFound('no such campaign');
  const now = o.now ?? new Date();
  const campaign = await campaignFor(q, actor, campaignId);
  const targets = await q.query<TargetRow>(`${TARGET_SELECT} where cp.campaign_id = $1 and cp.org_id = $2 order by lower(p.name), p.id`, [campaignId, actor.orgId]);
  const items = new Set(campaign.itemIds);
  const providers: TargetProgress[] = [];
  for (const t of targets) {
    const latest = await latestAnswers(q, campaignId, t.provider_id);
    const states = [...latest.values()].filter((a) => items.has(a.item_id)).map((a) => itemStateOf(a, t));
    providers.push({
      provider: { id: t.provider_id, name: t.provider_name, kind: t.provider_kind },
      state: t.state,
      answered: states.length,
      accepted: states.filter((s) => s === 'accepted').length,
      rejected: states.filter((s) => s === 'rejected').length,
      total: campaign.itemIds.length,
      overdue: isOverdue(campaign, t.state, now),
      submittedAt: t.submitted_at,
      validatedAt: t.validated_at,
      returnNote: t.return_note,
    });
  }
  const { createdById: _, ...plain } = campaign;
  return { campaign: plain, providers };
}

/** Closes an open campaign: nothing is answered or decided in it afterwards. Managers only. */
export async function closeCampaign(q: Queryable, actor: Actor, campaignId: string, ip?: string): Promise<CampaignView> {
  const campaign = await campaignFor(q, actor, campaignId);
  if (!MANAGERS.includes(actor.role)) throw forbidden('only administrators and lead auditors close campaigns');
  requireOpen(campaign);
  await q.query("update campaigns set status = 'closed', closed_at = now(), closed_by = $3, updated_at = now() where org_id = $1 and id = $2", [actor.orgId, campaignId, actor.userId]);
  await recordAudit(q, actor, { action: 'campaign.closed', objectType: 'campaign', objectId: campaignId, detail: { title: campaign.title } }, ip);
  return campaignView(q, actor, campaignId);
}

// ─── A provider's self-assessment ───────────────────────────────────────────────────────────────────────

interface AnswerRow {
  id: string | number;
  item_id: string;
  status: AnswerStatus;
  justification: string;
  evidence: string | null;
  answered_by: string;
  answered_at: Date;
  decision: 'accepted' | 'rejected' | null;
  decision_note: string | null;
  decided_by: string | null;
  decided_at: Date | null;
}

/** Every answer of a provider in a campaign, newest first, each with the latest decision about it. */
async function answersOf(q: Queryable, campaignId: string, providerId: string): Promise<AnswerRow[]> {
  return q.query<AnswerRow>(
    `select a.id, a.item_id, a.status, a.justification, a.evidence, u.name as answered_by, a.answered_at,
            d.decision, d.note as decision_note, du.name as decided_by, d.decided_at
       from campaign_answers a join users u on u.id = a.answered_by
       left join lateral (select x.decision, x.note, x.decided_by, x.decided_at from campaign_decisions x where x.answer_id = a.id order by x.id desc limit 1) d on true
       left join users du on du.id = d.decided_by
      where a.campaign_id = $1 and a.provider_id = $2
      order by a.id desc`,
    [campaignId, providerId],
  );
}

/** The latest answer of each item. */
async function latestAnswers(q: Queryable, campaignId: string, providerId: string): Promise<Map<string, AnswerRow>> {
  const latest = new Map<string, AnswerRow>();
  for (const a of await answersOf(q, campaignId, providerId)) if (!latest.has(a.item_id)) latest.set(a.item_id, a);
  return latest;
}

function itemStateOf(latest: AnswerRow | undefined, target: Pick<TargetRow, 'submitted_through'>): ItemState {
  if (!latest) return 'unanswered';
  if (latest.decision === 'accepted') return 'accepted';
  if (latest.decision === 'rejected') return 'rejected';
  const through = target.submitted_through === null ? null : Number(target.submitted_through);
  return through !== null && Number(latest.id) <= through ? 'pending' : 'draft';
}

export interface Answer {
  id: number;
  status: AnswerStatus;
  justification: string;
  evidence: string | null;
  answeredBy: string;
  answeredAt: Date;
  decision: { decision: 'accepted' | 'rejected'; note: string | null; by: string; at: Date } | null;
}

function answerOf(a: AnswerRow): Answer {
  return {
    id: Number(a.id),
    status: a.status,
    justification: a.justification,
    evidence: a.evidence,
    answeredBy: a.answered_by,
    answeredAt: a.answered_at,
    decision: a.decision ? { decision: a.decision, note: a.decision_note, by: a.decided_by ?? '', at: a.decided_at! } : null,
  };
}

export interface SelfAssessmentItem {
  itemId: string;
  title: string;
  area: string;
  state: ItemState;
  /** The latest answer. */
  answer: Answer | null;
  /** Every answer, newest first. */
  history: Answer[];
}

export interface SelfAssessment {
  campaign: Campaign;
  provider: { id: string; name: string; kind: ProviderKind };
  state: ProviderState;
  overdue: boolean;
  submittedAt: Date | null;
  submittedBy: string | null;
  validatedAt: Date | null;
  validatedBy: string | null;
  returnedAt: Date | null;
  returnedBy: string | null;
  returnNote: string | null;
  counts: Record<ItemState, number>;
  /** The items of the campaign, in its (catalog) order. */
  items: SelfAssessmentItem[];
  /** The caller may answer now (a representative of the provider, the campaign open, the state editable). */
  canAnswer: boolean;
  /** What stands in the way of submitting, for the caller who answers; empty when they may submit. */
  submitBlockers: string[];
  /** The caller may accept and reject answers now (a writer of the lab, the campaign open, answers submitted). */
  canDecide: boolean;
  /** The caller may return the self-assessment to the provider now. */
  canReturn: boolean;
}

/**
 * One provider's self-assessment in a campaign: every item with its latest answer, the lab's decision about it
 * and the history. The lab's staff and the provider's own representatives; anyone else gets "not found".
 */
export async function selfAssessment(q: Queryable, actor: Actor, campaignId: string, providerId: string, o: { now?: Date } = {}): Promise<SelfAssessment> {
  const now = o.now ?? new Date();
  const { campaign, target } = await targetFor(q, actor, campaignId, providerId);
  const answers = await answersOf(q, campaignId, providerId);
  const byItem = new Map<string, AnswerRow[]>();
  for (const a of answers) byItem.set(a.item_id, [...(byItem.get(a.item_id) ?? []), a]);
  const counts = Object.fromEntries(ITEM_STATES.map((s) => [s, 0])) as Record<ItemState, number>;
  const catalog = theCatalog();
  const items = campaign.itemIds.map((itemId): SelfAssessmentItem => {
    const history = byItem.get(itemId) ?? [];
    const state = itemStateOf(history[0], target);
    counts[state]++;
    const item = catalog.items.get(itemId);
    return { itemId, title: item?.title ?? itemId, area: item?.area ?? '', state, answer: history[0] ? answerOf(history[0]) : null, history: history.map(answerOf) };
  });
  const open = campaign.status === 'open';
  const canAnswer = open && actor.role === 'provider' && EDITABLE.includes(target.state);
  const submitBlockers: string[] = [];
  if (canAnswer) {
    if (counts.unanswered) submitBlockers.push(`${counts.unanswered === 1 ? '1 item is' : `${counts.unanswered} items are`} not answered yet`);
    if (counts.rejected) submitBlockers.push(`${counts.rejected === 1 ? '1 rejected answer is' : `${counts.rejected} rejected answers are`} not revised yet`);
    if (counts.draft === 0 && counts.unanswered === 0 && counts.rejected === 0 && counts.pending === 0) submitBlockers.push('every item is accepted already');
  }
  const { createdById: _, ...plain } = campaign;
  return {
    campaign: plain,
    provider: { id: target.provider_id, name: target.provider_name, kind: target.provider_kind },
    state: target.state,
    overdue: isOverdue(campaign, target.state, now),
    submittedAt: target.submitted_at,
    submittedBy: target.submitted_by,
    validatedAt: target.validated_at,
    validatedBy: target.validated_by,
    returnedAt: target.returned_at,
    returnedBy: target.returned_by,
    returnNote: target.return_note,
    counts,
    items,
    canAnswer,
    submitBlockers,
    canDecide: open && WRITERS.includes(actor.role) && DECIDABLE.includes(target.state) && (counts.pending > 0 || counts.rejected > 0),
    canReturn: open && WRITERS.includes(actor.role) && target.state === 'submitted',
  };
}

export interface AnswerInput {
  itemId: string;
  status?: string | undefined;
  justification?: string | undefined;
  evidence?: string | undefined;
}

function checkAnswer(campaign: Campaign, a: AnswerInput): { itemId: string; status: AnswerStatus; justification: string; evidence: string | null } {
  const itemId = typeof a.itemId === 'string' ? a.itemId.trim() : '';
  if (!campaign.itemIds.includes(itemId)) throw badRequest(`"${itemId.slice(0, 40)}" is not an item of this campaign`);
  const status = a.status?.trim() ?? '';
  if (!(ANSWER_STATUSES as readonly string[]).includes(status)) throw badRequest(`${itemId}: choose a status (${ANSWER_STATUSES.map((s) => COMPLIANCE_STATUS_LABEL[s]).join(', ')})`);
  const justification = a.justification?.trim() ?? '';
  if (justification === '') throw badRequest(`${itemId}: say why: a justification is required`);
  if (justification.length > MAX_JUSTIFICATION) throw badRequest(`${itemId}: the justification is longer than ${MAX_JUSTIFICATION} characters`);
  const evidence = a.evidence?.trim() || null;
  if (evidence && evidence.length > MAX_EVIDENCE) throw badRequest(`${itemId}: the evidence is longer than ${MAX_EVIDENCE} characters`);
  return { itemId, status: status as AnswerStatus, justification, evidence };
}

/**
 * Saves a provider representative's answers (some items of the campaign, any order). An answer the same as the
 * item's latest is not saved again; an accepted item cannot be answered again (409). Every answer is checked
 * before any is saved, so a refused list saves nothing. Returns how many answers were new.
 */
export async function saveAnswers(q: Queryable, actor: Actor, campaignId: string, providerId: string, answers: readonly AnswerInput[], ip?: string): Promise<{ saved: number }> {
  const { campaign, target } = await targetFor(q, actor, campaignId, providerId, { lock: true });
  if (actor.role !== 'provider') throw forbidden("only the provider's representatives answer its self-assessment");
  requireOpen(campaign);
  if (!EDITABLE.includes(target.state)) throw conflict(`the self-assessment is ${PROVIDER_STATE_LABEL[target.state].toLowerCase()}: it is read-only until the lab returns it`);
  if (!Array.isArray(answers) || answers.length === 0) throw badRequest('answer at least one item');
  if (answers.length > campaign.itemIds.length) throw badRequest(`at most ${campaign.itemIds.length} answers at once`);
  const checked = answers.map((a) => checkAnswer(campaign, a));
  const seen = new Set<string>();
  for (const a of checked) {
    if (seen.has(a.itemId)) throw badRequest(`${a.itemId} is answered twice`);
    seen.add(a.itemId);
  }
  const latest = await latestAnswers(q, campaignId, providerId);
  for (const a of checked) if (latest.get(a.itemId)?.decision === 'accepted') throw conflict(`${a.itemId} is accepted by the lab already: it is not answered again`);
  const fresh = checked.filter((a) => {
    const l = latest.get(a.itemId);
    return !l || l.status !== a.status || l.justification !== a.justification || (l.evidence ?? null) !== a.evidence;
  });
  for (const a of fresh) {
    await q.query('insert into campaign_answers (campaign_id, provider_id, item_id, status, justification, evidence, answered_by) values ($1, $2, $3, $4, $5, $6, $7)', [
      campaignId,
      providerId,
      a.itemId,
      a.status,
      a.justification,
      a.evidence,
      actor.userId,
    ]);
  }
  if (fresh.length) {
    if (target.state === 'invited') await q.query("update campaign_providers set state = 'in_progress' where campaign_id = $1 and provider_id = $2", [campaignId, providerId]);
    await recordAudit(
      q,
      actor,
      { action: 'campaign.answered', objectType: 'campaign', objectId: campaignId, detail: { providerId, items: fresh.map((a) => ({ itemId: a.itemId, status: a.status })) } },
      ip,
    );
  }
  return { saved: fresh.length };
}

/**
 * Submits a provider's self-assessment to the lab: every item must be answered, and every rejected answer
 * revised. The lab's author of the campaign is notified; the self-assessment is read-only for the provider until
 * the lab returns it.
 */
export async function submitSelfAssessment(q: Queryable, actor: Actor, campaignId: string, providerId: string, ip?: string): Promise<SelfAssessment> {
  const { campaign, target } = await targetFor(q, actor, campaignId, providerId, { lock: true });
  if (actor.role !== 'provider') throw forbidden("only the provider's representatives submit its self-assessment");
  requireOpen(campaign);
  if (!EDITABLE.includes(target.state)) throw conflict(`the self-assessment is ${PROVIDER_STATE_LABEL[target.state].toLowerCase()} already`);
  const view = await selfAssessment(q, actor, campaignId, providerId);
  if (view.submitBlockers.length) throw badRequest(`not ready to submit: ${view.submitBlockers.join('; ')}`);
  const [last] = await q.query<{ id: string | number }>('select max(id) as id from campaign_answers where campaign_id = $1 and provider_id = $2', [campaignId, providerId]);
  await q.query(
    "update campaign_providers set state = 'submitted', submitted_at = now(), submitted_by = $3, submitted_through = $4 where campaign_id = $1 and provider_id = $2",
    [campaignId, providerId, actor.userId, last?.id ?? null],
  );
  await notify(q, [campaign.createdById], {
    kind: 'campaign',
    title: `Self-assessment submitted: ${target.provider_name}, ${campaign.title}`,
    body: `${actor.name} submitted the self-assessment of ${target.provider_name} for validation.`,
    link: selfAssessmentPath(campaignId, providerId),
  });
  await recordAudit(q, actor, { action: 'campaign.submitted', objectType: 'campaign', objectId: campaignId, detail: { providerId } }, ip);
  return selfAssessment(q, actor, campaignId, providerId);
}

function requireDecider(actor: Actor): void {
  if (!WRITERS.includes(actor.role)) throw forbidden('only administrators, lead auditors and auditors validate self-assessments');
}

async function decidable(q: Queryable, actor: Actor, campaignId: string, providerId: string) {
  const t = await targetFor(q, actor, campaignId, providerId, { lock: true });
  requireDecider(actor);
  requireOpen(t.campaign);
  if (!DECIDABLE.includes(t.target.state)) throw conflict(`the self-assessment is ${PROVIDER_STATE_LABEL[t.target.state].toLowerCase()}: there is no submitted answer to decide on`);
  return t;
}

/**
 * Accepts the provider's submitted answers of the listed items (`'all'`: every answer awaiting the lab): each is
 * confirmed as the provider's status for the item (compliance.ts `confirmStatuses`, all at once; the validating person as the
 * assessor, the justification as the evidence). When every item of the campaign is accepted, the
 * self-assessment is validated and the provider's representatives are notified. Returns how many were accepted.
 */
export async function acceptAnswers(q: Queryable, actor: Actor, campaignId: string, providerId: string, itemIds: readonly string[] | 'all', ip?: string): Promise<{ accepted: number; state: ProviderState }> {
  const { campaign, target } = await decidable(q, actor, campaignId, providerId);
  const latest = await latestAnswers(q, campaignId, providerId);
  let wanted: string[];
  if (itemIds === 'all') {
    wanted = campaign.itemIds.filter((id) => itemStateOf(latest.get(id), target) === 'pending');
    if (wanted.length === 0) throw conflict('no submitted answer awaits the lab');
  } else {
    wanted = [...new Set(itemIds)];
    if (wanted.length === 0) throw badRequest('name at least one item to accept');
    for (const id of wanted) {
      if (!campaign.itemIds.includes(id)) throw notFound(`"${id.slice(0, 40)}" is not an item of this campaign`);
      const state = itemStateOf(latest.get(id), target);
      // A rejected answer may still be accepted (the lab changed its mind) while the provider has not revised it.
      if (state !== 'pending' && state !== 'rejected') throw conflict(`${id}: ${ITEM_STATE_LABEL[state].toLowerCase()}: there is no submitted answer to accept`);
    }
  }
  // Every accepted answer becomes a confirmed status at once (one statement for the history and its audit
  // entries, one for the decisions), rather than a confirmation and a decision per item.
  const confirmed = await confirmStatuses(
    q,
    actor,
    providerId,
    wanted.map((id) => {
      const a = latest.get(id)!;
      const note = a.evidence ? `Evidence given by ${target.provider_name}: ${a.evidence}`.slice(0, 2000) : undefined;
      return { itemId: id, status: a.status, evidence: `Self-assessment in campaign ${campaign.title}: ${a.justification}`, note };
    }),
    ip,
  );
  await q.query(
    `insert into campaign_decisions (answer_id, decision, confirmation_id, decided_by)
     select x.answer_id::bigint, 'accepted', x.confirmation_id::bigint, $2 from rows from (jsonb_to_recordset($1::jsonb) as (answer_id text, confirmation_id text)) with ordinality as x(answer_id, confirmation_id, n) order by x.n`,
    [JSON.stringify(confirmed.map((c) => ({ answer_id: String(latest.get(c.itemId)!.id), confirmation_id: String(c.confirmationId) }))), actor.userId],
  );
  await recordAudit(q, actor, { action: 'campaign.accepted', objectType: 'campaign', objectId: campaignId, detail: { providerId, items: wanted } }, ip);
  const after = await latestAnswers(q, campaignId, providerId);
  let state = target.state;
  if (campaign.itemIds.every((id) => after.get(id)?.decision === 'accepted')) {
    state = 'validated';
    await q.query("update campaign_providers set state = 'validated', validated_at = now(), validated_by = $3 where campaign_id = $1 and provider_id = $2", [campaignId, providerId, actor.userId]);
    await notify(q, await representatives(q, actor.orgId, providerId), {
      kind: 'campaign',
      title: `Self-assessment validated: ${campaign.title}`,
      body: `The lab accepted every answer of ${target.provider_name}; they are now its confirmed compliance statuses.`,
      link: selfAssessmentPath(campaignId, providerId),
    });
    await recordAudit(q, actor, { action: 'campaign.validated', objectType: 'campaign', objectId: campaignId, detail: { providerId } }, ip);
  }
  return { accepted: wanted.length, state };
}

function noteOf(note: string | undefined, what: string): string {
  const n = note?.trim() ?? '';
  if (n === '') throw badRequest(`say why: a note is required to ${what}`);
  if (n.length > MAX_NOTE) throw badRequest(`the note is longer than ${MAX_NOTE} characters`);
  return n;
}

async function returned(q: Queryable, actor: Actor, campaign: Campaign, target: TargetRow, note: string): Promise<void> {
  await q.query("update campaign_providers set state = 'returned', returned_at = now(), returned_by = $3, return_note = $4 where campaign_id = $1 and provider_id = $2", [
    campaign.id,
    target.provider_id,
    actor.userId,
    note,
  ]);
  await notify(q, await representatives(q, actor.orgId, target.provider_id), {
    kind: 'campaign',
    title: `Self-assessment returned: ${campaign.title}`,
    body: note,
    link: selfAssessmentPath(campaign.id, target.provider_id),
  });
}

/**
 * Rejects the provider's submitted answer of one item, with a note that tells the provider what to revise; the
 * self-assessment goes back to the provider (returned) if it was not already.
 */
export async function rejectAnswer(q: Queryable, actor: Actor, campaignId: string, providerId: string, itemId: string, input: { note?: string | undefined }, ip?: string): Promise<{ state: ProviderState }> {
  const { campaign, target } = await decidable(q, actor, campaignId, providerId);
  if (!campaign.itemIds.includes(itemId)) throw notFound(`"${itemId.slice(0, 40)}" is not an item of this campaign`);
  const note = noteOf(input.note, 'reject an answer');
  const a = (await latestAnswers(q, campaignId, providerId)).get(itemId);
  const state = itemStateOf(a, target);
  if (state !== 'pending') throw conflict(`${itemId}: ${ITEM_STATE_LABEL[state].toLowerCase()}: there is no submitted answer to reject`);
  await q.query("insert into campaign_decisions (answer_id, decision, note, decided_by) values ($1, 'rejected', $2, $3)", [a!.id, note, actor.userId]);
  if (target.state === 'submitted') {
    await returned(q, actor, campaign, target, `${itemId} rejected: ${note}`);
  } else {
    await notify(q, await representatives(q, actor.orgId, providerId), {
      kind: 'campaign',
      title: `Answer rejected: ${itemId}, ${campaign.title}`,
      body: note,
      link: selfAssessmentPath(campaignId, providerId),
    });
  }
  await recordAudit(q, actor, { action: 'campaign.rejected', objectType: 'campaign', objectId: campaignId, detail: { providerId, itemId, note } }, ip);
  return { state: 'returned' };
}

/** Returns a submitted self-assessment to the provider with a note (what to complete or revise). */
export async function returnToProvider(q: Queryable, actor: Actor, campaignId: string, providerId: string, input: { note?: string | undefined }, ip?: string): Promise<{ state: ProviderState }> {
  const { campaign, target } = await decidable(q, actor, campaignId, providerId);
  const note = noteOf(input.note, 'return the self-assessment');
  if (target.state !== 'submitted') throw conflict('the self-assessment is with the provider already');
  await returned(q, actor, campaign, target, note);
  await recordAudit(q, actor, { action: 'campaign.returned', objectType: 'campaign', objectId: campaignId, detail: { providerId, note } }, ip);
  return { state: 'returned' };
}
