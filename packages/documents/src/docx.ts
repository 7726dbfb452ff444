/**
 * The whole package as one Word document in GB/T 9704 layout: cover, 自评报告, 附件1–6, signature.
 * Official fonts are named for East Asian text (Word/WPS use them where installed) and never shipped.
 */
import {
  AlignmentType,
  Document,
  Footer,
  HeadingLevel,
  type IRunOptions,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  type ParagraphChild,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import type { Package, Report } from '@jixiao/core';
import { type Block, reportBlocks } from './blocks.js';
import { type Attachment, type GridCell, signatureLine } from './tables.js';
import { clean } from './text.js';

const LATIN = 'Times New Roman';
const FONTS = {
  fangsong: { eastAsia: '仿宋_GB2312', ascii: LATIN, hAnsi: LATIN },
  hei: { eastAsia: '黑体', ascii: LATIN, hAnsi: LATIN },
  kai: { eastAsia: '楷体_GB2312', ascii: LATIN, hAnsi: LATIN },
  title: { eastAsia: '方正小标宋简体', ascii: LATIN, hAnsi: LATIN },
  song: { eastAsia: '宋体', ascii: LATIN, hAnsi: LATIN },
};

/** Half-points: 三号 16 pt, 二号 22 pt, 小二 18 pt, 四号 14 pt, 小五 9 pt (table text). */
const SIZE = { san: 32, er: 44, xiaoEr: 36, si: 28, xiaoWu: 18 };
const TWIPS_PER_MM = 1440 / 25.4;
const mm = (value: number) => Math.round(value * TWIPS_PER_MM);
/** 22 lines on a 225 mm text block: 28.95 pt line pitch. */
const LINE = { line: Math.round(28.95 * 20), lineRule: LineRuleType.EXACT };
/** Two characters of 三号 text. */
const INDENT_2 = 640;
const TEXT_WIDTH = mm(156);

function runs(text: string, options: IRunOptions): TextRun[] {
  // A line break inside a text field stays a line break in the same paragraph.
  return text.split('\n').map((line, i) => new TextRun({ ...options, text: line, break: i === 0 ? 0 : 1 }));
}

function bodyParagraph(block: Block): Paragraph {
  const base = { spacing: LINE, indent: { firstLine: INDENT_2 }, alignment: AlignmentType.JUSTIFIED };
  const body = { font: FONTS.fangsong, size: SIZE.san };
  switch (block.kind) {
    case 'heading1':
      return new Paragraph({ ...base, heading: HeadingLevel.HEADING_1, keepNext: true, children: runs(block.text, { font: FONTS.hei, size: SIZE.san }) });
    case 'heading2':
      return new Paragraph({ ...base, heading: HeadingLevel.HEADING_2, keepNext: true, children: runs(block.text, { font: FONTS.kai, size: SIZE.san }) });
    case 'heading3':
      return new Paragraph({ ...base, heading: HeadingLevel.HEADING_3, keepNext: true, children: runs(block.text, body) });
    case 'attachmentList':
      return new Paragraph({ ...base, children: runs(block.text, body) });
    case 'body':
      return new Paragraph({
        ...base,
        children: [...(block.lead ? runs(block.lead, { font: FONTS.kai, size: SIZE.san }) : []), ...runs(block.text, body)],
      });
  }
}

function cover(report: Report): Paragraph[] {
  const centred = { alignment: AlignmentType.CENTER };
  return [
    new Paragraph({ ...centred, spacing: { before: mm(60), line: 700, lineRule: LineRuleType.EXACT }, children: runs(clean(report.cover.title), { font: FONTS.title, size: SIZE.er }) }),
    new Paragraph({
      ...centred,
      spacing: { before: mm(110), ...LINE },
      children: runs(`部门（单位）名称：${clean(report.cover.unitName)}（盖章）`, { font: FONTS.fangsong, size: SIZE.san }),
    }),
    new Paragraph({ ...centred, spacing: LINE, children: runs(clean(report.cover.date), { font: FONTS.fangsong, size: SIZE.san }) }),
  ];
}

function columnWidths(columns: readonly number[]): number[] {
  const total = columns.reduce((a, b) => a + b, 0);
  const widths = columns.map((c) => Math.floor((TEXT_WIDTH * c) / total));
  widths[widths.length - 1] = TEXT_WIDTH - widths.slice(0, -1).reduce((a, b) => a + b, 0);
  return widths;
}

const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT };

function tableCell(cell: GridCell, width: number): TableCell {
  const font = cell.header ? FONTS.hei : FONTS.fangsong;
  const lines = cell.text.split('\n');
  return new TableCell({
    columnSpan: cell.colSpan,
    rowSpan: cell.rowSpan,
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlignTable.CENTER,
    margins: { left: 57, right: 57, top: 20, bottom: 20 },
    // Each line of a text field is its own paragraph of the cell (read back joined with "\n").
    children: lines.map(
      (line) => new Paragraph({ alignment: ALIGN[cell.align], children: [new TextRun({ text: line, font, size: SIZE.xiaoWu })] }),
    ),
  });
}

function attachmentTable(attachment: Attachment): Table {
  const widths = columnWidths(attachment.columns);
  const spanWidth = (start: number, span: number) => widths.slice(start, start + span).reduce((a, b) => a + b, 0);
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    // WPS hides a table whose grid columns have no explicit width (RULES.md §7).
    columnWidths: widths,
    rows: attachment.rows.map(
      (row, r) =>
        new TableRow({
          tableHeader: r < attachment.headerRows,
          cantSplit: true,
          children: row.flatMap((cell, c) => (cell ? [tableCell(cell, spanWidth(c, cell.colSpan))] : [])),
        }),
    ),
  });
}

function attachmentSection(attachment: Attachment): (Paragraph | Table)[] {
  return [
    new Paragraph({ pageBreakBefore: true, children: runs(attachment.label, { font: FONTS.hei, size: SIZE.san }) }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 120, after: 240 },
      children: runs(attachment.title, { font: FONTS.title, size: SIZE.xiaoEr }),
    }),
    attachmentTable(attachment),
    ...attachment.notes.map((note) => new Paragraph({ spacing: { before: 120 }, children: runs(note, { font: FONTS.fangsong, size: SIZE.xiaoWu }) })),
  ];
}

/** "— 1 —" in 四号 宋体, one character in from the right edge on odd pages, from the left on even. */
function pageNumberFooter(side: 'odd' | 'even'): Footer {
  const children: ParagraphChild[] = [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: FONTS.song, size: SIZE.si })];
  return new Footer({
    children: [
      new Paragraph(
        side === 'odd'
          ? { alignment: AlignmentType.RIGHT, indent: { right: 280 }, children }
          : { alignment: AlignmentType.LEFT, indent: { left: 280 }, children },
      ),
    ],
  });
}

const PAGE = {
  size: { width: mm(210), height: mm(297) },
  margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26), footer: mm(20), header: mm(15) },
};

export async function docxDocument(pkg: Package, report: Report, tables: readonly Attachment[]): Promise<Uint8Array> {
  const title = new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { after: 579, line: 700, lineRule: LineRuleType.EXACT },
    children: runs(clean(report.cover.title), { font: FONTS.title, size: SIZE.er }),
  });
  const body = [title, ...reportBlocks(report).map(bodyParagraph)];
  const annexes = tables.flatMap(attachmentSection);
  const signature = new Paragraph({ spacing: { before: 240 }, children: runs(signatureLine(pkg), { font: FONTS.fangsong, size: SIZE.xiaoWu }) });
  const doc = new Document({
    creator: 'jixiao',
    title: clean(report.cover.title),
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: { document: { run: { font: FONTS.fangsong, size: SIZE.san } } },
      paragraphStyles: [1, 2, 3].map((level) => ({
        id: `Heading${level}`,
        name: `Heading ${level}`,
        basedOn: 'Normal',
        next: 'Normal',
        quickFormat: true,
        run: { font: level === 1 ? FONTS.hei : level === 2 ? FONTS.kai : FONTS.fangsong, size: SIZE.san, bold: false, color: '000000' },
        paragraph: { spacing: LINE },
      })),
    },
    sections: [
      { properties: { page: PAGE }, children: cover(report) },
      {
        properties: { page: { ...PAGE, pageNumbers: { start: 1 } } },
        footers: { default: pageNumberFooter('odd'), even: pageNumberFooter('even') },
        children: [...body, ...annexes, signature],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
