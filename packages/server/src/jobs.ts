import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { PassThrough, Readable } from 'node:stream';
import archiver from 'archiver';
import { auditWorkbook, runAudit, zipEntries, type ImportPool } from '@jixiao/audit';
import type { Selectable } from 'kysely';
import { now } from './clock.js';
import { contentOf } from './content.js';
import type { ContentCache } from './content-cache.js';
import type { Db } from './db/connect.js';
import type { JobTable } from './db/schema.js';
import type { FileStore } from './file-store.js';
import type { ExportFormat } from './formats.js';
import { pathRange } from './org-paths.js';
import type { Handler, JobQueue, QueueMessage, QueueName } from './queue.js';
import type { Renderer } from './render-thread.js';

/** A batch export: every package of a department's units for a year, or the packages a reviewer selected. */
export type ExportZipParams = { departmentId: string; year: number; format: ExportFormat } | { packageIds: string[]; format: ExportFormat };

export interface AuditParams {
  /** The uploaded file's name: a ZIP of many files, or one file. */
  fileName: string;
}

/** Taking the units of a task opened by the finance bureau (tasks.ts `taskOpener`). */
export interface OpenTaskParams {
  taskId: string;
}

/**
 * Takes a task's units in steps, each its own message: the units planned into parts, each part
 * taken, then the end. Every step is safe to run again (a worker died after doing it but before
 * saying so): what an earlier run did is found, not done twice.
 */
export interface TaskOpener {
  /** The units the task is to take, in the order its parts take them. */
  units(params: OpenTaskParams): Promise<string[]>;
  /** Gives each of these units not yet in a task of the year its package, recorded in the task. */
  take(params: OpenTaskParams, unitIds: readonly string[]): Promise<void>;
  /** Once every part is taken: tells the units and their departments, keeps the summary on the task. */
  finish(params: OpenTaskParams, unitIds: readonly string[]): Promise<void>;
}

export type JobRow = Selectable<JobTable>;

/** What a status poll answers: never the file, only where the job stands. */
export interface JobStatus {
  id: string;
  kind: JobRow['kind'];
  status: JobRow['status'];
  progress: { done: number; total: number };
  error: string | null;
  createdAt: string;
}

/** Columns a status read selects: small, whatever the job produced. */
const STATUS_COLUMNS = ['id', 'kind', 'user_id', 'status', 'params', 'done', 'total', 'error', 'file_key', 'created_at'] as const;

export interface JobsOptions {
  /** How long a finished (done or failed) job and its file are kept, in milliseconds. */
  retentionMs: number;
  /** Items of one message: packages a batch export renders, units a task's opening takes. */
  partSize?: number;
  /** The clock that ages finished jobs; tests move it forward. */
  clock?: () => Date;
  /** Runs the tasks' reminders (reminders.ts) when the daily message comes. */
  reminders?: () => Promise<void>;
  /** Takes the units of an opened task when its messages come. */
  openTask?: TaskOpener;
}

/** What the job handlers work with; an app process and a `jixiao worker` both provide it. */
export interface JobDeps {
  db: Db;
  files: FileStore;
  queue: JobQueue;
  contents: ContentCache;
  renderer: Renderer;
  pool: ImportPool;
}

/** Finished jobs are looked for at most this often (by the runner's clock). */
const SWEEP_EVERY_MS = 60_000;
/** Progress of an audit is written at most this often. */
const PROGRESS_EVERY_MS = 250;

/** The message a job of each kind starts with (and starts again with after a restart). */
const FIRST_STEP: Record<JobRow['kind'], QueueName> = { export_zip: 'export-plan', audit: 'audit', open_task: 'open-task' };

const partKey = (jobId: string, part: number) => `jobs/${jobId}/parts/${String(part).padStart(6, '0')}`;

/**
 * Background jobs: the `jobs` table is what users see (status, progress, the file's key); the work
 * itself goes through the queue. A batch export is planned into parts of `partSize` packages, each
 * part rendered by whichever worker takes it (in the render threads) into the file store, and the ZIP
 * assembled from the stored files as a stream. A task's opening is planned the same way into parts of
 * `partSize` units, so that no message outlives the queue's ordinary expiry. Every handler can run
 * twice for the same message (a worker died after doing the work but before saying so): it checks
 * what is already done.
 */
export class Jobs {
  private readonly clock: () => Date;
  private readonly partSize: number;
  private lastSweep = -Infinity;
  private sweeper: NodeJS.Timeout | null = null;

  constructor(
    private readonly deps: JobDeps,
    private readonly options: JobsOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.partSize = options.partSize ?? 25;
  }

  /**
   * Starts working the queue in this process (`concurrency` messages at a time), resending the jobs a
   * stopped process left unfinished when the queue does not keep them itself.
   */
  async work(concurrency: number): Promise<void> {
    await this.deps.queue.work(this.handlers(), concurrency);
    if (!this.deps.queue.durable) await this.resume();
  }

  /** Sweeps finished jobs now and then; every app process may do it (deleting is idempotent). */
  startSweeping(everyMs = 1000): void {
    this.sweeper = setInterval(() => void this.sweepIfDue().catch(() => undefined), everyMs);
    this.sweeper.unref();
  }

  async stop(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    await this.deps.queue.stop();
  }

  enqueueExport(userId: string, params: ExportZipParams): Promise<JobStatus> {
    return this.enqueue(userId, 'export_zip', params, 'export-plan');
  }

  /** Queues the audit of an uploaded ZIP (or single file): every file imported and checked, into one workbook. */
  async enqueueAudit(userId: string, params: AuditParams, upload: Uint8Array): Promise<JobStatus> {
    const id = randomUUID();
    await this.deps.files.write(`jobs/${id}/input`, upload);
    return this.enqueue(userId, 'audit', params, 'audit', id);
  }

  /** Queues the taking of an opened task's units (the task is recorded already): planned into parts like an export. */
  enqueueOpenTask(userId: string, params: OpenTaskParams, id: string): Promise<JobStatus> {
    return this.enqueue(userId, 'open_task', params, 'open-task', id);
  }

  private async enqueue(
    userId: string,
    kind: JobRow['kind'],
    params: ExportZipParams | AuditParams | OpenTaskParams,
    queue: QueueName,
    id: string = randomUUID(),
  ): Promise<JobStatus> {
    const at = now();
    const job: JobRow = {
      id,
      kind,
      user_id: userId,
      status: 'queued',
      params: JSON.stringify(params),
      done: 0,
      total: 0,
      error: null,
      file_key: null,
      file_size: null,
      created_at: at,
      updated_at: at,
    };
    await this.deps.db.kysely.insertInto('jobs').values(job).execute();
    await this.deps.queue.send(queue, { jobId: id });
    return statusOf(job, 0);
  }

  /** The job as its owner sees it (null when there is none or it is someone else's). */
  async status(userId: string, id: string): Promise<{ view: JobStatus; row: Pick<JobRow, 'params' | 'file_key' | 'kind'> } | null> {
    const db = this.deps.db.kysely;
    const row = await db.selectFrom('jobs').select(STATUS_COLUMNS).where('id', '=', id).executeTakeFirst();
    if (!row || row.user_id !== userId) return null;
    let done = row.done;
    if (row.kind === 'export_zip' && row.status === 'running') {
      const sum = await db
        .selectFrom('job_parts')
        .select((eb) => eb.fn.sum<number | string | null>('done_files').as('n'))
        .where('job_id', '=', id)
        .executeTakeFirst();
      done = Number(sum?.n ?? 0);
    }
    return { view: statusOf(row, done), row };
  }

  /** Opens a finished job's file as a stream. */
  file(key: string) {
    return this.deps.files.read(key);
  }

  private handlers(): Record<QueueName, Handler> {
    const guarded =
      (what: string, run: (message: QueueMessage) => Promise<void>): Handler =>
      async (message, lastAttempt) => {
        try {
          await run(message);
        } catch (error) {
          if (lastAttempt) await this.fail(message.jobId, `${what}失败：${error instanceof Error ? error.message : String(error)}`);
          throw error;
        }
      };
    return {
      'export-plan': guarded('导出', (m) => this.plan(m.jobId)),
      'export-part': guarded('导出', (m) => this.renderPart(m.jobId, m.part ?? 0)),
      'export-assemble': guarded('导出', (m) => this.assemble(m.jobId)),
      audit: guarded('审核', (m) => this.audit(m.jobId)),
      'open-task': guarded('下达任务', (m) => this.planOpening(m.jobId)),
      'open-task-part': guarded('下达任务', (m) => this.takePart(m.jobId, m.part ?? 0)),
      'open-task-finish': guarded('下达任务', (m) => this.finishOpening(m.jobId)),
      reminders: async () => {
        await this.options.reminders?.();
      },
    };
  }

  private async fail(jobId: string, error: string): Promise<void> {
    await this.deps.db.kysely
      .updateTable('jobs')
      .set({ status: 'failed', error, updated_at: now() })
      .where('id', '=', jobId)
      .where('status', 'in', ['queued', 'running'])
      .execute();
    await this.deps.files.remove(`jobs/${jobId}/parts`);
  }

  /** Sends again what an in-memory queue lost with its process: each unfinished job from its first step. */
  private async resume(): Promise<void> {
    const open = await this.deps.db.kysely.selectFrom('jobs').select(['id', 'kind']).where('status', 'in', ['queued', 'running']).execute();
    for (const job of open) await this.deps.queue.send(FIRST_STEP[job.kind], { jobId: job.id });
  }

  private async openJob(jobId: string) {
    const job = await this.deps.db.kysely.selectFrom('jobs').select(STATUS_COLUMNS).where('id', '=', jobId).executeTakeFirst();
    return job && (job.status === 'queued' || job.status === 'running') ? job : null;
  }

  /** A part still to do of a job still open, with the job and the part's items (JSON); null when there is nothing to do. */
  private async openPart(jobId: string, part: number) {
    const job = await this.openJob(jobId);
    if (!job) return null;
    const row = await this.deps.db.kysely
      .selectFrom('job_parts')
      .select(['items', 'finished'])
      .where('job_id', '=', jobId)
      .where('part', '=', part)
      .executeTakeFirst();
    return row && !row.finished ? { job, items: row.items } : null;
  }

  /** Plans the export's packages into parts, each rendered by whichever worker takes it; then the assembly. */
  private async plan(jobId: string): Promise<void> {
    const db = this.deps.db.kysely;
    const job = await this.openJob(jobId);
    if (!job) return;
    await this.planParts(jobId, 'export-part', 'export-assemble', async () => {
      const params = JSON.parse(job.params) as ExportZipParams;
      let query = db.selectFrom('packages').select(['packages.id', 'packages.version']).where('packages.deleted_at', 'is', null);
      if ('packageIds' in params) {
        // Checked against the caller's scope when the job was made; an empty list plans an empty export.
        query = query.where('packages.id', 'in', params.packageIds.length > 0 ? params.packageIds : ['']);
      } else {
        const [from, to] = pathRange(await departmentPath(db, params.departmentId));
        query = query.where('packages.org_path', '>=', from).where('packages.org_path', '<', to).where('packages.year', '=', params.year);
      }
      return query.orderBy('packages.org_name').orderBy('packages.id').execute();
    });
  }

  /**
   * Splits the job's items into parts of `partSize` (once: a job planned again keeps its parts, so
   * they never shift under a part being worked) and sends every part not yet finished to `partQueue`;
   * with none left, the job's last step.
   */
  private async planParts(jobId: string, partQueue: QueueName, lastQueue: QueueName, itemsOf: () => Promise<unknown[]>): Promise<void> {
    const db = this.deps.db.kysely;
    let parts = await db.selectFrom('job_parts').select(['part', 'finished']).where('job_id', '=', jobId).execute();
    if (parts.length === 0) {
      const rows = await itemsOf();
      const planned: { job_id: string; part: number; items: string; count: number; rendered_by: null }[] = [];
      for (let i = 0; i < rows.length; i += this.partSize) {
        const items = rows.slice(i, i + this.partSize);
        planned.push({ job_id: jobId, part: planned.length, items: JSON.stringify(items), count: items.length, rendered_by: null });
      }
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < planned.length; i += 200)
          await trx
            .insertInto('job_parts')
            .values(planned.slice(i, i + 200))
            .execute();
        await trx
          .updateTable('jobs')
          .set({ status: 'running', done: 0, total: rows.length, updated_at: now() })
          .where('id', '=', jobId)
          .execute();
      });
      parts = planned.map((p) => ({ part: p.part, finished: 0 }));
    }
    const open = parts.filter((p) => !p.finished);
    if (open.length === 0) return this.deps.queue.send(lastQueue, { jobId });
    for (const { part } of open) await this.deps.queue.send(partQueue, { jobId, part });
  }

  /**
   * Records the part finished by this process, once however often it runs: the job's `done` counts
   * the items of its finished parts. The part that finishes last sends the job's last step.
   */
  private async finishPart(jobId: string, part: number, count: number, lastQueue: QueueName): Promise<void> {
    const db = this.deps.db.kysely;
    const finished = await db.transaction().execute(async (trx) => {
      const marked = await trx
        .updateTable('job_parts')
        .set({ finished: 1, rendered_by: `${hostname()}:${process.pid}` })
        .where('job_id', '=', jobId)
        .where('part', '=', part)
        .where('finished', '=', 0)
        .executeTakeFirst();
      if (marked.numUpdatedRows !== 1n) return false;
      await trx
        .updateTable('jobs')
        .set((eb) => ({ done: eb('done', '+', count), updated_at: now() }))
        .where('id', '=', jobId)
        .execute();
      return true;
    });
    if (!finished) return;
    const left = await db
      .selectFrom('job_parts')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('job_id', '=', jobId)
      .where('finished', '=', 0)
      .executeTakeFirstOrThrow();
    if (Number(left.n) === 0) await this.deps.queue.send(lastQueue, { jobId });
  }

  /** Renders a part's packages into the file store, counting each file as it is stored. */
  private async renderPart(jobId: string, part: number): Promise<void> {
    const db = this.deps.db.kysely;
    const open = await this.openPart(jobId, part);
    if (!open) return;
    const { format } = JSON.parse(open.job.params) as ExportZipParams;
    const items = JSON.parse(open.items) as { id: string; version: number }[];
    let stored = 0;
    for (const item of items) {
      const content = await contentOf(db, this.deps.contents, item.id, item.version, { keep: false });
      const file = await this.deps.renderer.render(content, format, { owner: `job:${jobId}:${part}` });
      // Numbered within the part: the ZIP keeps the planned order, and two units of one name both stay.
      await this.deps.files.write(`${partKey(jobId, part)}/${String(stored).padStart(4, '0')}-${file.fileName}`, file.bytes);
      stored++;
      // Progress never goes back when a part is rendered again after its worker died.
      await db
        .updateTable('job_parts')
        .set({ done_files: stored })
        .where('job_id', '=', jobId)
        .where('part', '=', part)
        .where('done_files', '<', stored)
        .execute();
    }
    await this.finishPart(jobId, part, items.length, 'export-assemble');
  }

  /** The ZIP of every stored part file, written to the file store as a stream. */
  private async assemble(jobId: string): Promise<void> {
    const db = this.deps.db.kysely;
    const job = await this.openJob(jobId);
    if (!job) return;
    const { format } = JSON.parse(job.params) as ExportZipParams;
    const keys = await this.deps.files.list(`jobs/${jobId}/parts`);
    // Office files and PDFs are compressed already: stored as they are, the ZIP costs no CPU.
    const zip = archiver('zip', format === 'json' ? { zlib: { level: 6 } } : { store: true });
    const out = new PassThrough();
    zip.pipe(out);
    const fileKey = `jobs/${jobId}/result.zip`;
    const written = this.deps.files.write(fileKey, out);
    const failed = new Promise<never>((_, reject) => zip.on('error', reject));
    const names = new Set<string>();
    const appendAll = async () => {
      for (const key of keys) {
        const file = await this.deps.files.read(key);
        if (!file) continue;
        // One entry at a time: a file is opened only when the previous one is in the ZIP.
        const added = once(zip, 'entry');
        zip.append(file.stream, { name: uniqueName(names, key.slice(key.lastIndexOf('/') + 6)) });
        await added;
      }
      await zip.finalize();
    };
    try {
      // The store failing stops the appending too: it would otherwise wait for room in the stream forever.
      await Promise.race([appendAll(), failed, written]);
    } catch (error) {
      // Ends the stream and the half-written file with it, so a failed attempt holds no file open.
      zip.abort();
      out.destroy(error instanceof Error ? error : new Error(String(error)));
      await written.catch(() => undefined);
      throw error;
    }
    const size = await written;
    await db
      .updateTable('jobs')
      .set({ status: 'done', file_key: fileKey, file_size: size, done: keys.length, updated_at: now() })
      .where('id', '=', jobId)
      .where('status', 'in', ['queued', 'running'])
      .execute();
    await this.deps.files.remove(`jobs/${jobId}/parts`);
  }

  /** Every file of the upload imported and checked in the import pool; the workbook of the audit. */
  private async audit(jobId: string): Promise<void> {
    const db = this.deps.db.kysely;
    const job = await this.openJob(jobId);
    if (!job) return;
    const params = JSON.parse(job.params) as AuditParams;
    const input = await this.deps.files.read(`jobs/${jobId}/input`);
    if (!input) throw new Error('上传的文件已不在文件存储中');
    const upload = new Uint8Array(Buffer.concat(await input.stream.toArray()));
    const entries = /\.zip$/i.test(params.fileName) ? zipEntries(upload) : [{ path: params.fileName, read: () => Promise.resolve(upload) }];
    await db.updateTable('jobs').set({ status: 'running', total: entries.length, updated_at: now() }).where('id', '=', jobId).execute();
    let written = 0;
    let pending: Promise<unknown> = Promise.resolve();
    const audit = await runAudit(entries, this.deps.pool, (done) => {
      const at = performance.now();
      if (at - written < PROGRESS_EVERY_MS) return;
      written = at;
      pending = pending.then(() => db.updateTable('jobs').set({ done, updated_at: now() }).where('id', '=', jobId).execute());
    });
    await pending;
    const fileKey = `jobs/${jobId}/result.xlsx`;
    const size = await this.deps.files.write(fileKey, Readable.from([Buffer.from(await auditWorkbook(audit))]));
    await db
      .updateTable('jobs')
      .set({ status: 'done', done: entries.length, file_key: fileKey, file_size: size, updated_at: now() })
      .where('id', '=', jobId)
      .execute();
    await this.deps.files.remove(`jobs/${jobId}/input`);
  }

  /** The opener of tasks' units; a process made without one cannot take them. */
  private opener(): TaskOpener {
    if (!this.options.openTask) throw new Error('本进程未配置下达任务的处理');
    return this.options.openTask;
  }

  /** Plans the task's units into parts, each a message under the ordinary expiry, however many units the task has. */
  private async planOpening(jobId: string): Promise<void> {
    const job = await this.openJob(jobId);
    if (!job) return;
    const opener = this.opener();
    await this.planParts(jobId, 'open-task-part', 'open-task-finish', () => opener.units(JSON.parse(job.params) as OpenTaskParams));
  }

  /** Takes a part's units; run again after its worker died, it finds those taken before in the task. */
  private async takePart(jobId: string, part: number): Promise<void> {
    const open = await this.openPart(jobId, part);
    if (!open) return;
    const units = JSON.parse(open.items) as string[];
    await this.opener().take(JSON.parse(open.job.params) as OpenTaskParams, units);
    await this.finishPart(jobId, part, units.length, 'open-task-finish');
  }

  /** Every part taken: the opener tells and sums up over all the planned units, and the job is done. */
  private async finishOpening(jobId: string): Promise<void> {
    const db = this.deps.db.kysely;
    const job = await this.openJob(jobId);
    if (!job) return;
    const parts = await db.selectFrom('job_parts').select('items').where('job_id', '=', jobId).orderBy('part').execute();
    await this.opener().finish(
      JSON.parse(job.params) as OpenTaskParams,
      parts.flatMap((p) => JSON.parse(p.items) as string[]),
    );
    await db
      .updateTable('jobs')
      .set({ status: 'done', updated_at: now() })
      .where('id', '=', jobId)
      .where('status', 'in', ['queued', 'running'])
      .execute();
  }

  private async sweepIfDue(): Promise<void> {
    const at = this.clock().getTime();
    if (at - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = at;
    await this.sweep();
  }

  /** Deletes finished jobs (and their files) last updated before the retention period; returns how many. */
  async sweep(): Promise<number> {
    const db = this.deps.db.kysely;
    const cutoff = new Date(this.clock().getTime() - this.options.retentionMs).toISOString();
    const old = await db
      .selectFrom('jobs')
      .select('id')
      .where('status', 'in', ['done', 'failed'])
      .where('updated_at', '<', cutoff)
      .execute();
    for (const { id } of old) {
      await db.deleteFrom('job_parts').where('job_id', '=', id).execute();
      await db.deleteFrom('jobs').where('id', '=', id).execute();
      await this.deps.files.remove(`jobs/${id}`);
    }
    return old.length;
  }
}

/** The file's name in the ZIP: a second file of the same name gets "（2）" before its extension. */
function uniqueName(taken: Set<string>, name: string): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) candidate = name.replace(/(\.[^.]*)?$/, `（${n}）$1`);
  taken.add(candidate);
  return candidate;
}

/** The department's stored path (a worker has no organisation tree of its own). */
async function departmentPath(db: Db['kysely'], id: string): Promise<string> {
  const row = await db.selectFrom('orgs').select('path').where('id', '=', id).executeTakeFirst();
  // An unknown department plans an empty export rather than everything.
  return row?.path || `/${id}/`;
}

function statusOf(job: Pick<JobRow, 'id' | 'kind' | 'status' | 'total' | 'error' | 'created_at'>, done: number): JobStatus {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    progress: { done: job.status === 'done' ? job.total : done, total: job.total },
    error: job.error,
    createdAt: job.created_at,
  };
}
