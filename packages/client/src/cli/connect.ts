// The one file that knows which client library the CLI talks through: the package's own IsobarClient (typed
// methods, re-login on 419, TLS). Commands call methods by name, so they depend only on this interface.
import type { LoginResult, MethodName } from '@isobar/protocol';
import { IsobarClient, type IsobarClientOptions } from '../client/index.js';
import { readCaBundle } from './ping.js';
import type { ConnectionSettings } from './settings.js';

/** What CLI commands need from a connection. */
export interface CliClient {
  /** The server's base URL. */
  readonly url: string;
  /** Calls an RPC method and resolves to its value. */
  call<T = Record<string, unknown>>(method: string, args?: object): Promise<T>;
  /** Exchanges a user name and password for a token (the connection uses it from then on). */
  login(user: string, password: string): Promise<LoginResult>;
  /** Ends the session of the connection's token. */
  logout(): Promise<void>;
  /** `GET /v1/health`. */
  health(): Promise<{ status: string; version: string }>;
  close(): void;
}

/** Hooks of {@link connect}. */
export interface ConnectHooks {
  /** Called when the connection logged in by itself (e.g. again after its token expired). */
  readonly onRenewedToken?: (result: LoginResult) => void;
}

function credentialOptions(settings: ConnectionSettings): IsobarClientOptions {
  const { auth } = settings;
  if (auth.kind === 'login') return { user: auth.user, password: auth.password };
  if (auth.kind === 'bearer') {
    // A stored token with the stored password: the token first, the password when the session has expired.
    const relogin = auth.user !== undefined && auth.password !== undefined;
    return relogin ? { token: auth.token, user: auth.user, password: auth.password } : { token: auth.token };
  }
  return {};
}

/** Opens a connection with the given settings (nothing is sent until the first call). */
export function connect(settings: ConnectionSettings, hooks: ConnectHooks = {}): CliClient {
  const ca = readCaBundle(settings.ca);
  const client = new IsobarClient({
    urls: settings.url,
    ...credentialOptions(settings),
    tls: { ...(ca === undefined ? {} : { ca }), insecure: settings.insecure },
    timeoutMs: settings.timeoutMs,
    retry: { attempts: 2, delayMs: 200 },
    userAgent: 'isobar-cli',
    ...(hooks.onRenewedToken === undefined ? {} : { onLogin: hooks.onRenewedToken }),
  });
  return {
    url: settings.url,
    call: <T>(method: string, args: object = {}) => client.call(method as MethodName, args) as Promise<T>,
    login: (user, password) => client.login({ user, password }),
    logout: async () => {
      await client.logout();
    },
    health: () => client.health(),
    close: () => client.close(),
  };
}
