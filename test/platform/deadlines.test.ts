/**
 * Deadline notifications (jobs/deadlines.ts), on both databases: a finding of a delivered engagement whose
 * due date or the provider's target date is near, then passed, tells the provider's representatives and the
 * engagement's leads once per deadline, never again on the next sweep (nor by two sweeps at once); an
 * engagement past its end date before delivery tells its leads; and the sweeper runs a sweep when started.
 * The engagements are put in the delivered phase directly in the database (delivery is the review's work).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { deadlineOf, notifyDeadlines, startDeadlineSweeper } from '../../src/platform/jobs/deadlines.js';
import { BACKENDS, postgresAvailable } from './databases.js';
import { planEngagement, seedLab, type Lab } from './engagement-fixtures.js';
import { startTestPlatform, type TestPlatform } from './platform.js';

const DAY = 86_400_000;
const at = (offsetDays: number, from = Date.now()): Date => new Date(from + offsetDays * DAY);
const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

describe('deadlineOf', () => {
  const now = new Date('2027-03-10T12:00:00Z');
  it('warns within 7 days, says overdue once passed, and says nothing before', () => {
    expect(deadlineOf(new Date('2027-03-20T00:00:00Z'), null, now)).toBeUndefined();
    expect(deadlineOf(new Date('2027-03-17T12:00:00Z'), null, now)).toEqual({ kind: 'deadline_soon', at: new Date('2027-03-17T12:00:00Z'), day: '2027-03-17' });
    expect(deadlineOf(new Date('2027-03-10T11:59:59Z'), null, now)?.kind).toBe('overdue');
    expect(deadlineOf(null, null, now)).toBeUndefined();
  });
  it('holds the provider to the earlier of the due date and its own target date (met until the end of that day)', () => {
    // The target day itself is not late; the day after is.
    expect(deadlineOf(null, '2027-03-10', now)).toMatchObject({ kind: 'deadline_soon', day: '2027-03-10' });
    expect(deadlineOf(null, '2027-03-09', now)).toMatchObject({ kind: 'overdue', day: '2027-03-09' });
    expect(deadlineOf(new Date('2027-06-01T00:00:00Z'), '2027-03-12', now)).toMatchObject({ kind: 'deadline_soon', day: '2027-03-12' });
    expect(deadlineOf(new Date('2027-03-01T00:00:00Z'), '2027-04-30', now)).toMatchObject({ kind: 'overdue', day: '2027-03-01' });
  });
});

describe.each(BACKENDS)('deadline notifications on %s', (backend) => {
  let t: TestPlatform | undefined;
  let lab: Lab;

  beforeAll(async () => {
    if (backend === 'postgres' && !(await postgresAvailable())) return;
    t = await startTestPlatform(backend, { worker: false });
    lab = await seedLab(t);
  }, 120_000);
  afterAll(async () => t?.stop());

  async function finding(engagementId: string, o: { title: string; dueAt: Date | null; status?: string; released?: boolean }): Promise<string> {
    const id = randomUUID();
    await t!.p.db.query(
      `insert into findings (id, org_id, app_id, fingerprint, check_id, title, severity, status, source, engagement_id, due_at, released_at, data)
       values ($1, $2, $3, $4, 'manual.APP-02', $5, 'high', $6, 'manual', $7, $8, $9, '{}'::jsonb)`,
      [id, lab.orgId, lab.androidAppId, `manual:${id}`, o.title, o.status ?? 'assigned', engagementId, o.dueAt, o.released === false ? null : new Date()],
    );
    return id;
  }
  const setPhase = (id: string, phase: string) => t!.p.db.query('update engagements set phase = $2 where id = $1', [id, phase]);
  const sweep = (now?: Date) => t!.p.db.tx((q) => notifyDeadlines(q, now));
  const notes = (engagementId: string) =>
    t!.p.db.query<{ user_id: string; kind: string; link: string; title: string }>('select user_id, kind, link, title from notifications where engagement_id = $1 and kind in ($2, $3, $4) order by id', [
      engagementId,
      'deadline_soon',
      'overdue',
      'engagement_overdue',
    ]);

  it('tells the provider and the leads once per finding, kind and date; an engagement late before delivery tells its leads', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const { id } = await planEngagement(lab);
    await setPhase(id, 'delivered');
    const soon = await finding(id, { title: 'Due in three days', dueAt: at(3) });
    const late = await finding(id, { title: 'Two days late', dueAt: at(-2) });
    await finding(id, { title: 'Due in a month', dueAt: at(30) });
    await finding(id, { title: 'Fixed, although late', dueAt: at(-2), status: 'fixed' });
    await finding(id, { title: 'Not released', dueAt: at(-2), status: 'confirmed', released: false });
    const promised = await finding(id, { title: 'Provider promised sooner', dueAt: at(60) });
    await t.p.db.query('insert into remediation_responses (id, engagement_id, finding_id, user_id, plan, target_date) values ($1, $2, $3, $4, $5, $6)', [
      randomUUID(),
      id,
      promised,
      lab.users.provider.id,
      'Two days.',
      isoDay(at(2)),
    ]);
    // Another engagement, still in testing, past its end date; and a closed one with a late finding (nobody is told).
    const { id: lateEngagement } = await planEngagement(lab, { title: 'Late audit' });
    await t.p.db.query("update engagements set phase = 'testing', ends_on = $2 where id = $1", [lateEngagement, isoDay(at(-3))]);
    const { id: closed } = await planEngagement(lab, { title: 'Closed audit' });
    await setPhase(closed, 'closed');
    await finding(closed, { title: 'Late but closed', dueAt: at(-5) });

    const sent = await sweep();
    const told = await notes(id);
    const byFinding = (fid: string) => told.filter((n) => n.link.startsWith(`/findings/${fid}#`));
    expect(byFinding(soon).map((n) => [n.kind, n.user_id]).sort()).toEqual([['deadline_soon', lab.users.lead.id], ['deadline_soon', lab.users.provider.id]].sort());
    expect(byFinding(late).every((n) => n.kind === 'overdue')).toBe(true);
    expect(byFinding(late)).toHaveLength(2);
    expect(byFinding(promised).map((n) => n.link)).toEqual([`/findings/${promised}#due-${isoDay(at(2))}`, `/findings/${promised}#due-${isoDay(at(2))}`]);
    expect(byFinding(late)[0]!.title).toMatch(/Two days late.* is overdue/);
    expect(told).toHaveLength(6);
    const lateTold = await notes(lateEngagement);
    expect(lateTold.map((n) => [n.kind, n.user_id])).toEqual([['engagement_overdue', lab.users.lead.id]]);
    expect(lateTold[0]!.link).toBe(`/engagements/${lateEngagement}#ends-${isoDay(at(-3))}`);
    expect(await notes(closed)).toEqual([]);
    expect(sent).toBe(7);

    // The next sweep tells nothing new.
    expect(await sweep()).toBe(0);
    expect(await notes(id)).toHaveLength(6);

    // Five days on: the near deadlines have passed (one "overdue" each), the month-away one is not near yet.
    const later = at(5);
    expect(await sweep(later)).toBe(4);
    expect((await notes(id)).filter((n) => n.kind === 'overdue').map((n) => n.link.split('#')[0]).sort()).toEqual(
      [late, late, soon, soon, promised, promised].map((f) => `/findings/${f}`).sort(),
    );
    expect(await sweep(later)).toBe(0);

    // The provider moves its target date: a new deadline, told again.
    await t.p.db.query('insert into remediation_responses (id, engagement_id, finding_id, user_id, plan, target_date, at) values ($1, $2, $3, $4, $5, $6, now() + interval \'1 second\')', [
      randomUUID(),
      id,
      promised,
      lab.users.provider.id,
      'A little later.',
      isoDay(at(8)),
    ]);
    expect(await sweep(later)).toBe(2);
    expect(await sweep(later)).toBe(0);
  });

  it('two sweeps at once never tell the same thing twice', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const { id } = await planEngagement(lab, { title: 'Concurrent sweeps' });
    await setPhase(id, 'remediation');
    await finding(id, { title: 'Late A', dueAt: at(-1) });
    await finding(id, { title: 'Late B', dueAt: at(-1) });
    const before = await notes(id);
    expect(before).toEqual([]);
    const counts = await Promise.all([sweep(), sweep(), sweep()]);
    expect(counts.reduce((x, y) => x + y, 0)).toBe(4);
    const after = await notes(id);
    expect(after).toHaveLength(4);
    expect(new Set(after.map((n) => `${n.user_id} ${n.kind} ${n.link}`)).size).toBe(4);
  });

  it('the sweeper sweeps when started and stops cleanly', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const { id } = await planEngagement(lab, { title: 'Swept audit' });
    await setPhase(id, 'delivered');
    const f = await finding(id, { title: 'Late C', dueAt: at(-1) });
    const logged: string[] = [];
    const sweeper = startDeadlineSweeper(t.p.db, { intervalMs: 3_600_000, log: (l) => logged.push(l) });
    try {
      await vi.waitFor(async () => expect((await notes(id)).map((n) => n.link)).toEqual([`/findings/${f}#due-${isoDay(at(-1))}`, `/findings/${f}#due-${isoDay(at(-1))}`]), { timeout: 10_000, interval: 50 });
    } finally {
      await sweeper.stop();
    }
    expect(logged).toEqual([]);
  });
});
