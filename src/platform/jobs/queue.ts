/**
 * @module platform/jobs/queue
 * The scan queue: pg-boss on the platform's own database (PGlite or PostgreSQL, through `Db.bossAdapter`), so
 * `dfslab worker` processes anywhere that reach the database share the work. A job only carries the scan id;
 * everything else is in the `scans` row, and the handler is idempotent (see `jobs/scan-job.ts`): a job whose
 * worker died expires and is retried, and the scan still completes exactly once.
 */
import PgBoss from 'pg-boss';
import type { Db } from '../db/db.js';

export const SCAN_QUEUE = 'dfslab-scan';

export interface QueueOptions {
  /** How long a scan may run before its job is considered lost and retried (default 30 min). */
  expireInSeconds?: number;
  /** Retries after a failure or an expiry (default 3). */
  retryLimit?: number;
  /** How often idle workers look for work and maintenance runs (seconds). */
  pollingIntervalSeconds?: number;
  maintenanceIntervalSeconds?: number;
}

export interface JobQueue {
  enqueueScan(scanId: string): Promise<void>;
  /** Starts taking scan jobs in this process; `handler` resolves when the scan is stored. */
  workScans(handler: (scanId: string) => Promise<void>, opts?: { concurrency?: number }): Promise<void>;
  stop(opts?: { graceful?: boolean }): Promise<void>;
}

export async function startQueue(db: Db, opts: QueueOptions = {}): Promise<JobQueue> {
  const boss = new PgBoss({
    db: db.bossAdapter as unknown as PgBoss.Db,
    schema: 'pgboss',
    supervise: true,
    migrate: true,
    maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds ?? 30,
    monitorStateIntervalSeconds: 60,
  });
  // pg-boss reports background failures as events; they must not crash the server.
  boss.on('error', (e: Error) => process.stderr.write(`dfslab: job queue: ${e.message}\n`));
  await boss.start();
  await boss.createQueue(SCAN_QUEUE, {
    name: SCAN_QUEUE,
    retryLimit: opts.retryLimit ?? 3,
    retryDelay: 1,
    expireInSeconds: opts.expireInSeconds ?? 30 * 60,
  });
  const workers: string[] = [];
  return {
    async enqueueScan(scanId) {
      await boss.send(SCAN_QUEUE, { scanId }, { singletonKey: scanId });
    },
    async workScans(handler, o = {}) {
      const n = Math.max(1, o.concurrency ?? 1);
      for (let i = 0; i < n; i++) {
        // Assigned once `work` returns; the handler only runs after that, but must not depend on it.
        let id: string | undefined;
        id = await boss.work<{ scanId: string }>(SCAN_QUEUE, { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1, batchSize: 1 }, async ([job]) => {
          if (!job) return;
          try {
            await handler(job.data.scanId);
          } finally {
            // pg-boss sleeps out the rest of the polling interval after a job shorter than it, even with more
            // jobs waiting. Most scans take a fraction of a second, so a worker did about one scan per second
            // whatever the scans (60 a minute; 520 without the wait, bench/platform-bench.mjs). Fetch the next
            // job at once; an empty queue still waits the interval.
            if (id) boss.notifyWorker(id);
          }
        });
        workers.push(id);
      }
    },
    async stop(o = {}) {
      await boss.stop({ graceful: o.graceful ?? true, wait: true, timeout: 10_000 });
    },
  };
}
