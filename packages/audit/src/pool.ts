/**
 * Imports (and audits) in worker threads, a few at a time, each within a time and a memory limit: a
 * PDF bomb, a file that sends a reader into a loop or a LibreOffice conversion that hangs ends its
 * worker, and that file gets a Chinese error as its result; the next file gets a fresh worker. A
 * result is always delivered, never thrown.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { failedImport, type ImportResult } from '@jixiao/import';
import { failedFile, type AuditFile } from './audit-file.js';

export interface WorkerSettings {
  /** How long LibreOffice may take to convert an old Office file. */
  convertTimeoutMs: number;
}

export type PoolRequest = { id: number; kind: 'import' | 'audit'; data: Uint8Array; fileName: string; label: string };
export type PoolReply =
  | { id: number; kind: 'import'; result: ImportResult }
  | { id: number; kind: 'audit'; file: AuditFile }
  /** The worker started a LibreOffice conversion (process group `pid`). */
  | { kind: 'spawned'; pid: number };

export interface PoolOptions {
  /** Worker threads (default: one per core). */
  size?: number;
  /** Longest one file may take, conversion included, in milliseconds (default 120 s). */
  timeoutMs?: number;
  /** Heap limit of a worker, in MB (default 1024). */
  memoryMb?: number;
  /** Longest a LibreOffice conversion may take (default: timeoutMs minus 10 s). */
  convertTimeoutMs?: number;
}

interface Job {
  request: Omit<PoolRequest, 'id'>;
  deliver: (reply: PoolReply) => void;
}

interface Slot {
  worker: Worker | null;
  job: (Job & { id: number; timer: NodeJS.Timeout }) | null;
  /** Conversions the current job started: ended with the worker if the job runs out of time. */
  children: Set<number>;
}

/**
 * The worker's script. The code runs from dist/ (worker.js beside this file); tests run the TypeScript
 * sources, whose worker is the built one, since a worker thread loads plain JavaScript (the test
 * set-up builds first).
 */
function workerUrl(): URL {
  return import.meta.url.endsWith('.ts') ? new URL('../dist/worker.js', import.meta.url) : new URL('./worker.js', import.meta.url);
}

export class ImportPool {
  private readonly slots: Slot[];
  /** Worker threads. */
  readonly size: number;
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private readonly timeoutMs: number;
  private readonly memoryMb: number;
  private readonly settings: WorkerSettings;

  constructor(options: PoolOptions = {}) {
    const size = Math.max(1, options.size ?? availableParallelism());
    this.size = size;
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.memoryMb = options.memoryMb ?? 1024;
    this.settings = { convertTimeoutMs: options.convertTimeoutMs ?? Math.max(1000, this.timeoutMs - 10_000) };
    this.slots = Array.from({ length: size }, () => ({ worker: null, job: null, children: new Set<number>() }));
  }

  /** Files being read and waiting (the service's metrics). */
  get load(): { running: number; queued: number } {
    return { running: this.slots.filter((slot) => slot.job !== null).length, queued: this.queue.length };
  }

  /**
   * Imports a file; a file that cannot be read gives a result with its Chinese error. `signal` ends the
   * import when nobody waits for it any more (the service's client went away): it leaves the queue, or
   * its thread is stopped.
   */
  import(data: Uint8Array, fileName: string, signal?: AbortSignal): Promise<ImportResult> {
    return new Promise((resolve) => {
      const job = this.submit({ kind: 'import', data, fileName, label: fileName }, (reply) => {
        if (reply.kind === 'import') resolve(reply.result);
      });
      if (job) signal?.addEventListener('abort', () => this.cancel(job, '已取消：请求方已断开'), { once: true });
    });
  }

  /** Imports and checks a file; `label` names it in the audit (its path in the folder). */
  audit(data: Uint8Array, fileName: string, label = fileName): Promise<AuditFile> {
    return new Promise((resolve) => {
      this.submit({ kind: 'audit', data, fileName, label }, (reply) => {
        if (reply.kind === 'audit') resolve(reply.file);
      });
    });
  }

  /** Ends every worker; files still queued get an error result. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.deliver(this.failure(job.request, '审核已停止，这个文件未读取'));
    await Promise.all(this.slots.map((slot) => slot.worker?.terminate()));
  }

  private submit(request: Omit<PoolRequest, 'id'>, deliver: (reply: PoolReply) => void): Job | null {
    if (this.closed) {
      deliver(this.failure(request, '审核已停止，这个文件未读取'));
      return null;
    }
    const job: Job = { request, deliver };
    this.queue.push(job);
    this.dispatch();
    return job;
  }

  /** Ends a job that is waiting or running; one already answered is left alone. */
  private cancel(job: Job, message: string): void {
    const waiting = this.queue.indexOf(job);
    if (waiting >= 0) {
      this.queue.splice(waiting, 1);
      job.deliver(this.failure(job.request, message));
      return;
    }
    const slot = this.slots.find((s) => s.job?.deliver === job.deliver);
    if (slot) this.fail(slot, message);
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.job || this.queue.length === 0) continue;
      const job = this.queue.shift()!;
      const worker = (slot.worker ??= this.start(slot));
      const id = this.nextId++;
      const timer = setTimeout(
        () => this.fail(slot, `读取这个文件超过 ${Math.round(this.timeoutMs / 1000)} 秒仍未完成，已停止（文件可能损坏或被恶意构造）`),
        this.timeoutMs,
      );
      slot.job = { ...job, id, timer };
      // The bytes are copied, not transferred: the caller may still hold them (a retry, a ZIP entry).
      worker.postMessage({ id, ...job.request } satisfies PoolRequest);
    }
  }

  private start(slot: Slot): Worker {
    const worker = new Worker(workerUrl(), {
      workerData: this.settings,
      resourceLimits: { maxOldGenerationSizeMb: this.memoryMb, maxYoungGenerationSizeMb: 64, stackSizeMb: 8 },
    });
    worker.unref();
    // A worker already replaced (ended for running out of time) has nothing more to say.
    const current = () => slot.worker === worker;
    worker.on('message', (reply: PoolReply) => {
      if (!current()) return;
      if (reply.kind === 'spawned') {
        slot.children.add(reply.pid);
        return;
      }
      const job = slot.job;
      if (!job || job.id !== reply.id) return;
      clearTimeout(job.timer);
      slot.job = null;
      slot.children.clear();
      job.deliver(reply);
      this.dispatch();
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (!current()) return;
      this.fail(
        slot,
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `读取这个文件占用的内存超过 ${this.memoryMb} MB 上限，已停止（文件可能损坏或被恶意构造）`
          : `读取这个文件时出错：${error.message}`,
      );
    });
    worker.on('exit', () => {
      if (!current()) return;
      slot.worker = null;
      if (slot.job) this.fail(slot, '读取这个文件时读取线程意外退出，已停止');
    });
    return worker;
  }

  /** Ends the slot's worker and gives its file an error result. */
  private fail(slot: Slot, message: string): void {
    const job = slot.job;
    const worker = slot.worker;
    slot.job = null;
    slot.worker = null;
    if (worker) void worker.terminate();
    for (const pid of slot.children) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already ended
      }
    }
    slot.children.clear();
    if (job) {
      clearTimeout(job.timer);
      job.deliver(this.failure(job.request, message));
    }
    this.dispatch();
  }

  private failure(request: Omit<PoolRequest, 'id'>, message: string): PoolReply {
    return request.kind === 'audit'
      ? { id: 0, kind: 'audit', file: failedFile(request.label, message) }
      : { id: 0, kind: 'import', result: failedImport(message) };
  }
}
