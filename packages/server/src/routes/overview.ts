/**
 * The region overview for 财政审核 (their region) and 部门审核 (their department): the figures, the
 * units behind each figure, and the whole as an XLSX workbook.
 */
import { SCORE_BANDS, STATUSES, type Status } from '@jixiao/core';
import { renderTables } from '@jixiao/documents';
import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../context.js';
import { contentDisposition } from '../formats.js';
import { type DueDates, GRADES, type UnitsQuery, noDueDates, overview, overviewScope, unitRows, unitsWhere } from '../overview.js';
import { PAGE_DEFAULT, PAGE_MAX, listPackages } from '../package-list.js';
import { errors, overview as overviewSchema, overviewUnits, pageQuery } from '../schemas.js';
import { requireCaller } from './auth.js';

const YEAR = { type: 'integer', minimum: 2000, maximum: 2100 } as const;
const scopeQuery = {
  year: YEAR,
  departmentId: { type: 'string', maxLength: 100, description: '主管部门（财政审核可选；部门审核为本部门）' },
} as const;

type Overview = Awaited<ReturnType<typeof overview>>;
type UnitRow = Awaited<ReturnType<typeof unitRows>>[number];

export function overviewRoutes(s: Services, dueDates: DueDates = noDueDates): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: { year: number; departmentId?: string } }>(
      '/api/overview',
      {
        schema: {
          tags: ['overview'],
          summary: '绩效自评总览：按状态与主管部门的进度、逾期、得分分布、未解决错误、常见问题、与上年对比',
          querystring: { type: 'object', required: ['year'], properties: scopeQuery },
          response: { 200: overviewSchema, ...errors },
        },
      },
      async (request) => {
        const scope = overviewScope(s.tree, requireCaller(request), request.query.departmentId);
        return overview(s, scope, request.query.year, dueDates);
      },
    );

    app.get<{ Querystring: UnitsQuery }>(
      '/api/overview/units',
      {
        schema: {
          tags: ['overview'],
          summary: '总览中某个数字背后的单位（分页），含本年与上年的得分和关键数据',
          querystring: {
            type: 'object',
            required: ['year'],
            properties: {
              ...scopeQuery,
              status: { type: 'string', enum: STATUSES },
              band: { type: 'integer', enum: SCORE_BANDS.map((b) => b.min), description: '得分段的下限' },
              grade: { type: 'string', enum: GRADES },
              errors: { type: 'boolean', description: '仍有未解决的“错误”' },
              rule: { type: 'string', maxLength: 100, description: '有该规则的未解决问题' },
              trend: { type: 'string', enum: ['up', 'down', 'same'], description: '总分较上年上升、下降、持平' },
              overdue: { type: 'boolean', description: '已过提交截止日期仍未提交' },
              reviewOverdue: { type: 'boolean', description: '已过部门审核截止日期仍待部门审核（已提交）' },
              financeOverdue: { type: 'boolean', description: '已过财政审核截止日期仍待财政审核或公开' },
              missing: { type: 'boolean', description: '尚未新建本年度自评包' },
              ...pageQuery(PAGE_DEFAULT, PAGE_MAX),
            },
          },
          response: { 200: overviewUnits, ...errors },
        },
      },
      async (request) => {
        const caller = requireCaller(request);
        const q = request.query; // limit and offset have the schema's defaults
        const scope = overviewScope(s.tree, caller, q.departmentId);
        const page = { units: [] as UnitRow[], total: 0, limit: q.limit, offset: q.offset };
        const picked =
          q.trend || q.overdue || q.reviewOverdue || q.financeOverdue || q.missing ? await unitsWhere(s, scope, q, dueDates) : undefined;
        if (q.missing) {
          // Units without a package: nothing to filter by but the unit itself.
          const names = (picked ?? []).map((id) => ({ id, name: s.tree.get(id)?.name ?? '' }));
          names.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
          const ids = names.slice(q.offset, q.offset + q.limit).map((u) => u.id);
          return { ...page, units: await unitRows(s, q.year, ids), total: names.length };
        }
        const { rows, total } = await listPackages(s.db.kysely, s.tree, caller, {
          year: q.year,
          departmentId: scope.id,
          limit: q.limit,
          offset: q.offset,
          ...(q.status ? { status: q.status } : {}),
          ...(q.band !== undefined ? { band: q.band } : {}),
          ...(q.grade ? { grade: q.grade } : {}),
          ...(q.errors ? { openErrors: true } : {}),
          ...(q.rule ? { rule: q.rule } : {}),
          ...(picked ? { orgIds: picked } : {}),
        });
        return {
          ...page,
          units: await unitRows(
            s,
            q.year,
            rows.map((r) => r.org_id),
          ),
          total,
        };
      },
    );

    app.get<{ Querystring: { year: number; departmentId?: string } }>(
      '/api/overview/export',
      {
        schema: {
          tags: ['overview'],
          summary: '导出总览（XLSX）：概况、主管部门进度、得分分布、常见问题、各单位得分与上年对比',
          querystring: { type: 'object', required: ['year'], properties: scopeQuery },
          response: { 200: { description: 'XLSX 文件（content-disposition: attachment）' }, ...errors },
        },
      },
      async (request, reply) => {
        const scope = overviewScope(s.tree, requireCaller(request), request.query.departmentId);
        const { year } = request.query;
        const data = await overview(s, scope, year, dueDates);
        const units = await unitRows(
          s,
          year,
          s.tree
            .subtree(scope.id)
            .filter((n) => n.kind === 'unit')
            .map((n) => n.id),
        );
        const bytes = await renderTables(workbookSheets(data, units));
        return reply
          .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', contentDisposition(`${scope.name}${year}年度绩效自评总览.xlsx`))
          .send(Buffer.from(bytes));
      },
    );
  };
}

const SCORE = '0.00';

function workbookSheets(data: Overview, units: UnitRow[]) {
  const f = data.yoy.figures;
  return [
    {
      name: '概况',
      columns: [
        { header: '项目', width: 34 },
        { header: `${data.year} 年度`, width: 16 },
        { header: `${data.previousYear} 年度`, width: 16 },
      ],
      rows: [
        ['范围', data.scope.name, ''],
        ['预算单位数', data.units, ''],
        ['已建自评包数', data.packages, ''],
        ...data.byStatus.map((b) => [`状态：${b.label}`, b.count, '']),
        ['逾期未提交单位数', data.overdue.configured ? data.overdue.count : '未设定截止日期', ''],
        ['部门审核逾期单位数', data.reviewOverdue.configured ? data.reviewOverdue.count : '未设定截止日期', ''],
        ['财政审核逾期单位数', data.financeOverdue.configured ? data.financeOverdue.count : '未设定截止日期', ''],
        ['仍有未解决“错误”的单位数', data.withErrors, ''],
        ...data.scores.bands.map((b) => [`总分 ${b.label}`, b.count, '']),
        ...data.scores.grades.map((g) => [`等级：${g.grade}`, g.count, '']),
        ['无法计算总分（缺附件2）', data.scores.unscored, ''],
        [`总分较上年上升 / 下降 / 持平的单位数`, `${data.yoy.up} / ${data.yoy.down} / ${data.yoy.same}`, ''],
        ['三公经费控制率（%）', f.current.threePublicRate, f.previous.threePublicRate],
        ['年度预算执行率（%）', f.current.executionRate, f.previous.executionRate],
        ['公用经费决算数合计（万元）', f.current.publicFunds, f.previous.publicFunds],
      ],
    },
    {
      name: '主管部门进度',
      columns: [
        { header: '主管部门', width: 36 },
        { header: '单位数', width: 10 },
        { header: '未新建', width: 10 },
        ...STATUSES.map((st) => ({ header: data.byStatus.find((b) => b.status === st)?.label ?? st, width: 12 })),
        { header: '逾期未提交', width: 12 },
        { header: '部门审核逾期', width: 12 },
        { header: '财政审核逾期', width: 12 },
      ],
      rows: data.departments.map((d) => [
        d.name,
        d.units,
        d.missing,
        ...STATUSES.map((st: Status) => d.byStatus[st]),
        d.overdue,
        d.reviewOverdue,
        d.financeOverdue,
      ]),
    },
    {
      name: '常见问题',
      columns: [
        { header: '规则', width: 28 },
        { header: '级别', width: 8 },
        { header: '说明', width: 60 },
        { header: '单位数', width: 10 },
        { header: '次数', width: 10 },
      ],
      rows: data.recurring.map((r) => [r.rule, r.severity, r.description, r.units, r.findings]),
    },
    {
      name: '各单位得分',
      columns: [
        { header: '单位', width: 36 },
        { header: '主管部门', width: 30 },
        { header: '状态', width: 16 },
        { header: `${data.year} 总分`, width: 12, numFmt: SCORE },
        { header: '等级', width: 8 },
        { header: `${data.previousYear} 总分`, width: 12, numFmt: SCORE },
        { header: '变化', width: 10, numFmt: SCORE },
        { header: '错误', width: 8 },
        { header: '警告', width: 8 },
        { header: '三公经费控制率（%）', width: 14, numFmt: SCORE },
        { header: '上年三公经费控制率（%）', width: 14, numFmt: SCORE },
        { header: '预算执行率（%）', width: 14, numFmt: SCORE },
        { header: '上年预算执行率（%）', width: 14, numFmt: SCORE },
        { header: '公用经费（万元）', width: 14, numFmt: SCORE },
        { header: '上年公用经费（万元）', width: 14, numFmt: SCORE },
      ],
      rows: units.map((u) => [
        u.orgName,
        u.departmentName,
        u.statusLabel,
        u.total,
        u.grade,
        u.previousTotal,
        u.change,
        u.errors,
        u.warnings,
        u.figures.threePublicRate,
        u.previousFigures.threePublicRate,
        u.figures.executionRate,
        u.previousFigures.executionRate,
        u.figures.publicFunds,
        u.previousFigures.publicFunds,
      ]),
    },
  ];
}
