import type { Selectable } from 'kysely';
import type { UserTable } from './db/schema.js';
import { ROLE_LABELS } from '@jixiao/core';
import { ORG_KIND_LABELS } from './labels.js';
import type { OrgNode, OrgTree } from './org-tree.js';

/** JSON shapes of docs/api.md. */
export function userView(
  tree: OrgTree,
  user: Pick<Selectable<UserTable>, 'id' | 'username' | 'display_name' | 'role' | 'org_id' | 'disabled'> & {
    must_change_password?: number;
    email?: string | null;
  },
) {
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    role: user.role,
    roleLabel: ROLE_LABELS[user.role],
    orgId: user.org_id,
    orgName: tree.get(user.org_id)?.name ?? '',
    disabled: Boolean(user.disabled),
    mustChangePassword: Boolean(user.must_change_password),
    email: user.email ?? null,
  };
}

export function orgView(org: OrgNode) {
  return {
    id: org.id,
    name: org.name,
    kind: org.kind,
    kindLabel: ORG_KIND_LABELS[org.kind],
    parentId: org.parentId,
    disabled: org.disabled,
  };
}
