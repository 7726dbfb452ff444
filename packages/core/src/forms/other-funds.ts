/** 附件4–6: 政府性基金 / 国有资本经营 / 社会保险基金 预算支出情况表, one row per fund line. */
import type { OtherFunds } from '../model.js';
import type { FieldSpec, RepeatedRows } from './types.js';

export type OtherFundKey = keyof OtherFunds;

export interface OtherFundSpec {
  readonly key: OtherFundKey;
  readonly part: '附件4' | '附件5' | '附件6';
  /** the fund as the report names it ("政府性基金预算") */
  readonly fund: string;
  readonly title: (year: number) => string;
  readonly titlePattern: RegExp;
}

export const OTHER_FUNDS = [
  {
    key: 'governmentFund',
    part: '附件4',
    fund: '政府性基金预算',
    title: (year: number) => `${year}年度政府性基金预算支出情况表`,
    titlePattern: /政府性基金预算支出情况表$/,
  },
  {
    key: 'stateCapital',
    part: '附件5',
    fund: '国有资本经营预算',
    title: (year: number) => `${year}年度国有资本经营预算支出情况表`,
    titlePattern: /国有资本经营预算支出情况表$/,
  },
  {
    key: 'socialInsurance',
    part: '附件6',
    fund: '社会保险基金预算',
    title: (year: number) => `${year}年度社会保险基金预算支出情况表`,
    titlePattern: /社会保险基金预算支出情况表$/,
  },
] as const satisfies readonly OtherFundSpec[];

export const OTHER_FUND_COLUMNS = [
  { key: 'name', label: '项目', aliases: ['项目名称', '科目'], kind: 'text' },
  { key: 'budget', label: '预算数（万元）', aliases: ['预算数', '预算'], kind: 'amount' },
  { key: 'actual', label: '决算数（万元）', aliases: ['决算数', '决算', '支出数', '执行数', '实际支出数'], kind: 'amount' },
] as const satisfies readonly FieldSpec<'name' | 'budget' | 'actual'>[];

/** The column headings head every page the table runs onto. */
export const OTHER_FUND_REPEATED = { top: ['columns'], within: [] } satisfies RepeatedRows<'columns'>;

/** The total row printed under the lines (computed, never stored). */
export const OTHER_FUND_TOTAL = { label: '合计', aliases: ['总计'] } as const;

/** The single row a unit without such spending prints. */
export const OTHER_FUND_NONE = '无';
