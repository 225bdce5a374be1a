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
 *
 * Languages. The pages' own words go through `t` (catalogs/resilience.ts). The questionnaire's texts (pillars,
 * domains, questions, the risk profile, maturity levels, answer labels) come from the questionnaire in the
 * reader's language where it carries a translation, English elsewhere (`localizeQuestionnaire`); the scores the
 * service computed or froze, in English, are given the same texts by id (`localizeScore`), so nothing stored
 * depends on the language. The charts get their words from `chartLabels`. What people wrote (titles, comments,
 * notes) and the services' messages stay as they are.
 */
import {
  bundledQuestionnaire,
  domainBarsSvg,
  domainsOf,
  localizeComparison,
  localizeQuestionnaire,
  localizeScore,
  radarSvg,
  type AssessmentScore,
  type BundledQuestionnaire,
  type ChartLabels,
  type Domain,
  type Pillar,
  type Questionnaire,
  type ResilienceCategory,
} from '../../../index.js';
import {
  MAX_COMMENT,
  type AnswerEntry,
  type AssessmentAccess,
  type AssessmentEvent,
  type AssessmentState,
  type AssessmentStatus,
  type AssessmentSummary,
  type StoredAnswer,
} from '../../services/resilience.js';
import type { AnswerProblem, AssessmentComparison } from '../../../index.js';
import type { Provider } from '../../services/providers.js';
import { MANAGERS, ROLES, type Actor, type Role } from '../../types.js';
import { TableWrap, When } from '../components.js';
import { fill, translator, type Lang, type Translate } from '../i18n.js';
import { Fragment, h, raw, type SafeHtml } from '../jsx.js';
import { CsrfField, page, roleLabel } from '../layout.js';

/** A provider's kind, lower case as it reads in parentheses after the name (an unknown kind as it is). */
function providerKind(t: Translate, kind: string): string {
  switch (kind) {
    case 'bank':
      return t('bank');
    case 'mno':
      return t('mobile network operator');
    case 'emi':
      return t('e-money issuer');
    case 'fintech':
      return t('fintech');
    case 'other':
      return t('other');
    default:
      return kind;
  }
}

/** An assessment's status (services/resilience.ts `STATUS_LABEL` in English). */
function statusLabel(t: Translate, status: AssessmentStatus): string {
  switch (status) {
    case 'draft':
      return t('Draft');
    case 'in_review':
      return t('In review');
    case 'final':
      return t('Final');
  }
}

/** The CPMI-IOSCO category a domain evidences (the fixed list of model.ts). */
function categoryLabel(t: Translate, category: ResilienceCategory): string {
  switch (category) {
    case 'governance':
      return t('Governance');
    case 'identification':
      return t('Identification');
    case 'protection':
      return t('Protection');
    case 'detection':
      return t('Detection');
    case 'response-recovery':
      return t('Response and recovery');
    case 'testing':
      return t('Testing');
    case 'situational-awareness':
      return t('Situational awareness');
    case 'learning-evolving':
      return t('Learning and evolving');
    case 'third-party-risk':
      return t('Third-party risk');
  }
}

/** A user's role in the reviewer lists (a role the platform does not know, as it is). */
function roleOf(t: Translate, role: string): string {
  return (ROLES as readonly string[]).includes(role) ? roleLabel(t, role as Role) : role;
}

/** The words of the SVG charts in the page's language. */
function chartLabels(t: Translate): ChartLabels {
  return {
    attained: t('Attained level'),
    score: t('Score'),
    target: t('Target'),
    earlier: t('Earlier assessment'),
    was: t('was {value}'),
    radarDescription: t('Radar chart with {count} axes on a scale of 0 to {max}.'),
    radarAxis: t('{axis}: {values}.'),
    noValues: t('No values to show.'),
    barDescription: t('{domain}: level {attained} of {max}, target {target}, {percent}.'),
    barValue: t('{attained} / target {target} · {percent}'),
    noDomains: t('No domains to show.'),
  };
}

interface Common {
  actor: Actor;
  csrf?: string | undefined;
  /** The reader's language (English when not given). */
  lang?: Lang | undefined;
}

function ErrorNote(p: { message: string | undefined; id?: string }): SafeHtml | null {
  return p.message ? (
    <p class="error" role="alert" id={p.id}>
      {p.message}
    </p>
  ) : null;
}

function StatusBadge(p: { status: AssessmentStatus; t: Translate }): SafeHtml {
  return <span class="status">{statusLabel(p.t, p.status)}</span>;
}

/** An answer's label from the (localised) questionnaire's scale. */
function answerLabel(t: Translate, qn: Questionnaire, value: string | undefined): string {
  if (value === undefined) return t('Unanswered');
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

/** A bundled questionnaire's title in `lang` (its English title when it has no translation). */
function questionnaireTitle(q: BundledQuestionnaire, lang: Lang): string {
  if (lang === 'en') return q.title;
  try {
    return localizeQuestionnaire(bundledQuestionnaire(q.id), lang).title;
  } catch {
    return q.title;
  }
}

export function resilienceListPage(o: ListPageData): string {
  const v = o.values ?? {};
  const manager = MANAGERS.includes(o.actor.role);
  const lang = o.lang ?? 'en';
  const t = translator(lang);
  return page(
    { title: t('Resilience assessments'), actor: o.actor, csrf: o.csrf, nav: 'resilience', lang, path: '/resilience' },
    <>
      <p class="muted">
        {t(
          'Cyber-resilience self-assessments of the critical infrastructure behind digital financial services: an inherent-risk profile sets the target maturity of each domain, the answers show how far the institution has come.',
        )}
      </p>
      <TableWrap>
        <table>
          <caption class="muted">{t('Assessments of this lab, newest first')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('Title')}</th>
              <th scope="col">{t('Institution')}</th>
              <th scope="col">{t('Period')}</th>
              <th scope="col">{t('Questionnaire')}</th>
              <th scope="col">{t('Status')}</th>
              <th scope="col">{t('Reviewer')}</th>
              <th scope="col">{t('Final score')}</th>
            </tr>
          </thead>
          <tbody>
            {o.assessments.length === 0 ? (
              <tr>
                <td colspan="7" class="muted">
                  {t('No assessment yet.')}
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
                    <StatusBadge status={a.status} t={t} />
                  </td>
                  <td>{a.reviewer_name ?? <span class="muted">–</span>}</td>
                  <td>{a.percent === null ? <span class="muted">–</span> : t('{percent}% (risk level {level})', { percent: a.percent, level: a.risk_level ?? '–' })}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </TableWrap>
      {o.assessments.length >= 2 ? (
        <p>
          <a href="/resilience/compare">{t('Compare two assessments')}</a>
        </p>
      ) : null}
      {manager ? (
        <section aria-labelledby="start-h">
          <h2 id="start-h">{t('Start an assessment')}</h2>
          <ErrorNote message={o.error} />
          {o.providers.length === 0 ? (
            <p class="notice">
              {fill(
                t("Register the institution first, under {providers} (an operator's USSD gateway or a switch is registered as a provider with its kind)."),
                { providers: <a href="/providers">{t('Providers')}</a> },
              )}
            </p>
          ) : null}
          <form class="card stack" method="post" action="/resilience">
            <CsrfField csrf={o.csrf} />
            <div class="fields">
              <label>
                {t('Assessed institution')}
                <select name="providerId" required>
                  <option value="">{t('Choose the institution')}</option>
                  {o.providers.map((p) => (
                    <option value={p.id} selected={v.providerId === p.id}>
                      {p.name} ({providerKind(t, p.kind)})
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('Questionnaire')}
                <select name="questionnaireId" required>
                  {o.questionnaires.map((q) => (
                    <option value={q.id} selected={v.questionnaireId === q.id}>
                      {t('{title} (version {version})', { title: questionnaireTitle(q, lang), version: q.version })}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('Title')}
                <input name="title" required maxlength="200" value={v.title ?? ''} />
              </label>
              <label>
                {t('Period')}
                <input name="period" maxlength="100" placeholder={t('e.g. 2026')} value={v.period ?? ''} />
              </label>
              <label>
                {t('Reviewer')}
                <select name="reviewerId" required>
                  <option value="">{t('Choose the reviewer')}</option>
                  {o.reviewers.map((u) => (
                    <option value={u.id} selected={v.reviewerId === u.id}>
                      {u.name} ({roleOf(t, u.role)})
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <p class="muted">{t('The reviewer settles conflicting answers and finalises the assessment: a lead or reviewer of the lab.')}</p>
            <p>
              <button type="submit">{t('Start the assessment')}</button>
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

function Header(p: { x: AssessmentAccess; score: AssessmentScore; t: Translate }): SafeHtml {
  const a = p.x.a;
  const t = p.t;
  return (
    <dl class="inline">
      <dt>{t('Institution')}</dt>
      <dd>
        {a.provider_name} <span class="muted">({providerKind(t, a.provider_kind)})</span>
      </dd>
      <dt>{t('Questionnaire')}</dt>
      <dd>
        {p.score.questionnaire.title} <span class="muted">{t('(version {version})', { version: a.questionnaire_version })}</span>
      </dd>
      <dt>{t('Period')}</dt>
      <dd>{a.period ?? '–'}</dd>
      <dt>{t('Status')}</dt>
      <dd>
        <StatusBadge status={a.status} t={t} />
      </dd>
      <dt>{t('Reviewer')}</dt>
      <dd>{a.reviewer_name ?? '–'}</dd>
    </dl>
  );
}

function RiskSummary(p: { score: AssessmentScore; assessmentId: string; t: Translate }): SafeHtml {
  const r = p.score.profile;
  const t = p.t;
  const n = r.unanswered.length;
  const why = r.assumed
    ? t('(assumed: the risk profile is not answered yet, so the highest level applies)')
    : n === 0
      ? t('(weighted mean {mean}, highest answer {highest})', { mean: r.meanRisk ?? '–', highest: r.highestRisk ?? '–' })
      : n === 1
        ? t('(weighted mean {mean}, highest answer {highest}, {n} profile question unanswered)', { mean: r.meanRisk ?? '–', highest: r.highestRisk ?? '–', n })
        : t('(weighted mean {mean}, highest answer {highest}, {n} profile questions unanswered)', { mean: r.meanRisk ?? '–', highest: r.highestRisk ?? '–', n });
  return (
    <p>
      {fill(t('Inherent risk level {level} of 5'), { level: <strong>{r.riskLevel}</strong> })} {why}.{' '}
      {t('Overall score {percent}% with {answered} of {total} questions answered.', { percent: p.score.percent, answered: p.score.answered, total: p.score.total })}{' '}
      <a href={`/resilience/${p.assessmentId}/profile`}>{t('Risk profile')}</a>
    </p>
  );
}

function DomainTable(p: { qn: Questionnaire; score: AssessmentScore; assessmentId: string; conflicts: ReadonlySet<string>; t: Translate }): SafeHtml {
  const t = p.t;
  const pillars = new Map(p.qn.pillars.map((x) => [x.id, x.title]));
  const domainOfQuestion = new Map(domainsOf(p.qn).flatMap(({ domain }) => domain.questions.map((q) => [q.id, domain.id])));
  const conflictsPer = (domainId: string): number => [...p.conflicts].filter((qid) => domainOfQuestion.get(qid) === domainId).length;
  return (
    <TableWrap>
      <table>
        <caption class="muted">{t('Maturity per domain: the attained level against the target from the risk profile')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('Pillar')}</th>
            <th scope="col">{t('Domain')}</th>
            <th scope="col">{t('Attained')}</th>
            <th scope="col">{t('Target')}</th>
            <th scope="col">{t('Score')}</th>
            <th scope="col">{t('Answered')}</th>
            <th scope="col">{t('Open conflicts')}</th>
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
                {d.gap > 0 ? <span class="muted"> {t('({n} below target)', { n: d.gap })}</span> : null}
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

function GapList(p: { qn: Questionnaire; score: AssessmentScore; assessmentId: string; t: Translate }): SafeHtml {
  const t = p.t;
  const n = p.score.gaps.length;
  return (
    <section aria-labelledby="gaps-h">
      <h2 id="gaps-h">{t('Gaps and recommendations')}</h2>
      {n === 0 ? (
        <p class="muted">{t('No gap: every applicable question up to the target levels is met.')}</p>
      ) : (
        <>
          <p class="muted">
            {n === 1
              ? t('{n} question at or below the target level not met, foundations first.', { n })
              : t('{n} questions at or below the target level not met, foundations first.', { n })}
          </p>
          <TableWrap>
            <table class="gaps">
              <caption class="muted">{t('Gap list')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('Question')}</th>
                  <th scope="col">{t('Domain')}</th>
                  <th scope="col">{t('Level')}</th>
                  <th scope="col">{t('Current answer')}</th>
                  <th scope="col">{t('Recommendation')}</th>
                  <th scope="col">{t('Catalog')}</th>
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
                    <td>{g.status === 'unanswered' ? <span class="muted">{t('Unanswered')}</span> : answerLabel(t, p.qn, g.answer)}</td>
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

function Unanswered(p: { score: AssessmentScore; assessmentId: string; t: Translate }): SafeHtml {
  const t = p.t;
  const domains = p.score.domains.filter((d) => d.unanswered.length > 0);
  return (
    <section aria-labelledby="unanswered-h">
      <h2 id="unanswered-h">{t('Unanswered questions')}</h2>
      {domains.length === 0 ? (
        <p class="muted">{t('Every question is answered.')}</p>
      ) : (
        <ul>
          {domains.map((d) => (
            <li>
              <a href={`/resilience/${p.assessmentId}/domains/${encodeURIComponent(d.domainId)}`}>{d.title}</a>:{' '}
              {t('{n} of {total}', { n: d.unanswered.length, total: d.total })} ({d.unanswered.map((id, i) => [i > 0 ? ', ' : '', <code>{id}</code>])})
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Conflicts(p: { qn: Questionnaire; state: AssessmentState; assessmentId: string; reviewer: boolean; t: Translate }): SafeHtml {
  const t = p.t;
  const domainOfQuestion = new Map(domainsOf(p.qn).flatMap(({ domain }) => domain.questions.map((q) => [q.id, domain.id])));
  const open = p.state.conflicts.filter((c) => !c.settled).length;
  return (
    <section aria-labelledby="conflicts-h">
      <h2 id="conflicts-h">{t('Conflicting answers')}</h2>
      {p.state.conflicts.length === 0 ? (
        <p class="muted">{t('The contributors agree on every question answered by more than one of them.')}</p>
      ) : (
        <>
          <p>
            {open === 0
              ? t('Every conflict is settled by the reviewer.')
              : open === 1
                ? t('{n} conflict to settle.', { n: open })
                : t('{n} conflicts to settle.', { n: open })}
            {p.reviewer && open > 0 ? ` ${t('Open the question and give the settled answer as the reviewer.')}` : null}
          </p>
          <ul class="history">
            {p.state.conflicts.map((c) => (
              <li>
                <a href={`/resilience/${p.assessmentId}/domains/${encodeURIComponent(domainOfQuestion.get(c.questionId) ?? '')}#q-${c.questionId}`}>
                  <code>{c.questionId}</code>
                </a>{' '}
                <span class="status">{c.settled ? t('Settled') : t('Open')}</span>
                <ul>
                  {c.candidates.map((k) => (
                    <li>
                      {p.state.names[k.contributor] ?? k.contributor}
                      {k.role === 'reviewer' ? ` ${t('(reviewer)')}` : ''}: {answerLabel(t, p.qn, k.value)}
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

/** What an event of the history says after the person's name. */
function eventText(t: Translate, kind: string): string {
  switch (kind) {
    case 'created':
      return t('started the assessment');
    case 'reviewer':
      return t('named another reviewer');
    case 'submit':
      return t('submitted it for review');
    case 'return':
      return t('returned it to draft');
    case 'finalise':
      return t('finalised it; the score is frozen');
    default:
      return kind;
  }
}

export function resilienceOverviewPage(o: OverviewPageData): string {
  const { x, state } = o;
  const id = x.a.id;
  const lang = o.lang ?? 'en';
  const t = translator(lang);
  const qn = localizeQuestionnaire(x.questionnaire, lang);
  const score = localizeScore(state.score, qn);
  const labels = chartLabels(t);
  return page(
    { title: x.a.title, actor: o.actor, csrf: o.csrf, nav: 'resilience', lang, path: `/resilience/${id}` },
    <>
      <p>
        <a href="/resilience">{t('All assessments')}</a>
      </p>
      <Header x={x} score={score} t={t} />
      <RiskSummary score={score} assessmentId={id} t={t} />
      {state.frozen ? <p class="notice">{t('This assessment is final: the scores below are the snapshot frozen when the reviewer finalised it.')}</p> : null}
      {state.dropped.length > 0 ? (
        <p class="notice">{t('Answers to questions the questionnaire no longer has are left out of the score: {questions}.', { questions: state.dropped.join(', ') })}</p>
      ) : null}

      <section aria-labelledby="status-h">
        <h2 id="status-h">{t('Status')}</h2>
        {o.error?.at === 'status' ? <ErrorNote message={o.error.message} /> : null}
        {x.a.status === 'final' ? <p>{fill(t('Final since {when}.'), { when: <When d={x.a.finalised_at} /> })}</p> : null}
        {o.can.submit ? (
          <form class="inline" method="post" action={`/resilience/${id}/status`}>
            <CsrfField csrf={o.csrf} />
            <input type="hidden" name="action" value="submit" />
            <button type="submit">{t('Submit for review')}</button>
          </form>
        ) : null}
        {o.can.review ? (
          <form class="card stack" method="post" action={`/resilience/${id}/status`}>
            <CsrfField csrf={o.csrf} />
            <label>
              {t('Review note (required to return the assessment to draft)')}
              <textarea name="note" rows="3" maxlength={String(MAX_COMMENT)}></textarea>
            </label>
            <p class="inline">
              <button type="submit" name="action" value="finalise">
                {t('Finalise')}
              </button>
              <button type="submit" name="action" value="return" class="secondary">
                {t('Return to draft')}
              </button>
            </p>
          </form>
        ) : null}
        {x.a.status === 'draft' && !o.can.submit ? <p class="muted">{t('The contributors are answering; a lab auditor or lead submits it for review.')}</p> : null}
        {x.a.status === 'in_review' && !o.can.review ? (
          <p class="muted">
            {x.a.reviewer_name ? t('Waiting for the reviewer, {name}.', { name: x.a.reviewer_name }) : t('Waiting for the reviewer, not named yet.')}
          </p>
        ) : null}
        {o.can.manage && o.reviewers ? (
          <form class="inline" method="post" action={`/resilience/${id}/reviewer`}>
            <CsrfField csrf={o.csrf} />
            {o.error?.at === 'reviewer' ? <ErrorNote message={o.error.message} /> : null}
            <label>
              {t('Reviewer')}
              <select name="reviewerId" required>
                {o.reviewers.map((u) => (
                  <option value={u.id} selected={u.id === x.a.reviewer_id}>
                    {u.name} ({roleOf(t, u.role)})
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" class="secondary">
              {t('Change the reviewer')}
            </button>
          </form>
        ) : null}
      </section>

      <section aria-labelledby="domains-h">
        <h2 id="domains-h">{t('Scores per domain')}</h2>
        <DomainTable qn={qn} score={score} assessmentId={id} conflicts={new Set(state.conflicts.filter((c) => !c.settled).map((c) => c.questionId))} t={t} />
        <div class="chart">
          {raw(domainBarsSvg(score, { idPrefix: 'bars', labels, title: t('{questionnaire}: maturity per domain', { questionnaire: score.questionnaire.title }) }))}
        </div>
      </section>

      <section aria-labelledby="radar-h">
        <h2 id="radar-h">{t('Radar')}</h2>
        <p class="muted">{t('The attained maturity per domain (filled), against the target from the risk profile (dashed).')}</p>
        <div class="chart">
          {raw(radarSvg(score, { idPrefix: 'radar', labels, title: t('{questionnaire}: maturity per domain', { questionnaire: score.questionnaire.title }) }))}
        </div>
      </section>

      <GapList qn={qn} score={score} assessmentId={id} t={t} />
      <Unanswered score={score} assessmentId={id} t={t} />
      <Conflicts qn={qn} state={state} assessmentId={id} reviewer={x.isReviewer} t={t} />

      {o.comparable.length > 0 ? (
        <section aria-labelledby="compare-h">
          <h2 id="compare-h">{t('Compare')}</h2>
          <form class="inline" method="get" action="/resilience/compare">
            <input type="hidden" name="b" value={id} />
            <label>
              {t('Earlier assessment')}
              <select name="a" required>
                {o.comparable.map((c) => (
                  <option value={c.id}>
                    {c.title}
                    {c.period ? ` (${c.period})` : ''} – {statusLabel(t, c.status)}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" class="secondary">
              {t('Compare with this one')}
            </button>
          </form>
        </section>
      ) : null}

      <section aria-labelledby="history-h">
        <h2 id="history-h">{t('History')}</h2>
        <ol class="history">
          {o.events.map((e) => (
            <li>
              <When d={e.at} /> · {e.user_name ?? t('the platform')} {eventText(t, e.kind)}
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
  const lang = o.lang ?? 'en';
  const t = translator(lang);
  const qn = localizeQuestionnaire(x.questionnaire, lang);
  const chosen = o.values ?? state.profile;
  const problemsOf = (id: string): AnswerProblem[] => (o.problems ?? []).filter((p) => p.questionId === id);
  const known = new Set(qn.riskProfile.questions.map((q) => q.id));
  const stray = (o.problems ?? []).filter((p) => !known.has(p.questionId));
  const r = state.score.profile;
  const targets = localizeScore(state.score, qn).domains;
  return page(
    { title: t('Risk profile: {title}', { title: x.a.title }), actor: o.actor, csrf: o.csrf, nav: 'resilience', lang, path: `/resilience/${x.a.id}/profile` },
    <>
      <p>
        <a href={`/resilience/${x.a.id}`}>{t('Back to the assessment')}</a>
      </p>
      <p class="muted">
        {t('What the institution runs — channels, volumes, dependencies — sets its inherent risk level, and the risk level sets the target maturity of each domain.')}
      </p>
      <section aria-labelledby="level-h" class="card">
        <h2 id="level-h">{t('Resulting risk level and targets')}</h2>
        {o.saved ? (
          <p class="notice" role="status">
            {t('The risk profile is saved.')}
          </p>
        ) : null}
        <p>
          {fill(t('Inherent risk level {level} of 5'), { level: <strong>{r.riskLevel}</strong> })}{' '}
          {r.assumed
            ? t('(assumed until the profile is answered)')
            : t('(weighted mean {mean}, highest answer {highest})', { mean: r.meanRisk ?? '–', highest: r.highestRisk ?? '–' })}
          .
        </p>
        <TableWrap>
          <table>
            <caption class="muted">{t('Target maturity per domain at this risk level')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('Domain')}</th>
                <th scope="col">{t('Target level')}</th>
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
        <h2 id="profile-h">{t('Inherent-risk profile')}</h2>
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
                  <p class="muted">{pq.multiple ? t('Tick every choice that applies.') : t('Choose one.')}</p>
                  {pq.multiple ? null : (
                    <div>
                      <label>
                        <input type="radio" name={`p_${pq.id}`} value="" checked={picked.size === 0} /> {t('Not answered')}
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
              <button type="submit">{t('Save the risk profile')}</button>
            </p>
          </form>
        ) : (
          <dl>
            {qn.riskProfile.questions.map((pq) => (
              <>
                <dt>{pq.text}</dt>
                <dd>
                  {(chosen[pq.id] ?? []).length === 0 ? (
                    <span class="muted">{t('Not answered')}</span>
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

function AnswersGiven(p: { qn: Questionnaire; answers: StoredAnswer[]; t: Translate }): SafeHtml | null {
  const t = p.t;
  if (p.answers.length === 0) return null;
  return (
    <div>
      <p class="muted">{t('Answers given:')}</p>
      <ul>
        {p.answers.map((a) => (
          <li>
            {a.name}
            {a.role === 'reviewer' ? ` ${t('(reviewer)')}` : ''}: <strong>{answerLabel(t, p.qn, a.value)}</strong> · <When d={a.answeredAt} />
            {a.justification ? <p class="comment">{t('Justification: {text}', { text: a.justification })}</p> : null}
            {a.comment ? <p class="comment">{a.comment}</p> : null}
            {a.evidence.length > 0 ? <p class="muted">{t('Evidence: {refs}', { refs: a.evidence.join('; ') })}</p> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function resilienceDomainPage(o: DomainPageData): string {
  const { x, state } = o;
  const lang = o.lang ?? 'en';
  const t = translator(lang);
  const qn = localizeQuestionnaire(x.questionnaire, lang);
  const domain = domainsOf(qn).find((r) => r.domain.id === o.domain.id)?.domain ?? o.domain;
  const pillar = qn.pillars.find((p) => p.id === o.pillar.id) ?? o.pillar;
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
    const kept = o.history[question.id] ?? 0;
    const levelName = qn.maturityLevels.find((l) => l.level === question.level)?.name;
    return (
      <fieldset class="card" id={`q-${question.id}`} aria-describedby={problems.length > 0 ? errId : undefined}>
        <legend>
          <code>{question.id}</code> {question.text}
        </legend>
        <p class="muted">
          {levelName
            ? t('Level {level} ({name}) · weight {weight}', { level: question.level, name: levelName, weight: question.weight })
            : t('Level {level} · weight {weight}', { level: question.level, weight: question.weight })}
          {question.catalog.length > 0 ? ` · ${t('catalog {items}', { items: question.catalog.join(', ') })}` : ''}
          {kept > answers.length ? ` · ${t('{n} answers kept in the history', { n: kept })}` : ''}
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
          {fill(t('Merged answer: {answer}'), {
            answer: <strong>{result?.status === 'unanswered' || !result ? t('Unanswered') : answerLabel(t, qn, result.answer?.value)}</strong>,
          })}
          {result?.answer?.contributor ? (
            <span class="muted"> {t('(from {name})', { name: state.names[result.answer.contributor] ?? result.answer.contributor })}</span>
          ) : null}
          {c ? <span class="status"> · {c.settled ? t('Conflict settled by the reviewer') : t('Conflict: the contributors disagree')}</span> : null}
        </p>
        <AnswersGiven qn={qn} answers={answers} t={t} />
        {o.canEdit ? (
          <>
            <fieldset>
              <legend>{x.isReviewer ? t('Settled answer') : t('Your answer')}</legend>
              <div>
                <label>
                  <input type="radio" name={`value_${question.id}`} value="" checked={!v?.value} /> {t('No answer')}
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
                  {t('Justification (required for “{label}”)', { label: answerLabel(t, qn, 'not-applicable') })}
                  <textarea name={`justification_${question.id}`} rows="2" maxlength={String(MAX_COMMENT)}>
                    {v?.justification ?? ''}
                  </textarea>
                </label>
              ) : null}
              <label>
                {t('Comment')}
                <textarea name={`comment_${question.id}`} rows="2" maxlength={String(MAX_COMMENT)}>
                  {v?.comment ?? ''}
                </textarea>
              </label>
              <label>
                {t('Evidence (one reference per line)')}
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
    {
      title: t('{domain}: {title}', { domain: domain.title, title: x.a.title }),
      actor: o.actor,
      csrf: o.csrf,
      nav: 'resilience',
      lang,
      path: `/resilience/${x.a.id}/domains/${encodeURIComponent(domain.id)}`,
    },
    <>
      <p>
        <a href={`/resilience/${x.a.id}`}>{t('Back to the assessment')}</a>
        {next ? (
          <>
            {' · '}
            <a href={`/resilience/${x.a.id}/domains/${encodeURIComponent(next)}`}>{t('Next domain')}</a>
          </>
        ) : null}
      </p>
      <p class="muted">
        {pillar.title} · {t('CPMI-IOSCO category: {category}', { category: categoryLabel(t, domain.category) })}
        {domain.description ? ` · ${domain.description}` : ''}
      </p>
      {score ? (
        <p>
          {fill(t('Attained level {attained}, target {target}, score {percent}% ({answered} of {total} answered).'), {
            attained: <strong>{score.attained}</strong>,
            target: score.target,
            percent: score.percent,
            answered: score.answered,
            total: score.total,
          })}
        </p>
      ) : null}
      {x.isReviewer && o.canEdit ? <p class="notice">{t("You are the reviewer: your answers settle the questions and win over every contributor's.")}</p> : null}
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
            <button type="submit">{x.isReviewer ? t('Save the settled answers') : t('Save your answers')}</button>
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
  const lang = o.lang ?? 'en';
  const t = translator(lang);
  const r = o.result;
  const option = (a: AssessmentSummary, sel: string | undefined): SafeHtml => (
    <option value={a.id} selected={sel === a.id}>
      {a.title}
      {a.period ? ` (${a.period})` : ''} – {a.provider_name}, {statusLabel(t, a.status)}
    </option>
  );
  const qn = r ? localizeQuestionnaire(r.after.questionnaire, lang) : undefined;
  const query = [o.selected.a ? `a=${encodeURIComponent(o.selected.a)}` : '', o.selected.b ? `b=${encodeURIComponent(o.selected.b)}` : ''].filter(Boolean).join('&');
  return page(
    { title: t('Compare assessments'), actor: o.actor, csrf: o.csrf, nav: 'resilience', lang, path: `/resilience/compare${query ? `?${query}` : ''}` },
    <>
      <p>
        <a href="/resilience">{t('All assessments')}</a>
      </p>
      <ErrorNote message={o.error} />
      <form class="inline" method="get" action="/resilience/compare">
        <label>
          {t('Earlier assessment')}
          <select name="a" required>
            <option value="">{t('Choose')}</option>
            {o.assessments.map((a) => option(a, o.selected.a))}
          </select>
        </label>
        <label>
          {t('Later assessment')}
          <select name="b" required>
            <option value="">{t('Choose')}</option>
            {o.assessments.map((a) => option(a, o.selected.b))}
          </select>
        </label>
        <button type="submit">{t('Compare')}</button>
      </form>
      {r && qn ? (
        (() => {
          const comparison = localizeComparison(r.comparison, qn);
          const afterScore = localizeScore(r.afterScore, qn);
          const n = comparison.improved.length;
          return (
            <>
              <p>
                {fill(t('{before} ({beforeStatus}) compared with {after} ({afterStatus}).'), {
                  before: <a href={`/resilience/${r.before.a.id}`}>{r.before.a.title}</a>,
                  beforeStatus: statusLabel(t, r.before.a.status),
                  after: <a href={`/resilience/${r.after.a.id}`}>{r.after.a.title}</a>,
                  afterStatus: statusLabel(t, r.after.a.status),
                })}
              </p>
              <p>
                {t('Risk level {before} → {after}; overall score {percentBefore}% → {percentAfter}%;', {
                  before: comparison.riskLevelBefore,
                  after: comparison.riskLevelAfter,
                  percentBefore: comparison.percentBefore,
                  percentAfter: comparison.percentAfter,
                })}{' '}
                {n === 1
                  ? t('{n} answer improved, {regressed} regressed, {unchanged} unchanged.', { n, regressed: comparison.regressed.length, unchanged: comparison.unchanged })
                  : t('{n} answers improved, {regressed} regressed, {unchanged} unchanged.', { n, regressed: comparison.regressed.length, unchanged: comparison.unchanged })}
              </p>
              <section aria-labelledby="cmp-radar-h">
                <h2 id="cmp-radar-h">{t('Radar')}</h2>
                <p class="muted">{t('The later assessment (filled), its target (dashed) and the earlier assessment (dotted).')}</p>
                <div class="chart">
                  {raw(
                    radarSvg(afterScore, {
                      compareWith: r.beforeScore,
                      idPrefix: 'radar-compare',
                      labels: chartLabels(t),
                      title: t('{questionnaire}: maturity per domain', { questionnaire: afterScore.questionnaire.title }),
                    }),
                  )}
                </div>
              </section>
              <section aria-labelledby="cmp-domains-h">
                <h2 id="cmp-domains-h">{t('Domains')}</h2>
                <TableWrap>
                  <table>
                    <caption class="muted">{t('Attained level and score per domain, before and after')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('Domain')}</th>
                        <th scope="col">{t('Level before')}</th>
                        <th scope="col">{t('Level after')}</th>
                        <th scope="col">{t('Change')}</th>
                        <th scope="col">{t('Score before')}</th>
                        <th scope="col">{t('Score after')}</th>
                        <th scope="col">{t('Change')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {comparison.domains.map((d) => (
                        <tr>
                          <td>{d.title}</td>
                          <td>{d.levelBefore ?? '–'}</td>
                          <td>{d.levelAfter ?? '–'}</td>
                          <td>{signed(d.levelChange)}</td>
                          <td>{d.percentBefore === undefined ? '–' : `${d.percentBefore}%`}</td>
                          <td>{d.percentAfter === undefined ? '–' : `${d.percentAfter}%`}</td>
                          <td>{t('{n} points', { n: signed(d.percentChange) })}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableWrap>
              </section>
              {(
                [
                  [t('Improved answers'), comparison.improved],
                  [t('Regressed answers'), comparison.regressed],
                  [t('Other changes'), comparison.otherChanges],
                ] as const
              ).map(([title, list], i) => (
                <section aria-labelledby={`cmp-list-${i}`}>
                  <h2 id={`cmp-list-${i}`}>{title}</h2>
                  {list.length === 0 ? (
                    <p class="muted">{t('None.')}</p>
                  ) : (
                    <ul>
                      {list.map((c) => (
                        <li>
                          <code>{c.questionId}</code>: {answerLabel(t, qn, c.before)} → {answerLabel(t, qn, c.after)}
                        </li>
                      ))}
                    </ul>
                  )}
                </section>
              ))}
            </>
          );
        })()
      ) : null}
    </>,
  );
}
