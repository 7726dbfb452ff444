import { randomUUID } from 'node:crypto';
import {
  type Change,
  type RectificationEntry,
  type RectificationStage,
  type RectificationState,
  type StatusAction,
  RECTIFICATION_STATE_LABELS,
  diffJson,
  fieldLabel,
  rectificationState,
  unansweredPoints,
  undecidedPoints,
} from '@jixiao/core';
import type { RectificationRecord } from '@jixiao/documents';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, RectificationEntryTable, RectificationPointTable, Status } from './db/schema.js';
import { ApiError } from './errors.js';
import { storedVersion } from './history-store.js';

/**
 * The rectification loop in storage (core rectification.ts holds its rules): the points a return
 * raises, the exchange on each, and what they hold up — a submission while a point is unanswered,
 * an approval while a point of the approving stage is not accepted.
 */

type Db = Kysely<Database> | Transaction<Database>;

export interface StoredPoint extends Selectable<RectificationPointTable> {
  entries: Selectable<RectificationEntryTable>[];
  state: RectificationState;
}

/** The stage whose reviewer returns a package from this status (and so decides on its points). */
export function stageOf(status: Status): RectificationStage {
  return status === 'submitted' ? 'dept' : 'finance';
}

/** Every point of the package, oldest first, each with its exchange and state. */
export async function storedPoints(db: Db, packageId: string): Promise<StoredPoint[]> {
  const points = await db
    .selectFrom('rectification_points')
    .selectAll()
    .where('package_id', '=', packageId)
    .orderBy('created_at')
    .orderBy('ordinal')
    .execute();
  if (points.length === 0) return [];
  const entries = await db
    .selectFrom('rectification_entries')
    .selectAll()
    .where(
      'point_id',
      'in',
      points.map((p) => p.id),
    )
    .orderBy('at')
    .orderBy('id')
    .execute();
  return points.map((p) => {
    const own = entries.filter((e) => e.point_id === p.id);
    return { ...p, entries: own, state: rectificationState(own.map((e) => ({ kind: e.kind, done: e.done === 1 }))) };
  });
}

/** Whether the reviewer reopened a point the unit must answer again. */
export async function hasReopenedPoints(db: Db, packageId: string): Promise<boolean> {
  return (await storedPoints(db, packageId)).some((p) => p.state === 'reopened');
}

/** The points a return raises: its general comment as one point, each field comment as another. */
export async function raisePoints(
  trx: Db,
  at: string,
  userId: string,
  event: { id: string; package_id: string; from_status: Status; version: number },
  comment: string,
  fieldComments: { path: string; message: string }[],
): Promise<void> {
  const stage = stageOf(event.from_status);
  const rows = [
    ...(comment ? [{ path: null, message: comment }] : []),
    ...fieldComments.map((c) => ({ path: c.path, message: c.message })),
  ].map((p, i) => ({
    id: randomUUID(),
    package_id: event.package_id,
    event_id: event.id,
    stage,
    path: p.path,
    message: p.message,
    version: event.version,
    ordinal: i + 1,
    created_by: userId,
    created_at: at,
  }));
  if (rows.length > 0) await trx.insertInto('rectification_points').values(rows).execute();
}

/**
 * Refuses an act the open points hold up, inside the act's transaction: 提交 while a point is not
 * answered and marked done; 审核通过 while a point this stage raised is not accepted.
 */
export async function assertPointsAllow(trx: Db, packageId: string, status: Status, action: StatusAction): Promise<void> {
  if (action !== 'submit' && action !== 'approve') return;
  const points = await storedPoints(trx, packageId);
  if (action === 'submit') {
    const open = unansweredPoints(points);
    if (open.length > 0) {
      throw new ApiError(
        'INVALID_STATE',
        `还有 ${open.length} 条整改意见未答复或未标记“已整改”，逐条填写整改说明并标记完成后才能提交。首条：${open[0]?.message ?? ''}`,
        { openPoints: open.map((p) => p.id) },
      );
    }
    return;
  }
  const undecided = undecidedPoints(points, stageOf(status));
  if (undecided.length > 0) {
    throw new ApiError(
      'INVALID_STATE',
      `还有 ${undecided.length} 条整改意见未确认：逐条“确认整改”后才能审核通过；不认可的请“重新打开”并退回。`,
      { openPoints: undecided.map((p) => p.id) },
    );
  }
}

/** Appends one step of a point's exchange. */
export async function addEntry(db: Db, pointId: string, entry: RectificationEntry, version: number, userId: string, at: string) {
  await db
    .insertInto('rectification_entries')
    .values({
      id: randomUUID(),
      point_id: pointId,
      kind: entry.kind,
      text: entry.text,
      done: entry.kind === 'answer' && entry.done ? 1 : 0,
      version,
      user_id: userId,
      at,
    })
    .execute();
}

/** The version of the package's latest return: what "the changes since the return" are counted from. */
async function lastReturnVersion(db: Db, packageId: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('package_events')
    .select('version')
    .where('package_id', '=', packageId)
    .where('action', '=', 'return')
    .orderBy('at', 'desc')
    .executeTakeFirst();
  return row?.version;
}

/** The field-level changes of the content since the latest return (empty when nothing changed or there was none). */
export async function changesSinceReturn(db: Kysely<Database>, packageId: string, currentVersion: number): Promise<Change[]> {
  const from = await lastReturnVersion(db, packageId);
  if (from === undefined || from === currentVersion) return [];
  const [before, after] = await Promise.all([storedVersion(db, packageId, from), storedVersion(db, packageId, currentVersion)]);
  return before === undefined || after === undefined ? [] : diffJson(before, after);
}

/** A time as people in the region read it (Beijing time), to the minute: "2024-05-10 09:30". */
function printedTime(at: string): string {
  return new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

const STAGE_NAMES: Record<RectificationStage, string> = { dept: '主管部门', finance: '财政部门' };
const ENTRY_NAMES = { answer: '整改说明', accept: '确认整改', reopen: '重新打开' } as const;

/** The exchange of every point as the 整改情况 appendix prints it (documents appendix.ts). */
export async function rectificationRecords(db: Kysely<Database>, packageId: string): Promise<RectificationRecord[]> {
  const points = await storedPoints(db, packageId);
  const ids = [...new Set(points.flatMap((p) => [p.created_by, ...p.entries.map((e) => e.user_id)]))];
  const names = new Map(
    ids.length > 0
      ? (await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute()).map((u) => [u.id, u.display_name])
      : [],
  );
  return points.map((p) => ({
    stage: STAGE_NAMES[p.stage],
    field: p.path ? fieldLabel(p.path) : '总体意见',
    message: p.message,
    raised: `${names.get(p.created_by) ?? ''} ${printedTime(p.created_at)}`,
    exchange: p.entries.map(
      (e) =>
        `${printedTime(e.at)} ${names.get(e.user_id) ?? ''} ${ENTRY_NAMES[e.kind]}${e.kind === 'answer' && e.done ? '（已整改）' : ''}${e.text ? `：${e.text}` : ''}`,
    ),
    state: RECTIFICATION_STATE_LABELS[p.state],
  }));
}
