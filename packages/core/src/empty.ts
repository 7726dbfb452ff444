/**
 * Empty parts of a package: what a new package or a new row starts from, and what an import fills in.
 * Every cell blank, every list empty, every text "".
 */
import {
  DEFAULT_PROJECT_LAYOUT,
  REPORT_FORM,
  REPORT_OUTLINE,
  YEAR_ROWS,
  numberingMarker,
  projectLayout,
  type ProjectLayoutId,
  type YearRowSpec,
} from './forms/index.js';
import { FORMAT_ID, FORMAT_VERSION } from './model.js';
import type {
  BasicData,
  FundSourceRow,
  FundsLine,
  FundsRow,
  Indicator,
  NamedYearRow,
  OtherFundTable,
  OverallEvaluation,
  Package,
  ProjectEvaluation,
  Report,
  ReportSection,
  YearColumns,
  YearRows,
} from './model.js';

export function emptyYearColumns(): YearColumns {
  return { prior: null, budget: null, actual: null };
}

export function emptyYearLine(): NamedYearRow {
  return { name: '', ...emptyYearColumns() };
}

export function emptyFundsRow(): FundsRow {
  return { initialBudget: null, fullYearBudget: null, executed: null };
}

export function emptyFundsLine(weight: string | null = null): FundsLine {
  return { ...emptyFundsRow(), weight, declared: { executionRate: null, score: null } };
}

/** 附件1 with the rows every new package has (the standard ones), all blank; no lines yet. */
export function emptyBasicData(): BasicData {
  const rows: YearRows = {};
  for (const row of YEAR_ROWS as readonly YearRowSpec[])
    if (row.standard) (rows as Record<string, YearColumns>)[row.id] = emptyYearColumns();
  return {
    unitName: '',
    staffing: { authorized: null, actual: null, declared: { controlRate: null } },
    rows,
    lines: {},
    buildings: {
      approvedArea: null,
      actualArea: null,
      budgetInvestment: null,
      actualInvestment: null,
      declared: { scaleControlRate: null, investmentControlRate: null },
    },
    frugalityMeasures: '',
  };
}

export function emptyOverall(): OverallEvaluation {
  return {
    unitName: '',
    funds: emptyFundsLine(),
    byIncome: { generalPublic: null, governmentFund: null, specialAccountNonTax: null, other: null },
    byExpense: { basic: null, project: null },
    declaredSplit: { byIncome: null, byExpense: null },
    goals: { expected: '', actual: '' },
    indicators: [],
    declaredTotal: { weight: null, score: null },
  };
}

/** The 资金来源 rows a layout prints, blank. */
export function emptyFundSources(layout: ProjectLayoutId): FundSourceRow[] {
  return projectLayout(layout).funds.sources.map((source) => ({
    kind: source.kind,
    ...emptyFundsRow(),
    declared: { executionRate: null },
  }));
}

export function emptyProject(layout: ProjectLayoutId = DEFAULT_PROJECT_LAYOUT): ProjectEvaluation {
  return {
    name: '',
    department: '',
    implementer: '',
    manager: '',
    funds: emptyFundsLine(),
    fundSources: emptyFundSources(layout),
    goals: { expected: '', actual: '' },
    indicators: [],
    declaredTotal: { weight: null, score: null },
    remarks: [],
  };
}

export function emptyIndicator(level1 = '', level2 = ''): Indicator {
  return { level1, level2, name: '', target: '', actual: '', weight: null, score: null, deviation: '', level: null, notApplicable: false };
}

export function emptyOtherFund(): OtherFundTable {
  return { rows: [], note: '' };
}

/** A section of the unit's own text: no explanation yet, nothing accepted from a draft. */
export function reportSection(heading: string, paragraphs: string[] = []): ReportSection {
  return { heading, paragraphs, explanation: '', acceptedDraft: [] };
}

/** A report to write: the cover's title and the ten sections of the outline, empty. */
export function emptyReport(year: number, unitName: string): Report {
  return {
    cover: { title: REPORT_FORM.title(year, unitName), unitName: '', date: '' },
    opening: [],
    sections: REPORT_OUTLINE.map((spec) => reportSection(`${numberingMarker('chinese', spec.number)}${spec.title}`)),
    attachmentList: [],
  };
}

/**
 * A package for one unit and year with every part present and blank: what a unit starts filling in.
 * An import starts from `absentPackage` instead and fills in only the parts it finds.
 */
export function emptyPackage(year: number, unitName: string, layout: ProjectLayoutId = DEFAULT_PROJECT_LAYOUT): Package {
  return {
    ...absentPackage(year, unitName, layout),
    basicData: emptyBasicData(),
    overall: emptyOverall(),
    projects: [],
    otherFunds: { governmentFund: emptyOtherFund(), stateCapital: emptyOtherFund(), socialInsurance: emptyOtherFund() },
    report: emptyReport(year, unitName),
  };
}

/** A package with no part at all: every part absent (null). */
export function absentPackage(year: number, unitName: string, layout: ProjectLayoutId = DEFAULT_PROJECT_LAYOUT): Package {
  return {
    format: FORMAT_ID,
    version: FORMAT_VERSION,
    template: 'default',
    layout: { project: layout, overall: 'national' },
    year,
    unit: { name: unitName, department: '' },
    basicData: null,
    overall: null,
    projects: null,
    otherFunds: { governmentFund: null, stateCapital: null, socialInsurance: null },
    report: null,
    signature: { unitHead: '', filler: '', phone: '', date: '' },
    uncertain: [],
  };
}
