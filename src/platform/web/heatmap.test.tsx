import { describe, expect, it } from 'vitest';
import { staticProblems, text } from '../../../test/platform/page-helpers.js';
import { h } from './jsx.js';
import { loadCatalog } from '../../catalog/index.js';
import { complianceAreas, type ComplianceArea, type ComplianceStatus } from '../../report/compliance.js';
import { complianceScore, countsText, heatBand, Heatmap, heatmapModel, scorePercent, trend, type HeatmapModel } from './heatmap.js';

const areas: ComplianceArea[] = [
  { id: 'app', label: 'App', itemIds: ['APP-01', 'APP-02', 'APP-03', 'APP-04'] },
  { id: 'ussd', label: 'USSD/STK', itemIds: ['USSD-01', 'USSD-02'] },
  { id: 'gov', label: 'Governance', itemIds: ['GOV-01'] },
];
const statuses = (entries: Record<string, ComplianceStatus>): Map<string, ComplianceStatus> => new Map(Object.entries(entries));

const providers = [
  { id: 'p1', name: 'MobiCash <Ltd>' },
  { id: 'p2', name: 'Banque Alpha' },
  { id: 'p3', name: 'Nobody Yet' },
];
const byProvider = new Map([
  ['p1', statuses({ 'APP-01': 'compliant', 'APP-02': 'partially', 'APP-03': 'non_compliant', 'APP-04': 'not_applicable', 'USSD-01': 'compliant', 'USSD-02': 'compliant' })],
  ['p2', statuses({ 'APP-01': 'non_compliant', 'APP-02': 'non_compliant', 'GOV-01': 'not_applicable', 'XYZ-01': 'compliant' })],
]);

describe('heatmapModel', () => {
  const m = heatmapModel(providers, byProvider, areas);

  it('counts each provider × area by status, items without a status as not assessed', () => {
    expect(m.columns).toEqual([
      { id: 'app', label: 'App', items: 4 },
      { id: 'ussd', label: 'USSD/STK', items: 2 },
      { id: 'gov', label: 'Governance', items: 1 },
    ]);
    expect(m.rows.map((r) => r.provider.id)).toEqual(['p1', 'p2', 'p3']);
    const [p1, p2, p3] = m.rows;
    expect(p1!.cells[0]!.counts).toEqual({ compliant: 1, partially: 1, non_compliant: 1, not_applicable: 1, not_assessed: 0 });
    expect(p1!.cells[2]!.counts).toEqual({ compliant: 0, partially: 0, non_compliant: 0, not_applicable: 0, not_assessed: 1 });
    // Statuses of items outside the areas are not counted.
    expect(p2!.total.counts).toEqual({ compliant: 0, partially: 0, non_compliant: 2, not_applicable: 1, not_assessed: 4 });
    expect(p3!.total.counts.not_assessed).toBe(7);
  });

  it('scores compliant 1, partially ½, non-compliant 0, leaving out not applicable and not assessed', () => {
    const [p1, p2, p3] = m.rows;
    expect(p1!.cells.map((c) => c.score)).toEqual([0.5, 1, null]);
    expect(p1!.total.score).toBeCloseTo(3.5 / 5);
    expect(p2!.cells.map((c) => c.score)).toEqual([0, null, null]);
    expect(p3!.total.score).toBeNull();
    expect(p1!.cells.map((c) => c.band)).toEqual(['fair', 'good', 'none']);
    expect(p2!.cells[0]!.band).toBe('poor');
  });

  it('bands and percentages', () => {
    expect([null, 0, 0.49, 0.5, 0.79, 0.8, 1].map(heatBand)).toEqual(['none', 'poor', 'poor', 'fair', 'fair', 'good', 'good']);
    expect(scorePercent(0.996)).toBe(99);
    expect(scorePercent(0.7)).toBe(70);
    expect(scorePercent(1)).toBe(100);
    expect(complianceScore({ compliant: 0, partially: 0, non_compliant: 0, not_applicable: 3, not_assessed: 2 })).toBeNull();
    expect(countsText({ compliant: 2, partially: 0, non_compliant: 1, not_applicable: 0, not_assessed: 4 })).toBe('2 compliant · 1 non-compliant · 4 not assessed');
  });

  it('takes the catalog areas as they come', () => {
    const catalog = loadCatalog();
    const model = heatmapModel([{ id: 'p1', name: 'P' }], new Map(), complianceAreas(catalog));
    expect(model.columns.map((c) => c.label)).toEqual(['App', 'USSD/STK', 'SIM', 'SS7/signalling', 'Platform', 'Governance', 'Consumer']);
    expect(model.rows[0]!.total.counts.not_assessed).toBe(catalog.items.size);
  });
});

describe('Heatmap', () => {
  const html = (<Heatmap model={heatmapModel(providers, byProvider, areas)} caption="Sector compliance" providerHref={(id) => `/providers/${id}`} />).html;

  it('is an accessible table: header cells with scope, a caption, and no inline style or script', () => {
    expect(staticProblems(html)).toEqual([]);
    expect(html).toContain('<caption>Sector compliance</caption>');
    expect(html.match(/<th scope="col">/g)).toHaveLength(1 + areas.length + 1);
    expect(html.match(/<th scope="row">/g)).toHaveLength(providers.length);
    expect(html).toContain('<th scope="row"><a href="/providers/p1">MobiCash &lt;Ltd&gt;</a></th>');
    expect(html).not.toMatch(/\sstyle=/);
  });

  it('says the score and counts in words in every cell, with a class for the colour band', () => {
    const cells = [...html.matchAll(/<td class="heat heat-(\w+)">(.*?)<\/td>/g)].map((m) => [m[1], text(m[2]!).trim()]);
    expect(cells).toHaveLength(providers.length * (areas.length + 1));
    expect(cells.slice(0, 4)).toEqual([
      ['fair', '50% 1 compliant · 1 partially · 1 non-compliant · 1 not applicable'],
      ['good', '100% 2 compliant'],
      ['none', 'No score 1 not assessed'],
      ['fair', '70% 3 compliant · 1 partially · 1 non-compliant · 1 not applicable · 1 not assessed'],
    ]);
    expect(cells[4]).toEqual(['poor', '0% 2 non-compliant · 2 not assessed']);
    for (const [band, words] of cells) expect(words === '' || band === '').toBe(false);
    expect(text(html)).toContain('Bands: below 50% 50 to 79% 80% and above no score');
  });

  it('says when there is no provider', () => {
    const empty = (<Heatmap model={heatmapModel([], new Map(), areas)} caption="Sector compliance" />).html;
    expect(text(empty)).toContain('No provider yet.');
    expect(empty).toContain('colspan="5"');
  });
});

describe('trend', () => {
  const snapshot = (date: string, s: Record<string, Record<string, ComplianceStatus>>): { date: string; model: HeatmapModel } => ({
    date,
    model: heatmapModel(
      providers.filter((p) => s[p.id]),
      new Map(Object.entries(s).map(([id, st]) => [id, statuses(st)])),
      areas,
    ),
  });

  it('gives each provider and area its scores over the snapshots, oldest first, with the change', () => {
    const series = trend([
      snapshot('2026-12-01', { p1: { 'APP-01': 'compliant', 'APP-02': 'compliant' }, p2: { 'APP-01': 'compliant' } }),
      snapshot('2026-06-01', { p1: { 'APP-01': 'non_compliant', 'APP-02': 'compliant' } }),
      snapshot('2026-09-01', { p1: { 'APP-01': 'partially', 'APP-02': 'compliant' } }),
    ]);
    // Providers by name (Banque Alpha, then MobiCash), areas in column order, all items last.
    expect(series.map((s) => [s.provider.id, s.areaId])).toEqual([
      ['p2', 'app'],
      ['p2', 'ussd'],
      ['p2', 'gov'],
      ['p2', null],
      ['p1', 'app'],
      ['p1', 'ussd'],
      ['p1', 'gov'],
      ['p1', null],
    ]);
    const app = series.find((s) => s.provider.id === 'p1' && s.areaId === 'app')!;
    expect(app.areaLabel).toBe('App');
    expect(app.points).toEqual([
      { date: '2026-06-01T00:00:00.000Z', score: 0.5 },
      { date: '2026-09-01T00:00:00.000Z', score: 0.75 },
      { date: '2026-12-01T00:00:00.000Z', score: 1 },
    ]);
    expect(app.change).toBe(0.5);
    expect(app.direction).toBe('up');
    expect(series.find((s) => s.provider.id === 'p1' && s.areaId === null)!.areaLabel).toBe('All items');
    // One snapshot only, or no score at all: no change.
    expect(series.find((s) => s.provider.id === 'p2' && s.areaId === 'app')).toMatchObject({ change: null, direction: null });
    expect(series.find((s) => s.provider.id === 'p1' && s.areaId === 'gov')).toMatchObject({ change: null, direction: null });
  });

  it('reads a score that went down, or stayed, as such', () => {
    const series = trend([snapshot('2026-01-01', { p1: { 'APP-01': 'compliant' } }), snapshot('2026-02-01', { p1: { 'APP-01': 'partially', 'USSD-01': 'compliant' } })]);
    expect(series.find((s) => s.areaId === 'app')).toMatchObject({ change: -0.5, direction: 'down' });
    expect(trend([snapshot('2026-01-01', { p1: { 'APP-01': 'compliant' } }), snapshot('2026-02-01', { p1: { 'APP-02': 'compliant' } })]).find((s) => s.areaId === 'app')).toMatchObject({
      change: 0,
      direction: 'flat',
    });
  });
});
