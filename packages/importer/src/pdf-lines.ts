/**
 * Glyphs into lines of text, and lines into the text of a paragraph or a cell. A PDF has no
 * spaces or line breaks of its own: a space is read where Latin words stand apart, a line is the
 * glyphs on one baseline, and a line break is kept only where the text broke before the margin —
 * a line that ends because the next word would not fit is the same paragraph going on.
 */
import type { Glyph } from './pdf-operators.js';

/** Part of a line set apart by a wide gap: a column of a table without rules, a tab stop. */
export interface Run {
  text: string;
  x0: number;
  x1: number;
}

export interface TextLine {
  text: string;
  glyphs: Glyph[];
  runs: Run[];
  x0: number;
  x1: number;
  /** Baseline. */
  y: number;
  /** Largest font size on the line. */
  size: number;
  /** The line ends in a space glyph: a writer that draws the space a line broke at says so. */
  spaceAfter: boolean;
}

/** Glyphs further apart than this many ems belong to different runs. */
const RUN_GAP = 0.8;
/** Latin glyphs further apart than this many ems have a space between them. */
const WORD_GAP = 0.25;

/** Characters set full width: ideographs, CJK and full-width punctuation, Chinese quotation marks. */
const WIDE = /[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u2018-\u201d\u2026\u2014]/u;

/** Lines of text from the glyphs of one region, top to bottom. */
export function textLines(glyphs: readonly Glyph[]): TextLine[] {
  const sorted = [...glyphs].sort((a, b) => a.y - b.y || a.x0 - b.x0);
  const groups: Glyph[][] = [];
  let group: Glyph[] = [];
  let baseline = 0;
  let size = 0;
  for (const glyph of sorted) {
    if (group.length > 0 && glyph.y - baseline > 0.35 * Math.max(size, glyph.size)) {
      groups.push(group);
      group = [];
    }
    if (group.length === 0) {
      baseline = glyph.y;
      size = glyph.size;
    }
    size = Math.max(size, glyph.size);
    group.push(glyph);
  }
  if (group.length > 0) groups.push(group);
  return groups.map(lineOf).filter((line): line is TextLine => line !== null);
}

function lineOf(group: Glyph[]): TextLine | null {
  const glyphs = withoutOverprint(group.sort((a, b) => a.x0 - b.x0));
  const parts: Glyph[][] = [[]];
  for (const glyph of glyphs) {
    const last = parts.at(-1)!.at(-1);
    if (last && glyph.x0 - last.x1 > RUN_GAP * Math.max(glyph.size, last.size)) parts.push([]);
    parts.at(-1)!.push(glyph);
  }
  const runs = parts.map(runOf).filter((run): run is Run => run !== null);
  if (runs.length === 0) return null;
  const y = median(glyphs.map((g) => g.y));
  const size = glyphs.reduce((max, g) => Math.max(max, g.size), 0);
  const spaceAfter = glyphs.at(-1)!.text.trim() === '';
  return { text: runs.map((run) => run.text).join(' '), glyphs, runs, x0: runs[0]!.x0, x1: runs.at(-1)!.x1, y, size, spaceAfter };
}

/**
 * Bold set by printing a glyph twice, slightly shifted (office suites do this for fonts without a
 * bold face), reads once.
 */
function withoutOverprint(glyphs: Glyph[]): Glyph[] {
  const out: Glyph[] = [];
  for (const glyph of glyphs) {
    const twin = out.at(-1);
    // Shifted by a fraction of its own width (the letters of "ll" stand a whole width apart).
    const shifted = twin !== undefined && glyph.x0 - twin.x0 < 0.3 * (twin.x1 - twin.x0) && Math.abs(twin.y - glyph.y) < 0.3 * glyph.size;
    if (shifted && twin.text === glyph.text) continue;
    out.push(glyph);
  }
  return out;
}

/** A run of glyphs (in order) as text and extent; null if it shows nothing. */
export function runOf(glyphs: readonly Glyph[]): Run | null {
  const text = runText(glyphs).trim();
  const shown = glyphs.filter((g) => g.text.trim() !== '');
  return text !== '' && shown.length > 0 ? { text, x0: shown[0]!.x0, x1: shown.at(-1)!.x1 } : null;
}

/** A run's text: its glyphs in order, a space where Latin words stand apart without one. */
function runText(glyphs: readonly Glyph[]): string {
  let text = '';
  let last: Glyph | undefined;
  for (const glyph of glyphs) {
    if (last && glyph.x0 - last.x1 > WORD_GAP * glyph.size && !/\s$/.test(text) && glyph.text.trim() !== '') {
      if (!WIDE.test(text.at(-1) ?? '') && !WIDE.test(glyph.text[0] ?? '')) text += ' ';
    }
    text += glyph.text;
    last = glyph;
  }
  return text;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * Whether `next` continues the line before it: its first word (or first ideograph) would not
 * have fitted before `right`, the inner edge of the cell or the text block, so the line was
 * wrapped, not ended.
 */
export function wrapsInto(line: TextLine, next: TextLine, right: number): boolean {
  const size = Math.max(line.size, next.size);
  const space = spaceBetween(line, next) ? WORD_GAP * size : 0;
  return line.x1 + space + firstUnitWidth(next) > right - 0.3 * size;
}

/** Lines of one cell or paragraph as its text: wrapped lines joined, lines that ended kept apart by "\n". */
export function joinLines(lines: readonly TextLine[], right: number): string {
  let text = '';
  lines.forEach((line, i) => {
    const previous = lines[i - 1];
    if (!previous) text = line.text;
    else if (wrapsInto(previous, line, right)) text += (spaceBetween(previous, line) ? ' ' : '') + line.text;
    else text += `\n${line.text}`;
  });
  return text;
}

/**
 * Whether a wrapped line and the next were parted by a space: the line ends in a drawn space, or
 * the break fell between two Latin words. Writers that drop the space a line broke at leave no
 * trace of it between an ideograph and a number.
 */
export function spaceBetween(line: TextLine, next: TextLine): boolean {
  return line.spaceAfter || (/[A-Za-z]$/.test(line.text) && /^[A-Za-z]/.test(next.text));
}

/** Punctuation a line breaker keeps with the character before it (no line starts with it). */
const CLOSING = /^[，。、；：？！）》」』】〕…—%‰·,.;:?!)\]}]/u;
/** Punctuation a line breaker keeps with the character after it (no line ends with it). */
const OPENING = /^[（《「『【〔([{]/u;
/** Quotation marks stay with the characters on both sides (Unicode line breaking, class QU). */
const QUOTE = /^[“”‘’"']/u;
const LATIN = /^[\x21-\x7e]/;

/**
 * Width of what a line breaker would have had to fit first: a Latin word or number, else one
 * character — with the punctuation and quotation marks it may not be parted from.
 */
function firstUnitWidth(line: TextLine): number {
  const glyphs = line.glyphs.filter((g) => g.text.trim() !== '');
  const first = glyphs[0];
  if (!first) return 0;
  let k = 0;
  for (;;) {
    const current = glyphs[k]!;
    const next = glyphs[k + 1];
    if (!next) break;
    const word = LATIN.test(current.text) && LATIN.test(next.text) && next.x0 - current.x1 <= WORD_GAP * first.size;
    if (!(word || CLOSING.test(next.text) || OPENING.test(current.text) || QUOTE.test(current.text) || QUOTE.test(next.text))) break;
    k++;
  }
  return glyphs[k]!.x1 - first.x0;
}
