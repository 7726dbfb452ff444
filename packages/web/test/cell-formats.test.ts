/**
 * What number cells show and what editing starts from: amounts at 2 dp with thousands separators
 * (core formatMoney), scores at 2 dp, head counts as typed, the exact figure kept for editing; and an
 * amount typed in 元 held back with its exact conversion instead of refused.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compute, type CompletePackage } from '@jixiao/core';
import { applyEdits } from '../src/editor/edits.js';
import { formatFigure } from '../src/editor/sheet-model.js';
import { controlSheet, indicatorSheet, staffingSheet } from '../src/editor/tables.js';

const example = (): CompletePackage =>
  JSON.parse(readFileSync(new URL('../../../examples/lvxianting-2023.json', import.meta.url), 'utf8')) as CompletePackage;

describe('number cells', () => {
  it('formats by kind and leaves what is not a figure alone', () => {
    expect(formatFigure('11891.753', 'amount')).toBe('11,891.75');
    expect(formatFigure('-1234567.005', 'amount')).toBe('-1,234,567.01');
    expect(formatFigure('797.2', 'amount')).toBe('797.20');
    expect(formatFigure('1200.5', 'area')).toBe('1,200.50');
    expect(formatFigure('7', 'score')).toBe('7.00');
    expect(formatFigure('48', undefined)).toBe('48');
    expect(formatFigure('', 'amount')).toBe('');
  });

  it('shows amounts formatted, this year and last, and edits the exact figure', () => {
    const pkg = example();
    pkg.basicData.rows.business = { prior: '1204.86', budget: '7', actual: '11891.753' };
    const prior = example();
    prior.basicData.rows.business = { prior: null, budget: null, actual: '2206.8' };
    const source = { pkg: () => pkg, computed: () => compute(pkg), prior: () => prior };
    const sheet = controlSheet(source);
    const at = (path: string) => {
      const where = sheet.locate(path);
      if (!where) throw new Error(path);
      return sheet.cell(where.row, where.col);
    };
    expect(at('basicData.rows.business.actual')).toMatchObject({ text: '11,891.75', value: '11891.753', format: 'amount' });
    expect(at('basicData.rows.business.actual').prior).toBe('2,206.80');
    expect(at('basicData.rows.business.budget')).toMatchObject({ text: '7.00', value: '7' });
    // Already shown as stored: nothing different to edit.
    expect(at('basicData.rows.reception.actual').text).toBe('4.07');
    expect(at('basicData.rows.reception.actual').value).toBeUndefined();
    expect(at('basicData.rows.business.prior').text).toBe('1,204.86');
  });

  it('shows head counts as typed and indicator weights and scores at 2 dp', () => {
    const pkg = example();
    const source = { pkg: () => pkg, computed: () => compute(pkg) };
    const staffing = staffingSheet(source);
    expect(staffing.cell(0, 1)).toMatchObject({ path: 'basicData.staffing.authorized', text: '48' });
    const indicators = indicatorSheet(
      source,
      'overall',
      () => compute(pkg).overall,
      () => undefined,
    );
    const where = indicators.locate('overall.indicators[14].weight');
    expect(where).not.toBeNull();
    expect(indicators.cell(where!.row, where!.col)).toMatchObject({ text: '6.00', value: '6', format: 'score' });
  });
});

describe('amounts typed in 元', () => {
  it('holds them back with the exact conversion to write, and writes the rest', () => {
    const pkg = example();
    const outcome = applyEdits(pkg, [
      { path: 'basicData.rows.operation.actual', kind: 'number', raw: '1204860元', label: '运行维护经费 本年决算数', amount: true },
      { path: 'basicData.rows.operation.budget', kind: 'number', raw: '120', label: '运行维护经费 本年预算数', amount: true },
      { path: 'basicData.rows.operation.prior', kind: 'number', raw: '一百', label: '运行维护经费 上年决算数', amount: true },
    ]);
    expect(outcome.inYuan).toEqual([
      {
        edit: expect.objectContaining({ path: 'basicData.rows.operation.actual', raw: '120.486' }),
        amount: { yuan: '1204860', wan: '120.486' },
      },
    ]);
    expect(outcome.refused).toEqual([expect.stringContaining('金额单位为万元')]);
    expect(pkg.basicData.rows.operation).toMatchObject({ budget: '120', actual: null });
    // Accepting the offer writes the exact figure in 万元.
    applyEdits(
      pkg,
      outcome.inYuan.map((f) => f.edit),
    );
    expect(pkg.basicData.rows.operation?.actual).toBe('120.486');
  });

  it('is no amount in a cell that is not in 万元 (a head count)', () => {
    const pkg = example();
    const outcome = applyEdits(pkg, [{ path: 'basicData.staffing.actual', kind: 'number', raw: '48元', label: '实际在职人数' }]);
    expect(outcome.inYuan).toEqual([]);
    expect(outcome.refused).toHaveLength(1);
  });
});
