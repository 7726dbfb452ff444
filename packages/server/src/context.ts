import type { ContentCache } from './content-cache.js';
import type { Db } from './db/connect.js';
import type { OrgTree } from './org-tree.js';
import type { Sessions } from './sessions.js';
import type { JobRunner } from './jobs.js';
import type { Renderer } from './render-thread.js';

/** What every route works with. */
export interface Services {
  db: Db;
  tree: OrgTree;
  jobs: JobRunner;
  /** Renders export files in a worker thread. */
  renderer: Renderer;
  contents: ContentCache;
  sessions: Sessions;
}

let last = 0;

/**
 * The current time as ISO-8601 text, strictly increasing within the process: the history is
 * ordered by it, and two acts in the same millisecond must still come out in the order they happened.
 */
export function now(): string {
  last = Math.max(Date.now(), last + 1);
  return new Date(last).toISOString();
}
