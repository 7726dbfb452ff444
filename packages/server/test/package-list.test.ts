/**
 * The package list at region scale: scope, filters, order and pages answered by the database. The
 * region here is the demo plus 120 units under a second department, so a page boundary, a filter and
 * a scope each change what is listed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Client, type TestApp, addUnits, startApp } from './harness.js';

const EXTRA = 120;

describe.each(BACKENDS)('package list on %s', (backend) => {
  let t: TestApp;
  let finance: Client;
  let dept: Client;
  let anonymous: Client;
  let educationId: string;
  let streetsId: string;

  beforeAll(async () => {
    t = await startApp(backend);
    const db = t.db.kysely;
    educationId = (await db.selectFrom('orgs').select('id').where('name', '=', '岳阳市岳阳楼区教育局').executeTakeFirstOrThrow()).id;
    streetsId = (await db.selectFrom('orgs').select('id').where('name', 'like', '%街道主管部门%').executeTakeFirstOrThrow()).id;
    // Names with LIKE's wildcards in them: a search for "100%" must not match everything.
    const names = Array.from({ length: EXTRA }, (_, i) =>
      i === 7 ? '岳阳楼区第100%_学校' : `岳阳楼区第${String(i + 1).padStart(3, '0')}学校`,
    );
    await addUnits(t.app.services, educationId, names, 2024);
    [finance, dept, anonymous] = await Promise.all([t.client('caizheng'), t.client('bumen'), t.client()]);
  });
  afterAll(async () => t?.close());

  it('pages the region for the finance bureau: a total, a default page of 50, and pages that neither skip nor repeat', async () => {
    const first = await finance.get('/api/packages');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ limit: 50, offset: 0 });
    const total = first.body.total as number;
    expect(total).toBeGreaterThanOrEqual(EXTRA + 4);
    expect(first.body.packages).toHaveLength(50);
    const seen: string[] = [];
    for (let offset = 0; offset < total; offset += 37) {
      const page = await finance.get(`/api/packages?limit=37&offset=${offset}`);
      expect(page.body.total).toBe(total);
      seen.push(...page.body.packages.map((p: { id: string }) => p.id));
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    // Newest year first, then by unit name.
    const years = seen.length && (await finance.get(`/api/packages?limit=500`)).body.packages.map((p: { year: number }) => p.year);
    expect(years).toEqual([...years].sort((a: number, b: number) => b - a));
  });

  it('filters by department, year, status and name, in SQL, with LIKE wildcards taken literally', async () => {
    const education = await finance.get(`/api/packages?departmentId=${educationId}&year=2024&limit=500`);
    expect(education.body.total).toBe(EXTRA);
    expect(education.body.packages.every((p: { departmentId: string }) => p.departmentId === educationId)).toBe(true);
    const named = await finance.get(`/api/packages?q=${encodeURIComponent('第01')}&limit=500`);
    expect(named.body.packages.map((p: { orgName: string }) => p.orgName).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `岳阳楼区第${String(i + 10).padStart(3, '0')}学校`),
    );
    const literal = await finance.get(`/api/packages?q=${encodeURIComponent('100%_')}`);
    expect(literal.body.packages.map((p: { orgName: string }) => p.orgName)).toEqual(['岳阳楼区第100%_学校']);
    const drafts = await finance.get(`/api/packages?status=draft&departmentId=${educationId}&limit=500`);
    expect(drafts.body.total).toBe(EXTRA + 1);
    const none = await finance.get(`/api/packages?status=published&departmentId=${educationId}`);
    expect(none.body).toMatchObject({ total: 0, packages: [] });
  });

  it("keeps the department reviewer to their department's units, and visitors to what is published", async () => {
    const own = await dept.get('/api/packages?limit=500');
    const ids = new Set(own.body.packages.map((p: { departmentId: string | null; status: string }) => p.departmentId));
    expect(own.body.packages.some((p: { departmentId: string }) => p.departmentId === streetsId)).toBe(true);
    // Another department's packages appear only once published (none of the new ones are).
    expect(own.body.packages.filter((p: { departmentId: string; status: string }) => p.departmentId === educationId)).toEqual([]);
    expect(ids.size).toBeGreaterThan(0);
    const other = await dept.get(`/api/packages?departmentId=${educationId}`);
    expect(other.body).toMatchObject({ total: 0, packages: [] });
    const visitor = await anonymous.get('/api/packages?limit=500');
    expect(visitor.body.total).toBeGreaterThan(0);
    expect(visitor.body.packages.every((p: { status: string }) => p.status === 'published')).toBe(true);
  });

  it('follows a unit moved to another department and renamed: scope, department filter and search', async () => {
    const admin = await t.client('admin');
    const unit = (await finance.get(`/api/packages?q=${encodeURIComponent('第042学校')}`)).body.packages[0];
    expect((await dept.get(`/api/packages/${unit.id}`)).status).toBe(404);
    expect((await admin.patch(`/api/orgs/${unit.orgId}`, { parentId: streetsId, name: '岳阳楼区迁入学校' })).status).toBe(200);
    const seen = await dept.get(`/api/packages?departmentId=${streetsId}&q=${encodeURIComponent('迁入')}`);
    expect(seen.body.packages.map((p: { id: string; orgName: string }) => [p.id, p.orgName])).toEqual([[unit.id, '岳阳楼区迁入学校']]);
    expect((await finance.get(`/api/packages?departmentId=${educationId}&year=2024&limit=500`)).body.total).toBe(EXTRA - 1);
    expect((await finance.get(`/api/packages?q=${encodeURIComponent('第042学校')}`)).body.total).toBe(0);
  });

  it('refuses a page size beyond the limit in words', async () => {
    const res = await finance.get('/api/packages?limit=5000');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('500');
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
  });
});
