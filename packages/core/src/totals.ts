/**
 * 附件1 totals computed from their parts (templates.ts `totals: 'computed'`). A row the form declares as
 * the sum of its parts (forms/basic-data.ts: `parts`, or lines that add up to it) holds, in every column
 * where each of its present parts is filled in, the sum of them: a column where a part is blank stays as
 * typed (a blank part is not a zero), and so does a row with no parts at all. What a source printed
 * instead is kept under the row's `declared`, once, so that the checker can say so.
 */
import { linesOf, presentChildren, rowOf } from './basic-rows.js';
import { Decimal, cellValue, sum } from './decimal.js';
import { BASIC_DATA_FORM, YEAR_COLUMNS, type BasicDataFormSpec, type YearRowSpec } from './forms/basic-data.js';
import type { BasicData, Package, YearColumns, YearRow } from './model.js';
import type { Template } from './templates.js';

export type YearColumnKey = keyof YearColumns;

/** The computed cells of one row, by column; a column that is typed is not there. */
export type ComputedColumns = Partial<Record<YearColumnKey, Decimal>>;

/** The rows a total adds up: its present child rows, or its lines where they add up to it; null when it has none. */
function partsOf(data: BasicData, spec: YearRowSpec, form: BasicDataFormSpec): readonly YearColumns[] | null {
  if (spec.parts) {
    const children = presentChildren(data, spec.id, form);
    return children.length === 0 ? null : children.map((child) => rowOf(data, child.id) as YearColumns);
  }
  if (spec.lines?.relation === 'equal') {
    const lines = linesOf(data, spec.id);
    return lines === undefined || lines.length === 0 ? null : lines;
  }
  return null;
}

/** The columns of a row that are the sum of its parts, with the sums: those where every part is filled in. */
function sumsOf(parts: readonly YearColumns[]): ComputedColumns {
  const out: ComputedColumns = {};
  for (const { key } of YEAR_COLUMNS) {
    if (parts.every((part) => part[key] !== null)) out[key] = sum(parts.map((part) => cellValue(part[key])));
  }
  return out;
}

/**
 * The package with its computed totals filled in: the same object where nothing changes (a template
 * with typed totals, no 附件1, every total already equal to its parts). Rows are settled from the
 * innermost out (公车购置 + 公车运行维护 before 公务用车 before 三公经费), as the form lists parts after
 * the row they belong to.
 */
export function settleTotals(pkg: Package, template: Template, form: BasicDataFormSpec = BASIC_DATA_FORM): Package {
  const data = pkg.basicData;
  if (template.totals !== 'computed' || data === null) return pkg;
  let rows: Record<string, YearRow> | null = null;
  const current = () => (rows ? { ...data, rows } : data);
  for (let i = form.rows.length - 1; i >= 0; i--) {
    const spec = form.rows[i] as YearRowSpec;
    const row = rowOf(current(), spec.id) as YearRow | undefined;
    const parts = row && partsOf(current(), spec, form);
    if (!row || !parts) continue;
    let settled: YearRow | null = null;
    for (const [key, value] of Object.entries(sumsOf(parts)) as [YearColumnKey, Decimal][]) {
      const stated = row[key];
      if (stated !== null && cellValue(stated).equals(value)) continue;
      settled ??= { ...row, ...(row.declared ? { declared: { ...row.declared } } : {}) };
      settled[key] = value.toString();
      if (stated !== null && settled.declared?.[key] === undefined) settled.declared = { ...settled.declared, [key]: stated };
    }
    if (settled) {
      rows ??= { ...(data.rows as Record<string, YearRow>) };
      rows[spec.id] = settled;
    }
  }
  return rows ? { ...pkg, basicData: { ...data, rows } } : pkg;
}

/** Which cells of each row the template computes, with their sums (rows without any are not there). */
export function computedTotals(
  data: BasicData,
  template: Template,
  form: BasicDataFormSpec = BASIC_DATA_FORM,
): Partial<Record<string, ComputedColumns>> {
  const out: Partial<Record<string, ComputedColumns>> = {};
  if (template.totals !== 'computed') return out;
  for (const spec of form.rows) {
    const parts = rowOf(data, spec.id) && partsOf(data, spec, form);
    if (!parts) continue;
    const sums = sumsOf(parts);
    if (Object.keys(sums).length > 0) out[spec.id] = sums;
  }
  return out;
}
