/**
 * @module platform/http/routes/engagements
 * Engagements (the API): planning, the team, phase changes, the test plan and the linked scans. Route access
 * is by the caller's role in their organisation; the services then decide by the caller's place in the
 * engagement (lead, auditor, reviewer — a reviewer may come from another organisation).
 */
import { AUDIT_PROFILES } from '../../../index.js';
import {
  addMember,
  changePhase,
  createEngagement,
  engagementApps,
  engagementEvents,
  engagementFor,
  listEngagements,
  members,
  removeMember,
  updateEngagement,
  userByEmail,
  type EngagementAccess,
  type EngagementInput,
} from '../../services/engagements.js';
import { linkedScans, linkScan, planRows, planSummary } from '../../services/test-plan.js';
import { MANAGERS, STAFF, WRITERS } from '../../types.js';
import { badRequest, field, forbidden, requiredField, route, type AnyRoute } from '../routes.js';

const ENGAGEMENT_BODY = {
  type: 'object',
  required: ['title', 'providerId', 'profile', 'channels'],
  properties: {
    title: { type: 'string', maxLength: 200 },
    providerId: { type: 'string', format: 'uuid' },
    type: { enum: ['audit'], description: 'audit (a training engagement is set up with POST /api/v1/training)' },
    profile: { enum: AUDIT_PROFILES.map((p) => p.id) },
    channels: { type: 'array', items: { enum: ['android', 'ios', 'ussd', 'stk'] } },
    apps: { type: 'array', items: { type: 'object', required: ['appId'], properties: { appId: { type: 'string', format: 'uuid' }, version: { type: 'string' } } } },
    startsOn: { type: 'string', format: 'date' },
    endsOn: { type: 'string', format: 'date' },
    approvalsRequired: { type: 'integer', minimum: 1, maximum: 5 },
    leadId: { type: 'string', format: 'uuid' },
  },
};

/** A list field of a JSON body (an array) or of a form (one value, or several joined by commas). */
export function listField(body: Record<string, unknown>, name: string): string[] {
  const v = body[name];
  if (v === undefined || v === null || v === '') return [];
  if (Array.isArray(v)) return v.map((x) => String(x));
  if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter(Boolean);
  throw badRequest(`"${name}" must be a list`);
}

/** The engagement fields of a JSON body. Apps are `[{appId, version}]`; a form sends `apps` ids and `version_<appId>`. */
/**
 * The fields of a new engagement. A training engagement is not planned this way: it is set up on the bundled
 * sample apps, whose answer key only fits them (routes/training.ts).
 */
export function newEngagementInput(body: Record<string, unknown>): EngagementInput {
  const input = engagementInput(body);
  if (input.type === 'training') throw badRequest('a training engagement is set up on the bundled sample apps: use POST /api/v1/training (the "Set up a training engagement" page)');
  return input;
}

export function engagementInput(body: Record<string, unknown>): EngagementInput {
  const rawApps = body.apps;
  let apps: EngagementInput['apps'];
  if (Array.isArray(rawApps) && rawApps.every((x) => typeof x === 'object' && x !== null)) {
    apps = (rawApps as Array<Record<string, unknown>>).map((x) => ({ appId: String(x.appId ?? ''), version: field(x, 'version', 100) }));
  } else {
    apps = listField(body, 'apps').map((appId) => ({ appId, version: field(body, `version_${appId}`, 100) }));
  }
  const approvals = field(body, 'approvalsRequired', 3);
  return {
    title: requiredField(body, 'title', 200),
    providerId: field(body, 'providerId', 60) ?? '',
    type: field(body, 'type', 20),
    profile: requiredField(body, 'profile', 60),
    channels: listField(body, 'channels'),
    apps,
    startsOn: field(body, 'startsOn', 10),
    endsOn: field(body, 'endsOn', 10),
    approvalsRequired: approvals === undefined ? undefined : Number(approvals),
    leadId: field(body, 'leadId', 60),
  };
}

/** The engagement as the caller sees it: the provider's representatives get the delivered summary only. */
export async function engagementView(db: Parameters<typeof members>[0], a: EngagementAccess) {
  const apps = await engagementApps(db, a.e.id);
  if (a.actor.role === 'provider') {
    const { id, title, provider_id, provider_name, org_name, type, phase, channels, starts_on, ends_on, delivered_at, closed_at } = a.e;
    return { engagement: { id, title, provider_id, provider_name, org_name, type, phase, channels, starts_on, ends_on, delivered_at, closed_at }, apps };
  }
  const rows = await planRows(db, a);
  return { engagement: a.e, myRole: a.member, apps, team: await members(db, a.e.id), plan: planSummary(rows), scans: await linkedScans(db, a.e.id) };
}

export const engagementRoutes: AnyRoute[] = [
  route({
    method: 'GET', url: '/api/v1/profiles', kind: 'api', access: STAFF,
    summary: 'The audit profiles an engagement can audit against',
    handler: async () => ({ profiles: AUDIT_PROFILES }),
  }),
  route({
    method: 'GET', url: '/api/v1/engagements', kind: 'api', access: 'user', providerScoped: true,
    summary: "The engagements the caller reaches (their lab's, those they are in, a provider's delivered ones)",
    handler: async ({ db, actor }) => ({ engagements: await listEngagements(db, actor) }),
  }),
  route({
    method: 'POST', url: '/api/v1/engagements', kind: 'api', access: MANAGERS, requestBody: ENGAGEMENT_BODY,
    summary: 'Plan an engagement (the test plan is generated from the profile)',
    handler: async ({ db, actor, body, req, reply }) => {
      const a = await db.tx((q) => createEngagement(q, actor, newEngagementInput(body), req.ip));
      return reply.code(201).send(await engagementView(db, a));
    },
  }),
  route({
    method: 'GET', url: '/api/v1/engagements/:engagementId', kind: 'api', access: 'user', providerScoped: true, params: { engagementId: 'engagement' },
    summary: 'One engagement: scope, team, plan summary and linked scans',
    handler: async ({ db, actor, params }) => engagementView(db, await engagementFor(db, actor, params.engagementId!)),
  }),
  route({
    method: 'PUT', url: '/api/v1/engagements/:engagementId', kind: 'api', access: MANAGERS, params: { engagementId: 'engagement' }, requestBody: ENGAGEMENT_BODY,
    summary: 'Change the scope, dates or approvals of an engagement in planning',
    handler: async ({ db, actor, params, body, req }) => {
      await engagementFor(db, actor, params.engagementId!);
      const a = await db.tx((q) => updateEngagement(q, actor, params.engagementId!, engagementInput({ providerId: '', profile: 'all', ...body }), req.ip));
      return engagementView(db, a);
    },
  }),
  route({
    method: 'POST', url: '/api/v1/engagements/:engagementId/phase', kind: 'api', access: MANAGERS, params: { engagementId: 'engagement' },
    requestBody: { type: 'object', required: ['phase'], properties: { phase: { type: 'string' }, reason: { type: 'string' } } },
    summary: 'Move the engagement to another phase (guarded: e.g. no delivery before the approvals)',
    handler: async ({ db, actor, params, body, req }) => {
      await engagementFor(db, actor, params.engagementId!);
      const a = await db.tx((q) => changePhase(q, actor, params.engagementId!, requiredField(body, 'phase', 20), field(body, 'reason', 2000), req.ip));
      return engagementView(db, a);
    },
  }),
  route({
    method: 'GET', url: '/api/v1/engagements/:engagementId/members', kind: 'api', access: STAFF, params: { engagementId: 'engagement' },
    summary: 'The team of an engagement',
    handler: async ({ db, actor, params }) => {
      const a = await engagementFor(db, actor, params.engagementId!);
      return { members: await members(db, a.e.id) };
    },
  }),
  route({
    method: 'POST', url: '/api/v1/engagements/:engagementId/members', kind: 'api', access: MANAGERS, params: { engagementId: 'engagement' },
    requestBody: { type: 'object', required: ['role'], properties: { userId: { type: 'string', format: 'uuid' }, email: { type: 'string' }, role: { enum: ['lead', 'auditor', 'reviewer'] } } },
    summary: 'Add a member (by user id or e-mail; a reviewer may belong to another organisation)',
    handler: async ({ db, actor, params, body, req, reply }) => {
      await engagementFor(db, actor, params.engagementId!);
      const role = requiredField(body, 'role', 20);
      const out = await db.tx(async (q) => {
        const email = field(body, 'email', 320);
        const userId = field(body, 'userId', 60) ?? (email ? await userByEmail(q, email) : undefined);
        if (!userId) throw badRequest('give the "userId" or the "email" of the user to add');
        return addMember(q, actor, params.engagementId!, userId, role, req.ip);
      });
      return reply.code(201).send({ members: out });
    },
  }),
  route({
    method: 'DELETE', url: '/api/v1/engagements/:engagementId/members/:userId', kind: 'api', access: MANAGERS, params: { engagementId: 'engagement', userId: 'user' },
    summary: 'Remove a member',
    handler: async ({ db, actor, params, req }) => {
      await engagementFor(db, actor, params.engagementId!);
      return { members: await db.tx((q) => removeMember(q, actor, params.engagementId!, params.userId!, req.ip)) };
    },
  }),
  route({
    method: 'GET', url: '/api/v1/engagements/:engagementId/plan', kind: 'api', access: STAFF, params: { engagementId: 'engagement' },
    summary: 'The test plan with every row\'s result (automated rows computed from the linked scans)',
    handler: async ({ db, actor, params }) => {
      const a = await engagementFor(db, actor, params.engagementId!);
      const rows = await planRows(db, a);
      return { summary: planSummary(rows), rows };
    },
  }),
  route({
    method: 'GET', url: '/api/v1/engagements/:engagementId/scans', kind: 'api', access: STAFF, params: { engagementId: 'engagement' },
    summary: 'The scans and USSD runs linked to the engagement',
    handler: async ({ db, actor, params }) => {
      const a = await engagementFor(db, actor, params.engagementId!);
      return { scans: await linkedScans(db, a.e.id) };
    },
  }),
  route({
    method: 'POST', url: '/api/v1/engagements/:engagementId/scans', kind: 'api', access: WRITERS, params: { engagementId: 'engagement' },
    requestBody: { type: 'object', required: ['scanId'], properties: { scanId: { type: 'string', format: 'uuid' } } },
    summary: 'Link a scan or USSD run of an app in scope to the engagement',
    handler: async ({ db, actor, params, body, req, reply }) => {
      await engagementFor(db, actor, params.engagementId!);
      const scans = await db.tx((q) => linkScan(q, actor, params.engagementId!, requiredField(body, 'scanId', 60), req.ip));
      return reply.code(201).send({ scans });
    },
  }),
  route({
    method: 'GET', url: '/api/v1/engagements/:engagementId/events', kind: 'api', access: STAFF, params: { engagementId: 'engagement' },
    summary: "The engagement's history: phases, team, results, reviews",
    handler: async ({ db, actor, params }) => {
      const a = await engagementFor(db, actor, params.engagementId!);
      if (actor.role === 'provider') throw forbidden();
      return { events: await engagementEvents(db, a) };
    },
  }),
];
