/**
 * Measures DEX parsing and code-index building on a real APK (not a unit test: timings belong here, not in
 * vitest). Usage, from the repo root:
 *
 *   npx tsc src/formats/dex/bench-index.ts --outDir /tmp/dfslab-dex-bench --module nodenext \
 *     --moduleResolution nodenext --target es2022 --skipLibCheck --types node
 *   node /tmp/dfslab-dex-bench/formats/dex/bench-index.js ../shared/corpus/uia2-server-10.6.6.apk [runs]
 *
 * It reads the APK's classes*.dex entries with a minimal central-directory walk (the bench must not
 * depend on the zip module's API), then times, per run: DexFile.parse of every DEX, scanDexCode of every
 * DEX, and the first index queries (which build the lookup maps lazily).
 */
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { DexFile } from './dex-file.js';
import { buildCodeIndex } from './index.js';
import { scanDexCode } from './scan.js';

function dexEntries(apk: Buffer): { name: string; bytes: Uint8Array }[] {
  let eocd = -1;
  for (let i = apk.length - 22; i >= Math.max(0, apk.length - 65557); i--) {
    if (apk.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('no end of central directory');
  const count = apk.readUInt16LE(eocd + 10);
  let p = apk.readUInt32LE(eocd + 16);
  const out: { name: string; bytes: Uint8Array }[] = [];
  for (let i = 0; i < count; i++) {
    const method = apk.readUInt16LE(p + 10);
    const csize = apk.readUInt32LE(p + 20);
    const nameLen = apk.readUInt16LE(p + 28);
    const extraLen = apk.readUInt16LE(p + 30);
    const commentLen = apk.readUInt16LE(p + 32);
    const local = apk.readUInt32LE(p + 42);
    const name = apk.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (!/^classes\d*\.dex$/.test(name)) continue;
    const dataStart = local + 30 + apk.readUInt16LE(local + 26) + apk.readUInt16LE(local + 28);
    const raw = apk.subarray(dataStart, dataStart + csize);
    out.push({ name, bytes: method === 0 ? new Uint8Array(raw) : new Uint8Array(inflateRawSync(raw)) });
  }
  // ART order: classes.dex, classes2.dex, classes3.dex, ...
  const rank = (n: string): number => Number(/^classes(\d*)\.dex$/.exec(n)![1] || '1');
  return out.sort((a, b) => rank(a.name) - rank(b.name));
}

function main(): void {
  const path = process.argv[2];
  if (!path) {
    console.error('usage: bench-index.js <app.apk> [runs]');
    process.exit(2);
  }
  const runs = Number(process.argv[3] ?? 5);
  const t0 = performance.now();
  const entries = dexEntries(readFileSync(path));
  const tUnzip = performance.now() - t0;
  const totalBytes = entries.reduce((s, e) => s + e.bytes.length, 0);
  console.log(`${entries.length} DEX files, ${(totalBytes / 1e6).toFixed(1)} MB, unzip ${tUnzip.toFixed(0)} ms`);
  for (let run = 1; run <= runs; run++) {
    const cpu0 = process.cpuUsage();
    const a = performance.now();
    const dexes = entries.map((e) => DexFile.parse(e.bytes, { label: e.name }));
    const b = performance.now();
    const tables = dexes.map((d) => scanDexCode(d));
    const c = performance.now();
    const index = buildCodeIndex(dexes, { tables });
    const d = performance.now();
    const q: number[] = [performance.now()];
    const cipher = index.callsTo('Ljavax/crypto/Cipher;', 'getInstance');
    q.push(performance.now());
    const logs = index.callsToAny((m) => m.classType === 'Landroid/util/Log;');
    q.push(performance.now());
    const urls = index.stringUses((s) => s.startsWith('http://'));
    q.push(performance.now());
    const build = index.fieldAccesses('Landroid/os/Build;');
    q.push(performance.now());
    const e = performance.now();
    const queryTimes = q.slice(1).map((t, i) => (t - q[i]!).toFixed(0)).join('/');
    const cpu = process.cpuUsage(cpu0);
    const mem = process.memoryUsage();
    console.log(
      `run ${run}: parse ${(b - a).toFixed(0)} ms, scan ${(c - b).toFixed(0)} ms, index ${(d - c).toFixed(0)} ms, ` +
        `first queries ${(e - d).toFixed(0)} ms (callsTo/callsToAny/stringUses/fieldAccesses ${queryTimes}), total ${(e - a).toFixed(0)} ms (cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms) | rss ${(mem.rss / 1e6).toFixed(0)} MB, ` +
        `heap ${(mem.heapUsed / 1e6).toFixed(0)} MB`,
    );
    if (run === runs) {
      console.log(JSON.stringify(index.stats));
      console.log(`Cipher.getInstance ${cipher.length}, Log.* ${logs.length}, http:// strings ${urls.length}, Build.* ${build.length}, problems ${index.problems.length}`);
    }
  }
}

main();
