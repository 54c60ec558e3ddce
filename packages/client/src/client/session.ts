import type { LoginResult, RpcCallOptions } from '@isobar/protocol';
import type { ClientCredentials, ResolvedIsobarClientOptions } from './client-options.js';

/** Performs `POST /v1/auth/login` through the transport (which then uses the token for later calls). */
export type SessionLogin = (user: string, password: string, options?: RpcCallOptions) => Promise<LoginResult>;

/**
 * The credentials of one client, kept here rather than in the transport so that the client knows its bearer
 * token (the change feed needs it) and can log in before the first call that needs a session.
 */
export interface ClientSession {
  /** A login in progress that a call must wait for, or `undefined` when the call can go at once. */
  ready(): Promise<void> | undefined;
  /** Logs in with `credentials` (remembered for re-logins). */
  login(credentials: ClientCredentials, options?: RpcCallOptions): Promise<LoginResult>;
  /** Gets a new token after 419 `AUTH_EXPIRED`; `undefined` when there is no way to. */
  renew(): Promise<string | undefined>;
  /** The `Authorization` header for a request made outside the transport (the change feed). */
  authorization(): Promise<string | undefined>;
  /** The bearer token in use, if known. */
  token(): string | undefined;
  /** The user name and password held for logging in, if any. */
  credentials(): ClientCredentials | undefined;
  /** Forgets the token (after logout); held credentials log in again on the next call that needs it. */
  forget(): void;
  /** True while the token in use is the one from the options and credentials could replace it. */
  holdsGivenToken(): boolean;
  /**
   * After `AUTH_FAILED`: when the refused token is the one from the options (unknown to a restarted server, or
   * revoked) and credentials are held, forgets it so that the next call logs in; true if it did.
   */
  dropGivenToken(): boolean;
}

/** Creates the {@link ClientSession} of a client. */
export function createClientSession(options: ResolvedIsobarClientOptions, login: SessionLogin): ClientSession {
  let credentials = options.credentials;
  let token = options.token;
  let givenToken = options.token;
  let pending: Promise<LoginResult> | undefined;
  const basic =
    options.basicAuth && credentials !== undefined
      ? `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`
      : undefined;

  // Concurrent calls that all need a session (or all got 419) share one login.
  const loginOnce = (using: ClientCredentials, callOptions?: RpcCallOptions): Promise<LoginResult> => {
    pending ??= login(using.user, using.password, callOptions)
      .then((result) => {
        token = result.token;
        options.onLogin?.(result);
        return result;
      })
      .finally(() => (pending = undefined));
    return pending;
  };

  const session: ClientSession = {
    ready() {
      if (basic !== undefined || token !== undefined || credentials === undefined) return undefined;
      return loginOnce(credentials).then(() => undefined);
    },
    login(using, callOptions) {
      credentials = using;
      return loginOnce(using, callOptions);
    },
    async renew() {
      if (options.onAuthExpired !== undefined) {
        token = await options.onAuthExpired();
        return token;
      }
      if (credentials === undefined) return undefined;
      return (await loginOnce(credentials)).token;
    },
    async authorization() {
      if (basic !== undefined) return basic;
      await session.ready();
      return token === undefined ? undefined : `Bearer ${token}`;
    },
    token: () => token,
    credentials: () => credentials,
    forget() {
      token = undefined;
    },
    holdsGivenToken: () => credentials !== undefined && token !== undefined && token === givenToken,
    dropGivenToken() {
      if (!session.holdsGivenToken()) return false;
      token = givenToken = undefined;
      return true;
    },
  };
  return session;
}
