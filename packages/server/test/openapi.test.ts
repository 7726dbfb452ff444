import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Package, syntheticPackage } from '@jixiao/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, startApp } from './harness.js';

const SEED: Package = JSON.parse(readFileSync(join(import.meta.dirname, '../../../examples/lvxianting-2023.json'), 'utf8'));
const SUMMARY_KEYS = [
  'id',
  'orgId',
  'orgName',
  'departmentId',
  'departmentName',
  'year',
  'status',
  'statusLabel',
  'version',
  'updatedAt',
  'updatedBy',
  'updatedByName',
];
const DETAIL_KEYS = [...SUMMARY_KEYS, 'data', 'editable', 'lastReturn', 'actions'];
const USER_KEYS = ['id', 'username', 'displayName', 'role', 'roleLabel', 'orgId', 'orgName', 'disabled', 'mustChangePassword', 'email'];
const sorted = (value: object) => Object.keys(value).sort();

describe('response schemas: the OpenAPI description and what the routes send', () => {
  let t: TestApp;
  let filler: Client;
  let head: Client;
  let dept: Client;
  let id: string;

  beforeAll(async () => {
    t = await startApp('sqlite');
    [filler, head, dept] = await Promise.all([t.client('tianbao'), t.client('fuzeren'), t.client('bumen')]);
    id = (await filler.get('/api/packages?year=2023')).body.packages.find((p: { status: string }) => p.status === 'draft').id;
  });
  afterAll(async () => t?.close());

  it('declares the response shapes of the main routes, with the package content open', async () => {
    const doc = (await filler.get('/api/docs/json')).body;
    const routes: [string, string, string][] = [
      ['/api/auth/login', 'post', '200'],
      ['/api/auth/me', 'get', '200'],
      ['/api/packages', 'get', '200'],
      ['/api/packages', 'post', '201'],
      ['/api/packages/{id}', 'get', '200'],
      ['/api/packages/{id}', 'put', '200'],
      ['/api/packages/{id}/submit', 'post', '200'],
      ['/api/packages/{id}/review', 'post', '200'],
      ['/api/packages/{id}/publish', 'post', '200'],
      ['/api/packages/{id}/reopen', 'post', '200'],
      ['/api/packages/{id}/history', 'get', '200'],
      ['/api/packages/{id}/versions/{version}', 'get', '200'],
      ['/api/packages/{id}/versions/{version}/restore', 'post', '200'],
      ['/api/orgs', 'get', '200'],
      ['/api/orgs', 'post', '201'],
      ['/api/users', 'get', '200'],
      ['/api/users/{id}', 'patch', '200'],
      ['/api/exports', 'post', '202'],
      ['/api/jobs/{id}', 'get', '200'],
      ['/api/import', 'post', '200'],
    ];
    for (const [path, method, status] of routes) {
      const responses = doc.paths[path]?.[method]?.responses;
      expect(responses?.[status]?.content?.['application/json']?.schema, `${method} ${path}`).toBeDefined();
      expect(responses?.['4XX']?.content?.['application/json']?.schema, `${method} ${path} errors`).toEqual({
        $ref: '#/components/schemas/ApiError',
      });
    }
    const schemas = doc.components.schemas;
    expect(sorted(schemas.PackageDetail.properties)).toEqual([...DETAIL_KEYS].sort());
    expect(schemas.PackageDetail.properties.data).toMatchObject({ type: 'object', additionalProperties: true });
    expect(schemas.ApiError.properties.error.properties.details).toMatchObject({ type: 'object', additionalProperties: true });
    expect(sorted(schemas.User.properties)).toEqual([...USER_KEYS].sort());
    for (const path of ['/api/packages/{id}/export', '/api/jobs/{id}/download', '/api/packages/{id}/check']) {
      expect(doc.paths[path].get.responses['4XX'], path).toBeDefined();
    }
  });

  it('sends every field of organisations, accounts and jobs', async () => {
    const admin = await t.client('admin');
    const orgs = (await admin.get('/api/orgs')).body.orgs;
    expect(orgs.length).toBeGreaterThan(3);
    for (const o of orgs) expect(sorted(o)).toEqual(['disabled', 'id', 'kind', 'kindLabel', 'name', 'parentId']);
    expect(orgs.filter((o: { parentId: string | null }) => o.parentId === null)).toHaveLength(1);
    const users = (await admin.get('/api/users')).body.users;
    for (const u of users) expect(sorted(u)).toEqual([...USER_KEYS].sort());
    const job = await dept.post('/api/exports', {
      departmentId: (await dept.get('/api/auth/me')).body.user.orgId,
      year: 2023,
      format: 'json',
    });
    expect(job.status).toBe(202);
    expect(job.body).toEqual({
      id: expect.any(String),
      kind: 'export_zip',
      status: 'queued',
      progress: { done: 0, total: 0 },
      error: null,
      createdAt: expect.any(String),
    });
  });

  it('sends every field of login, me, list and detail', async () => {
    const login = await new (filler.constructor as typeof Client)(t.app).login('tianbao');
    expect(sorted(login.body)).toEqual(['csrfToken', 'user']);
    expect(sorted(login.body.user)).toEqual([...USER_KEYS].sort());
    const me = await filler.get('/api/auth/me');
    expect(me.body.user).toEqual(login.body.user);
    expect(me.body.csrfToken).toBe(filler.csrf);
    const list = await filler.get('/api/packages');
    expect(list.body.packages.length).toBeGreaterThan(0);
    for (const p of list.body.packages) expect(sorted(p)).toEqual([...SUMMARY_KEYS].sort());
    const detail = await filler.get(`/api/packages/${id}`);
    expect(sorted(detail.body)).toEqual([...DETAIL_KEYS].sort());
    expect(detail.body.departmentId).toEqual(expect.any(String));
    expect(detail.body.lastReturn).toBeNull();
  });

  it.each([
    ['the seed package', SEED],
    ['a synthetic package with 20 附件3 projects', syntheticPackage(7, { year: 2023 })],
  ])('round-trips %s through save and get unchanged', async (_name, content) => {
    const before = (await filler.get(`/api/packages/${id}`)).body;
    // The service pins the unit and year; everything else must come back exactly as sent.
    const data = { ...structuredClone(content), year: before.data.year, unit: before.data.unit };
    const saved = await filler.put(`/api/packages/${id}`, { version: before.version, data });
    expect(saved.status, JSON.stringify(saved.body).slice(0, 300)).toBe(200);
    expect(saved.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(sorted(saved.body)).toEqual([...DETAIL_KEYS].sort());
    expect(saved.body.data).toEqual(data);
    expect({ ...saved.body, data: null }).toEqual({ ...(await filler.get(`/api/packages/${id}`)).body, data: null });
    const got = await filler.get(`/api/packages/${id}`);
    expect(got.body.data).toEqual(data);
    const stored = await t.db.kysely
      .selectFrom('package_contents')
      .select(['version', 'content'])
      .where('package_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.version).toBe(saved.body.version);
    expect(got.body.data).toEqual(JSON.parse(stored.content));
    const version = await filler.get(`/api/packages/${id}/versions/${saved.body.version}`);
    expect(version.body.data).toEqual(data);
  });

  it('sends history entries, diffs with their values, and the returned package’s reasons', async () => {
    const before = (await filler.get(`/api/packages/${id}`)).body;
    const data = structuredClone(before.data);
    data.signature.phone = '0730-1234567';
    data.basicData.staffing.actual = '99';
    const saved = (await filler.put(`/api/packages/${id}`, { version: before.version, data })).body;
    const version = (await filler.get(`/api/packages/${id}/versions/${saved.version}`)).body;
    expect(sorted(version)).toEqual(['action', 'at', 'by', 'byName', 'changes', 'data', 'version']);
    expect(version.changes).toEqual(
      expect.arrayContaining([
        { path: 'signature.phone', before: before.data.signature.phone, after: '0730-1234567' },
        { path: 'basicData.staffing.actual', before: before.data.basicData.staffing.actual, after: '99' },
      ]),
    );
    const history = (await filler.get(`/api/packages/${id}/history`)).body;
    expect(sorted(history.versions[0])).toEqual(['action', 'at', 'by', 'byName', 'changeCount', 'version']);
    expect(history.versions[0]).toMatchObject({ version: saved.version, changeCount: version.changes.length });
    expect(sorted(history.events.at(-1))).toEqual([
      'action',
      'at',
      'by',
      'byName',
      'comment',
      'fieldComments',
      'fromStatus',
      'toStatus',
      'version',
    ]);
    expect(history.events.at(-1)).toMatchObject({ action: 'create', fromStatus: null, toStatus: 'draft' });

    // Back to the seed so that it can be submitted, then returned with field comments.
    const restored = await filler.put(`/api/packages/${id}`, {
      version: saved.version,
      data: { ...SEED, year: before.data.year, unit: before.data.unit },
    });
    const submitted = await head.post(`/api/packages/${id}/submit`, { version: restored.body.version });
    expect(submitted.status, JSON.stringify(submitted.body).slice(0, 300)).toBe(200);
    const fieldComments = [{ path: 'basicData.staffing.actual', message: '请核对实有人数。' }];
    const returned = await dept.post(`/api/packages/${id}/review`, {
      version: submitted.body.version,
      decision: 'return',
      comment: '请修改',
      fieldComments,
    });
    expect(returned.status).toBe(200);
    expect(sorted(returned.body.lastReturn)).toEqual(['at', 'by', 'byName', 'comment', 'fieldComments', 'stage']);
    expect(returned.body.lastReturn).toMatchObject({ stage: 'dept', comment: '请修改', fieldComments, byName: '主管部门 李审核' });
    const events = (await filler.get(`/api/packages/${id}/history`)).body.events;
    expect(events[0]).toMatchObject({
      action: 'return',
      fromStatus: 'submitted',
      toStatus: 'dept_returned',
      comment: '请修改',
      fieldComments,
    });
  });

  it('sends errors whole, with their details', async () => {
    const current = (await filler.get(`/api/packages/${id}`)).body;
    const stale = await filler.put(`/api/packages/${id}`, { version: current.version - 1, data: current.data });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    expect(stale.body.error.details.current).toEqual(current);
    const invalid = await filler.put(`/api/packages/${id}`, { version: current.version, data: { ...current.data, year: 'x' } });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.code).toBe('INVALID_PACKAGE');
    expect(invalid.body.error.details.issues[0]).toEqual({
      path: expect.any(String),
      label: expect.any(String),
      message: expect.any(String),
    });
    const unauthenticated = await new (filler.constructor as typeof Client)(t.app).get('/api/auth/me');
    expect(unauthenticated.body).toEqual({ error: { code: 'UNAUTHENTICATED', message: '请先登录。' } });
    const bad = await filler.put(`/api/packages/${id}`, { data: {} });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0]).toEqual({ path: expect.any(String), message: expect.any(String) });
  });
});
