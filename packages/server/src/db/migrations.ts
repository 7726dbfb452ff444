import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { syncOrgPaths } from '../org-paths.js';
import type { Database } from './schema.js';
import { historyToDeltas } from './history-delta.js';
import { raisePoints } from '../rectification.js';
import { backfillSummaries } from '../package-summary.js';

/** Makes a table append-only: the database itself refuses to change or remove a recorded row. */
async function appendOnly(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres', table: string): Promise<void> {
  if (dialect === 'sqlite') {
    for (const op of ['UPDATE', 'DELETE']) {
      await sql
        .raw(
          `create trigger ${table}_no_${op.toLowerCase()} before ${op} on ${table} begin select raise(abort, '${table} is append-only'); end`,
        )
        .execute(db);
    }
    return;
  }
  await sql
    .raw(
      `create or replace function ${table}_append_only() returns trigger language plpgsql as $$ begin raise exception '${table} is append-only'; end $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger ${table}_append_only before update or delete on ${table} for each statement execute function ${table}_append_only()`,
    )
    .execute(db);
}

/**
 * Migrations, in order. Column types are the ones both SQLite and PostgreSQL understand the same
 * way (text, integer, and a binary type per dialect), so one code path serves both.
 */
function migrations(dialect: 'sqlite' | 'postgres'): Record<string, Migration> {
  const binaryType = dialect === 'sqlite' ? 'blob' : 'bytea';
  return {
    '001_initial': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('orgs')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('parent_id', 'text', (c) => c.references('orgs.id'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('users')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('username', 'text', (c) => c.notNull().unique())
          .addColumn('display_name', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('sessions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('csrf_token', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('packages')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
          .addColumn('year', 'integer', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
          .addUniqueConstraint('packages_org_year', ['org_id', 'year'])
          .execute();
        await db.schema
          .createTable('package_versions')
          .addColumn('package_id', 'text', (c) => c.notNull().references('packages.id'))
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('data', 'text', (c) => c.notNull())
          .addColumn('changes', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('package_versions_pk', ['package_id', 'version'])
          .execute();
        await db.schema
          .createTable('package_events')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('package_id', 'text', (c) => c.notNull().references('packages.id'))
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('from_status', 'text')
          .addColumn('to_status', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('comment', 'text', (c) => c.notNull())
          .addColumn('field_comments', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('package_events_package').on('package_events').columns(['package_id', 'at']).execute();
        await db.schema
          .createTable('jobs')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('params', 'text', (c) => c.notNull())
          .addColumn('done', 'integer', (c) => c.notNull())
          .addColumn('total', 'integer', (c) => c.notNull())
          .addColumn('error', 'text')
          .addColumn('result', sql.raw(binaryType))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('jobs_status').on('jobs').column('status').execute();
      },
    },
    // The history is append-only: the database itself refuses to change or remove a recorded row.
    '002_append_only_history': {
      async up(db: Kysely<unknown>) {
        for (const table of ['package_versions', 'package_events']) await appendOnly(db, dialect, table);
      },
    },
    // An audit job carries the uploaded ZIP until it has run.
    '003_job_input': {
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('jobs').addColumn('input', sql.raw(binaryType)).execute();
      },
    },
    // Password guessing: failures in a row and the lock they lead to; failures since the last login, told at the next.
    '004_login_guard': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .alterTable('users')
          .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema.alterTable('users').addColumn('locked_until', 'text').execute();
        await db.schema
          .alterTable('users')
          .addColumn('failed_since_login', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
      },
    },
    // A password someone else chose (the demo's, an administrator's) is changed by its user at first login.
    '005_must_change_password': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .alterTable('users')
          .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
      },
    },
    // Administration: accounts and organisations are removed softly (kept for the history that names
    // them); every administrative act is recorded, append-only like the packages' history.
    '006_administration': {
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('users').addColumn('deleted_at', 'text').execute();
        await db.schema.alterTable('orgs').addColumn('deleted_at', 'text').execute();
        await db.schema
          .createTable('admin_log')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('target', 'text', (c) => c.notNull())
          .addColumn('detail', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('admin_log_at').on('admin_log').column('at').execute();
        await appendOnly(db, dialect, 'admin_log');
      },
    },
    // A unit's unsubmitted draft can be removed (kept, with its history, and revived when the unit
    // starts that year again); an organisation can be disabled (its accounts cannot log in).
    '007_removal': {
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('packages').addColumn('deleted_at', 'text').execute();
        await db.schema
          .alterTable('orgs')
          .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
      },
    },
    // The history keeps each version as its diff with a snapshot now and then, not a whole copy per
    // save; the current content is kept whole in package_contents.
    '008_history_delta': {
      async up(db: Kysely<unknown>) {
        await historyToDeltas(db, dialect);
        await appendOnly(db, dialect, 'package_versions');
      },
    },
    // Region scale: lists filtered and scoped in SQL, job files in the file store (never in a row),
    // batch exports in parts any worker may render, rate-limit counters every app process shares.
    '009_scale': {
      async up(db: Kysely<unknown>) {
        await db.schema.createIndex('orgs_parent').on('orgs').column('parent_id').execute();
        await db.schema.createIndex('packages_year_status').on('packages').columns(['year', 'status']).execute();
        await db.schema.createIndex('packages_status').on('packages').column('status').execute();
        // Unfinished jobs kept their bytes in the row: they are failed, not carried over.
        await db
          .updateTable('jobs' as never)
          .set({ status: 'failed', error: '服务升级：请重新发起该任务。' } as never)
          .where('status' as never, 'in', ['queued', 'running'] as never)
          .execute();
        await db
          .deleteFrom('jobs' as never)
          .where('status' as never, '=', 'done' as never)
          .execute();
        await db.schema.alterTable('jobs').dropColumn('result').execute();
        await db.schema.alterTable('jobs').dropColumn('input').execute();
        await db.schema.alterTable('jobs').addColumn('file_key', 'text').execute();
        await db.schema.alterTable('jobs').addColumn('file_size', 'integer').execute();
        await db.schema
          .createTable('job_parts')
          .addColumn('job_id', 'text', (c) => c.notNull().references('jobs.id').onDelete('cascade'))
          .addColumn('part', 'integer', (c) => c.notNull())
          .addColumn('items', 'text', (c) => c.notNull())
          .addColumn('count', 'integer', (c) => c.notNull())
          .addColumn('done_files', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('finished', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('rendered_by', 'text')
          .addPrimaryKeyConstraint('job_parts_pk', ['job_id', 'part'])
          .execute();
        await db.schema
          .createTable('counters')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('count', 'integer', (c) => c.notNull())
          .addColumn('since', 'bigint', (c) => c.notNull())
          .execute();
      },
    },
    // Lists at region scale answer scope, department, name and order from the packages table alone:
    // materialised organisation paths, copied with the unit's name onto its packages (org-paths.ts).
    '010_org_paths': {
      async up(db: Kysely<unknown>) {
        // Byte order, whatever the database's locale: a scope is a range of paths.
        const pathType = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
        await db.schema
          .alterTable('orgs')
          .addColumn('path', pathType, (c) => c.notNull().defaultTo(''))
          .execute();
        await db.schema
          .alterTable('packages')
          .addColumn('org_path', pathType, (c) => c.notNull().defaultTo(''))
          .execute();
        await db.schema
          .alterTable('packages')
          .addColumn('org_name', 'text', (c) => c.notNull().defaultTo(''))
          .execute();
        await db.schema.createIndex('orgs_path').on('orgs').column('path').execute();
        // Covering for a scope's count and filters: no row is read to count a region's packages.
        await db.schema.createIndex('packages_org_path').on('packages').columns(['org_path', 'deleted_at', 'status', 'year']).execute();
        await sql`create index packages_list_order on packages (year desc, org_name, id)`.execute(db);
        await syncOrgPaths(db as Kysely<Database>);
      },
    },
    // The finance bureau's tasks with due dates, the units each brought in (one per unit and year),
    // notices to users (reminders once each, by key) and an optional e-mail address per account.
    '011_tasks_notices': {
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('users').addColumn('email', 'text').execute();
        await db.schema
          .createTable('tasks')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('year', 'integer', (c) => c.notNull())
          .addColumn('template', 'text', (c) => c.notNull())
          .addColumn('submit_due', 'text', (c) => c.notNull())
          .addColumn('review_due', 'text', (c) => c.notNull())
          .addColumn('note', 'text', (c) => c.notNull())
          .addColumn('scope', 'text', (c) => c.notNull())
          .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
          .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('tasks_year').on('tasks').columns(['year', 'created_at']).execute();
        await db.schema
          .createTable('task_units')
          .addColumn('task_id', 'text', (c) => c.notNull().references('tasks.id'))
          .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
          .addColumn('year', 'integer', (c) => c.notNull())
          .addColumn('department_id', 'text')
          .addColumn('package_id', 'text', (c) => c.notNull().references('packages.id'))
          .addColumn('submitted_at', 'text')
          .addColumn('late', 'integer', (c) => c.notNull().defaultTo(0))
          .addPrimaryKeyConstraint('task_units_pk', ['task_id', 'org_id'])
          .addUniqueConstraint('task_units_org_year', ['org_id', 'year'])
          .execute();
        await db.schema.createIndex('task_units_package').on('task_units').column('package_id').execute();
        await db.schema.createIndex('task_units_department').on('task_units').columns(['task_id', 'department_id']).execute();
        await db.schema
          .createTable('notices')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('package_id', 'text')
          .addColumn('task_id', 'text')
          .addColumn('key', 'text', (c) => c.unique())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('read_at', 'text')
          .addColumn('emailed_at', 'text')
          .execute();
        await db.schema.createIndex('notices_user').on('notices').columns(['user_id', 'created_at']).execute();
      },
    },
    // The rectification loop: the points of each return and the exchange on each, append-only, so
    // that nothing the unit answered or the reviewer decided is ever lost (rectification.ts).
    '013_rectification': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('rectification_points')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('package_id', 'text', (c) => c.notNull().references('packages.id'))
          .addColumn('event_id', 'text', (c) => c.notNull().references('package_events.id'))
          .addColumn('stage', 'text', (c) => c.notNull())
          .addColumn('path', 'text')
          .addColumn('message', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('ordinal', 'integer', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('rectification_points_package')
          .on('rectification_points')
          .columns(['package_id', 'created_at'])
          .execute();
        await db.schema
          .createTable('rectification_entries')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('point_id', 'text', (c) => c.notNull().references('rectification_points.id'))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('rectification_entries_point').on('rectification_entries').columns(['point_id', 'at']).execute();
        // A package back with its unit now keeps the reasons of its latest return as open points.
        const typed = db as Kysely<Database>;
        const returned = await typed
          .selectFrom('packages')
          .select('id')
          .where('status', 'in', ['dept_returned', 'finance_returned'])
          .execute();
        for (const { id } of returned) {
          const event = await typed
            .selectFrom('package_events')
            .selectAll()
            .where('package_id', '=', id)
            .where('action', '=', 'return')
            .orderBy('at', 'desc')
            .executeTakeFirst();
          if (event?.from_status) {
            await raisePoints(
              typed,
              event.at,
              event.user_id,
              { ...event, from_status: event.from_status },
              event.comment,
              JSON.parse(event.field_comments),
            );
          }
        }
        await appendOnly(db, dialect, 'rectification_points');
        await appendOnly(db, dialect, 'rectification_entries');
      },
    },
    '012_package_summary': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('package_summaries')
          .addColumn('package_id', 'text', (c) => c.primaryKey().references('packages.id'))
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('total_score', 'text')
          .addColumn('grade', 'text')
          .addColumn('score_band', 'integer')
          .addColumn('errors', 'integer', (c) => c.notNull())
          .addColumn('warnings', 'integer', (c) => c.notNull())
          .addColumn('hints', 'integer', (c) => c.notNull())
          .addColumn('three_public_budget', 'text')
          .addColumn('three_public_actual', 'text')
          .addColumn('three_public_rate', 'text')
          .addColumn('full_year_budget', 'text')
          .addColumn('executed', 'text')
          .addColumn('execution_rate', 'text')
          .addColumn('public_funds', 'text')
          .execute();
        // No unique key: a save replaces a package's rows by delete and insert in one statement (package-summary.ts).
        await db.schema
          .createTable('package_findings')
          .addColumn('package_id', 'text', (c) => c.notNull().references('packages.id'))
          .addColumn('year', 'integer', (c) => c.notNull())
          .addColumn('rule', 'text', (c) => c.notNull())
          .addColumn('severity', 'text', (c) => c.notNull())
          .addColumn('count', 'integer', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('package_findings_package').on('package_findings').columns(['package_id', 'rule']).execute();
        // A region's recurring findings of a year from the index alone, without visiting its packages.
        await db.schema
          .createIndex('package_findings_year')
          .on('package_findings')
          .columns(['year', 'rule', 'severity', 'count'])
          .execute();
        // The overview reads a scope's packages of a year (and the year before) by path.
        await db.schema.createIndex('packages_year_path').on('packages').columns(['year', 'org_path']).execute();
        await backfillSummaries(db as Kysely<Database>);
      },
    },
    // Opening a task is a background job (tasks.ts `taskOpener`): the task names its job and keeps the
    // summary of what the job did; each unit records how it came in, so that a job run again after its
    // worker died counts what it made before. A task may also set a due date for the finance bureau's
    // own step (审核 and 公开 after the department's approval).
    '014_task_jobs': {
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('tasks').addColumn('finance_due', 'text').execute();
        await db.schema.alterTable('tasks').addColumn('job_id', 'text').execute();
        await db.schema.alterTable('tasks').addColumn('open_summary', 'text').execute();
        await db.schema.alterTable('task_units').addColumn('origin', 'text').execute();
      },
    },
    // Reminders come as one notice per user and day (reminders.ts), which may tell several things: each
    // thing told is recorded by its key, so that no later run tells it again. A reminder made before
    // was a notice of its own, keyed by the thing it told: those are recorded as told.
    '015_notice_items': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('notice_items')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('notice_id', 'text', (c) => c.notNull())
          .execute();
        const reminders = sql`select key, id from notices where key is not null and kind in ('due_soon', 'overdue')`;
        await sql`insert into notice_items (key, notice_id) ${reminders}`.execute(db);
      },
    },
    // A stated total that the printed rows of a cut-off table cannot reach is an error (core
    // ev.reachable-total): the stored summaries count the findings of the engine that runs.
    '016_reachable_total': {
      async up(db: Kysely<unknown>) {
        await backfillSummaries(db as Kysely<Database>);
      },
    },
    // A 自评得分 printed in a 附件3's header is compared with the computed total wherever the table can
    // be summed, as its 总分 row is (core ev.total, ev.stated-total); a 附件2 without its 总分 row, or
    // with a row scored blank, has no total or grade (absent is not zero): summaries follow both.
    '017_header_total': {
      async up(db: Kysely<unknown>) {
        await backfillSummaries(db as Kysely<Database>);
      },
    },
    // A 控制率 whose 指标值 is written without a sign ("100%") is scored as a ceiling (core
    // templates atMostNames); 附件2 has layouts, and one without 得分 asks no score, 执行率 or 一级 of
    // its table; the sections a report lacks are one finding: totals and open findings follow.
    '018_overall_layouts': {
      async up(db: Kysely<unknown>) {
        await backfillSummaries(db as Kysely<Database>);
      },
    },
    // A 得分 printed in a unit's file that the template's formula replaces is reported (core
    // ev.score-formula), no longer replaced silently; a form without 得分 is asked for 偏差原因 by its
    // missed targets; a report's opening paragraphs are read like its sections; a table scored by 得分
    // without 分值 (湖北's and 保山's 20-point forms) has its 总分 compared: open findings follow.
    '019_printed_scores': {
      async up(db: Kysely<unknown>) {
        await backfillSummaries(db as Kysely<Database>);
      },
    },
  };
}

/** Brings the database to the latest schema (or to `upTo`, for tests of a migration); throws with the failing migration's error. */
export async function migrate(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres', upTo?: string): Promise<void> {
  const all = migrations(dialect);
  const provider: MigrationProvider = { getMigrations: async () => all };
  // Kysely looks for its bookkeeping tables in every schema unless told which one; name ours, so
  // that other schemas of the same database (other test runs, other services) cannot mislead it.
  const schema =
    dialect === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema : undefined;
  const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error } = await (upTo ? migrator.migrateTo(upTo) : migrator.migrateToLatest());
  if (error) throw error instanceof Error ? error : new Error(String(error));
}
