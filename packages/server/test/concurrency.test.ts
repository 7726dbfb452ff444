import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Client, type TestApp, startApp } from './harness.js';

describe.each(BACKENDS)('concurrent saves on %s', (backend) => {
  let t: TestApp;
  let filler: Client;
  let head: Client;
  let id: string;

  beforeAll(async () => {
    t = await startApp(backend);
    [filler, head] = await Promise.all([t.client('tianbao'), t.client('fuzeren')]);
    id = (await filler.get('/api/packages?year=2023')).body.packages.find((p: { status: string }) => p.status === 'draft').id;
  });
  afterAll(async () => t?.close());

  it('lets exactly one of two saves from the same version win; the other gets 409 with the winner’s content', async () => {
    const base = (await filler.get(`/api/packages/${id}`)).body;
    const mine = structuredClone(base.data);
    mine.signature.filler = '刘填报';
    const theirs = structuredClone(base.data);
    theirs.signature.unitHead = '张负责人';
    const [a, b] = await Promise.all([
      filler.put(`/api/packages/${id}`, { version: base.version, data: mine }),
      head.put(`/api/packages/${id}`, { version: base.version, data: theirs }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const [won, lost] = a.status === 200 ? [a, b] : [b, a];
    expect(lost.body.error.code).toBe('VERSION_CONFLICT');
    expect(lost.body.error.details.current.version).toBe(base.version + 1);
    expect(lost.body.error.details.current.data).toEqual(won.body.data);
    // The loser re-applies its change on the current version: both changes are kept.
    const loserClient = lost === a ? filler : head;
    const merged = structuredClone(lost.body.error.details.current.data);
    if (lost === a) merged.signature.filler = '刘填报';
    else merged.signature.unitHead = '张负责人';
    const retry = await loserClient.put(`/api/packages/${id}`, { version: base.version + 1, data: merged });
    expect(retry.status).toBe(200);
    expect(retry.body.data.signature).toMatchObject({ filler: '刘填报', unitHead: '张负责人' });
  });

  it('of many simultaneous saves from one version, stores exactly one', async () => {
    const base = (await filler.get(`/api/packages/${id}`)).body;
    const attempts = await Promise.all(
      Array.from({ length: 12 }, (_, i) => {
        const data = structuredClone(base.data);
        data.signature.phone = `phone-${i}`;
        return (i % 2 ? head : filler).put(`/api/packages/${id}`, { version: base.version, data });
      }),
    );
    expect(attempts.filter((r) => r.status === 200)).toHaveLength(1);
    expect(attempts.filter((r) => r.status === 409)).toHaveLength(11);
    const history = (await filler.get(`/api/packages/${id}/history`)).body;
    expect(history.versions[0].version).toBe(base.version + 1);
  });

  it('creates one package when the same unit and year are created twice at once', async () => {
    const unit = (await filler.get(`/api/packages/${id}`)).body.orgId;
    const [a, b] = await Promise.all([
      filler.post('/api/packages', { orgId: unit, year: 2031, from: 'blank' }),
      head.post('/api/packages', { orgId: unit, year: 2031, from: 'blank' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const created = a.status === 201 ? a : b;
    const refused = a.status === 201 ? b : a;
    expect(refused.body.error).toMatchObject({ code: 'DUPLICATE', details: { id: created.body.id } });
  });

  it('never loses an update when two clients keep editing different fields and retry on 409', async () => {
    const rounds = 15;
    // Each client counts its own field up, re-applying its change to the current content on conflict.
    const editor = async (client: Client, field: 'filler' | 'unitHead') => {
      let pkg = (await client.get(`/api/packages/${id}`)).body;
      for (let n = 1; n <= rounds; n++) {
        for (;;) {
          const data = structuredClone(pkg.data);
          data.signature[field] = `${field}-${n}`;
          const res = await client.put(`/api/packages/${id}`, { version: pkg.version, data });
          if (res.status === 200) {
            pkg = res.body;
            break;
          }
          expect(res.status).toBe(409);
          pkg = res.body.error.details.current;
        }
      }
    };
    const before = (await filler.get(`/api/packages/${id}`)).body.version;
    await Promise.all([editor(filler, 'filler'), editor(head, 'unitHead')]);
    const final = (await filler.get(`/api/packages/${id}`)).body;
    expect(final.data.signature).toMatchObject({ filler: `filler-${rounds}`, unitHead: `unitHead-${rounds}` });
    expect(final.version).toBe(before + 2 * rounds);
    // Every acknowledged save is a version of its own, in the append-only history.
    const versions = (await filler.get(`/api/packages/${id}/history`)).body.versions;
    expect(versions.filter((v: { version: number }) => v.version > before)).toHaveLength(2 * rounds);
  });
});
