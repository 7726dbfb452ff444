/**
 * Plain text as extracted from a published document: one table cell per line, each cell line
 * starting with a tab; lines without a tab continue the previous cell (multi-line cells) or are
 * paragraphs; an empty line ends a table row. Blank cells are lines holding only the tab.
 */
import { ImportError, LIMITS } from './errors.js';
import type { SourceBlock, SourceCell, SourceDocument, SourceRow } from './source.js';

export function decodeText(data: Uint8Array): string {
  if (data.includes(0)) throw new ImportError('文件含有二进制内容，不是文本文件；请导入 .txt、.docx 或 .xlsx 文件');
  for (const encoding of ['utf-8', 'gb18030']) {
    try {
      return new TextDecoder(encoding, { fatal: true }).decode(data).replace(/^\uFEFF/, '');
    } catch {
      // try the next encoding
    }
  }
  throw new ImportError('无法识别文本文件的编码（既不是 UTF-8 也不是 GB18030/GBK）');
}

export function readText(text: string): SourceDocument {
  const lines = text.split(/\r?\n|\r/);
  const blocks: SourceBlock[] = [];
  let row: SourceRow | null = null;
  let table = 0;
  let afterParagraph = true;

  let cellCount = 0;
  const push = (block: SourceBlock) => {
    if (blocks.length >= LIMITS.blocks) throw new ImportError(`文本中的表格行和段落超过 ${LIMITS.blocks} 个，不像是一份自评材料，拒绝读取`);
    blocks.push(block);
  };
  const endRow = () => {
    if (row) push(row);
    row = null;
  };
  const addCell = (text: string, lineNo: number) => {
    if (!row) {
      if (afterParagraph) table++;
      afterParagraph = false;
      row = { kind: 'row', table, cells: [], location: `第 ${lineNo} 行`, exactColumns: false, lostTrailingBlank: false };
    }
    if (++cellCount > LIMITS.cells) throw new ImportError(`文本中的单元格超过 ${LIMITS.cells} 个，不像是一份自评材料，拒绝读取`);
    const cell: SourceCell = { text, col: row.cells.length, span: 1, location: `第 ${lineNo} 行` };
    row.cells.push(cell);
  };

  lines.forEach((line, index) => {
    const lineNo = index + 1;
    const collapsed = /^ +\t/.exec(line);
    if (collapsed) {
      // The previous row's last blank cell and the row break became this leading space.
      const previous = row;
      if (previous) previous.lostTrailingBlank = true;
      endRow();
      addCell(line.slice(collapsed[0].length), lineNo);
    } else if (line.startsWith('\t')) {
      addCell(line.slice(1), lineNo);
    } else if (line.trim() === '') {
      if (row) endRow();
      else {
        push({ kind: 'paragraph', text: '', location: `第 ${lineNo} 行` });
        afterParagraph = true;
      }
    } else if (row) {
      const cells: SourceCell[] = (row as SourceRow).cells;
      const last = cells[cells.length - 1]!;
      last.text += `\n${line}`;
    } else {
      push({ kind: 'paragraph', text: line.trim(), location: `第 ${lineNo} 行` });
      afterParagraph = true;
    }
  });
  endRow();
  return { format: 'text', blocks };
}
