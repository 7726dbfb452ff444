import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { importFile } from '../src/index.js';
import { seedAsCsv, seedAsHtml } from './office.js';
import { example, hasCommand, seedText } from './support.js';

const soffice = hasCommand('soffice');
if (!soffice) console.warn('跳过 LibreOffice 测试：没有找到 soffice（Debian 软件包 libreoffice-writer-nogui、libreoffice-calc-nogui）');

describe.skipIf(!soffice)('DOCX and XLSX made by LibreOffice from the seed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-import-lo-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Converts a file with a private LibreOffice profile, so parallel runs do not collide. */
  function convert(file: string, target: string, filter?: string): Uint8Array {
    const args = ['--headless', '--norestore', `-env:UserInstallation=file://${join(dir, 'profile')}`];
    if (filter) args.push(`--infilter=${filter}`);
    execFileSync('soffice', [...args, '--convert-to', target, '--outdir', dir, join(dir, file)], { stdio: 'ignore', timeout: 120_000 });
    return new Uint8Array(readFileSync(join(dir, file.replace(/\.\w+$/, `.${target.split(':')[0]}`))));
  }

  test('a DOCX from HTML tables (merged 指标 columns included) imports to the example', async () => {
    writeFileSync(join(dir, 'seed.html'), seedAsHtml(seedText()));
    const result = await importFile(convert('seed.html', 'docx:MS Word 2007 XML'), 'seed.docx');
    const expected = example();
    // HTML collapses runs of spaces, so the goal's "职责  10、" arrives with one space.
    expected.overall.goals.expected = expected.overall.goals.expected.replace('职责  10、', '职责 10、');
    expect(result.errors).toEqual([]);
    expect(result.package).toEqual(expected);
    expect(result.unmapped).toEqual([]);
    expect(result.uncertainRows).toEqual([]);
  });

  test('an XLSX from CSV (one sheet, text cells) imports to the example', async () => {
    writeFileSync(join(dir, 'seed.csv'), seedAsCsv(seedText()));
    // UTF-8, comma-separated, every column read as text, as a hand-made sheet typed in that way.
    const textColumns = Array.from({ length: 10 }, (_, i) => `${i + 1}/2`).join('/');
    const result = await importFile(convert('seed.csv', 'xlsx', `CSV:44,34,76,1,${textColumns}`), 'seed.xlsx');
    expect(result.errors).toEqual([]);
    expect(result.package).toEqual(example());
    expect(result.unmapped).toEqual([]);
    expect(result.uncertainRows).toEqual([]);
  });
});
