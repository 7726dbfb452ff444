/**
 * The region overview: a year's packages of a scope (the finance bureau's region, a department)
 * counted by status and department, their score bands and grades, open 错误, the findings that recur
 * most, and the comparison with the year before. It reads the packages table and the stored
 * summaries (package-summary.ts) only — no package JSON — in three queries whatever the region's size.
 */
import {
  type Grade,
  type KeyFigures,
  RULES,
  SCORE_BANDS,
  STATUSES,
  STATUS_LABELS,
  type Status,
  chinaDay,
  dec,
  regionFigures,
} from '@jixiao/core';
import { type Kysely, sql } from 'kysely';
import type { Services } from './context.js';
import type { Database } from './db/schema.js';
import { ApiError, forbidden, notFound } from './errors.js';
import type { OrgNode, OrgTree } from './org-tree.js';
import { pathRange } from './org-paths.js';
import type { Caller } from './policy.js';

export const GRADES: readonly Grade[] = ['优', '良', '中', '差'];
/** How many recurring findings the overview lists. */
export const RECURRING_LIMIT = 20;
/** Statuses in which a package still waits for its unit: past the 提交 due date, the unit is overdue. */
const WITH_UNIT: ReadonlySet<Status> = new Set(['draft', 'dept_returned', 'finance_returned']);

/** The organisation an overview covers: the caller's own, or a department within it. */
export function overviewScope(tree: OrgTree, caller: Caller, departmentId: string | undefined): OrgNode {
  if (caller.role !== 'finance_reviewer' && caller.role !== 'dept_reviewer') throw forbidden('查看绩效自评总览');
  const id = departmentId ?? caller.orgId;
  const node = tree.get(id);
  if (!node || !tree.isWithin(id, caller.orgId)) throw notFound('主管部门');
  if (departmentId !== undefined && node.kind !== 'department') throw new ApiError('BAD_REQUEST', '只能按主管部门筛选总览。');
  return node;
}

/** Statuses in which a package waits for the finance bureau's 审核 or 公开: past the finance due date, it is late there. */
const WITH_FINANCE: ReadonlySet<Status> = new Set(['dept_approved', 'finance_approved']);

/** A unit's due dates from the task that brought it into the year, and whether it has submitted once. */
export interface UnitDue {
  submitDue: string;
  reviewDue: string;
  /** null where the task set no due date for the finance bureau */
  financeDue: string | null;
  submitted: boolean;
}

/**
 * The due dates of each unit of the scope that a task of the year brought in (tasks.ts `taskDueDates`);
 * null where no task of the year covers the scope, and the overview then says so instead of counting
 * nobody as overdue.
 */
export type DueDates = (db: Kysely<Database>, year: number, scopePath: string) => Promise<Map<string, UnitDue> | null>;
export const noDueDates: DueDates = async () => null;

interface SummaryRow extends KeyFigures {
  id: string;
  org_id: string;
  year: number;
  status: Status;
  total_score: string | null;
  grade: Grade | null;
  score_band: number | null;
  errors: number | null;
  warnings: number | null;
  hints: number | null;
}

/** The steps of the year a unit can be late at: its 提交, the department's 审核, the finance bureau's 审核 or 公开. */
export type LateStep = 'overdue' | 'reviewOverdue' | 'financeOverdue';
export const LATE_STEPS: readonly LateStep[] = ['overdue', 'reviewOverdue', 'financeOverdue'];

/**
 * The step at which the unit's year is past its due date on `today` (ISO), or null: not submitted and
 * its package (if any) still with the unit; 已提交 and not yet reviewed by the department; approved by
 * the department and not yet 公开. A package stands at one step at a time, so a unit is late at one at most.
 */
function lateStep(due: UnitDue | undefined, pkg: SummaryRow | undefined, today: string): LateStep | null {
  if (!due) return null;
  if (!due.submitted && due.submitDue < today && (!pkg || WITH_UNIT.has(pkg.status))) return 'overdue';
  if (pkg?.status === 'submitted' && due.reviewDue < today) return 'reviewOverdue';
  if (pkg && WITH_FINANCE.has(pkg.status) && due.financeDue !== null && due.financeDue < today) return 'financeOverdue';
  return null;
}

const within = (path: string) => {
  const [from, to] = pathRange(path);
  return sql<boolean>`(${sql.ref('packages.org_path')} >= ${from} and ${sql.ref('packages.org_path')} < ${to})`;
};

/**
 * The packages of the year and the year before with their summaries: of the scope under `path`, or of
 * the units listed (the drill-down's page).
 */
async function summaryRows(
  db: Kysely<Database>,
  year: number,
  of: { path: string } | { orgIds: readonly string[] },
): Promise<SummaryRow[]> {
  const rows = await db
    .selectFrom('packages')
    .leftJoin('package_summaries as s', 's.package_id', 'packages.id')
    .select([
      'packages.id',
      'packages.org_id',
      'packages.year',
      'packages.status',
      's.total_score',
      's.grade',
      's.score_band',
      's.errors',
      's.warnings',
      's.hints',
      's.three_public_budget as threePublicBudget',
      's.three_public_actual as threePublicActual',
      's.three_public_rate as threePublicRate',
      's.full_year_budget as fullYearBudget',
      's.executed',
      's.execution_rate as executionRate',
      's.public_funds as publicFunds',
    ])
    .where('packages.deleted_at', 'is', null)
    .where('packages.year', 'in', [year, year - 1])
    .where('path' in of ? within(of.path) : (eb) => eb('packages.org_id', 'in', of.orgIds))
    .execute();
  return rows.map((r) => ({ ...r, year: Number(r.year) }));
}

/**
 * The rules with open findings in most of the scope's packages of the year. The whole region (the
 * only root) is every finding of the year, counted from its index; a part of it is found through its
 * packages' paths. A removed draft has no findings.
 */
async function recurringRules(db: Kysely<Database>, path: string, year: number, wholeRegion: boolean) {
  let query = db
    .selectFrom('package_findings as f')
    .select(['f.rule', 'f.severity'])
    .select((eb) => [eb.fn.countAll<number | string>().as('units'), eb.fn.sum<number | string>('f.count').as('findings')])
    .where('f.year', '=', year);
  if (!wholeRegion)
    query = query.where('f.package_id', 'in', (eb) =>
      eb.selectFrom('packages').select('packages.id').where('packages.year', '=', year).where(within(path)),
    );
  const rows = await query
    .groupBy(['f.rule', 'f.severity'])
    .orderBy('units', 'desc')
    .orderBy('findings', 'desc')
    .orderBy('f.rule')
    .limit(RECURRING_LIMIT)
    .execute();
  const described = new Map(RULES.map((r) => [r.id, r.description]));
  return rows.map((r) => ({
    rule: r.rule,
    severity: r.severity,
    description: described.get(r.rule) ?? r.rule,
    units: Number(r.units),
    findings: Number(r.findings),
  }));
}

export type Trend = 'up' | 'down' | 'same';

/** How a unit's total moved from the year before (both years scored), or null. */
function trendOf(current: string | null, previous: string | null | undefined): Trend | null {
  if (current === null || previous === null || previous === undefined) return null;
  const c = dec(current).comparedTo(dec(previous));
  return c > 0 ? 'up' : c < 0 ? 'down' : 'same';
}

/** Units of the scope with the department they belong to (the scope's units directly under it have none). */
function unitsOf(tree: OrgTree, scope: OrgNode) {
  return tree.subtree(scope.id).filter((n) => n.kind === 'unit');
}

/** Every figure of the overview of `scope` for `year`. */
export async function overview(s: Services, scope: OrgNode, year: number, dueDates: DueDates = noDueDates, at = s.clock()) {
  const db = s.db.kysely;
  const path = s.tree.pathOf(scope.id);
  const [rows, recurring, due] = await Promise.all([
    summaryRows(db, year, { path }),
    recurringRules(db, path, year, s.tree.isOnlyRoot(scope.id)),
    dueDates(db, year, path),
  ]);
  const units = unitsOf(s.tree, scope);
  // Packages of units an administrator removed stay in the database, outside every count.
  const current = rows.filter((r) => r.year === year && s.tree.get(r.org_id));
  const previousByOrg = new Map(rows.filter((r) => r.year === year - 1 && s.tree.get(r.org_id)).map((r) => [r.org_id, r]));
  const currentByOrg = new Map(current.map((r) => [r.org_id, r]));

  const emptyStatus = () => Object.fromEntries(STATUSES.map((st) => [st, 0])) as Record<Status, number>;
  const today = chinaDay(at);
  const late: Record<LateStep, number> = { overdue: 0, reviewOverdue: 0, financeOverdue: 0 };
  const departments = new Map<
    string,
    {
      id: string | null;
      name: string;
      units: number;
      packages: number;
      missing: number;
      byStatus: Record<Status, number>;
    } & Record<LateStep, number>
  >();
  for (const unit of units) {
    const dept = s.tree.departmentOf(unit.id);
    const key = dept?.id ?? '';
    let entry = departments.get(key);
    if (!entry)
      departments.set(
        key,
        (entry = {
          id: dept?.id ?? null,
          name: dept?.name ?? '（未归属主管部门）',
          units: 0,
          packages: 0,
          missing: 0,
          byStatus: emptyStatus(),
          overdue: 0,
          reviewOverdue: 0,
          financeOverdue: 0,
        }),
      );
    entry.units += 1;
    const pkg = currentByOrg.get(unit.id);
    if (pkg) {
      entry.packages += 1;
      entry.byStatus[pkg.status] += 1;
    } else entry.missing += 1;
    const step = due === null ? null : lateStep(due.get(unit.id), pkg, today);
    if (step) {
      entry[step] += 1;
      late[step] += 1;
    }
  }
  const byStatus = emptyStatus();
  for (const r of current) byStatus[r.status] += 1;

  const bands = new Map<number, number>(SCORE_BANDS.map((b) => [b.min, 0]));
  const grades = new Map<Grade, number>(GRADES.map((g) => [g, 0]));
  let unscored = 0;
  let withErrors = 0;
  const trends: Record<Trend, number> = { up: 0, down: 0, same: 0 };
  for (const r of current) {
    if (r.score_band === null || r.grade === null) unscored += 1;
    else {
      bands.set(Number(r.score_band), (bands.get(Number(r.score_band)) ?? 0) + 1);
      grades.set(r.grade, (grades.get(r.grade) ?? 0) + 1);
    }
    if (Number(r.errors ?? 0) > 0) withErrors += 1;
    const trend = trendOf(r.total_score, previousByOrg.get(r.org_id)?.total_score);
    if (trend) trends[trend] += 1;
  }

  // The finance bureau's step counts only where a task set its due date.
  const financeDated = due !== null && [...due.values()].some((d) => d.financeDue !== null);
  const lateAt = (step: LateStep, configured: boolean) => ({ configured, count: configured ? late[step] : 0 });

  return {
    year,
    previousYear: year - 1,
    scope: { id: scope.id, name: scope.name, kind: scope.kind },
    units: units.length,
    packages: current.length,
    byStatus: STATUSES.map((st) => ({ status: st, label: STATUS_LABELS[st], count: byStatus[st] })),
    departments: [...departments.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
    overdue: lateAt('overdue', due !== null),
    reviewOverdue: lateAt('reviewOverdue', due !== null),
    financeOverdue: lateAt('financeOverdue', financeDated),
    scores: {
      bands: SCORE_BANDS.map((b) => ({ min: b.min, label: b.label, count: bands.get(b.min) ?? 0 })),
      grades: GRADES.map((g) => ({ grade: g, count: grades.get(g) ?? 0 })),
      unscored,
    },
    withErrors,
    recurring,
    yoy: {
      compared: trends.up + trends.down + trends.same,
      up: trends.up,
      down: trends.down,
      same: trends.same,
      figures: {
        current: regionFigures(current),
        previous: regionFigures([...previousByOrg.values()]),
      },
    },
  };
}

/** What a click on an overview figure lists. */
export interface UnitsQuery {
  year: number;
  departmentId?: string;
  status?: Status;
  band?: number;
  grade?: Grade;
  errors?: boolean;
  rule?: string;
  trend?: Trend;
  /** units late at a step: 逾期未提交, 部门审核逾期, 财政审核逾期 */
  overdue?: boolean;
  reviewOverdue?: boolean;
  financeOverdue?: boolean;
  /** units without a package of the year */
  missing?: boolean;
  limit: number;
  offset: number;
}

/** The units a trend or a lateness count stand for (the scope's, worked out as the overview does). */
export async function unitsWhere(
  s: Services,
  scope: OrgNode,
  q: UnitsQuery,
  dueDates: DueDates = noDueDates,
  at = s.clock(),
): Promise<string[]> {
  const db = s.db.kysely;
  const path = s.tree.pathOf(scope.id);
  const rows = await summaryRows(db, q.year, { path });
  const current = rows.filter((r) => r.year === q.year);
  const currentByOrg = new Map(current.map((r) => [r.org_id, r]));
  let ids = unitsOf(s.tree, scope).map((u) => u.id);
  if (q.missing) ids = ids.filter((id) => !currentByOrg.has(id));
  if (q.trend) {
    const previous = new Map(rows.filter((r) => r.year === q.year - 1).map((r) => [r.org_id, r.total_score]));
    ids = ids.filter((id) => trendOf(currentByOrg.get(id)?.total_score ?? null, previous.get(id)) === q.trend);
  }
  const steps = LATE_STEPS.filter((step) => q[step]);
  if (steps.length > 0) {
    const due = await dueDates(db, q.year, path);
    const today = chinaDay(at);
    ids = ids.filter((id) => {
      const step = due === null ? null : lateStep(due.get(id), currentByOrg.get(id), today);
      return step !== null && steps.includes(step);
    });
  }
  return ids;
}

/** Each listed unit's summary of the year and of the year before, for the drill-down table. */
export async function unitRows(s: Services, year: number, orgIds: readonly string[]) {
  if (orgIds.length === 0) return [];
  const rows: SummaryRow[] = [];
  // A region's units in chunks: well within either database's limit of parameters per statement.
  for (let i = 0; i < orgIds.length; i += 1000) rows.push(...(await summaryRows(s.db.kysely, year, { orgIds: orgIds.slice(i, i + 1000) })));
  const byKey = new Map(rows.map((r) => [`${r.org_id}/${r.year}`, r]));
  const of = (orgId: string, y: number) => byKey.get(`${orgId}/${y}`);
  return orgIds.map((orgId) => {
    const cur = of(orgId, year);
    const prev = of(orgId, year - 1);
    const total = cur?.total_score ?? null;
    const previousTotal = prev?.total_score ?? null;
    const figures = (r: typeof cur) => ({
      threePublicRate: r?.threePublicRate ?? null,
      executionRate: r?.executionRate ?? null,
      publicFunds: r?.publicFunds ?? null,
    });
    return {
      orgId,
      orgName: s.tree.get(orgId)?.name ?? '',
      departmentName: s.tree.departmentOf(orgId)?.name ?? null,
      packageId: cur?.id ?? null,
      status: cur?.status ?? null,
      statusLabel: cur ? STATUS_LABELS[cur.status] : '未开始',
      total,
      grade: cur?.grade ?? null,
      errors: Number(cur?.errors ?? 0),
      warnings: Number(cur?.warnings ?? 0),
      hints: Number(cur?.hints ?? 0),
      previousTotal,
      change: total !== null && previousTotal !== null ? dec(total).minus(dec(previousTotal)).toFixed(2) : null,
      figures: figures(cur),
      previousFigures: figures(prev),
    };
  });
}
