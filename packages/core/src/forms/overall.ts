/** 附件2 预算单位整体支出绩效自评表: the unit's own fields; the shared blocks are in evaluation.ts. */
import {
  FUNDS_COLUMNS,
  FUNDS_TOTAL,
  GOALS,
  INDICATORS_BLOCK,
  INDICATOR_COLUMNS,
  TOTAL_ROW,
  type FundsColumnKey,
  type IndicatorColumnKey,
  type LayoutColumn,
} from './evaluation.js';
import type { FieldSpec, RepeatedRows } from './types.js';

export type IncomeKey = 'generalPublic' | 'governmentFund' | 'specialAccountNonTax' | 'other';
export type ExpenseKey = 'basic' | 'project';

export const OVERALL_FORM = {
  part: '附件2',
  name: '预算单位整体支出绩效自评表',
  title: (year: number) => `${year}年度预算单位整体支出绩效自评表`,
  /**
   * the national 自评表, 重庆's 部门整体绩效(目标)自评表, and the 评分表 earlier Hunan packages scored the
   * same indicators in
   */
  titlePattern: /整体(?:支出)?绩效(?:目标)?(?:自评表|评价评分表(?:[(（]参考样表[)）])?)$/,
  unitName: { label: '预算部门名称', aliases: ['预算部门、单位名称', '部门名称', '单位名称', '预算部门(单位)名称', '评价部门名称'] },
  fundsBlock: { label: '年度预算申请(万元)', aliases: ['年度预算申请', '年度资金'] },
  byIncome: {
    label: '按收入性质分',
    fields: [
      { key: 'generalPublic', label: '一般公共预算', aliases: ['一般公共预算拨款', '公共财政拨款', '一般公共预算资金'], kind: 'amount' },
      { key: 'governmentFund', label: '政府性基金拨款', aliases: ['政府性基金', '政府性基金预算'], kind: 'amount' },
      {
        key: 'specialAccountNonTax',
        label: '纳入专户管理的非税收入拨款',
        aliases: ['纳入专户管理的非税收入', '专户管理的非税收入拨款', '财政专户管理资金'],
        kind: 'amount',
      },
      { key: 'other', label: '其他资金', aliases: ['其他收入'], kind: 'amount' },
    ] as const satisfies readonly FieldSpec<IncomeKey>[],
  },
  byExpense: {
    label: '按支出性质分',
    fields: [
      // 湖北's 部门整体支出绩效自评表 prints the two on a row of their own: 基本支出总额 | 项目支出总额
      { key: 'basic', label: '基本支出', aliases: ['基本支出总额'], kind: 'amount' },
      { key: 'project', label: '项目支出', aliases: ['项目支出总额'], kind: 'amount' },
    ] as const satisfies readonly FieldSpec<ExpenseKey>[],
  },
  /** How the form prints the two splits side by side: each row an income field and an expense field (or none). */
  splitRows: [
    ['generalPublic', 'basic'],
    ['governmentFund', null],
    ['specialAccountNonTax', 'project'],
    ['other', null],
  ] as readonly (readonly [IncomeKey, ExpenseKey | null])[],
  /** Whose table it is on every page, and the indicator column headings over continued indicator rows. */
  repeated: { top: ['unitName'], within: ['indicators'] } satisfies RepeatedRows<'unitName' | 'indicators'>,
} as const;

export type OverallLayoutId = 'national' | 'goals' | 'execution20';

/**
 * How a unit's 附件2 is printed: the national form, or a region's own. A package names its layout
 * (`layout.overall`); the documents, the editor, the rules and the importer follow it, as they follow a
 * 附件3 layout (project.ts).
 */
export interface OverallLayout {
  readonly id: OverallLayoutId;
  /** what the layout is, for users choosing one */
  readonly name: string;
  /** the table's title for a year */
  readonly title: (year: number) => string;
  /** the heading of the unit's name, in the top row */
  readonly unitName: string;
  readonly funds: { readonly block: string; readonly total: string; readonly columns: readonly LayoutColumn<FundsColumnKey>[] };
  /** the 按收入性质分 / 按支出性质分 rows are printed under the funds (OVERALL_FORM.splitRows) */
  readonly split: boolean;
  /** the split by expense alone, on a row of its own under the unit's name, with these labels; null where not printed so */
  readonly expenseRow: { readonly basic: string; readonly project: string } | null;
  /** `actual` null where the form has no column for what was achieved (湖北's: the targets alone) */
  readonly goals: { readonly block: string; readonly expected: string; readonly actual: string | null };
  readonly indicators: { readonly block: string; readonly columns: readonly LayoutColumn<IndicatorColumnKey>[] };
  /** the 总分 row's label; null where the layout has no scores */
  readonly total: string | null;
}

/** The national form of 财预〔2020〕10号: the shared blocks' own labels, in their order. */
const NATIONAL_OVERALL: OverallLayout = {
  id: 'national',
  name: '全国通用（财预〔2020〕10号）',
  title: OVERALL_FORM.title,
  unitName: OVERALL_FORM.unitName.label,
  funds: {
    block: OVERALL_FORM.fundsBlock.label,
    total: FUNDS_TOTAL.label,
    columns: FUNDS_COLUMNS.map((c) => ({ key: c.key, heading: c.label })),
  },
  split: true,
  expenseRow: null,
  goals: { block: GOALS.label, expected: GOALS.expected.label, actual: GOALS.actual.label },
  indicators: {
    block: INDICATORS_BLOCK.label,
    columns: INDICATOR_COLUMNS.filter((c) => c.key !== 'sign' && c.key !== 'unit').map((c) => ({ key: c.key, heading: c.label })),
  },
  total: TOTAL_ROW.label,
};

export const OVERALL_LAYOUTS: readonly OverallLayout[] = [
  NATIONAL_OVERALL,
  {
    // 重庆's 部门整体绩效目标自评表 (corpus/52): goals against what was achieved, with 指标权重 but no 得分
    // and no 一级/二级 columns; the money as 年初预算 and 实际投入 only, with no 执行率 and no split.
    id: 'goals',
    name: '部门整体绩效目标自评表（不打分，重庆等）',
    title: (year) => `${year}年部门整体绩效目标自评表`,
    unitName: '单位名称',
    funds: {
      block: '资金情况（万元）',
      total: '合计',
      columns: [
        { key: 'initialBudget', heading: '年初预算资金总额（万元）' },
        { key: 'executed', heading: '实际投入资金额（万元）' },
      ],
    },
    split: false,
    expenseRow: null,
    goals: { block: '年度目标', expected: '年度目标（年初）', actual: '年度总体目标完成情况' },
    indicators: {
      block: '绩效指标',
      columns: [
        { key: 'name', heading: '三级指标' },
        { key: 'weight', heading: '指标权重' },
        { key: 'target', heading: '指标值' },
        { key: 'actual', heading: '全年实际完成值' },
        { key: 'deviation', heading: '产生差异的原因及改进措施' },
      ],
    },
    total: null,
  },
  {
    // 湖北's 部门整体支出绩效自评表 (corpus/57), 附件3's 20-point form (project.ts baoshan) for the whole unit:
    // 执行率 20 分 (its 分值 printed in the block's heading), the year's targets 80 分 scored by 得分 alone,
    // with no 分值 column; 基本支出总额 | 项目支出总额 on a row of their own, no split by income.
    id: 'execution20',
    name: '部门整体支出绩效自评表（执行率20分、指标80分，湖北等）',
    title: (year) => `${year}年度部门整体支出绩效自评表`,
    unitName: '单位名称',
    funds: {
      block: '预算执行情况（万元）（20分）',
      total: '部门整体支出总额',
      columns: [
        { key: 'fullYearBudget', heading: '预算数（A）' },
        { key: 'executed', heading: '执行数（B）' },
        { key: 'executionRate', heading: '执行率（B/A）' },
        { key: 'score', heading: '得分（20分*执行率）' },
      ],
    },
    split: false,
    expenseRow: { basic: '基本支出总额', project: '项目支出总额' },
    goals: { block: '年度目标（80分）', expected: '年度目标', actual: null },
    indicators: {
      block: '年度绩效指标',
      columns: [
        { key: 'level1', heading: '一级指标' },
        { key: 'level2', heading: '二级指标' },
        { key: 'name', heading: '三级指标' },
        { key: 'target', heading: '年初目标值（A）' },
        { key: 'actual', heading: '实际完成值（B）' },
        { key: 'score', heading: '得分' },
      ],
    },
    total: TOTAL_ROW.label,
  },
];

export const OVERALL_LAYOUT_IDS = OVERALL_LAYOUTS.map((l) => l.id);

export function overallLayout(id: string | undefined): OverallLayout {
  return OVERALL_LAYOUTS.find((layout) => layout.id === id) ?? NATIONAL_OVERALL;
}
