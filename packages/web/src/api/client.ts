/** The service's HTTP API (docs/api.md): JSON, a session cookie and the CSRF token on every write. */
import type { ImportMode, Package, Role, Status } from '@jixiao/core';
import type {
  AdminLog,
  ApiOrg,
  BatchResult,
  ApiUser,
  Change,
  CheckView,
  FieldComment,
  History,
  ImportPreview,
  Job,
  NoticeList,
  OrgList,
  Overview,
  OverviewUnits,
  PackageTask,
  PackageDetail,
  PackageList,
  PackageSummary,
  Rectification,
  RegionPlan,
  Session,
  TaskDetail,
  TaskInput,
  TaskList,
  TaskOpened,
  UserList,
  VersionContent,
} from '@jixiao/server';

/** The API's types come from the service's route schemas: one definition for both ends. */
export type { Change, CheckView, FieldComment, PackageDetail, PackageSummary, Role, Status };
export type User = ApiUser;
export type { AdminLog, BatchResult, Job, Overview, OverviewUnits, Rectification, RegionPlan };
export type RectificationPoint = Rectification['points'][number];
export type OverviewUnit = OverviewUnits['units'][number];
/** What a click on an overview figure lists (GET /api/overview/units). */
export interface UnitsFilter {
  status?: Status;
  band?: number;
  grade?: string;
  errors?: boolean;
  rule?: string;
  trend?: 'up' | 'down' | 'same';
  overdue?: boolean;
  reviewOverdue?: boolean;
  financeOverdue?: boolean;
  missing?: boolean;
  departmentId?: string;
}

export type Org = ApiOrg;
export type ReturnNote = NonNullable<PackageDetail['lastReturn']>;
export type VersionInfo = History['versions'][number];
export type WorkflowEvent = History['events'][number];
export type { NoticeList, TaskDetail, TaskOpened };
export type Task = TaskList['tasks'][number];
export type Notice = NoticeList['notices'][number];
export type UnitTask = NonNullable<PackageTask['task']>;
export type TaskScope = { kind: 'all' } | { kind: 'department'; departmentId: string } | { kind: 'units'; unitIds: string[] };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

let csrfToken = '';

/** "?a=1&b=x" of the given values, leaving out those not set; "" when none is. */
function queryString(query: Record<string, string | number | boolean | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}

async function request<T>(method: string, path: string, body?: unknown, raw?: Blob): Promise<T> {
  const headers: Record<string, string> = {};
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let payload: BodyInit | undefined;
  if (raw) {
    headers['content-type'] = 'application/octet-stream';
    payload = raw;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(`./api${path}`, { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试。');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    const error = (json as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null)?.error;
    throw new ApiError(
      response.status,
      error?.code ?? 'HTTP',
      error?.message ?? `服务器返回错误（HTTP ${response.status}）`,
      error?.details ?? {},
    );
  }
  return json as T;
}

export const api = {
  /** Logs in; `notice` is what the service tells the user at login (failed attempts since the last one). */
  async login(username: string, password: string): Promise<{ user: User; notice: string | null }> {
    const result = await request<Session>('POST', '/auth/login', { username, password });
    csrfToken = result.csrfToken;
    return { user: result.user, notice: result.notice ?? null };
  },
  /** Changes the caller's own password; the answer is the account as it now stands. */
  async changePassword(currentPassword: string, newPassword: string): Promise<User> {
    const result = await request<Session>('POST', '/auth/password', { currentPassword, newPassword });
    csrfToken = result.csrfToken;
    return result.user;
  },
  async me(): Promise<User | null> {
    try {
      const result = await request<Session>('GET', '/auth/me');
      csrfToken = result.csrfToken;
      return result.user;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },
  logout: () => request<void>('POST', '/auth/logout'),
  listPackages: (
    query: { year?: number; status?: Status; orgId?: string; departmentId?: string; q?: string; limit?: number; offset?: number } = {},
  ) => request<PackageList>('GET', `/packages${queryString(query)}`),
  listForOrg: (orgId: string, year: number) => request<PackageList>('GET', `/packages?orgId=${encodeURIComponent(orgId)}&year=${year}`),
  createPackage: (body: { orgId: string; year: number; from: 'blank' | 'previous' | 'data'; data?: Package }) =>
    request<PackageDetail>('POST', '/packages', body),
  getPackage: (id: string) => request<PackageDetail>('GET', `/packages/${id}`),
  /** A file into the package that exists for its unit and year: replace its content or fill what it left blank. */
  importInto: (id: string, version: number, mode: ImportMode, data: Package) =>
    request<PackageDetail>('POST', `/packages/${id}/import`, { version, mode, data }),
  deletePackage: (id: string, version: number) => request<void>('DELETE', `/packages/${id}?version=${version}`),
  savePackage: (id: string, version: number, data: Package) => request<PackageDetail>('PUT', `/packages/${id}`, { version, data }),
  check: (id: string) => request<CheckView>('GET', `/packages/${id}/check`),
  submit: (id: string, version: number) => request<PackageDetail>('POST', `/packages/${id}/submit`, { version }),
  review: (id: string, body: { version: number; decision: 'approve' | 'return'; comment?: string; fieldComments?: FieldComment[] }) =>
    request<PackageDetail>('POST', `/packages/${id}/review`, body),
  publish: (id: string, version: number) => request<PackageDetail>('POST', `/packages/${id}/publish`, { version }),
  reopen: (id: string, version: number, reason: string) => request<PackageDetail>('POST', `/packages/${id}/reopen`, { version, reason }),
  history: (id: string) => request<History>('GET', `/packages/${id}/history`),
  version: (id: string, version: number) => request<VersionContent>('GET', `/packages/${id}/versions/${version}`),
  restore: (id: string, old: number, current: number) =>
    request<PackageDetail>('POST', `/packages/${id}/versions/${old}/restore`, { version: current }),
  importFile: (file: File) => request<ImportPreview>('POST', `/import?filename=${encodeURIComponent(file.name)}`, undefined, file),
  exportUrl: (id: string, format: 'docx' | 'xlsx' | 'pdf' | 'json') => `./api/packages/${id}/export?format=${format}`,
  startAudit: (file: File) => request<Job>('POST', `/audits?filename=${encodeURIComponent(file.name)}`, undefined, file),
  job: (id: string) => request<Job>('GET', `/jobs/${id}`),
  jobDownloadUrl: (id: string) => `./api/jobs/${id}/download`,
  // Batch work of reviewers and the rectification loop.
  batchActs: (body: {
    action: 'approve' | 'return' | 'publish';
    comment?: string;
    items: { id: string; version: number; comment?: string }[];
  }) => request<BatchResult>('POST', '/batch/acts', body),
  batchExport: (ids: string[], format: 'docx' | 'xlsx' | 'pdf' | 'json') => request<Job>('POST', '/batch/export', { ids, format }),
  /** The package as Word or PDF with the 整改情况 appendix. */
  rectificationExportUrl: (id: string, format: 'docx' | 'pdf') => `./api/packages/${id}/export?format=${format}&appendix=rectification`,
  rectification: (id: string) => request<Rectification>('GET', `/packages/${id}/rectification`),
  answerPoint: (id: string, pointId: string, text: string, done: boolean) =>
    request<Rectification>('POST', `/packages/${id}/rectification/${pointId}/answer`, { text, done }),
  decidePoint: (id: string, pointId: string, body: { version: number; decision: 'accept' | 'reopen'; text?: string }) =>
    request<Rectification>('POST', `/packages/${id}/rectification/${pointId}/decision`, body),
  // Administration (administrators only).
  orgs: (query: { parentId?: string; kind?: Org['kind']; q?: string; limit?: number; offset?: number } = {}) =>
    request<OrgList>('GET', `/orgs${queryString(query)}`),
  org: (id: string) => request<Org>('GET', `/orgs/${id}`),
  createOrg: (body: { name: string; kind: Org['kind']; parentId: string }) => request<Org>('POST', '/orgs', body),
  updateOrg: (id: string, body: { name?: string; parentId?: string; disabled?: boolean }) => request<Org>('PATCH', `/orgs/${id}`, body),
  deleteOrg: (id: string) => request<void>('DELETE', `/orgs/${id}`),
  users: (query: { role?: Role; orgId?: string; q?: string; limit?: number; offset?: number } = {}) =>
    request<UserList>('GET', `/users${queryString(query)}`),
  createUser: (body: { username: string; displayName: string; password: string; role: Role; orgId: string; email?: string }) =>
    request<User>('POST', '/users', body),
  updateUser: (
    id: string,
    body: { displayName?: string; password?: string; role?: Role; orgId?: string; disabled?: boolean; email?: string },
  ) => request<User>('PATCH', `/users/${id}`, body),
  deleteUser: (id: string) => request<void>('DELETE', `/users/${id}`),
  adminLog: () => request<AdminLog>('GET', '/admin/log'),
  // The region overview (财政审核, 部门审核).
  overview: (year: number, departmentId?: string) => request<Overview>('GET', `/overview${queryString({ year, departmentId })}`),
  overviewUnits: (year: number, filter: UnitsFilter, limit: number, offset: number) =>
    request<OverviewUnits>('GET', `/overview/units${queryString({ year, ...filter, limit, offset })}`),
  overviewExportUrl: (year: number, departmentId?: string) => `./api/overview/export${queryString({ year, departmentId })}`,
  // Tasks and notices.
  tasks: (year?: number) => request<TaskList>('GET', `/tasks${year ? `?year=${year}` : ''}`),
  task: (id: string) => request<TaskDetail>('GET', `/tasks/${id}`),
  openTask: (body: Omit<TaskInput, 'scope'> & { scope: TaskScope }) => request<TaskOpened>('POST', '/tasks', body),
  retryTask: (id: string) => request<TaskOpened>('POST', `/tasks/${id}/retry`),
  packageTask: (id: string) => request<PackageTask>('GET', `/packages/${id}/task`),
  notices: () => request<NoticeList>('GET', '/notices'),
  readNotice: (id: string) => request<void>('POST', `/notices/${id}/read`),
  readAllNotices: () => request<void>('POST', '/notices/read-all'),
  regionImport: (file: File, apply: boolean) =>
    request<RegionPlan>('POST', `/admin/region-import?filename=${encodeURIComponent(file.name)}&apply=${apply}`, undefined, file),
};
