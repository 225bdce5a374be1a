/**
 * @module platform/web/pages/engagement-findings
 * Findings and remediation of an engagement: the list of its findings with their remediation state (the
 * provider's portal for a delivered audit, and the lab's view of the remediation loop), and one finding's page
 * with the whole history of the provider's answers, their evidence files, and the forms the caller may send
 * now: the provider's answer, or the lab's retest verdict. The route decides which forms are offered (its
 * data is absent otherwise), from the same rules the services enforce; the services decide what is listed (a
 * provider representative gets the released findings and none of the lab's internal notes).
 */
import { PHASE_LABEL, type Engagement } from '../../services/engagements.js';
import { MAX_PLAN, MAX_RETEST_NOTE, type EngagementFinding, type LatestResponse, type RemediationResponse } from '../../services/remediation.js';
import { formatBytes } from '../../services/uploads.js';
import type { Actor } from '../../types.js';
import { CheckId, Day, SeverityBadge, TableWrap, When } from '../components.js';
import { Fragment, h, type SafeHtml } from '../jsx.js';
import { CsrfField, page } from '../layout.js';
import { StatusText } from './findings.js';

const SOURCE_LABEL: Readonly<Record<EngagementFinding['source'], string>> = { scan: 'Scan', manual: 'Manual test' };

/** How much of a plan the list shows; the finding's page shows it whole. */
const PLAN_PREVIEW = 200;

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export const findingsHref = (engagementId: string): string => `/engagements/${engagementId}/findings`;
export const findingHref = (engagementId: string, findingId: string): string => `/engagements/${engagementId}/findings/${findingId}`;

/** Where the finding's page is from: the engagement, its findings. */
function Trail(p: { engagement: Engagement; finding?: boolean }): SafeHtml {
  const e = p.engagement;
  return (
    <p class="muted">
      <a href={`/engagements/${e.id}`}>{e.title}</a> · {e.provider_name} · {PHASE_LABEL[e.phase]}
      {p.finding ? (
        <>
          {' '}
          · <a href={findingsHref(e.id)}>All findings of the engagement</a>
        </>
      ) : null}
    </p>
  );
}

/** The due date, with "overdue" in words (and "not released" for the lab, before the provider sees it). */
function DueCell(p: { f: EngagementFinding }): SafeHtml {
  const f = p.f;
  if (!f.released_at) return <span class="muted">not released to the provider</span>;
  return (
    <>
      {f.due_at ? <Day d={f.due_at} /> : <span class="muted">no due date</span>}
      {f.overdue ? <strong class="error"> (overdue)</strong> : null}
    </>
  );
}

/** The provider's latest answer in a few words: the claim, the target date, the plan's start, who and when. */
function LatestAnswer(p: { r: LatestResponse | null; count: number }): SafeHtml {
  const r = p.r;
  if (!r) return <span class="muted">No answer yet</span>;
  const plan = r.plan.length > PLAN_PREVIEW ? `${r.plan.slice(0, PLAN_PREVIEW)}…` : r.plan;
  return (
    <>
      {r.fixed ? <strong class="status">Reported fixed</strong> : <span class="status">Plan</span>}
      {r.target_date ? (
        <>
          {' '}
          · target <time datetime={r.target_date}>{r.target_date}</time>
        </>
      ) : null}
      {r.evidence ? ` · ${plural(r.evidence, 'evidence file')}` : null}
      <p class="comment">{plan}</p>
      <span class="muted">
        {r.user_name ?? 'a former representative'}, <When d={r.at} />
        {p.count > 1 ? ` · ${plural(p.count, 'answer')} in all` : null}
      </span>
    </>
  );
}

export interface EngagementFindingsPageData {
  actor: Actor;
  csrf?: string | undefined;
  engagement: Engagement;
  findings: EngagementFinding[];
  /** A tester of the engagement in a phase where retests are recorded (the page says how). */
  tester: boolean;
}

export function engagementFindingsPage(o: EngagementFindingsPageData): string {
  const e = o.engagement;
  const rep = o.actor.role === 'provider';
  const overdue = o.findings.filter((f) => f.overdue).length;
  const answered = o.findings.filter((f) => f.response).length;
  return page(
    { title: `Findings of ${e.title}`, actor: o.actor, csrf: o.csrf, nav: 'engagements' },
    <>
      <Trail engagement={e} />
      <p id="findings-summary">
        {plural(o.findings.length, 'finding')}, {answered} answered by the provider
        {overdue ? (
          <>
            ; <strong class="error">{overdue} overdue</strong> (unresolved past the due date or the provider's target date)
          </>
        ) : (
          '; none overdue'
        )}
        .
      </p>
      {rep ? (
        <p class="muted">Open a finding to answer it: your remediation plan, the date you aim for, and once it is done, that it is fixed, with evidence files.</p>
      ) : null}
      {o.tester ? <RetestHint engagementId={e.id} /> : null}
      <TableWrap>
        <table>
          <caption class="muted">{rep ? 'The findings of this audit released to you, most severe first' : 'The findings of this engagement, most severe first'}</caption>
          <thead>
            <tr>
              <th scope="col">Finding</th>
              <th scope="col">Severity</th>
              <th scope="col">App</th>
              <th scope="col">Source</th>
              <th scope="col">Status</th>
              <th scope="col">Due</th>
              <th scope="col">{rep ? 'Your latest answer' : "The provider's latest answer"}</th>
            </tr>
          </thead>
          <tbody>
            {o.findings.length === 0 ? (
              <tr>
                <td colspan="7" class="muted">
                  {rep ? 'No finding of this audit was released to you.' : 'No finding yet.'}
                </td>
              </tr>
            ) : (
              o.findings.map((f) => (
                <tr>
                  <td>
                    <a href={findingHref(e.id, f.id)}>{f.title}</a>
                    <br />
                    <CheckId id={f.check_id} class="muted" />
                  </td>
                  <td>
                    <SeverityBadge severity={f.severity} />
                  </td>
                  <td>{f.app_name}</td>
                  <td>{SOURCE_LABEL[f.source] ?? f.source}</td>
                  <td>
                    <StatusText status={f.status} overdue={f.overdue} />
                  </td>
                  <td>
                    <DueCell f={f} />
                  </td>
                  <td>
                    <LatestAnswer r={f.response} count={f.responses} />
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </TableWrap>
    </>,
  );
}

/** How the lab retests: a rescan for what came from scans, a verdict for what a rescan cannot tell. */
function RetestHint(p: { engagementId: string }): SafeHtml {
  return (
    <p class="notice">
      A scan of a new version of the app, <a href={`/engagements/${p.engagementId}#testing-h`}>linked to the engagement from its page</a>, retests the findings
      that came from scans: those it no longer sees become fixed, and those that come back are reopened. Record a retest verdict on a finding's page for what a
      rescan cannot tell (a fix on the server, a manual test).
    </p>
  );
}

/** Where a refused form's message goes. */
export interface FindingFormError {
  at: 'answer' | 'retest';
  message: string;
}

/** What the answer form was sent with, to fill it again after a refusal (the files cannot be). */
export interface AnswerValues {
  plan?: string | undefined;
  targetDate?: string | undefined;
  fixed?: boolean | undefined;
}

export interface RetestValues {
  outcome?: string | undefined;
  note?: string | undefined;
}

export interface EngagementFindingPageData {
  actor: Actor;
  csrf?: string | undefined;
  engagement: Engagement;
  /** The caller belongs to the lab that runs the engagement (the finding's own page is theirs to open). */
  sameOrg: boolean;
  finding: EngagementFinding;
  /** The provider's answers, oldest first. */
  responses: RemediationResponse[];
  /** A provider representative in a phase where answers are taken: the answer form. */
  answer?: { today: string; maxEvidenceBytes: number; values?: AnswerValues | undefined } | undefined;
  /** A tester of the engagement in a phase where retests are recorded: the retest form. */
  retest?: { values?: RetestValues | undefined } | undefined;
  /** Why a form the caller would otherwise have is not offered now (the phase). */
  formsNote?: string | undefined;
  error?: FindingFormError | undefined;
}

function ErrorAt(p: { error: FindingFormError | undefined; at?: FindingFormError['at'] }): SafeHtml | null {
  if (!p.error || (p.at !== undefined && p.error.at !== p.at)) return null;
  return (
    <p class="error" role="alert">
      {p.error.message}
    </p>
  );
}

function EvidenceList(p: { engagementId: string; files: RemediationResponse['evidence'] }): SafeHtml | null {
  if (p.files.length === 0) return null;
  return (
    <ul>
      {p.files.map((f) => (
        <li>
          <a href={`/api/v1/engagements/${p.engagementId}/evidence/${f.id}`} download={f.file_name}>
            {f.file_name}
          </a>{' '}
          <span class="muted">
            ({formatBytes(f.size)}, SHA-256 <code>{f.sha256}</code>)
          </span>
        </li>
      ))}
    </ul>
  );
}

function AnswerForm(o: EngagementFindingPageData): SafeHtml | null {
  const a = o.answer;
  if (!a) return null;
  const v = a.values ?? {};
  const action = `${findingHref(o.engagement.id, o.finding.id)}/responses?_csrf=${encodeURIComponent(o.csrf ?? '')}`;
  return (
    <section aria-labelledby="answer-h" class="card">
      <h2 id="answer-h">Answer this finding</h2>
      <ErrorAt error={o.error} at="answer" />
      {/* Multipart bodies are streamed to disk by the handler, so the CSRF token travels in the URL. */}
      <form class="stack" method="post" action={action} enctype="multipart/form-data">
        <CsrfField csrf={o.csrf} />
        <label>
          Remediation plan
          <textarea name="plan" required maxlength={String(MAX_PLAN)} rows="5" aria-describedby="plan-help">
            {v.plan ?? ''}
          </textarea>
        </label>
        <p id="plan-help" class="muted">
          What you change, and in which version or release. At most {MAX_PLAN} characters.
        </p>
        <label>
          Target date
          <input type="date" name="targetDate" min={a.today} value={v.targetDate ?? ''} aria-describedby="target-help" />
        </label>
        <p id="target-help" class="muted">
          When the fix will be in production: today ({a.today}) or later. Leave it empty once it is done. Past this date an unresolved finding is overdue.
        </p>
        <label>
          <input type="checkbox" name="fixed" value="on" checked={v.fixed === true} /> It is fixed: the lab may retest it
        </label>
        <label>
          Evidence files
          <input type="file" name="file" multiple aria-describedby="evidence-help" />
        </label>
        <p id="evidence-help" class="muted">
          Optional: screenshots, release notes, a test report. Each at most {formatBytes(a.maxEvidenceBytes)}; they are kept with their SHA-256.
        </p>
        <button type="submit">Send the answer</button>
      </form>
    </section>
  );
}

function RetestForm(o: EngagementFindingPageData): SafeHtml | null {
  const r = o.retest;
  if (!r) return null;
  const v = r.values ?? {};
  return (
    <section aria-labelledby="retest-h" class="card">
      <h2 id="retest-h">Record a retest</h2>
      <RetestHint engagementId={o.engagement.id} />
      {o.finding.status === 'false_positive' || o.finding.status === 'accepted' ? (
        <p class="muted">This finding is a decision of the lab, not a fix to verify: reopen it in triage before recording a retest.</p>
      ) : null}
      <ErrorAt error={o.error} at="retest" />
      <form class="stack" method="post" action={`${findingHref(o.engagement.id, o.finding.id)}/retest`}>
        <CsrfField csrf={o.csrf} />
        <fieldset>
          <legend>Outcome</legend>
          <label>
            <input type="radio" name="outcome" value="fixed" required checked={v.outcome === 'fixed'} /> Fixed
          </label>
          <label>
            <input type="radio" name="outcome" value="not_fixed" checked={v.outcome === 'not_fixed'} /> Not fixed: back with the provider
          </label>
        </fieldset>
        <label>
          What the retest checked
          <textarea name="note" required maxlength={String(MAX_RETEST_NOTE)} rows="4">
            {v.note ?? ''}
          </textarea>
        </label>
        <button type="submit">Record the retest</button>
      </form>
    </section>
  );
}

export function engagementFindingPage(o: EngagementFindingPageData): string {
  const e = o.engagement;
  const f = o.finding;
  // A refusal whose form is not on the page (the phase changed meanwhile) is shown at the top.
  const unplaced = o.error && !((o.error.at === 'answer' && o.answer) || (o.error.at === 'retest' && o.retest)) ? o.error : undefined;
  return page(
    { title: f.title, actor: o.actor, csrf: o.csrf, nav: 'engagements' },
    <>
      <Trail engagement={e} finding={true} />
      <p>
        <SeverityBadge severity={f.severity} /> <StatusText status={f.status} overdue={f.overdue} /> · {f.app_name} · {SOURCE_LABEL[f.source] ?? f.source}
      </p>
      <ErrorAt error={unplaced} />
      <div class="card">
        <dl>
          <dt>Check</dt>
          <dd>
            <CheckId id={f.check_id} />
          </dd>
          <dt>Released to the provider</dt>
          <dd>{f.released_at ? <Day d={f.released_at} /> : <span class="muted">not yet</span>}</dd>
          <dt>Due</dt>
          <dd>
            <DueCell f={f} />
          </dd>
          {f.reason ? (
            <>
              <dt>The lab's triage reason</dt>
              <dd>{f.reason}</dd>
            </>
          ) : null}
        </dl>
        {o.sameOrg ? (
          <p>
            <a href={`/findings/${f.id}`}>What was found, where, and how to fix it</a>
          </p>
        ) : null}
      </div>
      <section aria-labelledby="answers-h">
        <h2 id="answers-h">The provider's answers</h2>
        {o.responses.length === 0 ? (
          <p class="muted">No answer yet.</p>
        ) : (
          <ol class="history">
            {o.responses.map((r) => (
              <li>
                <When d={r.at} /> · {r.user_name ?? 'a former representative'}:{' '}
                {r.fixed ? <strong class="status">reported it fixed</strong> : <span class="status">sent a plan</span>}
                {r.target_date ? (
                  <>
                    {' '}
                    · target date <time datetime={r.target_date}>{r.target_date}</time>
                  </>
                ) : null}
                {' · '}
                {r.evidence.length ? plural(r.evidence.length, 'evidence file') : 'no evidence file'}
                <p class="comment">{r.plan}</p>
                <EvidenceList engagementId={e.id} files={r.evidence} />
              </li>
            ))}
          </ol>
        )}
      </section>
      {o.formsNote ? <p class="muted">{o.formsNote}</p> : null}
      <AnswerForm {...o} />
      <RetestForm {...o} />
    </>,
  );
}
