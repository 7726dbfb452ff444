/**
 * A region's organisations and accounts from one spreadsheet (XLSX or CSV, as a finance bureau keeps
 * its list of units): one row per account — 主管部门, 预算单位, 用户名, 姓名, 角色, 初始密码 and 邮箱 (optional).
 * Organisations named in the rows are created where they do not exist yet. The plan is shown first
 * (preview) and applied only when it holds no error, in one transaction, recorded in the admin log.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { ROLE_LABELS, ROLES, type Role } from '@jixiao/core';
import { ImportError, readSource } from '@jixiao/import';
import { recordAdmin } from './admin-log.js';
import { now } from './clock.js';
import type { Services } from './context.js';
import type { OrgKind } from './db/schema.js';
import { ApiError } from './errors.js';
import { ROLE_ORG_KIND } from './labels.js';
import { hashPassword } from './password.js';
import type { Caller } from './policy.js';

const COLUMNS = {
  department: ['主管部门'],
  unit: ['预算单位', '单位名称'],
  username: ['用户名', '账号'],
  displayName: ['姓名', '显示名'],
  role: ['角色'],
  password: ['初始密码', '密码'],
  email: ['邮箱', '电子邮件', 'Email', 'E-mail'],
} as const;

type Column = keyof typeof COLUMNS;

export interface PlannedOrg {
  name: string;
  kind: OrgKind;
  parent: string;
  status: '新建' | '已有';
}

export interface PlannedAccount {
  row: string;
  username: string;
  displayName: string;
  role: Role | null;
  roleLabel: string;
  /** the organisation the account sits on, and the 主管部门 above it (a unit's) */
  org: string;
  department: string;
  status: '新建' | '错误';
  message: string;
  /** the initial password: given in the file or generated; returned only once the plan is applied */
  password: string;
  /** where reminders are e-mailed (optional column 邮箱); empty when none */
  email: string;
}

export interface RegionPlan {
  orgs: PlannedOrg[];
  accounts: PlannedAccount[];
  errors: number;
}

const ROLE_BY_LABEL = new Map(ROLES.map((role) => [ROLE_LABELS[role], role] as const));

/** Letters and digits a person reads off a list without mistaking one for another (no 0/O, 1/l/I). */
const READABLE = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';

/** A password nobody but the account's user will keep: 12 readable characters, changed at first login. */
const initialPassword = () => Array.from(randomBytes(12), (byte) => READABLE[byte % READABLE.length]).join('');

/** The rows of the file's first table, as text, with where each row is. */
async function sheetRows(bytes: Uint8Array, fileName: string): Promise<{ cells: string[]; location: string }[]> {
  try {
    const source = await readSource(bytes, fileName);
    const rows = source.blocks.filter((b) => b.kind === 'row');
    const first = rows[0]?.table;
    return rows
      .filter((row) => row.table === first)
      .map((row) => {
        const cells: string[] = [];
        for (const cell of row.cells) cells[cell.col] = cell.text.trim();
        return { cells: Array.from(cells, (c) => c ?? ''), location: row.location };
      });
  } catch (error) {
    if (error instanceof ImportError) throw new ApiError('IMPORT_FAILED', `“${fileName}”无法读取：${error.message}`);
    throw error;
  }
}

/** What applying the file would do, row by row, with a Chinese message on every row that cannot be done. */
export async function planRegion(s: Services, caller: Caller, bytes: Uint8Array, fileName: string): Promise<RegionPlan> {
  const finance = s.tree.get(caller.orgId);
  if (!finance || finance.kind !== 'finance') throw new ApiError('FORBIDDEN', '只有财政局的管理员可以批量导入单位和账号。');
  const rows = await sheetRows(bytes, fileName);
  const headerAt = rows.findIndex((row) => row.cells.some((c) => COLUMNS.username.some((name) => c.includes(name))));
  if (headerAt < 0) {
    throw new ApiError(
      'IMPORT_FAILED',
      `“${fileName}”中没有找到表头：须有“主管部门”“预算单位”“用户名”“姓名”“角色”几列（“初始密码”可选）。`,
    );
  }
  const header = rows[headerAt]?.cells ?? [];
  const at = Object.fromEntries(
    (Object.keys(COLUMNS) as Column[]).map((key) => [key, header.findIndex((c) => COLUMNS[key].some((name) => c.includes(name)))]),
  ) as Record<Column, number>;
  const cell = (cells: string[], key: Column) => (at[key] >= 0 ? (cells[at[key]] ?? '') : '');

  const existing = s.tree.subtree(finance.id);
  const taken = new Set((await s.db.kysely.selectFrom('users').select('username').execute()).map((u) => u.username.toLowerCase()));
  const orgs: PlannedOrg[] = [];
  const orgKey = (kind: OrgKind, name: string, parent: string) => `${kind}|${parent}|${name}`;
  const known = new Map<string, PlannedOrg>();
  const org = (kind: OrgKind, name: string, parent: string): PlannedOrg => {
    const key = orgKey(kind, name, parent);
    let planned = known.get(key);
    if (!planned) {
      const parentNode = kind === 'department' ? finance : existing.find((o) => o.kind === 'department' && o.name === parent);
      const found = existing.find((o) => o.kind === kind && o.name === name && o.parentId === parentNode?.id);
      planned = { name, kind, parent, status: found ? '已有' : '新建' };
      known.set(key, planned);
      orgs.push(planned);
    }
    return planned;
  };

  const accounts: PlannedAccount[] = [];
  for (const row of rows.slice(headerAt + 1)) {
    const department = cell(row.cells, 'department');
    const unit = cell(row.cells, 'unit');
    const username = cell(row.cells, 'username');
    const displayName = cell(row.cells, 'displayName');
    const roleText = cell(row.cells, 'role');
    if (!department && !unit && !username) continue;
    if (department) org('department', department, finance.name);
    if (unit && department) org('unit', unit, department);
    if (!username) continue;
    const role = ROLE_BY_LABEL.get(roleText) ?? null;
    const kind = role ? ROLE_ORG_KIND[role] : null;
    const account: PlannedAccount = {
      row: row.location,
      username,
      displayName: displayName || username,
      role,
      roleLabel: roleText,
      org: kind === 'unit' ? unit : kind === 'department' ? department : finance.name,
      department,
      status: '新建',
      message: '',
      password: cell(row.cells, 'password') || initialPassword(),
      email: cell(row.cells, 'email').trim(),
    };
    const problem = !/^[A-Za-z0-9_.@-]{2,64}$/.test(username)
      ? '用户名须为 2–64 个字母、数字或 _ . @ -'
      : taken.has(username.toLowerCase())
        ? `用户名“${username}”已被使用`
        : !role
          ? `角色“${roleText}”不认识（可填：${ROLES.filter((r) => r !== 'admin')
              .map((r) => ROLE_LABELS[r])
              .join('、')}）`
          : role === 'admin'
            ? '管理员账号不能批量导入'
            : kind === 'unit' && (!unit || !department)
              ? `角色“${roleText}”须写明主管部门和预算单位`
              : kind === 'department' && !department
                ? `角色“${roleText}”须写明主管部门`
                : account.password.length < 8
                  ? '初始密码至少 8 个字符（或留空，由系统生成）'
                  : account.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(account.email)
                    ? `邮箱“${account.email}”不是有效的地址`
                    : '';
    if (problem) Object.assign(account, { status: '错误', message: problem });
    taken.add(username.toLowerCase());
    accounts.push(account);
  }
  return { orgs, accounts, errors: accounts.filter((a) => a.status === '错误').length };
}

/** Applies a plan without errors in one transaction; returns it with the initial passwords, shown once. */
export async function applyRegion(s: Services, caller: Caller, plan: RegionPlan): Promise<RegionPlan> {
  if (plan.errors > 0) throw new ApiError('BAD_REQUEST', `有 ${plan.errors} 行不能导入，请改正后再导入（预览中标明了原因）。`, { plan });
  const finance = s.tree.get(caller.orgId);
  if (!finance) throw new ApiError('FORBIDDEN', '只有财政局的管理员可以批量导入单位和账号。');
  const hashes = await Promise.all(plan.accounts.map((a) => hashPassword(a.password)));
  await s.db.kysely.transaction().execute(async (trx) => {
    const ids = new Map<string, string>();
    for (const node of s.tree.subtree(finance.id)) {
      const parent = node.parentId ? (s.tree.get(node.parentId)?.name ?? '') : '';
      ids.set(`${node.kind}|${parent}|${node.name}`, node.id);
    }
    for (const o of plan.orgs) {
      const key = `${o.kind}|${o.parent}|${o.name}`;
      if (ids.has(key)) continue;
      const parentId = o.kind === 'department' ? finance.id : ids.get(`department|${finance.name}|${o.parent}`);
      const id = randomUUID();
      await trx
        .insertInto('orgs')
        .values({ id, name: o.name, kind: o.kind, parent_id: parentId ?? finance.id, created_at: now() })
        .execute();
      ids.set(key, id);
    }
    for (const [i, a] of plan.accounts.entries()) {
      const kind = ROLE_ORG_KIND[a.role as Role];
      const orgId =
        kind === 'finance'
          ? finance.id
          : kind === 'department'
            ? ids.get(`department|${finance.name}|${a.org}`)
            : ids.get(`unit|${a.department}|${a.org}`);
      await trx
        .insertInto('users')
        .values({
          id: randomUUID(),
          username: a.username,
          display_name: a.displayName,
          role: a.role as Role,
          org_id: orgId ?? finance.id,
          password_hash: hashes[i] as string,
          disabled: 0,
          must_change_password: 1,
          email: a.email || null,
          created_at: now(),
        })
        .execute();
    }
    await recordAdmin(trx, caller, 'region_import', '批量导入', {
      orgs: plan.orgs.filter((o) => o.status === '新建').length,
      accounts: plan.accounts.length,
    });
  });
  await s.tree.changed();
  return plan;
}
