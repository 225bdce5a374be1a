// iOS benchmark (part of `npm run bench`): builds a large IPA — a fat (arm64 + x86_64) main binary of about
// 2 x 24 MB, six embedded frameworks of 8 MB each and 30 MB of resources, over 100 MB in all — with the same
// tools as the iOS fixtures (clang-14, ld64.lld-14, llvm-lipo-14), then audits it with `dfslab audit --json`
// in child processes and checks the targets: median <= 2 s and peak RSS <= 500 MB. `unzip -t` is the floor.
// The binaries carry large __TEXT,__const payloads of pseudo-random bytes, so string and symbol scans see
// realistic volumes. Options: --runs N (default 5), --keep (leave the work folder), --json FILE.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildZip } from '../dist/formats/zip/testing.js';
import { Rng } from '../dist/fuzz/mutate.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (n, d) => (argv.includes(n) ? argv[argv.indexOf(n) + 1] : d);
const RUNS = Number(opt('--runs', 5));
const TARGET = { medianSeconds: 2, peakMB: 500 };
const SDK = join(root, 'fixtures', 'ios', 'sdk');

for (const tool of ['clang-14', 'ld64.lld-14', 'llvm-lipo-14']) {
  try {
    execFileSync('which', [tool], { stdio: 'ignore' });
  } catch {
    console.error(`${tool} is not installed (bash scripts/install-system-deps.sh); cannot build the large IPA`);
    process.exit(2);
  }
}

const work = mkdtempSync(join(tmpdir(), 'dfslab-ios-bench-'));
const run = (cmd, args) => execFileSync(cmd, args, { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] });

function randomBytes(n, seed) {
  const rng = new Rng(seed);
  const b = Buffer.alloc(n);
  for (let i = 0; i + 4 <= n; i += 4) b.writeUInt32LE(rng.next(), i);
  return b;
}

/** One Mach-O (executable or dylib) for one arch with `mb` MB of constant data. */
function machO(name, arch, mb, seed, dylib) {
  const target = `${arch}-apple-ios14.0`;
  writeFileSync(join(work, `${name}.${arch}.bin`), randomBytes(mb * 1024 * 1024, seed));
  writeFileSync(join(work, `${name}.${arch}.s`), `\t.section __TEXT,__const\n\t.globl _${name}_blob\n_${name}_blob:\n\t.incbin "${name}.${arch}.bin"\n`);
  writeFileSync(
    join(work, `${name}.c`),
    `extern const unsigned char ${name}_blob[];\nconst char *${name}_url = "https://api.bank.example/v1/";\n` +
      (dylib ? `int ${name}_entry(int i) { return ${name}_blob[i]; }\n` : `int main(int c, char **v) { (void)v; return ${name}_blob[c]; }\n`),
  );
  run('clang-14', ['-target', target, '-O2', '-fstack-protector-strong', '-c', `${name}.${arch}.s`, '-o', `${name}.${arch}.blob.o`]);
  run('clang-14', ['-target', target, '-O2', '-fstack-protector-strong', '-c', `${name}.c`, '-o', `${name}.${arch}.o`]);
  const platform = 'ios';
  const out = `${name}.${arch}`;
  const link = ['-arch', arch, '-platform_version', platform, '14.0', '15.0', '-adhoc_codesign', '-o', out, `${name}.${arch}.o`, `${name}.${arch}.blob.o`, join(SDK, 'libSystem.tbd')];
  if (dylib) run('ld64.lld-14', ['-dylib', '-install_name', `@rpath/${name}.framework/${name}`, ...link]);
  else run('ld64.lld-14', ['-e', '_main', '-rpath', '@executable_path/Frameworks', ...link]);
  return readFileSync(join(work, out));
}

const plist = (exe, id) => `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict>
<key>CFBundleIdentifier</key><string>${id}</string><key>CFBundleExecutable</key><string>${exe}</string>
<key>CFBundleShortVersionString</key><string>1.0</string><key>CFBundleVersion</key><string>1</string>
<key>MinimumOSVersion</key><string>14.0</string>
</dict></plist>`;

console.error('building the large IPA…');
const entries = [];
const app = 'Payload/BigBank.app/';
machO('BigBank', 'arm64', 24, 1, false);
machO('BigBank', 'x86_64', 24, 2, false);
run('llvm-lipo-14', ['-create', 'BigBank.arm64', 'BigBank.x86_64', '-output', 'BigBank']);
entries.push({ name: `${app}Info.plist`, data: plist('BigBank', 'org.dfslab.bench.bigbank') });
entries.push({ name: `${app}BigBank`, data: readFileSync(join(work, 'BigBank')) });
for (let i = 1; i <= 6; i++) {
  const name = `Fw${i}`;
  entries.push({ name: `${app}Frameworks/${name}.framework/Info.plist`, data: plist(name, `org.dfslab.bench.fw${i}`) });
  entries.push({ name: `${app}Frameworks/${name}.framework/${name}`, data: machO(name, 'arm64', 8, 10 + i, true) });
}
for (let i = 0; i < 6; i++) entries.push({ name: `${app}Assets-${i}.car`, data: randomBytes(5 * 1024 * 1024, 100 + i), method: 'store' });
for (let i = 0; i < 200; i++) entries.push({ name: `${app}en.lproj/Screen${i}.strings`, data: `"title_${i}" = "Balance ${i}";\n"url_${i}" = "https://bank.example/${i}";\n` });
const ipaPath = join(work, 'BigBank.ipa');
writeFileSync(ipaPath, buildZip(entries));
const sizeMB = statSync(ipaPath).size / 1048576;
console.error(`built ${ipaPath} (${sizeMB.toFixed(1)} MB)`);

function measure(cmd, args) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', 'maxrss=%M', cmd, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, seconds: Number(process.hrtime.bigint() - t0) / 1e9, peakMB: Number(/maxrss=(\d+)/.exec(err)?.[1] ?? NaN) / 1024, err }));
  });
}

const times = [];
let peak = 0;
for (let i = 0; i < RUNS; i++) {
  const r = await measure(process.execPath, [join(root, 'bin', 'dfslab.js'), 'audit', '--json', '--no-progress', ipaPath]);
  if (r.code !== 0 && r.code !== 1) throw new Error(`dfslab failed on the large IPA: ${r.err}`);
  times.push(r.seconds);
  peak = Math.max(peak, r.peakMB);
}
const unzip = await measure('unzip', ['-tqq', ipaPath]);
times.sort((a, b) => a - b);
const median = times.length % 2 ? times[(times.length - 1) / 2] : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
console.log(`| app | size MB | dfslab median s (${RUNS} runs) | dfslab peak MB | unzip -t s |`);
console.log('|---|---:|---:|---:|---:|');
console.log(`| generated BigBank.ipa (fat 2 x 24 MB main binary, 6 x 8 MB frameworks, 30 MB assets) | ${sizeMB.toFixed(1)} | ${median.toFixed(3)} | ${peak.toFixed(0)} | ${unzip.seconds.toFixed(3)} |`);
const checks = [
  [`median ${median.toFixed(3)} s <= ${TARGET.medianSeconds} s`, median <= TARGET.medianSeconds],
  [`peak RSS ${peak.toFixed(0)} MB <= ${TARGET.peakMB} MB`, peak <= TARGET.peakMB],
  [`size ${sizeMB.toFixed(1)} MB >= 100 MB`, sizeMB >= 100],
];
console.log('');
for (const [what, ok] of checks) console.log(`${ok ? 'PASS' : 'FAIL'} large IPA: ${what}`);
if (opt('--json', undefined)) writeFileSync(opt('--json'), JSON.stringify({ sizeMB, times, peak, unzip: unzip.seconds }, null, 2));
if (!argv.includes('--keep')) rmSync(work, { recursive: true, force: true });
else console.error(`kept ${work}`);
if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
