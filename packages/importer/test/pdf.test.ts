/**
 * PDF import: the text layer read glyph by glyph, tables rebuilt from the lines that draw them (or,
 * without lines, from the columns the text stands in), paragraphs joined across line and page
 * breaks. The same material as a PDF made by this project, by LibreOffice (from HTML, DOCX and
 * XLSX — the proxy for Word and WPS, which the test machine does not have) and without table
 * rules imports to what its text, DOCX or XLSX imports to. Scans, passwords, damaged and hostile
 * files are refused in Chinese, quickly.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { beforeAll, describe, expect, test } from 'vitest';
import { canonicalPackage, type Package } from '@jixiao/core';
import { renderDocx, renderPdf, renderXlsx } from '@jixiao/documents';
import { asCellLines, asHtml, hasSoffice, officeFile, readGrid, type Material } from '../../../corpus/tools/formats.js';
import { importFile, type ImportResult } from '../src/index.js';
import { readSource } from '../src/sniff.js';
import type { SourceDocument, SourceRow } from '../src/source.js';
import { CHINESE, bytes, example, random } from './support.js';

// Captured before anything loads pdfjs: its legacy build replaces these built-ins, the reader puts them back.
const NATIVE = { push: Array.prototype.push, parse: JSON.parse, stringify: JSON.stringify };

const cache = join(tmpdir(), 'jixiao-test-pdf');
const soffice = hasSoffice();
const SKIP = '跳过：没有找到 soffice（LibreOffice），无法生成 LibreOffice 导出的 PDF';

/** The parts a PDF and the file it was made from must agree on. */
function parts(result: ImportResult) {
  expect(result.errors).toEqual([]);
  const { basicData, overall, projects, report } = canonicalPackage(result.package as Package);
  return { basicData, overall, projects, report };
}

/**
 * A space where a line broke is not drawn by pdfkit or LibreOffice Writer, so between an ideograph
 * and a number ("组织公共服务 4、实施综合管理" broken after "服务") it cannot be read back: such
 * texts are compared without their spaces.
 */
const withoutSpaces = (text: string) => text.replace(/\s+/g, '');

/**
 * The file as LibreOffice converts it to PDF (filter names as in corpus/tools/formats.ts), kept in the
 * cache by name and content, so that a document rendered differently today is converted again.
 */
function libreOfficePdf(input: Uint8Array, name: string, extension: string, filter: string, infilter?: string): Uint8Array {
  mkdirSync(cache, { recursive: true });
  const out = join(cache, `${name}-${createHash('sha256').update(input).digest('hex').slice(0, 16)}.pdf`);
  if (!existsSync(out)) {
    const work = mkdtempSync(join(tmpdir(), 'jixiao-pdf-'));
    writeFileSync(join(work, `${name}.${extension}`), input);
    execFileSync(
      'soffice',
      [
        '--headless',
        '--norestore',
        `-env:UserInstallation=file://${join(cache, '.profile')}`,
        ...(infilter ? [`--infilter=${infilter}`] : []),
        '--convert-to',
        filter,
        '--outdir',
        work,
        join(work, `${name}.${extension}`),
      ],
      { stdio: 'ignore', timeout: 120_000 },
    );
    writeFileSync(out, readFileSync(join(work, `${name}.pdf`)));
  }
  return new Uint8Array(readFileSync(out));
}

const writerPdf = (html: string, name: string, filter = 'pdf:writer_pdf_Export') =>
  libreOfficePdf(bytes(html), name, 'html', filter, 'HTML (StarWriter)');

/** A PDF written by hand: its objects in order (object 1 the catalog), with a correct cross-reference table. */
function handMade(objects: (string | Uint8Array)[], trailer = ''): Uint8Array {
  const chunks: Uint8Array[] = [];
  const offsets: number[] = [];
  let length = 0;
  const add = (chunk: Uint8Array) => {
    chunks.push(chunk);
    length += chunk.length;
  };
  add(latin1('%PDF-1.4\n'));
  objects.forEach((body, i) => {
    offsets.push(length);
    add(latin1(`${i + 1} 0 obj\n`));
    add(typeof body === 'string' ? latin1(body) : body);
    add(latin1('\nendobj\n'));
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  add(latin1(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailer}>>\nstartxref\n${length}\n%%EOF\n`));
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function latin1(text: string): Uint8Array {
  return Uint8Array.from(text, (ch) => ch.charCodeAt(0));
}

function stream(dictionary: string, data: Uint8Array): Uint8Array {
  const head = latin1(`<< ${dictionary} /Length ${data.length} >>\nstream\n`);
  const tail = latin1('\nendstream');
  const out = new Uint8Array(head.length + data.length + tail.length);
  out.set(head);
  out.set(data, head.length);
  out.set(tail, head.length + data.length);
  return out;
}

interface PageOptions {
  mediaBox?: string;
  /** Extra objects from number 5 on (object 5 is the font /F1 unless given). */
  objects?: (string | Uint8Array)[];
  resources?: string;
  compress?: boolean;
}

/** One page drawing `content`, Helvetica as /F1. */
function onePage(content: string | Uint8Array, options: PageOptions = {}): Uint8Array {
  const raw = typeof content === 'string' ? latin1(content) : content;
  const data = options.compress ? new Uint8Array(deflateSync(raw)) : raw;
  return handMade([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [${options.mediaBox ?? '0 0 595 842'}] /Contents 4 0 R /Resources ${options.resources ?? '<< /Font << /F1 5 0 R >> >>'} >>`,
    stream(options.compress ? '/Filter /FlateDecode' : '', data),
    ...(options.objects ?? ['<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>']),
  ]);
}

async function blocksOf(data: Uint8Array): Promise<SourceDocument['blocks']> {
  return (await readSource(data, 'x.pdf')).blocks;
}

const rows = (blocks: SourceDocument['blocks']) => blocks.filter((b): b is SourceRow => b.kind === 'row');
const texts = (row: SourceRow) => row.cells.map((cell) => [cell.col, cell.span, cell.text]);

/** The import refused the file quickly with a Chinese message of its own (not an internal error). */
async function expectRefused(data: Uint8Array, message: RegExp, seconds = 10): Promise<void> {
  const started = performance.now();
  const result = await importFile(data, 'x.pdf');
  expect(performance.now() - started).toBeLessThan(seconds * 1000);
  expect(result.ok).toBe(false);
  expect(result.errors).toHaveLength(1);
  expect(result.errors[0]).toMatch(CHINESE);
  expect(result.errors[0]).not.toMatch(/内部错误|Error|at /);
  expect(result.errors[0]).toMatch(message);
}

describe('loading pdfjs', () => {
  test('text and DOCX imports never load it', async () => {
    await importFile(bytes('\t预算单位名称\n\t某单位\n'), 'x.txt');
    await importFile(await renderDocx(example()), 'x.docx');
    expect('pdfjsLib' in globalThis).toBe(false);
  });

  test('after a PDF import the built-ins its legacy build replaces are the natives again', async () => {
    const result = await importFile(onePage('BT /F1 12 Tf 72 700 Td (hello) Tj ET'), 'x.pdf');
    expect(result.errors[0]).toMatch(/没有找到任何自评表格/);
    expect('pdfjsLib' in globalThis).toBe(true);
    expect(Array.prototype.push).toBe(NATIVE.push);
    expect(JSON.parse).toBe(NATIVE.parse);
    expect(JSON.stringify).toBe(NATIVE.stringify);
  });
});

describe('without @napi-rs/canvas', () => {
  test('the built package loads pdfjs and reads a PDF in a process where that native package cannot be loaded', async () => {
    mkdirSync(cache, { recursive: true });
    const hook = join(cache, 'no-canvas.cjs');
    writeFileSync(
      hook,
      `const Module = require('node:module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request.startsWith('@napi-rs/canvas')) throw new Error('not installed');
  return resolve.call(this, request, ...rest);
};`,
    );
    const file = join(cache, 'seed-for-no-canvas.pdf');
    writeFileSync(file, await renderPdf(example()));
    const script = `import { readFileSync } from 'node:fs';
import { importFile } from '@jixiao/import';
const result = await importFile(new Uint8Array(readFileSync(process.argv[1])), 'x.pdf');
console.log(JSON.stringify({ errors: result.errors, parts: result.partsFound }));`;
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const out = execFileSync(process.execPath, ['--require', hook, '--input-type=module', '-e', script, file], {
      cwd: root,
      encoding: 'utf8',
      // pdfjs says it has no canvas; only the last line printed is the result.
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual({ errors: [], parts: ['basicData', 'overall', 'projects', 'report'] });
  });
});

describe('the seed rendered by this project (renderPdf)', () => {
  let pdf: Uint8Array;
  let fromPdf: ImportResult;
  let fromDocx: ImportResult;
  beforeAll(async () => {
    pdf = await renderPdf(example());
    fromPdf = await importFile(pdf, 'x.pdf');
    fromDocx = await importFile(await renderDocx(example()), 'x.docx');
  });

  test('imports to the same 附件1, 附件2, 附件3 and report as its DOCX', () => {
    expect(fromPdf.format).toBe('pdf');
    const a = parts(fromPdf);
    const b = parts(fromDocx);
    expect(a.basicData).toEqual(b.basicData);
    expect(a.projects).toEqual(b.projects);
    expect(a.report).toEqual(b.report);
    const goals = (overall: typeof a.overall) => withoutSpaces(overall!.goals.expected);
    expect({ ...a.overall, goals: null }).toEqual({ ...b.overall, goals: null });
    expect(a.overall!.goals.actual).toBe(b.overall!.goals.actual);
    expect(goals(a.overall)).toBe(goals(b.overall));
    expect(fromPdf.partsFound).toEqual(fromDocx.partsFound);
    expect(fromPdf.unmapped).toEqual([]);
    expect(fromPdf.uncertainRows).toEqual([]);
  });

  test('a table running over pages is one table, its repeated header rows read once', async () => {
    const blocks = await blocksOf(pdf);
    const first = rows(blocks).find((row) => row.cells[0]?.text === '预算单位名称')!;
    const table = rows(blocks).filter((row) => row.table === first.table);
    expect(new Set(table.map((row) => /^第 (\d+) 页/.exec(row.location)![1])).size).toBeGreaterThanOrEqual(2);
    // 附件1 repeats its unit row and its year-column headings on every page.
    expect(table.filter((row) => row.cells[0]?.text === '预算单位名称')).toHaveLength(1);
    expect(table.filter((row) => row.cells.some((cell) => /2022\s*年\s*决算数/.test(cell.text)))).toHaveLength(1);
    expect(table.every((row) => row.exactColumns)).toBe(true);
  });

  test('locations name the page, the table row and column, or the line', async () => {
    const blocks = await blocksOf(pdf);
    const first = rows(blocks).find((row) => row.cells[0]?.text === '预算单位名称')!;
    expect(first.location).toMatch(/^第 \d+ 页表格第 1 行$/);
    expect(first.cells[1]!.location).toMatch(/^第 \d+ 页表格第 1 行第 2 列$/);
    // The unit's heading as it wrote it: documents print the report verbatim.
    const heading = blocks.find((b) => b.kind === 'paragraph' && b.text.replace(/\s/g, '') === '1、单位基本情况')!;
    expect(heading.location).toBe('第 2 页第 3 行');
    // Page numbers ("— 1 —") are not text of the document.
    expect(blocks.some((b) => b.kind === 'paragraph' && /^—\s*\d+\s*—$/.test(b.text))).toBe(false);
  });
});

describe('the seed as LibreOffice exports its DOCX and XLSX', () => {
  let fromDocx: ImportResult;
  beforeAll(async () => {
    fromDocx = await importFile(await renderDocx(example()), 'x.docx');
  });

  test('the DOCX as PDF imports to the same tables and report', async () => {
    if (!soffice) return console.warn(SKIP);
    const pdf = libreOfficePdf(await renderDocx(example()), 'seed-from-docx', 'docx', 'pdf:writer_pdf_Export');
    const a = parts(await importFile(pdf, 'x.pdf'));
    const b = parts(fromDocx);
    expect(a.basicData).toEqual(b.basicData);
    expect(a.projects).toEqual(b.projects);
    expect({ ...a.overall, goals: null }).toEqual({ ...b.overall, goals: null });
    expect(withoutSpaces(a.overall!.goals.expected)).toBe(withoutSpaces(b.overall!.goals.expected));
    // LibreOffice 7.4 leaves out full-width punctuation that hangs at the end of a line (a few marks
    // in this report: not drawn, not in its text layer). Everything else of the report reads back.
    const report = (r: typeof a.report) => JSON.stringify(r).replace(/[，、。；：？！\s]/g, '');
    expect(report(a.report)).toBe(report(b.report));
    expect(a.report!.sections.map((s) => s.heading)).toEqual(b.report!.sections.map((s) => s.heading));
  });

  test('the XLSX as PDF imports to the same tables as the DOCX', async () => {
    if (!soffice) return console.warn(SKIP);
    const pdf = libreOfficePdf(await renderXlsx(example()), 'seed-from-xlsx', 'xlsx', 'pdf:calc_pdf_Export');
    const result = await importFile(pdf, 'x.pdf');
    const a = parts(result);
    const b = parts(fromDocx);
    expect(a.basicData).toEqual(b.basicData);
    expect(a.projects).toEqual(b.projects);
    expect({ ...a.overall, goals: null }).toEqual({ ...b.overall, goals: null });
    expect(withoutSpaces(a.overall!.goals.expected)).toBe(withoutSpaces(b.overall!.goals.expected));
    expect(result.uncertainRows).toEqual([]);
  });
});

const basicData = (name: string): Material => ({
  tables: readGrid(readFileSync(new URL(`./fixtures/basic-data/${name}.tsv`, import.meta.url), 'utf8')),
  paragraphs: [],
});

describe.each(['district-2023', 'county-2023', 'city-2022'])('附件1 of %s as a PDF made by LibreOffice', (name) => {
  let fromText: ImportResult;
  beforeAll(async () => {
    fromText = await importFile(bytes(asCellLines(basicData(name))), `${name}.txt`);
  });

  test('with table rules: the same 附件1 as its text', async () => {
    if (!soffice) return console.warn(SKIP);
    const result = await importFile(officeFile(basicData(name), 'pdf', name, cache), `${name}.pdf`);
    expect(parts(result).basicData).toEqual(parts(fromText).basicData);
    expect(result.uncertainRows).toEqual([]);
    expect(result.unmapped).toEqual([]);
  });

  test('without table rules: the same 附件1, its columns found from the text', async () => {
    if (!soffice) return console.warn(SKIP);
    const html = asHtml(basicData(name)).replaceAll('<table border="1">', '<table border="0" cellspacing="0">');
    const pdf = writerPdf(html, `${name}-borderless`);
    const blocks = await blocksOf(pdf);
    expect(rows(blocks).length).toBeGreaterThan(20);
    expect(rows(blocks).every((row) => !row.exactColumns)).toBe(true);
    const result = await importFile(pdf, `${name}.pdf`);
    expect(parts(result).basicData).toEqual(parts(fromText).basicData);
    expect(result.uncertainRows).toEqual([]);
  });
});

/** A corpus document: its tables and its report's paragraphs, as far as it has them. */
function corpusMaterial(id: string): Material {
  const corpus = new URL('../../../corpus/', import.meta.url);
  const folder = readdirSync(corpus).find((entry) => entry.startsWith(`${id}-`))!;
  const read = (name: string) => {
    const file = new URL(`${folder}/${name}`, corpus);
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  };
  return {
    tables: readGrid(read('tables.tsv')),
    paragraphs: read('report.txt')
      .split('\n')
      .filter((line) => line.trim() !== ''),
  };
}

// 32 runs onto a second page, one of its rows broken across the page break.
describe.each(['20', '23', '30', '32'])('corpus/%s as a PDF made by LibreOffice', (id) => {
  test('imports to the same 附件3 project as its text', async () => {
    if (!soffice) return console.warn(SKIP);
    const material = { ...corpusMaterial(id), paragraphs: [] };
    const fromText = await importFile(bytes(asCellLines(material)), `${id}.txt`);
    const result = await importFile(officeFile(material, 'pdf', `corpus-${id}`, cache), `${id}.pdf`);
    expect(parts(result).projects).toEqual(parts(fromText).projects);
    expect(result.package?.layout).toEqual(fromText.package?.layout);
    expect(result.unmapped).toEqual([]);
  });
});

// Reports as LibreOffice sets HTML paragraphs: flush left, no first-line indent, space between paragraphs.
describe.each(['02', '41', '49'])('corpus/%s report as a PDF made by LibreOffice', (id) => {
  test('imports to the same report and tables as the DOCX LibreOffice makes of it', async () => {
    if (!soffice) return console.warn(SKIP);
    const material = corpusMaterial(id);
    const fromDocx = await importFile(officeFile(material, 'docx', `report-${id}`, cache), `${id}.docx`);
    const fromPdf = await importFile(officeFile(material, 'pdf', `report-${id}`, cache), `${id}.pdf`);
    expect(parts(fromPdf)).toEqual(parts(fromDocx));
    expect(fromPdf.package!.report!.sections.flatMap((section) => section.paragraphs).length).toBeGreaterThan(5);
  });
});

describe('tables drawn by hand', () => {
  /** A rule as Word draws it: a filled rectangle 0.5 pt thick. */
  const hRule = (x0: number, x1: number, y: number) => `${x0} ${y - 0.25} ${x1 - x0} 0.5 re f`;
  const vRule = (x: number, y0: number, y1: number) => `${x - 0.25} ${y0} 0.5 ${y1 - y0} re f`;
  const text = (x: number, y: number, s: string) => `BT /F1 10 Tf ${x} ${y} Td (${s}) Tj ET`;

  test('merged cells across columns and down rows, rules as thin filled rectangles', async () => {
    // Columns at 100, 200, 300, 400; rows (PDF y up) 700–680, 680–660, 660–640.
    // Row 1: "Name" | "Merged across" (columns 2–3). Column 1 of rows 2–3 is one cell "Down".
    const ops = [
      hRule(100, 400, 700),
      hRule(100, 400, 680),
      hRule(200, 400, 660),
      hRule(100, 400, 640),
      vRule(100, 640, 700),
      vRule(200, 640, 700),
      vRule(300, 640, 680),
      vRule(400, 640, 700),
      text(105, 686, 'Name'),
      text(205, 686, 'Merged across'),
      text(105, 657, 'Down'),
      text(205, 666, 'a'),
      text(305, 666, 'b'),
      text(205, 646, 'c'),
      text(305, 646, 'd'),
      text(100, 600, 'All of it fills the cells.'),
    ].join('\n');
    const blocks = await blocksOf(onePage(ops));
    expect(rows(blocks).map(texts)).toEqual([
      [
        [0, 1, 'Name'],
        [1, 2, 'Merged across'],
      ],
      [
        [0, 1, 'Down'],
        [1, 1, 'a'],
        [2, 1, 'b'],
      ],
      [
        [0, 1, ''],
        [1, 1, 'c'],
        [2, 1, 'd'],
      ],
    ]);
    expect(blocks.at(-1)).toMatchObject({ kind: 'paragraph', text: 'All of it fills the cells.', location: '第 1 页第 1 行' });
  });

  test('bold set by printing the text twice, a little shifted, reads once', async () => {
    const ops = [text(100, 700, 'Bold all'), text(100.4, 700, 'Bold all')].join('\n');
    expect(await blocksOf(onePage(ops))).toEqual([{ kind: 'paragraph', text: 'Bold all', location: '第 1 页第 1 行' }]);
  });

  test('a font that is not embedded and names a Chinese CMap (UniGB-UCS2-H) reads as Chinese', async () => {
    const font = [
      '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>',
      '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 7 0 R /DW 1000 >>',
      '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>',
    ];
    const blocks = await blocksOf(onePage('BT /F1 12 Tf 72 700 Td <98847B9753554F4D540D79F0> Tj ET', { objects: font }));
    expect(blocks).toEqual([{ kind: 'paragraph', text: '预算单位名称', location: '第 1 页第 1 行' }]);
  });
});

describe('PDFs without readable text', () => {
  const scanMessage = /没有可以读取的文字.*扫描件.*文字识别（OCR）.*Word\/Excel 原件/;

  test('a page that only shows an image (a scan) asks for OCR or the original', async () => {
    const image = stream(
      '/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8',
      new Uint8Array([0, 255, 255, 0]),
    );
    await expectRefused(
      onePage('q 500 0 0 700 50 50 cm /Im1 Do Q', { resources: '<< /XObject << /Im1 5 0 R >> >>', objects: [image] }),
      scanMessage,
    );
  });

  test('LibreOffice’s PDF of a page holding only a picture', async () => {
    if (!soffice) return console.warn(SKIP);
    const png = readFileSync(new URL('./fixtures/pdf/scan.png', import.meta.url)).toString('base64');
    const html = `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><p><img src="data:image/png;base64,${png}" width="400" height="200"></p></body></html>`;
    await expectRefused(writerPdf(html, 'scan'), scanMessage);
  });

  test('a password-protected PDF says so', async () => {
    // Standard security handler, revision 2: the empty user password does not open it.
    const encrypt = `/Encrypt 6 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]`;
    const objects = [
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
      `<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 /O <${'ab'.repeat(32)}> /U <${'cd'.repeat(32)}> >>`,
    ];
    const pdf = handMade(
      [
        '<< /Type /Catalog /Pages 2 0 R >>',
        '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
        stream('', latin1('BT /F1 12 Tf 72 700 Td (x) Tj ET')),
        ...objects,
      ],
      encrypt,
    );
    await expectRefused(pdf, /打开密码/);
  });

  test('a PDF LibreOffice exported with an open password says so', async () => {
    if (!soffice) return console.warn(SKIP);
    const filter =
      'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"secret"}}';
    await expectRefused(writerPdf('<p>预算单位名称</p>', 'password', filter), /打开密码/);
  });
});

describe('damaged and hostile PDFs are refused in Chinese, quickly', () => {
  test('truncated files', async () => {
    const pdf = await renderPdf(example());
    await expectRefused(pdf.slice(0, 1000), /有效的 PDF|损坏/);
    // Cut in the middle, pdfjs rebuilds what it can: whatever comes back, it is not an internal error.
    const half = await importFile(pdf.slice(0, Math.floor(pdf.length / 2)), 'x.pdf');
    if (!half.ok) expect(half.errors[0]).toMatch(CHINESE);
    expect(half.errors.join('')).not.toMatch(/内部错误/);
  });

  test('random bytes after %PDF', async () => {
    const next = random(20240630);
    const data = Uint8Array.from({ length: 20_000 }, () => Math.floor(next() * 256));
    data.set(bytes('%PDF-1.7\n'));
    await expectRefused(data, /有效的 PDF|损坏/);
  });

  test('a page whose content stream inflates from 64 KB to 64 MB (a flate bomb)', async () => {
    const bomb = onePage(new Uint8Array(64 * 1024 * 1024), { compress: true });
    expect(bomb.length).toBeLessThan(100 * 1024);
    await expectRefused(bomb, /压缩炸弹/, 3);
  });

  test('a page of millions of drawing operators that compresses well', async () => {
    const ops = latin1('0 0 m 1 1 l S\n'.repeat(400_000));
    await expectRefused(onePage(ops, { compress: true }), /压缩炸弹/, 3);
  });

  test('100 000 nested arrays in a content stream, and in the page dictionary', async () => {
    await expectRefused(onePage('['.repeat(100_000)), /没有可以读取的文字/);
    const nested = handMade([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Deep ${'['.repeat(100_000)} >>`,
    ]);
    await expectRefused(nested, /第 1 页已损坏或结构异常/);
  });

  test('a page of 1e9 × 1e9 points', async () => {
    await expectRefused(onePage('BT /F1 12 Tf 72 700 Td (x) Tj ET', { mediaBox: '0 0 1000000000 1000000000' }), /页面尺寸异常/);
  });

  test('more pages than the limit', async () => {
    const pages = 301;
    const kids = Array.from({ length: pages }, (_, i) => `${i + 5} 0 R`).join(' ');
    const pdf = handMade([
      '<< /Type /Catalog /Pages 2 0 R >>',
      `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`,
      stream('', latin1('BT /F1 12 Tf 72 700 Td (x) Tj ET')),
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
      ...Array.from(
        { length: pages },
        () => '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R /Resources << /Font << /F1 4 0 R >> >> >>',
      ),
    ]);
    await expectRefused(pdf, /PDF 共 301 页，超过导入上限 300 页/);
  });
});
