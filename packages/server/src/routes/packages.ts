import { IMPORT_MODES, STATUSES, carryOver, check, formatScore, importInto, newPackage, type ImportMode, type Package } from '@jixiao/core';
import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../context.js';
import { ApiError, forbidden, notFound } from '../errors.js';
import {
  authorise,
  createPackage,
  detailJson,
  detailView,
  packageContentOf,
  removeDraft,
  saveContent,
  summaries,
  validPackage,
  visiblePackage,
} from '../package-service.js';
import { PAGE_DEFAULT, PAGE_MAX, listPackages, type PackageFilter } from '../package-list.js';
import { isEditor, isInScope } from '../policy.js';
import { checkResult, errors, packageDetail, packageList, pageQuery } from '../schemas.js';
import { requireCaller } from './auth.js';

export const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } } as const;
const YEAR = { type: 'integer', minimum: 2000, maximum: 2100 } as const;

/** A package always names the unit and year it is stored under. */
export function pinnedToUnit(s: Pick<Services, 'tree'>, data: Package, orgId: string, year: number): Package {
  return { ...data, year, unit: { name: s.tree.get(orgId)?.name ?? data.unit.name, department: s.tree.departmentOf(orgId)?.name ?? '' } };
}

/** Packages: list, create, read, save (optimistic versioning), check. */
export function packageRoutes(s: Services): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: Partial<PackageFilter> }>(
      '/api/packages',
      {
        schema: {
          tags: ['packages'],
          summary: '可见的自评包列表，分页（匿名：仅已公开）',
          querystring: {
            type: 'object',
            properties: {
              year: YEAR,
              orgId: { type: 'string', maxLength: 100 },
              departmentId: { type: 'string', maxLength: 100, description: '主管部门：列出其所属单位的自评包' },
              status: { type: 'string', enum: STATUSES },
              q: { type: 'string', maxLength: 100, description: '单位名称包含的文字' },
              ...pageQuery(PAGE_DEFAULT, PAGE_MAX),
            },
          },
          response: { 200: packageList, ...errors },
        },
      },
      async (request) => {
        const filter = { limit: PAGE_DEFAULT, offset: 0, ...request.query };
        const { rows, total } = await listPackages(s.db.kysely, s.tree, request.caller, filter);
        return { packages: await summaries(s, request.caller, rows), total, limit: filter.limit, offset: filter.offset };
      },
    );

    app.post<{ Body: { orgId: string; year: number; from: 'blank' | 'previous' | 'data'; data?: unknown } }>(
      '/api/packages',
      {
        schema: {
          tags: ['packages'],
          summary: '新建自评包（空白 / 沿用上年 / 给定数据）',
          body: {
            type: 'object',
            required: ['orgId', 'year', 'from'],
            properties: {
              orgId: { type: 'string' },
              year: YEAR,
              from: { type: 'string', enum: ['blank', 'previous', 'data'] },
              data: { type: 'object' },
            },
          },
          response: { 201: packageDetail, ...errors },
        },
      },
      async (request, reply) => {
        const caller = requireCaller(request);
        const { orgId, year, from } = request.body;
        const org = s.tree.get(orgId);
        if (!org || !isInScope(caller, s.tree, orgId)) throw notFound('单位');
        if (!isEditor(caller.role)) throw forbidden('新建自评包');
        if (org.kind !== 'unit') throw new ApiError('BAD_REQUEST', '自评包只能为预算单位新建。');
        const department = s.tree.departmentOf(orgId)?.name ?? '';
        let data: Package;
        if (from === 'previous') {
          const previous = await packageContentOf(s, orgId, year - 1);
          if (!previous) throw new ApiError('NOT_FOUND', `没有该单位 ${year - 1} 年度的自评包，无法沿用上年数据。`);
          data = carryOver(previous, year);
        } else if (from === 'data') {
          if (request.body.data === undefined) throw new ApiError('BAD_REQUEST', '按给定数据新建时必须提供 data。');
          data = validPackage(request.body.data);
        } else {
          data = newPackage(org.name, department, year);
        }
        data = pinnedToUnit(s, data, orgId, year);
        const row = await createPackage(s, caller, orgId, year, data, from === 'data' ? 'import' : 'create');
        return reply.status(201).send(await detailView(s, caller, row));
      },
    );

    app.get<{ Params: { id: string } }>(
      '/api/packages/:id',
      { schema: { tags: ['packages'], summary: '自评包详情', params: idParams, response: { 200: packageDetail, ...errors } } },
      async (request) => {
        const row = await visiblePackage(s, request.caller, request.params.id);
        return detailView(s, request.caller, row);
      },
    );

    app.put<{ Params: { id: string }; Body: { version: number; data: unknown } }>(
      '/api/packages/:id',
      {
        schema: {
          tags: ['packages'],
          summary: '保存（乐观并发：version 过期返回 409 与当前版本）',
          params: idParams,
          body: {
            type: 'object',
            required: ['version', 'data'],
            properties: { version: { type: 'integer', minimum: 1 }, data: { type: 'object' } },
          },
          response: { 200: packageDetail, ...errors },
        },
      },
      async (request, reply) => {
        const caller = requireCaller(request);
        const row = await visiblePackage(s, caller, request.params.id);
        await authorise(s, caller, row, 'save', request.body.version);
        const data = validPackage(request.body.data);
        const saved = await saveContent(s, caller, row, request.body.version, pinnedToUnit(s, data, row.org_id, row.year), 'save');
        const view = await detailView(s, caller, saved);
        // Already JSON (the response schema describes it): the content goes out as it was stored.
        return saved.contentJson ? reply.type('application/json; charset=utf-8').send(detailJson(view, saved.contentJson)) : view;
      },
    );

    app.post<{ Params: { id: string }; Body: { version: number; mode: ImportMode; data: unknown } }>(
      '/api/packages/:id/import',
      {
        schema: {
          tags: ['packages'],
          summary: '把导入的文件并入已有的自评包：replace 用文件内容替换，merge 只补填本包空着的内容（已填的保留）；历史中记为导入及其方式',
          params: idParams,
          body: {
            type: 'object',
            required: ['version', 'mode', 'data'],
            properties: {
              version: { type: 'integer', minimum: 1 },
              mode: { type: 'string', enum: IMPORT_MODES },
              data: { type: 'object', description: '导入识别出的自评包（core Package JSON）' },
            },
          },
          response: { 200: packageDetail, ...errors },
        },
      },
      async (request, reply) => {
        const caller = requireCaller(request);
        const row = await visiblePackage(s, caller, request.params.id);
        // Bringing a file in writes the content: the same rights as saving it, on the version the user previewed.
        await authorise(s, caller, row, 'save', request.body.version);
        const file = validPackage(request.body.data);
        const { mode } = request.body;
        const data = pinnedToUnit(s, importInto(row.content, file, mode), row.org_id, row.year);
        const saved = await saveContent(s, caller, row, request.body.version, data, mode === 'replace' ? 'import-replace' : 'import-merge');
        const view = await detailView(s, caller, saved);
        return saved.contentJson ? reply.type('application/json; charset=utf-8').send(detailJson(view, saved.contentJson)) : view;
      },
    );

    app.delete<{ Params: { id: string }; Querystring: { version: number } }>(
      '/api/packages/:id',
      {
        schema: {
          tags: ['packages'],
          summary: '删除未提交的草稿（填报人、单位负责人；记录在历史中，同一年度可重新新建）',
          params: idParams,
          querystring: { type: 'object', required: ['version'], properties: { version: { type: 'integer', minimum: 1 } } },
          response: { 204: { type: 'null', description: '已删除' }, ...errors },
        },
      },
      async (request, reply) => {
        const caller = requireCaller(request);
        const row = await visiblePackage(s, caller, request.params.id);
        // The unit's editors, on the version they see: the same rights as saving it.
        await authorise(s, caller, row, 'save', request.query.version);
        await removeDraft(s, caller, row);
        return reply.status(204).send();
      },
    );

    app.get<{ Params: { id: string } }>(
      '/api/packages/:id/check',
      {
        schema: {
          tags: ['packages'],
          summary: '计算与校验结果（core check）',
          params: idParams,
          response: { 200: checkResult, ...errors },
        },
      },
      async (request) => {
        const row = await visiblePackage(s, request.caller, request.params.id);
        const { computed, counts, absent, findings } = check(row.content);
        const overall = computed.overall;
        return { total: overall?.total ? formatScore(overall.total) : null, grade: overall?.grade ?? null, counts, absent, findings };
      },
    );
  };
}
