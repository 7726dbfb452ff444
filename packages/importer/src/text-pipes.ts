/**
 * Tables written with pipes. Markdown: `| a | b |` one row a line, `|---|` under the header. A web
 * page copied as text: each cell on its own line ending in ` |`, a line `|||` after each row; the
 * page shows a merged cell once, so cell positions there are not exact.
 */
import type { SourceRow } from './source.js';
import { TextBlocks } from './text-blocks.js';

const MARKDOWN_RULE = /^\s*\|?(\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$/;

/** A markdown table row's cells; `\|` is a pipe inside a cell, `<br>` a line break. */
function markdownCells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((cell) =>
    cell
      .replace(/\\\|/g, '|')
      .replace(/<br\s*\/?>/gi, '\n')
      .trim(),
  );
}

export const isMarkdownRow = (line: string) => /^\s*\|.*\|\s*$/.test(line) && !/^\s*\|{2,}\s*$/.test(line);

export function readMarkdown(lines: readonly string[]): TextBlocks {
  const out = new TextBlocks();
  lines.forEach((line, index) => {
    const lineNo = index + 1;
    if (MARKDOWN_RULE.test(line)) return;
    if (!isMarkdownRow(line)) {
      out.paragraph(line, lineNo);
      return;
    }
    const row = out.row(lineNo, true);
    markdownCells(line).forEach((text, i) => out.cell(row, text, `第 ${lineNo} 行第 ${i + 1} 列`));
  });
  return out;
}

export const isWebRowEnd = (line: string) => /^\s*\|{2,}\s*$/.test(line);
export const isWebCell = (line: string) => /(^|\s)\|\s*$/.test(line) && !isWebRowEnd(line);

export function readWebDump(lines: readonly string[]): TextBlocks {
  const out = new TextBlocks();
  let row: SourceRow | null = null;
  /** Lines of a cell whose text runs over several lines, waiting for the line that ends it with " |". */
  let pending: { text: string[]; lineNo: number } | null = null;
  const flushPending = () => {
    if (!pending) return;
    for (const [i, text] of pending.text.entries()) out.paragraph(text, pending.lineNo + i);
    pending = null;
  };
  lines.forEach((line, index) => {
    const lineNo = index + 1;
    if (isWebRowEnd(line)) {
      if (pending && row) {
        out.cell(row, pending.text.join('\n'), `第 ${pending.lineNo} 行`);
        pending = null;
      }
      flushPending();
      row = null;
    } else if (isWebCell(line)) {
      const text = line.replace(/\s*\|\s*$/, '').trim();
      const start = pending?.lineNo ?? lineNo;
      const full = pending ? [...pending.text, text].join('\n') : text;
      pending = null;
      row ??= out.row(start, false);
      out.cell(row, full, `第 ${start} 行`);
    } else if (line.trim() === '') {
      flushPending();
      if (!row) out.paragraph('', lineNo);
    } else if (row) {
      pending ??= { text: [], lineNo };
      pending.text.push(line.trim());
    } else {
      out.paragraph(line, lineNo);
    }
  });
  flushPending();
  return out;
}
