/**
 * @module cli/main
 * Entry point of the `dfslab` command. Each sub-command lives in its own file and registers itself on the
 * commander program; this file only wires them and turns errors into one clear line and an exit code.
 */
import { Command, CommanderError } from 'commander';
import { isDfslabError } from '../errors.js';
import { registerAudit } from './audit.js';
import { registerCatalog } from './catalog.js';
import { registerChecks } from './checks.js';
import { registerDiff } from './diff.js';
import { registerReport } from './report.js';
import { registerUssd } from './ussd.js';
import { registerServe } from './serve.js';
import { VERSION } from '../version.js';

/** Exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage or input error, 3 internal error. */
export const ExitCode = { OK: 0, FINDINGS: 1, ERROR: 2, BUG: 3 } as const;

export interface CliIO {
  out: (s: string) => void;
  err: (s: string) => void;
  /** Standard error is a terminal (progress is shown there). */
  isTTY: boolean;
  /** Binary-safe write to standard output (a PDF); defaults to `out` for text. */
  outBytes?: (b: string | Uint8Array) => void;
  /** Standard output is a terminal (binary output is refused there). */
  stdoutIsTTY?: boolean;
}

const defaultIO: CliIO = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stderr.isTTY),
  outBytes: (b) => process.stdout.write(b),
  stdoutIsTTY: Boolean(process.stdout.isTTY),
};

/** Runs the CLI with `argv` (without node and script) and resolves to the process exit code. */
export async function run(argv: string[], io: CliIO = defaultIO): Promise<number> {
  const debug = argv.includes('--debug');
  const program = new Command();
  let exitCode: number = ExitCode.OK;
  const setExit = (code: number): void => {
    exitCode = code;
  };
  program
    .name('dfslab')
    .description('Offline audit engine for DFS security labs (Android, iOS, USSD) against the ITU/FIGI recommendations')
    .version(VERSION, '-V, --version', 'print the dfslab version')
    .option('--debug', 'print stack traces on errors')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  registerAudit(program, io, setExit);
  registerCatalog(program, io, setExit);
  registerChecks(program, io);
  registerDiff(program, io, setExit);
  registerReport(program, io, setExit);
  registerUssd(program, io, setExit);
  registerServe(program, io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version are not failures
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0) return ExitCode.OK;
      return ExitCode.ERROR;
    }
    if (isDfslabError(e)) {
      io.err(`dfslab: ${e.toLine()}\n`);
      if (debug && e.stack) io.err(`${e.stack}\n`);
      return ExitCode.ERROR;
    }
    const msg = e instanceof Error ? e.message : String(e);
    io.err(`dfslab: internal error: ${msg} (this is a bug; please report it with --debug output)\n`);
    if (debug && e instanceof Error && e.stack) io.err(`${e.stack}\n`);
    return ExitCode.BUG;
  }
}
