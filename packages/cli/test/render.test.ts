/** `jixiao render` on real files: the documents it writes, exit codes and Chinese messages. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runRender } from '../src/commands/render.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const example = join(root, 'examples/lvxianting-2023.json');
const dir = mkdtempSync(join(tmpdir(), 'jixiao-render-cli-'));

let output: string[] = [];
beforeEach(() => {
  output = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void output.push(args.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void output.push(args.join(' ')));
});
afterEach(() => vi.restoreAllMocks());

describe('jixiao render', () => {
  it.each([
    ['docx', 'PK'],
    ['xlsx', 'PK'],
    ['pdf', '%PDF'],
  ])('writes the %s of a package to -o', async (format, magic) => {
    const out = join(dir, `seed.${format}`);
    expect(await runRender([example, '--format', format, '-o', out])).toBe(0);
    expect(readFileSync(out).subarray(0, magic.length).toString('latin1')).toBe(magic);
    expect(output.join('\n')).toContain(`已生成 ${out}`);
  });

  it('tells which fonts the PDF embeds for 仿宋, 小标宋, 黑体 and 楷体', async () => {
    expect(await runRender([example, '--format', 'pdf', '-o', join(dir, 'fonts.pdf')])).toBe(0);
    expect(output.join('\n')).toMatch(/字体：仿宋：.+；小标宋：.+；黑体：.+；楷体：.+/);
  });

  it('refuses what it cannot do with exit 2 and says why in Chinese', async () => {
    expect(await runRender([example])).toBe(2);
    expect(output.join('\n')).toContain('缺少 --format');
    expect(await runRender([example, '--format', 'odt'])).toBe(2);
    expect(output.join('\n')).toContain('不支持的格式“odt”');
    expect(await runRender([join(dir, 'missing.json'), '--format', 'pdf'])).toBe(2);
    expect(output.join('\n')).toContain('找不到文件');
  });

  it('exits 1 when the output cannot be written', async () => {
    expect(await runRender([example, '--format', 'xlsx', '-o', join(dir, 'no/such/dir/x.xlsx')])).toBe(1);
    expect(output.join('\n')).toContain('无法写入');
  });
});
