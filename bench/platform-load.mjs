// Load generator of `bench/platform-bench.mjs`, run as a process of its own so that the measuring and the
// measured never share an event loop. It reads one JSON job on stdin:
//   { "base": "http://127.0.0.1:PORT", "path": "/api/v1/findings", "seconds": 15, "warmupSeconds": 1,
//     "users": [ { "cookie": "…" } | { "authorization": "Bearer …" }, … ] }
// and runs one loop per user (a virtual user: one request at a time, the next as soon as the answer has been
// read to its last byte), over node's http.Agent with keep-alive — one connection per user. Requests that
// start during the warm-up are not counted. It prints one JSON line on stdout: requests, requests/s, errors,
// non-2xx answers, the mean size of an answer, the latency percentiles in ms (nearest rank) and its own CPU
// time. Loopback only: any other host is refused.
import http from 'node:http';

const input = await new Promise((resolve, reject) => {
  let s = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (d) => (s += d));
  process.stdin.on('end', () => resolve(s));
  process.stdin.on('error', reject);
});
const job = JSON.parse(input);
const base = new URL(job.base);
if (!['127.0.0.1', 'localhost', '[::1]'].includes(base.hostname)) {
  process.stderr.write(`platform-load: ${base.hostname} is not a loopback address; refusing\n`);
  process.exit(2);
}
const users = job.users;
const seconds = Number(job.seconds ?? 15);
const warmup = Number(job.warmupSeconds ?? 1);
const agent = new http.Agent({ keepAlive: true, maxSockets: users.length, maxFreeSockets: users.length });

/** One GET, timed from the request to the last byte of the answer. */
function get(headers) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const ms = () => Number(process.hrtime.bigint() - t0) / 1e6;
    const req = http.request({ host: base.hostname.replace(/^\[|\]$/g, ''), port: base.port, path: job.path, method: 'GET', agent, headers }, (res) => {
      let bytes = 0;
      res.on('data', (d) => (bytes += d.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: ms(), bytes }));
      res.on('error', (e) => resolve({ status: 0, ms: ms(), error: e.code ?? e.message }));
    });
    req.on('error', (e) => resolve({ status: 0, ms: ms(), error: e.code ?? e.message }));
    req.end();
  });
}

const start = Date.now();
const countFrom = start + warmup * 1000;
const end = countFrom + seconds * 1000;
const latencies = [];
let errors = 0;
let non2xx = 0;
let bytes = 0;
const errorKinds = {};
const statuses = {};

async function virtualUser(u) {
  const headers = { accept: u.accept ?? '*/*', ...(u.cookie ? { cookie: u.cookie } : {}), ...(u.authorization ? { authorization: u.authorization } : {}) };
  while (Date.now() < end) {
    const began = Date.now();
    const r = await get(headers);
    if (began < countFrom) continue;
    latencies.push(r.ms);
    bytes += r.bytes ?? 0;
    if (r.status === 0) {
      errors++;
      errorKinds[r.error] = (errorKinds[r.error] ?? 0) + 1;
    } else {
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      if (r.status < 200 || r.status > 299) non2xx++;
    }
  }
}

await Promise.all(users.map(virtualUser));
const measured = (Date.now() - countFrom) / 1000;
agent.destroy();
latencies.sort((a, b) => a - b);
const pct = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] : NaN);
const mean = latencies.reduce((a, b) => a + b, 0) / (latencies.length || 1);
process.stdout.write(
  `${JSON.stringify({
    path: job.path,
    users: users.length,
    seconds: measured,
    requests: latencies.length,
    rps: latencies.length / measured,
    errors,
    errorKinds,
    non2xx,
    statuses,
    mean,
    meanBytes: bytes / (latencies.length || 1),
    p50: pct(50),
    p95: pct(95),
    p99: pct(99),
    max: latencies.at(-1) ?? NaN,
    // This process's own CPU time, so that the bench can tell its share of the machine from the server's.
    cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
  })}\n`,
);
