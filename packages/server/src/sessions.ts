import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema.js';
import type { Caller } from './policy.js';

export const SESSION_COOKIE = 'jixiao_sid';
export const SESSION_HOURS = 12;

const digest = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Creates a session; returns the cookie value (only its hash is stored) and the CSRF token. */
export async function createSession(db: Kysely<Database>, userId: string): Promise<{ token: string; csrfToken: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600_000).toISOString();
  // Logins are rare next to requests: a good moment to drop the sessions that have run out.
  await db.deleteFrom('sessions').where('expires_at', '<=', new Date().toISOString()).execute();
  await db.insertInto('sessions').values({ id: digest(token), user_id: userId, csrf_token: csrfToken, expires_at: expiresAt }).execute();
  return { token, csrfToken };
}

/** The caller behind a session cookie, or null when the session is unknown, expired or its user disabled. */
export async function callerOf(db: Kysely<Database>, token: string): Promise<Caller | null> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.username', 'users.display_name', 'users.role', 'users.org_id', 'users.disabled', 'sessions.csrf_token', 'sessions.expires_at'])
    .where('sessions.id', '=', digest(token))
    .executeTakeFirst();
  if (!row || row.disabled || row.expires_at <= new Date().toISOString()) return null;
  return {
    userId: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    orgId: row.org_id,
    csrfToken: row.csrf_token,
  };
}

export async function deleteSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', digest(token)).execute();
}

/** Ends every session of a user (password change, account disabled). */
export async function deleteUserSessions(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}
