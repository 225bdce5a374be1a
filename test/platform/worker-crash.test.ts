/**
 * A scan worker killed mid-scan (SIGKILL) loses nothing: after its job expires, another `dfslab worker`
 * process reruns the scan, and the scan is stored exactly once (one result, one set of findings, one
 * `scan.completed` audit row). PostgreSQL only: workers in other processes need a server database.
 *
 * The workers are real `dfslab worker` processes. The CLI is bundled from the current sources with rolldown
 * (a dev dependency, ~1 s), so the test never runs a stale or missing dist/. To kill the first worker at a
 * known point, the test holds a lock on the findings table: the worker finishes the audit, enters the
 * transaction that stores the result, and waits there for the lock; it is killed while waiting, so its
 * transaction never commits. The worker audits in a one-core child process (its default); that process must
 * die with the killed worker, and stop with a worker stopped by SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../corpus.js';
import { postgresAvailable } from './databases.js';
import { setUpAdmin, startTestPlatform, type TestPlatform } from './platform.js';
import { alive, childrenOf } from './proc.js';

/** Bundles the CLI from src/ into a folder laid out like the package (node_modules, package.json, catalog data beside it). */
async function bundleCli(): Promise<{ main: string; cleanup: () => void }> {
  const { build } = await import('rolldown');
  const root = mkdtempSync(join(tmpdir(), 'dfslab-worker-bundle-'));
  const dir = join(root, 'dist');
  mkdirSync(dir);
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  symlinkSync(join(repoRoot, 'package.json'), join(root, 'package.json'));
  symlinkSync(join(repoRoot, 'src', 'catalog'), join(dir, 'catalog'), 'dir');
  const entry = join(root, 'entry.ts');
  writeFileSync(entry, `import { run } from ${JSON.stringify(join(repoRoot, 'src', 'cli', 'main.ts'))};\nprocess.exitCode = await run(process.argv.slice(2));\n`);
  const main = join(dir, 'dfslab.mjs');
  // The CLI, and beside it (as in dist/) the module a worker runs its audits in, a process of their own.
  for (const [input, file] of [
    [entry, main],
    [join(repoRoot, 'src', 'platform', 'jobs', 'audit-runner.ts'), join(dir, 'platform', 'jobs', 'audit-runner.js')],
  ] as const) {
    await build({
      input,
      cwd: repoRoot,
      platform: 'node',
      tsconfig: join(repoRoot, 'tsconfig.json'),
      resolve: { extensionAlias: { '.js': ['.ts', '.tsx', '.js'] } },
      // Packages stay external and load from node_modules, as in the real bundle.
      external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0'),
      logLevel: 'warn',
      output: { file, format: 'esm', codeSplitting: false },
    });
  }
  return { main, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

function startWorkerProcess(main: string, dataDir: string, databaseUrl: string): ChildProcess & { log: string[] } {
  const child = spawn(process.execPath, [main, 'worker', '--data-dir', dataDir, '--database-url', databaseUrl], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DATABASE_URL: '', DFSLAB_DATA_DIR: '' },
  });
  const log: string[] = [];
  child.stdout!.on('data', (b: Buffer) => log.push(b.toString()));
  child.stderr!.on('data', (b: Buffer) => log.push(b.toString()));
  return Object.assign(child, { log });
}


async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined | false>): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a worker process killed mid-scan (PostgreSQL)', () => {
  let t: TestPlatform | undefined;
  let bundle: { main: string; cleanup: () => void } | undefined;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    if (!(await postgresAvailable())) return;
    bundle = await bundleCli();
    // No worker in the server: the scans run in the worker processes. Jobs expire after 3 s without an answer.
    t = await startTestPlatform('postgres', { worker: false, queue: { expireInSeconds: 3, maintenanceIntervalSeconds: 1, pollingIntervalSeconds: 0.5, retryLimit: 3 } });
  }, 120_000);
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await t?.stop();
    bundle?.cleanup();
  });

  it('reruns the scan in another worker and stores it exactly once', async (ctx) => {
    if (!t || !bundle) return ctx.skip('no PostgreSQL on 127.0.0.1:5432');
    const admin = await setUpAdmin(t);
    expect((await admin.post('/providers', { name: 'MobiCash', kind: 'mno' })).status).toBe(303);
    const providerId = (await t.p.db.one<{ id: string }>("select id from providers where name = 'MobiCash'"))!.id;
    const created = await admin.request('POST', `/api/v1/providers/${providerId}/apps`, { json: { name: 'Wallet', platform: 'android', identifier: 'org.dfslab.fixture.vulnwallet' } });
    const appId = (JSON.parse(created.text_) as { app: { id: string } }).app.id;

    // Hold the findings table so that the first worker blocks inside its final transaction.
    const locker = new pg.Client({ connectionString: t.databaseUrl });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query('lock table findings in share row exclusive mode');

      const f = new FormData();
      f.set('file', new Blob([readFileSync(join(repoRoot, 'fixtures', 'android', 'build', 'vulnerable-wallet.apk'))]), 'wallet.apk');
      const up = await admin.request('POST', `/api/v1/apps/${appId}/scans`, { body: f });
      expect(up.status).toBe(202);
      const scanId = (JSON.parse(up.text_) as { scan: { id: string } }).scan.id;

      const first = startWorkerProcess(bundle.main, t.dataDir, t.databaseUrl!);
      children.push(first);
      const blocked = await until('the first worker to block while storing the result', 60_000, async () => {
        if (first.exitCode !== null) throw new Error(`the worker exited early: ${first.log.join('')}`);
        const r = await t!.p.db.query<{ pid: number }>("select l.pid from pg_locks l join pg_class c on c.oid = l.relation where c.relname = 'findings' and not l.granted");
        return r[0];
      });
      const mid = await t.p.db.one<{ status: string; attempts: number }>('select status, attempts from scans where id = $1', [scanId]);
      expect(mid).toEqual({ status: 'running', attempts: 1 });

      // The worker audited in a one-core child process (dfslab worker's default), which must not outlive it.
      const runners = childrenOf(first.pid!);
      expect(runners.length).toBe(1);
      expect(readFileSync(`/proc/${runners[0]}/cmdline`, 'utf8').split('\0')).toContain('--single-threaded');
      first.kill('SIGKILL');
      await new Promise<void>((r) => (first.exitCode !== null || first.signalCode !== null ? r() : first.once('exit', () => r())));
      await until('the killed worker\'s audit process to exit', 5_000, async () => !alive(runners[0]!));
      // PostgreSQL notices a dead client only when it next talks to it; end its session now (what
      // client_connection_check_interval would do), which rolls its transaction back.
      await t.p.db.query('select pg_terminate_backend($1)', [blocked.pid]);
      await locker.query('commit');

      const after = await t.p.db.one<{ status: string; attempts: number; result: unknown }>('select status, attempts, result from scans where id = $1', [scanId]);
      expect(after).toEqual({ status: 'running', attempts: 1, result: null });
      expect((await t.p.db.query('select 1 from findings where app_id = $1', [appId])).length).toBe(0);

      const second = startWorkerProcess(bundle.main, t.dataDir, t.databaseUrl!);
      children.push(second);
      const done = await until('the second worker to finish the scan', 90_000, async () => {
        const r = await t!.p.db.one<{ status: string; attempts: number }>('select status, attempts from scans where id = $1', [scanId]);
        if (r?.status === 'failed') throw new Error(`the scan failed: ${JSON.stringify(r)} ${second.log.join('')}`);
        return r?.status === 'done' ? r : undefined;
      });
      expect(done.attempts).toBeGreaterThanOrEqual(2);

      // Give a stray retry the time to show up: nothing may change any more.
      await new Promise((r) => setTimeout(r, 3_000));
      const final = await t.p.db.one<{ status: string; attempts: number; result: { findings: Array<{ fingerprint: string }> } }>('select status, attempts, result from scans where id = $1', [scanId]);
      expect(final!.status).toBe('done');
      expect(final!.attempts).toBe(done.attempts);
      const fingerprints = new Set(final!.result.findings.map((x) => x.fingerprint));
      expect(fingerprints.size).toBeGreaterThan(0);
      const findings = await t.p.db.query<{ fingerprint: string }>('select fingerprint from findings where app_id = $1', [appId]);
      expect(findings.map((x) => x.fingerprint).sort()).toEqual([...fingerprints].sort());
      expect((await t.p.db.query('select 1 from scan_findings where scan_id = $1', [scanId])).length).toBe(fingerprints.size);
      expect((await t.p.db.query("select 1 from finding_events where scan_id = $1 and kind = 'detected'", [scanId])).length).toBe(fingerprints.size);
      expect((await t.p.db.query("select 1 from audit_log where object_id = $1 and action = 'scan.completed'", [scanId])).length).toBe(1);
      const secondRunners = childrenOf(second.pid!);
      expect(secondRunners.length).toBe(1);
      second.kill('SIGTERM');
      await new Promise<void>((r) => (second.exitCode !== null || second.signalCode !== null ? r() : second.once('exit', () => r())));
      expect(second.exitCode).toBe(0);
      await until('the stopped worker\'s audit process to exit', 5_000, async () => !alive(secondRunners[0]!));
    } finally {
      await locker.end().catch(() => undefined);
    }
  }, 180_000);
});
