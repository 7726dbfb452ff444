/**
 * A province's deployment in small: three app processes (`jixiao serve` with JIXIAO_PROCESSES=3, one
 * port) and two `jixiao worker` processes on one PostgreSQL, 1,000 units' packages. Twenty clients save
 * and list through the processes; a batch export of every package as PDF is spread over both workers,
 * one of which is killed mid-job; the export still completes and its ZIP holds every file.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { openDatabase } from '../src/db/connect.js';
import { seedDemo } from '../src/demo.js';
import { hashPassword } from '../src/password.js';
import { POSTGRES_URL, addUnits, processDeployment, readZip, started } from './harness.js';

const START = join(import.meta.dirname, '../dist/start.js');
const CLI = join(import.meta.dirname, '../../cli/bin/jixiao.js');
const UNITS = 1000;
const CLIENTS = 20;
const PASSWORD = 'province-test-password';

/** VmRSS of a process, in MB (0 when it is gone). */
function rssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return Number(kb ?? 0) / 1024;
  } catch {
    return 0;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

class Session {
  cookie = '';
  csrf = '';
  constructor(private readonly url: string) {}

  async login(username: string): Promise<void> {
    const res = await fetch(`${this.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    this.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test reads whatever the service answers
  async call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any; ms: number }> {
    const at = performance.now();
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const type = res.headers.get('content-type') ?? '';
    const parsed = type.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer());
    return { status: res.status, body: parsed, ms: performance.now() - at };
  }
}

describe.skipIf(!POSTGRES_URL)('a province on PostgreSQL: 3 app processes, 2 workers, 1,000 units', () => {
  const { schema, env, remove } = processDeployment('province', {
    JIXIAO_WORKERS: '1',
    JIXIAO_DEMO: '0',
    JIXIAO_LOG: '0',
    // A killed worker's part is given out again after 15 s; pg-boss looks every 2 s.
    JIXIAO_JOB_EXPIRE_SECONDS: '15',
    JIXIAO_QUEUE_MAINTENANCE_SECONDS: '2',
    JIXIAO_RENDER_THREADS: '1',
    PORT: '0',
  });
  let server: ChildProcess | undefined;
  const workers: ChildProcess[] = [];
  let url = '';
  let departmentId = '';
  /** Two fillers per unit for the first ten units: pairs saving the same package meet in 409s. */
  const fillers: { username: string; packageId: string }[] = [];

  beforeAll(async () => {
    if (!POSTGRES_URL) return;
    // The region is built in this process, through the service's own code, before the processes start.
    const db = await openDatabase({ databaseUrl: POSTGRES_URL, pgSchema: schema });
    const app = await buildApp({ db, webRoot: null, workJobs: false });
    await app.ready();
    const s = app.services;
    await seedDemo(s, { mustChangePassword: false });
    const streets = await db.kysely.selectFrom('orgs').select('id').where('name', 'like', '%街道主管部门%').executeTakeFirstOrThrow();
    departmentId = streets.id;
    const units = await addUnits(
      s,
      departmentId,
      Array.from({ length: UNITS }, (_, i) => `测试市第${String(i + 1).padStart(4, '0')}街道办事处`),
      2023,
    );
    const at = new Date().toISOString();
    const hash = await hashPassword(PASSWORD);
    await db.kysely.updateTable('users').set({ password_hash: hash }).execute();
    for (const [i, unit] of units.slice(0, CLIENTS / 2).entries()) {
      for (const n of [1, 2]) {
        const username = `filler${i}_${n}`;
        await db.kysely
          .insertInto('users')
          .values({
            id: randomUUID(),
            username,
            display_name: username,
            role: 'filler',
            org_id: unit.orgId,
            password_hash: hash,
            disabled: 0,
            created_at: at,
            locked_until: null,
            deleted_at: null,
          })
          .execute();
        fillers.push({ username, packageId: unit.packageId });
      }
    }
    await app.close();
    await db.close();

    server = spawn(process.execPath, [START], { env: { ...env, JIXIAO_PROCESSES: '3' }, stdio: ['ignore', 'pipe', 'pipe'] });
    url = (await started(server, /http:\/\/127\.0\.0\.1:\d+/)).replace(/\/$/, '');
    for (let i = 0; i < 2; i++) {
      const worker = spawn(process.execPath, [CLI, 'worker'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      workers.push(worker);
      await started(worker, /后台任务进程已启动/);
    }
  }, 600_000);

  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    if (server?.pid) for (const pid of childrenOf(server.pid)) process.kill(pid, 'SIGKILL');
    server?.kill('SIGKILL');
    await remove();
  });

  it('runs three app processes on one port', () => {
    expect(childrenOf(server!.pid!)).toHaveLength(3);
  });

  it('loses no update when 20 clients save and list through the processes', async () => {
    const sessions = await Promise.all(
      fillers.map(async (f) => {
        const session = new Session(url);
        await session.login(f.username);
        return { ...f, session };
      }),
    );
    const saved = new Map<string, { version: number; phone: string }[]>();
    let conflicts = 0;
    await Promise.all(
      sessions.map(async ({ username, packageId, session }) => {
        for (let i = 0; i < 15; i++) {
          const list = await session.call('GET', '/api/packages?year=2023&limit=20');
          expect(list.status).toBe(200);
          expect(list.body.total).toBeGreaterThanOrEqual(1);
          const read = await session.call('GET', `/api/packages/${packageId}`);
          expect(read.status).toBe(200);
          const phone = `${username}-${i}`;
          const data = { ...read.body.data, signature: { ...read.body.data.signature, phone } };
          const save = await session.call('PUT', `/api/packages/${packageId}`, { version: read.body.version, data });
          if (save.status === 409) {
            conflicts++;
            continue;
          }
          expect(save.status).toBe(200);
          expect(save.body.version).toBe(read.body.version + 1);
          const list2 = saved.get(packageId) ?? [];
          list2.push({ version: save.body.version, phone });
          saved.set(packageId, list2);
        }
      }),
    );
    expect(conflicts).toBeGreaterThan(0);
    for (const [packageId, saves] of saved) {
      const versions = saves.map((x) => x.version).sort((a, b) => a - b);
      // Every acknowledged save made exactly one version, none overwrote another.
      expect(versions).toEqual(versions.map((_, i) => i + 2));
      const last = saves.find((x) => x.version === versions.at(-1))!;
      const now = await fillerRead(sessions, packageId);
      expect(now.version).toBe(last.version);
      expect(now.data.signature.phone).toBe(last.phone);
    }
  }, 300_000);

  it('exports 1,000 PDFs over both workers, survives a killed worker, with fast status polls and lean app processes', async () => {
    const reviewer = new Session(url);
    await reviewer.login('bumen');
    const started = await reviewer.call('POST', '/api/exports', { departmentId, year: 2023, format: 'pdf' });
    expect(started.status).toBe(202);
    const jobId = started.body.id as string;
    const polls: number[] = [];
    let maxRss = 0;
    let killed = false;
    let job = started.body;
    const appPids = childrenOf(server!.pid!);
    for (let i = 0; i < 6000 && job.status !== 'done' && job.status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const polled = await reviewer.call('GET', `/api/jobs/${jobId}`);
      expect(polled.status).toBe(200);
      polls.push(polled.ms);
      job = polled.body;
      if (i % 10 === 0) maxRss = Math.max(maxRss, ...appPids.map(rssMb), rssMb(server!.pid!));
      if (!killed && job.progress.done >= 150) {
        workers[0]!.kill('SIGKILL');
        killed = true;
      }
    }
    expect(killed).toBe(true);
    expect(job).toMatchObject({ status: 'done', error: null });
    expect(job.progress.total).toBeGreaterThanOrEqual(UNITS);

    // Both workers rendered parts: the killed one before it died, the other the rest (and the killed one's unfinished part).
    const db = new pg.Client({ connectionString: POSTGRES_URL! });
    await db.connect();
    const by = await db.query(`select distinct rendered_by from ${schema}.job_parts where job_id = $1`, [jobId]);
    await db.end();
    const pids = new Set(by.rows.map((r: { rendered_by: string }) => Number(r.rendered_by.split(':').at(-1))));
    expect(pids).toEqual(new Set(workers.map((w) => w.pid)));

    const sorted = [...polls].sort((a, b) => a - b);
    console.log(
      // Figures, not assertions (timings depend on the machine): the closing notes quote them.
      `状态查询 ${polls.length} 次：p50 ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms，p99 ${sorted[Math.floor(sorted.length * 0.99)]!.toFixed(1)} ms，最长 ${sorted.at(-1)!.toFixed(1)} ms；服务进程最大内存 ${maxRss.toFixed(0)} MB（负载 ${loadavg()[0]!.toFixed(2)}）`,
    );
    expect(maxRss).toBeLessThan(500);

    const download = await reviewer.call('GET', `/api/jobs/${jobId}/download`);
    expect(download.status).toBe(200);
    const zip = readZip(download.body as Buffer);
    expect(zip.size).toBe(job.progress.total);
    for (const bytes of zip.values()) expect(bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
    maxRss = Math.max(maxRss, ...appPids.map(rssMb));
    expect(maxRss).toBeLessThan(500);
  }, 900_000);
});

/** The package as one of its fillers reads it now. */
async function fillerRead(sessions: { packageId: string; session: Session }[], packageId: string) {
  const owner = sessions.find((s) => s.packageId === packageId)!;
  return (await owner.session.call('GET', `/api/packages/${packageId}`)).body;
}
