import { describe, expect, test } from 'vitest';
import { canonicalPackage } from '@jixiao/core';
import type { CompletePackage, Package } from '@jixiao/core';
import { renderDocx, renderXlsx } from '@jixiao/documents';
import { importFile } from '../src/index.js';
import { example } from './support.js';

/** The example with what the seed lacks: a project, 附件4 lines with a note, a filled signature. */
function richer(): CompletePackage {
  const pkg = structuredClone(example());
  pkg.unit.department = '岳阳市岳阳楼区人民政府';
  pkg.signature = { unitHead: '张三', filler: '李四', phone: '0730-1234567', date: '2024年6月30日' };
  pkg.otherFunds.governmentFund = {
    rows: [
      { name: '城市基础设施配套费', budget: '12.5', actual: '10' },
      { name: '土地出让收入', budget: null, actual: '3.25' },
    ],
    note: '按决算批复填列',
  };
  pkg.projects = [
    {
      name: '环卫工人工资',
      department: '岳阳市岳阳楼区人民政府',
      implementer: '岳阳市岳阳楼区吕仙亭街道办事处',
      manager: '',
      funds: {
        initialBudget: '400',
        fullYearBudget: '395.28',
        executed: '395.28',
        weight: '10',
        declared: { executionRate: '100.00%', score: '10.00' },
      },
      fundSources: [
        { kind: 'fiscal', initialBudget: '400', fullYearBudget: '395.28', executed: '395.28', declared: { executionRate: null } },
        { kind: 'carryOver', initialBudget: null, fullYearBudget: null, executed: null, declared: { executionRate: null } },
        { kind: 'other', initialBudget: '0', fullYearBudget: '0', executed: '0', declared: { executionRate: null } },
      ],
      goals: { expected: '按时足额发放环卫工人工资\n保障辖区环境卫生', actual: '全年按月足额发放' },
      indicators: [
        {
          level1: '产出指标',
          level2: '数量指标',
          name: '发放人数',
          target: '≥120人',
          actual: '126人',
          weight: '20',
          score: '20',
          deviation: '',
          level: null,
          notApplicable: false,
        },
        {
          level1: '产出指标',
          level2: '时效指标',
          name: '按月发放率',
          target: '100%',
          actual: '95%',
          weight: '30',
          score: '28.5',
          deviation: '个别月份延迟，已改进',
          level: null,
          notApplicable: false,
        },
        {
          level1: '效益指标',
          level2: '社会效益指标',
          name: '辖区环境改善',
          target: '好',
          actual: '好',
          weight: '30',
          score: '30',
          deviation: '',
          level: null,
          notApplicable: false,
        },
        {
          level1: '满意度指标',
          level2: '服务对象满意度指标',
          name: '环卫工人满意度',
          target: '≥90%',
          actual: '93%',
          weight: '10',
          score: '10',
          deviation: '',
          level: null,
          notApplicable: false,
        },
      ],
      declaredTotal: { weight: '100', score: '98.50' },
      remarks: [],
    },
  ];
  // A second 一级项目: one 附件3 each, read back in order.
  pkg.projects.push({
    ...structuredClone(pkg.projects[0]!),
    name: '洞庭湖滩湿地整治',
    funds: {
      initialBudget: '20',
      fullYearBudget: '14.46',
      executed: '14.46',
      weight: '10',
      declared: { executionRate: '100.00%', score: '10.00' },
    },
    fundSources: [
      { kind: 'fiscal', initialBudget: '20', fullYearBudget: '14.46', executed: '14.46', declared: { executionRate: null } },
      { kind: 'carryOver', initialBudget: null, fullYearBudget: null, executed: null, declared: { executionRate: null } },
      { kind: 'other', initialBudget: null, fullYearBudget: null, executed: null, declared: { executionRate: null } },
    ],
  });
  return pkg;
}

/**
 * Richer, with the marks the official tables print in 实际完成值: 定性 levels (达成/部分达成/未达成)
 * and indicators set aside as 不适用, one of them with no 实际完成值 at all.
 */
function withMarks(): CompletePackage {
  const pkg = richer();
  const [first, second] = pkg.projects as [CompletePackage['projects'][number], CompletePackage['projects'][number]];
  first.indicators[2] = { ...first.indicators[2]!, level: '达成' };
  first.indicators[3] = { ...first.indicators[3]!, actual: '', level: null, notApplicable: true };
  second.indicators[1] = { ...second.indicators[1]!, actual: '基本按月发放\n个别月份延迟', level: '部分达成', notApplicable: true };
  second.indicators[2] = { ...second.indicators[2]!, actual: '较好', level: '未达成' };
  const overall = pkg.overall.indicators;
  overall[0] = { ...overall[0]!, level: '达成' };
  overall[overall.length - 1] = { ...overall[overall.length - 1]!, notApplicable: true };
  return pkg;
}

/**
 * The figures of a package, however they were written: cells canonical (core), and the printed
 * derived figures under `declared` / `declaredTotal` too, since documents print them as the engine
 * computes them ("100.00", "10.00%") while the seed wrote "100".
 */
function figures(pkg: Package): Package {
  const decimals = (v: unknown) =>
    typeof v === 'string' && /^-?\d+(?:\.\d+)?%?$/.test(v) ? v.replace(/(\.\d*?)0+(%?)$/, '$1$2').replace(/\.(%?)$/, '$1') : v;
  return JSON.parse(JSON.stringify(canonicalPackage(pkg)), (key, value: unknown) =>
    ['declared', 'declaredTotal'].includes(key) && value && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decimals(v)]))
      : value,
  ) as Package;
}

/** The example's 附件 list as the documents print it: GB/T 9704 7.3.5 numbers 「1.」 where the seed wrote 「1、」. */
const PRINTED_ATTACHMENT_LIST = [
  '附件：1. 单位整体支出绩效评价基础数据表',
  '2. 单位整体支出绩效自评表',
  '3. 项目支出绩效自评表（每个一级项目一张表）',
  '4. 政府性基金预算支出情况表',
  '5. 国有资本经营预算支出情况表',
  '6. 社会保险基金预算支出情况',
];

/**
 * The package as the DOCX prints it: the report verbatim, but an empty cover name is printed as the
 * unit's name and the 附件 list in its GB/T 9704 form (the test packages have the example's list).
 */
function printed(pkg: Package): Package {
  const report = pkg.report && {
    ...pkg.report,
    cover: { ...pkg.report.cover, unitName: pkg.report.cover.unitName || pkg.unit.name },
    attachmentList: PRINTED_ATTACHMENT_LIST,
  };
  return { ...pkg, report };
}

/** The XLSX holds the attachments only: the report comes back absent. */
function afterXlsx(pkg: Package): Package {
  return figures({ ...pkg, report: null });
}

describe.each([
  ['the example', example],
  ['the example with a project, 附件4 lines and a signature', richer],
  ['the example with 定性 levels and 不适用 indicators', withMarks],
])('round trips of %s', (_name, make) => {
  test('package → DOCX → import gives the package back', async () => {
    const pkg = make();
    const result = await importFile(await renderDocx(pkg), 'round-trip.docx');
    expect(result.errors).toEqual([]);
    // docs/documents.md, “What a round trip preserves”: everything, the report verbatim.
    expect(figures(result.package!)).toEqual(figures(printed(pkg)));
    expect(result.partsAbsent).toEqual(pkg.otherFunds.governmentFund ? [] : ['otherFunds']);
    expect(result.unmapped).toEqual([]);
    expect(result.uncertainRows).toEqual([]);
  });

  test('package → XLSX → import gives the package back, the report absent', async () => {
    const pkg = make();
    const result = await importFile(await renderXlsx(pkg), 'round-trip.xlsx');
    expect(result.errors).toEqual([]);
    expect(figures(result.package!)).toEqual(afterXlsx(pkg));
    expect(result.partsAbsent).toEqual(pkg.otherFunds.governmentFund ? ['report'] : ['otherFunds', 'report']);
    expect(result.unmapped).toEqual([]);
    expect(result.uncertainRows).toEqual([]);
  });
});
