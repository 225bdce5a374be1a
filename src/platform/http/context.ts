/**
 * @module platform/http/context
 * What every handler can reach: the database, the job queue, where artifacts are kept, and the settings.
 */
import type { Db } from '../db/db.js';
import type { ScanThreads } from '../jobs/audit-runner.js';
import type { JobQueue } from '../jobs/queue.js';

export interface PlatformConfig {
  /** Where uploads, artifacts and (for the embedded database) the database live. */
  dataDir: string;
  /** The address users reach the server at (for links in messages), e.g. http://127.0.0.1:8080. */
  publicUrl: string;
  /** Largest upload accepted, in bytes (default 1 GiB). */
  maxUploadBytes: number;
  /** Set the Secure flag on cookies (default: when publicUrl is https). */
  secureCookies: boolean;
  /** Idle and absolute lifetime of a browser session, in seconds. */
  sessionIdleSeconds: number;
  sessionMaxSeconds: number;
  /** Failed logins before an account is locked, and for how long (seconds). */
  lockoutThreshold: number;
  lockoutSeconds: number;
  /** Failed logins from one address within `loginWindowSeconds` before further tries are refused. */
  loginRateLimit: number;
  loginWindowSeconds: number;
  /** Largest evidence file (screenshot, capture, document) accepted, in bytes (default 200 MiB). */
  maxEvidenceBytes: number;
  /** Outgoing e-mail for notifications; absent: notifications stay in the app. */
  smtp?: SmtpConfig | undefined;
  /**
   * How this process runs its scans' audits (jobs/audit-runner.ts): `multi` (default), a worker thread that may
   * also use V8's and libuv's helper threads; `single`, a child process kept to one core (`dfslab worker`).
   */
  scanThreads: ScanThreads;
}

export interface SmtpConfig {
  /** `smtp://user:pass@host:port` (STARTTLS when offered) or `smtps://…` (TLS from the start). */
  url: string;
  /** The sender address, e.g. `dfslab <lab@regulator.example>`. */
  from: string;
}

export function defaultConfig(dataDir: string, publicUrl = 'http://127.0.0.1:8080'): PlatformConfig {
  return {
    dataDir,
    publicUrl,
    maxUploadBytes: 1024 * 1024 * 1024,
    secureCookies: publicUrl.startsWith('https:'),
    sessionIdleSeconds: 12 * 3600,
    sessionMaxSeconds: 7 * 24 * 3600,
    lockoutThreshold: 5,
    lockoutSeconds: 15 * 60,
    loginRateLimit: 20,
    loginWindowSeconds: 15 * 60,
    maxEvidenceBytes: 200 * 1024 * 1024,
    scanThreads: 'multi',
  };
}

export interface PlatformContext {
  db: Db;
  config: PlatformConfig;
  queue: JobQueue;
}
