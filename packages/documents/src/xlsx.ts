/**
 * The attachments as a workbook: one sheet per 附件, merged cells as in the DOCX, live formulas for
 * every derived cell with the core's figure cached beside each (WPS shows the cached result and
 * would show 0 without one), frozen title rows, A4 print set-up.
 */
import ExcelJS from 'exceljs';
import { type Attachment, FIRST_GRID_ROW, type GridCell, leadingRows } from './tables.js';
import { clean } from './text.js';

/** The one cell of the workbook of a package without 附件1–6. */
export const NO_TABLES = '本绩效自评包没有附件1–6的表格。';
/** Excel refuses a cell longer than this. */
const MAX_CELL_TEXT = 32_767;
/** Highest row height Excel accepts, in points. */
const MAX_ROW_HEIGHT = 409;
const LINE_HEIGHT = 13.5;
const FONT = { name: '仿宋_GB2312', size: 10 };
const HEADER_FONT = { name: '黑体', size: 10 };
const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** Excel column width units per character: a CJK character is two. */
const UNITS_PER_CHAR = 2;

/** Display width of text in Excel column units (CJK and full-width count double). */
function textUnits(text: string): number {
  let units = 0;
  for (const ch of text) units += ch.charCodeAt(0) > 0x2e7f ? 2 : 1;
  return units;
}

/** Estimated height of a wrapped cell: LibreOffice sizes rows itself, Excel keeps what is written. */
function cellHeight(text: string, widthUnits: number): number {
  const lines = text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(textUnits(line) / Math.max(1, widthUnits - 1))), 0);
  return Math.min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 4);
}

function cellValue(cell: GridCell): ExcelJS.CellValue {
  // A number cell holds an IEEE double, which is fine here: it is display. The package keeps the
  // exact decimal text, amounts have far fewer than 15 significant digits, and the number is read
  // from the exact text and shown with as many decimals as it has.
  const number = cell.number === null ? null : Number(cell.number);
  if (cell.formula !== null) return { formula: cell.formula, result: number ?? '' };
  if (number !== null) return number;
  // A blank cell stays empty (not 0, not ""); plain text stays a string cell whatever it starts
  // with (= + - @ are never read as formulas).
  return cell.text === '' ? null : cell.text.slice(0, MAX_CELL_TEXT);
}

/** A4 portrait, one page wide, centred: every sheet of the workbook prints so (9 is A4 in Excel's numbering). */
const PAGE_SETUP: Partial<ExcelJS.PageSetup> = {
  paperSize: 9,
  orientation: 'portrait',
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
  horizontalCentered: true,
  margins: { left: 0.6, right: 0.6, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
};

function addSheet(workbook: ExcelJS.Workbook, attachment: Attachment): void {
  const frozen = FIRST_GRID_ROW - 1 + Math.max(1, leadingRows(attachment));
  const sheet = workbook.addWorksheet(attachment.sheetName, {
    views: [{ state: 'frozen', ySplit: frozen, xSplit: 0 }],
    pageSetup: { ...PAGE_SETUP, printTitlesRow: `1:${frozen}` },
    headerFooter: { oddFooter: '&C— &P —' },
  });
  const columnUnits = attachment.columns.map((chars) => chars * UNITS_PER_CHAR + 2);
  sheet.columns = columnUnits.map((width) => ({ width }));
  const lastColumn = attachment.columns.length;

  sheet.getCell(1, 1).value = attachment.label;
  sheet.getCell(1, 1).font = HEADER_FONT;
  sheet.mergeCells(2, 1, 2, lastColumn);
  const title = sheet.getCell(2, 1);
  title.value = attachment.title;
  title.font = { name: '方正小标宋简体', size: 16 };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  sheet.getRow(2).height = 30;

  attachment.rows.forEach((row, r) => {
    const sheetRow = sheet.getRow(FIRST_GRID_ROW + r);
    let height = LINE_HEIGHT + 4;
    row.forEach((cell, c) => {
      const target = sheet.getCell(FIRST_GRID_ROW + r, c + 1);
      target.border = BORDER;
      if (!cell) return;
      target.value = cellValue(cell);
      if (cell.numFmt !== null && (cell.number !== null || cell.formula !== null)) target.numFmt = cell.numFmt;
      target.font = cell.header ? HEADER_FONT : FONT;
      target.alignment = { horizontal: cell.align, vertical: 'middle', wrapText: true };
      if (cell.header) target.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
      if (cell.colSpan > 1 || cell.rowSpan > 1) {
        sheet.mergeCells(FIRST_GRID_ROW + r, c + 1, FIRST_GRID_ROW + r + cell.rowSpan - 1, c + cell.colSpan);
      }
      if (cell.rowSpan === 1) {
        const width = columnUnits.slice(c, c + cell.colSpan).reduce((a, b) => a + b, 0);
        height = Math.max(height, cellHeight(cell.text, width));
      }
    });
    sheetRow.height = height;
  });

  let next = FIRST_GRID_ROW + attachment.rows.length + 1;
  for (const line of attachment.notes) {
    sheet.mergeCells(next, 1, next, lastColumn);
    const cell = sheet.getCell(next, 1);
    cell.value = clean(line).slice(0, MAX_CELL_TEXT);
    cell.font = FONT;
    cell.alignment = { wrapText: true, vertical: 'top' };
    sheet.getRow(next).height = cellHeight(
      line,
      columnUnits.reduce((a, b) => a + b, 0),
    );
    next++;
  }
}

export async function xlsxWorkbook(tables: readonly Attachment[]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'jixiao';
  // Recalculate on open, so that an edited amount updates every rate and score at once.
  workbook.calcProperties.fullCalcOnLoad = true;
  for (const attachment of tables) addSheet(workbook, attachment);
  // Excel refuses a workbook without a sheet: a package that holds no table gets one saying so.
  if (tables.length === 0) workbook.addWorksheet('附表', { pageSetup: PAGE_SETUP }).getCell(1, 1).value = NO_TABLES;
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
