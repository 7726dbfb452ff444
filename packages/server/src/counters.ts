/**
 * Counters every app process shares, in the database: failed logins per address and per unknown
 * user name, and the per-route rate limits. Each change is one atomic upsert, so N processes (or
 * machines) count together exactly as one would.
 */
import { sql, type Kysely } from 'kysely';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Database } from './db/schema.js';

export interface Count {
  count: number;
  /** start of the window (or time of the last hit), epoch milliseconds */
  since: number;
}

/** Rows untouched this long are forgotten, so that a flood of addresses cannot grow the table without end. */
const FORGET_AFTER_MS = 24 * 3_600_000;

export class Counters {
  private lastPrune = 0;

  constructor(private readonly db: Kysely<Database>) {}

  async get(key: string): Promise<Count | null> {
    const row = await this.db.selectFrom('counters').select(['count', 'since']).where('key', '=', key).executeTakeFirst();
    return row ? { count: row.count, since: Number(row.since) } : null;
  }

  /** One more within a fixed window of `windowMs`; a passed window starts again at one. */
  async hitWindow(key: string, windowMs: number, now = Date.now()): Promise<Count> {
    const expired = sql<boolean>`${sql.ref('counters.since')} <= ${now - windowMs}`;
    return this.upsert(key, now, {
      count: sql<number>`case when ${expired} then 1 else ${sql.ref('counters.count')} + 1 end`,
      since: sql<number>`case when ${expired} then ${now} else ${sql.ref('counters.since')} end`,
    });
  }

  /** One more, remembering when: `since` is the time of the last hit. */
  async hitLast(key: string, now = Date.now()): Promise<Count> {
    return this.upsert(key, now, { count: sql<number>`${sql.ref('counters.count')} + 1`, since: sql<number>`${now}` });
  }

  private async upsert(key: string, now: number, update: { count: ReturnType<typeof sql<number>>; since: ReturnType<typeof sql<number>> }) {
    const row = await this.db
      .insertInto('counters')
      .values({ key, count: 1, since: now })
      .onConflict((oc) => oc.column('key').doUpdateSet(update))
      .returning(['count', 'since'])
      .executeTakeFirstOrThrow();
    if (now - this.lastPrune > 60_000) {
      this.lastPrune = now;
      // Only timed counters: the organisations' generation (since 0) is never forgotten.
      await this.db
        .deleteFrom('counters')
        .where('since', '>', 0)
        .where('since', '<', now - FORGET_AFTER_MS)
        .execute();
    }
    return { count: row.count, since: Number(row.since) };
  }
}

/**
 * The rate-limit plugin's store class (the plugin constructs it, and a child per route with the
 * route's window), counting in `counters`.
 */
export function sharedRateLimitStore(counters: Counters): FastifyRateLimitStoreCtor {
  return class SharedStore implements FastifyRateLimitStore {
    private readonly windowMs: number;

    constructor(options: object) {
      const window = (options as { timeWindow?: unknown }).timeWindow;
      this.windowMs = typeof window === 'number' ? window : 60_000;
    }

    incr(key: string, done: (error: Error | null, result?: { current: number; ttl: number }) => void): void {
      const now = Date.now();
      counters.hitWindow(`rate:${key}`, this.windowMs, now).then(
        ({ count, since }) => done(null, { current: count, ttl: Math.max(0, since + this.windowMs - now) }),
        (error: Error) => done(error),
      );
    }

    child(routeOptions: object): FastifyRateLimitStore {
      return new SharedStore(routeOptions);
    }
  };
}
