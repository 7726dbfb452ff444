/** Reading a package from a file given on the command line: a package JSON, or (via the importer) a document. */
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { parsePackageJson, type Package, type SchemaIssue } from '@jixiao/core';

export type LoadResult = { ok: true; package: Package; notes: string[] } | { ok: false; message: string; issues: SchemaIssue[] };

/** Larger than any real package or report; refuses a wrong file before reading it into memory. */
const MAX_BYTES = 50 * 1024 * 1024;

const fail = (message: string, issues: SchemaIssue[] = []): LoadResult => ({ ok: false, message, issues });

export async function loadPackage(path: string): Promise<LoadResult> {
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) return fail(`“${path}”是文件夹，请给出文件`);
    size = info.size;
  } catch {
    return fail(`找不到文件“${path}”`);
  }
  if (size > MAX_BYTES) return fail(`文件“${path}”有 ${(size / 1024 / 1024).toFixed(1)} MB，超过 50 MB 上限，不像是自评材料`);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    return fail(`无法读取文件“${path}”（没有权限？）`);
  }
  const extension = extname(path).toLowerCase();
  if (extension === '.json') {
    const result = parsePackageJson(new TextDecoder('utf-8', { fatal: false }).decode(bytes));
    return result.ok
      ? { ok: true, package: result.package, notes: [] }
      : fail(`“${path}”不是有效的绩效自评包（发现 ${result.issues.length} 处问题）`, result.issues);
  }
  // Anything else is a document to import; the importer names the types it reads when it cannot.
  return loadImported(path, new Uint8Array(bytes));
}

/**
 * A document the importer reads: the package, with the import's account as notes. The importer and
 * its worker pool are loaded only here, so that a package JSON is read without them.
 */
async function loadImported(path: string, bytes: Uint8Array): Promise<LoadResult> {
  const [{ importIsolated }, { describeImport }] = await Promise.all([import('./import-isolated.js'), import('./import-account.js')]);
  const result = await importIsolated(bytes, basename(path));
  if (!result.ok || !result.package) return { ok: false, message: `无法导入“${path}”：${result.errors.join('；')}`, issues: [] };
  // The check names the absent parts itself.
  return { ok: true, package: result.package, notes: describeImport(result, { parts: false }) };
}
