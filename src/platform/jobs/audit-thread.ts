/**
 * @module platform/jobs/audit-thread
 * Runs the engine's `audit()` off the main thread, so that a server working scans in-process keeps answering
 * pages and API calls while an app is audited (the audit is CPU-bound: seconds for a large app), and the scan's
 * heartbeat keeps beating. `auditInThread` hands the scan to a worker thread running this very module (kept
 * warm between scans, one per scan running at once); the thread posts the progress events and then the result,
 * or the error — an engine refusal (DfslabError) comes back as one, with its code, so the scan fails with the
 * same line as in-process. A thread that crashes (out of memory) is dropped and the scan's job is retried.
 *
 * The thread needs this module as JavaScript: from the build (`dist/`, or beside the bundled CLI). When it is
 * not there (the tests run the TypeScript sources), the audit runs in-process, as before.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { audit, DfslabError, type AuditResult, type ProgressEvent } from '../../index.js';
import { isDfslabError, type ErrorCode } from '../../errors.js';

interface Job {
  path: string;
  label: string;
}

type Message =
  | { kind: 'progress'; event: ProgressEvent }
  | { kind: 'result'; result: AuditResult }
  | { kind: 'error'; dfslab: boolean; code?: ErrorCode; message: string; path?: string; offset?: number; stack?: string };

/** This module as JavaScript, where a worker thread can load it; undefined when running from the sources. */
function threadModule(): URL | undefined {
  const here = new URL(import.meta.url);
  const candidates = here.pathname.endsWith('.js')
    ? // dist/platform/jobs/audit-thread.js itself, or the bundled CLI (dist/dfslab.mjs) next to dist/platform/.
      [here, new URL('./platform/jobs/audit-thread.js', here)]
    : [new URL('./platform/jobs/audit-thread.js', here)];
  return candidates.find((u) => u.pathname.endsWith('audit-thread.js') && existsSync(fileURLToPath(u)));
}

/** Idle audit threads, kept warm for the next scan (starting one and loading the engine takes ~0.4 s). */
const idle: Worker[] = [];

function takeThread(module: URL): Worker {
  const w = idle.pop() ?? new Worker(module, { workerData: { auditThread: true } });
  w.ref();
  return w;
}

function giveBack(w: Worker): void {
  w.removeAllListeners('message').removeAllListeners('error').removeAllListeners('exit');
  // An idle thread must not keep the process alive, nor be reused once broken.
  w.unref();
  w.once('exit', () => {
    const i = idle.indexOf(w);
    if (i >= 0) idle.splice(i, 1);
  });
  idle.push(w);
}

/** Audits `path` in a worker thread (in-process when no built thread module is found). */
export function auditInThread(path: string, label: string, onProgress: (e: ProgressEvent) => void): Promise<AuditResult> {
  const module = threadModule();
  if (!module) return audit(path, { label, onProgress });
  return new Promise<AuditResult>((resolve, reject) => {
    let settled = false;
    const worker = takeThread(module);
    const settle = (f: () => void, reusable: boolean): void => {
      if (settled) return;
      settled = true;
      f();
      if (reusable) giveBack(worker);
      else {
        worker.removeAllListeners('message').removeAllListeners('error').removeAllListeners('exit');
        void worker.terminate();
      }
    };
    worker.on('message', (m: Message) => {
      if (m.kind === 'progress') onProgress(m.event);
      else if (m.kind === 'result') settle(() => resolve(m.result), true);
      else
        settle(() => {
          if (m.dfslab && m.code) reject(new DfslabError(m.code, m.message, { ...(m.path !== undefined ? { path: m.path } : {}), ...(m.offset !== undefined ? { offset: m.offset } : {}) }));
          else reject(Object.assign(new Error(m.message), { stack: m.stack }));
        }, true);
    });
    worker.on('error', (e) => settle(() => reject(e), false));
    worker.on('exit', (code) => settle(() => reject(new Error(`the audit thread stopped (exit code ${code}) before giving a result`)), false));
    worker.postMessage({ path, label } satisfies Job);
  });
}

async function runJob(port: NonNullable<typeof parentPort>, job: Job): Promise<void> {
  try {
    const result = await audit(job.path, { label: job.label, onProgress: (event) => port.postMessage({ kind: 'progress', event } satisfies Message) });
    port.postMessage({ kind: 'result', result } satisfies Message);
  } catch (e) {
    const err = e as Error;
    port.postMessage(
      isDfslabError(e)
        ? ({ kind: 'error', dfslab: true, code: e.code, message: e.message, ...(e.path !== undefined ? { path: e.path } : {}), ...(e.offset !== undefined ? { offset: e.offset } : {}) } satisfies Message)
        : ({ kind: 'error', dfslab: false, message: err?.message ?? String(e), ...(err?.stack ? { stack: err.stack } : {}) } satisfies Message),
    );
  }
}

// In an audit thread: one job at a time, as the main thread sends them.
if (!isMainThread && parentPort && (workerData as { auditThread?: boolean } | null)?.auditThread === true) {
  const port = parentPort;
  port.on('message', (job: Job) => void runJob(port, job));
}
