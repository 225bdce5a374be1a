/**
 * The native-library checks on the fixture apps (multidex-native ships one weak and one hardened library),
 * on APKs rebuilt in memory with the ELF fixtures of formats/elf (text relocations, RPATH/RUNPATH, partial
 * RELRO, no PT_GNU_STACK), on hostile libraries, and on the corpus ground truth when it is present.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AndroidApp } from '../../../app/android.js';
import type { Finding } from '../../../findings/types.js';
import { PT_GNU_STACK } from '../../../formats/elf/layout.js';
import { withProgramHeaderField } from '../../../formats/elf/testing.js';
import { ZipArchive } from '../../../formats/zip/index.js';
import { buildZip, type TestZipEntry } from '../../../formats/zip/testing.js';
import { runChecks } from '../../runner.js';
import { corpusDir, CORPUS_SKIP_MESSAGE, repoRoot } from '../../../../test/corpus.js';
import { nativeChecks } from './index.js';
import executableStack from './executable-stack.js';
import relro from './relro.js';
import rpath from './rpath.js';
import textRelocations from './text-relocations.js';
import unsafeFunctions from './unsafe-functions.js';

const FIXTURES = join(repoRoot, 'fixtures/android/build');
const ELF_FIXTURES = join(repoRoot, 'src/formats/elf/testdata');

function fixture(name: string): Uint8Array {
  return readFileSync(join(FIXTURES, name));
}

function open(bytes: Uint8Array, label = 'test.apk'): AndroidApp {
  return AndroidApp.open(bytes, { label });
}

/** The entries of `base` (without its native libraries and signature) plus `libs`, as a new APK. */
function apkWithLibs(base: Uint8Array, libs: Record<string, Uint8Array>): Uint8Array {
  const zip = ZipArchive.open(base);
  const entries: TestZipEntry[] = [];
  for (const e of zip.entries) {
    if (e.isDirectory || e.name.startsWith('lib/') || e.name.startsWith('META-INF/')) continue;
    entries.push({ name: e.name, data: zip.read(e) });
  }
  for (const [name, data] of Object.entries(libs)) entries.push({ name, data });
  return buildZip(entries);
}

async function findings(app: AndroidApp, checks = nativeChecks): Promise<Finding[]> {
  const out = await runChecks(app, checks);
  expect(out.failures).toEqual([]);
  return out.findings;
}

function byCheck(list: Finding[], id: string): Finding[] {
  return list.filter((f) => f.checkId === id);
}

describe('native checks on multidex-native (weak libnative.so, hardened libsafe.so)', () => {
  const app = open(fixture('multidex-native.apk'), 'multidex-native.apk');

  it('reports each weakness of libnative.so once, for both ABIs, and nothing for libsafe.so', async () => {
    const list = await findings(app);
    const ids = list.map((f) => f.checkId).sort();
    expect(ids).toEqual([
      'android.native.executable-stack',
      'android.native.fortify',
      'android.native.relro',
      'android.native.stack-canary',
      'android.native.unsafe-functions',
    ]);
    for (const f of list) {
      expect(f.locations).toEqual([{ path: 'lib/*/libnative.so' }]);
      expect(f.message).toContain('arm64-v8a, x86_64');
      expect(f.evidence.join('\n')).not.toContain('libsafe.so');
    }
  });

  it('says what it saw in each copy', async () => {
    const list = await findings(app);
    expect(byCheck(list, 'android.native.relro')[0]!.evidence).toEqual([
      'lib/arm64-v8a/libnative.so: no PT_GNU_RELRO segment (no RELRO)',
      'lib/x86_64/libnative.so: no PT_GNU_RELRO segment (no RELRO)',
    ]);
    expect(byCheck(list, 'android.native.relro')[0]!.severity).toBe('medium');
    const unsafe = byCheck(list, 'android.native.unsafe-functions')[0]!.evidence.join('\n');
    expect(unsafe).toContain('strcpy');
    expect(unsafe).toContain('sprintf');
    // strlen is fortifiable but bounded by nature: not an "unsafe function".
    expect(unsafe).not.toContain('strlen');
    expect(byCheck(list, 'android.native.fortify')[0]!.evidence[0]).toContain('sprintf, strcpy, strlen');
  });

  it('keeps the fingerprint when an ABI is dropped', async () => {
    const zip = ZipArchive.open(fixture('multidex-native.apk'));
    const arm = apkWithLibs(fixture('multidex-native.apk'), { 'lib/arm64-v8a/libnative.so': zip.read('lib/arm64-v8a/libnative.so') });
    const both = await findings(app, [executableStack]);
    const one = await findings(open(arm), [executableStack]);
    expect(one[0]!.message).toContain('for arm64-v8a.');
    expect(one[0]!.fingerprint).toBe(both[0]!.fingerprint);
  });
});

describe('native checks on the wallet fixtures', () => {
  it('hardened-wallet (libguard.so built hardened) has no native finding', async () => {
    expect(await findings(open(fixture('hardened-wallet.apk')))).toEqual([]);
  });

  it('an app with no native code gets no native finding', async () => {
    expect(await findings(open(fixture('signed-v1-only.apk')))).toEqual([]);
  });

  it('vulnerable-wallet (liblegacy.so built the old way) gets the weak-build findings plus RPATH and TEXTREL', async () => {
    const ids = new Set((await findings(open(fixture('vulnerable-wallet.apk')))).map((f) => f.checkId));
    for (const id of ['android.native.executable-stack', 'android.native.stack-canary', 'android.native.relro', 'android.native.rpath', 'android.native.text-relocations']) {
      expect(ids, id).toContain(id);
    }
  });
});

describe('native checks on libraries from the ELF fixtures', () => {
  const base = fixture('vulnerable-wallet.apk');
  // A plain Uint8Array copy: Buffer#slice shares memory, and the mutators copy with slice().
  const elf = (name: string): Uint8Array => new Uint8Array(readFileSync(join(ELF_FIXTURES, name)));

  it('reports text relocations', async () => {
    const app = open(apkWithLibs(base, { 'lib/x86_64/libtextrel.so': elf('x86_64-textrel.so'), 'lib/x86_64/libok.so': elf('x86_64-hardened-stripped.so') }));
    const list = await findings(app, [textRelocations]);
    expect(list).toHaveLength(1);
    expect(list[0]!.locations).toEqual([{ path: 'lib/*/libtextrel.so' }]);
    expect(list[0]!.evidence[0]).toContain('DT_TEXTREL');
  });

  it('reports partial RELRO at low severity and no RELRO at medium', async () => {
    const app = open(apkWithLibs(base, { 'lib/x86_64/libpartial.so': elf('x86_64-relro-partial.so'), 'lib/x86_64/libnone.so': elf('x86_64-plain.so'), 'lib/x86_64/libfull.so': elf('x86_64-relro-full.so') }));
    const list = await findings(app, [relro]);
    const sev = Object.fromEntries(list.map((f) => [f.locations[0]!.path, f.severity]));
    expect(sev).toEqual({ 'lib/*/libpartial.so': 'low', 'lib/*/libnone.so': 'medium' });
  });

  it('reports DT_RUNPATH into a writable directory at medium, and DT_RPATH (ignored by bionic) at low', async () => {
    const app = open(apkWithLibs(base, { 'lib/x86_64/librunpath.so': elf('x86_64-relro-full.so'), 'lib/x86_64/librpath.so': elf('x86_64-plain.so'), 'lib/x86_64/libnone.so': elf('x86_64-hardened-stripped.so') }));
    const list = await findings(app, [rpath]);
    const byPath = Object.fromEntries(list.map((f) => [f.locations[0]!.path, f]));
    expect(Object.keys(byPath).sort()).toEqual(['lib/*/librpath.so', 'lib/*/librunpath.so']);
    expect(byPath['lib/*/librunpath.so']!.severity).toBe('medium');
    expect(byPath['lib/*/librunpath.so']!.evidence[0]).toContain('DT_RUNPATH "/data/local/tmp/dfslab"');
    expect(byPath['lib/*/librpath.so']!.severity).toBe('low');
    expect(byPath['lib/*/librpath.so']!.evidence[0]).toContain('ignored by the Android linker');
  });

  it('treats a missing PT_GNU_STACK as an executable stack', async () => {
    const hardened = elf('x86_64-hardened-stripped.so');
    const noStack = withProgramHeaderField(hardened, PT_GNU_STACK, 'type', 0);
    const app = open(apkWithLibs(base, { 'lib/x86_64/libnostack.so': noStack, 'lib/x86_64/libok.so': hardened }));
    const list = await findings(app, [executableStack]);
    expect(list.map((f) => f.locations[0]!.path)).toEqual(['lib/*/libnostack.so']);
  });

  it('does not call a fortified strcpy unsafe', async () => {
    const app = open(apkWithLibs(base, { 'lib/x86_64/libfortified.so': elf('x86_64-fortify.so') }));
    const list = await findings(app, [unsafeFunctions]);
    for (const f of list) expect(f.evidence.join('\n')).not.toMatch(/__\w+_chk/);
  });
});

describe('native checks on hostile libraries', () => {
  const base = fixture('vulnerable-wallet.apk');
  const weak = ZipArchive.open(fixture('multidex-native.apk')).read('lib/x86_64/libnative.so');

  it('skips files under lib/ that are not ELF', async () => {
    const app = open(apkWithLibs(base, { 'lib/arm64-v8a/libpayload.so': new TextEncoder().encode('PK\u0003\u0004 not a library') }));
    expect(await findings(app)).toEqual([]);
  });

  it('never fails on truncated or bit-flipped libraries (seeded mutation fuzz)', async () => {
    let seed = 0x5eed;
    const rand = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    for (let i = 0; i < 300; i++) {
      const lib = weak.slice();
      let mutated: Uint8Array;
      if (i % 3 === 0) mutated = lib.subarray(0, rand(lib.length));
      else {
        for (let k = 0; k < 1 + rand(8); k++) lib[i % 2 === 0 ? rand(256) : rand(lib.length)]! ^= 1 << rand(8);
        mutated = lib;
      }
      const app = open(apkWithLibs(base, { 'lib/x86_64/libfuzz.so': mutated }));
      const out = await runChecks(app, nativeChecks);
      expect(out.failures).toEqual([]);
    }
  });
});

const dir = corpusDir();
describe.skipIf(!dir)('native checks on the corpus ground truth', () => {
  if (!dir) it.skip(CORPUS_SKIP_MESSAGE, () => {});
  const load = (name: string): AndroidApp => open(readFileSync(join(dir!, name)), name);

  it('diva: executable stack in all 7 ABIs, no canary except on x86, strcpy, but full RELRO', async () => {
    const list = await findings(load('diva-mobsf.apk'));
    const nx = byCheck(list, 'android.native.executable-stack');
    expect(nx).toHaveLength(1);
    expect(nx[0]!.evidence.filter((e) => e.includes('libdivajni.so'))).toHaveLength(7);
    const canary = byCheck(list, 'android.native.stack-canary');
    expect(canary[0]!.message).not.toMatch(/\bx86\b(?!_)/);
    expect(canary[0]!.evidence).toContain('not affected: x86');
    expect(byCheck(list, 'android.native.unsafe-functions')[0]!.evidence.join('\n')).toContain('strcpy');
    expect(byCheck(list, 'android.native.relro')).toEqual([]);
  });

  it('UnCrackable Level 2 and 3: canary, NX and full RELRO everywhere, no unbounded string functions', async () => {
    for (const name of ['UnCrackable-Level2.apk', 'UnCrackable-Level3.apk']) {
      const ids = (await findings(load(name))).map((f) => f.checkId);
      for (const id of ['android.native.stack-canary', 'android.native.executable-stack', 'android.native.relro', 'android.native.unsafe-functions']) {
        expect(ids, `${name} ${id}`).not.toContain(id);
      }
    }
  });
});
