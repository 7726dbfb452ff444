import type { OrgKind, Role, Status } from './db/schema.js';

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  filler: '填报人',
  unit_head: '单位负责人',
  dept_reviewer: '部门审核',
  finance_reviewer: '财政审核',
  admin: '管理员',
};

export const ORG_KIND_LABELS: Readonly<Record<OrgKind, string>> = {
  finance: '财政局',
  department: '主管部门',
  unit: '预算单位',
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

export const ROLES = Object.keys(ROLE_LABELS) as Role[];
export const ORG_KINDS = Object.keys(ORG_KIND_LABELS) as OrgKind[];
export const STATUSES = Object.keys(STATUS_LABELS) as Status[];

/** The organisation kind each role sits on. */
export const ROLE_ORG_KIND: Readonly<Record<Role, OrgKind>> = {
  filler: 'unit',
  unit_head: 'unit',
  dept_reviewer: 'department',
  finance_reviewer: 'finance',
  admin: 'finance',
};

/** The kind a child organisation must have under a parent of the given kind. */
export const CHILD_KIND: Readonly<Record<OrgKind, OrgKind | null>> = {
  finance: 'department',
  department: 'unit',
  unit: null,
};
