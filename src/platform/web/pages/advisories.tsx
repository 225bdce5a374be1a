/**
 * @module platform/web/pages/advisories
 * The advisories shared between labs: the list with its full-text search, the "new advisory" form (TLP and
 * scope, each choice explained in words), and an advisory's page with its TLP label first, the content, the
 * providers' acknowledgements, the acknowledgement form for a provider's representative and the labs' thread.
 * The routes decide what the caller may see (services/advisories.ts); these pages draw what they are given.
 */
import {
  ADVISORY_CHANNELS,
  ADVISORY_SEVERITIES,
  CHANNEL_NAMES,
  MAX_COMMENT,
  MAX_NOTE,
  MAX_QUERY,
  MAX_TEXT,
  MAX_TITLE,
  type AcknowledgementState,
  type Advisory,
  type AdvisoryComment,
  type AdvisoryFormOptions,
  type AdvisorySummary,
} from '../../services/advisories.js';
import { MANAGERS, type Actor } from '../../types.js';
import type { Lang } from '../i18n.js';
import { Day, SeverityBadge, TableWrap, When } from '../components.js';
import { Fragment, h, type SafeHtml } from '../jsx.js';
import { CsrfField, page } from '../layout.js';
import { renderMarkdown } from '../markdown.js';
import { ErrorLine, ExportSection, formValue as one, LabThread, NewItemForm, scopeName, SharedItemTable, TlpBanner, type SharedFormValues, type SharedItemPageData } from './sharing-fields.js';

export interface AdvisoryListData {
  actor: Actor;
  csrf?: string | undefined;
  lang?: Lang | undefined;
  items: AdvisorySummary[];
  query: string;
}

export function advisoriesPage(o: AdvisoryListData): string {
  const rep = o.actor.role === 'provider';
  return page(
    { title: 'Advisories', actor: o.actor, csrf: o.csrf, nav: 'advisories', lang: o.lang, path: '/advisories' },
    <>
      <p class="muted">
        {rep
          ? 'Threat and vulnerability advisories your lab sent to your organisation; acknowledge each one on its page.'
          : 'Threat and vulnerability advisories of your lab and those other labs shared with it. Each is marked with TLP, which says who may read it and whether it may leave the platform.'}
      </p>
      {MANAGERS.includes(o.actor.role) ? (
        <p>
          <a class="button" href="/advisories/new">
            Write an advisory
          </a>
        </p>
      ) : null}
      <form class="inline" method="get" action="/advisories" role="search">
        <label>
          Search advisories
          <input type="search" name="q" maxlength={String(MAX_QUERY)} value={o.query} />
        </label>
        <button type="submit">Search</button>
        {o.query ? <a href="/advisories">Clear the search</a> : null}
      </form>
      <p class="muted" role="status">
        {o.query ? (o.items.length === 0 ? 'No advisory you can read matches.' : `Best matches first.`) : o.items.length === 0 ? 'No advisory yet.' : 'Newest first.'}
      </p>
      {o.items.length ? (
        <SharedItemTable
          caption={o.query ? `Advisories matching "${o.query}"` : 'Advisories you can read'}
          items={o.items}
          href={(a) => `/advisories/${a.id}`}
          middle={[
            { head: 'Severity', cell: (a) => <SeverityBadge severity={a.severity} /> },
            { head: 'Channel', cell: (a) => CHANNEL_NAMES[a.channel] },
          ]}
          scopeNote={(a) =>
            a.ackDueOn ? (
              <span class="muted">
                {' '}
                (acknowledge by <time datetime={a.ackDueOn}>{a.ackDueOn}</time>)
              </span>
            ) : null
          }
          end={[{ head: 'Published', cell: (a) => <Day d={a.createdAt} /> }]}
        />
      ) : null}
    </>,
  );
}

/** What the form was sent with, to fill it again after a refusal (text fields, and the lists of ids chosen). */
export type AdvisoryFormValues = SharedFormValues;

export function newAdvisoryPage(o: { actor: Actor; csrf?: string | undefined; lang?: Lang | undefined; options: AdvisoryFormOptions; error?: string | undefined; values?: AdvisoryFormValues | undefined }): string {
  const v = o.values ?? {};
  return page(
    { title: 'Write an advisory', actor: o.actor, csrf: o.csrf, nav: 'advisories', lang: o.lang, path: '/advisories/new' },
    <NewItemForm
      action="/advisories"
      csrf={o.csrf}
      error={o.error}
      values={v}
      options={o.options}
      maxTitle={MAX_TITLE}
      verb="publish"
      noun="advisory"
      submit="Publish the advisory"
      providersNote="they must acknowledge it by the deadline"
      markingExtra={
        <label>
          Acknowledge by (for providers)
          <input type="date" name="ackDueOn" value={one(v, 'ackDueOn')} />
        </label>
      }
    >
      <label>
        Channel
        <select name="channel" required>
          {ADVISORY_CHANNELS.map((c) => (
            <option value={c} selected={one(v, 'channel') === c}>
              {CHANNEL_NAMES[c]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Severity
        <select name="severity" required>
          {ADVISORY_SEVERITIES.map((s) => (
            <option value={s} selected={(one(v, 'severity') || 'high') === s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        Summary (Markdown)
        <textarea name="summary" required maxlength={String(MAX_TEXT)} rows="8">
          {one(v, 'summary')}
        </textarea>
      </label>
      <label>
        Indicators (Markdown: numbers, short codes, URLs, app ids, message patterns)
        <textarea name="indicators" maxlength={String(MAX_TEXT)} rows="5">
          {one(v, 'indicators')}
        </textarea>
      </label>
      <label>
        Recommended controls (DFS catalog item ids, separated by commas, e.g. APP-01, USSD-03)
        <input name="controls" maxlength="1000" value={one(v, 'controls')} />
      </label>
    </NewItemForm>,
  );
}

export interface AdvisoryPageError {
  at: 'comment' | 'acknowledge';
  message: string;
}

export interface AdvisoryPageData extends SharedItemPageData {
  advisory: Advisory;
  /** The thread, for staff; `null` for a provider's representative (who does not read it). */
  comments: AdvisoryComment[] | null;
  /** The providers in scope (owner staff), or the caller's own provider (a representative). */
  acknowledgements: AcknowledgementState[];
  canAcknowledge: boolean;
  error?: AdvisoryPageError | undefined;
  values?: { body?: string | undefined; note?: string | undefined } | undefined;
}

function ErrorFor(p: { error: AdvisoryPageError | undefined; at: AdvisoryPageError['at'] }): SafeHtml | null {
  return <ErrorLine message={p.error?.at === p.at ? p.error.message : undefined} />;
}

export function advisoryPage(o: AdvisoryPageData): string {
  const a = o.advisory;
  const ownerStaff = o.actor.role !== 'provider' && o.actor.orgId === a.orgId;
  const mine = o.actor.role === 'provider' ? o.acknowledgements[0] : undefined;
  return page(
    { title: a.title, actor: o.actor, csrf: o.csrf, nav: 'advisories', lang: o.lang, path: `/advisories/${a.id}` },
    <>
      <TlpBanner tlp={a.tlp} />
      <dl class="fields">
        <dt>From</dt>
        <dd>
          {a.orgName} <span class="muted">({a.authorName})</span>
        </dd>
        <dt>Severity</dt>
        <dd>
          <SeverityBadge severity={a.severity} />
        </dd>
        <dt>Channel</dt>
        <dd>{CHANNEL_NAMES[a.channel]}</dd>
        <dt>Shared with</dt>
        <dd>{scopeName(a.scope.kind)}</dd>
        {a.ackDueOn ? (
          <>
            <dt>Acknowledge by</dt>
            <dd>
              <time datetime={a.ackDueOn}>{a.ackDueOn}</time>
            </dd>
          </>
        ) : null}
        <dt>Published</dt>
        <dd>
          <When d={a.createdAt} />
        </dd>
      </dl>
      <section aria-labelledby="summary-h">
        <h2 id="summary-h">Summary</h2>
        <div class="markdown">{renderMarkdown(a.summary, { headingOffset: 2 })}</div>
      </section>
      {a.indicators ? (
        <section aria-labelledby="indicators-h">
          <h2 id="indicators-h">Indicators</h2>
          <div class="markdown">{renderMarkdown(a.indicators, { headingOffset: 2 })}</div>
        </section>
      ) : null}
      {a.controls.length ? (
        <section aria-labelledby="controls-h">
          <h2 id="controls-h">Recommended controls</h2>
          <ul>
            {a.controls.map((c) => (
              <li>
                <code>{c}</code>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <ExportSection tlp={a.tlp} exports={o.exports} href={(format) => `/api/v1/advisories/${a.id}/export?format=${format}`} />
      {a.scope.kind === 'providers' && (ownerStaff || o.actor.role === 'provider') ? (
        <section aria-labelledby="acknowledgements-h" id="acknowledgements">
          <h2 id="acknowledgements-h">Acknowledgements</h2>
          {ownerStaff ? <AcknowledgementTable rows={o.acknowledgements} /> : null}
          {o.canAcknowledge ? null : <ErrorFor error={o.error} at="acknowledge" />}
          {mine?.acknowledgedAt ? (
            <p role="status">
              Your organisation acknowledged it on <When d={mine.acknowledgedAt} />
              {mine.byName ? ` (${mine.byName})` : ''}
              {mine.late ? ', after the deadline' : ''}.
            </p>
          ) : null}
          {o.canAcknowledge ? (
            <div class="card" id="acknowledge-form">
              <h3>Acknowledge this advisory</h3>
              {mine?.overdue ? <p class="error">The deadline has passed: acknowledge it now; it will be marked late.</p> : null}
              <ErrorFor error={o.error} at="acknowledge" />
              <form class="stack" method="post" action={`/advisories/${a.id}/acknowledgements`}>
                <CsrfField csrf={o.csrf} />
                <label>
                  Note to the lab (optional: what you did or plan to do)
                  <textarea name="note" maxlength={String(MAX_NOTE)} rows="3">
                    {o.error?.at === 'acknowledge' ? (o.values?.note ?? '') : ''}
                  </textarea>
                </label>
                <button type="submit">Acknowledge</button>
              </form>
            </div>
          ) : null}
        </section>
      ) : null}
      {o.comments ? (
        <LabThread
          id="thread-h"
          heading="Discussion"
          note="Between the labs that can read this advisory; provider representatives do not see it."
          comments={o.comments}
          maxLength={MAX_COMMENT}
          canComment={o.canComment}
          action={`/advisories/${a.id}/comments`}
          csrf={o.csrf}
          error={o.error?.at === 'comment' ? o.error.message : undefined}
          sent={o.error?.at === 'comment' ? (o.values?.body ?? '') : ''}
        />
      ) : null}
    </>,
  );
}

function AcknowledgementTable(p: { rows: AcknowledgementState[] }): SafeHtml {
  if (p.rows.length === 0) return <p class="muted">No provider is in scope.</p>;
  return (
    <TableWrap>
      <table>
        <caption class="muted">The providers in scope and their acknowledgements</caption>
        <thead>
          <tr>
            <th scope="col">Provider</th>
            <th scope="col">Status</th>
            <th scope="col">By</th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => (
            <tr>
              <td>{r.providerName}</td>
              <td>
                {r.acknowledgedAt ? (
                  <span class="status">
                    Acknowledged <When d={r.acknowledgedAt} />
                    {r.late ? ' (late)' : ''}
                  </span>
                ) : (
                  <span class="status">{r.overdue ? 'Overdue' : 'Waiting'}</span>
                )}
              </td>
              <td>{r.byName ?? ''}</td>
              <td>{r.note ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
