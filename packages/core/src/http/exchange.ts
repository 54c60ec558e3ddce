import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessLogEntry } from '@isobar/protocol';
import type { Principal } from './authenticator.js';
import type { RequestStartInfo } from './instrumentation.js';

/**
 * One request and what the facility learns about it on the way: its id, who sent it, which RPC method it was,
 * whether it holds a slot of the concurrency limit, and how many body bytes went out.
 */
export class Exchange {
  /** Set once authenticated. */
  principal: Principal | undefined = undefined;
  /** RPC method name (or route label) for metrics and instrumentation. */
  label: string | undefined = undefined;
  /** Holds one slot of `maxConcurrentRequests` until completed. */
  holdsSlot = false;
  /** Body bytes sent (set by the writers). */
  bytesOut = 0;
  /** Completed (logged) already. */
  done = false;
  /** The server is stopping: the response says `Connection: close`. */
  closeConnection = false;
  /** Records the completion (set by the facility; the writers call it once the response is handed over). */
  complete: () => void = () => undefined;
  /** When the request arrived (ms since the epoch); a Date is built only for the access log. */
  readonly receivedAt = Date.now();
  readonly startedAt = performance.now();
  readonly path: string;
  readonly query: string;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly requestId: string,
  ) {
    const url = req.url ?? '/';
    const mark = url.indexOf('?');
    this.path = mark < 0 ? url : url.slice(0, mark);
    this.query = mark < 0 ? '' : url.slice(mark + 1);
  }

  /**
   * Sets `X-Request-Id` (and `Connection: close` while stopping) on the response for writers other than the
   * facility's JSON writers, which pass them to `writeHead` directly (cheaper than merging set headers).
   */
  setCommonHeaders(): void {
    this.res.setHeader('x-request-id', this.requestId);
    if (this.closeConnection) this.res.setHeader('connection', 'close');
  }

  /** The peer's address (`::ffff:` prefix removed). */
  get remoteAddress(): string {
    const address = this.req.socket.remoteAddress ?? '';
    return address.startsWith('::ffff:') ? address.slice(7) : address;
  }

  /** What instrumentation and logs see of the request. */
  startInfo(): RequestStartInfo {
    return {
      requestId: this.requestId,
      method: this.req.method ?? '',
      path: this.path,
      remoteAddress: this.remoteAddress,
    };
  }

  /** The access-log entry of the completed request. */
  accessLogEntry(durationMs: number): AccessLogEntry {
    const { req, res } = this;
    return {
      received: new Date(this.receivedAt),
      durationMs,
      remoteAddress: this.remoteAddress,
      remotePort: req.socket.remotePort,
      method: req.method ?? '',
      path: this.path,
      query: this.query,
      target: req.url,
      protocol: `HTTP/${req.httpVersion}`,
      status: res.headersSent ? res.statusCode : 0,
      bytesOut: this.bytesOut,
      headers: req.headers,
      user: this.principal?.user,
      requestId: this.requestId,
    };
  }
}

/**
 * Counts the body bytes of responses not written by the facility's own writers (express routes, the event
 * stream), by wrapping `write` and `end` of that one response.
 */
export function countBodyBytes(exchange: Exchange): void {
  const res = exchange.res;
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  const count = (chunk: unknown): void => {
    if (typeof chunk === 'string') exchange.bytesOut += Buffer.byteLength(chunk);
    else if (chunk instanceof Uint8Array) exchange.bytesOut += chunk.byteLength;
  };
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    count(chunk);
    return write(chunk, ...rest);
  }) as ServerResponse['write'];
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (typeof chunk !== 'function') count(chunk);
    return end(chunk, ...rest);
  }) as ServerResponse['end'];
}
