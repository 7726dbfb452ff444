import type { Kysely } from 'kysely';
import type { Database, OrgKind } from './db/schema.js';

export interface OrgNode {
  id: string;
  name: string;
  kind: OrgKind;
  parentId: string | null;
  /** disabled by an administrator: its accounts, and those below it, cannot log in */
  disabled: boolean;
}

/**
 * The organisation tree held in memory: every request checks scope against it, and it changes only
 * through the admin routes, which reload it. One service process owns the database.
 */
export class OrgTree {
  private nodes = new Map<string, OrgNode>();

  constructor(private readonly db: Kysely<Database>) {}

  async reload(): Promise<void> {
    // Removed organisations are gone from every scope; their rows stay for the history that names them.
    const rows = await this.db
      .selectFrom('orgs')
      .select(['id', 'name', 'kind', 'parent_id', 'disabled'])
      .where('deleted_at', 'is', null)
      .execute();
    this.nodes = new Map(
      rows.map((r) => [r.id, { id: r.id, name: r.name, kind: r.kind, parentId: r.parent_id, disabled: Boolean(r.disabled) }]),
    );
  }

  get(id: string): OrgNode | undefined {
    return this.nodes.get(id);
  }

  /** True when `id` is `ancestorId` or lies below it. */
  isWithin(id: string, ancestorId: string): boolean {
    for (let node = this.nodes.get(id); node; node = node.parentId ? this.nodes.get(node.parentId) : undefined) {
      if (node.id === ancestorId) return true;
    }
    return false;
  }

  /** Whether the organisation or one above it is disabled (or it no longer exists). */
  isDisabled(id: string): boolean {
    const node = this.nodes.get(id);
    if (!node) return true;
    return node.disabled || (node.parentId !== null && this.isDisabled(node.parentId));
  }

  /** `id` and everything below it, parents before children. */
  subtree(id: string): OrgNode[] {
    const root = this.nodes.get(id);
    if (!root) return [];
    const out: OrgNode[] = [root];
    for (let i = 0; i < out.length; i++) {
      const parent = out[i];
      for (const node of this.nodes.values()) if (parent && node.parentId === parent.id) out.push(node);
    }
    return out;
  }

  /** The 主管部门 a unit belongs to. */
  departmentOf(unitId: string): OrgNode | undefined {
    const unit = this.nodes.get(unitId);
    const parent = unit?.parentId ? this.nodes.get(unit.parentId) : undefined;
    return parent?.kind === 'department' ? parent : undefined;
  }
}
