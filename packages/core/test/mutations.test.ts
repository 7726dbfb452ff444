/**
 * Every rule, caught in the act: one figure of the seed changed at a time, and the rule must report it
 * with the figures in its message. A rule without a case here fails the first test, so no rule goes
 * untested.
 */
import { describe, expect, it } from 'vitest';
import { RULES, check } from '../src/index.js';
import { example, lines, row, sanitation, type CompletePackage } from './example.js';

interface Case {
  /** what the case changes, in words */
  what: string;
  change: (pkg: CompletePackage) => void;
  /** fragments the new finding's message must contain: the figures, the names */
  fragments: string[];
  /** where the finding must point, when it matters */
  path?: string;
}

const item = (pkg: CompletePackage, name: string) => {
  const found = lines(pkg, 'localSpecial').find((r) => r.name === name);
  if (!found) throw new Error(name);
  return found;
};

const text = (pkg: CompletePackage, section: number, paragraph: number, from: string, to: string) => {
  const paragraphs = pkg.report.sections[section]!.paragraphs;
  if (!paragraphs[paragraph]!.includes(from)) throw new Error(`no “${from}” in the seed's text`);
  paragraphs[paragraph] = paragraphs[paragraph]!.replace(from, to);
};

/** Sentences of our own added to a section of the seed's report (the report-text rules that need no table). */
const add = (pkg: CompletePackage, section: number, ...paragraphs: string[]) =>
  pkg.report.sections[section]!.paragraphs.push(...paragraphs);

const CASES: Record<string, Case[]> = {
  'import.uncertain': [
    {
      what: 'a row whose figures an import could not place',
      change: (p) => {
        row(p, 'business').budget = null;
        p.uncertain.push({
          path: 'basicData.rows.business',
          label: '1、业务工作经费',
          values: ['20.5', '18.2'],
          columns: ['上年决算数', '本年预算数', '本年决算数'],
        });
      },
      fragments: ['1、业务工作经费', '2 个数', '20.5、18.2', '3 列', '上年决算数、本年预算数、本年决算数'],
    },
  ],
  'a1.three-public-sum': [
    {
      what: 'a 三公 part, where the template keeps totals typed',
      change: (p) => ((p.template = 'typed'), (row(p, 'reception').actual = '4.17')),
      fragments: ['本年决算数', '4.17', '4.07', '差 0.10'],
    },
  ],
  'a1.vehicle-sum': [
    { what: 'a 公车 part filled in', change: (p) => (row(p, 'vehiclePurchase').prior = '1.5'), fragments: ['上年决算数', '1.50', '0.00'] },
  ],
  'a1.project-sum': [
    {
      what: 'a part of 项目支出, where the template keeps totals typed',
      change: (p) => ((p.template = 'typed'), (row(p, 'business').actual = '10')),
      fragments: ['807.20', '797.20', '差 10.00'],
    },
  ],
  'a1.lines-sum': [
    {
      what: 'a 本级专项 line, where the template keeps totals typed',
      change: (p) => ((p.template = 'typed'), (item(p, '环卫经费').actual = '15.75')),
      fragments: ['本年决算数', '797.21', '797.20', '差 0.01'],
      path: 'basicData.rows.localSpecial.actual',
    },
  ],
  'a1.public-funds-breakdown': [
    { what: 'a 其中 row above its total', change: (p) => (lines(p, 'publicFunds')[0]!.actual = '700'), fragments: ['707.74', '701.07'] },
  ],
  'a1.blank-total': [
    {
      what: 'a total left blank, where the template keeps totals typed',
      change: (p) => ((p.template = 'typed'), (row(p, 'threePublic').actual = null)),
      fragments: ['三公经费', '本年决算数为空', '4.07'],
    },
  ],
  'a1.stated-total': [
    {
      what: 'a computed total printed otherwise (its parts all filled in)',
      change: (p) => ((row(p, 'overseas').actual = '0'), (row(p, 'threePublic').actual = '5.07')),
      fragments: ['三公经费', '本年决算数原表填报 5.07', '计算为 4.07', '差 1.00'],
      path: 'basicData.rows.threePublic.actual',
    },
  ],
  'a1.blank-parts': [
    {
      what: 'a total whose parts are all blank',
      change: (p) => {
        for (const id of ['vehicle', 'overseas', 'reception'] as const) row(p, id).actual = null;
      },
      fragments: ['三公经费', '本年决算数为 4.07', '均为空'],
    },
  ],
  'a1.staffing-rate': [
    { what: 'a printed 控制率', change: (p) => (p.basicData.staffing!.declared.controlRate = '95%'), fragments: ['95%', '100.00%'] },
  ],
  'a1.over-staffed': [
    { what: 'more staff than posts', change: (p) => (p.basicData.staffing!.actual = '50'), fragments: ['50', '48', '104.17%'] },
  ],
  'a1.over-budget': [
    { what: '公务接待 over budget', change: (p) => (row(p, 'reception').actual = '8'), fragments: ['公务接待', '8.00', '7.00', '114.29%'] },
  ],
  'a1.building-rates': [
    {
      what: 'a printed 规模控制率',
      change: (p) =>
        (p.basicData.buildings = {
          approvedArea: '100',
          actualArea: '80',
          budgetInvestment: null,
          actualInvestment: null,
          declared: { scaleControlRate: '90%', investmentControlRate: null },
        }),
      fragments: ['规模控制率', '90%', '80.00%'],
    },
  ],
  'a1.negative': [{ what: 'a negative amount', change: (p) => (item(p, '临时救助').prior = '-1.7'), fragments: ['临时救助', '-1.70'] }],
  'a1.partly-blank': [
    { what: 'a blank beside filled cells', change: (p) => (row(p, 'reception').budget = null), fragments: ['公务接待', '本年预算数为空'] },
  ],
  'a1.duplicate-item': [
    {
      what: 'a line twice',
      change: (p) => (lines(p, 'localSpecial')[1]!.name = '环卫垃圾分类'),
      fragments: ['环卫垃圾分类', '第 1 行', '第 2 行'],
    },
  ],
  'ev.execution-uncomputable': [
    {
      what: '全年预算数 0',
      change: (p) => {
        p.overall.funds.fullYearBudget = '0';
      },
      fragments: ['全年预算数为 0', '执行率无法计算'],
    },
    {
      what: '全年预算数 blank, which is not a 0',
      change: (p) => {
        p.overall.funds.fullYearBudget = null;
      },
      fragments: ['附件2 全年预算数未填，执行率无法计算'],
    },
    {
      what: '全年执行数 blank',
      change: (p) => {
        p.overall.funds.executed = null;
      },
      fragments: ['附件2 全年执行数未填，执行率无法计算'],
    },
  ],
  'ev.execution-rate': [
    {
      what: '全年执行数',
      change: (p) => (p.overall.funds.executed = '2100'),
      fragments: ['100.00%', '2,100.00 万元 / 2,206.82 万元', '95.16%'],
    },
  ],
  'ev.execution-score': [
    { what: 'a printed 执行率得分', change: (p) => (p.overall.funds.declared.score = '9'), fragments: ['9', '10.00'] },
  ],
  'ev.execution-weight': [{ what: 'the 执行率 分值', change: (p) => (p.overall.funds.weight = '5'), fragments: ['5.00', '10.00'] }],
  'ev.over-executed': [
    {
      what: 'more spent than budgeted',
      change: (p) => (p.overall.funds.executed = '2300'),
      fragments: ['2,300.00', '2,206.82', '104.22%'],
    },
  ],
  'ev.weight-total': [
    { what: 'a weight breaking 100', change: (p) => (p.overall.indicators[0]!.weight = '7'), fragments: ['101.00', '应为 100.00'] },
  ],
  'ev.total': [
    {
      what: 'a printed 总分, where the template keeps scores typed',
      change: (p) => ((p.template = 'typed'), (p.overall.declaredTotal!.score = '98')),
      fragments: ['总分填报为 98', '100.00'],
    },
    {
      what: 'a header 自评得分 of a whole table, where the template keeps scores typed',
      change: (p) => ((p.template = 'typed'), p.projects.push(sanitation({ remarks: [{ label: '自评得分', text: '98' }] }))),
      fragments: ['环卫工人工资', '表头自评得分填报为 98', '100.00'],
      path: 'projects[0].remarks[0].text',
    },
  ],
  'ev.stated-total': [
    {
      what: 'a printed 总分 other than the computed one',
      change: (p) => (p.overall.declaredTotal!.score = '98'),
      fragments: ['总分填报为 98', '应为 100.00', '以计算的总分为准'],
      path: 'overall.declaredTotal.score',
    },
    {
      what: 'a header 自评得分 other than the computed total of a whole table',
      change: (p) => p.projects.push(sanitation({ remarks: [{ label: '自评得分', text: '96' }] })),
      fragments: ['表头自评得分填报为 96', '应为 100.00', '以计算的总分为准'],
      path: 'projects[0].remarks[0].text',
    },
  ],
  'ev.reachable-total': [
    {
      what: 'a header 自评得分 beyond what the rows of a cut-off table allow',
      change: (p) =>
        p.projects.push(
          sanitation({
            indicators: sanitation().indicators.map((i) => (i.name === '环境改善' ? { ...i, score: '25' } : i)),
            declaredTotal: null,
            remarks: [{ label: '自评得分', text: '98' }],
          }),
        ),
      fragments: ['环卫工人工资', '自评得分填报为 98', '共失分 5.00', '最多得 95.00'],
      path: 'projects[0].remarks[0].text',
    },
    {
      what: 'a header 自评得分 below what the printed rows already score',
      change: (p) => p.projects.push(sanitation({ declaredTotal: null, remarks: [{ label: '自评得分', text: '60' }] })),
      fragments: ['自评得分填报为 60', '低于', '90.00'],
    },
  ],
  'ev.score-range': [
    {
      what: 'a typed score above its weight',
      change: (p) => ((p.template = 'typed'), (p.overall.indicators[4]!.score = '6.5')),
      fragments: ['辖区治理效果明显', '6.50', '6.00'],
      path: 'overall.indicators[4].score',
    },
  ],
  'ev.score-missing': [
    {
      what: 'a typed score left out',
      change: (p) => ((p.template = 'typed'), (p.overall.indicators[4]!.score = null)),
      fragments: ['辖区治理效果明显', '未填得分'],
    },
  ],
  'ev.score-formula': [
    {
      what: 'a typed score that disagrees with the formula',
      change: (p) => {
        p.template = 'typed';
        Object.assign(p.overall.indicators[1]!, { actual: '80%', deviation: '部分重点工作未公示' });
      },
      fragments: ['重点工作资金公示率', '应为 4.80 分', '填报 6.00 分'],
    },
    {
      what: 'a score printed in the unit’s file that the computed formula replaces',
      change: (p) => Object.assign(p.overall.indicators[1]!, { actual: '80%', deviation: '部分重点工作未公示' }),
      fragments: ['重点工作资金公示率', '实际完成 80%', '应为 4.80 分', '原表得分 6.00 分', '现按公式计分'],
      path: 'overall.indicators[1].score',
    },
  ],
  'ev.score-override': [
    {
      what: 'a formula score overridden with a reason',
      change: (p) =>
        Object.assign(p.overall.indicators[1]!, {
          actual: '80%',
          deviation: '部分重点工作未公示',
          override: { score: '5.5', reason: '未公示部分经批准暂缓' },
        }),
      fragments: ['重点工作资金公示率', '按公式得分 4.80 分', '调整为 5.50 分', '未公示部分经批准暂缓'],
      path: 'overall.indicators[1].override',
    },
  ],
  'ev.override-reason': [
    {
      what: 'an override without a reason',
      change: (p) => Object.assign(p.overall.indicators[1]!, { actual: '80%', override: { score: '6', reason: ' ' } }),
      fragments: ['重点工作资金公示率', '4.80', '6.00', '未写明理由'],
      path: 'overall.indicators[1].override.reason',
    },
  ],
  'ev.qualitative-band': [
    {
      what: 'a 定性 score outside its band',
      change: (p) => {
        Object.assign(p.overall.indicators[11]!, {
          target: '满意',
          actual: '基本满意',
          level: '部分达成',
          score: '5.5',
          deviation: '个别诉求未及时回应',
        });
        p.overall.declaredTotal!.score = '99.5';
      },
      fragments: ['部分达成', '3.60–4.80', '5.50'],
    },
  ],
  'ev.deviation-reason': [
    {
      what: 'a score below its weight with no reason',
      change: (p) => Object.assign(p.overall.indicators[5]!, { actual: '90%', score: '5.4' }),
      fragments: ['预决算指标及时公开率', '5.40', '6.00'],
    },
    {
      what: 'a target missed with no reason, on a form that prints no 得分',
      change: (p) => ((p.layout.overall = 'goals'), (p.overall.indicators[5]!.actual = '90%')),
      fragments: ['预决算指标及时公开率', '实际完成 90%，未达到指标值 100%，未填写偏差原因'],
    },
  ],
  'ev.unscorable': [
    {
      what: 'an actual that is no figure',
      change: (p) => (p.overall.indicators[5]!.actual = '良好'),
      fragments: ['预决算指标及时公开率', '良好', '100%'],
    },
  ],
  'ev.level1-weights': [
    {
      what: 'a project weighting 产出 60',
      change: (p) =>
        p.projects.push(
          sanitation({
            indicators: sanitation().indicators.map((i) =>
              i.level1 === '产出指标'
                ? { ...i, weight: '60', score: '60' }
                : i.level1 === '效益指标'
                  ? { ...i, weight: '20', score: '20' }
                  : i,
            ),
          }),
        ),
      fragments: ['环卫工人工资', '产出指标', '60.00', '50.00'],
    },
  ],
  'ev.tree-names': [
    {
      what: 'a 二级 name',
      change: (p) => (p.overall.indicators[7]!.level2 = '经济效益'),
      fragments: ['“效益指标”下的二级指标“经济效益”不是规范名称'],
    },
    { what: 'a 一级 name', change: (p) => (p.overall.indicators[11]!.level1 = '满意指标'), fragments: ['一级指标“满意指标”不是规范名称'] },
    { what: 'a blank 一级 name', change: (p) => (p.overall.indicators[11]!.level1 = ''), fragments: ['未填一级指标', '产出指标、'] },
  ],
  'ev.empty': [
    {
      what: 'a project without indicators',
      change: (p) => p.projects.push(sanitation({ indicators: [] })),
      fragments: ['环卫工人工资', '没有填写任何绩效指标'],
    },
  ],
  'ev.goals': [{ what: 'a goal left out', change: (p) => (p.overall.goals.actual = ''), fragments: ['实际完成情况', '为空'] }],
  'a2.income-split': [
    { what: 'an income part', change: (p) => (p.overall.byIncome.other = '500'), fragments: ['2,163.95', '2,206.82', '差 42.87'] },
  ],
  'a2.expense-split': [
    {
      what: '基本支出 in 附件2',
      change: (p) => (p.overall.byExpense.basic = '1400'),
      fragments: ['1,400.00', '797.20', '2,197.20', '2,206.82'],
    },
  ],
  'a3.fund-sources': [
    {
      what: 'a 资金来源 row',
      change: (p) =>
        p.projects.push(
          sanitation({
            fundSources: [
              { kind: 'fiscal', initialBudget: '395.28', fullYearBudget: '395.28', executed: '300', declared: { executionRate: null } },
            ],
          }),
        ),
      fragments: ['环卫工人工资', '全年执行数', '300.00', '395.28'],
    },
    {
      what: 'a 资金来源 row of a table printed in 元, quoted in 元',
      change: (p) => {
        p.layout.project = 'yuan';
        p.projects.push(
          sanitation({
            fundSources: [
              {
                kind: 'fiscal',
                initialBudget: '395.28',
                fullYearBudget: '395.28',
                executed: '21.54576',
                declared: { executionRate: null },
              },
            ],
          }),
        );
      },
      fragments: ['当年财政拨款 215,457.60 元', '与年度资金总额 3,952,800.00 元 不符（差 3,737,342.40）'],
    },
  ],
  'a3.source-rates': [
    {
      what: 'a 执行率 printed on a 资金来源 row',
      change: (p) =>
        p.projects.push(
          sanitation({
            fundSources: [
              { kind: 'fiscal', initialBudget: '395.28', fullYearBudget: '395.28', executed: '395.28', declared: { executionRate: '90%' } },
            ],
          }),
        ),
      fragments: ['当年财政拨款', '90%', '395.28 万元 / 395.28 万元', '100.00%'],
    },
  ],
  'pkg.template': [{ what: 'an unknown template', change: (p) => (p.template = 'hubei-2021'), fragments: ['“hubei-2021”不存在'] }],
  'x.project-spending': [
    { what: '附件2 项目支出', change: (p) => (p.overall.byExpense.project = '797.02'), fragments: ['797.02', '797.20'] },
  ],
  'x.unit-name': [
    {
      what: 'the cover’s unit',
      change: (p) => (p.report.cover.unitName = '岳阳市岳阳楼区洞庭街道办事处'),
      fragments: ['报告封面单位名称', '洞庭街道办事处'],
    },
    {
      what: 'the 单位名称 of a 附件2 in 重庆’s layout, named as its form names it',
      change: (p) => {
        p.layout.overall = 'goals';
        p.overall.unitName = '岳阳市岳阳楼区洞庭街道办事处';
      },
      fragments: ['附件2 单位名称“岳阳市岳阳楼区洞庭街道办事处”'],
    },
  ],
  'x.report-year': [
    {
      what: 'the title’s year',
      change: (p) => (p.report.cover.title = p.report.cover.title.replace('2023', '2022')),
      fragments: ['2022 年度', '2023 年度'],
    },
  ],
  'x.project-tables': [
    {
      what: '附件3 执行数 against 附件1',
      change: (p) => p.projects.push(sanitation({ funds: { ...sanitation().funds, fullYearBudget: '400', executed: '390' } })),
      fragments: ['390.00', '395.28'],
    },
  ],
  'x.missing-project-tables': [
    {
      what: 'one 附件3 for 25 lines',
      change: (p) => p.projects.push(sanitation()),
      fragments: ['没有对应的附件3', '环卫垃圾分类', '等 24 个'],
    },
  ],
  'x.other-funds': [
    {
      what: '政府性基金拨款 without 附件4 lines',
      change: (p) => {
        p.overall.byIncome.governmentFund = '10';
        p.otherFunds.governmentFund = { rows: [], note: '' };
      },
      fragments: ['10.00', '附件4'],
    },
  ],
  'x.indicator-rates': [
    {
      what: 'a rate an indicator restates',
      change: (p) => (p.overall.indicators[1]!.name = '公用经费控制率'),
      fragments: ['公用经费控制率', '100%', '828.69%'],
    },
  ],
  'r.figures': [
    {
      what: 'an amount in the text',
      change: (p) => text(p, 1, 1, '公务接待费4.07万元', '公务接待费4.70万元'),
      fragments: ['公务接待费4.70万元', '4.07'],
      path: 'report.sections[1].paragraphs[1]',
    },
    { what: 'a percentage in the text', change: (p) => text(p, 1, 1, '58.14%', '58.41%'), fragments: ['58.41%', '58.14%'] },
    { what: 'a change in the text', change: (p) => text(p, 1, 1, '减少了0.86万元', '减少了0.68万元'), fragments: ['0.68', '0.86'] },
    { what: '基本支出 against 附件2', change: (p) => (p.overall.byExpense.basic = '1409.26'), fragments: ['1409.62', '1,409.26'] },
    {
      what: 'an amount in the opening, before the first section',
      change: (p) => (p.report.opening = ['本办按通知要求开展2023年度整体支出绩效自评，基本支出为1409.26万元，报告如下：']),
      fragments: ['基本支出为1409.26万元', '1,409.62'],
      path: 'report.opening[0]',
    },
  ],
  'r.project-amount': [
    {
      what: 'a project line',
      change: (p) => (item(p, '环卫工人工资').actual = '395.18'),
      fragments: ['环卫工人工资395.28万元', '395.18', '差 0.10'],
    },
  ],
  'r.project-name': [
    {
      what: 'a project named otherwise',
      change: (p) => text(p, 1, 3, '环卫工人保险84.14万元', '环卫工人保险费84.14万元'),
      fragments: ['环卫工人保险费', '环卫工人保险'],
    },
  ],
  'r.project-missing': [
    {
      what: 'a line the text leaves out',
      change: (p) => lines(p, 'localSpecial').push({ name: '背街小巷提质', prior: null, budget: null, actual: '10' }),
      fragments: ['背街小巷提质', '10.00'],
    },
  ],
  'r.project-list-sum': [
    {
      what: 'the total the text states',
      change: (p) => text(p, 1, 3, '项目支出为797.20万元', '项目支出为790.00万元'),
      fragments: ['790.00', '797.20'],
    },
  ],
  'r.amount-unit': [
    {
      what: '万 for 万元',
      change: (p) => text(p, 1, 3, '维稳经费43.29万元', '维稳经费43.29万'),
      fragments: ['维稳经费43.29万', '维稳经费43.29万元'],
    },
  ],
  'r.sections': [
    { what: 'a section left out', change: (p) => p.report.sections.splice(6, 1), fragments: ['第七部分', '存在的问题及原因分析'] },
    {
      what: 'a report cut off after its first sections, said once',
      change: (p) => p.report.sections.splice(3),
      fragments: ['报告缺少 7 个部分：第四部分', '、第十部分'],
    },
    {
      what: 'a report whose text has no heading the import knew, all read as its opening',
      change: (p) => ((p.report.opening = ['本办2023年度整体支出情况如下。', '各项工作按计划完成。']), (p.report.sections = [])),
      fragments: ['报告没有分节', '2 段正文都在标题之后'],
    },
  ],
  'r.numbering': [
    {
      what: 'a heading numbered wrongly',
      change: (p) => (p.report.sections[2]!.heading = '5、政府性基金预算支出情况'),
      fragments: ['5、政府性基金预算支出情况', '应为“三、”'],
    },
    {
      what: 'an item number used twice',
      change: (p) => text(p, 0, 5, '5、实施综合管理', '4、实施综合管理'),
      fragments: ['4、实施综合管理', '重复', '应为“5、”'],
    },
  ],
  'rt.sum': [
    {
      what: 'parts closed by 其他 that miss the total',
      change: (p) => add(p, 0, '本单位2023年度收入合计2300.50万元，其中：财政拨款收入2200.00万元、其他收入90.00万元。'),
      fragments: ['收入合计2300.50万元', '2,200.00 + 其他收入 90.00 = 2,290.00', '差 10.50'],
      path: 'report.sections[0].paragraphs[12]',
    },
  ],
  'rt.parts': [
    {
      what: 'parts above their total',
      change: (p) => add(p, 0, '本单位现有人员80人，其中：在职人员52人，离退休人员30人。'),
      fragments: ['现有人员80人', '52 + 离退休人员 30 = 82人', '差 2'],
    },
  ],
  'rt.rate': [
    {
      what: 'a rate its own two amounts contradict',
      change: (p) => add(p, 5, '社区专项资金全年预算数120.00万元，实际支出96.00万元，资金支出率85.00%。'),
      fragments: ['资金支出率85.00%', '96.00 / 120.00', '80.00%'],
    },
  ],
  'rt.change': [
    {
      what: 'a change its two years contradict',
      change: (p) => add(p, 5, '本单位2023年度公用经费支出701.07万元，比上年的650.00万元增加61.07万元。'),
      fragments: ['701.07 − 650.00 = 51.07', '增加 61.07'],
    },
  ],
  'rt.inferred': [
    {
      what: 'a growth rate against last year’s amount named earlier',
      change: (p) => add(p, 5, '上年公用经费支出650.00万元。本年公用经费支出701.07万元，比上年增长9.86%。'),
      fragments: ['增长9.86%', '(701.07 − 650.00) / 650.00 = 7.86%', '按名称推断'],
    },
  ],
  'rt.count': [
    {
      what: 'a count its list contradicts',
      change: (p) => add(p, 0, '街道下设5个社区：竹荫街社区、乾明寺社区、梅溪桥社区、新峰社区。'),
      fragments: ['5个社区', '列出 4 个'],
    },
  ],
  'rt.count-parts': [
    {
      what: 'counts above their total',
      change: (p) => add(p, 5, '全年共实施民生实事项目12个，年初安排7个项目，年中追加6个项目。'),
      fragments: ['项目12个', '7个项目 + 年中追加6个项目 = 13个'],
    },
  ],
  'rt.repeat': [
    {
      what: 'one item with two amounts',
      change: (p) => add(p, 9, '本年度会议费支出3.50万元，主要用于社区工作会议。', '全年会议费支出5.30万元。'),
      fragments: ['会议费支出', '5.30', '3.50'],
    },
  ],
  'rt.ordinal': [
    {
      what: 'an enumeration that skips',
      change: (p) => add(p, 7, '下一步重点做好三方面工作：第一，完善内控制度；第三，加强绩效监控；第四，推进结果公开。'),
      fragments: ['“第一”之后写作“第三”', '应为“第二”'],
    },
  ],
  'rt.per-head': [
    {
      what: 'households times a standard against the total',
      change: (p) => add(p, 5, '春节期间慰问困难群众150户，每户400元，共发放慰问金5.00万元。'),
      fragments: ['150户', '每户400元', '60,000.00 元（6.00 万元）', '5.00万元'],
    },
  ],
  'r.none-claim': [
    {
      what: 'spending the text says there is none of',
      change: (p) => (p.otherFunds.governmentFund = { rows: [{ name: '城市基础设施配套费', budget: '5', actual: '5' }], note: '' }),
      fragments: ['政府性基金预算', '5.00'],
    },
  ],
};

const baseline = new Set(check(example()).findings.map((f) => `${f.ruleId} ${f.message}`));

describe('every rule', () => {
  it('has at least one case here', () => {
    expect(RULES.map((r) => r.id).filter((id) => !CASES[id])).toEqual([]);
    expect(Object.keys(CASES).filter((id) => !RULES.some((r) => r.id === id))).toEqual([]);
  });

  const cases = Object.entries(CASES).flatMap(([ruleId, list]) => list.map((c) => [ruleId, c.what, c] as const));
  it.each(cases)('%s catches %s, naming the figures', (ruleId, _what, c) => {
    const pkg = example();
    c.change(pkg);
    const fresh = check(pkg).findings.filter((f) => !baseline.has(`${f.ruleId} ${f.message}`));
    const hits = fresh.filter((f) => f.ruleId === ruleId);
    expect(hits, `expected ${ruleId}; got ${JSON.stringify(fresh.map((f) => [f.ruleId, f.message]))}`).not.toEqual([]);
    const hit = hits.find((f) => c.fragments.every((fragment) => f.message.includes(fragment)));
    expect(hit, `no ${ruleId} message holds ${JSON.stringify(c.fragments)}: ${JSON.stringify(hits.map((f) => f.message))}`).toBeDefined();
    if (c.path) expect(hit!.location.path).toBe(c.path);
    expect(hit!.severity).toBe(RULES.find((r) => r.id === ruleId)!.severity);
  });
});
