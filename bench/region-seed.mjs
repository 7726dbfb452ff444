// A region built through the service's own code (so every package has its stored summary), for the
// benches that measure the service at region scale (region.mjs, overview.mjs, export.mjs): the demo's
// finance bureau over `departments` departments and `units` units, a package per unit and year.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePackage } from '@jixiao/core';
import { sql } from 'kysely';
import { buildApp, openDatabase, seedDemo } from '@jixiao/server';
import { createPackage } from '../packages/server/dist/package-service.js';
import { hashPassword } from '../packages/server/dist/password.js';
import { pinnedToUnit } from '../packages/server/dist/routes/packages.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The seed package, parsed: what every bench unit's package starts from. */
export const SEED = parsePackage(JSON.parse(readFileSync(join(ROOT, 'examples/lvxianting-2023.json'), 'utf8'))).package;
/** The password of the demo's finance reviewer (caizheng) in a seeded region. */
export const PASSWORD = 'bench-region-password';

/**
 * Builds the region. `packageFor(i, year)` is unit i's package content for a year (the seed by default),
 * `statusFor(i, year)` the status it is left in; the units of the first `fillers` draft packages get a 填报
 * account each (`tianbao1`, … with PASSWORD). Returns the departments' ids and every package's id, year, status and its filler's username if it has one.
 */
export async function seedRegion(
  config,
  {
    units,
    departments: departmentCount,
    years = [2024],
    packageFor = () => SEED,
    statusFor = () => 'draft',
    place = '测试市',
    fillers = 0,
  },
) {
  const db = await openDatabase(config);
  const app = await buildApp({ db, webRoot: null, workJobs: false });
  await app.ready();
  const s = app.services;
  await seedDemo(s, { mustChangePassword: false });
  const finance = await db.kysely.selectFrom('users').select(['id', 'org_id']).where('username', '=', 'caizheng').executeTakeFirstOrThrow();
  await db.kysely
    .updateTable('users')
    .set({ password_hash: await hashPassword(PASSWORD) })
    .execute();
  const caller = { userId: finance.id, username: 'caizheng', displayName: '', role: 'finance_reviewer', orgId: finance.org_id };
  const at = new Date().toISOString();
  const departments = Array.from({ length: departmentCount }, (_, i) => ({
    id: randomUUID(),
    name: `${place}第${i + 1}主管部门`,
    kind: 'department',
    parent_id: finance.org_id,
    created_at: at,
  }));
  const width = String(units).length;
  const unitRows = Array.from({ length: units }, (_, i) => ({
    id: randomUUID(),
    name: `${place}第${String(i + 1).padStart(width, '0')}预算单位`,
    kind: 'unit',
    parent_id: departments[i % departmentCount].id,
    created_at: at,
  }));
  await db.kysely.insertInto('orgs').values(departments).execute();
  for (let i = 0; i < unitRows.length; i += 500)
    await db.kysely
      .insertInto('orgs')
      .values(unitRows.slice(i, i + 500))
      .execute();
  await s.tree.changed();
  const packages = [];
  for (const [i, unit] of unitRows.entries()) {
    for (const year of years) {
      const data = { ...packageFor(i, year), year };
      const row = await createPackage(s, caller, unit.id, year, pinnedToUnit(s, data, unit.id, year), 'create');
      const status = statusFor(i, year);
      if (status !== 'draft') await db.kysely.updateTable('packages').set({ status }).where('id', '=', row.id).execute();
      packages.push({ id: row.id, year, status });
    }
  }
  // A 填报 account for each of the first `fillers` draft packages' units, for the benches that save.
  const fillerHash = fillers > 0 ? await hashPassword(PASSWORD) : '';
  const drafts = packages.filter((p) => p.status === 'draft').slice(0, fillers);
  for (const [n, p] of drafts.entries()) {
    const { org_id } = await db.kysely.selectFrom('packages').select('org_id').where('id', '=', p.id).executeTakeFirstOrThrow();
    await db.kysely
      .insertInto('users')
      .values({
        id: randomUUID(),
        username: `tianbao${n + 1}`,
        display_name: `填报${n + 1}`,
        role: 'filler',
        org_id,
        password_hash: fillerHash,
        disabled: 0,
        must_change_password: 0,
        created_at: at,
      })
      .execute();
    p.filler = `tianbao${n + 1}`;
  }
  // A region's tables as they are in service: analysed (autovacuum does it a while after a bulk load),
  // and on PostgreSQL the load's pages written out, so that the checkpoint it calls for does not fall
  // in the middle of a measurement.
  await sql`${sql.raw(config.databaseUrl ? 'vacuum analyze' : 'pragma optimize=0x10002')}`.execute(db.kysely);
  if (config.databaseUrl) await sql`checkpoint`.execute(db.kysely);
  await app.close();
  await db.close();
  return { departmentIds: departments.map((d) => d.id), packages };
}

/** Logs a user of a seeded region in (the finance reviewer by default); the session cookie and CSRF token as headers. */
export async function login(url, username = 'caizheng') {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
  return { cookie: res.headers.get('set-cookie').split(';')[0], 'x-csrf-token': (await res.json()).csrfToken };
}
