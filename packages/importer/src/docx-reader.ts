/**
 * DOCX: the body of word/document.xml in order. Paragraphs become paragraph blocks (one per line
 * break); tables become rows with each cell's grid column, horizontal merges (gridSpan) read once
 * and vertical merge continuations read as blank cells, as a reader of the printed table sees them.
 */
import { ImportError, LIMITS } from './errors.js';
import type { SourceBlock, SourceCell, SourceDocument } from './source.js';
import { attr, childElements, firstChild, localName, parseXml, type XmlElement } from './xml.js';
import type { ZipArchive } from './zip.js';

/** Elements whose text is not part of what a reader sees (deleted text, field codes, fallbacks). */
const SKIPPED = new Set([
  'delText',
  'instrText',
  'pPr',
  'rPr',
  'tblPr',
  'trPr',
  'tcPr',
  'Fallback',
  'footnoteReference',
  'commentReference',
]);

function paragraphText(p: XmlElement): string {
  let out = '';
  const walk = (element: XmlElement) => {
    for (const child of element.children) {
      if (typeof child === 'string') continue;
      const name = localName(child);
      if (SKIPPED.has(name)) continue;
      if (name === 't') out += child.children.filter((c): c is string => typeof c === 'string').join('');
      else if (name === 'tab') out += '\t';
      else if (name === 'br' || name === 'cr') out += '\n';
      else if (name === 'noBreakHyphen') out += '-';
      else walk(child);
    }
  };
  walk(p);
  return out;
}

/** Text of a table cell: its paragraphs (and nested tables' paragraphs) joined with "\n". */
function cellText(tc: XmlElement): string {
  const lines: string[] = [];
  const walk = (element: XmlElement) => {
    for (const child of childElements(element)) {
      const name = localName(child);
      if (name === 'p') lines.push(paragraphText(child));
      else if (name === 'tbl' || name === 'tr' || name === 'tc' || name === 'sdt' || name === 'sdtContent' || name === 'customXml')
        walk(child);
    }
  };
  walk(tc);
  return lines.join('\n');
}

export function readDocx(zip: ZipArchive): SourceDocument {
  const bytes = zip.read('word/document.xml');
  if (!bytes) throw new ImportError('Word 文件中缺少正文（word/document.xml）');
  const root = parseXml(new TextDecoder().decode(bytes), 'word/document.xml');
  const body = firstChild(root, 'body');
  if (!body) throw new ImportError('Word 文件的正文为空或结构异常（缺少 w:body）');

  const blocks: SourceBlock[] = [];
  let paragraphNo = 0;
  let tableNo = 0;
  const push = (block: SourceBlock) => {
    if (blocks.length >= LIMITS.blocks) throw new ImportError(`Word 文件中的段落和表格行超过 ${LIMITS.blocks} 个，拒绝读取`);
    blocks.push(block);
  };

  const readTable = (tbl: XmlElement) => {
    tableNo++;
    const table = tableNo;
    childElements(tbl, 'tr').forEach((tr, r) => {
      let col = Number(attr(firstChild(firstChild(tr, 'trPr') ?? tr, 'gridBefore') ?? tr, 'val') ?? 0) || 0;
      const cells: SourceCell[] = [];
      for (const tc of cellsOf(tr)) {
        const props = firstChild(tc, 'tcPr');
        const span = Math.max(1, Math.min(1000, Number(attr(firstChild(props ?? tc, 'gridSpan') ?? tc, 'val') ?? 1) || 1));
        const vMerge = props ? firstChild(props, 'vMerge') : undefined;
        const continued = vMerge !== undefined && attr(vMerge, 'val') !== 'restart';
        cells.push({
          text: continued ? '' : cellText(tc),
          col,
          span,
          location: `表格 ${table} 第 ${r + 1} 行第 ${cells.length + 1} 格`,
        });
        col += span;
      }
      push({ kind: 'row', table, cells, location: `表格 ${table} 第 ${r + 1} 行`, exactColumns: true, lostTrailingBlank: false });
    });
  };

  const readBody = (element: XmlElement) => {
    for (const child of childElements(element)) {
      const name = localName(child);
      if (name === 'p') {
        paragraphNo++;
        const lines = paragraphText(child).split('\n');
        for (const line of lines) push({ kind: 'paragraph', text: line.replace(/\t/g, ' ').trim(), location: `第 ${paragraphNo} 段` });
      } else if (name === 'tbl') readTable(child);
      else if (name === 'sdt' || name === 'sdtContent' || name === 'customXml') readBody(child);
    }
  };
  readBody(body);
  return { format: 'docx', blocks };
}

/** Cells of a row, including those wrapped in content controls. */
function cellsOf(tr: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (const child of childElements(tr)) {
    const name = localName(child);
    if (name === 'tc') out.push(child);
    else if (name === 'sdt' || name === 'sdtContent' || name === 'customXml') out.push(...cellsOf(child));
  }
  return out;
}
