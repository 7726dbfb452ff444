import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderStore, type FileStore } from '../src/file-store.js';
import { jobSettings } from '../src/job-settings.js';
import { S3Store, type S3Options } from '../src/s3-store.js';
import { readZip, startApp, untilFinished } from './harness.js';

const BUCKET = 'jixiao-files';
const MIB = 1024 * 1024;
const dirs: string[] = [];
let server: ChildProcess | undefined;
let url = '';

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-store-'));
  dirs.push(dir);
  return dir;
}

function s3(prefix?: string): S3Store {
  const options: S3Options = { url, bucket: BUCKET, accessKey: 'S3RVER', secretKey: 'S3RVER' };
  return new S3Store(prefix === undefined ? options : { ...options, prefix });
}

async function bytes(store: FileStore, key: string): Promise<{ content: Buffer; size: number } | null> {
  const file = await store.read(key);
  if (!file) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of file.stream) chunks.push(chunk as Buffer);
  return { content: Buffer.concat(chunks), size: file.size };
}

/** `count` chunks of 1 MiB, chunk i filled with the byte i, made only as they are read. */
function mebibytes(count: number): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < count; i++) yield Buffer.alloc(MIB, i);
    })(),
  );
}

/**
 * s3rver, a real S3 protocol server (multipart uploads, paged listings, signatures checked), in a
 * process of its own: its listing pages' continuation tokens are DES-encrypted, which OpenSSL 3 allows
 * only with the legacy provider.
 */
beforeAll(async () => {
  const bin = createRequire(import.meta.url).resolve('s3rver/bin/s3rver.js');
  const args = ['--openssl-legacy-provider', bin, '-d', tempDir(), '-a', '127.0.0.1', '-p', '0', '-s', '--configure-bucket', BUCKET];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  server = child;
  const port = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const found = /listening on [\d.]+:(\d+)/.exec(output)?.[1];
      if (found) resolve(found);
    });
    child.once('exit', () => reject(new Error(`s3rver did not start: ${output}`)));
  });
  url = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill();
    await once(server, 'exit');
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe.each([
  ['FolderStore', () => new FolderStore(tempDir())],
  ['S3Store', () => s3('deployments/one')],
])('%s', (_name, makeStore) => {
  let store: FileStore;
  beforeAll(() => {
    store = makeStore();
  });

  it('writes bytes and streams, and reads them back with their size', async () => {
    expect(await store.write('jobs/a/input', new TextEncoder().encode('自评包'))).toBe(9);
    expect(await bytes(store, 'jobs/a/input')).toEqual({ content: Buffer.from('自评包'), size: 9 });
    expect(await store.write('jobs/a/small', Readable.from([Buffer.from('ab'), Buffer.from('cd')]))).toBe(4);
    expect((await bytes(store, 'jobs/a/small'))?.content.toString()).toBe('abcd');
    expect(await store.read('jobs/a/none')).toBeNull();
  });

  it('streams a file larger than an upload part (a multipart upload on S3)', async () => {
    const count = 12;
    expect(await store.write('jobs/big/result.zip', mebibytes(count))).toBe(count * MIB);
    const file = await bytes(store, 'jobs/big/result.zip');
    expect(file?.size).toBe(count * MIB);
    expect(file?.content.length).toBe(count * MIB);
    for (let i = 0; i < count; i++) expect(file?.content[i * MIB + MIB - 1]).toBe(i);
  });

  it('replaces a file written again', async () => {
    await store.write('jobs/b/result.zip', Buffer.from('the first, longer content'));
    await store.write('jobs/b/result.zip', Readable.from([Buffer.from('second')]));
    expect(await bytes(store, 'jobs/b/result.zip')).toEqual({ content: Buffer.from('second'), size: 6 });
  });

  it('leaves no file when the stream fails, even past the first upload part', async () => {
    const failing = new Readable({ read() {} });
    failing.push(Buffer.alloc(11 * MIB));
    setTimeout(() => failing.destroy(new Error('the ZIP failed')), 200);
    await expect(store.write('jobs/c/result.zip', failing)).rejects.toThrow();
    expect(await store.read('jobs/c/result.zip')).toBeNull();
  });

  it('lists the keys under a prefix, sorted, and removes a prefix with everything under it', async () => {
    for (const key of [
      'jobs/d/parts/2/0001-b.pdf',
      'jobs/d/parts/10/0000-a.pdf',
      'jobs/d/parts/2/0000-a.pdf',
      'jobs/d/result.zip',
      'jobs/dd/x',
    ]) {
      await store.write(key, Buffer.from(key));
    }
    expect(await store.list('jobs/d/parts')).toEqual([
      'jobs/d/parts/10/0000-a.pdf',
      'jobs/d/parts/2/0000-a.pdf',
      'jobs/d/parts/2/0001-b.pdf',
    ]);
    expect(await store.list('jobs/d')).toHaveLength(4);
    expect(await store.list('jobs/none')).toEqual([]);

    await store.remove('jobs/d/parts');
    expect(await store.list('jobs/d')).toEqual(['jobs/d/result.zip']);
    await store.remove('jobs/d/result.zip');
    await store.remove('jobs/d');
    expect(await store.list('jobs/d')).toEqual([]);
    // A prefix is a folder, not the start of a name: jobs/dd is another job's.
    expect(await store.list('jobs/dd')).toEqual(['jobs/dd/x']);
  });

  it('refuses keys that could leave its place', async () => {
    for (const key of ['../x', 'jobs/../../x', '/etc/passwd', 'jobs//x', '']) {
      await expect(store.write(key, Buffer.from('x'))).rejects.toThrow('invalid file key');
    }
  });
});

describe('S3Store', () => {
  it('keeps each prefix apart in one bucket', async () => {
    const [one, two, whole] = [s3('deployments/one'), s3('/deployments/two/'), s3()];
    await two.write('jobs/e/input', Buffer.from('two'));
    expect(await one.read('jobs/e/input')).toBeNull();
    expect(await two.list('jobs/e')).toEqual(['jobs/e/input']);
    expect(await whole.list('deployments/two/jobs/e')).toEqual(['deployments/two/jobs/e/input']);
    await two.remove('jobs/e');
    expect(await whole.list('deployments/two/jobs/e')).toEqual([]);
  });

  it('removes more keys than one delete request takes', async () => {
    const store = s3('many');
    const keys = Array.from({ length: 1001 }, (_, i) => `jobs/f/parts/${i}`);
    for (let i = 0; i < keys.length; i += 50) await Promise.all(keys.slice(i, i + 50).map((key) => store.write(key, Buffer.from('x'))));
    expect(await store.list('jobs/f')).toHaveLength(1001);
    await store.remove('jobs/f');
    expect(await store.list('jobs/f')).toEqual([]);
  });
});

describe('a batch export with the S3 store', () => {
  it('writes the ZIP to the bucket, downloads it as a stream with every file, and removes the parts', async () => {
    const files = s3('export');
    const t = await startApp('sqlite', { files });
    try {
      const dept = await t.client('bumen');
      const departmentId = (await dept.get('/api/auth/me')).body.user.orgId;
      const started = await dept.post('/api/exports', { departmentId, year: 2023, format: 'json' });
      expect(started.status).toBe(202);
      const jobId = started.body.id;
      expect(await untilFinished(dept, jobId)).toMatchObject({ status: 'done', error: null, progress: { done: 3, total: 3 } });

      // The parts go after the job is marked done (a retry of the assembly still finds them), so the poll waits for it.
      await expect.poll(() => files.list(`jobs/${jobId}`)).toEqual([`jobs/${jobId}/result.zip`]);
      const download = await dept.get(`/api/jobs/${jobId}/download`);
      expect(download.status).toBe(200);
      expect(download.headers['content-type']).toBe('application/zip');
      expect(Number(download.headers['content-length'])).toBe(download.raw.length);
      expect(download.raw.length).toBe((await files.read(`jobs/${jobId}/result.zip`))?.size);
      const entries = readZip(download.raw);
      expect([...entries.keys()].sort()).toEqual(
        ['岳阳市岳阳楼区吕仙亭街道办事处', '岳阳市岳阳楼区南湖街道办事处', '岳阳市岳阳楼区洞庭街道办事处']
          .map((unit) => `2023-${unit}-自评.json`)
          .sort(),
      );
      for (const [name, content] of entries) {
        expect(name).toContain(JSON.parse(content.toString('utf8')).unit.name);
      }
    } finally {
      await t.close();
    }
  });
});

describe('job settings', () => {
  const config = { sqliteFile: '/srv/jixiao/jixiao.db' };
  const s3Env = {
    JIXIAO_S3_URL: 'https://minio.example.cn:9000',
    JIXIAO_S3_BUCKET: 'jixiao',
    JIXIAO_S3_ACCESS_KEY: 'key',
    JIXIAO_S3_SECRET_KEY: 'secret',
  };

  it('keeps files in a folder beside the SQLite file, or JIXIAO_FILES_DIR', () => {
    const beside = jobSettings(config, {});
    expect(beside.files).toBeInstanceOf(FolderStore);
    expect((beside.files as FolderStore).root).toBe('/srv/jixiao/files');
    expect((jobSettings(config, { JIXIAO_FILES_DIR: '/mnt/files' }).files as FolderStore).root).toBe('/mnt/files');
  });

  it('uses an S3-compatible store when JIXIAO_S3_* are set', () => {
    const settings = jobSettings(config, { ...s3Env, JIXIAO_S3_PREFIX: 'yueyang' });
    expect(settings.files).toBeInstanceOf(S3Store);
    expect(settings.filesLocation).toBe('S3 兼容存储 https://minio.example.cn:9000 存储桶 jixiao 前缀 yueyang');
  });

  it('says in Chinese what is missing or wrong', () => {
    expect(() => jobSettings(config, { JIXIAO_S3_BUCKET: 'jixiao' })).toThrow(
      '使用 S3 兼容存储还须设置环境变量 JIXIAO_S3_URL、JIXIAO_S3_ACCESS_KEY、JIXIAO_S3_SECRET_KEY',
    );
    expect(() => jobSettings(config, { ...s3Env, JIXIAO_S3_URL: 'minio.example.cn:9000' })).toThrow(
      'JIXIAO_S3_URL 须为 http:// 或 https:// 开头的地址',
    );
    expect(() => jobSettings(config, { ...s3Env, JIXIAO_FILES_DIR: '/mnt/files' })).toThrow('JIXIAO_FILES_DIR 与 JIXIAO_S3_* 只能选一种');
    expect(() => jobSettings(config, { ...s3Env, JIXIAO_S3_PATH_STYLE: 'yes' })).toThrow('JIXIAO_S3_PATH_STYLE 须为 1 或 0');
  });
});
