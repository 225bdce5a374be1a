/**
 * The resilience (control) checks on the fixture apps: hardened-wallet (every protection present),
 * vulnerable-wallet (none), and two apps of this folder's testdata/ — resilience-decoys (the same APIs and
 * strings used for other purposes, and real probes inside a library namespace: nothing may pass) and
 * resilience-more (protections written in the other ways the checks must recognise). Then hostile DEX
 * input, and the corpus ground truth when present.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AndroidApp } from '../../../app/android.js';
import { ZipArchive } from '../../../formats/zip/index.js';
import { buildZip } from '../../../formats/zip/testing.js';
import { runChecks, type RunOutcome } from '../../runner.js';
import { corpusDir, CORPUS_SKIP_MESSAGE, repoRoot } from '../../../../test/corpus.js';
import { resilienceChecks } from './index.js';
import { measureNaming } from './obfuscation.js';
import { nativeStringProofs } from './native-probe-support.js';
import { loadApp, loadFixture, runClean } from '../testing.test-support.js';

const here = dirname(fileURLToPath(import.meta.url));
const ALL_IDS = resilienceChecks.map((c) => c.id).sort();

const load = loadApp;
const fixture = loadFixture;
const testdata = (name: string): AndroidApp => load(join(here, 'testdata', name));

const run = (app: AndroidApp): Promise<RunOutcome> => runClean(app, resilienceChecks);

function evidenceOf(out: RunOutcome, id: string): string {
  return out.passes.filter((p) => p.checkId === id).flatMap((p) => p.evidence).join('\n');
}

describe('hardened-wallet: every protection is found', () => {
  it('passes every resilience check and reports no finding', async () => {
    const out = await run(fixture('hardened-wallet.apk'));
    expect(out.findings).toEqual([]);
    expect(out.passes.map((p) => p.checkId).sort()).toEqual(ALL_IDS);
  });

  it('names the probes it found', async () => {
    const out = await run(fixture('hardened-wallet.apk'));
    expect(evidenceOf(out, 'android.resilience.root-detection')).toMatch(/a\.c\.a\(\)Z: looks for root artifacts .*"\/sbin\/su".*\(11 in all\) \(File\.<init>\)/);
    expect(evidenceOf(out, 'android.resilience.root-detection')).toContain('compares Build.TAGS with "test-keys"');
    expect(evidenceOf(out, 'android.resilience.emulator-detection')).toMatch(/Build\.FINGERPRINT.*"generic"/);
    const debug = evidenceOf(out, 'android.resilience.debugger-detection');
    expect(debug).toContain('calls Debug.isDebuggerConnected()');
    expect(debug).toContain('tests ApplicationInfo.flags & FLAG_DEBUGGABLE (0x2)');
    expect(debug).toContain('"TracerPid:"');
    const hook = evidenceOf(out, 'android.resilience.hooking-detection');
    expect(hook).toContain('connects to local port 27042');
    expect(hook).toMatch(/"frida".*\(FileReader\.<init>\)/);
    const tamper = evidenceOf(out, 'android.resilience.tamper-detection');
    expect(tamper).toContain('GET_SIGNING_CERTIFICATES 0x8000000');
    expect(tamper).toContain('GET_SIGNATURES 0x40');
    expect(tamper).toContain('getInstallerPackageName()');
    expect(evidenceOf(out, 'android.resilience.play-integrity')).toContain('IntegrityManager.requestIntegrityToken()');
    // every counted app class is renamed (the count grows as fixture cases are added)
    expect(evidenceOf(out, 'android.resilience.obfuscation')).toMatch(/app classes with shrinker names: (\d+)\/\1 /);
  });

  it('finds the Frida scan of its native library (read only when the bytecode shows nothing)', () => {
    const native = nativeStringProofs(fixture('hardened-wallet.apk'));
    expect(native.map((p) => [p.kind, p.proof.evidence])).toEqual([
      ['hooking', 'libguard.so (arm64-v8a, x86_64): looks for "frida", "gum-js-loop" in "/proc/self/maps" (imports a file-open and a string-search function)'],
    ]);
    expect(native[0]!.proof.location).toEqual({ path: 'lib/arm64-v8a/libguard.so' });
  });

  it('locates passes in code, marked as app code', async () => {
    const out = await run(fixture('hardened-wallet.apk'));
    const root = out.passes.find((p) => p.checkId === 'android.resilience.root-detection')!;
    expect(root.locations[0]).toMatchObject({ path: 'classes.dex', class: 'a.c', method: 'a()Z' });
    expect(root.locations.some((l) => l.library)).toBe(false);
  });
});

describe('vulnerable-wallet: no protection at all', () => {
  it('reports every resilience check as missing, without locations, and passes none', async () => {
    const out = await run(fixture('vulnerable-wallet.apk'));
    expect(out.passes).toEqual([]);
    expect(out.findings.map((f) => f.checkId).sort()).toEqual(ALL_IDS);
    for (const f of out.findings) expect(f.locations).toEqual([]);
    const obf = out.findings.find((f) => f.checkId === 'android.resilience.obfuscation')!;
    expect(obf.evidence[0]).toMatch(/^app classes with shrinker names: 0\/\d+/);
  });
});

describe('resilience-decoys: look-alikes and library probes do not count', () => {
  it('passes nothing', async () => {
    const out = await run(testdata('resilience-decoys.apk'));
    expect(out.passes).toEqual([]);
    const reported = out.findings.map((f) => f.checkId);
    for (const id of ALL_IDS.filter((i) => i !== 'android.resilience.obfuscation')) expect(reported).toContain(id);
  });

  it('gives no obfuscation verdict on an app with almost no own code', async () => {
    const out = await run(testdata('resilience-decoys.apk'));
    expect(out.findings.concat().map((f) => f.checkId)).not.toContain('android.resilience.obfuscation');
    const s = measureNaming(testdata('resilience-decoys.apk'));
    // The crash reporter's class is library code; MainActivity is a component: one renamable class left.
    expect(s.classes).toBe(1);
  });
});

describe('resilience-more: the other ways protections are written', () => {
  it('passes every protection check', async () => {
    const out = await run(testdata('resilience-more.apk'));
    expect(out.passes.map((p) => p.checkId).sort()).toEqual(ALL_IDS.filter((i) => i !== 'android.resilience.obfuscation'));
  });

  it('follows an artifact into a probing helper, and recognises RootBeer', async () => {
    const root = evidenceOf(await run(testdata('resilience-more.apk')), 'android.resilience.root-detection');
    expect(root).toContain('passes root artifact "/system/xbin/su" to fileExists(), which calls File.<init>');
    expect(root).toContain('calls RootBeer.isRooted()');
  });

  it('sees inherited calls made through a subclass and the API 33 flags object', async () => {
    const tamper = evidenceOf(await run(testdata('resilience-more.apk')), 'android.resilience.tamper-detection');
    expect(tamper).toContain('MainActivity.apkDigest()[B: computes MessageDigest.update() over its own package (getPackageCodePath())');
    expect(tamper).toContain('GET_SIGNING_CERTIFICATES 0x8000000');
  });

  it('reads a mask held in a register, QEMU files, telephony defaults and class lookups', async () => {
    const out = await run(testdata('resilience-more.apk'));
    expect(evidenceOf(out, 'android.resilience.debugger-detection')).toContain('Guard.debuggable');
    expect(evidenceOf(out, 'android.resilience.emulator-detection')).toContain('"/dev/qemu_pipe" (File.<init>)');
    expect(evidenceOf(out, 'android.resilience.emulator-detection')).toContain('TelephonyManager.getLine1Number() with the emulator defaults "15555215554"');
    expect(evidenceOf(out, 'android.resilience.hooking-detection')).toContain('"de.robv.android.xposed.XposedBridge" (Class.forName)');
    expect(evidenceOf(out, 'android.resilience.play-integrity')).toContain('IntegrityManagerFactory.createStandard()');
  });
});

describe('hostile code', () => {
  it('never fails with an internal error on bit-flipped DEX code (seeded mutation fuzz)', async () => {
    const zip = ZipArchive.open(readFileSync(join(repoRoot, 'fixtures/android/build/hardened-wallet.apk')));
    const dex = zip.read('classes.dex');
    let seed = 0xbadc0de;
    const rand = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    for (let i = 0; i < 200; i++) {
      const mutated = i % 4 === 0 ? dex.slice(0, rand(dex.length)) : dex.slice();
      if (i % 4 !== 0) for (let k = 0; k < 1 + rand(16); k++) mutated[0x70 + rand(mutated.length - 0x70)]! ^= 1 << rand(8);
      const entries = zip.entries
        .filter((e) => !e.isDirectory && !e.name.startsWith('META-INF/'))
        .map((e) => ({ name: e.name, data: e.name === 'classes.dex' ? mutated : zip.read(e) }));
      const app = AndroidApp.open(buildZip(entries), { label: `fuzz-${i}.apk` });
      const out = await runChecks(app, resilienceChecks);
      for (const f of out.failures) expect(f.code, `${f.checkId}: ${f.message}`).not.toBe('DFSLAB_E_INTERNAL');
    }
  });
});

const dir = corpusDir();
describe.skipIf(!dir)('resilience checks on the corpus ground truth', () => {
  if (!dir) it.skip(CORPUS_SKIP_MESSAGE, () => {});
  const outcomes = new Map<string, Promise<RunOutcome>>();
  const corpus = (name: string): Promise<RunOutcome> => {
    let o = outcomes.get(name);
    if (!o) outcomes.set(name, (o = run(load(join(dir!, name)))));
    return o;
  };
  const passed = async (name: string, id: string): Promise<boolean> => (await corpus(name)).passes.some((p) => p.checkId === id);
  const reported = async (name: string, id: string): Promise<boolean> => (await corpus(name)).findings.some((f) => f.checkId === id);

  it('finds the root detection of the crackmes and of InsecureBankv2 (exec "which su", Superuser.apk via a helper)', async () => {
    for (const name of ['UnCrackable-Level1.apk', 'UnCrackable-Level2.apk', 'UnCrackable-Level3.apk', 'InsecureBankv2.apk']) {
      expect(await passed(name, 'android.resilience.root-detection'), name).toBe(true);
    }
    for (const name of ['diva-mobsf.apk', 'InjuredAndroid.apk']) expect(await reported(name, 'android.resilience.root-detection'), name).toBe(true);
  });

  it('finds Java and native anti-debugging, and reports its absence in InsecureBankv2', async () => {
    for (const name of ['UnCrackable-Level1.apk', 'UnCrackable-Level2.apk', 'UnCrackable-Level3.apk']) {
      expect(await passed(name, 'android.resilience.debugger-detection'), name).toBe(true);
    }
    const l2 = (await corpus('UnCrackable-Level2.apk')).passes.find((p) => p.checkId === 'android.resilience.debugger-detection')!;
    expect(l2.evidence.join('\n')).toContain('imports ptrace with fork, getppid');
    expect(await reported('InsecureBankv2.apk', 'android.resilience.debugger-detection')).toBe(true);
  });

  it('finds the CRC check and the native Frida/Xposed scan of Level 3; none in InsecureBankv2', async () => {
    expect(await passed('UnCrackable-Level3.apk', 'android.resilience.tamper-detection')).toBe(true);
    expect(await passed('UnCrackable-Level3.apk', 'android.resilience.hooking-detection')).toBe(true);
    expect(await reported('InsecureBankv2.apk', 'android.resilience.tamper-detection')).toBe(true);
    expect(await reported('InsecureBankv2.apk', 'android.resilience.emulator-detection')).toBe(true);
  });

  it('measures renaming in app code only: renamed crackmes pass, readable apps (and Base64 class names) do not', async () => {
    for (const name of ['UnCrackable-Level1.apk', 'UnCrackable-Level2.apk']) expect(await passed(name, 'android.resilience.obfuscation'), name).toBe(true);
    for (const name of ['InsecureBankv2.apk', 'diva-mobsf.apk', 'InjuredAndroid.apk', 'DVHMA-featherweight.apk', 'appium-settings-8.0.10.apk', 'uia2-server-10.6.6.apk']) {
      expect(await reported(name, 'android.resilience.obfuscation'), name).toBe(true);
    }
  });
});
