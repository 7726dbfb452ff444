/**
 * The seed's tables written as HTML and CSV, for LibreOffice to turn into DOCX and XLSX: files
 * made outside the project. In the HTML the 附件2 indicator columns 绩效指标 / 一级指标 / 二级指标
 * become real vertically merged cells (rowspan), as in the published document.
 */
import { readText } from '../src/index.js';

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

interface HtmlCell {
  text: string;
  rowspan: number;
}

export function seedAsHtml(seed: string): string {
  const out: string[] = ['<!DOCTYPE html><html><head><meta charset="utf-8"><title>seed</title></head><body>'];
  let table: number | null = null;
  let rows: HtmlCell[][] = [];
  let inIndicators = false;
  let anchors: (HtmlCell | undefined)[] = [];
  const flush = () => {
    if (table !== null) {
      out.push('<table border="1">');
      for (const row of rows) {
        const tds = row.map((cell) => {
          const span = cell.rowspan > 1 ? ` rowspan="${cell.rowspan}"` : '';
          return `<td${span}>${cell.text.split('\n').map(escapeHtml).join('<br>')}</td>`;
        });
        out.push(`<tr>${tds.join('')}</tr>`);
      }
      out.push('</table>');
    }
    rows = [];
    table = null;
  };
  for (const block of readText(seed).blocks) {
    if (block.kind === 'paragraph') {
      flush();
      if (block.text !== '') out.push(`<p>${escapeHtml(block.text)}</p>`);
      continue;
    }
    if (table !== block.table) flush();
    table = block.table;
    const texts = block.cells.map((cell) => cell.text.trim());
    const header = texts.includes('一级指标');
    if (header) {
      inIndicators = true;
      anchors = [];
    } else if (texts.includes('总分')) inIndicators = false;
    const row: HtmlCell[] = [];
    texts.forEach((text, c) => {
      const mergeable = inIndicators && !header && c <= 2;
      const anchor = anchors[c];
      if (mergeable && text === '' && anchor) {
        anchor.rowspan++;
        return;
      }
      const cell = { text, rowspan: 1 };
      if (mergeable) anchors[c] = text === '' ? undefined : cell;
      row.push(cell);
    });
    rows.push(row);
  }
  flush();
  out.push('</body></html>');
  return out.join('\n');
}

/** One CSV line per table row (cells quoted, line breaks kept) and per paragraph. */
export function seedAsCsv(seed: string): string {
  const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
  return readText(seed)
    .blocks.map((block) => (block.kind === 'paragraph' ? quote(block.text) : block.cells.map((cell) => quote(cell.text.trim())).join(',')))
    .join('\n');
}
