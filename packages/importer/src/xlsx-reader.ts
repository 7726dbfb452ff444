/**
 * XLSX: every worksheet in workbook order, as rows over the sheet's columns. A merged range is read
 * once at its top-left cell (covering its columns); the cells a vertical merge covers below read
 * blank, as a reader of the printed sheet sees them. Percent-formatted numbers read as "58.14%".
 */
import { Decimal } from '@jixiao/core';
import { ImportError, LIMITS } from './errors.js';
import type { SourceBlock, SourceCell, SourceDocument } from './source.js';
import { attr, childElements, firstChild, localName, parseXml, type XmlElement } from './xml.js';
import type { ZipArchive } from './zip.js';

function readXmlPart(zip: ZipArchive, name: string): XmlElement | undefined {
  const bytes = zip.read(name);
  return bytes ? parseXml(new TextDecoder().decode(bytes), name) : undefined;
}

/** All text under an element (shared strings, inline strings), phonetic runs excluded. */
function textOf(element: XmlElement): string {
  let out = '';
  for (const child of element.children) {
    if (typeof child === 'string') {
      if (localName(element) === 't') out += child;
    } else if (localName(child) !== 'rPh') out += textOf(child);
  }
  return out;
}

/** "B12" → { row: 12, col: 2 } (1-based). */
function parseRef(ref: string): { row: number; col: number } | null {
  const match = /^([A-Z]{1,3})(\d{1,7})$/.exec(ref.toUpperCase());
  if (!match) return null;
  let col = 0;
  for (const ch of match[1]!) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(match[2]), col };
}

function columnName(col: number): string {
  let name = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** Decimal places of each percent-formatted style index; other styles are absent. */
function percentStyles(styles: XmlElement | undefined): Map<number, number> {
  const result = new Map<number, number>();
  if (!styles) return result;
  const custom = new Map<number, string>();
  for (const fmt of childElements(firstChild(styles, 'numFmts') ?? styles, 'numFmt')) {
    custom.set(Number(attr(fmt, 'numFmtId')), attr(fmt, 'formatCode') ?? '');
  }
  childElements(firstChild(styles, 'cellXfs') ?? styles, 'xf').forEach((xf, index) => {
    const id = Number(attr(xf, 'numFmtId') ?? 0);
    if (id === 9) result.set(index, 0);
    else if (id === 10) result.set(index, 2);
    else {
      const code = custom.get(id);
      if (code && code.includes('%')) result.set(index, /\.(0+)%/.exec(code)?.[1]?.length ?? 0);
    }
  });
  return result;
}

/**
 * A numeric cell as text. Excel stores binary doubles; 15 significant digits is what Excel itself
 * shows, so "0.30000000000000004" reads as "0.3" and "797.2" stays "797.2".
 */
function numberText(raw: string, percentDigits: number | undefined): string {
  const text = raw.trim();
  if (!/^-?\d+(?:\.\d+)?(?:[eE][+-]?\d{1,3})?$/.test(text)) return text;
  const value = new Decimal(text).toSignificantDigits(15);
  return percentDigits === undefined ? value.toString() : `${value.times(100).toFixed(percentDigits)}%`;
}

export function readXlsx(zip: ZipArchive): SourceDocument {
  const workbook = readXmlPart(zip, 'xl/workbook.xml');
  if (!workbook) throw new ImportError('Excel 文件中缺少工作簿（xl/workbook.xml）');
  const rels = readXmlPart(zip, 'xl/_rels/workbook.xml.rels');
  const targets = new Map<string, string>();
  for (const rel of rels ? childElements(rels, 'Relationship') : []) {
    const target = attr(rel, 'Target') ?? '';
    targets.set(attr(rel, 'Id') ?? '', target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const shared = readXmlPart(zip, 'xl/sharedStrings.xml');
  const strings = shared ? childElements(shared, 'si').map(textOf) : [];
  const percents = percentStyles(readXmlPart(zip, 'xl/styles.xml'));

  const blocks: SourceBlock[] = [];
  const sheets = childElements(firstChild(workbook, 'sheets') ?? workbook, 'sheet');
  sheets.forEach((sheet, sheetIndex) => {
    const name = attr(sheet, 'name') ?? `Sheet${sheetIndex + 1}`;
    const path = targets.get(attr(sheet, 'id') ?? '') ?? `xl/worksheets/sheet${sheetIndex + 1}.xml`;
    const xml = readXmlPart(zip, path);
    if (!xml) return;
    readSheet(xml, name, sheetIndex + 1, strings, percents, blocks);
  });
  return { format: 'xlsx', blocks };
}

function readSheet(
  xml: XmlElement,
  sheetName: string,
  table: number,
  strings: string[],
  percents: Map<number, number>,
  blocks: SourceBlock[],
): void {
  const values = new Map<number, Map<number, string>>();
  let maxCol = 0;
  let count = 0;
  for (const row of childElements(firstChild(xml, 'sheetData') ?? xml, 'row')) {
    for (const c of childElements(row, 'c')) {
      if (++count > LIMITS.cells) throw new ImportError(`工作表“${sheetName}”的单元格超过 ${LIMITS.cells} 个，拒绝读取`);
      const ref = parseRef(attr(c, 'r') ?? '');
      if (!ref) continue;
      const type = attr(c, 't');
      const v = firstChild(c, 'v');
      const raw = v ? v.children.filter((child): child is string => typeof child === 'string').join('') : '';
      let text: string;
      if (type === 's') text = strings[Number(raw)] ?? '';
      else if (type === 'inlineStr') text = textOf(firstChild(c, 'is') ?? c);
      else if (type === 'str' || type === 'e') text = raw;
      else if (type === 'b') text = raw === '1' ? 'TRUE' : 'FALSE';
      else text = raw === '' ? '' : numberText(raw, percents.get(Number(attr(c, 's') ?? -1)));
      if (text === '') continue;
      if (!values.has(ref.row)) values.set(ref.row, new Map());
      values.get(ref.row)!.set(ref.col, text.replace(/\r\n?/g, '\n'));
      maxCol = Math.max(maxCol, ref.col);
    }
  }
  // Merged ranges: top-left spans the columns; cells below it (vertical merge) read blank, covered columns skipped.
  const spanAt = new Map<string, number>();
  const covered = new Set<string>();
  for (const merge of childElements(firstChild(xml, 'mergeCells') ?? xml, 'mergeCell')) {
    const [from, to] = (attr(merge, 'ref') ?? '').split(':').map(parseRef);
    if (!from || !to) continue;
    const span = to.col - from.col + 1;
    if (span < 1 || to.row < from.row || (to.row - from.row + 1) * span > LIMITS.cells) continue;
    for (let r = from.row; r <= to.row; r++) {
      spanAt.set(`${r}:${from.col}`, span);
      for (let col = from.col + 1; col <= to.col; col++) covered.add(`${r}:${col}`);
    }
    maxCol = Math.max(maxCol, to.col);
  }
  maxCol = Math.min(maxCol, 200);
  const rowNumbers = [...new Set([...values.keys()])].sort((a, b) => a - b);
  for (const r of rowNumbers) {
    const rowValues = values.get(r)!;
    const cells: SourceCell[] = [];
    for (let col = 1; col <= maxCol; col++) {
      if (covered.has(`${r}:${col}`)) continue;
      const span = spanAt.get(`${r}:${col}`) ?? 1;
      cells.push({ text: rowValues.get(col) ?? '', col, span, location: `工作表“${sheetName}” ${columnName(col)}${r}` });
    }
    if (blocks.length >= LIMITS.blocks) throw new ImportError(`Excel 文件中的行数超过 ${LIMITS.blocks} 行，拒绝读取`);
    blocks.push({ kind: 'row', table, cells, location: `工作表“${sheetName}”第 ${r} 行`, exactColumns: true, lostTrailingBlank: false });
  }
}
