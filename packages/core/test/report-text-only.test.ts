/**
 * The report without tables: how its title is recognised, and the rules that check its text against
 * itself — what they catch, what they must leave alone (sentences of our own, in the ways units write),
 * and that they stay silent where a table rule already speaks or the report is absent.
 */
import { describe, expect, it } from 'vitest';
import {
  REPORT_FORM,
  absentPackage,
  check,
  emptyProject,
  looksLikeReport,
  reportKind,
  reportSection,
  type Finding,
  type Package,
} from '../src/index.js';
import { example } from './example.js';

/** A package holding only a report: one section, the given paragraphs. */
function reportAlone(paragraphs: string[], title = '2023年度某单位整体支出绩效自评报告', heading = '一、基本情况'): Package {
  const pkg = absentPackage(2023, '某单位');
  pkg.report = {
    cover: { title, unitName: '', date: '' },
    opening: [],
    sections: [reportSection(heading, paragraphs)],
    attachmentList: [],
  };
  return pkg;
}

const textFindings = (pkg: Package): Finding[] => check(pkg).findings.filter((f) => f.ruleId.startsWith('rt.'));

describe('the report’s title', () => {
  const titles = [
    '某单位2021年度整体支出绩效自评报告',
    '2022年度部门整体支出绩效评价报告',
    '某某项目支出绩效自评报告',
    '关于2018年度农村公路养护资金绩效自评的报告',
    '某局2019年度部门整体支出绩效自评报告',
    '2021年度部门整体支出绩效自评情况报告',
    '某中学专项资金绩效自评价报告',
    '某中心2024年度项目支出绩效单位自评报告',
    '某县2018年度部门整体支出绩效评价自评报告',
    '某局2022年部门整体绩效运行监控分析报告',
    '某办公室2021年度项目绩效自评报告(驻京干部房租补助经费)',
    '2020年度部门整体支出自评报告',
    '某局财政支出绩效评价工作报告',
  ];
  it.each(titles)('recognises “%s”', (title) => expect(REPORT_FORM.titlePattern.test(title)).toBe(true));

  const prose = [
    '现将我局2019年度整体支出绩效自评情况报告如下：',
    '单位按要求撰写了绩效自评报告，并按规定公开。',
    '（一）绩效自评报告',
    '九、单位整体支出绩效自评结果拟应用和公开情况',
    '项目支出绩效自评表',
    '预算绩效管理工作报告',
  ];
  it.each(prose)('leaves “%s” to the text', (line) => expect(REPORT_FORM.titlePattern.test(line)).toBe(false));

  it('reads "部门" after the year as the form’s word, not as another unit’s name', () => {
    const names = (title: string) => {
      const pkg = reportAlone(['本单位有编制48人。'], title);
      pkg.unit.name = '岳阳县审计局';
      return check(pkg).findings.filter((f) => f.ruleId === 'x.unit-name');
    };
    expect(names('岳阳县审计局2018年度部门整体支出绩效评价自评报告')).toEqual([]);
    expect(names('2018年度岳阳县财政局整体支出绩效自评报告').map((f) => f.message)).toEqual([
      '报告标题中的单位“岳阳县财政局”与单位全称“岳阳县审计局”不一致',
    ]);
  });

  it('tells an 整体支出 report from a project or monitoring report', () => {
    expect(reportKind('2023 年度吕仙亭街道办事处整体支出绩效自评报告')).toBe('overall');
    expect(reportKind('某中学专项资金绩效自评价报告')).toBe('project');
    expect(reportKind('2018年度项目支出绩效自评报告')).toBe('project');
    expect(reportKind('某局2022年部门整体绩效运行监控分析报告')).toBe('monitoring');
  });

  it('recognises an untitled report by its headings, and no ordinary text', () => {
    expect(looksLikeReport(['部门(单位)名称: 某局', '一、部门(单位)基本概况', '二、部门(单位)收支情况'])).toBe(true);
    expect(looksLikeReport(['一、自评结论', '(一)自评得分', '得分98分。', '(二)绩效目标完成情况'])).toBe(true);
    expect(looksLikeReport(['会议纪要', '一、会议议题', '二、参会人员', '今天讨论了绿化工作。'])).toBe(false);
    expect(looksLikeReport(['一、基本情况', '本单位有编制48人。'])).toBe(false);
  });
});

describe('the report’s own arithmetic, without tables', () => {
  const caught: [string, string, Finding['severity'], string[]][] = [
    [
      'parts closed by 其他',
      '2023年度收入总计1325.68万元，其中：财政拨款收入1200万元、其他收入100万元。',
      '错误',
      ['rt.sum', '1,300.00', '1,325.68', '差 25.68'],
    ],
    [
      'a split by expense nature',
      '本年支出合计2206.82万元，其中基本支出1409.62万元，项目支出790.00万元。',
      '警告',
      ['rt.parts', '2,199.62', '2,206.82'],
    ],
    ['a rate and its two amounts', '全年预算数985万元，执行数861.46万元，执行率87.64%。', '错误', ['rt.rate', '87.64%', '87.46%']],
    [
      'a change against both years',
      '三公经费支出4.07万元，比上年的4.93万元减少0.68万元，下降17.44%。',
      '错误',
      ['rt.change', '4.07 − 4.93 = -0.86', '0.68'],
    ],
    ['a growth rate against its change', '收入792.22万元，同比增加189.25万元，增长31.93%。', '错误', ['rt.change', '31.39%', '31.93%']],
    ['a count and its list', '共有3个项目：环卫保洁、道路维修、绿化养护、路灯维护。', '错误', ['rt.count', '共有3个项目', '列出 4 个']],
    ['ordinals that skip', '第一，完善制度；第三，加强监控；第四，推进公开。', '提示', ['rt.ordinal', '应为“第二”']],
    ['a per-head standard', '慰问困难群众200户，每户500元，共计11万元。', '警告', ['rt.per-head', '100,000.00', '11万元']],
    [
      'last year’s amount found by name',
      '上年公用经费支出650.00万元。本年公用经费支出701.07万元，比上年增长9.86%。',
      '警告',
      ['rt.inferred', '7.86%', '9.86%'],
    ],
    [
      'parts named after their amounts, above the total',
      '本项目共完成预算资金89.97万元。其中：30万元用于档案数字化；30万元用于系统维护；29.99万元用于设备购置、安装、调试。',
      '警告',
      ['rt.parts', '档案数字化 30.00', '设备购置 29.99', '89.99', '89.97'],
    ],
    ['head counts above their total', '本单位现有人员78人，其中：在职人员50人，离退休人员30人。', '警告', ['rt.parts', '80人', '78人']],
    ['counts above their total', '全年共实施民生项目12个，年初安排7个项目，年中追加6个项目。', '警告', ['rt.count-parts', '13个', '12个']],
    [
      'a quotation with quotation marks inside, nested as Chinese nests them',
      '数据中心(以下简称“中心”)实施项目共15个，年初安排8个项目，年中增加8个项目。',
      '警告',
      ['rt.count-parts', '写“数据中心(以下简称‘中心’)实施项目共15个”', '16个'],
    ],
    ['a list before its count', '内设办公室、财务股、业务股4个股室。', '警告', ['rt.count-parts', '3 个名称', '4个']],
    ['one item, two amounts', '本年度会议费支出3.50万元。全年会议费支出5.30万元。', '警告', ['rt.repeat', '5.30', '3.50']],
    [
      'a 100% rate the amounts exceed',
      '本年年初预算支出785.59万元，决算支出960.28万元，年初预算支出完成率为100%。',
      '警告',
      ['rt.inferred', '122.24%', '封顶'],
    ],
  ];
  it.each(caught)('catches %s', (_what, sentence, severity, [ruleId, ...fragments]) => {
    const findings = textFindings(reportAlone([sentence]));
    const hit = findings.find((f) => f.ruleId === ruleId && fragments.every((x) => f.message.includes(x)));
    expect(hit, JSON.stringify(findings.map((f) => [f.ruleId, f.message]))).toBeDefined();
    expect(hit!.severity).toBe(severity);
    expect(hit!.message).toContain('“一、基本情况”第 1 段');
    expect(hit!.location).toEqual({ part: '报告', path: 'report.sections[0].paragraphs[0]', row: '一、基本情况' });
  });

  const left: [string, string][] = [
    ['figures that agree', '本年支出合计2206.82万元，其中基本支出1409.62万元，项目支出797.20万元。'],
    ['a partial list', '工资福利支出300万元，其中：基本工资100万元、津贴补贴50万元、其他社会保障缴费20万元。'],
    ['approximations', '全年接待各级领导500余人次，其中省级领导30余人次。'],
    ['a rate with two budgets to choose from', '年初预算数为500万元，调整后预算数为600万元，实际支出580万元，预算执行率96.67%。'],
    ['a rate of progress, not money', '项目预算100万元，已支付80万元，工程完成率95%。'],
    ['a rate of another statement', '项目A预算50万元，支出40万元；全单位预算执行率95%。'],
    ['a share of a whole not stated', '项目支出286.83万元，占总支出的35.89%。'],
    ['a change that agrees', '一般公共预算财政拨款支出1000万元，比上年增加100万元，增长11.11%，主要原因是人员增加。'],
    ['a change of which amount', '实际支出1150万元，调整后预算1200万元，较年初预算增加200万元，增长20%。'],
    ['a decrease that agrees', '本年收入合计100万元，较上年减少20万元，下降16.67%。'],
    ['percentage points', '2022年预算执行率为95%，2023年预算执行率为98%，比上年提高3个百分点。'],
    ['a list inside a list', '项目支出797.20万元，其中：本级专项资金700万元，包括A项目400万元、B项目300万元；上级转移支付97.20万元。'],
    ['last year’s total before a list', '本年收入600万元，上年收入500万元，其中财政拨款收入550万元，其他收入50万元。'],
    ['a list of examples', '分为序厅、展示区、互动区等8个展区，走访企业、社区、学校20家。'],
    [
      'budget and spending split alike',
      '全年预算数800万元，其中基本支出500万元，项目支出300万元；实际支出780万元，其中基本支出500万元，项目支出280万元。',
    ],
    ['ordinals in order', '一是加强管理；二是规范支出；三是强化监督。'],
    ['a word that holds 一是', '这是统一是非标准的要求，主要原因之一是人员变动。'],
    ['a per-head standard that agrees', '慰问困难群众200户，每户500元，共计10万元。'],
    ['a count of something else after a list', '内设办公室、财务股、业务股共有干部4名。'],
    ['a count of aspects, not names', '重点抓好3个方面：一是加强管理；二是规范支出；三是强化监督。'],
    ['a list of examples closed by 等', '涉及5个乡镇：城关镇、新开镇、荣家湾镇等。'],
  ];
  it.each(left)('leaves alone %s', (_what, sentence) => {
    expect(textFindings(reportAlone([sentence])).map((f) => `${f.ruleId} ${f.message}`)).toEqual([]);
  });

  it('restarts an enumeration in a new paragraph, but not inside one', () => {
    expect(textFindings(reportAlone(['一是加强管理；二是规范支出。', '一是完善制度；二是强化培训。']))).toEqual([]);
    const twice = textFindings(reportAlone(['一是加强阵地建设。一是坚持服务群众。三是严格纠治作风。']));
    expect(twice.map((f) => f.message)).toEqual(['“一、基本情况”第 1 段：列举顺序有误，“一是”之后写作“一是”，应为“二是”']);
  });

  it('reads the prose of the tables too: a 附件3 goal text’s own arithmetic, pointing at that cell', () => {
    const pkg = absentPackage(2023, '某单位');
    const project = { ...emptyProject('national'), name: '档案管理' };
    project.goals.actual = '全年完成预算资金89.97万元。其中：30万元用于档案数字化；30万元用于系统维护；29.99万元用于设备购置。';
    pkg.projects = [project];
    const found = textFindings(pkg);
    expect(found.map((f) => [f.ruleId, f.location.part, f.location.path])).toEqual([['rt.parts', '附件3', 'projects[0].goals.actual']]);
    expect(found[0]!.message).toContain('附件3“档案管理”年度总体目标·实际完成情况');
  });

  it('says nothing when the package has no report', () => {
    expect(textFindings(absentPackage(2023, '某单位'))).toEqual([]);
  });
});

describe('the report’s structure, without tables', () => {
  it('numbers a project report’s own outline in order and reads "(一)" as "（一）"', () => {
    const pkg = reportAlone(['(一)项目基本概况', '我校2022年项目为一个。', '(二)资金及项目绩效目标'], '某中学专项资金绩效自评价报告');
    pkg.report!.sections.push(
      reportSection('二、项目资金使用及管理情况', ['按规定使用。']),
      reportSection('三、存在的问题及原因分析', ['无。']),
      reportSection('五、其他需要说明的问题', ['暂无。']),
    );
    const findings = check(pkg).findings.filter((f) => f.ruleId.startsWith('r.'));
    expect(findings.map((f) => `${f.ruleId} ${f.message}`)).toEqual(['r.numbering 第 4 个标题“五、其他需要说明的问题”的编号应为“四、”']);
  });

  it('finds an item number repeated or skipped, and lets a new list start at 1', () => {
    const pkg = reportAlone(['1.加强管理。', '2.规范支出。', '2.强化监督。', '1.新的一项。', '3.跳过一项。']);
    const messages = check(pkg)
      .findings.filter((f) => f.ruleId === 'r.numbering')
      .map((f) => f.message);
    expect(messages).toEqual([
      '“一、基本情况”中“2.强化监督。”的编号重复：上一项为 2，应为“3.”',
      '“一、基本情况”中“3.跳过一项。”的编号跳号：上一项为 1，应为“2.”',
    ]);
  });
});

describe('with the tables', () => {
  it('leaves a rate the table rule compares to it', () => {
    const pkg = example();
    pkg.report.sections[5]!.paragraphs.push('全年预算数2206.82万元，执行数2206.82万元，预算执行率95.00%。');
    const ids = check(pkg)
      .findings.filter((f) => f.message.includes('95.00%'))
      .map((f) => f.ruleId);
    expect(ids).toEqual(['r.figures']);
  });
});
