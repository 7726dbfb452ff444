/**
 * Figures computed by the template or typed and checked: 附件1 totals from their parts, and the 得分 of
 * 定量 indicators from the formula (with the unit's overrides and their reasons).
 */
import { describe, expect, it } from 'vitest';
import { TYPED_TEMPLATE, carryOver, check, compute, parsePackage, settleTotals, templateOf } from '../src/index.js';
import { example, row, type CompletePackage } from './example.js';

/** The seed with every 三公 part filled in (its form leaves 出国经费 blank). */
function complete(): CompletePackage {
  const pkg = example();
  row(pkg, 'overseas').prior = '0';
  row(pkg, 'overseas').budget = '0';
  row(pkg, 'overseas').actual = '0';
  return pkg;
}

const ruleIds = (pkg: CompletePackage, template = templateOf(pkg)) => check(pkg, template).findings.map((f) => f.ruleId);

describe('a total whose parts are all filled in', () => {
  it('is their sum where the template computes totals: the figure the rates use, and no identity error', () => {
    const pkg = complete();
    row(pkg, 'reception').actual = '5.5';
    const computed = compute(pkg);
    expect(computed.totals.threePublic?.actual?.toString()).toBe('5.5');
    // 5.5 / 7.00, not the typed 4.07 / 7.00
    expect(computed.rows.threePublic?.controlRate?.toFixed(4)).toBe('0.7857');
    expect(ruleIds(pkg)).not.toContain('a1.three-public-sum');
  });

  it('is typed and checked where the template says so', () => {
    const pkg = complete();
    row(pkg, 'reception').actual = '5.5';
    const computed = compute(pkg, TYPED_TEMPLATE);
    expect(computed.totals).toEqual({});
    expect(computed.rows.threePublic?.controlRate?.toFixed(4)).toBe('0.5814');
    const found = check(pkg, TYPED_TEMPLATE).findings.find((f) => f.ruleId === 'a1.three-public-sum');
    expect(found?.message).toContain('5.50');
    expect(found?.message).toContain('4.07');
  });

  it('adds up from the innermost rows: 公车购置 + 公车运行维护 make 公务用车, which is part of 三公经费', () => {
    const pkg = complete();
    Object.assign(row(pkg, 'vehiclePurchase'), { prior: '0', budget: '0', actual: '1.2' });
    Object.assign(row(pkg, 'vehicleOperation'), { prior: '0', budget: '0', actual: '0.8' });
    const settled = settleTotals(pkg, templateOf(pkg));
    expect(settled.basicData?.rows.vehicle?.actual).toBe('2');
    expect(settled.basicData?.rows.threePublic?.actual).toBe('6.07');
    expect(settled.basicData?.rows.threePublic?.declared).toEqual({ actual: '4.07' });
  });
});

describe('a total with a part left blank', () => {
  it('stays as typed in that column (a blank part is not a zero) and is checked', () => {
    const pkg = example(); // 出国经费 is blank in every column
    expect(compute(pkg).totals.threePublic).toBeUndefined();
    row(pkg, 'reception').actual = '5.5';
    const found = check(pkg).findings.find((f) => f.ruleId === 'a1.three-public-sum');
    expect(found?.severity).toBe('错误');
    expect(found?.message).toContain('5.50');
  });

  it('is computed only in the columns where every part is filled in', () => {
    const pkg = complete();
    row(pkg, 'overseas').budget = null;
    expect(Object.keys(compute(pkg).totals.threePublic ?? {})).toEqual(['prior', 'actual']);
  });
});

describe('the figure a source printed for a computed total', () => {
  it('is kept under declared, said once as a 提示, and the computed sum counts everywhere', () => {
    const pkg = complete();
    row(pkg, 'threePublic').actual = '5.07';
    const settled = settleTotals(pkg, templateOf(pkg));
    expect(settled.basicData?.rows.threePublic).toMatchObject({ actual: '4.07', declared: { actual: '5.07' } });
    // settling again changes nothing
    expect(settleTotals(settled, templateOf(settled))).toBe(settled);
    const findings = check(pkg).findings.filter((f) => f.location.path.startsWith('basicData.rows.threePublic'));
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([['a1.stated-total', '提示']]);
    expect(findings[0]!.message).toContain('原表填报 5.07');
    expect(check(settled).findings.filter((f) => f.ruleId === 'a1.stated-total')).toHaveLength(1);
  });

  it('round-trips through the package format, and packages without it read back without it', () => {
    const pkg = complete();
    row(pkg, 'threePublic').actual = '5.07';
    const withDeclared = settleTotals(pkg, templateOf(pkg));
    const parsed = parsePackage(JSON.parse(JSON.stringify(withDeclared)));
    expect(parsed.ok && parsed.package.basicData?.rows.threePublic?.declared).toEqual({ actual: '5.07' });
    const plain = parsePackage(JSON.parse(JSON.stringify(example())));
    expect(plain.ok && 'declared' in (plain.package.basicData?.rows.threePublic ?? {})).toBe(false);
    expect(plain.ok && 'override' in (plain.package.overall?.indicators[1] ?? {})).toBe(false);
  });
});

describe('scores by rule', () => {
  /** 重点工作资金公示率: 100% wanted, 80% reached, 分值 6, typed 得分 6 — the formula gives 4.80. */
  function missed(): CompletePackage {
    const pkg = example();
    Object.assign(pkg.overall.indicators[1]!, { actual: '80%', deviation: '部分重点工作未公示' });
    return pkg;
  }

  it('counts the formula score of a 定量 indicator, not the typed one, and the total follows', () => {
    const pkg = missed();
    const scored = compute(pkg).overall!;
    expect(scored.indicators[1]).toMatchObject({ source: 'formula' });
    expect(scored.indicators[1]!.score?.toFixed(2)).toBe('4.80');
    expect(scored.indicators[1]!.stated?.toFixed(2)).toBe('6.00');
    expect(scored.total?.toFixed(2)).toBe('98.80');
  });

  it('counts the typed score where the template keeps scores typed, and checks it', () => {
    const pkg = missed();
    const scored = compute(pkg, TYPED_TEMPLATE).overall!;
    expect(scored.indicators[1]).toMatchObject({ source: 'typed' });
    expect(scored.total?.toFixed(2)).toBe('100.00');
    expect(ruleIds(pkg, TYPED_TEMPLATE)).toContain('ev.score-formula');
  });

  it('says where the formula replaces a score the file printed, until that score is dropped or kept with a reason', () => {
    const pkg = missed();
    const said = () =>
      check(pkg)
        .findings.filter((f) => f.ruleId === 'ev.score-formula')
        .map((f) => f.message);
    expect(said()).toEqual([expect.stringContaining('应为 4.80 分，原表得分 6.00 分，现按公式计分')]);
    pkg.overall.indicators[1]!.override = { score: '6', reason: '公示范围经批准调整' };
    expect(said()).toEqual([]);
    delete pkg.overall.indicators[1]!.override;
    pkg.overall.indicators[1]!.score = null;
    expect(said()).toEqual([]);
  });

  it('counts an override with its reason, which reviewers see beside the formula score', () => {
    const pkg = missed();
    pkg.overall.indicators[1]!.override = { score: '5.5', reason: '未公示部分经批准暂缓' };
    const scored = compute(pkg).overall!;
    expect(scored.indicators[1]).toMatchObject({ source: 'override', override: { reason: '未公示部分经批准暂缓' } });
    expect(scored.total?.toFixed(2)).toBe('99.50');
    const note = check(pkg).findings.find((f) => f.ruleId === 'ev.score-override');
    expect(note?.message).toBe('附件2 指标“重点工作资金公示率”按公式得分 4.80 分，单位调整为 5.50 分，理由：未公示部分经批准暂缓');
  });

  it('refuses an override without a reason as an error', () => {
    const pkg = missed();
    pkg.overall.indicators[1]!.override = { score: '6', reason: '' };
    const found = check(pkg).findings.filter((f) => f.ruleId.startsWith('ev.override') || f.ruleId === 'ev.score-override');
    expect(found.map((f) => [f.ruleId, f.severity])).toEqual([['ev.override-reason', '错误']]);
  });

  it('says so where the stated 总分 differs from the computed one, quoting both', () => {
    const pkg = missed();
    pkg.overall.declaredTotal = { weight: '100', score: '100' };
    const found = check(pkg).findings.find((f) => f.ruleId === 'ev.stated-total');
    expect(found?.severity).toBe('警告');
    expect(found?.message).toContain('总分填报为 100');
    expect(found?.message).toContain('应为 98.80');
    expect(ruleIds(pkg)).not.toContain('ev.total');
    // typed scores: the typed 得分 add up to the stated 100, so nothing differs
    expect(ruleIds(pkg, TYPED_TEMPLATE)).not.toContain('ev.stated-total');
  });
});

describe('next year started from this year', () => {
  it('carries the computed total as 上年决算 and leaves this year’s stated figures and overrides behind', () => {
    const pkg = complete();
    row(pkg, 'reception').actual = '5.5';
    pkg.overall.indicators[1]!.override = { score: '5', reason: '本年特殊情况' };
    const next = carryOver(settleTotals(pkg, templateOf(pkg)), 2024);
    expect(next.basicData?.rows.threePublic).toEqual({ prior: '5.5', budget: null, actual: null });
    expect(next.overall?.indicators[1]).not.toHaveProperty('override');
  });
});
