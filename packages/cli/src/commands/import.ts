/** `jixiao import FILE [-o OUT.json]`: read a text, Word, Excel or PDF file into a package and say what was read. */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { importIsolated } from '../import-isolated.js';
import { describeImport } from '../import-account.js';

export const IMPORT_USAGE = '用法：jixiao import 文件（文本 .txt/.csv、Word .docx/.doc/.wps、Excel .xlsx/.xls/.et、PDF）[-o 输出.json]';

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
  const result = await importIsolated(bytes, basename(options.file));
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
