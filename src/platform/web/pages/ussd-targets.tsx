/**
 * @module platform/web/pages/ussd-targets
 * USSD targets: a target's page (the parsed summary of its file — never the file itself, which holds the test
 * accounts' PINs and the gateway credentials — its runs, and the "Run tests" form), the form that registers or
 * replaces a target file, and the run form the app page shows for each target. In the reader's language
 * (`lang`, English when not given); what the target file says (endpoint, dialect, account roles, test ids) and
 * its problems stay as written.
 */
import type { App } from '../../services/providers.js';
import type { StoredUssdTarget, UssdTargetRun, UssdTargetSummary } from '../../services/ussd-targets.js';
import { WRITERS, type Actor } from '../../types.js';
import { Fragment, h, type SafeHtml } from '../jsx.js';
import { CsrfField, page } from '../layout.js';
import { ScanStatus, ScoreCell, When } from '../components.js';
import { fill, translator, type Lang, type Translate } from '../i18n.js';

/** The translator of the run form when its page gives none. */
const ENGLISH = translator('en');

/** A multi-line message (the target file's problems, one per line) as an alert. */
export function ErrorLines(p: { message: string | undefined }): SafeHtml {
  if (!p.message) return <></>;
  const lines = p.message.split('\n').map((l) => l.trim()).filter(Boolean);
  return (
    <div class="error" role="alert">
      {lines.map((l) => (
        <p>{l}</p>
      ))}
    </div>
  );
}

/** "Run tests": queues a run of the target; quick mode (the short suite, like `--quick`) is on by default. */
export function RunUssdForm(p: { targetId: string; csrf: string | undefined; label?: string; t?: Translate | undefined }): SafeHtml {
  const t = p.t ?? ENGLISH;
  const quickId = `quick-${p.targetId}`;
  return (
    <form class="inline" method="post" action={`/ussd-targets/${p.targetId}/runs`}>
      <CsrfField csrf={p.csrf} />
      <label for={quickId}>
        <input type="checkbox" id={quickId} name="quick" value="on" checked /> {t('Quick mode')}
      </label>
      <button type="submit">{p.label ?? t('Run tests')}</button>
    </form>
  );
}

function Summary(p: { summary: UssdTargetSummary; t: Translate }): SafeHtml {
  const s = p.summary;
  const { t } = p;
  const list = (xs: string[], none: string): SafeHtml => (xs.length ? <>{xs.map((x, i) => <>{i ? ', ' : ''}<code>{x}</code></>)}</> : <span class="muted">{none}</span>);
  return (
    <dl class="summary">
      <dt>{t('Gateway URL')}</dt>
      <dd>
        <code>{s.endpoint}</code>
        {s.tlsInsecure ? <span class="muted"> · {t('certificate not verified (tls.insecure)')}</span> : null}
      </dd>
      <dt>{t('Dialect')}</dt>
      <dd>{s.dialect}</dd>
      <dt>{t('Service code')}</dt>
      <dd>
        <code>{s.serviceCode}</code>
      </dd>
      <dt>{t('Test accounts')}</dt>
      <dd>
        <ul>
          {s.accounts.map((a) => (
            <li>
              {a.role}: <code>{a.msisdn}</code>
            </li>
          ))}
        </ul>
        <span class="muted">{t('Numbers masked; PINs are never shown.')}</span>
      </dd>
      <dt>{t('Auth headers')}</dt>
      <dd>{list(s.authHeaders, t('none'))}</dd>
      <dt>{t('Environment')}</dt>
      <dd>
        {s.production
          ? s.authorised
            ? t('production, with a written authorisation: tests that change state may run')
            : t('production, without a written authorisation: tests that change state are skipped')
          : t('staging or test (not production)')}
      </dd>
      <dt>{t('Money a test may move')}</dt>
      <dd>{s.allowedAmount === null ? t('none (tests that move money are skipped)') : String(s.allowedAmount)}</dd>
      <dt>{t('Budget')}</dt>
      <dd>{t('at most {max} requests, {rate} per second, {timeout} ms per request', { max: s.budget.maxRequests, rate: s.budget.ratePerSecond, timeout: s.budget.timeoutMs })}</dd>
      <dt>{t('Tests')}</dt>
      <dd>
        {s.tests.include.length ? fill(t('only {tests}'), { tests: list(s.tests.include, '') }) : t('all')}
        {s.tests.exclude.length ? fill(t('; not {tests}'), { tests: list(s.tests.exclude, '') }) : null}
        {s.quick ? ` · ${t('quick mode set in the file')}` : ''}
      </dd>
    </dl>
  );
}

export function ussdTargetPage(o: { actor: Actor; csrf?: string | undefined; target: StoredUssdTarget; runs: UssdTargetRun[]; lang?: Lang }): string {
  const g = o.target;
  const t = translator(o.lang);
  const canWrite = WRITERS.includes(o.actor.role);
  const updated = <When d={g.updated_at} />;
  return page(
    { title: t('USSD target {name}', { name: g.name }), actor: o.actor, csrf: o.csrf, nav: 'providers', lang: o.lang ?? 'en', path: `/ussd-targets/${g.id}` },
    <>
      <p class="muted">
        <a href={`/apps/${g.app_id}`}>{g.app_name}</a> · <code>{g.app_identifier}</code> · <a href={`/providers/${g.provider_id}`}>{g.provider_name}</a> ·{' '}
        {g.updated_by_name ? fill(t('updated {when} by {who}'), { when: updated, who: g.updated_by_name }) : fill(t('updated {when}'), { when: updated })}
      </p>
      {g.summary ? (
        <Summary summary={g.summary} t={t} />
      ) : (
        <>
          <p class="error" role="alert">
            {t("The stored target file no longer passes this version's checks; replace it:")}
          </p>
          <ErrorLines message={g.problem} />
        </>
      )}
      {canWrite ? (
        <div class="card">
          <h2>{t('Run the tests')}</h2>
          <p class="muted">
            {t(
              "The tests send requests to the service at the gateway URL, as the declared test accounts only, within the file's budget and safety rails. Quick mode runs the short suite and skips long waits.",
            )}
          </p>
          {g.summary ? <RunUssdForm targetId={g.id} csrf={o.csrf} t={t} /> : null}
          <p>
            <a href={`/ussd-targets/${g.id}/edit`}>{t('Replace the target file or rename the target')}</a>
          </p>
        </div>
      ) : null}
      <h2>{t('Runs')}</h2>
      <table>
        <caption class="muted">{t('Runs of this target, newest first')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('Started')}</th>
            <th scope="col">{t('Mode')}</th>
            <th scope="col">{t('Status')}</th>
            <th scope="col">{t('Grade (score)')}</th>
            <th scope="col">{t('By')}</th>
          </tr>
        </thead>
        <tbody>
          {o.runs.length === 0 ? (
            <tr>
              <td colspan="5" class="muted">
                {t('No run yet.')}
              </td>
            </tr>
          ) : (
            o.runs.map((r) => (
              <tr>
                <td>
                  <a href={`/scans/${r.id}`}>
                    <When d={r.created_at} />
                  </a>
                </td>
                <td>{r.quick ? t('quick') : t('full')}</td>
                <td>
                  <ScanStatus status={r.status} t={t} />
                </td>
                <td>
                  <ScoreCell scan={r} />
                </td>
                <td>{r.created_by_name ?? ''}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </>,
  );
}

/**
 * Registers a target (no `target`) or replaces one's file. The stored file is never put back into the form: it
 * holds PINs. After a refused submission the text just sent is shown again, with the problems, so that a typo
 * does not cost the whole file.
 */
export function ussdTargetFormPage(o: {
  actor: Actor;
  csrf?: string | undefined;
  app: App;
  target?: StoredUssdTarget;
  error?: string | undefined;
  name?: string | undefined;
  text?: string | undefined;
  lang?: Lang;
}): string {
  const t = translator(o.lang);
  const editing = o.target !== undefined;
  const action = editing ? `/ussd-targets/${o.target!.id}` : `/apps/${o.app.id}/ussd-targets`;
  return page(
    {
      title: editing ? t('Edit USSD target {name}', { name: o.target!.name }) : t('New USSD target for {app}', { app: o.app.name }),
      actor: o.actor,
      csrf: o.csrf,
      nav: 'providers',
      lang: o.lang ?? 'en',
      path: editing ? `/ussd-targets/${o.target!.id}/edit` : `/apps/${o.app.id}/ussd-targets/new`,
    },
    <>
      <p class="muted">
        <a href={`/apps/${o.app.id}`}>{o.app.name}</a> · {fill(t('service code {code}'), { code: <code>{o.app.identifier}</code> })}
      </p>
      <ErrorLines message={o.error} />
      <form class="stack" method="post" action={action}>
        <CsrfField csrf={o.csrf} />
        <label>
          {t('Name')}
          <input name="name" required maxlength="120" value={o.name ?? o.target?.name ?? ''} />
        </label>
        <label for="target-file">{editing ? t('Target file (YAML): leave empty to keep the current file') : t('Target file (YAML)')}</label>
        <textarea id="target-file" name="target" rows="24" cols="80" spellcheck="false" autocomplete="off" aria-describedby="target-help" required={!editing}>
          {o.text ?? ''}
        </textarea>
        <p id="target-help" class="muted">
          {fill(
            t(
              'The format is the CLI\'s (docs/ussd.md, "Target file"): endpoint, dialect, serviceCode (this service\'s, {code}), accounts with their PINs, policies, budget, tests, allowedAmount, production. Write header values in the file itself (no {variable}); files on the server ({ca}, {template}) and {simSwapMock} are not available on the platform. The file is kept for the runs and never shown again: keep your own copy.',
            ),
            { code: o.app.identifier, variable: <code>{'${NAME}'}</code>, ca: <code>tls.ca</code>, template: <code>template</code>, simSwapMock: <code>simSwapMock</code> },
          )}
        </p>
        <button type="submit">{editing ? t('Save') : t('Register the target')}</button>
      </form>
    </>,
  );
}
