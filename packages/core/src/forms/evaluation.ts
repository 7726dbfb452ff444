/**
 * The columns and rows 附件2 (整体支出绩效自评表) and 附件3 (项目支出绩效自评表) share: the 年度资金
 * block, 年度总体目标 and the indicator table. Labels are the national ones (财预〔2020〕10号); the
 * aliases are what provincial forms print instead. See docs/domain.md, "附件2 and 附件3".
 */
import type { FieldSpec, Formula } from './types.js';

export type FundsColumnKey = 'initialBudget' | 'fullYearBudget' | 'executed' | 'weight' | 'executionRate' | 'score';

export interface FundsColumnSpec extends FieldSpec<FundsColumnKey> {
  /** the spreadsheet formula of a derived column; `cap` is the template's 执行率 cap (1 = 100%) */
  readonly formula?: (ref: (key: string) => string, cap: string) => string;
}

/** 年度资金 columns, in the national order. */
export const FUNDS_COLUMNS = [
  { key: 'initialBudget', label: '年初预算数', aliases: ['年初预算', '年初预算数(万元)', '年初数', '年初预算资金总额'], kind: 'amount' },
  {
    key: 'fullYearBudget',
    label: '全年预算数',
    aliases: ['全年预算', '调整后预算数', '调整后预算', '调整预算数', '全年预算数(A)', '预算数'],
    kind: 'amount',
  },
  {
    key: 'executed',
    label: '全年执行数',
    aliases: ['全年执行', '预算执行数', '执行数', '全年执行数(B)', '实际执行数', '实际支出数', '实际投入资金额'],
    kind: 'amount',
  },
  { key: 'weight', label: '分值', aliases: ['权重', '执行率权重'], kind: 'score' },
  {
    key: 'executionRate',
    label: '执行率',
    aliases: ['预算执行率', '执行率(B/A)'],
    kind: 'rate',
    formula: (ref) => `IF(N(${ref('fullYearBudget')})=0,"",ROUND(N(${ref('executed')})/${ref('fullYearBudget')},4))`,
  },
  {
    key: 'score',
    label: '得分',
    aliases: ['自评得分', '执行率得分'],
    kind: 'score',
    formula: (ref, cap) =>
      `IF(N(${ref('fullYearBudget')})=0,"",ROUND(MIN(N(${ref('executed')})/${ref('fullYearBudget')},${cap})*N(${ref('weight')}),2))`,
  },
] as const satisfies readonly FundsColumnSpec[];

/** The spreadsheet formula of a derived 年度资金 column (执行率, 得分). */
export function fundsFormula(key: 'executionRate' | 'score', ref: (key: string) => string, cap: string): string {
  const column: FundsColumnSpec | undefined = FUNDS_COLUMNS.find((c) => c.key === key);
  return column?.formula?.(ref, cap) ?? '';
}

/** The national label of a 年度资金 column ("全年执行数"). */
export function fundsLabel(key: FundsColumnKey): string {
  return FUNDS_COLUMNS.find((c) => c.key === key)?.label ?? key;
}

/** The national label of an indicator column ("偏差原因分析及改进措施"). */
export function indicatorLabel(key: IndicatorColumnKey): string {
  return INDICATOR_COLUMNS.find((c) => c.key === key)?.label ?? key;
}

/** The 年度资金总额 row. */
export const FUNDS_TOTAL = { label: '年度资金总额', aliases: ['资金总额', '总额', '年度资金'] } as const;

export type IndicatorColumnKey = 'level1' | 'level2' | 'name' | 'sign' | 'target' | 'unit' | 'actual' | 'weight' | 'score' | 'deviation';

/**
 * The indicator table's columns. `sign` and `unit` are columns only some layouts have (指标性质,
 * 度量单位); elsewhere they are written inside 年度指标值 ("≥95%").
 */
export const INDICATOR_COLUMNS = [
  { key: 'level1', label: '一级指标', aliases: ['分解目标'], kind: 'text' },
  { key: 'level2', label: '二级指标', aliases: [], kind: 'text' },
  { key: 'name', label: '三级指标', aliases: ['指标名称'], kind: 'text' },
  { key: 'sign', label: '指标性质', aliases: ['指标方向'], kind: 'text' },
  { key: 'target', label: '年度指标值', aliases: ['指标值', '年度目标值', '目标值', '年度指标', '年初指标值'], kind: 'text' },
  { key: 'unit', label: '度量单位', aliases: ['计量单位'], kind: 'text' },
  { key: 'actual', label: '实际完成值', aliases: ['全年实际值', '全年完成值', '完成值', '实际值', '实际完成'], kind: 'text' },
  { key: 'weight', label: '分值', aliases: ['权重', '参考分值', '指标权重'], kind: 'score' },
  { key: 'score', label: '得分', aliases: ['自评得分', '指标得分'], kind: 'score' },
  {
    key: 'deviation',
    label: '偏差原因分析及改进措施',
    aliases: [
      '未完成原因及拟采取的改进措施',
      '未完成原因分析',
      '未完成原因和改进措施',
      '偏差原因分析',
      '偏差及原因分析',
      '产生差异的原因及改进措施',
      '偏差原因',
      '未完成原因',
      '扣分原因和其他说明',
      '扣分原因',
    ],
    kind: 'text',
  },
] as const satisfies readonly FieldSpec<IndicatorColumnKey>[];

/**
 * Indicator columns some platforms print beside the form's (重庆's 一体化 export, 江西's 整体支出表),
 * which the package holds none of: the target as adjusted during the year, which replaces the opening
 * one where filled; 得分系数 (得分 / 分值) and the 一级 weight printed beside its name (Σ of its 分值),
 * both derived; and whether the indicator is a 核心指标, a platform flag. The importer reads them by
 * these headings, so that no such column is taken for another or reported as unread.
 */
export const PLATFORM_INDICATOR_COLUMNS = [
  { key: 'adjustedTarget', label: '调整指标值', aliases: ['调整后指标值', '全年调整指标值'] },
  { key: 'coefficient', label: '得分系数', aliases: [] },
  { key: 'core', label: '是否核心指标', aliases: [] },
  { key: 'level1Weight', label: '自评权重', aliases: [] },
] as const;

export type PlatformIndicatorKey = (typeof PLATFORM_INDICATOR_COLUMNS)[number]['key'];

/**
 * The indicator line that scores the 执行率 on forms that print no 分值 in the 年度资金 block (银川:
 * 项目管理 → 投入管理 → 预算执行率): that line is the 执行率's 分值 and 得分. Named exactly: a bare
 * "执行率" is also 政府采购管理's.
 */
export const EXECUTION_INDICATOR = { label: '预算执行率', aliases: [] } as const;

export const GOALS = {
  label: '年度总体目标',
  aliases: ['年度目标', '总体目标', '年度绩效目标'],
  expected: { label: '预期目标', aliases: ['年初设定目标', '项目年度目标', '年度目标', '总体目标', '年初绩效目标'] },
  actual: {
    label: '实际完成情况',
    aliases: [
      '全年实际完成情况',
      '年度目标完成情况',
      '年度总体目标完成情况',
      '年度总体目标完成情况综述',
      '全年目标实际完成情况',
      '全年完成情况',
      '目标完成情况',
      '实际完成',
    ],
  },
} as const;

export const INDICATORS_BLOCK = { label: '绩效指标', aliases: [] as readonly string[] } as const;

/** The 总分 row; its weight and score are sums (the formulas over the indicator rows are built per table). */
export const TOTAL_ROW = { label: '总分', aliases: ['合计', '总计', '综合得分'] } as const;

/** One column of a table as a layout prints it. */
export interface LayoutColumn<K extends string> {
  readonly key: K;
  /** the heading this layout prints */
  readonly heading: string;
}

export type { Formula };

/** A 自评表 layout (附件2 or 附件3) as far as what it prints goes: its 年度资金 and indicator columns. */
interface PrintedColumns {
  readonly funds: { readonly columns: readonly LayoutColumn<FundsColumnKey>[] };
  readonly goals: { readonly actual: string | null };
  readonly indicators: { readonly columns: readonly LayoutColumn<IndicatorColumnKey>[] };
}

/** Whether a layout scores its indicators (has 分值 and 得分 columns). */
export function isScored(layout: Pick<PrintedColumns, 'indicators'>): boolean {
  return layout.indicators.columns.some((c) => c.key === 'weight') && layout.indicators.columns.some((c) => c.key === 'score');
}

/**
 * What a layout prints, as the rules, the editor and the CLI ask it: a form asked only what it prints
 * (重庆's 目标自评表 has no 得分, no 全年预算数 and no 一级/二级) is never faulted for the rest.
 */
export function layoutPrints(layout: PrintedColumns): { scores: boolean; total: boolean; rate: boolean; tree: boolean; achieved: boolean } {
  const funds = layout.funds.columns.map((c) => c.key);
  return {
    scores: isScored(layout),
    /** a 得分 column, with or without 分值 (湖北's and 保山's 20-point forms): the scores add up to a 总分 the table may state */
    total: layout.indicators.columns.some((c) => c.key === 'score'),
    /** 全年预算数 and 全年执行数: the 执行率 is the table's to state */
    rate: funds.includes('fullYearBudget') && funds.includes('executed'),
    /** the 一级 / 二级 columns */
    tree: layout.indicators.columns.some((c) => c.key === 'level1'),
    /** the goals' 实际完成情况 beside the 预期目标 */
    achieved: layout.goals.actual !== null,
  };
}
