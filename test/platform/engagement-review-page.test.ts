/**
 * The review page of an engagement, through HTTP like a browser (forms with the CSRF token, 303 redirects), on
 * both databases: a review walked with the page's forms only (the oversight reviewer of another organisation
 * comments on a plan row and requests changes, the lead reads and answers on the page, resubmits, the reviewer
 * approves, a later change withdraws the approval and the page says why); refusals shown next to the form that
 * was sent (a request for changes without text, a second approval, a bad target, a comment out of phase); and
 * who gets which form: the decision form for the engagement's reviewers only, nothing to post for a read-only
 * user or a reviewer outside the team, no page for a provider representative or for another lab. Every page
 * served passes the static checks of the browser test's rules that need no browser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, postgresAvailable } from './databases.js';
import { getJson, movePhase, planEngagement, seedLab, type Lab } from './engagement-fixtures.js';
import { addDoneScan, addFinding } from './findings-fixtures.js';
import { page, postForm, text } from './page-helpers.js';
import { startTestPlatform, type Client, type TestPlatform } from './platform.js';

interface ReviewState {
  phase: string;
  round: number;
  activeApprovals: number;
  comments: Array<{ target_type: string; target_id: string | null; body: string; user_id: string }>;
  decisions: Array<{ round: number; decision: string; body: string | null; withdrawn_reason: string | null; active: boolean }>;
}

const location = (r: { headers: Headers }): string => r.headers.get('location') ?? '';

/** The part of a page between two markers (to check that a message sits next to the right form). */
function between(html: string, from: string, to: string): string {
  const i = html.indexOf(from);
  expect(i, `${from} on the page`).toBeGreaterThanOrEqual(0);
  const j = html.indexOf(to, i);
  return html.slice(i, j < 0 ? undefined : j);
}

describe.each(BACKENDS)('engagement review page on %s', (backend) => {
  let t: TestPlatform | undefined;
  let lab: Lab;

  beforeAll(async () => {
    if (backend === 'postgres' && !(await postgresAvailable())) return;
    t = await startTestPlatform(backend, { worker: false });
    lab = await seedLab(t);
  }, 120_000);
  afterAll(async () => t?.stop());

  const reviewUrl = (id: string): string => `/engagements/${id}/review`;
  const comment = (c: Client, id: string, about: string, body: string) =>
    postForm(c, `${reviewUrl(id)}/comments`, [
      ['about', about],
      ['body', body],
    ]);
  const decide = (c: Client, id: string, decision: string, body = '') =>
    postForm(c, `${reviewUrl(id)}/decisions`, [
      ['decision', decision],
      ['body', body],
    ]);
  const state = async (id: string) => (await getJson<ReviewState>(lab.as.admin, `/api/v1/engagements/${id}/review`)).body;

  /** A done scan of the engagement's Android app with one finding, linked by the auditor. */
  const linkScanWithFinding = async (id: string, title: string): Promise<string> => {
    const scanId = await addDoneScan(t!.p.db, lab.orgId, lab.androidAppId, lab.providerId);
    const findingId = await addFinding(t!.p.db, lab.orgId, lab.androidAppId, scanId, { severity: 'high', title });
    const r = await lab.as.auditor.request('POST', `/api/v1/engagements/${id}/scans`, { json: { scanId } });
    expect(r.status, r.text_).toBe(201);
    return findingId;
  };

  /** Plans an engagement and takes it to review (round 1), as the review API tests do. */
  const toReview = async (o: Parameters<typeof planEngagement>[1] = {}): Promise<{ id: string; findingId: string; row: { id: string; item_id: string; title: string } }> => {
    const { id } = await planEngagement(lab, { profile: 'mobile-app-baseline', ...o });
    expect((await movePhase(lab.as.lead, id, 'testing')).status).toBe(200);
    const findingId = await linkScanWithFinding(id, 'PIN written to the system log');
    expect((await movePhase(lab.as.lead, id, 'reporting')).status).toBe(200);
    // Submission needs every manual row decided; the manual results have their own pages and tests.
    await t!.p.db.query("update plan_rows set result = 'not_applicable', notes = 'decided outside this test' where engagement_id = $1 and mode = 'manual'", [id]);
    const submitted = await movePhase(lab.as.lead, id, 'review');
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    const [row] = await t!.p.db.query<{ id: string; item_id: string; title: string }>('select id, item_id, title from plan_rows where engagement_id = $1 order by position limit 1', [id]);
    return { id, findingId, row: row! };
  };

  it('walks a review with the forms: a row comment and changes requested, the lead answers, resubmission, approval, withdrawal', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const { id, findingId, row } = await toReview();
    const commentAction = `action="${reviewUrl(id)}/comments"`;
    const decisionAction = `action="${reviewUrl(id)}/decisions"`;

    // The oversight reviewer (another organisation) opens the page: round 1, no approval yet, both forms.
    const first = await page(lab.as.oversight, reviewUrl(id));
    expect(first.status).toBe(200);
    expect(text(first.html)).toContain('Round 1');
    expect(text(first.html)).toContain('0 of 1 approval required (round 1)');
    expect(first.html).toContain(commentAction);
    expect(first.html).toContain(decisionAction);
    expect(first.html).toContain(`<option value="row:${row.id}">`);
    expect(first.html).toContain(`<option value="finding:${findingId}">`);
    expect(first.html).toContain(`href="/engagements/${id}"`);
    expect(first.html).toContain(`href="/api/v1/engagements/${id}/report?format=html" download`);

    // A comment on a plan row, through the form.
    const onRow = await comment(lab.as.oversight, id, `row:${row.id}`, 'The evidence for this row is a screenshot of the wrong build.');
    expect(onRow.status, onRow.text_).toBe(303);
    expect(location(onRow)).toMatch(new RegExp(`^${reviewUrl(id)}#comment-\\d+$`));

    // Requesting changes without saying what is refused, next to the decision form, and nothing is stored.
    const noText = await decide(lab.as.oversight, id, 'request_changes');
    expect(noText.status).toBe(400);
    const decideSection = between(noText.text_, 'id="decide"', 'id="decisions-h"');
    expect(decideSection).toContain('role="alert"');
    expect(text(decideSection)).toMatch(/what to change \("body"\) is required/);
    expect(between(noText.text_, 'id="comments-h"', '</section>')).not.toContain('role="alert"');
    expect((await state(id)).decisions).toHaveLength(0);

    const changes = await decide(lab.as.oversight, id, 'request_changes', 'Fix the row evidence and justify the severity.');
    expect(changes.status, changes.text_).toBe(303);
    expect(location(changes)).toMatch(new RegExp(`^${reviewUrl(id)}#decision-\\d+$`));
    expect((await state(id)).phase).toBe('reporting');

    // The lead sees both on the page: who (with the reviewer's organisation), what about, the text.
    const leadView = await page(lab.as.lead, reviewUrl(id));
    expect(leadView.status).toBe(200);
    const leadText = text(leadView.html);
    expect(leadText).toContain('The evidence for this row is a screenshot of the wrong build.');
    expect(leadText).toContain('ITU oversight');
    expect(leadView.html).toContain(`href="/engagements/${id}/rows/${row.id}"`);
    expect(between(leadView.html, `href="/engagements/${id}/rows/${row.id}"`, '</a>')).toContain(row.item_id);
    expect(leadText).toContain('Changes requested');
    expect(leadText).toContain('Fix the row evidence and justify the severity.');
    // Out of review: no decision form, for anyone; the lead comments in reporting.
    expect(leadView.html).not.toContain(decisionAction);
    expect(leadView.html).toContain(commentAction);
    expect((await page(lab.as.oversight, reviewUrl(id))).html).not.toContain(decisionAction);

    // The lead answers on the finding through the form, and resubmits: round 2.
    const answer = await comment(lab.as.lead, id, `finding:${findingId}`, 'It leaks the PIN: high. Evidence replaced.');
    expect(answer.status, answer.text_).toBe(303);
    expect((await movePhase(lab.as.lead, id, 'review')).status).toBe(200);
    const round2 = await page(lab.as.oversight, reviewUrl(id));
    const round2Text = text(round2.html);
    expect(round2Text).toContain('0 of 1 approval required (round 2)');
    expect(round2Text).toMatch(/on finding high PIN written to the system log/);
    expect(round2Text).toContain('It leaks the PIN: high. Evidence replaced.');
    expect(round2.html).toContain(decisionAction);

    // The reviewer approves; the count says so, and the approve form gives way to a note.
    const approved = await decide(lab.as.oversight, id, 'approve', 'Good now.');
    expect(approved.status, approved.text_).toBe(303);
    const afterApproval = await page(lab.as.lead, reviewUrl(id));
    const afterText = text(afterApproval.html);
    expect(afterText).toContain('1 of 1 approval required (round 2)');
    expect(afterText).toMatch(/Approved · counts towards delivery/);
    expect(afterText).toContain('Good now.');
    const reviewerView = await page(lab.as.oversight, reviewUrl(id));
    expect(text(reviewerView.html)).toContain('You approved this round');
    expect(reviewerView.html).not.toContain('value="approve"');
    // A second approval (an old tab) is refused on the page: 409, next to the decision form.
    const twice = await decide(lab.as.oversight, id, 'approve');
    expect(twice.status).toBe(409);
    expect(text(between(twice.text_, 'id="decide"', 'id="decisions-h"'))).toContain('you have already approved this review round');

    // A change to the report withdraws the approval: shown as withdrawn, with the reason; the count drops.
    await linkScanWithFinding(id, 'Certificate pinning missing');
    const withdrawn = text((await page(lab.as.lead, reviewUrl(id))).html);
    expect(withdrawn).toContain('0 of 1 approval required (round 2)');
    expect(withdrawn).toMatch(/Approved \(withdrawn\) Good now\. Withdrawn \d{4}-\d\d-\d\d \d\d:\d\d UTC ?: a scan was added/);
    expect(withdrawn).toContain('Round 1');

    // What the forms stored is what the API tells.
    const s = await state(id);
    expect(s.comments.map((c) => [c.target_type, c.target_id, c.user_id])).toEqual([
      ['row', row.id, lab.users.oversight.id],
      ['finding', findingId, lab.users.lead.id],
    ]);
    expect(s.decisions.map((d) => [d.round, d.decision, d.withdrawn_reason, d.active])).toEqual([
      [1, 'request_changes', null, false],
      [2, 'approve', 'a scan was added', false],
    ]);
  });

  it('shows each form only to those the services take it from, and refuses the rest', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const { id, row } = await toReview();
    const commentAction = `action="${reviewUrl(id)}/comments"`;
    const decisionAction = `action="${reviewUrl(id)}/decisions"`;

    // The auditor of the team comments but does not decide: no decision form, and posting one is refused.
    const auditor = await page(lab.as.auditor, reviewUrl(id));
    expect(auditor.status).toBe(200);
    expect(auditor.html).toContain(commentAction);
    expect(auditor.html).not.toContain(decisionAction);
    expect((await decide(lab.as.auditor, id, 'approve')).status).toBe(403);
    // The lead neither.
    expect((await page(lab.as.lead, reviewUrl(id))).html).not.toContain(decisionAction);

    // Read-only users, and staff outside the team (an auditor, the lab's reviewer), read without forms.
    for (const who of ['readonly', 'auditor2', 'reviewer'] as const) {
      const p = await page(lab.as[who], reviewUrl(id));
      expect(p.status, who).toBe(200);
      expect(p.html, who).not.toContain(`action="${reviewUrl(id)}/`);
      expect(text(p.html), who).toContain('0 of 1 approval required (round 1)');
    }
    // The lab's reviewer is a reviewer by role, not of this engagement: the service refuses the decision.
    expect((await decide(lab.as.reviewer, id, 'approve')).status).toBe(403);
    expect((await comment(lab.as.auditor2, id, 'engagement', 'not in the team')).status).toBe(403);
    expect((await comment(lab.as.readonly, id, 'engagement', 'read only')).status).toBe(403);

    // A provider representative gets no review page, and posts nothing; another lab does not find it.
    expect((await lab.as.provider.get(reviewUrl(id))).status).toBe(403);
    expect((await comment(lab.as.provider, id, 'engagement', 'x')).status).toBe(403);
    expect((await lab.as.outsiderLead.get(reviewUrl(id))).status).toBe(404);
    // The oversight reviewer reaches the review of their engagement only, not another of the lab.
    const { id: notTheirs } = await planEngagement(lab, { profile: 'mobile-app-baseline', reviewers: ['reviewer'] });
    expect((await lab.as.oversight.get(reviewUrl(notTheirs))).status).toBe(404);
    expect((await comment(lab.as.oversight, notTheirs, 'engagement', 'x')).status).toBe(404);
    expect((await lab.as.oversight.get(`/engagements/${notTheirs}`)).status).toBe(404);

    // Refused comments come back next to the comment form with what was typed; nothing is stored.
    const badTarget = await comment(lab.as.oversight, id, 'plan:1', 'Keep this text.');
    expect(badTarget.status).toBe(400);
    const commentPart = between(badTarget.text_, 'id="comment-form"', '</form>');
    expect(text(commentPart)).toContain('"about" must be the engagement, a plan row or a finding');
    expect(commentPart).toContain('Keep this text.</textarea>');
    const empty = await comment(lab.as.oversight, id, `row:${row.id}`, '   ');
    expect(empty.status).toBe(400);
    const emptyPart = between(empty.text_, 'id="comment-form"', '</form>');
    expect(text(emptyPart)).toContain('the comment ("body") is required');
    expect(emptyPart).toContain(`<option value="row:${row.id}" selected>`);
    const tooLong = await comment(lab.as.oversight, id, 'engagement', 'x'.repeat(4001));
    expect(tooLong.status).toBe(400);
    expect(text(tooLong.text_)).toContain('longer than 4000 characters');
    expect((await decide(lab.as.oversight, id, 'maybe')).status).toBe(400);
    expect((await state(id)).comments).toHaveLength(0);
    // A row of the engagement can be chosen in advance (from the row's page).
    expect((await page(lab.as.oversight, `${reviewUrl(id)}?about=row:${row.id}`)).html).toContain(`<option value="row:${row.id}" selected>`);

    // In planning there is nothing to comment on yet: no form, and a post is refused with the reason on the page.
    const { id: planned } = await planEngagement(lab, { profile: 'mobile-app-baseline' });
    const plannedPage = await page(lab.as.lead, reviewUrl(planned));
    expect(plannedPage.status).toBe(200);
    expect(plannedPage.html).not.toContain(`action="${reviewUrl(planned)}/`);
    expect(text(plannedPage.html)).toContain('not submitted for review yet');
    expect(plannedPage.html).not.toContain('report?format=html');
    const early = await comment(lab.as.lead, planned, 'engagement', 'too early');
    expect(early.status).toBe(409);
    expect(text(early.text_)).toMatch(/Commenting is possible when the engagement is testing/);
  });
});
