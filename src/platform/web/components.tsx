/**
 * @module platform/web/components
 * Small pieces more than one page shows: the severity badge, dates, the sideways-scrolling table frame, role
 * names, and the rows of a scans table (the scans list, an app's versions and the dashboard's latest scans).
 * The components that show words take an optional translator `t` (`translator(lang)` of web/i18n.ts) and
 * speak English without one, so a page that has not adopted translation renders as before.
 */
import type { FindingStatus, Role } from '../types.js';
import { translator, type Translate } from './i18n.js';
import { Fragment, h, type Child, type SafeHtml } from './jsx.js';

/** The translator of the components when their page gives none. */
const ENGLISH = translator('en');

/** A severity's name in the page's language, lower case like the badges (an unknown one as it is). */
export function severityName(t: Translate, severity: string): string {
  switch (severity) {
    case 'critical':
      return t('critical');
    case 'high':
      return t('high');
    case 'medium':
      return t('medium');
    case 'low':
      return t('low');
    case 'info':
      return t('info');
    default:
      return severity;
  }
}

/** A finding status's name in the page's language (services/findings.ts `STATUS_LABEL` in English). */
export function findingStatusName(t: Translate, status: FindingStatus | string): string {
  switch (status) {
    case 'open':
      return t('Open');
    case 'confirmed':
      return t('Confirmed');
    case 'false_positive':
      return t('False positive');
    case 'accepted':
      return t('Risk accepted');
    case 'assigned':
      return t('Assigned to provider');
    case 'fixed':
      return t('Fixed');
    default:
      return status;
  }
}

/** The severity as a labelled badge (the word is always there: colour is never the only cue). */
export function SeverityBadge(p: { severity: string; t?: Translate | undefined }): SafeHtml {
  return <span class={`sev sev-${p.severity}`}>{severityName(p.t ?? ENGLISH, p.severity)}</span>;
}

/**
 * A check id (`android.secrets.hardcoded-secret`) that may wrap after each dot in a narrow column, rather than
 * anywhere inside a word.
 */
export function CheckId(p: { id: string; class?: string }): SafeHtml {
  const parts = p.id.split('.');
  return <code class={p.class}>{parts.map((x, i) => (i < parts.length - 1 ? [`${x}.`, <wbr />] : x))}</code>;
}

export const ROLE_LABEL: Record<Role, string> = {
  admin: 'Administrator',
  lead: 'Lead auditor',
  auditor: 'Auditor',
  reviewer: 'Reviewer',
  provider: 'Provider representative',
  readonly: 'Read-only',
};

export const PLATFORM_LABEL: Record<string, string> = { android: 'Android', ios: 'iOS', ussd: 'USSD' };

/** `YYYY-MM-DD` (UTC) in a <time> element. */
export function Day(p: { d: Date | string | null | undefined }): SafeHtml | null {
  if (!p.d) return null;
  const d = new Date(p.d);
  return <time datetime={d.toISOString()}>{d.toISOString().slice(0, 10)}</time>;
}

/**
 * A timestamp to the minute, in UTC (the same on every server), in a <time> element. The date and the time
 * never break inside themselves, so a narrow column wraps between them and not within `2026-01-01`.
 */
export function When(p: { d: Date | string | null | undefined }): SafeHtml | null {
  if (!p.d) return null;
  const iso = new Date(p.d).toISOString();
  return (
    <time class="when" datetime={iso}>
      <span class="nowrap">{iso.slice(0, 10)}</span> <span class="nowrap">{iso.slice(11, 16)} UTC</span>
    </time>
  );
}

/** A one-line confirmation after a form ("Saved."), announced to screen readers; nothing without one. */
export function Notice(p: { text?: string | undefined }): SafeHtml | null {
  return p.text ? (
    <p class="notice" role="status">
      {p.text}
    </p>
  ) : null;
}

/**
 * A table that scrolls sideways inside its own frame when it is wider than the screen (a tablet), instead of
 * widening the page. The page script makes a frame that does scroll focusable, so the keyboard can scroll it.
 */
export function TableWrap(p: { children?: Child }): SafeHtml {
  return <div class="table-wrap">{p.children}</div>;
}

/** A scan's status in the page's language (an unknown one as it is). */
export function scanStatusName(t: Translate, status: string): string {
  switch (status) {
    case 'queued':
      return t('Queued');
    case 'running':
      return t('Running');
    case 'done':
      return t('Done');
    case 'failed':
      return t('Failed');
    default:
      return status;
  }
}

/** A scan's status as text (never colour alone). */
export function ScanStatus(p: { status: string; t?: Translate | undefined }): SafeHtml {
  return <span class="status">{scanStatusName(p.t ?? ENGLISH, p.status)}</span>;
}

/** What one row of a scans table shows: a staff member's scan, or the part a provider representative sees. */
export interface ScanRow {
  id: string;
  app_id: string;
  app_name: string;
  provider_name: string;
  kind: string;
  status: string;
  /** The uploaded file's name (staff only). */
  file_name?: string;
  version_name: string | null;
  version_code: string | null;
  score: number | null;
  grade: string | null;
  created_at: Date | string;
}

export function versionOf(s: Pick<ScanRow, 'version_name' | 'version_code'>): string {
  return [s.version_name, s.version_code === null ? undefined : `(${s.version_code})`].filter(Boolean).join(' ');
}

export function ScoreCell(p: { scan: Pick<ScanRow, 'score' | 'grade' | 'status'> }): SafeHtml {
  return p.scan.status === 'done' && p.scan.score !== null ? (
    <span>
      {p.scan.grade} <span class="muted">({p.scan.score}/100)</span>
    </span>
  ) : (
    <span class="muted">–</span>
  );
}

/**
 * The rows of a scans table: when (the link to the scan, and the file's name when `showFile`), the app and
 * its provider (when `showApp`), version, platform, status, grade.
 */
export function ScanRows(p: { scans: readonly ScanRow[]; showApp: boolean; showFile?: boolean; t?: Translate | undefined }): SafeHtml {
  const t = p.t ?? ENGLISH;
  const cols = p.showApp ? 6 : 5;
  if (p.scans.length === 0) {
    return (
      <tr>
        <td colspan={String(cols)} class="muted">
          {t('No scan yet.')}
        </td>
      </tr>
    );
  }
  return (
    <>
      {p.scans.map((s) => (
        <tr>
          <td>
            <a href={`/scans/${s.id}`}>
              <When d={s.created_at} />
            </a>
            {p.showFile && s.file_name ? (
              <>
                <br />
                <code class="muted file">{s.file_name}</code>
              </>
            ) : null}
          </td>
          {p.showApp ? (
            <td>
              <a href={`/apps/${s.app_id}`}>{s.app_name}</a> <span class="muted">· {s.provider_name}</span>
            </td>
          ) : null}
          <td>{versionOf(s) || <span class="muted">{s.kind === 'ussd' ? t('live run') : '–'}</span>}</td>
          <td>{PLATFORM_LABEL[s.kind] ?? s.kind}</td>
          <td>
            <ScanStatus status={s.status} t={t} />
          </td>
          <td>
            <ScoreCell scan={s} />
          </td>
        </tr>
      ))}
    </>
  );
}

/** The header of a scans table with the app column. */
export function ScansTableHead(p: { t?: Translate | undefined } = {}): SafeHtml {
  const t = p.t ?? ENGLISH;
  return (
    <thead>
      <tr>
        <th scope="col">{t('Date')}</th>
        <th scope="col">{t('App')}</th>
        <th scope="col">{t('Version')}</th>
        <th scope="col">{t('Platform')}</th>
        <th scope="col">{t('Status')}</th>
        <th scope="col">{t('Grade (score)')}</th>
      </tr>
    </thead>
  );
}

/** A whole scans table with the app column (the scans list and the dashboard). */
export function ScansTable(p: { scans: readonly ScanRow[]; caption: string; showFile?: boolean; t?: Translate | undefined }): SafeHtml {
  return (
    <TableWrap>
      <table>
        <caption class="muted">{p.caption}</caption>
        <ScansTableHead t={p.t} />
        <tbody>
          <ScanRows scans={p.scans} showApp={true} showFile={p.showFile ?? false} t={p.t} />
        </tbody>
      </table>
    </TableWrap>
  );
}
