/**
 * @module platform/http/routes/training
 * Training engagements (services/training.ts): setting one up (API and page form), the samples page with the
 * scan and download of the bundled builds, starting the reference USSD service, and the trainer's view of the
 * answer key and the score (API and page).
 *
 * The trainer's routes answer "not found" to everybody but the engagement's lead and the lab's administrators,
 * and on any engagement that is not a training one: a trainee must not learn that a key exists. A sample scan
 * goes the way of an upload from the engagement's page: the build is stored like an upload, its scan created
 * and linked to the engagement in one transaction, then queued.
 */
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { isDfslabError } from '../../../errors.js';
import { canManage, canTest, engagementApps, requirePhase, requireTest, SCANNING_PHASES, type EngagementAccess } from '../../services/engagements.js';
import { getApp } from '../../services/providers.js';
import type { Scan } from '../../services/scans.js';
import {
  checkTrainees,
  createTrainingEngagement,
  sampleFile,
  sampleOfApp,
  startTrainingWallet,
  storeSampleBuild,
  trainerAccess,
  trainingEngagementFor,
  trainingSampleApp,
  trainingView,
  trainingWalletUrl,
  type TrainingInput,
} from '../../services/training.js';
import { TRAINING_SAMPLES } from '../../services/training-key.js';
import { listUssdTargets } from '../../services/ussd-targets.js';
import { MANAGERS, STAFF, WRITERS } from '../../types.js';
import { newTrainingPage, trainingKeyPage, trainingSamplesPage, type TrainingFormValues } from '../../web/pages/training.js';
import { badRequest, field, HttpError, notFound, requiredField, route, type AnyRoute, type HandlerContext } from '../routes.js';
import { scanIntoEngagement } from './engagement-pages.js';


/** The setup request from a JSON body (trainees: a list) or a form (trainees: one per line, or commas). */
function trainingInput(body: Record<string, unknown>): TrainingInput {
  const raw = body.trainees;
  let trainees: string[];
  if (raw === undefined || raw === null) trainees = [];
  else if (Array.isArray(raw)) {
    if (!raw.every((x) => typeof x === 'string')) throw badRequest('"trainees" must be a list of e-mail addresses');
    trainees = raw as string[];
  } else if (typeof raw === 'string') {
    if (raw.length > 16000) throw badRequest('"trainees" is too long');
    trainees = raw.split(/[\s,;]+/);
  } else throw badRequest('"trainees" must be a list of e-mail addresses');
  return { title: requiredField(body, 'title', 200), profile: field(body, 'profile', 60) ?? 'all', trainees: checkTrainees(trainees) };
}

/** Statuses a refused form is shown again with (a missing sample is a 503 with its message). */
function formStatus(e: unknown): number | undefined {
  const status = e instanceof HttpError ? e.status : isDfslabError(e) ? 400 : 0;
  return [400, 409, 413, 503].includes(status) ? status : undefined;
}

async function samplesData(c: HandlerContext, a: EngagementAccess) {
  const apps = await engagementApps(c.db, a.e.id);
  const ussd = apps.find((x) => x.platform === 'ussd');
  return {
    samples: apps.map((app) => ({ app, sample: sampleOfApp(app) })),
    canScan: canTest(a) && SCANNING_PHASES.includes(a.e.phase),
    trainer: canManage(a),
    ussdTargets: ussd && a.sameOrg ? await listUssdTargets(c.db, c.actor, ussd.app_id) : [],
  };
}

async function renderSamples(c: HandlerContext, a: EngagementAccess, error?: { message: string; appId?: string | undefined }): Promise<string> {
  return trainingSamplesPage({ actor: c.actor, csrf: c.req.csrf, lang: c.req.lang, engagement: a.e, ...(await samplesData(c, a)), error });
}

async function renderKey(c: HandlerContext, a: EngagementAccess, error?: string): Promise<string> {
  return trainingKeyPage({ actor: c.actor, csrf: c.req.csrf, lang: c.req.lang, engagement: a.e, view: await trainingView(c.db, a), walletEndpoint: await trainingWalletUrl(), error });
}

/** Scans the bundled build of the sample app named in the URL, linked to the engagement, then queued. */
async function scanSample(c: HandlerContext): Promise<Scan> {
  const a = await trainingEngagementFor(c.db, c.actor, c.params.engagementId!);
  requireTest(a);
  requirePhase(a, SCANNING_PHASES, 'Scanning a sample');
  const { app: inScope, sample } = await trainingSampleApp(c.db, a, c.params.appId!);
  const app = await getApp(c.db, c.actor, inScope.app_id);
  return scanIntoEngagement(c, a, app.id, await storeSampleBuild(c.platform.config, sample, app));
}

const SAMPLE_CONTENT_TYPE = { android: 'application/vnd.android.package-archive', ios: 'application/octet-stream' } as const;

export const trainingRoutes: AnyRoute[] = [
  route({
    method: 'POST', url: '/api/v1/training', kind: 'api', access: MANAGERS,
    requestBody: {
      type: 'object',
      required: ['title'],
      properties: {
        title: { type: 'string', maxLength: 200 },
        profile: { type: 'string', description: 'audit profile (default "all")' },
        trainees: { type: 'array', items: { type: 'string', format: 'email' }, description: 'e-mail addresses of the trainees, added as auditors' },
      },
    },
    summary: 'Set up a training engagement on the bundled samples (the caller is the trainer; trainees join as auditors)',
    handler: async ({ db, actor, body, req, reply }) => {
      const a = await db.tx((q) => createTrainingEngagement(q, actor, trainingInput(body), req.ip));
      const apps = await engagementApps(db, a.e.id);
      return reply.code(201).send({ engagement: a.e, apps });
    },
  }),
  route({
    method: 'GET', url: '/training/new', kind: 'page', access: MANAGERS,
    summary: 'Form: set up a training engagement',
    handler: async ({ actor, req, reply }) => reply.type('text/html').send(newTrainingPage({ actor, csrf: req.csrf, lang: req.lang })),
  }),
  route({
    method: 'POST', url: '/training', kind: 'page', access: MANAGERS,
    summary: 'Set up a training engagement (form)',
    handler: async (c) => {
      try {
        const a = await c.db.tx((q) => createTrainingEngagement(q, c.actor, trainingInput(c.body), c.req.ip));
        return c.reply.redirect(`/engagements/${a.e.id}`, 303);
      } catch (e) {
        const status = formStatus(e);
        if (status === undefined) throw e;
        const values: TrainingFormValues = {};
        for (const k of ['title', 'profile', 'trainees'] as const) if (typeof c.body[k] === 'string') values[k] = (c.body[k] as string).slice(0, 16000);
        return c.reply.code(status).type('text/html').send(newTrainingPage({ actor: c.actor, csrf: c.req.csrf, lang: c.req.lang, values, error: (e as Error).message }));
      }
    },
  }),
  route({
    method: 'GET', url: '/engagements/:engagementId/training/samples', kind: 'page', access: STAFF, params: { engagementId: 'engagement' },
    summary: 'Samples of a training engagement: download and scan the bundled builds (no answer key)',
    handler: async (c) => c.reply.type('text/html').send(await renderSamples(c, await trainingEngagementFor(c.db, c.actor, c.params.engagementId!))),
  }),
  route({
    method: 'GET', url: '/engagements/:engagementId/training/samples/:appId', kind: 'page', access: STAFF, params: { engagementId: 'engagement', appId: 'app' },
    summary: 'Download the bundled build of a sample app of a training engagement (to install on a test device)',
    handler: async (c) => {
      const a = await trainingEngagementFor(c.db, c.actor, c.params.engagementId!);
      const { sample } = await trainingSampleApp(c.db, a, c.params.appId!);
      if (sample === 'ussd') throw notFound('a USSD service has no build to download');
      const path = sampleFile(sample);
      return c.reply
        .header('content-disposition', `attachment; filename="${basename(TRAINING_SAMPLES[sample].file)}"`)
        .header('content-length', String(statSync(path).size))
        .header('cache-control', 'private, no-store')
        .type(SAMPLE_CONTENT_TYPE[sample])
        .send(createReadStream(path));
    },
  }),
  route({
    method: 'POST', url: '/engagements/:engagementId/training/samples/:appId/scan', kind: 'page', access: WRITERS, params: { engagementId: 'engagement', appId: 'app' },
    summary: 'Scan the bundled build of a sample app (form): its scan is linked to the training engagement and queued',
    handler: async (c) => {
      try {
        const scan = await scanSample(c);
        return c.reply.redirect(`/scans/${scan.id}`, 303);
      } catch (e) {
        const status = formStatus(e);
        if (status === undefined) throw e;
        const a = await trainingEngagementFor(c.db, c.actor, c.params.engagementId!);
        return c.reply.code(status).type('text/html').send(await renderSamples(c, a, { message: (e as Error).message, appId: c.params.appId }));
      }
    },
  }),
  route({
    method: 'POST', url: '/engagements/:engagementId/training/ussd', kind: 'page', access: MANAGERS, params: { engagementId: 'engagement' },
    summary: "Start (or reset) the reference USSD service on this server and point the training engagement's USSD target at it (trainer only)",
    handler: async (c) => {
      const a = await trainerAccess(c.db, c.actor, c.params.engagementId!);
      try {
        await c.db.tx((q) => startTrainingWallet(q, c.actor, a.e.id, c.req.ip));
        return c.reply.redirect(`/engagements/${a.e.id}/training#ussd-h`, 303);
      } catch (e) {
        const status = formStatus(e);
        if (status === undefined) throw e;
        return c.reply.code(status).type('text/html').send(await renderKey(c, a, (e as Error).message));
      }
    },
  }),
  route({
    method: 'GET', url: '/api/v1/engagements/:engagementId/training', kind: 'api', access: STAFF, params: { engagementId: 'engagement' },
    summary: "Trainer's view of a training engagement: the answer key next to the team's results, and the score (the trainer and the lab's administrators; others get 404)",
    handler: async ({ db, actor, params }) => {
      const a = await trainerAccess(db, actor, params.engagementId!);
      const view = await trainingView(db, a);
      return { engagement: { id: a.e.id, title: a.e.title, phase: a.e.phase }, score: view.score, rows: view.rows, ussd: { endpoint: (await trainingWalletUrl()) ?? null } };
    },
  }),
  route({
    method: 'GET', url: '/engagements/:engagementId/training', kind: 'page', access: STAFF, params: { engagementId: 'engagement' },
    summary: "Trainer's page of a training engagement: score, answer key, reference USSD service (the trainer and the lab's administrators; others get 404)",
    handler: async (c) => c.reply.type('text/html').send(await renderKey(c, await trainerAccess(c.db, c.actor, c.params.engagementId!))),
  }),
];
