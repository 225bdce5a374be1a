/**
 * @module platform/db
 * One small database interface for the lab platform, with two implementations that run the same SQL:
 * embedded PostgreSQL (PGlite, WASM, in a data directory — the no-setup default) and a PostgreSQL server
 * (`DATABASE_URL`, through `pg`). Everything above this layer writes plain parameterised SQL against
 * `Queryable`; nothing knows which one it talks to.
 *
 * Types are made the same on both: int8/bigint and numeric come back as JavaScript numbers (ids and counts stay
 * far below 2^53), timestamptz as Date, json/jsonb parsed.
 */
import { PlatformError, ErrorCodes } from '../../errors.js';

export type Row = Record<string, unknown>;

export interface Queryable {
  /** One statement with `$1…` parameters; the rows it returns. */
  query<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** A human label: the data directory, or the server URL without its password. */
  readonly label: string;
  /** The first row or undefined. */
  one<T = Row>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /**
   * pg-boss's adapter (`{ executeSql }`): its multi-statement schema scripts run through `exec`, every other
   * statement through `query`. Serialised with the rest on PGlite, which is one backend session.
   */
  readonly bossAdapter: { executeSql(text: string, values?: unknown[]): Promise<{ rows: Row[]; rowCount: number }> };
  close(): Promise<void>;
}

export interface OpenOptions {
  /** `postgres://…`: use that server. Without it, PGlite in `dataDir`. */
  url?: string;
  /** PGlite data directory; `memory://` for a throw-away in-memory database. */
  dataDir?: string;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
}

/** Opens the database the options name: a PostgreSQL server when `url` is set, else PGlite. */
export async function openDatabase(opts: OpenOptions): Promise<Db> {
  if (opts.url) {
    const { openPostgres } = await import('./postgres.js');
    return openPostgres(opts.url, opts.poolSize ?? 10);
  }
  if (!opts.dataDir) throw new PlatformError(ErrorCodes.PLATFORM_CONFIG, 'no database: give a data directory for the embedded database, or DATABASE_URL=postgres://… for a PostgreSQL server');
  const { openPglite } = await import('./pglite.js');
  return openPglite(opts.dataDir);
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`, for logs and messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable database URL)';
  }
}
