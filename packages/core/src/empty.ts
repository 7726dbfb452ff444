/**
 * Empty parts of a package: what an import leaves for a part it does not find, what a new package or a
 * new row starts from. Every cell blank, every list empty, every text "".
 */
import { FORMAT_ID, FORMAT_VERSION } from './model.js';
import type { FundsLine, FundsRow, Indicator, OtherFundTable, OverallEvaluation, Package, ProjectEvaluation, YearColumns } from './model.js';

export function emptyYearColumns(): YearColumns {
  return { prior: null, budget: null, actual: null };
}

export function emptyFundsRow(): FundsRow {
  return { initialBudget: null, fullYearBudget: null, executed: null };
}

export function emptyFundsLine(weight: string | null = null): FundsLine {
  return { ...emptyFundsRow(), weight, declared: { executionRate: null, score: null } };
}

export function emptyOverall(): OverallEvaluation {
  return {
    unitName: '',
    funds: emptyFundsLine(),
    byIncome: { generalPublic: null, governmentFund: null, specialAccountNonTax: null, other: null },
    byExpense: { basic: null, project: null },
    goals: { expected: '', actual: '' },
    indicators: [],
    declaredTotal: { weight: null, score: null },
  };
}

export function emptyProject(): ProjectEvaluation {
  return {
    name: '',
    department: '',
    implementer: '',
    funds: emptyFundsLine(),
    fundSources: { currentFiscal: emptyFundsRow(), carryOver: emptyFundsRow(), other: emptyFundsRow() },
    goals: { expected: '', actual: '' },
    indicators: [],
    declaredTotal: { weight: null, score: null },
  };
}

export function emptyIndicator(level1 = '', level2 = ''): Indicator {
  return { level1, level2, name: '', target: '', actual: '', weight: null, score: null, deviation: '', level: null, notApplicable: false };
}

export function emptyOtherFund(): OtherFundTable {
  return { rows: [], note: '' };
}

/** An empty package for one unit and year: every cell blank, every list empty. */
export function emptyPackage(year: number, unitName: string): Package {
  return {
    format: FORMAT_ID,
    version: FORMAT_VERSION,
    template: 'default',
    year,
    unit: { name: unitName, department: '' },
    basicData: {
      unitName: '',
      staffing: { authorized: null, actual: null, declared: { controlRate: null } },
      threePublic: {
        total: emptyYearColumns(),
        vehicle: emptyYearColumns(),
        vehiclePurchase: emptyYearColumns(),
        vehicleOperation: emptyYearColumns(),
        overseas: emptyYearColumns(),
        reception: emptyYearColumns(),
      },
      projectSpending: {
        total: emptyYearColumns(),
        business: emptyYearColumns(),
        operation: emptyYearColumns(),
        special: emptyYearColumns(),
        specialItems: [],
      },
      publicFunds: { total: emptyYearColumns(), items: [] },
      procurement: emptyYearColumns(),
      basicBudgetAdjustment: emptyYearColumns(),
      buildings: {
        approvedArea: null,
        actualArea: null,
        budgetInvestment: null,
        actualInvestment: null,
        declared: { scaleControlRate: null, investmentControlRate: null },
      },
      frugalityMeasures: '',
    },
    overall: emptyOverall(),
    projects: [],
    otherFunds: { governmentFund: emptyOtherFund(), stateCapital: emptyOtherFund(), socialInsurance: emptyOtherFund() },
    report: { cover: { title: '', unitName: '', date: '' }, sections: [], attachmentList: [] },
    signature: { unitHead: '', filler: '', phone: '', date: '' },
  };
}
