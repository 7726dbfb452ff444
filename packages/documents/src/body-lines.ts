/**
 * A report paragraph broken into lines on the GB/T 9704 character grid and justified: every
 * full-width character takes one grid cell (156 mm / 28, so 28 characters fill a line whatever the
 * font's own advance), Latin words and numbers their natural width. Punctuation follows the
 * Chinese layout requirements (W3C clreq): no line starts with closing or ends with opening
 * punctuation; of two adjacent full-width punctuation marks one gives up its blank half
 * (「。」」, 「），」, 「（「」); a line that would otherwise push a character with its closing
 * punctuation to the next line takes it in by compressing punctuation. Every line but a
 * paragraph's last is stretched to the full width (no ragged right edge).
 */

/** One character (or one Latin word or number) as placed on a line, x from the text block's left edge. */
export interface Placed<R> {
  text: string;
  role: R;
  x: number;
}

export interface Run<R> {
  text: string;
  role: R;
}

export interface Grid<R> {
  /** Width of the text block. */
  width: number;
  /** Advance of a full-width character: the width divided by the characters a line holds. */
  cell: number;
  /** Font size; a character narrower than 3/4 of it is set at its own width. */
  size: number;
  /** Start of the first line and of the others, from the block's left edge. */
  firstIndent: number;
  indent: number;
  /** Lines left-aligned, not stretched (a list). */
  ragged?: boolean;
  /** Natural width of a text in a role's font at `size`. */
  measure(text: string, role: R): number;
}

/** Closing punctuation: its blank half is on the right, it never starts a line. */
const CLOSING = new Set([...'，。、；：）》」』】〕〉”’']);
/** Opening punctuation: its blank half is on the left, it never ends a line. */
const OPENING = new Set([...'（《「『【〔〈“‘']);
/** Never at the start of a line, besides closing punctuation (clreq's 行首禁则). */
const NO_START = new Set([...'？！…·—%‰,.;:?!)]}']);
const NO_END = new Set([...'([{']);

interface Atom<R> {
  text: string;
  role: R;
  advance: number;
  /** Drawn this far left of its cell (an opening mark that gave up its blank left half). */
  shift: number;
  /** How much narrower the atom may still become (a full-width punctuation mark's blank half). */
  give: number;
  space: boolean;
}

const EPS = 0.01;

function atoms<R>(runs: readonly Run<R>[], grid: Grid<R>): Atom<R>[] {
  const out: Atom<R>[] = [];
  for (const run of runs) {
    for (const match of run.text.replace(/\s/g, ' ').matchAll(/[\x21-\x7e]+| +|[\s\S]/gu)) {
      const text = match[0];
      const natural = grid.measure(text, run.role);
      const full = [...text].length === 1 && text.charCodeAt(0) > 0x7e && natural >= 0.75 * grid.size;
      const punct = full && (CLOSING.has(text) || OPENING.has(text));
      out.push({
        text,
        role: run.role,
        advance: full ? grid.cell : natural,
        shift: 0,
        give: punct ? grid.cell / 2 : 0,
        space: text[0] === ' ',
      });
    }
  }
  // Two full-width punctuation marks side by side: the first gives up its blank half if it is closing, else the second if it is opening.
  for (let i = 1; i < out.length; i++) {
    const a = out[i - 1] as Atom<R>;
    const b = out[i] as Atom<R>;
    if (a.give === 0 || b.give === 0) continue;
    const half = grid.cell / 2;
    if (CLOSING.has(a.text)) {
      a.advance -= half;
      a.give = 0;
    } else if (OPENING.has(b.text)) {
      b.advance -= half;
      b.shift = half;
      b.give = 0;
    }
  }
  return out;
}

/** Atoms grouped so that no line starts or ends with what must not start or end one. */
function units<R>(list: Atom<R>[]): Atom<R>[][] {
  const out: Atom<R>[][] = [];
  let glue = false;
  for (const atom of list) {
    const prev = out.at(-1);
    const head = atom.text[0] ?? '';
    if (prev && !atom.space && (glue || CLOSING.has(atom.text) || NO_START.has(head))) prev.push(atom);
    else out.push([atom]);
    glue = OPENING.has(atom.text) || NO_END.has(atom.text.at(-1) ?? '');
  }
  return out;
}

const widthOf = <R>(list: readonly Atom<R>[]) => list.reduce((sum, a) => sum + a.advance, 0);

/** Takes `over` out of the line's punctuation, from its end backwards: a closing mark at the end first. */
function compress<R>(line: Atom<R>[], over: number): void {
  for (let i = line.length - 1; i >= 0 && over > EPS; i--) {
    const atom = line[i] as Atom<R>;
    const take = Math.min(atom.give, over);
    if (take <= 0) continue;
    atom.advance -= take;
    if (OPENING.has(atom.text)) atom.shift += take;
    atom.give -= take;
    over -= take;
  }
}

/** The paragraph's lines, each a list of placed characters and words. */
export function bodyLines<R>(runs: readonly Run<R>[], grid: Grid<R>): Placed<R>[][] {
  const queue = units(atoms(runs, grid));
  const lines: Atom<R>[][] = [];
  let i = 0;
  while (i < queue.length) {
    const avail = grid.width - (lines.length === 0 ? grid.firstIndent : grid.indent);
    const line: Atom<R>[] = [];
    while (i < queue.length) {
      const unit = queue[i] as Atom<R>[];
      // A space at the start of a line is dropped; at the end it does not count.
      if (line.length === 0 && unit.every((a) => a.space)) {
        i++;
        continue;
      }
      const used = widthOf(line);
      const fit = widthOf(unit.filter((a, k) => !(a.space && k === unit.length - 1)));
      if (used + fit <= avail + EPS) {
        line.push(...unit);
        i++;
        continue;
      }
      const over = used + fit - avail;
      const give = [...line, ...unit].reduce((sum, a) => sum + a.give, 0);
      if (line.length > 0 && CLOSING.has(unit.at(-1)?.text ?? '') && over <= give + EPS) {
        line.push(...unit);
        compress(line, over);
        i++;
      } else if (line.length === 0) {
        // A unit wider than a whole line is broken between its characters.
        const pieces = unit.flatMap((a) =>
          [...a.text].map((ch) => ({
            ...a,
            text: ch,
            advance: a.space || a.give > 0 || [...a.text].length === 1 ? a.advance : grid.measure(ch, a.role),
          })),
        );
        const take = Math.max(
          1,
          pieces.findIndex((_, k) => widthOf(pieces.slice(0, k + 1)) > avail + EPS),
        );
        line.push(...pieces.slice(0, take));
        queue.splice(i, 1, pieces.slice(take));
      }
      break;
    }
    while (line.at(-1)?.space) line.pop();
    lines.push(line);
  }
  return lines.map((line, n) => {
    const start = n === 0 ? grid.firstIndent : grid.indent;
    const last = n === lines.length - 1;
    const slack = grid.width - start - widthOf(line);
    const extra = last || grid.ragged || line.length < 2 ? 0 : slack / (line.length - 1);
    let x = start;
    return line.map((atom) => {
      const placed = { text: atom.text, role: atom.role, x: x - atom.shift };
      x += atom.advance + extra;
      return placed;
    });
  });
}
