import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Services } from '../context.js';
import { ApiError, forbidden, notFound } from '../errors.js';
import { EXPORT_FORMATS, type ExportFormat, contentDisposition, importBytes, mimeOf } from '../formats.js';
import type { AuditParams, ExportZipParams } from '../jobs.js';
import { visiblePackage } from '../package-service.js';
import { isEditor, isInScope } from '../policy.js';
import { rectificationRecords } from '../rectification.js';
import { errors, importPreview, job } from '../schemas.js';
import { requireCaller } from './auth.js';
import { uploadQuery, uploadedBytes } from './uploads.js';
import { idParams } from './packages.js';

const XLSX_MIME = mimeOf('xlsx');

/** Aborted when the client closes the connection before its answer is sent: work for it can stop. */
function clientGone(reply: FastifyReply): AbortSignal {
  const gone = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) gone.abort();
  });
  return gone.signal;
}

/** Export and import of files; the batch ZIP export and the batch audit run as background jobs. */
export function documentRoutes(s: Services): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Params: { id: string }; Querystring: { format: ExportFormat; appendix?: 'rectification' } }>(
      '/api/packages/:id/export',
      {
        schema: {
          tags: ['documents'],
          summary: '导出为 JSON / DOCX / XLSX / PDF',
          response: { 200: { description: '文件（content-disposition: attachment）' }, ...errors },
          params: idParams,
          querystring: {
            type: 'object',
            required: ['format'],
            properties: {
              format: { type: 'string', enum: EXPORT_FORMATS },
              appendix: { type: 'string', enum: ['rectification'], description: 'Word / PDF 后附“整改情况”（审核范围内的用户）' },
            },
          },
        },
      },
      async (request, reply) => {
        const row = await visiblePackage(s, request.caller, request.params.id);
        const { format, appendix } = request.query;
        if (appendix && format !== 'docx' && format !== 'pdf') throw new ApiError('BAD_REQUEST', '整改情况附录只随 Word 或 PDF 输出。');
        // The exchange with the unit is working material: not part of a published package's public face.
        if (appendix && !isInScope(request.caller, s.tree, row.org_id)) throw forbidden('查看整改情况');
        // A caller who goes away stops their render; each caller gets a fair share of the threads.
        const file = await s.renderer.render(row.content, format, {
          owner: request.caller?.userId ?? request.ip,
          signal: clientGone(reply),
          ...(appendix ? { rectification: await rectificationRecords(s.db.kysely, row.id) } : {}),
        });
        return reply.header('content-type', file.mime).header('content-disposition', contentDisposition(file.fileName)).send(file.bytes);
      },
    );

    app.post<{ Querystring: { filename: string }; Body: Buffer }>(
      '/api/import',
      {
        bodyLimit: 30 * 1024 * 1024,
        schema: {
          tags: ['documents'],
          summary: '导入文件（预览，不保存）；请求体为文件字节',
          response: { 200: importPreview, ...errors },
          querystring: uploadQuery(),
        },
      },
      async (request, reply) => {
        const caller = requireCaller(request);
        if (!isEditor(caller.role)) throw forbidden('导入自评材料');
        return importBytes(s.pool, uploadedBytes(request.body, '文件内容'), request.query.filename, clientGone(reply));
      },
    );

    app.post<{ Body: { departmentId: string; year: number; format: ExportFormat } }>(
      '/api/exports',
      {
        schema: {
          tags: ['documents'],
          summary: '批量导出主管部门下各单位的自评包（ZIP，后台任务）',
          response: { 202: job, ...errors },
          body: {
            type: 'object',
            required: ['departmentId', 'year', 'format'],
            properties: {
              departmentId: { type: 'string' },
              year: { type: 'integer', minimum: 2000, maximum: 2100 },
              format: { type: 'string', enum: EXPORT_FORMATS },
            },
          },
        },
      },
      async (request, reply) => {
        const caller = requireCaller(request);
        const dept = s.tree.get(request.body.departmentId);
        if (!dept || dept.kind !== 'department' || !s.tree.isWithin(dept.id, caller.orgId)) throw notFound('主管部门');
        if (caller.role !== 'dept_reviewer' && caller.role !== 'finance_reviewer') throw forbidden('批量导出');
        return reply.status(202).send(await s.jobs.enqueueExport(caller.userId, request.body));
      },
    );

    app.post<{ Querystring: { filename: string }; Body: Buffer }>(
      '/api/audits',
      {
        bodyLimit: 200 * 1024 * 1024,
        schema: {
          tags: ['documents'],
          summary: '批量审核：上传 ZIP（或单个文件），逐个导入并校验，生成审核结果工作簿（后台任务）',
          response: { 202: job, ...errors },
          querystring: uploadQuery(),
        },
      },
      async (request, reply) => {
        const caller = requireCaller(request);
        if (caller.role !== 'finance_reviewer' && caller.role !== 'dept_reviewer') throw forbidden('批量审核');
        const upload = uploadedBytes(request.body, ' ZIP 文件内容');
        return reply.status(202).send(await s.jobs.enqueueAudit(caller.userId, { fileName: request.query.filename }, upload));
      },
    );

    const jobOf = async (userId: string, id: string) => {
      const job = await s.jobs.status(userId, id);
      if (!job) throw notFound('任务');
      return job;
    };

    app.get<{ Params: { id: string } }>(
      '/api/jobs/:id',
      { schema: { tags: ['documents'], summary: '任务进度', params: idParams, response: { 200: job, ...errors } } },
      async (request) => {
        const caller = requireCaller(request);
        return (await jobOf(caller.userId, request.params.id)).view;
      },
    );

    app.get<{ Params: { id: string } }>(
      '/api/jobs/:id/download',
      {
        schema: {
          tags: ['documents'],
          summary: '下载任务结果（导出的 ZIP，或审核结果工作簿）',
          params: idParams,
          response: { 200: { description: 'ZIP 文件' }, ...errors },
        },
      },
      async (request, reply) => {
        const caller = requireCaller(request);
        const { view, row } = await jobOf(caller.userId, request.params.id);
        const file = view.status === 'done' && row.file_key ? await s.jobs.file(row.file_key) : null;
        if (!file) {
          throw new ApiError('INVALID_STATE', view.status === 'failed' ? (view.error ?? '任务失败。') : '任务尚未完成，请稍后再试。', {
            status: view.status,
          });
        }
        // Streamed from the file store: a ZIP of thousands of PDFs is never held in memory.
        reply.header('content-length', file.size);
        if (row.kind === 'audit') {
          const { fileName } = JSON.parse(row.params) as AuditParams;
          return reply
            .header('content-type', XLSX_MIME)
            .header('content-disposition', contentDisposition(`${fileName.replace(/\.[^.]*$/, '')}-审核结果.xlsx`))
            .send(file.stream);
        }
        const params = JSON.parse(row.params) as ExportZipParams;
        const name =
          'packageIds' in params
            ? `批量导出-${params.packageIds.length}个自评包.zip`
            : `${params.year}-${s.tree.get(params.departmentId)?.name ?? '主管部门'}-自评包.zip`;
        return reply.header('content-type', 'application/zip').header('content-disposition', contentDisposition(name)).send(file.stream);
      },
    );
  };
}
