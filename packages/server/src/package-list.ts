/**
 * The package list at region scale: the caller's organisation scope, the filters, the order and the
 * page are all answered from the packages table and its indexes (the unit's materialised path and
 * name are copied onto it, org-paths.ts), so a page costs the same in a region of ten units or ten
 * thousand.
 */
import type { Status } from '@jixiao/core';
import { sql, type Kysely } from 'kysely';
import type { Database } from './db/schema.js';
import type { OrgTree } from './org-tree.js';
import { containing } from './like.js';
import { pathRange } from './org-paths.js';
import type { Caller } from './policy.js';
import { worksOnPackages } from './policy.js';

export interface PackageFilter {
  year?: number;
  status?: Status;
  /** a unit */
  orgId?: string;
  /** the 主管部门 whose units' packages are listed */
  departmentId?: string;
  /** part of the unit's name */
  q?: string;
  /** Of the package's summary (package-summary.ts): its grade, its score band (core SCORE_BANDS), open 错误, a rule with open findings. */
  grade?: string;
  band?: number;
  openErrors?: boolean;
  rule?: string;
  /** only these units (a set the overview worked out: a trend, the overdue) */
  orgIds?: readonly string[];
  limit: number;
  offset: number;
}

export const PAGE_DEFAULT = 50;
export const PAGE_MAX = 500;

/** One page of the packages the caller may see (their scope, and everything published), and how many there are in all. */
export async function listPackages(db: Kysely<Database>, tree: OrgTree, caller: Caller | null, filter: PackageFilter) {
  const scope = caller !== null && worksOnPackages(caller.role) ? tree.pathOf(caller.orgId) : '';
  const within = (path: string) => {
    const [from, to] = pathRange(path);
    return sql<boolean>`(${sql.ref('packages.org_path')} >= ${from} and ${sql.ref('packages.org_path')} < ${to})`;
  };
  // Published packages outside the scope are seen too; a caller whose scope is the only region's root
  // has none outside it, and the simpler condition lets the database walk the list's order index.
  const wholeRegion = scope !== '' && tree.isOnlyRoot(caller!.orgId);
  let query = db
    .selectFrom('packages')
    .where('packages.deleted_at', 'is', null)
    .where((eb) =>
      wholeRegion
        ? within(scope)
        : scope
          ? eb.or([within(scope), eb('packages.status', '=', 'published')])
          : eb('packages.status', '=', 'published'),
    );
  if (filter.year !== undefined) query = query.where('packages.year', '=', filter.year);
  if (filter.status !== undefined) query = query.where('packages.status', '=', filter.status);
  if (filter.orgId !== undefined) query = query.where('packages.org_id', '=', filter.orgId);
  if (filter.departmentId !== undefined) {
    const department = tree.pathOf(filter.departmentId);
    query = department ? query.where(within(department)) : query.where(sql<boolean>`1 = 0`);
  }
  if (filter.grade !== undefined || filter.band !== undefined || filter.openErrors) {
    const { grade, band, openErrors } = filter;
    query = query.where('packages.id', 'in', (eb) => {
      let summaries = eb.selectFrom('package_summaries').select('package_id');
      if (grade !== undefined) summaries = summaries.where('grade', '=', grade as '优');
      if (band !== undefined) summaries = summaries.where('score_band', '=', band);
      if (openErrors) summaries = summaries.where('errors', '>', 0);
      return summaries;
    });
  }
  if (filter.rule !== undefined) {
    const rule = filter.rule;
    query = query.where('packages.id', 'in', (eb) => eb.selectFrom('package_findings').select('package_id').where('rule', '=', rule));
  }
  if (filter.orgIds !== undefined) {
    query = filter.orgIds.length > 0 ? query.where('packages.org_id', 'in', filter.orgIds) : query.where(sql<boolean>`1 = 0`);
  }
  if (filter.q) query = query.where(sql<boolean>`${sql.ref('packages.org_name')} like ${containing(filter.q)} escape '\\'`);
  const [rows, count] = await Promise.all([
    query
      .selectAll('packages')
      .orderBy('packages.year', 'desc')
      .orderBy('packages.org_name')
      .orderBy('packages.id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
