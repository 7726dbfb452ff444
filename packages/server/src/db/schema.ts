import type { Role, Status } from '@jixiao/core';
import type { Generated } from 'kysely';
/** Tables of the service. Timestamps are ISO-8601 text and booleans 0/1 so both databases read alike. */
export interface Database {
  orgs: OrgTable;
  users: UserTable;
  sessions: SessionTable;
  packages: PackageTable;
  package_versions: PackageVersionTable;
  package_contents: PackageContentTable;
  package_events: PackageEventTable;
  jobs: JobTable;
  job_parts: JobPartTable;
  counters: CounterTable;
  admin_log: AdminLogTable;
  rectification_points: RectificationPointTable;
  rectification_entries: RectificationEntryTable;
  package_summaries: PackageSummaryTable;
  package_findings: PackageFindingTable;
  tasks: TaskTable;
  task_units: TaskUnitTable;
  notices: NoticeTable;
  notice_items: NoticeItemTable;
}

/** Append-only: one row per administrative act (organisations, accounts, bulk imports). */
export interface AdminLogTable {
  id: string;
  at: string;
  /** the administrator who acted */
  user_id: string;
  action: AdminAction;
  /** what was acted on, in words: "账号 tianbao", "组织 岳阳楼区教育局" */
  target: string;
  /** JSON of what changed */
  detail: string;
}

export type AdminAction = 'org_create' | 'org_update' | 'org_delete' | 'user_create' | 'user_update' | 'user_delete' | 'region_import';

export type { Role, Status } from '@jixiao/core';
export type OrgKind = 'finance' | 'department' | 'unit';

export interface OrgTable {
  id: string;
  name: string;
  kind: OrgKind;
  parent_id: string | null;
  created_at: string;
  /** set when an administrator removed the organisation */
  deleted_at: string | null;
  /** 1 when disabled: its accounts and those below it cannot log in */
  disabled: Generated<number>;
  /** "/<root id>/…/<own id>/", kept by org-paths.ts */
  path: Generated<string>;
}

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  org_id: string;
  password_hash: string;
  disabled: number;
  created_at: string;
  /** failed logins in a row (login-guard.ts) */
  failed_logins: Generated<number>;
  /** ISO time until which the account refuses logins, after repeated failures */
  locked_until: string | null;
  /** failed logins since the last successful one: told to the user at the next login */
  failed_since_login: Generated<number>;
  /** 1 while the password is one someone else chose: every act but changing it is refused */
  must_change_password: Generated<number>;
  /** set when an administrator removed the account (kept, disabled, for the history naming it) */
  deleted_at: string | null;
  /** where reminders are e-mailed (optional; tasks.ts, notices.ts) */
  email: string | null;
}

export interface SessionTable {
  /** SHA-256 of the cookie value, so a leaked database does not leak live sessions. */
  id: string;
  user_id: string;
  csrf_token: string;
  expires_at: string;
}

export interface PackageTable {
  id: string;
  org_id: string;
  year: number;
  status: Status;
  /** The current content version; the content itself is in package_contents. */
  version: number;
  updated_at: string;
  updated_by: string;
  /** set when the unit removed its unsubmitted draft; the row and its history stay */
  deleted_at: string | null;
  /** the unit's path and name, copied for lists (org-paths.ts) */
  org_path: string;
  org_name: string;
}

/**
 * Append-only: one row per content version, its diff from the previous version and, now and then,
 * the whole content (history-store.ts says when). The current content is in package_contents.
 */
export interface PackageVersionTable {
  package_id: string;
  version: number;
  /** JSON Change[] from the previous version: what the history shows, and what rebuilds this version from it. */
  changes: string;
  /** The whole content JSON, deflated; null where the diff from the previous version rebuilds it exactly. */
  snapshot: Buffer | null;
  /** 'import' starts a package from a file; 'import-replace' / 'import-merge' bring a file into one that exists. */
  action: 'create' | 'save' | 'restore' | 'import' | 'import-replace' | 'import-merge';
  user_id: string;
  at: string;
}

/** The current content of each package, whole, so that reading it takes one row; written with every save. */
export interface PackageContentTable {
  package_id: string;
  /** the packages.version this content is */
  version: number;
  /** core Package JSON */
  content: string;
}

/** Append-only workflow log. */
export interface PackageEventTable {
  id: string;
  package_id: string;
  at: string;
  user_id: string;
  action: 'create' | 'submit' | 'approve' | 'return' | 'publish' | 'reopen' | 'delete';
  from_status: Status | null;
  to_status: Status;
  version: number;
  comment: string;
  /** JSON FieldComment[] */
  field_comments: string;
}

export interface JobTable {
  id: string;
  kind: 'export_zip' | 'audit' | 'open_task';
  user_id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  /** JSON parameters of the job. */
  params: string;
  /** Files done, for a job without parts (an audit); a batch export counts its parts' files. */
  done: number;
  total: number;
  error: string | null;
  /** Key in the file store of the finished job's file (the ZIP, the audit workbook). */
  file_key: string | null;
  file_size: number | null;
  created_at: string;
  updated_at: string;
}

/** A batch export is rendered in parts, each a message any worker may take. */
export interface JobPartTable {
  job_id: string;
  part: number;
  /** JSON of the part's items: [{ id, version }] of an export's packages, or the unit ids a task's opening takes */
  items: string;
  count: number;
  /** files of an export's part rendered and stored (the export's progress is their sum) */
  done_files: Generated<number>;
  /** 1 once every item of the part is done */
  finished: Generated<number>;
  /** host:pid of the process that finished the part (which worker did what) */
  rendered_by: string | null;
}

/** Counters in a time window shared by every app process (login and rate limits). */
export interface CounterTable {
  key: string;
  count: number;
  /** start of the window, epoch milliseconds (PostgreSQL's bigint reads as text) */
  since: number | string;
}

/** Append-only: one row per point of a return (整改意见), general (no path) or on a field. */
export interface RectificationPointTable {
  id: string;
  package_id: string;
  /** the package_events row of the return that raised it */
  event_id: string;
  stage: 'dept' | 'finance';
  /** the field's path, as in FieldComment; null for a general point */
  path: string | null;
  message: string;
  /** the package's content version when it was returned */
  version: number;
  /** its place among the points of its return, from 1, in the order the reviewer wrote them */
  ordinal: number;
  created_by: string;
  created_at: string;
}

/** Append-only: the exchange on a point — the unit's answers (整改说明) and the reviewer's decisions. */
export interface RectificationEntryTable {
  id: string;
  point_id: string;
  kind: 'answer' | 'accept' | 'reopen';
  text: string;
  /** 1 when the unit marked the point done with this answer */
  done: number;
  /** the package's content version the entry was made on */
  version: number;
  user_id: string;
  at: string;
}

/**
 * What the region overview reads of each package, written with its content (package-summary.ts):
 * core `summarise` of the current version. Scores and figures are exact decimal text.
 */
export interface PackageSummaryTable {
  package_id: string;
  /** the packages.version summarised */
  version: number;
  total_score: string | null;
  grade: '优' | '良' | '中' | '差' | null;
  /** lower bound of the total's band (core SCORE_BANDS) */
  score_band: number | null;
  errors: number;
  warnings: number;
  hints: number;
  three_public_budget: string | null;
  three_public_actual: string | null;
  three_public_rate: string | null;
  full_year_budget: string | null;
  executed: string | null;
  execution_rate: string | null;
  public_funds: string | null;
}

/** One row per package and rule with open findings (the overview's recurring findings); none for a removed draft. */
export interface PackageFindingTable {
  package_id: string;
  /** the package's year (it never changes) */
  year: number;
  rule: string;
  severity: '错误' | '警告' | '提示';
  count: number;
}

/** A year's self-evaluation opened by the finance bureau for a set of units (tasks.ts). */
export interface TaskTable {
  id: string;
  year: number;
  /** the scoring template (core templates.ts) new packages start with */
  template: string;
  /** due days YYYY-MM-DD (China time) for the units' 提交 and the departments' 审核 */
  submit_due: string;
  review_due: string;
  /** due day of the finance bureau's own 审核 and 公开, when the task sets one */
  finance_due: string | null;
  note: string;
  /** JSON of the scope as asked: { kind: 'all' } | { kind: 'department', departmentId } | { kind: 'units', unitIds } */
  scope: string;
  /** the finance bureau that opened it */
  org_id: string;
  created_by: string;
  created_at: string;
  /** the job that takes the task's units (null for a task opened before 014) */
  job_id: string | null;
  /** JSON { created, carriedOver, linked, skipped } once the job has taken every unit; null before */
  open_summary: string | null;
}

/** One unit in a task: one per unit and year, whatever task brought it (opening twice adds nothing). */
export interface TaskUnitTable {
  task_id: string;
  org_id: string;
  year: number;
  /** the unit's 主管部门 when the task was opened */
  department_id: string | null;
  package_id: string;
  /** the first submission's time, and whether it came after the submit due day */
  submitted_at: string | null;
  late: Generated<number>;
  /** how the unit's package came in: made new, carried over from last year's, or the unit's own linked (null before 014) */
  origin: TaskUnitOrigin | null;
}

export type TaskUnitOrigin = 'new' | 'carried_over' | 'linked';

export type NoticeKind = 'task_opened' | 'returned' | 'approved' | 'due_soon' | 'overdue';

/** An in-app notice to one user (notices.ts), e-mailed too when SMTP is configured and the user has an address. */
export interface NoticeTable {
  id: string;
  user_id: string;
  kind: NoticeKind;
  title: string;
  body: string;
  package_id: string | null;
  task_id: string | null;
  /** what makes a notice once-only (a task's opening told once, a user's reminders once a day); null for notices of an act */
  key: string | null;
  created_at: string;
  read_at: string | null;
  emailed_at: string | null;
}

/** A thing a user was told by a notice that tells several (a day's reminders, reminders.ts): never told again. */
export interface NoticeItemTable {
  /** the thing's key and the user's id, `overdue:review:<task>:<department>:<user>` */
  key: string;
  notice_id: string;
}
