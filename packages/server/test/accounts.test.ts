import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type TestApp, startApp } from './harness.js';

describe('organisations, accounts and sessions', () => {
  let t: TestApp;
  let admin: Client;
  const orgIds = new Map<string, string>();

  beforeAll(async () => {
    t = await startApp('sqlite');
    admin = await t.client('admin');
    for (const o of (await admin.get('/api/orgs')).body.orgs) orgIds.set(o.name, o.id);
  });
  afterAll(async () => t?.close());

  it('builds the tree 财政局 → 主管部门 → 预算单位 and refuses a level out of place', async () => {
    const finance = orgIds.get('岳阳市岳阳楼区财政局') as string;
    const dept = await admin.post('/api/orgs', { name: '岳阳市岳阳楼区卫生健康局', kind: 'department', parentId: finance });
    expect(dept.status).toBe(201);
    expect(dept.body).toMatchObject({ kind: 'department', kindLabel: '主管部门', parentId: finance });
    const unit = await admin.post('/api/orgs', { name: '岳阳楼区人民医院', kind: 'unit', parentId: dept.body.id });
    expect(unit.status).toBe(201);
    const wrong = await admin.post('/api/orgs', { name: '错层单位', kind: 'unit', parentId: finance });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toContain('主管部门');
    orgIds.set('医院', unit.body.id);
    orgIds.set('卫健局', dept.body.id);
  });

  it('creates an account that logs in and sees exactly its own organisation’s packages', async () => {
    const created = await admin.post('/api/users', {
      username: 'weijian',
      displayName: '卫健局 审核',
      password: 'weijian-2024',
      role: 'dept_reviewer',
      orgId: orgIds.get('卫健局'),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ role: 'dept_reviewer', roleLabel: '部门审核', orgName: '岳阳市岳阳楼区卫生健康局' });
    const duplicate = await admin.post('/api/users', {
      username: 'weijian',
      displayName: 'x',
      password: 'weijian-2024',
      role: 'dept_reviewer',
      orgId: orgIds.get('卫健局'),
    });
    expect(duplicate.body.error.code).toBe('DUPLICATE');
    const misplaced = await admin.post('/api/users', {
      username: 'misplaced',
      displayName: 'x',
      password: 'password-1',
      role: 'filler',
      orgId: orgIds.get('卫健局'),
    });
    expect(misplaced.status).toBe(400);

    const reviewer = new Client(t.app);
    expect((await reviewer.login('weijian', 'weijian-2024')).status).toBe(200);
    // The administrator chose that password: its user replaces it first.
    expect((await reviewer.post('/api/auth/password', { currentPassword: 'weijian-2024', newPassword: 'weijian-own' })).status).toBe(200);
    const visible = (await reviewer.get('/api/packages')).body.packages;
    // Only the published package of another department is visible; no draft of anyone else's.
    expect(visible.every((p: { status: string }) => p.status === 'published')).toBe(true);
    expect((await reviewer.get('/api/orgs')).body.orgs.map((o: { name: string }) => o.name).sort()).toEqual(
      ['岳阳市岳阳楼区卫生健康局', '岳阳楼区人民医院'].sort(),
    );
  });

  it('ends the sessions of a disabled account and refuses its login', async () => {
    const reviewer = new Client(t.app);
    await reviewer.login('weijian', 'weijian-own');
    const id = (await reviewer.get('/api/auth/me')).body.user.id;
    expect((await admin.patch(`/api/users/${id}`, { disabled: true })).body.disabled).toBe(true);
    expect((await reviewer.get('/api/auth/me')).status).toBe(401);
    expect((await new Client(t.app).login('weijian', 'weijian-own')).status).toBe(401);
  });

  it('logs out: the session cookie no longer works', async () => {
    const filler = await t.client('tianbao');
    expect((await filler.get('/api/auth/me')).status).toBe(200);
    expect((await filler.post('/api/auth/logout')).status).toBe(204);
    expect((await filler.get('/api/auth/me')).status).toBe(401);
  });

  it('never stores a password or a session token in clear', async () => {
    const users = await t.db.kysely.selectFrom('users').select('password_hash').execute();
    expect(users.every((u) => u.password_hash.startsWith('scrypt$') && !u.password_hash.includes('jixiao-demo'))).toBe(true);
    const filler = await t.client('tianbao');
    const token = decodeURIComponent((filler.cookie ?? '').split('=')[1] ?? '');
    const sessions = await t.db.kysely.selectFrom('sessions').select('id').execute();
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions.some((s) => s.id === token)).toBe(false);
  });
});
