/**
 * Compliance campaigns on the platform, through HTTP like a browser (forms with the CSRF token, 303 redirects)
 * and through the API, on both databases: a lead launches a campaign for the mobile network operators (two of
 * them targeted, the bank not) and their representatives are notified; one representative answers area by area
 * (an answer without justification is refused on the page, submitting with items unanswered too) and submits,
 * after which the self-assessment is read-only; the lab accepts some answers and rejects one with a note, which
 * returns it; the representative revises it (an accepted item cannot be answered again) and resubmits; the lab
 * accepts the rest, the self-assessment is validated, and the sector heatmap shows the confirmed statuses. Access:
 * another provider's representative, another lab and a provider outside the campaign get "not found"; a
 * read-only user reads but neither validates nor closes. After the deadline, the providers that have not
 * submitted are shown overdue; a closed campaign takes no more answers. Every page served passes the static page
 * rules (labels, no inline script, handler or style).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, postgresAvailable } from './databases.js';
import { getJson, seedLab, type Lab } from './engagement-fixtures.js';
import { page, postForm, staticProblems, text } from './page-helpers.js';
import { addUser, loginAs, startTestPlatform, type Client, type TestPlatform } from './platform.js';

const DAY = 86_400_000;
const day = (offsetDays: number): string => new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10);
const location = (r: { headers: Headers }): string => r.headers.get('location') ?? '';
const TITLE = 'Operators 2026 self-assessment';
const STATUSES = ['compliant', 'partially', 'non_compliant', 'not_applicable'] as const;

interface SaItem {
  itemId: string;
  state: string;
  answer: { id: number; status: string; justification: string; decision: { decision: string; note: string | null } | null } | null;
  history: unknown[];
}
interface Sa {
  state: string;
  overdue: boolean;
  returnNote: string | null;
  counts: Record<string, number>;
  items: SaItem[];
}
interface Progress {
  provider: { id: string; name: string };
  state: string;
  answered: number;
  accepted: number;
  total: number;
  overdue: boolean;
}

/** The area forms of a representative's page: each form's area and the items it lists. */
function areaForms(html: string): Array<{ area: string; itemIds: string[] }> {
  const out: Array<{ area: string; itemIds: string[] }> = [];
  for (const chunk of html.split('<form').slice(1)) {
    const form = chunk.slice(0, chunk.indexOf('</form>'));
    if (!/action="[^"]*\/answers/.test(form)) continue;
    const area = /name="area" value="([^"]+)"/.exec(form)![1]!;
    out.push({ area, itemIds: [...form.matchAll(/name="itemIds" value="([^"]+)"/g)].map((m) => m[1]!) });
  }
  return out;
}

/** The status a representative gives an item, by its place in the campaign. */
const statusOf = (n: number): (typeof STATUSES)[number] => STATUSES[n % STATUSES.length]!;

describe.each(BACKENDS)('compliance campaigns on %s', (backend) => {
  let t: TestPlatform | undefined;
  let lab: Lab;
  let secondId = '';
  let bankId = '';
  let second: Client;
  let bankRep: Client;
  let campaignId = '';
  let itemIds: string[] = [];
  /** The item the lab rejects, and the items it accepts in the first round. */
  let rejected = '';
  let acceptedFirst: string[] = [];
  /** The final status of each item of the first provider. */
  const finalStatus = new Map<string, string>();

  const base = () => `/campaigns/${campaignId}/providers/${lab.providerId}`;
  const sa = async (who: Client = lab.as.auditor, providerId = lab.providerId) => getJson<{ selfAssessment: Sa }>(who, `/api/v1/campaigns/${campaignId}/providers/${providerId}`);

  beforeAll(async () => {
    if (backend === 'postgres' && !(await postgresAvailable())) return;
    t = await startTestPlatform(backend, { worker: false });
    lab = await seedLab(t);
    const add = async (name: string, kind: string): Promise<string> => {
      const r = await lab.as.admin.request('POST', '/api/v1/providers', { json: { name, kind } });
      expect(r.status).toBe(201);
      return (JSON.parse(r.text_) as { provider: { id: string } }).provider.id;
    };
    secondId = await add('Second Telecom', 'mno');
    bankId = await add('First Bank', 'bank');
    second = await loginAs(t, (await addUser(t, lab.orgId, 'provider', { providerId: secondId })).email);
    bankRep = await loginAs(t, (await addUser(t, lab.orgId, 'provider', { providerId: bankId })).email);
  }, 120_000);
  afterAll(async () => t?.stop());

  it('launches a campaign for the operators from the list page; refusals are shown on the form', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const list = await page(lab.as.lead, '/campaigns');
    expect(list.status).toBe(200);
    expect(list.html).toContain('action="/campaigns"');
    expect(list.html).toContain('<option value="mobile-app-baseline"');
    // Only managers launch: the form is not there for an auditor, and the post is refused.
    expect((await page(lab.as.auditor, '/campaigns')).html).not.toContain('action="/campaigns"');
    expect((await postForm(lab.as.auditor, '/campaigns', [['title', 'x'], ['providerKind', 'mno'], ['profile', 'all'], ['deadline', day(30)]])).status).toBe(403);

    // No provider of the kind: refused on the page, with what was typed.
    const none = await postForm(lab.as.lead, '/campaigns', [['title', TITLE], ['providerKind', 'emi'], ['profile', 'mobile-app-baseline'], ['deadline', day(30)]]);
    expect(none.status).toBe(400);
    expect(staticProblems(none.text_)).toEqual([]);
    expect(text(none.text_)).toContain('no provider of kind "emi"');
    expect(none.text_).toContain(`value="${TITLE}"`);
    const past = await postForm(lab.as.lead, '/campaigns', [['title', TITLE], ['providerKind', 'mno'], ['profile', 'mobile-app-baseline'], ['deadline', day(-1)]]);
    expect(past.status).toBe(400);
    expect(text(past.text_)).toContain('the deadline is in the past');
    const noProfile = await postForm(lab.as.lead, '/campaigns', [['title', TITLE], ['providerKind', 'mno'], ['profile', 'nope'], ['deadline', day(30)]]);
    expect(noProfile.status).toBe(400);

    const r = await postForm(lab.as.lead, '/campaigns', [['title', TITLE], ['providerKind', 'mno'], ['profile', 'mobile-app-baseline'], ['deadline', day(30)]]);
    expect(r.status).toBe(303);
    campaignId = /^\/campaigns\/([0-9a-f-]{36})$/.exec(location(r))![1]!;

    const view = await getJson<{ campaign: { title: string; itemIds: string[]; status: string }; providers: Progress[] }>(lab.as.readonly, `/api/v1/campaigns/${campaignId}`);
    expect(view.status).toBe(200);
    expect(view.body.campaign.status).toBe('open');
    itemIds = view.body.campaign.itemIds;
    expect(itemIds.length).toBeGreaterThan(3);
    expect(itemIds.every((id) => id.startsWith('APP-'))).toBe(true);
    // The two operators, not the bank.
    expect(view.body.providers.map((p) => p.provider.id).sort()).toEqual([lab.providerId, secondId].sort());
    expect(view.body.providers.every((p) => p.state === 'invited' && p.answered === 0 && p.total === itemIds.length && !p.overdue)).toBe(true);

    const campaignPage = await page(lab.as.lead, `/campaigns/${campaignId}`);
    expect(campaignPage.status).toBe(200);
    expect(text(campaignPage.html)).toContain('Testland Mobile Money');
    expect(text(campaignPage.html)).toContain('Second Telecom');
    expect(text(campaignPage.html)).not.toContain('First Bank');
    expect(campaignPage.html).toContain(`href="${base()}"`);
    expect(campaignPage.html).toContain(`action="/campaigns/${campaignId}/close"`);
    // A read-only user reads the campaign without the close form.
    const ro = await page(lab.as.readonly, `/campaigns/${campaignId}`);
    expect(ro.status).toBe(200);
    expect(ro.html).not.toContain('/close"');

    // Each targeted provider's representative is notified with the link to their own page; the bank's is not.
    const notes = await getJson<{ notifications: Array<{ kind: string; title: string; link: string }> }>(lab.as.provider, '/api/v1/notifications');
    expect(notes.body.notifications.find((n) => n.kind === 'campaign')?.link).toBe(base());
    const secondNotes = await getJson<{ notifications: Array<{ link: string }> }>(second, '/api/v1/notifications');
    expect(secondNotes.body.notifications.some((n) => n.link === `/campaigns/${campaignId}/providers/${secondId}`)).toBe(true);
    const bankNotes = await getJson<{ notifications: Array<{ kind: string }> }>(bankRep, '/api/v1/notifications');
    expect(bankNotes.body.notifications.filter((n) => n.kind === 'campaign')).toEqual([]);

    // A representative's list shows their own self-assessment; the bank's shows nothing.
    const mine = await page(lab.as.provider, '/campaigns');
    expect(mine.status).toBe(200);
    expect(mine.html).toContain(`href="${base()}"`);
    expect(mine.html).not.toContain('action="/campaigns"');
    expect(text((await page(bankRep, '/campaigns')).html)).toContain('No campaign yet.');
  });

  it('keeps other providers, other labs and the bank out', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    // Another provider's representative: "not found" on the first provider's page, in the page and the API.
    expect((await page(second, base())).status).toBe(404);
    expect((await sa(second)).status).toBe(404);
    expect((await postForm(second, `${base()}/answers`, [['itemIds', itemIds[0]!], [`status-${itemIds[0]}`, 'compliant'], [`justification-${itemIds[0]}`, 'x']])).status).toBe(404);
    // Their own page of the campaign is there.
    expect((await page(second, `/campaigns/${campaignId}/providers/${secondId}`)).status).toBe(200);
    // The bank is not targeted: its representative and the lab find no page for it.
    expect((await page(bankRep, `/campaigns/${campaignId}/providers/${bankId}`)).status).toBe(404);
    expect((await page(lab.as.lead, `/campaigns/${campaignId}/providers/${bankId}`)).status).toBe(404);
    // Another lab: nothing.
    expect((await page(lab.as.outsiderLead, `/campaigns/${campaignId}`)).status).toBe(404);
    expect((await getJson(lab.as.outsiderLead, `/api/v1/campaigns/${campaignId}`)).status).toBe(404);
    expect((await getJson(lab.as.outsiderLead, `/api/v1/campaigns/${campaignId}/providers/${lab.providerId}`)).status).toBe(404);
    expect((await postForm(lab.as.outsiderLead, `/campaigns/${campaignId}/close`, [])).status).toBe(404);
    // The lab's view of a campaign is the lab's: a representative is refused by role.
    expect((await page(lab.as.provider, `/campaigns/${campaignId}`)).status).toBe(403);
    // The lab's staff do not answer for a provider.
    expect((await postForm(lab.as.lead, `${base()}/answers`, [['itemIds', itemIds[0]!]])).status).toBe(403);
  });

  it('lets the representative answer area by area, refuses an answer without justification, and submit', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const first = await page(lab.as.provider, base());
    expect(first.status).toBe(200);
    expect(text(first.html)).toContain('Invited');
    const forms = areaForms(first.html);
    expect(forms.flatMap((f) => f.itemIds).sort()).toEqual([...itemIds].sort());
    expect(first.html).toContain(`name="status-${itemIds[0]}" value="not_applicable"`);
    expect(first.html).not.toContain(`value="not_assessed"`);

    // A status without justification: 400 on the page, next to the area's form, with what was chosen kept.
    const [f0] = forms;
    const id0 = f0!.itemIds[0]!;
    const refused = await postForm(lab.as.provider, `${base()}/answers`, [['area', f0!.area], ['itemIds', id0], [`status-${id0}`, 'compliant'], [`justification-${id0}`, '  ']]);
    expect(refused.status).toBe(400);
    expect(staticProblems(refused.text_)).toEqual([]);
    expect(text(refused.text_)).toContain(`${id0}: say why: a justification is required`);
    expect(refused.text_).toMatch(new RegExp(`name="status-${id0}" value="compliant" checked`));
    expect((await sa()).body.selfAssessment.counts.unanswered).toBe(itemIds.length);
    // The API says the same.
    const apiRefused = await lab.as.provider.request('PUT', `/api/v1/campaigns/${campaignId}/providers/${lab.providerId}/answers`, { json: { answers: [{ itemId: id0, status: 'compliant' }] } });
    expect(apiRefused.status).toBe(400);
    const notAnItem = await lab.as.provider.request('PUT', `/api/v1/campaigns/${campaignId}/providers/${lab.providerId}/answers`, { json: { answers: [{ itemId: 'USSD-01', status: 'compliant', justification: 'x' }] } });
    expect(notAnItem.status).toBe(400);
    const notAssessed = await lab.as.provider.request('PUT', `/api/v1/campaigns/${campaignId}/providers/${lab.providerId}/answers`, { json: { answers: [{ itemId: id0, status: 'not_assessed', justification: 'x' }] } });
    expect(notAssessed.status).toBe(400);

    // The first area only, then submitting is refused: items are left.
    const answer = (id: string): Array<[string, string]> => {
      const n = itemIds.indexOf(id);
      return [['itemIds', id], [`status-${id}`, statusOf(n)], [`justification-${id}`, `Our control for ${id}, version ${n}`], [`evidence-${id}`, n % 2 ? `Policy ${n}` : '']];
    };
    const save = async (f: { area: string; itemIds: string[] }) => {
      const r = await postForm(lab.as.provider, `${base()}/answers`, [['area', f.area], ...f.itemIds.flatMap(answer)]);
      expect(r.status, r.text_.slice(0, 300)).toBe(303);
      expect(location(r)).toBe(`${base()}#area-${f.area}`);
    };
    await save(f0!);
    const partial = (await sa()).body.selfAssessment;
    expect(partial.state).toBe('in_progress');
    expect(partial.counts.draft).toBe(f0!.itemIds.length);
    if (forms.length > 1) {
      const early = await postForm(lab.as.provider, `${base()}/submit`, []);
      expect(early.status).toBe(400);
      expect(text(early.text_)).toContain('not answered yet');
    }
    for (const f of forms.slice(1)) await save(f);
    // Saving the same answers again adds nothing to the history.
    await save(f0!);
    const full = (await sa()).body.selfAssessment;
    expect(full.counts.draft).toBe(itemIds.length);
    expect(full.items.every((i) => i.history.length === 1)).toBe(true);
    for (const i of full.items) expect(i.answer!.status).toBe(statusOf(itemIds.indexOf(i.itemId)));

    const submitted = await postForm(lab.as.provider, `${base()}/submit`, []);
    expect(submitted.status).toBe(303);
    const after = await page(lab.as.provider, base());
    expect(text(after.html)).toContain('Submitted to the lab');
    expect(areaForms(after.html)).toEqual([]);
    expect(after.html).not.toContain('/submit"');
    // Read-only until returned: a late answer is refused.
    const late = await postForm(lab.as.provider, `${base()}/answers`, [['area', f0!.area], ...answer(id0)]);
    expect(late.status).toBe(409);
    expect(text(late.text_)).toContain('read-only until the lab returns it');
    // The lab's author is told.
    const leadNotes = await getJson<{ notifications: Array<{ kind: string; link: string; title: string }> }>(lab.as.lead, '/api/v1/notifications');
    expect(leadNotes.body.notifications.some((n) => n.kind === 'campaign' && n.link === base() && n.title.startsWith('Self-assessment submitted'))).toBe(true);
  });

  it('lets the lab accept some answers and reject one with a note, which returns it; a read-only user cannot', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const labPage = await page(lab.as.auditor, base());
    expect(labPage.status).toBe(200);
    expect(labPage.html).toContain(`action="${base()}/items/${itemIds[0]}/accept"`);
    expect(labPage.html).toContain(`action="${base()}/items/${itemIds[0]}/reject"`);
    expect(labPage.html).toContain(`action="${base()}/accept-all"`);
    expect(labPage.html).toContain(`action="${base()}/return"`);
    const roPage = await page(lab.as.readonly, base());
    expect(roPage.status).toBe(200);
    expect(roPage.html).not.toContain('/accept"');
    expect((await postForm(lab.as.readonly, `${base()}/items/${itemIds[0]}/accept`, [])).status).toBe(403);
    expect((await postForm(lab.as.readonly, `${base()}/accept-all`, [])).status).toBe(403);
    expect((await lab.as.readonly.request('POST', `/api/v1/campaigns/${campaignId}/providers/${lab.providerId}/accept`, { json: { itemIds: 'all' } })).status).toBe(403);
    expect((await postForm(lab.as.provider, `${base()}/accept-all`, [])).status).toBe(403);

    acceptedFirst = itemIds.slice(0, 2);
    rejected = itemIds[2]!;
    // One through the page, one through the API.
    const r = await postForm(lab.as.auditor, `${base()}/items/${acceptedFirst[0]}/accept`, []);
    expect(r.status).toBe(303);
    const api = await lab.as.auditor.request('POST', `/api/v1/campaigns/${campaignId}/providers/${lab.providerId}/accept`, { json: { itemIds: [acceptedFirst[1]] } });
    expect(api.status).toBe(200);
    expect(JSON.parse(api.text_)).toEqual({ accepted: 1, state: 'submitted' });
    for (const id of acceptedFirst) finalStatus.set(id, statusOf(itemIds.indexOf(id)));
    // An item outside the campaign is not found; accepting twice is refused.
    expect((await postForm(lab.as.auditor, `${base()}/items/USSD-01/accept`, [])).status).toBe(404);
    const twice = await postForm(lab.as.auditor, `${base()}/items/${acceptedFirst[0]}/accept`, []);
    expect(twice.status).toBe(409);
    // A rejection needs a note: 400 on the page.
    const noNote = await postForm(lab.as.auditor, `${base()}/items/${rejected}/reject`, [['note', '']]);
    expect(noNote.status).toBe(400);
    expect(staticProblems(noNote.text_)).toEqual([]);
    expect(text(noNote.text_)).toContain('a note is required');
    const rej = await postForm(lab.as.auditor, `${base()}/items/${rejected}/reject`, [['note', 'Name the document that shows it']]);
    expect(rej.status).toBe(303);

    const now = (await sa()).body.selfAssessment;
    expect(now.state).toBe('returned');
    expect(now.counts.accepted).toBe(2);
    expect(now.counts.rejected).toBe(1);
    expect(now.returnNote).toContain('Name the document that shows it');
    // The accepted answers are confirmed statuses, in the auditor's name, with the justification as the evidence.
    const compliance = await getJson<{ compliance: { items: Array<{ itemId: string; confirmed: { status: string; assessor: string; evidence: string } | null }> } }>(
      lab.as.lead,
      `/api/v1/providers/${lab.providerId}/compliance`,
    );
    const c0 = compliance.body.compliance.items.find((i) => i.itemId === acceptedFirst[0])!.confirmed!;
    expect(c0.status).toBe(statusOf(0));
    expect(c0.assessor).toBe('auditor user');
    expect(c0.evidence).toBe(`Self-assessment in campaign ${TITLE}: Our control for ${acceptedFirst[0]}, version 0`);
    expect(compliance.body.compliance.items.find((i) => i.itemId === rejected)!.confirmed).toBeNull();

    // The representative sees the note and the rejected item, and is told.
    const repPage = await page(lab.as.provider, base());
    expect(text(repPage.html)).toContain('Name the document that shows it');
    expect(text(repPage.html)).toContain('Rejected: to revise');
    const notes = await getJson<{ notifications: Array<{ title: string }> }>(lab.as.provider, '/api/v1/notifications');
    expect(notes.body.notifications.some((n) => n.title.startsWith('Self-assessment returned'))).toBe(true);
  });

  it('lets the representative revise the rejected answer and resubmit; the lab accepts all, and the heatmap shows it', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const repPage = await page(lab.as.provider, base());
    // Accepted items are no longer in the forms.
    const formItems = areaForms(repPage.html).flatMap((f) => f.itemIds);
    expect(formItems).not.toContain(acceptedFirst[0]);
    expect(formItems).toContain(rejected);
    // Resubmitting before revising the rejected answer is refused.
    const early = await postForm(lab.as.provider, `${base()}/submit`, []);
    expect(early.status).toBe(400);
    expect(text(early.text_)).toContain('not revised yet');
    // An accepted item is not answered again.
    const again = await lab.as.provider.request('PUT', `/api/v1/campaigns/${campaignId}/providers/${lab.providerId}/answers`, {
      json: { answers: [{ itemId: acceptedFirst[0], status: 'non_compliant', justification: 'changed our mind' }] },
    });
    expect(again.status).toBe(409);

    const fixed = await lab.as.provider.request('PUT', `/api/v1/campaigns/${campaignId}/providers/${lab.providerId}/answers`, {
      json: { answers: [{ itemId: rejected, status: 'partially', justification: 'Two of three apps use it', evidence: 'Security policy v3, section 4' }] },
    });
    expect(fixed.status).toBe(200);
    const item = (await sa()).body.selfAssessment.items.find((i) => i.itemId === rejected)!;
    expect(item.state).toBe('draft');
    expect(item.history).toHaveLength(2);
    expect((await postForm(lab.as.provider, `${base()}/submit`, [])).status).toBe(303);

    const accepted = await postForm(lab.as.auditor, `${base()}/accept-all`, []);
    expect(accepted.status).toBe(303);
    const done = (await sa()).body.selfAssessment;
    expect(done.state).toBe('validated');
    expect(done.counts.accepted).toBe(itemIds.length);
    for (const id of itemIds) if (!finalStatus.has(id)) finalStatus.set(id, id === rejected ? 'partially' : statusOf(itemIds.indexOf(id)));
    expect(text((await page(lab.as.provider, base())).html)).toContain('Validated');
    // Nothing left to decide.
    expect((await postForm(lab.as.auditor, `${base()}/accept-all`, [])).status).toBe(409);

    // The sector heatmap counts the confirmed statuses (the provider has no scan: nothing else is assessed).
    const sector = await getJson<{ heatmap: { rows: Array<{ provider: { id: string }; total: { counts: Record<string, number> } }> } }>(lab.as.readonly, '/api/v1/compliance?kind=mno');
    expect(sector.status).toBe(200);
    const row = sector.body.heatmap.rows.find((r) => r.provider.id === lab.providerId)!;
    for (const s of STATUSES) expect(row.total.counts[s], s).toBe([...finalStatus.values()].filter((v) => v === s).length);
    const other = sector.body.heatmap.rows.find((r) => r.provider.id === secondId)!;
    expect(other.total.counts.compliant).toBe(0);
    expect((await page(lab.as.lead, '/compliance')).status).toBe(200);

    const progress = await getJson<{ providers: Progress[] }>(lab.as.lead, `/api/v1/campaigns/${campaignId}`);
    const p1 = progress.body.providers.find((p) => p.provider.id === lab.providerId)!;
    expect([p1.state, p1.answered, p1.accepted]).toEqual(['validated', itemIds.length, itemIds.length]);
    const audit = await t!.p.db.query<{ action: string }>("select action from audit_log where object_type = 'campaign' and object_id = $1 order by id", [campaignId]);
    const actions = new Set(audit.map((a) => a.action));
    for (const a of ['campaign.launched', 'campaign.answered', 'campaign.submitted', 'campaign.accepted', 'campaign.rejected', 'campaign.validated']) expect(actions, a).toContain(a);
  });

  it('takes a whole self-assessment through the API, and lets the lab return it with a note', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const path = `/api/v1/campaigns/${campaignId}/providers/${secondId}`;
    // The API launch refuses like the form.
    expect((await lab.as.lead.request('POST', '/api/v1/campaigns', { json: { title: 'x', providerKind: 'fintech', profile: 'all', deadline: day(5) } })).status).toBe(400);
    expect((await lab.as.auditor.request('POST', '/api/v1/campaigns', { json: { title: 'x', providerKind: 'mno', profile: 'all', deadline: day(5) } })).status).toBe(403);
    const answers = itemIds.map((itemId) => ({ itemId, status: 'compliant', justification: `Done for ${itemId}` }));
    const saved = await second.request('PUT', `${path}/answers`, { json: { answers } });
    expect(saved.status).toBe(200);
    expect((JSON.parse(saved.text_) as { saved: number }).saved).toBe(itemIds.length);
    // Nothing to return before it is submitted.
    expect((await lab.as.lead.request('POST', `${path}/return`, { json: { note: 'More please' } })).status).toBe(409);
    expect((await second.request('POST', `${path}/submit`)).status).toBe(200);
    expect((await lab.as.lead.request('POST', `${path}/return`, { json: {} })).status).toBe(400);
    expect((await lab.as.readonly.request('POST', `${path}/return`, { json: { note: 'x' } })).status).toBe(403);
    const back = await lab.as.lead.request('POST', `${path}/return`, { json: { note: 'Every item compliant? Attach the evidence.' } });
    expect(back.status).toBe(200);
    const view = (await getJson<{ selfAssessment: Sa }>(second, path)).body.selfAssessment;
    expect([view.state, view.returnNote, view.counts.pending]).toEqual(['returned', 'Every item compliant? Attach the evidence.', itemIds.length]);
  });

  it('shows the providers that have not submitted as overdue after the deadline, and freezes a closed campaign', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    await t!.p.db.query("update campaigns set deadline = current_date - 1 where id = $1", [campaignId]);
    const view = await getJson<{ providers: Progress[] }>(lab.as.reviewer, `/api/v1/campaigns/${campaignId}`);
    expect(view.body.providers.find((p) => p.provider.id === secondId)!.overdue).toBe(true);
    expect(view.body.providers.find((p) => p.provider.id === lab.providerId)!.overdue).toBe(false);
    const campaignPage = await page(lab.as.lead, `/campaigns/${campaignId}`);
    expect(text(campaignPage.html)).toMatch(/Second Telecom Returned to the provider · Overdue/);
    expect(text(campaignPage.html)).not.toMatch(/Testland Mobile Money Validated · Overdue/);
    expect(text((await page(second, `/campaigns/${campaignId}/providers/${secondId}`)).html)).toContain('Overdue');
    expect(text((await page(lab.as.lead, '/campaigns')).html)).toContain('Overdue');

    // Only managers close; then nothing is answered any more.
    expect((await postForm(lab.as.readonly, `/campaigns/${campaignId}/close`, [])).status).toBe(403);
    expect((await postForm(lab.as.auditor, `/campaigns/${campaignId}/close`, [])).status).toBe(403);
    expect((await postForm(lab.as.lead, `/campaigns/${campaignId}/close`, [])).status).toBe(303);
    const closed = await getJson<{ campaign: { status: string }; providers: Progress[] }>(lab.as.lead, `/api/v1/campaigns/${campaignId}`);
    expect(closed.body.campaign.status).toBe('closed');
    expect(closed.body.providers.every((p) => !p.overdue)).toBe(true);
    const id = itemIds[0]!;
    const late = await second.request('PUT', `/api/v1/campaigns/${campaignId}/providers/${secondId}/answers`, { json: { answers: [{ itemId: id, status: 'compliant', justification: 'late' }] } });
    expect(late.status).toBe(409);
    expect((await postForm(lab.as.lead, `/campaigns/${campaignId}/close`, [])).status).toBe(409);
  });
});
