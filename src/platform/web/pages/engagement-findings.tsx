/**
 * @module platform/web/pages/engagement-findings
 * Findings and remediation of an engagement: the list of its findings with their remediation state (the
 * provider's portal for a delivered audit, and the lab's view of the remediation loop), and one finding's page
 * with the whole history of the provider's answers, their evidence files, and the forms the caller may send
 * now: the provider's answer, or the lab's retest verdict. The route decides which forms are offered (its
 * data is absent otherwise), from the same rules the services enforce; the services decide what is listed (a
 * provider representative gets the released findings and none of the lab's internal notes).
 *
 * In the reader's language (`lang`, English by default): the finding titles, the provider's plans, the retest
 * notes and the services' messages stay as written.
 */
import type { Engagement } from '../../services/engagements.js';
import { MAX_PLAN, MAX_RETEST_NOTE, type EngagementFinding, type LatestResponse, type RemediationResponse } from '../../services/remediation.js';
import { formatBytes } from '../../services/uploads.js';
import type { Actor } from '../../types.js';
import { CheckId, Day, SeverityBadge, TableWrap, When } from '../components.js';
import { fill, translator, type Lang, type Translate } from '../i18n.js';
import { Fragment, h, type SafeHtml } from '../jsx.js';
import { CsrfField, page } from '../layout.js';
import { phaseName } from './engagement-sections.js';
import { StatusText } from './findings.js';

/** Where a finding came from, in words (an unknown source as it is). */
function sourceName(t: Translate, source: string): string {
  switch (source) {
    case 'scan':
      return t('Scan');
    case 'manual':
      return t('Manual test');
    default:
      return source;
  }
}

/** "3 evidence files", in the page's language. */
const evidenceFiles = (t: Translate, n: number): string => (n === 1 ? t('{n} evidence file', { n }) : t('{n} evidence files', { n }));

/** How much of a plan the list shows; the finding's page shows it whole. */
const PLAN_PREVIEW = 200;

export const findingsHref = (engagementId: string): string => `/engagements/${engagementId}/findings`;
export const findingHref = (engagementId: string, findingId: string): string => `/engagements/${engagementId}/findings/${findingId}`;

/** Where the finding's page is from: the engagement, its findings. */
function Trail(p: { engagement: Engagement; finding?: boolean; t: Translate }): SafeHtml {
  const { t } = p;
  const e = p.engagement;
  return (
    <p class="muted">
      <a href={`/engagements/${e.id}`}>{e.title}</a> · {e.provider_name} · {phaseName(t, e.phase)}
      {p.finding ? (
        <>
          {' '}
          · <a href={findingsHref(e.id)}>{t('All findings of the engagement')}</a>
        </>
      ) : null}
    </p>
  );
}

/** The due date, with "overdue" in words (and "not released" for the lab, before the provider sees it). */
function DueCell(p: { f: EngagementFinding; t: Translate }): SafeHtml {
  const { f, t } = p;
  if (!f.released_at) return <span class="muted">{t('not released to the provider')}</span>;
  return (
    <>
      {f.due_at ? <Day d={f.due_at} /> : <span class="muted">{t('no due date')}</span>}
      {f.overdue ? <strong class="error"> ({t('overdue')})</strong> : null}
    </>
  );
}

/** The provider's latest answer in a few words: the claim, the target date, the plan's start, who and when. */
function LatestAnswer(p: { r: LatestResponse | null; count: number; t: Translate }): SafeHtml {
  const { r, t } = p;
  if (!r) return <span class="muted">{t('No answer yet')}</span>;
  const plan = r.plan.length > PLAN_PREVIEW ? `${r.plan.slice(0, PLAN_PREVIEW)}…` : r.plan;
  return (
    <>
      {r.fixed ? <strong class="status">{t('Reported fixed')}</strong> : <span class="status">{t('Plan')}</span>}
      {r.target_date ? (
        <>
          {' '}
          · {fill(t('target {date}'), { date: <time datetime={r.target_date}>{r.target_date}</time> })}
        </>
      ) : null}
      {r.evidence ? ` · ${evidenceFiles(t, r.evidence)}` : null}
      <p class="comment">{plan}</p>
      <span class="muted">
        {r.user_name ?? t('a former representative')}, <When d={r.at} />
        {p.count > 1 ? ` · ${t('{n} answers in all', { n: p.count })}` : null}
      </span>
    </>
  );
}

export interface EngagementFindingsPageData {
  actor: Actor;
  csrf?: string | undefined;
  /** The reader's language (`req.lang`); English when not given. */
  lang?: Lang | undefined;
  engagement: Engagement;
  findings: EngagementFinding[];
  /** A tester of the engagement in a phase where retests are recorded (the page says how). */
  tester: boolean;
}

export function engagementFindingsPage(o: EngagementFindingsPageData): string {
  const t = translator(o.lang);
  const e = o.engagement;
  const rep = o.actor.role === 'provider';
  const overdue = o.findings.filter((f) => f.overdue).length;
  const answered = o.findings.filter((f) => f.response).length;
  const n = o.findings.length;
  const counts = { n, answered };
  return page(
    { title: t('Findings of {title}', { title: e.title }), actor: o.actor, csrf: o.csrf, nav: 'engagements', lang: o.lang ?? 'en', path: findingsHref(e.id) },
    <>
      <Trail engagement={e} t={t} />
      <p id="findings-summary">
        {n === 1 ? t('{n} finding, {answered} answered by the provider', counts) : t('{n} findings, {answered} answered by the provider', counts)}
        {overdue ? (
          <>
            ;{' '}
            {fill(t("{overdue} (unresolved past the due date or the provider's target date)"), {
              overdue: <strong class="error">{t('{n} overdue', { n: overdue })}</strong>,
            })}
          </>
        ) : (
          `; ${t('none overdue')}`
        )}
        .
      </p>
      {rep ? (
        <p class="muted">{t('Open a finding to answer it: your remediation plan, the date you aim for, and once it is done, that it is fixed, with evidence files.')}</p>
      ) : null}
      {o.tester ? <RetestHint engagementId={e.id} t={t} /> : null}
      <TableWrap>
        <table>
          <caption class="muted">{rep ? t('The findings of this audit released to you, most severe first') : t('The findings of this engagement, most severe first')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('Finding')}</th>
              <th scope="col">{t('Severity')}</th>
              <th scope="col">{t('App')}</th>
              <th scope="col">{t('Source')}</th>
              <th scope="col">{t('Status')}</th>
              <th scope="col">{t('Due')}</th>
              <th scope="col">{rep ? t('Your latest answer') : t("The provider's latest answer")}</th>
            </tr>
          </thead>
          <tbody>
            {o.findings.length === 0 ? (
              <tr>
                <td colspan="7" class="muted">
                  {rep ? t('No finding of this audit was released to you.') : t('No finding yet.')}
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
                    <SeverityBadge severity={f.severity} t={t} />
                  </td>
                  <td>{f.app_name}</td>
                  <td>{sourceName(t, f.source)}</td>
                  <td>
                    <StatusText status={f.status} overdue={f.overdue} t={t} />
                  </td>
                  <td>
                    <DueCell f={f} t={t} />
                  </td>
                  <td>
                    <LatestAnswer r={f.response} count={f.responses} t={t} />
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
function RetestHint(p: { engagementId: string; t: Translate }): SafeHtml {
  const { t } = p;
  return (
    <p class="notice">
      {fill(
        t(
          "A scan of a new version of the app, {linked}, retests the findings that came from scans: those it no longer sees become fixed, and those that come back are reopened. Record a retest verdict on a finding's page for what a rescan cannot tell (a fix on the server, a manual test).",
        ),
        { linked: <a href={`/engagements/${p.engagementId}#testing-h`}>{t('linked to the engagement from its page')}</a> },
      )}
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
  /** The reader's language (`req.lang`); English when not given. */
  lang?: Lang | undefined;
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

function EvidenceList(p: { engagementId: string; files: RemediationResponse['evidence']; t: Translate }): SafeHtml | null {
  if (p.files.length === 0) return null;
  return (
    <ul>
      {p.files.map((f) => (
        <li>
          <a href={`/api/v1/engagements/${p.engagementId}/evidence/${f.id}`} download={f.file_name}>
            {f.file_name}
          </a>{' '}
          <span class="muted">
            ({formatBytes(f.size)}, {fill(p.t('SHA-256 {sha256}'), { sha256: <code>{f.sha256}</code> })})
          </span>
        </li>
      ))}
    </ul>
  );
}

function AnswerForm(o: EngagementFindingPageData): SafeHtml | null {
  const a = o.answer;
  if (!a) return null;
  const t = translator(o.lang);
  const v = a.values ?? {};
  const action = `${findingHref(o.engagement.id, o.finding.id)}/responses?_csrf=${encodeURIComponent(o.csrf ?? '')}`;
  return (
    <section aria-labelledby="answer-h" class="card">
      <h2 id="answer-h">{t('Answer this finding')}</h2>
      <ErrorAt error={o.error} at="answer" />
      {/* Multipart bodies are streamed to disk by the handler, so the CSRF token travels in the URL. */}
      <form class="stack" method="post" action={action} enctype="multipart/form-data">
        <CsrfField csrf={o.csrf} />
        <label>
          {t('Remediation plan')}
          <textarea name="plan" required maxlength={String(MAX_PLAN)} rows="5" aria-describedby="plan-help">
            {v.plan ?? ''}
          </textarea>
        </label>
        <p id="plan-help" class="muted">
          {t('What you change, and in which version or release. At most {n} characters.', { n: MAX_PLAN })}
        </p>
        <label>
          {t('Target date')}
          <input type="date" name="targetDate" min={a.today} value={v.targetDate ?? ''} aria-describedby="target-help" />
        </label>
        <p id="target-help" class="muted">
          {t('When the fix will be in production: today ({today}) or later. Leave it empty once it is done. Past this date an unresolved finding is overdue.', { today: a.today })}
        </p>
        <label>
          <input type="checkbox" name="fixed" value="on" checked={v.fixed === true} /> {t('It is fixed: the lab may retest it')}
        </label>
        <label>
          {t('Evidence files')}
          <input type="file" name="file" multiple aria-describedby="evidence-help" />
        </label>
        <p id="evidence-help" class="muted">
          {t('Optional: screenshots, release notes, a test report. Each at most {size}; they are kept with their SHA-256.', { size: formatBytes(a.maxEvidenceBytes) })}
        </p>
        <button type="submit">{t('Send the answer')}</button>
      </form>
    </section>
  );
}

function RetestForm(o: EngagementFindingPageData): SafeHtml | null {
  const r = o.retest;
  if (!r) return null;
  const t = translator(o.lang);
  const v = r.values ?? {};
  return (
    <section aria-labelledby="retest-h" class="card">
      <h2 id="retest-h">{t('Record a retest')}</h2>
      <RetestHint engagementId={o.engagement.id} t={t} />
      {o.finding.status === 'false_positive' || o.finding.status === 'accepted' ? (
        <p class="muted">{t('This finding is a decision of the lab, not a fix to verify: reopen it in triage before recording a retest.')}</p>
      ) : null}
      <ErrorAt error={o.error} at="retest" />
      <form class="stack" method="post" action={`${findingHref(o.engagement.id, o.finding.id)}/retest`}>
        <CsrfField csrf={o.csrf} />
        <fieldset>
          <legend>{t('Outcome')}</legend>
          <label>
            <input type="radio" name="outcome" value="fixed" required checked={v.outcome === 'fixed'} /> {t('Fixed')}
          </label>
          <label>
            <input type="radio" name="outcome" value="not_fixed" checked={v.outcome === 'not_fixed'} /> {t('Not fixed: back with the provider')}
          </label>
        </fieldset>
        <label>
          {t('What the retest checked')}
          <textarea name="note" required maxlength={String(MAX_RETEST_NOTE)} rows="4">
            {v.note ?? ''}
          </textarea>
        </label>
        <button type="submit">{t('Record the retest')}</button>
      </form>
    </section>
  );
}

export function engagementFindingPage(o: EngagementFindingPageData): string {
  const t = translator(o.lang);
  const e = o.engagement;
  const f = o.finding;
  // A refusal whose form is not on the page (the phase changed meanwhile) is shown at the top.
  const unplaced = o.error && !((o.error.at === 'answer' && o.answer) || (o.error.at === 'retest' && o.retest)) ? o.error : undefined;
  return page(
    { title: f.title, actor: o.actor, csrf: o.csrf, nav: 'engagements', lang: o.lang ?? 'en', path: findingHref(e.id, f.id) },
    <>
      <Trail engagement={e} finding={true} t={t} />
      <p>
        <SeverityBadge severity={f.severity} t={t} /> <StatusText status={f.status} overdue={f.overdue} t={t} /> · {f.app_name} · {sourceName(t, f.source)}
      </p>
      <ErrorAt error={unplaced} />
      <div class="card">
        <dl>
          <dt>{t('Check')}</dt>
          <dd>
            <CheckId id={f.check_id} />
          </dd>
          <dt>{t('Released to the provider')}</dt>
          <dd>{f.released_at ? <Day d={f.released_at} /> : <span class="muted">{t('not yet')}</span>}</dd>
          <dt>{t('Due')}</dt>
          <dd>
            <DueCell f={f} t={t} />
          </dd>
          {f.reason ? (
            <>
              <dt>{t("The lab's triage reason")}</dt>
              <dd>{f.reason}</dd>
            </>
          ) : null}
        </dl>
        {o.sameOrg ? (
          <p>
            <a href={`/findings/${f.id}`}>{t('What was found, where, and how to fix it')}</a>
          </p>
        ) : null}
      </div>
      <section aria-labelledby="answers-h">
        <h2 id="answers-h">{t("The provider's answers")}</h2>
        {o.responses.length === 0 ? (
          <p class="muted">{t('No answer yet.')}</p>
        ) : (
          <ol class="history">
            {o.responses.map((r) => (
              <li>
                <When d={r.at} /> · {r.user_name ?? t('a former representative')}:{' '}
                {r.fixed ? <strong class="status">{t('reported it fixed')}</strong> : <span class="status">{t('sent a plan')}</span>}
                {r.target_date ? (
                  <>
                    {' '}
                    · {fill(t('target date {date}'), { date: <time datetime={r.target_date}>{r.target_date}</time> })}
                  </>
                ) : null}
                {' · '}
                {r.evidence.length ? evidenceFiles(t, r.evidence.length) : t('no evidence file')}
                <p class="comment">{r.plan}</p>
                <EvidenceList engagementId={e.id} files={r.evidence} t={t} />
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
