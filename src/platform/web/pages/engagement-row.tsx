/**
 * @module platform/web/pages/engagement-row
 * The page of one row of an engagement's test plan: what the catalog asks (the requirement, how to test it),
 * the result and who recorded it, the finding a failure made, the evidence files (each with its SHA-256 and a
 * download that is checked against it), the review comments on the row, and for an automated row the linked
 * scans that ran its checks and what they found. The engagement's testers get, on a manual row and in a phase
 * where results are recorded, the form that records the result and the evidence upload; everyone else reads.
 * The route (http/routes/engagement-row-pages.ts) decides what is shown: a form renders only when its data is
 * given.
 */
import { SEVERITIES } from '../../../findings/types.js';
import { PHASE_LABEL, type Engagement, type EngagementApp } from '../../services/engagements.js';
import type { EvidenceFile } from '../../services/evidence.js';
import { STATUS_LABEL } from '../../services/findings.js';
import { MAX_NOTES, type PlanRowDetail } from '../../services/manual-tests.js';
import type { ReviewComment } from '../../services/review.js';
import { ROW_RESULT_LABEL, ROW_RESULTS, type LinkedScan, type RowFinding } from '../../services/test-plan.js';
import { formatBytes } from '../../services/uploads.js';
import type { Actor, FindingStatus } from '../../types.js';
import { CheckId, PLATFORM_LABEL, ScanStatus, SeverityBadge, TableWrap, versionOf, When } from '../components.js';
import { Fragment, h, type SafeHtml } from '../jsx.js';
import { CsrfField, page } from '../layout.js';
import { ResultBadge } from './engagement-sections.js';

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

const FAILURE_FIELDS_HELP = 'Needed when the result is "Fail": how severe the failure is, and which app in scope it applies to.';

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

function appName(o: RowPageData, appId: string | null): string | null {
  if (!appId) return null;
  return o.apps.find((a) => a.app_id === appId)?.name ?? 'an app no longer in scope';
}

function FindingLink(p: { id: string; title: string; sameOrg: boolean }): SafeHtml {
  return p.sameOrg ? <a href={`/findings/${p.id}`}>{p.title}</a> : <span>{p.title}</span>;
}

function ResultSection(o: RowPageData): SafeHtml {
  const { row, finding } = o.detail;
  const manual = row.mode === 'manual';
  const byTeam = row.decided_by === 'team';
  return (
    <section aria-labelledby="result-h">
      <h2 id="result-h">Result</h2>
      <dl>
        <dt>Result</dt>
        <dd>
          <ResultBadge result={row.result} />
        </dd>
        <dt>Mode</dt>
        <dd>
          {manual
            ? 'Manual: recorded by the team'
            : byTeam
              ? 'Automated, but no linked scan decides it: tested by hand and recorded by the team'
              : 'Automated: computed from the scans linked to the engagement'}
        </dd>
        {manual || byTeam ? (
          <>
            <dt>Tested by</dt>
            <dd>{row.tested_by_name ?? <span class="muted">nobody yet</span>}</dd>
            <dt>Tested on</dt>
            <dd>{row.tested_at ? <When d={row.tested_at} /> : <span class="muted">–</span>}</dd>
            {row.app_id ? (
              <>
                <dt>App</dt>
                <dd>{appName(o, row.app_id)}</dd>
              </>
            ) : null}
            {row.severity ? (
              <>
                <dt>Severity</dt>
                <dd>
                  <SeverityBadge severity={row.severity} />
                </dd>
              </>
            ) : null}
            <dt>Notes</dt>
            <dd>{row.notes ? <p class="comment">{row.notes}</p> : <span class="muted">none</span>}</dd>
          </>
        ) : null}
        {finding ? (
          <>
            <dt>Finding</dt>
            <dd>
              <FindingLink id={finding.id} title={`${row.item_id} ${row.title}`} sameOrg={o.sameOrg} /> <SeverityBadge severity={finding.severity} />{' '}
              <span class="status">{STATUS_LABEL[finding.status as FindingStatus] ?? finding.status}</span>
              {finding.app_id !== row.app_id && appName(o, finding.app_id) ? <span class="muted"> · {appName(o, finding.app_id)}</span> : null}
            </dd>
          </>
        ) : null}
      </dl>
      {o.forms ? <ResultForm {...o} /> : null}
    </section>
  );
}

function ResultForm(o: RowPageData): SafeHtml {
  const { row } = o.detail;
  const v: ResultFormValues = o.values ?? { result: row.result ?? undefined, notes: row.notes ?? undefined, severity: row.severity ?? undefined, appId: row.app_id ?? undefined };
  const action = `/engagements/${o.engagement.id}/rows/${row.id}/result`;
  return (
    <div class="card">
      <h3>Record the result</h3>
      {row.mode === 'automated' ? (
        <p class="muted">
          No scan linked to the engagement decides this row (none ran its checks, or they could not conclude). Link or run one, or test it by hand and record
          the result here; a scan that decides it later takes precedence.
        </p>
      ) : null}
      <ErrorAt error={o.error} at="result" />
      <form class="stack" method="post" action={action}>
        <CsrfField csrf={o.csrf} />
        <fieldset>
          <legend>Result</legend>
          {ROW_RESULTS.map((r) => (
            <label>
              <input type="radio" name="result" value={r} required checked={v.result === r} /> {ROW_RESULT_LABEL[r]}
            </label>
          ))}
        </fieldset>
        <label>
          Notes
          <textarea name="notes" rows="5" maxlength={String(MAX_NOTES)} aria-describedby="notes-help">
            {v.notes ?? ''}
          </textarea>
        </label>
        <p id="notes-help" class="muted">
          What was seen (needed for a failure), or the reason (needed for "not tested" and "not applicable").
        </p>
        <fieldset class="for-failure" aria-describedby="failure-help">
          <legend>If it failed</legend>
          <p id="failure-help" class="muted">
            {FAILURE_FIELDS_HELP}
          </p>
          <label>
            Severity
            <select name="severity">
              <option value="">Choose the severity</option>
              {SEVERITIES.map((s) => (
                <option value={s} selected={v.severity === s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          {o.apps.length > 1 ? (
            <label>
              App
              <select name="appId">
                <option value="">Choose the app</option>
                {o.apps.map((a) => (
                  <option value={a.app_id} selected={v.appId === a.app_id}>
                    {a.name} ({a.platform === 'ussd' ? 'USSD service' : (PLATFORM_LABEL[a.platform] ?? a.platform)})
                  </option>
                ))}
              </select>
            </label>
          ) : null}
        </fieldset>
        <button type="submit">Record the result</button>
      </form>
    </div>
  );
}

function CatalogSection(o: RowPageData): SafeHtml {
  const item = o.detail.item;
  return (
    <section aria-labelledby="catalog-h">
      <h2 id="catalog-h">What to test</h2>
      {item ? (
        <>
          <h3>Requirement</h3>
          <p>{item.statement}</p>
          <h3>How to test</h3>
          {item.howToTest ? <HowToTest text={item.howToTest} /> : <p class="muted">The catalog gives no manual steps: the scans test it.</p>}
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
        <p class="muted">The catalog no longer has {o.detail.row.item_id}; the row keeps its title.</p>
      )}
    </section>
  );
}

/** An automated row: the covering checks, the linked scans that ran them and the findings they saw. */
function AutomatedSection(o: RowPageData): SafeHtml | null {
  const { row } = o.detail;
  if (row.mode !== 'automated') return null;
  return (
    <section aria-labelledby="scans-h">
      <h2 id="scans-h">Scans and findings</h2>
      <p>
        Checks on the channels in scope:{' '}
        {row.checks.length === 0 ? (
          <span class="muted">none</span>
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
          <caption class="muted">Linked scans that ran its checks</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">App</th>
              <th scope="col">Version</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {o.scans.length === 0 ? (
              <tr>
                <td colspan="4" class="muted">
                  No linked scan has run its checks yet.
                </td>
              </tr>
            ) : (
              o.scans.map((s) => (
                <tr>
                  <td>{o.sameOrg ? <a href={`/scans/${s.scan_id}`}><When d={s.created_at} /></a> : <When d={s.created_at} />}</td>
                  <td>{s.app_name}</td>
                  <td>{versionOf(s) || <span class="muted">{s.kind === 'ussd' ? 'live run' : '–'}</span>}</td>
                  <td>
                    <ScanStatus status={s.status} />
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </TableWrap>
      <FindingsTable findings={row.findings} sameOrg={o.sameOrg} />
    </section>
  );
}

function FindingsTable(p: { findings: RowFinding[]; sameOrg: boolean }): SafeHtml {
  return (
    <TableWrap>
      <table>
        <caption class="muted">Findings of its checks in the linked scans</caption>
        <thead>
          <tr>
            <th scope="col">Finding</th>
            <th scope="col">Check</th>
            <th scope="col">Severity</th>
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
                  <FindingLink id={f.id} title={f.title} sameOrg={p.sameOrg} />
                </td>
                <td>
                  <CheckId id={f.check_id} />
                </td>
                <td>
                  <SeverityBadge severity={f.severity} />
                </td>
                <td>
                  <span class="status">{STATUS_LABEL[f.status as FindingStatus] ?? f.status}</span>
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </TableWrap>
  );
}

function EvidenceRow(p: { e: EvidenceFile; engagementId: string }): SafeHtml {
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
      <td>{e.uploaded_by_name ?? <span class="muted">a former user</span>}</td>
      <td>
        <When d={e.uploaded_at} />
      </td>
    </tr>
  );
}

function EvidenceSection(o: RowPageData): SafeHtml {
  const { row, evidence } = o.detail;
  const csrfQuery = `?_csrf=${encodeURIComponent(o.csrf ?? '')}`;
  return (
    <section aria-labelledby="evidence-h">
      <h2 id="evidence-h">Evidence</h2>
      <TableWrap>
        <table>
          <caption class="muted">Files attached to this test, oldest first; a download is refused if the file no longer matches its SHA-256</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Size</th>
              <th scope="col">SHA-256 (start)</th>
              <th scope="col">Uploaded by</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {evidence.length === 0 ? (
              <tr>
                <td colspan="5" class="muted">
                  No evidence yet.
                </td>
              </tr>
            ) : (
              evidence.map((e) => <EvidenceRow e={e} engagementId={o.engagement.id} />)
            )}
          </tbody>
        </table>
      </TableWrap>
      {o.forms ? (
        <div class="card">
          <h3>Attach evidence</h3>
          <ErrorAt error={o.error} at="evidence" />
          {/* Multipart bodies are streamed to disk by the handler, so the CSRF token travels in the URL. */}
          <form class="stack" method="post" action={`/engagements/${o.engagement.id}/rows/${row.id}/evidence${csrfQuery}`} enctype="multipart/form-data">
            <CsrfField csrf={o.csrf} />
            <label>
              Evidence files
              <input type="file" name="file" multiple required aria-describedby="evidence-help" />
            </label>
            <p id="evidence-help" class="muted">
              Screenshots, traffic captures, documents; one or more files of at most {formatBytes(o.forms.maxEvidenceBytes)} each. Their SHA-256 is kept and checked on every download.
            </p>
            <button type="submit">Attach the files</button>
          </form>
        </div>
      ) : null}
    </section>
  );
}

function CommentsSection(o: RowPageData): SafeHtml {
  return (
    <section aria-labelledby="comments-h">
      <h2 id="comments-h">Review comments</h2>
      {o.comments.length === 0 ? (
        <p class="muted">No review comment on this test.</p>
      ) : (
        <ol class="history">
          {o.comments.map((c) => (
            <li>
              <When d={c.at} /> · {c.user_name} <span class="muted">({c.user_org_name}, round {c.round})</span>
              <p class="comment">{c.body}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function engagementRowPage(o: RowPageData): string {
  const e = o.engagement;
  const { row } = o.detail;
  // A refusal whose form is not on the page (a result posted to an automated row, or in a phase without testing).
  const unplacedError = o.error && !o.forms ? o.error.message : undefined;
  return page(
    { title: `${row.item_id} · ${row.title}`, actor: o.actor, csrf: o.csrf, nav: 'engagements' },
    <>
      <p>
        <a href={`/engagements/${e.id}#plan-h`}>Back to {e.title}</a>
        <span class="muted">
          {' '}
          · {row.mode === 'manual' ? 'Manual test' : 'Automated test'} · {PHASE_LABEL[e.phase]}
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
