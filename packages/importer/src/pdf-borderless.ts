/**
 * Tables drawn without rules: lines of text that stand in columns. Consecutive lines of which at
 * least two are split by wide gaps form a candidate; its columns are the gutters that (nearly) no
 * line's text crosses (see rowBands for its rows). The columns are a guess (`ruled` false).
 */
import { joinLines, runOf, textLines, wrapsInto, type Run, type TextLine } from './pdf-lines.js';
import type { Glyph } from './pdf-operators.js';
import type { Table, TableCell } from './pdf-tables.js';

/** Lines further apart than this many line heights are not rows of one table. */
const ROW_PITCH = 2.5;
/** Share of a table's lines allowed to cross a gutter (a merged cell, a long label). */
const CROSSING = 0.1;
/** Narrowest gutter, in ems: wider than a space between Latin words. */
const GUTTER = 0.8;

/** The page's free lines with the runs of lines that stand in columns turned into tables, top to bottom. */
export function findBorderless(lines: readonly TextLine[]): (TextLine | Table)[] {
  const out: (TextLine | Table)[] = [];
  let block: TextLine[] = [];
  const flush = () => {
    out.push(...tableOrLines(block));
    block = [];
  };
  for (const line of lines) {
    const last = block.at(-1);
    if (last && line.y - last.y > ROW_PITCH * Math.max(line.size, last.size)) flush();
    block.push(line);
  }
  flush();
  return out;
}

function tableOrLines(block: TextLine[]): (TextLine | Table)[] {
  const first = block.findIndex((line) => line.runs.length > 1);
  let last = block.length - 1;
  while (last >= 0 && block[last]!.runs.length < 2) last--;
  const core = first === -1 ? [] : block.slice(first, last + 1);
  if (core.filter((line) => line.runs.length > 1).length < 2) return block;
  const edges = columnEdges(core);
  if (!edges) return block;
  // Lines just above and below with text in one column each are rows too (a label whose value
  // cells are blank, a header cell's first line): not a title or a note across the page.
  const pitches = core.slice(1).map((line, i) => line.y - core[i]!.y);
  const near = 1.5 * ([...pitches].sort((a, b) => a - b)[Math.floor(pitches.length / 2)] ?? 0);
  const inColumns = (line: TextLine) =>
    line.runs.every((run) => {
      const [start, end] = columnsOf(edges, run.x0, run.x1);
      return start === end;
    });
  let from = first;
  while (from > 0 && inColumns(block[from - 1]!) && block[from]!.y - block[from - 1]!.y <= near) from--;
  let to = last;
  while (to + 1 < block.length && inColumns(block[to + 1]!) && block[to + 1]!.y - block[to]!.y <= near) to++;
  const lines = block.slice(from, to + 1).map((line) => splitAtEdges(line, edges));
  return [...block.slice(0, from), tableOf(lines, edges), ...block.slice(to + 1)];
}

/**
 * A run that crosses a column edge is two cells' text set too close to part (a label that fills
 * its column, then the figure beside it) when a gap between its glyphs, near the edge, stands out
 * from the glyphs' own spacing: it is split there.
 */
function splitAtEdges(line: TextLine, edges: readonly number[]): TextLine {
  const inner = edges.slice(1, -1);
  const runs = line.runs.flatMap((run) => {
    const glyphs = line.glyphs.filter((g) => g.x0 >= run.x0 - 0.01 && g.x1 <= run.x1 + 0.01);
    const cuts = new Set<number>();
    for (const edge of inner) {
      if (!(run.x0 < edge && edge < run.x1)) continue;
      let best = -1;
      glyphs.forEach((glyph, i) => {
        const before = glyphs[i - 1];
        const gap = before ? glyph.x0 - before.x1 : -Infinity;
        const near = before && Math.abs((before.x1 + glyph.x0) / 2 - edge) <= glyph.size;
        if (near && gap > 0.1 * glyph.size && (best === -1 || gap > glyphs[best]!.x0 - glyphs[best - 1]!.x1)) best = i;
      });
      if (best !== -1) cuts.add(best);
    }
    if (cuts.size === 0) return [run];
    const pieces: Glyph[][] = [[]];
    glyphs.forEach((glyph, i) => {
      if (cuts.has(i)) pieces.push([]);
      pieces.at(-1)!.push(glyph);
    });
    return pieces.map(runOf).filter((piece): piece is Run => piece !== null);
  });
  return { ...line, runs };
}

/** Column edges from the gutters, or null when the lines do not stand in two or more columns. */
function columnEdges(lines: TextLine[]): number[] | null {
  const left = Math.floor(lines.reduce((min, line) => Math.min(min, line.x0), Infinity));
  const right = Math.ceil(lines.reduce((max, line) => Math.max(max, line.x1), -Infinity));
  const width = right - left;
  if (width <= 0 || width > 20_000) return null;
  const cover = new Uint16Array(width + 1);
  for (const line of lines) {
    for (const run of line.runs) for (let x = Math.floor(run.x0) - left; x <= Math.ceil(run.x1) - left; x++) cover[x]!++;
  }
  const size = lines.map((line) => line.size).sort((a, b) => a - b)[Math.floor(lines.length / 2)]!;
  const crossing = Math.floor(CROSSING * lines.length);
  const cuts: number[] = [];
  let start = -1;
  for (let x = 0; x <= width; x++) {
    if (cover[x]! <= crossing) {
      if (start === -1) start = x;
    } else {
      if (start > 0 && x - start >= GUTTER * size) cuts.push(left + clearest(cover, start, x));
      start = -1;
    }
  }
  return cuts.length > 0 ? [left, ...cuts, right] : null;
}

/** The middle of the longest stretch of a gutter that the fewest lines cross. */
function clearest(cover: Uint16Array, from: number, to: number): number {
  const least = cover.subarray(from, to).reduce((min, count) => Math.min(min, count), Infinity);
  let best = { from, length: 0 };
  for (let x = from; x < to;) {
    if (cover[x] !== least) {
      x++;
      continue;
    }
    let end = x;
    while (end < to && cover[end] === least) end++;
    if (end - x > best.length) best = { from: x, length: end - x };
    x = end;
  }
  return best.from + best.length / 2;
}

/** The columns a run covers: from the first it overlaps to the last it reaches well into. */
function columnsOf(edges: readonly number[], x0: number, x1: number): [number, number] {
  let from = 0;
  while (from + 2 < edges.length && x0 >= edges[from + 1]!) from++;
  let to = from;
  while (to + 2 < edges.length && x1 > edges[to + 1]! + 1) to++;
  return [from, to];
}

/**
 * One cell per column in every row, blank ones included, each holding the runs that start in it:
 * with the columns guessed, rows are matched to their header by position, which needs every row
 * to have every column (a run across a gutter leaves the columns it covers blank).
 */
function tableOf(lines: TextLine[], edges: number[]): Table {
  const rows = rowBands(lines, edges).map((band) => {
    const columns: Glyph[][] = edges.slice(1).map(() => []);
    for (const line of band) {
      for (const run of line.runs) {
        columns[columnsOf(edges, run.x0, run.x1)[0]]!.push(...line.glyphs.filter((g) => g.x0 >= run.x0 - 0.01 && g.x1 <= run.x1 + 0.01));
      }
    }
    const cells: TableCell[] = columns.map((glyphs, c) => ({
      text: joinLines(textLines(glyphs), edges[c + 1]!),
      x0: edges[c]!,
      x1: edges[c + 1]!,
    }));
    return { cells };
  });
  return { rows, x0: edges[0]!, x1: edges.at(-1)!, top: lines[0]!.y - lines[0]!.size, ruled: false };
}

/**
 * Lines grouped into table rows. Lines whose text overlaps vertically are one row (a cell centred
 * beside a wrapped label bridges the label's lines), unless a line starts afresh under the text of
 * two or more columns already in the row — the next row, bridged by a label merged down both. A
 * row whose every run wraps on from the text above it in its column is the rest of that row's
 * wrapped cells (cells set at the top of the row leave nothing between their lines).
 */
function rowBands(lines: TextLine[], edges: number[]): TextLine[][] {
  const bands: TextLine[][] = [];
  let bottom = -Infinity;
  for (const line of lines) {
    const top = line.y - 0.85 * line.size;
    const band = bands.at(-1);
    if (band && top < bottom && fresh(band, line, edges) < 2) band.push(line);
    else {
      bands.push([line]);
      bottom = -Infinity;
    }
    bottom = Math.max(bottom, line.y + 0.15 * line.size);
  }
  const rows: TextLine[][] = [];
  for (const band of bands) {
    const above = rows.at(-1);
    if (above && band.every((line) => fresh(above, line, edges) === 0 && line.runs.every((run) => lastRunAbove(above, run, edges))))
      above.push(...band);
    else rows.push([...band]);
  }
  return rows;
}

/** The last run of `band` in the column `run` starts in, with its line. */
function lastRunAbove(band: readonly TextLine[], run: Run, edges: readonly number[]): { line: TextLine; run: Run } | undefined {
  const column = columnsOf(edges, run.x0, run.x1)[0];
  let found: { line: TextLine; run: Run } | undefined;
  for (const line of band) for (const r of line.runs) if (columnsOf(edges, r.x0, r.x1)[0] === column) found = { line, run: r };
  return found;
}

/** In how many columns `line` has text that does not wrap on from the band's text there. */
function fresh(band: readonly TextLine[], line: TextLine, edges: readonly number[]): number {
  let count = 0;
  for (const run of line.runs) {
    const above = lastRunAbove(band, run, edges);
    const right = edges[columnsOf(edges, run.x0, run.x1)[0] + 1]!;
    if (above && !wrapsInto(runLine(above.line, above.run), runLine(line, run), right)) count++;
  }
  return count;
}

/** A run as a line of its own, for the wrapping test. */
function runLine(line: TextLine, run: Run): TextLine {
  const glyphs = line.glyphs.filter((g) => g.x0 >= run.x0 - 0.01 && g.x1 <= run.x1 + 0.01);
  return { ...line, text: run.text, glyphs, runs: [run], x0: run.x0, x1: run.x1 };
}
