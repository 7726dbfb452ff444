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
const db = await openDatabase(config);
const app = await buildApp({ db, logger: process.env.JIXIAO_LOG === '1' });
await app.ready();
const accounts = await seedDemo(app.services);
await app.listen({ port, host });

const address = app.server.address();
const boundPort = typeof address === 'object' && address ? address.port : port;
const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${boundPort}/`;
console.log(`绩效自评服务已启动：${url}`);
console.log(`接口文档：${url}api/docs`);
console.log(`数据库：${config.databaseUrl ? 'PostgreSQL（DATABASE_URL）' : `SQLite 文件 ${config.sqliteFile}`}`);
if (accounts) {
  console.log('已创建演示地区，演示账号（密码均为 ' + (accounts[0]?.password ?? '') + '）：');
  for (const a of accounts) console.log(`  ${a.roleLabel.padEnd(6, '　')} ${a.username.padEnd(10)} ${a.orgName}`);
}
// Acknowledged writes are committed before the response is sent, so any stop is safe; close cleanly anyway.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(() => db.close()).then(() => process.exit(0));
  });
}
