/** A package's stored content: read through the cache, upgraded from an older format where it was stored in one. */
import { upgradePackage, type Package } from '@jixiao/core';
import type { Kysely } from 'kysely';
import type { ContentCache } from './content-cache.js';
import type { Database } from './db/schema.js';

/** The content of one version of a package, from the cache or the database. */
export async function contentOf(db: Kysely<Database>, contents: ContentCache, id: string, version: number): Promise<Package> {
  const cached = contents.get(id, version);
  if (cached) return cached;
  const row = await db
    .selectFrom('package_versions')
    .select('data')
    .where('package_id', '=', id)
    .where('version', '=', version)
    .executeTakeFirstOrThrow();
  // Stored content was valid when stored; a version 1 package is read in today's format.
  const content = upgradePackage(JSON.parse(row.data)) as Package;
  contents.set(id, version, content);
  return content;
}
