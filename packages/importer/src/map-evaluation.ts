/**
 * 附件2 整体支出绩效自评表 and 附件3 项目支出绩效自评表 (any layout of forms/project.ts): rows and columns
 * found by the labels and aliases the forms declare, whatever their order. A project table's layout is
 * recognised by its headings; amounts printed in 元 are converted to 万元.
 */
import {
  DEFAULT_TEMPLATE,
  Decimal,
  EXECUTION_INDICATOR,
  FUND_SOURCES,
  FUNDS_COLUMNS,
  FUNDS_TOTAL,
  GOALS,
  INDICATOR_COLUMNS,
  INDICATORS_BLOCK,
  OVERALL_FORM,
  OVERALL_LAYOUTS,
  PROJECT_FORM,
  PLATFORM_INDICATOR_COLUMNS,
  PROJECT_LAYOUTS,
  SIGNATURE_FIELDS,
  TOTAL_ROW,
  emptyIndicator,
  fundsLabel,
  emptyOverall,
  emptyProject,
  overallLayout,
  type Cell,
  type DeclaredTotal,
  type FundSourceRow,
  type FundsLine,
  type Indicator,
  type OverallEvaluation,
  type OverallLayout,
  type OverallLayoutId,
  type PlatformIndicatorKey,
  type ProjectEvaluation,
  type LayoutColumn,
  type ProjectLayout,
  type ProjectLayoutId,
  type QualitativeLevel,
  type Remark,
} from '@jixiao/core';
import { readNumber, toHalfWidth } from '@jixiao/core';
import { isPlaceholder, readAmount } from './amount.js';
import { amountCell, declaredCell, textCell } from './cells.js';
import { assignColumns, countColumns, findColumns, type HeaderColumns } from './columns.js';
import type { ImportContext } from './context.js';
import { isLabelOf, labelFinder, labelKey, labelMatches, labelled, oneLine, type Labelled } from './normalize.js';
import { printedInYuanFields, rowLabel, type Part } from './parts.js';
import type { SourceBlock, SourceCell, SourceRow } from './source.js';

type FundsKey = (typeof FUNDS_COLUMNS)[number]['key'] | 'reason';
type IndicatorKey = (typeof INDICATOR_COLUMNS)[number]['key'] | PlatformIndicatorKey;

/** The blocks every 附件2 and 附件3 layout prints, each with its own headings. */
type SharedBlocks = Pick<OverallLayout, 'funds' | 'goals' | 'indicators'>;
const SHARED_LAYOUTS: readonly SharedBlocks[] = [...PROJECT_LAYOUTS, ...OVERALL_LAYOUTS];

/** An element with every heading the 附件2 and 附件3 layouts print for it added to its aliases: a layout's table reads by its own headings. */
function withLayoutHeadings<T extends Labelled>(spec: T, headings: (layout: SharedBlocks) => readonly string[]): T {
  return { ...spec, aliases: [...new Set([...spec.aliases, ...SHARED_LAYOUTS.flatMap(headings)])] };
}

/** Columns with the headings the layouts print for each. */
function columnsWithLayouts<K extends string, S extends Labelled & { readonly key: K }>(
  specs: readonly S[],
  columns: (layout: SharedBlocks) => readonly LayoutColumn<string>[],
): S[] {
  return specs.map((spec) => withLayoutHeadings(spec, (layout) => columns(layout).flatMap((c) => (c.key === spec.key ? [c.heading] : []))));
}

/** The 年度资金 block's columns, and the 原因 column some layouts print beside them. */
const FUNDS_HEADINGS: readonly (Labelled & { key: FundsKey })[] = [
  ...columnsWithLayouts(FUNDS_COLUMNS, (layout) => layout.funds.columns),
  { key: 'reason', label: '原因', aliases: ['执行率偏低原因', '产生差异的原因'] },
];

const INDICATOR_HEADINGS: readonly (Labelled & { key: IndicatorKey })[] = [
  ...columnsWithLayouts(INDICATOR_COLUMNS, (layout) => layout.indicators.columns),
  ...PLATFORM_INDICATOR_COLUMNS,
];

// "合计" (重庆's) also totals the scores (四川's): the first row under the funds headings is the money's (readRow).
const FUNDS_TOTAL_ROW = withLayoutHeadings(FUNDS_TOTAL, (layout) => (isLabelOf(layout.funds.total, TOTAL_ROW) ? [] : [layout.funds.total]));

const INDICATORS_BLOCK_LABEL = withLayoutHeadings(INDICATORS_BLOCK, (layout) => [layout.indicators.block]);

const GOAL_COLUMNS = [
  { key: 'expected', ...withLayoutHeadings(GOALS.expected, (layout) => [layout.goals.expected]) },
  { key: 'actual', ...withLayoutHeadings(GOALS.actual, (layout) => (layout.goals.actual === null ? [] : [layout.goals.actual])) },
] as const;

/** A label of one of the year's targets, numbered and weighted: "年度目标1:(80分)". */
const INLINE_GOAL = /^年度(?:总体|绩效)?目标\d*[:：]?(?:\(\d+(?:\.\d+)?分\))?$/;

/** A weight in a block's heading: "预算执行情况(万元)(20分)" → 20. */
const BLOCK_WEIGHT = /\((\d+(?:\.\d+)?)分\)/;

/** A 资金来源 row's columns a "—" closing the row may be merged over: a source row has no score of its own. */
const SOURCE_TAIL: readonly FundsKey[] = ['weight', 'executionRate', 'score'];

/** Heading rows whose cells are all form labels: used, never data. */
const FORM_LABELS: readonly Labelled[] = [
  INDICATORS_BLOCK_LABEL,
  OVERALL_FORM.fundsBlock,
  PROJECT_FORM.fundsBlock,
  { label: OVERALL_FORM.byIncome.label, aliases: [] },
  { label: OVERALL_FORM.byExpense.label, aliases: [] },
  GOALS,
];

/** The 一级 a 二级 stands under in the national indicator tree (数量指标 → 产出指标). */
function parentLevel(level2: string): string | undefined {
  return Object.entries(DEFAULT_TEMPLATE.indicatorTree).find(([, children]) => children.includes(level2))?.[0];
}

/** "产出指标\n(50分)" → "产出指标"; "经济效\n益指标" → "经济效益指标"; "(50分)" → "". */
function levelName(text: string): string {
  return oneLine(text)
    .replace(/[(（]\s*\d+(?:\.\d+)?\s*分\s*[)）]/g, '')
    .replace(/\s+/g, '');
}

/**
 * The marks @jixiao/documents prints on the last line of 实际完成值: 【定性：达成】 for a 定性 indicator's
 * level and 【不适用】 for an indicator set aside (either or both). Full-width or half-width
 * brackets and colon are accepted, and 定性评价/定性评价等级 for 定性.
 */
const MARKS_LINE = /(?:^|\n)((?:[【[](?:定性(?:评价等级|评价)?[:：](?:达成|部分达成|未达成)|不适用)[】\]])+)$/u;

/** 实际完成值 split into the value and the marks after it. */
export function readActualMarks(text: string): { actual: string; level: QualitativeLevel | null; notApplicable: boolean } {
  const found = MARKS_LINE.exec(text);
  if (!found) return { actual: text, level: null, notApplicable: false };
  const marks = found[1] ?? '';
  const level = /定性(?:评价等级|评价)?[:：](达成|部分达成|未达成)/u.exec(marks)?.[1] as QualitativeLevel | undefined;
  return { actual: text.slice(0, found.index), level: level ?? null, notApplicable: /不适用/u.test(marks) };
}

/** A value written with its unit in another column (指标值 "100" + 度量单位 "%") as one text: "100%". */
function withUnit(value: string, unit: string): string {
  return unit !== '' && /^[-\d.,]+$/.test(value) ? `${value}${unit}` : value;
}

interface Common {
  funds: FundsLine;
  goals: { expected: string; actual: string };
  indicators: Indicator[];
  declaredTotal: DeclaredTotal | null;
}

/** Reading one table: where its headers are, how amounts are scaled, and what it holds. */
class TableReader<E extends Common> {
  funds: { row: SourceRow; columns: HeaderColumns<FundsKey> } | null = null;
  indicators: { row: SourceRow; columns: HeaderColumns<IndicatorKey> } | null = null;
  private fundsTotalRead = false;
  /** the 分值 and 得分 columns of the first indicator header (null before one is read): the form's way of scoring */
  scoring: { weight: boolean; score: boolean } | null = null;
  private level1 = '';
  private level2 = '';
  /** the 一级 name was not printed (a blank cell, or only its weight "(50分)") but read from the 二级 under it */
  private level1Inferred = false;
  /** the 执行率's 分值 printed in the funds block's heading ("(20分)") by a form without a 分值 column */
  private headingWeight: string | null = null;
  /** what the table prints that the package keeps none of, each said once (keptOut) */
  private readonly saidKeptOut = new Set<string>();

  constructor(
    readonly ctx: ImportContext,
    readonly target: E,
    /** 1 for 万元; 10000 for tables printed in 元 */
    readonly divisor: number,
    /**
     * where the table's text rows (原因, 评价结论, 注 …) go; null for a form with no place for them (附件2),
     * whose text rows are then left unread, so that the import lists them rather than drop them
     */
    readonly remarks: Remark[] | null,
  ) {}

  amount(cell: SourceCell | undefined, what: string): Cell {
    const value = amountCell(this.ctx, cell, what);
    return value === null || this.divisor === 1 ? value : new Decimal(value).div(this.divisor).toFixed();
  }

  /** Handles the rows every 自评表 has; false for a row the caller must look at. */
  readRow(rows: SourceRow[], i: number): { handled: boolean; skip: number } {
    const { ctx, target } = this;
    const row = rows[i]!;
    const found = rowLabel(row);
    if (!found) return { handled: true, skip: 0 };
    const label = found.text;
    const labelRef = row.cells[found.index]!;

    const fundsColumns = findColumns(row, FUNDS_HEADINGS);
    if (fundsColumns.executed && countColumns(fundsColumns) >= 3) {
      this.funds = { row, columns: fundsColumns };
      // "预算执行情况(万元)(20分)": a form without a 分值 column prints the 执行率's in the block's heading.
      if (fundsColumns.weight === undefined) this.headingWeight = BLOCK_WEIGHT.exec(toHalfWidth(oneLine(label)))?.[1] ?? null;
      ctx.useRow(row);
      return { handled: true, skip: 0 };
    }
    const indicatorColumns = findColumns(row, INDICATOR_HEADINGS);
    // 重庆's forms list the indicators flat, without 一级/二级 columns: a name, a target and an actual make the header.
    const flat = indicatorColumns.target !== undefined && indicatorColumns.actual !== undefined;
    if (indicatorColumns.name && (indicatorColumns.level1 || flat) && countColumns(indicatorColumns) >= 4) {
      this.indicators = { row, columns: this.withHeadingsAbove(rows, i, indicatorColumns) };
      const { weight, score } = this.indicators.columns;
      this.scoring ??= { weight: weight !== undefined, score: score !== undefined };
      ctx.useRow(row);
      return { handled: true, skip: 0 };
    }
    // "年度目标1:(80分) | 增强政府工作效率…": a target written beside its label, with no 预期/实际 columns (湖北).
    if (INLINE_GOAL.test(toHalfWidth(oneLine(label)))) {
      const written = row.cells.slice(found.index + 1).filter((cell) => cell.text.trim() !== '');
      if (written.length === 1) {
        ctx.use(labelRef);
        const text = textCell(ctx, written[0]);
        target.goals = { ...target.goals, expected: target.goals.expected ? `${target.goals.expected}\n${text}` : text };
        return { handled: true, skip: 0 };
      }
    }
    const goalColumns = goalHeadings(row, found.index);
    if (goalColumns.expected && goalColumns.actual) {
      ctx.useRow(row);
      const next = rows[i + 1];
      // A sheet may omit the blank goals row entirely: then the next row is a header of its own.
      if (!next || countColumns(findColumns(next, INDICATOR_HEADINGS)) >= 3 || next.cells.some((c) => isLabelOf(c.text, TOTAL_ROW))) {
        return { handled: true, skip: 0 };
      }
      const assigned = assignColumns(ctx, row, goalColumns, next, GOALS.label);
      if (assigned.ok) target.goals = { expected: textCell(ctx, assigned.cells.expected), actual: textCell(ctx, assigned.cells.actual) };
      return { handled: true, skip: 1 };
    }
    // "合计" under the funds headings, before any indicator, totals the money (重庆), not the scores (四川); a
    // funds block of one line prints its figures right under the headings, without a label (重庆's platform).
    const firstFundsRow = this.funds !== null && !this.fundsTotalRead && !this.indicators;
    const fundsTotal =
      this.funds !== null &&
      (isLabelOf(label, FUNDS_TOTAL_ROW) ||
        (firstFundsRow && isLabelOf(label, TOTAL_ROW)) ||
        (firstFundsRow && rows[i - 1] === this.funds.row && readNumber(label).ok));
    if (!fundsTotal && isLabelOf(label, TOTAL_ROW)) {
      ctx.use(labelRef);
      const after = row.cells.slice(found.index + 1).filter((cell) => cell.text.trim() !== '');
      // Under indicator headings with 得分 but no 分值 (湖北's and 保山's 20-point forms), the one figure is the 总分.
      const header = this.indicators?.columns;
      const scoreOnly = header !== undefined && header.weight === undefined && header.score !== undefined && after.length === 1;
      target.declaredTotal = scoreOnly
        ? { weight: null, score: declaredCell(ctx, after[0]) }
        : { weight: declaredCell(ctx, after[0]), score: declaredCell(ctx, after[1]) };
      if (after[2]) ctx.use(after[2]); // a grade printed beside the total (优, 良 …) is derived
      this.indicators = null;
      return { handled: true, skip: 0 };
    }
    if (this.funds && fundsTotal) {
      ctx.use(labelRef);
      this.fundsTotalRead = true;
      const assigned = assignColumns(ctx, this.funds.row, this.funds.columns, row, FUNDS_TOTAL.label);
      if (assigned.ok) {
        const c = assigned.cells;
        target.funds = {
          initialBudget: this.amount(c.initialBudget, fundsLabel('initialBudget')),
          fullYearBudget: this.amount(c.fullYearBudget, fundsLabel('fullYearBudget')),
          executed: this.amount(c.executed, fundsLabel('executed')),
          weight: amountCell(ctx, c.weight, fundsLabel('weight')) ?? this.headingWeight,
          declared: { executionRate: declaredCell(ctx, c.executionRate), score: declaredCell(ctx, c.score) },
        };
        this.remark('原因', c.reason);
      }
      return { handled: true, skip: 0 };
    }
    if (this.indicators && !this.isRemark(label)) {
      this.readIndicator(row);
      return { handled: true, skip: 0 };
    }
    if (this.isRemark(label)) {
      if (this.remarks === null) return { handled: true, skip: 0 };
      ctx.use(labelRef);
      const text = row.cells.slice(found.index + 1).find((c) => c.text.trim() !== '');
      this.remark(
        oneLine(label)
          .replace(/[:：]\s*$/, '')
          .replace(/^注[:：].*$/, '注'),
        text ?? (/^注[:：]/.test(oneLine(label)) ? labelRef : undefined),
      );
      return { handled: true, skip: 0 };
    }
    for (const cell of row.cells) if (labelled(cell.text, FORM_LABELS)) ctx.use(cell);
    return { handled: false, skip: 0 };
  }

  private isRemark(label: string): boolean {
    const text = oneLine(label);
    return /^注[:：]/.test(text) || PROJECT_FORM.remarkLabels.some((l) => labelMatches(text, l));
  }

  /** A text row kept as the table printed it (评价结论, 说明, 注 …). */
  remark(label: string, cell: SourceCell | undefined): void {
    if (this.remarks === null) return;
    const text = cell ? textCell(this.ctx, cell) : '';
    if (text !== '') this.remarks.push({ label, text });
  }

  /**
   * Two-row indicator headings (绩效指标 / 年度指标值 over 一级指标 … 度量单位): a column the lower row
   * leaves to a cell merged from above takes its heading from the row above, whose headings are then used.
   */
  private withHeadingsAbove(rows: SourceRow[], i: number, columns: HeaderColumns<IndicatorKey>): HeaderColumns<IndicatorKey> {
    const above = rows[i - 1];
    const header = rows[i]!;
    if (!above) return columns;
    const upper = findColumns(above, INDICATOR_HEADINGS);
    const merged = { ...columns };
    if (above.exactColumns && header.exactColumns) {
      for (const key of Object.keys(upper) as IndicatorKey[]) {
        if (merged[key] === undefined && upper[key] !== undefined && !Object.values(columns).some((c) => c && c.col === upper[key]!.col))
          merged[key] = upper[key];
      }
    } else {
      // Text writes each position merged down from above as an empty cell; the ones ending the row are
      // the last columns, so they take the last headings of the row above, in order.
      let blanks = 0;
      while (blanks < header.cells.length && header.cells[header.cells.length - 1 - blanks]!.text.trim() === '') blanks++;
      const heads = above.cells.slice(-blanks);
      if (blanks > 0 && heads.length === blanks) {
        heads.forEach((head, j) => {
          const key = (Object.keys(upper) as IndicatorKey[]).find((k) => upper[k] === head);
          if (key && merged[key] === undefined) merged[key] = header.cells[header.cells.length - blanks + j];
        });
      }
    }
    if (countColumns(merged) > countColumns(columns)) this.ctx.useRow(above);
    return merged;
  }

  /** Says once for the table what it prints that the package keeps none of. */
  private keptOut(what: string, message: string, row: SourceRow): void {
    if (this.saidKeptOut.has(what)) return;
    this.saidKeptOut.add(what);
    this.ctx.note('提示', `绩效指标：${message}`, row.location);
  }

  private readIndicator(row: SourceRow): void {
    const { ctx, target } = this;
    if (row.cells.every((cell) => isPlaceholder(cell.text))) return;
    for (const cell of row.cells) if (isLabelOf(cell.text, INDICATORS_BLOCK)) ctx.use(cell);
    const header = this.indicators!;
    const name = oneLine(row.cells.find((cell) => cell.text.trim() !== '')?.text ?? '');
    const assigned = assignColumns(ctx, header.row, header.columns, row, name);
    if (!assigned.ok) return;
    const c = assigned.cells;
    const l1 = levelName(c.level1?.text ?? '');
    const l2 = levelName(c.level2?.text ?? '');
    ctx.use(c.level1, c.level2);
    if (l1) [this.level1, this.level2, this.level1Inferred] = [l1, '', false];
    if (l2) this.level2 = l2;
    // A 一级 cell that lost its name (vertical text dropped: "(50分)", or blank) is named by the 二级 under it.
    const unnamed = !l1 && (oneLine(c.level1?.text ?? '') !== '' || this.level1 === '' || this.level1Inferred);
    const parent = unnamed && l2 ? parentLevel(l2) : undefined;
    if (parent && parent !== this.level1) {
      [this.level1, this.level1Inferred] = [parent, true];
      ctx.note('提示', `一级指标没有写名称，按其下的二级指标“${l2}”记为“${parent}”`, row.location);
    }
    const unit = textCell(ctx, c.unit);
    // 指标性质 holds a comparison sign (四川 "≥", 云南 "≧") or, on 重庆's forms, the kind 定量指标 / 定性指标.
    const sign = textCell(ctx, c.sign).replace(/^(?:定量|定性)(?:指标)?$/, '');
    const opening = textCell(ctx, c.target);
    const adjusted = textCell(ctx, c.adjustedTarget);
    // 得分系数 and 自评权重 are worked out from 得分 and 分值 again; the rest is said once a table.
    ctx.use(c.coefficient, c.level1Weight);
    const indicatorName = textCell(ctx, c.name);
    if (adjusted && opening && adjusted !== opening)
      this.keptOut(
        'adjusted',
        `指标有“调整指标值”的，按调整后的指标值计分，年初指标值未导入（如“${indicatorName}”年初 ${opening}，调整为 ${adjusted}）`,
        row,
      );
    if (textCell(ctx, c.core) !== '') this.keptOut('core', '“是否核心指标”一列没有对应的项目，未导入', row);
    const { actual, level, notApplicable } = readActualMarks(textCell(ctx, c.actual));
    const where = `${this.level1}/${this.level2}/${oneLine(c.name?.text ?? '')}`;
    const indicator: Indicator = {
      ...emptyIndicator(),
      level1: this.level1,
      level2: this.level2,
      name: indicatorName,
      target: sign + withUnit(adjusted || opening, unit),
      actual: withUnit(actual, unit),
      level,
      notApplicable,
      weight: amountCell(ctx, c.weight, `${where} 分值`),
      score: amountCell(ctx, c.score, `${where} 得分`),
      deviation: textCell(ctx, c.deviation),
    };
    // Template placeholders ("指标1:", "指标2", "指标1:/", "……") name no indicator.
    if (/^指标\d*[:：]?(?:[/／]|…+)?$/.test(indicator.name)) indicator.name = '';
    const filled =
      indicator.name ||
      indicator.target ||
      indicator.actual ||
      indicator.weight !== null ||
      indicator.score !== null ||
      level !== null ||
      notApplicable;
    if (filled) target.indicators.push(indicator);
  }
}

/**
 * The goal columns of a row: the headings after the row's label where both are there ("年度总体目标完成情况 |
 * 预期目标 | 实际完成情况": the block's label names no column), else the row's own cells (重庆: "年度目标(年初) |
 * 年度总体目标完成情况" are the two headings).
 */
function goalHeadings(row: SourceRow, labelIndex: number): HeaderColumns<'expected' | 'actual'> {
  const after = findColumns({ ...row, cells: row.cells.slice(labelIndex + 1) }, GOAL_COLUMNS);
  return after.expected && after.actual ? after : findColumns(row, GOAL_COLUMNS);
}

const rowsOf = (part: Part) => part.blocks.filter((b): b is SourceRow => b.kind === 'row');

/**
 * Forms that score 预算执行率 among the indicators (core EXECUTION_INDICATOR) print no 分值 in the 年度资金
 * block: that indicator is the 执行率 line, and is read as its 分值 and 得分, checked as such.
 */
function executionFromIndicators(target: Common, ctx: ImportContext, location: string): void {
  const { funds } = target;
  if (funds.weight !== null || funds.declared.score !== null) return;
  const index = target.indicators.findIndex((ind) => ind.weight !== null && labelKey(ind.name) === labelKey(EXECUTION_INDICATOR.label));
  if (index === -1) return;
  const [line] = target.indicators.splice(index, 1) as [Indicator];
  funds.weight = line.weight;
  funds.declared.score = line.score;
  if (funds.declared.executionRate === null && line.actual !== '') funds.declared.executionRate = line.actual;
  ctx.note('提示', `指标“${line.name}”（分值 ${line.weight}）是执行率的计分行，已作为年度资金的执行率分值与得分导入`, location);
}

/** "项目负责人:查小兵": a label and a text written in one cell (the label part is checked by the caller). */
function inlineText(text: string): { label: string; value: string } | null {
  const match = /^([^:：]{2,12})[:：]\s*(.*)$/s.exec(oneLine(text));
  return match ? { label: match[1]!, value: match[2]!.trim() } : null;
}

/** The unit head's heading, as the signature line prints it or with the phone beside it ("单位负责人及电话"). */
const UNIT_HEAD = new RegExp(`^${SIGNATURE_FIELDS.find((f) => f.key === 'unitHead')!.pattern}(?:及(?:联系)?电话)?\\s*[:：]?$`);

/** "一般公共预算:1325.68": a label and its amount written in one cell. */
function inlineAmount(text: string): { label: string; amount: string } | null {
  const match = /^(.*?[^:：\s])\s*[:：]\s*(-?[\d,，．.]+(?:万元)?)$/.exec(oneLine(text));
  return match ? { label: match[1]!, amount: match[2]! } : null;
}

/** 附件2's funds fields, each with where its amount goes (built once: labels are matched by identity-cached forms). */
const OVERALL_FIELDS: (Labelled & { set: (evaluation: OverallEvaluation, cell: Cell) => void })[] = [
  ...OVERALL_FORM.byIncome.fields.map((f) => ({ ...f, set: (e: OverallEvaluation, cell: Cell) => (e.byIncome[f.key] = cell) })),
  ...OVERALL_FORM.byExpense.fields.map((f) => ({ ...f, set: (e: OverallEvaluation, cell: Cell) => (e.byExpense[f.key] = cell) })),
];

/** The two halves' own headings, which some units print with their total inline ("按收入性质分:1325.68"). */
const SPLIT_BLOCKS: (Labelled & { set: (evaluation: OverallEvaluation, text: string | null) => void })[] = [
  { ...OVERALL_FORM.byIncome, aliases: [], set: (e, text) => (e.declaredSplit.byIncome = text) },
  { ...OVERALL_FORM.byExpense, aliases: [], set: (e, text) => (e.declaredSplit.byExpense = text) },
];

/**
 * 附件2 and the layout it is printed in, by how its indicator header scores: no 得分 column is a form that
 * does not score (重庆's 部门整体绩效目标自评表); 得分 without 分值 is 湖北's 20-point form; 分值 and 得分
 * is the national form.
 */
export function mapOverall(
  part: Part,
  ctx: ImportContext,
): { overall: OverallEvaluation; layout: OverallLayoutId; /** the unit's head where the table names one, or '' */ unitHead: string } {
  const evaluation = emptyOverall();
  // Absent until the table shows its 总分 row.
  evaluation.declaredTotal = null;
  const reader = new TableReader(ctx, evaluation, 1, null);
  let unitHead = '';
  const rows = rowsOf(part);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const { handled, skip } = reader.readRow(rows, i);
    i += skip;
    if (handled) continue;
    const found = rowLabel(row);
    if (!found) continue;
    if (isLabelOf(found.text, OVERALL_FORM.unitName)) {
      ctx.use(row.cells[found.index]);
      evaluation.unitName = textCell(
        ctx,
        row.cells.slice(found.index + 1).find((c) => c.text.trim() !== ''),
      );
      // 重庆's form prints the unit's head beside its name ("单位负责人及电话"): the one who signs.
      const head = row.cells.findIndex((c) => UNIT_HEAD.test(oneLine(c.text)));
      if (head !== -1) {
        ctx.use(row.cells[head]);
        unitHead = textCell(
          ctx,
          row.cells.slice(head + 1).find((c) => c.text.trim() !== ''),
        );
      }
      continue;
    }
    row.cells.forEach((cell, index) => {
      const inline = inlineAmount(cell.text);
      const label = inline?.label ?? cell.text;
      const block = labelled(label, SPLIT_BLOCKS);
      if (block && inline) {
        ctx.use(cell);
        block.set(evaluation, readAmount(inline.amount).ok ? (readAmount(inline.amount) as { value: Cell }).value : null);
        return;
      }
      const field = labelled(label, OVERALL_FIELDS);
      if (!field) return;
      ctx.use(cell);
      if (inline) {
        const reading = readAmount(inline.amount);
        field.set(evaluation, reading.ok ? reading.value : null);
      } else {
        field.set(evaluation, amountCell(ctx, row.cells[index + 1], field.label));
      }
    });
  }
  executionFromIndicators(evaluation, ctx, part.location);
  // The layout that scores as the table does: 分值 and 得分, 得分 alone, or neither.
  const scoring = reader.scoring ?? { weight: true, score: true };
  const prints = (l: OverallLayout, key: 'weight' | 'score') => l.indicators.columns.some((c) => c.key === key);
  const layout =
    OVERALL_LAYOUTS.find((l) => prints(l, 'weight') === scoring.weight && prints(l, 'score') === scoring.score) ??
    overallLayout('national');
  return { overall: evaluation, layout: layout.id, unitHead };
}

/** Every heading a layout prints, for recognising the layout of a table. */
function layoutHeadings(layout: ProjectLayout): string[] {
  return [
    layout.header.name,
    ...(layout.header.manager ? [layout.header.manager] : []),
    layout.header.department,
    layout.header.implementer,
    ...layout.header.extra,
    layout.funds.block,
    ...layout.funds.columns.map((c) => c.heading),
    layout.funds.total,
    ...layout.funds.sources.map((s) => s.heading),
    layout.goals.expected,
    layout.goals.actual,
    ...layout.indicators.columns.map((c) => c.heading),
    ...(layout.total ? [layout.total] : []),
    ...layout.remarks,
  ];
}

/** The layout whose headings the table shows best: one point per heading found, half off per heading missing. */
function recogniseLayout(blocks: SourceBlock[], yuan: boolean): ProjectLayoutId {
  const texts = new Set<string>();
  for (const block of blocks)
    if (block.kind === 'row') for (const cell of block.cells) if (cell.text.trim() !== '' && cell.text.length <= 40) texts.add(cell.text);
  const present = labelFinder(texts);
  let best: { id: ProjectLayoutId; score: number } | null = null;
  for (const layout of PROJECT_LAYOUTS) {
    let score = layoutHeadings(layout).reduce((total, heading) => total + (present(heading) ? 1 : -0.5), 0);
    if ((layout.amountUnit === '元') === yuan) score += 2;
    if (!best || score > best.score) best = { id: layout.id, score };
  }
  return best!.id;
}

/** Amounts in 元: the funds block's heading says "(元)". */
function printedInYuan(blocks: SourceBlock[]): boolean {
  return blocks.some(
    (b) => b.kind === 'row' && b.cells.some((c) => /[(（]\s*元\s*[)）]/.test(c.text) && isLabelOf(c.text, PROJECT_FORM.fundsBlock)),
  );
}

export interface MappedProject {
  /** null when the table is an empty template (only "/" and "……"), which is not a project */
  project: ProjectEvaluation | null;
  layout: ProjectLayoutId;
}

/** Labelled cells of the top rows: 项目名称, 主管部门, 实施单位, 项目负责人 and a layout's extra cells. */
const PROJECT_FIELDS: readonly (Labelled & { set: (p: ProjectEvaluation, text: string) => void; remark?: string })[] = [
  { ...PROJECT_FORM.name_, set: (p, text) => (p.name = text) },
  { ...PROJECT_FORM.department, set: (p, text) => (p.department = text) },
  { ...PROJECT_FORM.implementer, set: (p, text) => (p.implementer = text) },
  { ...PROJECT_FORM.manager, set: (p, text) => (p.manager = text) },
];

export function mapProject(part: Part, ctx: ImportContext): MappedProject {
  const yuan = printedInYuan(part.blocks) || printedInYuanFields(part.fields);
  const layoutId = recogniseLayout(part.blocks, yuan);
  const layout = PROJECT_LAYOUTS.find((l) => l.id === layoutId)!;
  const project = emptyProject(layoutId);
  project.fundSources = [];
  // Absent until the table shows its 总分 row.
  project.declaredTotal = null;
  const mark = ctx.checkpoint();
  const remarks: Remark[] = [];
  const reader = new TableReader(ctx, project, yuan ? 10_000 : 1, remarks);
  const rows = rowsOf(part);
  const extra = [...new Set([...layout.header.extra, ...PROJECT_FORM.extraLabels])].map((label) => ({ label, aliases: [] as string[] }));
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const { handled, skip } = reader.readRow(rows, i);
    i += skip;
    if (handled) continue;
    const found = rowLabel(row);
    if (!found) continue;
    let any = false;
    row.cells.forEach((cell, index) => {
      // "项目负责人:查小兵": a label and its value in one cell.
      const inline = inlineText(cell.text);
      const field = labelled(inline?.label ?? cell.text, PROJECT_FIELDS);
      const other = field ? undefined : labelled(inline?.label ?? cell.text, extra);
      if (!field && !other) return;
      ctx.use(cell);
      // The value stands before the next label: "主管部门 | (blank) | 实施单位 | X" leaves 主管部门 blank.
      const after = row.cells.slice(index + 1);
      const next = after.findIndex((c) => labelled(inlineText(c.text)?.label ?? c.text, PROJECT_FIELDS) || labelled(c.text, extra));
      const value = inline ? undefined : after.slice(0, next === -1 ? undefined : next).find((c) => c.text.trim() !== '');
      const text = inline ? inline.value : textCell(ctx, value);
      if (field) field.set(project, text);
      else if (text !== '') remarks.push({ label: other!.label, text });
      any = true;
    });
    if (any) continue;
    const named = sourceLabel(row, found);
    const source = labelled(named.text, FUND_SOURCES);
    if (source && reader.funds) {
      ctx.use(row.cells[found.index], row.cells[named.index]);
      const header = reader.funds.row;
      const aligned = alignedToHeader(row, header, named.index);
      const assigned = assignColumns(ctx, header, reader.funds.columns, aligned, named.text, undefined, SOURCE_TAIL);
      if (assigned.ok) {
        const c = assigned.cells;
        const line: FundSourceRow = {
          kind: source.kind,
          initialBudget: reader.amount(c.initialBudget, `${named.text} ${fundsLabel('initialBudget')}`),
          fullYearBudget: reader.amount(c.fullYearBudget, `${named.text} ${fundsLabel('fullYearBudget')}`),
          executed: reader.amount(c.executed, `${named.text} ${fundsLabel('executed')}`),
          declared: { executionRate: declaredCell(ctx, c.executionRate) },
        };
        // A sub-row repeating the total's 分值 and 得分 (or "—", "/") says nothing of its own.
        ctx.use(c.weight, c.score);
        project.fundSources.push(line);
      }
    }
  }
  executionFromIndicators(project, ctx, part.location);
  if (layout.executionWeight !== null && project.funds.weight === null) project.funds.weight = layout.executionWeight;
  project.remarks = remarks;
  if (yuan && !isEmptyTemplate(project))
    ctx.note('提示', `“${project.name || PROJECT_FORM.name}”的金额单位为元，已换算为万元`, part.location);
  if (!isEmptyTemplate(project)) return { project, layout: layoutId };
  ctx.rollback(mark);
  for (const block of part.blocks) {
    if (block.kind === 'row') ctx.useRow(block);
    else ctx.use(block);
  }
  ctx.note('提示', `${PROJECT_FORM.part} ${PROJECT_FORM.name}是空白模板（名称为“/”，指标为“……”），没有导入任何项目`, part.location);
  return { project: null, layout: layoutId };
}

/** A 资金来源 row's label: the cell after a "其中" printed in a cell of its own, else the row's label. */
function sourceLabel(row: SourceRow, found: { index: number; text: string }): { index: number; text: string } {
  if (labelKey(found.text) !== '') return found;
  const index = row.cells.findIndex((cell, i) => i > found.index && cell.text.trim() !== '');
  return index === -1 ? found : { index, text: oneLine(row.cells[index]!.text) };
}

/**
 * A text row with more cells before its label than the header has there ("其中" in a cell of its
 * own, or the blank cells it leaves under it): those cells share the header's label column, so they
 * are set aside and the values line up with their headings.
 */
function alignedToHeader(row: SourceRow, header: SourceRow, labelIndex: number): SourceRow {
  const extra = row.cells.length - header.cells.length;
  if (row.exactColumns || extra <= 0) return row;
  const spare = row.cells.slice(0, labelIndex).filter((cell) => labelKey(cell.text) === '');
  if (spare.length < extra) return row;
  const aside = new Set(spare.slice(0, extra));
  return { ...row, cells: row.cells.filter((cell) => !aside.has(cell)) };
}

function isEmptyTemplate(project: ProjectEvaluation): boolean {
  const f = project.funds;
  return (
    !project.name &&
    !project.department &&
    !project.implementer &&
    !project.goals.expected &&
    !project.goals.actual &&
    project.indicators.every((ind) => !ind.name && !ind.target && !ind.actual) &&
    [f.initialBudget, f.fullYearBudget, f.executed].every((v) => v === null) &&
    project.fundSources.every((r) => r.initialBudget === null && r.fullYearBudget === null && r.executed === null)
  );
}
