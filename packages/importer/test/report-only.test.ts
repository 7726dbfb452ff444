/**
 * Reports published without tables, as a unit would import them: every corpus folder's report.txt (one
 * paragraph a line, title first) as a plain text file, imported and checked. Each hard finding a careful
 * reviewer made by hand in the report's own text (findings.json, part 报告) must be reported with its
 * figures, and no 错误 may be reported that the reviewer did not find.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { check } from '@jixiao/core';
import { quotesFigures, type HandFinding } from '../../../corpus/tools/findings.js';
import { asTsv, readGrid } from '../../../corpus/tools/formats.js';
import { importFile } from '../src/index.js';
import { bytes } from './support.js';

const CORPUS = new URL('../../../corpus/', import.meta.url);
const FOLDERS = readdirSync(CORPUS)
  .filter((name) => existsSync(new URL(`${name}/report.txt`, CORPUS)))
  .sort();

const tally = { hard: 0, found: 0 };

describe('a report alone, from the corpus', () => {
  test.each(FOLDERS)('%s imports as a report and its own figures are checked', async (folder) => {
    const text = readFileSync(new URL(`${folder}/report.txt`, CORPUS), 'utf8');
    const result = await importFile(bytes(text), 'x.txt');
    expect(result.partsFound, result.errors.join('；')).toContain('report');
    const { findings } = check(result.package!);
    const hand = JSON.parse(readFileSync(new URL(`${folder}/findings.json`, CORPUS), 'utf8')) as HandFinding[];

    const hard = hand.filter((h) => h.kind === 'hard' && h.part === '报告');
    const missed = hard.filter((h) => !findings.some((f) => f.location.part === '报告' && quotesFigures(f.message, h.figures)));
    tally.hard += hard.length;
    tally.found += hard.length - missed.length;
    expect(missed.map((h) => `${h.id} ${h.statement}`)).toEqual([]);

    const unexplained = findings.filter((f) => f.severity === '错误' && !hand.some((h) => quotesFigures(f.message, h.figures)));
    expect(unexplained.map((f) => `${f.ruleId} ${f.message}`)).toEqual([]);
  });

  test.each(FOLDERS)('%s: the year it evaluates is read, from its title or, where the copy has none, its text', async (folder) => {
    const meta = JSON.parse(readFileSync(new URL(`${folder}/meta.json`, CORPUS), 'utf8')) as { year: number };
    const result = await importFile(bytes(readFileSync(new URL(`${folder}/report.txt`, CORPUS), 'utf8')), 'x.txt');
    expect(result.package!.year).toBe(meta.year);
  });

  test('a year read from the text alone is said, to be checked', async () => {
    // 横县's copy lost its title: "本办对2017年度部门整体支出绩效作了综合评价" names the year.
    const folder = FOLDERS.find((f) => f.startsWith('42-'))!;
    const result = await importFile(bytes(readFileSync(new URL(`${folder}/report.txt`, CORPUS), 'utf8')), 'x.txt');
    expect(result.notes).toContainEqual(
      expect.objectContaining({
        severity: '警告',
        message: expect.stringMatching(/^标题和表格中没有年度，按正文“.*2017年度.*”等处所写取 2017 年，请核对$/),
      }),
    );
  });

  test('every hard 报告 finding of the corpus is reported', () => {
    // Runs after the folders: it reads what they tallied.
    console.log(`报告 hard findings reported: ${tally.found} / ${tally.hard} (${FOLDERS.length} reports)`);
    expect(FOLDERS.length).toBeGreaterThanOrEqual(21);
    expect(tally.hard).toBeGreaterThan(0);
    expect(tally.found).toBe(tally.hard);
  });
});

/**
 * Form-style reports (湖南 附件2-1 of several counties and years) print their 基本概况 as a grid inside
 * section 一: 联系人, 人员编制, 职能职责, 年度主要工作内容. The corpus keeps that grid in tables.tsv
 * under the section's heading; here it is put back where the report prints it.
 */
const IN_SECTION = FOLDERS.flatMap((folder) => {
  const file = new URL(`${folder}/tables.tsv`, CORPUS);
  if (!existsSync(file)) return [];
  const lines = readFileSync(new URL(`${folder}/report.txt`, CORPUS), 'utf8').split('\n');
  return readGrid(readFileSync(file, 'utf8'))
    .filter((table) => lines.includes(table.title))
    .map((table) => ({ folder, heading: table.title, table, lines }));
});

describe('a grid inside a report section, as form-style reports print 基本概况', () => {
  test('the corpus has such reports from several places and years', () => {
    expect(new Set(IN_SECTION.map(({ folder }) => folder.replace(/-\d{4}-.*$/, ''))).size).toBeGreaterThanOrEqual(3);
  });

  test.each(IN_SECTION.map((entry) => [entry.folder, entry] as const))(
    '%s keeps every cell of its grid in the section',
    async (folder, entry) => {
      const { heading, table, lines } = entry;
      const at = lines.indexOf(heading) + 1;
      const grid = asTsv({ tables: [{ ...table, title: '' }], paragraphs: [] });
      const text = [...lines.slice(0, at), grid, ...lines.slice(at)].join('\n');
      const result = await importFile(bytes(text), 'x.txt');
      const section = result.package!.report!.sections.find((s) => s.heading === heading)!;
      const cells = table.rows.flatMap((row) =>
        row.flatMap((cell) => (cell && cell.text.trim() !== '' ? [cell.text.replace(/\s*\n\s*/g, ' ')] : [])),
      );
      expect(cells.filter((cell) => !section.paragraphs.some((p) => p.includes(cell)))).toEqual([]);
      expect(result.unmapped.filter((item) => cells.some((cell) => cell.includes(item.text)))).toEqual([]);
      expect(result.notes.filter((note) => note.message.includes('按行导入为该部分的正文'))).toHaveLength(1);
      // What the grid says is checked as the section's text: no 错误 a careful reviewer did not find.
      const hand = JSON.parse(readFileSync(new URL(`${folder}/findings.json`, CORPUS), 'utf8')) as HandFinding[];
      const unexplained = check(result.package!).findings.filter(
        (f) => f.severity === '错误' && !hand.some((h) => quotesFigures(f.message, h.figures)),
      );
      expect(unexplained.map((f) => `${f.ruleId} ${f.message}`)).toEqual([]);
    },
  );
});

describe('a report alone, as units title and cover it', () => {
  const body = [
    '一、基本情况',
    '本单位2023年度收入合计120.00万元，其中：财政拨款收入100.00万元、其他收入20.00万元。',
    '二、存在的问题',
    '无。',
  ];

  test.each([
    '某局2023年度部门整体支出绩效自评报告',
    '关于2023年度农村公路养护资金绩效自评的报告',
    '某中心2023年度项目支出绩效单位自评报告',
    '某办公室2023年度项目绩效自评报告(驻京干部房租补助经费)',
    '2023年度部门整体支出绩效自评情况报告',
  ])('“%s” titles the report', async (title) => {
    const result = await importFile(bytes([title, ...body].join('\n')), 'x.txt');
    expect(result.partsFound).toEqual(['report']);
    expect(result.package!.year).toBe(2023);
    expect(result.package!.report!.cover.title).toBe(title);
    expect(result.package!.report!.sections.map((s) => s.heading)).toEqual(['一、基本情况', '二、存在的问题']);
    expect(result.unmapped).toEqual([]);
  });

  test('a sentence that mentions a report titles nothing', async () => {
    const result = await importFile(bytes('现将我局2023年度整体支出绩效自评情况报告如下：\n今天讨论了绿化工作。\n'), 'x.txt');
    expect(result.ok).toBe(false);
  });

  test('the cover’s unit and date, labelled as form-style reports label them', async () => {
    const lines = [
      '某县2023年度部门整体支出绩效评价自评报告',
      '部门(单位)名称',
      '某县审计局',
      '预算编码:301',
      '报告日期:2024年6月30日',
      ...body,
    ];
    const { package: pkg } = await importFile(bytes(lines.join('\n')), 'x.txt');
    expect(pkg!.report!.cover).toEqual({ title: lines[0], unitName: '某县审计局', date: '2024年6月30日' });
    expect(pkg!.unit.name).toBe('某县审计局');
  });

  // Titles of the corpus's reports: a body's name before or after the year is the unit; a region or a
  // placeholder there is not.
  test.each([
    ['南县财政局2020年度 机关整体支出绩效评价报告', '南县财政局'],
    ['2021年茂名市发展和改革局整体支出绩效自评报告', '茂名市发展和改革局'],
    ['红河州数据发展中心2024年度项目支出绩效单位自评报告', '红河州数据发展中心'],
    ['耒阳市第四中学专项资金绩效自评价报告', '耒阳市第四中学'],
    ['岳阳县2021年度部门整体支出绩效评价自评报告', ''],
    ['雨花区2022年度部门(单位)整体支出绩效评价自评报告', ''],
    ['2018年度项目支出绩效自评报告', ''],
  ])('“%s” names the unit “%s” where nothing else does', async (title, unit) => {
    const { package: pkg } = await importFile(bytes([title, ...body].join('\n')), 'x.txt');
    expect(pkg!.unit.name).toBe(unit);
  });

  test('the paragraphs between the title and the first section are its opening; of a cover form’s fields, 主管部门 is read', async () => {
    const opening = '按照区财政局绩效评价工作方案的要求，本局对2023年度整体支出进行了绩效自评。';
    // the short lead-in most reports close their opening with, without a comma
    const leadIn = '现将自评情况报告如下：';
    const lines = ['某县财政局2023年度整体支出绩效自评报告', '主管部门：某县人民政府', '评价类型：事前□ 事后√', opening, leadIn, ...body];
    const result = await importFile(bytes(lines.join('\n')), 'x.txt');
    expect(result.package!.report!.opening).toEqual([opening, leadIn]);
    expect(result.package!.report!.sections.map((s) => s.heading)).toEqual(['一、基本情况', '二、存在的问题']);
    expect(result.package!.unit.department).toBe('某县人民政府');
    expect(result.unmapped.map((item) => item.text)).toEqual(['评价类型：事前□ 事后√']);
  });

  test('a project report names its unit 项目单位', async () => {
    const lines = ['部门整体支出绩效评价报告', '项目单位: 某县机构编制委员会办公室', ...body];
    const { package: pkg } = await importFile(bytes(lines.join('\n')), 'x.txt');
    expect(pkg!.report!.cover.unitName).toBe('某县机构编制委员会办公室');
  });

  test('a report alone is checked against itself: its sum, with where it stands', async () => {
    const { package: pkg } = await importFile(
      bytes(['某局2023年度部门整体支出绩效自评报告', ...body].join('\n').replace('20.00万元。', '10.00万元。')),
      'x.txt',
    );
    const errors = check(pkg!).findings.filter((f) => f.severity === '错误');
    expect(errors.map((f) => [f.ruleId, f.location.path])).toEqual([['rt.sum', 'report.sections[0].paragraphs[0]']]);
    expect(errors[0]!.message).toContain('110.00万元，与所写合计 120.00万元 不符（差 10.00）');
  });
});
