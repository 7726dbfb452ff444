/** New, copied and moved rows of the growing tables. */
import {
  emptyFundsLine,
  emptyIndicator,
  emptyProject,
  templateOf,
  type OtherFundTable,
  type Package,
  type ProjectEvaluation,
} from '@jixiao/core';

export function blankFundRow(): OtherFundTable['rows'][number] {
  return { name: '', budget: null, actual: null };
}

/** A new 附件3 table in the package's layout, with the template's 一级 structure to fill in. */
export function blankProject(pkg: Package, name: string): ProjectEvaluation {
  const template = templateOf(pkg);
  return {
    ...emptyProject(pkg.layout.project),
    name,
    department: pkg.unit.department,
    implementer: pkg.unit.name,
    funds: emptyFundsLine('10'),
    // One row under each 一级指标 the template fixes, with its first 二级.
    indicators: Object.keys(template.projectLevel1Weights).map((level1) =>
      emptyIndicator(level1, template.indicatorTree[level1]?.[0] ?? ''),
    ),
  };
}

/** A copy to start the next similar project from: same indicators, figures kept, name marked. */
export function copyProject(project: ProjectEvaluation): ProjectEvaluation {
  const copy = structuredClone(project);
  copy.name = `${project.name}（副本）`;
  return copy;
}

/** Moves one element of `list` by `delta` places; returns its new index. */
export function moveRow<T>(list: T[], index: number, delta: number): number {
  const target = index + delta;
  if (index < 0 || index >= list.length || target < 0 || target >= list.length) return index;
  const [item] = list.splice(index, 1);
  list.splice(target, 0, item as T);
  return target;
}
