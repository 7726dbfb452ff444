import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/schema.js';
import { storedVersion } from '../src/history-store.js';
import { DEMO_PASSWORD } from './harness.js';

/** The built service (vitest.global-setup.ts builds it before the tests). */
const START = join(import.meta.dirname, '../dist/start.js');

/** Starts the built service on a SQLite file and resolves with its base URL once it listens. */
function startServer(dbFile: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [START], {
    env: { ...process.env, JIXIAO_DB: dbFile, PORT: '0', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (match) resolve({ child, url: match[0].replace(/\/$/, '') });
    });
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
}

const CHANGED_PASSWORD = 'changed-demo-password';

class Session {
  cookie = '';
  csrf = '';
  constructor(readonly url: string) {}

  /** Logs in with the demo password, changing it at the account's first login as the service requires. */
  async login(username: string): Promise<void> {
    const attempt = (password: string) =>
      fetch(`${this.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
    let res = await attempt(DEMO_PASSWORD);
    if (res.status === 401) res = await attempt(CHANGED_PASSWORD);
    const body = (await res.json()) as { csrfToken: string; user: { mustChangePassword: boolean } };
    this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    this.csrf = body.csrfToken;
    if (body.user.mustChangePassword) {
      const changed = await this.call('POST', '/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: CHANGED_PASSWORD });
      if (changed.status !== 200) throw new Error(`password change: ${JSON.stringify(changed.body)}`);
    }
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read whatever the service answers
  async call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: await res.json() };
  }
}

describe('SIGKILL during a stream of saves', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-kill-'));
  const dbFile = join(dir, 'kill.sqlite');
  let server: ChildProcess | undefined;
  afterAll(() => {
    server?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('loses no save that was acknowledged', async () => {
    const first = await startServer(dbFile);
    server = first.child;
    const fields = ['unitHead', 'filler', 'phone', 'date'] as const;
    // One after another: the first login of each account changes its demo password.
    const sessions: Session[] = [];
    for (let i = 0; i < fields.length; i++) {
      const s = new Session(first.url);
      await s.login(i % 2 ? 'tianbao' : 'fuzeren');
      sessions.push(s);
    }
    const list = await sessions[0]?.call('GET', '/api/packages?year=2023');
    const id = list?.body.packages.find((p: { status: string; orgName: string }) => p.status === 'draft' && p.orgName.includes('吕仙亭'))
      .id as string;
    const acked: { field: (typeof fields)[number]; value: string; version: number }[] = [];
    let killed = false;

    // Four writers, each counting its own field up and re-applying on 409, until the server dies.
    const writer = async (s: Session, field: (typeof fields)[number]) => {
      let pkg = (await s.call('GET', `/api/packages/${id}`)).body;
      for (let n = 1; ; n++) {
        for (;;) {
          const data = structuredClone(pkg.data);
          data.signature[field] = `${field}-${n}`;
          let res;
          try {
            res = await s.call('PUT', `/api/packages/${id}`, { version: pkg.version, data });
          } catch {
            return; // connection lost: the server was killed
          }
          if (res.status === 200) {
            if (killed) return;
            acked.push({ field, value: `${field}-${n}`, version: res.body.version });
            pkg = res.body;
            break;
          }
          expect(res.status).toBe(409);
          pkg = res.body.error.details.current;
        }
      }
    };
    const writers = fields.map((f, i) => writer(sessions[i] as Session, f));
    while (acked.length < 150) await new Promise((r) => setTimeout(r, 5));
    server.kill('SIGKILL');
    killed = true;
    await Promise.all(writers);
    const ackedCount = acked.length;
    expect(ackedCount).toBeGreaterThanOrEqual(150);

    // Every acknowledged save is in the database, as the version it was acknowledged as.
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(dbFile, { readonly: false }) }) });
    for (const a of acked) {
      const stored = (await storedVersion(db, id, a.version)) as { signature: Record<string, string> } | undefined;
      expect(stored?.signature[a.field], `version ${a.version}`).toBe(a.value);
    }
    await db.destroy();

    // And the restarted service serves the latest of them.
    const second = await startServer(dbFile);
    server = second.child;
    const s = new Session(second.url);
    await s.login('tianbao');
    const now = (await s.call('GET', `/api/packages/${id}`)).body;
    expect(now.version).toBeGreaterThanOrEqual(Math.max(...acked.map((a) => a.version)));
    for (const field of fields) {
      const last = acked.filter((a) => a.field === field).at(-1);
      if (last) expect(Number(now.data.signature[field].split('-')[1])).toBeGreaterThanOrEqual(Number(last.value.split('-')[1]));
    }
  });
});
