/**
 * @module platform/web/pages/benchmarks
 * The benchmarking page: the lab's figures as they would be published now (a preview), the form to publish them
 * for a period (managers), the lab's publications with a form to withdraw the current ones (managers), and the
 * comparison with the community's aggregate for a period — per area and item, the lab's shares next to the
 * community's, as an accessible table and an inline SVG bar chart of the compliant shares. No lab is ever named
 * next to a figure: the community is described by how many labs published only. The rules (minimum group,
 * bands, rounding, the unweighted mean) are in services/benchmarks.ts and said in words on the page.
 */
import type { ComplianceArea } from '../../../report/compliance.js';
import {
  checkTitle,
  itemTitle,
  TOP_WEAKNESSES,
  type BenchmarkFigures,
  type BenchmarkOverview,
  type CommunityFigures,
  type Publication,
  type Shares,
  type WeaknessFigure,
} from '../../services/benchmarks.js';
import { MANAGERS, type Actor } from '../../types.js';
import { CheckId, Day, TableWrap } from '../components.js';
import { Fragment, h, type SafeHtml } from '../jsx.js';
import { CsrfField, page } from '../layout.js';

/** A refused form: which one (`publish`, or a publication id), the message, and the values to show again. */
export interface BenchmarksPageError {
  at: string;
  message: string;
  values?: Record<string, string>;
}

function ShareCells(p: { shares: Shares | null; suppressed: string }): SafeHtml {
  if (!p.shares) {
    return (
      <td colspan="3" class="muted">
        {p.suppressed}
      </td>
    );
  }
  return (
    <>
      <td>{p.shares.compliant}%</td>
      <td>{p.shares.partially}%</td>
      <td>{p.shares.non_compliant}%</td>
    </>
  );
}

function ShareHead(p: { who?: string }): SafeHtml {
  const w = p.who ? `${p.who}: ` : '';
  return (
    <>
      <th scope="col">{w}compliant</th>
      <th scope="col">{w}partially</th>
      <th scope="col">{w}non-compliant</th>
    </>
  );
}

const suppressedText = (k: number): string => `Fewer than ${k} providers assessed: not published`;

// ─── The lab's figures ──────────────────────────────────────────────────────────────────────────────────

function FiguresTable(p: { figures: BenchmarkFigures; areas: readonly ComplianceArea[]; caption: string }): SafeHtml {
  const f = p.figures;
  const label = new Map(p.areas.map((a) => [a.id, a.label]));
  return (
    <>
      <TableWrap>
        <table>
          <caption>{p.caption}</caption>
          <thead>
            <tr>
              <th scope="col">Area</th>
              <th scope="col">Providers assessed</th>
              <ShareHead />
            </tr>
          </thead>
          <tbody>
            {f.areas.map((a) => (
              <tr>
                <th scope="row">{label.get(a.areaId) ?? a.areaId}</th>
                <td>{a.assessed}</td>
                <ShareCells shares={a.shares} suppressed={suppressedText(f.minGroup)} />
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {f.areas.map((a) => (
        <details>
          <summary>
            {label.get(a.areaId) ?? a.areaId}: the {a.items.length === 1 ? 'item' : `${a.items.length} items`}
          </summary>
          <TableWrap>
            <table>
              <caption class="muted">{label.get(a.areaId) ?? a.areaId}, per item</caption>
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  <th scope="col">Providers assessed</th>
                  <ShareHead />
                </tr>
              </thead>
              <tbody>
                {a.items.map((i) => (
                  <tr>
                    <th scope="row">
                      {i.itemId} <span class="muted">{itemTitle(i.itemId)}</span>
                    </th>
                    <td>{i.assessed}</td>
                    <ShareCells shares={i.shares} suppressed={suppressedText(f.minGroup)} />
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </details>
      ))}
    </>
  );
}

function WeaknessTable(p: { figures: BenchmarkFigures }): SafeHtml {
  const w = p.figures.weaknesses;
  if (w.suppressed) return <p class="muted">Fewer than {p.figures.minGroup} providers have a scanned app: the weaknesses are not published.</p>;
  const top = w.checks.slice(0, TOP_WEAKNESSES);
  return (
    <TableWrap>
      <table>
        <caption>Most frequent app weaknesses: share of the {w.scanned} scanned providers with an unresolved finding of the check</caption>
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col">Providers</th>
          </tr>
        </thead>
        <tbody>
          {top.length === 0 ? (
            <tr>
              <td colspan="2" class="muted">
                No unresolved finding.
              </td>
            </tr>
          ) : (
            top.map((c) => (
              <tr>
                <th scope="row">
                  {checkTitle(c.checkId)} <CheckId id={c.checkId} />
                </th>
                <td>{c.share}%</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </TableWrap>
  );
}

// ─── Publishing ─────────────────────────────────────────────────────────────────────────────────────────

function PublishForm(p: { period: string; csrf?: string | undefined; error?: BenchmarksPageError | undefined }): SafeHtml {
  const mine = p.error?.at === 'publish' ? p.error : undefined;
  return (
    <form class="inline" method="post" action="/benchmarks/publications">
      <CsrfField csrf={p.csrf} />
      {mine ? (
        <p class="error" role="alert" id="publish-error">
          {mine.message}
        </p>
      ) : null}
      <label>
        Publish for period
        <input name="period" value={mine?.values?.period ?? p.period} required maxlength="7" aria-describedby={mine ? 'publish-error' : undefined} />
      </label>
      <button type="submit">Publish</button>
      <span class="muted">A year (2026), a half-year (2026-H2) or a quarter (2026-Q4). Publishing again for a period replaces the lab's current figures of it.</span>
    </form>
  );
}

function publicationState(p: Publication): string {
  if (!p.withdrawnAt) return 'Current';
  return p.replaced ? 'Replaced' : 'Withdrawn';
}

function Publications(p: { list: readonly Publication[]; canManage: boolean; csrf?: string | undefined; error?: BenchmarksPageError | undefined }): SafeHtml {
  return (
    <TableWrap>
      <table>
        <caption>Your lab's publications (the community sees only the aggregate of the current ones)</caption>
        <thead>
          <tr>
            <th scope="col">Period</th>
            <th scope="col">Published</th>
            <th scope="col">By</th>
            <th scope="col">State</th>
            {p.canManage ? <th scope="col">Action</th> : null}
          </tr>
        </thead>
        <tbody>
          {p.list.length === 0 ? (
            <tr>
              <td colspan={p.canManage ? '5' : '4'} class="muted">
                Nothing published yet.
              </td>
            </tr>
          ) : (
            p.list.map((x) => (
              <tr>
                <th scope="row">{x.period}</th>
                <td>
                  <Day d={x.publishedAt} />
                </td>
                <td>{x.publishedBy}</td>
                <td>
                  {publicationState(x)}
                  {x.withdrawnAt ? (
                    <>
                      {' '}
                      <span class="muted">
                        on <Day d={x.withdrawnAt} />
                      </span>
                    </>
                  ) : null}
                </td>
                {p.canManage ? (
                  <td>
                    {p.error?.at === x.id ? (
                      <p class="error" role="alert">
                        {p.error.message}
                      </p>
                    ) : null}
                    {x.withdrawnAt ? null : (
                      <form class="inline" method="post" action={`/benchmarks/publications/${x.id}/withdraw`}>
                        <CsrfField csrf={p.csrf} />
                        <button class="secondary" type="submit" aria-label={`Withdraw the publication for ${x.period}`}>
                          Withdraw
                        </button>
                      </form>
                    )}
                  </td>
                ) : null}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </TableWrap>
  );
}

// ─── The comparison ─────────────────────────────────────────────────────────────────────────────────────

interface ChartRow {
  label: string;
  own: number | null;
  community: number | null;
}

const OWN_FILL = '#0969da';
const COMMUNITY_FILL = '#8250df';

/**
 * A horizontal bar chart of two shares per row (the lab's and the community's), drawn with presentation
 * attributes only (the CSP allows no style attribute). role="img" with a <title> and a <desc> that gives every
 * value in words, and each bar's value is written next to it, so nothing is conveyed by colour alone.
 */
export function ShareChart(p: { id: string; title: string; rows: readonly ChartRow[] }): SafeHtml {
  const labelWidth = 220;
  const barWidth = 300;
  const rowHeight = 44;
  const top = 34;
  const width = labelWidth + barWidth + 70;
  const height = top + p.rows.length * rowHeight + 8;
  const said = (v: number | null): string => (v === null ? 'not published' : `${v}%`);
  const desc = p.rows.map((r) => `${r.label}: your lab ${said(r.own)}, the community ${said(r.community)}.`).join(' ');
  const bar = (v: number | null, y: number, fill: string, who: string): SafeHtml => (
    <>
      {v === null ? null : <rect x={String(labelWidth)} y={String(y)} width={(barWidth * Math.min(100, Math.max(0, v))) / 100} height="14" fill={fill} />}
      <text x={String(labelWidth + (v === null ? 0 : (barWidth * Math.min(100, Math.max(0, v))) / 100) + 6)} y={String(y + 11)} fill="#1f2328">
        {v === null ? `${who}: not published` : `${v}%`}
      </text>
    </>
  );
  return (
    <div class="chart">
      <svg
        xmlns="http://www.w3.org/2000/svg"
        viewBox={`0 0 ${width} ${height}`}
        width={String(width)}
        height={String(height)}
        role="img"
        aria-labelledby={`${p.id}-title ${p.id}-desc`}
        font-family="sans-serif"
        font-size="12"
      >
        <title id={`${p.id}-title`}>{p.title}</title>
        <desc id={`${p.id}-desc`}>{desc || 'Nothing to compare.'}</desc>
        <rect width="100%" height="100%" fill="#ffffff" />
        <g aria-hidden="true">
          <rect x={String(labelWidth)} y="6" width="12" height="12" fill={OWN_FILL} />
          <text x={String(labelWidth + 18)} y="16" fill="#1f2328">
            Your lab
          </text>
          <rect x={String(labelWidth + 100)} y="6" width="12" height="12" fill={COMMUNITY_FILL} />
          <text x={String(labelWidth + 118)} y="16" fill="#1f2328">
            Community
          </text>
        </g>
        {p.rows.map((r, i) => {
          const y = top + i * rowHeight;
          return (
            <g>
              <text x={String(labelWidth - 8)} y={String(y + 20)} text-anchor="end" fill="#1f2328">
                {r.label.length > 32 ? `${r.label.slice(0, 31)}…` : r.label}
              </text>
              {bar(r.own, y, OWN_FILL, 'Your lab')}
              {bar(r.community, y + 18, COMMUNITY_FILL, 'Community')}
            </g>
          );
        })}
      </svg>
    </div>
  );
}

function ComparisonHead(): SafeHtml {
  return (
    <tr>
      <th scope="col">Area or item</th>
      <ShareHead who="Yours" />
      <ShareHead who="Community" />
    </tr>
  );
}

function Comparison(p: { own: BenchmarkOverview['own']; community: CommunityFigures & { period: string }; areas: readonly ComplianceArea[] }): SafeHtml {
  const c = p.community;
  const own = p.own.figures;
  const label = new Map(p.areas.map((a) => [a.id, a.label]));
  const ownArea = new Map(own.areas.map((a) => [a.areaId, a]));
  const ownSuppressed = `Fewer than ${own.minGroup} providers: not published`;
  const communitySuppressed = `Fewer than ${c.minLabs} labs published it`;
  return (
    <>
      <p>
        {c.labs === 1 ? '1 lab' : `${c.labs} labs`} published figures for {c.period}. Your side is{' '}
        {p.own.source === 'publication' ? `your lab's publication for ${c.period}` : "your lab's figures now (not published for this period)"}.
      </p>
      <ShareChart
        id="benchmark-areas"
        title={`Share of assessed providers that are compliant, per area: your lab and the community, ${c.period}`}
        rows={c.areas.map((a) => ({ label: label.get(a.areaId) ?? a.areaId, own: ownArea.get(a.areaId)?.shares?.compliant ?? null, community: a.shares?.compliant ?? null }))}
      />
      <TableWrap>
        <table>
          <caption>Your shares and the community's (the mean over the labs), per area, {c.period}</caption>
          <thead>
            <ComparisonHead />
          </thead>
          <tbody>
            {c.areas.map((a) => (
              <tr>
                <th scope="row">{label.get(a.areaId) ?? a.areaId}</th>
                <ShareCells shares={ownArea.get(a.areaId)?.shares ?? null} suppressed={ownSuppressed} />
                <ShareCells shares={a.shares} suppressed={communitySuppressed} />
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {c.areas.map((a) => {
        const ownItems = new Map((ownArea.get(a.areaId)?.items ?? []).map((i) => [i.itemId, i]));
        return (
          <details>
            <summary>{label.get(a.areaId) ?? a.areaId}: compare per item</summary>
            <TableWrap>
              <table>
                <caption class="muted">{label.get(a.areaId) ?? a.areaId}: your shares and the community's, per item</caption>
                <thead>
                  <ComparisonHead />
                </thead>
                <tbody>
                  {a.items.map((i) => (
                    <tr>
                      <th scope="row">
                        {i.itemId} <span class="muted">{itemTitle(i.itemId)}</span>
                      </th>
                      <ShareCells shares={ownItems.get(i.itemId)?.shares ?? null} suppressed={ownSuppressed} />
                      <ShareCells shares={i.shares} suppressed={communitySuppressed} />
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </details>
        );
      })}
      <WeaknessComparison own={own} community={c} />
    </>
  );
}

function WeaknessComparison(p: { own: BenchmarkFigures; community: CommunityFigures }): SafeHtml {
  const w = p.community.weaknesses;
  if (!w) return <p class="muted">Fewer than {p.community.minLabs} labs published their app weaknesses for this period: no community figure yet.</p>;
  const ownShare = new Map(p.own.weaknesses.checks.map((c) => [c.checkId, c.share]));
  const top: WeaknessFigure[] = w.checks.slice(0, TOP_WEAKNESSES);
  return (
    <TableWrap>
      <table>
        <caption>The community's most frequent app weaknesses (mean over {w.labs} labs), and your share</caption>
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col">Community</th>
            <th scope="col">Yours</th>
          </tr>
        </thead>
        <tbody>
          {top.length === 0 ? (
            <tr>
              <td colspan="3" class="muted">
                No unresolved finding in the community.
              </td>
            </tr>
          ) : (
            top.map((c) => (
              <tr>
                <th scope="row">
                  {checkTitle(c.checkId)} <CheckId id={c.checkId} />
                </th>
                <td>{c.share}%</td>
                <td>{p.own.weaknesses.suppressed ? <span class="muted">not published</span> : `${ownShare.get(c.checkId) ?? 0}%`}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </TableWrap>
  );
}

function PeriodForm(p: { period: string; periods: BenchmarkOverview['periods'] }): SafeHtml {
  const list = p.periods.some((x) => x.period === p.period) ? p.periods : [{ period: p.period, labs: 0 }, ...p.periods];
  return (
    <form class="inline" method="get" action="/benchmarks">
      <label>
        Period
        <select name="period">
          {list.map((x) => (
            <option value={x.period} selected={x.period === p.period}>
              {x.period} ({x.labs === 1 ? '1 lab' : `${x.labs} labs`})
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Compare</button>
    </form>
  );
}

// ─── The page ───────────────────────────────────────────────────────────────────────────────────────────

export function benchmarksPage(o: { actor: Actor; csrf?: string | undefined; overview: BenchmarkOverview; areas: readonly ComplianceArea[]; error?: BenchmarksPageError | undefined }): string {
  const v = o.overview;
  const canManage = MANAGERS.includes(o.actor.role);
  const k = v.preview.minGroup;
  return page(
    { title: 'Benchmarks', actor: o.actor, csrf: o.csrf, nav: 'benchmarks', path: `/benchmarks?period=${encodeURIComponent(v.period)}` },
    <>
      <p class="muted">
        Compare your lab with the other labs of this platform without naming any provider. A lab publishes aggregate figures only: per area and
        item, the share of its assessed providers that are compliant, partially compliant or non-compliant, and the share of its scanned providers
        with each unresolved app weakness. A figure is published only when at least {k} providers are in its group (smaller groups show "fewer than{' '}
        {k}"); shares are rounded to whole percent and provider counts given as bands (3–5, 6–10, 11–20, more than 20). The community's figure is the
        mean of the labs' shares, each lab counting once, shown once at least 3 labs published; labs are never named, only counted.
      </p>
      <section class="card stack" aria-labelledby="community-heading">
        <h2 id="community-heading">Your lab and the community</h2>
        <PeriodForm period={v.period} periods={v.periods} />
        {v.community.enough ? (
          <Comparison own={v.own} community={v.community} areas={o.areas} />
        ) : (
          <p class="status">
            Not enough labs yet: {v.community.labs === 1 ? '1 lab has' : `${v.community.labs} labs have`} published for {v.period}; the community's
            figures are shown once at least {v.community.minLabs} have.
          </p>
        )}
      </section>
      <section class="card stack" aria-labelledby="preview-heading">
        <h2 id="preview-heading">Your lab's figures now (preview)</h2>
        <p class="muted">This is what a publication would hold now: {v.preview.providers} providers in all. No name, identifier or text of a provider is part of it.</p>
        <FiguresTable figures={v.preview} areas={o.areas} caption="Share of the assessed providers, per area" />
        <WeaknessTable figures={v.preview} />
        {canManage ? <PublishForm period={v.period} csrf={o.csrf} error={o.error} /> : null}
      </section>
      <section class="card stack" aria-labelledby="publications-heading">
        <h2 id="publications-heading">Your publications</h2>
        <Publications list={v.publications} canManage={canManage} csrf={o.csrf} error={o.error} />
      </section>
    </>,
  );
}
