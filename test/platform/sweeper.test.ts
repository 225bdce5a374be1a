/**
 * Orphaned scans, on both backends: a queued scan whose job was never sent (the server stopped between the
 * commit and the send) is queued again and then finishes; a running scan whose last allowed attempt died
 * fails with a message that says so; a running scan with attempts left is queued again, and so is one whose
 * heartbeat stopped although its job still looks active; a USSD run whose worker died fails instead of being
 * repeated; a scan that is young, or has a live job and a beating heart, is left alone. Also the clean-up of half-written uploads at start.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SCAN_ATTEMPTS, runScanJob } from '../../src/platform/jobs/scan-job.js';
import { SCAN_QUEUE } from '../../src/platform/jobs/queue.js';
import { sweepScans } from '../../src/platform/jobs/sweeper.js';
import { removeStaleUploads } from '../../src/platform/services/uploads.js';
import { repoRoot } from '../corpus.js';
import { BACKENDS, postgresAvailable } from './databases.js';
import { setUpAdmin, startTestPlatform, type TestPlatform } from './platform.js';

describe.each(BACKENDS)('the orphaned-scan sweeper on %s', (backend) => {
  let t: TestPlatform | undefined;
  let orgId: string;
  let appId: string;
  let providerId: string;
  let sha: string;
  let size: number;

  beforeAll(async () => {
    if (backend === 'postgres' && !(await postgresAvailable())) return;
    // No worker in this process: the test decides when jobs run. No background sweeper either.
    t = await startTestPlatform(backend, { worker: false, sweeper: false });
    const admin = await setUpAdmin(t);
    const p = await admin.request('POST', '/api/v1/providers', { json: { name: 'SweepPay', kind: 'emi' } });
    providerId = (JSON.parse(p.text_) as { provider: { id: string; org_id: string } }).provider.id;
    orgId = (await t.p.db.one<{ org_id: string }>('select org_id from providers where id = $1', [providerId]))!.org_id;
    const a = await admin.request('POST', `/api/v1/providers/${providerId}/apps`, { json: { name: 'Wallet', platform: 'android', identifier: 'org.dfslab.fixture.vulnwallet' } });
    appId = (JSON.parse(a.text_) as { app: { id: string } }).app.id;
    const bytes = readFileSync(join(repoRoot, 'fixtures', 'android', 'build', 'vulnerable-wallet.apk'));
    sha = createHash('sha256').update(bytes).digest('hex');
    size = bytes.length;
    mkdirSync(join(t.dataDir, 'artifacts'), { recursive: true });
    writeFileSync(join(t.dataDir, 'artifacts', sha), bytes);
  }, 120_000);
  afterAll(async () => t?.stop());

  async function scan(o: { status: string; attempts: number; ageSeconds: number }): Promise<string> {
    const id = randomUUID();
    await t!.p.db.query(
      `insert into scans (id, org_id, app_id, provider_id, kind, status, file_name, artifact_sha256, artifact_size, attempts, created_at, started_at)
       values ($1, $2, $3, $4, 'android', $5, 'w.apk', $6, $7, $8, now() - make_interval(secs => $9), case when $5 = 'running' then now() - make_interval(secs => $9) end)`,
      [id, orgId, appId, providerId, o.status, sha, size, o.attempts, o.ageSeconds],
    );
    return id;
  }
  const liveJobs = async (id: string): Promise<number> =>
    (await t!.p.db.query(`select 1 from pgboss.job where name = $1 and data->>'scanId' = $2 and state in ('created', 'retry', 'active')`, [SCAN_QUEUE, id])).length;
  const row = async (id: string) => (await t!.p.db.one<{ status: string; error: string | null; attempts: number }>('select status, error, attempts from scans where id = $1', [id]))!;

  it('queues again what no job will run, fails what has no attempts left, leaves the rest alone', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const neverSent = await scan({ status: 'queued', attempts: 0, ageSeconds: 600 });
    const lastDied = await scan({ status: 'running', attempts: MAX_SCAN_ATTEMPTS, ageSeconds: 600 });
    const firstDied = await scan({ status: 'running', attempts: 1, ageSeconds: 600 });
    const young = await scan({ status: 'queued', attempts: 0, ageSeconds: 5 });
    const withJob = await scan({ status: 'queued', attempts: 0, ageSeconds: 600 });
    await t.p.queue.enqueueScan(withJob);

    // Running with an active job: alive while its heartbeat beats; dead once it stops (the job would only
    // expire after 30 minutes). A USSD run whose worker died is not repeated: it fails.
    const beating = await scan({ status: 'running', attempts: 1, ageSeconds: 600 });
    const silent = await scan({ status: 'running', attempts: 1, ageSeconds: 600 });
    const ussdSilent = await scan({ status: 'running', attempts: 1, ageSeconds: 600 });
    await t.p.db.query(`update scans set kind = 'ussd', artifact_sha256 = null where id = $1`, [ussdSilent]);
    await t.p.db.query(`update scans set heartbeat_at = now() - interval '5 seconds' where id = $1`, [beating]);
    await t.p.db.query(`update scans set heartbeat_at = now() - interval '10 minutes' where id in ($1, $2)`, [silent, ussdSilent]);
    for (const id of [beating, silent, ussdSilent]) {
      await t.p.queue.enqueueScan(id);
      await t.p.db.query(`update pgboss.job set state = 'active', started_on = now() where name = $1 and data->>'scanId' = $2`, [SCAN_QUEUE, id]);
    }

    const r = await sweepScans(t.p.db, t.p.queue, { graceSeconds: 120 });
    expect(new Set(r.requeued)).toEqual(new Set([neverSent, firstDied, silent]));
    expect(new Set(r.failed)).toEqual(new Set([lastDied, ussdSilent]));
    expect((await row(ussdSilent)).error).toContain('not repeated on its own');
    expect((await row(beating)).status).toBe('running');
    await t.p.db.query(`update pgboss.job set state = 'completed' where name = $1 and data->>'scanId' in ($2, $3, $4) and state = 'active'`, [SCAN_QUEUE, beating, silent, ussdSilent]);
    await t.p.db.query(`update scans set status = 'failed' where id = $1`, [beating]);
    expect(await liveJobs(neverSent)).toBe(1);
    expect(await liveJobs(firstDied)).toBe(1);
    expect(await liveJobs(young)).toBe(0);
    expect(await liveJobs(withJob)).toBe(1);
    const dead = await row(lastDied);
    expect(dead.status).toBe('failed');
    expect(dead.error).toContain(`started ${MAX_SCAN_ATTEMPTS} times`);
    const audit = await t.p.db.query<{ action: string }>(`select action from audit_log where object_id = $1 order by id`, [lastDied]);
    expect(audit.map((a) => a.action)).toEqual(['scan.failed']);

    // A second sweep finds nothing new: the requeued ones have jobs now, the failed one is final.
    const again = await sweepScans(t.p.db, t.p.queue, { graceSeconds: 120 });
    expect(again).toEqual({ requeued: [], failed: [] });

    // The requeued scans then complete, once each.
    await runScanJob(t.p.context, neverSent);
    await runScanJob(t.p.context, firstDied);
    await runScanJob(t.p.context, silent);
    expect((await row(neverSent)).status).toBe('done');
    expect(await row(firstDied)).toMatchObject({ status: 'done', attempts: 2 });
    expect(await row(silent)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('removes upload files left half-written by a crash, and only old ones', (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const dir = join(t.dataDir, 'uploads');
    mkdirSync(dir, { recursive: true });
    const old = join(dir, 'a'.repeat(32));
    const live = join(dir, 'b'.repeat(32));
    writeFileSync(old, 'partial');
    writeFileSync(live, 'still arriving');
    const twoHoursAgo = (Date.now() - 2 * 3600_000) / 1000;
    utimesSync(old, twoHoursAgo, twoHoursAgo);
    expect(removeStaleUploads(t.dataDir)).toEqual(['a'.repeat(32)]);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(live)).toBe(true);
  });
});
