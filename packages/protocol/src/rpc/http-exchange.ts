import http, { type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import { IsobarError } from '../errors/isobar-error.js';
import { loadHttps } from './lazy-https.js';
import type { RpcEndpoint } from './rpc-client-options.js';

/** One request to send; the caller has built the headers and the body. */
export interface HttpExchangeRequest {
  readonly endpoint: RpcEndpoint;
  readonly method: 'GET' | 'POST';
  /** Path below the endpoint's base path, starting with `/`. */
  readonly path: string;
  readonly headers: OutgoingHttpHeaders;
  readonly body: string | undefined;
  readonly agent: http.Agent;
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  /** TLS name to verify and send as SNI; `undefined` uses the URL's host. */
  readonly servername: string | undefined;
}

/** A complete HTTP answer (any status). */
export interface HttpReply {
  readonly ok: true;
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** No complete answer: the connection failed, timed out or was aborted. */
export interface HttpFailure {
  readonly ok: false;
  /** An `UNREACHABLE` or `TIMEOUT` IsobarError, or the abort reason of the caller's signal. */
  readonly error: unknown;
  /**
   * False only when the request certainly never left this process (the connection or TLS handshake
   * failed), so resending it cannot run anything twice on the server.
   */
  readonly delivered: boolean;
  /** False when trying again cannot help (the caller aborted, or the server's certificate was refused). */
  readonly retryable: boolean;
}

/** The outcome of {@link exchangeHttp}. */
export type HttpOutcome = HttpReply | HttpFailure;

// Node's codes for a refused peer certificate or a failed handshake: a configuration problem, not an outage.
const TLS_FAILURE = /CERT|SELF_SIGNED|UNABLE_TO_|TLS|SSL|EPROTO|HOSTNAME|ALTNAME/;

/**
 * Sends one HTTP request over the given keep-alive agent and reads the whole answer. Never rejects: every
 * failure is an {@link HttpFailure} that says whether the request may have reached the server.
 */
export function exchangeHttp(request: HttpExchangeRequest): Promise<HttpOutcome> {
  return new Promise((resolve) => {
    const { endpoint, signal } = request;
    let delivered = false;
    let settled = false;
    let timedOut = false;
    const finish = (outcome: HttpOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const fail = (error: Error): void => {
      if (signal?.aborted) finish({ ok: false, error: signal.reason, delivered, retryable: false });
      else if (timedOut) finish({ ok: false, error: timeoutError(request), delivered, retryable: true });
      else finish(connectionFailure(error, endpoint, delivered));
    };
    const onAbort = (): void => void req.destroy();
    const transport = endpoint.secure ? loadHttps() : http;
    const req = transport.request(
      {
        hostname: endpoint.hostname,
        port: endpoint.port,
        path: endpoint.basePath + request.path,
        method: request.method,
        headers: request.headers,
        agent: request.agent,
        ...(request.servername === undefined ? {} : { servername: request.servername }),
      },
      (res) => {
        delivered = true;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => finish({ ok: true, status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', fail);
      },
    );
    req.on('socket', (socket: Socket) => {
      // A reused keep-alive socket is already connected: what is written may be read by the server.
      if (req.reusedSocket || (!endpoint.secure && !socket.connecting)) delivered = true;
      else socket.once(endpoint.secure ? 'secureConnect' : 'connect', () => (delivered = true));
    });
    req.on('error', fail);
    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy();
    }, request.timeoutMs);
    if (signal?.aborted) req.destroy();
    else signal?.addEventListener('abort', onAbort, { once: true });
    req.end(request.body);
  });
}

/** The `TIMEOUT` error of a try that got no complete answer in time. */
export function timeoutError(request: Pick<HttpExchangeRequest, 'endpoint' | 'timeoutMs'>): IsobarError {
  return new IsobarError('TIMEOUT', { details: { url: request.endpoint.url, timeoutMs: request.timeoutMs } });
}

/** The `UNREACHABLE` failure of a connection error; a refused certificate is not worth another try. */
export function connectionFailure(error: Error, endpoint: RpcEndpoint, delivered: boolean): HttpFailure {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code !== undefined && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
  const details = { url: endpoint.url, reason, ...(code === undefined ? {} : { errorCode: code }) };
  const tlsFailure = !delivered && code !== undefined && TLS_FAILURE.test(code);
  return {
    ok: false,
    error: new IsobarError('UNREACHABLE', { details, cause: error }),
    delivered,
    retryable: !tlsFailure,
  };
}
