/**
 * Text extracted from a DOCX (the shape of the published seed): one table cell per line, each cell
 * line starting with a tab; lines without a tab continue the previous cell (multi-line cells) or are
 * paragraphs; an empty line ends a table row. Blank cells are lines holding only the tab.
 */
import type { SourceRow } from './source.js';
import { TextBlocks } from './text-blocks.js';

export function readCellLines(lines: readonly string[]): TextBlocks {
  const out = new TextBlocks();
  let row: SourceRow | null = null;
  const addCell = (text: string, lineNo: number) => {
    row ??= out.row(lineNo, false);
    out.cell(row, text, `第 ${lineNo} 行`);
  };
  lines.forEach((line, index) => {
    const lineNo = index + 1;
    const collapsed = /^ +\t/.exec(line);
    if (collapsed) {
      // The previous row's last blank cell and the row break became this leading space.
      if (row) row.lostTrailingBlank = true;
      row = null;
      addCell(line.slice(collapsed[0].length), lineNo);
    } else if (line.startsWith('\t')) {
      addCell(line.slice(1), lineNo);
    } else if (line.trim() === '') {
      if (row) row = null;
      else out.paragraph('', lineNo);
    } else if (row) {
      const last = row.cells[row.cells.length - 1]!;
      last.text += `\n${line}`;
    } else {
      out.paragraph(line, lineNo);
    }
  });
  return out;
}
