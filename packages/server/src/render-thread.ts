import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Package } from '@jixiao/core';
import type { RectificationRecord } from '@jixiao/documents';
import { type ExportFormat, type RenderedFile, mimeOf, renderFile } from './formats.js';
import type { RenderReply, RenderRequest } from './render-worker.js';

/**
 * The worker's script. The service runs from dist/ (render-worker.js beside this file); the tests
 * run the TypeScript sources, whose worker is the built one, since a worker thread loads plain
 * JavaScript (vitest.global-setup.ts brings the build up to date before any test).
 */
function workerUrl(): URL {
  return import.meta.url.endsWith('.ts')
    ? new URL('../dist/render-worker.js', import.meta.url)
    : new URL('./render-worker.js', import.meta.url);
}

/**
 * One worker thread that renders files off the main thread, one request at a time in order.
 * Ended with `close()`; a crash of the worker fails the pending renders.
 */
export class RenderThread {
  private readonly worker: Worker;
  private readonly pending = new Map<
    number,
    { resolve: (file: { bytes: Buffer; fileName: string }) => void; reject: (error: Error) => void }
  >();
  private nextId = 1;
  private failure: Error | null = null;

  /** The worker crashed or exited: every further render fails. */
  get failed(): boolean {
    return this.failure !== null;
  }

  constructor() {
    this.worker = new Worker(workerUrl(), { resourceLimits: RENDER_HEAP });
    this.worker.on('message', (reply: RenderReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if ('error' in reply) waiting.reject(new Error(reply.error));
      else
        waiting.resolve({
          bytes: Buffer.from(reply.bytes.buffer, reply.bytes.byteOffset, reply.bytes.byteLength),
          fileName: reply.fileName,
        });
    });
    const fail = (error: Error) => {
      this.failure = error;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`文档生成线程已退出（代码 ${code}）`)));
  }

  render(pkg: Package, format: ExportFormat, rectification?: RectificationRecord[]): Promise<{ bytes: Buffer; fileName: string }> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, pkg, format, ...(rectification ? { rectification } : {}) } satisfies RenderRequest);
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/**
 * A render thread's heap. V8's default young generation (16 MB semi-spaces) and an old generation
 * that grows to gigabytes before collecting let two warm threads hold ~350 MB between them on the
 * seed's PDF; a small young generation and a bound the largest package allowed (1,000 projects)
 * still fits in keep them near 230 MB at the same speed (measured: npm run bench, export).
 */
const RENDER_HEAP = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 768 };

export interface RendererOptions {
  /** Worker threads rendering at once (default: one per core, at least 2). */
  threads?: number;
  /** Longest a render may take before its thread is stopped. */
  timeoutMs?: number;
  /** A thread without work ends after this long. */
  idleMs?: number;
  /** Renders one caller may have running or waiting at once. */
  perCaller?: number;
  /**
   * A running service or worker: a thread is started at once, and started threads stay while it runs
   * (no caller waits for a thread to load the document code); otherwise idle threads end after `idleMs`.
   */
  keepWarm?: boolean;
}

/** Why a render did not give a file: the message is the user's. */
export class RenderRefused extends Error {
  constructor(
    readonly reason: 'busy' | 'timeout' | 'cancelled',
    message: string,
  ) {
    super(message);
  }
}

interface RenderJob {
  pkg: Package;
  format: ExportFormat;
  rectification: RectificationRecord[] | undefined;
  owner: string;
  resolve: (file: RenderedFile) => void;
  reject: (error: Error) => void;
  signal: AbortSignal | undefined;
}

interface Slot {
  thread: RenderThread | null;
  job: RenderJob | null;
  timer: NodeJS.Timeout | null;
  idle: NodeJS.Timeout | null;
}

/**
 * Renders export files off the main thread for the whole service: single exports and the batch ZIP
 * share a few worker threads, each started on first use and ended after `idleMs` without work. Fair
 * between callers: a waiting render of a caller with fewer renders running goes first, no caller runs
 * on more than half the threads, and one caller may not have more than `perCaller` running or waiting,
 * so one user's huge packages cannot hold every thread while others wait. A render past `timeoutMs` has its thread stopped; one whose caller went away is
 * dropped (stopped, if it was running). JSON needs no layout and is written on the main thread.
 */
export class Renderer {
  private readonly slots: Slot[];
  private readonly queue: RenderJob[] = [];
  private readonly timeoutMs: number;
  private readonly idleMs: number;
  private readonly perCaller: number;
  private readonly keepWarm: boolean;

  constructor(options: RendererOptions = {}) {
    const threads = Math.max(1, options.threads ?? Math.max(2, availableParallelism()));
    this.slots = Array.from({ length: threads }, () => ({ thread: null, job: null, timer: null, idle: null }));
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.idleMs = options.idleMs ?? 30_000;
    this.perCaller = options.perCaller ?? 2;
    this.keepWarm = options.keepWarm ?? false;
    if (this.keepWarm) this.warmSpare();
  }

  /** Threads rendering at once. */
  get threads(): number {
    return this.slots.length;
  }

  /** Renders in progress or waiting for a thread (the metrics). */
  get busy(): number {
    return this.queue.length + this.slots.filter((slot) => slot.job !== null).length;
  }

  /** `owner` is who asked (an account, or an address); `signal` ends the render when they go away. */
  render(
    pkg: Package,
    format: ExportFormat,
    caller: { owner?: string; signal?: AbortSignal; rectification?: RectificationRecord[] } = {},
  ): Promise<RenderedFile> {
    if (format === 'json') return renderFile(pkg, format);
    const owner = caller.owner ?? '';
    const mine = this.queue.filter((job) => job.owner === owner).length + this.slots.filter((slot) => slot.job?.owner === owner).length;
    if (owner && mine >= this.perCaller) {
      return Promise.reject(new RenderRefused('busy', `您已有 ${mine} 个文件正在生成，请等它们完成后再试。`));
    }
    return new Promise((resolve, reject) => {
      const job: RenderJob = { pkg, format, rectification: caller.rectification, owner, resolve, reject, signal: caller.signal };
      if (caller.signal?.aborted) return reject(new RenderRefused('cancelled', '已取消。'));
      caller.signal?.addEventListener('abort', () => this.cancel(job), { once: true });
      this.queue.push(job);
      this.next();
    });
  }

  /**
   * Starts waiting renders on free threads, the callers with the fewest renders running first. No caller
   * runs on more than half the threads: the rest stay free for the next caller, who then waits for no one.
   */
  private next(): void {
    const share = Math.max(1, Math.floor(this.slots.length / 2));
    const running = (owner: string) => this.slots.filter((s) => s.job?.owner === owner).length;
    for (const slot of this.slots) {
      if (slot.job) continue;
      let pick = -1;
      for (let i = 0; i < this.queue.length; i++) {
        const n = running(this.queue[i]!.owner);
        if (n < share && (pick === -1 || n < running(this.queue[pick]!.owner))) pick = i;
      }
      if (pick === -1) return;
      const [job] = this.queue.splice(pick, 1);
      if (job) this.start(slot, job);
    }
  }

  private start(slot: Slot, job: RenderJob): void {
    if (slot.idle) clearTimeout(slot.idle);
    slot.idle = null;
    slot.job = job;
    const thread = (slot.thread ??= new RenderThread());
    this.warmSpare();
    slot.timer = setTimeout(() => {
      this.stop(slot);
      job.reject(new RenderRefused('timeout', `生成文件超过 ${Math.round(this.timeoutMs / 1000)} 秒仍未完成，已停止（自评包可能过大）。`));
    }, this.timeoutMs);
    thread.render(job.pkg, job.format, job.rectification).then(
      ({ bytes, fileName }) => {
        if (slot.job !== job) return;
        this.finish(slot);
        job.resolve({ bytes, fileName, mime: mimeOf(job.format) });
      },
      (error: Error) => {
        if (slot.job !== job) return;
        if (thread.failed && slot.thread === thread) slot.thread = null;
        this.finish(slot);
        job.reject(error);
      },
    );
  }

  /**
   * Keeps one free thread started while another renders: starting a thread (loading the document
   * code) takes a second or two, which the next caller, arriving while a large render runs, should not wait.
   */
  private warmSpare(): void {
    if (this.slots.some((s) => !s.job && s.thread)) return;
    const spare = this.slots.find((s) => !s.job && !s.thread);
    if (!spare) return;
    spare.thread = new RenderThread();
    spare.idle = setTimeout(() => this.idleStop(spare), this.idleMs).unref();
  }

  /** Ends an idle thread, unless the service keeps its threads warm (a running service or worker does). */
  private idleStop(slot: Slot): void {
    if (this.keepWarm) return;
    this.stop(slot);
  }

  private finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    if (slot.thread) slot.idle = setTimeout(() => this.idleStop(slot), this.idleMs).unref();
    this.next();
  }

  /** Ends a slot's thread (a render past its time, one nobody waits for, an idle thread). */
  private stop(slot: Slot): void {
    const thread = slot.thread;
    slot.thread = null;
    if (slot.idle) clearTimeout(slot.idle);
    slot.idle = null;
    void thread?.close();
    if (slot.job) this.finish(slot);
  }

  private cancel(job: RenderJob): void {
    const waiting = this.queue.indexOf(job);
    if (waiting >= 0) this.queue.splice(waiting, 1);
    const slot = this.slots.find((s) => s.job === job);
    if (slot) this.stop(slot);
    job.reject(new RenderRefused('cancelled', '已取消。'));
  }

  async close(): Promise<void> {
    for (const job of this.queue.splice(0)) job.reject(new RenderRefused('cancelled', '服务正在停止。'));
    await Promise.all(
      this.slots.map(async (slot) => {
        if (slot.timer) clearTimeout(slot.timer);
        if (slot.idle) clearTimeout(slot.idle);
        const thread = slot.thread;
        slot.thread = null;
        slot.job?.reject(new RenderRefused('cancelled', '服务正在停止。'));
        slot.job = null;
        await thread?.close();
      }),
    );
  }
}
