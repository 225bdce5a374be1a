/**
 * Resilience assessments on the platform, through HTTP like a browser (forms with the CSRF token, 303 redirects)
 * and through the API, on both databases: a lead starts an assessment of an institution and names the reviewer;
 * the inherent-risk profile sets the risk level and the targets; two auditors answer a domain and disagree (a
 * conflict); bad answers are refused with their messages next to the question (N/A without justification, an
 * unknown question, an unknown domain); the overview shows the scores, the radar and the gap list with the
 * recommendation; the assessment goes to review, back to draft with a note, to review again; the reviewer settles
 * the conflict and finalises, which freezes the score (later answers 409); a second assessment is compared with
 * the first. Access: a read-only user reads without forms, another lab and a provider's representative are
 * refused. Every page served passes the static page rules (labels, no inline script, handler or style).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledQuestionnaire, scoreProfile, type AssessmentScore } from '../../src/index.js';
import { BACKENDS, postgresAvailable } from './databases.js';
import { getJson, seedLab, type Lab } from './engagement-fixtures.js';
import { page, postForm, text } from './page-helpers.js';
import { startTestPlatform, type TestPlatform } from './platform.js';

const QID = 'dfs-critical-infrastructure';
const location = (r: { headers: Headers }): string => r.headers.get('location') ?? '';

/** The profile the auditor gives: an operator with USSD and open APIs, a switch member. */
const PROFILE: Array<[string, string]> = [
  ['p_RP-CHANNELS', 'ussd-stk'],
  ['p_RP-CHANNELS', 'open-api'],
  ['p_RP-VOLUME', '10m-50m'],
  ['p_RP-ACCOUNTS', '1m-5m'],
  ['p_RP-AGENTS', '10k-100k'],
  ['p_RP-DEPENDENCIES', 'aggregator'],
  ['p_RP-INTERCONNECTION', 'switch-member'],
  ['p_RP-SIGNALLING', 'unknown-protection'],
  ['p_RP-SYSTEMIC', 'major'],
];

interface View {
  assessment: { id: string; status: string };
  conflicts: Array<{ questionId: string; settled: boolean }>;
  frozen: boolean;
  score: AssessmentScore;
}

describe.each(BACKENDS)('resilience assessments on %s', (backend) => {
  let t: TestPlatform | undefined;
  let lab: Lab;
  let id = '';

  beforeAll(async () => {
    if (backend === 'postgres' && !(await postgresAvailable())) return;
    t = await startTestPlatform(backend);
    lab = await seedLab(t);
  }, 120_000);
  afterAll(async () => t?.stop());

  it('starts an assessment from the list page; refusals are shown on the form', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const list = await page(lab.as.lead, '/resilience');
    expect(list.status).toBe(200);
    expect(list.html).toContain('action="/resilience"');
    expect(list.html).toContain(`<option value="${QID}"`);
    expect(list.html).toContain(`<option value="${lab.users.reviewer.id}"`);
    // An auditor reads the list but starts nothing.
    const auditorList = await page(lab.as.auditor, '/resilience');
    expect(auditorList.status).toBe(200);
    expect(auditorList.html).not.toContain('action="/resilience"');
    expect((await postForm(lab.as.auditor, '/resilience', [['title', 'x']])).status).toBe(403);

    const noTitle = await postForm(lab.as.lead, '/resilience', [
      ['providerId', lab.providerId],
      ['questionnaireId', QID],
      ['title', ''],
      ['reviewerId', lab.users.reviewer.id],
    ]);
    expect(noTitle.status).toBe(400);
    expect(text(noTitle.text_)).toContain('the title is required');
    const badReviewer = await postForm(lab.as.lead, '/resilience', [
      ['providerId', lab.providerId],
      ['questionnaireId', QID],
      ['title', 'USSD gateway 2026'],
      ['reviewerId', lab.users.auditor.id],
    ]);
    expect(badReviewer.status).toBe(400);
    expect(text(badReviewer.text_)).toContain('the reviewer must be an active lead or reviewer of this lab');
    expect(badReviewer.text_).toContain('value="USSD gateway 2026"'); // the form is filled again
    const badQuestionnaire = await postForm(lab.as.lead, '/resilience', [
      ['providerId', lab.providerId],
      ['questionnaireId', 'no-such-questionnaire'],
      ['title', 'x'],
      ['reviewerId', lab.users.reviewer.id],
    ]);
    expect(badQuestionnaire.status).toBe(400);
    expect(text(badQuestionnaire.text_)).toContain('unknown questionnaire "no-such-questionnaire"');

    const started = await postForm(lab.as.lead, '/resilience', [
      ['providerId', lab.providerId],
      ['questionnaireId', QID],
      ['title', 'USSD gateway 2026'],
      ['period', '2026'],
      ['reviewerId', lab.users.reviewer.id],
    ]);
    expect(started.status).toBe(303);
    id = /^\/resilience\/([0-9a-f-]{36})\/profile$/.exec(location(started))![1]!;
    const shown = await page(lab.as.lead, '/resilience');
    expect(shown.html).toContain(`href="/resilience/${id}"`);
  });

  it('saves the inherent-risk profile, shows the risk level and the targets, and refuses a bad profile', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const form = await page(lab.as.auditor, `/resilience/${id}/profile`);
    expect(form.status).toBe(200);
    expect(form.html).toContain('<legend>Which channels do your customers use to move money through your systems?</legend>');
    expect(form.html).toContain('type="checkbox" name="p_RP-CHANNELS" value="ussd-stk"');
    expect(form.html).toContain('type="radio" name="p_RP-VOLUME" value="10m-50m"');
    expect(text(form.html)).toContain('Inherent risk level 5 of 5 (assumed until the profile is answered)');

    const twoVolumes = await postForm(lab.as.auditor, `/resilience/${id}/profile`, [...PROFILE, ['p_RP-VOLUME', 'over-200m']]);
    expect(twoVolumes.status).toBe(400);
    expect(text(twoVolumes.text_)).toContain('only one choice may be picked for this question');
    const unknownChoice = await postForm(lab.as.auditor, `/resilience/${id}/profile`, [['p_RP-AGENTS', 'a-million']]);
    expect(unknownChoice.status).toBe(400);
    expect(text(unknownChoice.text_)).toContain('unknown choice "a-million"');
    const unknownQuestion = await postForm(lab.as.auditor, `/resilience/${id}/profile`, [['p_RP-NOPE', 'x']]);
    expect(unknownQuestion.status).toBe(400);
    expect(text(unknownQuestion.text_)).toContain('RP-NOPE: not a question of the risk profile');
    expect(await t.p.db.query('select 1 from resilience_profile_answers where assessment_id = $1', [id])).toHaveLength(0);

    const saved = await postForm(lab.as.auditor, `/resilience/${id}/profile`, PROFILE);
    expect(saved.status).toBe(303);
    const q = bundledQuestionnaire(QID);
    const expected = scoreProfile(q, {
      'RP-CHANNELS': ['ussd-stk', 'open-api'],
      'RP-VOLUME': '10m-50m',
      'RP-ACCOUNTS': '1m-5m',
      'RP-AGENTS': '10k-100k',
      'RP-DEPENDENCIES': ['aggregator'],
      'RP-INTERCONNECTION': 'switch-member',
      'RP-SIGNALLING': 'unknown-protection',
      'RP-SYSTEMIC': 'major',
    });
    expect(expected.riskLevel).toBeLessThan(5);
    const after = await page(lab.as.auditor, location(saved));
    expect(text(after.html)).toContain(`Inherent risk level ${expected.riskLevel} of 5 (weighted mean ${expected.meanRisk}`);
    expect(after.html).toContain('type="radio" name="p_RP-VOLUME" value="10m-50m" checked');
    // GOV-STRATEGY has its own targets [2, 3, 3, 4, 5].
    expect(text(after.html)).toContain(`Strategy and board oversight ${[2, 3, 3, 4, 5][expected.riskLevel - 1]}`);
    // The same profile again saves no new rows; a change adds one (the history is kept).
    await postForm(lab.as.auditor, `/resilience/${id}/profile`, PROFILE);
    expect(await t.p.db.query('select 1 from resilience_profile_answers where assessment_id = $1', [id])).toHaveLength(8);
  });

  it('keeps each contributor’s answers, refuses bad ones with their messages, and shows conflicts, scores, radar and gaps', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const path = `/resilience/${id}/domains/GOV-STRATEGY`;
    const form = await page(lab.as.auditor, path);
    expect(form.status).toBe(200);
    expect(form.html).toContain('type="radio" name="value_GOV-STRATEGY-1" value="fully-implemented"');
    // GOV-STRATEGY-1 does not accept "not applicable"; GOV-STRATEGY-3 does, with a justification.
    expect(form.html).not.toContain('name="value_GOV-STRATEGY-1" value="not-applicable"');
    expect(form.html).toContain('name="value_GOV-STRATEGY-3" value="not-applicable"');

    const noJustification = await postForm(lab.as.auditor, path, [
      ['value_GOV-STRATEGY-1', 'fully-implemented'],
      ['value_GOV-STRATEGY-3', 'not-applicable'],
      ['justification_GOV-STRATEGY-3', '  '],
    ]);
    expect(noJustification.status).toBe(400);
    expect(text(noJustification.text_)).toContain('"not applicable" needs a justification saying why');
    expect(noJustification.text_).toContain('id="err-GOV-STRATEGY-3"');
    expect(noJustification.text_).toContain('name="value_GOV-STRATEGY-3" value="not-applicable" checked'); // filled again
    const notAccepted = await postForm(lab.as.auditor, path, [['value_GOV-STRATEGY-1', 'not-applicable'], ['justification_GOV-STRATEGY-1', 'no board']]);
    expect(notAccepted.status).toBe(400);
    expect(text(notAccepted.text_)).toContain('"not applicable" is not accepted for this question');
    const unknown = await postForm(lab.as.auditor, path, [['value_GOV-STRATEGY-1', 'fully-implemented'], ['value_GOV-NOPE-9', 'fully-implemented']]);
    expect(unknown.status).toBe(400);
    expect(text(unknown.text_)).toContain('GOV-NOPE-9: not a question of the domain "Strategy and board oversight"');
    const badValue = await lab.as.auditor.request('PUT', `/api/v1/resilience/${id}/domains/GOV-STRATEGY/answers`, { json: { answers: { 'GOV-STRATEGY-1': { value: 'mostly' } } } });
    expect(badValue.status).toBe(400);
    expect(JSON.parse(badValue.text_).error.message).toContain('unknown answer value "mostly"');
    expect((await lab.as.auditor.get(`/resilience/${id}/domains/NOPE`)).status).toBe(404);
    expect((await postForm(lab.as.auditor, `/resilience/${id}/domains/NOPE`, [['value_X', 'fully-implemented']])).status).toBe(404);
    expect((await lab.as.auditor.request('PUT', `/api/v1/resilience/${id}/domains/NOPE/answers`, { json: { answers: {} } })).status).toBe(404);
    expect(await t.p.db.query('select 1 from resilience_answers where assessment_id = $1', [id])).toHaveLength(0);

    // The first auditor: level 1 met, level 2 only partly, level 3 not applicable (justified), evidence given.
    const first = await postForm(lab.as.auditor, path, [
      ['value_GOV-STRATEGY-1', 'fully-implemented'],
      ['comment_GOV-STRATEGY-1', 'CISO appointed in 2025'],
      ['evidence_GOV-STRATEGY-1', 'board-minutes-2025-03.pdf\nappointment-letter.pdf'],
      ['value_GOV-STRATEGY-2', 'partially-implemented'],
      ['value_GOV-STRATEGY-3', 'not-applicable'],
      ['justification_GOV-STRATEGY-3', 'The gateway is run under the group strategy, reviewed by the group board'],
      ['value_GOV-STRATEGY-4', ''],
    ]);
    expect(first.status).toBe(303);
    expect(location(first)).toBe(path);
    // The second auditor disagrees on GOV-STRATEGY-1, through the API.
    const second = await lab.as.auditor2.request('PUT', `/api/v1/resilience/${id}/domains/GOV-STRATEGY/answers`, {
      json: { answers: { 'GOV-STRATEGY-1': { value: 'not-implemented', comment: 'No report to the board this year', evidence: ['board-agenda-2026.pdf'] } } },
    });
    expect(second.status).toBe(200);
    const view = JSON.parse(second.text_) as View;
    expect(view.conflicts).toEqual([expect.objectContaining({ questionId: 'GOV-STRATEGY-1', settled: false })]);
    // A second domain, answered by the lead.
    const risk = await postForm(lab.as.lead, `/resilience/${id}/domains/RISK-ACCESS`, [
      ['value_RISK-ACCESS-1', 'largely-implemented'],
      ['value_RISK-ACCESS-2', 'not-implemented'],
    ]);
    expect(risk.status).toBe(303);

    const domain = await page(lab.as.reviewer, path);
    const dt = text(domain.html);
    expect(dt).toContain('Conflict: the contributors disagree');
    expect(dt).toContain('CISO appointed in 2025');
    expect(dt).toContain('No report to the board this year');
    expect(dt).toContain('Justification: The gateway is run under the group strategy');
    expect(dt).toContain('You are the reviewer');

    const overview = await page(lab.as.auditor, `/resilience/${id}`);
    expect(overview.status).toBe(200);
    const html = overview.html;
    expect(html).toMatch(/<svg [^>]*role="img" aria-labelledby="radar-title radar-desc"/);
    expect(html).toMatch(/<svg [^>]*aria-labelledby="bars-title bars-desc"/);
    expect(html).toContain('class="target"'); // the target outline on the radar
    const ot = text(html);
    expect(ot).toContain('Gaps and recommendations');
    // GOV-STRATEGY-2 is unmet at level 2, at or below the target: listed with its recommendation and catalog items.
    expect(ot).toContain('GOV-STRATEGY-2 A written cyber-resilience strategy covers every critical service');
    expect(ot).toContain('Write a cyber-resilience strategy that lists the critical services and the objectives for each, and have the board approve it.');
    expect(html).toContain('<code>GOV-23</code>, <code>GOV-24</code>');
    expect(ot).toContain('1 conflict to settle.');
    expect(ot).toContain('Unanswered questions');
    expect(html).toContain(`href="/resilience/${id}/domains/GOV-STRATEGY#q-GOV-STRATEGY-1"`);
    // A contributor in draft may submit; nobody may finalise yet.
    expect(html).toContain('name="action" value="submit"');
    expect(html).not.toContain('value="finalise"');
    // Evidence of both contributors is merged.
    const api = await getJson<View & { score: AssessmentScore }>(lab.as.readonly, `/api/v1/resilience/${id}`);
    expect(api.status).toBe(200);
    const gs1 = api.body.score.domains.find((d) => d.domainId === 'GOV-STRATEGY')!.questions.find((q) => q.questionId === 'GOV-STRATEGY-1')!;
    expect(gs1.answer?.evidence).toEqual(['appointment-letter.pdf', 'board-agenda-2026.pdf', 'board-minutes-2025-03.pdf']);
  });

  it('goes to review, back to draft with a note, and is finalised by the reviewer once the conflict is settled; then it is frozen', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const status = `/resilience/${id}/status`;
    const path = `/resilience/${id}/domains/GOV-STRATEGY`;
    // Only the reviewer finalises, and only once in review.
    const early = await postForm(lab.as.reviewer, status, [['action', 'finalise']]);
    expect(early.status).toBe(409);
    expect(text(early.text_)).toContain('the assessment must be in review for this; it is draft');
    expect((await postForm(lab.as.auditor, status, [['action', 'submit']])).status).toBe(303);
    const late = await postForm(lab.as.auditor, path, [['value_GOV-STRATEGY-2', 'largely-implemented']]);
    expect(late.status).toBe(409);
    expect(text(late.text_)).toContain('possible while the assessment is a draft');
    expect((await postForm(lab.as.auditor, status, [['action', 'finalise']])).status).toBe(403);
    // The reviewer returns it: a note is required.
    const noNote = await postForm(lab.as.reviewer, status, [['action', 'return']]);
    expect(noNote.status).toBe(400);
    expect(text(noNote.text_)).toContain('a note is required to return the assessment');
    expect((await postForm(lab.as.reviewer, status, [['action', 'return'], ['note', 'Answer GOV-STRATEGY-2 again with the 2026 strategy']])).status).toBe(303);
    expect((await postForm(lab.as.auditor, path, [['value_GOV-STRATEGY-2', 'largely-implemented']])).status).toBe(303);
    expect(await t.p.db.query("select 1 from resilience_answers where assessment_id = $1 and question_id = 'GOV-STRATEGY-2'", [id])).toHaveLength(2); // the history is kept
    expect((await postForm(lab.as.auditor, status, [['action', 'submit']])).status).toBe(303);

    // An open conflict stops the finalisation; the reviewer settles it on the domain page.
    const open = await postForm(lab.as.reviewer, status, [['action', 'finalise']]);
    expect(open.status).toBe(409);
    expect(text(open.text_)).toContain('settle the conflicting answers first (GOV-STRATEGY-1)');
    const reviewPage = await page(lab.as.reviewer, `/resilience/${id}`);
    expect(reviewPage.html).toContain('value="finalise"');
    expect(text(reviewPage.html)).toContain('Answer GOV-STRATEGY-2 again with the 2026 strategy');
    const settle = await postForm(lab.as.reviewer, path, [['value_GOV-STRATEGY-1', 'largely-implemented'], ['comment_GOV-STRATEGY-1', 'Board minutes seen; the 2026 report is scheduled']]);
    expect(settle.status).toBe(303);
    const settled = await getJson<View>(lab.as.reviewer, `/api/v1/resilience/${id}`);
    expect(settled.body.conflicts).toEqual([expect.objectContaining({ questionId: 'GOV-STRATEGY-1', settled: true })]);
    expect(text((await page(lab.as.reviewer, path)).html)).toContain('Conflict settled by the reviewer');

    expect((await postForm(lab.as.reviewer, status, [['action', 'finalise'], ['note', 'Checked against the evidence']])).status).toBe(303);
    const [row] = await t.p.db.query<{ status: string; score: unknown }>('select status, score from resilience_assessments where id = $1', [id]);
    expect(row!.status).toBe('final');
    const frozen = await getJson<View>(lab.as.lead, `/api/v1/resilience/${id}`);
    expect(frozen.body.frozen).toBe(true);
    expect(frozen.body.score.domains.find((d) => d.domainId === 'GOV-STRATEGY')!.attained).toBe(2);

    // Nothing is answered after that.
    const refused = await postForm(lab.as.reviewer, path, [['value_GOV-STRATEGY-4', 'fully-implemented']]);
    expect(refused.status).toBe(409);
    expect(text(refused.text_)).toContain('the assessment is final');
    expect((await lab.as.auditor.request('PUT', `/api/v1/resilience/${id}/domains/GOV-STRATEGY/answers`, { json: { answers: { 'GOV-STRATEGY-4': { value: 'fully-implemented' } } } })).status).toBe(409);
    expect((await lab.as.auditor.request('PUT', `/api/v1/resilience/${id}/profile`, { json: { answers: {} } })).status).toBe(409);
    const again = await getJson<View>(lab.as.lead, `/api/v1/resilience/${id}`);
    expect(again.body.score).toEqual(frozen.body.score);
    const final = await page(lab.as.auditor, `/resilience/${id}`);
    expect(text(final.html)).toContain('This assessment is final');
    expect(final.html).not.toContain(`action="/resilience/${id}/status"`);
    expect((await page(lab.as.auditor, path)).html).not.toContain(`action="/resilience/${id}/domains/GOV-STRATEGY"`);
    const audit = await t.p.db.query<{ action: string }>("select action from audit_log where object_type = 'resilience_assessment' and object_id = $1 order by id", [id]);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['resilience.created', 'resilience.profile_saved', 'resilience.answered', 'resilience.answers_settled', 'resilience.submit', 'resilience.return', 'resilience.finalise']));
  });

  it('compares a second assessment with the first, on one radar', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const created = await lab.as.lead.request('POST', '/api/v1/resilience', {
      json: { providerId: lab.providerId, questionnaireId: QID, title: 'USSD gateway 2027', period: '2027', reviewerId: lab.users.lead.id },
    });
    expect(created.status).toBe(201);
    const second = (JSON.parse(created.text_) as View).assessment.id;
    expect((await lab.as.auditor.request('PUT', `/api/v1/resilience/${second}/profile`, { json: { answers: { 'RP-VOLUME': '10m-50m', 'RP-CHANNELS': ['ussd-stk'] } } })).status).toBe(200);
    const answered = await lab.as.auditor.request('PUT', `/api/v1/resilience/${second}/domains/GOV-STRATEGY/answers`, {
      json: { answers: { 'GOV-STRATEGY-1': { value: 'fully-implemented' }, 'GOV-STRATEGY-2': { value: 'fully-implemented' } } },
    });
    expect(answered.status).toBe(200);
    // The lab's reviewer is not this assessment's reviewer (the lead is): they answer nothing here.
    expect((await lab.as.reviewer.request('PUT', `/api/v1/resilience/${second}/domains/GOV-STRATEGY/answers`, { json: { answers: { 'GOV-STRATEGY-3': { value: 'fully-implemented' } } } })).status).toBe(403);

    const cmp = await page(lab.as.readonly, `/resilience/compare?a=${id}&b=${second}`);
    expect(cmp.status).toBe(200);
    expect(cmp.html).toMatch(/<svg [^>]*aria-labelledby="radar-compare-title radar-compare-desc"/);
    expect(cmp.html).toContain('class="compare"'); // the earlier assessment's outline
    const ct = text(cmp.html);
    expect(ct).toContain('Improved answers');
    expect(ct).toContain('GOV-STRATEGY-2 : Largely implemented → Fully implemented');
    const api = await getJson<{ comparison: { improved: Array<{ questionId: string }> } }>(lab.as.readonly, `/api/v1/resilience/compare?a=${id}&b=${second}`);
    expect(api.status).toBe(200);
    expect(api.body.comparison.improved.map((c) => c.questionId)).toContain('GOV-STRATEGY-2');
    // The overview offers the comparison; a missing or unknown assessment is refused.
    expect((await page(lab.as.lead, `/resilience/${second}`)).html).toContain(`<option value="${id}">`);
    expect((await page(lab.as.lead, '/resilience/compare')).status).toBe(200);
    expect((await lab.as.lead.get(`/resilience/compare?a=${id}`)).status).toBe(400);
    expect((await lab.as.lead.get(`/resilience/compare?a=${id}&b=00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });

  it('lets read-only users read without forms, and refuses another lab and provider representatives', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    for (const path of ['/resilience', `/resilience/${id}`, `/resilience/${id}/profile`, `/resilience/${id}/domains/GOV-STRATEGY`, `/resilience/${id}/domains/RISK-ACCESS`]) {
      const r = await page(lab.as.readonly, path);
      expect(r.status, path).toBe(200);
      expect(r.html, path).not.toMatch(/<form[^>]*method="post"[^>]*action="\/resilience/);
    }
    expect(text((await page(lab.as.readonly, `/resilience/${id}/profile`)).html)).toContain('Which channels do your customers use');
    expect((await postForm(lab.as.readonly, `/resilience/${id}/status`, [['action', 'submit']])).status).toBe(403);
    expect((await lab.as.readonly.request('PUT', `/api/v1/resilience/${id}/profile`, { json: { answers: {} } })).status).toBe(403);
    // Another lab's lead and the oversight reviewer: not found.
    for (const c of [lab.as.outsiderLead, lab.as.oversight]) {
      expect((await c.get(`/resilience/${id}`)).status).toBe(404);
      expect((await getJson(c, `/api/v1/resilience/${id}`)).status).toBe(404);
      expect((await getJson<{ assessments: unknown[] }>(c, '/api/v1/resilience')).body.assessments).toEqual([]);
    }
    expect((await lab.as.outsiderLead.request('PUT', `/api/v1/resilience/${id}/domains/GOV-STRATEGY/answers`, { json: { answers: {} } })).status).toBe(404);
    expect((await lab.as.outsiderLead.get(`/resilience/compare?a=${id}&b=${id}`)).status).toBe(404);
    // A provider's representative: no route of the area.
    for (const path of ['/resilience', `/resilience/${id}`, `/resilience/${id}/domains/GOV-STRATEGY`, '/api/v1/resilience', `/api/v1/resilience/${id}`]) {
      expect((await lab.as.provider.get(path)).status, path).toBe(403);
    }
    // A malformed id is not found.
    expect((await lab.as.lead.get('/resilience/not-an-id')).status).toBe(404);
  });
});
