/**
 * @module platform/jobs/ussd-job
 * The USSD part of the scan job: a queued scan of kind `ussd` runs the USSD test cases against the live
 * service its target file names, exactly as `dfslab ussd test --target … [--quick]` does — the same parse,
 * connection, plan, crawl and runner, so the target file's safety rails (declared callers only, request
 * budget and rate, `allowedAmount`, no state-changing test against production without `authorised`) hold as in
 * the CLI. The run becomes an `AuditResult` (`ussdRunToAuditResult`) that jobs/scan-job.ts stores like an app
 * scan's; the run itself, transcript included, is kept as the scan's evidence.
 *
 * What differs from an app scan, because a USSD run sends requests to a real financial service:
 * - it runs the copy of the target text the scan was queued with, never the target's current text;
 * - it is never repeated on its own: a run whose worker died (its job expired and came back) fails with a
 *   message saying so, instead of sending everything again; and scan-job.ts fails it at once on any error;
 * - a service that answered none of the requests (down, wrong URL, a closed port) fails the scan with that
 *   one line, instead of storing a run in which every test failed to connect.
 */
import { connectTarget, crawlMenu, crawlOptionsFor, ErrorCodes, runUssdTests, ussdRunToAuditResult, ussdTests, type AuditResult, type ProgressEvent, type UssdRunResult } from '../../index.js';
import { UssdError } from '../../errors.js';
import type { Db } from '../db/db.js';
import { endpointOf, parseLabTarget } from '../services/ussd-targets.js';

export interface UssdScanOutcome {
  result: AuditResult;
  /** The run as `dfslab ussd test -o` writes it (the scan's evidence). */
  run: UssdRunResult;
  /**
   * Tests that ran to a conclusion (not failed, not inconclusive): only their earlier findings can be "fixed" by
   * not being seen again. A test that was not selected, was skipped, or could not decide saw nothing either way.
   */
  decided: string[];
}

/** Runs the USSD tests of a claimed scan; throws `UssdError` (the scan fails at once) when it cannot. */
export async function runUssdScan(db: Db, scan: { id: string; file_name: string; attempts: number }, onProgress: (e: ProgressEvent) => void): Promise<UssdScanOutcome> {
  if (scan.attempts > 1) {
    throw new UssdError(
      ErrorCodes.USSD_TRANSPORT,
      'the run was interrupted (its worker stopped, or it ran longer than the queue allows) after it may have sent requests to the service; a USSD run is not repeated automatically: start a new run',
    );
  }
  const row = await db.one<{ text: string | null; quick: boolean | null }>('select ussd_target_text as text, ussd_quick as quick from scans where id = $1', [scan.id]);
  if (!row?.text) throw new UssdError(ErrorCodes.USSD_TARGET_INVALID, 'the scan has no target file; start the run from a USSD target');
  // The target's name labels the run in its report, as the file name does in the CLI's.
  const parsed = parseLabTarget(row.text, scan.file_name.replace(/[\\/]/g, '_') || 'target');
  const target = row.quick ? { ...parsed, quick: true } : parsed;
  onProgress({ kind: 'phase', phase: 'connecting' });
  const conn = await connectTarget(target);
  const run = await runUssdTests(conn, ussdTests, {
    crawl: () => crawlMenu(conn.client.withSource('crawl'), crawlOptionsFor(conn)),
    onProgress: (e) => onProgress({ kind: 'check', id: e.testId, index: e.index, total: e.total }),
  });
  const answered = run.transcript.some((e) => e.response !== undefined);
  if (run.transcript.length > 0 && !answered) {
    const first = run.transcript.find((e) => e.error)?.error;
    throw new UssdError(
      ErrorCodes.USSD_TRANSPORT,
      `the service at ${endpointOf(target.endpoint)} answered none of the ${run.transcript.length} request(s)${first ? ` (${first.message})` : ''}; check that it is running and that the worker can reach it`,
    );
  }
  const undecided = new Set([...run.failed.map((f) => f.testId), ...run.inconclusive.map((i) => i.testId)]);
  return { result: ussdRunToAuditResult(run), run, decided: run.testsRun.filter((id) => !undecided.has(id)) };
}
