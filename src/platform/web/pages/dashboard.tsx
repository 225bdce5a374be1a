/**
 * @module platform/web/pages/dashboard
 * The dashboard: unresolved findings by provider and severity (every count links to the list it counts), SLA
 * breaches, overdue remediation of delivered engagements, findings per status and the latest scans.
 */
import { SEVERITIES } from '../../../findings/types.js';
import type { Dashboard } from '../../services/dashboard.js';
import { STATUS_LABEL } from '../../services/findings.js';
import { FINDING_STATUSES, type Actor } from '../../types.js';
import { Fragment, h, type SafeHtml } from '../jsx.js';
import { page } from '../layout.js';
import { Day, ScansTable, SeverityBadge, TableWrap } from '../components.js';
import { findingsHref } from './findings.js';

/** A count that links to the findings it counts (a plain 0 when there are none). */
function Count(p: { n: number; href: string; label: string }): SafeHtml | null {
  return p.n === 0 ? <span class="muted">0</span> : <a href={p.href} aria-label={`${p.n} ${p.label}`}>{p.n}</a>;
}

export function dashboardPage(o: { actor: Actor; csrf?: string | undefined; dashboard: Dashboard }): string {
  const d = o.dashboard;
  const rep = o.actor.role === 'provider';
  return page(
    { title: rep ? 'Findings released to you' : 'Dashboard', actor: o.actor, csrf: o.csrf, nav: 'dashboard' },
    <>
      <h2 id="by-provider">Unresolved findings by provider and severity</h2>
      <TableWrap>
        <table aria-describedby="by-provider-note">
          <caption id="by-provider-note" class="muted">
            Open, confirmed or assigned findings{rep ? ' released to your organisation' : ''}. Each count links to the list of those findings.
          </caption>
          <thead>
            <tr>
              <th scope="col">Provider</th>
              {SEVERITIES.map((s) => (
                <th scope="col">
                  <SeverityBadge severity={s} />
                </th>
              ))}
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {d.unresolvedByProvider.length === 0 ? (
              <tr>
                <td colspan={String(SEVERITIES.length + 2)} class="muted">
                  No provider yet.
                </td>
              </tr>
            ) : (
              d.unresolvedByProvider.map((r) => (
                <tr>
                  <th scope="row">{rep ? r.providerName : <a href={`/providers/${r.providerId}`}>{r.providerName}</a>}</th>
                  {SEVERITIES.map((s) => (
                    <td>
                      <Count n={r.counts[s]} href={findingsHref({ status: 'unresolved', provider: r.providerId, severity: s })} label={`unresolved ${s} findings of ${r.providerName}`} />
                    </td>
                  ))}
                  <td>
                    <Count n={r.total} href={findingsHref({ status: 'unresolved', provider: r.providerId })} label={`unresolved findings of ${r.providerName}`} />
                  </td>
                </tr>
              ))
            )}
          </tbody>
          {d.unresolvedByProvider.length > 1 ? (
            <tfoot>
              <tr>
                <th scope="row">All providers</th>
                {SEVERITIES.map((s) => (
                  <td>
                    <Count n={d.unresolvedTotals[s]} href={findingsHref({ status: 'unresolved', severity: s })} label={`unresolved ${s} findings`} />
                  </td>
                ))}
                <td>
                  <Count n={d.unresolvedTotals.total} href={findingsHref({ status: 'unresolved' })} label="unresolved findings" />
                </td>
              </tr>
            </tfoot>
          ) : null}
        </table>
      </TableWrap>

      <h2 id="sla">SLA breaches</h2>
      {d.overdue.count === 0 ? (
        <p>No finding is past its due date.</p>
      ) : (
        <>
          <p>
            <strong class="error">
              {d.overdue.count} {d.overdue.count === 1 ? 'finding is' : 'findings are'} past the due date.
            </strong>{' '}
            <a href={findingsHref({ status: 'overdue' })}>See them all</a>
          </p>
          <TableWrap>
            <table>
              <thead>
                <tr>
                  <th scope="col">Severity</th>
                  <th scope="col">Finding</th>
                  <th scope="col">App</th>
                  <th scope="col">Provider</th>
                  <th scope="col">Due</th>
                  <th scope="col">Days overdue</th>
                </tr>
              </thead>
              <tbody>
                {d.overdue.findings.map((f) => (
                  <tr>
                    <td>
                      <SeverityBadge severity={f.severity} />
                    </td>
                    <td>
                      <a href={`/findings/${f.id}`}>{f.title}</a>
                    </td>
                    <td>{f.appName}</td>
                    <td>{f.providerName}</td>
                    <td>
                      <Day d={f.dueAt} />
                    </td>
                    <td>{f.daysOverdue}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}

      <h2 id="remediation">Overdue remediation</h2>
      {d.overdueRemediation.length === 0 ? (
        <p>No finding of a delivered engagement is past its due date or its target date.</p>
      ) : (
        d.overdueRemediation.map((e) => (
          <section aria-labelledby={`remediation-${e.engagementId}`}>
            <h3 id={`remediation-${e.engagementId}`}>
              <a href={`/engagements/${e.engagementId}`}>{e.engagementTitle}</a>
              {rep ? null : <span class="muted"> — {e.providerName}</span>}
            </h3>
            <TableWrap>
              <table>
                <caption class="muted">
                  {e.findings.length} unresolved {e.findings.length === 1 ? 'finding' : 'findings'} past the due date or the provider's target date
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Severity</th>
                    <th scope="col">Finding</th>
                    <th scope="col">App</th>
                    <th scope="col">Status</th>
                    <th scope="col">Due</th>
                    <th scope="col">Target date</th>
                  </tr>
                </thead>
                <tbody>
                  {e.findings.map((f) => (
                    <tr>
                      <td>
                        <SeverityBadge severity={f.severity} />
                      </td>
                      <td>
                        <a href={`/findings/${f.id}`}>{f.title}</a>
                      </td>
                      <td>{f.app_name}</td>
                      <td>{STATUS_LABEL[f.status]}</td>
                      <td>
                        <Day d={f.due_at} />
                      </td>
                      <td>{f.targetDate ?? <span class="muted">none given</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </section>
        ))
      )}

      <h2 id="statuses">Findings by status</h2>
      <TableWrap>
        <table>
          <thead>
            <tr>
              {FINDING_STATUSES.map((s) => (
                <th scope="col">{STATUS_LABEL[s]}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              {FINDING_STATUSES.map((s) => (
                <td>
                  <Count n={d.statusCounts[s]} href={findingsHref({ status: s })} label={`${STATUS_LABEL[s].toLowerCase()} findings`} />
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </TableWrap>

      {rep ? null : (
        <>
          <h2 id="scans">Recent scans</h2>
          {d.recentScans.length === 0 ? <p class="muted">No scan yet.</p> : <ScansTable scans={d.recentScans} caption="The latest scans, newest first" showFile={true} />}
        </>
      )}
    </>,
  );
}
