/**
 * An express-style middleware (it also fits a bare `node:http` handler) that turns each completed request into
 * an {@link AccessLogEntry} for a sink. It is typed structurally, so this package needs no express at run time.
 */
import type { AccessLogEntry, AccessLogHeaders, AccessLogSink } from '@isobar/protocol';

/** The part of an incoming request (`http.IncomingMessage`, express `Request`) the middleware reads. */
export interface AccessLogRequestLike {
  readonly method?: string | undefined;
  /** The request-target; express rewrites it inside routers, so `originalUrl` wins when present. */
  readonly url?: string | undefined;
  readonly originalUrl?: string | undefined;
  readonly httpVersion?: string | undefined;
  readonly headers: AccessLogHeaders;
  readonly socket?: { readonly remoteAddress?: string | undefined; readonly remotePort?: number | undefined } | null;
}

/** The part of a response (`http.ServerResponse`, express `Response`) the middleware reads and wraps. */
export interface AccessLogResponseLike {
  readonly statusCode: number;
  write: (...args: never[]) => unknown;
  end: (...args: never[]) => unknown;
  once(event: 'finish' | 'close', listener: () => void): unknown;
  getHeader(name: string): number | string | readonly string[] | undefined;
}

/** Values only the application knows, read when the response completes (after authentication ran). */
export interface AccessLogMiddlewareOptions<TReq extends AccessLogRequestLike, TRes extends AccessLogResponseLike> {
  /** The authenticated user. @default `req.user` when it is a string, or its `name`/`id` string property */
  readonly user?: (req: TReq, res: TRes) => string | undefined;
  /** The request id. @default the `X-Request-Id` response header */
  readonly requestId?: (req: TReq, res: TRes) => string | undefined;
  /** Extra values for `%{key}X` and `CONTEXT_VALUE`. @default none */
  readonly context?: (req: TReq, res: TRes) => Readonly<Record<string, string | undefined>> | undefined;
  /** The instance id. @default none (the writer's `instanceId` option applies) */
  readonly instanceId?: string;
}

/** An express-compatible middleware function. */
export type AccessLogMiddleware<TReq, TRes> = (req: TReq, res: TRes, next: () => void) => void;

function defaultUser(req: AccessLogRequestLike): string | undefined {
  const user = (req as { user?: unknown }).user;
  if (typeof user === 'string') return user;
  if (typeof user !== 'object' || user === null) return undefined;
  const { name, id } = user as { name?: unknown; id?: unknown };
  if (typeof name === 'string') return name;
  return typeof id === 'string' ? id : undefined;
}

function defaultRequestId(_req: AccessLogRequestLike, res: AccessLogResponseLike): string | undefined {
  const value = res.getHeader('x-request-id');
  return value === undefined ? undefined : String(value);
}

function chunkBytes(chunk: unknown, encoding: unknown): number {
  if (typeof chunk === 'string')
    return Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  if (chunk instanceof Uint8Array) return chunk.byteLength;
  return 0;
}

/** Wraps `write`/`end` to count body bytes as they are handed to Node (works for chunked bodies too). */
function countBodyBytes(res: AccessLogResponseLike): { bytes: number } {
  const counter = { bytes: 0 };
  const { write, end } = res;
  res.write = function (this: unknown, ...args: unknown[]) {
    counter.bytes += chunkBytes(args[0], args[1]);
    return Reflect.apply(write, this, args) as unknown;
  };
  res.end = function (this: unknown, ...args: unknown[]) {
    if (typeof args[0] !== 'function') counter.bytes += chunkBytes(args[0], args[1]);
    return Reflect.apply(end, this, args) as unknown;
  };
  return counter;
}

/** Body bytes actually sent: none for HEAD and for statuses that cannot carry a body (Node drops it). */
function bodyBytes(method: string, status: number, counted: number): number {
  if (method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200)) return 0;
  return counted;
}

function splitTarget(target: string): { path: string; query: string } {
  const mark = target.indexOf('?');
  return mark < 0 ? { path: target, query: '' } : { path: target.slice(0, mark), query: target.slice(mark + 1) };
}

/**
 * Creates a middleware that writes one entry per request to `sink` when the response finishes (or the
 * connection closes first). Mount it first so that the measured time covers the whole pipeline.
 *
 * @example
 * ```ts
 * app.use(createAccessLogMiddleware(writer, { user: (req) => req.auth?.user }));
 * ```
 */
export function createAccessLogMiddleware<TReq extends AccessLogRequestLike, TRes extends AccessLogResponseLike>(
  sink: Pick<AccessLogSink, 'write'>,
  options: AccessLogMiddlewareOptions<TReq, TRes> = {},
): AccessLogMiddleware<TReq, TRes> {
  const user = options.user ?? defaultUser;
  const requestId = options.requestId ?? defaultRequestId;
  const { context, instanceId } = options;
  return (req, res, next) => {
    const received = new Date();
    const start = performance.now();
    const target = req.originalUrl ?? req.url ?? '';
    // Read now: once the connection is gone the socket no longer knows its peer.
    const remoteAddress = req.socket?.remoteAddress;
    const remotePort = req.socket?.remotePort;
    const counter = countBodyBytes(res);
    let recorded = false;
    const record = (): void => {
      if (recorded) return;
      recorded = true;
      const method = req.method ?? '';
      const entry: AccessLogEntry = {
        received,
        durationMs: performance.now() - start,
        remoteAddress,
        remotePort,
        method,
        ...splitTarget(target),
        target,
        protocol: `HTTP/${req.httpVersion ?? '1.1'}`,
        status: res.statusCode,
        bytesOut: bodyBytes(method, res.statusCode, counter.bytes),
        headers: req.headers,
        user: user(req, res),
        requestId: requestId(req, res),
        instanceId,
        context: context?.(req, res),
      };
      sink.write(entry);
    };
    res.once('finish', record);
    res.once('close', record);
    next();
  };
}
