/**
 * @module platform/web/pages/engagement-row
 * The page of one row of an engagement's test plan: what the catalog asks (the requirement, how to test it),
 * the result and who recorded it, the finding a failure made, the evidence files (each with its SHA-256 and a
 * download that is checked against it), the review comments on the row, and for an automated row the linked
 * scans that ran its checks and what they found. The engagement's testers get, on a manual row and in a phase
 * where results are recorded, the form that records the result and the evidence upload; everyone else reads.
 * The route (http/routes/engagement-row-pages.ts) decides what is shown: a form renders only when its data is
 * given.
 *
 * In the reader's language (`lang`, English by default): the catalog's text (the requirement, how to test it),
 * the row's title, the notes and the services' messages stay as written.
 */
import { SEVERITIES } from '../../../findings/types.js';
import type { Engagement, EngagementApp } from '../../services/engagements.js';
import type { EvidenceFile } from '../../services/evidence.js';
import { MAX_NOTES, type PlanRowDetail } from '../../services/manual-tests.js';
import type { ReviewComment } from '../../services/review.js';
import { ROW_RESULTS, type LinkedScan, type RowFinding } from '../../services/test-plan.js';
import { formatBytes } from '../../services/uploads.js';
import type { Actor } from '../../types.js';
import { CheckId, findingStatusName, PLATFORM_LABEL, ScanStatus, SeverityBadge, severityName, TableWrap, versionOf, When } from '../components.js';
import { translator, type Lang, type Translate } from '../i18n.js';
import { Fragment, h, type SafeHtml } from '../jsx.js';
import { CsrfField, page } from '../layout.js';
import { phaseName, ResultBadge, resultName } from './engagement-sections.js';

/** Where a refused form's message goes: next to the result form or the upload form. */
export interface RowPageError {
  at: 'result' | 'evidence';
  message: string;
}

/** What the result form was sent with (shown again after a refusal), or the row's recorded values. */
export interface ResultFormValues {
  result?: string | undefined;
  notes?: string | undefined;
  severity?: string | undefined;
  appId?: string | undefined;
}

export interface RowPageData {
  actor: Actor;
  csrf?: string | undefined;
  /** The reader's language (`req.lang`); English when not given. */
  lang?: Lang | undefined;
  engagement: Engagement;
  /** The row as `getPlanRow` gives it: the row, its catalog text, its evidence and its finding. */
  detail: PlanRowDetail;
  /** The apps and services in scope (names for the row's app, choices of the result form). */
  apps: EngagementApp[];
  /** The caller belongs to the lab that runs the engagement (links to the lab's scans and findings work for them). */
  sameOrg: boolean;
  /** Automated rows: the linked scans that ran a covering check. */
  scans: LinkedScan[];
  /** The review comments on this row, oldest first. */
  comments: ReviewComment[];
  /** A tester of the engagement on a manual row in a phase where results are recorded: the forms, with the upload limit. */
  forms?: { maxEvidenceBytes: number } | undefined;
  values?: ResultFormValues | undefined;
  error?: RowPageError | undefined;
}

/** The SHA-256 shown in a table: its first 12 hex digits (the whole value is in the title and the API). */
export const shortSha256 = (sha256: string): string => sha256.slice(0, 12);

function ErrorAt(p: { error: RowPageError | undefined; at: RowPageError['at'] }): SafeHtml | null {
  if (!p.error || p.error.at !== p.at) return null;
  return (
    <p class="error" role="alert">
      {p.error.message}
    </p>
  );
}

/**
 * The catalog's how-to-test text: its numbered steps as a list when it is written as one (the catalog's
 * house style, steps wrapped onto indented lines), otherwise the text as written.
 */
function HowToTest(p: { text: string }): SafeHtml {
  const steps: string[] = [];
  let numbered = true;
  for (const line of p.text.split('\n')) {
    if (line.trim() === '') continue;
    const m = /^\s*\d+\.\s+(.*)$/.exec(line);
    if (m) steps.push(m[1]!.trim());
    else if (steps.length > 0 && /^\s/.test(line)) steps[steps.length - 1] += ` ${line.trim()}`;
    else numbered = false;
  }
  if (numbered && steps.length > 0) {
    return (
      <ol>
        {steps.map((s) => (
          <li>{s}</li>
        ))}
      </ol>
    );
  }
  return <pre>{p.text.trim()}</pre>;
}

function appName(t: Translate, o: RowPageData, appId: string | null): string | null {
  if (!appId) return null;
  return o.apps.find((a) => a.app_id === appId)?.name ?? t('an app no longer in scope');
}

function FindingLink(p: { id: string; title: string; sameOrg: boolean }): SafeHtml {
  return p.sameOrg ? <a href={`/findings/${p.id}`}>{p.title}</a> : <span>{p.title}</span>;
}

function ResultSection(o: RowPageData): SafeHtml {
  const t = translator(o.lang);
  const { row, finding } = o.detail;
  const manual = row.mode === 'manual';
  const byTeam = row.decided_by === 'team';
  return (
    <section aria-labelledby="result-h">
      <h2 id="result-h">{t('Result')}</h2>
      <dl>
        <dt>{t('Result')}</dt>
        <dd>
          <ResultBadge result={row.result} t={t} />
        </dd>
        <dt>{t('Mode')}</dt>
        <dd>
          {manual
            ? t('Manual: recorded by the team')
            : byTeam
              ? t('Automated, but no linked scan decides it: tested by hand and recorded by the team')
              : t('Automated: computed from the scans linked to the engagement')}
        </dd>
        {manual || byTeam ? (
          <>
            <dt>{t('Tested by')}</dt>
            <dd>{row.tested_by_name ?? <span class="muted">{t('nobody yet')}</span>}</dd>
            <dt>{t('Tested on')}</dt>
            <dd>{row.tested_at ? <When d={row.tested_at} /> : <span class="muted">–</span>}</dd>
            {row.app_id ? (
              <>
                <dt>{t('App')}</dt>
                <dd>{appName(t, o, row.app_id)}</dd>
              </>
            ) : null}
            {row.severity ? (
              <>
                <dt>{t('Severity')}</dt>
                <dd>
                  <SeverityBadge severity={row.severity} t={t} />
                </dd>
              </>
            ) : null}
            <dt>{t('Notes')}</dt>
            <dd>{row.notes ? <p class="comment">{row.notes}</p> : <span class="muted">{t('none')}</span>}</dd>
          </>
        ) : null}
        {finding ? (
          <>
            <dt>{t('Finding')}</dt>
            <dd>
              <FindingLink id={finding.id} title={`${row.item_id} ${row.title}`} sameOrg={o.sameOrg} /> <SeverityBadge severity={finding.severity} t={t} />{' '}
              <span class="status">{findingStatusName(t, finding.status)}</span>
              {finding.app_id !== row.app_id && appName(t, o, finding.app_id) ? <span class="muted"> · {appName(t, o, finding.app_id)}</span> : null}
            </dd>
          </>
        ) : null}
      </dl>
      {o.forms ? <ResultForm {...o} /> : null}
    </section>
  );
}

function ResultForm(o: RowPageData): SafeHtml {
  const t = translator(o.lang);
  const { row } = o.detail;
  const v: ResultFormValues = o.values ?? { result: row.result ?? undefined, notes: row.notes ?? undefined, severity: row.severity ?? undefined, appId: row.app_id ?? undefined };
  const action = `/engagements/${o.engagement.id}/rows/${row.id}/result`;
  return (
    <div class="card">
      <h3>{t('Record the result')}</h3>
      {row.mode === 'automated' ? (
        <p class="muted">
          {t(
            'No scan linked to the engagement decides this row (none ran its checks, or they could not conclude). Link or run one, or test it by hand and record the result here; a scan that decides it later takes precedence.',
          )}
        </p>
      ) : null}
      <ErrorAt error={o.error} at="result" />
      <form class="stack" method="post" action={action}>
        <CsrfField csrf={o.csrf} />
        <fieldset>
          <legend>{t('Result')}</legend>
          {ROW_RESULTS.map((r) => (
            <label>
              <input type="radio" name="result" value={r} required checked={v.result === r} /> {resultName(t, r)}
            </label>
          ))}
        </fieldset>
        <label>
          {t('Notes')}
          <textarea name="notes" rows="5" maxlength={String(MAX_NOTES)} aria-describedby="notes-help">
            {v.notes ?? ''}
          </textarea>
        </label>
        <p id="notes-help" class="muted">
          {t('What was seen (needed for a failure), or the reason (needed for "not tested" and "not applicable").')}
        </p>
        <fieldset class="for-failure" aria-describedby="failure-help">
          <legend>{t('If it failed')}</legend>
          <p id="failure-help" class="muted">
            {t('Needed when the result is "Fail": how severe the failure is, and which app in scope it applies to.')}
          </p>
          <label>
            {t('Severity')}
            <select name="severity">
              <option value="">{t('Choose the severity')}</option>
              {SEVERITIES.map((s) => (
                <option value={s} selected={v.severity === s}>
                  {severityName(t, s)}
                </option>
              ))}
            </select>
          </label>
          {o.apps.length > 1 ? (
            <label>
              {t('App')}
              <select name="appId">
                <option value="">{t('Choose the app')}</option>
                {o.apps.map((a) => (
                  <option value={a.app_id} selected={v.appId === a.app_id}>
                    {a.name} ({a.platform === 'ussd' ? t('USSD service') : (PLATFORM_LABEL[a.platform] ?? a.platform)})
                  </option>
                ))}
              </select>
            </label>
          ) : null}
        </fieldset>
        <button type="submit">{t('Record the result')}</button>
      </form>
    </div>
  );
}

function CatalogSection(o: RowPageData): SafeHtml {
  const t = translator(o.lang);
  const item = o.detail.item;
  return (
    <section aria-labelledby="catalog-h">
      <h2 id="catalog-h">{t('What to test')}</h2>
      {item ? (
        <>
          <h3>{t('Requirement')}</h3>
          <p>{item.statement}</p>
          <h3>{t('How to test')}</h3>
          {item.howToTest ? <HowToTest text={item.howToTest} /> : <p class="muted">{t('The catalog gives no manual steps: the scans test it.')}</p>}
          {item.masvs.length || item.maswe.length || item.cwe.length ? (
            <dl>
              {item.masvs.length ? (
                <>
                  <dt>MASVS</dt>
                  <dd>{item.masvs.join(', ')}</dd>
                </>
              ) : null}
              {item.maswe.length ? (
                <>
                  <dt>MASWE</dt>
                  <dd>{item.maswe.join(', ')}</dd>
                </>
              ) : null}
              {item.cwe.length ? (
                <>
                  <dt>CWE</dt>
                  <dd>{item.cwe.join(', ')}</dd>
                </>
              ) : null}
            </dl>
          ) : null}
        </>
      ) : (
        <p class="muted">{t('The catalog no longer has {item}; the row keeps its title.', { item: o.detail.row.item_id })}</p>
      )}
    </section>
  );
}

/** An automated row: the covering checks, the linked scans that ran them and the findings they saw. */
function AutomatedSection(o: RowPageData): SafeHtml | null {
  const { row } = o.detail;
  if (row.mode !== 'automated') return null;
  const t = translator(o.lang);
  return (
    <section aria-labelledby="scans-h">
      <h2 id="scans-h">{t('Scans and findings')}</h2>
      <p>
        {t('Checks on the channels in scope:')}{' '}
        {row.checks.length === 0 ? (
          <span class="muted">{t('none')}</span>
        ) : (
          row.checks.map((c, i) => (
            <>
              {i > 0 ? ', ' : ''}
              <CheckId id={c} />
            </>
          ))
        )}
      </p>
      <TableWrap>
        <table>
          <caption class="muted">{t('Linked scans that ran its checks')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('Date')}</th>
              <th scope="col">{t('App')}</th>
              <th scope="col">{t('Version')}</th>
              <th scope="col">{t('Status')}</th>
            </tr>
          </thead>
          <tbody>
            {o.scans.length === 0 ? (
              <tr>
                <td colspan="4" class="muted">
                  {t('No linked scan has run its checks yet.')}
                </td>
              </tr>
            ) : (
              o.scans.map((s) => (
                <tr>
                  <td>{o.sameOrg ? <a href={`/scans/${s.scan_id}`}><When d={s.created_at} /></a> : <When d={s.created_at} />}</td>
                  <td>{s.app_name}</td>
                  <td>{versionOf(s) || <span class="muted">{s.kind === 'ussd' ? t('live run') : '–'}</span>}</td>
                  <td>
                    <ScanStatus status={s.status} t={t} />
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </TableWrap>
      <FindingsTable findings={row.findings} sameOrg={o.sameOrg} t={t} />
    </section>
  );
}

function FindingsTable(p: { findings: RowFinding[]; sameOrg: boolean; t: Translate }): SafeHtml {
  const t = p.t;
  return (
    <TableWrap>
      <table>
        <caption class="muted">{t('Findings of its checks in the linked scans')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('Finding')}</th>
            <th scope="col">{t('Check')}</th>
            <th scope="col">{t('Severity')}</th>
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
                  <FindingLink id={f.id} title={f.title} sameOrg={p.sameOrg} />
                </td>
                <td>
                  <CheckId id={f.check_id} />
                </td>
                <td>
                  <SeverityBadge severity={f.severity} t={t} />
                </td>
                <td>
                  <span class="status">{findingStatusName(t, f.status)}</span>
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </TableWrap>
  );
}

function EvidenceRow(p: { e: EvidenceFile; engagementId: string; t: Translate }): SafeHtml {
  const { e } = p;
  return (
    <tr>
      <td>
        <a href={`/api/v1/engagements/${p.engagementId}/evidence/${e.id}`}>
          {e.file_name}
        </a>
      </td>
      <td>{formatBytes(e.size)}</td>
      <td>
        <code title={e.sha256}>{shortSha256(e.sha256)}</code>
      </td>
      <td>{e.uploaded_by_name ?? <span class="muted">{p.t('a former user')}</span>}</td>
      <td>
        <When d={e.uploaded_at} />
      </td>
    </tr>
  );
}

function EvidenceSection(o: RowPageData): SafeHtml {
  const t = translator(o.lang);
  const { row, evidence } = o.detail;
  const csrfQuery = `?_csrf=${encodeURIComponent(o.csrf ?? '')}`;
  return (
    <section aria-labelledby="evidence-h">
      <h2 id="evidence-h">{t('Evidence')}</h2>
      <TableWrap>
        <table>
          <caption class="muted">{t('Files attached to this test, oldest first; a download is refused if the file no longer matches its SHA-256')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('File')}</th>
              <th scope="col">{t('Size')}</th>
              <th scope="col">{t('SHA-256 (start)')}</th>
              <th scope="col">{t('Uploaded by')}</th>
              <th scope="col">{t('When')}</th>
            </tr>
          </thead>
          <tbody>
            {evidence.length === 0 ? (
              <tr>
                <td colspan="5" class="muted">
                  {t('No evidence yet.')}
                </td>
              </tr>
            ) : (
              evidence.map((e) => <EvidenceRow e={e} engagementId={o.engagement.id} t={t} />)
            )}
          </tbody>
        </table>
      </TableWrap>
      {o.forms ? (
        <div class="card">
          <h3>{t('Attach evidence')}</h3>
          <ErrorAt error={o.error} at="evidence" />
          {/* Multipart bodies are streamed to disk by the handler, so the CSRF token travels in the URL. */}
          <form class="stack" method="post" action={`/engagements/${o.engagement.id}/rows/${row.id}/evidence${csrfQuery}`} enctype="multipart/form-data">
            <CsrfField csrf={o.csrf} />
            <label>
              {t('Evidence files')}
              <input type="file" name="file" multiple required aria-describedby="evidence-help" />
            </label>
            <p id="evidence-help" class="muted">
              {t('Screenshots, traffic captures, documents; one or more files of at most {size} each. Their SHA-256 is kept and checked on every download.', {
                size: formatBytes(o.forms.maxEvidenceBytes),
              })}
            </p>
            <button type="submit">{t('Attach the files')}</button>
          </form>
        </div>
      ) : null}
    </section>
  );
}

function CommentsSection(o: RowPageData): SafeHtml {
  const t = translator(o.lang);
  return (
    <section aria-labelledby="comments-h">
      <h2 id="comments-h">{t('Review comments')}</h2>
      {o.comments.length === 0 ? (
        <p class="muted">{t('No review comment on this test.')}</p>
      ) : (
        <ol class="history">
          {o.comments.map((c) => (
            <li>
              <When d={c.at} /> · {c.user_name} <span class="muted">({t('{org}, round {round}', { org: c.user_org_name, round: c.round })})</span>
              <p class="comment">{c.body}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function engagementRowPage(o: RowPageData): string {
  const t = translator(o.lang);
  const e = o.engagement;
  const { row } = o.detail;
  // A refusal whose form is not on the page (a result posted to an automated row, or in a phase without testing).
  const unplacedError = o.error && !o.forms ? o.error.message : undefined;
  return page(
    { title: `${row.item_id} · ${row.title}`, actor: o.actor, csrf: o.csrf, nav: 'engagements', lang: o.lang ?? 'en', path: `/engagements/${e.id}/rows/${row.id}` },
    <>
      <p>
        <a href={`/engagements/${e.id}#plan-h`}>{t('Back to {title}', { title: e.title })}</a>
        <span class="muted">
          {' '}
          · {row.mode === 'manual' ? t('Manual test') : t('Automated test')} · {phaseName(t, e.phase)}
        </span>
      </p>
      {unplacedError ? (
        <p class="error" role="alert">
          {unplacedError}
        </p>
      ) : null}
      <ResultSection {...o} />
      <CatalogSection {...o} />
      <AutomatedSection {...o} />
      <EvidenceSection {...o} />
      <CommentsSection {...o} />
    </>,
  );
}
