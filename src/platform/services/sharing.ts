/**
 * @module platform/services/sharing
 * What the services of the knowledge-sharing part (advisories, the document library) do alike around the
 * sharing policy (services/sharing-policy.ts, which stays pure): the words that explain a TLP level, the check
 * of a marking against the database before an item is written (the named peer labs, providers and RED
 * recipients exist, and each recipient would see the item), the people to notify (the policy's audience,
 * each person checked with `canSee`), the choices a marking form offers, and the marking as the API shows it.
 *
 * The two services differ in one thing here: advisories reach invited users (who have not yet accepted their
 * invitation) as well as active ones, the library active users only. The helpers that look people up take
 * that as `withInvited`.
 *
 * Changing a marking after publication (`applyMarkingChange`, used by both services): the new marking is
 * checked like at creation; the change is written to `marking_changes` (who, when, from → to, reason) and to
 * the audit log; and the notifications already written about the item are brought in line with the new
 * marking at once. A person who can no longer see the item keeps the notification (its row is history) but
 * emptied of anything about the item: a neutral title, no body, no link, and its e-mail, if not yet sent,
 * never goes out. A person who still sees it keeps it, but its unsent e-mail is lowered to what the new TLP
 * allows (GREEN → AMBER: a link only; → RED: none). Widening returns the people newly admitted (who could
 * not see the item before): the service tells only them. Everything else (pages, API, search, exports)
 * reads the marking columns of the item itself, so the change holds there as soon as it is committed.
 */
import { recordAudit } from '../audit-log.js';
import type { Queryable } from '../db/db.js';
import { badRequest } from '../http/routes.js';
import type { Actor, Role } from '../types.js';
import type { NotifyLevel } from './sharing-policy.js';
import { audience, canSee, isStaff, markingColumns, markingFromRow, mayNotifyBy, parseMarking, tlpLabel, type Marking, type SharedItem, type Tlp, type Viewer } from './sharing-policy.js';

/** The words a page shows next to a TLP label: what the marking means for who may read it. */
export const TLP_MEANING: Readonly<Record<Tlp, string>> = {
  clear: 'no limit on disclosure: recipients may share it with the world',
  green: 'limited to the community: the labs on this platform and the organisations in the scope',
  amber: 'limited to the organisations named: share it only inside your organisation, on a need-to-know basis',
  'amber+strict': 'limited to the owner lab (and the providers named one by one): do not share it further',
  red: 'for the named recipients only: not to be shared, exported or e-mailed',
};

/** `TLP:AMBER — limited to the organisations named: …` */
export function tlpBanner(tlp: Tlp): string {
  return `${tlpLabel(tlp)} — ${TLP_MEANING[tlp]}`;
}

/** A user row as the policy's viewer sees it (to check that a named recipient, or a notified person, would see the item). */
export interface SharingUser {
  id: string;
  org_id: string;
  role: Role;
  provider_id: string | null;
  name: string;
}

export const viewerOf = (u: SharingUser): Viewer => ({ userId: u.id, orgId: u.org_id, role: u.role, providerId: u.provider_id });

/** The accounts a look-up of people counts: active ones, and with `withInvited` those not yet accepted too. */
function accountStatusSql(withInvited: boolean, alias = ''): string {
  return withInvited ? `${alias}status <> 'disabled'` : `${alias}status = 'active'`;
}

/**
 * Checks that what the marking names exists (peer labs on the platform, providers of the caller's lab, RED
 * recipients with an account that is not disabled) and that every RED recipient would see the item. 400s.
 */
export async function checkMarking(q: Queryable, actor: Actor, m: Marking): Promise<void> {
  if (m.scope.kind === 'peers') {
    const found = await q.query<{ id: string }>('select id from orgs where id = any($1::uuid[])', [[...m.scope.orgIds]]);
    if (found.length !== m.scope.orgIds.length) throw badRequest('"peers" names an organisation that is not on this platform');
  }
  if (m.scope.kind === 'providers' && m.scope.providerIds !== undefined) {
    const found = await q.query<{ id: string }>('select id from providers where org_id = $1 and id = any($2::uuid[])', [actor.orgId, [...m.scope.providerIds]]);
    if (found.length !== m.scope.providerIds.length) throw badRequest('"providers" names a provider that is not one of your lab\'s');
  }
  if (m.tlp === 'red') {
    const users = await q.query<SharingUser>("select id, org_id, role, provider_id, name from users where id = any($1::uuid[]) and status <> 'disabled'", [[...m.recipients]]);
    if (users.length !== m.recipients.length) throw badRequest('"recipients" names someone who has no active account on this platform');
    const item: SharedItem = { orgId: actor.orgId, ...m };
    const outside = users.filter((u) => !canSee(viewerOf(u), item));
    if (outside.length) throw badRequest(`${outside.map((u) => u.name).join(', ')} would not see it: the scope does not reach them (widen the scope or name someone else)`);
  }
}

/** The people who may see the item (every group of `audience`, each checked with `canSee`), but `except`. */
export async function audienceUsers(q: Queryable, item: SharedItem, except: string, o: { withInvited: boolean }): Promise<SharingUser[]> {
  const aud = audience(item);
  const rows = await q.query<SharingUser>(
    `select id, org_id, role, provider_id, name from users
      where ${accountStatusSql(o.withInvited)} and id <> $6 and (
        (role <> 'provider' and ($1::boolean or org_id = any($2::uuid[])))
        or (role = 'provider' and org_id = $3 and ($4::boolean or provider_id = any($5::uuid[]))))`,
    [aud.labs === 'all', aud.labs === 'all' ? [] : aud.labs, item.orgId, aud.providers === 'all', aud.providers === 'all' ? [] : aud.providers, except],
  );
  return rows.filter((u) => canSee(viewerOf(u), item));
}

/** What a marking form (TLP, scope, peers, providers, RED recipients) offers its author to choose from. */
export interface MarkingFormOptions {
  /** The platform's other organisations (peer labs). */
  orgs: Array<{ id: string; name: string }>;
  /** The lab's supervised providers. */
  providers: Array<{ id: string; name: string }>;
  /** People who may be named as RED recipients: the staff of every lab and the lab's provider representatives. */
  people: Array<{ id: string; name: string; orgName: string; providerName: string | null }>;
}

/** The choices of the marking form for the caller's lab. The caller checks first who may write the item. */
export async function markingFormOptions(q: Queryable, actor: Actor, o: { withInvited: boolean }): Promise<MarkingFormOptions> {
  const orgs = await q.query<{ id: string; name: string }>('select id, name from orgs where id <> $1 order by lower(name), id', [actor.orgId]);
  const providers = await q.query<{ id: string; name: string }>('select id, name from providers where org_id = $1 order by lower(name), id', [actor.orgId]);
  const people = await q.query<{ id: string; name: string; org_name: string; provider_name: string | null }>(
    `select u.id, u.name, o.name as org_name, p.name as provider_name
       from users u join orgs o on o.id = u.org_id left join providers p on p.id = u.provider_id
      where ${accountStatusSql(o.withInvited, 'u.')} and u.id <> $2 and (u.role <> 'provider' or u.org_id = $1)
      order by (u.org_id = $1) desc, lower(o.name), lower(u.name), u.id`,
    [actor.orgId, actor.userId],
  );
  return { orgs, providers, people: people.map((p) => ({ id: p.id, name: p.name, orgName: p.org_name, providerName: p.provider_name })) };
}

/**
 * The marking of an item as the API returns it: the TLP and its label, and the scope. The owner lab's staff see
 * the whole marking (named labs, providers and recipients); everyone else the scope's kind only (a peer lab
 * does not learn which other labs, providers or people received it).
 */
export function markingJson(item: SharedItem, actor: Viewer): Record<string, unknown> {
  const owner = isStaff(actor) && actor.orgId === item.orgId;
  return {
    tlp: item.tlp,
    tlpLabel: tlpLabel(item.tlp),
    scope: owner ? item.scope : { kind: item.scope.kind },
    ...(owner ? { recipients: item.recipients } : {}),
  };
}

// --- Changing a marking after publication ------------------------------------------------------------------

/** The kinds of shared item whose marking may change, as `marking_changes.item_kind` names them. */
export type SharedItemKind = 'advisory' | 'document';

export const MAX_REASON = 1000;

/** What a "change the marking" form or JSON body asks for: the new marking (as at creation) and the reason. */
export interface MarkingChangeInput {
  marking: Marking;
  reason: string;
}

/** The new marking (fields as `parseMarking` reads them) and the mandatory `reason`, with 400s. */
export function parseMarkingChange(body: Record<string, unknown>, actor: Viewer): MarkingChangeInput {
  const r = body.reason;
  if (r !== undefined && r !== null && typeof r !== 'string') throw badRequest('"reason" must be text');
  const reason = typeof r === 'string' ? r.replace(/\r\n?/g, '\n').trim() : '';
  if (reason === '') throw badRequest('"reason" is required: say why the marking changes (everyone who sees the item reads it)');
  if (reason.length > MAX_REASON) throw badRequest(`"reason" is longer than ${MAX_REASON} characters`);
  if (reason.includes('\u0000')) throw badRequest('"reason" holds a NUL character, which is not text');
  return { marking: parseMarking(body, actor), reason };
}

/** Two markings say the same (the same TLP, scope, named labs, providers and recipients, in any order). */
export function sameMarking(a: Marking, b: Marking): boolean {
  const x = markingColumns(a);
  const y = markingColumns(b);
  const set = (v: string[] | null): string => (v === null ? 'null' : [...v].sort().join(','));
  return x.tlp === y.tlp && x.scope_kind === y.scope_kind && set(x.scope_org_ids) === set(y.scope_org_ids) && set(x.scope_provider_ids) === set(y.scope_provider_ids) && set(x.recipients) === set(y.recipients);
}

const LEVEL_ORDER: readonly NotifyLevel[] = ['none', 'link-only', 'content'];

/** Notifications about the item: its link, or its link with a `#fragment` (a comment, the acknowledgements). */
const ITEM_LINK_SQL = `(n.link = $1 or n.link like $1 || '#%' or n.link like $1 || '?%')`;

/**
 * Brings the notifications already written about the item (found by `link`) in line with its new marking (see
 * the module comment): for a person who no longer sees it, a neutral title, no body, no link, no e-mail; for
 * one who does, an unsent e-mail lowered to what the new TLP allows. Returns how many were emptied.
 */
export async function restrictNotifications(q: Queryable, item: SharedItem, link: string): Promise<number> {
  const rows = await q.query<SharingUser & { nid: string | number; emailed: boolean; email_level: NotifyLevel }>(
    `select n.id as nid, n.emailed_at is not null as emailed, n.email_level, u.id, u.org_id, u.role, u.provider_id, u.name
       from notifications n join users u on u.id = n.user_id where ${ITEM_LINK_SQL}`,
    [link],
  );
  const emptied: number[] = [];
  const lower = new Map<NotifyLevel, number[]>();
  const allowed = mayNotifyBy(item, 'email');
  for (const r of rows) {
    if (!canSee(viewerOf(r), item)) {
      emptied.push(Number(r.nid));
    } else if (!r.emailed && LEVEL_ORDER.indexOf(r.email_level) > LEVEL_ORDER.indexOf(allowed)) {
      lower.set(allowed, [...(lower.get(allowed) ?? []), Number(r.nid)]);
    }
  }
  if (emptied.length) {
    await q.query(
      `update notifications set title = 'A shared item you were told of is no longer shared with you (its owner changed its marking)', body = null, link = null, email_level = 'none'
        where id = any($1::bigint[])`,
      [emptied],
    );
  }
  for (const [level, ids] of lower) await q.query('update notifications set email_level = $2 where id = any($1::bigint[]) and emailed_at is null', [ids, level]);
  return emptied.length;
}

/** One change of an item's marking, as the history shows it. */
export interface MarkingChange {
  id: number;
  at: Date;
  userName: string;
  orgName: string;
  from: Marking;
  to: Marking;
  /** An advisory's acknowledgement deadline before and after (null for documents, and without one). */
  fromAckDueOn: string | null;
  toAckDueOn: string | null;
  reason: string;
}

interface MarkingChangeRow {
  id: string | number;
  at: Date;
  user_name: string;
  org_name: string;
  reason: string;
  from_tlp: string;
  from_scope_kind: string;
  from_scope_org_ids: string[];
  from_scope_provider_ids: string[] | null;
  from_recipients: string[];
  from_ack_due_on: string | null;
  to_tlp: string;
  to_scope_kind: string;
  to_scope_org_ids: string[];
  to_scope_provider_ids: string[] | null;
  to_recipients: string[];
  to_ack_due_on: string | null;
}

/** The marking changes of an item the caller sees (the caller checks `canSee` first), oldest first. */
export async function markingHistory(q: Queryable, kind: SharedItemKind, itemId: string): Promise<MarkingChange[]> {
  const rows = await q.query<MarkingChangeRow>(
    `select m.id, m.at, u.name as user_name, o.name as org_name, m.reason,
            m.from_tlp, m.from_scope_kind, m.from_scope_org_ids, m.from_scope_provider_ids, m.from_recipients, m.from_ack_due_on::text as from_ack_due_on,
            m.to_tlp, m.to_scope_kind, m.to_scope_org_ids, m.to_scope_provider_ids, m.to_recipients, m.to_ack_due_on::text as to_ack_due_on
       from marking_changes m join users u on u.id = m.user_id join orgs o on o.id = m.org_id
      where m.item_kind = $1 and m.item_id = $2 order by m.id`,
    [kind, itemId],
  );
  const day = (d: string | null): string | null => (d === null ? null : String(d).slice(0, 10));
  return rows.map((r) => ({
    id: Number(r.id),
    at: r.at,
    userName: r.user_name,
    orgName: r.org_name,
    from: markingFromRow({ tlp: r.from_tlp, scope_kind: r.from_scope_kind, scope_org_ids: r.from_scope_org_ids, scope_provider_ids: r.from_scope_provider_ids, recipients: r.from_recipients }),
    to: markingFromRow({ tlp: r.to_tlp, scope_kind: r.to_scope_kind, scope_org_ids: r.to_scope_org_ids, scope_provider_ids: r.to_scope_provider_ids, recipients: r.to_recipients }),
    fromAckDueOn: day(r.from_ack_due_on),
    toAckDueOn: day(r.to_ack_due_on),
    reason: r.reason,
  }));
}

/** A marking change as the API returns it: the whole markings for the owner lab's staff, the TLP and scope kind for everyone else. */
export function markingChangeJson(c: MarkingChange, item: Pick<SharedItem, 'orgId'>, actor: Viewer): Record<string, unknown> {
  const side = (m: Marking): Record<string, unknown> => markingJson({ orgId: item.orgId, ...m }, actor);
  return { id: c.id, at: c.at, by: c.userName, org: c.orgName, from: side(c.from), to: side(c.to), fromAckDueOn: c.fromAckDueOn, toAckDueOn: c.toAckDueOn, reason: c.reason };
}

/**
 * Applies a checked marking change of an item (the service has checked who may change it, and the new marking
 * with `checkMarking`): records it (`marking_changes` and the audit log as `<kind>.marking`), restricts the
 * notifications already written (`restrictNotifications`), and returns the people who may see the item now
 * but could not before (but the actor), whom the service tells. The item's own row is updated by the service,
 * before this is called.
 */
export async function applyMarkingChange(
  q: Queryable,
  actor: Actor,
  o: { kind: SharedItemKind; before: SharedItem; after: SharedItem; reason: string; link: string; ackDueOn?: { from: string | null; to: string | null }; withInvited: boolean; itemId: string },
  ip?: string,
): Promise<SharingUser[]> {
  const f = markingColumns(o.before);
  const t = markingColumns(o.after);
  await q.query(
    `insert into marking_changes (item_kind, item_id, org_id, user_id, reason,
        from_tlp, from_scope_kind, from_scope_org_ids, from_scope_provider_ids, from_recipients, from_ack_due_on,
        to_tlp, to_scope_kind, to_scope_org_ids, to_scope_provider_ids, to_recipients, to_ack_due_on)
     values ($1, $2, $3, $4, $5, $6, $7, $8::uuid[], $9::uuid[], $10::uuid[], $11::date, $12, $13, $14::uuid[], $15::uuid[], $16::uuid[], $17::date)`,
    [o.kind, o.itemId, actor.orgId, actor.userId, o.reason, f.tlp, f.scope_kind, f.scope_org_ids, f.scope_provider_ids, f.recipients, o.ackDueOn?.from ?? null, t.tlp, t.scope_kind, t.scope_org_ids, t.scope_provider_ids, t.recipients, o.ackDueOn?.to ?? null],
  );
  const emptied = await restrictNotifications(q, o.after, o.link);
  await recordAudit(
    q,
    actor,
    {
      action: `${o.kind}.marking`,
      objectType: o.kind,
      objectId: o.itemId,
      detail: {
        from: { tlp: f.tlp, scope: f.scope_kind, peers: f.scope_org_ids, providers: f.scope_provider_ids, recipients: f.recipients, ...(o.ackDueOn ? { ackDueOn: o.ackDueOn.from } : {}) },
        to: { tlp: t.tlp, scope: t.scope_kind, peers: t.scope_org_ids, providers: t.scope_provider_ids, recipients: t.recipients, ...(o.ackDueOn ? { ackDueOn: o.ackDueOn.to } : {}) },
        reason: o.reason,
        notificationsWithdrawn: emptied,
      },
    },
    ip,
  );
  const now = await audienceUsers(q, o.after, actor.userId, { withInvited: o.withInvited });
  return now.filter((u) => !canSee(viewerOf(u), o.before));
}
