/**
 * The finance bureau's tasks: a year's self-evaluation opened for a set of units with due dates for
 * 提交 and 部门审核. Each unit gets its package (next year's from last year's where there is one) and
 * belongs to one task per year, so opening again adds only the units not yet in one. The first
 * submission of each unit is recorded, late when after the submit due day. Progress is counted over
 * the units in the caller's scope; days left follow the service's clock.
 */
import { randomUUID } from 'node:crypto';
import { STATUS_LABELS, TEMPLATES, carryOver, daysLeft, dueText, isDueDate, isLate, newPackage, type Status } from '@jixiao/core';
import type { Selectable } from 'kysely';
import type { Services } from './context.js';
import type { TaskTable } from './db/schema.js';
import { isUniqueViolation } from './db/unique.js';
import { ApiError, forbidden, notFound } from './errors.js';
import type { DueDates } from './overview.js';
import { departmentReviewers, unitUsers } from './notices.js';
import { pathRange } from './org-paths.js';
import { createPackage, packageContentOf } from './package-service.js';
import { type Caller, worksOnPackages } from './policy.js';
import { pinnedToUnit } from './routes/packages.js';

/** As the request gives it; the fields each kind needs are checked in unitsOf. */
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
  note: string;
  scope: TaskScope;
}

type TaskRow = Selectable<TaskTable>;

/** Units whose packages are made at the same time when a task is opened. */
const OPEN_CONCURRENCY = 4;

/** Statuses past the department's review. */
const REVIEWED: ReadonlySet<Status> = new Set(['dept_approved', 'finance_approved', 'finance_returned', 'published']);
const RETURNED: ReadonlySet<Status> = new Set(['dept_returned', 'finance_returned']);

/** The units a scope names, each checked to be a unit inside the caller's organisation. */
function unitsOf(s: Services, caller: Caller, scope: TaskScope): string[] {
  const unitsBelow = (id: string) =>
    s.tree
      .subtree(id)
      .filter((o) => o.kind === 'unit' && !s.tree.isDisabled(o.id))
      .map((o) => o.id);
  if (scope.kind === 'all') return unitsBelow(caller.orgId);
  if (scope.kind === 'department') {
    if (!scope.departmentId) throw new ApiError('BAD_REQUEST', '按主管部门下达时须选择主管部门（scope.departmentId）。');
    const department = s.tree.get(scope.departmentId);
    if (!department || department.kind !== 'department' || !s.tree.isWithin(department.id, caller.orgId)) throw notFound('主管部门');
    return unitsBelow(department.id);
  }
  if (!scope.unitIds?.length) throw new ApiError('BAD_REQUEST', '按单位下达时须列出单位（scope.unitIds）。');
  for (const id of scope.unitIds) {
    const unit = s.tree.get(id);
    if (!unit || unit.kind !== 'unit' || !s.tree.isWithin(id, caller.orgId)) throw notFound('单位');
  }
  return [...new Set(scope.unitIds)];
}

function checkInput(input: TaskInput): void {
  if (!TEMPLATES[input.template]) throw new ApiError('BAD_REQUEST', `没有评分模板“${input.template}”。`);
  for (const [label, day] of [
    ['提交截止日期', input.submitDue],
    ['部门审核截止日期', input.reviewDue],
  ] as const) {
    if (!isDueDate(day)) throw new ApiError('BAD_REQUEST', `${label}“${day}”不是有效的日期（应为 YYYY-MM-DD）。`);
  }
  if (input.reviewDue < input.submitDue) {
    throw new ApiError('BAD_REQUEST', `部门审核截止日期（${input.reviewDue}）不能早于提交截止日期（${input.submitDue}）。`);
  }
}

/** The first submission of an existing package, if any: a unit that submitted before the task counts as submitted. */
async function firstSubmission(s: Services, packageId: string): Promise<string | null> {
  const event = await s.db.kysely
    .selectFrom('package_events')
    .select('at')
    .where('package_id', '=', packageId)
    .where('action', '=', 'submit')
    .orderBy('at')
    .executeTakeFirst();
  return event?.at ?? null;
}

/**
 * Opens the task: the units of the scope not yet in a task of that year each get their package
 * (kept if the unit has one already) and are told; their departments' reviewers too.
 */
export async function openTask(s: Services, caller: Caller, input: TaskInput) {
  if (caller.role !== 'finance_reviewer') throw forbidden('下达自评任务');
  checkInput(input);
  const wanted = unitsOf(s, caller, input.scope);
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
  const units = wanted.filter((id) => !taken.has(id));
  if (units.length === 0) {
    throw new ApiError('DUPLICATE', `所选单位的 ${input.year} 年度自评任务均已下达，未重复下达。`, {
      taskIds: [...new Set(taken.values())],
    });
  }
  const task: TaskRow = {
    id: randomUUID(),
    year: input.year,
    template: input.template,
    submit_due: input.submitDue,
    review_due: input.reviewDue,
    note: input.note.trim(),
    scope: JSON.stringify(input.scope),
    org_id: caller.orgId,
    created_by: caller.userId,
    created_at: s.clock().toISOString(),
  };
  await db.insertInto('tasks').values(task).execute();
  let created = 0;
  let carried = 0;
  /** unit id → its package, for the units this task took */
  const added = new Map<string, string>();
  const takeUnit = async (orgId: string): Promise<void> => {
    const org = s.tree.get(orgId);
    if (!org) return;
    const departmentId = s.tree.departmentOf(orgId)?.id ?? null;
    const existing = await db
      .selectFrom('packages')
      .select('id')
      .where('org_id', '=', orgId)
      .where('year', '=', input.year)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    let packageId = existing?.id;
    if (!packageId) {
      const previous = await packageContentOf(s, orgId, input.year - 1);
      const start = previous ? carryOver(previous, input.year) : newPackage(org.name, s.tree.departmentOf(orgId)?.name ?? '', input.year);
      try {
        const row = await createPackage(
          s,
          caller,
          orgId,
          input.year,
          pinnedToUnit(s, { ...start, template: input.template }, orgId, input.year),
          'create',
        );
        packageId = row.id;
        created++;
        if (previous) carried++;
      } catch (error) {
        // The unit created its package in the meantime: the task takes that one.
        if (!(error instanceof ApiError && error.code === 'DUPLICATE' && typeof error.details?.id === 'string')) throw error;
        packageId = error.details.id;
      }
    }
    const submittedAt = await firstSubmission(s, packageId);
    try {
      await db
        .insertInto('task_units')
        .values({
          task_id: task.id,
          org_id: orgId,
          year: input.year,
          department_id: departmentId,
          package_id: packageId,
          submitted_at: submittedAt,
          late: submittedAt && isLate(task.submit_due, new Date(submittedAt)) ? 1 : 0,
        })
        .execute();
      added.set(orgId, packageId);
    } catch (error) {
      // Another task of the year took the unit at the same moment.
      if (!isUniqueViolation(error)) throw error;
    }
  };
  // A few units at a time: each is a handful of round trips to the database and a diff of its package.
  const queue = [...units];
  await Promise.all(
    Array.from({ length: Math.min(OPEN_CONCURRENCY, queue.length) }, async () => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) await takeUnit(next);
    }),
  );
  await tellOpened(s, task, added);
  return {
    task: (await taskViews(s, caller, [task]))[0]!,
    created,
    carriedOver: carried,
    linked: added.size - created,
    skipped: wanted.length - added.size,
  };
}

async function tellOpened(s: Services, task: TaskRow, packages: ReadonlyMap<string, string>): Promise<void> {
  const unitIds = [...packages.keys()];
  const at = s.clock();
  const by = s.tree.get(task.org_id)?.name ?? '财政部门';
  const note = task.note ? `\n说明：${task.note}` : '';
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
      body: `${by}向本部门所属 ${count} 个单位下达了 ${task.year} 年度预算绩效自评任务：单位提交截止 ${task.submit_due}，部门审核截止 ${task.review_due}（${dueText(task.review_due, at)}）。${note}`,
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
};

function progressOf(units: ReturnType<typeof unitView>[]): Progress[] {
  const byDepartment = new Map<string, Progress>();
  for (const u of units) {
    const key = u.departmentId ?? '';
    let p = byDepartment.get(key);
    if (!p) {
      p = {
        departmentId: u.departmentId,
        departmentName: u.departmentName || '（无主管部门）',
        units: 0,
        submitted: 0,
        late: 0,
        overdue: 0,
        awaitingReview: 0,
        reviewOverdue: 0,
        returned: 0,
        reviewed: 0,
      };
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
  }
  return [...byDepartment.values()].sort((a, b) => a.departmentName.localeCompare(b.departmentName, 'zh-CN'));
}

function sum(progress: Progress[]): Omit<Progress, 'departmentId' | 'departmentName'> {
  const total = { units: 0, submitted: 0, late: 0, overdue: 0, awaitingReview: 0, reviewOverdue: 0, returned: 0, reviewed: 0 };
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
    note: task.note,
    scope: JSON.parse(task.scope) as TaskScope,
    orgName: s.tree.get(task.org_id)?.name ?? '',
    createdAt: task.created_at,
    createdByName: names.get(task.created_by) ?? '',
  };
}

/** Tasks with their progress per department, over the units in the caller's scope. */
async function taskViews(s: Services, caller: Caller, tasks: readonly TaskRow[]) {
  const at = s.clock();
  const names = await creatorNames(s, tasks);
  const units = await unitsInScope(
    s,
    caller,
    tasks.map((t) => t.id),
  );
  return tasks.map((task) => {
    const progress = progressOf(units.filter((u) => u.task_id === task.id).map((u) => unitView(s, task, u, at)));
    return { ...taskHead(s, task, at, names), progress, totals: sum(progress) };
  });
}

function requireTaskRole(caller: Caller): void {
  if (!worksOnPackages(caller.role)) throw forbidden('查看自评任务');
}

/** The tasks with a unit inside the caller's scope, newest year first. */
export async function listTasks(s: Services, caller: Caller, year?: number) {
  requireTaskRole(caller);
  const [from, to] = pathRange(s.tree.pathOf(caller.orgId));
  let query = s.db.kysely
    .selectFrom('tasks')
    .selectAll()
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('task_units')
          .innerJoin('packages', 'packages.id', 'task_units.package_id')
          .select('task_units.org_id')
          .whereRef('task_units.task_id', '=', 'tasks.id')
          .where('packages.org_path', '>=', from)
          .where('packages.org_path', '<', to),
      ),
    );
  if (year !== undefined) query = query.where('year', '=', year);
  const tasks = await query.orderBy('year', 'desc').orderBy('created_at', 'desc').limit(200).execute();
  return { tasks: await taskViews(s, caller, tasks) };
}

/** One task with each of its units in the caller's scope; 404 when none is. */
export async function taskDetail(s: Services, caller: Caller, id: string) {
  requireTaskRole(caller);
  const task = await s.db.kysely.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
  const units = task ? await unitsInScope(s, caller, [task.id]) : [];
  if (!task || units.length === 0) throw notFound('自评任务');
  const at = s.clock();
  const views = units.map((u) => unitView(s, task, u, at));
  const progress = progressOf(views);
  return { ...taskHead(s, task, at, await creatorNames(s, [task])), progress, totals: sum(progress), units: views };
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
 * The overview's due dates (overview.ts `DueDates`): the 提交 due day of every unit of the scope that a
 * task of the year brought in and that has not submitted yet; null when no task of the year covers the scope.
 */
export const submitDueDates: DueDates = async (db, year, scopePath) => {
  const [from, to] = pathRange(scopePath);
  const rows = await db
    .selectFrom('task_units')
    .innerJoin('tasks', 'tasks.id', 'task_units.task_id')
    .innerJoin('orgs', 'orgs.id', 'task_units.org_id')
    .select(['task_units.org_id', 'task_units.submitted_at', 'tasks.submit_due'])
    .where('task_units.year', '=', year)
    .where('orgs.path', '>=', from)
    .where('orgs.path', '<', to)
    .execute();
  if (rows.length === 0) return null;
  return new Map(rows.filter((r) => r.submitted_at === null).map((r) => [r.org_id, r.submit_due]));
};
