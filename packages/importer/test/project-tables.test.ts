/**
 * Single 项目支出绩效自评表, published one project at a time (corpus/20–32, every folder whose
 * meta.json lists a "project" part): each table imports as a 附件3 project with its year, unit,
 * 主管部门, 实施单位, funds as printed, 资金来源, goals and indicators — from the text a DOCX gives
 * and from the DOCX and XLSX LibreOffice makes — and `check()` reports no 错误 the corpus's reviewer
 * did not find. A table cut off before its indicators or its 总分 row imports what it has and
 * nothing as zero.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Decimal, check, type FundSourceKind, type Package, type ProjectEvaluation } from '@jixiao/core';
import { quotesFigures, type HandFinding } from '../../../corpus/tools/findings.js';
import {
  asCellLines,
  hasSoffice,
  officeFile,
  prepareOfficeFiles,
  readGrid,
  type GridTable,
  type Material,
} from '../../../corpus/tools/formats.js';
import { importFile, type ImportResult } from '../src/index.js';
import { bytes } from './support.js';

const CORPUS = new URL('../../../corpus/', import.meta.url);
const cache = join(tmpdir(), 'jixiao-test-office');
const SOFFICE = hasSoffice();
if (!SOFFICE) console.log('project-tables: 未找到 soffice（LibreOffice），跳过由 LibreOffice 生成的 DOCX/XLSX 用例，只测文本');

interface Meta {
  year: number;
  unit: string;
  department: string;
  parts: string[];
}

const folderOf = (id: string) => readdirSync(CORPUS).find((name) => name.startsWith(`${id}-`))!;
const read = (id: string, file: string) => readFileSync(new URL(`${folderOf(id)}/${file}`, CORPUS), 'utf8');
const meta = (id: string): Meta => JSON.parse(read(id, 'meta.json')) as Meta;
const tablesOf = (id: string): GridTable[] => readGrid(read(id, 'tables.tsv'));
const material = (id: string): Material => ({ tables: tablesOf(id), paragraphs: [] });

/** Every corpus folder holding a project table. */
const PROJECT_FOLDERS = readdirSync(CORPUS)
  .filter((name) => /^\d+-/.test(name) && existsSync(new URL(`${name}/tables.tsv`, CORPUS)))
  .map((name) => name.split('-')[0]!)
  .filter((id) => meta(id).parts.includes('project'));

/** Figures as the table prints them: [年初预算数, 全年预算数, 全年执行数]. */
type Amounts = [string | null, string | null, string | null];

interface ExpectedProject {
  name: string;
  department: string;
  implementer: string;
  manager?: string;
  /** 年初, 全年, 执行, 分值, and the printed 执行率 and 得分 */
  funds: [...Amounts, string | null, string | null, string | null];
  sources: [FundSourceKind, ...Amounts][];
  goals: { expected: string; actual: string };
  indicators: number;
  first?: { level1: string; level2: string; name: string; target: string; actual: string; weight: string | null; score: string | null };
  /** the 总分 row: 分值 and 得分; null where the table is cut off before it or has none */
  total: [string | null, string | null] | null;
}

interface Expected {
  layout: string;
  /** the package's unit: the 实施单位 or the unit printed above the table, without code or platform suffix */
  unit: string;
  /** the package's 主管部门 ('' where the table leaves it blank) */
  department: string;
  projects: ExpectedProject[];
  /** hard findings of findings.json that check() finds; others it does not (see the report) */
  found: string[];
}

const EXPECTED: Record<string, Expected> = {
  '20': {
    layout: 'national',
    unit: '临沧市临翔区林业和草原局',
    department: '临沧市临翔区林业和草原局',
    projects: [
      {
        name: '2023年马鹿坑国有林场新建野生动物收容所建设项目',
        department: '临沧市临翔区林业和草原局',
        implementer: '临沧市临翔区林业和草原局',
        funds: [null, '32.4', '31.69', '10', '97.80%', '9'],
        sources: [['fiscal', null, '32.4', '31.69']],
        goals: { expected: '支持欠发达国有林场基础设施建设', actual: '完成马鹿坑国有林场临时野生动物收容所' },
        indicators: 7,
        first: {
          level1: '产出指标',
          level2: '数量指标',
          name: '野生动物收容所',
          target: '≥200平方米',
          actual: '204.46平方米',
          weight: '10',
          score: '10',
        },
        total: null,
      },
    ],
    found: ['h1', 'h2', 'h3'],
  },
  '21': {
    layout: 'sichuan',
    unit: '青神县发展和改革局',
    department: '青神县发展和改革局',
    projects: [
      {
        name: '51000021R000000019951-工资性支出',
        department: '青神县发展和改革局本级',
        implementer: '青神县发展和改革局',
        funds: ['238.93', '251.89', '251.89', '10', '100.00%', null],
        sources: [
          ['fiscal', '238.93', '251.89', '251.89'],
          ['specialAccount', '0.00', '0.00', '0.00'],
          ['unitFunds', '0.00', '0.00', '0.00'],
          ['other', null, null, null],
        ],
        // the unit left the platform's instructions ("…(100字以内)") in place of its answer: not an answer
        goals: { expected: '严格执行相关政策', actual: '' },
        indicators: 2,
        first: { level1: '产出指标', level2: '数量指标', name: '发放(缴纳)覆盖率', target: '=100%', actual: '', weight: '60', score: null },
        total: ['100', null],
      },
    ],
    found: [],
  },
  '22': {
    layout: 'sichuan',
    unit: '大英县司法局',
    department: '大英县司法局',
    projects: [
      {
        // the page starts inside this table: its name and funds are on the page before
        name: '',
        department: '',
        implementer: '',
        manager: '查小兵',
        funds: [null, null, null, null, null, null],
        sources: [],
        goals: { expected: '', actual: '' },
        indicators: 1,
        first: {
          level1: '产出指标',
          level2: '经济成本指标',
          name: '成本控制数',
          target: '≤30万元',
          actual: '完成',
          weight: '90',
          score: '90',
        },
        total: ['100', null],
      },
      {
        name: '51092324T000010263357-2023年全县安可替代补助资金项目',
        department: '大英县司法局部门',
        implementer: '大英县司法局',
        funds: ['0.00', '3.36', '3.36', '10', '100.00%', '10'],
        sources: [
          ['fiscal', '0.00', '3.36', '3.36'],
          ['specialAccount', '0.00', '0.00', '0.00'],
          ['unitFunds', '0.00', '0.00', '0.00'],
          ['other', null, null, null],
        ],
        goals: { expected: '根据要求购买安可设备', actual: '完成' },
        // cut after the 绩效指标 header
        indicators: 0,
        total: null,
      },
    ],
    found: [],
  },
  '23': {
    layout: 'score-first',
    unit: '中江县水利局',
    department: '中江县水利局',
    projects: [
      {
        name: '中江县农业水价综合改革精准补贴和节水奖励项目小型水库水标尺制作安装',
        department: '中江县水利局',
        implementer: '中江县水利局',
        manager: '谢凯13990260322(办公)',
        funds: [null, '20', '20', '10', '100.00%', '10'],
        sources: [
          ['fiscal', null, '20', '20'],
          ['other', null, null, null],
        ],
        goals: { expected: '对农村地区供水计量设施设备进行改进', actual: '对项目区农业用水计量' },
        indicators: 9,
        first: {
          level1: '产出指标',
          level2: '数量指标',
          name: '安装坡面水标尺',
          target: '≥266米',
          actual: '≥266米',
          weight: '10',
          score: '10',
        },
        total: ['100', '100'],
      },
    ],
    found: ['h1', 'h2'],
  },
  '24': {
    layout: 'national',
    unit: '池州市贵池区棠溪镇人民政府',
    department: '池州市贵池区棠溪镇人民政府',
    projects: [
      {
        name: '村级补助及运转经费',
        department: '219-池州市贵池区棠溪镇人民政府',
        implementer: '219001-池州市贵池区棠溪镇人民政府',
        funds: ['0', '0', '0', '10', '0', '0'],
        sources: [
          ['fiscal', '202.64', '132.912', '132.912'],
          ['carryOver', null, null, null],
          ['other', null, null, null],
        ],
        goals: { expected: '本项目共申请预算资金2026400元', actual: '本项目共完成预算资金1329120.67元' },
        indicators: 8,
        first: { level1: '产出指标', level2: '数量指标', name: '补助村(社区)数量', target: '=8个', actual: '8', weight: '8', score: '8' },
        total: null,
      },
    ],
    found: ['h1', 'h2', 'h3'],
  },
  '25': {
    layout: 'national',
    unit: '天长市水利局',
    // 主管部门 is left blank (s2)
    department: '',
    projects: [
      {
        name: '水旱灾害防御经费',
        department: '',
        implementer: '天长市水利局',
        funds: ['880', '880', '880', '10', null, '10'],
        sources: [
          ['fiscal', '880', '880', '880'],
          ['carryOver', null, null, null],
          ['other', null, null, null],
        ],
        goals: { expected: '完成年度防汛工作', actual: '完成年度目标。' },
        // the template's 指标2: / …… / 指标1:/ rows name no indicator
        indicators: 9,
        // the 一级 cell prints only "(50分)": named by the 二级 under it
        first: {
          level1: '产出指标',
          level2: '数量指标',
          name: '指标1:完成中型灌区节水改造项目数量',
          target: '1',
          actual: '1',
          weight: '10',
          score: '10',
        },
        total: ['100', '100'],
      },
    ],
    found: [],
  },
  '26': {
    layout: 'yuan',
    unit: '上海市普陀区体育事业管理中心',
    department: '上海市普陀区体育局',
    projects: [
      {
        name: '普陀体育中心与委托运营方结算费用',
        department: '上海市普陀区体育局',
        implementer: '上海市普陀区体育事业管理中心',
        funds: ['250000.00', '250000.00', '215,457.6', '10', '86.19%', '8.62'],
        sources: [
          ['fiscal', '250000.00', '250000.00', '215457.6'],
          ['carryOver', '0', '0', null],
          ['other', '0', '0', null],
        ],
        goals: { expected: '', actual: '已完成普陀体育中心与委托运营方费用结算' },
        indicators: 5,
        first: {
          level1: '产出指标',
          level2: '数量指标',
          name: '与委托运营方结算完成\n率',
          target: '=100%',
          actual: '100%',
          weight: '10',
          score: '10',
        },
        total: ['100', '98.62'],
      },
      {
        name: '援滇对口支援及结对帮扶经费',
        department: '上海市普陀区体育局',
        implementer: '上海市普陀区体育事业管理中心',
        funds: ['20000.00', '20000.00', '9,034', '10', '45.17%', '4.52'],
        sources: [
          ['fiscal', '0', '0', null],
          ['carryOver', '0', '0', null],
          ['other', '0', '0', null],
        ],
        goals: { expected: '', actual: '已完成援滇人员相关经费支付' },
        // cut after 年度总体目标
        indicators: 0,
        total: null,
      },
    ],
    found: ['h1', 'h2', 'h3'],
  },
  '27': {
    layout: 'yuan',
    // printed above the table: "部门:临沧市永德县明朗中学"
    unit: '临沧市永德县明朗中学',
    department: '永德县教育体育局',
    projects: [
      {
        name: '义务教育营养改善计划专项资金',
        department: '永德县教育体育局',
        implementer: '永德县明朗中学',
        funds: [null, '387664.62', '387664.62', '10', '100%', '10'],
        sources: [
          ['fiscal', null, '387664.62', '387664.62'],
          ['carryOver', null, null, null],
          ['other', null, null, null],
        ],
        goals: { expected: '确保每一个学生都能享受到国家政策福利', actual: '确保每一个学生都能享受到国家政策福利' },
        indicators: 9,
        first: {
          level1: '产出指标',
          level2: '数量指标',
          name: '学生受资助人数',
          target: '≧735人次',
          actual: '735人次',
          weight: '10',
          score: '10',
        },
        total: ['100', '96'],
      },
    ],
    found: [],
  },
  '28': {
    layout: 'national',
    unit: '廊坊市食品工程学校',
    department: '廊坊市发改委',
    projects: [
      {
        name: '办公宿舍楼、食堂及餐厅暖通改造经费',
        department: '廊坊市发改委',
        implementer: '廊坊市食品工程学校',
        funds: ['43.2', '43.2', '37.24', '10', '86%', '9'],
        sources: [
          ['fiscal', '43.2', '43.2', '37.24'],
          ['carryOver', null, null, null],
          ['other', null, null, null],
        ],
        goals: { expected: '43.2', actual: '37.24' },
        indicators: 9,
        first: {
          level1: '产出指标',
          level2: '数量指标',
          name: '指标1工程资金金额',
          target: '43.2',
          actual: '37.24',
          weight: '10',
          score: '9',
        },
        total: null,
      },
    ],
    // h1 (86% for 86.20%): a percentage is right at the precision it is printed (docs/domain.md §2)
    found: ['h2'],
  },
  '29': {
    layout: 'baoshan',
    unit: '隆阳区土壤肥料工作站',
    department: '隆阳区农业农村局',
    projects: [
      {
        name: '隆阳区2021年中央化肥减量增效示范县项目补助资金',
        department: '隆阳区农业农村局',
        implementer: '隆阳区土壤肥料工作站',
        // 分值 20 is printed in the block's heading "(20分)"
        funds: [null, '278.4449', '30.00', '20', '10.77%', '2.16'],
        sources: [],
        goals: { expected: '', actual: '' },
        indicators: 14,
        first: {
          level1: '产出指标',
          level2: '数量指标',
          name: '一、示范区建立',
          target: '≧20000亩',
          actual: '20000亩',
          weight: null,
          score: '15.0',
        },
        total: null,
      },
    ],
    found: ['h1'],
  },
  '30': {
    layout: 'county-special',
    // the 实施单位 is a 股 of the 主管部门
    unit: '衡山县商务和粮食局',
    department: '衡山县商务和粮食局',
    projects: [
      {
        name: '县级储备粮',
        department: '衡山县商务和粮食局',
        implementer: '粮食调控储备与产业发展股',
        manager: '旷建成、向建军',
        funds: [null, '194.9', '194.9', null, '100%', null],
        sources: [
          ['transfer', null, '194.9', '194.9'],
          ['other', null, null, null],
        ],
        goals: { expected: '保持和稳定地方粮食储备机制', actual: '地方储备粮食规模达标' },
        indicators: 16,
        first: {
          level1: '产出指标',
          level2: '数量指标',
          name: '5000吨稻谷、500吨成品粮储备到位率',
          target: '100%',
          actual: '100%',
          weight: null,
          score: null,
        },
        total: null,
      },
    ],
    found: [],
  },
  '31': {
    layout: 'transfer',
    unit: '阆中市交通运输局',
    department: '阆中市交通运输局',
    projects: [
      {
        name: '车辆购置税收入补助地方资金(普通省道公路建设)',
        department: '阆中市交通运输局',
        implementer: '阆中市交通运输局',
        funds: [null, '4000', '4000', null, '100%', null],
        sources: [
          ['central', null, '4000', '4000'],
          ['local', null, null, null],
          ['other', null, null, null],
        ],
        goals: { expected: '按计划完成2021年度省道公路建设', actual: '' },
        indicators: 7,
        // the 一级 cell is blank: named by the 二级 under it
        first: {
          level1: '产出指标',
          level2: '数量指标',
          name: '建设普通省道二级公路32.1公里',
          target: '20',
          actual: '20',
          weight: null,
          score: null,
        },
        total: null,
      },
    ],
    found: [],
  },
  '32': {
    layout: 'national',
    unit: '池州市贵池区棠溪镇人民政府',
    department: '池州市贵池区棠溪镇人民政府',
    projects: [
      {
        name: '委托业务项目',
        department: '219-池州市贵池区棠溪镇人民政府',
        implementer: '219001-池州市贵池区棠溪镇人民政府',
        funds: ['0', '0', '0', '10', '0', '0'],
        sources: [
          ['fiscal', '90', '89.974', '89.974'],
          ['carryOver', null, null, null],
          ['other', null, null, null],
        ],
        goals: { expected: '本项目共申请预算资金90万元', actual: '本项目共完成预算资金89.97万元' },
        indicators: 9,
        first: {
          level1: '产出指标',
          level2: '数量指标',
          name: '基建工程委托业务项目数量',
          target: '≥50个',
          actual: '50',
          weight: '8',
          score: '8',
        },
        total: null,
      },
    ],
    found: ['h1', 'h2', 'h3'],
  },
  '55': {
    layout: 'score-first',
    unit: '银川市第六中学',
    department: '银川市教育局',
    projects: [
      {
        name: '初中公用经费',
        department: '银川市教育局',
        implementer: '银川市第六中学',
        // 执行率 is scored among the indicators (项目管理 → 投入管理 → 预算执行率 10, 得分 9): read as the 执行率 line
        funds: ['64.8', '64.8', '64.8', '10', '100%', '9'],
        sources: [],
        goals: { expected: '保障学校正常工作运行', actual: '' },
        indicators: 16,
        first: {
          level1: '项目决策',
          level2: '项目目标',
          name: '完整性',
          target: '—',
          actual: '目标明确、内容细化、目标量化',
          weight: '4',
          score: '4',
        },
        // the 自评得分 98 printed beside 实施单位 is kept as a remark: the table is cut before its end
        total: null,
      },
    ],
    // h2: the 自评得分 98 is beyond the 94 the printed rows allow, however the cut-off 满意度 row scores
    found: ['h1', 'h2'],
  },
  '58': {
    // 湖北's 20-point form: the 保山 layout with two 40-point target blocks and a 总分 under 得分 (no 分值 column)
    layout: 'baoshan',
    unit: '黄冈市水土保持与农田水利科研所',
    department: '黄冈市水利和湖泊局',
    projects: [
      {
        name: '水土保持监测',
        department: '黄冈市水利和湖泊局',
        implementer: '本单位',
        funds: [null, '10', '10', '20', '100%', '20'],
        sources: [],
        goals: { expected: '', actual: '' },
        indicators: 5,
        first: {
          level1: '产出指标',
          level2: '质量指标',
          name: '监测数据必须合格',
          target: '100%',
          actual: '100%',
          weight: null,
          score: '10',
        },
        // the one figure under 得分 is the 总分
        total: [null, '99.6'],
      },
    ],
    found: [],
  },
};

/** The value of a printed figure ("215,457.6", "97.80%"), or null for a blank. */
function figure(text: string | null): Decimal | null {
  if (text === null || text.trim() === '') return null;
  return new Decimal(text.replace(/[,%]/g, ''));
}

/** A printed amount in the package's 万元. */
const inWan = (text: string | null, yuan: boolean) => {
  const value = figure(text);
  return value && yuan ? value.div(10_000) : value;
};

/** Two figures are the same number (an XLSX writes "0.00" as 0, "30.00" as 30). */
function sameFigure(actual: string | null, expected: Decimal | null): boolean {
  const value = figure(actual);
  return value === null || expected === null ? value === expected : value.equals(expected);
}

function expectFigure(actual: string | null, expected: Decimal | null, what: string): void {
  expect(sameFigure(actual, expected), `${what}: ${actual} ≠ ${expected?.toFixed() ?? 'null'}`).toBe(true);
}

/** Which shape of the material is tested: the text a DOCX gives, or an office file LibreOffice makes. */
type Shape = 'txt' | 'docx' | 'xlsx';

async function importShape(id: string, shape: Shape): Promise<ImportResult> {
  const data = shape === 'txt' ? bytes(asCellLines(material(id))) : officeFile(material(id), shape, `corpus-${id}`, cache);
  return importFile(data, `${id}.${shape}`);
}

function expectProject(project: ProjectEvaluation, expected: ExpectedProject, yuan: boolean, shape: Shape): void {
  expect(project).toMatchObject({
    name: expected.name,
    department: expected.department,
    implementer: expected.implementer,
    manager: expected.manager ?? '',
  });
  const [initial, full, executed, weight, rate, score] = expected.funds;
  expectFigure(project.funds.initialBudget, inWan(initial, yuan), '年初预算数');
  expectFigure(project.funds.fullYearBudget, inWan(full, yuan), '全年预算数');
  expectFigure(project.funds.executed, inWan(executed, yuan), '全年执行数');
  expectFigure(project.funds.weight, figure(weight), '分值');
  expectFigure(project.funds.declared.executionRate, figure(rate), '执行率');
  expectFigure(project.funds.declared.score, figure(score), '得分');
  expect(project.fundSources.map((s) => s.kind)).toEqual(expected.sources.map(([kind]) => kind));
  project.fundSources.forEach((source, i) => {
    const [kind, a, b, c] = expected.sources[i]!;
    expectFigure(source.initialBudget, inWan(a, yuan), `${kind} 年初预算数`);
    expectFigure(source.fullYearBudget, inWan(b, yuan), `${kind} 全年预算数`);
    expectFigure(source.executed, inWan(c, yuan), `${kind} 全年执行数`);
  });
  for (const key of ['expected', 'actual'] as const) {
    if (expected.goals[key] === '') expect(project.goals[key]).toBe('');
    else expect(project.goals[key]).toContain(expected.goals[key]);
  }
  expect(project.indicators).toHaveLength(expected.indicators);
  if (expected.first) {
    const { weight: w, score: s, target, ...texts } = expected.first;
    const first = project.indicators[0]!;
    expect(first).toMatchObject(texts);
    // LibreOffice's HTML import reads a cell starting with "=" ("=8个", "=100%") as a formula.
    if (!(shape === 'xlsx' && target.startsWith('='))) expect(first.target).toBe(target);
    expectFigure(first.weight, figure(w), '指标分值');
    expectFigure(first.score, figure(s), '指标得分');
  }
  if (expected.total === null) expect(project.declaredTotal).toBeNull();
  else {
    expectFigure(project.declaredTotal?.weight ?? null, figure(expected.total[0]), '总分 分值');
    expectFigure(project.declaredTotal?.score ?? null, figure(expected.total[1]), '总分 得分');
  }
}

const hardFindings = (id: string) =>
  (JSON.parse(read(id, 'findings.json')) as HandFinding[]).filter((f) => f.kind === 'hard' && f.part === '附件3');

/** Per folder: the hard 附件3 findings, and those check() found. */
const tally = new Map<string, { total: string[]; found: string[] }>();

test('the corpus folders with project tables are all covered', () => {
  expect(PROJECT_FOLDERS).toEqual(Object.keys(EXPECTED));
  // 12 (a 专项 report without tables) and 13 (an 整体 指标表) hold no project table.
  expect(['12', '13'].filter((id) => meta(id).parts.includes('project'))).toEqual([]);
});

// Every folder's office files made in one LibreOffice run per format, before the folders' tests ask for them.
beforeAll(() => {
  if (SOFFICE)
    prepareOfficeFiles(
      Object.keys(EXPECTED).flatMap((id) =>
        (['docx', 'xlsx'] as const).map((target) => ({ material: material(id), target, name: `corpus-${id}` })),
      ),
      cache,
    );
});

describe.each(Object.keys(EXPECTED))('corpus/%s', (id) => {
  const expected = EXPECTED[id]!;
  const info = meta(id);
  const yuan = expected.layout === 'yuan';

  describe.each(['txt', 'docx', 'xlsx'] as const)('%s', (shape) => {
    const office = shape !== 'txt';
    let result: ImportResult;
    beforeAll(async () => {
      if (!office || SOFFICE) result = await importShape(id, shape);
    });

    test.skipIf(office && !SOFFICE)(
      'imports its projects with year, unit, funds, 资金来源, goals and indicators, nothing left over',
      () => {
        expect(result.errors).toEqual([]);
        expect(result.partsFound).toEqual(['projects']);
        const pkg = result.package!;
        expect(pkg.year).toBe(info.year);
        expect(pkg.layout.project).toBe(expected.layout);
        expect(pkg.unit).toEqual({ name: expected.unit, department: expected.department });
        // The unit as the corpus names it, printed with its city ("临沧市永德县明朗中学") or as is.
        expect(expected.unit.endsWith(info.unit)).toBe(true);
        expect([info.department, '']).toContain(expected.department);
        expect(pkg.projects).toHaveLength(expected.projects.length);
        pkg.projects!.forEach((project, i) => expectProject(project, expected.projects[i]!, yuan, shape));
        expect(result.unmapped).toEqual([]);
        expect(result.uncertainRows).toEqual([]);
        expect(result.notes.filter((note) => note.severity === '警告')).toEqual([]);
      },
    );

    test.skipIf(office && !SOFFICE)('check() reports no 错误 that is not a hard finding of the folder', () => {
      const findings = hardFindings(id);
      const errors = check(result.package as Package).findings.filter((f) => f.severity === '错误');
      const unexplained = errors.filter((error) => !findings.some((f) => quotesFigures(error.message, f.figures, yuan)));
      expect(unexplained.map((e) => e.message)).toEqual([]);
      const found = findings.filter((f) => errors.some((error) => quotesFigures(error.message, f.figures, yuan))).map((f) => f.id);
      expect(found).toEqual(expect.arrayContaining(expected.found));
      if (shape === 'txt') tally.set(id, { total: findings.map((f) => f.id), found });
    });
  });
});

afterAll(() => {
  const rows = [...tally].map(
    ([id, { total, found }]) =>
      `${id}: ${found.length}/${total.length}${total.length > found.length ? `（未找到 ${total.filter((f) => !found.includes(f)).join(', ')}）` : ''}`,
  );
  const found = [...tally.values()].reduce((n, t) => n + t.found.length, 0);
  const total = [...tally.values()].reduce((n, t) => n + t.total.length, 0);
  console.log(`附件3 人工核出的硬错误（findings.json hard）中 check() 找到 ${found}/${total}\n${rows.join('\n')}`);
});

/** The material in a shape; office files are named by their content, so each is converted once. */
async function importMaterial(m: Material, shape: Shape, fileName: string): Promise<ImportResult> {
  if (shape === 'txt') return importFile(bytes(asCellLines(m)), `${fileName}.txt`);
  const name = `project-tables-${createHash('sha1').update(JSON.stringify(m)).digest('hex').slice(0, 16)}`;
  return importFile(officeFile(m, shape, name, cache), `${fileName}.${shape}`);
}

const untitled = (table: GridTable): GridTable => ({ ...table, title: '' });

/** The table with its title printed in its first row, one cell across the table ("项目支出绩效自评表\n（2020年度）"). */
function titledInside(table: GridTable, title: string): GridTable {
  const width = table.rows[0]!.length;
  return { title: '', rows: [[{ text: title, colSpan: width, rowSpan: 1 }, ...Array<null>(width - 1).fill(null)], ...table.rows] };
}

const SHAPES = (['txt', 'docx', 'xlsx'] as const).filter((shape) => shape === 'txt' || SOFFICE);

describe.each(SHAPES)('project tables as units file them (%s)', (shape) => {
  const [hengshan] = tablesOf('30');
  const [cunji] = tablesOf('24');
  const [weituo] = tablesOf('32');
  const [shuihan] = tablesOf('25');

  test('several project tables in one file: each its own project, in order', async () => {
    const titled = await importMaterial({ tables: [cunji!, weituo!, shuihan!], paragraphs: [] }, shape, 'several');
    // Without titles the tables are told apart by their 项目名称 rows; the year is then the file's name's.
    const bare = await importMaterial({ tables: [cunji!, weituo!].map(untitled), paragraphs: [] }, shape, '2022年度项目支出绩效自评表');
    for (const [result, names] of [
      [titled, ['村级补助及运转经费', '委托业务项目', '水旱灾害防御经费']],
      [bare, ['村级补助及运转经费', '委托业务项目']],
    ] as const) {
      expect(result.unmapped).toEqual([]);
      expect(result.package?.year).toBe(2022);
      const projects = result.package!.projects!;
      expect(projects.map((p) => p.name)).toEqual(names);
      expect(projects.map((p) => p.indicators.length)).toEqual([8, 9, 9].slice(0, names.length));
      expect(projects.map((p) => p.fundSources[0]?.executed)).toEqual(['132.912', '89.974', '880'].slice(0, names.length));
    }
    expect(bare.notes).toContainEqual({
      severity: '提示',
      message: '表格中没有年度，按文件名“2022年度项目支出绩效自评表.' + shape + '”取 2022 年',
    });
  });

  test('the platform’s instructions left in a cell are not the unit’s answers', async () => {
    // 青神 published 四川's form unfilled: its 实际完成情况, 原因, 评价结论, 存在问题 and 改进措施 still read
    // "…(100字以内)" / "…(200字以内)". 大英 filled in its own, and only the 原因 note is the platform's.
    const qingshen = (await importMaterial(material('21'), shape, '21')).package!.projects![0]!;
    expect(qingshen.goals.actual).toBe('');
    expect(qingshen.remarks).toEqual([]);
    const daying = await importMaterial(material('22'), shape, '22');
    const projects = daying.package!.projects!;
    expect(projects[0]!.remarks.map((r) => r.label)).toEqual(['评价结论', '存在问题', '改进措施', '财务负责人']);
    expect(projects[1]!.remarks.map((r) => r.label)).not.toContain('原因');
    expect(projects[1]!.goals.actual).toBe('完成');
    const said = daying.notes.filter((n) => n.message.includes('表格自带的填写说明'));
    expect(said).toEqual([expect.objectContaining({ severity: '提示', message: expect.stringContaining('（限 100 字）') })]);
    expect(said[0]!.message).toContain('“1.预算执行率=预算执行数/调整后预算数,预算执…”');
  });

  test('a 资金来源 row under a "其中" printed in a cell of its own', async () => {
    // 棠溪镇's table with "其中" merged down beside its three 资金来源 rows instead of "其中:本年财政拨款".
    const tsv = read('24', 'tables.tsv')
      .replace('^\t其中:本年财政拨款\t<\t', '^\t其中\t本年财政拨款\t')
      .replace('^\t上年结转资金\t<\t', '^\t^\t上年结转资金\t')
      .replace('^\t其他资金\t<\t', '^\t^\t其他资金\t');
    const result = await importMaterial({ tables: readGrid(tsv), paragraphs: [] }, shape, 'x');
    const sources = result.package!.projects![0]!.fundSources;
    expect(sources.map((s) => s.kind)).toEqual(['fiscal', 'carryOver', 'other']);
    expect([sources[0]!.initialBudget, sources[0]!.fullYearBudget, sources[0]!.executed]).toEqual(['202.64', '132.912', '132.912']);
    expect(sources.slice(1).flatMap((s) => [s.initialBudget, s.fullYearBudget, s.executed])).toEqual(Array(6).fill(null));
    expect(result.unmapped).toEqual([]);
    expect(result.uncertainRows).toEqual([]);
  });

  test('a year printed only on a line of its own under the title', async () => {
    const result =
      shape === 'txt'
        ? // Title and year as paragraphs above the table, as a DOCX text extraction gives them.
          await importFile(
            bytes(`县级专项资金绩效目标自评表\n（2020年度）\n\n${asCellLines({ tables: [untitled(hengshan!)], paragraphs: [] })}`),
            'x.txt',
          )
        : await importMaterial(
            { tables: [titledInside(hengshan!, '县级专项资金绩效目标自评表\n（2020年度）')], paragraphs: [] },
            shape,
            'x',
          );
    expect(result.package?.year).toBe(2020);
    expect(result.package?.projects?.[0]?.name).toBe('县级储备粮');
    expect(result.unmapped).toEqual([]);
    expect(result.notes).toEqual([]);
  });

  test.each([
    ['自评年度：2020', 2020, '提示'],
    ['单位名称：衡山县商务和粮食局 填报日期：2021年3月20日', 2020, '警告'],
  ] as const)('a year from the fields printed with the title: %s', async (fields, year, severity) => {
    const result = await importMaterial({ tables: [titledInside(hengshan!, `项目支出绩效自评表\n${fields}`)], paragraphs: [] }, shape, 'x');
    expect(result.package?.year).toBe(year);
    expect(result.unmapped).toEqual([]);
    expect(result.notes.map((n) => n.severity)).toEqual([severity]);
    expect(result.notes[0]?.message).toContain(fields.split(' ').at(-1));
  });

  test.each([
    '绩效目标自评表',
    '项目绩效目标自评表',
    '部门预算项目支出绩效自评表',
    '水标尺项目绩效自评表',
    '农业水价改革资金绩效自评表',
    '项目支出绩效自评表（2022年度）',
  ])('a table titled %s is a project table, even cut off above its indicators', async (title) => {
    // 中江's 绩效目标自评表 from its 绩效指标 header on: only the title says what the table is.
    const [zhongjiang] = tablesOf('23');
    const lower = { title: '', rows: zhongjiang!.rows.slice(zhongjiang!.rows.findIndex((row) => row[0]?.text === '绩效指标')) };
    const heading = title.includes('年度') ? title : `${title}\n（2022年度）`;
    const result = await importMaterial({ tables: [titledInside(lower, heading)], paragraphs: [] }, shape, 'x');
    expect(result.errors).toEqual([]);
    expect(result.partsFound).toEqual(['projects']);
    expect(result.package?.year).toBe(2022);
    const project = result.package!.projects![0]!;
    expect(project.indicators).toHaveLength(9);
    expect(project.declaredTotal).toEqual({ weight: '100', score: '100' });
    // Nothing above the indicators was printed: nothing there is zero.
    expect(project.funds).toMatchObject({ initialBudget: null, fullYearBudget: null, executed: null, weight: null });
    expect(result.unmapped).toEqual([]);
  });
});
