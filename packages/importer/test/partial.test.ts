import { describe, expect, test } from 'vitest';
import { absentPackage } from '@jixiao/core';
import { importFile } from '../src/index.js';
import { bytes, example, seedText } from './support.js';

/** Lines from..to (1-based, inclusive) of the seed. */
function seedLines(from: number, to: number): string {
  return seedText()
    .split('\n')
    .slice(from - 1, to)
    .join('\n');
}

describe('partial documents', () => {
  test('附件1 alone imports its figures and reports everything else absent, left blank', async () => {
    const result = await importFile(bytes(seedLines(1, 299)), '附件1.txt');
    const expected = example();
    expect(result.partsFound).toEqual(['basicData']);
    expect(result.partsAbsent).toEqual(['overall', 'projects', 'otherFunds', 'report']);
    const skeleton = absentPackage(2023, expected.basicData.unitName);
    expect(result.package).toEqual({ ...skeleton, basicData: expected.basicData });
    expect(result.unmapped).toEqual([]);
  });

  test('附件1 without its title is found by its first row, the year read from its headers', async () => {
    const result = await importFile(bytes(seedLines(3, 299)), '附件1.txt');
    expect(result.partsFound).toEqual(['basicData']);
    expect(result.package?.year).toBe(2023);
    expect(result.package?.basicData).toEqual(example().basicData);
    expect(result.notes.map((n) => n.message)).toContain('标题中没有年度，按附件1 表头（“2023年决算数”等）取 2023 年');
  });

  test('附件2 alone names the unit from 预算部门名称', async () => {
    const result = await importFile(bytes(seedLines(306, 544)), '附件2.txt');
    const expected = example();
    expect(result.partsFound).toEqual(['overall']);
    expect(result.package?.overall).toEqual(expected.overall);
    expect(result.package?.unit.name).toBe('岳阳市岳阳楼区吕仙亭办事处');
    expect(result.package?.basicData).toBeNull();
  });

  test('a report cut short keeps the sections it has and invents none', async () => {
    const result = await importFile(bytes(seedLines(926, 988)), '报告.txt');
    const report = result.package!.report!;
    const full = example().report;
    expect(result.partsFound).toEqual(['report']);
    expect(report.cover).toEqual(full.cover);
    expect(report.sections.map((s) => s.heading)).toEqual(full.sections.slice(0, 6).map((s) => s.heading));
    expect(report.sections[5]!.paragraphs).toEqual(full.sections[5]!.paragraphs.slice(0, 4));
    expect(report.attachmentList).toEqual([]);
  });

  test('text that is no part of a self-evaluation is an error, not an empty package', async () => {
    const result = await importFile(bytes('会议纪要\n今天讨论了绿化工作。\n'), '纪要.txt');
    expect(result.ok).toBe(false);
    expect(result.errors[0]).toMatch(/没有找到任何自评表格或自评报告/);
  });
});

describe('rows whose blank cells were lost', () => {
  test('a row missing a value without evidence is left blank and listed with its raw values', async () => {
    const lines = seedText().split('\n');
    expect(lines[47]).toBe('\t4.93'); // 3、公务接待: 4.93 / 7 / 4.07
    lines.splice(48, 1); // drop "7"
    const result = await importFile(bytes(lines.join('\n')), 'lost.txt');
    expect(result.package?.basicData?.rows.reception).toEqual({ prior: null, budget: null, actual: null });
    expect(result.uncertainRows).toEqual([
      expect.objectContaining({ location: '第 47 行', label: '3、公务接待', values: ['4.93', '4.07'] }),
    ]);
    expect(result.uncertainRows[0]!.message).toMatch(/无法确定各数值属于哪一列/);
  });

  test('an indicator row missing a cell is not guessed', async () => {
    const lines = seedText().split('\n');
    expect(lines[401]).toBe('\t重点工作资金公示率');
    lines.splice(402, 1); // drop its 年度指标值
    const result = await importFile(bytes(lines.join('\n')), 'lost.txt');
    const names = result.package!.overall!.indicators.map((i) => i.name);
    expect(names).not.toContain('重点工作资金公示率');
    expect(result.uncertainRows.map((r) => [r.label, r.values])).toEqual([['重点工作资金公示率', ['100%', '6', '6']]]);
  });

  test('an unreadable amount is left blank, warned about and listed as unmapped', async () => {
    const lines = seedText().split('\n');
    expect(lines[48]).toBe('\t7');
    lines[48] = '\t约七万';
    const result = await importFile(bytes(lines.join('\n')), 'bad.txt');
    expect(result.package?.basicData?.rows.reception).toEqual({ prior: '4.93', budget: null, actual: '4.07' });
    expect(result.unmapped).toEqual([{ location: '第 49 行', text: '约七万' }]);
    expect(result.notes.some((n) => n.severity === '警告' && n.message.includes('约七万'))).toBe(true);
  });
});
