// A peer for bench/platform-bench.mjs: the bare engine, no platform. Audits `count` files, cycling through the
// given list, one after another, with the built library whose index.js is given; prints the seconds taken.
// Run once alone and twice at the same time, it shows how far two processes can scale on this machine.
// `--no-thread-pool` first: every step of each audit on this thread, as a `--scan-threads single` worker does
// (started with node --single-threaded by the caller).
const args = process.argv.slice(2);
const threadPool = args[0] !== '--no-thread-pool';
if (!threadPool) args.shift();
const [index, count, ...files] = args;
const { audit } = await import(new URL(`file://${index}`).href);
const n = Number(count);
const t0 = performance.now();
for (let i = 0; i < n; i++) await audit(files[i % files.length], { label: `bench-${i}`, threadPool });
process.stdout.write(`${((performance.now() - t0) / 1000).toFixed(3)}\n`);
