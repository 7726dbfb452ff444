import { Decimal } from '@jixiao/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, readZip, startApp } from './harness.js';

/** Amounts as numbers, so "7" and "7.00" (the documents write 2 decimals) compare equal. */
function amounts(value: unknown): unknown {
  if (typeof value === 'string') return new Decimal(value).toString();
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, amounts(v)]));
}

describe('document export and import through the API', () => {
  let t: TestApp;
  let filler: Client;
  let dept: Client;
  let id: string;

  beforeAll(async () => {
    t = await startApp('sqlite');
    [filler, dept] = await Promise.all([t.client('tianbao'), t.client('bumen')]);
    id = (await filler.get('/api/packages?year=2023')).body.packages.find((p: { status: string }) => p.status === 'draft').id;
  });
  afterAll(async () => t?.close());

  it.each([
    ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'PK'],
    ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'PK'],
    ['pdf', 'application/pdf', '%PDF'],
  ])('exports %s', async (format, mime, magic) => {
    const res = await filler.get(`/api/packages/${id}/export?format=${format}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(mime);
    expect(res.raw.subarray(0, magic.length).toString('latin1')).toBe(magic);
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent(`-自评.${format}`));
  });

  it.each(['docx', 'xlsx'])('reads an exported %s back into the same 附件1 figures', async (format) => {
    const pkg = (await filler.get(`/api/packages/${id}`)).body;
    const file = await filler.get(`/api/packages/${id}/export?format=${format}`);
    const preview = await filler.request('POST', `/api/import?filename=${encodeURIComponent(`自评.${format}`)}`, file.raw);
    expect(preview.status, JSON.stringify(preview.body).slice(0, 300)).toBe(200);
    expect(amounts(preview.body.package.basicData.rows)).toEqual(amounts(pkg.data.basicData.rows));
    expect(preview.body.package.overall.indicators.map((i: { name: string }) => i.name)).toEqual(
      pkg.data.overall.indicators.map((i: { name: string }) => i.name),
    );
  });

  it('says in Chinese when an uploaded file cannot be read', async () => {
    const res = await filler.request('POST', '/api/import?filename=broken.docx', Buffer.from('not a zip'));
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('IMPORT_FAILED');
    expect(res.body.error.message).toContain('broken.docx');
  });

  it('batch-exports a department’s packages as DOCX in a ZIP', async () => {
    const departmentId = (await dept.get(`/api/packages/${id}`)).body.departmentId;
    let job = (await dept.post('/api/exports', { departmentId, year: 2023, format: 'docx' })).body;
    for (let i = 0; i < 600 && job.status !== 'done' && job.status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await dept.get(`/api/jobs/${job.id}`)).body;
    }
    expect(job).toMatchObject({ status: 'done', progress: { done: 3, total: 3 } });
    const files = readZip((await dept.get(`/api/jobs/${job.id}/download`)).raw);
    expect(files.size).toBe(3);
    for (const [name, bytes] of files) {
      expect(name).toMatch(/^2023-.+-自评\.docx$/);
      expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    }
  });
});
