import {
  IsobarError,
  isIsobarError,
  resolveRpcClientOptions,
  type LoginResult,
  type RpcClientOptions,
  type RpcRetryOptions,
  type RpcTlsOptions,
} from '@isobar/protocol/rpc';
import { isSafeToRetry } from './method-table.js';

/** Where a client connects when it is given no URL (INTERFACES.md). */
export const DEFAULT_SERVER_URL = 'http://127.0.0.1:3141';

/** Options of {@link IsobarClient}. Every field is optional. */
export interface IsobarClientOptions {
  /**
   * Base URL of the server, or several: the first that answers is used and later calls stay there (fail-over).
   * @default 'http://127.0.0.1:3141'
   */
  readonly urls?: string | readonly string[];
  /** User name; with `password` the client logs in (`POST /v1/auth/login`) before its first call. */
  readonly user?: string;
  /** Password of `user`. */
  readonly password?: string;
  /**
   * Bearer token from an earlier login. With `user`/`password` as well, the token is tried first and the
   * credentials log in again when it has expired.
   */
  readonly token?: string;
  /**
   * Send `user`/`password` as HTTP Basic with every request instead of logging in (only where the server enables
   * Basic).
   * @default false
   */
  readonly basicAuth?: boolean;
  /** TLS settings for `https://` URLs: PEM contents (`ca`, `cert`, `key`), `insecure`, `servername`. */
  readonly tls?: RpcTlsOptions;
  /**
   * Time allowed for one try of one request, connection included.
   * @default 60000
   */
  readonly timeoutMs?: number;
  /** Retry and fail-over settings of the transport (tries, back-off, how long a dead URL is skipped). */
  readonly retry?: RpcRetryOptions;
  /** Extra headers sent with every request. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * The `User-Agent` header.
   * @default `isobar-rpc/<version> node/<version>`
   */
  readonly userAgent?: string;
  /**
   * Called when the server answers 419 `AUTH_EXPIRED`: resolves to a new bearer token (the call is retried once
   * with it) or `undefined` to give up. Without it, the client logs in again when it holds a user and password.
   */
  readonly onAuthExpired?: () => Promise<string | undefined>;
  /** Called with every token the client obtains (first login and re-logins), e.g. to store it. */
  readonly onLogin?: (result: LoginResult) => void;
}

/** A user name and password. */
export interface ClientCredentials {
  readonly user: string;
  readonly password: string;
}

/** {@link IsobarClientOptions} after validation, with defaults filled in. */
export interface ResolvedIsobarClientOptions {
  readonly urls: readonly string[];
  readonly credentials: ClientCredentials | undefined;
  readonly token: string | undefined;
  readonly basicAuth: boolean;
  /** Options of the RPC transport (without `onAuthExpired`, which the client's session provides). */
  readonly rpc: RpcClientOptions;
  readonly onAuthExpired: (() => Promise<string | undefined>) | undefined;
  readonly onLogin: ((result: LoginResult) => void) | undefined;
}

/**
 * Validates {@link IsobarClientOptions} and fills in defaults. Every problem, including those of the transport
 * options (URLs, TLS, timeouts), is reported at once.
 *
 * @throws IsobarError `CONFIG_ERROR` with `details.problems`, one sentence per problem.
 * @example
 * ```ts
 * resolveIsobarClientOptions({ urls: 'http://a:3141,http://b:3141' }).urls; // ['http://a:3141', 'http://b:3141']
 * ```
 */
export function resolveIsobarClientOptions(options: IsobarClientOptions): ResolvedIsobarClientOptions {
  const problems: string[] = [];
  const urls = parseUrls(options.urls, problems);
  const credentials = checkCredentials(options, problems);
  const basicAuth = options.basicAuth ?? false;
  if (typeof basicAuth !== 'boolean') problems.push('basicAuth must be a boolean');
  if (basicAuth === true && credentials === undefined) problems.push('basicAuth needs user and password');
  if (basicAuth === true && options.token !== undefined) problems.push('basicAuth and token exclude each other');
  for (const name of ['onAuthExpired', 'onLogin'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') problems.push(`${name} must be a function`);
  }
  const rpc: RpcClientOptions = {
    urls,
    ...(basicAuth === true && credentials !== undefined ? { auth: { kind: 'basic', ...credentials } } : {}),
    ...(isToken(options.token) && basicAuth !== true ? { auth: { kind: 'bearer', token: options.token } } : {}),
    ...pick(options, ['tls', 'timeoutMs', 'retry', 'headers', 'userAgent']),
    isSafeToRetry,
  };
  collectTransportProblems(rpc, problems);
  if (problems.length > 0) {
    throw new IsobarError('CONFIG_ERROR', { details: { reason: problems.join('; '), problems } });
  }
  return {
    urls,
    credentials,
    token: basicAuth === true ? undefined : options.token,
    basicAuth: basicAuth === true,
    rpc,
    onAuthExpired: options.onAuthExpired,
    onLogin: options.onLogin,
  };
}

/** Splits `urls` (a string may hold a comma-separated list) into trimmed, non-empty base URLs. */
function parseUrls(urls: string | readonly string[] | undefined, problems: string[]): string[] {
  if (urls === undefined) return [DEFAULT_SERVER_URL];
  const list: unknown = typeof urls === 'string' ? urls.split(',') : urls;
  if (!Array.isArray(list) || !list.every((url): url is string => typeof url === 'string')) {
    problems.push('urls must be a URL, a comma-separated list of URLs, or an array of URLs');
    return [];
  }
  const parsed = list.map((url) => url.trim()).filter((url) => url !== '');
  if (parsed.length === 0) problems.push('urls must name at least one server URL');
  return parsed;
}

function checkCredentials(options: IsobarClientOptions, problems: string[]): ClientCredentials | undefined {
  const { user, password, token } = options;
  if (user !== undefined && (typeof user !== 'string' || user === '')) problems.push('user must be a non-empty string');
  if (password !== undefined && typeof password !== 'string') problems.push('password must be a string');
  if (token !== undefined && (typeof token !== 'string' || token === '')) {
    problems.push('token must be a non-empty string');
  }
  if ((user === undefined) !== (password === undefined)) problems.push('user and password must be given together');
  if (typeof user !== 'string' || typeof password !== 'string' || user === '') return undefined;
  return { user, password };
}

/** Adds the transport's own validation problems (URL syntax, TLS, numbers) to `problems`. */
function collectTransportProblems(rpc: RpcClientOptions, problems: string[]): void {
  if (rpc.urls.length === 0) return;
  try {
    resolveRpcClientOptions(rpc);
  } catch (error) {
    if (!isIsobarError(error) || error.code !== 'CONFIG_ERROR') throw error;
    const found = error.details?.['problems'];
    if (Array.isArray(found)) problems.push(...found.map(String));
    else problems.push(error.message);
  }
}

function isToken(token: unknown): token is string {
  return typeof token === 'string' && token !== '';
}

function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const result: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) result[key] = source[key];
  return result;
}
