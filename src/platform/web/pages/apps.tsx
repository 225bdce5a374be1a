/**
 * @module platform/web/pages/apps
 * An app's page: what it is, its versions (the scans of its uploads, newest first) and the upload form.
 */
import type { App } from '../../services/providers.js';
import type { ProviderScan, Scan } from '../../services/scans.js';
import { formatBytes } from '../../services/uploads.js';
import { WRITERS, type Actor } from '../../types.js';
import { Fragment, h } from '../jsx.js';
import { CsrfField, page } from '../layout.js';
import { ScanRows } from './scans.js';

const PLATFORM_LABEL: Record<string, string> = { android: 'Android', ios: 'iOS', ussd: 'USSD service' };
const ACCEPT: Record<string, string> = { android: '.apk,.apks,.xapk,application/vnd.android.package-archive', ios: '.ipa' };

export function appPage(o: { actor: Actor; csrf?: string | undefined; app: App; scans: Array<Scan | ProviderScan>; maxUploadBytes: number; error?: string | undefined }): string {
  const a = o.app;
  const canUpload = WRITERS.includes(o.actor.role) && a.platform !== 'ussd';
  return page(
    { title: a.name, actor: o.actor, csrf: o.csrf, nav: o.actor.role === 'provider' ? 'scans' : 'providers' },
    <>
      <p class="muted">
        {PLATFORM_LABEL[a.platform] ?? a.platform} · <code>{a.identifier}</code> ·{' '}
        {o.actor.role === 'provider' ? a.provider_name : <a href={`/providers/${a.provider_id}`}>{a.provider_name}</a>}
      </p>
      <h2>Versions</h2>
      <table>
        <caption class="muted">Scans of this app's uploads, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Uploaded</th>
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
