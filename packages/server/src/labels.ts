import type { Role } from '@jixiao/core';
import type { OrgKind } from './db/schema.js';

export const ORG_KIND_LABELS: Readonly<Record<OrgKind, string>> = {
  finance: '财政局',
  department: '主管部门',
  unit: '预算单位',
};

export const ORG_KINDS = Object.keys(ORG_KIND_LABELS) as OrgKind[];

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
