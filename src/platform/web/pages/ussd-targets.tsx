/**
 * @module platform/web/pages/ussd-targets
 * USSD targets: a target's page (the parsed summary of its file — never the file itself, which holds the test
 * accounts' PINs and the gateway credentials — its runs, and the "Run tests" form), the form that registers or
 * replaces a target file, and the run form the app page shows for each target.
 */
import type { App } from '../../services/providers.js';
import type { StoredUssdTarget, UssdTargetRun, UssdTargetSummary } from '../../services/ussd-targets.js';
import { WRITERS, type Actor } from '../../types.js';
import { Fragment, h, type SafeHtml } from '../jsx.js';
import { CsrfField, page } from '../layout.js';
import { ScanStatus, ScoreCell, When } from '../components.js';

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
export function RunUssdForm(p: { targetId: string; csrf: string | undefined; label?: string }): SafeHtml {
  const quickId = `quick-${p.targetId}`;
  return (
    <form class="inline" method="post" action={`/ussd-targets/${p.targetId}/runs`}>
      <CsrfField csrf={p.csrf} />
      <label for={quickId}>
        <input type="checkbox" id={quickId} name="quick" value="on" checked /> Quick mode
      </label>
      <button type="submit">{p.label ?? 'Run tests'}</button>
    </form>
  );
}

function Summary(p: { summary: UssdTargetSummary }): SafeHtml {
  const s = p.summary;
  const list = (xs: string[], none: string): SafeHtml => (xs.length ? <>{xs.map((x, i) => <>{i ? ', ' : ''}<code>{x}</code></>)}</> : <span class="muted">{none}</span>);
  return (
    <dl class="summary">
      <dt>Gateway URL</dt>
      <dd>
        <code>{s.endpoint}</code>
        {s.tlsInsecure ? <span class="muted"> · certificate not verified (tls.insecure)</span> : null}
      </dd>
      <dt>Dialect</dt>
      <dd>{s.dialect}</dd>
      <dt>Service code</dt>
      <dd>
        <code>{s.serviceCode}</code>
      </dd>
      <dt>Test accounts</dt>
      <dd>
        <ul>
          {s.accounts.map((a) => (
            <li>
              {a.role}: <code>{a.msisdn}</code>
            </li>
          ))}
        </ul>
        <span class="muted">Numbers masked; PINs are never shown.</span>
      </dd>
      <dt>Auth headers</dt>
      <dd>{list(s.authHeaders, 'none')}</dd>
      <dt>Environment</dt>
      <dd>
        {s.production
          ? s.authorised
            ? 'production, with a written authorisation: tests that change state may run'
            : 'production, without a written authorisation: tests that change state are skipped'
          : 'staging or test (not production)'}
      </dd>
      <dt>Money a test may move</dt>
      <dd>{s.allowedAmount === null ? 'none (tests that move money are skipped)' : String(s.allowedAmount)}</dd>
      <dt>Budget</dt>
      <dd>
        at most {s.budget.maxRequests} requests, {s.budget.ratePerSecond} per second, {s.budget.timeoutMs} ms per request
      </dd>
      <dt>Tests</dt>
      <dd>
        {s.tests.include.length ? <>only {list(s.tests.include, '')}</> : 'all'}
        {s.tests.exclude.length ? <>; not {list(s.tests.exclude, '')}</> : null}
        {s.quick ? ' · quick mode set in the file' : ''}
      </dd>
    </dl>
  );
}

export function ussdTargetPage(o: { actor: Actor; csrf?: string | undefined; target: StoredUssdTarget; runs: UssdTargetRun[] }): string {
  const t = o.target;
  const canWrite = WRITERS.includes(o.actor.role);
  return page(
    { title: `USSD target ${t.name}`, actor: o.actor, csrf: o.csrf, nav: 'providers' },
    <>
      <p class="muted">
        <a href={`/apps/${t.app_id}`}>{t.app_name}</a> · <code>{t.app_identifier}</code> · <a href={`/providers/${t.provider_id}`}>{t.provider_name}</a> · updated <When d={t.updated_at} />
        {t.updated_by_name ? ` by ${t.updated_by_name}` : ''}
      </p>
      {t.summary ? (
        <Summary summary={t.summary} />
      ) : (
        <>
          <p class="error" role="alert">
            The stored target file no longer passes this version's checks; replace it:
          </p>
          <ErrorLines message={t.problem} />
        </>
      )}
      {canWrite ? (
        <div class="card">
          <h2>Run the tests</h2>
          <p class="muted">
            The tests send requests to the service at the gateway URL, as the declared test accounts only, within the file's budget and safety rails. Quick mode runs
            the short suite and skips long waits.
          </p>
          {t.summary ? <RunUssdForm targetId={t.id} csrf={o.csrf} /> : null}
          <p>
            <a href={`/ussd-targets/${t.id}/edit`}>Replace the target file or rename the target</a>
          </p>
        </div>
      ) : null}
      <h2>Runs</h2>
      <table>
        <caption class="muted">Runs of this target, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">Mode</th>
            <th scope="col">Status</th>
            <th scope="col">Grade (score)</th>
            <th scope="col">By</th>
          </tr>
        </thead>
        <tbody>
          {o.runs.length === 0 ? (
            <tr>
              <td colspan="5" class="muted">
                No run yet.
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
                <td>{r.quick ? 'quick' : 'full'}</td>
                <td>
                  <ScanStatus status={r.status} />
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
export function ussdTargetFormPage(o: { actor: Actor; csrf?: string | undefined; app: App; target?: StoredUssdTarget; error?: string | undefined; name?: string | undefined; text?: string | undefined }): string {
  const editing = o.target !== undefined;
  const action = editing ? `/ussd-targets/${o.target!.id}` : `/apps/${o.app.id}/ussd-targets`;
  return page(
    { title: editing ? `Edit USSD target ${o.target!.name}` : `New USSD target for ${o.app.name}`, actor: o.actor, csrf: o.csrf, nav: 'providers' },
    <>
      <p class="muted">
        <a href={`/apps/${o.app.id}`}>{o.app.name}</a> · service code <code>{o.app.identifier}</code>
      </p>
      <ErrorLines message={o.error} />
      <form class="stack" method="post" action={action}>
        <CsrfField csrf={o.csrf} />
        <label>
          Name
          <input name="name" required maxlength="120" value={o.name ?? o.target?.name ?? ''} />
        </label>
        <label for="target-file">Target file (YAML){editing ? ': leave empty to keep the current file' : ''}</label>
        <textarea id="target-file" name="target" rows="24" cols="80" spellcheck="false" autocomplete="off" aria-describedby="target-help" required={!editing}>
          {o.text ?? ''}
        </textarea>
        <p id="target-help" class="muted">
          The format is the CLI's (docs/ussd.md, "Target file"): endpoint, dialect, serviceCode (this service's, {o.app.identifier}), accounts with their PINs, policies,
          budget, tests, allowedAmount, production. Write header values in the file itself (no <code>{'${NAME}'}</code>); files on the server (<code>tls.ca</code>,{' '}
          <code>template</code>) and <code>simSwapMock</code> are not available on the platform. The file is kept for the runs and never shown again: keep your own copy.
        </p>
        <button type="submit">{editing ? 'Save' : 'Register the target'}</button>
      </form>
    </>,
  );
}
