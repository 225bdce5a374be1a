/**
 * @module platform/web/pages/findings
 * The findings list (filters as a GET form, bulk triage of a selection) and a finding's page: what was found,
 * where, the evidence, how to fix it, its references, its history, and the triage actions this user may take
 * on it now (no form is shown for an action the server would refuse). In the reader's language (`lang`,
 * English when not given); what a scan found (title, message, evidence, remediation) stays as the engine wrote it.
 */
import { SEVERITIES } from '../../../findings/types.js';
import type { Location } from '../../../findings/types.js';
import { allowedActions, FINDING_ACTIONS, MAX_COMMENT, MAX_REASON, STATUS_FILTERS, type FindingAction, type FindingDetail, type FindingEvent, type FindingFilters, type FindingList } from '../../services/findings.js';
import { FINDING_STATUSES, type Actor, type FindingStatus, type Role } from '../../types.js';
import { Fragment, h, type SafeHtml } from '../jsx.js';
import { CheckId, Day, findingStatusName, PLATFORM_LABEL, SeverityBadge, severityName, TableWrap } from '../components.js';
import { fill, translator, type Lang, type Translate } from '../i18n.js';
import { CsrfField, page, roleLabel } from '../layout.js';

export { Day } from '../components.js';

const ENGLISH = translator('en');

/** The status in words, with the SLA breach spelled out (never shown by colour alone). */
export function StatusText(p: { status: FindingStatus; overdue?: boolean; t?: Translate | undefined }): SafeHtml | null {
  const t = p.t ?? ENGLISH;
  return (
    <span class="status">
      {findingStatusName(t, p.status)}
      {p.overdue ? <strong class="error"> · {t('overdue')}</strong> : null}
    </span>
  );
}

/** A status filter in words: a status, or one of the two groups the list also filters by. */
function statusFilterName(t: Translate, filter: string): string {
  switch (filter) {
    case 'unresolved':
      return t('Unresolved (open, confirmed or assigned)');
    case 'overdue':
      return t('Overdue (past the due date)');
    default:
      return findingStatusName(t, filter);
  }
}

/** A triage action's name, as its form's heading and button say it (services/findings.ts `TRANSITIONS` in English). */
function actionName(t: Translate, action: FindingAction): string {
  switch (action) {
    case 'confirm':
      return t('Confirm');
    case 'false_positive':
      return t('Mark false positive');
    case 'accept_risk':
      return t('Accept the risk');
    case 'assign_to_provider':
      return t('Release to the provider');
    case 'mark_fixed':
      return t('Mark fixed');
    case 'reopen':
      return t('Reopen');
    case 'comment':
      return t('Comment');
  }
}

/** A link to the findings list with these filters (empty ones left out). */
export function findingsHref(f: FindingFilters): string {
  const u = new URLSearchParams();
  for (const k of ['status', 'severity', 'provider', 'app', 'check', 'text', 'page', 'perPage'] as const) {
    const v = f[k];
    if (v !== undefined && v !== '') u.set(k, String(v));
  }
  const s = u.toString();
  return s ? `/findings?${s}` : '/findings';
}

export interface FindingsPageOptions {
  actor: Actor;
  csrf?: string | undefined;
  list: FindingList;
  providers: Array<{ id: string; name: string }>;
  apps: Array<{ id: string; name: string; provider_name: string }>;
  error?: string | undefined;
  lang?: Lang;
}

/** Actions offered for a selection: those the role may take from some status (the server checks each finding). */
function bulkActions(actor: Actor): FindingAction[] {
  return FINDING_ACTIONS.filter((a) => a !== 'comment' && FINDING_STATUSES.some((s) => allowedActions(actor.role, s).includes(a)));
}

export function findingsPage(o: FindingsPageOptions): string {
  const { list, actor } = o;
  const t = translator(o.lang);
  const f = list.filters;
  const bulk = bulkActions(actor);
  const rep = actor.role === 'provider';
  const pages = Math.max(1, Math.ceil(list.total / list.perPage));
  const back = findingsHref(f);
  const first = list.total === 0 ? 0 : (list.page - 1) * list.perPage + 1;
  const last = Math.min(list.total, list.page * list.perPage);
  return page(
    { title: t('Findings'), actor, csrf: o.csrf, nav: 'findings', lang: o.lang ?? 'en', path: back },
    <>
      <form class="card fields" method="get" action="/findings" role="search" aria-label={t('Filter findings')}>
        <label>
          {t('Status')}
          <select name="status">
            <option value="">{t('Any')}</option>
            {STATUS_FILTERS.map((s) => (
              <option value={s} selected={f.status === s}>
                {statusFilterName(t, s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('Severity')}
          <select name="severity">
            <option value="">{t('Any')}</option>
            {SEVERITIES.map((s) => (
              <option value={s} selected={f.severity === s}>
                {severityName(t, s)}
              </option>
            ))}
          </select>
        </label>
        {actor.role === 'provider' ? null : (
          <label>
            {t('Provider')}
            <select name="provider">
              <option value="">{t('Any')}</option>
              {o.providers.map((p) => (
                <option value={p.id} selected={f.provider === p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t('App')}
          <select name="app">
            <option value="">{t('Any')}</option>
            {o.apps.map((a) => (
              <option value={a.id} selected={f.app === a.id}>
                {a.name} ({a.provider_name})
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('Check')}
          <input name="check" value={f.check ?? ''} maxlength="200" placeholder="android.crypto." />
        </label>
        <label>
          {t('Text')}
          <input type="search" name="text" value={f.text ?? ''} maxlength="200" />
        </label>
        <div class="actions">
          <button type="submit">{t('Filter')}</button>
          <a href="/findings">{t('Clear filters')}</a>
        </div>
      </form>
      {o.error ? (
        <p class="error" role="alert">
          {o.error}
        </p>
      ) : null}
      <form method="post" action="/findings/actions">
        <CsrfField csrf={o.csrf} />
        <input type="hidden" name="back" value={back} />
        <TableWrap>
          <table>
            <caption class="muted">
              {list.total === 0 ? t('No finding matches.') : t('Findings {first}–{last} of {total}', { first, last, total: list.total })}
            </caption>
            <thead>
              <tr>
                {bulk.length ? (
                  <th scope="col" class="select">
                    <span class="visually-hidden">{t('Select')}</span>
                  </th>
                ) : null}
                <th scope="col">{t('Severity')}</th>
                <th scope="col">{t('Finding')}</th>
                <th scope="col">{rep ? t('App') : t('App · provider')}</th>
                <th scope="col">{t('Status')}</th>
                <th scope="col">{t('Due')}</th>
                <th scope="col">{t('Last seen')}</th>
              </tr>
            </thead>
            <tbody>
              {list.findings.map((r) => (
                <tr>
                  {bulk.length ? (
                    <td>
                      <input type="checkbox" name="ids" value={r.id} id={`sel-${r.id}`} aria-label={t('Select {title} ({app})', { title: r.title, app: r.app_name })} />
                    </td>
                  ) : null}
                  <td>
                    <SeverityBadge severity={r.severity} t={t} />
                  </td>
                  <td>
                    <a href={`/findings/${r.id}`}>{r.title}</a>
                    <br />
                    <CheckId id={r.check_id} class="muted" />
                  </td>
                  <td>
                    {r.app_name}
                    {rep ? null : <span class="muted"> · {r.provider_name}</span>}
                  </td>
                  <td>
                    <StatusText status={r.status} overdue={r.overdue} t={t} />
                  </td>
                  <td>
                    <Day d={r.due_at} />
                  </td>
                  <td>
                    <Day d={r.last_seen_at} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        {pages > 1 ? (
          <nav aria-label={t('Pages')} class="inline pager">
            {list.page > 1 ? <a href={findingsHref({ ...f, page: list.page - 1 })}>{t('Previous page')}</a> : null}
            <span>{t('Page {n} of {pages}', { n: list.page, pages })}</span>
            {list.page < pages ? <a href={findingsHref({ ...f, page: list.page + 1 })}>{t('Next page')}</a> : null}
          </nav>
        ) : null}
        {bulk.length && list.findings.length ? (
          <fieldset class="card">
            <legend>{t('Triage the selected findings')}</legend>
            <div class="fields">
              <label>
                {t('Action')}
                <select name="action" required>
                  {bulk.map((a) => (
                    <option value={a}>{actionName(t, a)}</option>
                  ))}
                </select>
              </label>
              <label>
                {t('Reason (false positive, accepted risk)')}
                <input name="reason" maxlength={String(MAX_REASON)} />
              </label>
              <label>
                {t('Risk accepted until')}
                <input type="date" name="until" />
              </label>
              <label>
                {t('Due date (release; default from the SLA)')}
                <input type="date" name="dueAt" />
              </label>
              <div class="actions">
                <button type="submit">{t('Apply to selected')}</button>
              </div>
            </div>
          </fieldset>
        ) : null}
      </form>
    </>,
  );
}

/** What an event of a finding's history was, in the page's language (an unknown kind as it is). */
function eventName(t: Translate, kind: string): string {
  switch (kind) {
    case 'confirmed':
      return t('Confirmed');
    case 'false_positive':
      return t('Marked false positive');
    case 'risk_accepted':
      return t('Risk accepted');
    case 'assigned':
      return t('Released to the provider');
    case 'fixed':
      return t('Marked fixed');
    case 'reopened':
      return t('Reopened');
    case 'comment':
      return t('Comment');
    case 'detected':
      return t('Found by a scan');
    case 'not-seen':
      return t('Not seen in a scan: fixed');
    case 'acceptance-expired':
      return t('Risk acceptance expired: reopened');
    case 'manual_test':
      return t('Manual test result');
    case 'retest':
      return t('Manual retest');
    case 'provider_response':
      return t("Provider's answer");
    case 'retest_fixed':
      return t('Retested: fixed');
    case 'retest_not_fixed':
      return t('Retested: not fixed');
    default:
      return kind;
  }
}

/** The parts of a location, each with its name in the page's language. */
const LOCATION_FIELDS: Array<[keyof Location, (t: Translate) => string]> = [
  ['archive', (t) => t('Archive')],
  ['path', (t) => t('File')],
  ['class', (t) => t('Class')],
  ['method', (t) => t('Method')],
  ['pc', (t) => t('Offset')],
  ['call', (t) => t('Call')],
  ['element', (t) => t('Element')],
  ['attribute', (t) => t('Attribute')],
  ['symbol', (t) => t('Symbol')],
  ['key', (t) => t('Key')],
];

function LocationItem(p: { l: Location; t: Translate }): SafeHtml | null {
  const t = p.t;
  const parts = LOCATION_FIELDS.filter(([k]) => p.l[k] !== undefined && p.l[k] !== null && p.l[k] !== '');
  return (
    <li>
      <dl class="inline">
        {parts.map(([k, label]) => (
          <>
            <dt>{label(t)}</dt>
            <dd>
              <code>{String(p.l[k])}</code>
            </dd>
          </>
        ))}
        {p.l.library ? <dd class="muted">{t('(third-party library code)')}</dd> : null}
      </dl>
    </li>
  );
}

function EventItem(p: { e: FindingEvent; t: Translate }): SafeHtml | null {
  const { e, t } = p;
  const role = e.user_role ? (roleLabel(t, e.user_role as Role) ?? e.user_role) : '';
  // An event of a scan says so by its name and its link to the scan ("Found by a scan · scan"), not by a "by".
  const who = e.user_name ? `${e.user_name}${role ? ` (${role})` : ''}` : e.scan_id ? undefined : t('the platform');
  const event = <strong>{eventName(t, e.kind)}</strong>;
  return (
    <li>
      <Day d={e.at} /> · {who === undefined ? event : fill(t('{event} by {who}'), { event, who })}
      {e.from_status && e.to_status && e.from_status !== e.to_status ? (
        <span class="muted">
          {' '}
          ({findingStatusName(t, e.from_status)} → {findingStatusName(t, e.to_status)})
        </span>
      ) : null}
      {e.scan_id ? (
        <>
          {' '}
          · <a href={`/scans/${e.scan_id}`}>{t('scan')}</a>
        </>
      ) : null}
      {e.body ? <p class="comment">{e.body}</p> : null}
    </li>
  );
}

function ActionForm(p: { action: FindingAction; finding: FindingDetail; csrf?: string | undefined; t: Translate }): SafeHtml | null {
  const { action: a, t } = p;
  const label = actionName(t, a);
  const id = `act-${a}`;
  return (
    <form class="card stack" method="post" action={`/findings/${p.finding.id}/actions`} aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{label}</h3>
      <CsrfField csrf={p.csrf} />
      <input type="hidden" name="action" value={a} />
      {a === 'false_positive' || a === 'accept_risk' ? (
        <label>
          {t('Reason')}
          <textarea name="reason" required maxlength={String(MAX_REASON)} rows="3"></textarea>
        </label>
      ) : null}
      {a === 'accept_risk' ? (
        <label>
          {t('Accepted until (at most 3 years ahead)')}
          <input type="date" name="until" required />
        </label>
      ) : null}
      {a === 'assign_to_provider' ? (
        <label>
          {t('Due date (leave empty for the SLA of a {severity} finding)', { severity: severityName(t, p.finding.severity) })}
          <input type="date" name="dueAt" />
        </label>
      ) : null}
      {a === 'comment' ? (
        <label>
          {t('Comment')}
          <textarea name="body" required maxlength={String(MAX_COMMENT)} rows="4"></textarea>
        </label>
      ) : null}
      <button type="submit" class={a === 'comment' ? 'secondary' : undefined}>
        {label}
      </button>
    </form>
  );
}

export interface FindingPageOptions {
  actor: Actor;
  csrf?: string | undefined;
  finding: FindingDetail;
  error?: string | undefined;
  lang?: Lang;
}

export function findingPage(o: FindingPageOptions): string {
  const f = o.finding;
  const d = f.data ?? {};
  const refs = d.references;
  const actions = allowedActions(o.actor.role, f.status);
  const staff = o.actor.role !== 'provider';
  const t = translator(o.lang);
  return page(
    { title: f.title, actor: o.actor, csrf: o.csrf, nav: 'findings', lang: o.lang ?? 'en', path: `/findings/${f.id}` },
    <>
      <p>
        <SeverityBadge severity={f.severity} t={t} /> <StatusText status={f.status} overdue={f.overdue} t={t} /> ·{' '}
        {staff ? <a href={`/apps/${f.app_id}`}>{f.app_name}</a> : f.app_name} ({PLATFORM_LABEL[f.app_platform] ?? f.app_platform}) · {staff ? <a href={`/providers/${f.provider_id}`}>{f.provider_name}</a> : f.provider_name}
      </p>
      {o.error ? (
        <p class="error" role="alert">
          {o.error}
        </p>
      ) : null}
      <div class="card">
        <dl>
          <dt>{t('Check')}</dt>
          <dd>
            <CheckId id={f.check_id} />
          </dd>
          {d.confidence ? (
            <>
              <dt>{t('Confidence')}</dt>
              {/* high, medium or low: the same words as the severities. */}
              <dd>{severityName(t, d.confidence)}</dd>
            </>
          ) : null}
          {f.reason ? (
            <>
              <dt>{f.status === 'accepted' ? t('Why the risk is accepted') : t('Reason')}</dt>
              <dd>{f.reason}</dd>
            </>
          ) : null}
          {f.accepted_until ? (
            <>
              <dt>{t('Risk accepted until')}</dt>
              <dd>
                <Day d={f.accepted_until} />
              </dd>
            </>
          ) : null}
          {f.released_at ? (
            <>
              <dt>{t('Released to the provider')}</dt>
              <dd>
                <Day d={f.released_at} />
              </dd>
            </>
          ) : null}
          {f.due_at ? (
            <>
              <dt>{t('Due')}</dt>
              <dd>
                <Day d={f.due_at} />
                {f.overdue ? <strong class="error"> ({t('overdue')})</strong> : null}
              </dd>
            </>
          ) : null}
          <dt>{t('Last seen')}</dt>
          <dd>
            <Day d={f.last_seen_at} />
            {staff && f.last_scan_id ? (
              <>
                {' '}
                {fill(t('in {scan}'), { scan: <a href={`/scans/${f.last_scan_id}`}>{t('this scan')}</a> })}
              </>
            ) : null}
            {f.source === 'manual' && f.engagement_id ? (
              <>
                {' '}
                {fill(t('by a manual test of {engagement}'), { engagement: <a href={`/engagements/${f.engagement_id}`}>{t('this engagement')}</a> })}
              </>
            ) : null}
          </dd>
          <dt>{t('Fingerprint')}</dt>
          <dd>
            <code>{f.fingerprint}</code>
          </dd>
        </dl>
      </div>
      <h2>{t('What was found')}</h2>
      <p>{d.message ?? ''}</p>
      <h2>{t('Where')}</h2>
      {d.locations?.length ? (
        <ul>
          {d.locations.map((l) => (
            <LocationItem l={l} t={t} />
          ))}
        </ul>
      ) : (
        <p class="muted">{t('No precise location.')}</p>
      )}
      <h2>{t('Evidence')}</h2>
      {d.evidence?.length ? d.evidence.map((e) => <pre>{e}</pre>) : <p class="muted">{t('No evidence recorded.')}</p>}
      <h2>{t('How to fix it')}</h2>
      <p>{d.remediation ?? ''}</p>
      <h2>{t('References')}</h2>
      {refs ? (
        <dl>
          {(
            [
              [t('DFS recommendations'), refs.dfs],
              ['MASVS', refs.masvs],
              ['MASWE', refs.maswe],
              ['CWE', refs.cwe],
            ] as Array<[string, string[] | undefined]>
          )
            .filter(([, v]) => v && v.length)
            .map(([label, v]) => (
              <>
                <dt>{label}</dt>
                <dd>{(v ?? []).join(', ')}</dd>
              </>
            ))}
        </dl>
      ) : (
        <p class="muted">{t('None.')}</p>
      )}
      <h2 id="history">{t('History')}</h2>
      {f.events.length ? (
        <ol class="history">
          {f.events.map((e) => (
            <EventItem e={e} t={t} />
          ))}
        </ol>
      ) : (
        <p class="muted">{t('No triage yet.')}</p>
      )}
      {actions.length ? (
        <section aria-labelledby="triage-h">
          <h2 id="triage-h">{staff ? t('Triage') : t('Answer')}</h2>
          <div class="grid">
            {actions.map((a) => (
              <ActionForm action={a} finding={f} csrf={o.csrf} t={t} />
            ))}
          </div>
        </section>
      ) : null}
    </>,
  );
}
