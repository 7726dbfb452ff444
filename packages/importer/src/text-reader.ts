/**
 * Plain text of any shape a user brings: text extracted from a DOCX (one cell per line after a tab),
 * tab- or comma-separated rows, Markdown pipe tables, a web page's table copied as text (cells ending
 * in " |", rows ended by "|||"), or a page flattened to one cell per line. The shape is recognised
 * from the lines themselves; each shape has its reader, and all give the same block stream.
 */
import { ImportError } from './errors.js';
import type { SourceDocument } from './source.js';
import type { TextBlocks } from './text-blocks.js';
import { readCellLines } from './text-cell-lines.js';
import { readDelimited } from './text-delimited.js';
import { readFlat } from './text-flat.js';
import { isMarkdownRow, isWebCell, isWebRowEnd, readMarkdown, readWebDump } from './text-pipes.js';
import { readNumber } from '@jixiao/core';

export function decodeText(data: Uint8Array): string {
  if (data.includes(0)) throw new ImportError('文件含有二进制内容，不是文本文件；请导入 .txt、.csv、.docx、.xlsx 或 .pdf 文件');
  for (const encoding of ['utf-8', 'gb18030']) {
    try {
      return new TextDecoder(encoding, { fatal: true }).decode(data).replace(/^\uFEFF/, '');
    } catch {
      // try the next encoding
    }
  }
  throw new ImportError('无法识别文本文件的编码（既不是 UTF-8 也不是 GB18030/GBK）');
}

export type TextShape = 'cell-lines' | 'tab-separated' | 'comma-separated' | 'markdown' | 'web-dump' | 'flat' | 'prose';

/** What the lines look like: the shape most table lines have. */
export function textShape(lines: readonly string[], extension: string): TextShape {
  if (extension === 'csv') return 'comma-separated';
  const count = { cellLines: 0, tabs: 0, markdown: 0, web: 0, figures: 0, filled: 0 };
  for (const line of lines) {
    if (line.trim() === '') continue;
    count.filled++;
    if (/^ *\t[^\t]*$/.test(line)) count.cellLines++;
    else if (line.includes('\t')) count.tabs++;
    else if (isMarkdownRow(line)) count.markdown++;
    else if (isWebCell(line) || isWebRowEnd(line)) count.web++;
    else if (line.trim().length <= 20 && readNumber(line.trim()).ok) count.figures++;
  }
  const table = Math.max(count.cellLines, count.tabs, count.markdown, count.web);
  if (table >= 2) {
    if (table === count.tabs) return 'tab-separated';
    if (table === count.markdown) return 'markdown';
    if (table === count.web) return 'web-dump';
    return 'cell-lines';
  }
  // Lines that are only figures, in number: a table that lost its structure, not a report.
  return count.figures >= 5 && count.figures * 5 >= count.filled ? 'flat' : 'prose';
}

export function readText(text: string, extension = 'txt'): SourceDocument {
  const lines = text.split(/\r\n|\n|\r/);
  const shape = textShape(lines, extension);
  const readers: Record<TextShape, () => TextBlocks> = {
    'cell-lines': () => readCellLines(lines),
    prose: () => readCellLines(lines),
    'tab-separated': () => readDelimited(text, '\t'),
    'comma-separated': () => readDelimited(text, ','),
    markdown: () => readMarkdown(lines),
    'web-dump': () => readWebDump(lines),
    flat: () => readFlat(lines),
  };
  return { format: 'text', blocks: readers[shape]().blocks };
}
