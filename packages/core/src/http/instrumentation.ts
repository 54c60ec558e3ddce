/** What instrumentation hears when a request arrives. */
export interface RequestStartInfo {
  readonly requestId: string;
  readonly method: string;
  /** Path without the query. */
  readonly path: string;
  readonly remoteAddress: string;
}

/** What instrumentation hears when a response is complete (or the client went away). */
export interface RequestEndInfo extends RequestStartInfo {
  readonly status: number;
  readonly durationMs: number;
  /** The RPC method, when the request was one. */
  readonly rpcMethod?: string;
  /** The authenticated user, if any. */
  readonly user?: string;
  /** Body bytes sent. */
  readonly bytesOut: number;
}

/**
 * Hooks for embedders (tracing, custom metrics). They run on the request path, so they must be quick; an
 * exception thrown by a hook is logged and otherwise ignored.
 */
export interface Instrumentation {
  readonly onRequest?: (info: RequestStartInfo) => void;
  readonly onResponse?: (info: RequestEndInfo) => void;
}
