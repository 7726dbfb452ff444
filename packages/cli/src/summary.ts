/** The key computed figures of a package, as the CLI prints them (and as --json gives them); absent parts give none. */
import {
  cellValue,
  formatAmount,
  formatPercent,
  formatScore,
  formatTotal,
  presentRows,
  rowOf,
  settleTotals,
  type CheckResult,
  type Package,
} from '@jixiao/core';

export interface Figure {
  label: string;
  value: string;
}

const amount = (cell: string | null) => formatAmount(cellValue(cell));

export function keyFigures(pkg: Package, { computed }: CheckResult): Figure[] {
  const figures: Figure[] = [];
  // 附件1's totals as the template computes them
  const b = settleTotals(pkg, computed.template).basicData;
  if (b?.staffing) {
    figures.push({
      label: '在职人员控制率',
      value: `${formatPercent(computed.staffingControlRate)}（${b.staffing.actual ?? '—'} / ${b.staffing.authorized ?? '—'}）`,
    });
  }
  if (b) {
    for (const spec of presentRows(b)) {
      const rates = computed.rows[spec.id];
      // Rows whose control rate cannot be computed (blank, or no budget) have nothing to say here.
      if (!spec.rates?.control || !rates || rates.controlRate === null) continue;
      const row = rowOf(b, spec.id)!;
      const change =
        spec.rates.change === undefined
          ? ''
          : rates.change === null
            ? '，与上年无法比较（有空白单元格）'
            : `，比上年 ${formatAmount(rates.change)} 万元（${formatPercent(rates.changeRate)}）`;
      figures.push({
        label: spec.label,
        value: `本年决算 ${amount(row.actual)} 万元，预算 ${amount(row.budget)} 万元，${spec.rates.control} ${formatPercent(rates.controlRate)}${change}`,
      });
    }
    for (const spec of presentRows(b)) {
      const sums = computed.lineSums[spec.id];
      if (!spec.lines?.projects || !sums) continue;
      figures.push({
        label: `${spec.label}（附件1）`,
        value: `${b.lines[spec.id as keyof typeof b.lines]?.length ?? 0} 行，明细合计 上年 ${formatAmount(sums.prior)} / 本年 ${formatAmount(sums.actual)} 万元`,
      });
    }
  }
  const o = pkg.overall;
  const overall = computed.overall;
  if (o && overall) {
    figures.push(
      {
        label: '年度资金（附件2）',
        value: `${amount(o.funds.executed)} = 一般公共预算 ${amount(o.byIncome.generalPublic)} + 其他资金 ${amount(o.byIncome.other)} = 基本支出 ${amount(o.byExpense.basic)} + 项目支出 ${amount(o.byExpense.project)}`,
      },
      {
        label: '预算调整率',
        value: `${formatPercent(computed.budgetAdjustmentRate)}（年初 ${amount(o.funds.initialBudget)} → 全年 ${amount(o.funds.fullYearBudget)}）`,
      },
      {
        label: '预算执行率',
        value: `${formatPercent(overall.executionRate)}，得分 ${overall.executionScore === null ? '—' : formatScore(overall.executionScore)} / ${formatScore(overall.executionWeight)}`,
      },
      {
        label: '总分',
        value: `${formatTotal(overall)}${overall.cap !== null ? `，按执行率封顶 ${formatScore(overall.cap)}` : ''}`,
      },
    );
  }
  if (pkg.projects) {
    figures.push({
      label: '附件3 项目',
      value:
        pkg.projects.length === 0
          ? '未填报'
          : pkg.projects
              .map(
                (p, i) =>
                  `${p.name} 执行率 ${formatPercent(computed.projects[i]!.executionRate)}，总分 ${formatTotal(computed.projects[i]!)}`,
              )
              .join('；'),
    });
  }
  return figures;
}
