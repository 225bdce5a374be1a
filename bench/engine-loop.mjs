// A peer for bench/platform-bench.mjs: the bare engine, no platform. Audits `count` files, cycling through the
// given list, one after another, with the built library whose index.js is given; prints the seconds taken.
// Run once alone and twice at the same time, it shows how far two processes can scale on this machine.
// Options, before the positional arguments:
//   --no-thread-pool  every step of each audit on this thread, as a `--scan-threads single` worker does
//                     (started with node --single-threaded by the caller);
//   --warm N          first audit N files untimed (the compiled code warms up, as in a long-running worker);
//   --rounds R        time R rounds of `count` audits; before each, print "ready" and wait for a line on
//                     stdin, so that two processes are timed from the same moment (one line of seconds each).
const args = process.argv.slice(2);
let threadPool = true;
let warm = 0;
let rounds = 0;
for (;;) {
  if (args[0] === '--no-thread-pool') {
    threadPool = false;
    args.shift();
  } else if (args[0] === '--warm' || args[0] === '--rounds') {
    if (args[0] === '--warm') warm = Number(args[1]);
    else rounds = Number(args[1]);
    args.splice(0, 2);
  } else break;
}
const [index, count, ...files] = args;
const { audit } = await import(new URL(`file://${index}`).href);
const n = Number(count);
let next = 0;
const one = () => audit(files[next % files.length], { label: `bench-${next++}`, threadPool });
for (let i = 0; i < warm; i++) await one();
const lines = [];
let waiting;
if (rounds > 0) {
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (d) => {
    for (const l of d.split('\n').slice(0, -1)) lines.push(l);
    waiting?.();
  });
}
const go = async () => {
  process.stdout.write('ready\n');
  while (!lines.length) await new Promise((r) => (waiting = r));
  lines.shift();
};
for (let r = 0; r < Math.max(1, rounds); r++) {
  if (rounds > 0) await go();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await one();
  process.stdout.write(`${((performance.now() - t0) / 1000).toFixed(3)}\n`);
}
process.stdin.pause();
