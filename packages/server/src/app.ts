import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import { ContentCache } from './content-cache.js';
import { Counters, sharedRateLimitStore } from './counters.js';
import type { Services } from './context.js';
import type { Db } from './db/connect.js';
import { ApiError, ERROR_STATUS } from './errors.js';
import { frameworkError } from './framework-errors.js';
import { securityHeaders } from './headers.js';
import { ImportPool, type PoolOptions } from '@jixiao/audit';
import { FolderStore, type FileStore } from './file-store.js';
import { Jobs } from './jobs.js';
import { InProcessQueue, type JobQueue } from './queue.js';
import { LoginGuard, type LoginGuardOptions } from './login-guard.js';
import { observability } from './metrics.js';
import { RenderRefused, Renderer, type RendererOptions } from './render-thread.js';
import { OrgTree } from './org-tree.js';
import type { Caller } from './policy.js';
import { adminRoutes } from './routes/admin.js';
import { authRoutes } from './routes/auth.js';
import { batchRoutes } from './routes/batch.js';
import { documentRoutes } from './routes/documents.js';
import { historyRoutes } from './routes/history.js';
import { orgRoutes } from './routes/orgs.js';
import { packageRoutes } from './routes/packages.js';
import { publicRoutes } from './routes/public.js';
import { rectificationRoutes } from './routes/rectification.js';
import { workflowRoutes } from './routes/workflow.js';
import { overviewRoutes } from './routes/overview.js';
import { taskRoutes } from './routes/tasks.js';
import { taskDueDates } from './tasks.js';
import { noticeRoutes } from './routes/notices.js';
import { type Mailer, mailerFromEnv } from './mailer.js';
import { Notices } from './notices.js';
import { runReminders, scheduleReminders } from './reminders.js';
import { taskOpener } from './tasks.js';
import { SESSION_COOKIE, Sessions } from './sessions.js';
import { addResponseSchemas, errors, health } from './schemas.js';
import { validationMessage } from './validation.js';
import { serveWebApp } from './web-assets.js';

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
  interface FastifyRequest {
    caller: Caller | null;
    sessionToken: string | null;
  }
}

export interface AppOptions {
  db: Db;
  /** Folder of the built web app served at `/`; default packages/web/dist when it exists. */
  webRoot?: string | null;
  /** Login attempts allowed per minute per IP and user name. */
  loginAttemptsPerMinute?: number;
  /** Limits on failed logins per address and per account (login-guard.ts). */
  loginGuard?: LoginGuardOptions;
  /** Log requests (pino) — off in tests and benchmarks. */
  logger?: boolean;
  /**
   * Where job files go (export ZIPs, uploads being audited), shared by every process of a deployment
   * (job-settings.ts); default a temporary folder removed when the app closes (tests, embedded use).
   */
  files?: FileStore;
  /**
   * The queue of background work: pg-boss on PostgreSQL (shared with `jixiao worker` processes), or
   * default an in-memory queue worked in this process.
   */
  queue?: JobQueue;
  /** Whether this process works the queue too (default yes; no when `jixiao worker` processes do). */
  workJobs?: boolean;
  /** Hours a finished export job and its ZIP are kept (default 24). */
  jobRetentionHours?: number;
  /** Threads and limits of the import pool (uploads and audits); default one thread per core. */
  importPool?: PoolOptions;
  /** The clock that ages finished jobs and counts the days left to due dates (tests set it); default the system clock. */
  clock?: () => Date;
  /**
   * Behind a TLS proxy: trust its X-Forwarded-* headers (true, or the proxy's addresses, comma-separated), so
   * that client addresses are real and the session cookie is `Secure` over HTTPS. Off by default.
   */
  trustProxy?: boolean | string;
  /** Threads, time limit and fair share of document rendering. */
  renderer?: RendererOptions;
  /** Lets other hosts than loopback read /metrics with `Authorization: Bearer <token>`. */
  metricsToken?: string;
  /** Where notices are e-mailed; default the SMTP server of `JIXIAO_SMTP_URL`, or none. */
  mailer?: Mailer | null;
  /** Hour (China time, 0–23) of the daily reminders run; default none (`jixiao serve` sets `JIXIAO_REMINDER_HOUR`, default 8). */
  reminderHour?: number | null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** What a caller whose password must be changed may still do. */
const PASSWORD_CHANGE_ROUTES = new Set(['/api/auth/me', '/api/auth/logout', '/api/auth/password', '/api/health']);

/** Builds the service on an open database. Call `app.close()` to stop it (also stops the job runner). */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { db } = options;
  const app = Fastify({
    logger: options.logger ?? false,
    // A package within core's PACKAGE_LIMITS, as JSON, with room to spare.
    bodyLimit: 20 * 1024 * 1024,
    trustProxy: options.trustProxy ?? false,
    // Every request gets an id: in the JSON log lines, in the answer's x-request-id, in a 500's details.
    genReqId: () => randomUUID(),
    // A malformed address fails before any route: answered in the API's shape, in Chinese.
    frameworkErrors: (error, _request, reply) => {
      void (reply as FastifyReply).status(400).send({ error: frameworkError(error.code) });
    },
  });
  const tree = new OrgTree(db.kysely);
  let treeWatch: NodeJS.Timeout | null = null;
  await tree.reload();
  const contents = new ContentCache();
  const renderer = new Renderer(options.renderer);
  const pool = new ImportPool(options.importPool);
  let tempDir: string | null = null;
  const files = options.files ?? new FolderStore((tempDir = mkdtempSync(join(tmpdir(), 'jixiao-files-'))));
  const queue = options.queue ?? new InProcessQueue();
  const clock = options.clock ?? (() => new Date());
  const mailer = options.mailer === undefined ? mailerFromEnv() : options.mailer;
  const notices = new Notices(db.kysely, mailer, (error) => app.log.warn(`通知邮件发送失败：${error.message}`));
  let stopReminders: (() => void) | null = null;
  const jobs = new Jobs(
    { db, files, queue, contents, renderer, pool },
    {
      retentionMs: (options.jobRetentionHours ?? 24) * 3_600_000,
      ...(options.clock ? { clock: options.clock } : {}),
      reminders: async () => void (await runReminders(db.kysely, notices, clock())),
      openTask: taskOpener({ db, tree, contents, notices, clock }),
    },
  );
  const sessions = new Sessions(db.kysely);
  const counters = new Counters(db.kysely);
  const services: Services = { db, tree, jobs, contents, sessions, renderer, pool, notices, clock };

  app.decorate('services', services);
  app.decorateRequest('caller', null);
  app.decorateRequest('sessionToken', null);
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: 30 * 1024 * 1024 }, (_req, body, done) =>
    done(null, body),
  );

  securityHeaders(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  observability(app, services, options.metricsToken);
  addResponseSchemas(app);
  await app.register(fastifyCookie);
  // Per-route limits counted in the database, so that N app processes limit together.
  await app.register(fastifyRateLimit, { global: false, store: sharedRateLimitStore(counters) });
  await app.register(fastifySwagger, {
    // Shared response shapes appear under components.schemas by their own names (User, PackageDetail, …).
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    openapi: {
      info: {
        title: 'jixiao 预算绩效自评服务 API',
        version: '0.1.0',
        description: [
          '请求与响应均为 JSON；自评包内容（data）为 core 的 `jixiao-package` v1 格式。完整说明（响应结构、角色与权限、流程）见 docs/api.md。',
          '',
          '- 登录：`POST /api/auth/login` 设置 HttpOnly、SameSite=Strict 的会话 Cookie，并返回 `csrfToken`。',
          '- 带 Cookie 的写请求（POST/PUT/PATCH/DELETE）须带请求头 `x-csrf-token`。',
          '- 错误统一为 `{ "error": { "code", "message", "details"? } }`，code 稳定，message 为中文。',
          '- 他人组织的对象一律返回 404（与不存在相同）；版本过期返回 409 VERSION_CONFLICT 及当前版本。',
        ].join('\n'),
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  // Who is calling, and whether a cookie-authenticated write carries its CSRF token.
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    request.sessionToken = token;
    const caller = await sessions.callerOf(token);
    // An organisation disabled by an administrator ends its accounts' sessions at once.
    request.caller = caller && !tree.isDisabled(caller.orgId) ? caller : null;
    if (request.caller && !SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== request.caller.csrfToken) {
      throw new ApiError('CSRF', '请求缺少有效的防伪令牌（x-csrf-token），请刷新页面后重试。');
    }
    if (
      request.caller?.mustChangePassword &&
      request.url.startsWith('/api/') &&
      !PASSWORD_CHANGE_ROUTES.has(request.url.split('?')[0] ?? '')
    ) {
      throw new ApiError('PASSWORD_CHANGE_REQUIRED', '您的密码是初始密码（演示密码或管理员设定的密码），请先修改密码再继续。');
    }
  });

  app.setErrorHandler((error: FastifyError | ApiError | RenderRefused, request, reply) => {
    if (error instanceof RenderRefused) {
      const code = error.reason === 'busy' ? 'RATE_LIMITED' : error.reason === 'timeout' ? 'RENDER_TIMEOUT' : 'BAD_REQUEST';
      return reply.status(ERROR_STATUS[code]).send({ error: { code, message: error.message } });
    }
    if (error instanceof ApiError) {
      return reply
        .status(error.status)
        .send({ error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } });
    }
    if (error.validation) {
      const issues = error.validation.map((v) => ({ path: v.instancePath || '/', message: validationMessage(v) }));
      const first = issues[0];
      return reply.status(400).send({
        error: {
          code: 'BAD_REQUEST',
          message: `请求内容不符合要求：${first ? `${first.path} ${first.message}` : ''}`,
          details: { issues },
        },
      });
    }
    if (error.statusCode === 429) {
      return reply.status(429).send({ error: { code: 'RATE_LIMITED', message: '登录尝试过于频繁，请一分钟后再试。' } });
    }
    if (error.statusCode === 413) {
      return reply.status(400).send({ error: { code: 'BAD_REQUEST', message: '上传的内容过大。' } });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // The framework's messages are English and name its internals: say in Chinese what was wrong.
      return reply.status(400).send({ error: frameworkError(error.code) });
    }
    request.log.error(error);
    return reply.status(500).send({
      error: { code: 'INTERNAL', message: `服务器内部错误，请稍后重试（请求编号 ${request.id}）。`, details: { requestId: request.id } },
    });
  });

  app.get('/api/health', { schema: { tags: ['system'], summary: '健康检查', response: { 200: health, ...errors } } }, async () => ({
    ok: true,
    database: db.dialect,
  }));
  await app.register(authRoutes(services, options.loginAttemptsPerMinute ?? 10, new LoginGuard(counters, options.loginGuard)));
  await app.register(orgRoutes(services));
  await app.register(packageRoutes(services));
  await app.register(workflowRoutes(services));
  await app.register(overviewRoutes(services, taskDueDates));
  await app.register(historyRoutes(services));
  await app.register(documentRoutes(services));
  await app.register(adminRoutes(services));
  await app.register(publicRoutes(services));
  await app.register(rectificationRoutes(services));
  await app.register(batchRoutes(services));
  await app.register(taskRoutes(services));
  await app.register(noticeRoutes(services));

  const webRoot = options.webRoot === undefined ? defaultWebRoot() : options.webRoot;
  if (webRoot) {
    await serveWebApp(app, webRoot);
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    // Client-side routes of the web app get its index.html; a missing file (a name with an extension) does not.
    if (webRoot && request.method === 'GET' && !path.startsWith('/api/') && !/\.[A-Za-z0-9]+$/.test(path)) {
      return reply.sendFile('index.html');
    }
    return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `没有这个接口或文件：${request.method} ${path}` } });
  });

  app.addHook('onReady', async () => {
    if (options.workJobs ?? true) await jobs.work(renderer.threads);
    jobs.startSweeping();
    // Sent by the app processes, run by whichever process works the queue (here or a `jixiao worker`).
    if (options.reminderHour != null) stopReminders = scheduleReminders(queue, clock, options.reminderHour);
    // Organisations changed by another app process (admin routes there) are seen here within a second.
    treeWatch = setInterval(() => void tree.refreshIfChanged().catch(() => undefined), 1000);
    treeWatch.unref();
  });
  app.addHook('onClose', async () => {
    if (treeWatch) clearInterval(treeWatch);
    stopReminders?.();
    await jobs.stop();
    await notices.idle();
    mailer?.close();
    await renderer.close();
    await pool.close();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  });
  return app;
}

function defaultWebRoot(): string | null {
  const root = resolve(join(import.meta.dirname, '../../web/dist'));
  return existsSync(join(root, 'index.html')) ? root : null;
}
