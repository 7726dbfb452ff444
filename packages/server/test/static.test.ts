import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { freshDb, type TestDb } from './harness.js';

describe('web app, API docs and unknown routes', () => {
  const webRoot = mkdtempSync(join(tmpdir(), 'jixiao-web-'));
  let t: TestDb;
  let app: Awaited<ReturnType<typeof buildApp>>;

  beforeAll(async () => {
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>绩效自评</title>');
    writeFileSync(join(webRoot, 'app.js'), 'console.log(1)');
    t = await freshDb('sqlite');
    app = await buildApp({ db: t.db, webRoot });
  });
  afterAll(async () => {
    await app?.close();
    await t?.cleanup();
    rmSync(webRoot, { recursive: true, force: true });
  });

  it('serves the built web app at / and its files, and index.html for client-side routes', async () => {
    expect((await app.inject('/')).body).toContain('绩效自评');
    expect((await app.inject('/app.js')).body).toBe('console.log(1)');
    const route = await app.inject('/packages/abc/edit');
    expect(route.statusCode).toBe(200);
    expect(route.body).toContain('绩效自评');
    expect((await app.inject('/assets/missing.js')).statusCode).toBe(404);
  });

  it('serves files added to the web app after start', async () => {
    writeFileSync(join(webRoot, 'later.js'), 'console.log(2)');
    expect((await app.inject('/later.js')).body).toBe('console.log(2)');
  });

  it('answers an unknown API route with a JSON 404 in Chinese', async () => {
    const res = await app.inject('/api/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('没有这个接口或文件') });
  });

  it('answers a malformed body with BAD_REQUEST naming the field, in Chinese', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('缺少字段 password') });
  });

  it('publishes the OpenAPI description of every route at /api/docs', async () => {
    expect((await app.inject('/api/docs')).statusCode).toBeLessThan(400);
    const spec = (await app.inject('/api/docs/json')).json();
    expect(spec.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/auth/login',
      '/api/packages',
      '/api/packages/{id}',
      '/api/packages/{id}/review',
      '/api/packages/{id}/versions/{version}/restore',
      '/api/exports',
      '/api/jobs/{id}',
    ]) {
      expect(Object.keys(spec.paths)).toContain(path);
    }
  });
});
