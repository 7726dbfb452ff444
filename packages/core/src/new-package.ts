/**
 * Where a package starts: an empty one for a unit's first year, or next year's from last year's. Pure;
 * the service, the web app and the command line all start packages here.
 */
import { linesOf } from './basic-rows.js';
import { emptyBasicData, emptyFundsLine, emptyFundsRow, emptyOtherFund, emptyOverall, emptyPackage, reportSection } from './empty.js';
import { OTHER_FUNDS } from './forms/other-funds.js';
import { DEFAULT_PROJECT_LAYOUT, type ProjectLayoutId } from './forms/project.js';
import { templateOf } from './compute.js';
import type { BasicData, Indicator, NamedYearRow, OtherFunds, Package, RowLines, YearColumns, YearRow, YearRows } from './model.js';
import { settleTotals } from './totals.js';

/**
 * A new unit's package: the unit's name wherever the forms print it (附件1, 附件2, the report's cover), 执行率
 * weight 10, the ten report sections to write.
 */
export function newPackage(unitName: string, department: string, year: number, layout: ProjectLayoutId = DEFAULT_PROJECT_LAYOUT): Package {
  const pkg = emptyPackage(year, unitName, layout);
  pkg.unit.department = department;
  (pkg.basicData as BasicData).unitName = unitName;
  pkg.overall = { ...emptyOverall(), unitName, funds: emptyFundsLine('10') };
  if (pkg.report) pkg.report.cover.unitName = unitName;
  return pkg;
}

/** Every 上年决算 becomes last year's 本年决算; this year's columns start blank, and nothing stated last year stays. */
const carry = <T extends YearColumns>(row: T): T => {
  const { declared: _lastYears, ...kept } = row as T & YearRow;
  return { ...(kept as T), prior: row.actual, budget: null, actual: null };
};

function carryBasicData(previous: BasicData): BasicData {
  const blank = emptyBasicData();
  const rows: YearRows = {};
  for (const [id, row] of Object.entries(previous.rows) as [keyof YearRows, YearColumns][]) rows[id] = carry(row);
  const lines: RowLines = {};
  for (const id of Object.keys(previous.lines) as (keyof RowLines)[]) {
    lines[id] = (linesOf(previous, id) ?? []).map((line: NamedYearRow) => carry(line));
  }
  return {
    unitName: previous.unitName,
    staffing: previous.staffing
      ? { authorized: previous.staffing.authorized, actual: null, declared: { controlRate: null } }
      : blank.staffing,
    rows,
    lines,
    // 楼堂馆所 are the year's completed projects: each year's own.
    buildings: blank.buildings,
    frugalityMeasures: previous.frugalityMeasures,
  };
}

/** Indicators keep their tree, targets and weights; what was achieved is this year's to fill in. */
const resetIndicator = ({ override: _lastYears, ...indicator }: Indicator): Indicator => ({
  ...indicator,
  actual: '',
  score: null,
  deviation: '',
  level: null,
  notApplicable: false,
});

/** Next year's package from last year's: structure and standing texts kept, 上年决算 carried over. */
export function carryOver(previous: Package, year: number): Package {
  const blank = newPackage(previous.unit.name, previous.unit.department, year, previous.layout.project);
  const otherFunds = Object.fromEntries(
    OTHER_FUNDS.map((fund) => {
      const table = previous.otherFunds[fund.key];
      return [fund.key, table ? { rows: table.rows.map((r) => ({ ...r, budget: null, actual: null })), note: '' } : emptyOtherFund()];
    }),
  ) as unknown as OtherFunds;
  return {
    ...blank,
    template: previous.template,
    layout: { ...blank.layout, overall: previous.layout.overall },
    // 上年决算 of a computed total is the total as computed last year.
    basicData: previous.basicData ? carryBasicData(settleTotals(previous, templateOf(previous)).basicData as BasicData) : blank.basicData,
    overall: previous.overall
      ? {
          ...emptyOverall(),
          unitName: previous.overall.unitName,
          funds: emptyFundsLine(previous.overall.funds.weight),
          goals: { expected: previous.overall.goals.expected, actual: '' },
          indicators: previous.overall.indicators.map(resetIndicator),
        }
      : blank.overall,
    projects: (previous.projects ?? []).map((project) => ({
      ...project,
      funds: emptyFundsLine(project.funds.weight),
      fundSources: project.fundSources.map((source) => ({ kind: source.kind, ...emptyFundsRow(), declared: { executionRate: null } })),
      goals: { expected: project.goals.expected, actual: '' },
      indicators: project.indicators.map(resetIndicator),
      declaredTotal: { weight: null, score: null },
      remarks: [],
    })),
    otherFunds,
    report: {
      cover: {
        title: previous.report
          ? previous.report.cover.title.replaceAll(String(previous.year), String(year))
          : (blank.report?.cover.title ?? ''),
        unitName: previous.report?.cover.unitName || previous.unit.name,
        date: '',
      },
      // The opening speaks of the year's own evaluation (its notice, its scope): this year's to write.
      opening: [],
      sections: previous.report ? previous.report.sections.map((s) => reportSection(s.heading)) : (blank.report?.sections ?? []),
      attachmentList: [],
    },
    signature: { ...previous.signature, date: '' },
    uncertain: [],
  };
}
