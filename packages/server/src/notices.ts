/**
 * Notices to users: a list per user in the app (the bell), and the same by e-mail when a mailer is
 * configured and the user has an address. A notice may carry a key, so that the same thing is never
 * told twice (a job run again, another process); one that tells several things at once (a day's
 * reminders) records each thing's key with it, so that no later notice tells it again.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { now } from './clock.js';
import type { Database, NoticeKind } from './db/schema.js';
import type { Mailer } from './mailer.js';

export interface NoticeInput {
  kind: NoticeKind;
  title: string;
  body: string;
  packageId?: string | null;
  taskId?: string | null;
  /** once-only: a second notice with the same key to the same user is not made */
  key?: string;
}

export const NOTICE_KIND_LABELS: Readonly<Record<NoticeKind, string>> = {
  task_opened: '任务下达',
  returned: '退回',
  approved: '审核通过',
  due_soon: '即将到期',
  overdue: '已逾期',
};

/** Roles that fill and submit a unit's package: they hear of its task, returns and approvals. */
const UNIT_ROLES = ['filler', 'unit_head'] as const;

/** The key of a thing told to one user: each user is told it once. */
const keyFor = (key: string, userId: string) => `${key}:${userId}`;

/** The notice's row for one user, unread and not yet e-mailed. */
const noticeRow = (id: string, userId: string, notice: NoticeInput, at: string) => ({
  id,
  user_id: userId,
  kind: notice.kind,
  title: notice.title,
  body: notice.body,
  package_id: notice.packageId ?? null,
  task_id: notice.taskId ?? null,
  key: notice.key ? keyFor(notice.key, userId) : null,
  created_at: at,
  read_at: null,
  emailed_at: null,
});

export class Notices {
  private readonly sending = new Set<Promise<void>>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly mailer: Mailer | null,
    private readonly onMailError: (error: Error) => void = () => undefined,
  ) {}

  /** Makes the notice for each user (once per key); e-mails it in the background. Returns how many were made. */
  async notify(userIds: readonly string[], notice: NoticeInput): Promise<number> {
    const at = now();
    const rows = [...new Set(userIds)].map((userId) => noticeRow(randomUUID(), userId, notice, at));
    const made: string[] = [];
    for (let i = 0; i < rows.length; i += 200) {
      const inserted = await this.db
        .insertInto('notices')
        .values(rows.slice(i, i + 200))
        .onConflict((oc) => oc.column('key').doNothing())
        .returning('id')
        .execute();
      made.push(...inserted.map((r) => r.id));
    }
    this.mailLater(made);
    return made.length;
  }

  /** Of the things (keys) to tell these users, those a notice told each user already, by user. */
  async told(things: readonly { userId: string; key: string }[]): Promise<Map<string, Set<string>>> {
    const byKey = new Map(things.map((t) => [keyFor(t.key, t.userId), t]));
    const keys = [...byKey.keys()];
    const told = new Map<string, Set<string>>();
    for (let i = 0; i < keys.length; i += 500) {
      const rows = await this.db
        .selectFrom('notice_items')
        .select('key')
        .where('key', 'in', keys.slice(i, i + 500))
        .execute();
      for (const r of rows) {
        const { userId, key } = byKey.get(r.key)!;
        told.set(userId, (told.get(userId) ?? new Set()).add(key));
      }
    }
    return told;
  }

  /**
   * Makes one notice to the user that tells several things (`things`, their keys), unless the user has
   * the notice of `notice.key` already; the things are recorded as told with the notice, in one
   * transaction, so that two runs at once make one notice. E-mails it in the background. Returns
   * whether it was made.
   */
  async notifyOf(userId: string, notice: NoticeInput & { key: string }, things: readonly string[]): Promise<boolean> {
    const id = randomUUID();
    const made = await this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('notices')
        .values(noticeRow(id, userId, notice, now()))
        .onConflict((oc) => oc.column('key').doNothing())
        .executeTakeFirst();
      if (inserted.numInsertedOrUpdatedRows !== 1n) return false;
      const items = [...new Set(things)].map((key) => ({ key: keyFor(key, userId), notice_id: id }));
      for (let i = 0; i < items.length; i += 200)
        await trx
          .insertInto('notice_items')
          .values(items.slice(i, i + 200))
          .onConflict((oc) => oc.column('key').doNothing())
          .execute();
      return true;
    });
    if (made) this.mailLater([id]);
    return made;
  }

  /** E-mails the notices in the background (`idle` waits for them). */
  private mailLater(ids: readonly string[]): void {
    if (!this.mailer || ids.length === 0) return;
    const sent: Promise<void> = this.mail(ids)
      .then(() => undefined)
      .catch((error: unknown) => this.onMailError(error instanceof Error ? error : new Error(String(error))))
      .finally(() => this.sending.delete(sent));
    this.sending.add(sent);
  }

  /**
   * E-mails the notices not yet e-mailed to users with an address (the given ones, or every one of the
   * last week: what failed before is tried again). A notice that fails stays unsent; the others go on.
   */
  async mail(ids?: readonly string[]): Promise<number> {
    const mailer = this.mailer;
    if (!mailer) return 0;
    let query = this.db
      .selectFrom('notices')
      .innerJoin('users', 'users.id', 'notices.user_id')
      .select(['notices.id', 'notices.title', 'notices.body', 'users.email', 'users.display_name'])
      .where('notices.emailed_at', 'is', null)
      .where('users.email', 'is not', null)
      .where('users.deleted_at', 'is', null);
    query = ids
      ? query.where('notices.id', 'in', ids)
      : query.where('notices.created_at', '>=', new Date(Date.now() - 7 * 86_400_000).toISOString());
    let sent = 0;
    let failure: Error | null = null;
    for (const n of await query.execute()) {
      try {
        await mailer.send({
          to: n.email as string,
          subject: `【预算绩效自评】${n.title}`,
          text: `${n.display_name}：\n\n${n.body}\n\n（本邮件由预算绩效自评系统自动发送，请登录系统查看详情。）`,
        });
        await this.db.updateTable('notices').set({ emailed_at: now() }).where('id', '=', n.id).execute();
        sent++;
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
      }
    }
    if (failure) this.onMailError(failure);
    return sent;
  }

  /** Waits for the e-mails being sent (closing the service, tests). */
  async idle(): Promise<void> {
    while (this.sending.size) await Promise.all(this.sending);
  }

  /** The user's notices, newest first, and how many are unread. */
  async list(userId: string, limit: number) {
    const rows = await this.db
      .selectFrom('notices')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
    const unread = await this.db
      .selectFrom('notices')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return {
      unread: Number(unread?.n ?? 0),
      notices: rows.map((n) => ({
        id: n.id,
        kind: n.kind,
        kindLabel: NOTICE_KIND_LABELS[n.kind],
        title: n.title,
        body: n.body,
        packageId: n.package_id,
        taskId: n.task_id,
        createdAt: n.created_at,
        read: n.read_at !== null,
        emailed: n.emailed_at !== null,
      })),
    };
  }

  /** Marks the user's notice read; false when the user has no such notice. */
  async markRead(userId: string, id: string): Promise<boolean> {
    const notice = await this.db
      .selectFrom('notices')
      .select('read_at')
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!notice) return false;
    if (notice.read_at === null) await this.db.updateTable('notices').set({ read_at: now() }).where('id', '=', id).execute();
    return true;
  }

  async markAllRead(userId: string): Promise<void> {
    await this.db.updateTable('notices').set({ read_at: now() }).where('user_id', '=', userId).where('read_at', 'is', null).execute();
  }
}

/** The active accounts of each unit that fill and submit its package. */
export async function unitUsers(db: Kysely<Database>, orgIds: readonly string[]): Promise<Map<string, string[]>> {
  return usersOf(db, orgIds, UNIT_ROLES);
}

/** The active 部门审核 accounts of each department. */
export async function departmentReviewers(db: Kysely<Database>, departmentIds: readonly string[]): Promise<Map<string, string[]>> {
  return usersOf(db, departmentIds, ['dept_reviewer']);
}

/** The active 财政审核 accounts of each finance bureau. */
export async function financeReviewers(db: Kysely<Database>, orgIds: readonly string[]): Promise<Map<string, string[]>> {
  return usersOf(db, orgIds, ['finance_reviewer']);
}

async function usersOf(db: Kysely<Database>, orgIds: readonly string[], roles: readonly Database['users']['role'][]) {
  const byOrg = new Map<string, string[]>();
  const unique = [...new Set(orgIds)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('users')
      .select(['id', 'org_id'])
      .where('org_id', 'in', unique.slice(i, i + 500))
      .where('role', 'in', [...roles])
      .where('disabled', '=', 0)
      .where('deleted_at', 'is', null)
      .execute();
    for (const r of rows) byOrg.set(r.org_id, [...(byOrg.get(r.org_id) ?? []), r.id]);
  }
  return byOrg;
}
