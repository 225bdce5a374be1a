/**
 * @module platform/jobs/scan-job
 * Runs one queued scan: the engine's `audit()` on the stored artifact, then the result, score, version and
 * findings stored in ONE transaction with the status `done` — a scan is stored whole or not at all.
 *
 * Exactly once, whatever happens to workers:
 * - the job claims the scan with one conditional UPDATE (`queued` or `running` → `running`, attempts + 1): a
 *   job retried after its worker died (pg-boss expires it) restarts the scan; a scan already `done` or
 *   `failed` is left alone, so a duplicate or late job is a no-op;
 * - the final transaction first re-checks that the scan is still `running` under *this* attempt (locking its
 *   row): a worker that was presumed dead but finishes late, after another attempt took over, stores nothing.
 * An input the engine refuses (a DfslabError: not an app, a corrupt archive) fails the scan at once with the
 * engine's one-line message; any other error is thrown so that pg-boss retries it, and the last attempt
 * fails the scan instead of leaving it running.
 *
 * A scan of kind `ussd` runs the USSD test cases against a live service instead of `audit()` (jobs/ussd-job.ts)
 * and is stored the same way, with the run kept as evidence. It sends requests to a real service, so it is
 * never retried: any error fails it at once.
 */
import { existsSync } from 'node:fs';
import { appIdOf, DfslabError, ErrorCodes, scoreFindings, type AuditResult, type ProgressEvent } from '../../index.js';
import { isDfslabError } from '../../errors.js';
import { recordAudit } from '../audit-log.js';
import type { Db } from '../db/db.js';
import type { PlatformConfig, PlatformContext } from '../http/context.js';
import { isUuid } from '../http/routes.js';
import { ingestScanFindings } from '../services/ingest.js';
import type { ScanProgress } from '../services/scans.js';
import { artifactPath } from '../services/uploads.js';
import { auditOffMain } from './audit-runner.js';
import { runUssdScan } from './ussd-job.js';

/** Attempts after which an unexpected error fails the scan (1 + the queue's default retryLimit of 3). */
export const MAX_SCAN_ATTEMPTS = 4;

/** Progress is written at most this often (ms): the page polls once a second. */
const PROGRESS_INTERVAL_MS = 250;

/** A running scan's heartbeat is stamped at least this often (ms); see HEARTBEAT_STALE_SECONDS in jobs/sweeper.ts. */
export const HEARTBEAT_INTERVAL_MS = 10_000;

interface Claimed {
  id: string;
  org_id: string;
  app_id: string;
  kind: 'android' | 'ios' | 'ussd';
  file_name: string;
  artifact_sha256: string | null;
  attempts: number;
}

/** Thrown inside the final transaction when another attempt owns the scan now: roll back, store nothing. */
class Superseded extends Error {}

export async function runScanJob(platform: PlatformContext, scanId: string): Promise<void> {
  const { db, config } = platform;
  if (!isUuid(scanId)) return;
  const claimed = await db.one<Claimed>(
    `update scans set status = 'running', attempts = attempts + 1, started_at = now(), heartbeat_at = now(), error = null, progress = '{"phase":"starting"}'::jsonb
      where id = $1 and status in ('queued', 'running')
      returning id, org_id, app_id, kind, file_name, artifact_sha256, attempts`,
    [scanId],
  );
  if (!claimed) return;
  const attempt = claimed.attempts;

  const progress = progressWriter(db, scanId, attempt);
  let result: AuditResult;
  let extras: StoreExtras = {};
  try {
    if (claimed.kind === 'ussd') {
      const ussd = await runUssdScan(db, claimed, progress.report);
      result = ussd.result;
      extras = { identifier: ussd.run.target.serviceCode, evidence: JSON.stringify(ussd.run), decidedChecks: ussd.decided };
    } else result = await auditArtifact(config, claimed, progress.report);
  } catch (e) {
    await progress.flush();
    // A USSD run talks to a live service: it is never repeated on its own.
    if (isDfslabError(e) || attempt >= MAX_SCAN_ATTEMPTS || claimed.kind === 'ussd') {
      const internal = claimed.kind === 'ussd' ? 'the USSD run stopped on an internal error' : `the scan failed ${attempt} times with an internal error`;
      const message = isDfslabError(e) ? e.toLine() : `${internal} (${(e as Error).message ?? String(e)}); the server log has details`;
      if (!isDfslabError(e)) process.stderr.write(`dfslab: scan ${scanId}: ${(e as Error).stack ?? String(e)}\n`);
      await markFailed(db, claimed, message);
      return;
    }
    throw e;
  }
  await progress.flush();
  await storeResult(db, claimed, result, extras);
}

/** The engine's audit of the scan's uploaded artifact. */
async function auditArtifact(config: PlatformConfig, claimed: Claimed, onProgress: (e: ProgressEvent) => void): Promise<AuditResult> {
  const { dataDir } = config;
  if (!claimed.artifact_sha256) throw new DfslabError(ErrorCodes.INPUT_NOT_FOUND, 'the scan has no uploaded file');
  const path = artifactPath(dataDir, claimed.artifact_sha256);
  if (!existsSync(path)) {
    throw new DfslabError(ErrorCodes.INPUT_NOT_FOUND, `the uploaded file is not in this worker's data directory (${dataDir}); workers need the server's data directory (a shared folder)`);
  }
  return auditOffMain(path, claimed.file_name, onProgress, config.scanThreads);
}

/** What a scan stores besides its result (a USSD run's; see jobs/ussd-job.ts). */
interface StoreExtras {
  /** The scan's identifier when not the result's app id (a USSD service is known by its service code). */
  identifier?: string;
  /** JSON kept beside the result (the USSD run with its transcript). */
  evidence?: string;
  /** When set, only findings of these checks can be marked fixed by not being seen (see services/ingest.ts). */
  decidedChecks?: readonly string[];
}

/** Stores the result, score, version and findings, and marks the scan done: one transaction. */
async function storeResult(db: Db, scan: Claimed, result: AuditResult, extras: StoreExtras = {}): Promise<void> {
  const { score, grade } = scoreFindings(result.findings);
  const app = result.app;
  const versionName = app.platform === 'android' ? app.versionName : app.platform === 'ios' ? app.version : undefined;
  const versionCode = app.platform === 'android' ? app.versionCode : app.platform === 'ios' ? app.build : undefined;
  try {
    await db.tx(async (q) => {
      const [own] = await q.query(
        `update scans set status = 'done', result = $3, score = $4, grade = $5, version_name = $6, version_code = $7, identifier = $8,
                progress = $9, evidence = $10, error = null, finished_at = now()
          where id = $1 and status = 'running' and attempts = $2 returning id`,
        [scan.id, scan.attempts, JSON.stringify(result), score, grade, versionName ?? null, versionCode === undefined ? null : String(versionCode), extras.identifier ?? appIdOf(app), JSON.stringify({ phase: 'done' }), extras.evidence ?? null],
      );
      if (!own) throw new Superseded();
      const ingest = await ingestScanFindings(q, { orgId: scan.org_id, appId: scan.app_id, scanId: scan.id, ...(extras.decidedChecks ? { checksDecided: extras.decidedChecks } : {}) }, result.findings);
      await recordAudit(q, { orgId: scan.org_id, userId: null }, { action: 'scan.completed', objectType: 'scan', objectId: scan.id, detail: { score, grade, attempts: scan.attempts, ...ingest } });
    });
  } catch (e) {
    if (e instanceof Superseded) return;
    throw e;
  }
}

async function markFailed(db: Db, scan: Claimed, message: string): Promise<void> {
  await db.tx(async (q) => {
    const [own] = await q.query(
      `update scans set status = 'failed', error = $3, progress = $4, finished_at = now() where id = $1 and status = 'running' and attempts = $2 returning id`,
      [scan.id, scan.attempts, message.slice(0, 2000), JSON.stringify({ phase: 'failed' })],
    );
    if (own) await recordAudit(q, { orgId: scan.org_id, userId: null }, { action: 'scan.failed', objectType: 'scan', objectId: scan.id, detail: { error: message.slice(0, 500), attempts: scan.attempts } });
  });
}

/**
 * Turns the engine's progress events into `scans.progress` writes, at most one per PROGRESS_INTERVAL_MS (events
 * in between are skipped; the heartbeat timer writes the latest state), one at a time, never failing the scan. Every write, and a timer every
 * HEARTBEAT_INTERVAL_MS, also stamps `scans.heartbeat_at`: the sweeper (jobs/sweeper.ts) takes a running
 * scan whose heartbeat has stopped for one whose worker died. `flush()` stops the timer.
 */
function progressWriter(db: Db, scanId: string, attempt: number): { report: (e: ProgressEvent) => void; flush: () => Promise<void> } {
  let state: ScanProgress = { phase: 'starting' };
  // The claim has just written 'starting' and stamped the heartbeat: a scan shorter than the interval writes
  // no progress at all (most do; the page polls once a second).
  let last = Date.now();
  let chain: Promise<void> = Promise.resolve();
  const write = (): void => {
    last = Date.now();
    const snapshot = JSON.stringify(state);
    chain = chain
      .then(() => db.query(`update scans set progress = $3, heartbeat_at = now() where id = $1 and status = 'running' and attempts = $2`, [scanId, attempt, snapshot]))
      .then(
        () => undefined,
        (e: unknown) => void process.stderr.write(`dfslab: scan ${scanId}: progress not saved: ${(e as Error).message}\n`),
      );
  };
  const heartbeat = setInterval(write, HEARTBEAT_INTERVAL_MS);
  heartbeat.unref();
  return {
    report(e) {
      state = e.kind === 'phase' ? { phase: e.phase } : { phase: 'checks', check: e.id, index: e.index, total: e.total };
      if (Date.now() - last >= PROGRESS_INTERVAL_MS) write();
    },
    async flush() {
      clearInterval(heartbeat);
      await chain;
    },
  };
}
