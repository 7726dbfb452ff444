/**
 * 项目支出绩效自评表 as units of several provinces published them (corpus/): the national form of
 * 财预〔2020〕10号 and provincial layouts import as 附件3 projects — year, unit, funds, 资金来源, goals and
 * indicators — and render back in the layout they came from, which reads back to the same project.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { canonicalPackage, projectLayout, type Package, type ProjectEvaluation } from '@jixiao/core';
import { renderDocx } from '@jixiao/documents';
import { unzipSync } from 'fflate';
import { asCellLines, hasSoffice, officeFile, readGrid, type Material } from '../../../corpus/tools/formats.js';
import { importFile, type ImportResult } from '../src/index.js';
import { bytes } from './support.js';

const CORPUS = new URL('../../../corpus/', import.meta.url);
const cache = join(tmpdir(), 'jixiao-test-office');

function material(id: string): Material {
  const folder = readdirSync(CORPUS).find((name) => name.startsWith(`${id}-`));
  if (!folder) throw new Error(`corpus/${id} missing`);
  return { tables: readGrid(readFileSync(new URL(`${folder}/tables.tsv`, CORPUS), 'utf8')), paragraphs: [] };
}

interface Expected {
  layout: string;
  year: number;
  name: string;
  department: string;
  implementer: string;
  /** the package's unit, where it is not the 实施单位 (a 股 of its 主管部门 is no unit of its own) */
  unit?: string;
  manager?: string;
  funds: { fullYearBudget: string | null; executed: string | null; weight: string | null };
  sources: string[];
  goal: string;
  indicators: number;
  first: { level1: string; level2: string; name: string; target: string; actual: string; weight: string | null };
  /** headings the layout prints, in the order the rendered table has them */
  headings: string[];
}

const CASES: [string, string, Expected][] = [
  [
    '20',
    '云南 临翔区 2023，全国通用表式（财预〔2020〕10号）',
    {
      layout: 'national',
      year: 2023,
      name: '2023年马鹿坑国有林场新建野生动物收容所建设项目',
      department: '临沧市临翔区林业和草原局',
      implementer: '临沧市临翔区林业和草原局',
      funds: { fullYearBudget: '32.4', executed: '31.69', weight: '10' },
      sources: ['fiscal'],
      goal: '支持欠发达国有林场基础设施建设',
      indicators: 7,
      first: { level1: '产出指标', level2: '数量指标', name: '野生动物收容所', target: '≥200平方米', actual: '204.46平方米', weight: '10' },
      headings: [
        '项目名称',
        '主管部门',
        '实施单位',
        '项目资金（万元）',
        '年初预算数',
        '全年预算数',
        '全年执行数',
        '分值',
        '执行率',
        '得分',
        '年度资金总额',
        '其中：当年财政拨款',
        '年度指标值',
        '实际完成值',
        '偏差原因分析及改进措施',
      ],
    },
  ],
  [
    '23',
    '四川 中江县 2022，绩效目标自评表（分值在指标值前）',
    {
      layout: 'score-first',
      year: 2022,
      name: '中江县农业水价综合改革精准补贴和节水奖励项目小型水库水标尺制作安装',
      department: '中江县水利局',
      implementer: '中江县水利局',
      manager: '谢凯13990260322(办公)',
      funds: { fullYearBudget: '20', executed: '20', weight: '10' },
      sources: ['fiscal', 'other'],
      goal: '对农村地区供水计量设施设备进行改进',
      indicators: 9,
      first: { level1: '产出指标', level2: '数量指标', name: '安装坡面水标尺', target: '≥266米', actual: '≥266米', weight: '10' },
      headings: [
        '项目名称',
        '项目负责人及电话',
        '资金情况（万元）',
        '全年预算数（A）',
        '全年执行数（B）',
        '执行率（B/A）',
        '其中：本年财政拨款',
        '年初设定目标',
        '年度总体目标完成情况综述',
        '分值',
        '年度指标值',
        '全年实际值',
        '未完成原因及拟采取的改进措施',
      ],
    },
  ],
  [
    '30',
    '湖南 衡山县 2020，县级专项资金绩效目标自评表（不计分）',
    {
      layout: 'county-special',
      year: 2020,
      name: '县级储备粮',
      department: '衡山县商务和粮食局',
      implementer: '粮食调控储备与产业发展股',
      unit: '衡山县商务和粮食局',
      manager: '旷建成、向建军',
      funds: { fullYearBudget: '194.9', executed: '194.9', weight: null },
      sources: ['transfer', 'other'],
      goal: '保持和稳定地方粮食储备机制',
      indicators: 16,
      first: {
        level1: '产出指标',
        level2: '数量指标',
        name: '5000吨稻谷、500吨成品粮储备到位率',
        target: '100%',
        actual: '100%',
        weight: null,
      },
      headings: [
        '专项资金名称',
        '负责人及电话',
        '县级主管部门',
        '实施单位',
        '全年预算数（A）',
        '全年执行数（B）',
        '执行率（B/A）',
        '其中：中央、省、市补助县级资金',
        '年初设定目标',
        '全年实际完成情况',
        '年度指标值',
        '全年完成值',
        '未完成原因和改进措施',
        '说明',
      ],
    },
  ],
];

function onlyProject(pkg: Package | null): ProjectEvaluation {
  expect(pkg?.projects).toHaveLength(1);
  return pkg!.projects![0]!;
}

/** The texts of a DOCX's table cells, in order. */
async function docxTexts(pkg: Package): Promise<string[]> {
  const xml = new TextDecoder().decode(unzipSync(await renderDocx(pkg))['word/document.xml']!);
  return [...xml.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((cell) =>
    [...cell[1]!.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
  );
}

describe.each(CASES)('corpus/%s: %s', (id, _what, expected) => {
  const text = bytes(asCellLines(material(id)));
  let imported: ImportResult;
  beforeAll(async () => {
    imported = await importFile(text, `${id}.txt`);
  });

  test('imports as a 附件3 project with its year, unit, funds, 资金来源, goals and indicators', () => {
    expect(imported.errors).toEqual([]);
    expect(imported.partsFound).toEqual(['projects']);
    const pkg = imported.package!;
    expect(pkg.year).toBe(expected.year);
    expect(pkg.layout.project).toBe(expected.layout);
    expect(pkg.unit).toEqual({ name: expected.unit ?? expected.implementer, department: expected.department });
    const project = onlyProject(pkg);
    expect(project).toMatchObject({
      name: expected.name,
      department: expected.department,
      implementer: expected.implementer,
      manager: expected.manager ?? '',
    });
    expect(project.funds).toMatchObject(expected.funds);
    expect(project.fundSources.map((s) => s.kind)).toEqual(expected.sources);
    expect(project.goals.expected).toContain(expected.goal);
    expect(project.indicators).toHaveLength(expected.indicators);
    expect(project.indicators[0]).toMatchObject(expected.first);
    expect(imported.unmapped).toEqual([]);
  });

  test('renders back in its own layout: its title, headings and column order', async () => {
    const pkg = imported.package!;
    const cells = await docxTexts(pkg);
    // Each heading is found after the one before it: the table has them all, in this order.
    let from = 0;
    const missing: string[] = [];
    for (const heading of expected.headings) {
      const at = cells.indexOf(heading, from);
      if (at < 0) missing.push(heading);
      else from = at + 1;
    }
    expect(missing).toEqual([]);
    const xml = new TextDecoder().decode(unzipSync(await renderDocx(pkg))['word/document.xml']!);
    expect(xml).toContain(projectLayout(expected.layout).title(expected.year));
  });

  test('the rendered DOCX reads back to the same project', async () => {
    const again = await importFile(await renderDocx(imported.package!), `${id}.docx`);
    expect(again.errors).toEqual([]);
    expect(again.package?.layout.project).toBe(expected.layout);
    // Documents print 执行率, 得分 and 总分 as the engine computes them, not as the source printed them:
    // the figures that stand in the package, and nothing the engine derives, are compared.
    const figures = (pkg: Package) => {
      const { declaredTotal: _printed, funds, fundSources, ...rest } = canonicalPackage(pkg).projects![0]!;
      return { ...rest, funds: { ...funds, declared: null }, fundSources: fundSources.map((s) => ({ ...s, declared: null })) };
    };
    expect(figures(again.package!)).toEqual(figures(imported.package!));
  });

  test.skipIf(!hasSoffice())('imports from a DOCX made by LibreOffice to the same project', async () => {
    const result = await importFile(officeFile(material(id), 'docx', `corpus-${id}`, cache), `${id}.docx`);
    expect(result.errors).toEqual([]);
    expect(canonicalPackage(result.package!).projects).toEqual(canonicalPackage(imported.package!).projects);
  });
});
