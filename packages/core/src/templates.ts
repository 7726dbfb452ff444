/**
 * Regional and yearly choices as data. A package names its template; every place where sources or
 * regions differ (docs/domain.md §6) reads a field here instead of branching in code.
 * A new region is a new entry in TEMPLATES (usually `{ ...DEFAULT_TEMPLATE, id, name, <changes> }`).
 */
import type { QualitativeLevel } from './model.js';

export type Severity = '错误' | '警告' | '提示';

/** How a reverse (≤ / <) indicator that missed its target is scored. */
export type ReverseFormula =
  /** max(0, 1 − (实际 − 指标) / 指标) × 分值: zero at twice the target */
  | 'linear'
  /** 指标 / 实际 × 分值 */
  | 'ratio';

export interface TotalCap {
  /** 执行率 (as a ratio) at or above which this cap no longer applies */
  rateBelow: string;
  /** highest total allowed */
  maxTotal: string;
}

export interface Template {
  id: string;
  name: string;
  /** 分值 of 预算执行率 */
  executionWeight: string;
  /** The 执行率 score is min(执行率, cap) × 分值; 1 = 100% */
  executionScoreCap: string;
  reverseFormula: ReverseFormula;
  /** An actual at or above this multiple of the target needs a 偏差原因 (target set too low). */
  overTargetRatio: string;
  /**
   * Ends of 三级 names whose 指标值 written without a sign ("100%") is a ceiling, not a floor: rates
   * where less is better (docs/domain.md §3: a 控制率 ≤ 100% is good; 预算调整率 and 结转结余率 measure how
   * far a unit changed its budget or left money unspent, 财预〔2013〕53号's 共性指标). A written sign always wins.
   */
  atMostNames: readonly string[];
  /** Score bands of 定性 indicators as fractions of 分值: [min, max) except the top band, which includes max. */
  qualitativeBands: Record<QualitativeLevel, { min: string; max: string }>;
  /** Grades from the top: the first whose minimum the total reaches. */
  grades: { grade: '优' | '良' | '中' | '差'; min: string }[];
  /** Caps on the total by 执行率, from the lowest band up; empty = off. */
  totalCaps: TotalCap[];
  /** Deduct points from an indicator whose actual deviates from target by at least `ratio`; null = off. */
  deviationDeduction: { ratio: string; points: string } | null;
  /** Indicators marked 不适用 are dropped and the total re-scaled to 100. */
  rescaleInapplicable: boolean;
  /** Fixed 一级 weights of a 附件3 project table (the 执行率 weight comes on top). */
  projectLevel1Weights: Record<string, string>;
  /** The 一级 and 二级 names a table is expected to use (others are reported as 提示). */
  indicatorTree: Record<string, string[]>;
  /** Which 年度资金 column the split by income / by expense must add up to. */
  fundsSplitColumn: 'fullYearBudget' | 'executed';
  /** Allowed difference when comparing two stated amounts (万元). */
  tolerance: string;
  /**
   * A 附件1 row that is the sum of its parts (forms/basic-data.ts: `parts`, lines that add up to the row):
   * 'computed' = the sum, shown as computed and not typed, in every column where all its parts are filled
   * in (elsewhere it is typed, as parts left blank are not zeros); 'typed' = typed and checked against them.
   */
  totals: 'computed' | 'typed';
  /**
   * 得分 of a 定量 indicator: 'computed' = the formula's (the unit may override it with a reason);
   * 'typed' = typed and checked against the formula. 执行率得分 is always the formula's.
   */
  scores: 'computed' | 'typed';
  /** Per-rule severity changes for this region. */
  severityOverrides: Record<string, Severity>;
}

export const DEFAULT_TEMPLATE: Template = {
  id: 'default',
  name: '全国通用（财预〔2020〕10号）',
  executionWeight: '10',
  executionScoreCap: '1',
  reverseFormula: 'linear',
  overTargetRatio: '1.3',
  atMostNames: ['控制率', '预算调整率', '结转结余率'],
  qualitativeBands: {
    达成: { min: '0.8', max: '1' },
    部分达成: { min: '0.6', max: '0.8' },
    未达成: { min: '0', max: '0.6' },
  },
  grades: [
    { grade: '优', min: '90' },
    { grade: '良', min: '80' },
    { grade: '中', min: '60' },
    { grade: '差', min: '0' },
  ],
  totalCaps: [],
  deviationDeduction: null,
  rescaleInapplicable: false,
  projectLevel1Weights: { 产出指标: '50', 效益指标: '30', 满意度指标: '10' },
  indicatorTree: {
    产出指标: ['数量指标', '质量指标', '时效指标', '成本指标'],
    效益指标: ['经济效益指标', '社会效益指标', '生态效益指标', '可持续影响指标'],
    满意度指标: ['服务对象满意度指标'],
    成本指标: ['经济成本指标', '社会成本指标', '生态环境成本指标'],
  },
  fundsSplitColumn: 'executed',
  tolerance: '0',
  totals: 'computed',
  scores: 'computed',
  severityOverrides: {},
};

/**
 * A platform variant (provincial budget-management platforms): total capped by 执行率, 2 points off an
 * indicator deviating ≥ 30% from target, reverse indicators scored 指标/实际, inapplicable indicators re-scaled.
 */
export const PLATFORM_TEMPLATE: Template = {
  ...DEFAULT_TEMPLATE,
  id: 'platform-caps',
  name: '预算管理一体化平台口径（执行率封顶、偏差扣分）',
  reverseFormula: 'ratio',
  totalCaps: [
    { rateBelow: '0.6', maxTotal: '69' },
    { rateBelow: '0.7', maxTotal: '79' },
    { rateBelow: '0.8', maxTotal: '89' },
  ],
  deviationDeduction: { ratio: '0.3', points: '2' },
  rescaleInapplicable: true,
};

/** Where a region keeps 附件1 totals and indicator scores as the unit types them, each checked against the computation. */
export const TYPED_TEMPLATE: Template = {
  ...DEFAULT_TEMPLATE,
  id: 'typed',
  name: '全国通用，合计与得分手填（逐项核对）',
  totals: 'typed',
  scores: 'typed',
};

export const TEMPLATES: Readonly<Record<string, Template>> = {
  [DEFAULT_TEMPLATE.id]: DEFAULT_TEMPLATE,
  [PLATFORM_TEMPLATE.id]: PLATFORM_TEMPLATE,
  [TYPED_TEMPLATE.id]: TYPED_TEMPLATE,
};

export function templateFor(id: string): Template | undefined {
  return TEMPLATES[id];
}
