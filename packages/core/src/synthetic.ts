/**
 * Reproducible synthetic packages for benchmarks, demo data and load tests: the same seed always gives the
 * same package, and the package is consistent (its identities hold, so it checks without 错误).
 */
import { Decimal, ZERO } from './decimal.js';
import { reportSection } from './empty.js';
import type { Indicator, Package, ProjectEvaluation } from './model.js';
import { FORMAT_ID, FORMAT_VERSION } from './model.js';

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32: tiny, fast, good enough for test data). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROJECT_WORDS = ['环卫', '维稳', '临时救助', '社区治理', '应急', '文明创建', '退役军人', '民生保障', '城市管理', '生态治理'];
const UNIT_KINDS = ['街道办事处', '中学', '卫生院', '市场监督管理所', '社区服务中心'];

export interface SyntheticOptions {
  /** number of 本级专项 lines, each with its own 附件3 table */
  projects: number;
  /** 三级指标 per 附件3 table (the 附件2 tree has 15) */
  indicatorsPerProject: number;
  year: number;
}

const DEFAULTS: SyntheticOptions = { projects: 20, indicatorsPerProject: 6, year: 2023 };

/** An amount with 2 decimals in [min, max) 万元, as text. */
function amount(next: () => number, min: number, max: number): Decimal {
  const cents = Math.floor((min + next() * (max - min)) * 100);
  return new Decimal(cents).div(100);
}

/** Split `total` weight into `count` integer weights. */
function weights(total: number, count: number): string[] {
  const base = Math.floor(total / count);
  return Array.from({ length: count }, (_, i) => String(i < total - base * count ? base + 1 : base));
}

function indicatorRows(level1: string, level2: string, prefix: string, total: number, count: number): Indicator[] {
  return weights(total, count).map((weight, i) => ({
    level1,
    level2,
    name: `${prefix}指标${i + 1}`,
    target: '≥95%',
    actual: '100%',
    weight,
    score: weight,
    deviation: '',
    level: null,
    notApplicable: false,
  }));
}

function projectTable(name: string, spent: Decimal, unitName: string, perProject: number): ProjectEvaluation {
  const output = Math.max(1, Math.round(perProject * 0.6));
  const effect = Math.max(1, Math.round(perProject * 0.3));
  const satisfaction = Math.max(1, perProject - output - effect);
  const text = spent.toFixed(2);
  return {
    name,
    department: '',
    implementer: unitName,
    manager: '',
    funds: {
      initialBudget: text,
      fullYearBudget: text,
      executed: text,
      weight: '10',
      declared: { executionRate: '100.00%', score: '10.00' },
    },
    fundSources: [
      { kind: 'fiscal', initialBudget: text, fullYearBudget: text, executed: text, declared: { executionRate: null } },
      { kind: 'carryOver', initialBudget: null, fullYearBudget: null, executed: null, declared: { executionRate: null } },
      { kind: 'other', initialBudget: null, fullYearBudget: null, executed: null, declared: { executionRate: null } },
    ],
    goals: { expected: `完成${name}年度任务`, actual: `已完成${name}年度任务` },
    indicators: [
      ...indicatorRows('产出指标', '数量指标', name, 50, output),
      ...indicatorRows('效益指标', '社会效益指标', name, 30, effect),
      ...indicatorRows('满意度指标', '服务对象满意度指标', name, 10, satisfaction),
    ],
    declaredTotal: { weight: '100', score: '100' },
    remarks: [],
  };
}

export function syntheticPackage(seed: number, options: Partial<SyntheticOptions> = {}): Package {
  const { projects, indicatorsPerProject, year } = { ...DEFAULTS, ...options };
  const next = seededRandom(seed);
  const unitName = `示例市示例区第${seed}${UNIT_KINDS[seed % UNIT_KINDS.length]}`;
  const items = Array.from({ length: projects }, (_, i) => ({
    name: `${PROJECT_WORDS[i % PROJECT_WORDS.length]}项目${i + 1}`,
    prior: amount(next, 1, 300),
    actual: amount(next, 1, 300),
  }));
  const special = items.reduce((s, i) => ({ prior: s.prior.plus(i.prior), actual: s.actual.plus(i.actual) }), {
    prior: ZERO,
    actual: ZERO,
  });
  const basic = amount(next, 500, 3000);
  const total = basic.plus(special.actual);
  const general = total.minus(amount(next, 0, 100));
  const reception = { prior: amount(next, 1, 10), budget: amount(next, 5, 12), actual: amount(next, 1, 5) };
  const authorized = 20 + Math.floor(next() * 100);
  const tp = (c: { prior: Decimal; budget: Decimal; actual: Decimal } | null) =>
    c ? { prior: c.prior.toFixed(2), budget: c.budget.toFixed(2), actual: c.actual.toFixed(2) } : { prior: '0', budget: '0', actual: '0' };
  const overallIndicators = [
    ...indicatorRows('产出指标', '数量指标', '重点工作', 30, 5),
    ...indicatorRows('产出指标', '质量指标', '工作质量', 20, 3),
    ...indicatorRows('效益指标', '社会效益指标', '社会效益', 30, 5),
    ...indicatorRows('满意度指标', '服务对象满意度指标', '满意度', 10, 2),
  ];
  const list = items.map((i) => `${i.name}${i.actual.toFixed(2)}万元`).join('、');
  return {
    format: FORMAT_ID,
    version: FORMAT_VERSION,
    template: 'default',
    layout: { project: 'national', overall: 'national' },
    year,
    unit: { name: unitName, department: '示例区财政局' },
    basicData: {
      unitName,
      staffing: { authorized: String(authorized), actual: String(authorized - Math.floor(next() * 5)), declared: { controlRate: null } },
      rows: {
        threePublic: tp(reception),
        vehicle: tp(null),
        vehiclePurchase: { prior: null, budget: null, actual: null },
        vehicleOperation: { prior: null, budget: null, actual: null },
        overseas: tp(null),
        reception: tp(reception),
        projectSpending: { prior: special.prior.toFixed(2), budget: '0', actual: special.actual.toFixed(2) },
        business: { prior: '0', budget: '0', actual: '0' },
        operation: { prior: '0', budget: '0', actual: '0' },
        localSpecial: { prior: special.prior.toFixed(2), budget: '0', actual: special.actual.toFixed(2) },
        publicFunds: { prior: '100.00', budget: '120.00', actual: '110.00' },
        procurement: { prior: '50.00', budget: '60.00', actual: '55.00' },
        basicBudgetAdjustment: { prior: null, budget: null, actual: null },
      },
      lines: {
        localSpecial: items.map((i) => ({ name: i.name, prior: i.prior.toFixed(2), budget: '0', actual: i.actual.toFixed(2) })),
        publicFunds: [{ name: '办公经费', prior: '20.00', budget: '25.00', actual: '22.00' }],
      },
      buildings: {
        approvedArea: null,
        actualArea: null,
        budgetInvestment: null,
        actualInvestment: null,
        declared: { scaleControlRate: null, investmentControlRate: null },
      },
      frugalityMeasures: '严格控制一般性支出。',
    },
    overall: {
      unitName,
      funds: {
        initialBudget: total.toFixed(2),
        fullYearBudget: total.toFixed(2),
        executed: total.toFixed(2),
        weight: '10',
        declared: { executionRate: '100.00%', score: '10.00' },
      },
      byIncome: {
        generalPublic: general.toFixed(2),
        governmentFund: '0',
        specialAccountNonTax: '0',
        other: total.minus(general).toFixed(2),
      },
      byExpense: { basic: basic.toFixed(2), project: special.actual.toFixed(2) },
      declaredSplit: { byIncome: null, byExpense: null },
      goals: { expected: '全面完成年度工作任务。', actual: '年度工作任务全面完成。' },
      indicators: overallIndicators,
      declaredTotal: { weight: '100', score: '100' },
    },
    projects: items.map((i) => projectTable(i.name, i.actual, unitName, indicatorsPerProject)),
    otherFunds: {
      governmentFund: { rows: [], note: '' },
      stateCapital: { rows: [], note: '' },
      socialInsurance: { rows: [], note: '' },
    },
    report: {
      cover: { title: `${year} 年度${unitName}整体支出绩效自评报告`, unitName: '', date: `${year + 1} 年 6 月 30 日` },
      opening: [],
      sections: [
        reportSection('一、单位基本情况', ['（一）职能职责', '负责辖区公共服务。', '（二）机构设置', `在职编制${authorized}人。`]),
        reportSection('二、一般公共预算支出情况', [
          '（一）基本支出情况',
          `本单位${year}年度的基本支出为${basic.toFixed(2)}万元。本单位${year}年三公经费支出${reception.actual.toFixed(2)}万元，其中公务接待费${reception.actual.toFixed(2)}万元。`,
          '（二）项目支出情况',
          `本单位${year}年度的项目支出为${special.actual.toFixed(2)}万元，包括${list}。`,
        ]),
        reportSection('三、政府性基金预算支出情况', ['本单位无政府性基金预算支出。']),
        reportSection('四、国有资本经营预算支出情况', ['本单位无国有资本经营预算支出。']),
        reportSection('五、社会保险基金预算支出情况', ['本单位无社会保险基金预算支出。']),
        reportSection('六、单位整体支出绩效情况', ['各项工作均按计划完成。']),
        reportSection('七、存在的问题及原因分析', ['预算编制精细化程度有待提高。']),
        reportSection('八、下一步改进措施', ['加强预算绩效管理。']),
        reportSection('九、单位整体支出绩效自评结果拟应用和公开情况', ['按规定公开。']),
        reportSection('十、其他需要说明的情况', ['无']),
      ],
      attachmentList: [],
    },
    signature: { unitHead: '', filler: '', phone: '', date: '' },
    uncertain: [],
  };
}
