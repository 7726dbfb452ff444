/**
 * Totals and grades the service shows (the package list's score column reads /check) are the ones the
 * template computes, not the typed 得分: a package whose typed scores say 100 while its indicators were
 * missed lists its computed total, and says that its stated 总分 differs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compute, formatScore, type Package } from '@jixiao/core';
import { type Client, type TestApp, startApp } from './harness.js';

describe('scores shown by the service', () => {
  let t: TestApp;
  let filler: Client;
  let finance: Client;
  let id: string;

  beforeAll(async () => {
    t = await startApp('sqlite');
    [filler, finance] = await Promise.all([t.client('tianbao'), t.client('caizheng')]);
    id = (await filler.get('/api/packages?year=2023')).body.packages.find((p: { status: string }) => p.status === 'draft').id;
  });
  afterAll(async () => t?.close());

  it('are computed from the indicators, with an override counted and its reason shown', async () => {
    const before = (await finance.get(`/api/packages/${id}/check`)).body;
    const detail = (await filler.get(`/api/packages/${id}`)).body;
    const data = detail.data as Package;
    const overall = data.overall!;
    // Every 百分比 indicator reached half its target; the typed 得分 still give full marks and 总分 100.
    let missed = 0;
    for (const indicator of overall.indicators) {
      if (/^(?:≥)?100%$/.test(indicator.target) && indicator.actual === '100%') {
        indicator.actual = '50%';
        indicator.deviation = '未完成';
        missed += 1;
      }
    }
    expect(missed).toBeGreaterThan(2);
    overall.declaredTotal = { weight: '100', score: '100' };
    const first = overall.indicators.findIndex((i) => i.actual === '50%');
    overall.indicators[first]!.override = { score: overall.indicators[first]!.weight!, reason: '年中指标调整，经主管部门同意' };
    expect((await filler.put(`/api/packages/${id}`, { version: detail.version, data })).status).toBe(200);

    const expected = compute(data).overall!;
    const after = (await finance.get(`/api/packages/${id}/check`)).body;
    expect(after.total).toBe(formatScore(expected.total!));
    expect(after.total).not.toBe(before.total);
    expect(Number(after.total)).toBeLessThan(100);
    expect(after.grade).toBe(expected.grade);
    const findings = after.findings as { ruleId: string; message: string }[];
    const stated = findings.find((f) => f.ruleId === 'ev.stated-total');
    expect(stated?.message).toContain('总分填报为 100');
    expect(stated?.message).toContain(`应为 ${after.total}`);
    expect(findings.find((f) => f.ruleId === 'ev.score-override')?.message).toContain('年中指标调整，经主管部门同意');
  });

  it('stores 附件1 totals computed from complete parts, keeping a differing stated total under declared', async () => {
    const detail = (await filler.get(`/api/packages/${id}`)).body;
    const data = detail.data as Package;
    const rows = data.basicData!.rows;
    rows.overseas = { prior: '0', budget: '0', actual: '0' };
    rows.reception = { ...rows.reception!, actual: '5.6' };
    // 三公经费 本年决算 as typed before: 4.07, while its parts now add up to 5.60
    const saved = await filler.put(`/api/packages/${id}`, { version: detail.version, data });
    expect(saved.status).toBe(200);
    expect(saved.body.data.basicData.rows.threePublic).toEqual({ prior: '4.93', budget: '7', actual: '5.6', declared: { actual: '4.07' } });
    const stored = (await finance.get(`/api/packages/${id}`)).body.data as Package;
    expect(stored.basicData!.rows.threePublic!.actual).toBe('5.6');
    const findings = (await finance.get(`/api/packages/${id}/check`)).body.findings as {
      ruleId: string;
      severity: string;
      message: string;
    }[];
    expect(findings.filter((f) => f.ruleId === 'a1.three-public-sum')).toEqual([]);
    const stated = findings.filter((f) => f.ruleId === 'a1.stated-total');
    expect(stated.map((f) => [f.severity, f.message])).toEqual([
      ['提示', '“三公经费”本年决算数原表填报 4.07 万元，按组成部分计算为 5.60 万元（差 1.53），以计算数为准'],
    ]);
  });
});
