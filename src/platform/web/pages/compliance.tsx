/**
 * @module platform/web/pages/compliance
 * The compliance pages, in the reader's language (`lang`, English when not given):
 * - the sector heatmap (every provider × the recommendation areas, a provider-kind filter, the trend of the
 *   confirmed statuses and the exports);
 * - one provider's compliance as a compact table of the catalog items grouped by report area (about 190 items:
 *   one line each, with the status that stands, the proposal when it differs from the confirmed status, who
 *   confirmed it and when, the expiry, and a link to the item), with counts per status for each area and
 *   filters in the query string (area, status, "needs attention") that a plain GET form sets, so they work
 *   without JavaScript. The lab's writers tick proposals to accept, or accept every proposal shown at once;
 * - one item of a provider: the catalog's requirement, the platform's proposal and its reasons, the form to
 *   confirm a status (evidence, expiry, note) and the whole history.
 * A provider's representative sees their own provider's confirmed statuses only, without forms. The rules are
 * in services/compliance.ts. Statuses are shown by name in the page's language; their stored values, the
 * catalog's titles and areas, the proposals' reasons and what people typed are data and stay as they are.
 */
import { COMPLIANCE_STATUSES, type ComplianceArea, type ComplianceStatus } from '../../../report/compliance.js';
import {
  needsAttention,
  type ComplianceEntry,
  type ComplianceFilter,
  type ComplianceItemDetail,
  type ComplianceItemView,
  type ProviderComplianceView,
  type SectorCompliance,
} from '../../services/compliance.js';
import { PROVIDER_KINDS, WRITERS, type Actor } from '../../types.js';
import { Day, TableWrap, When } from '../components.js';
import { complianceStatusName, countsWords, emptyStatusCounts, Heatmap, scorePercent } from '../heatmap.js';
import { fill, translator, type Lang, type Translate } from '../i18n.js';
import { Fragment, h, type SafeHtml } from '../jsx.js';
import { CsrfField, page } from '../layout.js';

/** The providers of a kind, in the page's language ("Banks"); `all` is every provider. */
export function providerKindsName(t: Translate, kind: string): string {
  switch (kind) {
    case 'bank':
      return t('Banks');
    case 'mno':
      return t('Mobile network operators');
    case 'emi':
      return t('E-money issuers');
    case 'fintech':
      return t('Fintechs');
    case 'other':
      return t('Other providers');
    case 'all':
      return t('All providers');
    default:
      return kind;
  }
}

function exportHref(format: 'csv' | 'oscal', o: { providerId?: string; kind?: string | null }): string {
  const q = new URLSearchParams({ format });
  if (o.providerId) q.set('providerId', o.providerId);
  if (o.kind) q.set('kind', o.kind);
  return `/api/v1/compliance/export?${q.toString()}`;
}

function Exports(p: { providerId?: string; kind?: string | null; what: string; t: Translate }): SafeHtml {
  return (
    <p class="reports">
      <span>{p.what}</span>
      <a class="button secondary" href={exportHref('csv', p)} download>
        CSV
      </a>
      <a class="button secondary" href={exportHref('oscal', p)} download aria-label={p.t('OSCAL assessment results')}>
        OSCAL
      </a>
    </p>
  );
}

// ─── The sector ─────────────────────────────────────────────────────────────────────────────────────────

function TrendTable(p: { sector: SectorCompliance; t: Translate }): SafeHtml {
  const t = p.t;
  const series = p.sector.trend.filter((s) => s.areaId === null);
  return (
    <TableWrap>
      <table>
        <caption class="muted">{t('Score of all items at the end of each month (confirmed statuses only), and today')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('Provider')}</th>
            {p.sector.trendDates.map((d) => (
              <th scope="col">{d}</th>
            ))}
            <th scope="col">{t('Change')}</th>
          </tr>
        </thead>
        <tbody>
          {series.length === 0 ? (
            <tr>
              <td colspan={String(p.sector.trendDates.length + 2)} class="muted">
                {t('No provider yet.')}
              </td>
            </tr>
          ) : (
            series.map((s) => (
              <tr>
                <th scope="row">{s.provider.name}</th>
                {s.points.map((pt) => (
                  <td>{pt.score === null ? <span class="muted">{t('No score')}</span> : `${scorePercent(pt.score)}%`}</td>
                ))}
                <td>
                  {s.change === null ? (
                    <span class="muted">–</span>
                  ) : s.direction === 'flat' ? (
                    t('No change')
                  ) : s.direction === 'up' ? (
                    t('Up {n} points', { n: Math.abs(Math.round(s.change * 100)) })
                  ) : (
                    t('Down {n} points', { n: Math.abs(Math.round(s.change * 100)) })
                  )}
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </TableWrap>
  );
}

export function compliancePage(o: { actor: Actor; csrf?: string | undefined; sector: SectorCompliance; lang?: Lang | undefined }): string {
  const s = o.sector;
  const t = translator(o.lang);
  const who = s.kind ? providerKindsName(t, s.kind) : t('All providers');
  return page(
    { title: t('Compliance'), actor: o.actor, csrf: o.csrf, nav: 'compliance', lang: o.lang ?? 'en', path: s.kind ? `/compliance?kind=${s.kind}` : '/compliance' },
    <>
      <p class="muted">
        {t(
          "The compliance of the supervised providers with the DFS recommendations, by area. A status stands when a person of the lab confirmed it and its evidence is still valid; otherwise the platform's proposal (from the latest scans, USSD runs and engagement results) is counted. Open a provider to see each item, confirm statuses and accept proposals.",
        )}
      </p>
      <form class="inline" method="get" action="/compliance">
        <label>
          {t('Provider kind')}
          <select name="kind">
            <option value="" selected={s.kind === null}>
              {t('All providers')}
            </option>
            {PROVIDER_KINDS.map((k) => (
              <option value={k} selected={s.kind === k}>
                {providerKindsName(t, k)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('Show')}</button>
      </form>
      <Heatmap
        model={s.heatmap}
        caption={t('{who}: compliance by recommendation area, as of {date}', { who, date: s.generatedAt.toISOString().slice(0, 10) })}
        providerHref={(id) => `/providers/${id}/compliance`}
        t={t}
      />
      <Exports kind={s.kind} what={s.kind ? t('Export the compliance of these providers:') : t('Export the sector:')} t={t} />
      <p>
        {fill(t('{campaigns} assess a type of provider by a deadline, with the providers\u2019 self-assessments'), { campaigns: <a href="/campaigns">{t('Campaigns')}</a> })}
        {' · '}
        {fill(t('{benchmarks} compare the sector, anonymised, with other labs'), { benchmarks: <a href="/benchmarks">{t('Benchmarks')}</a> })}
      </p>
      <h2>{t('Trend')}</h2>
      <p class="muted">
        {t(
          "The trend counts the statuses a person confirmed, as they stood on each date (the latest confirmation by then whose evidence had not expired); the platform's proposals are computed from today's evidence and have no history, so they are left out here.",
        )}
      </p>
      <TrendTable sector={s} t={t} />
    </>,
  );
}

// ─── Shared pieces ──────────────────────────────────────────────────────────────────────────────────────

/** A refused form on a compliance page: where it was (`accept`, `accept-shown`, `confirm`), why, and what was typed. */
export interface CompliancePageError {
  at: string;
  message: string;
  values?: Record<string, string>;
}

function StatusBadge(p: { status: ComplianceStatus; t: Translate; label?: string }): SafeHtml {
  return <span class={`status compliance-${p.status}`}>{p.label ?? complianceStatusName(p.t, p.status)}</span>;
}

/** The badge text of the status that stands (services' `label`, in the page's language). */
function standingLabel(t: Translate, i: ComplianceItemView, restricted: boolean): string {
  if (i.confirmation === 'confirmed') return complianceStatusName(t, i.status);
  if (i.confirmation === 'expired') return restricted ? t('Expired, to be re-assessed') : t('Expired, re-assess (proposed: {status})', { status: complianceStatusName(t, i.status) });
  return i.proposal ? t('{status} (proposed, unconfirmed)', { status: complianceStatusName(t, i.status) }) : complianceStatusName(t, 'not_assessed');
}

/** The page of one item of a provider. */
export function itemHref(providerId: string, itemId: string): string {
  return `/providers/${providerId}/compliance/${encodeURIComponent(itemId)}`;
}

/** The provider's page with these filters (the path the language switcher and the forms come back to). */
export function providerComplianceHref(providerId: string, f: ComplianceFilter = {}): string {
  const q = new URLSearchParams();
  if (f.area) q.set('area', f.area);
  if (f.status) q.set('status', f.status);
  if (f.attention) q.set('attention', '1');
  const qs = q.toString();
  return `/providers/${providerId}/compliance${qs ? `?${qs}` : ''}`;
}

/** The hidden fields that bring a form back to the page with the same filters. */
function FilterFields(p: { filter: ComplianceFilter }): SafeHtml {
  return (
    <>
      {p.filter.area ? <input type="hidden" name="area" value={p.filter.area} /> : null}
      {p.filter.status ? <input type="hidden" name="status" value={p.filter.status} /> : null}
      {p.filter.attention ? <input type="hidden" name="attention" value="1" /> : null}
    </>
  );
}

function ErrorAt(p: { error?: CompliancePageError | undefined; at: string }): SafeHtml | null {
  if (p.error?.at !== p.at) return null;
  return (
    <p class="error" role="alert">
      {p.error.message}
    </p>
  );
}

/** The proposals a writer may accept among the shown items: a proposal that is not what stands confirmed already. */
function acceptable(items: readonly ComplianceItemView[]): ComplianceItemView[] {
  return items.filter((i) => i.proposal !== null && !(i.confirmation === 'confirmed' && i.confirmed?.status === i.proposal.status));
}

// ─── One provider: the table ────────────────────────────────────────────────────────────────────────────

function ExpiryCell(p: { item: ComplianceItemView; t: Translate }): SafeHtml {
  const c = p.item.confirmed;
  const t = p.t;
  if (!c) return <span class="muted">–</span>;
  if (!c.expiresOn) return <span class="muted">{t('No expiry')}</span>;
  if (c.expired) return <span class="error">{t('Expired on {date}', { date: c.expiresOn })}</span>;
  return <span>{c.expiresOn}</span>;
}

function ItemRow(p: { view: ProviderComplianceView; item: ComplianceItemView; canConfirm: boolean; t: Translate }): SafeHtml {
  const i = p.item;
  const t = p.t;
  const restricted = p.view.restricted;
  const href = itemHref(p.view.provider.id, i.itemId);
  const differs = i.proposal !== null && i.proposal.status !== (i.confirmed?.status ?? null);
  return (
    <tr id={`item-${i.itemId}`}>
      {p.canConfirm ? (
        <td>
          {i.proposal ? (
            <input type="checkbox" name="itemIds" value={i.itemId} form="accept-proposals" aria-label={t('Select the proposal for {item}', { item: i.itemId })} />
          ) : null}
        </td>
      ) : null}
      <th scope="row">
        <a href={href}>
          <code>{i.itemId}</code>
        </a>{' '}
        {i.title}
      </th>
      <td>
        <StatusBadge status={i.status} t={t} label={standingLabel(t, i, restricted)} />
        {i.newerProposal ? (
          <>
            {' '}
            <span class="muted">{t('newer evidence differs')}</span>
          </>
        ) : null}
      </td>
      {restricted ? null : <td>{differs && i.proposal ? <StatusBadge status={i.proposal.status} t={t} /> : <span class="muted">–</span>}</td>}
      <td>
        {i.confirmed ? (
          <>
            <StatusBadge status={i.confirmed.status} t={t} /> <span class="muted">{t('by {who},', { who: i.confirmed.assessor })}</span> <Day d={i.confirmed.assessedAt} />
          </>
        ) : (
          <span class="muted">{t('Not confirmed')}</span>
        )}
      </td>
      <td>
        <ExpiryCell item={i} t={t} />
      </td>
      <td>
        <a href={href} aria-label={t('Open {item}', { item: i.itemId })}>
          {t('Open')}
        </a>
      </td>
    </tr>
  );
}

function FilterForm(p: { providerId: string; areas: readonly ComplianceArea[]; filter: ComplianceFilter; shown: number; total: number; t: Translate }): SafeHtml {
  const t = p.t;
  const f = p.filter;
  const filtered = Boolean(f.area || f.status || f.attention);
  return (
    <form class="inline filters" method="get" action={`/providers/${p.providerId}/compliance`}>
      <label>
        {t('Area')}
        <select name="area">
          <option value="" selected={!f.area}>
            {t('All areas')}
          </option>
          {p.areas.map((a) => (
            <option value={a.id} selected={f.area === a.id}>
              {a.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('Status')}
        <select name="status">
          <option value="" selected={!f.status}>
            {t('All statuses')}
          </option>
          {COMPLIANCE_STATUSES.map((s) => (
            <option value={s} selected={f.status === s}>
              {complianceStatusName(t, s)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <input type="checkbox" name="attention" value="1" checked={f.attention === true} /> {t('Needs attention only')}
      </label>
      <button type="submit">{t('Filter')}</button>
      {filtered ? <a href={`/providers/${p.providerId}/compliance`}>{t('Show every item')}</a> : null}
      <span class="muted">{t('{shown} of {total} items shown', { shown: p.shown, total: p.total })}</span>
    </form>
  );
}

export function providerCompliancePage(o: {
  actor: Actor;
  csrf?: string | undefined;
  view: ProviderComplianceView;
  areas: readonly ComplianceArea[];
  /** The filters of the query string, and the items that pass them (services/compliance.ts `filterItems`). */
  filter?: ComplianceFilter | undefined;
  shown?: readonly ComplianceItemView[] | undefined;
  error?: CompliancePageError | undefined;
  lang?: Lang | undefined;
}): string {
  const t = translator(o.lang);
  const v = o.view;
  const filter = o.filter ?? {};
  const shown = o.shown ?? v.items;
  const canConfirm = !v.restricted && WRITERS.includes(o.actor.role);
  const byId = new Map(shown.map((i) => [i.itemId, i]));
  const proposals = v.items.filter((i) => i.proposal).length;
  const toAccept = acceptable(shown);
  const attention = v.items.filter(needsAttention).length;
  const cols = 5 + (canConfirm ? 1 : 0) + (v.restricted ? 0 : 1);
  return page(
    {
      title: t('{provider}: compliance', { provider: v.provider.name }),
      actor: o.actor,
      csrf: o.csrf,
      nav: 'providers',
      lang: o.lang ?? 'en',
      path: providerComplianceHref(v.provider.id, filter),
    },
    <>
      <p>
        <a href={`/providers/${v.provider.id}`}>{v.provider.name}</a>
        {v.restricted ? null : (
          <>
            {' · '}
            <a href="/compliance">{t('Sector compliance')}</a>
          </>
        )}
      </p>
      <p>
        {countsWords(v.counts, t)}{' '}
        <span class="muted">{fill(t('(of {n} catalog items, as of {when})'), { n: String(v.items.length), when: <When d={v.generatedAt} /> })}</span>
        {' · '}
        <a href={providerComplianceHref(v.provider.id, { attention: true })}>
          {attention === 1 ? t('1 item needs attention') : t('{n} items need attention', { n: attention })}
        </a>
      </p>
      {v.restricted ? (
        <p class="notice">{t('The statuses the lab confirmed for your organisation, with the date until which the evidence they rest on is valid.')}</p>
      ) : (
        <p class="muted">
          {t(
            "A status stands when a person confirmed it and its evidence is still valid; otherwise the platform's proposal stands, unconfirmed. The proposal is the worst of what the latest scan of each app and channel, and the latest manual test of the item, say about it. Open an item for its requirement, the proposal's reasons, the history and the form to confirm it.",
          )}
        </p>
      )}
      <Exports providerId={v.provider.id} what={t("Export this provider's compliance:")} t={t} />
      <FilterForm providerId={v.provider.id} areas={o.areas} filter={filter} shown={shown.length} total={v.items.length} t={t} />
      {canConfirm ? (
        <div class="card stack">
          <h2>{t('Accept proposals')}</h2>
          <p class="muted">
            {t(
              "Each accepted proposal is confirmed with its proposed status, and the proposal's reasons are recorded as its evidence, in your name.",
            )}{' '}
            {proposals === 1 ? t('1 item has a proposal.') : t('{n} items have a proposal.', { n: proposals })}
          </p>
          <form id="accept-proposals" class="inline" method="post" action={`/providers/${v.provider.id}/compliance/accept`}>
            <CsrfField csrf={o.csrf} />
            <FilterFields filter={filter} />
            <ErrorAt error={o.error} at="accept" />
            <label>
              {t('Evidence valid until (optional)')}
              <input type="date" name="expiresOn" value={o.error?.at === 'accept' ? (o.error.values?.expiresOn ?? '') : ''} />
            </label>
            <button type="submit">{t('Accept the proposals of the selected items')}</button>
          </form>
          {toAccept.length ? (
            <form id="accept-shown" class="inline" method="post" action={`/providers/${v.provider.id}/compliance/accept`}>
              <CsrfField csrf={o.csrf} />
              <FilterFields filter={filter} />
              <input type="hidden" name="at" value="accept-shown" />
              {toAccept.map((i) => (
                <input type="hidden" name="itemIds" value={i.itemId} />
              ))}
              <ErrorAt error={o.error} at="accept-shown" />
              <label>
                {t('Evidence valid until (optional)')}
                <input type="date" name="expiresOn" value={o.error?.at === 'accept-shown' ? (o.error.values?.expiresOn ?? '') : ''} />
              </label>
              <button type="submit">{toAccept.length === 1 ? t('Confirm the proposal shown') : t('Confirm all {n} proposals shown', { n: toAccept.length })}</button>
            </form>
          ) : (
            <p class="muted">{t('No proposal shown differs from what is confirmed.')}</p>
          )}
        </div>
      ) : null}
      <TableWrap>
        <table class="compliance-items">
          <caption class="visually-hidden">{t('Catalog items by area')}</caption>
          <thead>
            <tr>
              {canConfirm ? (
                <th scope="col" class="select">
                  <span class="visually-hidden">{t('Select')}</span>
                </th>
              ) : null}
              <th scope="col">{t('Item')}</th>
              <th scope="col">{t('Status')}</th>
              {v.restricted ? null : <th scope="col">{t('Proposal, if different')}</th>}
              <th scope="col">{t('Confirmed')}</th>
              <th scope="col">{t('Evidence valid until')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('Open')}</span>
              </th>
            </tr>
          </thead>
          {shown.length === 0 ? (
            <tbody>
              <tr>
                <td colspan={String(cols)} class="muted">
                  {t('No item matches these filters.')}
                </td>
              </tr>
            </tbody>
          ) : (
            o.areas.map((a) => {
              const items = a.itemIds.map((id) => byId.get(id)).filter((i): i is ComplianceItemView => i !== undefined);
              if (items.length === 0) return null;
              const counts = emptyStatusCounts();
              for (const i of items) counts[i.status]++;
              return (
                <tbody>
                  <tr class="group">
                    <th scope="rowgroup" colspan={String(cols)} id={`area-${a.id}`}>
                      {a.label} <span class="muted">({countsWords(counts, t)})</span>
                    </th>
                  </tr>
                  {items.map((i) => (
                    <ItemRow view={v} item={i} canConfirm={canConfirm} t={t} />
                  ))}
                </tbody>
              );
            })
          )}
        </table>
      </TableWrap>
    </>,
  );
}

// ─── One item of a provider ─────────────────────────────────────────────────────────────────────────────

function Entry(p: { e: ComplianceEntry; restricted: boolean; t: Translate }): SafeHtml {
  const e = p.e;
  const t = p.t;
  return (
    <li>
      <StatusBadge status={e.status} t={t} /> {t('by {who},', { who: e.assessor })} <When d={e.assessedAt} />
      {' · '}
      {e.expiresOn ? t('evidence valid until {date}', { date: e.expiresOn }) : t('no expiry')}
      {e.fromProposal ? <span class="muted"> · {t('accepted proposal')}</span> : null}
      {!p.restricted && e.evidence ? <p class="comment">{e.evidence}</p> : null}
      {!p.restricted && e.note ? <p class="muted">{fill(t('Note: {note}'), { note: e.note })}</p> : null}
    </li>
  );
}

function ConfirmForm(p: { item: ComplianceItemDetail; csrf?: string | undefined; error?: CompliancePageError | undefined; t: Translate }): SafeHtml {
  const i = p.item;
  const t = p.t;
  const mine = p.error?.at === 'confirm' ? p.error : undefined;
  const v = mine?.values ?? {};
  const chosen = v.status ?? i.proposal?.status ?? i.confirmed?.status ?? '';
  return (
    <form id="confirm" class="card stack" method="post" action={itemHref(i.provider.id, i.itemId)}>
      <CsrfField csrf={p.csrf} />
      <h2>{t('Confirm a status')}</h2>
      <ErrorAt error={p.error} at="confirm" />
      <label>
        {t('Status')}
        <select name="status" required>
          {COMPLIANCE_STATUSES.map((s) => (
            <option value={s} selected={s === chosen}>
              {complianceStatusName(t, s)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('Evidence (what the status rests on: a document, a test, a finding)')}
        <textarea name="evidence" required maxlength="4000" rows="3">
          {v.evidence ?? ''}
        </textarea>
      </label>
      <label>
        {t('Evidence valid until (optional)')}
        <input type="date" name="expiresOn" value={v.expiresOn ?? ''} />
      </label>
      <label>
        {t('Note (optional)')}
        <textarea name="note" maxlength="2000" rows="2">
          {v.note ?? ''}
        </textarea>
      </label>
      <button type="submit">{t('Confirm')}</button>
    </form>
  );
}

export function complianceItemPage(o: { actor: Actor; csrf?: string | undefined; item: ComplianceItemDetail; error?: CompliancePageError | undefined; lang?: Lang | undefined }): string {
  const t = translator(o.lang);
  const i = o.item;
  const restricted = i.restricted;
  const canConfirm = !restricted && WRITERS.includes(o.actor.role);
  const c = i.confirmed;
  const pr = i.proposal;
  return page(
    {
      title: `${i.itemId} · ${i.provider.name}`,
      actor: o.actor,
      csrf: o.csrf,
      nav: 'providers',
      lang: o.lang ?? 'en',
      path: itemHref(i.provider.id, i.itemId),
    },
    <>
      <p>
        <a href={`/providers/${i.provider.id}`}>{i.provider.name}</a>
        {' · '}
        <a href={`${providerComplianceHref(i.provider.id)}#item-${i.itemId}`}>{t('Compliance of {provider}', { provider: i.provider.name })}</a>
      </p>
      <h2>{i.title}</h2>
      <dl>
        <dt>{t('Area')}</dt>
        <dd>{i.area}</dd>
        <dt>{t('Requirement')}</dt>
        <dd>{i.statement}</dd>
        {i.howToTest ? (
          <>
            <dt>{t('How to test')}</dt>
            <dd>{i.howToTest}</dd>
          </>
        ) : null}
        <dt>{t('Status that stands')}</dt>
        <dd>
          <StatusBadge status={i.status} t={t} label={standingLabel(t, i, restricted)} />
          {i.newerProposal ? <p class="muted">{t('Newer evidence proposes another status: worth a look.')}</p> : null}
        </dd>
        <dt>{t('Confirmed')}</dt>
        <dd>
          {c ? (
            <>
              <StatusBadge status={c.status} t={t} /> {t('by {who},', { who: c.assessor })} <When d={c.assessedAt} />
              <br />
              {c.expiresOn ? (
                c.expired ? (
                  <span class="error">{t('Evidence expired on {date}: re-assess', { date: c.expiresOn })}</span>
                ) : (
                  <span>{t('Evidence valid until {date}', { date: c.expiresOn })}</span>
                )
              ) : (
                <span class="muted">{t('Evidence does not expire')}</span>
              )}
            </>
          ) : (
            <span class="muted">{t('Not confirmed')}</span>
          )}
        </dd>
      </dl>
      {restricted ? null : (
        <section aria-labelledby="proposal-h">
          <h2 id="proposal-h">{t("The platform's proposal")}</h2>
          {pr ? (
            <>
              <p>
                <StatusBadge status={pr.status} t={t} />
                {pr.basedOn ? <span class="muted"> {fill(t('(evidence of {date})'), { date: <Day d={pr.basedOn} /> })}</span> : null}
              </p>
              {pr.reasons.length ? (
                <ul class="reasons">
                  {pr.reasons.map((r) => (
                    <li>{r}</li>
                  ))}
                </ul>
              ) : null}
            </>
          ) : (
            <p class="muted">{t('No evidence yet: the platform proposes nothing for this item.')}</p>
          )}
        </section>
      )}
      {canConfirm ? <ConfirmForm item={i} csrf={o.csrf} error={o.error} t={t} /> : null}
      <section aria-labelledby="history-h">
        <h2 id="history-h">{i.history.length === 1 ? t('History (1 confirmation)') : t('History ({n} confirmations)', { n: i.history.length })}</h2>
        {i.history.length ? (
          <ol class="history">
            {i.history.map((e) => (
              <Entry e={e} restricted={restricted} t={t} />
            ))}
          </ol>
        ) : (
          <p class="muted">{t('No confirmation yet.')}</p>
        )}
      </section>
    </>,
  );
}
