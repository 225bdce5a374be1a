/**
 * @module platform/http/routes/engagement-review
 * The review of an engagement (comments, reviewers' decisions, the state of the rounds) and the caller's own
 * notifications: the API, and the notifications page with its "mark all read" form.
 */
import { engagementFor } from '../../services/engagements.js';
import { listNotifications, markRead, unreadCount } from '../../services/notifications.js';
import { addComment, COMMENT_TARGETS, decide, DECISIONS, MAX_COMMENT, reviewState } from '../../services/review.js';
import { STAFF } from '../../types.js';
import { notificationsPage } from '../../web/pages/notifications.js';
import { badRequest, route, type AnyRoute } from '../routes.js';

/** `?unread=1` and `?limit=n` of the notification list. */
function listOptions(query: Record<string, string> | undefined): { unreadOnly: boolean; limit?: number } {
  const unread = query?.unread;
  if (unread !== undefined && !['', '0', '1', 'true', 'false'].includes(unread)) throw badRequest('"unread" must be 1 or 0');
  const limit = query?.limit;
  if (limit !== undefined && !/^\d{1,3}$/.test(limit)) throw badRequest('"limit" must be a whole number from 1 to 200');
  return { unreadOnly: unread === '1' || unread === 'true', ...(limit !== undefined ? { limit: Number(limit) } : {}) };
}

/** `{ids: [1, 2]}` or `{all: true}` (a form sends `all=1`). */
function readSelection(body: Record<string, unknown>): number[] | 'all' {
  const all = body.all;
  if (all === true || all === 'true' || all === '1') return 'all';
  const ids = body.ids;
  if (!Array.isArray(ids)) throw badRequest('send {"ids": [notification ids]} or {"all": true}');
  return ids.map((i) => (typeof i === 'number' ? i : typeof i === 'string' && /^\d{1,15}$/.test(i) ? Number(i) : NaN));
}

export const engagementReviewRoutes: AnyRoute[] = [
  route({
    method: 'GET', url: '/api/v1/engagements/:engagementId/review', kind: 'api', access: STAFF, params: { engagementId: 'engagement' },
    summary: 'The review: comments and decisions of every round (withdrawn approvals with their reason), approvals of the current round',
    handler: async ({ db, actor, params }) => reviewState(db, await engagementFor(db, actor, params.engagementId!)),
  }),
  route({
    method: 'POST', url: '/api/v1/engagements/:engagementId/comments', kind: 'api', access: ['admin', 'lead', 'auditor', 'reviewer'], params: { engagementId: 'engagement' },
    requestBody: {
      type: 'object',
      required: ['targetType', 'body'],
      properties: {
        targetType: { enum: [...COMMENT_TARGETS] },
        targetId: { type: 'string', description: 'the plan row id or finding id (none for the engagement)' },
        body: { type: 'string', minLength: 1, maxLength: MAX_COMMENT },
      },
    },
    summary: 'Comment on the engagement, a plan row or a finding (its reviewers and its team; testing to remediation)',
    handler: async ({ db, actor, params, body, req, reply }) => {
      await engagementFor(db, actor, params.engagementId!);
      const comment = await db.tx((q) => addComment(q, actor, params.engagementId!, { targetType: body.targetType, targetId: body.targetId, body: body.body }, req.ip));
      return reply.code(201).send({ comment });
    },
  }),
  route({
    method: 'POST', url: '/api/v1/engagements/:engagementId/decisions', kind: 'api', access: ['reviewer'], params: { engagementId: 'engagement' },
    requestBody: {
      type: 'object',
      required: ['decision'],
      properties: { decision: { enum: [...DECISIONS] }, body: { type: 'string', maxLength: MAX_COMMENT, description: 'required for request_changes: what to fix' } },
    },
    summary: "A reviewer's decision in review: approve, or request changes (back to reporting)",
    handler: async ({ db, actor, params, body, req, reply }) => {
      await engagementFor(db, actor, params.engagementId!);
      const decision = await db.tx((q) => decide(q, actor, params.engagementId!, { decision: body.decision, body: body.body }, req.ip));
      const a = await engagementFor(db, actor, params.engagementId!);
      return reply.code(201).send({ decision, review: await reviewState(db, a) });
    },
  }),
  route({
    method: 'GET', url: '/api/v1/notifications', kind: 'api', access: 'user', providerScoped: true,
    summary: "The caller's notifications, newest first (?unread=1, ?limit=1..200)",
    handler: async ({ db, actor, query }) => ({
      notifications: await listNotifications(db, actor, listOptions(query)),
      unread: await unreadCount(db, actor.userId),
    }),
  }),
  route({
    method: 'POST', url: '/api/v1/notifications/read', kind: 'api', access: 'user', providerScoped: true,
    requestBody: {
      type: 'object',
      properties: { ids: { type: 'array', items: { type: 'integer' } }, all: { type: 'boolean' } },
      description: '{"ids": [...]} or {"all": true}',
    },
    summary: "Mark the caller's notifications read (some, or all)",
    handler: async ({ db, actor, body }) => {
      const marked = await db.tx((q) => markRead(q, actor, readSelection(body)));
      return { marked, unread: await unreadCount(db, actor.userId) };
    },
  }),
  route({
    method: 'GET', url: '/notifications', kind: 'page', access: 'user', providerScoped: true,
    summary: 'Notifications page',
    handler: async ({ db, actor, req, reply, query }) => {
      const o = listOptions(query);
      return reply.type('text/html').send(
        notificationsPage({
          actor,
          csrf: req.csrf,
          notifications: await listNotifications(db, actor, { ...o, limit: o.limit ?? 100 }),
          unread: await unreadCount(db, actor.userId),
          unreadOnly: o.unreadOnly,
          lang: req.lang,
        }),
      );
    },
  }),
  route({
    method: 'POST', url: '/notifications/read', kind: 'page', access: 'user', providerScoped: true,
    summary: 'Mark notifications read (form: all=1, or ids)',
    handler: async ({ db, actor, body, reply }) => {
      const ids = body.ids;
      // A form sends one id as a string, several as a list.
      const selection = body.all !== undefined ? readSelection(body) : readSelection({ ids: Array.isArray(ids) ? ids : ids === undefined ? [] : [ids] });
      await db.tx((q) => markRead(q, actor, selection));
      return reply.redirect('/notifications', 303);
    },
  }),
];
