/**
 * The whole package as one Word document in GB/T 9704 layout: cover, 自评报告, 附件1–6, signature.
 * Official fonts are named for East Asian text (Word/WPS use them where installed) and never shipped.
 *
 * WordprocessingML is written directly: the document has a fixed, small vocabulary (styled
 * paragraphs, tables with merged cells, two footers), and writing it as text is about ten times
 * faster than building it through a general document object model.
 */
import type { Package, Report } from '@jixiao/core';
import { type Block, reportBlocks } from './blocks.js';
import { owners } from './grid.js';
import { type Attachment, type GridCell, type GridRow, isSigned, leadingRows, signatureLine } from './tables.js';
import { clean, coverUnitLine } from './text.js';
import { titleLines } from './title-lines.js';
import { CELL_PADDING, HEADING_MARGIN, headingLines, lineCount } from './widths.js';
import { zip } from './zip.js';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const LATIN = 'Times New Roman';
const FONT = { fangsong: '仿宋_GB2312', hei: '黑体', kai: '楷体_GB2312', title: '方正小标宋简体', song: '宋体' };
/** Half-points: 三号 16 pt, 二号 22 pt, 小二 18 pt, 四号 14 pt, 小五 9 pt (table text). */
const SIZE = { san: 32, er: 44, xiaoEr: 36, si: 28, xiaoWu: 18 };
const TWIPS_PER_MM = 1440 / 25.4;
const mm = (value: number) => Math.round(value * TWIPS_PER_MM);
/** 22 lines on a 225 mm text block: 28.95 pt exact line pitch. */
const LINE = Math.round(28.95 * 20);
const TEXT_WIDTH = mm(156);
/**
 * The GB/T 9704 grid: 22 lines of 28 characters. Word's character pitch is the default font size
 * (三号, 16 pt) plus charSpace in 1/4096 pt; 28 三号 characters are a little wider than 156 mm, so
 * the pitch is made 156 mm / 28.
 */
const CHAR_SPACE = Math.round((TEXT_WIDTH / 20 / 28 - 16) * 4096);
const DOC_GRID = `<w:docGrid w:type="linesAndChars" w:linePitch="${LINE}" w:charSpace="${CHAR_SPACE}"/>`;
/** One grid character, in twips. */
const CHAR = Math.round(TEXT_WIDTH / 28);
/** Two characters of 三号 text. */
const INDENT_2 = 2 * CHAR;

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const fonts = (eastAsia: string) => `<w:rFonts w:ascii="${LATIN}" w:eastAsia="${eastAsia}" w:hAnsi="${LATIN}" w:cs="${LATIN}"/>`;

/** A run of text; a line break inside a text field stays a line break in the same paragraph. */
function run(text: string, rPr = ''): string {
  const parts = text.split('\n').map((line) => `<w:t xml:space="preserve">${escape(line)}</w:t>`);
  return `<w:r>${rPr ? `<w:rPr>${rPr}</w:rPr>` : ''}${parts.join('<w:br/>')}</w:r>`;
}

function paragraph(style: string, content: string, extra = ''): string {
  return `<w:p><w:pPr><w:pStyle w:val="${style}"/>${extra}</w:pPr>${content}</w:p>`;
}

function bodyParagraph(block: Block): string {
  switch (block.kind) {
    case 'heading1':
      return paragraph('Heading1', run(block.text));
    case 'heading2':
      return paragraph('Heading2', run(block.text));
    case 'heading3':
      return paragraph('Heading3', run(block.text));
    case 'attachmentList':
      return attachmentListItem(block);
    case 'body':
      return paragraph('Body', (block.lead ? run(block.lead, fonts(FONT.kai)) : '') + (block.text ? run(block.text) : ''));
  }
}

/**
 * A line of the 附件 list (GB/T 9704 7.3.5): a blank line before the list, 「附件：1. 名称」 two
 * characters in, later items with 「2.」 under 「1.」, a long name's next lines under its first
 * character (附件： is three characters, 「1. 」 in Times New Roman one).
 */
function attachmentListItem(block: Block): string {
  const first = block.lead !== '';
  const hanging = first ? 4 : 1;
  const ind = `<w:ind w:leftChars="600" w:left="${6 * CHAR}" w:hangingChars="${hanging * 100}" w:hanging="${hanging * CHAR}"/>`;
  return paragraph('AttachmentList', run(block.lead + block.text), first ? `<w:spacing w:before="${LINE}"/>${ind}` : ind);
}

function columnWidths(columns: readonly number[]): number[] {
  const total = columns.reduce((a, b) => a + b, 0);
  const widths = columns.map((c) => Math.floor((TEXT_WIDTH * c) / total));
  widths[widths.length - 1] = TEXT_WIDTH - widths.slice(0, -1).reduce((a, b) => a + b, 0);
  return widths;
}

const JC = { left: 'left', center: 'center', right: 'right' } as const;

function cellProperties(width: number, span: number, merge: '' | 'restart' | 'continue'): string {
  const gridSpan = span > 1 ? `<w:gridSpan w:val="${span}"/>` : '';
  const vMerge = merge === 'restart' ? '<w:vMerge w:val="restart"/>' : merge === 'continue' ? '<w:vMerge/>' : '';
  return `<w:tcPr><w:tcW w:w="${width}" w:type="dxa"/>${gridSpan}${vMerge}<w:vAlign w:val="center"/></w:tcPr>`;
}

/** Characters of heading text (9 pt) a cell of `width` twips holds, less the margin the widths gave headings. */
const headingCharacters = (width: number) => width / 20 / 9 - CELL_PADDING - HEADING_MARGIN;

function tableCell(cell: GridCell, width: number, keep: string): string {
  const style = cell.header ? 'TableHeading' : 'TableText';
  const jc = `${keep}<w:jc w:val="${JC[cell.align]}"/>`;
  // Each line of a text field is its own paragraph of the cell (read back joined with "\n"); a
  // heading's lines are broken between words here, as line breaks inside its paragraph.
  const paragraphs = cell.text
    .split('\n')
    .map((line) =>
      paragraph(style, line === '' ? '' : run(cell.header ? headingLines(line, headingCharacters(width)).join('\n') : line), jc),
    )
    .join('');
  return `<w:tc>${cellProperties(width, cell.colSpan, cell.rowSpan > 1 ? 'restart' : '')}${paragraphs}</w:tc>`;
}

const BORDER =
  '<w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/>';

/** Longest vertical merge kept on one page; a longer one (the 绩效指标 block) may break. */
const KEEP_ROWS = 15;

/**
 * Rows kept with the row after them: every row of a vertically merged label (一级/二级指标,
 * 年度总体目标 …) but its last. Word shows a merged cell's text once, where it starts, so a label
 * whose rows ran onto a new page would leave them unlabelled there; kept together, they move to
 * the new page whole (the PDF repeats the label instead).
 */
function keptRows(attachment: Attachment): Set<number> {
  const kept = new Set<number>();
  attachment.rows.forEach((row, r) =>
    row.forEach((cell) => {
      if (!cell || cell.rowSpan < 2 || cell.rowSpan > KEEP_ROWS) return;
      for (let k = r; k < r + cell.rowSpan - 1; k++) kept.add(k);
    }),
  );
  return kept;
}

/**
 * Lines of table text a page holds under the 附件 title and the repeated header rows, about (the
 * 225 mm text block at about 12 pt a line, less a quarter). A row taller than that is allowed to
 * split: LibreOffice cuts the text off a `cantSplit` row taller than a page (Word splits it anyway).
 */
const PAGE_ROW_LINES = 40;

/** Whether a row fits on a page: its tallest one-row cell in lines at its width. */
function fitsOnPage(row: GridRow, spanWidth: (start: number, span: number) => number): boolean {
  return row.every(
    (cell, c) => !cell || cell.rowSpan > 1 || lineCount(cell.text, spanWidth(c, cell.colSpan) / 20 / 9 - CELL_PADDING) <= PAGE_ROW_LINES,
  );
}

function attachmentTable(attachment: Attachment): string {
  const widths = columnWidths(attachment.columns);
  const spanWidth = (start: number, span: number) => widths.slice(start, start + span).reduce((a, b) => a + b, 0);
  const owner = owners(attachment.rows);
  const headings = attachment.innerHeadings ?? [];
  const leading = leadingRows(attachment);
  const inner = new Set(headings.map((heading) => heading.row));
  const kept = keptRows(attachment);
  const rows = attachment.rows.map((row, r) => {
    const keep = kept.has(r) ? '<w:keepNext/>' : '';
    let cells = '';
    row.forEach((cell, c) => {
      if (cell) {
        cells += tableCell(cell, spanWidth(c, cell.colSpan), keep);
        return;
      }
      // A position under a vertically merged cell gets an empty continuation cell, once per merge.
      const own = owner[r]?.[c];
      const merged = own ? attachment.rows[own.row]?.[own.col] : null;
      if (own && merged && own.row < r && own.col === c) {
        cells += `<w:tc>${cellProperties(spanWidth(c, merged.colSpan), merged.colSpan, 'continue')}<w:p>${keep ? `<w:pPr>${keep}</w:pPr>` : ''}</w:p></w:tc>`;
      }
    });
    const header = r < leading || inner.has(r) ? '<w:tblHeader/>' : '';
    const whole = fitsOnPage(row, spanWidth) ? '<w:cantSplit/>' : '';
    return `<w:tr><w:trPr>${whole}${header}</w:trPr>${cells}</w:tr>`;
  });
  // WPS hides a table whose grid columns have no explicit width (docs/domain.md §10).
  const grid = widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('');
  const table = (part: string[]) =>
    `<w:tbl><w:tblPr><w:tblW w:w="${TEXT_WIDTH}" w:type="dxa"/><w:tblBorders>${BORDER}</w:tblBorders>` +
    '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="20" w:type="dxa"/><w:left w:w="57" w:type="dxa"/>' +
    `<w:bottom w:w="20" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>${grid}</w:tblGrid>` +
    `${part.join('')}</w:tbl>`;
  // Word repeats a table's leading rows only: the rows an inner heading heads (the 绩效指标 column
  // headings) are a table of their own, so that its heading row repeats over them, and the rows after
  // them another, so that it repeats over nothing else; each is kept to the table above by a hairline
  // paragraph (two tables with nothing between would merge into one). A heading right under the
  // header rows (附件1's year columns) is one of the leading rows.
  const cuts = headings
    .flatMap((heading) => [heading.row === attachment.headerRows ? 0 : heading.row, heading.through + 1])
    .filter((row) => row > 0 && row < rows.length);
  const starts = [...new Set([0, ...cuts])].sort((a, b) => a - b).concat(rows.length);
  return starts
    .slice(0, -1)
    .map((start, i) => table(rows.slice(start, starts[i + 1])))
    .join(HAIRLINE);
}

const HAIRLINE =
  '<w:p><w:pPr><w:keepNext/><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>';

function attachmentSection(attachment: Attachment): string {
  return (
    paragraph('AnnexLabel', run(attachment.label)) +
    paragraph('AnnexTitle', run(attachment.title)) +
    attachmentTable(attachment) +
    attachment.notes.map((note) => paragraph('Note', run(note))).join('')
  );
}

/**
 * Footer distance from the page's lower edge to the foot of the page-number line (exact 14 pt):
 * the 一字线, about 2.5 mm under the line's top, falls 7 mm under the text block, i.e. 28 mm over
 * the page's lower edge (GB/T 9704 7.5).
 */
const FOOTER = mm(28 + 2.5 - (SIZE.si / 2) * (25.4 / 72));
const PAGE =
  `<w:pgSz w:w="${mm(210)}" w:h="${mm(297)}"/>` +
  `<w:pgMar w:top="${mm(37)}" w:right="${mm(26)}" w:bottom="${mm(35)}" w:left="${mm(28)}" w:header="${mm(15)}" w:footer="${FOOTER}" w:gutter="0"/>`;

/** Width of a text in ems as the official fonts set it: full-width 1, Times New Roman figures and letters 1/2, a space 1/4. */
const officialEm = (text: string) => [...text].reduce((w, ch) => w + (ch === ' ' ? 0.25 : ch.charCodeAt(0) < 0x7f ? 0.5 : 1), 0);

/**
 * The document title, centred, its lines broken where title-lines.ts breaks them. The text stays
 * one run without line breaks (what an importer reads back): the paragraph is narrowed by equal
 * indents so that Word's own line breaking ends each line there, when one width does that for all
 * lines (it must hold the longest line but not the next line's first character as well).
 */
function titleParagraph(title: string, unitName: string, spacing: string): string {
  const capacity = TEXT_WIDTH / (SIZE.er * 10);
  const lines = titleLines(title, capacity, officialEm, [clean(unitName)]);
  // Room for the longest line and 0.9 em more: other fonts' figures are up to that much wider.
  const width = Math.max(...lines.map(officialEm)) + 0.9;
  const holds = lines.every(
    (line, i) => i === lines.length - 1 || officialEm(line) + officialEm([...(lines[i + 1] ?? '')][0] ?? '') > width,
  );
  const indent = Math.round(((capacity - width) * SIZE.er * 10) / 2);
  const ind = lines.length > 1 && holds && indent > 0 ? `<w:ind w:left="${indent}" w:right="${indent}"/>` : '';
  return paragraph('DocTitle', run(title), spacing + ind);
}

/** A 三号 line that is one field (the cover's unit line), set tighter when it would not fit the width. */
function fittedRun(text: string): string {
  const over = officialEm(text) * 16 - TEXT_WIDTH / 20;
  if (over <= 0) return run(text);
  // Character spacing in twentieths of a point, taken from every character, with a twentieth to spare.
  return run(text, `<w:spacing w:val="${-Math.ceil((over / [...text].length) * 20) - 1}"/>`);
}

/** The cover and the report body; a package without a report is its tables alone. */
function reportXml(pkg: Package, report: Report | null): string {
  if (!report) return '';
  const title = clean(report.cover.title);
  // The cover is a section of its own without page numbers; the report counts from its first page.
  const cover =
    titleParagraph(title, report.cover.unitName, `<w:spacing w:before="${mm(60)}"/>`) +
    paragraph('CoverLine', fittedRun(coverUnitLine(report.cover.unitName, pkg.unit.name)), `<w:spacing w:before="${mm(100)}"/>`) +
    paragraph('CoverLine', run(clean(report.cover.date)), `<w:spacing w:before="${LINE}"/><w:sectPr>${PAGE}${DOC_GRID}</w:sectPr>`);
  return (
    cover +
    titleParagraph(title, report.cover.unitName, `<w:spacing w:after="${LINE}"/>`) +
    reportBlocks(report).map(bodyParagraph).join('')
  );
}

function documentXml(pkg: Package, report: Report | null, tables: readonly Attachment[]): string {
  const body = reportXml(pkg, report);
  const annexes = tables.map(attachmentSection).join('');
  // The tables carry the signature line among their notes; without a table it closes the document
  // when the unit signed (a blank line under the report's text would have nothing to sign for).
  const signature = tables.length === 0 && isSigned(pkg) ? paragraph('Note', run(signatureLine(pkg))) : '';
  const section =
    `<w:sectPr><w:footerReference w:type="default" r:id="rIdFooterOdd"/><w:footerReference w:type="even" r:id="rIdFooterEven"/>` +
    `${PAGE}<w:pgNumType w:start="1"/>${DOC_GRID}</w:sectPr>`;
  return `${XML}<w:document xmlns:w="${W}" xmlns:r="${R}"><w:body>${body}${annexes}${signature}${section}</w:body></w:document>`;
}

function style(id: string, name: string, pPr: string, rPr: string): string {
  return (
    `<w:style w:type="paragraph" w:customStyle="${id.startsWith('Heading') ? 0 : 1}" w:styleId="${id}"><w:name w:val="${name}"/>` +
    `<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr>${pPr}</w:pPr><w:rPr>${rPr}</w:rPr></w:style>`
  );
}

const size = (halfPoints: number) => `<w:sz w:val="${halfPoints}"/><w:szCs w:val="${halfPoints}"/>`;
/**
 * Report text is set 0.4 pt narrower than its 16 pt, so that 28 characters fill the 156 mm line
 * in Word and LibreOffice alike. Paragraphs do not snap to the character grid (sectPr's docGrid
 * declares 28 × 22 for Word's page setup and for text a user adds): LibreOffice gives a 16 pt glyph
 * two of the grid's 15.8 pt cells (14 characters a line) where Word squeezes it into one.
 */
const ON_GRID = '<w:spacing w:val="-8"/>';
const exact = (line: number) => `<w:spacing w:line="${line}" w:lineRule="exact"/>`;

/** Fonts, sizes and spacing live in paragraph styles, so that Word/WPS users restyle the usual way. */
const STYLES =
  `${XML}<w:styles xmlns:w="${W}"><w:docDefaults><w:rPrDefault><w:rPr>${fonts(FONT.fangsong)}${size(SIZE.san)}` +
  '<w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl/><w:snapToGrid w:val="0"/><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>' +
  `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:rPr>${size(SIZE.san)}</w:rPr></w:style>` +
  style(
    'Body',
    'Body Text',
    `${exact(LINE)}<w:ind w:firstLine="${INDENT_2}"/><w:jc w:val="both"/>`,
    fonts(FONT.fangsong) + ON_GRID + size(SIZE.san),
  ) +
  [1, 2, 3]
    .map((level) =>
      style(
        `Heading${level}`,
        `heading ${level}`,
        `<w:keepNext/>${exact(LINE)}<w:ind w:firstLine="${INDENT_2}"/><w:outlineLvl w:val="${level - 1}"/>`,
        fonts(level === 1 ? FONT.hei : level === 2 ? FONT.kai : FONT.fangsong) + ON_GRID + size(SIZE.san),
      ),
    )
    .join('') +
  style('DocTitle', 'Document Title', `${exact(700)}<w:jc w:val="center"/>`, fonts(FONT.title) + size(SIZE.er)) +
  style('CoverLine', 'Cover Line', `${exact(LINE)}<w:jc w:val="center"/>`, fonts(FONT.fangsong) + size(SIZE.san)) +
  style('AnnexLabel', 'Annex Label', `<w:pageBreakBefore/>`, fonts(FONT.hei) + size(SIZE.san)) +
  style(
    'AnnexTitle',
    'Annex Title',
    `<w:spacing w:before="120" w:after="240"/><w:jc w:val="center"/>`,
    fonts(FONT.title) + size(SIZE.xiaoEr),
  ) +
  style('AttachmentList', 'Attachment List', `${exact(LINE)}<w:jc w:val="left"/>`, fonts(FONT.fangsong) + ON_GRID + size(SIZE.san)) +
  style('TableText', 'Table Text', '', fonts(FONT.fangsong) + size(SIZE.xiaoWu)) +
  style('TableHeading', 'Table Heading', `<w:jc w:val="center"/>`, fonts(FONT.hei) + size(SIZE.xiaoWu)) +
  style('Note', 'Table Note', `<w:spacing w:before="120"/>`, fonts(FONT.fangsong) + size(SIZE.xiaoWu)) +
  '</w:styles>';

/** "— 1 —" in 四号 宋体, one character in from the right edge on odd pages, from the left on even. */
function footer(side: 'odd' | 'even'): string {
  const rPr = `<w:rPr>${fonts(FONT.song)}${size(SIZE.si)}</w:rPr>`;
  const r = (content: string) => `<w:r>${rPr}${content}</w:r>`;
  const align = side === 'odd' ? '<w:ind w:right="280"/><w:jc w:val="right"/>' : '<w:ind w:left="280"/><w:jc w:val="left"/>';
  return (
    `${XML}<w:ftr xmlns:w="${W}" xmlns:r="${R}"><w:p><w:pPr>${exact(SIZE.si * 10)}${align}</w:pPr>` +
    r('<w:t xml:space="preserve">— </w:t>') +
    r('<w:fldChar w:fldCharType="begin"/>') +
    r('<w:instrText xml:space="preserve"> PAGE </w:instrText>') +
    r('<w:fldChar w:fldCharType="separate"/>') +
    r('<w:t>1</w:t>') +
    r('<w:fldChar w:fldCharType="end"/>') +
    r('<w:t xml:space="preserve"> —</w:t>') +
    '</w:p></w:ftr>'
  );
}

const CONTENT_TYPES =
  `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
  '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>' +
  '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>' +
  '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>' +
  '<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>' +
  '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
  '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
  '</Types>';

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const ROOT_RELS =
  `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/>` +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
  `<Relationship Id="rId3" Type="${REL}/extended-properties" Target="docProps/app.xml"/></Relationships>`;
const DOCUMENT_RELS =
  `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  `<Relationship Id="rIdStyles" Type="${REL}/styles" Target="styles.xml"/>` +
  `<Relationship Id="rIdSettings" Type="${REL}/settings" Target="settings.xml"/>` +
  `<Relationship Id="rIdFooterOdd" Type="${REL}/footer" Target="footer1.xml"/>` +
  `<Relationship Id="rIdFooterEven" Type="${REL}/footer" Target="footer2.xml"/></Relationships>`;
const SETTINGS =
  `${XML}<w:settings xmlns:w="${W}"><w:defaultTabStop w:val="${INDENT_2}"/><w:evenAndOddHeaders/>` +
  '<w:characterSpacingControl w:val="compressPunctuation"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>';
const APP = `${XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>jixiao</Application></Properties>`;

function coreProperties(title: string): string {
  return (
    `${XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
    'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>' +
    `${escape(title)}</dc:title><dc:creator>jixiao</dc:creator><dc:language>zh-CN</dc:language></cp:coreProperties>`
  );
}

export async function docxDocument(pkg: Package, report: Report | null, tables: readonly Attachment[]): Promise<Uint8Array> {
  return zip([
    { name: '[Content_Types].xml', content: CONTENT_TYPES },
    { name: '_rels/.rels', content: ROOT_RELS },
    { name: 'word/document.xml', content: documentXml(pkg, report, tables) },
    { name: 'word/_rels/document.xml.rels', content: DOCUMENT_RELS },
    { name: 'word/styles.xml', content: STYLES },
    { name: 'word/settings.xml', content: SETTINGS },
    { name: 'word/footer1.xml', content: footer('odd') },
    { name: 'word/footer2.xml', content: footer('even') },
    { name: 'docProps/core.xml', content: coreProperties(clean(report?.cover.title ?? tables[0]?.title ?? pkg.unit.name)) },
    { name: 'docProps/app.xml', content: APP },
  ]);
}
