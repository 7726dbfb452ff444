import type { ChildProcess } from 'node:child_process';
import type { OutgoingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import SQLite from 'better-sqlite3';
import { type Insertable, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { type AppOptions, buildApp } from '../src/app.js';
import { type Db, openDatabase } from '../src/db/connect.js';
import { migrate } from '../src/db/migrations.js';
import { parsePackage, type Role } from '@jixiao/core';
import { readFileSync } from 'node:fs';
import type { Services } from '../src/context.js';
import type { Database } from '../src/db/schema.js';
import { DEMO_PASSWORD, SEED_FILE, seedDemo } from '../src/demo.js';
import { createPackage } from '../src/package-service.js';
import type { Caller } from '../src/policy.js';
import { pinnedToUnit } from '../src/routes/packages.js';

export { DEMO_PASSWORD };

/** PostgreSQL on 127.0.0.1:5432, database `test`, trust auth: the first user that connects. */
export async function findPostgres(): Promise<string | null> {
  for (const user of ['postgres', 'root']) {
    const url = `postgres://${user}@127.0.0.1:5432/test`;
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('select 1');
      return url;
    } catch {
      // try the next user
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  return null;
}

export const POSTGRES_URL = await findPostgres();
if (!POSTGRES_URL) console.warn('PostgreSQL 不可用（127.0.0.1:5432，数据库 test，trust 认证）：跳过 PostgreSQL 上的测试。');

/**
 * What a test's own service processes (app, worker) run on: a schema and a queue schema of their own in
 * the test database, a files folder of its own, `settings` on top; `remove()` drops them afterwards.
 */
export function processDeployment(name: string, settings: Record<string, string>) {
  const schema = `t_${randomUUID().replaceAll('-', '')}`;
  const files = mkdtempSync(join(tmpdir(), `jixiao-${name}-`));
  const env = {
    ...process.env,
    DATABASE_URL: POSTGRES_URL ?? '',
    JIXIAO_PG_SCHEMA: schema,
    JIXIAO_QUEUE_SCHEMA: `${schema}_q`,
    JIXIAO_FILES_DIR: files,
    ...settings,
  };
  async function remove() {
    rmSync(files, { recursive: true, force: true });
    if (!POSTGRES_URL) return;
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.query(`drop schema if exists ${schema}_q cascade`);
    await client.end();
  }
  return { schema, env, remove };
}

export type BackendName = 'sqlite' | 'postgres';
export const BACKENDS: BackendName[] = POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDb {
  db: Db;
  /** Closes the database and removes the test's file or schema. */
  cleanup(): Promise<void>;
}

/** A fresh, empty database of the given kind: a temporary SQLite file, or a new PostgreSQL schema. */
export async function freshDb(kind: BackendName): Promise<TestDb> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-test-'));
    const db = await openDatabase({ sqliteFile: join(dir, 'test.sqlite') });
    return { db, cleanup: async () => (await db.close(), rmSync(dir, { recursive: true, force: true })) };
  }
  const url = POSTGRES_URL as string;
  const schema = `t_${randomUUID().replaceAll('-', '')}`;
  const db = await openDatabase({ databaseUrl: url, pgSchema: schema });
  return {
    db,
    cleanup: async () => {
      await db.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema ${schema} cascade`);
      await client.end();
    },
  };
}

/** A database of the given kind, empty (not migrated: for tests of a migration), with its clean-up. */
export async function emptyDb(backend: 'sqlite' | 'postgres') {
  if (backend === 'sqlite') {
    const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
    return { kysely, cleanup: () => kysely.destroy() };
  }
  const schema = `t_${randomUUID().replaceAll('-', '')}`;
  const setup = new pg.Client({ connectionString: POSTGRES_URL as string });
  await setup.connect();
  await setup.query(`create schema ${schema}`);
  const pool = new pg.Pool({ connectionString: POSTGRES_URL as string, max: 2, options: `-c search_path=${schema}` });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kysely,
    cleanup: async () => {
      await kysely.destroy();
      await setup.query(`drop schema ${schema} cascade`);
      await setup.end();
    },
  };
}

/**
 * A database migrated only up to `upTo`, holding one unit 'o' and its user 'u' of `role`, created at
 * `at`: what a migration's own test starts from. `user` gives the columns its users table has by then
 * beyond the first ones.
 */
export async function partlyMigrated(
  backend: 'sqlite' | 'postgres',
  upTo: string,
  { role, at, user = {} }: { role: Role; at: string; user?: Partial<Insertable<Database['users']>> },
) {
  const db = await emptyDb(backend);
  await migrate(db.kysely as Kysely<unknown>, backend, upTo);
  await db.kysely
    .insertInto('orgs')
    .values({ id: 'o', name: '单位', kind: 'unit', parent_id: null, created_at: at, deleted_at: null })
    .execute();
  const first = { id: 'u', username: 'u', display_name: '用户', role, org_id: 'o', password_hash: 'x', disabled: 0, created_at: at };
  await db.kysely
    .insertInto('users')
    .values({ ...first, locked_until: null, deleted_at: null, ...user } as Insertable<Database['users']>)
    .execute();
  return db;
}

export interface Response {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON of many shapes
  headers: OutgoingHttpHeaders;
  raw: Buffer;
}

/** A browser-like client: keeps the session cookie and sends the CSRF token on writes. */
export class Client {
  cookie: string | null = null;
  csrf: string | null = null;

  constructor(private readonly app: FastifyInstance) {}

  async login(username: string, password = DEMO_PASSWORD): Promise<Response> {
    const res = await this.request('POST', '/api/auth/login', { username, password });
    const setCookie = res.headers['set-cookie'];
    const first = Array.isArray(setCookie) ? setCookie[0] : setCookie;
    if (res.status === 200 && first) {
      this.cookie = first.split(';')[0] ?? null;
      this.csrf = res.body.csrfToken;
    }
    return res;
  }

  async request(method: string, url: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<Response> {
    const headers: Record<string, string> = { ...extraHeaders };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    const isBuffer = Buffer.isBuffer(body);
    if (body !== undefined && !isBuffer) headers['content-type'] = 'application/json';
    if (isBuffer) headers['content-type'] = 'application/octet-stream';
    const res = await this.app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(body === undefined ? {} : { payload: isBuffer ? body : JSON.stringify(body) }),
    });
    const type = String(res.headers['content-type'] ?? '');
    return {
      status: res.statusCode,
      body: type.includes('application/json') && res.body ? JSON.parse(res.body) : res.body,
      headers: res.headers,
      raw: res.rawPayload,
    };
  }

  get = (url: string) => this.request('GET', url);
  post = (url: string, body?: unknown) => this.request('POST', url, body ?? {});
  put = (url: string, body: unknown) => this.request('PUT', url, body);
  patch = (url: string, body: unknown) => this.request('PATCH', url, body);
}

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  close(): Promise<void>;
  client(username?: string): Promise<Client>;
}

/** The service on a fresh database with the demo region. */
export async function startApp(kind: BackendName, options: Partial<Omit<AppOptions, 'db'>> = {}): Promise<TestApp> {
  const { db, cleanup } = await freshDb(kind);
  const app = await buildApp({ db, webRoot: null, ...options });
  await app.ready();
  await seedDemo(app.services, { mustChangePassword: false });
  return {
    app,
    db,
    close: async () => {
      await app.close();
      await cleanup();
    },
    client: async (username?: string) => {
      const client = new Client(app);
      if (username) {
        const res = await client.login(username);
        if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      }
      return client;
    },
  };
}

/** Files of a ZIP archive (stored or deflated), read from its central directory. */
export function readZip(zip: Buffer): Map<string, Buffer> {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataStart, dataStart + size);
    files.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

/** Polls a background job until it is done or failed (up to a minute). */
export async function untilFinished(client: Client, jobId: string) {
  let job = (await client.get(`/api/jobs/${jobId}`)).body;
  for (let i = 0; i < 1200 && job.status !== 'done' && job.status !== 'failed'; i++) {
    await new Promise((r) => setTimeout(r, 50));
    job = (await client.get(`/api/jobs/${jobId}`)).body;
  }
  return job;
}

/**
 * Adds units under `parentId` through the service's own code, each with a draft of the seed package
 * for `year` (renamed to the unit), created by the demo's finance reviewer. Returns the units' and
 * packages' ids, in the order of `names`.
 */
export async function addUnits(
  s: Services,
  parentId: string,
  names: readonly string[],
  year: number,
): Promise<{ orgId: string; packageId: string }[]> {
  const db = s.db.kysely;
  const finance = await db.selectFrom('users').select(['id', 'org_id']).where('username', '=', 'caizheng').executeTakeFirstOrThrow();
  const caller: Caller = {
    userId: finance.id,
    username: 'caizheng',
    displayName: '',
    role: 'finance_reviewer',
    orgId: finance.org_id,
    csrfToken: '',
    mustChangePassword: false,
  };
  const parsed = parsePackage(JSON.parse(readFileSync(SEED_FILE, 'utf8')));
  if (!parsed.ok) throw new Error('the seed package is invalid');
  const at = new Date().toISOString();
  const units = names.map((name) => ({
    id: randomUUID(),
    name,
    kind: 'unit' as const,
    parent_id: parentId,
    created_at: at,
    deleted_at: null,
  }));
  for (let i = 0; i < units.length; i += 200)
    await db
      .insertInto('orgs')
      .values(units.slice(i, i + 200))
      .execute();
  await s.tree.changed();
  const added = [];
  for (const unit of units) {
    const row = await createPackage(s, caller, unit.id, year, pinnedToUnit(s, parsed.package, unit.id, year), 'create');
    added.push({ orgId: unit.id, packageId: row.id });
  }
  return added;
}

/** Resolves with what a child process printed that matches `pattern` (its address, "started"); rejects if it exits first. */
export function started(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const look = (chunk: Buffer) => {
      out += chunk.toString();
      const match = pattern.exec(out);
      if (match) resolve(match[0]);
    };
    child.stdout?.on('data', look);
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`exited (${code}): ${out}`)));
  });
}

/** An SMTP server on a free port that keeps what it receives (or refuses all while `refusing()` says so). */
export interface SmtpSink {
  url: string;
  received: { to: string[]; text: string }[];
  close(): Promise<void>;
}

export async function startSmtpSink(refusing: () => boolean = () => false): Promise<SmtpSink> {
  const received: SmtpSink['received'] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refusing()) return done(Object.assign(new Error('暂时无法投递'), { responseCode: 451 }));
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), text: Buffer.concat(chunks).toString('utf8') });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise<void>((resolve) => server.close(resolve)) };
}
