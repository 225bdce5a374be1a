/**
 * @module platform/web/pages/compliance
 * The compliance pages: the sector heatmap (every provider × the recommendation areas, a provider-kind filter,
 * the trend of the confirmed statuses and the exports), and one provider's compliance with every catalog item,
 * grouped by report area: the status that stands, the platform's proposal and its reasons, the confirmed status
 * and whether its evidence expired, a form per item to confirm a status, a form to accept the proposals of the
 * selected items, and the history of each item on demand. A provider's representative sees their own
 * provider's confirmed statuses only, without forms. The rules are in services/compliance.ts.
 */
import { COMPLIANCE_STATUS_LABEL, COMPLIANCE_STATUSES, type ComplianceArea, type ComplianceStatus } from '../../../report/compliance.js';
import type { ComplianceEntry, ComplianceItemView, ProviderComplianceView, SectorCompliance } from '../../services/compliance.js';
import { PROVIDER_KINDS, WRITERS, type Actor } from '../../types.js';
import { Day, TableWrap, When } from '../components.js';
import { countsText, Heatmap, scorePercent } from '../heatmap.js';
import { Fragment, h, type SafeHtml } from '../jsx.js';
import { CsrfField, page } from '../layout.js';

const KIND_LABEL: Record<string, string> = { bank: 'Banks', mno: 'Mobile network operators', emi: 'E-money issuers', fintech: 'Fintechs', other: 'Other providers' };

function exportHref(format: 'csv' | 'oscal', o: { providerId?: string; kind?: string | null }): string {
  const q = new URLSearchParams({ format });
  if (o.providerId) q.set('providerId', o.providerId);
  if (o.kind) q.set('kind', o.kind);
  return `/api/v1/compliance/export?${q.toString()}`;
}

function Exports(p: { providerId?: string; kind?: string | null; what: string }): SafeHtml {
  return (
    <p class="reports">
      <span>Export {p.what}:</span>
      <a class="button secondary" href={exportHref('csv', p)} download>
        CSV
      </a>
      <a class="button secondary" href={exportHref('oscal', p)} download aria-label={`OSCAL assessment results`}>
        OSCAL
      </a>
    </p>
  );
}

// ─── The sector ─────────────────────────────────────────────────────────────────────────────────────────

function TrendTable(p: { sector: SectorCompliance }): SafeHtml {
  const series = p.sector.trend.filter((s) => s.areaId === null);
  return (
    <TableWrap>
      <table>
        <caption class="muted">Score of all items at the end of each month (confirmed statuses only), and today</caption>
        <thead>
          <tr>
            <th scope="col">Provider</th>
            {p.sector.trendDates.map((d) => (
              <th scope="col">{d}</th>
            ))}
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {series.length === 0 ? (
            <tr>
              <td colspan={String(p.sector.trendDates.length + 2)} class="muted">
                No provider yet.
              </td>
            </tr>
          ) : (
            series.map((s) => (
              <tr>
                <th scope="row">{s.provider.name}</th>
                {s.points.map((pt) => (
                  <td>{pt.score === null ? <span class="muted">No score</span> : `${scorePercent(pt.score)}%`}</td>
                ))}
                <td>
                  {s.change === null
                    ? <span class="muted">–</span>
                    : s.direction === 'flat'
                      ? 'No change'
                      : `${s.direction === 'up' ? 'Up' : 'Down'} ${Math.abs(Math.round(s.change * 100))} points`}
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </TableWrap>
  );
}

export function compliancePage(o: { actor: Actor; csrf?: string | undefined; sector: SectorCompliance }): string {
  const s = o.sector;
  return page(
    { title: 'Compliance', actor: o.actor, csrf: o.csrf, nav: 'compliance' },
    <>
      <p class="muted">
        The compliance of the supervised providers with the DFS recommendations, by area. A status stands when a person of the lab confirmed it and
        its evidence is still valid; otherwise the platform's proposal (from the latest scans, USSD runs and engagement results) is counted. Open a
        provider to see each item, confirm statuses and accept proposals.
      </p>
      <form class="inline" method="get" action="/compliance">
        <label>
          Provider kind
          <select name="kind">
            <option value="" selected={s.kind === null}>
              All providers
            </option>
            {PROVIDER_KINDS.map((k) => (
              <option value={k} selected={s.kind === k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Show</button>
      </form>
      <Heatmap
        model={s.heatmap}
        caption={`${s.kind ? KIND_LABEL[s.kind] : 'All providers'}: compliance by recommendation area, as of ${s.generatedAt.toISOString().slice(0, 10)}`}
        providerHref={(id) => `/providers/${id}/compliance`}
      />
      <Exports kind={s.kind} what={s.kind ? `the ${KIND_LABEL[s.kind]!.toLowerCase()}` : 'the sector'} />
      <p>
        <a href="/campaigns">Campaigns</a> assess a type of provider by a deadline, with the providers' self-assessments ·{' '}
        <a href="/benchmarks">Benchmarks</a> compare the sector, anonymised, with other labs
      </p>
      <h2>Trend</h2>
      <p class="muted">
        The trend counts the statuses a person confirmed, as they stood on each date (the latest confirmation by then whose evidence had not
        expired); the platform's proposals are computed from today's evidence and have no history, so they are left out here.
      </p>
      <TrendTable sector={s} />
    </>,
  );
}

// ─── One provider ───────────────────────────────────────────────────────────────────────────────────────

export interface CompliancePageError {
  /** The item whose confirm form was refused, or 'accept' for the bulk form. */
  at: string;
  message: string;
  values?: Record<string, string>;
}

function StatusBadge(p: { status: ComplianceStatus; label?: string }): SafeHtml {
  return <span class={`status compliance-${p.status}`}>{p.label ?? COMPLIANCE_STATUS_LABEL[p.status]}</span>;
}

function Entry(p: { e: ComplianceEntry; restricted: boolean }): SafeHtml {
  const e = p.e;
  return (
    <li>
      <StatusBadge status={e.status} /> by {e.assessor}, <When d={e.assessedAt} />
      {e.expiresOn ? <> · evidence valid until {e.expiresOn}</> : <> · no expiry</>}
      {e.fromProposal ? <span class="muted"> · accepted proposal</span> : null}
      {!p.restricted && e.evidence ? <p class="comment">{e.evidence}</p> : null}
      {!p.restricted && e.note ? <p class="muted">Note: {e.note}</p> : null}
    </li>
  );
}

function ConfirmedCell(p: { item: ComplianceItemView; restricted: boolean }): SafeHtml {
  const c = p.item.confirmed;
  if (!c) return <span class="muted">Not confirmed</span>;
  return (
    <>
      <StatusBadge status={c.status} /> <span class="muted">by {c.assessor},</span> <Day d={c.assessedAt} />
      <br />
      {c.expiresOn ? (
        c.expired ? (
          <span class="error">Evidence expired on {c.expiresOn}: re-assess</span>
        ) : (
          <span>Evidence valid until {c.expiresOn}</span>
        )
      ) : (
        <span class="muted">Evidence does not expire</span>
      )}
    </>
  );
}

function ProposalCell(p: { item: ComplianceItemView }): SafeHtml {
  const pr = p.item.proposal;
  if (!pr) return <span class="muted">No evidence yet</span>;
  return (
    <>
      <StatusBadge status={pr.status} />
      {pr.basedOn ? (
        <span class="muted">
          {' '}
          (evidence of <Day d={pr.basedOn} />)
        </span>
      ) : null}
      {pr.reasons.length ? (
        <ul class="reasons">
          {pr.reasons.map((r) => (
            <li>{r}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

function ConfirmForm(p: { providerId: string; item: ComplianceItemView; csrf?: string | undefined; error?: CompliancePageError | undefined }): SafeHtml {
  const i = p.item;
  const mine = p.error?.at === i.itemId ? p.error : undefined;
  const v = mine?.values ?? {};
  const chosen = v.status ?? i.proposal?.status ?? i.confirmed?.status ?? '';
  return (
    <details open={mine ? true : undefined}>
      <summary>Confirm a status for {i.itemId}</summary>
      {mine ? (
        <p class="error" role="alert">
          {mine.message}
        </p>
      ) : null}
      <form class="stack" method="post" action={`/providers/${p.providerId}/compliance/${encodeURIComponent(i.itemId)}`}>
        <CsrfField csrf={p.csrf} />
        <label>
          Status
          <select name="status" required>
            {COMPLIANCE_STATUSES.map((s) => (
              <option value={s} selected={s === chosen}>
                {COMPLIANCE_STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Evidence (what the status rests on: a document, a test, a finding)
          <textarea name="evidence" required maxlength="4000" rows="3">
            {v.evidence ?? ''}
          </textarea>
        </label>
        <label>
          Evidence valid until (optional)
          <input type="date" name="expiresOn" value={v.expiresOn ?? ''} />
        </label>
        <label>
          Note (optional)
          <textarea name="note" maxlength="2000" rows="2">
            {v.note ?? ''}
          </textarea>
        </label>
        <button type="submit">Confirm</button>
      </form>
    </details>
  );
}

function ItemRow(p: { view: ProviderComplianceView; item: ComplianceItemView; canConfirm: boolean; csrf?: string | undefined; error?: CompliancePageError | undefined }): SafeHtml {
  const i = p.item;
  const restricted = p.view.restricted;
  return (
    <tr id={`item-${i.itemId}`}>
      {p.canConfirm ? (
        <td>
          {i.proposal ? (
            <input type="checkbox" name="itemIds" value={i.itemId} form="accept-proposals" aria-label={`Select the proposal for ${i.itemId}`} />
          ) : null}
        </td>
      ) : null}
      <th scope="row">
        <code>{i.itemId}</code> {i.title}
      </th>
      <td>
        <StatusBadge status={i.status} label={i.label} />
        {i.newerProposal ? <p class="muted">Newer evidence proposes another status: worth a look.</p> : null}
      </td>
      {restricted ? null : (
        <td>
          <ProposalCell item={i} />
        </td>
      )}
      <td>
        <ConfirmedCell item={i} restricted={restricted} />
        {i.history.length ? (
          <details>
            <summary>History ({i.history.length === 1 ? '1 confirmation' : `${i.history.length} confirmations`})</summary>
            <ol class="history">
              {i.history.map((e) => (
                <Entry e={e} restricted={restricted} />
              ))}
            </ol>
          </details>
        ) : null}
        {p.canConfirm ? <ConfirmForm providerId={p.view.provider.id} item={i} csrf={p.csrf} error={p.error} /> : null}
      </td>
    </tr>
  );
}

export function providerCompliancePage(o: {
  actor: Actor;
  csrf?: string | undefined;
  view: ProviderComplianceView;
  areas: readonly ComplianceArea[];
  error?: CompliancePageError | undefined;
}): string {
  const v = o.view;
  const canConfirm = !v.restricted && WRITERS.includes(o.actor.role);
  const byId = new Map(v.items.map((i) => [i.itemId, i]));
  const proposals = v.items.filter((i) => i.proposal).length;
  const acceptError = o.error?.at === 'accept' ? o.error : undefined;
  const cols = 3 + (canConfirm ? 1 : 0) + (v.restricted ? 0 : 1);
  return page(
    { title: `${v.provider.name}: compliance`, actor: o.actor, csrf: o.csrf, nav: 'providers' },
    <>
      <p>
        <a href={`/providers/${v.provider.id}`}>{v.provider.name}</a>
        {v.restricted ? null : (
          <>
            {' · '}
            <a href="/compliance">Sector compliance</a>
          </>
        )}
      </p>
      <p>
        {countsText(v.counts)} <span class="muted">(of {v.items.length} catalog items, as of <When d={v.generatedAt} />)</span>
      </p>
      {v.restricted ? (
        <p class="notice">The statuses the lab confirmed for your organisation, with the date until which the evidence they rest on is valid.</p>
      ) : (
        <p class="muted">
          A status stands when a person confirmed it and its evidence is still valid; otherwise the platform's proposal stands, unconfirmed. The
          proposal is the worst of what the latest scan of each app and channel, and the latest manual test of the item, say about it.
        </p>
      )}
      <Exports providerId={v.provider.id} what="this provider's compliance" />
      {canConfirm ? (
        <form id="accept-proposals" class="card stack" method="post" action={`/providers/${v.provider.id}/compliance/accept`}>
          <CsrfField csrf={o.csrf} />
          <h2>Accept proposals</h2>
          <p class="muted">
            Tick the items below whose proposal you accept ({proposals === 1 ? '1 item has' : `${proposals} items have`} one): each is confirmed with
            its proposed status, and the proposal's reasons are recorded as its evidence, in your name.
          </p>
          {acceptError ? (
            <p class="error" role="alert">
              {acceptError.message}
            </p>
          ) : null}
          <label>
            Evidence valid until (optional)
            <input type="date" name="expiresOn" value={acceptError?.values?.expiresOn ?? ''} />
          </label>
          <button type="submit">Accept the proposals of the selected items</button>
        </form>
      ) : null}
      {o.areas.map((a) => {
        const items = a.itemIds.map((id) => byId.get(id)).filter((i): i is ComplianceItemView => i !== undefined);
        if (items.length === 0) return null;
        return (
          <section aria-labelledby={`area-${a.id}`}>
            <h2 id={`area-${a.id}`}>{a.label}</h2>
            <TableWrap>
              <table>
                <thead>
                  <tr>
                    {canConfirm ? (
                      <th scope="col" class="select">
                        <span class="visually-hidden">Select</span>
                      </th>
                    ) : null}
                    <th scope="col">Item</th>
                    <th scope="col">Status</th>
                    {v.restricted ? null : <th scope="col">Proposal</th>}
                    <th scope="col">Confirmed</th>
                  </tr>
                </thead>
                <tbody>
                  {items.length === 0 ? (
                    <tr>
                      <td colspan={String(cols)}>No item.</td>
                    </tr>
                  ) : (
                    items.map((i) => <ItemRow view={v} item={i} canConfirm={canConfirm} csrf={o.csrf} error={o.error} />)
                  )}
                </tbody>
              </table>
            </TableWrap>
          </section>
        );
      })}
    </>,
  );
}
