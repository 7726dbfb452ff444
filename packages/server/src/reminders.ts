/**
 * Reminders of the tasks' due dates, run as a message on the job queue (daily at the hour
 * `JIXIAO_REMINDER_HOUR`, China time): units that have not submitted hear 3 days before the submit
 * due day and again once it has passed; departments hear of their overdue units and of packages
 * still awaiting their review near and after the review due day; the finance bureau that opened the
 * task hears of packages still awaiting its 审核 or 公开 near and after the finance due day, where the
 * task set one. Each step's reminder counts the packages of a task for a unit, a department (or
 * finance bureau), and is told once, by its key. What a user is reminded of by a run is gathered into
 * one notice (and one e-mail) of the day, so a reviewer of several tasks hears once a day; a run
 * repeated by another process or a retry tells nothing twice, and what comes up after the day's notice
 * waits for the next day's. E-mails that failed before are tried again.
 */
import { type Status, chinaDay, daysLeft, dueText } from '@jixiao/core';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema.js';
import { type NoticeInput, type Notices, departmentReviewers, financeReviewers, unitUsers } from './notices.js';
import type { JobQueue } from './queue.js';

/** Days before a due day when the reminder comes. */
export const REMIND_DAYS_BEFORE = 3;

/** Statuses in which a package waits for the finance bureau: its 审核, then its 公开. */
const WITH_FINANCE: readonly Status[] = ['dept_approved', 'finance_approved'];

/** A step's reminder to its reviewers: how many packages of a task wait for them, against its due day. */
interface Waiting {
  orgId: string;
  taskId: string;
  year: number;
  due: string;
  count: number;
  /** of them waiting for 公开 (the finance bureau's step only) */
  toPublish: number;
}

/** One thing to remind of, known by its key: a task's step for a unit, a department or a finance bureau. */
type Reminder = NoticeInput & { key: string };

/**
 * One notice of the things a user is reminded of: a single one as it is, several listed one a line
 * with their counts and due days, overdue if any is.
 */
function gathered(list: readonly Reminder[]): NoticeInput {
  if (list.length === 1) return list[0]!;
  const overdue = list.filter((n) => n.kind === 'overdue').length;
  const same = <T>(values: T[]) => (values.every((v) => v === values[0]) ? values[0] : null);
  return {
    kind: overdue > 0 ? 'overdue' : 'due_soon',
    title: `预算绩效自评提醒：${list.length} 项待办${overdue > 0 ? `（其中 ${overdue} 项已逾期）` : ''}`,
    body: list.map((n, i) => `${i + 1}. ${n.title}：${n.body}`).join('\n'),
    taskId: same(list.map((n) => n.taskId ?? null)),
    packageId: same(list.map((n) => n.packageId ?? null)),
  };
}

/** Makes the day's reminders, at most one notice (and e-mail) per user; returns how many notices were made. */
export async function runReminders(db: Kysely<Database>, notices: Notices, at: Date): Promise<number> {
  const rows = await db
    .selectFrom('task_units')
    .innerJoin('tasks', 'tasks.id', 'task_units.task_id')
    .innerJoin('packages', 'packages.id', 'task_units.package_id')
    .select([
      'tasks.id as task_id',
      'tasks.year',
      'tasks.submit_due',
      'tasks.review_due',
      'tasks.finance_due',
      'tasks.org_id as task_org_id',
      'task_units.org_id',
      'task_units.department_id',
      'task_units.package_id',
      'task_units.submitted_at',
      'packages.org_name',
      'packages.status',
    ])
    .where('packages.deleted_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('task_units.submitted_at', 'is', null),
        eb('packages.status', '=', 'submitted'),
        eb.and([eb('tasks.finance_due', 'is not', null), eb('packages.status', 'in', WITH_FINANCE)]),
      ]),
    )
    .execute();
  const toUnits: { orgId: string; notice: Reminder }[] = [];
  const toDepartments = new Map<string, { departmentId: string; notice: Reminder }>();
  const overdueByDepartment = new Map<string, { departmentId: string; taskId: string; year: number; due: string; names: string[] }>();
  const reviewByDepartment = new Map<string, Waiting>();
  const financeByTask = new Map<string, Waiting>();
  const waiting = (groups: Map<string, Waiting>, key: string, orgId: string, r: (typeof rows)[number], due: string) => {
    const group = groups.get(key) ?? { orgId, taskId: r.task_id, year: r.year, due, count: 0, toPublish: 0 };
    group.count++;
    if (r.status === 'finance_approved') group.toPublish++;
    groups.set(key, group);
  };
  for (const r of rows) {
    const submitLeft = daysLeft(r.submit_due, at);
    const unsubmitted = r.submitted_at === null;
    if (unsubmitted && submitLeft >= 0 && submitLeft <= REMIND_DAYS_BEFORE) {
      toUnits.push({
        orgId: r.org_id,
        notice: {
          kind: 'due_soon',
          title: `${r.year} 年度自评将于 ${r.submit_due} 截止提交`,
          body: `${r.org_name} ${r.year} 年度预算绩效自评尚未提交，提交截止 ${r.submit_due}（${dueText(r.submit_due, at)}）。`,
          packageId: r.package_id,
          taskId: r.task_id,
          key: `due_soon:submit:${r.task_id}:${r.org_id}`,
        },
      });
    } else if (unsubmitted && submitLeft < 0) {
      toUnits.push({
        orgId: r.org_id,
        notice: {
          kind: 'overdue',
          title: `${r.year} 年度自评已逾期未提交`,
          body: `${r.org_name} ${r.year} 年度预算绩效自评的提交截止日期 ${r.submit_due} 已过（${dueText(r.submit_due, at)}），请尽快提交；逾期提交将记为逾期。`,
          packageId: r.package_id,
          taskId: r.task_id,
          key: `overdue:submit:${r.task_id}:${r.org_id}`,
        },
      });
      if (r.department_id) {
        const key = `${r.task_id}:${r.department_id}`;
        const group = overdueByDepartment.get(key) ?? {
          departmentId: r.department_id,
          taskId: r.task_id,
          year: r.year,
          due: r.submit_due,
          names: [],
        };
        group.names.push(r.org_name);
        overdueByDepartment.set(key, group);
      }
    }
    if (r.status === 'submitted' && r.department_id && daysLeft(r.review_due, at) <= REMIND_DAYS_BEFORE)
      waiting(reviewByDepartment, `${r.task_id}:${r.department_id}`, r.department_id, r, r.review_due);
    if (WITH_FINANCE.includes(r.status) && r.finance_due !== null && daysLeft(r.finance_due, at) <= REMIND_DAYS_BEFORE)
      waiting(financeByTask, r.task_id, r.task_org_id, r, r.finance_due);
  }
  for (const g of overdueByDepartment.values()) {
    toDepartments.set(`overdue:${g.taskId}:${g.departmentId}`, {
      departmentId: g.departmentId,
      notice: {
        kind: 'overdue',
        title: `${g.year} 年度自评：${g.names.length} 个单位逾期未提交`,
        body: `提交截止日期 ${g.due} 已过，以下单位尚未提交：${g.names.join('、')}。`,
        taskId: g.taskId,
        key: `overdue:units:${g.taskId}:${g.departmentId}`,
      },
    });
  }
  for (const g of reviewByDepartment.values()) {
    const late = daysLeft(g.due, at) < 0;
    toDepartments.set(`review:${g.taskId}:${g.orgId}`, {
      departmentId: g.orgId,
      notice: {
        kind: late ? 'overdue' : 'due_soon',
        title: late ? `${g.year} 年度自评：部门审核已逾期` : `${g.year} 年度自评：部门审核将于 ${g.due} 截止`,
        body: `${g.count} 个单位的自评包待本部门审核，部门审核截止 ${g.due}（${dueText(g.due, at)}）。`,
        taskId: g.taskId,
        key: `${late ? 'overdue' : 'due_soon'}:review:${g.taskId}:${g.orgId}`,
      },
    });
  }
  const toFinance = [...financeByTask.values()].map((g) => {
    const late = daysLeft(g.due, at) < 0;
    const toReview = g.count - g.toPublish;
    const what = [toReview ? `${toReview} 个待财政审核` : '', g.toPublish ? `${g.toPublish} 个待公开` : ''].filter(Boolean).join('、');
    return {
      orgId: g.orgId,
      notice: {
        kind: late ? 'overdue' : 'due_soon',
        title: late ? `${g.year} 年度自评：财政审核已逾期` : `${g.year} 年度自评：财政审核将于 ${g.due} 截止`,
        body: `${g.count} 个单位的自评包（${what}）待本级财政审核或公开，财政审核截止 ${g.due}（${dueText(g.due, at)}）。`,
        taskId: g.taskId,
        key: `${late ? 'overdue' : 'due_soon'}:finance:${g.taskId}:${g.orgId}`,
      } satisfies Reminder,
    };
  });
  const units = await unitUsers(
    db,
    toUnits.map((u) => u.orgId),
  );
  const reviewers = await departmentReviewers(
    db,
    [...toDepartments.values()].map((d) => d.departmentId),
  );
  const financeUsers = await financeReviewers(
    db,
    toFinance.map((f) => f.orgId),
  );
  // What each user is to hear, in that order: the units' own reminders, the departments', the finance bureau's.
  const byUser = new Map<string, Reminder[]>();
  const hear = (userIds: readonly string[] | undefined, notice: Reminder) => {
    for (const userId of userIds ?? []) byUser.set(userId, (byUser.get(userId) ?? []).concat(notice));
  };
  for (const u of toUnits) hear(units.get(u.orgId), u.notice);
  for (const d of toDepartments.values()) hear(reviewers.get(d.departmentId), d.notice);
  for (const f of toFinance) hear(financeUsers.get(f.orgId), f.notice);
  const told = await notices.told([...byUser].flatMap(([userId, list]) => list.map((n) => ({ userId, key: n.key }))));
  const day = chinaDay(at);
  let made = 0;
  for (const [userId, list] of byUser) {
    const fresh = list.filter((n) => !told.get(userId)?.has(n.key));
    if (fresh.length === 0) continue;
    // The user's notice of the day: what comes up after it waits for tomorrow's.
    const notice = { ...gathered(fresh), key: `reminders:${day}` };
    const things = fresh.map((n) => n.key);
    if (await notices.notifyOf(userId, notice, things)) made++;
  }
  await notices.idle();
  await notices.mail();
  return made;
}

/**
 * Sends the reminders message once a day, at or after `hour` o'clock China time, checking every ten
 * minutes; returns the function that stops it. Each app process may do so: the notices' keys keep
 * every reminder single.
 */
export function scheduleReminders(queue: JobQueue, clock: () => Date, hour: number): () => void {
  let lastDay = '';
  const tick = () => {
    const at = clock();
    const day = chinaDay(at);
    const chinaHour = new Date(at.getTime() + 8 * 3_600_000).getUTCHours();
    if (day === lastDay || chinaHour < hour) return;
    lastDay = day;
    void queue.send('reminders', { jobId: `reminders-${day}` }).catch(() => (lastDay = ''));
  };
  tick();
  const timer = setInterval(tick, 10 * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
