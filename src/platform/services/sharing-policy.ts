/**
 * @module platform/services/sharing-policy
 * The one place that decides who may see, export, be notified of and pass on an item shared between labs
 * (library documents, advisories, discussion threads — everything of the knowledge-sharing part). Pages, the
 * API, search, exports and notifications all ask this module; lists and search use `sqlVisibility`, which
 * states the same rule in SQL (a property test checks the two agree on a real database).
 *
 * An item carries a TLP 2.0 marking (FIRST, 2022), a scope (to whom its owner distributes it) and, for RED,
 * the named recipients. A person sees an item only when BOTH the scope and the TLP let them in: scope and TLP
 * combine by intersection, so the stricter of the two always wins. The rules:
 *
 * Scope (the audience the owner chose):
 * - `lab`: the staff of the owner organisation (the lab);
 * - `peers`: the owner's staff and the staff of the named peer labs;
 * - `community`: the staff of every lab on the platform;
 * - `providers`: the owner's staff and the representatives of the lab's supervised providers — the listed ones,
 *   or all of them when `providerIds` is absent. Providers belong to one lab (their users carry the lab's
 *   `orgId` and their own `providerId`); a provider of another lab is never in this audience.
 *   Provider representatives are in no other scope: they see only items scoped to providers that include their
 *   own provider. Peer labs are not in a `providers` scope.
 * "Staff" is every non-provider role (admin, lead, auditor, reviewer, readonly): reading and exporting are not
 * role-bound. The rule trusts that a provider user's `providerId` is a provider of their `orgId`, which the
 * users table's foreign key `(org_id, provider_id) → providers(org_id, id)` guarantees.
 *
 * TLP (a ceiling on top of the scope, and on what leaves the platform):
 * - CLEAR: no limit beyond the scope. May be exported in every format, including a public feed, and e-mailed
 *   in full (e-mail, digests).
 * - GREEN: the community: no limit beyond the scope either (the `community` scope is all labs; providers only
 *   when the scope names providers). Exported in every format but the public feed; e-mailed in full.
 * - AMBER: the scope's organisations only. Exported only in formats that carry the marking in the file (not CSV,
 *   not the public feed). Never e-mailed: an e-mail or digest says only "a new TLP:AMBER item" with a link, and
 *   the reader logs in to read it.
 * - AMBER+STRICT: the owner organisation only, even if the scope names peer labs or the whole community. A
 *   supervised provider may receive it only when it is named: scope `providers` with an explicit `providerIds`
 *   list that holds it (never the "all providers" default). Export and e-mail as AMBER.
 * - RED: the named recipients only (user ids), and of them only those the scope admits — even the owner's own
 *   staff must be named. No export, no e-mail, no digest; only the in-platform notification to the recipient.
 * Nobody who is not logged in sees anything: CLEAR means recipients may publish it further, not that the
 * platform serves it to anonymous callers.
 *
 * Passing an item on (`canReshare`: widening its scope or sending it to another audience) is for the
 * managers (admin, lead) of a lab that sees it when it is CLEAR or GREEN; for AMBER and AMBER+STRICT only the
 * owner's managers (TLP 2.0 lets recipients share AMBER only inside their own organisation, which they already
 * can); for RED only the owner's managers who are themselves named. Providers never pass items on.
 *
 * The module is pure: no database, no HTTP. `parseMarking` turns form or JSON input into a marking with clear
 * 400 messages.
 */
import { badRequest, isUuid } from '../http/routes.js';
import { MANAGERS, type Actor } from '../types.js';

export const TLPS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export type Tlp = (typeof TLPS)[number];

export const SCOPE_KINDS = ['lab', 'peers', 'community', 'providers'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

export type Scope =
  | { kind: 'lab' }
  | { kind: 'peers'; orgIds: readonly string[] }
  | { kind: 'community' }
  /** `providerIds` absent: all the owner lab's supervised providers. */
  | { kind: 'providers'; providerIds?: readonly string[] };

/** How an item is marked and distributed. */
export interface Marking {
  tlp: Tlp;
  scope: Scope;
  /** User ids named as recipients; only RED uses them (empty for the other levels). */
  recipients: readonly string[];
}

/** A shared item as the policy sees it: its owner organisation (the lab that wrote it) and its marking. */
export interface SharedItem extends Marking {
  orgId: string;
}

/** Who asks: the fields of `Actor` the policy reads (a user row can be turned into one to test a recipient). */
export type Viewer = Pick<Actor, 'userId' | 'orgId' | 'role' | 'providerId'>;

/** Formats an item may leave the platform in. */
export const EXPORT_FORMATS = ['pdf', 'html', 'markdown', 'json', 'stix', 'csv', 'public-feed'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * Formats that carry the TLP marking inside the exported file (a banner in PDF/HTML/Markdown, a `tlp` field in
 * JSON, a marking-definition in STIX). CSV rows go into tools that drop any banner, so only CLEAR and GREEN
 * items go out as CSV; the public feed is for CLEAR only.
 */
const MARKED_FORMATS: readonly ExportFormat[] = ['pdf', 'html', 'markdown', 'json', 'stix'];

export type NotifyChannel = 'app' | 'email' | 'digest';
/** What a notification may carry: the item's content (title, summary), only a notice with a link, or nothing. */
export type NotifyLevel = 'content' | 'link-only' | 'none';

/** `TLP:AMBER+STRICT` — the label exports and notices print. */
export function tlpLabel(tlp: Tlp): string {
  return `TLP:${tlp.toUpperCase()}`;
}

function isProvider(v: Viewer): boolean {
  return v.role === 'provider';
}

/** Staff: every role but a provider's representative (see the module comment). */
export function isStaff(v: Pick<Viewer, 'role'>): boolean {
  return v.role !== 'provider';
}

/** The scope admits the viewer (before TLP). */
function inScope(v: Viewer, item: SharedItem): boolean {
  const s = item.scope;
  if (isProvider(v)) {
    if (!v.providerId || v.orgId !== item.orgId || s.kind !== 'providers') return false;
    return s.providerIds === undefined || s.providerIds.includes(v.providerId);
  }
  if (v.orgId === item.orgId) return true;
  if (s.kind === 'community') return true;
  if (s.kind === 'peers') return s.orgIds.includes(v.orgId);
  return false;
}

/** The TLP admits the viewer (before scope). */
function tlpAdmits(v: Viewer, item: SharedItem): boolean {
  switch (item.tlp) {
    case 'clear':
    case 'green':
    case 'amber':
      return true;
    case 'amber+strict':
      if (isProvider(v)) return item.scope.kind === 'providers' && item.scope.providerIds !== undefined && v.providerId !== null && item.scope.providerIds.includes(v.providerId);
      return v.orgId === item.orgId;
    case 'red':
      return item.recipients.includes(v.userId);
    default:
      return false;
  }
}

/** May this viewer see the item (its page, its API object, a search hit, a comment under it)? */
export function canSee(viewer: Viewer | null | undefined, item: SharedItem): boolean {
  if (!viewer || !viewer.userId || !viewer.orgId) return false;
  return inScope(viewer, item) && tlpAdmits(viewer, item);
}

/** May the format carry an item of this TLP off the platform at all (whoever asks)? */
export function formatAllowed(tlp: Tlp, format: ExportFormat): boolean {
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) return false;
  switch (tlp) {
    case 'clear':
      return true;
    case 'green':
      return format !== 'public-feed';
    case 'amber':
    case 'amber+strict':
      return MARKED_FORMATS.includes(format);
    default:
      return false;
  }
}

/** May this viewer export the item in this format? Only what they can see, and never RED. */
export function canExport(viewer: Viewer | null | undefined, item: SharedItem, format: ExportFormat): boolean {
  return canSee(viewer, item) && formatAllowed(item.tlp, format);
}

/**
 * What a notification about the item may carry on a channel. In the platform ("app") a notification is shown
 * only to someone who can see the item, so it may carry the title; e-mail and digests leave the platform, so
 * AMBER and AMBER+STRICT get a notice with a link only and RED nothing. The notifier must still send only to
 * people for whom `canSee` holds.
 */
export function mayNotifyBy(item: Pick<SharedItem, 'tlp'>, channel: NotifyChannel): NotifyLevel {
  if (channel === 'app') return TLPS.includes(item.tlp) ? 'content' : 'none';
  switch (item.tlp) {
    case 'clear':
    case 'green':
      return 'content';
    case 'amber':
    case 'amber+strict':
      return 'link-only';
    default:
      return 'none';
  }
}

/** May the item's content (title, summary, text) go into an e-mail? CLEAR and GREEN only. */
export function canEmail(item: Pick<SharedItem, 'tlp'>): boolean {
  return mayNotifyBy(item, 'email') === 'content';
}

/** May this viewer pass the item on to a wider or other audience (see the module comment)? */
export function canReshare(viewer: Viewer | null | undefined, item: SharedItem): boolean {
  if (!viewer || !canSee(viewer, item) || !MANAGERS.includes(viewer.role)) return false;
  switch (item.tlp) {
    case 'clear':
    case 'green':
      return true;
    case 'amber':
    case 'amber+strict':
    case 'red':
      // RED also needs the manager to be named, which canSee already checked.
      return viewer.orgId === item.orgId;
    default:
      return false;
  }
}

/** Who may see an item, as groups (for fan-out of notifications and the "shared with" line of a page). */
export interface Audience {
  /** Labs whose staff may see it: `'all'` for every lab on the platform. */
  labs: 'all' | string[];
  /** The owner lab's supervised providers whose representatives may see it: `'all'` for all of them. */
  providers: 'all' | string[];
  /** When set (RED), only these users among the groups above. */
  onlyUsers: string[] | null;
}

/** The groups that may see the item: scope and TLP combined. Check each person with `canSee` all the same. */
export function audience(item: SharedItem): Audience {
  const s = item.scope;
  let labs: Audience['labs'] = [item.orgId];
  if (s.kind === 'community') labs = 'all';
  else if (s.kind === 'peers') labs = [...new Set([item.orgId, ...s.orgIds])];
  let providers: Audience['providers'] = s.kind === 'providers' ? (s.providerIds === undefined ? 'all' : [...s.providerIds]) : [];
  if (item.tlp === 'amber+strict') {
    labs = [item.orgId];
    if (providers === 'all') providers = [];
  }
  return { labs, providers, onlyUsers: item.tlp === 'red' ? [...item.recipients] : null };
}

/** The organisations whose staff may see the item (`'all'`: every lab). Providers and RED names: see `audience`. */
export function visibleOrgIds(item: SharedItem): 'all' | string[] {
  return audience(item).labs;
}

/**
 * `sqlVisibility`: a WHERE condition that holds exactly for the rows `canSee(actor, row)` accepts, for lists
 * and full-text search. The columns it reads on the table alias `alias` (default `items`):
 *
 * | column               | type            | meaning                                                               |
 * |----------------------|-----------------|-----------------------------------------------------------------------|
 * | `org_id`             | uuid not null   | the owner organisation (`SharedItem.orgId`)                           |
 * | `tlp`                | text not null   | one of `TLPS` (`'amber+strict'` spelt so); any other value: hidden    |
 * | `scope_kind`         | text not null   | one of `SCOPE_KINDS`; any other value: hidden but to owner staff      |
 * | `scope_org_ids`      | uuid[] not null | the named peer labs for `peers` (`'{}'` otherwise)                    |
 * | `scope_provider_ids` | uuid[] null     | for `providers`: the named providers; NULL means all of the lab's     |
 * | `recipients`         | uuid[] not null | RED's named users (`'{}'` otherwise)                                  |
 *
 * `markingColumns(marking)` gives the values to store in them. Parameters are numbered from `paramStart`
 * (`$paramStart`, …); append `params` to the query's own. An anonymous caller gets `false`.
 */
export function sqlVisibility(actor: Viewer | null | undefined, paramStart: number, alias = 'items'): { sql: string; params: unknown[] } {
  if (!/^[a-z_][a-z0-9_]*$/.test(alias)) throw new Error(`invalid table alias ${JSON.stringify(alias)}`);
  if (!actor || !actor.userId || !actor.orgId) return { sql: 'false', params: [] };
  const c = (name: string): string => `${alias}.${name}`;
  const org = `$${paramStart}::uuid`;
  const user = `$${paramStart + 1}::uuid`;
  const red = `(${c('tlp')} = 'red' and ${user} = any(coalesce(${c('recipients')}, '{}'::uuid[])))`;
  if (isProvider(actor)) {
    if (!actor.providerId) return { sql: 'false', params: [] };
    const provider = `$${paramStart + 2}::uuid`;
    const named = `(${c('scope_provider_ids')} is not null and ${provider} = any(${c('scope_provider_ids')}))`;
    const sql =
      `(${c('org_id')} = ${org} and ${c('scope_kind')} = 'providers'` +
      ` and (${c('scope_provider_ids')} is null or ${provider} = any(${c('scope_provider_ids')}))` +
      ` and (${c('tlp')} in ('clear', 'green', 'amber') or (${c('tlp')} = 'amber+strict' and ${named}) or ${red}))`;
    return { sql, params: [actor.orgId, actor.userId, actor.providerId] };
  }
  const scope =
    `(${c('org_id')} = ${org} or ${c('scope_kind')} = 'community'` +
    ` or (${c('scope_kind')} = 'peers' and ${org} = any(coalesce(${c('scope_org_ids')}, '{}'::uuid[]))))`;
  const tlp = `(${c('tlp')} in ('clear', 'green', 'amber') or (${c('tlp')} = 'amber+strict' and ${c('org_id')} = ${org}) or ${red})`;
  return { sql: `(${scope} and ${tlp})`, params: [actor.orgId, actor.userId] };
}

/** The column values (see `sqlVisibility`) that store a marking. */
export function markingColumns(m: Marking): { tlp: Tlp; scope_kind: ScopeKind; scope_org_ids: string[]; scope_provider_ids: string[] | null; recipients: string[] } {
  return {
    tlp: m.tlp,
    scope_kind: m.scope.kind,
    scope_org_ids: m.scope.kind === 'peers' ? [...m.scope.orgIds] : [],
    scope_provider_ids: m.scope.kind === 'providers' ? (m.scope.providerIds === undefined ? null : [...m.scope.providerIds]) : null,
    recipients: m.tlp === 'red' ? [...m.recipients] : [],
  };
}

/** The marking stored in a row's columns (the inverse of `markingColumns`); an unknown value is refused. */
export function markingFromRow(row: { tlp: unknown; scope_kind: unknown; scope_org_ids: unknown; scope_provider_ids: unknown; recipients: unknown }): Marking {
  const tlp = row.tlp as Tlp;
  if (!TLPS.includes(tlp)) throw new Error(`unknown TLP ${JSON.stringify(row.tlp)} in a stored item`);
  const ids = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
  let scope: Scope;
  switch (row.scope_kind) {
    case 'lab':
      scope = { kind: 'lab' };
      break;
    case 'community':
      scope = { kind: 'community' };
      break;
    case 'peers':
      scope = { kind: 'peers', orgIds: ids(row.scope_org_ids) };
      break;
    case 'providers':
      scope = row.scope_provider_ids === null || row.scope_provider_ids === undefined ? { kind: 'providers' } : { kind: 'providers', providerIds: ids(row.scope_provider_ids) };
      break;
    default:
      throw new Error(`unknown scope ${JSON.stringify(row.scope_kind)} in a stored item`);
  }
  return { tlp, scope, recipients: tlp === 'red' ? ids(row.recipients) : [] };
}

const MAX_IDS = 200;

/** A list of ids from a form (repeated field, or one field with commas/spaces/new lines) or a JSON array. */
function idList(body: Record<string, unknown>, name: string): string[] {
  const v = body[name];
  if (v === undefined || v === null || v === '') return [];
  const parts: unknown[] = Array.isArray(v) ? v : [v];
  const out: string[] = [];
  for (const p of parts) {
    if (typeof p !== 'string') throw badRequest(`"${name}" must be a list of ids`);
    for (const s of p.split(/[\s,]+/)) {
      if (s === '') continue;
      const id = s.toLowerCase();
      if (!isUuid(id)) throw badRequest(`"${name}" holds "${s.slice(0, 40)}", which is not an id`);
      if (!out.includes(id)) out.push(id);
      if (out.length > MAX_IDS) throw badRequest(`"${name}" may name at most ${MAX_IDS}`);
    }
  }
  return out;
}

/**
 * The marking an author chose, from form or JSON fields: `tlp`, `scope` (a `SCOPE_KINDS` value), `peers`
 * (org ids, for `peers`), `providers` (provider ids, for `providers`; none = all the lab's providers) and
 * `recipients` (user ids, for RED; the author is always added). Refuses, with a 400 the form can show,
 * what the policy would silently narrow: AMBER+STRICT to peer labs, the community or "all providers", and
 * RED without anyone named. The service must still check that the named orgs, providers and users exist and
 * that each recipient passes `canSee` (a recipient outside the scope would not see the item).
 */
export function parseMarking(body: Record<string, unknown>, author: Viewer): Marking {
  const tlpRaw = typeof body.tlp === 'string' ? body.tlp.trim().toLowerCase() : body.tlp;
  if (typeof tlpRaw !== 'string' || tlpRaw === '') throw badRequest('"tlp" is required');
  const tlp = tlpRaw.replace(/^tlp:/, '') as Tlp;
  if (!TLPS.includes(tlp)) throw badRequest(`"tlp" must be one of ${TLPS.map((t) => t.toUpperCase()).join(', ')}`);
  const kind = typeof body.scope === 'string' ? body.scope.trim() : '';
  if (!(SCOPE_KINDS as readonly string[]).includes(kind)) throw badRequest(`"scope" must be one of ${SCOPE_KINDS.join(', ')}`);
  let scope: Scope;
  if (kind === 'peers') {
    const orgIds = idList(body, 'peers').filter((id) => id !== author.orgId);
    if (orgIds.length === 0) throw badRequest('name at least one peer lab to share with, or choose another scope');
    scope = { kind, orgIds };
  } else if (kind === 'providers') {
    const providerIds = idList(body, 'providers');
    scope = providerIds.length ? { kind, providerIds } : { kind };
  } else scope = { kind: kind as 'lab' | 'community' };
  if (tlp === 'amber+strict') {
    if (scope.kind === 'peers' || scope.kind === 'community') throw badRequest('TLP:AMBER+STRICT stays inside your lab: choose the scope "lab" (or named providers), or TLP:AMBER to share with other labs');
    if (scope.kind === 'providers' && scope.providerIds === undefined) throw badRequest('TLP:AMBER+STRICT goes only to providers named one by one: select the providers');
  }
  let recipients: string[] = [];
  if (tlp === 'red') {
    recipients = idList(body, 'recipients');
    if (!recipients.includes(author.userId)) recipients.unshift(author.userId);
    if (recipients.length < 2) throw badRequest('TLP:RED goes only to the people named: name at least one recipient');
  } else if (idList(body, 'recipients').length) {
    throw badRequest('named recipients are for TLP:RED only; the other levels go to the whole scope');
  }
  return { tlp, scope, recipients };
}
