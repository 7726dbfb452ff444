/**
 * 附件1 as units of three regions lay it out (fixtures/basic-data): project lines under 区级 / 县级 /
 * 省级 / 市级专项资金 and 上级转移支付, 运行维护经费 with lines, rows left out, template placeholders. Each
 * imports, from text, DOCX and XLSX alike, with every line under its own list and no false gap.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { canonicalPackage, check, projectLines, type BasicData, type Package } from '@jixiao/core';
import { renderDocx, renderPdf, renderXlsx } from '@jixiao/documents';
import { unzipSync } from 'fflate';
import {
  asCellLines,
  asCsv,
  asPipeTable,
  asTsv,
  asWebDump,
  hasSoffice,
  officeFile,
  readGrid,
  type Material,
} from '../../../corpus/tools/formats.js';
import { importFile, type ImportResult } from '../src/index.js';
import { bytes, hasCommand } from './support.js';

const material = (name: string): Material => ({
  tables: readGrid(readFileSync(new URL(`./fixtures/basic-data/${name}.tsv`, import.meta.url), 'utf8')),
  paragraphs: [],
});

const cache = join(tmpdir(), 'jixiao-test-office');

interface Expected {
  year: number;
  unit: string;
  rows: string[];
  lines: Record<string, string[]>;
}

const CASES: [string, Expected][] = [
  [
    'district-2023',
    {
      year: 2023,
      unit: '岳阳市岳阳楼区示例街道办事处',
      rows: [
        'threePublic',
        'vehicle',
        'vehiclePurchase',
        'vehicleOperation',
        'overseas',
        'reception',
        'projectSpending',
        'business',
        'districtSpecial',
        'transfer',
        'publicFunds',
        'procurement',
        'basicBudgetAdjustment',
      ],
      lines: {
        districtSpecial: ['社区网格化管理', '老旧小区提质改造', '辖区环境综合整治', '退役军人服务站运行'],
        transfer: ['城乡居民医疗救助', '困难群众临时救助', '就业创业补贴'],
        publicFunds: ['办公经费', '水费、电费、差旅费', '会议费、培训费'],
      },
    },
  ],
  [
    'county-2023',
    {
      year: 2023,
      unit: '',
      rows: [
        'threePublic',
        'vehicle',
        'vehiclePurchase',
        'vehicleOperation',
        'overseas',
        'reception',
        'projectSpending',
        'business',
        'operation',
        'countySpecial',
        'provinceSpecial',
        'publicFunds',
        'procurement',
        'basicBudgetAdjustment',
      ],
      lines: {
        provinceSpecial: ['农村人居环境整治', '高标准农田建设'],
        countySpecial: ['乡村公路养护', '防汛抗旱物资', '村级组织运转保障'],
        publicFunds: ['办公经费', '水费、电费、差旅费', '会议费、培训费'],
      },
    },
  ],
  [
    'city-2022',
    {
      year: 2022,
      unit: '岳阳市示例城市管理监督指挥中心',
      rows: [
        'threePublic',
        'vehicle',
        'vehiclePurchase',
        'vehicleOperation',
        'overseas',
        'reception',
        'projectSpending',
        'business',
        'operation',
        'citySpecial',
        'transfer',
        'publicFunds',
        'procurement',
        'basicBudgetAdjustment',
      ],
      lines: {
        operation: ['办公楼物业管理', '信息系统运行维护'],
        citySpecial: ['城市数字化管理平台', '市容环境专项整治'],
        transfer: ['中央财政城市管理补助'],
        publicFunds: ['办公经费'],
      },
    },
  ],
];

/**
 * The same material as a user has it: text extracted from a document, copied out of a spreadsheet
 * (tabs), saved as CSV, written as a Markdown table, copied from a web page, and office files made by
 * LibreOffice. Each is imported under the file name a user would give it.
 */
const FORMATS: [format: string, make: (name: string) => Uint8Array | null, extension: string][] = [
  ['text', (name) => bytes(asCellLines(material(name))), 'txt'],
  ['tab-separated text', (name) => bytes(asTsv(material(name))), 'txt'],
  ['CSV', (name) => bytes(asCsv(material(name))), 'csv'],
  ['Markdown', (name) => bytes(asPipeTable(material(name))), 'md'],
  ['a web page copied as text', (name) => bytes(asWebDump(material(name))), 'txt'],
  ['docx', (name) => (hasSoffice() ? officeFile(material(name), 'docx', name, cache) : null), 'docx'],
  ['xlsx', (name) => (hasSoffice() ? officeFile(material(name), 'xlsx', name, cache) : null), 'xlsx'],
  ['pdf', (name) => (hasSoffice() ? officeFile(material(name), 'pdf', name, cache) : null), 'pdf'],
];

function basic(pkg: Package | null): BasicData {
  if (!pkg?.basicData) throw new Error('附件1 not imported');
  return pkg.basicData;
}

describe.each(CASES)('附件1 of %s', (name, expected) => {
  let fromText: ImportResult;
  beforeAll(async () => {
    fromText = await importFile(FORMATS[0]![1](name)!, `${name}.txt`);
  });

  test('imports every row the table has, and only those, with every line under its own list', () => {
    expect(fromText.errors).toEqual([]);
    const data = basic(fromText.package);
    expect(fromText.package?.year).toBe(expected.year);
    expect(data.unitName).toBe(expected.unit);
    expect(Object.keys(data.rows).sort()).toEqual([...expected.rows].sort());
    expect(Object.fromEntries(Object.entries(data.lines).map(([id, lines]) => [id, lines.map((l) => l.name)]))).toEqual(expected.lines);
    expect(fromText.unmapped).toEqual([]);
    expect(fromText.uncertainRows).toEqual([]);
  });

  test('checks without a false gap: every total equals its parts, lines of all lists included', () => {
    const { findings, absent } = check(fromText.package!);
    expect(findings.filter((f) => f.severity === '错误')).toEqual([]);
    expect(findings.map((f) => f.ruleId)).not.toContain('a1.project-sum');
    // Only 附件1 is in the file: the rest is absent, said once, never checked as zeros.
    expect(absent.map((a) => a.part)).toEqual(['附件2', '附件3', '附件4', '附件5', '附件6', '报告']);
    expect(projectLines(basic(fromText.package)).length).toBe(
      Object.entries(expected.lines)
        .filter(([id]) => /Special$|^transfer$/.test(id))
        .reduce((n, [, names]) => n + names.length, 0),
    );
  });

  test.each(FORMATS.slice(1))('imports from %s to the same 附件1', async (format, make, extension) => {
    const file = make(name);
    if (file === null) {
      console.warn(`跳过 ${format}：没有找到 soffice（LibreOffice）`);
      return;
    }
    const result = await importFile(file, `${name}.${extension}`);
    expect(result.errors).toEqual([]);
    // A spreadsheet keeps numbers, not how they were written ("120.50" comes back as 120.5): compared as figures.
    expect(canonicalPackage(result.package!).basicData).toEqual(canonicalPackage(fromText.package!).basicData);
    expect(result.uncertainRows).toEqual([]);
  });
});

/** The labels of 附件1's rows as a document prints them, in order, from the text of its cells. */
function printedOrder(texts: readonly string[], labels: readonly string[]): number[] {
  return labels.map((label) => texts.indexOf(label));
}

describe('documents print each list under the unit’s own heading', () => {
  let pkg: Package;
  beforeAll(async () => {
    pkg = (await importFile(bytes(asCellLines(material('district-2023'))), 'district-2023.txt')).package!;
  });
  const headings = [
    '1、业务工作经费',
    '2、区级专项资金（一个专项一行）',
    '社区网格化管理',
    '退役军人服务站运行',
    '3、上级转移支付（一个专项一行）',
    '城乡居民医疗救助',
    '就业创业补贴',
    '公用经费：',
    '其中：办公经费',
  ];

  test('XLSX: the rows of 附件1 in the unit’s order, with the figures beside them', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await renderXlsx(pkg)) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('附件1')!;
    const labels: string[] = [];
    sheet.eachRow((row) => labels.push(String(row.getCell(1).value ?? '')));
    const order = printedOrder(labels, headings);
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const transferRow = sheet.getRow(labels.indexOf('3、上级转移支付（一个专项一行）') + 1);
    expect([2, 4, 6].map((c) => transferRow.getCell(c).value)).toEqual([171.1, 0, 200.25]);
  });

  test('DOCX and PDF: the same headings in the same order', async () => {
    const docx = await renderDocx(pkg);
    const xml = new TextDecoder().decode(unzipSync(docx)['word/document.xml']!);
    const texts = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]!);
    const order = printedOrder(texts, headings);
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    if (!hasCommand('pdftotext')) {
      console.warn('跳过 PDF 文字检查：没有找到 pdftotext（poppler-utils）');
      return;
    }
    const file = join(cache, 'district-2023.rendered.pdf');
    writeFileSync(file, await renderPdf(pkg));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const positions = headings.map((h) => text.indexOf(h));
    expect(positions.every((at) => at >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
});
