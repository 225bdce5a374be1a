// A peer for bench/platform-bench.mjs: the bare engine, no platform. Audits `count` files, cycling through the
// given list, one after another, with the built library whose index.js is given; prints the seconds taken.
// Run once alone and twice at the same time, it shows how far two processes can scale on this machine.
const [index, count, ...files] = process.argv.slice(2);
const { audit } = await import(new URL(`file://${index}`).href);
const n = Number(count);
const t0 = performance.now();
for (let i = 0; i < n; i++) await audit(files[i % files.length], { label: `bench-${i}` });
process.stdout.write(`${((performance.now() - t0) / 1000).toFixed(3)}\n`);
