/** The key computed figures of a package, as the CLI prints them (and as --json gives them); absent parts give none. */
import {
  formatAmount,
  formatCell,
  formatPercent,
  formatScore,
  formatTotal,
  OVERALL_FORM,
  layoutPrints,
  overallLayout,
  presentRows,
  rowOf,
  settleTotals,
  type CheckResult,
  type FundsColumnKey,
  type Package,
} from '@jixiao/core';

export interface Figure {
  label: string;
  value: string;
}

/** A cell as printed here: a blank one is "未填", never 0.00 (absent is not zero). */
const amount = (cell: string | null) => formatCell(cell, formatAmount);

/** "一般公共预算 1,051.61 + 其他资金 未填": a split's fields as the form lists them. */
const split = (fields: readonly { key: string; label: string }[], cells: Record<string, string | null>) =>
  fields.map((f) => `${f.label} ${amount(cells[f.key] ?? null)}`).join(' + ');

const isAmount = (key: FundsColumnKey): key is 'initialBudget' | 'fullYearBudget' | 'executed' =>
  key === 'initialBudget' || key === 'fullYearBudget' || key === 'executed';

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
    // Only what the unit's form prints: 重庆's 目标自评表 has no split, no 执行率 and no 得分.
    const layout = overallLayout(pkg.layout.overall);
    const prints = layoutPrints(layout);
    const splitCells = [o.funds.executed, ...Object.values(o.byIncome), ...Object.values(o.byExpense)];
    // a form that prints the split but leaves every cell of it blank has no sum to show
    if (layout.split && splitCells.some((cell) => cell !== null))
      figures.push({
        label: '年度资金（附件2）',
        value: `全年执行数 ${amount(o.funds.executed)} = ${split(OVERALL_FORM.byIncome.fields, o.byIncome)} = ${split(OVERALL_FORM.byExpense.fields, o.byExpense)}`,
      });
    else {
      const expense = layout.expenseRow;
      figures.push({
        label: '年度资金（附件2）',
        value: [
          ...layout.funds.columns.flatMap(({ key, heading }) => (isAmount(key) ? [`${heading} ${amount(o.funds[key])}`] : [])),
          // 湖北's form: 基本支出总额 and 项目支出总额 on a row of their own
          ...(expense ? [`${expense.basic} ${amount(o.byExpense.basic)}`, `${expense.project} ${amount(o.byExpense.project)}`] : []),
        ].join('，'),
      });
    }
    if (prints.rate && layout.funds.columns.some((c) => c.key === 'initialBudget'))
      figures.push({
        label: '预算调整率',
        value: `${formatPercent(computed.budgetAdjustmentRate)}（年初 ${amount(o.funds.initialBudget)} → 全年 ${amount(o.funds.fullYearBudget)}）`,
      });
    if (prints.rate)
      figures.push({
        label: '预算执行率',
        // a 分值 the form leaves blank is 未填, not 0.00
        value: `${formatPercent(overall.executionRate)}，得分 ${overall.executionScore === null ? '—' : formatScore(overall.executionScore)} / ${o.funds.weight === null ? '分值未填' : formatScore(overall.executionWeight)}`,
      });
    if (prints.total)
      figures.push({
        label: '总分',
        value: `${formatTotal(overall)}${overall.cap !== null ? `，按执行率封顶 ${formatScore(overall.cap)}` : ''}`,
      });
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
