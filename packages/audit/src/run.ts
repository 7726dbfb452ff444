/** Auditing a collection: every file imported and checked in the pool, in order, with progress. */
import { failedFile, type AuditFile } from './audit-file.js';
import type { AuditEntry } from './collect.js';
import type { ImportPool } from './pool.js';

export interface Audit {
  files: AuditFile[];
  /** When the audit ran and how long it took. */
  startedAt: Date;
  seconds: number;
}

/** Files read ahead of the workers: enough to keep every worker busy, few enough to bound memory. */
const AHEAD = 8;

export async function runAudit(
  entries: readonly AuditEntry[],
  pool: ImportPool,
  onProgress?: (done: number, total: number) => void,
): Promise<Audit> {
  const startedAt = new Date();
  const started = performance.now();
  const files: AuditFile[] = new Array(entries.length);
  let done = 0;
  let next = 0;
  const one = async (index: number) => {
    const entry = entries[index]!;
    const name = entry.path.split('/').pop()!;
    let data: Uint8Array;
    try {
      data = await entry.read();
    } catch (error) {
      files[index] = failedFile(entry.path, error instanceof Error ? error.message : String(error));
      return;
    }
    files[index] = await pool.audit(data, name, entry.path);
  };
  const lane = async () => {
    while (next < entries.length) {
      await one(next++);
      onProgress?.(++done, entries.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(AHEAD, entries.length) }, lane));
  return { files, startedAt, seconds: (performance.now() - started) / 1000 };
}
