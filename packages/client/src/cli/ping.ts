// `isobar ping` without the RPC stack: one POST /v1/rpc/ping over node:http(s). It is the hot command (health
// checks in scripts), so it loads nothing but Node's own modules.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type https from 'node:https';
import type { ConnectionSettings } from './settings.js';

/** What a successful ping learned. */
export interface PingResult {
  readonly url: string;
  readonly version: string;
  readonly serverState: string;
  readonly now: string;
  /** Round-trip time of the request in milliseconds. */
  readonly latencyMs: number;
}

/** An IsobarError-shaped failure, rendered by `describeError` like the RPC client's errors. */
class PingError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown>;
  constructor(code: string, message: string, details: Record<string, unknown>) {
    super(message);
    this.name = 'IsobarError';
    this.code = code;
    this.details = details;
  }
}

/** PEM text of `--ca`: the value itself when it is PEM, else the file it names. */
export function readCaBundle(ca: string | undefined): string | undefined {
  if (ca === undefined) return undefined;
  return ca.includes('-----BEGIN') ? ca : readFileSync(ca, 'utf8');
}

function requestOptions(settings: ConnectionSettings, target: URL): https.RequestOptions {
  const ca = readCaBundle(settings.ca);
  return {
    method: 'POST',
    hostname: target.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: target.port === '' ? undefined : Number(target.port),
    path: `${target.pathname.replace(/\/+$/, '')}/v1/rpc/ping`,
    headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': 2 },
    agent: false,
    ...(ca === undefined ? {} : { ca }),
    ...(target.protocol === 'https:' ? { rejectUnauthorized: !settings.insecure } : {}),
  };
}

function decode(status: number, body: string, url: string): Omit<PingResult, 'latencyMs' | 'url'> {
  let parsed: { ok?: unknown; value?: Record<string, unknown>; error?: Record<string, unknown> };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    throw new PingError('BAD_RESPONSE', `${url} answered HTTP ${status} with something that is not JSON`, {
      url,
      status,
    });
  }
  if (parsed.ok === true && typeof parsed.value === 'object' && parsed.value !== null) {
    const { version, serverState, now } = parsed.value;
    return { version: String(version), serverState: String(serverState), now: String(now) };
  }
  const error = parsed.error ?? {};
  const code = typeof error['code'] === 'string' ? error['code'] : 'BAD_RESPONSE';
  const message = typeof error['message'] === 'string' ? error['message'] : `HTTP ${status} from ${url}`;
  throw new PingError(code, message, { url, status });
}

/**
 * Pings the server once. Rejects with an IsobarError-shaped `UNREACHABLE`, `TIMEOUT`, `BAD_RESPONSE` or the
 * server's own error.
 */
export async function pingServer(settings: ConnectionSettings): Promise<PingResult> {
  const target = new URL(settings.url);
  // TLS is loaded only for https URLs: most pings are plain HTTP on loopback.
  const transport = target.protocol === 'https:' ? (await import('node:https')).default : http;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = transport.request(requestOptions(settings, target), (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        let value: ReturnType<typeof decode>;
        try {
          value = decode(res.statusCode ?? 0, body, settings.url);
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        resolve({ url: settings.url, ...value, latencyMs: Math.round((performance.now() - started) * 10) / 10 });
      });
    });
    req.setTimeout(settings.timeoutMs, () => {
      req.destroy();
      const details = { url: settings.url, timeoutMs: settings.timeoutMs };
      reject(new PingError('TIMEOUT', `No answer from ${settings.url} within ${settings.timeoutMs} ms`, details));
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      const details = { url: settings.url, reason: error.message, errorCode: error.code ?? '' };
      reject(new PingError('UNREACHABLE', `Cannot reach ${settings.url} (${error.message})`, details));
    });
    req.end('{}');
  });
}

/** The human line of a ping. */
export function formatPing(result: PingResult): string {
  return `ping ${result.url}: ${result.serverState}, isobar ${result.version}, ${result.latencyMs} ms`;
}
