/**
 * Running the service: open the database, build the app, listen, and stop cleanly on a signal.
 * `npm start` serves with the demo region for a newcomer; a deployment (`jixiao serve`) starts
 * empty and gets its first administrator from `jixiao admin create`.
 */
import cluster from 'node:cluster';
import { buildApp } from './app.js';
import { hasAdministrator } from './administrators.js';
import { configFromEnv, openDatabase, type Db } from './db/connect.js';
import { DEMO_PASSWORD, seedDemo, type DemoAccount } from './demo.js';
import { jobSettings } from './job-settings.js';

export interface ServeOptions {
  /** Create the demo region (with its public password) on first start. */
  demo: boolean;
  /**
   * App processes sharing the port (node:cluster), default 1. More than one needs PostgreSQL: sessions,
   * rate limits, locks and the organisation tree then live in the database every process shares.
   */
  processes?: number;
  env?: NodeJS.ProcessEnv;
}

/** Set in the app processes a cluster forks: they neither seed nor announce (the first process does). */
const CLUSTER_CHILD = 'JIXIAO_CLUSTER_CHILD';

export async function serve(options: ServeOptions): Promise<void> {
  const env = options.env ?? process.env;
  const processes = options.processes ?? 1;
  const child = cluster.isWorker && env[CLUSTER_CHILD] === '1';
  if (processes > 1 && !child) return serveCluster(options, env, processes);
  const port = Number(env.PORT ?? 3000);
  const host = env.HOST ?? '127.0.0.1';
  const config = configFromEnv(env);
  const failed = failure(port);

  // Hours a finished export job and its ZIP are kept.
  const retention = Number(env.JIXIAO_JOB_RETENTION_HOURS ?? 24);
  if (!(retention > 0)) failed('环境变量 JIXIAO_JOB_RETENTION_HOURS 无效', new Error('须为大于 0 的小时数'));
  const settings = (() => {
    try {
      return jobSettings(config, env);
    } catch (error) {
      return failed('后台任务设置无效', error);
    }
  })();
  const db = await openDatabase(config).catch((error: unknown) =>
    failed(
      config.databaseUrl ? '无法连接或初始化 PostgreSQL 数据库（DATABASE_URL）' : `无法打开 SQLite 数据库 ${config.sqliteFile}`,
      error,
    ),
  );
  const queue = await settings
    .openQueue((error) => console.error(`后台任务队列出错：${error.message}`))
    .catch((error: unknown) => failed('无法启动后台任务队列（pg-boss）', error));
  // JIXIAO_TRUST_PROXY=1 behind one TLS proxy, or the proxies' addresses: client addresses and https come from its headers.
  const trustProxy = env.JIXIAO_TRUST_PROXY;
  const app = await buildApp({
    db,
    // JSON log lines with request ids: on for a deployment, on request for the demo.
    logger: env.JIXIAO_LOG === '1' || (!options.demo && env.JIXIAO_LOG !== '0'),
    ...(env.JIXIAO_METRICS_TOKEN ? { metricsToken: env.JIXIAO_METRICS_TOKEN } : {}),
    jobRetentionHours: retention,
    renderer: { keepWarm: true },
    files: settings.files,
    queue,
    workJobs: settings.workInApp,
    reminderHour: reminderHour(env),
    ...(trustProxy ? { trustProxy: trustProxy === '1' || trustProxy === 'true' ? true : trustProxy } : {}),
  });
  await app.ready();
  const accounts = options.demo && !child ? await seedDemo(app.services) : null;
  await app.listen({ port, host }).catch((error: unknown) => failed(`无法在 ${host}:${port} 上监听`, error));
  // Acknowledged writes are committed before the response is sent, so any stop is safe; close cleanly anyway.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void app
        .close()
        .then(() => db.close())
        .then(() => process.exit(0));
    });
  }
  if (child) return;
  const address = app.server.address();
  announce(host, typeof address === 'object' && address ? address.port : port, config.databaseUrl ? null : (config.sqliteFile ?? null), 1);
  await tellAccounts(db, accounts);
}

/** "启动失败：…" and exit: a start-up problem is the operator's to fix, in words, without a stack trace. */
function failure(port: number) {
  return (what: string, error: unknown): never => {
    const code = (error as { code?: string }).code;
    const reason =
      code === 'EADDRINUSE'
        ? `端口 ${port} 已被占用（可用环境变量 PORT 换一个端口）`
        : error instanceof Error
          ? error.message
          : String(error);
    console.error(`启动失败：${what}：${reason}`);
    process.exit(1);
  };
}

function announce(host: string, port: number, sqliteFile: string | null, processes: number): void {
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/`;
  console.log(`绩效自评服务已启动：${url}${processes > 1 ? `（${processes} 个进程）` : ''}`);
  console.log(`接口文档：${url}api/docs`);
  console.log(`数据库：${sqliteFile === null ? 'PostgreSQL（DATABASE_URL）' : `SQLite 文件 ${sqliteFile}`}`);
}

async function tellAccounts(db: Db, accounts: DemoAccount[] | null): Promise<void> {
  if (accounts) {
    console.log('');
    console.log('======================== 演示模式 ========================');
    console.log(`已创建演示地区和演示账号，密码均为公开的 ${DEMO_PASSWORD}（首次登录须修改）：`);
    for (const a of accounts) console.log(`  ${a.roleLabel.padEnd(6, '　')} ${a.username.padEnd(10)} ${a.orgName}`);
    console.log('演示数据只供试用。正式部署请用 jixiao serve（不建演示数据），');
    console.log('并用 jixiao admin create 创建第一个管理员（见 README“正式部署”）。');
    console.log('==========================================================');
  } else if (!(await hasAdministrator(db))) {
    console.log('');
    console.log('尚无管理员账号：请在另一个终端运行');
    console.log('  jixiao admin create --username 用户名 --name 姓名 --org 本地区财政局名称');
    console.log('（密码在提示后输入，或从标准输入读入）');
  }
}

/**
 * N app processes on one port (node:cluster hands connections round-robin). This process migrates
 * the database and seeds the demo once, then forks the app processes, replaces one that dies, and
 * stops them all on a signal.
 */
async function serveCluster(options: ServeOptions, env: NodeJS.ProcessEnv, processes: number): Promise<void> {
  const config = configFromEnv(env);
  const host = env.HOST ?? '127.0.0.1';
  const failed = failure(Number(env.PORT ?? 3000));
  if (!config.databaseUrl) {
    failed('多进程运行需要 PostgreSQL', new Error('请设置 DATABASE_URL；SQLite 数据库文件只由一个服务进程使用'));
  }
  const db = await openDatabase(config).catch((error: unknown) => failed('无法连接或初始化 PostgreSQL 数据库（DATABASE_URL）', error));
  let accounts: DemoAccount[] | null = null;
  if (options.demo) {
    const settings = jobSettings(config, env);
    const app = await buildApp({ db, files: settings.files, workJobs: false, webRoot: null });
    await app.ready();
    accounts = await seedDemo(app.services);
    await app.close();
  }
  let stopping = false;
  let announced = false;
  const fork = () => cluster.fork({ ...env, [CLUSTER_CHILD]: '1' });
  cluster.on('listening', (_worker, address) => {
    if (announced) return;
    announced = true;
    announce(host, address.port, null, processes);
    void tellAccounts(db, accounts);
  });
  cluster.on('exit', (worker, code) => {
    if (stopping) return;
    console.error(`服务进程 ${worker.process.pid} 已退出（${code}），正在重启。`);
    fork();
  });
  for (let i = 0; i < processes; i++) fork();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
      void db.close().then(() => process.exit(0));
    });
  }
}

/** The hour (China time) of the daily reminders of the tasks' due dates: `JIXIAO_REMINDER_HOUR`, default 8. */
function reminderHour(env: NodeJS.ProcessEnv): number {
  const hour = Number(env.JIXIAO_REMINDER_HOUR ?? 8);
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new Error('环境变量 JIXIAO_REMINDER_HOUR 须为 0 到 23 的整点');
  return hour;
}
