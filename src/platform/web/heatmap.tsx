/**
 * @module platform/web/heatmap
 * The sector heatmap of compliance as an accessible table with its legend: the model (scores, bands, trends) is
 * services/compliance-heatmap.ts, re-exported here for the pages. Styling is by class only (the CSP allows no
 * inline style); each cell says its percentage and counts in words, so colour is never the only signal.
 */
import { BAND_LABEL, countsText, scorePercent, type HeatmapCell, type HeatmapModel } from '../services/compliance-heatmap.js';
import { TableWrap } from './components.js';
import { Fragment, h, type SafeHtml } from './jsx.js';

export * from '../services/compliance-heatmap.js';

function HeatCell(p: { cell: HeatmapCell }): SafeHtml {
  const c = p.cell;
  return (
    <td class={`heat heat-${c.band}`}>
      <span class="heat-score">{c.score === null ? 'No score' : `${scorePercent(c.score)}%`}</span> <span class="heat-counts">{countsText(c.counts) || 'no item'}</span>
    </td>
  );
}

/** The heatmap as an accessible table, with a legend of the score and its colour bands. */
export function Heatmap(p: { model: HeatmapModel; caption: string; providerHref?: (providerId: string) => string }): SafeHtml {
  const m = p.model;
  return (
    <>
      <TableWrap>
        <table class="heatmap">
          <caption>{p.caption}</caption>
          <thead>
            <tr>
              <th scope="col">Provider</th>
              {m.columns.map((c) => (
                <th scope="col">
                  {c.label} <span class="muted heat-items">({c.items === 1 ? '1 item' : `${c.items} items`})</span>
                </th>
              ))}
              <th scope="col">All items</th>
            </tr>
          </thead>
          <tbody>
            {m.rows.length === 0 ? (
              <tr>
                <td colspan={String(m.columns.length + 2)} class="muted">
                  No provider yet.
                </td>
              </tr>
            ) : (
              m.rows.map((r) => (
                <tr>
                  <th scope="row">{p.providerHref ? <a href={p.providerHref(r.provider.id)}>{r.provider.name}</a> : r.provider.name}</th>
                  {r.cells.map((c) => (
                    <HeatCell cell={c} />
                  ))}
                  <HeatCell cell={r.total} />
                </tr>
              ))
            )}
          </tbody>
        </table>
      </TableWrap>
      <p class="muted heat-legend">
        Score: compliant items count 1, partially compliant ½, non-compliant 0; items not applicable or not assessed are left out, and a cell
        with none assessed has no score. Bands:{' '}
        {(['poor', 'fair', 'good', 'none'] as const).map((b, i) => [
          i ? ' ' : '',
          <span class={`heat heat-${b}`}>{BAND_LABEL[b]}</span>,
        ])}
        .
      </p>
    </>
  );
}
