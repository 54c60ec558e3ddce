import { isIP } from 'node:net';
import { IsobarError, noopLogger, type AccessLogSink, type Logger } from '@isobar/protocol';
import type { Engine, EngineOptions } from '../engine/index.js';
import type { Authenticator, UserAdministration } from './authenticator.js';
import type { Instrumentation } from './instrumentation.js';
import { REQUEST_ID_FORMATS, type RequestIdFormat } from './request-id.js';

/** TLS settings (PEM contents, not file names). With them the server speaks HTTPS only. */
export interface ServerTlsOptions {
  /** Server certificate chain. */
  readonly cert: string | Buffer;
  /** Private key of `cert`. */
  readonly key: string | Buffer;
  /** CA bundle that client certificates are verified against (needed by `requireClientCert`). */
  readonly ca?: string | Buffer;
  /** Mutual TLS: refuse clients without a certificate signed by `ca`. @default false */
  readonly requireClientCert?: boolean;
}

/** Options of the `GET /v1/events` change feed. */
export interface SseOptions {
  /** Interval of the `: heartbeat` comment that keeps proxies from closing an idle stream. @default 15000 */
  readonly heartbeatMs?: number;
  /**
   * Bytes a slow client may have queued in the server before it stops receiving records; when its socket
   * drains it catches up from the change log, or gets a `resync` event if the log has moved on. @default 1048576
   */
  readonly maxBufferedBytes?: number;
  /** Streams open at once; further clients get 503 TOO_BUSY. @default 1000 */
  readonly maxClients?: number;
}

/**
 * A second listener for job traffic (ecFlow sites give jobs on compute nodes an internal address): it serves the
 * child methods, `ping` and `/v1/health` only, so jobs need no user credentials or client certificate there.
 */
export interface JobListenerOptions {
  /** Address to bind. @default the main listener's host */
  readonly host?: string;
  /** TCP port; 0 picks a free one (read it back with `jobAddress()`). */
  readonly port: number;
  /** HTTPS for job traffic. @default plain HTTP */
  readonly tls?: ServerTlsOptions;
}

/** Options of {@link createServer}. Every field is optional. */
export interface ServerOptions {
  /** Address to bind. @default '127.0.0.1' */
  readonly host?: string;
  /** TCP port; 0 picks a free one (read it back with `address()`). @default 3141 */
  readonly port?: number;
  /** HTTPS (and optionally mutual TLS). @default plain HTTP */
  readonly tls?: ServerTlsOptions;
  /** Largest request body in bytes; larger ones get 413 PAYLOAD_TOO_LARGE. @default 16777216 (16 MiB) */
  readonly bodyLimit?: number;
  /** Requests handled at once; more get 503 TOO_BUSY (Granitic's MaxConcurrent). 0 = no limit. @default 0 */
  readonly maxConcurrentRequests?: number;
  /** Rendering of generated request ids. @default 'rfc4122' */
  readonly requestIdFormat?: RequestIdFormat;
  /** Peers (IP addresses) whose incoming `X-Request-Id` is kept instead of generating one. @default [] */
  readonly trustedProxies?: readonly string[];
  /** Development mode: stack traces in error bodies, results validated against their schemas. @default false */
  readonly dev?: boolean;
  /** Diagnostic logger. @default noopLogger */
  readonly logger?: Logger;
  /** Where completed requests are recorded (one entry each). @default none */
  readonly accessLog?: AccessLogSink;
  /** Hooks called for every request and response (tracing, custom metrics). @default none */
  readonly instrumentation?: Instrumentation;
  /**
   * Users and sessions. Without one every caller is an anonymous admin, which is only allowed on a loopback
   * `host` (embedding in a trusted process, tests).
   */
  readonly authenticator?: Authenticator;
  /** The user store behind `users.*` (usually the one the authenticator reads). @default none: NOT_IMPLEMENTED */
  readonly users?: UserAdministration;
  /** Accept `Authorization: Basic` besides bearer tokens. @default false */
  readonly basicAuth?: boolean;
  /** The change feed. */
  readonly sse?: SseOptions;
  /** The engine to serve, or options to create one. @default a new engine */
  readonly engine?: Engine | EngineOptions;
  /** How long `stop()` waits for requests in flight before cutting their connections. @default 10000 */
  readonly stopTimeoutMs?: number;
  /** A second listener for job traffic (child methods only). @default none */
  readonly jobListener?: JobListenerOptions;
  /**
   * Called after `terminate` has been answered; the launcher checkpoints and exits. @default stop the HTTP
   * facility
   */
  readonly onTerminate?: () => void;
}

/** {@link ServerOptions} after validation. */
export interface ResolvedServerOptions {
  readonly host: string;
  readonly port: number;
  readonly tls: ServerTlsOptions | undefined;
  readonly bodyLimit: number;
  readonly maxConcurrentRequests: number;
  readonly requestIdFormat: RequestIdFormat;
  readonly trustedProxies: ReadonlySet<string>;
  readonly dev: boolean;
  readonly logger: Logger;
  readonly accessLog: AccessLogSink | undefined;
  readonly instrumentation: Instrumentation;
  readonly authenticator: Authenticator | undefined;
  readonly users: UserAdministration | undefined;
  readonly basicAuth: boolean;
  readonly sse: Required<SseOptions>;
  readonly engine: Engine | EngineOptions | undefined;
  readonly stopTimeoutMs: number;
  readonly jobListener: (Required<Omit<JobListenerOptions, 'tls'>> & Pick<JobListenerOptions, 'tls'>) | undefined;
  readonly onTerminate: (() => void) | undefined;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Strips the `::ffff:` prefix of IPv4-mapped IPv6 addresses, so `127.0.0.1` matches either form. */
export function normalizeAddress(address: string | undefined): string {
  if (address === undefined) return '';
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

function integer(problems: string[], name: string, spec: { value: unknown; min: number; fallback: number }): number {
  const { value, min, fallback } = spec;
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min) return value;
  problems.push(`${name} must be an integer >= ${min}, got ${JSON.stringify(value)}`);
  return fallback;
}

function checkTls(tls: ServerTlsOptions | undefined, problems: string[]): void {
  if (tls === undefined) return;
  const pem = (value: unknown): boolean => typeof value === 'string' || Buffer.isBuffer(value);
  if (!pem(tls.cert)) problems.push('tls.cert must be PEM text (string or Buffer)');
  if (!pem(tls.key)) problems.push('tls.key must be PEM text (string or Buffer)');
  if (tls.ca !== undefined && !pem(tls.ca)) problems.push('tls.ca must be PEM text (string or Buffer)');
  if (tls.requireClientCert === true && tls.ca === undefined) {
    problems.push('tls.requireClientCert needs tls.ca to verify client certificates against');
  }
}

function checkProxies(proxies: readonly string[] | undefined, problems: string[]): Set<string> {
  const result = new Set<string>();
  if (proxies === undefined) return result;
  if (!Array.isArray(proxies)) {
    problems.push('trustedProxies must be an array of IP addresses');
    return result;
  }
  for (const proxy of proxies) {
    if (typeof proxy === 'string' && isIP(proxy) !== 0) result.add(normalizeAddress(proxy));
    else problems.push(`trustedProxies: ${JSON.stringify(proxy)} is not an IP address`);
  }
  return result;
}

function checkFunctions(options: ServerOptions, problems: string[]): void {
  const auth = options.authenticator as unknown as Record<string, unknown> | undefined;
  if (auth !== undefined) {
    for (const name of ['login', 'logout', 'authenticateBearer', 'authenticateBasic', 'authorize']) {
      if (typeof auth[name] !== 'function') problems.push(`authenticator.${name} must be a function`);
    }
  }
  if (options.onTerminate !== undefined && typeof options.onTerminate !== 'function') {
    problems.push('onTerminate must be a function');
  }
}

function resolveJobListener(
  given: JobListenerOptions | undefined,
  host: string,
  problems: string[],
): ResolvedServerOptions['jobListener'] {
  if (given === undefined) return undefined;
  const jobHost = given.host ?? host;
  if (typeof jobHost !== 'string' || jobHost === '') problems.push('jobListener.host must be a non-empty string');
  const port = integer(problems, 'jobListener.port', { value: given.port, min: 0, fallback: 0 });
  if (port > 65535) problems.push(`jobListener.port must be <= 65535, got ${port}`);
  checkTls(given.tls, problems);
  return { host: jobHost, port, tls: given.tls };
}

/**
 * Validates {@link ServerOptions} and fills in the defaults; every problem is reported at once.
 *
 * @throws IsobarError `CONFIG_ERROR` with `details.problems`.
 * @example
 * ```ts
 * resolveServerOptions({ port: 0 }).host; // '127.0.0.1'
 * ```
 */
export function resolveServerOptions(options: ServerOptions = {}): ResolvedServerOptions {
  const problems: string[] = [];
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host === '') problems.push('host must be a non-empty string');
  const port = integer(problems, 'port', { value: options.port, min: 0, fallback: 3141 });
  if (port > 65535) problems.push(`port must be <= 65535, got ${port}`);
  checkTls(options.tls, problems);
  const format = options.requestIdFormat ?? 'rfc4122';
  if (!REQUEST_ID_FORMATS.includes(format)) {
    problems.push(`requestIdFormat must be one of ${REQUEST_ID_FORMATS.join(', ')}, got ${JSON.stringify(format)}`);
  }
  const trustedProxies = checkProxies(options.trustedProxies, problems);
  checkFunctions(options, problems);
  if (options.authenticator === undefined && !LOOPBACK.has(host)) {
    problems.push(`an authenticator is required when binding ${host} (only loopback may run without one)`);
  }
  const sse = options.sse ?? {};
  const resolved: ResolvedServerOptions = {
    host,
    port,
    tls: options.tls,
    bodyLimit: integer(problems, 'bodyLimit', { value: options.bodyLimit, min: 2, fallback: 16 * 1024 * 1024 }),
    maxConcurrentRequests: integer(problems, 'maxConcurrentRequests', {
      value: options.maxConcurrentRequests,
      min: 0,
      fallback: 0,
    }),
    requestIdFormat: format,
    trustedProxies,
    dev: options.dev === true,
    logger: options.logger ?? noopLogger,
    accessLog: options.accessLog,
    instrumentation: options.instrumentation ?? {},
    authenticator: options.authenticator,
    users: options.users,
    basicAuth: options.basicAuth === true,
    sse: {
      heartbeatMs: integer(problems, 'sse.heartbeatMs', { value: sse.heartbeatMs, min: 1, fallback: 15_000 }),
      maxBufferedBytes: integer(problems, 'sse.maxBufferedBytes', {
        value: sse.maxBufferedBytes,
        min: 1,
        fallback: 1024 * 1024,
      }),
      maxClients: integer(problems, 'sse.maxClients', { value: sse.maxClients, min: 1, fallback: 1000 }),
    },
    engine: options.engine,
    stopTimeoutMs: integer(problems, 'stopTimeoutMs', { value: options.stopTimeoutMs, min: 0, fallback: 10_000 }),
    jobListener: resolveJobListener(options.jobListener, host, problems),
    onTerminate: options.onTerminate,
  };
  if (problems.length > 0) {
    throw new IsobarError('CONFIG_ERROR', { details: { reason: problems.join('; '), problems } });
  }
  return Object.freeze(resolved);
}
