/**
 * Official documents from a validated package: the 自评报告 with its attachments as DOCX and PDF,
 * the attachments as XLSX. Every figure comes from the package or from core `compute`. The report is
 * the unit's text verbatim, numbering included: drafted text and numbering fixes reach it only when the
 * unit accepts them in the editor (core draft.ts, proposal.ts); `jixiao check` compares its figures
 * with the tables.
 */
import { compute, type Package } from '@jixiao/core';
import { docxDocument } from './docx.js';
import { pdfDocument } from './pdf.js';
import { attachments } from './tables.js';
import { xlsxWorkbook } from './xlsx.js';

export { attachments, signatureLine, type Attachment, type GridCell } from './tables.js';
export { describeFonts, findFonts, fontPath, type FontRole } from './fonts.js';

export async function renderDocx(pkg: Package): Promise<Uint8Array> {
  const computed = compute(pkg);
  return docxDocument(pkg, pkg.report, attachments(pkg, computed));
}

export async function renderXlsx(pkg: Package): Promise<Uint8Array> {
  return xlsxWorkbook(attachments(pkg, compute(pkg)));
}

export async function renderPdf(pkg: Package): Promise<Uint8Array> {
  const computed = compute(pkg);
  return pdfDocument(pkg, pkg.report, attachments(pkg, computed));
}
