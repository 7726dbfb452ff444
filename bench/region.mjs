// A region of 10,000 units (20 departments × 500), one package each, on SQLite and on PostgreSQL:
// the lists a reviewer opens (first page, a department's, a status, a name search) and the whole
// organisation tree, as the built service answers them over loopback to 10 clients at once.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePackage } from '@jixiao/core';
import { sql } from 'kysely';
import { buildApp, openDatabase, seedDemo } from '@jixiao/server';
import { createPackage } from '../packages/server/dist/package-service.js';
import { hashPassword } from '../packages/server/dist/password.js';
import { pinnedToUnit } from '../packages/server/dist/routes/packages.js';
import { loadNote } from './load.mjs';
import { findPostgres, startServer, withSchema } from './start-server.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SEED = parsePackage(JSON.parse(readFileSync(join(ROOT, 'examples/lvxianting-2023.json'), 'utf8'))).package;
const UNITS = Number(process.env.JIXIAO_BENCH_REGION_UNITS ?? 10_000);
const DEPARTMENTS = 20;
const CLIENTS = 10;
const SECONDS = Number(process.env.JIXIAO_BENCH_SECONDS ?? 5);
const PASSWORD = 'bench-region-password';
const STATUSES = ['draft', 'submitted', 'dept_approved', 'finance_approved', 'published'];

/** The region, built through the service's own code (`units` under `departments`); returns a department's id. */
export async function seedRegion(config, units = UNITS, departmentCount = DEPARTMENTS) {
  const db = await openDatabase(config);
  const app = await buildApp({ db, webRoot: null, workJobs: false });
  await app.ready();
  const s = app.services;
  await seedDemo(s, { mustChangePassword: false });
  const finance = await db.kysely.selectFrom('users').select(['id', 'org_id']).where('username', '=', 'caizheng').executeTakeFirstOrThrow();
  await db.kysely
    .updateTable('users')
    .set({ password_hash: await hashPassword(PASSWORD) })
    .execute();
  const caller = { userId: finance.id, username: 'caizheng', displayName: '', role: 'finance_reviewer', orgId: finance.org_id };
  const at = new Date().toISOString();
  const departments = Array.from({ length: departmentCount }, (_, i) => ({
    id: randomUUID(),
    name: `测试市第${i + 1}主管部门`,
    kind: 'department',
    parent_id: finance.org_id,
    created_at: at,
  }));
  const unitRows = Array.from({ length: units }, (_, i) => ({
    id: randomUUID(),
    name: `测试市第${String(i + 1).padStart(5, '0')}预算单位`,
    kind: 'unit',
    parent_id: departments[i % departmentCount].id,
    created_at: at,
  }));
  await db.kysely.insertInto('orgs').values(departments).execute();
  for (let i = 0; i < unitRows.length; i += 500)
    await db.kysely
      .insertInto('orgs')
      .values(unitRows.slice(i, i + 500))
      .execute();
  await s.tree.changed();
  for (const [i, unit] of unitRows.entries()) {
    const row = await createPackage(s, caller, unit.id, 2024, pinnedToUnit(s, SEED, unit.id, 2024), 'create');
    await db.kysely
      .updateTable('packages')
      .set({ status: STATUSES[i % STATUSES.length] })
      .where('id', '=', row.id)
      .execute();
  }
  // A region's tables as they are in service: analysed (autovacuum does it a while after a bulk load).
  await sql`${sql.raw(config.databaseUrl ? 'vacuum analyze' : 'pragma optimize=0x10002')}`.execute(db.kysely);
  await app.close();
  await db.close();
  return departments[Math.min(3, departmentCount - 1)].id;
}

export async function login(url) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'caizheng', password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
  return { cookie: res.headers.get('set-cookie').split(';')[0] };
}

const at = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** `clients` loops asking `path` for SECONDS; the answer times' percentiles and the answer's size. */
async function load(url, headers, path, clients = CLIENTS) {
  const times = [];
  let bytes = 0;
  let failed = 0;
  const until = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        const res = await fetch(`${url}${path}`, { headers });
        const body = await res.arrayBuffer();
        times.push(performance.now() - t);
        bytes = body.byteLength;
        if (res.status !== 200) failed++;
      }
    }),
  );
  const sorted = times.sort((a, b) => a - b);
  return { n: sorted.length, rate: sorted.length / SECONDS, p50: at(sorted, 50), p95: at(sorted, 95), p99: at(sorted, 99), bytes, failed };
}

function line(label, r) {
  return `   ${label.padEnd(12, '　')} ${r.rate.toFixed(0).padStart(5)} 次/秒  p50 ${r.p50.toFixed(1).padStart(6)} ms  p95 ${r.p95.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  ${(r.bytes / 1024).toFixed(1)} KB${r.failed ? `  失败 ${r.failed}` : ''}`;
}

async function measure(name, config, env) {
  let t = performance.now();
  const departmentId = await seedRegion(config);
  console.log(`-- ${name}：建 ${UNITS} 个单位和自评包用时 ${((performance.now() - t) / 1000).toFixed(0)} 秒；${loadNote()}`);
  const { child, url } = await startServer(env);
  try {
    const headers = await login(url);
    console.log(line('列表第一页，1 个客户端', await load(url, headers, '/api/packages?limit=50', 1)));
    console.log(line('列表第一页（50）', await load(url, headers, '/api/packages?limit=50')));
    console.log(line('第 100 页', await load(url, headers, '/api/packages?limit=50&offset=4950')));
    console.log(line('一个主管部门', await load(url, headers, `/api/packages?departmentId=${departmentId}&limit=50`)));
    console.log(line('按状态', await load(url, headers, '/api/packages?status=submitted&year=2024&limit=50')));
    console.log(line('按名称查找', await load(url, headers, `/api/packages?q=${encodeURIComponent('第0123')}&limit=50`)));
    console.log(line('组织树第一页（200 个）', await load(url, headers, '/api/orgs')));
    console.log(`   （${loadNote()}）`);
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

export async function run() {
  console.log(
    `\n== 地区规模：${UNITS} 个单位（${DEPARTMENTS} 个主管部门），财政审核的列表，除注明外 ${CLIENTS} 个客户端同时请求，各 ${SECONDS} 秒；目标 列表第一页 p95 ≤ 100 ms ==`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-region-'));
  try {
    const file = join(dir, 'region.sqlite');
    await measure('SQLite', { sqliteFile: file }, { JIXIAO_DB: file });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const url = await findPostgres();
  if (!url) {
    console.log('-- PostgreSQL：127.0.0.1:5432 不可用，跳过 --');
    return;
  }
  await withSchema(url, (schema) =>
    measure('PostgreSQL', { databaseUrl: url, pgSchema: schema }, { DATABASE_URL: url, JIXIAO_PG_SCHEMA: schema }),
  );
}
