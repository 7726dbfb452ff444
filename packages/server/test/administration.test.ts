import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type TestApp, startApp } from './harness.js';

/** A finance bureau's list: 50 units under 5 departments, a 填报人 each, and a 部门审核 per department. */
async function regionWorkbook(units = 50): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('单位和账号');
  sheet.addRow(['主管部门', '预算单位', '用户名', '姓名', '角色', '初始密码']);
  for (let d = 1; d <= 5; d++) sheet.addRow([`第${d}主管局`, '', `dept${d}`, `第${d}局 审核`, '部门审核', '']);
  for (let i = 1; i <= units; i++) {
    const d = ((i - 1) % 5) + 1;
    sheet.addRow([`第${d}主管局`, `第${d}局下属单位${i}`, `unit${i}`, `单位${i} 填报`, '填报人', i === 1 ? 'first-unit-password' : '']);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

const upload = (c: Client, bytes: Buffer, apply: boolean, name = '单位和账号.xlsx') =>
  c.request('POST', `/api/admin/region-import?filename=${encodeURIComponent(name)}&apply=${apply}`, bytes);

describe('administration', () => {
  let t: TestApp;
  let admin: Client;
  beforeAll(async () => {
    t = await startApp('sqlite');
    admin = await t.client('admin');
  });
  afterAll(async () => t?.close());

  it('imports a region’s units and accounts from a workbook: preview first, then apply, recorded', async () => {
    const bytes = await regionWorkbook();
    const preview = await upload(admin, bytes, false);
    expect(preview.status).toBe(200);
    expect(preview.body.applied).toBe(false);
    expect(preview.body.errors).toBe(0);
    expect(preview.body.orgs.filter((o: { status: string }) => o.status === '新建')).toHaveLength(55);
    expect(preview.body.accounts).toHaveLength(55);
    expect(preview.body.accounts.every((a: { password: string }) => a.password === '')).toBe(true);
    // Nothing made by the preview.
    expect((await admin.get('/api/users')).body.users.some((u: { username: string }) => u.username === 'unit1')).toBe(false);

    const applied = await upload(admin, bytes, true);
    expect(applied.body.applied).toBe(true);
    const first = applied.body.accounts.find((a: { username: string }) => a.username === 'unit1');
    expect(first.password).toBe('first-unit-password');
    const generated = applied.body.accounts.find((a: { username: string }) => a.username === 'unit2');
    expect(generated.password).toMatch(/^[A-Za-z0-9_-]{12}$/);

    const unit = new Client(t.app);
    const login = await unit.login('unit2', generated.password);
    expect(login.body.user).toMatchObject({ orgName: '第2局下属单位2', role: 'filler', mustChangePassword: true });
    const reviewer = new Client(t.app);
    expect(
      (await reviewer.login('dept3', applied.body.accounts.find((a: { username: string }) => a.username === 'dept3').password)).body.user,
    ).toMatchObject({
      orgName: '第3主管局',
      role: 'dept_reviewer',
    });

    // The same file again: every account is taken, nothing is made.
    const again = await upload(admin, bytes, true);
    expect(again.status).toBe(400);
    expect(again.body.error.message).toContain('有 55 行不能导入');
    const log = (await admin.get('/api/admin/log')).body.entries;
    expect(log[0]).toMatchObject({ actionLabel: '批量导入', by: '系统管理员', detail: { orgs: 55, accounts: 55 } });
    // The record cannot be rewritten, not even through the database.
    await expect(sql`update admin_log set target = 'x'`.execute(t.db.kysely)).rejects.toThrow(/append-only/);
    await expect(sql`delete from admin_log`.execute(t.db.kysely)).rejects.toThrow(/append-only/);
  });

  it('names each row it cannot import', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('x');
    sheet.addRow(['主管部门', '预算单位', '用户名', '姓名', '角色']);
    sheet.addRow(['某局', '某单位', 'tianbao', '重名', '填报人']);
    sheet.addRow(['某局', '', 'nounit', '缺单位', '填报人']);
    sheet.addRow(['某局', '某单位', 'boss', '错角色', '局长']);
    const preview = await upload(admin, Buffer.from(await book.xlsx.writeBuffer()), false, 'x.xlsx');
    expect(preview.body.errors).toBe(3);
    expect(preview.body.accounts.map((a: { message: string }) => a.message)).toEqual([
      '用户名“tianbao”已被使用',
      '角色“填报人”须写明主管部门和预算单位',
      expect.stringContaining('角色“局长”不认识'),
    ]);
    expect(preview.body.accounts[0].row).toMatch(/第 2 行|2/);
  });

  it('moves, refuses and removes organisations and accounts, recording each act', async () => {
    const orgs = (await admin.get('/api/orgs')).body.orgs as { id: string; name: string; kind: string }[];
    const unit = orgs.find((o) => o.name === '第1局下属单位1') as { id: string };
    const dept2 = orgs.find((o) => o.name === '第2主管局') as { id: string };
    const moved = await admin.patch(`/api/orgs/${unit.id}`, { parentId: dept2.id });
    expect(moved.body.parentId).toBe(dept2.id);
    const wrong = await admin.patch(`/api/orgs/${dept2.id}`, { parentId: unit.id });
    expect(wrong.status).toBe(400);

    const refused = await admin.request('DELETE', `/api/orgs/${unit.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('下还有1 个账号');
    const users = (await admin.get('/api/users')).body.users as { id: string; username: string }[];
    const account = users.find((u) => u.username === 'unit1') as { id: string };
    expect((await admin.request('DELETE', `/api/users/${account.id}`)).status).toBe(204);
    expect((await admin.get('/api/users')).body.users.some((u: { username: string }) => u.username === 'unit1')).toBe(false);
    expect((await new Client(t.app).login('unit1', 'first-unit-password')).status).toBe(401);
    expect((await admin.request('DELETE', `/api/orgs/${unit.id}`)).status).toBe(204);
    expect((await admin.get('/api/orgs')).body.orgs.some((o: { id: string }) => o.id === unit.id)).toBe(false);

    const me = (await admin.get('/api/auth/me')).body.user;
    expect((await admin.request('DELETE', `/api/users/${me.id}`)).status).toBe(409);
    const log = (await admin.get('/api/admin/log')).body.entries.map(
      (e: { actionLabel: string; target: string }) => `${e.actionLabel} ${e.target}`,
    );
    expect(log.slice(0, 3)).toEqual(['删除组织 组织 第1局下属单位1', '删除账号 账号 unit1', '修改组织 组织 第1局下属单位1']);
  });

  it('reads the same list saved as CSV', async () => {
    const csv = [
      '主管部门,预算单位,用户名,姓名,角色',
      '教育局,第一小学,xiaoxue1,第一小学 填报,填报人',
      '教育局,,jiaoyu,教育局 审核,部门审核',
    ].join('\r\n');
    const bytes = Buffer.from(new TextEncoder().encode(csv));
    const preview = await upload(admin, bytes, false, '名单.csv');
    expect(preview.status).toBe(200);
    expect(preview.body.errors).toBe(0);
    expect(preview.body.accounts.map((a: { username: string; org: string }) => `${a.username}@${a.org}`)).toEqual([
      'xiaoxue1@第一小学',
      'jiaoyu@教育局',
    ]);
  });

  it('lets a unit remove its unsubmitted draft, recorded, and start that year again', async () => {
    const head = await t.client('fuzeren');
    const me = (await head.get('/api/auth/me')).body.user;
    const made = await head.post('/api/packages', { orgId: me.orgId, year: 2031, from: 'blank' });
    expect(made.status).toBe(201);
    const stale = await head.request('DELETE', `/api/packages/${made.body.id}?version=${made.body.version + 1}`);
    expect(stale.status).toBe(409);
    expect((await head.request('DELETE', `/api/packages/${made.body.id}?version=${made.body.version}`)).status).toBe(204);
    expect((await head.get(`/api/packages/${made.body.id}`)).status).toBe(404);
    expect((await head.get('/api/packages?year=2031')).body.packages).toEqual([]);
    const again = await head.post('/api/packages', { orgId: me.orgId, year: 2031, from: 'blank' });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(made.body.id);
    const events = (await head.get(`/api/packages/${again.body.id}/history`)).body.events.map((e: { action: string }) => e.action);
    expect(events).toEqual(['create', 'delete', 'create']);

    // A submitted package is the department's to review: it cannot be removed.
    const dongting = await t.client('dongting');
    const submitted = (await dongting.get('/api/packages?year=2023')).body.packages.find(
      (p: { status: string }) => p.status === 'submitted',
    );
    const refused = await dongting.request('DELETE', `/api/packages/${submitted.id}?version=${submitted.version}`);
    expect(refused.status).toBe(409);
    // A reviewer may not remove a unit's draft.
    const reviewer = await t.client('bumen');
    expect((await reviewer.request('DELETE', `/api/packages/${again.body.id}?version=${again.body.version}`)).status).toBe(403);
  });

  it('disables an organisation: its accounts cannot log in, their sessions end, and enabling restores them', async () => {
    const orgs = (await admin.get('/api/orgs')).body.orgs as { id: string; name: string }[];
    const school = orgs.find((o) => o.name === '岳阳市岳阳楼区示范小学') as { id: string };
    const head = await t.client('xiaoxue');
    expect((await head.get('/api/packages')).status).toBe(200);
    const off = await admin.patch(`/api/orgs/${school.id}`, { disabled: true });
    expect(off.body.disabled).toBe(true);
    expect((await head.get('/api/packages')).body.packages.every((p: { status: string }) => p.status === 'published')).toBe(true);
    expect((await head.post('/api/packages', { orgId: school.id, year: 2032, from: 'blank' })).status).toBe(401);
    const refused = await new Client(t.app).login('xiaoxue');
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('您所在的组织已停用');
    await admin.patch(`/api/orgs/${school.id}`, { disabled: false });
    expect((await new Client(t.app).login('xiaoxue')).status).toBe(200);
    const root = orgs.find((o) => o.name === '岳阳市岳阳楼区财政局') as { id: string };
    expect((await admin.patch(`/api/orgs/${root.id}`, { disabled: true })).status).toBe(409);
  });

  it('keeps administration to administrators', async () => {
    const filler = await t.client('tianbao');
    expect((await filler.get('/api/admin/log')).status).toBe(403);
    expect((await upload(filler, await regionWorkbook(1), false)).status).toBe(403);
    const anonymous = new Client(t.app);
    expect((await anonymous.get('/api/admin/log')).status).toBe(401);
  });
});
