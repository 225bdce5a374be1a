// The full USSD test suite in quick mode against the reference service (`npm run bench`, last part), in one
// process from the built package. Target: the whole run (crawl + every test) ≤ 60 s. The peer is the floor
// the rate limit sets: the same number of requests sent back to back at the target file's rate cannot take
// less than requests / rate seconds; the script prints the run's time as a ratio to that floor, and checks the
// service's own request log never saw more requests in a second than the rate.
// Options: --profile vulnerable|hardened (default vulnerable), --rate N (default: the example target's).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const PROFILE = opt('--profile', 'vulnerable');
const TARGET_SECONDS = 60;

const lib = await import(join(root, 'dist', 'index.js'));
const wallet = await import(join(root, 'dist', 'examples', 'ussd-wallet', 'index.js'));
const { parseTarget, connectTarget, runUssdTests, ussdTests, crawlMenu, crawlOptionsFor } = lib;

// The example target file, pointed at a wallet started here on a free port.
const example = readFileSync(join(root, 'examples', 'ussd-wallet', 'target.yaml'), 'utf8');
const rate = Number(opt('--rate', /ratePerSecond:\s*(\d+)/.exec(example)?.[1] ?? '5'));
const server = await wallet.startWallet({ profile: PROFILE, port: 0, gatewayKey: 'bench-gateway-key' });
const endpoint = `${server.url}${server.paths.africastalking}`;
let yaml = example.replace(/^endpoint: .*$/m, `endpoint: ${endpoint}`).replace(/ratePerSecond:\s*\d+/, `ratePerSecond: ${rate}`);
if (PROFILE === 'hardened') {
  const ca = join(root, 'examples', 'ussd-wallet', 'certs', 'lab-localhost.cert.pem');
  yaml += `auth: { headers: { x-gateway-key: bench-gateway-key } }\ntls: { ca: '${ca}' }\n`;
}
const target = parseTarget(yaml, 'examples/ussd-wallet/target.yaml');
const conn = await connectTarget(target);

const t0 = performance.now();
const result = await runUssdTests(conn, ussdTests, { crawl: () => crawlMenu(conn.client.withSource('crawl'), crawlOptionsFor(conn)) });
const seconds = (performance.now() - t0) / 1000;
await server.stop();

const times = server.requestLog.map((r) => r.receivedMs).sort((a, b) => a - b);
let peak = 0;
for (let i = 0, j = 0; i < times.length; i++) {
  while (times[i] - times[j] >= 1000) j++;
  peak = Math.max(peak, i - j + 1);
}
const floor = result.stats.requests / rate;
console.log(`\n### USSD test suite (reference service, ${PROFILE} profile, quick mode, ${rate} requests/s)\n`);
console.log('| tests run | findings | requests | seconds | floor (requests / rate) | ratio to floor | peak requests in 1 s |');
console.log('|---:|---:|---:|---:|---:|---:|---:|');
console.log(`| ${result.testsRun.length} | ${result.findings.length} | ${result.stats.requests} | ${seconds.toFixed(1)} | ${floor.toFixed(1)} | ${(seconds / floor).toFixed(2)} | ${peak} |`);
const timeOk = seconds <= TARGET_SECONDS;
const rateOk = peak <= rate;
console.log(`\nwhole run ≤ ${TARGET_SECONDS} s: ${timeOk ? 'PASS' : 'FAIL'} (${seconds.toFixed(1)} s)`);
console.log(`rate never above ${rate}/s (service log): ${rateOk ? 'PASS' : 'FAIL'} (peak ${peak})`);
if (!timeOk || !rateOk) process.exitCode = 1;
