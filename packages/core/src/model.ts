/**
 * The self-evaluation package (绩效自评包) of one budget unit for one year, as stored and exchanged.
 *
 * Format `jixiao-package`, version 2. Every amount is in 万元 and written as decimal text
 * ("797.20", "4.07", "0") so that no binary float ever touches money; `null` is a blank cell,
 * which is shown empty and counts as 0 in sums. A part or a row that the unit's material does not
 * have is absent (`null`, or a missing row), never zeros. Derived figures (rates, scores, totals) are
 * not stored: the engine computes them. What a source document *printed* for a derived figure is
 * kept under `declared`, so that the checker can compare it with the computed one.
 *
 * The forms (forms/) name every row and column; the schema in `schema.ts` is built from them and
 * validates this shape. Version 1 packages are upgraded on reading (upgrade.ts).
 */
import type { LinesRowId, YearRowId } from './forms/basic-data.js';
import type { OverallLayoutId } from './forms/overall.js';
import type { FundSourceKind, ProjectLayoutId } from './forms/project.js';

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

/**
 * A row of 经费控制情况. Where the template computes a total from its parts (templates.ts `totals`), the
 * cells hold the computed sums; a source that printed another figure keeps it here, by column, so the
 * checker can say so once. Absent where nothing differed (packages written before say nothing).
 */
export interface YearRow extends YearColumns {
  declared?: Partial<Record<keyof YearColumns, DecimalText>>;
}

export interface NamedYearRow extends YearColumns {
  name: string;
}

export const FORMAT_ID = 'jixiao-package' as const;
export const FORMAT_VERSION = 2 as const;

export interface Package {
  format: typeof FORMAT_ID;
  version: typeof FORMAT_VERSION;
  /** Id of the scoring/checking template (region and year choices), see templates.ts. */
  template: string;
  /** Which layout of each form the unit uses; documents and the editor follow it. */
  layout: Layout;
  /** The evaluated budget year (预算年度), e.g. 2023. */
  year: number;
  unit: Unit;
  /** 附件1 预算单位整体支出绩效评价基础数据表; null: absent from the source */
  basicData: BasicData | null;
  /** 附件2 预算单位整体支出绩效自评表; null: absent from the source */
  overall: OverallEvaluation | null;
  /** 附件3 项目支出绩效自评表, one per 一级项目; [] = the unit has none (the empty "/" table); null: absent */
  projects: ProjectEvaluation[] | null;
  /** 附件4–6 */
  otherFunds: OtherFunds;
  /** 自评报告; null: absent from the source */
  report: Report | null;
  /** 单位负责人签字 / 填表人 / 联系电话 / 填报日期 under the tables */
  signature: Signature;
  /** Rows whose printed figures an import could not place for sure; [] once every figure is placed. */
  uncertain: UncertainFigures[];
}

/**
 * A row the source prints figures for that an import could not assign to its columns for sure (text
 * that lost its blank cells: two numbers under three year-columns). Its cells stay blank and the
 * checks treat its figures as unknown — they say so once and check nothing that adds them up — until
 * the user enters the row, which removes the entry.
 */
export interface UncertainFigures {
  /** JSON path of the row, or of the table whose rows are incomplete ("basicData.rows.operation", "projects[0]") */
  path: string;
  /** the row as the source labels it */
  label: string;
  /** the figures the source shows, as written, in order */
  values: string[];
  /** the columns they could belong to */
  columns: string[];
}

/** A package holding 附件1–3 and the report, as a unit filling in its own package has them. */
export type CompletePackage = Package & { basicData: BasicData; overall: OverallEvaluation; projects: ProjectEvaluation[]; report: Report };

export interface Layout {
  /** layout of the 附件3 tables (forms/project.ts) */
  project: ProjectLayoutId;
  /** layout of 附件2 (forms/overall.ts); a package written before there was a choice is read as 'national' */
  overall: OverallLayoutId;
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
  /** 财政供养人员情况; null when the unit's form has no such block */
  staffing: Staffing | null;
  /** 经费控制情况: the rows the unit's form has, by row id (forms/basic-data.ts) */
  rows: YearRows;
  /** Lines listed under a row (专项 lines, 公用经费 其中 rows), by the row they stand under */
  lines: RowLines;
  /** 楼堂馆所控制情况 (本年完工项目); null when the unit's form has no such block */
  buildings: Buildings | null;
  /** 厉行节约保障措施 */
  frugalityMeasures: string;
}

export type YearRows = { [K in YearRowId]?: YearRow };
export type RowLines = { [K in LinesRowId]?: NamedYearRow[] };

export interface Staffing {
  /** 编制数 */
  authorized: Cell;
  /** 实际在职人数 */
  actual: Cell;
  declared: { controlRate: string | null };
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
  /** 得分 as typed or imported; where the template computes scores, a 定量 indicator's counted score is the formula's */
  score: Cell;
  /** The unit's own score in place of the formula's, with its reason (reviewers see both); absent = none */
  override?: ScoreOverride;
  /** 偏差原因分析及改进措施 */
  deviation: string;
  /** For a 定性 indicator: the level the scorer picked; null for 定量 or not stated. */
  level: QualitativeLevel | null;
  /** Dropped as inapplicable (不适用); only meaningful where the template allows re-scaling. */
  notApplicable: boolean;
}

/** A score the unit sets in place of the formula's (templates.ts `scores: 'computed'`). */
export interface ScoreOverride {
  score: DecimalText;
  /** why the formula's score does not fit (must not be empty) */
  reason: string;
}

/** 附件2 (整体). */
export interface OverallEvaluation {
  /** 预算部门名称 as printed */
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
  /** Totals some forms print beside "按收入性质分:" / "按支出性质分:" */
  declaredSplit: { byIncome: string | null; byExpense: string | null };
  /** 年度总体目标 */
  goals: { expected: string; actual: string };
  indicators: Indicator[];
  /** 总分 row as printed: 分值 and 得分; null where the table shows no 总分 row (cut off before it) */
  declaredTotal: DeclaredTotal | null;
}

/** 附件3: one project. */
export interface ProjectEvaluation {
  /** 项目支出名称 */
  name: string;
  /** 主管部门 */
  department: string;
  /** 实施单位 */
  implementer: string;
  /** 项目负责人 (and phone), where the layout has the row */
  manager: string;
  funds: FundsLine;
  /** 资金来源 rows the table lists, in order (其中：当年财政拨款 / 上年结转资金 / 其他资金 …) */
  fundSources: FundSourceRow[];
  goals: { expected: string; actual: string };
  indicators: Indicator[];
  /** 总分 row as printed; null where the table has none (a layout without scores, or cut off before it) */
  declaredTotal: DeclaredTotal | null;
  /** Closing text rows of the layout (评价结论, 存在问题, 改进措施 …) and 注 lines, as printed */
  remarks: Remark[];
}

/** The 总分 row as printed: 分值 and 得分. */
export interface DeclaredTotal {
  weight: string | null;
  score: string | null;
}

export interface FundsRow {
  initialBudget: Cell;
  fullYearBudget: Cell;
  executed: Cell;
}

export interface FundSourceRow extends FundsRow {
  kind: FundSourceKind;
  /** 执行率 as some layouts print it on each row */
  declared: { executionRate: string | null };
}

/** A labelled text row under a table ("评价结论", "注"), kept as printed. */
export interface Remark {
  label: string;
  text: string;
}

/** 附件4–6: 政府性基金 / 国有资本经营 / 社会保险基金 预算支出情况表. No rows means 无. */
export interface OtherFunds {
  governmentFund: OtherFundTable | null;
  stateCapital: OtherFundTable | null;
  socialInsurance: OtherFundTable | null;
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
  /**
   * Paragraphs between the title and the first section, as written ("按照…的要求，…报告如下："); []
   * where the report goes straight to 一、.
   */
  opening: string[];
  /** The numbered sections in document order; sub-headings are paragraphs of their section. */
  sections: ReportSection[];
  /** 附件 list at the end, one entry per line as written */
  attachmentList: string[];
}

export interface ReportSection {
  /** Heading as written, numbering included: "1、 单位基本情况", "二、 一般公共预算支出情况" */
  heading: string;
  /** The section's text as the unit has it; documents print it verbatim. */
  paragraphs: string[];
  /**
   * The unit's own explanations (the reasons for a change, e.g. 三公经费 变动原因), printed after the
   * paragraphs, one paragraph a line. Drafts never touch it. "" when there are none.
   */
  explanation: string;
  /**
   * The sentences of `paragraphs` the unit accepted from the text drafted from the tables (draft.ts),
   * as accepted, so that a reviewer sees which words came from the machine; [] when the unit wrote them all.
   */
  acceptedDraft: string[];
}

export interface Signature {
  unitHead: string;
  filler: string;
  phone: string;
  date: string;
}
