/**
 * The self-evaluation package (绩效自评包) of one budget unit for one year, as stored and exchanged.
 *
 * Format `jixiao-package`, version 1. Every amount is in 万元 and written as decimal text
 * ("797.20", "4.07", "0") so that no binary float ever touches money; `null` is a blank cell,
 * which is shown empty and counts as 0 in sums. Derived figures (rates, scores, totals) are not
 * stored: the engine computes them. What a source document *printed* for a derived figure is kept
 * under `declared`, so that the checker can compare it with the computed one.
 *
 * The schema in `schema.ts` validates this shape and is the single source of the JSON Schema
 * published in docs/package-format.md.
 */

/** A decimal number as text: optional minus sign, digits, optional fraction ("4.07", "-0.86", "48"). */
export type DecimalText = string;

/** A table cell holding an amount (万元) or other decimal; null = blank cell. */
export type Cell = DecimalText | null;

/** The three year-columns of 附件1: 上年决算数 / 本年预算数 / 本年决算数. */
export interface YearColumns {
  prior: Cell;
  budget: Cell;
  actual: Cell;
}

export interface NamedYearRow extends YearColumns {
  name: string;
}

export const FORMAT_ID = 'jixiao-package' as const;
export const FORMAT_VERSION = 1 as const;

export interface Package {
  format: typeof FORMAT_ID;
  version: typeof FORMAT_VERSION;
  /** Id of the scoring/checking template (region and year choices), see templates.ts. */
  template: string;
  /** The evaluated budget year (预算年度), e.g. 2023. */
  year: number;
  unit: Unit;
  /** 附件1 预算单位整体支出绩效评价基础数据表 */
  basicData: BasicData;
  /** 附件2 预算单位整体支出绩效自评表 */
  overall: OverallEvaluation;
  /** 附件3 项目支出绩效自评表, one per 一级项目 */
  projects: ProjectEvaluation[];
  /** 附件4–6 */
  otherFunds: OtherFunds;
  /** 自评报告 */
  report: Report;
  /** 单位负责人签字 / 填表人 / 联系电话 / 填报日期 under the tables */
  signature: Signature;
}

export interface Unit {
  /** Full official name, e.g. 岳阳市岳阳楼区吕仙亭街道办事处 */
  name: string;
  /** 主管部门 */
  department: string;
}

/** 附件1 */
export interface BasicData {
  /** 预算单位名称 as printed on 附件1 */
  unitName: string;
  /** 财政供养人员情况 */
  staffing: Staffing;
  /** 三公经费 and its breakdown */
  threePublic: ThreePublic;
  /** 项目支出 and its breakdown */
  projectSpending: ProjectSpending;
  /** 公用经费 with its 其中 rows (a partial breakdown) */
  publicFunds: PublicFunds;
  /** 政府采购金额 */
  procurement: YearColumns;
  /** 部门基本支出预算调整 */
  basicBudgetAdjustment: YearColumns;
  /** 楼堂馆所控制情况 (本年完工项目) */
  buildings: Buildings;
  /** 厉行节约保障措施 */
  frugalityMeasures: string;
}

export interface Staffing {
  /** 编制数 */
  authorized: Cell;
  /** 实际在职人数 */
  actual: Cell;
  declared: { controlRate: string | null };
}

export interface ThreePublic {
  total: YearColumns;
  /** 1、公务用车购置和维护经费 */
  vehicle: YearColumns;
  /** 其中：公车购置 */
  vehiclePurchase: YearColumns;
  /** 公车运行维护 */
  vehicleOperation: YearColumns;
  /** 2、出国经费 */
  overseas: YearColumns;
  /** 3、公务接待 */
  reception: YearColumns;
}

export interface ProjectSpending {
  total: YearColumns;
  /** 1、业务工作经费 */
  business: YearColumns;
  /** 2、运行维护经费 */
  operation: YearColumns;
  /** 3、本级专项资金 */
  special: YearColumns;
  /** one line per 本级专项 */
  specialItems: NamedYearRow[];
}

export interface PublicFunds {
  total: YearColumns;
  /** 其中 rows: 办公经费, 水费、电费、差旅费, 会议费、培训费 … */
  items: NamedYearRow[];
}

export interface Buildings {
  /** 批复规模（㎡） */
  approvedArea: Cell;
  /** 实际规模（㎡） */
  actualArea: Cell;
  /** 预算投资（万元） */
  budgetInvestment: Cell;
  /** 实际投资（万元） */
  actualInvestment: Cell;
  declared: { scaleControlRate: string | null; investmentControlRate: string | null };
}

/** 年度资金 line of 附件2/附件3 */
export interface FundsLine {
  /** 年初预算数 */
  initialBudget: Cell;
  /** 全年预算数 */
  fullYearBudget: Cell;
  /** 全年执行数 */
  executed: Cell;
  /** 分值 of 预算执行率 (10 under 财预〔2020〕10号) */
  weight: Cell;
  declared: { executionRate: string | null; score: string | null };
}

/** A qualitative indicator's level chosen by the scorer. */
export type QualitativeLevel = '达成' | '部分达成' | '未达成';
export const QUALITATIVE_LEVELS: readonly QualitativeLevel[] = ['达成', '部分达成', '未达成'];

/** One 三级指标 row. The 一级/二级 tree is derived from the labels, in row order. */
export interface Indicator {
  /** 一级指标, e.g. 产出指标 */
  level1: string;
  /** 二级指标, e.g. 数量指标 */
  level2: string;
  /** 三级指标 */
  name: string;
  /** 年度指标值 as written: "100%", "≥95%", "先进数量≥2", "≤30天", "好" */
  target: string;
  /** 实际完成值 as written */
  actual: string;
  /** 分值 */
  weight: Cell;
  /** 得分 (the unit's own score) */
  score: Cell;
  /** 偏差原因分析及改进措施 */
  deviation: string;
  /** For a 定性 indicator: the level the scorer picked; null for 定量 or not stated. */
  level: QualitativeLevel | null;
  /** Dropped as inapplicable (不适用); only meaningful where the template allows re-scaling. */
  notApplicable: boolean;
}

/** Common shape of 附件2 (整体) and 附件3 (项目). */
export interface OverallEvaluation {
  /** 预算部门名称 / 项目支出名称 as printed */
  unitName: string;
  /** 年度资金总额 */
  funds: FundsLine;
  /** 按收入性质分 */
  byIncome: {
    generalPublic: Cell;
    governmentFund: Cell;
    specialAccountNonTax: Cell;
    other: Cell;
  };
  /** 按支出性质分 */
  byExpense: {
    basic: Cell;
    project: Cell;
  };
  /** 年度总体目标 */
  goals: { expected: string; actual: string };
  indicators: Indicator[];
  /** 总分 row as printed: 分值 and 得分 */
  declaredTotal: { weight: string | null; score: string | null };
}

/** 附件3: one project. */
export interface ProjectEvaluation {
  /** 项目支出名称 */
  name: string;
  /** 主管部门 */
  department: string;
  /** 实施单位 */
  implementer: string;
  funds: FundsLine;
  /** 其中：当年财政拨款 / 上年结转资金 / 其他资金 */
  fundSources: {
    currentFiscal: FundsRow;
    carryOver: FundsRow;
    other: FundsRow;
  };
  goals: { expected: string; actual: string };
  indicators: Indicator[];
  declaredTotal: { weight: string | null; score: string | null };
}

export interface FundsRow {
  initialBudget: Cell;
  fullYearBudget: Cell;
  executed: Cell;
}

/** 附件4–6: 政府性基金 / 国有资本经营 / 社会保险基金 预算支出情况表. No rows means 无. */
export interface OtherFunds {
  governmentFund: OtherFundTable;
  stateCapital: OtherFundTable;
  socialInsurance: OtherFundTable;
}

export interface OtherFundTable {
  rows: { name: string; budget: Cell; actual: Cell }[];
  note: string;
}

export interface Report {
  cover: {
    /** e.g. "2023 年度吕仙亭街道办事处整体支出绩效自评报告" */
    title: string;
    /** 部门（单位）名称 on the cover (often left for the stamp) */
    unitName: string;
    /** date line as written, e.g. "2024 年 6 月 30日" */
    date: string;
  };
  /** The numbered sections in document order; sub-headings are paragraphs of their section. */
  sections: ReportSection[];
  /** 附件 list at the end, one entry per line as written */
  attachmentList: string[];
}

export interface ReportSection {
  /** Heading as written, numbering included: "1、 单位基本情况", "二、 一般公共预算支出情况" */
  heading: string;
  paragraphs: string[];
}

export interface Signature {
  unitHead: string;
  filler: string;
  phone: string;
  date: string;
}
