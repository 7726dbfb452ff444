import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../src/db/schema.js';
import { hashPassword } from '../src/password.js';
import { createPackage, transition, visiblePackage } from '../src/package-service.js';
import type { Caller } from '../src/policy.js';
import { addEntry, storedPoints } from '../src/rectification.js';
import { openTask } from '../src/tasks.js';
import { newPackage } from '@jixiao/core';
import { type Client, DEMO_PASSWORD, type Response, type TestApp, startApp } from './harness.js';

/**
 * Every role against every endpoint, on its own organisation's data and on another's. Denials are
 * 401 (no login), 403 (in scope, role may not) and 404 (outside the scope: nothing revealed).
 */
type Who = Role | 'anonymous';
type Expect = 'ok' | 401 | 403 | 404;
const WHO: Who[] = ['filler', 'unit_head', 'dept_reviewer', 'finance_reviewer', 'admin', 'anonymous'];
const LOGIN: Record<Role, string> = {
  filler: 'tianbao',
  unit_head: 'fuzeren',
  dept_reviewer: 'bumen',
  finance_reviewer: 'caizheng',
  admin: 'admin',
};

interface Target {
  /** A fresh draft package the case acts on. */
  packageId: string;
  /** A fresh package of the same unit with one point of rectification: returned (to answer) or resubmitted with the point answered (to decide). */
  pointIn(stage: 'returned' | 'resubmitted'): Promise<{ packageId: string; pointId: string }>;
  unitId: string;
  departmentId: string;
  orgId: string;
  userId: string;
  jobId: string;
  /** a task with the case's unit in it; a notice of the caller's own (own) or of another user (other) */
  taskId: string;
  noticeId: string;
}

interface Endpoint {
  name: string;
  call(c: Client, t: Target): Promise<Response>;
  own: Partial<Record<Who, Expect>>;
  /** Expected on another organisation's data; default: 404 for a login, 401 for anonymous. */
  other?: Partial<Record<Who, Expect>>;
}

const scoped = ['filler', 'unit_head', 'dept_reviewer', 'finance_reviewer'] as const;
const all = (e: Expect, ...who: readonly Who[]) => Object.fromEntries(who.map((w) => [w, e])) as Partial<Record<Who, Expect>>;
const v1 = { version: 1 };

/** A batch act answers 200 with each package's outcome: the case's one package stands for the route, its refusal as its status. */
async function firstOutcome(res: Response): Promise<Response> {
  const error = res.status === 200 ? res.body.results[0].error : null;
  return error ? { ...res, status: error.status, body: { error } } : res;
}

const ENDPOINTS: Endpoint[] = [
  {
    name: 'GET package',
    call: (c, t) => c.get(`/api/packages/${t.packageId}`),
    own: { ...all('ok', ...scoped), admin: 404, anonymous: 404 },
    other: { anonymous: 404 },
  },
  {
    name: 'GET check',
    call: (c, t) => c.get(`/api/packages/${t.packageId}/check`),
    own: { ...all('ok', ...scoped), admin: 404, anonymous: 404 },
    other: { anonymous: 404 },
  },
  {
    name: 'GET export',
    call: (c, t) => c.get(`/api/packages/${t.packageId}/export?format=json`),
    own: { ...all('ok', ...scoped), admin: 404, anonymous: 404 },
    other: { anonymous: 404 },
  },
  {
    name: 'GET export with 整改情况',
    call: (c, t) => c.get(`/api/packages/${t.packageId}/export?format=docx&appendix=rectification`),
    own: { ...all('ok', ...scoped), admin: 404, anonymous: 404 },
    other: { anonymous: 404 },
  },
  {
    name: 'PUT package',
    call: async (c, t) => c.put(`/api/packages/${t.packageId}`, { version: 1, data: newPackage('x', '', 2030) }),
    own: { ...all('ok', 'filler', 'unit_head'), ...all(403, 'dept_reviewer', 'finance_reviewer'), admin: 404, anonymous: 401 },
  },
  {
    name: 'POST import into package',
    call: async (c, t) => c.post(`/api/packages/${t.packageId}/import`, { version: 1, mode: 'merge', data: newPackage('x', '', 2030) }),
    own: { ...all('ok', 'filler', 'unit_head'), ...all(403, 'dept_reviewer', 'finance_reviewer'), admin: 404, anonymous: 401 },
  },
  {
    name: 'GET history',
    call: (c, t) => c.get(`/api/packages/${t.packageId}/history`),
    own: { ...all('ok', ...scoped), admin: 404, anonymous: 401 },
  },
  {
    name: 'GET version',
    call: (c, t) => c.get(`/api/packages/${t.packageId}/versions/1`),
    own: { ...all('ok', ...scoped), admin: 404, anonymous: 401 },
  },
  {
    name: 'POST restore',
    call: (c, t) => c.post(`/api/packages/${t.packageId}/versions/1/restore`, v1),
    own: { ...all('ok', 'filler', 'unit_head'), ...all(403, 'dept_reviewer', 'finance_reviewer'), admin: 404, anonymous: 401 },
  },
  {
    name: 'POST submit',
    call: (c, t) => c.post(`/api/packages/${t.packageId}/submit`, v1),
    own: { unit_head: 'ok', ...all(403, 'filler', 'dept_reviewer', 'finance_reviewer'), admin: 404, anonymous: 401 },
  },
  {
    name: 'POST review approve',
    call: (c, t) => c.post(`/api/packages/${t.packageId}/review`, { version: 1, decision: 'approve' }),
    own: { ...all('ok', 'dept_reviewer', 'finance_reviewer'), ...all(403, 'filler', 'unit_head'), admin: 404, anonymous: 401 },
  },
  {
    name: 'POST review return',
    call: (c, t) => c.post(`/api/packages/${t.packageId}/review`, { version: 1, decision: 'return', comment: '退回' }),
    own: { ...all('ok', 'dept_reviewer', 'finance_reviewer'), ...all(403, 'filler', 'unit_head'), admin: 404, anonymous: 401 },
  },
  {
    name: 'POST publish',
    call: (c, t) => c.post(`/api/packages/${t.packageId}/publish`, v1),
    own: { finance_reviewer: 'ok', ...all(403, 'filler', 'unit_head', 'dept_reviewer'), admin: 404, anonymous: 401 },
  },
  {
    name: 'POST reopen',
    call: (c, t) => c.post(`/api/packages/${t.packageId}/reopen`, { version: 1, reason: '更正' }),
    own: { ...all('ok', 'dept_reviewer', 'finance_reviewer'), ...all(403, 'filler', 'unit_head'), admin: 404, anonymous: 401 },
  },
  {
    name: 'POST packages',
    call: (c, t) => c.post('/api/packages', { orgId: t.unitId, year: 2090, from: 'blank' }),
    own: { ...all('ok', 'filler', 'unit_head'), ...all(403, 'dept_reviewer', 'finance_reviewer'), admin: 404, anonymous: 401 },
  },
  {
    name: 'POST exports',
    call: (c, t) => c.post('/api/exports', { departmentId: t.departmentId, year: 2023, format: 'json' }),
    own: { ...all('ok', 'dept_reviewer', 'finance_reviewer'), ...all(404, 'filler', 'unit_head'), admin: 403, anonymous: 401 },
  },
  { name: 'GET job', call: (c, t) => c.get(`/api/jobs/${t.jobId}`), own: { ...all(404, ...scoped, 'admin'), anonymous: 401 } },
  {
    name: 'GET job download',
    call: (c, t) => c.get(`/api/jobs/${t.jobId}/download`),
    own: { ...all(404, ...scoped, 'admin'), anonymous: 401 },
  },
  {
    name: 'GET orgs',
    call: (c) => c.get('/api/orgs'),
    own: { ...all('ok', ...scoped, 'admin'), anonymous: 401 },
    other: { ...all('ok', ...scoped, 'admin'), anonymous: 401 },
  },
  { name: 'GET org', call: (c, t) => c.get(`/api/orgs/${t.orgId}`), own: { ...all('ok', ...scoped, 'admin'), anonymous: 401 } },
  {
    name: 'PATCH org',
    call: (c, t) => c.patch(`/api/orgs/${t.orgId}`, { name: '改名后的组织' }),
    own: { admin: 'ok', ...all(403, ...scoped), anonymous: 401 },
  },
  {
    name: 'POST org',
    call: (c, t) => c.post('/api/orgs', { name: '新主管部门', kind: 'department', parentId: t.orgId }),
    own: { admin: 'ok', ...all(403, ...scoped), anonymous: 401 },
    other: { admin: 404, ...all(403, ...scoped), anonymous: 401 },
  },
  {
    name: 'GET users',
    call: (c) => c.get('/api/users'),
    own: { admin: 'ok', ...all(403, ...scoped), anonymous: 401 },
    other: { admin: 'ok', ...all(403, ...scoped), anonymous: 401 },
  },
  {
    name: 'POST user',
    call: (c, t) =>
      c.post('/api/users', {
        username: `u${randomUUID().slice(0, 8)}`,
        displayName: '新审核',
        password: 'password-123',
        role: 'finance_reviewer',
        orgId: t.orgId,
      }),
    own: { admin: 'ok', ...all(403, ...scoped), anonymous: 401 },
    other: { admin: 404, ...all(403, ...scoped), anonymous: 401 },
  },
  {
    name: 'PATCH user',
    call: (c, t) => c.patch(`/api/users/${t.userId}`, { displayName: '改名' }),
    own: { admin: 'ok', ...all(403, ...scoped), anonymous: 401 },
    other: { admin: 404, ...all(403, ...scoped), anonymous: 401 },
  },
  {
    name: 'POST own password',
    // A wrong current password: the check is on the password, not on who may call.
    call: (c) => c.post('/api/auth/password', { currentPassword: 'not-the-password', newPassword: 'another-password' }),
    own: { ...all('ok', ...scoped, 'admin'), anonymous: 401 },
    other: { ...all('ok', ...scoped, 'admin'), anonymous: 401 },
  },
  {
    name: 'GET admin log',
    call: (c) => c.get('/api/admin/log'),
    own: { admin: 'ok', ...all(403, ...scoped), anonymous: 401 },
    other: { admin: 'ok', ...all(403, ...scoped), anonymous: 401 },
  },
  {
    name: 'POST region import (preview)',
    call: (c) =>
      c.request(
        'POST',
        '/api/admin/region-import?filename=a.csv&apply=false',
        Buffer.from('主管部门,预算单位,用户名,姓名,角色\r\n新局,,newdept,新局 审核,部门审核'),
      ),
    own: { admin: 'ok', ...all(403, ...scoped), anonymous: 401 },
    other: { admin: 'ok', ...all(403, ...scoped), anonymous: 401 },
  },
  {
    name: 'DELETE org',
    call: (c, t) => c.request('DELETE', `/api/orgs/${t.orgId}`),
    own: { admin: 'ok', ...all(403, ...scoped), anonymous: 401 },
    other: { admin: 404, ...all(404, ...scoped), anonymous: 401 },
  },
  {
    name: 'POST import',
    call: (c) => c.request('POST', '/api/import?filename=a.json', Buffer.from(JSON.stringify(newPackage('x', '', 2030)))),
    own: { ...all('ok', 'filler', 'unit_head'), ...all(403, 'dept_reviewer', 'finance_reviewer', 'admin'), anonymous: 401 },
    other: { ...all('ok', 'filler', 'unit_head'), ...all(403, 'dept_reviewer', 'finance_reviewer', 'admin'), anonymous: 401 },
  },
  // Batch work (routes/batch.ts) and the rectification loop (routes/rectification.ts).
  {
    name: 'POST batch approve',
    call: async (c, t) => firstOutcome(await c.post('/api/batch/acts', { action: 'approve', items: [{ id: t.packageId, version: 1 }] })),
    own: { ...all('ok', 'dept_reviewer', 'finance_reviewer'), ...all(403, 'filler', 'unit_head', 'admin'), anonymous: 401 },
    other: { ...all(404, 'dept_reviewer', 'finance_reviewer'), ...all(403, 'filler', 'unit_head', 'admin'), anonymous: 401 },
  },
  {
    name: 'POST batch return',
    call: async (c, t) =>
      firstOutcome(await c.post('/api/batch/acts', { action: 'return', comment: '退回', items: [{ id: t.packageId, version: 1 }] })),
    own: { ...all('ok', 'dept_reviewer', 'finance_reviewer'), ...all(403, 'filler', 'unit_head', 'admin'), anonymous: 401 },
    other: { ...all(404, 'dept_reviewer', 'finance_reviewer'), ...all(403, 'filler', 'unit_head', 'admin'), anonymous: 401 },
  },
  {
    name: 'POST batch publish',
    call: async (c, t) => firstOutcome(await c.post('/api/batch/acts', { action: 'publish', items: [{ id: t.packageId, version: 1 }] })),
    own: { finance_reviewer: 'ok', ...all(403, 'filler', 'unit_head', 'dept_reviewer', 'admin'), anonymous: 401 },
    other: { finance_reviewer: 404, ...all(403, 'filler', 'unit_head', 'dept_reviewer', 'admin'), anonymous: 401 },
  },
  {
    name: 'POST batch export',
    call: (c, t) => c.post('/api/batch/export', { ids: [t.packageId], format: 'json' }),
    own: { ...all('ok', 'dept_reviewer', 'finance_reviewer'), ...all(403, 'filler', 'unit_head', 'admin'), anonymous: 401 },
    other: { ...all(404, 'dept_reviewer', 'finance_reviewer'), ...all(403, 'filler', 'unit_head', 'admin'), anonymous: 401 },
  },
  {
    name: 'GET rectification',
    call: async (c, t) => c.get(`/api/packages/${(await t.pointIn('returned')).packageId}/rectification`),
    own: { ...all('ok', ...scoped), admin: 404, anonymous: 401 },
  },
  {
    name: 'POST rectification answer',
    call: async (c, t) => {
      const { packageId, pointId } = await t.pointIn('returned');
      return c.post(`/api/packages/${packageId}/rectification/${pointId}/answer`, { text: '已整改', done: true });
    },
    own: { ...all('ok', 'filler', 'unit_head'), ...all(403, 'dept_reviewer', 'finance_reviewer'), admin: 404, anonymous: 401 },
  },
  {
    name: 'POST rectification decision',
    call: async (c, t) => {
      const { packageId, pointId } = await t.pointIn('resubmitted');
      return c.post(`/api/packages/${packageId}/rectification/${pointId}/decision`, { version: 1, decision: 'accept' });
    },
    own: { ...all('ok', 'dept_reviewer', 'finance_reviewer'), ...all(403, 'filler', 'unit_head'), admin: 404, anonymous: 401 },
  },
  // The region overview: 财政审核 for their region, 部门审核 for their department; a department outside is 404.
  {
    name: 'GET overview',
    call: (c, t) => c.get(`/api/overview?year=2023&departmentId=${t.departmentId}`),
    own: { ...all('ok', 'dept_reviewer', 'finance_reviewer'), ...all(403, 'filler', 'unit_head', 'admin'), anonymous: 401 },
    other: { ...all(404, 'dept_reviewer', 'finance_reviewer'), ...all(403, 'filler', 'unit_head', 'admin'), anonymous: 401 },
  },
  {
    name: 'GET overview units',
    call: (c, t) => c.get(`/api/overview/units?year=2023&departmentId=${t.departmentId}&status=draft`),
    own: { ...all('ok', 'dept_reviewer', 'finance_reviewer'), ...all(403, 'filler', 'unit_head', 'admin'), anonymous: 401 },
    other: { ...all(404, 'dept_reviewer', 'finance_reviewer'), ...all(403, 'filler', 'unit_head', 'admin'), anonymous: 401 },
  },
  {
    name: 'GET overview export',
    call: (c, t) => c.get(`/api/overview/export?year=2023&departmentId=${t.departmentId}`),
    own: { ...all('ok', 'dept_reviewer', 'finance_reviewer'), ...all(403, 'filler', 'unit_head', 'admin'), anonymous: 401 },
    other: { ...all(404, 'dept_reviewer', 'finance_reviewer'), ...all(403, 'filler', 'unit_head', 'admin'), anonymous: 401 },
  },
  // The public portal: every role and anonymous visitors read it alike.
  {
    name: 'GET public list',
    call: (c) => c.get('/public'),
    own: all('ok', ...WHO),
    other: all('ok', ...WHO),
  },
  {
    name: 'GET public open data',
    call: (c) => c.get('/public/data/2023.csv'),
    own: all('ok', ...WHO),
    other: all('ok', ...WHO),
  },
  {
    name: 'DELETE package',
    call: (c, t) => c.request('DELETE', `/api/packages/${t.packageId}?version=1`),
    own: { ...all('ok', 'filler', 'unit_head'), ...all(403, 'dept_reviewer', 'finance_reviewer'), admin: 404, anonymous: 401 },
  },
  // Tasks and notices (routes/tasks.ts, routes/notices.ts).
  {
    name: 'GET tasks',
    call: (c) => c.get('/api/tasks'),
    own: { ...all('ok', ...scoped), admin: 403, anonymous: 401 },
    other: { ...all('ok', ...scoped), admin: 403, anonymous: 401 },
  },
  {
    name: 'POST task',
    call: (c, t) =>
      c.post('/api/tasks', {
        year: 2095,
        template: 'default',
        submitDue: '2095-05-31',
        reviewDue: '2095-06-15',
        scope: { kind: 'department', departmentId: t.departmentId },
      }),
    own: { finance_reviewer: 'ok', ...all(403, 'filler', 'unit_head', 'dept_reviewer', 'admin'), anonymous: 401 },
    other: { finance_reviewer: 404, ...all(403, 'filler', 'unit_head', 'dept_reviewer', 'admin'), anonymous: 401 },
  },
  {
    // The own task is opened already: the finance bureau's retry is refused with 409, past the scope check.
    name: 'POST task retry',
    call: (c, t) => c.post(`/api/tasks/${t.taskId}/retry`),
    own: { finance_reviewer: 'ok', ...all(403, 'filler', 'unit_head', 'dept_reviewer', 'admin'), anonymous: 401 },
    other: { finance_reviewer: 404, ...all(403, 'filler', 'unit_head', 'dept_reviewer', 'admin'), anonymous: 401 },
  },
  {
    name: 'GET task',
    call: (c, t) => c.get(`/api/tasks/${t.taskId}`),
    own: { ...all('ok', ...scoped), admin: 403, anonymous: 401 },
    other: { ...all(404, ...scoped), admin: 403, anonymous: 401 },
  },
  {
    name: 'GET package task',
    call: (c, t) => c.get(`/api/packages/${t.packageId}/task`),
    own: { ...all('ok', ...scoped), admin: 404, anonymous: 401 },
  },
  {
    name: 'GET notices',
    call: (c) => c.get('/api/notices'),
    own: { ...all('ok', ...scoped, 'admin'), anonymous: 401 },
    other: { ...all('ok', ...scoped, 'admin'), anonymous: 401 },
  },
  {
    name: 'POST notice read',
    call: (c, t) => c.post(`/api/notices/${t.noticeId}/read`),
    own: { ...all('ok', ...scoped, 'admin'), anonymous: 401 },
  },
  {
    name: 'POST notices read-all',
    call: (c) => c.post('/api/notices/read-all'),
    own: { ...all('ok', ...scoped, 'admin'), anonymous: 401 },
    other: { ...all('ok', ...scoped, 'admin'), anonymous: 401 },
  },
  // Last: it removes the account the other user cases act on.
  {
    name: 'DELETE user',
    call: (c, t) => c.request('DELETE', `/api/users/${t.userId}`),
    own: { admin: 'ok', ...all(403, ...scoped), anonymous: 401 },
    other: { admin: 404, ...all(403, ...scoped), anonymous: 401 },
  },
];

describe('authorisation matrix: every role × every endpoint × own / other organisation', () => {
  let t: TestApp;
  const clients = new Map<Who, Client>();
  const ids = new Map<string, string>();
  let year = 2030;

  beforeAll(async () => {
    t = await startApp('sqlite');
    const db = t.db.kysely;
    const s = t.app.services;
    /** Waits for a job to finish (up to a minute); it must be done. */
    const untilDone = async (jobId: string) => {
      const status = async () => (await db.selectFrom('jobs').select('status').where('id', '=', jobId).executeTakeFirstOrThrow()).status;
      for (let i = 0; i < 1200 && ['queued', 'running'].includes(await status()); i++) await new Promise((r) => setTimeout(r, 50));
      expect(await status()).toBe('done');
    };
    for (const w of WHO) clients.set(w, await t.client(w === 'anonymous' ? undefined : LOGIN[w]));
    // A second region, outside everyone's scope: finance bureau → department → unit, with a user.
    const at = new Date().toISOString();
    for (const [key, kind, parent] of [
      ['financeB', 'finance', null],
      ['deptB', 'department', 'financeB'],
      ['unitB', 'unit', 'deptB'],
    ] as const) {
      ids.set(key, randomUUID());
      await db
        .insertInto('orgs')
        .values({
          id: ids.get(key) as string,
          name: `外区${key}`,
          kind,
          parent_id: parent ? (ids.get(parent) as string) : null,
          created_at: at,
        })
        .execute();
    }
    ids.set('userB', randomUUID());
    await db
      .insertInto('users')
      .values({
        id: ids.get('userB') as string,
        username: 'other-region',
        display_name: '外区填报',
        role: 'filler',
        org_id: ids.get('unitB') as string,
        password_hash: await hashPassword(DEMO_PASSWORD),
        disabled: 0,
        created_at: at,
      })
      .execute();
    await s.tree.reload();
    const orgs = (await clients.get('admin')?.get('/api/orgs'))?.body.orgs as { id: string; name: string; kind: string }[];
    for (const o of orgs) ids.set(o.name, o.id);
    const users = (await clients.get('admin')?.get('/api/users'))?.body.users as { id: string; username: string }[];
    for (const u of users) ids.set(u.username, u.id);
    // A job that belongs to somebody else (another department reviewer's): nobody else sees it.
    const job = await s.jobs.enqueueExport(ids.get('userB') as string, {
      departmentId: ids.get('deptB') as string,
      year: 2023,
      format: 'json',
    });
    ids.set('job', job.id);
    // A task of the streets department's units, and one of the other region's unit (opened by its finance bureau).
    const finance = { csrfToken: '', mustChangePassword: false, displayName: '', username: '' };
    const task = await openTask(
      s,
      { ...finance, userId: ids.get('caizheng') as string, role: 'finance_reviewer', orgId: ids.get('岳阳市岳阳楼区财政局') as string },
      {
        year: 2029,
        template: 'default',
        submitDue: '2029-05-31',
        reviewDue: '2029-06-15',
        note: '',
        scope: { kind: 'department', departmentId: ids.get('岳阳市岳阳楼区人民政府（街道主管部门）') as string },
      },
    );
    ids.set('task', task.task.id);
    // Its units are taken by its job: the cases read the task once they are in.
    await untilDone(task.job.id);
    const taskB = await openTask(
      s,
      { ...finance, userId: ids.get('userB') as string, role: 'finance_reviewer', orgId: ids.get('financeB') as string },
      {
        year: 2029,
        template: 'default',
        submitDue: '2029-05-31',
        reviewDue: '2029-06-15',
        note: '',
        scope: { kind: 'all' },
      },
    );
    ids.set('taskB', taskB.task.id);
    await untilDone(taskB.job.id);
    // One notice of each user's own, many times over (each case marks one read).
    for (const username of [...Object.values(LOGIN), 'other-region']) {
      const userId = ids.get(username === 'other-region' ? 'userB' : username) as string;
      await s.notices.notify([userId], { kind: 'approved', title: '通知', body: '测试通知' });
      const notice = await db.selectFrom('notices').select('id').where('user_id', '=', userId).executeTakeFirstOrThrow();
      ids.set(`notice:${username}`, notice.id);
    }
  });
  afterAll(async () => t?.close());

  /** A fresh draft in the given unit, created as that unit's own user would. */
  async function draftIn(unitId: string): Promise<string> {
    const s = t.app.services;
    const owner = unitId === ids.get('unitB') ? (ids.get('userB') as string) : (ids.get('tianbao') as string);
    const y = year++;
    const row = await createPackage(
      s,
      { userId: owner, username: '', displayName: '', role: 'filler', orgId: unitId, csrfToken: '', mustChangePassword: false },
      unitId,
      y,
      newPackage('单位', '', y),
      'create',
    );
    return row.id;
  }

  /** A fresh package in the unit, submitted and returned with one point (answered and resubmitted, for a decision). */
  async function pointIn(unitId: string, stage: 'returned' | 'resubmitted'): Promise<{ packageId: string; pointId: string }> {
    const s = t.app.services;
    const packageId = await draftIn(unitId);
    const userId = unitId === ids.get('unitB') ? (ids.get('userB') as string) : (ids.get('tianbao') as string);
    const as = (role: Role): Caller => ({
      userId,
      username: '',
      displayName: '',
      role,
      orgId: unitId,
      csrfToken: '',
      mustChangePassword: false,
    });
    let row = await transition(s, as('unit_head'), await visiblePackage(s, as('unit_head'), packageId), 'submit', '', []);
    row = await transition(s, as('dept_reviewer'), row, 'return', '', [{ path: 'basicData.staffing.actual', message: '请核对' }]);
    const [point] = await storedPoints(s.db.kysely, packageId);
    if (stage === 'resubmitted') {
      await addEntry(s.db.kysely, point!.id, { kind: 'answer', text: '已核对', done: true }, row.version, userId, new Date().toISOString());
      await transition(s, as('unit_head'), row, 'submit', '', []);
    }
    return { packageId, pointId: point!.id };
  }

  const own = (who: Who): Omit<Target, 'packageId' | 'pointIn'> => ({
    unitId: ids.get('岳阳市岳阳楼区吕仙亭街道办事处') as string,
    departmentId: ids.get('岳阳市岳阳楼区人民政府（街道主管部门）') as string,
    orgId:
      who === 'anonymous'
        ? (ids.get('岳阳市岳阳楼区财政局') as string)
        : ({
            filler: ids.get('岳阳市岳阳楼区吕仙亭街道办事处'),
            unit_head: ids.get('岳阳市岳阳楼区吕仙亭街道办事处'),
            dept_reviewer: ids.get('岳阳市岳阳楼区人民政府（街道主管部门）'),
            finance_reviewer: ids.get('岳阳市岳阳楼区财政局'),
            admin: ids.get('岳阳市岳阳楼区财政局'),
          }[who] as string),
    userId: ids.get('xiaoxue') as string,
    jobId: ids.get('job') as string,
    taskId: ids.get('task') as string,
    noticeId: ids.get(`notice:${who === 'anonymous' ? 'tianbao' : LOGIN[who]}`) as string,
  });

  /** Another organisation's data: a sibling unit for unit roles, another department for department reviewers, another region otherwise. */
  const other = (who: Who): Omit<Target, 'packageId' | 'pointIn'> => {
    const sibling =
      who === 'filler' || who === 'unit_head'
        ? ids.get('岳阳市岳阳楼区洞庭街道办事处')
        : who === 'dept_reviewer'
          ? ids.get('岳阳市岳阳楼区示范小学')
          : ids.get('unitB');
    return {
      unitId: sibling as string,
      departmentId: (who === 'dept_reviewer' ? ids.get('岳阳市岳阳楼区教育局') : ids.get('deptB')) as string,
      orgId: (who === 'filler' || who === 'unit_head'
        ? sibling
        : who === 'dept_reviewer'
          ? ids.get('岳阳市岳阳楼区教育局')
          : ids.get('financeB')) as string,
      userId: ids.get('userB') as string,
      jobId: ids.get('job') as string,
      taskId: ids.get('taskB') as string,
      noticeId: ids.get('notice:other-region') as string,
    };
  };

  const cases = ENDPOINTS.flatMap((e) => WHO.flatMap((who) => (['own', 'other'] as const).map((scope) => ({ e, who, scope }))));

  it.each(cases.map((c) => [c.e.name, c.who, c.scope, c] as const))('%s as %s on %s data', async (_n, who, scope, { e }) => {
    const base = scope === 'own' ? own(who) : other(who);
    const target: Target = { ...base, packageId: await draftIn(base.unitId), pointIn: (stage) => pointIn(base.unitId, stage) };
    const expected: Expect = (scope === 'own' ? e.own[who] : e.other?.[who]) ?? (who === 'anonymous' ? 401 : 404);
    const res = await e.call(clients.get(who) as Client, target);
    if (expected === 'ok') {
      expect([401, 403, 404], `${e.name} as ${who}: ${JSON.stringify(res.body)}`).not.toContain(res.status);
      expect(res.status).toBeLessThan(500);
    } else {
      expect(res.status, `${e.name} as ${who} on ${scope}: ${JSON.stringify(res.body)}`).toBe(expected);
      const code = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' }[expected];
      expect(res.body.error.code).toBe(code);
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('answers an unknown id exactly like another organisation’s id', async () => {
    const filler = clients.get('filler') as Client;
    const missing = await filler.get(`/api/packages/${randomUUID()}`);
    const foreign = await filler.get(`/api/packages/${await draftIn(ids.get('unitB') as string)}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(missing.body);
  });

  it('refuses a cookie-authenticated write without the CSRF token', async () => {
    const filler = clients.get('filler') as Client;
    const id = await draftIn(ids.get('岳阳市岳阳楼区吕仙亭街道办事处') as string);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/packages/${id}/versions/1/restore`,
      headers: { cookie: filler.cookie as string, 'content-type': 'application/json' },
      payload: JSON.stringify(v1),
    });
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(res.body).error.code).toBe('CSRF');
  });

  it('sets the session cookie HttpOnly and SameSite=Strict', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'tianbao', password: DEMO_PASSWORD } });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
  });

  it('locks an account after five failed logins in a row, even against the right password', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'dongting', password: 'wrong' } });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const limited = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'dongting', password: DEMO_PASSWORD },
    });
    expect(JSON.parse(limited.body).error.code).toBe('RATE_LIMITED');
  });
});
