import { TEMPLATES } from '@jixiao/core';
import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../context.js';
import { notFound } from '../errors.js';
import { visiblePackage } from '../package-service.js';
import { isInScope } from '../policy.js';
import { errors } from '../schemas.js';
import { packageTask, taskDetail, taskList, taskOpened, taskScope } from '../task-schemas.js';
import { type TaskInput, listTasks, openTask, retryOpening, taskDetail as detailOf, taskOfPackage } from '../tasks.js';
import { requireCaller } from './auth.js';
import { idParams } from './packages.js';

const YEAR = { type: 'integer', minimum: 2000, maximum: 2100 } as const;
const DAY = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD（北京时间）' } as const;

/** The finance bureau's tasks: open one for a set of units, follow the progress, a package's own task. */
export function taskRoutes(s: Services): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Body: TaskInput }>(
      '/api/tasks',
      {
        schema: {
          tags: ['tasks'],
          summary:
            '下达年度自评任务（财政审核）：记录任务并在后台为所选单位新建自评包（有上年的沿用上年）、通知单位与主管部门；进度见任务的 opening 与 GET /api/jobs/:id',
          body: {
            type: 'object',
            required: ['year', 'template', 'submitDue', 'reviewDue', 'scope'],
            properties: {
              year: YEAR,
              template: { type: 'string', enum: Object.keys(TEMPLATES) },
              submitDue: DAY,
              reviewDue: DAY,
              financeDue: { ...DAY, description: '财政审核（审核与公开）截止日期，可选，不早于部门审核截止日期' },
              note: { type: 'string', maxLength: 2000, default: '' },
              scope: taskScope,
            },
          },
          response: { 202: taskOpened, ...errors },
        },
      },
      async (request, reply) => {
        const caller = requireCaller(request);
        // 202: the task is recorded, its units are taken by the job it names.
        return reply.status(202).send(await openTask(s, caller, { ...request.body, note: request.body.note ?? '' }));
      },
    );

    app.post<{ Params: { id: string } }>(
      '/api/tasks/:id/retry',
      {
        schema: {
          tags: ['tasks'],
          summary: '重试下达（财政审核）：任务的后台下达失败后再次排队，已建立的单位不重复建立；任务正在下达或已下达时为 409 INVALID_STATE',
          params: idParams,
          response: { 202: taskOpened, ...errors },
        },
      },
      async (request, reply) => reply.status(202).send(await retryOpening(s, requireCaller(request), request.params.id)),
    );

    app.get<{ Querystring: { year?: number } }>(
      '/api/tasks',
      {
        schema: {
          tags: ['tasks'],
          summary: '自评任务及按主管部门的进度（调用者范围内的单位）',
          querystring: { type: 'object', properties: { year: YEAR } },
          response: { 200: taskList, ...errors },
        },
      },
      async (request) => listTasks(s, requireCaller(request), request.query.year),
    );

    app.get<{ Params: { id: string } }>(
      '/api/tasks/:id',
      {
        schema: {
          tags: ['tasks'],
          summary: '一项任务的各单位：状态、首次提交时间、是否逾期',
          params: idParams,
          response: { 200: taskDetail, ...errors },
        },
      },
      async (request) => detailOf(s, requireCaller(request), request.params.id),
    );

    app.get<{ Params: { id: string } }>(
      '/api/packages/:id/task',
      {
        schema: {
          tags: ['tasks'],
          summary: '自评包所属的任务：截止日期与剩余天数、是否逾期',
          params: idParams,
          response: { 200: packageTask, ...errors },
        },
      },
      async (request) => {
        const caller = requireCaller(request);
        const row = await visiblePackage(s, caller, request.params.id);
        // The working side: a published package's visitors see no task.
        if (!isInScope(caller, s.tree, row.org_id)) throw notFound('自评包');
        return { task: await taskOfPackage(s, row.id) };
      },
    );
  };
}
