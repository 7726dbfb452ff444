import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderStore } from '../src/file-store.js';
import { type Client, type TestApp, readZip, startApp, untilFinished } from './harness.js';

const HOUR = 3_600_000;

function hasPdftotext(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('batch export in a worker thread', () => {
  let t: TestApp;
  let filler: Client;
  let dept: Client;
  let id: string;
  let departmentId: string;

  beforeAll(async () => {
    t = await startApp('sqlite');
    [filler, dept] = await Promise.all([t.client('tianbao'), t.client('bumen')]);
    id = (await filler.get('/api/packages?year=2023')).body.packages.find((p: { status: string }) => p.status === 'draft').id;
    departmentId = (await dept.get(`/api/packages/${id}`)).body.departmentId;
  });
  afterAll(async () => t?.close());

  it('answers reads and saves while a batch of PDFs renders, and the ZIP holds every PDF', async () => {
    const before = (await filler.get(`/api/packages/${id}`)).body;
    const started = await dept.post('/api/exports', { departmentId, year: 2023, format: 'pdf' });
    expect(started.status).toBe(202);
    const jobId = started.body.id;

    // Requests made while the job is rendering (it is running and has files left both before and
    // after the request) are answered, with the right content.
    let answeredDuringRender = 0;
    let saved = false;
    for (let i = 0; i < 2000 && answeredDuringRender < 20; i++) {
      const polled = (await dept.get(`/api/jobs/${jobId}`)).body;
      if (polled.status === 'done' || polled.status === 'failed') break;
      const read = await filler.get(`/api/packages/${id}`);
      expect(read.status).toBe(200);
      expect(read.body.data.unit).toEqual(before.data.unit);
      let answered = read.status === 200;
      if (!saved && polled.status === 'running') {
        const phone = '0730-8888888';
        const save = await filler.put(`/api/packages/${id}`, {
          version: read.body.version,
          data: { ...read.body.data, signature: { ...read.body.data.signature, phone } },
        });
        expect(save.status).toBe(200);
        expect(save.body.version).toBe(read.body.version + 1);
        expect(save.body.data.signature.phone).toBe(phone);
        saved = true;
        answered &&= save.status === 200;
      }
      const after = (await dept.get(`/api/jobs/${jobId}`)).body;
      if (
        answered &&
        polled.status === 'running' &&
        after.status === 'running' &&
        after.progress.done === polled.progress.done &&
        after.progress.done < after.progress.total
      ) {
        answeredDuringRender++;
      }
    }
    expect(answeredDuringRender).toBeGreaterThan(0);
    expect(saved).toBe(true);

    const job = await untilFinished(dept, jobId);
    expect(job).toMatchObject({ status: 'done', error: null, progress: { done: 3, total: 3 } });
    const download = await dept.get(`/api/jobs/${jobId}/download`);
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('application/zip');
    const files = readZip(download.raw);
    const names = [...files.keys()].sort();
    expect(names).toEqual(
      ['岳阳市岳阳楼区吕仙亭街道办事处', '岳阳市岳阳楼区南湖街道办事处', '岳阳市岳阳楼区洞庭街道办事处']
        .map((unit) => `2023-${unit}-自评.pdf`)
        .sort(),
    );
    for (const bytes of files.values()) expect(bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
    if (!hasPdftotext()) {
      console.warn('pdftotext 不可用：跳过导出 PDF 的文字检查。');
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-jobs-'));
    try {
      for (const [name, bytes] of files) {
        const file = join(dir, 'out.pdf');
        writeFileSync(file, bytes);
        const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
        const unit = /^2023-(.+)-自评\.pdf$/.exec(name)?.[1] ?? '';
        expect(text).toContain(unit.replace(/^岳阳市岳阳楼区/, ''));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers other requests while a single PDF export renders', async () => {
    let finished = false;
    const exporting = filler.get(`/api/packages/${id}/export?format=pdf`).then((res) => ((finished = true), res));
    let answeredWhileRendering = 0;
    for (let i = 0; i < 5; i++) {
      const me = await filler.get('/api/auth/me');
      expect(me.body.user.username).toBe('tianbao');
      if (!finished) answeredWhileRendering++;
    }
    const file = await exporting;
    expect(file.status).toBe(200);
    expect(file.raw.subarray(0, 4).toString('latin1')).toBe('%PDF');
    expect(answeredWhileRendering).toBe(5);
  });
});

describe('finished jobs are removed after the retention period', () => {
  let t: TestApp;
  let dept: Client;
  let offset = 0;

  beforeAll(async () => {
    t = await startApp('sqlite', { jobRetentionHours: 24, clock: () => new Date(Date.now() + offset) });
    dept = await t.client('bumen');
  });
  afterAll(async () => t?.close());

  it('keeps a finished job and its ZIP for 24 h, then deletes both', async () => {
    const departmentId = (await dept.get('/api/auth/me')).body.user.orgId;
    const job = (await dept.post('/api/exports', { departmentId, year: 2023, format: 'json' })).body;
    expect(await untilFinished(dept, job.id)).toMatchObject({ status: 'done' });
    expect((await dept.get(`/api/jobs/${job.id}/download`)).status).toBe(200);

    offset = 23 * HOUR;
    expect(await t.app.services.jobs.sweep()).toBe(0);
    expect((await dept.get(`/api/jobs/${job.id}`)).body.status).toBe('done');
    expect((await dept.get(`/api/jobs/${job.id}/download`)).status).toBe(200);

    // Past the retention period, the runner's next look removes it by itself.
    offset = 25 * HOUR;
    let res = await dept.get(`/api/jobs/${job.id}`);
    for (let i = 0; i < 200 && res.status === 200; i++) {
      await new Promise((r) => setTimeout(r, 50));
      res = await dept.get(`/api/jobs/${job.id}`);
    }
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    expect((await dept.get(`/api/jobs/${job.id}/download`)).status).toBe(404);
    const rows = await t.db.kysely.selectFrom('jobs').select('id').where('id', '=', job.id).execute();
    expect(rows).toEqual([]);
  });
});

/** A folder store whose disk gives out while the ZIP is being written (after its first bytes). */
class FailingZipStore extends FolderStore {
  override async write(key: string, content: Readable | Uint8Array): Promise<number> {
    if (!key.endsWith('result.zip') || content instanceof Uint8Array) return super.write(key, content);
    for await (const chunk of content) {
      void chunk;
      throw new Error('磁盘已满');
    }
    return 0;
  }
}

describe('a store that fails while the ZIP is written', () => {
  let t: TestApp;
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-failing-store-'));

  beforeAll(async () => {
    t = await startApp('sqlite', { files: new FailingZipStore(dir) });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails the export with the reason instead of waiting forever', async () => {
    const dept = await t.client('bumen');
    const departmentId = (await dept.get('/api/auth/me')).body.user.orgId;
    const job = (await dept.post('/api/exports', { departmentId, year: 2023, format: 'json' })).body;
    expect(await untilFinished(dept, job.id)).toMatchObject({ status: 'failed', error: '导出失败：磁盘已满' });
    expect((await dept.get(`/api/jobs/${job.id}/download`)).status).toBe(409);
  });
});
