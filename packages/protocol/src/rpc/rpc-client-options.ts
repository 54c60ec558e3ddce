import { IsobarError } from '../errors/isobar-error.js';
import { ISOBAR_VERSION } from '../version.js';
import { defaultIsSafeToRetry } from './safe-methods.js';

/** A fixed bearer token, sent as `Authorization: Bearer <token>`. */
export interface BearerAuth {
  readonly kind: 'bearer';
  readonly token: string;
}

/** HTTP Basic credentials, sent with every request (only where the server enables Basic). */
export interface BasicAuth {
  readonly kind: 'basic';
  readonly user: string;
  readonly password: string;
}

/**
 * Credentials exchanged for a bearer token through `POST /v1/auth/login` before the first call, and again
 * when the server answers 419 `AUTH_EXPIRED`.
 */
export interface LoginAuth {
  readonly kind: 'login';
  readonly user: string;
  readonly password: string;
}

/** How the client authenticates. */
export type RpcAuth = BearerAuth | BasicAuth | LoginAuth;

/** TLS settings for `https://` URLs. Certificates and keys are PEM contents, not file names. */
export interface RpcTlsOptions {
  /** CA bundle to trust instead of the system store. */
  readonly ca?: string | Buffer;
  /** Client certificate (mutual TLS); needs `key`. */
  readonly cert?: string | Buffer;
  /** Private key of `cert`. */
  readonly key?: string | Buffer;
  /**
   * Accept any server certificate. Only for tests and first contact with a self-signed server.
   * @default false
   */
  readonly insecure?: boolean;
  /** Name to verify the server certificate against (and send as SNI) instead of the URL's host. */
  readonly servername?: string;
}

/** Retry and back-off settings. */
export interface RpcRetryOptions {
  /**
   * Tries per call, the first included. A call also tries every URL once when earlier ones are unreachable,
   * so it makes at most `max(attempts, urls.length)` tries.
   * @default 3
   */
  readonly attempts?: number;
  /**
   * Pause before the first retry on a URL already tried by this call; doubles on each further retry.
   * Moving on to a URL not yet tried does not pause.
   * @default 200
   */
  readonly delayMs?: number;
  /**
   * Upper bound of the pause.
   * @default 5000
   */
  readonly maxDelayMs?: number;
  /**
   * How long a URL that could not be reached is skipped by later calls (unless every URL is skipped).
   * @default 30000
   */
  readonly banMs?: number;
}

/** Options of {@link createRpcClient}. */
export interface RpcClientOptions {
  /** Base URLs of the server and its fail-over replicas (`http://host:port` or `https://…`), tried in order. */
  readonly urls: readonly string[];
  /** Credentials; none by default. */
  readonly auth?: RpcAuth;
  /**
   * Called when the server answers 419 `AUTH_EXPIRED`; resolves to a new bearer token (the call is then
   * retried once with it) or `undefined` to give up. Without it, `login` credentials log in again.
   */
  readonly onAuthExpired?: () => Promise<string | undefined>;
  /** TLS settings for `https://` URLs. */
  readonly tls?: RpcTlsOptions;
  /**
   * Time allowed for one try of one request, connection included.
   * @default 60000
   */
  readonly timeoutMs?: number;
  /** Retry and fail-over settings. */
  readonly retry?: RpcRetryOptions;
  /** Extra headers sent with every request. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * The `User-Agent` header.
   * @default `isobar-rpc/<version> node/<version>`
   */
  readonly userAgent?: string;
  /**
   * True when a method may be sent again after the server may already have received it (it reads, or it is
   * idempotent). The method catalogue's `safeToRetry` flags are meant to be passed here.
   * @default {@link defaultIsSafeToRetry}
   */
  readonly isSafeToRetry?: (method: string) => boolean;
}

/** One base URL, split once so that each request only joins a path. */
export interface RpcEndpoint {
  /** The base URL as given, without a trailing slash. */
  readonly url: string;
  readonly secure: boolean;
  readonly hostname: string;
  readonly port: number;
  /** Path prefix of the base URL (`''` or `/prefix`). */
  readonly basePath: string;
}

/** {@link RpcClientOptions} after validation, with every default filled in. */
export interface ResolvedRpcClientOptions {
  readonly endpoints: readonly RpcEndpoint[];
  readonly auth: RpcAuth | undefined;
  readonly onAuthExpired: (() => Promise<string | undefined>) | undefined;
  readonly tls: RpcTlsOptions;
  readonly timeoutMs: number;
  readonly retry: Required<RpcRetryOptions>;
  readonly headers: Readonly<Record<string, string>>;
  readonly isSafeToRetry: (method: string) => boolean;
}

const RETRY_DEFAULTS: Required<RpcRetryOptions> = { attempts: 3, delayMs: 200, maxDelayMs: 5000, banMs: 30_000 };

/**
 * Validates {@link RpcClientOptions} and fills in defaults. Every problem is collected and reported at once.
 *
 * @throws IsobarError `CONFIG_ERROR` with `details.problems`, one sentence per problem.
 */
export function resolveRpcClientOptions(options: RpcClientOptions): ResolvedRpcClientOptions {
  const problems: string[] = [];
  const endpoints = parseEndpoints(options.urls, problems);
  checkAuth(options.auth, problems);
  checkTls(options.tls, problems);
  const retry = { ...RETRY_DEFAULTS, ...options.retry };
  const integers: [string, unknown, number][] = [
    ['timeoutMs', options.timeoutMs, 1],
    ['retry.attempts', retry.attempts, 1],
    ['retry.delayMs', retry.delayMs, 0],
    ['retry.maxDelayMs', retry.maxDelayMs, 0],
    ['retry.banMs', retry.banMs, 0],
  ];
  for (const [name, value, min] of integers) {
    if (value !== undefined && !isIntegerAtLeast(value, min)) {
      problems.push(`${name} must be an integer >= ${min}, got ${JSON.stringify(value)}`);
    }
  }
  const headers = checkHeaders(options.headers, problems);
  if (options.userAgent !== undefined && !isHeaderValue(options.userAgent)) {
    problems.push('userAgent must be a non-empty string without line breaks');
  }
  checkFunction('onAuthExpired', options.onAuthExpired, problems);
  checkFunction('isSafeToRetry', options.isSafeToRetry, problems);
  if (problems.length > 0) {
    throw new IsobarError('CONFIG_ERROR', { details: { reason: problems.join('; '), problems } });
  }
  return {
    endpoints,
    auth: options.auth,
    onAuthExpired: options.onAuthExpired,
    tls: options.tls ?? {},
    timeoutMs: options.timeoutMs ?? 60_000,
    retry,
    headers: { 'user-agent': options.userAgent ?? `isobar-rpc/${ISOBAR_VERSION} node/${process.version}`, ...headers },
    isSafeToRetry: options.isSafeToRetry ?? defaultIsSafeToRetry,
  };
}

function parseEndpoints(urls: unknown, problems: string[]): RpcEndpoint[] {
  if (!Array.isArray(urls) || urls.length === 0) {
    problems.push('urls must be a non-empty array of http:// or https:// URLs');
    return [];
  }
  const endpoints: RpcEndpoint[] = [];
  urls.forEach((raw: unknown, index) => {
    const endpoint = typeof raw === 'string' ? parseEndpoint(raw) : undefined;
    if (endpoint === undefined) problems.push(`urls[${index}] is not an http:// or https:// base URL: ${String(raw)}`);
    else endpoints.push(endpoint);
  });
  return endpoints;
}

function parseEndpoint(raw: string): RpcEndpoint | undefined {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return undefined;
  }
  const secure = parsed.protocol === 'https:';
  if (!secure && parsed.protocol !== 'http:') return undefined;
  if (parsed.search !== '' || parsed.hash !== '' || parsed.username !== '' || parsed.password !== '') return undefined;
  const basePath = parsed.pathname.replace(/\/+$/, '');
  return {
    url: `${parsed.protocol}//${parsed.host}${basePath}`,
    secure,
    // URL keeps the brackets of an IPv6 literal; node:http wants the bare address.
    hostname: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.port === '' ? (secure ? 443 : 80) : Number(parsed.port),
    basePath,
  };
}

function checkAuth(auth: RpcAuth | undefined, problems: string[]): void {
  if (auth === undefined) return;
  const kind = (auth as { kind?: unknown }).kind;
  if (kind === 'bearer') {
    if (!isHeaderValue((auth as { token?: unknown }).token)) problems.push('auth.token must be a non-empty string');
    return;
  }
  if (kind === 'basic' || kind === 'login') {
    const { user, password } = auth as { user?: unknown; password?: unknown };
    if (!isHeaderValue(user)) problems.push(`auth.user must be a non-empty string (auth.kind ${kind})`);
    if (kind === 'basic' && typeof user === 'string' && user.includes(':'))
      problems.push('auth.user must not contain ":"');
    if (typeof password !== 'string') problems.push(`auth.password must be a string (auth.kind ${kind})`);
    return;
  }
  problems.push(`auth.kind must be "bearer", "basic" or "login", got ${JSON.stringify(kind)}`);
}

function checkTls(tls: RpcTlsOptions | undefined, problems: string[]): void {
  if (tls === undefined) return;
  for (const name of ['ca', 'cert', 'key'] as const) {
    const value = tls[name];
    if (value !== undefined && typeof value !== 'string' && !Buffer.isBuffer(value)) {
      problems.push(`tls.${name} must be PEM text (a string or a Buffer)`);
    }
  }
  if ((tls.cert === undefined) !== (tls.key === undefined))
    problems.push('tls.cert and tls.key must be given together');
  if (tls.insecure !== undefined && typeof tls.insecure !== 'boolean') problems.push('tls.insecure must be a boolean');
  if (tls.servername !== undefined && !isHeaderValue(tls.servername)) {
    problems.push('tls.servername must be a non-empty string');
  }
}

function isIntegerAtLeast(value: unknown, min: number): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
}

function checkFunction(name: string, value: unknown, problems: string[]): void {
  if (value !== undefined && typeof value !== 'function') problems.push(`${name} must be a function`);
}

function checkHeaders(headers: unknown, problems: string[]): Record<string, string> {
  const result: Record<string, string> = {};
  if (headers === undefined) return result;
  if (typeof headers !== 'object' || headers === null) {
    problems.push('headers must be an object of header names to string values');
    return result;
  }
  for (const [name, value] of Object.entries(headers)) {
    if (!/^[!#$%&'*+.^`|~\w-]+$/.test(name)) problems.push(`headers: ${JSON.stringify(name)} is not a header name`);
    else if (!isHeaderValue(value)) problems.push(`headers.${name} must be a non-empty string without line breaks`);
    else result[name.toLowerCase()] = value;
  }
  return result;
}

function isHeaderValue(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && !/[\r\n\0]/.test(value);
}
