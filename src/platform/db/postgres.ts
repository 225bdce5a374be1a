/**
 * @module platform/db/postgres
 * A PostgreSQL server through a `pg` pool: the scaled deployment, where `dfslab worker` processes on other
 * machines share the database and its job queue.
 */
import pg from 'pg';
import { ErrorCodes, PlatformError } from '../../errors.js';
import { redactUrl, type Db, type Queryable, type Row } from './db.js';

// The same JavaScript types as the embedded database (see db.ts).
const parseNumber = (v: string): number => Number(v);

export async function openPostgres(url: string, poolSize: number): Promise<Db> {
  const label = redactUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: 10_000,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === 20 || oid === 1700) return parseNumber;
        return pg.types.getTypeParser(oid, format as 'text');
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  try {
    const c = await pool.connect();
    c.release();
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw new PlatformError(ErrorCodes.DB_UNAVAILABLE, `cannot connect to PostgreSQL at ${label}: ${(e as Error).message}`, { cause: e });
  }

  const on = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
      const r = await c.query(sql, params as unknown[]);
      return r.rows as T[];
    },
    async exec(sql: string): Promise<void> {
      await c.query(sql);
    },
  });
  const direct = on(pool);
  const db: Db = {
    kind: 'postgres',
    label,
    query: (sql, params) => direct.query(sql, params),
    exec: (sql) => direct.exec(sql),
    async one(sql, params) {
      return (await direct.query(sql, params))[0] as never;
    },
    async tx(fn) {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const out = await fn(on(c));
        await c.query('COMMIT');
        return out;
      } catch (e) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        c.release();
      }
    },
    bossAdapter: {
      async executeSql(text, values) {
        const r = (await pool.query(text, values && values.length ? values : undefined)) as pg.QueryResult | pg.QueryResult[];
        const last = Array.isArray(r) ? r[r.length - 1] : r;
        return { rows: (last?.rows ?? []) as Row[], rowCount: last?.rowCount ?? 0 };
      },
    },
    close: () => pool.end(),
  };
  return db;
}
