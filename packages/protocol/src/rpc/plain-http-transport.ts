import { connect, type Socket } from 'node:net';
import { createResponseParser, protocolError, type ResponseParser } from './http-response-parser.js';
import { connectionFailure, timeoutError, type HttpExchangeRequest, type HttpOutcome } from './http-exchange.js';

/** One request for the plain transport: the header lines come serialized (see `request-sender.ts`). */
export interface PlainExchangeRequest extends Omit<HttpExchangeRequest, 'agent' | 'servername' | 'headers'> {
  /** Header lines, each `name: value\r\n`, without `Host` (added here); values checked by {@link isSafeHeaderValue}. */
  readonly head: string;
}

/**
 * Keep-alive HTTP/1.1 over plain TCP, written for the RPC hot path: the request goes out as one write of
 * bytes built here, and the answer is parsed incrementally ({@link createResponseParser}), without node:http's
 * request, response and stream objects (about half of the client's CPU time per call on loopback).
 */
export interface PlainHttpTransport {
  /**
   * Sends one request on an idle connection to the endpoint (or a new one) and reads the whole answer. Never
   * rejects; `undefined` means the request uses something this transport does not write itself (a path
   * outside printable ASCII): the caller sends it with node:http instead.
   */
  exchange(request: PlainExchangeRequest): Promise<HttpOutcome> | undefined;
  /** Destroys every connection; exchanges in progress fail with `UNREACHABLE`. */
  close(): void;
}

/** One request on one connection, from the first byte written to the last byte read. */
interface Exchange {
  readonly parser: ResponseParser;
  delivered: boolean;
  settle(outcome: HttpOutcome): void;
  fail(error: Error): void;
}

/** A TCP connection and the exchange it carries, if any. */
interface Connection {
  readonly socket: Socket;
  readonly key: string;
  current: Exchange | undefined;
  /** When it went idle (performance.now()), and how long the server keeps idle connections (ms). */
  idleSince: number;
  idleLimitMs: number;
}

// What the raw writer accepts without escaping: printable ASCII (and tab in header values).
const SAFE_TARGET = /^[\x21-\x7e]*$/;
const SAFE_VALUE = /^[\t\x20-\x7e]*$/;
// Node's agent drops an idle connection a second before the server's announced timeout, to avoid the race.
const KEEP_ALIVE_MARGIN_MS = 1000;

/** Creates a {@link PlainHttpTransport}; each endpoint (`host:port`) keeps its own pool of idle connections. */
export function createPlainHttpTransport(): PlainHttpTransport {
  const idle = new Map<string, Connection[]>();
  const all = new Set<Connection>();
  let closed = false;

  const forget = (connection: Connection): void => {
    all.delete(connection);
    const list = idle.get(connection.key);
    const at = list?.indexOf(connection) ?? -1;
    if (at >= 0) list!.splice(at, 1);
  };

  const release = (connection: Connection, keepAliveSeconds: number | undefined): void => {
    connection.current = undefined;
    if (closed || connection.socket.destroyed) return forget(connection);
    if (keepAliveSeconds !== undefined) connection.idleLimitMs = keepAliveSeconds * 1000 - KEEP_ALIVE_MARGIN_MS;
    connection.idleSince = performance.now();
    let list = idle.get(connection.key);
    if (list === undefined) idle.set(connection.key, (list = []));
    list.push(connection);
  };

  const open = (request: PlainExchangeRequest, key: string): Connection => {
    const socket = connect({ host: request.endpoint.hostname, port: request.endpoint.port });
    socket.setNoDelay(true);
    // Never does a connection keep the process alive, idle or not: a call in progress is held by its timeout
    // timer, which is ref'd. This spares a ref()/unref() pair per call (the node:http agent unrefs idle ones).
    socket.unref();
    const connection: Connection = { socket, key, current: undefined, idleSince: 0, idleLimitMs: Infinity };
    all.add(connection);
    socket.on('data', (chunk: Buffer) => onData(connection, chunk));
    socket.on('error', (error) => {
      forget(connection);
      connection.current?.fail(error);
    });
    socket.on('close', () => {
      forget(connection);
      const exchange = connection.current;
      if (exchange === undefined) return;
      const last = exchange.parser.end();
      if (last !== undefined)
        exchange.settle({ ok: true, status: last.status, headers: last.headers, body: last.body });
      else exchange.fail(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    });
    return connection;
  };

  const onData = (connection: Connection, chunk: Buffer): void => {
    const exchange = connection.current;
    if (exchange === undefined) {
      // Nothing was asked: an idle connection that talks is broken.
      connection.socket.destroy();
      return;
    }
    let response;
    try {
      response = exchange.parser.push(chunk);
    } catch (error) {
      connection.socket.destroy();
      exchange.fail(error as Error);
      return;
    }
    if (response === undefined) return;
    if (response.reusable) release(connection, response.keepAliveSeconds);
    else {
      connection.current = undefined;
      connection.socket.destroy();
    }
    exchange.settle({ ok: true, status: response.status, headers: response.headers, body: response.body });
  };

  /** The most recently used idle connection that is still good, or a new one. */
  const acquire = (request: PlainExchangeRequest, key: string): { connection: Connection; reused: boolean } => {
    const list = idle.get(key);
    const now = performance.now();
    while (list !== undefined && list.length > 0) {
      const connection = list.pop()!;
      if (!connection.socket.destroyed && now - connection.idleSince < connection.idleLimitMs) {
        return { connection, reused: true };
      }
      all.delete(connection);
      connection.socket.destroy();
    }
    return { connection: open(request, key), reused: false };
  };

  return {
    exchange(request) {
      const bytes = requestBytes(request);
      if (bytes === undefined) return undefined;
      if (closed) {
        const error = Object.assign(new Error('the client is closed'), { code: 'ECONNABORTED' });
        return Promise.resolve(connectionFailure(error, request.endpoint, false));
      }
      const { endpoint, signal } = request;
      if (signal?.aborted === true) {
        return Promise.resolve({ ok: false, error: signal.reason as unknown, delivered: false, retryable: false });
      }
      const key = `${endpoint.hostname}:${endpoint.port}`;
      return new Promise((resolve) => {
        const { connection, reused } = acquire(request, key);
        run(connection, { request, bytes, reused, resolve });
      });
    },
    close() {
      closed = true;
      for (const connection of all) connection.socket.destroy();
      all.clear();
      idle.clear();
    },
  };
}

interface RunContext {
  readonly request: PlainExchangeRequest;
  readonly bytes: string;
  readonly reused: boolean;
  readonly resolve: (outcome: HttpOutcome) => void;
}

/** Sends the bytes on the connection and arranges the timeout, the abort signal and the outcome. */
function run(connection: Connection, context: RunContext): void {
  const { request, resolve } = context;
  const { socket } = connection;
  const signal = request.signal;
  let settled = false;
  let timedOut = false;
  const exchange: Exchange = {
    parser: createResponseParser(),
    // A reused connection is open: what is written may be read by the server.
    delivered: context.reused,
    settle(outcome) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (signal !== undefined) signal.removeEventListener('abort', onAbort);
      resolve(outcome);
    },
    fail(error) {
      if (connection.current === exchange) connection.current = undefined;
      socket.destroy();
      const delivered = exchange.delivered;
      if (signal?.aborted === true) exchange.settle({ ok: false, error: signal.reason, delivered, retryable: false });
      else if (timedOut) exchange.settle({ ok: false, error: timeoutError(request), delivered, retryable: true });
      else exchange.settle(connectionFailure(error, request.endpoint, delivered));
    },
  };
  const onAbort = (): void => exchange.fail(protocolError('aborted', 'ABORT_ERR'));
  const timer = setTimeout(() => {
    timedOut = true;
    exchange.fail(protocolError('timed out', 'ETIMEDOUT'));
  }, request.timeoutMs);
  connection.current = exchange;
  signal?.addEventListener('abort', onAbort, { once: true });
  if (!socket.connecting) {
    socket.write(context.bytes);
    return;
  }
  socket.once('connect', () => {
    exchange.delivered = true;
    if (!settled) socket.write(context.bytes);
  });
}

/** True when the raw writer can send `value` as a header value as it is (printable ASCII and tabs). */
export function isSafeHeaderValue(value: string): boolean {
  return SAFE_VALUE.test(value);
}

/** The request as one string (head and body), or undefined for a target that needs escaping node:http does. */
function requestBytes(request: PlainExchangeRequest): string | undefined {
  const { endpoint } = request;
  const target = endpoint.basePath + request.path;
  if (!SAFE_TARGET.test(target)) return undefined;
  const host = hostHeader(endpoint.hostname, endpoint.port);
  return `${request.method} ${target} HTTP/1.1\r\nhost: ${host}\r\n${request.head}\r\n${request.body ?? ''}`;
}

function hostHeader(hostname: string, port: number): string {
  const host = hostname.includes(':') ? `[${hostname}]` : hostname;
  return port === 80 ? host : `${host}:${port}`;
}
