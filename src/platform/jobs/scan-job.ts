/**
 * @module platform/jobs/scan-job
 * Runs one queued scan (work in progress: the scans area is being built).
 */
import type { PlatformContext } from '../http/context.js';

export async function runScanJob(_platform: PlatformContext, scanId: string): Promise<void> {
  throw new Error(`scan jobs are not implemented yet (scan ${scanId})`);
}
