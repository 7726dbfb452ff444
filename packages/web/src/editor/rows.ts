/** New, copied and moved rows of the growing tables. */
import { emptyFundsLine, emptyFundsRow, emptyIndicator, type NamedYearRow, type OtherFundTable, type Package, type ProjectEvaluation } from '@jixiao/core';

export function blankYearLine(): NamedYearRow {
  return { name: '', prior: null, budget: null, actual: null };
}

export function blankFundRow(): OtherFundTable['rows'][number] {
  return { name: '', budget: null, actual: null };
}

/** A new 附件3 table with the template's 一级 structure to fill in. */
export function blankProject(pkg: Package, name: string): ProjectEvaluation {
  return {
    name,
    department: pkg.unit.department,
    implementer: pkg.unit.name,
    funds: emptyFundsLine('10'),
    fundSources: { currentFiscal: emptyFundsRow(), carryOver: emptyFundsRow(), other: emptyFundsRow() },
    goals: { expected: '', actual: '' },
    indicators: [
      emptyIndicator('产出指标', '数量指标'),
      emptyIndicator('效益指标', '社会效益指标'),
      emptyIndicator('满意度指标', '服务对象满意度指标'),
    ],
    declaredTotal: { weight: null, score: null },
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
