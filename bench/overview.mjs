// The finance bureau's region overview at county scale: 2,000 units (20 departments × 100) with a package
// for each of three years, in PostgreSQL, built through the service's own code (so every package has its
// stored summary). Measured over loopback against the built service: the whole region's overview and the
// units behind a figure, a published package's public page, and the open-data CSV of a year streamed
// while the service's memory is watched.
import { line, load } from './http-load.mjs';
import { loadNote, rssMb } from './load.mjs';
import { SEED, login, seedRegion } from './region-seed.mjs';
import { findPostgres, startServer, withSchema } from './start-server.mjs';

const UNITS = Number(process.env.JIXIAO_BENCH_OVERVIEW_UNITS ?? 2_000);
const YEARS = [2022, 2023, 2024];
const DEPARTMENTS = 20;
const SECONDS = Number(process.env.JIXIAO_BENCH_SECONDS ?? 5);
const STATUSES = ['draft', 'submitted', 'dept_approved', 'finance_approved', 'published', 'published'];

/** Packages that differ as a region's do: typed scores halved (a lower band and grade), nothing executed (错误), as filed. */
function variant(i) {
  const pkg = structuredClone(SEED);
  if (i % 3 === 1) for (const ind of pkg.overall.indicators) if (ind.score) ind.score = String(Number(ind.score) / 2);
  if (i % 7 === 2) pkg.overall.funds.executed = '0';
  return pkg;
}

/** Streams the year's CSV, reading it slowly as a far client would, and watches the service's memory meanwhile. */
async function streamCsv(url, pid, year) {
  const before = rssMb(pid);
  let peak = before;
  const watch = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 20);
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
  const variants = Array.from({ length: 21 }, (_, i) => variant(i));
  const { packages } = await seedRegion(config, {
    units: UNITS,
    departments: DEPARTMENTS,
    years: YEARS,
    place: '测试县',
    packageFor: (i, year) => variants[(i + (year - YEARS[0]) * 5) % variants.length],
    // Earlier years are all published; the current year is spread over the workflow.
    statusFor: (i, year) => (year === 2024 ? STATUSES[i % STATUSES.length] : 'published'),
  });
  const published = packages.filter((p) => p.year === 2024 && p.status === 'published').map((p) => p.id);
  console.log(
    `-- PostgreSQL：建 ${UNITS} 个单位 × ${YEARS.length} 个年度的自评包（含摘要）用时 ${((performance.now() - t) / 1000).toFixed(0)} 秒；${loadNote()}`,
  );
  const { child, url } = await startServer(env);
  try {
    const headers = await login(url);
    let n = 0;
    const anyPublished = () => `/public/packages/${published[n++ % published.length]}`;
    console.log(line('全地区总览，1 个客户端', await load(url, headers, '/api/overview?year=2024', 1, SECONDS)));
    console.log(line('全地区总览，5 个客户端', await load(url, headers, '/api/overview?year=2024', 5, SECONDS)));
    console.log(line('有“错误”的单位（第一页）', await load(url, headers, '/api/overview/units?year=2024&errors=true', 5, SECONDS)));
    console.log(line('总分上升的单位（第一页）', await load(url, headers, '/api/overview/units?year=2024&trend=up', 5, SECONDS)));
    console.log(line('公开页面，1 个客户端', await load(url, {}, anyPublished, 1, SECONDS)));
    console.log(line('公开页面，10 个客户端', await load(url, {}, anyPublished, 10, SECONDS)));
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
