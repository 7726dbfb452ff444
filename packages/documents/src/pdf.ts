/**
 * The DOCX's content laid out directly as PDF with pdfkit, without an office suite: GB/T 9704 page
 * (A4, margins 37/35/28/26 mm, 28.95 pt line pitch, "— 1 —" page numbers), free CJK fonts embedded
 * as subsets with a ToUnicode map, so the text is selectable and searchable.
 */
import PDFDocument from 'pdfkit';
import type { Package, Report } from '@jixiao/core';
import { attachFonts, describeFonts, type FontFile, findFonts, type FontRole } from './fonts.js';
import { pageNumbers, writeCentered, writeReport, writeTitle } from './pdf-report.js';
import { type Attachment, type GridCell, isSigned, signatureLine } from './tables.js';
import { clean, coverUnitLine } from './text.js';
import { owners } from './grid.js';
import { breakUnits } from './widths.js';
import { BODY_BOTTOM, BODY_TOP, LINE_PITCH, MARGINS, mm, num, SAN, TABLE_SIZE, TEXT_WIDTH, XIAO_ER } from './page.js';

const CELL_PAD = 2.5;
const MIN_ROW = TABLE_SIZE + 2 * CELL_PAD + 4;

type Doc = PDFKit.PDFDocument;

/** Line gap that makes consecutive lines of this font and size LINE_PITCH apart. */
function pitchGap(doc: Doc, role: FontRole, size: number, pitch = LINE_PITCH): number {
  doc.font(role).fontSize(size);
  return pitch - doc.currentLineHeight(false);
}

function cover(doc: Doc, pkg: Package, report: Report): void {
  doc.addPage();
  writeTitle(doc, report.cover.title, BODY_TOP + mm(50), 36, keepWhole(pkg, report));
  writeCentered(doc, coverUnitLine(report.cover.unitName, pkg.unit.name), BODY_BOTTOM - 4 * LINE_PITCH);
  // A blank line between: the unit's line may be full, and the date must not read as its continuation.
  writeCentered(doc, clean(report.cover.date), BODY_BOTTOM - 2 * LINE_PITCH);
}

/** One horizontal strip of a table row as placed on a page; a row taller than a page is split. */
interface Strip {
  row: number;
  page: number;
  y: number;
  height: number;
  first: boolean;
  /** A header row repeated at the top of a continuation page. */
  repeat: boolean;
  /** Text of each single-row cell in this strip (a split row carries its remainder over). */
  texts: Map<number, string>;
}

const LINE_GAP = 1;

/**
 * Table cell text broken into lines, by font role, width and text: every later document and every
 * later measure of the same cell reuses it. Table cells are set line by line from these, so a cell
 * is broken once, not once to measure and again to draw.
 */
const wrapped = new Map<string, string[]>();
/** Bound on the shared line-break cache, so that a long-running server does not grow without limit. */
const MAX_WRAPPED = 50_000;

function wrapText(doc: Doc, role: FontRole, text: string, width: number): string[] {
  const key = `${role}\u0000${width.toFixed(2)}\u0000${text}`;
  const known = wrapped.get(key);
  if (known) return known;
  doc.font(role).fontSize(TABLE_SIZE);
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let used = 0;
    // Headings (set in the heading font) break between words, as the column widths assumed.
    const queue = [...breakUnits(paragraph, role === 'heading')];
    for (let i = 0; i < queue.length; i++) {
      const unit = queue[i] as string;
      const w = doc.widthOfString(unit);
      if (used + doc.widthOfString(unit.trimEnd()) <= width || line === '') {
        if (line === '' && w > width && [...unit].length > 1) {
          // A unit wider than the cell is broken between its characters.
          queue.splice(i, 1, ...unit);
          i--;
          continue;
        }
        line += unit;
        used += w;
        continue;
      }
      lines.push(line.trimEnd());
      line = unit;
      used = w;
    }
    lines.push(line.trimEnd());
  }
  if (wrapped.size > MAX_WRAPPED) wrapped.clear();
  wrapped.set(key, lines);
  return lines;
}

class TableWriter {
  private readonly x: number[];
  private readonly owner: { row: number; col: number }[][];
  private readonly lineHeight: Record<'body' | 'heading', number>;

  constructor(
    private readonly doc: Doc,
    private readonly attachment: Attachment,
  ) {
    const total = attachment.columns.reduce((a, b) => a + b, 0);
    this.x = [MARGINS.left];
    for (const w of attachment.columns) this.x.push((this.x.at(-1) ?? 0) + (TEXT_WIDTH * w) / total);
    this.owner = owners(attachment.rows);
    const height = (role: FontRole) => doc.font(role).fontSize(TABLE_SIZE).currentLineHeight(true) + LINE_GAP;
    this.lineHeight = { body: height('body'), heading: height('heading') };
  }

  private width(col: number, span: number): number {
    return (this.x[col + span] ?? 0) - (this.x[col] ?? 0);
  }

  private lines(cell: GridCell, text: string, col: number): string[] {
    return wrapText(this.doc, cell.header ? 'heading' : 'body', text, this.width(col, cell.colSpan) - 2 * CELL_PAD);
  }

  private textHeight(cell: GridCell, text: string, col: number): number {
    if (text === '') return 0;
    return this.lines(cell, text, col).length * this.lineHeight[cell.header ? 'heading' : 'body'];
  }

  /** The longest prefix of `text` that fits in `height` (at least one character, so a split always advances). */
  private fitting(cell: GridCell, text: string, col: number, height: number): number {
    let lo = 1;
    let hi = text.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (this.textHeight(cell, text.slice(0, mid), col) <= height) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Natural height of every row; a merged cell taller than its rows stretches the last of them. */
  private rowHeights(): number[] {
    const rows = this.attachment.rows;
    const heights = rows.map((row) =>
      row.reduce(
        (h, cell, c) => (cell && cell.rowSpan === 1 ? Math.max(h, this.textHeight(cell, cell.text, c) + 2 * CELL_PAD) : h),
        MIN_ROW,
      ),
    );
    rows.forEach((row, r) =>
      row.forEach((cell, c) => {
        if (!cell || cell.rowSpan === 1) return;
        const last = Math.min(rows.length, r + cell.rowSpan) - 1;
        const spanned = heights.slice(r, last + 1).reduce((a, b) => a + b, 0);
        const need = this.textHeight(cell, cell.text, c) + 2 * CELL_PAD;
        if (need > spanned && need < BODY_BOTTOM - BODY_TOP) heights[last] = (heights[last] ?? 0) + need - spanned;
      }),
    );
    return heights;
  }

  private rowTexts(r: number): Map<number, string> {
    const texts = new Map<number, string>();
    (this.attachment.rows[r] ?? []).forEach((cell, c) => {
      if (cell && cell.rowSpan === 1) texts.set(c, cell.text);
    });
    return texts;
  }

  /**
   * Places every row on pages, starting at the current page and y. Each continuation page starts
   * with the table's header rows again (as Word repeats rows marked tblHeader).
   */
  private layout(startPage: number, startY: number): Strip[] {
    const rows = this.attachment.rows;
    const heights = this.rowHeights();
    const headerRows = Math.min(this.attachment.headerRows, rows.length);
    const headerHeight = heights.slice(0, headerRows).reduce((a, b) => a + b, 0);
    /** The inner heading row over row r, if r is one of the rows it heads. */
    const innerHeading = (r: number) => (this.attachment.innerHeadings ?? []).find((h) => r > h.row && r <= h.through)?.row;
    const keepsWithNext = (r: number) =>
      r >= headerRows && r < rows.length - 1 && (r === rows.length - 2 || (rows[r] ?? []).every((cell) => !cell || cell.header));
    const strips: Strip[] = [];
    let page = startPage;
    let y = startY;
    const repeat = (h: number) => {
      const height = heights[h] ?? MIN_ROW;
      strips.push({ row: h, page, y, height, first: true, repeat: true, texts: this.rowTexts(h) });
      y += height;
    };
    const newPage = (r: number) => {
      page++;
      y = BODY_TOP;
      if (r < headerRows) return;
      for (let h = 0; h < headerRows; h++) repeat(h);
      const inner = innerHeading(r);
      if (inner !== undefined) repeat(inner);
    };
    rows.forEach((row, r) => {
      let texts = this.rowTexts(r);
      let height = heights[r] ?? MIN_ROW;
      let first = true;
      const inner = innerHeading(r);
      const pageRoom =
        BODY_BOTTOM - BODY_TOP - (r < headerRows ? 0 : headerHeight) - (inner === undefined ? 0 : (heights[inner] ?? MIN_ROW));
      // A row of headings (the 绩效指标 column headings, 楼堂馆所's) is not left alone at a page foot,
      // nor the table's last row alone on a page: such a row goes on with the rows it keeps with.
      let withNext = height;
      for (let k = r; keepsWithNext(k); k++) withNext += heights[k + 1] ?? 0;
      if (keepsWithNext(r) && y + height <= BODY_BOTTOM && y + withNext > BODY_BOTTOM && withNext <= pageRoom) newPage(r);
      for (;;) {
        if (y + height <= BODY_BOTTOM) {
          strips.push({ row: r, page, y, height, first, repeat: false, texts });
          y += height;
          return;
        }
        const room = BODY_BOTTOM - y;
        if (height <= pageRoom || room < 4 * MIN_ROW) {
          newPage(r);
          continue;
        }
        // Taller than a page: fill the room left, carry the rest of each cell's text to the next page.
        const now = new Map<number, string>();
        const rest = new Map<number, string>();
        let restHeight = MIN_ROW;
        for (const [c, text] of texts) {
          const cell = row[c] as GridCell;
          const cut =
            this.textHeight(cell, text, c) + 2 * CELL_PAD <= room ? text.length : this.fitting(cell, text, c, room - 2 * CELL_PAD);
          now.set(c, text.slice(0, cut));
          rest.set(c, text.slice(cut));
          restHeight = Math.max(restHeight, this.textHeight(cell, text.slice(cut), c) + 2 * CELL_PAD);
        }
        strips.push({ row: r, page, y, height: room, first, repeat: false, texts: now });
        newPage(r);
        texts = rest;
        height = restHeight;
        first = false;
      }
    });
    return strips;
  }

  /** Draws the table from the current position; returns the y under it on the last page. */
  draw(): number {
    const doc = this.doc;
    const pageOf = (doc as unknown as { bufferedPageRange(): { start: number; count: number } }).bufferedPageRange();
    const startPage = pageOf.start + pageOf.count - 1;
    const strips = this.layout(startPage, doc.y);
    const rows = this.attachment.rows;
    let current = startPage;
    // The layout keeps every row inside the text block; with the bottom margin lifted, pdfkit never
    // starts a page of its own when a cell's last line comes close to it.
    const margins = doc.page.margins;
    const lift = () => {
      doc.page.margins = { ...doc.page.margins, bottom: 0 };
    };
    const add = (ops: string) => (doc as unknown as { addContent(data: string): void }).addContent(ops);
    // Rules 0.6 pt black, text black; a shaded cell sets its grey inside q…Q.
    const pen = () => add('0.6 w 0 G 0 g');
    lift();
    pen();
    // Merged cells already labelled on the current page (by a repeated heading row).
    let anchored = new Set<string>();
    strips.forEach((strip, i) => {
      if (strips[i - 1]?.page !== strip.page) anchored = new Set<string>();
      while (current < strip.page) {
        doc.addPage();
        lift();
        pen();
        current++;
      }
      const row = rows[strip.row] ?? [];
      const prev = strips[i - 1];
      // The first strip on a page, or the first after the repeated header rows.
      const pageTop = !prev || prev.page !== strip.page || (prev.repeat && !strip.repeat);
      const next = strips[i + 1];
      const cells = row.flatMap((_, c) => {
        const own = this.owner[strip.row]?.[c];
        const cell = own ? rows[own.row]?.[own.col] : undefined;
        return own && cell ? [{ c, own, cell }] : [];
      });
      // A cell is filled and labelled where it starts and again at the top of each page it runs onto.
      const fresh = cells.map(({ own }) => (own.row === strip.row && strip.first) || (pageTop && !anchored.has(`${own.row}:${own.col}`)));
      const anchors = cells.filter(({ c, own }, k) => own.col === c && fresh[k]);
      for (const { own } of anchors) anchored.add(`${own.row}:${own.col}`);
      const spanHeight = (own: { row: number }, rowSpan: number) => {
        let height = 0;
        for (let j = i; j < strips.length; j++) {
          const s = strips[j] as Strip;
          if (s.page !== strip.page || s.row >= own.row + rowSpan) break;
          if (j > i && s.row === strip.row) break;
          height += s.height;
        }
        return height;
      };
      for (const { c, own, cell } of anchors) {
        if (cell.header)
          add(
            `q 0.949 g ${num(this.x[c] ?? 0)} ${num(strip.y)} ${num(this.width(c, cell.colSpan))} ${num(spanHeight(own, cell.rowSpan))} re f Q`,
          );
      }
      // All rules of the strip as one path, stroked once; touching pieces of a horizontal rule are one segment.
      const horizontal: [number, number, number][] = [];
      const vertical: string[] = [];
      const bottom = strip.y + strip.height;
      cells.forEach(({ c, own }, k) => {
        const left = this.x[c] ?? 0;
        const right = this.x[c + 1] ?? 0;
        if (fresh[k]) horizontal.push([strip.y, left, right]);
        if (!next || next.page !== strip.page || this.owner[next.row]?.[c]?.row !== own.row) horizontal.push([bottom, left, right]);
        if (own.col === c) vertical.push(`${num(left)} ${num(strip.y)} m ${num(left)} ${num(bottom)} l`);
        if (c === row.length - 1) vertical.push(`${num(right)} ${num(strip.y)} m ${num(right)} ${num(bottom)} l`);
      });
      horizontal.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      const path: string[] = [];
      for (let k = 0; k < horizontal.length;) {
        const [y, from] = horizontal[k] as [number, number, number];
        let to = (horizontal[k] as [number, number, number])[2];
        k++;
        while (k < horizontal.length && horizontal[k]?.[0] === y && (horizontal[k]?.[1] ?? Infinity) <= to) {
          to = Math.max(to, horizontal[k]?.[2] ?? to);
          k++;
        }
        path.push(`${num(from)} ${num(y)} m ${num(to)} ${num(y)} l`);
      }
      add(`${[...path, ...vertical].join('\n')}\nS`);
      for (const { c, own, cell } of anchors) {
        const text = cell.rowSpan === 1 ? (strip.texts.get(c) ?? '') : cell.text;
        this.text(cell, text, c, strip.y, spanHeight(own, cell.rowSpan));
      }
    });
    doc.page.margins = margins;
    const last = strips.at(-1);
    return last ? last.y + last.height : doc.y;
  }

  private text(cell: GridCell, text: string, col: number, y: number, height: number): void {
    if (text === '') return;
    const role: FontRole = cell.header ? 'heading' : 'body';
    const lines = this.lines(cell, text, col);
    const pitch = this.lineHeight[role];
    const left = (this.x[col] ?? 0) + CELL_PAD;
    const width = this.width(col, cell.colSpan) - 2 * CELL_PAD;
    // A single-row cell was sized (or split) to hold its text; only a merged cell's text, repeated
    // on each page it runs onto, may need cutting to the part of it on this page.
    const shown = Math.max(1, Math.min(lines.length, Math.floor((height - 2 * CELL_PAD + LINE_GAP) / pitch)));
    const used = shown * pitch;
    const top = y + CELL_PAD + Math.max(0, (height - 2 * CELL_PAD - used) / 2);
    const doc = this.doc.font(role).fontSize(TABLE_SIZE);
    const placed: { text: string; x: number; y: number }[] = [];
    for (let i = 0; i < shown; i++) {
      const line = lines[i] as string;
      if (line === '') continue;
      const free = cell.align === 'left' ? 0 : width - doc.widthOfString(line);
      placed.push({ text: line, x: left + (cell.align === 'center' ? free / 2 : free), y: top + i * pitch });
    }
    setLines(doc, placed);
  }
}

/** The parts of a pdfkit 0.17 font used to set text directly. */
interface EmbeddedFont {
  id: string;
  ascender: number;
  encode(text: string): [string[], { xAdvance: number; advanceWidth: number; xOffset: number; yOffset: number }[]];
  ref(): unknown;
}

/**
 * Table lines in the current font and size, each at (x, y) = its top left: the operators pdfkit's
 * text() writes for a line (glyphs from the font's own encoder, so the subset and the ToUnicode map
 * stay pdfkit's), but one BT…ET for all the lines of a cell and without pdfkit's per-call option
 * handling, line wrapping and coordinate flips. A line whose glyphs are positioned off the baseline
 * (none in the Noto fonts' CJK and Latin text) is left to pdfkit.
 */
function setLines(doc: Doc, lines: readonly { text: string; x: number; y: number }[]): void {
  if (lines.length === 0) return;
  const state = doc as unknown as { _font?: EmbeddedFont; _fontSize?: number; page: { fonts: Record<string, unknown> } };
  const font = state._font;
  const size = state._fontSize;
  if (!font || typeof font.encode !== 'function' || typeof size !== 'number') {
    for (const line of lines) doc.text(line.text, line.x, line.y, { lineBreak: false });
    return;
  }
  state.page.fonts[font.id] ??= font.ref();
  const scale = size / 1000;
  const ascent = font.ascender * scale;
  const ops: string[] = ['BT', `/${font.id} ${num(size)} Tf`];
  const fallback: { text: string; x: number; y: number }[] = [];
  for (const line of lines) {
    const [encoded, positions] = font.encode(line.text);
    if (positions.some((p) => p.xOffset || p.yOffset)) {
      fallback.push(line);
      continue;
    }
    // The page's user space is y-down (pdfkit's flip); the text matrix turns glyphs upright again.
    ops.push(`1 0 0 -1 ${num(line.x)} ${num(line.y + ascent)} Tm`);
    const parts: string[] = [];
    let last = 0;
    positions.forEach((p, i) => {
      const adjust = p.xAdvance - p.advanceWidth;
      if (adjust !== 0 || i === positions.length - 1) {
        parts.push(`<${encoded.slice(last, i + 1).join('')}> ${num(-adjust)}`);
        last = i + 1;
      }
    });
    ops.push(`[${parts.join(' ')}] TJ`);
  }
  ops.push('ET');
  (doc as unknown as { addContent(data: string): void }).addContent(ops.join('\n'));
  for (const line of fallback) doc.text(line.text, line.x, line.y, { lineBreak: false });
}

function attachmentPages(doc: Doc, attachment: Attachment): void {
  doc.addPage();
  (doc as unknown as { outline: { addItem(title: string): unknown } }).outline.addItem(`${attachment.label}\u3000${attachment.title}`);
  doc
    .font('heading')
    .fontSize(SAN)
    .text(attachment.label, MARGINS.left, BODY_TOP, { lineGap: pitchGap(doc, 'heading', SAN) });
  doc.font('title').fontSize(XIAO_ER).text(attachment.title, MARGINS.left, doc.y, { width: TEXT_WIDTH, align: 'center' });
  doc.y += 8;
  const bottom = new TableWriter(doc, attachment).draw();
  doc.y = bottom + 6;
  for (const note of attachment.notes) {
    doc.font('body').fontSize(TABLE_SIZE).text(note, MARGINS.left, doc.y, { width: TEXT_WIDTH });
  }
}

/** The parts of a pdfkit 0.17 page content stream (a PDFReference) that batchContent replaces. */
interface ContentStream {
  write(chunk: string | Uint8Array): void;
  end(chunk?: string | Uint8Array): void;
}

/**
 * pdfkit turns every drawing operator into a Buffer of its own; a page of tables has thousands of
 * operators. Each page's operators are collected as strings instead and turned into bytes once
 * when the page is finished (the same bytes: one operator per line), then compressed by pdfkit.
 */
function batchContent(doc: Doc): void {
  doc.on('pageAdded', () => {
    const content = (doc.page as unknown as { content?: ContentStream }).content;
    if (!content || typeof content.write !== 'function' || typeof content.end !== 'function') return;
    const write = content.write.bind(content);
    const end = content.end.bind(content);
    // Each piece as pdfkit would store it: a string operator with its line break, bytes as they are.
    const parts: string[] = [];
    content.write = (chunk) => {
      parts.push(typeof chunk === 'string' ? `${chunk}\n` : Buffer.from(chunk).toString('latin1'));
    };
    content.end = (chunk) => {
      if (chunk !== undefined) content.write(chunk);
      if (parts.length > 0) write(Buffer.from(parts.join(''), 'latin1'));
      end();
    };
  });
}

/** Names a title line break must not cut: the unit's. */
const keepWhole = (pkg: Package, report: Report) => [report.cover.unitName, pkg.unit.name].map(clean);

export async function pdfDocument(
  pkg: Package,
  report: Report | null,
  tables: readonly Attachment[],
  fonts: Record<FontRole, FontFile> = findFonts(),
): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    autoFirstPage: false,
    bufferPages: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: { Title: clean(report?.cover.title ?? tables[0]?.title ?? pkg.unit.name), Creator: 'jixiao' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  // Which fonts stand for 仿宋, 小标宋, 黑体 and 楷体 on this machine, told in the document's properties.
  (doc.info as Record<string, string>).Fonts = describeFonts(attachFonts(doc, fonts));
  batchContent(doc);

  if (report) {
    cover(doc, pkg, report);
    writeReport(doc, report, keepWhole(pkg, report));
  }
  for (const attachment of tables) attachmentPages(doc, attachment);
  // A PDF has at least one page, even for a package that holds nothing to print.
  if (!report && tables.length === 0) doc.addPage();
  if (tables.length === 0 && isSigned(pkg)) {
    // No table to sign under (the tables carry the line among their notes otherwise); a blank line
    // under the report's text would have nothing to sign for.
    doc
      .font('body')
      .fontSize(TABLE_SIZE)
      .text(signatureLine(pkg), MARGINS.left, doc.y + 6, { width: TEXT_WIDTH });
  }
  // The cover, where there is one, has no page number; the report counts from its first page.
  pageNumbers(doc, report ? 1 : 0);
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
