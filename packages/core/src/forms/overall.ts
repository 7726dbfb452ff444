/** 附件2 预算单位整体支出绩效自评表: the unit's own fields; the shared blocks are in evaluation.ts. */
import { FUNDS_COLUMNS, FUNDS_TOTAL, GOALS, INDICATORS_BLOCK, INDICATOR_COLUMNS, TOTAL_ROW } from './evaluation.js';
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
      { key: 'basic', label: '基本支出', aliases: [], kind: 'amount' },
      { key: 'project', label: '项目支出', aliases: [], kind: 'amount' },
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
  /** The table as the national form prints it: the shared blocks' own labels, in their order. */
  layout: {
    fundsTotal: FUNDS_TOTAL.label,
    funds: FUNDS_COLUMNS.map((c) => ({ key: c.key, heading: c.label })),
    goals: { block: GOALS.label, expected: GOALS.expected.label, actual: GOALS.actual.label },
    indicatorsBlock: INDICATORS_BLOCK.label,
    indicators: INDICATOR_COLUMNS.filter((c) => c.key !== 'sign' && c.key !== 'unit').map((c) => ({ key: c.key, heading: c.label })),
    total: TOTAL_ROW.label,
  },
} as const;
