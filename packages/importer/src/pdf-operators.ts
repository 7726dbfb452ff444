/**
 * A page's operator list (pdfjs `getOperatorList`) read into what the layout needs: every glyph
 * with its place on the page, and every straight line drawn (table rules), in page space (points,
 * origin top left, y down). Text is placed here, glyph by glyph, the way pdfjs's own canvas
 * renderer places it, rather than taken from `getTextContent`: that API merges neighbouring table
 * cells into one text item and adds spaces of its own wherever a gap looks like one, while a cell
 * boundary can fall between any two glyphs.
 */
import { apply, multiply, scaleOf, type Matrix } from './pdf-geometry.js';

export interface Glyph {
  /** What the glyph reads as ("" never: unmapped glyphs are dropped). */
  text: string;
  /** Left and right ends of the glyph along its line. */
  x0: number;
  x1: number;
  /** Baseline. */
  y: number;
  /** Font size on the page (the height of an em). */
  size: number;
}

/** A straight stroked line, or a thin filled rectangle, parallel to the page's edges. */
export interface Segment {
  horizontal: boolean;
  /** Position across the line: y of a horizontal line, x of a vertical one. */
  at: number;
  /** Extent along the line. */
  from: number;
  to: number;
}

export interface PageMarks {
  glyphs: Glyph[];
  segments: Segment[];
}

/** The operator codes used here, by pdfjs's names (pdfjs `OPS`). */
export interface OpCodes {
  readonly save: number;
  readonly restore: number;
  readonly transform: number;
  readonly paintFormXObjectBegin: number;
  readonly paintFormXObjectEnd: number;
  readonly beginGroup: number;
  readonly endGroup: number;
  readonly setStrokeRGBColor: number;
  readonly setFillRGBColor: number;
  readonly setStrokeColorN: number;
  readonly setFillColorN: number;
  readonly constructPath: number;
  readonly stroke: number;
  readonly closeStroke: number;
  readonly fill: number;
  readonly eoFill: number;
  readonly fillStroke: number;
  readonly eoFillStroke: number;
  readonly closeFillStroke: number;
  readonly closeEOFillStroke: number;
  readonly beginText: number;
  readonly setFont: number;
  readonly setCharSpacing: number;
  readonly setWordSpacing: number;
  readonly setHScale: number;
  readonly setLeading: number;
  readonly setLeadingMoveText: number;
  readonly setTextRise: number;
  readonly moveText: number;
  readonly setTextMatrix: number;
  readonly nextLine: number;
  readonly showText: number;
}

/** What a font tells about placing its glyphs (pdfjs's font object on the page's commonObjs). */
export interface FontInfo {
  fontMatrix?: ArrayLike<number>;
  vertical?: boolean;
}

export interface OperatorList {
  fnArray: ArrayLike<number>;
  argsArray: ArrayLike<unknown>;
}

/** pdfjs's path encoding inside constructPath (pdfjs `DrawOPS`). */
const MOVE_TO = 0;
const LINE_TO = 1;
const CURVE_TO = 2;
const QUADRATIC_CURVE_TO = 3;
const CLOSE_PATH = 4;

/** A filled rectangle at most this thick is a rule; thicker ones are cell shading. */
const RULE_THICKNESS = 3;
/** Lines this close to white are not seen. */
const WHITE = 0xf0;

interface State {
  ctm: Matrix;
  strokeVisible: boolean;
  fillVisible: boolean;
  font: FontInfo | undefined;
  fontSize: number;
  charSpacing: number;
  wordSpacing: number;
  hScale: number;
  leading: number;
  rise: number;
  textMatrix: Matrix;
  x: number;
  y: number;
  lineX: number;
  lineY: number;
}

interface Glyphlike {
  unicode?: unknown;
  width?: unknown;
  isSpace?: unknown;
}

/**
 * Glyphs and lines of one page. `view` maps PDF user space to page space (pdfjs viewport
 * transform at scale 1); glyphs outside `width` × `height` are hidden text and left out. Stops
 * once it holds more than `maxGlyphs` glyphs (the caller then refuses the file).
 */
export function readOperators(
  list: OperatorList,
  ops: OpCodes,
  fontOf: (name: string) => FontInfo | undefined,
  view: Matrix,
  size: { width: number; height: number },
  maxGlyphs: number,
): PageMarks {
  const glyphs: Glyph[] = [];
  const segments: Segment[] = [];
  let state: State = {
    ctm: [1, 0, 0, 1, 0, 0],
    strokeVisible: true,
    fillVisible: true,
    font: undefined,
    fontSize: 0,
    charSpacing: 0,
    wordSpacing: 0,
    hScale: 1,
    leading: 0,
    rise: 0,
    textMatrix: [1, 0, 0, 1, 0, 0],
    x: 0,
    y: 0,
    lineX: 0,
    lineY: 0,
  };
  const stack: State[] = [];
  const save = () => stack.push({ ...state });
  const restore = () => {
    state = stack.pop() ?? state;
  };

  const { fnArray, argsArray } = list;
  for (let i = 0; i < fnArray.length && glyphs.length <= maxGlyphs; i++) {
    const fn = fnArray[i];
    const args = (argsArray[i] ?? []) as unknown[];
    const n = (k: number) => (typeof args[k] === 'number' ? (args[k] as number) : 0);
    switch (fn) {
      case ops.save:
      case ops.beginGroup:
        save();
        break;
      case ops.restore:
      case ops.endGroup:
      case ops.paintFormXObjectEnd:
        restore();
        break;
      case ops.transform:
        state.ctm = multiply(state.ctm, [n(0), n(1), n(2), n(3), n(4), n(5)]);
        break;
      case ops.paintFormXObjectBegin: {
        save();
        const matrix = toMatrix(args[0]);
        if (matrix) state.ctm = multiply(state.ctm, matrix);
        break;
      }
      case ops.setStrokeRGBColor:
        state.strokeVisible = visible(args[0]);
        break;
      case ops.setFillRGBColor:
        state.fillVisible = visible(args[0]);
        break;
      case ops.setStrokeColorN:
        state.strokeVisible = true;
        break;
      case ops.setFillColorN:
        state.fillVisible = true;
        break;
      case ops.constructPath:
        readPath(args, ops, state, view, segments);
        break;
      case ops.beginText:
        state.textMatrix = [1, 0, 0, 1, 0, 0];
        state.x = state.lineX = state.y = state.lineY = 0;
        break;
      case ops.setFont:
        state.font = typeof args[0] === 'string' ? fontOf(args[0]) : undefined;
        state.fontSize = n(1);
        break;
      case ops.setCharSpacing:
        state.charSpacing = n(0);
        break;
      case ops.setWordSpacing:
        state.wordSpacing = n(0);
        break;
      case ops.setHScale:
        state.hScale = n(0) / 100;
        break;
      case ops.setLeading:
        state.leading = -n(0);
        break;
      case ops.setTextRise:
        state.rise = n(0);
        break;
      case ops.setLeadingMoveText:
        state.leading = n(1);
        state.x = state.lineX += n(0);
        state.y = state.lineY += n(1);
        break;
      case ops.moveText:
        state.x = state.lineX += n(0);
        state.y = state.lineY += n(1);
        break;
      case ops.nextLine:
        state.x = state.lineX;
        state.y = state.lineY += state.leading;
        break;
      case ops.setTextMatrix:
        state.textMatrix = toMatrix(args[0]) ?? state.textMatrix;
        state.x = state.lineX = state.y = state.lineY = 0;
        break;
      case ops.showText:
        if (Array.isArray(args[0])) showText(args[0] as (Glyphlike | number)[], state, view, size, glyphs);
        break;
    }
  }
  return { glyphs, segments };
}

function toMatrix(value: unknown): Matrix | null {
  if (!value || typeof value !== 'object' || !('length' in value)) return null;
  const m = Array.from(value as ArrayLike<unknown>, Number);
  return m.length === 6 && m.every(Number.isFinite) ? (m as unknown as Matrix) : null;
}

/** pdfjs colours are "#rrggbb"; anything else (a pattern) is taken as seen. */
function visible(color: unknown): boolean {
  if (typeof color !== 'string' || !/^#[0-9a-f]{6}$/i.test(color)) return true;
  return [1, 3, 5].some((at) => parseInt(color.slice(at, at + 2), 16) < WHITE);
}

/** Text space → page space, as pdfjs's canvas does it (text matrix, text position and rise, CTM, viewport). */
function showText(items: (Glyphlike | number)[], state: State, view: Matrix, page: { width: number; height: number }, out: Glyph[]): void {
  const fontSize = Math.abs(state.fontSize);
  if (fontSize === 0) return;
  const direction = state.fontSize < 0 ? -1 : 1;
  const hScale = state.hScale * direction;
  const fontScale = state.font?.fontMatrix?.[0] ?? 0.001;
  const vertical = state.font?.vertical === true;
  const toPage = multiply(multiply(view, state.ctm), state.textMatrix);
  const em = fontSize * scaleOf(toPage);
  let advance = 0;
  for (const item of items) {
    if (typeof item === 'number') {
      advance += ((vertical ? 1 : -1) * item * fontSize) / 1000;
      continue;
    }
    const width = (typeof item.width === 'number' ? item.width : 0) * fontSize * fontScale;
    const text = typeof item.unicode === 'string' ? normalizeGlyph(item.unicode) : '';
    const spacing = (item.isSpace === true ? state.wordSpacing : 0) + state.charSpacing;
    if (text !== '') {
      // Vertical writing (rare in these forms) advances down the page; each glyph is placed as a
      // one-glyph line, its em square standing on its baseline.
      const start = vertical
        ? apply(toPage, state.x - fontSize / 2, state.y + state.rise - advance - fontSize)
        : apply(toPage, state.x + advance * hScale, state.y + state.rise);
      const end = vertical
        ? apply(toPage, state.x + fontSize / 2, state.y + state.rise - advance - fontSize)
        : apply(toPage, state.x + (advance + width) * hScale, state.y + state.rise);
      const glyph = placed(text, start, end, em);
      if (glyph && glyph.x1 >= 0 && glyph.x0 <= page.width && glyph.y >= 0 && glyph.y - glyph.size <= page.height) out.push(glyph);
    }
    advance += vertical ? fontSize + spacing * direction : width + spacing * direction;
  }
  if (vertical) state.y -= advance;
  else state.x += advance * hScale;
}

/**
 * A glyph from the two ends of its baseline. Rotated text (a label turned a quarter in a narrow
 * cell) is laid flat: its glyphs become a column of one-glyph lines, read top to bottom.
 */
function placed(text: string, start: [number, number], end: [number, number], em: number): Glyph | null {
  const [sx, sy] = start;
  const [ex, ey] = end;
  if (![sx, sy, ex, ey, em].every(Number.isFinite)) return null;
  if (Math.abs(ex - sx) >= Math.abs(ey - sy)) {
    return { text, x0: Math.min(sx, ex), x1: Math.max(sx, ex), y: sy, size: em };
  }
  const mid = (sx + ex) / 2;
  return { text, x0: mid - em / 2, x1: mid + em / 2, y: Math.max(sy, ey), size: Math.max(Math.abs(ey - sy), em * 0.5) };
}

/**
 * Characters a font's ToUnicode map sends to look-alike code points: Kangxi radicals and CJK
 * compatibility ideographs for ordinary ideographs (a known defect of PDFs from some Chinese
 * office suites), ligatures for their letters.
 */
const LOOKALIKES = /[\u2e80-\u2fdf\uf900-\ufaff\ufb00-\ufb06]/u;

function normalizeGlyph(text: string): string {
  return LOOKALIKES.test(text) ? text.normalize('NFKC') : text;
}

/** Straight lines of a path that is stroked, and thin rectangles of one that is filled. */
function readPath(args: unknown[], ops: OpCodes, state: State, view: Matrix, out: Segment[]): void {
  const paint = args[0];
  const data = Array.isArray(args[1]) ? (args[1][0] as unknown) : undefined;
  if (!(data instanceof Float32Array) && !Array.isArray(data)) return;
  const stroked =
    state.strokeVisible &&
    (paint === ops.stroke ||
      paint === ops.closeStroke ||
      paint === ops.fillStroke ||
      paint === ops.eoFillStroke ||
      paint === ops.closeFillStroke ||
      paint === ops.closeEOFillStroke);
  const filled =
    state.fillVisible &&
    (paint === ops.fill ||
      paint === ops.eoFill ||
      paint === ops.fillStroke ||
      paint === ops.eoFillStroke ||
      paint === ops.closeFillStroke ||
      paint === ops.closeEOFillStroke);
  if (!stroked && !filled) return;
  const toPage = multiply(view, state.ctm);
  const path = data as ArrayLike<number>;
  let subpath: [number, number][] = [];
  let straight = true;
  const endSubpath = () => {
    if (filled && straight) thinRectangle(subpath, out);
    subpath = [];
    straight = true;
  };
  const line = (from: [number, number] | undefined, to: [number, number]) => {
    if (stroked && from) strokedLine(from, to, out);
  };
  for (let k = 0; k < path.length;) {
    const op = path[k];
    if (op === MOVE_TO) {
      endSubpath();
      subpath.push(apply(toPage, path[k + 1] ?? 0, path[k + 2] ?? 0));
      k += 3;
    } else if (op === LINE_TO) {
      const point = apply(toPage, path[k + 1] ?? 0, path[k + 2] ?? 0);
      line(subpath.at(-1), point);
      subpath.push(point);
      k += 3;
    } else if (op === CURVE_TO || op === QUADRATIC_CURVE_TO) {
      const count = op === CURVE_TO ? 6 : 4;
      straight = false;
      subpath.push(apply(toPage, path[k + count - 1] ?? 0, path[k + count] ?? 0));
      k += count + 1;
    } else if (op === CLOSE_PATH) {
      const first = subpath[0];
      if (first) line(subpath.at(-1), first);
      k += 1;
    } else break;
  }
  endSubpath();
}

function strokedLine([x0, y0]: [number, number], [x1, y1]: [number, number], out: Segment[]): void {
  if (Math.abs(y1 - y0) <= 1 && Math.abs(x1 - x0) > 1)
    out.push({ horizontal: true, at: (y0 + y1) / 2, from: Math.min(x0, x1), to: Math.max(x0, x1) });
  else if (Math.abs(x1 - x0) <= 1 && Math.abs(y1 - y0) > 1)
    out.push({ horizontal: false, at: (x0 + x1) / 2, from: Math.min(y0, y1), to: Math.max(y0, y1) });
}

/** A filled subpath that is a rectangle no thicker than a rule, as the line it draws. */
function thinRectangle(points: [number, number][], out: Segment[]): void {
  if (points.length < 4 || points.length > 5) return;
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const left = Math.min(...xs);
  const right = Math.max(...xs);
  const top = Math.min(...ys);
  const bottom = Math.max(...ys);
  // Every corner on the box: an axis-parallel rectangle.
  if (!points.every(([x, y]) => (near(x, left) || near(x, right)) && (near(y, top) || near(y, bottom)))) return;
  const width = right - left;
  const height = bottom - top;
  if (height <= RULE_THICKNESS && width > height) out.push({ horizontal: true, at: (top + bottom) / 2, from: left, to: right });
  else if (width <= RULE_THICKNESS && height > width) out.push({ horizontal: false, at: (left + right) / 2, from: top, to: bottom });
}

function near(a: number, b: number): boolean {
  return Math.abs(a - b) <= 0.5;
}
