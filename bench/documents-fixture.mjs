// A package with many 一级项目 (附件3 tables), built from the seed example: for the documents
// benchmark and the documents tests (large and hostile inputs).
const LEVELS = [
  ['产出指标', '数量指标', '完成项目数量', '≥10个', '12个', '20'],
  ['产出指标', '质量指标', '验收合格率', '≥95%', '98%', '15'],
  ['产出指标', '时效指标', '按期完成率', '100%', '100%', '10'],
  ['产出指标', '成本指标', '成本控制率', '≤100%', '96%', '5'],
  ['效益指标', '社会效益指标', '受益群众人数', '≥1000人', '1200人', '20'],
  ['效益指标', '可持续影响指标', '长效机制建立情况', '建立', '已建立', '10'],
  ['满意度指标', '服务对象满意度指标', '群众满意度', '≥90%', '93%', '10'],
];

export function projectPackage(base, count) {
  const pkg = structuredClone(base);
  pkg.projects = Array.from({ length: count }, (_, i) => {
    const budget = (100 + (i % 37) * 3.25).toFixed(2);
    const executed = (Number(budget) - (i % 5)).toFixed(2);
    return {
      name: `第${i + 1}号一级项目（环境整治与民生保障）`,
      department: '岳阳市岳阳楼区人民政府',
      implementer: base.unit.name,
      manager: '',
      funds: {
        initialBudget: budget,
        fullYearBudget: budget,
        executed,
        weight: '10',
        declared: { executionRate: null, score: null },
      },
      fundSources: [
        { kind: 'fiscal', initialBudget: budget, fullYearBudget: budget, executed, declared: { executionRate: null } },
        { kind: 'carryOver', initialBudget: null, fullYearBudget: null, executed: null, declared: { executionRate: null } },
        { kind: 'other', initialBudget: null, fullYearBudget: null, executed: null, declared: { executionRate: null } },
      ],
      goals: { expected: '按期完成项目建设任务，改善辖区环境。', actual: '已按期完成，辖区环境明显改善。' },
      indicators: LEVELS.map(([level1, level2, name, target, actual, weight]) => ({
        level1,
        level2,
        name,
        target,
        actual,
        weight,
        score: weight,
        deviation: '',
        level: null,
        notApplicable: false,
      })),
      declaredTotal: { weight: '100', score: null },
      remarks: [],
    };
  });
  return pkg;
}
