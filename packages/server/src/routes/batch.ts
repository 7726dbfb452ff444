import { STATUS_LABELS, roleMayEver } from '@jixiao/core';
import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../context.js';
import { ApiError, forbidden, notFound } from '../errors.js';
import { EXPORT_FORMATS, type ExportFormat } from '../formats.js';
import { type FieldComment, type PackageRow, actionLabel, authorise, transition, visiblePackage } from '../package-service.js';
import { isInScope } from '../policy.js';
import { hasReopenedPoints } from '../rectification.js';
import { batchResult, errors, job } from '../schemas.js';
import { requireCaller } from './auth.js';

/** Packages one request acts on; the web app sends a larger selection in several requests and shows the progress. */
const BATCH_ACT_LIMIT = 50;
/** Packages one selection export may hold. */
const BATCH_EXPORT_LIMIT = 2000;

type BatchAction = 'approve' | 'return' | 'publish';

interface BatchItem {
  id: string;
  version: number;
  comment?: string;
  fieldComments?: FieldComment[];
}

/**
 * Batch work of reviewers. Each package goes through exactly what its single act does (scope, the
 * version the reviewer saw, core's workflow table, the rectification points) in its own transaction,
 * recorded in its own history; one package that cannot be moved (changed meanwhile, wrong state) is
 * reported with its reason and the others go on. Why a route and not the client looping the single
 * routes: one request carries the reviewer's one decision and reason, the service applies it in
 * order without a browser that may close half-way, and the answer lists every package's outcome.
 */
export function batchRoutes(s: Services): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Body: { action: BatchAction; comment?: string; items: BatchItem[] } }>(
      '/api/batch/acts',
      {
        schema: {
          tags: ['workflow'],
          summary: `批量审核通过、退回或公开（每次至多 ${BATCH_ACT_LIMIT} 个；逐个办理、逐个记入历史，结果逐个列出）`,
          body: {
            type: 'object',
            required: ['action', 'items'],
            properties: {
              action: { type: 'string', enum: ['approve', 'return', 'publish'] },
              comment: { type: 'string', maxLength: 5000, description: '退回：对全部自评包的同一理由（某个自评包另有理由时以其为准）' },
              items: {
                type: 'array',
                minItems: 1,
                maxItems: BATCH_ACT_LIMIT,
                items: {
                  type: 'object',
                  required: ['id', 'version'],
                  properties: {
                    id: { type: 'string', maxLength: 100 },
                    version: { type: 'integer', minimum: 1, description: '审核人所看的版本：已有新版本时该自评包 409，其他照办' },
                    comment: { type: 'string', maxLength: 5000 },
                    fieldComments: {
                      type: 'array',
                      maxItems: 500,
                      items: {
                        type: 'object',
                        required: ['path', 'message'],
                        properties: {
                          path: { type: 'string', maxLength: 300 },
                          message: { type: 'string', minLength: 1, maxLength: 2000 },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          response: { 200: batchResult, ...errors },
        },
      },
      async (request) => {
        const caller = requireCaller(request);
        const { action, items } = request.body;
        if (!roleMayEver(caller.role, action)) throw forbidden(`批量${actionLabel(action)}`);
        const results = [];
        for (const item of items) {
          let row: PackageRow | null = null;
          try {
            row = await visiblePackage(s, caller, item.id);
            await authorise(s, caller, row, action, item.version);
            const comment = (item.comment ?? request.body.comment ?? '').trim();
            const fieldComments = item.fieldComments ?? [];
            if (action === 'return' && !comment && fieldComments.length === 0 && !(await hasReopenedPoints(s.db.kysely, row.id))) {
              throw new ApiError('BAD_REQUEST', '退回时须填写退回理由（总体意见或逐项意见）。');
            }
            const moved = await transition(s, caller, row, action, comment, fieldComments);
            results.push({ ...outcome(moved), ok: true, error: null });
          } catch (error) {
            if (!(error instanceof ApiError)) throw error;
            const known = row && isInScope(caller, s.tree, row.org_id) ? row : null;
            results.push({
              id: item.id,
              orgName: known?.org_name ?? '',
              status: known?.status ?? null,
              statusLabel: known ? STATUS_LABELS[known.status] : '',
              version: known?.version ?? null,
              ok: false,
              error: { code: error.code, status: error.status, message: error.message },
            });
          }
        }
        const succeeded = results.filter((r) => r.ok).length;
        return { results, succeeded, failed: results.length - succeeded };
      },
    );

    app.post<{ Body: { ids: string[]; format: ExportFormat } }>(
      '/api/batch/export',
      {
        schema: {
          tags: ['documents'],
          summary: '批量导出选中的自评包（ZIP，后台任务；进度与下载见 /api/jobs/:id）',
          body: {
            type: 'object',
            required: ['ids', 'format'],
            properties: {
              ids: {
                type: 'array',
                minItems: 1,
                maxItems: BATCH_EXPORT_LIMIT,
                uniqueItems: true,
                items: { type: 'string', maxLength: 100 },
              },
              format: { type: 'string', enum: EXPORT_FORMATS },
            },
          },
          response: { 202: job, ...errors },
        },
      },
      async (request, reply) => {
        const caller = requireCaller(request);
        if (caller.role !== 'dept_reviewer' && caller.role !== 'finance_reviewer') throw forbidden('批量导出');
        const rows = await s.db.kysely
          .selectFrom('packages')
          .select(['id', 'org_id'])
          .where('id', 'in', request.body.ids)
          .where('deleted_at', 'is', null)
          .execute();
        const inScope = new Set(rows.filter((r) => isInScope(caller, s.tree, r.org_id)).map((r) => r.id));
        const missing = request.body.ids.filter((id) => !inScope.has(id));
        if (missing.length > 0) throw notFound(`自评包（选中的 ${missing.length} 个不在您的审核范围内或已删除）`);
        return reply
          .status(202)
          .send(await s.jobs.enqueueExport(caller.userId, { packageIds: request.body.ids, format: request.body.format }));
      },
    );
  };
}

function outcome(row: PackageRow) {
  return {
    id: row.id,
    orgName: row.org_name,
    status: row.status,
    statusLabel: STATUS_LABELS[row.status],
    version: row.version,
  };
}
