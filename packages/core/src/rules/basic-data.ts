/**
 * 附件1 基础数据表: identities inside the table, declared rates, and control warnings. The identities are
 * those the form declares (forms/basic-data.ts): a row with parts equals the sum of the parts its table
 * has; a row with lines equals (or, for a "其中" breakdown, is at least) the sum of its lines. Rows a
 * unit's form does not have are absent and never checked; a blank total is not a figure and is not
 * compared (a 提示 says so where its parts hold figures).
 */
import { ZERO, cellValue, dec, sum } from '../decimal.js';
import { BASIC_DATA_FORM, BUILDINGS, STAFFING, type YearRowSpec } from '../forms/basic-data.js';
import { linesOf, presentChildren, rowOf } from '../basic-rows.js';
import type { BasicData, YearColumns, YearRow } from '../model.js';
import { COLUMNS, cellOf, diff, fig, pct, printedMatches } from './figures.js';
import { rule, type Location, type Rule, type RuleContext } from './types.js';

const rowPath = (id: string) => `basicData.rows.${id}`;

const at = (row: YearRowSpec, column?: { key: keyof YearColumns; label: string }): Location => ({
  part: '附件1',
  path: column ? `${rowPath(row.id)}.${column.key}` : rowPath(row.id),
  row: row.label,
  ...(column ? { column: column.label } : {}),
});

/** 附件1 of the package, where it has one. */
function basic(ctx: RuleContext): BasicData | null {
  return ctx.pkg.basicData;
}

const columnFilled = (rows: readonly YearColumns[], key: keyof YearColumns) => rows.some((r) => r[key] !== null);

/** Compares a total row with the sum of the rows or lines it stands for, column by column. */
function checkSum(
  total: YearColumns,
  parts: readonly YearColumns[],
  row: YearRowSpec,
  partsLabel: string,
  relation: 'equal' | 'atMost',
  report: (message: string, location: Location) => void,
): void {
  for (const column of COLUMNS) {
    const { key, label } = column;
    if (total[key] === null) continue;
    // Parts left blank are not zeros: with none filled in, there is nothing to add up (a1.blank-parts says so).
    if (!columnFilled(parts, key)) continue;
    const stated = cellOf(total, key);
    const added = sum(parts.map((p) => cellOf(p, key)));
    const wrong = relation === 'equal' ? !added.equals(stated) : added.greaterThan(stated);
    if (!wrong) continue;
    report(
      relation === 'equal'
        ? `${label}：${partsLabel} ${fig(added)} 万元，与“${row.label}” ${fig(stated)} 万元不符${diff(added, stated)}`
        : `${label}：“${row.label}”其中各行合计 ${fig(added)} 万元，超过“${row.label}” ${fig(stated)} 万元${diff(added, stated)}`,
      at(row, column),
    );
  }
}

/** One rule per row that declares parts (三公经费, 公务用车, 项目支出). */
const partRules: Rule[] = BASIC_DATA_FORM.rows
  .filter((row): row is (typeof BASIC_DATA_FORM.rows)[number] & { parts: NonNullable<YearRowSpec['parts']> } => 'parts' in row)
  .map((spec: YearRowSpec) => {
    const parts = spec.parts!;
    return rule(parts.rule, '错误', parts.description, (ctx, report) => {
      const data = basic(ctx);
      const total = data && rowOf(data, spec.id);
      if (!data || !total) return;
      const children = presentChildren(data, spec.id, ctx.form);
      if (children.length === 0) return;
      const label = `${children.map((c) => c.label).join('、')}${children.length > 1 ? '之和' : ''}`;
      checkSum(
        total,
        children.map((c) => rowOf(data, c.id) as YearColumns),
        spec,
        label,
        'equal',
        report,
      );
    });
  });

/** The lines of every row that lists lines, by the relation its form declares. */
function lineRule(id: string, relation: 'equal' | 'atMost', description: string): Rule {
  return rule(id, '错误', description, (ctx, report) => {
    const data = basic(ctx);
    if (!data) return;
    for (const spec of ctx.form.rows) {
      if (spec.lines?.rule !== id) continue;
      const total = rowOf(data, spec.id);
      const lines = linesOf(data, spec.id);
      if (!total || !lines || lines.length === 0) continue;
      checkSum(total, lines, spec, `${spec.label}明细合计`, relation, report);
    }
  });
}

const linesSum = lineRule('a1.lines-sum', 'equal', '列有明细行的行（各级专项资金、上级转移支付等）= 其明细行之和（各列，明细已填时）');
const publicFundsBreakdown = lineRule('a1.public-funds-breakdown', 'atMost', '公用经费“其中”各行之和不得超过公用经费（各列）');

/**
 * A total the template computes, where the source printed another figure (kept under `declared`): the
 * computed sum counts; said once, as a note, since the unit has nothing left to correct.
 */
const statedTotal = rule('a1.stated-total', '提示', '按组成部分计算的合计与原表填报的合计不同：以计算数为准', (ctx, report) => {
  const data = basic(ctx);
  if (!data) return;
  for (const spec of ctx.form.rows) {
    const declared = (rowOf(data, spec.id) as YearRow | undefined)?.declared;
    const sums = ctx.computed.totals[spec.id];
    if (!declared || !sums) continue;
    for (const column of COLUMNS) {
      const stated = declared[column.key];
      const value = sums[column.key];
      if (stated === undefined || value === undefined || dec(stated).equals(value)) continue;
      report(
        `“${spec.label}”${column.label}原表填报 ${fig(dec(stated))} 万元，按组成部分计算为 ${fig(value)} 万元${diff(value, dec(stated))}，以计算数为准`,
        at(spec, column),
      );
    }
  }
});

/** A total left blank while its parts or lines hold figures: not a contradiction, but worth saying. */
const blankTotal = rule('a1.blank-total', '提示', '合计行空白而其组成部分已填写金额：请填写合计', (ctx, report) => {
  const data = basic(ctx);
  if (!data) return;
  for (const spec of ctx.form.rows) {
    const total = rowOf(data, spec.id);
    if (!total) continue;
    const parts: YearColumns[] = [
      ...(spec.parts ? presentChildren(data, spec.id, ctx.form).map((c) => rowOf(data, c.id) as YearColumns) : []),
      ...(spec.lines?.relation === 'equal' ? (linesOf(data, spec.id) ?? []) : []),
    ];
    for (const column of COLUMNS) {
      if (total[column.key] !== null) continue;
      const added = sum(parts.map((p) => cellOf(p, column.key)));
      if (!added.isZero()) {
        report(`“${spec.label}”的${column.label}为空，其组成部分合计 ${fig(added)} 万元`, at(spec, column));
      }
    }
  }
});

/** A total with a figure whose parts are all left blank: the identity cannot be checked, not a contradiction. */
const blankParts = rule('a1.blank-parts', '提示', '合计行有金额而其组成部分均为空：无法核对合计，请填写组成部分', (ctx, report) => {
  const data = basic(ctx);
  if (!data) return;
  for (const spec of ctx.form.rows) {
    const total = rowOf(data, spec.id);
    if (!total || !spec.parts) continue;
    const children = presentChildren(data, spec.id, ctx.form);
    if (children.length === 0) continue;
    const parts = children.map((c) => rowOf(data, c.id) as YearColumns);
    for (const column of COLUMNS) {
      if (total[column.key] === null || columnFilled(parts, column.key) || cellOf(total, column.key).isZero()) continue;
      report(
        `“${spec.label}”的${column.label}为 ${fig(cellOf(total, column.key))} 万元，其组成部分（${children.map((c) => c.label).join('、')}）均为空，无法核对`,
        at(spec, column),
      );
    }
  }
});

const staffingRate = rule('a1.staffing-rate', '错误', '表中填报的在职人员控制率 = 实际在职人数 / 编制数', ({ pkg, computed }, report) => {
  const staffing = pkg.basicData?.staffing;
  if (!staffing) return;
  const printed = staffing.declared.controlRate;
  const rate = computed.staffingControlRate;
  const [authorized, , controlRate] = STAFFING.fields;
  const where = { part: '附件1', path: 'basicData.staffing.declared.controlRate', row: STAFFING.label, column: controlRate.label } as const;
  if (rate === null) {
    if (staffing.actual !== null && printed !== null) {
      report(`编制数为空或为 0，在职人员控制率无法计算（表中填报 ${printed}）`, {
        ...where,
        path: 'basicData.staffing.authorized',
        column: authorized.label,
      });
    }
    return;
  }
  if (printed !== null && printed.trim() !== '' && !printedMatches(printed, rate, true)) {
    report(`在职人员控制率填报为 ${printed}，按 ${staffing.actual} / ${staffing.authorized} 人计算应为 ${pct(rate)}`, where);
  }
});

const overStaffed = rule('a1.over-staffed', '警告', '实际在职人数不应超过编制数', ({ pkg, computed }, report) => {
  const rate = computed.staffingControlRate;
  const staffing = pkg.basicData?.staffing;
  if (rate !== null && staffing && rate.greaterThan(1)) {
    report(`实际在职 ${staffing.actual} 人，超过编制数 ${staffing.authorized} 人（控制率 ${pct(rate)}）`, {
      part: '附件1',
      path: 'basicData.staffing.actual',
      row: STAFFING.label,
      column: STAFFING.fields[1].label,
    });
  }
});

const ACTUAL = COLUMNS[2]!;

const overBudget = rule('a1.over-budget', '警告', '三公经费各项及公用经费的本年决算数不应超过本年预算数', (ctx, report) => {
  const data = basic(ctx);
  if (!data) return;
  for (const spec of ctx.form.rows) {
    const row = spec.controlled ? rowOf(data, spec.id) : undefined;
    if (!row || row.actual === null || row.budget === null) continue;
    const budget = cellValue(row.budget);
    const actual = cellValue(row.actual);
    if (actual.greaterThan(budget)) {
      const rate = budget.isZero() ? '预算数为 0' : `控制率 ${pct(actual.div(budget))}`;
      report(`“${spec.label}”本年决算 ${fig(actual)} 万元，超过本年预算 ${fig(budget)} 万元（${rate}）`, at(spec, ACTUAL));
    }
  }
});

const buildingRates = rule('a1.building-rates', '错误', '表中填报的规模控制率、投资概算控制率与计算一致', ({ pkg, computed }, report) => {
  const buildings = pkg.basicData?.buildings;
  if (!buildings) return;
  const pairs = [
    ['规模控制率', buildings.declared.scaleControlRate, computed.buildingScaleControlRate, 'scaleControlRate'],
    ['投资概算控制率', buildings.declared.investmentControlRate, computed.buildingInvestmentControlRate, 'investmentControlRate'],
  ] as const;
  for (const [label, printed, rate, key] of pairs) {
    if (printed === null || printed.trim() === '') continue;
    const where = { part: '附件1', path: `basicData.buildings.declared.${key}`, row: BUILDINGS.label, column: label } as const;
    if (rate === null) report(`${label}填报为 ${printed}，但分母为空或为 0，控制率无法计算`, where);
    else if (!printedMatches(printed, rate, true)) report(`${label}填报为 ${printed}，计算应为 ${pct(rate)}`, where);
  }
});

/** The JSON path of a row, or of its line `line`: built only for a finding. */
const rowOrLinePath = (id: string, line: number | undefined) => (line === undefined ? rowPath(id) : `basicData.lines.${id}[${line}]`);

/** Every row and line of the table, in form order, with its label; `line` is the line's index under its row. */
function eachRow(data: BasicData, ctx: RuleContext, visit: (label: string, row: YearColumns, id: string, line?: number) => void): void {
  for (const spec of ctx.form.rows) {
    const row = rowOf(data, spec.id);
    if (row) visit(spec.label, row, spec.id);
    const lines = linesOf(data, spec.id);
    if (lines) for (let i = 0; i < lines.length; i++) visit(lines[i]!.name, lines[i]!, spec.id, i);
  }
}

const negative = rule('a1.negative', '错误', '附件1 的金额不应为负数', (ctx, report) => {
  const data = basic(ctx);
  if (!data) return;
  eachRow(data, ctx, (label, row, id, line) => {
    for (const { key, label: column } of COLUMNS) {
      // Only text that starts with "-" can be below zero: the rest is not parsed.
      if (row[key]?.startsWith('-') && cellOf(row, key).lessThan(ZERO)) {
        report(`“${label}”${column}为负数 ${fig(cellOf(row, key))} 万元`, {
          part: '附件1',
          path: `${rowOrLinePath(id, line)}.${key}`,
          row: label,
          column,
        });
      }
    }
  });
});

const partlyBlank = rule('a1.partly-blank', '提示', '一行中部分年度列已填、部分为空：请确认空白是否应为 0', (ctx, report) => {
  const data = basic(ctx);
  if (!data) return;
  eachRow(data, ctx, (label, row, id, line) => {
    let blanks = 0;
    for (const { key } of COLUMNS) if (row[key] === null) blanks += 1;
    if (blanks === 0 || blanks === COLUMNS.length) return;
    for (const { key, label: column } of COLUMNS) {
      if (row[key] !== null) continue;
      report(`“${label}”的${column}为空，同行其他列已填写`, {
        part: '附件1',
        path: `${rowOrLinePath(id, line)}.${key}`,
        row: label,
        column,
      });
    }
  });
});

const duplicateItems = rule('a1.duplicate-item', '警告', '同一张明细中不应有重名的行', (ctx, report) => {
  const data = basic(ctx);
  if (!data) return;
  for (const spec of ctx.form.rows) {
    const seen = new Map<string, number>();
    (linesOf(data, spec.id) ?? []).forEach((line, i) => {
      const first = seen.get(line.name);
      if (first !== undefined) {
        report(`${spec.label}明细“${line.name}”出现两次（第 ${first + 1} 行与第 ${i + 1} 行）`, {
          part: '附件1',
          path: `basicData.lines.${spec.id}[${i}].name`,
          row: line.name,
        });
      } else seen.set(line.name, i);
    });
  }
});

export const BASIC_DATA_RULES: readonly Rule[] = [
  ...partRules,
  linesSum,
  publicFundsBreakdown,
  statedTotal,
  blankTotal,
  blankParts,
  staffingRate,
  overStaffed,
  overBudget,
  buildingRates,
  negative,
  partlyBlank,
  duplicateItems,
];
