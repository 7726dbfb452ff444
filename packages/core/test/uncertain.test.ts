/** Figures an import could not place are unknown: said once, and nothing is computed from them. */
import { describe, expect, it } from 'vitest';
import { check } from '../src/index.js';
import { example, lines, row } from './example.js';

describe('a row whose figures are uncertain', () => {
  it('is reported once, and the sums it enters are not checked (no false 错误)', () => {
    const pkg = example();
    // 业务工作经费 lost its 本年预算数 to the import: as a blank it would make 项目支出 ≠ its parts.
    row(pkg, 'business').budget = null;
    expect(check(pkg).findings.map((f) => f.ruleId)).toContain('a1.project-sum');
    pkg.uncertain.push({ path: 'basicData.rows.business', label: '1、业务工作经费', values: ['20.5', '18.2'], columns: ['a', 'b', 'c'] });
    const { findings } = check(pkg);
    expect(findings.filter((f) => f.ruleId === 'import.uncertain')).toHaveLength(1);
    expect(findings.filter((f) => f.severity === '错误')).toEqual([]);
  });

  it('leaves the checks of unrelated rows alone', () => {
    const pkg = example();
    row(pkg, 'reception').actual = '4.17';
    pkg.uncertain.push({ path: 'basicData.lines.publicFunds[0]', label: '办公经费', values: ['1'], columns: ['a', 'b'] });
    expect(check(pkg).findings.map((f) => f.ruleId)).toContain('a1.three-public-sum');
  });

  it('of a line counts into the row that lists it, and that row’s parents', () => {
    const pkg = example();
    lines(pkg, 'localSpecial')[0]!.actual = null;
    const before = check(pkg)
      .findings.filter((f) => f.severity === '错误')
      .map((f) => f.ruleId);
    expect(before).toContain('a1.lines-sum');
    pkg.uncertain.push({
      path: 'basicData.lines.localSpecial[0]',
      label: lines(pkg, 'localSpecial')[0]!.name,
      values: ['1', '2'],
      columns: ['a', 'b', 'c'],
    });
    expect(
      check(pkg)
        .findings.filter((f) => f.severity === '错误')
        .map((f) => [f.ruleId, f.location.path, f.message]),
    ).toEqual([]);
  });
});
