/**
 * @module platform/web/pages/scans
 * The scans list, a scan's page (live progress while it runs, its findings, the diff against the app's
 * previous scan, report downloads) and the progress fragment that htmx polls.
 */
import type { ReportFormat } from '../../../index.js';
import type { ScanDiff, ScanFinding, Scan, ProviderScan } from '../../services/scans.js';
import { STAFF, type Actor, type FindingStatus } from '../../types.js';
import { Fragment, h, type SafeHtml } from '../jsx.js';
import { CheckId, PLATFORM_LABEL, ScansTable, ScanStatus, SeverityBadge, TableWrap, versionOf, When } from '../components.js';
import { page } from '../layout.js';
import { StatusText } from './findings.js';

function day(d: Date | string | null | undefined): string {
  if (!d) return '';
  return new Date(d).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

// The scans table's pieces live in components.tsx (the dashboard shows the same rows); the app page and the
// USSD pages import them from here.
export { ScanRows, ScanStatus, ScoreCell, versionOf } from '../components.js';

export function scansPage(o: { actor: Actor; csrf?: string | undefined; scans: Array<Scan | ProviderScan> }): string {
  return page(
    { title: 'Scans', actor: o.actor, csrf: o.csrf, nav: 'scans' },
    <ScansTable scans={o.scans} caption="Newest first" showFile={STAFF.includes(o.actor.role)} />,
  );
}

/** The progress box. While the scan is queued or running it polls itself every second; when done it stops. */
export function ScanProgressBox(p: { scan: Scan | ProviderScan }): SafeHtml {
  const s = p.scan;
  const active = s.status === 'queued' || s.status === 'running';
  const progress = 'progress' in s ? s.progress : {};
  const poll = active ? { 'hx-get': `/scans/${s.id}/progress`, 'hx-trigger': 'every 1s', 'hx-swap': 'outerHTML' } : {};
  return (
    <div id="scan-progress" class="card" role="status" aria-live="polite" {...poll}>
      <p>
        Status: <ScanStatus status={s.status} />
        {s.status === 'done' && s.score !== null ? (
          <>
            {' '}
            · grade <strong>{s.grade}</strong> (score {s.score}/100)
          </>
        ) : null}
      </p>
      {s.status === 'running' && progress.total ? (
        <>
          <label>
            Checks run
            <progress max={String(progress.total)} value={String(progress.index ?? 0)}>
              {progress.index ?? 0} of {progress.total} checks done
            </progress>
          </label>
          <p class="muted">
            {/* The engine reports a check (0-based) as it starts it. */}
            Running check {Math.min((progress.index ?? 0) + 1, progress.total)} of {progress.total}
            {progress.check ? (
              <>
                : <code>{progress.check}</code>
              </>
            ) : null}
          </p>
        </>
      ) : s.status === 'running' && progress.phase ? (
        <p class="muted">{progress.phase}…</p>
      ) : null}
      {s.status === 'queued' ? <p class="muted">Waiting for a worker…</p> : null}
      {s.status === 'failed' && 'error' in s && s.error ? (
        <p class="error" role="alert">
          {s.error}
        </p>
      ) : null}
    </div>
  );
}

export function scanProgressFragment(scan: Scan | ProviderScan): string {
  return String(<ScanProgressBox scan={scan} />);
}

const REPORT_LINKS: Array<{ format: ReportFormat; label: string }> = [
  { format: 'html', label: 'HTML' },
  { format: 'pdf', label: 'PDF' },
  { format: 'sarif', label: 'SARIF' },
  { format: 'json', label: 'JSON' },
  { format: 'csv', label: 'CSV' },
  { format: 'oscal', label: 'OSCAL' },
];

function FindingsTable(p: { findings: ScanFinding[]; caption: string }): SafeHtml {
  return (
    <TableWrap>
      <table>
        <caption class="muted">{p.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Severity</th>
            <th scope="col">Finding</th>
            <th scope="col">Check</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {p.findings.length === 0 ? (
            <tr>
              <td colspan="4" class="muted">
                No finding.
              </td>
            </tr>
          ) : (
            p.findings.map((f) => (
              <tr>
                <td>
                  <SeverityBadge severity={f.severity} />
                </td>
                <td>
                  <a href={`/findings/${f.id}`}>{f.title}</a>
                </td>
                <td>
                  <CheckId id={f.check_id} />
                </td>
                <td>
                  <StatusText status={f.status as FindingStatus} />
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </TableWrap>
  );
}

function DiffSection(p: { diff: ScanDiff }): SafeHtml {
  const { previous, diff } = p.diff;
  if (!previous || !diff) return <p class="muted">This is the app's first finished scan: nothing to compare with.</p>;
  const list = (items: Array<{ title: string; severity: string; checkId: string }>, empty: string): SafeHtml =>
    items.length === 0 ? (
      <p class="muted">{empty}</p>
    ) : (
      <ul>
        {items.map((f) => (
          <li>
            <SeverityBadge severity={f.severity} /> {f.title} <code>{f.checkId}</code>
          </li>
        ))}
      </ul>
    );
  return (
    <>
      <p>
        Compared with the scan of <a href={`/scans/${previous.id}`}>{versionOf(previous) || day(previous.created_at)}</a>:{' '}
        <strong>{diff.summary.new}</strong> new, <strong>{diff.summary.fixed}</strong> fixed, <strong>{diff.summary.unchanged}</strong> unchanged
        {diff.summary.changed ? (
          <>
            , <strong>{diff.summary.changed}</strong> with another severity
          </>
        ) : null}
        .
      </p>
      {diff.warnings.map((w) => (
        <p class="notice">{w}</p>
      ))}
      <h3>New</h3>
      {list(diff.findings.new, 'No new finding.')}
      <h3>Fixed</h3>
      {list(diff.findings.fixed, 'No finding fixed.')}
    </>
  );
}

export function scanPage(o: { actor: Actor; csrf?: string | undefined; scan: Scan | ProviderScan; findings: ScanFinding[]; diff?: ScanDiff | undefined }): string {
  const s = o.scan;
  const staff = STAFF.includes(o.actor.role);
  const version = versionOf(s);
  return page(
    { title: `Scan of ${s.app_name}${version ? ` ${version}` : ''}`, actor: o.actor, csrf: o.csrf, nav: 'scans' },
    <>
      <p class="muted">
        <a href={`/apps/${s.app_id}`}>{s.app_name}</a> · {s.provider_name} · {PLATFORM_LABEL[s.kind] ?? s.kind} · {s.kind === 'ussd' ? 'run of' : 'uploaded'} <When d={s.created_at} />
        {'file_name' in s ? (
          <>
            {' '}
            · {s.kind === 'ussd' ? 'target ' : ''}
            <code>{s.file_name}</code>
          </>
        ) : null}
      </p>
      <ScanProgressBox scan={s} />
      {'artifact_sha256' in s && s.artifact_sha256 ? (
        <p class="muted">
          SHA-256 <code>{s.artifact_sha256}</code>
          {s.attempts > 1 ? ` · attempts ${s.attempts}` : ''}
        </p>
      ) : null}
      {s.status === 'done' ? (
        <section aria-labelledby="reports-h">
          <h2 id="reports-h">Download the report</h2>
          {staff ? null : <p class="muted">The report holds only the findings released to you.</p>}
          <p class="reports">
            {REPORT_LINKS.map((r) => (
              <a class="button" href={`/scans/${s.id}/report?format=${r.format}`} download aria-label={`${r.label} report`}>
                {r.label}
              </a>
            ))}
          </p>
        </section>
      ) : null}
      {s.status === 'done' ? (
        <>
          <h2>Findings</h2>
          <FindingsTable findings={o.findings} caption={staff ? 'Findings this scan saw, worst first' : 'Findings released to you that this scan saw'} />
        </>
      ) : null}
      {s.status === 'done' && staff && o.diff ? (
        <>
          <h2>Changes since the previous version</h2>
          <DiffSection diff={o.diff} />
        </>
      ) : null}
    </>,
  );
}
