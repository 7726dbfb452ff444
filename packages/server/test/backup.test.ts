import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { backupDatabase, restoreDatabase } from '../src/backup.js';
import { type DatabaseConfig, openDatabase } from '../src/db/connect.js';
import { BACKENDS, POSTGRES_URL, startApp } from './harness.js';

const TABLES = [
  'orgs',
  'users',
  'sessions',
  'packages',
  'package_contents',
  'package_versions',
  'package_events',
  'jobs',
  'kysely_migration',
] as const;

/** Every row of every table, in a fixed order, binary columns as base64: equal text means equal databases. */
async function contents(db: Kysely<unknown>): Promise<string> {
  const out: Record<string, string[]> = {};
  for (const table of TABLES) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db)).rows;
    out[table] = rows
      .map((row) =>
        JSON.stringify(
          Object.fromEntries(
            Object.entries(row)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, v]) => [
                k,
                Buffer.isBuffer(v) ? v.toString('base64') : v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v,
              ]),
          ),
        ),
      )
      .sort();
  }
  return JSON.stringify(out);
}

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-backup-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe.each(BACKENDS)('backup and restore on %s', (kind) => {
  it('round-trips a populated database exactly', async () => {
    const t = await startApp(kind);
    // More than the demo: a save, a workflow step and a session.
    const filler = await t.client('tianbao');
    const list = (await filler.get('/api/packages?year=2023')).body.packages as { id: string; status: string; version: number }[];
    const draft = list.find((p) => p.status === 'draft') as { id: string; version: number };
    const detail = (await filler.get(`/api/packages/${draft.id}`)).body;
    detail.data.unit.name = `${detail.data.unit.name}`;
    expect((await filler.put(`/api/packages/${draft.id}`, { version: detail.version, data: detail.data })).status).toBe(200);

    const dir = tempDir();
    const file = join(dir, kind === 'sqlite' ? 'backup.sqlite' : 'backup.dump');
    // The harness knows where its database is: ask the database itself.
    let source: DatabaseConfig;
    if (kind === 'sqlite') {
      const row = (await sql<{ file: string }>`select file from pragma_database_list where name = 'main'`.execute(t.db.kysely)).rows[0];
      source = { sqliteFile: row?.file ?? '' };
    } else {
      const row = (await sql<{ schema: string }>`select current_schema() as schema`.execute(t.db.kysely)).rows[0];
      source = { databaseUrl: POSTGRES_URL as string, pgSchema: row?.schema ?? '' };
    }
    const before = await contents(t.db.kysely as Kysely<unknown>);
    const made = await backupDatabase(source, file);
    expect(made.bytes).toBeGreaterThan(10_000);
    expect(statSync(file).mode & 0o077).toBe(0);
    await t.close();

    let target: DatabaseConfig;
    let dropTarget = async () => undefined as void;
    if (kind === 'sqlite') {
      target = { sqliteFile: join(dir, 'restored.sqlite') };
    } else {
      const name = `jixiao_restore_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
      const admin = new pg.Client({ connectionString: POSTGRES_URL as string });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      const url = (POSTGRES_URL as string).replace(/\/[^/]+$/, `/${name}`);
      target = { databaseUrl: url, pgSchema: source.pgSchema as string };
      dropTarget = async () => {
        const c = new pg.Client({ connectionString: POSTGRES_URL as string });
        await c.connect();
        await c.query(`drop database ${name} with (force)`);
        await c.end();
      };
    }
    try {
      await restoreDatabase(target, file, { force: false });
      const restored = await openDatabase(target);
      try {
        expect(await contents(restored.kysely as Kysely<unknown>)).toBe(before);
      } finally {
        await restored.close();
      }
      // A second restore over data is refused without --force, and done with it.
      await expect(restoreDatabase(target, file, { force: false })).rejects.toThrow('目标数据库中已有数据');
      await restoreDatabase(target, file, { force: true });
      const again = await openDatabase(target);
      try {
        expect(await contents(again.kysely as Kysely<unknown>)).toBe(before);
      } finally {
        await again.close();
      }
    } finally {
      await dropTarget();
    }
  });
});

describe('jixiao backup / restore', () => {
  const JIXIAO = join(import.meta.dirname, '../../cli/bin/jixiao.js');
  const run = (args: string[], env: Record<string, string>) =>
    new Promise<{ code: number; out: string }>((resolve) => {
      const child = spawn(process.execPath, [JIXIAO, ...args], { env: { ...process.env, DATABASE_URL: '', ...env } });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      child.on('exit', (code) => resolve({ code: code ?? -1, out }));
    });

  it('backs up the embedded database and restores it, in Chinese', async () => {
    const dir = tempDir();
    const dbFile = join(dir, 'service.sqlite');
    const db = await openDatabase({ sqliteFile: dbFile });
    await db.close();
    const backup = await run(['backup', '-o', join(dir, 'b.sqlite')], { JIXIAO_DB: dbFile });
    expect(backup.code).toBe(0);
    expect(backup.out).toMatch(/已备份 SQLite 数据库到 .*b\.sqlite/);
    const refused = await run(['restore', join(dir, 'b.sqlite')], { JIXIAO_DB: dbFile });
    expect(refused.code).toBe(2);
    expect(refused.out).toContain('先停止服务，再加 --force');
    expect((await run(['restore', join(dir, 'b.sqlite'), '--force'], { JIXIAO_DB: dbFile })).code).toBe(0);
    const missing = await run(['restore', join(dir, 'none.sqlite')], { JIXIAO_DB: join(dir, 'other.sqlite') });
    expect(missing.out).toContain('没有找到备份文件');
    expect(existsSync(join(dir, 'other.sqlite'))).toBe(false);
    const notOurs = await run(['restore', JIXIAO], { JIXIAO_DB: join(dir, 'other.sqlite') });
    expect(notOurs.code).toBe(2);
    expect(notOurs.out).toContain('不是 SQLite 数据库备份');
  });
});
