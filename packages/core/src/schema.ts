/** The package format as a schema: validation with Chinese messages, and the published JSON Schema. */
import type {
  BasicData,
  Buildings,
  FundsLine,
  FundsRow,
  Indicator,
  NamedYearRow,
  OtherFundTable,
  OverallEvaluation,
  Package,
  ProjectEvaluation,
  Report,
  YearColumns,
} from './model.js';
import { FORMAT_ID, FORMAT_VERSION, QUALITATIVE_LEVELS } from './model.js';
import {
  array,
  boolean,
  cell,
  integer,
  labelsOf,
  literal,
  nullable,
  object,
  oneOf,
  run,
  text,
  type SchemaIssue,
  type Spec,
} from './schema-dsl.js';

export type { SchemaIssue } from './schema-dsl.js';

const yearColumns = object<YearColumns>({
  prior: ['上年决算数', cell],
  budget: ['本年预算数', cell],
  actual: ['本年决算数', cell],
});

const namedYearRow = object<NamedYearRow>({
  name: ['名称', text],
  prior: ['上年决算数', cell],
  budget: ['本年预算数', cell],
  actual: ['本年决算数', cell],
});

const buildings = object<Buildings>({
  approvedArea: ['批复规模（㎡）', cell],
  actualArea: ['实际规模（㎡）', cell],
  budgetInvestment: ['预算投资（万元）', cell],
  actualInvestment: ['实际投资（万元）', cell],
  declared: [
    '表中填报的控制率',
    object({ scaleControlRate: ['规模控制率', nullable(text)], investmentControlRate: ['投资概算控制率', nullable(text)] }),
  ],
});

const basicData = object<BasicData>({
  unitName: ['预算单位名称', text],
  staffing: [
    '财政供养人员情况',
    object({
      authorized: ['编制数', cell],
      actual: ['实际在职人数', cell],
      declared: ['表中填报的控制率', object({ controlRate: ['控制率', nullable(text)] })],
    }),
  ],
  threePublic: [
    '三公经费',
    object({
      total: ['三公经费合计', yearColumns],
      vehicle: ['1、公务用车购置和维护经费', yearColumns],
      vehiclePurchase: ['其中：公车购置', yearColumns],
      vehicleOperation: ['公车运行维护', yearColumns],
      overseas: ['2、出国经费', yearColumns],
      reception: ['3、公务接待', yearColumns],
    }),
  ],
  projectSpending: [
    '项目支出',
    object({
      total: ['项目支出合计', yearColumns],
      business: ['1、业务工作经费', yearColumns],
      operation: ['2、运行维护经费', yearColumns],
      special: ['3、本级专项资金', yearColumns],
      specialItems: ['本级专项明细', array(namedYearRow, (i) => `第 ${i + 1} 行`)],
    }),
  ],
  publicFunds: [
    '公用经费',
    object({
      total: ['公用经费合计', yearColumns],
      items: ['其中', array(namedYearRow, (i) => `第 ${i + 1} 行`)],
    }),
  ],
  procurement: ['政府采购金额', yearColumns],
  basicBudgetAdjustment: ['部门基本支出预算调整', yearColumns],
  buildings: ['楼堂馆所控制情况', buildings],
  frugalityMeasures: ['厉行节约保障措施', text],
});

const fundsLine = object<FundsLine>({
  initialBudget: ['年初预算数', cell],
  fullYearBudget: ['全年预算数', cell],
  executed: ['全年执行数', cell],
  weight: ['分值', cell],
  declared: [
    '表中填报的执行率与得分',
    object({ executionRate: ['执行率', nullable(text)], score: ['得分', nullable(text)] }),
  ],
});

const fundsRow = object<FundsRow>({
  initialBudget: ['年初预算数', cell],
  fullYearBudget: ['全年预算数', cell],
  executed: ['全年执行数', cell],
});

const indicator = object<Indicator>({
  level1: ['一级指标', text],
  level2: ['二级指标', text],
  name: ['三级指标', text],
  target: ['年度指标值', text],
  actual: ['实际完成值', text],
  weight: ['分值', cell],
  score: ['得分', cell],
  deviation: ['偏差原因分析及改进措施', text],
  level: ['定性评价等级', nullable(oneOf(QUALITATIVE_LEVELS))],
  notApplicable: ['不适用', boolean],
});

const indicators = array(indicator, (i) => `第 ${i + 1} 个指标`);
const goals = object({ expected: ['预期目标', text], actual: ['实际完成情况', text] });
const declaredTotal = object({ weight: ['分值', nullable(text)], score: ['得分', nullable(text)] });

const overall = object<OverallEvaluation>({
  unitName: ['预算部门名称', text],
  funds: ['年度资金总额', fundsLine],
  byIncome: [
    '按收入性质分',
    object({
      generalPublic: ['一般公共预算', cell],
      governmentFund: ['政府性基金拨款', cell],
      specialAccountNonTax: ['纳入专户管理的非税收入拨款', cell],
      other: ['其他资金', cell],
    }),
  ],
  byExpense: ['按支出性质分', object({ basic: ['基本支出', cell], project: ['项目支出', cell] })],
  goals: ['年度总体目标', goals],
  indicators: ['绩效指标', indicators],
  declaredTotal: ['总分', declaredTotal],
});

const project = object<ProjectEvaluation>({
  name: ['项目支出名称', text],
  department: ['主管部门', text],
  implementer: ['实施单位', text],
  funds: ['年度资金总额', fundsLine],
  fundSources: [
    '资金来源',
    object({
      currentFiscal: ['其中：当年财政拨款', fundsRow],
      carryOver: ['上年结转资金', fundsRow],
      other: ['其他资金', fundsRow],
    }),
  ],
  goals: ['年度总体目标', goals],
  indicators: ['绩效指标', indicators],
  declaredTotal: ['总分', declaredTotal],
});

const otherFundTable = object<OtherFundTable>({
  rows: [
    '明细',
    array(object({ name: ['项目', text], budget: ['预算数', cell], actual: ['支出数', cell] }), (i) => `第 ${i + 1} 行`),
  ],
  note: ['说明', text],
});

const report = object<Report>({
  cover: ['封面', object({ title: ['标题', text], unitName: ['部门（单位）名称', text], date: ['日期', text] })],
  sections: [
    '正文',
    array(object({ heading: ['标题', text], paragraphs: ['段落', array(text, (i) => `第 ${i + 1} 段`)] }), (i) => `第 ${i + 1} 部分`),
  ],
  attachmentList: ['附件目录', array(text, (i) => `第 ${i + 1} 行`)],
});

export const packageSpec = object<Package>(
  {
    format: ['格式标识', literal(FORMAT_ID, '绩效自评包格式')],
    version: ['格式版本', literal(FORMAT_VERSION, '当前版本')],
    template: ['评分模板', text],
    year: ['预算年度', integer(2000, 2100)],
    unit: ['单位', object({ name: ['单位全称', text], department: ['主管部门', text] })],
    basicData: ['附件1 基础数据表', basicData],
    overall: ['附件2 整体支出绩效自评表', overall],
    projects: ['附件3 项目支出绩效自评表', array(project, (i) => `第 ${i + 1} 个项目`)],
    otherFunds: [
      '附件4–6',
      object({
        governmentFund: ['附件4 政府性基金预算支出情况表', otherFundTable],
        stateCapital: ['附件5 国有资本经营预算支出情况表', otherFundTable],
        socialInsurance: ['附件6 社会保险基金预算支出情况表', otherFundTable],
      }),
    ],
    report: ['自评报告', report],
    signature: [
      '签字栏',
      object({ unitHead: ['单位负责人', text], filler: ['填表人', text], phone: ['联系电话', text], date: ['填报日期', text] }),
    ],
  },
  '预算单位年度整体支出绩效自评包（jixiao-package v1）。金额单位万元，写成小数文本；空单元格为 null。',
);

export type ParseResult = { ok: true; package: Package } | { ok: false; issues: SchemaIssue[] };

/** Validate an already-parsed JSON value as a package. */
export function parsePackage(input: unknown): ParseResult {
  const result = run(packageSpec, input);
  return result.ok ? { ok: true, package: result.value } : { ok: false, issues: result.issues };
}

/**
 * The package with every decimal cell in its shortest exact text ("797.20" → "797.2", "0.00" → "0"), so
 * that two packages holding the same figures compare equal however the figures were written.
 */
export function canonicalPackage(pkg: Package): Package {
  const result = run(packageSpec, pkg, { canonical: true });
  if (!result.ok) throw new Error(`canonicalPackage needs a valid package: ${result.issues[0]?.path}`);
  return result.value;
}

/** Validate JSON text as a package; malformed JSON gets a Chinese message with line and column. */
export function parsePackageJson(source: string): ParseResult {
  if (source.trim() === '') {
    return { ok: false, issues: [{ path: '（根）', label: '整个文件', message: '文件为空' }] };
  }
  let value: unknown;
  try {
    value = JSON.parse(source.charCodeAt(0) === 0xfeff ? source.slice(1) : source);
  } catch (error) {
    return { ok: false, issues: [{ path: '（根）', label: '整个文件', message: describeJsonError(source, error) }] };
  }
  return parsePackage(value);
}

function describeJsonError(source: string, error: unknown): string {
  const detail = error instanceof Error ? error.message : String(error);
  const match = /position (\d+)/.exec(detail);
  if (!match) return 'JSON 格式错误，文件无法解析';
  const offset = Number(match[1]);
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  const near = source.slice(offset, offset + 12).replace(/\s+/g, ' ');
  return `JSON 格式错误：第 ${line} 行第 ${column} 列附近（“${near}”）无法解析，请检查逗号、引号和括号`;
}

/**
 * A field of a package named as users know it: `basicData.threePublic.reception.actual` →
 * `附件1 基础数据表 › 三公经费 › 3、公务接待 › 本年决算数`. Used for history diffs, comments and messages.
 */
export function fieldLabel(path: string): string {
  const labels = labelsOf(packageSpec as Spec<unknown>, path);
  return labels.length > 0 ? labels.join(' › ') : path;
}

/** The published JSON Schema of the format (draft 2020-12). */
export function packageJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://jixiao.example/schema/jixiao-package-v1.json',
    title: '绩效自评包 jixiao-package v1',
    ...packageSpec.json,
  };
}
