export { buildApp, type AppOptions } from './app.js';
export { openDatabase, configFromEnv, type Db, type DatabaseConfig, DEFAULT_SQLITE_FILE } from './db/connect.js';
export { seedDemo, type DemoAccount } from './demo.js';
export { ORG_KIND_LABELS } from './labels.js';
export type { OrgKind, Role, Status } from './db/schema.js';
export type * from './api-types.js';
export { createAdministrator, hasAdministrator, AdministratorError, type NewAdministrator } from './administrators.js';
export { serve, type ServeOptions } from './serve.js';
export { backupDatabase, restoreDatabase, BackupError, type BackupResult } from './backup.js';
