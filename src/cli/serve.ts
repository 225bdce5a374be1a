/**
 * @module cli/serve
 * `dfslab serve`: the lab platform (web UI + HTTP API) on the embedded database, or on PostgreSQL with
 * DATABASE_URL; `dfslab worker`: a scan worker for a platform on PostgreSQL. The platform is loaded only
 * when one of these runs, so audits do not pay for it.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ErrorCodes, UsageError } from '../errors.js';
import type { ScanThreads } from '../platform/jobs/audit-runner.js';
import type { CliIO } from './main.js';

interface ServeFlags {
  dataDir?: string;
  host: string;
  port: string;
  worker: boolean;
  workers: string;
  scanThreads: string;
  databaseUrl?: string;
  publicUrl?: string;
  smtpUrl?: string;
  smtpFrom?: string;
}

/** `--smtp-url` and `--smtp-from` as the platform's SMTP settings (checked now: a typo should stop the start). */
async function smtpConfig(given: ServeFlags): Promise<{ url: string; from: string } | undefined> {
  // Read from the environment here, not as the options' defaults: `--help` prints defaults, password and all.
  const flags = { smtpUrl: given.smtpUrl ?? process.env.DFSLAB_SMTP_URL, smtpFrom: given.smtpFrom ?? process.env.DFSLAB_SMTP_FROM };
  if (!flags.smtpUrl && !flags.smtpFrom) return undefined;
  if (!flags.smtpUrl) throw new UsageError(ErrorCodes.USAGE, '--smtp-from (DFSLAB_SMTP_FROM) needs --smtp-url (DFSLAB_SMTP_URL): the server to send through');
  if (!flags.smtpFrom) throw new UsageError(ErrorCodes.USAGE, '--smtp-url (DFSLAB_SMTP_URL) needs --smtp-from (DFSLAB_SMTP_FROM): the sender address, e.g. "DFS Lab <lab@regulator.example>"');
  const { parseMailbox, parseSmtpUrl } = await import('../platform/services/mailer.js');
  try {
    parseSmtpUrl(flags.smtpUrl);
    parseMailbox(flags.smtpFrom, '--smtp-from');
  } catch (e) {
    // The mailer's messages never contain the password.
    throw new UsageError(ErrorCodes.USAGE, (e as Error).message);
  }
  return { url: flags.smtpUrl, from: flags.smtpFrom };
}

function port(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(ErrorCodes.USAGE, `--port must be a port number (0-65535), not "${v}"`);
  return n;
}

/** `--scan-threads`: how the scans' audits run (platform/jobs/audit-runner.ts). */
function scanThreads(v: string): ScanThreads {
  if (v === 'single' || v === 'multi') return v;
  throw new UsageError(ErrorCodes.USAGE, `--scan-threads must be single (each scan on one core, in a process of its own) or multi (a scan may use helper threads), not "${v}"`);
}
const SCAN_THREADS_HELP = 'single: each scan runs in a process of its own on one core (run one worker, or one --concurrency slot, per core); multi: a scan may also use helper threads (sooner alone on an idle machine, fewer scans per minute on a busy one)';

function count(v: string, what: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(ErrorCodes.USAGE, `${what} must be a whole number from 1 to 64, not "${v}"`);
  return n;
}

/** Resolves on SIGINT/SIGTERM. */
function untilSignal(): Promise<string> {
  return new Promise((res) => {
    const on = (s: string) => () => res(s);
    process.once('SIGINT', on('SIGINT'));
    process.once('SIGTERM', on('SIGTERM'));
  });
}

export function registerServe(program: Command, io: CliIO): void {
  program
    .command('serve')
    .description('run the lab platform: web UI and HTTP API (embedded database unless DATABASE_URL is set)')
    .option('--data-dir <dir>', 'where the embedded database, uploads and artifacts are kept (env DFSLAB_DATA_DIR)', process.env.DFSLAB_DATA_DIR)
    .option('--database-url <url>', 'PostgreSQL server instead of the embedded database (env DATABASE_URL)', process.env.DATABASE_URL)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0: any free port)', '8080')
    .option('--public-url <url>', 'the address users reach the platform at, for links (default: the listening address)')
    .option('--no-worker', 'do not run scans in this process (run `dfslab worker` processes instead)')
    .option('--workers <n>', 'scans run at once in this process', '1')
    .option('--scan-threads <mode>', SCAN_THREADS_HELP, 'multi')
    .option('--smtp-url <url>', 'e-mail notifications through this server: smtp://[user:password@]host[:port] (STARTTLS) or smtps://… (env DFSLAB_SMTP_URL)')
    .option('--smtp-from <address>', 'the sender of notification e-mails, e.g. "DFS Lab <lab@regulator.example>" (env DFSLAB_SMTP_FROM)')
    .action(async (flags: ServeFlags) => {
      const threads = scanThreads(flags.scanThreads);
      const smtp = await smtpConfig(flags);
      const { startPlatform } = await import('../platform/server.js');
      const dataDir = resolve(flags.dataDir ?? 'dfslab-data');
      const p = await startPlatform({
        dataDir,
        ...(flags.databaseUrl ? { databaseUrl: flags.databaseUrl } : {}),
        host: flags.host,
        port: port(flags.port),
        worker: flags.worker,
        workerConcurrency: count(flags.workers, '--workers'),
        config: {
          scanThreads: threads,
          ...(flags.publicUrl ? { publicUrl: flags.publicUrl.replace(/\/+$/, ''), secureCookies: flags.publicUrl.startsWith('https:') } : {}),
          ...(smtp ? { smtp } : {}),
        },
      });
      io.err(`dfslab: lab platform at ${p.url} (${p.db.kind === 'pglite' ? `embedded database in ${p.db.label}` : `PostgreSQL ${p.db.label}`}; ${flags.worker ? 'scans run in this process' : 'scans wait for dfslab worker processes'})\n`);
      if (smtp) {
        const { redactSmtpUrl } = await import('../platform/services/mailer.js');
        io.err(`dfslab: notifications are e-mailed through ${redactSmtpUrl(smtp.url)} from ${smtp.from}\n`);
      }
      if (p.setupUrl) io.out(`Set up the first administrator (link valid 24 hours, once):\n  ${p.setupUrl}\n`);
      const sig = await untilSignal();
      io.err(`dfslab: ${sig}: finishing running scans and stopping\n`);
      await p.stop();
    });

  program
    .command('worker')
    .description('run scan workers for a platform on PostgreSQL (DATABASE_URL)')
    .option('--data-dir <dir>', 'where uploaded artifacts are (shared with the server, e.g. a network share) (env DFSLAB_DATA_DIR)', process.env.DFSLAB_DATA_DIR)
    .option('--database-url <url>', 'the PostgreSQL server of the platform (env DATABASE_URL)', process.env.DATABASE_URL)
    .option('--concurrency <n>', 'scans run at once', '1')
    .option('--scan-threads <mode>', SCAN_THREADS_HELP, 'single')
    .action(async (flags: { dataDir?: string; databaseUrl?: string; concurrency: string; scanThreads: string }) => {
      const threads = scanThreads(flags.scanThreads);
      const concurrency = count(flags.concurrency, '--concurrency');
      if (!flags.databaseUrl) {
        throw new UsageError(ErrorCodes.USAGE, 'a worker needs the platform\'s PostgreSQL server (--database-url or DATABASE_URL); with the embedded database, `dfslab serve` runs the scans itself');
      }
      const { startWorker } = await import('../platform/server.js');
      const w = await startWorker({
        dataDir: resolve(flags.dataDir ?? 'dfslab-data'),
        databaseUrl: flags.databaseUrl,
        concurrency,
        config: { scanThreads: threads },
      });
      io.err(`dfslab: worker running against ${w.db.label}\n`);
      const sig = await untilSignal();
      io.err(`dfslab: ${sig}: finishing running scans and stopping\n`);
      await w.stop();
    });
}
