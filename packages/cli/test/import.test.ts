/** `jixiao import` and loading documents where a package is expected, on real files. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runImport } from '../src/commands/import.js';
import { loadPackage } from '../src/load.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const seed = join(root, '../shared/seed/000_e0a24521fb6c3de6.txt');
const example = JSON.parse(readFileSync(join(root, 'examples/lvxianting-2023.json'), 'utf8')) as unknown;
const dir = mkdtempSync(join(tmpdir(), 'jixiao-import-cli-'));

let output: string[] = [];
beforeEach(() => {
  output = [];
  vi.spyOn(console, 'log').mockImplementation((line: string) => void output.push(line));
  vi.spyOn(console, 'error').mockImplementation((line: string) => void output.push(line));
});
afterEach(() => vi.restoreAllMocks());

describe('jixiao import', () => {
  it('writes the seed as the example package and says what it found', async () => {
    const out = join(dir, 'seed.json');
    expect(await runImport([seed, '-o', out])).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(example);
    const text = output.join('\n');
    expect(text).toContain('找到：附件1 预算单位整体支出绩效评价基础数据表；附件2');
    expect(text).toContain('没有：附件4–6');
    expect(text).toMatch(/提示（第 257 行）：“会议费、培训费”/);
  });

  it('refuses a file it cannot read with a Chinese message and exit code 2', async () => {
    const bad = join(dir, 'bad.docx');
    writeFileSync(bad, 'not a zip');
    expect(await runImport([bad, '-o', join(dir, 'bad.json')])).toBe(2);
    expect(output.join('\n')).toMatch(/无法导入.*不是 ZIP 压缩包/);
    expect(await runImport([])).toBe(2);
    expect(output.join('\n')).toContain('缺少要导入的文件');
  });

  it('lets check and render take the published text directly', async () => {
    const loaded = await loadPackage(seed);
    expect(loaded.ok && loaded.package).toEqual(example);
    expect(loaded.ok && loaded.notes.some((note) => note.includes('会议费、培训费'))).toBe(true);
  });
});
