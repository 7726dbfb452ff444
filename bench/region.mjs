// A region of 10,000 units (20 departments × 500), one package each, on SQLite and on PostgreSQL:
// the lists a reviewer opens (first page, a department's, a status, a name search) and the whole
// organisation tree, as the built service answers them over loopback to 10 clients at once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { line, load } from './http-load.mjs';
import { WARMUP_SECONDS, saveLoad } from './save-load.mjs';
import { loadNote } from './load.mjs';
import { SEED, login, seedRegion } from './region-seed.mjs';
import { findPostgres, startServer, withSchema } from './start-server.mjs';

const UNITS = Number(process.env.JIXIAO_BENCH_REGION_UNITS ?? 10_000);
const DEPARTMENTS = 20;
const CLIENTS = 10;
const SECONDS = Number(process.env.JIXIAO_BENCH_SECONDS ?? 5);
const STATUSES = ['draft', 'submitted', 'dept_approved', 'finance_approved', 'published'];

const row = (label, r) => line(label, r, 12);
const get = (url, headers, path, clients = CLIENTS) => load(url, headers, path, clients, SECONDS);

/** One line of figures for autocannon's result of saves, aligned with `row`'s. */
function saveLine(label, result) {
  const failed = result.non2xx + result.errors + result.timeouts;
  const { average } = result.requests;
  const { p50, p99 } = result.latency;
  return `   ${label.padEnd(12, '　')} ${average.toFixed(0).padStart(5)} 次/秒  p50 ${p50.toFixed(1).padStart(6)} ms  p99 ${p99.toFixed(1).padStart(6)} ms${failed ? `  失败 ${failed}` : ''}`;
}

async function measure(name, config, env) {
  let t = performance.now();
  const { departmentIds, packages } = await seedRegion(config, {
    units: UNITS,
    departments: DEPARTMENTS,
    statusFor: (i) => STATUSES[i % STATUSES.length],
    fillers: CLIENTS,
  });
  const departmentId = departmentIds[3];
  console.log(`-- ${name}：建 ${UNITS} 个单位和自评包用时 ${((performance.now() - t) / 1000).toFixed(0)} 秒；${loadNote()}`);
  const { child, url } = await startServer(env);
  try {
    const headers = await login(url);
    console.log(row('列表第一页，1 个客户端', await get(url, headers, '/api/packages?limit=50', 1)));
    console.log(row('列表第一页（50）', await get(url, headers, '/api/packages?limit=50')));
    console.log(row('第 100 页', await get(url, headers, '/api/packages?limit=50&offset=4950')));
    console.log(row('一个主管部门', await get(url, headers, `/api/packages?departmentId=${departmentId}&limit=50`)));
    console.log(row('按状态', await get(url, headers, '/api/packages?status=submitted&year=2024&limit=50')));
    console.log(row('按名称查找', await get(url, headers, `/api/packages?q=${encodeURIComponent('第0123')}&limit=50`)));
    console.log(row('组织树第一页（200 个）', await get(url, headers, '/api/orgs')));
    // Each of 10 units' 填报 saves the unit's own package, the seed with a figure changed every save.
    const saving = await Promise.all(
      packages.filter((p) => p.filler).map(async ({ id, filler }) => ({ id, headers: await login(url, filler) })),
    );
    const saved = await saveLoad(url, saving, { ...SEED, year: 2024 }, SECONDS);
    console.log(saveLine('保存（10 个单位各存其包）', saved.steady));
    console.log(saveLine(`（启动后预热 ${WARMUP_SECONDS} 秒）`, saved.warmUp));
    console.log(`   （${loadNote()}）`);
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

export async function run() {
  console.log(
    `\n== 地区规模：${UNITS} 个单位（${DEPARTMENTS} 个主管部门），财政审核的列表，除注明外 ${CLIENTS} 个客户端同时请求，各 ${SECONDS} 秒；目标 列表第一页 p95 ≤ 100 ms，保存 ≥ 500 次/秒且 p99 < 50 ms ==`,
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
