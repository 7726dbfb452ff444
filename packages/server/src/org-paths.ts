/**
 * Materialised organisation paths, so that a list's scope, department filter and order are answered
 * from one indexed table: every organisation has `path` = "/<root id>/…/<its id>/", and every package
 * carries its unit's path and name (`org_path`, `org_name`). A caller's scope is then the range of
 * paths starting with theirs, an index range scan, whatever the size of the region.
 *
 * The copies are brought up to date in one place, `syncOrgPaths`, which every change of the
 * organisations goes through (`OrgTree.changed`); a new package takes its unit's from the tree.
 */
import type { Kysely } from 'kysely';
import type { Database } from './db/schema.js';

/** The bounds of the paths at or below `path`: from it (inclusive) to the next prefix (exclusive). */
export function pathRange(path: string): [string, string] {
  // Paths end with "/", and "0" is the character after it: no path below `path` reaches the bound.
  return [path, `${path.slice(0, -1)}0`];
}

/** Paths of every organisation from the parent links. */
export function computePaths(orgs: readonly { id: string; parent_id: string | null }[]): Map<string, string> {
  const parents = new Map(orgs.map((o) => [o.id, o.parent_id]));
  const paths = new Map<string, string>();
  const pathOf = (id: string, depth = 0): string => {
    const known = paths.get(id);
    if (known !== undefined) return known;
    const parent = parents.get(id) ?? null;
    // A cycle cannot be stored through the routes; the depth bound keeps a damaged table from hanging us.
    const path = `${parent !== null && depth < 64 && parents.has(parent) ? pathOf(parent, depth + 1) : '/'}${id}/`;
    paths.set(id, path);
    return path;
  };
  for (const org of orgs) pathOf(org.id);
  return paths;
}

/** Writes changed organisation paths, then the packages' copies of their unit's path and name. */
export async function syncOrgPaths(db: Kysely<Database>): Promise<void> {
  const orgs = await db.selectFrom('orgs').select(['id', 'parent_id', 'path']).execute();
  const paths = computePaths(orgs);
  const stale = orgs.filter((o) => paths.get(o.id) !== o.path);
  // In a migration the database is already a transaction (PostgreSQL's migrations run in one).
  const inTransaction = (work: (trx: Kysely<Database>) => Promise<void>) => (db.isTransaction ? work(db) : db.transaction().execute(work));
  await inTransaction(async (trx) => {
    for (const org of stale)
      await trx
        .updateTable('orgs')
        .set({ path: paths.get(org.id)! })
        .where('id', '=', org.id)
        .execute();
    await trx
      .updateTable('packages')
      .set((eb) => ({
        org_path: eb.selectFrom('orgs').select('orgs.path').whereRef('orgs.id', '=', 'packages.org_id'),
        org_name: eb.selectFrom('orgs').select('orgs.name').whereRef('orgs.id', '=', 'packages.org_id'),
      }))
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('orgs')
            .select('orgs.id')
            .whereRef('orgs.id', '=', 'packages.org_id')
            .where((o) => o.or([o('orgs.path', '<>', o.ref('packages.org_path')), o('orgs.name', '<>', o.ref('packages.org_name'))])),
        ),
      )
      .execute();
  });
}
