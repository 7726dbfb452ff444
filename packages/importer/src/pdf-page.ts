/**
 * One page's layout: its ruled tables, the tables its free text stands in, and its other lines,
 * top to bottom. A frame drawn around text (a single box, or a border round the whole page) is
 * not a table: only grids of more than one cell are.
 */
import { findBorderless } from './pdf-borderless.js';
import { textLines, type TextLine } from './pdf-lines.js';
import type { PageMarks } from './pdf-operators.js';
import { findGrids } from './pdf-rules.js';
import { fillGrid, inGrid, middleOf, type Table } from './pdf-tables.js';

export type PageItem = TextLine | Table;

export function isTable(item: PageItem): item is Table {
  return 'rows' in item;
}

function topOf(item: PageItem): number {
  return isTable(item) ? item.top : item.y - item.size;
}

export function layoutPage(marks: PageMarks): PageItem[] {
  const grids = findGrids(marks.segments).filter((grid) => grid.regions.length > 1);
  const owned = grids.map(() => [] as PageMarks['glyphs']);
  const free: PageMarks['glyphs'] = [];
  for (const glyph of marks.glyphs) {
    const middle = middleOf(glyph);
    const at = grids.findIndex((grid) => inGrid(grid, middle));
    (at === -1 ? free : owned[at]!).push(glyph);
  }
  const items: PageItem[] = [...grids.map((grid, i) => fillGrid(grid, owned[i]!)), ...findBorderless(textLines(free))];
  return items.sort((a, b) => topOf(a) - topOf(b));
}
