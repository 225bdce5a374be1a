// `npm run bench`: audits every APK of the corpus with dfslab and, in the same run, with androguard's
// AnalyzeAPK (the peer) and `unzip -t` (the floor: reading and inflating every entry). Every tool runs as its
// own child process, timed by wall clock, with its peak RSS read from the kernel (getrusage of the child).
// Prints a Markdown table and checks the targets on the reference app:
//   uia2-server-10.6.6.apk: dfslab median <= 1.5 s, peak RSS <= 400 MB, and >= 25x faster than androguard.
// Options: --runs N (dfslab runs per app, default 5), --peer-runs N (androguard, default 1), --no-peer,
//          --app NAME (only that app), --json FILE (write the raw figures).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const RUNS = Number(opt('--runs', 5));
const PEER_RUNS = Number(opt('--peer-runs', 1));
const WITH_PEER = !argv.includes('--no-peer');
const ONLY = opt('--app', undefined);
const REFERENCE = 'uia2-server-10.6.6.apk';
const TARGET = { medianSeconds: 1.5, peakMB: 400, speedup: 25 };

const corpus = process.env.DFSLAB_CORPUS ?? join(root, '..', 'shared', 'corpus');
if (!existsSync(corpus)) {
  console.error(`corpus not found at ${corpus} (set DFSLAB_CORPUS); nothing to benchmark`);
  process.exit(2);
}
const apps = readdirSync(corpus).filter((f) => /\.(apk|ipa)$/.test(f) && (!ONLY || f === ONLY)).sort();

/**
 * Runs a command and resolves with its wall time and peak RSS. The peak comes from GNU time's %M when
 * /usr/bin/time exists, else from the child's own report (the tools print it on stderr as "maxrss=KB").
 */
function measure(cmd, args) {
  return new Promise((resolve, reject) => {
    const useTime = existsSync('/usr/bin/time');
    const full = useTime ? ['/usr/bin/time', ['-f', 'maxrss=%M', cmd, ...args]] : [cmd, args];
    const t0 = process.hrtime.bigint();
    const child = spawn(full[0], full[1], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const m = /maxrss=(\d+)/.exec(err);
      resolve({ code, seconds, peakMB: m ? Number(m[1]) / 1024 : NaN, stderr: err });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const ANDROGUARD = `
import sys, resource
from androguard.misc import AnalyzeAPK
a, d, dx = AnalyzeAPK(sys.argv[1])
sys.stderr.write("maxrss=%d\\n" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
`;
const peerPython = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
let peerAvailable = WITH_PEER;
if (WITH_PEER) {
  const probe = await measure(peerPython, ['-c', 'import androguard.misc']);
  if (probe.code !== 0) {
    console.error('androguard is not installed (bash scripts/install-system-deps.sh); the peer column stays empty');
    peerAvailable = false;
  }
}

const bin = join(root, 'bin', 'dfslab.js');
const rows = [];
for (const app of apps) {
  const file = join(corpus, app);
  const ours = [];
  let peak = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = await measure(process.execPath, [bin, 'audit', '--json', '--no-progress', file]);
    if (r.code !== 0 && r.code !== 1) throw new Error(`dfslab failed on ${app}: ${r.stderr}`);
    ours.push(r.seconds);
    peak = Math.max(peak, r.peakMB);
  }
  const unzip = await measure('unzip', ['-tqq', file]);
  const peer = [];
  let peerPeak = NaN;
  // androguard reads Android apps only: no peer figure for IPAs.
  if (peerAvailable && app.endsWith('.apk')) {
    for (let i = 0; i < PEER_RUNS; i++) {
      const r = await measure(peerPython, ['-c', ANDROGUARD, file]);
      if (r.code !== 0) {
        console.error(`androguard failed on ${app}: ${r.stderr.split('\n').slice(-3).join(' ')}`);
        break;
      }
      peer.push(r.seconds);
      peerPeak = Math.max(Number.isNaN(peerPeak) ? 0 : peerPeak, r.peakMB);
    }
  }
  const row = {
    app,
    sizeMB: statSync(file).size / 1048576,
    oursMedian: median(ours),
    oursRuns: ours,
    oursPeakMB: peak,
    unzipSeconds: unzip.seconds,
    peerMedian: peer.length ? median(peer) : NaN,
    peerPeakMB: peerPeak,
  };
  row.speedup = row.peerMedian / row.oursMedian;
  rows.push(row);
  console.error(`${app}: dfslab ${row.oursMedian.toFixed(3)} s, androguard ${Number.isNaN(row.peerMedian) ? '-' : row.peerMedian.toFixed(2) + ' s'}`);
}

const f = (x, d = 2) => (Number.isNaN(x) ? '–' : x.toFixed(d));
const lines = [
  `| app | size MB | dfslab median s (${RUNS} runs) | dfslab peak MB | androguard AnalyzeAPK s | androguard peak MB | unzip -t s | speed-up |`,
  '|---|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.app} | ${f(r.sizeMB, 1)} | ${f(r.oursMedian, 3)} | ${f(r.oursPeakMB, 0)} | ${f(r.peerMedian)} | ${f(r.peerPeakMB, 0)} | ${f(r.unzipSeconds, 3)} | ${Number.isNaN(r.speedup) ? '–' : f(r.speedup, 1) + '×'} |`),
];
console.log(lines.join('\n'));

const opt_json = opt('--json', undefined);
if (opt_json) writeFileSync(opt_json, JSON.stringify({ node: process.version, rows }, null, 2));

const ref = rows.find((r) => r.app === REFERENCE);
if (ref) {
  const checks = [
    [`median ${f(ref.oursMedian, 3)} s <= ${TARGET.medianSeconds} s`, ref.oursMedian <= TARGET.medianSeconds],
    [`peak RSS ${f(ref.oursPeakMB, 0)} MB <= ${TARGET.peakMB} MB`, ref.oursPeakMB <= TARGET.peakMB],
  ];
  if (!Number.isNaN(ref.speedup)) checks.push([`${f(ref.speedup, 1)}x faster than androguard (>= ${TARGET.speedup}x)`, ref.speedup >= TARGET.speedup]);
  console.log('');
  for (const [what, ok] of checks) console.log(`${ok ? 'PASS' : 'FAIL'} ${REFERENCE}: ${what}`);
  if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
}
