/**
 * The scan queue on both backends: a worker with jobs waiting takes the next one as soon as it has finished
 * the last, instead of sleeping out the polling interval after every short job (which held a `dfslab worker`
 * to about one scan per second; see bench/platform-bench.mjs), and it still works a job that fails.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startQueue, type JobQueue } from '../../src/platform/jobs/queue.js';
import { BACKENDS, postgresAvailable, testDatabase, type TestDatabase } from './databases.js';

const POLLING_SECONDS = 2;

describe.each(BACKENDS)('the scan queue on %s', (backend) => {
  let d: TestDatabase | undefined;
  let queue: JobQueue | undefined;

  beforeAll(async () => {
    if (backend === 'postgres' && !(await postgresAvailable())) return;
    d = await testDatabase(backend);
    queue = await startQueue(d.db, { pollingIntervalSeconds: POLLING_SECONDS, maintenanceIntervalSeconds: 60, retryLimit: 0 });
  }, 120_000);
  afterAll(async () => {
    await queue?.stop({ graceful: false });
    await d?.drop();
  });

  it('works waiting jobs back to back, without the polling interval between them', async (ctx) => {
    if (!queue) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const ids = Array.from({ length: 4 }, () => randomUUID());
    for (const id of ids) await queue.enqueueScan(id);
    const seen: { id: string; at: number }[] = [];
    await queue.workScans(async (id) => {
      seen.push({ id, at: Date.now() });
      // The second job fails: the worker must go on with the next one just the same.
      if (id === ids[1]) throw new Error('a scan that fails');
    });
    const until = Date.now() + 15_000;
    while (seen.length < ids.length && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(new Set(seen.map((s) => s.id))).toEqual(new Set(ids));
    // Sleeping out the interval after each job would take 3 x 2 s from the first job to the last.
    expect(seen.at(-1)!.at - seen[0]!.at).toBeLessThan(POLLING_SECONDS * 1000);
  }, 30_000);
});
