/**
 * The record of one completed HTTP request, as the server, the REST bridge and embedders hand it to an access
 * log. It is plain data so that any producer (express middleware, a raw `node:http` handler, a test) can fill it
 * and any sink (`@isobar/access-log`, a metrics exporter) can read it without knowing the HTTP stack.
 */

/**
 * Request header values as `node:http` exposes them (`IncomingHttpHeaders`): names in lower case, repeated
 * headers either joined by `, ` or given as an array (an array's first value is the one logged).
 */
export type AccessLogHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * One completed request.
 *
 * @example
 * ```ts
 * const entry: AccessLogEntry = {
 *   received: new Date(),
 *   durationMs: 0.252,
 *   remoteAddress: '::1',
 *   remotePort: 49574,
 *   method: 'POST',
 *   path: '/test',
 *   query: '',
 *   protocol: 'HTTP/1.1',
 *   status: 200,
 *   bytesOut: 0,
 * };
 * ```
 */
export interface AccessLogEntry {
  /** When the request was received (the start of the measured processing time). */
  readonly received: Date;
  /** Wall-clock time from `received` to the end of the response, in (fractional) milliseconds. */
  readonly durationMs: number;
  /** The peer's IP address as the socket reports it (`::ffff:`-mapped IPv4 is logged as plain IPv4). */
  readonly remoteAddress?: string | undefined;
  /** The peer's TCP port. */
  readonly remotePort?: number | undefined;
  /** The request method, e.g. `GET`. */
  readonly method: string;
  /** The path as sent on the request line, still percent-encoded and without the query. */
  readonly path: string;
  /** The raw query string without the leading `?`; `''` when there is none. */
  readonly query: string;
  /**
   * The request-target exactly as sent (path plus `?query`), when it differs from `path` + `?` + `query`
   * (for instance a bare trailing `?`). Logged by `%r`; defaults to `path` and `query` joined.
   */
  readonly target?: string | undefined;
  /** The protocol as on the request line, e.g. `HTTP/1.1`. @default 'HTTP/1.1' */
  readonly protocol?: string | undefined;
  /** The status sent; `0` when none was ever set. */
  readonly status: number;
  /** Body bytes sent to the client, headers excluded. */
  readonly bytesOut: number;
  /** The request headers (lower-case names). */
  readonly headers?: AccessLogHeaders | undefined;
  /** The authenticated user the request ran as, if any. */
  readonly user?: string | undefined;
  /** The request id (the `X-Request-Id` the server answered with). */
  readonly requestId?: string | undefined;
  /** The id of the server instance that handled the request. */
  readonly instanceId?: string | undefined;
  /** Further values the application exposes to the log (Granitic's context filter), by key. */
  readonly context?: Readonly<Record<string, string | undefined>> | undefined;
}

/**
 * Where completed requests go. The server and the bridges produce entries and call {@link AccessLogSink.write};
 * the launcher that created the sink owns its lifecycle (`flush`, `reopen` on SIGHUP, `close` on shutdown).
 */
export interface AccessLogSink {
  /**
   * Records one entry. Never throws for I/O problems (they go to the sink's logger). Returns `false` when the
   * caller should slow down (the sink had to write synchronously or its stream is applying backpressure) or
   * when the sink is closing and the entry was dropped.
   */
  write(entry: AccessLogEntry): boolean;
  /** Resolves once every entry accepted so far has been handed to the operating system or stream. */
  flush(): Promise<void>;
  /** True when nothing is queued and no write is in flight (Granitic's `ReadyToStop`). */
  readyToStop(): boolean;
  /** Writes what is queued to the current target, then reopens it (log rotation; launchers call it on SIGHUP). */
  reopen(): Promise<void>;
  /** Stops accepting entries, writes what is queued and releases the target. Idempotent. */
  close(): Promise<void>;
}
