import {
  type Change,
  RECTIFICATION_STATE_LABELS,
  STATUS_LABELS,
  changesForPoint,
  reviewerMayDecide,
  roleMayEver,
  unitMayAnswer,
} from '@jixiao/core';
import type { FastifyPluginAsync } from 'fastify';
import { now } from '../clock.js';
import type { Services } from '../context.js';
import { ApiError, forbidden, notFound } from '../errors.js';
import { type PackageRow, visiblePackage } from '../package-service.js';
import { type Caller, allowedActions, isInScope } from '../policy.js';
import { type StoredPoint, addEntry, changesSinceReturn, stageOf, storedPoints } from '../rectification.js';
import { errors, rectification } from '../schemas.js';
import { requireCaller } from './auth.js';

/** A point's changes are listed up to this many; the count says how many there are. */
const CHANGES_PER_POINT = 200;

const pointParams = {
  type: 'object',
  required: ['id', 'pointId'],
  properties: { id: { type: 'string', maxLength: 100 }, pointId: { type: 'string', maxLength: 100 } },
} as const;

/**
 * The rectification loop (整改): the points of the package's returns with their exchange; the unit
 * answers a point (整改说明, marked done or not), the reviewer accepts or reopens it. Each step is
 * appended, never changed.
 */
export function rectificationRoutes(s: Services): FastifyPluginAsync {
  /** The package if the caller works on it (in scope); a public reader of a published one gets 403 as for its history. */
  async function workingPackage(caller: Caller, id: string): Promise<PackageRow> {
    const row = await visiblePackage(s, caller, id);
    if (!isInScope(caller, s.tree, row.org_id)) throw forbidden('查看整改情况');
    return row;
  }

  /** Whether the caller is the reviewer who decides on the package's points now (its stage's reviewer, while it is theirs to approve). */
  const decides = (caller: Caller, row: PackageRow) => allowedActions(caller, s.tree, row.org_id, row.status).includes('approve');
  /** Whether the caller answers for the unit now (the package is back with the unit). */
  const answers = (caller: Caller, row: PackageRow) => allowedActions(caller, s.tree, row.org_id, row.status).includes('save');

  async function view(caller: Caller, row: PackageRow) {
    const db = s.db.kysely;
    const points = await storedPoints(db, row.id);
    const changes = points.length > 0 ? await changesSinceReturn(db, row.id, row.version) : [];
    const ids = [...new Set(points.flatMap((p) => [p.created_by, ...p.entries.map((e) => e.user_id)]))];
    const names =
      ids.length > 0
        ? new Map(
            (await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute()).map((u) => [
              u.id,
              u.display_name,
            ]),
          )
        : new Map<string, string>();
    const stage = stageOf(row.status);
    const mayDecide = decides(caller, row);
    return {
      points: points.map((p) => pointView(p, changes, names)),
      mayAnswer: answers(caller, row),
      mayDecide,
      decidingStage: mayDecide ? stage : null,
    };
  }

  function pointView(p: StoredPoint, changes: Change[], names: Map<string, string>) {
    const own = changesForPoint(p.path, changes);
    return {
      id: p.id,
      stage: p.stage,
      path: p.path,
      message: p.message,
      ordinal: p.ordinal,
      version: p.version,
      at: p.created_at,
      by: p.created_by,
      byName: names.get(p.created_by) ?? '',
      state: p.state,
      stateLabel: RECTIFICATION_STATE_LABELS[p.state],
      entries: p.entries.map((e) => ({
        kind: e.kind,
        text: e.text,
        done: e.done === 1,
        version: e.version,
        at: e.at,
        by: e.user_id,
        byName: names.get(e.user_id) ?? '',
      })),
      changeCount: own.length,
      changes: own.slice(0, CHANGES_PER_POINT),
    };
  }

  async function pointOf(row: PackageRow, pointId: string): Promise<StoredPoint> {
    const point = (await storedPoints(s.db.kysely, row.id)).find((p) => p.id === pointId);
    if (!point) throw notFound('整改意见');
    return point;
  }

  return async (app) => {
    app.get<{ Params: { id: string } }>(
      '/api/packages/:id/rectification',
      {
        schema: {
          tags: ['rectification'],
          summary: '整改情况：历次退回的整改意见、单位的整改说明与审核确认，及退回以来各意见所在字段的修改',
          params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } },
          response: { 200: rectification, ...errors },
        },
      },
      async (request) => {
        const caller = requireCaller(request);
        return view(caller, await workingPackage(caller, request.params.id));
      },
    );

    app.post<{ Params: { id: string; pointId: string }; Body: { text: string; done: boolean } }>(
      '/api/packages/:id/rectification/:pointId/answer',
      {
        schema: {
          tags: ['rectification'],
          summary: '答复整改意见：填写整改说明，可标记“已整改”（填报人 / 单位负责人，退回后）',
          params: pointParams,
          body: {
            type: 'object',
            required: ['text', 'done'],
            properties: { text: { type: 'string', minLength: 1, maxLength: 5000 }, done: { type: 'boolean' } },
          },
          response: { 200: rectification, ...errors },
        },
      },
      async (request) => {
        const caller = requireCaller(request);
        const row = await visiblePackage(s, caller, request.params.id);
        if (!roleMayEver(caller.role, 'save') || !isInScope(caller, s.tree, row.org_id)) throw forbidden('答复整改意见');
        const point = await pointOf(row, request.params.pointId);
        const text = request.body.text.trim();
        if (!text) throw new ApiError('BAD_REQUEST', '请填写整改说明：做了哪些修改、在哪里。');
        if (!answers(caller, row)) {
          throw new ApiError('INVALID_STATE', `自评包当前状态为“${STATUS_LABELS[row.status]}”，只有退回后才能答复整改意见。`);
        }
        if (!unitMayAnswer(point.state)) throw new ApiError('INVALID_STATE', '该整改意见已经审核确认，不能再修改答复。');
        await addEntry(s.db.kysely, point.id, { kind: 'answer', text, done: request.body.done }, row.version, caller.userId, now());
        return view(caller, row);
      },
    );

    app.post<{ Params: { id: string; pointId: string }; Body: { version: number; decision: 'accept' | 'reopen'; text?: string } }>(
      '/api/packages/:id/rectification/:pointId/decision',
      {
        schema: {
          tags: ['rectification'],
          summary: '确认整改或重新打开（提出该意见的审核环节，单位重新提交后）',
          params: pointParams,
          body: {
            type: 'object',
            required: ['version', 'decision'],
            properties: {
              version: { type: 'integer', minimum: 1, description: '审核人所看的自评包版本：已有新版本时 409' },
              decision: { type: 'string', enum: ['accept', 'reopen'] },
              text: { type: 'string', maxLength: 5000 },
            },
          },
          response: { 200: rectification, ...errors },
        },
      },
      async (request) => {
        const caller = requireCaller(request);
        const row = await visiblePackage(s, caller, request.params.id);
        if (!roleMayEver(caller.role, 'approve') || !isInScope(caller, s.tree, row.org_id)) throw forbidden('确认整改');
        const point = await pointOf(row, request.params.pointId);
        const { decision, version } = request.body;
        const text = request.body.text?.trim() ?? '';
        if (!decides(caller, row)) throw new ApiError('INVALID_STATE', '单位重新提交、轮到您审核时才能确认整改意见。');
        if (point.stage !== stageOf(row.status)) {
          throw forbidden(point.stage === 'dept' ? '确认主管部门提出的整改意见' : '确认财政部门提出的整改意见');
        }
        if (row.version !== version) {
          throw new ApiError('VERSION_CONFLICT', `该自评包已有新版本（版本 ${row.version}），请刷新后按最新内容确认。`);
        }
        if (!reviewerMayDecide(point.state)) throw new ApiError('INVALID_STATE', '单位尚未答复该整改意见并标记“已整改”。');
        if (decision === 'reopen' && !text) throw new ApiError('BAD_REQUEST', '重新打开时须说明仍需整改的内容。');
        await addEntry(s.db.kysely, point.id, { kind: decision, text }, row.version, caller.userId, now());
        return view(caller, row);
      },
    );
  };
}
