/**
 * Response shapes of the main routes (docs/api.md), for the OpenAPI description at /api/docs/json.
 * Fastify serialises a response with its schema and leaves out properties the schema does not name,
 * so every field a view produces is listed here, and open content (the package `data`, a change's
 * values, error `details`) is declared with `additionalProperties: true` and passes whole.
 * Shared shapes are registered once (`addResponseSchemas`) and referenced as `Name#`.
 */
import type { FastifyInstance } from 'fastify';
import { ERROR_STATUS } from './errors.js';
import { ROLES, STATUSES, WORKFLOW_ACTIONS } from '@jixiao/core';

const string = { type: 'string' } as const;
const nullableString = { type: 'string', nullable: true } as const;
const integer = { type: 'integer' } as const;
const timestamp = { type: 'string', format: 'date-time', description: 'ISO-8601 UTC' } as const;
const status = { type: 'string', enum: STATUSES } as const;

/** A closed object of required properties, its literal shape kept so that types can be derived from it (api-types.ts). */
function object<const P extends Record<string, unknown>>(properties: P) {
  return {
    type: 'object',
    required: Object.keys(properties) as Extract<keyof P, string>[],
    properties,
    additionalProperties: false,
  } as const;
}

const fieldComment = object({ path: { type: 'string', description: '字段路径，如 basicData.staffing.actual' }, message: string });

/** The fields every package view has; the detail adds the content and what the caller may do. */
const summaryProperties = {
  id: string,
  orgId: string,
  orgName: string,
  departmentId: nullableString,
  departmentName: nullableString,
  year: integer,
  status,
  statusLabel: string,
  version: integer,
  updatedAt: timestamp,
  updatedBy: string,
  updatedByName: string,
};

export const SHARED = [
  {
    $id: 'ApiError',
    description: '错误：稳定的 code 与中文 message；details 视错误而定（如 VERSION_CONFLICT 的 current、INVALID_PACKAGE 的 issues）',
    ...object({
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { type: 'string', enum: Object.keys(ERROR_STATUS) },
          message: string,
          details: { type: 'object', additionalProperties: true },
        },
      },
    }),
  },
  {
    $id: 'User',
    ...object({
      id: string,
      username: string,
      displayName: string,
      role: { type: 'string', enum: ROLES },
      roleLabel: string,
      orgId: string,
      orgName: string,
      disabled: { type: 'boolean' },
      mustChangePassword: { type: 'boolean', description: '初始密码（演示或管理员设定）尚未修改：修改前其他操作一律拒绝' },
      email: { ...nullableString, description: '接收提醒邮件的地址（可选）' },
    }),
  },
  { $id: 'FieldComment', ...fieldComment },
  { $id: 'PackageSummary', ...object(summaryProperties) },
  {
    $id: 'PackageDetail',
    ...object({
      ...summaryProperties,
      data: { type: 'object', additionalProperties: true, description: '自评包内容：core 的 jixiao-package v1 JSON（原样传回）' },
      editable: { type: 'boolean' },
      lastReturn: {
        ...object({
          stage: { type: 'string', enum: ['dept', 'finance'] },
          by: string,
          byName: string,
          at: timestamp,
          comment: string,
          fieldComments: { type: 'array', items: { $ref: 'FieldComment' } },
        }),
        nullable: true,
        description: '退回中的自评包的退回理由，否则为 null',
      },
      actions: { type: 'array', items: { type: 'string', enum: WORKFLOW_ACTIONS } },
    }),
  },
  {
    $id: 'Org',
    ...object({
      id: string,
      name: string,
      kind: { type: 'string', enum: ['finance', 'department', 'unit'] },
      kindLabel: string,
      parentId: nullableString,
      disabled: { type: 'boolean', description: '已停用：本组织及下级的账号不能登录' },
    }),
  },
  {
    $id: 'Job',
    ...object({
      id: string,
      kind: { type: 'string', enum: ['export_zip', 'audit', 'open_task'], description: '批量导出、审核、下达任务' },
      status: { type: 'string', enum: ['queued', 'running', 'done', 'failed'] },
      progress: object({ done: integer, total: integer }),
      error: nullableString,
      createdAt: timestamp,
    }),
  },
  {
    $id: 'Change',
    type: 'object',
    required: ['path'],
    properties: { path: string, before: { description: '修改前的值（任意 JSON）' }, after: { description: '修改后的值（任意 JSON）' } },
    additionalProperties: false,
  },
] as const;

/** Registers the shared shapes; call before the routes that reference them. */
export function addResponseSchemas(app: FastifyInstance): void {
  for (const schema of SHARED) app.addSchema(schema);
}

const ref = <const Id extends (typeof SHARED)[number]['$id']>(id: Id) => ({ $ref: id }) as const;

/** The paging properties of a list's querystring: a page of `size` rows by default, at most `max`. */
export const pageQuery = (size: number, max: number) =>
  ({
    limit: { type: 'integer', minimum: 1, maximum: max, default: size },
    offset: { type: 'integer', minimum: 0, default: 0 },
  }) as const;

/** Every error of a route: 4xx and 5xx share the one error shape. */
export const errors = { '4xx': ref('ApiError'), '5xx': ref('ApiError') } as const;

export const session = {
  type: 'object',
  required: ['user', 'csrfToken'],
  properties: {
    user: ref('User'),
    csrfToken: { type: 'string', description: '写请求须放在请求头 x-csrf-token' },
    notice: { type: 'string', description: '登录时给用户的提醒（如上次登录以来的失败尝试次数）；没有则不出现' },
  },
  additionalProperties: false,
} as const;
export const packageList = object({
  packages: { type: 'array', items: ref('PackageSummary') },
  total: { ...integer, description: '符合条件的自评包总数（各页合计）' },
  limit: integer,
  offset: integer,
});
export const packageDetail = ref('PackageDetail');
export const history = object({
  versions: {
    type: 'array',
    items: object({
      version: integer,
      at: timestamp,
      by: string,
      byName: string,
      action: { type: 'string', enum: ['create', 'save', 'restore', 'import', 'import-replace', 'import-merge'] },
      changeCount: integer,
    }),
  },
  events: {
    type: 'array',
    items: object({
      at: timestamp,
      by: string,
      byName: string,
      action: { type: 'string', enum: ['create', 'submit', 'approve', 'return', 'publish', 'reopen', 'delete'] },
      fromStatus: { ...status, nullable: true },
      toStatus: status,
      version: integer,
      comment: string,
      fieldComments: { type: 'array', items: ref('FieldComment') },
    }),
  },
});
export const versionContent = object({
  version: integer,
  at: timestamp,
  by: string,
  byName: string,
  action: { type: 'string', enum: ['create', 'save', 'restore', 'import', 'import-replace', 'import-merge'] },
  data: { type: 'object', additionalProperties: true, description: '该版本的自评包内容（core Package JSON）' },
  changes: { type: 'array', items: ref('Change') },
});
export const org = ref('Org');
const page = {
  total: { ...integer, description: '符合条件的总数（各页合计）' },
  limit: integer,
  offset: integer,
};
export const orgList = object({ orgs: { type: 'array', items: ref('Org') }, ...page });
export const user = ref('User');
export const userList = object({ users: { type: 'array', items: ref('User') }, ...page });
export const job = ref('Job');
export const importPreview = object({
  package: { type: 'object', additionalProperties: true, description: '导入得到的自评包（core Package JSON），未保存' },
  warnings: { type: 'array', items: string },
});
/** What the core's check gives a package: the grade and findings, and the parts it does not hold. */
export const checkResult = object({
  total: { ...nullableString, description: '附件2 总分（按规则计算）；没有附件2 时为 null' },
  grade: { ...nullableString, description: '等级：优 / 良 / 中 / 差' },
  counts: object({ 错误: integer, 警告: integer, 提示: integer }),
  absent: { type: 'array', items: object({ part: string, name: string }), description: '包中没有的部分（不作检查）' },
  findings: {
    type: 'array',
    items: object({
      ruleId: string,
      severity: { type: 'string', enum: ['错误', '警告', '提示'] },
      message: string,
      location: { type: 'object', additionalProperties: true, description: '所在部分、字段路径、行与列' },
    }),
  },
});

export const health = object({ ok: { type: 'boolean' }, database: { type: 'string', enum: ['sqlite', 'postgres'] } });

/** The log of administrative acts, newest first. */
export const adminLog = object({
  entries: {
    type: 'array',
    items: object({
      at: timestamp,
      by: string,
      action: string,
      actionLabel: string,
      target: string,
      detail: { type: 'object', additionalProperties: true },
    }),
  },
});

/** What a region import does (preview) or did (applied), row by row. */
export const regionPlan = object({
  applied: { type: 'boolean' },
  errors: integer,
  orgs: {
    type: 'array',
    items: object({ name: string, kind: { type: 'string', enum: ['finance', 'department', 'unit'] }, parent: string, status: string }),
  },
  accounts: {
    type: 'array',
    items: object({
      row: string,
      username: string,
      displayName: string,
      role: { type: 'string', enum: ROLES, nullable: true },
      roleLabel: string,
      org: string,
      department: string,
      status: string,
      message: string,
      password: { type: 'string', description: '初始密码：只在执行导入时返回一次；预览时为空' },
      email: { type: 'string', description: '提醒邮件地址（可选列“邮箱”）；没有时为空' },
    }),
  },
});

/** The rectification loop of a package: each point of its returns, the exchange on it, the changes since the return. */
export const rectification = object({
  points: {
    type: 'array',
    items: object({
      id: string,
      stage: { type: 'string', enum: ['dept', 'finance'], description: '提出意见的审核环节' },
      path: { ...nullableString, description: '意见所在字段的路径；总体意见为 null' },
      message: string,
      ordinal: { ...integer, description: '在该次退回中的序号' },
      version: { ...integer, description: '退回时自评包的版本' },
      at: timestamp,
      by: string,
      byName: string,
      state: { type: 'string', enum: ['open', 'answering', 'done', 'accepted', 'reopened'] },
      stateLabel: string,
      entries: {
        type: 'array',
        description: '答复与确认，按时间先后；只增不改',
        items: object({
          kind: { type: 'string', enum: ['answer', 'accept', 'reopen'] },
          text: string,
          done: { type: 'boolean', description: '单位答复时是否标记“已整改”' },
          version: integer,
          at: timestamp,
          by: string,
          byName: string,
        }),
      },
      changeCount: { ...integer, description: '最近一次退回以来该意见所在字段（总体意见：全部字段）的修改数' },
      changes: { type: 'array', items: ref('Change'), description: '这些修改（至多 200 条）' },
    }),
  },
  mayAnswer: { type: 'boolean', description: '调用者现在可以答复（单位，退回后）' },
  mayDecide: { type: 'boolean', description: '调用者现在可以确认或重新打开（轮到其审核时）' },
  decidingStage: { type: 'string', enum: ['dept', 'finance'], nullable: true },
});

/** The outcome of a batch act, package by package: each moved or refused on its own. */
export const batchResult = object({
  results: {
    type: 'array',
    items: object({
      id: string,
      orgName: { ...string, description: '预算单位；不在调用者范围内时为空' },
      status: { ...status, nullable: true, description: '办理后（或未办理时当前）的状态' },
      statusLabel: string,
      version: { ...integer, nullable: true },
      ok: { type: 'boolean' },
      error: {
        ...object({ code: string, status: { ...integer, description: '单独办理时的 HTTP 状态，如 409' }, message: string }),
        nullable: true,
      },
    }),
  },
  succeeded: integer,
  failed: integer,
});

/** Rates in percent and amounts in 万元 as exact decimal text; null where no unit states them. */
const keyFigures = object({
  threePublicRate: { ...nullableString, description: '三公经费控制率（%）：决算合计 ÷ 预算合计 × 100' },
  executionRate: { ...nullableString, description: '年度预算执行率（%）：执行数合计 ÷ 全年预算数合计 × 100' },
  publicFunds: { ...nullableString, description: '公用经费决算数合计（万元）' },
});
const grade = { type: 'string', enum: ['优', '良', '中', '差'] } as const;

/** The region (or department) overview of a year: every count has a drill-down in /api/overview/units. */
export const overview = object({
  year: integer,
  previousYear: integer,
  scope: object({ id: string, name: string, kind: { type: 'string', enum: ['finance', 'department', 'unit'] } }),
  units: { ...integer, description: '范围内的预算单位数' },
  packages: { ...integer, description: '本年度已建自评包数' },
  byStatus: { type: 'array', items: object({ status, label: string, count: integer }) },
  departments: {
    type: 'array',
    items: object({
      id: nullableString,
      name: string,
      units: integer,
      packages: integer,
      missing: { ...integer, description: '尚未新建本年度自评包的单位数' },
      byStatus: object(Object.fromEntries(STATUSES.map((s) => [s, integer])) as Record<(typeof STATUSES)[number], typeof integer>),
      overdue: { ...integer, description: '已过提交截止日期仍未提交的单位数' },
      reviewOverdue: { ...integer, description: '已过部门审核截止日期仍待部门审核的单位数' },
      financeOverdue: { ...integer, description: '已过财政审核截止日期仍待财政审核或公开的单位数' },
    }),
  },
  overdue: object({
    configured: { type: 'boolean', description: '是否已有任务设定提交截止日期' },
    count: { ...integer, description: '已过提交截止日期仍未提交的单位数' },
  }),
  reviewOverdue: object({
    configured: { type: 'boolean', description: '是否已有任务（任务均设定部门审核截止日期）' },
    count: { ...integer, description: '已过部门审核截止日期、自评包仍为“已提交”的单位数' },
  }),
  financeOverdue: object({
    configured: { type: 'boolean', description: '是否已有任务设定财政审核截止日期' },
    count: { ...integer, description: '已过财政审核截止日期、仍待财政审核或公开的单位数' },
  }),
  scores: object({
    bands: { type: 'array', items: object({ min: integer, label: string, count: integer }) },
    grades: { type: 'array', items: object({ grade, count: integer }) },
    unscored: { ...integer, description: '没有附件2、无法计算总分的自评包数' },
  }),
  withErrors: { ...integer, description: '仍有未解决“错误”的单位数' },
  recurring: {
    type: 'array',
    items: object({
      rule: string,
      severity: { type: 'string', enum: ['错误', '警告', '提示'] },
      description: string,
      units: { ...integer, description: '出现该问题的单位数' },
      findings: { ...integer, description: '该问题出现的次数' },
    }),
  },
  yoy: object({
    compared: { ...integer, description: '两个年度都有总分的单位数' },
    up: integer,
    down: integer,
    same: integer,
    figures: object({ current: keyFigures, previous: keyFigures }),
  }),
});

/** The units behind an overview figure, a page at a time, each with its score and key figures of both years. */
export const overviewUnits = object({
  units: {
    type: 'array',
    items: object({
      orgId: string,
      orgName: string,
      departmentName: nullableString,
      packageId: nullableString,
      status: { ...status, nullable: true },
      statusLabel: string,
      total: nullableString,
      grade: { ...grade, nullable: true },
      errors: integer,
      warnings: integer,
      hints: integer,
      previousTotal: nullableString,
      change: { ...nullableString, description: '总分较上年的变化（本年 − 上年）' },
      figures: keyFigures,
      previousFigures: keyFigures,
    }),
  },
  total: integer,
  limit: integer,
  offset: integer,
});
