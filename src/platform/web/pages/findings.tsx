/**
 * @module platform/web/pages/findings
 * The findings list (filters as a GET form, bulk triage of a selection) and a finding's page: what was found,
 * where, the evidence, how to fix it, its references, its history, and the triage actions this user may take
 * on it now (no form is shown for an action the server would refuse).
 */
import { SEVERITIES } from '../../../findings/types.js';
import type { Location } from '../../../findings/types.js';
import { allowedActions, FINDING_ACTIONS, MAX_COMMENT, MAX_REASON, STATUS_FILTERS, STATUS_LABEL, TRANSITIONS, type FindingAction, type FindingDetail, type FindingEvent, type FindingFilters, type FindingList } from '../../services/findings.js';
import { FINDING_STATUSES, type Actor, type FindingStatus, type Role } from '../../types.js';
import { Fragment, h, type SafeHtml } from '../jsx.js';
import { CheckId, Day, PLATFORM_LABEL, ROLE_LABEL, SeverityBadge, TableWrap } from '../components.js';
import { CsrfField, page } from '../layout.js';

export { Day } from '../components.js';

/** The status in words, with the SLA breach spelled out (never shown by colour alone). */
export function StatusText(p: { status: FindingStatus; overdue?: boolean }): SafeHtml | null {
  return (
    <span class="status">
      {STATUS_LABEL[p.status] ?? p.status}
      {p.overdue ? <strong class="error"> · overdue</strong> : null}
    </span>
  );
}

const STATUS_FILTER_LABEL: Record<string, string> = { ...STATUS_LABEL, unresolved: 'Unresolved (open, confirmed or assigned)', overdue: 'Overdue (past the due date)' };

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
}

/** Actions offered for a selection: those the role may take from some status (the server checks each finding). */
function bulkActions(actor: Actor): FindingAction[] {
  return FINDING_ACTIONS.filter((a) => a !== 'comment' && FINDING_STATUSES.some((s) => allowedActions(actor.role, s).includes(a)));
}

export function findingsPage(o: FindingsPageOptions): string {
  const { list, actor } = o;
  const f = list.filters;
  const bulk = bulkActions(actor);
  const rep = actor.role === 'provider';
  const pages = Math.max(1, Math.ceil(list.total / list.perPage));
  const back = findingsHref(f);
  const first = list.total === 0 ? 0 : (list.page - 1) * list.perPage + 1;
  const last = Math.min(list.total, list.page * list.perPage);
  return page(
    { title: 'Findings', actor, csrf: o.csrf, nav: 'findings' },
    <>
      <form class="card fields" method="get" action="/findings" role="search" aria-label="Filter findings">
        <label>
          Status
          <select name="status">
            <option value="">Any</option>
            {STATUS_FILTERS.map((s) => (
              <option value={s} selected={f.status === s}>
                {STATUS_FILTER_LABEL[s] ?? s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Severity
          <select name="severity">
            <option value="">Any</option>
            {SEVERITIES.map((s) => (
              <option value={s} selected={f.severity === s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        {actor.role === 'provider' ? null : (
          <label>
            Provider
            <select name="provider">
              <option value="">Any</option>
              {o.providers.map((p) => (
                <option value={p.id} selected={f.provider === p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          App
          <select name="app">
            <option value="">Any</option>
            {o.apps.map((a) => (
              <option value={a.id} selected={f.app === a.id}>
                {a.name} ({a.provider_name})
              </option>
            ))}
          </select>
        </label>
        <label>
          Check
          <input name="check" value={f.check ?? ''} maxlength="200" placeholder="android.crypto." />
        </label>
        <label>
          Text
          <input type="search" name="text" value={f.text ?? ''} maxlength="200" />
        </label>
        <div class="actions">
          <button type="submit">Filter</button>
          <a href="/findings">Clear filters</a>
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
              {list.total === 0 ? 'No finding matches.' : `Findings ${first}–${last} of ${list.total}`}
            </caption>
            <thead>
              <tr>
                {bulk.length ? (
                  <th scope="col" class="select">
                    <span class="visually-hidden">Select</span>
                  </th>
                ) : null}
                <th scope="col">Severity</th>
                <th scope="col">Finding</th>
                <th scope="col">{rep ? 'App' : 'App · provider'}</th>
                <th scope="col">Status</th>
                <th scope="col">Due</th>
                <th scope="col">Last seen</th>
              </tr>
            </thead>
            <tbody>
              {list.findings.map((r) => (
                <tr>
                  {bulk.length ? (
                    <td>
                      <input type="checkbox" name="ids" value={r.id} id={`sel-${r.id}`} aria-label={`Select ${r.title} (${r.app_name})`} />
                    </td>
                  ) : null}
                  <td>
                    <SeverityBadge severity={r.severity} />
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
                    <StatusText status={r.status} overdue={r.overdue} />
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
          <nav aria-label="Pages" class="inline pager">
            {list.page > 1 ? <a href={findingsHref({ ...f, page: list.page - 1 })}>Previous page</a> : null}
            <span>
              Page {list.page} of {pages}
            </span>
            {list.page < pages ? <a href={findingsHref({ ...f, page: list.page + 1 })}>Next page</a> : null}
          </nav>
        ) : null}
        {bulk.length && list.findings.length ? (
          <fieldset class="card">
            <legend>Triage the selected findings</legend>
            <div class="fields">
              <label>
                Action
                <select name="action" required>
                  {bulk.map((a) => (
                    <option value={a}>{TRANSITIONS[a].label}</option>
                  ))}
                </select>
              </label>
              <label>
                Reason (false positive, accepted risk)
                <input name="reason" maxlength={String(MAX_REASON)} />
              </label>
              <label>
                Risk accepted until
                <input type="date" name="until" />
              </label>
              <label>
                Due date (release; default from the SLA)
                <input type="date" name="dueAt" />
              </label>
              <div class="actions">
                <button type="submit">Apply to selected</button>
              </div>
            </div>
          </fieldset>
        ) : null}
      </form>
    </>,
  );
}

const EVENT_LABEL: Record<string, string> = {
  confirmed: 'Confirmed',
  false_positive: 'Marked false positive',
  risk_accepted: 'Risk accepted',
  assigned: 'Released to the provider',
  fixed: 'Marked fixed',
  reopened: 'Reopened',
  comment: 'Comment',
  detected: 'Found by a scan',
  'not-seen': 'Not seen in a scan: fixed',
  'acceptance-expired': 'Risk acceptance expired: reopened',
  manual_test: 'Manual test result',
  retest: 'Manual retest',
  provider_response: "Provider's answer",
  retest_fixed: 'Retested: fixed',
  retest_not_fixed: 'Retested: not fixed',
};

const LOCATION_FIELDS: Array<[keyof Location, string]> = [
  ['archive', 'Archive'],
  ['path', 'File'],
  ['class', 'Class'],
  ['method', 'Method'],
  ['pc', 'Offset'],
  ['call', 'Call'],
  ['element', 'Element'],
  ['attribute', 'Attribute'],
  ['symbol', 'Symbol'],
  ['key', 'Key'],
];

function LocationItem(p: { l: Location }): SafeHtml | null {
  const parts = LOCATION_FIELDS.filter(([k]) => p.l[k] !== undefined && p.l[k] !== null && p.l[k] !== '');
  return (
    <li>
      <dl class="inline">
        {parts.map(([k, label]) => (
          <>
            <dt>{label}</dt>
            <dd>
              <code>{String(p.l[k])}</code>
            </dd>
          </>
        ))}
        {p.l.library ? <dd class="muted">(third-party library code)</dd> : null}
      </dl>
    </li>
  );
}

function EventItem(p: { e: FindingEvent }): SafeHtml | null {
  const e = p.e;
  const role = e.user_role ? (ROLE_LABEL[e.user_role as Role] ?? e.user_role) : '';
  const who = e.user_name ? `${e.user_name}${role ? ` (${role})` : ''}` : e.scan_id ? 'a scan' : 'the platform';
  return (
    <li>
      <Day d={e.at} /> · <strong>{EVENT_LABEL[e.kind] ?? e.kind}</strong> by {who}
      {e.from_status && e.to_status && e.from_status !== e.to_status ? (
        <span class="muted">
          {' '}
          ({STATUS_LABEL[e.from_status] ?? e.from_status} → {STATUS_LABEL[e.to_status] ?? e.to_status})
        </span>
      ) : null}
      {e.scan_id ? (
        <>
          {' '}
          · <a href={`/scans/${e.scan_id}`}>scan</a>
        </>
      ) : null}
      {e.body ? <p class="comment">{e.body}</p> : null}
    </li>
  );
}

function ActionForm(p: { action: FindingAction; finding: FindingDetail; csrf?: string | undefined }): SafeHtml | null {
  const a = p.action;
  const t = TRANSITIONS[a];
  const id = `act-${a}`;
  return (
    <form class="card stack" method="post" action={`/findings/${p.finding.id}/actions`} aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{t.label}</h3>
      <CsrfField csrf={p.csrf} />
      <input type="hidden" name="action" value={a} />
      {a === 'false_positive' || a === 'accept_risk' ? (
        <label>
          Reason
          <textarea name="reason" required maxlength={String(MAX_REASON)} rows="3"></textarea>
        </label>
      ) : null}
      {a === 'accept_risk' ? (
        <label>
          Accepted until (at most 3 years ahead)
          <input type="date" name="until" required />
        </label>
      ) : null}
      {a === 'assign_to_provider' ? (
        <label>
          Due date (leave empty for the SLA of a {p.finding.severity} finding)
          <input type="date" name="dueAt" />
        </label>
      ) : null}
      {a === 'comment' ? (
        <label>
          Comment
          <textarea name="body" required maxlength={String(MAX_COMMENT)} rows="4"></textarea>
        </label>
      ) : null}
      <button type="submit" class={a === 'comment' ? 'secondary' : undefined}>
        {t.label}
      </button>
    </form>
  );
}

export interface FindingPageOptions {
  actor: Actor;
  csrf?: string | undefined;
  finding: FindingDetail;
  error?: string | undefined;
}

export function findingPage(o: FindingPageOptions): string {
  const f = o.finding;
  const d = f.data ?? {};
  const refs = d.references;
  const actions = allowedActions(o.actor.role, f.status);
  const staff = o.actor.role !== 'provider';
  return page(
    { title: f.title, actor: o.actor, csrf: o.csrf, nav: 'findings' },
    <>
      <p>
        <SeverityBadge severity={f.severity} /> <StatusText status={f.status} overdue={f.overdue} /> ·{' '}
        {staff ? <a href={`/apps/${f.app_id}`}>{f.app_name}</a> : f.app_name} ({PLATFORM_LABEL[f.app_platform] ?? f.app_platform}) · {staff ? <a href={`/providers/${f.provider_id}`}>{f.provider_name}</a> : f.provider_name}
      </p>
      {o.error ? (
        <p class="error" role="alert">
          {o.error}
        </p>
      ) : null}
      <div class="card">
        <dl>
          <dt>Check</dt>
          <dd>
            <CheckId id={f.check_id} />
          </dd>
          {d.confidence ? (
            <>
              <dt>Confidence</dt>
              <dd>{d.confidence}</dd>
            </>
          ) : null}
          {f.reason ? (
            <>
              <dt>{f.status === 'accepted' ? 'Why the risk is accepted' : 'Reason'}</dt>
              <dd>{f.reason}</dd>
            </>
          ) : null}
          {f.accepted_until ? (
            <>
              <dt>Risk accepted until</dt>
              <dd>
                <Day d={f.accepted_until} />
              </dd>
            </>
          ) : null}
          {f.released_at ? (
            <>
              <dt>Released to the provider</dt>
              <dd>
                <Day d={f.released_at} />
              </dd>
            </>
          ) : null}
          {f.due_at ? (
            <>
              <dt>Due</dt>
              <dd>
                <Day d={f.due_at} />
                {f.overdue ? <strong class="error"> (overdue)</strong> : null}
              </dd>
            </>
          ) : null}
          <dt>Last seen</dt>
          <dd>
            <Day d={f.last_seen_at} />
            {staff && f.last_scan_id ? (
              <>
                {' '}
                in <a href={`/scans/${f.last_scan_id}`}>this scan</a>
              </>
            ) : null}
            {f.source === 'manual' && f.engagement_id ? (
              <>
                {' '}
                by a manual test of <a href={`/engagements/${f.engagement_id}`}>this engagement</a>
              </>
            ) : null}
          </dd>
          <dt>Fingerprint</dt>
          <dd>
            <code>{f.fingerprint}</code>
          </dd>
        </dl>
      </div>
      <h2>What was found</h2>
      <p>{d.message ?? ''}</p>
      <h2>Where</h2>
      {d.locations?.length ? (
        <ul>
          {d.locations.map((l) => (
            <LocationItem l={l} />
          ))}
        </ul>
      ) : (
        <p class="muted">No precise location.</p>
      )}
      <h2>Evidence</h2>
      {d.evidence?.length ? d.evidence.map((e) => <pre>{e}</pre>) : <p class="muted">No evidence recorded.</p>}
      <h2>How to fix it</h2>
      <p>{d.remediation ?? ''}</p>
      <h2>References</h2>
      {refs ? (
        <dl>
          {(
            [
              ['DFS recommendations', refs.dfs],
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
        <p class="muted">None.</p>
      )}
      <h2 id="history">History</h2>
      {f.events.length ? (
        <ol class="history">
          {f.events.map((e) => (
            <EventItem e={e} />
          ))}
        </ol>
      ) : (
        <p class="muted">No triage yet.</p>
      )}
      {actions.length ? (
        <section aria-labelledby="triage-h">
          <h2 id="triage-h">{staff ? 'Triage' : 'Answer'}</h2>
          <div class="grid">
            {actions.map((a) => (
              <ActionForm action={a} finding={f} csrf={o.csrf} />
            ))}
          </div>
        </section>
      ) : null}
    </>,
  );
}
