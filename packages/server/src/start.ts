/**
 * `npm start`: the service on the embedded database (or DATABASE_URL), with the demo region
 * created on first start. Prints the address and the demo logins.
 */
import { buildApp } from './app.js';
import { configFromEnv, openDatabase } from './db/connect.js';
import { seedDemo } from './demo.js';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const config = configFromEnv();

function failed(what: string, error: unknown): never {
  const code = (error as { code?: string }).code;
  const reason =
    code === 'EADDRINUSE'
      ? `端口 ${port} 已被占用（可用环境变量 PORT 换一个端口）`
      : error instanceof Error
        ? error.message
        : String(error);
  console.error(`启动失败：${what}：${reason}`);
  process.exit(1);
}

// Hours a finished export job and its ZIP are kept.
const retention = Number(process.env.JIXIAO_JOB_RETENTION_HOURS ?? 24);
if (!(retention > 0)) failed('环境变量 JIXIAO_JOB_RETENTION_HOURS 无效', new Error('须为大于 0 的小时数'));
const db = await openDatabase(config).catch((error: unknown) =>
  failed(config.databaseUrl ? '无法连接或初始化 PostgreSQL 数据库（DATABASE_URL）' : `无法打开 SQLite 数据库 ${config.sqliteFile}`, error),
);
// JIXIAO_TRUST_PROXY=1 behind one TLS proxy, or the proxies' addresses: client addresses and https come from its headers.
const trustProxy = process.env.JIXIAO_TRUST_PROXY;
const app = await buildApp({
  db,
  logger: process.env.JIXIAO_LOG === '1',
  jobRetentionHours: retention,
  ...(trustProxy ? { trustProxy: trustProxy === '1' || trustProxy === 'true' ? true : trustProxy } : {}),
});
await app.ready();
const accounts = await seedDemo(app.services);
await app.listen({ port, host }).catch((error: unknown) => failed(`无法在 ${host}:${port} 上监听`, error));

const address = app.server.address();
const boundPort = typeof address === 'object' && address ? address.port : port;
const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${boundPort}/`;
console.log(`绩效自评服务已启动：${url}`);
console.log(`接口文档：${url}api/docs`);
console.log(`数据库：${config.databaseUrl ? 'PostgreSQL（DATABASE_URL）' : `SQLite 文件 ${config.sqliteFile}`}`);
if (accounts) {
  console.log(`已创建演示地区，演示账号（密码均为 ${accounts[0]?.password ?? ''}）：`);
  for (const a of accounts) console.log(`  ${a.roleLabel.padEnd(6, '　')} ${a.username.padEnd(10)} ${a.orgName}`);
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
