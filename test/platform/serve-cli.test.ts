/**
 * `dfslab serve` as a user runs it (the built CLI in a child process): it starts on the embedded database in a
 * fresh data directory, prints the one-time setup link, serves the setup page, refuses a second server on the
 * same data directory, and stops cleanly on SIGTERM. Needs the build (`npm ci` or `npm run build`).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILT, serveProcess as serve, waitFor } from './serve-process.js';

describe('dfslab serve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dfslab-serve-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts with no configuration, prints the setup link, and stops on SIGTERM', async (ctx) => {
    if (!BUILT) return ctx.skip('dfslab is not built (npm run build)');
    const s = serve(dir);
    try {
      await waitFor(() => (/setup\?token=/.test(s.output()) ? true : undefined), 90_000, 'the setup link');
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
