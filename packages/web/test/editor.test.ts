import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compute, type CompletePackage } from '@jixiao/core';
import { parseClipboardTable } from '../src/grid/clipboard.js';
import { applyEdits } from '../src/editor/edits.js';
import { mergeMine } from '../src/editor/merge.js';
import { getAt, parsePath, setAt } from '../src/editor/paths.js';
import { controlSheet, lineRows } from '../src/editor/tables.js';

const example = (): CompletePackage =>
  JSON.parse(readFileSync(new URL('../../../examples/lvxianting-2023.json', import.meta.url), 'utf8')) as CompletePackage;

describe('clipboard blocks from Excel / WPS', () => {
  it('reads rows and columns, CRLF line ends and the trailing line break', () => {
    expect(parseClipboardTable('4.93\t7\t4.07\r\n0\t0\t0\r\n')).toEqual([
      ['4.93', '7', '4.07'],
      ['0', '0', '0'],
    ]);
  });

  it('keeps empty cells and quoted cells holding tabs, line breaks and quotes', () => {
    expect(parseClipboardTable('a\t\tc\n"line1\nline2"\t"say ""hi"""\n')).toEqual([
      ['a', '', 'c'],
      ['line1\nline2', 'say "hi"'],
    ]);
  });

  it('treats a quote inside a cell as text', () => {
    expect(parseClipboardTable('5"\t6\n')).toEqual([['5"', '6']]);
  });
});

describe('typed and pasted values', () => {
  it('accepts thousands separators, full-width digits and units in amount cells', () => {
    const pkg = example();
    const outcome = applyEdits(pkg, [
      { path: 'basicData.rows.reception.actual', kind: 'number', raw: '１，２３４．５０', label: '公务接待 本年决算数' },
      { path: 'basicData.rows.reception.budget', kind: 'number', raw: '1,234.50', label: '公务接待 本年预算数' },
      { path: 'basicData.rows.reception.prior', kind: 'number', raw: '4.93万元', label: '公务接待 上年决算数' },
    ]);
    expect(outcome.refused).toEqual([]);
    expect(pkg.basicData.rows.reception).toEqual({ prior: '4.93', budget: '1234.50', actual: '1234.50' });
  });

  it('refuses text that is not a number, naming the cell, and still applies the rest', () => {
    const pkg = example();
    const outcome = applyEdits(pkg, [
      { path: 'basicData.staffing.actual', kind: 'number', raw: '四十八', label: '实际在职人数' },
      { path: 'basicData.staffing.authorized', kind: 'number', raw: '50', label: '编制数' },
    ]);
    expect(outcome.refused).toHaveLength(1);
    expect(outcome.refused[0]).toContain('实际在职人数');
    expect(outcome.refused[0]).toContain('四十八');
    expect(pkg.basicData.staffing?.actual).toBe('48');
    expect(pkg.basicData.staffing?.authorized).toBe('50');
  });

  it('settles a row an import could not place once the user enters it, and leaves the others unknown', () => {
    const pkg = example();
    pkg.uncertain = [
      {
        path: 'basicData.rows.business',
        label: '1、业务工作经费',
        values: ['20.5', '18.2'],
        columns: ['上年决算数', '本年预算数', '本年决算数'],
      },
      { path: 'basicData.lines.publicFunds[0]', label: '办公经费', values: ['1', '2'], columns: ['a', 'b', 'c'] },
    ];
    applyEdits(pkg, [{ path: 'basicData.rows.business.prior', kind: 'number', raw: '20.5', label: '业务工作经费 上年决算数' }]);
    expect(pkg.uncertain.map((u) => u.path)).toEqual(['basicData.lines.publicFunds[0]']);
  });

  it('drops a score printed in the file once the row its formula scores is changed, and keeps a typed one', () => {
    const pkg = example();
    const actual = (index: number, raw: string) => ({
      path: `overall.indicators[${index}].actual`,
      kind: 'text' as const,
      raw,
      label: '实际完成值',
    });
    pkg.overall.indicators[2]!.target = '先进';
    const outcome = applyEdits(pkg, [actual(1, '80%'), actual(2, '较好')]);
    // 重点工作资金公示率 is scored by the formula: the file's 6 分 was for 100%, not 80%.
    expect(pkg.overall.indicators[1]!.score).toBeNull();
    expect(outcome.writes).toContainEqual({ path: 'overall.indicators[1].score', value: null });
    // A row the formula cannot score (no figure in its 指标值) keeps the score the unit gave it.
    expect(pkg.overall.indicators[2]!.score).toBe('7');
    // Where the template takes scores as typed, every score is the unit's.
    const typed = example();
    typed.template = 'typed';
    applyEdits(typed, [actual(1, '80%')]);
    expect(typed.overall.indicators[1]!.score).toBe('6');
  });

  it('stores a cleared amount as a blank cell and the 不适用 choice as a flag', () => {
    const pkg = example();
    applyEdits(pkg, [
      { path: 'basicData.rows.procurement.budget', kind: 'number', raw: '', label: '政府采购 本年预算数' },
      { path: 'overall.indicators[0].notApplicable', kind: 'select', raw: '不适用', label: '三公经费控制率 不适用' },
    ]);
    expect(pkg.basicData.rows.procurement?.budget).toBeNull();
    expect(pkg.overall.indicators[0]!.notApplicable).toBe(true);
  });
});

describe('field paths', () => {
  it('reads and writes the paths used by findings, diffs and comments', () => {
    const pkg = example();
    expect(parsePath('projects[2].indicators[10].score')).toEqual(['projects', 2, 'indicators', 10, 'score']);
    setAt(pkg, 'overall.indicators[1].score', '5');
    expect(getAt(pkg, 'overall.indicators[1].score')).toBe('5');
  });
});

describe('merging my edits onto a version saved by someone else', () => {
  it('keeps both sides where different fields changed and mine where the same field changed', () => {
    const base = example();
    const mine = example();
    mine.basicData.rows.overseas!.prior = '0';
    mine.signature.filler = '刘填报';
    const theirs = example();
    theirs.signature.phone = '0730-1234567';
    theirs.signature.filler = '张负责人';
    const result = mergeMine(base, mine, theirs);
    expect(result).not.toBeNull();
    expect(result!.merged.basicData?.rows.overseas?.prior).toBe('0');
    expect(result!.merged.signature.phone).toBe('0730-1234567');
    expect(result!.merged.signature.filler).toBe('刘填报');
    expect(result!.overlapping).toEqual(['signature.filler']);
  });

  it('declines a field-by-field merge when I added or removed rows', () => {
    const mine = example();
    mine.basicData.lines.localSpecial!.pop();
    expect(mergeMine(example(), mine, example())).toBeNull();
  });
});

describe('the editor shows the unit’s own 附件1 layout', () => {
  it('lists the rows the unit’s table has, numbered as it numbers them, and a list for each that holds lines', () => {
    const pkg = example();
    const rows = pkg.basicData.rows;
    delete rows.operation;
    delete rows.localSpecial;
    delete pkg.basicData.lines.localSpecial;
    rows.districtSpecial = { prior: '401.30', budget: '0', actual: '436.58' };
    rows.transfer = { prior: '171.10', budget: '0', actual: '200.25' };
    pkg.basicData.lines.districtSpecial = [{ name: '社区网格化管理', prior: '120.50', budget: '0', actual: '131.20' }];
    pkg.basicData.lines.transfer = [{ name: '就业创业补贴', prior: '55.00', budget: '0', actual: '64.00' }];
    const source = { pkg: () => pkg, computed: () => compute(pkg) };
    const control = controlSheet(source);
    const labels = Array.from({ length: control.rowCount }, (_, r) => control.cell(r, 0).text);
    expect(labels).toContain('2、区级专项资金（一个专项一行）');
    expect(labels).toContain('3、上级转移支付（一个专项一行）');
    expect(labels).not.toContain('2、运行维护经费');
    expect(control.locate('basicData.rows.transfer.actual')).toEqual({ row: labels.indexOf('3、上级转移支付（一个专项一行）'), col: 3 });
    expect(lineRows(source).map((l) => l.spec.id)).toEqual(['business', 'districtSpecial', 'transfer', 'publicFunds']);
  });
});
