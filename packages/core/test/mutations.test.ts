/** One figure changed at a time in the seed: each must be caught by the right rule, quoting the figures. */
import { describe, expect, it } from 'vitest';
import { check, emptyProject } from '../src/index.js';
import { example, lines, row, type CompletePackage } from './example.js';

function findingsAfter(change: (pkg: CompletePackage) => void) {
  const pkg = example();
  change(pkg);
  return check(pkg).findings;
}

function expectCaught(change: (pkg: CompletePackage) => void, ruleId: string, ...fragments: string[]) {
  const baseline = new Set(check(example()).findings.map((f) => f.message));
  const fresh = findingsAfter(change).filter((f) => !baseline.has(f.message));
  const hit = fresh.find((f) => f.ruleId === ruleId);
  expect(hit, `expected ${ruleId}; got ${JSON.stringify(fresh.map((f) => [f.ruleId, f.message]))}`).toBeDefined();
  for (const fragment of fragments) expect(hit!.message).toContain(fragment);
  return hit!;
}

const item = (pkg: CompletePackage, name: string) => {
  const found = lines(pkg, 'localSpecial').find((r) => r.name === name);
  if (!found) throw new Error(name);
  return found;
};

describe('a changed figure is caught by the right rule', () => {
  it('a project line of 本级专项', () => {
    const hit = expectCaught((p) => (item(p, '环卫经费').actual = '15.75'), 'a1.lines-sum', '本年决算数', '797.21', '797.20', '差 0.01');
    expect(hit.severity).toBe('错误');
    expect(hit.location).toMatchObject({ part: '附件1', path: 'basicData.rows.localSpecial.actual', column: '本年决算数' });
  });

  it('the same project line is then also wrong in the report text', () => {
    expectCaught((p) => (item(p, '环卫工人工资').actual = '395.18'), 'r.project-amount', '环卫工人工资395.28万元', '395.18', '差 0.10');
  });

  it('a 三公 sub-row', () => {
    expectCaught((p) => (row(p, 'reception').actual = '4.17'), 'a1.three-public-sum', '4.17', '4.07');
  });

  it('a 公车 sub-row filled in that does not add up', () => {
    expectCaught((p) => (row(p, 'vehiclePurchase').prior = '1.5'), 'a1.vehicle-sum', '上年决算数', '1.50', '0.00');
  });

  it('a 公用经费 其中 row above its total', () => {
    expectCaught((p) => (lines(p, 'publicFunds')[0]!.actual = '700'), 'a1.public-funds-breakdown', '707.74', '701.07');
  });

  it('a score above its weight', () => {
    const hit = expectCaught((p) => (p.overall.indicators[4]!.score = '6.5'), 'ev.score-range', '辖区治理效果明显', '6.50', '6.00');
    expect(hit.location.path).toBe('overall.indicators[4].score');
  });

  it('a score that disagrees with the formula', () => {
    expectCaught(
      (p) => {
        p.overall.indicators[1]!.actual = '80%';
        p.overall.indicators[1]!.deviation = '部分重点工作未公示';
      },
      'ev.score-formula',
      '重点工作资金公示率',
      '应为 4.80 分',
      '填报 6.00 分',
    );
  });

  it('a weight that breaks the total of 100', () => {
    expectCaught((p) => (p.overall.indicators[0]!.weight = '7'), 'ev.weight-total', '101.00', '应为 100.00');
  });

  it('a declared total that is not the sum', () => {
    expectCaught((p) => (p.overall.declaredTotal.score = '98'), 'ev.total', '总分填报为 98', '100.00');
  });

  it('a declared 执行率 that is not 全年执行数 / 全年预算数', () => {
    expectCaught((p) => (p.overall.funds.executed = '2100'), 'ev.execution-rate', '100.00%', '2100.00 / 2206.82', '95.16%');
  });

  it('an amount in the report text', () => {
    const hit = expectCaught(
      (p) => (p.report.sections[1]!.paragraphs[1] = p.report.sections[1]!.paragraphs[1]!.replace('公务接待费4.07万元', '公务接待费4.70万元')),
      'r.figures',
      '公务接待费4.70万元',
      '4.07',
    );
    expect(hit.location.path).toBe('report.sections[1].paragraphs[1]');
  });

  it('the 三公 percentage and change in the report text', () => {
    expectCaught(
      (p) => (p.report.sections[1]!.paragraphs[1] = p.report.sections[1]!.paragraphs[1]!.replace('58.14%', '58.41%')),
      'r.figures',
      '58.41%',
      '58.14%',
    );
    expectCaught(
      (p) => (p.report.sections[1]!.paragraphs[1] = p.report.sections[1]!.paragraphs[1]!.replace('减少了0.86万元', '减少了0.68万元')),
      'r.figures',
      '0.68',
      '0.86',
    );
  });

  it('基本支出 in the text against 附件2', () => {
    expectCaught((p) => (p.overall.byExpense.basic = '1409.26'), 'r.figures', '1409.62', '1409.26');
  });

  it('附件2 项目支出 against 附件1', () => {
    expectCaught((p) => (p.overall.byExpense.project = '797.02'), 'x.project-spending', '797.02', '797.20');
  });

  it('a 定性 score outside the band of its level', () => {
    expectCaught(
      (p) => {
        const indicator = p.overall.indicators[11]!;
        indicator.target = '满意';
        indicator.actual = '基本满意';
        indicator.level = '部分达成';
        indicator.score = '5.5';
        indicator.deviation = '个别诉求未及时回应';
        p.overall.declaredTotal.score = '99.5';
      },
      'ev.qualitative-band',
      '部分达成',
      '3.60–4.80',
      '5.50',
    );
  });

  it('a 附件3 project whose 执行数 differs from 附件1', () => {
    expectCaught(
      (p) => {
        p.projects.push({
          ...emptyProject('hunan'),
          name: '环卫工人工资',
          department: '岳阳楼区城管局',
          implementer: '吕仙亭街道办事处',
          funds: { initialBudget: '0', fullYearBudget: '400', executed: '390', weight: '10', declared: { executionRate: null, score: null } },
          goals: { expected: '按时足额发放环卫工人工资', actual: '已全部发放' },
        });
      },
      'x.project-tables',
      '390.00',
      '395.28',
    );
  });

  it('an indicator filed under a 一级 or 二级 name that is not the standard one', () => {
    expectCaught((p) => (p.overall.indicators[7]!.level2 = '经济效益'), 'ev.tree-names', '“效益指标”下的二级指标“经济效益”不是规范名称');
    expectCaught((p) => (p.overall.indicators[11]!.level1 = '满意指标'), 'ev.tree-names', '一级指标“满意指标”不是规范名称');
  });
});
