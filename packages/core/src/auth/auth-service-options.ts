import { noopLogger, type Logger } from '@isobar/protocol';
import {
  DEFAULT_LOGIN_THROTTLE,
  type LoginThrottleOptions,
  type ResolvedLoginThrottleOptions,
} from './login-throttle.js';
import { createProblemCollector, type ProblemCollector } from './option-checks.js';
import type { UserStore } from './user-store-types.js';

/** Options of {@link createAuthService}. */
export interface AuthServiceOptions {
  /** Where users come from (see `createUserStore`). */
  readonly users: UserStore;
  /** Lifetime of a bearer token. @default 3600000 (1 h) */
  readonly tokenTtlMs?: number;
  /** Clock in ms since the epoch (tests inject one). @default Date.now */
  readonly now?: () => number;
  /** Login throttling, per user name and per remote address. @default 5 failures in 15 min → 1 min, doubling to 1 h */
  readonly throttle?: LoginThrottleOptions;
  /** Accept HTTP Basic credentials on every request. @default false */
  readonly basicEnabled?: boolean;
  /** How long a verified Basic user+password pair skips scrypt; 0 = never. @default 60000 */
  readonly basicCacheTtlMs?: number;
  /** Sessions held at most; the oldest end first. @default 100000 */
  readonly maxSessions?: number;
  /** Logger (failed logins, throttling). @default noopLogger */
  readonly logger?: Logger;
  /**
   * While the users file does not exist, report the service as open (`isOpen()`): the HTTP facility then
   * serves direct loopback requests as the anonymous admin, as a server without an authenticator does. Once
   * the file exists (written by `isobar-server users add`, or by `users.add` over RPC) the service is closed
   * for good: the launcher's way to switch to authenticated mode without a restart.
   * @default false (no users means nobody gets in)
   */
  readonly openWithoutUsersFile?: boolean;
}

/** {@link AuthServiceOptions} validated, with defaults applied. */
export interface ResolvedAuthServiceOptions {
  readonly users: UserStore;
  readonly tokenTtlMs: number;
  readonly now: () => number;
  readonly throttle: ResolvedLoginThrottleOptions;
  readonly basicEnabled: boolean;
  readonly basicCacheTtlMs: number;
  readonly maxSessions: number;
  readonly logger: Logger;
  readonly openWithoutUsersFile: boolean;
}

const DAY_MS = 24 * 60 * 60_000;

function checkThrottle(check: ProblemCollector, throttle: LoginThrottleOptions | undefined): void {
  if (throttle === undefined) return;
  check.integer('throttle.maxFailures', throttle.maxFailures, { min: 1, max: 1000 });
  check.integer('throttle.windowMs', throttle.windowMs, { min: 1000, max: DAY_MS });
  check.integer('throttle.lockoutMs', throttle.lockoutMs, { min: 1000, max: DAY_MS });
  check.integer('throttle.maxLockoutMs', throttle.maxLockoutMs, { min: 1000, max: 7 * DAY_MS });
  check.integer('throttle.maxEntries', throttle.maxEntries, { min: 1, max: 10_000_000 });
}

/**
 * Validates the options once, reporting every problem in one `CONFIG_ERROR`, and applies defaults.
 *
 * @example
 * ```ts
 * resolveAuthServiceOptions({ users, tokenTtlMs: 15 * 60_000 }).basicEnabled; // false
 * ```
 */
export function resolveAuthServiceOptions(options: AuthServiceOptions): ResolvedAuthServiceOptions {
  const check = createProblemCollector();
  const users = options.users as UserStore | undefined;
  if (typeof users?.verify !== 'function') check.problems.push('users must be a user store');
  check.integer('tokenTtlMs', options.tokenTtlMs, { min: 1000, max: 30 * DAY_MS });
  if (options.now !== undefined && typeof options.now !== 'function') check.problems.push('now must be a function');
  checkThrottle(check, options.throttle);
  check.boolean('basicEnabled', options.basicEnabled);
  check.integer('basicCacheTtlMs', options.basicCacheTtlMs, { min: 0, max: DAY_MS });
  check.integer('maxSessions', options.maxSessions, { min: 1, max: 10_000_000 });
  check.boolean('openWithoutUsersFile', options.openWithoutUsersFile);
  check.throwIfAny('auth service');
  return {
    users: options.users,
    tokenTtlMs: options.tokenTtlMs ?? 60 * 60_000,
    now: options.now ?? Date.now,
    throttle: { ...DEFAULT_LOGIN_THROTTLE, ...withoutUndefined(options.throttle ?? {}) },
    basicEnabled: options.basicEnabled ?? false,
    basicCacheTtlMs: options.basicCacheTtlMs ?? 60_000,
    maxSessions: options.maxSessions ?? 100_000,
    logger: options.logger ?? noopLogger,
    openWithoutUsersFile: options.openWithoutUsersFile ?? false,
  };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
