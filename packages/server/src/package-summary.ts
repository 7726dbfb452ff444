/**
 * The per-package summary the region overview reads (package_summaries, package_findings): core
 * `summarise` of the package's current content, written in the same transaction (or, on PostgreSQL,
 * the same statement) as the content, so that the overview never parses package JSON and is never
 * behind what was saved.
 */
import { type Package, readStoredPackage, summarise } from '@jixiao/core';
import { type Insertable, type Kysely, type RawBuilder, type Transaction, sql } from 'kysely';
import type { Database, PackageFindingTable, PackageSummaryTable } from './db/schema.js';

export interface SummaryRecord {
  /** the package's year, kept with its findings */
  year: number;
  summary: Insertable<PackageSummaryTable>;
  findings: Insertable<PackageFindingTable>[];
}

/** The rows that summarise version `version` of package `id` of `year`. Prepared before the transaction, which then only writes. */
export function summaryRecord(id: string, version: number, year: number, pkg: Package): SummaryRecord {
  const s = summarise(pkg);
  const f = s.figures;
  return {
    year,
    summary: {
      package_id: id,
      version,
      total_score: s.total,
      grade: s.grade,
      score_band: s.band,
      errors: s.counts['错误'],
      warnings: s.counts['警告'],
      hints: s.counts['提示'],
      three_public_budget: f.threePublicBudget,
      three_public_actual: f.threePublicActual,
      three_public_rate: f.threePublicRate,
      full_year_budget: f.fullYearBudget,
      executed: f.executed,
      execution_rate: f.executionRate,
      public_funds: f.publicFunds,
    },
    findings: s.rules.map((r) => ({ package_id: id, year, rule: r.rule, severity: r.severity, count: r.count })),
  };
}

/** Removes the package's summary rows (its draft was removed; inside the caller's transaction). */
export async function removeSummary(trx: Transaction<Database> | Kysely<Database>, id: string): Promise<void> {
  await trx.deleteFrom('package_summaries').where('package_id', '=', id).execute();
  await trx.deleteFrom('package_findings').where('package_id', '=', id).execute();
}

/** Replaces the package's summary rows (inside the caller's transaction). */
export async function writeSummary(trx: Transaction<Database> | Kysely<Database>, record: SummaryRecord): Promise<void> {
  await removeSummary(trx, record.summary.package_id);
  await trx.insertInto('package_summaries').values(record.summary).execute();
  if (record.findings.length > 0) await trx.insertInto('package_findings').values(record.findings).execute();
}

/**
 * The columns the statement writes, each with its SQL type: a value is cast by its column, not by its
 * JS type, so that a null score band is still an integer column's null.
 */
const SUMMARY_COLUMN_TYPES = {
  version: 'integer',
  total_score: 'text',
  grade: 'text',
  score_band: 'integer',
  errors: 'integer',
  warnings: 'integer',
  hints: 'integer',
  three_public_budget: 'text',
  three_public_actual: 'text',
  three_public_rate: 'text',
  full_year_budget: 'text',
  executed: 'text',
  execution_rate: 'text',
  public_funds: 'text',
} as const satisfies Partial<Record<keyof PackageSummaryTable, 'integer' | 'text'>>;

const SUMMARY_COLUMNS = Object.keys(SUMMARY_COLUMN_TYPES) as (keyof typeof SUMMARY_COLUMN_TYPES)[];

/**
 * writeSummary as WITH clauses of a PostgreSQL statement, for the packages its `bumped` clause
 * returns (none when the save did not go through): the summary upserted, the findings replaced.
 * Both DELETE and INSERT of package_findings see the statement's snapshot, so the old rows go and
 * the new ones stay.
 */
export function summaryClauses(record: SummaryRecord): RawBuilder<unknown> {
  const s = record.summary;
  const columns = sql.join(SUMMARY_COLUMNS.map((c) => sql.ref(c)));
  const values = sql.join(SUMMARY_COLUMNS.map((c) => sql`${s[c] ?? null}::${sql.raw(SUMMARY_COLUMN_TYPES[c])}`));
  const updates = sql.join(SUMMARY_COLUMNS.map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`));
  const f = record.findings;
  return sql`summary_row as (
      insert into package_summaries (package_id, ${columns}) select id, ${values} from bumped
      on conflict (package_id) do update set ${updates}
    ), findings_gone as (
      delete from package_findings where package_id in (select id from bumped)
    ), findings_new as (
      insert into package_findings (package_id, year, rule, severity, count)
      select bumped.id, ${record.year}::integer, f.rule, f.severity, f.count from bumped
      cross join unnest(${f.map((r) => r.rule)}::text[], ${f.map((r) => r.severity)}::text[], ${f.map((r) => r.count)}::integer[]) as f(rule, severity, count)
    )`;
}

/**
 * Summarises every package again, a batch at a time: migration 012 for the packages stored before
 * summaries were kept. A release that changes how core scores or checks adds a migration calling it,
 * so that no stored summary is of an older engine.
 */
export async function backfillSummaries(db: Kysely<Database>): Promise<void> {
  let after = '';
  for (;;) {
    const batch = await db
      .selectFrom('package_contents')
      .innerJoin('packages', 'packages.id', 'package_contents.package_id')
      .select(['package_contents.package_id', 'package_contents.version', 'package_contents.content', 'packages.year'])
      .where('packages.deleted_at', 'is', null)
      .where('package_contents.package_id', '>', after)
      .orderBy('package_contents.package_id')
      .limit(100)
      .execute();
    if (batch.length === 0) return;
    const records = batch.map((row) =>
      summaryRecord(row.package_id, row.version, Number(row.year), readStoredPackage(JSON.parse(row.content)).package),
    );
    const write = async (trx: Kysely<Database>) => {
      for (const record of records) await writeSummary(trx, record);
    };
    // Migrations on PostgreSQL already run in a transaction, which Kysely does not nest.
    if (db.isTransaction) await write(db);
    else await db.transaction().execute(write);
    after = batch[batch.length - 1]!.package_id;
  }
}
