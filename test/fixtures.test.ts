/**
 * The committed fixture APKs are what their sources build: their hashes match build/SHA256SUMS, and (when the
 * Android build tools are installed) rebuilding them from smali + manifest + resources gives the same bytes.
 */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasTool, repoRoot } from './corpus.js';

const build = join(repoRoot, 'fixtures', 'android', 'build');
const sums = readFileSync(join(build, 'SHA256SUMS'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => {
    const [hash, name] = l.split(/\s+\*?/);
    return { hash: hash!, name: name! };
  });

describe('fixture apps', () => {
  it('match build/SHA256SUMS', () => {
    expect(sums.length).toBeGreaterThan(10);
    for (const { hash, name } of sums) {
      expect(createHash('sha256').update(readFileSync(join(build, name))).digest('hex'), name).toBe(hash);
    }
  });

  const tools = ['aapt', 'apksigner', 'zipalign', 'java', 'gcc', 'aarch64-linux-gnu-gcc'].every(hasTool);
  it.skipIf(!tools)('rebuild byte-for-byte from their sources (scripts/build-fixtures.sh --check)', () => {
    const out = execFileSync('bash', [join(repoRoot, 'scripts', 'build-fixtures.sh'), '--check'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out + '').toMatch(/reproducible/);
  }, 180_000);
});
