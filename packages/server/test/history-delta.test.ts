import { type Change, diffJson } from '@jixiao/core';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../src/db/migrations.js';
import { SNAPSHOT_EVERY, storedVersion } from '../src/history-store.js';
import { BACKENDS, type Client, type TestApp, emptyDb, startApp } from './harness.js';

const SEED_UNIT = '岳阳市岳阳楼区吕仙亭街道办事处';

/** A small deterministic random source, so that a failure replays. */
function random(seed: number) {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(items: T[]) => items[Math.floor(next() * items.length)] as T };
}

type Rng = ReturnType<typeof random>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the package JSON as the API gives it
type Data = any;

/** An edit a user makes: a cell typed or cleared, text changed, a paragraph added or removed. */
function edit(data: Data, rng: Rng, n: number): Data {
  const next = structuredClone(data);
  const rows = Object.values(next.basicData.rows) as Record<string, string | null>[];
  const paragraphs: string[] = rng.pick(next.report.sections as { paragraphs: string[] }[]).paragraphs;
  switch (rng.int(6)) {
    case 0:
      next.signature[rng.pick(['unitHead', 'filler', 'phone', 'date'])] = `第${n}次`;
      break;
    case 1:
      rng.pick(rows)[rng.pick(['prior', 'budget', 'actual'])] = rng.next() < 0.3 ? null : (rng.int(100000) / 100).toFixed(2);
      break;
    case 2:
      paragraphs.splice(rng.int(paragraphs.length + 1), 0, `新增段落 ${n}`);
      break;
    case 3:
      if (paragraphs.length > 1) paragraphs.splice(rng.int(paragraphs.length), 1);
      break;
    case 4:
      next.overall.goals.expected = `${next.overall.goals.expected}（第${n}次补充）`;
      break;
    default:
      paragraphs.pop();
  }
  return next;
}

/** Bytes a row holds in its columns: what storage costs, before the database's own overhead. */
const bytes = (...values: (string | Buffer | null)[]) =>
  values.reduce((sum, v) => sum + (v === null ? 0 : typeof v === 'string' ? Buffer.byteLength(v) : v.length), 0);

describe.each(BACKENDS)('history kept as diffs and snapshots on %s', (backend) => {
  let t: TestApp;
  let filler: Client;
  let id: string;

  beforeAll(async () => {
    t = await startApp(backend);
    filler = await t.client('tianbao');
    const list = await filler.get('/api/packages?year=2023');
    id = list.body.packages.find((p: { orgName: string }) => p.orgName === SEED_UNIT).id;
  });
  afterAll(async () => t?.close());

  it('gives back every version, viewed or restored, exactly as it was saved', async () => {
    const rng = random(backend === 'sqlite' ? 7 : 11);
    let current = (await filler.get(`/api/packages/${id}`)).body;
    const saved = new Map<number, string>([[current.version, JSON.stringify(current.data)]]);
    for (let n = 1; n <= 130; n++) {
      const res = await filler.put(`/api/packages/${id}`, { version: current.version, data: edit(current.data, rng, n) });
      expect(res.status).toBe(200);
      current = res.body;
      saved.set(current.version, JSON.stringify(current.data));
    }
    // Past at least two periodic snapshots, and most versions rebuilt from a diff.
    const stored = await t.db.kysely.selectFrom('package_versions').select(['version', 'snapshot']).where('package_id', '=', id).execute();
    expect(stored.length).toBeGreaterThan(2 * SNAPSHOT_EVERY);
    expect(stored.filter((r) => r.snapshot !== null).length).toBeLessThan(stored.length / 5);

    for (const [version, text] of saved) {
      const viewed = await filler.get(`/api/packages/${id}/versions/${version}`);
      expect(JSON.stringify(viewed.body.data), `version ${version}`).toBe(text);
    }
    for (const version of [...saved.keys()].filter((v) => v % 5 === 1 || v % SNAPSHOT_EVERY <= 1)) {
      const restored = await filler.post(`/api/packages/${id}/versions/${version}/restore`, { version: current.version });
      expect(restored.status).toBe(200);
      expect(JSON.stringify(restored.body.data), `restored version ${version}`).toBe(saved.get(version));
      current = restored.body;
      // Read back from the database, not the service's cache.
      expect(JSON.stringify(await storedVersion(t.db.kysely, id, current.version))).toBe(saved.get(version));
    }
    expect(await storedVersion(t.db.kysely, id, current.version + 1)).toBeUndefined();
  });

  it('stores a small edit in a few hundred bytes instead of a whole copy', async () => {
    const unit = (await filler.get(`/api/packages/${id}`)).body.orgId;
    const created = await filler.post('/api/packages', {
      orgId: unit,
      year: 2031,
      from: 'data',
      data: (await filler.get(`/api/packages/${id}`)).body.data,
    });
    expect(created.status).toBe(201);
    const rng = random(3);
    let current = created.body;
    let wholeCopies = 0;
    for (let n = 1; n <= 500; n++) {
      const res = await filler.put(`/api/packages/${current.id}`, { version: current.version, data: edit(current.data, rng, n) });
      current = res.body;
      wholeCopies += Buffer.byteLength(JSON.stringify(current.data));
    }
    const rows = await t.db.kysely.selectFrom('package_versions').selectAll().where('package_id', '=', current.id).execute();
    const meta = rows.reduce((sum, r) => sum + bytes(r.package_id, r.action, r.user_id, r.at) + 8, 0);
    const changes = rows.reduce((sum, r) => sum + bytes(r.changes), 0);
    const snapshots = rows.reduce((sum, r) => sum + bytes(r.snapshot), 0);
    const before = (meta + changes + wholeCopies) / rows.length;
    const after = (meta + changes + snapshots) / rows.length;
    console.log(
      `${rows.length} 个版本，每个版本平均存储：整份保存 ${before.toFixed(0)} 字节，差异加快照 ${after.toFixed(0)} 字节（其中快照 ${(snapshots / rows.length).toFixed(0)}，差异 ${(changes / rows.length).toFixed(0)}）`,
    );
    expect(after).toBeLessThan(before / 10);
  });

  it('keeps the history append-only', async () => {
    await expect(t.db.kysely.updateTable('package_versions').set({ changes: '[]' }).where('package_id', '=', id).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(t.db.kysely.deleteFrom('package_versions').where('package_id', '=', id).execute()).rejects.toThrow(/append-only/);
  });
});

describe.each(BACKENDS)('migration 008 on %s', (backend) => {
  it('carries every whole-copy version over, each rebuilt exactly, and the current content', async () => {
    const { kysely, cleanup } = await emptyDb(backend);
    try {
      await migrate(kysely as Kysely<unknown>, backend, '007_removal');
      const at = new Date().toISOString();
      await sql`insert into orgs (id, name, kind, created_at) values ('o', '单位', 'unit', ${at})`.execute(kysely);
      await sql`insert into users (id, username, display_name, role, org_id, password_hash, created_at) values ('u', 'u', '用户', 'filler', 'o', 'x', ${at})`.execute(
        kysely,
      );
      const rng = random(5);
      const seed = JSON.parse(
        (await import('node:fs')).readFileSync(new URL('../../../examples/lvxianting-2023.json', import.meta.url), 'utf8'),
      );
      const texts: string[] = [];
      // Two packages: one saved 75 times, one removed and started again (its diff is from nothing).
      for (const [pkg, saves] of [
        ['p1', 75],
        ['p2', 3],
      ] as const) {
        let data: Data = seed;
        const versions: string[] = [];
        for (let v = 1; v <= saves; v++) {
          const before = v === 1 ? {} : data;
          if (v > 1) data = edit(data, rng, v);
          if (pkg === 'p2' && v === 3) data = { ...seed, year: 2030 };
          // Diffs as they were recorded then: a removed key or element read as null, no marker.
          const changes = (pkg === 'p2' && v === 3 ? diffJson({}, data) : diffJson(before, data)).map(({ removed: _r, ...c }: Change) => c);
          versions.push(JSON.stringify(data));
          if (v === 1) {
            await sql`insert into packages (id, org_id, year, status, version, updated_at, updated_by) values (${pkg}, 'o', ${pkg === 'p1' ? 2023 : 2024}, 'draft', 1, ${at}, 'u')`.execute(
              kysely,
            );
          } else {
            await sql`update packages set version = ${v} where id = ${pkg}`.execute(kysely);
          }
          await sql`insert into package_versions (package_id, version, data, changes, action, user_id, at) values (${pkg}, ${v}, ${JSON.stringify(data)}, ${JSON.stringify(changes)}, ${v === 1 ? 'create' : 'save'}, 'u', ${at})`.execute(
            kysely,
          );
        }
        texts.push(...versions.map((text, i) => `${pkg}@${i + 1}:${text}`));
      }

      await migrate(kysely as Kysely<unknown>, backend);
      for (const entry of texts) {
        const [, pkg, version, text] = /^(\w+)@(\d+):(.*)$/s.exec(entry) as RegExpExecArray;
        expect(JSON.stringify(await storedVersion(kysely, pkg as string, Number(version))), entry.slice(0, 8)).toBe(text);
      }
      const contents = await kysely.selectFrom('package_contents').selectAll().orderBy('package_id').execute();
      expect(contents.map((c) => [c.package_id, c.version])).toEqual([
        ['p1', 75],
        ['p2', 3],
      ]);
      expect(contents[0]?.content).toBe(texts[74]?.slice('p1@75:'.length));
      const snapshots = await kysely
        .selectFrom('package_versions')
        .select(['package_id', 'version'])
        .where('snapshot', 'is not', null)
        .execute();
      expect(snapshots.length).toBeLessThan(30);
      await expect(kysely.deleteFrom('package_versions').execute()).rejects.toThrow(/append-only/);
    } finally {
      await cleanup();
    }
  });
});
