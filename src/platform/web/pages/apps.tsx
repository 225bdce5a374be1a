/**
 * @module platform/web/pages/apps
 * An app's page: what it is, its versions (the scans of its uploads, newest first) and the upload form; for a
 * USSD service, which is tested live instead of uploaded, its targets and their "Run tests" buttons.
 */
import type { App } from '../../services/providers.js';
import type { ProviderScan, Scan } from '../../services/scans.js';
import { formatBytes } from '../../services/uploads.js';
import type { StoredUssdTarget } from '../../services/ussd-targets.js';
import { STAFF, WRITERS, type Actor } from '../../types.js';
import { Fragment, h, type SafeHtml } from '../jsx.js';
import { CsrfField, page } from '../layout.js';
import { ScanRows, TableWrap } from '../components.js';
import { RunUssdForm } from './ussd-targets.js';

const PLATFORM_LABEL: Record<string, string> = { android: 'Android', ios: 'iOS', ussd: 'USSD service' };
const ACCEPT: Record<string, string> = { android: '.apk,.apks,.xapk,application/vnd.android.package-archive', ios: '.ipa' };

export function appPage(o: {
  actor: Actor;
  csrf?: string | undefined;
  app: App;
  scans: Array<Scan | ProviderScan>;
  maxUploadBytes: number;
  error?: string | undefined;
  /** A USSD service's targets (staff only: target files hold the test accounts). */
  ussdTargets?: StoredUssdTarget[] | undefined;
}): string {
  const a = o.app;
  const canUpload = WRITERS.includes(o.actor.role) && a.platform !== 'ussd';
  const ussd = a.platform === 'ussd';
  return page(
    { title: a.name, actor: o.actor, csrf: o.csrf, nav: o.actor.role === 'provider' ? 'scans' : 'providers' },
    <>
      <p class="muted">
        {PLATFORM_LABEL[a.platform] ?? a.platform} · <code>{a.identifier}</code> ·{' '}
        {o.actor.role === 'provider' ? a.provider_name : <a href={`/providers/${a.provider_id}`}>{a.provider_name}</a>}
      </p>
      <h2>{ussd ? 'Runs' : 'Versions'}</h2>
      <TableWrap>
        <table>
          <caption class="muted">{ussd ? "Runs of this service's tests, newest first" : "Scans of this app's uploads, newest first"}</caption>
          <thead>
            <tr>
              <th scope="col">{ussd ? 'Started' : 'Uploaded'}</th>
              <th scope="col">Version</th>
              <th scope="col">Platform</th>
              <th scope="col">Status</th>
              <th scope="col">Grade (score)</th>
            </tr>
          </thead>
          <tbody>
            <ScanRows scans={o.scans} showApp={false} />
          </tbody>
        </table>
      </TableWrap>
      {ussd && STAFF.includes(o.actor.role) ? <UssdTargets app={a} actor={o.actor} csrf={o.csrf} targets={o.ussdTargets ?? []} /> : null}
      {canUpload ? (
        <div class="card">
          <h2>Upload a version</h2>
          {o.error ? (
            <p class="error" role="alert">
              {o.error}
            </p>
          ) : null}
          {/* Multipart bodies are streamed to disk by the handler, so the CSRF token travels in the URL. */}
          <form class="stack" method="post" action={`/apps/${a.id}/scans?_csrf=${encodeURIComponent(o.csrf ?? '')}`} enctype="multipart/form-data">
            <CsrfField csrf={o.csrf} />
            <label>
              {a.platform === 'ios' ? 'IPA file' : 'APK or split-APK set (.apk, .apks, .xapk)'}
              <input type="file" name="file" required accept={ACCEPT[a.platform]} aria-describedby="upload-help" />
            </label>
            <p id="upload-help" class="muted">
              At most {formatBytes(o.maxUploadBytes)}. The type is read from the file's content; the scan starts as soon as a worker is free.
            </p>
            <button type="submit">Upload and scan</button>
          </form>
        </div>
      ) : null}
    </>,
  );
}

/** A USSD service's targets, each with its "Run tests" button (writers), and the link to register one. */
function UssdTargets(p: { app: App; actor: Actor; csrf: string | undefined; targets: StoredUssdTarget[] }): SafeHtml {
  const canWrite = WRITERS.includes(p.actor.role);
  return (
    <div class="card">
      <h2>USSD targets</h2>
      <p class="muted">A USSD service is tested live: a target file says where its gateway callback is, as which test accounts to call, and within which limits.</p>
      {p.targets.length === 0 ? (
        <p class="muted">No target yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Target</th>
              <th scope="col">Gateway URL</th>
              <th scope="col">Dialect</th>
              <th scope="col">Environment</th>
              {canWrite ? <th scope="col">Run</th> : null}
            </tr>
          </thead>
          <tbody>
            {p.targets.map((t) => (
              <tr>
                <td>
                  <a href={`/ussd-targets/${t.id}`}>{t.name}</a>
                </td>
                <td>{t.summary ? <code>{t.summary.endpoint}</code> : <span class="error">needs a new target file</span>}</td>
                <td>{t.summary?.dialect ?? ''}</td>
                <td>{t.summary ? (t.summary.production ? 'production' : 'staging or test') : ''}</td>
                {canWrite ? <td>{t.summary ? <RunUssdForm targetId={t.id} csrf={p.csrf} /> : null}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canWrite ? (
        <p>
          <a class="button" href={`/apps/${p.app.id}/ussd-targets/new`}>
            Add a target
          </a>
        </p>
      ) : null}
    </div>
  );
}
