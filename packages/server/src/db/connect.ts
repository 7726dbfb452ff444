import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import { migrate } from './migrations.js';
import { preparingPool } from './prepared.js';
import type { Database } from './schema.js';

export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseConfig {
  /** PostgreSQL connection string; when absent the embedded SQLite file is used. */
  databaseUrl?: string;
  /** PostgreSQL schema to work in (created if missing); tests isolate each run in their own. */
  pgSchema?: string;
  /** SQLite file, or ':memory:'. */
  sqliteFile?: string;
}

export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  close(): Promise<void>;
}

export const DEFAULT_SQLITE_FILE = './data/jixiao.sqlite';

/**
 * Configuration from the environment: DATABASE_URL for PostgreSQL (JIXIAO_PG_SCHEMA picks a schema
 * other than public), else JIXIAO_DB or the default file.
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  if (env.DATABASE_URL) return { databaseUrl: env.DATABASE_URL, ...(env.JIXIAO_PG_SCHEMA ? { pgSchema: env.JIXIAO_PG_SCHEMA } : {}) };
  return { sqliteFile: env.JIXIAO_DB || DEFAULT_SQLITE_FILE };
}

/** Opens the database and runs the migrations. */
export async function openDatabase(config: DatabaseConfig): Promise<Db> {
  const db = config.databaseUrl
    ? await openPostgres(config.databaseUrl, config.pgSchema)
    : openSqlite(config.sqliteFile ?? DEFAULT_SQLITE_FILE);
  await migrate(db.kysely as Kysely<unknown>, db.dialect);
  // Statistics of the migrated tables for SQLite's planner (openSqlite refreshes them now and then).
  if (db.dialect === 'sqlite') await sql`pragma optimize=0x10002`.execute(db.kysely);
  return db;
}

/**
 * The database holds password hashes and every unit's accounts: only the service's own account may
 * read it. The file is made owner-only before SQLite opens it, and SQLite gives its -wal and -shm
 * files the permissions of the database file.
 */
function ownerOnly(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}

function openSqlite(file: string): Db {
  if (file !== ':memory:') ownerOnly(file);
  const sqlite = new SQLite(file);
  // WAL keeps readers and the writer apart. A commit has reached the WAL file (the OS) before the
  // save is acknowledged, so killing the process loses nothing acknowledged; synchronous=NORMAL
  // only leaves the last commits exposed to a power cut, which FULL would cover at ~2× the cost.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // The query planner needs table statistics to see that a region-wide list can walk its order index
  // (0.2 ms a page at 10,000 units, against 8 ms sorting): gathered at open and now and then, as
  // SQLite advises for long-lived connections (cheap when nothing changed).
  const optimize = () => sqlite.pragma('optimize=0x10002');
  const statistics = setInterval(optimize, 600_000);
  statistics.unref();
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    kysely,
    dialect: 'sqlite',
    close: () => {
      clearInterval(statistics);
      return kysely.destroy();
    },
  };
}

/**
 * Kysely prepares every query afresh; the service runs the same few dozen statements over and
 * over, so keep each prepared statement. Safe because Kysely runs one query at a time on the
 * single SQLite connection and never leaves a statement mid-iteration.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

async function openPostgres(url: string, schema: string | undefined): Promise<Db> {
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
  if (schema) {
    const setup = new pg.Client({ connectionString: url });
    await setup.connect();
    try {
      await setup.query(`create schema if not exists ${schema}`);
    } finally {
      await setup.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // Connections stay open between bursts: opening one costs tens of milliseconds, which a user
    // polling a job or saving after a pause would otherwise wait for (pg's default closes them after 10 s).
    idleTimeoutMillis: 300_000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  return { kysely, dialect: 'postgres', close: () => kysely.destroy() };
}
