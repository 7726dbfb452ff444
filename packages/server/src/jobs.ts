import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import archiver from 'archiver';
import { auditWorkbook, runAudit, zipEntries, type ImportPool } from '@jixiao/audit';
import type { ContentCache } from './content-cache.js';
import { now } from './clock.js';
import type { Db } from './db/connect.js';
import type { JobTable } from './db/schema.js';
import type { ExportFormat } from './formats.js';
import type { OrgTree } from './org-tree.js';
import { contentOf } from './content.js';
import type { Renderer } from './render-thread.js';
import type { Selectable } from 'kysely';

export interface ExportZipParams {
  departmentId: string;
  year: number;
  format: ExportFormat;
}

export interface AuditParams {
  /** The uploaded file's name: a ZIP of many files, or one file. */
  fileName: string;
}

/** Progress of a running job is written at most this often. */
const PROGRESS_EVERY_MS = 250;

export type JobRow = Selectable<JobTable>;

export function jobView(job: Omit<JobRow, 'result'>) {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    progress: { done: job.done, total: job.total },
    error: job.error,
    createdAt: job.created_at,
  };
}

export interface JobRunnerOptions {
  /** Milliseconds between polls of the job table. */
  pollMs: number;
  /** How long a finished (done or failed) job and its ZIP are kept, in milliseconds. */
  retentionMs: number;
  /** The clock that ages finished jobs; tests move it forward. */
  clock?: () => Date;
}

/** Finished jobs are looked for at most this often (by the runner's clock). */
const SWEEP_EVERY_MS = 60_000;

/**
 * Background jobs kept in the `jobs` table and run in-process: the table is polled, a queued job is
 * claimed with a conditional update, progress is written as it goes. Export files are rendered in the
 * service's worker thread (`Renderer`) and audited files imported in the import pool's threads, so a
 * batch does not hold up other requests. Jobs left running by a stopped process are queued again at
 * start (an audit keeps its upload until it has run). Finished jobs (with their result) are deleted
 * once older than the retention period. The same on SQLite and PostgreSQL.
 */
export class JobRunner {
  private timer: NodeJS.Timeout | null = null;
  private busy: Promise<void> | null = null;
  private lastSweep = -Infinity;
  private readonly clock: () => Date;

  constructor(
    private readonly db: Db,
    private readonly tree: OrgTree,
    private readonly contents: ContentCache,
    private readonly renderer: Renderer,
    private readonly pool: ImportPool,
    private readonly options: JobRunnerOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  async start(): Promise<void> {
    await this.db.kysely.updateTable('jobs').set({ status: 'queued', done: 0 }).where('status', '=', 'running').execute();
    this.timer = setInterval(() => this.tick(), this.options.pollMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.busy;
  }

  enqueueExport(userId: string, params: ExportZipParams): Promise<JobRow> {
    return this.enqueue(userId, 'export_zip', params, null);
  }

  /** Queues the audit of an uploaded ZIP (or single file): every file imported and checked, into one workbook. */
  enqueueAudit(userId: string, params: AuditParams, upload: Buffer): Promise<JobRow> {
    return this.enqueue(userId, 'audit', params, upload);
  }

  private async enqueue(
    userId: string,
    kind: JobRow['kind'],
    params: ExportZipParams | AuditParams,
    input: Buffer | null,
  ): Promise<JobRow> {
    const at = now();
    const job: JobRow = {
      id: randomUUID(),
      kind,
      user_id: userId,
      status: 'queued',
      params: JSON.stringify(params),
      done: 0,
      total: 0,
      error: null,
      result: null,
      input,
      created_at: at,
      updated_at: at,
    };
    await this.db.kysely.insertInto('jobs').values(job).execute();
    this.tick();
    return job;
  }

  private tick(): void {
    if (this.busy || !this.timer) return;
    this.busy = this.sweepIfDue()
      .then(() => this.runNext())
      .catch(() => undefined)
      .finally(() => {
        this.busy = null;
      });
  }

  private async sweepIfDue(): Promise<void> {
    const at = this.clock().getTime();
    if (at - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = at;
    await this.sweep();
  }

  /** Deletes finished jobs last updated before the retention period; returns how many. */
  async sweep(): Promise<number> {
    const cutoff = new Date(this.clock().getTime() - this.options.retentionMs).toISOString();
    const result = await this.db.kysely
      .deleteFrom('jobs')
      .where('status', 'in', ['done', 'failed'])
      .where('updated_at', '<', cutoff)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  private async runNext(): Promise<void> {
    const db = this.db.kysely;
    const next = await db
      .selectFrom('jobs')
      .select(['id', 'kind', 'params'])
      .where('status', '=', 'queued')
      .orderBy('created_at')
      .executeTakeFirst();
    if (!next) return;
    const claimed = await db
      .updateTable('jobs')
      .set({ status: 'running', updated_at: now() })
      .where('id', '=', next.id)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    if (claimed.numUpdatedRows !== 1n) return;
    const what = next.kind === 'audit' ? '审核' : '导出';
    try {
      const result =
        next.kind === 'audit'
          ? await this.audit(next.id, JSON.parse(next.params) as AuditParams)
          : await this.exportZip(next.id, JSON.parse(next.params) as ExportZipParams);
      await db.updateTable('jobs').set({ status: 'done', result, input: null, updated_at: now() }).where('id', '=', next.id).execute();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await db
        .updateTable('jobs')
        .set({ status: 'failed', error: `${what}失败：${message}`, input: null, updated_at: now() })
        .where('id', '=', next.id)
        .execute();
    }
  }

  /** Every file of the upload imported and checked in the import pool; the workbook of the audit. */
  private async audit(jobId: string, params: AuditParams): Promise<Buffer> {
    const db = this.db.kysely;
    const row = await db.selectFrom('jobs').select('input').where('id', '=', jobId).executeTakeFirstOrThrow();
    const upload = new Uint8Array(row.input ?? Buffer.alloc(0));
    const entries = /\.zip$/i.test(params.fileName) ? zipEntries(upload) : [{ path: params.fileName, read: () => Promise.resolve(upload) }];
    await db.updateTable('jobs').set({ total: entries.length, updated_at: now() }).where('id', '=', jobId).execute();
    let written = 0;
    let pending: Promise<unknown> = Promise.resolve();
    const audit = await runAudit(entries, this.pool, (done) => {
      const at = performance.now();
      if (at - written < PROGRESS_EVERY_MS) return;
      written = at;
      pending = pending.then(() => db.updateTable('jobs').set({ done, updated_at: now() }).where('id', '=', jobId).execute());
    });
    await pending;
    await db.updateTable('jobs').set({ done: entries.length, updated_at: now() }).where('id', '=', jobId).execute();
    return Buffer.from(await auditWorkbook(audit));
  }

  /** One file per package of the department's units for the year, in a ZIP. */
  private async exportZip(jobId: string, params: ExportZipParams): Promise<Buffer> {
    const db = this.db.kysely;
    const units = this.tree
      .subtree(params.departmentId)
      .filter((o) => o.kind === 'unit')
      .map((o) => o.id);
    const rows = units.length
      ? await db
          .selectFrom('packages')
          .select(['id', 'version'])
          .where('org_id', 'in', units)
          .where('year', '=', params.year)
          .where('deleted_at', 'is', null)
          .orderBy('org_id')
          .execute()
      : [];
    await db.updateTable('jobs').set({ total: rows.length, updated_at: now() }).where('id', '=', jobId).execute();
    const zip = archiver('zip', { zlib: { level: 6 } });
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (chunk: Buffer) => chunks.push(chunk));
    const finished = new Promise<void>((resolve, reject) => {
      sink.on('end', resolve);
      zip.on('error', reject);
    });
    zip.pipe(sink);
    let done = 0;
    for (const row of rows) {
      const file = await this.renderer.render(await contentOf(db, this.contents, row.id, row.version), params.format, {
        owner: `job:${jobId}`,
      });
      zip.append(file.bytes, { name: file.fileName });
      done++;
      await db.updateTable('jobs').set({ done, updated_at: now() }).where('id', '=', jobId).execute();
    }
    await zip.finalize();
    await finished;
    return Buffer.concat(chunks);
  }
}
