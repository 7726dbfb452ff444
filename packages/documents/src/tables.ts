/**
 * 附件1–6 as format-neutral grids: the one place that decides which figure sits in which cell, so
 * the DOCX, the PDF and the XLSX cannot disagree. Rows, labels and columns come from core's forms
 * (附件1's rows, a project table's layout); merged cells are this module's business. Derived cells
 * carry the form's spreadsheet formula over the grid's own cells and the core's rounded figure as
 * its cached result. Parts the package does not hold are not printed.
 */
import {
  BASIC_DATA_FORM,
  BUILDINGS,
  Decimal,
  FUNDS_COLUMNS,
  FUND_SOURCES,
  SIGNATURE_FIELDS,
  fundsFormula,
  OTHER_FUNDS,
  OTHER_FUND_COLUMNS,
  OTHER_FUND_NONE,
  OTHER_FUND_REPEATED,
  OTHER_FUND_TOTAL,
  OVERALL_FORM,
  PROJECT_FORM,
  SIGNATURE_AFTER,
  STAFFING,
  TOTAL_ROW,
  YEAR_COLUMNS,
  type BasicData,
  type BasicDataFormSpec,
  type Cell,
  type ComputedPackage,
  type DeclaredTotal,
  type FundsLine,
  type Indicator,
  type OtherFundSpec,
  type OtherFundTable,
  type OverallEvaluation,
  type OverallLayout,
  type Package,
  type ProjectEvaluation,
  type ProjectLayout,
  type RepeatedRows,
  type ScoredEvaluation,
  type ScoredIndicator,
  cellValue,
  linesOf,
  parseMeasure,
  presentRows,
  printedLineLabel,
  printedRowLabel,
  overallLayout,
  projectLayout,
  round,
  rowOf,
  settleTotals,
  sum,
} from '@jixiao/core';
import { amountText, clean, rateText, scoreText } from './text.js';
import { columnWidths, type WidthCell } from './widths.js';

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
  /** A heading or a row label: the column widths keep it within two lines. */
  label: boolean;
}

/** A row lists every column; a position covered by a merged cell holds null. */
export type GridRow = (GridCell | null)[];

export interface Attachment {
  /** "附件1" */
  label: string;
  title: string;
  sheetName: string;
  /** Column widths from content (widths.ts), in characters of table text; they add up to the 156 mm. */
  columns: number[];
  rows: GridRow[];
  /** Rows repeated at the top of every page the table runs onto (DOCX tblHeader, PDF, XLSX print titles): the heading rows, or the name rows that say whose table it is. */
  headerRows: number;
  /**
   * Heading rows inside the table (附件1: the year columns over the 经费控制情况 rows; 附件2/附件3: the
   * 绩效指标 column headings) with the last row they head: the PDF draws such a row again, under the
   * header rows, at the top of a page that breaks among the rows it heads, and on no other page. Word
   * repeats a table's leading rows only: the DOCX starts a table at such a row and another after the
   * last row it heads. An inner heading right under the header rows is printed with them by the XLSX.
   */
  innerHeadings?: { row: number; through: number }[];
  /** Paragraphs under the table. */
  notes: string[];
}

/**
 * The leading rows a spreadsheet repeats on each printed page and keeps in view: the header rows, and
 * an inner heading right under them (Excel's print titles are one run of leading rows).
 */
export function leadingRows(attachment: Attachment): number {
  const next = (attachment.innerHeadings ?? []).some((h) => h.row === attachment.headerRows);
  return attachment.headerRows + (next ? 1 : 0);
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
  label?: boolean;
}

export const label = (text: string, span = 1, rowSpan = 1): Spec => ({ text, span, rowSpan, header: true, label: true, align: 'center' });
export const text = (value: string, span = 1, align: Align = 'left'): Spec => ({ text: value, span, align });
/** A row label set as text (附件1's rows, 附件2's income and expense lines, 资金来源). */
const rowLabel = (value: string, span = 1): Spec => ({ text: value, span, align: 'left', label: true });
const blank = (span = 1): Spec => ({ text: '', span });

/** An amount: printed to 2 decimals; the XLSX cell holds the exact value and shows it so. */
const amount = (cell: Cell, span = 1): Spec => ({
  text: amountText(cell),
  number: cell,
  numFmt: '0.00',
  span,
  align: 'right',
});

/** A head count (编制数, 在职人数) is printed as the whole number it is ("48"), not as an amount. */
const count = (cell: Cell, span = 1): Spec => ({
  text: cell === null ? '' : cellValue(cell).toString(),
  number: cell,
  numFmt: cell !== null && cellValue(cell).decimalPlaces() > 0 ? '0.00' : '0',
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

/**
 * A 执行率 or its 得分 that cannot be worked out (the copy the package was read from lacks the amounts)
 * but that the unit printed: kept as printed rather than left blank.
 */
const printedFigure = (value: string): Spec => ({ text: value, span: 1, align: 'right' });

/** The 执行率 and its 得分 of a funds line: computed, or, where they cannot be, as the unit printed them. */
function executionCells(funds: FundsLine, figures: ScoredEvaluation, ref: (key: string) => string, cap: string) {
  const { executionRate, score: printedScore } = funds.declared;
  return {
    rate:
      figures.executionRate === null && executionRate
        ? printedFigure(executionRate)
        : rate(figures.executionRate, fundsFormula('executionRate', ref, cap)),
    score:
      figures.executionScore === null && printedScore
        ? printedFigure(printedScore)
        : score(figures.executionScore, fundsFormula('score', ref, cap)),
  };
}

/** Places cells row by row, keeping track of positions covered by merges from rows above. */
export class GridBuilder {
  readonly rows: GridRow[] = [];
  private readonly covered = new Set<string>();
  /** Rows of each named block of the form: first and last. */
  private readonly blocks = new Map<string, { from: number; to: number }>();

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
        label: spec.label ?? false,
      };
      for (let r = index; r < index + rowSpan; r++) {
        for (let c = column; c < column + colSpan; c++) this.covered.add(`${r}:${c}`);
      }
      column += colSpan;
    }
    this.rows.push(row);
    return index;
  }

  /** Names the rows added since `from` as a block of the form (for the rows repeated on each page). */
  tag(name: string, from: number): void {
    this.blocks.set(name, { from, to: this.rows.length - 1 });
  }

  /**
   * The leading rows repeated on each page: through the last of the form's `top` blocks the table
   * holds (they are leading blocks, so the DOCX and the XLSX can repeat them too).
   */
  headerRows(repeated: RepeatedRows): number {
    let through = -1;
    for (const name of repeated.top) {
      const block = this.blocks.get(name);
      if (!block) continue;
      if (block.from > through + 1) throw new Error(`repeated block ${name} does not follow the table's leading rows`);
      through = Math.max(through, block.to);
    }
    return through + 1;
  }

  /** Column widths from the cells' content. */
  columns(): number[] {
    const cells: WidthCell[] = [];
    this.rows.forEach((line, row) =>
      line.forEach((cell, col) => {
        if (cell)
          cells.push({ text: cell.text, row, col, colSpan: cell.colSpan, rowSpan: cell.rowSpan, heading: cell.header, label: cell.label });
      }),
    );
    return columnWidths(this.width, cells);
  }
}

function basicDataTable(pkg: Package, data: BasicData, computed: ComputedPackage, form: BasicDataFormSpec): Attachment {
  const year = pkg.year;
  const b = new GridBuilder(7);
  // Value columns of the 4-column part are B–C, D–E, F–G (two grid columns each).
  const yearRow = (name: string, row: { prior: Cell; budget: Cell; actual: Cell }) =>
    b.add([rowLabel(name), amount(row.prior, 2), amount(row.budget, 2), amount(row.actual, 2)]);
  b.add([label(BASIC_DATA_FORM.unitName.label), text(data.unitName, 6)]);
  b.tag('unitName', 0);
  if (data.staffing) {
    const from = b.rows.length;
    const [authorized, , rateField] = STAFFING.fields;
    // The block's label spans its heading row and its figures' row, as in the template.
    b.add([label(STAFFING.label, 1, 2), label(authorized.label, 2), label(STAFFING.actualHeading(year), 2), label(rateField.label, 2)]);
    b.add([
      count(data.staffing.authorized, 2),
      count(data.staffing.actual, 2),
      rate(computed.staffingControlRate, `IF(N(${b.ref(1)})=0,"",ROUND(N(${b.ref(3)})/${b.ref(1)},4))`, 2),
    ]);
    b.tag('staffing', from);
  }
  // The year columns head the year rows only (a `within` block of the form): no tag, their range below.
  const yearHeading = b.add([label(BASIC_DATA_FORM.yearBlock.label), ...YEAR_COLUMNS.map((column) => label(column.heading(year), 2))]);
  for (const spec of presentRows(data, form)) {
    yearRow(printedRowLabel(data, spec, form), rowOf(data, spec.id)!);
    (linesOf(data, spec.id) ?? []).forEach((line, i) => yearRow(printedLineLabel(spec, i, line), line));
  }
  const yearRows = { row: yearHeading, through: b.rows.length - 1 };
  const bd = data.buildings;
  if (bd) {
    b.add([label(BUILDINGS.heading(year), 1, 2), ...BUILDINGS.fields.map((field) => label(field.label))]);
    b.add([
      amount(bd.approvedArea),
      amount(bd.actualArea),
      rate(computed.buildingScaleControlRate, `IF(N(${b.ref(1)})=0,"",ROUND(N(${b.ref(2)})/${b.ref(1)},4))`),
      amount(bd.budgetInvestment),
      amount(bd.actualInvestment),
      rate(computed.buildingInvestmentControlRate, `IF(N(${b.ref(4)})=0,"",ROUND(N(${b.ref(5)})/${b.ref(4)},4))`),
    ]);
  }
  b.add([label(BASIC_DATA_FORM.frugality.label), text(data.frugalityMeasures, 6)]);
  return {
    label: BASIC_DATA_FORM.part,
    title: BASIC_DATA_FORM.title(year),
    sheetName: BASIC_DATA_FORM.part,
    columns: b.columns(),
    rows: b.rows,
    headerRows: b.headerRows(BASIC_DATA_FORM.repeated),
    innerHeadings: withinHeadings(BASIC_DATA_FORM.repeated, 'yearBlock', yearRows),
    notes: [],
  };
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

/** One column of a 自评表's indicator block, and of its funds block: the key and the heading printed. */
interface Column<K extends string> {
  key: K;
  heading: string;
}

type FundsKey = (typeof FUNDS_COLUMNS)[number]['key'];
type IndicatorKey = Parameters<typeof indicatorCell>[2];

/** A measure ("≥95%") split for layouts with 指标性质 / 度量单位 columns: sign, number, unit. */
function measureParts(text: string): { sign: string; value: string; unit: string } | null {
  const measure = parseMeasure(text);
  if (!measure || measure.label !== '') return null;
  return { sign: measure.explicitSign ? measure.sign : '', value: measure.value.toString(), unit: measure.unit };
}

/** The cell of an indicator row under one column. */
function indicatorCell(
  row: Indicator,
  scored: ScoredIndicator | undefined,
  key: 'name' | 'sign' | 'target' | 'unit' | 'actual' | 'weight' | 'score' | 'deviation',
  split: boolean,
): Spec {
  const target = split ? measureParts(row.target) : null;
  const actual = split && target ? measureParts(row.actual) : null;
  switch (key) {
    case 'name':
      return text(row.name);
    case 'sign':
      return text(target?.sign ?? '', 1, 'center');
    case 'target':
      return text(target ? target.value : row.target, 1, 'center');
    case 'unit':
      return text(target?.unit ?? '', 1, 'center');
    case 'actual':
      return text(actual && actual.unit === target?.unit && actual.sign === '' ? actual.value : actualWithMarks(row), 1, 'center');
    case 'weight':
      return amount(row.weight);
    case 'score':
      // The score that counts: the formula's or the unit's override where the template computes scores.
      return scored === undefined || scored.source === 'typed' ? amount(row.score) : score(scored.score, null);
    case 'deviation':
      return text(row.deviation);
  }
}

/** A 自评表 as a layout prints it: 附件2 uses the national columns, 附件3 its package's layout. */
interface SheetLayout {
  fundsBlock: string;
  fundsTotal: string;
  funds: readonly Column<FundsKey>[];
  goals: { block: string; expected: string; actual: string | null };
  indicatorsBlock: string;
  indicators: readonly Column<'level1' | 'level2' | IndicatorKey>[];
  total: string | null;
}

/** Grid width of a 自评表: the block label column and one per indicator column. */
const widthOf = (layout: SheetLayout) => 1 + layout.indicators.length;

/** The 年度资金 header and total row; returns the A1 address of each funds cell of the total row. */
function fundsBlock(
  b: GridBuilder,
  layout: SheetLayout,
  funds: FundsLine,
  figures: ScoredEvaluation,
  cap: string,
  sources: readonly { heading: string; row: { initialBudget: Cell; fullYearBudget: Cell; executed: Cell } }[],
  scale: (cell: Cell) => Cell,
): { weight: string | null; score: string | null } {
  const width = widthOf(layout);
  const rowLabelSpan = Math.max(1, width - 1 - layout.funds.length);
  b.add([label(layout.fundsBlock, 1, 2 + sources.length), blank(rowLabelSpan), ...layout.funds.map((c) => label(c.heading))]);
  const at = new Map<string, string>();
  layout.funds.forEach((c, i) => at.set(c.key, b.ref(1 + rowLabelSpan + i)));
  const ref = (key: string) => at.get(key) ?? '0';
  const execution = executionCells(funds, figures, ref, cap);
  const cells = layout.funds.map((c): Spec => {
    switch (c.key) {
      case 'initialBudget':
      case 'fullYearBudget':
      case 'executed':
        return amount(scale(funds[c.key]));
      case 'weight':
        return amount(funds.weight);
      case 'executionRate':
        return execution.rate;
      case 'score':
        return execution.score;
    }
  });
  b.add([rowLabel(layout.fundsTotal, rowLabelSpan), ...cells]);
  sources.forEach(({ heading, row }, i) => {
    const specs = layout.funds.map((c): Spec =>
      c.key === 'initialBudget' || c.key === 'fullYearBudget' || c.key === 'executed' ? amount(scale(row[c.key])) : blank(),
    );
    b.add([rowLabel(i === 0 ? `其中：${heading}` : heading, rowLabelSpan), ...specs]);
  });
  return { weight: at.get('weight') ?? null, score: at.get('score') ?? null };
}

/** 年度总体目标: the block label, the 预期目标 / 实际完成情况 headings, and the two texts. */
function goalRows(b: GridBuilder, layout: SheetLayout, goals: { expected: string; actual: string }): void {
  const width = widthOf(layout);
  const half = Math.ceil((width - 1) / 2);
  const { actual } = layout.goals;
  // A form with no column for what was achieved gives its targets the whole width.
  if (actual === null) {
    b.add([label(layout.goals.block, 1, 2), label(layout.goals.expected, width - 1)]);
    b.add([text(goals.expected, width - 1)]);
    return;
  }
  b.add([label(layout.goals.block, 1, 2), label(layout.goals.expected, half), label(actual, width - 1 - half)]);
  b.add([text(goals.expected, half), text(goals.actual, width - 1 - half)]);
}

/**
 * The indicator column headings, then one row per indicator, its 一级/二级 labels merged over the
 * rows that share them; `cell` gives the other cells. Returns the heading row.
 */
function indicatorBlock(
  b: GridBuilder,
  layout: SheetLayout,
  rows: readonly { level1: string; level2: string }[],
  cell: (i: number, key: IndicatorKey) => Spec,
): number {
  const heading = b.add([label(layout.indicatorsBlock, 1, rows.length + 1), ...layout.indicators.map((c) => label(c.heading))]);
  rows.forEach((row, i) => {
    const prev = rows[i - 1];
    const specs: Spec[] = [];
    for (const column of layout.indicators) {
      if (column.key === 'level1') {
        if (!prev || prev.level1 !== row.level1) {
          let span = 1;
          while (rows[i + span]?.level1 === row.level1) span++;
          specs.push(label(row.level1, 1, span));
        }
      } else if (column.key === 'level2') {
        if (!prev || prev.level1 !== row.level1 || prev.level2 !== row.level2) {
          let span = 1;
          while (rows[i + span]?.level1 === row.level1 && rows[i + span]?.level2 === row.level2) span++;
          specs.push(label(row.level2, 1, span));
        }
      } else {
        specs.push(cell(i, column.key));
      }
    }
    b.add(specs);
  });
  return heading;
}

/**
 * Goals, indicator rows with merged 一级/二级 labels, and the 总分 row where the table has one: a table
 * read without it (cut off before its end, or a form that prints the total elsewhere) gets none, since
 * a total of the rows it shows would count the rows not there as zeros.
 */
function indicatorRows(
  b: GridBuilder,
  layout: SheetLayout,
  table: { goals: { expected: string; actual: string }; indicators: readonly Indicator[]; declaredTotal: DeclaredTotal | null },
  figures: ScoredEvaluation,
  computed: ComputedPackage,
  executionRef: { weight: string | null; score: string | null },
): { row: number; through: number } {
  const { goals, indicators } = table;
  goalRows(b, layout, goals);
  const n = indicators.length;
  const split = layout.indicators.some((c) => c.key === 'sign' || c.key === 'unit');
  const heading = indicatorBlock(b, layout, indicators, (i, key) =>
    indicatorCell(indicators[i] as Indicator, figures.indicators[i], key, split),
  );
  const first = heading + 1;
  // A 总分 row as the unit's table printed it: a layout without one (保山's) may still have one in a unit's
  // copy (湖北's, the same form with a 总分 under its 得分 column).
  const totalLabel = layout.total ?? TOTAL_ROW.label;
  const scoreColumn = 1 + layout.indicators.findIndex((c) => c.key === 'score');
  if (table.declaredTotal === null || scoreColumn === 0) return { row: heading, through: b.rows.length - 1 };
  // 不适用 rows drop out of both sums when the template re-scales; the XLSX mirrors that choice.
  const rescale = computed.template.rescaleInapplicable;
  const counted = indicators.map((row, i) => ({ row, i })).filter(({ row }) => !(rescale && row.notApplicable));
  const refs = (column: number) =>
    counted.length === n && n > 0
      ? `${b.at(column, first)}:${b.at(column, first + n - 1)}`
      : counted.map(({ i }) => b.at(column, first + i)).join(',');
  const list = (head: string | null, column: number) => [head ?? '', refs(column)].filter((part) => part !== '').join(',');
  const weightColumn = 1 + layout.indicators.findIndex((c) => c.key === 'weight');
  const weightFormula = `SUM(${list(executionRef.weight, weightColumn)})`;
  let scoreFormula = `SUM(${list(executionRef.score, scoreColumn)})`;
  if (rescale && weightColumn > 0) scoreFormula = `IF(${b.ref(weightColumn)}=0,0,${scoreFormula}*100/${b.ref(weightColumn)})`;
  if (figures.cap !== null) scoreFormula = `MIN(${scoreFormula},${figures.cap.toString()})`;
  const firstFigure = weightColumn === 0 ? scoreColumn : Math.min(weightColumn, scoreColumn);
  const cells = layout.indicators.slice(firstFigure - 1).map((c): Spec => {
    if (c.key === 'weight') return score(figures.weightTotal, weightFormula);
    // A total not known (a row with a 分值 has no 得分) stays blank: a SUM would count the blank as 0.
    if (c.key === 'score') return score(figures.total, figures.total === null ? null : `ROUND(${scoreFormula},2)`);
    return blank();
  });
  const total = b.add([label(totalLabel, firstFigure), ...cells]);
  return { row: heading, through: total };
}

/** A line under the table for each score the unit set in place of the formula's, with its reason. */
function overrideNotes(figures: ScoredEvaluation): string[] {
  return figures.indicators.flatMap((item) =>
    item.override === null || item.expectedScore === null
      ? []
      : [
          clean(
            `注：指标“${item.row.name}”按公式得分 ${scoreText(item.expectedScore)} 分，单位调整为 ${scoreText(item.override.score)} 分，理由：${item.override.reason.trim()}`,
          ),
        ],
  );
}

function overallTable(pkg: Package, ov: OverallEvaluation, computed: ComputedPackage): Attachment {
  const form = overallLayout(pkg.layout.overall);
  const layout = sheetLayoutOf(form);
  const b = new GridBuilder(widthOf(layout));
  const cap = computed.template.executionScoreCap;
  const figures = computed.overall!;
  b.add([label(form.unitName), text(ov.unitName, widthOf(layout) - 1)]);
  b.tag('unitName', 0);
  // 湖北's form: 基本支出总额 | amount | 项目支出总额 | amount, under the unit's name.
  if (form.expenseRow) {
    const width = widthOf(layout);
    const half = Math.ceil(width / 2);
    b.add([
      label(form.expenseRow.basic),
      amount(ov.byExpense.basic, half - 1),
      label(form.expenseRow.project),
      amount(ov.byExpense.project, width - half - 1),
    ]);
  }
  // The national form's split by income and by expense sits between the funds line and the goals.
  const execution = form.split
    ? fundsBlockWithSplit(b, layout, ov, figures, cap)
    : fundsBlock(b, layout, ov.funds, figures, cap, [], (cell) => cell);
  const inner = indicatorRows(b, layout, ov, figures, computed, execution);
  return {
    label: OVERALL_FORM.part,
    title: form.title(pkg.year),
    sheetName: OVERALL_FORM.part,
    columns: b.columns(),
    rows: b.rows,
    headerRows: b.headerRows(OVERALL_FORM.repeated),
    innerHeadings: withinHeadings(OVERALL_FORM.repeated, 'indicators', inner),
    notes: overrideNotes(figures),
  };
}

/** 附件2's 年度资金 block: the funds line, then the money split by income nature and by expense nature. */
function fundsBlockWithSplit(b: GridBuilder, layout: SheetLayout, ov: OverallEvaluation, figures: ScoredEvaluation, cap: string) {
  const splitRows = OVERALL_FORM.splitRows.length;
  const rowLabelSpan = Math.max(1, widthOf(layout) - 1 - layout.funds.length);
  b.add([label(layout.fundsBlock, 1, 3 + splitRows), blank(rowLabelSpan), ...layout.funds.map((c) => label(c.heading))]);
  const at = new Map<string, string>();
  layout.funds.forEach((c, i) => at.set(c.key, b.ref(1 + rowLabelSpan + i)));
  const ref = (key: string) => at.get(key) ?? '0';
  const execution = executionCells(ov.funds, figures, ref, cap);
  b.add([
    rowLabel(`${layout.fundsTotal}：`, rowLabelSpan),
    amount(ov.funds.initialBudget),
    amount(ov.funds.fullYearBudget),
    amount(ov.funds.executed),
    amount(ov.funds.weight),
    execution.rate,
    execution.score,
  ]);
  b.add([label(`${OVERALL_FORM.byIncome.label}：`, 2), label(`${OVERALL_FORM.byExpense.label}：`, 6)]);
  const field = <K extends string>(fields: readonly { key: K; label: string }[], key: K) => fields.find((f) => f.key === key)!;
  OVERALL_FORM.splitRows.forEach(([incomeKey, expenseKey], i) => {
    const income = field(OVERALL_FORM.byIncome.fields, incomeKey);
    const expense = expenseKey === null ? null : field(OVERALL_FORM.byExpense.fields, expenseKey);
    b.add([
      rowLabel(`${income.label}：`),
      amount(ov.byIncome[incomeKey]),
      expense ? rowLabel(`${i === 0 ? '其中：' : ''}${expense.label}：`, 2) : blank(2),
      expense && expenseKey ? amount(ov.byExpense[expenseKey]) : blank(),
      blank(3),
    ]);
  });
  return { weight: at.get('weight') ?? null, score: at.get('score') ?? null };
}

/** A 附件2 or 附件3 layout as the grid prints it. */
function sheetLayoutOf(layout: Pick<OverallLayout, 'funds' | 'goals' | 'indicators' | 'total'>): SheetLayout {
  return {
    fundsBlock: layout.funds.block,
    fundsTotal: layout.funds.total,
    funds: layout.funds.columns,
    goals: layout.goals,
    indicatorsBlock: layout.indicators.block,
    indicators: layout.indicators.columns,
    total: layout.total,
  };
}

/** Amounts of a layout printed in 元: the package holds 万元. */
function scaleFor(layout: ProjectLayout): (cell: Cell) => Cell {
  return layout.amountUnit === '元' ? (cell) => (cell === null ? null : cellValue(cell).times(10_000).toFixed()) : (cell) => cell;
}

/** The top rows: 项目名称 (and 项目负责人), 主管部门 and 实施单位, then the layout's further header cells. */
function projectHeader(b: GridBuilder, layout: ProjectLayout, project: ProjectEvaluation | null): void {
  const width = b.width;
  const value = (text_: string) => (project ? text_ : '/');
  const pair = (left: string, leftValue: string, right: string, rightValue: string) => {
    const k = Math.ceil((width - 2) / 2);
    b.add([
      label(left),
      text(value(leftValue), k, project ? 'left' : 'center'),
      label(right),
      text(value(rightValue), width - 2 - k, project ? 'left' : 'center'),
    ]);
  };
  if (layout.header.manager) pair(layout.header.name, project?.name ?? '', layout.header.manager, project?.manager ?? '');
  else b.add([label(layout.header.name), text(value(project?.name ?? ''), width - 1, project ? 'left' : 'center')]);
  pair(layout.header.department, project?.department ?? '', layout.header.implementer, project?.implementer ?? '');
  for (const extra of layout.header.extra) {
    const remark = project?.remarks.find((r) => r.label === extra);
    b.add([label(extra), text(remark?.text ?? '', width - 1)]);
  }
  b.tag('header', 0);
}

/** A block's heading repeated over the block's continued rows (附件1's years, the indicators), where the form says so. */
function withinHeadings<B extends string>(repeated: RepeatedRows<B>, block: B, rows: { row: number; through: number }) {
  return repeated.within.includes(block) ? [rows] : [];
}

function projectTable(
  pkg: Package,
  project: ProjectEvaluation,
  figures: ScoredEvaluation,
  computed: ComputedPackage,
  part: string,
): Attachment {
  const layout = projectLayout(pkg.layout.project);
  const sheet = sheetLayoutOf(layout);
  const b = new GridBuilder(widthOf(sheet));
  projectHeader(b, layout, project);
  const sources = project.fundSources.map((row) => ({
    heading:
      layout.funds.sources.find((s) => s.kind === row.kind)?.heading ?? FUND_SOURCES.find((s) => s.kind === row.kind)?.label ?? row.kind,
    row,
  }));
  const execution = fundsBlock(b, sheet, project.funds, figures, computed.template.executionScoreCap, sources, scaleFor(layout));
  const inner = indicatorRows(b, sheet, project, figures, computed, execution);
  for (const remark of project.remarks) {
    if (layout.header.extra.includes(remark.label)) continue;
    b.add([label(remark.label), text(remark.text, b.width - 1)]);
  }
  return {
    label: part,
    title: layout.title(pkg.year),
    sheetName: part,
    columns: b.columns(),
    rows: b.rows,
    headerRows: b.headerRows(PROJECT_FORM.repeated),
    innerHeadings: withinHeadings(PROJECT_FORM.repeated, 'indicators', inner),
    notes: overrideNotes(figures),
  };
}

/**
 * The empty 附件3 of a unit without 一级项目, as the template prints it: names and figures "/", the
 * 资金来源 rows, 年度总体目标 and the template's indicator outline (一级 with its 分值, each 二级 with
 * "……") left blank to fill in.
 */
function emptyProjectTable(pkg: Package, computed: ComputedPackage): Attachment {
  const layout = projectLayout(pkg.layout.project);
  const sheet = sheetLayoutOf(layout);
  const b = new GridBuilder(widthOf(sheet));
  const slash = (span = 1): Spec => text('/', span, 'center');
  projectHeader(b, layout, null);
  const rowLabelSpan = Math.max(1, b.width - 1 - sheet.funds.length);
  const sources = layout.funds.sources;
  b.add([label(sheet.fundsBlock, 1, 2 + sources.length), blank(rowLabelSpan), ...sheet.funds.map((c) => label(c.heading))]);
  b.add([rowLabel(sheet.fundsTotal, rowLabelSpan), ...sheet.funds.map((c) => (c.key === 'weight' ? text('10', 1, 'center') : slash()))]);
  sources.forEach((source, i) =>
    b.add([rowLabel(i === 0 ? `其中：${source.heading}` : source.heading, rowLabelSpan), ...sheet.funds.map(() => blank())]),
  );
  goalRows(b, sheet, { expected: '', actual: '' });
  const { projectLevel1Weights: weights, indicatorTree: tree } = computed.template;
  const outline = Object.entries(weights).flatMap(([level1, weight]) =>
    (tree[level1] ?? []).map((level2) => ({ level1: `${level1}（${weight}分）`, level2 })),
  );
  const inner = indicatorBlock(b, sheet, outline, (_, key) => (key === 'name' ? text('……', 1, 'center') : blank()));
  if (sheet.total !== null) {
    const weightColumn = 1 + sheet.indicators.findIndex((c) => c.key === 'weight');
    const after = sheet.indicators
      .slice(weightColumn - 1)
      .map((c) => (c.key === 'weight' ? text('100', 1, 'center') : c.key === 'score' ? slash() : blank()));
    b.add([label(sheet.total, weightColumn), ...after]);
  }
  return {
    label: PROJECT_FORM.part,
    title: layout.title(pkg.year),
    sheetName: PROJECT_FORM.part,
    columns: b.columns(),
    rows: b.rows,
    headerRows: b.headerRows(PROJECT_FORM.repeated),
    innerHeadings: withinHeadings(PROJECT_FORM.repeated, 'indicators', { row: inner, through: b.rows.length - 1 }),
    notes: [],
  };
}

function otherFundTableOf(pkg: Package, table: OtherFundTable, fund: OtherFundSpec): Attachment {
  const b = new GridBuilder(3);
  b.add(OTHER_FUND_COLUMNS.map((column) => label(column.label)));
  b.tag('columns', 0);
  if (table.rows.length === 0) {
    b.add([text(OTHER_FUND_NONE, 1, 'center'), blank(), blank()]);
  } else {
    const first = b.rows.length;
    for (const row of table.rows) b.add([rowLabel(row.name), amount(row.budget), amount(row.actual)]);
    const last = b.rows.length - 1;
    const total = (column: number, key: 'budget' | 'actual'): Spec => {
      const exact = sum(table.rows.map((row) => cellValue(row[key]))).toString();
      return { ...amount(exact), formula: `SUM(${b.at(column, first)}:${b.at(column, last)})` };
    };
    b.add([label(OTHER_FUND_TOTAL.label), total(1, 'budget'), total(2, 'actual')]);
  }
  return {
    label: fund.part,
    title: fund.title(pkg.year),
    sheetName: fund.part,
    columns: b.columns(),
    rows: b.rows,
    headerRows: b.headerRows(OTHER_FUND_REPEATED),
    notes: table.note.trim() === '' ? [] : [clean(table.note.trim())],
  };
}

/**
 * All attachments the package holds, in document order: 附件1, 附件2, one 附件3 per project (the empty
 * table where the unit has none), 附件4–6. A part the package does not hold is not printed.
 */
export function attachments(input: Package, computed: ComputedPackage, form: BasicDataFormSpec = BASIC_DATA_FORM): Attachment[] {
  // 附件1 prints its totals as the template computes them from their parts.
  const pkg = settleTotals(input, computed.template, form);
  const out: Attachment[] = [];
  if (pkg.basicData) out.push(basicDataTable(pkg, pkg.basicData, computed, form));
  if (pkg.overall) out.push(overallTable(pkg, pkg.overall, computed));
  if (pkg.projects) {
    const projects = pkg.projects;
    if (projects.length === 0) out.push(emptyProjectTable(pkg, computed));
    projects.forEach((project, i) =>
      out.push(
        projectTable(
          pkg,
          project,
          computed.projects[i] as ScoredEvaluation,
          computed,
          // 附件3-1, 附件3-2 … in every format when there are several.
          projects.length === 1 ? PROJECT_FORM.part : `${PROJECT_FORM.part}-${i + 1}`,
        ),
      ),
    );
  }
  for (const fund of OTHER_FUNDS) {
    const table = pkg.otherFunds[fund.key];
    if (table) out.push(otherFundTableOf(pkg, table, fund));
  }
  const signed = out.filter((table) => table.label.startsWith(SIGNATURE_AFTER)).at(-1) ?? out.at(-1);
  signed?.notes.push(signatureLine(pkg));
  return out;
}

/**
 * Room after the label of a field the package leaves empty, for the name, number or date written in
 * by hand on the printed sheet: five 小五 characters and the two between fields, about 22 mm. (The
 * importer trims it, so an empty field reads back empty.)
 */
const WRITE_IN = 5;
/** The least room left to write in, where filled fields take the rest. */
const WRITE_IN_LEAST = 2;

/** A text's width in em, roughly: a CJK character one, anything narrower (digits, "-") half. */
const ems = (text: string): number => [...text].reduce((n, ch) => n + (ch.charCodeAt(0) < 0x2e80 ? 0.5 : 1), 0);

/**
 * 单位负责人签字 / 填表人 / 联系电话 / 填报日期: the last note of the table the form puts it under. The line
 * as the blank form prints it fits the page; a filled field longer than its room ("2021年3月10日") takes
 * the difference from the room of the empty ones, so the line still fits on one line.
 */
export function signatureLine(pkg: Package): string {
  const gap = '\u3000\u3000';
  const values = SIGNATURE_FIELDS.map((field) => pkg.signature[field.key]);
  const blanks = values.filter((value) => value === '').length;
  const over = values.reduce((n, value) => n + (value === '' ? 0 : Math.max(0, ems(value) - WRITE_IN)), 0);
  const room = blanks === 0 ? WRITE_IN : Math.max(WRITE_IN_LEAST, WRITE_IN - Math.ceil(over / blanks));
  return clean(SIGNATURE_FIELDS.map((field, i) => `${field.label}：${values[i] || '\u3000'.repeat(room)}`).join(gap));
}

/** Whether the unit filled any field of the signature line (a document without tables prints it only then). */
export function isSigned(pkg: Package): boolean {
  return SIGNATURE_FIELDS.some((field) => pkg.signature[field.key].trim() !== '');
}
