/**
 * The package list at region scale: the caller's organisation scope, the filters, the order and the
 * page are all answered by the database (a recursive query over `orgs.parent_id`, indexed), so a list
 * costs the same whether the region has ten units or ten thousand.
 */
import type { Status } from '@jixiao/core';
import { sql, type Kysely } from 'kysely';
import type { Database } from './db/schema.js';
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
  limit: number;
  offset: number;
}

export const PAGE_DEFAULT = 50;
export const PAGE_MAX = 500;

/**
 * The organisations at or below `rootId` that are not removed, as a recursive query: scope is a
 * question to the database, not a walk over a tree held per process.
 */
export function scopeQuery(db: Kysely<Database>, rootId: string) {
  return db.withRecursive('scope(id)', (qb) =>
    qb
      .selectFrom('orgs')
      .select('orgs.id')
      .where('orgs.id', '=', rootId)
      .where('orgs.deleted_at', 'is', null)
      .unionAll((u) =>
        u
          .selectFrom('orgs')
          .innerJoin('scope', 'scope.id', 'orgs.parent_id')
          .select('orgs.id')
          .where('orgs.deleted_at', 'is', null),
      ),
  );
}

/** A LIKE pattern matching names that contain `text` as typed: its own % and _ are not wildcards. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** One page of the packages the caller may see (their scope, and everything published), and how many there are in all. */
export async function listPackages(db: Kysely<Database>, caller: Caller | null, filter: PackageFilter) {
  const scoped = caller !== null && worksOnPackages(caller.role);
  let query = scopeQuery(db, scoped ? caller.orgId : '')
    .selectFrom('packages')
    .innerJoin('orgs', 'orgs.id', 'packages.org_id')
    .where('packages.deleted_at', 'is', null)
    .where((eb) =>
      scoped
        ? eb.or([eb('packages.org_id', 'in', eb.selectFrom('scope').select('scope.id')), eb('packages.status', '=', 'published')])
        : eb('packages.status', '=', 'published'),
    );
  if (filter.year !== undefined) query = query.where('packages.year', '=', filter.year);
  if (filter.status !== undefined) query = query.where('packages.status', '=', filter.status);
  if (filter.orgId !== undefined) query = query.where('packages.org_id', '=', filter.orgId);
  if (filter.departmentId !== undefined) query = query.where('orgs.parent_id', '=', filter.departmentId);
  if (filter.q) query = query.where(sql<boolean>`${sql.ref('orgs.name')} like ${containing(filter.q)} escape '\\'`);
  const [rows, count] = await Promise.all([
    query
      .selectAll('packages')
      .orderBy('packages.year', 'desc')
      .orderBy('orgs.name')
      .orderBy('packages.id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
