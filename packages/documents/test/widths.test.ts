import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { compute, syntheticPackage } from '@jixiao/core';
import { bundledFont } from '../src/fonts.js';
import { attachments } from '../src/tables.js';
import { breakUnits, CELL_PADDING, columnWidths, lineCount, maxLabelLines, TABLE_WIDTH, textWidth, type WidthCell } from '../src/widths.js';
import { example } from './helpers.js';

let rowNo = 0;
/** A cell in a row of its own, unless `more` says which. */
const cell = (text: string, col: number, more: Partial<WidthCell> = {}): WidthCell => ({
  text,
  row: rowNo++,
  col,
  colSpan: 1,
  rowSpan: 1,
  heading: false,
  label: false,
  ...more,
});

/** Lines of a cell's text in its column (or columns), as the allocation counts them. */
const linesIn = (widths: number[], text: string, col: number, span = 1, heading = false) =>
  lineCount(text, widths.slice(col, col + span).reduce((a, b) => a + b, 0) - CELL_PADDING, heading);

describe('breakUnits', () => {
  it('keeps short bracketed asides and, in headings, words whole', () => {
    expect(breakUnits('预算数（万元）')).toEqual(['预', '算', '数', '（万元）']);
    expect(breakUnits('服务对象满意度指标', true)).toEqual(['服务', '对象', '满意度', '指标']);
    expect(breakUnits('可持续影响指标', true)).toEqual(['可持续', '影响', '指标']);
  });

  it('keeps a figure with its measure word and its comparison sign', () => {
    expect(breakUnits('1409.62万元，')).toEqual(['1409.62万元，']);
    expect(breakUnits('≥200平方米')).toEqual(['≥200平方米']);
    expect(breakUnits('2023年12月')).toEqual(['2023年', '12月']);
    expect(breakUnits('投资约4亿元')).toEqual(['投', '资', '约', '4亿元']);
  });
});

describe('textWidth', () => {
  it('is never narrower than the table font sets a figure, a rate or a sign', () => {
    const font = fontkit.openSync(bundledFont('body').path) as fontkit.Font;
    const set = (text: string) => font.layout(text).advanceWidth / font.unitsPerEm;
    for (const figure of ['86.18%', '100.00%', '1,204.86', '250,000.00', '≥95%', '-17.44%', '0730-1234567']) {
      expect(textWidth(figure), figure).toBeGreaterThanOrEqual(set(figure));
    }
  });
});

describe('columnWidths', () => {
  it('fills the 156 mm and gives every column its longest unit', () => {
    const widths = columnWidths(3, [cell('项目', 0), cell('1204.86', 1), cell('（一个专项一行）', 2)]);
    expect(widths.reduce((a, b) => a + b, 0)).toBeCloseTo(TABLE_WIDTH, 6);
    expect(linesIn(widths, '（一个专项一行）', 2)).toBe(1);
  });

  it('gives a label column room for 「纳入专户管理的非税收入拨款」 in at most 2 lines beside long text', () => {
    const long = '因疫情影响部分项目延期实施，资金拨付进度滞后于计划，下一步将加强预算执行监控，确保按期完成。';
    const cells = [
      cell('纳入专户管理的非税收入拨款：', 0, { label: true }),
      ...Array.from({ length: 12 }, (_, i) => cell(`${long}${i}`, 1)),
      cell('1204.86', 2),
    ];
    const widths = columnWidths(3, cells);
    expect(linesIn(widths, '纳入专户管理的非税收入拨款：', 0)).toBeLessThanOrEqual(2);
    expect(linesIn(widths, long, 1)).toBeLessThanOrEqual(2);
  });

  it('does not break a heading inside a word or a bracket', () => {
    const widths = columnWidths(4, [
      cell('满意度指标', 0, { heading: true, label: true }),
      cell('预算数（万元）', 1, { heading: true, label: true }),
      cell('偏差原因分析及改进措施', 2, { heading: true, label: true }),
      ...Array.from({ length: 20 }, () => cell('这是一段很长的说明文字，'.repeat(6), 3)),
    ]);
    expect(linesIn(widths, '满意度指标', 0, 1, true)).toBeLessThanOrEqual(2);
    expect(linesIn(widths, '预算数（万元）', 1, 1, true)).toBeLessThanOrEqual(2);
  });

  it('sets the seed and a synthetic package with every label in at most 2 lines (a long heading 3)', () => {
    for (const pkg of [example(), syntheticPackage(7, { projects: 3 })]) {
      for (const table of attachments(pkg, compute(pkg))) {
        expect(table.columns.reduce((a, b) => a + b, 0)).toBeCloseTo(TABLE_WIDTH, 6);
        table.rows.forEach((row) =>
          row.forEach((c, col) => {
            if (!c || !c.label || c.rowSpan > 1) return;
            const lines = linesIn(table.columns, c.text, col, c.colSpan, c.header);
            expect(lines, `${table.label} ${c.text}`).toBeLessThanOrEqual(maxLabelLines(c.text, c.header));
          }),
        );
      }
    }
  });

  it('gives a 45-character 偏差原因 room enough for at most 4 lines', () => {
    const pkg = syntheticPackage(7, { projects: 1 });
    const reason = '受疫情影响部分采购延期，导致执行进度偏慢；下一步将提前谋划，加快采购与支付进度，确保年底前全部完成。'.slice(0, 45);
    for (const indicator of pkg.projects![0]!.indicators) indicator.deviation = reason;
    const table = attachments(pkg, compute(pkg)).find((t) => t.label === '附件3')!;
    expect(linesIn(table.columns, reason, table.rows[0]!.length - 1)).toBeLessThanOrEqual(4);
  });
});
