/**
 * @module platform/services/compliance-heatmap
 * The sector heatmap of compliance: one row per provider, one column per recommendation area (the catalog
 * grouped by report/compliance.ts `complianceAreas`), and a last column for all items. Each cell counts the
 * provider's items of the area by status and gives a score:
 *
 *   score = (compliant + ½ × partially compliant) / (compliant + partially + non-compliant)
 *
 * Not applicable and not assessed items are left out of the score; a cell with nothing assessed has no score
 * (null), which is not the same as 0 %. Items of an area that the provider has no status for count as not
 * assessed. The score falls in a band that gives the cell its colour class (below 50 % poor, below 80 % fair,
 * else good; `none` without a score), and the cell always says its percentage and counts in words, so colour is
 * never the only signal. The page component that draws it is web/heatmap.tsx.
 *
 * `trend` turns heatmaps of dated snapshots into a score series per provider and area.
 */
import { COMPLIANCE_STATUSES, type ComplianceArea, type ComplianceStatus } from '../../report/compliance.js';

export type StatusCounts = Record<ComplianceStatus, number>;
export type HeatBand = 'none' | 'poor' | 'fair' | 'good';

export interface HeatmapCell {
  /** The area's id, or null for the all-items column. */
  areaId: string | null;
  counts: StatusCounts;
  /** 0 to 1; null when no item of the cell is compliant, partially compliant or non-compliant. */
  score: number | null;
  band: HeatBand;
}

export interface HeatmapProvider {
  id: string;
  name: string;
}

export interface HeatmapRow {
  provider: HeatmapProvider;
  cells: HeatmapCell[];
  /** Every item of every area. */
  total: HeatmapCell;
}

export interface HeatmapModel {
  columns: Array<{ id: string; label: string; items: number }>;
  rows: HeatmapRow[];
}

/** A provider's statuses by item id (the effective ones: see compliance-proposals.ts `effectiveStatus`). */
export type ProviderStatuses = ReadonlyMap<string, ComplianceStatus>;

const COUNT_WORD: Readonly<Record<ComplianceStatus, string>> = {
  compliant: 'compliant',
  partially: 'partially',
  non_compliant: 'non-compliant',
  not_applicable: 'not applicable',
  not_assessed: 'not assessed',
};

/** The bands in words, for the legend. */
export const BAND_LABEL: Readonly<Record<HeatBand, string>> = { none: 'no score', poor: 'below 50%', fair: '50 to 79%', good: '80% and above' };

function emptyCounts(): StatusCounts {
  return { compliant: 0, partially: 0, non_compliant: 0, not_applicable: 0, not_assessed: 0 };
}

/** The score of a set of counts (see the module comment); null when nothing was assessed. */
export function complianceScore(counts: StatusCounts): number | null {
  const judged = counts.compliant + counts.partially + counts.non_compliant;
  return judged === 0 ? null : (counts.compliant + counts.partially / 2) / judged;
}

/** The colour band of a score. */
export function heatBand(score: number | null): HeatBand {
  if (score === null) return 'none';
  return score < 0.5 ? 'poor' : score < 0.8 ? 'fair' : 'good';
}

/** The percentage shown for a score, rounded down so that 99.6 % never reads as a full 100 %. */
export function scorePercent(score: number): number {
  return Math.floor(score * 100 + 1e-9);
}

function cell(areaId: string | null, itemIds: Iterable<string>, statuses: ProviderStatuses | undefined): HeatmapCell {
  const counts = emptyCounts();
  for (const id of itemIds) counts[statuses?.get(id) ?? 'not_assessed']++;
  const score = complianceScore(counts);
  return { areaId, counts, score, band: heatBand(score) };
}

/**
 * The heatmap's numbers: rows in the order of `providers`, columns in the order of `catalogAreas`. A provider
 * missing from `statusesByProvider` has every item not assessed.
 */
export function heatmapModel(
  providers: readonly HeatmapProvider[],
  statusesByProvider: ReadonlyMap<string, ProviderStatuses>,
  catalogAreas: readonly ComplianceArea[],
): HeatmapModel {
  const allItems = [...new Set(catalogAreas.flatMap((a) => a.itemIds))];
  return {
    columns: catalogAreas.map((a) => ({ id: a.id, label: a.label, items: a.itemIds.length })),
    rows: providers.map((provider) => {
      const statuses = statusesByProvider.get(provider.id);
      return { provider: { id: provider.id, name: provider.name }, cells: catalogAreas.map((a) => cell(a.id, a.itemIds, statuses)), total: cell(null, allItems, statuses) };
    }),
  };
}

/** "3 compliant · 1 non-compliant · 4 not assessed": the non-zero counts, in status order. */
export function countsText(counts: StatusCounts): string {
  return COMPLIANCE_STATUSES.filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${COUNT_WORD[s]}`)
    .join(' · ');
}

// ─── Trends ─────────────────────────────────────────────────────────────────────────────────────────────

export interface TrendSeries {
  provider: HeatmapProvider;
  /** The area's id, or null for all items. */
  areaId: string | null;
  areaLabel: string;
  /** One point per snapshot that has the provider, oldest first. */
  points: Array<{ date: string; score: number | null }>;
  /** Last score minus first score (of the points that have one); null with fewer than two. */
  change: number | null;
  direction: 'up' | 'down' | 'flat' | null;
}

/**
 * Score series per provider and area (and all items) from heatmaps of dated snapshots (the platform builds
 * one `heatmapModel` per snapshot date from the status history). Series are in provider-name order (then id),
 * areas in column order with all items last; a provider absent from a snapshot has no point for its date.
 */
export function trend(points: ReadonlyArray<{ date: string | Date; model: HeatmapModel }>): TrendSeries[] {
  const snapshots = points
    .map((s) => ({ date: new Date(s.date).toISOString(), model: s.model }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const series = new Map<string, TrendSeries>();
  const key = (providerId: string, areaId: string | null): string => `${providerId}\u0000${areaId ?? ''}`;
  for (const s of snapshots) {
    const labels = new Map(s.model.columns.map((c) => [c.id, c.label]));
    for (const r of s.model.rows) {
      for (const c of [...r.cells, r.total]) {
        const k = key(r.provider.id, c.areaId);
        const t = series.get(k) ?? {
          provider: r.provider,
          areaId: c.areaId,
          areaLabel: c.areaId === null ? 'All items' : (labels.get(c.areaId) ?? c.areaId),
          points: [],
          change: null,
          direction: null,
        };
        t.points.push({ date: s.date, score: c.score });
        series.set(k, t);
      }
    }
  }
  const columnOrder = new Map<string, number>();
  for (const s of snapshots) for (const c of s.model.columns) if (!columnOrder.has(c.id)) columnOrder.set(c.id, columnOrder.size);
  const rank = (areaId: string | null): number => (areaId === null ? Number.MAX_SAFE_INTEGER : (columnOrder.get(areaId) ?? columnOrder.size));
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return [...series.values()]
    .map((t) => {
      const scored = t.points.filter((x): x is { date: string; score: number } => x.score !== null);
      if (scored.length < 2) return t;
      const change = (scored[scored.length - 1] as { score: number }).score - (scored[0] as { score: number }).score;
      return { ...t, change, direction: Math.abs(change) < 1e-9 ? ('flat' as const) : change > 0 ? ('up' as const) : ('down' as const) };
    })
    .sort(
      (a, b) =>
        cmp(a.provider.name.toLowerCase(), b.provider.name.toLowerCase()) || cmp(a.provider.id, b.provider.id) || rank(a.areaId) - rank(b.areaId),
    );
}
