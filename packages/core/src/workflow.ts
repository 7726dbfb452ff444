/**
 * The review workflow as data: who may do what to a package in which status, and where it goes next
 * (docs/domain.md, "Workflow"). The service enforces it; the web app reads it to offer the buttons.
 * Whether a caller's organisation is in scope is the service's business, not this table's.
 */

export type Role = 'filler' | 'unit_head' | 'dept_reviewer' | 'finance_reviewer' | 'admin';

export type Status = 'draft' | 'submitted' | 'dept_approved' | 'dept_returned' | 'finance_approved' | 'finance_returned' | 'published';

export type WorkflowAction = 'save' | 'restore' | 'submit' | 'approve' | 'return' | 'publish' | 'reopen';

/** The acts that move a package to another status (saving and restoring change its content only). */
export type StatusAction = Exclude<WorkflowAction, 'save' | 'restore'>;

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  filler: '填报人',
  unit_head: '单位负责人',
  dept_reviewer: '部门审核',
  finance_reviewer: '财政审核',
  admin: '管理员',
};

export const STATUS_LABELS: Readonly<Record<Status, string>> = {
  draft: '草稿',
  submitted: '已提交',
  dept_approved: '主管部门审核通过',
  dept_returned: '主管部门退回',
  finance_approved: '财政复核通过',
  finance_returned: '财政退回',
  published: '已公开',
};

export const ACTION_LABELS: Readonly<Record<WorkflowAction, string>> = {
  save: '保存',
  restore: '恢复历史版本',
  submit: '提交',
  approve: '审核通过',
  return: '退回',
  publish: '公开',
  reopen: '重新打开',
};

export const ROLES = Object.keys(ROLE_LABELS) as Role[];
export const WORKFLOW_ACTIONS = Object.keys(ACTION_LABELS) as WorkflowAction[];
export const STATUSES = Object.keys(STATUS_LABELS) as Status[];

/** Statuses in which the unit may change its package. */
export const EDITABLE_STATUSES: ReadonlySet<Status> = new Set<Status>(['draft', 'dept_returned', 'finance_returned']);

const EDITABLE: readonly Status[] = [...EDITABLE_STATUSES];

export interface Transition {
  action: WorkflowAction;
  role: Role;
  from: readonly Status[];
  /** the status after the act; null: it stays where it is (saving changes content only) */
  to: Status | null;
}

/** 草稿 → 已提交 → 主管部门通过 / 退回 → 财政通过 / 退回 → 已公开; approved and published packages may be re-opened. */
export const TRANSITIONS: readonly Transition[] = [
  { action: 'save', role: 'filler', from: EDITABLE, to: null },
  { action: 'save', role: 'unit_head', from: EDITABLE, to: null },
  { action: 'restore', role: 'filler', from: EDITABLE, to: null },
  { action: 'restore', role: 'unit_head', from: EDITABLE, to: null },
  { action: 'submit', role: 'unit_head', from: EDITABLE, to: 'submitted' },
  { action: 'approve', role: 'dept_reviewer', from: ['submitted'], to: 'dept_approved' },
  { action: 'return', role: 'dept_reviewer', from: ['submitted'], to: 'dept_returned' },
  { action: 'approve', role: 'finance_reviewer', from: ['dept_approved'], to: 'finance_approved' },
  { action: 'return', role: 'finance_reviewer', from: ['dept_approved'], to: 'finance_returned' },
  { action: 'publish', role: 'finance_reviewer', from: ['finance_approved'], to: 'published' },
  { action: 'reopen', role: 'dept_reviewer', from: ['dept_approved'], to: 'draft' },
  { action: 'reopen', role: 'finance_reviewer', from: ['dept_approved', 'finance_approved', 'published'], to: 'draft' },
];

function transitionOf(status: Status, role: Role, action: WorkflowAction): Transition | undefined {
  return TRANSITIONS.find((t) => t.action === action && t.role === role && t.from.includes(status));
}

/** The status after `role` does `action` to a package in `status`; undefined where the act is not allowed. */
export function nextStatus(status: Status, role: Role, action: WorkflowAction): Status | undefined {
  const transition = transitionOf(status, role, action);
  return transition ? (transition.to ?? status) : undefined;
}

/** What `role` may do to a package in `status`, in the table's order, each act once. */
export function actionsFor(status: Status, role: Role): WorkflowAction[] {
  return [...new Set(TRANSITIONS.filter((t) => t.role === role && t.from.includes(status)).map((t) => t.action))];
}

/** Whether the role may ever do the act, in some status (a refusal is then "not now", not "not you"). */
export function roleMayEver(role: Role, action: WorkflowAction): boolean {
  return TRANSITIONS.some((t) => t.role === role && t.action === action);
}
