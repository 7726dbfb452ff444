import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { type CompletePackage, parsePackage } from '@jixiao/core';
import { projectPackage } from '../../../bench/documents-fixture.mjs';
import { renderDocx, renderPdf, renderXlsx } from '../src/index.js';
import { docxXml, example, libreOfficeConvert, missing, pdfText, save, workDir } from './helpers.js';

const LONG = `${'街道持续开展人居环境整治行动，累计清理废旧家具三百余车。'.repeat(700).slice(0, 20_000)}段落结尾标记`;
/** 20,000 characters, counted back through '癸', a character nothing else in the documents uses. */
const CELL_LONG = `${'甲乙丙丁戊己庚辛壬癸'.repeat(2000)}表格结尾标记`;

/** 500 projects, XML specials, control characters, a 20,000-character section and cell, formula-like text. */
function hostile(): CompletePackage {
  const pkg = projectPackage(example(), 500) as CompletePackage;
  pkg.unit.name = 'A&B <单位> "引号" \'撇号\' ]]>';
  pkg.basicData.unitName = pkg.unit.name;
  pkg.basicData.frugalityMeasures = '</w:t></w:r><w:r><w:t>注入</w:t> &amp; <![CDATA[x]]>';
  pkg.report.cover.unitName = pkg.unit.name;
  pkg.report.sections[0]!.paragraphs.push('控制\u0001字符\u0008测试\u001F结束');
  pkg.report.sections[5]!.paragraphs.push(LONG);
  pkg.projects[0]!.goals.expected = CELL_LONG;
  const indicator = pkg.overall.indicators[0]!;
  indicator.target = '=1+1';
  indicator.actual = '+SUM(A1:A2)';
  indicator.deviation = '-3';
  pkg.overall.indicators[1]!.name = '@cmd';
  return pkg;
}

describe('hostile input', () => {
  const pkg = hostile();

  it('is a valid package (the schema accepts every hostile field)', () => {
    expect(parsePackage(JSON.parse(JSON.stringify(pkg))).ok).toBe(true);
  });

  const noOffice = missing('soffice', 'pdftotext');
  it.skipIf(noOffice !== null)(
    `DOCX stays a file LibreOffice opens, with all the text ${noOffice ?? ''}`,
    { timeout: 600_000 },
    async () => {
      const bytes = await renderDocx(pkg);
      const xml = await docxXml(bytes);
      for (const control of ['\u0001', '\u0008', '\u001F']) expect(xml).not.toContain(control);
      expect(xml).toContain('控制字符测试结束');
      const dir = workDir();
      const text = pdfText(libreOfficeConvert(save(dir, 'hostile.docx', bytes), 'pdf', dir)).replace(/\s+/g, '');
      expect(text).toContain('A&B<单位>"引号"\'撇号\']]>');
      expect(text).toContain('</w:t></w:r><w:r><w:t>注入</w:t>&amp;<![CDATA[x]]>');
      expect(text).toContain('段落结尾标记');
      expect(text).toContain('表格结尾标记');
      expect(text).toContain('第500号一级项目');
    },
  );

  it.skipIf(missing('soffice') !== null)(
    `XLSX stays a workbook LibreOffice opens; formula-like text stays text ${missing('soffice') ?? ''}`,
    { timeout: 600_000 },
    async () => {
      const bytes = await renderXlsx(pkg);
      const dir = workDir();
      const reopened = new ExcelJS.Workbook();
      await reopened.xlsx.load(
        readFileSync(
          libreOfficeConvert(save(dir, 'hostile.xlsx', bytes), 'xlsx:Calc MS Excel 2007 XML', `${dir}/out`),
        ) as unknown as ArrayBuffer,
      );
      // 附件1, 附件2, one 附件3 per project; 附件4–6 are not in the seed, so the package holds none to print.
      expect(reopened.worksheets).toHaveLength(2 + 500);
      const a2 = reopened.getWorksheet('附件2') as ExcelJS.Worksheet;
      const values: unknown[] = [];
      a2.eachRow((row) => row.eachCell((cell) => values.push(cell.value)));
      for (const text of ['=1+1', '+SUM(A1:A2)', '-3', '@cmd']) expect(values).toContain(text);
      const a3 = reopened.getWorksheet('附件3-1') as ExcelJS.Worksheet;
      const texts: string[] = [];
      a3.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value))));
      expect(texts.some((t) => t.endsWith('表格结尾标记'))).toBe(true);
    },
  );

  it.skipIf(missing('pdftotext') !== null)(
    `PDF keeps every page of text, splitting a table cell longer than a page ${missing('pdftotext') ?? ''}`,
    { timeout: 600_000 },
    async () => {
      const bytes = await renderPdf(pkg);
      const text = pdfText(save(workDir(), 'hostile.pdf', bytes)).replace(/\s+/g, '');
      expect(text).toContain('A&B<单位>"引号"\'撇号\']]>');
      expect(text).toContain('控制字符测试结束');
      expect(text).toContain('段落结尾标记');
      expect(text).toContain('表格结尾标记');
      expect(text).toContain('第500号一级项目');
      // The long cell is split across pages, not cut: every one of its characters is there.
      expect(text.split('癸').length - 1).toBe(2000);
    },
  );
});
