import type { Role, Status } from './db/schema.js';
import type { OrgTree } from './org-tree.js';

/** The logged-in caller, or null for an anonymous visitor. */
export interface Caller {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  orgId: string;
  csrfToken: string;
}

/** Roles that work on packages inside their organisation scope. */
const PACKAGE_ROLES: ReadonlySet<Role> = new Set(['filler', 'unit_head', 'dept_reviewer', 'finance_reviewer']);
const EDITOR_ROLES: ReadonlySet<Role> = new Set(['filler', 'unit_head']);
export const EDITABLE_STATUSES: ReadonlySet<Status> = new Set(['draft', 'dept_returned', 'finance_returned']);

/**
 * Whether the caller may see a package at all. Anonymous visitors and administrators see published
 * packages only; everyone else sees the packages of units inside their own organisation.
 */
export function canSeePackage(caller: Caller | null, tree: OrgTree, orgId: string, status: Status): boolean {
  if (caller && PACKAGE_ROLES.has(caller.role) && tree.isWithin(orgId, caller.orgId)) return true;
  return status === 'published';
}

/** Whether the caller sees the package's working side (history, checks) and not only its public face. */
export function isInScope(caller: Caller | null, tree: OrgTree, orgId: string): boolean {
  return caller !== null && PACKAGE_ROLES.has(caller.role) && tree.isWithin(orgId, caller.orgId);
}

export type PackageAction = 'save' | 'submit' | 'approve' | 'return' | 'publish' | 'reopen' | 'restore';

/** What the caller may do to a package they can see, given its status. */
export function allowedActions(caller: Caller | null, tree: OrgTree, orgId: string, status: Status): PackageAction[] {
  if (!caller || !isInScope(caller, tree, orgId)) return [];
  const actions: PackageAction[] = [];
  const editable = EDITABLE_STATUSES.has(status);
  if (EDITOR_ROLES.has(caller.role) && editable) actions.push('save', 'restore');
  if (caller.role === 'unit_head' && editable) actions.push('submit');
  if (caller.role === 'dept_reviewer' && status === 'submitted') actions.push('approve', 'return');
  if (caller.role === 'finance_reviewer' && status === 'dept_approved') actions.push('approve', 'return');
  if (caller.role === 'finance_reviewer' && status === 'finance_approved') actions.push('publish');
  if (caller.role === 'dept_reviewer' && status === 'dept_approved') actions.push('reopen');
  if (caller.role === 'finance_reviewer' && ['dept_approved', 'finance_approved', 'published'].includes(status)) {
    actions.push('reopen');
  }
  return actions;
}

/** The role that may perform an act in some status, for the 403-versus-409 distinction. */
export function roleMayEver(role: Role, action: PackageAction): boolean {
  switch (action) {
    case 'save':
    case 'restore':
      return EDITOR_ROLES.has(role);
    case 'submit':
      return role === 'unit_head';
    case 'approve':
    case 'return':
    case 'reopen':
      return role === 'dept_reviewer' || role === 'finance_reviewer';
    case 'publish':
      return role === 'finance_reviewer';
  }
}

export function isEditor(role: Role): boolean {
  return EDITOR_ROLES.has(role);
}
