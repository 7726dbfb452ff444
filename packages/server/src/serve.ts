/**
 * Running the service: open the database, build the app, listen, and stop cleanly on a signal.
 * `npm start` serves with the demo region for a newcomer; a deployment (`jixiao serve`) starts
 * empty and gets its first administrator from `jixiao admin create`.
 */
import { buildApp } from './app.js';
import { hasAdministrator } from './administrators.js';
import { configFromEnv, openDatabase } from './db/connect.js';
import { DEMO_PASSWORD, seedDemo } from './demo.js';

export interface ServeOptions {
  /** Create the demo region (with its public password) on first start. */
  demo: boolean;
  env?: NodeJS.ProcessEnv;
}

export async function serve(options: ServeOptions): Promise<void> {
  const env = options.env ?? process.env;
  const port = Number(env.PORT ?? 3000);
  const host = env.HOST ?? '127.0.0.1';
  const config = configFromEnv(env);

  const failed = (what: string, error: unknown): never => {
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

  // Hours a finished export job and its ZIP are kept.
  const retention = Number(env.JIXIAO_JOB_RETENTION_HOURS ?? 24);
  if (!(retention > 0)) failed('环境变量 JIXIAO_JOB_RETENTION_HOURS 无效', new Error('须为大于 0 的小时数'));
  const db = await openDatabase(config).catch((error: unknown) =>
    failed(
      config.databaseUrl ? '无法连接或初始化 PostgreSQL 数据库（DATABASE_URL）' : `无法打开 SQLite 数据库 ${config.sqliteFile}`,
      error,
    ),
  );
  // JIXIAO_TRUST_PROXY=1 behind one TLS proxy, or the proxies' addresses: client addresses and https come from its headers.
  const trustProxy = env.JIXIAO_TRUST_PROXY;
  const app = await buildApp({
    db,
    // JSON log lines with request ids: on for a deployment, on request for the demo.
    logger: env.JIXIAO_LOG === '1' || (!options.demo && env.JIXIAO_LOG !== '0'),
    ...(env.JIXIAO_METRICS_TOKEN ? { metricsToken: env.JIXIAO_METRICS_TOKEN } : {}),
    jobRetentionHours: retention,
    renderer: { keepWarm: true },
    ...(trustProxy ? { trustProxy: trustProxy === '1' || trustProxy === 'true' ? true : trustProxy } : {}),
  });
  await app.ready();
  const accounts = options.demo ? await seedDemo(app.services) : null;
  await app.listen({ port, host }).catch((error: unknown) => failed(`无法在 ${host}:${port} 上监听`, error));

  const address = app.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${boundPort}/`;
  console.log(`绩效自评服务已启动：${url}`);
  console.log(`接口文档：${url}api/docs`);
  console.log(`数据库：${config.databaseUrl ? 'PostgreSQL（DATABASE_URL）' : `SQLite 文件 ${config.sqliteFile}`}`);
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
  // Acknowledged writes are committed before the response is sent, so any stop is safe; close cleanly anyway.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void app
        .close()
        .then(() => db.close())
        .then(() => process.exit(0));
    });
  }
}
