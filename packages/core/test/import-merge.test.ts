import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { carryOver, importChanges, importInto, newPackage, type Package } from '../src/index.js';

const EXAMPLE = new URL('../../../examples/lvxianting-2023.json', import.meta.url);
const seed = (): Package => JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Package;

describe('a new package names the unit wherever the forms print it', () => {
  it('fills 附件1, 附件2 and the cover with the unit name', () => {
    const pkg = newPackage('示例区第一中学', '示例区教育局', 2024);
    expect(pkg.basicData?.unitName).toBe('示例区第一中学');
    expect(pkg.overall?.unitName).toBe('示例区第一中学');
    expect(pkg.report?.cover.unitName).toBe('示例区第一中学');
  });

  it('carries the cover name over to next year, or the unit name where the cover had none', () => {
    const previous = seed();
    previous.report!.cover.unitName = '';
    expect(carryOver(previous, 2024).report?.cover.unitName).toBe(previous.unit.name);
    previous.report!.cover.unitName = '吕仙亭街道';
    expect(carryOver(previous, 2024).report?.cover.unitName).toBe('吕仙亭街道');
  });
});

describe('importing a file into an existing year', () => {
  const typed = (): Package => {
    const pkg = newPackage(seed().unit.name, seed().unit.department, 2023);
    pkg.basicData!.staffing!.authorized = '30';
    pkg.report!.cover.date = '2024 年 5 月 1 日';
    return pkg;
  };

  it('replace takes the file content but keeps the unit and year the package is stored under', () => {
    const file = { ...seed(), year: 2022, unit: { name: '别的单位', department: '' } };
    const result = importInto(typed(), file, 'replace');
    expect(result.basicData).toEqual(seed().basicData);
    expect(result.year).toBe(2023);
    expect(result.unit.name).toBe(seed().unit.name);
  });

  it('merge keeps every typed value and takes the file values only where the package has none', () => {
    const existing = typed();
    const file = seed();
    const result = importInto(existing, file, 'merge');
    // Typed: kept although the file differs.
    expect(result.basicData!.staffing!.authorized).toBe('30');
    expect(file.basicData!.staffing!.authorized).not.toBe('30');
    expect(result.report!.cover.date).toBe('2024 年 5 月 1 日');
    // Blank in the package: the file's.
    expect(result.basicData!.staffing!.actual).toBe(file.basicData!.staffing!.actual);
    expect(result.overall!.indicators).toEqual(file.overall!.indicators);
    expect(result.projects).toEqual(file.projects);
    expect(result.report!.sections[0]!.paragraphs).toEqual(file.report!.sections[0]!.paragraphs);
    // The existing package is not modified.
    expect(existing.overall!.indicators).toEqual([]);
  });

  it('merge fills an absent part whole and leaves a list the unit has begun alone', () => {
    const existing = typed();
    existing.projects = null;
    existing.overall!.indicators = [{ ...seed().overall!.indicators[0]!, name: '自填指标' }];
    const result = importInto(existing, seed(), 'merge');
    expect(result.projects).toEqual(seed().projects);
    expect(result.overall!.indicators.map((i) => i.name)).toEqual(['自填指标']);
  });

  it('previews the changes field by field: merge changes nothing typed, replace does', () => {
    const existing = typed();
    const merge = importChanges(existing, seed(), 'merge');
    const replace = importChanges(existing, seed(), 'replace');
    expect(merge.some((c) => c.path === 'basicData.staffing.authorized')).toBe(false);
    expect(replace.find((c) => c.path === 'basicData.staffing.authorized')).toMatchObject({ before: '30' });
    expect(merge.find((c) => c.path === 'basicData.staffing.actual')).toMatchObject({ before: null });
    expect(importChanges(seed(), seed(), 'replace')).toEqual([]);
  });
});
