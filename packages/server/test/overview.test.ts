/**
 * The region overview on a small region of known packages: counts by status and department, the
 * score distribution and grades, units with 错误, the recurring findings and the year-over-year
 * comparison, each figure's units behind it, the XLSX export, and the stored summary following
 * every save. Expected figures are worked out here from core `summarise` of each package's content,
 * so the test checks what the service stores and counts, whatever core's scoring rules are.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { type Package, type PackageSummary, SCORE_BANDS, type Status, dec, parsePackage, summarise } from '@jixiao/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_FILE } from '../src/demo.js';
import { backfillSummaries } from '../src/package-summary.js';
import { createPackage, removeDraft, saveContent, visiblePackage } from '../src/package-service.js';
import type { Caller } from '../src/policy.js';
import { BACKENDS, type Client, type TestApp, startApp } from './harness.js';

const YEAR = 2024;
const SEED = (() => {
  const parsed = parsePackage(JSON.parse(readFileSync(SEED_FILE, 'utf8')));
  if (!parsed.ok) throw new Error('seed');
  return parsed.package;
})();

/** The seed with every indicator's typed score halved: a lower total. */
function halved(pkg: Package): Package {
  const copy = structuredClone(pkg);
  for (const i of copy.overall?.indicators ?? []) if (i.score) i.score = dec(i.score).div(2).toString();
  return copy;
}
/** Nothing executed: 执行率 0, and 错误 on the execution rate and score. */
function unexecuted(pkg: Package): Package {
  const copy = structuredClone(pkg);
  if (copy.overall) copy.overall.funds.executed = '0';
  return copy;
}
const without附件2 = (pkg: Package): Package => ({ ...structuredClone(pkg), overall: null });

interface Planned {
  unit: string;
  /** content and status per year; a year left out has no package */
  years: Partial<Record<number, { data: Package; status: Status }>>;
}

const PLAN: Planned[] = [
  { unit: '总览一号单位', years: { [YEAR]: { data: SEED, status: 'submitted' }, [YEAR - 1]: { data: halved(SEED), status: 'published' } } },
  { unit: '总览二号单位', years: { [YEAR]: { data: unexecuted(SEED), status: 'draft' }, [YEAR - 1]: { data: SEED, status: 'published' } } },
  { unit: '总览三号单位', years: { [YEAR]: { data: without附件2(SEED), status: 'draft' } } },
  { unit: '总览四号单位', years: { [YEAR - 1]: { data: SEED, status: 'published' } } },
  {
    unit: '总览五号单位',
    years: { [YEAR]: { data: halved(SEED), status: 'published' }, [YEAR - 1]: { data: halved(SEED), status: 'published' } },
  },
];

describe.each(BACKENDS)('region overview on %s', (backend) => {
  let t: TestApp;
  let finance: Client;
  let dept: Client;
  let deptId: string;
  const unitIds = new Map<string, string>();
  const packageIds = new Map<string, string>();
  let admin: Caller;

  beforeAll(async () => {
    t = await startApp(backend);
    const s = t.app.services;
    const db = t.db.kysely;
    const root = await db.selectFrom('orgs').select('id').where('kind', '=', 'finance').executeTakeFirstOrThrow();
    const financeUser = await db.selectFrom('users').select(['id', 'org_id']).where('username', '=', 'caizheng').executeTakeFirstOrThrow();
    admin = {
      userId: financeUser.id,
      username: 'caizheng',
      displayName: '',
      role: 'finance_reviewer',
      orgId: financeUser.org_id,
      csrfToken: '',
      mustChangePassword: false,
    };
    deptId = randomUUID();
    const at = new Date().toISOString();
    await db
      .insertInto('orgs')
      .values({ id: deptId, name: '总览测试局', kind: 'department', parent_id: root.id, created_at: at })
      .execute();
    for (const p of PLAN) {
      unitIds.set(p.unit, randomUUID());
      await db
        .insertInto('orgs')
        .values({ id: unitIds.get(p.unit)!, name: p.unit, kind: 'unit', parent_id: deptId, created_at: at })
        .execute();
    }
    await s.tree.changed();
    for (const p of PLAN) {
      for (const [year, planned] of Object.entries(p.years)) {
        const orgId = unitIds.get(p.unit)!;
        const data = { ...planned!.data, year: Number(year), unit: { name: p.unit, department: '总览测试局' } };
        // What is stored is what the expectations summarise.
        planned!.data = data;
        const row = await createPackage(s, admin, orgId, Number(year), data, 'create');
        await db.updateTable('packages').set({ status: planned!.status }).where('id', '=', row.id).execute();
        packageIds.set(`${p.unit}/${year}`, row.id);
      }
    }
    [finance, dept] = await Promise.all([t.client('caizheng'), t.client('bumen')]);
  });
  afterAll(async () => t?.close());

  /** What the overview must say of the test department for `year`, from core's summaries of the planned contents. */
  function expected(year: number) {
    const present = PLAN.flatMap((p) =>
      p.years[year] ? [{ unit: p.unit, ...p.years[year]!, summary: summarise(p.years[year]!.data) }] : [],
    );
    const bands = SCORE_BANDS.map((b) => ({ min: b.min, count: present.filter((p) => p.summary.band === b.min).length }));
    const grades = (['优', '良', '中', '差'] as const).map((g) => ({
      grade: g,
      count: present.filter((p) => p.summary.grade === g).length,
    }));
    const rules = new Map<string, Set<string>>();
    for (const p of present) for (const r of p.summary.rules) rules.set(r.rule, (rules.get(r.rule) ?? new Set()).add(p.unit));
    return { present, bands, grades, rules };
  }
  const totalOf = (s: PackageSummary) => (s.total === null ? null : dec(s.total));

  it('counts the department’s packages by status, the units without one, the score bands, grades and units with 错误', async () => {
    const res = await finance.get(`/api/overview?year=${YEAR}&departmentId=${deptId}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const o = res.body;
    const e = expected(YEAR);
    expect(o.scope).toMatchObject({ id: deptId, name: '总览测试局' });
    expect(o.units).toBe(5);
    expect(o.packages).toBe(4);
    const count = (st: string) => o.byStatus.find((b: { status: string }) => b.status === st).count;
    expect([count('draft'), count('submitted'), count('published')]).toEqual([2, 1, 1]);
    expect(o.departments).toEqual([
      expect.objectContaining({
        id: deptId,
        name: '总览测试局',
        units: 5,
        packages: 4,
        missing: 1,
        byStatus: expect.objectContaining({ draft: 2, submitted: 1, published: 1 }),
      }),
    ]);
    expect(o.scores.unscored).toBe(1);
    expect(o.scores.bands.map((b: { min: number; count: number }) => ({ min: b.min, count: b.count }))).toEqual(e.bands);
    expect(o.scores.grades).toEqual(e.grades);
    expect(o.withErrors).toBe(e.present.filter((p) => p.summary.counts['错误'] > 0).length);
    // The unexecuted package has 错误 whatever else the rules find.
    expect(o.withErrors).toBeGreaterThanOrEqual(1);
    // No task of the year: no due date, and no step counted late (tasks.test.ts counts them under tasks).
    for (const step of ['overdue', 'reviewOverdue', 'financeOverdue']) expect(o[step], step).toEqual({ configured: false, count: 0 });
    expect(o.departments[0]).toMatchObject({ overdue: 0, reviewOverdue: 0, financeOverdue: 0 });
  });

  it('lists the findings that recur most, by the number of units, with the rule’s description', async () => {
    const o = (await finance.get(`/api/overview?year=${YEAR}&departmentId=${deptId}`)).body;
    const e = expected(YEAR);
    expect(o.recurring.length).toBe(Math.min(20, e.rules.size));
    for (const r of o.recurring) {
      expect(r.units, r.rule).toBe(e.rules.get(r.rule)?.size);
      expect(r.description).toMatch(/[\u4e00-\u9fff]/);
    }
    const units = o.recurring.map((r: { units: number }) => r.units);
    expect(units).toEqual([...units].sort((a, b) => b - a));
    // The rule that only the unexecuted package breaks is counted once.
    expect(o.recurring.find((r: { rule: string }) => r.rule === 'ev.execution-rate')).toMatchObject({ units: 1, severity: '错误' });
  });

  it('compares each unit’s score and the key figures with the year before', async () => {
    const o = (await finance.get(`/api/overview?year=${YEAR}&departmentId=${deptId}`)).body;
    let up = 0;
    let down = 0;
    let same = 0;
    for (const p of PLAN) {
      const now = p.years[YEAR] && totalOf(summarise(p.years[YEAR]!.data));
      const before = p.years[YEAR - 1] && totalOf(summarise(p.years[YEAR - 1]!.data));
      if (!now || !before) continue;
      const c = now.comparedTo(before);
      if (c > 0) up++;
      else if (c < 0) down++;
      else same++;
    }
    expect(o.yoy).toMatchObject({ compared: up + down + same, up, down, same });
    expect(o.yoy.compared).toBe(3);
    // 2024: three units state 附件2 funds (one executed nothing); 2023: four units, all fully executed.
    const budget = dec(SEED.overall!.funds.fullYearBudget!);
    const executed = dec(SEED.overall!.funds.executed!);
    expect(o.yoy.figures.current.executionRate).toBe(executed.times(2).div(budget.times(3)).times(100).toDecimalPlaces(2).toFixed(2));
    expect(o.yoy.figures.previous.executionRate).toBe(executed.div(budget).times(100).toDecimalPlaces(2).toFixed(2));
    // 公用经费: the sum of the units' 决算数; all four packages of 2024 have 附件1.
    const funds = summarise(SEED).figures.publicFunds!;
    expect(o.yoy.figures.current.publicFunds).toBe(dec(funds).times(4).toFixed(2));
    expect(o.yoy.figures.previous.threePublicRate).toBe(summarise(SEED).figures.threePublicRate);
  });

  it('lists the units behind each figure', async () => {
    const names = async (query: string) => {
      const res = await finance.get(`/api/overview/units?year=${YEAR}&departmentId=${deptId}&${query}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.total).toBe(res.body.units.length);
      return res.body.units.map((u: { orgName: string }) => u.orgName).sort();
    };
    expect(await names('status=draft')).toEqual(['总览三号单位', '总览二号单位'].sort());
    expect(await names('missing=true')).toEqual(['总览四号单位']);
    expect(await names('errors=true')).toEqual(
      expected(YEAR)
        .present.filter((p) => p.summary.counts['错误'] > 0)
        .map((p) => p.unit)
        .sort(),
    );
    expect(await names('rule=ev.execution-rate')).toEqual(['总览二号单位']);
    const e = expected(YEAR);
    for (const b of e.bands)
      expect(await names(`band=${b.min}`)).toEqual(
        e.present
          .filter((p) => p.summary.band === b.min)
          .map((p) => p.unit)
          .sort(),
      );
    for (const g of e.grades) expect(await names(`grade=${encodeURIComponent(g.grade)}`)).toHaveLength(g.count);
    const o = (await finance.get(`/api/overview?year=${YEAR}&departmentId=${deptId}`)).body;
    for (const trend of ['up', 'down', 'same'] as const) expect(await names(`trend=${trend}`), trend).toHaveLength(o.yoy[trend]);
    // Each unit with its score of both years and the change.
    const one = (await finance.get(`/api/overview/units?year=${YEAR}&departmentId=${deptId}&status=submitted`)).body.units[0];
    const now = summarise(PLAN[0]!.years[YEAR]!.data).total!;
    const before = summarise(PLAN[0]!.years[YEAR - 1]!.data).total!;
    expect(one).toMatchObject({
      orgName: '总览一号单位',
      departmentName: '总览测试局',
      packageId: packageIds.get(`总览一号单位/${YEAR}`),
      total: now,
      previousTotal: before,
      change: dec(now).minus(dec(before)).toFixed(2),
    });
    // Paged like every list.
    const page = (await finance.get(`/api/overview/units?year=${YEAR}&departmentId=${deptId}&limit=2&offset=2`)).body;
    expect(page).toMatchObject({ total: 4, limit: 2, offset: 2 });
    expect(page.units).toHaveLength(2);
  });

  it('gives a department reviewer their own department only', async () => {
    const own = await dept.get(`/api/overview?year=2023`);
    expect(own.status).toBe(200);
    expect(own.body.scope.name).toBe('岳阳市岳阳楼区人民政府（街道主管部门）');
    expect(own.body.units).toBe(3);
    expect(own.body.packages).toBe(3);
    expect((await dept.get(`/api/overview?year=${YEAR}&departmentId=${deptId}`)).status).toBe(404);
    expect((await dept.get(`/api/overview/units?year=${YEAR}&departmentId=${deptId}`)).status).toBe(404);
    // The region for the finance bureau: the demo's departments and the test department.
    // The whole region's recurring findings of 2024 (counted from the findings' year index) are the test department's.
    const region2024 = (await finance.get(`/api/overview?year=${YEAR}`)).body;
    expect(region2024.recurring).toEqual((await finance.get(`/api/overview?year=${YEAR}&departmentId=${deptId}`)).body.recurring);
    const region = (await finance.get(`/api/overview?year=2023`)).body;
    expect(region.departments.map((d: { name: string }) => d.name)).toContain('总览测试局');
    expect(region.packages).toBe(4 + 4);
  });

  it('exports the overview as an XLSX workbook with each unit’s scores of both years', async () => {
    const res = await finance.get(`/api/overview/export?year=${YEAR}&departmentId=${deptId}`);
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.raw as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['概况', '主管部门进度', '常见问题', '各单位得分']);
    const units = workbook.getWorksheet('各单位得分')!;
    const rows = units.getSheetValues().filter(Boolean) as unknown[][];
    const first = rows.find((r) => r[1] === '总览一号单位')!;
    expect(first[4]).toBe(Number(summarise(PLAN[0]!.years[YEAR]!.data).total));
    expect(first[6]).toBe(Number(summarise(PLAN[0]!.years[YEAR - 1]!.data).total));
    expect(rows.find((r) => r[1] === '总览四号单位')![3]).toBe('未开始');
    const summarySheet = workbook.getWorksheet('概况')!;
    const unscored = (summarySheet.getSheetValues().filter(Boolean) as unknown[][]).find((r) => String(r[1]).startsWith('无法计算总分'));
    expect(unscored?.[2]).toBe(1);
    const reviewLate = (summarySheet.getSheetValues().filter(Boolean) as unknown[][]).find((r) => r[1] === '部门审核逾期单位数');
    expect(reviewLate?.[2]).toBe('未设定截止日期');
    const progress = workbook.getWorksheet('主管部门进度')!;
    expect((progress.getRow(1).values as unknown[]).slice(-3)).toEqual(['逾期未提交', '部门审核逾期', '财政审核逾期']);
  });

  it('keeps the summary in step with every save, restore and import, and can rebuild it', async () => {
    const s = t.app.services;
    const tianbao = await t.client('tianbao');
    const list = (await tianbao.get('/api/packages?year=2023')).body.packages;
    const mine = list.find((p: { orgName: string }) => p.orgName === '岳阳市岳阳楼区吕仙亭街道办事处');
    const stored = async () =>
      t.db.kysely.selectFrom('package_summaries').selectAll().where('package_id', '=', mine.id).executeTakeFirstOrThrow();
    const before = await stored();
    const detail = (await tianbao.get(`/api/packages/${mine.id}`)).body;
    const saved = await tianbao.put(`/api/packages/${mine.id}`, { version: detail.version, data: unexecuted(detail.data) });
    expect(saved.status, JSON.stringify(saved.body).slice(0, 300)).toBe(200);
    const after = await stored();
    const want = summarise(unexecuted(detail.data));
    expect(after).toMatchObject({
      version: saved.body.version,
      total_score: want.total,
      errors: want.counts['错误'],
      execution_rate: '0.00',
    });
    expect(Number(after.errors)).toBeGreaterThan(Number(before.errors));
    const rules = await t.db.kysely.selectFrom('package_findings').select(['rule', 'count']).where('package_id', '=', mine.id).execute();
    expect(new Map(rules.map((r) => [r.rule, Number(r.count)]))).toEqual(new Map(want.rules.map((r) => [r.rule, r.count])));
    // The streets overview sees it at once.
    expect(
      (await dept.get('/api/overview/units?year=2023&rule=ev.execution-rate')).body.units.map((u: { orgName: string }) => u.orgName),
    ).toEqual(['岳阳市岳阳楼区吕仙亭街道办事处']);
    // Restoring version 1 restores its summary.
    const restored = await tianbao.post(`/api/packages/${mine.id}/versions/1/restore`, { version: saved.body.version });
    expect(restored.status).toBe(200);
    expect(await stored()).toMatchObject({ version: restored.body.version, total_score: before.total_score, errors: before.errors });
    expect((await dept.get('/api/overview/units?year=2023&rule=ev.execution-rate')).body.total).toBe(0);
    // A stale save writes nothing, summary included.
    const stale = await tianbao.put(`/api/packages/${mine.id}`, { version: saved.body.version, data: unexecuted(detail.data) });
    expect(stale.status).toBe(409);
    expect((await stored()).version).toBe(restored.body.version);
    // A save through the service (as an import does) and the backfill of migration 012 agree.
    const row = await visiblePackage(s, admin, packageIds.get(`总览三号单位/${YEAR}`)!);
    await saveContent(s, { ...admin, role: 'filler', orgId: row.org_id }, row, row.version, { ...SEED, year: YEAR }, 'import-replace');
    const snapshot = await t.db.kysely.selectFrom('package_summaries').selectAll().orderBy('package_id').execute();
    const findings = await t.db.kysely.selectFrom('package_findings').selectAll().orderBy('package_id').orderBy('rule').execute();
    await t.db.kysely.deleteFrom('package_findings').execute();
    await t.db.kysely.deleteFrom('package_summaries').execute();
    await backfillSummaries(t.db.kysely);
    expect(await t.db.kysely.selectFrom('package_summaries').selectAll().orderBy('package_id').execute()).toEqual(snapshot);
    expect(await t.db.kysely.selectFrom('package_findings').selectAll().orderBy('package_id').orderBy('rule').execute()).toEqual(findings);
    expect((await finance.get(`/api/overview?year=${YEAR}&departmentId=${deptId}`)).body.scores.unscored).toBe(0);
    // A removed draft leaves every count, the recurring findings of the whole region included.
    const draft = await visiblePackage(s, admin, packageIds.get(`总览三号单位/${YEAR}`)!);
    await removeDraft(s, admin, draft);
    const after2 = (await finance.get(`/api/overview?year=${YEAR}`)).body;
    expect(after2.packages).toBe(3);
    expect(await t.db.kysely.selectFrom('package_findings').select('rule').where('package_id', '=', draft.id).execute()).toEqual([]);
    const partlyBlank = (o: { recurring: { rule: string; units: number }[] }) =>
      o.recurring.find((r) => r.rule === 'a1.partly-blank')?.units;
    expect(partlyBlank(after2)).toBe(3);
  });
});
