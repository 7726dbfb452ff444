// The service over loopback: the built server (packages/server/dist/start.js) in its own process,
// driven by autocannon for a bounded time; reading and saving a package, on SQLite and on
// PostgreSQL (database `test` on 127.0.0.1:5432, in a throw-away schema; skipped when absent).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { syntheticPackage } from '@jixiao/core';
import { loadNote } from './load.mjs';
import { WARMUP_SECONDS, saveLoad } from './save-load.mjs';
import { findPostgres, startServer, withSchema } from './start-server.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SEED = JSON.parse(readFileSync(join(ROOT, 'examples/lvxianting-2023.json'), 'utf8'));
const SECONDS = Number(process.env.JIXIAO_BENCH_SECONDS ?? 5);
const CONNECTIONS = 10;
const READ_WARMUP_SECONDS = 2;

async function login(url) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'fuzeren', password: 'jixiao-demo' }),
  });
  const { user, csrfToken } = await res.json();
  const headers = { cookie: res.headers.get('set-cookie').split(';')[0], 'x-csrf-token': csrfToken };
  // The demo password must be changed at first login before anything else is allowed.
  if (user.mustChangePassword) {
    await fetch(`${url}/api/auth/password`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ currentPassword: 'jixiao-demo', newPassword: 'bench-password-1' }),
    });
  }
  return { orgId: user.orgId, headers };
}

/** One package per connection, so each connection saves its own package version after version. */
async function createPackages(url, auth, count) {
  const ids = [];
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${url}/api/packages`, {
      method: 'POST',
      headers: { ...auth.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ orgId: auth.orgId, year: 2030 + i, from: 'data', data: SEED }),
    });
    if (res.status !== 201) throw new Error(`create package: ${res.status} ${await res.text()}`);
    ids.push((await res.json()).id);
  }
  return ids;
}

function cannon(options) {
  return new Promise((resolve, reject) =>
    autocannon({ connections: CONNECTIONS, duration: SECONDS, ...options }, (err, result) => (err ? reject(err) : resolve(result))),
  );
}

function line(label, result) {
  const failed = result.non2xx + result.errors + result.timeouts;
  return `${label.padEnd(10)} ${result.requests.average.toFixed(0).padStart(6)} 次/秒   p50 ${String(result.latency.p50).padStart(3)} ms   p99 ${String(result.latency.p99).padStart(3)} ms   （共 ${result.requests.total} 次${failed ? `，失败 ${failed}` : ''}）`;
}

async function measure(name, env) {
  const { child, url } = await startServer(env);
  try {
    const auth = await login(url);
    const ids = await createPackages(url, auth, CONNECTIONS);
    const reading = { url: `${url}/api/packages/${ids[0]}`, headers: auth.headers };
    // Measured after a warm-up, as the saves are (save-load.mjs).
    await cannon({ ...reading, duration: READ_WARMUP_SECONDS });
    const read = await cannon(reading);

    const saved = await saveLoad(
      url,
      ids.map((id) => ({ id, headers: auth.headers })),
      SEED,
      SECONDS,
    );
    console.log(`-- ${name} --`);
    console.log(line('读取自评包', read));
    console.log(line('保存自评包', saved.steady));
    console.log(line(`（启动后预热 ${WARMUP_SECONDS} 秒）`, saved.warmUp));
    // Saves contend with every other process for the two cores: the load beside the figure.
    console.log(`（${loadNote()}）`);
    if (name.startsWith('SQLite')) await isolation(url, auth);
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

function spread(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  return `p50 ${at(50).toFixed(0)} ms，p99 ${at(99).toFixed(0)} ms，最长 ${sorted.at(-1).toFixed(0)} ms（${sorted.length} 次）`;
}

/** Polls `path` every 20 ms while `work` runs; the answer times show whether the work held up the service. */
async function latencyDuring(url, path, work) {
  const times = [];
  let running = true;
  const poller = (async () => {
    while (running) {
      const t = performance.now();
      await fetch(`${url}${path}`).then((r) => r.arrayBuffer());
      times.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  await work();
  running = false;
  await poller;
  return times;
}

/**
 * Heavy work must not hold up anyone else: /api/health while five 1 MB text files import, and a
 * small package's DOCX for the public while a user renders the largest package the limits allow.
 */
async function isolation(url, auth) {
  const rows = Array.from({ length: 20_000 }, (_, i) => `本级专项第${i + 1}项经费\t${i}.00\t${i}.50\t${i}.25`);
  const text = Buffer.from(['附件1', '单位基础数据表', '经费控制情况\t2022年决算数\t2023年预算数\t2023年决算数', ...rows].join('\n'));
  const imports = await latencyDuring(url, '/api/health', () =>
    Promise.all(
      Array.from({ length: 5 }, () =>
        fetch(`${url}/api/import?filename=big.txt`, {
          method: 'POST',
          headers: { ...auth.headers, 'content-type': 'application/octet-stream' },
          body: text,
        }).then((r) => r.arrayBuffer()),
      ),
    ),
  );
  console.log(`/api/health，同时导入 5 个 ${(text.length / 1024 / 1024).toFixed(1)} MB 文本：${spread(imports)}`);

  const large = syntheticPackage(7, { projects: 300, indicatorsPerProject: 12 });
  const created = await fetch(`${url}/api/packages`, {
    method: 'POST',
    headers: { ...auth.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ orgId: auth.orgId, year: 2090, from: 'data', data: { ...large, year: 2090 } }),
  }).then((r) => r.json());
  const published = (await fetch(`${url}/api/packages`).then((r) => r.json())).packages[0];
  let bigMs = 0;
  const small = await latencyDuring(url, `/api/packages/${published.id}/export?format=docx`, async () => {
    const t = performance.now();
    await fetch(`${url}/api/packages/${created.id}/export?format=pdf`, { headers: auth.headers }).then((r) => r.arrayBuffer());
    bigMs = performance.now() - t;
  });
  console.log(`公众下载小包 DOCX，同时另一用户生成 300 个项目的 PDF（${(bigMs / 1000).toFixed(1)} 秒）：${spread(small)}`);
}

export async function run() {
  console.log(
    `\n== 服务（回环 HTTP，autocannon ${CONNECTIONS} 个连接，读取预热 ${READ_WARMUP_SECONDS} 秒、保存预热 ${WARMUP_SECONDS} 秒后各测 ${SECONDS} 秒；自评包 JSON ${(JSON.stringify(SEED).length / 1024).toFixed(0)} KB）==`,
  );
  // The load generator shares the machine with the service: a busy machine lowers both figures.
  console.log(`（开始时${loadNote()}）`);
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-bench-'));
  try {
    await measure('SQLite（内嵌）', { JIXIAO_DB: join(dir, 'bench.sqlite') });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const url = await findPostgres();
  if (!url) {
    console.log('-- PostgreSQL：127.0.0.1:5432 不可用，跳过 --');
    return;
  }
  await withSchema(url, (schema) => measure('PostgreSQL', { DATABASE_URL: url, JIXIAO_PG_SCHEMA: schema }));
}
