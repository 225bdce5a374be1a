/**
 * @module platform/http/routes/engagement-pages
 * The engagement pages of the web UI: the list, the "plan an engagement" form, the engagement's page, and the
 * forms it posts (phase changes, adding a member, and testing from the engagement: uploading a build of an app in
 * scope, running the USSD tests of a service in scope, linking a finished scan). Every form answers 303 back to a
 * page, or shows the page again with the refusal next to the form that was sent (400, 409, 413 for an upload).
 *
 * A build uploaded or a USSD run started here is created and linked to the engagement in one transaction, then
 * queued: a scan that the engagement refused (wrong phase, app out of scope) is never left behind unlinked.
 */
import {
  addMember,
  canManage,
  canTest,
  changePhase,
  createEngagement,
  engagementApps,
  engagementEvents,
  engagementFor,
  listEngagements,
  members,
  requirePhase,
  requireTest,
  SCANNING_PHASES,
  TESTING_PHASES,
  transitionProblem,
  userByEmail,
  type EngagementAccess,
} from '../../services/engagements.js';
import { REPORT_PHASES } from '../../services/engagement-report.js';
import { getApp, listApps, listProviders } from '../../services/providers.js';
import type { StoredArtifact } from '../../services/uploads.js';
import { createScan, listScans, type Scan } from '../../services/scans.js';
import { markPendingNotTested, MAX_NOTES } from '../../services/manual-tests.js';
import { linkedScans, linkScan, planRows } from '../../services/test-plan.js';
import { enqueueStoredScan, receiveAppBuild } from './scans.js';
import { getUssdTarget, listUssdTargets, runUssdTarget } from '../../services/ussd-targets.js';
import { MANAGERS, WRITERS } from '../../types.js';
import { engagementPage, engagementsPage, formValues, newEngagementPage, PHASE_ACTIONS, type PageError, type TestingData } from '../../web/pages/engagements.js';
import { badRequest, field, formMessage, formStatus, notFound, requiredField, route, type AnyRoute, type HandlerContext } from '../routes.js';
import { newEngagementInput } from './engagements.js';


/** What the testers of the engagement may do from its page now, or undefined when they may not test. */
async function testingData(c: HandlerContext, a: EngagementAccess, apps: Awaited<ReturnType<typeof engagementApps>>, linked: ReadonlySet<string>): Promise<TestingData | undefined> {
  if (!canTest(a) || !SCANNING_PHASES.includes(a.e.phase)) return undefined;
  // A tester is of the engagement's lab (canTest), so the caller's own scans and targets are the lab's.
  const ussd = [];
  const linkable: Scan[] = [];
  for (const app of apps) {
    if (app.platform === 'ussd') ussd.push({ app, targets: await listUssdTargets(c.db, c.actor, app.app_id) });
    linkable.push(...(await listScans(c.db, c.actor, { appId: app.app_id, limit: 100 })).filter((s) => s.status === 'done' && !linked.has(s.id)));
  }
  linkable.sort((x, y) => new Date(y.created_at).getTime() - new Date(x.created_at).getTime());
  return { maxUploadBytes: c.platform.config.maxUploadBytes, uploadApps: apps.filter((x) => x.platform !== 'ussd'), ussd, linkable };
}

/** The engagement's page as the caller may see it (a provider representative: the phase and the scope). */
async function renderEngagement(c: HandlerContext, a: EngagementAccess, error?: PageError): Promise<string> {
  const apps = await engagementApps(c.db, a.e.id);
  const base = { actor: c.actor, csrf: c.req.csrf, lang: c.req.lang, engagement: a.e, apps, sameOrg: a.sameOrg, error };
  // A provider representative reaches a delivered engagement only (engagementFor): its report and findings.
  if (c.actor.role === 'provider') return engagementPage({ ...base, links: { findings: true, report: true } });
  const scans = await linkedScans(c.db, a.e.id);
  const manage = canManage(a);
  const phaseChoices = manage
    ? await Promise.all(PHASE_ACTIONS[a.e.phase].map(async (choice) => ({ ...choice, problem: await transitionProblem(c.db, a, choice.to) })))
    : undefined;
  return engagementPage({
    ...base,
    phaseChoices,
    team: await members(c.db, a.e.id),
    canManageTeam: manage && a.e.phase !== 'closed',
    testing: await testingData(c, a, apps, new Set(scans.map((s) => s.scan_id))),
    scans,
    plan: await planRows(c.db, a),
    canMarkNotTested: canTest(a) && TESTING_PHASES.includes(a.e.phase),
    events: await engagementEvents(c.db, a),
    links: {
      review: true,
      findings: true,
      report: REPORT_PHASES.includes(a.e.phase),
      training: a.e.type === 'training' && canManage(a),
      samples: a.e.type === 'training',
    },
  });
}

/** Shows the engagement's page again with the refusal next to the form that was sent. */
async function refusedOnPage(c: HandlerContext, e: unknown, at: PageError['at'], objectId?: string): Promise<unknown> {
  const status = formStatus(e);
  if (status === undefined) throw e;
  const a = await engagementFor(c.db, c.actor, c.params.engagementId!);
  return c.reply.code(status).type('text/html').send(await renderEngagement(c, a, { at, message: formMessage(e), objectId }));
}

/** The engagement of the URL, for a tester in a phase where scans are added. */
async function testerAccess(c: HandlerContext, what: string): Promise<EngagementAccess> {
  const a = await engagementFor(c.db, c.actor, c.params.engagementId!);
  requireTest(a);
  requirePhase(a, SCANNING_PHASES, what);
  return a;
}

/**
 * Receives a build of the app in scope named in the URL, creates its scan linked to the engagement, and queues
 * it. The upload itself is received as on the app page (routes/scans.ts): size refused before reading, the file
 * streamed to a random name, checked to be a build of this app before it is kept.
 */
async function uploadBuild(c: HandlerContext): Promise<Scan> {
  const a = await testerAccess(c, 'Uploading a build');
  const inScope = (await engagementApps(c.db, a.e.id)).find((x) => x.app_id === c.params.appId);
  if (!inScope) throw notFound("no such app in this engagement's scope");
  if (inScope.platform === 'ussd') throw badRequest('a USSD service is tested live: run the tests of one of its targets');
  const app = await getApp(c.db, c.actor, inScope.app_id);
  return scanIntoEngagement(c, a, app.id, await receiveAppBuild(c, app));
}

/**
 * Creates the scan of a stored build and links it to the engagement in one transaction (a scan the engagement
 * refuses is never left behind unlinked), then queues it.
 */
export async function scanIntoEngagement(c: HandlerContext, a: EngagementAccess, appId: string, artifact: StoredArtifact): Promise<Scan> {
  const scan = await c.db.tx(async (q) => {
    const created = await createScan(q, c.actor, appId, artifact, c.req.ip);
    await linkScan(q, c.actor, a.e.id, created.id, c.req.ip);
    return created;
  });
  await enqueueStoredScan(c, scan.id);
  return scan;
}

export const engagementPageRoutes: AnyRoute[] = [
  route({
    method: 'GET', url: '/engagements', kind: 'page', access: 'user', providerScoped: true,
    summary: "Engagements page (the lab's, those the caller is in; a provider's delivered ones)",
    handler: async ({ db, actor, req, reply }) => reply.type('text/html').send(engagementsPage({ actor, csrf: req.csrf, lang: req.lang, engagements: await listEngagements(db, actor) })),
  }),
  route({
    method: 'GET', url: '/engagements/new', kind: 'page', access: MANAGERS,
    summary: 'Form: plan an engagement',
    handler: async ({ db, actor, req, reply }) => reply.type('text/html').send(newEngagementPage({ actor, csrf: req.csrf, lang: req.lang, providers: await listProviders(db, actor), apps: await listApps(db, actor) })),
  }),
  route({
    method: 'POST', url: '/engagements', kind: 'page', access: MANAGERS,
    summary: 'Plan an engagement (form)',
    handler: async (c) => {
      try {
        const a = await c.db.tx((q) => createEngagement(q, c.actor, newEngagementInput(c.body), c.req.ip));
        return c.reply.redirect(`/engagements/${a.e.id}`, 303);
      } catch (e) {
        const status = formStatus(e);
        if (status === undefined) throw e;
        const html = newEngagementPage({
          actor: c.actor,
          csrf: c.req.csrf,
          lang: c.req.lang,
          providers: await listProviders(c.db, c.actor),
          apps: await listApps(c.db, c.actor),
          values: formValues(c.body),
          error: formMessage(e),
        });
        return c.reply.code(status).type('text/html').send(html);
      }
    },
  }),
  route({
    method: 'GET', url: '/engagements/:engagementId', kind: 'page', access: 'user', providerScoped: true, params: { engagementId: 'engagement' },
    summary: 'Engagement page: phase, scope, team, testing, linked scans, test plan, history (a provider representative: phase and scope)',
    handler: async (c) => c.reply.type('text/html').send(await renderEngagement(c, await engagementFor(c.db, c.actor, c.params.engagementId!))),
  }),
  route({
    method: 'POST', url: '/engagements/:engagementId/phase', kind: 'page', access: MANAGERS, params: { engagementId: 'engagement' },
    summary: 'Move the engagement to another phase (form; a refused change shows the reason)',
    handler: async (c) => {
      const a = await engagementFor(c.db, c.actor, c.params.engagementId!);
      try {
        await c.db.tx((q) => changePhase(q, c.actor, a.e.id, requiredField(c.body, 'phase', 20), field(c.body, 'reason', 2000), c.req.ip));
        return c.reply.redirect(`/engagements/${a.e.id}`, 303);
      } catch (e) {
        return refusedOnPage(c, e, 'phase');
      }
    },
  }),
  route({
    method: 'POST', url: '/engagements/:engagementId/members', kind: 'page', access: MANAGERS, params: { engagementId: 'engagement' },
    summary: 'Add a member by e-mail (form; a reviewer may belong to another organisation)',
    handler: async (c) => {
      const a = await engagementFor(c.db, c.actor, c.params.engagementId!);
      try {
        await c.db.tx(async (q) => addMember(q, c.actor, a.e.id, await userByEmail(q, requiredField(c.body, 'email', 320)), requiredField(c.body, 'role', 20), c.req.ip));
        return c.reply.redirect(`/engagements/${a.e.id}#team-h`, 303);
      } catch (e) {
        return refusedOnPage(c, e, 'team');
      }
    },
  }),
  route({
    method: 'POST', url: '/engagements/:engagementId/apps/:appId/scans', kind: 'page', access: WRITERS, params: { engagementId: 'engagement', appId: 'app' }, multipart: true,
    summary: 'Upload a build of an app in scope (form, multipart field "file"): its scan is linked to the engagement and queued',
    handler: async (c) => {
      try {
        const scan = await uploadBuild(c);
        return c.reply.redirect(`/scans/${scan.id}`, 303);
      } catch (e) {
        return refusedOnPage(c, e, 'upload', c.params.appId);
      }
    },
  }),
  route({
    method: 'POST', url: '/engagements/:engagementId/ussd-targets/:targetId/runs', kind: 'page', access: WRITERS, params: { engagementId: 'engagement', targetId: 'ussdTarget' },
    summary: 'Run the USSD tests of a target of a service in scope (form): the run is linked to the engagement and queued',
    handler: async (c) => {
      let appId: string | undefined;
      try {
        const a = await testerAccess(c, 'Running the USSD tests');
        const target = await getUssdTarget(c.db, c.actor, c.params.targetId!);
        if (!(await engagementApps(c.db, a.e.id)).some((x) => x.app_id === target.app_id)) throw notFound("no such USSD target for a service in this engagement's scope");
        appId = target.app_id;
        // A checkbox sends nothing when unticked: then the target file decides, as on the target's page.
        const quick = field(c.body, 'quick', 10) !== undefined;
        const scan = await c.db.tx(async (q) => {
          const run = await runUssdTarget(q, c.actor, target.id, { quick }, c.req.ip);
          await linkScan(q, c.actor, a.e.id, run.id, c.req.ip);
          return run;
        });
        await enqueueStoredScan(c, scan.id);
        return c.reply.redirect(`/scans/${scan.id}`, 303);
      } catch (e) {
        return refusedOnPage(c, e, 'ussd', appId);
      }
    },
  }),
  route({
    method: 'POST', url: '/engagements/:engagementId/rows/not-tested', kind: 'page', access: WRITERS, params: { engagementId: 'engagement' },
    summary: 'Record "not tested" with one reason on every manual row without a result (form)',
    handler: async (c) => {
      const a = await engagementFor(c.db, c.actor, c.params.engagementId!);
      try {
        await c.db.tx((q) => markPendingNotTested(q, c.actor, a.e.id, field(c.body, 'reason', MAX_NOTES) ?? '', c.req.ip));
        return c.reply.redirect(`/engagements/${a.e.id}#plan-h`, 303);
      } catch (e) {
        return refusedOnPage(c, e, 'plan');
      }
    },
  }),
  route({
    method: 'POST', url: '/engagements/:engagementId/scans', kind: 'page', access: WRITERS, params: { engagementId: 'engagement' },
    summary: 'Link a finished scan or USSD run of an app in scope to the engagement (form)',
    handler: async (c) => {
      const a = await engagementFor(c.db, c.actor, c.params.engagementId!);
      try {
        await c.db.tx((q) => linkScan(q, c.actor, a.e.id, requiredField(c.body, 'scanId', 60), c.req.ip));
        return c.reply.redirect(`/engagements/${a.e.id}#scans-h`, 303);
      } catch (e) {
        return refusedOnPage(c, e, 'link');
      }
    },
  }),
];
