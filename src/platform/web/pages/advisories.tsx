/**
 * @module platform/web/pages/advisories
 * The advisories shared between labs: the list with its full-text search, the "new advisory" form (TLP and
 * scope, each choice explained in words), and an advisory's page with its TLP label first, the content, the
 * providers' acknowledgements, the acknowledgement form for a provider's representative, the labs' thread, the
 * marking history and (for the owner lab's managers) the form that changes the marking. The routes decide what
 * the caller may see (services/advisories.ts); these pages draw what they are given, in the reader's language
 * (the advisory's own words, as its author wrote them).
 */
import {
  ADVISORY_CHANNELS,
  ADVISORY_SEVERITIES,
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
import type { MarkingChange, MarkingFormOptions } from '../../services/sharing.js';
import { MANAGERS, type Actor } from '../../types.js';
import { fill, translator, type Lang, type Translate } from '../i18n.js';
import { Day, SeverityBadge, severityName, TableWrap, When } from '../components.js';
import { Fragment, h, type SafeHtml } from '../jsx.js';
import { CsrfField, page } from '../layout.js';
import { renderMarkdown } from '../markdown.js';
import {
  ChangeMarkingForm,
  ErrorLine,
  ExportSection,
  formValue as one,
  LabThread,
  MarkingHistory,
  NewItemForm,
  scopeName,
  SharedItemTable,
  markingValues,
  TlpBanner,
  type SharedFormValues,
  type SharedItemPageData,
} from './sharing-fields.js';

/** A channel's name in the page's language (services/advisories.ts `CHANNEL_NAMES` in English). */
export function channelName(t: Translate, channel: string): string {
  switch (channel) {
    case 'android':
      return t('Android apps');
    case 'ios':
      return t('iOS apps');
    case 'ussd':
      return 'USSD';
    case 'stk':
      return t('SIM Toolkit (STK)');
    case 'sms':
      return 'SMS';
    case 'ss7':
      return t('SS7 / signalling');
    case 'platform':
      return t('Back-end platform');
    case 'other':
      return t('Other');
    default:
      return channel;
  }
}

export interface AdvisoryListData {
  actor: Actor;
  csrf?: string | undefined;
  lang?: Lang | undefined;
  items: AdvisorySummary[];
  query: string;
}

export function advisoriesPage(o: AdvisoryListData): string {
  const t = translator(o.lang);
  const rep = o.actor.role === 'provider';
  return page(
    { title: t('Advisories'), actor: o.actor, csrf: o.csrf, nav: 'advisories', lang: o.lang, path: '/advisories' },
    <>
      <p class="muted">
        {rep
          ? t('Threat and vulnerability advisories your lab sent to your organisation; acknowledge each one on its page.')
          : t('Threat and vulnerability advisories of your lab and those other labs shared with it. Each is marked with TLP, which says who may read it and whether it may leave the platform.')}
      </p>
      {MANAGERS.includes(o.actor.role) ? (
        <p>
          <a class="button" href="/advisories/new">
            {t('Write an advisory')}
          </a>
        </p>
      ) : null}
      <form class="inline" method="get" action="/advisories" role="search">
        <label>
          {t('Search advisories')}
          <input type="search" name="q" maxlength={String(MAX_QUERY)} value={o.query} />
        </label>
        <button type="submit">{t('Search')}</button>
        {o.query ? <a href="/advisories">{t('Clear the search')}</a> : null}
      </form>
      <p class="muted" role="status">
        {o.query ? (o.items.length === 0 ? t('No advisory you can read matches.') : t('Best matches first.')) : o.items.length === 0 ? t('No advisory yet.') : t('Newest first.')}
      </p>
      {o.items.length ? (
        <SharedItemTable
          t={t}
          caption={o.query ? t('Advisories matching "{query}"', { query: o.query }) : t('Advisories you can read')}
          items={o.items}
          href={(a) => `/advisories/${a.id}`}
          middle={[
            { head: t('Severity'), cell: (a) => <SeverityBadge severity={a.severity} t={t} /> },
            { head: t('Channel'), cell: (a) => channelName(t, a.channel) },
          ]}
          scopeNote={(a) =>
            a.ackDueOn ? (
              <span class="muted">
                {' '}
                ({fill(t('acknowledge by {day}'), { day: <time datetime={a.ackDueOn}>{a.ackDueOn}</time> })})
              </span>
            ) : null
          }
          end={[{ head: t('Published'), cell: (a) => <Day d={a.createdAt} /> }]}
        />
      ) : null}
    </>,
  );
}

/** What the form was sent with, to fill it again after a refusal (text fields, and the lists of ids chosen). */
export type AdvisoryFormValues = SharedFormValues;

export function newAdvisoryPage(o: { actor: Actor; csrf?: string | undefined; lang?: Lang | undefined; options: AdvisoryFormOptions; error?: string | undefined; values?: AdvisoryFormValues | undefined }): string {
  const t = translator(o.lang);
  const v = o.values ?? {};
  return page(
    { title: t('Write an advisory'), actor: o.actor, csrf: o.csrf, nav: 'advisories', lang: o.lang, path: '/advisories/new' },
    <NewItemForm
      t={t}
      action="/advisories"
      csrf={o.csrf}
      error={o.error}
      values={v}
      options={o.options}
      maxTitle={MAX_TITLE}
      intro={t('Everyone the marking and the scope admit is notified when you publish it. Content marked AMBER or stricter is never sent by e-mail: the e-mail only says that there is a new advisory, with a link.')}
      submit={t('Publish the advisory')}
      providersNote={t('they must acknowledge it by the deadline')}
      markingExtra={<AckDueOnField t={t} value={one(v, 'ackDueOn')} />}
    >
      <label>
        {t('Channel')}
        <select name="channel" required>
          {ADVISORY_CHANNELS.map((c) => (
            <option value={c} selected={one(v, 'channel') === c}>
              {channelName(t, c)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('Severity')}
        <select name="severity" required>
          {ADVISORY_SEVERITIES.map((s) => (
            <option value={s} selected={(one(v, 'severity') || 'high') === s}>
              {severityName(t, s)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('Summary (Markdown)')}
        <textarea name="summary" required maxlength={String(MAX_TEXT)} rows="8">
          {one(v, 'summary')}
        </textarea>
      </label>
      <label>
        {t('Indicators (Markdown: numbers, short codes, URLs, app ids, message patterns)')}
        <textarea name="indicators" maxlength={String(MAX_TEXT)} rows="5">
          {one(v, 'indicators')}
        </textarea>
      </label>
      <label>
        {t('Recommended controls (DFS catalog item ids, separated by commas, e.g. APP-01, USSD-03)')}
        <input name="controls" maxlength="1000" value={one(v, 'controls')} />
      </label>
    </NewItemForm>,
  );
}

/** The acknowledgement deadline of an advisory to providers (the "new advisory" and "change the marking" forms). */
function AckDueOnField(p: { t: Translate; value: string }): SafeHtml {
  const t = p.t;
  return (
    <label>
      {t('Acknowledge by (for providers)')}
      <input type="date" name="ackDueOn" value={p.value} />
    </label>
  );
}

export interface AdvisoryPageError {
  at: 'comment' | 'acknowledge' | 'marking';
  message: string;
}

export interface AdvisoryPageData extends SharedItemPageData {
  advisory: Advisory;
  /** The thread, for staff; `null` for a provider's representative (who does not read it). */
  comments: AdvisoryComment[] | null;
  /** The providers in scope (owner staff), or the caller's own provider (a representative). */
  acknowledgements: AcknowledgementState[];
  canAcknowledge: boolean;
  /** The marking changes since publication (everyone who sees the advisory). */
  markingHistory: MarkingChange[];
  /** The choices of the "change the marking" form, for the owner lab's managers; `null` for everyone else. */
  markingOptions: MarkingFormOptions | null;
  error?: AdvisoryPageError | undefined;
  values?: { body?: string | undefined; note?: string | undefined; marking?: SharedFormValues | undefined } | undefined;
}

function ErrorFor(p: { error: AdvisoryPageError | undefined; at: AdvisoryPageError['at'] }): SafeHtml | null {
  return <ErrorLine message={p.error?.at === p.at ? p.error.message : undefined} />;
}

export function advisoryPage(o: AdvisoryPageData): string {
  const t = translator(o.lang);
  const a = o.advisory;
  const ownerStaff = o.actor.role !== 'provider' && o.actor.orgId === a.orgId;
  const mine = o.actor.role === 'provider' ? o.acknowledgements[0] : undefined;
  return page(
    { title: a.title, actor: o.actor, csrf: o.csrf, nav: 'advisories', lang: o.lang, path: `/advisories/${a.id}` },
    <>
      <TlpBanner tlp={a.tlp} t={t} />
      <dl>
        <dt>{t('From')}</dt>
        <dd>
          {a.orgName} <span class="muted">({a.authorName})</span>
        </dd>
        <dt>{t('Severity')}</dt>
        <dd>
          <SeverityBadge severity={a.severity} t={t} />
        </dd>
        <dt>{t('Channel')}</dt>
        <dd>{channelName(t, a.channel)}</dd>
        <dt>{t('Shared with')}</dt>
        <dd>{scopeName(t, a.scope.kind)}</dd>
        {a.ackDueOn ? (
          <>
            <dt>{t('Acknowledge by')}</dt>
            <dd>
              <time datetime={a.ackDueOn}>{a.ackDueOn}</time>
            </dd>
          </>
        ) : null}
        <dt>{t('Published')}</dt>
        <dd>
          <When d={a.createdAt} />
        </dd>
      </dl>
      <section aria-labelledby="summary-h">
        <h2 id="summary-h">{t('Summary')}</h2>
        <div class="markdown">{renderMarkdown(a.summary, { headingOffset: 2 })}</div>
      </section>
      {a.indicators ? (
        <section aria-labelledby="indicators-h">
          <h2 id="indicators-h">{t('Indicators')}</h2>
          <div class="markdown">{renderMarkdown(a.indicators, { headingOffset: 2 })}</div>
        </section>
      ) : null}
      {a.controls.length ? (
        <section aria-labelledby="controls-h">
          <h2 id="controls-h">{t('Recommended controls')}</h2>
          <ul>
            {a.controls.map((c) => (
              <li>
                <code>{c}</code>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <ExportSection t={t} tlp={a.tlp} exports={o.exports} href={(format) => `/api/v1/advisories/${a.id}/export?format=${format}`} />
      {a.scope.kind === 'providers' && (ownerStaff || o.actor.role === 'provider') ? (
        <section aria-labelledby="acknowledgements-h" id="acknowledgements">
          <h2 id="acknowledgements-h">{t('Acknowledgements')}</h2>
          {ownerStaff ? <AcknowledgementTable t={t} rows={o.acknowledgements} /> : null}
          {o.canAcknowledge ? null : <ErrorFor error={o.error} at="acknowledge" />}
          {mine?.acknowledgedAt ? (
            <p role="status">
              {fill(mine.late ? t('Your organisation acknowledged it on {when}, after the deadline.') : t('Your organisation acknowledged it on {when}.'), {
                when: [<When d={mine.acknowledgedAt} />, mine.byName ? ` (${mine.byName})` : ''],
              })}
            </p>
          ) : null}
          {o.canAcknowledge ? (
            <div class="card" id="acknowledge-form">
              <h3>{t('Acknowledge this advisory')}</h3>
              {mine?.overdue ? <p class="error">{t('The deadline has passed: acknowledge it now; it will be marked late.')}</p> : null}
              <ErrorFor error={o.error} at="acknowledge" />
              <form class="stack" method="post" action={`/advisories/${a.id}/acknowledgements`}>
                <CsrfField csrf={o.csrf} />
                <label>
                  {t('Note to the lab (optional: what you did or plan to do)')}
                  <textarea name="note" maxlength={String(MAX_NOTE)} rows="3">
                    {o.error?.at === 'acknowledge' ? (o.values?.note ?? '') : ''}
                  </textarea>
                </label>
                <button type="submit">{t('Acknowledge')}</button>
              </form>
            </div>
          ) : null}
        </section>
      ) : null}
      <MarkingHistory t={t} changes={o.markingHistory} />
      {o.markingOptions ? (
        <ChangeMarkingForm
          t={t}
          action={`/advisories/${a.id}/marking`}
          csrf={o.csrf}
          error={o.error?.at === 'marking' ? o.error.message : undefined}
          values={o.error?.at === 'marking' && o.values?.marking ? o.values.marking : markingValues(a, { ackDueOn: a.ackDueOn ?? '' })}
          options={o.markingOptions}
          providersNote={t('they must acknowledge it by the deadline')}
        >
          <AckDueOnField t={t} value={one(o.error?.at === 'marking' && o.values?.marking ? o.values.marking : { ackDueOn: a.ackDueOn ?? '' }, 'ackDueOn')} />
        </ChangeMarkingForm>
      ) : null}
      {o.comments ? (
        <LabThread
          t={t}
          id="thread-h"
          heading={t('Discussion')}
          note={t('Between the labs that can read this advisory; provider representatives do not see it.')}
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

function AcknowledgementTable(p: { t: Translate; rows: AcknowledgementState[] }): SafeHtml {
  const t = p.t;
  if (p.rows.length === 0) return <p class="muted">{t('No provider is in scope.')}</p>;
  return (
    <TableWrap>
      <table>
        <caption class="muted">{t('The providers in scope and their acknowledgements')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('Provider')}</th>
            <th scope="col">{t('Status')}</th>
            <th scope="col">{t('By')}</th>
            <th scope="col">{t('Note')}</th>
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => (
            <tr>
              <td>{r.providerName}</td>
              <td>
                {r.acknowledgedAt ? (
                  <span class="status">{fill(r.late ? t('Acknowledged {when} (late)') : t('Acknowledged {when}'), { when: <When d={r.acknowledgedAt} /> })}</span>
                ) : (
                  <span class="status">{r.overdue ? t('Overdue') : t('Waiting')}</span>
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
