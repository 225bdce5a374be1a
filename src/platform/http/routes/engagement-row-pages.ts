/**
 * @module platform/http/routes/engagement-row-pages
 * The page of one row of an engagement's test plan, and the two forms it posts: recording a manual result and
 * attaching evidence files. They call the services the API calls (routes/engagement-tests.ts), with the same
 * guards: the engagement's testers, in a phase where results are recorded. A form answers 303 back to the row's
 * page, or shows the page again with the refusal next to the form that was sent (400, 409, 413 for an upload).
 *
 * Route access is by the caller's role in their organisation (staff); the services then decide by the caller's
 * place in the engagement, so a reviewer of another organisation reaches the rows of the engagements they
 * review and nothing else, and another lab's users get "not found".
 */
import { canTest, engagementApps, engagementFor, requirePhase, requireTest, RETEST_PHASES, TESTING_PHASES, type EngagementAccess } from '../../services/engagements.js';
import { addRowEvidence, discardEvidence, rowOfEngagement } from '../../services/evidence.js';
import { getPlanRow, MAX_NOTES, recordManualResult } from '../../services/manual-tests.js';
import { reviewState } from '../../services/review.js';
import { linkedScans } from '../../services/test-plan.js';
import { STAFF, WRITERS } from '../../types.js';
import { engagementRowPage, type ResultFormValues, type RowPageError } from '../../web/pages/engagement-row.js';
import { badRequest, field, formMessage, formStatus, route, type AnyRoute, type HandlerContext } from '../routes.js';
import { receiveFiles } from './engagement-tests.js';

/** The phases in which the team records results and adds evidence (the services' rule, see manual-tests.ts). */
const RESULT_PHASES = [...TESTING_PHASES, ...RETEST_PHASES];

const PARAMS = { engagementId: 'engagement', rowId: 'planRow' } as const;

const rowUrl = (engagementId: string, rowId: string): string => `/engagements/${engagementId}/rows/${rowId}`;

/**
 * The row's page as the caller may see it; the forms only for the engagement's testers while testing or
 * retesting, on a manual row or on an automated row that no linked scan decides (tested by hand instead).
 */
async function renderRow(c: HandlerContext, a: EngagementAccess, o: { error?: RowPageError; values?: ResultFormValues } = {}): Promise<string> {
  const detail = await getPlanRow(c.db, a, c.params.rowId!);
  const { row } = detail;
  const scans = row.mode === 'automated' && row.scans.length > 0 ? (await linkedScans(c.db, a.e.id)).filter((s) => row.scans.includes(s.scan_id)) : [];
  const comments = (await reviewState(c.db, a)).comments.filter((x) => x.target_type === 'row' && x.target_id === row.id);
  const testing = row.decided_by !== 'scans' && canTest(a) && RESULT_PHASES.includes(a.e.phase);
  return engagementRowPage({
    actor: c.actor,
    csrf: c.req.csrf,
    lang: c.req.lang,
    engagement: a.e,
    detail,
    apps: await engagementApps(c.db, a.e.id),
    sameOrg: a.sameOrg,
    scans,
    comments,
    forms: testing ? { maxEvidenceBytes: c.platform.config.maxEvidenceBytes } : undefined,
    values: o.values,
    error: o.error,
  });
}

/** Shows the row's page again with the refusal next to the form that was sent (and what was typed in it). */
async function refusedOnRowPage(c: HandlerContext, e: unknown, at: RowPageError['at'], values?: ResultFormValues): Promise<unknown> {
  const status = formStatus(e);
  if (status === undefined) throw e;
  const a = await engagementFor(c.db, c.actor, c.params.engagementId!);
  return c.reply.code(status).type('text/html').send(await renderRow(c, a, { error: { at, message: formMessage(e) }, ...(values ? { values } : {}) }));
}

/** The result form's fields as sent, to fill the form again after a refusal (anything not text is left out). */
function sentValues(body: Record<string, unknown>): ResultFormValues {
  const text = (k: string, max: number): string | undefined => (typeof body[k] === 'string' ? (body[k] as string).slice(0, max) : undefined);
  return { result: text('result', 30), notes: text('notes', MAX_NOTES + 100), severity: text('severity', 20), appId: text('appId', 60) };
}

export const engagementRowPageRoutes: AnyRoute[] = [
  route({
    method: 'GET', url: '/engagements/:engagementId/rows/:rowId', kind: 'page', access: STAFF, params: PARAMS,
    summary: "Test plan row page: the catalog's requirement and how to test it, the result, its finding, evidence and review comments (testers: the result and evidence forms)",
    handler: async (c) => c.reply.type('text/html').send(await renderRow(c, await engagementFor(c.db, c.actor, c.params.engagementId!))),
  }),
  route({
    method: 'POST', url: '/engagements/:engagementId/rows/:rowId/result', kind: 'page', access: WRITERS, params: PARAMS,
    summary: 'Record the result of a manual test (form; a failure makes or updates a finding, a refusal shows the reason on the page)',
    handler: async (c) => {
      const a = await engagementFor(c.db, c.actor, c.params.engagementId!);
      try {
        const input = {
          result: field(c.body, 'result', 30) ?? '',
          notes: field(c.body, 'notes', MAX_NOTES),
          appId: field(c.body, 'appId', 60),
          severity: field(c.body, 'severity', 20),
        };
        if (!input.result) throw badRequest('choose a result: pass, fail, not applicable or not tested');
        await c.db.tx((q) => recordManualResult(q, c.actor, a.e.id, c.params.rowId!, input, c.req.ip));
        return c.reply.redirect(`${rowUrl(a.e.id, c.params.rowId!)}#result-h`, 303);
      } catch (e) {
        return refusedOnRowPage(c, e, 'result', sentValues(c.body));
      }
    },
  }),
  route({
    method: 'POST', url: '/engagements/:engagementId/rows/:rowId/evidence', kind: 'page', access: WRITERS, params: PARAMS, multipart: true,
    summary: 'Attach evidence files to a row of the test plan (form, multipart field "file", one or more; SHA-256 kept and checked on every download)',
    handler: async (c) => {
      const a = await engagementFor(c.db, c.actor, c.params.engagementId!);
      try {
        // Refuse before reading the body, as the API does: nobody should stream a large capture only to hear they may not.
        requireTest(a);
        requirePhase(a, RESULT_PHASES, 'Adding evidence');
        await rowOfEngagement(c.db, a, c.params.rowId!);
        const received = await receiveFiles(c);
        try {
          await c.db.tx((q) => addRowEvidence(q, c.actor, a.e.id, c.params.rowId!, received, c.req.ip));
        } catch (e) {
          for (const r of received) discardEvidence(c.platform.config, r);
          throw e;
        }
        return c.reply.redirect(`${rowUrl(a.e.id, c.params.rowId!)}#evidence-h`, 303);
      } catch (e) {
        return refusedOnRowPage(c, e, 'evidence');
      }
    },
  }),
];
