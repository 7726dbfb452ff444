import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema.js';
import type { Caller } from './policy.js';

export const SESSION_COOKIE = 'jixiao_sid';
export const SESSION_HOURS = 12;
/** How long a looked-up session is trusted without asking the database again. */
const CACHE_MS = 10_000;

const digest = (token: string): string => createHash('sha256').update(token).digest('hex');

/** The stored id of a session: the digest of its cookie value. */
export const sessionId = digest;

/**
 * Server-side sessions. The cookie holds a random token; the database holds only its SHA-256, so a
 * leaked database does not leak live sessions. Every request needs its caller, so a lookup is kept
 * for a few seconds; ending a session here drops it at once.
 */
export class Sessions {
  private readonly cache = new Map<string, { caller: Caller; until: number }>();

  constructor(private readonly db: Kysely<Database>) {}

  /** Creates a session; returns the cookie value and the CSRF token. */
  async create(userId: string): Promise<{ token: string; csrfToken: string }> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600_000).toISOString();
    // Logins are rare next to requests: a good moment to drop the sessions that have run out.
    await this.db.deleteFrom('sessions').where('expires_at', '<=', new Date().toISOString()).execute();
    await this.db
      .insertInto('sessions')
      .values({ id: digest(token), user_id: userId, csrf_token: csrfToken, expires_at: expiresAt })
      .execute();
    return { token, csrfToken };
  }

  /** The caller behind a session cookie, or null when the session is unknown, expired or its user disabled. */
  async callerOf(token: string): Promise<Caller | null> {
    const id = digest(token);
    const cached = this.cache.get(id);
    if (cached && cached.until > Date.now()) return cached.caller;
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'users.id',
        'users.username',
        'users.display_name',
        'users.role',
        'users.org_id',
        'users.disabled',
        'users.must_change_password',
        'sessions.csrf_token',
        'sessions.expires_at',
      ])
      .where('sessions.id', '=', id)
      .executeTakeFirst();
    if (!row || row.disabled || row.expires_at <= new Date().toISOString()) {
      this.cache.delete(id);
      return null;
    }
    const caller: Caller = {
      userId: row.id,
      username: row.username,
      displayName: row.display_name,
      role: row.role,
      orgId: row.org_id,
      csrfToken: row.csrf_token,
      mustChangePassword: Boolean(row.must_change_password),
    };
    this.cache.set(id, { caller, until: Math.min(Date.now() + CACHE_MS, Date.parse(row.expires_at)) });
    return caller;
  }

  async delete(token: string): Promise<void> {
    this.cache.delete(digest(token));
    await this.db.deleteFrom('sessions').where('id', '=', digest(token)).execute();
  }

  /** Ends every session of a user (password, role or organisation changed, account disabled). */
  async deleteForUser(userId: string): Promise<void> {
    this.forget(userId);
    await this.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  }

  /** Drops the cached lookups of a user, so that changes to the account show at once. */
  forget(userId: string): void {
    for (const [id, entry] of this.cache) if (entry.caller.userId === userId) this.cache.delete(id);
  }
}
