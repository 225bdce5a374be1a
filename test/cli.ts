/** Runs the CLI in-process through `run()` (what bin/dfslab.js calls) and captures its output and exit code. */
import { run, type CliIO } from '../src/cli/main.js';

export async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (s) => void (out += s), err: (s) => void (err += s), isTTY: false };
  const code = await run(args, io);
  return { code, out, err };
}
