import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../context.js';
import { now } from '../clock.js';
import type { OrgKind, Role } from '../db/schema.js';
import { isUniqueViolation } from '../db/unique.js';
import { ApiError, forbidden, notFound } from '../errors.js';
import { ROLE_LABELS, ROLES } from '@jixiao/core';
import { CHILD_KIND, ORG_KIND_LABELS, ORG_KINDS, ROLE_ORG_KIND } from '../labels.js';
import { recordAdmin } from '../admin-log.js';
import { hashPassword } from '../password.js';
import type { Caller } from '../policy.js';
import { orgView, userView } from '../views.js';
import { errors, org, orgList, pageQuery, user, userList } from '../schemas.js';
import { requireCaller } from './auth.js';
import { listOrgs, listUsers, ORG_PAGE_DEFAULT, ORG_PAGE_MAX, type OrgFilter, type UserFilter } from '../org-list.js';

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } } as const;

/**
 * Refuses to take away the last administrator that can log in (`act`: what would take it away):
 * recovery would need the database itself, so the region always keeps one.
 */
async function keepLastAdmin(s: Services, user: { role: Role; disabled: number; display_name: string }, act: string): Promise<void> {
  if (user.role !== 'admin' || user.disabled) return;
  const row = await s.db.kysely
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('disabled', '=', 0)
    .executeTakeFirstOrThrow();
  if (Number(row.n) <= 1) {
    throw new ApiError('INVALID_STATE', `“${user.display_name}”是最后一个可用的管理员账号，不能${act}；请先新建另一个管理员。`);
  }
}

function requireAdmin(caller: Caller, act: string): void {
  if (caller.role !== 'admin') throw forbidden(act);
}

/** Organisations and accounts: read your own scope; administrators manage their region. */
/** An account's e-mail address for reminders; empty removes it. */
const EMAIL = {
  type: 'string',
  maxLength: 200,
  pattern: '^$|^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
  description: '提醒邮件地址；空字符串表示删除',
} as const;

export function orgRoutes(s: Services): FastifyPluginAsync {
  const inScope = (caller: Caller, orgId: string) => s.tree.isWithin(orgId, caller.orgId);

  function checkRoleOrg(role: Role, orgId: string): void {
    const kind = s.tree.get(orgId)?.kind;
    if (kind !== ROLE_ORG_KIND[role]) {
      throw new ApiError(
        'BAD_REQUEST',
        `角色“${ROLE_LABELS[role]}”只能设在${ROLE_ORG_KIND[role] === 'unit' ? '预算单位' : ROLE_ORG_KIND[role] === 'department' ? '主管部门' : '财政局'}。`,
      );
    }
  }

  return async (app) => {
    app.get<{ Querystring: Partial<OrgFilter> }>(
      '/api/orgs',
      {
        schema: {
          tags: ['orgs'],
          summary: '本人范围内的组织，分页（上级在前，同级按名称）',
          querystring: {
            type: 'object',
            properties: {
              parentId: { type: 'string', maxLength: 100, description: '只列此组织的直接下级' },
              kind: { type: 'string', enum: ORG_KINDS },
              q: { type: 'string', maxLength: 100, description: '名称包含的文字' },
              ...pageQuery(ORG_PAGE_DEFAULT, ORG_PAGE_MAX),
            },
          },
          response: { 200: orgList, ...errors },
        },
      },
      async (request) => {
        const caller = requireCaller(request);
        const filter = { limit: ORG_PAGE_DEFAULT, offset: 0, ...request.query };
        const { rows, total } = await listOrgs(s.db.kysely, s.tree, caller, filter);
        const orgs = rows.map((o) =>
          orgView({ id: o.id, name: o.name, kind: o.kind, parentId: o.parent_id, disabled: Boolean(o.disabled) }),
        );
        return { orgs, total, limit: filter.limit, offset: filter.offset };
      },
    );

    app.get<{ Params: { id: string } }>(
      '/api/orgs/:id',
      { schema: { tags: ['orgs'], summary: '组织', params: idParams, response: { 200: org, ...errors } } },
      async (request) => {
        const caller = requireCaller(request);
        const org = s.tree.get(request.params.id);
        if (!org || !inScope(caller, org.id)) throw notFound('组织');
        return orgView(org);
      },
    );

    app.post<{ Body: { name: string; kind: OrgKind; parentId: string } }>(
      '/api/orgs',
      {
        schema: {
          tags: ['orgs'],
          summary: '新建组织（管理员）',
          response: { 201: org, ...errors },
          body: {
            type: 'object',
            required: ['name', 'kind', 'parentId'],
            properties: {
              name: { type: 'string', minLength: 1, maxLength: 200 },
              kind: { type: 'string', enum: ORG_KINDS },
              parentId: { type: 'string' },
            },
          },
        },
      },
      async (request, reply) => {
        const caller = requireCaller(request);
        requireAdmin(caller, '管理组织');
        const { name, kind, parentId } = request.body;
        const parent = s.tree.get(parentId);
        if (!parent || !inScope(caller, parent.id)) throw notFound('上级组织');
        if (CHILD_KIND[parent.kind] !== kind) {
          throw new ApiError(
            'BAD_REQUEST',
            `“${parent.name}”下只能设${CHILD_KIND[parent.kind] === 'department' ? '主管部门' : CHILD_KIND[parent.kind] === 'unit' ? '预算单位' : '（不能再设下级）'}。`,
          );
        }
        const row = { id: randomUUID(), name: name.trim(), kind, parent_id: parent.id, created_at: now(), deleted_at: null, disabled: 0 };
        await s.db.kysely.transaction().execute(async (trx) => {
          await trx.insertInto('orgs').values(row).execute();
          await recordAdmin(trx, caller, 'org_create', `组织 ${row.name}`, { kind, parent: parent.name });
        });
        await s.tree.changed();
        return reply.status(201).send(orgView(s.tree.get(row.id) ?? { ...row, parentId: row.parent_id, disabled: false }));
      },
    );

    app.patch<{ Params: { id: string }; Body: { name?: string; parentId?: string; disabled?: boolean } }>(
      '/api/orgs/:id',
      {
        schema: {
          tags: ['orgs'],
          summary: '修改组织名称、上级或停用（管理员）',
          response: { 200: org, ...errors },
          params: idParams,
          body: {
            type: 'object',
            properties: {
              name: { type: 'string', minLength: 1, maxLength: 200 },
              parentId: { type: 'string' },
              disabled: { type: 'boolean' },
            },
          },
        },
      },
      async (request) => {
        const caller = requireCaller(request);
        const org = s.tree.get(request.params.id);
        if (!org || !inScope(caller, org.id)) throw notFound('组织');
        requireAdmin(caller, '管理组织');
        const name = request.body.name?.trim() ?? org.name;
        let parentId = org.parentId;
        if (request.body.parentId !== undefined && request.body.parentId !== org.parentId) {
          const parent = s.tree.get(request.body.parentId);
          if (!parent || !inScope(caller, parent.id)) throw notFound('上级组织');
          // A unit moves between departments, a department stays under its finance bureau: the kinds keep their levels.
          if (CHILD_KIND[parent.kind] !== org.kind) {
            throw new ApiError(
              'BAD_REQUEST',
              `“${org.name}”（${ORG_KIND_LABELS[org.kind]}）不能移到“${parent.name}”（${ORG_KIND_LABELS[parent.kind]}）之下。`,
            );
          }
          parentId = parent.id;
        }
        const disabled = request.body.disabled ?? org.disabled;
        if (disabled && org.parentId === null) throw new ApiError('INVALID_STATE', '财政局是整个地区的根，不能停用。');
        await s.db.kysely.transaction().execute(async (trx) => {
          await trx
            .updateTable('orgs')
            .set({ name, parent_id: parentId, disabled: Number(disabled) })
            .where('id', '=', org.id)
            .execute();
          await recordAdmin(trx, caller, 'org_update', `组织 ${org.name}`, {
            ...(disabled !== org.disabled ? { disabled } : {}),
            ...(name !== org.name ? { name: [org.name, name] } : {}),
            ...(parentId !== org.parentId
              ? { parent: [s.tree.get(org.parentId ?? '')?.name ?? '', s.tree.get(parentId ?? '')?.name ?? ''] }
              : {}),
          });
        });
        // Scopes follow the tree at once: every request checks them against it.
        await s.tree.changed();
        return orgView(s.tree.get(org.id) ?? org);
      },
    );

    app.delete<{ Params: { id: string } }>(
      '/api/orgs/:id',
      {
        schema: {
          tags: ['orgs'],
          summary: '删除组织（管理员；须无下级、账号和自评包）',
          params: idParams,
          response: { 204: { type: 'null', description: '已删除' }, ...errors },
        },
      },
      async (request, reply) => {
        const caller = requireCaller(request);
        const org = s.tree.get(request.params.id);
        if (!org || !inScope(caller, org.id)) throw notFound('组织');
        requireAdmin(caller, '管理组织');
        if (org.parentId === null) throw new ApiError('INVALID_STATE', '财政局是整个地区的根，不能删除。');
        const children = s.tree.subtree(org.id).length - 1;
        const accounts = await s.db.kysely
          .selectFrom('users')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('org_id', '=', org.id)
          .where('deleted_at', 'is', null)
          .executeTakeFirstOrThrow();
        const packages = await s.db.kysely
          .selectFrom('packages')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('org_id', '=', org.id)
          .where('deleted_at', 'is', null)
          .executeTakeFirstOrThrow();
        const holds = [
          children > 0 ? `${children} 个下级组织` : '',
          Number(accounts.n) > 0 ? `${Number(accounts.n)} 个账号` : '',
          Number(packages.n) > 0 ? `${Number(packages.n)} 个自评包` : '',
        ].filter(Boolean);
        if (holds.length > 0) throw new ApiError('INVALID_STATE', `“${org.name}”下还有${holds.join('、')}，不能删除；请先移走或删除它们。`);
        await s.db.kysely.transaction().execute(async (trx) => {
          await trx.updateTable('orgs').set({ deleted_at: now() }).where('id', '=', org.id).execute();
          await recordAdmin(trx, caller, 'org_delete', `组织 ${org.name}`, { kind: org.kind });
        });
        await s.tree.changed();
        return reply.status(204).send();
      },
    );

    app.get<{ Querystring: Partial<UserFilter> }>(
      '/api/users',
      {
        schema: {
          tags: ['users'],
          summary: '账号列表（管理员），分页，按用户名排序',
          querystring: {
            type: 'object',
            properties: {
              role: { type: 'string', enum: ROLES },
              orgId: { type: 'string', maxLength: 100, description: '只列此组织的账号' },
              q: { type: 'string', maxLength: 100, description: '用户名或姓名包含的文字' },
              ...pageQuery(ORG_PAGE_DEFAULT, ORG_PAGE_MAX),
            },
          },
          response: { 200: userList, ...errors },
        },
      },
      async (request) => {
        const caller = requireCaller(request);
        requireAdmin(caller, '管理账号');
        const filter = { limit: ORG_PAGE_DEFAULT, offset: 0, ...request.query };
        const { rows, total } = await listUsers(s.db.kysely, s.tree, caller, filter);
        return { users: rows.map((u) => userView(s.tree, u)), total, limit: filter.limit, offset: filter.offset };
      },
    );

    app.post<{ Body: { username: string; displayName: string; password: string; role: Role; orgId: string; email?: string } }>(
      '/api/users',
      {
        schema: {
          tags: ['users'],
          summary: '新建账号（管理员）',
          response: { 201: user, ...errors },
          body: {
            type: 'object',
            required: ['username', 'displayName', 'password', 'role', 'orgId'],
            properties: {
              username: { type: 'string', minLength: 2, maxLength: 64, pattern: '^[A-Za-z0-9_.@-]+$' },
              displayName: { type: 'string', minLength: 1, maxLength: 100 },
              password: { type: 'string', minLength: 8, maxLength: 200 },
              role: { type: 'string', enum: ROLES },
              orgId: { type: 'string' },
              email: EMAIL,
            },
          },
        },
      },
      async (request, reply) => {
        const caller = requireCaller(request);
        requireAdmin(caller, '管理账号');
        const body = request.body;
        if (!s.tree.get(body.orgId) || !inScope(caller, body.orgId)) throw notFound('组织');
        checkRoleOrg(body.role, body.orgId);
        const taken = await s.db.kysely.selectFrom('users').select('id').where('username', '=', body.username).executeTakeFirst();
        if (taken) throw new ApiError('DUPLICATE', `用户名“${body.username}”已被使用。`);
        const row = {
          id: randomUUID(),
          username: body.username,
          display_name: body.displayName,
          role: body.role,
          org_id: body.orgId,
          password_hash: await hashPassword(body.password),
          disabled: 0,
          // The administrator chose this password: its user replaces it at first login.
          must_change_password: 1,
          created_at: now(),
          email: body.email?.trim() || null,
        };
        await s.db.kysely
          .transaction()
          .execute(async (trx) => {
            await trx.insertInto('users').values(row).execute();
            await recordAdmin(trx, caller, 'user_create', `账号 ${row.username}`, {
              displayName: row.display_name,
              role: row.role,
              org: s.tree.get(row.org_id)?.name ?? '',
            });
          })
          .catch((error: unknown) => {
            if (isUniqueViolation(error)) throw new ApiError('DUPLICATE', `用户名“${body.username}”已被使用。`);
            throw error;
          });
        return reply.status(201).send(userView(s.tree, row));
      },
    );

    app.patch<{
      Params: { id: string };
      Body: { displayName?: string; password?: string; role?: Role; orgId?: string; disabled?: boolean; email?: string };
    }>(
      '/api/users/:id',
      {
        schema: {
          tags: ['users'],
          summary: '修改账号（管理员）',
          response: { 200: user, ...errors },
          params: idParams,
          body: {
            type: 'object',
            properties: {
              displayName: { type: 'string', minLength: 1, maxLength: 100 },
              password: { type: 'string', minLength: 8, maxLength: 200 },
              role: { type: 'string', enum: ROLES },
              orgId: { type: 'string' },
              disabled: { type: 'boolean' },
              email: EMAIL,
            },
          },
        },
      },
      async (request) => {
        const caller = requireCaller(request);
        requireAdmin(caller, '管理账号');
        const user = await s.db.kysely
          .selectFrom('users')
          .selectAll()
          .where('id', '=', request.params.id)
          .where('deleted_at', 'is', null)
          .executeTakeFirst();
        if (!user || !inScope(caller, user.org_id)) throw notFound('账号');
        const body = request.body;
        const orgId = body.orgId ?? user.org_id;
        if (!s.tree.get(orgId) || !inScope(caller, orgId)) throw notFound('组织');
        const role = body.role ?? user.role;
        checkRoleOrg(role, orgId);
        const disabled = body.disabled === undefined ? Boolean(user.disabled) : body.disabled;
        if (role !== 'admin' || disabled) await keepLastAdmin(s, user, '停用或改为其他角色');
        const changes = {
          display_name: body.displayName ?? user.display_name,
          role,
          org_id: orgId,
          disabled: Number(disabled),
          password_hash: body.password ? await hashPassword(body.password) : user.password_hash,
          // A password reset by an administrator is replaced by its user at the next login.
          must_change_password: body.password && user.id !== caller.userId ? 1 : user.must_change_password,
          email: body.email === undefined ? user.email : body.email.trim() || null,
        };
        await s.db.kysely.transaction().execute(async (trx) => {
          await trx.updateTable('users').set(changes).where('id', '=', user.id).execute();
          await recordAdmin(trx, caller, 'user_update', `账号 ${user.username}`, {
            ...(body.displayName !== undefined && body.displayName !== user.display_name
              ? { displayName: [user.display_name, body.displayName] }
              : {}),
            ...(role !== user.role ? { role: [user.role, role] } : {}),
            ...(orgId !== user.org_id ? { org: [s.tree.get(user.org_id)?.name ?? '', s.tree.get(orgId)?.name ?? ''] } : {}),
            ...(Boolean(user.disabled) !== disabled ? { disabled } : {}),
            ...(body.password ? { password: '已重置' } : {}),
            ...(changes.email !== user.email ? { email: [user.email ?? '', changes.email ?? ''] } : {}),
          });
        });
        if (body.password || body.disabled || body.role || body.orgId) await s.sessions.deleteForUser(user.id);
        else s.sessions.forget(user.id);
        return userView(s.tree, { ...user, ...changes });
      },
    );

    app.delete<{ Params: { id: string } }>(
      '/api/users/:id',
      {
        schema: {
          tags: ['users'],
          summary: '删除账号（管理员；账号保留在历史记录中，不能再登录）',
          params: idParams,
          response: { 204: { type: 'null', description: '已删除' }, ...errors },
        },
      },
      async (request, reply) => {
        const caller = requireCaller(request);
        requireAdmin(caller, '管理账号');
        const user = await s.db.kysely
          .selectFrom('users')
          .selectAll()
          .where('id', '=', request.params.id)
          .where('deleted_at', 'is', null)
          .executeTakeFirst();
        if (!user || !inScope(caller, user.org_id)) throw notFound('账号');
        await keepLastAdmin(s, user, '删除');
        await s.db.kysely.transaction().execute(async (trx) => {
          await trx.updateTable('users').set({ deleted_at: now(), disabled: 1 }).where('id', '=', user.id).execute();
          await recordAdmin(trx, caller, 'user_delete', `账号 ${user.username}`, { displayName: user.display_name });
        });
        await s.sessions.deleteForUser(user.id);
        return reply.status(204).send();
      },
    );
  };
}
