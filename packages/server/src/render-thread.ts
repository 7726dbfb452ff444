import { Worker } from 'node:worker_threads';
import type { Package } from '@jixiao/core';
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
 * Started for a batch and ended with `close()`; a crash of the worker fails the pending renders.
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
    this.worker = new Worker(workerUrl());
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

  render(pkg: Package, format: ExportFormat): Promise<{ bytes: Buffer; fileName: string }> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, pkg, format } satisfies RenderRequest);
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/**
 * Renders export files off the main thread for the whole service: the single-package export and
 * the batch ZIP share one worker thread, started on first use and ended after `idleMs` without
 * work (and by `close()`). JSON needs no layout and is written on the main thread. A worker that
 * crashed is replaced on the next render.
 */
export class Renderer {
  private thread: RenderThread | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private active = 0;

  constructor(private readonly idleMs = 30_000) {}

  /** Renders in progress or waiting for the thread (the metrics). */
  get busy(): number {
    return this.active;
  }

  async render(pkg: Package, format: ExportFormat): Promise<RenderedFile> {
    if (format === 'json') return renderFile(pkg, format);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.active++;
    const thread = (this.thread ??= new RenderThread());
    try {
      const { bytes, fileName } = await thread.render(pkg, format);
      return { bytes, fileName, mime: mimeOf(format) };
    } catch (error) {
      if (thread.failed && this.thread === thread) this.thread = null;
      throw error;
    } finally {
      this.active--;
      if (this.active === 0 && this.thread) this.idleTimer = setTimeout(() => void this.close(), this.idleMs).unref();
    }
  }

  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const thread = this.thread;
    this.thread = null;
    await thread?.close();
  }
}
