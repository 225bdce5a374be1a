/**
 * Where the third-party sample apps are: `DFSLAB_CORPUS`, else `../shared/corpus` beside the repo.
 * Tests that use them call `corpusDir()` and skip with a message when it returns undefined.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function corpusDir(): string | undefined {
  const fromEnv = process.env.DFSLAB_CORPUS;
  const dir = fromEnv ? resolve(fromEnv) : join(repoRoot, '..', 'shared', 'corpus');
  return existsSync(join(dir, 'expected.json')) ? dir : undefined;
}

export const CORPUS_SKIP_MESSAGE =
  'shared corpus not found (set DFSLAB_CORPUS or place it at ../shared/corpus); corpus tests skipped';

export interface ExpectedEntry {
  app: string;
  key: string;
  title: string;
  maswe?: string;
  cwe?: string;
  polarity: 'weakness' | 'control' | 'info';
  present: boolean | 'partial';
  weakness_applies: boolean | 'partial';
  evidence?: string;
  scope?: string;
  value?: number;
}

export function loadExpected(dir: string): ExpectedEntry[] {
  return JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as ExpectedEntry[];
}

/** True when `cmd` is on PATH (oracle tests skip otherwise). */
export function hasTool(cmd: string): boolean {
  const paths = (process.env.PATH ?? '').split(':');
  return paths.some((p) => p && existsSync(join(p, cmd)));
}
