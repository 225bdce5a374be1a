/**
 * @module platform/web/pages/scans
 * The scans list, a scan's page (live progress while it runs, its findings, the diff against the app's
 * previous scan, report downloads) and the progress fragment that htmx polls, in the reader's language
 * (`lang`, English when not given). What the engine says (a running check's phase, a failure, the diff's
 * warnings) stays as the engine wrote it.
 */
import type { ReportFormat } from '../../../index.js';
import type { ScanDiff, ScanFinding, Scan, ProviderScan } from '../../services/scans.js';
import { STAFF, type Actor, type FindingStatus } from '../../types.js';
import { Fragment, h, type SafeHtml } from '../jsx.js';
import { CheckId, PLATFORM_LABEL, ScansTable, ScanStatus, SeverityBadge, TableWrap, versionOf, When } from '../components.js';
import { fill, translator, type Lang, type Translate } from '../i18n.js';
import { page } from '../layout.js';
import { StatusText } from './findings.js';

function day(d: Date | string | null | undefined): string {
  if (!d) return '';
  return new Date(d).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

// The scans table's pieces live in components.tsx (the dashboard shows the same rows); the app page and the
// USSD pages import them from here.
export { ScanRows, ScanStatus, ScoreCell, versionOf } from '../components.js';

export function scansPage(o: { actor: Actor; csrf?: string | undefined; scans: Array<Scan | ProviderScan>; lang?: Lang }): string {
  const t = translator(o.lang);
  return page(
    { title: t('Scans'), actor: o.actor, csrf: o.csrf, nav: 'scans', lang: o.lang ?? 'en', path: '/scans' },
    <ScansTable scans={o.scans} caption={t('Newest first')} showFile={STAFF.includes(o.actor.role)} t={t} />,
  );
}

/** The progress box. While the scan is queued or running it polls itself every second; when done it stops. */
export function ScanProgressBox(p: { scan: Scan | ProviderScan; t?: Translate | undefined }): SafeHtml {
  const t = p.t ?? translator();
  const s = p.scan;
  const active = s.status === 'queued' || s.status === 'running';
  const progress = 'progress' in s ? s.progress : {};
  const poll = active ? { 'hx-get': `/scans/${s.id}/progress`, 'hx-trigger': 'every 1s', 'hx-swap': 'outerHTML' } : {};
  // The engine reports a check (0-based) as it starts it.
  const running = progress.total ? { n: Math.min((progress.index ?? 0) + 1, progress.total), total: progress.total } : undefined;
  return (
    <div id="scan-progress" class="card" role="status" aria-live="polite" {...poll}>
      <p>
        {fill(t('Status: {status}'), { status: <ScanStatus status={s.status} t={t} /> })}
        {s.status === 'done' && s.score !== null ? (
          <>
            {' · '}
            {fill(t('grade {grade} (score {score}/100)'), { grade: <strong>{s.grade}</strong>, score: s.score })}
          </>
        ) : null}
      </p>
      {s.status === 'running' && running ? (
        <>
          <label>
            {t('Checks run')}
            <progress max={String(running.total)} value={String(progress.index ?? 0)}>
              {t('{n} of {total} checks done', { n: progress.index ?? 0, total: running.total })}
            </progress>
          </label>
          <p class="muted">
            {progress.check
              ? fill(t('Running check {n} of {total}: {check}'), { n: running.n, total: running.total, check: <code>{progress.check}</code> })
              : t('Running check {n} of {total}', running)}
          </p>
        </>
      ) : s.status === 'running' && progress.phase ? (
        <p class="muted">{progress.phase}…</p>
      ) : null}
      {s.status === 'queued' ? <p class="muted">{t('Waiting for a worker…')}</p> : null}
      {s.status === 'failed' && 'error' in s && s.error ? (
        <p class="error" role="alert">
          {s.error}
        </p>
      ) : null}
    </div>
  );
}

export function scanProgressFragment(scan: Scan | ProviderScan, lang?: Lang): string {
  return String(<ScanProgressBox scan={scan} t={translator(lang)} />);
}

const REPORT_LINKS: Array<{ format: ReportFormat; label: string }> = [
  { format: 'html', label: 'HTML' },
  { format: 'pdf', label: 'PDF' },
  { format: 'sarif', label: 'SARIF' },
  { format: 'json', label: 'JSON' },
  { format: 'csv', label: 'CSV' },
  { format: 'oscal', label: 'OSCAL' },
];

function FindingsTable(p: { findings: ScanFinding[]; caption: string; t: Translate }): SafeHtml {
  const t = p.t;
  return (
    <TableWrap>
      <table>
        <caption class="muted">{p.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('Severity')}</th>
            <th scope="col">{t('Finding')}</th>
            <th scope="col">{t('Check')}</th>
            <th scope="col">{t('Status')}</th>
          </tr>
        </thead>
        <tbody>
          {p.findings.length === 0 ? (
            <tr>
              <td colspan="4" class="muted">
                {t('No finding.')}
              </td>
            </tr>
          ) : (
            p.findings.map((f) => (
              <tr>
                <td>
                  <SeverityBadge severity={f.severity} t={t} />
                </td>
                <td>
                  <a href={`/findings/${f.id}`}>{f.title}</a>
                </td>
                <td>
                  <CheckId id={f.check_id} />
                </td>
                <td>
                  <StatusText status={f.status as FindingStatus} t={t} />
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </TableWrap>
  );
}

function DiffSection(p: { diff: ScanDiff; t: Translate }): SafeHtml {
  const t = p.t;
  const { previous, diff } = p.diff;
  if (!previous || !diff) return <p class="muted">{t("This is the app's first finished scan: nothing to compare with.")}</p>;
  const list = (items: Array<{ title: string; severity: string; checkId: string }>, empty: string): SafeHtml =>
    items.length === 0 ? (
      <p class="muted">{empty}</p>
    ) : (
      <ul>
        {items.map((f) => (
          <li>
            <SeverityBadge severity={f.severity} t={t} /> {f.title} <code>{f.checkId}</code>
          </li>
        ))}
      </ul>
    );
  const parts = {
    scan: <a href={`/scans/${previous.id}`}>{versionOf(previous) || day(previous.created_at)}</a>,
    new: <strong>{diff.summary.new}</strong>,
    fixed: <strong>{diff.summary.fixed}</strong>,
    unchanged: <strong>{diff.summary.unchanged}</strong>,
    changed: <strong>{diff.summary.changed}</strong>,
  };
  return (
    <>
      <p>
        {diff.summary.changed
          ? fill(t('Compared with the scan of {scan}: {new} new, {fixed} fixed, {unchanged} unchanged, {changed} with another severity.'), parts)
          : fill(t('Compared with the scan of {scan}: {new} new, {fixed} fixed, {unchanged} unchanged.'), parts)}
      </p>
      {diff.warnings.map((w) => (
        <p class="notice">{w}</p>
      ))}
      <h3>{t('New findings')}</h3>
      {list(diff.findings.new, t('No new finding.'))}
      <h3>{t('Fixed findings')}</h3>
      {list(diff.findings.fixed, t('No finding fixed.'))}
    </>
  );
}

export function scanPage(o: { actor: Actor; csrf?: string | undefined; scan: Scan | ProviderScan; findings: ScanFinding[]; diff?: ScanDiff | undefined; lang?: Lang }): string {
  const s = o.scan;
  const staff = STAFF.includes(o.actor.role);
  const version = versionOf(s);
  const t = translator(o.lang);
  const ussd = s.kind === 'ussd';
  return page(
    {
      title: version ? t('Scan of {app} {version}', { app: s.app_name, version }) : t('Scan of {app}', { app: s.app_name }),
      actor: o.actor,
      csrf: o.csrf,
      nav: 'scans',
      lang: o.lang ?? 'en',
      path: `/scans/${s.id}`,
    },
    <>
      <p class="muted">
        <a href={`/apps/${s.app_id}`}>{s.app_name}</a> · {s.provider_name} · {PLATFORM_LABEL[s.kind] ?? s.kind} ·{' '}
        {fill(ussd ? t('run of {when}') : t('uploaded {when}'), { when: <When d={s.created_at} /> })}
        {'file_name' in s ? (
          <>
            {' · '}
            {ussd ? fill(t('target {name}'), { name: <code>{s.file_name}</code> }) : <code>{s.file_name}</code>}
          </>
        ) : null}
      </p>
      <ScanProgressBox scan={s} t={t} />
      {'artifact_sha256' in s && s.artifact_sha256 ? (
        <p class="muted">
          SHA-256 <code>{s.artifact_sha256}</code>
          {s.attempts > 1 ? ` · ${t('attempts {n}', { n: s.attempts })}` : ''}
        </p>
      ) : null}
      {s.status === 'done' ? (
        <section aria-labelledby="reports-h">
          <h2 id="reports-h">{t('Download the report')}</h2>
          {staff ? null : <p class="muted">{t('The report holds only the findings released to you.')}</p>}
          <p class="reports">
            {REPORT_LINKS.map((r) => (
              <a class="button" href={`/scans/${s.id}/report?format=${r.format}`} download aria-label={t('{format} report', { format: r.label })}>
                {r.label}
              </a>
            ))}
          </p>
        </section>
      ) : null}
      {s.status === 'done' ? (
        <>
          <h2>{t('Findings')}</h2>
          <FindingsTable findings={o.findings} caption={staff ? t('Findings this scan saw, worst first') : t('Findings released to you that this scan saw')} t={t} />
        </>
      ) : null}
      {s.status === 'done' && staff && o.diff ? (
        <>
          <h2>{t('Changes since the previous version')}</h2>
          <DiffSection diff={o.diff} t={t} />
        </>
      ) : null}
    </>,
  );
}
