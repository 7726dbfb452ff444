/**
 * Deadlines of a year's self-evaluation (the finance bureau's task): days left, lateness, and who
 * acts next on a package. Due dates are calendar days, counted in China Standard Time (UTC+8, no
 * daylight saving), whatever the server's or the browser's time zone: a due date's whole day is in time.
 */
import { ACTION_LABELS, ROLE_LABELS, TRANSITIONS, type Role, type Status } from './workflow.js';

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** Whether the text is a calendar day YYYY-MM-DD that exists. */
export function isDueDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  return new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;
}

/** The calendar day in China at the instant `at`. */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whole days from the day of `at` (in China) to the due day: 0 on the due day itself, negative once it has passed. */
export function daysLeft(due: string, at: Date): number {
  return Math.round((Date.parse(`${due}T00:00:00Z`) - Date.parse(`${chinaDay(at)}T00:00:00Z`)) / DAY_MS);
}

/** Whether an act at `at` comes after the due day. */
export function isLate(due: string, at: Date): boolean {
  return daysLeft(due, at) < 0;
}

/** "还有 3 天" / "今天截止" / "已逾期 2 天". */
export function dueText(due: string, at: Date): string {
  const left = daysLeft(due, at);
  return left > 0 ? `还有 ${left} 天` : left === 0 ? '今天截止' : `已逾期 ${-left} 天`;
}

/** Which of a task's due dates binds a role: the unit's 提交, the department's 审核, the finance bureau's 审核 and 公开 (a task may leave that one unset). */
export type DueKind = 'submit' | 'review' | 'finance';
export const DUE_OF_ROLE: Readonly<Partial<Record<Role, DueKind>>> = {
  unit_head: 'submit',
  dept_reviewer: 'review',
  finance_reviewer: 'finance',
};

export interface NextStep {
  /** who acts next */
  role: Role;
  roleLabel: string;
  /** what they do, in words: 提交 / 审核 / 公开 */
  act: string;
  /** the task's due date that binds them, if any */
  due: DueKind | null;
}

/**
 * Who moves a package on from `status`, read from the workflow table: the role of the first act that
 * moves it forward (re-opening moves it back); null when nothing follows (已公开).
 */
export function nextStep(status: Status): NextStep | null {
  const forward = TRANSITIONS.find((t) => t.from.includes(status) && t.to !== null && t.action !== 'reopen');
  if (!forward) return null;
  const decides = TRANSITIONS.some((t) => t.role === forward.role && t.action === 'return' && t.from.includes(status));
  return {
    role: forward.role,
    roleLabel: ROLE_LABELS[forward.role],
    act: decides ? '审核' : ACTION_LABELS[forward.action],
    due: DUE_OF_ROLE[forward.role] ?? null,
  };
}
