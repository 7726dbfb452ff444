import {
  FORMAT_ID,
  FORMAT_VERSION,
  type FundsLine,
  type FundsRow,
  type Indicator,
  type Package,
  type YearColumns,
} from '@jixiao/core';

/**
 * Starting points of a new package: an empty one, or next year's built from last year's. Pure.
 */

const emptyColumns = (): YearColumns => ({ prior: null, budget: null, actual: null });
const emptyFundsRow = (): FundsRow => ({ initialBudget: null, fullYearBudget: null, executed: null });
const emptyFunds = (): FundsLine => ({
  ...emptyFundsRow(),
  weight: '10',
  declared: { executionRate: null, score: null },
});

/** The report outline every package starts with (RULES.md §6). */
const REPORT_HEADINGS = [
  '一、单位基本情况',
  '二、一般公共预算支出情况',
  '三、政府性基金预算支出情况',
  '四、国有资本经营预算支出情况',
  '五、社会保险基金预算支出情况',
  '六、单位整体支出绩效情况',
  '七、存在的问题及原因分析',
  '八、下一步改进措施',
  '九、单位整体支出绩效自评结果拟应用和公开情况',
  '十、其他需要说明的情况',
];

export function blankPackage(unitName: string, department: string, year: number): Package {
  return {
    format: FORMAT_ID,
    version: FORMAT_VERSION,
    template: 'default',
    year,
    unit: { name: unitName, department },
    basicData: {
      unitName,
      staffing: { authorized: null, actual: null, declared: { controlRate: null } },
      threePublic: {
        total: emptyColumns(),
        vehicle: emptyColumns(),
        vehiclePurchase: emptyColumns(),
        vehicleOperation: emptyColumns(),
        overseas: emptyColumns(),
        reception: emptyColumns(),
      },
      projectSpending: {
        total: emptyColumns(),
        business: emptyColumns(),
        operation: emptyColumns(),
        special: emptyColumns(),
        specialItems: [],
      },
      publicFunds: { total: emptyColumns(), items: [] },
      procurement: emptyColumns(),
      basicBudgetAdjustment: emptyColumns(),
      buildings: {
        approvedArea: null,
        actualArea: null,
        budgetInvestment: null,
        actualInvestment: null,
        declared: { scaleControlRate: null, investmentControlRate: null },
      },
      frugalityMeasures: '',
    },
    overall: {
      unitName,
      funds: emptyFunds(),
      byIncome: { generalPublic: null, governmentFund: null, specialAccountNonTax: null, other: null },
      byExpense: { basic: null, project: null },
      goals: { expected: '', actual: '' },
      indicators: [],
      declaredTotal: { weight: null, score: null },
    },
    projects: [],
    otherFunds: {
      governmentFund: { rows: [], note: '' },
      stateCapital: { rows: [], note: '' },
      socialInsurance: { rows: [], note: '' },
    },
    report: {
      cover: { title: `${year} 年度${unitName}整体支出绩效自评报告`, unitName: '', date: '' },
      sections: REPORT_HEADINGS.map((heading) => ({ heading, paragraphs: [] })),
      attachmentList: [],
    },
    signature: { unitHead: '', filler: '', phone: '', date: '' },
  };
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
      funds: { ...emptyFunds(), weight: previous.overall.funds.weight },
      goals: { expected: previous.overall.goals.expected, actual: '' },
      indicators: previous.overall.indicators.map(resetIndicator),
    },
    projects: previous.projects.map((project) => ({
      ...project,
      funds: { ...emptyFunds(), weight: project.funds.weight },
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
