import { beforeAll, describe, expect, test } from 'vitest';
import { importFile, type ImportResult } from '../src/index.js';
import { bytes, example, seedText } from './support.js';

describe('the seed as published text', () => {
  let result: ImportResult;
  beforeAll(async () => {
    result = await importFile(bytes(seedText()), '000_e0a24521fb6c3de6.txt');
  });

  test('imports to exactly the transcribed example, amounts as written', () => {
    expect(result.errors).toEqual([]);
    expect(result.package).toEqual(example());
  });

  test("keeps the report's text verbatim: each line of the seed's report is a heading or paragraph as written", () => {
    const lines = seedText().split('\n');
    const first = lines.findIndex((line) => /^\s*1、\s*单位基本情况/.test(line));
    const written = lines
      .slice(first)
      .map((line) => line.trim())
      .filter((line) => line !== '');
    const report = result.package!.report!;
    expect([...report.sections.flatMap((s) => [s.heading, ...s.paragraphs]), ...report.attachmentList]).toEqual(written);
    expect(report.sections.every((s) => s.explanation === '' && s.acceptedDraft.length === 0)).toBe(true);
  });

  test('finds every part the seed has and reports 附件4–6 as absent', () => {
    expect(result.partsFound).toEqual(['basicData', 'overall', 'projects', 'report']);
    expect(result.partsAbsent).toEqual(['otherFunds']);
  });

  test('places every piece of text: nothing unmapped, nothing uncertain', () => {
    expect(result.unmapped).toEqual([]);
    expect(result.uncertainRows).toEqual([]);
  });

  test('says why 会议费、培训费 has a blank 本年决算 and why there is no 附件3 project', () => {
    const messages = result.notes.map((note) => `${note.severity} ${note.location} ${note.message}`);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/^提示 第 257 行 “会议费、培训费”一行只有 3 个单元格.*最后一列（2023年决算数）/);
    expect(messages[1]).toMatch(/^提示 .*附件3.*空白模板/);
  });
});
