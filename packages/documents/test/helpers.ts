/** Shared by the documents tests: the seed, the example package, system tools, LibreOffice, DOCX reading. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import JSZip from 'jszip';
import { afterAll } from 'vitest';
import type { CompletePackage } from '@jixiao/core';

export const REPO = new URL('../../../', import.meta.url).pathname;

/** The seed as published (shared/ lies beside the repository, here and in CI). */
export const SEED = join(REPO, '../shared/seed/000_e0a24521fb6c3de6.txt');

export function example(): CompletePackage {
  return JSON.parse(readFileSync(join(REPO, 'examples/lvxianting-2023.json'), 'utf8')) as CompletePackage;
}

export function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

/** Why a test that needs system tools is skipped, or null when they are all there. */
export function missing(...commands: string[]): string | null {
  const absent = commands.filter((c) => !hasCommand(c));
  return absent.length === 0
    ? null
    : `缺少 ${absent.join('、')}（apt: libreoffice-core libreoffice-writer libreoffice-calc poppler-utils）`;
}

// One temporary folder per test file (rendered files, LibreOffice profile), removed after it.
const root = mkdtempSync(join(tmpdir(), 'jixiao-documents-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

export function workDir(): string {
  return mkdtempSync(join(root, 'case-'));
}

export function save(dir: string, name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

// Own LibreOffice profile: a second soffice on a shared profile exits silently without converting.
const profile = `file://${workDir()}/lo-profile`;

/**
 * Converts a file with LibreOffice headless; returns the output path. Throws with LibreOffice's
 * output when it produced nothing (it could not open the file).
 */
export function libreOfficeConvert(file: string, to: string, outDir: string): string {
  const result = spawnSync(
    'soffice',
    [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', to, '--outdir', outDir, file],
    { encoding: 'utf8', timeout: 280_000 },
  );
  const extension = to.split(':')[0] as string;
  const out = join(outDir, `${basename(file, extname(file))}.${extension}`);
  if (!existsSync(out)) throw new Error(`LibreOffice 未能转换 ${file}：${result.stdout}${result.stderr}`);
  return out;
}

export function pdfText(file: string): string {
  const result = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`pdftotext 失败：${result.stderr}`);
  return result.stdout;
}

export async function docxXml(bytes: Uint8Array, part = 'word/document.xml'): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const file = zip.file(part);
  if (!file) throw new Error(`DOCX 中没有 ${part}`);
  return file.async('string');
}

const decode = (xml: string) =>
  xml
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** Text of one paragraph's runs, line breaks as "\n". */
function paragraphText(xml: string): string {
  let text = '';
  for (const m of xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:br\/>/g)) text += m[1] === undefined ? '\n' : decode(m[1]);
  return text;
}

/** Every table row of the DOCX as the texts of its cells (paragraphs of a cell joined with "\n"). */
export function docxTableRows(xml: string): string[][] {
  return [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((row) =>
    [...row[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((cell) =>
      [...cell[0].matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => paragraphText(p[0])).join('\n'),
    ),
  );
}

/** Paragraphs outside tables, in order. */
export function docxParagraphs(xml: string): string[] {
  const withoutTables = xml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, '');
  return [...withoutTables.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => paragraphText(p[0]));
}
