/**
 * @module platform/services/benchmarks
 * Anonymised benchmarking between the labs of one instance (issue 8): a lab publishes aggregate figures about
 * the providers it supervises to the community (every lab on the instance), and compares itself with the
 * community's aggregate, without any provider being named or singled out.
 *
 * The figures of a lab (`benchmarkFigures`, pure):
 * - per broad catalog area (compliance.ts `heatmapAreas`) and per catalog item, the share of the lab's
 *   assessed providers that are compliant, partially compliant and non-compliant, from the statuses that stand
 *   (compliance.ts `effectiveStatuses`, read for every provider of the lab at once: the confirmed status while its evidence is valid, else the platform's
 *   proposal). A provider is assessed on an item when its status is one of those three (not applicable and not
 *   assessed are left out). In an area, a provider counts as compliant when every item it is assessed on is
 *   compliant, as non-compliant when every such item is non-compliant, and as partially compliant otherwise;
 * - the most frequent app weaknesses: per check, the share of the lab's scanned providers (at least one
 *   finished scan of one of their apps) with an unresolved finding (open, confirmed, assigned) of that check.
 *   Only the ids of the engine's checks, USSD tests and manual catalog tests are published (a finding's check id
 *   is never free text in a publication).
 *
 * What keeps a provider from being recognised:
 * - the minimum-group rule: a figure is published only when at least K providers (K = `MIN_GROUP`, 3) are in
 *   its group (assessed on the item or area; scanned, for the weaknesses). A smaller group is suppressed: it
 *   shows "fewer than 3" and no share, so a figure never describes one or two providers;
 * - rounding: shares are whole percentages, and provider counts are bands ("3–5", "6–10", "11–20", "> 20"),
 *   never exact numbers;
 * - nothing else: the figures hold catalog area and item ids, check ids, bands and percentages. No provider
 *   name or id, app name or identifier, finding text or person enters them (the pure function never receives
 *   any of these), and the publication row's `published_by` is shown to the lab itself only.
 *
 * The community aggregate of a period (`communityFigures`, pure) combines the current (not withdrawn)
 * publication of each lab for that period. It is the unweighted mean of the labs' shares — each lab counts once,
 * "in a typical lab, x% of the providers …" — rather than a mean weighted by provider band midpoints: the bands
 * are coarse and the open band "> 20" has no midpoint, so the weights would be guesses, and a large lab would
 * otherwise dominate the picture that smaller labs compare themselves with. The same minimum-group rule applies
 * to labs: nothing of the community is shown until at least `MIN_LABS` (3) labs published for the period, and a
 * single figure (an item, an area, the weaknesses) is shown only when at least 3 labs published it unsuppressed
 * (with two, a lab could subtract its own share from the mean and read the other lab's). Which labs published
 * is never shown, only how many.
 *
 * Who may do what: the lab's staff (STAFF) read their lab's figures, their publications and the community
 * aggregate; the managers (MANAGERS) publish and withdraw; provider representatives get 403.
 */
import { randomUUID } from 'node:crypto';
import { allChecks, loadCatalog, ussdTests, type Catalog } from '../../index.js';
import type { ComplianceArea, ComplianceStatus } from '../../report/compliance.js';
import { recordAudit } from '../audit-log.js';
import type { Queryable } from '../db/db.js';
import { badRequest, conflict, forbidden, isUuid, notFound } from '../http/routes.js';
import { MANAGERS, STAFF, type Actor } from '../types.js';
import { complianceItemIds, effectiveStatuses, heatmapAreas } from './compliance.js';
import { manualCheckId } from './manual-tests.js';

// ─── The rules ──────────────────────────────────────────────────────────────────────────────────────────

/** K: the fewest providers a published figure may describe (the minimum-group rule). */
export const MIN_GROUP = 3;
/** The fewest labs whose figures the community aggregate combines. */
export const MIN_LABS = 3;
/** How many weaknesses the pages list (the API and the publication hold every check with a non-zero share). */
export const TOP_WEAKNESSES = 10;

/** The judged statuses: a provider is assessed on an item when its status is one of these. */
export const JUDGED = ['compliant', 'partially', 'non_compliant'] as const;
export type Judged = (typeof JUDGED)[number];

/** Shares of a group in whole percent. They need not add up to 100 (each is rounded on its own). */
export type Shares = Record<Judged, number>;

/** The upper bounds of the provider-count bands (the last band is open). */
const BANDS: ReadonlyArray<readonly [number, number]> = [
  [3, 5],
  [6, 10],
  [11, 20],
];

/**
 * A provider count as a band: "fewer than K" below the minimum group, else "3–5", "6–10", "11–20" or "> 20".
 * Exact small numbers are never shown.
 */
export function providerBand(n: number, k = MIN_GROUP): string {
  if (n < k) return `fewer than ${k}`;
  for (const [low, high] of BANDS) if (n <= high) return `${low}–${high}`;
  return '> 20';
}

/** A share of a whole in whole percent (0 when the whole is empty). */
export function percent(part: number, whole: number): number {
  return whole <= 0 ? 0 : Math.round((100 * part) / whole);
}

// ─── The figures of a lab ───────────────────────────────────────────────────────────────────────────────

/** One group of providers (an item, an area): its size as a band, and its shares unless suppressed. */
export interface GroupFigure {
  /** `providerBand` of the providers assessed. */
  assessed: string;
  /** Null: fewer than K providers are assessed (suppressed). */
  shares: Shares | null;
}

export interface ItemFigure extends GroupFigure {
  itemId: string;
}

export interface AreaFigure extends GroupFigure {
  areaId: string;
  items: ItemFigure[];
}

export interface WeaknessFigure {
  checkId: string;
  /** Whole percent of the scanned providers with an unresolved finding of the check. */
  share: number;
}

export interface WeaknessFigures {
  /** `providerBand` of the providers with at least one finished scan. */
  scanned: string;
  /** Fewer than K providers were scanned: no check is published. */
  suppressed: boolean;
  /** Every published check with a non-zero share, most frequent first (then by id). */
  checks: WeaknessFigure[];
}

/** What a lab publishes (the `figures` of a publication). */
export interface BenchmarkFigures {
  version: 1;
  /** The K the figures were computed with. */
  minGroup: number;
  /** `providerBand` of every provider of the lab. */
  providers: string;
  areas: AreaFigure[];
  weaknesses: WeaknessFigures;
}

/**
 * The input of the figures: one entry per provider of the lab, with nothing that names it — its effective
 * status per item, and, for a scanned provider, the checks it has an unresolved finding of.
 */
export interface AnonymousProvider {
  statuses: ReadonlyMap<string, ComplianceStatus>;
  /** Null: none of the provider's apps has a finished scan. */
  unresolvedChecks: ReadonlySet<string> | null;
}

function isJudged(s: ComplianceStatus | undefined): s is Judged {
  return s === 'compliant' || s === 'partially' || s === 'non_compliant';
}

function group(statuses: readonly Judged[], k: number): GroupFigure {
  const n = statuses.length;
  if (n < k) return { assessed: providerBand(n, k), shares: null };
  const count = (s: Judged): number => statuses.filter((x) => x === s).length;
  return { assessed: providerBand(n, k), shares: { compliant: percent(count('compliant'), n), partially: percent(count('partially'), n), non_compliant: percent(count('non_compliant'), n) } };
}

/** A provider's status in an area (see the module comment); undefined when it is assessed on none of its items. */
export function areaStatus(statuses: ReadonlyMap<string, ComplianceStatus>, itemIds: readonly string[]): Judged | undefined {
  const judged = itemIds.map((id) => statuses.get(id)).filter(isJudged);
  if (judged.length === 0) return undefined;
  if (judged.every((s) => s === 'compliant')) return 'compliant';
  if (judged.every((s) => s === 'non_compliant')) return 'non_compliant';
  return 'partially';
}

/** Whether a check id may be published: an engine check, a USSD test, or a manual test of a catalog item. */
export type KnownCheck = (checkId: string) => boolean;

/**
 * The figures of a lab from its anonymous providers (see the module comment for the rules). `areas` gives the
 * order and grouping of the items; `knownCheck` keeps anything but a registry check id out of the weaknesses.
 */
export function benchmarkFigures(providers: readonly AnonymousProvider[], areas: readonly ComplianceArea[], knownCheck: KnownCheck, k = MIN_GROUP): BenchmarkFigures {
  const areaFigures = areas.map((area): AreaFigure => {
    const items = area.itemIds.map((itemId): ItemFigure => ({ itemId, ...group(providers.map((p) => p.statuses.get(itemId)).filter(isJudged), k) }));
    const inArea = providers.map((p) => areaStatus(p.statuses, area.itemIds)).filter((s): s is Judged => s !== undefined);
    return { areaId: area.id, ...group(inArea, k), items };
  });
  const scanned = providers.filter((p) => p.unresolvedChecks !== null);
  const suppressed = scanned.length < k;
  const counts = new Map<string, number>();
  if (!suppressed) {
    for (const p of scanned) for (const checkId of p.unresolvedChecks!) if (knownCheck(checkId)) counts.set(checkId, (counts.get(checkId) ?? 0) + 1);
  }
  const checks = [...counts]
    .map(([checkId, n]) => ({ checkId, share: percent(n, scanned.length) }))
    .filter((c) => c.share > 0)
    .sort((a, b) => b.share - a.share || (a.checkId < b.checkId ? -1 : a.checkId > b.checkId ? 1 : 0));
  return {
    version: 1,
    minGroup: k,
    providers: providerBand(providers.length, k),
    areas: areaFigures,
    weaknesses: { scanned: providerBand(scanned.length, k), suppressed, checks },
  };
}

// ─── The community ──────────────────────────────────────────────────────────────────────────────────────

/** A community figure: how many labs it combines, and the mean of their shares (null: fewer than MIN_LABS). */
export interface CommunityGroup {
  labs: number;
  shares: Shares | null;
}

export interface CommunityItem extends CommunityGroup {
  itemId: string;
}

export interface CommunityArea extends CommunityGroup {
  areaId: string;
  items: CommunityItem[];
}

export interface CommunityFigures {
  /** How many labs published for the period (current publications). */
  labs: number;
  /** At least MIN_LABS labs published: the figures below are shown. */
  enough: boolean;
  minLabs: number;
  /** Empty unless `enough`. */
  areas: CommunityArea[];
  /** Null unless at least MIN_LABS labs published unsuppressed weaknesses. */
  weaknesses: { labs: number; checks: WeaknessFigure[] } | null;
}

function meanShares(list: readonly Shares[], minLabs: number): CommunityGroup {
  if (list.length < minLabs) return { labs: list.length, shares: null };
  const mean = (s: Judged): number => Math.round(list.reduce((sum, x) => sum + x[s], 0) / list.length);
  return { labs: list.length, shares: { compliant: mean('compliant'), partially: mean('partially'), non_compliant: mean('non_compliant') } };
}

/**
 * The community aggregate of the labs' figures (one entry per lab): per area and item, the unweighted mean of
 * the shares of the labs that published it unsuppressed, when at least `minLabs` did; per check, the mean share
 * over the labs that published their weaknesses (a check a lab did not list counts as 0 % there). Nothing at
 * all when fewer than `minLabs` labs published. The areas and items are those of `areas` (the catalog today).
 */
export function communityFigures(labs: readonly BenchmarkFigures[], areas: readonly ComplianceArea[], minLabs = MIN_LABS): CommunityFigures {
  const enough = labs.length >= minLabs;
  if (!enough) return { labs: labs.length, enough, minLabs, areas: [], weaknesses: null };
  const areaOf = labs.map((l) => new Map(l.areas.map((a) => [a.areaId, a])));
  const itemOf = labs.map((l) => new Map(l.areas.flatMap((a) => a.items.map((i) => [i.itemId, i] as const))));
  const sharesOf = (list: ReadonlyArray<GroupFigure | undefined>): Shares[] => list.map((g) => g?.shares ?? null).filter((s): s is Shares => s !== null);
  const communityAreas = areas.map(
    (area): CommunityArea => ({
      areaId: area.id,
      ...meanShares(sharesOf(areaOf.map((m) => m.get(area.id))), minLabs),
      items: area.itemIds.map((itemId): CommunityItem => ({ itemId, ...meanShares(sharesOf(itemOf.map((m) => m.get(itemId))), minLabs) })),
    }),
  );
  const withWeaknesses = labs.filter((l) => !l.weaknesses.suppressed);
  let weaknesses: CommunityFigures['weaknesses'] = null;
  if (withWeaknesses.length >= minLabs) {
    const sums = new Map<string, number>();
    for (const l of withWeaknesses) for (const c of l.weaknesses.checks) sums.set(c.checkId, (sums.get(c.checkId) ?? 0) + c.share);
    const checks = [...sums]
      .map(([checkId, sum]) => ({ checkId, share: Math.round(sum / withWeaknesses.length) }))
      .filter((c) => c.share > 0)
      .sort((a, b) => b.share - a.share || (a.checkId < b.checkId ? -1 : a.checkId > b.checkId ? 1 : 0));
    weaknesses = { labs: withWeaknesses.length, checks };
  }
  return { labs: labs.length, enough, minLabs, areas: communityAreas, weaknesses };
}

// ─── Periods ────────────────────────────────────────────────────────────────────────────────────────────

const PERIOD = /^(\d{4})(?:-(Q[1-4]|H[12]))?$/;

/** A period label (`2026`, `2026-H2`, `2026-Q4`; `q4` is read as `Q4`), or a 400. */
export function periodLabel(s: string | undefined): string {
  const v = (s ?? '').trim().toUpperCase();
  const m = PERIOD.exec(v);
  if (!m || Number(m[1]) < 2000 || Number(m[1]) > 2999) throw badRequest('the period must be a year (2026), a half-year (2026-H2) or a quarter (2026-Q4)');
  return v;
}

/** The quarter of a date, as a period label (`2026-Q4`). */
export function currentPeriod(now: Date): string {
  return `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
}

// ─── The catalog and the check registry ─────────────────────────────────────────────────────────────────

let catalog: Catalog | undefined;
function theCatalog(): Catalog {
  catalog ??= loadCatalog();
  return catalog;
}

let checkTitles: Map<string, string> | undefined;
function registry(): Map<string, string> {
  if (!checkTitles) {
    checkTitles = new Map();
    for (const c of allChecks) checkTitles.set(c.id, c.meta.title);
    for (const t of ussdTests) checkTitles.set(t.id, t.meta.title);
    for (const itemId of complianceItemIds()) checkTitles.set(manualCheckId(itemId), `Manual test: ${theCatalog().items.get(itemId)?.title ?? itemId}`);
  }
  return checkTitles;
}

/** Whether a check id is one the figures may hold (see `KnownCheck`). */
export const knownCheck: KnownCheck = (checkId) => registry().has(checkId);

/** The title of a published check id (the id itself if the registry no longer has it). */
export function checkTitle(checkId: string): string {
  return registry().get(checkId) ?? checkId;
}

/** The title of a catalog item (its id if the catalog no longer has it). */
export function itemTitle(itemId: string): string {
  return theCatalog().items.get(itemId)?.title ?? itemId;
}

/** The broad areas the figures are grouped by (the columns of the sector heatmap). */
export function benchmarkAreas(): ComplianceArea[] {
  return heatmapAreas();
}

// ─── Access ─────────────────────────────────────────────────────────────────────────────────────────────

function requireStaff(actor: Actor): void {
  if (!STAFF.includes(actor.role)) throw forbidden('benchmarking is for the lab');
}

function requireManager(actor: Actor): void {
  if (!MANAGERS.includes(actor.role)) throw forbidden('only administrators and lead auditors publish or withdraw benchmark figures');
}

// ─── From the database ──────────────────────────────────────────────────────────────────────────────────

const UNRESOLVED = ['open', 'confirmed', 'assigned'];

/**
 * The lab's providers, without their names: each one's effective statuses and, when scanned, the checks it has
 * an unresolved finding of. Staff only.
 */
export async function anonymousProviders(q: Queryable, actor: Actor, o: { now?: Date } = {}): Promise<AnonymousProvider[]> {
  requireStaff(actor);
  const providers = await q.query<{ id: string }>('select id from providers where org_id = $1 order by id', [actor.orgId]);
  const scanned = new Set(
    (
      await q.query<{ provider_id: string }>(
        "select distinct a.provider_id from scans s join apps a on a.org_id = s.org_id and a.id = s.app_id where s.org_id = $1 and s.status = 'done'",
        [actor.orgId],
      )
    ).map((r) => r.provider_id),
  );
  const unresolved = await q.query<{ provider_id: string; check_id: string }>(
    `select distinct a.provider_id, f.check_id from findings f join apps a on a.org_id = f.org_id and a.id = f.app_id
      where f.org_id = $1 and f.status in (select jsonb_array_elements_text($2::jsonb))`,
    [actor.orgId, JSON.stringify(UNRESOLVED)],
  );
  // Every provider's statuses in one set-based read of the compliance (not one provider at a time).
  const statuses = await effectiveStatuses(q, actor, { ...(o.now ? { now: o.now } : {}) });
  return providers.map((p) => ({
    statuses: statuses.get(p.id) ?? new Map<string, ComplianceStatus>(),
    unresolvedChecks: scanned.has(p.id) ? new Set(unresolved.filter((r) => r.provider_id === p.id).map((r) => r.check_id)) : null,
  }));
}

/** The lab's figures as they would be published now. Staff only. */
export async function labFigures(q: Queryable, actor: Actor, o: { now?: Date } = {}): Promise<BenchmarkFigures> {
  return benchmarkFigures(await anonymousProviders(q, actor, o), benchmarkAreas(), knownCheck);
}

/** A publication as the lab that made it sees it. */
export interface Publication {
  id: string;
  period: string;
  publishedAt: Date;
  publishedBy: string;
  withdrawnAt: Date | null;
  /** Withdrawn because the lab published again for the same period. */
  replaced: boolean;
  figures: BenchmarkFigures;
}

interface PublicationRow {
  id: string;
  period: string;
  published_at: Date;
  published_by: string;
  withdrawn_at: Date | null;
  replaced_by: string | null;
  figures: unknown;
}

function figuresOf(v: unknown): BenchmarkFigures {
  return (typeof v === 'string' ? JSON.parse(v) : v) as BenchmarkFigures;
}

function publicationOf(r: PublicationRow): Publication {
  return { id: r.id, period: r.period, publishedAt: r.published_at, publishedBy: r.published_by, withdrawnAt: r.withdrawn_at, replaced: r.replaced_by !== null, figures: figuresOf(r.figures) };
}

const PUBLICATION_SELECT = `select b.id, b.period, b.published_at, u.name as published_by, b.withdrawn_at, b.replaced_by, b.figures
  from benchmark_publications b join users u on u.id = b.published_by`;

/** The lab's own publications, newest first (withdrawn ones too). Staff only. */
export async function listPublications(q: Queryable, actor: Actor): Promise<Publication[]> {
  requireStaff(actor);
  return (await q.query<PublicationRow>(`${PUBLICATION_SELECT} where b.org_id = $1 order by b.published_at desc, b.id desc`, [actor.orgId])).map(publicationOf);
}

/**
 * Publishes the lab's figures as they are now for a period. A current publication of the lab for the same period
 * is withdrawn and replaced (one current publication per lab and period). Managers only.
 */
export async function publishBenchmark(q: Queryable, actor: Actor, input: { period?: string | undefined }, ip?: string, o: { now?: Date } = {}): Promise<Publication> {
  requireManager(actor);
  const period = periodLabel(input.period);
  const figures = await labFigures(q, actor, o);
  const id = randomUUID();
  const replaced = await q.query<{ id: string }>(
    'update benchmark_publications set withdrawn_at = now(), withdrawn_by = $3, replaced_by = $4 where org_id = $1 and period = $2 and withdrawn_at is null returning id',
    [actor.orgId, period, actor.userId, id],
  );
  try {
    await q.query('insert into benchmark_publications (id, org_id, period, published_by, figures) values ($1, $2, $3, $4, $5)', [id, actor.orgId, period, actor.userId, JSON.stringify(figures)]);
  } catch (e) {
    if ((e as { code?: string }).code === '23505') throw conflict(`the lab is publishing for ${period} at the same time from elsewhere: try again`);
    throw e;
  }
  await recordAudit(q, actor, { action: 'benchmark.published', objectType: 'benchmark_publication', objectId: id, detail: { period, replaced: replaced.map((r) => r.id) } }, ip);
  const [row] = await q.query<PublicationRow>(`${PUBLICATION_SELECT} where b.id = $1`, [id]);
  return publicationOf(row!);
}

/** Withdraws one of the lab's publications: it is kept (the lab still lists it) but left out of the community. Managers only. */
export async function withdrawPublication(q: Queryable, actor: Actor, publicationId: string, ip?: string): Promise<Publication> {
  requireStaff(actor);
  if (!isUuid(publicationId)) throw notFound('no such publication');
  const [row] = await q.query<{ id: string; withdrawn_at: Date | null; period: string }>(
    'select id, withdrawn_at, period from benchmark_publications where org_id = $1 and id = $2 for update',
    [actor.orgId, publicationId],
  );
  if (!row) throw notFound('no such publication');
  requireManager(actor);
  if (row.withdrawn_at) throw conflict('this publication is already withdrawn');
  await q.query('update benchmark_publications set withdrawn_at = now(), withdrawn_by = $2 where id = $1', [row.id, actor.userId]);
  await recordAudit(q, actor, { action: 'benchmark.withdrawn', objectType: 'benchmark_publication', objectId: row.id, detail: { period: row.period } }, ip);
  const [after] = await q.query<PublicationRow>(`${PUBLICATION_SELECT} where b.id = $1`, [row.id]);
  return publicationOf(after!);
}

/**
 * The community aggregate of a period, over the current publication of every lab of the instance (this lab's
 * included). Only aggregates leave this function: no lab, publication or person. Staff of any lab.
 */
export async function communityBenchmark(q: Queryable, actor: Actor, period: string): Promise<CommunityFigures & { period: string }> {
  requireStaff(actor);
  const p = periodLabel(period);
  const rows = await q.query<{ figures: unknown }>(
    `select distinct on (org_id) figures from benchmark_publications where period = $1 and withdrawn_at is null order by org_id, published_at desc, id desc`,
    [p],
  );
  return { period: p, ...communityFigures(rows.map((r) => figuresOf(r.figures)), benchmarkAreas()) };
}

/** The periods with at least one current publication on the instance, newest first, with how many labs published. */
export async function communityPeriods(q: Queryable, actor: Actor): Promise<Array<{ period: string; labs: number }>> {
  requireStaff(actor);
  const rows = await q.query<{ period: string; labs: number | string }>(
    'select period, count(distinct org_id) as labs from benchmark_publications where withdrawn_at is null group by period order by period desc',
  );
  return rows.map((r) => ({ period: r.period, labs: Number(r.labs) }));
}

/** Everything the benchmarks page and `GET /api/v1/benchmarks` show. */
export interface BenchmarkOverview {
  /** The period of the comparison (asked, else the current quarter). */
  period: string;
  /** The lab's figures now. */
  preview: BenchmarkFigures;
  /** What the comparison puts next to the community: the lab's publication for the period, else the preview. */
  own: { source: 'publication' | 'preview'; figures: BenchmarkFigures };
  publications: Publication[];
  community: CommunityFigures & { period: string };
  periods: Array<{ period: string; labs: number }>;
}

/** The lab's figures, its publications and the comparison with the community for a period. Staff only. */
export async function benchmarkOverview(q: Queryable, actor: Actor, o: { period?: string | undefined; now?: Date } = {}): Promise<BenchmarkOverview> {
  requireStaff(actor);
  const now = o.now ?? new Date();
  const period = o.period === undefined || o.period === '' ? currentPeriod(now) : periodLabel(o.period);
  const preview = await labFigures(q, actor, { now });
  const publications = await listPublications(q, actor);
  const published = publications.find((p) => p.period === period && p.withdrawnAt === null);
  return {
    period,
    preview,
    own: published ? { source: 'publication', figures: published.figures } : { source: 'preview', figures: preview },
    publications,
    community: await communityBenchmark(q, actor, period),
    periods: await communityPeriods(q, actor),
  };
}
