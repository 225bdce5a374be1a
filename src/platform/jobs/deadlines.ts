/**
 * @module platform/jobs/deadlines
 * Deadline notifications, swept every hour:
 * - for each engagement in delivered or remediation, each unresolved released finding whose deadline is
 *   within 7 days ('deadline_soon') or has passed ('overdue') tells the provider's representatives and the
 *   engagement's leads, once per (finding, kind, deadline date). The deadline is the earlier of the finding's
 *   due date (see services/remediation.ts: set at release, or release + SLA) and the end of the provider's
 *   latest target date: the provider is held to the SLA, and to its own promise when that is sooner;
 * - an engagement still before delivery whose end date has passed tells its leads, once per end date.
 *
 * "Once" is decided from the notifications already written: the deadline date is part of the link (as a
 * fragment, which the browser keeps to itself), so a sweep looks up (user, kind, link) before writing. A new
 * date (the provider moved its target) is a new deadline and is told again. Sweeps of several servers on one
 * database take turns (a transaction-scoped advisory lock), so two never tell the same thing twice.
 */
import type { Db, Queryable } from '../db/db.js';
import { ENGAGEMENT_FINDING_IDS, members } from '../services/engagements.js';
import { notify } from '../services/notifications.js';
import { effectiveDueSql, providerReps, utcDay } from '../services/remediation.js';
import { getSlaDays } from '../services/settings.js';
import { startPeriodic, type Periodic } from './periodic.js';

/** How long before a deadline the first notification goes out. */
export const DEADLINE_WARNING_DAYS = 7;
const DAY_MS = 86_400_000;
/** Any stable number: the advisory lock of the deadline sweep. */
const LOCK_KEY = 724_311_905;

export type DeadlineKind = 'deadline_soon' | 'overdue';

/**
 * Which deadline applies: the earlier of the due date and the end of the target day (a target date is met
 * if the fix lands on that day), and whether it is near or passed at `now`.
 */
export function deadlineOf(dueAt: Date | null, targetDate: string | null, now: Date): { kind: DeadlineKind; at: Date; day: string } | undefined {
  const candidates: Array<{ at: Date; day: string }> = [];
  if (dueAt) candidates.push({ at: new Date(dueAt), day: utcDay(new Date(dueAt)) });
  if (targetDate) candidates.push({ at: new Date(Date.parse(`${targetDate}T00:00:00Z`) + DAY_MS), day: targetDate });
  if (candidates.length === 0) return undefined;
  const first = candidates.reduce((x, y) => (y.at.getTime() < x.at.getTime() ? y : x));
  if (first.at.getTime() <= now.getTime()) return { kind: 'overdue', ...first };
  if (first.at.getTime() - now.getTime() <= DEADLINE_WARNING_DAYS * DAY_MS) return { kind: 'deadline_soon', ...first };
  return undefined;
}

/** Sends what is new to the users not told yet; returns how many notifications were written. */
async function notifyOnce(q: Queryable, userIds: readonly string[], n: { kind: string; title: string; body?: string; link: string; engagementId: string }): Promise<number> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return 0;
  const told = await q.query<{ user_id: string }>('select distinct user_id from notifications where kind = $1 and link = $2 and user_id = any($3::uuid[])', [n.kind, n.link, unique]);
  const already = new Set(told.map((t) => t.user_id));
  const todo = unique.filter((u) => !already.has(u));
  await notify(q, todo, n);
  return todo.length;
}

interface EngagementRow {
  id: string;
  org_id: string;
  provider_id: string;
  title: string;
  phase: string;
  ends_on: string | null;
}

interface DeadlineRow {
  id: string;
  title: string;
  severity: string;
  due: Date | null;
  target_date: string | null;
}

/** One sweep at `now`; returns the number of notifications written. Call it in a transaction. */
export async function notifyDeadlines(q: Queryable, now: Date = new Date()): Promise<number> {
  await q.query('select pg_advisory_xact_lock($1)', [LOCK_KEY]);
  let sent = 0;
  const today = utcDay(now);

  const late = await q.query<EngagementRow>(
    `select id, org_id, provider_id, title, phase, to_char(ends_on, 'YYYY-MM-DD') as ends_on from engagements
      where phase in ('planning', 'testing', 'reporting', 'review') and ends_on is not null and ends_on < $1::date order by created_at, id`,
    [today],
  );
  for (const e of late) {
    const leads = (await members(q, e.id)).filter((m) => m.role === 'lead').map((m) => m.user_id);
    sent += await notifyOnce(q, leads, {
      kind: 'engagement_overdue',
      engagementId: e.id,
      title: `"${e.title}" was due to end on ${e.ends_on} and is not delivered`,
      body: `The engagement is still in ${e.phase}. Deliver it, or agree a new end date with the provider.`,
      link: `/engagements/${e.id}#ends-${e.ends_on}`,
    });
  }

  const open = await q.query<EngagementRow>(
    `select id, org_id, provider_id, title, phase, to_char(ends_on, 'YYYY-MM-DD') as ends_on from engagements
      where phase in ('delivered', 'remediation') order by created_at, id`,
  );
  const slaByOrg = new Map<string, string>();
  for (const e of open) {
    if (!slaByOrg.has(e.org_id)) slaByOrg.set(e.org_id, JSON.stringify(await getSlaDays(q, e.org_id)));
    const rows = await q.query<DeadlineRow>(
      `select f.id, f.title, f.severity, ${effectiveDueSql('$3')} as due,
              (select to_char(r.target_date, 'YYYY-MM-DD') from remediation_responses r
                where r.engagement_id = $1 and r.finding_id = f.id order by r.at desc, r.id desc limit 1) as target_date
         from findings f
        where f.org_id = $2 and f.released_at is not null and f.status in ('open', 'confirmed', 'assigned') and f.id in (${ENGAGEMENT_FINDING_IDS})
        order by f.id`,
      [e.id, e.org_id, slaByOrg.get(e.org_id)],
    );
    if (rows.length === 0) continue;
    const leads = (await members(q, e.id)).filter((m) => m.role === 'lead').map((m) => m.user_id);
    const reps = await providerReps(q, e.org_id, e.provider_id);
    for (const f of rows) {
      const d = deadlineOf(f.due, f.target_date, now);
      if (!d) continue;
      sent += await notifyOnce(q, [...reps, ...leads], {
        kind: d.kind,
        engagementId: e.id,
        title: d.kind === 'overdue' ? `"${f.title}" is overdue (due ${d.day})` : `"${f.title}" is due on ${d.day}`,
        body: `A ${f.severity} finding of "${e.title}" that is not resolved yet.`,
        link: `/findings/${f.id}#due-${d.day}`,
      });
    }
  }
  return sent;
}

/** Sweeps now and then every `intervalMs` (an hour by default); failures are logged, never thrown. */
export function startDeadlineSweeper(db: Db, o: { intervalMs?: number; log?: (line: string) => void } = {}): Periodic {
  const log = o.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  return startPeriodic(
    o.intervalMs ?? 3_600_000,
    async () => void (await db.tx((q) => notifyDeadlines(q))),
    (e) => log(`dfslab: deadline notifications: ${e.message}`),
  );
}
