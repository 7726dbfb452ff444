/**
 * Organisations and accounts listed a page at a time, scoped and filtered in SQL through the
 * organisations' materialised paths (org-paths.ts): a region of 10,000 units answers a page of its
 * tree or of its accounts without sending, or walking, the whole of it.
 */
import type { Role } from '@jixiao/core';
import { sql, type Kysely } from 'kysely';
import type { Database, OrgKind } from './db/schema.js';
import { containing } from './like.js';
import type { OrgTree } from './org-tree.js';
import { pathRange } from './org-paths.js';
import type { Caller } from './policy.js';

export const ORG_PAGE_DEFAULT = 200;
export const ORG_PAGE_MAX = 1000;

interface Page {
  limit: number;
  offset: number;
}

export interface OrgFilter extends Page {
  /** the organisation whose direct children are listed */
  parentId?: string;
  kind?: OrgKind;
  /** part of the name */
  q?: string;
}

export interface UserFilter extends Page {
  role?: Role;
  /** accounts of this organisation */
  orgId?: string;
  /** part of the user name or the person's name */
  q?: string;
}

/** The caller's organisation and everything below it, as a condition on orgs.path; nothing for an unknown organisation. */
function inScope(tree: OrgTree, caller: Caller) {
  const path = tree.pathOf(caller.orgId);
  if (!path) return sql<boolean>`1 = 0`;
  const [from, to] = pathRange(path);
  return sql<boolean>`(${sql.ref('orgs.path')} >= ${from} and ${sql.ref('orgs.path')} < ${to})`;
}

/** Higher levels first, so that a page of the whole tree starts at its root. */
const LEVEL = sql<number>`case ${sql.ref('orgs.kind')} when 'finance' then 0 when 'department' then 1 else 2 end`;

export async function listOrgs(db: Kysely<Database>, tree: OrgTree, caller: Caller, filter: OrgFilter) {
  let query = db.selectFrom('orgs').where('orgs.deleted_at', 'is', null).where(inScope(tree, caller));
  if (filter.parentId !== undefined) query = query.where('orgs.parent_id', '=', filter.parentId);
  if (filter.kind !== undefined) query = query.where('orgs.kind', '=', filter.kind);
  if (filter.q) query = query.where(sql<boolean>`${sql.ref('orgs.name')} like ${containing(filter.q)} escape '\\'`);
  const [rows, count] = await Promise.all([
    query
      .select(['orgs.id', 'orgs.name', 'orgs.kind', 'orgs.parent_id', 'orgs.disabled'])
      .orderBy(LEVEL)
      .orderBy('orgs.name')
      .orderBy('orgs.id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function listUsers(db: Kysely<Database>, tree: OrgTree, caller: Caller, filter: UserFilter) {
  let query = db
    .selectFrom('users')
    .innerJoin('orgs', 'orgs.id', 'users.org_id')
    .where('users.deleted_at', 'is', null)
    .where(inScope(tree, caller));
  if (filter.role !== undefined) query = query.where('users.role', '=', filter.role);
  if (filter.orgId !== undefined) query = query.where('users.org_id', '=', filter.orgId);
  if (filter.q) {
    const pattern = containing(filter.q);
    query = query.where(
      sql<boolean>`(${sql.ref('users.username')} like ${pattern} escape '\\' or ${sql.ref('users.display_name')} like ${pattern} escape '\\')`,
    );
  }
  const [rows, count] = await Promise.all([
    query
      .select([
        'users.id',
        'users.username',
        'users.display_name',
        'users.role',
        'users.org_id',
        'users.disabled',
        'users.must_change_password',
        'users.email',
      ])
      .orderBy('users.username')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
