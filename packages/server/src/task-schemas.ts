/** Response shapes of the tasks and notices routes (routes/tasks.ts, routes/notices.ts); see schemas.ts for the conventions. */
import { STATUSES } from '@jixiao/core';
import { job } from './schemas.js';

const string = { type: 'string' } as const;
const nullableString = { type: 'string', nullable: true } as const;
const integer = { type: 'integer' } as const;
const boolean = { type: 'boolean' } as const;
const timestamp = { type: 'string', format: 'date-time', description: 'ISO-8601 UTC' } as const;
const day = { type: 'string', format: 'date', description: 'YYYY-MM-DD（北京时间的日历日，当日内均不算逾期）' } as const;

function object<const P extends Record<string, unknown>>(properties: P) {
  return {
    type: 'object',
    required: Object.keys(properties) as Extract<keyof P, string>[],
    properties,
    additionalProperties: false,
  } as const;
}

/** The scope a task was opened for, as asked. */
export const taskScope = {
  type: 'object',
  required: ['kind'],
  properties: {
    kind: { type: 'string', enum: ['all', 'department', 'units'] },
    departmentId: { type: 'string', maxLength: 100, description: 'kind 为 department 时必填' },
    unitIds: {
      type: 'array',
      minItems: 1,
      maxItems: 20000,
      items: { type: 'string', maxLength: 100 },
      description: 'kind 为 units 时必填',
    },
  },
  additionalProperties: false,
  description: '范围：全部单位（all）、一个主管部门的所属单位（department）、所列单位（units）',
} as const;

const counts = {
  units: { ...integer, description: '任务中的单位数' },
  submitted: { ...integer, description: '已提交（首次提交已记录）' },
  late: { ...integer, description: '逾期提交' },
  overdue: { ...integer, description: '已过提交截止日期仍未提交' },
  awaitingReview: { ...integer, description: '已提交、待部门审核' },
  reviewOverdue: { ...integer, description: '已过部门审核截止日期仍待审核' },
  returned: { ...integer, description: '退回修改中' },
  reviewed: { ...integer, description: '部门审核已通过（含财政复核、公开）' },
  financeOverdue: { ...integer, description: '已过财政审核截止日期仍待财政审核或公开' },
} as const;

const taskHead = {
  id: string,
  year: integer,
  template: string,
  templateName: string,
  submitDue: day,
  reviewDue: day,
  submitDaysLeft: { ...integer, description: '距提交截止的天数：当日为 0，逾期为负' },
  reviewDaysLeft: { ...integer, description: '距部门审核截止的天数' },
  submitDueText: { ...string, description: '如“还有 12 天”“今天截止”“已逾期 2 天”' },
  reviewDueText: string,
  financeDue: { ...day, nullable: true, description: '财政审核（审核与公开）截止日期；未设置时为 null' },
  financeDaysLeft: { ...integer, nullable: true },
  financeDueText: nullableString,
  note: string,
  scope: { type: 'object', additionalProperties: true, description: '下达时选择的范围' },
  orgName: { ...string, description: '下达任务的财政部门' },
  createdAt: timestamp,
  createdByName: string,
} as const;

const progress = {
  type: 'array',
  description: '按主管部门的进度（仅调用者范围内的单位）',
  items: object({ departmentId: nullableString, departmentName: string, ...counts }),
} as const;

/** Where the taking of the task's units (a background job) stands. */
const opening = {
  ...object({
    state: { type: 'string', enum: ['opening', 'opened', 'failed'], description: '下达中、已下达、下达失败' },
    jobId: string,
    done: { ...integer, description: '已处理的单位数' },
    total: { ...integer, description: '范围内的单位数' },
    text: { ...string, description: '如“正在下达：312 / 504 个单位”' },
    error: nullableString,
    summary: {
      ...object({
        created: { ...integer, description: '新建的自评包数' },
        carriedOver: { ...integer, description: '其中沿用上年自评包的数目' },
        linked: { ...integer, description: '单位已有该年度自评包、直接纳入任务的数目' },
        skipped: { ...integer, description: '已在该年度其他任务中的单位数（不重复下达）' },
      }),
      nullable: true,
      description: '下达完成后的结果',
    },
  }),
  nullable: true,
  description: '下达的进度；在下达改为后台处理之前下达的任务为 null',
} as const;

export const task = object({ ...taskHead, opening, progress, totals: object(counts) });
export const taskList = object({ tasks: { type: 'array', items: task } });
export const taskDetail = object({
  ...taskHead,
  opening,
  progress,
  totals: object(counts),
  units: {
    type: 'array',
    items: object({
      orgId: string,
      orgName: string,
      departmentId: nullableString,
      departmentName: string,
      packageId: { ...nullableString, description: '单位删除了草稿时为 null' },
      status: { type: 'string', enum: STATUSES },
      statusLabel: string,
      submittedAt: { ...nullableString, format: 'date-time', description: '首次提交时间' },
      late: { ...boolean, description: '首次提交晚于提交截止日期' },
      overdue: { ...boolean, description: '已过提交截止日期仍未提交' },
      reviewOverdue: { ...boolean, description: '已过部门审核截止日期仍待审核' },
      financeOverdue: { ...boolean, description: '已过财政审核截止日期仍待财政审核或公开' },
    }),
  },
});
export const taskOpened = object({
  task,
  /** Taking the units: its progress at GET /api/jobs/:id, what it did in the task's `opening`. */
  job,
});
export const packageTask = object({
  task: {
    ...object({
      ...taskHead,
      submittedAt: { ...nullableString, format: 'date-time' },
      late: boolean,
      overdue: boolean,
    }),
    nullable: true,
    description: '自评包所属的任务；没有任务时为 null',
  },
});

export const noticeList = object({
  unread: { ...integer, description: '未读通知数' },
  notices: {
    type: 'array',
    items: object({
      id: string,
      kind: { type: 'string', enum: ['task_opened', 'returned', 'approved', 'due_soon', 'overdue'] },
      kindLabel: string,
      title: string,
      body: string,
      packageId: nullableString,
      taskId: nullableString,
      createdAt: timestamp,
      read: boolean,
      emailed: { ...boolean, description: '已发送邮件' },
    }),
  },
});
