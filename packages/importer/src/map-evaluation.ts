/** 附件2 整体支出绩效自评表 and 附件3 项目支出绩效自评表: one shape, rows found by their labels. */
import type { FundsLine, FundsRow, Indicator, OverallEvaluation, ProjectEvaluation, QualitativeLevel } from '@jixiao/core';
import { amountCell, declaredCell, textCell } from './cells.js';
import { assignColumns, findHeader, headerKey, type HeaderColumns } from './columns.js';
import type { ImportContext } from './context.js';
import { isPlaceholder } from './amount.js';
import { labelMatches, oneLine } from './normalize.js';
import { rowLabel, type Part } from './parts.js';
import { emptyIndicator, emptyOverall, emptyProject } from '@jixiao/core';
import type { SourceCell, SourceRow } from './source.js';

type FundsColumn = 'initialBudget' | 'fullYearBudget' | 'executed' | 'weight' | 'executionRate' | 'score';
type IndicatorColumn = 'level1' | 'level2' | 'name' | 'target' | 'actual' | 'weight' | 'score' | 'deviation';

const FUNDS_TESTS: Record<FundsColumn, (key: string) => boolean> = {
  initialBudget: (k) => k.includes('年初预算'),
  fullYearBudget: (k) => k.includes('全年预算'),
  executed: (k) => k.includes('全年执行'),
  weight: (k) => k === '分值',
  executionRate: (k) => k.includes('执行率'),
  score: (k) => k.endsWith('得分'),
};

const INDICATOR_TESTS: Record<IndicatorColumn, (key: string) => boolean> = {
  level1: (k) => k === '一级指标',
  level2: (k) => k === '二级指标',
  name: (k) => k === '三级指标',
  target: (k) => k.includes('指标值'),
  actual: (k) => k.includes('完成值'),
  weight: (k) => k === '分值',
  score: (k) => k.endsWith('得分'),
  deviation: (k) => k.includes('偏差原因'),
};

/** Pairs "label | value" inside a row, for 附件2 (by income and expense nature). */
const OVERALL_PAIRS: [string, (e: OverallEvaluation, cell: SourceCell | undefined, ctx: ImportContext) => void][] = [
  ['一般公共预算', (e, c, ctx) => (e.byIncome.generalPublic = amountCell(ctx, c, '一般公共预算'))],
  ['政府性基金拨款', (e, c, ctx) => (e.byIncome.governmentFund = amountCell(ctx, c, '政府性基金拨款'))],
  ['纳入专户管理的非税收入拨款', (e, c, ctx) => (e.byIncome.specialAccountNonTax = amountCell(ctx, c, '纳入专户管理的非税收入拨款'))],
  ['其他资金', (e, c, ctx) => (e.byIncome.other = amountCell(ctx, c, '其他资金'))],
  ['基本支出', (e, c, ctx) => (e.byExpense.basic = amountCell(ctx, c, '基本支出'))],
  ['项目支出', (e, c, ctx) => (e.byExpense.project = amountCell(ctx, c, '项目支出'))],
];

const PROJECT_PAIRS: [string, (p: ProjectEvaluation, cell: SourceCell | undefined, ctx: ImportContext) => void][] = [
  ['项目支出名称', (p, c, ctx) => (p.name = textCell(ctx, c))],
  ['项目名称', (p, c, ctx) => (p.name = textCell(ctx, c))],
  ['主管部门', (p, c, ctx) => (p.department = textCell(ctx, c))],
  ['实施单位', (p, c, ctx) => (p.implementer = textCell(ctx, c))],
];

const FUND_SOURCES: [string, keyof ProjectEvaluation['fundSources']][] = [
  ['当年财政拨款', 'currentFiscal'],
  ['上年结转资金', 'carryOver'],
  ['其他资金', 'other'],
];

/** Label cells of the form that carry no data. */
const FORM_LABELS = ['按收入性质分', '按支出性质分', '绩效指标', '年度预算申请(万元)', '项目资金(万元)'];

/** "产出指标\n(50分)" → "产出指标"; "经济效\n益指标" → "经济效益指标". */
function levelName(text: string): string {
  return oneLine(text).replace(/[(（]\s*\d+(?:\.\d+)?\s*分\s*[)）]/g, '').replace(/\s+/g, '');
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

type FundsHeader = { row: SourceRow; columns: HeaderColumns<FundsColumn> };

interface Common {
  funds: FundsLine;
  goals: { expected: string; actual: string };
  indicators: Indicator[];
  declaredTotal: { weight: string | null; score: string | null };
}

function mapCommon<E extends Common>(
  part: Part,
  target: E,
  ctx: ImportContext,
  onRow: (row: SourceRow, label: string, labelCell: SourceCell, funds: FundsHeader | null) => boolean,
): void {
  const rows = part.blocks.filter((b): b is SourceRow => b.kind === 'row');
  let funds: FundsHeader | null = null;
  let indicators: { row: SourceRow; columns: HeaderColumns<IndicatorColumn> } | null = null;
  let level1 = '';
  let level2 = '';

  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const found = rowLabel(row);
    if (!found) continue;
    const keys = row.cells.map((cell) => headerKey(cell.text));
    const label = found.text;
    const labelRef = row.cells[found.index]!;

    if (keys.some((k) => k.includes('年初预算')) && keys.some((k) => k.includes('全年执行'))) {
      funds = { row, columns: findHeader(row, FUNDS_TESTS) };
      ctx.useRow(row);
      continue;
    }
    if (keys.includes('一级指标') && keys.includes('三级指标')) {
      indicators = { row, columns: findHeader(row, INDICATOR_TESTS) };
      ctx.useRow(row);
      continue;
    }
    if (keys.includes('预期目标')) {
      ctx.useRow(row);
      const next = rows[i + 1];
      // A sheet may omit the blank goals row entirely: then the next row is the indicator header.
      if (!next || next.cells.some((cell) => ['一级指标', '总分', '年初预算数'].includes(headerKey(cell.text)))) continue;
      const columns = findHeader(row, { expected: (k) => k.includes('预期目标'), actual: (k) => k.includes('实际完成情况') });
      const assigned = assignColumns(ctx, row, columns, next, '年度总体目标');
      if (assigned.ok) {
        target.goals = { expected: textCell(ctx, assigned.cells.expected), actual: textCell(ctx, assigned.cells.actual) };
      }
      i++;
      continue;
    }
    if (labelMatches(label, '总分')) {
      ctx.use(labelRef);
      const after = row.cells.slice(found.index + 1).filter((cell) => cell.text.trim() !== '');
      target.declaredTotal = { weight: declaredCell(ctx, after[0]), score: declaredCell(ctx, after[1]) };
      indicators = null;
      continue;
    }
    if (labelMatches(label, '年度资金总额') && funds) {
      ctx.use(labelRef);
      const assigned = assignColumns(ctx, funds.row, funds.columns, row, '年度资金总额');
      if (assigned.ok) {
        const c = assigned.cells;
        target.funds = {
          initialBudget: amountCell(ctx, c.initialBudget, '年初预算数'),
          fullYearBudget: amountCell(ctx, c.fullYearBudget, '全年预算数'),
          executed: amountCell(ctx, c.executed, '全年执行数'),
          weight: amountCell(ctx, c.weight, '分值'),
          declared: { executionRate: declaredCell(ctx, c.executionRate), score: declaredCell(ctx, c.score) },
        };
      }
      continue;
    }
    if (indicators) {
      readIndicator(ctx, indicators, row);
      continue;
    }
    for (const cell of row.cells) if (FORM_LABELS.some((l) => labelMatches(cell.text, l))) ctx.use(cell);
    onRow(row, label, labelRef, funds);
  }

  function readIndicator(ctx: ImportContext, header: { row: SourceRow; columns: HeaderColumns<IndicatorColumn> }, row: SourceRow): void {
    const blank = row.cells.every((cell) => isPlaceholder(cell.text));
    if (blank) return;
    for (const cell of row.cells) if (labelMatches(cell.text, '绩效指标')) ctx.use(cell);
    const name = oneLine(row.cells.find((cell) => cell.text.trim() !== '')?.text ?? '');
    const assigned = assignColumns(ctx, header.row, header.columns, row, name);
    if (!assigned.ok) return;
    const c = assigned.cells;
    const l1 = levelName(c.level1?.text ?? '');
    const l2 = levelName(c.level2?.text ?? '');
    ctx.use(c.level1, c.level2);
    if (l1) [level1, level2] = [l1, ''];
    if (l2) level2 = l2;
    const { actual, level, notApplicable } = readActualMarks(textCell(ctx, c.actual));
    const indicator: Indicator = {
      ...emptyIndicator(),
      level1,
      level2,
      name: textCell(ctx, c.name),
      target: textCell(ctx, c.target),
      actual,
      level,
      notApplicable,
      weight: amountCell(ctx, c.weight, `${level1}/${level2}/${oneLine(c.name?.text ?? '')} 分值`),
      score: amountCell(ctx, c.score, `${level1}/${level2}/${oneLine(c.name?.text ?? '')} 得分`),
      deviation: textCell(ctx, c.deviation),
    };
    const filled =
      indicator.name || indicator.target || indicator.actual || indicator.weight !== null || indicator.score !== null || level !== null || notApplicable;
    if (filled) target.indicators.push(indicator);
  }
}

export function mapOverall(part: Part, ctx: ImportContext): OverallEvaluation {
  const evaluation = emptyOverall();
  mapCommon(part, evaluation, ctx, (row, label, labelRef) => {
    if (labelMatches(label, '预算部门名称')) {
      ctx.use(labelRef);
      evaluation.unitName = textCell(ctx, row.cells.slice(row.cells.indexOf(labelRef) + 1).find((c) => c.text.trim() !== ''));
      return true;
    }
    let any = false;
    row.cells.forEach((cell, index) => {
      const pair = OVERALL_PAIRS.find(([l]) => labelMatches(cell.text, l));
      if (!pair) return;
      ctx.use(cell);
      pair[1](evaluation, row.cells[index + 1], ctx);
      any = true;
    });
    return any;
  });
  return evaluation;
}

/** A 附件3; null when it is an empty template (only "/" and "……"), which is not a project. */
export function mapProject(part: Part, ctx: ImportContext): ProjectEvaluation | null {
  const project = emptyProject();
  const mark = ctx.checkpoint();
  mapCommon(part, project, ctx, (row, label, labelRef, fundsHeader) => {
    let any = false;
    row.cells.forEach((cell, index) => {
      const pair = PROJECT_PAIRS.find(([l]) => labelMatches(cell.text, l));
      if (!pair) return;
      ctx.use(cell);
      pair[1](project, row.cells[index + 1], ctx);
      any = true;
    });
    if (any) return true;
    const source = FUND_SOURCES.find(([l]) => labelMatches(label, l));
    if (source && fundsHeader) {
      ctx.use(labelRef);
      const assigned = assignColumns(ctx, fundsHeader.row, fundsHeader.columns, row, label);
      if (assigned.ok) {
        const c = assigned.cells;
        const value: FundsRow = {
          initialBudget: amountCell(ctx, c.initialBudget, `${label} 年初预算数`),
          fullYearBudget: amountCell(ctx, c.fullYearBudget, `${label} 全年预算数`),
          executed: amountCell(ctx, c.executed, `${label} 全年执行数`),
        };
        project.fundSources[source[1]] = value;
      }
      return true;
    }
    return false;
  });
  const f = project.funds;
  const s = project.fundSources;
  const emptyTemplate =
    !project.name && !project.department && !project.implementer && !project.goals.expected && !project.goals.actual &&
    project.indicators.every((ind) => !ind.name && !ind.target && !ind.actual) &&
    [f.initialBudget, f.fullYearBudget, f.executed].every((v) => v === null) &&
    [s.currentFiscal, s.carryOver, s.other].every((r) => r.initialBudget === null && r.fullYearBudget === null && r.executed === null);
  if (!emptyTemplate) return project;
  ctx.rollback(mark);
  for (const block of part.blocks) {
    if (block.kind === 'row') ctx.useRow(block);
    else ctx.use(block);
  }
  ctx.note('提示', '附件3 项目支出绩效自评表是空白模板（名称为“/”，指标为“……”），没有导入任何项目', part.location);
  return null;
}

