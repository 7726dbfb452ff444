import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Client, type TestApp, readZip, startApp } from './harness.js';

const SEED_UNIT = '岳阳市岳阳楼区吕仙亭街道办事处';

describe.each(BACKENDS)('review workflow on %s', (backend) => {
  let t: TestApp;
  let filler: Client;
  let head: Client;
  let dept: Client;
  let finance: Client;
  let anonymous: Client;
  let id: string;

  beforeAll(async () => {
    t = await startApp(backend);
    [filler, head, dept, finance, anonymous] = await Promise.all([
      t.client('tianbao'),
      t.client('fuzeren'),
      t.client('bumen'),
      t.client('caizheng'),
      t.client(),
    ]);
    const list = await filler.get('/api/packages?year=2023');
    const own = list.body.packages.find((p: { orgName: string }) => p.orgName === SEED_UNIT);
    id = own.id;
  });
  afterAll(async () => t?.close());

  const current = async (client: Client = filler) => (await client.get(`/api/packages/${id}`)).body;
  /** The rectification loop (batch-rectification.test.ts): the unit answers every open point, the reviewer accepts each. */
  const answerAll = async () => {
    for (const p of (await filler.get(`/api/packages/${id}/rectification`)).body.points)
      if (p.state !== 'accepted') await filler.post(`/api/packages/${id}/rectification/${p.id}/answer`, { text: '已整改', done: true });
  };
  const acceptAll = async (reviewer: Client, version: number) => {
    for (const p of (await reviewer.get(`/api/packages/${id}/rectification`)).body.points)
      if (p.state === 'done') await reviewer.post(`/api/packages/${id}/rectification/${p.id}/decision`, { version, decision: 'accept' });
  };

  it('gives the unit its seeded 2023 package as an editable draft with the real data', async () => {
    const pkg = await current();
    expect(pkg.status).toBe('draft');
    expect(pkg.statusLabel).toBe('草稿');
    expect(pkg.editable).toBe(true);
    expect(pkg.actions).toEqual(['save', 'restore']);
    expect(pkg.data.basicData.rows.reception).toEqual({ prior: '4.93', budget: '7', actual: '4.07' });
    expect(pkg.departmentName).toBe('岳阳市岳阳楼区人民政府（街道主管部门）');
  });

  it('saves a change as a new version and records the field-level diff', async () => {
    const pkg = await current();
    const data = structuredClone(pkg.data);
    data.signature.filler = '刘填报';
    data.signature.phone = '0730-8888888';
    const saved = await filler.put(`/api/packages/${id}`, { version: pkg.version, data });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(pkg.version + 1);
    expect(saved.body.updatedByName).toBe('吕仙亭 刘填报');
    const version = await filler.get(`/api/packages/${id}/versions/${saved.body.version}`);
    expect(version.body.changes).toEqual([
      { path: 'signature.filler', before: '', after: '刘填报' },
      { path: 'signature.phone', before: '', after: '0730-8888888' },
    ]);
    const history = await filler.get(`/api/packages/${id}/history`);
    expect(history.body.versions[0]).toMatchObject({
      version: saved.body.version,
      action: 'save',
      changeCount: 2,
      byName: '吕仙亭 刘填报',
    });
  });

  it('rejects content that is not a valid package with the core schema issues', async () => {
    const pkg = await current();
    const data = structuredClone(pkg.data);
    data.basicData.staffing.actual = '四十八';
    const res = await filler.put(`/api/packages/${id}`, { version: pkg.version, data });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('INVALID_PACKAGE');
    expect(res.body.error.details.issues[0].path).toContain('staffing.actual');
    expect((await current()).version).toBe(pkg.version);
  });

  it('refuses to submit while the package has 错误-level findings, and lists them', async () => {
    const pkg = await current();
    const data = structuredClone(pkg.data);
    const weight = data.overall.indicators[0].weight;
    // The score of a 定量 indicator is the formula's; the unit's override above the 分值 is an error.
    data.overall.indicators[0].override = { score: String(Number(weight) + 5), reason: '超额完成' };
    const saved = await filler.put(`/api/packages/${id}`, { version: pkg.version, data });
    const res = await head.post(`/api/packages/${id}/submit`, { version: saved.body.version });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('HAS_ERRORS');
    expect(res.body.error.details.findings.some((f: { severity: string }) => f.severity === '错误')).toBe(true);
    expect((await current()).status).toBe('draft');
    // Put the score back.
    await filler.put(`/api/packages/${id}`, { version: saved.body.version, data: pkg.data });
  });

  it('lets only the 单位负责人 submit, then locks the package for the unit', async () => {
    const pkg = await current();
    expect((await filler.post(`/api/packages/${id}/submit`, { version: pkg.version })).status).toBe(403);
    const submitted = await head.post(`/api/packages/${id}/submit`, { version: pkg.version });
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('submitted');
    const save = await filler.put(`/api/packages/${id}`, { version: pkg.version, data: pkg.data });
    expect(save.status).toBe(409);
    expect(save.body.error.code).toBe('INVALID_STATE');
  });

  it('carries the department reviewer’s reasons, per field, back to the unit', async () => {
    const pkg = await current(dept);
    expect(pkg.actions).toEqual(['approve', 'return']);
    const empty = await dept.post(`/api/packages/${id}/review`, { version: pkg.version, decision: 'return' });
    expect(empty.status).toBe(400);
    const returned = await dept.post(`/api/packages/${id}/review`, {
      version: pkg.version,
      decision: 'return',
      comment: '请核实在职人数。',
      fieldComments: [{ path: 'basicData.staffing.actual', message: '实际在职人数与人事报表不符' }],
    });
    expect(returned.status).toBe(200);
    expect(returned.body.status).toBe('dept_returned');
    const seen = await current(filler);
    expect(seen.editable).toBe(true);
    expect(seen.lastReturn).toMatchObject({
      stage: 'dept',
      byName: '主管部门 李审核',
      comment: '请核实在职人数。',
      fieldComments: [{ path: 'basicData.staffing.actual', message: '实际在职人数与人事报表不符' }],
    });
  });

  it('goes through department and finance review, with a finance return, to publication', async () => {
    let pkg = await current();
    const data = structuredClone(pkg.data);
    data.basicData.staffing.actual = '48';
    pkg = (await filler.put(`/api/packages/${id}`, { version: pkg.version, data })).body;
    await answerAll();
    expect((await head.post(`/api/packages/${id}/submit`, { version: pkg.version })).body.status).toBe('submitted');
    await acceptAll(dept, pkg.version);
    expect((await dept.post(`/api/packages/${id}/review`, { version: pkg.version, decision: 'approve' })).body.status).toBe(
      'dept_approved',
    );
    // Approved packages are locked.
    expect((await filler.put(`/api/packages/${id}`, { version: pkg.version, data })).body.error.code).toBe('INVALID_STATE');
    // The department may not take the finance step.
    expect((await dept.post(`/api/packages/${id}/review`, { version: pkg.version, decision: 'approve' })).body.error.code).toBe(
      'INVALID_STATE',
    );
    const back = await finance.post(`/api/packages/${id}/review`, {
      version: pkg.version,
      decision: 'return',
      comment: '三公经费控制率填写有误。',
    });
    expect(back.body.status).toBe('finance_returned');
    expect((await current(head)).lastReturn).toMatchObject({ stage: 'finance', comment: '三公经费控制率填写有误。' });
    await answerAll();
    await head.post(`/api/packages/${id}/submit`, { version: pkg.version });
    await dept.post(`/api/packages/${id}/review`, { version: pkg.version, decision: 'approve' });
    await acceptAll(finance, pkg.version);
    expect((await finance.post(`/api/packages/${id}/review`, { version: pkg.version, decision: 'approve' })).body.status).toBe(
      'finance_approved',
    );
    expect((await anonymous.get(`/api/packages/${id}`)).status).toBe(404);
    expect((await finance.post(`/api/packages/${id}/publish`, { version: pkg.version })).body.status).toBe('published');
    const pub = await anonymous.get(`/api/packages/${id}`);
    expect(pub.status).toBe(200);
    expect(pub.body.data.unit.name).toBe(SEED_UNIT);
    expect(pub.body.actions).toEqual([]);
    const list = await anonymous.get('/api/packages');
    expect(list.body.packages.map((p: { id: string }) => p.id)).toContain(id);
    expect(list.body.packages.every((p: { status: string }) => p.status === 'published')).toBe(true);
  });

  it('re-opens a published package only as an explicit, recorded act', async () => {
    const pkg = await current();
    expect((await dept.post(`/api/packages/${id}/reopen`, { version: pkg.version, reason: '需更正' })).body.error.code).toBe(
      'INVALID_STATE',
    );
    const reopened = await finance.post(`/api/packages/${id}/reopen`, { version: pkg.version, reason: '公开后发现附件1数据需更正' });
    expect(reopened.body.status).toBe('draft');
    const history = await filler.get(`/api/packages/${id}/history`);
    expect(history.body.events[0]).toMatchObject({
      action: 'reopen',
      fromStatus: 'published',
      toStatus: 'draft',
      comment: '公开后发现附件1数据需更正',
      byName: '财政局 王审核',
    });
    expect(history.body.events.map((e: { action: string }) => e.action)).toEqual([
      'reopen',
      'publish',
      'approve',
      'approve',
      'submit',
      'return',
      'approve',
      'submit',
      'return',
      'submit',
      'create',
    ]);
    expect((await anonymous.get(`/api/packages/${id}`)).status).toBe(404);
  });

  it('restores an earlier version as a new version, keeping the history append-only', async () => {
    const pkg = await current();
    const first = await filler.get(`/api/packages/${id}/versions/1`);
    const restored = await filler.post(`/api/packages/${id}/versions/1/restore`, { version: pkg.version });
    expect(restored.status).toBe(200);
    expect(restored.body.version).toBe(pkg.version + 1);
    expect(restored.body.data).toEqual(first.body.data);
    const history = await filler.get(`/api/packages/${id}/history`);
    expect(history.body.versions.map((v: { version: number }) => v.version)).toEqual(
      Array.from({ length: pkg.version + 1 }, (_, i) => pkg.version + 1 - i),
    );
    expect(history.body.versions[0].action).toBe('restore');
  });

  it('refuses, in the database itself, to change or remove recorded history', async () => {
    const db = t.db.kysely;
    await expect(db.updateTable('package_versions').set({ changes: '[]' }).where('package_id', '=', id).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(db.deleteFrom('package_events').where('package_id', '=', id).execute()).rejects.toThrow(/append-only/);
    const versions = (await filler.get(`/api/packages/${id}/history`)).body.versions;
    expect(versions.length).toBeGreaterThan(1);
  });

  it('starts next year’s package from this year’s with 上年决算 carried over', async () => {
    const unit = (await current()).orgId;
    const res = await filler.post('/api/packages', { orgId: unit, year: 2024, from: 'previous' });
    expect(res.status).toBe(201);
    const data = res.body.data;
    expect(data.year).toBe(2024);
    expect(data.basicData.rows.reception).toEqual({ prior: '4.07', budget: null, actual: null });
    expect(data.basicData.rows.projectSpending).toEqual({ prior: '797.2', budget: null, actual: null });
    expect(data.overall.indicators.length).toBeGreaterThan(0);
    expect(data.overall.indicators.every((i: { score: unknown; actual: string }) => i.score === null && i.actual === '')).toBe(true);
    const again = await filler.post('/api/packages', { orgId: unit, year: 2024, from: 'blank' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'DUPLICATE', details: { id: res.body.id } });
    expect((await filler.post('/api/packages', { orgId: unit, year: 2020, from: 'previous' })).status).toBe(404);
  });

  it('exports a package as JSON and reads an uploaded JSON back as a preview', async () => {
    const pkg = await current();
    const file = await filler.get(`/api/packages/${id}/export?format=json`);
    expect(file.status).toBe(200);
    expect(String(file.headers['content-disposition'])).toContain(encodeURIComponent(`2023-${SEED_UNIT}-自评.json`));
    expect(JSON.parse(file.raw.toString('utf8'))).toEqual(pkg.data);
    const preview = await filler.request('POST', '/api/import?filename=upload.json', file.raw);
    expect(preview.status).toBe(200);
    expect(preview.body.package).toEqual(pkg.data);
    const bad = await filler.request('POST', '/api/import?filename=upload.json', Buffer.from('{"format":"jixiao-package"}'));
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('IMPORT_FAILED');
  });

  it('exports a department’s packages as a ZIP in a background job with pollable progress', async () => {
    const pkg = await current(dept);
    const started = await dept.post('/api/exports', { departmentId: pkg.departmentId, year: 2023, format: 'json' });
    expect(started.status).toBe(202);
    let job = started.body;
    for (let i = 0; i < 200 && job.status !== 'done' && job.status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await dept.get(`/api/jobs/${job.id}`)).body;
    }
    expect(job).toMatchObject({ status: 'done', progress: { done: 3, total: 3 } });
    expect((await finance.get(`/api/jobs/${job.id}`)).status).toBe(404);
    const zip = await dept.get(`/api/jobs/${job.id}/download`);
    expect(zip.headers['content-type']).toBe('application/zip');
    const files = readZip(zip.raw);
    expect([...files.keys()].sort()).toEqual(
      [
        '2023-岳阳市岳阳楼区南湖街道办事处-自评.json',
        '2023-岳阳市岳阳楼区吕仙亭街道办事处-自评.json',
        '2023-岳阳市岳阳楼区洞庭街道办事处-自评.json',
      ].sort(),
    );
    const inside = JSON.parse(files.get(`2023-${SEED_UNIT}-自评.json`)?.toString('utf8') ?? '{}');
    expect(inside).toEqual(pkg.data);
  });
});
