/**
 * Documents print the figures the template computes: a 附件1 total from its parts (not the figure typed
 * before them), the formula's 得分 of a 定量 indicator, and an override with its reason under the table.
 */
import { describe, expect, it } from 'vitest';
import { compute, type CompletePackage } from '@jixiao/core';
import { attachments, renderDocx } from '../src/index.js';
import { docxParagraphs, docxXml, example } from './helpers.js';

const rowTexts = (pkg: CompletePackage, part: string) =>
  attachments(pkg, compute(pkg))
    .find((a) => a.label === part)!
    .rows.map((row) => row.flatMap((c) => (c && c.text !== '' ? [c.text] : [])));

describe('documents print computed figures', () => {
  it('prints a 三公经费 total summed from its parts, not the typed one', async () => {
    const pkg = example();
    Object.assign(pkg.basicData.rows.overseas!, { prior: '0', budget: '0', actual: '0' });
    pkg.basicData.rows.vehicle!.actual = '1';
    pkg.basicData.rows.reception!.actual = '5.5';
    // typed 三公经费 本年决算数 stays 4.07: the parts say 1.00 + 0 + 5.50
    expect(rowTexts(pkg, '附件1')).toContainEqual(['三公经费', '4.93', '7.00', '6.50']);
    expect(await docxXml(await renderDocx(pkg))).toContain('>6.50<');
  });

  it('prints the formula score of a 定量 indicator, and an override with its reason', async () => {
    const pkg = example();
    // 重点工作资金公示率: 100% wanted, 80% reached, typed 得分 6 — the formula gives 4.80
    Object.assign(pkg.overall.indicators[1]!, { actual: '80%', deviation: '部分重点工作未公示' });
    expect(rowTexts(pkg, '附件2').find((r) => r.includes('重点工作资金公示率'))).toContain('4.80');
    pkg.overall.indicators[1]!.override = { score: '5.5', reason: '未公示部分经批准暂缓' };
    const table = attachments(pkg, compute(pkg)).find((a) => a.label === '附件2')!;
    const row = table.rows.find((r) => r.some((c) => c?.text === '重点工作资金公示率'))!;
    expect(row.map((c) => c?.text)).toContain('5.50');
    expect(table.notes).toContain('注：指标“重点工作资金公示率”按公式得分 4.80 分，单位调整为 5.50 分，理由：未公示部分经批准暂缓');
    const paragraphs = docxParagraphs(await docxXml(await renderDocx(pkg)));
    expect(paragraphs.some((p) => p.includes('未公示部分经批准暂缓'))).toBe(true);
  });
});
