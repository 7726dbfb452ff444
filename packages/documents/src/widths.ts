/**
 * Where a table cell's text may break, and how wide each column of a table is: one computation for
 * the DOCX, the PDF and the XLSX, so that all three give a column the same share of the 156 mm.
 * Widths are reckoned in characters of table text (小五, 9 pt): a CJK character is 1, an ASCII
 * character a little over half (the digits of the embedded fonts are 0.5–0.55 em), 「%」 almost 1.
 */

/** Closing punctuation stays with the character before it (no line starts with it). */
const NO_START = new Set([...'，。、；：？！）》」』】〕…—%‰·,.;:?!)]}”’']);
/**
 * Opening punctuation stays with the character after it (no line ends with it), and so does a
 * comparison sign with the figure it compares (「≥200平方米」).
 */
const NO_END = new Set([...'（《「『【〔([{“‘≥≤']);

/** A bracketed aside short enough to keep on one line: 「（万元）」, 「（㎡）」, 「(B/A)」. */
const ASIDE = /[（(][^（）()\n]{1,6}[）)]/gu;
/** A run of ASCII (a number, a Latin word) with its trailing spaces, a run of spaces, or one character. */
const UNIT = /[\x21-\x7e]+ *| +|[\s\S]/gu;

const segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter('zh', { granularity: 'word' }) : null;
const CJK = /^[\u3400-\u9fff]$/u;

/**
 * Words of a heading by the platform's Chinese segmenter, a lone character joined to the word
 * beside it: the dictionary splits 「满意度」 as 满意/度, 「可持续」 as 可/持续 and 「一级」 as 一/级, and
 * a heading broken there reads as broken inside a word.
 */
function words(text: string): string[] {
  if (!segmenter) return [...text.matchAll(UNIT)].map((m) => m[0]);
  const out: string[] = [];
  for (const { segment } of segmenter.segment(text)) {
    const last = out.at(-1);
    const lone = (word: string) => CJK.test(word);
    if (last !== undefined && CJK.test(last.at(-1) ?? '') && CJK.test(segment[0] ?? '') && (lone(segment) || lone(last))) {
      out[out.length - 1] = last + segment;
    } else out.push(segment);
  }
  return out;
}

const unitCache = new Map<string, string[]>();
/** Bound on the shared cache, so that a long-running server does not grow without limit. */
const MAX_CACHED = 50_000;

/**
 * Break units of one paragraph of a cell: pieces a line never breaks inside. Short bracketed asides
 * stay whole; a heading (`words`) breaks between words, other text between characters, ASCII runs
 * kept whole; punctuation stays with the character it belongs to.
 */
export function breakUnits(paragraph: string, byWords = false): string[] {
  const key = `${byWords ? 'w' : 'c'}${paragraph}`;
  const known = unitCache.get(key);
  if (known) return known;
  const pieces: string[] = [];
  let at = 0;
  for (const aside of paragraph.matchAll(ASIDE)) {
    pieces.push(...split(paragraph.slice(at, aside.index), byWords), aside[0]);
    at = aside.index + aside[0].length;
  }
  pieces.push(...split(paragraph.slice(at), byWords));
  const units: string[] = [];
  for (const unit of pieces) {
    const prev = units.at(-1);
    if (prev !== undefined && (NO_START.has(unit[0] ?? '') || NO_END.has(prev.at(-1) ?? ''))) units[units.length - 1] = prev + unit;
    else units.push(unit);
  }
  if (unitCache.size > MAX_CACHED) unitCache.clear();
  unitCache.set(key, units);
  return units;
}

function split(text: string, byWords: boolean): string[] {
  if (text === '') return [];
  return byWords ? words(text) : characterUnits(text);
}

/** A measure word after a figure (米, 平方米, 万元, 个, 年): at most three characters. */
const MEASURE = /^[\u3400-\u9fff]{1,3}$/u;

/**
 * Text broken between characters, a figure kept with the word (`words`) right after it when that is
 * a measure word: 「204.46平方米」 and 「1409.62万元」 never break inside (GB/T 15835: a figure and its unit
 * are not split across lines), where 「204.46平／方米」 reads as broken.
 */
function characterUnits(text: string): string[] {
  const units: string[] = [];
  /** Where the text not yet taken into a unit starts (a measure word joined to its figure is taken). */
  let next = 0;
  for (const match of text.matchAll(UNIT)) {
    if (match.index < next) continue;
    let unit = match[0];
    next = match.index + unit.length;
    if (/\d$/.test(unit)) {
      const word = words(text.slice(next, next + 6))[0] ?? '';
      if (MEASURE.test(word)) {
        unit += word;
        next += word.length;
      }
    }
    units.push(unit);
  }
  return units;
}

/**
 * Width of text in characters of table text: a CJK (full-width) character 1, 「%」 0.95 (0.92 em in
 * Noto Serif SC, 0.83 in Times New Roman: at 0.55 a column sized for 「86.18%」 wrapped its 「%」),
 * other ASCII 0.55.
 */
export function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += ch === '%' ? 0.95 : (ch.codePointAt(0) ?? 0) < 0x2000 ? 0.55 : 1;
  return width;
}

/** Lines a text takes at a width (characters of table text), breaking greedily between units. */
export function lineCount(text: string, width: number, byWords = false): number {
  let lines = 0;
  for (const paragraph of text.split('\n')) {
    lines++;
    let used = 0;
    for (const unit of breakUnits(paragraph, byWords)) {
      const w = textWidth(unit);
      if (used > 0 && used + textWidth(unit.trimEnd()) > width) {
        lines++;
        used = 0;
      }
      // A unit wider than the line is broken between its characters.
      if (w > width) {
        lines += Math.ceil(w / width) - 1;
        used = w % width;
      } else used += w;
    }
  }
  return lines;
}

/**
 * The lines of a heading cell at a width (characters of table text), broken between words as the
 * PDF breaks them. Word and WPS break Chinese text between any two characters; the DOCX writes these
 * breaks out so that a heading reads 「一级／指标」, never 「一级指／标」.
 */
export function headingLines(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const unit of breakUnits(paragraph, true)) {
      if (line !== '' && textWidth(line) + textWidth(unit.trimEnd()) > width) {
        lines.push(line.trimEnd());
        line = '';
      }
      line += unit;
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

/** What the allocation needs of a cell. */
export interface WidthCell {
  text: string;
  row: number;
  col: number;
  colSpan: number;
  rowSpan: number;
  /** A heading: broken between words. */
  heading: boolean;
  /** A label (a heading or a row label): kept within maxLabelLines where it stands in one row. */
  label: boolean;
}

/** Width of a whole table in characters of table text: the 156 mm text block at 9 pt. */
export const TABLE_WIDTH = ((156 / 25.4) * 72) / 9;
/** Cell padding, both sides together, in characters (DOCX 57 twips a side, PDF 2.5 pt). */
export const CELL_PADDING = (2 * 57) / 20 / 9;
/**
 * How much narrower than its cell the DOCX breaks a heading's lines, in characters: a quarter
 * character for the glyphs' rounding and the half-point rules (LibreOffice sets a cell's text inside
 * them), so that Word never breaks a line the DOCX wrote whole. A heading's column gets it on top of
 * the heading's width, so 「项目名称」 stays on one line in the DOCX as in the PDF.
 */
export const HEADING_MARGIN = 0.25 + 0.5 / 9;

/** Smallest change of a column's width the allocation makes, in characters. */
const STEP = 0.5;
/** Widest single change tried when a column saves no line at one step (its lines fall in stairs). */
const REACH = 12;

/**
 * Column widths from content, summing to TABLE_WIDTH. Each column gets at least its longest
 * unbreakable unit (a merged cell's shared among the columns it covers) and room for its labels in
 * two lines (maxLabelLines); the rest goes, STEP by STEP, to the column where it saves the most
 * lines of table per character of width. A row is as tall as its tallest one-column cell, so
 * widening a column saves only where its cell is the row's tallest; each paragraph takes about
 * ⌈length / width⌉ lines. Width that saves no line is shared in proportion to the widths.
 */
export function columnWidths(count: number, cells: readonly WidthCell[]): number[] {
  // The same table is set again for each format and each render of a package: keep the answer.
  let key = `${count}`;
  for (const c of cells) key += `\u0001${c.row},${c.col},${c.colSpan},${c.rowSpan},${+c.heading}${+c.label},${c.text}`;
  const known = widthCache.get(key);
  if (known) return [...known];
  const widths = allocate(count, cells);
  if (widthCache.size > MAX_TABLES) widthCache.clear();
  widthCache.set(key, widths);
  return [...widths];
}

const widthCache = new Map<string, number[]>();
/** Bound on the tables whose widths are kept. */
const MAX_TABLES = 2_000;

function allocate(count: number, cells: readonly WidthCell[]): number[] {
  const min = new Array<number>(count).fill(1 + CELL_PADDING);
  /** The one-column, one-row cells, by row: what wraps and sets a row's height. */
  const rows = new Map<number, { col: number; lengths: number[] }[]>();
  for (const cell of cells) {
    if (cell.text === '') continue;
    const paragraphs = cell.text.split('\n');
    const need = widthNeeded(cell.text, cell.heading, cell.label && cell.rowSpan === 1) + (cell.heading ? HEADING_MARGIN : 0);
    for (let c = cell.col; c < cell.col + cell.colSpan && c < count; c++) {
      min[c] = Math.max(min[c] ?? 0, need / cell.colSpan + CELL_PADDING);
    }
    if (cell.colSpan === 1 && cell.rowSpan === 1) {
      const row = rows.get(cell.row) ?? [];
      row.push({ col: cell.col, lengths: paragraphs.map(textWidth) });
      rows.set(cell.row, row);
    }
  }
  const floor = min.reduce((a, b) => a + b, 0);
  // Units and labels alone wider than the table: each column its share by its minimum.
  if (floor >= TABLE_WIDTH) return min.map((m) => (TABLE_WIDTH * m) / floor);
  const widths = [...min];
  const linesAt = (lengths: readonly number[], width: number) => {
    const inner = width - CELL_PADDING;
    let n = 0;
    // A wrapped line may end up to a character short, where punctuation keeps two together.
    for (const length of lengths) n += length <= inner + 1e-9 ? 1 : Math.ceil(length / Math.max(1, inner - 1) - 1e-9);
    return n;
  };
  const byColumn: { lengths: number[]; others: number; height: number }[][] = Array.from({ length: count }, () => []);
  /** Each row's cells of a column, with the height the row's other cells need and the row's height. */
  const settle = () => {
    for (const list of byColumn) list.length = 0;
    for (const row of rows.values()) {
      const lines = row.map((cell) => linesAt(cell.lengths, widths[cell.col] ?? 0));
      // The tallest and the second tallest: the others of the tallest cell are the second.
      let first = 1;
      let second = 1;
      for (const n of lines) {
        if (n > first) [first, second] = [n, first];
        else if (n > second) second = n;
      }
      row.forEach((cell, i) => {
        const others = lines[i] === first ? second : first;
        byColumn[cell.col]?.push({ lengths: cell.lengths, others, height: first });
      });
    }
  };
  /** Widenings (on the STEP grid) at which a paragraph of the column gets a line shorter. */
  const stepsOf = (column: readonly { lengths: number[] }[], width: number, reach: number) => {
    const steps = new Set<number>();
    for (const cell of column) {
      for (const length of cell.lengths) {
        const lines = linesAt([length], width);
        if (lines <= 1) continue;
        // ⌈length / (inner − 1)⌉ drops below `lines` once inner − 1 ≥ length / (lines − 1).
        const step = Math.ceil((length / (lines - 1) + 1 + CELL_PADDING - width) / STEP - 1e-9) * STEP;
        if (step > 0 && step <= reach + 1e-9) steps.add(step);
      }
    }
    return steps;
  };
  /** The best saving of column c within `room`: lines of table saved per character, and the widening. */
  const offer = (c: number, room: number) => {
    const column = byColumn[c] ?? [];
    // Nothing to save where every cell of the column is one line or shorter than its row.
    if (column.every((cell) => cell.height <= Math.max(cell.others, 1))) return null;
    const width = widths[c] ?? 0;
    let best: { rate: number; step: number } | null = null;
    for (const step of stepsOf(column, width, Math.min(REACH, room))) {
      let saved = 0;
      for (const cell of column) saved += cell.height - Math.max(cell.others, linesAt(cell.lengths, width + step));
      if (saved / step > (best?.rate ?? 0)) best = { rate: saved / step, step };
    }
    return best;
  };
  let room = TABLE_WIDTH - floor;
  for (;;) {
    settle();
    let best = -1;
    let chosen: { rate: number; step: number } | null = null;
    for (let c = 0; c < count; c++) {
      const o = offer(c, room);
      if (o && o.rate > (chosen?.rate ?? 0)) [best, chosen] = [c, o];
    }
    if (!chosen) break;
    widths[best] = (widths[best] ?? 0) + chosen.step;
    room -= chosen.step;
  }
  const sum = widths.reduce((a, b) => a + b, 0);
  return widths.map((w) => (TABLE_WIDTH * w) / sum);
}

/**
 * Lines a label may take: two; a long column heading (「偏差原因分析及改进措施」) three, as the
 * templates set it, so that it does not hold a wide column open over short figures.
 */
export function maxLabelLines(text: string, heading: boolean): number {
  return heading && textWidth(text) > 8 ? 3 : 2;
}

const needCache = new Map<string, number>();

/**
 * The least width (characters, without padding) a cell's text needs: its longest unit, and for a
 * label in a row of its own, maxLabelLines at most. Labels and headings repeat from table to table and
 * document to document, so the answer is kept.
 */
function widthNeeded(text: string, byWords: boolean, twoLines: boolean): number {
  const key = `${byWords ? 'w' : 'c'}${twoLines ? '2' : '1'}${text}`;
  const known = needCache.get(key);
  if (known !== undefined) return known;
  const paragraphs = text.split('\n');
  let width = Math.max(...paragraphs.flatMap((p) => breakUnits(p, byWords)).map((u) => textWidth(u.trimEnd())));
  if (twoLines) {
    // n lines hold at most n times the width: start there and widen until they do.
    const most = Math.max(maxLabelLines(text, byWords), paragraphs.length);
    width = Math.max(width, Math.ceil(Math.max(...paragraphs.map(textWidth)) / most / STEP) * STEP);
    while (lineCount(text, width, byWords) > most) width += STEP;
  }
  if (needCache.size > MAX_CACHED) needCache.clear();
  needCache.set(key, width);
  return width;
}
