/** Merged cells of an attachment grid, for the writers that must draw or mark each covered position. */
import type { GridCell } from './tables.js';

/** Where each grid position's cell starts: merged positions point at their owner. */
export function owners(rows: readonly (GridCell | null)[][]): { row: number; col: number }[][] {
  const map: { row: number; col: number }[][] = rows.map((row) => row.map(() => ({ row: -1, col: -1 })));
  rows.forEach((row, r) =>
    row.forEach((cell, c) => {
      if (!cell) return;
      for (let rr = r; rr < r + cell.rowSpan && rr < rows.length; rr++) {
        for (let cc = c; cc < c + cell.colSpan; cc++) {
          const slot = map[rr]?.[cc];
          if (slot) Object.assign(slot, { row: r, col: c });
        }
      }
    }),
  );
  return map;
}
