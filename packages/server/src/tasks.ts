/**
 * The finance bureau's tasks: a year's self-evaluation opened for a set of units with due dates for
 * 提交, 部门审核 and optionally the finance bureau's own 审核 and 公开. The request records the task
 * and queues a job (jobs.ts) that gives each unit its package (next year's from last year's where
 * there is one), a part of the units per message with its progress reported, then tells them. A unit
 * belongs to one task per year, so opening again adds only the units not yet in one. The first
 * submission of each unit is recorded, late when after the submit due day. Progress is counted over
 * the units in the caller's scope; days left follow the service's clock.
 */
import { randomUUID } from 'node:crypto';
import { STATUS_LABELS, TEMPLATES, carryOver, daysLeft, dueText, isDueDate, isLate, newPackage, type Status } from '@jixiao/core';
import type { Kysely, Selectable } from 'kysely';
import type { Services } from './context.js';
import type { Database, TaskTable, TaskUnitOrigin } from './db/schema.js';
import { ApiError, forbidden, notFound } from './errors.js';
import type { JobStatus, TaskOpener } from './jobs.js';
import type { DueDates } from './overview.js';
import { departmentReviewers, unitUsers } from './notices.js';
import { pathRange } from './org-paths.js';
import type { OrgTree } from './org-tree.js';
import { createPackage, packageContentOf } from './package-service.js';
import { type Caller, worksOnPackages } from './policy.js';
import { pinnedToUnit } from './routes/packages.js';

/** As the request gives it; the fields each kind needs are checked in checkScope. */
export interface TaskScope {
  kind: 'all' | 'department' | 'units';
  departmentId?: string;
  unitIds?: string[];
}

export interface TaskInput {
  year: number;
  template: string;
  submitDue: string;
  reviewDue: string;
  /** the finance bureau's own 审核 and 公开, after the department's review */
  financeDue?: string;
  note: string;
  scope: TaskScope;
}

/** What taking a task's units works with: an app process's services, or a `jixiao worker`'s own (worker.ts). */
export type TaskDeps = Pick<Services, 'db' | 'tree' | 'contents' | 'notices' | 'clock'>;

type TaskRow = Selectable<TaskTable>;

/** What the job did, kept on the task once it has taken every unit. */
interface OpenSummary {
  /** packages made new, of them `carriedOver` from last year's */
  created: number;
  carriedOver: number;
  /** packages the units had already, taken into the task */
  linked: number;
  /** units of the scope in another task of the year */
  skipped: number;
}

/** Units of a part whose packages are made at the same time. */
const OPEN_CONCURRENCY = 4;

/** Statuses past the department's review. */
const REVIEWED: ReadonlySet<Status> = new Set(['dept_approved', 'finance_approved', 'finance_returned', 'published']);
const RETURNED: ReadonlySet<Status> = new Set(['dept_returned', 'finance_returned']);
/** Statuses in which the package waits for the finance bureau's 审核 or 公开. */
const WITH_FINANCE: ReadonlySet<Status> = new Set(['dept_approved', 'finance_approved']);

/** Checks that the scope names a department or units inside the organisation `orgId`. */
function checkScope(tree: OrgTree, orgId: string, scope: TaskScope): void {
  if (scope.kind === 'department') {
    if (!scope.departmentId) throw new ApiError('BAD_REQUEST', '按主管部门下达时须选择主管部门（scope.departmentId）。');
    const department = tree.get(scope.departmentId);
    if (!department || department.kind !== 'department' || !tree.isWithin(department.id, orgId)) throw notFound('主管部门');
  }
  if (scope.kind === 'units') {
    if (!scope.unitIds?.length) throw new ApiError('BAD_REQUEST', '按单位下达时须列出单位（scope.unitIds）。');
    for (const id of scope.unitIds) {
      const unit = tree.get(id);
      if (!unit || unit.kind !== 'unit' || !tree.isWithin(id, orgId)) throw notFound('单位');
    }
  }
}

/**
 * The units a scope names inside the organisation `orgId`. Checked when the task is opened; a unit
 * the administrators removed before the job took it is left out.
 */
function unitsOf(tree: OrgTree, orgId: string, scope: TaskScope): string[] {
  const unitsBelow = (id: string) =>
    tree
      .subtree(id)
      .filter((o) => o.kind === 'unit' && !tree.isDisabled(o.id))
      .map((o) => o.id);
  if (scope.kind === 'all') return unitsBelow(orgId);
  if (scope.kind === 'department') {
    const department = scope.departmentId ? tree.get(scope.departmentId) : undefined;
    return department?.kind === 'department' && tree.isWithin(department.id, orgId) ? unitsBelow(department.id) : [];
  }
  return [...new Set(scope.unitIds)].filter((id) => tree.get(id)?.kind === 'unit' && tree.isWithin(id, orgId));
}

function checkInput(input: TaskInput): void {
  if (!TEMPLATES[input.template]) throw new ApiError('BAD_REQUEST', `没有评分模板“${input.template}”。`);
  for (const [label, day] of [
    ['提交截止日期', input.submitDue],
    ['部门审核截止日期', input.reviewDue],
    ['财政审核截止日期', input.financeDue],
  ] as const) {
    if (day !== undefined && !isDueDate(day)) throw new ApiError('BAD_REQUEST', `${label}“${day}”不是有效的日期（应为 YYYY-MM-DD）。`);
  }
  if (input.reviewDue < input.submitDue) {
    throw new ApiError('BAD_REQUEST', `部门审核截止日期（${input.reviewDue}）不能早于提交截止日期（${input.submitDue}）。`);
  }
  if (input.financeDue !== undefined && input.financeDue < input.reviewDue) {
    throw new ApiError('BAD_REQUEST', `财政审核截止日期（${input.financeDue}）不能早于部门审核截止日期（${input.reviewDue}）。`);
  }
}

/** The first submission of an existing package, if any: a unit that submitted before the task counts as submitted. */
async function firstSubmission(db: Kysely<Database>, packageId: string): Promise<string | null> {
  const event = await db
    .selectFrom('package_events')
    .select('at')
    .where('package_id', '=', packageId)
    .where('action', '=', 'submit')
    .orderBy('at')
    .executeTakeFirst();
  return event?.at ?? null;
}

/**
 * Opens a task: checks the request, records the task and queues the job that takes its units
 * (`taskOpener`); answers at once with the task (its progress under `opening`) and the job.
 */
export async function openTask(s: Services, caller: Caller, input: TaskInput): Promise<{ task: TaskView; job: JobStatus }> {
  if (caller.role !== 'finance_reviewer') throw forbidden('下达自评任务');
  checkInput(input);
  checkScope(s.tree, caller.orgId, input.scope);
  const wanted = unitsOf(s.tree, caller.orgId, input.scope);
  if (wanted.length === 0) throw new ApiError('BAD_REQUEST', '所选范围内没有预算单位。');
  const db = s.db.kysely;
  const taken = new Map<string, string>();
  for (let i = 0; i < wanted.length; i += 500) {
    const rows = await db
      .selectFrom('task_units')
      .select(['org_id', 'task_id'])
      .where('year', '=', input.year)
      .where('org_id', 'in', wanted.slice(i, i + 500))
      .execute();
    for (const r of rows) taken.set(r.org_id, r.task_id);
  }
  if (wanted.every((id) => taken.has(id))) {
    throw new ApiError('DUPLICATE', `所选单位的 ${input.year} 年度自评任务均已下达，未重复下达。`, {
      taskIds: [...new Set(taken.values())],
    });
  }
  const jobId = randomUUID();
  const task: TaskRow = {
    id: randomUUID(),
    year: input.year,
    template: input.template,
    submit_due: input.submitDue,
    review_due: input.reviewDue,
    finance_due: input.financeDue ?? null,
    note: input.note.trim(),
    scope: JSON.stringify(input.scope),
    org_id: caller.orgId,
    created_by: caller.userId,
    created_at: s.clock().toISOString(),
    job_id: jobId,
    open_summary: null,
  };
  await db.insertInto('tasks').values(task).execute();
  const job = await s.jobs.enqueueOpenTask(caller.userId, { taskId: task.id }, jobId);
  return { task: (await taskViews(s, caller, [task]))[0]!, job };
}

/**
 * Queues the taking of a task's units again after its job failed (or is gone): a new job, which
 * finds the units the failed one took and goes on from there. The finance reviewers of the bureau that
 * opened the task may; a task being opened or opened already is refused.
 */
export async function retryOpening(s: Services, caller: Caller, id: string): Promise<{ task: TaskView; job: JobStatus }> {
  if (caller.role !== 'finance_reviewer') throw forbidden('重试下达自评任务');
  const db = s.db.kysely;
  const task = await db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
  if (!task || !s.tree.isWithin(task.org_id, caller.orgId)) throw notFound('自评任务');
  const opening = openingOf(task, await openingJobs(s, [task]));
  if (opening?.state !== 'failed') {
    throw new ApiError('INVALID_STATE', opening?.state === 'opening' ? '该任务正在下达，无需重试。' : '该任务已下达，无需重试。');
  }
  const jobId = randomUUID();
  // Of two retries at once, only the first moves the task to its job; the other finds it moved.
  const moved = await db
    .updateTable('tasks')
    .set({ job_id: jobId })
    .where('id', '=', task.id)
    .where('job_id', '=', opening.jobId)
    .where('open_summary', 'is', null)
    .executeTakeFirst();
  if (moved.numUpdatedRows !== 1n) throw new ApiError('INVALID_STATE', '该任务已在重试下达。');
  const job = await s.jobs.enqueueOpenTask(caller.userId, { taskId: task.id }, jobId);
  return { task: (await taskViews(s, caller, [{ ...task, job_id: jobId }]))[0]!, job };
}

/** Thrown inside a package's creation when another task of the year took the unit meanwhile: no package is made. */
class UnitTaken extends Error {}

/**
 * The steps of an opened task's job (jobs.ts, one message each): the units of its scope, planned into
 * parts; each part's units not yet in a task of the year, each given its package (kept if the unit has
 * one already) and recorded in the task in one transaction with the package; once all are in, the
 * notices and the summary kept on the task. A part run again after its worker died finds the units it
 * took before in the task (the unique (unit, year) of task_units and packages keep either from being
 * recorded twice), and the end finds notices already sent by their key.
 */
export function taskOpener(s: TaskDeps): TaskOpener {
  const db = s.db.kysely;
  /** The task, with the tree as it is now: a `jixiao worker` loads it here first, an app process when another one changed it. */
  const taskOf = async (taskId: string) => {
    await s.tree.refreshIfChanged();
    return db.selectFrom('tasks').selectAll().where('id', '=', taskId).executeTakeFirst();
  };
  return {
    async units({ taskId }) {
      const task = await taskOf(taskId);
      return task ? unitsOf(s.tree, task.org_id, JSON.parse(task.scope) as TaskScope) : [];
    },
    async take({ taskId }, unitIds) {
      const task = await taskOf(taskId);
      if (!task || unitIds.length === 0) return;
      const inTask = await db
        .selectFrom('task_units')
        .select('org_id')
        .where('year', '=', task.year)
        .where('org_id', 'in', [...unitIds])
        .execute();
      const taken = new Set(inTask.map((r) => r.org_id));
      // A few units at a time: each is a handful of round trips to the database and a diff of its package.
      const queue = unitIds.filter((id) => !taken.has(id));
      await Promise.all(
        Array.from({ length: Math.min(OPEN_CONCURRENCY, queue.length) }, async () => {
          for (let next = queue.shift(); next !== undefined; next = queue.shift()) await takeUnit(s, task, next);
        }),
      );
    },
    async finish({ taskId }, unitIds) {
      const task = await taskOf(taskId);
      if (!task) return;
      const units = await db.selectFrom('task_units').select(['org_id', 'package_id', 'origin']).where('task_id', '=', task.id).execute();
      await tellOpened(s, task, new Map(units.map((u) => [u.org_id, u.package_id])));
      const count = (origin: TaskUnitOrigin) => units.filter((u) => u.origin === origin).length;
      const mine = new Set(units.map((u) => u.org_id));
      const summary: OpenSummary = {
        created: count('new') + count('carried_over'),
        carriedOver: count('carried_over'),
        linked: count('linked'),
        skipped: unitIds.filter((id) => !mine.has(id)).length,
      };
      await db
        .updateTable('tasks')
        .set({ open_summary: JSON.stringify(summary) })
        .where('id', '=', task.id)
        .execute();
    },
  };
}

/** The finance reviewer who opened the task, in whose name its job makes the packages. */
function openerOf(task: TaskRow): Caller {
  return {
    userId: task.created_by,
    username: '',
    displayName: '',
    role: 'finance_reviewer',
    orgId: task.org_id,
    csrfToken: '',
    mustChangePassword: false,
  };
}

/** Gives the unit its package and records it in the task; nothing when another task of the year has it. */
async function takeUnit(s: TaskDeps, task: TaskRow, orgId: string): Promise<void> {
  const org = s.tree.get(orgId);
  if (!org) return;
  const db = s.db.kysely;
  const department = s.tree.departmentOf(orgId);
  /** Records the unit in the task; false when a task of the year has it already. */
  const record = async (trx: Kysely<Database>, packageId: string, submittedAt: string | null, origin: TaskUnitOrigin) => {
    const inserted = await trx
      .insertInto('task_units')
      .values({
        task_id: task.id,
        org_id: orgId,
        year: task.year,
        department_id: department?.id ?? null,
        package_id: packageId,
        submitted_at: submittedAt,
        late: submittedAt && isLate(task.submit_due, new Date(submittedAt)) ? 1 : 0,
        origin,
      })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return inserted.numInsertedOrUpdatedRows === 1n;
  };
  const link = async (packageId: string) => void (await record(db, packageId, await firstSubmission(db, packageId), 'linked'));
  const existing = await db
    .selectFrom('packages')
    .select('id')
    .where('org_id', '=', orgId)
    .where('year', '=', task.year)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (existing) return link(existing.id);
  const previous = await packageContentOf(s, orgId, task.year - 1);
  const start = previous ? carryOver(previous, task.year) : newPackage(org.name, department?.name ?? '', task.year);
  try {
    await createPackage(
      s,
      openerOf(task),
      orgId,
      task.year,
      pinnedToUnit(s, { ...start, template: task.template }, orgId, task.year),
      'create',
      async (trx, packageId) => {
        if (!(await record(trx, packageId, null, previous ? 'carried_over' : 'new'))) throw new UnitTaken();
      },
    );
  } catch (error) {
    if (error instanceof UnitTaken) return;
    // The unit created its package in the meantime: the task takes that one.
    if (!(error instanceof ApiError && error.code === 'DUPLICATE' && typeof error.details?.id === 'string')) throw error;
    await link(error.details.id);
  }
}

async function tellOpened(s: TaskDeps, task: TaskRow, packages: ReadonlyMap<string, string>): Promise<void> {
  const unitIds = [...packages.keys()];
  const at = s.clock();
  const by = s.tree.get(task.org_id)?.name ?? '财政部门';
  const note = task.note ? `\n说明：${task.note}` : '';
  const financeDue = task.finance_due ? `，财政审核截止 ${task.finance_due}` : '';
  const users = await unitUsers(s.db.kysely, unitIds);
  const byDepartment = new Map<string, number>();
  for (const unitId of unitIds) {
    const department = s.tree.departmentOf(unitId);
    if (department) byDepartment.set(department.id, (byDepartment.get(department.id) ?? 0) + 1);
    await s.notices.notify(users.get(unitId) ?? [], {
      kind: 'task_opened',
      title: `${task.year} 年度预算绩效自评任务已下达`,
      body: `${by}下达了 ${task.year} 年度预算绩效自评任务，请于 ${task.submit_due} 前提交（${dueText(task.submit_due, at)}）。${note}`,
      taskId: task.id,
      packageId: packages.get(unitId) ?? null,
      key: `task_opened:${task.id}:${unitId}`,
    });
  }
  const reviewers = await departmentReviewers(s.db.kysely, [...byDepartment.keys()]);
  for (const [departmentId, count] of byDepartment) {
    await s.notices.notify(reviewers.get(departmentId) ?? [], {
      kind: 'task_opened',
      title: `${task.year} 年度预算绩效自评任务已下达（${count} 个单位）`,
      body: `${by}向本部门所属 ${count} 个单位下达了 ${task.year} 年度预算绩效自评任务：单位提交截止 ${task.submit_due}，部门审核截止 ${task.review_due}（${dueText(task.review_due, at)}）${financeDue}。${note}`,
      taskId: task.id,
      key: `task_opened:${task.id}:${departmentId}`,
    });
  }
}

/** Records a package's first submission in its task (late after the submit due day); nothing when it has no task. */
export async function recordSubmission(s: Services, packageId: string): Promise<void> {
  const unit = await s.db.kysely
    .selectFrom('task_units')
    .innerJoin('tasks', 'tasks.id', 'task_units.task_id')
    .select(['task_units.task_id', 'task_units.org_id', 'tasks.submit_due'])
    .where('task_units.package_id', '=', packageId)
    .where('task_units.submitted_at', 'is', null)
    .executeTakeFirst();
  if (!unit) return;
  const at = s.clock();
  await s.db.kysely
    .updateTable('task_units')
    .set({ submitted_at: at.toISOString(), late: isLate(unit.submit_due, at) ? 1 : 0 })
    .where('task_id', '=', unit.task_id)
    .where('org_id', '=', unit.org_id)
    .where('submitted_at', 'is', null)
    .execute();
}

/** The units of the given tasks inside the caller's scope, with their package's status. */
async function unitsInScope(s: Services, caller: Caller, taskIds: readonly string[]) {
  if (taskIds.length === 0) return [];
  const [from, to] = pathRange(s.tree.pathOf(caller.orgId));
  return s.db.kysely
    .selectFrom('task_units')
    .innerJoin('packages', 'packages.id', 'task_units.package_id')
    .select([
      'task_units.task_id',
      'task_units.org_id',
      'task_units.department_id',
      'task_units.package_id',
      'task_units.submitted_at',
      'task_units.late',
      'packages.status',
      'packages.org_name',
      'packages.deleted_at',
    ])
    .where('task_units.task_id', 'in', taskIds)
    .where('packages.org_path', '>=', from)
    .where('packages.org_path', '<', to)
    .orderBy('packages.org_name')
    .execute();
}

type UnitRow = Awaited<ReturnType<typeof unitsInScope>>[number];

function unitView(s: Services, task: TaskRow, u: UnitRow, at: Date) {
  const overdue = u.submitted_at === null && daysLeft(task.submit_due, at) < 0;
  return {
    orgId: u.org_id,
    orgName: u.org_name,
    departmentId: u.department_id,
    departmentName: u.department_id ? (s.tree.get(u.department_id)?.name ?? '') : '',
    // A draft the unit removed is no longer its package: the unit starts again from the list.
    packageId: u.deleted_at === null ? u.package_id : null,
    status: u.status,
    statusLabel: u.deleted_at === null ? STATUS_LABELS[u.status] : '草稿已删除',
    submittedAt: u.submitted_at,
    late: Boolean(u.late),
    overdue,
    reviewOverdue: u.status === 'submitted' && daysLeft(task.review_due, at) < 0,
    financeOverdue: task.finance_due !== null && WITH_FINANCE.has(u.status) && daysLeft(task.finance_due, at) < 0,
  };
}

type Progress = {
  departmentId: string | null;
  departmentName: string;
  units: number;
  submitted: number;
  late: number;
  overdue: number;
  awaitingReview: number;
  reviewOverdue: number;
  returned: number;
  reviewed: number;
  financeOverdue: number;
};

function progressOf(units: ReturnType<typeof unitView>[]): Progress[] {
  const byDepartment = new Map<string, Progress>();
  for (const u of units) {
    const key = u.departmentId ?? '';
    let p = byDepartment.get(key);
    if (!p) {
      p = { departmentId: u.departmentId, departmentName: u.departmentName || '（无主管部门）', ...noCounts() };
      byDepartment.set(key, p);
    }
    p.units++;
    if (u.submittedAt) p.submitted++;
    if (u.late) p.late++;
    if (u.overdue) p.overdue++;
    if (u.status === 'submitted') p.awaitingReview++;
    if (u.reviewOverdue) p.reviewOverdue++;
    if (RETURNED.has(u.status)) p.returned++;
    if (REVIEWED.has(u.status)) p.reviewed++;
    if (u.financeOverdue) p.financeOverdue++;
  }
  return [...byDepartment.values()].sort((a, b) => a.departmentName.localeCompare(b.departmentName, 'zh-CN'));
}

type Counts = Omit<Progress, 'departmentId' | 'departmentName'>;

/** Every count of a department's progress at zero. */
const noCounts = (): Counts => ({
  units: 0,
  submitted: 0,
  late: 0,
  overdue: 0,
  awaitingReview: 0,
  reviewOverdue: 0,
  returned: 0,
  reviewed: 0,
  financeOverdue: 0,
});

function sum(progress: Progress[]): Counts {
  const total = noCounts();
  for (const p of progress) for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += p[k];
  return total;
}

async function creatorNames(s: Services, tasks: readonly TaskRow[]): Promise<Map<string, string>> {
  const ids = [...new Set(tasks.map((t) => t.created_by))];
  if (ids.length === 0) return new Map();
  const rows = await s.db.kysely.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

function taskHead(s: Services, task: TaskRow, at: Date, names: Map<string, string>) {
  return {
    id: task.id,
    year: task.year,
    template: task.template,
    templateName: TEMPLATES[task.template]?.name ?? task.template,
    submitDue: task.submit_due,
    reviewDue: task.review_due,
    submitDaysLeft: daysLeft(task.submit_due, at),
    reviewDaysLeft: daysLeft(task.review_due, at),
    submitDueText: dueText(task.submit_due, at),
    reviewDueText: dueText(task.review_due, at),
    financeDue: task.finance_due,
    financeDaysLeft: task.finance_due === null ? null : daysLeft(task.finance_due, at),
    financeDueText: task.finance_due === null ? null : dueText(task.finance_due, at),
    note: task.note,
    scope: JSON.parse(task.scope) as TaskScope,
    orgName: s.tree.get(task.org_id)?.name ?? '',
    createdAt: task.created_at,
    createdByName: names.get(task.created_by) ?? '',
  };
}

type OpeningJob = { id: string; status: 'queued' | 'running' | 'done' | 'failed'; done: number; total: number; error: string | null };

/** The jobs still taking the units of the given tasks. */
async function openingJobs(s: Services, tasks: readonly TaskRow[]): Promise<Map<string, OpeningJob>> {
  const ids = tasks.filter((t) => t.job_id !== null && t.open_summary === null).map((t) => t.job_id!);
  if (ids.length === 0) return new Map();
  const rows = await s.db.kysely.selectFrom('jobs').select(['id', 'status', 'done', 'total', 'error']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Where the taking of the task's units stands: 下达中 with the units done, 已下达 with what the job did,
 * or 下达失败 (its job failed after its attempts, or is gone); null for a task opened before it was a job.
 */
function openingOf(task: TaskRow, jobs: ReadonlyMap<string, OpeningJob>) {
  if (task.job_id === null) return null;
  if (task.open_summary !== null) {
    const summary = JSON.parse(task.open_summary) as OpenSummary;
    const total = summary.created + summary.linked + summary.skipped;
    return { state: 'opened' as const, jobId: task.job_id, done: total, total, text: '已下达', error: null, summary };
  }
  const job = jobs.get(task.job_id);
  if (!job || job.status === 'failed') {
    const error = job?.error ?? '下达未完成（后台任务已不存在）';
    return {
      state: 'failed' as const,
      jobId: task.job_id,
      done: job?.done ?? 0,
      total: job?.total ?? 0,
      text: error,
      error,
      summary: null,
    };
  }
  const text = job.total > 0 ? `正在下达：${job.done} / ${job.total} 个单位` : '正在下达：等待后台处理';
  return { state: 'opening' as const, jobId: task.job_id, done: job.done, total: job.total, text, error: null, summary: null };
}

/** Tasks with their progress per department, over the units in the caller's scope. */
async function taskViews(s: Services, caller: Caller, tasks: readonly TaskRow[]) {
  const at = s.clock();
  const names = await creatorNames(s, tasks);
  const jobs = await openingJobs(s, tasks);
  const units = await unitsInScope(
    s,
    caller,
    tasks.map((t) => t.id),
  );
  return tasks.map((task) => {
    const progress = progressOf(units.filter((u) => u.task_id === task.id).map((u) => unitView(s, task, u, at)));
    return { ...taskHead(s, task, at, names), opening: openingOf(task, jobs), progress, totals: sum(progress) };
  });
}

export type TaskView = Awaited<ReturnType<typeof taskViews>>[number];

function requireTaskRole(caller: Caller): void {
  if (!worksOnPackages(caller.role)) throw forbidden('查看自评任务');
}

/**
 * The tasks with a unit inside the caller's scope, newest year first; and those opened inside it,
 * which may have no unit yet while their job is taking them.
 */
export async function listTasks(s: Services, caller: Caller, year?: number) {
  requireTaskRole(caller);
  const [from, to] = pathRange(s.tree.pathOf(caller.orgId));
  let query = s.db.kysely
    .selectFrom('tasks')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('task_units')
            .innerJoin('packages', 'packages.id', 'task_units.package_id')
            .select('task_units.org_id')
            .whereRef('task_units.task_id', '=', 'tasks.id')
            .where('packages.org_path', '>=', from)
            .where('packages.org_path', '<', to),
        ),
        eb.exists(
          eb
            .selectFrom('orgs')
            .select('orgs.id')
            .whereRef('orgs.id', '=', 'tasks.org_id')
            .where('orgs.path', '>=', from)
            .where('orgs.path', '<', to),
        ),
      ]),
    );
  if (year !== undefined) query = query.where('year', '=', year);
  const tasks = await query.orderBy('year', 'desc').orderBy('created_at', 'desc').limit(200).execute();
  return { tasks: await taskViews(s, caller, tasks) };
}

/** One task with each of its units in the caller's scope; 404 when none is, unless the task was opened inside the scope. */
export async function taskDetail(s: Services, caller: Caller, id: string) {
  requireTaskRole(caller);
  const task = await s.db.kysely.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
  const units = task ? await unitsInScope(s, caller, [task.id]) : [];
  if (!task || (units.length === 0 && !s.tree.isWithin(task.org_id, caller.orgId))) throw notFound('自评任务');
  const at = s.clock();
  const views = units.map((u) => unitView(s, task, u, at));
  const progress = progressOf(views);
  return {
    ...taskHead(s, task, at, await creatorNames(s, [task])),
    opening: openingOf(task, await openingJobs(s, [task])),
    progress,
    totals: sum(progress),
    units: views,
  };
}

/** The task a package belongs to, as its unit sees it, or null. */
export async function taskOfPackage(s: Services, packageId: string) {
  const row = await s.db.kysely
    .selectFrom('task_units')
    .innerJoin('tasks', 'tasks.id', 'task_units.task_id')
    .selectAll('tasks')
    .select(['task_units.submitted_at', 'task_units.late'])
    .where('task_units.package_id', '=', packageId)
    .executeTakeFirst();
  if (!row) return null;
  const { submitted_at, late, ...task } = row;
  const at = s.clock();
  return {
    ...taskHead(s, task, at, await creatorNames(s, [task])),
    submittedAt: submitted_at,
    late: Boolean(late),
    overdue: submitted_at === null && daysLeft(task.submit_due, at) < 0,
  };
}

/**
 * The overview's due dates (overview.ts `DueDates`): those of the task that brought each unit of the
 * scope into the year, with whether the unit has submitted; null when no task of the year covers the scope.
 */
export const taskDueDates: DueDates = async (db, year, scopePath) => {
  const [from, to] = pathRange(scopePath);
  const rows = await db
    .selectFrom('task_units')
    .innerJoin('tasks', 'tasks.id', 'task_units.task_id')
    .innerJoin('orgs', 'orgs.id', 'task_units.org_id')
    .select(['task_units.org_id', 'task_units.submitted_at', 'tasks.submit_due', 'tasks.review_due', 'tasks.finance_due'])
    .where('task_units.year', '=', year)
    .where('orgs.path', '>=', from)
    .where('orgs.path', '<', to)
    .execute();
  if (rows.length === 0) return null;
  return new Map(
    rows.map((r) => [
      r.org_id,
      { submitDue: r.submit_due, reviewDue: r.review_due, financeDue: r.finance_due, submitted: r.submitted_at !== null },
    ]),
  );
};
