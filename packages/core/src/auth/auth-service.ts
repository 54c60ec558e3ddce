import { timingSafeEqual } from 'node:crypto';
import { IsobarError, type UserRole } from '@isobar/protocol';
import {
  resolveAuthServiceOptions,
  type AuthServiceOptions,
  type ResolvedAuthServiceOptions,
} from './auth-service-options.js';
import { authorize } from './authorize.js';
import { createBasicCredentialCache } from './basic-cache.js';
import { createLoginThrottle } from './login-throttle.js';
import type { Principal } from './principal.js';
import type { AuthAccess } from './roles.js';
import { createSessionTable } from './session-table.js';
import { MAX_PASSWORD_LENGTH } from './user-fields.js';
import type { UserInfo, UserStore } from './user-store-types.js';

/** The answer to a successful login (the body of `POST /v1/auth/login`). */
export interface LoginResult {
  /** Opaque bearer token for `Authorization: Bearer …`. */
  readonly token: string;
  /** ISO-8601 UTC expiry of the token. */
  readonly expiresAt: string;
  readonly roles: UserRole[];
}

/**
 * Authentication and authorisation of user requests: logins with throttling, bearer sessions, HTTP Basic,
 * and role/suite checks. The HTTP layer's `Authenticator` interface is a subset of this.
 */
export interface AuthService {
  /** The user store the service checks against. */
  readonly users: UserStore;
  /** True when HTTP Basic credentials are accepted. */
  readonly basicEnabled: boolean;
  /** Checks a password and opens a session. `AUTH_FAILED`, or `THROTTLED` with `details.retryAfter` (s). */
  login(user: string, password: string, remote: string): Promise<LoginResult>;
  /** Ends the session of a token (unknown tokens are ignored). */
  logout(token: string): void;
  /** The principal of a bearer token; `AUTH_EXPIRED` once it expired, `AUTH_FAILED` if unknown or revoked. */
  authenticateBearer(token: string): Principal;
  /** The principal of Basic credentials; `AUTH_REQUIRED` when Basic is off, else as {@link login}. */
  authenticateBasic(user: string, password: string, remote: string): Promise<Principal>;
  /** Throws `FORBIDDEN` naming the role needed (see the `authorize` function). */
  authorize(principal: Principal, access: AuthAccess, suitePath?: string): void;
  /** Ends every session of a user; returns how many. */
  revokeUser(user: string): number;
  /** Sessions currently held (expired ones until swept). */
  readonly sessionCount: number;
  /** True while `openWithoutUsersFile` is set and the users file has never existed (see the option). */
  isOpen(): boolean;
}

function stampsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function principalOf(info: UserInfo, expiresAt?: number): Principal {
  return {
    user: info.user,
    roles: info.roles,
    ...(info.suites ? { suites: info.suites } : {}),
    ...(expiresAt === undefined ? {} : { expiresAt: new Date(expiresAt).toISOString() }),
  };
}

/**
 * Creates the auth service of a server.
 *
 * @example
 * ```ts
 * const users = await createUserStore({ home });
 * const auth = createAuthService({ users, tokenTtlMs: 60 * 60_000 });
 * const { token } = await auth.login('ops', 'correct horse', '127.0.0.1');
 * auth.authorize(auth.authenticateBearer(token), 'operator', '/s/f/t');
 * ```
 */
export function createAuthService(options: AuthServiceOptions): AuthService {
  const resolved = resolveAuthServiceOptions(options);
  const { users, now, logger } = resolved;
  const sessions = createSessionTable(resolved.maxSessions);
  const throttle = createLoginThrottle(resolved.throttle);
  const basicCache = createBasicCredentialCache(resolved.basicCacheTtlMs, 1000);
  const checkPassword = createPasswordCheck(resolved, throttle);
  let issuedSinceSweep = 0;

  const login = async (user: string, password: string, remote: string): Promise<LoginResult> => {
    const info = await checkPassword(user, password, remote);
    const stamp = users.credentialStamp(info.user);
    if (stamp === undefined) throw new IsobarError('AUTH_FAILED');
    const issuedAt = now();
    // Expired sessions stay one TTL longer so their holders get AUTH_EXPIRED (re-login) rather than AUTH_FAILED.
    if (++issuedSinceSweep >= 1000) {
      issuedSinceSweep = 0;
      sessions.sweep(issuedAt - resolved.tokenTtlMs);
    }
    const expiresAt = issuedAt + resolved.tokenTtlMs;
    const token = sessions.issue(info.user, stamp, expiresAt);
    logger.info('login', { user: info.user, remote });
    return { token, expiresAt: new Date(expiresAt).toISOString(), roles: [...info.roles] };
  };

  const authenticateBearer = (token: string): Principal => {
    const session = typeof token === 'string' && token.length > 0 ? sessions.find(token) : undefined;
    if (session === undefined) {
      throw new IsobarError('AUTH_FAILED', { message: 'The token is not valid (unknown, revoked or logged out)' });
    }
    if (now() >= session.expiresAt) throw new IsobarError('AUTH_EXPIRED');
    const info = users.get(session.user);
    const stamp = users.credentialStamp(session.user);
    if (info === undefined || stamp === undefined || !stampsEqual(stamp, session.stamp)) {
      sessions.revoke(token);
      throw new IsobarError('AUTH_FAILED', {
        message: 'The token was revoked because the user was deleted or their password changed',
      });
    }
    // Roles and suites come from the store on every request, so an admin's change applies at once.
    return principalOf(info, session.expiresAt);
  };

  const authenticateBasic = async (user: string, password: string, remote: string): Promise<Principal> => {
    if (!resolved.basicEnabled) {
      throw new IsobarError('AUTH_REQUIRED', {
        message: 'HTTP Basic authentication is not enabled on this server; log in for a bearer token',
      });
    }
    const cached = basicCache.lookup(user, password, now());
    const info = users.get(user);
    const stamp = users.credentialStamp(user);
    if (cached !== undefined && info !== undefined && stamp !== undefined && stampsEqual(cached, stamp)) {
      return principalOf(info);
    }
    const verified = await checkPassword(user, password, remote);
    const verifiedStamp = users.credentialStamp(verified.user);
    if (verifiedStamp !== undefined) basicCache.remember(user, password, { stamp: verifiedStamp, now: now() });
    return principalOf(verified);
  };

  let open = resolved.openWithoutUsersFile && !users.exists;
  // Asked on every request: two property reads until the file appears, then one.
  const isOpen = (): boolean => {
    if (open && users.exists) {
      open = false;
      logger.info('users file found: authentication is required from now on', { file: users.file });
    }
    return open;
  };

  return {
    users,
    basicEnabled: resolved.basicEnabled,
    isOpen,
    login,
    logout: (token) => sessions.revoke(token),
    authenticateBearer,
    authenticateBasic,
    authorize,
    revokeUser: (user) => sessions.revokeUser(user),
    get sessionCount() {
      return sessions.size;
    },
  };
}

/** Throttle check, scrypt verification, failure accounting: the part login and Basic share. */
function createPasswordCheck(
  resolved: ResolvedAuthServiceOptions,
  throttle: ReturnType<typeof createLoginThrottle>,
): (user: string, password: string, remote: string) => Promise<UserInfo> {
  const { users, now, logger } = resolved;
  return async (user, password, remote) => {
    const keys = [`user:${user}`, `addr:${remote}`];
    try {
      throttle.check(keys, now());
    } catch (error) {
      logger.warn('login throttled', { user, remote });
      throw error;
    }
    const tooLong = typeof password !== 'string' || password.length > MAX_PASSWORD_LENGTH;
    const info = tooLong ? undefined : await users.verify(String(user), password);
    if (info === undefined) {
      throttle.fail(keys, now());
      logger.warn('login failed', { user, remote });
      throw new IsobarError('AUTH_FAILED');
    }
    throttle.reset(keys[0] as string);
    return info;
  };
}
