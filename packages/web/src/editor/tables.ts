/** The tables of the package as the editor shows them, column by column as on the printed forms. */
import {
  formatAmount,
  formatPercent,
  formatScore,
  QUALITATIVE_LEVELS,
  type ComputedPackage,
  type Decimal,
  type ScoredEvaluation,
} from '@jixiao/core';
import type { SheetColumn, SheetModel } from '../grid/types.js';
import { fixedSheet, listSheet, type CellSpec, type Source } from './sheet-model.js';

export interface TableSource extends Source {
  computed: () => ComputedPackage;
}

const amountOrDash = (value: Decimal | null): string => (value === null ? '—' : formatAmount(value));

const YEAR_COLUMNS: SheetColumn[] = [
  { key: 'name', title: '项目', width: 220 },
  { key: 'prior', title: '上年决算数', width: 110 },
  { key: 'budget', title: '本年预算数', width: 110 },
  { key: 'actual', title: '本年决算数', width: 110 },
  { key: 'rate', title: '控制率 / 执行率', width: 110 },
  { key: 'change', title: '变动额', width: 90 },
  { key: 'changeRate', title: '变动率', width: 90 },
];

function yearCells(path: string): CellSpec[] {
  return ['prior', 'budget', 'actual'].map((c) => ({ field: `${path}.${c}`, kind: 'number' as const }));
}

/** 附件1: expense control rows with their control and change rates. */
export function controlSheet(source: TableSource): SheetModel {
  const tp = (key: keyof ComputedPackage['threePublic'], label: string): CellSpec[] => {
    const path = `basicData.threePublic.${key}`;
    const row = () => source.computed().threePublic[key];
    return [
      { label, findingPaths: [path] },
      ...yearCells(path),
      { derived: () => formatPercent(row().controlRate), findingPaths: [`${path}.controlRate`] },
      { derived: () => amountOrDash(row().change), findingPaths: [`${path}.change`] },
      { derived: () => formatPercent(row().changeRate), findingPaths: [`${path}.changeRate`] },
    ];
  };
  const plain = (path: string, label: string, rate?: () => Decimal | null, ratePath?: string): CellSpec[] => [
    { label, findingPaths: [path] },
    ...yearCells(path),
    rate ? { derived: () => formatPercent(rate()), findingPaths: ratePath ? [ratePath] : [] } : null,
    null,
    null,
  ];
  const c = () => source.computed();
  return fixedSheet(
    YEAR_COLUMNS,
    [
      tp('total', '三公经费'),
      tp('vehicle', '1、公务用车购置和维护经费'),
      tp('vehiclePurchase', '　其中：公车购置'),
      tp('vehicleOperation', '　　　　公车运行维护'),
      tp('overseas', '2、出国经费'),
      tp('reception', '3、公务接待'),
      plain('basicData.projectSpending.total', '项目支出'),
      plain('basicData.projectSpending.business', '1、业务工作经费'),
      plain('basicData.projectSpending.operation', '2、运行维护经费'),
      plain('basicData.projectSpending.special', '3、本级专项资金'),
      plain('basicData.publicFunds.total', '公用经费', () => c().publicFundsControlRate),
      plain('basicData.procurement', '政府采购金额', () => c().procurementExecutionRate),
      plain('basicData.basicBudgetAdjustment', '部门基本支出预算调整'),
    ],
    source,
  );
}

const VALUE_COLUMNS: SheetColumn[] = [
  { key: 'name', title: '项目', width: 220 },
  { key: 'value', title: '数值', width: 130 },
];

export function staffingSheet(source: TableSource): SheetModel {
  const c = () => source.computed();
  return fixedSheet(
    VALUE_COLUMNS,
    [
      [{ label: '编制数（人）' }, { field: 'basicData.staffing.authorized', kind: 'number' }],
      [{ label: '实际在职人数（人）' }, { field: 'basicData.staffing.actual', kind: 'number' }],
      [
        { label: '在职人员控制率' },
        { derived: () => formatPercent(c().staffingControlRate), findingPaths: ['basicData.staffing.declared.controlRate'] },
      ],
      [{ label: '批复规模（㎡）' }, { field: 'basicData.buildings.approvedArea', kind: 'number' }],
      [{ label: '实际规模（㎡）' }, { field: 'basicData.buildings.actualArea', kind: 'number' }],
      [
        { label: '规模控制率' },
        {
          derived: () => formatPercent(c().buildingScaleControlRate),
          findingPaths: ['basicData.buildings.declared.scaleControlRate'],
        },
      ],
      [{ label: '预算投资（万元）' }, { field: 'basicData.buildings.budgetInvestment', kind: 'number' }],
      [{ label: '实际投资（万元）' }, { field: 'basicData.buildings.actualInvestment', kind: 'number' }],
      [
        { label: '投资概算控制率' },
        {
          derived: () => formatPercent(c().buildingInvestmentControlRate),
          findingPaths: ['basicData.buildings.declared.investmentControlRate'],
        },
      ],
    ],
    source,
  );
}

const LINE_COLUMNS: SheetColumn[] = [
  { key: 'name', title: '名称', width: 260 },
  { key: 'prior', title: '上年决算数', width: 110 },
  { key: 'budget', title: '本年预算数', width: 110 },
  { key: 'actual', title: '本年决算数', width: 110 },
];

/** 本级专项 lines or 公用经费 其中 rows: name plus the three year columns. */
export function yearLinesSheet(source: TableSource, listPath: string, append: (count: number) => void): SheetModel {
  return listSheet(
    LINE_COLUMNS,
    listPath,
    (_, base) => [{ field: `${base}.name`, kind: 'text' }, ...yearCells(base)],
    source,
    append,
  );
}

const FUNDS_COLUMNS: SheetColumn[] = [
  { key: 'name', title: '年度资金', width: 160 },
  { key: 'initialBudget', title: '年初预算数', width: 110 },
  { key: 'fullYearBudget', title: '全年预算数', width: 110 },
  { key: 'executed', title: '全年执行数', width: 110 },
  { key: 'weight', title: '分值', width: 70 },
  { key: 'rate', title: '执行率', width: 90 },
  { key: 'score', title: '得分', width: 80 },
];

/** 年度资金 of 附件2 (`overall`) or of one 附件3 project (`projects[i]`, with its 其中 rows). */
export function fundsSheet(source: TableSource, base: string, evaluation: () => ScoredEvaluation): SheetModel {
  const funds = `${base}.funds`;
  const line = (path: string): CellSpec[] =>
    ['initialBudget', 'fullYearBudget', 'executed'].map((c) => ({ field: `${path}.${c}`, kind: 'number' as const }));
  const rows: CellSpec[][] = [
    [
      { label: '年度资金总额', findingPaths: [funds] },
      ...line(funds),
      { field: `${funds}.weight`, kind: 'number' },
      {
        derived: () => formatPercent(evaluation().executionRate),
        findingPaths: [`${funds}.declared.executionRate`, `${funds}.executionRate`],
      },
      {
        derived: () => amountOrDash(evaluation().executionScore),
        findingPaths: [`${funds}.declared.score`, `${funds}.score`],
      },
    ],
  ];
  if (base.startsWith('projects')) {
    const sources: [string, string][] = [
      ['currentFiscal', '其中：当年财政拨款'],
      ['carryOver', '　　　上年结转资金'],
      ['other', '　　　其他资金'],
    ];
    for (const [key, label] of sources) {
      const path = `${base}.fundSources.${key}`;
      rows.push([{ label, findingPaths: [path] }, ...line(path), null, null, null]);
    }
  }
  return fixedSheet(FUNDS_COLUMNS, rows, source);
}

const SPLIT_COLUMNS: SheetColumn[] = [
  { key: 'name', title: '资金构成', width: 220 },
  { key: 'value', title: '金额（万元）', width: 130 },
];

/** 附件2: the money split by income nature and by expense nature. */
export function splitSheet(source: TableSource): SheetModel {
  const row = (path: string, label: string): CellSpec[] => [{ label }, { field: path, kind: 'number' }];
  return fixedSheet(
    SPLIT_COLUMNS,
    [
      row('overall.byIncome.generalPublic', '按收入性质分：一般公共预算'),
      row('overall.byIncome.governmentFund', '　政府性基金预算'),
      row('overall.byIncome.specialAccountNonTax', '　专户非税'),
      row('overall.byIncome.other', '　其他'),
      row('overall.byExpense.basic', '按支出性质分：基本支出'),
      row('overall.byExpense.project', '　项目支出'),
    ],
    source,
  );
}

const INDICATOR_COLUMNS: SheetColumn[] = [
  { key: 'level1', title: '一级指标', width: 100 },
  { key: 'level2', title: '二级指标', width: 120 },
  { key: 'name', title: '三级指标', width: 190 },
  { key: 'target', title: '年度指标值', width: 110 },
  { key: 'actual', title: '实际完成值', width: 110 },
  { key: 'weight', title: '分值', width: 64 },
  { key: 'score', title: '得分', width: 64 },
  { key: 'expected', title: '公式得分', width: 80 },
  { key: 'level', title: '定性等级', width: 86 },
  { key: 'notApplicable', title: '不适用', width: 70 },
  { key: 'deviation', title: '偏差原因分析及改进措施', width: 260 },
];

/** The indicator tree of 附件2 / 附件3: one row per 三级指标, the tree taken from the labels. */
export function indicatorSheet(
  source: TableSource,
  base: string,
  evaluation: () => ScoredEvaluation,
  append: (count: number) => void,
): SheetModel {
  const derived = (index: number): string => {
    const scored = evaluation().indicators[index];
    if (!scored) return '';
    if (scored.kind === '定性') return scored.levelByScore ?? '定性';
    return scored.expectedScore === null ? '—' : formatScore(scored.expectedScore);
  };
  return listSheet(
    INDICATOR_COLUMNS,
    `${base}.indicators`,
    (index, row) => [
      { field: `${row}.level1`, kind: 'text' },
      { field: `${row}.level2`, kind: 'text' },
      { field: `${row}.name`, kind: 'text' },
      { field: `${row}.target`, kind: 'text' },
      { field: `${row}.actual`, kind: 'text' },
      { field: `${row}.weight`, kind: 'number' },
      { field: `${row}.score`, kind: 'number' },
      { derived: () => derived(index), findingPaths: [row] },
      { field: `${row}.level`, kind: 'select', options: ['', ...QUALITATIVE_LEVELS] },
      { field: `${row}.notApplicable`, kind: 'select', options: ['', '不适用'] },
      { field: `${row}.deviation`, kind: 'text' },
    ],
    source,
    append,
  );
}

const FUND_ROW_COLUMNS: SheetColumn[] = [
  { key: 'name', title: '项目', width: 300 },
  { key: 'budget', title: '预算数', width: 120 },
  { key: 'actual', title: '支出数', width: 120 },
];

/** 附件4–6: 政府性基金 / 国有资本经营 / 社会保险基金 预算支出情况表. */
export function otherFundSheet(source: TableSource, listPath: string, append: (count: number) => void): SheetModel {
  return listSheet(
    FUND_ROW_COLUMNS,
    listPath,
    (_, base) => [
      { field: `${base}.name`, kind: 'text' },
      { field: `${base}.budget`, kind: 'number' },
      { field: `${base}.actual`, kind: 'number' },
    ],
    source,
    append,
  );
}
