/**
 * The API's types, derived from the route schemas (schemas.ts): one description gives Fastify's
 * validation and serialisation, the OpenAPI document and these types, which the web client uses.
 */
import type { Package } from '@jixiao/core';
import type { FromSchema } from 'json-schema-to-ts';
import type {
  SHARED,
  adminLog,
  batchResult,
  checkResult,
  history,
  importPreview,
  orgList,
  overview,
  overviewUnits,
  packageList,
  rectification,
  regionPlan,
  session,
  userList,
  versionContent,
} from './schemas.js';
import type { noticeList, packageTask, taskDetail, taskList, taskOpened } from './task-schemas.js';
export type { TaskInput } from './tasks.js';

type Shared = typeof SHARED;
type Of<S> = FromSchema<S & object, { references: [...Shared] }>;
type Named<Id> = Extract<Shared[number], { $id: Id }>;

export type ApiUser = Of<Named<'User'>>;
export type FieldComment = Of<Named<'FieldComment'>>;
export type PackageSummary = Of<Named<'PackageSummary'>>;
/** The package content passes whole: it is a core Package. */
export type PackageDetail = Omit<Of<Named<'PackageDetail'>>, 'data'> & { data: Package };
export type Change = Of<Named<'Change'>>;
export type Job = Of<Named<'Job'>>;
export type Session = Of<typeof session>;
export type PackageList = Of<typeof packageList>;
export type History = Of<typeof history>;
export type VersionContent = Omit<Of<typeof versionContent>, 'data'> & { data: Package };
export type CheckView = Of<typeof checkResult>;
export type ImportPreview = Omit<Of<typeof importPreview>, 'package'> & { package: Package };
export type ApiOrg = Of<Named<'Org'>>;
export type OrgList = Of<typeof orgList>;
export type UserList = Of<typeof userList>;
export type AdminLog = Of<typeof adminLog>;
export type RegionPlan = Of<typeof regionPlan>;
export type Rectification = Of<typeof rectification>;
export type BatchResult = Of<typeof batchResult>;
export type Overview = Of<typeof overview>;
export type OverviewUnits = Of<typeof overviewUnits>;
export type TaskList = Of<typeof taskList>;
export type TaskDetail = Of<typeof taskDetail>;
export type TaskOpened = Of<typeof taskOpened>;
export type PackageTask = Of<typeof packageTask>;
export type NoticeList = Of<typeof noticeList>;
