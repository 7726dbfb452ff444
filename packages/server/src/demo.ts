import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { type CompletePackage, Decimal, type Package, REPORT_FORM, ROLE_LABELS, parsePackage } from '@jixiao/core';
import type { Services } from './context.js';
import { now } from './clock.js';
import type { OrgKind, Role } from './db/schema.js';
import { hashPassword } from './password.js';
import { createPackage, transition } from './package-service.js';
import type { Caller } from './policy.js';

/** The seed package: the real 2023 package of 吕仙亭街道办事处. */
export const SEED_FILE = join(import.meta.dirname, '../../../examples/lvxianting-2023.json');
export const DEMO_PASSWORD = 'jixiao-demo';

export interface DemoAccount {
  username: string;
  password: string;
  role: Role;
  roleLabel: string;
  orgName: string;
}

/** Every amount of a money row times `factor`, exactly (so the identities between rows still hold). */
function scaled<T>(value: T, factor: Decimal, amountKeys: ReadonlySet<string>): T {
  if (Array.isArray(value)) return value.map((v) => scaled(v, factor, amountKeys)) as T;
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      if (amountKeys.has(k) && typeof v === 'string' && v !== '') return [k, new Decimal(v).times(factor).toString()];
      return [k, scaled(v, factor, amountKeys)];
    }),
  ) as T;
}

const AMOUNT_KEYS = new Set([
  'prior',
  'budget',
  'actual',
  'initialBudget',
  'fullYearBudget',
  'executed',
  'generalPublic',
  'governmentFund',
  'specialAccountNonTax',
  'other',
  'basic',
  'project',
]);

/** A generated unit's package: the seed's shape with its amounts scaled and the unit renamed. */
function generated(seed: CompletePackage, unitName: string, factor: string): Package {
  const by = new Decimal(factor);
  const basicData = {
    ...seed.basicData,
    rows: scaled(seed.basicData.rows, by, AMOUNT_KEYS),
    lines: scaled(seed.basicData.lines, by, AMOUNT_KEYS),
  };
  const overall = {
    ...seed.overall,
    funds: scaled(seed.overall.funds, by, AMOUNT_KEYS),
    byIncome: scaled(seed.overall.byIncome, by, AMOUNT_KEYS),
    byExpense: scaled(seed.overall.byExpense, by, AMOUNT_KEYS),
    unitName,
  };
  const shortName = unitName.replace(/^岳阳市岳阳楼区/, '');
  return {
    ...seed,
    basicData: { ...basicData, unitName },
    overall,
    report: { ...seed.report, cover: { ...seed.report.cover, title: REPORT_FORM.title(seed.year, shortName) } },
  };
}

interface OrgSpec {
  key: string;
  name: string;
  kind: OrgKind;
  parent: string | null;
}

const ORGS: OrgSpec[] = [
  { key: 'finance', name: '岳阳市岳阳楼区财政局', kind: 'finance', parent: null },
  { key: 'streets', name: '岳阳市岳阳楼区人民政府（街道主管部门）', kind: 'department', parent: 'finance' },
  { key: 'lvxianting', name: '岳阳市岳阳楼区吕仙亭街道办事处', kind: 'unit', parent: 'streets' },
  { key: 'dongting', name: '岳阳市岳阳楼区洞庭街道办事处', kind: 'unit', parent: 'streets' },
  { key: 'nanhu', name: '岳阳市岳阳楼区南湖街道办事处', kind: 'unit', parent: 'streets' },
  { key: 'education', name: '岳阳市岳阳楼区教育局', kind: 'department', parent: 'finance' },
  { key: 'school', name: '岳阳市岳阳楼区示范小学', kind: 'unit', parent: 'education' },
];

const ACCOUNTS: { username: string; displayName: string; role: Role; org: string }[] = [
  { username: 'admin', displayName: '系统管理员', role: 'admin', org: 'finance' },
  { username: 'caizheng', displayName: '财政局 王审核', role: 'finance_reviewer', org: 'finance' },
  { username: 'bumen', displayName: '主管部门 李审核', role: 'dept_reviewer', org: 'streets' },
  { username: 'fuzeren', displayName: '吕仙亭 张负责人', role: 'unit_head', org: 'lvxianting' },
  { username: 'tianbao', displayName: '吕仙亭 刘填报', role: 'filler', org: 'lvxianting' },
  { username: 'dongting', displayName: '洞庭 陈负责人', role: 'unit_head', org: 'dongting' },
  { username: 'nanhu', displayName: '南湖 赵负责人', role: 'unit_head', org: 'nanhu' },
  { username: 'xiaoxue', displayName: '示范小学 周负责人', role: 'unit_head', org: 'school' },
];

/**
 * Creates the demo region when the database has no organisation yet: the seed unit with its real
 * 2023 data, its department and finance bureau, more units with generated data at different steps
 * of the workflow, and one account per role. Returns the accounts, or null when data already exists.
 * The demo password is public: each account must change it at its first login (tests of other
 * matters turn that off).
 */
export async function seedDemo(s: Services, options: { mustChangePassword?: boolean } = {}): Promise<DemoAccount[] | null> {
  const db = s.db.kysely;
  if (await db.selectFrom('orgs').select('id').limit(1).executeTakeFirst()) return null;
  const parsed = parsePackage(JSON.parse(readFileSync(SEED_FILE, 'utf8')));
  if (!parsed.ok) throw new Error(`示例数据 ${SEED_FILE} 不合规：${JSON.stringify(parsed.issues[0])}`);
  // The seed holds 附件1–3 and the report.
  const seed = parsed.package as CompletePackage;

  const ids = new Map(ORGS.map((o) => [o.key, randomUUID()]));
  const id = (key: string) => ids.get(key) ?? '';
  for (const org of ORGS) {
    await db
      .insertInto('orgs')
      .values({ id: id(org.key), name: org.name, kind: org.kind, parent_id: org.parent ? id(org.parent) : null, created_at: now() })
      .execute();
  }
  await s.tree.changed();
  const password = await hashPassword(DEMO_PASSWORD);
  const callers = new Map<string, Caller>();
  for (const a of ACCOUNTS) {
    const userId = randomUUID();
    await db
      .insertInto('users')
      .values({
        id: userId,
        username: a.username,
        display_name: a.displayName,
        role: a.role,
        org_id: id(a.org),
        password_hash: password,
        disabled: 0,
        must_change_password: options.mustChangePassword === false ? 0 : 1,
        created_at: now(),
      })
      .execute();
    callers.set(a.username, {
      userId,
      username: a.username,
      displayName: a.displayName,
      role: a.role,
      orgId: id(a.org),
      csrfToken: '',
      mustChangePassword: false,
    });
  }
  const as = (username: string): Caller => callers.get(username) as Caller;
  const head: Record<string, string> = { lvxianting: 'fuzeren', dongting: 'dongting', nanhu: 'nanhu', school: 'xiaoxue' };
  const unitEditor = (orgKey: string): Caller => as(head[orgKey] ?? '');

  const store = async (orgKey: string, data: Package) => {
    const org = s.tree.get(id(orgKey));
    const dept = s.tree.departmentOf(id(orgKey));
    return createPackage(
      s,
      unitEditor(orgKey),
      id(orgKey),
      data.year,
      { ...data, unit: { name: org?.name ?? '', department: dept?.name ?? '' } },
      'import',
    );
  };
  await store('lvxianting', seed);
  const dongting = await store('dongting', generated(seed, '岳阳市岳阳楼区洞庭街道办事处', '1.5'));
  await transition(s, unitEditor('dongting'), dongting, 'submit', '', []);
  let nanhu = await store('nanhu', generated(seed, '岳阳市岳阳楼区南湖街道办事处', '0.5'));
  nanhu = await transition(s, unitEditor('nanhu'), nanhu, 'submit', '', []);
  nanhu = await transition(s, as('bumen'), nanhu, 'approve', '', []);
  nanhu = await transition(s, as('caizheng'), nanhu, 'approve', '', []);
  await transition(s, as('caizheng'), nanhu, 'publish', '', []);
  await store('school', generated(seed, '岳阳市岳阳楼区示范小学', '0.25'));

  return ACCOUNTS.map((a) => ({
    username: a.username,
    password: DEMO_PASSWORD,
    role: a.role,
    roleLabel: ROLE_LABELS[a.role],
    orgName: s.tree.get(id(a.org))?.name ?? '',
  }));
}
