/**
 * `jixiao audit DIR|ZIP [-o 审核结果.xlsx] [--json] [--jobs N] [--timeout 秒]`: import and check every
 * file of a folder or ZIP on all cores, with a progress bar, into one workbook (or JSON). One bad file
 * never stops the run: it gets its row with the reason.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import {
  ImportPool,
  auditTotals,
  auditWorkbook,
  folderEntries,
  runAudit as auditEntries,
  zipEntries,
  type AuditEntry,
} from '@jixiao/audit';
import { progressBar } from '../progress.js';
import { AUDIT_USAGE } from '../usage.js';

interface AuditOptions {
  input: string;
  out: string | null;
  json: boolean;
  jobs: number | undefined;
  timeoutSeconds: number | undefined;
}

function parseArgs(argv: string[]): AuditOptions | string {
  const options: AuditOptions = { input: '', out: null, json: false, jobs: undefined, timeoutSeconds: undefined };
  const inputs: string[] = [];
  const positive = (flag: string, value: string | undefined): number | string => {
    const n = Number(value);
    return Number.isInteger(n) && n > 0 ? n : `${flag} 后面应是正整数`;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-o' || arg === '--output') {
      options.out = argv[++i] ?? '';
      if (options.out === '') return '-o 后面缺少输出文件名';
    } else if (arg === '--json') options.json = true;
    else if (arg === '--jobs' || arg === '--timeout') {
      const n = positive(arg, argv[++i]);
      if (typeof n === 'string') return n;
      if (arg === '--jobs') options.jobs = n;
      else options.timeoutSeconds = n;
    } else if (arg.startsWith('-')) return `不认识的选项“${arg}”`;
    else inputs.push(arg);
  }
  if (inputs.length !== 1)
    return inputs.length === 0 ? '缺少要审核的文件夹或 .zip 文件' : `只能给出一个文件夹或 .zip，收到 ${inputs.length} 个`;
  options.input = inputs[0]!;
  return options;
}

async function entriesOf(input: string): Promise<AuditEntry[] | string> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(input)).isDirectory();
  } catch {
    return `找不到“${input}”`;
  }
  try {
    if (isDirectory) return await folderEntries(input);
    if (extname(input).toLowerCase() !== '.zip') return `“${input}”既不是文件夹也不是 .zip 文件；审核一个文件请用 jixiao check`;
    return zipEntries(new Uint8Array(await readFile(input)));
  } catch (error) {
    return `无法读取“${input}”：${error instanceof Error ? error.message : String(error)}`;
  }
}

export async function runAudit(argv: string[]): Promise<number> {
  const options = parseArgs(argv);
  if (typeof options === 'string') {
    console.error(`${options}\n${AUDIT_USAGE}`);
    return 2;
  }
  const entries = await entriesOf(options.input);
  if (typeof entries === 'string') {
    console.error(entries);
    return 2;
  }
  if (entries.length === 0) {
    console.error(`“${options.input}”中没有文件`);
    return 2;
  }
  const pool = new ImportPool({
    ...(options.jobs ? { size: options.jobs } : {}),
    ...(options.timeoutSeconds ? { timeoutMs: options.timeoutSeconds * 1000 } : {}),
  });
  const bar = progressBar(process.stderr, '审核');
  let audit;
  try {
    audit = await auditEntries(entries, pool, bar.update);
  } finally {
    bar.done();
    await pool.close();
  }
  const totals = auditTotals(audit.files);
  const out = options.out ?? (options.json ? null : `${basename(resolve(options.input)).replace(/\.zip$/i, '')}-审核结果.xlsx`);
  if (out !== null) {
    try {
      await writeFile(out, await auditWorkbook(audit));
    } catch {
      console.error(`无法写入“${out}”（目录不存在或没有权限？）`);
      return 2;
    }
  }
  if (options.json) process.stdout.write(`${JSON.stringify(audit, null, 2)}\n`);
  const rate = audit.seconds > 0 ? (audit.files.length / audit.seconds).toFixed(1) : '—';
  console.error(
    `共 ${totals.files} 个文件：读取 ${totals.files - totals.failed} 个，无法读取 ${totals.failed} 个；` +
      `错误 ${totals.counts['错误']} 条，警告 ${totals.counts['警告']} 条，提示 ${totals.counts['提示']} 条；` +
      `用时 ${audit.seconds.toFixed(1)} 秒（每秒 ${rate} 个文件）${out ? `；结果写入“${out}”` : ''}`,
  );
  return totals.failed > 0 || totals.counts['错误'] > 0 ? 1 : 0;
}
