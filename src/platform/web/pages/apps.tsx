/**
 * @module platform/web/pages/apps
 * An app's page: what it is, its versions (the scans of its uploads, newest first) and the upload form; for a
 * USSD service, which is tested live instead of uploaded, its targets and their "Run tests" buttons. In the
 * reader's language (`lang`, English when not given); the "Run tests" form is the USSD target page's.
 */
import type { App } from '../../services/providers.js';
import type { ProviderScan, Scan } from '../../services/scans.js';
import { formatBytes } from '../../services/uploads.js';
import type { StoredUssdTarget } from '../../services/ussd-targets.js';
import { STAFF, WRITERS, type Actor } from '../../types.js';
import { Fragment, h, type SafeHtml } from '../jsx.js';
import { CsrfField, page } from '../layout.js';
import { PLATFORM_LABEL, ScanRows, TableWrap } from '../components.js';
import { translator, type Lang, type Translate } from '../i18n.js';
import { RunUssdForm } from './ussd-targets.js';

/** The app's platform in words ("USSD service" rather than "USSD": it is not an app one uploads). */
function platformName(t: Translate, platform: string): string {
  return platform === 'ussd' ? t('USSD service') : (PLATFORM_LABEL[platform] ?? platform);
}
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
  lang?: Lang;
}): string {
  const a = o.app;
  const t = translator(o.lang);
  const canUpload = WRITERS.includes(o.actor.role) && a.platform !== 'ussd';
  const ussd = a.platform === 'ussd';
  return page(
    { title: a.name, actor: o.actor, csrf: o.csrf, nav: o.actor.role === 'provider' ? 'scans' : 'providers', lang: o.lang ?? 'en', path: `/apps/${a.id}` },
    <>
      <p class="muted">
        {platformName(t, a.platform)} · <code>{a.identifier}</code> ·{' '}
        {o.actor.role === 'provider' ? a.provider_name : <a href={`/providers/${a.provider_id}`}>{a.provider_name}</a>}
      </p>
      <h2>{ussd ? t('Runs') : t('Versions')}</h2>
      <TableWrap>
        <table>
          <caption class="muted">{ussd ? t("Runs of this service's tests, newest first") : t("Scans of this app's uploads, newest first")}</caption>
          <thead>
            <tr>
              <th scope="col">{ussd ? t('Started') : t('Uploaded')}</th>
              <th scope="col">{t('Version')}</th>
              <th scope="col">{t('Platform')}</th>
              <th scope="col">{t('Status')}</th>
              <th scope="col">{t('Grade (score)')}</th>
            </tr>
          </thead>
          <tbody>
            <ScanRows scans={o.scans} showApp={false} t={t} />
          </tbody>
        </table>
      </TableWrap>
      {ussd && STAFF.includes(o.actor.role) ? <UssdTargets app={a} actor={o.actor} csrf={o.csrf} targets={o.ussdTargets ?? []} t={t} /> : null}
      {canUpload ? (
        <div class="card">
          <h2>{t('Upload a version')}</h2>
          {o.error ? (
            <p class="error" role="alert">
              {o.error}
            </p>
          ) : null}
          {/* Multipart bodies are streamed to disk by the handler, so the CSRF token travels in the URL. */}
          <form class="stack" method="post" action={`/apps/${a.id}/scans?_csrf=${encodeURIComponent(o.csrf ?? '')}`} enctype="multipart/form-data">
            <CsrfField csrf={o.csrf} />
            <label>
              {a.platform === 'ios' ? t('IPA file') : t('APK or split-APK set (.apk, .apks, .xapk)')}
              <input type="file" name="file" required accept={ACCEPT[a.platform]} aria-describedby="upload-help" />
            </label>
            <p id="upload-help" class="muted">
              {t("At most {size}. The type is read from the file's content; the scan starts as soon as a worker is free.", { size: formatBytes(o.maxUploadBytes) })}
            </p>
            <button type="submit">{t('Upload and scan')}</button>
          </form>
        </div>
      ) : null}
    </>,
  );
}

/** A USSD service's targets, each with its "Run tests" button (writers), and the link to register one. */
function UssdTargets(p: { app: App; actor: Actor; csrf: string | undefined; targets: StoredUssdTarget[]; t: Translate }): SafeHtml {
  const canWrite = WRITERS.includes(p.actor.role);
  const t = p.t;
  return (
    <div class="card">
      <h2>{t('USSD targets')}</h2>
      <p class="muted">{t('A USSD service is tested live: a target file says where its gateway callback is, as which test accounts to call, and within which limits.')}</p>
      {p.targets.length === 0 ? (
        <p class="muted">{t('No target yet.')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('Target')}</th>
              <th scope="col">{t('Gateway URL')}</th>
              <th scope="col">{t('Dialect')}</th>
              <th scope="col">{t('Environment')}</th>
              {canWrite ? <th scope="col">{t('Run')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {p.targets.map((target) => (
              <tr>
                <td>
                  <a href={`/ussd-targets/${target.id}`}>{target.name}</a>
                </td>
                <td>{target.summary ? <code>{target.summary.endpoint}</code> : <span class="error">{t('needs a new target file')}</span>}</td>
                <td>{target.summary?.dialect ?? ''}</td>
                <td>{target.summary ? (target.summary.production ? t('production') : t('staging or test')) : ''}</td>
                {canWrite ? <td>{target.summary ? <RunUssdForm targetId={target.id} csrf={p.csrf} label={t('Run tests')} t={t} /> : null}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canWrite ? (
        <p>
          <a class="button" href={`/apps/${p.app.id}/ussd-targets/new`}>
            {t('Add a target')}
          </a>
        </p>
      ) : null}
    </div>
  );
}
