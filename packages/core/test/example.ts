/** The canonical example, loaded fresh for each test so that mutations never leak between tests. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  emptyIndicator,
  emptyProject,
  parsePackageJson,
  type BasicData,
  type CompletePackage,
  type NamedYearRow,
  type ProjectEvaluation,
  type YearColumns,
} from '../src/index.js';

export type { CompletePackage } from '../src/index.js';

export const EXAMPLE_PATH = fileURLToPath(new URL('../../../examples/lvxianting-2023.json', import.meta.url));
const source = readFileSync(EXAMPLE_PATH, 'utf8');

export function example(): CompletePackage {
  const result = parsePackageJson(source);
  if (!result.ok) throw new Error(`example does not validate: ${JSON.stringify(result.issues)}`);
  return result.package as CompletePackage;
}

/** A row of 附件1 the seed has. */
export function row(pkg: CompletePackage, id: keyof BasicData['rows']): YearColumns {
  const found = pkg.basicData.rows[id];
  if (!found) throw new Error(`附件1 has no row ${id}`);
  return found;
}

/** The lines listed under a row of 附件1 (created empty where there are none yet). */
export function lines(pkg: CompletePackage, id: keyof BasicData['lines']): NamedYearRow[] {
  return (pkg.basicData.lines[id] ??= []);
}

/** The project table of 环卫工人工资 (a line of 本级专项资金), in the seed's layout. */
export function sanitation(overrides: Partial<ProjectEvaluation> = {}): ProjectEvaluation {
  const indicator = (level1: string, level2: string, name: string, weight: string) =>
    Object.assign(emptyIndicator(), { level1, level2, name, target: '100%', actual: '100%', weight, score: weight });
  return {
    ...emptyProject('hunan'),
    name: '环卫工人工资',
    department: '岳阳市岳阳楼区人民政府',
    implementer: '岳阳市岳阳楼区吕仙亭街道办事处',
    funds: {
      initialBudget: '395.28',
      fullYearBudget: '395.28',
      executed: '395.28',
      weight: '10',
      declared: { executionRate: null, score: null },
    },
    fundSources: [
      { kind: 'fiscal', initialBudget: '395.28', fullYearBudget: '395.28', executed: '395.28', declared: { executionRate: null } },
    ],
    goals: { expected: '按时足额发放环卫工人工资', actual: '已全部发放' },
    indicators: [
      indicator('产出指标', '数量指标', '发放到位率', '50'),
      indicator('效益指标', '社会效益指标', '环境改善', '30'),
      indicator('满意度指标', '服务对象满意度指标', '环卫工人满意度', '10'),
    ],
    declaredTotal: { weight: null, score: null },
    ...overrides,
  };
}
