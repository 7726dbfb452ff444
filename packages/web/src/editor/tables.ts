/**
 * The tables of the package as the editor shows them: rows, labels and column headings come from core's
 * forms, so the editor shows the unit's own variant (附件1's rows as its table has them, a 附件3
 * layout's headings and 资金来源 rows), plus the figures the core derives beside them.
 */
import {
  BASIC_DATA_FORM,
  BUILDINGS,
  FUND_SOURCES,
  INDICATOR_COLUMNS,
  OTHER_FUND_COLUMNS,
  OVERALL_FORM,
  QUALITATIVE_LEVELS,
  STAFFING,
  YEAR_COLUMNS,
  formatMoney,
  formatPercent,
  formatScore,
  linesOf,
  presentRows,
  printedRowLabel,
  overallLayout,
  projectLayout,
  type BasicDataFormSpec,
  type ComputedColumns,
  type ComputedPackage,
  type OverallLayout,
  type Decimal,
  type ScoredEvaluation,
} from '@jixiao/core';
import type { SheetColumn, SheetModel } from '../grid/types.js';
import { fixedSheet, listSheet, type CellSpec, type Source } from './sheet-model.js';

export interface TableSource extends Source {
  computed: () => ComputedPackage;
}

const amountOrDash = (value: Decimal | null): string => (value === null ? '—' : formatMoney(value));
const amountOrNull = (value: Decimal | undefined): string | null => (value === undefined ? null : formatMoney(value));

const yearColumns = (first: string, width: number): SheetColumn[] => [
  { key: 'name', title: first, width },
  ...YEAR_COLUMNS.map((c) => ({ key: c.key, title: c.label, width: 110 })),
];

const CONTROL_COLUMNS: SheetColumn[] = [
  ...yearColumns('项目', 260),
  { key: 'rate', title: '控制率 / 执行率', width: 110 },
  { key: 'change', title: '变动额', width: 90 },
  { key: 'changeRate', title: '变动率', width: 90 },
];

/** The three year-columns of a row; those the template computes from the row's parts show the sum. */
function yearCells(path: string, totals?: () => ComputedColumns | undefined): CellSpec[] {
  return YEAR_COLUMNS.map((c) => ({
    field: `${path}.${c.key}`,
    kind: 'number' as const,
    format: 'amount' as const,
    ...(totals ? { computedAs: () => amountOrNull(totals()?.[c.key]) } : {}),
  }));
}

/** 附件1 经费控制情况: the rows the unit's table has, in form order, with their rates. */
export function controlSheet(source: TableSource, form: BasicDataFormSpec = BASIC_DATA_FORM): SheetModel {
  const data = source.pkg().basicData;
  if (!data) return fixedSheet(CONTROL_COLUMNS, [], source);
  const rows = presentRows(data, form).map((spec): CellSpec[] => {
    const path = `basicData.rows.${spec.id}`;
    const rates = () => source.computed().rows[spec.id];
    return [
      { label: printedRowLabel(data, spec, form), findingPaths: [path] },
      ...yearCells(path, () => source.computed().totals[spec.id]),
      spec.rates?.control ? { derived: () => formatPercent(rates()?.controlRate ?? null) } : null,
      spec.rates?.change ? { derived: () => amountOrDash(rates()?.change ?? null) } : null,
      spec.rates?.change ? { derived: () => formatPercent(rates()?.changeRate ?? null) } : null,
    ];
  });
  return fixedSheet(CONTROL_COLUMNS, rows, source);
}

const VALUE_COLUMNS: SheetColumn[] = [
  { key: 'name', title: '项目', width: 220 },
  { key: 'value', title: '数值', width: 130 },
];

/** 财政供养人员情况 and 楼堂馆所, where the unit's table has them. */
export function staffingSheet(source: TableSource): SheetModel {
  const c = () => source.computed();
  const data = source.pkg().basicData;
  const rows: CellSpec[][] = [];
  if (data?.staffing) {
    const [authorized, actual] = STAFFING.fields;
    rows.push(
      [{ label: `${authorized.label}（人）` }, { field: 'basicData.staffing.authorized', kind: 'number' }],
      [{ label: `${actual.label}（人）` }, { field: 'basicData.staffing.actual', kind: 'number' }],
      [
        { label: STAFFING.rateName },
        { derived: () => formatPercent(c().staffingControlRate), findingPaths: ['basicData.staffing.declared.controlRate'] },
      ],
    );
  }
  if (data?.buildings) {
    for (const field of BUILDINGS.fields) {
      if (field.kind === 'rate') {
        const value = () => (field.key === 'scaleControlRate' ? c().buildingScaleControlRate : c().buildingInvestmentControlRate);
        rows.push([
          { label: field.label },
          { derived: () => formatPercent(value()), findingPaths: [`basicData.buildings.declared.${field.key}`] },
        ]);
      } else {
        rows.push([{ label: field.label }, { field: `basicData.buildings.${field.key}`, kind: 'number', format: field.kind }]);
      }
    }
  }
  return fixedSheet(VALUE_COLUMNS, rows, source);
}

/** Lines listed under a 附件1 row (专项 lines, 公用经费 其中 rows): name plus the three year columns. */
export function yearLinesSheet(source: TableSource, listPath: string, append: (count: number) => void): SheetModel {
  return listSheet(
    yearColumns('名称', 260),
    listPath,
    (_, base) => [{ field: `${base}.name`, kind: 'text' }, ...yearCells(base)],
    source,
    append,
  );
}

/** The sum of a row's lines, as the editor shows it under the list. */
export function linesSumText(source: TableSource, rowId: string): string {
  const sums = source.computed().lineSums[rowId];
  if (!sums) return '';
  return `明细合计：上年 ${formatMoney(sums.prior)}，本年预算 ${formatMoney(sums.budget)}，本年决算 ${formatMoney(sums.actual)}`;
}

/** Which 附件1 rows may list lines, present in the unit's table. */
export function lineRows(source: TableSource, form: BasicDataFormSpec = BASIC_DATA_FORM) {
  const data = source.pkg().basicData;
  if (!data) return [];
  return presentRows(data, form)
    .filter((spec) => spec.lines !== undefined)
    .map((spec) => ({ spec, path: `basicData.lines.${spec.id}`, count: linesOf(data, spec.id)?.length ?? 0 }));
}

/**
 * A column's width: its usual one, or wide enough for the layout's heading on one line (重庆's
 * "年初预算资金总额（万元）", "指标权重"), up to 200 px, past which a heading is cut with "…".
 */
const headingWidth = (heading: string, usual: number) => Math.max(usual, Math.min(14 * heading.length + 20, 200));

/** The layout a 自评表 is shown in: the package's 附件2 layout, or its 附件3 layout. */
function layoutOf(source: TableSource, base: string) {
  if (!base.startsWith('projects')) {
    const layout = overallLayout(source.pkg().layout.overall);
    return { funds: layout.funds.columns, fundsTotal: layout.funds.total, indicators: layout.indicators.columns, sources: [] };
  }
  const layout = projectLayout(source.pkg().layout.project);
  return {
    funds: layout.funds.columns,
    fundsTotal: layout.funds.total,
    indicators: layout.indicators.columns,
    sources: layout.funds.sources,
  };
}

/** 年度资金 of 附件2 (`overall`) or of one 附件3 project (`projects[i]`, with its 资金来源 rows). */
export function fundsSheet(source: TableSource, base: string, evaluation: () => ScoredEvaluation | null): SheetModel {
  const funds = `${base}.funds`;
  const layout = layoutOf(source, base);
  const columns: SheetColumn[] = [
    { key: 'name', title: '年度资金', width: 180 },
    ...layout.funds.map((c) => ({ key: c.key, title: c.heading, width: headingWidth(c.heading, 110) })),
  ];
  const cell = (path: string, key: string, total: boolean): CellSpec => {
    if (key === 'initialBudget' || key === 'fullYearBudget' || key === 'executed')
      return { field: `${path}.${key}`, kind: 'number', format: 'amount' };
    if (!total) return null;
    if (key === 'weight') return { field: `${funds}.weight`, kind: 'number', format: 'score' };
    if (key === 'executionRate')
      return { derived: () => formatPercent(evaluation()?.executionRate ?? null), findingPaths: [`${funds}.declared.executionRate`] };
    return { derived: () => amountOrDash(evaluation()?.executionScore ?? null), findingPaths: [`${funds}.declared.score`] };
  };
  // The funds line named as the unit's form prints it: 年度资金总额, 年度财政资金总额, 部门整体支出总额 …
  const rows: CellSpec[][] = [[{ label: layout.fundsTotal, findingPaths: [funds] }, ...layout.funds.map((c) => cell(funds, c.key, true))]];
  const project = /^projects\[(\d+)\]$/.exec(base);
  if (project) {
    const sources = source.pkg().projects?.[Number(project[1])]?.fundSources ?? [];
    sources.forEach((row, i) => {
      const path = `${base}.fundSources[${i}]`;
      const heading =
        layout.sources.find((s) => s.kind === row.kind)?.heading ?? FUND_SOURCES.find((s) => s.kind === row.kind)?.label ?? row.kind;
      rows.push([
        { label: i === 0 ? `其中：${heading}` : `\u3000\u3000\u3000${heading}`, findingPaths: [path] },
        ...layout.funds.map((c) => cell(path, c.key, false)),
      ]);
    });
  }
  return fixedSheet(columns, rows, source);
}

const SPLIT_COLUMNS: SheetColumn[] = [
  { key: 'name', title: '资金构成', width: 260 },
  { key: 'value', title: '金额（万元）', width: 130 },
];

/** 附件2: the money split by income nature and by expense nature. */
export function splitSheet(source: TableSource, expenseRow: OverallLayout['expenseRow'] = null): SheetModel {
  const rows: CellSpec[][] = [];
  // A form that prints the split by expense alone (湖北's 基本支出总额 | 项目支出总额) is edited as it prints it.
  if (expenseRow) {
    for (const field of OVERALL_FORM.byExpense.fields)
      rows.push([{ label: expenseRow[field.key] }, { field: `overall.byExpense.${field.key}`, kind: 'number', format: 'amount' }]);
    return fixedSheet(SPLIT_COLUMNS, rows, source);
  }
  for (const block of [OVERALL_FORM.byIncome, OVERALL_FORM.byExpense]) {
    const group = block === OVERALL_FORM.byIncome ? 'byIncome' : 'byExpense';
    block.fields.forEach((field, i) =>
      rows.push([
        { label: i === 0 ? `${block.label}：${field.label}` : `\u3000${field.label}` },
        { field: `overall.${group}.${field.key}`, kind: 'number', format: 'amount' },
      ]),
    );
  }
  return fixedSheet(SPLIT_COLUMNS, rows, source);
}

const INDICATOR_WIDTHS: Record<string, number> = {
  level1: 100,
  level2: 120,
  name: 190,
  target: 110,
  actual: 110,
  weight: 64,
  // room for an override's mark: "5.50（调整）"
  score: 100,
  deviation: 260,
};

/**
 * The indicator tree of 附件2 / 附件3: one row per 三级指标, in the layout's column order with its
 * headings, and the editor's own columns (公式得分, 定性等级, 不适用) after 得分. 指标性质 and 度量单位
 * are part of 年度指标值 here ("≥95%").
 */
export function indicatorSheet(
  source: TableSource,
  base: string,
  evaluation: () => ScoredEvaluation | null,
  append: (count: number) => void,
): SheetModel {
  const layout = layoutOf(source, base);
  const shown = layout.indicators.filter((c) => c.key !== 'sign' && c.key !== 'unit');
  const scored = shown.some((c) => c.key === 'score');
  const derived = (index: number): string => {
    const item = evaluation()?.indicators[index];
    if (!item) return '';
    if (item.kind === '定性') return item.levelByScore ?? '定性';
    return item.expectedScore === null ? '—' : formatScore(item.expectedScore);
  };
  /** The 得分 the template computes (the formula's, or the unit's override marked so); null where it is typed. */
  const scoreShown = (index: number): string | null => {
    const item = evaluation()?.indicators[index];
    if (!item || item.source === 'typed' || item.score === null) return null;
    return item.source === 'override' ? `${formatScore(item.score)}（调整）` : formatScore(item.score);
  };
  const columns: SheetColumn[] = [];
  for (const c of shown) {
    columns.push({ key: c.key, title: c.heading, width: headingWidth(c.heading, INDICATOR_WIDTHS[c.key] ?? 110) });
    if (c.key === 'score') {
      columns.push(
        { key: 'expected', title: '公式得分', width: 80 },
        { key: 'level', title: '定性等级', width: 86 },
        { key: 'notApplicable', title: '不适用', width: 70 },
      );
    }
  }
  if (!scored) columns.push({ key: 'notApplicable', title: '不适用', width: 70 });
  const kindOf = (key: string) => INDICATOR_COLUMNS.find((c) => c.key === key)?.kind === 'score';
  return listSheet(
    columns,
    `${base}.indicators`,
    (index, row) =>
      columns.map((column): CellSpec => {
        switch (column.key) {
          case 'expected':
            return { derived: () => derived(index), findingPaths: [row] };
          case 'level':
            return { field: `${row}.level`, kind: 'select', options: ['', ...QUALITATIVE_LEVELS] };
          case 'notApplicable':
            return { field: `${row}.notApplicable`, kind: 'select', options: ['', '不适用'] };
          case 'score':
            return { field: `${row}.score`, kind: 'number', format: 'score', computedAs: () => scoreShown(index) };
          default:
            return kindOf(column.key)
              ? { field: `${row}.${column.key}`, kind: 'number', format: 'score' }
              : { field: `${row}.${column.key}`, kind: 'text' };
        }
      }),
    source,
    append,
  );
}

/** 附件4–6: 政府性基金 / 国有资本经营 / 社会保险基金 预算支出情况表. */
export function otherFundSheet(source: TableSource, listPath: string, append: (count: number) => void): SheetModel {
  const columns = OTHER_FUND_COLUMNS.map((c) => ({ key: c.key, title: c.label, width: c.key === 'name' ? 300 : 120 }));
  return listSheet(
    columns,
    listPath,
    (_, base) =>
      OTHER_FUND_COLUMNS.map((c): CellSpec =>
        c.kind === 'amount' ? { field: `${base}.${c.key}`, kind: 'number', format: 'amount' } : { field: `${base}.${c.key}`, kind: 'text' },
      ),
    source,
    append,
  );
}
