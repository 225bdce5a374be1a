/**
 * @module platform/http/routes/engagement-remediation
 * Remediation of a delivered engagement (the API): its findings with the provider's latest answers and the
 * overdue flag, the history of answers to one finding, the provider's answer, and the lab's retest verdict.
 * Every handler first resolves the engagement as the caller may reach it, so an engagement of another
 * organisation (or, for a provider, of another provider or not yet delivered) is "not found".
 */
import { engagementFor, requirePhase, RETEST_PHASES } from '../../services/engagements.js';
import { discardEvidence, receiveEvidencePart, saveEvidence, type ReceivedEvidence } from '../../services/evidence.js';
import { engagementFindings, findingResponses, respond, retestFinding, RETEST_OUTCOMES, MAX_PLAN, MAX_RETEST_NOTE, type ResponseInput } from '../../services/remediation.js';
import { receiveFileParts } from '../../services/uploads.js';
import { WRITERS } from '../../types.js';
import { badRequest, field, forbidden, requiredField, route, type AnyRoute, type HandlerContext } from '../routes.js';

const RESPONSE_BODY = {
  type: 'object',
  required: ['plan'],
  properties: {
    plan: { type: 'string', minLength: 1, maxLength: MAX_PLAN },
    targetDate: { type: 'string', format: 'date', description: 'today or later, at most 3 years ahead' },
    fixed: { type: 'boolean', description: 'the provider reports the finding fixed' },
  },
};

/** A yes/no field of a JSON body (a boolean) or a form (a checkbox: "on", "true", "1"). */
export function booleanField(body: Record<string, unknown>, name: string): boolean {
  const v = body[name];
  if (v === undefined || v === null || v === '' || v === false) return false;
  if (v === true) return true;
  if (typeof v === 'string' && ['on', 'true', '1', 'yes'].includes(v.toLowerCase())) return true;
  if (typeof v === 'string' && ['off', 'false', '0', 'no'].includes(v.toLowerCase())) return false;
  throw badRequest(`"${name}" must be true or false`);
}

/** The answer fields of a JSON body or a form. */
export function responseInput(body: Record<string, unknown>): ResponseInput {
  return {
    plan: requiredField(body, 'plan', MAX_PLAN),
    targetDate: field(body, 'targetDate', 40),
    fixed: booleanField(body, 'fixed'),
  };
}

/** The text fields of a multipart answer (the others, such as the form's CSRF field, are ignored). */
const ANSWER_FIELDS: readonly string[] = ['plan', 'targetDate', 'fixed'];

/**
 * A multipart answer: its text fields (`plan`, `targetDate`, `fixed`, each at most once; others such as the
 * form's CSRF field are ignored), and its files (field "file", any number, none allowed) received as evidence on
 * disk (recorded later, in the answer's transaction) by the shared `receiveFileParts`: the same size limit,
 * refusals and clean-up as the other evidence uploads (on any failure the files already received are removed).
 */
export async function receiveAnswer(c: HandlerContext): Promise<{ fields: Record<string, unknown>; files: ReceivedEvidence[] }> {
  const { config } = c.platform;
  const fields: Record<string, unknown> = {};
  const files = await receiveFileParts(c.req, config.maxEvidenceBytes, {
    receive: (part) => receiveEvidencePart(config, part),
    discard: (r) => discardEvidence(config, r),
    field: (name, value) => {
      if (!ANSWER_FIELDS.includes(name)) return;
      if (name in fields) throw badRequest(`give "${name}" once`);
      fields[name] = value;
    },
  });
  return { fields, files };
}

export const engagementRemediationRoutes: AnyRoute[] = [
  route({
    method: 'GET', url: '/api/v1/engagements/:engagementId/findings', kind: 'api', access: 'user', providerScoped: true, params: { engagementId: 'engagement' },
    summary: "The engagement's findings with their remediation state: the provider's latest answer and whether each is overdue (a provider representative: the released ones)",
    handler: async ({ db, actor, params }) => {
      const a = await engagementFor(db, actor, params.engagementId!);
      return { findings: await engagementFindings(db, a) };
    },
  }),
  route({
    method: 'GET', url: '/api/v1/engagements/:engagementId/findings/:findingId/responses', kind: 'api', access: 'user', providerScoped: true,
    params: { engagementId: 'engagement', findingId: 'finding' },
    summary: "Every answer of the provider to one finding of the engagement, with its evidence files",
    handler: async ({ db, actor, params }) => {
      const a = await engagementFor(db, actor, params.engagementId!);
      return findingResponses(db, a, params.findingId!);
    },
  }),
  route({
    method: 'POST', url: '/api/v1/engagements/:engagementId/findings/:findingId/responses', kind: 'api', access: ['provider'],
    params: { engagementId: 'engagement', findingId: 'finding' }, requestBody: RESPONSE_BODY,
    summary:
      'The provider answers a released finding: remediation plan, target date, fixed claim (JSON; or multipart/form-data with the same fields and evidence files in "file" parts). The first answer moves the engagement to remediation',
    handler: async (c) => {
      const { db, actor, params, body, req, reply } = c;
      const a = await engagementFor(db, actor, params.engagementId!);
      if (!req.isMultipart()) {
        const input = responseInput(body);
        return reply.code(201).send(await db.tx((q) => respond(q, actor, a.e.id, params.findingId!, input, { ip: req.ip })));
      }
      // Refuse before reading the files: nobody should stream a large capture only to hear they may not.
      if (actor.role !== 'provider') throw forbidden("only the provider's representatives answer its findings");
      requirePhase(a, RETEST_PHASES, 'Answering a finding');
      await findingResponses(db, a, params.findingId!);
      const { fields, files } = await receiveAnswer(c);
      try {
        const input = responseInput(fields);
        const out = await db.tx((q) =>
          respond(q, actor, a.e.id, params.findingId!, input, {
            ip: req.ip,
            attachEvidence: async (tq, ta, responseId) => {
              for (const f of files) await saveEvidence(tq, ta, f, { responseId }, req.ip);
              return files.length;
            },
          }),
        );
        return reply.code(201).send(out);
      } catch (e) {
        for (const f of files) discardEvidence(c.platform.config, f);
        throw e;
      }
    },
  }),
  route({
    method: 'POST', url: '/api/v1/engagements/:engagementId/findings/:findingId/retest', kind: 'api', access: WRITERS,
    params: { engagementId: 'engagement', findingId: 'finding' },
    requestBody: { type: 'object', required: ['outcome', 'note'], properties: { outcome: { enum: [...RETEST_OUTCOMES] }, note: { type: 'string', maxLength: MAX_RETEST_NOTE } } },
    summary: "Record the lab's retest verdict on a finding (fixed, or not fixed: back with the provider) where a rescan cannot tell",
    handler: async ({ db, actor, params, body, req }) => {
      await engagementFor(db, actor, params.engagementId!);
      const input = { outcome: requiredField(body, 'outcome', 20), note: requiredField(body, 'note', MAX_RETEST_NOTE) };
      return { finding: await db.tx((q) => retestFinding(q, actor, params.engagementId!, params.findingId!, input, req.ip)) };
    },
  }),
];
