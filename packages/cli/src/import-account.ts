/** What an import found, told in Chinese: the account `jixiao import` prints and `jixiao check` shows as notes. */
import { PART_NAMES, type ImportResult } from '@jixiao/import';

/** How many items of each list are printed; the package file has them all. */
const SHOWN = 30;

function listed<T>(items: T[], line: (item: T) => string): string[] {
  const lines = items.slice(0, SHOWN).map((item) => `  · ${line(item)}`);
  if (items.length > SHOWN) lines.push(`  …… 另有 ${items.length - SHOWN} 处`);
  return lines;
}

/** What the import found, in Chinese: parts (unless the caller names them itself), notes, uncertain rows, text not placed. */
export function describeImport(result: ImportResult, options: { parts: boolean } = { parts: true }): string[] {
  const lines: string[] = [];
  if (options.parts) {
    lines.push(`找到：${result.partsFound.map((id) => PART_NAMES[id]).join('；') || '无'}`);
    if (result.partsAbsent.length > 0)
      lines.push(`没有：${result.partsAbsent.map((id) => PART_NAMES[id]).join('；')}（包中这些部分记为“缺少”，不作检查，也不当作 0）`);
  }
  for (const note of result.notes) lines.push(`${note.severity}${note.location ? `（${note.location}）` : ''}：${note.message}`);
  if (result.uncertainRows.length > 0) {
    lines.push(`无法确定各列的行 ${result.uncertainRows.length} 处（已留空，请对照原件补填）：`);
    lines.push(
      ...listed(
        result.uncertainRows,
        (row) =>
          `${row.location}“${row.label}”：${row.values.join(' / ') || '（无数值）'}${row.columns.length > 0 ? `（可能属于：${row.columns.join('、')}）` : ''}`,
      ),
    );
  }
  if (result.unmapped.length > 0) {
    lines.push(`未能识别、没有导入的内容 ${result.unmapped.length} 处：`);
    lines.push(...listed(result.unmapped, (item) => `${item.location}：${item.text.replace(/\n/g, ' ')}`));
  }
  return lines;
}
