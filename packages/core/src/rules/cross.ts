/** Identities across tables: 附件1 ↔ 附件2 ↔ 附件3 ↔ 附件4–6, names, template. */
import { Decimal, cellValue } from '../decimal.js';
import type { NamedYearRow, OtherFundTable } from '../model.js';
import { TEMPLATES } from '../templates.js';
import { closestName } from '../text-match.js';
import { diff, fig, pct } from './figures.js';
import { rule, type Part, type Rule, type RuleContext } from './types.js';

const template = rule('pkg.template', '错误', '包所用的评分模板必须存在', ({ pkg }, report) => {
  if (!(pkg.template in TEMPLATES)) {
    report(`评分模板“${pkg.template}”不存在，已按“default”计算；可选模板：${Object.keys(TEMPLATES).join('、')}`, { part: '包', path: 'template' });
  }
});

const projectSpending = rule('x.project-spending', '错误', '附件2 项目支出 = 附件1 项目支出本年决算数', ({ pkg }, report) => {
  const a2 = pkg.overall.byExpense.project;
  const a1 = pkg.basicData.projectSpending.total.actual;
  if (a2 === null && a1 === null) return;
  const left = cellValue(a2);
  const right = cellValue(a1);
  if (!left.equals(right)) {
    report(`附件2 项目支出 ${fig(left)} 万元，与附件1 项目支出本年决算数 ${fig(right)} 万元不符${diff(left, right)}`, {
      part: '附件2',
      path: 'overall.byExpense.project',
      row: '按支出性质分',
      column: '项目支出',
    });
  }
});

/** Names are the same unit when equal, or when one is the other without its region prefix. */
function sameUnit(full: string, other: string): boolean {
  const a = full.replace(/\s+/g, '');
  const b = other.replace(/\s+/g, '');
  return a === b || (b.length >= 4 && a.endsWith(b)) || (a.length >= 4 && b.endsWith(a));
}

const unitNames = rule('x.unit-name', '警告', '各表与报告中的单位名称应一致', ({ pkg }, report) => {
  const full = pkg.unit.name;
  const places: [string, string, Part, string][] = [
    [pkg.basicData.unitName, '附件1 预算单位名称', '附件1', 'basicData.unitName'],
    [pkg.overall.unitName, '附件2 预算部门名称', '附件2', 'overall.unitName'],
    [pkg.report.cover.unitName, '报告封面单位名称', '报告', 'report.cover.unitName'],
  ];
  for (const [name, label, part, path] of places) {
    if (name.trim() !== '' && !sameUnit(full, name)) {
      report(`${label}“${name}”与单位全称“${full}”不一致`, { part, path });
    }
  }
  const title = /年度\s*(.+?)\s*整体支出/.exec(pkg.report.cover.title)?.[1];
  if (title && !sameUnit(full, title)) {
    report(`报告标题中的单位“${title}”与单位全称“${full}”不一致`, { part: '报告', path: 'report.cover.title' });
  }
});

const reportYear = rule('x.report-year', '错误', '报告标题的年度应为包的预算年度', ({ pkg }, report) => {
  const year = /(\d{4})\s*年度/.exec(pkg.report.cover.title)?.[1];
  if (year && Number(year) !== pkg.year) {
    report(`报告标题写的是 ${year} 年度，本包为 ${pkg.year} 年度`, { part: '报告', path: 'report.cover.title' });
  }
});

/**
 * The 附件1 line each 附件3 project stands for: same name, else the one closest name (a typo, a dropped
 * character). Resolved once per check; a project with no such line maps to undefined.
 */
function projectLines(ctx: RuleContext): (NamedYearRow | undefined)[] {
  return ctx.memo('cross:project-lines', () => {
    const items = ctx.pkg.basicData.projectSpending.specialItems;
    const byName = new Map(items.map((item) => [item.name, item]));
    const names = [...byName.keys()];
    return ctx.pkg.projects.map((project) => {
      const exact = byName.get(project.name);
      if (exact) return exact;
      const near = closestName(project.name, names);
      return near === undefined ? undefined : byName.get(near);
    });
  });
}

const projectTables = rule('x.project-tables', '错误', '附件3 每个项目的全年执行数 = 附件1 对应专项的本年决算数', (ctx, report) => {
  const lines = projectLines(ctx);
  ctx.pkg.projects.forEach((project, i) => {
    const item = lines[i];
    const where = { part: '附件3', path: `projects[${i}].funds.executed`, row: project.name, column: '全年执行数' } as const;
    if (!item) {
      report(`附件3“${project.name}”在附件1 本级专项明细中找不到对应的行`, { ...where, path: `projects[${i}].name`, column: '项目支出名称' });
      return;
    }
    const executed = cellValue(project.funds.executed);
    const actual = cellValue(item.actual);
    if (!executed.equals(actual)) {
      report(`附件3“${project.name}”全年执行数 ${fig(executed)} 万元，与附件1“${item.name}”本年决算数 ${fig(actual)} 万元不符${diff(executed, actual)}`, where);
    }
  });
});

const missingProjectTables = rule('x.missing-project-tables', '警告', '附件1 本年有支出的本级专项应有附件3 项目支出绩效自评表', (ctx, report) => {
  const { pkg } = ctx;
  const spent = pkg.basicData.projectSpending.specialItems.filter((item) => cellValue(item.actual).greaterThan(0));
  if (spent.length === 0) return;
  const covered = new Set(projectLines(ctx));
  const missing = spent.filter((item) => !covered.has(item));
  if (missing.length === 0) return;
  const names = missing.slice(0, 5).map((m) => `“${m.name}”`).join('、');
  const more = missing.length > 5 ? ` 等 ${missing.length} 个` : '';
  report(
    pkg.projects.length === 0
      ? `附件1 列有 ${spent.length} 个本年有支出的本级专项，附件3 未填报任何项目支出绩效自评表（如 ${names}${more}）`
      : `附件1 中 ${names}${more}本年有支出，但没有对应的附件3 项目支出绩效自评表`,
    { part: '附件3', path: 'projects' },
  );
});

const otherFundsAgree = rule('x.other-funds', '警告', '附件2 政府性基金拨款与附件4 应一致：有拨款就应有支出情况表', ({ pkg }, report) => {
  const granted = cellValue(pkg.overall.byIncome.governmentFund);
  const table: OtherFundTable = pkg.otherFunds.governmentFund;
  const spent = table.rows.reduce((total, r) => total.plus(cellValue(r.actual)), new Decimal(0));
  if (granted.greaterThan(0) && table.rows.length === 0) {
    report(`附件2 政府性基金拨款 ${fig(granted)} 万元，但附件4 政府性基金预算支出情况表为“无”`, { part: '附件4', path: 'otherFunds.governmentFund' });
  } else if (granted.isZero() && spent.greaterThan(0)) {
    report(`附件4 政府性基金支出 ${fig(spent)} 万元，但附件2 政府性基金拨款为 0`, { part: '附件2', path: 'overall.byIncome.governmentFund' });
  }
});

/** Indicators of 附件2 that restate a rate the tables already give. */
const KNOWN_RATES: readonly { name: RegExp; label: string; rate: (c: Parameters<Rule['check']>[0]) => { value: Decimal | null; how: string } }[] = [
  {
    name: /三公经费控制率/,
    label: '三公经费控制率',
    rate: ({ pkg, computed }) => ({
      value: computed.threePublic.total.controlRate,
      how: `${fig(cellValue(pkg.basicData.threePublic.total.actual))} / ${fig(cellValue(pkg.basicData.threePublic.total.budget))}`,
    }),
  },
  {
    name: /(在职人员|财政供养人员)控制率/,
    label: '在职人员控制率',
    rate: ({ pkg, computed }) => ({
      value: computed.staffingControlRate,
      how: `${pkg.basicData.staffing.actual ?? '—'} / ${pkg.basicData.staffing.authorized ?? '—'}`,
    }),
  },
  {
    name: /公用经费控制率/,
    label: '公用经费控制率',
    rate: ({ pkg, computed }) => ({
      value: computed.publicFundsControlRate,
      how: `${fig(cellValue(pkg.basicData.publicFunds.total.actual))} / ${fig(cellValue(pkg.basicData.publicFunds.total.budget))}`,
    }),
  },
  {
    name: /预算执行率/,
    label: '预算执行率',
    rate: ({ pkg, computed }) => ({
      value: computed.overall.executionRate,
      how: `${fig(cellValue(pkg.overall.funds.executed))} / ${fig(cellValue(pkg.overall.funds.fullYearBudget))}`,
    }),
  },
];

const restatedRates = rule('x.indicator-rates', '警告', '附件2 中与附件1 可计算比率同名的指标，其实际完成值应与计算结果一致', (ctx, report) => {
  ctx.pkg.overall.indicators.forEach((indicator, i) => {
    const known = KNOWN_RATES.find((k) => k.name.test(indicator.name));
    const actual = /^\s*(-?\d+(?:\.\d+)?)\s*%\s*$/.exec(indicator.actual)?.[1];
    if (!known || actual === undefined) return;
    const { value, how } = known.rate(ctx);
    if (value === null) return;
    const stated = new Decimal(actual);
    if (!value.times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).equals(stated)) {
      report(`附件2 指标“${indicator.name}”实际完成值填 ${indicator.actual}，按表中数据 ${how} 计算为 ${pct(value)}`, {
        part: '附件2',
        path: `overall.indicators[${i}].actual`,
        row: indicator.name,
        column: '实际完成值',
      });
    }
  });
});

export const CROSS_RULES: readonly Rule[] = [
  template,
  projectSpending,
  unitNames,
  reportYear,
  projectTables,
  missingProjectTables,
  otherFundsAgree,
  restatedRates,
];
