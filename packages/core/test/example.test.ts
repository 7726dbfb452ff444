import { describe, expect, it } from 'vitest';
import { check, formatAmount, formatPercent, formatScore } from '../src/index.js';
import { example, row } from './example.js';

describe('the seed package (吕仙亭街道办事处 2023)', () => {
  const result = check(example());
  const { computed } = result;

  it('reproduces the seed’s own figures', () => {
    expect(formatPercent(computed.staffingControlRate)).toBe('100.00%');
    expect(formatPercent(computed.overall!.executionRate)).toBe('100.00%');
    expect(formatScore(computed.overall!.executionScore!)).toBe('10.00');
    expect(formatScore(computed.overall!.total!)).toBe('100.00');
    expect(computed.overall!.grade).toBe('优');
    expect(formatPercent(computed.rows['reception']!.controlRate)).toBe('58.14%');
    expect(formatAmount(computed.rows['reception']!.change!)).toBe('-0.86');
    expect(formatPercent(computed.rows['reception']!.changeRate)).toBe('-17.44%');
    expect(formatAmount(computed.lineSums['localSpecial']!.prior)).toBe('953.58');
    expect(formatAmount(computed.lineSums['localSpecial']!.actual)).toBe('797.20');
  });

  it('holds 2206.82 = 1663.95 + 542.87 = 1409.62 + 797.20', () => {
    const ids = result.findings.map((f) => f.ruleId);
    expect(ids).not.toContain('a2.income-split');
    expect(ids).not.toContain('a2.expense-split');
    expect(ids).not.toContain('x.project-spending');
  });

  it('reports no 错误, because the seed has none', () => {
    expect(result.findings.filter((f) => f.severity === '错误')).toEqual([]);
  });

  it('reports what the seed really has', () => {
    const messages = result.findings.map((f) => `${f.ruleId} ${f.message}`);
    expect(messages).toContain('r.project-name 报告中的项目名称“其他城管环卫资金”与附件1 的“其城管环卫资金”不一致，请统一');
    expect(messages).toContain('r.numbering 第一部分标题“1、 单位基本情况”的编号应为“一、”');
    expect(messages).toContain('r.numbering 第二部分小标题“（2） 项目支出情况”的编号应为“（二）”');
    expect(messages).toContain('r.numbering 第八部分标题“8、 下一步改进措施”的编号应为“八、”');
    expect(messages).toContain(
      'x.unit-name 附件2 预算部门名称“岳阳市岳阳楼区吕仙亭办事处”与单位全称“岳阳市岳阳楼区吕仙亭街道办事处”不一致',
    );
    expect(messages).toContain('r.amount-unit “经济普查经费2万”的单位写作“万”，应写作“经济普查经费2.00万元”');
    expect(messages.some((m) => m.startsWith('a1.over-budget “公用经费”本年决算 701.07 万元，超过本年预算 84.60 万元'))).toBe(true);
    expect(messages.some((m) => m.startsWith('x.indicator-rates 附件2 指标“三公经费控制率”实际完成值填 100%'))).toBe(true);
  });

  it('finds every cell a finding points at', () => {
    const pkg = example() as unknown as Record<string, unknown>;
    for (const finding of result.findings) {
      const steps = finding.location.path.match(/[^.[\]]+/g) ?? [];
      let node: unknown = pkg;
      for (const step of steps) node = (node as Record<string, unknown>)[step];
      expect(node, finding.location.path).not.toBeUndefined();
    }
  });
});

describe('synthetic packages', () => {
  it('are consistent: they check without 错误 and score 100', async () => {
    const { syntheticPackage, parsePackage } = await import('../src/index.js');
    for (const seed of [1, 2, 3]) {
      const pkg = syntheticPackage(seed, { projects: 20 });
      expect(parsePackage(JSON.parse(JSON.stringify(pkg))).ok).toBe(true);
      const result = check(pkg);
      expect(result.findings.filter((f) => f.severity === '错误')).toEqual([]);
      expect(result.computed.overall!.total?.toString()).toBe('100');
      expect(result.computed.projects).toHaveLength(20);
    }
  });

  it('are reproducible from their seed', async () => {
    const { syntheticPackage } = await import('../src/index.js');
    expect(JSON.stringify(syntheticPackage(7))).toBe(JSON.stringify(syntheticPackage(7)));
    expect(JSON.stringify(syntheticPackage(7))).not.toBe(JSON.stringify(syntheticPackage(8)));
  });
});

describe('a package carried into a new year', () => {
  it('shows rates of blank cells as undefined, not as 0.00% or −100%', () => {
    const pkg = example();
    for (const r of [row(pkg, 'threePublic'), row(pkg, 'reception')]) {
      r.prior = r.actual;
      r.budget = null;
      r.actual = null;
    }
    pkg.basicData.staffing!.actual = null;
    const { computed } = check(pkg);
    expect(computed.staffingControlRate).toBeNull();
    expect(computed.rows['threePublic']!.controlRate).toBeNull();
    expect(computed.rows['threePublic']!.change).toBeNull();
    expect(computed.rows['threePublic']!.changeRate).toBeNull();
    expect(formatPercent(computed.rows['reception']!.changeRate)).toBe('—');
  });
});
