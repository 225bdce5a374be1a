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
  TLP_MEANING,
  tlpBanner,
  type AcknowledgementState,
  type Advisory,
  type AdvisoryComment,
  type AdvisoryFormOptions,
  type AdvisorySummary,
} from '../../services/advisories.js';
import { SCOPE_KINDS, TLPS, tlpLabel, type ScopeKind, type Tlp } from '../../services/sharing-policy.js';
import { MANAGERS, type Actor } from '../../types.js';
import type { Lang } from '../i18n.js';
import { Day, SeverityBadge, TableWrap, When } from '../components.js';
import { Fragment, h, type SafeHtml } from '../jsx.js';
import { CsrfField, page } from '../layout.js';
import { renderMarkdown } from '../markdown.js';

const SCOPE_MEANING: Readonly<Record<ScopeKind, string>> = {
  lab: 'Your lab only: its staff',
  peers: 'Named peer labs: your staff and the staff of the labs you choose below',
  community: 'The whole community: the staff of every lab on this platform',
  providers: "Your supervised providers: your staff and the representatives of the providers you choose below (all of them if you choose none); they must acknowledge it by the deadline",
};

const SCOPE_SHORT: Readonly<Record<string, string>> = { lab: 'Own lab', peers: 'Peer labs', community: 'Community', providers: 'Providers' };

/** The TLP marking as text (never colour alone): `TLP:AMBER`, with a class per level for the stylesheet. */
export function TlpLabel(p: { tlp: Tlp }): SafeHtml {
  return <span class={`tlp tlp-${p.tlp.replace('+', '-')}`}>{tlpLabel(p.tlp)}</span>;
}

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
        <TableWrap>
          <table>
            <caption class="muted">{o.query ? `Advisories matching "${o.query}"` : 'Advisories you can read'}</caption>
            <thead>
              <tr>
                <th scope="col">Marking</th>
                <th scope="col">Title</th>
                <th scope="col">Severity</th>
                <th scope="col">Channel</th>
                <th scope="col">From</th>
                <th scope="col">Shared with</th>
                <th scope="col">Published</th>
              </tr>
            </thead>
            <tbody>
              {o.items.map((a) => (
                <tr>
                  <td>
                    <TlpLabel tlp={a.tlp} />
                  </td>
                  <td>
                    <a href={`/advisories/${a.id}`}>{a.title}</a>
                  </td>
                  <td>
                    <SeverityBadge severity={a.severity} />
                  </td>
                  <td>{CHANNEL_NAMES[a.channel]}</td>
                  <td>{a.orgName}</td>
                  <td>
                    {SCOPE_SHORT[a.scopeKind] ?? a.scopeKind}
                    {a.ackDueOn ? (
                      <span class="muted">
                        {' '}
                        (acknowledge by <time datetime={a.ackDueOn}>{a.ackDueOn}</time>)
                      </span>
                    ) : null}
                  </td>
                  <td>
                    <Day d={a.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </>,
  );
}

/** What the form was sent with, to fill it again after a refusal (text fields, and the lists of ids chosen). */
export type AdvisoryFormValues = Record<string, string | string[] | undefined>;

function one(v: AdvisoryFormValues, name: string): string {
  const x = v[name];
  return typeof x === 'string' ? x : Array.isArray(x) ? (x[0] ?? '') : '';
}
function many(v: AdvisoryFormValues, name: string): Set<string> {
  const x = v[name];
  return new Set(typeof x === 'string' ? x.split(/[\s,]+/) : Array.isArray(x) ? x : []);
}

export function newAdvisoryPage(o: { actor: Actor; csrf?: string | undefined; lang?: Lang | undefined; options: AdvisoryFormOptions; error?: string | undefined; values?: AdvisoryFormValues | undefined }): string {
  const v = o.values ?? {};
  const tlp = one(v, 'tlp') || 'amber';
  const scope = one(v, 'scope') || 'lab';
  const peers = many(v, 'peers');
  const providers = many(v, 'providers');
  const recipients = many(v, 'recipients');
  return page(
    { title: 'Write an advisory', actor: o.actor, csrf: o.csrf, nav: 'advisories', lang: o.lang, path: '/advisories/new' },
    <>
      <p class="muted">Everyone the marking and the scope admit is notified when you publish it. Content marked AMBER or stricter is never sent by e-mail: the e-mail only says that there is a new advisory, with a link.</p>
      {o.error ? (
        <p class="error" role="alert">
          {o.error}
        </p>
      ) : null}
      <form class="stack" method="post" action="/advisories">
        <CsrfField csrf={o.csrf} />
        <label>
          Title
          <input name="title" required maxlength={String(MAX_TITLE)} value={one(v, 'title')} />
        </label>
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
        <fieldset class="card">
          <legend>Marking (TLP 2.0)</legend>
          {TLPS.map((t) => (
            <label>
              <input type="radio" name="tlp" value={t} required checked={tlp === t} /> <strong>{tlpLabel(t)}</strong> — {TLP_MEANING[t]}
            </label>
          ))}
        </fieldset>
        <fieldset class="card">
          <legend>Shared with</legend>
          {SCOPE_KINDS.map((s) => (
            <label>
              <input type="radio" name="scope" value={s} required checked={scope === s} /> {SCOPE_MEANING[s]}
            </label>
          ))}
          <label>
            Peer labs (for "named peer labs")
            <select name="peers" multiple size="4">
              {o.options.orgs.map((x) => (
                <option value={x.id} selected={peers.has(x.id)}>
                  {x.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Providers (for "your supervised providers"; none chosen: all of them)
            <select name="providers" multiple size="4">
              {o.options.providers.map((x) => (
                <option value={x.id} selected={providers.has(x.id)}>
                  {x.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Acknowledge by (for providers)
            <input type="date" name="ackDueOn" value={one(v, 'ackDueOn')} />
          </label>
          <label>
            Recipients (for TLP:RED only; you are always one)
            <select name="recipients" multiple size="6">
              {o.options.people.map((x) => (
                <option value={x.id} selected={recipients.has(x.id)}>
                  {x.name} ({x.providerName ? `${x.providerName}, ` : ''}
                  {x.orgName})
                </option>
              ))}
            </select>
          </label>
        </fieldset>
        <button type="submit">Publish the advisory</button>
      </form>
    </>,
  );
}

export interface AdvisoryPageError {
  at: 'comment' | 'acknowledge';
  message: string;
}

export interface AdvisoryPageData {
  actor: Actor;
  csrf?: string | undefined;
  lang?: Lang | undefined;
  advisory: Advisory;
  /** The thread, for staff; `null` for a provider's representative (who does not read it). */
  comments: AdvisoryComment[] | null;
  /** The providers in scope (owner staff), or the caller's own provider (a representative). */
  acknowledgements: AcknowledgementState[];
  /** Whether the TLP lets the advisory be exported as JSON / Markdown / CSV. */
  exports: Array<{ format: string; allowed: boolean }>;
  canComment: boolean;
  canAcknowledge: boolean;
  error?: AdvisoryPageError | undefined;
  values?: { body?: string | undefined; note?: string | undefined } | undefined;
}

function ErrorFor(p: { error: AdvisoryPageError | undefined; at: AdvisoryPageError['at'] }): SafeHtml | null {
  if (!p.error || p.error.at !== p.at) return null;
  return (
    <p class="error" role="alert">
      {p.error.message}
    </p>
  );
}

const FORMAT_NAME: Readonly<Record<string, string>> = { json: 'JSON', markdown: 'Markdown', csv: 'CSV' };

export function advisoryPage(o: AdvisoryPageData): string {
  const a = o.advisory;
  const ownerStaff = o.actor.role !== 'provider' && o.actor.orgId === a.orgId;
  const mine = o.actor.role === 'provider' ? o.acknowledgements[0] : undefined;
  return page(
    { title: a.title, actor: o.actor, csrf: o.csrf, nav: 'advisories', lang: o.lang, path: `/advisories/${a.id}` },
    <>
      <p class={`notice tlp-banner tlp-${a.tlp.replace('+', '-')}`} role="note">
        <strong>{tlpLabel(a.tlp)}</strong> — {TLP_MEANING[a.tlp]}
      </p>
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
        <dd>{SCOPE_SHORT[a.scope.kind] ?? a.scope.kind}</dd>
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
      <section aria-labelledby="export-h">
        <h2 id="export-h">Export</h2>
        <ul>
          {o.exports.map((e) =>
            e.allowed ? (
              <li>
                <a href={`/api/v1/advisories/${a.id}/export?format=${e.format}`}>{FORMAT_NAME[e.format] ?? e.format}</a>
              </li>
            ) : (
              <li class="muted">
                {FORMAT_NAME[e.format] ?? e.format}: not allowed for {tlpLabel(a.tlp)}
              </li>
            ),
          )}
        </ul>
      </section>
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
        <section aria-labelledby="thread-h">
          <h2 id="thread-h">Discussion</h2>
          <p class="muted">Between the labs that can read this advisory; provider representatives do not see it.</p>
          {o.comments.length === 0 ? (
            <p class="muted">No comment yet.</p>
          ) : (
            <ol class="history">
              {o.comments.map((c) => (
                <li id={`comment-${c.id}`}>
                  <When d={c.at} /> · <strong>{c.userName}</strong> <span class="muted">({c.orgName})</span>
                  <div class="comment">{renderMarkdown(c.body, { headingOffset: 3, maxLength: MAX_COMMENT })}</div>
                </li>
              ))}
            </ol>
          )}
          {o.canComment ? (
            <div class="card" id="comment-form">
              <h3>Add a comment</h3>
              <ErrorFor error={o.error} at="comment" />
              <form class="stack" method="post" action={`/advisories/${a.id}/comments`}>
                <CsrfField csrf={o.csrf} />
                <label>
                  Comment (Markdown)
                  <textarea name="body" required maxlength={String(MAX_COMMENT)} rows="4">
                    {o.error?.at === 'comment' ? (o.values?.body ?? '') : ''}
                  </textarea>
                </label>
                <button type="submit">Add the comment</button>
              </form>
            </div>
          ) : null}
        </section>
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
