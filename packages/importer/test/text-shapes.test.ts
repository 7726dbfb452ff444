/**
 * Text of any shape: the 基础数据表 of three regions as a flattened page (one cell a line, no row
 * breaks, no blank cells) imports to the same figures where every row shows its cells; where a blank
 * cell was lost, the row is not guessed but listed with its values and the columns they could mean,
 * and the check says the figure is unknown instead of finding a false gap. Quoting and escapes of
 * delimited and pipe text, and a report that is not mistaken for a table.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { canonicalPackage, check } from '@jixiao/core';
import { asCellLines, asFlatCells, readGrid, type Material } from '../../../corpus/tools/formats.js';
import { importFile, readText } from '../src/index.js';
import { bytes } from './support.js';

const material = (name: string): Material => ({
  tables: readGrid(readFileSync(new URL(`./fixtures/basic-data/${name}.tsv`, import.meta.url), 'utf8')),
  paragraphs: [],
});

const imported = async (text: string, name: string) => {
  const result = await importFile(bytes(text), name);
  expect(result.errors).toEqual([]);
  return result;
};

describe('a page flattened to one cell per line', () => {
  test.each(['district-2023', 'city-2022'])('%s: rows recovered by the form’s labels give the same 附件1', async (name) => {
    const flat = await imported(asFlatCells(material(name)), `${name}.txt`);
    const cells = await imported(asCellLines(material(name)), `${name}.txt`);
    expect(canonicalPackage(flat.package!).basicData).toEqual(canonicalPackage(cells.package!).basicData);
    expect(flat.uncertainRows).toEqual([]);
    expect(flat.unmapped).toEqual([]);
  });

  test('a row that lost a blank cell is listed with its values and the columns they could mean, never guessed', async () => {
    const result = await imported(asFlatCells(material('county-2023')), 'county-2023.txt');
    expect(result.uncertainRows).toEqual([
      expect.objectContaining({
        label: '2、运行维护经费',
        values: ['80.00', '75.00'],
        columns: ['2022 年决算数', '2023 年预算数', '2023 年决算数'],
        path: 'basicData.rows.operation',
      }),
    ]);
    const pkg = result.package!;
    expect(pkg.basicData!.rows.operation).toEqual({ prior: null, budget: null, actual: null });
    // The rows that kept their cells are there as printed.
    expect(pkg.basicData!.rows.business).toEqual({ prior: '120.00', budget: '308.17', actual: '110.00' });
    expect(pkg.uncertain).toEqual([
      {
        path: 'basicData.rows.operation',
        label: '2、运行维护经费',
        values: ['80.00', '75.00'],
        columns: ['2022 年决算数', '2023 年预算数', '2023 年决算数'],
      },
    ]);
  });

  test('the check says the figure is unknown, and finds no false gap in the sums it enters', async () => {
    const { package: pkg } = await imported(asFlatCells(material('county-2023')), 'county-2023.txt');
    const { findings } = check(pkg!);
    const unknown = findings.filter((f) => f.ruleId === 'import.uncertain');
    expect(unknown).toHaveLength(1);
    expect(unknown[0]!.message).toContain('80.00、75.00');
    expect(findings.filter((f) => f.severity === '错误')).toEqual([]);
    expect(findings.map((f) => f.ruleId)).not.toContain('a1.project-sum');
  });
});

describe('delimited and pipe text', () => {
  test('tab-separated text keeps a quoted cell’s line breaks and tabs; a stray quote stays text', () => {
    const doc = readText('项目\t说明\n"三公"经费\t"第一行\n第二行"\n"含\t制表符"\t1\n', 'txt');
    const rows = doc.blocks.filter((b) => b.kind === 'row').map((b) => (b.kind === 'row' ? b.cells.map((c) => c.text) : []));
    expect(rows).toEqual([
      ['项目', '说明'],
      ['"三公"经费', '第一行\n第二行'],
      ['含\t制表符', '1'],
    ]);
  });

  test('CSV: a cell that looks like a formula is read as text, never evaluated', async () => {
    const csv =
      '附件1 2023年度预算单位整体支出绩效评价基础数据表\n预算单位名称,"=HYPERLINK(""http://x"",""点我"")"\n经费控制情况(万元),2022年决算数,2023年预算数,2023年决算数\n三公经费,=1+2,4.00,2.85\n';
    const result = await imported(csv, 'a.csv');
    expect(result.package!.basicData!.unitName).toBe('=HYPERLINK("http://x","点我")');
    expect(result.package!.basicData!.rows.threePublic).toEqual({ prior: null, budget: '4.00', actual: '2.85' });
    expect(result.notes.map((n) => n.message).join('\n')).toContain('“=1+2”不是可识别的金额');
  });

  test('Markdown: an escaped pipe stays in its cell, <br> breaks a line, the rule line is not a row', () => {
    const doc = readText('| 项目 | 说明 |\n| --- | :---: |\n| a \\| b | 一<br>二 |\n', 'md');
    const rows = doc.blocks.filter((b) => b.kind === 'row').map((b) => (b.kind === 'row' ? b.cells.map((c) => c.text) : []));
    expect(rows).toEqual([
      ['项目', '说明'],
      ['a | b', '一\n二'],
    ]);
  });

  test('a web page’s cell that runs over two lines is one cell', () => {
    const doc = readText('项目 |\n说明 |\n|||\n三公经费 |\n第一行\n第二行 |\n|||\n', 'txt');
    const rows = doc.blocks.filter((b) => b.kind === 'row').map((b) => (b.kind === 'row' ? b.cells.map((c) => c.text) : []));
    expect(rows).toEqual([
      ['项目', '说明'],
      ['三公经费', '第一行\n第二行'],
    ]);
  });

  test('a report with a few figures on lines of their own is read as paragraphs, not as a table', () => {
    const report = [
      '2023年度整体支出绩效自评报告',
      '一、基本情况',
      '全年预算数',
      '985.00',
      '执行数',
      '861.46',
      '二、绩效目标',
      '单位全年共完成各项工作任务，取得较好成效。',
    ].join('\n');
    const doc = readText(report, 'txt');
    expect(doc.blocks.every((b) => b.kind === 'paragraph')).toBe(true);
  });
});
