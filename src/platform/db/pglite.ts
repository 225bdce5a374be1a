/**
 * @module platform/db/pglite
 * The embedded database: PGlite (PostgreSQL compiled to WASM) in a data directory. PGlite is a single
 * backend session, so every statement and transaction — the platform's and pg-boss's — goes through one
 * queue here: a transaction holds the queue until it ends, and nothing interleaves with it.
 */
import { mkdirSync } from 'node:fs';
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
  let pg: PGlite;
  try {
    pg = await PGlite.create(memory ? undefined : dataDir, { parsers: PARSERS });
  } catch (e) {
    throw new PlatformError(ErrorCodes.DB_UNAVAILABLE, `cannot open the embedded database in ${dataDir}: ${(e as Error).message} (is another dfslab serve using it?)`, { path: dataDir, cause: e });
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
    close: () => serial(() => pg.close()),
  };
  return db;
}
