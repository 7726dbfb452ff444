/**
 * The audit as one workbook: a sheet of files (one row each, readable or not) and a sheet of every
 * finding. Every value from a file is written as text or number, never as a formula, so a file whose
 * cells read "=HYPERLINK(…)" cannot make the reviewer's Excel run anything.
 */
import type ExcelJS from 'exceljs';
import type { Audit } from './run.js';

interface Column {
  header: string;
  width: number;
}

function sheet(workbook: ExcelJS.Workbook, name: string, columns: readonly Column[], rows: readonly (string | number | null)[][]): void {
  const ws = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: 1 }],
    // Printed, a sheet keeps all its columns on the page width, its header on every page.
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' },
  });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  for (const row of rows) ws.addRow(row.map((value) => value ?? ''));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  ws.eachRow((row, index) => {
    if (index > 1) row.alignment = { vertical: 'top', wrapText: true };
  });
}

export async function auditWorkbook(audit: Audit): Promise<Uint8Array> {
  // Loaded here, not with the package: whoever only imports through the pool (jixiao check 报告.docx) needs no Excel library.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = 'jixiao';
  workbook.created = audit.startedAt;
  sheet(
    workbook,
    '文件',
    [
      { header: '文件', width: 40 },
      { header: '格式', width: 8 },
      { header: '单位', width: 30 },
      { header: '年度', width: 8 },
      { header: '包含的部分', width: 40 },
      { header: '项目数', width: 8 },
      { header: '错误', width: 8 },
      { header: '警告', width: 8 },
      { header: '提示', width: 8 },
      { header: '总分', width: 8 },
      { header: '等级', width: 8 },
      { header: '未能识别的内容', width: 10 },
      { header: '数值无法确定的行', width: 10 },
      { header: '读取问题', width: 50 },
    ],
    audit.files.map((f) => [
      f.file,
      f.format,
      f.unit,
      f.year,
      f.parts.join('、'),
      f.projects,
      f.counts['错误'],
      f.counts['警告'],
      f.counts['提示'],
      f.total === null ? null : Number(f.total),
      f.grade,
      f.unmapped,
      f.uncertain,
      f.error,
    ]),
  );
  sheet(
    workbook,
    '问题',
    [
      { header: '文件', width: 40 },
      { header: '级别', width: 8 },
      { header: '规则', width: 22 },
      { header: '部分', width: 8 },
      { header: '位置', width: 30 },
      { header: '说明', width: 90 },
    ],
    audit.files.flatMap((f) => f.findings.map((x) => [f.file, x.severity, x.ruleId, x.part, x.where, x.message])),
  );
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
