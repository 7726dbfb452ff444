/**
 * Where background work runs and where its files go, from the environment: the same reading for the
 * app processes (`npm start`, `jixiao serve`) and for `jixiao worker`, so they always agree.
 */
import { join } from 'node:path';
import type { DatabaseConfig } from './db/connect.js';
import { InProcessQueue, PgBossQueue, type JobQueue } from './queue.js';

export interface JobSettings {
  /** `JIXIAO_FILES_DIR`: job files, shared by every process (a network folder across machines). */
  filesDir: string;
  /** Whether app processes work the queue themselves; `JIXIAO_WORKERS=1` leaves it to `jixiao worker`. */
  workInApp: boolean;
  /** pg-boss on PostgreSQL, else an in-memory queue; only PostgreSQL can have separate workers. */
  openQueue(onError: (error: Error) => void): Promise<JobQueue>;
}

export function jobSettings(config: DatabaseConfig, env: NodeJS.ProcessEnv = process.env): JobSettings {
  const filesDir = env.JIXIAO_FILES_DIR || join(config.sqliteFile && !config.databaseUrl ? join(config.sqliteFile, '..') : './data', 'files');
  const databaseUrl = config.databaseUrl;
  if (!databaseUrl) return { filesDir, workInApp: true, openQueue: () => Promise.resolve(new InProcessQueue()) };
  const seconds = (name: string, fallback: number) => {
    const value = Number(env[name] ?? fallback);
    if (!(value >= 1)) throw new Error(`环境变量 ${name} 须为不小于 1 的秒数`);
    return value;
  };
  return {
    filesDir,
    workInApp: env.JIXIAO_WORKERS !== '1',
    openQueue: (onError) =>
      PgBossQueue.open(
        {
          connectionString: databaseUrl,
          schema: env.JIXIAO_QUEUE_SCHEMA || `${config.pgSchema ?? 'jixiao'}_queue`,
          expireSeconds: seconds('JIXIAO_JOB_EXPIRE_SECONDS', 600),
          maintenanceSeconds: seconds('JIXIAO_QUEUE_MAINTENANCE_SECONDS', 30),
        },
        onError,
      ),
  };
}
