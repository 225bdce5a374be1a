/**
 * @module platform/db/migrate
 * Applies the pending migrations in one transaction, under an advisory lock so that a server and several
 * workers starting together against one PostgreSQL apply each migration exactly once.
 */
import { ErrorCodes, PlatformError } from '../../errors.js';
import type { Db } from './db.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';

/** Arbitrary constant key of the advisory lock ("dfslab" in ASCII). */
const LOCK_KEY = 0x64_66_73_6c_61_62;

export async function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): Promise<string[]> {
  const applied: string[] = [];
  try {
    await db.tx(async (q) => {
      await q.query('select pg_advisory_xact_lock($1)', [LOCK_KEY]);
      await q.exec('create table if not exists dfslab_migrations (id text primary key, applied_at timestamptz not null default now())');
      const done = new Set((await q.query<{ id: string }>('select id from dfslab_migrations')).map((r) => r.id));
      const known = new Set(migrations.map((m) => m.id));
      const unknown = [...done].filter((x) => !known.has(x));
      if (unknown.length) {
        throw new PlatformError(ErrorCodes.DB_MIGRATION_FAILED, `the database has migrations this dfslab does not know (${unknown.join(', ')}): it was created by a newer version; upgrade dfslab`);
      }
      for (const m of migrations) {
        if (done.has(m.id)) continue;
        try {
          await q.exec(m.sql);
        } catch (e) {
          throw new PlatformError(ErrorCodes.DB_MIGRATION_FAILED, `migration ${m.id} failed: ${(e as Error).message}`, { cause: e });
        }
        await q.query('insert into dfslab_migrations (id) values ($1)', [m.id]);
        applied.push(m.id);
      }
    });
  } catch (e) {
    if (e instanceof PlatformError) throw e;
    throw new PlatformError(ErrorCodes.DB_MIGRATION_FAILED, `cannot migrate ${db.label}: ${(e as Error).message}`, { cause: e });
  }
  return applied;
}
