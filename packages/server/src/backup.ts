/**
 * Backups of the service's database, taken while it runs, and their restore.
 * SQLite: SQLite's online backup (a consistent copy of every page while the service keeps writing).
 * PostgreSQL: pg_dump's custom format of the service's schema, restored with pg_restore.
 * Messages are Chinese and say what to do; a restore never half-replaces a database it was not told
 * to replace.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, statSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { DatabaseConfig } from './db/connect.js';
import { DEFAULT_SQLITE_FILE } from './db/connect.js';

export class BackupError extends Error {}

export interface BackupResult {
  file: string;
  bytes: number;
  database: 'sqlite' | 'postgres';
}

/** The tables a jixiao database has: a file without them is not one of our backups. */
const MIGRATION_TABLE = 'kysely_migration';

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new BackupError(`未找到 ${command}：请安装 PostgreSQL 客户端（Debian/Ubuntu：apt-get install postgresql-client）。`)
          : error,
      ),
    );
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new BackupError(`${command} 失败：${stderr.trim() || `退出码 ${code}`}`))));
  });
}

function schemaArgs(config: DatabaseConfig): string[] {
  return config.pgSchema ? ['--schema', config.pgSchema] : [];
}

/** Copies the database to `file` (overwritten), readable by its owner only. */
export async function backupDatabase(config: DatabaseConfig, file: string): Promise<BackupResult> {
  if (config.databaseUrl) {
    await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', ...schemaArgs(config), '--file', file, config.databaseUrl]);
    chmodSync(file, 0o600);
    return { file, bytes: statSync(file).size, database: 'postgres' };
  }
  const source = config.sqliteFile ?? DEFAULT_SQLITE_FILE;
  if (!existsSync(source)) throw new BackupError(`没有找到数据库文件 ${source}（可用环境变量 JIXIAO_DB 指定）。`);
  const db = new SQLite(source, { readonly: true, fileMustExist: true });
  try {
    await db.backup(file);
  } finally {
    db.close();
  }
  chmodSync(file, 0o600);
  return { file, bytes: statSync(file).size, database: 'sqlite' };
}

/** Whether the target database already holds a jixiao database (any migration run). */
async function targetHoldsData(config: DatabaseConfig): Promise<boolean> {
  if (!config.databaseUrl) {
    const file = config.sqliteFile ?? DEFAULT_SQLITE_FILE;
    if (!existsSync(file)) return false;
    const db = new SQLite(file, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(`select 1 from sqlite_master where type = 'table' and name = ?`).get(MIGRATION_TABLE) !== undefined;
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: config.databaseUrl });
  await client.connect();
  try {
    const schema = config.pgSchema ?? 'public';
    const found = await client.query('select 1 from information_schema.tables where table_schema = $1 and table_name = $2', [
      schema,
      MIGRATION_TABLE,
    ]);
    return (found.rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

/**
 * Replaces the database with a backup. Refused when the target already holds data unless `force`
 * (the service must be stopped first: a running service would keep its own view of the old data).
 */
export async function restoreDatabase(config: DatabaseConfig, file: string, options: { force: boolean }): Promise<void> {
  if (!existsSync(file)) throw new BackupError(`没有找到备份文件 ${file}。`);
  if (!options.force && (await targetHoldsData(config))) {
    throw new BackupError('目标数据库中已有数据。确认要用备份覆盖它时，先停止服务，再加 --force 重新运行。');
  }
  if (config.databaseUrl) {
    await run('pg_restore', [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--no-privileges',
      '--single-transaction',
      '--dbname',
      config.databaseUrl,
      file,
    ]);
    return;
  }
  let backup: SQLite.Database;
  try {
    backup = new SQLite(file, { readonly: true, fileMustExist: true });
    if (backup.prepare(`select 1 from sqlite_master where type = 'table' and name = ?`).get(MIGRATION_TABLE) === undefined) {
      backup.close();
      throw new BackupError(`${file} 不是本系统的数据库备份。`);
    }
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`${file} 不是 SQLite 数据库备份，无法恢复。`);
  }
  const target = config.sqliteFile ?? DEFAULT_SQLITE_FILE;
  try {
    // SQLite's backup writes every page of the target in one go, through its own locking and WAL.
    await backup.backup(target);
  } finally {
    backup.close();
  }
  chmodSync(target, 0o600);
}
