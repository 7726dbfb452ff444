/**
 * Reading 附件1's rows through the form: which rows a unit's table has, in form order, how each is
 * printed (its number among the present parts, "其中："), and the project lines across all lists.
 */
import { BASIC_DATA_FORM, type BasicDataFormSpec, type YearRowSpec } from './forms/basic-data.js';
import type { BasicData, NamedYearRow, YearColumns } from './model.js';

/** A row's values, or undefined where the unit's form has no such row. */
export function rowOf(data: BasicData, id: string): YearColumns | undefined {
  return (data.rows as Record<string, YearColumns | undefined>)[id];
}

/** The lines listed under a row, or undefined where it lists none. */
export function linesOf(data: BasicData, id: string): NamedYearRow[] | undefined {
  return (data.lines as Record<string, NamedYearRow[] | undefined>)[id];
}

/** The rows the unit's table has, in form order. */
export function presentRows(data: BasicData, form: BasicDataFormSpec = BASIC_DATA_FORM): YearRowSpec[] {
  return form.rows.filter((row) => rowOf(data, row.id) !== undefined);
}

/** The present parts of a row, in form order. */
export function presentChildren(data: BasicData, parent: string, form: BasicDataFormSpec = BASIC_DATA_FORM): YearRowSpec[] {
  return form.rows.filter((row) => row.parent === parent && rowOf(data, row.id) !== undefined);
}

/** The row's label as its table prints it: "3、本级专项资金（一个专项一行）", "其中：公车购置", "项目支出：". */
export function printedRowLabel(data: BasicData, row: YearRowSpec, form: BasicDataFormSpec = BASIC_DATA_FORM): string {
  const text = row.formText ?? row.label;
  if (!row.parent || !row.prefix) return text;
  const siblings = presentChildren(data, row.parent, form);
  const position = siblings.indexOf(row);
  if (row.prefix === 'number') return `${position + 1}、${text}`;
  return position === 0 ? `其中：${text}` : text;
}

/** A line as its table prints it: the first line of a "其中" breakdown carries "其中：". */
export function printedLineLabel(row: YearRowSpec, index: number, line: NamedYearRow): string {
  return row.lines?.prefix === 'ofWhich' && index === 0 ? `其中：${line.name}` : line.name;
}

export interface ProjectLine {
  /** the row the line is listed under (本级专项资金, 上级转移支付 …) */
  row: YearRowSpec;
  index: number;
  line: NamedYearRow;
  /** JSON path of the line */
  path: string;
}

/** Every line that is one project (专项), across the lists that hold projects, in form order. */
export function projectLines(data: BasicData, form: BasicDataFormSpec = BASIC_DATA_FORM): ProjectLine[] {
  const out: ProjectLine[] = [];
  for (const row of form.rows) {
    if (!row.lines?.projects) continue;
    linesOf(data, row.id)?.forEach((line, index) => out.push({ row, index, line, path: `basicData.lines.${row.id}[${index}]` }));
  }
  return out;
}
