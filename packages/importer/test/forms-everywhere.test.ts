/**
 * A row is described once, in a form, and every part of the system follows: a test-only form with one
 * more row (会议费, under 三公经费) reaches the schema and field labels, the importer, the checks, the
 * documents and the editor without any other change.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import {
  BASIC_DATA_FORM,
  TYPED_TEMPLATE,
  absentPackage,
  check,
  compute,
  fieldLabel,
  packageSpecFor,
  parsePackage,
  type BasicDataFormSpec,
  type Package,
  type YearRowSpec,
} from '@jixiao/core';
import { attachments } from '@jixiao/documents';
import { controlSheet } from '../../web/src/editor/tables.js';
import { importFile, type ImportResult } from '../src/index.js';
import { bytes } from './support.js';

const MEETINGS: YearRowSpec = {
  id: 'meetings',
  label: '会议费',
  aliases: ['会议费用'],
  parent: 'threePublic',
  prefix: 'number',
  standard: false,
};

/** 附件1 with 会议费 as the fourth part of 三公经费. */
const FORM: BasicDataFormSpec = {
  rows: [...BASIC_DATA_FORM.rows.slice(0, 6), MEETINGS, ...BASIC_DATA_FORM.rows.slice(6)],
};

const row = (label: string, prior: string, budget: string, actual: string) => [
  `\t${label}`,
  `\t${prior}`,
  `\t${budget}`,
  `\t${actual}`,
  '',
];

/** A 附件1 whose 三公经费 has four parts: 会议费 is the fourth, written with an alias. */
const TEXT = [
  '\t附件1',
  '2023年度预算单位整体支出绩效评价基础数据表',
  '',
  '\t预算单位名称',
  '\t测试单位',
  '',
  '\t经费控制情况(万元)',
  '\t2022年决算数',
  '\t2023年预算数',
  '\t2023年决算数',
  '',
  ...row('三公经费', '10', '12', '11'),
  ...row('1、公务用车购置和维护经费', '4', '5', '4'),
  ...row('2、出国经费', '0', '0', '0'),
  ...row('3、公务接待', '3', '4', '3'),
  ...row('4、会议费用', '3', '3', '4'),
].join('\n');

describe('a row added in a test-only form', () => {
  let result: ImportResult;
  let pkg: Package;
  beforeAll(async () => {
    result = await importFile(bytes(TEXT), '附件1.txt', { basicDataForm: FORM });
    pkg = result.package as Package;
  });

  test('the schema accepts the row and names it by its label; the real form refuses it', () => {
    const spec = packageSpecFor({ basicData: FORM });
    expect(fieldLabel('basicData.rows.meetings.actual', spec)).toBe('附件1 基础数据表 › 经费控制情况 › 会议费 › 本年决算数');
    expect(parsePackage(pkg, spec).ok).toBe(true);
    expect(parsePackage(pkg).ok).toBe(false);
  });

  test('the importer reads it by its alias', () => {
    expect(result.unmapped).toEqual([]);
    expect((pkg.basicData!.rows as Record<string, unknown>)['meetings']).toEqual({ prior: '3', budget: '3', actual: '4' });
  });

  test('the checks count it among the parts of 三公经费', () => {
    // Typed totals, checked against the parts (computed ones would be the parts' sum by construction).
    const sum = (p: Package) => check(p, TYPED_TEMPLATE, FORM).findings.filter((f) => f.ruleId === 'a1.three-public-sum');
    expect(sum(pkg)).toEqual([]);
    // Without it, the parts fall short of the total: the form, not the code, makes the difference.
    const without = structuredClone(pkg);
    delete (without.basicData!.rows as Record<string, unknown>)['meetings'];
    expect(sum(without).map((f) => f.message)).toContain(
      '本年决算数：公务用车购置和维护经费、出国经费、公务接待之和 7.00 万元，与“三公经费” 11.00 万元不符（差 4.00）',
    );
  });

  test('the documents print it, numbered among the parts', () => {
    const [table] = attachments(pkg, compute(pkg, undefined, FORM), FORM);
    const labels = table!.rows.map((cells) => cells[0]?.text ?? '');
    expect(labels.slice(labels.indexOf('三公经费'), labels.indexOf('三公经费') + 5)).toEqual([
      '三公经费',
      '1、公务用车购置和维护经费',
      '2、出国经费',
      '3、公务接待',
      '4、会议费',
    ]);
  });

  test('the editor shows it', () => {
    const sheet = controlSheet({ pkg: () => pkg, computed: () => compute(pkg, undefined, FORM) }, FORM);
    const labels = Array.from({ length: sheet.rowCount }, (_, r) => sheet.cell(r, 0).text);
    expect(labels).toContain('4、会议费');
    expect(sheet.locate('basicData.rows.meetings.actual')).toEqual({ row: labels.indexOf('4、会议费'), col: 3 });
  });

  test('a package without 附件1 has nothing to show', () => {
    expect(controlSheet({ pkg: () => absentPackage(2023, ''), computed: () => compute(absentPackage(2023, '')) }, FORM).rowCount).toBe(0);
  });
});
