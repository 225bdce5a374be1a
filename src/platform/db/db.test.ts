import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, postgresAvailable, testDatabase, type TestDatabase } from '../../../test/platform/databases.js';
import { migrate } from './migrate.js';
import { openDatabase, redactUrl } from './db.js';

describe.each(BACKENDS)('database on %s', (kind) => {
  let t: TestDatabase | undefined;
  beforeAll(async () => {
    if (kind === 'postgres' && !(await postgresAvailable())) return;
    t = await testDatabase(kind);
  }, 60_000);
  afterAll(async () => t?.drop());

  it('migrates once and gives the same types on both backends', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432 (DFSLAB_TEST_PG)');
    const { db } = t;
    expect(await migrate(db)).toEqual([]);
    await db.query("insert into orgs (id, name, slug) values ('00000000-0000-4000-8000-000000000001', 'Lab', 'lab')");
    await db.query("insert into audit_log (org_id, action, detail) values ('00000000-0000-4000-8000-000000000001', 'x', $1)", [JSON.stringify({ a: 1 })]);
    const row = await db.one<{ id: unknown; detail: unknown; at: unknown; n: unknown }>('select id, detail, at, count(*) over () as n from audit_log');
    expect(typeof row!.id).toBe('number');
    expect(row!.detail).toEqual({ a: 1 });
    expect(row!.at).toBeInstanceOf(Date);
    expect(row!.n).toBe(1);
  });

  it('rolls a failed transaction back and keeps concurrent work apart', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432 (DFSLAB_TEST_PG)');
    const { db } = t;
    await expect(
      db.tx(async (q) => {
        await q.query("insert into orgs (id, name, slug) values ('00000000-0000-4000-8000-000000000002', 'B', 'b')");
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await db.one("select 1 from orgs where slug = 'b'")).toBeUndefined();
    // Twenty transactions racing on one counter: none is lost.
    await db.exec('create table counter (n integer not null); insert into counter values (0);');
    await Promise.all(Array.from({ length: 20 }, () => db.tx(async (q) => {
      const [r] = await q.query<{ n: number }>('select n from counter for update');
      await new Promise((res) => setTimeout(res, 1));
      await q.query('update counter set n = $1', [r!.n + 1]);
    })));
    expect(await db.one('select n from counter')).toEqual({ n: 20 });
  });

  it('runs pg-boss statements and scripts through its adapter', async (ctx) => {
    if (!t) return ctx.skip('no PostgreSQL on 127.0.0.1:5432 (DFSLAB_TEST_PG)');
    const r = await t.db.bossAdapter.executeSql('create table bx (n int); insert into bx values (1), (2); select count(*)::int as c from bx;');
    expect(r.rows).toEqual([{ c: 2 }]);
    expect((await t.db.bossAdapter.executeSql('select $1::int + 1 as v', [41])).rows).toEqual([{ v: 42 }]);
  });
});

describe('database configuration', () => {
  it('says what is wrong with a bad URL or a missing data directory', async () => {
    await expect(openDatabase({})).rejects.toThrow(/no database/);
    await expect(openDatabase({ url: 'postgres://nobody@127.0.0.1:1/x' })).rejects.toMatchObject({ code: 'DFSLAB_E_DB_UNAVAILABLE' });
    expect(redactUrl('postgres://u:secret@h:5432/d')).toBe('postgres://u:***@h:5432/d');
  });

  it('keeps a data directory to one process at a time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dfslab-db-'));
    try {
      const a = await openDatabase({ dataDir: dir });
      await expect(openDatabase({ dataDir: dir })).rejects.toThrow(/in use by process/);
      await a.close();
      // A lock left by a dead process is taken over.
      writeFileSync(join(dir, 'dfslab.lock'), '999999999');
      const b = await openDatabase({ dataDir: dir });
      await b.close();
      expect(existsSync(join(dir, 'dfslab.lock'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a database written by a newer dfslab', async () => {
    const db = await openDatabase({ dataDir: 'memory://' });
    try {
      await migrate(db);
      await db.query("insert into dfslab_migrations (id) values ('9999-future')");
      await expect(migrate(db)).rejects.toThrow(/newer version/);
    } finally {
      await db.close();
    }
  });
});
