import { actionsFor, type Role, type Status, type WorkflowAction } from '@jixiao/core';
import type { OrgTree } from './org-tree.js';

/** The logged-in caller, or null for an anonymous visitor. */
export interface Caller {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  orgId: string;
  csrfToken: string;
  /** the password is one someone else chose: only changing it is allowed */
  mustChangePassword: boolean;
}

/** Roles that work on packages inside their organisation scope. */
const PACKAGE_ROLES: ReadonlySet<Role> = new Set(['filler', 'unit_head', 'dept_reviewer', 'finance_reviewer']);
/** Whether the role works on the packages inside its organisation (everyone but anonymous visitors and administrators). */
export function worksOnPackages(role: Role): boolean {
  return PACKAGE_ROLES.has(role);
}
const EDITOR_ROLES: ReadonlySet<Role> = new Set(['filler', 'unit_head']);

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

export type PackageAction = WorkflowAction;

/** What the caller may do to a package they can see, given its status: the core workflow, within the caller's scope. */
export function allowedActions(caller: Caller | null, tree: OrgTree, orgId: string, status: Status): PackageAction[] {
  if (!caller || !isInScope(caller, tree, orgId)) return [];
  return actionsFor(status, caller.role);
}

export function isEditor(role: Role): boolean {
  return EDITOR_ROLES.has(role);
}
