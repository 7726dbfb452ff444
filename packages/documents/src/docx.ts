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

function runs(text: string, options: IRunOptions = {}): TextRun[] {
  // A line break inside a text field stays a line break in the same paragraph.
  return text.split('\n').map((line, i) => new TextRun({ ...options, text: line, break: i === 0 ? 0 : 1 }));
}

/**
 * Fonts, sizes and spacing live in paragraph styles, so that each run carries only its text: the
 * document is smaller, and Word/WPS users restyle it the usual way.
 */
const STYLES = [
  { id: 'Body', name: 'Body Text', run: { font: FONTS.fangsong, size: SIZE.san }, paragraph: { spacing: LINE, indent: { firstLine: INDENT_2 }, alignment: AlignmentType.JUSTIFIED } },
  ...[1, 2, 3].map((level) => ({
    id: `Heading${level}`,
    name: `Heading ${level}`,
    run: { font: level === 1 ? FONTS.hei : level === 2 ? FONTS.kai : FONTS.fangsong, size: SIZE.san, bold: false, color: '000000' },
    paragraph: { spacing: LINE, indent: { firstLine: INDENT_2 }, keepNext: true },
  })),
  { id: 'DocTitle', name: 'Document Title', run: { font: FONTS.title, size: SIZE.er }, paragraph: { alignment: AlignmentType.CENTER, spacing: { line: 700, lineRule: LineRuleType.EXACT } } },
  { id: 'CoverLine', name: 'Cover Line', run: { font: FONTS.fangsong, size: SIZE.san }, paragraph: { alignment: AlignmentType.CENTER, spacing: LINE } },
  { id: 'AnnexLabel', name: 'Annex Label', run: { font: FONTS.hei, size: SIZE.san }, paragraph: { pageBreakBefore: true } },
  { id: 'AnnexTitle', name: 'Annex Title', run: { font: FONTS.title, size: SIZE.xiaoEr }, paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 120, after: 240 } } },
  { id: 'TableText', name: 'Table Text', run: { font: FONTS.fangsong, size: SIZE.xiaoWu }, paragraph: {} },
  { id: 'TableHeading', name: 'Table Heading', run: { font: FONTS.hei, size: SIZE.xiaoWu }, paragraph: { alignment: AlignmentType.CENTER } },
  { id: 'Note', name: 'Table Note', run: { font: FONTS.fangsong, size: SIZE.xiaoWu }, paragraph: { spacing: { before: 120 } } },
].map((style) => ({ basedOn: 'Normal', next: 'Normal', quickFormat: true, ...style }));

function bodyParagraph(block: Block): Paragraph {
  switch (block.kind) {
    case 'heading1':
      return new Paragraph({ heading: HeadingLevel.HEADING_1, children: runs(block.text) });
    case 'heading2':
      return new Paragraph({ heading: HeadingLevel.HEADING_2, children: runs(block.text) });
    case 'heading3':
      return new Paragraph({ heading: HeadingLevel.HEADING_3, children: runs(block.text) });
    case 'attachmentList':
      return new Paragraph({ style: 'Body', children: runs(block.text) });
    case 'body':
      return new Paragraph({
        style: 'Body',
        children: [...(block.lead ? runs(block.lead, { font: FONTS.kai }) : []), ...runs(block.text)],
      });
  }
}

function cover(report: Report): Paragraph[] {
  return [
    new Paragraph({ style: 'DocTitle', spacing: { before: mm(60) }, children: runs(clean(report.cover.title)) }),
    new Paragraph({ style: 'CoverLine', spacing: { before: mm(110) }, children: runs(`部门（单位）名称：${clean(report.cover.unitName)}（盖章）`) }),
    new Paragraph({ style: 'CoverLine', children: runs(clean(report.cover.date)) }),
  ];
}

function columnWidths(columns: readonly number[]): number[] {
  const total = columns.reduce((a, b) => a + b, 0);
  const widths = columns.map((c) => Math.floor((TEXT_WIDTH * c) / total));
  widths[widths.length - 1] = TEXT_WIDTH - widths.slice(0, -1).reduce((a, b) => a + b, 0);
  return widths;
}

const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT };

function tableCell(cell: GridCell): TableCell {
  const style = cell.header ? 'TableHeading' : 'TableText';
  const alignment = ALIGN[cell.align];
  return new TableCell({
    columnSpan: cell.colSpan,
    rowSpan: cell.rowSpan,
    verticalAlign: VerticalAlignTable.CENTER,
    // Each line of a text field is its own paragraph of the cell (read back joined with "\n").
    children: cell.text.split('\n').map((line) => new Paragraph({ style, alignment, children: [new TextRun(line)] })),
  });
}

function attachmentTable(attachment: Attachment): Table {
  const widths = columnWidths(attachment.columns);
  return new Table({
    margins: { left: 57, right: 57, top: 20, bottom: 20 },
    layout: TableLayoutType.FIXED,
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    // WPS hides a table whose grid columns have no explicit width (RULES.md §7).
    columnWidths: widths,
    rows: attachment.rows.map(
      (row, r) =>
        new TableRow({
          tableHeader: r < attachment.headerRows,
          cantSplit: true,
          children: row.flatMap((cell) => (cell ? [tableCell(cell)] : [])),
        }),
    ),
  });
}

function attachmentSection(attachment: Attachment): (Paragraph | Table)[] {
  return [
    new Paragraph({ style: 'AnnexLabel', children: runs(attachment.label) }),
    new Paragraph({ style: 'AnnexTitle', children: runs(attachment.title) }),
    attachmentTable(attachment),
    ...attachment.notes.map((note) => new Paragraph({ style: 'Note', children: runs(note) })),
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
  const title = new Paragraph({ style: 'DocTitle', spacing: { after: 579 }, children: runs(clean(report.cover.title)) });
  const body = [title, ...reportBlocks(report).map(bodyParagraph)];
  const annexes = tables.flatMap(attachmentSection);
  const signature = new Paragraph({ style: 'Note', children: runs(signatureLine(pkg)) });
  const doc = new Document({
    creator: 'jixiao',
    title: clean(report.cover.title),
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: { document: { run: { font: FONTS.fangsong, size: SIZE.san } } },
      paragraphStyles: STYLES,
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
