/**
 * Assigning a data row's cells to the columns named by a header row. Structured sources (DOCX,
 * XLSX) know each cell's grid column, so the assignment is exact. Text extraction drops some blank
 * cells, so there a row is only assigned when its cell count matches the header's, or when the
 * evidence of a lost trailing blank cell says which cell is missing; otherwise the row is uncertain.
 */
import { isPlaceholder } from './amount.js';
import { readNumber } from '@jixiao/core';
import type { ImportContext } from './context.js';
import { namesOf, oneLine, type Labelled } from './normalize.js';
import type { SourceCell, SourceRow } from './source.js';

/** For each wanted column, the header cell that names it (undefined: the header lacks it). */
export type HeaderColumns<K extends string> = Record<K, SourceCell | undefined>;

export type Assignment<K extends string> = { ok: true; cells: Record<K, SourceCell | undefined> } | { ok: false };

/** For each form column, the header cell that names it by its label or an alias (undefined: the header lacks it). */
export function findColumns<K extends string>(row: SourceRow, specs: readonly (Labelled & { readonly key: K })[]): HeaderColumns<K> {
  const columns = {} as HeaderColumns<K>;
  const named = row.cells.filter((cell) => cell.text.trim() !== '').map((cell) => ({ cell, names: namesOf(cell.text) }));
  for (const spec of specs) columns[spec.key] = named.find(({ names }) => names(spec))?.cell;
  return columns;
}

/** How many of the form's columns a row names: a header row names several. */
export function countColumns<K extends string>(columns: HeaderColumns<K>): number {
  return Object.values(columns).filter((cell) => cell !== undefined).length;
}

/**
 * The cells of `row` under each header column. `label` names the row in messages; uncertain rows
 * are recorded in the context (their values listed, nothing assigned). `mergeableTail` names the
 * columns a placeholder ending a text row ("—") may stand for, merged over them in the original.
 */
export function assignColumns<K extends string>(
  ctx: ImportContext,
  header: SourceRow,
  columns: HeaderColumns<K>,
  row: SourceRow,
  label: string,
  path?: string,
  mergeableTail: readonly K[] = [],
): Assignment<K> {
  const names = Object.keys(columns) as K[];
  const cells = {} as Record<K, SourceCell | undefined>;
  if (row.exactColumns && header.exactColumns) {
    for (const name of names) {
      const head = columns[name];
      cells[name] = head ? row.cells.find((cell) => cell.col <= head.col && head.col < cell.col + cell.span) : undefined;
    }
    return { ok: true, cells };
  }
  const byIndex = (count: number) => {
    for (const name of names) {
      const head = columns[name];
      const index = head ? header.cells.indexOf(head) : -1;
      cells[name] = index !== -1 && index < count ? row.cells[index] : undefined;
    }
  };
  if (row.cells.length === header.cells.length) {
    byIndex(row.cells.length);
    return { ok: true, cells };
  }
  // The header's leading cells name no column (a block's label, merged down over its values row, as
  // 财政供养人员情况 is): a values row without them has one cell per named column, in order.
  const leading = Math.min(...names.map((name) => (columns[name] ? header.cells.indexOf(columns[name]) : Infinity)));
  if (
    leading > 0 &&
    leading !== Infinity &&
    row.cells.length === header.cells.length - leading &&
    row.cells.every((cell) => isFigure(cell.text))
  ) {
    for (const name of names) {
      const head = columns[name];
      cells[name] = head ? row.cells[header.cells.indexOf(head) - leading] : undefined;
    }
    return { ok: true, cells };
  }
  // Only the label has text: every column is blank, wherever the blanks were.
  if (row.cells.filter((cell) => !isPlaceholder(cell.text)).length <= 1) return { ok: true, cells };
  // A placeholder merged over the last columns ("—" under 分值 / 执行率 / 得分) is extracted once: the
  // cells before it stand in their columns, and it covers the rest.
  const last = row.cells.at(-1);
  const covered = header.cells.slice(row.cells.length - 1);
  const coveredNames = names.filter((name) => columns[name] && covered.includes(columns[name]));
  if (
    last &&
    row.cells.length < header.cells.length &&
    last.text.trim() !== '' &&
    isPlaceholder(last.text) &&
    coveredNames.every((name) => mergeableTail.includes(name))
  ) {
    byIndex(row.cells.length - 1);
    for (const name of coveredNames) cells[name] = last;
    ctx.note(
      '提示',
      `“${oneLine(label)}”一行只有 ${row.cells.length} 个单元格，而表头有 ${header.cells.length} 列；行末的“${last.text.trim()}”视为合并了${covered.map((cell) => oneLine(cell.text)).join('、')}各列`,
      row.location,
    );
    return { ok: true, cells };
  }
  if (row.cells.length === header.cells.length - 1 && row.lostTrailingBlank) {
    byIndex(row.cells.length);
    const lost = header.cells[header.cells.length - 1];
    ctx.note(
      '提示',
      `“${oneLine(label)}”一行只有 ${row.cells.length} 个单元格，而表头有 ${header.cells.length} 列；文本中下一行开头的空格表明缺失的是最后一列（${oneLine(lost?.text ?? '')}），已将该列留空`,
      row.location,
    );
    return { ok: true, cells };
  }
  ctx.uncertain(
    row,
    label,
    `“${oneLine(label)}”一行有 ${row.cells.length} 个单元格，而表头有 ${header.cells.length} 列；提取文本时丢失了空白单元格，无法确定各数值属于哪一列，未填入，请核对原件`,
    names.flatMap((name) => (columns[name] ? [columns[name].text] : [])),
    path,
  );
  return { ok: false };
}

/** A cell holding a figure (an amount, a count, a rate) or a blank marker, not a label. */
const isFigure = (text: string) => readNumber(text).ok;
