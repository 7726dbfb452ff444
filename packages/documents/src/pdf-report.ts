/**
 * The 自评报告's text in the PDF on the GB/T 9704 grid: 22 lines a page, 28 characters a line,
 * justified (body-lines.ts), titles broken at meaning units (title-lines.ts), no page that starts
 * with a paragraph's last line alone or ends with its first line alone, a heading kept with what
 * follows it, the 附件 list as GB/T 9704 7.3.5 sets it, a bookmark per section, and the page
 * numbers. Glyphs are placed one by one in the content stream, so that each character sits in its
 * grid cell whatever the font's own advances.
 */
import type { Report } from '@jixiao/core';
import { type Block, reportBlocks } from './blocks.js';
import { bodyLines, type Placed, type Run } from './body-lines.js';
import { fallbackFont, type FontRole } from './fonts.js';
import { BODY_BOTTOM, BODY_TOP, CELL, ER, LINE_PITCH, LINES, MARGINS, mm, num, SAN, SI, TEXT_WIDTH } from './page.js';
import { clean } from './text.js';
import { titleLines } from './title-lines.js';

type Doc = PDFKit.PDFDocument;

/** The parts of a pdfkit 0.17 embedded font used to place glyphs directly. */
interface EmbeddedFont {
  id: string;
  font: { hasGlyphForCodePoint(codePoint: number): boolean };
  encode(text: string): [string[], { xAdvance: number; advanceWidth: number }[]];
  widthOfString(text: string, size: number): number;
  ref(): unknown;
}

interface DocState {
  _font?: EmbeddedFont;
  page: { fonts: Record<string, unknown> };
  addContent(data: string): void;
}

/** The embedded font of a role (pdfkit's own object, so the subset and ToUnicode map stay pdfkit's). */
function fontOf(doc: Doc, role: FontRole | string): EmbeddedFont {
  doc.font(role);
  const font = (doc as unknown as DocState)._font;
  if (!font || typeof font.encode !== 'function') throw new Error('pdfkit 字体对象不受支持');
  return font;
}

/** Where the baseline of a line sits in its line box: the ideographic em box centred in the pitch. */
const baselineIn = (pitch: number, size: number) => (pitch - size) / 2 + 0.88 * size;

/**
 * Sets placed characters on one baseline: one BT…ET, a font switch where the role changes, each
 * glyph moved to its place with TJ adjustments.
 */
export function setPlaced(doc: Doc, left: number, baseline: number, placed: readonly Placed<FontRole>[], size: number): void {
  if (placed.length === 0) return;
  const state = doc as unknown as DocState;
  const ops = ['BT'];
  const scale = size / 1000;
  const families = (doc as unknown as { _fontFamilies: Record<string, unknown> })._fontFamilies;
  /** The role's font, or its bundled font for a text the role's installed font has no glyph for. */
  const nameFor = (item: Placed<FontRole>) => {
    const fallback = fallbackFont(item.role);
    if (!(fallback in families)) return item.role;
    const own = fontOf(doc, item.role).font;
    return [...item.text].every((ch) => own.hasGlyphForCodePoint(ch.codePointAt(0) as number)) ? item.role : fallback;
  };
  let role: string | null = null;
  let parts: string[] = [];
  let pen = 0;
  const flush = () => {
    if (parts.length > 0) ops.push(`[${parts.join(' ')}] TJ`);
    parts = [];
  };
  for (const item of placed) {
    const name = nameFor(item);
    if (name !== role) {
      flush();
      role = name;
      const font = fontOf(doc, role);
      state.page.fonts[font.id] ??= font.ref();
      // The page's user space is y-down (pdfkit's flip); the text matrix turns glyphs upright again.
      ops.push(`/${font.id} ${num(size)} Tf`, `1 0 0 -1 ${num(left + item.x)} ${num(baseline)} Tm`);
      pen = item.x;
    }
    const [glyphs, positions] = fontOf(doc, role).encode(item.text);
    let x = item.x;
    glyphs.forEach((glyph, i) => {
      const move = x - pen;
      if (Math.abs(move) > 0.001) parts.push(num(-move / scale));
      parts.push(`<${glyph}>`);
      const p = positions[i] as { xAdvance: number; advanceWidth: number };
      pen = x + p.advanceWidth * scale;
      x += p.xAdvance * scale;
    });
  }
  flush();
  ops.push('ET');
  state.addContent(ops.join('\n'));
}

/** A title in 二号 小标宋, broken at meaning units and centred, lines `pitch` apart from `top`; returns the y under it. */
export function writeTitle(doc: Doc, title: string, top: number, pitch: number, keep: readonly string[]): number {
  const font = fontOf(doc, 'title');
  const measure = (text: string) => font.widthOfString(text, ER);
  const lines = titleLines(clean(title), TEXT_WIDTH, measure, keep);
  lines.forEach((line, i) => {
    const x = (TEXT_WIDTH - measure(line)) / 2;
    setPlaced(doc, MARGINS.left, top + i * pitch + baselineIn(pitch, ER), [{ text: line, role: 'title', x }], ER);
  });
  return top + lines.length * pitch;
}

/**
 * One centred line in 三号 仿宋 with its top at `top`, made smaller when it would not fit the line
 * (a long unit name on the cover): the line is one field and is not broken.
 */
export function writeCentered(doc: Doc, text: string, top: number): void {
  const font = fontOf(doc, 'body');
  // A character's width free at each side, so that the line does not read as one that runs on.
  const room = TEXT_WIDTH - 2 * CELL;
  const natural = font.widthOfString(text, SAN);
  const size = natural > room ? (SAN * room) / natural : SAN;
  const x = (TEXT_WIDTH - font.widthOfString(text, size)) / 2;
  setPlaced(doc, MARGINS.left, top + baselineIn(LINE_PITCH, size), [{ text, role: 'body', x }], size);
}

/** Line pitch of the title on the report's first page (the DOCX's DocTitle: exact 35 pt). */
const TITLE_PITCH = 35;

interface Laid {
  block: Block;
  lines: Placed<FontRole>[][];
}

const ROLE: Record<Block['kind'], FontRole> = {
  heading1: 'heading',
  heading2: 'kai',
  heading3: 'body',
  body: 'body',
  attachmentList: 'body',
};
const isHeading = (block: Block) => block.kind.startsWith('heading');

function layBlock(doc: Doc, block: Block): Laid {
  const fonts = { body: fontOf(doc, 'body'), title: fontOf(doc, 'title'), heading: fontOf(doc, 'heading'), kai: fontOf(doc, 'kai') };
  const measure = (text: string, role: FontRole) => fonts[role].widthOfString(text, SAN);
  const runs: Run<FontRole>[] = [];
  if (block.lead !== '') runs.push({ text: block.lead, role: block.kind === 'attachmentList' ? 'body' : 'kai' });
  if (block.text !== '') runs.push({ text: block.text, role: ROLE[block.kind] });
  if (block.kind !== 'attachmentList') {
    return { block, lines: bodyLines(runs, { width: TEXT_WIDTH, cell: CELL, size: SAN, firstIndent: 2 * CELL, indent: 0, measure }) };
  }
  // 「附件：1. 名称」 two characters in; later items under 「1.」, a long name's next lines under its first character.
  const number = /^\S+\s*/u.exec(block.text)?.[0] ?? '';
  const listStart = 2 * CELL + 3 * CELL;
  const nameStart = listStart + measure(number.trimEnd(), 'body') + (number.endsWith(' ') ? measure(' ', 'body') : 0);
  return {
    block,
    lines: bodyLines(runs, {
      width: TEXT_WIDTH,
      cell: CELL,
      size: SAN,
      firstIndent: block.lead !== '' ? 2 * CELL : listStart,
      indent: nameStart,
      measure,
      ragged: true,
    }),
  };
}

/** Lines a block needs on the page where it starts: a heading with the start of what follows, a paragraph two (or all of a short one). */
function keepLines(laid: readonly Laid[], k: number): number {
  const item = laid[k];
  if (!item) return 0;
  if (isHeading(item.block)) return item.lines.length + keepLines(laid, k + 1);
  // Three lines cannot be split without leaving one alone.
  return item.lines.length <= 3 ? item.lines.length : 2;
}

/** How many of a paragraph's `count` remaining lines go on a page with `room` lines left. */
function linesHere(count: number, room: number): number {
  if (count <= room) return count;
  let here = room;
  // No last line alone at the top of the next page (widow), no first line alone at the foot of this one (orphan).
  if (count - here === 1) here--;
  if (here === 1 && count > 1) here = 0;
  return Math.max(0, here);
}

interface Outline {
  addItem(title: string, options?: { expanded?: boolean }): Outline;
}

/**
 * The report from a new page: title, sections, 附件 list, each section bookmarked under the
 * report's own bookmark. Leaves doc.y under the last line.
 */
export function writeReport(doc: Doc, report: Report, keep: readonly string[]): void {
  doc.addPage();
  const root = (doc as unknown as { outline: Outline }).outline.addItem(clean(report.cover.title) || '自评报告', { expanded: true });
  const titleBottom = writeTitle(doc, report.cover.title, BODY_TOP, TITLE_PITCH, keep);
  // The body stays on the grid: it starts on the line after the one blank line under the title.
  let slot = Math.ceil((titleBottom - BODY_TOP) / LINE_PITCH - 0.01) + 1;
  const laid = reportBlocks(report).map((block) => layBlock(doc, block));
  const newPage = () => {
    doc.addPage();
    slot = 0;
  };
  const put = (line: Placed<FontRole>[]) => {
    setPlaced(doc, MARGINS.left, BODY_TOP + slot * LINE_PITCH + baselineIn(LINE_PITCH, SAN), line, SAN);
    slot++;
  };
  laid.forEach((item, k) => {
    const { block, lines } = item;
    if (block.kind === 'attachmentList') {
      const first = laid[k - 1]?.block.kind !== 'attachmentList';
      // A blank line before the list, which stays on one page.
      const list = first ? laid.slice(k).reduce((n, l) => n + l.lines.length, 0) : 0;
      if (first && slot > 0) slot++;
      if (first && slot + list > LINES && list <= LINES) newPage();
    } else if (isHeading(block) && slot > 0 && slot + keepLines(laid, k) > LINES) {
      newPage();
    }
    if (block.kind === 'heading1') root.addItem(block.text);
    let rest = lines;
    for (;;) {
      const here = block.kind === 'attachmentList' ? Math.min(rest.length, LINES - slot) : linesHere(rest.length, LINES - slot);
      rest.slice(0, here).forEach(put);
      rest = rest.slice(here);
      if (rest.length === 0) break;
      newPage();
    }
  });
  doc.y = BODY_TOP + slot * LINE_PITCH;
}

/**
 * "— n —" in 四号 with half-width figures, odd pages right and even pages left, one character in;
 * the 一字线 7 mm under the text block (GB/T 9704 7.5). The first `skip` pages (the cover) have none.
 */
export function pageNumbers(doc: Doc, skip: number): void {
  const range = (doc as unknown as { bufferedPageRange(): { start: number; count: number } }).bufferedPageRange();
  const font = fontOf(doc, 'body');
  // The dash sits at the middle of the ideographic em box, 0.38 em over the baseline.
  const baseline = BODY_BOTTOM + mm(7) + 0.38 * SI;
  for (let i = range.start + skip; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const n = i - range.start - skip + 1;
    const text = `— ${n} —`;
    const width = font.widthOfString(text, SI);
    const x = n % 2 === 1 ? TEXT_WIDTH - SI - width : SI;
    setPlaced(doc, MARGINS.left, baseline, [{ text, role: 'body', x }], SI);
  }
}
