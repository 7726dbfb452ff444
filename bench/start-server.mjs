// The built service in its own process, on a free port, as the benches drive it; and the PostgreSQL they use.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const START = join(dirname(fileURLToPath(import.meta.url)), '../packages/server/dist/start.js');

/**
 * Starts the service with `env` (over a SQLite default) as `npm start` and the documented service units
 * run it (MALLOC_ARENA_MAX=2: see docs/deployment.md); resolves with the child and its base URL once it listens.
 */
export function startServer(env) {
  const child = spawn(process.execPath, [START], {
    env: { MALLOC_ARENA_MAX: '2', ...process.env, PORT: '0', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
      if (match) resolve({ child, url: match[0] });
    });
    child.stderr.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
}

/** PostgreSQL on 127.0.0.1:5432, database `test`, trust auth: the first user that connects, or null. */
export async function findPostgres() {
  for (const user of ['postgres', 'root']) {
    const client = new pg.Client({ connectionString: `postgres://${user}@127.0.0.1:5432/test`, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      return `postgres://${user}@127.0.0.1:5432/test`;
    } catch {
      // next user
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  return null;
}

/** Runs `work` with a throw-away schema name, then drops it and the job queue's schema beside it (job-settings.ts). */
export async function withSchema(url, work) {
  const schema = `bench_${randomUUID().replaceAll('-', '')}`;
  try {
    await work(schema);
  } finally {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.query(`drop schema if exists ${schema}_queue cascade`);
    await client.end();
  }
}
