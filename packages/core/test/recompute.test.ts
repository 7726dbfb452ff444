import { describe, expect, it } from 'vitest';
import { compute, emptyProject, formatPercent, formatScore, recompute } from '../src/index.js';
import { example, type CompletePackage } from './example.js';

describe('recompute: figures after an edit, redoing only what the edit touches', () => {
  const withProjects = (): CompletePackage => {
    const pkg = example();
    pkg.projects = Array.from({ length: 3 }, (_, i) => ({
      ...emptyProject('hunan'),
      name: `项目${i + 1}`,
      implementer: pkg.unit.name,
      funds: { initialBudget: '10', fullYearBudget: '20', executed: '15', weight: '10', declared: { executionRate: null, score: null } },
      indicators: pkg.overall.indicators.slice(0, 4).map((x) => ({ ...x })),
    }));
    return pkg;
  };

  it('gives the same figures as a full computation after an edit inside a project', () => {
    const pkg = withProjects();
    const before = compute(pkg);
    pkg.projects[1]!.funds.executed = '20';
    pkg.projects[1]!.indicators[0]!.score = '3';
    const updated = recompute(pkg, before, ['projects[1].funds.executed', 'projects[1].indicators[0].score']);
    const full = compute(pkg);
    expect(formatPercent(updated.projects[1]!.executionRate)).toBe('100.00%');
    expect(formatScore(updated.projects[1]!.total!)).toBe(formatScore(full.projects[1]!.total!));
    expect(formatScore(updated.projects[1]!.total!)).not.toBe(formatScore(before.projects[1]!.total!));
  });

  it('gives the same figures as a full computation after an edit outside the projects', () => {
    const pkg = withProjects();
    const before = compute(pkg);
    pkg.basicData.rows.reception!.actual = '7';
    pkg.overall.funds.executed = '1103.41';
    const updated = recompute(pkg, before, ['basicData.rows.reception.actual', 'overall.funds.executed']);
    expect(formatPercent(updated.rows['reception']!.controlRate)).toBe('100.00%');
    expect(formatPercent(updated.overall!.executionRate)).toBe('50.00%');
    expect(updated.projects).toHaveLength(3);
  });
});
