import { randomUUID } from 'node:crypto';
import {
  ACTION_LABELS,
  EDITABLE_STATUSES,
  STATUS_LABELS,
  type Change,
  diffForReplay,
  diffJson,
  nextStatus,
  type Package,
  limitIssues,
  parsePackage,
  settleTotals,
  templateOf,
  roleMayEver,
  type StatusAction,
} from '@jixiao/core';
import { type Kysely, type Selectable, type Transaction, sql } from 'kysely';
import { contentOf, isAsStored } from './content.js';
import type { Services } from './context.js';
import { now } from './clock.js';
import { isUniqueViolation } from './db/unique.js';
import type { Database, PackageEventTable, PackageTable, PackageVersionTable, Status } from './db/schema.js';
import { ApiError, forbidden, notFound } from './errors.js';
import { snapshotFor } from './history-store.js';
import { assertPointsAllow, raisePoints } from './rectification.js';
import { type SummaryRecord, removeSummary, summaryClauses, summaryRecord, writeSummary } from './package-summary.js';
import { type Caller, type PackageAction, allowedActions, canSeePackage, isInScope } from './policy.js';

export interface FieldComment {
  path: string;
  message: string;
}

/**
 * What is stored: 附件1's totals as the package's template computes them, a differing stated figure kept
 * under the row's `declared` (core settleTotals), so that every reader of the stored package (lists, the
 * public portal, exports) meets the figures the checks and the documents use.
 */
function storedForm(pkg: Package): Package {
  return settleTotals(pkg, templateOf(pkg));
}

/** Validates package JSON with the core schema; 422 with the core's issues when it is not a package. */
export function validPackage(data: unknown): Package {
  const result = parsePackage(data);
  if (result.ok) {
    withinLimits(result.package);
    return result.package;
  }
  const first = result.issues[0];
  throw new ApiError('INVALID_PACKAGE', `自评包数据不合规：${first ? `${first.label}（${first.path}）${first.message}` : ''}`, {
    issues: result.issues,
  });
}

/** 422 when a package is larger than any real unit's (core PACKAGE_LIMITS): it would hold a worker for minutes. */
export function withinLimits(pkg: Package): void {
  const issues = limitIssues(pkg);
  const first = issues[0];
  if (first) throw new ApiError('INVALID_PACKAGE', `自评包过大：${first.message}（${first.path}）。`, { issues });
}

/** A package with its current content (and, just after a save, that content's stored JSON text). */
export type PackageRow = Selectable<PackageTable> & { content: Package; contentJson?: string };

/** The current content of the unit's package of a year, if there is one. */
export async function packageContentOf(s: Pick<Services, 'db' | 'contents'>, orgId: string, year: number): Promise<Package | undefined> {
  const row = await s.db.kysely
    .selectFrom('packages')
    .select(['id', 'version'])
    .where('org_id', '=', orgId)
    .where('year', '=', year)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row && contentOf(s.db.kysely, s.contents, row.id, row.version);
}

/** The package if the caller may see it; otherwise 404, exactly as if it did not exist. */
export async function visiblePackage(s: Services, caller: Caller | null, id: string): Promise<PackageRow> {
  const row = await s.db.kysely.selectFrom('packages').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  if (!row || !canSeePackage(caller, s.tree, row.org_id, row.status)) throw notFound('自评包');
  return { ...row, content: await contentOf(s.db.kysely, s.contents, row.id, row.version) };
}

async function userNames(db: Kysely<Database>, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/**
 * A package as listed. Who saved it last is part of the working side: a caller outside the package's
 * scope (the public, an administrator) sees its public face only, with no account id or staff name.
 */
export function summaryView(s: Services, caller: Caller | null, row: Selectable<PackageTable>, names: Map<string, string>) {
  const dept = s.tree.departmentOf(row.org_id);
  const working = isInScope(caller, s.tree, row.org_id);
  return {
    id: row.id,
    orgId: row.org_id,
    orgName: s.tree.get(row.org_id)?.name ?? '',
    departmentId: dept?.id ?? null,
    departmentName: dept?.name ?? null,
    year: row.year,
    status: row.status,
    statusLabel: STATUS_LABELS[row.status],
    version: row.version,
    updatedAt: row.updated_at,
    updatedBy: working ? row.updated_by : '',
    updatedByName: working ? (names.get(row.updated_by) ?? '') : '',
  };
}

export async function summaries(s: Services, caller: Caller | null, rows: Selectable<PackageTable>[]) {
  const names = await userNames(
    s.db.kysely,
    rows.filter((r) => isInScope(caller, s.tree, r.org_id)).map((r) => r.updated_by),
  );
  return rows.map((r) => summaryView(s, caller, r, names));
}

/** The reviewer's reasons while a package is returned. */
async function lastReturn(s: Services, row: PackageRow) {
  if (row.status !== 'dept_returned' && row.status !== 'finance_returned') return null;
  const event = await s.db.kysely
    .selectFrom('package_events')
    .innerJoin('users', 'users.id', 'package_events.user_id')
    .select([
      'package_events.at',
      'package_events.user_id',
      'package_events.comment',
      'package_events.field_comments',
      'package_events.from_status',
      'users.display_name',
    ])
    .where('package_id', '=', row.id)
    .where('action', '=', 'return')
    .orderBy('package_events.at', 'desc')
    .executeTakeFirst();
  if (!event) return null;
  return {
    stage: event.from_status === 'submitted' ? 'dept' : 'finance',
    by: event.user_id,
    byName: event.display_name,
    at: event.at,
    comment: event.comment,
    fieldComments: JSON.parse(event.field_comments) as FieldComment[],
  };
}

export async function detailView(s: Services, caller: Caller | null, row: PackageRow) {
  const names = !isInScope(caller, s.tree, row.org_id)
    ? new Map<string, string>()
    : caller?.userId === row.updated_by
      ? new Map([[caller.userId, caller.displayName]])
      : await userNames(s.db.kysely, [row.updated_by]);
  return {
    ...summaryView(s, caller, row, names),
    data: row.content,
    editable: EDITABLE_STATUSES.has(row.status),
    lastReturn: await lastReturn(s, row),
    actions: allowedActions(caller, s.tree, row.org_id, row.status),
  };
}

/**
 * The JSON text of a detail view whose content was just stored as `contentJson`: the stored text
 * goes out as `data` as it is, so the content is serialised once per save, not twice, and the
 * answer is exactly what was stored.
 */
export function detailJson(view: Awaited<ReturnType<typeof detailView>>, contentJson: string): string {
  const { data: _data, ...rest } = view;
  const others = JSON.stringify(rest);
  return others === '{}' ? `{"data":${contentJson}}` : `{"data":${contentJson},${others.slice(1)}`;
}

/** 409 with the package as it now is, so the client can show the newer version and nothing is lost. */
async function versionConflict(s: Services, caller: Caller, id: string): Promise<ApiError> {
  const current = await visiblePackage(s, caller, id);
  return new ApiError('VERSION_CONFLICT', `该自评包已被他人修改（当前版本 ${current.version}），请在最新版本上重新操作。`, {
    current: await detailView(s, caller, current),
  });
}

/**
 * Checks that the caller may perform `action` on the package as it stands at `version`:
 * 403 when the role may not do this to this package, 409 VERSION_CONFLICT when the caller's copy
 * is stale, 409 INVALID_STATE when the workflow state does not allow it.
 */
export async function authorise(s: Services, caller: Caller, row: PackageRow, action: PackageAction, version: number): Promise<void> {
  if (!roleMayEver(caller.role, action) || !isInScope(caller, s.tree, row.org_id)) throw forbidden(actionLabel(action));
  if (row.version !== version) throw await versionConflict(s, caller, row.id);
  if (!allowedActions(caller, s.tree, row.org_id, row.status).includes(action)) throw invalidState(row.status, action);
}

function invalidState(status: Status, action: PackageAction): ApiError {
  return new ApiError('INVALID_STATE', `自评包当前状态为“${STATUS_LABELS[status]}”，不能${actionLabel(action)}。`, { status });
}

/** Why a conditional update matched no row: someone changed the content, or moved the package on. */
async function staleError(s: Services, caller: Caller, id: string, version: number, action: PackageAction): Promise<ApiError> {
  const current = await visiblePackage(s, caller, id);
  return current.version !== version ? versionConflict(s, caller, id) : invalidState(current.status, action);
}

export function actionLabel(action: PackageAction): string {
  return ACTION_LABELS[action];
}

type Tx = Transaction<Database>;

/**
 * What is stored of content version `version` (its JSON `text`): the diff from `previous` (undefined
 * for a package's first version), with a snapshot where history-store.ts calls for one. Prepared
 * before the transaction, which then only writes.
 */
function versionRecord(
  version: number,
  previous: Package | undefined,
  text: string,
  { changes, orderKept }: { changes: Change[]; orderKept?: boolean },
): Pick<Selectable<PackageVersionTable>, 'changes' | 'snapshot'> {
  const changesJson = JSON.stringify(changes);
  return { changes: changesJson, snapshot: snapshotFor(version, previous, changes, changesJson, text, orderKept) };
}

export async function insertEvent(
  trx: Tx | Kysely<Database>,
  event: Omit<Selectable<PackageEventTable>, 'id' | 'field_comments'> & { field_comments: FieldComment[] },
): Promise<string> {
  const id = randomUUID();
  await trx
    .insertInto('package_events')
    .values({ ...event, id, field_comments: JSON.stringify(event.field_comments) })
    .execute();
  return id;
}

/**
 * Stores a new package (version 1) with its first history entries. `alongside` runs in the same
 * transaction with the package's id: what must be recorded with the package or not at all (a task's
 * unit); what it throws undoes the package too.
 */
export async function createPackage(
  s: Pick<Services, 'db' | 'tree' | 'contents'>,
  caller: Caller,
  orgId: string,
  year: number,
  given: Package,
  action: 'create' | 'import',
  alongside?: (trx: Tx, packageId: string) => Promise<void>,
): Promise<PackageRow> {
  const data = storedForm(given);
  const at = now();
  const row: PackageRow = {
    id: randomUUID(),
    org_id: orgId,
    year,
    status: 'draft',
    version: 1,
    content: data,
    updated_at: at,
    updated_by: caller.userId,
    deleted_at: null,
    org_path: s.tree.pathOf(orgId),
    org_name: s.tree.get(orgId)?.name ?? '',
  };
  const duplicate = (id: string) => new ApiError('DUPLICATE', `该单位 ${year} 年度的自评包已存在。`, { id });
  const text = JSON.stringify(data);
  // The history shows a new start as all new; the stored version is a snapshot, built on nothing before it.
  const record = versionRecord(1, undefined, text, { changes: diffJson({}, data) });
  await s.db.kysely
    .transaction()
    .execute(async (trx) => {
      const existing = await trx
        .selectFrom('packages')
        .select(['id', 'version', 'deleted_at'])
        .where('org_id', '=', orgId)
        .where('year', '=', year)
        .executeTakeFirst();
      if (existing && existing.deleted_at === null) throw duplicate(existing.id);
      const { content: _content, ...meta } = row;
      if (existing) {
        // The unit removed its draft of this year before: the record comes back with its history, new content on top.
        Object.assign(row, { id: existing.id, version: existing.version + 1 });
        await trx
          .updateTable('packages')
          .set({ status: 'draft', version: row.version, updated_at: at, updated_by: caller.userId, deleted_at: null })
          .where('id', '=', existing.id)
          .execute();
        await trx.updateTable('package_contents').set({ version: row.version, content: text }).where('package_id', '=', row.id).execute();
      } else {
        await trx.insertInto('packages').values(meta).execute();
        await trx.insertInto('package_contents').values({ package_id: row.id, version: row.version, content: text }).execute();
      }
      await trx
        .insertInto('package_versions')
        .values({ package_id: row.id, version: row.version, action, user_id: caller.userId, at, ...record })
        .execute();
      await writeSummary(trx, summaryRecord(row.id, row.version, year, data));
      await insertEvent(trx, {
        package_id: row.id,
        at,
        user_id: caller.userId,
        action: 'create',
        from_status: null,
        to_status: 'draft',
        version: row.version,
        comment: '',
        field_comments: [],
      });
      await alongside?.(trx, row.id);
    })
    .catch(async (error: unknown) => {
      // Two creations at once: the second meets the unique (unit, year) constraint.
      if (!isUniqueViolation(error)) throw error;
      const existing = await s.db.kysely
        .selectFrom('packages')
        .select('id')
        .where('org_id', '=', orgId)
        .where('year', '=', year)
        .executeTakeFirstOrThrow();
      throw duplicate(existing.id);
    });
  s.contents.set(row.id, row.version, data);
  return row;
}

/**
 * Removes a draft never submitted (one created by mistake): the row and its history stay, recorded;
 * lists and reads no longer show it. A draft that was submitted once (re-opened since) is part of the
 * record of the year and stays.
 */
export async function removeDraft(s: Services, caller: Caller, row: PackageRow): Promise<void> {
  if (row.status !== 'draft') {
    throw new ApiError('INVALID_STATE', '只有未提交的草稿可以删除；已提交或已审核的自评包不能删除。', { status: row.status });
  }
  const submitted = await s.db.kysely
    .selectFrom('package_events')
    .select('at')
    .where('package_id', '=', row.id)
    .where('action', '=', 'submit')
    .orderBy('at')
    .executeTakeFirst();
  if (submitted) {
    throw new ApiError(
      'INVALID_STATE',
      `该草稿曾于 ${new Date(submitted.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })} 提交过（后被重新打开），不能删除；请修改后重新提交。`,
      { status: row.status },
    );
  }
  const task = await s.db.kysely
    .selectFrom('task_units')
    .innerJoin('tasks', 'tasks.id', 'task_units.task_id')
    .select(['tasks.year', 'tasks.submit_due'])
    .where('task_units.package_id', '=', row.id)
    .executeTakeFirst();
  if (task) {
    throw new ApiError(
      'INVALID_STATE',
      `该自评包属于财政部门下达的 ${task.year} 年度自评任务（提交截止 ${task.submit_due}），不能删除；请填报后按期提交。`,
      { status: row.status },
    );
  }
  const at = now();
  await s.db.kysely.transaction().execute(async (trx) => {
    await trx.updateTable('packages').set({ deleted_at: at, updated_at: at, updated_by: caller.userId }).where('id', '=', row.id).execute();
    await removeSummary(trx, row.id);
    await insertEvent(trx, {
      package_id: row.id,
      at,
      user_id: caller.userId,
      action: 'delete',
      from_status: 'draft',
      to_status: 'draft',
      version: row.version,
      comment: '',
      field_comments: [],
    });
  });
}

/**
 * Bumps the package from version `expected` to `version.version` if it is still at `expected` and
 * editable, with its new current content `text` and its history row; false when it was not.
 */
async function storeVersion(
  db: Kysely<Database>,
  expected: number,
  version: Selectable<PackageVersionTable>,
  text: string,
  summary: SummaryRecord,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('packages')
      .set({ version: version.version, updated_at: version.at, updated_by: version.user_id })
      .where('id', '=', version.package_id)
      .where('version', '=', expected)
      .where('status', 'in', [...EDITABLE_STATUSES])
      .executeTakeFirst();
    if (result.numUpdatedRows !== 1n) return false;
    await trx
      .updateTable('package_contents')
      .set({ version: version.version, content: text })
      .where('package_id', '=', version.package_id)
      .execute();
    await trx.insertInto('package_versions').values(version).execute();
    await writeSummary(trx, summary);
    return true;
  });
}

/**
 * storeVersion as one statement: PostgreSQL runs data-modifying WITH clauses atomically, so a save
 * takes one round trip to the database instead of five (begin, three writes, commit), and holds
 * the package's row lock for no longer than the statement. Nothing is written unless the update matched.
 */
async function storeVersionPostgres(
  db: Kysely<Database>,
  expected: number,
  version: Selectable<PackageVersionTable>,
  text: string,
  summary: SummaryRecord,
): Promise<boolean> {
  const result = await sql<{ n: number }>`
    with bumped as (
      update packages set version = ${version.version}, updated_at = ${version.at}, updated_by = ${version.user_id}
      where id = ${version.package_id} and version = ${expected} and status in (${sql.join([...EDITABLE_STATUSES])})
      returning id
    ), current_content as (
      update package_contents set version = ${version.version}, content = ${text} where package_id in (select id from bumped)
    ), history as (
      insert into package_versions (package_id, version, changes, snapshot, action, user_id, at)
      select id, ${version.version}::integer, ${version.changes}::text, ${version.snapshot}::bytea, ${version.action}::text, ${version.user_id}::text, ${version.at}::text
      from bumped
    ), ${summaryClauses(summary)}
    select count(*)::integer as n from bumped`.execute(db);
  return result.rows[0]?.n === 1;
}

/**
 * Stores new content as version `expected + 1`. The update is conditional on the version still
 * being `expected`, so of two concurrent saves from the same version exactly one wins and the
 * other gets 409 with the winner's content.
 */
export async function saveContent(
  s: Services,
  caller: Caller,
  row: PackageRow,
  expected: number,
  given: Package,
  action: 'save' | 'restore' | 'import-replace' | 'import-merge',
): Promise<PackageRow> {
  const data = storedForm(given);
  const at = now();
  const text = JSON.stringify(data);
  // A diff from content upgraded on reading would not rebuild this version from the stored one before it.
  const record = versionRecord(expected + 1, isAsStored(row.content) ? row.content : undefined, text, diffForReplay(row.content, data));
  const version = { package_id: row.id, version: expected + 1, action, user_id: caller.userId, at, ...record };
  const summary = summaryRecord(row.id, expected + 1, row.year, data);
  const saved = await (s.db.dialect === 'postgres' ? storeVersionPostgres : storeVersion)(s.db.kysely, expected, version, text, summary);
  if (!saved) throw await staleError(s, caller, row.id, expected, action === 'restore' ? 'restore' : 'save');
  s.contents.set(row.id, expected + 1, data);
  return { ...row, content: data, contentJson: text, version: expected + 1, updated_at: at, updated_by: caller.userId };
}

/**
 * Moves a package on by the core workflow's table and records the act with its reasons; a return
 * raises its points of rectification, and open points hold up a submission or an approval
 * (rectification.ts) — all in the one transaction.
 */
export async function transition(
  s: Services,
  caller: Caller,
  row: PackageRow,
  action: StatusAction,
  comment: string,
  fieldComments: FieldComment[],
): Promise<PackageRow> {
  const to = nextStatus(row.status, caller.role, action);
  if (to === undefined) throw invalidState(row.status, action);
  const at = now();
  const moved = await s.db.kysely.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('packages')
      .set({ status: to })
      .where('id', '=', row.id)
      .where('status', '=', row.status)
      .where('version', '=', row.version)
      .executeTakeFirst();
    if (result.numUpdatedRows !== 1n) return false;
    await assertPointsAllow(trx, row.id, row.status, action);
    const eventId = await insertEvent(trx, {
      package_id: row.id,
      at,
      user_id: caller.userId,
      action,
      from_status: row.status,
      to_status: to,
      version: row.version,
      comment,
      field_comments: fieldComments,
    });
    if (action === 'return') {
      await raisePoints(
        trx,
        at,
        caller.userId,
        { id: eventId, package_id: row.id, from_status: row.status, version: row.version },
        comment,
        fieldComments,
      );
    }
    return true;
  });
  if (!moved) throw await staleError(s, caller, row.id, row.version, action);
  return { ...row, status: to };
}
