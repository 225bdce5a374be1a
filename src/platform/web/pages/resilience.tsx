/**
 * @module platform/web/pages/resilience
 * The pages of cyber-resilience assessments: the list with the "start an assessment" form, an assessment's
 * overview (status, risk level, per-domain scores, the radar, the gap list, unanswered questions, conflicts
 * between contributors, history), the inherent-risk profile form, one domain's questions as a form, and the
 * comparison of two assessments. The charts are the engine's SVG (resilience/svg.ts), inlined: they carry no
 * script and no style attribute, only presentation attributes, which the CSP allows.
 *
 * What a page offers is decided by the route from the service's rules (`canAnswer`, `isReviewer`, ...): a
 * read-only user gets the same pages without their forms.
 */
import { radarSvg, domainBarsSvg, domainsOf, type AssessmentScore, type BundledQuestionnaire, type Domain, type Pillar, type Questionnaire } from '../../../index.js';
import {
  MAX_COMMENT,
  STATUS_LABEL,
  type AnswerEntry,
  type AssessmentAccess,
  type AssessmentEvent,
  type AssessmentState,
  type AssessmentSummary,
  type StoredAnswer,
} from '../../services/resilience.js';
import type { AnswerProblem, AssessmentComparison } from '../../../index.js';
import type { Provider } from '../../services/providers.js';
import { MANAGERS, type Actor } from '../../types.js';
import { ROLE_LABEL, TableWrap, When } from '../components.js';
import { Fragment, h, raw, type SafeHtml } from '../jsx.js';
import { CsrfField, page } from '../layout.js';

const PROVIDER_KIND_LABEL: Readonly<Record<string, string>> = { bank: 'bank', mno: 'mobile network operator', emi: 'e-money issuer', fintech: 'fintech', other: 'other' };

interface Common {
  actor: Actor;
  csrf?: string | undefined;
}

function ErrorNote(p: { message: string | undefined; id?: string }): SafeHtml | null {
  return p.message ? (
    <p class="error" role="alert" id={p.id}>
      {p.message}
    </p>
  ) : null;
}

function StatusBadge(p: { status: keyof typeof STATUS_LABEL }): SafeHtml {
  return <span class="status">{STATUS_LABEL[p.status]}</span>;
}

function answerLabel(qn: Questionnaire, value: string | undefined): string {
  if (value === undefined) return 'Unanswered';
  return qn.answerScale.find((e) => e.value === value)?.label ?? value;
}

// ---------------------------------------------------------------------------------------------- the list

export interface StartFormValues {
  providerId?: string;
  questionnaireId?: string;
  title?: string;
  period?: string;
  reviewerId?: string;
}

export interface ListPageData extends Common {
  assessments: AssessmentSummary[];
  providers: Provider[];
  questionnaires: BundledQuestionnaire[];
  reviewers: Array<{ id: string; name: string; role: string }>;
  values?: StartFormValues | undefined;
  error?: string | undefined;
}

export function resilienceListPage(o: ListPageData): string {
  const v = o.values ?? {};
  const manager = MANAGERS.includes(o.actor.role);
  return page(
    { title: 'Resilience assessments', actor: o.actor, csrf: o.csrf, nav: 'resilience' },
    <>
      <p class="muted">
        Cyber-resilience self-assessments of the critical infrastructure behind digital financial services: an inherent-risk profile sets the target
        maturity of each domain, the answers show how far the institution has come.
      </p>
      <TableWrap>
        <table>
          <caption class="muted">Assessments of this lab, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Institution</th>
              <th scope="col">Period</th>
              <th scope="col">Questionnaire</th>
              <th scope="col">Status</th>
              <th scope="col">Reviewer</th>
              <th scope="col">Final score</th>
            </tr>
          </thead>
          <tbody>
            {o.assessments.length === 0 ? (
              <tr>
                <td colspan="7" class="muted">
                  No assessment yet.
                </td>
              </tr>
            ) : (
              o.assessments.map((a) => (
                <tr>
                  <td>
                    <a href={`/resilience/${a.id}`}>{a.title}</a>
                  </td>
                  <td>{a.provider_name}</td>
                  <td>{a.period ?? <span class="muted">–</span>}</td>
                  <td>
                    <code>{a.questionnaire_id}</code> <span class="muted">v{a.questionnaire_version}</span>
                  </td>
                  <td>
                    <StatusBadge status={a.status} />
                  </td>
                  <td>{a.reviewer_name ?? <span class="muted">–</span>}</td>
                  <td>{a.percent === null ? <span class="muted">–</span> : `${a.percent}% (risk level ${a.risk_level})`}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </TableWrap>
      {o.assessments.length >= 2 ? (
        <p>
          <a href="/resilience/compare">Compare two assessments</a>
        </p>
      ) : null}
      {manager ? (
        <section aria-labelledby="start-h">
          <h2 id="start-h">Start an assessment</h2>
          <ErrorNote message={o.error} />
          {o.providers.length === 0 ? (
            <p class="notice">
              Register the institution first, under <a href="/providers">Providers</a> (an operator's USSD gateway or a switch is registered as a provider
              with its kind).
            </p>
          ) : null}
          <form class="card stack" method="post" action="/resilience">
            <CsrfField csrf={o.csrf} />
            <div class="fields">
              <label>
                Assessed institution
                <select name="providerId" required>
                  <option value="">Choose the institution</option>
                  {o.providers.map((p) => (
                    <option value={p.id} selected={v.providerId === p.id}>
                      {p.name} ({PROVIDER_KIND_LABEL[p.kind] ?? p.kind})
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Questionnaire
                <select name="questionnaireId" required>
                  {o.questionnaires.map((q) => (
                    <option value={q.id} selected={v.questionnaireId === q.id}>
                      {q.title} (version {q.version})
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Title
                <input name="title" required maxlength="200" value={v.title ?? ''} />
              </label>
              <label>
                Period
                <input name="period" maxlength="100" placeholder="e.g. 2026" value={v.period ?? ''} />
              </label>
              <label>
                Reviewer
                <select name="reviewerId" required>
                  <option value="">Choose the reviewer</option>
                  {o.reviewers.map((u) => (
                    <option value={u.id} selected={v.reviewerId === u.id}>
                      {u.name} ({ROLE_LABEL[u.role as keyof typeof ROLE_LABEL] ?? u.role})
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <p class="muted">The reviewer settles conflicting answers and finalises the assessment: a lead or reviewer of the lab.</p>
            <p>
              <button type="submit">Start the assessment</button>
            </p>
          </form>
        </section>
      ) : null}
    </>,
  );
}

// ------------------------------------------------------------------------------------------ the overview

export interface OverviewPageData extends Common {
  x: AssessmentAccess;
  state: AssessmentState;
  events: AssessmentEvent[];
  /** What the caller may do now. */
  can: { answer: boolean; submit: boolean; review: boolean; manage: boolean };
  /** Managers: who may be named reviewer. */
  reviewers?: Array<{ id: string; name: string; role: string }> | undefined;
  /** Other assessments of the same questionnaire, to compare with. */
  comparable: AssessmentSummary[];
  error?: { at: 'status' | 'reviewer'; message: string } | undefined;
}

function Header(p: { x: AssessmentAccess; score: AssessmentScore }): SafeHtml {
  const a = p.x.a;
  return (
    <dl class="inline">
      <dt>Institution</dt>
      <dd>
        {a.provider_name} <span class="muted">({PROVIDER_KIND_LABEL[a.provider_kind] ?? a.provider_kind})</span>
      </dd>
      <dt>Questionnaire</dt>
      <dd>
        {p.score.questionnaire.title} <span class="muted">(version {a.questionnaire_version})</span>
      </dd>
      <dt>Period</dt>
      <dd>{a.period ?? '–'}</dd>
      <dt>Status</dt>
      <dd>
        <StatusBadge status={a.status} />
      </dd>
      <dt>Reviewer</dt>
      <dd>{a.reviewer_name ?? '–'}</dd>
    </dl>
  );
}

function RiskSummary(p: { score: AssessmentScore; assessmentId: string }): SafeHtml {
  const r = p.score.profile;
  return (
    <p>
      Inherent risk level <strong>{r.riskLevel}</strong> of 5
      {r.assumed ? (
        <> (assumed: the risk profile is not answered yet, so the highest level applies)</>
      ) : (
        <>
          {' '}
          (weighted mean {r.meanRisk}, highest answer {r.highestRisk}
          {r.unanswered.length > 0 ? `, ${r.unanswered.length} profile question${r.unanswered.length === 1 ? '' : 's'} unanswered` : ''})
        </>
      )}
      . Overall score {p.score.percent}% with {p.score.answered} of {p.score.total} questions answered. <a href={`/resilience/${p.assessmentId}/profile`}>Risk profile</a>
    </p>
  );
}

function DomainTable(p: { qn: Questionnaire; score: AssessmentScore; assessmentId: string; conflicts: ReadonlySet<string> }): SafeHtml {
  const pillars = new Map(p.qn.pillars.map((x) => [x.id, x.title]));
  const domainOfQuestion = new Map(domainsOf(p.qn).flatMap(({ domain }) => domain.questions.map((q) => [q.id, domain.id])));
  const conflictsPer = (domainId: string): number => [...p.conflicts].filter((qid) => domainOfQuestion.get(qid) === domainId).length;
  return (
    <TableWrap>
      <table>
        <caption class="muted">Maturity per domain: the attained level against the target from the risk profile</caption>
        <thead>
          <tr>
            <th scope="col">Pillar</th>
            <th scope="col">Domain</th>
            <th scope="col">Attained</th>
            <th scope="col">Target</th>
            <th scope="col">Score</th>
            <th scope="col">Answered</th>
            <th scope="col">Open conflicts</th>
          </tr>
        </thead>
        <tbody>
          {p.score.domains.map((d) => (
            <tr>
              <td>{pillars.get(d.pillarId) ?? d.pillarId}</td>
              <td>
                <a href={`/resilience/${p.assessmentId}/domains/${encodeURIComponent(d.domainId)}`}>{d.title}</a>
              </td>
              <td>
                {d.attained}
                {d.gap > 0 ? <span class="muted"> ({d.gap} below target)</span> : null}
              </td>
              <td>{d.target}</td>
              <td>{d.percent}%</td>
              <td>
                {d.answered} / {d.total}
              </td>
              <td>{conflictsPer(d.domainId) || <span class="muted">0</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function GapList(p: { qn: Questionnaire; score: AssessmentScore; assessmentId: string }): SafeHtml {
  return (
    <section aria-labelledby="gaps-h">
      <h2 id="gaps-h">Gaps and recommendations</h2>
      {p.score.gaps.length === 0 ? (
        <p class="muted">No gap: every applicable question up to the target levels is met.</p>
      ) : (
        <>
          <p class="muted">
            {p.score.gaps.length} question{p.score.gaps.length === 1 ? '' : 's'} at or below the target level not met, foundations first.
          </p>
          <TableWrap>
            <table class="gaps">
              <caption class="muted">Gap list</caption>
              <thead>
                <tr>
                  <th scope="col">Question</th>
                  <th scope="col">Domain</th>
                  <th scope="col">Level</th>
                  <th scope="col">Answer</th>
                  <th scope="col">Recommendation</th>
                  <th scope="col">Catalog</th>
                </tr>
              </thead>
              <tbody>
                {p.score.gaps.map((g) => (
                  <tr>
                    <td>
                      <a href={`/resilience/${p.assessmentId}/domains/${encodeURIComponent(g.domainId)}#q-${g.questionId}`}>
                        <code>{g.questionId}</code>
                      </a>{' '}
                      {g.text}
                    </td>
                    <td>{g.domainTitle}</td>
                    <td>{g.level}</td>
                    <td>{g.status === 'unanswered' ? <span class="muted">Unanswered</span> : answerLabel(p.qn, g.answer)}</td>
                    <td>{g.recommendation}</td>
                    <td>{g.catalog.length === 0 ? <span class="muted">–</span> : g.catalog.map((c, i) => [i > 0 ? ', ' : '', <code>{c}</code>])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
    </section>
  );
}

function Unanswered(p: { qn: Questionnaire; score: AssessmentScore; assessmentId: string }): SafeHtml {
  const domains = p.score.domains.filter((d) => d.unanswered.length > 0);
  return (
    <section aria-labelledby="unanswered-h">
      <h2 id="unanswered-h">Unanswered questions</h2>
      {domains.length === 0 ? (
        <p class="muted">Every question is answered.</p>
      ) : (
        <ul>
          {domains.map((d) => (
            <li>
              <a href={`/resilience/${p.assessmentId}/domains/${encodeURIComponent(d.domainId)}`}>{d.title}</a>: {d.unanswered.length} of {d.total} (
              {d.unanswered.map((id, i) => [i > 0 ? ', ' : '', <code>{id}</code>])})
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Conflicts(p: { qn: Questionnaire; state: AssessmentState; assessmentId: string; reviewer: boolean }): SafeHtml {
  const domainOfQuestion = new Map(domainsOf(p.qn).flatMap(({ domain }) => domain.questions.map((q) => [q.id, domain.id])));
  const open = p.state.conflicts.filter((c) => !c.settled).length;
  return (
    <section aria-labelledby="conflicts-h">
      <h2 id="conflicts-h">Conflicting answers</h2>
      {p.state.conflicts.length === 0 ? (
        <p class="muted">The contributors agree on every question answered by more than one of them.</p>
      ) : (
        <>
          <p>
            {open === 0 ? 'Every conflict is settled by the reviewer.' : `${open} conflict${open === 1 ? '' : 's'} to settle.`}
            {p.reviewer && open > 0 ? ' Open the question and give the settled answer as the reviewer.' : null}
          </p>
          <ul class="history">
            {p.state.conflicts.map((c) => (
              <li>
                <a href={`/resilience/${p.assessmentId}/domains/${encodeURIComponent(domainOfQuestion.get(c.questionId) ?? '')}#q-${c.questionId}`}>
                  <code>{c.questionId}</code>
                </a>{' '}
                <span class="status">{c.settled ? 'Settled' : 'Open'}</span>
                <ul>
                  {c.candidates.map((k) => (
                    <li>
                      {p.state.names[k.contributor] ?? k.contributor}
                      {k.role === 'reviewer' ? ' (reviewer)' : ''}: {answerLabel(p.qn, k.value)}
                      {k.comment ? <span class="muted"> – {k.comment}</span> : null}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

const EVENT_TEXT: Readonly<Record<string, string>> = {
  created: 'started the assessment',
  reviewer: 'named another reviewer',
  submit: 'submitted it for review',
  return: 'returned it to draft',
  finalise: 'finalised it; the score is frozen',
};

export function resilienceOverviewPage(o: OverviewPageData): string {
  const { x, state } = o;
  const id = x.a.id;
  const score = state.score;
  return page(
    { title: x.a.title, actor: o.actor, csrf: o.csrf, nav: 'resilience' },
    <>
      <p>
        <a href="/resilience">All assessments</a>
      </p>
      <Header x={x} score={score} />
      <RiskSummary score={score} assessmentId={id} />
      {state.frozen ? <p class="notice">This assessment is final: the scores below are the snapshot frozen when the reviewer finalised it.</p> : null}
      {state.dropped.length > 0 ? (
        <p class="notice">Answers to questions the questionnaire no longer has are left out of the score: {state.dropped.join(', ')}.</p>
      ) : null}

      <section aria-labelledby="status-h">
        <h2 id="status-h">Status</h2>
        {o.error?.at === 'status' ? <ErrorNote message={o.error.message} /> : null}
        {x.a.status === 'final' ? (
          <p>
            Final since <When d={x.a.finalised_at} />.
          </p>
        ) : null}
        {o.can.submit ? (
          <form class="inline" method="post" action={`/resilience/${id}/status`}>
            <CsrfField csrf={o.csrf} />
            <input type="hidden" name="action" value="submit" />
            <button type="submit">Submit for review</button>
          </form>
        ) : null}
        {o.can.review ? (
          <form class="card stack" method="post" action={`/resilience/${id}/status`}>
            <CsrfField csrf={o.csrf} />
            <label>
              Review note (required to return the assessment to draft)
              <textarea name="note" rows="3" maxlength={String(MAX_COMMENT)}></textarea>
            </label>
            <p class="inline">
              <button type="submit" name="action" value="finalise">
                Finalise
              </button>
              <button type="submit" name="action" value="return" class="secondary">
                Return to draft
              </button>
            </p>
          </form>
        ) : null}
        {x.a.status === 'draft' && !o.can.submit ? <p class="muted">The contributors are answering; a lab auditor or lead submits it for review.</p> : null}
        {x.a.status === 'in_review' && !o.can.review ? <p class="muted">Waiting for the reviewer, {x.a.reviewer_name ?? 'not named yet'}.</p> : null}
        {o.can.manage && o.reviewers ? (
          <form class="inline" method="post" action={`/resilience/${id}/reviewer`}>
            <CsrfField csrf={o.csrf} />
            {o.error?.at === 'reviewer' ? <ErrorNote message={o.error.message} /> : null}
            <label>
              Reviewer
              <select name="reviewerId" required>
                {o.reviewers.map((u) => (
                  <option value={u.id} selected={u.id === x.a.reviewer_id}>
                    {u.name} ({ROLE_LABEL[u.role as keyof typeof ROLE_LABEL] ?? u.role})
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" class="secondary">
              Change the reviewer
            </button>
          </form>
        ) : null}
      </section>

      <section aria-labelledby="domains-h">
        <h2 id="domains-h">Scores per domain</h2>
        <DomainTable qn={x.questionnaire} score={score} assessmentId={id} conflicts={new Set(state.conflicts.filter((c) => !c.settled).map((c) => c.questionId))} />
        <div class="chart">{raw(domainBarsSvg(score, { idPrefix: 'bars' }))}</div>
      </section>

      <section aria-labelledby="radar-h">
        <h2 id="radar-h">Radar</h2>
        <p class="muted">The attained maturity per domain (filled), against the target from the risk profile (dashed).</p>
        <div class="chart">{raw(radarSvg(score, { idPrefix: 'radar' }))}</div>
      </section>

      <GapList qn={x.questionnaire} score={score} assessmentId={id} />
      <Unanswered qn={x.questionnaire} score={score} assessmentId={id} />
      <Conflicts qn={x.questionnaire} state={state} assessmentId={id} reviewer={x.isReviewer} />

      {o.comparable.length > 0 ? (
        <section aria-labelledby="compare-h">
          <h2 id="compare-h">Compare</h2>
          <form class="inline" method="get" action="/resilience/compare">
            <input type="hidden" name="b" value={id} />
            <label>
              Earlier assessment
              <select name="a" required>
                {o.comparable.map((c) => (
                  <option value={c.id}>
                    {c.title}
                    {c.period ? ` (${c.period})` : ''} – {STATUS_LABEL[c.status]}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" class="secondary">
              Compare with this one
            </button>
          </form>
        </section>
      ) : null}

      <section aria-labelledby="history-h">
        <h2 id="history-h">History</h2>
        <ol class="history">
          {o.events.map((e) => (
            <li>
              <When d={e.at} /> · {e.user_name ?? 'the platform'} {EVENT_TEXT[e.kind] ?? e.kind}
              {e.body ? <p class="comment">{e.body}</p> : null}
            </li>
          ))}
        </ol>
      </section>
    </>,
  );
}

// ------------------------------------------------------------------------------------------ the profile

export interface ProfilePageData extends Common {
  x: AssessmentAccess;
  state: AssessmentState;
  canEdit: boolean;
  /** The choices sent with a refused form, by profile question id. */
  values?: Record<string, string[]> | undefined;
  problems?: readonly AnswerProblem[] | undefined;
  error?: string | undefined;
  saved?: boolean;
}

export function resilienceProfilePage(o: ProfilePageData): string {
  const { x, state } = o;
  const qn = x.questionnaire;
  const chosen = o.values ?? state.profile;
  const problemsOf = (id: string): AnswerProblem[] => (o.problems ?? []).filter((p) => p.questionId === id);
  const known = new Set(qn.riskProfile.questions.map((q) => q.id));
  const stray = (o.problems ?? []).filter((p) => !known.has(p.questionId));
  const r = state.score.profile;
  const targets = state.score.domains;
  return page(
    { title: `Risk profile: ${x.a.title}`, actor: o.actor, csrf: o.csrf, nav: 'resilience' },
    <>
      <p>
        <a href={`/resilience/${x.a.id}`}>Back to the assessment</a>
      </p>
      <p class="muted">
        What the institution runs — channels, volumes, dependencies — sets its inherent risk level, and the risk level sets the target maturity of
        each domain.
      </p>
      <section aria-labelledby="level-h" class="card">
        <h2 id="level-h">Resulting risk level and targets</h2>
        {o.saved ? (
          <p class="notice" role="status">
            The risk profile is saved.
          </p>
        ) : null}
        <p>
          Inherent risk level <strong>{r.riskLevel}</strong> of 5
          {r.assumed ? ' (assumed until the profile is answered)' : ` (weighted mean ${r.meanRisk}, highest answer ${r.highestRisk})`}.
        </p>
        <TableWrap>
          <table>
            <caption class="muted">Target maturity per domain at this risk level</caption>
            <thead>
              <tr>
                <th scope="col">Domain</th>
                <th scope="col">Target level</th>
              </tr>
            </thead>
            <tbody>
              {targets.map((d) => (
                <tr>
                  <td>{d.title}</td>
                  <td>{d.target}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>
      <section aria-labelledby="profile-h">
        <h2 id="profile-h">Inherent-risk profile</h2>
        <ErrorNote message={o.error} />
        {stray.map((p) => (
          <p class="error" role="alert">
            {p.questionId}: {p.message}
          </p>
        ))}
        {o.canEdit ? (
          <form class="stack" method="post" action={`/resilience/${x.a.id}/profile`}>
            <CsrfField csrf={o.csrf} />
            {qn.riskProfile.questions.map((pq) => {
              const picked = new Set(chosen[pq.id] ?? []);
              const problems = problemsOf(pq.id);
              return (
                <fieldset class="card" id={`p-${pq.id}`}>
                  <legend>{pq.text}</legend>
                  {pq.guidance ? <p class="muted">{pq.guidance}</p> : null}
                  {problems.map((p) => (
                    <p class="error" role="alert">
                      {p.message}
                    </p>
                  ))}
                  <p class="muted">{pq.multiple ? 'Tick every choice that applies.' : 'Choose one.'}</p>
                  {pq.multiple ? null : (
                    <div>
                      <label>
                        <input type="radio" name={`p_${pq.id}`} value="" checked={picked.size === 0} /> Not answered
                      </label>
                    </div>
                  )}
                  {pq.choices.map((c) => (
                    <div>
                      <label>
                        <input type={pq.multiple ? 'checkbox' : 'radio'} name={`p_${pq.id}`} value={c.id} checked={picked.has(c.id)} /> {c.text}
                      </label>
                    </div>
                  ))}
                </fieldset>
              );
            })}
            <p>
              <button type="submit">Save the risk profile</button>
            </p>
          </form>
        ) : (
          <dl>
            {qn.riskProfile.questions.map((pq) => (
              <>
                <dt>{pq.text}</dt>
                <dd>
                  {(chosen[pq.id] ?? []).length === 0 ? (
                    <span class="muted">Not answered</span>
                  ) : (
                    (chosen[pq.id] ?? []).map((cid, i) => [i > 0 ? '; ' : '', pq.choices.find((c) => c.id === cid)?.text ?? cid])
                  )}
                </dd>
              </>
            ))}
          </dl>
        )}
      </section>
    </>,
  );
}

// ---------------------------------------------------------------------------------------------- a domain

export interface DomainPageData extends Common {
  x: AssessmentAccess;
  pillar: Pillar;
  domain: Domain;
  state: AssessmentState;
  /** The caller may answer now; as the reviewer, their answers settle the questions. */
  canEdit: boolean;
  /** Number of answers kept per question (the history). */
  history: Record<string, number>;
  /** The answers sent with a refused form, by question id. */
  values?: Record<string, AnswerEntry> | undefined;
  problems?: readonly AnswerProblem[] | undefined;
  error?: string | undefined;
}

function AnswersGiven(p: { qn: Questionnaire; answers: StoredAnswer[] }): SafeHtml | null {
  if (p.answers.length === 0) return null;
  return (
    <div>
      <p class="muted">Answers given:</p>
      <ul>
        {p.answers.map((a) => (
          <li>
            {a.name}
            {a.role === 'reviewer' ? ' (reviewer)' : ''}: <strong>{answerLabel(p.qn, a.value)}</strong> · <When d={a.answeredAt} />
            {a.justification ? <p class="comment">Justification: {a.justification}</p> : null}
            {a.comment ? <p class="comment">{a.comment}</p> : null}
            {a.evidence.length > 0 ? <p class="muted">Evidence: {a.evidence.join('; ')}</p> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function resilienceDomainPage(o: DomainPageData): string {
  const { x, state, domain } = o;
  const qn = x.questionnaire;
  const role = x.isReviewer ? 'reviewer' : 'contributor';
  const mine = new Map(state.answers.filter((a) => a.userId === o.actor.userId && a.role === role).map((a) => [a.questionId, a]));
  const score = state.score.domains.find((d) => d.domainId === domain.id);
  const merged = new Map(score?.questions.map((q) => [q.questionId, q]) ?? []);
  const conflicts = new Map(state.conflicts.map((c) => [c.questionId, c]));
  const known = new Set(domain.questions.map((q) => q.id));
  const stray = (o.problems ?? []).filter((p) => !known.has(p.questionId));
  const order = domainsOf(qn).map((r) => r.domain.id);
  const at = order.indexOf(domain.id);
  const next = order[at + 1];
  const valueOf = (qid: string): AnswerEntry | undefined => {
    if (o.values) return o.values[qid];
    const m = mine.get(qid);
    return m ? { value: m.value, comment: m.comment ?? undefined, justification: m.justification ?? undefined, evidence: m.evidence } : undefined;
  };

  const questions = domain.questions.map((question) => {
    const v = valueOf(question.id);
    const problems = (o.problems ?? []).filter((p) => p.questionId === question.id);
    const result = merged.get(question.id);
    const c = conflicts.get(question.id);
    const answers = state.answers.filter((a) => a.questionId === question.id);
    const errId = `err-${question.id}`;
    return (
      <fieldset class="card" id={`q-${question.id}`} aria-describedby={problems.length > 0 ? errId : undefined}>
        <legend>
          <code>{question.id}</code> {question.text}
        </legend>
        <p class="muted">
          Level {question.level} · weight {question.weight}
          {question.catalog.length > 0 ? ` · catalog ${question.catalog.join(', ')}` : ''}
          {(o.history[question.id] ?? 0) > answers.length ? ` · ${o.history[question.id]} answers kept in the history` : ''}
        </p>
        {question.guidance ? <p class="muted">{question.guidance}</p> : null}
        {problems.length > 0 ? (
          <div id={errId}>
            {problems.map((p) => (
              <p class="error" role="alert">
                {p.message}
              </p>
            ))}
          </div>
        ) : null}
        <p>
          Merged answer: <strong>{result?.status === 'unanswered' || !result ? 'Unanswered' : answerLabel(qn, result.answer?.value)}</strong>
          {result?.answer?.contributor ? <span class="muted"> (from {state.names[result.answer.contributor] ?? result.answer.contributor})</span> : null}
          {c ? <span class="status"> · {c.settled ? 'Conflict settled by the reviewer' : 'Conflict: the contributors disagree'}</span> : null}
        </p>
        <AnswersGiven qn={qn} answers={answers} />
        {o.canEdit ? (
          <>
            <fieldset>
              <legend>{x.isReviewer ? 'Settled answer' : 'Your answer'}</legend>
              <div>
                <label>
                  <input type="radio" name={`value_${question.id}`} value="" checked={!v?.value} /> No answer
                </label>
              </div>
              {qn.answerScale
                .filter((e) => e.value !== 'not-applicable' || question.allowNotApplicable)
                .map((e) => (
                  <div>
                    <label>
                      <input type="radio" name={`value_${question.id}`} value={e.value} checked={v?.value === e.value} /> {e.label}
                    </label>
                  </div>
                ))}
            </fieldset>
            <div class="fields">
              {question.allowNotApplicable ? (
                <label>
                  Justification (required for “Not applicable”)
                  <textarea name={`justification_${question.id}`} rows="2" maxlength={String(MAX_COMMENT)}>
                    {v?.justification ?? ''}
                  </textarea>
                </label>
              ) : null}
              <label>
                Comment
                <textarea name={`comment_${question.id}`} rows="2" maxlength={String(MAX_COMMENT)}>
                  {v?.comment ?? ''}
                </textarea>
              </label>
              <label>
                Evidence (one reference per line)
                <textarea name={`evidence_${question.id}`} rows="2">
                  {(v?.evidence ?? []).join('\n')}
                </textarea>
              </label>
            </div>
          </>
        ) : null}
      </fieldset>
    );
  });

  return page(
    { title: `${domain.title}: ${x.a.title}`, actor: o.actor, csrf: o.csrf, nav: 'resilience' },
    <>
      <p>
        <a href={`/resilience/${x.a.id}`}>Back to the assessment</a>
        {next ? (
          <>
            {' · '}
            <a href={`/resilience/${x.a.id}/domains/${encodeURIComponent(next)}`}>Next domain</a>
          </>
        ) : null}
      </p>
      <p class="muted">
        {o.pillar.title} · {domain.description ?? ''}
      </p>
      {score ? (
        <p>
          Attained level <strong>{score.attained}</strong>, target {score.target}, score {score.percent}% ({score.answered} of {score.total} answered).
        </p>
      ) : null}
      {x.isReviewer && o.canEdit ? (
        <p class="notice">You are the reviewer: your answers settle the questions and win over every contributor's.</p>
      ) : null}
      <ErrorNote message={o.error} />
      {stray.map((p) => (
        <p class="error" role="alert">
          {p.questionId}: {p.message}
        </p>
      ))}
      {o.canEdit ? (
        <form class="stack" method="post" action={`/resilience/${x.a.id}/domains/${encodeURIComponent(domain.id)}`}>
          <CsrfField csrf={o.csrf} />
          {questions}
          <p>
            <button type="submit">{x.isReviewer ? 'Save the settled answers' : 'Save your answers'}</button>
          </p>
        </form>
      ) : (
        <>{questions}</>
      )}
    </>,
  );
}

// ------------------------------------------------------------------------------------------- comparison

export interface ComparePageData extends Common {
  assessments: AssessmentSummary[];
  selected: { a?: string | undefined; b?: string | undefined };
  result?:
    | { before: AssessmentAccess; after: AssessmentAccess; beforeScore: AssessmentScore; afterScore: AssessmentScore; comparison: AssessmentComparison }
    | undefined;
  error?: string | undefined;
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

export function resilienceComparePage(o: ComparePageData): string {
  const r = o.result;
  const option = (a: AssessmentSummary, sel: string | undefined): SafeHtml => (
    <option value={a.id} selected={sel === a.id}>
      {a.title}
      {a.period ? ` (${a.period})` : ''} – {a.provider_name}, {STATUS_LABEL[a.status]}
    </option>
  );
  const qn = r?.after.questionnaire;
  return page(
    { title: 'Compare assessments', actor: o.actor, csrf: o.csrf, nav: 'resilience' },
    <>
      <p>
        <a href="/resilience">All assessments</a>
      </p>
      <ErrorNote message={o.error} />
      <form class="inline" method="get" action="/resilience/compare">
        <label>
          Earlier assessment
          <select name="a" required>
            <option value="">Choose</option>
            {o.assessments.map((a) => option(a, o.selected.a))}
          </select>
        </label>
        <label>
          Later assessment
          <select name="b" required>
            <option value="">Choose</option>
            {o.assessments.map((a) => option(a, o.selected.b))}
          </select>
        </label>
        <button type="submit">Compare</button>
      </form>
      {r && qn ? (
        <>
          <p>
            <a href={`/resilience/${r.before.a.id}`}>{r.before.a.title}</a> ({STATUS_LABEL[r.before.a.status]}) compared with{' '}
            <a href={`/resilience/${r.after.a.id}`}>{r.after.a.title}</a> ({STATUS_LABEL[r.after.a.status]}).
          </p>
          <p>
            Risk level {r.comparison.riskLevelBefore} → {r.comparison.riskLevelAfter}; overall score {r.comparison.percentBefore}% → {r.comparison.percentAfter}%;{' '}
            {r.comparison.improved.length} answer{r.comparison.improved.length === 1 ? '' : 's'} improved, {r.comparison.regressed.length} regressed,{' '}
            {r.comparison.unchanged} unchanged.
          </p>
          <section aria-labelledby="cmp-radar-h">
            <h2 id="cmp-radar-h">Radar</h2>
            <p class="muted">The later assessment (filled), its target (dashed) and the earlier assessment (dotted).</p>
            <div class="chart">{raw(radarSvg(r.afterScore, { compareWith: r.beforeScore, idPrefix: 'radar-compare' }))}</div>
          </section>
          <section aria-labelledby="cmp-domains-h">
            <h2 id="cmp-domains-h">Domains</h2>
            <TableWrap>
              <table>
                <caption class="muted">Attained level and score per domain, before and after</caption>
                <thead>
                  <tr>
                    <th scope="col">Domain</th>
                    <th scope="col">Level before</th>
                    <th scope="col">Level after</th>
                    <th scope="col">Change</th>
                    <th scope="col">Score before</th>
                    <th scope="col">Score after</th>
                    <th scope="col">Change</th>
                  </tr>
                </thead>
                <tbody>
                  {r.comparison.domains.map((d) => (
                    <tr>
                      <td>{d.title}</td>
                      <td>{d.levelBefore ?? '–'}</td>
                      <td>{d.levelAfter ?? '–'}</td>
                      <td>{signed(d.levelChange)}</td>
                      <td>{d.percentBefore === undefined ? '–' : `${d.percentBefore}%`}</td>
                      <td>{d.percentAfter === undefined ? '–' : `${d.percentAfter}%`}</td>
                      <td>{signed(d.percentChange)} points</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </section>
          {(
            [
              ['Improved answers', r.comparison.improved],
              ['Regressed answers', r.comparison.regressed],
              ['Other changes', r.comparison.otherChanges],
            ] as const
          ).map(([title, list], i) => (
            <section aria-labelledby={`cmp-list-${i}`}>
              <h2 id={`cmp-list-${i}`}>{title}</h2>
              {list.length === 0 ? (
                <p class="muted">None.</p>
              ) : (
                <ul>
                  {list.map((c) => (
                    <li>
                      <code>{c.questionId}</code>: {answerLabel(qn, c.before)} → {answerLabel(qn, c.after)}
                    </li>
                  ))}
                </ul>
              )}
            </section>
          ))}
        </>
      ) : null}
    </>,
  );
}
