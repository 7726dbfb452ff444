/**
 * The attachment tables as a reader meets them on paper: the header rows each form repeats on the
 * pages a table runs onto (PDF measured with pdftotext -bbox, DOCX as marked and as LibreOffice
 * lays it out, XLSX print titles), amounts at 2 dp, 附件3-n alike in every format, the empty 附件3.
 */
import { spawnSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CompletePackage, compute, type Package, syntheticPackage } from '@jixiao/core';
import { projectPackage } from '../../../bench/documents-fixture.mjs';
import { attachments, renderDocx, renderPdf, renderXlsx, signatureLine } from '../src/index.js';
import { leadingRows } from '../src/tables.js';
import { maxLabelLines } from '../src/widths.js';
import { docxParagraphs, docxTableRows, docxXml, example, libreOfficeConvert, missing, pdfText, save, workDir } from './helpers.js';

interface Word {
  text: string;
  y: number;
}

/** Every page's words with their top edge (pt from the page top), as pdftotext -bbox reads them. */
function pdfWords(file: string): Word[][] {
  const result = spawnSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`pdftotext 失败：${result.stderr}`);
  return result.stdout
    .split('<page ')
    .slice(1)
    .map((page) =>
      [...page.matchAll(/<word [^>]*yMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map((m) => ({ text: m[2] ?? '', y: Number(m[1]) })),
    );
}

/** Top of the text block (37 mm) and room for the repeated rows under it. */
const BODY_TOP = (37 / 25.4) * 72;
const HEADER_ROOM = 120;

/** The pages from the one whose first word is `label` up to the page before the next attachment. */
function pagesOf(pages: Word[][], label: string): Word[][] {
  const first = pages.findIndex((words) => words[0]?.text === label);
  const next = pages.findIndex((words, i) => i > first && /^附件\d/.test(words[0]?.text ?? ''));
  return pages.slice(first, next < 0 ? undefined : next);
}

const yearHeadings = (pkg: Package) => [`${pkg.year - 1}年决算数`, `${pkg.year}年预算数`, `${pkg.year}年决算数`];

describe('header rows on continuation pages, 200 projects', () => {
  const pkg = syntheticPackage(7, { projects: 200 });
  const noPoppler = missing('pdftotext');
  let pages: Word[][] = [];
  beforeAll(async () => {
    if (noPoppler === null) pages = pdfWords(save(workDir(), 'big.pdf', await renderPdf(pkg)));
  });

  it.skipIf(noPoppler !== null)(`PDF: every continuation page of 附件1 opens with the year-column headings ${noPoppler ?? ''}`, () => {
    const a1 = pagesOf(pages, '附件1');
    expect(a1.length).toBeGreaterThan(3);
    for (const [i, words] of a1.slice(1).entries()) {
      const top = words.filter((w) => w.y < BODY_TOP + HEADER_ROOM).map((w) => w.text);
      expect(top, `附件1 续页 ${i + 1}`).toEqual(expect.arrayContaining(['预算单位名称', '经费控制情况(万元)', ...yearHeadings(pkg)]));
    }
  });

  it('DOCX: tblHeader on exactly the rows the form repeats', async () => {
    const xml = await docxXml(await renderDocx(pkg));
    const tables = [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((m) => [...(m[1] ?? '').matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)]);
    const marked = tables.map((rows) => rows.map((r) => (r[1] ?? '').includes('<w:tblHeader/>')));
    // An inner heading (the 绩效指标 column headings) starts a table of its own and is its repeated row,
    // one right under the header rows (附件1's year columns) is a leading row; the rows after the last
    // row it heads are a table with no repeated row.
    const expected = attachments(pkg, compute(pkg)).flatMap((a) => [
      leadingRows(a),
      ...(a.innerHeadings ?? []).flatMap((h) => [...(h.row === a.headerRows ? [] : [1]), ...(h.through + 1 < a.rows.length ? [0] : [])]),
    ]);
    expect(marked.map((rows) => rows.filter(Boolean).length)).toEqual(expected);
    // Leading rows only: Word repeats nothing else.
    for (const rows of marked) expect(rows.indexOf(false)).toBe(rows.filter(Boolean).length);
    const a1 = attachments(pkg, compute(pkg))[0]!;
    expect(a1.rows[leadingRows(a1) - 1]?.flatMap((c) => (c ? [c.text] : []))).toEqual(['经费控制情况(万元)', ...yearHeadings(pkg)]);
  });

  it('XLSX: the same rows are the print titles and stay frozen', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await renderXlsx(pkg)) as unknown as ArrayBuffer);
    for (const table of attachments(pkg, compute(pkg)).slice(0, 3)) {
      const sheet = workbook.getWorksheet(table.sheetName) as ExcelJS.Worksheet;
      // Rows 1–2 hold the 附件 label and the title, the grid starts on row 3.
      expect(sheet.pageSetup.printTitlesRow, table.sheetName).toBe(`1:${2 + leadingRows(table)}`);
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 + leadingRows(table) });
    }
    const a1 = workbook.getWorksheet('附件1') as ExcelJS.Worksheet;
    const lastTitle = a1.getRow(Number(a1.pageSetup.printTitlesRow?.split(':')[1]));
    expect(lastTitle.getCell(2).value).toBe(yearHeadings(pkg)[0]);
  });
});

describe('附件1 of the seed, whose 楼堂馆所 block opens a page', () => {
  const noPoppler = missing('pdftotext');
  it.skipIf(noPoppler !== null)(
    `PDF: that page repeats whose table it is, and no year columns over 楼堂馆所 ${noPoppler ?? ''}`,
    async () => {
      const pages = pdfWords(save(workDir(), 'seed.pdf', await renderPdf(example())));
      const last = pagesOf(pages, '附件1')
        .at(-1)!
        .map((w) => w.text);
      // The seed's year rows fill the pages before: were this no longer so, the case would not be tested.
      expect(last.some((word) => word.startsWith('楼堂馆所控制情况'))).toBe(true);
      expect(last).not.toContain('春节慰问款');
      expect(last).toEqual(expect.arrayContaining(['预算单位名称', '财政供养人员情况']));
      expect(last).not.toContain('经费控制情况(万元)');
      for (const heading of yearHeadings(example())) expect(last).not.toContain(heading);
    },
  );
});

describe('the 绩效指标 column headings in the PDF', () => {
  const noPoppler = missing('pdftotext');
  it.skipIf(noPoppler !== null)(`are never the last row on a page ${noPoppler ?? ''}`, async () => {
    // Goals of growing length move the headings of 附件2 down the page, past its foot.
    const placed: number[] = [];
    for (let lines = 0; lines < 14; lines++) {
      const pkg = example();
      pkg.overall.goals.expected += '\n补充说明目标内容。'.repeat(lines);
      const pages = pdfWords(save(workDir(), `goals-${lines}.pdf`, await renderPdf(pkg)));
      for (const words of pagesOf(pages, '附件2')) {
        const heading = words.find((w) => w.text === '三级指标');
        if (!heading) continue;
        placed.push(heading.y);
        const below = words.filter((w) => w.y > heading.y + 20 && !/^[—\d\s]+$/.test(w.text));
        expect(below.length, `目标加 ${lines} 行`).toBeGreaterThan(0);
      }
    }
    // The headings did reach the lower part of a page in some of these layouts.
    expect(Math.max(...placed)).toBeGreaterThan(600);
  });

  it.skipIf(noPoppler !== null)(
    `leave no table's last row alone on a page, nor a row of headings at its foot ${noPoppler ?? ''}`,
    async () => {
      // The seed's 附件1 ends with 楼堂馆所 (a row of headings, a row of figures) and 厉行节约保障措施.
      const a1 = pagesOf(pdfWords(save(workDir(), 'seed.pdf', await renderPdf(example()))), '附件1');
      const last = a1.find((words) => words.some((w) => w.text === '厉行节约保障措施'))!;
      expect(last.map((w) => w.text)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^楼堂馆所控制情况/), expect.stringMatching(/^批复/)]),
      );
    },
  );
});

describe('DOCX merged labels', () => {
  it('keep the rows under a 一级/二级 label together, so that Word never splits a label from its rows', async () => {
    const pkg = example();
    const xml = await docxXml(await renderDocx(pkg));
    const tables = [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((m) => [...(m[1] ?? '').matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)]);
    // 附件2's indicator rows: the table headed by 绩效指标.
    const rows = tables.find((t) => (t[0]?.[1] ?? '').replace(/<[^>]+>/g, '').includes('绩效指标'))!.map((r) => r[1] ?? '');
    const keeps = rows.map((row) => row.includes('<w:keepNext/>'));
    const indicators = pkg.overall.indicators;
    indicators.forEach((indicator, i) => {
      const next = indicators[i + 1];
      // Row 0 is the heading; indicator i is row i + 1, kept with the next while its 一级 label goes on.
      expect(keeps[i + 1], indicator.name).toBe(next !== undefined && next.level1 === indicator.level1);
    });
  });
});

/** Each heading cell's text in the DOCX, with the line breaks the writer put in it. */
const docxHeadings = (xml: string) =>
  [...xml.matchAll(/<w:p><w:pPr><w:pStyle w:val="TableHeading"\/>[\s\S]*?<\/w:p>/g)].map((m) =>
    [...m[0].matchAll(/<w:t xml:space="preserve">([^<]*)<\/w:t>|(<w:br\/>)/g)].reduce((text, t) => text + (t[2] ? '\n' : (t[1] ?? '')), ''),
  );

describe('DOCX heading cells', () => {
  it('break between words, never inside one (Word would break Chinese anywhere)', async () => {
    const headings = docxHeadings(await docxXml(await renderDocx(example())));
    const broken = headings.filter((h) => h.includes('\n'));
    expect(broken.length).toBeGreaterThan(0);
    const WORDS = ['指标', '原因', '分析', '改进', '措施', '满意度', '预算数', '执行数', '执行率', '完成值', '（万元）', '名称'];
    for (const heading of broken) {
      const lines = heading.split('\n');
      for (let i = 0; i + 1 < lines.length; i++) {
        const a = lines[i] ?? '';
        const b = lines[i + 1] ?? '';
        for (const word of WORDS) {
          const spans =
            `${a}${b}`.includes(word) &&
            !a.includes(word) &&
            !b.includes(word) &&
            `${a.slice(-word.length + 1)}${b.slice(0, word.length - 1)}`.includes(word);
          expect(spans, `${heading.replace(/\n/g, '／')}`).toBe(false);
        }
      }
    }
  });

  it('take no more lines than the column widths gave them (「预算部门名称」 two)', async () => {
    for (const pkg of [example(), syntheticPackage(7, { projects: 3 })]) {
      const planned = new Map<string, number>();
      for (const table of attachments(pkg, compute(pkg))) {
        table.rows.forEach((row) =>
          row.forEach((c) => {
            if (c?.header && c.label && c.rowSpan === 1)
              planned.set(c.text, Math.max(planned.get(c.text) ?? 0, maxLabelLines(c.text, true)));
          }),
        );
      }
      const headings = docxHeadings(await docxXml(await renderDocx(pkg)));
      for (const heading of headings) {
        const most = planned.get(heading.replace(/\n/g, ''));
        if (most !== undefined) expect(heading.split('\n').length, heading.replace(/\n/g, '／')).toBeLessThanOrEqual(most);
      }
      if (pkg.unit.name === example().unit.name) expect(headings).toContain('预算部门\n名称');
    }
  });
});

describe('LibreOffice lays out the DOCX with the header rows repeated', () => {
  const noOffice = missing('soffice', 'pdftotext');
  it.skipIf(noOffice !== null)(
    `附件1 continuation pages show the year-column headings ${noOffice ?? ''}`,
    async () => {
      const pkg = syntheticPackage(7, { projects: 60 });
      const dir = workDir();
      const pdf = libreOfficeConvert(save(dir, 'sixty.docx', await renderDocx(pkg)), 'pdf', dir);
      const pages = pdfText(pdf)
        .split('\f')
        .map((page) => page.replace(/\s+/g, ''));
      const first = pages.findIndex((page) => page.startsWith('附件1'));
      const next = pages.findIndex((page, i) => i > first && page.startsWith('附件2'));
      expect(next - first).toBeGreaterThan(1);
      for (const page of pages.slice(first + 1, next)) {
        expect(page).toMatch(/^预算单位名称/);
        for (const heading of yearHeadings(pkg)) expect(page).toContain(heading);
      }
    },
    300_000,
  );
});

describe('amounts and labels alike in every format', () => {
  it('prints an amount with 3 decimals at 2 (half-up) and keeps the exact value in the XLSX cell', async () => {
    const pkg = example();
    const line = pkg.basicData.lines.localSpecial![0]!;
    line.actual = '36.775';
    const xml = await docxXml(await renderDocx(pkg));
    expect(xml).toContain('>36.78<');
    expect(xml).not.toContain('36.775');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await renderXlsx(pkg)) as unknown as ArrayBuffer);
    const a1 = workbook.getWorksheet('附件1') as ExcelJS.Worksheet;
    const cells: ExcelJS.Cell[] = [];
    a1.eachRow((row) => row.eachCell((cell) => cell.value === 36.775 && cells.push(cell)));
    expect(cells.length).toBeGreaterThan(0);
    for (const cell of cells) expect(cell.numFmt).toBe('0.00');
  });

  it('numbers several project tables 附件3-1, 附件3-2 … in the DOCX, the PDF and the XLSX; one is 附件3', async () => {
    for (const count of [1, 3]) {
      const pkg = projectPackage(example(), count) as CompletePackage;
      const labels = count === 1 ? ['附件3'] : Array.from({ length: count }, (_, i) => `附件3-${i + 1}`);
      const paragraphs = docxParagraphs(await docxXml(await renderDocx(pkg)));
      expect(paragraphs.filter((p) => /^附件3/.test(p))).toEqual(labels);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await renderXlsx(pkg)) as unknown as ArrayBuffer);
      expect(workbook.worksheets.map((s) => s.name).filter((name) => name.startsWith('附件3'))).toEqual(labels);
      if (missing('pdftotext') === null) {
        const pages = pdfWords(save(workDir(), 'projects.pdf', await renderPdf(pkg)));
        expect(pages.map((words) => words[0]?.text ?? '').filter((first) => /^附件3/.test(first))).toEqual(labels);
      }
    }
  });

  it('keeps the template outline in the empty 附件3: 资金来源 rows, 年度总体目标 and the indicator outline', () => {
    const pkg = example();
    const table = attachments(pkg, compute(pkg)).find((a) => a.label === '附件3')!;
    const texts = table.rows.map((row) => row.flatMap((c) => (c && c.text !== '' ? [c.text] : [])));
    expect(texts).toContainEqual(['其中：当年财政拨款']);
    expect(texts).toContainEqual(['上年结转资金']);
    expect(texts).toContainEqual(['其他资金']);
    expect(texts.flat()).toEqual(
      expect.arrayContaining(['年度总体目标', '预期目标', '实际完成情况', '产出指标（50分）', '服务对象满意度指标']),
    );
    expect(texts.filter((row) => row.includes('……')).length).toBe(9);
    expect(texts.at(-1)).toEqual(['总分', '100', '/']);
  });

  it('prints no 总分 row for a table read without one: the rows cut off are not zeros', async () => {
    const pkg = projectPackage(example(), 1) as CompletePackage;
    const project = pkg.projects[0]!;
    const totalRow = (p: Package) =>
      attachments(p, compute(p))
        .find((a) => a.label === '附件3')!
        .rows.find((row) => row.some((c) => c?.text === '总分'));
    const docxTotals = async (p: Package) => docxTableRows(await docxXml(await renderDocx(p))).filter((row) => row[0] === '总分').length;
    expect(project.declaredTotal).not.toBeNull();
    expect(
      totalRow(pkg)
        ?.filter((c) => c && c.text !== '')
        .map((c) => c!.text),
    ).toEqual(['总分', '100.00', '100.00']);
    const whole = await docxTotals(pkg);
    // The table as an import reads one cut off after its second indicator, with the header's 自评得分.
    project.indicators = project.indicators.slice(0, 2);
    project.declaredTotal = null;
    project.remarks = [{ label: '自评得分', text: '98' }];
    expect(totalRow(pkg)).toBeUndefined();
    expect(await docxTotals(pkg)).toBe(whole - 1);
    expect(docxTableRows(await docxXml(await renderDocx(pkg)))).toContainEqual(['自评得分', '98']);
  });

  it('prints a 附件2 in its own layout: 重庆’s 目标自评表 without 得分, 执行率 or split, so no score is invented', async () => {
    const pkg = example();
    pkg.layout.overall = 'goals';
    // As the importer reads corpus/52: weights printed, no 得分, no 全年预算数, no 总分 row.
    const overall = pkg.overall!;
    overall.funds = { ...overall.funds, fullYearBudget: null, weight: null, declared: { executionRate: null, score: null } };
    overall.indicators = overall.indicators.map((i) => ({ ...i, score: null }));
    overall.declaredTotal = null;
    const table = attachments(pkg, compute(pkg)).find((a) => a.label === '附件2')!;
    expect(table.title).toBe('2023年部门整体绩效目标自评表');
    const texts = table.rows.flatMap((row) => row.map((c) => c?.text ?? ''));
    for (const heading of ['单位名称', '年初预算资金总额（万元）', '实际投入资金额（万元）', '三级指标', '指标权重', '全年实际完成值'])
      expect(texts).toContain(heading);
    for (const absent of ['得分', '执行率', '一级指标', '按收入性质分：', '总分']) expect(texts).not.toContain(absent);
    // the first indicator's row: name, weight, target, actual, reason; its computed score is nowhere
    const first = overall.indicators[0]!;
    const row = table.rows.find((r) => r.some((c) => c?.text === first.name))!;
    expect(row.filter((c) => c !== null).map((c) => c!.text)).toEqual([first.name, '6.00', first.target, first.actual, '']);
    // in the DOCX, under the 绩效指标 label merged down beside it
    expect(docxTableRows(await docxXml(await renderDocx(pkg)))).toContainEqual(['', first.name, '6.00', first.target, first.actual, '']);
  });

  it('prints a 附件2 in 湖北’s 20-point layout: 基本支出总额 | 项目支出总额, 得分 without 分值, the targets alone, and the 总分', () => {
    const pkg = example();
    pkg.layout.overall = 'execution20';
    // As the importer reads corpus/57's form: 执行率 20 分, no indicator 分值, a 总分 row under 得分.
    const overall = pkg.overall!;
    overall.funds = { ...overall.funds, weight: '20' };
    overall.indicators = overall.indicators.map((i) => ({ ...i, weight: null }));
    overall.declaredTotal = { weight: null, score: '100' };
    const figures = compute(pkg);
    const table = attachments(pkg, figures).find((a) => a.label === '附件2')!;
    expect(table.title).toBe('2023年度部门整体支出绩效自评表');
    const texts = table.rows.flatMap((row) => row.map((c) => c?.text ?? ''));
    for (const heading of ['预算执行情况（万元）（20分）', '得分（20分*执行率）', '年度目标（80分）', '年初目标值（A）', '得分', '总分'])
      expect(texts).toContain(heading);
    // the split by expense on a row of its own, under the unit's name
    const expense = table.rows[1]!.filter((c) => c !== null).map((c) => c!.text);
    expect(expense).toEqual(['基本支出总额', '1,409.62', '项目支出总额', '797.20']);
    for (const absent of ['分值', '实际完成情况', '按收入性质分：']) expect(texts).not.toContain(absent);
    const total = table.rows.find((row) => row.some((c) => c?.text === '总分'))!;
    expect(total.filter((c) => c !== null).map((c) => c!.text)).toEqual(['总分', figures.overall!.total!.toFixed(2)]);
  });

  it('keeps a 执行率 and 得分 the unit printed where the copy lacks the amounts to work them out', () => {
    // 重庆's platform export (corpus/56): 分值 10, 执行率 76%, 得分 7.6, and no amounts in the copy
    const pkg = example();
    pkg.overall!.funds = {
      initialBudget: null,
      fullYearBudget: null,
      executed: null,
      weight: '10',
      declared: { executionRate: '76%', score: '7.6' },
    };
    const table = attachments(pkg, compute(pkg)).find((a) => a.label === '附件2')!;
    const line = table.rows.find((row) => row.some((c) => c?.text === '年度资金总额：'))!;
    expect(line.filter((c) => c !== null).map((c) => c!.text)).toEqual(['年度资金总额：', '', '', '', '10.00', '76%', '7.6']);
    // where the amounts are there, the figures are the computed ones, whatever was printed
    const whole = example();
    whole.overall!.funds.declared = { executionRate: '76%', score: '7.6' };
    const computedLine = attachments(whole, compute(whole))
      .find((a) => a.label === '附件2')!
      .rows.find((row) => row.some((c) => c?.text === '年度资金总额：'))!;
    expect(computedLine.map((c) => c?.text).slice(-2)).toEqual(['100.00%', '10.00']);
  });

  it('prints the signature line under the last 附件3, before 附件4', async () => {
    const pkg = projectPackage(example(), 2) as CompletePackage;
    pkg.otherFunds.governmentFund = { rows: [{ name: '城市基础设施配套费', budget: '12.5', actual: '10' }], note: '' };
    const paragraphs = docxParagraphs(await docxXml(await renderDocx(pkg)));
    const signature = paragraphs.findIndex((p) => p.startsWith('单位负责人签字：'));
    expect(paragraphs.lastIndexOf('附件3-2')).toBeLessThan(signature);
    expect(paragraphs.indexOf('附件4')).toBeGreaterThan(signature);
  });

  it('leaves room to write in each empty field of the signature line, and prints a filled field as stored', () => {
    const pkg = example();
    const room = '\u3000'.repeat(5);
    expect(signatureLine(pkg)).toBe(
      `单位负责人签字：${room}\u3000\u3000填表人：${room}\u3000\u3000联系电话：${room}\u3000\u3000填报日期：${room}`,
    );
    pkg.signature = { unitHead: '张三', filler: '李四', phone: '0730-123', date: '' };
    expect(signatureLine(pkg)).toBe(
      `单位负责人签字：张三\u3000\u3000填表人：李四\u3000\u3000联系电话：0730-123\u3000\u3000填报日期：${room}`,
    );
    // A field longer than its room takes the difference from the empty ones: the line stays one line.
    pkg.signature = { unitHead: '', filler: '', phone: '', date: '2021年3月10日' };
    const less = '\u3000'.repeat(4);
    expect(signatureLine(pkg)).toBe(
      `单位负责人签字：${less}\u3000\u3000填表人：${less}\u3000\u3000联系电话：${less}\u3000\u3000填报日期：2021年3月10日`,
    );
  });

  it('closes a document without tables with the signature line only where the unit signed', async () => {
    const pkg: Package = { ...example(), basicData: null, overall: null, projects: null };
    pkg.otherFunds = { governmentFund: null, stateCapital: null, socialInsurance: null };
    const signed = (paragraphs: string[]) => paragraphs.some((p) => p.startsWith('单位负责人签字：'));
    expect(signed(docxParagraphs(await docxXml(await renderDocx(pkg))))).toBe(false);
    if (missing('pdftotext') === null) expect(pdfText(save(workDir(), 'report.pdf', await renderPdf(pkg)))).not.toContain('单位负责人签字');
    pkg.signature = { ...pkg.signature, unitHead: '张三' };
    expect(signed(docxParagraphs(await docxXml(await renderDocx(pkg))))).toBe(true);
    if (missing('pdftotext') === null)
      expect(pdfText(save(workDir(), 'signed.pdf', await renderPdf(pkg)))).toContain('单位负责人签字：张三');
  });

  it('leaves room on the cover to write in the name to be stamped where the package names no unit', async () => {
    const pkg = example();
    pkg.unit = { ...pkg.unit, name: '' };
    pkg.report = { ...pkg.report!, cover: { ...pkg.report!.cover, unitName: ' ' } };
    const line = `部门（单位）名称：${'\u3000'.repeat(8)}（盖章）`;
    expect(docxParagraphs(await docxXml(await renderDocx(pkg)))).toContain(line);
    // pdftotext sets the far-off （盖章） on a line of its own: the name's line holds nothing after its label.
    if (missing('pdftotext') === null)
      expect(pdfText(save(workDir(), 'cover.pdf', await renderPdf(pkg)))).toMatch(/部门（单位）名称：\s*\n/);
  });

  it('writes a workbook Excel opens for a package without tables: one sheet saying so, printed on A4', async () => {
    const pkg: Package = { ...example(), basicData: null, overall: null, projects: null };
    pkg.otherFunds = { governmentFund: null, stateCapital: null, socialInsurance: null };
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await renderXlsx(pkg)) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.getCell('A1').value)).toEqual(['本绩效自评包没有附件1–6的表格。']);
    expect(workbook.worksheets[0]!.pageSetup.paperSize).toBe(9);
  });
});

describe('DOCX rows', () => {
  it('keep each row on one page, but let a row taller than a page split (LibreOffice cuts off the rest)', async () => {
    const pkg = projectPackage(example(), 1) as CompletePackage;
    pkg.projects[0]!.goals.expected = `${'按期完成项目建设任务，改善辖区环境。'.repeat(300)}目标结尾`;
    const rows = [...(await docxXml(await renderDocx(pkg))).matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => m[0]);
    const tall = rows.filter((row) => row.includes('目标结尾'));
    expect(tall).toHaveLength(1);
    expect(tall[0]).not.toContain('<w:cantSplit/>');
    expect(rows.filter((row) => !row.includes('目标结尾')).every((row) => row.includes('<w:cantSplit/>'))).toBe(true);
  });
});

describe('附件1 merged as the template', () => {
  it('spans the 财政供养人员情况 and 楼堂馆所控制情况 labels over their headings and their figures', () => {
    const pkg = example();
    const table = attachments(pkg, compute(pkg)).find((a) => a.label === '附件1')!;
    for (const name of ['财政供养人员情况', '楼堂馆所控制情况']) {
      const row = table.rows.findIndex((cells) => cells[0]?.text.startsWith(name));
      expect(table.rows[row]![0]!.rowSpan, name).toBe(2);
      // The figures' row starts under the label: no cell of its own in the first column.
      expect(table.rows[row + 1]![0], name).toBeNull();
      expect(table.rows[row + 1]![1]?.text, name).not.toBe('');
    }
  });
});
