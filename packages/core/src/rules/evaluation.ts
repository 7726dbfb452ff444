/** 附件2 (整体) and 附件3 (项目) 自评表: 执行率, indicator scores, weights, totals, fund splits. */
import { replacedScore, settingsOf, type ComputedPackage, type ScoredEvaluation, type ScoredIndicator } from '../compute.js';
import { Decimal, HUNDRED, cellValue, round, sum } from '../decimal.js';
import {
  FUNDS_TOTAL,
  FUND_SOURCES,
  GOALS,
  OVERALL_FORM,
  PROJECT_FORM,
  fundsLabel,
  indicatorLabel,
  layoutPrints,
  overallLayout,
  projectLayout,
} from '../forms/index.js';
import type { DeclaredTotal, FundsLine, FundsRow, Indicator, Remark } from '../model.js';
import { IN_WAN, cellFig, diff, fig, money, moneyIn, parsePrintedNumber, partsSum, pct, printedMatches, type Money } from './figures.js';
import { rule, type Location, type Part, type Rule, type RuleContext } from './types.js';

/** One 自评表 as the rules see it: 附件2, or one 附件3 project. */
interface Sheet {
  part: Part;
  /** JSON path of the table */
  path: string;
  /** how messages name the table: 附件2, 附件3“环卫工人工资” */
  name: string;
  funds: FundsLine;
  indicators: Indicator[];
  goals: { expected: string; actual: string };
  declaredTotal: DeclaredTotal | null;
  /** the total the header states (PROJECT_FORM.headerScore) as printed, and where it is; null where there is none */
  headerScore: { text: string; path: string } | null;
  scored: ScoredEvaluation;
  isProject: boolean;
  /** what the table's layout prints (forms layoutPrints): only that is asked of it */
  prints: ReturnType<typeof layoutPrints>;
  /** the unit the table prints amounts in */
  money: Money;
}

function sheets(ctx: RuleContext): Sheet[] {
  return ctx.memo('evaluation:sheets', () => buildSheets(ctx));
}

function buildSheets({ pkg, computed }: RuleContext): Sheet[] {
  const out: Sheet[] = [];
  if (pkg.overall && computed.overall) {
    out.push({
      part: '附件2',
      path: 'overall',
      name: '附件2 ',
      funds: pkg.overall.funds,
      indicators: pkg.overall.indicators,
      goals: pkg.overall.goals,
      declaredTotal: pkg.overall.declaredTotal,
      headerScore: null,
      scored: computed.overall,
      isProject: false,
      prints: layoutPrints(overallLayout(pkg.layout.overall)),
      money: IN_WAN,
    });
  }
  const layout = projectLayout(pkg.layout.project);
  const prints = layoutPrints(layout);
  const money = moneyIn(layout.amountUnit);
  (pkg.projects ?? []).forEach((p, i) =>
    out.push({
      part: '附件3',
      path: `projects[${i}]`,
      name: `附件3“${p.name}”`,
      funds: p.funds,
      indicators: p.indicators,
      goals: p.goals,
      declaredTotal: p.declaredTotal,
      headerScore: headerScoreOf(p.remarks),
      scored: computed.projects[i] as ScoredEvaluation,
      isProject: true,
      prints,
      money,
    }),
  );
  return out;
}

function headerScoreOf(remarks: readonly Remark[]): Sheet['headerScore'] {
  const index = remarks.findIndex((r) => r.label === PROJECT_FORM.headerScore && r.text.trim() !== '');
  return index === -1 ? null : { text: remarks[index]!.text, path: `remarks[${index}].text` };
}

/** A rule applied to every 自评表 of the package. */
function sheetRule(
  id: string,
  severity: Rule['severity'],
  description: string,
  check: (sheet: Sheet, ctx: RuleContext, report: (m: string, l: Location) => void) => void,
): Rule {
  return rule(id, severity, description, (ctx, report) => {
    for (const sheet of sheets(ctx)) check(sheet, ctx, report);
  });
}

/** A rule about what a layout may not print (layoutPrints): silent for tables whose layout does not. */
const printedRule =
  (asks: 'scores' | 'total') =>
  (
    id: string,
    severity: Rule['severity'],
    description: string,
    check: (sheet: Sheet, ctx: RuleContext, report: (m: string, l: Location) => void) => void,
  ): Rule =>
    sheetRule(id, severity, description, (sheet, ctx, report) => {
      if (sheet.prints[asks]) check(sheet, ctx, report);
    });

/** A rule about weights and scores: silent for tables whose layout has no 分值 / 得分 columns. */
const scoreRule = printedRule('scores');
/** A rule about the 总分 a table states, for every table whose layout prints 得分 (with 分值 or without). */
const totalRule = printedRule('total');

const at = (sheet: Sheet, path: string, row: string, column?: string): Location => ({
  part: sheet.part,
  path: `${sheet.path}.${path}`,
  row,
  ...(column ? { column } : {}),
});

const indicatorAt = (sheet: Sheet, index: number, field: string, column: string): Location =>
  at(sheet, `indicators[${index}].${field}`, sheet.indicators[index]?.name ?? '', column);

/** A blank or zero divisor is an omission, not a contradiction: said as a warning. */
const executionUncomputable = sheetRule(
  'ev.execution-uncomputable',
  '警告',
  '全年预算数为 0 或未填、全年执行数未填时，执行率无法计算，执行率不能计分',
  (sheet, _ctx, report) => {
    const { funds, scored } = sheet;
    // A form that prints no 全年预算数 (重庆's 目标自评表) states no 执行率: nothing is missing from it.
    if (scored.executionRate !== null || !sheet.prints.rate) return;
    // Said of the cell that stops it; a table with neither amount has no money to speak of (ev.empty's concern).
    if (funds.executed === null) {
      if (funds.fullYearBudget !== null)
        report(
          `${sheet.name}全年执行数未填，执行率无法计算，执行率不能计分`,
          at(sheet, 'funds.executed', FUNDS_TOTAL.label, fundsLabel('executed')),
        );
    } else {
      // A blank 全年预算数 is not a 0 (some forms, 重庆's, print only 年初预算 and 实际投入).
      const budget = funds.fullYearBudget === null ? '未填' : '为 0';
      report(
        `${sheet.name}全年预算数${budget}，执行率无法计算，执行率不能计分`,
        at(sheet, 'funds.fullYearBudget', FUNDS_TOTAL.label, fundsLabel('fullYearBudget')),
      );
    }
  },
);

const executionRate = sheetRule('ev.execution-rate', '错误', '表中填报的执行率 = 全年执行数 / 全年预算数', (sheet, _ctx, report) => {
  const { funds, scored } = sheet;
  const printed = funds.declared.executionRate;
  if (scored.executionRate === null) return;
  if (printed !== null && printed.trim() !== '' && !printedMatches(printed, scored.executionRate, true)) {
    report(
      `${sheet.name}执行率填报为 ${printed}，按 ${money(cellValue(funds.executed), sheet.money)} / ${money(cellValue(funds.fullYearBudget), sheet.money)} 计算应为 ${pct(scored.executionRate)}`,
      at(sheet, 'funds.declared.executionRate', FUNDS_TOTAL.label, fundsLabel('executionRate')),
    );
  }
});

const executionScore = sheetRule('ev.execution-score', '错误', '执行率得分 = min(执行率, 100%) × 分值', (sheet, _ctx, report) => {
  const printed = sheet.funds.declared.score;
  const score = sheet.scored.executionScore;
  if (score === null || printed === null || printed.trim() === '') return;
  if (!printedMatches(printed, score, false)) {
    report(
      `${sheet.name}执行率得分填报为 ${printed}，按执行率 ${pct(sheet.scored.executionRate ?? new Decimal(0))} × 分值 ${fig(sheet.scored.executionWeight)} 计算应为 ${fig(round(score))}`,
      at(sheet, 'funds.declared.score', FUNDS_TOTAL.label, fundsLabel('score')),
    );
  }
});

const executionWeight = scoreRule(
  'ev.execution-weight',
  '警告',
  '预算执行率的分值宜为模板规定的分值（通常 10 分）',
  (sheet, { computed }, report) => {
    const expected = settingsOf(computed.template).executionWeight;
    const funds = sheet.funds;
    if (funds.weight === null) {
      if (funds.fullYearBudget !== null || funds.executed !== null) {
        report(
          `${sheet.name}预算执行率未填分值（通常为 ${fig(expected)} 分）`,
          at(sheet, 'funds.weight', FUNDS_TOTAL.label, fundsLabel('weight')),
        );
      }
    } else if (!sheet.scored.executionWeight.equals(expected)) {
      report(
        `${sheet.name}预算执行率分值为 ${fig(sheet.scored.executionWeight)}，应为 ${fig(expected)}`,
        at(sheet, 'funds.weight', FUNDS_TOTAL.label, fundsLabel('weight')),
      );
    }
  },
);

const overExecuted = sheetRule('ev.over-executed', '警告', '全年执行数超过全年预算数', (sheet, _ctx, report) => {
  const rate = sheet.scored.executionRate;
  if (rate !== null && rate.greaterThan(1)) {
    report(
      `${sheet.name}全年执行数 ${money(cellValue(sheet.funds.executed), sheet.money)} 超过全年预算数 ${money(cellValue(sheet.funds.fullYearBudget), sheet.money)}（执行率 ${pct(rate)}，得分按 100% 计）`,
      at(sheet, 'funds.executed', FUNDS_TOTAL.label, fundsLabel('executed')),
    );
  }
});

/**
 * Rules about the whole indicator list need the whole table: one that shows no 总分 row was cut off
 * before its end (a page missing), and the rows after the cut are absent, not zero.
 */
const whole = (sheet: Sheet) => sheet.declaredTotal !== null;

/** The table can be summed: it is whole, and the 执行率 分值 its total includes is there (blank, or the head cut off). */
const summable = (sheet: Sheet) => whole(sheet) && sheet.funds.weight !== null;

const weightTotal = scoreRule(
  'ev.weight-total',
  '错误',
  '执行率分值与全部指标分值合计应为 100（表格完整、有总分行时）',
  (sheet, _ctx, report) => {
    if (!summable(sheet)) return;
    const total = sheet.scored.weightTotal;
    if (!total.equals(HUNDRED)) {
      const indicators = total.minus(sheet.scored.executionWeight);
      report(
        `${sheet.name}分值合计为 ${fig(total)}（执行率 ${fig(sheet.scored.executionWeight)} + 指标 ${fig(indicators)}），应为 100.00${diff(total, HUNDRED)}`,
        at(sheet, 'indicators', '绩效指标', '分值'),
      );
    }
  },
);

/** A total the table states: its 总分 row's 得分, or the 自评得分 its header prints (PROJECT_FORM.headerScore). */
interface StatedTotal {
  text: string;
  /** how a message names it: "总分", "表头自评得分" */
  label: string;
  location: Location;
}

/** Every total the table states, each where it is printed: one a unit wrote twice must be right twice. */
function statedTotals(sheet: Sheet): StatedTotal[] {
  const out: StatedTotal[] = [];
  const score = sheet.declaredTotal?.score;
  if (score !== null && score !== undefined && score.trim() !== '')
    out.push({ text: score, label: '总分', location: at(sheet, 'declaredTotal.score', '总分', '得分') });
  const header = sheet.headerScore;
  if (header)
    out.push({ text: header.text, label: `表头${PROJECT_FORM.headerScore}`, location: at(sheet, header.path, PROJECT_FORM.headerScore) });
  return out;
}

/** Each stated total that differs from the computed one, with a message naming both; none where the table cannot be summed. */
function differingTotals(sheet: Sheet): { message: string; location: Location }[] {
  const { scored } = sheet;
  const { total } = scored;
  if (!summable(sheet) || total === null) return [];
  const capNote = scored.cap !== null && total.lessThan(scored.rawTotal) ? `，按执行率封顶 ${fig(scored.cap)} 分` : '';
  const computed = `按执行率得分 ${fig(round(scored.executionScore ?? new Decimal(0)))} 加各指标得分合计应为 ${fig(round(total))}${capNote}`;
  return statedTotals(sheet)
    .filter(({ text }) => !printedMatches(text, total, false))
    .map(({ text, label, location }) => ({ message: `${sheet.name}${label}填报为 ${text}，${computed}`, location }));
}

const declaredTotal = totalRule(
  'ev.total',
  '错误',
  '“总分”行与表头填报的得分、总分行的分值应与逐项合计一致',
  (sheet, { computed }, report) => {
    if (!summable(sheet)) return;
    // Where the template computes scores, the unit has no total to correct: ev.stated-total says it differs.
    if (!settingsOf(computed.template).computedScores)
      for (const { message, location } of differingTotals(sheet)) report(message, location);
    const weight = sheet.declaredTotal?.weight ?? null;
    if (weight !== null && weight.trim() !== '' && !printedMatches(weight, sheet.scored.weightTotal, false)) {
      report(
        `${sheet.name}总分行的分值填报为 ${weight}，逐项合计为 ${fig(sheet.scored.weightTotal)}`,
        at(sheet, 'declaredTotal.weight', '总分', '分值'),
      );
    }
  },
);

const statedTotal = totalRule(
  'ev.stated-total',
  '警告',
  '按规则计算的总分与表中填报的总分不同：以计算的总分为准，请核对各指标得分',
  (sheet, { computed }, report) => {
    if (!settingsOf(computed.template).computedScores) return;
    for (const { message, location } of differingTotals(sheet)) report(`${message}，以计算的总分为准`, location);
  },
);

/**
 * A total that no scores could add up to, where no total can be computed (the table cut off before its
 * 总分 row, the 执行率 分值 blank, or a row with a 分值 and no 得分): what the scored rows give is a floor,
 * and full marks less what they lose a ceiling. Rows or scores that are not there are absent, not zero:
 * they may add anything up to the ceiling. Where the total is known, ev.total compares it exactly.
 */
const reachableTotal = totalRule(
  'ev.reachable-total',
  '错误',
  '表格不完整时，填报的总分应在已填各行得分允许的范围内',
  (sheet, _ctx, report) => {
    // Where the total is known, ev.total compares the stated ones with it exactly.
    if (summable(sheet) && sheet.scored.total !== null) return;
    const stated = statedTotals(sheet).flatMap((total) => {
      const value = parsePrintedNumber(total.text);
      return value === null ? [] : [{ ...total, value }];
    });
    if (stated.length === 0) return;
    const { scored } = sheet;
    // The scores as the table prints them, which the unit added up: ev.execution-score and
    // ev.score-formula say where one differs from the rule's. A row without one may score anything.
    const execution = parsePrintedNumber(sheet.funds.declared.score ?? '');
    let floor = execution ?? new Decimal(0);
    let lost = execution === null || sheet.funds.weight === null ? new Decimal(0) : Decimal.max(0, scored.executionWeight.minus(execution));
    for (const item of scored.indicators) {
      if (item.stated === null || item.row.notApplicable) continue;
      floor = floor.plus(item.stated);
      if (item.weight !== null && item.weight.greaterThan(item.stated)) lost = lost.plus(item.weight.minus(item.stated));
    }
    // Full marks are 100, or the rows' 分值 where they sum to more (ev.weight-total says so).
    const full = Decimal.max(HUNDRED, scored.weightTotal);
    // Compared as printed, at 2 dp.
    const ceiling = round(full.minus(lost));
    floor = round(floor);
    for (const { text, value, location } of stated) {
      if (value.greaterThan(ceiling)) {
        report(
          `${sheet.name}自评得分填报为 ${text}，但表中已填各行共失分 ${fig(lost)}，满分 ${fig(full)} 时最多得 ${fig(ceiling)} 分`,
          location,
        );
      } else if (value.lessThan(floor)) {
        report(`${sheet.name}自评得分填报为 ${text}，低于表中已填各行得分之和 ${fig(floor)}`, location);
      }
    }
  },
);

const scoreRange = scoreRule('ev.score-range', '错误', '指标得分不得超过其分值，也不得为负', (sheet, _ctx, report) => {
  for (const item of sheet.scored.indicators) {
    if (item.score === null || item.weight === null) continue;
    if (item.score.greaterThan(item.weight)) {
      report(
        `${sheet.name}指标“${item.row.name}”得分 ${fig(item.score)} 超过其分值 ${fig(item.weight)}`,
        indicatorAt(sheet, item.index, 'score', indicatorLabel('score')),
      );
    } else if (item.score.isNegative()) {
      report(
        `${sheet.name}指标“${item.row.name}”得分为负数 ${fig(item.score)}`,
        indicatorAt(sheet, item.index, 'score', indicatorLabel('score')),
      );
    }
  }
});

const scoreMissing = scoreRule('ev.score-missing', '警告', '每个指标都应填写分值和得分（空白是缺项，不是矛盾）', (sheet, _ctx, report) => {
  for (const item of sheet.scored.indicators) {
    if (item.row.notApplicable) continue;
    if (item.weight === null)
      report(`${sheet.name}指标“${item.row.name}”未填分值`, indicatorAt(sheet, item.index, 'weight', indicatorLabel('weight')));
    if (item.score === null)
      report(`${sheet.name}指标“${item.row.name}”未填得分`, indicatorAt(sheet, item.index, 'score', indicatorLabel('score')));
  }
});

/** The formula's score of an indicator and how it is reached, as a message says it. */
function formulaScore(item: ScoredIndicator, expected: Decimal, computed: ComputedPackage): string {
  if (item.met) return `已达到指标值，应得满分 ${fig(expected)} 分`;
  const how =
    item.target?.sign === '≤' || item.target?.sign === '<'
      ? computed.template.reverseFormula === 'linear'
        ? `反向指标未达标，按 (1 − (实际 − 指标) / 指标) × 分值 计算`
        : `反向指标未达标，按 指标 / 实际 × 分值 计算`
      : `未达标，按 实际 / 指标 × 分值 计算`;
  return `${how}应为 ${fig(expected)} 分`;
}

const scoreFormula = scoreRule(
  'ev.score-formula',
  '警告',
  '定量指标的得分应与按指标值、实际完成值计算的得分一致',
  (sheet, { computed }, report) => {
    for (const item of sheet.scored.indicators) {
      if (item.expectedScore === null || item.stated === null || item.target === null || item.actual === null) continue;
      // A typed score is the one counted; under a template that computes scores, a score still here was
      // printed in the unit's file (an edit of the row's figures clears it: staleScores), and the
      // formula's replaces it: the unit is told, not left to find its 2 分 counted as 1.45. An override
      // is the unit's answer to that, and says so itself (ev.score-override).
      if (item.source === 'override') continue;
      const expected = item.expectedScore.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
      if (expected.equals(item.stated)) continue;
      const figures = `${sheet.name}指标“${item.row.name}”指标值 ${item.row.target}、实际完成 ${item.row.actual}，${formulaScore(item, expected, computed)}`;
      report(
        item.source === 'typed'
          ? `${figures}，填报 ${fig(item.stated)} 分`
          : `${figures}，原表得分 ${fig(item.stated)} 分，现按公式计分；如原表得分有依据，请“调整得分”为 ${fig(item.stated)} 分并写明理由，否则采用公式得分`,
        indicatorAt(sheet, item.index, 'score', indicatorLabel('score')),
      );
    }
  },
);

/** An override of the formula's score: reviewers see both scores and the unit's reason. */
const scoreOverride = scoreRule(
  'ev.score-override',
  '提示',
  '单位调整了按公式计算的指标得分：列出公式得分、调整后得分与理由，供审核',
  (sheet, _ctx, report) => {
    for (const item of sheet.scored.indicators) {
      if (item.override === null || item.expectedScore === null || item.override.reason.trim() === '') continue;
      report(
        `${sheet.name}指标“${item.row.name}”按公式得分 ${fig(round(item.expectedScore))} 分，单位调整为 ${fig(item.override.score)} 分，理由：${item.override.reason.trim()}`,
        indicatorAt(sheet, item.index, 'override', indicatorLabel('score')),
      );
    }
  },
);

const overrideReason = scoreRule('ev.override-reason', '错误', '调整公式得分必须写明理由', (sheet, _ctx, report) => {
  for (const item of sheet.scored.indicators) {
    if (item.override === null || item.override.reason.trim() !== '') continue;
    report(
      `${sheet.name}指标“${item.row.name}”的得分由公式的 ${fig(round(item.expectedScore ?? new Decimal(0)))} 分调整为 ${fig(item.override.score)} 分，但未写明理由`,
      indicatorAt(sheet, item.index, 'override.reason', indicatorLabel('score')),
    );
  }
});

const qualitativeBand = scoreRule(
  'ev.qualitative-band',
  '错误',
  '定性指标的得分应落在所选等级的分数段内（达成 80%–100%，部分达成 60%–80%，未达成 60% 以下）',
  (sheet, { computed }, report) => {
    const { bands } = settingsOf(computed.template);
    for (const item of sheet.scored.indicators) {
      const level = item.row.level;
      if (item.kind !== '定性' || level === null || item.score === null || item.weight === null || item.weight.isZero()) continue;
      const fraction = item.score.div(item.weight);
      const band = bands[level];
      const low = band.min;
      const high = band.max;
      const inside = fraction.greaterThanOrEqualTo(low) && (level === '达成' ? fraction.lessThanOrEqualTo(high) : fraction.lessThan(high));
      if (!inside) {
        report(
          `${sheet.name}定性指标“${item.row.name}”评为“${level}”，得分应在 ${fig(item.weight.times(low))}–${fig(item.weight.times(high))} 分之间，填报 ${fig(item.score)} 分`,
          indicatorAt(sheet, item.index, 'score', indicatorLabel('score')),
        );
      }
    }
  },
);

const deviationMissing = sheetRule(
  'ev.deviation-reason',
  '警告',
  '未得满分或实际完成值明显超过指标值（设定偏低）的指标，应填写偏差原因分析及改进措施',
  (sheet, { computed }, report) => {
    const threshold = settingsOf(computed.template).overTarget;
    for (const item of sheet.scored.indicators) {
      if (item.row.deviation.trim() !== '') continue;
      // A score the unit's file printed that the formula replaces is asked about first (ev.score-formula):
      // its 偏差原因 follows from the answer, and "得分 0.00" would contradict the "原表得分 2.00" beside it.
      if (sheet.prints.scores && replacedScore(item) !== null) continue;
      // A form that prints no 得分 (layoutPrints) is asked by what was achieved, never by a score it does not show.
      const short = sheet.prints.scores
        ? item.score !== null && item.weight !== null && item.score.lessThan(item.weight)
          ? `得分 ${fig(item.score)} 低于分值 ${fig(item.weight)}`
          : null
        : item.met === false
          ? `实际完成 ${item.row.actual}，未达到指标值 ${item.row.target}`
          : null;
      if (short !== null) {
        report(
          `${sheet.name}指标“${item.row.name}”${short}，未填写偏差原因`,
          indicatorAt(sheet, item.index, 'deviation', indicatorLabel('deviation')),
        );
      } else if (
        item.achievement !== null &&
        item.target !== null &&
        item.target.sign !== '≤' &&
        item.target.sign !== '<' &&
        item.achievement.greaterThanOrEqualTo(threshold)
      ) {
        report(
          `${sheet.name}指标“${item.row.name}”实际完成 ${item.row.actual}，为指标值 ${item.row.target} 的 ${pct(item.achievement)}（≥ ${pct(threshold)}），指标值可能设定偏低，应说明原因`,
          indicatorAt(sheet, item.index, 'deviation', indicatorLabel('deviation')),
        );
      }
    }
  },
);

const unscorable = sheetRule('ev.unscorable', '警告', '定量指标的实际完成值应为可比的数值', (sheet, _ctx, report) => {
  for (const item of sheet.scored.indicators) {
    if (item.unscorable !== null && item.weight !== null) {
      report(
        `${sheet.name}指标“${item.row.name}”：${item.unscorable}（指标值 ${item.row.target}，实际 ${item.row.actual || '（空）'}）`,
        indicatorAt(sheet, item.index, 'actual', indicatorLabel('actual')),
      );
    }
  }
});

const projectLevel1 = scoreRule(
  'ev.level1-weights',
  '警告',
  '项目支出自评表一级指标分值宜为模板规定值（产出 50、效益 30、满意度 10）',
  (sheet, { computed }, report) => {
    if (!sheet.isProject || !whole(sheet)) return;
    for (const [name, required] of settingsOf(computed.template).projectLevel1Weights) {
      const group = sheet.scored.groups.find((g) => g.name === name);
      const weight = group?.weight ?? new Decimal(0);
      if (!weight.equals(required)) {
        report(`${sheet.name}“${name}”分值合计 ${fig(weight)}，应为 ${fig(required)}`, at(sheet, 'indicators', name, '分值'));
      }
    }
  },
);

const treeNames = sheetRule('ev.tree-names', '提示', '一级、二级指标名称宜采用规范名称', (sheet, { computed }, report) => {
  if (!sheet.prints.tree) return;
  const tree = computed.template.indicatorTree;
  const reported = new Map<string, Set<string>>();
  let previous: { level1: string; level2: string } | null = null;
  for (const [index, row] of sheet.indicators.entries()) {
    // Rows of one group follow each other: only a change of group needs looking up.
    if (previous && previous.level1 === row.level1 && previous.level2 === row.level2) continue;
    previous = row;
    const allowed = tree[row.level1];
    let seen = reported.get(row.level1);
    if (!seen) {
      seen = new Set();
      reported.set(row.level1, seen);
      if (!allowed) {
        // A blank name is an omission, not a wrong name: said as such.
        const named = row.level1.trim() === '' ? `指标“${row.name}”未填一级指标` : `一级指标“${row.level1}”不是规范名称`;
        report(`${sheet.name}${named}（${Object.keys(tree).join('、')}）`, indicatorAt(sheet, index, 'level1', indicatorLabel('level1')));
      }
    }
    if (allowed && !allowed.includes(row.level2) && !seen.has(row.level2)) {
      seen.add(row.level2);
      const named = row.level2.trim() === '' ? `指标“${row.name}”未填二级指标` : `二级指标“${row.level2}”不是规范名称`;
      report(
        `${sheet.name}“${row.level1}”下的${named}（${allowed.join('、')}）`,
        indicatorAt(sheet, index, 'level2', indicatorLabel('level2')),
      );
    }
  }
});

const emptyParts = sheetRule('ev.empty', '警告', '年度总体目标与绩效指标不应空白', (sheet, _ctx, report) => {
  if (sheet.indicators.length === 0) report(`${sheet.name}没有填写任何绩效指标`, at(sheet, 'indicators', '绩效指标'));
});

const emptyGoals = sheetRule('ev.goals', '警告', '年度总体目标的预期目标与实际完成情况都应填写', (sheet, _ctx, report) => {
  const { goals } = sheet;
  if (goals.expected.trim() === '')
    report(`${sheet.name}年度总体目标的“预期目标”为空`, at(sheet, 'goals.expected', GOALS.label, GOALS.expected.label));
  if (sheet.prints.achieved && goals.actual.trim() === '')
    report(`${sheet.name}年度总体目标的“实际完成情况”为空`, at(sheet, 'goals.actual', GOALS.label, GOALS.actual.label));
});

/** What the split by income or by expense must add up to: the template's 年度资金总额 column. */
function splitTotal(ctx: RuleContext, funds: FundsLine): { value: Decimal | null; label: string } {
  const column = ctx.computed.template.fundsSplitColumn;
  const cell = funds[column];
  return { value: cell === null ? null : cellValue(cell), label: fundsLabel(column) };
}

function splitRule(id: string, key: 'byIncome' | 'byExpense'): Rule {
  const block = OVERALL_FORM[key];
  const names = block.fields.map((f) => f.label).join('、');
  return rule(id, '错误', `附件2 ${block.label}（${names}）之和 = 年度资金总额，并与表中填报的合计一致`, (ctx, report) => {
    const overall = ctx.pkg.overall;
    if (!overall) return;
    const cells: (string | null)[] = block.fields.map((f) => (overall[key] as Record<string, string | null>)[f.key] ?? null);
    if (cells.every((c) => c === null)) return;
    const parts = sum(cells.map(cellValue));
    const where: Location = { part: '附件2', path: `overall.${key}`, row: block.label };
    const printed = overall.declaredSplit[key];
    if (printed !== null && !printedMatches(printed, parts, false)) {
      report(`附件2 ${block.label}填报合计 ${printed} 万元，各项（${names}）之和为 ${fig(parts)} 万元`, {
        ...where,
        path: `overall.declaredSplit.${key}`,
      });
    }
    const total = splitTotal(ctx, overall.funds);
    if (total.value !== null && !parts.equals(total.value)) {
      const detail = block.fields.map((f, i) => `${f.label} ${cellFig(cells[i] ?? null)}`).join(' + ');
      report(
        `附件2 ${block.label}：${detail} = ${partsSum(cells)}${fig(parts)} 万元，与年度资金总额（${total.label}）${fig(total.value)} 万元不符${diff(parts, total.value)}`,
        where,
      );
    }
  });
}

const incomeSplit = splitRule('a2.income-split', 'byIncome');
const expenseSplit = splitRule('a2.expense-split', 'byExpense');

const FUNDS_AMOUNTS = (['initialBudget', 'fullYearBudget', 'executed'] as const).map((key) => [key, fundsLabel(key)] as const);

const sourceLabel = (kind: string) => FUND_SOURCES.find((s) => s.kind === kind)?.label ?? kind;

const fundSources = rule('a3.fund-sources', '错误', '附件3 资金来源各行之和 = 年度资金总额（各列，已填时）', ({ pkg }, report) => {
  const m = moneyIn(projectLayout(pkg.layout.project).amountUnit);
  (pkg.projects ?? []).forEach((project, i) => {
    if (project.fundSources.length === 0) return;
    for (const [key, label] of FUNDS_AMOUNTS) {
      const cells = project.fundSources.map((s) => s[key]);
      const total = project.funds[key];
      if (total === null || cells.every((c) => c === null)) continue;
      const parts = sum(cells.map(cellValue));
      if (!parts.equals(cellValue(total))) {
        const detail = project.fundSources.map((s) => `${sourceLabel(s.kind)} ${cellFig(s[key], m)}`).join(' + ');
        report(
          `附件3“${project.name}”${label}：资金来源 ${detail} = ${partsSum(cells)}${money(parts, m)}，与年度资金总额 ${money(cellValue(total), m)} 不符${diff(parts, cellValue(total), m)}`,
          {
            part: '附件3',
            path: `projects[${i}].fundSources`,
            row: project.name,
            column: label,
          },
        );
      }
    }
  });
});

/** The 执行率 some layouts print on each 资金来源 row. */
const sourceRates = rule('a3.source-rates', '错误', '附件3 资金来源各行填报的执行率 = 该行全年执行数 / 全年预算数', ({ pkg }, report) => {
  const m = moneyIn(projectLayout(pkg.layout.project).amountUnit);
  (pkg.projects ?? []).forEach((project, i) => {
    project.fundSources.forEach((source: FundsRow & { kind: string; declared: { executionRate: string | null } }, j) => {
      const printed = source.declared.executionRate;
      if (printed === null || source.executed === null || source.fullYearBudget === null) return;
      const budget = cellValue(source.fullYearBudget);
      if (budget.isZero()) return;
      const rate = cellValue(source.executed).div(budget);
      if (!printedMatches(printed, rate, true)) {
        report(
          `附件3“${project.name}”${sourceLabel(source.kind)}执行率填报为 ${printed}，按 ${money(cellValue(source.executed), m)} / ${money(budget, m)} 计算应为 ${pct(rate)}`,
          {
            part: '附件3',
            path: `projects[${i}].fundSources[${j}].declared.executionRate`,
            row: sourceLabel(source.kind),
            column: '执行率',
          },
        );
      }
    });
  });
});

export const EVALUATION_RULES: readonly Rule[] = [
  executionUncomputable,
  executionRate,
  executionScore,
  executionWeight,
  overExecuted,
  weightTotal,
  declaredTotal,
  statedTotal,
  reachableTotal,
  scoreRange,
  scoreMissing,
  scoreFormula,
  scoreOverride,
  overrideReason,
  qualitativeBand,
  deviationMissing,
  unscorable,
  projectLevel1,
  treeNames,
  emptyParts,
  emptyGoals,
  incomeSplit,
  expenseSplit,
  fundSources,
  sourceRates,
];
