/**
 * 附件1 预算单位整体支出绩效评价基础数据表. The 经费控制情况 block is a list of year-column rows
 * (上年决算 / 本年预算 / 本年决算), each declared once below with the labels real forms print for it.
 * A unit's form has the rows it has: rows it leaves out are absent from the package, never zeros; the
 * parts of 项目支出 are whichever of 业务工作经费, 运行维护经费, 本级 / 区级 / 县级 / 市级 / 省级专项资金
 * and 上级转移支付 it lists, each with its own lines. See docs/domain.md, "附件1".
 */
import type { FieldSpec, RepeatedRows } from './types.js';

/** How lines listed under a row relate to it. */
export interface LinesSpec {
  /** 'equal': the lines add up to the row (one 专项 a line); 'atMost': a partial "其中" breakdown */
  readonly relation: 'equal' | 'atMost';
  /** the rule that checks the relation */
  readonly rule: string;
  /** the first line printed with "其中：" (a breakdown) or every line plain */
  readonly prefix: 'none' | 'ofWhich';
  /** each line is one project: 附件3 tables and the report's project list name them */
  readonly projects: boolean;
  /** one line, as the editor names it */
  readonly noun: string;
}

export interface YearRowSpec {
  readonly id: string;
  /** the row's name in messages, the editor and field labels */
  readonly label: string;
  /** the printed label without its numbering, where it says more than `label` */
  readonly formText?: string;
  /** other labels real forms print for the row (numbering, "其中：", spaces, brackets and widths are ignored anyway) */
  readonly aliases: readonly string[];
  /** the row this one is a part of */
  readonly parent?: string;
  /** printed with its number among the parent's present parts ("2、"), or "其中：" when first of a breakdown */
  readonly prefix?: 'number' | 'ofWhich';
  /** the present child rows add up to this row (each column in which a child is filled in: blank parts are not zeros) */
  readonly parts?: { readonly rule: string; readonly description: string };
  readonly lines?: LinesSpec;
  /** names of the derived rates shown beside the row: 本年决算 / 本年预算, and the change on 上年决算 */
  readonly rates?: { readonly control?: string; readonly change?: string };
  /** 本年决算 should not exceed 本年预算 */
  readonly controlled?: boolean;
  /** in every new package; other rows are added where a unit's form has them */
  readonly standard: boolean;
  /** how report prose names the row: a keyword to look for, the pattern of the name, and the name a draft writes */
  readonly prose?: { readonly keyword: string; readonly pattern: string; readonly name: string };
}

const SPECIAL = <I extends string>(id: I, level: string, standard: boolean) =>
  ({
    id,
    label: `${level}专项资金`,
    formText: `${level}专项资金（一个专项一行）`,
    aliases: [`${level}专项`],
    parent: 'projectSpending',
    prefix: 'number' as const,
    lines: { relation: 'equal', rule: 'a1.lines-sum', prefix: 'none', projects: true, noun: '专项' } as const,
    standard,
  }) satisfies YearRowSpec;

/** The rows of 经费控制情况, in the order forms print them. */
export const YEAR_ROWS = [
  {
    id: 'threePublic',
    label: '三公经费',
    aliases: ['三公经费合计', '三公经费支出', '“三公”经费'],
    parts: {
      rule: 'a1.three-public-sum',
      description: '三公经费 = 公务用车购置和维护经费 + 出国经费 + 公务接待（各列，组成部分已填时）',
    },
    rates: { control: '三公经费控制率', change: '三公经费变动率' },
    controlled: true,
    standard: true,
    prose: { keyword: '三公经费', pattern: '三公经费', name: '三公经费' },
  },
  {
    id: 'vehicle',
    label: '公务用车购置和维护经费',
    aliases: ['公务用车购置及运行维护费', '公务用车购置及运行费', '公务用车购置和运行维护费', '公务用车购置和维护费'],
    parent: 'threePublic',
    prefix: 'number',
    parts: {
      rule: 'a1.vehicle-sum',
      description: '公务用车购置和维护经费 = 公车购置 + 公车运行维护（各列，明细已填时）',
    },
    rates: { control: '公务用车购置和维护经费控制率', change: '公务用车购置和维护经费变动率' },
    controlled: true,
    standard: true,
    prose: { keyword: '公务用车', pattern: '公务用车购置和维护经?费', name: '公务用车购置和维护经费' },
  },
  {
    id: 'vehiclePurchase',
    label: '公车购置',
    aliases: ['公务用车购置', '公务用车购置费', '公车购置费'],
    parent: 'vehicle',
    prefix: 'ofWhich',
    rates: { control: '公车购置控制率', change: '公车购置变动率' },
    standard: true,
    prose: { keyword: '公务用车', pattern: '公务用车购置费', name: '公务用车购置费' },
  },
  {
    id: 'vehicleOperation',
    label: '公车运行维护',
    aliases: ['公务用车运行维护', '公务用车运行维护费', '公车运行维护费'],
    parent: 'vehicle',
    prefix: 'ofWhich',
    rates: { control: '公车运行维护控制率', change: '公车运行维护变动率' },
    standard: true,
    prose: { keyword: '公务用车', pattern: '公务用车运行维护费', name: '公务用车运行维护费' },
  },
  {
    id: 'overseas',
    label: '出国经费',
    aliases: ['因公出国(境)经费', '因公出国(境)费', '因公出国(境)费用', '出国(境)经费'],
    parent: 'threePublic',
    prefix: 'number',
    rates: { control: '出国经费控制率', change: '出国经费变动率' },
    controlled: true,
    standard: true,
    prose: { keyword: '出国', pattern: '(?:因公)?出国(?:（境）|\\(境\\))?经?费', name: '出国经费' },
  },
  {
    id: 'reception',
    label: '公务接待',
    aliases: ['公务接待费'],
    parent: 'threePublic',
    prefix: 'number',
    rates: { control: '公务接待控制率', change: '公务接待变动率' },
    controlled: true,
    standard: true,
    prose: { keyword: '公务接待', pattern: '公务接待费?', name: '公务接待费' },
  },
  {
    id: 'projectSpending',
    label: '项目支出',
    formText: '项目支出：',
    aliases: ['项目支出合计'],
    parts: {
      rule: 'a1.project-sum',
      description: '项目支出 = 所列各部分（业务工作经费、运行维护经费、各级专项资金、上级转移支付）之和（各列，组成部分已填时）',
    },
    standard: true,
  },
  {
    id: 'business',
    label: '业务工作经费',
    aliases: ['业务工作费'],
    parent: 'projectSpending',
    prefix: 'number',
    lines: { relation: 'equal', rule: 'a1.lines-sum', prefix: 'none', projects: false, noun: '行' },
    standard: true,
  },
  {
    id: 'operation',
    label: '运行维护经费',
    aliases: ['运行维护费'],
    parent: 'projectSpending',
    prefix: 'number',
    lines: { relation: 'equal', rule: 'a1.lines-sum', prefix: 'none', projects: false, noun: '行' },
    standard: true,
  },
  SPECIAL('localSpecial', '本级', true),
  SPECIAL('districtSpecial', '区级', false),
  SPECIAL('countySpecial', '县级', false),
  SPECIAL('citySpecial', '市级', false),
  SPECIAL('provinceSpecial', '省级', false),
  {
    id: 'transfer',
    label: '上级转移支付',
    formText: '上级转移支付（一个专项一行）',
    aliases: ['上级转移支付资金', '上级补助资金'],
    parent: 'projectSpending',
    prefix: 'number',
    lines: { relation: 'equal', rule: 'a1.lines-sum', prefix: 'none', projects: true, noun: '专项' },
    standard: false,
  },
  {
    id: 'publicFunds',
    label: '公用经费',
    formText: '公用经费：',
    aliases: ['公用经费合计', '公用经费支出'],
    lines: { relation: 'atMost', rule: 'a1.public-funds-breakdown', prefix: 'ofWhich', projects: false, noun: '行' },
    rates: { control: '公用经费控制率' },
    controlled: true,
    standard: true,
  },
  {
    id: 'procurement',
    label: '政府采购金额',
    aliases: ['政府采购', '政府采购支出'],
    rates: { control: '政府采购执行率' },
    standard: true,
  },
  {
    id: 'basicBudgetAdjustment',
    label: '部门基本支出预算调整',
    aliases: ['基本支出预算调整'],
    standard: true,
  },
] as const satisfies readonly YearRowSpec[];

export type YearRowId = (typeof YEAR_ROWS)[number]['id'];

/** Rows that may list lines under them. */
export type LinesRowId = Extract<(typeof YEAR_ROWS)[number], { lines: LinesSpec }>['id'];

/** The three year-columns, named for year `year` as the form prints them. */
export const YEAR_COLUMNS = [
  { key: 'prior', label: '上年决算数', aliases: ['上年决算'], kind: 'amount', heading: (year: number) => `${year - 1}年决算数` },
  { key: 'budget', label: '本年预算数', aliases: ['本年预算'], kind: 'amount', heading: (year: number) => `${year}年预算数` },
  { key: 'actual', label: '本年决算数', aliases: ['本年决算'], kind: 'amount', heading: (year: number) => `${year}年决算数` },
] as const satisfies readonly (FieldSpec<'prior' | 'budget' | 'actual'> & { heading: (year: number) => string })[];

/** 财政供养人员情况: 编制数, 实际在职人数 and the printed 控制率. */
export const STAFFING = {
  label: '财政供养人员情况',
  aliases: ['财政供养人员情况(人)', '人员情况'],
  fields: [
    { key: 'authorized', label: '编制数', aliases: ['人员编制', '编制人数', '核定编制数'], kind: 'count' },
    { key: 'actual', label: '实际在职人数', aliases: ['实有人数', '在职人数', '实际在职人员', '实有在职人数'], kind: 'count' },
    { key: 'controlRate', label: '控制率', aliases: ['在职人员控制率', '财政供养人员控制率'], kind: 'rate' },
  ],
  actualHeading: (year: number) => `${year}年实际在职人数`,
  rateName: '在职人员控制率',
} as const;

/** 楼堂馆所控制情况 of the year's completed projects. */
export const BUILDINGS = {
  label: '楼堂馆所控制情况',
  aliases: ['楼堂馆所'],
  heading: (year: number) => `楼堂馆所控制情况（${year}年完工项目）`,
  fields: [
    { key: 'approvedArea', label: '批复规模（㎡）', aliases: ['批复规模'], kind: 'area' },
    { key: 'actualArea', label: '实际规模（㎡）', aliases: ['实际规模', '实际规'], kind: 'area' },
    { key: 'scaleControlRate', label: '规模控制率', aliases: ['规模控制'], kind: 'rate' },
    { key: 'budgetInvestment', label: '预算投资（万元）', aliases: ['预算投资'], kind: 'amount' },
    { key: 'actualInvestment', label: '实际投资（万元）', aliases: ['实际投资'], kind: 'amount' },
    { key: 'investmentControlRate', label: '投资概算控制率', aliases: ['投资概算控制'], kind: 'rate' },
  ],
} as const;

/** Everything else the 附件1 form prints. */
export const BASIC_DATA_FORM = {
  part: '附件1',
  name: '预算单位整体支出绩效评价基础数据表',
  title: (year: number) => `${year}年度预算单位整体支出绩效评价基础数据表`,
  /** a line ending so is this form's title, whatever comes before it */
  titlePattern: /(?:整体支出绩效评价)?基础数据表$/,
  unitName: { label: '预算单位名称', aliases: ['单位名称', '预算单位'] },
  yearBlock: { label: '经费控制情况(万元)', aliases: ['经费控制情况'] },
  frugality: { label: '厉行节约保障措施', aliases: ['厉行节约措施'] },
  /**
   * Whose table it is on every page: the unit's name and 财政供养人员情况 beneath it. A continuation
   * page of the 经费控制情况 rows needs the year-column headings above its figures, and no other page
   * does: 楼堂馆所 has columns of its own.
   */
  repeated: { top: ['unitName', 'staffing'], within: ['yearBlock'] } satisfies RepeatedRows<'unitName' | 'staffing' | 'yearBlock'>,
  /** explanations printed under the table by the template itself */
  boilerplate: [/^说明[:：]/],
  rows: YEAR_ROWS,
  columns: YEAR_COLUMNS,
  staffing: STAFFING,
  buildings: BUILDINGS,
} as const;

/**
 * What code that walks 附件1's rows needs of the form. The shells take it as a parameter (defaulting to
 * BASIC_DATA_FORM), so that a form with another row reaches the schema, the checks, the importer, the
 * documents and the editor alike.
 */
export interface BasicDataFormSpec {
  readonly rows: readonly YearRowSpec[];
}

const ROWS_BY_ID: ReadonlyMap<string, YearRowSpec> = new Map(YEAR_ROWS.map((row) => [row.id, row]));

export function yearRowSpec(id: YearRowId): YearRowSpec {
  return ROWS_BY_ID.get(id) as YearRowSpec;
}
