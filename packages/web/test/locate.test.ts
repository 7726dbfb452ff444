import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { carryOver, check, compute, newPackage, type Package } from '@jixiao/core';
import { sanitation } from '../../core/test/example.js';
import { locateField, sheetsOf, type FieldTarget } from '../src/editor/locate.js';
import { getAt, setAt } from '../src/editor/paths.js';
import type { TableSource } from '../src/editor/tables.js';

const seed = (): Package => JSON.parse(readFileSync(new URL('../../../examples/lvxianting-2023.json', import.meta.url), 'utf8')) as Package;

const sourceOf = (pkg: Package): TableSource => {
  const computed = compute(pkg);
  return { pkg: () => pkg, computed: () => computed };
};

/** Follows the editor's jump: an empty list gets its first row, then the input is looked up again. */
function resolve(pkg: Package, path: string): { pkg: Package; target: FieldTarget | null } {
  const target = locateField(sourceOf(pkg), path);
  if (target?.kind !== 'grow') return { pkg, target };
  const grown = structuredClone(pkg);
  const list = getAt(grown, target.list);
  const index = Array.isArray(list) ? list.length : 0;
  if (Array.isArray(list)) list.push(target.blank(grown));
  else setAt(grown, target.list, [target.blank(grown)]);
  const again = locateField(sourceOf(grown), `${target.list}[${index}]`);
  return { pkg: grown, target: again?.kind === 'grow' ? null : again };
}

/** Whether the target is an input the user can type into, as the editor builds it. */
function editable(pkg: Package, target: FieldTarget): boolean {
  if (target.kind === 'text') {
    const value = getAt(pkg, target.path);
    return typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
  }
  const sheet = sheetsOf(sourceOf(pkg), target.tab, target.project).find((s) => s.name === target.sheet);
  const at = sheet?.model.locate(target.path);
  if (!sheet || !at) return false;
  const cell = sheet.model.cell(at.row, at.col);
  return cell.path === target.path && (cell.kind === 'number' || cell.kind === 'text' || cell.kind === 'select');
}

/** The seed with a 附件3 cut off before its 总分 row, its 自评得分 printed in the header beyond what its rows allow (银川's form). */
function cutProject(): Package {
  const pkg = seed();
  const project = sanitation({ declaredTotal: null, remarks: [{ label: '自评得分', text: '98' }] });
  project.indicators[0]!.score = '40';
  pkg.projects = [project];
  return pkg;
}

const packages: [string, () => Package][] = [
  ['the seed package (吕仙亭 2023)', seed],
  ['the seed with a cut-off 附件3 whose header 自评得分 its rows cannot reach', cutProject],
  ['a new 2024 package', () => newPackage('岳阳市岳阳楼区吕仙亭街道办事处', '岳阳市岳阳楼区人民政府', 2024)],
  ['2024 carried over from 2023', () => carryOver(seed(), 2024)],
];

describe.each(packages)('every finding of %s locates an editable field', (_, make) => {
  it('resolves each finding to an input of the editor', () => {
    const pkg = make();
    const findings = check(pkg).findings;
    expect(findings.length).toBeGreaterThan(0);
    if (make === cutProject) expect(findings.map((f) => f.ruleId)).toContain('ev.reachable-total');
    const unresolved = findings.filter((f) => {
      const { pkg: shown, target } = resolve(pkg, f.location.path);
      return !target || !editable(shown, target);
    });
    expect(unresolved.map((f) => `${f.location.path}: ${f.message}`)).toEqual([]);
  });
});

describe('locateField', () => {
  it('finds 附件2 预算部门名称 as its own text field on the 附件2 tab', () => {
    expect(locateField(sourceOf(seed()), 'overall.unitName')).toEqual({
      kind: 'text',
      tab: 'overall',
      project: null,
      path: 'overall.unitName',
    });
  });

  it('leads from a derived rate to the inputs of its row', () => {
    const target = locateField(sourceOf(seed()), 'overall.funds.declared.executionRate');
    expect(target).toMatchObject({ kind: 'cell', tab: 'overall', sheet: 'overall-funds', path: 'overall.funds.initialBudget' });
    const staffing = locateField(sourceOf(seed()), 'basicData.staffing.declared.controlRate');
    expect(staffing).toMatchObject({ kind: 'cell', sheet: 'staffing', path: 'basicData.staffing.actual' });
  });

  it('leads from a paragraph to the section text holding it, and from a row to its first input', () => {
    expect(locateField(sourceOf(seed()), 'report.sections[1].paragraphs[3]')).toMatchObject({
      kind: 'text',
      path: 'report.sections[1].paragraphs',
    });
    expect(locateField(sourceOf(seed()), 'basicData.rows.threePublic')).toMatchObject({
      kind: 'cell',
      sheet: 'control',
      path: 'basicData.rows.threePublic.prior',
    });
  });

  it('asks for a first row where a list is empty, and gives nothing for a part the package lacks', () => {
    const pkg = newPackage('某单位', '', 2024);
    expect(locateField(sourceOf(pkg), 'overall.indicators')).toMatchObject({ kind: 'grow', list: 'overall.indicators' });
    expect(locateField(sourceOf(pkg), 'projects')).toMatchObject({ kind: 'grow', tab: 'projects' });
    pkg.overall = null;
    expect(locateField(sourceOf(pkg), 'overall.unitName')).toBeNull();
  });
});
