/**
 * @module platform/web/pages/training
 * The pages of training engagements: the trainer's "set up a training engagement" form; the samples page,
 * which every member of a training engagement sees (the bundled builds to download and to scan; no answer key
 * on it); and the trainer's page with the answer key next to the team's results, the score, and the button that
 * starts the reference USSD service. In the reader's language (`lang`, English by default); the sample apps'
 * names, the plan's titles and the answer key's explanations stay as written.
 */
import { AUDIT_PROFILES } from '../../../index.js';
import type { Engagement, EngagementApp } from '../../services/engagements.js';
import type { TrainingView, Verdict } from '../../services/training.js';
import { TRAINING_SAMPLES, type ExpectedResult, type TrainingSampleId } from '../../services/training-key.js';
import type { StoredUssdTarget } from '../../services/ussd-targets.js';
import type { Actor } from '../../types.js';
import { PLATFORM_LABEL, TableWrap } from '../components.js';
import { fill, translator, type Lang, type Translate } from '../i18n.js';
import { Fragment, h, type SafeHtml } from '../jsx.js';
import { CsrfField, page } from '../layout.js';
import { PhaseBadge, ResultBadge } from './engagement-sections.js';

export interface TrainingFormValues {
  title?: string | undefined;
  profile?: string | undefined;
  trainees?: string | undefined;
}

function ErrorLine(p: { error?: string | undefined }): SafeHtml | null {
  return p.error ? (
    <p class="error" role="alert">
      {p.error}
    </p>
  ) : null;
}

export function newTrainingPage(o: { actor: Actor; csrf?: string | undefined; values?: TrainingFormValues; error?: string | undefined; lang?: Lang | undefined }): string {
  const t = translator(o.lang);
  const v = o.values ?? {};
  return page(
    { title: t('Set up a training engagement'), actor: o.actor, csrf: o.csrf, nav: 'engagements', lang: o.lang ?? 'en', path: '/training/new' },
    <>
      <p class="muted">
        {t(
          'A training engagement runs the usual workflow on the samples that come with dfslab: an Android wallet, an iOS bank app and the reference USSD service M-Wallet. They are registered under the provider "Training samples" of your lab. You lead it as the trainer; the trainees join as auditors. Only you and the lab\'s administrators see the expected results and the score.',
        )}
      </p>
      <ErrorLine error={o.error} />
      <form class="stack" method="post" action="/training">
        <CsrfField csrf={o.csrf} />
        <label>
          {t('Title')}
          <input name="title" required maxlength="200" value={v.title ?? ''} />
        </label>
        <label>
          {t('Profile')}
          <select name="profile">
            {AUDIT_PROFILES.map((p) => (
              <option value={p.id} selected={(v.profile ?? 'all') === p.id}>
                {p.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("Trainees' e-mail addresses (optional; one per line)")}
          <textarea name="trainees" rows="4" maxlength="16000" aria-describedby="trainees-help">
            {v.trainees ?? ''}
          </textarea>
        </label>
        <p id="trainees-help" class="muted">
          {t("Each must be an active lead, auditor or administrator of your lab. You can add more people from the engagement's page later.")}
        </p>
        <button type="submit">{t('Set up the training engagement')}</button>
      </form>
    </>,
  );
}

export interface SampleCard {
  app: EngagementApp;
  sample: TrainingSampleId;
}

/** The samples of a training engagement: what a trainee downloads and scans. It carries no expected result. */
export function trainingSamplesPage(o: {
  actor: Actor;
  csrf?: string | undefined;
  lang?: Lang | undefined;
  engagement: Engagement;
  samples: readonly SampleCard[];
  /** The caller may scan now (a tester, in a testing or retest phase). */
  canScan: boolean;
  /** The caller is the trainer (a link to the trainer's page). */
  trainer: boolean;
  ussdTargets: readonly StoredUssdTarget[];
  error?: { message: string; appId?: string | undefined } | undefined;
}): string {
  const t = translator(o.lang);
  const id = o.engagement.id;
  return page(
    { title: t('Samples of {title}', { title: o.engagement.title }), actor: o.actor, csrf: o.csrf, nav: 'engagements', lang: o.lang ?? 'en', path: `/engagements/${id}/training/samples` },
    <>
      <p>
        <a href={`/engagements/${id}`}>{t('Back to the engagement')}</a> · <PhaseBadge phase={o.engagement.phase} t={t} />
        {o.trainer ? (
          <>
            {' '}
            · <a href={`/engagements/${id}/training`}>{t("Trainer's view")}</a>
          </>
        ) : null}
      </p>
      <p class="muted">
        {t(
          'These are the builds this training engagement audits. Scan them here (the scan is linked to the engagement like an upload), and download them to install on a test device for the manual tests.',
        )}
      </p>
      {o.error && !o.error.appId ? <ErrorLine error={o.error.message} /> : null}
      {!o.canScan ? (
        <p class="notice">{t("Scanning is open to the engagement's lead and auditors while it is in testing, reporting or review (or being retested).")}</p>
      ) : null}
      <div class="grid">
        {o.samples.map(({ app, sample }) => (
          <div class="card">
            <h2>{app.name}</h2>
            <p class="muted">
              {PLATFORM_LABEL[app.platform] ?? app.platform}, <code>{app.identifier}</code>
            </p>
            {o.error?.appId === app.app_id ? <ErrorLine error={o.error.message} /> : null}
            {sample === 'ussd' ? (
              <>
                <p>{t("M-Wallet is tested live. The trainer starts it on this server; then run the tests of its target from the engagement's Testing section.")}</p>
                {o.ussdTargets.length === 0 ? (
                  <p class="muted">{t('The service has no target yet.')}</p>
                ) : (
                  <ul>
                    {o.ussdTargets.map((tg) => (
                      <li>
                        <a href={`/ussd-targets/${tg.id}`}>{tg.name}</a>
                      </li>
                    ))}
                  </ul>
                )}
              </>
            ) : (
              <div class="inline">
                <a class="button" href={`/engagements/${id}/training/samples/${app.app_id}`} download>
                  {sample === 'ios' ? t('Download the IPA') : t('Download the APK')}
                </a>
                {o.canScan ? (
                  <form method="post" action={`/engagements/${id}/training/samples/${app.app_id}/scan`}>
                    <CsrfField csrf={o.csrf} />
                    <button type="submit" aria-label={t('Scan the bundled build of {app}', { app: app.name })}>
                      {t('Scan the bundled build')}
                    </button>
                  </form>
                ) : null}
              </div>
            )}
            <p class="muted">{fill(t('Bundled file: {file}'), { file: <code>{TRAINING_SAMPLES[sample].file}</code> })}</p>
          </div>
        ))}
      </div>
    </>,
  );
}

/** The answer key's expected result in words. */
function expectedName(t: Translate, r: ExpectedResult): string {
  switch (r) {
    case 'pass':
      return t('Pass');
    case 'fail':
      return t('Fail');
    case 'not_applicable':
      return t('Not applicable');
  }
}

/** Whether the team's result matches the key, in words. */
function verdictName(t: Translate, v: Verdict): string {
  switch (v) {
    case 'correct':
      return t('Correct');
    case 'wrong':
      return t('Wrong');
    case 'not_yet':
      return t('Not yet');
  }
}

const percent = (x: number): string => `${Math.round(x * 100)} %`;

/** The trainer's view: the score, the answer key next to the team's results, and the USSD service. */
export function trainingKeyPage(o: {
  actor: Actor;
  csrf?: string | undefined;
  lang?: Lang | undefined;
  engagement: Engagement;
  view: TrainingView;
  walletEndpoint?: string | undefined;
  error?: string | undefined;
}): string {
  const t = translator(o.lang);
  const id = o.engagement.id;
  const s = o.view.score;
  return page(
    { title: t("Trainer's view of {title}", { title: o.engagement.title }), actor: o.actor, csrf: o.csrf, nav: 'engagements', lang: o.lang ?? 'en', path: `/engagements/${id}/training` },
    <>
      <p>
        <a href={`/engagements/${id}`}>{t('Back to the engagement')}</a> · <a href={`/engagements/${id}/training/samples`}>{t('Samples')}</a> ·{' '}
        <PhaseBadge phase={o.engagement.phase} t={t} />
      </p>
      <p class="notice">{t("Only you (the trainer) and the lab's administrators see this page; the trainees do not know its content.")}</p>
      <section aria-labelledby="score-h" class="card">
        <h2 id="score-h">{t('Score')}</h2>
        <dl id="training-score">
          <dt>{t('Score')}</dt>
          <dd>{t('{percent} ({correct} of {keyed} keyed rows correct)', { percent: percent(s.score), correct: s.correct, keyed: s.keyed })}</dd>
          <dt>{t('Wrong')}</dt>
          <dd>{s.wrong}</dd>
          <dt>{t('Not yet')}</dt>
          <dd>{s.not_yet}</dd>
          <dt>{t('Expected findings')}</dt>
          <dd>{t('{found} found, {missed} missed (of {expected})', { found: s.findings.found, missed: s.findings.missed, expected: s.findings.expected })}</dd>
        </dl>
      </section>
      <section aria-labelledby="ussd-h" class="card">
        <h2 id="ussd-h">{t('Reference USSD service')}</h2>
        <ErrorLine error={o.error} />
        <p>
          {o.walletEndpoint
            ? fill(t('M-Wallet runs on this server at {endpoint} (vulnerable profile). Starting it again resets its accounts.'), { endpoint: <code>{o.walletEndpoint}</code> })
            : t('M-Wallet is not running on this server.')}
        </p>
        <form method="post" action={`/engagements/${id}/training/ussd`}>
          <CsrfField csrf={o.csrf} />
          <button type="submit">{o.walletEndpoint ? t('Reset M-Wallet and its target') : t('Start M-Wallet and create its target')}</button>
        </form>
      </section>
      <section aria-labelledby="key-h">
        <h2 id="key-h">{t('Answer key')}</h2>
        <TableWrap>
          <table>
            <caption class="muted">{t("The rows of the plan the samples decide, with the expected result and the team's")}</caption>
            <thead>
              <tr>
                <th scope="col">{t('Item')}</th>
                <th scope="col">{t('Mode')}</th>
                <th scope="col">{t('Expected')}</th>
                <th scope="col">{t('Team')}</th>
                <th scope="col">{t('Verdict')}</th>
                <th scope="col">{t('Why, and where to look')}</th>
              </tr>
            </thead>
            <tbody>
              {o.view.rows.map((r) => (
                <tr id={`key-${r.item_id}`}>
                  <th scope="row">
                    <a href={`/engagements/${id}/rows/${r.row_id}`}>{r.item_id}</a> {r.title}
                  </th>
                  <td>{r.mode === 'automated' ? t('Automated') : t('Manual')}</td>
                  <td>
                    <span class={`status result result-${r.expected}`}>{expectedName(t, r.expected)}</span>
                  </td>
                  <td>
                    <ResultBadge result={r.actual} t={t} />
                  </td>
                  <td class={`status verdict-${r.verdict}`}>{verdictName(t, r.verdict)}</td>
                  <td>
                    {r.explanation} <span class="muted">({r.samples.map((x) => TRAINING_SAMPLES[x].name).join(', ')})</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>
    </>,
  );
}
