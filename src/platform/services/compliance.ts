/**
 * @module platform/services/compliance
 * Provider compliance with the DFS recommendations, on the platform: for each supervised provider and each
 * catalog item, the status a person of the lab confirmed (with evidence that expires) and the status the
 * platform proposes from what it already knows (the latest scans and USSD runs of the provider's apps, and the
 * results the teams of its engagements recorded). The rules live in compliance-proposals.ts (what a piece of
 * evidence says, which status stands) and report/compliance.ts (vocabulary, areas, exports); this module
 * gathers their input from the database, records confirmations, and builds the sector heatmap, its trend and
 * the exports.
 *
 * Confirmations are a history (table `compliance_statuses`, one row per confirmation, nothing deleted): the
 * latest row of a provider and item is its confirmed status. Proposals are computed on every read and are not
 * stored, so the trend over time is over confirmed statuses only: a snapshot at a past date counts, per item,
 * the latest confirmation made by then whose evidence had not expired by then; everything else is "not
 * assessed" in it.
 *
 * Who sees what:
 * - the lab's staff (STAFF) read everything of their lab: proposals with their reasons, confirmations with the
 *   evidence and the note; the writers (WRITERS: administrators, leads, auditors) confirm statuses and accept
 *   proposals, and every confirmation names its assessor and is in the audit log;
 * - a provider's representative reads the compliance of their own provider only, and only the confirmed
 *   statuses (status, assessor, dates): not the proposals (their reasons name findings the lab may not have
 *   released) and not the evidence text or note (the lab's working notes; an accepted proposal's evidence is its
 *   reasons). They do not see the sector heatmap;
 * - anybody else (another organisation, another provider) gets "not found".
 */
import { loadCatalog, type Catalog } from '../../index.js';
import type { Severity } from '../../findings/types.js';
import {
  COMPLIANCE_STATUSES,
  complianceAreas,
  isComplianceStatus,
  renderComplianceCsv,
  renderComplianceOscal,
  type ComplianceArea,
  type ComplianceRecord,
  type ComplianceStatus,
  type Confirmation,
  type ProviderCompliance,
} from '../../report/compliance.js';
import { recordAudit } from '../audit-log.js';
import type { Queryable } from '../db/db.js';
import { badRequest, forbidden, notFound } from '../http/routes.js';
import { PROVIDER_KINDS, STAFF, WRITERS, type Actor, type FindingStatus, type ProviderKind } from '../types.js';
import { heatmapModel, trend, type HeatmapModel, type TrendSeries } from './compliance-heatmap.js';
import {
  complianceRecord,
  effectiveStatus,
  evidenceExpired,
  proposeStatuses,
  type AppEvidence,
  type ConfirmedStatus,
  type PlanRowEvidence,
  type Proposal,
  type ProviderEvidence,
  type ScanEvidence,
} from './compliance-proposals.js';
import { engagementFor } from './engagements.js';
import { getProvider, type Provider } from './providers.js';
import { checksCovering, concludedChecks, planRows } from './test-plan.js';

// ─── The catalog ────────────────────────────────────────────────────────────────────────────────────────

let catalog: Catalog | undefined;
function theCatalog(): Catalog {
  catalog ??= loadCatalog();
  return catalog;
}

/** Every catalog item id, in catalog order. */
export function complianceItemIds(): string[] {
  return [...theCatalog().items.keys()];
}

/** The catalog item of a URL or a form (its exact id, `APP-01`), or "not found". */
export function catalogItemId(id: string): string {
  if (!theCatalog().items.has(id)) throw notFound('no such catalog item');
  return id;
}

/** The catalog's report areas (about thirty), the grouping of a provider's compliance page. */
export function complianceReportAreas(): ComplianceArea[] {
  return complianceAreas(theCatalog(), 'area');
}

/** The broad areas (one per id prefix: App, USSD/STK, ...), the columns of the sector heatmap. */
export function heatmapAreas(): ComplianceArea[] {
  return complianceAreas(theCatalog(), 'prefix');
}

let checkItems: Map<string, string[]> | undefined;
/** Check id → the DFS items it covers (the reverse of test-plan.ts `checksCovering`). */
function itemsOfCheck(checkId: string): string[] {
  if (!checkItems) {
    checkItems = new Map();
    for (const [item, checks] of checksCovering()) {
      for (const c of checks) checkItems.set(c.id, [...(checkItems.get(c.id) ?? []), item]);
    }
  }
  return checkItems.get(checkId) ?? [];
}

// ─── Evidence ───────────────────────────────────────────────────────────────────────────────────────────

function jsonList(v: unknown): string[] {
  const list = typeof v === 'string' ? (JSON.parse(v) as unknown) : v;
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * What the platform knows about one provider, for the proposals (compliance-proposals.ts `ProviderEvidence`):
 * per app, its latest finished scan of each kind (an app's Android or iOS scans, a USSD service's runs) with
 * the findings it saw (their current status) and the checks it ran to a conclusion; and the plan rows of the
 * provider's audit engagements (training engagements are exercises, not evidence), with the result and who
 * decided it as the test plan computes them. `actor` is a staff member of the provider's lab (the engagements
 * are read with their access rules).
 */
export async function providerEvidence(q: Queryable, actor: Actor, providerId: string): Promise<ProviderEvidence> {
  return (await labEvidence(q, actor, [providerId])).get(providerId) ?? { apps: [], rows: [] };
}

/**
 * The evidence of several providers of the caller's lab at once (all of them when `providerIds` is not given):
 * the same as `providerEvidence` for each, read with one query per kind of evidence for all of them rather than
 * a round of queries per provider (the benchmarks and the sector heatmap read every provider of the lab). Only
 * the test plan of each audit engagement is still read per engagement (test-plan.ts `planRows`).
 */
export async function labEvidence(q: Queryable, actor: Actor, providerIds?: readonly string[]): Promise<Map<string, ProviderEvidence>> {
  const some = providerIds !== undefined;
  const wanted = JSON.stringify(providerIds ?? []);
  const inProviders = (col: string, n: number): string => (some ? ` and ${col} in (select x::uuid from jsonb_array_elements_text($${n}::jsonb) as x)` : '');
  const params = some ? [actor.orgId, wanted] : [actor.orgId];
  const out = new Map<string, { apps: AppEvidence[]; rows: PlanRowEvidence[] }>((providerIds ?? []).map((id) => [id, { apps: [], rows: [] }]));
  const evidenceOf = (providerId: string): { apps: AppEvidence[]; rows: PlanRowEvidence[] } => {
    let e = out.get(providerId);
    if (!e) out.set(providerId, (e = { apps: [], rows: [] }));
    return e;
  };
  const apps = await q.query<{ id: string; name: string; provider_id: string }>(
    `select id, name, provider_id from apps where org_id = $1 and provider_id is not null${inProviders('provider_id', 2)} order by lower(name), id`,
    params,
  );
  const scans = await q.query<{ id: string; app_id: string; kind: ScanEvidence['kind']; created_at: Date; version_name: string | null }>(
    `select distinct on (s.app_id, s.kind) s.id, s.app_id, s.kind, s.created_at, s.version_name
       from scans s join apps a on a.id = s.app_id
      where s.org_id = $1 and a.provider_id is not null${inProviders('a.provider_id', 2)} and s.status = 'done'
      order by s.app_id, s.kind, s.created_at desc, s.id desc`,
    params,
  );
  const seen = scans.length
    ? await q.query<{ scan_id: string; id: string; check_id: string; severity: Severity; status: FindingStatus; dfs: unknown }>(
        `select sf.scan_id, f.id, f.check_id, f.severity, f.status, f.data->'references'->'dfs' as dfs
           from scan_findings sf join findings f on f.id = sf.finding_id
          where sf.scan_id in (select x::uuid from jsonb_array_elements_text($1::jsonb) as x) order by f.check_id, f.id`,
        [JSON.stringify(scans.map((s) => s.id))],
      )
    : [];
  const findingsOf = new Map<string, typeof seen>();
  for (const f of seen) findingsOf.set(f.scan_id, [...(findingsOf.get(f.scan_id) ?? []), f]);
  const concluded = new Map((await concludedChecks(q, { scanIds: scans.map((s) => s.id) })).map((c) => [c.scanId, c.checks]));
  for (const app of apps) {
    const appEvidence: AppEvidence = {
      appId: app.id,
      name: app.name,
      scans: scans
        .filter((s) => s.app_id === app.id)
        .map((s) => ({
          scanId: s.id,
          kind: s.kind,
          date: s.created_at,
          version: s.version_name,
          findings: (findingsOf.get(s.id) ?? []).map((f) => ({ id: f.id, checkId: f.check_id, severity: f.severity, status: f.status, items: jsonList(f.dfs) })),
          concluded: (concluded.get(s.id) ?? []).map((checkId) => ({ checkId, items: itemsOfCheck(checkId) })),
        })),
    };
    evidenceOf(app.provider_id).apps.push(appEvidence);
  }

  const engagements = await q.query<{ id: string; provider_id: string }>(
    `select id, provider_id from engagements where org_id = $1 and provider_id is not null${inProviders('provider_id', 2)} and type = 'audit' order by created_at, id`,
    params,
  );
  const plans: Array<{ providerId: string; a: Awaited<ReturnType<typeof engagementFor>>; plan: Awaited<ReturnType<typeof planRows>> }> = [];
  for (const { id, provider_id } of engagements) {
    const a = await engagementFor(q, actor, id);
    plans.push({ providerId: provider_id, a, plan: await planRows(q, a) });
  }
  const findingIds = plans.flatMap((p) => p.plan.map((r) => r.finding_id)).filter((x): x is string => x !== null);
  const statuses = new Map(
    findingIds.length
      ? (
          await q.query<{ id: string; status: FindingStatus }>('select id, status from findings where id in (select x::uuid from jsonb_array_elements_text($1::jsonb) as x)', [
            JSON.stringify(findingIds),
          ])
        ).map((f) => [f.id, f.status])
      : [],
  );
  for (const { providerId, a, plan } of plans) {
    const engagementDate = a.e.starts_on ?? a.e.created_at;
    const rows = evidenceOf(providerId).rows;
    for (const r of plan) {
      rows.push({
        engagementId: a.e.id,
        engagementTitle: a.e.title,
        rowId: r.id,
        itemId: r.item_id,
        result: r.result,
        decidedBy: r.decided_by,
        date: r.tested_at ?? engagementDate,
        severity: (r.severity as Severity | null) ?? null,
        findingStatus: r.finding_id ? (statuses.get(r.finding_id) ?? null) : null,
      });
    }
  }
  return out;
}

// ─── Confirmed statuses ─────────────────────────────────────────────────────────────────────────────────

/** One confirmation of the history. */
export interface ComplianceEntry {
  id: number;
  itemId: string;
  status: ComplianceStatus;
  /** Null in a provider representative's view. */
  evidence: string | null;
  /** Null in a provider representative's view. */
  note: string | null;
  assessor: string;
  assessedAt: Date;
  /** The last day the evidence is valid (`YYYY-MM-DD`, inclusive); null: no expiry. */
  expiresOn: string | null;
  /** Confirmed by accepting the platform's proposal. */
  fromProposal: boolean;
}

interface HistoryRow {
  id: number;
  provider_id: string;
  item_id: string;
  status: ComplianceStatus;
  evidence: string | null;
  note: string | null;
  assessor: string;
  assessed_at: Date;
  expires_on: string | null;
  from_proposal: boolean;
}

const HISTORY_SELECT = `select c.id, c.provider_id, c.item_id, c.status, c.evidence, c.note, u.name as assessor, c.assessed_at,
  c.expires_on::text as expires_on, c.from_proposal
  from compliance_statuses c join users u on u.id = c.assessor_id`;

/** Newest first (per provider and item, the first row is the confirmed status). */
async function historyOf(q: Queryable, orgId: string, providerId?: string): Promise<HistoryRow[]> {
  return q.query<HistoryRow>(`${HISTORY_SELECT} where c.org_id = $1${providerId ? ' and c.provider_id = $2' : ''} order by c.assessed_at desc, c.id desc`, [
    orgId,
    ...(providerId ? [providerId] : []),
  ]);
}

function entryOf(r: HistoryRow, restricted: boolean): ComplianceEntry {
  return {
    id: Number(r.id),
    itemId: r.item_id,
    status: r.status,
    evidence: restricted ? null : r.evidence,
    note: restricted ? null : r.note,
    assessor: r.assessor,
    assessedAt: r.assessed_at,
    expiresOn: r.expires_on,
    fromProposal: r.from_proposal,
  };
}

function confirmedOf(e: ComplianceEntry): ConfirmedStatus {
  return { status: e.status, by: e.assessor, at: e.assessedAt, evidence: e.evidence, expires: e.expiresOn };
}

// ─── A provider's compliance ────────────────────────────────────────────────────────────────────────────

export interface ComplianceItemView {
  itemId: string;
  title: string;
  area: string;
  /** The status that stands (effectiveStatus): the confirmed one while its evidence is valid, else the proposal. */
  status: ComplianceStatus;
  confirmation: Confirmation;
  label: string;
  /** A confirmed status stands, but evidence newer than it proposes another status. */
  newerProposal: boolean;
  /** The platform's proposal; null when no evidence says anything about the item, and in a provider's view. */
  proposal: Proposal | null;
  /** The latest confirmation, with whether its evidence expired. */
  confirmed: (ComplianceEntry & { expired: boolean }) | null;
  /** Every confirmation of the item, newest first. */
  history: ComplianceEntry[];
}

export interface ProviderComplianceView {
  provider: Pick<Provider, 'id' | 'name' | 'kind'>;
  /** When the view was computed (the proposals are of that moment). */
  generatedAt: Date;
  /** A provider representative's view: confirmed statuses only, without evidence texts, notes or proposals. */
  restricted: boolean;
  counts: Record<ComplianceStatus, number>;
  /** Every catalog item, in catalog order. */
  items: ComplianceItemView[];
}

function isStaff(actor: Actor): boolean {
  return STAFF.includes(actor.role);
}

/** A proposal that rests on nothing is no proposal. */
function realProposal(p: Proposal | undefined): Proposal | null {
  return p && p.sources.length > 0 ? p : null;
}

function itemView(itemId: string, entries: ComplianceEntry[], proposal: Proposal | null, restricted: boolean, now: Date): ComplianceItemView {
  const item = theCatalog().items.get(itemId)!;
  const latest = entries[0];
  const e = effectiveStatus(latest ? confirmedOf(latest) : null, proposal, now);
  const expired = latest ? evidenceExpired(latest.expiresOn, now) : false;
  // A provider sees no proposal: an expired confirmation leaves the item to be re-assessed, no more.
  const label = restricted && e.confirmation === 'expired' ? 'Expired, to be re-assessed' : e.label;
  return {
    itemId,
    title: item.title,
    area: item.area,
    status: e.status,
    confirmation: e.confirmation,
    label,
    newerProposal: e.newerProposal,
    proposal,
    confirmed: latest ? { ...latest, expired } : null,
    history: entries,
  };
}

function emptyCounts(): Record<ComplianceStatus, number> {
  return Object.fromEntries(COMPLIANCE_STATUSES.map((s) => [s, 0])) as Record<ComplianceStatus, number>;
}

async function buildView(q: Queryable, actor: Actor, provider: Provider, now: Date, history?: readonly HistoryRow[], evidence?: ProviderEvidence): Promise<ProviderComplianceView> {
  const restricted = !isStaff(actor);
  const itemIds = complianceItemIds();
  const proposals = new Map<string, Proposal>();
  if (!restricted) for (const p of proposeStatuses(evidence ?? (await providerEvidence(q, actor, provider.id)), itemIds)) proposals.set(p.itemId, p);
  const rows = history ?? (await historyOf(q, actor.orgId, provider.id));
  const byItem = new Map<string, ComplianceEntry[]>();
  for (const r of rows) if (r.provider_id === provider.id) byItem.set(r.item_id, [...(byItem.get(r.item_id) ?? []), entryOf(r, restricted)]);
  const counts = emptyCounts();
  const items = itemIds.map((itemId): ComplianceItemView => {
    const view = itemView(itemId, byItem.get(itemId) ?? [], realProposal(proposals.get(itemId)), restricted, now);
    counts[view.status]++;
    return view;
  });
  return { provider: { id: provider.id, name: provider.name, kind: provider.kind }, generatedAt: now, restricted, counts, items };
}

/**
 * The compliance of one provider with every catalog item: what stands, the proposal with its reasons, the
 * confirmed status and its history. A provider representative gets their own provider's, restricted (see the
 * module comment); another organisation's provider is "not found".
 */
export async function providerCompliance(q: Queryable, actor: Actor, providerId: string, o: { now?: Date } = {}): Promise<ProviderComplianceView> {
  const provider = await getProvider(q, actor, providerId);
  return buildView(q, actor, provider, o.now ?? new Date());
}

/** One item of a provider's compliance with what the catalog requires: the item's own page. */
export interface ComplianceItemDetail extends ComplianceItemView {
  provider: Pick<Provider, 'id' | 'name' | 'kind'>;
  generatedAt: Date;
  restricted: boolean;
  /** The catalog's requirement (the item's statement) and how to test it. */
  statement: string;
  howToTest: string | null;
}

/**
 * One provider's compliance with one catalog item (`itemId`, checked against the catalog: "not found" when
 * unknown, after the provider): the same as the item in `providerCompliance`, with the catalog's requirement,
 * computed for that item alone.
 */
export async function complianceItem(q: Queryable, actor: Actor, providerId: string, itemId: string, o: { now?: Date } = {}): Promise<ComplianceItemDetail> {
  const provider = await getProvider(q, actor, providerId);
  catalogItemId(itemId);
  const now = o.now ?? new Date();
  const restricted = !isStaff(actor);
  const proposal = restricted ? null : realProposal(proposeStatuses(await providerEvidence(q, actor, provider.id), [itemId])[0]);
  const rows = await q.query<HistoryRow>(`${HISTORY_SELECT} where c.org_id = $1 and c.provider_id = $2 and c.item_id = $3 order by c.assessed_at desc, c.id desc`, [
    actor.orgId,
    provider.id,
    itemId,
  ]);
  const item = theCatalog().items.get(itemId)!;
  return {
    provider: { id: provider.id, name: provider.name, kind: provider.kind },
    generatedAt: now,
    restricted,
    ...itemView(itemId, rows.map((r) => entryOf(r, restricted)), proposal, restricted, now),
    statement: item.statement,
    howToTest: item.howToTest ?? null,
  };
}

/**
 * The statuses that stand now (`ComplianceItemView.status`) of every provider of the caller's lab, or of the
 * listed ones: provider id → item id → status, from one read of the history and one read of the evidence for
 * all of them (see `labEvidence`). Staff only. The benchmarks and the sector heatmap count these.
 */
export async function effectiveStatuses(q: Queryable, actor: Actor, o: { providerIds?: readonly string[]; now?: Date } = {}): Promise<Map<string, Map<string, ComplianceStatus>>> {
  requireStaff(actor);
  const now = o.now ?? new Date();
  const providers = o.providerIds
    ? await q.query<Provider>('select id, name, kind, country, licence, created_at from providers where org_id = $1 and id in (select x::uuid from jsonb_array_elements_text($2::jsonb) as x)', [
        actor.orgId,
        JSON.stringify(o.providerIds),
      ])
    : await sectorProviders(q, actor);
  return statusesOf(q, actor, providers, now, await historyOf(q, actor.orgId));
}

async function statusesOf(q: Queryable, actor: Actor, providers: readonly Provider[], now: Date, history: readonly HistoryRow[]): Promise<Map<string, Map<string, ComplianceStatus>>> {
  const evidence = await labEvidence(q, actor, providers.map((p) => p.id));
  const out = new Map<string, Map<string, ComplianceStatus>>();
  for (const p of providers) {
    const view = await buildView(q, actor, p, now, history, evidence.get(p.id) ?? { apps: [], rows: [] });
    out.set(p.id, new Map(view.items.map((i) => [i.itemId, i.status])));
  }
  return out;
}

// ─── Filters of a provider's page ───────────────────────────────────────────────────────────────────────

/** What a provider's compliance page shows: one report area, one status that stands, the items to look at. */
export interface ComplianceFilter {
  /** A report area's id (`complianceReportAreas`), or undefined for all. */
  area?: string | undefined;
  /** The status that stands, or undefined for all. */
  status?: ComplianceStatus | undefined;
  /** Only the items that need attention (`needsAttention`). */
  attention?: boolean | undefined;
}

/** The filters of a query string (`?area=&status=&attention=1`): empty means all; an unknown value is a 400. */
export function complianceFilter(query: Readonly<Record<string, string | undefined>>): ComplianceFilter {
  const out: ComplianceFilter = {};
  const area = query.area?.trim();
  if (area) {
    if (!complianceReportAreas().some((a) => a.id === area)) throw badRequest('no such area');
    out.area = area;
  }
  const status = query.status?.trim();
  if (status) {
    if (!isComplianceStatus(status)) throw badRequest(`status must be one of ${COMPLIANCE_STATUSES.join(', ')}`);
    out.status = status;
  }
  const attention = query.attention?.trim();
  if (attention) {
    if (attention !== '1' && attention !== 'true' && attention !== 'on') throw badRequest('attention is 1 or nothing');
    out.attention = true;
  }
  return out;
}

/**
 * Whether a person should look at an item: nothing valid is confirmed (not assessed, only a proposal, or the
 * confirmation's evidence expired), or the platform proposes another status than the confirmed one.
 */
export function needsAttention(i: ComplianceItemView): boolean {
  if (i.confirmation !== 'confirmed') return true;
  return i.proposal !== null && i.confirmed !== null && i.proposal.status !== i.confirmed.status;
}

/** The items of a view that pass a filter, in catalog order. */
export function filterItems(view: ProviderComplianceView, f: ComplianceFilter): ComplianceItemView[] {
  const area = f.area ? new Set(complianceReportAreas().find((a) => a.id === f.area)?.itemIds ?? []) : undefined;
  return view.items.filter((i) => (!area || area.has(i.itemId)) && (!f.status || i.status === f.status) && (!f.attention || needsAttention(i)));
}

// ─── Confirming ─────────────────────────────────────────────────────────────────────────────────────────

export interface ConfirmInput {
  status: string;
  evidence?: string | undefined;
  /** `YYYY-MM-DD`: the last day the evidence is valid (today or later). */
  expiresOn?: string | undefined;
  note?: string | undefined;
}

const MAX_EVIDENCE = 4000;
const MAX_NOTE = 2000;
export const MAX_ACCEPT = 500;

function today(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** A valid `YYYY-MM-DD` that is not in the past, or a 400. */
function expiryDate(s: string | undefined, now: Date): string | null {
  if (s === undefined || s === '') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const d = m ? new Date(`${s}T00:00:00Z`) : undefined;
  if (!m || !d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) throw badRequest('the evidence expiry must be a date (YYYY-MM-DD)');
  if (s < today(now)) throw badRequest('the evidence expiry is in the past: the status would be expired already');
  return s;
}

function requireWriter(actor: Actor): void {
  if (!WRITERS.includes(actor.role)) throw forbidden('only administrators, lead auditors and auditors confirm compliance statuses');
}

/** One status of a bulk confirmation (`confirmStatuses`): an item and what `confirmStatus` takes for it. */
export interface ConfirmItemInput extends ConfirmInput {
  itemId: string;
  /** The status is the platform's proposal, accepted (the history says so). */
  fromProposal?: boolean | undefined;
}

/** One recorded confirmation: its item and the id of its row in the history. */
export interface RecordedConfirmation {
  itemId: string;
  confirmationId: number;
}

interface CheckedConfirmation {
  item_id: string;
  status: ComplianceStatus;
  evidence: string;
  expires_on: string | null;
  note: string | null;
  from_proposal: boolean;
}

function checkConfirmation(input: ConfirmItemInput, now: Date): CheckedConfirmation {
  if (!isComplianceStatus(input.status)) throw badRequest(`status must be one of ${COMPLIANCE_STATUSES.join(', ')}`);
  const evidence = input.evidence?.trim() ?? '';
  if (evidence === '') throw badRequest('say what the status rests on: the evidence is required');
  if (evidence.length > MAX_EVIDENCE) throw badRequest(`the evidence is longer than ${MAX_EVIDENCE} characters`);
  const note = input.note?.trim() || null;
  if (note && note.length > MAX_NOTE) throw badRequest(`the note is longer than ${MAX_NOTE} characters`);
  const expiresOn = expiryDate(input.expiresOn?.trim(), now);
  return { item_id: input.itemId, status: input.status, evidence, expires_on: expiresOn, note, from_proposal: input.fromProposal === true };
}

/**
 * Records a person's status for several items of one provider at once: the same rules as `confirmStatus` for
 * each (a writer of the provider's lab, a catalog item, a status, the evidence required, an expiry today or
 * later), every item checked before anything is written, so a refused list writes nothing; each item once. The
 * rows are appended to the history with one statement (`insert … select from jsonb_to_recordset`), in the
 * order given. `audit: 'each'` (the default) writes one `compliance.confirmed` entry per item, the same entry
 * as `confirmStatus`, with the same statement; `'none'` leaves the audit to the caller (one summarising entry).
 * Call it inside a transaction (db.tx). Returns the new rows' ids, in the order given.
 */
export async function confirmStatuses(
  q: Queryable,
  actor: Actor,
  providerId: string,
  items: readonly ConfirmItemInput[],
  ip?: string,
  o: { now?: Date; audit?: 'each' | 'none' } = {},
): Promise<RecordedConfirmation[]> {
  const provider = await getProvider(q, actor, providerId);
  requireWriter(actor);
  const now = o.now ?? new Date();
  if (items.length === 0) throw badRequest('name at least one item to confirm');
  if (items.length > MAX_ACCEPT) throw badRequest(`at most ${MAX_ACCEPT} items at once`);
  const seen = new Set<string>();
  for (const i of items) {
    if (typeof i.itemId !== 'string' || !theCatalog().items.has(i.itemId)) throw badRequest(`"${String(i.itemId).slice(0, 40)}" is not a catalog item`);
    if (seen.has(i.itemId)) throw badRequest(`${i.itemId} is listed twice`);
    seen.add(i.itemId);
  }
  const checked = items.map((i) => checkConfirmation(i, now));
  const audit = (o.audit ?? 'each') === 'each';
  const rows = await q.query<{ id: number | string; item_id: string }>(
    `with input as (
       select x.item_id, x.status, x.evidence, x.expires_on, x.note, x.from_proposal, x.n
         from rows from (jsonb_to_recordset($4::jsonb) as (item_id text, status text, evidence text, expires_on text, note text, from_proposal boolean))
              with ordinality as x(item_id, status, evidence, expires_on, note, from_proposal, n)
     ), added as (
       insert into compliance_statuses (org_id, provider_id, item_id, status, evidence, assessor_id, expires_on, note, from_proposal)
       select $1, $2, i.item_id, i.status, i.evidence, $3, i.expires_on::date, i.note, i.from_proposal from input i order by i.n
       returning id, item_id, status, expires_on
     ), audited as (
       insert into audit_log (org_id, user_id, action, object_type, object_id, detail, ip)
       select $1, $3, 'compliance.confirmed', 'provider', $2::text,
              jsonb_build_object('itemId', a.item_id, 'status', a.status, 'expiresOn', a.expires_on::text, 'confirmationId', a.id), $5
         from added a join input i on i.item_id = a.item_id where $6::boolean order by i.n
       returning 1
     )
     select a.id, a.item_id from added a join input i on i.item_id = a.item_id order by i.n`,
    [actor.orgId, provider.id, actor.userId, JSON.stringify(checked), ip ?? null, audit],
  );
  return rows.map((r) => ({ itemId: r.item_id, confirmationId: Number(r.id) }));
}

/**
 * Records a person's status for one provider and item (a new row of the history), with the evidence (required:
 * a document reference, a finding, a note of what was seen), the last day it is valid, and a note. Returns the
 * item as it stands afterwards.
 */
export async function confirmStatus(q: Queryable, actor: Actor, providerId: string, itemId: string, input: ConfirmInput, ip?: string, o: { now?: Date } = {}): Promise<ComplianceItemView> {
  await getProvider(q, actor, providerId);
  catalogItemId(itemId);
  requireWriter(actor);
  const now = o.now ?? new Date();
  await confirmStatuses(q, actor, providerId, [{ ...input, itemId }], ip, { now });
  const { provider: _p, generatedAt: _g, restricted: _r, statement: _s, howToTest: _h, ...item } = await complianceItem(q, actor, providerId, itemId, { now });
  return item;
}

/**
 * Confirms the platform's proposal for each listed item: its proposed status, with the proposal's reasons as
 * the evidence text (one per line), and the same expiry for all. An item the platform has no proposal for is
 * refused (there is nothing to accept). The rows are written at once (`confirmStatuses`), with one summarising
 * audit entry. Returns the items as they stand afterwards, in catalog order.
 */
export async function acceptProposals(
  q: Queryable,
  actor: Actor,
  providerId: string,
  itemIds: readonly string[],
  input: { expiresOn?: string | undefined } = {},
  ip?: string,
  o: { now?: Date } = {},
): Promise<ComplianceItemView[]> {
  const provider = await getProvider(q, actor, providerId);
  requireWriter(actor);
  const now = o.now ?? new Date();
  const wanted = [...new Set(itemIds)];
  if (wanted.length === 0) throw badRequest('select at least one item whose proposal to accept');
  if (wanted.length > MAX_ACCEPT) throw badRequest(`at most ${MAX_ACCEPT} items at once`);
  for (const id of wanted) if (!theCatalog().items.has(id)) throw badRequest(`"${id.slice(0, 40)}" is not a catalog item`);
  const expiresOn = expiryDate(input.expiresOn?.trim(), now) ?? undefined;
  const evidence = await providerEvidence(q, actor, provider.id);
  const proposals = proposeStatuses(evidence, wanted);
  const none = proposals.filter((p) => realProposal(p) === null).map((p) => p.itemId);
  if (none.length) throw badRequest(`the platform has no proposal to accept for ${none.join(', ')}`);
  await confirmStatuses(
    q,
    actor,
    provider.id,
    proposals.map((p) => ({ itemId: p.itemId, status: p.status, evidence: p.reasons.join('\n').slice(0, MAX_EVIDENCE), expiresOn, note: "Accepted the platform's proposal.", fromProposal: true })),
    ip,
    { now, audit: 'none' },
  );
  await recordAudit(
    q,
    actor,
    { action: 'compliance.proposals_accepted', objectType: 'provider', objectId: provider.id, detail: { items: proposals.map((p) => ({ itemId: p.itemId, status: p.status })), expiresOn: expiresOn ?? null } },
    ip,
  );
  const view = await buildView(q, actor, provider, now, undefined, evidence);
  const accepted = new Set(wanted);
  return view.items.filter((i) => accepted.has(i.itemId));
}

// ─── The sector ─────────────────────────────────────────────────────────────────────────────────────────

function requireStaff(actor: Actor): void {
  if (!isStaff(actor)) throw forbidden('the sector view is for the lab');
}

/** The provider-kind filter of a query string: undefined for all, else one of PROVIDER_KINDS (or a 400). */
export function providerKindFilter(kind: string | undefined): ProviderKind | undefined {
  if (kind === undefined || kind === '') return undefined;
  if (!(PROVIDER_KINDS as readonly string[]).includes(kind)) throw badRequest(`kind must be one of ${PROVIDER_KINDS.join(', ')}`);
  return kind as ProviderKind;
}

async function sectorProviders(q: Queryable, actor: Actor, kind?: ProviderKind): Promise<Provider[]> {
  return q.query<Provider>(
    `select id, name, kind, country, licence, created_at from providers where org_id = $1${kind ? ' and kind = $2' : ''} order by lower(name), name, id`,
    [actor.orgId, ...(kind ? [kind] : [])],
  );
}

export interface SectorCompliance {
  kind: ProviderKind | null;
  generatedAt: Date;
  /** The heatmap of the statuses that stand now (proposals where nothing valid is confirmed). */
  heatmap: HeatmapModel;
  /** The snapshot dates of the trend (`YYYY-MM-DD`), oldest first; the last is today. */
  trendDates: string[];
  /** Score series per provider and area over the snapshots, of confirmed statuses only (see the module comment). */
  trend: TrendSeries[];
}

/**
 * The snapshot dates of the trend: the last day of each of the five months before this one, and today (six
 * points over about half a year).
 */
export function trendDates(now: Date, points = 6): string[] {
  const dates: string[] = [];
  for (let back = points - 1; back >= 1; back--) {
    // Day 0 of a month is the last day of the month before it.
    dates.push(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back + 1, 0)).toISOString().slice(0, 10));
  }
  dates.push(today(now));
  return dates;
}

/**
 * The confirmed statuses as they stood at the end of the day `date`: per provider and item, the latest
 * confirmation made by then whose evidence was still valid that day.
 */
export function confirmedAsOf(history: readonly HistoryRow[], date: string): Map<string, Map<string, ComplianceStatus>> {
  const end = new Date(`${date}T23:59:59.999Z`);
  const out = new Map<string, Map<string, ComplianceStatus>>();
  const decided = new Set<string>();
  // `history` is newest first: the first row made by `date` is the one that stood.
  for (const r of history) {
    if (new Date(r.assessed_at) > end) continue;
    const key = `${r.provider_id}\u0000${r.item_id}`;
    if (decided.has(key)) continue;
    decided.add(key);
    if (r.expires_on !== null && r.expires_on < date) continue;
    const m = out.get(r.provider_id) ?? new Map<string, ComplianceStatus>();
    m.set(r.item_id, r.status);
    out.set(r.provider_id, m);
  }
  return out;
}

/**
 * The sector: every provider of the lab (of one kind, when asked) × the broad recommendation areas, from the
 * statuses that stand now; and the trend of the confirmed statuses over the last months. Staff only.
 */
export async function sectorCompliance(q: Queryable, actor: Actor, o: { kind?: ProviderKind | undefined; now?: Date } = {}): Promise<SectorCompliance> {
  requireStaff(actor);
  const now = o.now ?? new Date();
  const providers = await sectorProviders(q, actor, o.kind);
  const history = await historyOf(q, actor.orgId);
  const statuses = await statusesOf(q, actor, providers, now, history);
  const areas = heatmapAreas();
  const dates = trendDates(now);
  const points = dates.map((date) => ({ date: `${date}T23:59:59.999Z`, model: heatmapModel(providers, confirmedAsOf(history, date), areas) }));
  return { kind: o.kind ?? null, generatedAt: now, heatmap: heatmapModel(providers, statuses, areas), trendDates: dates, trend: trend(points) };
}

// ─── Exports ────────────────────────────────────────────────────────────────────────────────────────────

export const COMPLIANCE_EXPORT_FORMATS = ['csv', 'oscal'] as const;
export type ComplianceExportFormat = (typeof COMPLIANCE_EXPORT_FORMATS)[number];

function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'provider'
  );
}

function recordsOf(view: ProviderComplianceView, now: Date): ComplianceRecord[] {
  return view.items.map((i) => {
    const r = complianceRecord(i.itemId, i.confirmed ? confirmedOf(i.confirmed) : null, i.proposal, now);
    return view.restricted ? { ...r, evidence: null } : r;
  });
}

/**
 * The compliance of one provider (`providerId`) or of the sector (every provider of the lab, of one kind when
 * asked) as CSV or OSCAL assessment results. A provider representative gets their own provider's only (the
 * restricted view: confirmed statuses, no proposals, no evidence text), whether or not they name it.
 */
export async function complianceExport(
  q: Queryable,
  actor: Actor,
  o: { format: ComplianceExportFormat; providerId?: string | undefined; kind?: ProviderKind | undefined; now?: Date },
): Promise<{ fileName: string; contentType: string; body: string }> {
  const now = o.now ?? new Date();
  let providers: Provider[];
  if (o.providerId || actor.role === 'provider') {
    const id = o.providerId ?? actor.providerId;
    if (!id) throw notFound('no such provider');
    providers = [await getProvider(q, actor, id)];
  } else {
    requireStaff(actor);
    providers = await sectorProviders(q, actor, o.kind);
  }
  const history = await historyOf(q, actor.orgId, providers.length === 1 ? providers[0]!.id : undefined);
  const evidence = isStaff(actor) ? await labEvidence(q, actor, providers.map((p) => p.id)) : new Map<string, ProviderEvidence>();
  const list: ProviderCompliance[] = [];
  for (const p of providers) {
    const view = await buildView(q, actor, p, now, history, evidence.get(p.id) ?? { apps: [], rows: [] });
    list.push({ id: p.id, name: p.name, records: recordsOf(view, now) });
  }
  const name = `compliance-${providers.length === 1 && (o.providerId || actor.role === 'provider') ? slug(providers[0]!.name) : o.kind ? `sector-${o.kind}` : 'sector'}-${today(now)}`;
  const items = theCatalog();
  if (o.format === 'csv') return { fileName: `${name}.csv`, contentType: 'text/csv; charset=utf-8', body: renderComplianceCsv(list, items) };
  const [org] = await q.query<{ name: string }>('select name from orgs where id = $1', [actor.orgId]);
  return {
    fileName: `${name}.oscal.json`,
    contentType: 'application/json; charset=utf-8',
    body: renderComplianceOscal(list, items, { generatedAt: now, ...(org ? { lab: org.name } : {}) }),
  };
}
