import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { readAmount } from '../src/amount.js';
import { labelMatches } from '../src/normalize.js';
import { importFile } from '../src/index.js';
import { bytes, example, hasCommand, seedText } from './support.js';

/** The seed with one line (1-based) replaced. */
function withLine(text: string, lineNo: number, replacement: string): string {
  const lines = text.split('\n');
  lines[lineNo - 1] = replacement;
  return lines.join('\n');
}

describe('amounts as publishers write them', () => {
  test.each([
    ['1,204.86', '1204.86'],
    ['１２０４．８６', '1204.86'],
    ['88.56万元', '88.56'],
    [' 797.20 ', '797.20'],
    ['0.0', '0.0'],
    ['-0.86', '-0.86'],
  ])('%s reads as %s', (raw, value) => {
    expect(readAmount(raw)).toEqual({ ok: true, value });
  });

  test.each(['/', '／', '……', '…', '', '  ', '-', '无'])('placeholder %j is a blank cell', (raw) => {
    expect(readAmount(raw)).toEqual({ ok: true, value: null });
  });

  test('text that is not an amount is refused, not guessed', async () => {
    expect(readAmount('约5')).toEqual({ ok: false, text: '约5' });
    expect(readAmount('1,2,3')).toEqual({ ok: false, text: '1,2,3' });
  });
});

describe('row labels as publishers write them', () => {
  test.each([
    ['其中：公车购置', '公车购置'],
    ['（1）公車購置', '公车购置'],
    ['３、公务接待', '公务接待'],
    ['政 府 采 购 金 额：', '政府采购金额'],
    ['本级专项资金', '本级专项资金（一个专项一行）'],
    ['本级专项资金(一个专项一行)', '本级专项资金（一个专项一行）'],
    ['三公经费控制', '三公经费控制率'],
    ['二、出國經費', '出国经费'],
  ])('%s is the row %s', (written, label) => {
    expect(labelMatches(written, label)).toBe(true);
  });

  test('different rows stay different', async () => {
    expect(labelMatches('公务用车购置和维护经费', '公车购置')).toBe(false);
    expect(labelMatches('项目支出名称', '项目支出')).toBe(false);
  });

  test('a seed rewritten with variant labels and amounts imports to the same figures', async () => {
    let text = seedText();
    text = withLine(text, 32, '\t（1）公車購置'); // 其中：公车购置
    text = withLine(text, 47, '\t３、公务接待费'); // 3、公务接待
    text = withLine(text, 260, ' \t政 府 采 购 金 额：');
    text = withLine(text, 261, '\t１１５．３７');
    text = withLine(text, 263, '\t1,204.86万元');
    const result = await importFile(bytes(text), 'variants.txt');
    const expected = example();
    const rows = { ...expected.basicData.rows, procurement: { prior: '115.37', budget: '88.56', actual: '1204.86' } };
    expect(result.package?.basicData).toEqual({ ...expected.basicData, rows });
    expect(result.unmapped).toEqual([]);
  });

  test('attachment numbers are not trusted: 附件一 or swapped numbers still find each table', async () => {
    let text = seedText();
    text = withLine(text, 1, '\t附件一');
    text = withLine(text, 306, '\t附件 5');
    text = withLine(text, 546, '附件2');
    const result = await importFile(bytes(text), 'renumbered.txt');
    expect(result.package).toEqual(example());
  });
});

describe('text encodings and line endings', () => {
  test('Windows line endings and a byte-order mark', async () => {
    const result = await importFile(bytes(`\uFEFF${seedText().replace(/\n/g, '\r\n')}`), 'crlf.txt');
    expect(result.package).toEqual(example());
  });

  test.skipIf(!hasCommand('iconv'))('a GB18030 (GBK) text file', async () => {
    const gbk = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: seedText() });
    expect(gbk.length).toBeLessThan(bytes(seedText()).length);
    expect((await importFile(new Uint8Array(gbk), 'gbk.txt')).package).toEqual(example());
  });
});
