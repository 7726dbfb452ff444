/**
 * Old Office files (.doc, .xls, .wps, .et) converted to DOCX/XLSX by LibreOffice headless, when it is
 * installed: found by JIXIAO_SOFFICE or on PATH. Each conversion runs in a private temporary folder
 * (its own LibreOffice profile, so it neither waits for nor disturbs a LibreOffice the user has open)
 * with a time limit; a conversion that hangs is killed with its process group.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ImportError } from '../errors.js';
import type { OfficeConverter, OldOfficeFormat } from '../office-formats.js';
import { OLD_OFFICE } from '../office-formats.js';

/** LibreOffice's command: JIXIAO_SOFFICE, else soffice or libreoffice on PATH; null when there is none. */
export function findSoffice(env: NodeJS.ProcessEnv = process.env): string | null {
  const configured = env['JIXIAO_SOFFICE'];
  if (configured) return isExecutable(configured) ? configured : null;
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    for (const name of ['soffice', 'libreoffice']) {
      const candidate = join(dir, name);
      if (dir && isExecutable(candidate)) return candidate;
    }
  }
  return null;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface SofficeOptions {
  /** The soffice command (default: findSoffice()). */
  command?: string | null;
  /** Longest a conversion may take, in milliseconds (default 60 s). */
  timeoutMs?: number;
  /** Told the process id of every conversion started, so a caller that ends this thread can end it too. */
  onSpawn?: (pid: number) => void;
}

/** A converter for importFile's `convertOffice`, or null when LibreOffice is not installed. */
export function sofficeConverter(options: SofficeOptions = {}): OfficeConverter | null {
  const command = options.command === undefined ? findSoffice() : options.command;
  if (!command) return null;
  const timeoutMs = options.timeoutMs ?? 60_000;
  return (data, format) => convert(command, data, format, timeoutMs, options.onSpawn);
}

async function convert(
  command: string,
  data: Uint8Array,
  format: OldOfficeFormat,
  timeoutMs: number,
  onSpawn: ((pid: number) => void) | undefined,
): Promise<Uint8Array> {
  const { target, filter, kind } = OLD_OFFICE[format];
  const work = await mkdtemp(join(tmpdir(), 'jixiao-convert-'));
  try {
    const input = join(work, `input.${format}`);
    await writeFile(input, data);
    const args = [
      '--headless',
      '--norestore',
      '--nologo',
      '--nolockcheck',
      `-env:UserInstallation=${pathToFileURL(join(work, 'profile')).href}`,
      '--convert-to',
      filter,
      '--outdir',
      join(work, 'out'),
      input,
    ];
    await run(command, args, timeoutMs, kind, onSpawn);
    const produced = (await readdir(join(work, 'out')).catch(() => [] as string[])).find((name) => name.endsWith(`.${target}`));
    if (!produced)
      throw new ImportError(
        `LibreOffice 未能把这份${kind}转换为 .${target}（文件可能已损坏或不是${kind}）；请在 WPS/Office 中另存为 .${target} 后再导入`,
      );
    return new Uint8Array(await readFile(join(work, 'out', produced)));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function run(
  command: string,
  args: string[],
  timeoutMs: number,
  kind: string,
  onSpawn: ((pid: number) => void) | undefined,
): Promise<void> {
  return new Promise((resolve, reject) => {
    // Its own process group, so that a hung conversion is killed with every process it started.
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    if (child.pid !== undefined) onSpawn?.(child.pid);
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
      reject(
        new ImportError(
          `LibreOffice 转换这份${kind}超过 ${Math.round(timeoutMs / 1000)} 秒仍未完成，已停止；请在 WPS/Office 中另存为新格式后再导入`,
        ),
      );
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new ImportError(`无法运行 LibreOffice（${command}）：${error.message}`));
    });
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
