/**
 * The figures a published package discloses: its score and grade and key amounts, each with a stable
 * id, a label, a unit of measure and a meaning (the open data's dictionary). Every value is the
 * package's own figure or core `compute`'s, written as exact decimal text (rates in percent, 2 dp).
 */
import { type ComputedPackage, type Decimal, HUNDRED, type Package, cellValue, formatScore, round, rowOf } from '@jixiao/core';

export interface PublicFigure {
  id: string;
  label: string;
  /** unit of measure: 分, 万元, %, 个; '' for a grade */
  measure: string;
  meaning: string;
  /** the package's value, or null where it has none (the figure is then left out) */
  value(pkg: Package, computed: ComputedPackage): string | null;
}

const amount = (cell: string | null | undefined): string | null =>
  cell === null || cell === undefined ? null : cellValue(cell).toString();
const percent = (rate: Decimal | null | undefined): string | null => (rate ? round(rate.times(HUNDRED), 2).toFixed(2) : null);

export const PUBLIC_FIGURES: readonly PublicFigure[] = [
  {
    id: 'total_score',
    label: '自评总分',
    measure: '分',
    meaning: '附件2 预算单位整体支出绩效自评表的总分（执行率得分与各指标得分之和，按模板封顶与折算后）',
    value: (_p, c) => (c.overall?.total ? formatScore(c.overall.total) : null),
  },
  {
    id: 'grade',
    label: '自评等级',
    measure: '',
    meaning: '按总分划定的等级：优、良、中、差',
    value: (_p, c) => c.overall?.grade ?? null,
  },
  {
    id: 'initial_budget',
    label: '年初预算数',
    measure: '万元',
    meaning: '附件2 年度资金总额：年初预算数',
    value: (p) => amount(p.overall?.funds.initialBudget),
  },
  {
    id: 'full_year_budget',
    label: '全年预算数',
    measure: '万元',
    meaning: '附件2 年度资金总额：全年预算数（含年中调整）',
    value: (p) => amount(p.overall?.funds.fullYearBudget),
  },
  {
    id: 'executed',
    label: '全年执行数',
    measure: '万元',
    meaning: '附件2 年度资金总额：全年执行数',
    value: (p) => amount(p.overall?.funds.executed),
  },
  {
    id: 'execution_rate',
    label: '年度预算执行率',
    measure: '%',
    meaning: '全年执行数 ÷ 全年预算数 × 100',
    value: (_p, c) => percent(c.overall?.executionRate),
  },
  {
    id: 'three_public_budget',
    label: '三公经费本年预算数',
    measure: '万元',
    meaning: '附件1 经费控制情况：三公经费（公务用车购置和维护经费、出国经费、公务接待）本年预算数',
    value: (p) => (p.basicData ? amount(rowOf(p.basicData, 'threePublic')?.budget) : null),
  },
  {
    id: 'three_public_actual',
    label: '三公经费本年决算数',
    measure: '万元',
    meaning: '附件1 经费控制情况：三公经费本年决算数',
    value: (p) => (p.basicData ? amount(rowOf(p.basicData, 'threePublic')?.actual) : null),
  },
  {
    id: 'three_public_control_rate',
    label: '三公经费控制率',
    measure: '%',
    meaning: '三公经费本年决算数 ÷ 本年预算数 × 100',
    value: (_p, c) => percent(c.rows['threePublic']?.controlRate),
  },
  {
    id: 'project_count',
    label: '项目支出自评表数',
    measure: '个',
    meaning: '附件3 项目支出绩效自评表的张数（一个一级项目一张）',
    value: (p) => (p.projects ? String(p.projects.length) : null),
  },
];

/** The package's disclosed figures that it has, in dictionary order. */
export function figuresOf(pkg: Package, computed: ComputedPackage): { figure: PublicFigure; value: string }[] {
  return PUBLIC_FIGURES.flatMap((figure) => {
    const value = figure.value(pkg, computed);
    return value === null ? [] : [{ figure, value }];
  });
}
