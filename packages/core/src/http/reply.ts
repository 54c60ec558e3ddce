import type { OutgoingHttpHeaders } from 'node:http';
import { encodeFailure, isIsobarError, IsobarError, httpStatusOf, type Logger } from '@isobar/protocol';
import type { Exchange } from './exchange.js';

/** What the writers need besides the exchange. */
export interface ReplyContext {
  readonly dev: boolean;
  readonly logger: Logger;
}

/** Writes a complete JSON response in one piece (the body is counted for the access log). */
export function sendJson(exchange: Exchange, status: number, body: string): void {
  const res = exchange.res;
  if (res.headersSent) {
    // Something was already sent (an event stream); the only honest thing left is to end it.
    res.end();
    return;
  }
  const bytes = Buffer.byteLength(body);
  exchange.bytesOut += bytes;
  const headers: OutgoingHttpHeaders = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': bytes,
    'x-request-id': exchange.requestId,
  };
  if (exchange.closeConnection) headers['connection'] = 'close';
  res.writeHead(status, headers);
  res.end(body);
  exchange.complete();
}

/** Writes `{"ok":true,"value":…}` with status 200. */
export function sendValue(exchange: Exchange, value: unknown): void {
  sendJson(exchange, 200, `{"ok":true,"value":${JSON.stringify(value) ?? 'null'}}`);
}

function headersFor(exchange: Exchange, error: IsobarError): void {
  const res = exchange.res;
  if (res.headersSent) return;
  const details = error.details ?? {};
  if (error.code === 'METHOD_NOT_ALLOWED' && typeof details['allow'] === 'string') {
    res.setHeader('allow', details['allow']);
  }
  if (error.code === 'THROTTLED' && typeof details['retryAfter'] === 'number') {
    res.setHeader('retry-after', String(Math.ceil(details['retryAfter'])));
  }
  // The unread rest of an oversized body is not worth draining: end the connection instead.
  if (error.code === 'PAYLOAD_TOO_LARGE') res.setHeader('connection', 'close');
}

/**
 * The one writer of every abnormal status (Granitic's abnormal status writer): the failure envelope with the
 * request id, the status the error code maps to, no stack trace unless in development mode. Errors that are
 * not Isobar errors are logged with their stack and answer 500 INTERNAL.
 */
export function sendFailure(exchange: Exchange, error: unknown, context: ReplyContext): void {
  if (!isIsobarError(error) || error.code === 'INTERNAL') {
    context.logger.error('request failed', {
      requestId: exchange.requestId,
      method: exchange.label,
      path: exchange.path,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
  const failure = encodeFailure(error, { requestId: exchange.requestId, dev: context.dev });
  if (isIsobarError(error)) headersFor(exchange, error);
  sendJson(exchange, httpStatusOf(failure.error.code), JSON.stringify(failure));
}

/** A `METHOD_NOT_ALLOWED` error naming the allowed methods (sent as `Allow`). */
export function methodNotAllowed(exchange: Exchange, allow: string): IsobarError {
  return new IsobarError('METHOD_NOT_ALLOWED', {
    details: { method: exchange.req.method ?? '', path: exchange.path, allow },
  });
}
