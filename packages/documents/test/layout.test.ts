/**
 * The GB/T 9704 text layout measured in the rendered PDF (pdftotext -bbox) and the DOCX: 28
 * characters a line, 22 lines a page, justified lines, no widows or orphans, titles broken at
 * meaning units, the 附件 list, page numbers 7 mm under the block, bookmarks and the fonts used.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compute } from '@jixiao/core';
import { attachments, renderDocx, renderPdf } from '../src/index.js';
import { bundledFont, describeFonts, findFonts, FONT_ROLES } from '../src/fonts.js';
import { pdfDocument } from '../src/pdf.js';
import { BODY_BOTTOM, BODY_TOP, LINE_PITCH, MARGINS, mm, TEXT_WIDTH } from '../src/page.js';
import { bodyLines as paragraphLines } from '../src/body-lines.js';
import { titleLines } from '../src/title-lines.js';
import { docxParagraphs, docxXml, example, libreOfficeConvert, missing, save, workDir } from './helpers.js';

interface Word {
  text: string;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** The words of each page with their boxes, from pdftotext -bbox. */
function pageWords(file: string): Word[][] {
  const html = spawnSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).stdout;
  return [...html.matchAll(/<page[\s\S]*?<\/page>/g)].map((page) =>
    [...page[0].matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
      xMin: Number(m[1]),
      yMin: Number(m[2]),
      xMax: Number(m[3]),
      yMax: Number(m[4]),
      text: m[5] as string,
    })),
  );
}

interface Line {
  slot: number;
  text: string;
  left: number;
  right: number;
}

/** 三号 text of a page on its grid lines (titles and page numbers left out). */
function bodyLines(words: readonly Word[]): Line[] {
  const lines = new Map<number, Line>();
  for (const w of words.filter((w) => w.yMax - w.yMin < 26 && w.yMax < BODY_BOTTOM + 2).sort((a, b) => a.xMin - b.xMin)) {
    const slot = Math.floor(((w.yMin + w.yMax) / 2 - BODY_TOP) / LINE_PITCH);
    const line = lines.get(slot) ?? { slot, text: '', left: w.xMin, right: w.xMax };
    line.text += w.text;
    line.right = Math.max(line.right, w.xMax);
    lines.set(slot, line);
  }
  return [...lines.values()].sort((a, b) => a.slot - b.slot);
}

const RIGHT = MARGINS.left + TEXT_WIDTH;
const CELL = TEXT_WIDTH / 28;
const atLeft = (line: Line) => Math.abs(line.left - MARGINS.left) < 1;
/** Stretched to the right edge: the line goes on (a compressed closing mark may stand half out). */
const full = (line: Line) => line.right > RIGHT - 1;

describe('the report in the PDF', async () => {
  const noPoppler = missing('pdftotext');
  const pkg = example();
  const bytes = await renderPdf(pkg);
  const file = save(workDir(), 'seed.pdf', bytes);
  const pages = noPoppler ? [] : pageWords(file);
  const listPage = pages.findIndex((words) => words.some((w) => w.text.startsWith('附件：')));
  const report = pages.slice(1, listPage + 1).map(bodyLines);

  it.skipIf(noPoppler !== null)(`sets 28 characters on every full line and 22 lines on a full page ${noPoppler ?? ''}`, () => {
    expect(listPage).toBeGreaterThan(3);
    const lines = report.flat();
    const plain = lines.filter((l) => atLeft(l) && full(l) && !/[\x21-\x7e]/.test(l.text));
    expect(plain.length).toBeGreaterThan(50);
    for (const line of plain) {
      // Curly quotes are narrow in some fonts (Noto SC) and full-width in others (仿宋_GB2312).
      const quotes = line.text.match(/[“”‘’]/g)?.length ?? 0;
      const count = [...line.text].length - quotes;
      // A number or Latin word is not broken: a line it does not fit is stretched instead.
      const pushed = /^[\x21-\x7e]/.test(lines[lines.indexOf(line) + 1]?.text ?? '');
      expect(count, line.text).toBeGreaterThanOrEqual(28 - quotes - (pushed ? 2 : 0));
      // 29 only where punctuation gave up half its width to take in the line's last character.
      expect(count, line.text).toBeLessThanOrEqual(/[，。、；：（）《》]/.test(line.text) ? 29 : 28);
    }
    expect(plain.filter((l) => [...l.text].length === 28).length / plain.length).toBeGreaterThan(0.8);
    // A paragraph's first line: two characters in, 26 characters.
    const first = lines.filter((l) => Math.abs(l.left - (MARGINS.left + 2 * CELL)) < 1 && full(l) && !/[\x21-\x7e]/.test(l.text));
    for (const line of first) expect([26, 27], line.text).toContain([...line.text].length);
    for (const page of report) expect(page.length).toBeLessThanOrEqual(22);
    expect(report.slice(1, -1).filter((page) => page.length === 22).length).toBeGreaterThan(0);
    // Every page of running text is full but for lines kept together; the first line sits on the grid's first line.
    for (const page of report.slice(1, -1)) {
      expect(page.length).toBeGreaterThanOrEqual(18);
      expect(page[0]?.slot).toBe(0);
    }
  });

  it.skipIf(noPoppler !== null)(
    `leaves no single last line at a page's top and no single first line at its foot ${noPoppler ?? ''}`,
    () => {
      for (const [n, page] of report.entries()) {
        const top = page[0];
        const foot = page.at(-1);
        const next = report[n + 1]?.[0];
        // A line starting at the left edge continues a paragraph; one that does not reach the right edge ends it.
        if (n > 0 && top && atLeft(top)) expect(full(top) || page[1] === undefined, `第 ${n + 2} 页首行：${top.text}`).toBe(true);
        if (foot && next && atLeft(next)) expect(atLeft(foot), `第 ${n + 2} 页末行：${foot.text}`).toBe(true);
      }
    },
  );

  it.skipIf(noPoppler !== null)(`breaks the title at a meaning unit ${noPoppler ?? ''}`, () => {
    const title = pages[1]!.filter((w) => w.yMax - w.yMin > 26);
    const lines = [...new Set(title.map((w) => Math.round(w.yMin)))].map((y) =>
      title
        .filter((w) => Math.round(w.yMin) === y)
        .map((w) => w.text)
        .join(''),
    );
    expect(lines).toEqual(['2023年度吕仙亭街道办事处整体支出', '绩效自评报告']);
  });

  it.skipIf(noPoppler !== null)(`sets the 附件 list as GB/T 9704 7.3.5 after a blank line ${noPoppler ?? ''}`, () => {
    const lines = report.at(-1)!;
    const at = lines.findIndex((l) => l.text.startsWith('附件：1.'));
    expect(lines[at]!.text).toBe('附件：1.单位整体支出绩效评价基础数据表');
    expect(lines[at]!.slot - lines[at - 1]!.slot).toBe(2);
    expect(Math.abs(lines[at]!.left - (MARGINS.left + 2 * CELL))).toBeLessThan(1);
    const one = pages[listPage]!.find((w) => w.text.startsWith('1.') || w.text === '附件：1.');
    for (const [k, line] of lines.slice(at + 1, at + 6).entries()) {
      expect(line.text).toMatch(new RegExp(`^${k + 2}\\.`));
      // 「2.」 under 「1.」: five characters in.
      expect(Math.abs(line.left - (MARGINS.left + 5 * CELL)), line.text).toBeLessThan(1);
    }
    expect(one).toBeDefined();
  });

  it.skipIf(noPoppler !== null)(`puts the page number's 一字线 7 mm under the text block ${noPoppler ?? ''}`, () => {
    for (const words of pages.slice(1, 4)) {
      const dash = words.find((w) => w.text.startsWith('—') && w.yMin > BODY_BOTTOM);
      expect(dash).toBeDefined();
      expect(Math.abs((dash!.yMin + dash!.yMax) / 2 - BODY_BOTTOM - mm(7))).toBeLessThan(mm(1));
    }
  });

  it('has a bookmark per section and per 附件, and names its fonts in its properties', async () => {
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const pdf = await getDocument({ data: bytes.slice(), useSystemFonts: false, isEvalSupported: false }).promise;
    const outline = await pdf.getOutline();
    const titles = outline.map((item) => item.title);
    expect(titles[0]).toBe(pkg.report.cover.title);
    expect(outline[0]!.items.map((item) => item.title)).toEqual(pkg.report.sections.map((s) => s.heading));
    const annexes = attachments(pkg, compute(pkg));
    expect(titles.slice(1)).toEqual(annexes.map((a) => `${a.label}\u3000${a.title}`));
    const { info } = (await pdf.getMetadata()) as { info: { Custom?: Record<string, string> } };
    expect(info.Custom?.Fonts).toBe(describeFonts(findFonts()));
    await pdf.destroy();
  });
});

describe('fonts', () => {
  it('are the bundled ones where no font folder has better', () => {
    const empty = mkdtempSync(join(tmpdir(), 'jixiao-no-fonts-'));
    const fonts = findFonts([empty]);
    for (const role of FONT_ROLES) expect(fonts[role]).toEqual(bundledFont(role));
    expect(describeFonts(fonts)).toBe(
      '仿宋：Noto Serif SC（代用）；小标宋：Noto Serif SC Bold（代用）；黑体：Noto Sans SC Medium（代用）；楷体：Noto Serif SC Bold（代用）',
    );
  });

  const noKai =
    missing('fc-list') ??
    (spawnSync('sh', ['-c', 'fc-list | grep -i -E "wenkai|gkai"']).status === 0
      ? null
      : '（未装 fonts-lxgw-wenkai / fonts-arphic-gkai00mp）');
  it.skipIf(noKai !== null)(`take 楷体 from LXGW WenKai or AR PL KaitiM when installed ${noKai ?? ''}`, () => {
    expect(findFonts(['/usr/share/fonts']).kai.name).toMatch(/LXGW WenKai|AR PL KaitiM/);
    expect(findFonts(['/usr/share/fonts/truetype/arphic-gkai00mp']).kai.name).toMatch(/AR PL KaitiM/);
  });

  it('prefer the official fonts in JIXIAO_FONT_DIR-style folders, by their file names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-fonts-'));
    const body = bundledFont('body').path;
    for (const name of ['simfang.ttf', 'SIMHEI.TTF']) spawnSync('ln', ['-s', body, join(dir, name)]);
    const fonts = findFonts([dir]);
    expect(fonts.body).toMatchObject({ name: '仿宋', source: 'official' });
    expect(fonts.heading).toMatchObject({ name: '黑体', source: 'official' });
    expect(fonts.title.source).toBe('bundled');
  });

  const noPdffonts = missing('pdffonts');
  it.skipIf(noPdffonts !== null)(`embed the bundled fonts alone when the machine has none ${noPdffonts ?? ''}`, async () => {
    const pkg = example();
    const fonts = findFonts([mkdtempSync(join(tmpdir(), 'jixiao-no-fonts-'))]);
    const file = save(workDir(), 'bundled.pdf', await pdfDocument(pkg, pkg.report, attachments(pkg, compute(pkg)), fonts));
    const names = spawnSync('pdffonts', [file], { encoding: 'utf8' }).stdout.split('\n').slice(2).filter(Boolean);
    // 小标宋 and 楷体 share Noto Serif SC Bold: one font in the file.
    expect(names.map((line) => line.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual([
      'NotoSansSC-Medium',
      'NotoSerifSC-Bold',
      'NotoSerifSC-Regular',
    ]);
  });
});

describe('an installed font without a character', () => {
  const latin = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
  const absent = missing('pdffonts', 'pdftotext') ?? (existsSync(latin) ? null : `（缺少 ${latin}）`);
  it.skipIf(absent !== null)(`gives way to the bundled font for that character ${absent ?? ''}`, async () => {
    // A 仿宋 with no Chinese at all: every ideograph of the body comes from the bundled font.
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-fonts-'));
    spawnSync('ln', ['-s', latin, join(dir, 'simfang.ttf')]);
    const pkg = example();
    const fonts = findFonts([dir]);
    expect(fonts.body.source).toBe('official');
    const file = save(workDir(), 'fallback.pdf', await pdfDocument(pkg, pkg.report, attachments(pkg, compute(pkg)), fonts));
    const names = spawnSync('pdffonts', [file], { encoding: 'utf8' }).stdout;
    expect(names).toMatch(/\+DejaVuSans /);
    expect(names).toMatch(/\+NotoSerifSC-Regular /);
    const text = spawnSync('pdftotext', ['-f', '2', '-l', '2', file, '-'], { encoding: 'utf8' }).stdout.replace(/\s/g, '');
    expect(text).toContain('落实基层党建工作责任制');
  });
});

describe('bodyLines', () => {
  const cell = 10;
  const grid = (firstIndent = 0) => ({
    width: 28 * cell,
    cell,
    size: 10,
    firstIndent,
    indent: 0,
    measure: (text: string) => [...text].length * (/[\x21-\x7e]/.test(text) ? 5 : 10),
  });
  const lay = (text: string, firstIndent = 0) => paragraphLines([{ text, role: 'body' }], grid(firstIndent));

  it('fills 28 cells a line, two in on the first, every line but the last stretched to the edge', () => {
    const lines = lay('字'.repeat(60), 2 * cell);
    expect(lines.map((l) => l.length)).toEqual([26, 28, 6]);
    expect(lines[0]![0]!.x).toBe(2 * cell);
    expect(lines[1]!.at(-1)!.x).toBeCloseTo(27 * cell);
    expect(lines[2]!.at(-1)!.x).toBeCloseTo(5 * cell);
  });

  it('gives half a cell of two adjacent punctuation marks back (clreq), a closing mark first', () => {
    expect(lay('甲。」乙')[0]!.map((p) => p.x / cell)).toEqual([0, 1, 1.5, 2.5]);
    // An opening mark after an opening mark gives up its blank left half: drawn half a cell left.
    expect(lay('甲（「乙')[0]!.map((p) => p.x / cell)).toEqual([0, 1, 1.5, 2.5]);
  });

  it('takes a character and its closing mark in by compressing punctuation, else moves them on', () => {
    const pushedIn = lay(`字，${'字'.repeat(25)}字。后`);
    expect(pushedIn[0]!.map((p) => p.text).join('')).toBe(`字，${'字'.repeat(25)}字。`);
    const pushedOut = lay(`${'字'.repeat(27)}字。后`);
    expect(pushedOut[0]).toHaveLength(27);
    expect(pushedOut[0]!.at(-1)!.x).toBeCloseTo(27 * cell);
    // A number is never broken.
    expect(lay(`${'字'.repeat(27)}2023年`)[1]![0]!.text).toBe('2023');
  });
});

describe('titleLines', () => {
  const measure = (text: string) => [...text].length;
  it('breaks a title between meaning units, never inside a word', () => {
    expect(titleLines('2023年度吕仙亭街道办事处整体支出绩效自评报告', 20, measure)).toEqual([
      '2023年度吕仙亭街道办事处整体支出',
      '绩效自评报告',
    ]);
    expect(
      titleLines('岳阳市岳阳楼区吕仙亭街道办事处2023年度部门整体支出绩效自评报告', 20, measure, ['岳阳市岳阳楼区吕仙亭街道办事处']),
    ).toEqual(['岳阳市岳阳楼区吕仙亭街道办事处', '2023年度部门整体支出绩效自评报告']);
    // A word a segmenter would cut (自评) stays whole even where the line must break early.
    expect(titleLines('关于2023年度单位整体支出绩效自评报告', 15, measure)).toEqual(['关于2023年度单位整体支出', '绩效自评报告']);
    expect(titleLines('短标题', 20, measure)).toEqual(['短标题']);
  });
});

describe('the report in the DOCX', async () => {
  const pkg = example();
  const bytes = await renderDocx(pkg);
  const xml = await docxXml(bytes);

  it('declares the 28 × 22 grid and sets report text to fill it', async () => {
    expect(xml).toMatch(/<w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-848"\/><\/w:sectPr><\/w:body>/);
    const styles = await docxXml(bytes, 'word/styles.xml');
    expect(styles).toMatch(/w:styleId="Body">[\s\S]*?<w:spacing w:val="-8"\/>/);
  });

  it('narrows the title so that Word breaks it where the PDF does, its text one run', () => {
    const titles = [...xml.matchAll(/<w:pStyle w:val="DocTitle"\/>(.*?)<\/w:pPr>(.*?)<\/w:p>/g)];
    expect(titles).toHaveLength(2);
    for (const [, pPr, runs] of titles) {
      // 16.25 em of 二号 on the first line, 0.9 em to spare: (20.1 − 17.15) × 440 / 2 twips each side.
      expect(pPr).toContain('<w:ind w:left="649" w:right="649"/>');
      expect(runs).not.toContain('<w:br/>');
    }
  });

  const noOffice = missing('soffice', 'pdftotext');
  it.skipIf(noOffice !== null)(`reads the same in LibreOffice: title lines, 28 characters a line, the 附件 list ${noOffice ?? ''}`, () => {
    const dir = workDir();
    const pdf = libreOfficeConvert(save(dir, 'seed.docx', bytes), 'pdf', dir);
    const lines = spawnSync('pdftotext', ['-layout', '-f', '2', '-l', '12', pdf, '-'], { encoding: 'utf8' })
      .stdout.split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    expect(lines.slice(0, 2)).toEqual(['2023 年度吕仙亭街道办事处整体支出', '绩效自评报告']);
    const plain = lines.filter((line) => !/[\x21-\x7e“”‘’\s]/.test(line));
    expect(plain.filter((line) => [...line].length === 28).length).toBeGreaterThan(50);
    expect(plain.every((line) => [...line].length <= 29)).toBe(true);
    const list = lines.findIndex((line) => line.startsWith('附件：'));
    expect(lines.slice(list, list + 2)).toEqual(['附件：1. 单位整体支出绩效评价基础数据表', '2. 单位整体支出绩效自评表']);
  });

  it('writes the 附件 list as GB/T 9704 7.3.5, later items under the first', () => {
    const paragraphs = docxParagraphs(xml);
    const at = paragraphs.indexOf('附件：1. 单位整体支出绩效评价基础数据表');
    expect(paragraphs.slice(at, at + 3)).toEqual([
      '附件：1. 单位整体支出绩效评价基础数据表',
      '2. 单位整体支出绩效自评表',
      '3. 项目支出绩效自评表（每个一级项目一张表）',
    ]);
    const items = [...xml.matchAll(/<w:p><w:pPr><w:pStyle w:val="AttachmentList"\/>(.*?)<\/w:pPr>/g)].map((m) => m[1]);
    expect(items[0]).toBe('<w:spacing w:before="579"/><w:ind w:leftChars="600" w:left="1896" w:hangingChars="400" w:hanging="1264"/>');
    expect(items[1]).toBe('<w:ind w:leftChars="600" w:left="1896" w:hangingChars="100" w:hanging="316"/>');
  });
});
