/**
 * `dfslab serve` as a user runs it: the built CLI in a child process on the embedded database, with its output
 * collected; and a poll-until helper for the tests that drive it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../corpus.js';

const BIN = join(repoRoot, 'bin', 'dfslab.js');
/** The CLI runs from dist/: these tests need `npm ci` or `npm run build` first. */
export const BUILT = existsSync(join(repoRoot, 'dist', 'platform', 'server.js'));

export interface ServeProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export function serveProcess(dataDir: string): ServeProcess {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DATABASE_URL: '' } });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  return { child, output: () => text, exited };
}

/** Polls `probe` until it gives a value (not undefined), or fails after `ms` naming `what`. */
export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, ms: number, what: string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
