// HTTP Basic sends the password with every request; running scrypt (~100 ms) each time would make Basic
// clients a denial of service. A verified user+password pair is remembered briefly, keyed by an HMAC under a
// per-process secret so the cache holds nothing that helps recover a password.
import { createHmac, randomBytes } from 'node:crypto';

interface CachedCredential {
  readonly user: string;
  readonly stamp: string;
  readonly expiresAt: number;
}

/** Remembers recently verified Basic credentials. */
export interface BasicCredentialCache {
  /** The cached stamp of this user+password, if verified within the TTL. */
  lookup(user: string, password: string, now: number): string | undefined;
  /** Remembers a verified pair with the user's credential stamp. */
  remember(user: string, password: string, options: { stamp: string; now: number }): void;
}

/** Creates a cache holding up to `maxEntries` pairs for `ttlMs` each (ttlMs 0 disables it). */
export function createBasicCredentialCache(ttlMs: number, maxEntries: number): BasicCredentialCache {
  const secret = randomBytes(32);
  const entries = new Map<string, CachedCredential>();
  const keyOf = (user: string, password: string): string =>
    createHmac('sha256', secret).update(user).update('\0').update(password).digest('base64url');
  return {
    lookup(user, password, now) {
      if (ttlMs === 0) return undefined;
      const key = keyOf(user, password);
      const entry = entries.get(key);
      if (entry === undefined || entry.user !== user) return undefined;
      if (entry.expiresAt <= now) {
        entries.delete(key);
        return undefined;
      }
      return entry.stamp;
    },
    remember(user, password, { stamp, now }) {
      if (ttlMs === 0) return;
      const key = keyOf(user, password);
      entries.delete(key);
      while (entries.size >= maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done === true) break;
        entries.delete(oldest.value);
      }
      entries.set(key, { user, stamp, expiresAt: now + ttlMs });
    },
  };
}
