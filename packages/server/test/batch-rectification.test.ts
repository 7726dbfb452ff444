import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { migrate } from '../src/db/migrations.js';
import { transition, visiblePackage } from '../src/package-service.js';
import { storedPoints } from '../src/rectification.js';
import type { Caller } from '../src/policy.js';
import { BACKENDS, type Client, type TestApp, addUnits, partlyMigrated, readZip, startApp, untilFinished } from './harness.js';

const STREETS = '岳阳市岳阳楼区人民政府（街道主管部门）';
const SEED_UNIT = '岳阳市岳阳楼区吕仙亭街道办事处';

interface Result {
  id: string;
  ok: boolean;
  status: string | null;
  error: { code: string; status: number; message: string } | null;
}

describe.each(BACKENDS)('batch acts and the rectification loop on %s', (backend) => {
  let t: TestApp;
  let filler: Client;
  let head: Client;
  let dept: Client;
  let finance: Client;
  /** Three units of the street department with a 2024 package each, submitted. */
  let batch: { orgId: string; packageId: string }[];

  beforeAll(async () => {
    t = await startApp(backend);
    [filler, head, dept, finance] = await Promise.all([t.client('tianbao'), t.client('fuzeren'), t.client('bumen'), t.client('caizheng')]);
    const s = t.app.services;
    const streets = (await dept.get('/api/orgs')).body.orgs.find((o: { name: string }) => o.name === STREETS).id;
    batch = await addUnits(s, streets, ['批量甲街道办事处', '批量乙街道办事处', '批量丙街道办事处'], 2024);
    const someone = await t.db.kysely.selectFrom('users').select('id').where('username', '=', 'fuzeren').executeTakeFirstOrThrow();
    for (const { orgId, packageId } of batch) {
      // The unit's head submits (the seed package of each unit passes the check).
      const unitHead: Caller = {
        userId: someone.id,
        username: '',
        displayName: '',
        role: 'unit_head',
        orgId,
        csrfToken: '',
        mustChangePassword: false,
      };
      await transition(s, unitHead, await visiblePackage(s, unitHead, packageId), 'submit', '', []);
    }
  });
  afterAll(async () => t?.close());

  const detail = async (id: string, client: Client = dept) => (await client.get(`/api/packages/${id}`)).body;
  const events = async (id: string) =>
    (await dept.get(`/api/packages/${id}/history`)).body.events as { action: string; byName: string; comment: string }[];

  it('approves a batch package by package: one changed meanwhile gets 409, the others are approved and recorded', async () => {
    const [a, b, c] = batch as [(typeof batch)[0], (typeof batch)[0], (typeof batch)[0]];
    const res = await dept.post('/api/batch/acts', {
      action: 'approve',
      items: [
        { id: a.packageId, version: 1 },
        // The reviewer's copy is stale: the package is at another version than the one they looked at.
        { id: b.packageId, version: 2 },
        { id: c.packageId, version: 1 },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.succeeded).toBe(2);
    expect(res.body.failed).toBe(1);
    const [ra, rb, rc] = res.body.results as Result[];
    expect(ra).toMatchObject({ id: a.packageId, ok: true, status: 'dept_approved', error: null });
    expect(rb).toMatchObject({ id: b.packageId, ok: false, status: 'submitted', error: { code: 'VERSION_CONFLICT', status: 409 } });
    expect(rb?.error?.message).toMatch(/已被他人修改/);
    expect(rc).toMatchObject({ id: c.packageId, ok: true, status: 'dept_approved' });
    // Nothing half-written: the refused package stands where it stood, with no approval in its history.
    expect((await detail(b.packageId)).status).toBe('submitted');
    expect((await events(b.packageId)).map((e) => e.action)).toEqual(['submit', 'create']);
    for (const id of [a.packageId, c.packageId]) {
      expect((await events(id))[0]).toMatchObject({ action: 'approve', byName: '主管部门 李审核' });
    }
  });

  it('returns a batch with one reason for all and a reason of its own for one, each raising its points', async () => {
    const outside = (await dept.get('/api/packages?year=2023')).body.packages.find(
      (p: { orgName: string }) => p.orgName === '岳阳市岳阳楼区洞庭街道办事处',
    );
    const b = batch[1]!;
    const res = await dept.post('/api/batch/acts', {
      action: 'return',
      comment: '绩效目标未量化，请补充。',
      items: [
        { id: b.packageId, version: 1, comment: '附件3 项目支出自评表未填。' },
        { id: outside.id, version: outside.version },
      ],
    });
    expect(res.body.results.map((r: Result) => r.status)).toEqual(['dept_returned', 'dept_returned']);
    expect((await events(b.packageId))[0]).toMatchObject({ action: 'return', comment: '附件3 项目支出自评表未填。' });
    expect((await events(outside.id))[0]).toMatchObject({ action: 'return', comment: '绩效目标未量化，请补充。' });
    const points = (await dept.get(`/api/packages/${outside.id}/rectification`)).body.points;
    expect(points).toMatchObject([
      { stage: 'dept', path: null, message: '绩效目标未量化，请补充。', state: 'open', byName: '主管部门 李审核' },
    ]);
  });

  it('lets the finance bureau approve and publish a batch, one package not yet theirs reported as such', async () => {
    const [a, b, c] = batch as [(typeof batch)[0], (typeof batch)[0], (typeof batch)[0]];
    const approve = await finance.post('/api/batch/acts', {
      action: 'approve',
      items: [a, b, c].map((x) => ({ id: x.packageId, version: 1 })),
    });
    expect(approve.body.results.map((r: Result) => [r.ok, r.status, r.error?.code ?? null])).toEqual([
      [true, 'finance_approved', null],
      [false, 'dept_returned', 'INVALID_STATE'],
      [true, 'finance_approved', null],
    ]);
    const publish = await finance.post('/api/batch/acts', {
      action: 'publish',
      items: [a, c].map((x) => ({ id: x.packageId, version: 1 })),
    });
    expect(publish.body).toMatchObject({ succeeded: 2, failed: 0 });
    for (const x of [a, c])
      expect((await events(x.packageId)).map((e) => e.action)).toEqual(['publish', 'approve', 'approve', 'submit', 'create']);
    // The public reads a published package, but not the exchange with its unit.
    const anonymous = await t.client();
    expect((await anonymous.get(`/api/packages/${a.packageId}`)).status).toBe(200);
    const appendix = await anonymous.get(`/api/packages/${a.packageId}/export?format=docx&appendix=rectification`);
    expect(appendix.status).toBe(403);
    expect((await anonymous.get(`/api/packages/${a.packageId}/rectification`)).status).toBe(401);
    // The department may never publish: the whole request is refused, nothing done.
    const refused = await dept.post('/api/batch/acts', { action: 'publish', items: [{ id: a.packageId, version: 1 }] });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/批量公开/);
  });

  it('exports the selected packages as a ZIP with progress, and refuses a selection outside the scope', async () => {
    const ids = batch.map((x) => x.packageId);
    const started = await dept.post('/api/batch/export', { ids, format: 'json' });
    expect(started.status).toBe(202);
    const job = await untilFinished(dept, started.body.id);
    expect(job).toMatchObject({ status: 'done', progress: { done: 3, total: 3 } });
    const download = await dept.get(`/api/jobs/${started.body.id}/download`);
    expect(String(download.headers['content-disposition'])).toContain(encodeURIComponent('批量导出-3个自评包.zip'));
    const names = [...readZip(download.raw).keys()].sort();
    expect(names).toEqual(['2024-批量丙街道办事处-自评.json', '2024-批量乙街道办事处-自评.json', '2024-批量甲街道办事处-自评.json']);
    const school = (await finance.get('/api/packages?year=2023')).body.packages.find(
      (p: { orgName: string }) => p.orgName === '岳阳市岳阳楼区示范小学',
    );
    const outside = await dept.post('/api/batch/export', { ids: [...ids, school.id], format: 'json' });
    expect(outside.status).toBe(404);
  });

  it('runs the rectification loop: two points answered, the diff per point, one accepted, one reopened, then closed', async () => {
    const id = (await filler.get('/api/packages?year=2023')).body.packages.find((p: { orgName: string }) => p.orgName === SEED_UNIT).id;
    let pkg = await detail(id, filler);
    pkg = (await head.post(`/api/packages/${id}/submit`, { version: pkg.version })).body;
    const staffing = 'basicData.staffing.actual';
    const reception = 'basicData.rows.reception.actual';
    const returned = await dept.post(`/api/packages/${id}/review`, {
      version: pkg.version,
      decision: 'return',
      fieldComments: [
        { path: staffing, message: '实际在职人数与人事报表不符' },
        { path: reception, message: '公务接待费决算数请与财务报表核对' },
      ],
    });
    expect(returned.body.status).toBe('dept_returned');
    let view = (await filler.get(`/api/packages/${id}/rectification`)).body;
    expect(view.mayAnswer).toBe(true);
    expect(view.mayDecide).toBe(false);
    expect(view.points.map((p: { path: string; state: string; ordinal: number }) => [p.ordinal, p.path, p.state])).toEqual([
      [1, staffing, 'open'],
      [2, reception, 'open'],
    ]);
    const [first, second] = view.points as { id: string }[];

    // Submission with an unanswered point is refused, and says why.
    const early = await head.post(`/api/packages/${id}/submit`, { version: pkg.version });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/还有 2 条整改意见未答复/);

    // The unit corrects the figure and answers both points.
    const data = structuredClone(pkg.data);
    data.basicData.staffing.actual = '47';
    data.basicData.staffing.declared.controlRate = '97.92%';
    pkg = (await filler.put(`/api/packages/${id}`, { version: pkg.version, data })).body;
    await filler.post(`/api/packages/${id}/rectification/${first!.id}/answer`, { text: '已按人事报表改为 47 人。', done: true });
    await head.post(`/api/packages/${id}/rectification/${second!.id}/answer`, { text: '正在与财务核对。', done: false });
    const halfway = await head.post(`/api/packages/${id}/submit`, { version: pkg.version });
    expect(halfway.body.error.message).toMatch(/还有 1 条整改意见/);
    await head.post(`/api/packages/${id}/rectification/${second!.id}/answer`, { text: '已核对，决算数无误。', done: true });
    expect((await head.post(`/api/packages/${id}/submit`, { version: pkg.version })).body.status).toBe('submitted');

    // The reviewer sees, beside each point, what changed in its field since the return.
    view = (await dept.get(`/api/packages/${id}/rectification`)).body;
    expect(view.mayDecide).toBe(true);
    expect(view.points[0]).toMatchObject({
      state: 'done',
      changeCount: 1,
      changes: [{ path: staffing, after: '47' }],
      entries: [{ kind: 'answer', text: '已按人事报表改为 47 人。', done: true, byName: '吕仙亭 刘填报' }],
    });
    expect(view.points[1]).toMatchObject({ state: 'done', changeCount: 0, changes: [] });
    expect(view.points[1].entries.map((e: { text: string; done: boolean }) => [e.text, e.done])).toEqual([
      ['正在与财务核对。', false],
      ['已核对，决算数无误。', true],
    ]);

    // Approval waits for a decision on every point.
    expect((await dept.post(`/api/packages/${id}/review`, { version: pkg.version, decision: 'approve' })).body.error.message).toMatch(
      /2 条整改意见未确认/,
    );
    const decide = (point: string, decision: 'accept' | 'reopen', text = '', version = pkg.version) =>
      dept.post(`/api/packages/${id}/rectification/${point}/decision`, { version, decision, text });
    expect((await decide(second!.id, 'reopen')).body.error.code).toBe('BAD_REQUEST');
    expect((await decide(first!.id, 'accept', '', pkg.version - 1)).body.error.code).toBe('VERSION_CONFLICT');
    expect(
      (await finance.post(`/api/packages/${id}/rectification/${first!.id}/decision`, { version: pkg.version, decision: 'accept' })).status,
    ).toBe(409);
    await decide(first!.id, 'accept');
    view = (await decide(second!.id, 'reopen', '公务接待费决算数与财务报表相差 0.12 万元，请再核。')).body;
    expect(view.points.map((p: { state: string }) => p.state)).toEqual(['accepted', 'reopened']);
    expect((await dept.post(`/api/packages/${id}/review`, { version: pkg.version, decision: 'approve' })).body.error.code).toBe(
      'INVALID_STATE',
    );
    // The reopened point is reason enough for a return.
    expect((await dept.post(`/api/packages/${id}/review`, { version: pkg.version, decision: 'return' })).body.status).toBe('dept_returned');
    const refused = await filler.post(`/api/packages/${id}/rectification/${first!.id}/answer`, { text: '补充', done: true });
    expect(refused.body.error.message).toMatch(/已经审核确认/);
    await filler.post(`/api/packages/${id}/rectification/${second!.id}/answer`, { text: '已更正为 4.07 万元。', done: true });
    await head.post(`/api/packages/${id}/submit`, { version: pkg.version });
    await decide(second!.id, 'accept', '认可');
    expect((await dept.post(`/api/packages/${id}/review`, { version: pkg.version, decision: 'approve' })).body.status).toBe(
      'dept_approved',
    );

    // Nothing of the exchange is lost: every answer and decision is there, in order, with who and when.
    view = (await filler.get(`/api/packages/${id}/rectification`)).body;
    expect(view.points[1].entries.map((e: { kind: string; byName: string }) => `${e.kind}:${e.byName}`)).toEqual([
      'answer:吕仙亭 张负责人',
      'answer:吕仙亭 张负责人',
      'reopen:主管部门 李审核',
      'answer:吕仙亭 刘填报',
      'accept:主管部门 李审核',
    ]);
    await expect(t.db.kysely.updateTable('rectification_entries').set({ text: '改写' }).execute()).rejects.toThrow(/append-only/);

    // It prints, on request, as the 整改情况 appendix after the attachments of the Word and PDF documents.
    const docx = await dept.get(`/api/packages/${id}/export?format=docx&appendix=rectification`);
    expect(docx.status).toBe(200);
    const xml = readZip(docx.raw).get('word/document.xml')?.toString('utf8') ?? '';
    expect(xml).toContain('整改情况');
    expect(xml.indexOf('整改情况')).toBeGreaterThan(xml.indexOf('附件1'));
    for (const text of [
      '公务接待费决算数请与财务报表核对',
      '正在与财务核对。',
      '重新打开：公务接待费决算数与财务报表相差 0.12 万元，请再核。',
      '已确认',
    ])
      expect(xml).toContain(text);
    const plain =
      readZip((await dept.get(`/api/packages/${id}/export?format=docx`)).raw)
        .get('word/document.xml')
        ?.toString('utf8') ?? '';
    expect(plain).not.toContain('整改情况');
    const pdf = await dept.get(`/api/packages/${id}/export?format=pdf&appendix=rectification`);
    expect(pdf.status).toBe(200);
    expect(pdf.raw.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.raw.includes(Buffer.from('/Title'))).toBe(true);
    expect((await dept.get(`/api/packages/${id}/export?format=xlsx&appendix=rectification`)).body.error.code).toBe('BAD_REQUEST');
    await expect(t.db.kysely.deleteFrom('rectification_points').execute()).rejects.toThrow(/append-only/);
  });
});

describe.each(BACKENDS)('migration 013 on %s', (backend) => {
  it('keeps the reasons of the latest return of a package still with its unit as open points', async () => {
    const at = (minute: number) => `2024-05-10T09:${String(minute).padStart(2, '0')}:00.000Z`;
    const { kysely, cleanup } = await partlyMigrated(backend, '010_org_paths', { role: 'dept_reviewer', at: at(0) });
    try {
      for (const [id, status, year] of [
        ['returned', 'dept_returned', 2023],
        ['resubmitted', 'submitted', 2024],
      ] as const) {
        await kysely
          .insertInto('packages')
          .values({
            id,
            org_id: 'o',
            year,
            status,
            version: 3,
            updated_at: at(0),
            updated_by: 'u',
            deleted_at: null,
            org_path: '/o/',
            org_name: '单位',
          })
          .execute();
      }
      const event = (
        id: string,
        packageId: string,
        minute: number,
        action: 'return' | 'submit',
        comment: string,
        fieldComments: unknown[] = [],
      ) =>
        kysely
          .insertInto('package_events')
          .values({
            id,
            package_id: packageId,
            at: at(minute),
            user_id: 'u',
            action,
            from_status: action === 'return' ? 'submitted' : 'dept_returned',
            to_status: action === 'return' ? 'dept_returned' : 'submitted',
            version: 3,
            comment,
            field_comments: JSON.stringify(fieldComments),
          })
          .execute();
      await event('e1', 'returned', 1, 'return', '第一次退回的理由');
      await event('e2', 'returned', 2, 'submit', '');
      await event('e3', 'returned', 3, 'return', '请补充绩效目标', [{ path: 'basicData.staffing.actual', message: '在职人数不符' }]);
      await event('e4', 'resubmitted', 1, 'return', '已答复过的退回');
      await event('e5', 'resubmitted', 2, 'submit', '');

      await migrate(kysely as Kysely<unknown>, backend);
      const points = await storedPoints(kysely, 'returned');
      expect(points.map((p) => [p.ordinal, p.path, p.message, p.state, p.stage, p.event_id, p.version])).toEqual([
        [1, null, '请补充绩效目标', 'open', 'dept', 'e3', 3],
        [2, 'basicData.staffing.actual', '在职人数不符', 'open', 'dept', 'e3', 3],
      ]);
      expect(await storedPoints(kysely, 'resubmitted')).toEqual([]);
    } finally {
      await cleanup();
    }
  });
});
