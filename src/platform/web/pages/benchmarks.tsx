/**
 * @module platform/web/pages/benchmarks
 * The benchmarking page: the lab's figures as they would be published now (a preview), the form to publish them
 * for a period (managers), the lab's publications with a form to withdraw the current ones (managers), and the
 * comparison with the community's aggregate for a period — per area and item, the lab's shares next to the
 * community's, as an accessible table and an inline SVG bar chart of the compliant shares. No lab is ever named
 * next to a figure: the community is described by how many labs published only. The rules (minimum group,
 * bands, rounding, the unweighted mean) are in services/benchmarks.ts and said in words on the page. In the
 * reader's language (`lang`, English when not given); area labels, item and check titles come from the
 * catalog and stay as written.
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
import { fill, translator, type Lang, type Translate } from '../i18n.js';

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

/** The three share columns' headers: the lab's alone, or yours / the community's side by side. */
function ShareHead(p: { who?: 'yours' | 'community'; t: Translate }): SafeHtml {
  const { t } = p;
  const heads =
    p.who === 'yours'
      ? [t('Yours: compliant'), t('Yours: partially'), t('Yours: non-compliant')]
      : p.who === 'community'
        ? [t('Community: compliant'), t('Community: partially'), t('Community: non-compliant')]
        : [t('compliant'), t('partially'), t('non-compliant')];
  return (
    <>
      {heads.map((x) => (
        <th scope="col">{x}</th>
      ))}
    </>
  );
}

const suppressedText = (t: Translate, k: number): string => t('Fewer than {k} providers assessed: not published', { k });

/** "1 lab" / "3 labs". */
const labsCount = (t: Translate, n: number): string => (n === 1 ? t('1 lab') : t('{n} labs', { n }));

// ─── The lab's figures ──────────────────────────────────────────────────────────────────────────────────

function FiguresTable(p: { figures: BenchmarkFigures; areas: readonly ComplianceArea[]; caption: string; t: Translate }): SafeHtml {
  const f = p.figures;
  const { t } = p;
  const label = new Map(p.areas.map((a) => [a.id, a.label]));
  return (
    <>
      <TableWrap>
        <table>
          <caption>{p.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t('Area')}</th>
              <th scope="col">{t('Providers assessed')}</th>
              <ShareHead t={t} />
            </tr>
          </thead>
          <tbody>
            {f.areas.map((a) => (
              <tr>
                <th scope="row">{label.get(a.areaId) ?? a.areaId}</th>
                <td>{a.assessed}</td>
                <ShareCells shares={a.shares} suppressed={suppressedText(t, f.minGroup)} />
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {f.areas.map((a) => (
        <details>
          <summary>
            {a.items.length === 1 ? t('{area}: the item', { area: label.get(a.areaId) ?? a.areaId }) : t('{area}: the {n} items', { area: label.get(a.areaId) ?? a.areaId, n: a.items.length })}
          </summary>
          <TableWrap>
            <table>
              <caption class="muted">{t('{area}, per item', { area: label.get(a.areaId) ?? a.areaId })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('Item')}</th>
                  <th scope="col">{t('Providers assessed')}</th>
                  <ShareHead t={t} />
                </tr>
              </thead>
              <tbody>
                {a.items.map((i) => (
                  <tr>
                    <th scope="row">
                      {i.itemId} <span class="muted">{itemTitle(i.itemId)}</span>
                    </th>
                    <td>{i.assessed}</td>
                    <ShareCells shares={i.shares} suppressed={suppressedText(t, f.minGroup)} />
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

function WeaknessTable(p: { figures: BenchmarkFigures; t: Translate }): SafeHtml {
  const { t } = p;
  const w = p.figures.weaknesses;
  if (w.suppressed) return <p class="muted">{t('Fewer than {k} providers have a scanned app: the weaknesses are not published.', { k: p.figures.minGroup })}</p>;
  const top = w.checks.slice(0, TOP_WEAKNESSES);
  return (
    <TableWrap>
      <table>
        <caption>{t('Most frequent app weaknesses: share of the {n} scanned providers with an unresolved finding of the check', { n: w.scanned })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('Check')}</th>
            <th scope="col">{t('Providers')}</th>
          </tr>
        </thead>
        <tbody>
          {top.length === 0 ? (
            <tr>
              <td colspan="2" class="muted">
                {t('No unresolved finding.')}
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

function PublishForm(p: { period: string; csrf?: string | undefined; error?: BenchmarksPageError | undefined; t: Translate }): SafeHtml {
  const { t } = p;
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
        {t('Publish for period')}
        <input name="period" value={mine?.values?.period ?? p.period} required maxlength="7" aria-describedby={mine ? 'publish-error' : undefined} />
      </label>
      <button type="submit">{t('Publish')}</button>
      <span class="muted">{t("A year (2026), a half-year (2026-H2) or a quarter (2026-Q4). Publishing again for a period replaces the lab's current figures of it.")}</span>
    </form>
  );
}

function publicationState(t: Translate, p: Publication): string {
  if (!p.withdrawnAt) return t('Current');
  return p.replaced ? t('Replaced') : t('Withdrawn');
}

function Publications(p: { list: readonly Publication[]; canManage: boolean; csrf?: string | undefined; error?: BenchmarksPageError | undefined; t: Translate }): SafeHtml {
  const { t } = p;
  return (
    <TableWrap>
      <table>
        <caption>{t("Your lab's publications (the community sees only the aggregate of the current ones)")}</caption>
        <thead>
          <tr>
            <th scope="col">{t('Period')}</th>
            <th scope="col">{t('Published')}</th>
            <th scope="col">{t('By')}</th>
            <th scope="col">{t('State')}</th>
            {p.canManage ? <th scope="col">{t('Action')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {p.list.length === 0 ? (
            <tr>
              <td colspan={p.canManage ? '5' : '4'} class="muted">
                {t('Nothing published yet.')}
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
                  {publicationState(t, x)}
                  {x.withdrawnAt ? (
                    <>
                      {' '}
                      <span class="muted">{fill(t('on {date}'), { date: <Day d={x.withdrawnAt} /> })}</span>
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
                        <button class="secondary" type="submit" aria-label={t('Withdraw the publication for {period}', { period: x.period })}>
                          {t('Withdraw')}
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
export function ShareChart(p: { id: string; title: string; rows: readonly ChartRow[]; t?: Translate | undefined }): SafeHtml {
  const t = p.t ?? translator('en');
  const labelWidth = 220;
  const barWidth = 300;
  const rowHeight = 44;
  const top = 34;
  const width = labelWidth + barWidth + 70;
  const height = top + p.rows.length * rowHeight + 8;
  const said = (v: number | null): string => (v === null ? t('not published') : `${v}%`);
  const desc = p.rows.map((r) => t('{label}: your lab {own}, the community {community}.', { label: r.label, own: said(r.own), community: said(r.community) })).join(' ');
  const bar = (v: number | null, y: number, fill: string, who: string): SafeHtml => (
    <>
      {v === null ? null : <rect x={String(labelWidth)} y={String(y)} width={(barWidth * Math.min(100, Math.max(0, v))) / 100} height="14" fill={fill} />}
      <text x={String(labelWidth + (v === null ? 0 : (barWidth * Math.min(100, Math.max(0, v))) / 100) + 6)} y={String(y + 11)} fill="#1f2328">
        {v === null ? t('{who}: not published', { who }) : `${v}%`}
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
        <desc id={`${p.id}-desc`}>{desc || t('Nothing to compare.')}</desc>
        <rect width="100%" height="100%" fill="#ffffff" />
        <g aria-hidden="true">
          <rect x={String(labelWidth)} y="6" width="12" height="12" fill={OWN_FILL} />
          <text x={String(labelWidth + 18)} y="16" fill="#1f2328">
            {t('Your lab')}
          </text>
          <rect x={String(labelWidth + 100)} y="6" width="12" height="12" fill={COMMUNITY_FILL} />
          <text x={String(labelWidth + 118)} y="16" fill="#1f2328">
            {t('Community')}
          </text>
        </g>
        {p.rows.map((r, i) => {
          const y = top + i * rowHeight;
          return (
            <g>
              <text x={String(labelWidth - 8)} y={String(y + 20)} text-anchor="end" fill="#1f2328">
                {r.label.length > 32 ? `${r.label.slice(0, 31)}…` : r.label}
              </text>
              {bar(r.own, y, OWN_FILL, t('Your lab'))}
              {bar(r.community, y + 18, COMMUNITY_FILL, t('Community'))}
            </g>
          );
        })}
      </svg>
    </div>
  );
}

function ComparisonHead(p: { t: Translate }): SafeHtml {
  return (
    <tr>
      <th scope="col">{p.t('Area or item')}</th>
      <ShareHead who="yours" t={p.t} />
      <ShareHead who="community" t={p.t} />
    </tr>
  );
}

function Comparison(p: { own: BenchmarkOverview['own']; community: CommunityFigures & { period: string }; areas: readonly ComplianceArea[]; t: Translate }): SafeHtml {
  const { t } = p;
  const c = p.community;
  const own = p.own.figures;
  const label = new Map(p.areas.map((a) => [a.id, a.label]));
  const ownArea = new Map(own.areas.map((a) => [a.areaId, a]));
  const ownSuppressed = t('Fewer than {k} providers: not published', { k: own.minGroup });
  const communitySuppressed = t('Fewer than {k} labs published it', { k: c.minLabs });
  return (
    <>
      <p>
        {p.own.source === 'publication'
          ? t("{labs} published figures for {period}. Your side is your lab's publication for {period}.", { labs: labsCount(t, c.labs), period: c.period })
          : t("{labs} published figures for {period}. Your side is your lab's figures now (not published for this period).", { labs: labsCount(t, c.labs), period: c.period })}
      </p>
      <ShareChart
        id="benchmark-areas"
        title={t('Share of assessed providers that are compliant, per area: your lab and the community, {period}', { period: c.period })}
        rows={c.areas.map((a) => ({ label: label.get(a.areaId) ?? a.areaId, own: ownArea.get(a.areaId)?.shares?.compliant ?? null, community: a.shares?.compliant ?? null }))}
        t={t}
      />
      <TableWrap>
        <table>
          <caption>{t("Your shares and the community's (the mean over the labs), per area, {period}", { period: c.period })}</caption>
          <thead>
            <ComparisonHead t={t} />
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
            <summary>{t('{area}: compare per item', { area: label.get(a.areaId) ?? a.areaId })}</summary>
            <TableWrap>
              <table>
                <caption class="muted">{t("{area}: your shares and the community's, per item", { area: label.get(a.areaId) ?? a.areaId })}</caption>
                <thead>
                  <ComparisonHead t={t} />
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
      <WeaknessComparison own={own} community={c} t={t} />
    </>
  );
}

function WeaknessComparison(p: { own: BenchmarkFigures; community: CommunityFigures; t: Translate }): SafeHtml {
  const { t } = p;
  const w = p.community.weaknesses;
  if (!w) return <p class="muted">{t('Fewer than {k} labs published their app weaknesses for this period: no community figure yet.', { k: p.community.minLabs })}</p>;
  const ownShare = new Map(p.own.weaknesses.checks.map((c) => [c.checkId, c.share]));
  const top: WeaknessFigure[] = w.checks.slice(0, TOP_WEAKNESSES);
  return (
    <TableWrap>
      <table>
        <caption>{t("The community's most frequent app weaknesses (mean over {n} labs), and your share", { n: w.labs })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('Check')}</th>
            <th scope="col">{t('Community')}</th>
            <th scope="col">{t('Yours')}</th>
          </tr>
        </thead>
        <tbody>
          {top.length === 0 ? (
            <tr>
              <td colspan="3" class="muted">
                {t('No unresolved finding in the community.')}
              </td>
            </tr>
          ) : (
            top.map((c) => (
              <tr>
                <th scope="row">
                  {checkTitle(c.checkId)} <CheckId id={c.checkId} />
                </th>
                <td>{c.share}%</td>
                <td>{p.own.weaknesses.suppressed ? <span class="muted">{t('not published')}</span> : `${ownShare.get(c.checkId) ?? 0}%`}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </TableWrap>
  );
}

function PeriodForm(p: { period: string; periods: BenchmarkOverview['periods']; t: Translate }): SafeHtml {
  const { t } = p;
  const list = p.periods.some((x) => x.period === p.period) ? p.periods : [{ period: p.period, labs: 0 }, ...p.periods];
  return (
    <form class="inline" method="get" action="/benchmarks">
      <label>
        {t('Period')}
        <select name="period">
          {list.map((x) => (
            <option value={x.period} selected={x.period === p.period}>
              {x.period} ({labsCount(t, x.labs)})
            </option>
          ))}
        </select>
      </label>
      <button type="submit">{t('Compare')}</button>
    </form>
  );
}

// ─── The page ───────────────────────────────────────────────────────────────────────────────────────────

export function benchmarksPage(o: {
  actor: Actor;
  csrf?: string | undefined;
  overview: BenchmarkOverview;
  areas: readonly ComplianceArea[];
  error?: BenchmarksPageError | undefined;
  lang?: Lang;
}): string {
  const t = translator(o.lang);
  const v = o.overview;
  const canManage = MANAGERS.includes(o.actor.role);
  const k = v.preview.minGroup;
  const labs = v.community.labs;
  return page(
    { title: t('Benchmarks'), actor: o.actor, csrf: o.csrf, nav: 'benchmarks', lang: o.lang ?? 'en', path: `/benchmarks?period=${encodeURIComponent(v.period)}` },
    <>
      <p class="muted">
        {t(
          'Compare your lab with the other labs of this platform without naming any provider. A lab publishes aggregate figures only: per area and item, the share of its assessed providers that are compliant, partially compliant or non-compliant, and the share of its scanned providers with each unresolved app weakness. A figure is published only when at least {k} providers are in its group (smaller groups show "fewer than {k}"); shares are rounded to whole percent and provider counts given as bands (3–5, 6–10, 11–20, more than 20). The community\'s figure is the mean of the labs\' shares, each lab counting once, shown once at least 3 labs published; labs are never named, only counted.',
          { k },
        )}
      </p>
      <section class="card stack" aria-labelledby="community-heading">
        <h2 id="community-heading">{t('Your lab and the community')}</h2>
        <PeriodForm period={v.period} periods={v.periods} t={t} />
        {v.community.enough ? (
          <Comparison own={v.own} community={v.community} areas={o.areas} t={t} />
        ) : (
          <p class="status">
            {labs === 1
              ? t("Not enough labs yet: 1 lab has published for {period}; the community's figures are shown once at least {min} have.", { period: v.period, min: v.community.minLabs })
              : t("Not enough labs yet: {n} labs have published for {period}; the community's figures are shown once at least {min} have.", { n: labs, period: v.period, min: v.community.minLabs })}
          </p>
        )}
      </section>
      <section class="card stack" aria-labelledby="preview-heading">
        <h2 id="preview-heading">{t("Your lab's figures now (preview)")}</h2>
        <p class="muted">{t('This is what a publication would hold now: {n} providers in all. No name, identifier or text of a provider is part of it.', { n: v.preview.providers })}</p>
        <FiguresTable figures={v.preview} areas={o.areas} caption={t('Share of the assessed providers, per area')} t={t} />
        <WeaknessTable figures={v.preview} t={t} />
        {canManage ? <PublishForm period={v.period} csrf={o.csrf} error={o.error} t={t} /> : null}
      </section>
      <section class="card stack" aria-labelledby="publications-heading">
        <h2 id="publications-heading">{t('Your publications')}</h2>
        <Publications list={v.publications} canManage={canManage} csrf={o.csrf} error={o.error} t={t} />
      </section>
    </>,
  );
}
