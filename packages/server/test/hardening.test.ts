import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { openDatabase } from '../src/db/connect.js';
import { DEMO_PASSWORD, seedDemo } from '../src/demo.js';
import { Client, type TestApp, startApp } from './harness.js';

const login = (t: TestApp, username: string, password: string, ip: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip });

describe('the service’s edges', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp('sqlite');
  });
  afterAll(async () => t?.close());

  it('sends the security headers on the API and on the web app', async () => {
    for (const url of ['/api/health', '/', '/api/nothing']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.headers['content-security-policy'], url).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('answers the framework’s own refusals in Chinese, in the documented shape', async () => {
    const cases = [
      { method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username": ' },
      { method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'text/plain' }, payload: 'x' },
      { method: 'GET', url: '/api/packages/%E0%A4%A', headers: {}, payload: undefined },
    ] as const;
    for (const c of cases) {
      const res = await t.app.inject({ method: c.method, url: c.url, headers: c.headers, ...(c.payload ? { payload: c.payload } : {}) });
      expect(res.statusCode, c.url).toBe(400);
      const body = JSON.parse(res.body);
      expect(body.error.code).toBe('BAD_REQUEST');
      // Chinese, and none of the framework's English or codes.
      expect(body.error.message).toMatch(/[\u4e00-\u9fff]/);
      expect(body.error.message).not.toMatch(/FST_|Body|Unsupported|JSON but/);
    }
  });

  it('tells an upload with no file in it how to send one, on every route that takes a file', async () => {
    const as = async (username: string) => {
      const client = new Client(t.app);
      await client.login(username);
      return client;
    };
    const uploads = [
      { client: await as('tianbao'), url: '/api/import?filename=a.docx', what: '文件内容' },
      { client: await as('caizheng'), url: '/api/audits?filename=a.zip', what: 'ZIP 文件内容' },
      { client: await as('admin'), url: '/api/admin/region-import?filename=a.csv&apply=false', what: '单位和账号表' },
    ];
    for (const { client, url, what } of uploads) {
      const res = await client.request('POST', url, Buffer.alloc(0));
      expect(res.status, url).toBe(400);
      expect(res.body.error.message, url).toMatch(/^请以 application\/octet-stream 上传/);
      expect(res.body.error.message, url).toContain(what);
    }
  });

  it('refuses an address that sprays passwords over many user names, and still lets others log in', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 300; i++) statuses.push((await login(t, `guess${i}`, 'password1', '203.0.113.9')).statusCode);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses.filter((s) => s === 429).length).toBe(270);
    const refused = await login(t, 'caizheng', DEMO_PASSWORD, '203.0.113.9');
    expect(JSON.parse(refused.body).error.message).toContain('此网络地址登录失败次数过多');
    expect((await login(t, 'caizheng', DEMO_PASSWORD, '198.51.100.7')).statusCode).toBe(200);
  });

  it('locks an account tried from many addresses, and tells its user at the next login', async () => {
    for (let i = 0; i < 3; i++) expect((await login(t, 'xiaoxue', 'wrong-guess', `192.0.2.${i + 1}`)).statusCode).toBe(401);
    const ok = await login(t, 'xiaoxue', DEMO_PASSWORD, '192.0.2.200');
    expect(ok.statusCode).toBe(200);
    expect(JSON.parse(ok.body).notice).toContain('3 次失败的登录尝试');
    // Told once.
    expect(JSON.parse((await login(t, 'xiaoxue', DEMO_PASSWORD, '192.0.2.200')).body).notice).toBeUndefined();

    for (let i = 0; i < 5; i++) expect((await login(t, 'nanhu', 'wrong-guess', `192.0.2.${i + 10}`)).statusCode).toBe(401);
    const locked = await login(t, 'nanhu', DEMO_PASSWORD, '192.0.2.99');
    expect(locked.statusCode).toBe(429);
    expect(JSON.parse(locked.body).error.message).toMatch(/该账号连续登录失败次数过多，已暂时锁定，请 1 分钟后再试/);
    // An unknown name is answered alike, so the answers do not tell which names exist.
    for (let i = 0; i < 5; i++) expect((await login(t, 'nobody-here', 'wrong-guess', `192.0.2.${i + 30}`)).statusCode).toBe(401);
    expect((await login(t, 'nobody-here', 'wrong-guess', '192.0.2.99')).statusCode).toBe(429);
  });

  it('counts requests by route for Prometheus, answers the probes, and tags every answer with a request id', async () => {
    const anonymous = new Client(t.app);
    const list = await anonymous.get('/api/packages');
    expect(list.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    await anonymous.get(`/api/packages/${list.body.packages[0].id}`);
    expect((await t.app.inject({ url: '/api/health/live' })).statusCode).toBe(200);
    const ready = await t.app.inject({ url: '/api/health/ready' });
    expect(JSON.parse(ready.body)).toMatchObject({ ok: true, database: 'sqlite' });
    const metrics = await t.app.inject({ url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.body).toMatch(/jixiao_http_requests_total\{method="GET",route="\/api\/packages\/:id",status="200"\} 1/);
    expect(metrics.body).toMatch(/jixiao_http_request_duration_seconds_count\{route="\/api\/packages"\} \d+/);
    expect(metrics.body).toMatch(/jixiao_jobs\{status="queued"\} 0/);
    expect(metrics.body).toMatch(/jixiao_import_pool_threads \d+/);
    expect(metrics.body).toMatch(/jixiao_event_loop_delay_seconds\{quantile="0.99"\} [\d.]+/);
    // Not for the world.
    expect((await t.app.inject({ url: '/metrics', remoteAddress: '203.0.113.80' })).statusCode).toBe(404);
  });

  it('keeps the last administrator', async () => {
    const admin = await t.client('admin');
    const me = (await admin.get('/api/auth/me')).body.user;
    for (const change of [{ role: 'finance_reviewer' }, { disabled: true }]) {
      const res = await admin.patch(`/api/users/${me.id}`, change);
      expect(res.status).toBe(409);
      expect(res.body.error.message).toContain('最后一个可用的管理员账号');
    }
    const second = await admin.post('/api/users', {
      username: 'admin2',
      displayName: '第二管理员',
      password: 'admin2-password',
      role: 'admin',
      orgId: me.orgId,
    });
    expect(second.status).toBe(201);
    expect((await admin.patch(`/api/users/${second.body.id}`, { disabled: true })).status).toBe(200);
    expect((await admin.patch(`/api/users/${me.id}`, { role: 'finance_reviewer' })).status).toBe(409);
  });

  it('shows the public no account ids or staff names', async () => {
    const anonymous = new Client(t.app);
    const list = await anonymous.get('/api/packages');
    expect(list.body.packages.length).toBeGreaterThan(0);
    const users = (await (await t.client('admin')).get('/api/users')).body.users as { id: string; displayName: string }[];
    const detail = await anonymous.get(`/api/packages/${list.body.packages[0].id}`);
    for (const text of [JSON.stringify(list.body), JSON.stringify({ ...detail.body, data: null })]) {
      for (const u of users) {
        expect(text).not.toContain(u.id);
        expect(text).not.toContain(u.displayName);
      }
    }
    // The working side still sees who saved last.
    const reviewer = await t.client('caizheng');
    const seen = (await reviewer.get('/api/packages')).body.packages[0];
    expect(seen.updatedByName).not.toBe('');
  });
});

describe('deployment settings', () => {
  it('makes the SQLite file readable by its owner only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-perm-'));
    const db = await openDatabase({ sqliteFile: join(dir, 'data', 'j.sqlite') });
    try {
      expect(statSync(join(dir, 'data', 'j.sqlite')).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, 'data')).mode & 0o077).toBe(0);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('marks the session cookie Secure behind a TLS proxy it is told to trust', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-proxy-'));
    const db = await openDatabase({ sqliteFile: join(dir, 'j.sqlite') });
    const app = await buildApp({ db, webRoot: null, trustProxy: true });
    await app.ready();
    await seedDemo(app.services, { mustChangePassword: false });
    try {
      const viaProxy = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.50' },
        payload: { username: 'tianbao', password: DEMO_PASSWORD },
      });
      expect(String(viaProxy.headers['set-cookie'])).toMatch(/;\s*Secure/i);
      const plain = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'tianbao', password: DEMO_PASSWORD } });
      expect(String(plain.headers['set-cookie'])).not.toMatch(/;\s*Secure/i);
    } finally {
      await app.close();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** The built service and command (vitest.global-setup.ts builds them before the tests). */
const START = join(import.meta.dirname, '../dist/start.js');
const JIXIAO = join(import.meta.dirname, '../../cli/bin/jixiao.js');

function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; out: () => string }> {
  const child = spawn(process.execPath, [START], {
    env: { ...process.env, PORT: '0', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
      // Resolved once the start has printed everything (its last line names what to do next).
      if (match && /演示模式|尚无管理员|数据库：/.test(out)) setTimeout(() => resolve({ child, url: match[0], out: () => out }), 200);
    });
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function jixiao(args: string[], env: Record<string, string>, input: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [JIXIAO, ...args], {
    env: { ...process.env, DATABASE_URL: '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdin.end(input);
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr })));
}

const postJson = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('a deployment’s first start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-first-'));
  const env = { JIXIAO_DB: join(dir, 'region.sqlite'), NODE_ENV: 'production' };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has no demo and no default password; the first administrator is made by the command', async () => {
    let server = await startServer(env);
    try {
      expect(server.out()).toContain('尚无管理员账号');
      expect(server.out()).not.toContain('演示');
      const list = (await (await fetch(`${server.url}/api/packages`)).json()) as { packages: unknown[] };
      expect(list.packages).toEqual([]);
      for (const username of ['admin', 'caizheng', 'tianbao']) {
        expect((await postJson(`${server.url}/api/auth/login`, { username, password: DEMO_PASSWORD })).status).toBe(401);
      }
    } finally {
      await stop(server.child);
    }

    const refused = await jixiao(['admin', 'create', '--username', 'zhang', '--name', '张管理'], env, 'a-long-password\n');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('请用 --org 给出本地区财政局的名称');
    const made = await jixiao(
      ['admin', 'create', '--username', 'zhang', '--name', '张管理', '--org', '某市某区财政局'],
      env,
      'a-long-password\n',
    );
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(made.stdout).toContain('已创建管理员 zhang（某市某区财政局）');

    server = await startServer(env);
    try {
      expect(server.out()).not.toContain('尚无管理员账号');
      const res = await postJson(`${server.url}/api/auth/login`, { username: 'zhang', password: 'a-long-password' });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { user: { role: string; orgName: string; mustChangePassword: boolean } };
      expect(body.user).toMatchObject({ role: 'admin', orgName: '某市某区财政局', mustChangePassword: false });
    } finally {
      await stop(server.child);
    }
  });

  it('says loudly that npm start made a demo', async () => {
    const server = await startServer({ JIXIAO_DB: join(dir, 'demo.sqlite'), NODE_ENV: '' });
    try {
      expect(server.out()).toContain('演示模式');
      expect(server.out()).toContain('正式部署请用 jixiao serve');
    } finally {
      await stop(server.child);
    }
  });
});

describe('passwords someone else chose', () => {
  it('must be changed at first login before anything else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-change-'));
    const db = await openDatabase({ sqliteFile: join(dir, 'j.sqlite') });
    const app = await buildApp({ db, webRoot: null });
    await app.ready();
    await seedDemo(app.services);
    try {
      const filler = new Client(app);
      const res = await filler.login('tianbao');
      expect(res.body.user.mustChangePassword).toBe(true);
      const blocked = await filler.get('/api/packages');
      expect(blocked.status).toBe(403);
      expect(blocked.body.error).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED' });
      expect((await filler.post('/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: DEMO_PASSWORD })).status).toBe(400);
      expect(
        (await filler.post('/api/auth/password', { currentPassword: 'not-it', newPassword: 'tianbao-2024!' })).body.error.message,
      ).toBe('当前密码不正确。');
      const changed = await filler.post('/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'tianbao-2024!' });
      expect(changed.status).toBe(200);
      expect(changed.body.user.mustChangePassword).toBe(false);
      expect((await filler.get('/api/packages')).status).toBe(200);
      // The demo password no longer opens the account.
      expect((await new Client(app).login('tianbao')).status).toBe(401);

      // An account an administrator made, or whose password it reset, starts the same way.
      const admin = new Client(app);
      await admin.login('admin');
      await admin.post('/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'admin-password-2' });
      const me = (await admin.get('/api/auth/me')).body.user;
      const made = await admin.post('/api/users', {
        username: 'newcomer',
        displayName: '新同事',
        password: 'first-password',
        role: 'finance_reviewer',
        orgId: me.orgId,
      });
      const newcomer = new Client(app);
      expect((await newcomer.login('newcomer', 'first-password')).body.user.mustChangePassword).toBe(true);
      expect((await newcomer.get('/api/packages')).status).toBe(403);
      await newcomer.post('/api/auth/password', { currentPassword: 'first-password', newPassword: 'my-own-password' });
      expect((await newcomer.get('/api/packages')).status).toBe(200);
      await admin.patch(`/api/users/${made.body.id}`, { password: 'reset-password' });
      expect((await new Client(app).login('newcomer', 'reset-password')).body.user.mustChangePassword).toBe(true);
    } finally {
      await app.close();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
