/**
 * @module platform/http/routes/scans
 * Scans: uploading a version of an app (API and page form), the scans list and a scan's page with its live
 * progress (an htmx fragment), findings, version diff and report downloads; and the app's page, where its
 * versions are listed and uploaded.
 */
import { isDfslabError, ErrorCodes } from '../../../errors.js';
import { FORMAT_EXTENSION, REPORT_CSP, REPORT_FORMATS, type ReportFormat } from '../../../index.js';
import { getApp, type App } from '../../services/providers.js';
import {
  checkArtifactFitsApp,
  createScan,
  getScan,
  listScanFindings,
  listScans,
  REPORT_CONTENT_TYPE,
  reportFileName,
  scanDiff,
  scanForActor,
  scanReport,
  type Scan,
} from '../../services/scans.js';
import { receiveArtifact, tooLarge, type StoredArtifact } from '../../services/uploads.js';
import { STAFF, WRITERS } from '../../types.js';
import { appPage } from '../../web/pages/apps.js';
import { scanPage, scanProgressFragment, scansPage } from '../../web/pages/scans.js';
import { badRequest, HttpError, isUuid, notFound, route, type AnyRoute, type HandlerContext } from '../routes.js';
import { answerQueuedScan } from './queued-scan.js';
import { ussdTargetsForAppPage } from './ussd.js';

/** The header an HTML report is served with: its own policy, and sandboxed (a report runs no script). */
export const HTML_REPORT_CSP = `${REPORT_CSP}; sandbox`;

/** Room for the multipart framing around the file when checking Content-Length against the limit. */
const MULTIPART_OVERHEAD = 64 * 1024;

/** The app named in the URL (a malformed id is "not found", like another organisation's). */
function appOf(c: HandlerContext) {
  if (!isUuid(c.params.appId)) throw notFound('no such app');
  return getApp(c.db, c.actor, c.params.appId);
}

/**
 * Receives the uploaded build of `app` from a multipart request: refused (413) before reading when announced as
 * too large, streamed to a random name, and kept only when it is a build of this app.
 */
export async function receiveAppBuild(c: HandlerContext, app: App): Promise<StoredArtifact> {
  const { config } = c.platform;
  // Refuse what is announced as too large before reading any of it.
  const declared = Number(c.req.headers['content-length']);
  if (Number.isFinite(declared) && declared > config.maxUploadBytes + MULTIPART_OVERHEAD) throw tooLarge(config.maxUploadBytes);
  if (!c.req.isMultipart()) throw badRequest('send the file as multipart/form-data, in a field named "file"');
  const part = await c.req.file();
  if (!part) throw badRequest('the upload holds no file (send it in a field named "file")');
  if (part.fieldname !== 'file') throw badRequest('send the file in a field named "file"');
  return receiveArtifact(config, part.file, part.filename, (detected) => checkArtifactFitsApp(app, detected));
}

/**
 * Queues a committed scan. The upload is kept and its scan committed: a queue that cannot take the job now must
 * not lose it (the sweeper, jobs/sweeper.ts, sends the job of a queued scan that has none).
 */
export async function enqueueStoredScan(c: HandlerContext, scanId: string): Promise<void> {
  await c.platform.queue.enqueueScan(scanId).catch((e: unknown) => void process.stderr.write(`dfslab: scan ${scanId} stored but not queued yet (${(e as Error).message}); the sweeper will queue it\n`));
}

/** Receives the upload of a version of the app named in the URL and queues its scan. */
async function uploadScan(c: HandlerContext): Promise<Scan> {
  const app = await appOf(c);
  if (app.platform === 'ussd') throw badRequest('a USSD service is tested live (dfslab ussd test), not uploaded');
  const artifact = await receiveAppBuild(c, app);
  const scan = await c.db.tx((q) => createScan(q, c.actor, app.id, artifact, c.req.ip));
  await enqueueStoredScan(c, scan.id);
  return scan;
}

function reportFormat(query: Record<string, string>): ReportFormat {
  const f = query.format ?? 'html';
  if (!(REPORT_FORMATS as readonly string[]).includes(f)) throw badRequest(`format must be one of ${REPORT_FORMATS.join(', ')}`);
  return f as ReportFormat;
}

async function sendReport(c: HandlerContext): Promise<unknown> {
  const format = reportFormat(c.query);
  let out: Awaited<ReturnType<typeof scanReport>>;
  try {
    out = await scanReport(c.db, c.actor, c.params.scanId!, format);
  } catch (e) {
    if (isDfslabError(e) && e.code === ErrorCodes.REPORT_CHROMIUM_MISSING) throw new HttpError(501, 'not_implemented', e.message);
    throw e;
  }
  const name = reportFileName(out.scan, FORMAT_EXTENSION[format]);
  // The HTML report is a self-contained document with its own inline styles; it runs no script.
  if (format === 'html') c.reply.header('content-security-policy', HTML_REPORT_CSP);
  return c.reply
    .header('content-disposition', `attachment; filename="${name}"`)
    .header('cache-control', 'private, no-store')
    .type(REPORT_CONTENT_TYPE[format])
    .send(typeof out.body === 'string' ? out.body : Buffer.from(out.body));
}

async function renderAppPage(c: HandlerContext, error?: string): Promise<string> {
  const app = await appOf(c);
  const scans = (await listScans(c.db, c.actor, { appId: app.id })).map((s) => scanForActor(c.actor, s));
  const ussdTargets = await ussdTargetsForAppPage(c.db, c.actor, app);
  return appPage({ actor: c.actor, csrf: c.req.csrf, app, scans, maxUploadBytes: c.platform.config.maxUploadBytes, error, ussdTargets, lang: c.req.lang });
}

export const scansRoutes: AnyRoute[] = [
  route({
    method: 'POST', url: '/api/v1/apps/:appId/scans', kind: 'api', access: WRITERS, params: { appId: 'app' }, multipart: true,
    requestBody: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description: 'APK, split-APK set (.apks/.xapk) or IPA' } } },
    summary: 'Upload a version of an app (multipart, field "file") and queue its scan; ?wait=true waits for the result',
    handler: async (c) => answerQueuedScan(c, await uploadScan(c)),
  }),
  route({
    method: 'GET', url: '/api/v1/scans', kind: 'api', access: 'user', providerScoped: true,
    summary: 'List scans, newest first (?appId= for one app; a provider representative sees only their apps, status and score)',
    handler: async ({ db, actor, query }) => {
      if (query.appId !== undefined && !isUuid(query.appId)) throw badRequest('appId must be an app id');
      const limit = query.limit === undefined ? undefined : Number(query.limit);
      if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw badRequest('limit must be a positive whole number');
      const scans = await listScans(db, actor, { ...(query.appId ? { appId: query.appId } : {}), ...(limit ? { limit } : {}) });
      return { scans: scans.map((s) => scanForActor(actor, s)) };
    },
  }),
  route({
    method: 'GET', url: '/api/v1/scans/:scanId', kind: 'api', access: 'user', providerScoped: true, params: { scanId: 'scan' },
    summary: 'One scan: status, progress, score, and its findings (a provider representative: status, score and the findings released to them)',
    handler: async ({ db, actor, params }) => {
      const scan = await getScan(db, actor, params.scanId!);
      const findings = scan.status === 'done' ? await listScanFindings(db, actor, scan.id) : [];
      return { scan: scanForActor(actor, scan), findings };
    },
  }),
  route({
    method: 'GET', url: '/api/v1/scans/:scanId/diff', kind: 'api', access: STAFF, params: { scanId: 'scan' },
    summary: "What changed since the app's previous finished scan (new, fixed, unchanged findings; identity changes)",
    handler: async ({ db, actor, params }) => {
      const d = await scanDiff(db, actor, params.scanId!);
      return { scan: { id: d.scan.id, status: d.scan.status }, previous: d.previous ? { id: d.previous.id, version_name: d.previous.version_name, version_code: d.previous.version_code } : null, diff: d.diff };
    },
  }),
  route({
    method: 'GET', url: '/api/v1/scans/:scanId/report', kind: 'api', access: 'user', providerScoped: true, params: { scanId: 'scan' },
    summary: 'The report of a finished scan: ?format=html|pdf|sarif|json|csv|oscal (a download; PDF needs Chromium on the server). A provider representative gets the findings released to them only',
    handler: sendReport,
  }),
  // Pages
  route({
    method: 'GET', url: '/apps/:appId', kind: 'page', access: 'user', providerScoped: true, params: { appId: 'app' },
    summary: "App page: its versions (scans) and the upload form",
    handler: async (c) => c.reply.type('text/html').send(await renderAppPage(c)),
  }),
  route({
    method: 'POST', url: '/apps/:appId/scans', kind: 'page', access: WRITERS, params: { appId: 'app' }, multipart: true,
    summary: 'Upload a version of an app (form) and queue its scan',
    handler: async (c) => {
      try {
        const scan = await uploadScan(c);
        return c.reply.redirect(`/scans/${scan.id}`, 303);
      } catch (e) {
        const status = e instanceof HttpError ? e.status : isDfslabError(e) ? 400 : 0;
        if (status === 400 || status === 409 || status === 413) {
          const message = e instanceof Error ? e.message : String(e);
          return c.reply.code(status).type('text/html').send(await renderAppPage(c, message));
        }
        throw e;
      }
    },
  }),
  route({
    method: 'GET', url: '/scans', kind: 'page', access: 'user', providerScoped: true,
    summary: 'Scans page (newest first)',
    handler: async ({ db, actor, req, reply }) => reply.type('text/html').send(scansPage({ actor, csrf: req.csrf, scans: (await listScans(db, actor)).map((s) => scanForActor(actor, s)), lang: req.lang })),
  }),
  route({
    method: 'GET', url: '/scans/:scanId', kind: 'page', access: 'user', providerScoped: true, params: { scanId: 'scan' },
    summary: 'Scan page: live progress, findings, diff against the previous version, reports',
    handler: async ({ db, actor, params, req, reply }) => {
      const scan = await getScan(db, actor, params.scanId!);
      const staff = STAFF.includes(actor.role);
      const findings = scan.status === 'done' ? await listScanFindings(db, actor, scan.id) : [];
      // A damaged stored result only costs the page its diff section.
      const diff = scan.status === 'done' && staff ? await scanDiff(db, actor, scan.id).catch((e: unknown) => (isDfslabError(e) ? undefined : Promise.reject(e))) : undefined;
      return reply.type('text/html').send(scanPage({ actor, csrf: req.csrf, scan: scanForActor(actor, scan), findings, diff, lang: req.lang }));
    },
  }),
  route({
    method: 'GET', url: '/scans/:scanId/progress', kind: 'page', access: 'user', providerScoped: true, params: { scanId: 'scan' },
    summary: "A scan's progress box (htmx fragment, polled while the scan is queued or running)",
    handler: async ({ db, actor, params, req, reply }) => {
      const scan = await getScan(db, actor, params.scanId!);
      // When the scan has finished, htmx reloads the page so that the findings and reports appear.
      if (req.headers['hx-request'] && (scan.status === 'done' || scan.status === 'failed')) reply.header('hx-refresh', 'true');
      return reply.header('cache-control', 'no-store').type('text/html').send(scanProgressFragment(scanForActor(actor, scan), req.lang));
    },
  }),
  route({
    method: 'GET', url: '/scans/:scanId/report', kind: 'page', access: 'user', providerScoped: true, params: { scanId: 'scan' },
    summary: 'Download the report of a finished scan: ?format=html|pdf|sarif|json|csv|oscal',
    handler: sendReport,
  }),
];
