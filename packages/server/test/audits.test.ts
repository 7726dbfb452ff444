/**
 * 批量审核 as a background job: a reviewer uploads a ZIP, the service imports and checks every file
 * in its import pool, reports progress, and offers the workbook; a filler may not start one; a bad
 * file gets its row and does not stop the job. On SQLite and PostgreSQL.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Client, type TestApp, startApp, untilFinished } from './harness.js';

const seed = readFileSync(new URL('../../../../shared/seed/000_e0a24521fb6c3de6.txt', import.meta.url));

describe.each(BACKENDS)('batch audit on %s', (backend) => {
  let t: TestApp;
  let finance: Client;
  let filler: Client;

  beforeAll(async () => {
    t = await startApp(backend, { importPool: { size: 1 } });
    [finance, filler] = await Promise.all([t.client('caizheng'), t.client('tianbao')]);
  });
  afterAll(async () => t?.close());

  it('runs in the background with progress, and the workbook has a row per file and every finding', async () => {
    const zip = Buffer.from(
      zipSync({
        '吕仙亭/2023 自评材料.txt': new Uint8Array(seed),
        '损坏的附表.xlsx': new TextEncoder().encode('not a workbook'),
      }),
    );
    const started = await finance.request('POST', '/api/audits?filename=%E5%8C%BA%E7%BA%A7.zip', zip);
    expect(started.status).toBe(202);
    expect(started.body.kind).toBe('audit');
    const job = await untilFinished(finance, started.body.id);
    expect(job).toMatchObject({ status: 'done', progress: { done: 2, total: 2 } });

    const download = await finance.get(`/api/jobs/${job.id}/download`);
    expect(download.status).toBe(200);
    expect(String(download.headers['content-disposition'])).toContain(encodeURIComponent('区级-审核结果.xlsx'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(download.raw as unknown as ArrayBuffer);
    const files = workbook.getWorksheet('文件')!;
    const rows = [2, 3].map((r) => files.getRow(r).values as unknown[]);
    expect(rows.map((r) => r[1])).toEqual(['吕仙亭/2023 自评材料.txt', '损坏的附表.xlsx']);
    expect(rows[0]![3]).toBe('岳阳市岳阳楼区吕仙亭街道办事处');
    expect(rows[1]![14]).toMatch(/不是 Excel 文件/);
    expect(workbook.getWorksheet('问题')!.rowCount).toBeGreaterThan(1);
  });

  it('is for reviewers: a filler may not start one', async () => {
    const res = await filler.request('POST', '/api/audits?filename=a.zip', Buffer.from(zipSync({ 'a.txt': new Uint8Array(seed) })));
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/批量审核/);
  });
});
