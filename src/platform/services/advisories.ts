/**
 * @module platform/services/advisories
 * Advisories shared between labs: a threat or vulnerability on one channel, its indicators, the recommended
 * controls (DFS catalog items), and a TLP 2.0 marking with a sharing scope. Every read goes through the sharing
 * policy (services/sharing-policy.ts): one advisory through `canSee`, lists and full-text search through
 * `sqlVisibility` in the same WHERE as the search, exports through `canExport`, and notifications go only to
 * people `canSee` admits, e-mailed only as `mayNotifyBy` allows. An advisory the caller may not see is "not
 * found", exactly like one that does not exist; a list never counts what it does not show.
 *
 * Who does what:
 * - the managers (admin, lead) of a lab write advisories for their lab;
 * - everyone the policy admits reads one, and exports it in the formats its TLP allows;
 * - the staff who see an advisory discuss it in its thread. Provider representatives do not read the thread:
 *   it is where the labs talk between themselves (about the providers, among others). A provider's
 *   representative acknowledges instead, with an optional note the owner lab reads;
 * - an advisory scoped to the lab's supervised providers has an acknowledgement deadline; each provider in
 *   scope acknowledges once (any of its representatives), before or after the deadline (a late one is marked
 *   late); the owner lab's staff see who acknowledged and who is overdue;
 * - the owner lab's managers change an advisory's marking after publication (`changeAdvisoryMarking`, with a
 *   reason; services/sharing.ts `applyMarkingChange` records it and restricts what was already notified). A
 *   scope that newly includes the providers needs a deadline, as at creation; one that stays with the
 *   providers keeps its deadline unless a new one is given; acknowledgements already given stay.
 */
import { randomUUID } from 'node:crypto';
import { loadCatalog } from '../../index.js';
import { recordAudit } from '../audit-log.js';
import type { Queryable } from '../db/db.js';
import { badRequest, conflict, field, forbidden, isUuid, notFound, oneOf, requiredField } from '../http/routes.js';
import { MANAGERS, type Actor } from '../types.js';
import { notify } from './notifications.js';
import { applyMarkingChange, audienceUsers, checkMarking, markingFormOptions, markingJson, parseMarkingChange, sameMarking, tlpBanner, TLP_MEANING, viewerOf, type MarkingChangeInput, type MarkingFormOptions, type SharingUser } from './sharing.js';
import { canExport, canSee, isStaff, markingColumns, markingFromRow, mayNotifyBy, parseMarking, sqlVisibility, tlpLabel, type Marking, type SharedItem, type Tlp, type Viewer } from './sharing-policy.js';

export const ADVISORY_CHANNELS = ['android', 'ios', 'ussd', 'stk', 'sms', 'ss7', 'platform', 'other'] as const;
export type AdvisoryChannel = (typeof ADVISORY_CHANNELS)[number];
export const CHANNEL_NAMES: Readonly<Record<AdvisoryChannel, string>> = {
  android: 'Android apps',
  ios: 'iOS apps',
  ussd: 'USSD',
  stk: 'SIM Toolkit (STK)',
  sms: 'SMS',
  ss7: 'SS7 / signalling',
  platform: 'Back-end platform',
  other: 'Other',
};
export const ADVISORY_SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type AdvisorySeverity = (typeof ADVISORY_SEVERITIES)[number];

/** The formats `exportAdvisory` writes (a subset of the policy's `EXPORT_FORMATS`). */
export const ADVISORY_EXPORT_FORMATS = ['json', 'markdown', 'csv'] as const;
export type AdvisoryExportFormat = (typeof ADVISORY_EXPORT_FORMATS)[number];

export const MAX_TITLE = 200;
export const MAX_TEXT = 20_000;
export const MAX_COMMENT = 4000;
export const MAX_NOTE = 1000;
export const MAX_QUERY = 200;

/** An advisory as the services and pages use it: the shared item (owner and marking) and its content. */
export interface Advisory extends SharedItem {
  id: string;
  orgName: string;
  title: string;
  summary: string;
  channel: AdvisoryChannel;
  severity: AdvisorySeverity;
  indicators: string;
  /** DFS catalog item ids. */
  controls: string[];
  /** `YYYY-MM-DD`, the last day to acknowledge (advisories to providers only). */
  ackDueOn: string | null;
  authorId: string;
  authorName: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A line of a list or a search hit. */
export interface AdvisorySummary {
  id: string;
  orgId: string;
  orgName: string;
  title: string;
  channel: AdvisoryChannel;
  severity: AdvisorySeverity;
  tlp: Tlp;
  scopeKind: string;
  ackDueOn: string | null;
  createdAt: Date;
  /** The search rank (0 without a query). */
  rank: number;
}

export interface AdvisoryComment {
  id: number;
  body: string;
  userId: string;
  userName: string;
  orgName: string;
  at: Date;
}

/** A provider in an advisory's scope, with its acknowledgement when it gave one. */
export interface AcknowledgementState {
  providerId: string;
  providerName: string;
  acknowledgedAt: Date | null;
  byName: string | null;
  note: string | null;
  /** Acknowledged after the deadline. */
  late: boolean;
  /** Not acknowledged, and the deadline has passed. */
  overdue: boolean;
}

interface AdvisoryRow {
  id: string;
  org_id: string;
  org_name: string;
  title: string;
  summary: string;
  channel: AdvisoryChannel;
  severity: AdvisorySeverity;
  indicators: string;
  controls: string[];
  tlp: string;
  scope_kind: string;
  scope_org_ids: string[];
  scope_provider_ids: string[] | null;
  recipients: string[];
  ack_due_on: string | Date | null;
  author_id: string;
  author_name: string;
  created_at: Date;
  updated_at: Date;
}

const ADVISORY_COLUMNS = `a.id, a.org_id, o.name as org_name, a.title, a.summary, a.channel, a.severity, a.indicators, a.controls,
  a.tlp, a.scope_kind, a.scope_org_ids, a.scope_provider_ids, a.recipients, a.ack_due_on::text as ack_due_on,
  a.author_id, u.name as author_name, a.created_at, a.updated_at`;
const ADVISORY_FROM = 'advisories a join orgs o on o.id = a.org_id join users u on u.id = a.author_id';

function toAdvisory(r: AdvisoryRow): Advisory {
  const m = markingFromRow(r);
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    ...m,
    title: r.title,
    summary: r.summary,
    channel: r.channel,
    severity: r.severity,
    indicators: r.indicators,
    controls: [...(r.controls ?? [])],
    ackDueOn: dayText(r.ack_due_on),
    authorId: r.author_id,
    authorName: r.author_name,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function dayText(d: string | Date | null): string | null {
  if (d === null) return null;
  return d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10);
}

/** Today in UTC, `YYYY-MM-DD` (deadlines are days; the platform's dates are UTC). */
function today(): string {
  return new Date().toISOString().slice(0, 10);
}

// --- Input -------------------------------------------------------------------------------------------------

export interface AdvisoryInput {
  title: string;
  summary: string;
  channel: AdvisoryChannel;
  severity: AdvisorySeverity;
  indicators: string;
  controls: string[];
  marking: Marking;
  ackDueOn: string | null;
}

/** DFS catalog item ids from a form (repeated field, or text with commas/spaces) or a JSON array, checked. */
function catalogIds(body: Record<string, unknown>, name: string): string[] {
  const v = body[name];
  if (v === undefined || v === null || v === '') return [];
  const parts: unknown[] = Array.isArray(v) ? v : [v];
  const catalog = loadCatalog();
  const out: string[] = [];
  for (const p of parts) {
    if (typeof p !== 'string') throw badRequest(`"${name}" must be a list of catalog item ids (APP-01, USSD-03, ...)`);
    for (const s of p.split(/[\s,]+/)) {
      if (s === '') continue;
      const item = catalog.get(s.slice(0, 40));
      if (!item) throw badRequest(`"${name}" names "${s.slice(0, 40)}", which is not an item of the DFS catalog (see dfslab catalog list)`);
      if (!out.includes(item.id)) out.push(item.id);
      if (out.length > 50) throw badRequest(`"${name}" may name at most 50 catalog items`);
    }
  }
  return out;
}

function text(body: Record<string, unknown>, name: string, max: number, required: boolean): string {
  const v = body[name];
  if (v === undefined || v === null || v === '') {
    if (required) throw badRequest(`"${name}" is required`);
    return '';
  }
  if (typeof v !== 'string') throw badRequest(`"${name}" must be text`);
  const s = v.replace(/\r\n?/g, '\n').trim();
  if (s.length > max) throw badRequest(`"${name}" is longer than ${max} characters`);
  if (required && s === '') throw badRequest(`"${name}" is required`);
  return s;
}

/** The fields of the advisory form or JSON body, with clear 400s. Existence of peers, providers and recipients is checked on create. */
export function parseAdvisoryInput(body: Record<string, unknown>, author: Viewer): AdvisoryInput {
  const title = requiredField(body, 'title', MAX_TITLE);
  const summary = text(body, 'summary', MAX_TEXT, true);
  const channel = oneOf(body, 'channel', ADVISORY_CHANNELS);
  const severity = oneOf(body, 'severity', ADVISORY_SEVERITIES);
  const indicators = text(body, 'indicators', MAX_TEXT, false);
  const controls = catalogIds(body, 'controls');
  const marking = parseMarking(body, author);
  const ackDueOn = ackDueOnField(body, marking, null);
  return { title, summary, channel, severity, indicators, controls, marking, ackDueOn };
}

/**
 * The acknowledgement deadline for a marking: required (a day from today on) when the scope is the providers,
 * unless `kept` (the deadline an advisory to providers already has) stands in for it; refused otherwise.
 */
function ackDueOnField(body: Record<string, unknown>, marking: Marking, kept: string | null): string | null {
  const due = field(body, 'ackDueOn', 20);
  if (marking.scope.kind === 'providers') {
    if (due === undefined) {
      if (kept !== null) return kept;
      throw badRequest('"ackDueOn" is required for an advisory to providers: the last day they have to acknowledge it');
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(due) || Number.isNaN(Date.parse(`${due}T00:00:00Z`)) || new Date(`${due}T00:00:00Z`).toISOString().slice(0, 10) !== due) {
      throw badRequest('"ackDueOn" must be a date (YYYY-MM-DD)');
    }
    if (due === kept) return kept;
    if (due < today()) throw badRequest('"ackDueOn" is in the past: give the providers a day from today on');
    return due;
  }
  if (due !== undefined) throw badRequest('an acknowledgement deadline ("ackDueOn") is only for advisories to providers');
  return null;
}

// --- Reads -------------------------------------------------------------------------------------------------

/** The advisory, when the caller may see it; otherwise 404 — the same answer as for one that does not exist. */
export async function getAdvisory(q: Queryable, actor: Actor, id: string): Promise<Advisory> {
  if (!isUuid(id)) throw notFound('no such advisory');
  const [row] = await q.query<AdvisoryRow>(`select ${ADVISORY_COLUMNS} from ${ADVISORY_FROM} where a.id = $1`, [id]);
  if (!row) throw notFound('no such advisory');
  const a = toAdvisory(row);
  if (!canSee(actor, a)) throw notFound('no such advisory');
  return a;
}

/**
 * The advisories the caller may see, newest first; with `query`, those matching it (PostgreSQL's
 * `websearch_to_tsquery`: words, "quoted phrases", or, -excluded), best match first. The visibility condition is
 * in the same WHERE as the match, so nothing the caller may not see is counted, ranked or returned.
 */
export async function listAdvisories(q: Queryable, actor: Actor, o: { query?: string | undefined; limit?: number | undefined } = {}): Promise<AdvisorySummary[]> {
  const limit = o.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw badRequest('"limit" must be a whole number from 1 to 200');
  const query = (o.query ?? '').trim();
  if (query.length > MAX_QUERY) throw badRequest(`the search is longer than ${MAX_QUERY} characters`);
  const params: unknown[] = [limit];
  let match = '';
  let rank = '0::real';
  let order = 'a.created_at desc, a.id';
  if (query !== '') {
    params.push(query);
    match = ` and a.search @@ websearch_to_tsquery('english', $2)`;
    rank = `ts_rank(a.search, websearch_to_tsquery('english', $2))`;
    order = `rank desc, a.created_at desc, a.id`;
  }
  const v = sqlVisibility(actor, params.length + 1, 'a');
  params.push(...v.params);
  const rows = await q.query<{ id: string; org_id: string; org_name: string; title: string; channel: AdvisoryChannel; severity: AdvisorySeverity; tlp: Tlp; scope_kind: string; ack_due_on: string | null; created_at: Date; rank: number }>(
    `select a.id, a.org_id, o.name as org_name, a.title, a.channel, a.severity, a.tlp, a.scope_kind, a.ack_due_on::text as ack_due_on, a.created_at, ${rank} as rank
       from advisories a join orgs o on o.id = a.org_id
      where ${v.sql}${match}
      order by ${order} limit $1`,
    params,
  );
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    title: r.title,
    channel: r.channel,
    severity: r.severity,
    tlp: r.tlp,
    scopeKind: r.scope_kind,
    ackDueOn: r.ack_due_on,
    createdAt: r.created_at,
    rank: Number(r.rank),
  }));
}

/** The discussion thread; staff who see the advisory only (provider representatives acknowledge instead). */
export async function advisoryComments(q: Queryable, actor: Actor, a: Advisory): Promise<AdvisoryComment[]> {
  if (!canSee(actor, a)) throw notFound('no such advisory');
  if (!isStaff(actor)) throw forbidden('the discussion of an advisory is between the labs; acknowledge it with a note instead');
  const rows = await q.query<{ id: string | number; body: string; user_id: string; user_name: string; org_name: string; at: Date }>(
    `select c.id, c.body, c.user_id, u.name as user_name, o.name as org_name, c.at
       from advisory_comments c join users u on u.id = c.user_id join orgs o on o.id = c.org_id
      where c.advisory_id = $1 order by c.id`,
    [a.id],
  );
  return rows.map((r) => ({ id: Number(r.id), body: r.body, userId: r.user_id, userName: r.user_name, orgName: r.org_name, at: r.at }));
}

/**
 * The providers in scope and their acknowledgements: every one for the owner lab's staff, the caller's own for
 * a provider representative, nothing for anyone else (a peer lab does not learn the owner's providers).
 */
export async function acknowledgements(q: Queryable, actor: Actor, a: Advisory): Promise<AcknowledgementState[]> {
  if (!canSee(actor, a)) throw notFound('no such advisory');
  if (a.scope.kind !== 'providers') return [];
  const ownerStaff = isStaff(actor) && actor.orgId === a.orgId;
  if (!ownerStaff && actor.role !== 'provider') return [];
  const inScope = a.scope.providerIds === undefined ? null : [...a.scope.providerIds];
  const rows = await q.query<{ id: string; name: string; at: Date | null; by_name: string | null; note: string | null }>(
    `select p.id, p.name, k.at, u.name as by_name, k.note
       from providers p
       left join advisory_acknowledgements k on k.provider_id = p.id and k.advisory_id = $2
       left join users u on u.id = k.user_id
      where p.org_id = $1 and ($3::uuid[] is null or p.id = any($3::uuid[])) and ($4::uuid is null or p.id = $4::uuid)
      order by lower(p.name)`,
    [a.orgId, a.id, inScope, ownerStaff ? null : actor.providerId],
  );
  const now = today();
  return rows.map((r) => {
    const atDay = r.at ? new Date(r.at).toISOString().slice(0, 10) : null;
    return {
      providerId: r.id,
      providerName: r.name,
      acknowledgedAt: r.at,
      byName: r.by_name,
      note: r.note,
      late: atDay !== null && a.ackDueOn !== null && atDay > a.ackDueOn,
      overdue: atDay === null && a.ackDueOn !== null && now > a.ackDueOn,
    };
  });
}

// --- Writes ------------------------------------------------------------------------------------------------

/** Advisories reach invited users as well as active ones (see services/sharing.ts). */
const PEOPLE = { withInvited: true } as const;

/** Writes the advisory (managers of a lab, for their lab) and notifies everyone who may see it. */
export async function createAdvisory(q: Queryable, actor: Actor, input: AdvisoryInput, ip?: string): Promise<Advisory> {
  if (!MANAGERS.includes(actor.role)) throw forbidden('only the managers of a lab (admin, lead) write advisories');
  await checkMarking(q, actor, input.marking);
  const id = randomUUID();
  const c = markingColumns(input.marking);
  await q.query(
    `insert into advisories (id, org_id, title, summary, channel, severity, indicators, controls, tlp, scope_kind, scope_org_ids, scope_provider_ids, recipients, ack_due_on, author_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8::text[], $9, $10, $11::uuid[], $12::uuid[], $13::uuid[], $14::date, $15)`,
    [id, actor.orgId, input.title, input.summary, input.channel, input.severity, input.indicators, input.controls, c.tlp, c.scope_kind, c.scope_org_ids, c.scope_provider_ids, c.recipients, input.ackDueOn, actor.userId],
  );
  await recordAudit(q, actor, { action: 'advisory.create', objectType: 'advisory', objectId: id, detail: { tlp: c.tlp, scope: c.scope_kind } }, ip);
  const [row] = await q.query<AdvisoryRow>(`select ${ADVISORY_COLUMNS} from ${ADVISORY_FROM} where a.id = $1`, [id]);
  const a = toAdvisory(row!);
  const [org] = await q.query<{ name: string }>('select name from orgs where id = $1', [actor.orgId]);
  const people = await audienceUsers(q, a, actor.userId, PEOPLE);
  const email = mayNotifyBy(a, 'email');
  // The title is what a link-only e-mail carries: the TLP and the owner lab, never the advisory's own words.
  const title = `New ${tlpLabel(a.tlp)} advisory from ${org?.name ?? 'a lab'}`;
  const link = `/advisories/${a.id}`;
  const staff = people.filter((u) => u.role !== 'provider').map((u) => u.id);
  const reps = people.filter((u) => u.role === 'provider').map((u) => u.id);
  if (mayNotifyBy(a, 'app') !== 'none') {
    await notify(q, staff, { kind: 'advisory', title, body: `${a.title} (${a.severity}, ${CHANNEL_NAMES[a.channel]})`, link, email });
    await notify(q, reps, { kind: 'advisory_ack', title: `${title}: please acknowledge it by ${a.ackDueOn ?? 'the deadline'}`, body: `${a.title} (${a.severity}, ${CHANNEL_NAMES[a.channel]})`, link, email });
  }
  return a;
}

/** The caller may change the advisory's marking: a manager of the owner lab who sees it (RED: who is named). */
export function canChangeAdvisoryMarking(actor: Viewer, a: SharedItem): boolean {
  return canSee(actor, a) && actor.orgId === a.orgId && MANAGERS.includes(actor.role);
}

/**
 * Changes the marking of a published advisory (the owner lab's managers; 404 unseen, 403 otherwise): checked
 * like at creation, recorded with its reason, what was already notified restricted at once, and the people
 * newly admitted told (and only them; provider representatives asked to acknowledge by the deadline).
 */
/**
 * Changes a published advisory's marking from a form or JSON body (the marking and reason read by `parseMarkingChange`, the deadline against the advisory, once the
 * caller is known to see the advisory and to be allowed to change it, so that a refusal never depends on what
 * was sent).
 */
export async function changeAdvisoryMarking(q: Queryable, actor: Actor, advisoryId: string, body: Record<string, unknown>, ip?: string): Promise<Advisory> {
  const before = await getAdvisory(q, actor, advisoryId);
  if (!canChangeAdvisoryMarking(actor, before)) throw forbidden("only the managers (admin, lead) of the lab that published this advisory may change its marking");
  const input = parseMarkingChange(body, actor);
  const kept = before.scope.kind === 'providers' ? before.ackDueOn : null;
  const ackDueOn = ackDueOnField(body, input.marking, kept);
  if (sameMarking(before, input.marking) && ackDueOn === before.ackDueOn) throw badRequest('nothing changed: choose another marking, scope or deadline');
  await checkMarking(q, actor, input.marking);
  const c = markingColumns(input.marking);
  await q.query(
    `update advisories set tlp = $2, scope_kind = $3, scope_org_ids = $4::uuid[], scope_provider_ids = $5::uuid[], recipients = $6::uuid[], ack_due_on = $7::date, updated_at = now()
      where id = $1`,
    [before.id, c.tlp, c.scope_kind, c.scope_org_ids, c.scope_provider_ids, c.recipients, ackDueOn],
  );
  const [row] = await q.query<AdvisoryRow>(`select ${ADVISORY_COLUMNS} from ${ADVISORY_FROM} where a.id = $1`, [before.id]);
  const a = toAdvisory(row!);
  const link = `/advisories/${a.id}`;
  const admitted = await applyMarkingChange(q, actor, { kind: 'advisory', itemId: a.id, before, after: a, reason: input.reason, link, ackDueOn: { from: before.ackDueOn, to: a.ackDueOn }, withInvited: true }, ip);
  if (mayNotifyBy(a, 'app') !== 'none' && admitted.length) {
    const email = mayNotifyBy(a, 'email');
    // As at creation, the title carries the TLP and the owner lab only (what a link-only e-mail sends).
    const title = `A ${tlpLabel(a.tlp)} advisory from ${a.orgName} is now shared with you`;
    const body = `${a.title} (${a.severity}, ${CHANNEL_NAMES[a.channel]})`;
    await notify(q, admitted.filter((u) => u.role !== 'provider').map((u) => u.id), { kind: 'advisory', title, body, link, email });
    await notify(q, admitted.filter((u) => u.role === 'provider').map((u) => u.id), { kind: 'advisory_ack', title: `${title}: please acknowledge it by ${a.ackDueOn ?? 'the deadline'}`, body, link, email });
  }
  return a;
}

/** A comment in the thread (staff who see the advisory); the author and earlier participants are told. */
export async function addAdvisoryComment(q: Queryable, actor: Actor, advisoryId: string, body: unknown, ip?: string): Promise<AdvisoryComment> {
  const a = await getAdvisory(q, actor, advisoryId);
  if (!isStaff(actor)) throw forbidden('the discussion of an advisory is between the labs; acknowledge it with a note instead');
  const textBody = text({ body }, 'body', MAX_COMMENT, true);
  const [row] = await q.query<{ id: string | number; at: Date }>('insert into advisory_comments (advisory_id, org_id, user_id, body) values ($1, $2, $3, $4) returning id, at', [a.id, actor.orgId, actor.userId, textBody]);
  await recordAudit(q, actor, { action: 'advisory.comment', objectType: 'advisory', objectId: a.id }, ip);
  const earlier = await q.query<SharingUser>(
    `select distinct u.id, u.org_id, u.role, u.provider_id, u.name from users u
      where u.status <> 'disabled' and u.id <> $2 and (u.id = $3 or u.id in (select user_id from advisory_comments where advisory_id = $1))`,
    [a.id, actor.userId, a.authorId],
  );
  // Someone may have lost sight of it since (a changed role): the policy is asked again for each.
  const told = earlier.filter((u) => canSee(viewerOf(u), a) && u.role !== 'provider').map((u) => u.id);
  await notify(q, told, { kind: 'advisory_comment', title: `New comment on a ${tlpLabel(a.tlp)} advisory`, body: a.title, link: `/advisories/${a.id}#comment-${row!.id}`, email: mayNotifyBy(a, 'email') });
  const [org] = await q.query<{ name: string }>('select name from orgs where id = $1', [actor.orgId]);
  return { id: Number(row!.id), body: textBody, userId: actor.userId, userName: actor.name, orgName: org?.name ?? '', at: row!.at };
}

/** A provider representative acknowledges an advisory for their provider: once per provider; late is allowed (and marked). */
export async function acknowledgeAdvisory(q: Queryable, actor: Actor, advisoryId: string, note: unknown, ip?: string): Promise<AcknowledgementState> {
  const a = await getAdvisory(q, actor, advisoryId);
  if (actor.role !== 'provider' || !actor.providerId) throw forbidden("acknowledgements are given by a provider's representatives");
  // canSee already admits only providers in an advisory's `providers` scope.
  const noteText = text({ note }, 'note', MAX_NOTE, false);
  const rows = await q.query<{ at: Date }>(
    `insert into advisory_acknowledgements (advisory_id, org_id, provider_id, user_id, note) values ($1, $2, $3, $4, $5)
     on conflict (advisory_id, provider_id) do nothing returning at`,
    [a.id, a.orgId, actor.providerId, actor.userId, noteText || null],
  );
  if (rows.length === 0) throw conflict('your provider has already acknowledged this advisory');
  await recordAudit(q, actor, { action: 'advisory.acknowledge', objectType: 'advisory', objectId: a.id }, ip);
  const [author] = await q.query<SharingUser>("select id, org_id, role, provider_id, name from users where id = $1 and status <> 'disabled'", [a.authorId]);
  if (author && canSee(viewerOf(author), a)) {
    const [p] = await q.query<{ name: string }>('select name from providers where id = $1', [actor.providerId]);
    await notify(q, [author.id], { kind: 'advisory_acknowledged', title: `${p?.name ?? 'A provider'} acknowledged a ${tlpLabel(a.tlp)} advisory`, body: a.title, link: `/advisories/${a.id}#acknowledgements`, email: mayNotifyBy(a, 'email') });
  }
  const [state] = (await acknowledgements(q, actor, a)).filter((s) => s.providerId === actor.providerId);
  return state!;
}

// --- Export ------------------------------------------------------------------------------------------------

/** Why the TLP keeps the advisory from leaving the platform in this format (the 403's message). */
function exportRefusal(tlp: Tlp, format: AdvisoryExportFormat): string {
  if (tlp === 'red') return 'TLP:RED is never exported: it stays in the platform, for the named recipients only';
  return `${tlpLabel(tlp)} may not be exported as ${format.toUpperCase()}: CSV rows lose the marking; export it as JSON or Markdown, which carry it`;
}

function csvCell(v: string): string {
  // A leading = + - @ would be run as a formula by a spreadsheet (CSV injection): quote it as text.
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** The advisory as a file in `format`, through `canExport` (404 when the caller cannot see it, 403 when its TLP forbids the format). */
export async function exportAdvisory(q: Queryable, actor: Actor, advisoryId: string, format: string, ip?: string): Promise<{ fileName: string; contentType: string; body: string }> {
  if (!(ADVISORY_EXPORT_FORMATS as readonly string[]).includes(format)) throw badRequest(`"format" must be one of ${ADVISORY_EXPORT_FORMATS.join(', ')}`);
  const f = format as AdvisoryExportFormat;
  const a = await getAdvisory(q, actor, advisoryId);
  if (!canExport(actor, a, f)) throw forbidden(exportRefusal(a.tlp, f));
  await recordAudit(q, actor, { action: 'advisory.export', objectType: 'advisory', objectId: a.id, detail: { format: f, tlp: a.tlp } }, ip);
  const base = `advisory-${a.id.slice(0, 8)}`;
  const catalog = loadCatalog();
  const controls = a.controls.map((id) => ({ id, title: catalog.get(id)?.title ?? '' }));
  if (f === 'json') {
    const out = {
      tlp: tlpLabel(a.tlp),
      marking: TLP_MEANING[a.tlp],
      id: a.id,
      organisation: a.orgName,
      title: a.title,
      channel: a.channel,
      severity: a.severity,
      summary: a.summary,
      indicators: a.indicators,
      recommendedControls: controls,
      acknowledgeBy: a.ackDueOn,
      createdAt: new Date(a.createdAt).toISOString(),
      updatedAt: new Date(a.updatedAt).toISOString(),
    };
    return { fileName: `${base}.json`, contentType: 'application/json; charset=utf-8', body: `${JSON.stringify(out, null, 2)}\n` };
  }
  if (f === 'markdown') {
    const lines = [
      `**${tlpBanner(a.tlp)}**`,
      '',
      `# ${a.title}`,
      '',
      `- Organisation: ${a.orgName}`,
      `- Channel: ${CHANNEL_NAMES[a.channel]}`,
      `- Severity: ${a.severity}`,
      `- Published: ${new Date(a.createdAt).toISOString().slice(0, 10)}`,
      ...(a.ackDueOn ? [`- Acknowledge by: ${a.ackDueOn}`] : []),
      '',
      '## Summary',
      '',
      a.summary,
      '',
      ...(a.indicators ? ['## Indicators', '', a.indicators, ''] : []),
      ...(controls.length ? ['## Recommended controls', '', ...controls.map((c) => `- ${c.id}: ${c.title}`), ''] : []),
      `**${tlpLabel(a.tlp)}**`,
      '',
    ];
    return { fileName: `${base}.md`, contentType: 'text/markdown; charset=utf-8', body: lines.join('\n') };
  }
  const header = ['tlp', 'id', 'organisation', 'title', 'channel', 'severity', 'summary', 'indicators', 'recommended_controls', 'acknowledge_by', 'created_at'];
  const row = [tlpLabel(a.tlp), a.id, a.orgName, a.title, a.channel, a.severity, a.summary, a.indicators, a.controls.join(' '), a.ackDueOn ?? '', new Date(a.createdAt).toISOString()];
  return { fileName: `${base}.csv`, contentType: 'text/csv; charset=utf-8', body: `${header.join(',')}\r\n${row.map(csvCell).join(',')}\r\n` };
}

// --- Form choices ------------------------------------------------------------------------------------------

/** The choices of the "new advisory" form (see services/sharing.ts). */
export type AdvisoryFormOptions = MarkingFormOptions;

/** What the "new advisory" form offers a manager to choose from. */
export async function advisoryFormOptions(q: Queryable, actor: Actor): Promise<AdvisoryFormOptions> {
  if (!MANAGERS.includes(actor.role)) throw forbidden('only the managers of a lab (admin, lead) write advisories');
  return markingFormOptions(q, actor, PEOPLE);
}

/**
 * The advisory as the API returns it. The owner lab's staff see the whole marking; everyone else sees the scope's
 * kind only (a peer lab does not learn which other labs, providers or people received it).
 */
export function advisoryJson(a: Advisory, actor: Viewer): Record<string, unknown> {
  return {
    id: a.id,
    orgId: a.orgId,
    orgName: a.orgName,
    title: a.title,
    summary: a.summary,
    channel: a.channel,
    severity: a.severity,
    indicators: a.indicators,
    controls: a.controls,
    ...markingJson(a, actor),
    ackDueOn: a.ackDueOn,
    authorName: a.authorName,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}
