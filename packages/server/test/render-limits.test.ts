import { type Package, syntheticPackage } from '@jixiao/core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RenderRefused, Renderer } from '../src/render-thread.js';
import { type TestApp, startApp } from './harness.js';

const EXAMPLE = join(import.meta.dirname, '../../../examples/lvxianting-2023.json');
const seed = () => JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Package;
/** The largest package the limits allow in 附件3, with many indicators: seconds of layout. */
const large = () => syntheticPackage(7, { projects: 300, indicatorsPerProject: 12 });

describe('document rendering shared fairly, within time, and stopped when nobody waits', () => {
  const renderers: Renderer[] = [];
  const renderer = (options: ConstructorParameters<typeof Renderer>[0]) => {
    const r = new Renderer(options);
    renderers.push(r);
    return r;
  };
  afterAll(async () => Promise.all(renderers.map((r) => r.close())));

  it('serves a second caller while a first one’s large package renders', async () => {
    const r = renderer({ threads: 2 });
    const finished: string[] = [];
    const big = r.render(large(), 'pdf', { owner: 'A' }).then(() => finished.push('A large'));
    const bigAgain = r.render(large(), 'pdf', { owner: 'A' }).then(() => finished.push('A large again'));
    // A has its share: a third render is refused at once, in Chinese.
    await expect(r.render(seed(), 'docx', { owner: 'A' })).rejects.toThrow('您已有 2 个文件正在生成');
    const small = r.render(seed(), 'docx', { owner: 'B' }).then((file) => {
      finished.push('B small');
      return file;
    });
    expect((await small).bytes.subarray(0, 2).toString()).toBe('PK');
    await Promise.all([big, bigAgain]);
    expect(finished[0]).toBe('B small');
  });

  it('stops a render past its time limit and goes on with the next', async () => {
    const r = renderer({ threads: 1, timeoutMs: 300 });
    const error = await r.render(large(), 'pdf', { owner: 'A' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RenderRefused);
    expect((error as RenderRefused).message).toMatch(/生成文件超过 0 秒仍未完成，已停止/);
    const file = await renderer({ threads: 1 }).render(seed(), 'xlsx', { owner: 'B' });
    expect(file.bytes.subarray(0, 2).toString()).toBe('PK');
  });

  it('drops a render whose caller went away, and the thread serves the next caller', async () => {
    const r = renderer({ threads: 1 });
    const gone = new AbortController();
    const abandoned = r.render(large(), 'pdf', { owner: 'A', signal: gone.signal });
    const waiting = r.render(seed(), 'docx', { owner: 'B' });
    setTimeout(() => gone.abort(), 100);
    await expect(abandoned).rejects.toMatchObject({ reason: 'cancelled' });
    expect((await waiting).bytes.subarray(0, 2).toString()).toBe('PK');
    expect(r.busy).toBe(0);
  });
});

describe('package size limits on save', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp('sqlite');
  });
  afterAll(async () => t?.close());

  it('refuses a package with 35,000 project lines in Chinese, and saves a 2 MB one within the limits', async () => {
    const filler = await t.client('tianbao');
    const list = (await filler.get('/api/packages?year=2023')).body.packages as { id: string; status: string }[];
    const id = list.find((p) => p.status === 'draft')?.id as string;
    const detail = (await filler.get(`/api/packages/${id}`)).body;
    const line = { name: '某专项', prior: '1.00', budget: '1.00', actual: '1.00' };
    const huge = structuredClone(detail.data);
    huge.basicData.lines.localSpecial = Array.from({ length: 35_000 }, (_, i) => ({ ...line, name: `专项${i + 1}` }));
    const refused = await filler.put(`/api/packages/${id}`, { version: detail.version, data: huge });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toMatch(/^自评包过大：附件1 的明细行共 350\d\d 个，超过上限 3000 个（basicData\.lines）。$/);

    // Long, but within every limit: 2,000 lines and a report of 1.5 MB.
    const big = structuredClone(detail.data);
    big.basicData.lines.localSpecial = Array.from({ length: 2_000 }, (_, i) => ({ ...line, name: `专项${i + 1}` }));
    big.report.sections[0].paragraphs.push(...Array.from({ length: 150 }, () => '本单位严格执行预算。'.repeat(1_000)));
    const body = JSON.stringify({ version: detail.version, data: big });
    expect(Buffer.byteLength(body)).toBeGreaterThan(2 * 1024 * 1024);
    const saved = await filler.put(`/api/packages/${id}`, { version: detail.version, data: big });
    expect(saved.status).toBe(200);
  });
});
