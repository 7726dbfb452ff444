import { limitIssues, type Package, parsePackage, parsePackageJson } from '@jixiao/core';
import { type RectificationRecord, rectificationAppendix, renderDocx, renderPdf, renderXlsx } from '@jixiao/documents';
import type { ImportPool } from '@jixiao/audit';
import { PART_NAMES } from '@jixiao/import';
import { ApiError } from './errors.js';

export const EXPORT_FORMATS = ['json', 'docx', 'xlsx', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const MIME: Record<ExportFormat, string> = {
  json: 'application/json; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

export interface RenderedFile {
  bytes: Buffer;
  mime: string;
  fileName: string;
}

export function mimeOf(format: ExportFormat): string {
  return MIME[format];
}

/** "2023-岳阳市岳阳楼区吕仙亭街道办事处-自评.docx" */
export function exportFileName(pkg: Package, format: ExportFormat): string {
  return `${pkg.year}-${pkg.unit.name.replace(/[\\/:*?"<>|]/g, '_')}-自评.${format}`;
}

/** The package as a file of the given format; DOCX and PDF with the 整改情况 appendix when `rectification` is given. */
export async function renderFile(pkg: Package, format: ExportFormat, rectification?: RectificationRecord[]): Promise<RenderedFile> {
  const fileName = exportFileName(pkg, format);
  const appendices = rectification ? [rectificationAppendix(rectification)] : [];
  const render = { docx: renderDocx, xlsx: renderXlsx, pdf: renderPdf };
  const bytes = format === 'json' ? Buffer.from(`${JSON.stringify(pkg, null, 2)}\n`) : Buffer.from(await render[format](pkg, appendices));
  return { bytes, mime: MIME[format], fileName };
}

export interface ImportedPackage {
  package: Package;
  warnings: string[];
}

/** Reads an uploaded file into a package (not stored), in the import pool. A package JSON is taken as it is. */
export async function importBytes(pool: ImportPool, bytes: Buffer, fileName: string, signal?: AbortSignal): Promise<ImportedPackage> {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  if (ext === 'json') {
    const result = parsePackageJson(bytes.toString('utf8'));
    if (!result.ok) {
      const first = result.issues[0];
      throw new ApiError(
        'IMPORT_FAILED',
        `“${fileName}”不是有效的自评包 JSON：${first ? `${first.label}（${first.path}）${first.message}` : ''}`,
        {
          issues: result.issues,
        },
      );
    }
    return { package: sized(result.package, fileName), warnings: [] };
  }
  const result = await pool.import(new Uint8Array(bytes), fileName, signal);
  if (!result.ok || !result.package) {
    throw new ApiError('IMPORT_FAILED', `“${fileName}”无法导入：${result.errors.join('；')}`, { errors: result.errors });
  }
  // Sizes first: a file far past the limits is refused before any work in proportion to its size.
  sized(result.package, fileName);
  const parsed = parsePackage(result.package);
  if (!parsed.ok) {
    const first = parsed.issues[0];
    throw new ApiError(
      'IMPORT_FAILED',
      `“${fileName}”导入后的数据不合规：${first ? `${first.label}（${first.path}）${first.message}` : ''}`,
      {
        issues: parsed.issues,
      },
    );
  }
  const warnings = [
    ...result.partsAbsent.map((part) => `文件中未找到${PART_NAMES[part]}，该部分留空。`),
    ...result.uncertainRows.map(
      (row) => `${row.location}“${row.label}”：${row.message}${row.columns.length > 0 ? `（可能属于：${row.columns.join('、')}）` : ''}`,
    ),
    ...result.notes.map((note) => `${note.severity}：${note.message}${note.location ? `（${note.location}）` : ''}`),
    ...(result.unmapped.length ? [`有 ${result.unmapped.length} 处文字未能对应到自评包中的位置。`] : []),
  ];
  return { package: parsed.package, warnings };
}

/** The imported package, refused when it is larger than core's PACKAGE_LIMITS allow. */
function sized(pkg: Package, fileName: string): Package {
  const first = limitIssues(pkg)[0];
  if (first) throw new ApiError('IMPORT_FAILED', `“${fileName}”的内容过大，无法导入：${first.message}（${first.path}）。`);
  return pkg;
}

/** `attachment` header with the UTF-8 file name (RFC 6266 / 5987) and an ASCII fallback. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
