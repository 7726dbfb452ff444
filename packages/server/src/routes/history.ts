import type { Change, Package } from '@jixiao/core';
import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../context.js';
import { forbidden, notFound } from '../errors.js';
import { storedVersion } from '../history-store.js';
import { type FieldComment, authorise, detailView, saveContent, visiblePackage } from '../package-service.js';
import type { Caller } from '../policy.js';
import { isInScope } from '../policy.js';
import { errors, history, packageDetail, versionContent } from '../schemas.js';
import { requireCaller } from './auth.js';
import { idParams } from './packages.js';

const versionParams = {
  type: 'object',
  required: ['id', 'version'],
  properties: { id: { type: 'string', maxLength: 100 }, version: { type: 'integer', minimum: 1 } },
} as const;

/** The append-only history: every content version with its diff, every workflow act; restore. */
export function historyRoutes(s: Services): FastifyPluginAsync {
  async function workingPackage(caller: Caller, id: string) {
    const row = await visiblePackage(s, caller, id);
    if (!isInScope(caller, s.tree, row.org_id)) throw forbidden('查看该自评包的历史');
    return row;
  }

  /** A package's versions as the history lists them: who made each, when, how, and its changes. */
  const versionsOf = (packageId: string) =>
    s.db.kysely
      .selectFrom('package_versions')
      .innerJoin('users', 'users.id', 'package_versions.user_id')
      .select([
        'package_versions.version',
        'package_versions.at',
        'package_versions.user_id',
        'package_versions.action',
        'package_versions.changes',
        'users.display_name',
      ])
      .where('package_id', '=', packageId);

  return async (app) => {
    app.get<{ Params: { id: string } }>(
      '/api/packages/:id/history',
      { schema: { tags: ['history'], summary: '版本与流程记录（新的在前）', params: idParams, response: { 200: history, ...errors } } },
      async (request) => {
        const caller = requireCaller(request);
        const row = await workingPackage(caller, request.params.id);
        const db = s.db.kysely;
        const versions = await versionsOf(row.id).orderBy('package_versions.version', 'desc').execute();
        const events = await db
          .selectFrom('package_events')
          .innerJoin('users', 'users.id', 'package_events.user_id')
          .select([
            'package_events.at',
            'package_events.user_id',
            'package_events.action',
            'package_events.from_status',
            'package_events.to_status',
            'package_events.version',
            'package_events.comment',
            'package_events.field_comments',
            'users.display_name',
          ])
          .where('package_id', '=', row.id)
          .orderBy('package_events.at', 'desc')
          .execute();
        return {
          versions: versions.map((v) => ({
            version: v.version,
            at: v.at,
            by: v.user_id,
            byName: v.display_name,
            action: v.action,
            changeCount: (JSON.parse(v.changes) as Change[]).length,
          })),
          events: events.map((e) => ({
            at: e.at,
            by: e.user_id,
            byName: e.display_name,
            action: e.action,
            fromStatus: e.from_status,
            toStatus: e.to_status,
            version: e.version,
            comment: e.comment,
            fieldComments: JSON.parse(e.field_comments) as FieldComment[],
          })),
        };
      },
    );

    app.get<{ Params: { id: string; version: number } }>(
      '/api/packages/:id/versions/:version',
      {
        schema: {
          tags: ['history'],
          summary: '某一历史版本的内容与逐字段差异',
          params: versionParams,
          response: { 200: versionContent, ...errors },
        },
      },
      async (request) => {
        const caller = requireCaller(request);
        const row = await workingPackage(caller, request.params.id);
        const v = await versionsOf(row.id).where('package_versions.version', '=', request.params.version).executeTakeFirst();
        const data = v && (await storedVersion(s.db.kysely, row.id, v.version));
        if (!v || data === undefined) throw notFound('历史版本');
        return {
          version: v.version,
          at: v.at,
          by: v.user_id,
          byName: v.display_name,
          action: v.action,
          data: data as Package,
          changes: JSON.parse(v.changes) as Change[],
        };
      },
    );

    app.post<{ Params: { id: string; version: number }; Body: { version: number } }>(
      '/api/packages/:id/versions/:version/restore',
      {
        schema: {
          tags: ['history'],
          summary: '把历史版本恢复为新版本',
          params: versionParams,
          body: { type: 'object', required: ['version'], properties: { version: { type: 'integer', minimum: 1 } } },
          response: { 200: packageDetail, ...errors },
        },
      },
      async (request) => {
        const caller = requireCaller(request);
        const row = await visiblePackage(s, caller, request.params.id);
        await authorise(s, caller, row, 'restore', request.body.version);
        const old = await storedVersion(s.db.kysely, row.id, request.params.version);
        if (old === undefined) throw notFound('历史版本');
        const saved = await saveContent(s, caller, row, request.body.version, old as Package, 'restore');
        return detailView(s, caller, saved);
      },
    );
  };
}
