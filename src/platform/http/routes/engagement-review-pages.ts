/**
 * @module platform/http/routes/engagement-review-pages
 * The review page of an engagement and the two forms it posts: a comment (on the engagement, a plan row or a
 * finding) and a reviewer's decision (approve, or request changes). The page is for the lab's staff and the
 * engagement's team, the invited reviewer of another organisation included; the services decide everything
 * (services/review.ts), and the forms are shown by the same rules they apply. A form answers 303 back to the
 * page, or shows the page again with the refusal next to the form that was sent (400, 409).
 */
import { REPORT_PHASES } from '../../services/engagement-report.js';
import { canReview, engagementFor, members, type EngagementAccess } from '../../services/engagements.js';
import { engagementFindings } from '../../services/remediation.js';
import { addComment, canComment, COMMENT_PHASES, decide, reviewState, type CommentInput } from '../../services/review.js';
import { planRows } from '../../services/test-plan.js';
import { STAFF } from '../../types.js';
import { engagementReviewPage, type ReviewFormValues, type ReviewPageError } from '../../web/pages/engagement-review.js';
import { badRequest, formMessage, formStatus, requiredField, route, type AnyRoute, type HandlerContext } from '../routes.js';

/** The page's URL: every form comes back here. */
const reviewUrl = (engagementId: string): string => `/engagements/${engagementId}/review`;

/** `engagement`, `row:<id>` or `finding:<id>` of the comment form's "About" choice, as the service's target. */
function commentTarget(body: Record<string, unknown>): Pick<CommentInput, 'targetType' | 'targetId'> {
  const about = requiredField(body, 'about', 100);
  if (about === 'engagement') return { targetType: 'engagement' };
  const m = /^(row|finding):(.+)$/.exec(about);
  if (!m) throw badRequest('"about" must be the engagement, a plan row or a finding');
  return { targetType: m[1], targetId: m[2] };
}

/** A text field of the form as it was sent, to fill the form again after a refusal (anything else is dropped). */
function sentText(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name];
  return typeof v === 'string' ? v.slice(0, 10_000) : undefined;
}

/** The review page as the caller may see it, with the forms the services would take from them now. */
async function renderReview(c: HandlerContext, a: EngagementAccess, error?: ReviewPageError, values?: ReviewFormValues): Promise<string> {
  // reviewState refuses provider representatives itself; the route's access keeps them out before that.
  const review = await reviewState(c.db, a);
  const team = await members(c.db, a.e.id);
  // addComment takes comments from the reviewers and the testers or managers of the engagement, in COMMENT_PHASES;
  // decide takes decisions from the reviewers, in review.
  const mayComment = canComment(a) && COMMENT_PHASES.includes(a.e.phase);
  const canDecide = canReview(a) && a.e.phase === 'review';
  const rows = (await planRows(c.db, a)).map((r) => ({ id: r.id, item_id: r.item_id, title: r.title }));
  const findings = (await engagementFindings(c.db, a)).map((f) => ({ id: f.id, title: f.title, severity: f.severity, app_name: f.app_name }));
  return engagementReviewPage({
    actor: c.actor,
    csrf: c.req.csrf,
    lang: c.req.lang,
    engagement: a.e,
    review,
    reviewers: team.filter((m) => m.role === 'reviewer'),
    rows,
    findings,
    canComment: mayComment,
    canDecide,
    reportLink: REPORT_PHASES.includes(a.e.phase),
    error,
    values,
  });
}

/** Shows the review page again with the refusal next to the form that was sent, and what was typed in it. */
async function refusedOnPage(c: HandlerContext, e: unknown, at: ReviewPageError['at'], values: ReviewFormValues): Promise<unknown> {
  const status = formStatus(e);
  if (status === undefined) throw e;
  const a = await engagementFor(c.db, c.actor, c.params.engagementId!);
  return c.reply.code(status).type('text/html').send(await renderReview(c, a, { at, message: formMessage(e) }, values));
}

/** `?about=row:<id>` (or `finding:<id>`) chooses the comment's target in advance, e.g. from a plan row's page. */
function preselected(query: Record<string, string> | undefined): ReviewFormValues | undefined {
  const about = query?.about;
  return typeof about === 'string' && /^(engagement|(row|finding):[0-9a-f-]{36})$/.test(about) ? { about } : undefined;
}

export const engagementReviewPageRoutes: AnyRoute[] = [
  route({
    method: 'GET', url: '/engagements/:engagementId/review', kind: 'page', access: STAFF, params: { engagementId: 'engagement' },
    summary: 'Review page: the rounds, approvals, decisions (withdrawn approvals with their reason) and comments; the comment and decision forms for those who may use them',
    handler: async (c) => {
      const a = await engagementFor(c.db, c.actor, c.params.engagementId!);
      return c.reply.type('text/html').send(await renderReview(c, a, undefined, preselected(c.query)));
    },
  }),
  route({
    method: 'POST', url: '/engagements/:engagementId/review/comments', kind: 'page', access: ['admin', 'lead', 'auditor', 'reviewer'], params: { engagementId: 'engagement' },
    summary: 'Comment on the engagement, a plan row or a finding (form: about = engagement | row:<id> | finding:<id>, body)',
    handler: async (c) => {
      const a = await engagementFor(c.db, c.actor, c.params.engagementId!);
      try {
        const target = commentTarget(c.body);
        const comment = await c.db.tx((q) => addComment(q, c.actor, a.e.id, { ...target, body: c.body.body }, c.req.ip));
        return c.reply.redirect(`${reviewUrl(a.e.id)}#comment-${comment.id}`, 303);
      } catch (e) {
        return refusedOnPage(c, e, 'comment', { about: sentText(c.body, 'about'), body: sentText(c.body, 'body') });
      }
    },
  }),
  route({
    method: 'POST', url: '/engagements/:engagementId/review/decisions', kind: 'page', access: ['reviewer'], params: { engagementId: 'engagement' },
    summary: "A reviewer's decision in review (form: decision = approve | request_changes, body: required to request changes)",
    handler: async (c) => {
      const a = await engagementFor(c.db, c.actor, c.params.engagementId!);
      try {
        const decision = await c.db.tx((q) => decide(q, c.actor, a.e.id, { decision: c.body.decision, body: c.body.body }, c.req.ip));
        return c.reply.redirect(`${reviewUrl(a.e.id)}#decision-${decision.id}`, 303);
      } catch (e) {
        return refusedOnPage(c, e, 'decision', { decision: sentText(c.body, 'decision'), body: sentText(c.body, 'body') });
      }
    },
  }),
];
