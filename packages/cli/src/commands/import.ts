/** `jixiao import FILE [-o OUT.json]`: read a text, DOCX or XLSX file into a package and say what was read. */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { importFile, PART_NAMES, type ImportResult } from '@jixiao/import';
import type { LoadResult } from '../load.js';

export const IMPORT_USAGE = '用法：jixiao import 文件(.txt/.docx/.xlsx) [-o 输出.json]';

/** File types the importer reads; `loadPackage` hands these to it. */
export const IMPORTABLE_EXTENSIONS = ['.txt', '.docx', '.xlsx'];

/** How many items of each list are printed; the package file has them all. */
const SHOWN = 30;

function parseArgs(argv: string[]): { file: string; out: string | null } | string {
  let out: string | null = null;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-o' || arg === '--output') out = argv[++i] ?? '';
    else if (arg.startsWith('-')) return `不认识的选项“${arg}”`;
    else files.push(arg);
  }
  if (files.length !== 1) return files.length === 0 ? '缺少要导入的文件' : `只能给出一个文件，收到 ${files.length} 个`;
  if (out === '') return '-o 后面缺少输出文件名';
  return { file: files[0] as string, out };
}

function listed<T>(items: T[], line: (item: T) => string): string[] {
  const lines = items.slice(0, SHOWN).map((item) => `  · ${line(item)}`);
  if (items.length > SHOWN) lines.push(`  …… 另有 ${items.length - SHOWN} 处`);
  return lines;
}

/** What the import found, in Chinese: parts, notes, uncertain rows, text not placed. */
export function describeImport(result: ImportResult): string[] {
  const lines: string[] = [];
  lines.push(`找到：${result.partsFound.map((id) => PART_NAMES[id]).join('；') || '无'}`);
  if (result.partsAbsent.length > 0) lines.push(`没有：${result.partsAbsent.map((id) => PART_NAMES[id]).join('；')}（包中这些部分留空，未作推测）`);
  for (const note of result.notes) lines.push(`${note.severity}${note.location ? `（${note.location}）` : ''}：${note.message}`);
  if (result.uncertainRows.length > 0) {
    lines.push(`无法确定各列的行 ${result.uncertainRows.length} 处（已留空，请对照原件补填）：`);
    lines.push(...listed(result.uncertainRows, (row) => `${row.location}“${row.label}”：${row.values.join(' / ') || '（无数值）'}`));
  }
  if (result.unmapped.length > 0) {
    lines.push(`未能识别、没有导入的内容 ${result.unmapped.length} 处：`);
    lines.push(...listed(result.unmapped, (item) => `${item.location}：${item.text.replace(/\n/g, ' ')}`));
  }
  return lines;
}

async function readInput(path: string): Promise<Uint8Array | string> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) return `“${path}”是文件夹，请给出文件`;
  } catch {
    return `找不到文件“${path}”`;
  }
  try {
    return new Uint8Array(await readFile(path));
  } catch {
    return `无法读取文件“${path}”（没有权限？）`;
  }
}

/** `loadPackage` for the file types the importer reads: the package, with the import's account as notes. */
export function loadImported(path: string, bytes: Uint8Array): LoadResult {
  const result = importFile(bytes, basename(path));
  if (!result.ok || !result.package) return { ok: false, message: `无法导入“${path}”：${result.errors.join('；')}`, issues: [] };
  return { ok: true, package: result.package, notes: describeImport(result) };
}

export async function runImport(argv: string[]): Promise<number> {
  const options = parseArgs(argv);
  if (typeof options === 'string') {
    console.error(`${options}\n${IMPORT_USAGE}`);
    return 2;
  }
  const bytes = await readInput(options.file);
  if (typeof bytes === 'string') {
    console.error(bytes);
    return 2;
  }
  const result = importFile(bytes, basename(options.file));
  if (!result.ok || !result.package) {
    console.error(`无法导入“${options.file}”：${result.errors.join('；')}`);
    return 2;
  }
  const out = options.out ?? join(dirname(options.file), `${basename(options.file, extname(options.file))}.json`);
  if (resolve(out) === resolve(options.file)) {
    console.error(`输出文件不能覆盖被导入的文件“${options.file}”，请用 -o 指定另一个文件`);
    return 2;
  }
  try {
    await writeFile(out, `${JSON.stringify(result.package, null, 2)}\n`);
  } catch {
    console.error(`无法写入“${out}”（目录不存在或没有权限？）`);
    return 2;
  }
  console.log(`已导入“${options.file}”，绩效自评包写入“${out}”`);
  for (const line of describeImport(result)) console.log(line);
  return 0;
}
