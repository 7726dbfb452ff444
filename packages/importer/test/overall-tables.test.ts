/**
 * 整体支出绩效自评表 as units of other provinces publish them (corpus/52, 54, 56): 重庆's 部门整体绩效(目标)
 * 自评表 with a flat indicator list (no 一级/二级 columns), its money totalled by "合计" or printed on one
 * unlabelled line; 江西's table with 分解目标 / 自评权重 columns; 湖北's 20-point table with no title above
 * it, 得分 and no 分值 (corpus/57). Each imports as 附件2 with its unit, money,
 * goals and indicators — from the text a DOCX gives and from the DOCX and XLSX LibreOffice makes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Indicator, OverallEvaluation, OverallLayoutId } from '@jixiao/core';
import { asCellLines, hasSoffice, officeFile, prepareOfficeFiles, readGrid, type Material } from '../../../corpus/tools/formats.js';
import { check } from '@jixiao/core';
import { importFile, type ImportResult } from '../src/index.js';
import { bytes } from './support.js';

const CORPUS = new URL('../../../corpus/', import.meta.url);
const cache = join(tmpdir(), 'jixiao-test-office');
const SOFFICE = hasSoffice();

function material(id: string): Material {
  const folder = readdirSync(CORPUS).find((name) => name.startsWith(`${id}-`))!;
  return { tables: readGrid(readFileSync(new URL(`${folder}/tables.tsv`, CORPUS), 'utf8')), paragraphs: [] };
}

interface Expected {
  unit: string;
  /** the 附件2 layout the table is printed in: 'goals' for a form without 得分 */
  layout: OverallLayoutId;
  /** 年初预算数, 全年预算数, 全年执行数, 分值, 执行率 and 得分 as printed */
  funds: [string | null, string | null, string | null, string | null, string | null, string | null];
  goals: { expected: string; actual: string };
  indicators: number;
  first: Partial<Indicator>;
  /** the table's other labels and values the package has no place for, as a reviewer would list them */
  unmapped: string[];
}

const CASES: Record<string, Expected> = {
  '52': {
    unit: '大足区商务委员会',
    layout: 'goals',
    // "合计" under 年初预算资金总额 / 实际投入资金额 is the money's total, not a 总分 row
    funds: ['1304.23', null, '2951.55', null, null, null],
    goals: { expected: '社会消费品零售总额同比增速9.5%', actual: '社会消费品零售总额同比增速25.6%' },
    indicators: 3,
    first: { level1: '', level2: '', name: '消费品零售额', target: '9.5%', actual: '25.6%', weight: '25', score: null },
    // 附件2 has no place for the money's 产生差异的原因 ("项目经费增加"): listed, not dropped
    unmapped: ['主管部门', '商务委财务科', '实施单位', '项目经费增加', '其中:财政拨款', '1304.23', '2951.55'],
  },
  '54': {
    unit: '南昌县黄马乡蚕茶卫生院',
    layout: 'national',
    funds: [null, null, null, null, null, null],
    goals: { expected: '业务收入达到55万元', actual: '业务收入77.57万元' },
    // 政府采购管理's "执行率" (5 分) stays an indicator: only 预算执行率 is the 执行率 line
    indicators: 16,
    first: { level1: '管理指标', level2: '预算编审管理', name: '完整、准确率', target: '100%', actual: '100%', weight: '4', score: '4' },
    unmapped: ['下属单位个数', '0', '资金来源:(1)财政拨款', '103.21%', '资金结构:(1)基本支出', '103.21%'],
  },
  '56': {
    unit: '',
    layout: 'national',
    // one unlabelled line under the headings: the amounts are not in the copy, 执行率 76%, 分值 10, 得分 7.6
    funds: [null, null, null, '10', '76%', '7.6'],
    goals: { expected: '通过整合各级各类媒体', actual: '中心2021年较好地完成了履职任务' },
    indicators: 14,
    // 指标性质 "定量指标" is the indicator's kind, not a sign of its target
    first: { level1: '', name: '财政供养人员控制率', target: '100%', actual: '92%', weight: '2', score: '2' },
    unmapped: ['主管部门', '财政处室', '自评总分(分)', '97.6', '部门联系人', '曾雪莲', '联系电话'],
  },
  '57': {
    unit: '塘湖镇人民政府',
    layout: 'execution20',
    // no title above the table; 执行率's 分值 20 is printed in the block's heading "(20分)", 执行数 not in the copy
    funds: [null, '864.2', null, '20', '100%', '20'],
    goals: { expected: '增强政府工作效率、改善乡镇居住环境', actual: '' },
    indicators: 6,
    first: { level1: '产出指标', level2: '数量指标', name: '办结信访案件', target: '168起', actual: '168起', weight: null, score: '10' },
    // 附件2 has no place for the closing rows: listed, not dropped (their "无" says nothing)
    unmapped: ['偏差大或\n目标未完成\n原因分析', '改进措施及\n结果应用方案'],
  },
};

const SHAPES = (['txt', 'docx', 'xlsx'] as const).filter((shape) => shape === 'txt' || SOFFICE);

beforeAll(() => {
  if (SOFFICE)
    prepareOfficeFiles(
      Object.keys(CASES).flatMap((id) =>
        (['docx', 'xlsx'] as const).map((target) => ({ material: material(id), target, name: `corpus-${id}` })),
      ),
      cache,
    );
});

describe.each(Object.keys(CASES))('corpus/%s', (id) => {
  const expected = CASES[id]!;

  describe.each(SHAPES)('%s', (shape) => {
    let result: ImportResult;
    beforeAll(async () => {
      const data = shape === 'txt' ? bytes(asCellLines(material(id))) : officeFile(material(id), shape, `corpus-${id}`, cache);
      result = await importFile(data, `${id}.${shape}`);
    });

    test('imports as 附件2 with its unit, money, goals and indicators', () => {
      expect(result.partsFound).toEqual(['overall']);
      expect(result.uncertainRows).toEqual([]);
      const overall = result.package!.overall as OverallEvaluation;
      expect(overall.unitName).toBe(expected.unit);
      expect(result.package!.layout.overall).toBe(expected.layout);
      const f = overall.funds;
      expect([f.initialBudget, f.fullYearBudget, f.executed, f.weight, f.declared.executionRate, f.declared.score]).toEqual(expected.funds);
      expect(overall.goals.expected).toContain(expected.goals.expected);
      expect(overall.goals.actual).toContain(expected.goals.actual);
      expect(overall.indicators).toHaveLength(expected.indicators);
      expect(overall.indicators[0]).toMatchObject(expected.first);
      expect(result.unmapped.map((u) => u.text)).toEqual(expected.unmapped);
    });
  });
});

test('what 56’s indicator columns hold that the package keeps none of is said once, not dropped silently', async () => {
  const copy = material('56');
  const rows = copy.tables[0]!.rows;
  const at = rows.findIndex((row) => row.some((cell) => cell?.text === '财政供养人员控制率'));
  const column = rows[at - 1]!.findIndex((cell) => cell?.text === '调整指标值');
  rows[at]![column] = { text: '95%', colSpan: 1, rowSpan: 1 };
  const result = await importFile(bytes(asCellLines(copy)), '56.txt');
  // The adjusted target is the one scored; the opening one is said to be left out, with the figures.
  expect(result.package!.overall!.indicators[0]).toMatchObject({ name: '财政供养人员控制率', target: '95%' });
  const said = result.notes.map((note) => note.message).filter((message) => message.startsWith('绩效指标：'));
  expect(said).toEqual([
    '绩效指标：指标有“调整指标值”的，按调整后的指标值计分，年初指标值未导入（如“财政供养人员控制率”年初 100%，调整为 95%）',
    '绩效指标：“是否核心指标”一列没有对应的项目，未导入',
  ]);
});

test('57, scored by 得分 without 分值, is checked as its form is: its 分值 and 实际完成情况 are not asked for', async () => {
  const result = await importFile(bytes(asCellLines(material('57'))), '57.txt');
  expect(result.package!.year).toBe(2020);
  expect(result.package!.overall!.byExpense).toEqual({ basic: '864.2', project: '0' });
  const findings = check(result.package!).findings;
  // What the copy lacks (执行数) and the unit's own 二级 names: nothing about a 分值 the form never prints.
  expect(findings.map((f) => f.ruleId)).toEqual(['ev.execution-uncomputable', 'ev.tree-names', 'ev.tree-names']);
});

test('政府采购管理’s 执行率 is an indicator of 54, not its 执行率 line', async () => {
  const result = await importFile(bytes(asCellLines(material('54'))), '54.txt');
  const overall = result.package!.overall as OverallEvaluation;
  expect(overall.indicators.find((i) => i.name === '执行率')).toMatchObject({ level2: '政府采购管理', weight: '5', score: '5' });
  expect(overall.funds.weight).toBeNull();
});

test('52, which the unit never scored, is checked as its form is: no score, 执行率 or 一级 is asked of it', async () => {
  const result = await importFile(bytes(asCellLines(material('52'))), '52.txt');
  const findings = check(result.package!).findings;
  // What a reviewer would still flag (findings.json s2–s4): actuals far over their targets, with no reason.
  expect(findings.map((f) => f.ruleId)).toEqual(['ev.deviation-reason', 'ev.deviation-reason', 'ev.deviation-reason']);
  // 单位负责人及电话, printed beside the unit's name, is who signs
  expect(result.package!.signature.unitHead).toBe('李荣燕');
});
