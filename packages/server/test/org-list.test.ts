/**
 * Organisations and accounts at region scale: a page at a time, scoped to the caller's part of the
 * tree and filtered in SQL. The region is the demo plus 260 units under 教育局, more than a default
 * page, with a name that holds LIKE's wildcards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Client, type TestApp, addUnits, startApp } from './harness.js';

const EXTRA = 260;

describe.each(BACKENDS)('organisation and account lists on %s', (backend) => {
  let t: TestApp;
  let admin: Client;
  let dept: Client;
  let educationId: string;
  let streetsId: string;

  beforeAll(async () => {
    t = await startApp(backend);
    const db = t.db.kysely;
    educationId = (await db.selectFrom('orgs').select('id').where('name', '=', '岳阳市岳阳楼区教育局').executeTakeFirstOrThrow()).id;
    streetsId = (await db.selectFrom('orgs').select('id').where('name', 'like', '%街道主管部门%').executeTakeFirstOrThrow()).id;
    const names = Array.from({ length: EXTRA }, (_, i) => (i === 3 ? '第100%_学校' : `第${String(i + 1).padStart(3, '0')}学校`));
    await addUnits(t.app.services, educationId, names, 2024);
    [admin, dept] = await Promise.all([t.client('admin'), t.client('bumen')]);
  });
  afterAll(async () => t?.close());

  it('pages the whole tree from its root, higher levels first, and pages neither skip nor repeat', async () => {
    const first = await admin.get('/api/orgs');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ limit: 200, offset: 0 });
    const total = first.body.total as number;
    expect(total).toBeGreaterThan(EXTRA + 4);
    expect(first.body.orgs).toHaveLength(200);
    expect(first.body.orgs[0].kind).toBe('finance');
    const kinds = first.body.orgs.map((o: { kind: string }) => o.kind);
    expect(kinds.indexOf('unit')).toBeGreaterThan(kinds.lastIndexOf('department'));
    const seen: string[] = [];
    for (let offset = 0; offset < total; offset += 97) {
      const page = await admin.get(`/api/orgs?limit=97&offset=${offset}`);
      expect(page.body.total).toBe(total);
      seen.push(...page.body.orgs.map((o: { id: string }) => o.id));
    }
    expect(new Set(seen).size).toBe(total);
  });

  it('lists a level of the tree, a kind, or names containing the text taken literally', async () => {
    const children = await admin.get(`/api/orgs?parentId=${educationId}&limit=1000`);
    expect(children.body.total).toBe(EXTRA + 1); // the demo's 示范小学 and the 260
    expect(children.body.orgs.every((o: { parentId: string }) => o.parentId === educationId)).toBe(true);
    const departments = await admin.get('/api/orgs?kind=department');
    expect(departments.body.orgs.map((o: { id: string }) => o.id).sort()).toEqual([educationId, streetsId].sort());
    const wild = await admin.get(`/api/orgs?q=${encodeURIComponent('100%_')}`);
    expect(wild.body.orgs.map((o: { name: string }) => o.name)).toEqual(['第100%_学校']);
    const none = await admin.get(`/api/orgs?q=${encodeURIComponent('%')}`);
    expect(none.body.total).toBe(1);
  });

  it('keeps a department reviewer to its own department', async () => {
    const mine = await dept.get('/api/orgs?limit=1000');
    const ids = mine.body.orgs.map((o: { id: string }) => o.id);
    expect(ids[0]).toBe(streetsId);
    expect(mine.body.orgs.every((o: { id: string; parentId: string }) => o.id === streetsId || o.parentId === streetsId)).toBe(true);
    expect((await dept.get(`/api/orgs?parentId=${educationId}`)).body.total).toBe(0);
    expect((await dept.get(`/api/orgs?q=${encodeURIComponent('学校')}`)).body.total).toBe(0);
  });

  it('pages accounts for the administrator and finds them by user name or person', async () => {
    const all = await admin.get('/api/users?limit=3');
    expect(all.body.users).toHaveLength(3);
    const usernames = all.body.users.map((u: { username: string }) => u.username);
    expect(usernames).toEqual([...usernames].sort());
    const more = await admin.get('/api/users?limit=3&offset=3');
    expect(more.body.users.map((u: { username: string }) => u.username).some((n: string) => usernames.includes(n))).toBe(false);
    const byPerson = await admin.get(`/api/users?q=${encodeURIComponent('刘填报')}`);
    expect(byPerson.body.users.map((u: { username: string }) => u.username)).toEqual(['tianbao']);
    const byRole = await admin.get('/api/users?role=dept_reviewer');
    expect(byRole.body.users.map((u: { username: string }) => u.username)).toEqual(['bumen']);
    expect((await admin.get('/api/users?limit=5000')).status).toBe(400);
  });
});
