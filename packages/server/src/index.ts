export { buildApp, type AppOptions } from './app.js';
export { openDatabase, configFromEnv, type Db, type DatabaseConfig, DEFAULT_SQLITE_FILE } from './db/connect.js';
export { seedDemo, type DemoAccount } from './demo.js';
export { ROLE_LABELS, STATUS_LABELS, ORG_KIND_LABELS } from './labels.js';
export type { OrgKind, Role, Status } from './db/schema.js';
