/** 附件1 基础数据表: identities inside the table, declared rates, and control warnings. */
import { ZERO, cellValue, sum } from '../decimal.js';
import type { BasicData, YearColumns } from '../model.js';
import { COLUMNS, cellOf, diff, fig, pct, printedMatches } from './figures.js';
import { rule, type Rule } from './types.js';

type RowRef = { label: string; path: string; get: (b: BasicData) => YearColumns };

const row = (label: string, path: string, get: (b: BasicData) => YearColumns): RowRef => ({ label, path, get });

const THREE_PUBLIC = row('三公经费', 'basicData.threePublic.total', (b) => b.threePublic.total);
const VEHICLE = row('1、公务用车购置和维护经费', 'basicData.threePublic.vehicle', (b) => b.threePublic.vehicle);
const VEHICLE_PURCHASE = row('公车购置', 'basicData.threePublic.vehiclePurchase', (b) => b.threePublic.vehiclePurchase);
const VEHICLE_OPERATION = row('公车运行维护', 'basicData.threePublic.vehicleOperation', (b) => b.threePublic.vehicleOperation);
const OVERSEAS = row('2、出国经费', 'basicData.threePublic.overseas', (b) => b.threePublic.overseas);
const RECEPTION = row('3、公务接待', 'basicData.threePublic.reception', (b) => b.threePublic.reception);
const PROJECTS = row('项目支出', 'basicData.projectSpending.total', (b) => b.projectSpending.total);
const BUSINESS = row('1、业务工作经费', 'basicData.projectSpending.business', (b) => b.projectSpending.business);
const OPERATION = row('2、运行维护经费', 'basicData.projectSpending.operation', (b) => b.projectSpending.operation);
const SPECIAL = row('3、本级专项资金', 'basicData.projectSpending.special', (b) => b.projectSpending.special);
const PUBLIC_FUNDS = row('公用经费', 'basicData.publicFunds.total', (b) => b.publicFunds.total);

/** A total that must equal the sum of its parts, in each year-column. */
interface SumIdentity {
  id: string;
  description: string;
  total: RowRef;
  /** label of the parts in messages */
  partsLabel: string;
  parts: (b: BasicData) => YearColumns[];
  /** skip the check when every part is blank (a breakdown that was not filled in) */
  onlyWhenPartsFilled: boolean;
}

const SUM_IDENTITIES: readonly SumIdentity[] = [
  {
    id: 'a1.three-public-sum',
    description: '三公经费 = 公务用车购置和维护经费 + 出国经费 + 公务接待（各列）',
    total: THREE_PUBLIC,
    partsLabel: '公务用车购置和维护经费、出国经费、公务接待之和',
    parts: (b) => [b.threePublic.vehicle, b.threePublic.overseas, b.threePublic.reception],
    onlyWhenPartsFilled: false,
  },
  {
    id: 'a1.vehicle-sum',
    description: '公务用车购置和维护经费 = 公车购置 + 公车运行维护（各列，明细已填时）',
    total: VEHICLE,
    partsLabel: '公车购置与公车运行维护之和',
    parts: (b) => [b.threePublic.vehiclePurchase, b.threePublic.vehicleOperation],
    onlyWhenPartsFilled: true,
  },
  {
    id: 'a1.project-sum',
    description: '项目支出 = 业务工作经费 + 运行维护经费 + 本级专项资金（各列）',
    total: PROJECTS,
    partsLabel: '业务工作经费、运行维护经费、本级专项资金之和',
    parts: (b) => [b.projectSpending.business, b.projectSpending.operation, b.projectSpending.special],
    onlyWhenPartsFilled: false,
  },
  {
    id: 'a1.special-sum',
    description: '本级专项资金 = 各专项明细行之和（各列）',
    total: SPECIAL,
    partsLabel: '本级专项资金明细合计',
    parts: (b) => b.projectSpending.specialItems,
    onlyWhenPartsFilled: true,
  },
];

const columnFilled = (rows: YearColumns[], key: keyof YearColumns) => rows.some((r) => r[key] !== null);

const sumRules: Rule[] = SUM_IDENTITIES.map((identity) =>
  rule(identity.id, '错误', identity.description, ({ pkg }, report) => {
    const parts = identity.parts(pkg.basicData);
    const total = identity.total.get(pkg.basicData);
    for (const { key, label } of COLUMNS) {
      if (identity.onlyWhenPartsFilled && !columnFilled(parts, key)) continue;
      const stated = cellOf(total, key);
      const added = sum(parts.map((p) => cellOf(p, key)));
      if (!added.equals(stated)) {
        report(
          `${label}：${identity.partsLabel} ${fig(added)} 万元，与“${identity.total.label}” ${fig(stated)} 万元不符${diff(added, stated)}`,
          { part: '附件1', path: `${identity.total.path}.${key}`, row: identity.total.label, column: label },
        );
      }
    }
  }),
);

const publicFundsBreakdown = rule(
  'a1.public-funds-breakdown',
  '错误',
  '公用经费“其中”各行之和不得超过公用经费（各列）',
  ({ pkg, computed }, report) => {
    const total = pkg.basicData.publicFunds.total;
    for (const { key, label } of COLUMNS) {
      const items = computed.publicFundsItemsSum[key];
      const stated = cellOf(total, key);
      if (items.greaterThan(stated)) {
        report(`${label}：公用经费“其中”各行合计 ${fig(items)} 万元，超过公用经费 ${fig(stated)} 万元${diff(items, stated)}`, {
          part: '附件1',
          path: `${PUBLIC_FUNDS.path}.${key}`,
          row: PUBLIC_FUNDS.label,
          column: label,
        });
      }
    }
  },
);

const staffingRate = rule('a1.staffing-rate', '错误', '表中填报的在职人员控制率 = 实际在职人数 / 编制数', ({ pkg, computed }, report) => {
  const { staffing } = pkg.basicData;
  const printed = staffing.declared.controlRate;
  const rate = computed.staffingControlRate;
  const where = { part: '附件1', path: 'basicData.staffing.declared.controlRate', row: '财政供养人员情况', column: '控制率' } as const;
  if (rate === null) {
    if (staffing.actual !== null) report(`编制数为空或为 0，在职人员控制率无法计算`, { ...where, path: 'basicData.staffing.authorized', column: '编制数' });
    return;
  }
  if (printed !== null && printed.trim() !== '' && !printedMatches(printed, rate, true)) {
    report(
      `在职人员控制率填报为 ${printed}，按 ${fig(cellValue(staffing.actual))} / ${fig(cellValue(staffing.authorized))} 计算应为 ${pct(rate)}`,
      where,
    );
  }
});

const overStaffed = rule('a1.over-staffed', '警告', '实际在职人数不应超过编制数', ({ pkg, computed }, report) => {
  const rate = computed.staffingControlRate;
  if (rate !== null && rate.greaterThan(1)) {
    const { staffing } = pkg.basicData;
    report(`实际在职 ${staffing.actual} 人，超过编制数 ${staffing.authorized} 人（控制率 ${pct(rate)}）`, {
      part: '附件1',
      path: 'basicData.staffing.actual',
      row: '财政供养人员情况',
      column: '实际在职人数',
    });
  }
});

const CONTROLLED: readonly RowRef[] = [THREE_PUBLIC, VEHICLE, OVERSEAS, RECEPTION, PUBLIC_FUNDS];

const overBudget = rule('a1.over-budget', '警告', '三公经费各项及公用经费的本年决算数不应超过本年预算数', ({ pkg }, report) => {
  for (const ref of CONTROLLED) {
    const r = ref.get(pkg.basicData);
    const budget = cellValue(r.budget);
    const actual = cellValue(r.actual);
    if (actual.greaterThan(budget)) {
      const rate = budget.isZero() ? '预算数为 0' : `控制率 ${pct(actual.div(budget))}`;
      report(`“${ref.label}”本年决算 ${fig(actual)} 万元，超过本年预算 ${fig(budget)} 万元（${rate}）`, {
        part: '附件1',
        path: `${ref.path}.actual`,
        row: ref.label,
        column: '本年决算数',
      });
    }
  }
});

const buildingRates = rule(
  'a1.building-rates',
  '错误',
  '表中填报的规模控制率、投资概算控制率与计算一致',
  ({ pkg, computed }, report) => {
    const { declared } = pkg.basicData.buildings;
    const pairs = [
      ['规模控制率', declared.scaleControlRate, computed.buildingScaleControlRate, 'scaleControlRate'],
      ['投资概算控制率', declared.investmentControlRate, computed.buildingInvestmentControlRate, 'investmentControlRate'],
    ] as const;
    for (const [label, printed, rate, key] of pairs) {
      if (printed === null || printed.trim() === '') continue;
      const where = { part: '附件1', path: `basicData.buildings.declared.${key}`, row: '楼堂馆所控制情况', column: label } as const;
      if (rate === null) report(`${label}填报为 ${printed}，但分母为 0，控制率无法计算`, where);
      else if (!printedMatches(printed, rate, true)) report(`${label}填报为 ${printed}，计算应为 ${pct(rate)}`, where);
    }
  },
);

function* allRows(b: BasicData): Generator<[RowRef, YearColumns]> {
  for (const ref of [THREE_PUBLIC, VEHICLE, VEHICLE_PURCHASE, VEHICLE_OPERATION, OVERSEAS, RECEPTION, PROJECTS, BUSINESS, OPERATION, SPECIAL, PUBLIC_FUNDS]) {
    yield [ref, ref.get(b)];
  }
  for (const [i, item] of b.projectSpending.specialItems.entries()) {
    yield [row(item.name, `basicData.projectSpending.specialItems[${i}]`, () => item), item];
  }
  for (const [i, item] of b.publicFunds.items.entries()) {
    yield [row(item.name, `basicData.publicFunds.items[${i}]`, () => item), item];
  }
  yield [row('政府采购金额', 'basicData.procurement', () => b.procurement), b.procurement];
}

const negative = rule('a1.negative', '错误', '附件1 的金额不应为负数', ({ pkg }, report) => {
  for (const [ref, r] of allRows(pkg.basicData)) {
    for (const { key, label } of COLUMNS) {
      if (cellOf(r, key).lessThan(ZERO)) {
        report(`“${ref.label}”${label}为负数 ${fig(cellOf(r, key))} 万元`, { part: '附件1', path: `${ref.path}.${key}`, row: ref.label, column: label });
      }
    }
  }
});

const partlyBlank = rule('a1.partly-blank', '提示', '一行中部分年度列已填、部分为空：请确认空白是否应为 0', ({ pkg }, report) => {
  for (const [ref, r] of allRows(pkg.basicData)) {
    const blanks = COLUMNS.filter(({ key }) => r[key] === null);
    if (blanks.length === 0 || blanks.length === COLUMNS.length) continue;
    for (const { key, label } of blanks) {
      report(`“${ref.label}”的${label}为空，同行其他列已填写`, { part: '附件1', path: `${ref.path}.${key}`, row: ref.label, column: label });
    }
  }
});

const duplicateItems = rule('a1.duplicate-item', '警告', '本级专项明细不应有重名的行', ({ pkg }, report) => {
  const seen = new Map<string, number>();
  pkg.basicData.projectSpending.specialItems.forEach((item, i) => {
    const first = seen.get(item.name);
    if (first !== undefined) {
      report(`本级专项“${item.name}”出现两次（第 ${first + 1} 行与第 ${i + 1} 行）`, {
        part: '附件1',
        path: `basicData.projectSpending.specialItems[${i}].name`,
        row: item.name,
      });
    } else seen.set(item.name, i);
  });
});

export const BASIC_DATA_RULES: readonly Rule[] = [
  ...sumRules,
  publicFundsBreakdown,
  staffingRate,
  overStaffed,
  overBudget,
  buildingRates,
  negative,
  partlyBlank,
  duplicateItems,
];

