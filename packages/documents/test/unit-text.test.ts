/**
 * The unit's words are the unit's: rendering the seed keeps every sentence of its report, in order, in
 * the DOCX and in the PDF, and prints nothing drafted from the tables that the unit has not accepted.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPORT_FORM, acceptAll, compute, draftProposals, parseNumbering, renumberedReport, sentences, type Package } from '@jixiao/core';
import { renderDocx, renderPdf } from '../src/index.js';
import { SEED, docxParagraphs, docxXml, example, missing, pdfText, save, workDir } from './helpers.js';

const THREE_PUBLIC_REASON = '主要原因是2023年较2022年减少了疫情防控全民核酸检测加班用餐支出。';
/** The 附件1 line name as the seed's table misprints it; the unit's report writes 其他城管环卫资金. */
const TABLE_TYPO = '其城管环卫资金';

/** Text compared without spacing and line breaks, which layout adds and the seed's text has at will. */
const bare = (text: string) => text.replace(/\s+/g, '');

/**
 * Sections 一–十 of the seed's report as published, headings included. The 附件 list after them is
 * laid out per GB/T 9704 7.3.5 (its numbering and alignment are layout), so it is not compared here.
 */
function seedSectionLines(): string[] {
  const lines = readFileSync(SEED, 'utf8').split('\n');
  const first = lines.findIndex((line) => /^\s*1、\s*单位基本情况/.test(line));
  const list = lines.findIndex((line) => REPORT_FORM.attachments.pattern.test(line.trim()));
  return lines.slice(first, list).filter((line) => line.trim() !== '');
}

/** The sentences of lines, spacing dropped. */
const sentencesOf = (lines: string[]) => lines.flatMap((line) => sentences(line).map(bare)).filter((s) => s !== '');

/** The sentences not found in the text in their order, and where the last one found ends. */
function inOrder(text: string, wanted: string[]): { missing: string[]; end: number } {
  const missing: string[] = [];
  let at = 0;
  for (const sentence of wanted) {
    const found = text.indexOf(sentence, at);
    if (found === -1) missing.push(sentence);
    else at = found + sentence.length;
  }
  return { missing, end: at };
}

async function docxText(pkg: Package): Promise<string> {
  return bare(docxParagraphs(await docxXml(await renderDocx(pkg))).join(''));
}

/** The PDF's text without its page numbers ("— 3 —"), which fall between the lines of a sentence across pages. */
async function pdfBodyText(pkg: Package): Promise<string> {
  const file = save(workDir(), 'report.pdf', await renderPdf(pkg));
  return bare(pdfText(file).replace(/^\s*—\s*\d+\s*—\s*$/gm, ''));
}

const noSeed = existsSync(SEED) ? null : `缺少种子文件 ${SEED}`;
const noPoppler = missing('pdftotext');

describe.skipIf(noSeed !== null)(`the seed's report, rendered ${noSeed ?? ''}`, () => {
  const seed = sentencesOf(seedSectionLines());

  it('is read as the tests need it: the 三公 reason and the unit’s correct project name are in it', () => {
    expect(seed.length).toBeGreaterThan(100);
    expect(seed.some((s) => s.endsWith(THREE_PUBLIC_REASON))).toBe(true);
    expect(seed.some((s) => s.includes('其他城管环卫资金17.82万元'))).toBe(true);
  });

  it('DOCX: every sentence of sections 一–十, in order, verbatim', async () => {
    const text = await docxText(example());
    expect(inOrder(text, seed).missing).toEqual([]);
    expect(text).toContain(THREE_PUBLIC_REASON);
    // Paragraphs outside the tables: the table's typo is the table's, not the unit's text.
    expect(text).not.toContain(TABLE_TYPO);
  });

  it.skipIf(noPoppler !== null)(`PDF: every sentence of sections 一–十, in order, verbatim ${noPoppler ?? ''}`, async () => {
    const text = await pdfBodyText(example());
    const { missing: lost, end } = inOrder(text, seed);
    expect(lost).toEqual([]);
    const report = text.slice(0, end);
    expect(report).toContain(THREE_PUBLIC_REASON);
    expect(report).not.toContain(TABLE_TYPO);
  });

  it('prints no drafted sentence the unit has not accepted, and the drafted text once accepted', async () => {
    const pkg = example();
    const drafted = bare('本单位2023年度的基本支出为1409.62万元。');
    expect(await docxText(pkg)).not.toContain(drafted);
    const general = draftProposals(pkg, compute(pkg))[0]!;
    const accepted = { ...pkg, report: acceptAll(pkg.report, general) };
    expect(await docxText(accepted)).toContain(drafted);
  });

  it.skipIf(noPoppler !== null)(
    `keeps every sentence when the unit accepted the numbering fix, markers aside ${noPoppler ?? ''}`,
    async () => {
      const pkg = example();
      const fixed = { ...pkg, report: renumberedReport(pkg.report) };
      const unnumbered = sentencesOf(seedSectionLines().map((line) => parseNumbering(line)?.rest ?? line));
      for (const text of [await docxText(fixed), await pdfBodyText(fixed)]) {
        expect(inOrder(text, unnumbered).missing).toEqual([]);
        expect(text).toContain(bare('一、单位基本情况'));
        expect(text).toContain(bare('（二）项目支出情况'));
      }
    },
  );

  it("prints a section's explanation after its paragraphs, one paragraph a line", async () => {
    const pkg = example();
    pkg.report.sections[1]!.explanation = `三公经费变动原因：${THREE_PUBLIC_REASON}\n其他说明：无。`;
    const paragraphs = docxParagraphs(await docxXml(await renderDocx(pkg)));
    const last = pkg.report.sections[1]!.paragraphs.at(-1)!;
    const at = paragraphs.indexOf(last);
    expect(paragraphs.slice(at + 1, at + 4)).toEqual([
      `三公经费变动原因：${THREE_PUBLIC_REASON}`,
      '其他说明：无。',
      pkg.report.sections[2]!.heading,
    ]);
  });
});
