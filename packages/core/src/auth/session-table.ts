// Bearer sessions: opaque random tokens, kept only as their SHA-256 digest so a memory dump or a log of the
// table reveals no usable token.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** One session. */
export interface Session {
  readonly user: string;
  /** Expiry, ms since the epoch. */
  readonly expiresAt: number;
  /** The user's credential stamp at login; a different stamp now means the password changed. */
  readonly stamp: string;
  readonly digest: Buffer;
}

/** The sessions of one server. */
export interface SessionTable {
  /** Creates a session and returns its token (shown to the client once, never stored). */
  issue(user: string, stamp: string, expiresAt: number): string;
  /** The session of a token, or undefined (unknown or revoked). */
  find(token: string): Session | undefined;
  /** Ends the session of a token; unknown tokens are ignored. */
  revoke(token: string): void;
  /** Ends every session of a user; returns how many. */
  revokeUser(user: string): number;
  /** Drops sessions that expired before `before` (ms since the epoch). */
  sweep(before: number): void;
  /** Number of sessions held (expired ones included until swept). */
  readonly size: number;
}

function digestOf(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Creates a session table holding at most `maxSessions` (the oldest go first). */
export function createSessionTable(maxSessions: number): SessionTable {
  const sessions = new Map<string, Session>();
  return {
    issue(user, stamp, expiresAt) {
      const token = randomBytes(32).toString('base64url');
      const digest = digestOf(token);
      while (sessions.size >= maxSessions) {
        const oldest = sessions.keys().next();
        if (oldest.done === true) break;
        sessions.delete(oldest.value);
      }
      sessions.set(digest.toString('base64url'), { user, expiresAt, stamp, digest });
      return token;
    },
    find(token) {
      const digest = digestOf(token);
      const session = sessions.get(digest.toString('base64url'));
      // The map lookup is keyed by a hash the caller cannot steer; the constant-time check is defence in depth.
      return session && timingSafeEqual(session.digest, digest) ? session : undefined;
    },
    revoke(token) {
      sessions.delete(digestOf(token).toString('base64url'));
    },
    revokeUser(user) {
      let count = 0;
      for (const [key, session] of sessions) {
        if (session.user === user) {
          sessions.delete(key);
          count += 1;
        }
      }
      return count;
    },
    sweep(before) {
      for (const [key, session] of sessions) if (session.expiresAt < before) sessions.delete(key);
    },
    get size() {
      return sessions.size;
    },
  };
}
