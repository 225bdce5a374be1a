/**
 * @module platform/web/heatmap
 * The sector heatmap of compliance as an accessible table with its legend: the model (scores, bands, trends) is
 * services/compliance-heatmap.ts, re-exported here for the pages. Styling is by class only (the CSP allows no
 * inline style); each cell says its percentage and counts in words, so colour is never the only signal. The
 * words are in the page's language (an optional translator `t`; English without one); the area and provider
 * names are data and stay as they are.
 */
import { COMPLIANCE_STATUSES, type ComplianceStatus } from '../../report/compliance.js';
import type { HeatBand, HeatmapCell, HeatmapModel, StatusCounts } from '../services/compliance-heatmap.js';
import { scorePercent } from '../services/compliance-heatmap.js';
import { TableWrap } from './components.js';
import { translator, type Translate } from './i18n.js';
import { Fragment, h, type SafeHtml } from './jsx.js';

export * from '../services/compliance-heatmap.js';

const ENGLISH = translator('en');

/** A status's name in the page's language ("Partially compliant"); the stored value stays the key. */
export function complianceStatusName(t: Translate, status: ComplianceStatus | string): string {
  switch (status) {
    case 'compliant':
      return t('Compliant');
    case 'partially':
      return t('Partially compliant');
    case 'non_compliant':
      return t('Non-compliant');
    case 'not_applicable':
      return t('Not applicable');
    case 'not_assessed':
      return t('Not assessed');
    default:
      return status;
  }
}

/** Zero of every status, to count a group of items. */
export function emptyStatusCounts(): StatusCounts {
  return Object.fromEntries(COMPLIANCE_STATUSES.map((s) => [s, 0])) as StatusCounts;
}

/** "3 compliant" in the page's language: the words of a count of one status. */
function countWords(t: Translate, status: ComplianceStatus, n: number): string {
  switch (status) {
    case 'compliant':
      return t('{n} compliant', { n });
    case 'partially':
      return t('{n} partially', { n });
    case 'non_compliant':
      return t('{n} non-compliant', { n });
    case 'not_applicable':
      return t('{n} not applicable', { n });
    case 'not_assessed':
      return t('{n} not assessed', { n });
  }
}

/** "3 compliant · 1 non-compliant · 4 not assessed" in the page's language (compliance-heatmap.ts `countsText`). */
export function countsWords(counts: StatusCounts, t: Translate = ENGLISH): string {
  return COMPLIANCE_STATUSES.filter((s) => counts[s] > 0)
    .map((s) => countWords(t, s, counts[s]))
    .join(' · ');
}

function bandName(t: Translate, band: HeatBand): string {
  switch (band) {
    case 'none':
      return t('no score');
    case 'poor':
      return t('below 50%');
    case 'fair':
      return t('50 to 79%');
    case 'good':
      return t('80% and above');
  }
}

function HeatCell(p: { cell: HeatmapCell; t: Translate }): SafeHtml {
  const c = p.cell;
  const t = p.t;
  return (
    <td class={`heat heat-${c.band}`}>
      <span class="heat-score">{c.score === null ? t('No score') : `${scorePercent(c.score)}%`}</span> <span class="heat-counts">{countsWords(c.counts, t) || t('no item')}</span>
    </td>
  );
}

/** The heatmap as an accessible table, with a legend of the score and its colour bands. */
export function Heatmap(p: { model: HeatmapModel; caption: string; providerHref?: (providerId: string) => string; t?: Translate | undefined }): SafeHtml {
  const m = p.model;
  const t = p.t ?? ENGLISH;
  return (
    <>
      <TableWrap>
        <table class="heatmap">
          <caption>{p.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t('Provider')}</th>
              {m.columns.map((c) => (
                <th scope="col">
                  {c.label} <span class="muted heat-items">({c.items === 1 ? t('1 item') : t('{n} items', { n: c.items })})</span>
                </th>
              ))}
              <th scope="col">{t('All items')}</th>
            </tr>
          </thead>
          <tbody>
            {m.rows.length === 0 ? (
              <tr>
                <td colspan={String(m.columns.length + 2)} class="muted">
                  {t('No provider yet.')}
                </td>
              </tr>
            ) : (
              m.rows.map((r) => (
                <tr>
                  <th scope="row">{p.providerHref ? <a href={p.providerHref(r.provider.id)}>{r.provider.name}</a> : r.provider.name}</th>
                  {r.cells.map((c) => (
                    <HeatCell cell={c} t={t} />
                  ))}
                  <HeatCell cell={r.total} t={t} />
                </tr>
              ))
            )}
          </tbody>
        </table>
      </TableWrap>
      <p class="muted heat-legend">
        {t(
          'Score: compliant items count 1, partially compliant ½, non-compliant 0; items not applicable or not assessed are left out, and a cell with none assessed has no score.',
        )}{' '}
        {t('Bands:')}{' '}
        {(['poor', 'fair', 'good', 'none'] as const).map((b, i) => [i ? ' ' : '', <span class={`heat heat-${b}`}>{bandName(t, b)}</span>])}.
      </p>
    </>
  );
}
