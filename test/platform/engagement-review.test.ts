/**
 * The review of an engagement from the API, on both databases: a whole round trip (submission, an oversight
 * reviewer of another organisation commenting on a row and a finding, changes requested, the lead fixing and
 * resubmitting, approval, delivery), approvals withdrawn by a later change, several required approvals, the
 * notifications each side gets, and every refusal (wrong role, wrong phase, wrong target, another lab).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, postgresAvailable } from './databases.js';
import { getJson, movePhase, planEngagement, seedLab, type Lab } from './engagement-fixtures.js';
import { addDoneScan, addFinding } from './findings-fixtures.js';
import { startTestPlatform, type Client, type TestPlatform } from './platform.js';

interface ReviewState {
  phase: string;
  round: number;
  approvalsRequired: number;
  activeApprovals: number;
  comments: Array<{ id: number; round: number; target_type: string; target_id: string | null; body: string; user_id: string; user_org_name: string }>;
  decisions: Array<{ id: number; round: number; decision: string; body: string | null; user_id: string; withdrawn_at: string | null; withdrawn_reason: string | null; active: boolean }>;
}
interface NotificationList {
  notifications: Array<{ id: number; kind: string; title: string; body: string | null; link: string | null; engagement_id: string | null; read_at: string | null }>;
  unread: number;
}

describe.each(BACKENDS)('engagement review on %s', (backend) => {
  let t: TestPlatform | undefined;
  let lab: Lab;

  beforeAll(async () => {
    if (backend === 'postgres' && !(await postgresAvailable())) return;
    t = await startTestPlatform(backend, { worker: false });
    lab = await seedLab(t);
  }, 120_000);
  afterAll(async () => t?.stop());

  const post = async (c: Client, path: string, json: unknown) => {
    const r = await c.request('POST', path, { json });
    return { status: r.status, body: JSON.parse(r.text_ || '{}') as Record<string, unknown>, text: r.text_ };
  };
  const comment = (c: Client, id: string, json: Record<string, unknown>) => post(c, `/api/v1/engagements/${id}/comments`, json);
  const decide = (c: Client, id: string, json: Record<string, unknown>) => post(c, `/api/v1/engagements/${id}/decisions`, json);
  const review = async (c: Client, id: string) => (await getJson<ReviewState>(c, `/api/v1/engagements/${id}/review`)).body;
  const notificationsOf = async (c: Client) => (await getJson<NotificationList>(c, '/api/v1/notifications')).body;

  /** A done scan of the engagement's Android app with one finding, linked by the auditor. */
  const linkScanWithFinding = async (id: string): Promise<{ scanId: string; findingId: string }> => {
    const scanId = await addDoneScan(t!.p.db, lab.orgId, lab.androidAppId, lab.providerId);
    const findingId = await addFinding(t!.p.db, lab.orgId, lab.androidAppId, scanId, { severity: 'high' });
    const r = await post(lab.as.auditor, `/api/v1/engagements/${id}/scans`, { scanId });
    expect(r.status, r.text).toBe(201);
    return { scanId, findingId };
  };

  /** Plans an engagement and takes it to review (round 1). */
  const toReview = async (o: Parameters<typeof planEngagement>[1] = {}): Promise<{ id: string; findingId: string; rowId: string }> => {
    const { id } = await planEngagement(lab, { profile: 'mobile-app-baseline', ...o });
    expect((await movePhase(lab.as.lead, id, 'testing')).status).toBe(200);
    const { findingId } = await linkScanWithFinding(id);
    expect((await movePhase(lab.as.lead, id, 'reporting')).status).toBe(200);
    // Submission needs every manual row decided. The manual-results API is another part of the platform (and
    // tested there), so the results are set straight in the database here.
    await t!.p.db.query("update plan_rows set result = 'not_applicable', notes = 'review test: decided outside this test' where engagement_id = $1 and mode = 'manual'", [id]);
    const submitted = await movePhase(lab.as.lead, id, 'review');
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    const [row] = await t!.p.db.query<{ id: string }>('select id from plan_rows where engagement_id = $1 order by position limit 1', [id]);
    return { id, findingId, rowId: row!.id };
  };

  it('runs a whole review: comments, changes requested, resubmission, approval, delivery', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const { id, findingId, rowId } = await toReview();
    const state1 = await review(lab.as.lead, id);
    expect(state1).toMatchObject({ phase: 'review', round: 1, approvalsRequired: 1, activeApprovals: 0, comments: [], decisions: [] });

    // The oversight reviewer (another organisation) was asked to review.
    const asked = await notificationsOf(lab.as.oversight);
    expect(asked.notifications.some((n) => n.kind === 'review_requested' && n.engagement_id === id)).toBe(true);

    // They comment on a plan row and a finding; the lead and the auditor hear of it.
    const onRow = await comment(lab.as.oversight, id, { targetType: 'row', targetId: rowId, body: 'The evidence for this row is a screenshot of the wrong build.' });
    expect(onRow.status, onRow.text).toBe(201);
    expect(onRow.body.comment).toMatchObject({ round: 1, target_type: 'row', target_id: rowId, user_id: lab.users.oversight.id });
    const onFinding = await comment(lab.as.oversight, id, { targetType: 'finding', targetId: findingId, body: 'Is this really high? Explain the impact.' });
    expect(onFinding.status, onFinding.text).toBe(201);
    for (const c of [lab.as.lead, lab.as.auditor]) {
      const n = (await notificationsOf(c)).notifications.filter((x) => x.kind === 'review_comment' && x.engagement_id === id);
      expect(n.map((x) => x.body)).toEqual(['Is this really high? Explain the impact.', 'The evidence for this row is a screenshot of the wrong build.']);
    }

    // Changes are requested: a reason is needed; the engagement goes back to reporting.
    const noReason = await decide(lab.as.oversight, id, { decision: 'request_changes' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toMatch(/what to change/);
    const changes = await decide(lab.as.oversight, id, { decision: 'request_changes', body: 'Fix the row evidence and justify the severity.' });
    expect(changes.status, changes.text).toBe(201);
    expect((await getJson<{ engagement: { phase: string } }>(lab.as.lead, `/api/v1/engagements/${id}`)).body.engagement.phase).toBe('reporting');
    const leadHeard = (await notificationsOf(lab.as.lead)).notifications.find((n) => n.kind === 'review_decision' && n.engagement_id === id);
    expect(leadHeard?.title).toMatch(/requested changes/);
    expect(leadHeard?.body).toBe('Fix the row evidence and justify the severity.');
    // No decision outside review.
    expect((await decide(lab.as.oversight, id, { decision: 'approve' })).status).toBe(409);

    // The lead answers (the reviewer hears of it) and resubmits: round 2.
    const answer = await comment(lab.as.lead, id, { targetType: 'finding', targetId: findingId, body: 'It leaks the PIN: high. Evidence replaced.' });
    expect(answer.status, answer.text).toBe(201);
    expect((await notificationsOf(lab.as.oversight)).notifications.some((n) => n.kind === 'review_comment' && n.body === 'It leaks the PIN: high. Evidence replaced.')).toBe(true);
    // The team's comment does not notify the team.
    expect((await notificationsOf(lab.as.auditor)).notifications.some((n) => n.body === 'It leaks the PIN: high. Evidence replaced.')).toBe(false);
    expect((await movePhase(lab.as.lead, id, 'review')).status).toBe(200);
    expect((await review(lab.as.lead, id)).round).toBe(2);

    // Approval; the same reviewer cannot approve twice.
    const approved = await decide(lab.as.oversight, id, { decision: 'approve', body: 'Good now.' });
    expect(approved.status, approved.text).toBe(201);
    expect((await decide(lab.as.oversight, id, { decision: 'approve' })).status).toBe(409);
    expect((await notificationsOf(lab.as.lead)).notifications.some((n) => n.kind === 'review_decision' && /approved/.test(n.title) && n.engagement_id === id)).toBe(true);

    // A change to the report after the approval withdraws it: delivery is refused until a new approval.
    await linkScanWithFinding(id);
    const withdrawn = await review(lab.as.lead, id);
    expect(withdrawn.activeApprovals).toBe(0);
    const delivery = await movePhase(lab.as.lead, id, 'delivered');
    expect(delivery.status).toBe(409);
    expect(JSON.stringify(delivery.body)).toMatch(/needs 1 approval/);
    expect((await decide(lab.as.oversight, id, { decision: 'approve' })).status).toBe(201);
    expect((await movePhase(lab.as.lead, id, 'delivered')).status).toBe(200);

    // Everything is kept: both rounds' comments, the request, the withdrawn approval with its reason, the active one.
    const final = await review(lab.as.admin, id);
    expect(final.comments.map((c) => [c.round, c.target_type])).toEqual([
      [1, 'row'],
      [1, 'finding'],
      [1, 'finding'],
    ]);
    expect(final.comments[0]!.user_org_name).not.toBe(final.comments[2]!.user_org_name);
    expect(final.decisions.map((d) => [d.round, d.decision, d.withdrawn_reason, d.active])).toEqual([
      [1, 'request_changes', null, false],
      [2, 'approve', 'a scan was added', false],
      [2, 'approve', null, true],
    ]);
    expect(final.activeApprovals).toBe(1);
    // Events and audit rows for every comment and decision.
    const events = await getJson<{ events: Array<{ kind: string }> }>(lab.as.lead, `/api/v1/engagements/${id}/events`);
    expect(events.body.events.filter((e) => e.kind === 'comment')).toHaveLength(3);
    expect(events.body.events.filter((e) => e.kind === 'review_decision')).toHaveLength(3);
    const audit = await t.p.db.query<{ action: string; org_id: string; user_id: string }>(
      "select action, org_id, user_id from audit_log where object_id = $1 and action in ('engagement.comment', 'engagement.review_decision') order by id",
      [id],
    );
    expect(audit.map((a) => a.action)).toEqual(['engagement.comment', 'engagement.comment', 'engagement.review_decision', 'engagement.comment', 'engagement.review_decision', 'engagement.review_decision']);
    // The cross-organisation reviewer's actions are in the audit log of the lab that runs the engagement.
    expect(audit.every((a) => a.org_id === lab.orgId)).toBe(true);
    expect(audit[0]!.user_id).toBe(lab.users.oversight.id);
  });

  it('needs every required approval, one per reviewer', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const { id } = await toReview({ approvalsRequired: 2, reviewers: ['oversight', 'reviewer'] });
    expect((await decide(lab.as.oversight, id, { decision: 'approve' })).status).toBe(201);
    const one = await movePhase(lab.as.lead, id, 'delivered');
    expect(one.status).toBe(409);
    expect(JSON.stringify(one.body)).toMatch(/needs 2 approvals before delivery; it has 1/);
    expect((await decide(lab.as.oversight, id, { decision: 'approve' })).status).toBe(409);
    expect((await movePhase(lab.as.lead, id, 'delivered')).status).toBe(409);
    expect((await decide(lab.as.reviewer, id, { decision: 'approve' })).status).toBe(201);
    expect((await review(lab.as.lead, id)).activeApprovals).toBe(2);
    expect((await movePhase(lab.as.lead, id, 'delivered')).status).toBe(200);
  });

  it('refuses the wrong people, the wrong phase and the wrong targets', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    // In planning nobody comments.
    const { id: planned } = await planEngagement(lab, { profile: 'mobile-app-baseline' });
    expect((await comment(lab.as.lead, planned, { targetType: 'engagement', body: 'too early' })).status).toBe(409);

    const { id, rowId, findingId } = await toReview();
    const ok = { targetType: 'engagement', body: 'A remark.' };
    // Deciding is for the engagement's reviewers only; the lead (never a reviewer member) cannot approve.
    expect((await decide(lab.as.lead, id, { decision: 'approve' })).status).toBe(403);
    expect((await decide(lab.as.auditor, id, { decision: 'approve' })).status).toBe(403);
    expect((await decide(lab.as.admin, id, { decision: 'approve' })).status).toBe(403);
    // The lab's reviewer is not in this team: a reviewer by role, but not of this engagement.
    expect((await decide(lab.as.reviewer, id, { decision: 'approve' })).status).toBe(403);
    expect((await comment(lab.as.reviewer, id, ok)).status).toBe(403);
    // Read-only users and the auditor not in the team read, but do not comment.
    expect((await comment(lab.as.readonly, id, ok)).status).toBe(403);
    expect((await comment(lab.as.auditor2, id, ok)).status).toBe(403);
    expect((await getJson(lab.as.readonly, `/api/v1/engagements/${id}/review`)).status).toBe(200);
    // The provider neither reads nor writes the review; another lab's lead does not reach the engagement.
    expect((await getJson(lab.as.provider, `/api/v1/engagements/${id}/review`)).status).toBe(403);
    expect((await comment(lab.as.provider, id, ok)).status).toBe(403);
    expect([403, 404]).toContain((await decide(lab.as.provider, id, { decision: 'approve' })).status);
    expect((await comment(lab.as.outsiderLead, id, ok)).status).toBe(404);
    expect((await getJson(lab.as.outsiderLead, `/api/v1/engagements/${id}/review`)).status).toBe(404);
    expect((await getJson(lab.as.oversight, `/api/v1/engagements/${planned}/review`)).status).toBe(200);
    // Bad input.
    const bad: Array<[Record<string, unknown>, number, RegExp]> = [
      [{ targetType: 'engagement', body: '' }, 400, /required/],
      [{ targetType: 'engagement', body: '   ' }, 400, /required/],
      [{ targetType: 'engagement', body: 'x'.repeat(4001) }, 400, /longer than 4000/],
      [{ targetType: 'engagement', body: 42 }, 400, /must be text/],
      [{ targetType: 'engagement', targetId: rowId, body: 'x' }, 400, /no "targetId"/],
      [{ targetType: 'plan', body: 'x' }, 400, /targetType/],
      [{ targetType: 'row', body: 'x' }, 400, /needs its "targetId"/],
      [{ targetType: 'row', targetId: findingId, body: 'x' }, 404, /no such plan row/],
      [{ targetType: 'row', targetId: 'not-an-id', body: 'x' }, 404, /no such plan row/],
      [{ targetType: 'finding', targetId: rowId, body: 'x' }, 404, /no such finding/],
    ];
    for (const [json, status, message] of bad) {
      const r = await comment(lab.as.oversight, id, json);
      expect(r.status, JSON.stringify(json).slice(0, 80)).toBe(status);
      expect((r.body.error as { message: string }).message).toMatch(message);
    }
    // A row or finding of another engagement is not a target here.
    const other = await toReview();
    expect((await comment(lab.as.oversight, id, { targetType: 'row', targetId: other.rowId, body: 'x' })).status).toBe(404);
    expect((await comment(lab.as.oversight, id, { targetType: 'finding', targetId: other.findingId, body: 'x' })).status).toBe(404);
    expect((await decide(lab.as.oversight, id, { decision: 'maybe' })).status).toBe(400);
    expect((await decide(lab.as.oversight, id, { decision: 'approve', body: 'x'.repeat(4001) })).status).toBe(400);
    // The exactly-4000-character comment is fine; nothing of the refused ones was stored.
    expect((await comment(lab.as.oversight, id, { targetType: 'engagement', body: 'y'.repeat(4000) })).status).toBe(201);
    const state = await review(lab.as.lead, id);
    expect(state.comments).toHaveLength(1);
    expect(state.decisions).toHaveLength(0);
    // Once closed, nobody comments any more.
    await t.p.db.query("update engagements set phase = 'closed' where id = $1", [other.id]);
    expect((await comment(lab.as.oversight, other.id, ok)).status).toBe(409);
  });
});
