/**
 * How content versions are stored. A version row keeps its diff from the previous version (the
 * `changes` the history shows) and, where that diff cannot stand for it, the whole content,
 * deflated: the first version of a package, every SNAPSHOT_EVERY-th version, a diff nearly as
 * large as the content, and a diff that does not rebuild the content byte for byte. A version is
 * then its nearest snapshot with the later diffs replayed, and every diff was replayed and
 * compared when it was stored, so what comes back is exactly what was saved. The current content
 * is kept whole in package_contents, so ordinary reads never replay anything.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { applyChanges, type Change } from '@jixiao/core';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema.js';

/** At most this many diffs to replay to rebuild a version: 8 KB of deflated seed package per 50 versions. */
export const SNAPSHOT_EVERY = 50;

export const deflate = (text: string): Buffer => deflateSync(text);
const inflate = (snapshot: Buffer): string => inflateSync(snapshot).toString('utf8');

/**
 * The snapshot to store with `version` (its content `text`, its diff `changes`, that diff's JSON
 * `changesJson`), or null when replaying the diff on `previous` gives `text` exactly.
 * `previous` is undefined where no earlier version can be built on (a package's first version);
 * otherwise its JSON text must be the previous version's stored text. `orderKept` is core
 * diffForReplay's word that the replay gives `text` (checked here when not given).
 */
export function snapshotFor(
  version: number,
  previous: unknown,
  changes: Change[],
  changesJson: string,
  text: string,
  orderKept = false,
): Buffer | null {
  const replays =
    previous !== undefined &&
    version % SNAPSHOT_EVERY !== 0 &&
    // A diff as large as half the content costs more to replay than the snapshot does to inflate.
    changesJson.length * 2 < text.length &&
    (orderKept || JSON.stringify(applyChanges(previous, changes)) === text);
  return replays ? null : deflate(text);
}

/** The content of a version as it was stored (in its stored format), or undefined when there is no such version. */
export async function storedVersion(db: Kysely<Database>, id: string, version: number): Promise<unknown> {
  const rows = await db
    .selectFrom('package_versions')
    .select(['version', 'changes', 'snapshot'])
    .where('package_id', '=', id)
    .where('version', '<=', version)
    .where('version', '>=', (eb) =>
      eb
        .selectFrom('package_versions')
        .select((m) => m.fn.max('version').as('from'))
        .where('package_id', '=', id)
        .where('version', '<=', version)
        .where('snapshot', 'is not', null),
    )
    .orderBy('version')
    .execute();
  const [first, ...later] = rows;
  if (!first?.snapshot || rows.at(-1)?.version !== version) return undefined;
  let content: unknown = JSON.parse(inflate(first.snapshot));
  for (const row of later) content = applyChanges(content, JSON.parse(row.changes) as Change[]);
  return content;
}
