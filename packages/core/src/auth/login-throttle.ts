// Counts failed logins per key (a user name, a remote address) and locks a key out for a time that doubles
// with each lock-out, so password guessing slows to a crawl while a typo costs nothing.
import { IsobarError } from '@isobar/protocol';

/** Options of {@link createLoginThrottle}. */
export interface LoginThrottleOptions {
  /** Failures within `windowMs` that cause a lock-out. @default 5 */
  readonly maxFailures?: number;
  /** The window failures are counted in. @default 900000 (15 min) */
  readonly windowMs?: number;
  /** The first lock-out; each further one within the window doubles it. @default 60000 (1 min) */
  readonly lockoutMs?: number;
  /** The longest lock-out. @default 3600000 (1 h) */
  readonly maxLockoutMs?: number;
  /** Keys remembered at most; the least recently used go first, so memory stays bounded. @default 10000 */
  readonly maxEntries?: number;
}

/** {@link LoginThrottleOptions} with defaults applied. */
export type ResolvedLoginThrottleOptions = Required<LoginThrottleOptions>;

/** Defaults of {@link LoginThrottleOptions}. */
export const DEFAULT_LOGIN_THROTTLE: ResolvedLoginThrottleOptions = Object.freeze({
  maxFailures: 5,
  windowMs: 15 * 60_000,
  lockoutMs: 60_000,
  maxLockoutMs: 60 * 60_000,
  maxEntries: 10_000,
});

interface Entry {
  failures: number;
  windowStart: number;
  lockedUntil: number;
  /** Lock-outs so far; the next one lasts `lockoutMs * 2^level`. */
  level: number;
}

/** Failure counters for login attempts. */
export interface LoginThrottle {
  /** Throws `THROTTLED` with `details.retryAfter` (seconds) when any key is locked out. */
  check(keys: readonly string[], now: number): void;
  /** Records a failed attempt for every key. */
  fail(keys: readonly string[], now: number): void;
  /** Forgets a key (a successful login resets the user's counter). */
  reset(key: string): void;
  /** Number of keys remembered. */
  readonly size: number;
}

/** Creates a {@link LoginThrottle} with resolved options. */
export function createLoginThrottle(options: ResolvedLoginThrottleOptions): LoginThrottle {
  // A Map iterates in insertion order; re-inserting on every touch makes its first key the least recently used.
  const entries = new Map<string, Entry>();
  const expired = (entry: Entry, now: number): boolean =>
    now >= Math.max(entry.lockedUntil, entry.windowStart + options.windowMs) + options.windowMs;

  const lookup = (key: string, now: number): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && expired(entry, now)) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };

  const makeRoom = (now: number): void => {
    if (entries.size < options.maxEntries) return;
    for (const [key, entry] of entries) if (expired(entry, now)) entries.delete(key);
    for (const key of entries.keys()) {
      if (entries.size < options.maxEntries) break;
      entries.delete(key);
    }
  };

  const failOne = (key: string, now: number): void => {
    const entry = lookup(key, now) ?? { failures: 0, windowStart: now, lockedUntil: 0, level: 0 };
    entries.delete(key);
    if (now - entry.windowStart > options.windowMs) Object.assign(entry, { failures: 0, windowStart: now });
    entry.failures += 1;
    if (entry.failures >= options.maxFailures) {
      entry.lockedUntil = now + Math.min(options.maxLockoutMs, options.lockoutMs * 2 ** entry.level);
      entry.level += 1;
      entry.failures = 0;
      entry.windowStart = now;
    }
    makeRoom(now);
    entries.set(key, entry);
  };

  return {
    check(keys, now) {
      let until = 0;
      for (const key of keys) until = Math.max(until, lookup(key, now)?.lockedUntil ?? 0);
      if (until > now) {
        const retryAfter = Math.max(1, Math.ceil((until - now) / 1000));
        throw new IsobarError('THROTTLED', { details: { retryAfter } });
      }
    },
    fail(keys, now) {
      for (const key of keys) failOne(key, now);
    },
    reset(key) {
      entries.delete(key);
    },
    get size() {
      return entries.size;
    },
  };
}
