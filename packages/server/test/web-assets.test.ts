/**
 * The built web app as the browser receives it: hashed scripts compressed at build time and kept for a
 * year, index.html checked on every load. Needs packages/web/dist (npm run build:web).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { freshDb, type TestDb } from './harness.js';

const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));
const built = existsSync(join(WEB_DIST, 'index.html'));
if (!built) console.warn('网页端尚未构建（npm run build:web）：跳过网页端静态文件的压缩与缓存测试。');

describe.skipIf(!built)('built web app: compression and caching', () => {
  let t: TestDb;
  let app: Awaited<ReturnType<typeof buildApp>>;
  /** The entry script index.html names, e.g. `assets/index-DPKFo2Dd.js`. */
  let script = '';

  beforeAll(async () => {
    script = /src="\.\/(assets\/[^"]+\.js)"/.exec(readFileSync(join(WEB_DIST, 'index.html'), 'utf8'))?.[1] ?? '';
    t = await freshDb('sqlite');
    app = await buildApp({ db: t.db, webRoot: WEB_DIST });
  });
  afterAll(async () => {
    await app?.close();
    await t?.cleanup();
  });

  it('sends a hashed script brotli-compressed when asked, cached for a year', async () => {
    expect(script).toMatch(/^assets\/index-[\w-]+\.js$/);
    const res = await app.inject({ url: `/${script}`, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.vary).toBe('accept-encoding');
    expect(brotliDecompressSync(res.rawPayload).equals(readFileSync(join(WEB_DIST, script)))).toBe(true);
  });

  it('sends gzip to a browser without brotli, and the file itself to one that accepts neither', async () => {
    const original = readFileSync(join(WEB_DIST, script));
    const gzipped = await app.inject({ url: `/${script}`, headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzipped.rawPayload).equals(original)).toBe(true);
    const plain = await app.inject({ url: `/${script}`, headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.rawPayload.equals(original)).toBe(true);
  });

  it('has index.html checked on every load, at / and for client-side routes', async () => {
    for (const url of ['/', '/index.html', '/packages/abc']) {
      const res = await app.inject({ url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.headers['content-type'], url).toMatch(/text\/html/);
      expect(brotliDecompressSync(res.rawPayload).toString(), url).toContain(script);
    }
  });
});
