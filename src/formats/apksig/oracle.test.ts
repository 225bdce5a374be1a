/**
 * Differential test against `apksigner verify -v --print-certs` (the reference implementation) over
 * - the 300+ AOSP apksig test APKs Debian's androguard package ships,
 * - the third-party corpus APKs,
 * - our own fixtures.
 * For each APK we pass the SDK range apksigner derives from the manifest (minSdkVersion, targetSdkVersion,
 * targetSandboxVersion, read with `aapt dump xmltree`) and compare: the verdict; when verified, which
 * schemes verified ("Verified using vN scheme") and the signer certificates' SHA-256.
 *
 * apksigner cannot give a verdict on some samples; they are compared on what can be known (see
 * ORACLE_CANNOT_DECIDE). Known disagreements are listed in KNOWN_DISAGREEMENTS with the reason; the test
 * fails on any other one, so a regression or a fix both show up.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir, CORPUS_SKIP_MESSAGE, hasTool } from '../../../test/corpus.js';
import { isDfslabError } from '../../errors.js';
import { crc32 } from '../zip/index.js';
import { fixturePath, openTestApk } from './test-archive.js';
import type { ApkSignatureReport } from './types.js';
import { verifyApkSignatures } from './verify.js';

const run = promisify(execFile);
const SAMPLES = '/usr/share/doc/androguard/examples/signing/apksig';
const TOOLS = hasTool('apksigner') && hasTool('aapt');

/**
 * Samples on which we knowingly differ from apksigner 31.0.2, with the reason. Empty today: every sample
 * where apksigner reaches a verdict agrees (verdict, schemes, certificates).
 */
const KNOWN_DISAGREEMENTS: Record<string, string> = {};

/**
 * Why apksigner reaches no verdict on some samples, and what we check instead:
 * - "Missing AndroidManifest.xml": apksigner needs the manifest to learn minSdkVersion and throws; an APK
 *   without a manifest is not installable, so we must not call it verified (we verify from minSdk 1).
 * - "not a ZIP archive": the archive is broken (truncated central directory…); our ZIP reader must refuse it.
 * - "NoSuchAlgorithmException … RSA/PSS": the Debian JDK lacks RSASSA-PSS, so apksigner crashes on
 *   v2 RSA-PSS samples; we check the v2 result itself (valid unless the sample says "sig-does-not-verify")
 *   and the verdict apksig's rules give (these samples declare minSdk < 24, so v1 is required and absent).
 */
type OracleVerdict =
  | { kind: 'verdict'; verified: boolean; schemes: boolean[]; certs: string[]; errors: string[] }
  | { kind: 'no-manifest' | 'not-zip' | 'no-pss'; text: string };

interface ManifestSdk {
  minSdk: number;
  targetSdk?: number;
  sandbox?: number;
}

function parseOracle(out: string): OracleVerdict {
  if (/Missing AndroidManifest\.xml/.test(out)) return { kind: 'no-manifest', text: out };
  if (/Malformed APK: not a ZIP archive/.test(out)) return { kind: 'not-zip', text: out };
  if (/NoSuchAlgorithmException: SHA(256|512)withRSA\/PSS/.test(out)) return { kind: 'no-pss', text: out };
  if (/Exception in thread/.test(out)) throw new Error(`apksigner crashed unexpectedly:\n${out}`);
  return {
    kind: 'verdict',
    verified: out.startsWith('Verifies'),
    schemes: [1, 2, 3].map((n) => new RegExp(`Verified using v${n} scheme[^:]*: true`).test(out)),
    certs: [...out.matchAll(/Signer #\d+ certificate SHA-256 digest: ([0-9a-f]+)/g)].map((m) => m[1]!),
    errors: [...out.matchAll(/^ERROR: (.*)$/gm)].map((m) => m[1]!),
  };
}

/** A one-entry stored ZIP, so aapt can read a manifest out of an APK its own ZIP code refuses. */
function zipWithManifest(manifest: Uint8Array): Buffer {
  const name = Buffer.from('AndroidManifest.xml');
  const crc = crc32(manifest);
  const lfh = Buffer.alloc(30);
  lfh.writeUInt32LE(0x04034b50, 0);
  lfh.writeUInt16LE(10, 4);
  lfh.writeUInt32LE(crc, 14);
  lfh.writeUInt32LE(manifest.length, 18);
  lfh.writeUInt32LE(manifest.length, 22);
  lfh.writeUInt16LE(name.length, 26);
  const cd = Buffer.alloc(46);
  cd.writeUInt32LE(0x02014b50, 0);
  cd.writeUInt16LE(10, 4);
  cd.writeUInt16LE(10, 6);
  cd.writeUInt32LE(crc, 16);
  cd.writeUInt32LE(manifest.length, 20);
  cd.writeUInt32LE(manifest.length, 24);
  cd.writeUInt16LE(name.length, 28);
  const cdOffset = 30 + name.length + manifest.length;
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(46 + name.length, 12);
  eocd.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([lfh, name, manifest, cd, name, eocd]);
}

let scratch: string | undefined;

/** minSdkVersion etc. as apksigner reads them (defaults: minSdk 1, no targetSdk, sandbox 1). */
function manifestSdk(apkPath: string): ManifestSdk {
  const dump = (path: string): string =>
    execFileSync('aapt', ['dump', 'xmltree', path, 'AndroidManifest.xml'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  let tree: string | undefined;
  try {
    tree = dump(apkPath);
  } catch {
    // aapt refuses some hostile archives (e.g. NUL in an entry name) that apksigner reads: give it the
    // manifest alone.
    try {
      const manifest = openTestApk(new Uint8Array(readFileSync(apkPath))).read('AndroidManifest.xml');
      scratch ??= mkdtempSync(join(tmpdir(), 'dfslab-apksig-'));
      const p = join(scratch, 'manifest-only.apk');
      writeFileSync(p, zipWithManifest(manifest));
      tree = dump(p);
    } catch {
      return { minSdk: 1 };
    }
  }
  const attr = (id: string): number | undefined => {
    const m = new RegExp(`\\(${id}\\)=\\(type 0x10\\)0x([0-9a-f]+)`).exec(tree!);
    return m ? parseInt(m[1]!, 16) : undefined;
  };
  const out: ManifestSdk = { minSdk: attr('0x0101020c') ?? 1 };
  const target = attr('0x01010270');
  const sandbox = attr('0x0101054c');
  if (target !== undefined) out.targetSdk = target;
  if (sandbox !== undefined) out.sandbox = sandbox;
  return out;
}

async function oracle(apkPath: string): Promise<OracleVerdict> {
  try {
    const { stdout, stderr } = await run('apksigner', ['verify', '-v', '--print-certs', apkPath], { maxBuffer: 1 << 24 });
    return parseOracle(stdout + stderr);
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return parseOracle(`${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
}

async function pool<T, R>(items: T[], width: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

type Ours = { report: ApkSignatureReport } | { openError: string };

function ours(apkPath: string, sdk: ManifestSdk): Ours {
  let apk;
  try {
    apk = openTestApk(new Uint8Array(readFileSync(apkPath)));
  } catch (e) {
    if (!isDfslabError(e)) throw e;
    return { openError: e.message };
  }
  const opts: Parameters<typeof verifyApkSignatures>[1] = { minSdk: sdk.minSdk };
  if (sdk.targetSdk !== undefined) opts.targetSdk = sdk.targetSdk;
  if (sdk.sandbox !== undefined) opts.targetSandboxVersion = sdk.sandbox;
  return { report: verifyApkSignatures(apk, opts) };
}

interface Comparison {
  name: string;
  comparable: boolean;
  agree: boolean;
  detail: string;
}

function compare(name: string, o: OracleVerdict, mine: Ours): Comparison {
  const r = 'report' in mine ? mine.report : undefined;
  const summary = r
    ? `dfslab verified=${r.verified} schemes=${[r.v1, r.v2, r.v3].map((s) => +(s.verified && s.consulted)).join('')} errors=${r.errors.slice(0, 2).join(' | ')}`
    : `dfslab could not open: ${(mine as { openError: string }).openError}`;
  switch (o.kind) {
    case 'no-manifest':
      return { name, comparable: false, agree: r !== undefined && !r.verified, detail: `apksigner: no manifest; ${summary}` };
    case 'not-zip':
      return { name, comparable: false, agree: r === undefined, detail: `apksigner: not a ZIP; ${summary}` };
    case 'no-pss': {
      const expectValid = !name.includes('does-not-verify');
      // These samples declare minSdk < 24: whatever v2 says, the missing JAR signature fails the APK.
      const ok = r !== undefined && r.v2.verified === expectValid && !r.verified && r.errors.includes('v1: Missing META-INF/MANIFEST.MF');
      return { name, comparable: false, agree: ok, detail: `apksigner: JDK lacks RSA-PSS; ${summary}` };
    }
    case 'verdict': {
      if (!r) return { name, comparable: true, agree: false, detail: summary };
      let agree = r.verified === o.verified;
      if (agree && o.verified) {
        const schemes = [r.v1, r.v2, r.v3].map((s) => s.verified && s.consulted);
        agree = schemes.every((s, i) => s === o.schemes[i]) && r.signerCertificates.map((c) => c.sha256).join() === o.certs.join();
      }
      return {
        name,
        comparable: true,
        agree,
        detail: `apksigner verified=${o.verified} schemes=${o.schemes.map(Number).join('')} certs=${o.certs.map((c) => c.slice(0, 8)).join(',')} errors=${o.errors.slice(0, 2).join(' | ')}; ${summary}`,
      };
    }
  }
}

async function compareAll(paths: string[]): Promise<Comparison[]> {
  // One JVM per APK: run a few at once, but not more than the machine has cores.
  const verdicts = await pool(paths, Math.max(2, Math.min(4, availableParallelism())), oracle);
  return paths.map((p, i) => compare(p.slice(p.lastIndexOf('/') + 1), verdicts[i]!, ours(p, manifestSdk(p))));
}

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe.skipIf(!TOOLS || !existsSync(SAMPLES))('oracle: apksigner on the AOSP apksig samples', () => {
  let results: Comparison[] = [];
  beforeAll(async () => {
    const files = readdirSync(SAMPLES).filter((f) => f.endsWith('.apk')).sort();
    results = await compareAll(files.map((f) => join(SAMPLES, f)));
  }, 300_000);

  it('agrees with apksigner on more than 95% of the samples where it reaches a verdict', () => {
    const comparable = results.filter((c) => c.comparable);
    const agreeing = comparable.filter((c) => c.agree);
    const rate = agreeing.length / comparable.length;
    console.info(`apksig samples: ${agreeing.length}/${comparable.length} agree (${(rate * 100).toFixed(1)}%), ${results.length - comparable.length} without an apksigner verdict`);
    expect(results.length).toBeGreaterThan(300);
    expect(rate).toBeGreaterThan(0.95);
  });

  it('disagrees only where documented', () => {
    const unexpected = results.filter((c) => c.comparable && !c.agree && !(c.name in KNOWN_DISAGREEMENTS));
    expect(unexpected.map((c) => `${c.name}: ${c.detail}`)).toEqual([]);
    const fixed = Object.keys(KNOWN_DISAGREEMENTS).filter((n) => results.find((c) => c.name === n)?.agree);
    expect(fixed).toEqual([]);
  });

  it('handles the samples apksigner cannot decide as documented (no manifest, broken ZIP, RSA-PSS)', () => {
    const undecided = results.filter((c) => !c.comparable);
    expect(undecided.length).toBeGreaterThan(0);
    expect(undecided.filter((c) => !c.agree).map((c) => `${c.name}: ${c.detail}`)).toEqual([]);
  });
});

describe.skipIf(!TOOLS || corpusDir() === undefined)('oracle: apksigner on the corpus APKs', () => {
  it('agrees on every corpus APK (verdict, schemes, signer certificates)', async () => {
    const dir = corpusDir()!;
    const files = readdirSync(dir).filter((f) => f.endsWith('.apk')).map((f) => join(dir, f));
    const results = await compareAll(files);
    expect(results.length).toBeGreaterThan(0);
    expect(results.filter((c) => !c.agree).map((c) => `${c.name}: ${c.detail}`)).toEqual([]);
  }, 120_000);
});
if (corpusDir() === undefined) console.info(CORPUS_SKIP_MESSAGE);

describe.skipIf(!TOOLS)('oracle: apksigner on our fixtures', () => {
  it('agrees on every committed fixture', async () => {
    const files = readdirSync(fixturePath('.')).filter((f) => f.endsWith('.apk')).map((f) => fixturePath(f));
    const results = await compareAll(files);
    expect(results.filter((c) => !c.agree).map((c) => `${c.name}: ${c.detail}`)).toEqual([]);
  }, 120_000);
});
