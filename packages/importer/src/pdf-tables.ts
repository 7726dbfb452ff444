/**
 * A table's text: each glyph goes to the cell its middle falls in, each cell's glyphs become its
 * text. A merged cell is read once, in the row where it starts, across the columns it covers; in
 * the rows a vertical merge covers below, it reads blank, as the DOCX reader gives it.
 */
import { joinLines, textLines, type TextLine } from './pdf-lines.js';
import type { Glyph } from './pdf-operators.js';
import type { Grid } from './pdf-rules.js';

export interface TableCell {
  text: string;
  /** Left and right edges on the page. */
  x0: number;
  x1: number;
  /** A ruled cell's first and last lines and the edge its text wraps at: how a row split by a page break is put together. */
  lines?: { first: TextLine; last: TextLine; right: number };
}

export interface TableRow {
  cells: TableCell[];
}

export interface Table {
  rows: TableRow[];
  x0: number;
  x1: number;
  /** Where the table starts down the page. */
  top: number;
  /** Drawn with rules: its columns are known, not guessed. */
  ruled: boolean;
}

/** Where a glyph's middle is: its glyphs stand on the baseline and reach about 0.85 em up. */
export function middleOf(glyph: Glyph): [number, number] {
  return [(glyph.x0 + glyph.x1) / 2, glyph.y - 0.35 * glyph.size];
}

export function inGrid(grid: Grid, [x, y]: [number, number]): boolean {
  return x >= grid.xs[0]! && x <= grid.xs.at(-1)! && y >= grid.ys[0]! && y <= grid.ys.at(-1)!;
}

/** Index of the interval of `edges` holding `at` (edges ascending, `at` within them). */
function intervalOf(edges: readonly number[], at: number): number {
  let lo = 0;
  let hi = edges.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (edges[mid]! <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function fillGrid(grid: Grid, glyphs: readonly Glyph[]): Table {
  const { xs, ys, regionOf, regions } = grid;
  const inside: Glyph[][] = regions.map(() => []);
  for (const glyph of glyphs) {
    const [x, y] = middleOf(glyph);
    inside[regionOf[intervalOf(ys, y)]![intervalOf(xs, x)]!]!.push(glyph);
  }
  const texts = regions.map((region, i): Pick<TableCell, 'text' | 'lines'> => {
    const lines = textLines(inside[i]!);
    if (lines.length === 0) return { text: '' };
    const left = xs[region.col]!;
    const size = lines.reduce((max, line) => Math.max(max, line.size), 0);
    // The cell's padding, as far as its text shows it: the least indent of a line.
    const indent = lines.reduce((min, line) => Math.min(min, line.x0 - left), Infinity);
    const right = xs[region.col + region.cols]! - Math.min(0.6 * size, Math.max(0, indent));
    return { text: joinLines(lines, right), lines: { first: lines[0]!, last: lines.at(-1)!, right } };
  });
  const rows: TableRow[] = ys.slice(0, -1).map((_, r) => {
    const cells: TableCell[] = [];
    const line = regionOf[r]!;
    for (let c = 0; c < line.length;) {
      const at = line[c]!;
      let end = c + 1;
      while (end < line.length && line[end] === at) end++;
      cells.push({ ...(regions[at]!.row === r ? texts[at]! : { text: '' }), x0: xs[c]!, x1: xs[end]! });
      c = end;
    }
    return { cells };
  });
  return { rows, x0: xs[0]!, x1: xs.at(-1)!, top: ys[0]!, ruled: true };
}
