import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Services } from '../context.js';
import { ApiError, unauthenticated } from '../errors.js';
import type { LoginGuard } from '../login-guard.js';
import { hashPassword, verifyPassword } from '../password.js';
import type { Caller } from '../policy.js';
import { DEMO_PASSWORD } from '../demo.js';
import { SESSION_COOKIE, SESSION_HOURS, sessionId } from '../sessions.js';
import { errors, session } from '../schemas.js';
import { userView } from '../views.js';

export function requireCaller(request: FastifyRequest): Caller {
  if (!request.caller) throw unauthenticated();
  return request.caller;
}

/** A hash to verify against when the user does not exist, so both cases take the same time. */
const decoyHash = hashPassword('decoy-password-for-timing');

export function authRoutes(s: Services, attemptsPerMinute: number, guard: LoginGuard): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Body: { username: string; password: string } }>(
      '/api/auth/login',
      {
        schema: {
          tags: ['auth'],
          summary: '登录（设置会话 Cookie，返回 CSRF 令牌）',
          body: {
            type: 'object',
            required: ['username', 'password'],
            properties: {
              username: { type: 'string', minLength: 1, maxLength: 100 },
              password: { type: 'string', minLength: 1, maxLength: 200 },
            },
          },
          response: { 200: session, ...errors },
        },
        config: {
          rateLimit: {
            max: attemptsPerMinute,
            timeWindow: 60_000,
            // After the body is parsed, so each account is limited separately per address.
            hook: 'preHandler',
            keyGenerator: (req: FastifyRequest) => `${req.ip}|${(req.body as { username?: string } | undefined)?.username ?? ''}`,
          },
        },
      },
      async (request, reply) => {
        const { username, password } = request.body;
        await guard.checkAddress(request.ip);
        const user = await s.db.kysely.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
        guard.checkAccount(user ? { failedLogins: user.failed_logins, lockedUntil: user.locked_until } : await guard.unknownName(username));
        const ok = await verifyPassword(password, user?.password_hash ?? (await decoyHash));
        if (!user || !ok || user.disabled) {
          if (user) {
            const next = await guard.failed(request.ip, { failedLogins: user.failed_logins, lockedUntil: user.locked_until });
            await s.db.kysely
              .updateTable('users')
              .set((eb) => ({
                failed_logins: next.failedLogins,
                locked_until: next.lockedUntil,
                failed_since_login: eb('failed_since_login', '+', 1),
              }))
              .where('id', '=', user.id)
              .execute();
          } else {
            await guard.failedUnknown(request.ip, username);
          }
          throw new ApiError('LOGIN_FAILED', '用户名或密码不正确。');
        }
        if (s.tree.isDisabled(user.org_id)) throw new ApiError('FORBIDDEN', '您所在的组织已停用，不能登录；如有疑问请联系管理员。');
        const failures = user.failed_since_login;
        if (failures > 0 || user.failed_logins > 0 || user.locked_until !== null) {
          await s.db.kysely
            .updateTable('users')
            .set({ failed_logins: 0, locked_until: null, failed_since_login: 0 })
            .where('id', '=', user.id)
            .execute();
        }
        const { token, csrfToken } = await s.sessions.create(user.id);
        reply.setCookie(SESSION_COOKIE, token, {
          httpOnly: true,
          sameSite: 'strict',
          path: '/',
          maxAge: SESSION_HOURS * 3600,
          secure: request.protocol === 'https',
        });
        return {
          user: userView(s.tree, user),
          csrfToken,
          ...(failures > 0
            ? { notice: `自您上次登录以来，您的账号有 ${failures} 次失败的登录尝试。如果不是您本人所为，请修改密码并告知管理员。` }
            : {}),
        };
      },
    );

    app.post(
      '/api/auth/logout',
      { schema: { tags: ['auth'], summary: '退出登录', response: { 204: { type: 'null', description: '已退出' }, ...errors } } },
      async (request, reply) => {
        if (request.sessionToken) await s.sessions.delete(request.sessionToken);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send();
      },
    );

    app.post<{ Body: { currentPassword: string; newPassword: string } }>(
      '/api/auth/password',
      {
        schema: {
          tags: ['auth'],
          summary: '修改自己的密码（初始密码须先修改）',
          body: {
            type: 'object',
            required: ['currentPassword', 'newPassword'],
            properties: {
              currentPassword: { type: 'string', minLength: 1, maxLength: 200 },
              newPassword: { type: 'string', minLength: 8, maxLength: 200 },
            },
          },
          response: { 200: session, ...errors },
        },
      },
      async (request) => {
        const caller = requireCaller(request);
        const { currentPassword, newPassword } = request.body;
        const user = await s.db.kysely.selectFrom('users').selectAll().where('id', '=', caller.userId).executeTakeFirstOrThrow();
        if (!(await verifyPassword(currentPassword, user.password_hash))) throw new ApiError('BAD_REQUEST', '当前密码不正确。');
        if (newPassword === currentPassword) throw new ApiError('BAD_REQUEST', '新密码不能与当前密码相同。');
        if (newPassword === DEMO_PASSWORD) throw new ApiError('BAD_REQUEST', '新密码不能是公开的演示密码。');
        const changes = { password_hash: await hashPassword(newPassword), must_change_password: 0 };
        await s.db.kysely.updateTable('users').set(changes).where('id', '=', user.id).execute();
        // Other sessions of the account end; this one goes on.
        await s.db.kysely
          .deleteFrom('sessions')
          .where('user_id', '=', user.id)
          .where('id', '!=', sessionId(request.sessionToken ?? ''))
          .execute();
        s.sessions.forget(user.id);
        return { user: userView(s.tree, { ...user, ...changes }), csrfToken: caller.csrfToken };
      },
    );

    app.get(
      '/api/auth/me',
      { schema: { tags: ['auth'], summary: '当前用户与 CSRF 令牌', response: { 200: session, ...errors } } },
      async (request) => {
        const caller = requireCaller(request);
        const user = await s.db.kysely.selectFrom('users').selectAll().where('id', '=', caller.userId).executeTakeFirstOrThrow();
        return { user: userView(s.tree, user), csrfToken: caller.csrfToken };
      },
    );
  };
}
