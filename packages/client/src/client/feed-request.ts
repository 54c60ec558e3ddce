import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { IsobarError, isIsobarError, type ErrorCode, type RpcTlsOptions } from '@isobar/protocol/rpc';

/** One `GET /v1/events` request. */
export interface FeedRequest {
  /** Base URL of the server. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly tls: RpcTlsOptions;
  /** Time allowed until the response headers arrive (the stream itself may stay open for ever). */
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

/**
 * Sends `GET <url>/v1/events` and resolves with the open `200` response. Rejects with the server's error for any
 * other status (decoded from its envelope), `UNREACHABLE` when the server cannot be reached, `TIMEOUT`, or the
 * signal's reason.
 */
export function openFeedResponse(request: FeedRequest): Promise<IncomingMessage> {
  const { url, tls, signal } = request;
  const target = new URL(`${url.replace(/\/+$/, '')}/v1/events`);
  const secure = target.protocol === 'https:';
  return new Promise((resolve, reject) => {
    let timedOut = false;
    const req = (secure ? https : http).request(target, {
      method: 'GET',
      headers: request.headers,
      agent: false,
      signal,
      ...(secure ? tlsOptions(tls) : {}),
    });
    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy();
    }, request.timeoutMs);
    req.on('response', (res) => {
      clearTimeout(timer);
      if (res.statusCode === 200) resolve(res);
      else readError(res, url).then(reject, reject);
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (signal.aborted) reject(signal.reason as Error);
      else if (timedOut) reject(new IsobarError('TIMEOUT', { details: { url, timeoutMs: request.timeoutMs } }));
      else reject(unreachable(url, error));
    });
    req.end();
  });
}

function tlsOptions(tls: RpcTlsOptions): https.RequestOptions {
  return {
    ...(tls.ca === undefined ? {} : { ca: tls.ca }),
    ...(tls.cert === undefined ? {} : { cert: tls.cert, key: tls.key }),
    ...(tls.servername === undefined ? {} : { servername: tls.servername }),
    rejectUnauthorized: tls.insecure !== true,
  };
}

function unreachable(url: string, error: NodeJS.ErrnoException): IsobarError {
  const code = error.code;
  const reason = code !== undefined && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
  return new IsobarError('UNREACHABLE', {
    details: { url, reason, ...(code === undefined ? {} : { errorCode: code }) },
    cause: error,
  });
}

/** Reads a refused request's body and turns its error envelope into the server's {@link IsobarError}. */
async function readError(res: IncomingMessage, url: string): Promise<IsobarError> {
  res.setEncoding('utf8');
  let body = '';
  for await (const chunk of res as AsyncIterable<string>) body += chunk;
  const requestId = res.headers['x-request-id'];
  const error = parseErrorEnvelope(body);
  if (error !== undefined && typeof error.code === 'string') {
    const details = { ...error.details, ...(typeof requestId === 'string' ? { requestId } : {}) };
    const message = typeof error.message === 'string' ? error.message : error.code;
    const decoded = new IsobarError(error.code as ErrorCode, { message, details });
    if (isIsobarError(decoded)) return decoded;
    // A code this version does not know (a newer server): INTERNAL, as the RPC transport reports it.
    return new IsobarError('INTERNAL', { message, details: { ...details, remoteCode: error.code } });
  }
  const reason = `the change feed answered HTTP ${res.statusCode ?? 0} without an error envelope`;
  return new IsobarError('BAD_RESPONSE', {
    details: { reason, status: res.statusCode ?? 0, url, excerpt: body.slice(0, 200) },
  });
}

interface ErrorShape {
  readonly code: unknown;
  readonly message?: unknown;
  readonly details?: Record<string, unknown>;
}

function parseErrorEnvelope(body: string): ErrorShape | undefined {
  try {
    const parsed = JSON.parse(body) as { ok?: unknown; error?: ErrorShape } | null;
    if (parsed?.ok !== false || typeof parsed.error !== 'object' || parsed.error === null) return undefined;
    const details = parsed.error.details;
    return { ...parsed.error, details: typeof details === 'object' && details !== null ? details : {} };
  } catch {
    return undefined;
  }
}
