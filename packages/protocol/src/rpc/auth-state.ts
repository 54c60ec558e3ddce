import type { RpcAuth } from './rpc-client-options.js';

/** What `POST /v1/auth/login` answers (the value of its success envelope). */
export interface LoginResult {
  /** Bearer token for later requests. */
  readonly token: string;
  /** When the token expires (ISO 8601), as the server says. */
  readonly expiresAt: string;
  /** Roles of the user. */
  readonly roles: readonly string[];
}

/** Performs the login request; injected so this module stays free of transport code. */
export type LoginRequest = (user: string, password: string) => Promise<LoginResult>;

/**
 * The credentials of one client: builds the `Authorization` header, logs in lazily for `login` auth (one
 * login shared by concurrent calls), and renews the token once per 419 `AUTH_EXPIRED`.
 */
export interface AuthState {
  /** The `Authorization` header value for the next request, logging in first if needed. */
  authorization(): Promise<string | undefined> | string | undefined;
  /** Gets a new token after `AUTH_EXPIRED`; false when there is no way to (the call then fails). */
  renew(): Promise<boolean>;
  /** Uses `token` from now on. */
  setToken(token: string | undefined): void;
  /** The bearer token in use, if any. */
  token(): string | undefined;
}

/** Creates the {@link AuthState} of a client. */
export function createAuthState(
  auth: RpcAuth | undefined,
  onAuthExpired: (() => Promise<string | undefined>) | undefined,
  login: LoginRequest,
): AuthState {
  let bearer = auth?.kind === 'bearer' ? auth.token : undefined;
  const basic =
    auth?.kind === 'basic' ? `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}` : undefined;
  let pendingLogin: Promise<string> | undefined;

  const loginOnce = (user: string, password: string): Promise<string> => {
    pendingLogin ??= login(user, password)
      .then((result) => (bearer = result.token))
      .finally(() => (pendingLogin = undefined));
    return pendingLogin;
  };

  return {
    authorization() {
      if (bearer !== undefined) return `Bearer ${bearer}`;
      if (basic !== undefined) return basic;
      if (auth?.kind !== 'login') return undefined;
      return loginOnce(auth.user, auth.password).then((token) => `Bearer ${token}`);
    },
    async renew() {
      const stale = bearer;
      bearer = undefined;
      if (onAuthExpired !== undefined) {
        bearer = await onAuthExpired();
      } else if (auth?.kind === 'login') {
        await loginOnce(auth.user, auth.password);
      }
      return bearer !== undefined && bearer !== stale;
    },
    setToken(token) {
      bearer = token;
    },
    token: () => bearer,
  };
}
