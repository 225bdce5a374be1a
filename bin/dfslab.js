#!/usr/bin/env node
// Thin launcher. `npm run build` (which `npm ci` runs through `prepare`) compiles src/ to dist/ and also
// bundles the CLI into one file, dist/dfslab.mjs: loading one module instead of ~200 saves about a tenth of
// a second per run, which matters when a lab audits apps in a loop. dist/cli/main.js is the fallback.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const candidates = [new URL('../dist/dfslab.mjs', import.meta.url), new URL('../dist/cli/main.js', import.meta.url)];
const main = candidates.find((u) => existsSync(fileURLToPath(u)));
if (!main) {
  process.stderr.write('dfslab: not built yet; run `npm run build` (or `npm ci`) in the dfslab folder first\n');
  process.exit(2);
}
// A reader that stops early (`dfslab checks | head`) closes the pipe: that is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
const { run } = await import(main.href);
process.exitCode = await run(process.argv.slice(2));
