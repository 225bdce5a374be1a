/**
 * @module platform/services/findings
 * Findings triage. A finding is one weakness of one app, kept across scans by its fingerprint (rows are written
 * by the scan ingest); here the lab lists, reads and triages them. Triage is a guarded state machine: every
 * action names the statuses it may start from and the roles that may take it (`TRANSITIONS`), anything else is
 * refused (403 for the role, 409 for the status) and nothing is written. Every action writes one
 * `finding_events` row (the finding's history) and one `audit_log` row, in the caller's transaction.
 *
 * Tenancy: every query is bound to the caller's organisation; a provider representative sees only findings
 * released to their provider (`released_at` set, app of their provider). Anything else is "not found".
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/db.js';
import type { Finding } from '../../findings/types.js';
import { SEVERITIES, type Severity } from '../../findings/types.js';
import { recordAudit } from '../audit-log.js';
import { getSlaDays } from './settings.js';
import { badRequest, conflict, forbidden, HttpError, isUuid, notFound } from '../http/routes.js';
import { FINDING_STATUSES, MANAGERS, WRITERS, type Actor, type FindingStatus, type Role } from '../types.js';

export const FINDING_ACTIONS = ['confirm', 'false_positive', 'accept_risk', 'assign_to_provider', 'mark_fixed', 'reopen', 'comment'] as const;
export type FindingAction = (typeof FINDING_ACTIONS)[number];

export interface Transition {
  /** Statuses the action may start from (`any`: every status; the action does not change it). */
  from: readonly FindingStatus[] | 'any';
  /** The status after the action; null when it leaves the status alone (a comment). */
  to: FindingStatus | null;
  roles: readonly Role[];
  /** `finding_events.kind` written. */
  event: string;
  /** Button text. */
  label: string;
}

/** Who may comment: everyone but read-only users (provider representatives only on findings released to them). */
export const COMMENTERS: readonly Role[] = ['admin', 'lead', 'auditor', 'reviewer', 'provider'];

/**
 * The triage state machine. Auditors triage; only managers (admin, lead) accept a risk or release a finding to
 * its provider, since both commit the lab towards the provider. A finding the provider fixed is marked fixed by
 * staff; the scan ingest reopens it when it reappears, and staff can reopen any closed decision by hand.
 */
export const TRANSITIONS: Readonly<Record<FindingAction, Transition>> = {
  confirm: { from: ['open'], to: 'confirmed', roles: WRITERS, event: 'confirmed', label: 'Confirm' },
  false_positive: { from: ['open', 'confirmed', 'assigned'], to: 'false_positive', roles: WRITERS, event: 'false_positive', label: 'Mark false positive' },
  accept_risk: { from: ['open', 'confirmed', 'assigned'], to: 'accepted', roles: MANAGERS, event: 'risk_accepted', label: 'Accept the risk' },
  assign_to_provider: { from: ['open', 'confirmed'], to: 'assigned', roles: MANAGERS, event: 'assigned', label: 'Release to the provider' },
  mark_fixed: { from: ['open', 'confirmed', 'assigned'], to: 'fixed', roles: WRITERS, event: 'fixed', label: 'Mark fixed' },
  reopen: { from: ['false_positive', 'accepted', 'fixed'], to: 'open', roles: WRITERS, event: 'reopened', label: 'Reopen' },
  comment: { from: 'any', to: null, roles: COMMENTERS, event: 'comment', label: 'Comment' },
};

/** Unresolved findings: still to be handled by the lab or the provider (what the dashboard counts). */
export const UNRESOLVED: readonly FindingStatus[] = ['open', 'confirmed', 'assigned'];

export const STATUS_LABEL: Record<FindingStatus, string> = {
  open: 'Open',
  confirmed: 'Confirmed',
  false_positive: 'False positive',
  accepted: 'Risk accepted',
  assigned: 'Assigned to provider',
  fixed: 'Fixed',
};

export type TransitionCheck = { ok: true; to: FindingStatus | null } | { ok: false; status: 403 | 409; message: string };

/** Whether `role` may take `action` on a finding in `status` — the pure rule, without tenancy. */
export function checkTransition(role: Role, status: FindingStatus, action: FindingAction): TransitionCheck {
  const t = TRANSITIONS[action];
  if (!t.roles.includes(role)) return { ok: false, status: 403, message: `the ${role} role may not ${t.label.toLowerCase()} a finding` };
  if (t.from !== 'any' && !t.from.includes(status)) {
    return { ok: false, status: 409, message: `cannot ${t.label.toLowerCase()} a finding that is ${STATUS_LABEL[status].toLowerCase()} (allowed from: ${t.from.map((s) => STATUS_LABEL[s].toLowerCase()).join(', ')})` };
  }
  return { ok: true, to: t.to };
}

/** The actions `role` may take on a finding in `status`, in table order (what the detail page offers). */
export function allowedActions(role: Role, status: FindingStatus): FindingAction[] {
  return FINDING_ACTIONS.filter((a) => checkTransition(role, status, a).ok);
}

export function isFindingAction(s: unknown): s is FindingAction {
  return typeof s === 'string' && (FINDING_ACTIONS as readonly string[]).includes(s);
}

// ---------------------------------------------------------------------------------------------------------
// Reading

export interface FindingRow {
  id: string;
  app_id: string;
  app_name: string;
  app_platform: string;
  provider_id: string;
  provider_name: string;
  check_id: string;
  title: string;
  severity: Severity;
  status: FindingStatus;
  reason: string | null;
  accepted_until: Date | null;
  due_at: Date | null;
  released_at: Date | null;
  /** Null for a finding of a manual test (source 'manual'), which no scan saw. */
  first_scan_id: string | null;
  last_scan_id: string | null;
  /** 'scan': found by the engine; 'manual': a failed manual test of an engagement. */
  source: 'scan' | 'manual';
  /** The engagement whose manual test made it (manual findings). */
  engagement_id: string | null;
  last_seen_at: Date;
  updated_at: Date;
  /** Assigned to the provider and past its due date. */
  overdue: boolean;
}

export interface FindingEvent {
  id: number;
  kind: string;
  from_status: FindingStatus | null;
  to_status: FindingStatus | null;
  body: string | null;
  scan_id: string | null;
  at: Date;
  user_id: string | null;
  user_name: string | null;
  user_role: Role | null;
}

export interface FindingDetail extends FindingRow {
  fingerprint: string;
  data: Partial<Finding>;
  events: FindingEvent[];
}

/** Status filter values: a status, `unresolved` (open, confirmed or assigned) or `overdue` (assigned, past due). */
export const STATUS_FILTERS = [...FINDING_STATUSES, 'unresolved', 'overdue'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export interface FindingFilters {
  status?: StatusFilter | undefined;
  severity?: Severity | undefined;
  provider?: string | undefined;
  app?: string | undefined;
  /** Exact check id, or a prefix ending in `.` / `*` (`android.crypto.`). */
  check?: string | undefined;
  /** Words looked for in the title, check id, message, app and provider names. */
  text?: string | undefined;
  page?: number | undefined;
  perPage?: number | undefined;
}

export interface FindingList {
  findings: FindingRow[];
  total: number;
  page: number;
  perPage: number;
  filters: FindingFilters;
}

export const MAX_PER_PAGE = 200;
const DEFAULT_PER_PAGE = 50;

/** Reads and checks list filters from a query string (the API's and the page's); a bad value is a 400. */
export function parseFilters(query: Record<string, unknown>): FindingFilters {
  const one = (name: string, max = 200): string | undefined => {
    const v = query[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw badRequest(`give "${name}" once`);
    const s = v.trim();
    if (s.length > max) throw badRequest(`"${name}" is longer than ${max} characters`);
    return s === '' ? undefined : s;
  };
  const f: FindingFilters = {};
  const status = one('status', 30);
  if (status !== undefined) {
    if (!(STATUS_FILTERS as readonly string[]).includes(status)) throw badRequest(`"status" must be one of ${STATUS_FILTERS.join(', ')}`);
    f.status = status as StatusFilter;
  }
  const severity = one('severity', 20);
  if (severity !== undefined) {
    if (!(SEVERITIES as readonly string[]).includes(severity)) throw badRequest(`"severity" must be one of ${SEVERITIES.join(', ')}`);
    f.severity = severity as Severity;
  }
  for (const k of ['provider', 'app'] as const) {
    const v = one(k, 60);
    if (v === undefined) continue;
    if (!isUuid(v)) throw badRequest(`"${k}" must be an id`);
    f[k] = v;
  }
  f.check = one('check', 200);
  f.text = one('text', 200);
  for (const k of ['page', 'perPage'] as const) {
    const v = one(k, 10);
    if (v === undefined) continue;
    if (!/^[0-9]+$/.test(v) || Number(v) < 1) throw badRequest(`"${k}" must be a positive whole number`);
    f[k] = Number(v);
  }
  if (f.perPage !== undefined && f.perPage > MAX_PER_PAGE) throw badRequest(`"perPage" must be at most ${MAX_PER_PAGE}`);
  return f;
}

const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A growing SQL condition with its parameters. */
class Where {
  readonly parts: string[] = [];
  readonly params: unknown[] = [];
  /** Adds a condition; each `$?` in `sql` is replaced, in order, by the next parameter's placeholder. */
  add(sql: string, ...values: unknown[]): void {
    let s = sql;
    for (const v of values) {
      this.params.push(v);
      s = s.replace('$?', `$${this.params.length}`);
    }
    this.parts.push(s);
  }
  get sql(): string {
    return this.parts.join(' and ');
  }
}

/** The organisation (and, for provider representatives, the provider and the release) every read is bound to. */
function scoped(actor: Actor): Where {
  const w = new Where();
  w.add('f.org_id = $?', actor.orgId);
  if (actor.role === 'provider') {
    w.add('f.released_at is not null');
    w.add('a.provider_id = $?', actor.providerId);
  }
  return w;
}

const SEVERITY_ORDER = `case f.severity when 'critical' then 0 when 'high' then 1 when 'medium' then 2 when 'low' then 3 else 4 end`;

const ROW_COLUMNS = `f.id, f.app_id, a.name as app_name, a.platform as app_platform, a.provider_id, p.name as provider_name,
  f.check_id, f.title, f.severity, f.status, f.reason, f.accepted_until, f.due_at, f.released_at, f.first_scan_id, f.last_scan_id,
  f.source, f.engagement_id, f.last_seen_at, f.updated_at, (f.status = 'assigned' and f.due_at is not null and f.due_at < now()) as overdue`;

const FROM = `findings f join apps a on a.org_id = f.org_id and a.id = f.app_id join providers p on p.org_id = a.org_id and p.id = a.provider_id`;

export async function listFindings(q: Queryable, actor: Actor, filters: FindingFilters = {}): Promise<FindingList> {
  const w = scoped(actor);
  if (filters.status === 'unresolved') w.add(`f.status in ('open', 'confirmed', 'assigned')`);
  else if (filters.status === 'overdue') w.add(`f.status = 'assigned' and f.due_at < now()`);
  else if (filters.status) w.add('f.status = $?', filters.status);
  if (filters.severity) w.add('f.severity = $?', filters.severity);
  if (filters.provider) w.add('a.provider_id = $?', filters.provider);
  if (filters.app) w.add('f.app_id = $?', filters.app);
  if (filters.check) {
    const c = filters.check;
    if (c.endsWith('*')) w.add(`f.check_id like $? escape '\\'`, `${likeEscape(c.slice(0, -1))}%`);
    else if (c.endsWith('.')) w.add(`f.check_id like $? escape '\\'`, `${likeEscape(c)}%`);
    else w.add('f.check_id = $?', c);
  }
  if (filters.text) {
    for (const word of filters.text.split(/\s+/).filter(Boolean).slice(0, 8)) {
      const cols = ['f.title', 'f.check_id', "(f.data->>'message')", 'a.name', 'p.name'];
      w.add(`(${cols.map((c) => `${c} ilike $? escape '\\'`).join(' or ')})`, ...cols.map(() => `%${likeEscape(word)}%`));
    }
  }
  const perPage = filters.perPage ?? DEFAULT_PER_PAGE;
  const page = filters.page ?? 1;
  const [count] = await q.query<{ n: number }>(`select count(*)::int as n from ${FROM} where ${w.sql}`, w.params);
  const rows = await q.query<FindingRow>(
    `select ${ROW_COLUMNS} from ${FROM} where ${w.sql}
      order by ${SEVERITY_ORDER}, lower(p.name), lower(a.name), f.check_id, f.id
      limit ${perPage} offset ${(page - 1) * perPage}`,
    w.params,
  );
  return { findings: rows, total: count?.n ?? 0, page, perPage, filters };
}

/** One finding with its history; 404 when it is not the caller's to see (malformed ids included). */
export async function getFinding(q: Queryable, actor: Actor, id: string, o: { forUpdate?: boolean } = {}): Promise<FindingDetail> {
  if (!isUuid(id)) throw notFound('no such finding');
  const w = scoped(actor);
  w.add('f.id = $?', id);
  const [f] = await q.query<FindingRow & { fingerprint: string; data: Partial<Finding> }>(
    `select ${ROW_COLUMNS}, f.fingerprint, f.data from ${FROM} where ${w.sql}${o.forUpdate ? ' for update of f' : ''}`,
    w.params,
  );
  if (!f) throw notFound('no such finding');
  // A provider representative sees the history from the release on, not the lab's internal triage before it.
  const since = actor.role === 'provider' && f.released_at ? ' and e.at >= $3' : '';
  const events = await q.query<FindingEvent>(
    `select e.id, e.kind, e.from_status, e.to_status, e.body, e.scan_id, e.at, e.user_id, u.name as user_name, u.role as user_role
       from finding_events e left join users u on u.id = e.user_id
      where e.org_id = $1 and e.finding_id = $2${since} order by e.id`,
    [actor.orgId, id, ...(since ? [f.released_at] : [])],
  );
  return { ...f, events };
}

// ---------------------------------------------------------------------------------------------------------
// Triage

export interface ActionInput {
  action: string;
  /** Why (false positive, accepted risk). */
  reason?: string | undefined;
  /** Until when an accepted risk holds (date or ISO timestamp). */
  until?: string | undefined;
  /** Explicit due date of a release (default: now + the organisation's SLA days for the severity). */
  dueAt?: string | undefined;
  /** A comment's text. */
  body?: string | undefined;
}

export const MAX_REASON = 2000;
export const MAX_COMMENT = 4000;
/** The farthest an accepted risk or a due date may lie in the future. */
export const MAX_YEARS_AHEAD = 3;

const DAY_MS = 86_400_000;

/**
 * A date from a form (`2027-03-31`, taken as midnight UTC of that day) or an ISO timestamp; it must lie in the
 * future and at most `MAX_YEARS_AHEAD` years ahead.
 */
export function futureDate(value: string | undefined, name: string, now = new Date()): Date {
  if (!value) throw badRequest(`"${name}" is required (a date such as 2027-03-31)`);
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(value);
  const d = m ? new Date(m[4] ? value.replace(' ', 'T') : `${value}T00:00:00Z`) : undefined;
  // Round-trip the calendar date: 2027-02-30 is not a date, even where Date would roll it into March.
  if (!m || !d || Number.isNaN(d.getTime()) || (!m[4] && d.toISOString().slice(0, 10) !== value)) throw badRequest(`"${name}" must be a date such as 2027-03-31`);
  if (d.getTime() <= now.getTime()) throw badRequest(`"${name}" must be in the future`);
  const limit = new Date(now);
  limit.setUTCFullYear(limit.getUTCFullYear() + MAX_YEARS_AHEAD);
  if (d.getTime() > limit.getTime()) throw badRequest(`"${name}" must be at most ${MAX_YEARS_AHEAD} years ahead`);
  return d;
}

function reasonOf(input: ActionInput): string {
  const r = input.reason?.trim();
  if (!r) throw badRequest('give a reason');
  if (r.length > MAX_REASON) throw badRequest(`the reason is longer than ${MAX_REASON} characters`);
  return r;
}

const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

/**
 * Takes one triage action on one finding, in the caller's transaction (call it inside `db.tx`): the finding is
 * locked, the transition checked, the finding updated, and one event and one audit row written.
 */
export async function applyAction(q: Queryable, actor: Actor, findingId: string, input: ActionInput, ip?: string): Promise<FindingDetail> {
  if (!isFindingAction(input.action)) throw badRequest(`"action" must be one of ${FINDING_ACTIONS.join(', ')}`);
  const action = input.action;
  const f = await getFinding(q, actor, findingId, { forUpdate: true });
  const check = checkTransition(actor.role, f.status, action);
  if (!check.ok) throw check.status === 403 ? forbidden(check.message) : conflict(check.message);
  const now = new Date();
  const to = check.to ?? f.status;
  let body: string | null = null;
  const detail: Record<string, unknown> = { from: f.status, to };
  switch (action) {
    case 'confirm':
      await q.query(`update findings set status = 'confirmed', updated_at = now() where org_id = $1 and id = $2`, [actor.orgId, f.id]);
      break;
    case 'false_positive': {
      body = reasonOf(input);
      detail.reason = body;
      await q.query(`update findings set status = 'false_positive', reason = $3, updated_at = now() where org_id = $1 and id = $2`, [actor.orgId, f.id, body]);
      break;
    }
    case 'accept_risk': {
      const reason = reasonOf(input);
      const until = futureDate(input.until, 'until', now);
      body = `${reason}\n(accepted until ${isoDay(until)})`;
      Object.assign(detail, { reason, until: until.toISOString() });
      await q.query(`update findings set status = 'accepted', reason = $3, accepted_until = $4, updated_at = now() where org_id = $1 and id = $2`, [actor.orgId, f.id, reason, until]);
      break;
    }
    case 'assign_to_provider': {
      const due = input.dueAt ? futureDate(input.dueAt, 'dueAt', now) : new Date(now.getTime() + (await getSlaDays(q, actor.orgId))[f.severity] * DAY_MS);
      body = `due ${isoDay(due)}`;
      Object.assign(detail, { dueAt: due.toISOString(), providerId: f.provider_id, explicitDueDate: Boolean(input.dueAt) });
      await q.query(
        `update findings set status = 'assigned', due_at = $3, released_at = coalesce(released_at, $4), updated_at = now() where org_id = $1 and id = $2`,
        [actor.orgId, f.id, due, now],
      );
      break;
    }
    case 'mark_fixed':
      await q.query(`update findings set status = 'fixed', updated_at = now() where org_id = $1 and id = $2`, [actor.orgId, f.id]);
      break;
    case 'reopen':
      await q.query(`update findings set status = 'open', reason = null, accepted_until = null, updated_at = now() where org_id = $1 and id = $2`, [actor.orgId, f.id]);
      break;
    case 'comment': {
      const text = input.body?.trim();
      if (!text) throw badRequest('write a comment');
      if (text.length > MAX_COMMENT) throw badRequest(`the comment is longer than ${MAX_COMMENT} characters`);
      body = text;
      detail.length = text.length;
      break;
    }
  }
  await q.query(
    'insert into finding_events (org_id, finding_id, user_id, kind, from_status, to_status, body, at) values ($1, $2, $3, $4, $5, $6, $7, $8)',
    [actor.orgId, f.id, actor.userId, TRANSITIONS[action].event, f.status, to, body, now],
  );
  await recordAudit(q, actor, { action: `finding.${action}`, objectType: 'finding', objectId: f.id, detail }, ip);
  return getFinding(q, actor, f.id);
}

export const MAX_BULK = 200;

/**
 * One action on several findings, all or nothing (call inside `db.tx`): the first refusal names the finding
 * and aborts the whole batch, so a half-applied selection never happens.
 */
export async function applyBulkAction(q: Queryable, actor: Actor, ids: readonly string[], input: ActionInput, ip?: string): Promise<number> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) throw badRequest('select at least one finding');
  if (unique.length > MAX_BULK) throw badRequest(`select at most ${MAX_BULK} findings at once`);
  const batch = randomUUID();
  for (const id of unique) {
    try {
      await applyAction(q, actor, id, input, ip);
    } catch (e) {
      if (e instanceof HttpError && e.status !== 404 && isUuid(id)) {
        const [row] = await q.query<{ title: string }>('select title from findings where org_id = $1 and id = $2', [actor.orgId, id]);
        throw new HttpError(e.status, e.code, `"${row?.title ?? id}": ${e.message}; nothing was changed`);
      }
      throw e;
    }
  }
  await recordAudit(q, actor, { action: 'finding.bulk', objectType: 'finding', detail: { action: input.action, count: unique.length, batch } }, ip);
  return unique.length;
}
