/** Administration beyond single records: the log of administrative acts and the bulk import of a region. */
import type { FastifyPluginAsync } from 'fastify';
import { ADMIN_ACTION_LABELS } from '../admin-log.js';
import type { Services } from '../context.js';
import { forbidden } from '../errors.js';
import { applyRegion, planRegion } from '../region-import.js';
import { adminLog, errors, regionPlan } from '../schemas.js';
import { requireCaller } from './auth.js';
import { uploadQuery, uploadedBytes } from './uploads.js';

export function adminRoutes(s: Services): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: { limit?: number } }>(
      '/api/admin/log',
      {
        schema: {
          tags: ['users'],
          summary: '管理操作记录（管理员；新的在前）',
          querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 1000 } } },
          response: { 200: adminLog, ...errors },
        },
      },
      async (request) => {
        const caller = requireCaller(request);
        if (caller.role !== 'admin') throw forbidden('查看管理操作记录');
        const rows = await s.db.kysely
          .selectFrom('admin_log')
          .innerJoin('users', 'users.id', 'admin_log.user_id')
          .select(['admin_log.at', 'admin_log.action', 'admin_log.target', 'admin_log.detail', 'users.display_name'])
          .orderBy('admin_log.at', 'desc')
          .limit(request.query.limit ?? 200)
          .execute();
        return {
          entries: rows.map((r) => ({
            at: r.at,
            by: r.display_name,
            action: r.action,
            actionLabel: ADMIN_ACTION_LABELS[r.action],
            target: r.target,
            detail: JSON.parse(r.detail) as Record<string, unknown>,
          })),
        };
      },
    );

    app.post<{ Querystring: { filename: string; apply?: boolean }; Body: Buffer }>(
      '/api/admin/region-import',
      {
        bodyLimit: 5 * 1024 * 1024,
        schema: {
          tags: ['users'],
          summary: '从 XLSX / CSV 批量导入单位和账号（apply=false 预览，apply=true 执行）；请求体为文件字节',
          querystring: uploadQuery({ apply: { type: 'boolean' } }),
          response: { 200: regionPlan, ...errors },
        },
      },
      async (request) => {
        const caller = requireCaller(request);
        if (caller.role !== 'admin') throw forbidden('批量导入单位和账号');
        const plan = await planRegion(s, caller, new Uint8Array(uploadedBytes(request.body, '单位和账号表')), request.query.filename);
        if (!request.query.apply) {
          // The preview never shows a password: they are shown once, when the accounts are made.
          return { ...plan, applied: false, accounts: plan.accounts.map((a) => ({ ...a, password: '' })) };
        }
        return { ...(await applyRegion(s, caller, plan)), applied: true };
      },
    );
  };
}
