/**
 * Auditing a collection: every file of a folder or ZIP imported and checked in worker threads, each
 * with its row; a bad file gets its row with the reason and the run goes on; the workbook holds a
 * sheet of files and a sheet of findings, values from files as text (never formulas); a ZIP made on
 * Windows names its files in GBK; a LibreOffice conversion that hangs and a file that never finishes
 * are stopped within their limits.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { renderDocx } from '@jixiao/documents';
import { parsePackageJson, type Package } from '@jixiao/core';
import { ImportPool, auditWorkbook, folderEntries, runAudit, zipEntries, type Audit } from '../src/index.js';

const root = new URL('../../../', import.meta.url);
const seed = readFileSync(new URL('../shared/seed/000_e0a24521fb6c3de6.txt', root));
const examplePath = new URL('examples/lvxianting-2023.json', root);
const example = (): Package => {
  const parsed = parsePackageJson(readFileSync(examplePath, 'utf8'));
  if (!parsed.ok) throw new Error('example');
  return parsed.package;
};

/** 附件1 alone, as tab-separated text: its title, its header and two rows, one of them wrong. */
const BASIC_DATA_TSV = [
  '附件1 2023年度预算单位整体支出绩效评价基础数据表',
  '预算单位名称\t岳阳市示例单位',
  '经费控制情况(万元)\t2022年决算数\t2023年预算数\t2023年决算数',
  '三公经费\t3.20\t4.00\t2.90',
  '1、公务用车购置和维护经费\t0\t0\t0',
  '2、出国经费\t0\t0\t0',
  '3、公务接待\t3.20\t4.00\t2.85',
].join('\n');

describe('auditing a folder', () => {
  let dir: string;
  let audit: Audit;
  const pool = new ImportPool({ size: 2 });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jixiao-audit-'));
    mkdirSync(join(dir, '街道'));
    writeFileSync(join(dir, '街道', '吕仙亭.txt'), seed);
    writeFileSync(join(dir, '街道', '吕仙亭.docx'), await renderDocx(example()));
    writeFileSync(join(dir, '附件1.tsv'), BASIC_DATA_TSV);
    writeFileSync(join(dir, '坏的.docx'), 'not a zip');
    writeFileSync(join(dir, '杂音.pdf'), Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x0a, 0xff, 0x00, 0x13]));
    writeFileSync(join(dir, '包.json'), readFileSync(examplePath));
    writeFileSync(join(dir, '.隐藏'), 'x');
    writeFileSync(join(dir, '~$吕仙亭.docx'), 'lock');
    audit = await runAudit(await folderEntries(dir), pool);
  });
  afterAll(() => pool.close());

  test('every file has its row, in path order; hidden and lock files are not material', () => {
    expect(audit.files.map((f) => f.file)).toEqual([
      '包.json',
      '附件1.tsv',
      '坏的.docx',
      '街道/吕仙亭.docx',
      '街道/吕仙亭.txt',
      '杂音.pdf',
    ]);
  });

  test('a readable file: unit, year, the parts it holds, the counts, the score', () => {
    const text = audit.files.find((f) => f.file === '街道/吕仙亭.txt')!;
    expect(text).toMatchObject({
      format: 'text',
      unit: '岳阳市岳阳楼区吕仙亭街道办事处',
      year: 2023,
      error: null,
      total: '100.00',
      grade: '优',
    });
    expect(text.parts).toHaveLength(4);
    expect(text.counts['错误']).toBe(0);
    expect(text.findings.length).toBe(text.counts['错误'] + text.counts['警告'] + text.counts['提示']);
    // The same package as a DOCX and as a package JSON gives the same figures.
    const docx = audit.files.find((f) => f.file === '街道/吕仙亭.docx')!;
    const json = audit.files.find((f) => f.file === '包.json')!;
    expect([docx.total, json.total, docx.unit, json.unit]).toEqual(['100.00', '100.00', text.unit, text.unit]);
  });

  test('a file holding only 附件1: its contradiction found, the absent parts not checked as zeros', () => {
    const basic = audit.files.find((f) => f.file === '附件1.tsv')!;
    expect(basic.parts).toEqual(['附件1 预算单位整体支出绩效评价基础数据表']);
    // The file's 三公 total disagrees with its parts: the total is computed from the parts, and the stated one is reported with both figures.
    expect(basic.findings.filter((f) => f.severity === '错误').map((f) => f.ruleId)).toEqual([]);
    expect(
      basic.findings
        .filter((f) => f.ruleId === 'a1.stated-total')
        .map((f) => f.message)
        .join(''),
    ).toMatch(/三公经费/);
    expect(basic.findings.every((f) => f.part === '附件1')).toBe(true);
  });

  test('bad files get their row with the reason, and the run goes on', () => {
    expect(audit.files.find((f) => f.file === '坏的.docx')!.error).toMatch(/不是 Word 文件/);
    expect(audit.files.find((f) => f.file === '杂音.pdf')!.error).toMatch(/PDF/);
  });

  test('the workbook: a sheet of files and a sheet of findings, text from files never a formula', async () => {
    const withFormula: Audit = {
      ...audit,
      files: [{ ...audit.files[0]!, unit: '=HYPERLINK("http://example.com","点我")' }, ...audit.files.slice(1)],
    };
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await auditWorkbook(withFormula)) as unknown as ArrayBuffer);
    const files = workbook.getWorksheet('文件')!;
    const findings = workbook.getWorksheet('问题')!;
    expect(files.getRow(1).values).toEqual([
      undefined,
      ...[
        '文件',
        '格式',
        '单位',
        '年度',
        '包含的部分',
        '项目数',
        '错误',
        '警告',
        '提示',
        '总分',
        '等级',
        '未能识别的内容',
        '数值无法确定的行',
        '读取问题',
      ],
    ]);
    expect(files.rowCount).toBe(1 + audit.files.length);
    const unit = files.getRow(2).getCell(3);
    expect(unit.type).toBe(ExcelJS.ValueType.String);
    expect(unit.value).toBe('=HYPERLINK("http://example.com","点我")');
    expect(findings.rowCount).toBe(1 + audit.files.reduce((n, f) => n + f.findings.length, 0));
    expect(findings.getRow(1).values).toEqual([undefined, '文件', '级别', '规则', '部分', '位置', '说明']);
  });
});

describe('auditing a ZIP', () => {
  test('names written in GBK by Windows are read as Chinese; a bad entry fails alone', async () => {
    // fflate writes names as UTF-8; rewrite one name's bytes as GBK and clear the UTF-8 flag, as Windows does.
    const gbk = new Uint8Array([0xb8, 0xbd, 0xbc, 0xfe, 0x31, 0x2e, 0x74, 0x73, 0x76]); // "附件1.tsv" in GBK
    const placeholder = 'abcd1.tsv';
    const zip = zipSync({
      [placeholder]: new TextEncoder().encode(BASIC_DATA_TSV),
      'seed.txt': new Uint8Array(seed),
      'bomb.docx': new Uint8Array(30 * 1024 * 1024),
    });
    const ascii = new TextEncoder().encode(placeholder);
    for (let at = 0; at + ascii.length <= zip.length; at++) {
      if (ascii.every((b, i) => zip[at + i] === b)) zip.set(gbk, at);
    }
    const pool = new ImportPool({ size: 1 });
    try {
      const audit = await runAudit(zipEntries(zip), pool);
      const byName = new Map(audit.files.map((f) => [f.file, f]));
      expect([...byName.keys()].sort()).toEqual(['bomb.docx', 'seed.txt', '附件1.tsv']);
      expect(byName.get('bomb.docx')!.error).toMatch(/超过上限/);
      expect(byName.get('seed.txt')!.error).toBeNull();
      expect(byName.get('附件1.tsv')!.parts).toEqual(['附件1 预算单位整体支出绩效评价基础数据表']);
    } finally {
      await pool.close();
    }
  });
});

describe('limits: nothing stalls the audit', () => {
  let hang: string;
  const saved = process.env['JIXIAO_SOFFICE'];
  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-hang-'));
    hang = join(dir, 'soffice');
    writeFileSync(hang, '#!/bin/sh\nsleep 600\n');
    chmodSync(hang, 0o755);
    process.env['JIXIAO_SOFFICE'] = hang;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env['JIXIAO_SOFFICE'];
    else process.env['JIXIAO_SOFFICE'] = saved;
  });
  const oldDoc = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)]);

  test('a LibreOffice conversion that hangs is killed at its time limit; the next file is read', async () => {
    const pool = new ImportPool({ size: 1, timeoutMs: 30_000, convertTimeoutMs: 1000 });
    try {
      const hung = await pool.import(oldDoc, '旧.doc');
      expect(hung.errors[0]).toMatch(/LibreOffice 转换这份Word 97–2003 文档（\.doc）超过 1 秒仍未完成/);
      const next = await pool.import(new Uint8Array(seed), 'seed.txt');
      expect(next.ok).toBe(true);
    } finally {
      await pool.close();
    }
  });

  test('a file that does not finish within the pool’s limit ends its worker; a fresh worker reads the next', async () => {
    const pool = new ImportPool({ size: 1, timeoutMs: 2000, convertTimeoutMs: 60_000 });
    try {
      const hung = await pool.audit(oldDoc, '旧.doc');
      expect(hung.error).toMatch(/超过 2 秒仍未完成，已停止/);
      const next = await pool.audit(new Uint8Array(seed), 'seed.txt');
      expect(next.error).toBeNull();
      expect(next.year).toBe(2023);
    } finally {
      await pool.close();
    }
  });

  test('an import nobody waits for any more is stopped, running or queued; the next file is read', async () => {
    const pool = new ImportPool({ size: 1, timeoutMs: 60_000, convertTimeoutMs: 60_000 });
    try {
      const running = new AbortController();
      const queued = new AbortController();
      const hung = pool.import(oldDoc, '旧.doc', running.signal);
      const waiting = pool.import(new Uint8Array(seed), 'seed.txt', queued.signal);
      queued.abort();
      expect((await waiting).errors).toEqual(['已取消：请求方已断开']);
      setTimeout(() => running.abort(), 300);
      expect((await hung).errors).toEqual(['已取消：请求方已断开']);
      const next = await pool.import(new Uint8Array(seed), 'seed.txt');
      expect(next.ok).toBe(true);
    } finally {
      await pool.close();
    }
  });

  test('without LibreOffice an old Office file gets the way to save it anew', async () => {
    process.env['JIXIAO_SOFFICE'] = '/nonexistent/soffice';
    const pool = new ImportPool({ size: 1 });
    try {
      const result = await pool.import(oldDoc, '旧.doc');
      expect(result.errors[0]).toMatch(/需要 LibreOffice.*另存为 \.docx/);
    } finally {
      await pool.close();
      process.env['JIXIAO_SOFFICE'] = hang;
    }
  });
});
