/**
 * @module platform/server
 * Starts the lab platform: opens the database (PGlite in the data directory, or `DATABASE_URL`), applies the
 * migrations, starts the job queue, serves HTTP, and — unless told not to — works scan jobs in this process
 * too; it also sweeps orphaned scans (jobs/sweeper.ts) and removes upload files a crash left half-written.
 * `startWorker` is the same without HTTP, for `dfslab worker` processes on other machines.
 */
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openDatabase, type Db } from './db/db.js';
import { migrate } from './db/migrate.js';
import { buildApp } from './http/app.js';
import { startDeadlineSweeper } from './jobs/deadlines.js';
import { startNotificationMailer } from './services/notifications.js';
import { defaultConfig, type PlatformConfig, type PlatformContext } from './http/context.js';
import { startQueue, type JobQueue, type QueueOptions } from './jobs/queue.js';
import { runScanJob } from './jobs/scan-job.js';
import { stopIdleAuditRunners, warmAuditRunners } from './jobs/audit-runner.js';
import { startSweeper, sweepScans, type SweepOptions } from './jobs/sweeper.js';
import { stopTrainingWallet } from './services/training.js';
import { removeStaleUploads } from './services/uploads.js';
import { issueSetupToken } from './services/accounts.js';
import type { AnyRoute } from './http/routes.js';

export interface StartOptions {
  dataDir: string;
  /** PostgreSQL server; without it the embedded database in `dataDir/db`. */
  databaseUrl?: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Work scan jobs in this process as well (default true). */
  worker?: boolean;
  workerConcurrency?: number;
  queue?: QueueOptions;
  config?: Partial<PlatformConfig>;
  routes?: readonly AnyRoute[];
  /** The orphaned-scan sweeper (jobs/sweeper.ts): its grace period and interval, or false to not run it. */
  sweeper?: false | (SweepOptions & { intervalMs?: number });
  /** How long stop() lets running requests finish before cutting their connections (default 10 s). */
  shutdownGraceMs?: number;
}

export interface RunningPlatform {
  url: string;
  app: FastifyInstance;
  db: Db;
  queue: JobQueue;
  context: PlatformContext;
  routes: readonly AnyRoute[];
  /** The one-time first-admin link, while nobody has set the platform up. */
  setupUrl?: string;
  stop(): Promise<void>;
}

async function openStore(o: Pick<StartOptions, 'dataDir' | 'databaseUrl'>): Promise<Db> {
  const db = await openDatabase(o.databaseUrl ? { url: o.databaseUrl } : { dataDir: join(o.dataDir, 'db') });
  try {
    await migrate(db);
  } catch (e) {
    await db.close().catch(() => undefined);
    throw e;
  }
  return db;
}

export async function startPlatform(o: StartOptions): Promise<RunningPlatform> {
  const host = o.host ?? '127.0.0.1';
  const db = await openStore(o);
  let queue: JobQueue | undefined;
  let app: FastifyInstance | undefined;
  try {
    queue = await startQueue(db, o.queue);
    const config = { ...defaultConfig(o.dataDir), ...o.config };
    const context: PlatformContext = { db, config, queue };
    const built = await buildApp(context, o.routes);
    app = built.app;
    const address = await app.listen({ host, port: o.port ?? 8080 });
    const url = address.replace('[::1]', 'localhost');
    if (!o.config?.publicUrl) context.config.publicUrl = url;
    if (db.kind === 'pglite' && o.sweeper !== false) {
      // One process holds the embedded database (its lock file): a scan left running belongs to a dead one.
      const r = await sweepScans(db, queue, { graceSeconds: 0, heartbeatStaleSeconds: 0, activeJobsAreDead: true });
      if (r.requeued.length + r.failed.length) process.stderr.write(`dfslab: after an unclean stop: ${r.requeued.length} scan(s) queued again, ${r.failed.length} failed\n`);
    }
    if (o.worker !== false) {
      await queue.workScans((scanId) => runScanJob(context, scanId), { concurrency: o.workerConcurrency ?? 1 });
      warmAuditRunners(o.workerConcurrency ?? 1, config.scanThreads);
    }
    removeStaleUploads(config.dataDir);
    const sweeper = o.sweeper === false ? undefined : startSweeper(db, queue, o.sweeper ?? {});
    // Remediation deadlines and overdue engagements are told to the people concerned, once (jobs/deadlines.ts).
    const deadlines = o.sweeper === false ? undefined : startDeadlineSweeper(db, { intervalMs: 3_600_000 });
    // Notifications by e-mail when SMTP is configured (nothing otherwise).
    const mailer = startNotificationMailer(db, context.config);
    const token = await issueSetupToken(db);
    const q = queue;
    const a = app;
    return {
      url,
      app,
      db,
      queue,
      context,
      routes: built.routes,
      ...(token ? { setupUrl: `${context.config.publicUrl}/setup?token=${token}` } : {}),
      async stop() {
        // Requests still running after the grace period (a client uploading very slowly) are cut off; their
        // partial upload files are removed by the upload handler, and completed uploads are already stored.
        const cutOff = setTimeout(() => a.server.closeAllConnections(), o.shutdownGraceMs ?? 10_000);
        try {
          await a.close();
        } finally {
          clearTimeout(cutOff);
        }
        await sweeper?.stop();
        await deadlines?.stop();
        await mailer.stop();
        await stopTrainingWallet();
        await q.stop({ graceful: true });
        stopIdleAuditRunners();
        await db.close();
      },
    };
  } catch (e) {
    await app?.close().catch(() => undefined);
    await queue?.stop({ graceful: false }).catch(() => undefined);
    await db.close().catch(() => undefined);
    throw e;
  }
}

export interface RunningWorker {
  db: Db;
  queue: JobQueue;
  stop(): Promise<void>;
}

/** A scan worker without HTTP: it needs a database other processes can reach (PostgreSQL). */
export async function startWorker(o: { dataDir: string; databaseUrl: string; concurrency?: number; queue?: QueueOptions; config?: Partial<PlatformConfig> }): Promise<RunningWorker> {
  const db = await openStore(o);
  const queue = await startQueue(db, o.queue);
  const context: PlatformContext = { db, config: { ...defaultConfig(o.dataDir), ...o.config }, queue };
  await queue.workScans((scanId) => runScanJob(context, scanId), { concurrency: o.concurrency ?? 1 });
  warmAuditRunners(o.concurrency ?? 1, context.config.scanThreads);
  return {
    db,
    queue,
    async stop() {
      await queue.stop({ graceful: true });
      stopIdleAuditRunners();
      await db.close();
    },
  };
}
