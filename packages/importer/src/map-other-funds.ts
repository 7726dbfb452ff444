/** 附件4–6: one row per fund line (名称 / 预算数 / 决算数); a single "无" row means no lines. */
import { OTHER_FUND_COLUMNS, OTHER_FUND_NONE, OTHER_FUND_TOTAL, type OtherFundTable } from '@jixiao/core';
import { amountCell } from './cells.js';
import { assignColumns, findColumns, type HeaderColumns } from './columns.js';
import type { ImportContext } from './context.js';
import { cleanText, isLabelOf, oneLine } from './normalize.js';
import { rowLabel, type Part } from './parts.js';
import type { SourceRow } from './source.js';

export function mapOtherFund(part: Part, ctx: ImportContext): OtherFundTable {
  const table: OtherFundTable = { rows: [], note: '' };
  let header: { row: SourceRow; columns: HeaderColumns<'budget' | 'actual'> } | null = null;
  const notes: string[] = [];
  for (const block of part.blocks) {
    if (block.kind === 'paragraph') {
      if (block.text !== '' && !ctx.isUsed(block)) {
        notes.push(block.text);
        ctx.use(block);
      }
      continue;
    }
    const found = rowLabel(block);
    if (!found || ctx.isUsed(block.cells[found.index]!)) continue;
    const columns = findColumns(block, OTHER_FUND_COLUMNS);
    if (columns.budget && columns.actual) {
      header = { row: block, columns: { budget: columns.budget, actual: columns.actual } };
      ctx.useRow(block);
      continue;
    }
    const filled = block.cells.filter((cell) => cell.text.trim() !== '');
    if (filled.length === 1 && filled[0]!.span > 1) {
      // A line merged across the sheet under the table (XLSX): the table's note.
      notes.push(cleanText(filled[0]!.text));
      ctx.use(filled[0]);
      continue;
    }
    const label = cleanText(block.cells[found.index]!.text);
    ctx.use(block.cells[found.index]);
    if (label === OTHER_FUND_NONE) continue;
    if (isLabelOf(label, OTHER_FUND_TOTAL)) {
      // Totals are derived; the engine recomputes them from the lines.
      ctx.useRow(block);
      ctx.note('提示', `${part.title || '附件4–6'}的“${label}”行是计算值，未导入（由系统根据各行重新计算）`, block.location);
      continue;
    }
    if (!header) {
      ctx.uncertain(
        block,
        label,
        `“${oneLine(label)}”一行前没有“预算数/决算数”表头，无法确定各列，未填入`,
        OTHER_FUND_COLUMNS.map((c) => c.label),
      );
      continue;
    }
    const assigned = assignColumns(ctx, header.row, header.columns, block, label);
    table.rows.push(
      assigned.ok
        ? {
            name: label,
            budget: amountCell(ctx, assigned.cells.budget, `${label} 预算数`),
            actual: amountCell(ctx, assigned.cells.actual, `${label} 决算数`),
          }
        : { name: label, budget: null, actual: null },
    );
  }
  table.note = notes.join('\n');
  return table;
}
