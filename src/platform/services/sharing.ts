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
 */
import type { Queryable } from '../db/db.js';
import { badRequest } from '../http/routes.js';
import type { Actor, Role } from '../types.js';
import { audience, canSee, isStaff, tlpLabel, type Marking, type SharedItem, type Tlp, type Viewer } from './sharing-policy.js';

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
