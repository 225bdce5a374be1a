/**
 * @module checks/android/testing.test-support
 * What the Android check tests share: opening a fixture app, running checks on it (no check may fail),
 * naming the method a finding points at, and seeded DEX mutants of a small app for the hostile-input tests.
 * Test-only (the `.test-support.ts` suffix keeps it out of the build; "support" keeps the registry
 * meta-test from taking it for a check).
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { expect } from 'vitest';
import { AndroidApp } from '../../app/android.js';
import type { Finding } from '../../findings/types.js';
import { Rng } from '../../fuzz/mutate.js';
import { ZipArchive } from '../../formats/zip/index.js';
import { buildZip } from '../../formats/zip/testing.js';
import { repoRoot } from '../../../test/corpus.js';
import { runChecks, type RunOutcome } from '../runner.js';
import type { AndroidCheck } from './support.js';

/** The built fixture apps (fixtures/android/build, made by scripts/build-fixtures.sh). */
export const FIXTURE_BUILD = join(repoRoot, 'fixtures/android/build');

/** Opens an APK on disk, labelled with its file name. */
export function loadApp(path: string): AndroidApp {
  return AndroidApp.open(readFileSync(path), { label: basename(path) });
}

/** Opens a built fixture app by file name (`vulnerable-wallet.apk`). */
export function loadFixture(name: string): AndroidApp {
  return loadApp(join(FIXTURE_BUILD, name));
}

/** The check with this id in a family's list; throws when the family has none. */
export function checkById(checks: readonly AndroidCheck[], id: string): AndroidCheck {
  const c = checks.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id}`);
  return c;
}

/** Runs checks on an app and asserts that none failed. */
export async function runClean(app: AndroidApp, checks: AndroidCheck | readonly AndroidCheck[]): Promise<RunOutcome> {
  const out = await runChecks(app, Array.isArray(checks) ? [...checks] : [checks as AndroidCheck]);
  expect(out.failures).toEqual([]);
  return out;
}

/** The findings of checks on an app (asserting that none failed). */
export async function findingsOf(app: AndroidApp, checks: AndroidCheck | readonly AndroidCheck[]): Promise<Finding[]> {
  return (await runClean(app, checks)).findings;
}

/** `Class.method` (simple class name) of a finding's first location. */
export function flaggedMethod(f: Finding): string {
  const l = f.locations[0]!;
  return `${l.class!.slice(l.class!.lastIndexOf('.') + 1)}.${l.method!.slice(0, l.method!.indexOf('('))}`;
}

/** `Class.method` of each finding of a check on an app, sorted. */
export async function flaggedMethods(app: AndroidApp, check: AndroidCheck): Promise<string[]> {
  return (await findingsOf(app, check)).map(flaggedMethod).sort();
}

/** Uniform numbers in [0, 1) from the shared seeded xorshift32 (`fuzz/mutate.ts`). */
export function seededUnit(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next() / 0x100000000;
}

/**
 * `count` seeded mutants of an APK's classes.dex, each rebuilt with the APK's manifest into a two-entry
 * APK: every fifth is a truncation, the others carry 1–8 bit flips, from byte `flipFrom(i)` on (0x70 skips
 * the DEX header, so that the mutant still parses and reaches the checks).
 */
export function* dexMutants(
  apk: Uint8Array,
  opts: { seed: number; count: number; flipFrom: (i: number) => number },
): Generator<{ i: number; apk: Uint8Array }> {
  const zip = ZipArchive.open(apk);
  const manifest = zip.read('AndroidManifest.xml');
  const dex = zip.read('classes.dex');
  const rnd = seededUnit(opts.seed);
  for (let i = 0; i < opts.count; i++) {
    let mutated: Uint8Array;
    if (i % 5 === 0) {
      mutated = dex.slice(0, Math.floor(rnd() * dex.length));
    } else {
      mutated = dex.slice();
      const flips = 1 + Math.floor(rnd() * 8);
      const from = opts.flipFrom(i);
      for (let k = 0; k < flips; k++) {
        const at = from + Math.floor(rnd() * (mutated.length - from));
        mutated[at]! ^= 1 << Math.floor(rnd() * 8);
      }
    }
    yield { i, apk: buildZip([{ name: 'AndroidManifest.xml', data: manifest }, { name: 'classes.dex', data: mutated }]) };
  }
}
