/**
 * The findings-and-remediation pages of an engagement, through HTTP like a browser (multipart and urlencoded
 * forms with the CSRF token, 303 redirects), on both databases: the provider's representative sees the list once
 * the report is delivered (404 before, and always for another provider), with overdue findings marked in words;
 * answers a finding through the page's form with an evidence file, and the answer shows on the finding's page
 * with a download link that works for the provider and the lab; refused answers show their message (400, 409);
 * the lab's auditor records a retest through the form and the status changes; the provider has no retest form
 * (and posting one is 403), a read-only user and a reviewer have no form at all. Every page served passes the
 * static page rules (labels, no inline script, handler or style).
 *
 * Like the API's remediation tests, these put the engagement in the delivered phase and release its findings
 * directly in the database, as delivery does (delivery itself is the review's work, tested there).
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, postgresAvailable } from './databases.js';
import { addFindings, deliver, getJson, otherProviderRep, planEngagement, seedLab, type Lab } from './engagement-fixtures.js';
import { page, postForm, text, unescape } from './page-helpers.js';
import { startTestPlatform, type Client, type TestPlatform } from './platform.js';

const DAY = 86_400_000;
const day = (offsetDays: number): string => new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10);
const location = (r: { headers: Headers }): string => r.headers.get('location') ?? '';

/** The row of the list's table that links to the finding. */
function rowOf(html: string, engagementId: string, findingId: string): string {
  const rows = html.split('<tr>').filter((r) => r.includes(`href="/engagements/${engagementId}/findings/${findingId}"`));
  expect(rows, findingId).toHaveLength(1);
  return text(rows[0]!.split('</tr>')[0]!);
}

/** The answer form's action (with the CSRF token in the URL), as the browser would post it. */
function answerAction(html: string, engagementId: string, findingId: string): string {
  const m = new RegExp(`action="(/engagements/${engagementId}/findings/${findingId}/responses\\?_csrf=[^"]+)" enctype="multipart/form-data"`).exec(html);
  expect(m, 'the answer form').not.toBeNull();
  return unescape(m![1]!);
}

/** A multipart answer as the browser sends it: the text fields, then the file input's parts. */
function answerForm(fields: Record<string, string>, files: Array<[string, Buffer]>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  for (const [name, bytes] of files) fd.append('file', new Blob([bytes], { type: 'image/png' }), name);
  return fd;
}

/**
 * A multipart body written the way Chromium and Firefox write it. fetch's FormData leaves out `filename=""` for
 * a file with no name, where a browser sends it for a file input left empty: [name, value] is a field,
 * [name, file name, content] a file.
 */
function browserMultipart(parts: Array<[string, string] | [string, string, string]>): { body: Buffer; headers: Record<string, string> } {
  const boundary = '----WebKitFormBoundary7MA4YWxkTrZu0gW';
  const chunks = parts.map((p) =>
    p.length === 2
      ? `--${boundary}\r\nContent-Disposition: form-data; name="${p[0]}"\r\n\r\n${p[1]}\r\n`
      : `--${boundary}\r\nContent-Disposition: form-data; name="${p[0]}"; filename="${p[1]}"\r\nContent-Type: application/octet-stream\r\n\r\n${p[2]}\r\n`,
  );
  return { body: Buffer.from(`${chunks.join('')}--${boundary}--\r\n`), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.each(BACKENDS)('engagement findings pages on %s', (backend) => {
  let t: TestPlatform | undefined;
  let lab: Lab;
  /** A representative of another provider of the same lab. */
  let otherRep: Client;

  beforeAll(async () => {
    if (backend === 'postgres' && !(await postgresAvailable())) return;
    t = await startTestPlatform(backend, { worker: false });
    lab = await seedLab(t);
    otherRep = await otherProviderRep(t, lab);
  }, 120_000);
  afterAll(async () => t?.stop());

  const storedEvidence = (): string[] => (existsSync(join(t!.dataDir, 'evidence')) ? readdirSync(join(t!.dataDir, 'evidence')).filter((n) => n !== '.incoming') : []);

  it('shows the provider the released findings once delivered (404 before, and for another provider), overdue ones marked in words', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const { id } = await planEngagement(lab, { title: 'Findings page audit' });
    const [late, onTime, rooted] = await addFindings(t, lab, id, [
      { title: 'Cleartext API calls', severity: 'critical', dueAt: new Date(Date.now() - 3 * DAY) },
      { title: 'Weak PIN policy', severity: 'medium', dueAt: new Date(Date.now() + 60 * DAY) },
      { title: 'Root detection missing', status: 'false_positive' },
    ]);
    const list = `/engagements/${id}/findings`;

    // Before delivery the provider reaches neither the list nor a finding; the lab sees every finding, unreleased.
    expect((await page(lab.as.provider, list)).status).toBe(404);
    expect((await page(lab.as.provider, `${list}/${onTime}`)).status).toBe(404);
    const early = await page(lab.as.lead, list);
    expect(early.status).toBe(200);
    expect(rowOf(early.html, id, rooted!)).toContain('not released to the provider');
    expect(text(early.html)).toContain('3 findings');

    await deliver(t, id);
    const seen = await page(lab.as.provider, list);
    expect(seen.status).toBe(200);
    expect(seen.html).toContain('<a href="/engagements" aria-current="page">Engagements</a>');
    expect(seen.html).toContain(`href="/engagements/${id}"`);
    // The released findings, each with its page; the false positive is not released, and its reason is the lab's.
    expect(seen.html).not.toContain(rooted!);
    expect(seen.html).not.toContain('Root detection missing');
    expect(seen.html).not.toContain('rooted');
    const lateRow = rowOf(seen.html, id, late!);
    expect(lateRow).toMatch(/Cleartext API calls .*critical .*TestPay wallet .*Manual test .*Confirmed · overdue .*\(overdue\)/);
    expect(lateRow).toContain('No answer yet');
    const onTimeRow = rowOf(seen.html, id, onTime!);
    expect(onTimeRow).not.toContain('overdue');
    expect(onTimeRow).toContain(day(60));
    expect(text(seen.html)).toContain('2 findings, 0 answered by the provider; 1 overdue');

    // Another provider's representative, and a lead of another lab, find nothing.
    for (const c of [otherRep, lab.as.outsiderLead]) {
      expect((await page(c, list)).status).toBe(404);
      expect((await page(c, `${list}/${late}`)).status).toBe(404);
    }
    // A finding not released (or not of this engagement, or no finding at all) has no page for the provider.
    expect((await page(lab.as.provider, `${list}/${rooted}`)).status).toBe(404);
    expect((await page(lab.as.provider, `${list}/${randomUUID()}`)).status).toBe(404);
    expect((await page(lab.as.provider, `${list}/not-an-id`)).status).toBe(404);
    // The oversight reviewer (a member from another organisation) reads the list too.
    expect((await page(lab.as.oversight, list)).status).toBe(200);
  });

  it('takes the provider answer from the page form with an evidence file; the answer and its download show for the provider and the lab', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const { id } = await planEngagement(lab);
    const [f, other] = await addFindings(t, lab, id, [{ title: 'Card number in the logs' }, { title: 'Session never expires', severity: 'medium' }]);
    await deliver(t, id);
    const findingUrl = `/engagements/${id}/findings/${f}`;

    const before = await page(lab.as.provider, findingUrl);
    expect(before.status).toBe(200);
    expect(text(before.html)).toContain('No answer yet.');
    expect(before.html).toContain('name="plan"');
    expect(before.html).toContain('name="targetDate"');
    expect(before.html).toContain('name="fixed"');
    expect(before.html).toContain('type="file" name="file" multiple');
    expect(before.html).not.toContain(`${findingUrl}/retest`);
    const action = answerAction(before.html, id, f!);
    const evidenceBefore = storedEvidence().length;

    // Refused answers show their message next to the form, keep what was typed, and leave no file behind.
    const shot = Buffer.from('\x89PNG fake screenshot of the masked log');
    const emptyPlan = await lab.as.provider.request('POST', action, { body: answerForm({ plan: '  ', targetDate: day(5) }, [['log.png', shot]]), csrf: false });
    expect(emptyPlan.status).toBe(400);
    expect(text(emptyPlan.text_)).toContain('"plan" is required');
    expect(emptyPlan.text_).toMatch(/<section aria-labelledby="answer-h" class="card"><h2 id="answer-h">Answer this finding<\/h2><p class="error" role="alert">/);
    const pastDate = await lab.as.provider.request('POST', action, { body: answerForm({ plan: 'Masked in 4.2.1.', targetDate: day(-3) }, [['log.png', shot]]), csrf: false });
    expect(pastDate.status).toBe(400);
    expect(text(pastDate.text_)).toContain(`"targetDate" must be today (${day(0)}) or later`);
    expect(pastDate.text_).toContain('>Masked in 4.2.1.</textarea>');
    expect(pastDate.text_).toContain(`value="${day(-3)}"`);
    expect(storedEvidence()).toHaveLength(evidenceBefore);
    // Without the CSRF token in the URL the post is refused; so is the lab's staff posting an answer.
    expect((await lab.as.provider.request('POST', `${findingUrl}/responses`, { body: answerForm({ plan: 'x' }, []), csrf: false })).status).toBe(403);
    expect((await lab.as.lead.request('POST', `${findingUrl}/responses?_csrf=${lab.as.lead.csrf}`, { body: answerForm({ plan: 'x' }, []), csrf: false })).status).toBe(403);
    expect(await t.p.db.query('select id from remediation_responses where engagement_id = $1', [id])).toHaveLength(0);

    const target = day(10);
    const posted = await lab.as.provider.request('POST', action, { body: answerForm({ plan: 'Card numbers are masked in 4.2.1.', targetDate: target, fixed: 'on' }, [['log.png', shot]]), csrf: false });
    expect(posted.status, posted.text_.slice(0, 300)).toBe(303);
    expect(location(posted)).toBe(findingUrl);
    // The first answer moved the engagement to remediation.
    expect((await getJson<{ engagement: { phase: string } }>(lab.as.lead, `/api/v1/engagements/${id}`)).body.engagement.phase).toBe('remediation');

    const after = await page(lab.as.provider, findingUrl);
    expect(after.status).toBe(200);
    const seen = text(after.html);
    expect(seen).toContain('provider user: reported it fixed · target date ' + target + ' · 1 evidence file');
    expect(seen).toContain('Card numbers are masked in 4.2.1.');
    const link = new RegExp(`href="(/api/v1/engagements/${id}/evidence/[0-9a-f-]+)" download="log.png">log.png</a>`).exec(after.html);
    expect(link, 'the evidence download link').not.toBeNull();
    expect(seen).toContain(createHash('sha256').update(shot).digest('hex'));
    // The download works for the provider and for the lab, with the bytes sent.
    for (const c of [lab.as.provider, lab.as.lead, lab.as.auditor]) {
      const r = await c.request('GET', link![1]!);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-disposition')).toContain('log.png');
      expect(r.headers.get('x-evidence-sha256')).toBe(createHash('sha256').update(shot).digest('hex'));
    }
    // … but not for another provider's representative.
    expect((await otherRep.request('GET', link![1]!)).status).toBe(404);

    // The list shows the latest answer: the claim, the target date, the evidence, who and when.
    const list = await page(lab.as.lead, `/engagements/${id}/findings`);
    const row = rowOf(list.html, id, f!);
    expect(row).toMatch(new RegExp(`Reported fixed · target ${target} · 1 evidence file Card numbers are masked in 4\\.2\\.1\\. provider user, \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC`));
    expect(rowOf(list.html, id, other!)).toContain('No answer yet');

    // A browser sends an empty part for a file input left empty: an answer without evidence is taken as it is.
    const otherPage = await page(lab.as.provider, `/engagements/${id}/findings/${other}`);
    const noFile = browserMultipart([['_csrf', lab.as.provider.csrf!], ['plan', 'Sessions expire after 5 minutes from 4.3.'], ['targetDate', ''], ['file', '', '']]);
    const plain = await lab.as.provider.request('POST', answerAction(otherPage.html, id, other!), { ...noFile, csrf: false });
    expect(plain.status, plain.text_.slice(0, 300)).toBe(303);
    const otherAfter = text((await page(lab.as.provider, `/engagements/${id}/findings/${other}`)).html);
    expect(otherAfter).toContain('provider user: sent a plan · no evidence file');
    expect(otherAfter).toContain('Sessions expire after 5 minutes from 4.3.');
    expect(storedEvidence()).toHaveLength(evidenceBefore + 1);

    // Once the engagement is closed the provider reads the history but has no form, and a late answer is refused.
    await t.p.db.query("update engagements set phase = 'closed', closed_at = now() where id = $1", [id]);
    const closed = await page(lab.as.provider, findingUrl);
    expect(closed.status).toBe(200);
    expect(closed.html).not.toContain('name="plan"');
    expect(text(closed.html)).toContain('The engagement is closed: no more answers or retests are recorded.');
    expect(text(closed.html)).toContain('Card numbers are masked in 4.2.1.');
    const late = await lab.as.provider.request('POST', action, { body: answerForm({ plan: 'Late.' }, []), csrf: false });
    expect(late.status).toBe(409);
    expect(text(late.text_)).toMatch(/Answering a finding is possible when the engagement is delivered or remediation; it is closed/);
  });

  it('records the lab retest from the form; the provider has no retest form (403), read-only users and reviewers no form at all', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const { id } = await planEngagement(lab);
    const [serverSide] = await addFindings(t, lab, id, [{ title: 'No rate limit on the PIN API', status: 'assigned' }]);
    const findingUrl = `/engagements/${id}/findings/${serverSide}`;
    const retestUrl = `${findingUrl}/retest`;

    // Before delivery the auditor reads the finding but records no retest yet.
    const early = await page(lab.as.auditor, findingUrl);
    expect(early.status).toBe(200);
    expect(early.html).not.toContain(`action="${retestUrl}"`);
    expect(text(early.html)).toContain('Retests are recorded once the report is delivered.');
    await deliver(t, id);

    const form = await page(lab.as.auditor, findingUrl);
    expect(form.status).toBe(200);
    expect(form.html).toContain(`action="${retestUrl}"`);
    expect(form.html).toContain('name="outcome" value="fixed"');
    expect(form.html).toContain('name="outcome" value="not_fixed"');
    expect(text(form.html)).toContain('retests the findings that came from scans');
    expect(form.html).toContain(`href="/engagements/${id}#testing-h"`);
    expect(form.html).not.toContain('/responses?_csrf=');
    expect(text(form.html)).toContain('Assigned to provider');
    // The list tells the testers how retests are made.
    expect(text((await page(lab.as.auditor, `/engagements/${id}/findings`)).html)).toContain('retests the findings that came from scans');

    // A refused verdict shows its message next to the form and keeps what was typed.
    const noNote = await postForm(lab.as.auditor, retestUrl, [['outcome', 'fixed'], ['note', ' ']]);
    expect(noNote.status).toBe(400);
    expect(text(noNote.text_)).toContain('"note" is required');
    expect(noNote.text_).toMatch(/<h2 id="retest-h">Record a retest<\/h2>.*<p class="error" role="alert">/s);
    expect(noNote.text_).toContain('name="outcome" value="fixed" required checked');

    const fixed = await postForm(lab.as.auditor, retestUrl, [['outcome', 'fixed'], ['note', 'Sixth wrong PIN in a minute now gets HTTP 429.']]);
    expect(fixed.status).toBe(303);
    expect(location(fixed)).toBe(findingUrl);
    const after = await page(lab.as.auditor, findingUrl);
    expect(after.html).toContain('<span class="status">Fixed</span>');
    const api = await getJson<{ findings: Array<{ id: string; status: string }> }>(lab.as.lead, `/api/v1/engagements/${id}/findings`);
    expect(api.body.findings.find((x) => x.id === serverSide)!.status).toBe('fixed');
    // A second "fixed" is a conflict, shown on the page with the service's reason.
    const again = await postForm(lab.as.lead, retestUrl, [['outcome', 'fixed'], ['note', 'again']]);
    expect(again.status).toBe(409);
    expect(text(again.text_)).toContain('only an unresolved finding can be retested as fixed');
    // The provider sees the status change on its list.
    expect(rowOf((await page(lab.as.provider, `/engagements/${id}/findings`)).html, id, serverSide!)).toContain('Fixed');

    // The provider has the answer form but no retest form, and posting a verdict is refused.
    const rep = await page(lab.as.provider, findingUrl);
    expect(rep.html).not.toContain(`action="${retestUrl}"`);
    expect(rep.html).toContain('/responses?_csrf=');
    expect((await postForm(lab.as.provider, retestUrl, [['outcome', 'not_fixed'], ['note', 'We disagree.']])).status).toBe(403);
    // Read-only users and reviewers read the page without any form; their posts are refused.
    for (const who of ['readonly', 'reviewer', 'oversight'] as const) {
      const seen = await page(lab.as[who], findingUrl);
      expect(seen.status, who).toBe(200);
      expect(seen.html, who).not.toContain(`action="${retestUrl}"`);
      expect(seen.html, who).not.toContain('/responses?_csrf=');
      expect((await postForm(lab.as[who], retestUrl, [['outcome', 'not_fixed'], ['note', 'x']])).status, who).toBe(403);
    }
    // An auditor of the lab outside the team may not record a verdict either.
    expect((await postForm(lab.as.auditor2, retestUrl, [['outcome', 'not_fixed'], ['note', 'x']])).status).toBe(403);
    expect(api.body.findings.find((x) => x.id === serverSide)!.status).toBe('fixed');
  });
});
