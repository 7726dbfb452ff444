import { createHash } from 'node:crypto';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/**
 * How many statement texts a process prepares at most. Each connection keeps a prepared statement for
 * every name it has run, so the bound is what a connection can hold; the statements a service runs
 * again and again (reading a package, saving it, its lists) are a few dozen and are met first.
 */
const PREPARED_LIMIT = 256;

/**
 * PostgreSQL refuses to run a prepared statement whose result columns a schema change has altered
 * ("cached plan must not change result type": a newer release added a column while this process ran).
 */
const STALE_PLAN = '0A000';

/**
 * Statements whose best plan depends on their values: a list's page (LIMIT, OFFSET, ORDER BY) and a
 * name or path search (LIKE). A prepared statement is planned for any values after a few runs, and
 * such a generic plan reads a 10,000-unit region's 100th page in 180 ms instead of 40: these are
 * planned afresh for each run's values, as unnamed statements are.
 */
const VALUE_DEPENDENT_PLAN = /\b(?:limit|offset|order\s+by|i?like)\b/i;

/**
 * A pool whose connections run repeated statements as named prepared statements. PostgreSQL then
 * parses a statement once per connection and, after a few runs, plans it once too: for a save, whose
 * one statement writes five tables, parsing and planning cost as much as running it. A text is
 * prepared the second time it is seen, so one-off texts (an IN list of a given length, a migration)
 * stay unnamed; statements without parameters (begin, commit) gain nothing and are left alone, and
 * so are those whose plan depends on their values. A text whose prepared plan went stale runs unnamed
 * from then on.
 */
export function preparingPool(pool: pg.Pool, limit = PREPARED_LIMIT): PostgresPool {
  const names = new Map<string, string>();
  const seen = new Set<string>();
  const unnamed = new Set<string>();
  let prepared = 0;
  const nameOf = (text: string): string | undefined => {
    const name = names.get(text);
    if (name !== undefined || prepared >= limit || unnamed.has(text)) return name;
    if (VALUE_DEPENDENT_PLAN.test(text)) {
      if (unnamed.size < limit * 4) unnamed.add(text);
      return undefined;
    }
    if (!seen.has(text)) {
      // Bounded like the names: past the bound nothing new is remembered.
      if (seen.size < limit * 4) seen.add(text);
      return undefined;
    }
    seen.delete(text);
    prepared += 1;
    // Named by the text itself: a connection that holds a name for another text refuses the new one.
    const next = `jixiao_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    names.set(text, next);
    return next;
  };
  const run = async (client: pg.PoolClient, text: string, values: unknown[]) => {
    const name = nameOf(text);
    if (name === undefined) return client.query(text, values);
    try {
      return await client.query({ name, text, values });
    } catch (error) {
      if ((error as { code?: string }).code === STALE_PLAN && names.get(text) === name) {
        names.delete(text);
        unnamed.add(text);
      }
      throw error;
    }
  };
  // Kysely's client type overloads query for texts and cursors; the one function serves both.
  const wrap = (client: pg.PoolClient): PostgresPoolClient =>
    ({
      query(textOrCursor: unknown, parameters?: readonly unknown[]) {
        if (typeof textOrCursor !== 'string' || !parameters || parameters.length === 0)
          return client.query(textOrCursor as never, parameters as never);
        return run(client, textOrCursor, [...parameters]);
      },
      release: (destroy?: boolean) => client.release(destroy),
    }) as unknown as PostgresPoolClient;
  // One wrapper per connection: Kysely keeps its connection state by the client object it is given.
  const wrapped = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    connect: async () => {
      const client = await pool.connect();
      let wrapper = wrapped.get(client);
      if (!wrapper) wrapped.set(client, (wrapper = wrap(client)));
      return wrapper;
    },
    end: () => pool.end(),
  };
}
