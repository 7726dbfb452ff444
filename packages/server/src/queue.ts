/**
 * The queue background work goes through. On PostgreSQL it is pg-boss: messages are rows, so they
 * survive restarts, any number of `jixiao worker` processes on any machine take them, and a message
 * whose worker died (it stays active past its expiry) is given to another. On the embedded SQLite
 * default the same handlers run in the service process, from a queue in memory: what a stopped
 * process had not finished is sent again at start from the `jobs` table (see `Jobs.resume`).
 */
import PgBoss from 'pg-boss';

/**
 * The kinds of message: a batch export is planned, its parts rendered anywhere, then assembled; a
 * task's opening is planned (`open-task`), its parts of units taken anywhere, then finished.
 */
export const QUEUES = [
  'export-plan',
  'export-part',
  'export-assemble',
  'audit',
  'open-task',
  'open-task-part',
  'open-task-finish',
  'reminders',
] as const;
export type QueueName = (typeof QUEUES)[number];

export interface QueueMessage {
  jobId: string;
  part?: number;
}

/** `lastAttempt`: no retry follows if this attempt fails, so the handler records the failure. */
export type Handler = (message: QueueMessage, lastAttempt: boolean) => Promise<void>;

export interface JobQueue {
  /** True when queued messages outlive the process (nothing to resend at start). */
  readonly durable: boolean;
  send(name: QueueName, message: QueueMessage): Promise<void>;
  /** Takes messages and runs the handlers, up to `concurrency` at a time for each queue. */
  work(handlers: Record<QueueName, Handler>, concurrency: number): Promise<void>;
  /** Stops taking messages and waits for those being handled. */
  stop(): Promise<void>;
}

/** Attempts of a message before its job is failed. */
const ATTEMPTS = 3;

export class InProcessQueue implements JobQueue {
  readonly durable = false;
  private readonly waiting: { name: QueueName; message: QueueMessage; attempt: number }[] = [];
  private readonly running = new Set<Promise<void>>();
  private handlers: Record<QueueName, Handler> | null = null;
  private concurrency = 1;
  private stopped = false;

  send(name: QueueName, message: QueueMessage): Promise<void> {
    this.waiting.push({ name, message, attempt: 1 });
    this.pump();
    return Promise.resolve();
  }

  work(handlers: Record<QueueName, Handler>, concurrency: number): Promise<void> {
    this.handlers = handlers;
    this.concurrency = Math.max(1, concurrency);
    this.pump();
    return Promise.resolve();
  }

  private pump(): void {
    const handlers = this.handlers;
    while (handlers && !this.stopped && this.running.size < this.concurrency && this.waiting.length) {
      const item = this.waiting.shift()!;
      const last = item.attempt >= ATTEMPTS;
      const run: Promise<void> = handlers[item.name](item.message, last)
        .catch(() => {
          if (!last && !this.stopped) this.waiting.push({ ...item, attempt: item.attempt + 1 });
        })
        .finally(() => {
          this.running.delete(run);
          this.pump();
        });
      this.running.add(run);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    while (this.running.size) await Promise.all(this.running);
  }
}

export interface PgBossOptions {
  connectionString: string;
  /** Schema of pg-boss's tables (beside the service's own). */
  schema: string;
  /**
   * A message active this long is taken to be lost with its worker and is given out again. pg-boss 10
   * cannot keep a running message alive, so every message is kept short (a part of an export or of a
   * task's opening) and they all share this expiry.
   */
  expireSeconds: number;
  /** How often pg-boss looks for such messages. */
  maintenanceSeconds: number;
}

export class PgBossQueue implements JobQueue {
  readonly durable = true;

  private constructor(private readonly boss: PgBoss) {}

  static async open(options: PgBossOptions, onError: (error: Error) => void): Promise<PgBossQueue> {
    const boss = new PgBoss({
      connectionString: options.connectionString,
      schema: options.schema,
      max: 4,
      maintenanceIntervalSeconds: options.maintenanceSeconds,
      monitorStateIntervalSeconds: Math.max(options.maintenanceSeconds, 10),
    });
    boss.on('error', onError);
    await boss.start();
    for (const name of QUEUES) {
      const settings = {
        name,
        retryLimit: ATTEMPTS - 1,
        retryDelay: 1,
        expireInSeconds: options.expireSeconds,
        retentionMinutes: 60 * 24,
      };
      await boss.createQueue(name, settings);
      // createQueue leaves a queue that exists as it was made: a deployment's queues take the settings of this start.
      await boss.updateQueue(name, settings);
    }
    return new PgBossQueue(boss);
  }

  async send(name: QueueName, message: QueueMessage): Promise<void> {
    // One last step per job, however many parts finish at once; one reminder run per day.
    const once = name === 'export-assemble' || name === 'open-task-finish' || name === 'reminders' ? { singletonKey: message.jobId } : {};
    await this.boss.send(name, message, once);
  }

  async work(handlers: Record<QueueName, Handler>, concurrency: number): Promise<void> {
    for (const name of QUEUES) {
      // Each `work` call takes one message at a time: as many calls as messages handled at once.
      for (let i = 0; i < Math.max(1, concurrency); i++) {
        await this.boss.work<QueueMessage>(name, { batchSize: 1, pollingIntervalSeconds: 0.5, includeMetadata: true }, async ([job]) => {
          if (job) await handlers[name](job.data, job.retryCount >= job.retryLimit);
        });
      }
    }
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, timeout: 30_000 });
  }
}
