/**
 * Guard tests of the engagement workflow: every phase change that the methodology forbids is refused, every
 * allowed one is refused while its condition is unmet, and nobody but the lead (or a lab administrator)
 * moves an engagement. The allowed changes are written here from the issue, independently of the service's
 * table. Phases are set straight in the database between attempts, so that every (from, to) pair is tried.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHASES } from '../../src/platform/services/engagements.js';
import { BACKENDS, postgresAvailable } from './databases.js';
import { movePhase, planEngagement, seedLab, type Lab } from './engagement-fixtures.js';
import { addUser, loginAs, startTestPlatform, type Client, type TestPlatform } from './platform.js';

/** planning → testing → reporting → review → delivered → remediation → closed, with the way back for fixes. */
const ALLOWED = new Set([
  'planning>testing',
  'testing>reporting',
  'reporting>testing',
  'reporting>review',
  'review>reporting',
  'review>delivered',
  'delivered>remediation',
  'delivered>closed',
  'remediation>closed',
]);

describe.each(BACKENDS)('engagement phase guards on %s', (backend) => {
  let t: TestPlatform | undefined;
  let lab: Lab;
  let id: string;
  /** A lead of the same lab who is not in this engagement's team. */
  let otherLead: Client;

  const setPhase = async (phase: string) => t!.p.db.query('update engagements set phase = $2 where id = $1', [id, phase]);
  /** Meets every condition of every change: scope, reviewer, all manual rows decided, an approval, nothing unresolved. */
  const meetConditions = async () => {
    await t!.p.db.query("update plan_rows set result = 'not_applicable', notes = 'guard test' where engagement_id = $1 and mode = 'manual'", [id]);
    const [e] = await t!.p.db.query<{ review_round: number }>('select review_round from engagements where id = $1', [id]);
    await t!.p.db.query("insert into review_decisions (engagement_id, user_id, round, decision) values ($1, $2, $3, 'approve')", [id, lab.users.oversight.id, e!.review_round]);
  };

  beforeAll(async () => {
    if (backend === 'postgres' && !(await postgresAvailable())) return;
    t = await startTestPlatform(backend, { worker: false });
    lab = await seedLab(t);
    id = (await planEngagement(lab, { profile: 'ussd-stk' })).id;
    otherLead = await loginAs(t, (await addUser(t, lab.orgId, 'lead')).email);
  }, 120_000);
  afterAll(async () => t?.stop());

  it('refuses every change the methodology does not allow, from every phase (409)', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    await meetConditions();
    const wrong: string[] = [];
    for (const from of PHASES) {
      for (const to of PHASES) {
        if (ALLOWED.has(`${from}>${to}`)) continue;
        await setPhase(from);
        const r = await movePhase(lab.as.lead, id, to);
        if (r.status !== 409) wrong.push(`${from} > ${to}: ${r.status}`);
        const [row] = await t.p.db.query<{ phase: string }>('select phase from engagements where id = $1', [id]);
        if (row!.phase !== from) wrong.push(`${from} > ${to} changed the phase to ${row!.phase}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('allows each allowed change when its conditions are met, and only for the lead or a lab administrator', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const wrong: string[] = [];
    // Not the lead: the engagement's auditor and reviewers, a read-only user, the provider, a lead of another lab.
    const refused: Array<[keyof Lab['as'], number[]]> = [
      ['auditor', [403]],
      ['oversight', [403]],
      ['readonly', [403]],
      ['reviewer', [403]],
      ['provider', [403]],
      ['outsiderLead', [404]],
    ];
    for (const pair of ALLOWED) {
      const [from, to] = pair.split('>') as [string, string];
      await setPhase(from);
      await meetConditions();
      const byOtherLead = await movePhase(otherLead, id, to);
      if (byOtherLead.status !== 403) wrong.push(`a lead outside the team ${pair}: ${byOtherLead.status}`);
      for (const [who, statuses] of refused) {
        await setPhase(from);
        await meetConditions();
        const r = await movePhase(lab.as[who], id, to);
        if (!statuses.includes(r.status)) wrong.push(`${who} ${pair}: ${r.status}`);
      }
      for (const who of ['lead', 'admin'] as const) {
        await setPhase(from);
        await meetConditions();
        const r = await movePhase(lab.as[who], id, to);
        if (r.status !== 200) wrong.push(`${who} ${pair}: ${r.status} ${JSON.stringify(r.body)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses an allowed change while its condition is unmet, saying why', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const db = t.p.db;
    // review needs every manual row decided.
    await setPhase('reporting');
    await db.query("update plan_rows set result = null where engagement_id = $1 and mode = 'manual' and position = (select min(position) from plan_rows where engagement_id = $1 and mode = 'manual')", [id]);
    let r = await movePhase(lab.as.lead, id, 'review');
    expect(r.status).toBe(409);
    expect(JSON.stringify(r.body)).toMatch(/1 manual test has no result/);
    // delivered needs the approvals of the current round; a withdrawn approval or an old round's does not count.
    await meetConditions();
    await setPhase('review');
    await db.query("update review_decisions set withdrawn_at = now(), withdrawn_reason = 'test' where engagement_id = $1", [id]);
    r = await movePhase(lab.as.lead, id, 'delivered');
    expect(r.status).toBe(409);
    expect(JSON.stringify(r.body)).toMatch(/needs 1 approval before delivery; it has 0/);
    await db.query('update engagements set review_round = review_round + 1 where id = $1', [id]);
    await db.query("insert into review_decisions (engagement_id, user_id, round, decision) values ($1, $2, (select review_round - 1 from engagements where id = $1), 'approve')", [id, lab.users.oversight.id]);
    expect((await movePhase(lab.as.lead, id, 'delivered')).status).toBe(409);
    // closed needs every finding of the engagement resolved.
    await setPhase('remediation');
    const row = await db.one<{ id: string }>("select id from plan_rows where engagement_id = $1 and mode = 'manual' order by position limit 1", [id]);
    const findingId = '11111111-1111-4111-8111-111111111111';
    await db.query(
      `insert into findings (id, org_id, app_id, fingerprint, check_id, title, severity, status, source, engagement_id, data)
       values ($1, $2, $3, 'manual:GUARD', 'manual.GUARD', 'Guard', 'high', 'assigned', 'manual', $4, '{}'::jsonb)`,
      [findingId, lab.orgId, lab.ussdAppId, id],
    );
    await db.query('update plan_rows set finding_id = $2 where id = $1', [row!.id, findingId]);
    r = await movePhase(lab.as.lead, id, 'closed');
    expect(r.status).toBe(409);
    expect(JSON.stringify(r.body)).toMatch(/1 finding is still unresolved/);
    await db.query("update findings set status = 'fixed' where id = $1", [findingId]);
    expect((await movePhase(lab.as.lead, id, 'closed')).status).toBe(200);
    // planning → testing needs an app in scope.
    const empty = await planEngagement(lab, { title: 'No scope yet' });
    await db.query('delete from engagement_apps where engagement_id = $1', [empty.id]);
    r = await movePhase(lab.as.lead, empty.id, 'testing');
    expect(r.status).toBe(409);
    expect(JSON.stringify(r.body)).toMatch(/at least one app/);
  });
});
