/**
 * @module platform/http/routes/engagement-findings-pages
 * The findings-and-remediation pages of an engagement: the list of its findings with their remediation state,
 * one finding's page with the provider's answers, and the two forms it posts — the provider's answer (multipart,
 * with evidence files) and the lab's retest verdict. They call the services of the API routes
 * (routes/engagement-remediation.ts) and receive an answer with the API's own code; every form answers 303
 * back to the finding's page, or shows the page again with the refusal next to the form (400, 409, 413).
 *
 * Access is the services': the engagement as the caller may reach it (a provider representative: its own
 * provider's, once delivered; anyone else: 404), and its findings as the caller may see them (a provider
 * representative: the released ones, without the lab's internal notes).
 */
import { canTest, engagementFor, requirePhase, RETEST_PHASES, type EngagementAccess } from '../../services/engagements.js';
import { discardEvidence, saveEvidence } from '../../services/evidence.js';
import { engagementFindings, findingResponses, MAX_RETEST_NOTE, respond, retestFinding, utcDay } from '../../services/remediation.js';
import { WRITERS } from '../../types.js';
import { translator } from '../../web/i18n.js';
import { engagementFindingPage, engagementFindingsPage, findingHref, type AnswerValues, type FindingFormError, type RetestValues } from '../../web/pages/engagement-findings.js';
import { forbidden, formMessage, formStatus, requiredField, route, type AnyRoute, type HandlerContext } from '../routes.js';
import { receiveAnswer, responseInput } from './engagement-remediation.js';

/** The phases in which answers are taken and retests recorded (delivered, remediation). */
const answering = (a: EngagementAccess): boolean => RETEST_PHASES.includes(a.e.phase);

/** What one finding's page shows the caller, with the forms they may send now. */
async function renderFinding(c: HandlerContext, a: EngagementAccess, o: { error?: FindingFormError; answer?: AnswerValues; retest?: RetestValues } = {}): Promise<string> {
  const { finding, responses } = await findingResponses(c.db, a, c.params.findingId!);
  const rep = c.actor.role === 'provider';
  const tester = canTest(a);
  const t = translator(c.req.lang);
  let formsNote: string | undefined;
  if ((rep || tester) && !answering(a)) {
    formsNote = a.e.phase === 'closed' ? t('The engagement is closed: no more answers or retests are recorded.') : t('Retests are recorded once the report is delivered.');
  }
  return engagementFindingPage({
    actor: c.actor,
    csrf: c.req.csrf,
    lang: c.req.lang,
    engagement: a.e,
    sameOrg: a.sameOrg,
    finding,
    responses,
    answer: rep && answering(a) ? { today: utcDay(new Date()), maxEvidenceBytes: c.platform.config.maxEvidenceBytes, values: o.answer } : undefined,
    retest: tester && answering(a) ? { values: o.retest } : undefined,
    formsNote,
    error: o.error,
  });
}

/** Shows the finding's page again with the refusal next to the form that was sent. */
async function refusedOnPage(c: HandlerContext, e: unknown, at: FindingFormError['at'], values: { answer?: AnswerValues; retest?: RetestValues }): Promise<unknown> {
  const status = formStatus(e);
  if (status === undefined) throw e;
  const message = formMessage(e);
  const a = await engagementFor(c.db, c.actor, c.params.engagementId!);
  return c.reply.code(status).type('text/html').send(await renderFinding(c, a, { ...values, error: { at, message } }));
}

/** The answer form's text fields, to fill the form again after a refusal. */
function answerValues(fields: Record<string, unknown>): AnswerValues {
  const text = (k: string): string | undefined => (typeof fields[k] === 'string' ? (fields[k] as string) : undefined);
  return { plan: text('plan'), targetDate: text('targetDate')?.slice(0, 40), fixed: ['on', 'true', '1', 'yes'].includes((text('fixed') ?? '').toLowerCase()) };
}

/**
 * Receives the provider's answer of the form (multipart: plan, targetDate, fixed, evidence files in "file"; or a
 * urlencoded form without files) and records it, like the API's multipart answer: who may answer, the phase and
 * the finding are checked before the files are read; a refused answer leaves no file behind. `fields` receives
 * the text fields as they are read (to fill the form again after a refusal).
 */
async function answerFromForm(c: HandlerContext, a: EngagementAccess, fields: Record<string, unknown>): Promise<void> {
  const { db, actor, params, req } = c;
  // Refuse before reading the files: nobody should stream a large capture only to hear they may not.
  if (actor.role !== 'provider') throw forbidden("only the provider's representatives answer its findings");
  requirePhase(a, RETEST_PHASES, 'Answering a finding');
  await findingResponses(db, a, params.findingId!);
  if (!req.isMultipart()) {
    // A form without files (urlencoded) is an answer without evidence.
    Object.assign(fields, c.body);
    await db.tx((q) => respond(q, actor, a.e.id, params.findingId!, responseInput(c.body), { ip: req.ip }));
    return;
  }
  const received = await receiveAnswer(c);
  Object.assign(fields, received.fields);
  const { files } = received;
  try {
    const input = responseInput(received.fields);
    await db.tx((q) =>
      respond(q, actor, a.e.id, params.findingId!, input, {
        ip: req.ip,
        attachEvidence: async (tq, ta, responseId) => {
          for (const f of files) await saveEvidence(tq, ta, f, { responseId }, req.ip);
          return files.length;
        },
      }),
    );
  } catch (e) {
    for (const f of files) discardEvidence(c.platform.config, f);
    throw e;
  }
}

const FINDING_PARAMS = { engagementId: 'engagement', findingId: 'finding' } as const;

export const engagementFindingsPageRoutes: AnyRoute[] = [
  route({
    method: 'GET', url: '/engagements/:engagementId/findings', kind: 'page', access: 'user', providerScoped: true, params: { engagementId: 'engagement' },
    summary: "Findings and remediation page: the engagement's findings with the provider's latest answer and the overdue flag (a provider representative: the released ones, once delivered)",
    handler: async ({ db, actor, params, req, reply }) => {
      const a = await engagementFor(db, actor, params.engagementId!);
      const html = engagementFindingsPage({ actor, csrf: req.csrf, lang: req.lang, engagement: a.e, findings: await engagementFindings(db, a), tester: canTest(a) && answering(a) });
      return reply.type('text/html').send(html);
    },
  }),
  route({
    method: 'GET', url: '/engagements/:engagementId/findings/:findingId', kind: 'page', access: 'user', providerScoped: true, params: FINDING_PARAMS,
    summary: "A finding of the engagement with the provider's answers and their evidence; the answer form (provider) or the retest form (the team's testers)",
    handler: async (c) => c.reply.type('text/html').send(await renderFinding(c, await engagementFor(c.db, c.actor, c.params.engagementId!))),
  }),
  route({
    method: 'POST', url: '/engagements/:engagementId/findings/:findingId/responses', kind: 'page', access: ['provider'], providerScoped: true, params: FINDING_PARAMS, multipart: true,
    summary: 'The provider answers a released finding (form, multipart: plan, targetDate, fixed, evidence files in "file"; the CSRF token in ?_csrf=)',
    handler: async (c) => {
      const a = await engagementFor(c.db, c.actor, c.params.engagementId!);
      const fields: Record<string, unknown> = {};
      try {
        await answerFromForm(c, a, fields);
        return c.reply.redirect(findingHref(a.e.id, c.params.findingId!), 303);
      } catch (e) {
        return refusedOnPage(c, e, 'answer', { answer: answerValues(fields) });
      }
    },
  }),
  route({
    method: 'POST', url: '/engagements/:engagementId/findings/:findingId/retest', kind: 'page', access: WRITERS, params: FINDING_PARAMS,
    summary: "Record the lab's retest verdict on a finding (form: outcome fixed or not_fixed, note)",
    handler: async (c) => {
      const a = await engagementFor(c.db, c.actor, c.params.engagementId!);
      const values: RetestValues = {
        outcome: typeof c.body.outcome === 'string' ? c.body.outcome.slice(0, 20) : undefined,
        note: typeof c.body.note === 'string' ? c.body.note.slice(0, MAX_RETEST_NOTE) : undefined,
      };
      try {
        const input = { outcome: requiredField(c.body, 'outcome', 20), note: requiredField(c.body, 'note', MAX_RETEST_NOTE) };
        await c.db.tx((q) => retestFinding(q, c.actor, a.e.id, c.params.findingId!, input, c.req.ip));
        return c.reply.redirect(findingHref(a.e.id, c.params.findingId!), 303);
      } catch (e) {
        return refusedOnPage(c, e, 'retest', { retest: values });
      }
    },
  }),
];
