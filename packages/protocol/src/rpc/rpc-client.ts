import { IsobarError, hasErrorCode, isIsobarError } from '../errors/isobar-error.js';
import { createAuthState, type LoginResult } from './auth-state.js';
import { decodeReply } from './decode-reply.js';
import { createEndpointSelector } from './endpoint-selector.js';
import type { HttpOutcome } from './http-exchange.js';
import { createRequestSender, type SendRequest } from './request-sender.js';
import { RETRYABLE_ANSWERS, backoffDelay, sleep } from './retry-policy.js';
import {
  resolveRpcClientOptions,
  type ResolvedRpcClientOptions,
  type RpcClientOptions,
  type RpcEndpoint,
} from './rpc-client-options.js';

/** Per-call options. */
export interface RpcCallOptions {
  /** Aborts the call (and any retry); the call then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for each try of this call. */
  readonly timeoutMs?: number;
}

/** A connection to an Isobar server (and its fail-over replicas) speaking the RPC envelope over HTTP(S). */
export interface RpcClient {
  /**
   * Calls `POST /v1/rpc/<method>` with `args` as the JSON body and resolves to the envelope's value.
   * Rejects with the server's {@link IsobarError}, or `UNREACHABLE`, `TIMEOUT` or `BAD_RESPONSE`.
   *
   * @example
   * ```ts
   * const tree = await client.call<TreeNode>('getTree', { path: '/suite' });
   * ```
   */
  call<T = unknown>(method: string, args?: object, options?: RpcCallOptions): Promise<T>;
  /** Logs in with `POST /v1/auth/login`; later requests carry the returned bearer token. */
  login(user: string, password: string, options?: RpcCallOptions): Promise<LoginResult>;
  /** Ends the session with `POST /v1/auth/logout` and forgets the token. */
  logout(options?: RpcCallOptions): Promise<void>;
  /** `GET <path>` (such as `/v1/health`); plain JSON or an envelope, whose value is returned. */
  getJson<T = unknown>(path: string, options?: RpcCallOptions): Promise<T>;
  /** The base URL that answered last (where the next call starts). */
  currentUrl(): string;
  /** Closes every connection; calls made afterwards fail with `UNREACHABLE`. */
  close(): void;
}

/** One request as the retry loop sees it. */
interface PreparedRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body: string | undefined;
  /** May be sent again although the server may have received it. */
  readonly safe: boolean;
  /** Carries the client's credentials (and may renew them once on 419). */
  readonly authenticated: boolean;
  /** Accepts plain JSON besides envelopes. */
  readonly allowPlain: boolean;
}

const METHOD_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,127}$/;

/**
 * Creates an {@link RpcClient}. Options are validated once ({@link resolveRpcClientOptions}); connections
 * are kept alive between calls; {@link RpcClient.close} releases them so the process can exit.
 *
 * @example
 * ```ts
 * const client = createRpcClient({ urls: ['http://127.0.0.1:3141'], auth: { kind: 'login', user, password } });
 * const pong = await client.call('ping');
 * client.close();
 * ```
 */
export function createRpcClient(options: RpcClientOptions): RpcClient {
  const resolved = resolveRpcClientOptions(options);
  const { endpoints } = resolved;
  const sender = createRequestSender(resolved);
  const selector = createEndpointSelector(endpoints, resolved.retry.banMs);
  let closed = false;

  const perform = (request: PreparedRequest, callOptions: RpcCallOptions = {}): Promise<unknown> => {
    if (closed) return Promise.reject(closedError(endpoints));
    const send = sender.send;
    return performWithRetries({ request, callOptions, resolved, selector, auth, send, isClosed: () => closed });
  };
  const requestLogin = async (user: string, password: string, callOptions?: RpcCallOptions): Promise<LoginResult> => {
    const body = JSON.stringify({ user, password });
    const request = { method: 'POST', path: '/v1/auth/login', body, safe: true, authenticated: false } as const;
    return parseLoginResult(await perform({ ...request, allowPlain: false }, callOptions));
  };
  const auth = createAuthState(resolved.auth, resolved.onAuthExpired, requestLogin);

  return {
    call<T>(method: string, args: object = {}, callOptions?: RpcCallOptions): Promise<T> {
      const body = encodeCall(method, args);
      if (typeof body !== 'string') return Promise.reject(body);
      const safe = resolved.isSafeToRetry(method);
      const request = { method: 'POST', path: `/v1/rpc/${method}`, body, safe, authenticated: true } as const;
      return perform({ ...request, allowPlain: false }, callOptions) as Promise<T>;
    },
    async login(user, password, callOptions) {
      const result = await requestLogin(user, password, callOptions);
      auth.setToken(result.token);
      return result;
    },
    async logout(callOptions) {
      if (auth.token() === undefined) return;
      const request = { method: 'POST', path: '/v1/auth/logout', body: '{}', safe: true, authenticated: true } as const;
      await perform({ ...request, allowPlain: true }, callOptions);
      auth.setToken(undefined);
    },
    getJson<T>(path: string, callOptions?: RpcCallOptions): Promise<T> {
      if (!path.startsWith('/')) {
        return Promise.reject(invalidArgument(`the path must start with "/": ${JSON.stringify(path)}`));
      }
      const request = { method: 'GET', path, body: undefined, safe: true, authenticated: true } as const;
      return perform({ ...request, allowPlain: true }, callOptions) as Promise<T>;
    },
    currentUrl: () => selector.pick(new Set()).url,
    close() {
      closed = true;
      sender.close();
    },
  };
}

/** What the retry loop needs besides the request. */
interface RetryLoopContext {
  readonly request: PreparedRequest;
  readonly callOptions: RpcCallOptions;
  readonly resolved: ResolvedRpcClientOptions;
  readonly selector: ReturnType<typeof createEndpointSelector>;
  readonly auth: ReturnType<typeof createAuthState>;
  readonly send: (endpoint: RpcEndpoint, request: SendRequest) => Promise<HttpOutcome>;
  /** True once the client is closed: a retry must not open a new connection then. */
  readonly isClosed: () => boolean;
}

/**
 * Sends a request until it has an answer worth returning. Another try happens only when it cannot run the
 * method twice: the method is safe to retry, or the request never left this process. Unreachable URLs are
 * banned and the next one is tried at once; a URL already tried waits a doubling back-off first.
 */
async function performWithRetries(context: RetryLoopContext): Promise<unknown> {
  const { request, callOptions, resolved, selector, auth } = context;
  const maxTries = Math.max(resolved.retry.attempts, resolved.endpoints.length);
  const tried = new Set<string>();
  let renewed = false;
  let delayed = 0;
  for (let tries = 1; ; tries++) {
    if (context.isClosed()) throw closedError(resolved.endpoints);
    const endpoint = selector.pick(tried);
    let authorization: string | undefined;
    if (request.authenticated) {
      // Only a pending lazy login makes this asynchronous; the hot path stays free of extra awaits.
      const pending = context.auth.authorization();
      authorization = typeof pending === 'object' ? await pending : pending;
    }
    const outcome = await context.send(endpoint, {
      method: request.method,
      path: request.path,
      body: request.body,
      authorization,
      timeoutMs: callOptions.timeoutMs ?? resolved.timeoutMs,
      signal: callOptions.signal,
    });
    tried.add(endpoint.url);
    let error: unknown;
    if (outcome.ok) {
      selector.succeeded(endpoint);
      try {
        return decodeReply(outcome, endpoint.url, request.allowPlain);
      } catch (answer) {
        error = answer;
      }
      // The server refused the stale token before running anything, so one retry is always safe.
      if (hasErrorCode(error, 'AUTH_EXPIRED') && request.authenticated && !renewed) {
        renewed = true;
        if (await auth.renew()) {
          tried.delete(endpoint.url);
          tries--;
          continue;
        }
      }
      if (!request.safe || !isIsobarError(error) || !RETRYABLE_ANSWERS.has(error.code)) throw error;
    } else {
      error = outcome.error;
      if (!outcome.retryable) throw error;
      selector.failed(endpoint);
      if (!request.safe && outcome.delivered) throw error;
    }
    if (tries >= maxTries) throw error;
    const next = selector.pick(tried);
    await sleep(tried.has(next.url) ? backoffDelay(resolved.retry, delayed++) : 0, callOptions.signal);
  }
}

/** The JSON body of a call, or the error that stops it before anything is sent. */
function encodeCall(method: string, args: object): string | IsobarError {
  if (typeof method !== 'string' || !METHOD_NAME.test(method)) {
    return invalidArgument(`not an RPC method name: ${JSON.stringify(method)}`);
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    return invalidArgument('the arguments of an RPC call must be a JSON object');
  }
  try {
    return JSON.stringify(args);
  } catch (cause) {
    return invalidArgument(`the arguments cannot be sent as JSON (${String(cause)})`, cause);
  }
}

function parseLoginResult(value: unknown): LoginResult {
  const result = value as Partial<LoginResult> | null;
  if (typeof result !== 'object' || result === null || typeof result.token !== 'string' || result.token === '') {
    throw new IsobarError('BAD_RESPONSE', { details: { reason: 'the login answer has no token' } });
  }
  const roles = Array.isArray(result.roles) ? result.roles.filter((r): r is string => typeof r === 'string') : [];
  return { token: result.token, expiresAt: typeof result.expiresAt === 'string' ? result.expiresAt : '', roles };
}

function invalidArgument(reason: string, cause?: unknown): IsobarError {
  return new IsobarError('INVALID_ARGUMENT', { details: { reason }, cause });
}

function closedError(endpoints: readonly RpcEndpoint[]): IsobarError {
  return new IsobarError('UNREACHABLE', {
    details: { url: endpoints.map((e) => e.url).join(', '), reason: 'the client is closed' },
  });
}
