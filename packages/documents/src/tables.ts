/**
 * 附件1–6 as format-neutral grids: the one place that decides which figure sits in which cell, so
 * the DOCX, the PDF and the XLSX cannot disagree. Layout follows the seed's tables (row labels,
 * order, merged cells). Derived cells carry an Excel formula over the grid's own cells and the
 * core's rounded figure as its cached result.
 */
import {
  type Cell,
  cellValue,
  type ComputedPackage,
  type Decimal,
  type Indicator,
  type OtherFundTable,
  type Package,
  type ProjectEvaluation,
  round,
  type ScoredEvaluation,
  sum,
} from '@jixiao/core';
import { amountText, clean, rateText, scoreText } from './text.js';

export type Align = 'left' | 'center' | 'right';

export interface GridCell {
  text: string;
  /** Exact decimal text of a numeric cell (an amount as stored, or a computed figure rounded). */
  number: string | null;
  /** How the XLSX shows the number. */
  numFmt: string | null;
  /** Excel formula (without "=") over A1 references of this sheet. */
  formula: string | null;
  colSpan: number;
  rowSpan: number;
  align: Align;
  /** Column heading or row label: bold, shaded. */
  header: boolean;
}

/** A row lists every column; a position covered by a merged cell holds null. */
export type GridRow = (GridCell | null)[];

export interface Attachment {
  /** "附件1" */
  label: string;
  title: string;
  sheetName: string;
  /** Relative column widths, in characters of 五号 text. */
  columns: number[];
  rows: GridRow[];
  /** Rows repeated at the top of every page the table runs onto (DOCX tblHeader, PDF, XLSX print titles): the heading rows, or the name rows that say whose table it is. */
  headerRows: number;
  /**
   * Heading rows inside the table (附件2/附件3: the 绩效指标 column headings) with the last row they
   * head: the PDF draws such a row again, under the header rows, at the top of a page that breaks
   * among the rows it heads. (Word repeats leading rows only.)
   */
  innerHeadings?: { row: number; through: number }[];
  /** Paragraphs under the table. */
  notes: string[];
}

/** Worksheet row of the first grid row: row 1 holds the 附件 label, row 2 the title. */
export const FIRST_GRID_ROW = 3;

export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    letters = String.fromCharCode(65 + r) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

interface Spec {
  text?: string;
  number?: string | null;
  numFmt?: string | null;
  formula?: string | null;
  span?: number;
  rowSpan?: number;
  align?: Align;
  header?: boolean;
}

const label = (text: string, span = 1, rowSpan = 1): Spec => ({ text, span, rowSpan, header: true, align: 'center' });
const text = (value: string, span = 1, align: Align = 'left'): Spec => ({ text: value, span, align });
const blank = (span = 1): Spec => ({ text: '', span });

/** Number format showing every decimal the exact value has, and at least 2. */
function amountFormat(cell: Cell): string {
  const dp = cell === null ? 2 : Math.max(2, cellValue(cell).decimalPlaces());
  return `0.${'0'.repeat(dp)}`;
}

const amount = (cell: Cell, span = 1): Spec => ({
  text: amountText(cell),
  number: cell,
  numFmt: amountFormat(cell),
  span,
  align: 'right',
});

/** A head count (编制数, 在职人数) is printed as the whole number it is ("48"), not as an amount. */
const count = (cell: Cell, span = 1): Spec => ({
  text: cell === null ? '' : cellValue(cell).toString(),
  number: cell,
  numFmt: cell !== null && cellValue(cell).decimalPlaces() > 0 ? amountFormat(cell) : '0',
  span,
  align: 'right',
});

/** A rate: formula gives the ratio rounded to 4 places (a percentage to 2), cached from the core. */
const rate = (value: Decimal | null, formula: string, span = 1): Spec => ({
  text: rateText(value),
  number: value === null ? null : round(value, 4).toFixed(4),
  numFmt: '0.00%',
  formula,
  span,
  align: 'right',
});

const score = (value: Decimal | null, formula: string | null, span = 1): Spec => ({
  text: scoreText(value),
  number: value === null ? null : round(value).toFixed(2),
  numFmt: '0.00',
  formula,
  span,
  align: 'right',
});

/** Places cells row by row, keeping track of positions covered by merges from rows above. */
class GridBuilder {
  readonly rows: GridRow[] = [];
  private readonly covered = new Set<string>();

  constructor(readonly width: number) {}

  /** A1 reference of a column in the row about to be added (offset 0) or a later one. */
  ref(column: number, rowOffset = 0): string {
    return `${columnLetter(column)}${FIRST_GRID_ROW + this.rows.length + rowOffset}`;
  }

  /** A1 reference of a cell in an already added row. */
  at(column: number, row: number): string {
    return `${columnLetter(column)}${FIRST_GRID_ROW + row}`;
  }

  add(specs: Spec[]): number {
    const index = this.rows.length;
    const row: GridRow = new Array<GridCell | null>(this.width).fill(null);
    let column = 0;
    for (const spec of specs) {
      while (this.covered.has(`${index}:${column}`)) column++;
      if (column >= this.width) throw new Error(`row ${index} of the grid overflows ${this.width} columns`);
      const colSpan = Math.min(spec.span ?? 1, this.width - column);
      const rowSpan = spec.rowSpan ?? 1;
      row[column] = {
        text: clean(spec.text ?? ''),
        number: spec.number ?? null,
        numFmt: spec.numFmt ?? null,
        formula: spec.formula ?? null,
        colSpan,
        rowSpan,
        align: spec.align ?? 'left',
        header: spec.header ?? false,
      };
      for (let r = index; r < index + rowSpan; r++) {
        for (let c = column; c < column + colSpan; c++) this.covered.add(`${r}:${c}`);
      }
      column += colSpan;
    }
    this.rows.push(row);
    return index;
  }
}

function basicDataTable(pkg: Package, computed: ComputedPackage): Attachment {
  const year = pkg.year;
  const data = pkg.basicData;
  const b = new GridBuilder(7);
  // Value columns of the 4-column part are B–C, D–E, F–G (two grid columns each).
  const yearRow = (name: string, row: { prior: Cell; budget: Cell; actual: Cell }) =>
    b.add([text(name), amount(row.prior, 2), amount(row.budget, 2), amount(row.actual, 2)]);
  b.add([label('预算单位名称'), text(data.unitName, 6)]);
  b.add([label('财政供养人员情况'), label('编制数', 2), label(`${year}年实际在职人数`, 2), label('控制率', 2)]);
  b.add([
    blank(),
    count(data.staffing.authorized, 2),
    count(data.staffing.actual, 2),
    rate(computed.staffingControlRate, `IF(N(${b.ref(1)})=0,"",ROUND(N(${b.ref(3)})/${b.ref(1)},4))`, 2),
  ]);
  b.add([label('经费控制情况(万元)'), label(`${year - 1}年决算数`, 2), label(`${year}年预算数`, 2), label(`${year}年决算数`, 2)]);
  const tp = data.threePublic;
  yearRow('三公经费', tp.total);
  yearRow('1、公务用车购置和维护经费', tp.vehicle);
  yearRow('其中：公车购置', tp.vehiclePurchase);
  yearRow('公车运行维护', tp.vehicleOperation);
  yearRow('2、出国经费', tp.overseas);
  yearRow('3、公务接待', tp.reception);
  const ps = data.projectSpending;
  yearRow('项目支出：', ps.total);
  yearRow('1、业务工作经费', ps.business);
  yearRow('2、运行维护经费', ps.operation);
  yearRow('3、本级专项资金（一个专项一行）', ps.special);
  for (const item of ps.specialItems) yearRow(item.name, item);
  yearRow('公用经费：', data.publicFunds.total);
  data.publicFunds.items.forEach((item, i) => yearRow(i === 0 ? `其中：${item.name}` : item.name, item));
  yearRow('政府采购金额', data.procurement);
  yearRow('部门基本支出预算调整', data.basicBudgetAdjustment);
  const bd = data.buildings;
  b.add([
    label(`楼堂馆所控制情况（${year}年完工项目）`),
    label('批复规模（㎡）'),
    label('实际规模（㎡）'),
    label('规模控制率'),
    label('预算投资（万元）'),
    label('实际投资（万元）'),
    label('投资概算控制率'),
  ]);
  b.add([
    blank(),
    amount(bd.approvedArea),
    amount(bd.actualArea),
    rate(computed.buildingScaleControlRate, `IF(N(${b.ref(1)})=0,"",ROUND(N(${b.ref(2)})/${b.ref(1)},4))`),
    amount(bd.budgetInvestment),
    amount(bd.actualInvestment),
    rate(computed.buildingInvestmentControlRate, `IF(N(${b.ref(4)})=0,"",ROUND(N(${b.ref(5)})/${b.ref(4)},4))`),
  ]);
  b.add([label('厉行节约保障措施'), text(data.frugalityMeasures, 6)]);
  return {
    label: '附件1',
    title: `${year}年度预算单位整体支出绩效评价基础数据表`,
    sheetName: '附件1',
    columns: [16, 5, 5, 5, 5, 5, 5],
    rows: b.rows,
    // The unit name line heads every page the table runs onto.
    headerRows: 1,
    notes: [],
  };
}

const EVALUATION_COLUMNS = [4, 6, 6, 9, 6, 6, 6, 5, 8];

/** The 年度资金总额 line: three amounts, 分值, 执行率 and its score as formulas. */
function fundsLine(b: GridBuilder, title: string, funds: ProjectEvaluation['funds'], figures: ScoredEvaluation, cap: string): Spec[] {
  const [budget, executed, weight] = [b.ref(3), b.ref(4), b.ref(5)];
  return [
    text(title),
    amount(funds.initialBudget),
    amount(funds.fullYearBudget),
    amount(funds.executed),
    amount(funds.weight),
    rate(figures.executionRate, `IF(N(${budget})=0,"",ROUND(N(${executed})/${budget},4))`),
    score(
      figures.executionScore,
      `IF(N(${budget})=0,"",ROUND(MIN(N(${executed})/${budget},${cap})*N(${weight}),2))`,
      2,
    ),
  ];
}

/**
 * 实际完成值 as printed: the value as stored, then, on a line of its own, a labelled mark for a 定性
 * indicator's level (【定性：部分达成】) and for an indicator set aside as 不适用 (【不适用】),
 * which the importer reads back into `level` and `notApplicable`.
 */
export function actualWithMarks(indicator: Indicator): string {
  const marks = (indicator.level ? `【定性：${indicator.level}】` : '') + (indicator.notApplicable ? '【不适用】' : '');
  if (marks === '') return indicator.actual;
  return indicator.actual === '' ? marks : `${indicator.actual}\n${marks}`;
}

/** Goals, indicator rows with merged 一级/二级 labels, and the 总分 row. */
function indicatorRows(
  b: GridBuilder,
  goals: { expected: string; actual: string },
  indicators: readonly Indicator[],
  figures: ScoredEvaluation,
  computed: ComputedPackage,
  executionRef: { weight: string; score: string },
  scoreHeading: string,
): { row: number; through: number } {
  b.add([label('年度总体目标', 1, 2), label('预期目标', 4), label('实际完成情况', 4)]);
  b.add([text(goals.expected, 4), text(goals.actual, 4)]);
  const n = indicators.length;
  const heading = b.add([
    label('绩效指标', 1, n + 1),
    label('一级指标'),
    label('二级指标'),
    label('三级指标'),
    label('年度指标值'),
    label('实际完成值'),
    label('分值'),
    label(scoreHeading),
    label('偏差原因分析及改进措施'),
  ]);
  const first = b.rows.length;
  indicators.forEach((row, i) => {
    const prev = indicators[i - 1];
    const specs: Spec[] = [];
    if (!prev || prev.level1 !== row.level1) {
      let span = 1;
      while (indicators[i + span]?.level1 === row.level1) span++;
      specs.push({ ...label(row.level1, 1, span) });
    }
    if (!prev || prev.level1 !== row.level1 || prev.level2 !== row.level2) {
      let span = 1;
      while (indicators[i + span]?.level1 === row.level1 && indicators[i + span]?.level2 === row.level2) span++;
      specs.push({ ...label(row.level2, 1, span) });
    }
    specs.push(text(row.name), text(row.target, 1, 'center'), text(actualWithMarks(row), 1, 'center'));
    specs.push(amount(row.weight), amount(row.score), text(row.deviation));
    b.add(specs);
  });
  // 不适用 rows drop out of both sums when the template re-scales; the XLSX mirrors that choice.
  const rescale = computed.template.rescaleInapplicable;
  const counted = indicators.map((row, i) => ({ row, i })).filter(({ row }) => !(rescale && row.notApplicable));
  const refs = (column: number) =>
    counted.length === n && n > 0
      ? `${b.at(column, first)}:${b.at(column, first + n - 1)}`
      : counted.map(({ i }) => b.at(column, first + i)).join(',');
  const list = (head: string, column: number) => [head, refs(column)].filter((part) => part !== '').join(',');
  const weightFormula = `SUM(${list(executionRef.weight, 6)})`;
  let scoreFormula = `SUM(${list(executionRef.score, 7)})`;
  if (rescale) scoreFormula = `IF(${b.ref(6)}=0,0,${scoreFormula}*100/${b.ref(6)})`;
  if (figures.cap !== null) scoreFormula = `MIN(${scoreFormula},${figures.cap.toString()})`;
  const total = b.add([
    label('总分', 6),
    score(figures.weightTotal, weightFormula),
    score(figures.total, `ROUND(${scoreFormula},2)`),
    blank(),
  ]);
  return { row: heading, through: total };
}

function overallTable(pkg: Package, computed: ComputedPackage): Attachment {
  const ov = pkg.overall;
  const b = new GridBuilder(9);
  const cap = computed.template.executionScoreCap;
  b.add([label('预算部门名称'), text(ov.unitName, 8)]);
  b.add([
    label('年度预算申请(万元)', 1, 7),
    blank(),
    label('年初预算数(万元)'),
    label('全年预算数（万元）'),
    label('全年执行数（万元）'),
    label('分值'),
    label('执行率'),
    label('得分', 2),
  ]);
  const fundsRow = b.rows.length;
  b.add(fundsLine(b, '年度资金总额：', ov.funds, computed.overall, cap));
  b.add([label('按收入性质分：', 2), label('按支出性质分：', 6)]);
  b.add([text('一般公共预算：'), amount(ov.byIncome.generalPublic), text('其中:基本支出：', 2), amount(ov.byExpense.basic), blank(3)]);
  b.add([text('政府性基金拨款：'), amount(ov.byIncome.governmentFund), blank(2), blank(), blank(3)]);
  b.add([text('纳入专户管理的非税收入拨款：'), amount(ov.byIncome.specialAccountNonTax), text('项目支出：', 2), amount(ov.byExpense.project), blank(3)]);
  b.add([text('其他资金'), amount(ov.byIncome.other), blank(2), blank(), blank(3)]);
  const inner = indicatorRows(b, ov.goals, ov.indicators, computed.overall, computed, { weight: b.at(5, fundsRow), score: b.at(7, fundsRow) }, '得分');
  return {
    label: '附件2',
    title: `${pkg.year}年度预算单位整体支出绩效自评表`,
    sheetName: '附件2',
    columns: EVALUATION_COLUMNS,
    rows: b.rows,
    headerRows: 1,
    innerHeadings: [inner],
    notes: [],
  };
}

function projectTable(pkg: Package, project: ProjectEvaluation, figures: ScoredEvaluation, computed: ComputedPackage, sheetName: string): Attachment {
  const b = new GridBuilder(9);
  const cap = computed.template.executionScoreCap;
  b.add([label('项目支出名称'), text(project.name, 8)]);
  b.add([label('主管部门'), text(project.department, 3), label('实施单位'), text(project.implementer, 4)]);
  b.add([label('项目资金（万元）', 1, 5), blank(), label('年初预算数'), label('全年预算数'), label('全年执行数'), label('分值'), label('执行率'), label('自评得分', 2)]);
  const fundsRow = b.rows.length;
  b.add(fundsLine(b, '年度资金总额', project.funds, figures, cap));
  const sources = project.fundSources;
  for (const [name, row] of [
    ['其中：当年财政拨款', sources.currentFiscal],
    ['上年结转资金', sources.carryOver],
    ['其他资金', sources.other],
  ] as const) {
    b.add([text(name), amount(row.initialBudget), amount(row.fullYearBudget), amount(row.executed), blank(), blank(), blank(2)]);
  }
  const inner = indicatorRows(b, project.goals, project.indicators, figures, computed, { weight: b.at(5, fundsRow), score: b.at(7, fundsRow) }, '自评得分');
  return {
    label: '附件3',
    title: `${pkg.year}年度项目支出绩效自评表`,
    sheetName,
    columns: EVALUATION_COLUMNS,
    rows: b.rows,
    // 项目支出名称 and 主管部门/实施单位 head every page the table runs onto.
    headerRows: 2,
    innerHeadings: [inner],
    notes: [],
  };
}

/** The seed's empty 附件3 for a unit without 一级项目: names and figures are "/". */
function emptyProjectTable(pkg: Package): Attachment {
  const b = new GridBuilder(9);
  const slash = (span = 1): Spec => text('/', span, 'center');
  b.add([label('项目支出名称'), slash(8)]);
  b.add([label('主管部门'), slash(3), label('实施单位'), slash(4)]);
  b.add([label('项目资金（万元）', 1, 2), blank(), label('年初预算数'), label('全年预算数'), label('全年执行数'), label('分值'), label('执行率'), label('自评得分', 2)]);
  b.add([text('年度资金总额'), slash(), slash(), slash(), text('10', 1, 'center'), slash(), slash(2)]);
  b.add([label('总分', 6), text('100', 1, 'center'), slash(), blank()]);
  return {
    label: '附件3',
    title: `${pkg.year}年度项目支出绩效自评表`,
    sheetName: '附件3',
    columns: EVALUATION_COLUMNS,
    rows: b.rows,
    headerRows: 2,
    notes: [],
  };
}

function otherFundTableOf(pkg: Package, table: OtherFundTable, n: number, fund: string): Attachment {
  const b = new GridBuilder(3);
  b.add([label('项目'), label('预算数（万元）'), label('决算数（万元）')]);
  if (table.rows.length === 0) {
    b.add([text('无', 1, 'center'), blank(), blank()]);
  } else {
    const first = b.rows.length;
    for (const row of table.rows) b.add([text(row.name), amount(row.budget), amount(row.actual)]);
    const last = b.rows.length - 1;
    const total = (column: number, key: 'budget' | 'actual'): Spec => {
      const exact = sum(table.rows.map((row) => cellValue(row[key]))).toString();
      return { ...amount(exact), formula: `SUM(${b.at(column, first)}:${b.at(column, last)})` };
    };
    b.add([label('合计'), total(1, 'budget'), total(2, 'actual')]);
  }
  return {
    label: `附件${n}`,
    title: `${pkg.year}年度${fund}预算支出情况表`,
    sheetName: `附件${n}`,
    columns: [20, 8, 8],
    rows: b.rows,
    headerRows: 1,
    notes: table.note.trim() === '' ? [] : [clean(table.note.trim())],
  };
}

/** All attachments in document order: 附件1, 附件2, one 附件3 per project, 附件4–6. */
export function attachments(pkg: Package, computed: ComputedPackage): Attachment[] {
  const projects =
    pkg.projects.length === 0
      ? [emptyProjectTable(pkg)]
      : pkg.projects.map((project, i) =>
          projectTable(pkg, project, computed.projects[i] as ScoredEvaluation, computed, pkg.projects.length === 1 ? '附件3' : `附件3-${i + 1}`),
        );
  return [
    basicDataTable(pkg, computed),
    overallTable(pkg, computed),
    ...projects,
    otherFundTableOf(pkg, pkg.otherFunds.governmentFund, 4, '政府性基金'),
    otherFundTableOf(pkg, pkg.otherFunds.stateCapital, 5, '国有资本经营'),
    otherFundTableOf(pkg, pkg.otherFunds.socialInsurance, 6, '社会保险基金'),
  ];
}

/** 单位负责人签字 / 填表人 / 联系电话 / 填报日期, under the last table. */
export function signatureLine(pkg: Package): string {
  const s = pkg.signature;
  const gap = '\u3000\u3000';
  return clean(`单位负责人签字：${s.unitHead}${gap}填表人：${s.filler}${gap}联系电话：${s.phone}${gap}填报日期：${s.date}`);
}
