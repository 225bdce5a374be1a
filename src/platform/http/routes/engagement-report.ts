/**
 * @module platform/http/routes/engagement-report
 * The engagement report download: `?format=html|pdf|json|sarif|csv|oscal`. The service decides what the
 * caller gets (the full report for the lab and the team from the reporting phase on, the delivered copy for
 * the provider); this route parses the format and sends the file.
 */
import { ErrorCodes, isDfslabError } from '../../../errors.js';
import { ENGAGEMENT_REPORT_FORMATS, type EngagementReportFormat } from '../../../index.js';
import { engagementReport } from '../../services/engagement-report.js';
import { engagementFor } from '../../services/engagements.js';
import { badRequest, HttpError, route, type AnyRoute } from '../routes.js';
import { HTML_REPORT_CSP } from './scans.js';

function reportFormat(query: Record<string, string>): EngagementReportFormat {
  const f = query.format ?? 'html';
  if (!(ENGAGEMENT_REPORT_FORMATS as readonly string[]).includes(f)) throw badRequest(`format must be one of ${ENGAGEMENT_REPORT_FORMATS.join(', ')}`);
  return f as EngagementReportFormat;
}

export const engagementReportRoutes: AnyRoute[] = [
  route({
    method: 'GET', url: '/api/v1/engagements/:engagementId/report', kind: 'api', access: 'user', providerScoped: true, params: { engagementId: 'engagement' },
    summary: 'The engagement report: ?format=html|pdf|json|sarif|csv|oscal (a download; from the reporting phase for the lab and the team, once delivered for the provider, with the released findings only)',
    handler: async ({ db, actor, params, query, reply }) => {
      // Resolve the engagement first, so another organisation's id is "not found" whatever the format says.
      await engagementFor(db, actor, params.engagementId!);
      const format = reportFormat(query);
      let out: Awaited<ReturnType<typeof engagementReport>>;
      try {
        out = await engagementReport(db, actor, params.engagementId!, format);
      } catch (e) {
        if (isDfslabError(e) && e.code === ErrorCodes.REPORT_CHROMIUM_MISSING) throw new HttpError(501, 'not_implemented', e.message);
        throw e;
      }
      if (format === 'html') reply.header('content-security-policy', HTML_REPORT_CSP);
      return reply
        .header('content-disposition', `attachment; filename="${out.fileName}"`)
        .header('cache-control', 'private, no-store')
        .type(out.contentType)
        .send(typeof out.body === 'string' ? out.body : Buffer.from(out.body));
    },
  }),
];
