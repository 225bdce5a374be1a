/**
 * @module platform/http/routes/engagement-tests
 * The manual side of an engagement's test plan (the API): one row with its catalog text, recording a manual
 * result, attaching evidence files to a row, listing and downloading evidence (integrity-checked) and the
 * integrity check of all of it. Route access is by the caller's role in their organisation; the services then
 * decide by the caller's place in the engagement.
 */
import { engagementFor, requirePhase, requireTest, RETEST_PHASES, TESTING_PHASES } from '../../services/engagements.js';
import { addRowEvidence, discardEvidence, downloadHeaders, listEvidence, openEvidence, receiveEvidencePart, rowOfEngagement, verifyAllEvidence, type ReceivedEvidence } from '../../services/evidence.js';
import { getPlanRow, markPendingNotTested, MAX_NOTES, recordManualResult } from '../../services/manual-tests.js';
import { receiveFileParts } from '../../services/uploads.js';
import { STAFF, WRITERS } from '../../types.js';
import { badRequest, field, forbidden, route, type AnyRoute, type HandlerContext } from '../routes.js';

const RESULT_BODY = {
  type: 'object',
  required: ['result'],
  properties: {
    result: { enum: ['pass', 'fail', 'not_applicable', 'not_tested'] },
    notes: { type: 'string', maxLength: MAX_NOTES, description: 'What was seen (fail), or the reason (not tested, not applicable)' },
    appId: { type: 'string', format: 'uuid', description: 'The app in scope a failure applies to (default: the only app in scope)' },
    severity: { enum: ['critical', 'high', 'medium', 'low', 'info'], description: 'Required for a failure' },
  },
};

/**
 * Receives every file of a multipart body (field "file", one or more) as evidence on disk. The rows are not
 * written here; on any failure the files already received are removed.
 */
export async function receiveFiles(c: HandlerContext): Promise<ReceivedEvidence[]> {
  const { config } = c.platform;
  return receiveFileParts(c.req, config.maxEvidenceBytes, {
    receive: (part) => receiveEvidencePart(config, part),
    discard: (r) => discardEvidence(config, r),
    noFile: 'the upload holds no file (send it in a field named "file")',
  });
}

export const engagementTestRoutes: AnyRoute[] = [
  route({
    method: 'GET', url: '/api/v1/engagements/:engagementId/rows/:rowId', kind: 'api', access: STAFF, params: { engagementId: 'engagement', rowId: 'planRow' },
    summary: 'One row of the test plan: its result, the catalog text (how to test, the requirement), its evidence and finding',
    handler: async ({ db, actor, params }) => {
      const a = await engagementFor(db, actor, params.engagementId!);
      return getPlanRow(db, a, params.rowId!);
    },
  }),
  route({
    method: 'POST', url: '/api/v1/engagements/:engagementId/rows/:rowId/result', kind: 'api', access: WRITERS, params: { engagementId: 'engagement', rowId: 'planRow' },
    requestBody: RESULT_BODY,
    summary: 'Record the result of a manual test (a failure makes or updates a finding; a correction before delivery makes it a false positive)',
    handler: async ({ db, actor, params, body, req }) => {
      await engagementFor(db, actor, params.engagementId!);
      const input = {
        result: field(body, 'result', 30) ?? '',
        notes: field(body, 'notes', MAX_NOTES),
        appId: field(body, 'appId', 60),
        severity: field(body, 'severity', 20),
      };
      if (!input.result) throw badRequest('"result" is required (pass, fail, not_applicable or not_tested)');
      return db.tx((q) => recordManualResult(q, actor, params.engagementId!, params.rowId!, input, req.ip));
    },
  }),
  route({
    method: 'POST', url: '/api/v1/engagements/:engagementId/rows/not-tested', kind: 'api', access: WRITERS, params: { engagementId: 'engagement' },
    requestBody: { type: 'object', required: ['reason'], properties: { reason: { type: 'string', minLength: 1, maxLength: MAX_NOTES, description: 'why the remaining tests were not done' } } },
    summary: 'Record "not tested", with one reason, on every manual row that has no result yet (testing phase)',
    handler: async ({ db, actor, params, body, req }) => {
      await engagementFor(db, actor, params.engagementId!);
      const marked = await db.tx((q) => markPendingNotTested(q, actor, params.engagementId!, field(body, 'reason', MAX_NOTES) ?? '', req.ip));
      return { marked };
    },
  }),
  route({
    method: 'POST', url: '/api/v1/engagements/:engagementId/rows/:rowId/evidence', kind: 'api', access: WRITERS, params: { engagementId: 'engagement', rowId: 'planRow' },
    multipart: true,
    requestBody: { type: 'object', required: ['file'], properties: { file: { type: 'array', items: { type: 'string', format: 'binary' }, description: 'One or more evidence files (screenshots, captures, documents)' } } },
    summary: 'Attach evidence files to a row of the test plan (multipart, field "file"; SHA-256 kept and checked on every download)',
    handler: async (c) => {
      const { db, actor, params, req, reply } = c;
      // Refuse before reading the body: nobody should stream a large capture only to hear they may not.
      const a = await engagementFor(db, actor, params.engagementId!);
      requireTest(a);
      requirePhase(a, [...TESTING_PHASES, ...RETEST_PHASES], 'Adding evidence');
      await rowOfEngagement(db, a, params.rowId!);
      const received = await receiveFiles(c);
      try {
        const evidence = await db.tx((q) => addRowEvidence(q, actor, params.engagementId!, params.rowId!, received, req.ip));
        return reply.code(201).send({ evidence });
      } catch (e) {
        for (const r of received) discardEvidence(c.platform.config, r);
        throw e;
      }
    },
  }),
  route({
    method: 'GET', url: '/api/v1/engagements/:engagementId/evidence', kind: 'api', access: 'user', providerScoped: true, params: { engagementId: 'engagement' },
    summary: "The engagement's evidence files (?rowId= for one row); a provider representative sees the files of remediation responses only",
    handler: async ({ db, actor, params, query }) => {
      const a = await engagementFor(db, actor, params.engagementId!);
      const rowId = query.rowId;
      if (rowId !== undefined && typeof rowId !== 'string') throw badRequest('give "rowId" once');
      return { evidence: await listEvidence(db, a, rowId ? { rowId } : {}) };
    },
  }),
  route({
    method: 'GET', url: '/api/v1/engagements/:engagementId/evidence/:evidenceId', kind: 'api', access: 'user', providerScoped: true, params: { engagementId: 'engagement', evidenceId: 'evidence' },
    summary: 'Download an evidence file (always an attachment); refused with 409 when it no longer matches its recorded SHA-256',
    handler: async ({ db, actor, params, platform, reply }) => {
      const a = await engagementFor(db, actor, params.engagementId!);
      const opened = await openEvidence(db, platform.config, a, params.evidenceId!);
      return reply.headers(downloadHeaders(opened, 'x-evidence-sha256')).send(opened.stream);
    },
  }),
  route({
    method: 'GET', url: '/api/v1/engagements/:engagementId/evidence-check', kind: 'api', access: STAFF, params: { engagementId: 'engagement' },
    summary: 'Check every evidence file of the engagement against its recorded SHA-256 (ok, tampered or missing)',
    handler: async ({ db, actor, params, platform }) => {
      const a = await engagementFor(db, actor, params.engagementId!);
      if (actor.role === 'provider') throw forbidden();
      return verifyAllEvidence(db, platform.config, a);
    },
  }),
];
