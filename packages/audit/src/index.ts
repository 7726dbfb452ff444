/** Auditing many files at once: the worker pool, the collection, the run and its workbook. */
export { auditImported, auditPackageJson, auditTotals, failedFile, type AuditFile, type AuditFinding } from './audit-file.js';
export { MAX_AUDIT_FILES, folderEntries, zipEntries, type AuditEntry } from './collect.js';
export { ImportPool, type PoolOptions } from './pool.js';
export { runAudit, type Audit } from './run.js';
export { auditWorkbook } from './workbook.js';
