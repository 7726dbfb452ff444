/**
 * Migration 008: the history stops keeping a whole copy of the content per version. Every recorded
 * version is carried over, each with its diff (unchanged: the history shows what it showed) and a
 * deflated snapshot where that diff does not rebuild it exactly (history-store.ts); the current
 * content moves, whole, to package_contents.
 */
import { type Kysely, sql } from 'kysely';
import type { Change } from '@jixiao/core';
import { snapshotFor } from '../history-store.js';

interface Tables {
  packages: { id: string; version: number };
  package_versions_full: {
    package_id: string;
    version: number;
    data: string;
    changes: string;
    action: string;
    user_id: string;
    at: string;
  };
  package_versions: {
    package_id: string;
    version: number;
    changes: string;
    snapshot: Buffer | null;
    action: string;
    user_id: string;
    at: string;
  };
  package_contents: { package_id: string; version: number; content: string };
}

/** Rewrites package_versions into its diff-and-snapshot form; the caller makes it append-only again. */
export async function historyToDeltas(unknownDb: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const db = unknownDb as Kysely<Tables>;
  const binaryType = dialect === 'sqlite' ? 'blob' : 'bytea';
  await db.schema
    .createTable('package_contents')
    .addColumn('package_id', 'text', (c) => c.primaryKey().references('packages.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .execute();
  // The old table stays readable under another name until every row is carried over.
  await db.schema.alterTable('package_versions').renameTo('package_versions_full').execute();
  if (dialect === 'postgres') await sql`alter index package_versions_pk rename to package_versions_full_pk`.execute(db);
  await db.schema
    .createTable('package_versions')
    .addColumn('package_id', 'text', (c) => c.notNull().references('packages.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull())
    .addColumn('snapshot', sql.raw(binaryType))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('package_versions_pk', ['package_id', 'version'])
    .execute();
  if (dialect === 'postgres') await postgresStorage(db);
  const packages = await db.selectFrom('packages').select(['id', 'version']).execute();
  for (const pkg of packages) {
    // One package's versions at a time: a long history is a few megabytes, the whole table may be far more.
    const rows = await db.selectFrom('package_versions_full').selectAll().where('package_id', '=', pkg.id).orderBy('version').execute();
    let previous: unknown;
    for (const { data, ...row } of rows) {
      const snapshot = snapshotFor(row.version, previous, JSON.parse(row.changes) as Change[], row.changes, data);
      await db
        .insertInto('package_versions')
        .values({ ...row, snapshot })
        .execute();
      if (row.version === pkg.version)
        await db.insertInto('package_contents').values({ package_id: pkg.id, version: pkg.version, content: data }).execute();
      previous = JSON.parse(data);
    }
  }
  await db.schema.dropTable('package_versions_full').execute();
}

/**
 * Every save rewrites the current content (some 25 KB), which PostgreSQL compresses out of line:
 * lz4 does it several times faster than the default pglz, for a few percent more bytes (where the
 * server was built with it, PostgreSQL 14 on). Snapshots are deflated already: not compressed again.
 */
async function postgresStorage(db: Kysely<Tables>): Promise<void> {
  const lz4 = await sql<{ lz4: boolean }>`
    select 'lz4' = any(enumvals) as lz4 from pg_settings where name = 'default_toast_compression'`.execute(db);
  if (lz4.rows[0]?.lz4) await sql`alter table package_contents alter column content set compression lz4`.execute(db);
  await sql`alter table package_versions alter column snapshot set storage external`.execute(db);
}
