import type { ContentCache } from './content-cache.js';
import type { Db } from './db/connect.js';
import type { OrgTree } from './org-tree.js';
import type { Sessions } from './sessions.js';
import type { Jobs } from './jobs.js';
import type { Renderer } from './render-thread.js';
import type { ImportPool } from '@jixiao/audit';
import type { Notices } from './notices.js';

/** What every route works with. */
export interface Services {
  db: Db;
  tree: OrgTree;
  jobs: Jobs;
  /** Renders export files in a worker thread. */
  renderer: Renderer;
  /** Imports uploaded files in worker threads, within time and memory limits. */
  pool: ImportPool;
  contents: ContentCache;
  sessions: Sessions;
  /** In-app notices (and their e-mail) of tasks and acts. */
  notices: Notices;
  /** The service's clock for due dates (tests set it). */
  clock: () => Date;
}
