/**
 * Official documents from a validated package: the 自评报告 with its attachments as DOCX and PDF,
 * the attachments as XLSX. Every figure comes from the package or from core `compute`. The report is
 * the unit's text verbatim, numbering included: drafted text and numbering fixes reach it only when the
 * unit accepts them in the editor (core draft.ts, proposal.ts); `jixiao check` compares its figures
 * with the tables.
 */
import { compute, type Package } from '@jixiao/core';
import { type Attachment, attachments } from './tables.js';

export { attachments, signatureLine, type Attachment, type GridCell } from './tables.js';
export { rectificationAppendix, type RectificationRecord } from './appendix.js';
export { describeFonts, findFonts, fontPath, type FontRole } from './fonts.js';

// Each format's writer (and its library: exceljs, pdfkit) is loaded when first used: a command that
// renders one format does not pay for loading the others (exceljs alone takes half a second).

/** `appendices` follow the attachments (the 整改情况 of appendix.ts, on request). */
export async function renderDocx(pkg: Package, appendices: readonly Attachment[] = []): Promise<Uint8Array> {
  const { docxDocument } = await import('./docx.js');
  return docxDocument(pkg, pkg.report, [...attachments(pkg, compute(pkg)), ...appendices]);
}

export async function renderXlsx(pkg: Package): Promise<Uint8Array> {
  const { xlsxWorkbook } = await import('./xlsx.js');
  return xlsxWorkbook(attachments(pkg, compute(pkg)));
}

export async function renderPdf(pkg: Package, appendices: readonly Attachment[] = []): Promise<Uint8Array> {
  const { pdfDocument } = await import('./pdf.js');
  return pdfDocument(pkg, pkg.report, [...attachments(pkg, compute(pkg)), ...appendices]);
}

/** Loads every format's writer now: a service's render thread does it at start, so no request waits for it. */
export async function loadWriters(): Promise<void> {
  await Promise.all([import('./docx.js'), import('./pdf.js'), import('./xlsx.js')]);
}

/** A workbook of plain tables (the region overview's export). */
export async function renderTables(sheets: readonly import('./sheets.js').Sheet[]): Promise<Uint8Array> {
  const { tablesWorkbook } = await import('./sheets.js');
  return tablesWorkbook(sheets);
}
export type { Sheet, SheetColumn } from './sheets.js';
