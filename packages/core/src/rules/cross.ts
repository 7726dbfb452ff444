/** Identities across tables: 附件1 ↔ 附件2 ↔ 附件3 ↔ 附件4–6, names, template. Each needs both parts present. */
import { projectLines, rowOf, type ProjectLine } from '../basic-rows.js';
import { Decimal, cellValue } from '../decimal.js';
import { BASIC_DATA_FORM, STAFFING } from '../forms/basic-data.js';
import { fundsLabel, indicatorLabel } from '../forms/evaluation.js';
import { OVERALL_FORM, overallLayout } from '../forms/overall.js';
import { PROJECT_FORM } from '../forms/project.js';
import { TEMPLATES } from '../templates.js';
import { closestName } from '../text-match.js';
import { diff, fig, pct } from './figures.js';
import { rule, type Part, type Rule, type RuleContext } from './types.js';

const template = rule('pkg.template', '错误', '包所用的评分模板必须存在', ({ pkg }, report) => {
  if (!(pkg.template in TEMPLATES)) {
    report(`评分模板“${pkg.template}”不存在，已按“default”计算；可选模板：${Object.keys(TEMPLATES).join('、')}`, {
      part: '包',
      path: 'template',
    });
  }
});

const projectSpending = rule('x.project-spending', '错误', '附件2 项目支出 = 附件1 项目支出本年决算数', ({ pkg }, report) => {
  const a1Row = pkg.basicData && rowOf(pkg.basicData, 'projectSpending');
  if (!pkg.overall || !a1Row) return;
  const a2 = pkg.overall.byExpense.project;
  const a1 = a1Row.actual;
  if (a2 === null || a1 === null) return;
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

/** What a title writes where a unit's name could stand when it names none. */
const GENERIC_UNIT = /^(?:本|我)?(?:部门|单位)(?:[(（](?:部门|单位)[)）])?$/;

/** Names are the same unit when equal, or when one is the other without its region prefix. */
function sameUnit(full: string, other: string): boolean {
  const a = full.replace(/\s+/g, '');
  const b = other.replace(/\s+/g, '');
  return a === b || (b.length >= 4 && a.endsWith(b)) || (a.length >= 4 && b.endsWith(a));
}

const unitNames = rule('x.unit-name', '警告', '各表与报告中的单位名称应一致', ({ pkg }, report) => {
  const full = pkg.unit.name;
  if (full.trim() === '') return;
  const places: [string | undefined, string, Part, string][] = [
    [pkg.basicData?.unitName, `${BASIC_DATA_FORM.part} ${BASIC_DATA_FORM.unitName.label}`, '附件1', 'basicData.unitName'],
    [pkg.overall?.unitName, `${OVERALL_FORM.part} ${overallLayout(pkg.layout.overall).unitName}`, '附件2', 'overall.unitName'],
    [pkg.report?.cover.unitName, '报告封面单位名称', '报告', 'report.cover.unitName'],
  ];
  for (const [name, label, part, path] of places) {
    if (name !== undefined && name.trim() !== '' && !sameUnit(full, name)) {
      report(`${label}“${name}”与单位全称“${full}”不一致`, { part, path });
    }
  }
  const title = pkg.report && /年度\s*(.+?)\s*整体支出/.exec(pkg.report.cover.title)?.[1];
  // "岳阳市2018年度部门整体支出…": the form's own word, no name (the unit is named before the year).
  if (title && !GENERIC_UNIT.test(title) && !sameUnit(full, title)) {
    report(`报告标题中的单位“${title}”与单位全称“${full}”不一致`, { part: '报告', path: 'report.cover.title' });
  }
});

const reportYear = rule('x.report-year', '错误', '报告标题的年度应为包的预算年度', ({ pkg }, report) => {
  const year = pkg.report && /(\d{4})\s*年度/.exec(pkg.report.cover.title)?.[1];
  if (year && Number(year) !== pkg.year) {
    report(`报告标题写的是 ${year} 年度，本包为 ${pkg.year} 年度`, { part: '报告', path: 'report.cover.title' });
  }
});

/**
 * The 附件1 line each 附件3 project stands for, among the lines of every project list (本级 / 区级 …
 * 专项资金, 上级转移支付): same name, else the one closest name (a typo, a dropped character). Resolved
 * once per check; a project with no such line maps to undefined.
 */
function linesOfProjects(ctx: RuleContext): (ProjectLine | undefined)[] {
  return ctx.memo('cross:project-lines', () => {
    const lines = ctx.pkg.basicData ? projectLines(ctx.pkg.basicData, ctx.form) : [];
    const byName = new Map<string, ProjectLine>();
    for (const line of lines) if (!byName.has(line.line.name)) byName.set(line.line.name, line);
    const names = [...byName.keys()];
    return (ctx.pkg.projects ?? []).map((project) => {
      const exact = byName.get(project.name);
      if (exact) return exact;
      const near = closestName(project.name, names);
      return near === undefined ? undefined : byName.get(near);
    });
  });
}

const projectTables = rule('x.project-tables', '错误', '附件3 每个项目的全年执行数 = 附件1 对应专项的本年决算数', (ctx, report) => {
  if (!ctx.pkg.basicData) return;
  const lines = linesOfProjects(ctx);
  (ctx.pkg.projects ?? []).forEach((project, i) => {
    const item = lines[i];
    const where = { part: '附件3', path: `projects[${i}].funds.executed`, row: project.name, column: fundsLabel('executed') } as const;
    if (!item) {
      report(`附件3“${project.name}”在附件1 的专项明细中找不到对应的行`, {
        ...where,
        path: `projects[${i}].name`,
        column: PROJECT_FORM.name_.label,
      });
      return;
    }
    if (project.funds.executed === null || item.line.actual === null) return;
    const executed = cellValue(project.funds.executed);
    const actual = cellValue(item.line.actual);
    if (!executed.equals(actual)) {
      report(
        `附件3“${project.name}”全年执行数 ${fig(executed)} 万元，与附件1 ${item.row.label}“${item.line.name}”本年决算数 ${fig(actual)} 万元不符${diff(executed, actual)}`,
        where,
      );
    }
  });
});

const missingProjectTables = rule(
  'x.missing-project-tables',
  '警告',
  '附件1 本年有支出的专项应有附件3 项目支出绩效自评表',
  (ctx, report) => {
    const { pkg } = ctx;
    if (!pkg.basicData || pkg.projects === null) return;
    const spent = projectLines(pkg.basicData, ctx.form).filter((item) => cellValue(item.line.actual).greaterThan(0));
    if (spent.length === 0) return;
    const covered = new Set(linesOfProjects(ctx).map((line) => line?.line));
    const missing = spent.filter((item) => !covered.has(item.line));
    if (missing.length === 0) return;
    const names = missing
      .slice(0, 5)
      .map((m) => `“${m.line.name}”`)
      .join('、');
    const more = missing.length > 5 ? ` 等 ${missing.length} 个` : '';
    report(
      pkg.projects.length === 0
        ? `附件1 列有 ${spent.length} 个本年有支出的专项，附件3 未填报任何项目支出绩效自评表（如 ${names}${more}）`
        : `附件1 中 ${names}${more}本年有支出，但没有对应的附件3 项目支出绩效自评表`,
      { part: '附件3', path: 'projects' },
    );
  },
);

const otherFundsAgree = rule(
  'x.other-funds',
  '警告',
  '附件2 政府性基金拨款与附件4 应一致：有拨款就应有支出情况表',
  ({ pkg, computed }, report) => {
    const table = pkg.otherFunds.governmentFund;
    const totals = computed.otherFunds.governmentFund;
    if (!pkg.overall || !table || !totals || pkg.overall.byIncome.governmentFund === null) return;
    const granted = cellValue(pkg.overall.byIncome.governmentFund);
    if (granted.greaterThan(0) && table.rows.length === 0) {
      report(`附件2 政府性基金拨款 ${fig(granted)} 万元，但附件4 政府性基金预算支出情况表为“无”`, {
        part: '附件4',
        path: 'otherFunds.governmentFund',
      });
    } else if (granted.isZero() && totals.actual.greaterThan(0)) {
      report(`附件4 政府性基金支出 ${fig(totals.actual)} 万元，但附件2 政府性基金拨款为 0`, {
        part: '附件2',
        path: 'overall.byIncome.governmentFund',
      });
    }
  },
);

/** A rate the tables give, as an indicator of 附件2 may restate it. */
interface KnownRate {
  name: string;
  value: Decimal | null;
  /** how the table computes it, for the message: built only when an indicator disagrees */
  how: () => string;
}

/** The rates the tables give, named as the forms name them (三公经费控制率, 在职人员控制率 …). */
function knownRates({ pkg, computed, form }: RuleContext): KnownRate[] {
  const out: KnownRate[] = [];
  const basic = pkg.basicData;
  if (basic?.staffing) {
    const staffing = basic.staffing;
    out.push({
      name: STAFFING.rateName,
      value: computed.staffingControlRate,
      how: () => `${staffing.actual ?? '—'} / ${staffing.authorized ?? '—'}`,
    });
    out.push({
      name: '财政供养人员控制率',
      value: computed.staffingControlRate,
      how: () => `${staffing.actual ?? '—'} / ${staffing.authorized ?? '—'}`,
    });
  }
  if (basic) {
    for (const spec of form.rows) {
      const row = rowOf(basic, spec.id);
      const control = spec.rates?.control;
      if (!row || !control) continue;
      out.push({
        name: control,
        value: computed.rows[spec.id]?.controlRate ?? null,
        how: () => `${fig(cellValue(row.actual))} / ${fig(cellValue(row.budget))}`,
      });
    }
  }
  if (pkg.overall && computed.overall) {
    const funds = pkg.overall.funds;
    out.push({
      name: '预算执行率',
      value: computed.overall.executionRate,
      how: () => `${fig(cellValue(funds.executed))} / ${fig(cellValue(funds.fullYearBudget))}`,
    });
  }
  return out;
}

const restatedRates = rule(
  'x.indicator-rates',
  '警告',
  '附件2 中与附件1 可计算比率同名的指标，其实际完成值应与计算结果一致',
  (ctx, report) => {
    if (!ctx.pkg.overall) return;
    const rates = knownRates(ctx);
    ctx.pkg.overall.indicators.forEach((indicator, i) => {
      const known = rates.find((k) => indicator.name.includes(k.name));
      const actual = /^\s*(-?\d+(?:\.\d+)?)\s*%\s*$/.exec(indicator.actual)?.[1];
      if (!known || actual === undefined || known.value === null) return;
      const stated = new Decimal(actual);
      if (!known.value.times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).equals(stated)) {
        report(`附件2 指标“${indicator.name}”实际完成值填 ${indicator.actual}，按表中数据 ${known.how()} 计算为 ${pct(known.value)}`, {
          part: '附件2',
          path: `overall.indicators[${i}].actual`,
          row: indicator.name,
          column: indicatorLabel('actual'),
        });
      }
    });
  },
);

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
