/** The record of administrative acts: who changed which organisation or account, when, and how. */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { now } from './clock.js';
import type { AdminAction, Database } from './db/schema.js';
import type { Caller } from './policy.js';

export const ADMIN_ACTION_LABELS: Readonly<Record<AdminAction, string>> = {
  org_create: '新建组织',
  org_update: '修改组织',
  org_delete: '删除组织',
  user_create: '新建账号',
  user_update: '修改账号',
  user_delete: '删除账号',
  region_import: '批量导入',
};

export async function recordAdmin(
  db: Kysely<Database> | Transaction<Database>,
  caller: Caller,
  action: AdminAction,
  target: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await db
    .insertInto('admin_log')
    .values({ id: randomUUID(), at: now(), user_id: caller.userId, action, target, detail: JSON.stringify(detail) })
    .execute();
}
