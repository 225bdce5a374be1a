/**
 * @module platform/http/routes/ussd
 * USSD targets and their runs: the API (register, list, read the summary of, and replace a target file; queue a
 * run, optionally waiting for it) and the pages (a target's page, the target form, the "Run tests" form). A run
 * is an ordinary scan once queued: its progress, findings, reports and diff are under /scans.
 *
 * Target files hold the test accounts' PINs: staff read their summary only, nobody reads them back, and
 * provider representatives reach none of these routes.
 */
import { isDfslabError } from '../../../errors.js';
import { getApp } from '../../services/providers.js';
import { reportFileName, type Scan } from '../../services/scans.js';
import {
  createUssdTarget,
  getUssdRunEvidence,
  getUssdTarget,
  listUssdTargetRuns,
  listUssdTargets,
  runUssdTarget,
  updateUssdTarget,
  type StoredUssdTarget,
  type UssdTargetInput,
} from '../../services/ussd-targets.js';
import { STAFF, WRITERS, type Actor } from '../../types.js';
import { ussdTargetFormPage, ussdTargetPage } from '../../web/pages/ussd-targets.js';
import type { App } from '../../services/providers.js';
import { badRequest, field, HttpError, route, type AnyRoute, type HandlerContext } from '../routes.js';
import { answerQueuedScan } from './queued-scan.js';
import type { Queryable } from '../../db/db.js';

/** Longest target file text a form or JSON body may carry (the service checks the byte size again). */
const MAX_TEXT_CHARS = 256 * 1024;

const TARGET_BODY = {
  type: 'object',
  properties: {
    name: { type: 'string', maxLength: 120 },
    target: { type: 'string', description: 'The target file (YAML, docs/ussd.md "Target file"); never returned' },
  },
};

/** The target file's text from a form or JSON body (kept as sent: YAML indentation matters). */
function targetText(body: Record<string, unknown>): string | undefined {
  const v = body.target;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw badRequest('"target" must be the target file as text (YAML)');
  if (v.length > MAX_TEXT_CHARS) throw badRequest(`"target" is longer than ${MAX_TEXT_CHARS} characters`);
  // Browsers send textarea lines with CRLF.
  const text = v.replace(/\r\n?/g, '\n');
  return text.trim() === '' ? undefined : text;
}

function targetInput(body: Record<string, unknown>): UssdTargetInput {
  return { name: field(body, 'name', 120), text: targetText(body) };
}

/** `quick` of a JSON body: true unless `false` is sent (the CLI's `--quick`, on by default here). */
function quickOf(body: Record<string, unknown>, absent: boolean): boolean {
  const v = body.quick;
  if (v === undefined || v === null || v === '') return absent;
  if (v === true || v === 'true' || v === 'on' || v === '1') return true;
  if (v === false || v === 'false' || v === 'off' || v === '0') return false;
  throw badRequest('"quick" must be true or false');
}

function links(base: string, t: StoredUssdTarget | { id: string }): Record<string, string> {
  return { target: `${base}/api/v1/ussd-targets/${t.id}`, page: `${base}/ussd-targets/${t.id}`, runs: `${base}/api/v1/ussd-targets/${t.id}/runs` };
}


/** Queues a run of the target named in the URL (committed before it is enqueued). */
async function startRun(c: HandlerContext, quick: boolean): Promise<Scan> {
  const scan = await c.db.tx((q) => runUssdTarget(q, c.actor, c.params.targetId!, { quick }, c.req.ip));
  await c.platform.queue.enqueueScan(scan.id);
  return scan;
}

/** The targets the app page lists for a USSD service: for the lab's staff only (undefined otherwise). */
export async function ussdTargetsForAppPage(q: Queryable, actor: Actor, app: App): Promise<StoredUssdTarget[] | undefined> {
  if (app.platform !== 'ussd' || !STAFF.includes(actor.role)) return undefined;
  return listUssdTargets(q, actor, app.id);
}

/** Shows a form again with the problems of a refused submission (400/409), the text just sent kept. */
async function formError(c: HandlerContext, e: unknown, render: (error: string) => Promise<string>): Promise<unknown> {
  const status = e instanceof HttpError ? e.status : isDfslabError(e) ? 400 : 0;
  if (status === 400 || status === 409) {
    // The page carries the text just sent, PINs included: no cache may keep it.
    return c.reply.code(status).header('cache-control', 'no-store').type('text/html').send(await render((e as Error).message));
  }
  throw e;
}

export const ussdRoutes: AnyRoute[] = [
  route({
    method: 'GET', url: '/api/v1/apps/:appId/ussd-targets', kind: 'api', access: STAFF, params: { appId: 'app' },
    summary: "A USSD service's targets (the parsed summary of each target file: gateway URL, dialect, accounts by role with masked numbers, budget; never PINs or header values)",
    handler: async ({ db, actor, params }) => ({ targets: await listUssdTargets(db, actor, params.appId!) }),
  }),
  route({
    method: 'POST', url: '/api/v1/apps/:appId/ussd-targets', kind: 'api', access: WRITERS, params: { appId: 'app' }, requestBody: { ...TARGET_BODY, required: ['name', 'target'] },
    summary: 'Register a USSD target: a name and the target file (YAML); a file with problems is refused (400) with each problem and its line',
    handler: async ({ db, actor, params, body, req, reply, platform }) => {
      const target = await db.tx((q) => createUssdTarget(q, actor, params.appId!, targetInput(body), req.ip));
      return reply.code(201).header('location', `/api/v1/ussd-targets/${target.id}`).send({ target, urls: links(platform.config.publicUrl, target) });
    },
  }),
  route({
    method: 'GET', url: '/api/v1/ussd-targets/:targetId', kind: 'api', access: STAFF, params: { targetId: 'ussdTarget' },
    summary: 'One USSD target: its summary (the target file itself is never returned)',
    handler: async ({ db, actor, params }) => ({ target: await getUssdTarget(db, actor, params.targetId!) }),
  }),
  route({
    method: 'PUT', url: '/api/v1/ussd-targets/:targetId', kind: 'api', access: WRITERS, params: { targetId: 'ussdTarget' }, requestBody: TARGET_BODY,
    summary: 'Rename a USSD target and/or replace its target file (the whole file); earlier runs keep the file they ran with',
    handler: async ({ db, actor, params, body, req }) => {
      // The object first: another organisation's id is "not found" whatever the body says.
      await getUssdTarget(db, actor, params.targetId!);
      return { target: await db.tx((q) => updateUssdTarget(q, actor, params.targetId!, targetInput(body), req.ip)) };
    },
  }),
  route({
    method: 'POST', url: '/api/v1/ussd-targets/:targetId/runs', kind: 'api', access: WRITERS, params: { targetId: 'ussdTarget' },
    requestBody: { type: 'object', properties: { quick: { type: 'boolean', default: true, description: 'the short suite, like dfslab ussd test --quick; false: the target file decides' } } },
    summary: 'Run the USSD tests of a target (queued like a scan; 202 with links); ?wait=true waits for the result. The tests send requests to the live service',
    handler: async (c) => {
      await getUssdTarget(c.db, c.actor, c.params.targetId!);
      return answerQueuedScan(c, await startRun(c, quickOf(c.body, true)));
    },
  }),
  route({
    method: 'GET', url: '/api/v1/scans/:scanId/ussd-run', kind: 'api', access: WRITERS, params: { scanId: 'scan' },
    summary: 'The evidence of a finished USSD run: the run with its whole transcript, as dfslab ussd test -o writes it (input of dfslab report and dfslab ussd replay). Holds the test PINs',
    handler: async ({ db, actor, params, reply }) => {
      const { scan, json } = await getUssdRunEvidence(db, actor, params.scanId!);
      return reply
        .header('content-disposition', `attachment; filename="${reportFileName(scan, '.ussd-run.json')}"`)
        .header('cache-control', 'private, no-store')
        .type('application/json; charset=utf-8')
        .send(json);
    },
  }),
  // Pages
  route({
    method: 'GET', url: '/apps/:appId/ussd-targets/new', kind: 'page', access: WRITERS, params: { appId: 'app' },
    summary: 'Form: register a USSD target for a USSD service',
    handler: async ({ db, actor, params, req, reply }) => {
      const app = await getApp(db, actor, params.appId!);
      if (app.platform !== 'ussd') throw badRequest(`"${app.name}" is not a USSD service: its versions are uploaded`);
      return reply.type('text/html').send(ussdTargetFormPage({ actor, csrf: req.csrf, lang: req.lang, app }));
    },
  }),
  route({
    method: 'POST', url: '/apps/:appId/ussd-targets', kind: 'page', access: WRITERS, params: { appId: 'app' },
    summary: 'Register a USSD target (form)',
    handler: async (c) => {
      const app = await getApp(c.db, c.actor, c.params.appId!);
      let input: UssdTargetInput = {};
      try {
        input = targetInput(c.body);
        const target = await c.db.tx((q) => createUssdTarget(q, c.actor, app.id, input, c.req.ip));
        return c.reply.redirect(`/ussd-targets/${target.id}`, 303);
      } catch (e) {
        return formError(c, e, async (error) => ussdTargetFormPage({ actor: c.actor, csrf: c.req.csrf, lang: c.req.lang, app, error, name: input.name, text: input.text }));
      }
    },
  }),
  route({
    method: 'GET', url: '/ussd-targets/:targetId', kind: 'page', access: STAFF, params: { targetId: 'ussdTarget' },
    summary: "USSD target page: the target file's summary (never the file), its runs, and the Run tests form",
    handler: async ({ db, actor, params, req, reply }) => {
      const target = await getUssdTarget(db, actor, params.targetId!);
      const runs = await listUssdTargetRuns(db, actor, target.id);
      return reply.type('text/html').send(ussdTargetPage({ actor, csrf: req.csrf, lang: req.lang, target, runs }));
    },
  }),
  route({
    method: 'GET', url: '/ussd-targets/:targetId/edit', kind: 'page', access: WRITERS, params: { targetId: 'ussdTarget' },
    summary: 'Form: rename a USSD target or replace its target file',
    handler: async ({ db, actor, params, req, reply }) => {
      const target = await getUssdTarget(db, actor, params.targetId!);
      const app = await getApp(db, actor, target.app_id);
      return reply.type('text/html').send(ussdTargetFormPage({ actor, csrf: req.csrf, lang: req.lang, app, target }));
    },
  }),
  route({
    method: 'POST', url: '/ussd-targets/:targetId', kind: 'page', access: WRITERS, params: { targetId: 'ussdTarget' },
    summary: 'Rename a USSD target or replace its target file (form)',
    handler: async (c) => {
      const target = await getUssdTarget(c.db, c.actor, c.params.targetId!);
      let input: UssdTargetInput = {};
      try {
        input = targetInput(c.body);
        await c.db.tx((q) => updateUssdTarget(q, c.actor, target.id, input, c.req.ip));
        return c.reply.redirect(`/ussd-targets/${target.id}`, 303);
      } catch (e) {
        const app = await getApp(c.db, c.actor, target.app_id);
        return formError(c, e, async (error) => ussdTargetFormPage({ actor: c.actor, csrf: c.req.csrf, lang: c.req.lang, app, target, error, name: input.name, text: input.text }));
      }
    },
  }),
  route({
    method: 'POST', url: '/ussd-targets/:targetId/runs', kind: 'page', access: WRITERS, params: { targetId: 'ussdTarget' },
    summary: 'Run the USSD tests of a target (form; quick mode when the box is ticked) and go to the run',
    handler: async (c) => {
      await getUssdTarget(c.db, c.actor, c.params.targetId!);
      // A checkbox sends nothing when unticked: no "quick" here means the target file decides.
      const scan = await startRun(c, quickOf(c.body, false));
      return c.reply.redirect(`/scans/${scan.id}`, 303);
    },
  }),
];
