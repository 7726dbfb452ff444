import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentCache } from '../src/content-cache.js';
import { contentOf } from '../src/content.js';
import { createPackage } from '../src/package-service.js';
import { BACKENDS, type TestApp, startApp } from './harness.js';

/** The public disclosure portal: no login, published packages only, open data per year. */
describe.each(BACKENDS)('public portal (%s)', (backend) => {
  let t: TestApp;
  let published: string;
  let draft: string;
  let nanhuOrg: string;

  beforeAll(async () => {
    t = await startApp(backend);
    const rows = await t.db.kysely
      .selectFrom('packages')
      .innerJoin('orgs', 'orgs.id', 'packages.org_id')
      .select(['packages.id', 'packages.status', 'orgs.name', 'orgs.id as orgId'])
      .execute();
    const nanhu = rows.find((r) => r.name.includes('南湖'));
    published = nanhu?.id as string;
    nanhuOrg = nanhu?.orgId as string;
    draft = rows.find((r) => r.status !== 'published')?.id as string;
    expect(nanhu?.status).toBe('published');
  });
  afterAll(async () => t?.close());

  const links = (page: string) => [...page.matchAll(/href="\/public\/packages\/([^"]+)"/g)].map((m) => m[1]);

  it('lists only published packages to anonymous visitors and to logged-in users, and finds them by name', async () => {
    const anonymous = await t.client();
    const list = await anonymous.get('/public');
    expect(list.status).toBe(200);
    expect(list.headers['content-type']).toMatch(/^text\/html/);
    expect(list.body).toContain('<html lang="zh-CN">');
    expect(list.body).not.toMatch(/<script/i);
    expect(links(list.body)).toEqual([published]);
    expect(list.body).toContain('岳阳市岳阳楼区南湖街道办事处');
    expect(list.body).not.toContain('吕仙亭');
    const filler = await t.client('tianbao');
    expect(links((await filler.get('/public')).body)).toEqual([published]);
    expect(links((await anonymous.get(`/public?q=${encodeURIComponent('南湖')}&year=2023`)).body)).toEqual([published]);
    expect(links((await anonymous.get(`/public?q=${encodeURIComponent('洞庭')}`)).body)).toEqual([]);
    expect(links((await anonymous.get('/public?year=2022')).body)).toEqual([]);
    expect((await anonymous.get('/public?year=abc&page=-3&department=x')).status).toBe(200);
    const slash = await anonymous.get('/public/?year=2023');
    expect([slash.status, slash.headers.location]).toEqual([302, '/public?year=2023']);
  });

  it('shows a published package: score, grade, figures, the tables as HTML and the downloads', async () => {
    const anonymous = await t.client();
    const res = await anonymous.get(`/public/packages/${published}`);
    expect(res.status).toBe(200);
    const check = await anonymous.get(`/api/packages/${published}/check`);
    expect(res.body).toContain(`<dd>${check.body.total}</dd>`);
    expect(res.body).toContain(`<span class="grade">${check.body.grade}</span>`);
    expect(res.body).toContain('年度预算执行率');
    expect(res.body).toContain('三公经费控制率');
    expect(res.body).toMatch(/<h2>附件1 [^<]+<\/h2>/);
    expect(res.body).toMatch(/<h2>附件2 [^<]+<\/h2>/);
    expect((res.body.match(/<table class="grid">/g) ?? []).length).toBeGreaterThanOrEqual(2);
    for (const format of ['pdf', 'docx', 'xlsx']) {
      const href = `/api/packages/${published}/export?format=${format}`;
      expect(res.body).toContain(`href="${href}"`);
    }
    expect((await anonymous.get(`/api/packages/${published}/export?format=xlsx`)).status).toBe(200);
    // Nothing of the working side: no script, no account, no history or comments.
    expect(res.body).not.toMatch(/<script|\/history|\/comments|updatedBy|tianbao|caizheng/i);
    // Cacheable: the same version answers 304.
    const again = await anonymous.request('GET', `/public/packages/${published}`, undefined, { 'if-none-match': String(res.headers.etag) });
    expect(again.status).toBe(304);
  });

  it('answers 404 in Chinese for an unpublished or unknown package', async () => {
    const anonymous = await t.client();
    for (const id of [draft, randomUUID(), '<b>x</b>']) {
      const res = await anonymous.get(`/public/packages/${encodeURIComponent(id)}`);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('没有这个已公开的自评包');
      expect(res.body).not.toContain('<b>x</b>');
    }
    const filler = await t.client('tianbao');
    expect((await filler.get(`/public/packages/${draft}`)).status).toBe(404);
  });

  it('escapes names from the database', async () => {
    const admin = await t.client('admin');
    const evil = '<script>alert(1)</script>南湖 & "街道"';
    expect((await admin.patch(`/api/orgs/${nanhuOrg}`, { name: evil })).status).toBe(200);
    try {
      const anonymous = await t.client();
      for (const url of ['/public', `/public/packages/${published}`]) {
        const res = await anonymous.get(url);
        expect(res.body).not.toContain('<script>');
        expect(res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;南湖 &amp; &quot;街道&quot;');
      }
      const csv = (await anonymous.get('/public/data/2023.csv')).raw.toString('utf8');
      expect(csv).toContain('"<script>alert(1)</script>南湖 & ""街道"""');
    } finally {
      await admin.patch(`/api/orgs/${nanhuOrg}`, { name: '岳阳市岳阳楼区南湖街道办事处' });
    }
  });

  it('serves the year’s figures as CSV (BOM, header, one row per unit and figure, ETag) and the same as JSON', async () => {
    const anonymous = await t.client();
    const res = await anonymous.get('/public/data/2023.csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect([...res.raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = res.raw.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('年度,地区,主管部门,单位,自评包编号,指标代码,指标名称,数值,计量单位');
    const rows = lines.slice(1).map((l) => l.split(','));
    const dictionary = (await anonymous.get('/public/data/dictionary.json')).body;
    const ids = dictionary.figures.map((f: { id: string }) => f.id);
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.every((r) => r.length === 9 && r[4] === published && ids.includes(r[5]))).toBe(true);
    expect(new Set(rows.map((r) => `${r[3]}|${r[5]}`)).size).toBe(rows.length);
    const check = (await anonymous.get(`/api/packages/${published}/check`)).body;
    expect(rows.find((r) => r[5] === 'total_score')?.[7]).toBe(check.total);
    expect(rows.find((r) => r[5] === 'grade')?.[7]).toBe(check.grade);

    const etag = String(res.headers.etag);
    const cached = await anonymous.request('GET', '/public/data/2023.csv', undefined, { 'if-none-match': etag });
    expect(cached.status).toBe(304);
    expect(cached.raw.length).toBe(0);

    const json = await anonymous.get('/public/data/2023.json');
    expect(json.status).toBe(200);
    expect(json.body.year).toBe(2023);
    const keys = dictionary.columns.map((c: { key: string }) => c.key);
    expect(json.body.rows.map((r: Record<string, unknown>) => keys.map((k: string) => String(r[k])))).toEqual(rows);

    const empty = await anonymous.get('/public/data/2019.csv');
    expect(empty.raw.toString('utf8').trimEnd().split('\r\n')).toHaveLength(1);
    expect((await anonymous.get('/public/data/abc.csv')).status).toBe(404);
    expect((await anonymous.get('/public/data/dictionary')).body).toContain('three_public_control_rate');
    expect((await anonymous.get('/public/data')).body).toContain('href="/public/data/2023.csv"');
    const css = await anonymous.get('/public/style.css');
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.body).toContain('@media print');
  });

  it('answers a package page quickly (figures printed)', async () => {
    const anonymous = await t.client();
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 100; i++) {
      const started = performance.now();
      const res = await anonymous.get(`/public/packages/${published}`);
      times.push(performance.now() - started);
      bytes = res.raw.length;
    }
    times.sort((a, b) => a - b);
    const p95 = times[94] as number;
    console.log(`public package page (${backend}): ${bytes} bytes, median ${times[49]?.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`);
    expect(p95).toBeLessThan(1000);
  });

  it('writes a year of many units through every batch, the same in CSV and JSON (figures printed)', async () => {
    const admin = await t.client('admin');
    const s = t.app.services;
    const department = (await t.db.kysely.selectFrom('orgs').select('parent_id').where('id', '=', nanhuOrg).executeTakeFirstOrThrow())
      .parent_id as string;
    const row = await t.db.kysely.selectFrom('packages').select('version').where('id', '=', published).executeTakeFirstOrThrow();
    const base = await contentOf(t.db.kysely, s.contents, published, row.version);
    // A reader going once over many packages reads through the cache without filling it.
    const cache = new ContentCache();
    expect(await contentOf(t.db.kysely, cache, published, row.version, { keep: false })).toEqual(base);
    expect(cache.get(published, row.version)).toBeUndefined();
    await contentOf(t.db.kysely, cache, published, row.version);
    expect(cache.get(published, row.version)).toEqual(base);
    const userId = (await t.db.kysely.selectFrom('users').select('id').where('username', '=', 'tianbao').executeTakeFirstOrThrow()).id;
    const units = 230;
    for (let i = 0; i < units; i++) {
      const name = `批量单位${String(i).padStart(3, '0')}`;
      const org = (await admin.post('/api/orgs', { name, kind: 'unit', parentId: department })).body;
      const created = await createPackage(
        s,
        { userId, username: '', displayName: '', role: 'filler', orgId: org.id, csrfToken: '', mustChangePassword: false },
        org.id,
        2022,
        { ...base, year: 2022, unit: { ...base.unit, name } },
        'import',
      );
      await t.db.kysely.updateTable('packages').set({ status: 'published' }).where('id', '=', created.id).execute();
    }
    const anonymous = await t.client();
    let started = performance.now();
    const csv = await anonymous.get('/public/data/2022.csv');
    const csvMs = performance.now() - started;
    const lines = csv.raw.toString('utf8').slice(1).trimEnd().split('\r\n').slice(1);
    const perUnit = new Map<string, number>();
    for (const line of lines) {
      const unit = line.split(',')[3] as string;
      perUnit.set(unit, (perUnit.get(unit) ?? 0) + 1);
    }
    expect(perUnit.size).toBe(units);
    expect(new Set(perUnit.values()).size).toBe(1);
    started = performance.now();
    const json = await anonymous.get('/public/data/2022.json');
    const jsonMs = performance.now() - started;
    expect(json.body.rows).toHaveLength(lines.length);
    const page = await anonymous.get(`/public?year=2022&page=2&q=${encodeURIComponent('批量单位')}`);
    expect(page.body).toContain('第 2 / 5 页');
    expect((page.body.match(/href="\/public\/packages\//g) ?? []).length).toBe(50);
    console.log(
      `open data 2022 (${backend}): ${units} packages, ${lines.length} rows; CSV ${csv.raw.length} bytes in ${csvMs.toFixed(0)} ms, JSON ${json.raw.length} bytes in ${jsonMs.toFixed(0)} ms`,
    );
  });
});
