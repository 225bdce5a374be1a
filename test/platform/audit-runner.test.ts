/**
 * The scan job's audit off the main thread (the built module: a thread or a child process cannot load the
 * TypeScript sources), both ways: in a worker thread (`multi`) and in a one-core child process (`single`).
 * Each gives the in-process result, passes progress on, returns an engine refusal as a DfslabError with its
 * code, reuses its warm runner, and leaves the event loop free while an app is audited. A child runner is
 * started with V8's --single-threaded and dies with its parent, even when the parent is SIGKILLed mid-scan.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../corpus.js';
import { alive, childrenOf } from './proc.js';

const BUILT_MODULE = join(repoRoot, 'dist', 'platform', 'jobs', 'audit-runner.js');
const APK = join(repoRoot, 'fixtures', 'android', 'build', 'vulnerable-wallet.apk');
type RunnerModule = typeof import('../../src/platform/jobs/audit-runner.js');
type ProgressEvent = import('../../src/index.js').ProgressEvent;

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(!existsSync(BUILT_MODULE))('audit off the main thread (built module)', () => {
  for (const mode of ['multi', 'single'] as const) {
    it(`${mode}: gives the in-process result, passes progress on, and returns engine refusals as DfslabErrors`, async () => {
      const { auditOffMain, stopIdleAuditRunners } = (await import(BUILT_MODULE)) as RunnerModule;
      const { audit, DfslabError } = (await import(join(repoRoot, 'dist', 'index.js'))) as typeof import('../../src/index.js');
      const progress: ProgressEvent[] = [];
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 1);
      const off = await auditOffMain(APK, 'wallet.apk', (e) => progress.push(e), mode);
      clearInterval(ticker);
      const inline = await audit(APK, { label: 'wallet.apk' });
      // The whole result, hashes included: keeping off the thread pool changes nothing in it.
      expect(off).toEqual(inline);
      // Every phase is passed on; check events at most one per PROGRESS_MESSAGE_INTERVAL_MS.
      const inlinePhases: string[] = [];
      await audit(APK, { label: 'wallet.apk', onProgress: (e) => void (e.kind === 'phase' && inlinePhases.push(e.phase)) });
      expect(progress.filter((e) => e.kind === 'phase').map((e) => (e as { phase: string }).phase)).toEqual(inlinePhases);
      expect(inlinePhases.length).toBeGreaterThan(1);
      // The main thread's timers ran while the runner audited.
      expect(ticks).toBeGreaterThan(5);

      const again = await auditOffMain(APK, 'wallet.apk', () => undefined, mode);
      expect(again.findings.length).toBe(inline.findings.length);

      const err = await auditOffMain(join(repoRoot, 'package.json'), 'notes.apk', () => undefined, mode).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DfslabError);
      expect((err as InstanceType<typeof DfslabError>).toLine()).toMatch(/^DFSLAB_E_INPUT_NOT_AN_APP: .*\(notes\.apk\)$/);
      stopIdleAuditRunners();
    }, 60_000);
  }

  it('passes check progress on at most once per interval (every phase still goes)', async () => {
    const { auditOffMain, PROGRESS_MESSAGE_INTERVAL_MS, stopIdleAuditRunners } = (await import(BUILT_MODULE)) as RunnerModule;
    const { audit } = (await import(join(repoRoot, 'dist', 'index.js'))) as typeof import('../../src/index.js');
    let inlineChecks = 0;
    await audit(APK, { onProgress: (e) => void (e.kind === 'check' && inlineChecks++) });
    const times: number[] = [];
    await auditOffMain(APK, 'wallet.apk', (e) => void (e.kind === 'check' && times.push(Date.now())), 'single');
    stopIdleAuditRunners();
    expect(inlineChecks).toBeGreaterThan(20);
    // A short audit: far fewer messages than checks, never two within the interval (a little slack for the pipe).
    expect(times.length).toBeLessThan(inlineChecks / 4);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(PROGRESS_MESSAGE_INTERVAL_MS - 20);
  }, 60_000);

  it.skipIf(!existsSync('/proc/self/stat'))('single: the child runs --single-threaded and dies with a SIGKILLed parent mid-scan', async () => {
    // A parent that audits the fixture over and over in a child runner, as a worker would.
    const script = `
      const { auditOffMain } = await import(${JSON.stringify(BUILT_MODULE)});
      process.stdout.write('ready\\n');
      for (;;) await auditOffMain(${JSON.stringify(APK)}, 'wallet.apk', () => {}, 'single');
    `;
    const parent = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((res, rej) => {
        parent.stdout.once('data', () => res());
        parent.once('exit', (code) => rej(new Error(`the parent exited (${code})`)));
      });
      let child = 0;
      await until('the child runner', () => (child = childrenOf(parent.pid!)[0] ?? 0) > 0);
      const cmdline = readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0');
      expect(cmdline).toContain('--single-threaded');
      expect(cmdline).toContain('--dfslab-audit-runner');
      // Let it get into its scans, then kill the parent the hard way.
      await new Promise((r) => setTimeout(r, 300));
      parent.kill('SIGKILL');
      await until('the child runner to exit', () => !alive(child), 5_000);
    } finally {
      parent.kill('SIGKILL');
    }
  }, 30_000);
});
