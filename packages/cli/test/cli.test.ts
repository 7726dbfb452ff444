/** The `jixiao` command as a user runs it: the built bin, real files, exit codes and Chinese output. */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(root, 'packages/cli/bin/jixiao.js');
const example = join(root, 'examples/lvxianting-2023.json');
const dir = mkdtempSync(join(tmpdir(), 'jixiao-cli-'));

async function jixiao(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function variant(
  name: string,
  change: (raw: Record<string, unknown> & { basicData: { rows: { reception: { actual: unknown } } } }) => void,
): string {
  const raw = JSON.parse(readFileSync(example, 'utf8'));
  change(raw);
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(raw));
  return path;
}

describe('jixiao check', () => {
  it('summarises the seed in Chinese and exits 0', async () => {
    const { code, stdout } = await jixiao('check', example);
    expect(code).toBe(0);
    expect(stdout).toContain('岳阳市岳阳楼区吕仙亭街道办事处 · 2023 年度');
    expect(stdout).toMatch(/预算执行率\s+100\.00%，得分 10\.00/);
    expect(stdout).toMatch(/总分\s+100\.00（优）/);
    expect(stdout).toContain('预算 7.00 万元，公务接待控制率 58.14%，比上年 -0.86 万元');
    // The seed names 附件4–6 without holding them: said once, not checked as zeros.
    expect(stdout).toContain('本文件不含：附件4 政府性基金预算支出情况表');
    expect(stdout).toContain('校验结果：错误 0 项');
  });

  it('exits 1 and names the figures when the package has an 错误', async () => {
    const path = variant('wrong.json', (raw) => (raw.basicData.rows.reception.actual = '4.17'));
    const { code, stdout } = await jixiao('check', path);
    expect(code).toBe(1);
    expect(stdout).toContain('公务用车购置和维护经费、出国经费、公务接待之和 4.17 万元，与“三公经费” 4.07 万元不符（差 0.10）');
  });

  it('prints a blank split as blank, never as 0.00', async () => {
    const path = variant('blank-split.json', (raw) => {
      const overall = raw.overall as { byIncome: Record<string, string | null> };
      overall.byIncome.other = null;
    });
    const { stdout } = await jixiao('check', path);
    expect(stdout).toContain(
      '全年执行数 2206.82 = 一般公共预算 1663.95 + 政府性基金拨款 0.00 + 纳入专户管理的非税收入拨款 0.00 + 其他资金 未填 = 基本支出 1409.62 + 项目支出 797.20',
    );
    // and the finding on the split names the blank as blank: only the filled parts were added
    expect(stdout).toContain('其他资金 未填 = 已填各项之和 1,663.95 万元，与年度资金总额（全年执行数）2,206.82 万元不符（差 542.87）');
  });

  it('gives the same as JSON', async () => {
    const { code, stdout } = await jixiao('check', example, '--json');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ ok: true, year: 2023, total: '100.00', grade: '优', counts: { 错误: 0 } });
    expect(result.findings.some((f: { ruleId: string }) => f.ruleId === 'r.project-name')).toBe(true);
  });

  it.each([
    ['a missing file', () => join(dir, 'none.json'), '找不到文件'],
    [
      'malformed JSON',
      () => {
        const p = join(dir, 'bad.json');
        writeFileSync(p, '{"format": ');
        return p;
      },
      'JSON 格式错误',
    ],
    ['a thousands separator', () => variant('comma.json', (raw) => (raw.basicData.rows.reception.actual = '1,234.5')), '含千分位逗号'],
    ['a directory', () => dir, '是文件夹'],
  ])('exits 2 with a Chinese message for %s', async (_name, path, expected) => {
    const { code, stdout, stderr } = await jixiao('check', path());
    expect(code).toBe(2);
    expect(stderr).toContain(expected);
    expect(stderr + stdout).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });
});

describe('jixiao rules', () => {
  it('lists every rule with id, severity and description', async () => {
    const { code, stdout } = await jixiao('rules');
    expect(code).toBe(0);
    expect(stdout).toMatch(/a1\.lines-sum\s+错误\s+列有明细行的行（各级专项资金、上级转移支付等）= 其明细行之和/);
    expect(stdout).toMatch(/r\.numbering\s+提示/);
  });

  it('an unknown command gets the help in Chinese and exit 2', async () => {
    const { code, stderr } = await jixiao('chek');
    expect(code).toBe(2);
    expect(stderr).toContain('不认识的命令“chek”');
  });
});

describe('jixiao audit', () => {
  const folder = join(dir, 'audit');
  const seedFile = join(root, '../shared/seed/000_e0a24521fb6c3de6.txt');

  it('audits every file of a folder into one workbook, a bad file in its own row; exit 1 when any file has 错误 or cannot be read', async () => {
    mkdirSync(join(folder, '子目录'), { recursive: true });
    writeFileSync(join(folder, '子目录', '吕仙亭.txt'), readFileSync(seedFile));
    writeFileSync(join(folder, '坏的.xlsx'), 'x');
    const out = join(dir, '审核结果.xlsx');
    const { code, stderr } = await jixiao('audit', folder, '-o', out);
    expect(code).toBe(1);
    expect(stderr).toMatch(/共 2 个文件：读取 1 个，无法读取 1 个；错误 0 条/);
    expect(stderr).toContain(`结果写入“${out}”`);
    // Not a terminal: no progress bar drawn into the log.
    expect(stderr).not.toContain('\r');
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
  });

  it('--json gives every file and finding for machines', async () => {
    const { stdout } = await jixiao('audit', folder, '--json');
    const audit = JSON.parse(stdout);
    expect(audit.files.map((f: { file: string }) => f.file)).toEqual(['坏的.xlsx', '子目录/吕仙亭.txt']);
    expect(audit.files[1].unit).toBe('岳阳市岳阳楼区吕仙亭街道办事处');
    expect(audit.files[1].findings.length).toBeGreaterThan(0);
  });

  it('says in Chinese what is wrong with its arguments', async () => {
    expect(await jixiao('audit')).toMatchObject({ code: 2, stderr: expect.stringContaining('缺少要审核的文件夹或 .zip 文件') });
    expect(await jixiao('audit', example)).toMatchObject({ code: 2, stderr: expect.stringContaining('既不是文件夹也不是 .zip 文件') });
    expect(await jixiao('audit', folder, '--jobs', '0')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--jobs 后面应是正整数'),
    });
  });
});
