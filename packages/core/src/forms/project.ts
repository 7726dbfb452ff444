/**
 * 附件3 项目支出绩效自评表: what a project table holds, and the layouts units really publish it in.
 * Every layout is the national form of 财预〔2020〕10号 with its own headings, column order, 资金来源
 * rows and closing rows; a package names its layout (`layout.project`) and the documents, the editor
 * and the importer follow it. docs/domain.md, "附件3 layouts", says where each was seen.
 */
import type { FundsColumnKey, IndicatorColumnKey, LayoutColumn } from './evaluation.js';
import type { RepeatedRows } from './types.js';

/** Where a project's money came from: the rows under 年度资金总额. */
export type FundSourceKind = 'fiscal' | 'transfer' | 'central' | 'local' | 'carryOver' | 'specialAccount' | 'unitFunds' | 'other';

export const FUND_SOURCES: readonly { kind: FundSourceKind; label: string; aliases: readonly string[] }[] = [
  { kind: 'fiscal', label: '当年财政拨款', aliases: ['本年财政拨款', '财政资金', '财政拨款', '当年财政资金', '一般预算内拨款'] },
  { kind: 'transfer', label: '上级补助资金', aliases: ['中央、省、市补助县级资金', '上级补助', '上级转移支付资金'] },
  { kind: 'central', label: '中央补助', aliases: ['中央资金', '中央补助资金', '中央财政资金'] },
  { kind: 'local', label: '地方资金', aliases: ['地方配套资金', '市县资金', '地方财政资金'] },
  { kind: 'carryOver', label: '上年结转资金', aliases: ['上年结转', '上年结转结余资金', '上年结余结转'] },
  { kind: 'specialAccount', label: '财政专户管理资金', aliases: ['专户资金', '财政专户资金'] },
  { kind: 'unitFunds', label: '单位资金', aliases: ['单位自有资金', '自有资金'] },
  { kind: 'other', label: '其他资金', aliases: ['其他'] },
];

export interface ProjectLayout {
  readonly id: string;
  /** what the layout is, for users choosing one */
  readonly name: string;
  /** the table's title for a year */
  readonly title: (year: number) => string;
  /** the top rows: the headings of the project's name, 主管部门, 实施单位, and 项目负责人 where printed */
  readonly header: {
    readonly name: string;
    readonly manager: string | null;
    readonly department: string;
    readonly implementer: string;
    /** further labelled cells of the top rows, kept as remarks (中央主管部门 …) */
    readonly extra: readonly string[];
  };
  /** amounts are printed in 万元 or in 元 (the package always holds 万元) */
  readonly amountUnit: '万元' | '元';
  /** the 执行率 分值 where the layout prints it in a heading rather than in a column ("(20分)") */
  readonly executionWeight: string | null;
  readonly funds: {
    readonly block: string;
    readonly columns: readonly LayoutColumn<FundsColumnKey>[];
    readonly total: string;
    /** the 资金来源 rows, in order; the first is printed with "其中：" */
    readonly sources: readonly { readonly kind: FundSourceKind; readonly heading: string }[];
  };
  readonly goals: { readonly block: string; readonly expected: string; readonly actual: string };
  readonly indicators: { readonly block: string; readonly columns: readonly LayoutColumn<IndicatorColumnKey>[] };
  /** the 总分 row's label; null where the layout has no scores */
  readonly total: string | null;
  /** labelled text rows under the table (评价结论, 说明 …), in order */
  readonly remarks: readonly string[];
}

const col = <K extends string>(key: K, heading: string): LayoutColumn<K> => ({ key, heading });

const NATIONAL_FUNDS = [
  col('initialBudget', '年初预算数'),
  col('fullYearBudget', '全年预算数'),
  col('executed', '全年执行数'),
  col('weight', '分值'),
  col('executionRate', '执行率'),
  col('score', '得分'),
] as const;

const NATIONAL_INDICATORS = [
  col('level1', '一级指标'),
  col('level2', '二级指标'),
  col('name', '三级指标'),
  col('target', '年度指标值'),
  col('actual', '实际完成值'),
  col('weight', '分值'),
  col('score', '得分'),
  col('deviation', '偏差原因分析及改进措施'),
] as const;

const NATIONAL_SOURCES = [
  { kind: 'fiscal', heading: '当年财政拨款' },
  { kind: 'carryOver', heading: '上年结转资金' },
  { kind: 'other', heading: '其他资金' },
] as const;

/** The national form of 财预〔2020〕10号 附件, as most provinces publish it. */
const NATIONAL: ProjectLayout = {
  id: 'national',
  name: '全国通用（财预〔2020〕10号）',
  title: (year) => `项目支出绩效自评表（${year}年度）`,
  header: { name: '项目名称', manager: null, department: '主管部门', implementer: '实施单位', extra: [] },
  amountUnit: '万元',
  executionWeight: null,
  funds: { block: '项目资金（万元）', columns: NATIONAL_FUNDS, total: '年度资金总额', sources: NATIONAL_SOURCES },
  goals: { block: '年度总体目标', expected: '预期目标', actual: '实际完成情况' },
  indicators: { block: '绩效指标', columns: NATIONAL_INDICATORS },
  total: '总分',
  remarks: [],
};

export const PROJECT_LAYOUTS = [
  NATIONAL,
  {
    ...NATIONAL,
    id: 'hunan',
    name: '湖南整体支出绩效自评附件3（项目支出名称、自评得分）',
    title: (year) => `${year}年度项目支出绩效自评表`,
    header: { ...NATIONAL.header, name: '项目支出名称' },
    funds: { ...NATIONAL.funds, columns: NATIONAL_FUNDS.map((c) => (c.key === 'score' ? col('score', '自评得分') : c)) },
    indicators: { ...NATIONAL.indicators, columns: NATIONAL_INDICATORS.map((c) => (c.key === 'score' ? col('score', '自评得分') : c)) },
  },
  {
    ...NATIONAL,
    id: 'yuan',
    name: '全国通用，金额单位元（上海、云南公开表等）',
    title: (year) => `财政项目支出绩效自评表（${year}年度）`,
    amountUnit: '元',
    funds: { ...NATIONAL.funds, block: '项目资金（元）' },
  },
  {
    ...NATIONAL,
    id: 'score-first',
    name: '绩效目标自评表（分值在指标值前，四川等）',
    title: (year) => `绩效目标自评表（${year}年度）`,
    header: { ...NATIONAL.header, manager: '项目负责人及电话' },
    funds: {
      block: '资金情况（万元）',
      columns: [
        col('fullYearBudget', '全年预算数（A）'),
        col('executed', '全年执行数（B）'),
        col('weight', '分值'),
        col('executionRate', '执行率（B/A）'),
        col('score', '得分'),
      ],
      total: '年度资金总额',
      sources: [
        { kind: 'fiscal', heading: '本年财政拨款' },
        { kind: 'other', heading: '其他资金' },
      ],
    },
    goals: { block: '年度总体目标', expected: '年初设定目标', actual: '年度总体目标完成情况综述' },
    indicators: {
      block: '绩效指标',
      columns: [
        col('level1', '一级指标'),
        col('level2', '二级指标'),
        col('name', '三级指标'),
        col('weight', '分值'),
        col('target', '年度指标值'),
        col('actual', '全年实际值'),
        col('score', '得分'),
        col('deviation', '未完成原因及拟采取的改进措施'),
      ],
    },
  },
  {
    ...NATIONAL,
    id: 'sichuan',
    name: '部门预算项目支出绩效自评表（四川预算管理一体化）',
    title: (year) => `部门预算项目支出绩效自评表（${year}年度）`,
    header: { ...NATIONAL.header, implementer: '实施单位（盖章）' },
    funds: {
      block: '预算执行情况（10分）',
      columns: [
        col('initialBudget', '年初预算'),
        col('fullYearBudget', '调整后预算数'),
        col('executed', '预算执行数'),
        col('executionRate', '预算执行率'),
        col('weight', '权重'),
        col('score', '得分'),
      ],
      total: '总额',
      sources: [
        { kind: 'fiscal', heading: '财政资金' },
        { kind: 'specialAccount', heading: '财政专户管理资金' },
        { kind: 'unitFunds', heading: '单位资金' },
        { kind: 'other', heading: '其他资金' },
      ],
    },
    goals: { block: '项目基本情况', expected: '项目年度目标', actual: '年度目标完成情况' },
    indicators: {
      block: '绩效指标（90分）',
      columns: [
        col('level1', '一级指标'),
        col('level2', '二级指标'),
        col('name', '三级指标'),
        col('sign', '指标性质'),
        col('target', '指标值'),
        col('unit', '度量单位'),
        col('actual', '完成值'),
        col('weight', '权重'),
        col('score', '得分'),
        col('deviation', '未完成原因分析'),
      ],
    },
    total: '合计',
    remarks: ['项目实施内容及过程概述', '原因', '评价结论', '存在问题', '改进措施', '项目负责人', '财务负责人'],
  },
  {
    ...NATIONAL,
    id: 'county-special',
    name: '县级专项资金绩效目标自评表（不计分，湖南县级）',
    title: (year) => `${year}年度县级专项资金绩效目标自评表`,
    header: { name: '专项资金名称', manager: '负责人及电话', department: '县级主管部门', implementer: '实施单位', extra: [] },
    funds: {
      block: '项目资金（万元）',
      columns: [col('fullYearBudget', '全年预算数（A）'), col('executed', '全年执行数（B）'), col('executionRate', '执行率（B/A）')],
      total: '年度资金总额',
      sources: [
        { kind: 'transfer', heading: '中央、省、市补助县级资金' },
        { kind: 'other', heading: '其他资金' },
      ],
    },
    goals: { block: '年度总体目标', expected: '年初设定目标', actual: '全年实际完成情况' },
    indicators: {
      block: '绩效指标',
      columns: [
        col('level1', '一级指标'),
        col('level2', '二级指标'),
        col('name', '三级指标'),
        col('target', '年度指标值'),
        col('actual', '全年完成值'),
        col('deviation', '未完成原因和改进措施'),
      ],
    },
    total: null,
    remarks: ['说明'],
  },
  {
    ...NATIONAL,
    id: 'transfer',
    name: '转移支付绩效目标自评表（不计分，中央对地方）',
    title: (year) => `转移支付绩效目标自评表（${year}年度）`,
    header: {
      name: '转移支付（项目）名称',
      manager: null,
      department: '地方主管部门',
      implementer: '资金使用单位',
      extra: ['中央主管部门'],
    },
    funds: {
      block: '项目资金（万元）',
      columns: [col('fullYearBudget', '全年预算数（A）'), col('executed', '全年执行数（B）'), col('executionRate', '预算执行率（B/A）')],
      total: '年度资金总额',
      sources: [
        { kind: 'central', heading: '中央补助' },
        { kind: 'local', heading: '地方资金' },
        { kind: 'other', heading: '其他资金' },
      ],
    },
    goals: { block: '总体目标完成情况', expected: '总体目标', actual: '全年实际完成情况' },
    indicators: {
      block: '绩效指标',
      columns: [
        col('level1', '一级指标'),
        col('level2', '二级指标'),
        col('name', '三级指标'),
        col('target', '指标值'),
        col('actual', '全年实际完成值'),
        col('deviation', '未完成原因和改进措施'),
      ],
    },
    total: null,
    remarks: ['说明'],
  },
  {
    ...NATIONAL,
    id: 'baoshan',
    name: '项目支出绩效自评表（执行率20分、指标80分，云南保山、湖北等）',
    title: (year) => `${year}年度项目支出绩效自评表`,
    header: { name: '项目名称', manager: null, department: '主管部门', implementer: '项目实施单位', extra: ['项目类别', '项目属性'] },
    executionWeight: '20',
    funds: {
      block: '预算执行情况（万元）（20分）',
      columns: [
        col('fullYearBudget', '预算数（A）'),
        col('executed', '执行数（B）'),
        col('executionRate', '执行率（B/A）'),
        col('score', '得分（20分*执行率）'),
      ],
      total: '年度财政资金总额',
      sources: [],
    },
    goals: { block: '年度总体目标', expected: '预期目标', actual: '实际完成情况' },
    indicators: {
      block: '年度绩效目标（80分）',
      columns: [
        col('level1', '一级指标'),
        col('level2', '二级指标'),
        col('name', '三级指标'),
        col('target', '年初目标值（A）'),
        col('actual', '实际完成值（B）'),
        col('score', '得分'),
      ],
    },
    total: null,
    remarks: [],
  },
] as const satisfies readonly ProjectLayout[];

export type ProjectLayoutId = (typeof PROJECT_LAYOUTS)[number]['id'];

export const DEFAULT_PROJECT_LAYOUT: ProjectLayoutId = 'national';

export function projectLayout(id: string): ProjectLayout {
  return (PROJECT_LAYOUTS as readonly ProjectLayout[]).find((layout) => layout.id === id) ?? NATIONAL;
}

/** The header field where some forms (银川) print the project's total score. */
const HEADER_SCORE = '自评得分';

/** Everything the 附件3 form prints besides a layout's own headings. */
export const PROJECT_FORM = {
  part: '附件3',
  name: '项目支出绩效自评表',
  /**
   * a line ending so is a project table's title: 项目支出绩效自评表, 部门预算项目支出绩效自评表, 绩效目标自评表,
   * 项目绩效目标自评表, "XX项目绩效自评表", "XX专项资金绩效自评表", "XX经费绩效自评表"
   */
  titlePattern: /(?:项目支出绩效自评表|绩效目标自评表?|(?:项目|资金|经费)(?:支出)?绩效自评表|项目支出绩效评价表)$/,
  name_: { label: '项目支出名称', aliases: ['项目名称', '专项资金名称', '专项名称', '转移支付(项目)名称', '转移支付名称'] },
  department: { label: '主管部门', aliases: ['县级主管部门', '地方主管部门', '项目主管部门', '市级主管部门'] },
  implementer: { label: '实施单位', aliases: ['资金使用单位', '项目实施单位', '实施单位(盖章)'] },
  manager: { label: '项目负责人', aliases: ['项目负责人及电话', '负责人及电话', '项目负责人'] },
  fundsBlock: { label: '项目资金（万元）', aliases: ['项目资金', '资金情况', '预算执行情况', '年度预算数'] },
  /** Whose table it is (the header rows) on every page, and the indicator column headings over continued indicator rows. */
  repeated: { top: ['header'], within: ['indicators'] } satisfies RepeatedRows<'header' | 'indicators'>,
  /** closing rows and notes any layout may print; kept as remarks */
  remarkLabels: [
    '评价结论',
    '存在问题',
    '改进措施',
    '说明',
    '其他需要说明事项',
    '项目实施内容及过程概述',
    '原因',
    '财务负责人',
    '中央主管部门',
    // 湖北's 20-point form
    '偏差大或目标未完成原因分析',
    '改进措施及结果应用方案',
  ],
  /**
   * labelled cells beside the project's own fields, kept as remarks wherever they stand; a 自评得分 printed
   * there (银川, headerScore) is no 总分 row: it does not show the table complete
   */
  extraLabels: ['财务负责人', '中央主管部门', '项目类别', '项目属性', '项目类型', HEADER_SCORE, '财政审核评分'],
  /** The remark that is the table's total as the unit states it in the header: checked against what its rows allow. */
  headerScore: HEADER_SCORE,
  /**
   * Labelled fields printed between the title and the table, often on the title's own line
   * ("单位名称：… 填报日期：2023年3月20日", "自评年度：2022", "金额单位：元"): the unit, the evaluated
   * year where the title does not name it (or, less surely, the year before 填报日期), the 填报日期 of
   * the signature, the unit of the amounts.
   */
  preamble: [
    { key: 'unit', label: '单位名称', aliases: ['填报单位', '预算单位', '部门名称', '部门', '单位(盖章)', '单位'] },
    { key: 'year', label: '自评年度', aliases: ['评价年度', '预算年度', '年度'] },
    { key: 'date', label: '填报日期', aliases: ['填表日期', '报送日期', '日期'] },
    // "单位：万元" is read as a 金额单位 by its value
    { key: 'amountUnit', label: '金额单位', aliases: [] },
  ],
  /**
   * What tables print around a unit's name, which is not the name: a budget code before it
   * ("219001-池州市…"), the 四川 platform's "本级" / "部门" after a 主管部门 ("青神县发展和改革局本级").
   */
  unitNameAffixes: [/^\d+\s*[-－—]\s*/, /(?<=.{4})(?:本级|部门)$/],
  /** an 实施单位 that is a division of its 主管部门 (a 股, 科 or 组: "粮食调控储备与产业发展股"), not a unit of its own */
  internalDivision: /[股科组]$/,
  /** explanations the templates print under the table, and form numbers beside it (云南 "公开14表") */
  boilerplate: [/^注[:：]/, /^报表编号[:：]/, /^说明[:：]/, /^公开\d+表$/],
} as const;

export type PreambleKey = (typeof PROJECT_FORM.preamble)[number]['key'];
