/**
 * The databases platform tests run against: the embedded one (PGlite, in memory) always, and the local
 * PostgreSQL server when one answers on loopback (`.ci/run` makes sure it does). Each PostgreSQL test gets a
 * database of its own, dropped afterwards. `DFSLAB_TEST_PG` overrides the admin URL; `DFSLAB_TEST_PG=off`
 * skips PostgreSQL (the tests say so).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Db } from '../../src/platform/db/db.js';
import { migrate } from '../../src/platform/db/migrate.js';

export const PG_ADMIN_URL = process.env.DFSLAB_TEST_PG && process.env.DFSLAB_TEST_PG !== 'off' ? process.env.DFSLAB_TEST_PG : 'postgres://postgres@127.0.0.1:5432/postgres';

let pgAvailable: Promise<boolean> | undefined;
export function postgresAvailable(): Promise<boolean> {
  if (process.env.DFSLAB_TEST_PG === 'off') return Promise.resolve(false);
  pgAvailable ??= (async () => {
    const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3_000 });
    try {
      await c.connect();
      await c.query('select 1');
      return true;
    } catch (e) {
      // CI starts PostgreSQL (scripts/start-postgres.sh): there, a missing server is a failure, not a skip.
      if (process.env.CI) throw new Error(`PostgreSQL is not reachable at ${PG_ADMIN_URL} (${(e as Error).message}); run scripts/start-postgres.sh`);
      return false;
    } finally {
      await c.end().catch(() => undefined);
    }
  })();
  return pgAvailable;
}

export type Backend = 'pglite' | 'postgres';
export const BACKENDS: Backend[] = ['pglite', 'postgres'];

export interface TestDatabase {
  db: Db;
  /** For PostgreSQL: the URL of this test's own database (for a second process or a second pool). */
  url?: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database of the given kind. */
export async function testDatabase(kind: Backend): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const db = await openDatabase({ dataDir: 'memory://' });
    await migrate(db);
    return { db, drop: () => db.close() };
  }
  const { url, drop } = await createPgDatabase();
  const db = await openDatabase({ url, poolSize: 5 });
  await migrate(db);
  return {
    db,
    url,
    async drop() {
      await db.close();
      await drop();
    },
  };
}

/** An empty PostgreSQL database of its own (random name) on the test server, and how to drop it. */
export async function createPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `dfslab_test_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string): Promise<void> => {
    const c = new pg.Client({ connectionString: PG_ADMIN_URL });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}
