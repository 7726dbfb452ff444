import {
  REPORT_OUTLINE,
  emptyFundsLine,
  emptyFundsRow,
  emptyPackage,
  numberingMarker,
  type Indicator,
  type Package,
  type YearColumns,
} from '@jixiao/core';

/**
 * Starting points of a new package: an empty one, or next year's built from last year's. Pure.
 */

/** A new unit's package: names filled in, 执行率 weight 10, the ten report sections to write. */
export function blankPackage(unitName: string, department: string, year: number): Package {
  const pkg = emptyPackage(year, unitName);
  pkg.unit.department = department;
  pkg.basicData.unitName = unitName;
  pkg.overall.unitName = unitName;
  pkg.overall.funds = emptyFundsLine('10');
  pkg.report.cover.title = `${year} 年度${unitName}整体支出绩效自评报告`;
  pkg.report.sections = REPORT_OUTLINE.map((spec) => ({ heading: `${numberingMarker('chinese', spec.number)}${spec.title}`, paragraphs: [] }));
  return pkg;
}

function isYearColumns(value: unknown): value is YearColumns {
  return typeof value === 'object' && value !== null && 'prior' in value && 'budget' in value && 'actual' in value;
}

/** Every 上年决算 becomes last year's 本年决算; this year's columns start blank. */
function carryColumns<T>(value: T): T {
  if (Array.isArray(value)) return value.map(carryColumns) as T;
  if (isYearColumns(value)) return { ...value, prior: value.actual, budget: null, actual: null };
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, carryColumns(v)])) as T;
  }
  return value;
}

/** Indicators keep their tree, targets and weights; what was achieved is this year's to fill in. */
const resetIndicator = (indicator: Indicator): Indicator => ({
  ...indicator,
  actual: '',
  score: null,
  deviation: '',
  level: null,
  notApplicable: false,
});

/** Next year's package from last year's: structure and standing texts kept, 上年决算 carried over. */
export function carryOver(previous: Package, year: number): Package {
  const blank = blankPackage(previous.unit.name, previous.unit.department, year);
  const basic = carryColumns(previous.basicData);
  return {
    ...blank,
    template: previous.template,
    basicData: {
      ...basic,
      staffing: { authorized: previous.basicData.staffing.authorized, actual: null, declared: { controlRate: null } },
      buildings: blank.basicData.buildings,
    },
    overall: {
      ...blank.overall,
      unitName: previous.overall.unitName,
      funds: emptyFundsLine(previous.overall.funds.weight),
      goals: { expected: previous.overall.goals.expected, actual: '' },
      indicators: previous.overall.indicators.map(resetIndicator),
    },
    projects: previous.projects.map((project) => ({
      ...project,
      funds: emptyFundsLine(project.funds.weight),
      fundSources: { currentFiscal: emptyFundsRow(), carryOver: emptyFundsRow(), other: emptyFundsRow() },
      goals: { expected: project.goals.expected, actual: '' },
      indicators: project.indicators.map(resetIndicator),
      declaredTotal: { weight: null, score: null },
    })),
    otherFunds: {
      governmentFund: { rows: previous.otherFunds.governmentFund.rows.map((r) => ({ ...r, budget: null, actual: null })), note: '' },
      stateCapital: { rows: previous.otherFunds.stateCapital.rows.map((r) => ({ ...r, budget: null, actual: null })), note: '' },
      socialInsurance: { rows: previous.otherFunds.socialInsurance.rows.map((r) => ({ ...r, budget: null, actual: null })), note: '' },
    },
    report: {
      ...blank.report,
      cover: { ...blank.report.cover, title: previous.report.cover.title.replaceAll(String(previous.year), String(year)) },
      sections: previous.report.sections.map((s) => ({ heading: s.heading, paragraphs: [] })),
    },
    signature: { ...previous.signature, date: '' },
  };
}
