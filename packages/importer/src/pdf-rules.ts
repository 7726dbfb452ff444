/**
 * Table grids from the lines a page draws. Rules that touch form a table; its column boundaries
 * are the x of every vertical rule, its row boundaries the y of every horizontal rule, so the grid
 * is the table's finest one, as a Word table's grid is. Neighbouring grid cells with no rule
 * between them are one merged cell.
 */
import type { Segment } from './pdf-operators.js';

export interface Region {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

export interface Grid {
  /** Column boundaries, left to right; row boundaries, top to bottom. */
  xs: number[];
  ys: number[];
  /** The merged cell each grid cell belongs to, by row then column. */
  regionOf: number[][];
  regions: Region[];
}

/** Rules this close are one (office suites draw a border twice, half a point apart). */
const SAME_LINE = 2;
/** Boundaries closer than this are one: no row of text is this thin. */
const MIN_CELL = 3;
/** A page drawing more rules than this is a drawing, not a form; its tables are left to the text. */
const MAX_RULES = 4000;
/** A grid of more cells than this is a drawing too (a dense form page has a few thousand). */
const MAX_CELLS = 40_000;

interface Rule {
  at: number;
  from: number;
  to: number;
}

export function findGrids(segments: readonly Segment[]): Grid[] {
  const horizontal = mergeRules(segments.filter((s) => s.horizontal));
  const vertical = mergeRules(segments.filter((s) => !s.horizontal));
  if (horizontal.length + vertical.length > MAX_RULES) return [];
  // Union-find over the rules, horizontal ones first.
  const parent = [...horizontal, ...vertical].map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  horizontal.forEach((h, i) =>
    vertical.forEach((v, j) => {
      if (touches(h, v)) parent[find(i)] = find(horizontal.length + j);
    }),
  );
  const groups = new Map<number, { horizontal: Rule[]; vertical: Rule[] }>();
  const groupOf = (i: number) => {
    const root = find(i);
    let group = groups.get(root);
    if (!group) groups.set(root, (group = { horizontal: [], vertical: [] }));
    return group;
  };
  horizontal.forEach((h, i) => groupOf(i).horizontal.push(h));
  vertical.forEach((v, j) => groupOf(horizontal.length + j).vertical.push(v));
  const grids: Grid[] = [];
  for (const group of groups.values()) {
    const grid = group.horizontal.length >= 2 && group.vertical.length >= 2 ? gridOf(group.horizontal, group.vertical) : null;
    if (grid) grids.push(grid);
  }
  return grids;
}

function touches(h: Rule, v: Rule): boolean {
  return v.at >= h.from - SAME_LINE && v.at <= h.to + SAME_LINE && h.at >= v.from - SAME_LINE && h.at <= v.to + SAME_LINE;
}

/** Segments on one line (within SAME_LINE) joined where they overlap or touch. */
function mergeRules(segments: readonly Segment[]): Rule[] {
  const sorted = [...segments].sort((a, b) => a.at - b.at);
  const lines: Segment[][] = [];
  for (const segment of sorted) {
    const line = lines.at(-1);
    if (line && segment.at - line[0]!.at <= SAME_LINE) line.push(segment);
    else lines.push([segment]);
  }
  const rules: Rule[] = [];
  for (const line of lines) {
    const at = line.reduce((sum, s) => sum + s.at, 0) / line.length;
    const pieces = [...line].sort((a, b) => a.from - b.from);
    let current: Rule | null = null;
    for (const piece of pieces) {
      if (current && piece.from <= current.to + SAME_LINE) current.to = Math.max(current.to, piece.to);
      else {
        current = { at, from: piece.from, to: piece.to };
        rules.push(current);
      }
    }
  }
  return rules;
}

/** Positions within MIN_CELL of each other as one, their mean. */
function boundaries(positions: number[]): number[] {
  const sorted = [...positions].sort((a, b) => a - b);
  const out: number[][] = [];
  for (const at of sorted) {
    const last = out.at(-1);
    if (last && at - last[last.length - 1]! <= MIN_CELL) last.push(at);
    else out.push([at]);
  }
  return out.map((group) => group.reduce((a, b) => a + b, 0) / group.length);
}

function gridOf(horizontal: Rule[], vertical: Rule[]): Grid | null {
  // A table without side borders still ends where its horizontal rules end.
  const xs = boundaries([...vertical.map((v) => v.at), ...horizontal.map((h) => h.from), ...horizontal.map((h) => h.to)]);
  const ys = boundaries([...horizontal.map((h) => h.at), ...vertical.map((v) => v.from), ...vertical.map((v) => v.to)]);
  const rows = ys.length - 1;
  const cols = xs.length - 1;
  if (rows < 1 || cols < 1 || rows * cols > MAX_CELLS) return null;
  const onX = rulesOn(vertical, xs);
  const onY = rulesOn(horizontal, ys);
  const parent = Array.from({ length: rows * cols }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const union = (a: number, b: number) => {
    parent[find(a)] = find(b);
  };
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (c + 1 < cols && !covered(onX[c + 1]!, ys[r]!, ys[r + 1]!)) union(r * cols + c, r * cols + c + 1);
      if (r + 1 < rows && !covered(onY[r + 1]!, xs[c]!, xs[c + 1]!)) union(r * cols + c, (r + 1) * cols + c);
    }
  }
  const index = new Map<number, number>();
  const boxes: { top: number; left: number; bottom: number; right: number }[] = [];
  const regionOf = Array.from({ length: rows }, (_, r) =>
    Array.from({ length: cols }, (_, c) => {
      const root = find(r * cols + c);
      let at = index.get(root);
      if (at === undefined) {
        at = boxes.length;
        index.set(root, at);
        boxes.push({ top: r, left: c, bottom: r, right: c });
      }
      const box = boxes[at]!;
      box.left = Math.min(box.left, c);
      box.right = Math.max(box.right, c);
      box.bottom = r;
      return at;
    }),
  );
  const regions = boxes.map((box) => ({ row: box.top, col: box.left, rows: box.bottom - box.top + 1, cols: box.right - box.left + 1 }));
  return { xs, ys, regionOf, regions };
}

/** The rules lying on each boundary. */
function rulesOn(rules: readonly Rule[], edges: readonly number[]): Rule[][] {
  const on: Rule[][] = edges.map(() => []);
  for (const rule of rules) {
    edges.forEach((edge, i) => {
      if (Math.abs(rule.at - edge) <= SAME_LINE) on[i]!.push(rule);
    });
  }
  return on;
}

/** Whether `rules` cover at least half of the stretch from `from` to `to`. */
function covered(rules: readonly Rule[], from: number, to: number): boolean {
  let length = 0;
  for (const rule of rules) length += Math.max(0, Math.min(to, rule.to) - Math.max(from, rule.from));
  return length >= (to - from) / 2;
}
