/**
 * Every derived figure of a package (docs/domain.md §5–6), exact and unrounded. Rounding happens only when a
 * figure is formatted or compared as printed.
 */
import { Decimal, ONE, ZERO, cellValue, dec, max, min, ratio, round, sum } from './decimal.js';
import { linesOf, presentChildren, rowOf } from './basic-rows.js';
import { BASIC_DATA_FORM, type BasicDataFormSpec } from './forms/basic-data.js';
import type { OtherFundKey } from './forms/other-funds.js';
import type { BasicData, Cell, Indicator, OtherFundTable, OverallEvaluation, Package, QualitativeLevel, YearColumns } from './model.js';
import { parseMeasure, sameUnit, type Measure } from './measure.js';
import { DEFAULT_TEMPLATE, templateFor, type Template } from './templates.js';
import { computedTotals, settleTotals, type ComputedColumns } from './totals.js';

export type Grade = '优' | '良' | '中' | '差';

export interface ScoredIndicator {
  index: number;
  row: Indicator;
  kind: '定量' | '定性';
  target: Measure | null;
  actual: Measure | null;
  weight: Decimal | null;
  /** the 得分 that counts: the formula's, the unit's override, or the typed one (see `source`) */
  score: Decimal | null;
  /** where `score` comes from: the template's formula (rounded as printed), the unit's override, or typed */
  source: 'formula' | 'override' | 'typed';
  /** 得分 as typed or imported (what a source printed where the score is the formula's) */
  stated: Decimal | null;
  /** the unit's override of the formula's score, where it counts */
  override: { score: Decimal; reason: string } | null;
  /** what the template's formula gives; null for 定性 or where it cannot be computed */
  expectedScore: Decimal | null;
  /** actual / target, given only where the actual reaches the template's over-target ratio (or deviates, where deductions apply) */
  achievement: Decimal | null;
  met: boolean | null;
  /** for 定性: the level the score falls in */
  levelByScore: QualitativeLevel | null;
  /** why a 定量 score could not be computed */
  unscorable: string | null;
}

export interface Level2Group {
  name: string;
  weight: Decimal;
  score: Decimal;
}

export interface Level1Group {
  name: string;
  weight: Decimal;
  score: Decimal;
  level2: Level2Group[];
}

export interface ScoredEvaluation {
  executionRate: Decimal | null;
  executionWeight: Decimal;
  executionScore: Decimal | null;
  indicators: ScoredIndicator[];
  groups: Level1Group[];
  /** 执行率 分值 + Σ 指标分值 */
  weightTotal: Decimal;
  /** 执行率得分 + Σ 得分, before any cap or re-scaling */
  rawTotal: Decimal;
  /** the cap the template puts on the total at this 执行率, or null */
  cap: Decimal | null;
  /** 执行率得分 + Σ 得分 of the rows scored, after cap and re-scaling: what the editor shows as they are typed */
  rowsTotal: Decimal;
  /**
   * 总分 (rowsTotal), or null where it is not known (`untotalled` says why): a row not there or a score
   * not given is absent, not zero, so no total, grade or comparison is made of the rows that are
   */
  total: Decimal | null;
  grade: Grade | null;
  untotalled: Untotalled | null;
}

/** Why a 自评表 has no total: it shows no 总分 row (cut off before its end), or a row with a 分值 has no 得分. */
export type Untotalled = '无总分行' | '有行未得分';

/** Rates of a 附件1 row; each is null where it cannot be computed (a blank cell, a zero divisor). */
export interface RowChange {
  /** 本年决算 / 本年预算 */
  controlRate: Decimal | null;
  /** 本年决算 − 上年决算 */
  change: Decimal | null;
  /** change / 上年决算 */
  changeRate: Decimal | null;
}

export interface ColumnSums {
  prior: Decimal;
  budget: Decimal;
  actual: Decimal;
}

/** Budget and actual totals of one of 附件4–6. */
export interface FundTotals {
  budget: Decimal;
  actual: Decimal;
}

export interface ComputedPackage {
  template: Template;
  /** 实际在职人数 / 编制数; null where it cannot be computed or 附件1 has no staffing block */
  staffingControlRate: Decimal | null;
  /** control and change rates of every row the unit's 附件1 has */
  rows: Partial<Record<string, RowChange>>;
  /** the cells of 附件1 the template computes from their parts, by row and column, with the sums */
  totals: Partial<Record<string, ComputedColumns>>;
  /** the sum of each row's present parts (三公经费, 项目支出 …), for rows that have parts */
  partSums: Partial<Record<string, ColumnSums>>;
  /** the sum of the lines listed under a row, for rows that list lines */
  lineSums: Partial<Record<string, ColumnSums>>;
  buildingScaleControlRate: Decimal | null;
  buildingInvestmentControlRate: Decimal | null;
  /** (全年预算 − 年初预算) / 年初预算 of 附件2 */
  budgetAdjustmentRate: Decimal | null;
  /** 附件2 scored; null where the package has no 附件2 */
  overall: ScoredEvaluation | null;
  /** each 附件3 scored, in order ([] where there is none) */
  projects: ScoredEvaluation[];
  /** totals of 附件4–6; null for a table the package does not have */
  otherFunds: Record<OtherFundKey, FundTotals | null>;
}

/** Template fields as Decimals, resolved once per template. */
interface Settings {
  template: Template;
  executionCap: Decimal;
  overTarget: Decimal;
  bands: Record<QualitativeLevel, { min: Decimal; max: Decimal }>;
  grades: { grade: Grade; min: Decimal }[];
  caps: { rateBelow: Decimal; maxTotal: Decimal }[];
  deduction: { ratio: Decimal; points: Decimal } | null;
  executionWeight: Decimal;
  projectLevel1Weights: [name: string, weight: Decimal][];
  /** 定量 scores are the formula's */
  computedScores: boolean;
  /** whether an indicator's bare 指标值 is a ceiling (template.atMostNames) */
  atMost: (name: string) => boolean;
}

const settingsCache = new WeakMap<Template, Settings>();

export function settingsOf(template: Template): Settings {
  let settings = settingsCache.get(template);
  if (!settings) {
    const d = (text: string) => new Decimal(text);
    const band = (level: QualitativeLevel) => ({
      min: d(template.qualitativeBands[level].min),
      max: d(template.qualitativeBands[level].max),
    });
    settings = {
      template,
      executionCap: d(template.executionScoreCap),
      overTarget: d(template.overTargetRatio),
      bands: { 达成: band('达成'), 部分达成: band('部分达成'), 未达成: band('未达成') },
      grades: template.grades.map((g) => ({ grade: g.grade, min: d(g.min) })),
      caps: template.totalCaps.map((c) => ({ rateBelow: d(c.rateBelow), maxTotal: d(c.maxTotal) })),
      deduction: template.deviationDeduction
        ? { ratio: d(template.deviationDeduction.ratio), points: d(template.deviationDeduction.points) }
        : null,
      executionWeight: d(template.executionWeight),
      projectLevel1Weights: Object.entries(template.projectLevel1Weights).map(([name, weight]) => [name, d(weight)]),
      computedScores: template.scores === 'computed',
      atMost: (name) => template.atMostNames.some((end) => name.trim().endsWith(end)),
    };
    settingsCache.set(template, settings);
  }
  return settings;
}

function optional(cell: Cell): Decimal | null {
  return cell === null ? null : dec(cell);
}

/**
 * A rate of two cells: null where the numerator was not filled in (a blank is "not yet known", not 0, so a
 * package carried into a new year shows — rather than 0.00%) or where the divisor is 0 or blank.
 */
function rateOf(numerator: Cell, denominator: Cell): Decimal | null {
  return numerator === null ? null : ratio(cellValue(numerator), cellValue(denominator));
}

function rowChange(row: YearColumns): RowChange {
  const change = row.actual === null || row.prior === null ? null : cellValue(row.actual).minus(cellValue(row.prior));
  return {
    controlRate: rateOf(row.actual, row.budget),
    change,
    changeRate: change === null ? null : ratio(change, cellValue(row.prior)),
  };
}

function columnSums(rows: readonly YearColumns[]): ColumnSums {
  return {
    prior: sum(rows.map((r) => cellValue(r.prior))),
    budget: sum(rows.map((r) => cellValue(r.budget))),
    actual: sum(rows.map((r) => cellValue(r.actual))),
  };
}

/** The score a 定量 indicator earns under the template (docs/domain.md §6), clamped to [0, 分值]. */
export function quantitativeScore(
  target: Measure,
  actualMeasure: Measure,
  weight: Decimal,
  settings: Settings,
): { score: Decimal; met: boolean; achievement: Decimal | null } {
  const t = target.value;
  const a = actualMeasure.value.isNegative() ? ZERO : actualMeasure.value; // negative actuals count as 0
  const reverse = target.sign === '≤' || target.sign === '<';
  let met: boolean;
  let score: Decimal;
  if (t.isZero()) {
    met = reverse || target.sign === '=' ? a.lessThanOrEqualTo(ZERO) : true;
    score = met ? weight : ZERO;
  } else if (reverse) {
    met = a.lessThanOrEqualTo(t);
    const fraction = met ? ONE : settings.template.reverseFormula === 'linear' ? ONE.minus(a.minus(t).div(t)) : t.div(a);
    score = met ? weight : weight.times(max(ZERO, fraction));
  } else {
    met = a.greaterThanOrEqualTo(t);
    score = met ? weight : weight.times(a).div(t);
  }
  // actual / target is needed only where the actual is far above target (target set too low) or where the
  // template deducts for deviation; a division is the costliest step here, so it is done only then.
  const deviates = settings.deduction !== null && a.minus(t).abs().greaterThanOrEqualTo(t.times(settings.deduction.ratio));
  const achievement = !t.isZero() && (deviates || a.greaterThanOrEqualTo(t.times(settings.overTarget))) ? a.div(t) : null;
  if (deviates && settings.deduction) score = max(ZERO, score.minus(settings.deduction.points));
  return { score, met, achievement };
}

function levelForFraction(fraction: Decimal, settings: Settings): QualitativeLevel {
  if (fraction.greaterThanOrEqualTo(settings.bands.达成.min)) return '达成';
  if (fraction.greaterThanOrEqualTo(settings.bands.部分达成.min)) return '部分达成';
  return '未达成';
}

/**
 * The 得分 the unit's file printed for an indicator whose counted score is the formula's and differs:
 * what ev.score-formula reports and the editor offers to keep or drop. Null for any other indicator.
 */
export function replacedScore(item: ScoredIndicator): Decimal | null {
  return item.source === 'formula' && item.stated !== null && item.score !== null && !item.score.equals(item.stated) ? item.stated : null;
}

/** One 三级指标 scored under the template: the formula's score for a 定量 row where the template computes it. */
export function scoreIndicator(row: Indicator, index: number, settings: Settings): ScoredIndicator {
  const written = parseMeasure(row.target);
  // "财政供养人员控制率 100%": a rate where less is better, its ceiling written without "≤"
  const target = written && !written.explicitSign && settings.atMost(row.name) ? { ...written, sign: '≤' as const } : written;
  const actual = parseMeasure(row.actual);
  const weight = optional(row.weight);
  const stated = optional(row.score);
  // One object shape for every indicator (no spreads): the rules walk thousands of these.
  const scored: ScoredIndicator = {
    index,
    row,
    kind: target ? '定量' : '定性',
    target,
    actual,
    weight,
    score: stated,
    source: 'typed',
    stated,
    override: null,
    expectedScore: null,
    achievement: null,
    met: null,
    levelByScore: null,
    unscorable: null,
  };
  if (!target) {
    if (weight && stated && !weight.isZero()) scored.levelByScore = levelForFraction(stated.div(weight), settings);
  } else if (actual === null) {
    scored.unscorable = '实际完成值不是数值，无法按公式计分';
  } else if (!sameUnit(target, actual)) {
    scored.unscorable = `指标值单位“${target.unit}”与实际完成值单位“${actual.unit}”不一致`;
  } else if (weight === null) {
    scored.unscorable = '缺少分值';
  } else {
    const result = quantitativeScore(target, actual, weight, settings);
    scored.expectedScore = result.score;
    scored.achievement = result.achievement;
    scored.met = result.met;
    if (settings.computedScores) {
      // The score counts as printed (2 decimals, half-up), so the printed column adds up to the printed total.
      if (row.override) {
        scored.override = { score: dec(row.override.score), reason: row.override.reason };
        scored.score = scored.override.score;
        scored.source = 'override';
      } else {
        scored.score = round(result.score);
        scored.source = 'formula';
      }
    }
  }
  return scored;
}

function groupIndicators(indicators: readonly ScoredIndicator[], counted: (i: ScoredIndicator) => boolean): Level1Group[] {
  const groups: Level1Group[] = [];
  for (const item of indicators) {
    if (!counted(item)) continue;
    const weight = item.weight ?? ZERO;
    const score = item.score ?? ZERO;
    let group = groups.find((g) => g.name === item.row.level1);
    if (!group) {
      group = { name: item.row.level1, weight: ZERO, score: ZERO, level2: [] };
      groups.push(group);
    }
    group.weight = group.weight.plus(weight);
    group.score = group.score.plus(score);
    let sub = group.level2.find((g) => g.name === item.row.level2);
    if (!sub) {
      sub = { name: item.row.level2, weight: ZERO, score: ZERO };
      group.level2.push(sub);
    }
    sub.weight = sub.weight.plus(weight);
    sub.score = sub.score.plus(score);
  }
  return groups;
}

export function gradeOf(total: Decimal, settings: Settings): Grade {
  return settings.grades.find((g) => total.greaterThanOrEqualTo(g.min))?.grade ?? '差';
}

/** A 自评表 as scoring reads it: its funds line, its indicators and whether it shows its 总分 row. */
type ScoredTable = Pick<OverallEvaluation, 'funds' | 'indicators' | 'declaredTotal'>;

export function scoreEvaluation({ funds, indicators, declaredTotal }: ScoredTable, settings: Settings): ScoredEvaluation {
  const executionWeight = cellValue(funds.weight);
  const executionRate = rateOf(funds.executed, funds.fullYearBudget);
  const executionScore = executionRate === null ? null : min(executionRate, settings.executionCap).times(executionWeight);
  const scored = indicators.map((row, index) => scoreIndicator(row, index, settings));
  const rescale = settings.template.rescaleInapplicable;
  const counted = (i: ScoredIndicator) => !(rescale && i.row.notApplicable);
  const groups = groupIndicators(scored, counted);
  const weightTotal = executionWeight.plus(sum(groups.map((g) => g.weight)));
  const rawTotal = (executionScore ?? ZERO).plus(sum(groups.map((g) => g.score)));
  let total = rescale && !weightTotal.isZero() ? rawTotal.times(100).div(weightTotal) : rawTotal;
  const cap = executionRate === null ? null : (settings.caps.find((c) => executionRate.lessThan(c.rateBelow))?.maxTotal ?? null);
  if (cap !== null) total = min(total, cap);
  const unscored =
    (funds.weight !== null && executionScore === null) ||
    scored.some((i) => counted(i) && !i.row.notApplicable && i.weight !== null && i.score === null);
  const untotalled: Untotalled | null = declaredTotal === null ? '无总分行' : unscored ? '有行未得分' : null;
  return {
    executionRate,
    executionWeight,
    executionScore,
    indicators: scored,
    groups,
    weightTotal,
    rawTotal,
    cap,
    rowsTotal: total,
    total: untotalled === null ? total : null,
    grade: untotalled === null ? gradeOf(total, settings) : null,
    untotalled,
  };
}

/** The template a package names, or the default where the name is unknown (reported by a rule). */
export function templateOf(pkg: Package): Template {
  return templateFor(pkg.template) ?? DEFAULT_TEMPLATE;
}

function basicFigures(
  basic: BasicData,
  form: BasicDataFormSpec,
  template: Template,
): Pick<ComputedPackage, 'rows' | 'totals' | 'partSums' | 'lineSums'> {
  const rows: Partial<Record<string, RowChange>> = {};
  const partSums: Partial<Record<string, ColumnSums>> = {};
  const lineSums: Partial<Record<string, ColumnSums>> = {};
  for (const spec of form.rows) {
    const row = rowOf(basic, spec.id);
    if (row === undefined) continue;
    rows[spec.id] = rowChange(row);
    if (spec.parts) {
      const parts = presentChildren(basic, spec.id, form).map((child) => rowOf(basic, child.id) as YearColumns);
      partSums[spec.id] = columnSums(parts);
    }
    const lines = linesOf(basic, spec.id);
    if (spec.lines && lines !== undefined) lineSums[spec.id] = columnSums(lines);
  }
  return { rows, totals: computedTotals(basic, template, form), partSums, lineSums };
}

function fundTotals(table: OtherFundTable | null): FundTotals | null {
  return table === null
    ? null
    : { budget: sum(table.rows.map((r) => cellValue(r.budget))), actual: sum(table.rows.map((r) => cellValue(r.actual))) };
}

/** Every derived figure; 附件1's figures are those of its totals as the template computes them (totals.ts). */
export function compute(
  input: Package,
  template: Template = templateOf(input),
  form: BasicDataFormSpec = BASIC_DATA_FORM,
): ComputedPackage {
  const pkg = settleTotals(input, template, form);
  const settings = settingsOf(template);
  const basic = pkg.basicData;
  const overallFunds = pkg.overall?.funds ?? null;
  const buildings = basic?.buildings ?? null;
  const initial = overallFunds === null ? null : cellValue(overallFunds.initialBudget);
  return {
    template,
    staffingControlRate: basic?.staffing ? rateOf(basic.staffing.actual, basic.staffing.authorized) : null,
    ...(basic ? basicFigures(basic, form, template) : { rows: {}, totals: {}, partSums: {}, lineSums: {} }),
    buildingScaleControlRate: buildings ? rateOf(buildings.actualArea, buildings.approvedArea) : null,
    buildingInvestmentControlRate: buildings ? rateOf(buildings.actualInvestment, buildings.budgetInvestment) : null,
    budgetAdjustmentRate:
      overallFunds === null || overallFunds.fullYearBudget === null || initial === null
        ? null
        : ratio(cellValue(overallFunds.fullYearBudget).minus(initial), initial),
    overall: pkg.overall ? scoreEvaluation(pkg.overall, settings) : null,
    projects: (pkg.projects ?? []).map((p) => scoreEvaluation(p, settings)),
    otherFunds: {
      governmentFund: fundTotals(pkg.otherFunds.governmentFund),
      stateCapital: fundTotals(pkg.otherFunds.stateCapital),
      socialInsurance: fundTotals(pkg.otherFunds.socialInsurance),
    },
  };
}

/**
 * The figures after the fields at `paths` changed, from the figures before: an edit inside a 附件3
 * project rescores only that project (one project's scoring is well under a millisecond, a whole package
 * of 200 projects ~30 ms); any other edit recomputes the package-level figures and keeps the projects'.
 */
export function recompute(pkg: Package, previous: ComputedPackage, paths: readonly string[]): ComputedPackage {
  const projects = pkg.projects ?? [];
  if (previous.projects.length !== projects.length || paths.includes('template') || paths.some((p) => p === 'projects')) {
    return compute(pkg);
  }
  const settings = settingsOf(previous.template);
  const touched = new Set<number>();
  let outside = false;
  for (const path of paths) {
    const index = projectIndexOf(path);
    if (index === null) outside = true;
    else touched.add(index);
  }
  const base = outside ? { ...compute({ ...pkg, projects: [] }, previous.template), projects: previous.projects } : previous;
  if (touched.size === 0) return base;
  const scored = [...base.projects];
  for (const index of touched) {
    const project = projects[index];
    if (project) scored[index] = scoreEvaluation(project, settings);
  }
  return { ...base, projects: scored };
}

/** Index of the 附件3 project a path lies in, or null for any other part of the package. */
export function projectIndexOf(path: string): number | null {
  const match = /^projects\[(\d+)\]/.exec(path);
  return match ? Number(match[1]) : null;
}
