/**
 * The laid-out pages as one document: page numbers dropped, lines that wrap joined into their
 * paragraph (across a page break too), a table that runs on over the next page continued as the
 * same table with its repeated header rows read once, and every table's cells placed on one grid
 * made of all its column boundaries.
 */
import { ImportError, LIMITS } from './errors.js';
import { spaceBetween, wrapsInto, type TextLine } from './pdf-lines.js';
import { isTable, type PageItem } from './pdf-page.js';
import type { Table, TableCell, TableRow } from './pdf-tables.js';
import type { SourceBlock, SourceCell, SourceRow } from './source.js';

export interface LaidOutPage {
  /** 1-based page number. */
  number: number;
  width: number;
  height: number;
  items: PageItem[];
}

/** A page number or "第 2 页 共 9 页" in the top or bottom margin. */
const PAGE_NUMBER = /^(?:[-—–－_\s]*\d{1,4}[-—–－_\s]*|第\s*\d+\s*页(?:\s*[,，/／]?\s*共\s*\d+\s*页)?|\d+\s*[/／]\s*\d+)$/;
/** A line that opens a numbered heading or item: never the rest of a sentence. */
const NUMBERED = /^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．])/;
/** Edges of one table's cells within this distance are one grid boundary. */
const SAME_EDGE = 3;

interface Body {
  left: number;
  right: number;
}

interface PlacedRow {
  row: TableRow;
  page: number;
  /** The table as a user finds it on the page: "表格" or "第 2 个表格". */
  name: string;
  /** 1-based row number within the table on that page. */
  number: number;
}

interface OpenTable {
  fragment: Table;
  rows: PlacedRow[];
  page: number;
  endsPage: boolean;
}

interface OpenParagraph {
  lines: TextLine[];
  location: string;
  page: number;
  endsPage: boolean;
}

export function assemble(pages: readonly LaidOutPage[]): SourceBlock[] {
  const items = pages.map(withoutPageNumbers);
  const bodies = bodyEdges(pages, items);
  const bodyOf = (page: number) => bodies.get(Math.round(pages[page - 1]?.width ?? 0)) ?? { left: 0, right: Infinity };
  const blocks: SourceBlock[] = [];
  let cellCount = 0;
  let tableNo = 0;
  let table: OpenTable | null = null;
  let paragraph: OpenParagraph | null = null;
  const push = (block: SourceBlock) => {
    if (blocks.length >= LIMITS.blocks) throw new ImportError(`PDF 中的段落和表格行超过 ${LIMITS.blocks} 个，拒绝读取`);
    blocks.push(block);
  };
  const flushParagraph = () => {
    if (paragraph) push({ kind: 'paragraph', text: paragraphText(paragraph.lines), location: paragraph.location });
    paragraph = null;
  };
  const flushTable = () => {
    if (table) {
      tableNo++;
      for (const block of tableRows(table, tableNo)) {
        cellCount += block.cells.length;
        if (cellCount > LIMITS.cells) throw new ImportError(`PDF 中的表格单元格超过 ${LIMITS.cells} 个，拒绝读取`);
        push(block);
      }
    }
    table = null;
  };

  pages.forEach((page, p) => {
    const pageItems = items[p]!;
    const tables = pageItems.filter(isTable).length;
    let tableOnPage = 0;
    let lineNo = 0;
    pageItems.forEach((item, i) => {
      const first = i === 0;
      const last = i === pageItems.length - 1;
      if (isTable(item)) {
        flushParagraph();
        tableOnPage++;
        const name = tables === 1 ? '表格' : `第 ${tableOnPage} 个表格`;
        const open = table as OpenTable | null;
        if (open && first && open.endsPage && open.page === page.number - 1 && sameColumns(open.fragment, item)) {
          let skip = repeatedRows(open.rows, item.rows);
          const split = item.rows[skip];
          if (split && joinSplitRow(open.rows.at(-1)!.row, split)) skip++;
          item.rows.forEach((row, r) => {
            if (r >= skip) open.rows.push({ row, page: page.number, name, number: r + 1 });
          });
          open.fragment = item;
          open.page = page.number;
          open.endsPage = last;
        } else {
          flushTable();
          table = {
            fragment: item,
            rows: item.rows.map((row, r) => ({ row, page: page.number, name, number: r + 1 })),
            page: page.number,
            endsPage: last,
          };
        }
        return;
      }
      flushTable();
      lineNo++;
      const open = paragraph as OpenParagraph | null;
      if (open && continues(open, item, page.number, first, bodyOf)) {
        open.lines.push(item);
      } else {
        flushParagraph();
        paragraph = { lines: [item], location: `第 ${page.number} 页第 ${lineNo} 行`, page: page.number, endsPage: false };
      }
      paragraph!.page = page.number;
      paragraph!.endsPage = last;
    });
  });
  flushParagraph();
  flushTable();
  return blocks;
}

function withoutPageNumbers(page: LaidOutPage): PageItem[] {
  const items = [...page.items];
  const margin = 0.12 * page.height;
  const furniture = (item: PageItem | undefined) =>
    item !== undefined && !isTable(item) && PAGE_NUMBER.test(item.text.trim()) && (item.y < margin || item.y > page.height - margin);
  while (furniture(items.at(-1))) items.pop();
  while (furniture(items[0])) items.shift();
  return items;
}

/** Closing punctuation, which a writer may hang in the margin at a line's end. */
const HANGS = /[，。、；：？！）》」』】”’]$/;

/**
 * The text block of pages of one width: its left edge is where the most lines start that are
 * not indented (the smallest left edge two lines share), its right edge where the longest lines
 * end (the largest right edge two lines share; the longest line if none do), punctuation hung in
 * the margin left out.
 */
function bodyEdges(pages: readonly LaidOutPage[], items: PageItem[][]): Map<number, Body> {
  const lines = new Map<number, TextLine[]>();
  pages.forEach((page, p) => {
    const key = Math.round(page.width);
    const list = lines.get(key) ?? [];
    for (const item of items[p]!) if (!isTable(item)) list.push(item);
    lines.set(key, list);
  });
  const bodies = new Map<number, Body>();
  for (const [key, list] of lines) {
    if (list.length === 0) continue;
    const shared = (values: number[]) => {
      const counts = new Map<number, number>();
      for (const value of values) counts.set(Math.round(value), (counts.get(Math.round(value)) ?? 0) + 1);
      const twice = [...counts].filter(([, count]) => count >= 2).map(([value]) => value);
      return twice.length > 0 ? twice : values;
    };
    const left = shared(list.map((line) => line.x0)).reduce((a, b) => Math.min(a, b));
    // Punctuation a writer hangs past the block's edge (LibreOffice does) does not move the edge.
    const ends = list.filter((line) => !HANGS.test(line.text));
    const right = shared((ends.length > 0 ? ends : list).map((line) => line.x1)).reduce((a, b) => Math.max(a, b));
    bodies.set(key, { left, right });
  }
  return bodies;
}

/** Whether `line` goes on with the paragraph: same size, next line (or first line of the next page), wrapped into. */
function continues(paragraph: OpenParagraph, line: TextLine, page: number, first: boolean, bodyOf: (page: number) => Body): boolean {
  const previous = paragraph.lines.at(-1)!;
  const size = Math.max(previous.size, line.size);
  if (Math.abs(previous.size - line.size) > 0.15 * size) return false;
  if (paragraph.page === page) {
    const pitch = line.y - previous.y;
    if (pitch <= 0 || pitch > 2.2 * size) return false;
    // Paragraphs set apart by space: further down than the paragraph's own lines are apart.
    const earlier = paragraph.lines.at(-2);
    if (earlier && earlier.y < previous.y && pitch > 1.15 * (previous.y - earlier.y)) return false;
  } else if (!(paragraph.page === page - 1 && paragraph.endsPage && first)) return false;
  const before = bodyOf(paragraph.page);
  if (!wrapsInto(previous, line, before.right)) return false;
  if (/[。！？；：!?;:]$/.test(previous.text) && NUMBERED.test(line.text)) return false;
  const body = bodyOf(page);
  if (line.x0 <= body.left + 0.5 * size) return true;
  // A centred title wrapped: each line as far in from the left as from the right, the first not a
  // sentence's end.
  const centred = (l: TextLine, b: Body) => Math.abs(l.x0 - b.left - (b.right - l.x1)) <= size;
  return centred(previous, before) && centred(line, body) && !/[。！？.!?；;：:]$/.test(previous.text);
}

function paragraphText(lines: readonly TextLine[]): string {
  return lines.map((line, i) => (i > 0 && spaceBetween(lines[i - 1]!, line) ? ' ' : '') + line.text).join('');
}

function sameColumns(a: Table, b: Table): boolean {
  return a.ruled === b.ruled && Math.abs(a.x0 - b.x0) <= SAME_EDGE && Math.abs(a.x1 - b.x1) <= SAME_EDGE;
}

function sameRow(a: TableRow, b: TableRow): boolean {
  return (
    a.cells.length === b.cells.length &&
    a.cells.every((cell, i) => cell.text === b.cells[i]!.text && Math.abs(cell.x0 - b.cells[i]!.x0) <= SAME_EDGE)
  );
}

/**
 * How many rows at the top of a continued table only repeat earlier ones: the table's header rows
 * (Word repeats rows marked as headers; this project's PDFs do too), then a repeated heading of
 * an inner block (this project's PDFs repeat the indicator table's heading row).
 */
function repeatedRows(earlier: readonly PlacedRow[], rows: readonly TableRow[]): number {
  let k = 0;
  while (k < rows.length && k < earlier.length && sameRow(earlier[k]!.row, rows[k]!)) k++;
  const next = rows[k];
  const filled = (row: TableRow) => row.cells.filter((cell) => cell.text.trim() !== '').length;
  if (next && filled(next) >= 2 && earlier.some((placed) => sameRow(placed.row, next))) k++;
  return k;
}

/**
 * A row broken by the page (Word and LibreOffice let a row break across pages): the first row of
 * the continued table holds only the rest of the text of some cells of the row before the break,
 * each wrapping on from that cell's last line, while other cells of that row ended before the
 * break. Its text is added to those cells; false if it is a row of its own.
 */
function joinSplitRow(before: TableRow, after: TableRow): boolean {
  const below = (cell: TableCell) =>
    after.cells.find((c) => Math.abs(c.x0 - cell.x0) <= SAME_EDGE && Math.abs(c.x1 - cell.x1) <= SAME_EDGE);
  if (!before.cells.some((cell) => cell.text !== '' && below(cell)?.text === '')) return false;
  const pairs = after.cells.filter((cell) => cell.text !== '').map((cell) => [before.cells.find((c) => below(c) === cell), cell] as const);
  const wraps = ([above, next]: (typeof pairs)[number]) =>
    above?.lines !== undefined && next.lines !== undefined && wrapsInto(above.lines.last, next.lines.first, above.lines.right);
  if (pairs.length === 0 || !pairs.every(wraps)) return false;
  for (const [above, next] of pairs) {
    above!.text += (spaceBetween(above!.lines!.last, next.lines!.first) ? ' ' : '') + next.text;
    above!.lines = { ...above!.lines!, last: next.lines!.last };
  }
  return true;
}

/** The table's rows as source rows, on one grid of all its column boundaries. */
function tableRows(table: OpenTable, number: number): SourceRow[] {
  const positions = table.rows.flatMap(({ row }) => row.cells.flatMap((cell) => [cell.x0, cell.x1])).sort((a, b) => a - b);
  const edges: number[] = [];
  for (const at of positions) if (edges.length === 0 || at - edges.at(-1)! > SAME_EDGE) edges.push(at);
  const column = (at: number) => {
    let best = 0;
    edges.forEach((edge, i) => {
      if (Math.abs(edge - at) < Math.abs(edges[best]! - at)) best = i;
    });
    return best;
  };
  return table.rows.map(({ row, page, name, number: rowNo }) => {
    const location = `第 ${page} 页${name}第 ${rowNo} 行`;
    const cells: SourceCell[] = row.cells.map((cell) => {
      const col = column(cell.x0);
      return { text: cell.text, col, span: Math.max(1, column(cell.x1) - col), location: `${location}第 ${col + 1} 列` };
    });
    return { kind: 'row', table: number, cells, location, exactColumns: table.fragment.ruled, lostTrailingBlank: false };
  });
}
