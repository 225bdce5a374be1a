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
  const name = `dfslab_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString(), poolSize: 5 });
  await migrate(db);
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.close();
      const a = new pg.Client({ connectionString: PG_ADMIN_URL });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
