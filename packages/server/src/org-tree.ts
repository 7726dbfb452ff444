import type { Kysely } from 'kysely';
import type { Database, OrgKind } from './db/schema.js';
import { syncOrgPaths } from './org-paths.js';

export interface OrgNode {
  id: string;
  name: string;
  kind: OrgKind;
  parentId: string | null;
  /** disabled by an administrator: its accounts, and those below it, cannot log in */
  disabled: boolean;
}

/** The counter every change of the organisations bumps, so that other processes reload. */
const GENERATION = 'orgs:generation';

/**
 * The organisation tree held in memory: a request checks one package's scope against it (a walk up,
 * as deep as the tree); lists ask the database instead (package-list.ts). It changes only through the
 * admin routes, which call `changed()`; other app processes notice the bumped generation within a
 * second (`refreshIfChanged`, polled by the app).
 */
export class OrgTree {
  private nodes = new Map<string, OrgNode>();
  private children = new Map<string, OrgNode[]>();
  private generation = -1;
  private roots = 0;

  constructor(private readonly db: Kysely<Database>) {}

  private async storedGeneration(): Promise<number> {
    const row = await this.db.selectFrom('counters').select('count').where('key', '=', GENERATION).executeTakeFirst();
    return row?.count ?? 0;
  }

  /**
   * Records that the organisations changed: brings the materialised paths and the packages' copies
   * up to date, bumps the generation (for every process) and reloads this process's tree.
   */
  async changed(): Promise<void> {
    await syncOrgPaths(this.db);
    await this.db
      .insertInto('counters')
      .values({ key: GENERATION, count: 1, since: 0 })
      .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ count: eb('counters.count', '+', 1) })))
      .execute();
    await this.reload();
  }

  /** Reloads when another process changed the organisations since this one loaded them. */
  async refreshIfChanged(): Promise<void> {
    if ((await this.storedGeneration()) !== this.generation) await this.reload();
  }

  async reload(): Promise<void> {
    const generation = await this.storedGeneration();
    // Removed organisations are gone from every scope; their rows stay for the history that names them.
    const rows = await this.db
      .selectFrom('orgs')
      .select(['id', 'name', 'kind', 'parent_id', 'disabled'])
      .where('deleted_at', 'is', null)
      .execute();
    this.nodes = new Map(
      rows.map((r) => [r.id, { id: r.id, name: r.name, kind: r.kind, parentId: r.parent_id, disabled: Boolean(r.disabled) }]),
    );
    this.children = new Map();
    this.roots = 0;
    for (const node of this.nodes.values()) {
      if (node.parentId === null) {
        this.roots++;
        continue;
      }
      const siblings = this.children.get(node.parentId);
      if (siblings) siblings.push(node);
      else this.children.set(node.parentId, [node]);
    }
    this.generation = generation;
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
    for (let i = 0; i < out.length; i++) out.push(...(this.children.get(out[i]!.id) ?? []));
    return out;
  }

  /** Whether `id` is the root of the only tree (one region per database: everything lies below it). */
  isOnlyRoot(id: string): boolean {
    return this.nodes.get(id)?.parentId === null && this.roots === 1;
  }

  /** "/<root id>/…/<id>/", as stored in `orgs.path` (org-paths.ts); empty for an unknown organisation. */
  pathOf(id: string): string {
    const node = this.nodes.get(id);
    if (!node) return '';
    return `${node.parentId !== null && this.nodes.has(node.parentId) ? this.pathOf(node.parentId) : '/'}${id}/`;
  }

  /** The 主管部门 a unit belongs to. */
  departmentOf(unitId: string): OrgNode | undefined {
    const unit = this.nodes.get(unitId);
    const parent = unit?.parentId ? this.nodes.get(unit.parentId) : undefined;
    return parent?.kind === 'department' ? parent : undefined;
  }
}
