/**
 * `dfslab serve` and `dfslab worker` options that are refused before anything starts: `--scan-threads` takes
 * single or multi, `--concurrency` a whole number; `--help` tells each command's default way of running scans.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, type CliIO } from './main.js';

function capture(): { io: CliIO; text: () => string } {
  let out = '';
  return { io: { out: (s) => (out += s), err: (s) => (out += s), isTTY: false }, text: () => out };
}

describe('dfslab serve / worker options', () => {
  it('refuses an unknown --scan-threads before starting anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dfslab-serve-opts-'));
    try {
      const a = capture();
      expect(await run(['serve', '--data-dir', dir, '--port', '0', '--scan-threads', 'many'], a.io)).toBe(2);
      expect(a.text()).toMatch(/--scan-threads must be single .* or multi .*, not "many"/);
      // Nothing was created: the embedded database was never opened.
      expect(readdirSync(dir)).toEqual([]);

      const b = capture();
      // Refused before the database is even looked for (no server answers on this port).
      expect(await run(['worker', '--data-dir', dir, '--database-url', 'postgres://127.0.0.1:1/none', '--scan-threads', 'Single'], b.io)).toBe(2);
      expect(b.text()).toMatch(/--scan-threads must be single .*not "Single"/);

      const c = capture();
      expect(await run(['worker', '--database-url', 'postgres://127.0.0.1:1/none', '--concurrency', '0'], c.io)).toBe(2);
      expect(c.text()).toMatch(/--concurrency must be a whole number from 1 to 64, not "0"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('tells each command its default way of running scans', async () => {
    const w = capture();
    expect(await run(['worker', '--help'], w.io)).toBe(0);
    expect(w.text()).toMatch(/--scan-threads <mode>[\s\S]*one\s+core[\s\S]*\(default: "single"\)/);
    const s = capture();
    expect(await run(['serve', '--help'], s.io)).toBe(0);
    expect(s.text()).toMatch(/--scan-threads <mode>[\s\S]*\(default: "multi"\)/);
  });
});
