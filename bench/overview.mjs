// The finance bureau's region overview at county scale: 2,000 units (20 departments × 100) with a package
// for each of three years, in PostgreSQL, built through the service's own code (so every package has its
// stored summary). Measured over loopback against the built service: the whole region's overview and the
// units behind a figure, a published package's public page, and the open-data CSV of a year streamed
// while the service's memory is watched.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
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
const UNITS = Number(process.env.JIXIAO_BENCH_OVERVIEW_UNITS ?? 2_000);
const YEARS = [2022, 2023, 2024];
const DEPARTMENTS = 20;
const SECONDS = Number(process.env.JIXIAO_BENCH_SECONDS ?? 5);
const PASSWORD = 'bench-overview-password';
const STATUSES = ['draft', 'submitted', 'dept_approved', 'finance_approved', 'published', 'published'];

/** Packages that differ as a region's do: typed scores halved (a lower band and grade), nothing executed (错误), as filed. */
function variant(i) {
  const pkg = structuredClone(SEED);
  if (i % 3 === 1) for (const ind of pkg.overall.indicators) if (ind.score) ind.score = String(Number(ind.score) / 2);
  if (i % 7 === 2) pkg.overall.funds.executed = '0';
  return pkg;
}

async function seedRegion(config) {
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
  const departments = Array.from({ length: DEPARTMENTS }, (_, i) => ({
    id: randomUUID(),
    name: `测试县第${i + 1}主管部门`,
    kind: 'department',
    parent_id: finance.org_id,
    created_at: at,
  }));
  const units = Array.from({ length: UNITS }, (_, i) => ({
    id: randomUUID(),
    name: `测试县第${String(i + 1).padStart(4, '0')}预算单位`,
    kind: 'unit',
    parent_id: departments[i % DEPARTMENTS].id,
    created_at: at,
  }));
  await db.kysely.insertInto('orgs').values(departments).execute();
  for (let i = 0; i < units.length; i += 500)
    await db.kysely
      .insertInto('orgs')
      .values(units.slice(i, i + 500))
      .execute();
  await s.tree.changed();
  const variants = Array.from({ length: 21 }, (_, i) => variant(i));
  const published = [];
  for (const [i, unit] of units.entries()) {
    for (const [y, year] of YEARS.entries()) {
      const data = { ...variants[(i + y * 5) % variants.length], year };
      const row = await createPackage(s, caller, unit.id, year, pinnedToUnit(s, data, unit.id, year), 'create');
      // Earlier years are all published; the current year is spread over the workflow.
      const status = year === 2024 ? STATUSES[i % STATUSES.length] : 'published';
      await db.kysely.updateTable('packages').set({ status }).where('id', '=', row.id).execute();
      if (status === 'published' && year === 2024) published.push(row.id);
    }
  }
  await sql`vacuum analyze`.execute(db.kysely);
  await app.close();
  await db.close();
  return published;
}

async function login(url) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'caizheng', password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
  return { cookie: res.headers.get('set-cookie').split(';')[0] };
}

const at = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** `clients` loops asking for `paths()` for SECONDS; the answer times' percentiles and the last answer's size. */
async function load(url, headers, paths, clients) {
  const times = [];
  let bytes = 0;
  let failed = 0;
  const until = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        const res = await fetch(`${url}${paths()}`, { headers });
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
  return `   ${label.padEnd(16, '　')} ${r.rate.toFixed(0).padStart(5)} 次/秒  p50 ${r.p50.toFixed(1).padStart(6)} ms  p95 ${r.p95.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  ${(r.bytes / 1024).toFixed(1)} KB${r.failed ? `  失败 ${r.failed}` : ''}`;
}

/** Resident memory of a process in MB (Linux /proc). */
function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

/** Streams the year's CSV, reading it slowly as a far client would, and watches the service's memory meanwhile. */
async function streamCsv(url, pid, year) {
  const before = rssOf(pid);
  let peak = before;
  const watch = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 20);
  const t = performance.now();
  const res = await fetch(`${url}/public/data/${year}.csv`);
  let bytes = 0;
  let lines = 0;
  let first = 0;
  for await (const chunk of res.body) {
    if (!first) first = performance.now() - t;
    bytes += chunk.byteLength;
    for (const b of chunk) if (b === 10) lines++;
    await new Promise((r) => setTimeout(r, 1));
  }
  clearInterval(watch);
  return { bytes, lines, ms: performance.now() - t, first, before, peak };
}

async function measure(config, env) {
  let t = performance.now();
  const published = await seedRegion(config);
  console.log(
    `-- PostgreSQL：建 ${UNITS} 个单位 × ${YEARS.length} 个年度的自评包（含摘要）用时 ${((performance.now() - t) / 1000).toFixed(0)} 秒；${loadNote()}`,
  );
  const { child, url } = await startServer(env);
  try {
    const headers = await login(url);
    const fixed = (path) => () => path;
    let n = 0;
    const anyPublished = () => `/public/packages/${published[n++ % published.length]}`;
    console.log(line('全地区总览，1 个客户端', await load(url, headers, fixed('/api/overview?year=2024'), 1)));
    console.log(line('全地区总览，5 个客户端', await load(url, headers, fixed('/api/overview?year=2024'), 5)));
    console.log(line('有“错误”的单位（第一页）', await load(url, headers, fixed('/api/overview/units?year=2024&errors=true'), 5)));
    console.log(line('总分上升的单位（第一页）', await load(url, headers, fixed('/api/overview/units?year=2024&trend=up'), 5)));
    console.log(line('公开页面，1 个客户端', await load(url, {}, anyPublished, 1)));
    console.log(line('公开页面，10 个客户端', await load(url, {}, anyPublished, 10)));
    t = performance.now();
    const xlsx = await fetch(`${url}/api/overview/export?year=2024`, { headers });
    const size = (await xlsx.arrayBuffer()).byteLength;
    console.log(`   导出总览 XLSX：${(performance.now() - t).toFixed(0)} ms，${(size / 1024).toFixed(0)} KB`);
    const csv = await streamCsv(url, child.pid, 2023);
    console.log(
      `   开放数据 2023.csv：${(csv.bytes / 1024 / 1024).toFixed(1)} MB（${csv.lines} 行），慢速读取 ${(csv.ms / 1000).toFixed(1)} 秒，首字节 ${csv.first.toFixed(0)} ms；服务进程内存 ${csv.before.toFixed(0)} MB → 峰值 ${csv.peak.toFixed(0)} MB`,
    );
    console.log(`   （${loadNote()}）`);
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

export async function run() {
  console.log(
    `\n== 总览与公开：${UNITS} 个单位（${DEPARTMENTS} 个主管部门）× ${YEARS.length} 个年度，PostgreSQL，各 ${SECONDS} 秒；目标 全地区总览 p95 ≤ 300 ms，公开页面 p95 ≤ 50 ms ==`,
  );
  const url = await findPostgres();
  if (!url) {
    console.log('-- PostgreSQL：127.0.0.1:5432 不可用，跳过 --');
    return;
  }
  await withSchema(url, (schema) => measure({ databaseUrl: url, pgSchema: schema }, { DATABASE_URL: url, JIXIAO_PG_SCHEMA: schema }));
}
