/**
 * A workbook of plain tables (a header row, then rows): the region overview's export. Values are
 * written as text or numbers, never as formulas; decimal text from the engine is written as a number
 * with the column's format, so a reviewer can sum and sort it.
 */
import type ExcelJS from 'exceljs';

export interface SheetColumn {
  header: string;
  width: number;
  /** a number format ("0.00"): the column's decimal text is written as numbers */
  numFmt?: string;
}

export interface Sheet {
  name: string;
  columns: readonly SheetColumn[];
  rows: readonly (readonly (string | number | null)[])[];
}

function addSheet(workbook: ExcelJS.Workbook, { name, columns, rows }: Sheet): void {
  const ws = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' },
  });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width, ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}) }));
  ws.getRow(1).font = { bold: true };
  for (const row of rows) {
    ws.addRow(
      row.map((value, i) =>
        value === null ? '' : columns[i]?.numFmt && typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value,
      ),
    );
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
}

export async function tablesWorkbook(sheets: readonly Sheet[]): Promise<Uint8Array> {
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = 'jixiao';
  for (const sheet of sheets) addSheet(workbook, sheet);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
