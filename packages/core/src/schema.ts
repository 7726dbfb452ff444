/**
 * The package format as a schema, built from the forms: validation with Chinese messages that name
 * each field by its form label, `fieldLabel`, and the published JSON Schema.
 */
import {
  BASIC_DATA_FORM,
  BUILDINGS,
  FUND_SOURCES,
  FUNDS_COLUMNS,
  FUNDS_TOTAL,
  GOALS,
  INDICATOR_COLUMNS,
  OTHER_FUNDS,
  OTHER_FUND_COLUMNS,
  OVERALL_FORM,
  PROJECT_FORM,
  OVERALL_LAYOUT_IDS,
  PROJECT_LAYOUTS,
  type OverallLayoutId,
  REPORT_FORM,
  SIGNATURE_FIELDS,
  STAFFING,
  TOTAL_ROW,
  YEAR_COLUMNS,
  type BasicDataFormSpec,
} from './forms/index.js';
import type {
  BasicData,
  Buildings,
  FundSourceRow,
  FundsLine,
  Indicator,
  NamedYearRow,
  OtherFundTable,
  OverallEvaluation,
  Package,
  ProjectEvaluation,
  Report,
  ReportSection,
  RowLines,
  Signature,
  Staffing,
  UncertainFigures,
  ScoreOverride,
  YearRow,
  YearRows,
} from './model.js';
import { FORMAT_ID, FORMAT_VERSION, QUALITATIVE_LEVELS } from './model.js';
import {
  array,
  boolean,
  cell,
  decimal,
  integer,
  labelsOf,
  literal,
  nullable,
  object,
  optional,
  oneOf,
  partial,
  run,
  text,
  withDefault,
  type Fields,
  type SchemaIssue,
  type Spec,
} from './schema-dsl.js';
import { upgradePackage } from './upgrade.js';

export type { SchemaIssue } from './schema-dsl.js';

/** The fields of a form, as [label, spec] pairs of the schema language. */
function fieldsOf<K extends string, V>(
  specs: readonly { key: K; label: string }[],
  spec: Spec<V>,
): { [P in K]: readonly [string, Spec<V>] } {
  return Object.fromEntries(specs.map((s) => [s.key, [s.label, spec] as const])) as { [P in K]: readonly [string, Spec<V>] };
}

const rowLabel = (i: number) => `第 ${i + 1} 行`;

/** A total row: the three columns, and what a source printed where the template computes the total. */
const yearRow = object<YearRow>({
  ...fieldsOf(YEAR_COLUMNS, cell),
  declared: [
    '原表填报的合计（与组成部分之和不同）',
    optional(partial<Required<NonNullable<YearRow['declared']>>>(fieldsOf(YEAR_COLUMNS, decimal))),
  ],
});

const namedYearRow = object<NamedYearRow>({ name: ['名称', text], ...fieldsOf(YEAR_COLUMNS, cell) });

const staffing = object<Staffing>({
  authorized: [STAFFING.fields[0].label, cell],
  actual: [STAFFING.fields[1].label, cell],
  declared: ['表中填报的控制率', object({ controlRate: [STAFFING.fields[2].label, nullable(text)] })],
});

const [approvedArea, actualArea, scaleRate, budgetInvestment, actualInvestment, investmentRate] = BUILDINGS.fields;
const buildings = object<Buildings>({
  approvedArea: [approvedArea.label, cell],
  actualArea: [actualArea.label, cell],
  budgetInvestment: [budgetInvestment.label, cell],
  actualInvestment: [actualInvestment.label, cell],
  declared: [
    '表中填报的控制率',
    object({ scaleControlRate: [scaleRate.label, nullable(text)], investmentControlRate: [investmentRate.label, nullable(text)] }),
  ],
});

function basicDataSpec(form: BasicDataFormSpec): Spec<BasicData> {
  const rows = partial<YearRows>(Object.fromEntries(form.rows.map((row) => [row.id, [row.label, yearRow]])) as unknown as Fields<YearRows>);
  const lines = partial<RowLines>(
    Object.fromEntries(
      form.rows.filter((row) => row.lines).map((row) => [row.id, [`${row.label}明细`, array(namedYearRow, rowLabel)]]),
    ) as unknown as Fields<RowLines>,
  );
  return object<BasicData>({
    unitName: [BASIC_DATA_FORM.unitName.label, text],
    staffing: [STAFFING.label, nullable(staffing)],
    rows: ['经费控制情况', rows],
    lines: ['明细行', lines],
    buildings: [BUILDINGS.label, nullable(buildings)],
    frugalityMeasures: [BASIC_DATA_FORM.frugality.label, text],
  });
}

const [initialBudget, fullYearBudget, executed, weight, executionRate, score] = FUNDS_COLUMNS;

const fundsLine = object<FundsLine>({
  initialBudget: [initialBudget.label, cell],
  fullYearBudget: [fullYearBudget.label, cell],
  executed: [executed.label, cell],
  weight: [weight.label, cell],
  declared: [
    '表中填报的执行率与得分',
    object({ executionRate: [executionRate.label, nullable(text)], score: [score.label, nullable(text)] }),
  ],
});

const fundSource = object<FundSourceRow>({
  kind: ['资金来源', oneOf(FUND_SOURCES.map((s) => s.kind))],
  initialBudget: [initialBudget.label, cell],
  fullYearBudget: [fullYearBudget.label, cell],
  executed: [executed.label, cell],
  declared: ['表中填报的执行率', object({ executionRate: [executionRate.label, nullable(text)] })],
});

const indicatorLabel = (key: (typeof INDICATOR_COLUMNS)[number]['key']) => INDICATOR_COLUMNS.find((c) => c.key === key)?.label ?? key;

const indicator = object<Indicator>({
  level1: [indicatorLabel('level1'), text],
  level2: [indicatorLabel('level2'), text],
  name: [indicatorLabel('name'), text],
  target: [indicatorLabel('target'), text],
  actual: [indicatorLabel('actual'), text],
  weight: [indicatorLabel('weight'), cell],
  score: [indicatorLabel('score'), cell],
  deviation: [indicatorLabel('deviation'), text],
  level: ['定性评价等级', nullable(oneOf(QUALITATIVE_LEVELS))],
  notApplicable: ['不适用', boolean],
  override: [
    '调整得分',
    optional(object<ScoreOverride>({ score: ['调整后得分', decimal], reason: ['调整理由', text] }, '单位不采用公式得分时填写的得分与理由')),
  ],
});

const indicators = array(indicator, (i) => `第 ${i + 1} 个指标`);
const goals = object({ expected: [GOALS.expected.label, text], actual: [GOALS.actual.label, text] });
const declaredTotal = object({ weight: [weight.label, nullable(text)], score: [score.label, nullable(text)] });

const overall = object<OverallEvaluation>({
  unitName: [OVERALL_FORM.unitName.label, text],
  funds: [FUNDS_TOTAL.label, fundsLine],
  byIncome: [OVERALL_FORM.byIncome.label, object(fieldsOf(OVERALL_FORM.byIncome.fields, cell))],
  byExpense: [OVERALL_FORM.byExpense.label, object(fieldsOf(OVERALL_FORM.byExpense.fields, cell))],
  declaredSplit: [
    '表中填报的分项合计',
    object({ byIncome: [OVERALL_FORM.byIncome.label, nullable(text)], byExpense: [OVERALL_FORM.byExpense.label, nullable(text)] }),
  ],
  goals: [GOALS.label, goals],
  indicators: ['绩效指标', indicators],
  declaredTotal: [TOTAL_ROW.label, nullable(declaredTotal)],
});

const project = object<ProjectEvaluation>({
  name: [PROJECT_FORM.name_.label, text],
  department: [PROJECT_FORM.department.label, text],
  implementer: [PROJECT_FORM.implementer.label, text],
  manager: [PROJECT_FORM.manager.label, text],
  funds: [FUNDS_TOTAL.label, fundsLine],
  fundSources: ['资金来源', array(fundSource, rowLabel)],
  goals: [GOALS.label, goals],
  indicators: ['绩效指标', indicators],
  declaredTotal: [TOTAL_ROW.label, nullable(declaredTotal)],
  remarks: ['其他栏目', array(object({ label: ['栏目', text], text: ['内容', text] }), rowLabel)],
});

const otherFundTable = object<OtherFundTable>({
  rows: [
    '明细',
    array(
      object({
        name: [OTHER_FUND_COLUMNS[0].label, text],
        budget: [OTHER_FUND_COLUMNS[1].label, cell],
        actual: [OTHER_FUND_COLUMNS[2].label, cell],
      }),
      rowLabel,
    ),
  ],
  note: ['说明', text],
});

const uncertainFigures = object<UncertainFigures>({
  path: ['位置', text],
  label: ['行', text],
  values: ['原文数值', array(text, (i) => `第 ${i + 1} 个`)],
  columns: ['可能的列', array(text, (i) => `第 ${i + 1} 个`)],
});

const report = object<Report>({
  cover: ['封面', object({ title: ['标题', text], unitName: [REPORT_FORM.coverUnit.label, text], date: ['日期', text] })],
  // Added after version 2 was published: packages written before have no opening paragraphs.
  opening: [
    REPORT_FORM.opening.label,
    withDefault(
      array(text, (i) => `第 ${i + 1} 段`),
      () => [],
    ),
  ],
  sections: [
    '正文',
    array(
      object<ReportSection>({
        heading: ['标题', text],
        paragraphs: ['段落', array(text, (i) => `第 ${i + 1} 段`)],
        // Added after version 2 was published: packages written before say nothing here.
        explanation: ['单位说明', withDefault(text, () => '')],
        acceptedDraft: [
          '已采纳的生成文字',
          withDefault(
            array(text, (i) => `第 ${i + 1} 句`),
            () => [],
          ),
        ],
      }),
      (i) => `第 ${i + 1} 部分`,
    ),
  ],
  attachmentList: ['附件目录', array(text, rowLabel)],
});

const signature = object<Signature>(fieldsOf(SIGNATURE_FIELDS, text));

/** The whole package format for a set of forms (tests build one with a form of their own). */
export function packageSpecFor(forms: { basicData: BasicDataFormSpec }): Spec<Package> {
  return object<Package>(
    {
      format: ['格式标识', literal(FORMAT_ID, '绩效自评包格式')],
      version: ['格式版本', literal(FORMAT_VERSION, '当前版本')],
      template: ['评分模板', text],
      layout: [
        '表式',
        object({
          project: ['附件3 表式', oneOf(PROJECT_LAYOUTS.map((l) => l.id))],
          // Packages written before 附件2 had layouts hold the national one.
          overall: ['附件2 表式', withDefault(oneOf(OVERALL_LAYOUT_IDS), (): OverallLayoutId => 'national')],
        }),
      ],
      year: ['预算年度', integer(2000, 2100)],
      unit: ['单位', object({ name: ['单位全称', text], department: [PROJECT_FORM.department.label, text] })],
      basicData: [`${BASIC_DATA_FORM.part} 基础数据表`, nullable(basicDataSpec(forms.basicData))],
      overall: [`${OVERALL_FORM.part} 整体支出绩效自评表`, nullable(overall)],
      projects: [`${PROJECT_FORM.part} ${PROJECT_FORM.name}`, nullable(array(project, (i) => `第 ${i + 1} 个项目`))],
      otherFunds: [
        '附件4–6',
        object(
          Object.fromEntries(
            OTHER_FUNDS.map((fund) => [fund.key, [`${fund.part} ${fund.fund}支出情况表`, nullable(otherFundTable)] as const]),
          ) as Fields<Package['otherFunds']>,
        ),
      ],
      report: [REPORT_FORM.name, nullable(report)],
      signature: ['签字栏', signature],
      uncertain: ['未能确定的数值', array(uncertainFigures, (i) => `第 ${i + 1} 行`)],
    },
    '预算单位年度整体支出绩效自评包（jixiao-package v2）。金额单位万元，写成小数文本；空单元格为 null；源材料中没有的部分为 null。',
  );
}

export const packageSpec: Spec<Package> = packageSpecFor({ basicData: BASIC_DATA_FORM });

export type ParseResult = { ok: true; package: Package } | { ok: false; issues: SchemaIssue[] };

/** Validate an already-parsed JSON value as a package; a version 1 package is upgraded first. */
export function parsePackage(input: unknown, spec: Spec<Package> = packageSpec): ParseResult {
  const result = run(spec, upgradePackage(input));
  return result.ok ? { ok: true, package: result.value } : { ok: false, issues: result.issues };
}

/**
 * A package as the service stored it (valid when stored), read in today's format: a version 1 package
 * upgraded, and fields added to the format since it was stored filled in with their defaults (a report
 * stored before it had opening paragraphs has none). `asStored` is false where reading changed it, so
 * that a diff from it is not taken to rebuild the stored text. Content that no longer validates is
 * returned as stored (upgraded), for the caller to show rather than lose.
 */
export function readStoredPackage(stored: unknown): { package: Package; asStored: boolean } {
  const upgraded = upgradePackage(stored);
  const result = run(packageSpec, upgraded);
  if (!result.ok) return { package: upgraded as Package, asStored: upgraded === stored };
  return { package: result.value, asStored: upgraded === stored && !result.defaulted };
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
 * A field of a package named as users know it: `basicData.rows.reception.actual` →
 * `附件1 基础数据表 › 经费控制情况 › 公务接待 › 本年决算数`. Used for history diffs, comments and messages.
 */
export function fieldLabel(path: string, spec: Spec<Package> = packageSpec): string {
  const labels = labelsOf(spec as Spec<unknown>, path);
  return labels.length > 0 ? labels.join(' › ') : path;
}

/** The published JSON Schema of the format (draft 2020-12). */
export function packageJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://jixiao.example/schema/jixiao-package-v2.json',
    title: '绩效自评包 jixiao-package v2',
    ...packageSpec.json,
  };
}
