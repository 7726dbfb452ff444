/**
 * The rectification loop (整改) as data: a return lists its points, the unit answers each one
 * (整改说明) and marks it done, the reviewer accepts or reopens it. A point's state is read from
 * its exchange, which is only ever appended to; nothing here knows about storage. Pure.
 */
import type { Change } from './diff.js';

/** Who returned the package: the department (部门审核) or the finance bureau (财政审核). */
export type RectificationStage = 'dept' | 'finance';

/** One step of a point's exchange: the unit's answer, or the reviewer's decision on it. */
export type RectificationEntry =
  { kind: 'answer'; text: string; done: boolean } | { kind: 'accept'; text: string } | { kind: 'reopen'; text: string };

/**
 * Where a point stands: `open` (not answered), `answering` (answered, not yet marked done),
 * `done` (the unit says it is rectified), `accepted` (the reviewer agrees: closed),
 * `reopened` (the reviewer disagrees: the unit answers again).
 */
export type RectificationState = 'open' | 'answering' | 'done' | 'accepted' | 'reopened';

export const RECTIFICATION_STATE_LABELS: Readonly<Record<RectificationState, string>> = {
  open: '待答复',
  answering: '整改中',
  done: '已整改，待确认',
  accepted: '已确认',
  reopened: '重新打开，待整改',
};

/** The state after the exchange so far (entries oldest first). */
export function rectificationState(entries: readonly { kind: RectificationEntry['kind']; done?: boolean }[]): RectificationState {
  const last = entries.at(-1);
  if (!last) return 'open';
  if (last.kind === 'accept') return 'accepted';
  if (last.kind === 'reopen') return 'reopened';
  return last.done ? 'done' : 'answering';
}

/** Whether the unit may still answer a point in this state (an accepted point is closed). */
export function unitMayAnswer(state: RectificationState): boolean {
  return state !== 'accepted';
}

/** Whether the reviewer may decide on a point in this state: once the unit marked it done, or to change their mind. */
export function reviewerMayDecide(state: RectificationState): boolean {
  return state === 'done' || state === 'accepted' || state === 'reopened';
}

/** Points that hold up a submission: the unit has not answered them and marked them done. */
export function unansweredPoints<P extends { state: RectificationState }>(points: readonly P[]): P[] {
  return points.filter((p) => p.state === 'open' || p.state === 'answering' || p.state === 'reopened');
}

/** Points of a stage that hold up that stage's approval: the reviewer has not accepted them. */
export function undecidedPoints<P extends { state: RectificationState; stage: RectificationStage }>(
  points: readonly P[],
  stage: RectificationStage,
): P[] {
  return points.filter((p) => p.stage === stage && p.state !== 'accepted');
}

/**
 * The changes that concern a point at `path`: those at the path, inside it, or enclosing it (a row
 * added or removed as a whole). A general point (no path) concerns every change.
 */
export function changesForPoint(path: string | null, changes: readonly Change[]): Change[] {
  if (path === null) return [...changes];
  const within = (inner: string, outer: string) => inner === outer || inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);
  return changes.filter((c) => within(c.path, path) || within(path, c.path));
}
