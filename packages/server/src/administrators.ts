/**
 * The first administrator of a deployment, made from the command line (`jixiao admin create`), so
 * that no account with a known password ever exists on a real region's service.
 */
import { randomUUID } from 'node:crypto';
import { now } from './clock.js';
import type { Db } from './db/connect.js';
import { hashPassword } from './password.js';

export interface NewAdministrator {
  username: string;
  displayName: string;
  password: string;
  /** The finance bureau at the top of the region: needed when the database has no organisation yet. */
  financeName?: string;
}

/** Thrown with a Chinese message the command prints as it is. */
export class AdministratorError extends Error {}

export async function hasAdministrator(db: Db): Promise<boolean> {
  const row = await db.kysely.selectFrom('users').select('id').where('role', '=', 'admin').where('disabled', '=', 0).executeTakeFirst();
  return row !== undefined;
}

/** Creates an administrator in the region's finance bureau (created first when the database is empty). */
export async function createAdministrator(db: Db, admin: NewAdministrator): Promise<{ username: string; orgName: string }> {
  if (!/^[A-Za-z0-9_.@-]{2,64}$/.test(admin.username)) {
    throw new AdministratorError('用户名须为 2–64 个字母、数字或 _ . @ -。');
  }
  if (admin.password.length < 8) throw new AdministratorError('密码至少 8 个字符。');
  const passwordHash = await hashPassword(admin.password);
  return db.kysely.transaction().execute(async (trx) => {
    if (await trx.selectFrom('users').select('id').where('username', '=', admin.username).executeTakeFirst()) {
      throw new AdministratorError(`用户名“${admin.username}”已被使用。`);
    }
    let finance = await trx.selectFrom('orgs').select(['id', 'name']).where('parent_id', 'is', null).executeTakeFirst();
    if (!finance) {
      const name = admin.financeName?.trim();
      if (!name)
        throw new AdministratorError('数据库中还没有任何组织：请用 --org 给出本地区财政局的名称，例如 --org 岳阳市岳阳楼区财政局。');
      finance = { id: randomUUID(), name };
      await trx.insertInto('orgs').values({ id: finance.id, name, kind: 'finance', parent_id: null, created_at: now() }).execute();
    }
    await trx
      .insertInto('users')
      .values({
        id: randomUUID(),
        username: admin.username,
        display_name: admin.displayName,
        role: 'admin',
        org_id: finance.id,
        password_hash: passwordHash,
        disabled: 0,
        // The administrator typed this password: nobody else knows it.
        must_change_password: 0,
        created_at: now(),
      })
      .execute();
    return { username: admin.username, orgName: finance.name };
  });
}
