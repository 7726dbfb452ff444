/**
 * Opening a task on PostgreSQL with its job worked by `jixiao worker` processes: the worker taking the
 * units is killed (SIGKILL) half-way; pg-boss gives the part it held to a second worker once the
 * ordinary (here short) expiry passes, which finishes it and the rest. Every unit ends with one package
 * and one task unit, the summary counts the packages the killed worker made, and each user is told
 * once. Every queue, the opening's too, takes this start's expiry, also where an earlier start made it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { type Db, openDatabase } from '../src/db/connect.js';
import { seedDemo } from '../src/demo.js';
import { PgBossQueue } from '../src/queue.js';
import { Client, POSTGRES_URL, addUnits, processDeployment, started } from './harness.js';

const CLI = join(import.meta.dirname, '../../cli/bin/jixiao.js');
const UNITS = 300;

describe.skipIf(!POSTGRES_URL)('a task’s opening on a worker killed half-way (PostgreSQL)', () => {
  const { schema, env, remove } = processDeployment('task-worker', {
    JIXIAO_RENDER_THREADS: '1',
    // The killed worker's message is given out again after 5 s; pg-boss looks every second.
    JIXIAO_JOB_EXPIRE_SECONDS: '5',
    JIXIAO_QUEUE_MAINTENANCE_SECONDS: '1',
  });
  const workers: ChildProcess[] = [];
  let db: Db;
  let app: FastifyInstance;
  let streets = '';

  const startWorker = async () => {
    const worker = spawn(process.execPath, [CLI, 'worker'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    workers.push(worker);
    await started(worker, /后台任务进程已启动/);
    return worker;
  };

  beforeAll(async () => {
    if (!POSTGRES_URL) return;
    db = await openDatabase({ databaseUrl: POSTGRES_URL, pgSchema: schema });
    const queue = await PgBossQueue.open(
      { connectionString: POSTGRES_URL, schema: `${schema}_q`, expireSeconds: 5, maintenanceSeconds: 1 },
      () => undefined,
    );
    // This process only answers: the workers take the jobs.
    app = await buildApp({ db, webRoot: null, workJobs: false, queue, mailer: null });
    await app.ready();
    await seedDemo(app.services, { mustChangePassword: false });
    streets = (await db.kysely.selectFrom('orgs').select('id').where('name', 'like', '%街道主管部门%').executeTakeFirstOrThrow()).id;
    await addUnits(
      app.services,
      streets,
      Array.from({ length: UNITS }, (_, i) => `测试市第${String(i + 1).padStart(4, '0')}街道办事处`),
      2023,
    );
  }, 300_000);

  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await app?.close();
    await db?.close();
    await remove();
  });

  /** Rows of `text` on a connection of its own (pg-boss's tables, PostgreSQL's locks). */
  const rowsOf = async <R extends object>(text: string, values: unknown[] = []): Promise<R[]> => {
    const client = new pg.Client({ connectionString: POSTGRES_URL ?? '' });
    await client.connect();
    try {
      return (await client.query<R>(text, values)).rows;
    } finally {
      await client.end();
    }
  };
  /** The job's parts whose messages pg-boss counts as being worked, and how often each was given out again. */
  const activeParts = (jobId: string) =>
    rowsOf<{ part: number }>(
      `select (data->>'part')::int as part from ${schema}_q.job where name = 'open-task-part' and state = 'active' and data->>'jobId' = $1`,
      [jobId],
    );
  const retriesOf = async (jobId: string, part: number) =>
    (
      await rowsOf<{ retry_count: number }>(
        `select retry_count from ${schema}_q.job where name = 'open-task-part' and data->>'jobId' = $1 and (data->>'part')::int = $2`,
        [jobId, part],
      )
    )[0]?.retry_count;
  const poll = async (ready: () => Promise<boolean>) => {
    for (let i = 0; i < 1200 && !(await ready()); i++) await new Promise((r) => setTimeout(r, 100));
  };

  it('is finished by another worker, without a package, a task unit or a notice twice', async () => {
    const first = await startWorker();
    const finance = new Client(app);
    await finance.login('caizheng');
    const res = await finance.post('/api/tasks', {
      year: 2024,
      template: 'default',
      submitDue: '2024-05-31',
      reviewDue: '2024-06-15',
      scope: { kind: 'department', departmentId: streets },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const jobId = res.body.job.id as string;
    const units = UNITS + 3;
    let job = res.body.job;
    const jobNow = async () => (job = (await finance.get(`/api/jobs/${jobId}`)).body);
    await poll(async () => (await jobNow()).progress.done >= 50);
    const killedAt = job.progress.done as number;
    expect(killedAt).toBeLessThan(units);
    // The worker is held in its next part by a lock its task units wait for, and killed there.
    const lock = new pg.Client({ connectionString: POSTGRES_URL ?? '' });
    await lock.connect();
    await lock.query('begin');
    await lock.query(`lock table ${schema}.task_units in share mode`);
    const waiting = `select 1 from pg_locks where relation = '${schema}.task_units'::regclass and not granted`;
    await poll(async () => (await rowsOf(waiting)).length > 0);
    const held = await activeParts(jobId);
    expect(held).toHaveLength(1);
    first.kill('SIGKILL');
    await once(first, 'exit');
    await lock.query('rollback');
    await lock.end();
    const killedTime = performance.now();
    const second = await startWorker();
    await poll(async () => ['done', 'failed'].includes((await jobNow()).status));
    expect(job).toMatchObject({ kind: 'open_task', status: 'done', error: null, progress: { done: units, total: units } });
    // The killed worker's part was given out again once the ordinary 5 s expired and finished by the
    // second worker: the task waited seconds for it, not an hour.
    const part = held[0]!.part;
    expect(await retriesOf(jobId, part)).toBe(1);
    const parts = await db.kysely.selectFrom('job_parts').select(['part', 'rendered_by']).where('job_id', '=', jobId).execute();
    expect(parts).toHaveLength(Math.ceil(units / 25));
    expect(parts.find((p) => p.part === part)?.rendered_by).toBe(`${hostname()}:${second.pid}`);
    expect((performance.now() - killedTime) / 1000).toBeLessThan(120);

    const count = async (table: 'task_units' | 'packages') =>
      Number(
        (
          await db.kysely
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('year', '=', 2024)
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count('packages')).toBe(units);
    expect(await count('task_units')).toBe(units);
    const task = (await finance.get(`/api/tasks/${res.body.task.id}`)).body;
    expect(task.opening).toMatchObject({ state: 'opened', summary: { created: units, carriedOver: units, linked: 0, skipped: 0 } });
    const filler = new Client(app);
    await filler.login('tianbao');
    const notices = (await filler.get('/api/notices')).body.notices as { kind: string }[];
    expect(notices.filter((n) => n.kind === 'task_opened')).toHaveLength(1);
  }, 300_000);
});

describe.skipIf(!POSTGRES_URL)('the queues’ expiry (PostgreSQL)', () => {
  const schema = `t_${randomUUID().replaceAll('-', '')}_q`;

  afterAll(async () => {
    if (!POSTGRES_URL) return;
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  });

  /** Each queue's expiry in seconds, as pg-boss keeps it. */
  async function expiries(): Promise<Record<string, number>> {
    const client = new pg.Client({ connectionString: POSTGRES_URL ?? '' });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string; expire_seconds: number }>(`select name, expire_seconds from ${schema}.queue`);
      return Object.fromEntries(rows.map((r) => [r.name, r.expire_seconds]));
    } finally {
      await client.end();
    }
  }

  it('gives every queue, a task’s opening too, the expiry of this start, also the queues an earlier start made', async () => {
    const open = async (expireSeconds: number) =>
      (
        await PgBossQueue.open({ connectionString: POSTGRES_URL ?? '', schema, expireSeconds, maintenanceSeconds: 30 }, () => undefined)
      ).stop();
    await open(600);
    expect(await expiries()).toMatchObject({ 'open-task': 600, 'open-task-part': 600, 'export-part': 600, reminders: 600 });
    // A queue an earlier version made with its own hour now takes the ordinary expiry.
    const client = new pg.Client({ connectionString: POSTGRES_URL ?? '' });
    await client.connect();
    await client.query(`update ${schema}.queue set expire_seconds = 3600 where name = 'open-task'`);
    await client.end();
    await open(300);
    expect(await expiries()).toMatchObject({
      'open-task': 300,
      'open-task-part': 300,
      'open-task-finish': 300,
      'export-part': 300,
      reminders: 300,
    });
  }, 60_000);
});
