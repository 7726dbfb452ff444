import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Package } from '@jixiao/core';
import { BACKENDS, type Client, type TestApp, startApp } from './harness.js';

const SEED_UNIT = '岳阳市岳阳楼区吕仙亭街道办事处';
const EXAMPLE = new URL('../../../examples/lvxianting-2023.json', import.meta.url);

/** A unit that already has its 2024 package imports a file for 2024: it replaces or merges, never loses the file. */
describe.each(BACKENDS)('importing a file into an existing year on %s', (backend) => {
  let t: TestApp;
  let filler: Client;
  let id: string;
  let orgId: string;
  const file = (): Package => ({ ...(JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Package), year: 2024 });

  beforeAll(async () => {
    t = await startApp(backend);
    filler = await t.client('tianbao');
    const list = await filler.get('/api/packages?year=2023');
    orgId = list.body.packages.find((p: { orgName: string }) => p.orgName === SEED_UNIT).orgId;
    const created = await filler.post('/api/packages', { orgId, year: 2024, from: 'blank' });
    id = created.body.id;
    // The unit has typed its 编制数 and its cover date already.
    const data = structuredClone(created.body.data);
    data.basicData.staffing.authorized = '30';
    data.report.cover.date = '2025 年 5 月 1 日';
    expect((await filler.put(`/api/packages/${id}`, { version: created.body.version, data })).status).toBe(200);
  });
  afterAll(async () => t?.close());

  const current = async () => (await filler.get(`/api/packages/${id}`)).body;

  it('starts a new package with the unit’s name wherever the forms print it, from the organisation', async () => {
    const created = await filler.get(`/api/packages/${id}/versions/1`);
    expect(created.body.data.basicData.unitName).toBe(SEED_UNIT);
    expect(created.body.data.overall.unitName).toBe(SEED_UNIT);
    expect(created.body.data.report.cover.unitName).toBe(SEED_UNIT);
  });

  it('says which package exists when a file would start the year again', async () => {
    const again = await filler.post('/api/packages', { orgId, year: 2024, from: 'data', data: file() });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'DUPLICATE', details: { id } });
  });

  it('merges: the file fills what the package left blank, typed values stay, the history says 导入（合并）', async () => {
    const before = await current();
    const res = await filler.post(`/api/packages/${id}/import`, { version: before.version, mode: 'merge', data: file() });
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(before.version + 1);
    const data = res.body.data as Package;
    expect(data.basicData?.staffing?.authorized).toBe('30');
    expect(data.report?.cover.date).toBe('2025 年 5 月 1 日');
    expect(data.basicData?.staffing?.actual).toBe(file().basicData?.staffing?.actual);
    expect(data.overall?.indicators).toEqual(file().overall?.indicators);
    // Stored under the unit and year it belongs to, whatever the file says.
    expect(data.year).toBe(2024);
    expect(data.unit.name).toBe(SEED_UNIT);
    const history = await filler.get(`/api/packages/${id}/history`);
    expect(history.body.versions[0]).toMatchObject({ version: res.body.version, action: 'import-merge' });
    const version = await filler.get(`/api/packages/${id}/versions/${res.body.version}`);
    const paths = version.body.changes.map((c: { path: string }) => c.path);
    expect(paths).toContain('basicData.staffing.actual');
    expect(paths).not.toContain('basicData.staffing.authorized');
  });

  it('replaces on the version previewed only, and records 导入（替换）', async () => {
    const before = await current();
    const stale = await filler.post(`/api/packages/${id}/import`, { version: before.version - 1, mode: 'replace', data: file() });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    const res = await filler.post(`/api/packages/${id}/import`, { version: before.version, mode: 'replace', data: file() });
    expect(res.status).toBe(200);
    expect(res.body.data.basicData.staffing.authorized).toBe(file().basicData?.staffing?.authorized);
    expect(res.body.data.report.cover.date).toBe(file().report?.cover.date);
    const history = await filler.get(`/api/packages/${id}/history`);
    expect(history.body.versions[0]).toMatchObject({ version: res.body.version, action: 'import-replace' });
  });

  it('refuses a mode it does not know and a file that is not a package, writing nothing', async () => {
    const before = await current();
    const mode = await filler.post(`/api/packages/${id}/import`, { version: before.version, mode: 'append', data: file() });
    expect(mode.status).toBe(400);
    const bad = await filler.post(`/api/packages/${id}/import`, {
      version: before.version,
      mode: 'merge',
      data: { format: 'jixiao-package' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect((await current()).version).toBe(before.version);
  });
});
