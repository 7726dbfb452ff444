/** The key computed figures of a package, as the CLI prints them (and as --json gives them). */
import { cellValue, formatAmount, formatPercent, formatScore, type CheckResult, type Package } from '@jixiao/core';

export interface Figure {
  label: string;
  value: string;
}

const amount = (cell: string | null) => formatAmount(cellValue(cell));

export function keyFigures(pkg: Package, { computed }: CheckResult): Figure[] {
  const b = pkg.basicData;
  const tp = computed.threePublic;
  const o = pkg.overall;
  const overall = computed.overall;
  const change = (key: 'total' | 'reception') =>
    tp[key].change === null ? '与上年无法比较（有空白单元格）' : `比上年 ${formatAmount(tp[key].change)} 万元（${formatPercent(tp[key].changeRate)}）`;
  return [
    { label: '在职人员控制率', value: `${formatPercent(computed.staffingControlRate)}（${b.staffing.actual ?? '—'} / ${b.staffing.authorized ?? '—'}）` },
    {
      label: '三公经费',
      value: `本年决算 ${amount(b.threePublic.total.actual)} 万元，预算 ${amount(b.threePublic.total.budget)} 万元，控制率 ${formatPercent(tp.total.controlRate)}，${change('total')}`,
    },
    {
      label: '其中公务接待',
      value: `本年决算 ${amount(b.threePublic.reception.actual)} 万元，为预算 ${amount(b.threePublic.reception.budget)} 万元的 ${formatPercent(tp.reception.controlRate)}，${change('reception')}`,
    },
    {
      label: '本级专项（附件1）',
      value: `${b.projectSpending.specialItems.length} 行，明细合计 上年 ${formatAmount(computed.specialItemsSum.prior)} / 本年 ${formatAmount(computed.specialItemsSum.actual)} 万元`,
    },
    {
      label: '公用经费',
      value: `本年决算 ${amount(b.publicFunds.total.actual)} 万元，控制率 ${formatPercent(computed.publicFundsControlRate)}`,
    },
    {
      label: '年度资金（附件2）',
      value: `${amount(o.funds.executed)} = 一般公共预算 ${amount(o.byIncome.generalPublic)} + 其他资金 ${amount(o.byIncome.other)} = 基本支出 ${amount(o.byExpense.basic)} + 项目支出 ${amount(o.byExpense.project)}`,
    },
    { label: '预算调整率', value: `${formatPercent(computed.budgetAdjustmentRate)}（年初 ${amount(o.funds.initialBudget)} → 全年 ${amount(o.funds.fullYearBudget)}）` },
    {
      label: '预算执行率',
      value: `${formatPercent(overall.executionRate)}，得分 ${overall.executionScore === null ? '—' : formatScore(overall.executionScore)} / ${formatScore(overall.executionWeight)}`,
    },
    {
      label: '总分',
      value: `${formatScore(overall.total)}（${overall.grade}）${overall.cap !== null ? `，按执行率封顶 ${formatScore(overall.cap)}` : ''}`,
    },
    {
      label: '附件3 项目',
      value:
        pkg.projects.length === 0
          ? '未填报'
          : pkg.projects.map((p, i) => `${p.name} ${formatScore(computed.projects[i]!.total)}（${computed.projects[i]!.grade}）`).join('；'),
    },
  ];
}
