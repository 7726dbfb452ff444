/** `jixiao render FILE --format docx|xlsx|pdf [-o OUT]`: the official documents of a package. */
import { writeFile } from 'node:fs/promises';
import { basename, extname, join, dirname } from 'node:path';
import { check } from '@jixiao/core';
import { loadPackage } from '../load.js';

export const RENDER_USAGE = '用法：jixiao render 文件 --format docx|xlsx|pdf [-o 输出文件]';

const FORMATS = ['docx', 'xlsx', 'pdf'] as const;
type Format = (typeof FORMATS)[number];

const isFormat = (value: string): value is Format => (FORMATS as readonly string[]).includes(value);

interface Options {
  file: string;
  format: Format;
  out: string | null;
}

function parseArgs(argv: string[]): Options | string {
  let format: string | null = null;
  let out: string | null = null;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--format' || arg === '-f') format = argv[++i] ?? '';
    else if (arg.startsWith('--format=')) format = arg.slice('--format='.length);
    else if (arg === '-o' || arg === '--output') out = argv[++i] ?? '';
    else if (arg.startsWith('-') && arg !== '-') return `不认识的选项“${arg}”`;
    else files.push(arg);
  }
  if (files.length !== 1) return files.length === 0 ? '缺少要生成文书的文件' : `只能给出一个文件，收到 ${files.length} 个`;
  if (format === null) return '缺少 --format（docx、xlsx 或 pdf）';
  if (!isFormat(format)) return `不支持的格式“${format}”：只能是 docx、xlsx 或 pdf`;
  if (out === '') return '-o 后面缺少输出文件名';
  return { file: files[0] as string, format, out };
}

export async function runRender(argv: string[]): Promise<number> {
  const options = parseArgs(argv);
  if (typeof options === 'string') {
    console.error(`${options}\n${RENDER_USAGE}`);
    return 2;
  }
  const loaded = await loadPackage(options.file);
  if (!loaded.ok) {
    console.error(loaded.message);
    for (const issue of loaded.issues.slice(0, 20)) console.error(`  · ${issue.label}（${issue.path}）：${issue.message}`);
    if (loaded.issues.length > 20) console.error(`  …… 另有 ${loaded.issues.length - 20} 处`);
    return 2;
  }
  const pkg = loaded.package;
  const errors = check(pkg).findings.filter((f) => f.severity === '错误').length;
  if (errors > 0) console.error(`注意：校验发现 ${errors} 项错误，文书按数据照实生成；运行 jixiao check 查看详情`);
  const out = options.out ?? join(dirname(options.file), `${basename(options.file, extname(options.file))}.${options.format}`);
  // Loaded only once there is a package to render: the PDF and Excel libraries are most of render's start-up.
  const { describeFonts, findFonts, renderDocx, renderPdf, renderXlsx } = await import('@jixiao/documents');
  const bytes = await { docx: renderDocx, xlsx: renderXlsx, pdf: renderPdf }[options.format](pkg);
  try {
    await writeFile(out, bytes);
  } catch {
    console.error(`无法写入“${out}”（文件夹不存在或没有权限？）`);
    return 1;
  }
  console.log(`已生成 ${out}（${Math.max(1, Math.round(bytes.length / 1024))} KB）`);
  // The PDF embeds the fonts this machine has; the DOCX and XLSX only name the official ones.
  if (options.format === 'pdf') console.log(`字体：${describeFonts(findFonts())}`);
  return 0;
}
