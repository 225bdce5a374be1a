/**
 * @module platform/web/pages/engagement-review
 * The review page of an engagement: where the current round stands (its number, the approvals it has against
 * those delivery needs), every round's decisions (a withdrawn approval stays, marked withdrawn with its reason),
 * the comment thread with what each comment is about (the engagement, a plan row, a finding), and the forms the
 * caller may use: a comment, and a reviewer's decision. The route decides which forms the caller sees from the
 * services' own rules; this page only draws what it is given. In the reader's language (`lang`, English by
 * default); the comments, the decisions' notes and the services' messages stay as written.
 */
import type { Engagement, Member } from '../../services/engagements.js';
import { MAX_COMMENT, type ReviewComment, type ReviewDecision, type ReviewState } from '../../services/review.js';
import type { Actor } from '../../types.js';
import { SeverityBadge, severityName, When } from '../components.js';
import { fill, translator, type Lang, type Translate } from '../i18n.js';
import { Fragment, h, type SafeHtml } from '../jsx.js';
import { CsrfField, page } from '../layout.js';
import { PhaseBadge } from './engagement-sections.js';

/** A plan row as a comment target: its id, catalog item and title. */
export interface ReviewRow {
  id: string;
  item_id: string;
  title: string;
}

/** A finding of the engagement as a comment target. */
export interface ReviewFinding {
  id: string;
  title: string;
  severity: string;
  app_name: string;
}

/** Which form a refusal answers, and what that form was sent with (shown again so nothing typed is lost). */
export interface ReviewPageError {
  at: 'comment' | 'decision';
  message: string;
}

export interface ReviewFormValues {
  /** The comment form's target: `engagement`, `row:<id>` or `finding:<id>`. */
  about?: string | undefined;
  body?: string | undefined;
  /** The decision form that was sent (`approve` or `request_changes`). */
  decision?: string | undefined;
}

export interface ReviewPageData {
  actor: Actor;
  csrf?: string | undefined;
  /** The reader's language (`req.lang`); English when not given. */
  lang?: Lang | undefined;
  engagement: Engagement;
  review: ReviewState;
  /** The engagement's reviewers (the team members with the reviewer role). */
  reviewers: Member[];
  rows: ReviewRow[];
  findings: ReviewFinding[];
  /** The caller is of the team or a reviewer, in a phase where comments are taken. */
  canComment: boolean;
  /** The caller is a reviewer of the engagement, and it is in review. */
  canDecide: boolean;
  /** The report can be downloaded (from the reporting phase on). */
  reportLink: boolean;
  error?: ReviewPageError | undefined;
  values?: ReviewFormValues | undefined;
}

/** A reviewer's decision in words (an unknown one as it is). */
function decisionName(t: Translate, decision: string): string {
  switch (decision) {
    case 'approve':
      return t('Approved');
    case 'request_changes':
      return t('Changes requested');
    default:
      return decision;
  }
}

/** The name of a person, with their organisation when it is not the lab that runs the engagement. */
function Who(p: { name: string; org: string; lab: string }): SafeHtml {
  return (
    <>
      <strong>{p.name}</strong>
      {p.org !== p.lab ? <span class="muted"> ({p.org})</span> : null}
    </>
  );
}

function ErrorFor(p: { error: ReviewPageError | undefined; at: ReviewPageError['at'] }): SafeHtml | null {
  if (!p.error || p.error.at !== p.at) return null;
  return (
    <p class="error" role="alert">
      {p.error.message}
    </p>
  );
}

/** What a comment is about, in words, with a link to the plan row's page. */
function CommentTarget(p: { c: ReviewComment; o: ReviewPageData; t: Translate }): SafeHtml {
  const { c, o, t } = p;
  if (c.target_type === 'row') {
    const row = o.rows.find((r) => r.id === c.target_id);
    if (!row) return <span class="muted">{t('a plan row no longer in the plan')}</span>;
    return (
      <>
        {fill(t('plan row {row}'), {
          row: (
            <a href={`/engagements/${o.engagement.id}/rows/${row.id}`}>
              <code>{row.item_id}</code> {row.title}
            </a>
          ),
        })}
      </>
    );
  }
  if (c.target_type === 'finding') {
    const f = o.findings.find((x) => x.id === c.target_id);
    if (!f) return <span class="muted">{t('a finding no longer linked to the engagement')}</span>;
    return (
      <>
        {fill(t('finding {severity} {title}'), { severity: <SeverityBadge severity={f.severity} t={t} />, title: <strong>{f.title}</strong> })}{' '}
        <span class="muted">({f.app_name})</span>
      </>
    );
  }
  return <>{t('the engagement')}</>;
}

function DecisionItem(p: { d: ReviewDecision; lab: string; t: Translate }): SafeHtml {
  const { d, t } = p;
  const withdrawn = d.withdrawn_at !== null;
  return (
    <li id={`decision-${d.id}`}>
      <When d={d.at} /> · <Who name={d.user_name} org={d.user_org_name} lab={p.lab} />:{' '}
      <span class="status">{decisionName(t, d.decision)}</span>
      {withdrawn ? (
        <>
          {' '}
          <span class="status">{t('(withdrawn)')}</span>
        </>
      ) : d.active ? (
        <span class="muted"> · {t('counts towards delivery')}</span>
      ) : null}
      {d.body ? <p class="comment">{d.body}</p> : null}
      {withdrawn ? (
        <p class="muted">
          {fill(t('Withdrawn {when}'), { when: <When d={d.withdrawn_at} /> })}
          {d.withdrawn_reason ? `: ${d.withdrawn_reason}` : ''}
        </p>
      ) : null}
    </li>
  );
}

/** The decisions of every round, newest round first. */
function RoundsSection(o: ReviewPageData): SafeHtml {
  const t = translator(o.lang);
  const r = o.review;
  const lab = o.engagement.org_name;
  const rounds: number[] = [];
  for (let n = Math.max(r.round, ...r.decisions.map((d) => d.round)); n >= 1; n--) rounds.push(n);
  return (
    <section aria-labelledby="decisions-h">
      <h2 id="decisions-h">{t('Decisions')}</h2>
      {rounds.length === 0 ? (
        <p class="muted">{t('No round yet: the lead submits the report for review from the reporting phase.')}</p>
      ) : (
        rounds.map((n) => {
          const ds = r.decisions.filter((d) => d.round === n);
          return (
            <div class="card">
              <h3 id={`round-${n}`}>{n === r.round ? t('Round {n} (current)', { n }) : t('Round {n}', { n })}</h3>
              {ds.length === 0 ? (
                <p class="muted">{n === r.round && r.phase === 'review' ? t('No decision yet.') : t('No decision.')}</p>
              ) : (
                <ol class="history">
                  {ds.map((d) => (
                    <DecisionItem d={d} lab={lab} t={t} />
                  ))}
                </ol>
              )}
            </div>
          );
        })
      )}
    </section>
  );
}

function CommentsSection(o: ReviewPageData): SafeHtml {
  const t = translator(o.lang);
  const lab = o.engagement.org_name;
  return (
    <section aria-labelledby="comments-h">
      <h2 id="comments-h">{t('Comments')}</h2>
      {o.review.comments.length === 0 ? (
        <p class="muted">{t('No comment yet.')}</p>
      ) : (
        <ol class="history">
          {o.review.comments.map((c) => (
            <li id={`comment-${c.id}`}>
              <When d={c.at} /> ·{' '}
              {fill(t('{who} on {target}'), { who: <Who name={c.user_name} org={c.user_org_name} lab={lab} />, target: <CommentTarget c={c} o={o} t={t} /> })}{' '}
              <span class="muted">· {t('round {n}', { n: c.round })}</span>
              <p class="comment">{c.body}</p>
            </li>
          ))}
        </ol>
      )}
      {o.canComment ? <CommentForm {...o} /> : null}
    </section>
  );
}

function CommentForm(o: ReviewPageData): SafeHtml {
  const t = translator(o.lang);
  const v = o.error?.at === 'comment' ? (o.values ?? {}) : { about: o.values?.about };
  const about = v.about ?? 'engagement';
  return (
    <div class="card" id="comment-form">
      <h3>{t('Add a comment')}</h3>
      <ErrorFor error={o.error} at="comment" />
      <form class="stack" method="post" action={`/engagements/${o.engagement.id}/review/comments`}>
        <CsrfField csrf={o.csrf} />
        <label>
          {t('About')}
          <select name="about" required>
            <option value="engagement" selected={about === 'engagement'}>
              {t('The engagement as a whole')}
            </option>
            {o.rows.length ? (
              <optgroup label={t('A plan row')}>
                {o.rows.map((r) => (
                  <option value={`row:${r.id}`} selected={about === `row:${r.id}`}>
                    {r.item_id} · {r.title}
                  </option>
                ))}
              </optgroup>
            ) : null}
            {o.findings.length ? (
              <optgroup label={t('A finding')}>
                {o.findings.map((f) => (
                  <option value={`finding:${f.id}`} selected={about === `finding:${f.id}`}>
                    {f.title} ({severityName(t, f.severity)}, {f.app_name})
                  </option>
                ))}
              </optgroup>
            ) : null}
          </select>
        </label>
        <label>
          {t('Comment')}
          <textarea name="body" required maxlength={String(MAX_COMMENT)} rows="4">
            {v.body ?? ''}
          </textarea>
        </label>
        <button type="submit">{t('Add the comment')}</button>
      </form>
    </div>
  );
}

/** The reviewer's two decisions: approve (a note is optional), or request changes (saying what to change). */
function DecisionSection(o: ReviewPageData): SafeHtml | null {
  if (!o.canDecide) return null;
  const t = translator(o.lang);
  const id = o.engagement.id;
  const sent = o.error?.at === 'decision' ? (o.values ?? {}) : {};
  const mine = o.review.decisions.find((d) => d.active && d.user_id === o.actor.userId);
  return (
    <section aria-labelledby="decide-h" class="card" id="decide">
      <h2 id="decide-h">{t('Your decision on round {n}', { n: o.review.round })}</h2>
      <ErrorFor error={o.error} at="decision" />
      <div class="grid">
        {mine ? (
          <p>{fill(t('You approved this round {when}.'), { when: <When d={mine.at} /> })}</p>
        ) : (
          <form class="stack" method="post" action={`/engagements/${id}/review/decisions`} aria-labelledby="approve-h">
            <h3 id="approve-h">{t('Approve')}</h3>
            <CsrfField csrf={o.csrf} />
            <input type="hidden" name="decision" value="approve" />
            <label>
              {t('Note (optional)')}
              <textarea name="body" maxlength={String(MAX_COMMENT)} rows="3">
                {sent.decision === 'approve' ? (sent.body ?? '') : ''}
              </textarea>
            </label>
            <button type="submit">{t('Approve the report')}</button>
          </form>
        )}
        <form class="stack" method="post" action={`/engagements/${id}/review/decisions`} aria-labelledby="changes-h">
          <h3 id="changes-h">{t('Request changes')}</h3>
          <p class="muted">{t("The engagement goes back to reporting; the lead's next submission opens a new round.")}</p>
          <CsrfField csrf={o.csrf} />
          <input type="hidden" name="decision" value="request_changes" />
          <label>
            {t('What to change')}
            <textarea name="body" required maxlength={String(MAX_COMMENT)} rows="4">
              {sent.decision === 'request_changes' ? (sent.body ?? '') : ''}
            </textarea>
          </label>
          <button type="submit" class="secondary">
            {t('Request changes')}
          </button>
        </form>
      </div>
    </section>
  );
}

export function engagementReviewPage(o: ReviewPageData): string {
  const t = translator(o.lang);
  const e = o.engagement;
  const r = o.review;
  // A refusal whose form is not on the page (a comment sent in a phase without comments) is shown at the top.
  const unplaced = o.error && !((o.error.at === 'comment' && o.canComment) || (o.error.at === 'decision' && o.canDecide)) ? o.error.message : undefined;
  const one = r.approvalsRequired === 1;
  const vars = { required: r.approvalsRequired, active: r.activeApprovals, round: r.round };
  const approvals =
    r.round === 0
      ? one
        ? t('{required} approval required before delivery', vars)
        : t('{required} approvals required before delivery', vars)
      : one
        ? t('{active} of {required} approval required (round {round})', vars)
        : t('{active} of {required} approvals required (round {round})', vars);
  return page(
    { title: t('Review: {title}', { title: e.title }), actor: o.actor, csrf: o.csrf, nav: 'engagements', lang: o.lang ?? 'en', path: `/engagements/${e.id}/review` },
    <>
      <p>
        <a href={`/engagements/${e.id}`}>{t('Back to the engagement “{title}”', { title: e.title })}</a>
        <span class="muted">
          {' '}
          · {e.provider_name}
          {e.org_id !== o.actor.orgId ? ` · ${t('by {lab}', { lab: e.org_name })}` : ''}
        </span>
      </p>
      {unplaced ? (
        <p class="error" role="alert">
          {unplaced}
        </p>
      ) : null}
      <section aria-labelledby="state-h" class="card">
        <h2 id="state-h">{t('Where the review stands')}</h2>
        <dl>
          <dt>{t('Phase')}</dt>
          <dd>
            <PhaseBadge phase={r.phase} t={t} />
          </dd>
          <dt>{t('Current round')}</dt>
          <dd id="review-round">{r.round === 0 ? t('not submitted for review yet') : t('Round {n}', { n: r.round })}</dd>
          <dt>{t('Approvals')}</dt>
          <dd id="review-approvals">{approvals}</dd>
          <dt>{t('Reviewers')}</dt>
          <dd>
            {o.reviewers.length === 0 ? (
              <span class="muted">{t('none in the team yet')}</span>
            ) : (
              o.reviewers.map((m, i) => (
                <>
                  {i > 0 ? ', ' : ''}
                  <Who name={m.name} org={m.org_name} lab={e.org_name} />
                </>
              ))
            )}
          </dd>
        </dl>
        {o.reportLink ? (
          <p>
            <a href={`/api/v1/engagements/${e.id}/report?format=html`} download>
              {['reporting', 'review'].includes(r.phase) ? t('Download the report (HTML, draft)') : t('Download the report (HTML)')}
            </a>
          </p>
        ) : null}
      </section>
      <DecisionSection {...o} />
      <RoundsSection {...o} />
      <CommentsSection {...o} />
    </>,
  );
}

