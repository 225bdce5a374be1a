/**
 * @module platform/web/pages/dashboard
 * The dashboard: unresolved findings by provider and severity (every count links to the list it counts), SLA
 * breaches, overdue remediation of delivered engagements, findings per status and the latest scans. In the
 * reader's language (`lang`, English when not given).
 */
import { SEVERITIES } from '../../../findings/types.js';
import type { Dashboard } from '../../services/dashboard.js';
import { FINDING_STATUSES, type Actor, type FindingStatus } from '../../types.js';
import { Fragment, h, type SafeHtml } from '../jsx.js';
import { page } from '../layout.js';
import { Day, findingStatusName, ScansTable, SeverityBadge, severityName, TableWrap } from '../components.js';
import { translator, type Lang, type Translate } from '../i18n.js';
import { findingsHref } from './findings.js';

/** A count that links to the findings it counts (a plain 0 when there are none); `label` names the count for screen readers. */
function Count(p: { n: number; href: string; label: string }): SafeHtml | null {
  return p.n === 0 ? <span class="muted">0</span> : <a href={p.href} aria-label={p.label}>{p.n}</a>;
}

/** The screen-reader name of the link on a status count, a whole phrase per status so each language can order it. */
function statusCountLabel(t: Translate, s: FindingStatus, n: number): string {
  switch (s) {
    case 'open':
      return t('{n} open findings', { n });
    case 'confirmed':
      return t('{n} confirmed findings', { n });
    case 'false_positive':
      return t('{n} false positive findings', { n });
    case 'accepted':
      return t('{n} risk accepted findings', { n });
    case 'assigned':
      return t('{n} assigned to provider findings', { n });
    case 'fixed':
      return t('{n} fixed findings', { n });
  }
}

export function dashboardPage(o: { actor: Actor; csrf?: string | undefined; dashboard: Dashboard; lang?: Lang }): string {
  const d = o.dashboard;
  const rep = o.actor.role === 'provider';
  const t = translator(o.lang);
  return page(
    { title: rep ? t('Findings released to you') : t('Dashboard'), actor: o.actor, csrf: o.csrf, nav: 'dashboard', lang: o.lang ?? 'en', path: '/' },
    <>
      <h2 id="by-provider">{t('Unresolved findings by provider and severity')}</h2>
      <TableWrap>
        <table aria-describedby="by-provider-note">
          <caption id="by-provider-note" class="muted">
            {rep
              ? t('Open, confirmed or assigned findings released to your organisation. Each count links to the list of those findings.')
              : t('Open, confirmed or assigned findings. Each count links to the list of those findings.')}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('Provider')}</th>
              {SEVERITIES.map((s) => (
                <th scope="col">
                  <SeverityBadge t={t} severity={s} />
                </th>
              ))}
              <th scope="col">{t('Total')}</th>
            </tr>
          </thead>
          <tbody>
            {d.unresolvedByProvider.length === 0 ? (
              <tr>
                <td colspan={String(SEVERITIES.length + 2)} class="muted">
                  {t('No provider yet.')}
                </td>
              </tr>
            ) : (
              d.unresolvedByProvider.map((r) => (
                <tr>
                  <th scope="row">{rep ? r.providerName : <a href={`/providers/${r.providerId}`}>{r.providerName}</a>}</th>
                  {SEVERITIES.map((s) => (
                    <td>
                      <Count n={r.counts[s]} href={findingsHref({ status: 'unresolved', provider: r.providerId, severity: s })} label={t('{n} unresolved {severity} findings of {provider}', { n: r.counts[s], severity: severityName(t, s), provider: r.providerName })} />
                    </td>
                  ))}
                  <td>
                    <Count n={r.total} href={findingsHref({ status: 'unresolved', provider: r.providerId })} label={t('{n} unresolved findings of {provider}', { n: r.total, provider: r.providerName })} />
                  </td>
                </tr>
              ))
            )}
          </tbody>
          {d.unresolvedByProvider.length > 1 ? (
            <tfoot>
              <tr>
                <th scope="row">{t('All providers')}</th>
                {SEVERITIES.map((s) => (
                  <td>
                    <Count n={d.unresolvedTotals[s]} href={findingsHref({ status: 'unresolved', severity: s })} label={t('{n} unresolved {severity} findings', { n: d.unresolvedTotals[s], severity: severityName(t, s) })} />
                  </td>
                ))}
                <td>
                  <Count n={d.unresolvedTotals.total} href={findingsHref({ status: 'unresolved' })} label={t('{n} unresolved findings', { n: d.unresolvedTotals.total })} />
                </td>
              </tr>
            </tfoot>
          ) : null}
        </table>
      </TableWrap>

      <h2 id="sla">{t('SLA breaches')}</h2>
      {d.overdue.count === 0 ? (
        <p>{t('No finding is past its due date.')}</p>
      ) : (
        <>
          <p>
            <strong class="error">
              {d.overdue.count === 1 ? t('{n} finding is past the due date.', { n: 1 }) : t('{n} findings are past the due date.', { n: d.overdue.count })}
            </strong>{' '}
            <a href={findingsHref({ status: 'overdue' })}>{t('See them all')}</a>
          </p>
          <TableWrap>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('Severity')}</th>
                  <th scope="col">{t('Finding')}</th>
                  <th scope="col">{t('App')}</th>
                  <th scope="col">{t('Provider')}</th>
                  <th scope="col">{t('Due')}</th>
                  <th scope="col">{t('Days overdue')}</th>
                </tr>
              </thead>
              <tbody>
                {d.overdue.findings.map((f) => (
                  <tr>
                    <td>
                      <SeverityBadge t={t} severity={f.severity} />
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

      <h2 id="remediation">{t('Overdue remediation')}</h2>
      {d.overdueRemediation.length === 0 ? (
        <p>{t('No finding of a delivered engagement is past its due date or its target date.')}</p>
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
                  {e.findings.length === 1
                    ? t("{n} unresolved finding past the due date or the provider's target date", { n: 1 })
                    : t("{n} unresolved findings past the due date or the provider's target date", { n: e.findings.length })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('Severity')}</th>
                    <th scope="col">{t('Finding')}</th>
                    <th scope="col">{t('App')}</th>
                    <th scope="col">{t('Status')}</th>
                    <th scope="col">{t('Due')}</th>
                    <th scope="col">{t('Target date')}</th>
                  </tr>
                </thead>
                <tbody>
                  {e.findings.map((f) => (
                    <tr>
                      <td>
                        <SeverityBadge t={t} severity={f.severity} />
                      </td>
                      <td>
                        <a href={`/findings/${f.id}`}>{f.title}</a>
                      </td>
                      <td>{f.app_name}</td>
                      <td>{findingStatusName(t, f.status)}</td>
                      <td>
                        <Day d={f.due_at} />
                      </td>
                      <td>{f.targetDate ?? <span class="muted">{t('none given')}</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </section>
        ))
      )}

      <h2 id="statuses">{t('Findings by status')}</h2>
      <TableWrap>
        <table>
          <thead>
            <tr>
              {FINDING_STATUSES.map((s) => (
                <th scope="col">{findingStatusName(t, s)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              {FINDING_STATUSES.map((s) => (
                <td>
                  <Count n={d.statusCounts[s]} href={findingsHref({ status: s })} label={statusCountLabel(t, s, d.statusCounts[s])} />
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </TableWrap>

      {rep ? null : (
        <>
          <h2 id="scans">{t('Recent scans')}</h2>
          {d.recentScans.length === 0 ? <p class="muted">{t('No scan yet.')}</p> : <ScansTable scans={d.recentScans} caption={t('The latest scans, newest first')} showFile={true} t={t} />}
        </>
      )}
    </>,
  );
}
