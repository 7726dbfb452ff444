// A batch export of a whole 主管部门 (1,000 units; JIXIAO_BENCH_EXPORT_UNITS=10000 for a province's) as PDFs, on the embedded SQLite default (the job
// runs in the service's own process and render threads): how long it takes and the most memory the
// service held, sampled every 200 ms, against the 500 MB the region must stay under. The ZIP is
// downloaded as a stream and its entries counted.
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { loadNote, rssMb } from './load.mjs';
import { login, seedRegion } from './region-seed.mjs';
import { startServer } from './start-server.mjs';

const UNITS = Number(process.env.JIXIAO_BENCH_EXPORT_UNITS ?? 1_000);

const STATUSES = ['draft', 'submitted', 'dept_approved', 'finance_approved', 'published'];

export async function run() {
  console.log(`\n== 批量导出：一个主管部门 ${UNITS} 个单位的 PDF，一个 ZIP（SQLite，服务进程内渲染）；目标 内存 < 500 MB ==`);
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-export-bench-'));
  const file = join(dir, 'export.sqlite');
  try {
    let t = performance.now();
    const { departmentIds } = await seedRegion(
      { sqliteFile: file },
      { units: UNITS, departments: 1, statusFor: (i) => STATUSES[i % STATUSES.length] },
    );
    const [departmentId] = departmentIds;
    console.log(`-- 建 ${UNITS} 个单位和自评包用时 ${((performance.now() - t) / 1000).toFixed(0)} 秒；${loadNote()}`);
    const { child, url } = await startServer({ JIXIAO_DB: file, JIXIAO_FILES_DIR: join(dir, 'files') });
    try {
      const headers = { ...(await login(url)), 'content-type': 'application/json' };
      const csrf = await (await fetch(`${url}/api/auth/me`, { headers })).json();
      const write = { ...headers, 'x-csrf-token': csrf.csrfToken ?? '' };
      const idle = rssMb(child.pid);
      t = performance.now();
      const started = await fetch(`${url}/api/exports`, {
        method: 'POST',
        headers: write,
        body: JSON.stringify({ departmentId, year: 2024, format: 'pdf' }),
      });
      if (started.status !== 202) throw new Error(`export: ${started.status} ${await started.text()}`);
      const { id } = await started.json();
      let peak = idle;
      let status;
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        peak = Math.max(peak, rssMb(child.pid));
        status = await (await fetch(`${url}/api/jobs/${id}`, { headers })).json();
        if (status.status === 'done' || status.status === 'failed') break;
      }
      const seconds = (performance.now() - t) / 1000;
      if (status.status !== 'done') throw new Error(`export failed: ${status.error}`);
      const zip = join(dir, 'export.zip');
      const download = await fetch(`${url}/api/jobs/${id}/download`, { headers });
      const sampling = setInterval(() => (peak = Math.max(peak, rssMb(child.pid))), 200);
      await pipeline(Readable.fromWeb(download.body), createWriteStream(zip));
      clearInterval(sampling);
      const listing = execFileSync('unzip', ['-l', zip], { maxBuffer: 64 * 1024 * 1024 })
        .toString()
        .trim()
        .split('\n');
      const entries = Number(/(\d+)\s+files?$/.exec(listing.at(-1) ?? '')?.[1] ?? 0);
      console.log(
        `   ${status.progress.done} 份 PDF，用时 ${seconds.toFixed(0)} 秒（${(status.progress.done / seconds).toFixed(1)} 份/秒）；ZIP ${(statSync(zip).size / 1024 / 1024).toFixed(0)} MB、${entries} 个文件；服务进程内存 空闲 ${idle.toFixed(0)} MB、导出和下载中最高 ${peak.toFixed(0)} MB；${loadNote()}`,
      );
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
