/**
 * `jixiao worker`: a process that only works background jobs (batch exports, audits, opening tasks)
 * from the PostgreSQL queue, with render threads sized to its cores kept warm. Run any number of them,
 * on any machine that reaches the database and the shared files (a folder or an S3-compatible store);
 * a worker stopped mid-job loses nothing: its message is given to another worker once it expires.
 */
import { availableParallelism, setPriority } from 'node:os';
import { ImportPool } from '@jixiao/audit';
import { ContentCache } from './content-cache.js';
import { configFromEnv, openDatabase } from './db/connect.js';
import { jobSettings } from './job-settings.js';
import { Jobs } from './jobs.js';
import { Renderer } from './render-thread.js';
import { mailerFromEnv } from './mailer.js';
import { Notices } from './notices.js';
import { OrgTree } from './org-tree.js';
import { runReminders } from './reminders.js';
import { taskOpener } from './tasks.js';

export class WorkerError extends Error {}

/** Starts working; resolves to a function that stops cleanly (finishing the messages in hand). */
export async function runWorker(env: NodeJS.ProcessEnv = process.env): Promise<() => Promise<void>> {
  const config = configFromEnv(env);
  if (!config.databaseUrl) {
    throw new WorkerError('jixiao worker 需要 PostgreSQL（DATABASE_URL）：SQLite 部署的后台任务在服务进程内运行，无需单独的 worker。');
  }
  const settings = jobSettings(config, env);
  const threads = Number(env.JIXIAO_RENDER_THREADS ?? availableParallelism());
  // Below the app processes on a shared machine: a user's request is answered before a batch page is rendered.
  setPriority(Number(env.JIXIAO_WORKER_NICE ?? 10));
  const db = await openDatabase(config);
  const queue = await settings.openQueue((error) => console.error(`后台任务队列出错：${error.message}`));
  // A batch's parts are separate callers of the renderer: each takes a thread, none waits behind a quota.
  const renderer = new Renderer({ threads, keepWarm: true, perCaller: threads });
  const pool = new ImportPool();
  const notices = new Notices(db.kysely, mailerFromEnv(env), (error) => console.error(`通知邮件发送失败：${error.message}`));
  const contents = new ContentCache();
  // Loaded by the opener when a task's job comes, and reloaded when the organisations changed since.
  const tree = new OrgTree(db.kysely);
  const jobs = new Jobs(
    { db, files: settings.files, queue, contents, renderer, pool },
    {
      retentionMs: Number(env.JIXIAO_JOB_RETENTION_HOURS ?? 24) * 3_600_000,
      reminders: async () => void (await runReminders(db.kysely, notices, new Date())),
      openTask: taskOpener({ db, tree, contents, notices, clock: () => new Date() }),
    },
  );
  await jobs.work(threads);
  console.log(`后台任务进程已启动（${threads} 个生成线程），${settings.filesLocation}`);
  return async () => {
    await jobs.stop();
    await renderer.close();
    await pool.close();
    await db.close();
  };
}
