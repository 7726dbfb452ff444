/* eslint-disable @typescript-eslint/no-explicit-any -- these tests poke arbitrary values into raw JSON */
/** Bad input gets a clear Chinese message with the field's path, never an exception. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePackage, parsePackageJson } from '../src/index.js';
import { example } from './example.js';

function issuesFor(change: (raw: Record<string, any>) => void) {
  const raw = JSON.parse(JSON.stringify(example())) as Record<string, any>;
  change(raw);
  const result = parsePackage(raw);
  if (result.ok) throw new Error('expected the package to be rejected');
  return result.issues;
}

const RECEPTION = 'basicData.rows.reception.actual';

describe('bad input', () => {
  it.each([
    ['1,234.5', '含千分位逗号，请写成 "1234.5"'],
    ['４.07', '含全角字符，请写成 "4.07"'],
    ['100.00%', '是百分数'],
    ['/', '空单元格请写 null'],
    ['', '为空字符串'],
    ['abc', '不是有效的数字'],
    ['4.07万元', '带有单位'],
  ])('an amount written %j', (written, expected) => {
    const issues = issuesFor((raw) => (raw.basicData.rows.reception.actual = written));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe(RECEPTION);
    expect(issues[0]!.label).toBe('附件1 基础数据表 › 经费控制情况 › 公务接待 › 本年决算数');
    expect(issues[0]!.message).toContain(expected);
  });

  it('a wrong type', () => {
    const [issue] = issuesFor((raw) => (raw.overall.indicators[2].weight = true));
    expect(issue).toMatchObject({ path: 'overall.indicators[2].weight', message: '应为数字文本（如 "4.07"），实际为布尔值' });
    expect(issue!.label).toBe('附件2 整体支出绩效自评表 › 绩效指标 › 第 3 个指标 › 分值');
  });

  it('a JSON number is accepted exactly', () => {
    const raw = JSON.parse(JSON.stringify(example()));
    raw.basicData.rows.reception.actual = 4.07;
    const result = parsePackage(raw);
    expect(result.ok && result.package.basicData?.rows.reception?.actual).toBe('4.07');
  });

  it('a missing field and an unknown one', () => {
    const issues = issuesFor((raw) => {
      delete raw.overall.funds.executed;
      raw.overall.funds.excuted = '1';
    });
    expect(issues.map((i) => [i.path, i.message])).toEqual([
      ['overall.funds.executed', '缺少此字段'],
      ['overall.funds.excuted', '不认识的字段（拼写错误？）'],
    ]);
  });

  it('every problem is listed, not only the first', () => {
    const issues = issuesFor((raw) => {
      raw.year = '2023';
      raw.basicData.lines.localSpecial[5].prior = '1,7';
      raw.projects = {};
    });
    expect(issues.map((i) => i.path)).toEqual(['year', 'basicData.lines.localSpecial[5].prior', 'projects']);
  });

  it.each([
    ['', '文件为空'],
    ['{"format": "jixiao-package",', 'JSON 格式错误'],
    ['[1, 2', 'JSON 格式错误'],
    ['null', '应为对象，实际为null'],
    ['42', '应为对象，实际为数字'],
  ])('malformed JSON %j', (source, expected) => {
    const result = parsePackageJson(source);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]!.message).toContain(expected);
  });

  it('says where malformed JSON breaks', () => {
    const result = parsePackageJson('{\n  "format": "jixiao-package"\n  "version": 1\n}');
    expect(!result.ok && result.issues[0]!.message).toMatch(/第 3 行第 \d+ 列/);
  });

  it('a different format or version is named', () => {
    const issues = issuesFor((raw) => (raw.version = 3));
    expect(issues[0]!.message).toBe('应为 2（当前版本），实际为 3');
  });

  it('a row the unit’s form does not have is refused by name, with the rows it may have', () => {
    const [issue] = issuesFor((raw) => (raw.basicData.rows.meetingFees = { prior: null, budget: null, actual: '1' }));
    expect(issue!.path).toBe('basicData.rows.meetingFees');
    expect(issue!.message).toContain('不认识的字段');
    expect(issue!.message).toContain('districtSpecial');
  });

  it('a package written before 附件2 had layouts holds the national one; an unknown layout is refused by name', () => {
    const raw = JSON.parse(readFileSync(new URL('../../../examples/lvxianting-2023.json', import.meta.url), 'utf8'));
    delete raw.layout.overall;
    const result = parsePackage(raw);
    expect(result.ok && result.package.layout).toEqual({ project: 'hunan', overall: 'national' });
    const [issue] = issuesFor((r) => ((r as unknown as { layout: { overall: string } }).layout.overall = 'sichuan'));
    expect(issue!.path).toBe('layout.overall');
    expect(issue!.message).toContain('goals');
  });

  it('a version 1 package (the format before forms) is read as the same package', () => {
    const v1 = JSON.parse(readFileSync(new URL('./fixtures/lvxianting-2023.v1.json', import.meta.url), 'utf8'));
    const result = parsePackage(v1);
    // Version 1 could not say that 附件4–6 were absent from the seed: it held them as empty tables.
    const none = { rows: [], note: '' };
    expect(result.ok && result.package).toEqual({
      ...example(),
      otherFunds: { governmentFund: none, stateCapital: none, socialInsurance: none },
    });
  });
});

describe('the published JSON Schema', () => {
  it('is the one the validator is built from (docs/jixiao-package-v2.schema.json is up to date)', async () => {
    const { readFileSync } = await import('node:fs');
    const { packageJsonSchema } = await import('../src/index.js');
    const published = JSON.parse(readFileSync(new URL('../../../docs/jixiao-package-v2.schema.json', import.meta.url), 'utf8'));
    expect(published).toEqual(packageJsonSchema());
  });
});

describe('canonicalPackage', () => {
  it('writes every decimal in its shortest exact form, leaving text alone', async () => {
    const { canonicalPackage } = await import('../src/index.js');
    const pkg = example();
    const canonical = canonicalPackage(pkg);
    expect(canonical.basicData?.lines.localSpecial?.[3]!.prior).toBe('227.2');
    expect(canonical.overall?.byIncome.governmentFund).toBe('0');
    expect(canonical.overall?.byExpense.project).toBe('797.2');
    expect(canonical.overall?.indicators[0]!.target).toBe('100%');
    expect(canonical.basicData?.staffing?.declared.controlRate).toBe('100.00%');
    expect(pkg.overall.byExpense.project).toBe('797.20'); // the input is not changed
  });
});

describe('readStoredPackage', () => {
  it('reads a package stored before a field was added with the field’s default, and says it is not as stored', async () => {
    const { readStoredPackage } = await import('../src/index.js');
    const stored = JSON.parse(JSON.stringify(example())) as Record<string, any>;
    expect(readStoredPackage(stored)).toEqual({ package: example(), asStored: true });
    delete stored.report.opening;
    const read = readStoredPackage(stored);
    expect(read.package.report?.opening).toEqual([]);
    expect(read.asStored).toBe(false);
    // Content that no longer validates is given back as stored, not dropped.
    stored.year = 'x';
    expect(readStoredPackage(stored)).toEqual({ package: stored, asStored: true });
  });
});

describe('fieldLabel', () => {
  it('names a path the way users know the field', async () => {
    const { fieldLabel } = await import('../src/index.js');
    expect(fieldLabel('basicData.rows.reception.actual')).toBe('附件1 基础数据表 › 经费控制情况 › 公务接待 › 本年决算数');
    expect(fieldLabel('basicData.lines.districtSpecial[0].actual')).toBe(
      '附件1 基础数据表 › 明细行 › 区级专项资金明细 › 第 1 行 › 本年决算数',
    );
    expect(fieldLabel('overall.indicators[2].score')).toBe('附件2 整体支出绩效自评表 › 绩效指标 › 第 3 个指标 › 得分');
    expect(fieldLabel('basicData.staffing.declared.controlRate')).toBe('附件1 基础数据表 › 财政供养人员情况 › 表中填报的控制率 › 控制率');
    expect(fieldLabel('nonsense.path')).toBe('nonsense.path');
  });
});
