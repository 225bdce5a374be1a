/**
 * @module platform/db/pglite
 * The embedded database: PGlite (PostgreSQL compiled to WASM) in a data directory. PGlite is a single
 * backend session, so every statement and transaction — the platform's and pg-boss's — goes through one
 * queue here: a transaction holds the queue until it ends, and nothing interleaves with it.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import { ErrorCodes, PlatformError } from '../../errors.js';
import type { Db, Queryable, Row } from './db.js';

const PARSERS = {
  [types.INT8]: (v: string) => Number(v),
  [types.NUMERIC]: (v: string) => Number(v),
};

export async function openPglite(dataDir: string): Promise<Db> {
  const memory = dataDir === 'memory://';
  if (!memory) {
    try {
      mkdirSync(dataDir, { recursive: true });
    } catch (e) {
      throw new PlatformError(ErrorCodes.DB_UNAVAILABLE, `cannot create the data directory ${dataDir}: ${(e as Error).message}`, { path: dataDir, cause: e });
    }
  }
  const unlock = memory ? () => undefined : lockDataDir(dataDir);
  let pg: PGlite;
  try {
    pg = await PGlite.create(memory ? undefined : dataDir, { parsers: PARSERS });
  } catch (e) {
    unlock();
    throw new PlatformError(ErrorCodes.DB_UNAVAILABLE, `cannot open the embedded database in ${dataDir}: ${(e as Error).message}`, { path: dataDir, cause: e });
  }

  // One queue for everything (see the module comment).
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };

  const on = (q: PGlite | Transaction): Queryable => ({
    async query<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
      const r = await q.query<T>(sql, params as unknown[]);
      return r.rows;
    },
    async exec(sql: string): Promise<void> {
      await q.exec(sql);
    },
  });
  const direct = on(pg);

  const db: Db = {
    kind: 'pglite',
    label: memory ? 'in-memory embedded database' : dataDir,
    query: (sql, params) => serial(() => direct.query(sql, params)),
    exec: (sql) => serial(() => direct.exec(sql)),
    async one(sql, params) {
      return (await db.query(sql, params))[0] as never;
    },
    tx: (fn) => serial(() => pg.transaction((t) => fn(on(t)))),
    bossAdapter: {
      executeSql: (text, values) =>
        serial(async () => {
          if (values && values.length > 0) {
            const r = await pg.query<Row>(text, values);
            return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
          }
          const results = await pg.exec(text);
          const last = results[results.length - 1];
          return { rows: (last?.rows ?? []) as Row[], rowCount: last?.affectedRows ?? 0 };
        }),
    },
    close: () =>
      serial(async () => {
        await pg.close();
        unlock();
      }),
  };
  return db;
}

/**
 * The embedded database belongs to one process: a second `dfslab serve` on the same directory would corrupt
 * it. A lock file holds the owner's pid; a lock left by a process that no longer runs is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, 'dfslab.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new PlatformError(ErrorCodes.DB_UNAVAILABLE, `cannot lock ${dataDir}: ${(e as Error).message}`, { path: dataDir, cause: e });
      const pid = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
        throw new PlatformError(ErrorCodes.DB_UNAVAILABLE, `the embedded database in ${dataDir} is in use by process ${pid}; stop it first, or use another --data-dir`, { path: dataDir });
      }
      rmSync(path, { force: true });
    }
  }
  throw new PlatformError(ErrorCodes.DB_UNAVAILABLE, `cannot lock ${dataDir}`, { path: dataDir });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
