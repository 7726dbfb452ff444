/** A package's stored content: read through the cache, in today's format (core readStoredPackage). */
import { readStoredPackage, type Package } from '@jixiao/core';
import type { Kysely } from 'kysely';
import type { ContentCache } from './content-cache.js';
import type { Database } from './db/schema.js';
import { storedVersion } from './history-store.js';

/** Contents that differ from their stored text (read in a later format): a diff from them does not rebuild the next version. */
const upgraded = new WeakSet<Package>();

/** Whether `content` (from contentOf or a save) is exactly the stored text of its version, parsed. */
export function isAsStored(content: Package): boolean {
  return !upgraded.has(content);
}

/**
 * The content of one version of a package: the cache, else the current content, else rebuilt from the
 * history. A reader going once over many packages (a batch export, the open data) passes `keep: false`:
 * kept, thousands of packages read once would push out the ones users are working on, and each would
 * outlive its use in the old generation of the heap, which a long export then grows by a hundred MB.
 */
export async function contentOf(
  db: Kysely<Database>,
  contents: ContentCache,
  id: string,
  version: number,
  { keep = true }: { keep?: boolean } = {},
): Promise<Package> {
  const cached = contents.get(id, version);
  if (cached) return cached;
  const row = await db
    .selectFrom('package_contents')
    .select('content')
    .where('package_id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  const stored = row ? (JSON.parse(row.content) as unknown) : await storedVersion(db, id, version);
  if (stored === undefined) throw new Error(`自评包 ${id} 没有版本 ${version}。`);
  const { package: content, asStored } = readStoredPackage(stored);
  if (!asStored) upgraded.add(content);
  if (keep) contents.set(id, version, content);
  return content;
}
