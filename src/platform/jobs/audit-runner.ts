/**
 * @module platform/jobs/audit-runner
 * Runs the engine's `audit()` off the main thread, so that a process working scans keeps answering pages and API
 * calls (the server) and keeps the scan's heartbeat beating while an app is audited (the audit is CPU-bound:
 * seconds for a large app). Two ways, chosen per process (`PlatformConfig.scanThreads`):
 *
 * - `multi` (the server's in-process worker): a worker thread of this process. The audit may also use V8's
 *   helper threads (background compilation, parallel garbage collection) and libuv's pool (DEX inflation, file
 *   hashes), so a lone scan on an idle machine finishes sooner — but one scan keeps about 1.3 cores busy.
 * - `single` (`dfslab worker`, by default): a child process started with V8's `--single-threaded` and told to
 *   keep off the pool (`threadPool: false`), so one scan is one core. A machine's cores then go to as many
 *   scans at once, without the helper threads' costs: on the project's 2-core machine, two single-threaded
 *   workers do about a quarter more scans per minute than two multi-threaded ones, while one alone does 4%
 *   fewer (`npm run bench:platform`, warm workers). V8's flags can only be set when a process starts, hence
 *   the child process.
 *
 * Either way, the runner is kept warm between scans (starting one and loading the engine takes ~0.3 s), one
 * per scan running at once; it posts the progress events and then the result, or the error — an engine
 * refusal (DfslabError) comes back as one, with its code, so the scan fails with the same line as in-process.
 * A runner that dies (out of memory, killed) is dropped and the scan's job is retried. A child process whose
 * parent dies (even by SIGKILL) sees its IPC channel close and exits at once: no orphan goes on auditing.
 *
 * Runners need this module as JavaScript: from the build (`dist/`, or beside the bundled CLI). When it is not
 * there (the tests run the TypeScript sources), the audit runs in-process, as before.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { audit, DfslabError, type AuditResult, type ProgressEvent } from '../../index.js';
import { isDfslabError, type ErrorCode } from '../../errors.js';

/** How a process runs its scans' audits; see the module comment. */
export type ScanThreads = 'multi' | 'single';
const SCAN_THREADS: readonly ScanThreads[] = ['multi', 'single'];

interface Job {
  path: string;
  label: string;
  threadPool: boolean;
}

type Message =
  | { kind: 'progress'; event: ProgressEvent }
  | { kind: 'result'; result: AuditResult }
  | { kind: 'error'; dfslab: boolean; code?: ErrorCode; message: string; path?: string; offset?: number; stack?: string };

/** The argument a child runner is started with (the bundled CLI never sees it). */
const CHILD_FLAG = '--dfslab-audit-runner';
/** The parent's Node options a child inherits: profiling and memory sizing, nothing that loads code. */
const INHERITED_OPTION = /^--(cpu-prof|heap-prof|max-old-space-size|max-semi-space-size|stack-size)/;

/** This module as JavaScript, where a runner can load it; undefined when running from the sources. Looked up once. */
let runnerModuleFound: { url: URL | undefined } | undefined;
function runnerModule(): URL | undefined {
  runnerModuleFound ??= { url: findRunnerModule() };
  return runnerModuleFound.url;
}

function findRunnerModule(): URL | undefined {
  const here = new URL(import.meta.url);
  const candidates = here.pathname.endsWith('.js')
    ? // dist/platform/jobs/audit-runner.js itself, or the bundled CLI (dist/dfslab.mjs) next to dist/platform/.
      [here, new URL('./platform/jobs/audit-runner.js', here)]
    : [new URL('./platform/jobs/audit-runner.js', here)];
  return candidates.find((u) => u.pathname.endsWith('audit-runner.js') && existsSync(fileURLToPath(u)));
}

/** A thread or a child process, behind the few calls the scan needs. */
interface Runner {
  readonly mode: ScanThreads;
  send(job: Job): void;
  onMessage(f: (m: Message) => void): void;
  /** The runner broke: an error, or it stopped. */
  onGone(f: (why: Error) => void): void;
  clearListeners(): void;
  /** Whether an idle runner keeps the process alive (it must not). */
  hold(on: boolean): void;
  stop(): void;
}

function threadRunner(module: URL): Runner {
  const w = new Worker(module, { workerData: { auditRunner: true } });
  return {
    mode: 'multi',
    send: (job) => w.postMessage(job),
    onMessage: (f) => void w.on('message', f),
    onGone(f) {
      w.on('error', (e) => f(e));
      w.on('exit', (code) => f(new Error(`the audit thread stopped (exit code ${code}) before giving a result`)));
    },
    clearListeners: () => void w.removeAllListeners('message').removeAllListeners('error').removeAllListeners('exit'),
    hold: (on) => void (on ? w.ref() : w.unref()),
    stop: () => void w.terminate(),
  };
}

function processRunner(module: URL): Runner {
  const child: ChildProcess = fork(fileURLToPath(module), [CHILD_FLAG], {
    execArgv: [...process.execArgv.filter((a) => INHERITED_OPTION.test(a)), '--single-threaded'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return {
    mode: 'single',
    send: (job) => void child.send(job),
    onMessage: (f) => void child.on('message', f),
    onGone(f) {
      child.on('error', (e) => f(e));
      child.on('exit', (code, signal) => f(new Error(`the audit process stopped (${signal ?? `exit code ${code}`}) before giving a result`)));
    },
    clearListeners: () => void child.removeAllListeners('message').removeAllListeners('error').removeAllListeners('exit'),
    hold(on) {
      const channel = child.channel as { ref(): void; unref(): void } | null | undefined;
      if (on) {
        child.ref();
        channel?.ref();
      } else {
        child.unref();
        channel?.unref();
      }
    },
    stop() {
      // Closing the channel makes the child exit on its own (and write a --cpu-prof profile, if asked for);
      // one that does not within a second is killed.
      if (child.connected) child.disconnect();
      setTimeout(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'), 1_000).unref();
    },
  };
}

/** Idle runners of each kind, kept warm for the next scan. */
const idle: Record<ScanThreads, Runner[]> = { multi: [], single: [] };

function newRunner(module: URL, mode: ScanThreads): Runner {
  return mode === 'single' ? processRunner(module) : threadRunner(module);
}

function takeRunner(module: URL, mode: ScanThreads): Runner {
  const r = idle[mode].pop() ?? newRunner(module, mode);
  r.clearListeners();
  r.hold(true);
  return r;
}

function giveBack(r: Runner): void {
  r.clearListeners();
  r.hold(false);
  // A runner that dies while idle is dropped, never handed a scan.
  r.onGone(() => {
    const list = idle[r.mode];
    const i = list.indexOf(r);
    if (i >= 0) list.splice(i, 1);
  });
  idle[r.mode].push(r);
}

/**
 * Starts `count` runners now (a worker's scans at once), so that the first scans do not wait for one to load
 * the engine. Nothing happens when running from the sources.
 */
export function warmAuditRunners(count: number, mode: ScanThreads): void {
  const module = runnerModule();
  if (!module) return;
  while (idle[mode].length < count) giveBack(newRunner(module, mode));
}

/** Stops the idle runners (a worker stopping; the tests). Runners busy with a scan finish it. */
export function stopIdleAuditRunners(): void {
  for (const mode of SCAN_THREADS) {
    for (const r of idle[mode].splice(0)) {
      r.clearListeners();
      r.stop();
    }
  }
}

/** Audits `path` off the main thread, `mode` saying how (in-process when no built runner module is found). */
export function auditOffMain(path: string, label: string, onProgress: (e: ProgressEvent) => void, mode: ScanThreads = 'multi'): Promise<AuditResult> {
  const module = runnerModule();
  const threadPool = mode === 'multi';
  if (!module) return audit(path, { label, onProgress, threadPool });
  return new Promise<AuditResult>((resolve, reject) => {
    let settled = false;
    const runner = takeRunner(module, mode);
    const settle = (f: () => void, reusable: boolean): void => {
      if (settled) return;
      settled = true;
      f();
      if (reusable) giveBack(runner);
      else {
        runner.clearListeners();
        runner.stop();
      }
    };
    runner.onMessage((m) => {
      if (m.kind === 'progress') onProgress(m.event);
      else if (m.kind === 'result') settle(() => resolve(m.result), true);
      else
        settle(() => {
          if (m.dfslab && m.code) reject(new DfslabError(m.code, m.message, { ...(m.path !== undefined ? { path: m.path } : {}), ...(m.offset !== undefined ? { offset: m.offset } : {}) }));
          else reject(Object.assign(new Error(m.message), { stack: m.stack }));
        }, true);
    });
    runner.onGone((e) => settle(() => reject(e), false));
    runner.send({ path, label, threadPool });
  });
}

/**
 * Progress is passed on at most this often (ms) for check events; phase changes always go. The scan's page polls
 * once a second and the job writes at most every 250 ms: a message per check (a hundred per scan) would only
 * cost the parent time, on the core the other scans need.
 */
export const PROGRESS_MESSAGE_INTERVAL_MS = 100;

async function runJob(post: (m: Message) => void, job: Job): Promise<void> {
  let lastCheck = Date.now();
  const onProgress = (event: ProgressEvent): void => {
    if (event.kind === 'check') {
      const now = Date.now();
      if (now - lastCheck < PROGRESS_MESSAGE_INTERVAL_MS) return;
      lastCheck = now;
    }
    post({ kind: 'progress', event });
  };
  try {
    const result = await audit(job.path, { label: job.label, threadPool: job.threadPool, onProgress });
    post({ kind: 'result', result });
  } catch (e) {
    const err = e as Error;
    post(
      isDfslabError(e)
        ? { kind: 'error', dfslab: true, code: e.code, message: e.message, ...(e.path !== undefined ? { path: e.path } : {}), ...(e.offset !== undefined ? { offset: e.offset } : {}) }
        : { kind: 'error', dfslab: false, message: err?.message ?? String(e), ...(err?.stack ? { stack: err.stack } : {}) },
    );
  }
}

// In a runner: one job at a time, as the parent sends them.
if (!isMainThread && parentPort && (workerData as { auditRunner?: boolean } | null)?.auditRunner === true) {
  const port = parentPort;
  port.on('message', (job: Job) => void runJob((m) => port.postMessage(m), job));
} else if (isMainThread && process.argv[2] === CHILD_FLAG && typeof process.send === 'function') {
  const send = process.send.bind(process);
  // The parent is gone (stopped, crashed or killed): stop too, even mid-audit; its job is retried elsewhere.
  // A message that can no longer be delivered means the same (the channel closes before 'disconnect' is seen).
  const gone = (): never => process.exit(0);
  process.on('disconnect', gone);
  process.on('message', (job: Job) => void runJob((m) => void (process.connected ? send(m, undefined, undefined, (e) => e && gone()) : gone()), job));
}
