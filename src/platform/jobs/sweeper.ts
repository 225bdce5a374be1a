/**
 * @module platform/jobs/sweeper
 * Finds scans that no job will ever finish and deals with them, so that no scan stays "queued" or "running"
 * for ever. Two ways a scan is orphaned, both outside what pg-boss's own retries cover:
 * - the server stopped between committing the scan row and sending its job (the row is queued, no job);
 * - the worker of the last allowed attempt died: pg-boss expires the job and, its retries spent, marks it
 *   failed — but the scan row still says running.
 * - the worker died mid-scan: pg-boss would retry the job only when it expires (30 minutes by default); the
 *   scan's heartbeat (stamped every 10 s by its worker) tells sooner.
 * A scan is orphaned when it is older than a grace period (a job is sent right after the row is committed),
 * no job for it is waiting in the queue, and either it is queued with no active job, or it is running with no
 * active job or a heartbeat stopped for HEARTBEAT_STALE_SECONDS. An orphan with attempts left is queued again
 * (the job handler is idempotent and a superseded attempt stores nothing, so a rare duplicate is harmless);
 * one whose attempts are spent fails with a message that says so, and so does a USSD run (it talks to a live
 * service, so it is never repeated on its own). The server sweeps at start and then every minute; on the
 * embedded database, which one process holds, it first sweeps with no grace at all: whatever was running
 * then belonged to a process that is gone.
 */
import { recordAudit } from '../audit-log.js';
import type { Db } from '../db/db.js';
import type { JobQueue } from './queue.js';
import { SCAN_QUEUE } from './queue.js';
import { MAX_SCAN_ATTEMPTS } from './scan-job.js';
import { startPeriodic, type Periodic } from './periodic.js';

export interface SweepOptions {
  /** Scans younger than this (since created, or since their last start) are left alone (default 120 s). */
  graceSeconds?: number;
  /** A running scan whose heartbeat is older than this has lost its worker (default HEARTBEAT_STALE_SECONDS). */
  heartbeatStaleSeconds?: number;
  /** Every active job belongs to a dead worker (true only when one process holds the database, at its start). */
  activeJobsAreDead?: boolean;
}

/** Nine missed heartbeats (see HEARTBEAT_INTERVAL_MS in jobs/scan-job.ts): far above a busy event loop's pause. */
export const HEARTBEAT_STALE_SECONDS = 90;

export interface SweepResult {
  requeued: string[];
  failed: string[];
}

interface Orphan {
  id: string;
  org_id: string;
  kind: string;
  status: 'queued' | 'running';
  attempts: number;
}

export async function sweepScans(db: Db, queue: Pick<JobQueue, 'enqueueScan'>, o: SweepOptions = {}): Promise<SweepResult> {
  const grace = Math.max(0, Math.trunc(o.graceSeconds ?? 120));
  const stale = Math.max(0, Math.trunc(o.heartbeatStaleSeconds ?? HEARTBEAT_STALE_SECONDS));
  // A job "waiting" is one a worker will still take; an "active" one may belong to a dead worker (pg-boss
  // only notices at its expiry), so for a running scan the heartbeat decides.
  const orphans = await db.query<Orphan>(
    `select s.id, s.org_id, s.kind, s.status, s.attempts
       from scans s
       left join lateral (
         select bool_or(j.state in ('created', 'retry')) as waiting, bool_or(j.state = 'active') as active
           from pgboss.job j where j.name = $1 and j.data->>'scanId' = s.id::text) j on true
      where s.status in ('queued', 'running')
        and coalesce(s.started_at, s.created_at) <= now() - make_interval(secs => $2)
        and not coalesce(j.waiting, false)
        and ($4::boolean or not coalesce(j.active, false)
             or (s.status = 'running' and coalesce(s.heartbeat_at, s.started_at) <= now() - make_interval(secs => $3)))
      order by s.created_at
      limit 500`,
    [SCAN_QUEUE, grace, stale, o.activeJobsAreDead === true],
  );
  const out: SweepResult = { requeued: [], failed: [] };
  for (const s of orphans) {
    const giveUp =
      s.status === 'running' && s.kind === 'ussd'
        ? 'the worker stopped during the USSD run (killed, out of memory, or the machine restarted); a USSD run talks to a live service, so it is not repeated on its own: start a new run'
        : s.attempts >= MAX_SCAN_ATTEMPTS
          ? `the scan was started ${s.attempts} times and its worker stopped each time before finishing (killed, out of memory, or the machine restarted); the worker logs have details`
          : undefined;
    if (giveUp) {
      const failed = await db.tx(async (q) => {
        const [own] = await q.query(
          `update scans set status = 'failed', error = $3, progress = $4, finished_at = now() where id = $1 and status = $2 and attempts = $5 returning id`,
          [s.id, s.status, giveUp, JSON.stringify({ phase: 'failed' }), s.attempts],
        );
        if (own) await recordAudit(q, { orgId: s.org_id, userId: null }, { action: 'scan.failed', objectType: 'scan', objectId: s.id, detail: { error: giveUp, attempts: s.attempts, by: 'sweeper' } });
        return !!own;
      });
      if (failed) out.failed.push(s.id);
    } else {
      await queue.enqueueScan(s.id);
      await recordAudit(db, { orgId: s.org_id, userId: null }, { action: 'scan.requeued', objectType: 'scan', objectId: s.id, detail: { status: s.status, attempts: s.attempts, by: 'sweeper' } });
      out.requeued.push(s.id);
    }
  }
  return out;
}

/** Sweeps now and then every `intervalMs`; failures are logged, never thrown. */
export function startSweeper(db: Db, queue: Pick<JobQueue, 'enqueueScan'>, o: SweepOptions & { intervalMs?: number; log?: (line: string) => void } = {}): Periodic {
  const log = o.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  return startPeriodic(
    o.intervalMs ?? 60_000,
    async () => {
      const r = await sweepScans(db, queue, o);
      if (r.requeued.length) log(`dfslab: queued again ${r.requeued.length} scan(s) that had no job: ${r.requeued.join(', ')}`);
      if (r.failed.length) log(`dfslab: failed ${r.failed.length} scan(s) whose workers kept stopping: ${r.failed.join(', ')}`);
    },
    (e) => log(`dfslab: scan sweeper: ${e.message}`),
  );
}
