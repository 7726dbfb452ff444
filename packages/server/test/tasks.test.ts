/**
 * The finance bureau's tasks on SQLite and PostgreSQL: opening for all units, a department or a list,
 * answered at once while a job takes the units (its progress on the task and the job); a job stopped
 * half-way and run again duplicates nothing; opening again adds nothing; days left and overdue by the
 * service's clock (set by the test), the finance bureau's own due day too; the first submission
 * recorded, late after the due day; notices of acts and reminders (once each, also through the
 * queue, at most one notice and e-mail per user and day); e-mail to a local SMTP sink; deleting a
 * draft only before its first submission.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { migrate } from '../src/db/migrations.js';
import { SmtpMailer } from '../src/mailer.js';
import { Notices } from '../src/notices.js';
import { type Handler, InProcessQueue, type JobQueue, type QueueMessage, type QueueName } from '../src/queue.js';
import { runReminders, scheduleReminders } from '../src/reminders.js';
import { taskOpener } from '../src/tasks.js';
import {
  BACKENDS,
  type Client,
  type SmtpSink,
  type TestApp,
  addUnits,
  partlyMigrated,
  startApp,
  startSmtpSink,
  untilFinished,
} from './harness.js';

/** The task the tests open for one department: 2024, submitted by 31 May, reviewed by 15 June; `extra` adds or overrides. */
const departmentTask = (departmentId: string, extra: Record<string, unknown> = {}) => ({
  year: 2024,
  template: 'default',
  submitDue: '2024-05-31',
  reviewDue: '2024-06-15',
  scope: { kind: 'department', departmentId },
  ...extra,
});

const STREETS = '岳阳市岳阳楼区人民政府（街道主管部门）';
const LVXIANTING = '岳阳市岳阳楼区吕仙亭街道办事处';
const SCHOOL = '岳阳市岳阳楼区示范小学';
const NANHU = '岳阳市岳阳楼区南湖街道办事处';

describe.each(BACKENDS)('tasks and deadlines on %s', (backend) => {
  let t: TestApp;
  let at = new Date('2024-05-20T02:00:00Z'); // 10:00 in China, 11 days before the submit due day
  const queue = new InProcessQueue();
  let finance: Client;
  let dept: Client;
  let filler: Client;
  let head: Client;
  const orgs = new Map<string, string>();
  let taskId = '';

  beforeAll(async () => {
    t = await startApp(backend, { clock: () => at, mailer: null, queue });
    finance = await t.client('caizheng');
    dept = await t.client('bumen');
    filler = await t.client('tianbao');
    head = await t.client('fuzeren');
    for (const o of (await finance.get('/api/orgs')).body.orgs as { id: string; name: string }[]) orgs.set(o.name, o.id);
  });
  afterAll(async () => t?.close());

  const packagesOf = async (year: number) =>
    (await finance.get(`/api/packages?year=${year}&limit=500`)).body.packages as { id: string; orgName: string; version: number }[];
  const noticesOf = async (c: Client) => (await c.get('/api/notices?limit=200')).body as { unread: number; notices: Record<string, any>[] }; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON
  /** Opens a task (answered at once) and waits for its job; the task as then read. */
  const open = async (body: Record<string, unknown>) => {
    const res = await finance.post('/api/tasks', body);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body.task.opening).toMatchObject({ state: 'opening', jobId: res.body.job.id, summary: null });
    const job = await untilFinished(finance, res.body.job.id);
    expect(job, JSON.stringify(job)).toMatchObject({ kind: 'open_task', status: 'done' });
    const task = (await finance.get(`/api/tasks/${res.body.task.id}`)).body;
    expect(task.opening).toMatchObject({ state: 'opened', done: job.progress.total, total: job.progress.total });
    return task;
  };

  it('opens a year for a department: each unit gets its package, from last year’s, and is told', async () => {
    const task = await open(
      departmentTask(orgs.get(STREETS)!, { template: 'platform-caps', financeDue: '2024-06-20', note: '请按新口径填报三公经费。' }),
    );
    expect(task.opening.summary).toEqual({ created: 3, carriedOver: 3, linked: 0, skipped: 0 });
    taskId = task.id;
    expect(task).toMatchObject({
      year: 2024,
      submitDue: '2024-05-31',
      submitDaysLeft: 11,
      submitDueText: '还有 11 天',
      financeDue: '2024-06-20',
    });
    expect(task.totals).toMatchObject({ units: 3, submitted: 0, overdue: 0 });
    const made = await packagesOf(2024);
    expect(made.map((p) => p.orgName).sort()).toEqual(
      ['岳阳市岳阳楼区南湖街道办事处', '岳阳市岳阳楼区吕仙亭街道办事处', '岳阳市岳阳楼区洞庭街道办事处'].sort(),
    );
    // Started from 2023: last year's 决算 is this year's 上年; the template is the task's.
    const lvxianting = made.find((p) => p.orgName === LVXIANTING)!;
    const detail = (await filler.get(`/api/packages/${lvxianting.id}`)).body;
    expect(detail.data.template).toBe('platform-caps');
    expect(detail.data.year).toBe(2024);
    const mine = await noticesOf(filler);
    expect(mine.unread).toBe(1);
    expect(mine.notices[0]).toMatchObject({ kind: 'task_opened', taskId, read: false });
    expect(mine.notices[0]!.body).toContain('2024-05-31');
    expect(mine.notices[0]!.body).toContain('请按新口径填报三公经费。');
    const reviewer = await noticesOf(dept);
    expect(reviewer.notices[0]!.title).toContain('3 个单位');
    expect(reviewer.notices[0]!.body).toContain('部门审核截止 2024-06-15');
    expect(reviewer.notices[0]!.body).toContain('财政审核截止 2024-06-20');
    // The school is in another department: it heard nothing.
    expect((await noticesOf(await t.client('xiaoxue'))).unread).toBe(0);
  });

  it('opening again duplicates nothing; "all" then adds only the units not yet in a task', async () => {
    const again = await finance.post('/api/tasks', departmentTask(orgs.get(STREETS)!));
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('DUPLICATE');
    expect(again.body.error.message).toContain('均已下达');
    expect(await packagesOf(2024)).toHaveLength(3);
    const all = await open({
      year: 2024,
      template: 'default',
      submitDue: '2024-06-10',
      reviewDue: '2024-06-20',
      scope: { kind: 'all' },
    });
    expect(all.opening.summary).toMatchObject({ created: 1, skipped: 3 });
    expect(await packagesOf(2024)).toHaveLength(4);
    expect((await finance.get('/api/tasks?year=2024')).body.tasks).toHaveLength(2);
  });

  it('opens a year for a list of units, keeping a package the unit already has', async () => {
    const school = orgs.get(SCHOOL)!;
    const own = await (await t.client('xiaoxue')).post('/api/packages', { orgId: school, year: 2025, from: 'blank' });
    expect(own.status).toBe(201);
    const task = await open({
      year: 2025,
      template: 'default',
      submitDue: '2025-05-31',
      reviewDue: '2025-06-15',
      financeDue: '2025-06-30',
      scope: { kind: 'units', unitIds: [school, orgs.get(LVXIANTING)] },
    });
    expect(task.opening.summary).toEqual({ created: 1, carriedOver: 1, linked: 1, skipped: 0 });
    expect(task).toMatchObject({ financeDue: '2025-06-30', financeDaysLeft: 406, financeDueText: '还有 406 天' });
    const listed = (await packagesOf(2025)).find((p) => p.orgName === SCHOOL);
    expect(listed?.id).toBe(own.body.id);
    // A department is not a unit; nothing is opened.
    const wrong = await finance.post('/api/tasks', {
      year: 2026,
      template: 'default',
      submitDue: '2026-05-31',
      reviewDue: '2026-06-15',
      scope: { kind: 'units', unitIds: [orgs.get(STREETS)] },
    });
    expect(wrong.status).toBe(404);
    const early = await finance.post('/api/tasks', {
      year: 2026,
      template: 'default',
      submitDue: '2026-05-31',
      reviewDue: '2026-05-30',
      scope: { kind: 'all' },
    });
    expect(early.status).toBe(400);
    expect(early.body.error.message).toContain('不能早于提交截止日期');
    const financeEarly = await finance.post('/api/tasks', {
      year: 2026,
      template: 'default',
      submitDue: '2026-05-31',
      reviewDue: '2026-06-15',
      financeDue: '2026-06-14',
      scope: { kind: 'all' },
    });
    expect(financeEarly.status).toBe(400);
    expect(financeEarly.body.error.message).toContain('财政审核截止日期（2026-06-14）不能早于部门审核截止日期');
    expect((await packagesOf(2026)).length).toBe(0);
  });

  it('shows each role its task with the days left, over its own scope', async () => {
    const forUnit = (await filler.get('/api/tasks?year=2024')).body.tasks;
    expect(forUnit).toHaveLength(1);
    expect(forUnit[0]).toMatchObject({ id: taskId, submitDaysLeft: 11, totals: { units: 1 } });
    const forDept = (await dept.get('/api/tasks?year=2024')).body.tasks;
    expect(forDept).toHaveLength(1);
    expect(forDept[0].progress).toEqual([expect.objectContaining({ departmentName: STREETS, units: 3 })]);
    const detail = (await finance.get(`/api/tasks/${taskId}`)).body;
    expect(detail.units).toHaveLength(3);
    const pkg = (await packagesOf(2024)).find((p) => p.orgName === LVXIANTING)!;
    const own = (await filler.get(`/api/packages/${pkg.id}/task`)).body.task;
    expect(own).toMatchObject({ id: taskId, submitDue: '2024-05-31', submitDaysLeft: 11, overdue: false, submittedAt: null });
  });

  it('reminds 3 days before the due day and once it has passed, each once, also when run through the queue', async () => {
    at = new Date('2024-05-28T02:00:00Z'); // 3 days left
    const made = await runReminders(t.db.kysely, t.app.services.notices, at);
    expect(made).toBeGreaterThan(0);
    const soon = (await noticesOf(filler)).notices.filter((n) => n.kind === 'due_soon');
    expect(soon).toHaveLength(1);
    expect(soon[0]!.body).toContain('还有 3 天');
    expect(await runReminders(t.db.kysely, t.app.services.notices, at)).toBe(0);
    // The dongting unit submits in time.
    const dongting = (await packagesOf(2024)).find((p) => p.orgName.includes('洞庭'))!;
    const submitted = await (await t.client('dongting')).post(`/api/packages/${dongting.id}/submit`, { version: dongting.version });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);

    at = new Date('2024-06-01T02:00:00Z'); // one day past the due day
    await queue.send('reminders', { jobId: 'test' });
    await expect
      .poll(async () => (await noticesOf(filler)).notices.filter((n) => n.kind === 'overdue').length, { timeout: 10_000 })
      .toBe(1);
    const deptOverdue = (await noticesOf(dept)).notices.filter((n) => n.kind === 'overdue');
    expect(deptOverdue).toHaveLength(1);
    expect(deptOverdue[0]!.title).toContain('2 个单位逾期未提交');
    expect(deptOverdue[0]!.body).toContain(LVXIANTING);
    expect(deptOverdue[0]!.body).not.toContain('洞庭');
    const progress = (await finance.get(`/api/tasks/${taskId}`)).body;
    expect(progress.submitDueText).toBe('已逾期 1 天');
    expect(progress.totals).toMatchObject({ units: 3, submitted: 1, late: 0, overdue: 2, awaitingReview: 1 });
    expect(progress.units.find((u: { orgName: string }) => u.orgName === LVXIANTING)).toMatchObject({ overdue: true, late: false });
  });

  it('records a submission after the due day as late', async () => {
    const pkg = (await packagesOf(2024)).find((p) => p.orgName === LVXIANTING)!;
    const res = await head.post(`/api/packages/${pkg.id}/submit`, { version: pkg.version });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const own = (await filler.get(`/api/packages/${pkg.id}/task`)).body.task;
    expect(own).toMatchObject({ late: true, overdue: false, submittedAt: at.toISOString() });
    const totals = (await finance.get(`/api/tasks/${taskId}`)).body.totals;
    expect(totals).toMatchObject({ submitted: 2, late: 1, overdue: 1 });
  });

  it('tells the unit when its package is returned or approved', async () => {
    const pkg = (await packagesOf(2024)).find((p) => p.orgName === LVXIANTING)!;
    const returned = await dept.post(`/api/packages/${pkg.id}/review`, {
      version: pkg.version,
      decision: 'return',
      comment: '三公经费控制率与附件1 不符',
      fieldComments: [{ path: 'basicData.staffing.actual', message: '实有人数请核实' }],
    });
    expect(returned.status).toBe(200);
    const notice = (await noticesOf(filler)).notices.find((n) => n.kind === 'returned');
    expect(notice).toMatchObject({ packageId: pkg.id });
    expect(notice!.body).toContain('三公经费控制率与附件1 不符');
    expect(notice!.body).toContain('逐项意见 1 条');
    const dongting = (await packagesOf(2024)).find((p) => p.orgName.includes('洞庭'))!;
    await dept.post(`/api/packages/${dongting.id}/review`, { version: dongting.version, decision: 'approve' });
    const approved = (await noticesOf(await t.client('dongting'))).notices.find((n) => n.kind === 'approved');
    expect(approved!.title).toContain('主管部门审核通过');
    // Approved by its department, the package waits for the finance bureau: overdue for it once its due day has passed.
    const before = at;
    at = new Date('2024-06-21T02:00:00Z');
    const detail = (await finance.get(`/api/tasks/${taskId}`)).body;
    expect(detail).toMatchObject({ financeDue: '2024-06-20', financeDaysLeft: -1, financeDueText: '已逾期 1 天' });
    expect(detail.totals.financeOverdue).toBe(1);
    expect(detail.units.filter((u: { financeOverdue: boolean }) => u.financeOverdue).map((u: { orgName: string }) => u.orgName)).toEqual([
      dongting.orgName,
    ]);
    at = before;
  });

  it('counts the units late at each step in the overview, and reminds each step’s reviewers once', async () => {
    const before = at;
    const overviewOf = async (c: Client) => (await c.get('/api/overview?year=2024')).body;
    const unitsLate = async (step: string) =>
      ((await finance.get(`/api/overview/units?year=2024&${step}=true`)).body.units as { orgName: string }[]).map((u) => u.orgName).sort();
    const remindersOf = async (c: Client) =>
      (await noticesOf(c)).notices.filter((n) => /审核(将于|已逾期)/.test(n.title)).map((n) => `${n.kind} ${n.title}`);

    at = new Date('2024-06-18T02:00:00Z'); // review due day passed, the finance bureau's in 2 days
    // 南湖 submits late: it waits for its department, whose due day has passed too.
    const nanhu = (await packagesOf(2024)).find((p) => p.orgName === NANHU)!;
    const submitted = await (await t.client('nanhu')).post(`/api/packages/${nanhu.id}/submit`, { version: nanhu.version });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    const region = await overviewOf(finance);
    // The school (the 'all' task, due 06-10) has not submitted; 南湖 waits for its department; 洞庭 for finance, in time;
    // 吕仙亭, returned, is with its unit again but submitted once: late at no step.
    expect(region).toMatchObject({
      overdue: { configured: true, count: 1 },
      reviewOverdue: { configured: true, count: 1 },
      financeOverdue: { configured: true, count: 0 },
    });
    const streets = region.departments.find((d: { name: string }) => d.name === STREETS);
    expect(streets).toMatchObject({ overdue: 0, reviewOverdue: 1, financeOverdue: 0 });
    expect(await unitsLate('overdue')).toEqual([SCHOOL]);
    expect(await unitsLate('reviewOverdue')).toEqual([NANHU]);
    expect(await unitsLate('financeOverdue')).toEqual([]);
    // The department sees its own units only.
    expect(await overviewOf(dept)).toMatchObject({ overdue: { count: 0 }, reviewOverdue: { count: 1 } });

    await runReminders(t.db.kysely, t.app.services.notices, at);
    expect(await remindersOf(dept)).toEqual(['overdue 2024 年度自评：部门审核已逾期']);
    expect((await noticesOf(dept)).notices[0]!.body).toContain('1 个单位的自评包待本部门审核');
    expect(await remindersOf(finance)).toEqual(['due_soon 2024 年度自评：财政审核将于 2024-06-20 截止']);
    expect((await noticesOf(finance)).notices[0]!.body).toBe(
      '1 个单位的自评包（1 个待财政审核）待本级财政审核或公开，财政审核截止 2024-06-20（还有 2 天）。',
    );
    // Once each: the next day's run tells no one again.
    at = new Date('2024-06-19T02:00:00Z');
    expect(await runReminders(t.db.kysely, t.app.services.notices, at)).toBe(0);

    at = new Date('2024-06-21T02:00:00Z'); // the finance bureau's due day passed
    expect(await overviewOf(finance)).toMatchObject({ financeOverdue: { configured: true, count: 1 } });
    expect(await unitsLate('financeOverdue')).toEqual(['岳阳市岳阳楼区洞庭街道办事处']);
    await runReminders(t.db.kysely, t.app.services.notices, at);
    expect(await remindersOf(finance)).toEqual([
      'overdue 2024 年度自评：财政审核已逾期',
      'due_soon 2024 年度自评：财政审核将于 2024-06-20 截止',
    ]);
    // The school's task set no finance due day: its department's overview counts no one late there, and says so.
    const education = (await finance.get(`/api/overview?year=2024&departmentId=${orgs.get('岳阳市岳阳楼区教育局')}`)).body;
    expect(education).toMatchObject({ overdue: { configured: true, count: 1 }, financeOverdue: { configured: false, count: 0 } });
    at = before;
  });

  it('marks a user’s own notices read, and no one else’s', async () => {
    const before = await noticesOf(filler);
    expect(before.unread).toBeGreaterThan(1);
    const first = before.notices[0]!;
    expect((await filler.post(`/api/notices/${first.id}/read`)).status).toBe(204);
    expect((await noticesOf(filler)).unread).toBe(before.unread - 1);
    expect((await dept.post(`/api/notices/${before.notices[1]!.id}/read`)).status).toBe(404);
    expect((await filler.post('/api/notices/read-all')).status).toBe(204);
    expect((await noticesOf(filler)).unread).toBe(0);
  });

  it('lets a unit delete a draft made by mistake before its first submission, never after', async () => {
    const school = orgs.get(SCHOOL)!;
    const unit = await t.client('xiaoxue');
    const made = await unit.post('/api/packages', { orgId: school, year: 2031, from: 'blank' });
    expect((await dept.request('DELETE', `/api/packages/${made.body.id}?version=1`)).status).toBe(404);
    expect((await finance.request('DELETE', `/api/packages/${made.body.id}?version=1`)).status).toBe(403);
    expect((await unit.request('DELETE', `/api/packages/${made.body.id}?version=1`)).status).toBe(204);
    // Recorded in the history, which its finance bureau can still read through the admin tools of the database.
    const events = await t.db.kysely.selectFrom('package_events').select('action').where('package_id', '=', made.body.id).execute();
    expect(events.map((e) => e.action)).toEqual(['create', 'delete']);
    // Submitted once and re-opened: the draft stays.
    const own = (await packagesOf(2023)).find((p) => p.orgName === LVXIANTING)!;
    expect((await head.post(`/api/packages/${own.id}/submit`, { version: own.version })).status).toBe(200);
    expect((await dept.post(`/api/packages/${own.id}/review`, { version: own.version, decision: 'approve' })).status).toBe(200);
    const reopened = await dept.post(`/api/packages/${own.id}/reopen`, { version: own.version, reason: '单位申请更正' });
    expect(reopened.body.status).toBe('draft');
    const refused = await filler.request('DELETE', `/api/packages/${own.id}?version=${own.version}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('提交过（后被重新打开），不能删除');
    // A package the task gave the unit is expected by the finance bureau: it stays.
    const tasked = (await packagesOf(2025)).find((p) => p.orgName === LVXIANTING)!;
    const kept = await filler.request('DELETE', `/api/packages/${tasked.id}?version=${tasked.version}`);
    expect(kept.status).toBe(409);
    expect(kept.body.error.message).toContain('自评任务');
  });
});

/** A queue whose messages wait until the test hands them out: a job can be stopped between its steps. */
class HeldQueue implements JobQueue {
  readonly durable = true;
  readonly held: { name: QueueName; message: QueueMessage }[] = [];
  private handlers: Record<QueueName, Handler> | null = null;

  send(name: QueueName, message: QueueMessage): Promise<void> {
    this.held.push({ name, message });
    return Promise.resolve();
  }

  work(handlers: Record<QueueName, Handler>): Promise<void> {
    this.handlers = handlers;
    return Promise.resolve();
  }

  /** Runs the first held message of the queue `name`. */
  async deliver(name: QueueName): Promise<void> {
    const [item] = this.held.splice(
      this.held.findIndex((h) => h.name === name),
      1,
    );
    if (!item || !this.handlers) throw new Error(`no ${name} message held`);
    await this.handlers[name](item.message, false);
  }

  /** Runs every held message, and those they send, in order. */
  async drain(): Promise<void> {
    while (this.held.length > 0) await this.deliver(this.held[0]!.name);
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }
}

describe.each(BACKENDS)('a task’s job stopped half-way on %s', (backend) => {
  let t: TestApp;
  const queue = new HeldQueue();

  beforeAll(async () => {
    t = await startApp(backend, { mailer: null, queue });
  });
  afterAll(async () => t?.close());

  it('is planned into parts of units, and a part run again after its worker died makes nothing twice', async () => {
    const s = t.app.services;
    const db = t.db.kysely;
    const finance = await t.client('caizheng');
    const orgs = (await finance.get('/api/orgs')).body.orgs as { id: string; name: string }[];
    const streets = orgs.find((o) => o.name === STREETS)!;
    // 60 more units with last year's package: three parts of 25 units.
    const added = await addUnits(
      s,
      streets.id,
      Array.from({ length: 60 }, (_, i) => `岳阳市岳阳楼区测试单位${String(i).padStart(2, '0')}`),
      2023,
    );
    const res = await finance.post('/api/tasks', departmentTask(streets.id));
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const taskId = res.body.task.id as string;
    const jobId = res.body.job.id as string;
    const units = added.length + 3;
    const countOf = async (table: 'task_units' | 'packages') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number | string>().as('n'))
            .where('year', '=', 2024)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const openingOf = async () => (await finance.get(`/api/tasks/${taskId}`)).body;

    // The plan: one message per part, each under the queue's ordinary expiry.
    await queue.deliver('open-task');
    expect(queue.held).toEqual([0, 1, 2].map((part) => ({ name: 'open-task-part', message: { jobId, part } })));
    expect((await openingOf()).opening).toMatchObject({ state: 'opening', done: 0, total: units, text: `正在下达：0 / ${units} 个单位` });

    // The first part: its units are in the task, and counted.
    await queue.deliver('open-task-part');
    expect(await countOf('task_units')).toBe(25);
    const half = await openingOf();
    expect(half.opening).toMatchObject({ state: 'opening', done: 25, total: units, text: `正在下达：25 / ${units} 个单位`, summary: null });
    expect(half.totals.units).toBe(25);

    // The worker of the second part is killed after 10 of its units: nothing counted, its message given out again.
    const part = await db
      .selectFrom('job_parts')
      .select('items')
      .where('job_id', '=', jobId)
      .where('part', '=', 1)
      .executeTakeFirstOrThrow();
    await taskOpener(s).take({ taskId }, (JSON.parse(part.items) as string[]).slice(0, 10));
    expect(await countOf('packages')).toBe(35);
    expect((await openingOf()).opening.done).toBe(25);
    // Nobody was told yet: the notices come once every unit is in.
    expect((await (await t.client('tianbao')).get('/api/notices')).body.unread).toBe(0);

    await queue.drain();
    expect((await finance.get(`/api/jobs/${jobId}`)).body).toMatchObject({
      kind: 'open_task',
      status: 'done',
      progress: { done: units, total: units },
    });
    expect(await countOf('task_units')).toBe(units);
    expect(await countOf('packages')).toBe(units);
    const task = await openingOf();
    // Every package was made by this task, from last year's: the killed worker's ones are counted too.
    expect(task.opening).toEqual({
      state: 'opened',
      jobId,
      done: units,
      total: units,
      text: '已下达',
      error: null,
      summary: { created: units, carriedOver: units, linked: 0, skipped: 0 },
    });
    expect(task.totals.units).toBe(units);
    const notices = (await (await t.client('tianbao')).get('/api/notices')).body.notices as { kind: string }[];
    expect(notices.filter((n) => n.kind === 'task_opened')).toHaveLength(1);

    // Each step delivered twice, and the end run again as by a worker killed before the job was done: nothing changes.
    for (const name of ['open-task', 'open-task-part', 'open-task-finish'] as const) await queue.send(name, { jobId, part: 1 });
    await queue.drain();
    await taskOpener(s).finish({ taskId }, await taskOpener(s).units({ taskId }));
    expect(await countOf('task_units')).toBe(units);
    expect(await countOf('packages')).toBe(units);
    expect((await openingOf()).opening).toEqual(task.opening);
    expect((await finance.get(`/api/jobs/${jobId}`)).body.progress).toEqual({ done: units, total: units });
    const again = (await (await t.client('tianbao')).get('/api/notices')).body.notices as { kind: string }[];
    expect(again.filter((n) => n.kind === 'task_opened')).toHaveLength(1);
  }, 120_000);
});

describe.each(BACKENDS)('a task whose opening failed on %s', (backend) => {
  let t: TestApp;

  // Nothing works the queue at first: the job fails as its last attempt would record it, then 重试 queues it again.
  beforeAll(async () => {
    t = await startApp(backend, { mailer: null, workJobs: false });
  });
  afterAll(async () => t?.close());

  it('is queued again by 重试 and finished by a new job, which goes on from the units the failed one took', async () => {
    const s = t.app.services;
    const finance = await t.client('caizheng');
    const streets = ((await finance.get('/api/orgs')).body.orgs as { id: string; name: string }[]).find((o) => o.name === STREETS)!;
    await addUnits(
      s,
      streets.id,
      Array.from({ length: 30 }, (_, i) => `岳阳市岳阳楼区重试单位${String(i).padStart(2, '0')}`),
      2023,
    );
    const units = 33;
    const res = await finance.post('/api/tasks', departmentTask(streets.id));
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const taskId = res.body.task.id as string;
    const failedJob = res.body.job.id as string;
    // Nothing to retry while the job may still run.
    expect((await finance.post(`/api/tasks/${taskId}/retry`)).body.error).toMatchObject({
      code: 'INVALID_STATE',
      message: '该任务正在下达，无需重试。',
    });

    // Its first part's units are taken, then the job is failed, as jobs.ts records a last attempt's error.
    const opener = taskOpener(s);
    await opener.take({ taskId }, (await opener.units({ taskId })).slice(0, 25));
    await t.db.kysely
      .updateTable('jobs')
      .set({ status: 'failed', done: 25, total: units, error: '下达任务失败：数据库连接中断' })
      .where('id', '=', failedJob)
      .execute();
    const failed = (await finance.get(`/api/tasks/${taskId}`)).body;
    expect(failed.opening).toMatchObject({ state: 'failed', jobId: failedJob, text: '下达任务失败：数据库连接中断' });

    // Only the finance bureau retries.
    expect((await (await t.client('bumen')).post(`/api/tasks/${taskId}/retry`)).status).toBe(403);
    const retried = await finance.post(`/api/tasks/${taskId}/retry`);
    expect(retried.status, JSON.stringify(retried.body)).toBe(202);
    const jobId = retried.body.job.id as string;
    expect(jobId).not.toBe(failedJob);
    expect(retried.body).toMatchObject({
      job: { kind: 'open_task', status: 'queued' },
      task: { id: taskId, opening: { state: 'opening', jobId } },
    });
    // A second click meanwhile queues nothing more.
    expect((await finance.post(`/api/tasks/${taskId}/retry`)).status).toBe(409);

    await s.jobs.work(1);
    expect(await untilFinished(finance, jobId)).toMatchObject({ status: 'done', progress: { done: units, total: units } });
    const task = (await finance.get(`/api/tasks/${taskId}`)).body;
    // The failed run's 25 packages are counted as the task's, not made again.
    expect(task.opening).toMatchObject({ state: 'opened', jobId, summary: { created: units, carriedOver: units, linked: 0, skipped: 0 } });
    expect(task.totals.units).toBe(units);
    expect((await finance.post(`/api/tasks/${taskId}/retry`)).body.error.message).toBe('该任务已下达，无需重试。');
  }, 120_000);
});

describe('the daily reminders message', () => {
  it('is sent at or after the hour, named for the day in China (which the queue runs once)', () => {
    const sent: string[] = [];
    const queue = {
      durable: false,
      send: async (_name: string, m: { jobId: string }) => void sent.push(m.jobId),
    } as unknown as InProcessQueue;
    // 07:30 in China: before the hour, nothing.
    scheduleReminders(queue, () => new Date('2025-05-19T23:30:00Z'), 8)();
    expect(sent).toEqual([]);
    // 08:05 in China on 20 May (still the 19th in UTC): the day's message, named for the Chinese day.
    scheduleReminders(queue, () => new Date('2025-05-20T00:05:00Z'), 8)();
    expect(sent).toEqual(['reminders-2025-05-20']);
  });
});

describe('task notices by e-mail', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let received: SmtpSink['received'];

  beforeAll(async () => {
    sink = await startSmtpSink();
    received = sink.received;
    t = await startApp('sqlite', { mailer: new SmtpMailer(sink.url, 'jixiao@example.org') });
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  it('e-mails a task’s notice to the users with an address, and only to them', async () => {
    const admin = await t.client('admin');
    const users = (await admin.get('/api/users')).body.users as { id: string; username: string }[];
    const tianbao = users.find((u) => u.username === 'tianbao')!;
    const set = await admin.patch(`/api/users/${tianbao.id}`, { email: 'tianbao@example.org' });
    expect(set.body.email).toBe('tianbao@example.org');
    expect((await admin.patch(`/api/users/${tianbao.id}`, { email: 'not an address' })).status).toBe(400);
    const finance = await t.client('caizheng');
    const streets = ((await finance.get('/api/orgs')).body.orgs as { id: string; name: string }[]).find((o) => o.name === STREETS)!;
    const res = await finance.post('/api/tasks', {
      year: 2024,
      template: 'default',
      submitDue: '2099-05-31',
      reviewDue: '2099-06-15',
      scope: { kind: 'department', departmentId: streets.id },
    });
    expect(res.status).toBe(202);
    expect((await untilFinished(finance, res.body.job.id)).status).toBe('done');
    await t.app.services.notices.idle();
    expect(received).toHaveLength(1);
    expect(received[0]!.to).toEqual(['tianbao@example.org']);
    const text = plainBody(received[0]!.text);
    expect(text).toContain('2024 年度预算绩效自评任务，请于 2099-05-31 前提交');
    expect(received[0]!.text).toMatch(/^Subject: =\?UTF-8\?/m);
    const mine = (await (await t.client('tianbao')).get('/api/notices')).body.notices;
    expect(mine[0]).toMatchObject({ kind: 'task_opened', emailed: true });
  });

  it('takes accounts’ e-mail addresses from a region import’s 邮箱 column, refusing one that is not an address', async () => {
    const admin = await t.client('admin');
    const csv = (email: string) =>
      Buffer.from(
        `主管部门,预算单位,用户名,姓名,角色,邮箱\r\n岳阳市岳阳楼区教育局,岳阳市岳阳楼区实验中学,shiyan,实验中学 填报,填报人,${email}`,
      );
    const wrong = await admin.request('POST', '/api/admin/region-import?filename=a.csv&apply=false', csv('shiyan-at-example'));
    expect(wrong.body.errors).toBe(1);
    expect(wrong.body.accounts[0].message).toContain('邮箱“shiyan-at-example”不是有效的地址');
    const done = await admin.request('POST', '/api/admin/region-import?filename=a.csv&apply=true', csv('shiyan@example.org'));
    expect(done.body).toMatchObject({ applied: true, errors: 0 });
    const users = (await admin.get('/api/users')).body.users as { username: string; email: string | null }[];
    expect(users.find((u) => u.username === 'shiyan')?.email).toBe('shiyan@example.org');
  });
});

/** The plain text of a single-part message as the SMTP sink received it (base64 or quoted-printable). */
describe.each(BACKENDS)('reminders gathered per user and day on %s', (backend) => {
  let t: TestApp;
  let sink: SmtpSink;
  let received: SmtpSink['received'];
  let at = new Date('2024-05-20T02:00:00Z');
  /** While true, the SMTP server refuses every message. */
  let refusing = false;

  beforeAll(async () => {
    sink = await startSmtpSink(() => refusing);
    received = sink.received;
    t = await startApp(backend, { clock: () => at, mailer: new SmtpMailer(sink.url, 'jixiao@example.org') });
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  it('tells a reviewer of two tasks once a day, in one notice and one e-mail listing both, each thing once', async () => {
    const admin = await t.client('admin');
    const bumen = ((await admin.get('/api/users')).body.users as { id: string; username: string }[]).find((u) => u.username === 'bumen')!;
    expect((await admin.patch(`/api/users/${bumen.id}`, { email: 'bumen@example.org' })).status).toBe(200);
    const finance = await t.client('caizheng');
    const orgs = new Map(((await finance.get('/api/orgs')).body.orgs as { id: string; name: string }[]).map((o) => [o.name, o.id]));
    // Two tasks of the department's units, due a few days apart; the second one's review soon after.
    for (const [unit, submitDue, reviewDue] of [
      [LVXIANTING, '2024-05-31', '2024-06-15'],
      [NANHU, '2024-06-05', '2024-06-12'],
    ] as const) {
      const res = await finance.post('/api/tasks', {
        year: 2024,
        template: 'default',
        submitDue,
        reviewDue,
        scope: { kind: 'units', unitIds: [orgs.get(unit)] },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      expect((await untilFinished(finance, res.body.job.id)).status).toBe('done');
    }
    await t.app.services.notices.idle();
    const mailsTo = (address: string) => received.filter((m) => m.to.includes(address)).map((m) => plainBody(m.text));
    const opened = mailsTo('bumen@example.org').length;
    const dept = await t.client('bumen');
    const remindersOf = async (c: Client) =>
      (
        (await c.get('/api/notices?limit=200')).body.notices as {
          kind: string;
          title: string;
          body: string;
          taskId: string | null;
          emailed: boolean;
        }[]
      ).filter((n) => n.kind === 'due_soon' || n.kind === 'overdue');

    // Both tasks' units are overdue: the department hears of both in one notice, whose e-mail fails.
    at = new Date('2024-06-10T02:00:00Z');
    refusing = true;
    const made = await runReminders(t.db.kysely, t.app.services.notices, at);
    // The department's reviewer, 吕仙亭's two accounts and 南湖's one.
    expect(made).toBe(4);
    const [both, ...others] = await remindersOf(dept);
    expect(others).toEqual([]);
    expect(both).toMatchObject({ kind: 'overdue', title: '预算绩效自评提醒：2 项待办（其中 2 项已逾期）', taskId: null, emailed: false });
    expect(both!.body.split('\n')).toEqual([
      `1. 2024 年度自评：1 个单位逾期未提交：提交截止日期 2024-05-31 已过，以下单位尚未提交：${LVXIANTING}。`,
      `2. 2024 年度自评：1 个单位逾期未提交：提交截止日期 2024-06-05 已过，以下单位尚未提交：${NANHU}。`,
    ]);
    // A unit of one task hears of it as before.
    expect((await remindersOf(await t.client('tianbao'))).map((n) => n.title)).toEqual(['2024 年度自评已逾期未提交']);

    // 南湖 submits the same day: its review is due in 2 days, but the department has had its notice of the day.
    refusing = false;
    const nanhu = (
      (await finance.get('/api/packages?year=2024&limit=50')).body.packages as { id: string; orgName: string; version: number }[]
    ).find((p) => p.orgName === NANHU)!;
    expect((await (await t.client('nanhu')).post(`/api/packages/${nanhu.id}/submit`, { version: nanhu.version })).status).toBe(200);
    expect(await runReminders(t.db.kysely, t.app.services.notices, at)).toBe(0);
    expect(await remindersOf(dept)).toHaveLength(1);
    // The run tried the failed e-mail again: one e-mail, listing both tasks.
    const mails = mailsTo('bumen@example.org').slice(opened);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toContain('2024-05-31');
    expect(mails[0]).toContain('2024-06-05');
    expect((await remindersOf(dept))[0]!.emailed).toBe(true);

    // The next day: only the review due soon, nothing told before again.
    at = new Date('2024-06-11T02:00:00Z');
    expect(await runReminders(t.db.kysely, t.app.services.notices, at)).toBe(1);
    const next = await remindersOf(dept);
    expect(next.map((n) => `${n.kind} ${n.title}`)).toEqual([
      'due_soon 2024 年度自评：部门审核将于 2024-06-12 截止',
      'overdue 预算绩效自评提醒：2 项待办（其中 2 项已逾期）',
    ]);
    expect(next[0]!.body).toBe('1 个单位的自评包待本部门审核，部门审核截止 2024-06-12（还有 1 天）。');
    expect(await runReminders(t.db.kysely, t.app.services.notices, at)).toBe(0);
    expect(mailsTo('bumen@example.org').slice(opened)).toHaveLength(2);
  });
});

describe.each(BACKENDS)('migration 015 on %s', (backend) => {
  it('records the reminders made before, one notice each, as told; other notices are no reminders', async () => {
    const at = '2024-06-01T02:00:00.000Z';
    const { kysely, cleanup } = await partlyMigrated(backend, '014_task_jobs', { role: 'filler', at, user: { email: null } });
    try {
      const notice = (id: string, kind: 'overdue' | 'task_opened', key: string) => ({
        id,
        user_id: 'u',
        kind,
        title: id,
        body: id,
        package_id: null,
        task_id: 't',
        key,
        created_at: at,
        read_at: null,
        emailed_at: null,
      });
      await kysely
        .insertInto('notices')
        .values([notice('n1', 'overdue', 'overdue:submit:t:o:u'), notice('n2', 'task_opened', 'task_opened:t:o:u')])
        .execute();
      await migrate(kysely as Kysely<unknown>, backend);
      const told = await new Notices(kysely, null).told([
        { userId: 'u', key: 'overdue:submit:t:o' },
        { userId: 'u', key: 'due_soon:submit:t:o' },
        { userId: 'u', key: 'task_opened:t:o' },
      ]);
      expect(told).toEqual(new Map([['u', new Set(['overdue:submit:t:o'])]]));
    } finally {
      await cleanup();
    }
  });
});

function plainBody(message: string): string {
  const split = message.indexOf('\r\n\r\n');
  const headers = message.slice(0, split);
  const body = message.slice(split + 4);
  const encoding = /^Content-Transfer-Encoding: (\S+)/im.exec(headers)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body, 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}
