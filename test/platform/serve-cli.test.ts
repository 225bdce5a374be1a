/**
 * `dfslab serve` as a user runs it (the built CLI in a child process): it starts on the embedded database in a
 * fresh data directory, prints the one-time setup link, serves the setup page, refuses a second server on the
 * same data directory, and stops cleanly on SIGTERM. Needs the build (`npm ci` or `npm run build`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'dfslab.js');
const BUILT = existsSync(join(import.meta.dirname, '..', '..', 'dist', 'platform', 'server.js'));

function serve(dataDir: string): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DATABASE_URL: '' } });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  return { child, output: () => text, exited };
}

async function waitFor(pred: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('dfslab serve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dfslab-serve-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts with no configuration, prints the setup link, and stops on SIGTERM', async (ctx) => {
    if (!BUILT) return ctx.skip('dfslab is not built (npm run build)');
    const s = serve(dir);
    try {
      await waitFor(() => /setup\?token=/.test(s.output()), 90_000);
      const link = /(http:\/\/\S+\/setup\?token=\S+)/.exec(s.output())![1]!;
      expect(s.output()).toMatch(/lab platform at http:\/\/127\.0\.0\.1:\d+ \(embedded database in /);
      const page = await fetch(link);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Set up your lab');
      const health = await (await fetch(new URL('/healthz', link))).json();
      expect(health).toMatchObject({ ok: true, database: 'pglite' });
      // A second server on the same data directory is refused with a clear message.
      const second = serve(dir);
      expect(await second.exited).toBe(2);
      expect(second.output()).toMatch(/in use by process \d+/);
    } finally {
      s.child.kill('SIGTERM');
    }
    expect(await s.exited).toBe(0);
    expect(s.output()).toContain('SIGTERM: finishing running scans and stopping');
    expect(existsSync(join(dir, 'db', 'dfslab.lock'))).toBe(false);
  }, 120_000);
});
