import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../context.js';
import { notFound } from '../errors.js';
import { errors } from '../schemas.js';
import { noticeList } from '../task-schemas.js';
import { requireCaller } from './auth.js';
import { idParams } from './packages.js';

/** Each user's own notices (the bell): read them, mark them read. */
export function noticeRoutes(s: Services): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: { limit: number } }>(
      '/api/notices',
      {
        schema: {
          tags: ['notices'],
          summary: '我的通知（最新在前）与未读数',
          querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 200, default: 30 } } },
          response: { 200: noticeList, ...errors },
        },
      },
      async (request) => s.notices.list(requireCaller(request).userId, request.query.limit ?? 30),
    );

    app.post<{ Params: { id: string } }>(
      '/api/notices/:id/read',
      {
        schema: {
          tags: ['notices'],
          summary: '标记一条通知为已读',
          params: idParams,
          response: { 204: { type: 'null', description: '已标记' }, ...errors },
        },
      },
      async (request, reply) => {
        const caller = requireCaller(request);
        if (!(await s.notices.markRead(caller.userId, request.params.id))) throw notFound('通知');
        return reply.status(204).send();
      },
    );

    app.post(
      '/api/notices/read-all',
      {
        schema: {
          tags: ['notices'],
          summary: '全部标记为已读',
          response: { 204: { type: 'null', description: '已标记' }, ...errors },
        },
      },
      async (request, reply) => {
        await s.notices.markAllRead(requireCaller(request).userId);
        return reply.status(204).send();
      },
    );
  };
}
