/**
 * Hostile input for the bytecode-reading checks of the code, ipc, secrets and network families: seeded
 * truncations and bit flips of the code-edge DEX, and hostile asset files. No check may fail with an
 * internal error (a DfslabError from the DEX layer is fine: the runner records it as a check error).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AndroidApp } from '../../../app/android.js';
import { ZipArchive } from '../../../formats/zip/index.js';
import { buildZip } from '../../../formats/zip/testing.js';
import { runChecks } from '../../runner.js';
import { repoRoot } from '../../../../test/corpus.js';
import type { AndroidCheck } from '../support.js';
import { ipcChecks } from '../ipc/index.js';
import { secretsChecks } from '../secrets/index.js';
import certificatePinning from '../network/certificate-pinning.js';
import cleartextUrls from '../network/cleartext-urls.js';
import localServer from '../network/local-server.js';
import { codeChecks } from './index.js';
import { dexMutants, seededUnit } from '../testing.test-support.js';

const checks: AndroidCheck[] = [...codeChecks, ...ipcChecks, ...secretsChecks, cleartextUrls, localServer, certificatePinning];

const apkBytes = readFileSync(join(repoRoot, 'src/checks/android/code/testdata/code-edge.apk'));
const base = ZipArchive.open(apkBytes);
const manifest = base.read('AndroidManifest.xml');
const dex = base.read('classes.dex');

describe('code, ipc, secrets and network code checks on hostile input', () => {
  it('never fail with an internal error on truncated or bit-flipped classes.dex (300 seeded cases)', async () => {
    let reachedCode = 0;
    const mutants = dexMutants(apkBytes, {
      seed: 0x5eed5,
      count: 300,
      // Past the 112-byte header most of the time, so that most mutants parse and reach the checks.
      flipFrom: (i) => (i % 3 === 0 ? 0 : 0x70),
    });
    for (const { i, apk } of mutants) {
      const app = AndroidApp.open(apk, { label: `mutant-${i}.apk` });
      const out = await runChecks(app, checks);
      expect(out.failures.filter((f) => f.code === 'DFSLAB_E_INTERNAL'), `mutant ${i}`).toEqual([]);
      if (app.dex.files.length > 0) reachedCode++;
    }
    expect(reachedCode).toBeGreaterThan(60); // mutants whose DEX still parses and reaches the checks
  }, 60_000);

  it('read hostile assets without failing: binary junk, NULs, a huge single line, a key store, a lying zip entry', async () => {
    const rnd = seededUnit(7);
    const junk = new Uint8Array(200_000).map(() => Math.floor(rnd() * 256));
    const apk = buildZip([
      { name: 'AndroidManifest.xml', data: manifest },
      { name: 'classes.dex', data: dex },
      { name: 'assets/junk.json', data: junk },
      { name: 'assets/line.js', data: `var apiKey = "${'A1b2'.repeat(50_000)}";` },
      { name: 'assets/client.p12', data: junk.subarray(0, 64) },
      { name: 'assets/lies.properties', data: 'secret=Zz9!mQ2#rT', central: { uncompressedSize: 3 } },
    ]);
    const app = AndroidApp.open(apk, { label: 'hostile-assets.apk' });
    const out = await runChecks(app, checks);
    expect(out.failures.filter((f) => f.code === 'DFSLAB_E_INTERNAL')).toEqual([]);
    expect(out.findings.some((f) => f.locations[0]?.path === 'assets/client.p12')).toBe(true);
  }, 30_000);
});
