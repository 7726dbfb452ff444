/**
 * Building table models over the package: fixed tables (附件1's rows, 年度资金) and growing lists
 * (indicators, project lines, 附件4–6 rows). Cells read the live package, so a model never goes stale.
 */
import { DECIMAL_TEXT, dec, formatMoney, formatScore, type Package } from '@jixiao/core';
import type { CellKind, NumberFormat, SheetCell, SheetColumn, SheetModel } from '../grid/types.js';
import { getAt, pathWithin } from './paths.js';

/**
 * A cell of a table definition: a field, a derived figure, or a label. A field the template may compute
 * (a total from its parts, a score from the formula) has `computedAs`: while it gives a text, the cell
 * shows that as a computed figure and is not typed into; the field's findings still mark it.
 */
export type CellSpec =
  | {
      field: string;
      kind: Exclude<CellKind, 'computed' | 'label'>;
      options?: readonly string[];
      format?: NumberFormat;
      computedAs?: () => string | null;
    }
  | { derived: () => string; findingPaths?: readonly string[] }
  | { label: string; findingPaths?: readonly string[] }
  | null;

export interface Source {
  pkg: () => Package;
  /** Last year's package, shown beside this year's while reviewing. */
  prior?: () => Package | null;
}

/** What a stored value looks like in a cell. */
export function displayValue(value: unknown, path: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return path.endsWith('.notApplicable') ? (value ? '不适用' : '') : value ? '是' : '';
  return String(value);
}

/** A stored figure as a number cell shows it; the exact figure is kept and edited. */
export function formatFigure(text: string, format: NumberFormat | undefined): string {
  if (format === undefined || !DECIMAL_TEXT.test(text)) return text;
  return format === 'score' ? formatScore(dec(text)) : formatMoney(dec(text));
}

function toCell(spec: CellSpec, source: Source): SheetCell {
  if (spec === null) return { path: null, kind: 'label', text: '' };
  if ('label' in spec) return { path: null, kind: 'label', text: spec.label, findingPaths: spec.findingPaths };
  if ('derived' in spec) return { path: null, kind: 'computed', text: spec.derived(), findingPaths: spec.findingPaths };
  const computed = spec.computedAs?.();
  if (computed != null) return { path: null, kind: 'computed', text: computed, findingPaths: [spec.field] };
  const value = displayValue(getAt(source.pkg(), spec.field), spec.field);
  const cell: SheetCell = { path: spec.field, kind: spec.kind, text: value, options: spec.options };
  if (spec.format !== undefined) {
    cell.format = spec.format;
    cell.text = formatFigure(value, spec.format);
    if (cell.text !== value) cell.value = value;
  }
  const prior = source.prior?.();
  if (prior && spec.kind === 'number') cell.prior = formatFigure(displayValue(getAt(prior, spec.field), spec.field), spec.format);
  return cell;
}

/** A table with a fixed set of rows. */
export function fixedSheet(columns: readonly SheetColumn[], rows: readonly CellSpec[][], source: Source): SheetModel {
  const where = new Map<string, { row: number; col: number }>();
  rows.forEach((cells, row) =>
    cells.forEach((spec, col) => {
      if (spec === null) return;
      const paths = 'field' in spec ? [spec.field] : (spec.findingPaths ?? []);
      for (const p of paths) if (!where.has(p)) where.set(p, { row, col });
    }),
  );
  return {
    columns,
    rowCount: rows.length,
    cell: (row, col) => toCell(rows[row]?.[col] ?? null, source),
    locate(path) {
      const exact = where.get(path);
      if (exact) return exact;
      for (const [p, at] of where) if (pathWithin(p, path) || pathWithin(path, p)) return at;
      return null;
    },
  };
}

/** A table with one row per element of an array in the package; `cells(i)` defines row i. */
export function listSheet(
  columns: readonly SheetColumn[],
  listPath: string,
  cells: (index: number, base: string) => CellSpec[],
  source: Source,
  appendRows?: (count: number) => void,
): SheetModel {
  const list = () => (getAt(source.pkg(), listPath) as unknown[] | undefined) ?? [];
  return {
    columns,
    get rowCount() {
      return list().length;
    },
    cell: (row, col) => toCell(cells(row, `${listPath}[${row}]`)[col] ?? null, source),
    locate(path) {
      if (!pathWithin(path, listPath)) return null;
      const match = /^\[(\d+)\](?:\.(.+))?$/.exec(path.slice(listPath.length));
      if (!match) return list().length > 0 ? { row: 0, col: 0 } : null;
      const row = Number(match[1]);
      const specs = cells(row, `${listPath}[${row}]`);
      const col = specs.findIndex((s) => s !== null && 'field' in s && s.field === path);
      const fallback = specs.findIndex((s) => s !== null && 'field' in s);
      return { row, col: col !== -1 ? col : Math.max(fallback, 0) };
    },
    appendRows,
  };
}
