import { randomUUID } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preparingPool } from '../src/db/prepared.js';
import { POSTGRES_URL } from './harness.js';

// One connection, so that every statement and pg_prepared_statements see the same session.
describe.skipIf(!POSTGRES_URL)('prepared statements on PostgreSQL', () => {
  const schema = `t_${randomUUID().replaceAll('-', '')}`;
  let pool: pg.Pool;
  let db: Kysely<{ items: { id: number; name: string } }>;

  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: POSTGRES_URL!, max: 1, options: `-c search_path=${schema}` });
    await pool.query(`create schema ${schema}`);
    await pool.query('create table items (id integer primary key, name text not null)');
    await pool.query(`insert into items values (1, '吕仙亭'), (2, '南湖'), (3, '洞庭')`);
    db = new Kysely({ dialect: new PostgresDialect({ pool: preparingPool(pool, 2) }) });
  });
  afterAll(async () => {
    await sql.raw(`drop schema ${schema} cascade`).execute(db);
    await db.destroy();
  });

  const preparedTexts = async () =>
    (
      await sql<{ statement: string }>`select statement from pg_prepared_statements where name like 'jixiao_%' order by statement`.execute(
        db,
      )
    ).rows.map((r) => r.statement);
  const byId = (id: number) => db.selectFrom('items').select('name').where('id', '=', id).executeTakeFirstOrThrow();

  it('prepares a statement the second time it runs, with the same answers, and at most as many as the bound', async () => {
    expect(await byId(1)).toEqual({ name: '吕仙亭' });
    expect(await preparedTexts()).toEqual([]);
    expect(await byId(2)).toEqual({ name: '南湖' });
    expect(await byId(3)).toEqual({ name: '洞庭' });
    expect(await preparedTexts()).toEqual(['select "name" from "items" where "id" = $1']);

    // A page of a list is planned for its values every time: a generic plan of a region's 100th page is slow.
    const page = (offset: number) => db.selectFrom('items').select('id').orderBy('id').limit(1).offset(offset).execute();
    const named = (word: string) => db.selectFrom('items').select('id').where('name', 'like', `%${word}%`).execute();
    for (let i = 0; i < 3; i++) {
      expect(await page(1)).toEqual([{ id: 2 }]);
      expect(await named('湖')).toEqual([{ id: 2 }]);
    }
    expect(await preparedTexts()).toHaveLength(1);

    const byName = (name: string) => db.selectFrom('items').select('id').where('name', '=', name).executeTakeFirst();
    const below = (id: number) => db.selectFrom('items').select('id').where('id', '<', id).execute();
    for (let i = 0; i < 3; i++) {
      expect(await byName('洞庭')).toEqual({ id: 3 });
      expect(await below(2)).toEqual([{ id: 1 }]);
    }
    // The bound is two: the third repeated text runs unnamed, as every text did before.
    expect(await preparedTexts()).toEqual(['select "id" from "items" where "name" = $1', 'select "name" from "items" where "id" = $1']);
  });

  it('runs a statement unnamed once a schema change has made its prepared plan stale', async () => {
    const whole = () => db.selectFrom('items').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
    // A fresh pool with room for one more statement: the one under test.
    const own = new Kysely<{ items: { id: number; name: string } }>({ dialect: new PostgresDialect({ pool: preparingPool(pool, 1) }) });
    const wholeOwn = () => own.selectFrom('items').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
    await wholeOwn();
    await wholeOwn();
    await sql`alter table items add column note text`.execute(db);
    // PostgreSQL refuses the prepared plan once; the statement then runs unnamed and sees the new column.
    await expect(wholeOwn()).rejects.toThrow(/cached plan must not change result type/);
    expect(await wholeOwn()).toEqual({ id: 1, name: '吕仙亭', note: null });
    expect(await whole()).toEqual({ id: 1, name: '吕仙亭', note: null });
  });
});
