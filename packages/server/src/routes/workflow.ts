import { check } from '@jixiao/core';
import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../context.js';
import { ApiError } from '../errors.js';
import { type FieldComment, authorise, detailView, transition, visiblePackage } from '../package-service.js';
import { hasReopenedPoints } from '../rectification.js';
import { errors, packageDetail } from '../schemas.js';
import { tellUnitOfReview } from '../review-notices.js';
import { recordSubmission } from '../tasks.js';
import { requireCaller } from './auth.js';
import { idParams } from './packages.js';

const versionBody = { type: 'object', required: ['version'], properties: { version: { type: 'integer', minimum: 1 } } } as const;

/** 草稿 → 已提交 → 主管部门审核通过 / 退回 → 财政复核通过 / 退回 → 已公开, and re-opening. */
export function workflowRoutes(s: Services): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Params: { id: string }; Body: { version: number } }>(
      '/api/packages/:id/submit',
      {
        schema: {
          tags: ['workflow'],
          summary: '提交审核（单位负责人；有“错误”级问题时拒绝）',
          params: idParams,
          body: versionBody,
          response: { 200: packageDetail, ...errors },
        },
      },
      async (request) => {
        const caller = requireCaller(request);
        const row = await visiblePackage(s, caller, request.params.id);
        await authorise(s, caller, row, 'submit', request.body.version);
        const { findings } = check(row.content);
        const errors = findings.filter((f) => f.severity === '错误');
        if (errors.length > 0) {
          throw new ApiError(
            'HAS_ERRORS',
            `自评包还有 ${errors.length} 个“错误”级问题，修正后才能提交。首个：${errors[0]?.message ?? ''}`,
            { findings },
          );
        }
        const submitted = await transition(s, caller, row, 'submit', '', []);
        await recordSubmission(s, row.id);
        return detailView(s, caller, submitted);
      },
    );

    app.post<{
      Params: { id: string };
      Body: { version: number; decision: 'approve' | 'return'; comment?: string; fieldComments?: FieldComment[] };
    }>(
      '/api/packages/:id/review',
      {
        schema: {
          tags: ['workflow'],
          summary: '审核：通过或退回（部门审核 / 财政审核）',
          params: idParams,
          body: {
            type: 'object',
            required: ['version', 'decision'],
            properties: {
              version: { type: 'integer', minimum: 1 },
              decision: { type: 'string', enum: ['approve', 'return'] },
              comment: { type: 'string', maxLength: 5000 },
              fieldComments: {
                type: 'array',
                maxItems: 500,
                items: {
                  type: 'object',
                  required: ['path', 'message'],
                  properties: { path: { type: 'string', maxLength: 300 }, message: { type: 'string', minLength: 1, maxLength: 2000 } },
                },
              },
            },
          },
          response: { 200: packageDetail, ...errors },
        },
      },
      async (request) => {
        const caller = requireCaller(request);
        const { version, decision } = request.body;
        const comment = request.body.comment?.trim() ?? '';
        const fieldComments = request.body.fieldComments ?? [];
        const row = await visiblePackage(s, caller, request.params.id);
        await authorise(s, caller, row, decision, version);
        // Points the reviewer reopened go back to the unit as they are: they are reasons enough.
        if (decision === 'return' && !comment && fieldComments.length === 0 && !(await hasReopenedPoints(s.db.kysely, row.id))) {
          throw new ApiError('BAD_REQUEST', '退回时须填写退回理由（总体意见或逐项意见）。');
        }
        const reviewed = await transition(s, caller, row, decision, comment, fieldComments);
        await tellUnitOfReview(s, caller, reviewed, decision, comment, fieldComments.length);
        return detailView(s, caller, reviewed);
      },
    );

    app.post<{ Params: { id: string }; Body: { version: number } }>(
      '/api/packages/:id/publish',
      {
        schema: {
          tags: ['workflow'],
          summary: '公开（财政审核）',
          params: idParams,
          body: versionBody,
          response: { 200: packageDetail, ...errors },
        },
      },
      async (request) => {
        const caller = requireCaller(request);
        const row = await visiblePackage(s, caller, request.params.id);
        await authorise(s, caller, row, 'publish', request.body.version);
        return detailView(s, caller, await transition(s, caller, row, 'publish', '', []));
      },
    );

    app.post<{ Params: { id: string }; Body: { version: number; reason: string } }>(
      '/api/packages/:id/reopen',
      {
        schema: {
          tags: ['workflow'],
          summary: '重新打开已通过的自评包（记录理由，回到草稿）',
          params: idParams,
          body: {
            type: 'object',
            required: ['version', 'reason'],
            properties: { version: { type: 'integer', minimum: 1 }, reason: { type: 'string', minLength: 1, maxLength: 5000 } },
          },
          response: { 200: packageDetail, ...errors },
        },
      },
      async (request) => {
        const caller = requireCaller(request);
        const row = await visiblePackage(s, caller, request.params.id);
        await authorise(s, caller, row, 'reopen', request.body.version);
        return detailView(s, caller, await transition(s, caller, row, 'reopen', request.body.reason.trim(), []));
      },
    );
  };
}
