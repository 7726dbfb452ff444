/** The empty package: what an import leaves for every part it does not find. */
import { FORMAT_ID, FORMAT_VERSION } from '@jixiao/core';
import type { FundsLine, Indicator, OtherFundTable, OverallEvaluation, Package, ProjectEvaluation, YearColumns } from '@jixiao/core';

export function emptyYearColumns(): YearColumns {
  return { prior: null, budget: null, actual: null };
}

export function emptyFundsLine(): FundsLine {
  return { initialBudget: null, fullYearBudget: null, executed: null, weight: null, declared: { executionRate: null, score: null } };
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
  const row = () => ({ initialBudget: null, fullYearBudget: null, executed: null });
  return {
    name: '',
    department: '',
    implementer: '',
    funds: emptyFundsLine(),
    fundSources: { currentFiscal: row(), carryOver: row(), other: row() },
    goals: { expected: '', actual: '' },
    indicators: [],
    declaredTotal: { weight: null, score: null },
  };
}

export function emptyIndicator(): Indicator {
  return { level1: '', level2: '', name: '', target: '', actual: '', weight: null, score: null, deviation: '', level: null, notApplicable: false };
}

function emptyOtherFund(): OtherFundTable {
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
